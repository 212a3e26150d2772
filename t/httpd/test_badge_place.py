"""Where the badge goes, and who sees it (issue 13, items 2 and 3).

A CMS template can reserve the badge's place with a <!--gikreport--> comment inside
the article; the badge then goes right after it, with `GikReportBadge end` and `top`
alike, fresh and from the cache, and every page byte stays as it was.  Without one,
`end` puts it before the last </body>.  A page that is no report gets no badge even
with a placeholder.

Showing badges to some readers only is plain httpd configuration: `GikReportBadge off`
for everyone and `<If>` turning it back on for the intranet (-R on the client
address), for a preview host (%{HTTP_HOST}) or for a request header.  Each variant is
served here and checked both ways.

Registered into the integration runner by tests.py; run alone with
`t/httpd/run badge_place_`.
"""

from harness import TestFailure, check, check_eq, find_badges, strip_badges

T = None

CONF = r"""
AddType text/html .html
<Directory "{DOCROOT}/p">
    GikReport On
</Directory>
<Directory "{DOCROOT}/pt">
    GikReport On
    GikReportBadge top
</Directory>
<Directory "{DOCROOT}/bk">
    SetOutputFilter BUCKETEER;GIKREPORT
</Directory>
<Directory "{DOCROOT}/intra">
    GikReport On
    GikReportBadge off
    <If "-R '127.0.0.0/8'">
        GikReportBadge end
    </If>
</Directory>
<Directory "{DOCROOT}/extra">
    GikReport On
    GikReportBadge off
    <If "-R '192.0.2.0/24'">
        GikReportBadge end
    </If>
</Directory>
<Directory "{DOCROOT}/preview">
    GikReport On
    GikReportBadge off
    <If "%{HTTP_HOST} =~ /^preview\./">
        GikReportBadge end
    </If>
</Directory>
<Directory "{DOCROOT}/hdr">
    GikReport On
    GikReportBadge off
    <If "%{HTTP:X-Gik-Preview} == 'on'">
        GikReportBadge end
    </If>
</Directory>
"""

PLACEHOLDER = b"<!--gikreport-->"


def cms_page(text, placeholder=True):
    """A government site's article page: the site header, the article (with the
    badge's place reserved after its heading), the site footer."""
    body = T.mkpages.blocks_to_html(T.mkpages.text_to_blocks(text))
    title = T.mkpages.title_of(text)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">\n"
            "<title>%s</title></head>\n<body>\n"
            "<div class=\"site-header\">某县人民政府门户网站 · 政府信息公开</div>\n"
            "<div class=\"article\"><h1>%s</h1>\n%s\n%s\n</div>\n"
            "<div class=\"site-footer\">主办单位：某县人民政府办公室　网站标识码：1234000001</div>\n"
            "<script>var s = '<!--gikreport-->';</script>\n</body>\n</html>\n"
            % (title, title, PLACEHOLDER.decode() if placeholder else "", body)).encode("utf-8")


def _seed0():
    for name, data in T.mkpages.read_seeds(T.TOP):
        if name.startswith("000_"):
            return data.decode("utf-8")
    raise TestFailure("seed 000 not found")


def files():
    text = _seed0()
    with_ph = cms_page(text)
    with open(T.os.path.join(T.mkpages.HERE, "news.html"), "rb") as f:
        news = f.read()
    out = {"p/ph.html": with_ph, "p/noph.html": cms_page(text, placeholder=False),
           "pt/ph.html": with_ph,
           "p/news.html": news.replace(b"</body>", PLACEHOLDER + b"</body>", 1)}
    out["bk/ph.html"] = _streamed(with_ph)
    for d in ("intra", "extra", "preview", "hdr"):
        out[d + "/ph.html"] = with_ph
    # file names a CMS or a clerk gives: the companion must be of this very page
    for name in ODD_NAMES:
        out["p/" + name] = with_ph
    out["p/a b.html"] = news      # what "a%20b.html" must not be confused with
    # a placeholder in <head> (a template's stray comment) is no place for a badge
    out["p/headph.html"] = with_ph.replace(b"</title>", b"</title>" + PLACEHOLDER, 1)
    return out


