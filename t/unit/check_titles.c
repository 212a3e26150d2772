/*
 * check_titles.c - titles and organisations in the forms real reports print
 * them (issue 10 item 4), and the kind of body the rules infer from them.
 *
 * Each case puts one title form over the body of seed 000 (a real township
 * report) or over a generated CMS page, and checks the organisation and year
 * read from it against what a reader of the title sees.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_parser.h"
#include "gik_rules.h"

/* Seed 000 with its title line replaced by `title` (which may span lines). */
static gik_report *seed_with_title(apr_pool_t *p, const char *title)
{
    apr_size_t len;
    const char *seed = gik_test_read(p, gik_test_seeds[0], &len);
    const char *body = strstr(seed, "一、总体情况");
    const char *page;
    ck_assert_ptr_nonnull(body);
    page = apr_pstrcat(p, "\n", title, "\n\n", body, NULL);
    return gik_parse_buffer(p, NULL, page, strlen(page));
}

typedef struct title_case {
    const char *title;
    const char *organization;
    int year;
} title_case;

static const title_case title_cases[] = {
    /* organisation and year on separate lines, a space before 年 */
    { "淮安市人民政府\n2024 年政府信息公开工作年度报告", "淮安市人民政府", 2024 },
    { "   淮安市洪泽区人民政府\n    2024 年政府信息公开工作年度报告",
      "淮安市洪泽区人民政府", 2024 },
    /* 年度 … 年度报告 */
    { "平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024 },
    /* year first */
    { "2024年辛店镇人民政府政府信息公开工作年度报告", "辛店镇人民政府", 2024 },
    { "2024年淮安市人民政府办公厅政府信息公开工作年度报告", "淮安市人民政府办公厅", 2024 },
    { "2024年度清河区人民政府信息公开工作年度报告", "清河区人民政府", 2024 },
    /* the whole body: 办公室, 管委会, 街道办事处 stay */
    { "清河区人民政府办公室2024年政府信息公开工作年度报告", "清河区人民政府办公室", 2024 },
    { "平潭综合实验区管委会2024年政府信息公开工作年度报告", "平潭综合实验区管委会", 2024 },
    { "解放路街道办事处2024年政府信息公开工作年度报告", "解放路街道办事处", 2024 },
    /* the title's own words between the name and the year */
    { "吉星岗镇人民政府 政务公开 2024 年度报告", "吉星岗镇人民政府", 2024 },
    { "清河区人民政府关于2024年政府信息公开工作年度报告", "清河区人民政府", 2024 },
    /* a crawler's metadata header, a CMS breadcrumb */
    { "标题: 平潭综合实验区2024年度政府信息公开工作年度报告\n发布时间: 2025-01-20 15:22",
      "平潭综合实验区", 2024 },
    { "当前位置：首页>政务公开>政府信息公开年报>清河区2024年政府信息公开工作年度报告",
      "清河区", 2024 },
    /* a breadcrumb whose steps lost their separators, the page's own line after it */
    { "当前位置： 首页政务公开政府信息公开政府信息公开年报 平潭综合实验区2024年度政府信息公开"
      "工作年度报告 来源：平潭县人民政府 时间：2025-02-08 16:34", "平潭综合实验区", 2024 },
    /* a short name line above a title that names its own body: the title's */
    { "政务公开\n辛店镇2024年政府信息公开工作年度报告", "辛店镇人民政府", 2024 },
};

START_TEST(test_title_forms)
{
    apr_pool_t *p = gik_test_pool();
    const title_case *tc = &title_cases[_i];
    gik_report *rep = seed_with_title(p, tc->title);
    ck_assert_msg(rep->is_report, "%s: not a report", tc->title);
    ck_assert_msg(rep->organization && strcmp(rep->organization, tc->organization) == 0,
                  "%s: organisation %s, expected %s", tc->title,
                  rep->organization ? rep->organization : "(none)", tc->organization);
    ck_assert_int_eq(rep->year, tc->year);
    apr_pool_destroy(p);
}
END_TEST

/* <title>XX区人民政府办公室2020年…年度报告_XX区人民政府</title>: the site's
 * name after the separator is not the body; the 办公室 is. */
START_TEST(test_html_title_with_site_name)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *page = gik_test_read(p, "t/fixtures/generated/cms-utf-8-2019.html", &len);
    const char *t0 = strstr(page, "<title>"), *t1 = strstr(page, "</title>");
    const char *h0 = strstr(page, "<h1>"), *h1 = strstr(page, "</h1>");
    const char *edited;
    gik_report *rep;
    ck_assert(t0 && t1 && h0 && h1 && t1 < h0);
    /* the <title> replaced, the <h1> title dropped: the <title> is all there is */
    edited = apr_pstrcat(p, apr_pstrmemdup(p, page, (apr_size_t)(t0 - page)),
                         "<title>石门县人民政府办公室2020年政府信息公开工作年度报告"
                         "_石门县人民政府</title>",
                         apr_pstrmemdup(p, t1 + 8, (apr_size_t)(h0 - t1 - 8)),
                         h1 + 5, NULL);
    rep = gik_parse_buffer(p, NULL, edited, strlen(edited));
    ck_assert(rep->is_report);
    ck_assert_ptr_nonnull(rep->organization);
    ck_assert_str_eq(rep->organization, "石门县人民政府办公室");
    ck_assert_int_eq(rep->year, 2020);
    apr_pool_destroy(p);
}
END_TEST

