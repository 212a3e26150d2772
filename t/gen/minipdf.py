#!/usr/bin/python3
"""minipdf.py - small PDFs written by hand, for tests and fuzz seeds.

Chromium's PDFs (genreport.py pdf) are what publishers make, but they embed
fonts and weigh hundreds of KB.  These are a few KB: text is drawn in a
Type0 font with Identity-H encoding and a ToUnicode map and no embedded
font program, which is all a text extractor needs (every glyph 1 em wide,
so positions are exact).  The same writer makes the hostile PDFs of the
tests: truncated, encrypted, scanned (no text), deeply nested, claiming a
huge page count, a compression bomb, JavaScript.

    python3 t/gen/minipdf.py --out DIR     # writes the fixtures listed in FIXTURES

Library use:
    pdf = Pdf()
    pdf.page([(72, 800, 12, "一、总体情况"), ...])    # (x, y from the bottom, size, text)
    data = pdf.bytes()

Stdlib only.
"""

import argparse
import os
import random
import sys
import zlib


class Pdf:
    """Objects numbered from 1; bytes() lays them out with a correct xref."""

    def __init__(self):
        self.objs = []          # bytes of each object body, index = number - 1
        self.pages = []         # object numbers of the page objects
        self.font = None
        self.trailer_extra = b""
        self.catalog_extra = b""
        self.tounicode = None   # the font's ToUnicode CMap program, None = identity

    def add(self, body):
        self.objs.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(self.objs)

    def stream(self, data, extra=b"", compress=True):
        if compress:
            data = zlib.compress(data)
            extra += b"/Filter/FlateDecode"
        return self.add(b"<</Length %d%s>>stream\n" % (len(data), extra) + data + b"\nendstream")

    def _font(self):
        if self.font is None:
            cmap = self.tounicode or (b"/CIDInit/ProcSet findresource begin 12 dict begin begincmap"
                    b"/CMapName/Identity-UCS def 1 begincodespacerange<0000><FFFF>endcodespacerange"
                    b" 1 beginbfrange<0000><FFFF><0000>endbfrange endcmap"
                    b" CMapName currentdict/CMap defineresource pop end end")
            tounicode = self.stream(cmap, compress=False)
            desc = self.add("<</Type/FontDescriptor/FontName/SimSun/Flags 4/FontBBox[0 -140 1000 860]"
                            "/ItalicAngle 0/Ascent 860/Descent -140/CapHeight 700/StemV 80>>")
            cid = self.add("<</Type/Font/Subtype/CIDFontType2/BaseFont/SimSun"
                           "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
                           "/FontDescriptor %d 0 R/DW 1000/CIDToGIDMap/Identity>>" % desc)
            self.font = self.add("<</Type/Font/Subtype/Type0/BaseFont/SimSun/Encoding/Identity-H"
                                 "/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>" % (cid, tounicode))
        return self.font

    def page(self, texts, width=595, height=842, extra_ops=b"", resources=b"", more=()):
        """texts: (x, y, size, str); the font's code is the character's UTF-16
        unit (BMP only), so ToUnicode maps it back one to one."""
        ops = [b"BT"]
        for x, y, size, text in texts:
            hexs = "".join("%04X" % ord(ch) for ch in text)
            ops.append(b"/F1 %g Tf 1 0 0 1 %g %g Tm <%s> Tj" % (size, x, y, hexs.encode()))
        ops.append(b"ET")
        content = self.stream(b"\n".join(ops) + b"\n" + extra_ops)
        res = b"<</Font<</F1 %d 0 R>>%s>>" % (self._font(), resources) if texts else \
            b"<<%s>>" % resources
        contents = b" ".join(b"%d 0 R" % c for c in (content,) + tuple(more))
        n = self.add(b"<</Type/Page/Parent 0 0 R/MediaBox[0 0 %d %d]/Contents[%s]/Resources %s>>"
                     % (width, height, contents, res))
        self.pages.append(n)
        return n

    def bytes(self, count=None):
        kids = " ".join("%d 0 R" % n for n in self.pages)
        pages = self.add("<</Type/Pages/Kids[%s]/Count %d>>"
                         % (kids, len(self.pages) if count is None else count))
        for n in self.pages:
            self.objs[n - 1] = self.objs[n - 1].replace(b"/Parent 0 0 R", b"/Parent %d 0 R" % pages)
        catalog = self.add(b"<</Type/Catalog/Pages %d 0 R%s>>" % (pages, self.catalog_extra))
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objs):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += (b"trailer\n<</Size %d/Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF\n"
                % (len(self.objs) + 1, catalog, self.trailer_extra, xref))
        return bytes(out)


# ---- a report laid out as a PDF page would be -------------------------------

def is_value(text):
    return text.replace(".", "", 1).replace("-", "", 1).isdigit() or text in ("", "-", "—")


