"""Shared result cache across servers: GikReportCache memcache:HOST:PORT and
redis:HOST:PORT.

Registered into the integration runner by tests.py (register(REG, tests_module));
run alone with `t/httpd/run shared_cache_`.

Each test starts its own daemon (memcached or redis-server, loopback only, a free
port in 20000-29999, its files in a mktemp directory) and two separate apache2
servers A and B (different ports, each with its own ServerRoot, logs, counters and
per-child L1) whose `GikReportCache` names that daemon.  Both serve the SAME
document directory: a farm serving one tree.  The page version in the cache key is
the file's mtime, size and absolute path (gik_page_version), so servers that serve
copies of a tree from different paths, or with other mtimes, do not share by design;
a shared directory gives both servers the same path and mtime.

Oracles, per page (built from the seeds like the other tests):
- A parses it: A's /gik-status?json counters.parses +1, cache_hits +0.
- B does not: B's counters.parses +0, cache_hits +1, B's request note ends " cached".
- Both bodies minus the badge equal the file (tests.check_report_response: one badge,
  before the last real </body>, Link to the companion); the badges' data-gik-*
  attributes are identical and equal A's companion summary (the badge text holds a
  check time, so the whole badge is not compared byte for byte).
- B's PAGE.gik.json equals A's apart from checked.at, and B serves it without
  parsing (the J entry A stored at parse time comes from the shared cache).

A missing memcached/redis-server binary or socache provider module fails the test
(TestSkip, counted as a failure unless GIK_ALLOW_SKIP=1) -- never a silent pass.  The
daemon and both servers are always stopped, by pid, in a finally block.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import harness
from harness import TestFailure, TestSkip, check, check_eq, short

T = None          # the tests module (fixtures, helpers), set by register()

MEMCACHED = os.environ.get("GIK_MEMCACHED", "/usr/bin/memcached")
REDIS_SERVER = os.environ.get("GIK_REDIS_SERVER", "/usr/bin/redis-server")

# docroot-relative path -> FILES key (seeds: a UTF-8 page and a GBK page)
PAGES = {
    "r/utf8/seed1.html": "r/utf8/seed1.html",
    "r/gbk/seed3.html": "r/gbk/seed3.html",
}

SERVER_CONF = r"""
AddType text/html .html
# both servers serve one shared tree (same absolute path and mtimes)
DocumentRoot "{SHARED}"
<Directory "{SHARED}">
    Options None
    AllowOverride None
    Require all granted
</Directory>
<Directory "{SHARED}/r">
    GikReport On
</Directory>
# the harness's liveness file stays in this server's own directory
Alias /__harness_ping.txt "{DOCROOT}/__harness_ping.txt"
<Location /gik-status>
    SetHandler gikreport-status
