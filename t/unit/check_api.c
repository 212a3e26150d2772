/*
 * check_api.c - the narrow API the httpd glue uses instead of reaching into
 * the model (issue 11, R4): last year's carried-forward row, a stand-in for
 * last year's report, the badge redrawn from stored facts, the canonical
 * JSON text and the UTF-16 flag.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_parser_internal.h"
#include "gik_emit.h"

static gik_report *parse_fixture(apr_pool_t *p, const char *path, const char *charset)
{
    gik_options opts;
    apr_size_t len;
    const char *buf = gik_test_read(p, path, &len);
    memset(&opts, 0, sizeof(opts));
    opts.header_charset = charset;
    return gik_parse_buffer(p, &opts, buf, len);
}

/* The generator's ground truth (crawler_text-gbk-2021.expected.json):
 * 4 applications of natural persons carried forward, 4 in all. */
START_TEST(test_carried_forward)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_fixture(p, "t/fixtures/generated/crawler_text-gbk-2021.txt", "gbk");
    double cf[GIK_B_NCOLS] = { -1, -1, -1, -1, -1, -1, -1 };
    int i;

    ck_assert(rep->is_report);
    ck_assert_int_eq(gik_report_carried_forward(rep, cf), 1);
    ck_assert(cf[0] == 4 && cf[GIK_B_NCOLS - 1] == 4);
    for (i = 1; i < GIK_B_NCOLS - 1; i++) {
        ck_assert(cf[i] == 0);
    }
    /* a page that is no report has no row to carry */
    rep = parse_fixture(p, "t/httpd/fixtures/news.html", NULL);
    ck_assert(!rep->is_report);
    ck_assert_int_eq(gik_report_carried_forward(rep, cf), 0);
}
END_TEST

START_TEST(test_previous)
{
    apr_pool_t *p = gik_test_pool();
    const double cf[GIK_B_NCOLS] = { 1, 2, 3, 4, 5, 6, 21 };
    double back[GIK_B_NCOLS];
    gik_report *prev = gik_report_previous(p, "某镇人民政府", 2020, cf);

    ck_assert_ptr_eq(prev->format, &gik_format_2019);     /* a report on 2020 */
    ck_assert_str_eq(prev->organization, "某镇人民政府");
    ck_assert_int_eq(prev->year, 2020);
    ck_assert_int_eq(gik_report_carried_forward(prev, back), 1);
    ck_assert(memcmp(cf, back, sizeof(back)) == 0);
    ck_assert(gik_report_cell(prev, GIK_TABLE_B, "carried_forward", "total")->value == 21);

    prev = gik_report_previous(p, NULL, 2021, cf);
    ck_assert_ptr_eq(prev->format, &gik_format_2021);
    ck_assert_ptr_null(prev->organization);
}
END_TEST

/* A badge redrawn from the facts a cache keeps is the report's badge. */
START_TEST(test_badge_from_facts)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_fixture(p, "t/fixtures/generated/word-gbk-2021.html", NULL);
    gik_badge_facts facts;
    char *badge;

    ck_assert(rep->is_report);
    gik_badge_facts_of(rep, &facts);
    badge = gik_badge_render(p, &facts, "x.gik.html", NULL);
    ck_assert_str_eq(badge, gik_report_badge(p, rep, "x.gik.html", NULL));

    facts.errors = 2;
    facts.warnings = 1;
    facts.partial = 0;
    badge = gik_badge_render(p, &facts, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(badge, "data-gik-status=\"fail\""));
    ck_assert_ptr_nonnull(strstr(badge, "data-gik-errors=\"2\""));
    ck_assert_ptr_nonnull(strstr(badge, "data-gik-warnings=\"1\""));
    facts.errors = 0;
    badge = gik_badge_render(p, &facts, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(badge, "data-gik-status=\"warn\""));
}
END_TEST

START_TEST(test_json_text)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_fixture(p, "t/fixtures/generated/cms-utf-8-2019.html", NULL);
    const char *pretty = gik_report_json_text(p, rep, GIK_JSON_PRETTY);
    const char *compact = gik_report_json_text(p, rep, GIK_JSON_COMPACT);
    apr_size_t n = strlen(compact);

    ck_assert_ptr_nonnull(pretty);
    ck_assert(strncmp(pretty, "{\n  \"gikreport\": ", 17) == 0);
    ck_assert(pretty[strlen(pretty) - 1] == '\n' && pretty[strlen(pretty) - 2] == '}');
    ck_assert(compact[n - 1] == '\n' && memchr(compact, '\n', n - 1) == NULL);
    ck_assert(strncmp(compact, "{\"gikreport\":", 13) == 0);
}
END_TEST

/* UTF-16 pages get no badge: the parser says so on the report. */
START_TEST(test_wide)
{
    static const char page[] = "\xFF\xFE<\0h\0t\0m\0l\0>\0";
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = gik_parse_buffer(p, NULL, page, sizeof(page) - 1);

    ck_assert_int_eq(rep->wide, 1);
    rep = parse_fixture(p, "t/fixtures/generated/word-gbk-2021.html", NULL);
    ck_assert_int_eq(rep->wide, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, test_carried_forward);
    tcase_add_test(tc, test_previous);
    tcase_add_test(tc, test_badge_from_facts);
    tcase_add_test(tc, test_json_text);
    tcase_add_test(tc, test_wide);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
