#!/usr/bin/python3
"""Load with faults (Hardening issue, item 2).

    t/httpd/load.py [--seconds N] [--concurrency C] [--graceful-every S]
                    (defaults: 60 s, 64 connections, a graceful restart every 5 s)

One private apache2 (harness.Httpd: event MPM, StartServers 2, ServerLimit 4,
ThreadsPerChild 25, MaxRequestWorkers 100, GikReport On, the default shmcb cache)
serves a mix of report pages (seeds, UTF-8/GBK/Word/tricky), non-report pages, JSON
companions (PAGE.gik.json) and hostile pages (rowspan=65535, 10,000 nested divs, a
40-digit number, invalid UTF-8, a truncated page).  C client threads, each on its
own keep-alive connection (raw sockets, harness.Conn), request random URIs for N
seconds while `apache2 -f CONF -k graceful` runs every 5 s.

Every response must be 200; a page's body minus the badge must be byte-identical
to the file, with at most one badge, and the badge's data-gik-* attributes must be
the same as the first time that page was seen; a companion must be UTF-8 JSON
whose "summary" equals the first one seen for that page.  A mismatch is counted as
"corrupted".

Failures: any exception (connect refused, reset, timeout, short or malformed
response, non-200) -- with ONE documented tolerance: when a request is sent on a
keep-alive connection that has already carried a response (i.e. not the first
request on that connection) and the server closes that connection (EOF or
ECONNRESET/EPIPE) before a single byte of the response arrived, the request is
retried once on a fresh connection (what HTTP clients do for idempotent requests,
RFC 9112 §9.3.1; it is the race between a graceful restart closing idle keep-alive
connections and the client reusing them).  Such retries are counted and printed
("retried"); a failure of the retry, or any loss on a fresh connection, or after
a response byte arrived, is a failure.  A response with "Connection: close" makes
the client open a new connection for the next request (not a retry).

Crashed children: error-log lines matching `exit signal` (and the harness's other
crash patterns) written during the run.  RSS: every second RssAnon (anonymous
resident memory, where a leak shows; shared memory and mapped files are not a
leak) of every child
(and of the parent) from /proc/PID/status; "first" is the largest per-child RSS
seen in the first 5 s of load, "last" the largest in the last 5 s; flat means
last - first < 10 MB (the parent is held to the same bound: a leak per graceful
restart would show there).

Prints `load: R requests, F failed, C corrupted, G graceful restarts, X crashed
children, RSS first/last max MB` and exits 1 if F, C or X > 0, fewer graceful
restarts succeeded than were attempted, or RSS grew 10 MB or more.

The integration runner (t/httpd/run) runs a short form as the test `load_short`
(12 s, 32 connections; GIK_LOAD_SECONDS / GIK_LOAD_CONCURRENCY override).
"""

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "fixtures"))

import harness  # noqa: E402
from harness import TestFailure, strip_badges, find_badges, badge_root_attrs  # noqa: E402

TOP = os.path.abspath(os.environ.get("GIK_TOP", os.path.join(HERE, "..", "..")))
MODULE = os.environ.get("GIK_MODULE",
                        os.path.join(TOP, "mod_gikreport", ".libs", "mod_gikreport.so"))
RSS_BOUND_MB = 10.0

LOAD_CONF = r"""
# load test: several children, threads, the default shmcb cache
StartServers 2
ServerLimit 4
ThreadsPerChild 25
ThreadLimit 25
MinSpareThreads 25
MaxSpareThreads 75
MaxRequestWorkers 100
AddType text/html .html
<Location /gik-status>
    SetHandler gikreport-status
</Location>
<Directory "{DOCROOT}/p">
    GikReport On
</Directory>
"""


