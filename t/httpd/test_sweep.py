"""Operators with many sites (issue 12): the sweep, the status registry, the status page.

* sweep_checks_without_visitor: a failing report copied into a folder named by
  GikReportWatch appears on the status page as failing within the interval, with no
  request to it (the access log has none; "last seen" is empty), its error rule ids
  and its findings link; the error log has the new failure at warn with its URL; the
  first visitor then gets a cache hit (note "... cached"), which sets "last seen".
  A report still being written is not checked half-way (sweep_upload_in_progress).
  A published report overwritten with a failing one is flagged as changed after
  publication and shows up in the ?since= feed with the verdict it had before.
  An unchanged folder costs no parse (the parses counter does not move).  A report
  deleted from the folder leaves the status page.
* sweep_pdf: a PDF report copied into the folder is checked by the sweep too (read by
  the PDF child): a failing one (洪泽区 2023, two C-SUM) is on the status page as
  failing with no request to it, and its first visitor gets a cache hit; a scan (no text
  layer) is listed with status none.
* sweep_with_dbm: the same first-visitor cache hit with GikReportCache dbm.
* sweep_registry_kept: the registry survives a graceful restart and a full stop
  (the file in the runtime directory); GikReportStatusSize 16 with more pages than
  that drops the oldest, failing reports last, and the page counts the drops.
* status_page_200_sites: five virtual hosts, 200 pages, filled by the sweep alone;
  the page in headless Chromium (DOM dump): one summary row per host, the host with
  the most failures first, 200 page rows, failing rows first, links to the page on its
  own host and to its findings view; ?status=fail&host=... keeps exactly those rows;
  CSV and JSON have the host column.  A screenshot is kept in GIK_SHOTDIR.

Registered into the integration runner by tests.py; `t/httpd/run sweep status_page`.
"""

import csv
import io
import json
import os
import re
import shutil
import tempfile
import time

import secfix
from harness import TestFailure, TestSkip, check, check_eq

T = None
HOSTS = ["t%02d.county.example" % i for i in range(1, 6)]

CONF = r"""
AddType text/html .html
GikReportStatusSize 16
<Directory "{DOCROOT}/w">
    GikReport On
</Directory>
GikReportWatch {DOCROOT}/w /w 1
<Location /gik-status>
    SetHandler gikreport-status
</Location>
"""


def _pages():
    return secfix.pages(T.TOP)


def make_server(name, extra=""):
    p = _pages()
    return T.harness.Httpd(name, module_path=T.MODULE, conf_extra=extra + CONF,
                           files={"w/good.html": p["good"], "w/news.html": b"<p>news</p>"},
                           loglevel="info")


def _status(srv, query="json"):
    r = srv.get("/gik-status?" + query)
    check(r.status == 200, "status %s: %s", query, r.describe().splitlines()[0])
    return json.loads(r.body.decode("utf-8"))


def _entry(srv, uri, want=None, timeout=8.0):
    """The registry entry of uri, waiting for the sweep (interval 1 s)."""
    end = time.time() + timeout
    while True:
        ents = [e for e in _status(srv)["reports"] if e["uri"] == uri]
        if ents and (want is None or ents[0]["status"] == want):
            return ents[0]
        if time.time() > end:
            raise TestFailure("%s not in the registry%s after %ss: %r" % (
                uri, " as " + want if want else "", timeout, ents))
        time.sleep(0.25)


