"""gentext.py - the text forms real reports reach us in (../shared/real):

  layout_text   what `pdftotext -layout` gives: the title centred over two
                lines (organisation / "2024 年…年度报告"), narrative wrapped at
                30 characters, numbers right-aligned in columns after their
                label, long labels wrapped above and below the line of
                numbers, categories printed beside the rows, column headers
                split over two lines, page numbers, a form feed and in some
                a running header at each page break (inside tables too),
                "2.其他法律行政止公开" misprinted in some (洪泽区), and in some
                2021 reports （六）其他处理 printed as ONE row (洪泽区 2023/2024);
  crawler_text  a crawler's text of a CMS page (平潭): a metadata header
                (标题:, 发布时间:, …), then the whole page in one line -- a
                breadcrumb, headings running into their text, table cells
                joined with no separator ("640020470"), now and then a blank
                between two cells.

The expected document changes with the form: a merged （六） puts the sum of
the three sub-rows under B.other and nulls them; a crawler row whose digits
admit more than one reading into its cells is null (the tool must not
guess), counted here by an enumeration of our own (readings()).

genreport.py installs these renderers (install()); stdlib only.
"""

import random
import re

g = None        # genreport, set by install()

LINE_CHARS = 30          # narrative characters per layout line
PAGE_LINES = 44          # lines per layout page
NUM_COL = 44             # where the numbers of a layout row start
LABEL_WRAP = 16          # layout labels longer than this wrap


def install(genreport):
    global g
    g = genreport
    genreport.RENDERERS.update({"layout_text": render_layout_text,
                                "crawler_text": render_crawler_text})
    genreport.EXPECTED_BY_MARKUP.update({"layout_text": expected_layout,
                                         "crawler_text": expected_crawler})
    for m in ("layout_text", "crawler_text"):
        if m not in genreport.MARKUPS:
            genreport.MARKUPS.append(m)


def rng_for(model, what):
    return random.Random("%s:%s:%s" % (model["site_id"], model["year"], what))


# --------------------------------------------------------------------------
# （六）其他处理 printed as one row
# --------------------------------------------------------------------------

OTHER_21 = ["other_no_correction", "other_fee_unpaid", "other_other"]


def merged_other(model):
    """Does this page print （六） as one row?  Only 2021 reports do it."""
    return model["format"] == "2021" and rng_for(model, "merged").random() < 0.4


def other_sum(model):
    b = model["tables"]["B"]
    return {c: sum(b[r][c] for r in OTHER_21) for c in g.B_COLS}


def expected_layout(model):
    exp = g.expected(model)
    if merged_other(model):
        b = dict(exp["tables"]["B"])
        b["other"] = other_sum(model)
        for r in OTHER_21:
            b[r] = {c: None for c in g.B_COLS}
        exp["tables"] = dict(exp["tables"], B=b)
    return exp


# --------------------------------------------------------------------------
# layout text
# --------------------------------------------------------------------------

def wrap(text, width):
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


class Pages:
    """Lines with a page number and a form feed every PAGE_LINES lines, and
    in some documents a running header at the top of each page; a group of
    lines (one wrapped table row) is never cut."""

    def __init__(self, header=None):
        self.lines, self.on_page, self.page, self.header = [], 0, 1, header

    def add(self, group):
        if self.on_page + len(group) > PAGE_LINES - 3:
            self.lines += ["", " " * 40 + "-%d-" % self.page, ""]
            self.page += 1
            self.on_page = 0
            if self.header:
                group = [" " * 34 + self.header, ""] + group
            group = ["\f" + group[0]] + group[1:]
        self.lines += group
        self.on_page += len(group)

    def text(self):
        return "\n".join(self.lines + ["", " " * 40 + "-%d-" % self.page]) + "\n"


def numbers(values, width=7):
    """Right-aligned in columns, two blanks between at least."""
    return "".join(" " * max(2, width - len(str(v))) + str(v) for v in values)


def value_line(label, indent, values):
    """label at `indent`, values from NUM_COL on: two blanks at least."""
    head = " " * indent + label
    pad = NUM_COL - indent - 2 * len(label)     # CJK: two columns wide on paper
    return head + " " * max(2, pad) + numbers(values)


def layout_row(label, values, indent, mode):
    """Lines of one table row; a long label wraps (modes as in the real
    texts: 'before' = every label line above the numbers (洪泽区), 'around'
    = first line above, rest below (淮安 （二）), 'middle' = the numbers
    on the second label line (淮安 （六）1))."""
    if len(label) <= LABEL_WRAP:
        return [value_line(label, indent, values)]
    parts = wrap(label, LABEL_WRAP)
    pad = " " * indent
    if mode == "before":
        return [pad + p for p in parts] + [" " * NUM_COL + numbers(values)]
    if mode == "around":
        return [pad + parts[0], " " * NUM_COL + numbers(values)] + [pad + p for p in parts[1:]]
    return [pad + parts[0], value_line(parts[1], indent, values)] + [pad + p for p in parts[2:]]


