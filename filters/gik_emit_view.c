/*
 * gik_emit_view.c - the findings view: the page a badge links to, written
 * for the clerk who has to correct the report.
 *
 * Chinese first, English beside it and smaller; the verdict in words;
 * errors, then warnings, then notes; the three tables as printed (table B
 * with its group headings), the cells of every failing relation marked and
 * the cell those relations share singled out as the likely mistake.  Colour
 * is never the only signal: every mark is also a symbol and a word, so the
 * view reads the same printed in black and white or through a screen reader.
 * Machine ids (row, column, finding) are there but hidden until asked for,
 * with a checkbox and CSS only: the view carries no script.
 */
#include <stdio.h>
#include <string.h>
#include <apr_escape.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "gik_emit.h"
#include "gik_report.h"
#include "gik_view.h"

/* How each severity is headed, in the order the clerk works through them. */
static const struct sev_head {
    const char *key;       /* JSON severity */
    const char *zh, *en;
} sev_heads[] = {
    { "error",   "错误", "errors" },
    { "warning", "警告", "warnings" },
    { "info",    "提示", "notes" }
};

/* What the view knows about one cell, row or column header. */
typedef struct mark {
    int errors;            /* error findings naming it */
    int warnings;          /* warning findings naming it */
    int relations;         /* failing relations (errors with a formula, >= 2 cells) */
    int likely;            /* shared by the most failing relations */
    double gap;            /* |expected - actual| of its failing relations ... */
    int gaps;              /* 0: none known, 1: all the same, 2: they differ */
    const char *refs;      /* "f-ID f-ID": the findings, for aria-describedby */
} mark;

typedef struct view {
    apr_pool_t *p;
    apr_array_header_t *out;   /* const char *: the document in pieces */
    json_t *doc;
    const gik_format *fmt;
    apr_hash_t *marks;         /* JSON Pointer -> mark */
} view;

static void put(view *v, const char *s)
{
    APR_ARRAY_PUSH(v->out, const char *) = s;
}

