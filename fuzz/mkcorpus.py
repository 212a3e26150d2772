#!/usr/bin/python3
"""mkcorpus.py - (re)builds the seed corpora fuzz/corpus/<target>/.

Every corpus file starts with the two-plus choice bytes the targets read
first (see fuzz_common.h): charset index, number of chunk sizes, sizes.
Sources: t/seeds, t/fixtures/generated, a few pages from t/gen/genreport.py
and the small hand-written snippets below.  Pages larger than 64 KB are cut
(the fuzzers run with -max_len=65536).  Run from anywhere:
    /usr/bin/python3 fuzz/mkcorpus.py
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile

FUZZ = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(FUZZ)
MAX = 65536 - 16

CHARSETS = {None: 0, "utf-8": 1, "gbk": 2, "gb18030": 3, "windows-1252": 4, "utf-16le": 5}

def prefix(charset=None, sizes=()):
    return bytes([CHARSETS[charset], len(sizes)]) + bytes(sizes)

SNIPPETS_HTML = [
    b'<html><head><meta charset="gbk"></head><body><p>\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xc7\xe9\xbf\xf6</p></body></html>',
    b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><table><tr><td>a</td></tr></table>',
    b'<html><body><table border=1><tr><td rowspan="3">\xe8\xa1\x8c\xe6\x94\xbf\xe5\xa4\x8d\xe8\xae\xae</td><td colspan="2">1</td></tr><tr><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></body></html>',
    b'<table><tr><td rowspan="65535" colspan="1000">x</td></tr></table>',
    b'<table><tr><td><table><tr><td><table><tr><td>1</td></tr></table></td></tr></table></td></tr></table>',
    b'<body><!-- </body> --><script>var s="</body>";</script><style>p{}</style><pre>1\t2\n3\t4</pre></body>',
    b'<body><textarea></body></textarea><title></body></title></body  ><p>after</p></BODY>',
    b'<?xml version="1.0" encoding="GB18030"?><html><body>\xd2\xbb</body></html>',
    b'\xef\xbb\xbf<html><body><p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</p></body></html>',
    b'\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00<\x00b\x00o\x00d\x00y\x00>\x00\x00N>\x00',
    b'<div><span>\xe7\xac\xac\xe4\xba\x8c\xe5\x8d\x81\xe6\x9d\xa1\xe7\xac\xac\xef\xbc\x88\xe4\xb8\x80\xef\xbc\x89\xe9\xa1\xb9</span><br>12345678901234567890123456789012345678901</div>',
    b'<p>&#20116;&#x4E00;&amp;&nbsp;&#xD800;&#0;&#1114112;</p><table><td><td><tr><th>',
    b'<meta charset="utf-16"><meta charset="x-user-defined"><meta content="charset=windows-1252" http-equiv=content-type>\x80\x9f',
]

SNIPPETS_TEXT = [
    "一、总体情况\n\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t3\n".encode(),
    "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n总计 5 4 -1 0.35 99999999999999999999999999999999999999999\n".encode(),
    "四、政府信息公开行政复议、行政诉讼情况\n行政复议 结果维持 结果纠正 其他结果 尚未审结 总计\n1 2 3 4 10\n\r\n\t\t\t".encode(),
    b"\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xc7\xe9\xbf\xf6\n\x81\x30\x81\x30\xff\xfe",
]

def gen_pages(tmp):
    out = os.path.join(tmp, "gen")
    subprocess.run([sys.executable, os.path.join(TOP, "t/gen/genreport.py"), "--seed", "1",
                    "--count", "14", "--out", out], check=True, stdout=subprocess.DEVNULL)
    txt = os.path.join(tmp, "gentxt")
    subprocess.run([sys.executable, os.path.join(TOP, "t/gen/genreport.py"), "--seed", "2",
                    "--count", "4", "--markups", "tsv,markdown,flat_text,pre_tsv",
                    "--out", txt], check=True, stdout=subprocess.DEVNULL)
    # the text forms of ../shared/real: layout text, a crawler's one-line page
    real = os.path.join(tmp, "genreal")
    subprocess.run([sys.executable, os.path.join(TOP, "t/gen/genreport.py"), "--seed", "3",
                    "--count", "12", "--markups", "layout_text,crawler_text",
                    "--out", real], check=True, stdout=subprocess.DEVNULL)
    pages = []
    for d in (out, txt, real):
        for f in sorted(os.listdir(d)):
            if f.endswith((".html", ".txt")):
                pages.append(os.path.join(d, f))
    return pages

def read(path):
    with open(path, "rb") as fh:
        return fh.read()[:MAX]

def charset_of(name):
    for cs in ("gb18030", "gbk", "utf-8"):
        if cs in name:
            return cs
    return None

def pdf_seeds():
    """fuzz_pipeline_pdf: small hand-written report PDFs and the hostile
    fixtures of t/gen/minipdf.py (not the compression bomb and the deep nesting:
    seconds per run under ASan; the tests have them),
    and the same reports as glyph records for the geometry-only mode (see
    fuzz_pipeline_pdf.c: 9 bytes a glyph) and as glyph streams (the PDF
    child's output)."""
    sys.path.insert(0, os.path.join(TOP, "t/gen"))
    import genreport as g
    import minipdf
    out = []
    pages_of = []
    for i, fmt in enumerate(("2021", "2019", "2021", "2019")):
        model = g.model_for("fuzz-pdf", i, fmt)
        out.append(minipdf.report_pdf(model))
        pages_of.append(minipdf.report_pages(model))
        if i < 2:
            rec = bytearray()
            for n, page in enumerate(minipdf.report_pages(model)):
                for k, (x, y, size, text) in enumerate(page):
                    for j, ch in enumerate(text):
                        cls = 0 if ch.isdigit() else 1 if ord(ch) >= 0x4E00 else 3
                        val = int(ch) if ch.isdigit() else ord(ch) & 0xFF
                        gx = int((x + j * size + 100) * 8) & 0xFFFF
                        gy = int((842 - y + 100) * 8) & 0xFFFF
                        first = n > 0 and k == 0 and j == 0
                        rec += bytes([cls, val, gx & 0xFF, gx >> 8, gy & 0xFF, gy >> 8,
                                      int(size * 8) & 0xFF, int(size * 8) & 0xFF, int(first)])
            out.append(bytes(rec))
    for name, data in sorted(minipdf.fixtures().items()):
        # slow-cmap.pdf keeps poppler busy for seconds: a slow unit, not a seed
        if name not in ("compression-bomb.pdf", "deep-nesting.pdf", "slow-cmap.pdf"):
            out.append(data)
    out.extend(glyph_streams(pages_of[:2]))
    return out


def glyph_streams(models_pages):
    """Glyph streams (filters/gik_pdf_glyphstream.c, written here from its
    comment, not by the C encoder) of report pages: every character 1 em wide,
    then a status record "ok"."""
    out = []
    for pages in models_pages:
        rec = bytearray(b"GIKG1\n")
        for texts in pages:
            glyphs = []
            for x, y, size, text in texts:
                for j, ch in enumerate(text):
                    if not ch.isspace():
                        x1, top = x + j * size, 842 - y - size
                        glyphs.append(struct.pack("<Idddd", ord(ch), x1, top, x1 + size,
                                                  top + size))
            rec += b"P" + struct.pack("<Idd", len(glyphs), 595, 842) + b"".join(glyphs)
        rec += b"S" + struct.pack("<BIIBH", 0, len(pages), len(pages), 0, 0)
        out.append(bytes(rec))
    return out


def main():
    tmp = tempfile.mkdtemp()
    try:
        gen = gen_pages(tmp)
        seeds = [os.path.join(TOP, "t/seeds", f) for f in sorted(os.listdir(os.path.join(TOP, "t/seeds")))]
        fixdir = os.path.join(TOP, "t/fixtures/generated")
        fixtures = [os.path.join(fixdir, f) for f in sorted(os.listdir(fixdir))
                    if f.endswith((".html", ".txt"))]
        # The 90 KB Word pages would be cut anyway: take the small markups only.
        html = [p for p in fixtures + gen if p.endswith(".html") and os.path.getsize(p) < 40000]
        text = seeds + [p for p in fixtures + gen if p.endswith(".txt")]
        corpora = {t: [] for t in ("fuzz_pipeline_html", "fuzz_pipeline_text", "fuzz_chunking",
                                   "fuzz_charset", "fuzz_bodyend")}
        corpora["fuzz_pipeline_pdf"] = pdf_seeds()
        for p in html:
            cs = charset_of(os.path.basename(p))
            body = read(p)
            corpora["fuzz_pipeline_html"].append(prefix(None) + body)
            corpora["fuzz_chunking"].append(prefix(None, (6, 0)) + body)
            corpora["fuzz_bodyend"].append(prefix(None, (2,)) + body)
        for p in text:
            cs = charset_of(os.path.basename(p))
            body = read(p)
            corpora["fuzz_pipeline_text"].append(prefix(cs, (99,)) + body)
            corpora["fuzz_chunking"].append(prefix(cs, (0, 6)) + body)
            corpora["fuzz_charset"].append(prefix(cs, (1, 2)) + body[:2048])
        for s in SNIPPETS_HTML:
            corpora["fuzz_pipeline_html"].append(prefix(None, (3,)) + s)
            corpora["fuzz_pipeline_html"].append(prefix("gbk") + s)
            corpora["fuzz_chunking"].append(prefix(None, (0,)) + s)
            corpora["fuzz_charset"].append(prefix(None, (0,)) + s)
            corpora["fuzz_charset"].append(prefix("utf-16le", (1,)) + s)
            corpora["fuzz_bodyend"].append(prefix(None, (0,)) + s)
        for s in SNIPPETS_TEXT:
            corpora["fuzz_pipeline_text"].append(prefix(None, (4,)) + s)
            corpora["fuzz_chunking"].append(prefix("gb18030", (0,)) + s)
            corpora["fuzz_charset"].append(prefix("gb18030", (0,)) + s)
        for label in (b"gbk", b"GB2312", b"utf8", b"latin1", b"x-gbk", b" UTF-16le ", b"unicode-1-1-utf-8",
                      b"windows-1252", b"csgb2312", b"iso-8859-1", b"ebcdic"):
            corpora["fuzz_charset"].append(prefix(None) + label)
        for target, items in corpora.items():
            d = os.path.join(FUZZ, "corpus", target)
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            for data in items:
                name = hashlib.sha1(data).hexdigest()
                with open(os.path.join(d, name), "wb") as fh:
                    fh.write(data)
    finally:
        shutil.rmtree(tmp)

if __name__ == "__main__":
    main()
