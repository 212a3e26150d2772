"""Escaping tests (Hardening issue, item 1): nothing taken from a page reaches the
badge, PAGE.gik.html, the status page (HTML and CSV) or PAGE.gik.csv unescaped, and
the JSON companion is strict UTF-8 even for pages with invalid UTF-8/GBK bytes.

Registered into the integration runner by tests.py (register(REG, tests_module));
run alone with `t/httpd/run escaping_`.

Pages are seed 000 wrapped in HTML (fixtures/mkpages.plain_page) with the title's
organisation name replaced by hostile strings (the recogniser takes organisation
+ year from the title: "<ORG>2024年政府信息公开工作年度报告"; a title may not contain
':' ';' or '。', so the payloads avoid them), plus hostile cell texts (-> CELL-INVALID
message/excerpt) and hostile narrative (-> ARTIFACT excerpt).

Oracles
- HTML outputs (badge, PAGE.gik.html, status HTML): no `<script`, `<img`, `<svg`
  anywhere (the module emits none itself); every start tag's attribute names are in
  a whitelist (an unescaped `"` from the page would create new attributes such as
  `onerror`/`x`); `onerror=`/`onload=`/`alert(1)` occur only outside tags (as text,
  e.g. `&lt;img src=x onerror=alert(1)&gt;` is inert text, so the literal word is
  allowed there); the organisation (as the JSON companion reads it) is visible in the
  unescaped text, i.e. it was escaped, not dropped or swallowed as markup.
- CSV outputs (PAGE.gik.csv, status ?csv): strict UTF-8, parse as CSV; any field
  that begins with = + - @ TAB CR is a number (the value column) -- text from the page
  must start with ' then; the organisation of formula pages appears as "'" + org.
- JSON (companion, status ?json): strict UTF-8 (bytes.decode('utf-8')), parses, and
  no string holds a lone surrogate (a \\ud800 escape also makes invalid UTF-8 once
  decoded); every status entry has the "organization" key (doc/CONTRACTS.md).
"""

import csv
import html
import html.parser
import io
import json
import re

from harness import (TestFailure, check, check_eq, strip_badges, badge_text, short,
                     assert_bytes_equal)

T = None          # the tests module (fixtures, helpers), set by register()

YEAR_TITLE = "2024年政府信息公开工作年度报告"
SEED_TITLE = "辛店镇 2024 年政府信息公开工作年度报告"

XSS_ORGS = {
    "script": "<script>alert(1)</script>镇",
    "img": "<img src=x onerror=alert(1)>镇",
    "quotes": "A\"B'C&D\"><svg/onload=alert(1)>x='y'镇",
}
FORMULA_ORGS = {
    "eq": "=HYPERLINK(\"evil.example/x\",\"点我\")镇",
    "plus": "+1+cmd|' /C calc'!A0镇",
    "minus": "-2+3+cmd|' /C calc'!A0镇",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0镇",
}
# 212 UTF-8 bytes (4-byte U+20BB7): more than the 191 the status registry slot keeps;
# the recogniser accepts it (<= 80 characters in the title)
LONG_ORG = "\U00020BB7" * 50 + "人民政府"

# ARTIFACT (Word field code MERGEFORMAT) quotes ~12 bytes of context as its excerpt
HOSTILE_NARRATIVE = ("，<svg/onload=alert(1)>\"'&MERGEFORMAT<script>alert(1)</script>域代码。")


def _page(text, charset="utf-8"):
    meta = '<meta charset="%s">' % charset
    p = T.mkpages.plain_page(text, meta)
    return p.encode("utf-8") if charset == "utf-8" else p.encode(charset, "xmlcharrefreplace")


def _with_org(org):
    return T.TEXTS[0].replace(SEED_TITLE, org + YEAR_TITLE, 1)


