"""Fresh-eyes attacks on the issue 9 protections (`t/httpd/run sec_attack`).

Each test tries one attack of a kind the issue names, against a real httpd, in a way the
first round of tests (test_security_*.py) did not, and asserts that it is refused:

* a ProxyPass location: mod_proxy's handler must not answer a companion with the page, nor
  take an upload before the gate; a proxied page that never ends must not hold the
  companion's worker (reading stops at GikReportMaxBytes);
* the status handler switched on from .htaccess by a rewrite rule's [H=] where the server
  configuration sets some other handler (Debian's php-fpm <FilesMatch> does);
* one script, many pages (a php-fpm CMS, FastCGI over a unix socket): each article gets its
  own verdict; a private page's companion is no more cacheable than the page;
* invented names for one page: path info on a static file; 1,100 path-info URLs of a CMS
  script must not flush the registry's static reports;
* a negotiated page (MultiViews, Accept-Language): its companion varies as the page does,
  and asking for the languages in turn fakes no "changed after publication";
* HEAD of a companion answers as GET does, also on a cold cache;
* the gate: exactly the limit and one byte more (chunked), COPY of a collection (Depth:
  infinity), MOVE to another host or a spelled-out path, LOCK; rules switched off by a
  .htaccess; a gzipped report where the target is served with Content-Encoding; an SSI
  page (AddHandler server-parsed, AddOutputFilter INCLUDES) including a failing report
  from an ungated folder; a COPY
  whose source is replaced between the check and the copy;
* a bidi override in a file name: neutralised in the findings view and the status page;
* the cache key file: a warning when other users can read it, no start when too short; a
  valid entry of one page replayed under another page's key is refused (redis);
* a tenant vhost's 1,100 report files do not push another vhost's reports out of the
  registry; Host games (capitals, trailing dot, absolute form, unknown host) make no second
  entry and show no other host's registry.
"""

import gzip
import json
import os
import re
import socket
import struct
import threading
import time
import urllib.parse

from harness import check, check_eq, short
import secfix

T = None

LIMIT = 65536

CONF = r"""
AddType text/html .html
AddLanguage en .en
AddLanguage zh-CN .zh
<Location /gik-status>
    SetHandler gikreport-status
</Location>
<Directory "{DOCROOT}/a">
    GikReport On
    AllowOverride All
    Options +MultiViews
    GikReportMaxBytes 65536
</Directory>
<Directory "{DOCROOT}/a/pi">
    AcceptPathInfo On
</Directory>
<Directory "{DOCROOT}/a/cgi">
    Options +ExecCGI
    AddHandler cgi-script .cgi
</Directory>
<Directory "{DOCROOT}/a/tenant">
    Options +FollowSymLinks
    # as Debian's php8.x-fpm.conf: a handler set in the server configuration
    <FilesMatch ".+\.php$">
        SetHandler "proxy:unix:/nonexistent/php-fpm.sock|fcgi://localhost"
    </FilesMatch>
</Directory>
<Directory "{DOCROOT}/inf">
    Options +ExecCGI
    AddHandler cgi-script .cgi
</Directory>
ProxyPass /px/ http://127.0.0.1:{PORT}/inf/
<Location /px/>
    GikReport On
    GikReportMaxBytes 65536
</Location>
# a CMS behind a reverse proxy takes uploads
ProxyPass /pxup/ http://127.0.0.1:{PORT}/inf/
<Location /pxup/>
    GikReport On
    GikReportGate On
</Location>
# a PHP CMS as Debian runs it (php-fpm): the handler's name has slashes
<Directory "{DOCROOT}/a/php">
    <FilesMatch "\.php$">
        SetHandler "proxy:unix:{TMP}/run/fcgi.sock|fcgi://localhost"
    </FilesMatch>
</Directory>
DavLockDB "{TMP}/var/davlock"
<Directory "{DOCROOT}/up">
    DAV On
    GikReport On
    GikReportGate On
    GikReportMaxBytes 65536
    # precompressed files: served with Content-Encoding, never checked
    AddEncoding gzip .gz
    # server-side includes, in both spellings
    Options +Includes
    AddType text/html .shtml .sht
    AddHandler server-parsed .shtml
    AddOutputFilter INCLUDES .sht
</Directory>
<Directory "{DOCROOT}/up/tenant">
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/up/tenant2">
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/up/tenant3">
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/up/strict">
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/stage">
    DAV On
</Directory>
"""

