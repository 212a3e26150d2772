"""Issue 15 review: the content-addressed response still streams.

A page known by its bytes waits for its hash before the </body> finder runs, and its
bytes wait with it.  That is only safe across calls of the filter when a pause of the
source reaches the filter (mod_proxy_http's FLUSH, a CGI pipe's EAGAIN).  A CMS behind
mod_proxy_fcgi (PHP-FPM; flushpackets off, the default) just passes what it has and
goes on working, and so does a handler inside the server (mod_lua, mod_php): their
first bytes must go to the client before they pause, as they did before the hash wait,
on the first view (parsed) and on the hit (no parse).

The FastCGI responder is a thread of this process (fcgi_serve): it sends the first
half of the page, thinks PAUSE seconds, sends the rest.  Registered by tests.py;
`t/httpd/run review15_`.
"""

import socket
import struct
import threading

import harness
from harness import check, check_eq

T = None
PAUSE = 2.0
# a handler inside the server (mod_lua here, mod_php alike): r:puts passes the bytes on
# through ap_rwrite's buffer (8 KB: the first 9,000 bytes go on), no FLUSH, then the
# script thinks
LUA = b"""
function handle(r)
  r.content_type = "text/html; charset=utf-8"
  local f = io.open(r.document_root .. "/data/page.html", "rb")
  local d = f:read("*a")
  f:close()
  local half = 9000
  r:puts(d:sub(1, half))
  os.execute("sleep %s")
  r:puts(d:sub(half + 1))
  return apache2.OK
end
"""
CONF = r"""
<Location /lua/>
    SetHandler lua-script
    GikReport On
</Location>
ProxyPass /fc/ fcgi://127.0.0.1:{FCGI}/
<Location /fc/>
    GikReport On
</Location>
<Location /gik-status>
    SetHandler gikreport-status
</Location>
"""


def _record(kind, rid, data):
    return struct.pack(">BBHHBx", 1, kind, rid, len(data), 0) + data


def _answer(conn, page):
    """One FastCGI request: read up to the empty STDIN record, answer in two halves."""
    buf, rid = b"", 1
    with conn:
        while True:
            while len(buf) < 8:
                d = conn.recv(65536)
                if not d:
                    return
                buf += d
            _, kind, rid, n, pad = struct.unpack(">BBHHBx", buf[:8])
            while len(buf) < 8 + n + pad:
                buf += conn.recv(65536)
            buf = buf[8 + n + pad:]
            if kind == 5 and n == 0:          # FCGI_STDIN, empty: the request is in
                break
        half = len(page) // 2
        conn.sendall(_record(6, rid, b"Content-Type: text/html; charset=utf-8\r\n\r\n"
                             + page[:half]))
        threading.Event().wait(PAUSE)
        conn.sendall(_record(6, rid, page[half:]) + _record(6, rid, b"")
                     + _record(3, rid, b"\0" * 8))


def fcgi_serve(page):
    """A FastCGI responder on a free loopback port, for this process's lifetime."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)

    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=_answer, args=(c, page), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def make_server(name):
    port = fcgi_serve(T.FILES["r/utf8/seed1.html"])
    srv = harness.Httpd(name, module_path=T.MODULE,
                        modules=harness.DEFAULT_MODULES + ["proxy", "proxy_fcgi", "lua"],
                        conf_extra=CONF.replace("{FCGI}", str(port)), files={
                            "data/page.html": T.FILES["r/utf8/seed1.html"],
                            "lua/page.lua": LUA % str(PAUSE).encode()})
    srv.prepare()
    return srv


def _streams(rt, path):
    """path pauses halfway: its first half reaches the client before the pause ends,
    parsed and hit, and both views are the same badged page."""
    import test_content_cache as cc
    srv = rt.server("review15")
    page = T.FILES["r/utf8/seed1.html"]
    bodies = []
    for what, parses, hits in (("first view", 1, 0), ("again", 0, 1)):
        c0 = T.status_json(srv)["counters"]
        resp, first = cc._timed_get(srv, path)
        c1 = T.status_json(srv)["counters"]
        check_eq(resp.status, 200, "%s: status" % what)
        check(first < PAUSE * 0.75, "%s: the body began after %.2f s, the CMS paused "
              "%.1f s halfway: its first half was held", what, first, PAUSE)
        check_eq(c1["parses"] - c0["parses"], parses, "%s: parses delta" % what)
        check_eq(c1["cache_hits"] - c0["cache_hits"], hits, "%s: cache_hits delta" % what)
        T.check_report_response(path, resp, page)
        bodies.append(resp.body)
    harness.assert_bytes_equal(bodies[1], bodies[0], "hit vs first view")


def review15_fcgi_streams(rt):
    """A CMS behind mod_proxy_fcgi (PHP-FPM's place) pausing halfway still streams."""
    _streams(rt, "/fc/page.html")


def review15_lua_streams(rt):
    """A page made inside the server (mod_lua) pausing halfway still streams."""
    _streams(rt, "/lua/page.lua")


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["review15"] = make_server
    reg.test()(review15_fcgi_streams)
    reg.test()(review15_lua_streams)
