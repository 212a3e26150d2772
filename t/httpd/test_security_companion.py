"""Security of companions (issue 9, audit H1-H3, M1, M2, L3, L4, I1).

Each test performs an attack of one kind against a real httpd and asserts that it is
refused; `t/httpd/run sec_companion` runs them.  What must hold:

* a companion only ever sends bytes the module produced: pages reached through internal
  redirects (per-directory RewriteRule, a CGI's local Location) never come out raw, and
  every companion carries X-Content-Type-Options: nosniff;
* the page is named by the raw request path, decoded once (%3F, %252e%252e are no way out
  of the GikReport area, and add no cache or registry entries);
* a companion exists only for a page the filter would check: other types, encoded bodies
  and huge files cost a lookup, not a read;
* every rule that refuses the page refuses its companions, also rules keyed on the request
  URI (Require expr, SetEnvIf + Require env, RewriteRule [F,NS]);
* CORS only where GikReportCompanionCORS is On, never with credentials;
* odd file names have working companions; pages with a query string link none;
* a bidi override in the page's text is neutralised in the badge, the HTML view and the
  status page (the JSON keeps the data as the page says it).
"""

import json
import re
import urllib.parse

from harness import check, check_eq, short, find_badges
import secfix

T = None

CONF = r"""
AddType text/html .html
SetEnvIf Request_URI "envsecret\.html$" gik_deny
<Location /gik-status>
    SetHandler gikreport-status
</Location>
<Directory "{DOCROOT}/p">
    GikReport On
    Options +FollowSymLinks
    AllowOverride All
</Directory>
<Directory "{DOCROOT}/p/off">
    GikReport Off
</Directory>
<Directory "{DOCROOT}/p/expr">
    Require expr "%{REQUEST_URI} !~ m#exprsecret\.html$#"
</Directory>
<Directory "{DOCROOT}/p/env">
    <RequireAll>
        Require all granted
        Require not env gik_deny
    </RequireAll>
</Directory>
<Directory "{DOCROOT}/p/ip">
    Require ip 10.255.255.254
</Directory>
<Directory "{DOCROOT}/p/auth">
@BASIC_AUTH@
</Directory>
<Directory "{DOCROOT}/p/cgi">
    Options +ExecCGI
    AddHandler cgi-script .cgi
</Directory>
<Directory "{DOCROOT}/p/gz">
    RemoveType .gz
    AddEncoding gzip .gz
</Directory>
<Directory "{DOCROOT}/p/small">
    GikReportMaxBytes 65536
</Directory>
<Directory "{DOCROOT}/p/subst">
    # a content filter of the page's location must not rewrite the companion
    AddOutputFilter SUBSTITUTE .html
    Substitute "s/\"status\": \"pass\"/\"status\": \"forged\"/"
</Directory>
# Action: x.act is served by a CGI through an internal redirect
ScriptAlias /cgi-act/ "{DOCROOT}/cgiact/"
<Directory "{DOCROOT}/p/act">
    Action gik-act /cgi-act/show.cgi
    AddHandler gik-act .act
</Directory>
# a rule written for the companions' own URIs
<LocationMatch "^/p/nocomp/.*\.gik\.">
    Require all denied
</LocationMatch>
CacheSocache shmcb
CacheEnable socache /p/cached/
CacheIgnoreNoLastMod On
CacheDefaultExpire 600
<Directory "{DOCROOT}/pub">
    GikReport On
    GikReportCompanionCORS On
</Directory>
<Directory "{DOCROOT}/pub/auth">
@BASIC_AUTH@
</Directory>
"""

CONF = CONF.replace("@BASIC_AUTH@\n", secfix.BASIC_AUTH_CONF)

HTACCESS_RW = (b"RewriteEngine On\n"
               b"RewriteRule ^pretty\\.html$ target.html [L]\n"
               b"RewriteRule ^att/(.*)$ /uploads/$1 [L]\n"
               b"RewriteRule ^nssecret\\.html$ - [F,NS]\n")

EVIL = b"user comment: <script>alert(document.domain)</script>\n"