static void putf(view *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(view *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put(v, apr_pvsprintf(v->p, fmt, ap));
    va_end(ap);
}

/* Text and attribute values: the page's own words are never markup, and
 * bidi overrides or other format controls in them cannot reorder what the
 * view says (gik_text_for_display). */
static const char *esc(view *v, const char *s)
{
    return s ? apr_pescape_entity(v->p, gik_text_for_display(v->p, s), 0) : "";
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* One rule for both: a partial reading has no verdict to give (what was
 * read may be fine; the rest was not read), a non-report is none. */
static const gik_verdict *verdict_for(int partial, int is_report, const char *status)
{
    const gik_verdict *v;

    if (partial) {
        return gik_verdict_of("partial");
    }
    if (!is_report) {
        return gik_verdict_of("none");
    }
    v = gik_verdict_of(status);
    if (!v || !strcmp(v->key, "none") || !strcmp(v->key, "partial")) {
        return gik_verdict_of("partial");   /* a report with no verdict: e.g. a PDF without text */
    }
    return v;
}

const gik_verdict *gik_view_verdict(json_t *doc)
{
    return verdict_for(json_is_true(json_object_get(json_object_get(doc, "checked"), "partial")),
                       json_is_true(json_object_get(doc, "is_report")),
                       jstr(json_object_get(doc, "summary"), "status"));
}

const gik_verdict *gik_report_verdict(const gik_report *rep)
{
    gik_summary sum;

    gik_report_summary(rep, &sum);
    return verdict_for(rep->partial, rep->is_report, sum.status);
}

static mark *mark_at(view *v, const char *ptr)
{
    mark *m = apr_hash_get(v->marks, ptr, APR_HASH_KEY_STRING);

    if (!m) {
        m = apr_pcalloc(v->p, sizeof(*m));
        m->refs = "";
        apr_hash_set(v->marks, apr_pstrdup(v->p, ptr), APR_HASH_KEY_STRING, m);
    }
    return m;
}

static mark *mark_get(view *v, const char *ptr)
{
    return apr_hash_get(v->marks, ptr, APR_HASH_KEY_STRING);
}

static const char *finding_anchor(view *v, json_t *f, size_t i)
{
    const char *id = jstr(f, "id");
    return id ? apr_pstrcat(v->p, "f-", id, NULL) : apr_psprintf(v->p, "f-%lu", (unsigned long)i);
}

/*
 * Marks every cell, row and column the findings name.  A failing relation
 * (an error over two or more cells: a sum, a balance) says only that one of
 * its cells is wrong; the cell in the most failing relations - when there
 * are two or more - is where they cross, the one to look at first.  Two
 * wrong cells make two rows and two columns fail, which cross at four
 * cells: one wrong number puts all its relations out by the same amount, so
 * of the crossings those whose relations miss by different amounts are not
 * singled out (unless no crossing is consistent).
 */
static void mark_findings(view *v, json_t *findings)
{
    json_t *f, *c;
    size_t i, j;
    int most = 0, nrel = 0, consistent = 0;
    apr_hash_index_t *hi;

    json_array_foreach(findings, i, f) {
        const char *sev = jstr(f, "severity");
        json_t *cells = json_object_get(f, "cells");
        int is_error = sev && !strcmp(sev, "error");
        int relation = is_error && jstr(f, "formula") && json_array_size(cells) >= 2;
        json_t *ex = json_object_get(f, "expected"), *ac = json_object_get(f, "actual");
        double gap = json_is_number(ex) && json_is_number(ac)
                     ? json_number_value(ex) - json_number_value(ac) : -1;
        const char *table = jstr(f, "table"), *row = jstr(f, "row"), *col = jstr(f, "column");

        if (!sev || (!is_error && strcmp(sev, "warning"))) {
            continue;
        }
        nrel += relation;
        /* a row or a column header named by the finding itself */
        if (table && row && !col) {
            cells = json_copy(cells);
            json_array_append_new(cells, json_string(apr_pstrcat(v->p, "/tables/", table, "/",
                                                                 row, NULL)));
        }
        else if (table && col && !row) {
            cells = json_copy(cells);
            json_array_append_new(cells, json_string(apr_pstrcat(v->p, "/tables/", table,
                                                                 "/-/", col, NULL)));
        }
        else {
            json_incref(cells);
        }
        json_array_foreach(cells, j, c) {
            const char *ptr = json_string_value(c);
            mark *m;
            if (!ptr || strncmp(ptr, "/tables/", 8)) {
                continue;
            }
            m = mark_at(v, ptr);
            m->errors += is_error;
            m->warnings += !is_error;
            m->relations += relation;
            if (relation && gap != -1) {
                gap = gap < 0 ? -gap : gap;
                m->gaps = m->gaps && m->gap != gap ? 2 : m->gaps ? m->gaps : 1;
                m->gap = m->gaps == 1 ? gap : m->gap;
            }
            m->refs = apr_pstrcat(v->p, m->refs, *m->refs ? " " : "",
                                  finding_anchor(v, f, i), NULL);
            if (m->relations > most) {
                most = m->relations;
            }
        }
        json_decref(cells);
    }
    if (nrel < 2 || most < 2) {
        return;     /* one failing relation: any of its cells may be the wrong one */
    }
    for (hi = apr_hash_first(v->p, v->marks); hi; hi = apr_hash_next(hi)) {
        mark *m = apr_hash_this_val(hi);
        consistent += m->relations == most && m->gaps < 2;
    }
    for (hi = apr_hash_first(v->p, v->marks); hi; hi = apr_hash_next(hi)) {
        mark *m = apr_hash_this_val(hi);
        m->likely = m->relations == most && (!consistent || m->gaps < 2);
    }
}

/* ---- head ------------------------------------------------------------- */

static const char view_css[] =
    "body{font:16px/1.6 \"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;"
    "color:#1f2937;background:#fff;max-width:76em;margin:0 auto;padding:0 1em 2em}"
    "a{color:#1d4ed8}h1{font-size:1.5em;margin:.6em 0 .2em}h2{font-size:1.25em;"
    "margin:1.4em 0 .4em;border-bottom:1px solid #d1d5db}h3{font-size:1.05em;margin:1em 0 .3em}"
    ".en{font-size:.8em;color:#4b5563;font-weight:normal}"
    ".id{display:none;font:12px monospace;color:#374151;background:#f3f4f6;padding:0 .3em}"
    "body:has(#show-ids:checked) .id{display:inline}"
    ".rule{font:13px monospace;color:#374151}"
    ".verdict{font-size:1.2em;padding:.6em 1em;border:2px solid;border-radius:6px}"
    ".verdict strong{font-size:1.3em}"
    ".v-pass{color:#14532d;background:#f0fdf4;border-color:#15803d}"
    ".v-warn{color:#713f12;background:#fefce8;border-color:#a16207}"
    ".v-fail{color:#7f1d1d;background:#fef2f2;border-color:#b91c1c}"
    ".v-none,.v-partial{color:#1e293b;background:#f1f5f9;border-color:#475569}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}"
    "dl.meta dt{font-weight:bold}dl.meta dd{margin:0}"
    "ol.findings li{margin:.5em 0}.finding .detail{display:block;font-size:.9em;color:#374151}"
    "li.error{border-left:4px solid #b91c1c;padding-left:.5em}"
    "li.warning{border-left:4px dashed #a16207;padding-left:.5em}"
    "li.info{border-left:4px dotted #475569;padding-left:.5em}"
    "table{border-collapse:collapse;font-size:.9em;margin:.3em 0 1em}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border:1px solid #6b7280;padding:.2em .45em}thead th{background:#e5e7eb}"
    "tbody th{text-align:left;font-weight:normal}td{text-align:right;min-width:3em}"
    "th.group{background:#f3f4f6;font-weight:bold}th.subgroup{background:#f9fafb;"
    "font-weight:bold;padding-left:1.2em}tr.in-group>th{padding-left:2em}"
    "td.na{background:repeating-linear-gradient(45deg,#f3f4f6,#f3f4f6 4px,#fff 4px,#fff 8px)}"
    "td.null{color:#7f1d1d;font-weight:bold}"
    ".err{background:#fde2e2;color:#7f1d1d}.warn{background:#fef3c7;color:#713f12}"
    "td.likely{background:#991b1b;color:#fff;font-weight:bold;outline:3px solid #450a0a;"
    "outline-offset:-3px}"
    "tr.row-warn>th{background:#fef3c7;color:#713f12;border-left:5px dashed #a16207}"
    ".mk{font-size:.8em;margin-left:.2em}.sr{position:absolute;width:1px;height:1px;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    ".legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;padding:0;list-style:none}"
    ".legend .sw{display:inline-block;min-width:2.2em;text-align:center;border:1px solid #6b7280;"
    "margin-right:.3em}"
    ".toggle{margin:1em 0 0}"
    "@media print{body{max-width:none;font-size:10pt;padding:0}.toggle,nav{display:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "h2,h3{break-after:avoid}tr,li{break-inside:avoid}table{font-size:9pt}"
    "a[href]:not([href^=\"#\"])::after{content:\" <\" attr(href) \">\";font-size:8pt;"
    "color:#374151}}";

static void head(view *v, const gik_verdict *vd)
{
    const char *org = jstr(v->doc, "organization");
    json_t *year = json_object_get(v->doc, "year");

    put(v, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
           "<meta name=\"robots\" content=\"noindex\">");
    putf(v, "<title>%s%s%s年度报告检查：%s</title>", esc(v, org ? org : ""),
         json_is_integer(year) ? " " : "",
         json_is_integer(year) ? apr_psprintf(v->p, "%d", (int)json_integer_value(year)) : "",
         vd->zh);
    putf(v, "<style>%s</style></head>\n<body>\n", view_css);
}

/* checked.at ("2026-11-22T10:00:00Z") in Beijing time: the readers' clock. */
static const char *beijing(view *v, const char *iso)
{
    apr_time_exp_t x;
    apr_time_t t;
    int y, mo, d, h, mi, s;

    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
        return NULL;
    }
    memset(&x, 0, sizeof(x));
    x.tm_year = y - 1900;
    x.tm_mon = mo - 1;
    x.tm_mday = d;
    x.tm_hour = h;
    x.tm_min = mi;
    x.tm_sec = s;
    if (apr_time_exp_gmt_get(&t, &x) != APR_SUCCESS
        || apr_time_exp_tz(&x, t, 8 * 3600) != APR_SUCCESS) {
        return NULL;
    }
    return apr_psprintf(v->p, "%04d-%02d-%02d %02d:%02d", x.tm_year + 1900, x.tm_mon + 1,
                        x.tm_mday, x.tm_hour, x.tm_min);
}

