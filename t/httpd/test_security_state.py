"""Server-wide state that cannot be turned against a site (issue 9, audit M5, L2, L5).

`t/httpd/run sec_state`.  Two name-based virtual hosts, a.test and b.test, on one server
(one cache, one registry).  What must hold:

* one vhost's verdict never badges another's page, even when their backends give the same
  path the same ETag;
* registry entries and the status page are per vhost: a same-path page on another vhost
  fakes no "changed after publication";
* PREV-YEAR takes last year's report only from pages the same vhost served at their own URI
  to a GET: not from another vhost, not from a gate upload, not from a POST's reflection;
* `SetHandler gikreport-status` from .htaccess (or AddHandler) does not publish the registry;
* a page replaced with the same size and mtime (cp -p, rsync -a) gets a new verdict.
"""

import json
import os

from harness import check, check_eq
import secfix

T = None

VHOST = r"""
<VirtualHost *:{PORT}>
    ServerName %(host)s
    DocumentRoot "{DOCROOT}/%(dir)s"
    <Location /gik-status>
        SetHandler gikreport-status
    </Location>
    <Directory "{DOCROOT}/%(dir)s">
        GikReport On
        Options +ExecCGI
        AddHandler cgi-script .cgi
        AllowOverride All
    </Directory>
    <Directory "{DOCROOT}/%(dir)s/upload">
        DAV On
        GikReportGate On
    </Directory>
</VirtualHost>
"""

CONF = ("AddType text/html .html\nDavLockDB \"{TMP}/var/davlock\"\n"
        # the first (default) vhost answers the harness's ping
        "<VirtualHost *:{PORT}>\n    ServerName 127.0.0.1\n    DocumentRoot \"{DOCROOT}\"\n"
        "</VirtualHost>\n"
        + VHOST % {"host": "a.test", "dir": "va"} + VHOST % {"host": "b.test", "dir": "vb"})

A = {"Host": "a.test"}
B = {"Host": "b.test"}


def _etag_cgi(page):
    # the same ETag on both hosts, as a shared template server or a constant ETag gives
    return secfix.cgi('printf "Content-Type: text/html; charset=utf-8\\r\\nETag: \\"v1\\"\\r\\n\\r\\n"\n'
                      'cat %s\n' % page)


def files():
    pg = secfix.pages(T.TOP)
    f = {}
    for d, same in (("va", pg["good"]), ("vb", pg["bad"])):
        f[d + "/same.html"] = same
        f[d + "/page.html.src"] = same
        f[d + "/page.cgi"] = _etag_cgi("page.html.src")
        f[d + "/upload/keep.txt"] = b"placeholder\n"
        f[d + "/tenant/stats"] = b"tenant file\n"
        f[d + "/tenant/x.stat"] = b"tenant file\n"
    f["va/tenant/.htaccess"] = (b'<Files "stats">\nSetHandler gikreport-status\n</Files>\n'
                                b"AddHandler gikreport-status .stat\n")
    f["vb/fake2022.html"] = pg["fake2022"]
    # a CGI that reflects what is posted, as a preview or a search page may
    f["va/echo.cgi"] = secfix.cgi('printf "Content-Type: text/html; charset=GBK\\r\\n\\r\\n"\ncat\n')
    f["va/real2023.html"] = pg["real2023"]
    f["va/swap.html"] = pg["good"]
    return f


def make_server(name):
    s = T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF,
                        modules=T.harness.DEFAULT_MODULES + secfix.MODULES_EXTRA)
    s.prepare()
    secfix.make_executable(s, ["va/page.cgi", "vb/page.cgi", "va/echo.cgi"])
    for d in ("va/upload", "vb/upload"):
        T.harness.chown_run_user(s.path("htdocs", d))
    return s


def _status(srv, host):
    return secfix.status_json(srv, headers=host)


def sec_state_vhost_etag(rt):
    srv = rt.server("secstate")
    r = srv.get("/page.cgi", headers=B)
    check(b'data-gik-status="fail"' in r.body, "b.test's page.cgi not fail: %s", r.describe())
    r = srv.get("/page.cgi", headers=A)
    check(b'data-gik-status="pass"' in r.body,
          "a.test's page.cgi (same path, same ETag) took b.test's verdict: %s",
          r.describe().splitlines()[0])


