"""Integration-test harness for mod_gikreport: a real Debian apache2 with a generated
config, raw-socket HTTP, and a tiny test runner.

Stdlib only (Debian's /usr/bin/python3).  Apache::Test refuses to run as root, so this
is an equivalent: every server lives in its own mktemp directory (config, docroot,
logs, pid file, mutexes, caches), listens on 127.0.0.1 on a free port in
20000-29999, and is stopped by its own pid (never by name).
"""

import gzip
import html
import json
import os
import pwd
import grp
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

APACHE = os.environ.get("GIK_APACHE", "/usr/sbin/apache2")
MODDIR = os.environ.get("GIK_APACHE_MODDIR", "/usr/lib/apache2/modules")

# Modules the test configs need (brief: exactly these, plus the built module).
# Modules compiled into Debian's apache2 (log_config, unixd, ...) are skipped.
DEFAULT_MODULES = [
    "mpm_event", "authz_core", "authn_core", "authn_file", "auth_basic",
    "authz_user", "mime", "dir", "alias", "log_config", "headers", "include",
    "deflate", "filter", "bucketeer", "dav", "dav_fs", "socache_shmcb",
    "socache_dbm", "env", "setenvif", "unixd",
]

BADGE_BEGIN = b"<!--gikreport:begin-->"
BADGE_END = b"<!--gikreport:end-->"

REQUEST_TIMEOUT = float(os.environ.get("GIK_REQUEST_TIMEOUT", "20"))


class TestFailure(AssertionError):
    pass


class TestSkip(Exception):
    """A test that cannot run (missing tool/fixture). Counted as a FAILURE unless
    GIK_ALLOW_SKIP=1 -- or unless optional=True (an optional extra whose input is
    absent): then it is reported as SKIP and counted neither as passed nor failed."""

    def __init__(self, msg, optional=False):
        Exception.__init__(self, msg)
        self.optional = optional


# --------------------------------------------------------------------------
# helpers


def builtin_modules():
    try:
        out = subprocess.run([APACHE, "-l"], capture_output=True, text=True,
                             timeout=10).stdout
    except Exception:
        return set()
    return {l.strip()[:-2] for l in out.splitlines() if l.strip().endswith(".c")}


_BUILTIN = None


def is_builtin(mod):
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = builtin_modules()
    return ("mod_" + mod) in _BUILTIN


def port_is_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port(taken=()):
    for _ in range(500):
        p = random.randint(20000, 29999)
        if p not in taken and port_is_free(p):
            return p
    raise RuntimeError("no free port in 20000-29999")


