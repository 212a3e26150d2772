"""Shared fixtures of the security tests (test_security_*.py, issue 9).

Pages: GOOD is t/fixtures/generated/cms-utf-8-2019.html (石门县吉星岗乡人民政府, passes);
BAD is the same file with one row of table B changed 6/6 -> 7/7: the same length, three
errors (checked by hand with `filters/gikreport check --json`).  REAL2023 is
word-gbk-2021.html (a 2023 report in GBK); FAKE2022 is its bytes re-dated one year back,
whose carried-forward row contradicts REAL2023's carried-over row (PREV-YEAR errors when
taken as last year's report).
"""

import base64
import hashlib
import os
import socket
import time

from harness import TestFailure

USER, PASSWORD = "gik", "s3cret-pass"
BASIC = "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()

# the lines of a <Directory> that asks for USER's password
BASIC_AUTH_CONF = """    AuthType Basic
    AuthName "gikreport security"
    AuthBasicProvider file
    AuthUserFile "{TMP}/conf/htpasswd"
    Require valid-user
"""

MODULES_EXTRA = ["authz_host", "rewrite", "cgid", "actions"]


def _read(top, rel):
    with open(os.path.join(top, rel), "rb") as f:
        return f.read()


def pages(top):
    good = _read(top, "t/fixtures/generated/cms-utf-8-2019.html")
    row = b"<td>6</td><td>6</td></tr>"
    if good.count(row) != 1:
        raise TestFailure("cms-utf-8-2019.html: the row the tests change is not unique")
    bad = good.replace(row, b"<td>7</td><td>7</td></tr>")
    real = _read(top, "t/fixtures/generated/word-gbk-2021.html")
    fake = real.replace(b"2023", b"2022").replace(b"2024", b"2023")
    return {"good": good, "bad": bad, "real2023": real, "fake2022": fake}


def write_htpasswd(srv):
    with open(srv.path("conf", "htpasswd"), "w") as f:
        f.write("%s:{SHA}%s\n" % (USER, base64.b64encode(
            hashlib.sha1(PASSWORD.encode()).digest()).decode()))
    os.chmod(srv.path("conf", "htpasswd"), 0o644)


def cgi(body_sh):
    """A /bin/sh CGI script."""
    return ("#!/bin/sh\n" + body_sh).encode()


def make_executable(srv, rels):
    for rel in rels:
        os.chmod(os.path.join(srv.docroot, rel), 0o755)


def timed_get(srv, path, headers=None):
    t0 = time.time()
    r = srv.get(path, headers=headers)
    return r, time.time() - t0


def status_json(srv, path="/gik-status?json", headers=None):
    import json
    r = srv.get(path, headers=headers)
    if r.status != 200:
        raise TestFailure("%s: %s" % (path, r.describe().splitlines()[0]))
    return json.loads(r.body.decode("utf-8"))


def chunked_put(srv, path, body, chunk=65536):
    """A chunked PUT on a raw socket; the status (the server may answer before the end)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    try:
        s.sendall(("PUT %s HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                   "Connection: close\r\n\r\n" % path).encode())
        try:
            for i in range(0, len(body), chunk):
                part = body[i:i + chunk]
                s.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass    # the server may answer and close before the whole body
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
        return int(data.split(b" ", 2)[1])
    finally:
        s.close()


def register_tests(reg, tests_module, server_name, make_server, fns, quick=()):
    """Registers a security test file's server factory and tests."""
    tests_module.EXTRA_SERVERS[server_name] = make_server
    for fn in fns:
        reg.test(quick=fn in quick)(fn)
