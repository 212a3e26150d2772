#!/usr/bin/python3
"""genreport.py - render random, self-consistent annual-report models as pages.

A *model* is the truth: organisation, year, format and the three tables as
numbers keyed by the SPEC §5 ids (the same ids as filters/gik_template.c).
A *markup* renders a model into one page the way real publishers do (Word
"Save as HTML", a CMS article, flattened cells, TSV, markdown pipes, one cell
per line).  Tests feed the page to `gikreport check --json` and compare the
numbers it reads with the model (see check-extraction).

Library use:
    import genreport as g
    m = g.random_model(random.Random(7), fmt="2021")
    page = g.render(m, "word")              # str
    data = g.encode(page, "gbk")           # bytes
    g.expected(m)                          # dict written as NNNN.expected.json

CLI:
    genreport.py --seed N --count K --out DIR [--markups word,cms,...]
                 [--encodings utf-8,gbk,gb18030] [--formats 2019,2021] [--every]
    genreport.py nonreport --out DIR
    genreport.py pdf --seed N --count K --out DIR [--chromium PATH]

Stdlib only (Debian's python3).
"""

import argparse
import html
import json
import os
import random
import sys
from collections import namedtuple

# --------------------------------------------------------------------------
# Row / column ids and the labels printed for them (filters/gik_template.c)
# --------------------------------------------------------------------------

A21_COLS = [("issued", "本年制发件数"), ("repealed", "本年废止件数"),
            ("in_force", "现行有效件数")]