</Location>
{CACHE}
"""


# --------------------------------------------------------------------------
# the daemons


class Daemon:
    """memcached or redis-server on 127.0.0.1:port, in its own session, stopped by
    its pid only."""

    def __init__(self, kind):
        self.kind = kind
        self.tmp = None
        self.proc = None
        self.port = None
        self.log_path = None

    def start(self, timeout=10):
        self.tmp = tempfile.mkdtemp(prefix="gik%s." % self.kind)
        os.chmod(self.tmp, 0o755)
        last = None
        for attempt in range(3):
            self.port = harness.free_port()
            if self.kind == "memcached":
                cmd = [MEMCACHED, "-l", "127.0.0.1", "-p", str(self.port), "-U", "0",
                       "-m", "64", "-c", "256"]
                if os.geteuid() == 0:
                    cmd += ["-u", "nobody"]
            else:
                cmd = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                       "--save", "", "--appendonly", "no", "--dir", self.tmp,
                       "--daemonize", "no", "--logfile", ""]
            self.log_path = os.path.join(self.tmp, "%s.%d.log" % (self.kind, attempt))
            with open(self.log_path, "wb") as logf:
                self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=logf,
                                             stderr=logf, cwd=self.tmp,
                                             start_new_session=True)
            ok, last = self._wait_up(timeout)
            if ok:
                return
            self.stop(cleanup=False)
            if "in use" not in (last or ""):
                break
        raise TestFailure("%s did not come up on 127.0.0.1:%s: %s\nlog:\n%s"
                          % (self.kind, self.port, last, self.log()))

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-2000:]
        except (OSError, TypeError):
            return ""

    def _probe(self):
        """One round trip of the daemon's own protocol; True when it answers."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        try:
            if self.kind == "memcached":
                s.sendall(b"version\r\n")
                want = b"VERSION "
            else:
                s.sendall(b"PING\r\n")
                want = b"+PONG"
            data = b""
            while b"\r\n" not in data:
                d = s.recv(256)
                if not d:
                    break
                data += d
            return data.startswith(want)
        finally:
            s.close()

    def _wait_up(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                log = self.log()
                return False, "%s exited with status %s (%s)" % (
                    self.kind, self.proc.returncode,
                    "address in use" if "in use" in log.lower() else "see log")
            try:
                if self._probe():
                    return True, None
            except OSError:
                pass
            time.sleep(0.05)
        return False, "no answer within %ss" % timeout

    def stop(self, cleanup=True):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        self.proc = None
        if cleanup and self.tmp and os.environ.get("GIK_KEEP_TMP") != "1":
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


# --------------------------------------------------------------------------
# helpers


def need_binary(path, pkg):
    if not os.access(path, os.X_OK):
        raise TestSkip("%s not installed (%s missing): run tools/deps.sh test, or "
                       "apt-get install %s" % (os.path.basename(path), path, pkg))


def need_module(mod):
    so = os.path.join(harness.MODDIR, "mod_%s.so" % mod)
    if not harness.is_builtin(mod) and not os.path.exists(so):
        raise TestSkip("%s missing: the apache2 package has no mod_%s" % (so, mod))


def cache_directive(provider, port):
    """The GikReportCache line of one server (a seam for the negative check)."""
    return "GikReportCache %s:127.0.0.1:%d" % (provider, port)


def make_shared_docroot():
    """A tree both servers serve, readable by the children; every file gets one
    fixed, old mtime (published pages)."""
    d = tempfile.mkdtemp(prefix="gikshared.")
    os.chmod(d, 0o755)
    t = time.time() - 7200
    for rel, key in PAGES.items():
        full = os.path.join(d, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(T.FILES[key])
        os.chmod(full, 0o644)
        os.utime(full, (t, t))
    for root, dirs, _ in os.walk(d):
        for n in dirs:
            os.chmod(os.path.join(root, n), 0o755)
    return d


def badge_data_attrs(attrs):
    return {k: v for k, v in attrs.items() if k.startswith("data-gik-")}


def without_checked_at(doc):
    d = json.loads(json.dumps(doc))
    if isinstance(d.get("checked"), dict):
        d["checked"].pop("at", None)
    return d


def counters(srv):
    return T.status_json(srv)["counters"]


def provider_warnings(srv):
    """Lines saying the cache is not in use (provider missing, create failed)."""
    return [l for l in srv.error_log().splitlines()
            if "GikReportCache" in l and ("no socache provider" in l or "cannot" in l)]


def shared_cache_test(kind, provider, binary, pkg):
    def run(rt):
        need_binary(binary, pkg)
        need_module("socache_" + provider)
        daemon = Daemon(kind)
        servers = []
        shared = None
        problems = []
        try:
            daemon.start()
            shared = make_shared_docroot()
            for name in ("A", "B"):
                srv = harness.Httpd(
                    "shared_%s_%s" % (provider, name), module_path=T.MODULE,
                    modules=harness.DEFAULT_MODULES + ["socache_" + provider],
                    conf_extra=SERVER_CONF.replace("{SHARED}", shared).replace(
                        "{CACHE}", cache_directive(provider, daemon.port)))
                servers.append(srv)
                srv.start()
                w = provider_warnings(srv)
                check(not w, "server %s: the shared cache is not in use:\n  %s", name,
                      "\n  ".join(w))
            a, b = servers
            for rel, key in PAGES.items():
                path = "/" + rel
                original = T.FILES[key]
                # A: first view parses
                ca0 = counters(a)
                ra = a.get(path)
                ca1 = counters(a)
                check(ra.status == 200, "A GET %s: %s", path, ra.describe())
                check_eq(ca1["parses"] - ca0["parses"], 1,
                         "A GET %s (first view anywhere): parses delta" % path)
                check_eq(ca1["cache_hits"] - ca0["cache_hits"], 0,
                         "A GET %s (first view anywhere): cache_hits delta" % path)
                doc_a = T.companion(a, path)
                check(doc_a.get("is_report") is True, "A %s.gik.json: is_report should be "
                      "true: %s", path, short(json.dumps(doc_a.get("summary")), 200))
                _, attrs_a = T.check_report_response(path, ra, original, doc_a["summary"])
                # B: never saw the page; must take A's result from the shared cache
                cb0 = counters(b)
                req = T.rid()
                rb = b.get(path, req_id=req)
                cb1 = counters(b)
                check(rb.status == 200, "B GET %s: %s", path, rb.describe())
                check_eq(cb1["parses"] - cb0["parses"], 0,
                         "B GET %s after A served it: parses delta (B parsed the page "
                         "again instead of using A's result in %s)" % (path, kind))
                check_eq(cb1["cache_hits"] - cb0["cache_hits"], 1,
                         "B GET %s after A served it: cache_hits delta" % path)
                note = b.access_note(req)
                check(note is not None and note.endswith(" cached"),
                      "B GET %s: request note %r should end in ' cached'", path, note)
                _, attrs_b = T.check_report_response(path, rb, original, doc_a["summary"])
                check_eq(badge_data_attrs(attrs_b), badge_data_attrs(attrs_a),
                         "B's badge data-gik-* attributes vs A's for %s" % path)
                # companion from B: the J entry A stored, not a new parse
                doc_b = T.companion(b, path)
                cb2 = counters(b)
                check_eq(cb2["parses"] - cb1["parses"], 0,
                         "B GET %s.gik.json: parses delta (companion not taken from the "
                         "shared cache)" % path)
                diff = T.json_diff(without_checked_at(doc_b), without_checked_at(doc_a))
                check(not diff, "B's %s.gik.json differs from A's (besides checked.at):\n"
                      "  %s", path, "\n  ".join(diff))
            for srv in servers:
                crashes = srv.crashes_since_mark()
                check(not crashes, "server %s: crash lines:\n  %s", srv.name,
                      "\n  ".join(crashes))
        except TestFailure as e:
            tails = []
            for srv in servers:
                if srv.tmp:
                    tails.append("--- error_log (%s), tail:\n%s"
                                 % (srv.name, srv.error_log_tail(12)))
            if daemon.tmp:
                tails.append("--- %s log, tail:\n%s" % (kind, daemon.log()[-800:]))
            raise TestFailure("%s\n%s" % (e, "\n".join(tails)))
        finally:
            for srv in servers:
                try:
                    probs = srv.stop()
                except Exception as ex:
                    probs = ["stop raised %r" % ex]
                problems += ["server %s: %s" % (srv.name, p) for p in probs]
            daemon.stop()
            if shared and os.environ.get("GIK_KEEP_TMP") != "1":
                shutil.rmtree(shared, ignore_errors=True)
        if problems:
            raise TestFailure("unclean shutdown:\n  " + "\n  ".join(problems))
    return run


def register(reg, tests_module):
    global T
    T = tests_module
    for name, kind, provider, binary, pkg in (
            ("shared_cache_memcache", "memcached", "memcache", MEMCACHED, "memcached"),
            ("shared_cache_redis", "redis", "redis", REDIS_SERVER, "redis-server")):
        fn = shared_cache_test(kind, provider, binary, pkg)
        fn.__name__ = name
        reg.test()(fn)
