/*
 * check_rules.c - every rule of SPEC section 6 on hand-built reports: a
 * clean baseline that passes all of them, and one change at a time that
 * must make exactly the expected rule fire with the expected cells and
 * values.  Seed-level expectations live with the recogniser's tests.
 */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_rules.h"

/* ------------------------------------------------------------------ */
/* Building reports */

static void para(gik_report *rep, int section, const char *text)
{
    apr_array_header_t *a = section ? rep->sections[section - 1].paragraphs : rep->preamble;
    APR_ARRAY_PUSH(a, const char *) = text;
}

static void clear_section(gik_report *rep, int section)
{
    rep->sections[section - 1].paragraphs->nelts = 0;
}

static void clear_narrative(gik_report *rep)
{
    int i;
    rep->preamble->nelts = 0;
    for (i = 1; i <= GIK_NSECTIONS; i++) {
        clear_section(rep, i);
    }
}

static void set(gik_report *rep, gik_table_id t, const char *row, const char *col, double v)
{
    ck_assert_msg(gik_report_set_cell(rep, t, row, col, GIK_CELL_OK, v) == 0,
                  "no cell %s/%s", row, col);
}

/* Every cell of the format read as 0, then a consistent, non-zero table B
 * and C, so that a single change breaks exactly the relations it is in. */
static void fill_tables(gik_report *rep)
{
    int t, r, c;
    for (t = 0; t < GIK_NTABLES; t++) {
        gik_table *tab = &rep->tables[t];
        for (r = 0; r < tab->tmpl->nrows; r++) {
            for (c = 0; c < tab->tmpl->ncols; c++) {
                if (tab->tmpl->rows[r].colmask & (1u << c)) {
                    GIK_CELL(tab, r, c)->state = GIK_CELL_OK;
                    GIK_CELL(tab, r, c)->value = 0;
                }
            }
        }
        tab->present = 1;
        tab->header_found = 1;
    }
    /* 自然人: 5 new + 1 carried over = 5 concluded + 1 carried forward */
    set(rep, GIK_TABLE_B, "new", "natural_person", 5);
    set(rep, GIK_TABLE_B, "carried_over", "natural_person", 1);
    set(rep, GIK_TABLE_B, "granted", "natural_person", 3);
    set(rep, GIK_TABLE_B, "partly_granted", "natural_person", 1);
    set(rep, GIK_TABLE_B, "unable_not_held", "natural_person", 1);
    set(rep, GIK_TABLE_B, "outcome_total", "natural_person", 5);
    set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 1);
    /* 商业企业: 2 new = 2 concluded */
    set(rep, GIK_TABLE_B, "new", "commercial", 2);
    set(rep, GIK_TABLE_B, "granted", "commercial", 1);
    set(rep, GIK_TABLE_B, "rejected_duplicate", "commercial", 1);
    set(rep, GIK_TABLE_B, "outcome_total", "commercial", 2);
    /* 总计 */
    set(rep, GIK_TABLE_B, "new", "total", 7);
    set(rep, GIK_TABLE_B, "carried_over", "total", 1);
    set(rep, GIK_TABLE_B, "granted", "total", 4);
    set(rep, GIK_TABLE_B, "partly_granted", "total", 1);
    set(rep, GIK_TABLE_B, "unable_not_held", "total", 1);
    set(rep, GIK_TABLE_B, "rejected_duplicate", "total", 1);
    set(rep, GIK_TABLE_B, "outcome_total", "total", 7);
    set(rep, GIK_TABLE_B, "carried_forward", "total", 1);
    set(rep, GIK_TABLE_C, "review", "upheld", 1);
    set(rep, GIK_TABLE_C, "review", "total", 1);
    set(rep, GIK_TABLE_C, "litigation_direct", "pending", 1);
    set(rep, GIK_TABLE_C, "litigation_direct", "total", 1);
    if (rep->format == &gik_format_2021) {
        set(rep, GIK_TABLE_A, "normative_documents", "issued", 2);
        set(rep, GIK_TABLE_A, "normative_documents", "repealed", 1);
        set(rep, GIK_TABLE_A, "normative_documents", "in_force", 3);
    }
}

/* A township report that every rule passes. */
static gik_report *clean_report(apr_pool_t *p, const gik_format *fmt, int year)
{
    gik_report *rep = gik_report_create(p);
    int i;
    rep->is_report = 1;
    gik_report_set_format(rep, fmt);
    rep->year = year;
    rep->organization = "辛店镇";
    rep->title = apr_psprintf(p, "辛店镇 %d 年政府信息公开工作年度报告", year);
    rep->signed_date = apr_psprintf(p, "%d-01-14", year + 1);
    rep->published = rep->signed_date;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        rep->sections[i].present = 1;
        rep->sections[i].order = i;
        rep->sections[i].printed = apr_pstrcat(p, gik_section_numerals[i], "、",
                                               gik_section_titles[i], NULL);
    }
    fill_tables(rep);
    para(rep, 0, apr_psprintf(p, "%d 年，辛店镇人民政府认真贯彻落实《中华人民共和国政府信息"
                              "公开条例》，坚持以公开为常态、不公开为例外。", year));
    para(rep, 1, "（二）依申请公开：本年度新收政府信息公开申请7件，上年结转1件。"
                 "被申请行政复议1件。");
    para(rep, 1, "（五）监督保障：将政府信息公开工作纳入年度绩效考核，积极开展社会评议，"
                 "全年未发生政府信息公开责任追究情况。");
    para(rep, 5, "针对上年度报告指出的问题，已逐项整改到位。");
    para(rep, 6, "本年度未收取信息处理费。");
    return rep;
}

static void run(gik_report *rep, const gik_report *prev)
{
    gik_rules_run(rep, prev, NULL);
}

/* ------------------------------------------------------------------ */
/* Reading findings */

static int count(const gik_report *rep, const char *rule)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        n += strcmp(f->rule, rule) == 0 && f->severity != GIK_SEV_OFF;
    }
    return n;
}

static gik_finding *nth(const gik_report *rep, const char *rule, int k)
{
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, rule) == 0 && k-- == 0) {
            return f;
        }
    }
    ck_abort_msg("no finding %s #%d", rule, k);
    return NULL;
}

static gik_finding *on(const gik_report *rep, const char *rule, const char *row,
                       const char *col)
{
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, rule) == 0 && f->row && f->column && strcmp(f->row, row) == 0
            && strcmp(f->column, col) == 0) {
            return f;
        }
    }
    ck_abort_msg("no finding %s on %s/%s", rule, row, col);
    return NULL;
}

static const char *dump(const gik_report *rep)
{
    const char *s = "";
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        s = apr_psprintf(rep->pool, "%s\n  %s %d %s/%s: %s", s, f->rule, f->severity,
                         f->row ? f->row : "-", f->column ? f->column : "-", f->message_en);
    }
    return s;
}

static int active(const gik_report *rep)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        n += APR_ARRAY_IDX(rep->findings, i, gik_finding *)->severity != GIK_SEV_OFF;
    }
    return n;
}

