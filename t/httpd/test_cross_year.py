"""Cross-year check in httpd (SPEC §6 PREV-YEAR, issue "The httpd module": "when the
cache holds the same organisation's previous-year report, PREV-YEAR runs on the page").

Seed 001 is 刘振屯镇人民政府's 2023 report (all zeros, so its 结转下年度继续办理 row is 0).
From it the test makes that body's 2024 report twice: once carrying over 0 (agrees with
2023) and once carrying over 3 applications from natural persons (disagrees).  Once the
server has served the 2023 page, the 2024 pages' companions must run PREV-YEAR: no finding
for the one that agrees, an error naming /tables/B/carried_over/natural_person with
expected 0 and actual 3 for the other.  Without the 2023 page served first, PREV-YEAR is
listed as not assessable.

Registered into the integration runner by tests.py; run alone with
`t/httpd/run cross_year`.
"""

import json
import re

from harness import TestFailure, check, check_eq

T = None

CONF = r"""
AddType text/html .html
<Directory "{DOCROOT}/x">
    GikReport On
</Directory>
"""


def _page(text):
    return T.mkpages.plain_page(text, '<meta charset="utf-8">').encode("utf-8")


def _seed1():
    for name, data in T.mkpages.read_seeds(T.TOP):
        if name.startswith("001_"):
            return data.decode("utf-8")
    raise TestFailure("seed 001 not found")


def _as_2024(text, carried_over=0):
    """The 2023 report re-dated 2024; 二、上年结转 of natural persons set as given."""
    text = re.sub(r"2023(\s*)年", r"2024\1年", text)
    if carried_over:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("二、上年结转政府信息公开申请数量"):
                fields = line.split("\t")
                # the first value field after the label
                k = next(j for j in range(1, len(fields)) if fields[j].strip())
                fields[k] = str(carried_over)
                lines[i] = "\t".join(fields)
                break
        else:
            raise TestFailure("seed 001 has no 二、上年结转 row")
        text = "\n".join(lines)
    return text


def files():
    t2023 = _seed1()
    return {
        "x/2023.html": _page(t2023),
        "x/2024ok.html": _page(_as_2024(t2023)),
        "x/2024bad.html": _page(_as_2024(t2023, carried_over=3)),
        "x/alone2024.html": _page(_as_2024(t2023).replace("刘振屯镇", "刘振屯乡")),
    }


def make_server(name):
    return T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF)


def _companion(srv, path):
    r = srv.get(path + ".gik.json")
    check(r.status == 200, "GET %s.gik.json: %s", path, r.describe().splitlines()[0])
    return json.loads(r.body.decode("utf-8"))


def cross_year_prev_year(rt):
    srv = rt.server("xyear")
    # A body whose previous year the server has never seen: not assessable.
    alone = _companion(srv, "/x/alone2024.html")
    check(alone["is_report"] and alone["year"] == 2024, "alone2024 not read as a 2024 report")
    check("PREV-YEAR" in alone["checked"]["not_assessable"],
          "PREV-YEAR not listed as not assessable without last year's report: %r",
          alone["checked"]["not_assessable"])

    r = srv.get("/x/2023.html")
    check(r.status == 200, "2023 page: %s", r.describe().splitlines()[0])
    d2023 = _companion(srv, "/x/2023.html")
    check_eq(d2023["year"], 2023, "2023 report year")

    ok = _companion(srv, "/x/2024ok.html")
    check_eq(ok["year"], 2024, "2024 report year")
    check(not [f for f in ok["findings"] if f["rule"] == "PREV-YEAR"],
          "PREV-YEAR on a carry-over that agrees with 2023: %r",
          [f for f in ok["findings"] if f["rule"] == "PREV-YEAR"])
    check("PREV-YEAR" not in ok["checked"]["not_assessable"],
          "PREV-YEAR not assessable although the 2023 report was served")

    bad = _companion(srv, "/x/2024bad.html")
    prev = [f for f in bad["findings"] if f["rule"] == "PREV-YEAR"]
    check(prev, "no PREV-YEAR finding for 上年结转 3 against 2023's 结转下年度 0: %r",
          [f["rule"] for f in bad["findings"]])
    f = prev[0]
    check_eq(f["severity"], "error", "PREV-YEAR severity")
    check("/tables/B/carried_over/natural_person" in f["cells"],
          "PREV-YEAR cells %r do not name carried_over/natural_person", f["cells"])
    check_eq(f["expected"], 0, "PREV-YEAR expected (2023 carried_forward)")
    check_eq(f["actual"], 3, "PREV-YEAR actual (2024 carried_over)")

    # The page itself carries the verdict in its badge.
    page = srv.get("/x/2024bad.html")
    check(b'data-gik-status="fail"' in page.body, "the 2024 page's badge does not say fail")


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["xyear"] = make_server
    reg.test()(cross_year_prev_year)