static int count_of(json_t *summary, const char *key)
{
    return (int)json_integer_value(json_object_get(summary, key));
}

static void verdict_block(view *v, const gik_verdict *vd)
{
    json_t *summary = json_object_get(v->doc, "summary");
    json_t *checked = json_object_get(v->doc, "checked");
    const char *org = jstr(v->doc, "organization");
    json_t *year = json_object_get(v->doc, "year");

    put(v, "<header><h1>政府信息公开工作年度报告检查结果 "
           "<span class=\"en\" lang=\"en\">Annual report check</span></h1>");
    if (org || json_is_integer(year)) {
        putf(v, "<p class=\"subject\">%s%s%s</p>", esc(v, org ? org : ""),
             org && json_is_integer(year) ? " " : "",
             json_is_integer(year) ? apr_psprintf(v->p, "%d年度报告",
                                                  (int)json_integer_value(year)) : "");
    }
    putf(v, "<p id=\"verdict\" class=\"verdict v-%s\" role=\"status\" data-gik-verdict=\"%s\">"
            "<strong>%s</strong> <span class=\"en\" lang=\"en\">%s</span><br>",
         vd->key, vd->key, vd->zh, vd->en);
    if (json_is_true(json_object_get(v->doc, "is_report"))) {
        int e = count_of(summary, "errors"), w = count_of(summary, "warnings"),
            n = count_of(summary, "infos");
        putf(v, "错误 <span data-gik-count=\"errors\">%d</span> 项，警告 "
                "<span data-gik-count=\"warnings\">%d</span> 项，提示 "
                "<span data-gik-count=\"infos\">%d</span> 项 "
                "<span class=\"en\" lang=\"en\">%d errors, %d warnings, %d notes</span>",
             e, w, n, e, w, n);
    }
    else {
        put(v, "这个页面未被识别为政府信息公开工作年度报告，因此不作检查，也不显示徽标。"
               "<span class=\"en\" lang=\"en\"> This page was not recognised as an annual "
               "report: it is not checked and gets no badge.</span>");
    }
    if (json_is_true(json_object_get(checked, "partial"))) {
        put(v, "<br>页面超出读取限制，只检查了前面的部分；结论不完整。"
               "<span class=\"en\" lang=\"en\"> A reading limit stopped the check early: "
               "the verdict is incomplete.</span>");
    }
    put(v, "</p>\n");
}

