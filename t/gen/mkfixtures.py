#!/usr/bin/python3
"""mkfixtures.py - (re)write the committed generated fixtures.

    t/gen/mkfixtures.py [--out t/fixtures/generated]

Writes five pages with their expected.json and a manifest.json, for unit
tests that cannot run Python.  Deterministic: the same files every run.  Each
page is the first model (seed "fixture") of the wanted format with non-zero
applications, carry-over and review cases, from a township or street office.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genreport as g  # noqa: E402
import gentext  # noqa: E402

WANTED = [  # (format, markup, encoding, extra style wish)
    ("2021", "word", "gbk", {}),
    ("2019", "cms", "utf-8", {}),
    ("2021", "flat_text", "gb18030", {"split_results": True}),
    # the text forms of ../shared/real: （六） as one row; a row of several readings
    ("2021", "layout_text", "utf-8", {"merged_other": True}),
    ("2021", "crawler_text", "gbk", {"joined_b_row": True}),
]


def wish_met(model, key, value):
    if key == "merged_other":
        return gentext.merged_other(model) == value
    if key == "joined_b_row":
        joined = gentext.expected_crawler(model)["joined_rows"]
        return any(r.startswith("B/") for r in joined) == value
    return model["style"][key] == value


def interesting(model, wish):
    b, c = model["tables"]["B"], model["tables"]["C"]
    return (model["profile"] in ("small", "medium") and model["kind"] in ("township", "street")
            and b["new"]["total"] and b["carried_over"]["total"] and c["review"]["total"]
            and all(wish_met(model, k, v) for k, v in wish.items()))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "generated"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    used, manifest = set(), []
    for fmt, markup, enc, wish in WANTED:
        i = next(i for i in range(10000) if i not in used
                 and interesting(g.model_for("fixture", i, fmt), wish))
        used.add(i)
        model = g.model_for("fixture", i, fmt)
        stem = "%s-%s-%s" % (markup, enc, fmt)
        name = stem + "." + g.file_ext(markup)
        with open(os.path.join(a.out, name), "wb") as f:
            f.write(g.encode(g.render(model, markup, enc), enc))
        with open(os.path.join(a.out, stem + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(g.EXPECTED_BY_MARKUP.get(markup, g.expected)(model), f,
                      ensure_ascii=False, indent=1)
            f.write("\n")
        manifest.append({"file": name, "expected": stem + ".expected.json", "charset": enc,
                         "kind": "html" if markup in g.HTML_MARKUPS else "text",
                         "markup": markup, "format": fmt, "model": "fixture:%d" % i})
        print(name, model["organization"], model["year"])
    with open(os.path.join(a.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