def run_user():
    """(user, group) the children should run as, or None when not root."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        try:
            pw = pwd.getpwnam(name)
            return pw.pw_name, grp.getgrgid(pw.pw_gid).gr_name
        except KeyError:
            continue
    raise RuntimeError("running as root but no www-data/nobody user")


def chown_run_user(path, recursive=True):
    ru = run_user()
    if not ru:
        return
    uid = pwd.getpwnam(ru[0]).pw_uid
    gid = grp.getgrnam(ru[1]).gr_gid
    os.chown(path, uid, gid)
    if recursive and os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            for n in dirs + files:
                os.chown(os.path.join(root, n), uid, gid)


def short(b, n=300):
    """Printable excerpt of bytes/str for failure messages."""
    if isinstance(b, bytes):
        r = repr(b[:n])
        if len(b) > n:
            r += "...(%d bytes total)" % len(b)
        return r
    s = str(b)
    return s if len(s) <= n else s[:n] + "...(%d chars)" % len(s)


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n if len(a) != len(b) else -1


def assert_bytes_equal(actual, expected, what="body"):
    if actual == expected:
        return
    i = first_diff(actual, expected)
    lo = max(0, i - 60)
    raise TestFailure(
        "%s differs: expected %d bytes, got %d; first difference at offset %d\n"
        "  expected[%d:]: %r\n  actual  [%d:]: %r"
        % (what, len(expected), len(actual), i, lo, expected[lo:i + 80], lo,
           actual[lo:i + 80]))


def check(cond, msg, *fmt):
    if not cond:
        raise TestFailure(msg % fmt if fmt else msg)


def check_eq(actual, expected, what):
    if actual != expected:
        raise TestFailure("%s: expected %s, got %s" % (what, short(repr(expected), 600),
                                                         short(repr(actual), 600)))


# --------------------------------------------------------------------------
# badge handling


def find_badges(body):
    """List of (start, end) byte spans of every badge (markers inclusive)."""
    spans = []
    pos = 0
    while True:
        s = body.find(BADGE_BEGIN, pos)
        if s < 0:
            break
        e = body.find(BADGE_END, s)
        if e < 0:
            raise TestFailure("badge begin marker at %d without end marker: %s"
                              % (s, short(body[s:s + 400])))
        e += len(BADGE_END)
        spans.append((s, e))
        pos = e
    stray_end = body.count(BADGE_END) - len(spans)
    if stray_end:
        raise TestFailure("%d stray %r markers" % (stray_end, BADGE_END))
    return spans


def strip_badges(body):
    spans = find_badges(body)
    out = bytearray()
    pos = 0
    for s, e in spans:
        out += body[pos:s]
        pos = e
    out += body[pos:]
    return bytes(out), spans


_ATTR_RE = re.compile(rb'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|\'([^\']*)\'|([^\s>"\']+))')


def badge_root_attrs(badge):
    """Attributes of the badge's root element (first start tag after the begin
    marker, skipping comments and whitespace)."""
    inner = badge[len(BADGE_BEGIN):]
    m = re.search(rb"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", inner)
    check(m is not None, "badge has no root element: %s", short(badge))
    attrs = {}
    for am in _ATTR_RE.finditer(m.group(2)):
        v = am.group(3) if am.group(3) is not None else (
            am.group(4) if am.group(4) is not None else am.group(5))
        attrs[am.group(1).decode("ascii", "replace").lower()] = html.unescape(
            v.decode("ascii", "replace"))
    # boolean attributes such as role without value are not interesting here
    return m.group(1).decode("ascii", "replace").lower(), attrs


def badge_text(badge):
    """Visible text of the badge, NCRs decoded."""
    s = badge.decode("ascii", "replace")
    s = re.sub(r"<!--.*?-->", "", s, flags=re.S)
    s = re.sub(r"<(script|style)\b.*?</\1\s*>", "", s, flags=re.S | re.I)
    s = re.sub(r"<[^>]*>", " ", s)
    s = html.unescape(s)
    return " ".join(s.split())


def last_real_body_end(body):
    """Offset of the last `</body` end tag that is markup (not inside a comment,
    script, style, textarea, title, xmp, noscript-as-text...), or None.
    An independent, deliberately simple HTML scanner used as test oracle."""
    low = body.lower()
    i = 0
    n = len(body)
    last = None
    raw_tags = (b"script", b"style", b"textarea", b"title", b"xmp", b"iframe",
                b"noembed", b"noframes", b"plaintext")
    while i < n:
        lt = low.find(b"<", i)
        if lt < 0:
            break
        if low.startswith(b"<!--", lt):
            e = low.find(b"-->", lt + 4)
            if e < 0:
                break           # unterminated comment eats the rest
            i = e + 3
            continue
        if low.startswith(b"<!", lt) or low.startswith(b"<?", lt):
            e = low.find(b">", lt)
            if e < 0:
                break
            i = e + 1
            continue
        m = re.match(rb"<(/?)([a-z][a-z0-9]*)", low[lt:lt + 40])
        if not m:
            i = lt + 1
            continue
        closing, name = m.group(1), m.group(2)
        # find end of tag, respecting quoted attribute values
        j = lt + m.end()
        q = None
        while j < n:
            c = low[j:j + 1]
            if q:
                if c == q:
                    q = None
            elif c in (b'"', b"'"):
                q = c
            elif c == b">":
                break
            j += 1
        if closing and name == b"body":
            last = lt
        if not closing and name in raw_tags:
            if name == b"plaintext":
                break
            close = low.find(b"</" + name, j)
            while close >= 0 and low[close + 2 + len(name):close + 3 + len(name)] not in (
                    b">", b" ", b"\t", b"\n", b"\r", b"\f", b"/"):
                close = low.find(b"</" + name, close + 1)
            if close < 0:
                break
            i = close
            continue
        i = j + 1
    return last


# --------------------------------------------------------------------------
# HTTP over raw sockets


class Response:
    def __init__(self, status, reason, headers, body, raw_head, raw_body, chunked,
                 version):
        self.status = status
        self.reason = reason
        self.headers_list = headers
        self.body = body
        self.raw_head = raw_head
        self.raw_body = raw_body
        self.chunked = chunked
        self.version = version

    def header(self, name, default=None):
        name = name.lower()
        vals = [v for k, v in self.headers_list if k.lower() == name]
        if not vals:
            return default
        return ", ".join(vals)

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers_list if k.lower() == name]

    def has(self, name):
        return any(k.lower() == name.lower() for k, _ in self.headers_list)

    def __repr__(self):
        return "<Response %d %s, %d body bytes>" % (self.status, self.reason,
                                                  len(self.body))

    def describe(self):
        return "%d %s\n%s\nbody: %s" % (self.status, self.reason, "\n".join(
            "  %s: %s" % kv for kv in self.headers_list), short(self.body))


class Conn:
    """One TCP connection; several requests may be sent on it (keep-alive)."""

    def __init__(self, port, timeout=REQUEST_TIMEOUT):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        # a bytearray: appending to bytes copies the whole buffer every time,
        # which is quadratic on a 200 MB body
        self.buf = bytearray()
        self.port = port

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _fill(self):
        d = self.sock.recv(65536)
        if not d:
            return False
        self.buf += d
        return True

    def _readline(self):
        while b"\r\n" not in self.buf:
            if not self._fill():
                raise TestFailure("connection closed in the middle of a line: %r"
                                  % bytes(self.buf[:200]))
        at = self.buf.index(b"\r\n")
        line = bytes(self.buf[:at])
        del self.buf[:at + 2]
        return line

    def _readn(self, n):
        while len(self.buf) < n:
            if not self._fill():
                raise TestFailure("connection closed after %d of %d body bytes"
                                  % (len(self.buf), n))
        d = bytes(self.buf[:n])
        del self.buf[:n]
        return d

    def _read_to_eof(self):
        while self._fill():
            pass
        d = bytes(self.buf)
        self.buf = bytearray()
        return d

    def request(self, method, path, headers=None, body=None, close=True,
                req_id=None):
        hdrs = [("Host", "127.0.0.1:%d" % self.port)]
        if req_id:
            hdrs.append(("X-Gik-Test-Id", req_id))
        if close:
            hdrs.append(("Connection", "close"))
        for k, v in (headers or {}).items() if isinstance(headers, dict) else (headers or []):
            hdrs = [h for h in hdrs if h[0].lower() != k.lower()]
            hdrs.append((k, v))
        if body is not None and not any(k.lower() == "content-length" for k, _ in hdrs):
            hdrs.append(("Content-Length", str(len(body))))
        raw = "%s %s HTTP/1.1\r\n" % (method, path)
        raw += "".join("%s: %s\r\n" % kv for kv in hdrs) + "\r\n"
        data = raw.encode("latin-1") + (body or b"")
        self.sock.sendall(data)
        return self.read_response(method, close)

    def read_response(self, method, close):
        while True:
            status_line = self._readline()
            m = re.match(rb"HTTP/(\d\.\d) (\d{3}) ?(.*)$", status_line)
            if not m:
                raise TestFailure("bad status line %r" % status_line)
            head = [status_line]
            headers = []
            while True:
                line = self._readline()
                head.append(line)
                if line == b"":
                    break
                if line[:1] in (b" ", b"\t") and headers:
                    k, v = headers[-1]
                    headers[-1] = (k, v + " " + line.strip().decode("latin-1"))
                    continue
                k, _, v = line.partition(b":")
                headers.append((k.decode("latin-1").strip(),
                                v.decode("latin-1").strip()))
            status = int(m.group(2))
            if 100 <= status < 200 and status != 101:
                continue        # skip interim responses
            break
        raw_head = b"\r\n".join(head) + b"\r\n"
        hmap = {k.lower(): v for k, v in headers}
        te = hmap.get("transfer-encoding", "").lower()
        cl = hmap.get("content-length")
        chunked = False
        raw_body = b""
        if method == "HEAD" or status in (204, 304):
            # No body may follow.  With Connection: close, anything up to EOF
            # would be a leaked body.
            if close:
                raw_body = self._read_to_eof()
            body = b""
            if raw_body:
                raise TestFailure("%s response %d carried %d bytes after the header: %s"
                                  % (method, status, len(raw_body), short(raw_body)))
        elif "chunked" in te:
            chunked = True
            parts = []
            rawp = []
            while True:
                line = self._readline()
                rawp.append(line + b"\r\n")
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while True:     # trailers
                        t = self._readline()
                        rawp.append(t + b"\r\n")
                        if t == b"":
                            break
                    break
                d = self._readn(size)
                parts.append(d)
                crlf = self._readn(2)
                if crlf != b"\r\n":
                    raise TestFailure("chunk not followed by CRLF: %r" % crlf)
                rawp.append(d + crlf)
            body = b"".join(parts)
            raw_body = b"".join(rawp)
            if close:
                extra = self._read_to_eof()
                if extra:
                    raise TestFailure("%d bytes after the last chunk: %s"
                                      % (len(extra), short(extra)))
        elif cl is not None:
            n = int(cl)
            if close:
                body = self._read_to_eof()
                if len(body) != n:
                    raise TestFailure(
                        "Content-Length mismatch: header says %d, %d bytes arrived "
                        "before the connection closed (body starts %s)"
                        % (n, len(body), short(body, 120)))
            else:
                body = self._readn(n)
            raw_body = body
        else:
            body = self._read_to_eof()
            raw_body = body
        return Response(status, m.group(3).decode("latin-1"), headers, body, raw_head,
                        raw_body, chunked, m.group(1).decode())


TEST_BUDGET = float(os.environ.get("GIK_TEST_BUDGET", "180"))
_deadline = [None]


def _timeout():
    """Per-request timeout, bounded by what is left of the current test's budget so
    a hanging module cannot stall the whole run."""
    if _deadline[0] is None:
        return REQUEST_TIMEOUT
    left = _deadline[0] - time.time()
    if left <= 0:
        raise TestFailure("test exceeded its time budget of %ss" % TEST_BUDGET)
    return min(REQUEST_TIMEOUT, left)


def http_request(port, method, path, headers=None, body=None, req_id=None):
    c = None
    try:
        c = Conn(port, timeout=_timeout())
        return c.request(method, path, headers=headers, body=body, close=True,
                         req_id=req_id)
    except socket.timeout:
        raise TestFailure("%s %s: no complete response within %ss"
                          % (method, path, REQUEST_TIMEOUT))
    except OSError as e:
        raise TestFailure("%s %s: connection error: %s" % (method, path, e))
    except TestFailure as e:
        if str(e).startswith(method + " "):
            raise
        raise TestFailure("%s %s: %s" % (method, path, e))
    finally:
        if c:
            c.close()


# --------------------------------------------------------------------------
# the server


CONF_TEMPLATE = r"""# generated by t/httpd/harness.py -- server "{NAME}"
ServerRoot "{TMP}"
ServerName 127.0.0.1
Listen 127.0.0.1:{PORT}
{LOADMODULES}
{USERGROUP}
PidFile "{TMP}/run/httpd.pid"
DefaultRuntimeDir "{TMP}/run"
Mutex file:{TMP}/run default
ErrorLog "{TMP}/logs/error_log"
LogLevel {LOGLEVEL}
LogFormat "%h %t \"%r\" %>s %b gik=\"%{{gikreport}}n\" id=\"%{{X-Gik-Test-Id}}i\"" giktest
CustomLog "{TMP}/logs/access_log" giktest
TypesConfig /etc/mime.types
AddDefaultCharset Off
Timeout 30
KeepAlive On
MaxKeepAliveRequests 100
KeepAliveTimeout 5
StartServers 2
ServerLimit 4
ThreadsPerChild 10
MinSpareThreads 5
MaxSpareThreads 30
MaxRequestWorkers 40
MaxConnectionsPerChild 0
GracefulShutdownTimeout 5
DocumentRoot "{DOCROOT}"
<Directory />
    Options None
    AllowOverride None
    Require all denied