static void meta_block(view *v, const gik_view_links *links)
{
    json_t *checked = json_object_get(v->doc, "checked"), *na, *x;
    const char *iso = jstr(checked, "at"), *bj = beijing(v, iso);
    const char *fmt = jstr(v->doc, "format"), *published = jstr(v->doc, "published");
    size_t i;

    put(v, "<dl class=\"meta\">");
    if (bj) {
        putf(v, "<dt>检查时间 <span class=\"en\" lang=\"en\">checked</span></dt>"
                "<dd><time datetime=\"%s\">%s</time>（北京时间）</dd>", esc(v, iso), bj);
    }
    putf(v, "<dt>规则版本 <span class=\"en\" lang=\"en\">rules</span></dt><dd>%s</dd>",
         esc(v, jstr(checked, "rules_version")));
    if (fmt) {
        putf(v, "<dt>报告格式 <span class=\"en\" lang=\"en\">format</span></dt><dd>%s</dd>",
             !strcmp(fmt, "2019") ? "2019年试行格式（国办公开办函〔2019〕60号）"
             : !strcmp(fmt, "2021") ? "2021年格式（国办公开办函〔2021〕30号）" : esc(v, fmt));
    }
    if (published) {
        putf(v, "<dt>发布日期 <span class=\"en\" lang=\"en\">published</span></dt><dd>%s</dd>",
             esc(v, published));
    }
    na = json_object_get(checked, "not_assessable");
    if (json_array_size(na)) {
        put(v, "<dt>缺少数据未能检查的规则 <span class=\"en\" lang=\"en\">not assessable</span>"
               "</dt><dd>");
        json_array_foreach(na, i, x) {
            putf(v, "%s<span class=\"rule\">%s</span>", i ? "、" : "", esc(v, json_string_value(x)));
        }
        put(v, "</dd>");
    }
    put(v, "</dl>\n");
    if (links && links->page) {
        putf(v, "<nav><p><a href=\"%s\">返回报告页面</a> <span class=\"en\" lang=\"en\">back to "
                "the report</span></p></nav>\n", esc(v, links->page));
    }
    put(v, "</header>\n");
}

/* ---- findings ------------------------------------------------------- */

/* "/tables/B/new/total" -> "表B「一、本年新收…」行「总计」列"; NULL when not a cell. */
static const char *cell_name(view *v, const char *ptr)
{
    char tn;
    const char *rest, *slash;
    const gik_table_tmpl *t;
    int r, c;
    gik_table shim;

    if (!v->fmt || strncmp(ptr, "/tables/", 8) || !ptr[8] || ptr[9] != '/') {
        return NULL;
    }
    tn = ptr[8];
    if (tn < 'A' || tn > 'C') {
        return NULL;
    }
    t = &v->fmt->tables[tn - 'A'];
    rest = ptr + 10;
    slash = strchr(rest, '/');
    shim.tmpl = t;
    r = gik_table_row_index(&shim, slash ? apr_pstrmemdup(v->p, rest, slash - rest) : rest);
    c = slash ? gik_table_col_index(&shim, slash + 1) : -1;
    if (r < 0) {
        return NULL;
    }
    return apr_psprintf(v->p, "表%c「%s」%s%s%s", tn, t->rows[r].label, c >= 0 ? "「" : "",
                        c >= 0 ? t->cols[c].label : "", c >= 0 ? "」" : "行");
}

static const char *cell_anchor(view *v, const char *ptr)
{
    /* "/tables/B/new/total" -> "c-B-new-total": ids never hold a slash */
    char *a = apr_pstrcat(v->p, "c-", ptr + 8, NULL), *s;
    for (s = a; *s; s++) {
        if (*s == '/') {
            *s = '-';
        }
    }
    return a;
}