def report_pages(model, width=595, height=842):
    """A generated model (genreport.py) as positioned text, page by page:
    headings and tables in reading order, each table row's label cells at
    the left and its values right-aligned in fixed columns, a label longer
    than 16 characters wrapped onto two lines with the values centred
    between them, the page number at the foot.  Small enough for a fuzz seed."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import genreport as g
    pages, cur, y = [], [], height - 60

    def need(h):
        nonlocal cur, y
        if y - h < 60:
            pages.append(cur)
            cur, y = [], height - 60

    tables = g.tables_of(model)
    for kind, item in g.blocks(model):
        if kind == "title":
            need(20)
            cur.append((60, y, 14, item))
            y -= 28
            continue
        if kind == "sign":
            item = "".join(item)
        if kind != "table":
            for line in [item[i:i + 40] for i in range(0, len(item), 40)] or [""]:
                need(16)
                cur.append((60, y, 10, line))
                y -= 16
            continue
        for row in g.grid_text(tables[item]):
            labels = [t for t in row if t and not is_value(t)]
            values = [t for t in row if is_value(t) and t]
            label = "".join(labels)
            wrap = len(label) > 16
            need(34 if wrap else 20)
            xs = [250 + 40 * i for i in range(len(values))] if len(values) <= 8 else \
                 [60 + 34 * i for i in range(len(values))]
            vy = y - 6 if wrap else y
            if wrap:
                cur.append((60, y, 8, label[:16]))
                cur.append((60, y - 12, 8, label[16:32]))
            elif label:
                cur.append((60, y, 8, label))
            for x, v in zip(xs, values):
                cur.append((x + 30 - 4 * len(v), vy, 8, v))
            y -= 30 if wrap else 18
    pages.append(cur)
    for i, page in enumerate(pages):
        page.append((width / 2 - 10, 30, 9, "- %d -" % (i + 1)))
    return pages


def report_pdf(model):
    pdf = Pdf()
    for texts in report_pages(model):
        pdf.page(texts)
    return pdf.bytes()


# ---- fixtures ------------------------------------------------------------

def simple_report(tounicode=None):
    pdf = Pdf()
    pdf.tounicode = tounicode
    pdf.page([(72, 770, 16, "某县人民政府2024年政府信息公开工作年度报告"),
              (72, 740, 12, "一、总体情况"), (72, 720, 10, "正文"),
              (72, 700, 10, "行政许可"), (300, 700, 10, "12")])
    return pdf


def fixtures():
    """name -> bytes of the hostile and small PDFs the tests read."""
    out = {}
    ok = simple_report().bytes()
    out["text-one-page.pdf"] = ok
    out["truncated.pdf"] = ok[: len(ok) // 2]
    out["not-a-pdf.pdf"] = b"%PDF-1.7\n" + bytes(random.Random(14).randrange(256) for _ in range(2000))

    scan = Pdf()                                  # an image, no text: a scanned page
    img = scan.stream(bytes(random.Random(1).randrange(256) for _ in range(64 * 64)),
                      b"/Type/XObject/Subtype/Image/Width 64/Height 64/ColorSpace/DeviceGray"
                      b"/BitsPerComponent 8")
    scan.page([], extra_ops=b"q 400 0 0 600 100 100 cm /Im1 Do Q",
              resources=b"/XObject<</Im1 %d 0 R>>" % img)
    out["scanned.pdf"] = scan.bytes()

    enc = simple_report()                         # the standard handler, a password we do not have
    enc.trailer_extra = (b"/Encrypt<</Filter/Standard/V 1/R 2/Length 40/P -44"
                         b"/O<" + b"11" * 32 + b">/U<" + b"22" * 32 + b">>>"
                         b"/ID[<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>]")
    out["encrypted.pdf"] = enc.bytes()

    js = simple_report()                          # JavaScript run on open: never run by us
    action = js.add("<</Type/Action/S/JavaScript/JS(app.alert\\('gikreport'\\);)>>")
    js.catalog_extra = b"/OpenAction %d 0 R" % action
    out["javascript.pdf"] = js.bytes()

    deep = simple_report()                        # an array nested 20000 deep in the catalog
    deep.catalog_extra = b"/Deep " + b"[" * 20000 + b"]" * 20000
    out["deep-nesting.pdf"] = deep.bytes()

    many = simple_report()                        # claims two billion pages
    out["huge-page-count.pdf"] = many.bytes(count=2000000000)

    bomb = Pdf()                                  # 16 MB of content from 25 KB
    content = bomb.stream(b"0 0 m\n" * (16 * 1024 * 1024 // 6))
    bomb.page([(72, 770, 12, "一、总体情况")], more=(content,))
    out["compression-bomb.pdf"] = bomb.bytes()
    # a ToUnicode CMap of 1024 ranges each mapping every 2-byte code to a
    # 2-character string: poppler keeps 64 M strings, growing its table 16
    # entries at a time -- about 6 s and 3.7 GB inside one call, from 28 KB
    # (256 ranges took 2 s on an idle machine: too close to a 2 s limit)
    out["slow-cmap.pdf"] = simple_report(
        b"/CIDInit/ProcSet findresource begin 12 dict begin begincmap/CMapName/Slow def"
        b" 1 begincodespacerange<0000><FFFF>endcodespacerange 1024 beginbfrange "
        + b"<0000><FFFF><00410042>\n" * 1024
        + b"endbfrange endcmap CMapName currentdict/CMap defineresource pop end end").bytes()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, data in sorted(fixtures().items()):
        with open(os.path.join(a.out, name), "wb") as f:
            f.write(data)
        print("%-24s %8d bytes" % (name, len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
