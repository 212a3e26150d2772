/*
 * check_view.c - the findings view (gik_emit_view.c), rendered from
 * companion documents built by hand, so that what it must show is known
 * without running the parser: the verdict in Chinese, errors before
 * warnings before notes, table B's group headings, the cell shared by the
 * failing relations marked as the likely mistake, warned rows, Beijing time.
 * Its DOM in a real browser is checked by t/view/run.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_emit.h"
#include "gik_view.h"

/* 2026-11-22T10:00:00Z: 18:00 in Beijing. */
#define CHECKED_AT apr_time_from_sec(1795341600)

static void relation(apr_pool_t *p, gik_report *rep, const char *rule, const char *const *cells)
{
    gik_finding *f = gik_finding_add(rep, rule, GIK_SEV_ERROR);
    f->table = 'B';
    f->formula = "a + b = c";
    f->message = "合计不符";
    f->message_en = "sum mismatch";
    for (; *cells; cells += 2) {
        gik_finding_cell(f, p, 'B', cells[0], cells[1]);
    }
}

/* A 2021 report: a warned row first, then two failing relations that cross
 * at B/granted/natural_person, then a note.  The findings are added out of
 * severity order on purpose. */
static gik_report *make_report(apr_pool_t *p, int crossing)
{
    static const char *const col_sum[] = {
        "outcome_total", "natural_person", "granted", "natural_person",
        "partly_granted", "natural_person", NULL };
    static const char *const row_sum[] = {
        "granted", "natural_person", "granted", "commercial", "granted", "total", NULL };
    gik_report *rep = gik_report_create(p);
    gik_finding *f;

    rep->is_report = 1;
    rep->organization = "辛店镇<script>人民政府";
    rep->year = 2024;
    rep->checked_at = CHECKED_AT;
    gik_report_set_format(rep, &gik_format_2021);
    gik_report_set_cell(rep, GIK_TABLE_B, "granted", "natural_person", GIK_CELL_OK, 7);
    gik_report_set_cell(rep, GIK_TABLE_B, "granted", "commercial", GIK_CELL_OK, 0);

    f = gik_finding_add(rep, "LAYOUT-SHIFT", GIK_SEV_WARNING);
    f->table = 'B';
    f->row = "other_other";
    f->message = "单元格与表头错位";
    f->message_en = "cells shifted";
    relation(p, rep, "B-OUTCOME-SUM", col_sum);
    if (crossing) {
        relation(p, rep, "B-COLUMN-SUM", row_sum);
    }
    f = gik_finding_add(rep, "RECTIFICATION", GIK_SEV_INFO);
    f->message = "未说明整改情况";
    f->message_en = "no rectification";
    return rep;
}

static char *render(apr_pool_t *p, const gik_report *rep)
{
    gik_view_links links = { "/xxgk/2024.html", "/xxgk/2024.html.gik.json", NULL };
    json_t *doc = gik_report_to_json(rep);
    char *html = gik_view_html(p, doc, &links);

    json_decref(doc);
    ck_assert_ptr_nonnull(html);
    return html;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (; (s = strstr(s, what)) != NULL; s += strlen(what)) {
        n++;
    }
    return n;
}

static const char *find(const char *html, const char *what)
{
    const char *at = strstr(html, what);
    ck_assert_msg(at != NULL, "view lacks %s", what);
    return at;
}

START_TEST(test_view_verdict_and_order)
{
    apr_pool_t *p = gik_test_pool();
    char *html = render(p, make_report(p, 1));

    find(html, "<html lang=\"zh-CN\">");
    find(html, "data-gik-verdict=\"fail\"><strong>未通过</strong>");
    find(html, "错误 <span data-gik-count=\"errors\">2</span> 项");
    /* errors, then warnings, then notes, whatever order they were found in */
    ck_assert(find(html, "data-gik-rule=\"B-OUTCOME-SUM\"") < find(html, "data-gik-rule=\"LAYOUT-SHIFT\""));
    ck_assert(find(html, "data-gik-rule=\"B-COLUMN-SUM\"") < find(html, "data-gik-rule=\"LAYOUT-SHIFT\""));
    ck_assert(find(html, "data-gik-rule=\"LAYOUT-SHIFT\"") < find(html, "data-gik-rule=\"RECTIFICATION\""));
    /* the Chinese message before the English one and the rule id */
    ck_assert(find(html, "合计不符") < find(html, "sum mismatch"));
    ck_assert(find(html, "sum mismatch") < find(html, "<span class=\"rule\">B-OUTCOME-SUM"));
    find(html, "<time datetime=\"2026-11-22T10:00:00Z\">2026-11-22 18:00</time>（北京时间）");
    find(html, "规则版本");
    find(html, GIK_RULES_VERSION);
    find(html, "<a href=\"/xxgk/2024.html\">返回报告页面</a>");
    find(html, "@media print");
    /* the page's words are text, never markup */
    ck_assert_ptr_null(strstr(html, "<script"));
    find(html, "辛店镇&lt;script&gt;人民政府");
}
END_TEST