static const char *number(view *v, json_t *x)
{
    char buf[64];
    if (json_is_integer(x)) {
        return apr_psprintf(v->p, "%" APR_INT64_T_FMT, (apr_int64_t)json_integer_value(x));
    }
    if (json_is_real(x)) {
        snprintf(buf, sizeof(buf), "%.15g", json_real_value(x));  /* APR's %g drops the 0 of 0.35 */
        return apr_pstrdup(v->p, buf);
    }
    return NULL;
}

/* Whether s (n bytes) is a row or column id of the report's format. */
static int is_machine_id(view *v, const char *s, apr_size_t n)
{
    int t, i;

    for (t = 0; v->fmt && t < GIK_NTABLES; t++) {
        const gik_table_tmpl *tt = &v->fmt->tables[t];
        for (i = 0; i < tt->nrows; i++) {
            if (strlen(tt->rows[i].id) == n && !strncmp(tt->rows[i].id, s, n)) {
                return 1;
            }
        }
        for (i = 0; i < tt->ncols; i++) {
            if (strlen(tt->cols[i].id) == n && !strncmp(tt->cols[i].id, s, n)) {
                return 1;
            }
        }
    }
    return 0;
}

/* The English message, escaped, its machine ids (" [granted]",
 * " (natural_person)") shown only on demand like every other id. */
static const char *en_text(view *v, const char *raw)
{
    const char *s = esc(v, raw), *c, *from = s;
    const char *out = "";

    for (c = s; *c; c++) {
        apr_size_t n;
        char close;
        if (c[0] != ' ' || (c[1] != '[' && c[1] != '(')) {
            continue;
        }
        close = c[1] == '[' ? ']' : ')';
        n = strspn(c + 2, "abcdefghijklmnopqrstuvwxyz_");
        if (n && c[2 + n] == close && is_machine_id(v, c + 2, n)) {
            out = apr_pstrcat(v->p, out, apr_pstrmemdup(v->p, from, (apr_size_t)(c - from)),
                              "<span class=\"id\">", apr_pstrmemdup(v->p, c, n + 3), "</span>",
                              NULL);
            c += n + 2;
            from = c + 1;
        }
    }
    return *out ? apr_pstrcat(v->p, out, from, NULL) : s;
}

#define CELL_LINKS 4

static void finding_item(view *v, json_t *f, size_t i)
{
    const char *sev = jstr(f, "severity"), *formula = jstr(f, "formula");
    const char *excerpt = jstr(f, "excerpt");
    const char *expected = number(v, json_object_get(f, "expected"));
    const char *actual = number(v, json_object_get(f, "actual"));
    json_t *cells = json_object_get(f, "cells"), *c;
    size_t j;
    int named = 0;

    putf(v, "<li id=\"%s\" class=\"finding %s\" data-gik-severity=\"%s\" data-gik-rule=\"%s\">"
            "<span class=\"msg\">%s</span>", finding_anchor(v, f, i), esc(v, sev), esc(v, sev),
         esc(v, jstr(f, "rule")), esc(v, jstr(f, "message")));
    putf(v, " <span class=\"detail en\" lang=\"en\">%s</span>", en_text(v, jstr(f, "message_en")));
    if (expected && actual) {
        putf(v, "<span class=\"detail\">应为 %s，实为 %s <span class=\"en\" lang=\"en\">expected "
                "%s, found %s</span></span>", expected, actual, expected, actual);
    }
    if (excerpt) {
        putf(v, "<span class=\"detail\">原文：<q>%s</q></span>", esc(v, excerpt));
    }
    /* a sum names every addend: link the first few, count the rest (the
     * marks in the table show them all) */
    json_array_foreach(cells, j, c) {
        const char *ptr = json_string_value(c), *name = ptr ? cell_name(v, ptr) : NULL;
        if (!name || named == CELL_LINKS) {
            continue;
        }
        putf(v, "%s<a href=\"#%s\">%s</a>", named++ ? "、" : "<span class=\"detail\">涉及：",
             cell_anchor(v, ptr), esc(v, name));
    }
    if (named) {
        putf(v, "%s</span>", json_array_size(cells) > CELL_LINKS
                             ? apr_psprintf(v->p, " 等 %lu 个单元格",
                                            (unsigned long)json_array_size(cells)) : "");
    }
    putf(v, "<span class=\"detail\"><span class=\"rule\">%s</span> <span class=\"id\">%s%s%s"
            "</span></span></li>\n", esc(v, jstr(f, "rule")), esc(v, jstr(f, "id")),
         formula ? " " : "", formula ? esc(v, formula) : "");
}