CGIS = {
    "cgiact/show.cgi": secfix.cgi('printf "Content-Type: text/html\\r\\n\\r\\n"\n'
                                  'printf "<p>user comment: <script>alert(2)</script></p>\\n"\n'),
    # a local redirect (mod_cgi turns it into an internal redirect)
    "p/cgi/loc.cgi": secfix.cgi('printf "Location: /uploads/evil.txt\\r\\n\\r\\n"\n'),
    # JSON echoing input: must never become HTML on the site's origin
    "p/cgi/echo.cgi": secfix.cgi('printf "Content-Type: application/json\\r\\n\\r\\n"\n'
                                 'printf \'{"q": "<script>alert(1)</script>"}\\n\'\n'),
    # a CMS: ?id=1 the good report, ?id=2 the bad one
    "p/cgi/cms.cgi": secfix.cgi('printf "Content-Type: text/html; charset=utf-8\\r\\n\\r\\n"\n'
                                'case "$QUERY_STRING" in\n'
                                '  id=1) cat ../good.html;;\n'
                                '  id=2) cat ../bad.html;;\n'
                                '  *) echo "<html><body>index</body></html>";;\n'
                                'esac\n'),
}

# U+202E RIGHT-TO-LEFT OVERRIDE inside the organisation's name
BIDI_ORG = "石门县\u202e吉星岗乡"
RLO = "\u202e".encode()

ODD_NAMES = ["a%b.html", "r#1.html", "q?x.html", "a%2e.html", "sp ace.html"]


def files():
    pg = secfix.pages(T.TOP)
    f = {
        "p/good.html": pg["good"], "p/bad.html": pg["bad"],
        "p/rwi/target.html": pg["bad"], "p/rwi/.htaccess": HTACCESS_RW,
        "p/rwi/nssecret.html": pg["good"],
        "uploads/evil.txt": EVIL,
        "p/off/bad.html": pg["bad"],
        # a file that only looks like a companion, where companions are off
        "p/off/data.gik.json": b'{"real": "file"}\n',
        "p/expr/exprsecret.html": pg["good"], "p/env/envsecret.html": pg["good"],
        "p/ip/draft.html": pg["good"], "p/auth/a.html": pg["good"],
        "p/gz/page.html.gz": pg["good"], "p/data.bin": b"\0" * 4096,
        "p/sub/index.html": pg["good"],
        "p/small/big.html": pg["bad"] + b"<!-- " + b"x" * 300000 + b" -->\n",
        "pub/good.html": pg["good"], "pub/auth/a.html": pg["good"],
        "p/nocomp/good.html": pg["good"], "p/subst/good.html": pg["good"], "p/cached/good.html": pg["good"],
    }
    for n in ODD_NAMES:
        f["p/names/" + n] = pg["bad"]
    f["p/bidi.html"] = pg["good"].replace("石门县吉星岗乡".encode(), BIDI_ORG.encode())
    f.update(CGIS)
    return f


def make_server(name):
    s = T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF,
                        modules=T.harness.DEFAULT_MODULES + secfix.MODULES_EXTRA
                        + ["substitute", "cache", "cache_socache"])
    s.prepare()
    secfix.write_htpasswd(s)
    secfix.make_executable(s, CGIS)
    # a 2 GB sparse download in the GikReport area: reading it takes seconds
    with open(s.path("htdocs", "p", "video.mp4"), "wb") as f:
        f.truncate(2 * 1024 * 1024 * 1024)
    return s


RAW_MARK = b'<meta name="SiteName"'    # in the report pages, in no companion


def _no_raw(r, what):
    check(b"<script>" not in r.body and RAW_MARK not in r.body and b"user comment" not in r.body,
          "%s sent raw page bytes: %s", what, short(r.body, 200))


