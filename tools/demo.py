#!/usr/bin/python3
"""Starts the mod_gikreport demo: Debian's apache2 on 127.0.0.1 with the built module,
serving sample reports (the five seeds, generated Word/CMS pages in GBK and UTF-8, a
report with errors, a page that is no report), and prints the URLs to open.

Usage: tools/demo.py [--port N] [--background]
Runs in the foreground until Ctrl-C unless --background is given.
"""

import argparse
import html
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(TOP, "mod_gikreport", ".libs", "mod_gikreport.so")
MODDIR = "/usr/lib/apache2/modules"
MODULES = ["mpm_event", "authz_core", "authz_host", "mime", "dir", "autoindex",
           "socache_shmcb", "filter", "env", "setenvif"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_as_html(text, title):
    """A seed (text extraction) as a CMS-like page: tables in <pre>, as many real
    pages publish tab-separated text."""
    body = "<pre>%s</pre>" % html.escape(text)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head>"
            "<body><div class=\"article\">%s</div></body></html>\n"
            % (html.escape(title), body)).encode("utf-8")


def build_docroot(docroot):
    os.makedirs(docroot, exist_ok=True)
    pages = []
    seeds = sorted(os.listdir(os.path.join(TOP, "t", "seeds")))
    for name in seeds:
        with open(os.path.join(TOP, "t", "seeds", name), encoding="utf-8") as f:
            text = f.read()
        title = next((l.strip() for l in text.splitlines() if l.strip()), name)
        stem = name.split("_")[0]
        with open(os.path.join(docroot, "seed-%s.html" % stem), "wb") as f:
            f.write(seed_as_html(text, title))
        shutil.copy(os.path.join(TOP, "t", "seeds", name),
                    os.path.join(docroot, "seed-%s.txt" % stem))
        pages.append(("seed-%s.html" % stem, "seed %s as HTML (%s)" % (stem, title)))
        pages.append(("seed-%s.txt" % stem, "seed %s as plain text (no badge: text/plain)" % stem))

    gen = os.path.join(TOP, "t", "fixtures", "generated")
    for name, what in (("word-gbk-2021.html", "Word \"Save as HTML\" page in GBK, 2021 format"),
                       ("cms-utf-8-2019.html", "CMS article page, 2019 trial format")):
        shutil.copy(os.path.join(gen, name), os.path.join(docroot, name))
        pages.append((name, what))

    # A report with errors: one number of table B changed in the Word page.
    with open(os.path.join(gen, "word-gbk-2021.html"), "rb") as f:
        page = f.read()
    marker = "一、本年新收政府信息公开申请数量".encode("gbk")
    at = page.find(marker)
    if at >= 0:
        # the first number after the label: bump its first digit
        i = at + len(marker)
        while i < len(page) and not (0x30 <= page[i] <= 0x39 and page[i - 1] in b">\""):
            i += 1
        if i < len(page):
            page = page[:i] + (b"9" if page[i] != 0x39 else b"8") + page[i + 1:]
    with open(os.path.join(docroot, "broken-gbk-2021.html"), "wb") as f:
        f.write(page)
    pages.append(("broken-gbk-2021.html", "the Word page with one number of table B changed (errors)"))

    with open(os.path.join(docroot, "news.html"), "wb") as f:
        f.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title></head>"
                "<body><h1>关于做好2024年政府信息公开工作年度报告编制发布工作的通知</h1>"
                "<p>各乡镇、各部门：请于2025年1月31日前发布年度报告。</p></body></html>\n"
                .encode("utf-8"))
    pages.append(("news.html", "a news page that is no report (passes through untouched)"))

    links = "".join("<li><a href=\"%s\">%s</a> (<a href=\"%s.gik.json\">json</a>, "
                    "<a href=\"%s.gik.html\">findings</a>)</li>"
                    % (p, html.escape(w), p, p) for p, w in pages)
    with open(os.path.join(docroot, "index.html"), "wb") as f:
        f.write(("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mod_gikreport demo"
                 "</title></head><body><h1>mod_gikreport demo</h1><ul>%s</ul>"
                 "<p><a href=\"/status\">status page</a></p></body></html>\n" % links)
                .encode("utf-8"))
    return pages


def write_conf(run, port, docroot):
    with open(os.path.join(TOP, "conf", "demo-site.conf"), encoding="utf-8") as f:
        site = f.read()
    site = (site.replace("@PORT@", str(port)).replace("@DOCROOT@", docroot)
            .replace("@MODULE@", MODULE))
    loads = "".join("<IfModule !mod_%s.c>\nLoadModule %s_module %s/mod_%s.so\n</IfModule>\n"
                    % (m, m, MODDIR, m) for m in MODULES)
    user = ""
    if os.geteuid() == 0:
        user = "User www-data\nGroup www-data\n"
    conf = f"""ServerRoot "{run}"
{loads}{user}ServerName 127.0.0.1
PidFile "{run}/httpd.pid"
ErrorLog "{run}/error.log"
DefaultRuntimeDir "{run}"
Mutex file:{run} default
TypesConfig /etc/mime.types
DirectoryIndex index.html
CustomLog "{run}/access.log" gikreport
{site}
"""
    # the LogFormat comes with the site; CustomLog must follow it
    conf = conf.replace('CustomLog "%s/access.log" gikreport\n' % run, "") + \
        'CustomLog "%s/access.log" gikreport\n' % run
    path = os.path.join(run, "httpd.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conf)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--background", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(MODULE):
        sys.exit("demo: %s is not built (run ./demo.sh)" % MODULE)

    run = tempfile.mkdtemp(prefix="gikreport-demo-")
    os.chmod(run, 0o755)
    docroot = os.path.join(run, "htdocs")
    pages = build_docroot(docroot)
    for d, _, files in os.walk(run):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    if os.geteuid() == 0:
        uid = pwd.getpwnam("www-data").pw_uid
        os.chown(run, uid, -1)
    port = args.port or free_port()
    conf = write_conf(run, port, docroot)
    apache = ["/usr/sbin/apache2", "-f", conf]
    res = subprocess.run(apache + ["-k", "start"], capture_output=True, text=True)
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.stderr.write(res.stdout + res.stderr)
        if os.path.exists(os.path.join(run, "error.log")):
            sys.stderr.write(open(os.path.join(run, "error.log")).read())
        sys.exit("demo: httpd did not start")

    base = "http://127.0.0.1:%d/" % port
    print("mod_gikreport demo running at %s (files in %s)\n" % (base, run))
    for p, what in pages:
        print("  %s%s\n      %s; companions: %s.gik.json  %s.gik.csv  %s.gik.html"
              % (base, p, what, p, p, p))
    print("\n  %sstatus   every report checked (also ?json, ?csv)" % base)
    print("  access log with the verdict of each request: %s/access.log" % run)
    stop = "/usr/sbin/apache2 -f %s -k stop" % conf
    if args.background:
        print("\nStop it with: %s" % stop)
        return
    print("\nCtrl-C stops the server.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        subprocess.run(apache + ["-k", "stop"], capture_output=True)
        print("\ndemo stopped")


if __name__ == "__main__":
    main()