# a report, then filler for ever: a backend that never ends its answer
FOREVER = secfix.cgi('printf "Content-Type: text/html; charset=utf-8\\r\\n\\r\\n"\n'
                     'cat "$(dirname "$0")/good.html"\n'
                     'while printf "<p>%01000d</p>\\n" 0 2>/dev/null; do :; done\n')

# the backend CMS: how many body bytes reached it
COUNT = secfix.cgi('n=$(cat | wc -c)\n'
                   'printf "Content-Type: text/plain\\r\\n\\r\\nbody_bytes=%s\\n" "$n"\n')

# a CMS page for one visitor: the draft only with the editor's cookie
PRIVATE = secfix.cgi('printf "Content-Type: text/html; charset=utf-8\\r\\n"\n'
                     'printf "Cache-Control: private, max-age=60\\r\\nVary: Cookie\\r\\n\\r\\n"\n'
                     'case "$HTTP_COOKIE" in\n'
                     '  *editor=1*) cat "$(dirname "$0")/good.html";;\n'
                     '  *) echo "<html><body>please log in</body></html>";;\n'
                     'esac\n')

RLO_NAME = "x\u202eslmth.html"


def files():
    pg = secfix.pages(T.TOP)
    f = {
        "a/good.html": pg["good"], "a/pi/good.html": pg["good"],
        "a/neg/report.html.en": pg["good"], "a/neg/report.html.zh": pg["bad"],
        "a/tenant/stats.php": b"<?php echo 1;\n",
        "a/php/content.php": b"<?php /* the CMS's front script */\n",
        "a/tenant/.htaccess": b"RewriteEngine On\n"
                              b"RewriteRule ^stats\\.php$ - [H=gikreport-status]\n",
        "a/cgi/forever.cgi": FOREVER, "a/cgi/good.html": pg["good"],
        "a/cgi/private.cgi": PRIVATE,
        "inf/forever.cgi": FOREVER, "inf/good.html": pg["good"], "inf/count.cgi": COUNT,
        "a/head/h1.html": pg["bad"],
        "a/" + RLO_NAME: pg["bad"],
        "up/keep.txt": b"placeholder\n",
        # whoever writes a .htaccess in the gated location switches off what a report fails
        "up/tenant/.htaccess": b"GikReportRule B-BALANCE off\nGikReportRule TEXT-TABLE off\n",
        # the same, spelled as the core's severity parser also reads it
        "up/tenant2/.htaccess": b"GikReportRule B-BALANCE warn\nGikReportRule TEXT-TABLE Warn\n",
        # a default charset the bytes are not in: the report read as mojibake is no report
        "up/tenant3/.htaccess": b"GikReportDefaultCharset big5\n",
        "up/strict/.htaccess": b"GikReportRule LATE error\n",
        "up/strict/keep.txt": b"placeholder\n", "stage/keep.txt": b"placeholder\n",
    }
    return f


def _fcgi_records(sock):
    """(type, content) of each FastCGI record read from sock, until EOF."""
    buf = b""
    while True:
        while len(buf) >= 8:
            _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
            if len(buf) < 8 + clen + plen:
                break
            yield rtype, buf[8:8 + clen]
            buf = buf[8 + clen + plen:]
        d = sock.recv(65536)
        if not d:
            return
        buf += d


def _fcgi_params(data):
    out, i = {}, 0
    while i < len(data):
        lens = []
        for _ in range(2):
            if data[i] >> 7:
                lens.append(struct.unpack(">I", data[i:i + 4])[0] & 0x7FFFFFFF)
                i += 4
            else:
                lens.append(data[i])
                i += 1
        out[data[i:i + lens[0]].decode("latin-1")] = data[i + lens[0]:i + sum(lens)]
        i += sum(lens)
    return out


