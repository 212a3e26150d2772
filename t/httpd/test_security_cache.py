"""Shared-cache entries are authenticated (issue 9, point 10; audit I4).

`t/httpd/run sec_cache`.  Whoever can write to a shared redis (no authentication by
default) must not decide verdicts.  Two servers use one redis: S with
GikReportCacheKeyFile (entries carry an HMAC-SHA256), U without.  Each checks the passing
report once; then the test, as an attacker with write access to redis, rewrites every
entry that says "pass" into "fail, 9 errors" (R entries) and "status": "fail" (JSON
documents), and restarts both servers gracefully (new children, empty per-child caches).

* U serves the forged verdict: the control, it shows the forgery is effective;
* S rejects the forged entries (GIK00023 in its log), parses again and badges "pass";
* U logged the startup warning that an unkeyed shared cache must be private (GIK00024),
  S did not.
"""

import contextlib
import json
import socket

from harness import check, check_eq
import secfix
import test_shared_cache as shared

T = None

CONF = r"""
AddType text/html .html
<Directory "{DOCROOT}/r">
    GikReport On
</Directory>
<Location /gik-status>
    SetHandler gikreport-status
</Location>
GikReportCache redis:127.0.0.1:%(port)d
%(key)s
"""


def _resp(sock_file, sock, *args):
    """One redis command in RESP; the reply as Python values."""
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock.sendall(out)
    return _read_reply(sock_file)


def _read_reply(f):
    line = f.readline()
    kind, rest = line[:1], line[1:-2]
    if kind in (b"+", b":"):
        return rest
    if kind == b"-":
        raise AssertionError("redis error: %r" % rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2]
    if kind == b"*":
        return [_read_reply(f) for _ in range(int(rest))]
    raise AssertionError("redis reply %r" % line)


FORGERIES = [(b"gik3 1 0 pass 0 0 0", b"gik3 1 0 fail 9 0 0"),
             (b'"status": "pass"', b'"status": "fail"')]


def _forge(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    f = s.makefile("rb")
    n = 0
    try:
        for k in _resp(f, s, "KEYS", "*"):
            v = _resp(f, s, "GET", k)
            if v is None:
                continue
            w = v
            for a, b in FORGERIES:
                w = w.replace(a, b)
            if w != v:
                _resp(f, s, "SET", k, w, "KEEPTTL")
                n += 1
    finally:
        f.close()
        s.close()
    return n


def _server(name, port, keyed, pages):
    key = 'GikReportCacheKeyFile "{TMP}/conf/cachekey"' if keyed else ""
    s = T.harness.Httpd(name, module_path=T.MODULE, files=pages,
                        conf_extra=CONF % {"port": port, "key": key},
                        modules=T.harness.DEFAULT_MODULES + ["socache_redis"])
    s.prepare()
    with open(s.path("conf", "cachekey"), "w") as f:
        f.write("a-test-key-of-forty-bytes-0123456789abcd\n")
    return s


@contextlib.contextmanager
def keyed_and_unkeyed(prefix, files):
    """One redis and two started servers that use it: S with GikReportCacheKeyFile, U
    without."""
    shared.need_binary(shared.REDIS_SERVER, "redis-server")
    shared.need_module("socache_redis")
    redis = shared.Daemon("redis")
    servers = []
    try:
        redis.start()
        servers = [_server(prefix + "S", redis.port, True, files),
                   _server(prefix + "U", redis.port, False, files)]
        for srv in servers:
            srv.start()
        yield redis, servers[0], servers[1]
    finally:
        for srv in servers:
            srv.stop()
        redis.stop()


def sec_cache_forged_entries(rt):
    pg = secfix.pages(T.TOP)
    with keyed_and_unkeyed("seccache", {"r/good.html": pg["good"]}) as (redis, S, U):
        servers = [S, U]
        for srv in servers:
            r = srv.get("/r/good.html")
            check(b'data-gik-status="pass"' in r.body, "%s: first view not pass", srv.name)
            check_eq(srv.get("/r/good.html.gik.json").status, 200, srv.name + " companion")
        forged = _forge(redis.port)
        check(forged >= 2, "the attacker found only %d entries to forge", forged)
        for srv in servers:
            srv.mark()
            srv.graceful()
        r = U.get("/r/good.html")
        check(b'data-gik-status="fail"' in r.body,
              "control: the unkeyed server did not take the forged entry (test is void)")
        r = S.get("/r/good.html")
        check(b'data-gik-status="pass"' in r.body,
              "the keyed server served a forged verdict: %s", r.describe().splitlines()[0])
        d = json.loads(S.get("/r/good.html.gik.json").body)
        check_eq(d["summary"]["status"], "pass", "the keyed server's companion verdict")
        check("GIK00023" in S.error_log(), "no authentication failure logged by S")
        check("GIK00024" in U.error_log() and "GIK00024" not in S.error_log(),
              "the startup warning about an unkeyed shared cache: U %s, S %s",
              "GIK00024" in U.error_log(), "GIK00024" in S.error_log())


def register(reg, tests_module):
    global T
    T = tests_module
    reg.test()(sec_cache_forged_entries)