def load_files():
    """{rel: bytes}, and the URI mix [(weight, kind, rel)]."""
    import mkpages
    files, man, texts, _ = mkpages.build(TOP)
    out = {}
    reports, nonreports = [], []
    for rel, m in sorted(man.items()):
        if not rel.endswith(".html") or rel.startswith("r/hdr") or rel.startswith("r/defcs"):
            continue
        if m["kind"] == "report":
            reports.append("p/" + rel[2:])
        elif m["kind"] == "nonreport" and files[rel]:
            nonreports.append("p/" + rel[2:])
        else:
            continue
        out["p/" + rel[2:]] = files[rel]
    seed = files["r/utf8/seed0.html"]
    end = seed.rfind(b"</body>")
    hostile = {
        "p/hostile/rowspan.html": seed.replace(
            b"<td>0</td>", b'<td rowspan="65535" colspan="65535">0</td>', 3),
        "p/hostile/deep.html": seed[:end] + b"<div>" * 10000 + b"x" + b"</div>" * 10000 +
        seed[end:],
        "p/hostile/bignum.html": seed.replace(
            b"<td>2</td>", b"<td>1234567890123456789012345678901234567890</td>", 1),
        "p/hostile/badutf8.html": seed[:end] + b"<p>\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80"
        b"\x80\x80\xc3(</p>" + seed[end:],
        "p/hostile/truncated.html": seed[:len(seed) // 2 + 1],
    }
    out.update(hostile)
    mix = []
    for rel in reports:
        mix.append((6, "page", rel))
        mix.append((3, "json", rel))
    for rel in nonreports:
        mix.append((4, "page", rel))
        mix.append((1, "json", rel))
    for rel in hostile:
        mix.append((3, "page", rel))
        mix.append((1, "json", rel))
    return out, mix


class CountingConn(harness.Conn):
    """harness.Conn that counts the bytes received (for the retry rule) and the
    responses carried."""

    def __init__(self, port, timeout):
        harness.Conn.__init__(self, port, timeout=timeout)
        self.got = 0
        self.used = 0

    def _fill(self):
        d = self.sock.recv(65536)
        if not d:
            return False
        self.got += len(d)
        self.buf += d
        return True


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.failed = 0
        self.corrupted = 0
        self.retried = 0
        self.by_kind = {}
        self.msgs = []
        self.first_sig = {}       # rel -> badge signature
        self.first_summary = {}   # rel -> companion summary

    def note(self, what, msg):
        with self.lock:
            if what == "failed":
                self.failed += 1
            else:
                self.corrupted += 1
            if len(self.msgs) < 30:
                self.msgs.append("%s: %s" % (what, msg))


def _sig(body, spans):
    return tuple(tuple(sorted((k, v) for k, v in badge_root_attrs(body[a:b])[1].items()
                              if k.startswith("data-gik-"))) for a, b in spans)


def verify(stats, kind, rel, resp, files):
    """None when the response is right, else a description (counted as corrupted)."""
    if kind == "page":
        want = files[rel]
        try:
            stripped, spans = strip_badges(resp.body)
        except TestFailure as e:
            return "GET /%s: %s" % (rel, e)
        if stripped != want:
            i = harness.first_diff(stripped, want)
            return ("GET /%s: body minus badge differs from the file (%d vs %d bytes, first "
                    "difference at %d: got %r, want %r)" % (
                        rel, len(stripped), len(want), i, stripped[i:i + 40], want[i:i + 40]))
        if len(spans) > 1:
            return "GET /%s: %d badges" % (rel, len(spans))
        sig = _sig(resp.body, spans)
        with stats.lock:
            first = stats.first_sig.setdefault(rel, sig)
        if sig != first:
            return "GET /%s: badge %s, first time %s" % (rel, sig, first)
        return None
    try:
        doc = json.loads(resp.body.decode("utf-8"))
    except ValueError as e:
        return "GET /%s.gik.json: not UTF-8 JSON (%s): %r" % (rel, e, resp.body[:200])
    summary = doc.get("summary") if isinstance(doc, dict) else None
    if not isinstance(summary, dict):
        return "GET /%s.gik.json: no summary: %r" % (rel, resp.body[:200])
    with stats.lock:
        first = stats.first_summary.setdefault(rel, summary)
    if summary != first:
        return "GET /%s.gik.json: summary %s, first time %s" % (rel, summary, first)
    return None


def client(port, mix, files, deadline, stats, seed, timeout):
    rng = random.Random(seed)
    weights = [w for w, _, _ in mix]
    conn = None
    while time.time() < deadline:
        _, kind, rel = rng.choices(mix, weights)[0]
        path = "/" + rel + (".gik.json" if kind == "json" else "")
        resp = None
        for attempt in (0, 1):
            reused = conn is not None and conn.used > 0
            try:
                if conn is None:
                    conn = CountingConn(port, timeout)
                conn.got = 0
                resp = conn.request("GET", path, close=False)
                conn.used += 1
                break
            except (OSError, TestFailure) as e:
                got = conn.got if conn is not None else 0
                if conn is not None:
                    conn.close()
                conn = None
                closed = isinstance(e, (ConnectionResetError, BrokenPipeError)) or (
                    isinstance(e, TestFailure) and "connection closed in the middle of a "
                    "line: b''" in str(e))
                if attempt == 0 and reused and got == 0 and closed:
                    with stats.lock:
                        stats.retried += 1
                    continue
                stats.note("failed", "GET %s (%s connection, %d response bytes, attempt %d):"
                           " %s: %s" % (path, "reused" if reused else "new", got, attempt + 1,
                                        type(e).__name__, e))
                resp = None
                break
        with stats.lock:
            stats.requests += 1
            stats.by_kind[kind] = stats.by_kind.get(kind, 0) + 1
        if resp is None:
            continue
        if resp.status != 200:
            stats.note("failed", "GET %s: status %d" % (path, resp.status))
        else:
            bad = verify(stats, kind, rel, resp, files)
            if bad:
                stats.note("corrupted", bad)
        if "close" in (resp.header("Connection") or "").lower():
            conn.close()
            conn = None
    if conn is not None:
        conn.close()


def rss_kb(pid):
    """Anonymous resident memory (RssAnon): heap and pools, where a leak shows.
    VmRSS also counts shared memory as a child touches it (the status
    registry and the shmcb cache, both bounded and shared by all children)
    and file pages (libraries mapped on first use): growth there is no leak,
    and it made the 10 MB bound fail on a loaded machine."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for l in f:
                if l.startswith("RssAnon:"):
                    return int(l.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_load(seconds=60, concurrency=64, graceful_every=5.0, verbose=True, out=print):
    """Returns (ok, summary line, details list)."""
    files, mix = load_files()
    srv = harness.Httpd("load", module_path=MODULE, files=files, conf_extra=LOAD_CONF)
    details = []
    try:
        # a private copy of the module: a `make` in the tree during the run rewrites
        # .libs/mod_gikreport.so under the running server, and its children then
        # die of SIGSEGV (seen once; not the module's fault)
        srv.prepare()
        import shutil
        priv = srv.path("run", "mod_gikreport.so")
        shutil.copyfile(MODULE, priv)
        os.chmod(priv, 0o755)
        srv.module_path = priv
        srv.start()
        log0 = srv._log_size()
        # warm-up: every URI once, sequentially, records the reference verdicts
        stats = Stats()
        for _, kind, rel in mix:
            path = "/" + rel + (".gik.json" if kind == "json" else "")
            try:
                r = srv.get(path)
            except (OSError, TestFailure) as e:
                stats.note("failed", "warm-up GET %s: %s" % (path, e))
                continue
            if r.status != 200:
                stats.note("failed", "warm-up GET %s: %d" % (path, r.status))
                continue
            bad = verify(stats, kind, rel, r, files)
            if bad:
                stats.note("corrupted", "warm-up " + bad)
        start = time.time()
        deadline = start + seconds
        samples = []          # (t, max child rss kb, parent rss kb, nchildren)
        graceful = {"ok": 0, "tried": 0, "errors": []}
        stop = threading.Event()

        def sampler():
            parent = srv.pid()
            while not stop.is_set():
                kids = srv.children()
                rs = [x for x in (rss_kb(p) for p in kids) if x]
                samples.append((time.time() - start, max(rs) if rs else 0,
                                rss_kb(parent) or 0, len(rs)))
                stop.wait(1.0)

        def restarter():
            while not stop.wait(graceful_every):
                if time.time() > deadline - 1:
                    break
                graceful["tried"] += 1
                try:
                    r = subprocess.run([harness.APACHE, "-d", srv.tmp, "-f", srv.conf_path,
                                        "-k", "graceful"], capture_output=True, text=True,
                                       timeout=30, env=srv._env())
                    if r.returncode == 0:
                        graceful["ok"] += 1
                    else:
                        graceful["errors"].append("rc %d: %s %s" % (r.returncode, r.stdout,
                                                                   r.stderr))
                except Exception as e:
                    graceful["errors"].append(repr(e))

        ts = [threading.Thread(target=client, args=(srv.port, mix, files, deadline, stats,
                                                    1000 + i, 30.0), daemon=True)
              for i in range(concurrency)]
        aux = [threading.Thread(target=sampler, daemon=True),
               threading.Thread(target=restarter, daemon=True)]
        for t in aux + ts:
            t.start()
        last_report = start
        while any(t.is_alive() for t in ts) and time.time() < deadline + 60:
            time.sleep(0.5)
            if verbose and time.time() - last_report >= 10:
                last_report = time.time()
                out("# %3.0fs: %d requests, %d failed, %d corrupted, %d retried, %d graceful"
                    % (time.time() - start, stats.requests, stats.failed, stats.corrupted,
                       stats.retried, graceful["ok"]))
        hung = sum(t.is_alive() for t in ts)
        stop.set()
        for t in aux:
            t.join(35)
        elapsed = time.time() - start
        # the server must still answer after the last restart
        try:
            r = srv.get("/gik-status?json")
            counters = json.loads(r.body.decode("utf-8")).get("counters")
        except Exception as e:
            counters = None
            stats.note("failed", "status after the run: %s" % e)
        time.sleep(1.5)   # the parent logs a dead child at its next maintenance tick
        with open(srv.path("logs", "error_log"), "rb") as f:
            f.seek(log0)
            newlog = f.read().decode("utf-8", "replace")
        crashes = [l for l in newlog.splitlines() if srv.CRASH_RE.search(l)]
        restarts_logged = len(re.findall(r"AH00493|Graceful restart requested", newlog))
        load_samples = [s for s in samples if s[3] > 0]
        first = [s for s in load_samples if s[0] <= 5.0] or load_samples[:5]
        last = [s for s in load_samples if s[0] >= elapsed - 5.0] or load_samples[-5:]
        mb = lambda kb: kb / 1024.0  # noqa: E731
        f_child = mb(max((s[1] for s in first), default=0))
        l_child = mb(max((s[1] for s in last), default=0))
        f_par = mb(max((s[2] for s in first), default=0))
        l_par = mb(max((s[2] for s in last), default=0))
        peak = mb(max((s[1] for s in load_samples), default=0))
        line = ("load: %d requests, %d failed, %d corrupted, %d graceful restarts, "
                "%d crashed children, RSS %.1f/%.1f max MB"
                % (stats.requests, stats.failed, stats.corrupted, graceful["ok"],
                   len(crashes), f_child, l_child))
        details.append("# %.1fs, %d connections, %.0f req/s; by kind %s; %d retried "
                       "(keep-alive closed before any response byte, see header); %d "
                       "graceful restarts logged by the server; %d client threads hung"
                       % (elapsed, concurrency, stats.requests / max(elapsed, 0.001),
                          stats.by_kind, stats.retried, restarts_logged, hung))
        details.append("# RSS per child: first 5 s max %.1f MB, last 5 s max %.1f MB, peak "
                       "%.1f MB (%d samples); parent %.1f -> %.1f MB; status counters %s"
                       % (f_child, l_child, peak, len(load_samples), f_par, l_par, counters))
        ok = True
        if stats.failed or stats.corrupted or crashes or hung:
            ok = False
        if graceful["ok"] < graceful["tried"] or graceful["tried"] == 0 and seconds > 2 * \
                graceful_every:
            ok = False
            details.append("# graceful restarts: %d of %d succeeded: %s"
                           % (graceful["ok"], graceful["tried"], graceful["errors"][:3]))
        if not load_samples:
            ok = False
            details.append("# no RSS samples of the children")
        if l_child - f_child >= RSS_BOUND_MB:
            ok = False
            details.append("# child RSS grew %.1f MB (bound %.0f MB)"
                           % (l_child - f_child, RSS_BOUND_MB))
        if l_par - f_par >= RSS_BOUND_MB:
            ok = False
            details.append("# parent RSS grew %.1f MB (bound %.0f MB)"
                           % (l_par - f_par, RSS_BOUND_MB))
        for m in stats.msgs[:20]:
            details.append("#   " + m)
        for c in crashes[:10]:
            details.append("#   crash: " + c)
        if not ok:
            tail = [l for l in newlog.splitlines() if "[core:notice]" not in l and
                    "[mpm_event:notice]" not in l][-15:]
            if tail:
                details.append("# error_log (not notices), tail:")
                details.extend("#   " + l for l in tail)
        return ok, line, details
    finally:
        probs = srv.stop()
        if probs:
            details.append("# server stop: %s" % "; ".join(probs))


def register(reg, tests_module):
    def load_short(rt):
        secs = float(os.environ.get("GIK_LOAD_SECONDS", "12"))
        conc = int(os.environ.get("GIK_LOAD_CONCURRENCY", "32"))
        ok, line, details = run_load(secs, conc, verbose=False)
        print("# " + line)
        if not ok:
            raise TestFailure(line + "\n" + "\n".join(details))
        for d in details[:2]:
            print(d)
    load_short.__name__ = "load_short"
    reg.test()(load_short)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--graceful-every", type=float, default=5.0)
    a = ap.parse_args()
    if not os.path.exists(MODULE):
        print("load.py: %s not built (make -j2)" % MODULE, file=sys.stderr)
        return 2
    ok, line, details = run_load(a.seconds, a.concurrency, a.graceful_every)
    for d in details:
        print(d)
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