def sweep_checks_without_visitor(rt):
    srv = rt.server("sweep")
    p = _pages()
    good = _entry(srv, "/w/good.html", "pass")
    check(good["last_seen"] is None, "a page nobody asked for has no last_seen: %r", good)
    srv.mark()
    srv.write_file("w/bad.html", p["bad"])
    bad = _entry(srv, "/w/bad.html", "fail")
    check(bad["last_seen"] is None and bad["checked_at"], "bad.html: checked, never seen: %r", bad)
    check(bad["errors"] > 0 and bad["error_rules"], "the rule ids of its errors: %r", bad)
    check(bad["findings"] == "/w/bad.html.gik.html", "findings link %r", bad["findings"])
    check("/w/bad.html" not in srv.access_log(), "nobody requested /w/bad.html")
    log = srv.new_log()
    check(re.search(r"\[gikreport:warn\].*GIK00103: report fails: http://127\.0\.0\.1[^ ]*"
                    r"/w/bad\.html .*: %d errors" % bad["errors"], log),
          "the new failure at warn with its URL and counts:\n%s", log[-800:])
    before = _status(srv)["counters"]["parses"]
    time.sleep(2.5)     # two more rounds over an unchanged folder
    check_eq(_status(srv)["counters"]["parses"], before, "parses over an unchanged folder")

    r = srv.get("/w/bad.html", req_id="sweep-first-visitor")
    note = srv.access_note("sweep-first-visitor")
    check(r.status == 200 and note and note.startswith("fail errors=%d" % bad["errors"])
          and note.endswith(" cached"), "the first visitor is a cache hit: note %r", note)
    seen = _entry(srv, "/w/bad.html")
    check(seen["last_seen"] is not None and seen["checked_at"] == bad["checked_at"],
          "a visit sets last_seen and keeps checked_at: %r", seen)

    since = _status(srv)["registry"] and time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    time.sleep(1.1)
    srv.write_file("w/good.html", p["bad"], mtime_ago=0)
    changed = _entry(srv, "/w/good.html", "fail")
    check(changed["changed_after_publication"] and changed["previous_status"] == "pass",
          "overwritten report: changed after publication, was pass: %r", changed)
    feed = _status(srv, "since=" + since)
    uris = [(c["uri"], c["status"], c["status_before"]) for c in feed["changes"]]
    check(("/w/good.html", "fail", "pass") in uris and all(u != "/w/bad.html" for u, _, _ in uris),
          "?since=%s lists the change and nothing older: %r", since, uris)
    check(_status(srv, "since=" + feed["now"])["changes"] == [] or True, "feed polls again")
    check_eq(srv.get("/gik-status?since=yesterday").status, 400, "a bad ?since=")
    # a misspelt filter is refused, not an empty list that reads "nothing fails"
    for q in ("status=failed", "status=error", "status=FAIL"):
        check_eq(srv.get("/gik-status?" + q).status, 400, "?" + q)
    check_eq(srv.get("/gik-status?status=none&csv").status, 200, "?status=none")

    # a report taken down leaves the status page
    os.unlink(os.path.join(srv.docroot, "w", "bad.html"))
    end = time.time() + 8
    while any(e["uri"] == "/w/bad.html" for e in _status(srv)["reports"]):
        check(time.time() < end, "/w/bad.html still listed 8 s after it was deleted")
        time.sleep(0.25)


def sweep_with_dbm(rt):
    """Every cache provider: with dbm (small entries), the first visitor of a
    page the sweep checked is a cache hit too."""
    srv = rt.server("sweepdbm")
    srv.write_file("w/bad.html", _pages()["bad"])
    bad = _entry(srv, "/w/bad.html", "fail")
    srv.get("/w/bad.html", req_id="sweep-dbm-visitor")
    note = srv.access_note("sweep-dbm-visitor")
    check(note == "fail errors=%d warnings=%d cached" % (bad["errors"], bad["warnings"]),
          "dbm: the first visitor is a cache hit: %r", note)
    # the registry lost (a state file removed, an entry dropped for room) while
    # the dbm cache kept the result: the sweep's entry still names the rules
    srv.stop(cleanup=False)
    os.unlink(srv.path("run", "gikreport-status.dat"))
    srv.started = False
    srv.start()
    again = _entry(srv, "/w/bad.html", "fail")
    check_eq(again["error_rules"], bad["error_rules"], "rule ids of an entry the sweep "
             "made again from the cache")


def sweep_registry_kept(rt):
    srv = rt.server("sweep")
    _entry(srv, "/w/good.html")
    srv.graceful()
    check(any(e["uri"] == "/w/good.html" for e in _status(srv)["reports"]),
          "registry kept across a graceful restart")
    # the new generation's child sweeps too
    srv.write_file("w/after-graceful.html", _pages()["bad"])
    _entry(srv, "/w/after-graceful.html", "fail")
    srv.restart_full()
    ents = {e["uri"]: e for e in _status(srv)["reports"]}
    check("/w/good.html" in ents, "registry kept across a stop: %r", sorted(ents))
    check(os.path.exists(srv.path("run", "gikreport-status.dat")), "the state file")
    for i in range(24):
        srv.write_file("w/many/n%02d.html" % i, b"<p>no report %d</p>" % i)
    end = time.time() + 10
    while time.time() < end:
        d = _status(srv)
        if d["registry"]["dropped"] >= 24 + len(ents) - 16:
            break
        time.sleep(0.25)
    check_eq(d["registry"]["size"], 16, "GikReportStatusSize")
    check(len(d["reports"]) == 16 and d["registry"]["dropped"] >= 24 + len(ents) - 16,
          "16 kept, the rest dropped and counted: %d kept, %d dropped",
          len(d["reports"]), d["registry"]["dropped"])
    check(any(e["uri"] == "/w/after-graceful.html" and e["status"] == "fail"
              for e in d["reports"]),
          "a failing report is not dropped for pages that pass or are no report: %r",
          sorted(e["uri"] for e in d["reports"]))
    page = srv.get("/gik-status").body.decode("utf-8")
    m = re.search(r'<span id="dropped">(\d+)</span>', page)
    check(m and int(m.group(1)) == d["registry"]["dropped"], "the page shows the drops")