static void findings_block(view *v, json_t *findings)
{
    size_t h, i;
    json_t *f;

    put(v, "<section aria-labelledby=\"h-findings\"><h2 id=\"h-findings\">发现的问题 "
           "<span class=\"en\" lang=\"en\">findings</span></h2>\n");
    if (!json_array_size(findings)) {
        put(v, "<p>没有发现问题。<span class=\"en\" lang=\"en\">No findings.</span></p>\n");
    }
    for (h = 0; h < sizeof(sev_heads) / sizeof(sev_heads[0]); h++) {
        int n = 0;
        json_array_foreach(findings, i, f) {
            n += !strcmp(jstr(f, "severity") ? jstr(f, "severity") : "", sev_heads[h].key);
        }
        if (!n) {
            continue;
        }
        putf(v, "<h3>%s（%d） <span class=\"en\" lang=\"en\">%s</span></h3>\n"
                "<ol class=\"findings\" data-gik-severity=\"%s\">\n",
             sev_heads[h].zh, n, sev_heads[h].en, sev_heads[h].key);
        json_array_foreach(findings, i, f) {
            if (!strcmp(jstr(f, "severity") ? jstr(f, "severity") : "", sev_heads[h].key)) {
                finding_item(v, f, i);
            }
        }
        put(v, "</ol>\n");
    }
    put(v, "</section>\n");
}

/* ---- the tables, as printed -------------------------------------------- */

static const char legend_html[] =
    "<ul class=\"legend\" aria-label=\"图例\">"
    "<li><span class=\"sw likely\" style=\"background:#991b1b;color:#fff\">&#9733;</span>"
    "最可能出错的单元格 <span class=\"en\" lang=\"en\">likely mistake: shared by the failing "
    "relations</span></li>"
    "<li><span class=\"sw err\">&#10007;</span>错误涉及的单元格 <span class=\"en\" lang=\"en\">"
    "cell of a failing relation</span></li>"
    "<li><span class=\"sw warn\">!</span>警告涉及的单元格 <span class=\"en\" lang=\"en\">"
    "cell with a warning</span></li>"
    "<li><span class=\"sw\" style=\"background:#fef3c7;border-left:5px dashed #a16207\">"
    "&#9888;</span>有警告的行（如错位、标签不符）<span class=\"en\" lang=\"en\">row with a "
    "warning (shifted, label)</span></li>"
    "<li><span class=\"sw\" style=\"color:#7f1d1d;font-weight:bold\">&mdash;</span>"
    "缺失或无法读取 <span class=\"en\" lang=\"en\">missing or unreadable</span></li>"
    "<li><span class=\"sw na\" style=\"background:repeating-linear-gradient(45deg,#f3f4f6,"
    "#f3f4f6 4px,#fff 4px,#fff 8px)\">&nbsp;</span>格式中无此格 <span class=\"en\" lang=\"en\">"
    "no such cell in the format</span></li></ul>\n";

/* Table B's column header as printed: 自然人, then five kinds of
 * 法人或其他组织 under one heading, then 总计. */
static int b_org_col(const gik_col_tmpl *c)
{
    static const char *const ids[] = { "commercial", "research", "social_welfare",
                                       "legal_service", "other_org", NULL };
    int i;
    for (i = 0; ids[i]; i++) {
        if (!strcmp(c->id, ids[i])) {
            return 1;
        }
    }
    return 0;
}

static void col_header(view *v, const gik_table_tmpl *t, int c, const char *attrs)
{
    const char *ptr = apr_psprintf(v->p, "/tables/%c/-/%s", gik_table_letter(t->table),
                                   t->cols[c].id);
    mark *m = mark_get(v, ptr);

    putf(v, "<th scope=\"col\"%s%s>%s%s <span class=\"id\">%s</span></th>", attrs,
         m && m->warnings ? " class=\"warn\"" : "", esc(v, t->cols[c].label),
         m && m->warnings ? "<span class=\"mk\">!</span><span class=\"sr\">（有警告）</span>" : "",
         esc(v, t->cols[c].id));
}

static void table_head(view *v, const gik_table_tmpl *t)
{
    int c, grouped = 0;

    for (c = 0; t->table == GIK_TABLE_B && c < t->ncols; c++) {
        grouped += b_org_col(&t->cols[c]);
    }
    put(v, "<thead><tr><th scope=\"col\"");
    put(v, grouped ? " rowspan=\"2\">项目</th>" : ">项目</th>");
    for (c = 0; c < t->ncols; c++) {
        if (grouped && b_org_col(&t->cols[c])) {
            if (c == 0 || !b_org_col(&t->cols[c - 1])) {
                putf(v, "<th scope=\"colgroup\" colspan=\"%d\">法人或其他组织</th>", grouped);
            }
            continue;
        }
        col_header(v, t, c, grouped ? " rowspan=\"2\"" : "");
    }
    put(v, "</tr>");
    if (grouped) {
        put(v, "<tr>");
        for (c = 0; c < t->ncols; c++) {
            if (b_org_col(&t->cols[c])) {
                col_header(v, t, c, "");
            }
        }
        put(v, "</tr>");
    }
    put(v, "</thead>\n");
}