static int not_assessable(const gik_report *rep, const char *rule)
{
    int i;
    for (i = 0; i < rep->not_assessable->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(rep->not_assessable, i, const char *), rule) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *cell(const gik_finding *f, int i)
{
    ck_assert_int_lt(i, f->cells->nelts);
    return APR_ARRAY_IDX(f->cells, i, const char *);
}

static int has_cell(const gik_finding *f, const char *ptr)
{
    int i;
    for (i = 0; i < f->cells->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(f->cells, i, const char *), ptr) == 0) {
            return 1;
        }
    }
    return 0;
}

#define ASSERT_ONLY(rep, rule, n) \
    ck_assert_msg(count(rep, rule) == (n) && active(rep) == (n), \
                  "expected %d %s and nothing else:%s", (n), rule, dump(rep))
#define ASSERT_VALUES(f, e, a) do { \
        ck_assert_int_eq((f)->has_values, 1); \
        ck_assert_double_eq((f)->expected, (e)); \
        ck_assert_double_eq((f)->actual, (a)); \
    } while (0)

/* ------------------------------------------------------------------ */
/* The registry */

START_TEST(test_registry)
{
    static const char *const spec[] = {
        "B-BALANCE", "B-OUTCOME-SUM", "B-COLUMN-SUM", "C-SUM", "A-IN-FORCE", "CELL-INVALID",
        "CELL-BLANK", "SECTION-MISSING", "SECTION-ORDER", "HEADING-STYLE", "LABEL-MISMATCH",
        "LAYOUT-SHIFT", "TEXT-TABLE", "YEAR-MISMATCH", "LATE", "FEE-STATEMENT", "ARTIFACT",
        "PREV-YEAR", "FORMAT-VERSION", "REVIEW-TEXT", "BOILERPLATE", "ACCOUNTABILITY",
        "RECTIFICATION", "TOWNSHIP-REGULATIONS", "COPY-PREV-YEAR", NULL
    };
    int i, n = 0;
    for (i = 0; spec[i]; i++) {
        const gik_rule_info *ri = gik_rule_find(spec[i]);
        ck_assert_msg(ri != NULL, "%s not registered", spec[i]);
        ck_assert_ptr_nonnull(ri->what);
    }
    for (i = 0; gik_rules[i].id; i++) {
        n++;
    }
    ck_assert_int_eq(n, i);
    ck_assert_int_eq(n, 25);
    ck_assert_ptr_null(gik_rule_find("CELL-BLANK")->check);
    ck_assert_ptr_null(gik_rule_find("LAYOUT-SHIFT")->check);
    ck_assert_ptr_nonnull(gik_rule_find("B-BALANCE")->check);
    ck_assert_int_eq(gik_rule_find("RECTIFICATION")->default_severity, GIK_SEV_INFO);
    ck_assert_int_eq(gik_rule_find("LATE")->default_severity, GIK_SEV_WARNING);
    ck_assert_int_eq(gik_rule_find("PREV-YEAR")->default_severity, GIK_SEV_ERROR);
    ck_assert_ptr_eq(gik_rule_find("b-balance"), gik_rule_find("B-BALANCE"));
    ck_assert_ptr_null(gik_rule_find("NO-SUCH-RULE"));
}
END_TEST

START_TEST(test_clean_baseline)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = clean_report(p, &gik_format_2021, 2024);
    run(rep, NULL);
    ck_assert_msg(active(rep) == 0, "clean report has findings:%s", dump(rep));
    ck_assert(not_assessable(rep, "PREV-YEAR"));
    ck_assert(not_assessable(rep, "COPY-PREV-YEAR"));
    ck_assert(!not_assessable(rep, "B-BALANCE"));
    ck_assert(!not_assessable(rep, "LATE"));
    rep = clean_report(p, &gik_format_2019, 2020);
    run(rep, NULL);
    ck_assert_msg(active(rep) == 0, "clean 2019 report has findings:%s", dump(rep));
}
END_TEST

START_TEST(test_not_a_report)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    set(rep, GIK_TABLE_B, "new", "total", 99);
    rep->is_report = 0;
    run(rep, NULL);
    ck_assert_int_eq(rep->findings->nelts, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Configuration */

START_TEST(test_config)
{
    apr_pool_t *p = gik_test_pool();
    gik_rule_config *cfg = gik_rule_config_make(p);
    gik_report *rep = clean_report(p, &gik_format_2021, 2024);
    gik_finding *blank;
    gik_summary sum;
    ck_assert_int_eq(cfg->township_warn_mmdd, 131);
    ck_assert_int_eq(cfg->township_error_mmdd, 331);
    ck_assert_int_eq(cfg->body_kind, GIK_BODY_AUTO);
    ck_assert_ptr_nonnull(gik_rule_config_set(cfg, p, "NO-SUCH-RULE", "off"));
    ck_assert_ptr_nonnull(strstr(gik_rule_config_set(cfg, p, "B-BALANCE", "fatal"), "fatal"));
    ck_assert_ptr_null(gik_rule_config_set(cfg, p, "b-balance", "off"));
    ck_assert_ptr_null(gik_rule_config_set(cfg, p, "RECTIFICATION", "error"));
    ck_assert_ptr_null(gik_rule_config_set(cfg, p, "CELL-BLANK", "off"));
    ck_assert_ptr_null(gik_rule_config_set(cfg, p, "C-SUM", "warning"));
    /* a recogniser finding, configured like the rules' */
    blank = gik_finding_add(rep, "CELL-BLANK", GIK_SEV_WARNING);
    set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 0);  /* B-BALANCE x1 */
    set(rep, GIK_TABLE_B, "carried_forward", "total", 0);           /* B-BALANCE x1 */
    set(rep, GIK_TABLE_C, "review", "total", 2);                    /* C-SUM, REVIEW-TEXT */
    clear_section(rep, 5);                                          /* RECTIFICATION */
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(blank->severity, GIK_SEV_OFF);
    ck_assert_int_eq(nth(rep, "B-BALANCE", 0)->severity, GIK_SEV_OFF);
    ck_assert_int_eq(nth(rep, "B-BALANCE", 1)->severity, GIK_SEV_OFF);
    ck_assert_int_eq(nth(rep, "C-SUM", 0)->severity, GIK_SEV_WARNING);
    ck_assert_int_eq(nth(rep, "RECTIFICATION", 0)->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(nth(rep, "REVIEW-TEXT", 0)->severity, GIK_SEV_ERROR);
    gik_report_summary(rep, &sum);
    ck_assert_str_eq(sum.status, "fail");
    /* REVIEW-TEXT (2 in the table, 1 in the text), RECTIFICATION */
    ck_assert_int_eq(sum.errors, 2);
    ck_assert_int_eq(sum.warnings, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Arithmetic */

START_TEST(test_b_balance)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 0);
    set(rep, GIK_TABLE_B, "carried_forward", "total", 0);
    run(rep, NULL);
    ASSERT_ONLY(rep, "B-BALANCE", 2);
    f = on(rep, "B-BALANCE", "new", "natural_person");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'B');
    ck_assert_str_eq(f->formula, "new + carried_over = outcome_total + carried_forward");
    ck_assert_int_eq(f->cells->nelts, 4);
    ck_assert_str_eq(cell(f, 0), "/tables/B/new/natural_person");
    ck_assert_str_eq(cell(f, 1), "/tables/B/carried_over/natural_person");
    ck_assert_str_eq(cell(f, 2), "/tables/B/outcome_total/natural_person");
    ck_assert_str_eq(cell(f, 3), "/tables/B/carried_forward/natural_person");
    ASSERT_VALUES(f, 6, 5);
    ck_assert_str_eq(f->message, "表三 自然人 列：一、本年新收 (5) + 二、上年结转 (1) = 6，"
                     "但 （七）总计 (5) + 四、结转下年度继续办理 (0) = 5");
    ck_assert_ptr_nonnull(strstr(f->message_en, "column 自然人 (natural_person)"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "一、本年新收 [new] 5"));
    ASSERT_VALUES(on(rep, "B-BALANCE", "new", "total"), 8, 7);
}
END_TEST