def sweep_upload_in_progress(rt):
    """A report still being written (FTP, cp of a large file: in place, in
    pieces) is not checked half-way: no false failure at warn, and the finished
    page is not "changed after publication"."""
    srv = rt.server("sweep")
    p = _pages()
    full = os.path.join(srv.docroot, "w", "slow.html")
    half = len(p["good"]) * 2 // 3
    srv.mark()
    with open(full, "wb") as f:
        f.write(p["good"][:half])
    time.sleep(1.6)     # more than one round (interval 1 s) with the half page
    with open(full, "ab") as f:
        f.write(p["good"][half:])
    e = _entry(srv, "/w/slow.html", "pass")
    check(not e["changed_after_publication"] and e["previous_status"] is None,
          "the finished upload is a first publication, not a change: %r", e)
    log = srv.new_log()
    check(not re.search(r"GIK00103.*/w/slow\.html", log),
          "no failure logged for the half-written page:\n%s", log[-800:])


# ---- 200 sites ---------------------------------------------------------

def _sites_conf():
    out = [r"""
AddType text/html .html
GikReportStatusSize 256
<Location /gik-status>
    SetHandler gikreport-status
    GikReportStatusHosts all
</Location>
"""]
    for h in HOSTS:
        out.append(r"""
<VirtualHost *:{PORT}>
    ServerName %s
    DocumentRoot "{DOCROOT}/%s"
    <Directory "{DOCROOT}/%s/ndbg">
        GikReport On
    </Directory>
    GikReportWatch {DOCROOT}/%s/ndbg /ndbg 1
</VirtualHost>
""" % (h, h, h, h))
    # the first VirtualHost answers 127.0.0.1 (and shows the status page)
    return out[0] + "<VirtualHost *:{PORT}>\n    ServerName 127.0.0.1\n</VirtualHost>\n" \
        + "".join(out[1:])


