"""PDFs are read by a child process, never by poppler inside httpd (issue 14, items 3, 4, 6).

The module pipes each uncached PDF to `gikreport pdf-glyphs` (GikReportPdfHelper; the
harness points it at the built filters/gikreport) under GikReportPdfLimits.  Oracles:
  - t/fixtures/pdf/slow-cmap.pdf (t/gen/minipdf.py): a 25 KB PDF whose ToUnicode CMap
    keeps poppler allocating for ~6 s and ~3.7 GB inside one call when run in-process.
    Here: served byte for byte, its companion says PDF-UNREADABLE with the limit that
    stopped it ("took longer than 2 s" / "needed more than 512 MB"), the request ends
    within the deadline plus a margin, an httpd child's RssAnon does not grow by the
    hundreds of MB poppler takes, and other requests are answered meanwhile;
  - no zombie and no process left under an httpd child after a child was killed, and
    no pipe fd left open in the httpd children (/proc);
  - without GikReportPdfHelper and no tool at the compiled-in path: a GIK00141 warning
    at startup, and each PDF unreadable with "could not be started", never a pass;
  - a PDF through mod_proxy without an ETag (the content-hash path, gik_content.c):
    companions the first time, a cache hit (status counters, request note) the second;
  - the child's run never holds up the PDF itself: a fresh slow PDF's headers (with
    Link) and bytes arrive before the child's deadline, and a byte range of it is
    answered at once (not checked: ap_byterange_filter waits for EOS), the next GET
    checking it;
  - GikReportPdfMaxChildren 1 in a single httpd process: while one PDF child runs,
    another uncached PDF is served byte for byte at once, its companion says "busy",
    nothing of it is cached or on the status page (it is read on the next request, once
    the child is gone), and a PDF upload through the gate meanwhile gets 503 with
    Retry-After and is not stored.

Registered by tests.py; run alone with `t/httpd/run pdfiso_`.
"""

import json
import os
import re
import socket
import threading
import time

import harness
from harness import check, check_eq

T = None

TIGHT_SECONDS = 2

CONF = r"""
AddType application/pdf .pdf
<Directory "{DOCROOT}/p">
    GikReport On
</Directory>
<Directory "{DOCROOT}/tight">
    GikReport On
    GikReportPdfLimits %d 4096
</Directory>
# the origin of the proxied PDF sends no ETag: the content-hash path
<Directory "{DOCROOT}/data">
    FileETag None
</Directory>
ProxyPass /px/ http://127.0.0.1:{PORT}/data/
<Location /px/>
    GikReport On
</Location>
<Location /gik-status>
    SetHandler gikreport-status
</Location>
""" % TIGHT_SECONDS


def _fixture(name):
    with open(os.path.join(T.TOP, "t", "fixtures", "pdf", name), "rb") as f:
        return f.read()


def _real(name):
    with open(os.path.join(T.TOP, "..", "shared", "real", "pdf", name), "rb") as f:
        return f.read()


def make_server(name):
    slow = _fixture("slow-cmap.pdf")
    srv = harness.Httpd(name, module_path=T.MODULE,
                        modules=harness.DEFAULT_MODULES + ["proxy", "proxy_http"],
                        conf_extra=CONF, files={
                            "p/slow-cmap.pdf": slow,
                            "tight/slow-cmap.pdf": slow,
                            "p/small.html": b"<html><body><p>hello</p></body></html>\n",
                            "data/huaian.pdf": _real("huaian-city-2024.pdf"),
                        })
    srv.prepare()
    return srv


def _proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                out[k] = v.strip()
    except OSError:
        pass
    return out