def sec_companion_internal_redirect(rt):
    srv = rt.server("seccomp")
    # (a) a pretty URL rewritten in .htaccess: the companion of the page it shows
    for ext, ctype in (("json", "application/json"), ("csv", "text/csv"),
                       ("html", "text/html")):
        r = srv.get("/p/rwi/pretty.html.gik." + ext)
        check(r.status == 200, "pretty.html.gik.%s: %s", ext, r.describe())
        check((r.header("Content-Type") or "").startswith(ctype),
              "pretty.html.gik.%s Content-Type %r", ext, r.header("Content-Type"))
        check_eq(r.header("X-Content-Type-Options"), "nosniff", "nosniff on .gik." + ext)
        if ext == "html":
            check("script-src" not in (r.header("Content-Security-Policy") or "x script-src")
                  and "default-src 'none'" in r.header("Content-Security-Policy", ""),
                  "the HTML view's CSP: %r", r.header("Content-Security-Policy"))
        check_eq(r.header("Access-Control-Allow-Origin"), None, "ACAO on .gik." + ext)
        if ext == "json":
            d = json.loads(r.body.decode("utf-8"))
            check(d["is_report"] and d["summary"]["status"] == "fail",
                  "pretty.html is the bad report behind a rewrite: %r", d["summary"])
        else:
            _no_raw(r, "pretty.html.gik." + ext)
    # (b) user content behind the rewrite and behind a CGI local redirect: never raw,
    # never as HTML
    for path in ("/p/rwi/att/evil.txt.gik.html", "/p/rwi/att/evil.txt.gik.json",
                 "/p/cgi/loc.cgi.gik.html", "/p/cgi/loc.cgi.gik.json",
                 "/p/cgi/echo.cgi.gik.html"):
        for method in ("GET", "HEAD"):
            r = srv.request(method, path)
            check_eq(r.status, 404, "%s %s status" % (method, path))
            _no_raw(r, path)
            check_eq(r.header("Access-Control-Allow-Origin"), None, "ACAO on " + path)
    # (c) an Action handler (internal redirect to a CGI): the module's document,
    # never the CGI's HTML
    for ext in ("html", "json"):
        r = srv.get("/p/act/x.act.gik." + ext)
        check(r.status in (200, 404), "x.act.gik.%s: %s", ext, r.describe())
        _no_raw(r, "x.act.gik." + ext)
        if r.status == 200 and ext == "json":
            check(not json.loads(r.body)["is_report"], "x.act read as a report")


def sec_companion_decode_once(rt):
    srv = rt.server("seccomp")
    before = secfix.status_json(srv)
    # %3F: no query string for the page; %252e%252e: no way out of the folder
    for path in ("/p/good.html%3Fa.gik.json", "/p/good.html%3Fb.gik.html",
                 "/p/%252e%252e/p/off/bad.html.gik.json", "/p/off/bad.html.gik.json",
                 "/p/x/%252e%252e/off/bad.html.gik.json",
                 "/p/cgi/%252e%252e/cgi/cms.cgi%3Fid=2.gik.json"):
        r = srv.get(path)
        check(r.status in (400, 404), "%s: expected 404, got %s", path, r.describe())
        _no_raw(r, path)
    for i in range(40):
        srv.get("/p/good.html%%3Fspam%d.gik.json" % i)
    after = secfix.status_json(srv)
    uris = [e["uri"] for e in after["reports"]]
    check(not [u for u in uris if "?" in u or "spam" in u or "%" in u],
          "registry entries from spelled variants: %r", uris)
    check(len(uris) <= len(before["reports"]) + 1,
          "40 variant requests added registry entries: %d -> %d", len(before["reports"]),
          len(uris))
    # a real file named like a companion, where GikReport is Off, is served
    r = srv.get("/p/off/data.gik.json")
    check(r.status == 200 and r.body == b'{"real": "file"}\n',
          "/p/off/data.gik.json (a file): %s", r.describe())
    # the real companion still works, named once, whatever the client's validators
    # (they are the companion's; the page's subrequest does not get them)
    import email.utils
    import time
    r = srv.get("/p/good.html.gik.json",
                headers={"If-Modified-Since": email.utils.formatdate(time.time() - 5, usegmt=True)})
    check(r.status == 200 and json.loads(r.body)["source"]["uri"] == "/p/good.html",
          "/p/good.html.gik.json: %s", r.describe())


