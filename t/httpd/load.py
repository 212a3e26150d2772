def register(reg, t):
    pass