START_TEST(test_view_likely_mistake)
{
    apr_pool_t *p = gik_test_pool();
    char *html = render(p, make_report(p, 1));

    /* the one cell both failing relations name */
    find(html, "<td id=\"c-B-granted-natural_person\" class=\"likely err\"");
    ck_assert_int_eq(count(html, "class=\"likely err\""), 1);
    ck_assert_int_eq(count(html, "（最可能出错的单元格）"), 1);
    /* the other cells of the relations: marked, not singled out */
    find(html, "<td id=\"c-B-granted-commercial\" class=\"err\"");
    find(html, "<td id=\"c-B-outcome_total-natural_person\" class=\"err null\"");
    find(html, "最可能出错的单元格");   /* the legend */

    /* one failing relation: any of its cells may be the wrong one */
    html = render(p, make_report(p, 0));
    ck_assert_int_eq(count(html, "class=\"likely"), 0);
    find(html, "<td id=\"c-B-granted-natural_person\" class=\"err\"");
}
END_TEST

/* Two cells wrong at once, as a clerk mistypes: B/granted/natural_person
 * is 7 too many and B/rejected_duplicate/commercial 3 too many.  The four
 * failing sums (two columns, two rows) also cross at granted/commercial and
 * rejected_duplicate/natural_person, but those would have to be wrong by 7
 * for one sum and by 3 for the other: the likely mistakes are the two cells
 * whose relations miss by the same amount. */
static void sum_off_by(apr_pool_t *p, gik_report *rep, const char *rule, double by,
                       const char *const *cells)
{
    gik_finding *f;

    relation(p, rep, rule, cells);
    f = APR_ARRAY_IDX(rep->findings, rep->findings->nelts - 1, gik_finding *);
    f->has_values = 1;
    f->expected = 10 + by;
    f->actual = 10;
}

START_TEST(test_view_likely_mistake_two_cells)
{
    static const char *const col_np[] = {
        "outcome_total", "natural_person", "granted", "natural_person",
        "rejected_duplicate", "natural_person", NULL };
    static const char *const col_com[] = {
        "outcome_total", "commercial", "granted", "commercial",
        "rejected_duplicate", "commercial", NULL };
    static const char *const row_granted[] = {
        "granted", "total", "granted", "natural_person", "granted", "commercial", NULL };
    static const char *const row_dup[] = {
        "rejected_duplicate", "total", "rejected_duplicate", "natural_person",
        "rejected_duplicate", "commercial", NULL };
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = gik_report_create(p);
    char *html;

    rep->is_report = 1;
    rep->checked_at = CHECKED_AT;
    gik_report_set_format(rep, &gik_format_2021);
    sum_off_by(p, rep, "B-OUTCOME-SUM", 7, col_np);
    sum_off_by(p, rep, "B-OUTCOME-SUM", 3, col_com);
    sum_off_by(p, rep, "B-COLUMN-SUM", -7, row_granted);
    sum_off_by(p, rep, "B-COLUMN-SUM", -3, row_dup);
    html = render(p, rep);
    find(html, "<td id=\"c-B-granted-natural_person\" class=\"likely err");
    find(html, "<td id=\"c-B-rejected_duplicate-commercial\" class=\"likely err");
    find(html, "<td id=\"c-B-granted-commercial\" class=\"err");
    find(html, "<td id=\"c-B-rejected_duplicate-natural_person\" class=\"err");
    ck_assert_int_eq(count(html, "class=\"likely err"), 2);
}
END_TEST

/* A page's text may hold bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, the
 * isolates U+2066..U+2069): raw in the view they would turn what follows
 * them around ("2024年度报告" shown as "告报度年4202").  They are shown as
 * U+FFFD, as in the badge and the status page (gik_text_for_display). */
START_TEST(test_view_bidi_controls)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p, 1);
    gik_finding *f;
    char *html;

    rep->organization = "辛店镇\xe2\x80\xae人民政府";
    f = gik_finding_add(rep, "ARTIFACT", GIK_SEV_WARNING);
    f->message = "残留\xe2\x81\xa7文字";
    f->message_en = "debris \xe2\x80\xab";
    f->excerpt = "原文\xe2\x81\xa6\xe2\x80\xaa";
    html = render(p, rep);
    ck_assert_ptr_null(strstr(html, "\xe2\x80\xaa"));
    ck_assert_ptr_null(strstr(html, "\xe2\x80\xab"));
    ck_assert_ptr_null(strstr(html, "\xe2\x80\xae"));
    ck_assert_ptr_null(strstr(html, "\xe2\x81\xa6"));
    ck_assert_ptr_null(strstr(html, "\xe2\x81\xa7"));
    find(html, "辛店镇\xef\xbf\xbd人民政府");
    find(html, "原文\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

/* The English message names cells with their machine ids, "（一）予以公开
 * [granted]", "column 自然人 (natural_person)": in the view those show only
 * with 显示机器标识, like every other id. */
START_TEST(test_view_ids_in_english_message)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p, 0);
    gik_finding *f = gik_finding_add(rep, "B-COLUMN-SUM", GIK_SEV_ERROR);
    char *html;

    f->message = "合计不符";
    f->message_en = "Table B, column 自然人 (natural_person): （一）予以公开 [granted] 7 + "
                    "other [other] 1 (Regulations art. 50) [see] (ok)";
    html = render(p, rep);
    find(html, "column 自然人<span class=\"id\"> (natural_person)</span>: （一）予以公开"
               "<span class=\"id\"> [granted]</span> 7 + other<span class=\"id\"> [other]"
               "</span> 1 (Regulations art. 50) [see] (ok)");
}
END_TEST

