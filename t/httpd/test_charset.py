"""Charset verdicts checked against what a browser shows (issue 10 item 8).

Seed 000 (辛店镇's 2024 report) is served in every way a page's charset can be
right or wrong: declared by <meta> or by the HTTP header, truly or falsely, or
not at all, as HTML and as text/plain (Debian's stock server sends .txt with no
charset).  For each page, headless Chromium renders it (--dump-dom) and the
test looks for the report's own words in what it rendered; the companion's
CHARSET-* finding must agree with that:

  * Chromium shows the words       -> no CHARSET-* finding;
  * it shows mojibake and the page declared a charset -> CHARSET-MISMATCH error;
  * it shows mojibake and nothing was declared        -> CHARSET-UNDECLARED warning.

The expected outcome of every case is also written down, so a Chromium that
changed its guessing would be noticed rather than followed.

Registered into the integration runner by tests.py; run alone with
`t/httpd/run charset_verdicts`.
"""

import json
import os
import shutil
import tempfile

from harness import TestFailure, TestSkip, check

T = None

WORDS = "政府信息公开工作年度报告"     # in the title and the text of every page

CONF = r"""
AddType text/html .html
AddType text/plain .txt
<Directory "{DOCROOT}/cs">
    GikReport On
</Directory>
<Directory "{DOCROOT}/cs/hdr">
    AddDefaultCharset utf-8
</Directory>
"""

# file -> (bytes maker, what Chromium shows, the finding expected)
#   maker: (encoding, meta) for HTML or (encoding, None) for text
CASES = {
    "cs/good.html": (("utf-8", '<meta charset="utf-8">'), True, None),
    "cs/good-gbk.html": (("gbk", '<meta charset="gbk">'), True, None),
    "cs/meta-lies-utf8.html": (("gbk", '<meta charset="utf-8">'), False,
                               ("CHARSET-MISMATCH", "error")),
    "cs/meta-lies-gbk.html": (("utf-8", '<meta charset="gbk">'), False,
                              ("CHARSET-MISMATCH", "error")),
    "cs/hdr/header-lies.html": (("gbk", ""), False, ("CHARSET-MISMATCH", "error")),
    "cs/meta-latin1.html": (("gbk", '<meta charset="iso-8859-1">'), False,
                            ("CHARSET-MISMATCH", "error")),
    "cs/undeclared-gbk.html": (("gbk", ""), True, None),
    "cs/undeclared-utf8.html": (("utf-8", ""), False, ("CHARSET-UNDECLARED", "warning")),
    "cs/plain-utf8.txt": (("utf-8", None), False, ("CHARSET-UNDECLARED", "warning")),
    "cs/plain-gbk.txt": (("gbk", None), True, None),
    "cs/hdr/plain-utf8.txt": (("utf-8", None), True, None),
}


def _seed0():
    for name, data in T.mkpages.read_seeds(T.TOP):
        if name.startswith("000_"):
            return data.decode("utf-8")
    raise TestFailure("seed 000 not found")


def files():
    text = _seed0()
    out = {}
    for rel, ((enc, meta), _, _) in CASES.items():
        body = text if meta is None else T.mkpages.plain_page(text, meta)
        out[rel] = body.encode(enc)
    return out


def make_server(name):
    return T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF)


def _rendered(srv, path, prof):
    base = [T.CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--user-data-dir=" + prof]
    return T._run_bg(base + ["--dump-dom", srv.url(path)], prof, 90).decode("utf-8", "replace")


def charset_verdicts(rt):
    if not os.access(T.CHROMIUM, os.X_OK):
        raise TestSkip("chromium not installed at %s" % T.CHROMIUM)
    srv = rt.server("charset")
    prof = tempfile.mkdtemp(prefix="gikchrome.")
    errs = []
    try:
        for rel, (_, readable, expected) in sorted(CASES.items()):
            path = "/" + rel
            r = srv.get(path + ".gik.json")
            check(r.status == 200, "GET %s.gik.json: %s", path, r.describe().splitlines()[0])
            doc = json.loads(r.body.decode("utf-8"))
            if not doc.get("is_report"):
                errs.append("%s: not read as a report (charset %s)"
                            % (rel, doc.get("source", {}).get("charset")))
                continue
            found = [(f["rule"], f["severity"]) for f in doc["findings"]
                     if f["rule"].startswith("CHARSET-")]
            shows = WORDS in _rendered(srv, path, prof)
            if shows != readable:
                errs.append("%s: Chromium %s the report's words, expected %s"
                            % (rel, "shows" if shows else "garbles",
                               "readable" if readable else "mojibake"))
            # the verdict must say what the reader sees
            if shows and found:
                errs.append("%s: Chromium shows it right, yet %r" % (rel, found))
            if not shows and not found:
                errs.append("%s: Chromium shows mojibake and no CHARSET finding" % rel)
            if found != ([expected] if expected else []):
                errs.append("%s: findings %r, expected %r" % (rel, found, expected))
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    if errs:
        raise TestFailure("%d of %d charset cases wrong:\n  %s"
                          % (len(errs), len(CASES), "\n  ".join(errs)))


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["charset"] = make_server
    reg.test()(charset_verdicts)