def sec_companion_not_checkable(rt):
    srv = rt.server("seccomp")
    base, _ = secfix.timed_get(srv, "/p/nothere.html")
    for path in ("/p/video.mp4.gik.json", "/p/data.bin.gik.json", "/p/gz/page.html.gz.gik.json",
                 "/p/sub.gik.json"):
        r, took = secfix.timed_get(srv, path)
        if path == "/p/sub.gik.json":
            # a directory without its slash: the page's own redirect, with Location
            check_eq(r.status, 301, path + " status")
            check((r.header("Location") or "").endswith("/p/sub/"),
                  "%s: Location %r", path, r.header("Location"))
            continue
        check_eq(r.status, 404, path + " status")
        check(took < 0.5, "%s took %.2fs: the file was read", path, took)
    # reading stops at GikReportMaxBytes: the long page is checked partially
    r = srv.get("/p/small/big.html.gik.json")
    check(r.status == 200, "small/big.html.gik.json: %s", r.describe())
    d = json.loads(r.body)
    check(d["checked"]["partial"] is True, "a page past GikReportMaxBytes not partial: %r",
          d["checked"])


def _pair(srv, page, headers=None):
    out = []
    for suffix in ("", ".gik.json", ".gik.csv", ".gik.html"):
        r = srv.get(page + suffix, headers=headers)
        out.append((suffix or "page", r.status, r))
    return out


def sec_companion_access_rules(rt):
    srv = rt.server("seccomp")
    cases = {
        "/p/expr/exprsecret.html": 403,     # Require expr on REQUEST_URI
        "/p/env/envsecret.html": 403,       # SetEnvIf Request_URI + Require not env
        "/p/rwi/nssecret.html": 403,        # RewriteRule [F,NS] in .htaccess
        "/p/ip/draft.html": 403,            # Require ip
        "/p/auth/a.html": 401,              # Basic auth
    }
    for page, want in cases.items():
        for what, status, r in _pair(srv, page):
            check_eq(status, want, "%s %s" % (page, what))
            check(b"organization" not in r.body and "石门县".encode() not in r.body,
                  "%s %s leaks the report: %s", page, what, short(r.body, 200))
            if want == 401:
                check(r.header("WWW-Authenticate", "").startswith("Basic"),
                      "%s %s: no WWW-Authenticate", page, what)
    for what, status, _ in _pair(srv, "/p/auth/a.html", {"Authorization": secfix.BASIC}):
        check_eq(status, 200, "/p/auth/a.html %s with credentials" % what)
    # a rule on the companion's own URI still refuses it
    for what, status, _ in _pair(srv, "/p/nocomp/good.html"):
        check_eq(status, 200 if what == "page" else 403, "/p/nocomp/good.html %s" % what)


def sec_companion_cors(rt):
    srv = rt.server("seccomp")
    origin = {"Origin": "https://evil.example"}
    r = srv.get("/p/good.html.gik.json", headers=origin)
    check(r.status == 200, "%s", r.describe())
    check_eq(r.header("Access-Control-Allow-Origin"), None, "ACAO without the directive")
    r = srv.get("/pub/good.html.gik.json", headers=origin)
    check_eq(r.header("Access-Control-Allow-Origin"), "*", "ACAO with GikReportCompanionCORS On")
    h = dict(origin, Authorization=secfix.BASIC)
    r = srv.get("/pub/auth/a.html.gik.json", headers=h)
    check(r.status == 200, "%s", r.describe())
    check_eq(r.header("Access-Control-Allow-Origin"), None, "ACAO on a page behind credentials")


def sec_companion_odd_names(rt):
    srv = rt.server("seccomp")
    for n in ODD_NAMES:
        page = "/p/names/" + urllib.parse.quote(n)
        r = srv.get(page)
        check(r.status == 200, "%s: %s", page, r.describe())
        badges = find_badges(r.body)
        check(badges, "%s has no badge", page)
        m = re.search(rb'href="([^"]+)"', r.body[badges[0][0]:badges[0][1]])
        check(m, "%s: badge without link", page)
        href = m.group(1).decode()
        j = srv.get(href.replace(".gik.html", ".gik.json"))
        check(j.status == 200, "%s: companion %s: %s", page, href, j.describe())
        d = json.loads(j.body)
        check_eq(d["source"]["uri"], "/p/names/" + n, "source.uri of " + href)
        check_eq(d["summary"]["status"], "fail", "verdict of " + href)
        check_eq(srv.get(href).status, 200, href)