def _hostile_cells(text):
    """Cells of table A with page text instead of numbers (CELL-INVALID quotes them)."""
    t = text.replace("行政规范性文件\t2\t1\t1",
                     "行政规范性文件\t<img src=x onerror=alert(1)>\t1\t1", 1)
    t = t.replace("规章\t0\t0\t0", "规章\t0\t=HYPERLINK(\"x\")\t\"'&<b>x", 1)
    t2 = t.replace("全年未收到依申请公开事项。", "全年未收到依申请公开事项" + HOSTILE_NARRATIVE, 1)
    assert t2 != t and t != text, "seed 000 changed: cannot place the hostile cells"
    return t2


def esc_pages():
    """{docroot rel: (bytes, info)}; info: org (what the title says), formula, gbk."""
    if "v" in _CACHE:
        return _CACHE["v"]
    out = {}
    for k, org in list(XSS_ORGS.items()) + list(FORMULA_ORGS.items()):
        info = {"org": org, "formula": k in FORMULA_ORGS}
        out["esc/%s.html" % k] = (_page(_with_org(org)), info)
        out["esc/gbk_%s.html" % k] = (_page(_with_org(org), "gbk"), dict(info, gbk=True))
    out["esc/cells.html"] = (_page(_hostile_cells(_with_org(XSS_ORGS["script"]))),
                             {"org": XSS_ORGS["script"], "cells": True})
    out["esc/gbk_cells.html"] = (_page(_hostile_cells(_with_org(FORMULA_ORGS["eq"])), "gbk"),
                                 {"org": FORMULA_ORGS["eq"], "formula": True, "cells": True,
                                  "gbk": True})
    # the page's name itself is hostile: href/Link/status URI columns
    out['esc/q"\'<b>&=x.html'] = (_page(_with_org(XSS_ORGS["quotes"])),
                                  {"org": XSS_ORGS["quotes"]})
    out["esc/long.html"] = (_page(_with_org(LONG_ORG)), {"org": LONG_ORG, "long": True})
    # a URI longer than the status slot (256 bytes) made of 3-byte characters
    longdir = "esc/" + "/".join(["路" * 30] * 3) + "/" + "页" * 20 + ".html"
    out[longdir] = (_page(_with_org("辛店镇")), {"org": "辛店镇", "longuri": True})
    # invalid bytes in the organisation, a cell and the narrative
    good = _page(_hostile_cells(_with_org("坏字节ORG镇")))
    bad = (good.replace("坏字节ORG".encode(), b"\xff\xfe\xc0\xaf\xed\xa0\x80", 1)
           .replace("（六）其他".encode(), "（六）其他".encode() + b"\xf8\x88\x80\x80\x80\x00\xc3(", 1))
    out["esc/badutf8.html"] = (bad, {"org": None, "invalid": True})
    g = _page(_hostile_cells(_with_org("坏字节ORG镇")), "gbk")
    g = (g.replace("坏字节ORG".encode("gbk"), b"\x81\x20\x80\xff\x81", 1)
         .replace("（六）其他".encode("gbk"), "（六）其他".encode("gbk") + b"\xfe\x30\xa1\x00\x81", 1))
    out["esc/badgbk.html"] = (g, {"org": None, "invalid": True, "gbk": True})
    _CACHE["v"] = out
    return out


_CACHE = {}

ESC_CONF = r"""
AddType text/html .html
<Location /gik-status>
    SetHandler gikreport-status
</Location>
<Directory "{DOCROOT}/esc">
    GikReport On
</Directory>
"""


def make_esc_server(name):
    return T.harness.Httpd(name, module_path=T.MODULE,
                           files={rel: v[0] for rel, v in esc_pages().items()},
                           conf_extra=ESC_CONF)


def urlpath(rel):
    from urllib.parse import quote
    return "/" + quote(rel, safe="/")


# --------------------------------------------------------------------------
# oracles