def _fcgi_serve(conn, answer):
    """A FastCGI responder (the protocol php-fpm speaks): answer(params) -> bytes."""
    def record(rtype, rid, content=b""):
        return struct.pack(">BBHHBB", 1, rtype, rid, len(content), 0, 0) + content
    params = b""
    with conn:
        for rtype, content in _fcgi_records(conn):
            if rtype == 4:                      # FCGI_PARAMS
                params += content
            elif rtype == 5 and not content:    # the end of FCGI_STDIN
                out = answer(_fcgi_params(params))
                for i in range(0, len(out), 32768):
                    conn.sendall(record(6, 1, out[i:i + 32768]))
                conn.sendall(record(6, 1) + record(3, 1, b"\0" * 8))
                params = b""


def start_php_cms(path, pages):
    """content.php?id=1: the good report, ?id=2 the bad one: one script, many pages."""
    def answer(params):
        q = params.get("QUERY_STRING", b"").decode()
        if params.get("PATH_INFO"):
            q = "id=1"      # a pretty URL: content.php/2024/report
        body = {"id=1": pages["good"], "id=2": pages["bad"]}.get(
            q, b"<html><body>index</body></html>")
        return b"Content-Type: text/html; charset=utf-8\r\n\r\n" + body
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(path)
    os.chmod(path, 0o666)
    ls.listen(16)

    def loop():
        while True:
            conn, _ = ls.accept()
            threading.Thread(target=_fcgi_serve, args=(conn, answer), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def make_server(name):
    s = T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF,
                        modules=T.harness.DEFAULT_MODULES + secfix.MODULES_EXTRA
                        + ["negotiation", "proxy", "proxy_http", "proxy_fcgi"])
    s.prepare()
    secfix.make_executable(s, ["a/cgi/private.cgi", "a/cgi/forever.cgi", "inf/forever.cgi",
                               "inf/count.cgi"])
    for d in ("up", "stage"):
        T.harness.chown_run_user(s.path("htdocs", d))
    start_php_cms(s.path("run", "fcgi.sock"), secfix.pages(T.TOP))
    return s


def sec_attack_status_from_htaccess(rt):
    srv = rt.server("secatk")
    srv.get("/a/good.html")     # the registry is not empty
    for path in ("/a/tenant/stats.php?json", "/a/tenant/stats.php"):
        r = srv.get(path)
        check(b'"reports"' not in r.body and b"gikreport status" not in r.body,
              "%s: .htaccess [H=gikreport-status] published the registry: %s", path,
              short(r.body, 200))
    # the server's own status page still works
    d = secfix.status_json(srv)
    check([e for e in d["reports"] if e["uri"] == "/a/good.html"],
          "the real status page lost /a/good.html: %r", d["reports"])


def sec_attack_endless_page(rt):
    srv = rt.server("secatk")
    for path in ("/a/cgi/forever.cgi.gik.json", "/px/forever.cgi.gik.json"):
        r, took = secfix.timed_get(srv, path)
        check(took < 8, "%s took %.1fs: the companion read an endless page", path, took)
        check(r.status == 200, "%s: %s", path, r.describe())
        d = json.loads(r.body)
        check(d["is_report"] and d["checked"]["partial"] is True,
              "%s: not a partial report: %r", path, d.get("checked"))
    # the server is not left busy reading: a page answers at once
    _, took = secfix.timed_get(srv, "/a/good.html")
    check(took < 1, "a page took %.1fs after the endless companions", took)


def sec_attack_proxied_location(rt):
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    # mod_proxy's handler (FIRST) must not answer a companion with the page itself
    r = srv.get("/px/good.html.gik.json")
    check(r.status == 200 and r.body.startswith(b"{"), "/px/good.html.gik.json: %s",
          r.describe())
    check_eq(r.header("X-Content-Type-Options"), "nosniff", "nosniff on a proxied companion")
    check_eq(json.loads(r.body)["source"]["uri"], "/px/good.html", "source.uri")
    # nor take an upload before the gate has read it
    r = srv.request("PUT", "/pxup/count.cgi", body=pg["bad"])
    check_eq(r.status, 422, "PUT of a failing report to a proxied, gated location")
    r = srv.request("POST", "/pxup/count.cgi", body=pg["good"])
    check(r.status == 200, "POST of a correct report: %s", r.describe())
    check_eq(r.body.strip(), b"body_bytes=%d" % len(pg["good"]), "what the backend read")


