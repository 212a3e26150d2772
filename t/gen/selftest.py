#!/usr/bin/python3
"""selftest.py - check the fixture generator itself, without gikreport.

For every markup x encoding x format it renders random models and reads the
numbers back with a reader written independently of the renderers:
HTML is parsed with html.parser into grids (rowspan/colspan honoured), text
markups are re-split; rows are identified by their printed labels.  It
also checks that the bytes round-trip through the encoding, that HTML pages
declare it in their first 1024 bytes, that the model relations hold, that
the narrative agrees with the numbers, and that no value cell is blank.

    t/gen/selftest.py [--count N] [--seed S] [-v]
prints `genselftest: N passed, M failed` and exits 1 on any failure.
"""

import argparse
import html
import json
import os
import re
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genreport as g  # noqa: E402


# --------------------------------------------------------------------------
# Label normalisation and the label -> id maps (from the template texts)
# --------------------------------------------------------------------------

def norm(s):
    s = s.replace("\u00a0", "").replace("\u3000", "")
    s = re.sub(r"\s+", "", s)
    return s.translate(str.maketrans("（），：", "(),:"))


B_LABELS = {norm(label): rid for rid, _, label in g.B_HEAD_ROWS + g.B_OTHER_21 + g.B_OTHER_19}
B_LABELS.update({norm(g.B_NEW): "new", norm(g.B_CARRIED_OVER): "carried_over",
                 norm(g.B_OUTCOME_TOTAL): "outcome_total",
                 norm(g.B_CARRIED_FORWARD): "carried_forward"})
A_LABELS = {"规章": "regulations", "行政规范性文件": "normative_documents",
            "规范性文件": "normative_documents", "行政许可": "licensing",
            "其他对外管理服务事项": "other_services", "行政处罚": "penalty",
            "行政强制": "enforcement", "行政事业性收费": "fees",
            "政府集中采购": "procurement"}
A_COLUMNS = {
    "2021": {"regulations": ["issued", "repealed", "in_force"],
             "normative_documents": ["issued", "repealed", "in_force"],
             "licensing": ["decisions"], "penalty": ["decisions"],
             "enforcement": ["decisions"], "fees": ["amount"]},
    "2019": {"regulations": ["new_made", "new_published", "total_published"],
             "normative_documents": ["new_made", "new_published", "total_published"],
             "licensing": ["prev_items", "change", "decisions"],
             "other_services": ["prev_items", "change", "decisions"],
             "penalty": ["prev_items", "change", "decisions"],
             "enforcement": ["prev_items", "change", "decisions"],
             "fees": ["prev_items", "change"],
             "procurement": ["purchase_items", "purchase_amount"]},
}
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?(万元|元)?$")
COUNT = re.compile(r"^\d+$")


def number(text):
    """A printed value as int or float (万元); None when not a number."""
    t = norm(text)
    if not NUMBER.match(t):
        return None
    if t.endswith("万元"):
        return float(t[:-2])
    if t.endswith("元"):
        return int(t[:-1]) / 10000
    return float(t) if "." in t else int(t)


# --------------------------------------------------------------------------
# Reading rows back into tables
# --------------------------------------------------------------------------

def read_a(rows, fmt, money_cols=("amount", "purchase_amount")):
    out = {}
    for row in rows:
        labels = [norm(c) for c in row if c.strip() and number(c) is None]
        nums = [number(c) for c in row if c.strip() and number(c) is not None]
        if not labels or labels[0] not in A_LABELS or not nums:
            continue
        rid = A_LABELS[labels[0]]
        cols = A_COLUMNS[fmt][rid]
        if len(cols) != len(nums):
            raise AssertionError("A/%s: %d values for %d columns: %r" % (rid, len(nums), len(cols), row))
        out[rid] = {c: (float(v) if c in money_cols else v) for c, v in zip(cols, nums)}
    return out


def read_b(rows):
    out = {}
    for row in rows:
        nums = [c for c in row if COUNT.match(norm(c) or "x")]
        labels = [norm(c) for c in row if c.strip() and not COUNT.match(norm(c))]
        if len(nums) != 7 or not labels:
            continue
        label = labels[-1]
        if label not in B_LABELS:
            raise AssertionError("B: unknown row label %r" % label)
        out[B_LABELS[label]] = dict(zip(g.B_COLS, map(int, nums)))
    return out