ATTR_OK = re.compile(r"^(class|role|lang|style|href|datetime|charset|title|id|name|"
                     r"content|type|rel|dir|colspan|rowspan|scope|data-gik-[a-z-]+|"
                     r"aria-[a-z-]+)$")


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        html.parser.HTMLParser.__init__(self, convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _inside_tag_hits(s, needle):
    """Offsets where needle occurs inside a tag (after a raw '<' not yet closed)."""
    hits = []
    i = s.find(needle)
    while i >= 0:
        lt, gt = s.rfind("<", 0, i), s.rfind(">", 0, i)
        if lt > gt:
            hits.append(i)
        i = s.find(needle, i + 1)
    return hits


def check_html_safe(what, text, org=None):
    """text: the HTML (str).  Raises TestFailure on a hole."""
    low = text.lower()
    for bad in ("<script", "<img", "<svg"):
        i = low.find(bad)
        check(i < 0, "%s: raw %r from the page at offset %d: %s", what, bad, i,
              short(text[max(0, i - 80):i + 80], 240))
    for needle in ("onerror=", "onload=", "alert(1)"):
        h = _inside_tag_hits(low, needle)
        check(not h, "%s: %r inside a tag at offset %d: %s", what, needle, h[0] if h else 0,
              short(text[max(0, (h or [0])[0] - 120):(h or [0])[0] + 60], 240))
    p = _Tags()
    p.feed(text)
    p.close()
    for tag, attrs in p.tags:
        for k, v in attrs:
            check(ATTR_OK.match(k or ""), "%s: <%s> has attribute %r=%r (from the page?)",
                  what, tag, k, v)
            if k == "href" and v:
                check(not re.match(r"\s*(javascript|data|vbscript):", v, re.I),
                      "%s: href %r", what, v)
    if org:
        flat = "".join(p.text)
        check(org in flat, "%s: organisation %r is not in the visible text (escaped away or "
              "swallowed as markup?); text: %s", what, org, short(" ".join(flat.split()), 600))


FORMULA_START = "=+-@\t\r"
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def check_csv_safe(what, body, header_field=None):
    """Returns the parsed rows (list of dicts)."""
    try:
        s = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TestFailure("%s: not valid UTF-8 (%s) near %s" % (
            what, e, short(body[max(0, e.start - 40):e.start + 40])))
    rows = list(csv.reader(io.StringIO(s, newline="")))
    check(rows, "%s: empty CSV", what)
    head = rows[0]
    n = len(head)
    out = []
    for ln, row in enumerate(rows[1:], 2):
        check(len(row) == n, "%s line %d: %d fields, header has %d: %r", what, ln, len(row),
              n, row)
        for col, f in zip(head, row):
            if f and f[0] in FORMULA_START:
                check(NUMBER.match(f), "%s line %d column %s: field %r starts with %r "
                      "(CSV formula injection; expected a ' prefix)", what, ln, col, f, f[0])
        out.append(dict(zip(head, row)))
    return out


def _no_surrogates(o, path="$"):
    if isinstance(o, str):
        try:
            o.encode("utf-8")
        except UnicodeEncodeError as e:
            raise TestFailure("JSON string at %s holds a lone surrogate (%s): %r"
                              % (path, e, o[:120]))
    elif isinstance(o, dict):
        for k, v in o.items():
            _no_surrogates(k, path)
            _no_surrogates(v, path + "/" + k)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            _no_surrogates(v, "%s/%d" % (path, i))


def strict_json(what, resp):
    check(resp.status == 200, "%s: expected 200, got %s", what, resp.describe())
    try:
        s = resp.body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TestFailure("%s: body is not valid UTF-8 (%s) near %s" % (
            what, e, short(resp.body[max(0, e.start - 40):e.start + 40])))
    try:
        d = json.loads(s)
    except ValueError as e:
        raise TestFailure("%s: not JSON (%s): %s" % (what, e, short(resp.body)))
    _no_surrogates(d)
    return d


def strict_text(what, resp, ctype):
    check(resp.status == 200, "%s: expected 200, got %s", what, resp.describe())
    check((resp.header("Content-Type") or "").startswith(ctype), "%s: Content-Type %r",
          what, resp.header("Content-Type"))
    try:
        return resp.body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TestFailure("%s: body is not valid UTF-8 (%s) near %s" % (
            what, e, short(resp.body[max(0, e.start - 40):e.start + 40])))


# --------------------------------------------------------------------------
# tests


def nows(s):
    return re.sub(r"\s+", "", s or "")


def _collect(errs, rel, fn, *a):
    try:
        return fn(*a)
    except TestFailure as e:
        errs.append("%s:\n    %s" % (rel, str(e).replace("\n", "\n    ")))
    except Exception as e:      # a crash of the test itself is a failure too
        errs.append("%s: %r" % (rel, e))


def _page_checks(srv, rel, data, info):
    path = urlpath(rel)
    r = srv.get(path)
    check(r.status == 200, "GET %s: %s", path, r.describe())
    stripped, spans = strip_badges(r.body)
    assert_bytes_equal(stripped, data, "GET %s body minus badge" % path)
    doc = strict_json(path + ".gik.json", srv.get(path + ".gik.json"))
    if info.get("invalid"):
        check(len(spans) <= 1, "%d badges", len(spans))
    else:
        check(doc.get("is_report") is True, "%s: not recognised as a report (summary %s) -- "
              "the fixture must be a report for the test to mean anything", path,
              doc.get("summary"))
        check(len(spans) == 1, "GET %s: %d badges", path, len(spans))
    org = doc.get("organization")
    if info.get("org"):
        # the recogniser drops white space from the name (normalisation)
        check(org and nows(info["org"]) in nows(org),
              "%s: companion organization %r does not contain the title's %r -- the "
              "hostile string did not reach the recogniser", path, org, info["org"])
    for s, e in spans:
        badge = r.body[s:e]
        check(all(c < 0x80 for c in badge), "badge not ASCII")
        check_html_safe("badge of " + path, badge.decode("ascii"))
        if org:
            check(org in badge_text(badge), "badge of %s: organisation %r not visible in "
                  "badge text %r", path, org, badge_text(badge))
    v = strict_text(path + ".gik.html", srv.get(path + ".gik.html"), "text/html")
    check_html_safe(path + ".gik.html", v, org if doc.get("is_report") else None)
    if info.get("cells"):
        flat = html.unescape(v)
        for want in ("<img src=x onerror=alert(1)>", "=HYPERLINK(\"x\")", "\"'&<b>x",
                     "MERGEFORMAT<script>"):
            check(want in flat, "%s.gik.html: the hostile page text %r (quoted by a "
                  "CELL-INVALID/ARTIFACT message) is not shown as text", path, want)
    rows = check_csv_safe(path + ".gik.csv", srv.get(path + ".gik.csv").body)
    check(rows or not doc.get("is_report"), "%s.gik.csv: no rows", path)
    return doc


def escaping_page_outputs(rt):
    """Badge, PAGE.gik.html, PAGE.gik.csv, PAGE.gik.json of hostile report pages."""
    srv = rt.server("esc")
    errs = []
    pages = esc_pages()
    for rel, (data, info) in sorted(pages.items()):
        _collect(errs, rel, _page_checks, srv, rel, data, info)
    if errs:
        raise TestFailure("%d of %d hostile pages:\n%s" % (len(errs), len(pages),
                                                           "\n".join(errs)))


def escaping_status_outputs(rt):
    """Status HTML, ?csv and ?json after the hostile pages were served."""
    srv = rt.server("esc")
    pages = esc_pages()
    docs = {}
    for rel, (data, info) in sorted(pages.items()):
        path = urlpath(rel)
        srv.get(path)
        try:
            docs[rel] = json.loads(srv.get(path + ".gik.json").body.decode("utf-8", "replace"))
        except ValueError:
            docs[rel] = {}
    errs = []
    # HTML
    try:
        v = strict_text("/gik-status", srv.get("/gik-status"), "text/html")
        check_html_safe("/gik-status", v)
        p = _Tags()
        p.feed(v)
        flat = "".join(p.text)
        for rel, d in docs.items():
            o = d.get("organization")
            if o and not pages[rel][1].get("long") and not pages[rel][1].get("invalid"):
                check(o in flat, "/gik-status: organisation %r (%s) not in the visible text",
                      o, rel)
    except TestFailure as e:
        errs.append(str(e))
    # CSV
    try:
        rows = check_csv_safe("/gik-status?csv", srv.get("/gik-status?csv").body)
        orgs = {r.get("organization") for r in rows}
        for rel, d in docs.items():
            o = d.get("organization")
            if o and pages[rel][1].get("formula"):
                check("'" + o in orgs, "/gik-status?csv: no row with organisation \"'\" + %r "
                      "(formula neutralised); organisations: %s", o, short(repr(orgs), 600))
    except TestFailure as e:
        errs.append(str(e))
    # JSON
    try:
        d = strict_json("/gik-status?json", srv.get("/gik-status?json"))
        for e in d.get("reports", []):
            check(isinstance(e, dict) and "organization" in e,
                  "/gik-status?json: entry without the \"organization\" key "
                  "(doc/CONTRACTS.md): %s", short(json.dumps(e, ensure_ascii=False), 400))
    except TestFailure as e:
        errs.append(str(e))
    if errs:
        raise TestFailure("\n".join(errs))


def escaping_status_truncation(rt):
    """Organisation names and URIs longer than the status registry keeps: the
    truncated copy must still be whole UTF-8 characters in HTML/CSV/JSON, and the
    entry must keep its organization (a prefix of the companion's)."""
    srv = rt.server("esc")
    pages = esc_pages()
    errs = []
    for rel, (data, info) in sorted(pages.items()):
        if not (info.get("long") or info.get("longuri")):
            continue
        path = urlpath(rel)
        srv.get(path)
        doc = json.loads(srv.get(path + ".gik.json").body.decode("utf-8", "replace"))
        try:
            d = strict_json("/gik-status?json", srv.get("/gik-status?json"))
            noui = [e for e in d.get("reports", []) if "uri" not in e]
            check(not noui, "/gik-status?json: %d entries without the \"uri\" key "
                  "(doc/CONTRACTS.md), e.g. %s", len(noui),
                  short(json.dumps(noui[:1], ensure_ascii=False), 400))
            full = "/" + rel
            ents = [e for e in d.get("reports", []) if isinstance(e.get("uri"), str) and
                    (e["uri"] == full or (full.startswith(e["uri"]) and len(e["uri"]) > 20))]
            check(ents, "%s: no status entry for it; entries: %s", rel,
                  short(json.dumps(d.get("reports"), ensure_ascii=False), 800))
            e = ents[-1]
            check("organization" in e and isinstance(e["organization"], str) and
                  doc.get("organization", "").startswith(e["organization"]),
                  "%s: status organization %r is not a prefix of the companion's %r", rel,
                  e.get("organization", "<missing>"), doc.get("organization"))
        except TestFailure as e:
            errs.append(str(e))
        try:
            # one page, one entry: serving the same page again must not add entries
            n0 = len(strict_json("status", srv.get("/gik-status?json")).get("reports", []))
            for _ in range(3):
                srv.get(path)
            n1 = len(strict_json("status", srv.get("/gik-status?json")).get("reports", []))
            check(n1 == n0, "%s served 3 more times: status entries %d -> %d (the page "
                  "gets a new registry slot per request)", rel, n0, n1)
        except TestFailure as e:
            errs.append(str(e))
        try:
            strict_text("/gik-status (after %s)" % rel, srv.get("/gik-status"), "text/html")
        except TestFailure as e:
            errs.append(str(e))
        try:
            check_csv_safe("/gik-status?csv (after %s)" % rel, srv.get("/gik-status?csv").body)
        except TestFailure as e:
            errs.append(str(e))
    if errs:
        raise TestFailure("\n".join(errs))


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["esc"] = make_esc_server
    for fn in (escaping_page_outputs, escaping_status_outputs, escaping_status_truncation):
        reg.test()(fn)