def sec_attack_private_page_cacheable(rt):
    # a shared cache in front of the site must not keep the companion of a page that is
    # private to one visitor (it says so: Cache-Control: private, Vary: Cookie)
    srv = rt.server("secatk")
    h = {"Cookie": "editor=1"}
    page = srv.get("/a/cgi/private.cgi", headers=h)
    check(b"data-gik-status" in page.body, "the editor's page is not a badged report")
    for ext in ("json", "csv", "html"):
        r = srv.get("/a/cgi/private.cgi.gik." + ext, headers=h)
        check(r.status == 200, "private.cgi.gik.%s: %s", ext, r.describe())
        cc = (r.header("Cache-Control") or "").lower()
        check("private" in cc or "no-store" in cc,
              "the companion of a private page may be stored by a shared cache: "
              "Cache-Control %r", r.header("Cache-Control"))
        check("cookie" in (r.header("Vary") or "").lower(), "no Vary: Cookie on .gik.%s (%r)",
              ext, r.header("Vary"))


def sec_attack_one_script_many_pages(rt):
    srv = rt.server("secatk")
    want = (("id=1", "pass"), ("id=2", "fail"), ("id=1", "pass"))
    for q, status in want:
        r = srv.get("/a/php/content.php?" + q)
        check(r.status == 200, "content.php?%s: %s", q, r.describe())
        m = re.search(rb'data-gik-status="([a-z]+)"', r.body)
        check(m, "content.php?%s has no badge: %s", q, short(r.body, 200))
        check_eq(m.group(1).decode(), status, "the badge of content.php?%s (another "
                 "article's verdict, cached under the script's version?)" % q)


def sec_attack_registry_flush(rt):
    srv = rt.server("secatk")
    for p in ("/a/good.html", "/a/pi/good.html"):
        check_eq(srv.get(p).status, 200, p)
    # a CMS script answers any path info with a report: 1,100 names for one page
    for i in range(1100):
        r = srv.get("/a/php/content.php/flush%d" % i)
        check(r.status == 200, "content.php/flush%d: %s", i, r.describe())
    uris = [e["uri"] for e in secfix.status_json(srv)["reports"]]
    for p in ("/a/good.html", "/a/pi/good.html"):
        check(p in uris, "%s was evicted from the registry by 1,100 requests for "
              "invented URIs (%d entries)", p, len(uris))


def sec_attack_path_info_variants(rt):
    srv = rt.server("secatk")
    check_eq(srv.get("/a/pi/good.html.gik.json").status, 200, "/a/pi/good.html.gik.json")
    before = len(secfix.status_json(srv)["reports"])
    for i in range(30):
        srv.get("/a/pi/good.html/spam%d" % i)
        srv.get("/a/pi/good.html/spam%d.gik.json" % i)
    after = secfix.status_json(srv)["reports"]
    spam = [e["uri"] for e in after if "spam" in e["uri"]]
    check(not spam, "path-info variants took registry slots: %d, e.g. %r", len(spam),
          spam[:3])
    check(len(after) <= before, "registry grew %d -> %d", before, len(after))
    r = srv.get("/a/pi/good.html/x")
    href = [v for v in r.header_all("Link") if ".gik." in v]
    check(not href or "/a/pi/good.html.gik.json" in href[0],
          "a path-info variant links its own companion: %r", href)


def sec_attack_negotiated_vary(rt):
    srv = rt.server("secatk")
    want = {"en": "pass", "zh-CN": "fail"}
    for lang, status in want.items():
        h = {"Accept-Language": lang}
        page = srv.get("/a/neg/report", headers=h)
        check(page.status == 200, "/a/neg/report (%s): %s", lang, page.describe())
        r = srv.get("/a/neg/report.gik.json", headers=h)
        check(r.status == 200, "/a/neg/report.gik.json (%s): %s", lang, r.describe())
        check_eq(json.loads(r.body)["summary"]["status"], status,
                 "verdict of the %s variant" % lang)
        vary = (r.header("Vary") or "").lower()
        check("accept-language" in vary or "negotiate" in vary,
              "the companion of a negotiated page has no Vary (%r; the page: %r): a "
              "shared cache serves one language's verdict for the other", vary,
              page.header("Vary"))
    # asking in turn for one language and the other changes no page
    for lang in ("en", "zh-CN", "en", "zh-CN"):
        srv.get("/a/neg/report", headers={"Accept-Language": lang})
    changed = [e["uri"] for e in secfix.status_json(srv)["reports"]
               if "/neg/" in e["uri"] and e["changed_after_publication"]]
    check(not changed, "language variants faked 'changed after publication': %r", changed)