START_TEST(test_b_balance_skips_unreadable)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "natural_person", GIK_CELL_INVALID, 0);
    gik_report_set_cell(rep, GIK_TABLE_B, "carried_over", "total", GIK_CELL_ABSENT, 0);
    /* a blank is a zero: it takes part */
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "commercial", GIK_CELL_BLANK, 0);
    run(rep, NULL);
    /* commercial: 0 + 0 != 2 + 0 in B-BALANCE; new row's column sum and
     * the natural_person / total relations are skipped */
    ck_assert_msg(count(rep, "B-BALANCE") == 1, "%s", dump(rep));
    ASSERT_VALUES(on(rep, "B-BALANCE", "new", "commercial"), 0, 2);
    ck_assert_int_eq(count(rep, "B-COLUMN-SUM"), 0);
}
END_TEST

START_TEST(test_b_outcome_sum)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_B, "granted", "natural_person", 4);
    set(rep, GIK_TABLE_B, "granted", "total", 5);
    run(rep, NULL);
    ASSERT_ONLY(rep, "B-OUTCOME-SUM", 2);
    f = on(rep, "B-OUTCOME-SUM", "outcome_total", "natural_person");
    ck_assert_int_eq(f->cells->nelts, 22);     /* 21 outcome rows + the total */
    ck_assert_str_eq(cell(f, 0), "/tables/B/granted/natural_person");
    ck_assert_str_eq(cell(f, 21), "/tables/B/outcome_total/natural_person");
    ck_assert(has_cell(f, "/tables/B/other_fee_unpaid/natural_person"));
    ck_assert_ptr_nonnull(strstr(f->formula, "outcome_total = granted + partly_granted"));
    ck_assert_ptr_nonnull(strstr(f->formula, "+ other_other"));
    ASSERT_VALUES(f, 6, 5);
    /* long sums name the non-zero rows only */
    ck_assert_ptr_nonnull(strstr(f->message, "（一）予以公开 (4)"));
    ck_assert_ptr_nonnull(strstr(f->message, "（四）无法提供 1.本机关不掌握相关政府信息 (1)"));
    ck_assert_ptr_nonnull(strstr(f->message, "其余 18 项 (0)"));
}
END_TEST

START_TEST(test_b_outcome_sum_2019)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2019, 2020);
    gik_finding *f;
    set(rep, GIK_TABLE_B, "other", "natural_person", 1);
    set(rep, GIK_TABLE_B, "other", "total", 1);
    run(rep, NULL);
    ASSERT_ONLY(rep, "B-OUTCOME-SUM", 2);
    f = on(rep, "B-OUTCOME-SUM", "outcome_total", "natural_person");
    ck_assert_int_eq(f->cells->nelts, 20);     /* 19 outcome rows + the total */
    ck_assert(has_cell(f, "/tables/B/other/natural_person"));
    ck_assert_ptr_nonnull(strstr(f->formula, "+ rejected_confirmation + other"));
    ASSERT_VALUES(f, 6, 5);
}
END_TEST

START_TEST(test_b_column_sum)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_B, "withheld_query", "research", 1);
    run(rep, NULL);
    f = on(rep, "B-COLUMN-SUM", "withheld_query", "total");
    ck_assert_int_eq(count(rep, "B-COLUMN-SUM"), 1);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(f->formula, "total = natural_person + commercial + research + "
                     "social_welfare + legal_service + other_org");
    ck_assert_int_eq(f->cells->nelts, 7);
    ck_assert_str_eq(cell(f, 2), "/tables/B/withheld_query/research");
    ck_assert_str_eq(cell(f, 6), "/tables/B/withheld_query/total");
    ASSERT_VALUES(f, 1, 0);
    ck_assert_ptr_nonnull(strstr(f->message, "表三 （三）不予公开 8.属于行政查询事项 行："));
    ck_assert_ptr_nonnull(strstr(f->message, "科研机构 (1)"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "row （三）不予公开 8.属于行政查询事项 "
                                 "(withheld_query)"));
    /* the research column no longer adds up either */
    ck_assert_int_eq(count(rep, "B-OUTCOME-SUM"), 1);
    ck_assert_int_eq(count(rep, "B-BALANCE"), 0);
}
END_TEST

START_TEST(test_c_sum)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_C, "litigation_after_review", "corrected", 2);
    run(rep, NULL);
    ASSERT_ONLY(rep, "C-SUM", 1);
    f = on(rep, "C-SUM", "litigation_after_review", "total");
    ck_assert_int_eq(f->table, 'C');
    ck_assert_str_eq(f->formula, "total = upheld + corrected + other + pending");
    ck_assert_int_eq(f->cells->nelts, 5);
    ck_assert_str_eq(cell(f, 1), "/tables/C/litigation_after_review/corrected");
    ck_assert_str_eq(cell(f, 4), "/tables/C/litigation_after_review/total");
    ASSERT_VALUES(f, 2, 0);
    ck_assert_str_eq(f->message, "表四 行政诉讼 复议后起诉 行：结果维持 (0) + 结果纠正 (2) + "
                     "其他结果 (0) + 尚未审结 (0) = 2，但 总计 (0) = 0");
}
END_TEST

START_TEST(test_c_absent_not_assessable)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->tables[GIK_TABLE_C].present = 0;
    run(rep, NULL);
    ck_assert(not_assessable(rep, "C-SUM"));
    ck_assert(not_assessable(rep, "REVIEW-TEXT"));
    ck_assert_int_eq(count(rep, "C-SUM"), 0);
}
END_TEST