def sec_companion_query_pages(rt):
    srv = rt.server("seccomp")
    r = srv.get("/p/cgi/cms.cgi?id=2")
    check(r.status == 200 and b'data-gik-status="fail"' in r.body,
          "cms.cgi?id=2 not badged fail: %s", r.describe())
    check(b".gik.html" not in r.body, "a query page links a companion of another page")
    check(not [v for v in r.header_all("Link") if ".gik." in v],
          "a query page has a companion Link: %r", r.header_all("Link"))
    for path in ("/p/cgi/cms.cgi.gik.json?id=2", "/p/cgi/cms.cgi.gik.json?id=1"):
        check_eq(srv.get(path).status, 404, path)
    d = secfix.status_json(srv)
    check(not [e for e in d["reports"] if "cms.cgi" in e["uri"]],
          "query-string pages in the registry: %r", [e["uri"] for e in d["reports"]])


def sec_companion_bidi_controls(rt):
    srv = rt.server("seccomp")
    r = srv.get("/p/bidi.html")
    spans = find_badges(r.body)
    check(spans, "/p/bidi.html has no badge")
    badge = r.body[spans[0][0]:spans[0][1]]
    check(b"&#8238;" not in badge and RLO not in badge, "U+202E in the badge: %s",
          short(badge, 300))
    check("&#30707;&#38376;&#21439;&#65533;".encode() in badge,
          "the badge does not show U+FFFD in place of U+202E")
    for path in ("/p/bidi.html.gik.html", "/gik-status", "/gik-status?csv"):
        r = srv.get(path)
        check(r.status == 200, "%s: %s", path, r.describe())
        check(RLO not in r.body and b"&#8238;" not in r.body and b"&#x202e;" not in r.body.lower(),
              "U+202E in %s", path)
        check("石门县\ufffd吉星岗乡".encode() in r.body, "%s does not show the name neutralised", path)
    # the data keeps what the page says
    d = json.loads(srv.get("/p/bidi.html.gik.json").body)
    check_eq(d["organization"], BIDI_ORG + "人民政府", "JSON organization")


def sec_companion_page_filters_and_cache(rt):
    srv = rt.server("seccomp")
    d = json.loads(srv.get("/p/subst/good.html.gik.json").body)
    check_eq(d["summary"]["status"], "pass", "companion behind a page's SUBSTITUTE filter")
    # mod_cache (quick handler) stores the page under its URI; the companion request
    # names the same page, and must get neither the stored page nor be stored as it
    for i in range(2):
        r = srv.get("/p/cached/good.html")
        check(r.status == 200 and RAW_MARK in r.body, "cached page, view %d: %s", i,
              r.describe())
    for i in range(2):
        r = srv.get("/p/cached/good.html.gik.json")
        check(r.status == 200 and r.body.startswith(b"{"),
              "companion of a page in mod_cache, request %d: %s", i, r.describe())
        _no_raw(r, "companion of a cached page")
    r = srv.get("/p/cached/good.html")
    check(r.status == 200 and RAW_MARK in r.body and not r.body.startswith(b"{"),
          "the cached page after its companion was served: %s", r.describe())


def register(reg, tests_module):
    global T
    T = tests_module
    secfix.register_tests(
        reg, T, "seccomp", make_server,
        (sec_companion_internal_redirect, sec_companion_decode_once,
         sec_companion_not_checkable, sec_companion_access_rules, sec_companion_cors,
         sec_companion_odd_names, sec_companion_query_pages, sec_companion_bidi_controls,
         sec_companion_page_filters_and_cache),
        quick=(sec_companion_internal_redirect,))