def sec_attack_head_cold(rt):
    srv = rt.server("secatk")
    r = srv.head("/a/head/h1.html.gik.json")
    check_eq(r.status, 200, "HEAD of a companion on a cold cache")
    check((r.header("Content-Type") or "").startswith("application/json"),
          "HEAD Content-Type %r", r.header("Content-Type"))
    g = srv.get("/a/head/h1.html.gik.json")
    check_eq(g.status, 200, "GET after HEAD")
    check_eq(json.loads(g.body)["summary"]["status"], "fail", "the verdict after HEAD")




def sec_attack_gate_edges(rt):
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    up = lambda rel: os.path.join(srv.docroot, "up", rel)  # noqa: E731
    # exactly the limit is accepted and stored whole; one byte more is refused
    pad = LIMIT - len(pg["good"]) - len(b"<!---->\n")
    exact = pg["good"] + b"<!--" + b" " * pad + b"-->\n"
    check_eq(len(exact), LIMIT, "the test's page length")
    check_eq(secfix.chunked_put(srv, "/up/exact.html", exact, 16384), 201,
             "chunked PUT of exactly the limit")
    with open(up("exact.html"), "rb") as f:
        check(f.read() == exact, "the stored upload differs from what was sent")
    check_eq(secfix.chunked_put(srv, "/up/over.html", exact + b"\n", 16384), 413,
             "chunked PUT of the limit + 1 byte")
    check(not os.path.exists(up("over.html")), "the oversize upload was stored")
    # a collection copied in (Depth: infinity) carries a failing report
    check_eq(srv.request("MKCOL", "/stage/col/").status, 201, "MKCOL /stage/col/")
    srv.request("PUT", "/stage/col/x.html", body=pg["bad"])
    r = srv.request("COPY", "/stage/col/", headers={"Destination": srv.url("/up/col/"),
                                                    "Depth": "infinity"})
    check(r.status not in (201, 204), "COPY Depth: infinity of a collection: %s",
          r.describe().splitlines()[0])
    check(not os.path.exists(up("col/x.html")), "a failing report was copied in")
    # a Destination on another host, a path into the gated folder
    srv.request("PUT", "/stage/m.html", body=pg["bad"])
    for dest in ("http://other.example/up/m.html", "//127.0.0.1:%d/up/m.html" % srv.port,
                 "/stage/../up/m.html", "/up/%6d2.html"):
        r = srv.request("MOVE", "/stage/m.html", headers={"Destination": dest})
        check(r.status not in (201, 204), "MOVE with Destination %s: %s", dest,
              r.describe().splitlines()[0])
    for rel in ("m.html", "m2.html"):
        check(not os.path.exists(up(rel)), "a failing report was moved in as %s" % rel)
    # LOCK of an unmapped name makes no report appear
    r = srv.request("LOCK", "/up/locked.html", headers={"Content-Type": "text/xml"},
                    body=b'<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope>'
                         b'<D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>'
                         b'</D:lockinfo>')
    if os.path.exists(up("locked.html")):
        check(os.path.getsize(up("locked.html")) == 0, "LOCK stored content")


def sec_attack_gate_rules_htaccess(rt):
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    r = srv.request("PUT", "/up/tenant/x.html", body=pg["bad"])
    check(r.status not in (200, 201, 204), ".htaccess rules off let a failing report in: %s",
          r.describe().splitlines()[0])
    check(not os.path.exists(os.path.join(srv.docroot, "up", "tenant", "x.html")),
          "the failing report was stored")
    r = srv.request("PUT", "/up/tenant2/x.html", body=pg["bad"])
    check(r.status not in (200, 201, 204), ".htaccess rules 'warn' let a failing report in: %s",
          r.describe().splitlines()[0])
    check(not os.path.exists(os.path.join(srv.docroot, "up", "tenant2", "x.html")),
          "the failing report was stored under a .htaccess lowering its rules to 'warn'")
    # a UTF-8 failing report that declares no charset, under a .htaccess whose default
    # charset is Big5: browsers read UTF-8 (they never see the default), so must the gate
    bare = pg["bad"].replace(b'<meta charset="utf-8">', b"")
    check(bare != pg["bad"], "the fixture's charset declaration was not found")
    r = srv.request("PUT", "/up/tenant3/x.html", body=bare)
    check(r.status not in (200, 201, 204),
          ".htaccess GikReportDefaultCharset big5 let a failing UTF-8 report in: %s",
          r.describe().splitlines()[0])
    check(not os.path.exists(os.path.join(srv.docroot, "up", "tenant3", "x.html")),
          "the failing report was stored under a .htaccess naming another default charset")
    # stricter is allowed
    check_eq(srv.get("/up/strict/keep.txt").status, 200, "a .htaccess raising LATE to error")