START_TEST(test_a_in_force)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_A, "normative_documents", "in_force", 0);
    run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 1);
    f = on(rep, "A-IN-FORCE", "normative_documents", "in_force");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'A');
    ck_assert_str_eq(f->formula, "in_force >= issued - repealed");
    ck_assert_int_eq(f->cells->nelts, 3);
    ck_assert_str_eq(cell(f, 2), "/tables/A/normative_documents/in_force");
    ASSERT_VALUES(f, 1, 0);
    ck_assert_str_eq(f->message, "表二 行政规范性文件 行：现行有效件数 (0) 为 0，少于 "
                     "本年制发件数 (2) − 本年废止件数 (1) = 1");
    /* seed 000: 2 issued, 1 repealed, 1 in force passes */
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    set(rep, GIK_TABLE_A, "normative_documents", "in_force", 1);
    run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 0);
}
END_TEST

START_TEST(test_a_in_force_2019)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2019, 2020);
    gik_finding *f;
    set(rep, GIK_TABLE_A, "normative_documents", "new_published", 2);
    set(rep, GIK_TABLE_A, "normative_documents", "total_published", 1);
    run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 1);
    f = on(rep, "A-IN-FORCE", "normative_documents", "total_published");
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(f->formula, "total_published >= new_published");
    ASSERT_VALUES(f, 2, 1);
}
END_TEST

/* Every count of B and C, one more or one less, gives an error that names
 * the cell: what the mutation test of the seeds relies on. */
START_TEST(test_every_cell_is_checked)
{
    apr_pool_t *p = gik_test_pool();
    gik_table_id t;
    for (t = GIK_TABLE_B; t <= GIK_TABLE_C; t++) {
        const gik_table_tmpl *tt = &gik_format_2021.tables[t];
        int r, c, d;
        for (r = 0; r < tt->nrows; r++) {
            for (c = 0; c < tt->ncols; c++) {
                for (d = -1; d <= 1; d += 2) {
                    gik_report *rep = clean_report(p, &gik_format_2021, 2024);
                    const gik_cell *cl = gik_report_cell(rep, t, tt->rows[r].id, tt->cols[c].id);
                    const char *ptr = apr_psprintf(p, "/tables/%c/%s/%s", "ABC"[t],
                                                   tt->rows[r].id, tt->cols[c].id);
                    int i, named = 0;
                    if (cl->value + d < 0) {
                        continue;
                    }
                    set(rep, t, tt->rows[r].id, tt->cols[c].id, cl->value + d);
                    run(rep, NULL);
                    for (i = 0; i < rep->findings->nelts; i++) {
                        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
                        named |= f->severity == GIK_SEV_ERROR && has_cell(f, ptr);
                    }
                    ck_assert_msg(named, "%s %+d: no error names it", ptr, d);
                }
            }
        }
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Structure */

START_TEST(test_section_missing)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rep->sections[2].present = 0;
    rep->sections[2].printed = NULL;
    run(rep, NULL);
    ASSERT_ONLY(rep, "SECTION-MISSING", 1);
    f = nth(rep, "SECTION-MISSING", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(cell(f, 0), "/sections/2");
    ck_assert_str_eq(f->message, "缺少第三部分“三、收到和处理政府信息公开申请情况”");
    ck_assert_ptr_nonnull(strstr(f->message_en, "Section 三 (3)"));
}
END_TEST

START_TEST(test_section_order)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    run(rep, NULL);
    ck_assert_int_eq(count(rep, "SECTION-ORDER"), 0);
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->sections[2].order = 3;      /* 四 printed before 三 */
    rep->sections[3].order = 2;
    run(rep, NULL);
    ASSERT_ONLY(rep, "SECTION-ORDER", 1);
    f = nth(rep, "SECTION-ORDER", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(cell(f, 0), "/sections/3");
    ck_assert_str_eq(cell(f, 1), "/sections/2");
    ck_assert_ptr_nonnull(strstr(f->message, "第四部分"));
}
END_TEST

START_TEST(test_heading_style)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    /* seed 003: leading space before 四 is fine, Arabic 3 is not */
    rep->sections[2].printed = "3、 收到和处理政府信息公开申请情况";
    rep->sections[3].printed = " 四、政府信息公开行政复议、行政诉讼情况";
    run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
    f = nth(rep, "HEADING-STYLE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(cell(f, 0), "/sections/2");
    ck_assert_str_eq(f->excerpt, "3、 收到和处理政府信息公开申请情况");
    ck_assert_ptr_nonnull(strstr(f->message, "应为“三、收到和处理政府信息公开申请情况”"));
}
END_TEST

START_TEST(test_heading_style_title)
{
    static const char *const good[] = {
        "刘振屯镇人民政府 2023 年政府信息公开工作年度 报告",
        "策勒乡人民政府2023年度政府信息公开工作年度报告",
        "鲁山县背孜乡 2023 年政府信息公开工作年度报告", NULL
    };
    apr_pool_t *p = gik_test_pool();
    gik_report *rep;
    gik_finding *f;
    int i;
    for (i = 0; good[i]; i++) {
        rep = clean_report(p, &gik_format_2021, 2023);
        rep->title = good[i];
        run(rep, NULL);
        ck_assert_msg(active(rep) == 0, "%s:%s", good[i], dump(rep));
    }
    rep = clean_report(p, &gik_format_2021, 2024);
    rep->title = "安达市吉星岗镇人民政府 政务公开 2024 年度报告";
    run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
    f = nth(rep, "HEADING-STYLE", 0);
    ck_assert_str_eq(f->excerpt, rep->title);
    ck_assert_ptr_nonnull(strstr(f->message_en, "Non-standard report title"));
    rep = clean_report(p, &gik_format_2021, 2024);
    rep->title = "辛店镇2024年政府信息公开工作报告";
    run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
}
END_TEST

START_TEST(test_format_version)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = clean_report(p, &gik_format_2019, 2022);
    gik_finding *f;
    run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 1);
    f = nth(rep, "FORMAT-VERSION", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ASSERT_VALUES(f, 2021, 2019);
    ck_assert_ptr_nonnull(strstr(f->message, "国办公开办函〔2021〕30号"));
    rep = clean_report(p, &gik_format_2021, 2020);
    run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 1);
    ASSERT_VALUES(nth(rep, "FORMAT-VERSION", 0), 2019, 2021);
    rep = clean_report(p, &gik_format_2021, 2021);
    run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 0);
    rep = clean_report(p, &gik_format_2021, 2021);
    rep->year = 0;
    run(rep, NULL);
    ck_assert(not_assessable(rep, "FORMAT-VERSION"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Narrative against tables */

START_TEST(test_cn_number)
{
    ck_assert_int_eq(gik_cn_number("三十七", strlen("三十七")), 37);
    ck_assert_int_eq(gik_cn_number("一百零五", strlen("一百零五")), 105);
    ck_assert_int_eq(gik_cn_number("两千零三", strlen("两千零三")), 2003);
    ck_assert_int_eq(gik_cn_number("十", strlen("十")), 10);
    ck_assert_int_eq(gik_cn_number("十五", strlen("十五")), 15);
    ck_assert_int_eq(gik_cn_number("两", strlen("两")), 2);
    ck_assert_int_eq(gik_cn_number("零", strlen("零")), 0);
    ck_assert_int_eq(gik_cn_number("一万零二十", strlen("一万零二十")), 10020);
    ck_assert_int_eq(gik_cn_number("二〇二四", strlen("二〇二四")), 2024);
    ck_assert_int_eq(gik_cn_number("258", 3), 258);
    ck_assert_int_eq(gik_cn_number("１２", strlen("１２")), 12);
    ck_assert_int_eq(gik_cn_number("3十", strlen("3十")), -1);
    ck_assert_int_eq(gik_cn_number("件", strlen("件")), -1);
    ck_assert_int_eq(gik_cn_number("", 0), -1);
    ck_assert_int_eq(gik_cn_number("1234567890", 10), -1);
}
END_TEST

static gik_report *with_text(int section, const char *text)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    clear_section(rep, 1);
    para(rep, 1, "（五）监督保障：全年未发生政府信息公开责任追究情况。");
    para(rep, section, text);
    return rep;
}

START_TEST(test_text_table_counts)
{
    gik_report *rep = with_text(1, "本年度共收到政府信息公开申请三十七件，其中予以公开四件。");
    gik_finding *f;
    run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = on(rep, "TEXT-TABLE", "new", "total");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'B');
    ck_assert_int_eq(f->cells->nelts, 1);
    ck_assert_str_eq(cell(f, 0), "/tables/B/new/total");
    ASSERT_VALUES(f, 7, 37);
    ck_assert_str_eq(f->excerpt, "本年度共收到政府信息公开申请三十七件，其中予以公开四件。");
    ck_assert_ptr_nonnull(strstr(f->message, "表三 一、本年新收 总计 为 7"));
    /* agreeing numbers, written every way */
    rep = with_text(1, "新收政府信息公开申请七件，上年结转１件，办结7件，结转下年度一件；"
                       "予以公开4件，部分公开1件，不予公开0件。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 0);
    rep = with_text(3, "本年新收申请一百零五件，上年结转两件。");
    set(rep, GIK_TABLE_B, "new", "natural_person", 103);
    set(rep, GIK_TABLE_B, "new", "total", 105);
    set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 99);
    set(rep, GIK_TABLE_B, "carried_forward", "total", 99);
    run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    ASSERT_VALUES(on(rep, "TEXT-TABLE", "carried_over", "total"), 1, 2);
}
END_TEST

