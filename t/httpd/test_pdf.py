"""PDF reports in httpd (issue 14): a PDF under `GikReport On` is served byte for byte
(no badge inside a PDF), gets the `Link` header, the companions and a status entry like an
HTML page, and the gate checks PDF uploads.  What cannot be read (a scan, a truncated
file) gets status "none" with PDF-UNREADABLE; hostile PDFs (a compression bomb, deep
nesting, a huge page count, JavaScript) are served unchanged and crash no child.

The report PDFs are the shared real ones (../shared/real/pdf, never copied); the small
and hostile ones are t/fixtures/pdf (t/gen/minipdf.py).  Registered by tests.py; run alone
with `t/httpd/run pdf_`.
"""

import json
import os
import subprocess

from harness import TestFailure, check, check_eq

T = None

CONF = r"""
AddType application/pdf .pdf
<Directory "{DOCROOT}/p">
    GikReport On
</Directory>
DavLockDB "{TMP}/var/davlock"
<Directory "{DOCROOT}/up">
    DAV On
    GikReportGate On
</Directory>
<Location "/gikstatus">
    SetHandler gikreport-status
</Location>
"""

HOSTILE = ("scanned.pdf", "truncated.pdf", "encrypted.pdf", "javascript.pdf",
           "deep-nesting.pdf", "huge-page-count.pdf", "compression-bomb.pdf")


def _real_dir():
    return os.path.join(T.TOP, "..", "shared", "real", "pdf")


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def files():
    out = {}
    for name in HOSTILE:
        out["p/" + name] = _read(os.path.join(T.TOP, "t", "fixtures", "pdf", name))
    real = _real_dir()
    if not os.path.isdir(real):
        raise TestFailure("%s missing: the real PDFs are read from there" % real)
    for name in os.listdir(real):
        out["p/" + name] = _read(os.path.join(real, name))
    out["up/.keep"] = b""
    return out


def make_server(name):
    s = T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF)
    s.prepare()
    T.harness.chown_run_user(os.path.join(s.docroot, "up"))    # the gate's uploads
    return s


def _cli(path):
    r = subprocess.run([T.CLI, "check", "--json", path], capture_output=True, timeout=120)
    return json.loads(r.stdout.decode("utf-8"))


def pdf_served_unchanged_with_companions(rt):
    srv = rt.server("pdf")
    for name in ("huaian-city-2024.pdf", "hongze-district-2023.pdf"):
        data = _read(os.path.join(_real_dir(), name))
        for _ in range(2):                           # fresh, then from the cache
            r = srv.get("/p/" + name)
            check(r.status == 200, "GET %s: %s", name, r.describe().splitlines()[0])
            check(r.body == data, "%s not byte-exact: %d bytes, want %d", name, len(r.body),
                  len(data))
            check_eq((r.header("Content-Type") or "").split(";")[0], "application/pdf",
                     "Content-Type of " + name)
            check("gik.json" in (r.header("Link") or ""), "no Link header on %s: %r", name,
                  r.header("Link"))
        d = json.loads(srv.get("/p/" + name + ".gik.json").body.decode("utf-8"))
        cli = _cli(os.path.join(_real_dir(), name))
        check(d["is_report"], "%s companion: not a report", name)
        check_eq(d["tables"], cli["tables"], name + " companion tables vs the tool's")
        check_eq(sorted(f["id"] for f in d["findings"]), sorted(f["id"] for f in cli["findings"]),
                 name + " companion findings vs the tool's")
        check_eq(d["source"]["charset"], None, name + " source.charset")
        for ext, ctype in (("csv", "text/csv"), ("html", "text/html")):
            r = srv.get("/p/%s.gik.%s" % (name, ext))
            check(r.status == 200 and (r.header("Content-Type") or "").startswith(ctype),
                  "%s.gik.%s: %s", name, ext, r.describe().splitlines()[0])
    d = json.loads(srv.get("/p/huaian-city-2024.pdf.gik.json").body.decode("utf-8"))
    check_eq(d["organization"], "淮安市人民政府", "huaian organization")
    check_eq(d["tables"]["B"]["new"]["total"], 3119, "huaian B/new/total")
    d = json.loads(srv.get("/p/hongze-district-2023.pdf.gik.json").body.decode("utf-8"))
    csum = sorted(f["row"] for f in d["findings"] if f["rule"] == "C-SUM")
    check_eq(csum, ["litigation_after_review", "review"], "hongze 2023 C-SUM rows")
    st = srv.get("/gikstatus?json")
    check(b"huaian-city-2024.pdf" in st.body, "huaian PDF not on the status page: %r",
          st.body[:300])