def sec_attack_gate_encoded(rt):
    # a failing report, gzipped, where the target is served with Content-Encoding: gzip:
    # the output filter never checks it, browsers show it
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    gz = gzip.compress(pg["bad"])
    r = srv.request("PUT", "/up/enc.html.gz", body=gz)
    check(r.status not in (200, 201, 204), "PUT of a gzipped failing report: %s",
          r.describe().splitlines()[0])
    check_eq(srv.get("/up/enc.html.gz").status, 404, "the gzipped failing report, served")
    srv.request("PUT", "/stage/enc.gz", body=gz)
    r = srv.request("MOVE", "/stage/enc.gz",
                    headers={"Destination": srv.url("/up/enc2.html.gz")})
    check(r.status not in (200, 201, 204), "MOVE of a gzipped failing report: %s",
          r.describe().splitlines()[0])
    check_eq(srv.get("/up/enc2.html.gz").status, 404, "the moved gzipped report, served")


def sec_attack_gate_includes(rt):
    # a page that is no report by itself, and includes one (with errors) from an ungated
    # folder when it is served
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    srv.request("PUT", "/stage/inc-bad.html", body=pg["bad"])
    page = b'<!--#include virtual="/stage/inc-bad.html" -->\n'
    for name in ("inc.shtml", "inc.sht"):
        r = srv.request("PUT", "/up/" + name, body=page)
        check(r.status not in (200, 201, 204), "PUT of %s (an SSI page): %s", name,
              r.describe().splitlines()[0])
        r = srv.get("/up/" + name)
        check(b'data-gik-status="fail"' not in r.body,
              "/up/%s publishes the failing report through an include", name)
    srv.request("PUT", "/stage/inc2.shtml", body=page)
    r = srv.request("MOVE", "/stage/inc2.shtml",
                    headers={"Destination": srv.url("/up/inc2.shtml")})
    check(r.status not in (200, 201, 204), "MOVE of an SSI page into the gated location: %s",
          r.describe().splitlines()[0])


def sec_attack_gate_copy_race(rt):
    # the source passes the gate's check, then is replaced before mod_dav copies it
    srv = rt.server("secatk")
    pg = secfix.pages(T.TOP)
    srv.request("PUT", "/stage/race.html", body=pg["good"])
    stop = time.time() + 3
    flips = [0]

    def flipper():
        while time.time() < stop:
            srv.request("PUT", "/stage/race.html",
                        body=pg["bad"] if flips[0] % 2 else pg["good"])
            flips[0] += 1
    t = threading.Thread(target=flipper)
    t.start()
    codes, n = {}, 0
    try:
        while time.time() < stop:
            dest = "/up/race%d.html" % n if n % 2 else "/up/race-over.html"
            r = srv.request("COPY", "/stage/race.html",
                            headers={"Destination": srv.url(dest), "Overwrite": "T"})
            codes[r.status] = codes.get(r.status, 0) + 1
            n += 1
            if r.status in (201, 204):
                with open(os.path.join(srv.docroot, dest.lstrip("/")), "rb") as f:
                    check(f.read() != pg["bad"], "COPY %d (%s) stored a failing report; "
                          "answers so far %r", n, dest, codes)
    finally:
        t.join()
    check(n >= 50 and flips[0] >= 50, "too few attempts to race: %d COPY, %d PUT", n, flips[0])
    check(set(codes) <= {201, 204, 422}, "COPY answers %r", codes)


