"""Results addressed by content, validators, companions with dbm (issues 15 and 12.6).

A page whose version is not known up front -- a CGI answer without an ETag, a file
whose modification time changed while its bytes did not (a farm server's copy) -- is
recognised by a hash of its bytes: the second view costs no parse, and any changed
byte gives a new verdict.  A weak ETag from the origin stays weak with our suffix, and
If-None-Match with it gets a 304.  With GikReportCache dbm (sdbm: 1 KB entries) the
companion of a cached page is served without a parse, and its checked.at is the
badge's.

Oracles: the status handler's counters (parses, cache_hits), the request note, the
bytes of the page (tests.check_report_response: the body minus the badge is the
file), the response headers.  Registered by tests.py; `t/httpd/run content_cache_`.
"""

import datetime
import json
import os
import re
import time

import harness
from harness import check, check_eq, find_badges

T = None

CGI_SH = b"""#!/bin/sh
# the page as a CMS would render it: no ETag%s
printf 'Content-Type: text/html; charset=utf-8\\r\\n%s\\r\\n'
exec cat "$DOCUMENT_ROOT/data/page.html"
"""

CGI_SLOW = b"""#!/bin/sh
# a CMS that sends the first half of the page and then thinks for a while
printf 'Content-Type: text/html; charset=utf-8\\r\\n\\r\\n'
head -c %d "$DOCUMENT_ROOT/data/%s"
sleep %s
tail -c +%d "$DOCUMENT_ROOT/data/%s"
"""
SLOW_PAUSE = 2.0

# A page whose last real </body> is followed by look-alikes in a comment and a
# script: a hit must put the badge where the parse of the same bytes did.
TRICKY_TAIL = (b"</body>\n<!-- </body> -->\n<script>var s = '</body>';</script>\n"
               b"</html>\n")

CONF = r"""
AddType text/html .html
ScriptSock "{TMP}/run/cgisock"
<Directory "{DOCROOT}/r">
    GikReport On
</Directory>
<Directory "{DOCROOT}/cgi">
    Options +ExecCGI
    SetHandler cgi-script
    GikReport On
</Directory>
# a backend on the same server, and a proxy in front of it
# (the CGI answers If-None-Match itself: ap_scan_script_header_err)
Alias /plain-cgi/ "{DOCROOT}/cgi/"
Alias /plain-none/ "{DOCROOT}/data/"
<Location /plain-cgi/>
    GikReport Off
</Location>
<Location /plain-none/>
    FileETag None
</Location>
ProxyPass /px/weak.html http://127.0.0.1:{PORT}/plain-cgi/weak.cgi
ProxyPass /px/none/ http://127.0.0.1:{PORT}/plain-none/
ProxyPass /px/slow.html http://127.0.0.1:{PORT}/plain-cgi/slow.cgi
<Location /px/>
    GikReport On
</Location>
<Location /gik-status>
    SetHandler gikreport-status
</Location>
{CACHE}
"""