def pdf_unreadable_and_hostile(rt):
    srv = rt.server("pdf")
    srv.get("/p/scanned.pdf")                        # children up, libraries mapped
    before = {p: T._rss_anon_kb(p) for p in srv.children()}
    for name in HOSTILE:
        data = _read(os.path.join(T.TOP, "t", "fixtures", "pdf", name))
        r = srv.get("/p/" + name)
        check(r.status == 200 and r.body == data, "%s not served byte-exact: %s", name,
              r.describe().splitlines()[0])
        check("gikreport" not in (r.header("Content-Type") or ""), "type changed")
        r = srv.get("/p/%s.gik.json" % name)
        check(r.status == 200, "%s.gik.json: %s", name, r.describe().splitlines()[0])
        check(json.loads(r.body.decode("utf-8"))["is_report"] is False,
              "%s taken for a report", name)
    after = {p: T._rss_anon_kb(p) for p in srv.children()}
    growth = max([after[p] - before.get(p, after[p]) for p in after] or [0])
    check(growth < 64 * 1024, "a child's anonymous memory grew by %d KB on hostile PDFs", growth)
    for name, why in (("scanned.pdf", "no-text"), ("truncated.pdf", "damaged"),
                      ("encrypted.pdf", "encrypted")):
        r = srv.get("/p/%s.gik.json" % name)
        d = json.loads(r.body.decode("utf-8"))
        check_eq(d["summary"]["status"], "none", name + " status")
        check_eq([f["rule"] for f in d["findings"]], ["PDF-UNREADABLE"], name + " findings")
        check(why.split("-")[0] in json.dumps(d["findings"][0]["message_en"]).lower()
              or why == "no-text" and "text layer" in d["findings"][0]["message_en"],
              "%s: message does not say why: %r", name, d["findings"][0]["message_en"])


def pdf_gate(rt):
    srv = rt.server("pdf")
    bad = _read(os.path.join(_real_dir(), "hongze-district-2023.pdf"))
    r = srv.request("PUT", "/up/hz2023.pdf", headers={"Content-Type": "application/pdf"},
                    body=bad)
    check_eq(r.status, 422, "PUT of a PDF report with C-SUM errors")
    d = json.loads(r.body.decode("utf-8"))
    check("C-SUM" in [f["rule"] for f in d["findings"]], "422 without C-SUM: %r",
          [f["rule"] for f in d["findings"]])
    good = _read(os.path.join(_real_dir(), "huaian-city-2024.pdf"))
    r = srv.request("PUT", "/up/ha2024.pdf", headers={"Content-Type": "application/pdf"},
                    body=good)
    check(r.status in (201, 204), "PUT of a PDF report without errors: %s",
          r.describe().splitlines()[0])
    with open(os.path.join(srv.docroot, "up", "ha2024.pdf"), "rb") as f:
        check(f.read() == good, "the accepted PDF was not stored byte for byte")
    check(not os.path.exists(os.path.join(srv.docroot, "up", "hz2023.pdf")),
          "the refused PDF was stored")


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["pdf"] = make_server
    reg.test()(pdf_served_unchanged_with_companions)
    reg.test()(pdf_unreadable_and_hostile)
    reg.test()(pdf_gate)