def _descendants(parents):
    """(pid, state) of every process whose parent is one of parents."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _proc_status(int(d))
            if st.get("PPid", "").isdigit() and int(st["PPid"]) in parents:
                out.append((int(d), st.get("State", "?"), st.get("Name", "?")))
    return out


def _pipe_fds(pid):
    n = 0
    try:
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("pipe:"):
                    n += 1
            except OSError:
                pass
    except OSError:
        pass
    return n


def _unreadable(srv, path):
    r = srv.get(path + ".gik.json")
    check(r.status == 200, "%s.gik.json: %s", path, r.describe().splitlines()[0])
    d = json.loads(r.body.decode("utf-8"))
    check_eq(d["summary"]["status"], "none", path + " status")
    check_eq([f["rule"] for f in d["findings"]], ["PDF-UNREADABLE"], path + " findings")
    return d["findings"][0]["message_en"]


def _timed_get(srv, path):
    t0 = time.time()
    r = srv.get(path)
    return r, time.time() - t0


def pdfiso_slow_cmap_bounded(rt):
    srv = rt.server("pdfiso")
    slow = _fixture("slow-cmap.pdf")
    srv.get("/p/small.html")                              # children up, libraries mapped
    kids = srv.children()
    rss0 = {p: T._rss_anon_kb(p) for p in kids}
    pipes0 = {p: _pipe_fds(p) for p in kids}

    # the wall-clock limit: 2 s, and other requests are answered meanwhile
    other = []
    child_fds = {}

    def meanwhile():
        time.sleep(0.5)
        # the PDF child holds its two pipes and /dev/null, nothing of httpd's
        # (listening sockets, client connections, logs): all are close-on-exec
        for pid, _, _ in _descendants(set(kids)):
            try:
                child_fds[pid] = sorted(int(fd) for fd in os.listdir("/proc/%d/fd" % pid))
            except OSError:
                pass
        for _ in range(3):
            r, dt = _timed_get(srv, "/p/small.html")
            other.append((r.status, dt))
    th = threading.Thread(target=meanwhile)
    th.start()
    r, dt = _timed_get(srv, "/tight/slow-cmap.pdf")
    th.join()
    check(r.status == 200 and r.body == slow, "slow-cmap.pdf not served byte-exact: %s",
          r.describe().splitlines()[0])
    check(dt < TIGHT_SECONDS + 1.5, "the slow PDF took %.1f s under a %d s limit", dt,
          TIGHT_SECONDS)
    check(len(other) == 3 and all(s == 200 and t < 1.0 for s, t in other),
          "requests while the PDF child ran: %r", other)
    check(child_fds and all(fds == [0, 1, 2] for fds in child_fds.values()),
          "the PDF child's open fds (pid: fds), want only 0 1 2: %r", child_fds)
    c0 = T.status_json(srv)["counters"]
    msg = _unreadable(srv, "/tight/slow-cmap.pdf")
    check("took longer than %d s" % TIGHT_SECONDS in msg, "the finding does not say which "
          "limit: %r", msg)
    check_eq(T.status_json(srv)["counters"]["parses"] - c0["parses"], 0,
             "the companion of a PDF stopped by a limit: parses (its result is cached)")
    check(_descendants(set(srv.children())) == [],
          "processes left under httpd children after the kill: %r",
          _descendants(set(srv.children())))

    # the memory limit (default 512 MB): poppler wants ~3.7 GB for this file
    r, dt = _timed_get(srv, "/p/slow-cmap.pdf")
    check(r.status == 200 and r.body == slow, "slow-cmap.pdf (default limits) not byte-exact")
    check(dt < 10 + 1.5, "the slow PDF took %.1f s under the default 10 s limit", dt)
    msg = _unreadable(srv, "/p/slow-cmap.pdf")
    check("needed more than 512 MB" in msg or "took longer than 10 s" in msg,
          "the finding does not say which limit: %r", msg)

    kids = srv.children()
    growth = max([T._rss_anon_kb(p) - rss0.get(p, T._rss_anon_kb(p)) for p in kids] or [0])
    check(growth < 64 * 1024, "an httpd child's anonymous memory grew by %d KB (poppler in "
          "process would take ~3.7 GB)", growth)
    check(_descendants(set(kids)) == [], "zombies or PDF children left: %r",
          _descendants(set(kids)))
    leaked = {p: _pipe_fds(p) - pipes0[p] for p in kids if p in pipes0 and
              _pipe_fds(p) != pipes0[p]}
    check(not leaked, "pipe fds left open in httpd children (pid: extra): %r", leaked)
    log = srv.error_log()
    check("GIK00140" in log and "slow-cmap.pdf: PDF not read" in log,
          "no GIK00140 warning naming the PDF in the error log")


def pdfiso_proxy_content_cache(rt):
    """A proxied PDF without an ETag is known by its bytes the second time."""
    srv = rt.server("pdfiso")
    data = _real("huaian-city-2024.pdf")
    c0 = T.status_json(srv)["counters"]
    req = T.rid()
    r = srv.get("/px/huaian.pdf", req_id=req)
    c1 = T.status_json(srv)["counters"]
    check(r.status == 200 and r.body == data, "proxied PDF not byte-exact: %s",
          r.describe().splitlines()[0])
    check(r.header("ETag") is None, "an ETag was invented: %s", r.header("ETag"))
    check_eq(c1["parses"] - c0["parses"], 1, "first proxied view: parses delta")
    check("gik.json" in (r.header("Link") or ""), "no Link header: %r", r.header("Link"))
    d = json.loads(srv.get("/px/huaian.pdf.gik.json").body.decode("utf-8"))
    check_eq(d["organization"], "淮安市人民政府", "proxied PDF companion organization")
    check_eq(d["tables"]["B"]["new"]["total"], 3119, "proxied PDF companion B/new/total")
    c1 = T.status_json(srv)["counters"]
    req = T.rid()
    r = srv.get("/px/huaian.pdf", req_id=req)
    c2 = T.status_json(srv)["counters"]
    check(r.status == 200 and r.body == data, "second proxied view not byte-exact")
    check_eq(c2["parses"] - c1["parses"], 0, "second proxied view: parses delta")
    check_eq(c2["cache_hits"] - c1["cache_hits"], 1, "second proxied view: cache_hits delta")
    srv.access_note(req)                # waits until it is logged
    notes = [n for n in re.findall(r'gik="([^"]*)" id="%s"' % re.escape(req),
                                   srv.access_log()) if n != "-"]
    check(notes and notes[-1].endswith(" cached"), "request note %r: not a cache hit", notes)


def _until_body(srv, path, extra=b""):
    """(head, body, seconds until the last byte of the Content-Length body came);
    the connection is then read to its end (the request ends after the child)."""
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    t0 = time.time()
    sock.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra
                 + b"Connection: close\r\n\r\n")
    data = b""
    while True:
        end = data.find(b"\r\n\r\n")
        m = re.search(rb"(?im)^content-length: *(\d+)", data[:end]) if end >= 0 else None
        if m and len(data) >= end + 4 + int(m.group(1)):
            break
        chunk = sock.recv(65536)
        check(chunk, "%s: connection closed before the body was complete", path)
        data += chunk
    dt = time.time() - t0
    while sock.recv(65536):
        pass
    sock.close()
    return data[:end].decode("latin-1"), data[end + 4:end + 4 + int(m.group(1))], dt


def pdfiso_not_held_up(rt):
    srv = rt.server("pdfiso")
    slow = _fixture("slow-cmap.pdf")
    srv.write_file("tight/fresh1.pdf", slow)
    srv.write_file("tight/fresh2.pdf", slow)
    # the whole PDF: every byte and the headers before the child's 2 s are up
    head, body, dt = _until_body(srv, "/tight/fresh1.pdf")
    check(head.startswith("HTTP/1.1 200") and body == slow, "fresh1.pdf not byte-exact: %s",
          head.splitlines()[0])
    check(dt < TIGHT_SECONDS * 0.5, "fresh1.pdf arrived after %.1f s: held for the "
          "PDF child (limit %d s)", dt, TIGHT_SECONDS)
    check(re.search(r"(?im)^link: <[^>]*fresh1\.pdf\.gik\.json>", head), "no Link:\n%s", head)
    check("took longer than" in _unreadable(srv, "/tight/fresh1.pdf"),
          "fresh1.pdf was not checked after it was sent")
    # a byte range: at once, exact, and not checked
    req = T.rid()
    head, body, dt = _until_body(srv, "/tight/fresh2.pdf", b"Range: bytes=100-199\r\n"
                                 b"X-Gik-Test-Id: " + req.encode() + b"\r\n")
    check(head.startswith("HTTP/1.1 206") and body == slow[100:200],
          "Range on fresh2.pdf: %s", head.splitlines()[0])
    check(dt < TIGHT_SECONDS * 0.5, "a 100-byte range took %.1f s", dt)
    check_eq(srv.access_note(req), "skipped:range", "request note of the range")


BUSY_CONF = r"""
# one httpd process: GikReportPdfMaxChildren bounds the PDF children of each
StartServers 1
ServerLimit 1
MaxRequestWorkers 10
MinSpareThreads 1
MaxSpareThreads 10
GikReportPdfMaxChildren 1
AddType application/pdf .pdf
<Directory "{DOCROOT}/p">
    GikReport On
    GikReportPdfLimits %d 4096
