"""Security of the publication gate (issue 9, audit M3, M4, L1).

`t/httpd/run sec_gate`.  What must hold: the gate checks what will be stored and served,

* the upload is read with the type and charset the target is served with, not the client's
  Content-Type labels;
* WebDAV MOVE and COPY into a gated location are checked as the file will be served there
  (also from an ungated staging area); a collection cannot be moved in unchecked;
* a partial PUT (Content-Range) is refused;
* a .htaccess inside a gated location cannot switch the gate off;
* an upload over GikReportMaxBytes is refused with 413, with Content-Length or chunked;
* a body the gate read reaches the final handler whole, also after an internal redirect
  (a front controller's RewriteRule in .htaccess).
"""

import os

from harness import check, check_eq
import secfix

T = None

CONF = r"""
AddType text/html .html
DavLockDB "{TMP}/var/davlock"
<Directory "{DOCROOT}/upload">
    DAV On
    GikReport On
    GikReportGate On
    GikReportMaxBytes 262144
</Directory>
<Directory "{DOCROOT}/upload/cgi">
    DAV Off
    Options +ExecCGI +FollowSymLinks
    AllowOverride All
    AddHandler cgi-script .cgi
</Directory>
<Directory "{DOCROOT}/upload/tenant">
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/stage">
    DAV On
</Directory>
"""

ECHO = secfix.cgi('n=$(cat | wc -c)\n'
                  'printf "Content-Type: text/plain\\r\\n\\r\\nclen=%s body_bytes=%s\\n" '
                  '"$CONTENT_LENGTH" "$n"\n')


def files():
    return {
        "upload/cgi/echo.cgi": ECHO,
        "upload/cgi/.htaccess": b"RewriteEngine On\nRewriteRule ^front$ echo.cgi [L]\n",
        "upload/keep.txt": b"placeholder\n",
        # whoever writes a .htaccess inside the gated location tries to open the gate
        "upload/tenant/.htaccess": b"GikReportGate Off\n",
        "stage/keep.txt": b"placeholder\n",
    }


def make_server(name):
    s = T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF,
                        modules=T.harness.DEFAULT_MODULES + secfix.MODULES_EXTRA)
    s.prepare()
    secfix.make_executable(s, ["upload/cgi/echo.cgi"])
    for d in ("upload", "stage"):
        T.harness.chown_run_user(s.path("htdocs", d))
    return s


def _pages():
    pg = secfix.pages(T.TOP)
    bad_gbk = (pg["bad"].decode("utf-8").replace('<meta charset="utf-8">',
                                                 '<meta charset="gbk">').encode("gbk"))
    return pg, bad_gbk


def _absent(srv, path):
    check_eq(srv.get(path).status, 404, "GET %s after a refused upload" % path)


def sec_gate_client_labels(rt):
    srv = rt.server("secgate")
    pg, bad_gbk = _pages()
    cases = [
        ("/upload/l1.html", pg["bad"], "text/plain"),
        ("/upload/l2.html", pg["bad"], "application/octet-stream"),
        ("/upload/l3.html", bad_gbk, "text/html; charset=iso-8859-1"),
        ("/upload/l4.html", bad_gbk, "text/html; charset=utf-16"),
    ]
    for path, body, ctype in cases:
        r = srv.request("PUT", path, headers={"Content-Type": ctype}, body=body)
        check_eq(r.status, 422, "PUT %s labelled %s" % (path, ctype))
        _absent(srv, path)
    r = srv.request("PUT", "/upload/ok.html", headers={"Content-Type": "text/plain"},
                    body=pg["good"])
    check(r.status in (201, 204), "a correct report refused: %s", r.describe())