START_TEST(test_text_table_granted_both)
{
    /* 上海 2019: 258 is the 自然人 cell, the text means 予以公开 + 部分公开 */
    gik_report *rep = with_text(1, "其中予以公开及部分公开258件。");
    gik_finding *f;
    run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = on(rep, "TEXT-TABLE", "granted", "total");
    ck_assert_int_eq(f->cells->nelts, 2);
    ck_assert_str_eq(cell(f, 1), "/tables/B/partly_granted/total");
    ASSERT_VALUES(f, 5, 258);
    ck_assert_ptr_nonnull(strstr(f->message, "（一）予以公开 + （二）部分公开"));
}
END_TEST

START_TEST(test_text_table_none_received)
{
    gik_report *rep = with_text(1, "（二）依申请公开：设立了线上线下多渠道受理依申请公开事项。"
                                   "全年未收到依申请公开事项。");
    gik_finding *f;
    run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = on(rep, "TEXT-TABLE", "new", "total");
    ASSERT_VALUES(f, 7, 0);
    ck_assert_str_eq(f->excerpt, "全年未收到依申请公开事项。");
    /* the same text over an empty table is right (seed 000, 004) */
    rep = with_text(1, "2024 年，我乡无依申请公开事项。");
    set(rep, GIK_TABLE_B, "new", "total", 0);
    run(rep, NULL);
    ck_assert_int_eq(count(rep, "TEXT-TABLE"), 0);
    /* review and petitions are other subjects */
    rep = with_text(1, "全年未收到行政复议申请，受理行政复议申请2件，受理群众投诉3件。");
    run(rep, NULL);
    ck_assert_msg(count(rep, "TEXT-TABLE") == 0, "%s", dump(rep));
}
END_TEST

