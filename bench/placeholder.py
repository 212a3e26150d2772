#!/usr/bin/python3
"""What a <!--gikreport--> placeholder costs while a page streams (issue 13).

The badge goes in right after the placeholder, and it can only be written when the
verdict is known, at the end of the page; so the bytes after the placeholder wait,
as with `GikReportBadge top`.  With `end` only the bytes from the last </body> on
wait.  This measures when the client receives the page's bytes in each case.

Two sources, one Debian apache2 with the built module (t/httpd/harness.py):

  static   the report as a file (the default handler sends it in one brigade)
  slow     the same page through mod_proxy from a backend that sends it in 8 parts,
           150 ms apart (a CMS rendering as it goes, 1.05 s in all)

`top` gives up on a FLUSH (mod_proxy sends one whenever the backend pauses) and puts
the badge before </body>; a placeholder holds through FLUSHes.  Each run checks
that the badge is where its mode puts it.  For each source and mode it prints the median over 5 requests
of: time to the first body byte, time until the byte after the placeholder arrived,
time until the whole page had arrived; and the bytes held back (page size after the
placeholder, or after </body>).

    bench/placeholder.py        # ~30 s; markdown table on stdout
"""

import http.server
import os
import socket
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(TOP, "t", "httpd"))
sys.path.insert(0, os.path.join(TOP, "t", "httpd", "fixtures"))
import harness  # noqa: E402
import mkpages  # noqa: E402

MODULE = os.environ.get("GIK_MODULE", os.path.join(TOP, "mod_gikreport", ".libs",
                                                    "mod_gikreport.so"))
PLACEHOLDER = b"<!--gikreport-->"
PARTS, PAUSE = 8, 0.15
REPS = 5


def page_bytes():
    text = mkpages.read_seeds(TOP)[0][1].decode("utf-8")
    body = mkpages.blocks_to_html(mkpages.text_to_blocks(text))
    title = mkpages.title_of(text)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s"
            "</title></head>\n<body><div class=\"header\">某县人民政府门户网站</div>\n"
            "<div class=\"article\"><h1>%s</h1>%s\n%s\n</div>\n<div class=\"footer\">"
            "主办单位：某县人民政府办公室　网站标识码：1234000001</div>\n</body></html>\n"
            % (title, title, PLACEHOLDER.decode(), body)).encode("utf-8")


class Slow(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        n = len(self.page)
        for i in range(PARTS):
            part = self.page[i * n // PARTS:(i + 1) * n // PARTS]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.flush()
            time.sleep(PAUSE)
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *a):
        pass


def timed_get(port, path, mark):
    """(first body byte, byte `mark` of the unbadged page, all), seconds."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    t0 = time.monotonic()
    s.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              % path.encode())
    buf = b""
    first = at_mark = None
    head_end = -1
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
        now = time.monotonic() - t0
        if head_end < 0:
            head_end = buf.find(b"\r\n\r\n")
        if head_end >= 0 and first is None and len(buf) > head_end + 4:
            first = now
        # the byte right after the placeholder: it has arrived once the text that
        # follows the placeholder in the page (with or without a badge) has
        if at_mark is None and mark in buf:
            at_mark = now
    s.close()
    return first, at_mark, time.monotonic() - t0, buf


def dechunk(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    if b"chunked" not in head.lower():
        return body
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out


def main():
    page = page_bytes()
    after = page[page.index(PLACEHOLDER) + len(PLACEHOLDER):][:40]
    Slow.page = page
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    bport = backend.server_address[1]
    # every request parsed: the cost of a fresh check, not of a cached one
    conf = "AddType text/html .html\nGikReportCache none\n"
    for mode in ("end", "placeholder", "top"):
        badge = "top" if mode == "top" else "end"
        conf += ('<Location "/%s/">\n    GikReport On\n    GikReportBadge %s\n'
                 '</Location>\n' % (mode, badge))
        conf += ('<Location "/slow-%s/">\n    ProxyPass "http://127.0.0.1:%d/"\n'
                 '    GikReport On\n    GikReportBadge %s\n</Location>\n' % (mode, bport, badge))
    noph = page.replace(PLACEHOLDER, b"")
    files = {"end/r.html": noph, "top/r.html": noph, "placeholder/r.html": page}
    srv = harness.Httpd("phbench", module_path=MODULE, files=files, conf_extra=conf,
                        modules=harness.DEFAULT_MODULES + ["proxy", "proxy_http"])
    srv.start()
    try:
        print("| source | mode | first byte | byte after placeholder | whole page | held back |")
        print("|---|---|---:|---:|---:|---:|")
        for source in ("static", "slow"):
            for mode in ("end", "placeholder", "top"):
                body = page if mode == "placeholder" else noph
                Slow.page = body
                path = "/%s/r.html" % mode if source == "static" else "/slow-%s/x" % mode
                runs = [timed_get(srv.port, path, after) for _ in range(REPS)]
                # each variant must do its job: the badge where the mode puts it
                got = dechunk(runs[-1][3])
                where = (PLACEHOLDER + harness.BADGE_BEGIN if mode == "placeholder" else
                         harness.BADGE_END + b"</body>" if mode == "end" or source == "slow"
                         else b"<body>" + harness.BADGE_BEGIN)
                if got.count(harness.BADGE_BEGIN) != 1 or where not in got:
                    sys.exit("%s/%s: the badge is not where expected (%r)" % (source, mode,
                                                                             where))
                held = (len(page) - page.index(PLACEHOLDER) - len(PLACEHOLDER)
                        if mode == "placeholder" else
                        len(noph) - noph.rindex(b"</body>")
                        if mode == "end" or source == "slow" else len(noph))
                med = [statistics.median(r[i] for r in runs) * 1000 for i in range(3)]
                print("| %s | %s | %.0f ms | %.0f ms | %.0f ms | %d B of %d |"
                      % (source, mode, med[0], med[1], med[2], held, len(body)))
    finally:
        srv.stop()
        backend.shutdown()


if __name__ == "__main__":
    main()