def sec_state_vhost_registry(rt):
    srv = rt.server("secstate")
    srv.get("/same.html", headers=B)
    srv.get("/same.html", headers=A)
    a, b = _status(srv, A), _status(srv, B)
    ea = [e for e in a["reports"] if e["uri"] == "/same.html"]
    eb = [e for e in b["reports"] if e["uri"] == "/same.html"]
    check(len(ea) == 1 and len(eb) == 1, "one /same.html entry per vhost: %r %r", ea, eb)
    check_eq((ea[0]["status"], ea[0]["changed_after_publication"]), ("pass", False),
             "a.test's /same.html (status, changed)")
    check_eq((eb[0]["status"], eb[0]["changed_after_publication"]), ("fail", False),
             "b.test's /same.html (status, changed)")
    srv.get("/real2023.html", headers=A)
    check(not [e for e in _status(srv, B)["reports"] if e["uri"] == "/real2023.html"],
          "b.test's status page lists a.test's page")


def sec_state_prev_year(rt):
    srv = rt.server("secstate")
    pg = secfix.pages(T.TOP)
    # last year's report planted on another vhost and through a's own gate
    check_eq(srv.get("/fake2022.html", headers=B).status, 200, "b.test fake2022")
    r = srv.request("PUT", "/upload/fake2022.html", headers=A, body=pg["fake2022"])
    check(r.status in (201, 204), "a.test gate upload of a correct 2022 report: %s",
          r.describe().splitlines()[0])
    # ... and by reflection: a POST whose answer is the posted report
    r = srv.request("POST", "/echo.cgi", headers=A, body=pg["fake2022"])
    check(r.status == 200 and b"data-gik-status" in r.body,
          "the reflected 2022 report was not checked as one (test void): %s",
          r.describe().splitlines()[0])
    r = srv.get("/real2023.html.gik.json", headers=A)
    check(r.status == 200, "real2023 companion: %s", r.describe())
    d = json.loads(r.body)
    prev = [f for f in d["findings"] if f["rule"] == "PREV-YEAR"]
    check(not prev, "PREV-YEAR from a page a.test never served: %r", prev)
    check("PREV-YEAR" in d["checked"]["not_assessable"],
          "PREV-YEAR assessed against something: %r", d["checked"]["not_assessable"])
    check_eq(d["summary"]["status"], "pass", "real2023 verdict")
    r = srv.request("PUT", "/upload/real2023.html", headers=A, body=pg["real2023"])
    check(r.status in (201, 204), "the gate refuses a correct report: %s",
          r.describe().splitlines()[0])


def sec_state_status_from_htaccess(rt):
    srv = rt.server("secstate")
    srv.get("/same.html", headers=A)
    for path in ("/tenant/stats?csv", "/tenant/stats?json", "/tenant/x.stat?json"):
        r = srv.get(path, headers=A)
        check(b"/same.html" not in r.body and b"counters" not in r.body,
              "%s publishes the registry: %s", path, r.describe().splitlines()[0])
    check(b"/same.html" in srv.get("/gik-status?csv", headers=A).body,
          "the server-config status page lost the registry")


def sec_state_same_size_mtime(rt):
    srv = rt.server("secstate")
    pg = secfix.pages(T.TOP)
    path = os.path.join(srv.docroot, "va", "swap.html")
    st = os.stat(path)
    r = srv.get("/swap.html", headers=A)
    check(b'data-gik-status="pass"' in r.body, "swap.html first: %s", r.describe())
    check_eq(srv.get("/swap.html", headers=A).status, 200, "swap.html again (cached)")
    with open(path, "r+b") as f:        # same inode, same size, then the old mtime
        f.write(pg["bad"])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    check_eq(os.stat(path).st_size, st.st_size, "swap.html size")
    r = srv.get("/swap.html", headers=A)
    check(b'data-gik-status="fail"' in r.body,
          "a page replaced with the same size and mtime kept its old verdict")
    d = json.loads(srv.get("/swap.html.gik.json", headers=A).body)
    check_eq(d["summary"]["status"], "fail", "swap.html companion verdict")


def register(reg, tests_module):
    global T
    T = tests_module
    secfix.register_tests(
        reg, T, "secstate", make_server,
        (sec_state_vhost_etag, sec_state_vhost_registry, sec_state_prev_year,
         sec_state_status_from_htaccess, sec_state_same_size_mtime))
