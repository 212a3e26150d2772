"""genforms.py - the forms real pages take beyond their markup (issue 10
items 4-6, issue 17), drawn once per model (random_forms) and honoured by
every markup that can show them:

  title   plain, two_lines, year_first, site_suffix (<title> only),
          meta_line / breadcrumb (a text rendering's header line);
  omit    table-A rows a body leaves out (规章, 收费): not printed, null in
          the expected document, with a ROW-OMITTED finding;
  blank   a Word export printing no numbers in zero rows;
  stray   a table that is not the report's, before, inside or after it.

The text forms of gentext.py honour title (their own header lines stand
for meta_line/breadcrumb) and omit: a PDF's layout text and a crawler's
text both show them.  They draw no stray table or blank row (not yet
modelled there: selftest reads their rows by position), which changes
nothing expected of them.

genreport.py installs this module (install()); stdlib only.
"""

import json

g = None        # genreport, set by install()


def install(genreport):
    global g
    g = genreport


TITLE_FORMS = ["plain", "two_lines", "year_first", "site_suffix", "meta_line", "breadcrumb"]
NO_FORMS = {"title": "plain", "omit": [], "blank": False, "stray": "none", "site": None}


def forms_of(model):
    return model.get("forms") or NO_FORMS


def random_forms(rng, model):
    a = model["tables"]["A"]
    forms = {"title": rng.choices(TITLE_FORMS, [52, 12, 12, 12, 6, 6])[0], "omit": [],
             "blank": rng.random() < 0.3, "site": None,
             "stray": rng.choices(["none", "before", "inside", "after"], [64, 12, 12, 12])[0],
             "stray_kind": rng.choice(["budget", "docs"]), "stray_n": rng.randint(1, 4)}
    if model["kind"] in ("township", "street", "department") and rng.random() < 0.25 \
            and not any(a["regulations"].values()):
        forms["omit"].append("regulations")     # 规章: they cannot make any
        if rng.random() < 0.2 and not any(a["fees"].values()):
            forms["omit"].append("fees")
    if forms["title"] == "site_suffix":
        county = next((c for c in g.COUNTIES if model["organization"].startswith(c)),
                      g.COUNTIES[0])
        forms["site"] = county + "人民政府"
        if model["kind"] == "county" and rng.random() < 0.7:
            # the government's office publishes: "…人民政府办公室" is the body
            model["organization"] += "办公室"
            model["kind"] = "department"
    return forms


def title_lines(model, text=False):
    """The title as printed: one line, or the body's name above the rest."""
    title, form = g.title_of(model), forms_of(model)["title"]
    if form == "two_lines":
        n = len(model["organization"])
        return [title[:n], title[n:].lstrip()]
    if text and form == "meta_line":
        # a crawler's header: the title as metadata, none in the text
        return ["标题: %s\n发布时间: %s\n栏目: 政府信息公开年报" % (title, model["pubdate"])]
    if text and form == "breadcrumb":
        return ["当前位置：首页>政务公开>政府信息公开年报>" + title]
    return [title]


def page_title(model):
    """<title>: the site's name appended, as CMSs do."""
    site = forms_of(model).get("site")
    return g.title_of(model) + ("_" + site if site else "")


def printed_tables(model):
    """The tables as the page prints them: omitted rows are null."""
    tables = json.loads(json.dumps(model["tables"]))
    for rid in forms_of(model)["omit"]:
        tables["A"][rid] = {c: None for c in tables["A"][rid]}
    return tables


def expected_findings(model):
    return [["ROW-OMITTED", rid] for rid in forms_of(model)["omit"]]


def blank_zero_rows(model, tabs):
    """Word exports leave zero cells blank: a table-B row of zeros, and table
    C when it is all zeros, print no numbers at all."""
    b, c = model["tables"]["B"], model["tables"]["C"]
    out = dict(tabs)
    rows = []
    for row in tabs["B"]["rows"]:
        vals = [x for x in row if x.kind == "val"]
        if vals and all(x.text == "0" for x in vals):
            row = [g.V("", x.cs) if x.kind == "val" else x for x in row]
        rows.append(row)
    out["B"] = dict(tabs["B"], rows=rows)
    if not any(v for r in c.values() for v in r.values()):
        out["C"] = dict(tabs["C"], rows=[[g.V("", x.cs) if x.kind == "val" else x for x in row]
                                         for row in tabs["C"]["rows"]])
    return out


def stray_table(model):
    """A table that is not the report's: a budget or a list of documents,
    ending in a 总计/合计 row (no years: they would be the report's)."""
    n = forms_of(model)["stray_n"]
    if forms_of(model)["stray_kind"] == "budget":
        items = ["办公经费", "专项业务费", "设备购置费", "会议培训费"][:n]
        amounts = [(len(model["organization"]) * (i + 3)) % 97 + 1 for i in range(n)]
        rows = [[g.C("项目", kind="head"), g.C("金额（万元）", kind="head")]]
        rows += [[g.C(t), g.V(v)] for t, v in zip(items, amounts)]
        rows.append([g.C("总计"), g.V(sum(amounts))])
        return {"name": "stray", "width": 2, "rows": rows}
    rows = [[g.C("序号", kind="head"), g.C("文件名称", kind="head"), g.C("件数", kind="head")]]
    rows += [[g.V(i + 1), g.C("关于印发第%d批政务公开事项清单的通知" % (i + 1)), g.V(1)] for i in range(n)]
    rows.append([g.C("合计"), g.C(""), g.V(n)])
    return {"name": "stray", "width": 3, "rows": rows}


def with_strays(model, items):
    """blocks() with the stray table put in where the page's form says."""
    where = forms_of(model)["stray"]
    if where == "before":
        yield "stray", stray_table(model)
    seen_head = False
    for kind, payload in items:
        yield kind, payload
        if where == "inside" and kind == "para" and seen_head:
            yield "stray", stray_table(model)
            where = "done"
        seen_head = seen_head or kind == "head"
        if where == "after" and kind == "sign":
            yield "stray", stray_table(model)