# '#', '?' and '%' are legal in file names but not in a URI path as they are
ODD_NAMES = ("a#b.html", "a?b.html", "100%.html", "a%20b.html", "年报 2024.html")


def _streamed(page):
    """The page as mod_bucketeer streams it: split inside the placeholder (0x02) and
    FLUSHed (0x06) before and after it and in the article, as a CMS streaming its
    output would; bucketeer removes the control bytes."""
    i = page.index(PLACEHOLDER)
    cut = [i - 20, i + 5, i + 9, i + len(PLACEHOLDER) + 30, len(page) // 2 + i // 2,
           page.rindex(b"</body>") - 40]
    out, prev = b"", 0
    for k, c in enumerate(sorted(cut)):
        out += page[prev:c] + (b"\x02" if PLACEHOLDER in page[c - 9:c + 9] else b"\x06")
        prev = c
    return out + page[prev:]


def make_server(name):
    return T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF)


def _stripped(body):
    return strip_badges(body)[0]


def _badged_at(srv, path, original, headers=None):
    """GETs path; checks that the page minus its one badge is the original; returns
    the badge's offset in the original."""
    r = srv.get(path, headers=headers)
    check(r.status == 200, "GET %s: %s", path, r.describe().splitlines()[0])
    spans = find_badges(r.body)
    check_eq(len(spans), 1, "badges on %s" % path)
    check(_stripped(r.body) == original, "%s: page bytes changed besides the badge", path)
    return spans[0][0]


def _unbadged(srv, path, original, headers=None):
    r = srv.get(path, headers=headers)
    check(r.status == 200, "GET %s: %s", path, r.describe().splitlines()[0])
    check(not find_badges(r.body), "%s (headers %r): a badge where none should be",
          path, headers)
    check(r.body == original, "%s: page bytes changed", path)
    return r


def badge_place_placeholder(rt):
    srv = rt.server("badgeplace")
    pages = files()
    page = pages["p/ph.html"]
    want = page.index(PLACEHOLDER) + len(PLACEHOLDER)
    check(page.index(PLACEHOLDER) < page.index("site-footer".encode()), "fixture order")
    for path in ("/p/ph.html", "/pt/ph.html"):
        for attempt in ("fresh", "cached"):
            at = _badged_at(srv, path, page)
            check(at == want, "%s (%s): badge at %d, the placeholder ends at %d (end of "
                  "body %d)", path, attempt, at, want, page.rindex(b"</body>"))
    # streamed with FLUSHes: the bytes before the placeholder go on, the badge still
    # goes after it
    at = _badged_at(srv, "/bk/ph.html", page)
    check(at == want, "streamed page: badge at %d, the placeholder ends at %d", at, want)
    # one in <head> too: the one in the article
    page = pages["p/headph.html"]
    want = page.index(PLACEHOLDER, page.index(b"<body")) + len(PLACEHOLDER)
    check_eq(_badged_at(srv, "/p/headph.html", page), want, "badge offset with a placeholder "
             "in <head> and one in the article")
    # no placeholder: the last </body>, after the footer
    page = pages["p/noph.html"]
    check_eq(_badged_at(srv, "/p/noph.html", page), page.rindex(b"</body>"),
             "badge offset without a placeholder")
    # a page that is no report: no badge, placeholder or not
    _unbadged(srv, "/p/news.html", pages["p/news.html"])
    _unbadged(srv, "/p/news.html", pages["p/news.html"])