static void cell(view *v, const gik_table_tmpl *t, int r, int c, json_t *values)
{
    const char *ptr = apr_psprintf(v->p, "/tables/%c/%s/%s", gik_table_letter(t->table),
                                   t->rows[r].id, t->cols[c].id);
    mark *m = mark_get(v, ptr);
    const char *text = number(v, json_object_get(values, t->cols[c].id));
    const char *cls = "", *mk = "";

    if (!(t->rows[r].colmask & (1u << c))) {
        put(v, "<td class=\"na\"></td>");
        return;
    }
    if (m && m->likely) {
        cls = "likely err";
        mk = "<span class=\"mk\" aria-hidden=\"true\">&#9733;</span>"
             "<span class=\"sr\">（最可能出错的单元格）</span>";
    }
    else if (m && m->errors) {
        cls = "err";
        mk = "<span class=\"mk\" aria-hidden=\"true\">&#10007;</span><span class=\"sr\">（有错误）</span>";
    }
    else if (m && m->warnings) {
        cls = "warn";
        mk = "<span class=\"mk\" aria-hidden=\"true\">!</span><span class=\"sr\">（有警告）</span>";
    }
    if (!text) {
        cls = apr_pstrcat(v->p, cls, *cls ? " " : "", "null", NULL);
        text = "&mdash;<span class=\"en\"> 无法读取</span>";
    }
    putf(v, "<td id=\"%s\"%s%s%s%s%s%s>%s%s</td>", cell_anchor(v, ptr),
         *cls ? " class=\"" : "", cls, *cls ? "\"" : "",
         m ? " aria-describedby=\"" : "", m ? m->refs : "", m ? "\"" : "", text, mk);
}

static void table_row(view *v, const gik_table_tmpl *t, int r, json_t *values, int in_group)
{
    const char *rptr = apr_psprintf(v->p, "/tables/%c/%s", gik_table_letter(t->table),
                                    t->rows[r].id);
    mark *m = mark_get(v, rptr);
    const char *cls = m && m->warnings ? (in_group ? "row-warn in-group" : "row-warn")
                      : in_group ? "in-group" : NULL;
    int c;

    putf(v, "<tr id=\"%s\"%s%s%s%s%s%s><th scope=\"row\">%s%s <span class=\"id\">%s</span></th>",
         cell_anchor(v, rptr), cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
         m ? " aria-describedby=\"" : "", m ? m->refs : "", m ? "\"" : "",
         esc(v, t->rows[r].label),
         m && m->warnings ? "<span class=\"mk\"> &#9888; 本行有警告</span>" : "",
         esc(v, t->rows[r].id));
    for (c = 0; c < t->ncols; c++) {
        cell(v, t, r, c, values);
    }
    put(v, "</tr>\n");
}

/* A heading row opening a group of rows: table B's 三、本年度办理结果 and
 * its (三)…(六), table A's 第二十条 items, table C's 行政诉讼. */
static void group_row(view *v, const gik_table_tmpl *t, const char *label, const char *cls)
{
    putf(v, "<tr class=\"%s\"><th scope=\"rowgroup\" colspan=\"%d\" class=\"%s\">%s</th></tr>\n",
         cls, t->ncols + 1, cls, esc(v, label));
}

/* Table C as printed: one line of figures, 行政复议 then 行政诉讼 split into
 * 未经复议直接起诉 and 复议后起诉, each with the same five result columns.
 * The model keeps the three as rows (review, litigation_direct,
 * litigation_after_review); this lays them side by side again. */
static int printed_as_one_line(const gik_table_tmpl *t)
{
    return t->table == GIK_TABLE_C && t->nrows == 3 && !t->rows[0].category
           && t->rows[1].category && t->rows[2].category
           && !strcmp(t->rows[1].category, t->rows[2].category);
}

