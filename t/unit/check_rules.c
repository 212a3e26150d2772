/*
 * check_rules.c - the rule registry and configuration, the arithmetic and
 * structure rules on hand-built reports: a clean baseline that passes all
 * of them, and one change at a time that must make exactly the expected
 * rule fire with the expected cells and values.  The narrative and
 * cross-document rules are in check_rules_text.c; seed-level expectations
 * live with the recogniser's tests.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "rules_fixture.h"

/* ------------------------------------------------------------------ */
/* The registry */

START_TEST(test_registry)
{
    static const char *const spec[] = {
        "B-BALANCE", "B-OUTCOME-SUM", "B-COLUMN-SUM", "C-SUM", "A-IN-FORCE", "CELL-INVALID",
        "CELL-BLANK", "SECTION-MISSING", "SECTION-ORDER", "HEADING-STYLE", "LABEL-MISMATCH",
        "LAYOUT-SHIFT", "TEXT-TABLE", "YEAR-MISMATCH", "LATE", "FEE-STATEMENT", "ARTIFACT",
        "PREV-YEAR", "FORMAT-VERSION", "REVIEW-TEXT", "BOILERPLATE", "ACCOUNTABILITY",
        "RECTIFICATION", "TOWNSHIP-REGULATIONS", "COPY-PREV-YEAR", "ROW-OMITTED",
        "ROW-MERGED", "CELL-JOINED",
        "CHARSET-MISMATCH", "CHARSET-UNDECLARED",   /* the decoder's own */
        "PDF-UNREADABLE",       /* the PDF reader's own */
        NULL
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
    ck_assert_int_eq(n, 31);
    ck_assert_int_eq(gik_rule_find("CHARSET-MISMATCH")->default_severity, GIK_SEV_ERROR);
    ck_assert_int_eq(gik_rule_find("CHARSET-UNDECLARED")->default_severity, GIK_SEV_WARNING);
    ck_assert_ptr_null(gik_rule_find("CELL-BLANK")->check);
    ck_assert_int_eq(gik_rule_find("ROW-OMITTED")->default_severity, GIK_SEV_WARNING);
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
    gik_report *rep = rf_clean_report(p, &gik_format_2021, 2024);
    rf_run(rep, NULL);
    ck_assert_msg(rf_active(rep) == 0, "clean report has findings:%s", rf_dump(rep));
    ck_assert(rf_not_assessable(rep, "PREV-YEAR"));
    ck_assert(rf_not_assessable(rep, "COPY-PREV-YEAR"));
    ck_assert(!rf_not_assessable(rep, "B-BALANCE"));
    ck_assert(!rf_not_assessable(rep, "LATE"));
    rep = rf_clean_report(p, &gik_format_2019, 2020);
    rf_run(rep, NULL);
    ck_assert_msg(rf_active(rep) == 0, "clean 2019 report has findings:%s", rf_dump(rep));
}
END_TEST

START_TEST(test_not_a_report)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_set(rep, GIK_TABLE_B, "new", "total", 99);
    rep->is_report = 0;
    rf_run(rep, NULL);
    ck_assert_int_eq(rep->findings->nelts, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Configuration */

START_TEST(test_config)
{
    apr_pool_t *p = gik_test_pool();
    gik_rule_config *cfg = gik_rule_config_make(p);
    gik_report *rep = rf_clean_report(p, &gik_format_2021, 2024);
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
    rf_set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 0);  /* B-BALANCE x1 */
    rf_set(rep, GIK_TABLE_B, "carried_forward", "total", 0);           /* B-BALANCE x1 */
    rf_set(rep, GIK_TABLE_C, "review", "total", 2);                    /* C-SUM, REVIEW-TEXT */
    rf_clear_section(rep, 5);                                          /* RECTIFICATION */
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(blank->severity, GIK_SEV_OFF);
    ck_assert_int_eq(rf_nth(rep, "B-BALANCE", 0)->severity, GIK_SEV_OFF);
    ck_assert_int_eq(rf_nth(rep, "B-BALANCE", 1)->severity, GIK_SEV_OFF);
    ck_assert_int_eq(rf_nth(rep, "C-SUM", 0)->severity, GIK_SEV_WARNING);
    ck_assert_int_eq(rf_nth(rep, "RECTIFICATION", 0)->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(rf_nth(rep, "REVIEW-TEXT", 0)->severity, GIK_SEV_ERROR);
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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 0);
    rf_set(rep, GIK_TABLE_B, "carried_forward", "total", 0);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "B-BALANCE", 2);
    f = rf_on(rep, "B-BALANCE", "new", "natural_person");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'B');
    ck_assert_str_eq(f->formula, "new + carried_over = outcome_total + carried_forward");
    ck_assert_int_eq(f->cells->nelts, 4);
    ck_assert_str_eq(rf_cell(f, 0), "/tables/B/new/natural_person");
    ck_assert_str_eq(rf_cell(f, 1), "/tables/B/carried_over/natural_person");
    ck_assert_str_eq(rf_cell(f, 2), "/tables/B/outcome_total/natural_person");
    ck_assert_str_eq(rf_cell(f, 3), "/tables/B/carried_forward/natural_person");
    ASSERT_VALUES(f, 6, 5);
    ck_assert_str_eq(f->message, "表三 自然人 列：一、本年新收 (5) + 二、上年结转 (1) = 6，"
                     "但 （七）总计 (5) + 四、结转下年度继续办理 (0) = 5");
    ck_assert_ptr_nonnull(strstr(f->message_en, "column 自然人 (natural_person)"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "一、本年新收 [new] 5"));
    ASSERT_VALUES(rf_on(rep, "B-BALANCE", "new", "total"), 8, 7);
}
END_TEST