</Directory>
DavLockDB "{TMP}/var/davlock"
<Directory "{DOCROOT}/up">
    DAV On
    GikReportGate On
</Directory>
<Location /gik-status>
    SetHandler gikreport-status
</Location>
""" % TIGHT_SECONDS


def make_server_busy(name):
    srv = harness.Httpd(name, module_path=T.MODULE, conf_extra=BUSY_CONF, files={
        "p/slow-cmap.pdf": _fixture("slow-cmap.pdf"),
        "p/huaian.pdf": _real("huaian-city-2024.pdf"),
        "up/.keep": b"",
    })
    srv.prepare()
    harness.chown_run_user(os.path.join(srv.docroot, "up"))
    return srv


def pdfiso_max_children_busy(rt):
    srv = rt.server("pdfisobusy")
    data = _real("huaian-city-2024.pdf")
    srv.get("/up/.keep")                            # the httpd child is up
    kids = set(srv.children())
    check_eq(len(kids), 1, "httpd children (ServerLimit 1)")
    slow = {}
    th = threading.Thread(target=lambda: slow.setdefault("r", srv.get("/p/slow-cmap.pdf")))
    th.start()
    deadline = time.time() + 5
    while not _descendants(kids) and time.time() < deadline:
        time.sleep(0.02)
    check(_descendants(kids), "no PDF child appeared for slow-cmap.pdf")
    r, dt = _timed_get(srv, "/p/huaian.pdf")
    put = srv.request("PUT", "/up/huaian.pdf", headers={"Content-Type": "application/pdf"},
                      body=data)
    still = bool(_descendants(kids))
    th.join()
    check(still, "the slow PDF's child ended before the second PDF was asked for")
    check(r.status == 200 and r.body == data, "second PDF not byte-exact while busy: %s",
          r.describe().splitlines()[0])
    check(dt < 1.0, "second PDF took %.1f s while the PDF reader was busy", dt)
    check_eq(put.status, 503, "PDF upload through the gate while busy: status")
    check(put.header("Retry-After"), "503 of the gate without Retry-After")
    check(not os.path.exists(os.path.join(srv.docroot, "up", "huaian.pdf")),
          "the gate stored an upload it did not check")
    uris = [e["uri"] for e in T.status_json(srv)["reports"]]
    check("/p/huaian.pdf" not in uris, "a busy result is on the status page: %r" % uris)
    # the busy result was not cached: the companion reads the PDF now
    d = json.loads(srv.get("/p/huaian.pdf.gik.json").body.decode("utf-8"))
    check_eq(d["summary"]["status"], "warn", "huaian companion after the slow child ended")
    check_eq(d["tables"]["B"]["new"]["total"], 3119, "huaian companion B/new/total")
    log = srv.error_log()
    check("GIK00140" in log and "huaian.pdf: PDF not read" in log,
          "no GIK00140 warning for the PDF not read while busy")
    check("PDFs were being read already" in log, "the warning does not say why: busy")


def make_server_nohelper(name):
    srv = harness.Httpd(name, module_path=T.MODULE, pdf_helper=False,
                        conf_extra='AddType application/pdf .pdf\n'
                                   '<Directory "{DOCROOT}/p">\n    GikReport On\n</Directory>\n',
                        files={"p/huaian.pdf": _real("huaian-city-2024.pdf")})
    srv.prepare()
    return srv


def pdfiso_helper_missing(rt):
    srv = rt.server("pdfisonohelper")
    data = _real("huaian-city-2024.pdf")
    log = srv.error_log()
    with open(T.MODULE, "rb") as f:         # the compiled-in $(bindir)/gikreport
        default = re.findall(rb"\x00(/[\x21-\x7e]*/gikreport)\x00", f.read())[0].decode()
    r = srv.get("/p/huaian.pdf")
    check(r.status == 200 and r.body == data, "PDF not byte-exact without its reader")
    if os.path.exists(default):
        # an installed tool (make install on this machine): it is the reader
        check("GIK00141" not in log, "GIK00141 although %s exists" % default)
        d = json.loads(srv.get("/p/huaian.pdf.gik.json").body.decode("utf-8"))
        check_eq(d["summary"]["status"], "warn", "huaian through the installed tool")
        return
    check("GIK00141" in log and default in log, "no GIK00141 startup warning naming %s"
          % default)
    msg = _unreadable(srv, "/p/huaian.pdf")
    check("could not be started" in msg, "the finding does not say why: %r" % msg)


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["pdfiso"] = make_server
    T.EXTRA_SERVERS["pdfisonohelper"] = make_server_nohelper
    T.EXTRA_SERVERS["pdfisobusy"] = make_server_busy
    reg.test()(pdfiso_slow_cmap_bounded)
    reg.test()(pdfiso_proxy_content_cache)
    reg.test()(pdfiso_helper_missing)
    reg.test()(pdfiso_max_children_busy)
    reg.test()(pdfiso_not_held_up)
