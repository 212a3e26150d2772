"""The text forms of real reports through httpd (issue 10: layout text, a crawler's
flattened text, （六）其他处理 printed as one row).

Pages come from the generator (t/gen/gentext.py), never from ../shared/real: a 2021
layout text whose table B prints （六） as one row, and a crawler's one-line text with
at least one row whose joined digits admit several readings.  Served as text/plain
from a GikReport On folder, each page must pass byte for byte, and its companion must
hold exactly the generator's expected document: B.other with the three sub-rows null
and a ROW-MERGED warning; the ambiguous rows null with a CELL-JOINED warning naming
them; no error.

Registered into the integration runner by tests.py; run alone with
`t/httpd/run text_forms`.
"""

import json
import os
import sys

from harness import TestFailure, check, check_eq

T = None

CONF = r"""
<Directory "{DOCROOT}/t">
    GikReport On
</Directory>
"""


def _generator():
    sys.path.insert(0, os.path.join(T.TOP, "t", "gen"))
    import genreport
    import gentext
    return genreport, gentext


def _pick(want):
    """The first generated 2021 model that `want` accepts."""
    g, _ = _generator()
    for i in range(500):
        m = g.model_for("httpd-text-forms", i, "2021")
        if want(m):
            return m
    raise TestFailure("no generated model has the wanted form")


def _layout_model():
    g, gt = _generator()
    return _pick(lambda m: gt.merged_other(m) and gt.other_sum(m)["total"] > 0)


def _crawler_model():
    g, gt = _generator()
    return _pick(lambda m: any(r.startswith("B/") for r in gt.expected_crawler(m)["joined_rows"]))


def files():
    g, _ = _generator()
    return {"t/layout.txt": g.render(_layout_model(), "layout_text").encode("utf-8"),
            "t/crawler.txt": g.render(_crawler_model(), "crawler_text").encode("utf-8")}


def make_server(name):
    return T.harness.Httpd(name, module_path=T.MODULE, files=files(), conf_extra=CONF)


def _served(srv, path, data):
    r = srv.get(path)
    check(r.status == 200, "GET %s: %s", path, r.describe().splitlines()[0])
    check(r.body == data, "%s is not served byte for byte", path)
    r = srv.get(path + ".gik.json")
    check(r.status == 200, "GET %s.gik.json: %s", path, r.describe().splitlines()[0])
    return json.loads(r.body.decode("utf-8"))


def _tables_equal(doc, exp, path):
    for t in "ABC":
        for row, cols in exp["tables"][t].items():
            got = (doc.get("tables") or {}).get(t, {}).get(row)
            check(isinstance(got, dict), "%s: no row %s/%s in the companion", path, t, row)
            for col, want in cols.items():
                check(got.get(col, "missing") == want, "%s: %s/%s/%s is %r, want %r",
                      path, t, row, col, got.get(col, "missing"), want)


def _no_errors(doc, path):
    errors = [f["rule"] + " " + (f.get("message_en") or "") for f in doc["findings"]
              if f["severity"] == "error"]
    check(not errors, "%s: errors %r", path, errors)


def text_forms_layout_merged_row(rt):
    srv = rt.server("textforms")
    g, gt = _generator()
    model = _layout_model()
    doc = _served(srv, "/t/layout.txt", files()["t/layout.txt"])
    check(doc["is_report"], "layout text not read as a report")
    check_eq(doc["organization"], model["organization"], "layout organization")
    check_eq(doc["year"], model["year"], "layout year")
    _tables_equal(doc, gt.expected_layout(model), "/t/layout.txt")
    merged = [f for f in doc["findings"] if f["rule"] == "ROW-MERGED"]
    check(merged and merged[0]["severity"] == "warning", "no ROW-MERGED warning: %r",
          [f["rule"] for f in doc["findings"]])
    check("/tables/B/other_other" in merged[0]["cells"],
          "ROW-MERGED does not name the null sub-rows: %r", merged[0]["cells"])
    _no_errors(doc, "/t/layout.txt")


def text_forms_crawler_joined(rt):
    srv = rt.server("textforms")
    g, gt = _generator()
    model = _crawler_model()
    exp = gt.expected_crawler(model)
    doc = _served(srv, "/t/crawler.txt", files()["t/crawler.txt"])
    check(doc["is_report"], "crawler text not read as a report")
    check_eq(doc["organization"], model["organization"], "crawler organization")
    _tables_equal(doc, exp, "/t/crawler.txt")
    named = {"%s/%s" % (f["table"], c.split("/")[3]) for f in doc["findings"]
             if f["rule"] == "CELL-JOINED" for c in f["cells"]}
    for row in exp["joined_rows"]:
        check(row in named, "null row %s without a CELL-JOINED finding (%r)", row,
              sorted(named))
    _no_errors(doc, "/t/crawler.txt")


def register(reg, tests_module):
    global T
    T = tests_module
    T.EXTRA_SERVERS["textforms"] = make_server
    reg.test(quick=True)(text_forms_layout_merged_row)
    reg.test(quick=True)(text_forms_crawler_joined)