def sec_attack_bidi_file_name(rt):
    srv = rt.server("secatk")
    path = "/a/" + urllib.parse.quote(RLO_NAME)
    check_eq(srv.get(path).status, 200, path)
    rlo = "\u202e".encode()
    for p in (path + ".gik.html", "/gik-status", "/gik-status?csv"):
        r = srv.get(p)
        check(r.status == 200, "%s: %s", p, r.describe())
        check(rlo not in r.body and b"&#8238;" not in r.body
              and b"&#x202e;" not in r.body.lower(), "U+202E shown raw in %s", p)


def sec_attack_cache_key_file(rt):
    # a key other users can read: a startup warning; a key too short: no start
    key_conf = 'GikReportCacheKeyFile "{TMP}/conf/gik.key"\n'
    for mode, key, want in ((0o644, b"k" * 32, "warning"), (0o600, b"k" * 32, "quiet"),
                            (0o600, b"short\n", "refused")):
        s = T.harness.Httpd("secatkkey", module_path=T.MODULE, conf_extra=key_conf)
        s.prepare()
        with open(s.path("conf", "gik.key"), "wb") as f:
            f.write(key)
        os.chmod(s.path("conf", "gik.key"), mode)
        try:
            try:
                s.start()
                started = True
            except Exception:
                started = False
            log = s.error_log()
        finally:
            s.stop()
        if want == "refused":
            check(not started and "GIK00022" in log, "a %d-byte key: started=%s", len(key),
                  started)
        else:
            check(started, "a %o key file: the server did not start", mode)
            check(("GIK00041" in log) == (want == "warning"),
                  "key file mode %o: warning %s", mode, "GIK00041" in log)


def _replay(port, signed):
    """As whoever can write to redis: every entry of the failing page gets the bytes (MAC
    and all, for the keyed server) of the passing page's entry of the same kind."""
    import test_security_cache as seccache
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    f = sock.makefile("rb")
    mac = 32 if signed else 0
    try:
        entries = {}
        for k in seccache._resp(f, sock, "KEYS", "*"):
            v = seccache._resp(f, sock, "GET", k)
            # the other server's entries do not parse at this offset
            body = (v or b"")[mac:]
            kind = "R" if body.startswith(b"gik3") else "J" if body.startswith(b"{") else None
            verdict = ("pass" if b" pass " in body or b'"status": "pass"' in body else
                       "fail" if b" fail " in body or b'"status": "fail"' in body else None)
            if kind and verdict:
                entries.setdefault((kind, verdict), []).append((k, v))
        n = 0
        for kind in ("R", "J"):
            for good in entries.get((kind, "pass"), [])[:1]:
                for k, _ in entries.get((kind, "fail"), []):
                    seccache._resp(f, sock, "SET", k, good[1], "KEEPTTL")
                    n += 1
        return n
    finally:
        f.close()
        sock.close()


def sec_attack_cache_replay(rt):
    # a valid entry (MAC and all) of one page, written under the key of another page
    import test_security_cache as seccache
    pg = secfix.pages(T.TOP)
    files = {"r/good.html": pg["good"], "r/bad.html": pg["bad"]}
    with seccache.keyed_and_unkeyed("secatk", files) as (redis, S, U):
        for srv in (S, U):
            for p, want in (("/r/good.html", b"pass"), ("/r/bad.html", b"fail")):
                r = srv.get(p)
                check(b'data-gik-status="%s"' % want in r.body, "%s %s: not %s", srv.name, p,
                      want.decode())
                check_eq(srv.get(p + ".gik.json").status, 200, srv.name + " companion")
        for srv, signed in ((S, True), (U, False)):
            n = _replay(redis.port, signed)
            check(n >= 2, "%s: only %d entries replayed", srv.name, n)
            srv.mark()
            srv.graceful()
        r = U.get("/r/bad.html")
        check(b'data-gik-status="pass"' in r.body,
              "control: the unkeyed server did not take the replayed entry (test is void)")
        r = S.get("/r/bad.html")
        check(b'data-gik-status="fail"' in r.body,
              "the keyed server took another page's entry: %s", short(r.body, 100))
        d = json.loads(S.get("/r/bad.html.gik.json").body)
        check_eq(d["summary"]["status"], "fail", "the keyed server's companion verdict")
        check("GIK00023" in S.error_log(), "no authentication failure logged by S")