</Directory>
<Directory "{DOCROOT}">
    Options None
    AllowOverride None
    Require all granted
</Directory>
DirectoryIndex index.html
{EXTRA}
"""


class Httpd:
    """A private apache2 instance.

    module_path: the built mod_gikreport.so, or None for a stock server.
    conf_extra: config text appended after the base config; {TMP}, {DOCROOT},
        {PORT} are substituted (write literal braces as {{ }}).
    files: dict relative path -> bytes written into the docroot before start.
    """

    def __init__(self, name, module_path=None, conf_extra="", files=None,
                 modules=None, loglevel=None, keep=False, pdf_helper=True):
        self.name = name
        self.module_path = module_path
        self.conf_extra = conf_extra
        self.files = files or {}
        self.modules = modules if modules is not None else DEFAULT_MODULES
        self.loglevel = loglevel or os.environ.get("GIK_LOGLEVEL", "warn")
        self.keep = keep or os.environ.get("GIK_KEEP_TMP") == "1"
        self.pdf_helper = pdf_helper      # False: the module's compiled-in default
        self.tmp = None
        self.port = None
        self.proc = None
        self.started = False
        self.start_error = None
        self.stderr_path = None
        self._log_mark = 0
        self.ever_started = False
        self.start_error_short = ""

    # ---- layout
    @property
    def docroot(self):
        return os.path.join(self.tmp, "htdocs")

    @property
    def conf_path(self):
        return os.path.join(self.tmp, "conf", "httpd.conf")

    def path(self, *p):
        return os.path.join(self.tmp, *p)

    def subst(self, text):
        return (text.replace("{TMP}", self.tmp).replace("{DOCROOT}", self.docroot)
                .replace("{PORT}", str(self.port)))

    def write_file(self, rel, data, mode=0o644, mtime_ago=3600):
        full = os.path.join(self.docroot, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        os.chmod(full, mode)
        if mtime_ago:
            # published pages are old: a file modified in the current second gets a
            # weak ETag and may legitimately not be cached
            t = time.time() - mtime_ago
            os.utime(full, (t, t))
        d = os.path.dirname(full)
        while d.startswith(self.docroot):
            os.chmod(d, 0o755)
            if d == self.docroot:
                break
            d = os.path.dirname(d)
        return full

    def _config(self):
        lines = []
        for m in self.modules:
            if is_builtin(m):
                continue
            so = os.path.join(MODDIR, "mod_%s.so" % m)
            lines.append('LoadModule %s_module "%s"' % (m, so))
        if self.module_path:
            lines.append('LoadModule gikreport_module "%s"' % self._private_module())
        if self.module_path and self.pdf_helper:
            # the PDF child (GikReportPdfHelper): the built tool, not an installed one
            lines.append('<IfModule gikreport_module>\nGikReportPdfHelper "%s"\n</IfModule>'
                         % self._private_tool())
        ru = run_user()
        ug = ("User %s\nGroup %s" % ru) if ru else "# not root: children keep our uid"
        return CONF_TEMPLATE.format(
            NAME=self.name, TMP=self.tmp, DOCROOT=self.docroot, PORT=self.port,
            LOADMODULES="\n".join(lines), USERGROUP=ug, LOGLEVEL=self.loglevel,
            EXTRA=self.subst(self.conf_extra))

    def prepare(self):
        if self.tmp is None:
            self.tmp = tempfile.mkdtemp(prefix="gikhttpd-%s." % self.name)
            os.chmod(self.tmp, 0o755)
            for d in ("conf", "htdocs", "logs", "run", "var"):
                os.makedirs(self.path(d), exist_ok=True)
                os.chmod(self.path(d), 0o755)
            # runtime state the children write (dav locks, dbm caches, uploads)
            chown_run_user(self.path("var"))
            chown_run_user(self.path("run"))
            for rel, data in self.files.items():
                self.write_file(rel, data)

    def _private_module(self):
        """A copy of module_path in our tmp dir, made once per tmp dir: a `make` during
        the run rewrites .libs/mod_gikreport.so in place, and children of a server
        that mapped it then die of SIGSEGV (false crashes).  Restarts and graceful
        restarts keep loading the same copy."""
        if self.module_path.startswith(self.tmp + os.sep):
            return self.module_path
        priv = self.path("run", "mod_gikreport.so")
        if getattr(self, "_module_copied_from", None) != self.module_path \
                or not os.path.exists(priv):
            tmpcopy = priv + ".new"
            shutil.copyfile(self.module_path, tmpcopy)
            os.chmod(tmpcopy, 0o755)
            os.replace(tmpcopy, priv)      # never a half-written .so
            self._module_copied_from = self.module_path
        return priv

    def _private_tool(self):
        """A copy of the built filters/gikreport beside the module copy, for the
        same reason: a `make` during the run must not rewrite the program the
        children are running as the PDF reader."""
        src = os.environ.get("GIK_CLI") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "filters", "gikreport")
        priv = self.path("run", "gikreport")
        if getattr(self, "_tool_copied_from", None) != src or not os.path.exists(priv):
            shutil.copyfile(src, priv + ".new")
            os.chmod(priv + ".new", 0o755)
            os.replace(priv + ".new", priv)
            self._tool_copied_from = src
        return priv

    def start(self, timeout=20):
        if self.started:
            return
        self.prepare()
        last_err = None
        for attempt in range(3):
            self.port = free_port()
            with open(self.conf_path, "w") as f:
                f.write(self._config())
            self.write_file("__harness_ping.txt", ("ping %s\n" % self.tmp).encode())
            self.stderr_path = self.path("logs", "stderr.%d" % attempt)
            errf = open(self.stderr_path, "wb")
            self.proc = subprocess.Popen(
                [APACHE, "-d", self.tmp, "-f", self.conf_path, "-DFOREGROUND"],
                stdin=subprocess.DEVNULL, stdout=errf, stderr=errf,
                start_new_session=True, env=self._env())
            errf.close()
            ok, last_err = self._wait_up(timeout)
            if ok:
                self.started = True
                self.ever_started = True
                self._log_mark = self._log_size()
                return
            self._kill_all()
            if "could not bind" not in (last_err or "") and "Address already in use" \
                    not in (last_err or ""):
                break
        self.start_error = last_err
        lines = [l for l in (last_err or "").splitlines()
                 if l.strip() and not l.startswith(("apache2 exited", "stderr:",
                                                    "error_log"))]
        self.start_error_short = lines[0] if lines else (last_err or "")[:300]
        raise TestFailure("server %s failed to start:\n%s" % (self.name, last_err))

    def _env(self):
        env = {k: v for k, v in os.environ.items()
               if k in ("PATH", "LANG", "LC_ALL", "HOME", "TZ")}
        env.setdefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        env["LANG"] = "C"
        return env

    def _wait_up(self, timeout):
        deadline = time.time() + timeout
        want = ("ping %s\n" % self.tmp).encode()
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False, "apache2 exited with status %s\nstderr:\n%s\nerror_log tail:\n%s" % (
                    self.proc.returncode, self._read(self.stderr_path), self.error_log_tail())
            try:
                r = http_request(self.port, "GET", "/__harness_ping.txt")
                if r.status == 200 and r.body == want:
                    return True, None
                return False, "port %d answered but not as our server: %s" % (
                    self.port, r.describe())
            except (OSError, TestFailure):
                time.sleep(0.1)
        return False, "apache2 did not answer on port %d within %ss\nstderr:\n%s\nerror_log:\n%s" % (
            self.port, timeout, self._read(self.stderr_path), self.error_log_tail())

    @staticmethod
    def _read(p):
        try:
            with open(p, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _log_size(self):
        try:
            return os.path.getsize(self.path("logs", "error_log"))
        except OSError:
            return 0

    # ---- HTTP
    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def request(self, method, path, headers=None, body=None, req_id=None):
        self.start()
        return http_request(self.port, method, path, headers=headers, body=body,
                            req_id=req_id)

    def get(self, path, headers=None, req_id=None):
        return self.request("GET", path, headers=headers, req_id=req_id)

    def head(self, path, headers=None, req_id=None):
        return self.request("HEAD", path, headers=headers, req_id=req_id)

    def conn(self):
        self.start()
        return Conn(self.port)

    # ---- logs
    def error_log(self):
        return self._read(self.path("logs", "error_log")) if self.tmp else ""

    def error_log_tail(self, n=25):
        return "\n".join(self.error_log().splitlines()[-n:])

    def access_log(self):
        return self._read(self.path("logs", "access_log")) if self.tmp else ""

    def access_note(self, req_id, timeout=3.0):
        """The %{gikreport}n value logged for the request carrying req_id (the
        X-Gik-Test-Id header); None if the request was not logged in time."""
        deadline = time.time() + timeout
        pat = re.compile(r'gik="([^"]*)" id="%s"' % re.escape(req_id))
        while True:
            m = pat.search(self.access_log())
            if m:
                return m.group(1)
            if time.time() > deadline:
                return None
            time.sleep(0.05)

    def mark(self):
        self._log_mark = self._log_size()

    def new_log(self):
        data = self._read(self.path("logs", "error_log"))
        # the log is text; size mark is in bytes -> re-read bytes
        try:
            with open(self.path("logs", "error_log"), "rb") as f:
                f.seek(self._log_mark)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    CRASH_RE = re.compile(r"exit signal|child pid \d+ exit signal|AH00052|Segmentation fault|"
                          r"AH00060|seg fault or similar nasty error|double free|"
                          r"stack smashing|AddressSanitizer", re.I)

    def crashes_since_mark(self):
        return [l for l in self.new_log().splitlines() if self.CRASH_RE.search(l)]

    # ---- lifecycle
    def pid(self):
        try:
            with open(self.path("run", "httpd.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return self.proc.pid if self.proc else None

    def graceful(self, timeout=20):
        """apache2 -k graceful, then wait until the new generation answers."""
        self.start()
        mark = self._log_size()
        r = subprocess.run([APACHE, "-d", self.tmp, "-f", self.conf_path, "-k", "graceful"],
                           capture_output=True, text=True, timeout=30, env=self._env())
        if r.returncode != 0:
            raise TestFailure("apache2 -k graceful failed (%d): %s %s"
                              % (r.returncode, r.stdout, r.stderr))
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.path("logs", "error_log"), "rb") as f:
                f.seek(mark)
                new = f.read().decode("utf-8", "replace")
            if "resuming normal operations" in new or "AH00489" in new \
                    or "AH00094" in new:
                break
            time.sleep(0.1)
        else:
            raise TestFailure("no 'resuming normal operations' after graceful:\n"
                              + self.error_log_tail())
        ok, err = self._wait_up(timeout)
        if not ok:
            raise TestFailure("server not answering after graceful: %s" % err)

    def restart_full(self):
        """Stop and start again with the same tmp dir (and config)."""
        problems = self.stop(cleanup=False)
        self.started = False
        self.start()
        return problems

    def _our_pids(self):
        """Processes whose command line names our config file (children and any
        stragglers): selected by our unique tmp path, killed by pid."""
        pids = []
        if not self.tmp:
            return pids
        key = self.conf_path.encode()
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % d, "rb") as f:
                    if key in f.read():
                        pids.append(int(d))
            except OSError:
                pass
        return [p for p in pids if p != os.getpid()]

    def children(self):
        if not self.started:
            return []
        parent = self.pid()
        return [p for p in self._our_pids() if p != parent and p != (
            self.proc.pid if self.proc else None)]

    def _kill_all(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        for p in self._our_pids():
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass

    def stop(self, cleanup=True):
        """Stop the server; returns a list of problems found (crashes in the error
        log, processes that had to be killed).  Always removes the temp dir unless
        GIK_KEEP_TMP=1 or cleanup=False."""
        problems = []
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    subprocess.run([APACHE, "-d", self.tmp, "-f", self.conf_path, "-k",
                                    "stop"], capture_output=True, timeout=20,
                                   env=self._env())
                except Exception as e:       # fall through to the signals
                    problems.append("apache2 -k stop: %s" % e)
                try:
                    self.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    problems.append("parent did not exit within 15s of -k stop")
                    self._kill_all()
            time.sleep(0.05)
            left = self._our_pids()
            if left:
                problems.append("processes left after stop: %s" % left)
                for p in left:
                    try:
                        os.kill(p, signal.SIGKILL)
                    except OSError:
                        pass
            log = self.error_log()
            crashes = [l for l in log.splitlines() if self.CRASH_RE.search(l)]
            if crashes:
                problems.append("error log shows crashed children:\n  " +
                                "\n  ".join(crashes[:10]))
        self.started = False
        self.proc = None
        if cleanup and self.tmp and not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
        elif cleanup and self.tmp:
            print("# kept %s for inspection" % self.tmp, flush=True)
        return problems


# --------------------------------------------------------------------------
# runner


class Registry:
    def __init__(self):
        self.tests = []

    def test(self, quick=False, servers=()):
        def deco(fn):
            self.tests.append((fn.__name__, fn, quick, servers))
            return fn
        return deco


class Runner:
    def __init__(self, registry, servers_factory, allow_skip=False):
        self.registry = registry
        self.factory = servers_factory
        self.servers = {}
        self.allow_skip = allow_skip
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []

    def server(self, name):
        if name not in self.servers:
            self.servers[name] = self.factory(name)
        s = self.servers[name]
        if s.start_error:
            raise TestFailure("server %s could not start (see first failure):\n%s"
                              % (name, s.start_error_short))
        s.start()
        return s

    def _used(self):
        return [s for s in self.servers.values() if s.started]

    def run(self, names=None, quick=False):
        selected = []
        for name, fn, q, srv in self.registry.tests:
            if names:
                if not any(name == n or name.startswith(n) for n in names):
                    continue
            elif quick and not q:
                continue
            selected.append((name, fn))
        if names and not selected:
            print("no test matches %s" % names)
            return 1
        t0 = time.time()
        try:
            for name, fn in selected:
                self._run_one(name, fn)
        finally:
            # stop everything first (even if stdout is gone), report afterwards
            results = []
            for sname, s in list(self.servers.items()):
                if s.tmp is None and not s.started:
                    continue
                try:
                    probs = s.stop()
                except Exception as e:
                    probs = ["stop raised %r" % e]
                if s.ever_started:
                    results.append((sname, probs))
            for sname, probs in results:
                label = "server_%s_clean_shutdown" % sname
                if probs:
                    self._fail(label, "\n".join(probs), 0.0)
                else:
                    self._pass(label, 0.0)
        print("# %.1fs" % (time.time() - t0))
        print("integration: %d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0

    def _pass(self, name, dt):
        self.passed += 1
        print("ok     %-48s %5.2fs" % (name, dt), flush=True)

    def _fail(self, name, msg, dt):
        self.failed += 1
        self.failures.append(name)
        print("FAIL   %-48s %5.2fs" % (name, dt), flush=True)
        for l in msg.rstrip().splitlines():
            print("     | " + l)
        sys.stdout.flush()

    def _crashes(self, before, suspect=False):
        """Crash lines logged since the test began.  The parent notices a dead child
        only at its next maintenance tick (~1 s), so when a child that existed at
        the start is gone (or the failure looks like a dropped connection), wait up
        to 3 s for the log line before judging."""
        used = self._used()
        gone = any(before.get(s.name, set()) - set(s.children()) for s in used)
        deadline = time.time() + (3 if (gone or suspect) else 0)
        while True:
            out = []
            for s in used:
                c = s.crashes_since_mark()
                if c:
                    out.append("server %s: %s" % (s.name, "\n  ".join(c[:5])))
            if out or time.time() >= deadline:
                return out
            time.sleep(0.1)

    def _run_one(self, name, fn):
        before = {}
        for s in self._used():
            s.mark()
            before[s.name] = set(s.children())
        t = time.time()
        _deadline[0] = t + TEST_BUDGET
        try:
            try:
                fn(self)
            except Exception as e:
                crashes = self._crashes(before, suspect=bool(re.search(
                    r"connection (closed|error)|no complete response", str(e))))
                if crashes:
                    raise TestFailure("child crash during the test:\n" + "\n".join(crashes)
                                      + "\n(first symptom: %s)" % sys.exc_info()[1])
                raise
            crashes = self._crashes(before)
            if crashes:
                raise TestFailure("child crash during the test:\n" + "\n".join(crashes))
            self._pass(name, time.time() - t)
        except TestSkip as e:
            dt = time.time() - t
            if self.allow_skip or getattr(e, "optional", False):
                self.skipped += 1
                print("SKIP   %-48s %5.2fs  (%s) [not counted]" % (name, dt, e),
                      flush=True)
            else:
                self._fail(name, "cannot run (set GIK_ALLOW_SKIP=1 to skip): %s" % e, dt)
        except Exception as e:
            dt = time.time() - t
            if isinstance(e, TestFailure):
                msg = str(e)
            else:
                msg = "".join(traceback.format_exception(type(e), e, e.__traceback__))
            for s in self._used():
                new = s.new_log().strip()
                if new:
                    tail = "\n".join(new.splitlines()[-15:])
                    msg += "\n--- error_log (%s) during this test, tail:\n%s" % (s.name, tail)
            self._fail(name, msg, dt)