static void table_c_printed(view *v, const gik_table_tmpl *t, json_t *tj)
{
    int r, c;

    putf(v, "<thead><tr><th scope=\"colgroup\" colspan=\"%d\">%s</th>"
            "<th scope=\"colgroup\" colspan=\"%d\">%s</th></tr><tr>", t->ncols,
         esc(v, t->rows[0].label), 2 * t->ncols, esc(v, t->rows[1].category));
    for (c = 0; c < t->ncols; c++) {
        col_header(v, t, c, " rowspan=\"2\"");
    }
    for (r = 1; r < 3; r++) {
        putf(v, "<th scope=\"colgroup\" colspan=\"%d\">%s <span class=\"id\">%s</span></th>",
             t->ncols, esc(v, t->rows[r].label), esc(v, t->rows[r].id));
    }
    put(v, "</tr><tr>");
    for (r = 1; r < 3; r++) {
        for (c = 0; c < t->ncols; c++) {
            col_header(v, t, c, "");
        }
    }
    put(v, "</tr></thead>\n<tbody><tr>");
    for (r = 0; r < 3; r++) {
        for (c = 0; c < t->ncols; c++) {
            cell(v, t, r, c, json_object_get(tj, t->rows[r].id));
        }
    }
    put(v, "</tr></tbody></table></section>\n");
}

static void table_block(view *v, const gik_table_tmpl *t, json_t *tables)
{
    static const char *const numerals[] = { "二", "三", "四" };
    const char letter = gik_table_letter(t->table);
    json_t *tj = json_object_get(tables, (char[]){ letter, '\0' });
    const char *group = NULL;
    int r, open = 0;

    putf(v, "<section aria-labelledby=\"h-table-%c\"><h2 id=\"h-table-%c\">表%c　%s、%s "
            "<span class=\"en\" lang=\"en\">table %c</span></h2>\n<table>",
         letter, letter, letter, numerals[t->table], esc(v, t->title), letter);
    putf(v, "<caption class=\"sr\">%s</caption>", esc(v, t->title));
    if (printed_as_one_line(t)) {
        table_c_printed(v, t, tj);
        return;
    }
    table_head(v, t);
    for (r = 0; r < t->nrows; r++) {
        const gik_row_tmpl *row = &t->rows[r];
        const char *g = row->category ? row->category : row->caption;
        if (t->table == GIK_TABLE_B && !strcmp(row->id, "granted")) {
            put(v, open ? "</tbody><tbody>" : "<tbody>");
            open = 1;
            group_row(v, t, "三、本年度办理结果", "group");
        }
        if (g && (!group || strcmp(g, group))) {
            if (t->table != GIK_TABLE_B) {
                put(v, open ? "</tbody><tbody>" : "<tbody>");
                open = 1;
            }
            group_row(v, t, g, t->table == GIK_TABLE_B ? "subgroup" : "group");
        }
        if (!open) {
            put(v, "<tbody>");
            open = 1;
        }
        group = g;
        table_row(v, t, r, json_object_get(tj, row->id), g != NULL);
    }
    put(v, "</tbody></table></section>\n");
}

/* ---- the document --------------------------------------------------------- */

char *gik_view_html(apr_pool_t *p, json_t *doc, const gik_view_links *links)
{
    view v;
    const gik_verdict *vd = gik_view_verdict(doc);
    const char *fmt = jstr(doc, "format");
    int t;

    memset(&v, 0, sizeof(v));
    v.p = p;
    v.doc = doc;
    v.out = apr_array_make(p, 512, sizeof(const char *));
    v.marks = apr_hash_make(p);
    v.fmt = !fmt ? NULL : !strcmp(fmt, "2019") ? &gik_format_2019
            : !strcmp(fmt, "2021") ? &gik_format_2021 : NULL;
    mark_findings(&v, json_object_get(doc, "findings"));

    head(&v, vd);
    put(&v, "<label class=\"toggle\"><input type=\"checkbox\" id=\"show-ids\"> 显示机器标识 "
            "<span class=\"en\" lang=\"en\">show machine ids (finding, row and column ids)"
            "</span></label>\n<main>\n");
    verdict_block(&v, vd);
    meta_block(&v, links);
    if (json_is_true(json_object_get(doc, "is_report"))) {
        findings_block(&v, json_object_get(doc, "findings"));
        if (v.fmt) {
            put(&v, "<h2>三张表格 <span class=\"en\" lang=\"en\">the three tables</span></h2>\n");
            put(&v, legend_html);
        }
        for (t = 0; v.fmt && t < GIK_NTABLES; t++) {
            table_block(&v, &v.fmt->tables[t], json_object_get(doc, "tables"));
        }
    }
    put(&v, "</main>\n<footer><p>");
    if (links && links->json) {
        putf(&v, "<a href=\"%s\" type=\"application/json\">JSON</a> · ", esc(&v, links->json));
    }
    if (links && links->csv) {
        putf(&v, "<a href=\"%s\" type=\"text/csv\">CSV</a> · ", esc(&v, links->csv));
    }
    putf(&v, "mod_gikreport，规则版本 %s</p></footer>\n</body></html>\n",
         esc(&v, jstr(json_object_get(doc, "checked"), "rules_version")));
    return apr_array_pstrcat(p, v.out, 0);
}