START_TEST(test_review_text)
{
    gik_report *rep = with_text(4, "本年度未发生因政府信息公开工作被申请行政复议、"
                                   "提起行政诉讼的情况。");
    gik_finding *f;
    run(rep, NULL);
    ASSERT_ONLY(rep, "REVIEW-TEXT", 1);
    f = nth(rep, "REVIEW-TEXT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(f->row, "review");
    ck_assert_int_eq(f->cells->nelts, 3);
    ck_assert_str_eq(cell(f, 2), "/tables/C/litigation_after_review/total");
    ASSERT_VALUES(f, 2, 0);
    ck_assert_str_eq(f->excerpt, "本年度未发生因政府信息公开工作被申请行政复议、"
                     "提起行政诉讼的情况。");
    /* a count against the table */
    rep = with_text(4, "被申请行政复议两件，行政诉讼1件。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "REVIEW-TEXT", 1);
    f = on(rep, "REVIEW-TEXT", "review", "total");
    ASSERT_VALUES(f, 1, 2);
    ck_assert_int_eq(f->cells->nelts, 1);
    /* a denial that matches the table passes */
    rep = with_text(4, "未发生行政复议、行政诉讼。");
    set(rep, GIK_TABLE_C, "review", "upheld", 0);
    set(rep, GIK_TABLE_C, "review", "total", 0);
    set(rep, GIK_TABLE_C, "litigation_direct", "pending", 0);
    set(rep, GIK_TABLE_C, "litigation_direct", "total", 0);
    clear_section(rep, 1);
    para(rep, 1, "全年未发生政府信息公开责任追究情况。");
    run(rep, NULL);
    ck_assert_msg(active(rep) == 0, "%s", dump(rep));
}
END_TEST

/* Section 一 paragraphs of the seeds, as printed. */
#define SEED001_15 "刘振屯镇有效处理政务开申,针对政务开申请,组织专人限回复,加绿与相关单位的交流和通," \
    "确果依申请公开答复的程序和内容合法、合规,维护政府机关的公信力,保人民群众的和情权与监督权。"
#define SEED003_7 "（二）依申请公开情况。本年度，策勒乡政府严格按照法定程序和期限进行处理依法申请" \
    "公开事宜，及时登记并与申请人沟通，准确了解其需求。在办理过程中，依法依规进行答复，对于能够" \
    "公开的信息，及时准确地提供给申请人对于不予公开的信息，详细说明理由，保障了申请人的合法权益。 "
#define SEED000_11 "（二）依申请公开：设立了线上线下多渠道受理依申请公开事项，线上依托政府信息公开" \
    "平台专用入口，申请人可便捷填写申请表并提交相关材料；线下在政务服务大厅设置专门窗口，配备专业" \
    "工作人员现场指导。全年未收到依申请公开事项。"
#define SEED002_27 "二是完善政府信息依申请公开机制。完善依申请公开制度、工作规程，明确申请的受理，" \
    "审查、处理、答复等各环节的具体要求，统一使用政府信息公开标准文书格式，按照规范的处理流程开展" \
    "工作，在规定的时限内作出答复，申请公开道方便、畅通，群众满意。"

static gik_report *empty_b(const char *text)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    const gik_table *t = &rep->tables[GIK_TABLE_B];
    int i;
    for (i = 0; i < t->tmpl->nrows * t->tmpl->ncols; i++) {
        t->cells[i].value = 0;
    }
    clear_section(rep, 1);
    para(rep, 1, "全年未发生政府信息公开责任追究情况。");
    para(rep, 1, text);
    return rep;
}

START_TEST(test_boilerplate)
{
    static const char *const fail[] = { SEED001_15, SEED003_7, NULL };
    static const char *const pass[] = { SEED000_11, "2024 年，我乡无依申请公开事项。",
                                        SEED002_27, NULL };
    gik_report *rep;
    gik_finding *f;
    int i;
    for (i = 0; fail[i]; i++) {
        rep = empty_b(fail[i]);
        run(rep, NULL);
        ASSERT_ONLY(rep, "BOILERPLATE", 1);
        f = nth(rep, "BOILERPLATE", 0);
        ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
        ck_assert_int_eq(f->cells->nelts, 2);
        ck_assert_str_eq(cell(f, 0), "/tables/B/new/total");
        ck_assert_str_eq(cell(f, 1), "/tables/B/carried_over/total");
        ck_assert_ptr_nonnull(f->excerpt);
    }
    ck_assert_str_eq(f->excerpt, "本年度，策勒乡政府严格按照法定程序和期限进行处理依法申请"
                     "公开事宜，及时登记并与申请人沟通，准确了解其需求。");
    for (i = 0; pass[i]; i++) {
        rep = empty_b(pass[i]);
        run(rep, NULL);
        ck_assert_msg(active(rep) == 0, "%s:%s", pass[i], dump(rep));
    }
    /* handled applications that the table counts are no boilerplate */
    rep = with_text(1, SEED003_7);
    run(rep, NULL);
    ck_assert_int_eq(count(rep, "BOILERPLATE"), 0);
}
END_TEST

START_TEST(test_accountability)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    clear_section(rep, 1);
    /* seed 002: mechanisms, no result */
    para(rep, 1, "四是完善政府信息发布保密审查机制。明确有关保密审查的职责分工审查程序和"
                 "责任追究办法，确保不发生泄密问题。");
    para(rep, 1, "六是完善政府信息公开责任追究机制。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 1);
    f = nth(rep, "ACCOUNTABILITY", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(f->message, "责任追究"));
    /* seed 004 line 31 */
    para(rep, 1, "自觉接受社会评议，保障政府信息公开工作落到实处。2024 年我乡未发生政务公开"
                 "责任追究情况。");
    rep->findings->nelts = 0;
    run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
    /* other wordings of a result */
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    clear_section(rep, 1);
    para(rep, 1, "本年度因政府信息公开工作被责任追究0人。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
    /* a county government must say it too, a department need not */
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    clear_section(rep, 1);
    rep->organization = "鲁山县人民政府";
    rep->signed_date = rep->published = "2025-03-01";
    run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 1);
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    clear_section(rep, 1);
    rep->organization = "鲁山县教育局";
    run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
}
END_TEST

START_TEST(test_rectification)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    clear_section(rep, 5);
    para(rep, 5, "一是信息收集与整理滞后。二是公开渠道利用不充分。");
    para(rep, 5, "2025年，我镇将继续加强政府信息公开工作。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 1);
    f = nth(rep, "RECTIFICATION", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_INFO);
    ck_assert_str_eq(cell(f, 0), "/sections/4");
    para(rep, 5, "针对2023年度报告中存在的问题，我镇已全部完成整改。");
    rep->findings->nelts = 0;
    run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 0);
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    clear_section(rep, 5);
    para(rep, 5, "去年查摆的问题均已整改到位。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 0);
}
END_TEST

START_TEST(test_fee_statement)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    clear_section(rep, 6);
    para(rep, 6, "无");
    run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 1);
    f = nth(rep, "FEE-STATEMENT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(f->excerpt, "无");
    ck_assert_str_eq(cell(f, 0), "/sections/5");
    /* seed 000 line 94 */
    clear_section(rep, 6);
    para(rep, 6, "依据《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》"
                 "（国办函〔2020〕109号）规定，本年度未收取政府信息公开处理费。");
    rep->findings->nelts = 0;
    run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 0);
    /* the 2019 format does not ask for it */
    rep = clean_report(gik_test_pool(), &gik_format_2019, 2020);
    clear_section(rep, 6);
    para(rep, 6, "无");
    run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* ARTIFACT */

START_TEST(test_artifact)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2023);
    gik_finding *f;
    rep->title = "刘振屯镇人民政府 2023 年政府信息公开工作年度 报告";
    /* seed 001 lines 7, 11, 27 */
    para(rep, 1, "不断完善政府信息公开配套制度和 Work 规范,切实丰富政府信息公开的载体和形式。");
    para(rep, 1, "结合重点工作,选取与企业 and 群众密切相关的领域进行公开。");
    para(rep, 1, "定期不定期网上巡查实地巡查制度和 Work 通报制度,进一步加强监督管理。");
    /* seed 003 line 394 */
    para(rep, 6, "[bookmark: _GoBack]策勒乡人民政府在2024年度政府信息公开工作中，"
                 "未产生信息公开处理费。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "ARTIFACT", 4);
    f = nth(rep, "ARTIFACT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(f->excerpt, "和 Work 规范"));
    ck_assert_ptr_nonnull(strstr(f->message, "“Work”"));
    ck_assert_ptr_nonnull(strstr(nth(rep, "ARTIFACT", 1)->excerpt, "企业 and 群众"));
    ck_assert_ptr_nonnull(strstr(nth(rep, "ARTIFACT", 2)->excerpt, "Work 通报"));
    f = nth(rep, "ARTIFACT", 3);
    ck_assert_ptr_nonnull(strstr(f->excerpt, "[bookmark: _GoBack]"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "“[bookmark: _GoBack]”"));
}
END_TEST

START_TEST(test_artifact_allowed)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    para(rep, 1, "通过微信公众号、APP 和 Word 文档发布信息，提供 PDF 下载，登录 OA 系统办理。");
    para(rep, 1, "群众可访问 http://www.gov.cn 或发送邮件至 gk@163.com 咨询，拨打 12345 热线。");
    para(rep, 1, "实现 Wi-Fi 全覆盖，使用 QQ 群和 WPS 办公，GDP 增长。");
    /* seed sentences with Latin nowhere near */
    para(rep, 1, "2024 年度，背孜乡通过微信公众号发布信息总计 90 条。");
    run(rep, NULL);
    ck_assert_msg(active(rep) == 0, "%s", dump(rep));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Kind of body and deadlines */

START_TEST(test_body_kind)
{
    ck_assert_int_eq(gik_body_kind_infer("鲁山县背孜乡"), GIK_BODY_TOWNSHIP);
    ck_assert_int_eq(gik_body_kind_infer("安达市吉星岗镇人民政府"), GIK_BODY_TOWNSHIP);
    ck_assert_int_eq(gik_body_kind_infer("辛店镇 "), GIK_BODY_TOWNSHIP);
    ck_assert_int_eq(gik_body_kind_infer("东城区和平里街道办事处"), GIK_BODY_TOWNSHIP);
    ck_assert_int_eq(gik_body_kind_infer("鲁山县人民政府"), GIK_BODY_GOVERNMENT);
    ck_assert_int_eq(gik_body_kind_infer("河南省人民政府"), GIK_BODY_GOVERNMENT);
    ck_assert_int_eq(gik_body_kind_infer("鲁山县人民政府办公室"), GIK_BODY_DEPARTMENT);
    ck_assert_int_eq(gik_body_kind_infer("平顶山市城乡建设局"), GIK_BODY_DEPARTMENT);
    ck_assert_int_eq(gik_body_kind_infer("鲁山县发展和改革委员会"), GIK_BODY_DEPARTMENT);
    ck_assert_int_eq(gik_body_kind_infer("鲁山县政务服务中心"), GIK_BODY_DEPARTMENT);
    ck_assert_int_eq(gik_body_kind_infer("某某"), GIK_BODY_AUTO);
    ck_assert_int_eq(gik_body_kind_infer(NULL), GIK_BODY_AUTO);
}
END_TEST

static gik_report *signed_by(const char *org, const char *date)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->organization = org;
    rep->signed_date = date;
    rep->published = date;
    return rep;
}