START_TEST(test_b_balance_skips_unreadable)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "natural_person", GIK_CELL_INVALID, 0);
    gik_report_set_cell(rep, GIK_TABLE_B, "carried_over", "total", GIK_CELL_ABSENT, 0);
    /* a blank is a zero: it takes part */
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "commercial", GIK_CELL_BLANK, 0);
    rf_run(rep, NULL);
    /* commercial: 0 + 0 != 2 + 0 in B-BALANCE; new row's column sum and
     * the natural_person / total relations are skipped */
    ck_assert_msg(rf_count(rep, "B-BALANCE") == 1, "%s", rf_dump(rep));
    ASSERT_VALUES(rf_on(rep, "B-BALANCE", "new", "commercial"), 0, 2);
    ck_assert_int_eq(rf_count(rep, "B-COLUMN-SUM"), 0);
}
END_TEST

/* （六）其他处理 printed as one row (洪泽区 2023): "other" adds to the
 * total in place of its three sub-rows, which are not printed. */
START_TEST(test_b_outcome_sum_merged)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    static const char *const subs[] = { "other_no_correction", "other_fee_unpaid",
                                        "other_other" };
    gik_table *tab = &rep->tables[GIK_TABLE_B];
    gik_finding *f;
    int i, c;
    for (i = 0; i < 3; i++) {
        int r = gik_table_row_index(tab, subs[i]);
        for (c = 0; c < tab->tmpl->ncols; c++) {
            GIK_CELL(tab, r, c)->state = GIK_CELL_ABSENT;
        }
    }
    for (c = 0; c < tab->tmpl->ncols; c++) {
        rf_set(rep, GIK_TABLE_B, "other", tab->tmpl->cols[c].id, 0);
    }
    rf_set(rep, GIK_TABLE_B, "other", "natural_person", 2);
    rf_set(rep, GIK_TABLE_B, "other", "total", 2);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "B-OUTCOME-SUM", 2);       /* 2 more than （七）总计 says */
    f = rf_on(rep, "B-OUTCOME-SUM", "outcome_total", "natural_person");
    ck_assert_int_eq(f->cells->nelts, 20);     /* 18 rows, the merged row, the total */
    ck_assert(rf_has_cell(f, "/tables/B/other/natural_person"));
    ck_assert(!rf_has_cell(f, "/tables/B/other_other/natural_person"));
    ck_assert_str_eq(f->formula + strlen(f->formula) - strlen("+ rejected_confirmation + other"),
                     "+ rejected_confirmation + other");
    ck_assert_ptr_null(strstr(f->formula, "other_other"));
    ASSERT_VALUES(f, 7, 5);                    /* the rows add up to 5 + 2, 总计 prints 5 */
}
END_TEST

START_TEST(test_b_outcome_sum)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_B, "granted", "natural_person", 4);
    rf_set(rep, GIK_TABLE_B, "granted", "total", 5);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "B-OUTCOME-SUM", 2);
    f = rf_on(rep, "B-OUTCOME-SUM", "outcome_total", "natural_person");
    ck_assert_int_eq(f->cells->nelts, 22);     /* 21 outcome rows + the total */
    ck_assert_str_eq(rf_cell(f, 0), "/tables/B/granted/natural_person");
    ck_assert_str_eq(rf_cell(f, 21), "/tables/B/outcome_total/natural_person");
    ck_assert(rf_has_cell(f, "/tables/B/other_fee_unpaid/natural_person"));
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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2019, 2020);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_B, "other", "natural_person", 1);
    rf_set(rep, GIK_TABLE_B, "other", "total", 1);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "B-OUTCOME-SUM", 2);
    f = rf_on(rep, "B-OUTCOME-SUM", "outcome_total", "natural_person");
    ck_assert_int_eq(f->cells->nelts, 20);     /* 19 outcome rows + the total */
    ck_assert(rf_has_cell(f, "/tables/B/other/natural_person"));
    ck_assert_ptr_nonnull(strstr(f->formula, "+ rejected_confirmation + other"));
    ASSERT_VALUES(f, 6, 5);
}
END_TEST