/* One inference for every rule: the same kind of body gets the same rules. */
START_TEST(test_body_kind)
{
    static const struct { const char *name; gik_body_kind kind; } cases[] = {
        { "策勒乡人民政府", GIK_BODY_TOWNSHIP },
        { "鲁山县背孜乡", GIK_BODY_TOWNSHIP },
        { "解放路街道办事处", GIK_BODY_TOWNSHIP },
        { "淮安市人民政府", GIK_BODY_GOVERNMENT },
        { "平潭综合实验区", GIK_BODY_GOVERNMENT },
        { "平潭综合实验区管委会", GIK_BODY_GOVERNMENT },
        { "淮安市人民政府办公室", GIK_BODY_DEPARTMENT },
        { "清河区教育局", GIK_BODY_DEPARTMENT },
        { "清河区城乡建设局", GIK_BODY_DEPARTMENT },
        { "幸福社区", GIK_BODY_AUTO },
        { NULL, GIK_BODY_AUTO }
    };
    int i;
    for (i = 0; cases[i].name; i++) {
        ck_assert_msg(gik_body_kind_infer(cases[i].name) == cases[i].kind, "%s: kind %d",
                      cases[i].name, (int)gik_body_kind_infer(cases[i].name));
    }
    ck_assert_int_eq(gik_body_kind_infer(NULL), GIK_BODY_AUTO);
}
END_TEST

/* ACCOUNTABILITY for a township named either way: the same verdict. */
START_TEST(test_accountability_same_for_same_kind)
{
    static const char *const titles[] = {
        "策勒乡人民政府2024年政府信息公开工作年度报告",
        "鲁山县背孜乡 2024 年政府信息公开工作年度报告",
        "2024年鲁山县背孜乡政府信息公开工作年度报告",
    };
    int i, fired[3] = { 0, 0, 0 };
    for (i = 0; i < 3; i++) {
        apr_pool_t *p = gik_test_pool();
        gik_report *rep = seed_with_title(p, titles[i]);
        int k;
        ck_assert(rep->is_report);
        fired[i] = gik_test_count(rep, "ACCOUNTABILITY", GIK_SEV_OFF);
        for (k = 0; k < rep->not_assessable->nelts; k++) {
            ck_assert_str_ne(APR_ARRAY_IDX(rep->not_assessable, k, const char *),
                             "ACCOUNTABILITY");
        }
        apr_pool_destroy(p);
    }
    /* seed 000 says nothing of 责任追究: every township is told so */
    ck_assert_int_eq(fired[0], 1);
    ck_assert_int_eq(fired[1], 1);
    ck_assert_int_eq(fired[2], 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("titles");
    TCase *tc = tcase_create("titles");
    tcase_add_loop_test(tc, test_title_forms, 0,
                        (int)(sizeof(title_cases) / sizeof(title_cases[0])));
    tcase_add_test(tc, test_html_title_with_site_name);
    tcase_add_test(tc, test_body_kind);
    tcase_add_test(tc, test_accountability_same_for_same_kind);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