def split_header(words, indent=8):
    """Column headers split over two lines ("商业" / "企业")."""
    top = " " * indent + "  ".join(w[:len(w) // 2 or 1].ljust(4, "\u3000") for w in words)
    bottom = " " * indent + "  ".join(w[len(w) // 2 or 1:].ljust(4, "\u3000") for w in words)
    return [top, bottom]


def layout_table_a(model, pages):
    for row in g.table_a(model)["rows"]:
        texts = [c.text for c in row if c.kind != "val"]
        vals = [c.text for c in row if c.kind == "val"]
        if vals:
            pages.add([value_line(texts[-1], 0, vals)])
        elif row[0].kind == "cap":
            pages.add(["", " " * 14 + texts[0], ""])
        else:
            pages.add(["    ".join(texts)])


def layout_table_b(model, pages, rng):
    b = model["tables"]["B"]
    L = lambda t: g.lab(model, t)
    merged = merged_other(model)
    mode = rng.choice(["before", "around", "middle"])
    misprint = rng.random() < 0.3
    pages.add([" " * 50 + "申请人情况", "", " " * 50 + "法人或其他组织",
               g.B_NOTE[:20], g.B_NOTE[20:],
               " " * 44 + "自然人" + " " * 30 + "总 计"])
    pages.add(split_header(g.B_ORG_HEADS, indent=52))
    pages.add([value_line(g.B_NEW, 0, [b["new"][c] for c in g.B_COLS])])
    pages.add([value_line(g.B_CARRIED_OVER, 0, [b["carried_over"][c] for c in g.B_COLS])])
    outcome = g.b_outcome_rows(model["format"])
    if merged:
        outcome = [r for r in outcome if r[0] not in OTHER_21] + [("other", None, "（六）其他处理")]
    seen = None
    for i, (rid, cat, label) in enumerate(outcome):
        vals = other_sum(model) if rid == "other" and merged else b[rid]
        vals = [vals[c] for c in g.B_COLS]
        group = []
        if i == 3:
            group.append(" 三 、本 年 度办 理 结果")          # the vertical cell, as 洪泽区 prints it
        if cat and cat != seen:
            group.append("  " + L(cat))                      # the category beside its rows
            seen = cat
        if rid == "withheld_prohibited" and misprint:
            label = label.replace("法规禁止", "止")        # as both 洪泽区 reports print it
        group += layout_row(L(label), vals, 14 if cat else 8, mode)
        pages.add(group)
    pages.add([value_line(L(g.B_OUTCOME_TOTAL), 8, [b["outcome_total"][c] for c in g.B_COLS])])
    pages.add([value_line(g.B_CARRIED_FORWARD, 0, [b["carried_forward"][c] for c in g.B_COLS])])


def layout_table_c(model, pages):
    c = model["tables"]["C"]
    pages.add(["      行政复议" + " " * 30 + "行政诉讼", "",
               " " * 30 + "未经复议直接起诉" + " " * 18 + "复议后起诉"])
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    pages.add(split_header(heads * 3, indent=0))
    pages.add(["", numbers([c[r][k] for r in g.C_ROWS for k in g.C_COLS], width=6), ""])


def layout_title(model):
    """The title centred over two lines, broken after the body's name: a
    year-first title ("2024年XX镇…") keeps its year on the first line."""
    title, org = g.title_of(model), model["organization"]
    cut = title.index(org) + len(org)
    return [" " * 16 + title[:cut].strip(), " " * 6 + title[cut:].strip()]


def render_layout_text(model, charset=None):
    rng = rng_for(model, "layout")
    header = model["organization"] + "政府信息公开工作年度报告"
    pages = Pages(header if rng.random() < 0.5 else None)
    pages.add(layout_title(model) + [""])
    for kind, payload in g.blocks(model):
        if kind == "title":
            continue
        if kind == "table":
            {"A": lambda: layout_table_a(model, pages),
             "B": lambda: layout_table_b(model, pages, rng),
             "C": lambda: layout_table_c(model, pages)}[payload]()
        elif kind == "sign":
            pages.add(["", ""] + [" " * 24 + x for x in payload])
        elif kind in ("head", "sub"):
            pages.add(["   " + payload])
        else:
            lines = wrap("   " + payload, LINE_CHARS)
            for line in lines:
                pages.add([line])
    return pages.text()


# --------------------------------------------------------------------------
# a crawler's flattened text
# --------------------------------------------------------------------------

PIECE = {"count": r"0|[1-9][0-9]*", "signed": r"[+-]?(?:0|[1-9][0-9]*)",
         "money": r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,4})?"}


def readings(run, kinds):
    """How many ways the joined digits `run` split into cells of `kinds`
    ('count', 'signed', 'money'): no leading zeros, a blank or a sign starts
    a cell.  Checked by hand against ../shared/real's candidate_cuts."""
    groups = [grp for part in run.split(" ") for grp in re.split(r"(?=[+-])", part) if grp]
    memo = {}

    def ways(gi, pos, k):
        if gi == len(groups):
            return 1 if k == len(kinds) else 0
        if pos == len(groups[gi]):
            return ways(gi + 1, 0, k)
        if k == len(kinds):
            return 0
        key = (gi, pos, k)
        if key not in memo:
            grp, total = groups[gi], 0
            for end in range(pos + 1, len(grp) + 1):
                if re.fullmatch(PIECE[kinds[k]], grp[pos:end]):
                    total += ways(gi, end, k + 1)
            memo[key] = total
        return memo[key]
    return ways(0, 0, 0)


A_KINDS = {"issued": "count", "repealed": "count", "in_force": "count", "decisions": "count",
           "amount": "money", "new_made": "count", "new_published": "count",
           "total_published": "count", "prev_items": "count", "change": "signed",
           "purchase_items": "count", "purchase_amount": "money"}


def money_text(v):
    text = ("%.4f" % v).rstrip("0").rstrip(".")
    return text if float(text) == v else None


def printed_a(model):
    """Table A's rows the page prints (a body may leave 规章/收费 out)."""
    omit = g.forms_of(model)["omit"]
    return {rid: cols for rid, cols in model["tables"]["A"].items() if rid not in omit}


def crawler_rows(model):
    """(table, [row ids], [column ids], printed cell texts) of every row."""
    a, b, c = (model["tables"][t] for t in "ABC")
    out = []
    for rid, cols in printed_a(model).items():
        texts = []
        for col, v in cols.items():
            if col == "amount" and "fees.amount" in model["a_texts"]:
                texts.append(model["a_texts"]["fees.amount"])
            elif col == "purchase_amount":
                texts.append(money_text(v) or "%.4f" % v)
            elif col == "change" and v > 0:
                texts.append("+%d" % v)
            else:
                texts.append(str(v))
        out.append(("A", [rid] * len(cols), list(cols), texts))
    for rid in g.b_row_ids(model["format"]):
        out.append(("B", [rid] * 7, list(g.B_COLS), [str(b[rid][k]) for k in g.B_COLS]))
    out.append(("C", [r for r in g.C_ROWS for _ in g.C_COLS], g.C_COLS * 3,
                [str(c[r][k]) for r in g.C_ROWS for k in g.C_COLS]))
    return out


def joined(texts, rng):
    """The cells with no separator; now and then a blank between two."""
    out = texts[0]
    for t in texts[1:]:
        out += (" " if rng.random() < 0.08 else "") + t
    return out


def crawler_cells(model):
    """{(table, first row id): joined text} -- the same draws as the page."""
    rng = rng_for(model, "crawler")
    return {(t, rows[0]): joined(texts, rng) for t, rows, cols, texts in crawler_rows(model)}


def expected_crawler(model):
    exp = g.expected(model)
    runs = crawler_cells(model)
    tables = {t: {r: dict(v) for r, v in exp["tables"][t].items()} for t in "ABC"}
    for t, rows, cols, texts in crawler_rows(model):
        n = readings(runs[(t, rows[0])], [A_KINDS.get(k, "count") for k in cols])
        if n != 1:
            for r, k in zip(rows, cols):
                tables[t][r][k] = None
    exp["tables"] = tables
    omitted = {"A/" + r for r in g.forms_of(model)["omit"]}   # null, but ROW-OMITTED
    exp["joined_rows"] = sorted({"%s/%s" % (t, r) for t in "ABC" for r, v in tables[t].items()
                                 if any(x is None for x in v.values())} - omitted)
    return exp


def crawler_table(model, name, runs):
    """A table's text: header words, then label + joined digits per row."""
    table = {"A": g.table_a, "B": g.table_b, "C": g.table_c}[name](model)
    ids = {"A": list(printed_a(model)),
           "B": g.b_row_ids(model["format"]), "C": ["review"]}[name]
    out, k = [], 0
    for row in table["rows"]:
        texts = [c.text for c in row if c.kind != "val"]
        out.append("".join(texts))
        if any(c.kind == "val" for c in row):
            out.append(runs[(name, ids[k])])
            k += 1
    return "".join(out)


def render_crawler_text(model, charset=None):
    title = g.title_of(model).replace(" ", "")
    runs = crawler_cells(model)
    head = ["标题: " + title, "发布时间: " + model["pubdate"], "文号: ", "发布机构: ",
            "栏目: 政府信息公开年报",
            "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/%d/t%s.htm"
            % (model["year"] + 1, model["site_id"]),
            "==================== 正文 ===================="]
    body = ["当前位置： 首页政务公开政府信息公开年报 %s 来源：%s 时间：%s 微信 微博 "
            % (title, model["organization"], model["pubdate"])]
    for kind, payload in g.blocks(model):
        if kind == "title":
            continue
        if kind == "table":
            body.append(crawler_table(model, payload, runs))
        elif kind == "sign":
            body.append("".join(payload))
        else:
            body.append(payload.replace(" ", "") if kind != "para" else payload)
    return "\n".join(head) + "\n" + "".join(body) + " 附件下载\n"