/* A 总计 printed blank for a sub-row (上海 2019 leaves them so) is no claim
 * that the row adds up to 0: no B-COLUMN-SUM, the recogniser's CELL-BLANK
 * speaks for it.  A total printed 0 under non-zero parts still fails. */
START_TEST(test_b_column_sum_blank_total)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_set(rep, GIK_TABLE_B, "withheld_query", "research", 1);
    gik_report_set_cell(rep, GIK_TABLE_B, "withheld_query", "total", GIK_CELL_BLANK, 0);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "B-COLUMN-SUM"), 0);
    gik_report_set_cell(rep, GIK_TABLE_B, "withheld_query", "total", GIK_CELL_OK, 0);
    rep->findings->nelts = 0;
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "B-COLUMN-SUM"), 1);
    ck_assert_ptr_nonnull(rf_on(rep, "B-COLUMN-SUM", "withheld_query", "total"));
}
END_TEST

START_TEST(test_b_column_sum)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_B, "withheld_query", "research", 1);
    rf_run(rep, NULL);
    f = rf_on(rep, "B-COLUMN-SUM", "withheld_query", "total");
    ck_assert_int_eq(rf_count(rep, "B-COLUMN-SUM"), 1);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(f->formula, "total = natural_person + commercial + research + "
                     "social_welfare + legal_service + other_org");
    ck_assert_int_eq(f->cells->nelts, 7);
    ck_assert_str_eq(rf_cell(f, 2), "/tables/B/withheld_query/research");
    ck_assert_str_eq(rf_cell(f, 6), "/tables/B/withheld_query/total");
    ASSERT_VALUES(f, 1, 0);
    ck_assert_ptr_nonnull(strstr(f->message, "表三 （三）不予公开 8.属于行政查询事项 行："));
    ck_assert_ptr_nonnull(strstr(f->message, "科研机构 (1)"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "row （三）不予公开 8.属于行政查询事项 "
                                 "(withheld_query)"));
    /* the research column no longer adds up either */
    ck_assert_int_eq(rf_count(rep, "B-OUTCOME-SUM"), 1);
    ck_assert_int_eq(rf_count(rep, "B-BALANCE"), 0);
}
END_TEST

START_TEST(test_c_sum)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_C, "litigation_after_review", "corrected", 2);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "C-SUM", 1);
    f = rf_on(rep, "C-SUM", "litigation_after_review", "total");
    ck_assert_int_eq(f->table, 'C');
    ck_assert_str_eq(f->formula, "total = upheld + corrected + other + pending");
    ck_assert_int_eq(f->cells->nelts, 5);
    ck_assert_str_eq(rf_cell(f, 1), "/tables/C/litigation_after_review/corrected");
    ck_assert_str_eq(rf_cell(f, 4), "/tables/C/litigation_after_review/total");
    ASSERT_VALUES(f, 2, 0);
    ck_assert_str_eq(f->message, "表四 行政诉讼 复议后起诉 行：结果维持 (0) + 结果纠正 (2) + "
                     "其他结果 (0) + 尚未审结 (0) = 2，但 总计 (0) = 0");
}
END_TEST

START_TEST(test_c_absent_not_assessable)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->tables[GIK_TABLE_C].present = 0;
    rf_run(rep, NULL);
    ck_assert(rf_not_assessable(rep, "C-SUM"));
    ck_assert(rf_not_assessable(rep, "REVIEW-TEXT"));
    ck_assert_int_eq(rf_count(rep, "C-SUM"), 0);
}
END_TEST

START_TEST(test_a_in_force)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_A, "normative_documents", "in_force", 0);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 1);
    f = rf_on(rep, "A-IN-FORCE", "normative_documents", "in_force");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'A');
    ck_assert_str_eq(f->formula, "in_force >= issued - repealed");
    ck_assert_int_eq(f->cells->nelts, 3);
    ck_assert_str_eq(rf_cell(f, 2), "/tables/A/normative_documents/in_force");
    ASSERT_VALUES(f, 1, 0);
    ck_assert_str_eq(f->message, "表二 行政规范性文件 行：现行有效件数 (0) 为 0，少于 "
                     "本年制发件数 (2) − 本年废止件数 (1) = 1");
    /* seed 000: 2 issued, 1 repealed, 1 in force passes */
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_set(rep, GIK_TABLE_A, "normative_documents", "in_force", 1);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 0);
}
END_TEST