def read_c(rows):
    for row in rows:
        nums = [int(c) for c in row if COUNT.match(norm(c) or "x")]
        if len(nums) == 15:
            return {r: dict(zip(g.C_COLS, nums[i * 5:i * 5 + 5])) for i, r in enumerate(g.C_ROWS)}
    return {}


def read_tables(tables, fmt):
    """tables: {'A': rows, 'B': rows, 'C': rows}, rows = lists of cell texts."""
    return {"A": read_a(tables["A"], fmt), "B": read_b(tables["B"]), "C": read_c(tables["C"])}


# --------------------------------------------------------------------------
# HTML: tables with spans, flattened paragraphs, <pre>, visible text
# --------------------------------------------------------------------------

class PageParser(HTMLParser):
    """Collects <table>s (cells with spans), <p>/<br> lines, <pre> text and
    the visible text, skipping <script>/<style> and comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.lines, self.pre, self.text = [], [], [], []
        self.skip = 0
        self.cell = None
        self.para = None
        self.in_pre = False
        self.meta = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag == "td":
            self.cell = [[], int(a.get("rowspan") or 1), int(a.get("colspan") or 1)]
        elif tag == "p":
            self.para = []
        elif tag == "br" and self.cell is None and self.para is None:
            self.lines.append(None)                     # row separator
        elif tag == "pre":
            self.in_pre = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag == "td":
            text, rs, cs = self.cell
            self.tables[-1][-1].append(("".join(text), rs, cs))
            self.cell = None
        elif tag == "p" and self.para is not None:
            if self.cell is None:
                self.lines.append("".join(self.para))
            self.para = None
        elif tag == "pre":
            self.in_pre = False

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell[0].append(data)
        if self.para is not None:
            self.para.append(data)
        if self.in_pre:
            self.pre.append(data)


def span_grid(rows):
    """Rows of (text, rowspan, colspan) -> rectangular grid of texts with ''
    at covered positions, as a browser lays the table out."""
    grid = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    if (r + dr, c + dc) in grid:
                        raise AssertionError("overlapping spans at row %d" % r)
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
            c += cs
            width = max(width, c)
    height = len(rows)
    out = []
    for r in range(height):
        line = [grid.get((r, c)) for c in range(width)]
        if None in line:
            raise AssertionError("ragged row %d (width %d): %r" % (r, width, line))
        out.append([x.strip() for x in line])
    return out


def split_sections(lines):
    """Lines (or rows) grouped under the section headings 二/三/四 -> A/B/C."""
    heads = {norm(t): k for t, k in zip(g.SECTION_TITLES[1:4], "ABC")}
    heads.update({norm(m): k for i, k in enumerate("ABC") for m in g.HEADING_MISPRINTS[i + 1]})
    stops = {norm(t) for t in g.SECTION_TITLES + [m for ms in g.HEADING_MISPRINTS.values() for m in ms]}
    out, cur = {"A": [], "B": [], "C": []}, None
    for item in lines:
        key = norm(item if isinstance(item, str) else (item[0] if item else ""))
        if key in heads:
            cur = heads[key]
            continue
        if key in stops:
            cur = None
            continue
        if cur:
            out[cur].append(item)
    return out


def rows_from_flat(lines):
    """One-cell-per-line blocks separated by blank/None -> rows of cells."""
    rows, cur = [], []
    for line in lines:
        if line is None or line == "":
            if cur:
                rows.append(cur)
            cur = []
        else:
            cur.append(line.strip("\t"))
    if cur:
        rows.append(cur)
    return rows


def tables_from_page(markup, page, model):
    """Read the three tables back from a page, per markup."""
    if markup in ("word", "cms"):
        p = PageParser()
        p.feed(page)
        p.close()
        grids = [span_grid(t) for t in p.tables]
        # the stray table of the page's form is no report table
        stray = g.forms_of(model)["stray"] != "none"
        if stray:
            st = [norm(c) for c in g.grid_text(g.stray_table(model))[0]]
            strays = [x for x in grids if [norm(c) for c in x[0]] == st]
            if len(strays) != 1:
                raise AssertionError("%d stray tables, expected 1" % len(strays))
            grids = [x for x in grids if x is not strays[0]]
        if len(grids) != 3:
            raise AssertionError("%d <table>s" % len(p.tables))
        tabs = g.tables_of(model)
        if markup == "word" and g.forms_of(model)["blank"]:
            tabs = g.blank_zero_rows(model, tabs)
        # the grid must be the template layout, cell for cell
        for grid, name in zip(grids, "ABC"):
            want = g.grid_text(tabs[name])
            if [[norm(c) for c in r] for r in grid] != [[norm(c) for c in r] for r in want]:
                raise AssertionError("table %s grid differs from the template layout" % name)
        return dict(zip("ABC", grids))
    if markup == "flat_html":
        p = PageParser()
        p.feed(page)
        p.close()
        if p.tables:
            raise AssertionError("flat_html has a <table>")
        # headings are lines too; split first, then group cells into rows
        groups = split_sections([x if x is None else x.replace("\u00a0", "") for x in p.lines])
        return {k: rows_from_flat(v) for k, v in groups.items()}
    if markup == "pre_tsv":
        p = PageParser()
        p.feed(page)
        p.close()
        return tables_from_text("tsv", "".join(p.pre))
    return tables_from_text(markup, page)


def tables_from_text(markup, text):
    lines = text.split("\n")
    if markup == "tsv":
        return split_sections([line.split("\t") for line in lines if line.strip()])
    if markup == "markdown":
        rows = []
        for line in lines:
            if not line.startswith("|"):
                rows.append([line])
            elif not re.match(r"^\|[-|]+\|$", line):
                rows.append([c.strip() for c in line.strip()[1:-1].split("|")])
        return split_sections(rows)
    if markup == "flat_text":
        # headings are unindented lines; cells are tab-indented (or the
        # continuation fragments of a broken vertical label)
        groups = split_sections(lines)
        return {k: rows_from_flat(v) for k, v in groups.items()}
    raise ValueError(markup)


# ---- the forms of gentext.py ---------------------------------------------

NUM = r"[-+]?\d[\d,.]*(?:万元|元)?"


def layout_number(tok):
    tok = tok.replace(",", "")
    if tok.endswith("万元"):
        return float(tok[:-2])
    if tok.endswith("元"):
        return int(tok[:-1]) / 10000
    return float(tok) if "." in tok else int(tok)


def tables_from_layout(page, model):
    """Layout text: a row is a line ending in numbers; rows come in the
    template's printed order, so they are read by position in their
    section (the labels wrap and are not needed)."""
    rows = {"A": [], "B": [], "C": []}
    section = None
    for line in page.replace("\f", "").split("\n"):
        flat = line.strip()
        # a heading as printed, or as misprinted (one report in seven)
        for i, name in ((1, "A"), (2, "B"), (3, "C"), (4, None)):
            if flat in (g.SECTION_TITLES[i], g.HEADING_MISPRINTS[i]):
                section = name
        m = re.search(r"(?:^|\s{2,})((?:%s)(?:\s+(?:%s))*)$" % (NUM, NUM), line)
        if section and m and not re.fullmatch(r"-\d+-", flat):
            rows[section].append([layout_number(t) for t in m.group(1).split()])
    a_ids = [r for r in model["tables"]["A"] if r not in g.forms_of(model)["omit"]]
    got = {"A": {}, "B": {}, "C": {}}
    for rid, vals in zip(a_ids, rows["A"]):
        got["A"][rid] = {c: float(v) if c in ("amount", "purchase_amount") else v
                         for c, v in zip(model["tables"]["A"][rid], vals)}
    b_ids = g.b_row_ids(model["format"])
    if len(rows["B"]) == len(b_ids) - 2:            # （六） printed as one row
        b_ids = [r for r in b_ids if not r.startswith("other_")]
        b_ids.insert(b_ids.index("outcome_total"), "other")
        for r in ("other_no_correction", "other_fee_unpaid", "other_other"):
            got["B"][r] = {c: None for c in g.B_COLS}
    for rid, vals in zip(b_ids, rows["B"]):
        got["B"][rid] = dict(zip(g.B_COLS, vals))
    flat_c = rows["C"][0] if rows["C"] else []
    for i, rid in enumerate(g.C_ROWS):
        got["C"][rid] = dict(zip(g.C_COLS, flat_c[5 * i:5 * i + 5]))
    return got


def cuts_brute(run, kinds):
    """Readings of joined digits by trying every set of cut positions (an
    enumeration independent of gentext.readings)."""
    from itertools import combinations
    pattern = {"count": r"0|[1-9]\d*", "signed": r"[+-]?(?:0|[1-9]\d*)",
               "money": r"(?:0|[1-9]\d*)(?:\.\d{1,4})?"}
    s = run.replace(" ", "")
    forced = set()
    k = 0
    for ch in run:
        if ch == " ":
            forced.add(k)
        else:
            if ch in "+-" and k:
                forced.add(k)
            k += 1
    n = 0
    for cut in combinations(range(1, len(s)), len(kinds) - 1):
        if not forced <= set(cut):
            continue
        bounds = (0,) + cut + (len(s),)
        pieces = [s[bounds[i]:bounds[i + 1]] for i in range(len(kinds))]
        n += all(re.fullmatch(pattern[kd], pc) for pc, kd in zip(pieces, kinds))
    return n


def check_crawler(model, page):
    """Every row's cells are printed joined, in order; a row is null in the
    expected document exactly when its digits admit several readings."""
    import gentext
    problems = []
    body = page.split("\n")[7]
    pos = 0
    exp = gentext.expected_crawler(model)["tables"]
    for t, rows, cols, texts in gentext.crawler_rows(model):
        run = gentext.crawler_cells(model)[(t, rows[0])]
        if run.replace(" ", "") != "".join(texts):
            problems.append("%s/%s printed %r for %r" % (t, rows[0], run, texts))
        at = body.find(run, pos)
        if at < 0:
            problems.append("%s/%s: %r not in the page" % (t, rows[0], run))
            continue
        pos = at + len(run)
        kinds = [gentext.A_KINDS.get(k, "count") for k in cols]
        if len(run.replace(" ", "")) <= 16:
            n = cuts_brute(run, kinds)
            if n != gentext.readings(run, kinds):
                problems.append("%s/%s: %d readings, gentext counts %d"
                                % (t, rows[0], n, gentext.readings(run, kinds)))
        null = [exp[t][r][k] is None for r, k in zip(rows, cols)]
        if any(null) != (gentext.readings(run, kinds) != 1) or any(null) != all(null):
            problems.append("%s/%s: null cells do not follow the readings" % (t, rows[0]))
    return problems


def check_readings_real():
    """gentext.readings against the candidate counts of ../shared/real's
    truth files (made by hand there): 640020470 into 7 cells has 12."""
    import gentext
    cases = [("640020470", 7, 12), ("230 000023", 7, 3), ("220000325", 7, 7),
             ("801000081", 7, 5), ("15130000154", 7, 31), ("10203120001200000", 15, 25),
             ("25380363300630003", 15, 48)]
    return ["readings(%s) = %d, want %d" % (r, gentext.readings(r, ["count"] * n), w)
            for r, n, w in cases if gentext.readings(r, ["count"] * n) != w]


def visible_text(markup, page):
    if markup in g.HTML_MARKUPS:
        p = PageParser()
        p.feed(page)
        p.close()
        return "".join(p.text)
    return page


# --------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------

def compare(want, got, path=""):
    """Differences between two nested dicts of numbers (money exact)."""
    diffs = []
    for k in sorted(set(want) | set(got)):
        if k not in got:
            diffs.append("%s/%s missing" % (path, k))
        elif k not in want:
            diffs.append("%s/%s unexpected" % (path, k))
        elif isinstance(want[k], dict):
            diffs.extend(compare(want[k], got[k], "%s/%s" % (path, k)))
        elif type(want[k]) is not type(got[k]) or want[k] != got[k]:
            diffs.append("%s/%s want %r got %r" % (path, k, want[k], got[k]))
    return diffs


CHARSET_FAMILY = {"utf-8": {"utf-8"}, "gbk": {"gbk", "gb2312", "gb18030"},
                  "gb18030": {"gb18030"}}


def check_page(model, markup, encoding):
    """Problems with one rendered page (empty list when it is right)."""
    problems = []
    page = g.render(model, markup, encoding)
    data = g.encode(page, encoding)
    if data.decode(encoding) != page:
        problems.append("encoding does not round-trip")
    if markup in g.HTML_MARKUPS:
        m = re.search(rb'charset=["\']?([-\w]+)', data[:1024])
        label = m.group(1).decode().lower() if m else None
        if label not in CHARSET_FAMILY[encoding]:
            problems.append("declared charset %r for %s" % (label, encoding))
    elif b"charset" in data[:1024]:
        problems.append("text page declares a charset")
    problems.extend(g.check_consistency(model))
    try:
        want = readable_tables(model, markup)
        if markup == "layout_text":
            want = g.EXPECTED_BY_MARKUP[markup](model)["tables"]
            for rid in g.forms_of(model)["omit"]:
                del want["A"][rid]                  # null: not printed
            got = tables_from_layout(page, model)
        elif markup == "crawler_text":
            problems.extend(check_crawler(model, page))
            got = json.loads(json.dumps(want)) if not problems else {}
        else:
            tables = tables_from_page(markup, page, model)
            got = read_tables(tables, model["format"])
        problems.extend(compare(want, got, "tables")[:5])
        # the reader must notice a wrong number (guards against a reader
        # that agrees with anything)
        wrong = json.loads(json.dumps(want))
        changed = 0
        for t, r, c in (("B", "granted", "natural_person"), ("C", "review", "total")):
            if r in wrong[t]:
                wrong[t][r][c] += 1
                changed += 1
        if len(compare(wrong, got)) != changed:
            problems.append("reader does not notice changed cells")
        for name in "ABC":
            for row in g.tables_of(model)[name]["rows"]:
                if any(c.kind == "val" and not c.text.strip() for c in row):
                    problems.append("blank value cell in table %s" % name)
    except AssertionError as e:
        problems.append(str(e))
    problems.extend(check_text(model, markup, visible_text(markup, page)))
    exp = json.loads(json.dumps(g.expected(model)))
    problems.extend(compare(g.printed_tables(model), exp["tables"], "expected.json"))
    for rid in g.forms_of(model)["omit"]:
        if ["ROW-OMITTED", rid] not in exp["findings"]:
            problems.append("expected.json lacks ROW-OMITTED for %s" % rid)
    if markup == "cms" and page.rfind("</body>") < page.rfind("<!-- </body> -->"):
        problems.append("the real </body> is not the last one")
    return problems


def readable_tables(model, markup):
    """What this reader can read back: the printed tables less the rows the
    page leaves out and, in a Word page with blank zero rows, those rows
    (no numbers printed; the tool reads them as 0 with CELL-BLANK)."""
    want = g.printed_tables(model)
    for rid in g.forms_of(model)["omit"]:
        del want["A"][rid]
    if markup == "word" and g.forms_of(model)["blank"]:
        for rid in [r for r, v in want["B"].items() if not any(v.values())]:
            del want["B"][rid]
        if not any(v for r in want["C"].values() for v in r.values()):
            want["C"] = {}
    return want


def check_text(model, markup, text):
    """The narrative agrees with the tables and has every section."""
    flat = re.sub(r"\s+", "", text.replace("\u00a0", ""))
    problems = []
    for t in g.SECTION_TITLES:
        if t not in flat and model["narrative_styles"]["heading"] not in \
                g.HEADING_MISPRINTS[g.SECTION_TITLES.index(t)]:
            problems.append("section heading %s missing" % t)
    if re.sub(r"\s+", "", g.title_of(model)) not in flat:
        problems.append("title missing")
    b = model["tables"]["B"]
    m = re.search(r"全年共收到政府信息公开申请(\d+)件", flat)
    if b["new"]["total"]:
        if not m or int(m.group(1)) != g.stated_received(model):
            problems.append("narrative count %s != %d" % (m and m.group(1), g.stated_received(model)))
    elif m or "未收到" not in flat:
        problems.append("narrative does not say no applications were received")
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?=年)", flat)}
    if years - {model["year"], model["year"] + 1}:
        problems.append("stray years %s" % sorted(years))
    y, _, d = model["signed"].split("-")
    if "%s年1月%d日" % (y, int(d)) not in flat:
        problems.append("signature date missing")
    for must in ("信息处理费", "未发生责任追究", "上年度问题整改"):
        if must not in flat:
            problems.append("%s missing" % must)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=len(g.combos()) * 4,
                    help="pages to check (cycles every markup x encoding x format)")
    ap.add_argument("--seed", default="selftest")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    table = g.combos()
    passed = failed = 0
    for i in range(a.count):
        fmt, markup, enc = table[i % len(table)]
        model = g.model_for(a.seed, i, fmt)
        try:
            problems = check_page(model, markup, enc)
        except Exception as e:                       # a crash is a failure too
            problems = ["exception: %r" % e]
        if problems:
            failed += 1
            print("FAIL %04d %s %s %s: %s" % (i, fmt, markup, enc, "; ".join(problems[:6])))
        else:
            passed += 1
            if a.verbose:
                print("ok   %04d %s %s %s" % (i, fmt, markup, enc))
    for problem in check_readings_real():
        failed += 1
        print("FAIL readings: %s" % problem)
    print("genselftest: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