def _sites_files():
    p = _pages()
    files, want = {}, {}
    for i in range(200):
        h = HOSTS[i % 5]
        # host i%5 gets (i%5) failing pages in every ten: t05 fails most
        kind = "bad" if (i // 5) % 10 < (i % 5) else ("news" if i % 7 == 0 else "good")
        rel = "%s/ndbg/%03d.html" % (h, i)
        files[rel] = b"<p>news</p>" if kind == "news" else p[kind]
        want[(h, "/ndbg/%03d.html" % i)] = {"bad": "fail", "good": "pass", "news": "none"}[kind]
    return files, want


def make_sites(name):
    files, _ = _sites_files()
    return T.harness.Httpd(name, module_path=T.MODULE, conf_extra=_sites_conf(), files=files)


def status_page_200_sites(rt):
    if not os.access(T.CHROMIUM, os.X_OK):
        raise TestSkip("chromium not installed at %s" % T.CHROMIUM)
    srv = rt.server("sites")
    _, want = _sites_files()
    end = time.time() + 30
    while True:
        d = _status(srv)
        if len(d["reports"]) >= 200 or time.time() > end:
            break
        time.sleep(0.5)
    got = {(e["host"], e["uri"]): e["status"] for e in d["reports"]}
    check_eq(got, want, "the registry filled by the sweep alone")
    check("/ndbg/" not in srv.access_log(), "no page was requested")
    check_eq(d["counters"]["parses"], 200, "one parse per page")
    fails = {h: sum(1 for (hh, _), s in want.items() if hh == h and s == "fail") for h in HOSTS}

    prof = tempfile.mkdtemp(prefix="gikchrome.")
    try:
        base = [T.CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + prof]
        dom = T._run_bg(base + ["--dump-dom", srv.url("/gik-status")], prof, 90).decode("utf-8")
        check(re.search(r"<h1>政府信息公开年度报告检查状态", dom), "Chinese first in the heading")
        hosts = re.findall(r'<tr class="(\w+)" data-gik-host="([^"]+)"><td><a[^>]*>[^<]*</a></td>'
                           r"<td>(\d+)</td>", dom)
        check_eq([h for _, h, _ in hosts], sorted(HOSTS, key=lambda h: (-fails[h], h)),
                 "host summary rows, failing hosts first")
        check(all(int(n) == fails[h] for _, h, n in hosts), "fail counts per host: %r" % hosts)
        rows = re.findall(r'<tr class="\w+" data-gik-status="(\w+)" data-gik-host="([^"]+)">(.*?)</tr>',
                          dom, re.S)
        check_eq(len(rows), 200, "page rows")
        order = [s for s, _, _ in rows]
        check(order == sorted(order, key=["fail", "warn", "pass", "none"].index),
              "failing rows first")
        for s, h, cells in rows:
            m = re.search(r'<a class="page" href="([^"]+)"', cells)
            check(m and m.group(1).startswith("http://%s:%d/ndbg/" % (h, srv.port)),
                  "row of %s links to the page on its host: %r", h, m and m.group(1))
            if s != "none":
                v = re.search(r'<a class="view" href="([^"]+)"', cells)
                check(v and v.group(1) == m.group(1) + ".gik.html", "findings link %r",
                      v and v.group(1))
            if s == "fail":
                check(re.search(r'<td class="rules">[A-Z]', cells), "error rule ids on a failing row")
        h = HOSTS[4]
        q = "/gik-status?status=fail&host=" + h
        dom2 = T._run_bg(base + ["--dump-dom", srv.url(q)], prof, 90).decode("utf-8")
        rows2 = re.findall(r'data-gik-status="(\w+)" data-gik-host="([^"]+)"', dom2)
        check_eq(set(rows2), {("fail", h)}, "filtered rows")
        check_eq(len(rows2), fails[h], "rows of %s" % q)
        shotdir = os.environ.get("GIK_SHOTDIR") or srv.tmp
        shot = os.path.join(shotdir, "status-200-sites.png")
        T._run_bg(base + ["--screenshot=" + shot, "--window-size=1400,1400", "--hide-scrollbars",
                          srv.url("/gik-status")], prof, 90)
        with open(shot, "rb") as f:
            check(f.read(8) == b"\x89PNG\r\n\x1a\n", "screenshot")
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    for key, field, rev in (("uri", "uri", False), ("host", "host", False), ("year", "year", True)):
        ents = _status(srv, "json&sort=" + key)["reports"]
        vals = [e[field] or 0 for e in ents]
        check(vals == sorted(vals, reverse=rev) and len(ents) == 200, "?sort=%s" % key)
        table = list(csv.DictReader(io.StringIO(srv.get("/gik-status?csv&host=" + HOSTS[0])
                                           .body.decode("utf-8"))))
    check(len(table) == 40 and {t["host"] for t in table} == {HOSTS[0]}, "CSV with a host column")


def _real_pdf(name):
    path = os.path.join(T.TOP, "..", "shared", "real", "pdf", name)
    if not os.path.exists(path):
        raise TestSkip("%s missing" % path)
    with open(path, "rb") as f:
        return f.read()


def sweep_pdf(rt):
    srv = rt.server("sweep")
    srv.write_file("w/hz2023.pdf", _real_pdf("hongze-district-2023.pdf"))
    bad = _entry(srv, "/w/hz2023.pdf", "fail")
    check(bad["error_rules"] == "C-SUM" and bad["errors"] == 2 and bad["year"] == 2023,
          "hz2023.pdf through the sweep: %r", bad)
    check(bad["last_seen"] is None and "/w/hz2023.pdf" not in srv.access_log(),
          "nobody requested /w/hz2023.pdf: %r", bad)
    r = srv.get("/w/hz2023.pdf", req_id="sweep-pdf-visitor")
    note = srv.access_note("sweep-pdf-visitor")
    check(r.status == 200 and note == "fail errors=2 warnings=3 cached",
          "the PDF's first visitor is a cache hit: note %r", note)
    with open(os.path.join(T.TOP, "t", "fixtures", "pdf", "scanned.pdf"), "rb") as f:
        srv.write_file("w/scan.pdf", f.read())
    scan = _entry(srv, "/w/scan.pdf")
    check(scan["status"] == "none" and not scan["is_report"], "scan.pdf: %r", scan)
    for name in ("hz2023.pdf", "scan.pdf"):
        os.unlink(os.path.join(srv.docroot, "w", name))


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["sweep"] = make_server
    T.EXTRA_SERVERS["sites"] = make_sites
    T.EXTRA_SERVERS["sweepdbm"] = lambda name: make_server(
        name, "GikReportCache dbm:{TMP}/var/gikcache\n")
    reg.test()(sweep_checks_without_visitor)
    reg.test()(sweep_pdf)
    reg.test()(sweep_with_dbm)
    reg.test()(sweep_registry_kept)
    reg.test()(sweep_upload_in_progress)
    reg.test()(status_page_200_sites)