# the first (default) vhost answers the harness's ping
VHOST_DEFAULT = r"""
AddType text/html .html
<VirtualHost *:{PORT}>
    ServerName 127.0.0.1
    DocumentRoot "{DOCROOT}"
</VirtualHost>
"""
VHOST = r"""
<VirtualHost *:{PORT}>
    ServerName %s
    DocumentRoot "{DOCROOT}/%s"
    <Location /gik-status>
        SetHandler gikreport-status
    </Location>
    <Directory "{DOCROOT}/%s">
        GikReport On
    </Directory>
</VirtualHost>
"""
FLOOD = 1100


def make_vhost_server(name):
    conf = VHOST_DEFAULT + "".join(VHOST % (h, d, d) for h, d in (("a.test", "va"),
                                                                   ("b.test", "vb")))
    pg = secfix.pages(T.TOP)
    s = T.harness.Httpd(name, module_path=T.MODULE, conf_extra=conf,
                        files={"va/good.html": pg["good"], "vb/r0.html": pg["good"]})
    s.prepare()
    # a tenant with a thousand report files (hard links: one inode, many names)
    for i in range(1, FLOOD):
        os.link(s.path("htdocs", "vb", "r0.html"), s.path("htdocs", "vb", "r%d.html" % i))
    return s


def sec_attack_registry_other_host(rt):
    srv = rt.server("secatkvh")
    a, b = {"Host": "a.test"}, {"Host": "b.test"}
    check_eq(srv.get("/good.html", headers=a).status, 200, "a.test/good.html")
    for i in range(FLOOD):
        check_eq(srv.get("/r%d.html" % i, headers=b).status, 200, "b.test/r%d.html" % i)
    uris = [e["uri"] for e in secfix.status_json(srv, headers=a)["reports"]]
    check("/good.html" in uris, "b.test's %d report files pushed a.test's report out of the "
          "registry (a.test lists %r)", FLOOD, uris)
    n_b = len(secfix.status_json(srv, headers=b)["reports"])
    check(n_b >= 256, "b.test keeps only %d entries", n_b)


def sec_attack_host_games(rt):
    srv = rt.server("secatkvh")
    # one page asked for with the Host in capitals, with a trailing dot, in absolute form
    # (the request line's host wins over Host), and over HTTP/1.0 without Host
    asks = [({"Host": "A.TEST"}, "/good.html"), ({"Host": "a.test."}, "/good.html"),
            ({"Host": "b.test"}, "http://a.test/good.html")]
    for h, target in asks:
        r = srv.get(target, headers=h)
        check(r.status == 200 and b'data-gik-status="pass"' in r.body, "%r %s: %s", h, target,
              r.describe().splitlines()[0])
    a = [e["uri"] for e in secfix.status_json(srv, headers={"Host": "a.test"})["reports"]]
    check_eq(a.count("/good.html"), 1, "a.test's entries for /good.html (%r)" % a)
    b = [e["uri"] for e in secfix.status_json(srv, headers={"Host": "b.test"})["reports"]]
    check("/good.html" not in b, "a.test's page listed by b.test's status page")
    # an unknown host gets the default vhost, where nothing is checked and no status page is
    r = srv.get("/gik-status?json", headers={"Host": "unknown.example"})
    check(b'"reports"' not in r.body, "the default vhost shows a registry: %s", short(r.body))
    r = srv.get("/good.html.gik.json", headers={"Host": "unknown.example"})
    check_eq(r.status, 404, "a.test's companion through an unknown Host")


def register(reg, tests_module):
    global T
    T = tests_module
    secfix.register_tests(
        reg, T, "secatk", make_server,
        (sec_attack_status_from_htaccess, sec_attack_endless_page, sec_attack_proxied_location,
         sec_attack_one_script_many_pages, sec_attack_private_page_cacheable,
         sec_attack_registry_flush, sec_attack_path_info_variants, sec_attack_negotiated_vary,
         sec_attack_head_cold, sec_attack_gate_edges, sec_attack_gate_rules_htaccess,
         sec_attack_gate_encoded, sec_attack_gate_includes, sec_attack_gate_copy_race, sec_attack_bidi_file_name,
         sec_attack_cache_key_file, sec_attack_cache_replay))
    secfix.register_tests(reg, T, "secatkvh", make_vhost_server,
                          (sec_attack_registry_other_host, sec_attack_host_games))