def sec_gate_dav_placement(rt):
    srv = rt.server("secgate")
    pg, _ = _pages()
    dest = lambda p: {"Destination": srv.url(p), "Overwrite": "T"}  # noqa: E731
    for name in ("m.html", "c.html"):
        r = srv.request("PUT", "/stage/" + name, body=pg["bad"])
        check(r.status in (201, 204), "PUT to the ungated stage: %s", r.describe())
    r = srv.request("MOVE", "/stage/m.html", headers=dest("/upload/m.html"))
    check_eq(r.status, 422, "MOVE of a failing report into the gated location")
    _absent(srv, "/upload/m.html")
    check_eq(srv.get("/stage/m.html").status, 200, "the refused MOVE's source")
    r = srv.request("COPY", "/stage/c.html", headers=dest("/upload/c.html"))
    check_eq(r.status, 422, "COPY of a failing report into the gated location")
    _absent(srv, "/upload/c.html")
    # stored under a name that is not checked as HTML, then renamed
    r = srv.request("PUT", "/upload/t.txt", body=pg["bad"])
    if r.status in (201, 204):
        r = srv.request("MOVE", "/upload/t.txt", headers=dest("/upload/t.html"))
        check_eq(r.status, 422, "MOVE t.txt -> t.html inside the gated location")
        _absent(srv, "/upload/t.html")
    # a collection cannot carry files past the gate
    check(srv.request("MKCOL", "/stage/col/").status == 201, "MKCOL /stage/col/")
    srv.request("PUT", "/stage/col/x.html", body=pg["bad"])
    r = srv.request("MOVE", "/stage/col/", headers=dest("/upload/col/"))
    check_eq(r.status, 403, "MOVE of a collection into the gated location")
    _absent(srv, "/upload/col/x.html")
    # a correct report moves in
    srv.request("PUT", "/stage/g.html", body=pg["good"])
    r = srv.request("MOVE", "/stage/g.html", headers=dest("/upload/g.html"))
    check(r.status in (201, 204), "MOVE of a correct report: %s", r.describe())
    check_eq(srv.get("/upload/g.html").status, 200, "the moved correct report")


def sec_gate_htaccess_cannot_open(rt):
    srv = rt.server("secgate")
    pg, _ = _pages()
    r = srv.request("PUT", "/upload/tenant/x.html", body=pg["bad"])
    check(r.status not in (200, 201, 204), "a .htaccess opened the gate: %s",
          r.describe().splitlines()[0])
    check(not os.path.exists(os.path.join(srv.docroot, "upload", "tenant", "x.html")),
          "the failing report was stored")


def sec_gate_partial_put(rt):
    srv = rt.server("secgate")
    pg, _ = _pages()
    r = srv.request("PUT", "/upload/part.html", body=pg["good"][:100],
                    headers={"Content-Range": "bytes 0-99/%d" % len(pg["good"])})
    check_eq(r.status, 400, "PUT with Content-Range")
    _absent(srv, "/upload/part.html")




def sec_gate_oversize(rt):
    srv = rt.server("secgate")
    pg, _ = _pages()
    # the padding first: a parse that stops at the limit sees no report at all
    padded = b"<!--" + b" " * 400000 + b"-->\n" + pg["bad"]
    r = srv.request("PUT", "/upload/big.html", body=padded)
    check_eq(r.status, 413, "PUT of a padded failing report (Content-Length)")
    _absent(srv, "/upload/big.html")
    check_eq(secfix.chunked_put(srv, "/upload/bigc.html", padded), 413,
             "chunked PUT of a padded failing report")
    _absent(srv, "/upload/bigc.html")
    check_eq(secfix.chunked_put(srv, "/upload/smallc.html", pg["good"]), 201,
             "chunked PUT of a correct report")


def sec_gate_body_after_redirect(rt):
    srv = rt.server("secgate")
    body = b"hello=world&x=1"
    for path in ("/upload/cgi/echo.cgi", "/upload/cgi/front"):
        r = srv.request("POST", path, body=body,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status == 200, "POST %s: %s", path, r.describe())
        check_eq(r.body.strip(), b"clen=15 body_bytes=15", "POST %s as the CGI read it" % path)


def register(reg, tests_module):
    global T
    T = tests_module
    secfix.register_tests(
        reg, T, "secgate", make_server,
        (sec_gate_client_labels, sec_gate_dav_placement, sec_gate_htaccess_cannot_open,
         sec_gate_partial_put, sec_gate_oversize, sec_gate_body_after_redirect))