def make_server(name):
    cache = {"contentcache": "", "contentdbm": "GikReportCache dbm:{TMP}/var/gikcache"}[name]
    page = T.FILES["r/utf8/seed1.html"]
    srv = harness.Httpd(name, module_path=T.MODULE,
                        modules=harness.DEFAULT_MODULES + ["cgid", "proxy", "proxy_http"],
                        conf_extra=CONF.replace("{CACHE}", cache), files={
                            "r/page.html": page,
                            "data/page.html": page,
                            "data/tricky.html": tricky_page(page),
                            "cgi/noetag.cgi": CGI_SH % (b"", b""),
                            "cgi/slow.cgi": CGI_SLOW % (len(page) // 2, b"page.html",
                                                        str(SLOW_PAUSE).encode(),
                                                        len(page) // 2 + 1, b"page.html"),
                            "cgi/weak.cgi": CGI_SH % (b" but a weak one",
                                                      b'ETag: W/"v1"\\r\\n'),
                            "cgi/strong.cgi": CGI_SH % (b" but a strong one",
                                                        b'ETag: "v1"\\r\\n'),
                        })
    srv.prepare()
    for n in ("noetag", "weak", "strong", "slow"):
        os.chmod(os.path.join(srv.docroot, "cgi", n + ".cgi"), 0o755)
    return srv


def tricky_page(page):
    head = page[:page.rindex(b"</body>")]
    return head + TRICKY_TAIL


def counters(srv):
    return T.status_json(srv)["counters"]


def view(srv, path, parses, hits, what):
    """GET path; the counters must move by exactly (parses, hits)."""
    c0 = counters(srv)
    req = T.rid()
    r = srv.get(path, req_id=req)
    c1 = counters(srv)
    check(r.status == 200, "%s: GET %s: %s", what, path, r.describe())
    check_eq(c1["parses"] - c0["parses"], parses, "%s: parses delta" % what)
    check_eq(c1["cache_hits"] - c0["cache_hits"], hits, "%s: cache_hits delta" % what)
    return r, front_note(srv, req)


def front_note(srv, req):
    """The request note of the front request carrying req: a proxied request's
    backend request (the same server, the same X-Gik-Test-Id) logs none."""
    srv.access_note(req)        # waits until it is logged
    notes = re.findall(r'gik="([^"]*)" id="%s"' % re.escape(req), srv.access_log())
    notes = [n for n in notes if n != "-"]
    return notes[-1] if notes else None


def content_cache_cgi(rt):
    """A CGI page without an ETag: parsed once, then known by its bytes."""
    srv = rt.server("contentcache")
    page = T.FILES["r/utf8/seed1.html"]
    doc = T.cli_json(os.path.join(srv.docroot, "data", "page.html"))
    r1, _ = view(srv, "/cgi/noetag.cgi", 1, 0, "first view")
    T.check_report_response("/cgi/noetag.cgi", r1, page, doc["summary"])
    check(r1.header("ETag") is None, "no ETag was invented: %s", r1.header("ETag"))
    r2, note = view(srv, "/cgi/noetag.cgi", 0, 1, "same bytes again")
    check(note is not None and note.endswith(" cached"), "note %r should end in ' cached'",
          note)
    harness.assert_bytes_equal(r2.body, r1.body, "second view (badge included)")
    # the companion: no parse either, the JSON stored with the result
    c0 = counters(srv)
    comp = T.companion(srv, "/cgi/noetag.cgi")
    check_eq(counters(srv)["parses"] - c0["parses"], 0, "companion of a cached CGI page: "
             "parses delta")
    check_eq(comp["summary"], doc["summary"], "companion summary vs the CLI's")
    # one byte changed (outside the tables): a new verdict
    changed = page.replace(b"</body>", b"<p>x</p></body>", 1)
    check(changed != page, "the page has a </body>")
    srv.write_file("data/page.html", changed)
    r3, note = view(srv, "/cgi/noetag.cgi", 1, 0, "one byte changed")
    T.check_report_response("/cgi/noetag.cgi", r3, changed, doc["summary"])
    check(note is not None and not note.endswith(" cached"), "note %r: parsed, not cached",
          note)
    view(srv, "/cgi/noetag.cgi", 0, 1, "the changed page again")
    srv.write_file("data/page.html", page)


def content_cache_proxy(rt):
    """Proxied without an ETag: known by its bytes the second time.  Proxied with a
    weak one: it stays weak, and If-None-Match with it gets a 304."""
    srv = rt.server("contentcache")
    page = T.FILES["r/utf8/seed1.html"]
    r1, _ = view(srv, "/px/none/page.html", 1, 0, "proxied, no ETag, first view")
    T.check_report_response("/px/none/page.html", r1, page)
    check(r1.header("ETag") is None, "no ETag was invented: %s", r1.header("ETag"))
    r2, note = view(srv, "/px/none/page.html", 0, 1, "proxied, no ETag, again")
    check(note is not None and note.endswith(" cached"), "note %r", note)
    harness.assert_bytes_equal(r2.body, r1.body, "second proxied view (badge included)")
    r = srv.get("/px/weak.html")
    etag = r.header("ETag") or ""
    check(r.status == 200 and find_badges(r.body), "GET /px/weak.html: %s",
          r.describe())
    check(re.match(r'^W/"v1-gik[0-9a-zA-Z]+"$', etag), "proxied weak ETag %r should stay "
          "weak: W/\"v1-gik...\"", etag)
    r304 = srv.get("/px/weak.html", headers={"If-None-Match": etag})
    check_eq(r304.status, 304, "proxied GET with If-None-Match: %s" % etag)
    check_eq(r304.header("ETag"), etag, "the proxied 304's ETag")


def content_cache_offsets(rt):
    """A hit takes the badge's place from the result cached with the same bytes (its
    own scan of the page waits for the hash): the last real </body>, not the
    look-alikes after it in a comment and a script, on the first view and the hit."""
    srv = rt.server("contentcache")
    page = tricky_page(T.FILES["r/utf8/seed1.html"])
    check(harness.last_real_body_end(page) < page.rindex(b"</body>"), "fixture: the last "
          "</body> bytes are not the last real one")
    r1, _ = view(srv, "/px/none/tricky.html", 1, 0, "tricky tail, first view")
    T.check_report_response("/px/none/tricky.html", r1, page)
    r2, note = view(srv, "/px/none/tricky.html", 0, 1, "tricky tail, again")
    check(note is not None and note.endswith(" cached"), "note %r", note)
    T.check_report_response("/px/none/tricky.html", r2, page)
    harness.assert_bytes_equal(r2.body, r1.body, "hit vs first view (badge included)")


def _timed_get(srv, path):
    """GET path; (response, seconds to its first 64 body bytes)."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        t0 = time.monotonic()
        c.request("GET", path)
        resp = c.getresponse()
        head = resp.read(64)            # the first body bytes, not only the headers
        first = time.monotonic() - t0
        return _Resp(resp.status, resp.getheaders(), head + resp.read()), first
    finally:
        c.close()


def content_cache_streams(rt):
    """A page known by its bytes still streams: a CMS (CGI, and the same behind the
    proxy) that pauses halfway has its headers and first half sent before the pause
    ends -- when it is parsed, and when it is a hit whose body-end scan waited for
    the hash and caught up at the pause -- and both views are the same badged
    bytes."""
    srv = rt.server("contentcache")
    page = T.FILES["r/utf8/seed1.html"]
    for path in ("/cgi/slow.cgi", "/px/slow.html"):
        bodies = []
        for what, parses, hits in (("first view", 1, 0), ("again", 0, 1)):
            c0 = counters(srv)
            resp, first = _timed_get(srv, path)
            c1 = counters(srv)
            check_eq(resp.status, 200, "%s %s: status" % (path, what))
            check(first < SLOW_PAUSE * 0.75, "%s %s: the body began after %.2f s, the "
                  "CMS paused %.1f s halfway: the first half was held", path, what, first,
                  SLOW_PAUSE)
            check_eq(c1["parses"] - c0["parses"], parses, "%s %s: parses delta" % (path, what))
            check_eq(c1["cache_hits"] - c0["cache_hits"], hits,
                     "%s %s: cache_hits delta" % (path, what))
            bodies.append(resp.body)
            T.check_report_response(path, resp, page)
        harness.assert_bytes_equal(bodies[1], bodies[0], "%s: hit vs first view" % path)


class _Resp:
    """What check_report_response reads of a harness response."""
    def __init__(self, status, headers, body):
        self.status = status
        self.headers_list = headers
        self.body = body

    def header(self, name, default=None):
        vals = self.header_all(name)
        return ", ".join(vals) if vals else default

    def header_all(self, name):
        return [v for k, v in self.headers_list if k.lower() == name.lower()]

    def describe(self):
        return "%d (%d bytes)" % (self.status, len(self.body))


def content_cache_farm(rt):
    """A file whose mtime changes and bytes do not (a farm server's own copy):
    found by its bytes, and then by its new version without hashing."""
    srv = rt.server("contentcache")
    page = T.FILES["r/utf8/seed1.html"]
    r1, _ = view(srv, "/r/page.html", 1, 0, "first view")
    T.check_report_response("/r/page.html", r1, page)
    srv.write_file("r/page.html", page, mtime_ago=600)     # another mtime, same bytes
    r2, note = view(srv, "/r/page.html", 0, 1, "same bytes, new mtime")
    check(note is not None and note.endswith(" cached"), "note %r", note)
    T.check_report_response("/r/page.html", r2, page)
    view(srv, "/r/page.html", 0, 1, "new mtime again")


def content_cache_validators(rt):
    """Weak stays weak, strong stays strong, If-None-Match gets a 304 with either."""
    srv = rt.server("contentcache")
    for script, weak in (("weak", True), ("strong", False)):
        path = "/cgi/%s.cgi" % script
        r = srv.get(path)
        check(r.status == 200 and find_badges(r.body), "GET %s: %s", path, r.describe())
        etag = r.header("ETag") or ""
        want = r'^%s"v1-gik[0-9a-zA-Z]+"$' % ("W/" if weak else "")
        check(re.match(want, etag), "GET %s: ETag %r should match %s", path, etag, want)
        r304 = srv.get(path, headers={"If-None-Match": etag})
        check_eq(r304.status, 304, "GET %s with If-None-Match: %s" % (path, etag))
        check_eq(r304.header("ETag"), etag, "the 304's ETag")
        other = srv.get(path, headers={"If-None-Match": 'W/"v0-gik0"'})
        check_eq(other.status, 200, "GET %s with another validator" % path)


# XXH3's default secret (xxhash.h, XXH3_kSecret): public, so whoever can publish
# bytes can make two pages with one XXH3-64 hash.
XXH3_KSECRET = bytes.fromhex(
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
    "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
    "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
    "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
    "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
    "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e")


def xxh3_colliding_pair(page):
    """Two versions of page, of one length, that differ in two bytes of a comment
    and have one XXH3-64 hash under the default secret.  Inside a 1 KB block XXH3
    adds each 8-byte lane to an accumulator and the product of the lane's halves
    xor the secret: a lane whose low half equals the secret's multiplies to 0, so
    +1 in one lane's top byte and -1 in another's (same accumulator) cancel."""
    at = page.index(b"<head>") + len(b"<head>")
    s1, s2, lane = 2, 9, 3
    for lane in range(8):
        k1 = XXH3_KSECRET[8 * (s1 + lane):8 * (s1 + lane) + 4]
        k2 = XXH3_KSECRET[8 * (s2 + lane):8 * (s2 + lane) + 4]
        if not set(k1 + k2) & set(b"-<>\0"):
            break
    off1 = 64 * s1 + 8 * lane
    off2 = 64 * s2 + 8 * lane
    check(at + 4 <= off1, "the <head> starts too late for this construction")
    def build(c1, c2):
        b = bytearray(page[:at] + b"<!--" + b"." * (off1 - at - 4))
        b += k1 + b"aaa" + c1
        b += b"." * (off2 - len(b))
        b += k2 + b"zzz" + c2 + b"-->"
        return bytes(b) + page[at:]
    return build(b"a", b"z"), build(b"b", b"y")


def content_cache_collision(rt):
    """Bytes chosen against XXH3's public default secret: two versions of a page of
    one length, whose XXH3-64 with that secret is the same.  The second is another
    page and must be parsed, not served the first one's verdict."""
    srv = rt.server("contentcache")
    page = T.FILES["r/utf8/seed1.html"]
    a, b = xxh3_colliding_pair(page)
    check(a != b and len(a) == len(b), "the pair differs and has one length")
    srv.write_file("data/page.html", a)
    try:
        view(srv, "/cgi/noetag.cgi", 1, 0, "version A")
        view(srv, "/cgi/noetag.cgi", 0, 1, "version A again")
        srv.write_file("data/page.html", b)
        view(srv, "/cgi/noetag.cgi", 1, 0, "version B (another page, XXH3-64 of A)")
    finally:
        srv.write_file("data/page.html", page)


def badge_time(body):
    spans = find_badges(body)
    check(spans, "no badge")
    s, e = spans[0]
    m = re.search(rb'<time datetime="([^"]+)"', body[s:e])
    check(m, "badge has no <time datetime>: %r", body[s:e][:300])
    return m.group(1).decode()


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def content_cache_dbm_companion(rt):
    """dbm: the companion of a cached page is served without a parse, and its
    checked.at is the badge's; the same after a restart."""
    srv = rt.server("contentdbm")
    at = {}
    for path in ("/r/page.html", "/cgi/noetag.cgi"):
        r, _ = view(srv, path, 1, 0, "dbm %s first view" % path)
        badge_at = badge_time(r.body)
        time.sleep(1.1)     # a second parse would give another time
        c0 = counters(srv)
        comp = T.companion(srv, path)
        check_eq(counters(srv)["parses"] - c0["parses"], 0,
                 "dbm %s.gik.json: parses delta" % path)
        check_eq(instant(comp["checked"]["at"]), instant(badge_at),
                 "dbm %s: companion checked.at vs the badge's time" % path)
        at[path] = comp["checked"]["at"]
    srv.stop(cleanup=False)     # the dbm file stays
    srv.start()
    c0 = counters(srv)
    comp2 = T.companion(srv, "/r/page.html")
    check_eq(counters(srv)["parses"] - c0["parses"], 0,
             "dbm companion after a restart: parses delta")
    check_eq(comp2["checked"]["at"], at["/r/page.html"], "companion after a restart: checked.at")
    r, note = view(srv, "/r/page.html", 0, 1, "dbm page after a restart")
    check(note is not None and note.endswith(" cached"), "note %r", note)


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["contentcache"] = make_server
    T.EXTRA_SERVERS["contentdbm"] = make_server
    reg.test(quick=True)(content_cache_cgi)
    reg.test()(content_cache_farm)
    reg.test(quick=True)(content_cache_proxy)
    reg.test(quick=True)(content_cache_offsets)
    reg.test()(content_cache_streams)
    reg.test(quick=True)(content_cache_validators)
    reg.test(quick=True)(content_cache_collision)
    reg.test()(content_cache_dbm_companion)