A19_DOC_COLS = [("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                ("total_published", "对外公开总数量")]
A19_ITEM_COLS = [("prev_items", "上一年项目数量"), ("change", "本年增/减"),
                 ("decisions", "处理决定数量")]

B_COLS = ["natural_person", "commercial", "research", "social_welfare",
          "legal_service", "other_org", "total"]
B_APPLICANTS = B_COLS[:6]
B_ORG_HEADS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# (id, category label or None, row label); order is the printed order.
B_HEAD_ROWS = [
    ("granted", None, "（一）予以公开"),
    ("partly_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("withheld_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("withheld_process_info", "（三）不予公开", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("withheld_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "（五）不予处理", "2.重复申请"),
    ("rejected_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("rejected_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
B_OTHER_21 = [
    ("other_no_correction", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "（六）其他处理", "3.其他"),
]
B_OTHER_19 = [("other", None, "（六）其他处理")]
B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
B_NEW = "一、本年新收政府信息公开申请数量"
B_CARRIED_OVER = "二、上年结转政府信息公开申请数量"
B_RESULTS = "三、本年度办理结果"
B_OUTCOME_TOTAL = "（七）总计"
B_CARRIED_FORWARD = "四、结转下年度继续办理"

C_ROWS = ["review", "litigation_direct", "litigation_after_review"]
C_COLS = ["upheld", "corrected", "other", "pending", "total"]
C_HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

SECTION_TITLES = ["一、总体情况", "二、主动公开政府信息情况",
                  "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况",
                  "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]

MARKUPS = ["word", "cms", "flat_html", "pre_tsv", "tsv", "markdown", "flat_text"]
HTML_MARKUPS = {"word", "cms", "flat_html", "pre_tsv"}
ENCODINGS = ["utf-8", "gbk", "gb18030"]
FORMATS = ["2019", "2021"]


def b_outcome_rows(fmt):
    """(id, category, label) of the outcome sub-rows, in printed order."""
    return B_HEAD_ROWS + (B_OTHER_21 if fmt == "2021" else B_OTHER_19)


def b_row_ids(fmt):
    """All table B row ids in printed order (28 for 2021, 26 for 2019)."""
    return (["new", "carried_over"] + [r[0] for r in b_outcome_rows(fmt)]
            + ["outcome_total", "carried_forward"])


def format_for_year(year):
    return "2019" if year <= 2020 else "2021"


# --------------------------------------------------------------------------
# Organisation names
# --------------------------------------------------------------------------

COUNTIES = ["鲁山县", "安达市", "策勒县", "新野县", "平阴县", "宁陵县", "桐柏县",
            "临泉县", "滑县", "嘉祥县", "乐亭县", "武功县", "涞源县", "定远县",
            "南漳县", "石门县", "永丰县", "通榆县", "阜宁县", "会理市"]
TOWN_NAMES = ["辛店", "刘振屯", "吉星岗", "背孜", "城关", "马店", "杨集", "石桥",
              "高庄", "李楼", "黄岗", "柳林", "王集", "青山", "龙泉", "白沙",
              "古城", "凤凰", "双河", "三合", "梨园", "桃花", "大营", "小集",
              "赵庄", "孙楼", "新安", "永和", "太平", "长岭"]
STREET_NAMES = ["东城", "西城", "新华", "解放路", "人民路", "城北", "城南", "文昌",
                "建设路", "和平"]
BUREAUS = ["自然资源局", "市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局",
           "教育局", "民政局", "司法局", "财政局", "卫生健康委员会", "农业农村局",
           "交通运输局", "水利局", "审计局", "统计局", "应急管理局"]


def random_org(rng):
    """(full name, kind, short self-reference) - kind drives the wording."""
    county = rng.choice(COUNTIES)
    prefix = county if rng.random() < 0.5 else ""
    r = rng.random()
    if r < 0.45:
        town = rng.choice(TOWN_NAMES)
        if rng.random() < 0.6:
            return prefix + town + "镇人民政府", "township", "我镇"
        return prefix + town + "乡人民政府", "township", "我乡"
    if r < 0.65:
        return prefix + rng.choice(STREET_NAMES) + "街道办事处", "street", "我街道"
    if r < 0.95:
        return county + rng.choice(BUREAUS), "department", "我局"
    return county + "人民政府", "county", "本级政府"


# --------------------------------------------------------------------------
# Random numbers: mostly zero, sometimes small, now and then large
# --------------------------------------------------------------------------

def sparse(rng, scale, p_nonzero):
    """A count that is usually 0; `scale` bounds the non-zero values."""
    if scale <= 0 or rng.random() >= p_nonzero:
        return 0
    if rng.random() < 0.7:
        return rng.randint(1, min(scale, 5))
    return rng.randint(1, scale)


def money(rng, big=False):
    """A 万元 amount as (printed string, float). Printed with 0-4 decimals;
    float(text) is exactly the model value, so comparisons are exact."""
    if rng.random() < 0.5:
        return "0", 0.0
    decimals = rng.choice([0, 1, 2, 2, 4])
    top = 9999999 if big else 99999
    k = rng.randint(1, top)
    if decimals == 0:
        k = k // 100 or 1
        return str(k), float(k)
    text = "%d.%0*d" % (k // 10 ** decimals, decimals, k % 10 ** decimals)
    return text, float(text)


def gen_table_b(rng, fmt, profile):
    """Table B with every relation of SPEC §6 holding."""
    outcome_ids = [r[0] for r in b_outcome_rows(fmt)]
    scale = {"zero": 0, "small": 4, "medium": 40, "large": 3000}[profile]
    if profile == "large" and rng.random() < 0.3:
        scale = 40000                   # a busy office: five-digit cells
    while True:
        table = {rid: {} for rid in b_row_ids(fmt)}
        for col in B_APPLICANTS:
            active = profile != "zero" and rng.random() < (0.8 if col == "natural_person" else 0.25)
            s = scale if active else 0
            outs = {rid: sparse(rng, s, 0.5 if rid == "granted" else 0.15) for rid in outcome_ids}
            done = sum(outs.values())
            forward = sparse(rng, s, 0.3)
            over = sparse(rng, s, 0.3)
            over = min(over, done + forward)          # keeps `new` non-negative
            for rid, v in outs.items():
                table[rid][col] = v
            table["outcome_total"][col] = done
            table["carried_forward"][col] = forward
            table["carried_over"][col] = over
            table["new"][col] = done + forward - over
        for row in table.values():
            row["total"] = sum(row[c] for c in B_APPLICANTS)
        if max(max(r.values()) for r in table.values()) <= 99999:
            return table
        scale //= 2


def gen_table_c(rng, profile):
    table = {}
    scale = 0 if profile == "zero" or rng.random() < 0.6 else (3 if profile != "large" else 500)
    for rid in C_ROWS:
        row = {c: sparse(rng, scale, 0.3) for c in C_COLS[:4]}
        row["total"] = sum(row.values())
        table[rid] = row
    return table


def gen_table_a21(rng, kind, profile):
    """2021 table A; `money_text` keeps the printed form of the fee amount."""
    scale = {"zero": 3, "small": 5, "medium": 30, "large": 300}[profile]
    a = {}
    for rid in ("regulations", "normative_documents"):
        if rid == "regulations" and (kind in ("township", "street") or rng.random() < 0.9):
            a[rid] = {"issued": 0, "repealed": 0, "in_force": 0}
            continue
        issued = sparse(rng, scale, 0.4)
        repealed = sparse(rng, scale, 0.3)
        # in force at year end >= net issued this year (rule A-IN-FORCE)
        in_force = max(0, issued - repealed) + sparse(rng, scale * 5, 0.5)
        a[rid] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    big = profile == "large"
    for rid in ("licensing", "penalty", "enforcement"):
        a[rid] = {"decisions": sparse(rng, 99999 if big else scale * 10, 0.35)}
    text, value = money(rng, big)
    a["fees"] = {"amount": value}
    return a, {"fees.amount": text}


def gen_table_a19(rng, kind, profile):
    scale = {"zero": 3, "small": 5, "medium": 30, "large": 300}[profile]
    a, texts = {}, {}
    for rid in ("regulations", "normative_documents"):
        if rid == "regulations" and (kind in ("township", "street") or rng.random() < 0.9):
            a[rid] = {"new_made": 0, "new_published": 0, "total_published": 0}
            continue
        made = sparse(rng, scale, 0.4)
        published = made if rng.random() < 0.8 else sparse(rng, scale, 0.4)
        a[rid] = {"new_made": made, "new_published": published,
                  "total_published": published + sparse(rng, scale * 5, 0.5)}
    for rid in ("licensing", "other_services", "penalty", "enforcement"):
        prev = sparse(rng, scale * 4, 0.4)
        change = rng.randint(-prev, scale) if rng.random() < 0.3 else 0
        a[rid] = {"prev_items": prev, "change": change,
                  "decisions": sparse(rng, 99999 if profile == "large" else scale * 10, 0.35)}
    prev = sparse(rng, scale, 0.3)
    a["fees"] = {"prev_items": prev,
                 "change": rng.randint(-prev, 2) if rng.random() < 0.3 else 0}
    items = sparse(rng, scale, 0.3)
    if items == 0:
        text, value = "0", 0.0
    elif rng.random() < 0.5:
        text, value = money(rng, profile == "large")
        if value == 0.0:
            text = "0"
        text += "万元" if value else ""
    else:
        # whole yuan, as 上海 2019 printed it ("251000元"); the model is 万元
        yuan = rng.randint(1, 9999999)
        text, value = "%d元" % yuan, yuan / 10000
    a["procurement"] = {"purchase_items": items, "purchase_amount": value}
    texts["procurement.purchase_amount"] = text
    return a, texts


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------

def random_model(rng, year=None, fmt=None):
    """A consistent report model.  `fmt` alone picks a matching year; `year`
    alone picks its format; both given are taken as they are."""
    if year is None:
        year = rng.randint(2019, 2020) if fmt == "2019" else (
            rng.randint(2021, 2025) if fmt == "2021" else rng.randint(2019, 2025))
    fmt = fmt or format_for_year(year)
    org, kind, self_ref = random_org(rng)
    profile = rng.choices(["zero", "small", "medium", "large"], [40, 35, 15, 10])[0]
    if fmt == "2021":
        a, a_texts = gen_table_a21(rng, kind, profile)
    else:
        a, a_texts = gen_table_a19(rng, kind, profile)
    sign_day = rng.randint(3, 30)
    model = {
        "format": fmt, "year": year, "organization": org, "kind": kind,
        "self_ref": self_ref, "profile": profile,
        "tables": {"A": a, "B": gen_table_b(rng, fmt, profile),
                   "C": gen_table_c(rng, profile)},
        "a_texts": a_texts,
        "signed": "%04d-01-%02d" % (year + 1, sign_day),
        "pubdate": "%04d-01-%02d %02d:%02d" % (year + 1, min(sign_day + rng.randint(0, 1), 31),
                                               rng.randint(8, 18), rng.randint(0, 59)),
        "site_id": "%010d" % rng.randint(1000000000, 6599999999),
        "style": random_style(rng),
    }
    model["narrative_styles"] = {"applications": None, "review": None, "heading": None}
    model["narrative"] = build_narrative(model, rng)
    # drawn last, from their own generator: adding forms leaves every
    # earlier draw -- and so every model made before them -- as it was
    model["forms"] = random_forms(random.Random(rng.random()), model)
    return model


def random_style(rng):
    """Small printing differences seen in real reports (notes §5)."""
    return {
        "half_brackets": rng.random() < 0.4,   # "(三) 不予公开" for "（三）不予公开"
        "dot_space": rng.random() < 0.3,       # "1. 属于国家秘密"
        "digit_space": rng.random() < 0.4,     # "2024 年"
        "title_nianedu": rng.random() < 0.3,   # "2024年度政府信息公开工作年度报告"
        "final_newline": rng.random() < 0.5,
        "tsv_variant": rng.choice(["grid", "seed"]),
        "split_results": rng.random() < 0.3,   # flat_text: "三、/本年/度办/理结/果"
        "word_charset_label": rng.choice(["gb2312", "gbk", "GBK"]),
    }


def expected(model):
    """The document check-extraction compares the tool's JSON with: the
    printed tables (a row the body left out is null), and the findings the
    page's forms must produce (rule, row) besides."""
    return {"format": model["format"], "year": model["year"],
            "organization": model["organization"], "tables": printed_tables(model),
            "findings": expected_findings(model),
            "narrative_styles": model["narrative_styles"]}


def check_consistency(model):
    """List of broken relations (empty for every generated model)."""
    errs = []
    t = model["tables"]
    b = t["B"]
    outcome_ids = [r[0] for r in b_outcome_rows(model["format"])]
    for c in B_COLS:
        if b["new"][c] + b["carried_over"][c] != b["outcome_total"][c] + b["carried_forward"][c]:
            errs.append("B-BALANCE " + c)
        if b["outcome_total"][c] != sum(b[r][c] for r in outcome_ids):
            errs.append("B-OUTCOME-SUM " + c)
    for rid, row in b.items():
        if row["total"] != sum(row[c] for c in B_APPLICANTS):
            errs.append("B-COLUMN-SUM " + rid)
        if any(v < 0 or v > 99999 for v in row.values()):
            errs.append("B-RANGE " + rid)
    for rid, row in t["C"].items():
        if row["total"] != sum(row[c] for c in C_COLS[:4]):
            errs.append("C-SUM " + rid)
    if model["format"] == "2021":
        for rid in ("regulations", "normative_documents"):
            r = t["A"][rid]
            if r["in_force"] < r["issued"] - r["repealed"]:
                errs.append("A-IN-FORCE " + rid)
    return errs


# --------------------------------------------------------------------------
# Narrative: six sections whose statements agree with the tables
# --------------------------------------------------------------------------

def build_narrative(model, rng):
    """Paragraphs per section: list of (kind, text), kind in head|sub|para.
    Only the report year appears as a year in the body (YEAR-MISMATCH), and
    no paragraph describes handling applications when there were none
    (BOILERPLATE)."""
    y = model["year"]
    me = model["self_ref"]
    b, c = model["tables"]["B"], model["tables"]["C"]
    new, over = b["new"]["total"], b["carried_over"]["total"]
    done, forward = b["outcome_total"]["total"], b["carried_forward"]["total"]
    granted = b["granted"]["total"]
    out = []
    out.append(("para", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，"
                        "统计期限为%d年1月1日至%d年12月31日。" % (y, y)))
    out.append(("head", SECTION_TITLES[0]))
    out.append(("para", "%d年，%s认真贯彻落实《条例》和上级关于政务公开工作的部署，坚持“以公开为常态、"
                        "不公开为例外”，扎实推进政府信息公开工作。" % (y, me)))
    out.append(("sub", "（一）主动公开"))
    out.append(("para", "%s通过政府网站、政务新媒体和公开栏主动公开政府信息%d条，重点公开了惠民政策、"
                        "财政资金、民生项目等信息。" % (me, rng.randint(12, 480))))
    out.append(("sub", "（二）依申请公开"))
    srng = random.Random("narrative:" + model["site_id"])   # the main draws stay as they were
    if new == 0 and over == 0:
        out.append(("para", "全年未收到政府信息公开申请，无上年结转申请。"))
    else:
        out.append(("para", applications_paragraph(model, srng)))
    out.append(("sub", "（三）政府信息管理"))
    out.append(("para", "严格执行信息发布审查制度，落实“先审后发”和“三审三校”，确保公开内容准确规范。"))
    out.append(("sub", "（四）政府信息公开平台建设"))
    out.append(("para", "加强政府网站信息公开专栏的日常维护，及时更新栏目内容，同时用好公开栏等线下渠道。"))
    out.append(("sub", "（五）监督保障"))
    out.append(("para", "将政务公开工作纳入年度绩效考核，主动接受社会评议，完善责任追究机制。"
                        "本年度工作考核结果良好，社会评议满意度较高，未发生责任追究情况。"))
    review = c["review"]["total"]
    suits = c["litigation_direct"]["total"] + c["litigation_after_review"]["total"]
    if review == 0 and suits == 0:
        out.append(("para", "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"))
    else:
        out.append(("para", review_paragraph(model, srng)))
    out.append(("head", SECTION_TITLES[1]))
    out.append(("table", "A"))
    out.append(("head", SECTION_TITLES[2]))
    out.append(("table", "B"))
    out.append(("head", SECTION_TITLES[3]))
    out.append(("table", "C"))
    out.append(("head", SECTION_TITLES[4]))
    out.append(("sub", "（一）存在的主要问题"))
    out.append(("para", "一是信息公开的深度和广度仍需拓展；二是政策解读形式较为单一；三是工作人员业务水平有待提高。"))
    out.append(("sub", "（二）改进情况"))
    out.append(("para", "上年度问题整改情况：针对上年度报告中指出的信息更新不及时问题，已建立信息发布台账，"
                        "问题已整改到位。下一步，%s将加强业务培训，丰富解读形式，持续提升政务公开质量。" % me))
    out.append(("head", SECTION_TITLES[5]))
    fee = "本年度未收取信息处理费。"
    if y >= 2021 and rng.random() < 0.5:
        fee = "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，本年度未收取信息处理费。"
    out.append(("para", fee))
    misprint_heading(model, out, srng)
    return out


# Narrative styles: the readings a reviewer accepts (gik_rules_stated.c).
# "strict" sentences state what their words ask for; "loose" ones state a
# number that holds only under a wider reading (received = new + carried
# over, lawsuits = the concluded ones) and must give a warning, never an
# error.

def stated_received(model):
    """The count the narrative gives for applications received."""
    b = model["tables"]["B"]
    if model["narrative_styles"]["applications"] == "with_carried":
        return b["new"]["total"] + b["carried_over"]["total"]
    return b["new"]["total"]


def pct(part, base):
    return "%.2f%%" % (100.0 * part / base)


def b_category(b, prefix):
    return sum(row["total"] for rid, row in b.items() if rid.startswith(prefix))


def applications_paragraph(model, rng):
    """Section 一（二）: one of four ways reports state table B."""
    b = model["tables"]["B"]
    new, over = b["new"]["total"], b["carried_over"]["total"]
    done, forward = b["outcome_total"]["total"], b["carried_forward"]["total"]
    granted, partly = b["granted"]["total"], b["partly_granted"]["total"]
    styles = ["classic", "answered"] + (["shares"] if done else []) + (["with_carried"] if over else [])
    style = rng.choice(styles) if new else "classic"     # "未收到新的申请" says it in words
    model["narrative_styles"]["applications"] = style
    if style == "with_carried":          # loose: received counts the carried-over ones
        np = b["new"]["natural_person"] + b["carried_over"]["natural_person"]
        return ("全年共收到政府信息公开申请%d件，涉及自然人%d件；办结%d件，其中予以公开%d件。"
                "所有申请均在法定期限内答复。" % (new + over, np, done, granted))
    if style == "answered":
        s = "本年度新收政府信息公开申请%d件，上年结转%d件，依法答复%d件" % (new, over, done)
        s += "，%d件结转至%d年继续办理。" % (forward, model["year"] + 1) if forward else "。"
        return "全年共收到政府信息公开申请%d件。" % new + s
    if style == "shares":
        parts = [("予以公开及部分公开", granted + partly), ("不予公开", b_category(b, "withheld_")),
                 ("无法提供", b_category(b, "unable_")), ("不予处理", b_category(b, "rejected_")),
                 ("其他处理", b_category(b, "other"))]
        s = "全年共收到政府信息公开申请%d件，办结%d件，其中：" % (new, done)
        s += "；".join("%s%d件，占%s" % (w, n, pct(n, done)) for w, n in parts if n)
        return s + "。"
    s = "全年共收到政府信息公开申请%d件" % new if new else "全年未收到新的政府信息公开申请"
    if over:
        s += "，上年结转%d件" % over
    s += "；办结%d件，其中予以公开%d件" % (done, granted)
    s += "，结转下年度继续办理%d件。" % forward if forward else "，无结转下年度继续办理的申请。"
    # loose: 办结率100% while some go on to next year (all that were due);
    # its own draw, so that the styles above stay what they were
    if forward and done and 100.0 * done / (new + over) < 99.5 \
            and random.Random("all_due:" + model["site_id"]).random() < 0.5:
        model["narrative_styles"]["applications"] = "all_due"
        return s + "各类申请均在法定期限内办结，办结率100%。"
    return s + "所有申请均在法定期限内答复。"


# Headings with one wrong character, as published ("行政法复议", 平潭 2022),
# a slip beside the words that find the section ("请申", "和" for "及"), or
# numbered as a sub-heading ("（四）"): still their section, with a
# HEADING-STYLE warning quoting them.
HEADING_MISPRINTS = {0: ("一、总休情况",),
                     1: ("二、主动公开政府信惠情况", "（二）主动公开政府信息情况"),
                     2: ("三、收到和处理政府倍息公开申请情况", "三、收到和处理政府信息公开请申情况"),
                     3: ("四、政府信息公开行政法复议、行政诉讼情况",
                         "（四）政府信息公开行政复议、行政诉讼情况"),
                     4: ("五、存在的主要间题及改进情况", "五、存在的主要问题和改进情况"),
                     5: ("六、其它需要报告的事项",)}


def misprint_heading(model, out, rng):
    """One report in seven prints one section heading misprinted."""
    if rng.random() < 1 / 7:
        i = rng.randrange(len(SECTION_TITLES))
        printed = rng.choice(HEADING_MISPRINTS[i])
        out[out.index(("head", SECTION_TITLES[i]))] = ("head", printed)
        model["narrative_styles"]["heading"] = printed


def c_sum(c, rows, col):
    return sum(c[r][col] for r in rows)


def review_paragraph(model, rng):
    """Section 一（五）: review and litigation as reports state table C."""
    c = model["tables"]["C"]
    lit = ["litigation_direct", "litigation_after_review"]
    review, suits = c["review"]["total"], c_sum(c, lit, "total")
    pending = c_sum(c, lit, "pending")
    styles = ["classic", "results"] + (["concluded"] if suits > pending else [])
    styles += ["concluded_loose"] if pending and suits > pending else []
    style = rng.choice(styles)
    model["narrative_styles"]["review"] = style
    if style == "results":
        def detail(rows):
            return "其中结果维持%d件，结果纠正%d件，其他结果%d件，尚未审结%d件" % tuple(
                c_sum(c, rows, k) for k in ("upheld", "corrected", "other", "pending"))
        return ("本年度因政府信息公开被申请行政复议%d件，%s；被提起行政诉讼%d件，%s。"
                % (review, detail(["review"]), suits, detail(lit)))
    if style == "concluded":             # the city: concluded cases and their results
        corrected = c_sum(c, lit, "corrected")
        return ("本年度因政府信息公开被申请行政复议%d件；一审行政诉讼案件%d件，结果纠正%d件，"
                "行政诉讼纠错率%s。" % (review, suits - pending, corrected,
                                     pct(corrected, suits - pending)))
    if style == "concluded_loose":       # loose: the concluded lawsuits, no word of results
        return "本年度因政府信息公开被申请行政复议%d件，被提起行政诉讼%d件。" % (review, suits - pending)
    return "本年度因政府信息公开被申请行政复议%d件，被提起行政诉讼%d件。" % (review, suits)


def digit_space(text, on):
    """Insert the PDF extractor's spaces between digits and CJK ("2024 年")."""
    if not on:
        return text
    out = []
    for i, ch in enumerate(text):
        if i and (ch.isdigit() != text[i - 1].isdigit()):
            a, b = text[i - 1], ch
            if (a.isdigit() and is_cjk(b)) or (b.isdigit() and is_cjk(a)):
                out.append(" ")
        out.append(ch)
    return "".join(out)


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff"


def title_of(model):
    st = model["style"]
    if forms_of(model)["title"] == "year_first":
        # "2024年XX镇人民政府政府信息公开工作年度报告", common on city sites
        head = "%d年度" % model["year"] if st["title_nianedu"] else "%d年" % model["year"]
        return digit_space(head, st["digit_space"]) + model["organization"] + "政府信息公开工作年度报告"
    tail = "年度政府信息公开工作年度报告" if st["title_nianedu"] else "年政府信息公开工作年度报告"
    if st["digit_space"]:
        return "%s %d %s" % (model["organization"], model["year"], tail)
    return "%s%d%s" % (model["organization"], model["year"], tail)


def signature_lines(model):
    y, _, d = model["signed"].split("-")
    return [model["organization"], "%d年1月%d日" % (int(y), int(d))]


def narrative_text(model, text):
    return digit_space(text, model["style"]["digit_space"])


# --------------------------------------------------------------------------
# Tables as rows of cells with spans (the official template layout)
# --------------------------------------------------------------------------

Cell = namedtuple("Cell", "text rs cs kind")   # kind: cap head note label val


def C(text, rs=1, cs=1, kind="label"):
    return Cell(text, rs, cs, kind)


def V(value, cs=1):
    return Cell(value if isinstance(value, str) else str(value), 1, cs, "val")


def lab(model, text):
    """A printed label in the document's bracket/dot style."""
    st = model["style"]
    if st["half_brackets"]:
        inner_open = "("
        if text.startswith("（") and "）" in text[:4]:
            # "（三）不予公开" -> "(三) 不予公开", inner brackets spaced as in seed 000
            text = "(" + text[1:text.index("）")] + ") " + text[text.index("）") + 1:]
            inner_open = " ("
        text = text.replace("（", inner_open).replace("）", ")").replace("，", ", ")
    if st["dot_space"] and len(text) > 2 and text[0].isdigit() and text[1] == ".":
        text = text[:2] + " " + text[2:]
    return text


def signed_text(v, rng_bit):
    """本年增/减: negative as -2, positive sometimes with an explicit plus."""
    if v > 0 and rng_bit:
        return "+%d" % v
    return str(v)


def table_a(model):
    a = model["tables"]["A"]
    L = lambda t: lab(model, t)
    if model["format"] == "2021":
        heads = [C(L(h), kind="head") for _, h in A21_COLS]
        rows = [
            [C(L("第二十条第（一）项"), cs=4, kind="cap")],
            [C("信息内容", kind="head")] + heads,
        ]
        for rid, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            if rid not in forms_of(model)["omit"]:
                rows.append([C(name)] + [V(a[rid][c]) for c, _ in A21_COLS])
        for item, rids in (("（五）", [("licensing", "行政许可")]),
                           ("（六）", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
            rows.append([C(L("第二十条第%s项" % item), cs=4, kind="cap")])
            rows.append([C("信息内容", kind="head"), C("本年处理决定数量", cs=3, kind="head")])
            for rid, name in rids:
                rows.append([C(name), V(a[rid]["decisions"], cs=3)])
        if "fees" not in forms_of(model)["omit"]:
            rows.append([C(L("第二十条第（八）项"), cs=4, kind="cap")])
            rows.append([C("信息内容", kind="head"),
                         C(L("本年收费金额（单位：万元）"), cs=3, kind="head")])
            rows.append([C("行政事业性收费"), V(model["a_texts"]["fees.amount"], cs=3)])
        return {"name": "A", "width": 4, "rows": rows}
    # 2019: a 5-column grid as 上海 2019 printed it (middle column colspan 2)
    rows = [[C(L("第二十条第（一）项"), cs=5, kind="cap")],
            [C("信息内容", kind="head"), C("本年新制作数量", kind="head"),
             C("本年新公开数量", cs=2, kind="head"), C("对外公开总数量", kind="head")]]
    for rid, name in (("regulations", "规章"), ("normative_documents", "规范性文件")):
        r = a[rid]
        if rid not in forms_of(model)["omit"]:
            rows.append([C(name), V(r["new_made"]), V(r["new_published"], cs=2),
                         V(r["total_published"])])
    plus = sum(map(ord, model["organization"])) % 2 == 0
    for item, rids in (("（五）", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                       ("（六）", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
        rows.append([C(L("第二十条第%s项" % item), cs=5, kind="cap")])
        rows.append([C("信息内容", kind="head"), C("上一年项目数量", kind="head"),
                     C("本年增/减", cs=2, kind="head"), C("处理决定数量", kind="head")])
        for rid, name in rids:
            r = a[rid]
            rows.append([C(name), V(r["prev_items"]), V(signed_text(r["change"], plus), cs=2),
                         V(r["decisions"])])
    if "fees" not in forms_of(model)["omit"]:
        rows.append([C(L("第二十条第（八）项"), cs=5, kind="cap")])
        rows.append([C("信息内容", kind="head"), C("上一年项目数量", cs=2, kind="head"),
                     C("本年增/减", cs=2, kind="head")])
        rows.append([C("行政事业性收费"), V(a["fees"]["prev_items"], cs=2),
                     V(signed_text(a["fees"]["change"], plus), cs=2)])
    rows.append([C(L("第二十条第（九）项"), cs=5, kind="cap")])
    rows.append([C("信息内容", kind="head"), C("采购项目数量", cs=2, kind="head"),
                 C("采购总金额", cs=2, kind="head")])
    rows.append([C("政府集中采购"), V(a["procurement"]["purchase_items"], cs=2),
                 V(model["a_texts"]["procurement.purchase_amount"], cs=2)])
    return {"name": "A", "width": 5, "rows": rows}


def table_b(model):
    """Table B exactly as report-format.md §1.5: 10 grid columns."""
    b = model["tables"]["B"]
    fmt = model["format"]
    L = lambda t: lab(model, t)
    vals = lambda rid: [V(b[rid][c]) for c in B_COLS]
    rows = [
        [C(L(B_NOTE), rs=3, cs=3, kind="note"), C("申请人情况", cs=7, kind="head")],
        [C("自然人", rs=2, kind="head"), C("法人或其他组织", cs=5, kind="head"),
         C("总计", rs=2, kind="head")],
        [C(h, kind="head") for h in B_ORG_HEADS],
        [C(B_NEW, cs=3)] + vals("new"),
        [C(B_CARRIED_OVER, cs=3)] + vals("carried_over"),
    ]
    outcome = b_outcome_rows(fmt)
    n_results = len(outcome) + 1                    # + (七)总计: 22 / 20
    seen_cat = None
    for i, (rid, cat, label) in enumerate(outcome):
        row = [C(B_RESULTS, rs=n_results)] if i == 0 else []
        if cat is None:
            row.append(C(L(label), cs=2))
        else:
            if cat != seen_cat:
                span = sum(1 for r in outcome if r[1] == cat)
                row.append(C(L(cat), rs=span))
                seen_cat = cat
            row.append(C(L(label)))
        rows.append(row + vals(rid))
    rows.append([C(L(B_OUTCOME_TOTAL), cs=2)] + vals("outcome_total"))
    rows.append([C(B_CARRIED_FORWARD, cs=3)] + vals("carried_forward"))
    return {"name": "B", "width": 10, "rows": rows}


def table_c(model):
    c = model["tables"]["C"]
    rows = [
        [C("行政复议", cs=5, kind="head"), C("行政诉讼", cs=10, kind="head")],
        [C(h, rs=2, kind="head") for h in C_HEADS]
        + [C("未经复议直接起诉", cs=5, kind="head"), C("复议后起诉", cs=5, kind="head")],
        [C(h, kind="head") for h in C_HEADS * 2],
        [V(c[r][k]) for r in C_ROWS for k in C_COLS],
    ]
    return {"name": "C", "width": 15, "rows": rows}


def tables_of(model):
    return {"A": table_a(model), "B": table_b(model), "C": table_c(model)}


def expand(table):
    """Grid of the table with spans resolved: grid[r][c] = (origin_r,
    origin_c, cell).  Raises if spans overlap or rows have ragged widths."""
    rows = table["rows"]
    grid = [[None] * table["width"] for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c < table["width"] and grid[r][c] is not None:
                c += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    if grid[r + dr][c + dc] is not None:
                        raise ValueError("overlapping spans in table %s" % table["name"])
                    grid[r + dr][c + dc] = (r, c, cell)
            c += cell.cs
    for r, line in enumerate(grid):
        if None in line:
            raise ValueError("ragged row %d in table %s" % (r, table["name"]))
    return grid


def grid_text(table):
    """Each row as a list of `width` strings; covered positions are ''."""
    return [[cell.text if (orow, ocol) == (r, c) else "" for c, (orow, ocol, cell) in enumerate(line)]
            for r, line in enumerate(expand(table))]


def docx_cells(table):
    """Each row as the cells a docx->text converter emits: one entry per
    cell, and one empty placeholder (None) per row-spanned cell that
    continues into the row (Word's vMerge continuation), as in seed 003."""
    out = []
    for r, line in enumerate(expand(table)):
        cells = []
        for c, (orow, ocol, cell) in enumerate(line):
            if ocol != c:
                continue                              # inside a colspan
            cells.append(cell if orow == r else None)
        out.append(cells)
    return out


# --------------------------------------------------------------------------
# Markups
# --------------------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=False)


def blocks(model, text=False):
    """The document in reading order: (kind, payload).  text: a plain-text
    rendering, where a crawler's header line may stand for the title."""
    for line in title_lines(model, text):
        yield "title", line
    for kind, text in model["narrative"]:
        if kind == "table":
            yield "table", text
        elif kind == "para":
            yield "para", narrative_text(model, text)
        else:
            yield kind, lab(model, text) if kind == "sub" else text
    yield "sign", signature_lines(model)


# ---- a. Word "Save as HTML" ----------------------------------------------

WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="report.files/filelist.xml">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
  <o:LastAuthor>Administrator</o:LastAuthor>
  <o:Revision>3</o:Revision>
  <o:Pages>6</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;}}
 @font-face
	{{font-family:仿宋_GB2312;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:"Calibri",sans-serif;}}
 table.MsoNormalTable
	{{mso-style-name:普通表格;
	mso-tstyle-rowband-size:0;}}
@page WordSection1
	{{size:595.3pt 841.9pt;
	margin:72.0pt 90.0pt 72.0pt 90.0pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

"""

WORD_SPAN = "style='font-size:16.0pt;font-family:仿宋_GB2312'"
WORD_CELL_SPAN = "style='font-size:10.5pt;font-family:宋体'"


def word_runs(text, style=WORD_SPAN):
    """Word wraps digit runs in their own lang=EN-US span."""
    out, cur, cur_digit = [], "", None
    for ch in text:
        d = ch.isascii()
        if cur and d != cur_digit:
            out.append((cur, cur_digit))
            cur = ""
        cur += ch
        cur_digit = d
    if cur:
        out.append((cur, cur_digit))
    return "".join("<span lang=EN-US %s>%s</span>" % (style, esc(t)) if d
                   else "<span %s>%s</span>" % (style, esc(t)) for t, d in out)


def word_td(cell, width_pt):
    spans = ""
    if cell.rs > 1:
        spans += " rowspan=%d" % cell.rs
    if cell.cs > 1:
        spans += " colspan=%d" % cell.cs
    align = "center" if cell.kind != "label" else "left"
    if cell.kind == "val" and not cell.text:
        inner = "<span lang=EN-US %s><o:p>&nbsp;</o:p></span>" % WORD_CELL_SPAN  # Word's blank cell
    elif cell.kind == "val":
        inner = "<span lang=EN-US %s>%s<o:p></o:p></span>" % (WORD_CELL_SPAN, esc(cell.text))
    else:
        inner = word_runs(cell.text, WORD_CELL_SPAN) + "<span lang=EN-US><o:p></o:p></span>"
    return ("  <td width=%d%s valign=center style='width:%.1fpt;border:solid windowtext 1.0pt;\n"
            "  padding:0cm 5.4pt 0cm 5.4pt'>\n  <p class=MsoNormal align=%s style='text-align:%s'>%s</p>\n  </td>\n"
            % (width_pt * cell.cs * 4 // 3, spans, width_pt * cell.cs, align, align, inner))


def word_table(table):
    width_pt = 420 // table["width"]
    out = ["<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n"
           " style='border-collapse:collapse;border:none'>\n"]
    for r, row in enumerate(table["rows"]):
        out.append(" <tr style='mso-yfti-irow:%d;height:20.0pt'>\n" % r)
        out.extend(word_td(cell, width_pt) for cell in row)
        out.append(" </tr>\n")
    out.append("</table>\n\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\n")
    return "".join(out)


def render_word(model, charset):
    tabs = blank_zero_rows(model, tables_of(model)) if forms_of(model)["blank"] else tables_of(model)
    out = [WORD_HEAD.format(charset=charset, title=esc(page_title(model)))]
    for kind, payload in with_strays(model, blocks(model)):
        if kind == "stray":
            out.append(word_table(payload))
        elif kind == "title":
            out.append("<p class=MsoNormal align=center style='text-align:center'><b>%s</b></p>\n\n"
                       "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\n"
                       % word_runs(payload, "style='font-size:22.0pt;font-family:方正小标宋简体'"))
        elif kind == "table":
            out.append(word_table(tabs[payload]))
        elif kind == "sign":
            out.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\n")
            for line in payload:
                out.append("<p class=MsoNormal align=right style='text-align:right'>%s</p>\n\n"
                           % word_runs(line))
        elif kind in ("head", "sub"):
            out.append("<p class=MsoNormal style='text-indent:32.0pt'><b>%s</b></p>\n\n"
                       % word_runs(payload, "style='font-size:16.0pt;font-family:黑体'"))
        else:
            out.append("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
                       "<span lang=EN-US>&nbsp;&nbsp;</span>%s</p>\n\n" % word_runs(payload))
    out.append("</div>\n\n</body>\n\n</html>\n")
    return "".join(out)


# ---- b. CMS article page --------------------------------------------------

def html_table(table, attrs='border="1" cellspacing="0" cellpadding="4" style="width:100%;border-collapse:collapse"'):
    out = ["<table %s>\n<tbody>\n" % attrs]
    for row in table["rows"]:
        out.append("<tr>")
        for cell in row:
            spans = (' rowspan="%d"' % cell.rs if cell.rs > 1 else "") + \
                    (' colspan="%d"' % cell.cs if cell.cs > 1 else "")
            out.append('<td%s>%s</td>' % (spans, esc(cell.text)))
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def render_cms(model, charset):
    title = title_of(model)
    tabs = tables_of(model)
    site = model["organization"] if model["kind"] == "county" else "政府门户网站"
    body, before = [], []
    for kind, payload in with_strays(model, blocks(model)):
        if kind == "title":
            continue
        if kind == "stray" and not body:
            before.append(html_table(payload))      # above the article
        elif kind == "stray":
            body.append(html_table(payload))
        elif kind == "table":
            body.append(html_table(tabs[payload]))
        elif kind == "head":
            body.append("<p><strong>%s</strong></p>\n" % esc(payload))
        elif kind == "sub":
            body.append('<p style="text-indent:2em">%s</p>\n' % esc(payload))
        elif kind == "sign":
            body.extend('<p style="text-align:right">%s</p>\n' % esc(x) for x in payload)
        else:
            body.append('<p style="text-indent:2em">%s</p>\n' % esc(payload))
    date = model["pubdate"][:10]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="{esc(site)}">
<meta name="SiteIDCode" content="{model['site_id']}">
<meta name="ColumnName" content="政府信息公开年度报告">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{model['pubdate']}">
<meta name="ContentSource" content="{esc(model['organization'])}">
<title>{esc(page_title(model))}</title>
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery-1.12.4.min.js"></script>
</head>
<body>
<div class="top">
  <div class="logo"><a href="/"><img src="/static/images/logo.png" alt="{esc(site)}"></a></div>
  <ul class="nav">
    <li><a href="/">首页</a></li>
    <li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/zwgk/xxgk/">政府信息公开</a></li>
    <li><a href="/bsfw/">办事服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li>
  </ul>
</div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年度报告</a></div>
{''.join(before)}<div class="article">
  <h1>{esc(title)}</h1>
  <div class="info">发布时间：{date}&nbsp;&nbsp;来源：{esc(model['organization'])}&nbsp;&nbsp;浏览次数：<span id="hits"></span></div>
  <div class="content" id="zoom">
{''.join(body)}  </div>
  <div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="footer">
  <p>主办单位：{esc(model['organization'])}&nbsp;&nbsp;&copy; 版权所有&nbsp;&nbsp;网站标识码：{model['site_id']}</p>
  <script type="text/javascript">
    var tail = '<\\/body>';   /* a literal tag inside a script string */
    document.write('<span id="_ideConac"><\\/span>');
  </script>
  <!-- </body> -->
  <script src="/static/js/hits.js"></script>
</div>
</body>
</html>
"""


# ---- c. flat HTML: every cell its own <p> ---------------------------------

def render_flat_html(model, charset):
    tabs = tables_of(model)
    out = [f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" '
           f'content="text/html; charset={charset}">\n<title>{esc(page_title(model))}</title>\n'
           '</head>\n<body>\n']
    for kind, payload in blocks(model):
        if kind == "table":
            # one <p> per docx cell, &nbsp; for a vertical-merge continuation,
            # <br> between table rows (seed 003's blank line)
            for cells in docx_cells(tabs[payload]):
                for cell in cells:
                    out.append("<p>%s</p>\n" % ("&nbsp;" if cell is None else esc(cell.text)))
                out.append("<br>\n")
        elif kind == "sign":
            out.extend('<p align="right">%s</p>\n' % esc(x) for x in payload)
        elif kind == "title":
            out.append('<p align="center"><b>%s</b></p>\n' % esc(payload))
        else:
            out.append("<p>%s</p>\n" % esc(payload))
    out.append("</body>\n</html>\n")
    return "".join(out)


# ---- e./d. TSV text, and TSV inside <pre> ----------------------------------

def tsv_rows_seed(table, model):
    """Table B the way seeds 000-002 print it (without their damage):
    label rows 一/二/四 as label, '', 7 values, ''; (一)(二)(七) and the 2019
    (六) with the values in fields 2-8; three-level rows in fields 3-9."""
    if table["name"] != "B":
        return grid_text(table)
    b = model["tables"]["B"]
    vals = lambda rid: [str(b[rid][c]) for c in B_COLS]
    rows = [[lab(model, B_NOTE), "", "申请人情况", "", "", "", "", "", "总计", ""],
            ["", "", "自然人", "法人或其他组织", "", "", "", "", "", ""],
            ["", "", ""] + B_ORG_HEADS + ["", ""],
            [B_NEW, ""] + vals("new") + [""],
            [B_CARRIED_OVER, ""] + vals("carried_over") + [""]]
    seen = None
    for i, (rid, cat, label) in enumerate(b_outcome_rows(model["format"])):
        first = B_RESULTS if i == 0 else ""
        if cat is None:
            rows.append([first, lab(model, label)] + vals(rid) + [""])
        else:
            rows.append(["", lab(model, cat) if cat != seen else "", lab(model, label)] + vals(rid))
            seen = cat
    rows.append(["", lab(model, B_OUTCOME_TOTAL)] + vals("outcome_total") + [""])
    rows.append([B_CARRIED_FORWARD, ""] + vals("carried_forward") + [""])
    return rows


def tsv_table(table, model):
    rows = tsv_rows_seed(table, model) if model["style"]["tsv_variant"] == "seed" else grid_text(table)
    return "\n".join("\t".join(r) for r in rows)


def text_document(model, table_fn, para_sep="\n\n", lead="\n\n"):
    """Plain text: title, paragraphs, tables rendered by table_fn."""
    tabs = tables_of(model)
    parts = []
    for kind, payload in with_strays(model, blocks(model, text=True)):
        if kind == "table":
            parts.append(table_fn(tabs[payload], model))
        elif kind == "stray":
            parts.append(table_fn(payload, model))
        elif kind == "sign":
            parts.append("\n".join(" " * 40 + x for x in payload))
        else:
            parts.append(payload)
    text = lead + para_sep.join(parts)
    return text + "\n" if model["style"]["final_newline"] else text


def render_tsv(model, charset=None):
    return text_document(model, tsv_table)


def render_pre_tsv(model, charset):
    inner = text_document(model, tsv_table, lead="")
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n'
            f'<title>{esc(page_title(model))}</title>\n</head>\n<body>\n<pre>\n'
            f'{esc(inner)}</pre>\n</body>\n</html>\n')


# ---- f. markdown pipes ----------------------------------------------------

def markdown_table(table, model):
    rows = grid_text(table)
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    sep = "|" + "|".join("-" * max(3, len(c) * 2) for c in rows[0]) + "|"
    return "\n".join(lines[:1] + [sep] + lines[1:])


def render_markdown(model, charset=None):
    return text_document(model, markdown_table)


# ---- g. one cell per line -------------------------------------------------

def flat_table(table, model):
    """Seed 003: '\\t'+text per cell, '\\t' for a vertical-merge
    continuation, a blank line between rows.  Optionally the narrow
    vertical cell 三、本年度办理结果 broken into 2-character lines."""
    lines = []
    for cells in docx_cells(table):
        for cell in cells:
            if cell is None:
                lines.append("\t")
            elif cell.text == B_RESULTS and model["style"]["split_results"]:
                t = cell.text
                lines.append("\t" + t[:2])
                lines.extend(t[i:i + 2] for i in range(2, len(t), 2))
            else:
                lines.append("\t" + cell.text)
        lines.append("")
    return "\n".join(lines)


def render_flat_text(model, charset=None):
    return text_document(model, flat_table, para_sep="\n", lead="")


RENDERERS = {"word": render_word, "cms": render_cms, "flat_html": render_flat_html,
             "pre_tsv": render_pre_tsv, "tsv": render_tsv, "markdown": render_markdown,
             "flat_text": render_flat_text}
# Markups whose page states less than the model (a merged row, joined cells):
# markup -> function(model) giving the document to expect (gentext.py).
EXPECTED_BY_MARKUP = {}


def charset_label(model, markup, encoding):
    """The label an HTML page declares for its bytes (None for text)."""
    if markup not in HTML_MARKUPS:
        return None
    if encoding == "gbk":
        return model["style"]["word_charset_label"] if markup == "word" else "gbk"
    if encoding == "utf-8" and markup == "word":
        return "utf-8"
    return encoding


def render(model, markup, encoding="utf-8"):
    """The page as a str, declaring `encoding` where the markup declares."""
    return RENDERERS[markup](model, charset_label(model, markup, encoding))


def encode(page, encoding):
    return page.encode(encoding)      # strict: every character must fit


def file_ext(markup):
    return "html" if markup in HTML_MARKUPS else "txt"


# --------------------------------------------------------------------------
# Batches and the CLI
# --------------------------------------------------------------------------

def combos(markups=MARKUPS, encodings=ENCODINGS, formats=FORMATS):
    """Every (format, markup, encoding); model i uses combos[i % n], so a
    batch of n or more models covers each combination."""
    return [(f, m, e) for m in markups for e in encodings for f in formats]


def model_for(seed, index, fmt):
    return random_model(random.Random("genreport:%s:%d" % (seed, index)), fmt=fmt)


def write_batch(out, seed, count, markups=MARKUPS, encodings=ENCODINGS,
                formats=FORMATS, every=False):
    """Write pages, expected.json files and manifest.json; return manifest."""
    os.makedirs(out, exist_ok=True)
    table = combos(markups, encodings, formats)
    manifest = []
    for i in range(count):
        fmt, markup, enc = table[i % len(table)]
        model = model_for(seed, i, fmt)
        exp_name = "%04d.expected.json" % i
        with open(os.path.join(out, exp_name), "w", encoding="utf-8") as f:
            json.dump(expected(model), f, ensure_ascii=False, indent=1)
        pairs = [(m, e) for m in markups for e in encodings] if every else [(markup, enc)]
        for m, e in pairs:
            name = "%04d-%s-%s.%s" % (i, m, e, file_ext(m))
            with open(os.path.join(out, name), "wb") as f:
                f.write(encode(render(model, m, e), e))
            page_exp = exp_name
            if m in EXPECTED_BY_MARKUP:
                page_exp = "%04d-%s.expected.json" % (i, m)
                with open(os.path.join(out, page_exp), "w", encoding="utf-8") as f:
                    json.dump(EXPECTED_BY_MARKUP[m](model), f, ensure_ascii=False, indent=1)
            manifest.append({"file": name, "expected": page_exp, "charset": e,
                             "kind": "html" if m in HTML_MARKUPS else "text",
                             "markup": m, "format": model["format"]})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    return manifest


# ---- non-report pages -----------------------------------------------------

NONREPORT_NEWS = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>县政府办公室召开政府信息公开工作年度报告编制培训会</title>
</head>
<body>
<h1>县政府办公室召开政府信息公开工作年度报告编制培训会</h1>
<p>1月8日，县政府办公室召开2024年政府信息公开工作年度报告编制培训会，各乡镇（街道）、县直各部门政务公开工作人员参加会议。</p>
<p>会议解读了《中华人民共和国政府信息公开工作年度报告格式》，要求各单位严格按照格式要求编制年度报告，认真核对主动公开、依申请公开、行政复议和行政诉讼等数据，确保于1月31日前在政府网站政府信息公开专栏发布。</p>
<p>会议强调，要坚持以公开为常态、不公开为例外，切实提升政务公开质量。</p>
</body>
</html>
"""

NONREPORT_EMPTY = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title></title></head>
<body></body>
</html>
"""

NONREPORT_STATS = """<!DOCTYPE html>
<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>2024年全县主要农作物播种面积统计表</title></head>
<body>
<p>2024年全县主要农作物播种面积统计表</p>
<table border="1">
<tr><td rowspan="2">作物</td><td colspan="2">播种面积（亩）</td><td rowspan="2">总计</td></tr>
<tr><td>春播</td><td>秋播</td></tr>
<tr><td>小麦</td><td>0</td><td>125300</td><td>125300</td></tr>
<tr><td>玉米</td><td>98200</td><td>0</td><td>98200</td></tr>
<tr><td>大豆</td><td>12150</td><td>0</td><td>12150</td></tr>
<tr><td>花生</td><td>30420</td><td>0</td><td>30420</td></tr>
</table>
<p>数据来源：县统计局</p>
</body>
</html>
"""

NONREPORT_NOTICE_TEXT = """关于做好2024年政府信息公开工作年度报告编制发布工作的通知

各乡镇人民政府、街道办事处，县直各单位：

根据《中华人民共和国政府信息公开条例》规定，现就做好2024年政府信息公开工作年度报告编制发布工作通知如下。

一、各单位要严格按照国务院办公厅政府信息与政务公开办公室印发的年度报告格式编制报告，内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。

二、年度报告须于2025年1月31日前在本单位政府信息公开专栏发布。

县政府办公室
2025年1月6日
"""


def write_nonreports(out):
    """Pages that are not reports: the tool must answer exit 2, is_report false."""
    os.makedirs(out, exist_ok=True)
    pages = [("nonreport-news-utf-8.html", NONREPORT_NEWS, "utf-8", "html"),
             ("nonreport-empty-utf-8.html", NONREPORT_EMPTY, "utf-8", "html"),
             ("nonreport-stats-gbk.html", NONREPORT_STATS, "gbk", "html"),
             ("nonreport-notice-gb18030.txt", NONREPORT_NOTICE_TEXT, "gb18030", "text")]
    manifest = []
    for name, text, enc, kind in pages:
        with open(os.path.join(out, name), "wb") as f:
            f.write(text.encode(enc))
        manifest.append({"file": name, "expected": None, "charset": enc, "kind": kind})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    return manifest


# ---- PDF: the HTML forms printed by headless Chromium ---------------------

PDF_MARKUPS = ["word", "cms"]          # the markups whose tables print as tables
PDF_ENCODINGS = ["utf-8", "gbk"]       # the HTML source's; the PDF is Unicode
# Paper sizes cycle too: on A5 every table breaks across pages and labels wrap.
PDF_PAPERS = ["A4", "A5", "A4 landscape"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--no-pdf-header-footer"]


def chromium_version(chromium):
    """The browser's version line: part of a rendered PDF's cache key."""
    import subprocess
    try:
        return subprocess.run([chromium, "--version"], capture_output=True, timeout=60,
                              check=True).stdout.decode("utf-8", "replace").strip()
    except (OSError, subprocess.SubprocessError):
        return chromium


def print_pdf(html_path, pdf_path, chromium="chromium", timeout=120, cache=None):
    """One page to PDF with headless Chromium (a profile of its own, so that
    several can print at once).  cache: (folder, browser version) or None;
    a PDF printed before from the same HTML bytes by the same browser and
    flags is copied from the folder instead of printed again (printing is
    most of an extraction run's time)."""
    import hashlib
    import shutil
    import subprocess
    import tempfile
    cached = None
    if cache:
        with open(html_path, "rb") as f:
            key = hashlib.sha256(f.read() + "\0".join([cache[1]] + CHROMIUM_FLAGS).encode())
        cached = os.path.join(cache[0], key.hexdigest() + ".pdf")
        if os.path.isfile(cached) and os.path.getsize(cached):
            shutil.copyfile(cached, pdf_path)
            return
    with tempfile.TemporaryDirectory(prefix="genreport-chromium-") as profile:
        subprocess.run([chromium] + CHROMIUM_FLAGS
                       + ["--user-data-dir=" + profile, "--print-to-pdf=" + pdf_path,
                          "file://" + os.path.abspath(html_path)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, check=True)
    if not os.path.getsize(pdf_path):
        raise RuntimeError("chromium wrote an empty PDF for %s" % html_path)
    if cached:
        os.makedirs(cache[0], exist_ok=True)
        tmp = "%s.%d.tmp" % (cached, os.getpid())
        shutil.copyfile(pdf_path, tmp)
        os.replace(tmp, cached)          # atomic: a parallel run never reads half a file


def with_paper(page, paper):
    """The page with an @page rule, as a publisher's print stylesheet would set it."""
    rule = "<style>@page { size: %s; margin: 15mm }</style>" % paper
    i = page.lower().find("</head>")
    return page[:i] + rule + page[i:] if i >= 0 else rule + page


def write_pdf_batch(out, seed, count, chromium="chromium", workers=2, cache_dir=None):
    """Like write_batch, for PDFs: model i is rendered in the HTML markup and
    source encoding of its combination, printed on a cycling paper size, and
    the PDF kept (the HTML source beside it).  cache_dir: see print_pdf.
    Returns the manifest."""
    from concurrent.futures import ThreadPoolExecutor
    os.makedirs(out, exist_ok=True)
    cache = (cache_dir, chromium_version(chromium)) if cache_dir else None
    table = combos(PDF_MARKUPS, PDF_ENCODINGS, FORMATS)
    manifest, jobs = [], []
    for i in range(count):
        fmt, markup, enc = table[i % len(table)]
        model = model_for(seed, i, fmt)
        paper = PDF_PAPERS[(i // len(table)) % len(PDF_PAPERS)]
        exp_name = "%04d.expected.json" % i
        with open(os.path.join(out, exp_name), "w", encoding="utf-8") as f:
            json.dump(expected(model), f, ensure_ascii=False, indent=1)
        base = "%04d-%s-%s" % (i, markup, enc)
        with open(os.path.join(out, base + ".html"), "wb") as f:
            f.write(encode(with_paper(render(model, markup, enc), paper), enc))
        jobs.append((os.path.join(out, base + ".html"), os.path.join(out, base + ".pdf")))
        manifest.append({"file": base + ".pdf", "expected": exp_name, "charset": enc,
                         "kind": "pdf", "markup": markup, "format": model["format"],
                         "paper": paper})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(lambda job: print_pdf(job[0], job[1], chromium, cache=cache), jobs))
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    return manifest


def write_pdf_nonreports(out, chromium="chromium", cache_dir=None):
    """The HTML non-report pages printed to PDF: still exit 2, is_report false."""
    manifest = []
    cache = (cache_dir, chromium_version(chromium)) if cache_dir else None
    for entry in write_nonreports(out):
        # the empty page prints as a PDF with no text at all: that is the
        # unreadable case (status none, exit 3), not a page that is no report
        if entry["kind"] != "html" or "empty" in entry["file"]:
            continue
        pdf = entry["file"].rsplit(".", 1)[0] + ".pdf"
        print_pdf(os.path.join(out, entry["file"]), os.path.join(out, pdf), chromium,
                  cache=cache)
        manifest.append({"file": pdf, "expected": None, "charset": entry["charset"],
                         "kind": "pdf"})
    return manifest


def csv_arg(value, allowed):
    items = [x.strip() for x in value.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError("unknown: %s (choose from %s)" % (",".join(bad), ",".join(allowed)))
    return items


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "pdf":
        p = argparse.ArgumentParser(prog="genreport.py pdf")
        p.add_argument("--seed", default="0")
        p.add_argument("--count", type=int, default=8)
        p.add_argument("--out", required=True)
        p.add_argument("--chromium", default="chromium")
        a = p.parse_args(argv[1:])
        manifest = write_pdf_batch(a.out, a.seed, a.count, a.chromium)
        print("genreport: printed %d PDFs to %s" % (len(manifest), a.out))
        return 0
    if argv and argv[0] == "nonreport":
        p = argparse.ArgumentParser(prog="genreport.py nonreport")
        p.add_argument("--out", required=True)
        a = p.parse_args(argv[1:])
        for m in write_nonreports(a.out):
            print(m["file"])
        return 0
    p = argparse.ArgumentParser(description="Render random consistent report models.")
    p.add_argument("--seed", default="0")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--markups", type=lambda v: csv_arg(v, MARKUPS), default=MARKUPS)
    p.add_argument("--encodings", type=lambda v: csv_arg(v, ENCODINGS), default=ENCODINGS)
    p.add_argument("--formats", type=lambda v: csv_arg(v, FORMATS), default=FORMATS)
    p.add_argument("--every", action="store_true",
                   help="render each model in every markup x encoding (default: cycle)")
    a = p.parse_args(argv)
    manifest = write_batch(a.out, a.seed, a.count, a.markups, a.encodings, a.formats, a.every)
    print("genreport: wrote %d pages to %s" % (len(manifest), a.out))
    return 0


# The text forms of ../shared/real (layout text, a crawler's flattened text).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genforms  # noqa: E402
genforms.install(sys.modules[__name__])
from genforms import (TITLE_FORMS, NO_FORMS, forms_of, random_forms, title_lines,  # noqa: E402,F401
                      page_title, printed_tables, expected_findings, blank_zero_rows,
                      stray_table, with_strays)
import gentext  # noqa: E402
gentext.install(sys.modules[__name__])


if __name__ == "__main__":
    sys.exit(main())