def badge_place_visibility(rt):
    srv = rt.server("badgeplace")
    page = files()["intra/ph.html"]
    want = page.index(PLACEHOLDER) + len(PLACEHOLDER)
    # the intranet: the test client is 127.0.0.1
    check_eq(_badged_at(srv, "/intra/ph.html", page), want, "intranet badge offset")
    # an address range the client is not in: page as published, companion still there
    _unbadged(srv, "/extra/ph.html", page)
    r = srv.get("/extra/ph.html.gik.json")
    check(r.status == 200 and b'"is_report": true' in r.body.replace(b'"is_report":true',
                                                                      b'"is_report": true'),
          "companion of an unbadged page: %s", r.describe().splitlines()[0])
    # a preview host
    check_eq(_badged_at(srv, "/preview/ph.html", page,
                        headers={"Host": "preview.example.gov.cn"}), want, "preview host")
    _unbadged(srv, "/preview/ph.html", page, headers={"Host": "www.example.gov.cn"})
    # a request header; caches are told the page varies with it
    check_eq(_badged_at(srv, "/hdr/ph.html", page, headers={"X-Gik-Preview": "on"}), want,
             "preview header")
    r = _unbadged(srv, "/hdr/ph.html", page)
    vary = (r.header("Vary") or "").lower()
    check("x-gik-preview" in vary, "Vary %r does not name X-Gik-Preview", vary)


def badge_place_findings_view(rt):
    """PAGE.gik.html is the core's findings view: the verdict in Chinese, table B's group
    headings, a link back to the page and to the JSON."""
    srv = rt.server("badgeplace")
    r = srv.get("/p/ph.html.gik.html")
    check(r.status == 200, "GET /p/ph.html.gik.html: %s", r.describe().splitlines()[0])
    check((r.header("Content-Type") or "").startswith("text/html"), "view Content-Type %r",
          r.header("Content-Type"))
    h = r.body.decode("utf-8")
    status = T.json.loads(srv.get("/p/ph.html.gik.json").body)["summary"]["status"]
    word = {"pass": "通过", "warn": "有警告", "fail": "未通过"}[status]
    check('data-gik-verdict="%s"><strong>%s</strong>' % (status, word) in h,
          "view verdict is not %s %s", status, word)
    for g in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"):
        check(('scope="rowgroup" colspan="8" class="subgroup">%s</th>' % g) in h,
              "view lacks the group heading %s", g)
    check('<a href="/p/ph.html">返回报告页面</a>' in h, "view has no link back to the page")
    check('href="/p/ph.html.gik.json"' in h, "view has no link to the JSON")
    check(not find_badges(r.body), "the view got a badge")


def badge_place_odd_names(rt):
    """The badge of a page whose name holds '#', '?', '%' or a space links to that
    page's findings view, and the view links back to the page."""
    import html
    from urllib.parse import quote
    srv = rt.server("badgeplace")
    for name in ODD_NAMES:
        path = "/p/" + quote(name)
        r = srv.get(path)
        spans = find_badges(r.body)
        check(r.status == 200 and len(spans) == 1, "GET %s: %s, %d badges", path,
              r.describe().splitlines()[0], len(spans))
        href = T.re.search(rb'href="([^"]*)"', r.body[spans[0][0]:spans[0][1]])
        href = html.unescape(href.group(1).decode("ascii"))
        v = srv.get(href)
        check(v.status == 200, "%s: the badge's link %s answers %d", name, href, v.status)
        j = srv.get(href[:-len("html")] + "json")
        check(j.status == 200 and T.json.loads(j.body)["is_report"] is True,
              "%s: the companion JSON (%d) is not the report's", name, j.status)
        back = T.re.search(rb'<nav><p><a href="([^"]*)"', v.body)
        check(back, "%s: the view has no link back", name)
        back = html.unescape(back.group(1).decode("ascii"))
        b = srv.get(back)
        check(b.status == 200 and len(find_badges(b.body)) == 1,
              "%s: the view's link back %s answers %d", name, back, b.status)


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["badgeplace"] = make_server
    reg.test(quick=True)(badge_place_placeholder)
    reg.test()(badge_place_visibility)
    reg.test()(badge_place_findings_view)
    reg.test()(badge_place_odd_names)