START_TEST(test_late)
{
    apr_pool_t *p = gik_test_pool();
    gik_rule_config *cfg;
    gik_report *rep;
    gik_finding *f;
    /* township: a warning after 31 January, an error after 31 March */
    rep = signed_by("辛店镇", "2025-01-31");
    run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 0);
    rep = signed_by("辛店镇", "2025-02-15");
    run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    f = nth(rep, "LATE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(f, 20250131, 20250215);
    ck_assert_str_eq(f->message_en, "Signed 2025-02-15, after the deadline 2025-01-31 for the "
                     "2024 report of a township or street office");
    rep = signed_by("吉星岗镇人民政府", "2025-04-02");
    run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    f = nth(rep, "LATE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ASSERT_VALUES(f, 20250331, 20250402);
    /* department: 31 January; government: 31 March, warnings only */
    rep = signed_by("鲁山县教育局", "2025-02-01");
    run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    ck_assert_int_eq(nth(rep, "LATE", 0)->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(nth(rep, "LATE", 0), 20250131, 20250201);
    rep = signed_by("鲁山县人民政府", "2025-03-20");
    run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 0);
    rep = signed_by("鲁山县人民政府", "2025-06-01");
    run(rep, NULL);
    ck_assert_int_eq(count(rep, "LATE"), 1);
    ck_assert_int_eq(nth(rep, "LATE", 0)->severity, GIK_SEV_WARNING);
    /* no date, or a body of unknown kind: not assessable */
    rep = signed_by("辛店镇", NULL);
    run(rep, NULL);
    ck_assert(not_assessable(rep, "LATE"));
    ck_assert_int_eq(count(rep, "LATE"), 0);
    /* configured deadlines and kind */
    cfg = gik_rule_config_make(p);
    cfg->township_warn_mmdd = 220;
    rep = signed_by("辛店镇", "2025-02-15");
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(count(rep, "LATE"), 0);
    cfg->body_kind = GIK_BODY_DEPARTMENT;
    rep = signed_by("辛店镇", "2025-02-15");
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(count(rep, "LATE"), 1);
}
END_TEST

START_TEST(test_township_regulations)
{
    gik_report *rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    set(rep, GIK_TABLE_A, "regulations", "issued", 1);
    set(rep, GIK_TABLE_A, "regulations", "in_force", 1);
    run(rep, NULL);
    ASSERT_ONLY(rep, "TOWNSHIP-REGULATIONS", 2);
    f = on(rep, "TOWNSHIP-REGULATIONS", "regulations", "issued");
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(cell(f, 0), "/tables/A/regulations/issued");
    ASSERT_VALUES(f, 0, 1);
    ck_assert_ptr_nonnull(strstr(f->message, "本年制发件数 为 1"));
    rep = clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->organization = "平顶山市人民政府";
    rep->signed_date = rep->published = "2025-03-01";
    set(rep, GIK_TABLE_A, "regulations", "issued", 1);
    set(rep, GIK_TABLE_A, "regulations", "in_force", 1);
    run(rep, NULL);
    ck_assert_int_eq(count(rep, "TOWNSHIP-REGULATIONS"), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Years */

START_TEST(test_year_mismatch)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep;
    gik_finding *f;
    /* the opening says last year: copied from the previous report */
    rep = clean_report(p, &gik_format_2021, 2024);
    rep->preamble->nelts = 0;
    para(rep, 0, "2023年，我镇认真贯彻落实《条例》。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    f = nth(rep, "YEAR-MISMATCH", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(cell(f, 0), "/year");
    ASSERT_VALUES(f, 2024, 2023);
    ck_assert_str_eq(f->excerpt, "2023年，我镇认真贯彻落实《条例》。");
    /* statistics period, with the extractor's spaces */
    rep = clean_report(p, &gik_format_2021, 2024);
    para(rep, 1, "内容涵盖吉星岗镇政府 2023 年 1 月 1 日至 12 月 31 日期间的政府信息公开工作情况。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    ASSERT_VALUES(nth(rep, "YEAR-MISMATCH", 0), 2024, 2023);
    ck_assert_ptr_nonnull(strstr(nth(rep, "YEAR-MISMATCH", 0)->message, "统计期限"));
    /* history beside this year's opening is no contradiction */
    rep = clean_report(p, &gik_format_2021, 2024);
    para(rep, 1, "2023年，我镇被评为省级政务公开示范镇。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 0);
    /* plans and last year's problems are no contradiction */
    rep = clean_report(p, &gik_format_2021, 2024);
    para(rep, 1, "内容涵盖 2024 年 1 月 1 日至 12 月 31 日。2025年，我镇将继续深化政务公开。");
    para(rep, 5, "2023年，我镇存在的问题已整改。2025年，我镇将加强培训。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 0);
    /* no opening sentence: the year named most, when the title's is never named */
    rep = clean_report(p, &gik_format_2021, 2024);
    rep->preamble->nelts = 0;
    para(rep, 1, "我镇在2023年公开信息90条，2023年全年未收到投诉。");
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    ASSERT_VALUES(nth(rep, "YEAR-MISMATCH", 0), 2024, 2023);
    para(rep, 1, "2024年度，我镇持续推进。");
    rep->findings->nelts = 0;
    run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The previous year's report */

#define NARRATIVE_A "辛店镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》等有关文件精神，" \
    "坚持突出重点、高效便民和问题导向，围绕人民群众最关心最直接最现实的利益问题，运用多种方式公开" \
    "信息，加强政策解读，回应社会关切。我镇基层政务平台公开政府信息约 167 条。"
#define NARRATIVE_B "背孜乡不断创新政务公开的新载体、新形式，使政务公开的形式呈现灵活多样。一是充分" \
    "发挥政府门户网站信息公开栏的作用，统一集中公开信息，及时推送公开工作动态、政务信息以及各种惠民" \
    "政策；二是高效利用新闻媒体、村（社区）宣传栏、村广播等线下宣传方式。"

/* The previous report: same body, its own wording. */
static gik_report *prev_report(apr_pool_t *p, const gik_format *fmt, int year)
{
    gik_report *prev = clean_report(p, fmt, year);
    clear_narrative(prev);
    para(prev, 1, NARRATIVE_B);
    return prev;
}

START_TEST(test_prev_year)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = clean_report(p, &gik_format_2021, 2024);
    gik_report *prev = prev_report(p, &gik_format_2021, 2023);
    gik_finding *f;
    prev->organization = "辛店镇人民政府";
    run(rep, prev);
    ASSERT_ONLY(rep, "PREV-YEAR", 0);
    ck_assert(!not_assessable(rep, "PREV-YEAR"));
    /* last year carried 2 forward, this year says 1 came over */
    rep = clean_report(p, &gik_format_2021, 2024);
    set(prev, GIK_TABLE_B, "carried_forward", "natural_person", 2);
    set(prev, GIK_TABLE_B, "carried_forward", "total", 2);
    run(rep, prev);
    ck_assert_msg(count(rep, "PREV-YEAR") == 2, "%s", dump(rep));
    f = on(rep, "PREV-YEAR", "carried_over", "natural_person");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->cells->nelts, 1);
    ck_assert_str_eq(cell(f, 0), "/tables/B/carried_over/natural_person");
    ASSERT_VALUES(f, 2, 1);
    ck_assert_str_eq(f->message, "表三 自然人 列：二、上年结转 为 1，但 2023 年度报告的 "
                     "四、结转下年度继续办理 为 2");
    ASSERT_VALUES(on(rep, "PREV-YEAR", "carried_over", "total"), 2, 1);
    /* a 2019-format 2020 report feeds a 2021 one */
    rep = clean_report(p, &gik_format_2021, 2021);
    prev = prev_report(p, &gik_format_2019, 2020);
    set(prev, GIK_TABLE_B, "carried_forward", "total", 3);
    run(rep, prev);
    ASSERT_VALUES(on(rep, "PREV-YEAR", "carried_over", "total"), 3, 1);
    /* not the year before, or another body: not assessable */
    rep = clean_report(p, &gik_format_2021, 2024);
    prev = prev_report(p, &gik_format_2021, 2022);
    run(rep, prev);
    ck_assert(not_assessable(rep, "PREV-YEAR"));
    rep = clean_report(p, &gik_format_2021, 2024);
    prev = prev_report(p, &gik_format_2021, 2023);
    prev->organization = "背孜乡";
    set(prev, GIK_TABLE_B, "carried_forward", "total", 3);
    run(rep, prev);
    ck_assert(not_assessable(rep, "PREV-YEAR"));
    ck_assert_int_eq(count(rep, "PREV-YEAR"), 0);
}
END_TEST

START_TEST(test_copy_prev_year)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = clean_report(p, &gik_format_2021, 2024);
    gik_report *prev = clean_report(p, &gik_format_2021, 2023);
    gik_finding *f;
    para(rep, 1, NARRATIVE_A);
    para(prev, 1, NARRATIVE_A);
    /* only the numbers changed */
    prev->sections[0].paragraphs->nelts--;
    para(prev, 1, "辛店镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》等有关文件精神，"
                  "坚持突出重点、高效便民和问题导向，围绕人民群众最关心最直接最现实的利益问题，"
                  "运用多种方式公开信息，加强政策解读，回应社会关切。我镇基层政务平台公开政府信息"
                  "约 98 条。");
    run(rep, prev);
    ASSERT_ONLY(rep, "COPY-PREV-YEAR", 1);
    f = nth(rep, "COPY-PREV-YEAR", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_int_eq(f->has_values, 1);
    ck_assert_double_eq(f->expected, 0.9);
    ck_assert(f->actual >= 0.99);
    ck_assert_ptr_nonnull(strstr(f->message_en, "2023 report"));
    /* a different narrative */
    rep = clean_report(p, &gik_format_2021, 2024);
    prev = clean_report(p, &gik_format_2021, 2023);
    para(rep, 1, NARRATIVE_A);
    para(prev, 1, NARRATIVE_B);
    run(rep, prev);
    ASSERT_ONLY(rep, "COPY-PREV-YEAR", 0);
    ck_assert(!not_assessable(rep, "COPY-PREV-YEAR"));
    /* too little text to judge */
    rep = clean_report(p, &gik_format_2021, 2024);
    prev = clean_report(p, &gik_format_2021, 2023);
    clear_narrative(rep);
    clear_narrative(prev);
    para(rep, 6, "无");
    para(prev, 6, "无");
    run(rep, prev);
    ck_assert(not_assessable(rep, "COPY-PREV-YEAR"));
    ck_assert_int_eq(count(rep, "COPY-PREV-YEAR"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_registry);
    tcase_add_test(tc, test_clean_baseline);
    tcase_add_test(tc, test_not_a_report);
    tcase_add_test(tc, test_config);
    tcase_add_test(tc, test_b_balance);
    tcase_add_test(tc, test_b_balance_skips_unreadable);
    tcase_add_test(tc, test_b_outcome_sum);
    tcase_add_test(tc, test_b_outcome_sum_2019);
    tcase_add_test(tc, test_b_column_sum);
    tcase_add_test(tc, test_c_sum);
    tcase_add_test(tc, test_c_absent_not_assessable);
    tcase_add_test(tc, test_a_in_force);
    tcase_add_test(tc, test_a_in_force_2019);
    tcase_add_test(tc, test_every_cell_is_checked);
    tcase_add_test(tc, test_section_missing);
    tcase_add_test(tc, test_section_order);
    tcase_add_test(tc, test_heading_style);
    tcase_add_test(tc, test_heading_style_title);
    tcase_add_test(tc, test_format_version);
    tcase_add_test(tc, test_cn_number);
    tcase_add_test(tc, test_text_table_counts);
    tcase_add_test(tc, test_text_table_granted_both);
    tcase_add_test(tc, test_text_table_none_received);
    tcase_add_test(tc, test_review_text);
    tcase_add_test(tc, test_boilerplate);
    tcase_add_test(tc, test_accountability);
    tcase_add_test(tc, test_rectification);
    tcase_add_test(tc, test_fee_statement);
    tcase_add_test(tc, test_artifact);
    tcase_add_test(tc, test_artifact_allowed);
    tcase_add_test(tc, test_body_kind);
    tcase_add_test(tc, test_late);
    tcase_add_test(tc, test_township_regulations);
    tcase_add_test(tc, test_year_mismatch);
    tcase_add_test(tc, test_prev_year);
    tcase_add_test(tc, test_copy_prev_year);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