START_TEST(test_view_groups_and_rows)
{
    apr_pool_t *p = gik_test_pool();
    char *html = render(p, make_report(p, 1));
    static const char *const groups[] = {
        "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
    };
    const char *prev = html;
    size_t i;

    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        const char *at = find(html, apr_pstrcat(p, "scope=\"rowgroup\" colspan=\"8\" class=\"",
                                                i ? "subgroup" : "group", "\">", groups[i],
                                                NULL));
        ck_assert_msg(at > prev, "group heading %s out of order", groups[i]);
        prev = at;
    }
    /* the heading comes right before its first row */
    ck_assert(find(html, "（三）不予公开</th>") < find(html, "id=\"c-B-withheld_state_secret\""));
    ck_assert(find(html, "id=\"c-B-partly_granted\"") < find(html, "（三）不予公开</th>"));
    /* table B's column header as printed */
    find(html, "<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>");
    /* table C as printed: one line, 行政复议 then 行政诉讼's two kinds */
    find(html, "<th scope=\"colgroup\" colspan=\"5\">行政复议</th>"
               "<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>");
    ck_assert(find(html, "id=\"c-C-review-total\"") < find(html, "id=\"c-C-litigation_direct-upheld\""));
    ck_assert(find(html, "id=\"c-C-litigation_direct-total\"")
              < find(html, "id=\"c-C-litigation_after_review-upheld\""));
    ck_assert_int_eq(count(strstr(html, "id=\"h-table-C\""), "<tr>"), 4);  /* 3 header, 1 data */
    /* the shifted row is marked, in words too */
    find(html, "<tr id=\"c-B-other_other\" class=\"row-warn in-group\"");
    find(html, "本行有警告");
    /* machine ids are there but hidden until asked for */
    find(html, "<span class=\"id\">withheld_state_secret</span>");
    find(html, ".id{display:none");
    find(html, "body:has(#show-ids:checked) .id{display:inline}");
}
END_TEST

START_TEST(test_view_non_report_and_partial)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = gik_report_create(p);
    char *html;

    rep->checked_at = CHECKED_AT;
    html = render(p, rep);
    find(html, "data-gik-verdict=\"none\"><strong>不是年度报告</strong>");
    ck_assert_ptr_null(strstr(html, "<table"));
    ck_assert_ptr_null(strstr(html, "data-gik-count"));

    rep = make_report(p, 1);
    rep->partial = 1;
    html = render(p, rep);
    find(html, "data-gik-verdict=\"partial\"><strong>未能完成检查</strong>");
    find(html, "结论不完整");
    ck_assert_str_eq(gik_report_verdict(rep)->zh, "未能完成检查");
    rep->partial = 0;
    ck_assert_str_eq(gik_report_verdict(rep)->zh, "未通过");
}
END_TEST

/* A page's organisation with a right-to-left override (U+202E) and an
 * isolate (U+2066): shown as U+FFFD, so it cannot reorder the verdict or
 * the view's own words around it; the markup stays escaped. */
START_TEST(test_view_format_controls_neutralised)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p, 0);
    char *html;

    rep->organization = "\xe2\x80\xae" "府政民人镇" "\xe2\x81\xa6" "<b>";
    html = render(p, rep);
    ck_assert_ptr_null(strstr(html, "\xe2\x80\xae"));
    ck_assert_ptr_null(strstr(html, "\xe2\x81\xa6"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    find(html, "\xef\xbf\xbd" "府政民人镇" "\xef\xbf\xbd" "&lt;b&gt;");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("view");
    TCase *tc = tcase_create("view");

    tcase_add_test(tc, test_view_verdict_and_order);
    tcase_add_test(tc, test_view_likely_mistake);
    tcase_add_test(tc, test_view_likely_mistake_two_cells);
    tcase_add_test(tc, test_view_bidi_controls);
    tcase_add_test(tc, test_view_ids_in_english_message);
    tcase_add_test(tc, test_view_groups_and_rows);
    tcase_add_test(tc, test_view_non_report_and_partial);
    tcase_add_test(tc, test_view_format_controls_neutralised);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