START_TEST(test_a_in_force_2019)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2019, 2020);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_A, "normative_documents", "new_published", 2);
    rf_set(rep, GIK_TABLE_A, "normative_documents", "total_published", 1);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "A-IN-FORCE", 1);
    f = rf_on(rep, "A-IN-FORCE", "normative_documents", "total_published");
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
                    gik_report *rep = rf_clean_report(p, &gik_format_2021, 2024);
                    const gik_cell *cl = gik_report_cell(rep, t, tt->rows[r].id, tt->cols[c].id);
                    const char *ptr = apr_psprintf(p, "/tables/%c/%s/%s", "ABC"[t],
                                                   tt->rows[r].id, tt->cols[c].id);
                    int i, named = 0;
                    if (cl->value + d < 0) {
                        continue;
                    }
                    rf_set(rep, t, tt->rows[r].id, tt->cols[c].id, cl->value + d);
                    rf_run(rep, NULL);
                    for (i = 0; i < rep->findings->nelts; i++) {
                        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
                        named |= f->severity == GIK_SEV_ERROR && rf_has_cell(f, ptr);
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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rep->sections[2].present = 0;
    rep->sections[2].printed = NULL;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "SECTION-MISSING", 1);
    f = rf_nth(rep, "SECTION-MISSING", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/2");
    ck_assert_str_eq(f->message, "缺少第三部分“三、收到和处理政府信息公开申请情况”");
    ck_assert_ptr_nonnull(strstr(f->message_en, "Section 三 (3)"));
}
END_TEST

START_TEST(test_section_order)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "SECTION-ORDER"), 0);
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->sections[2].order = 3;      /* 四 printed before 三 */
    rep->sections[3].order = 2;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "SECTION-ORDER", 1);
    f = rf_nth(rep, "SECTION-ORDER", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/3");
    ck_assert_str_eq(rf_cell(f, 1), "/sections/2");
    ck_assert_ptr_nonnull(strstr(f->message, "第四部分"));
}
END_TEST

START_TEST(test_heading_style)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    /* seed 003: leading space before 四 is fine, Arabic 3 is not */
    rep->sections[2].printed = "3、 收到和处理政府信息公开申请情况";
    rep->sections[3].printed = " 四、政府信息公开行政复议、行政诉讼情况";
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
    f = rf_nth(rep, "HEADING-STYLE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/2");
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
        rep = rf_clean_report(p, &gik_format_2021, 2023);
        rep->title = good[i];
        rf_run(rep, NULL);
        ck_assert_msg(rf_active(rep) == 0, "%s:%s", good[i], rf_dump(rep));
    }
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rep->title = "安达市吉星岗镇人民政府 政务公开 2024 年度报告";
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
    f = rf_nth(rep, "HEADING-STYLE", 0);
    ck_assert_str_eq(f->excerpt, rep->title);
    ck_assert_ptr_nonnull(strstr(f->message_en, "Non-standard report title"));
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rep->title = "辛店镇2024年政府信息公开工作报告";
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "HEADING-STYLE", 1);
}
END_TEST

START_TEST(test_format_version)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = rf_clean_report(p, &gik_format_2019, 2022);
    gik_finding *f;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 1);
    f = rf_nth(rep, "FORMAT-VERSION", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ASSERT_VALUES(f, 2021, 2019);
    ck_assert_ptr_nonnull(strstr(f->message, "国办公开办函〔2021〕30号"));
    rep = rf_clean_report(p, &gik_format_2021, 2020);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 1);
    ASSERT_VALUES(rf_nth(rep, "FORMAT-VERSION", 0), 2019, 2021);
    rep = rf_clean_report(p, &gik_format_2021, 2021);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FORMAT-VERSION", 0);
    rep = rf_clean_report(p, &gik_format_2021, 2021);
    rep->year = 0;
    rf_run(rep, NULL);
    ck_assert(rf_not_assessable(rep, "FORMAT-VERSION"));
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
    tcase_add_test(tc, test_b_outcome_sum_merged);
    tcase_add_test(tc, test_b_outcome_sum_2019);
    tcase_add_test(tc, test_b_column_sum);
    tcase_add_test(tc, test_b_column_sum_blank_total);
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
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
