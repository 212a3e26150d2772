/*
 * check_rules_stated.c - numbers the narrative states, judged under the
 * readings their words allow (gik_rules_stated.c): for every reading one
 * sentence that agrees with the table and one that does not, the issue's
 * own examples among them; and a misprinted section heading that is still
 * its section.
 *
 * The expected values are worked out by hand from the tables each test
 * sets, never taken from the code's output.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_parser.h"
#include "gik_parser_internal.h"
#include "rules_fixture.h"

/* Table B with every application in the 自然人 column, consistent:
 * outcome_total = granted + partly + unable, new = outcome_total + forward
 * - over. */
static void b_simple(gik_report *rep, double granted, double partly, double unable,
                     double over, double forward)
{
    static const char *const cols[] = { "natural_person", "total" };
    const gik_table *t = &rep->tables[GIK_TABLE_B];
    double done = granted + partly + unable;
    int i;
    for (i = 0; i < t->tmpl->nrows * t->tmpl->ncols; i++) {
        t->cells[i].value = 0;
    }
    for (i = 0; i < 2; i++) {
        rf_set(rep, GIK_TABLE_B, "new", cols[i], done + forward - over);
        rf_set(rep, GIK_TABLE_B, "carried_over", cols[i], over);
        rf_set(rep, GIK_TABLE_B, "granted", cols[i], granted);
        rf_set(rep, GIK_TABLE_B, "partly_granted", cols[i], partly);
        rf_set(rep, GIK_TABLE_B, "unable_not_held", cols[i], unable);
        rf_set(rep, GIK_TABLE_B, "outcome_total", cols[i], done);
        rf_set(rep, GIK_TABLE_B, "carried_forward", cols[i], forward);
    }
}

/* One row of table C with its 总计. */
static void c_row(gik_report *rep, const char *row, double upheld, double corrected,
                  double other, double pending)
{
    rf_set(rep, GIK_TABLE_C, row, "upheld", upheld);
    rf_set(rep, GIK_TABLE_C, row, "corrected", corrected);
    rf_set(rep, GIK_TABLE_C, row, "other", other);
    rf_set(rep, GIK_TABLE_C, row, "pending", pending);
    rf_set(rep, GIK_TABLE_C, row, "total", upheld + corrected + other + pending);
}

/* The fixture's clean report, section 一 holding only text (and the
 * accountability sentence every government report needs). */
static gik_report *saying(const char *text)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 1);
    rf_para(rep, 1, "全年未发生政府信息公开责任追究情况。");
    rf_para(rep, 1, text);
    return rep;
}

/* The text run over the fixture's tables (B: 7 new, 1 carried over, 4
 * granted, 1 partly, 7 concluded, 1 forward; C: 1 review, 1 lawsuit). */
static gik_report *checked(const char *text)
{
    gik_report *rep = saying(text);
    rf_run(rep, NULL);
    return rep;
}

/* The text run over a b_simple() table B. */
static gik_report *over_b(const char *text, double granted, double partly, double unable,
                          double over, double forward)
{
    gik_report *rep = saying(text);
    b_simple(rep, granted, partly, unable, over, forward);
    rf_run(rep, NULL);
    return rep;
}

#define ASSERT_CLEAN(rep) ck_assert_msg(rf_active(rep) == 0, "expected no finding:%s", rf_dump(rep))

/* The one finding of rule, with its severity and values. */
static gik_finding *only(gik_report *rep, const char *rule, gik_severity sev, double expected,
                         double actual)
{
    gik_finding *f;
    ASSERT_ONLY(rep, rule, 1);
    f = rf_nth(rep, rule, 0);
    ck_assert_msg(f->severity == sev, "severity %d, want %d: %s", f->severity, sev,
                  f->message_en);
    ASSERT_VALUES(f, expected, actual);
    ck_assert_ptr_nonnull(f->excerpt);
    return f;
}

#define HAS(s, sub) ck_assert_msg(strstr((s), (sub)) != NULL, "“%s” not in “%s”", (sub), (s))

/* ------------------------------------------------------------------ */
/* Table B */

START_TEST(test_received_new_or_with_carried_over)
{
    gik_report *rep;
    gik_finding *f;
    /* the district: 39 new + 1 carried over, the text says 40 */
    rep = over_b("收到政府信息公开申请40件，涉及自然人40件。", 30, 5, 4, 1, 1);  /* 39 new */
    ck_assert_msg(rf_count(rep, "TEXT-TABLE") == 2 && rf_active(rep) == 2, "%s", rf_dump(rep));
    f = rf_on(rep, "TEXT-TABLE", "new", "total");
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(f, 39, 40);
    /* both readings named, with their cells */
    HAS(f->message, "表三 一、本年新收 总计 为 39");
    HAS(f->message, "一、本年新收 + 二、上年结转 总计");
    HAS(f->message_en, "looser reading");
    ck_assert(rf_has_cell(f, "/tables/B/new/total"));
    ck_assert(rf_has_cell(f, "/tables/B/carried_over/total"));
    f = rf_on(rep, "TEXT-TABLE", "new", "natural_person");
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(f, 39, 40);
    /* the issue's own figures: 38 of the 39 new from natural persons, one
     * from a business; 自然人38件 is the strict reading */
    rep = saying("收到政府信息公开申请40件，涉及自然人38件。");
    b_simple(rep, 30, 5, 4, 1, 1);
    rf_set(rep, GIK_TABLE_B, "new", "natural_person", 38);
    rf_set(rep, GIK_TABLE_B, "granted", "natural_person", 29);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "natural_person", 38);
    rf_set(rep, GIK_TABLE_B, "new", "commercial", 1);
    rf_set(rep, GIK_TABLE_B, "granted", "commercial", 1);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "commercial", 1);
    rf_run(rep, NULL);
    f = only(rep, "TEXT-TABLE", GIK_SEV_WARNING, 39, 40);
    ck_assert_str_eq(f->row, "new");
    /* "含上年结转" says which reading it counts: no finding */
    ASSERT_CLEAN(over_b("收到政府信息公开申请40件（含上年结转申请1件）。", 30, 5, 4, 1, 1));
    /* the strict reading: no finding */
    rep = over_b("收到政府信息公开申请39件，涉及自然人39件。", 30, 5, 4, 1, 1);
    ASSERT_CLEAN(rep);
    /* no reading gives 41 */
    rep = over_b("本年度共收到41件政府信息公开申请。", 30, 5, 4, 1, 1);
    f = only(rep, "TEXT-TABLE", GIK_SEV_ERROR, 39, 41);
    ck_assert_int_eq(f->cells->nelts, 1);
    /* 洪泽区 2024: one office's share of the body's 95 is no contradiction,
     * but the text gives no figure for the table */
    f = only(checked("区政府办代表区政府受理政府信息公开申请5件。"), "TEXT-TABLE",
             GIK_SEV_WARNING, 7, 5);
    HAS(f->message_en, "counts only a part");
    only(checked("区政府办代表区政府受理政府信息公开申请9件。"), "TEXT-TABLE", GIK_SEV_ERROR,
         7, 9);
}
END_TEST

/* A PDF's layout text breaks a paragraph into lines: a line that ends
 * without a sentence end runs on into the next (洪泽区 2024). */
START_TEST(test_run_on_lines)
{
    gik_report *rep = saying("2024 年，全区受理政府");
    gik_finding *f;
    rf_para(rep, 1, "  信息公开申请 9 件，均已在法定期限内予以答复。");
    rf_run(rep, NULL);
    f = only(rep, "TEXT-TABLE", GIK_SEV_ERROR, 7, 9);
    ck_assert_str_eq(f->excerpt, "2024 年，全区受理政府信息公开申请 9 件，均已在法定期限内予以答复。");
    /* a sentence that ended does not run on into a new one */
    rep = saying("全年受理政府信息公开申请。");
    rf_para(rep, 1, "9件材料已归档。");
    rf_run(rep, NULL);
    ASSERT_CLEAN(rep);
}
END_TEST

/* Counts of other things in the same words are no claim about table B. */
START_TEST(test_other_subjects)
{
    ASSERT_CLEAN(checked("全年受理行政许可申请1200件，办理政务服务事项申请300件，自然人办件80件。"));
    ASSERT_CLEAN(checked("收到群众来信12件，受理投诉举报申请3件。"));
    /* 平潭 2021: the number before 申请 */
    ASSERT_CLEAN(checked("本年度共收到7件申请，及时依法依规办结7件，1件结转下年度继续办理。"));
    only(checked("本年度共收到6件申请。"), "TEXT-TABLE", GIK_SEV_ERROR, 7, 6);
}
END_TEST

/* A count that ends in 0 is no "依申请公开0件": 10 granted of 10 new. */
START_TEST(test_count_ending_in_zero)
{
    ASSERT_CLEAN(over_b("依申请公开予以公开10件。", 10, 0, 0, 0, 0));
    ASSERT_CLEAN(over_b("全年办理依申请公开20件。", 20, 0, 0, 0, 0));
    /* the zero itself still says none came in */
    only(over_b("依申请公开0件。", 10, 0, 0, 0, 0), "TEXT-TABLE", GIK_SEV_ERROR, 10, 0);
}
END_TEST

/* 办结, 答复 and 办结率 said of other matters (hotline tickets, licences,
 * deputies' proposals, online messages) are no claim about table B; said
 * with no subject, or of applications, they are. */
START_TEST(test_done_other_matters)
{
    ASSERT_CLEAN(checked("12345热线工单办结500件。"));
    ASSERT_CLEAN(checked("全年受理行政许可申请1200件，办结1200件。"));
    ASSERT_CLEAN(checked("全年共答复网民留言200件。"));
    ASSERT_CLEAN(checked("收到人大代表建议15件、政协提案20件，办结率90%。"));
    ASSERT_CLEAN(checked("政务服务中心全年办结事项5000件。"));
    only(checked("共办结6件。"), "TEXT-TABLE", GIK_SEV_ERROR, 7, 6);
    only(checked("全年收到政府信息公开申请7件，网上咨询3件，答复9件。"), "TEXT-TABLE",
         GIK_SEV_ERROR, 7, 9);
    only(checked("各类申请均在法定期限内办结，办结率90%。"), "TEXT-TABLE", GIK_SEV_ERROR,
         87.5, 90);
}
END_TEST

/* "3件申请结转至2025年" counts the carried-forward ones, not those received. */
START_TEST(test_forward_to_year)
{
    /* 1 carried forward */
    ASSERT_CLEAN(checked("2024年12月收到的1件申请结转至2025年办理。"));
    only(checked("2024年12月收到的3件申请结转至2025年办理。"), "TEXT-TABLE", GIK_SEV_ERROR,
         1, 3);
}
END_TEST

/* 办结率100% while some are carried forward (40 new, 1 forward, 39
 * concluded): all that were due were concluded -- a looser reading, named. */
START_TEST(test_done_rate_all_due)
{
    gik_finding *f = only(over_b("各类申请均在法定期限内办结，办结率100%。", 30, 5, 4, 0, 1),
                          "TEXT-TABLE", GIK_SEV_WARNING, 97.5, 100);
    HAS(f->message, "较宽的口径（只计当年应办结的申请");
    HAS(f->message_en, "only the applications due this year");
    only(over_b("办结率99%。", 30, 5, 4, 0, 1), "TEXT-TABLE", GIK_SEV_ERROR, 97.5, 99);
}
END_TEST

/* One sentence per reading over the fixture's tables (B: 7 new, 1 carried
 * over, 4 granted, 1 partly, 1 unable, 1 rejected, 7 concluded, 1 forward):
 * the finding it must give, or none (sev GIK_SEV_OFF). */
static const struct reading_case {
    const char *text;
    gik_severity sev;
    double expected, actual;
} reading_cases[] = {
    { "本年新收申请7件，上年结转1件，结转至2025年1件，另有1件顺延到下年度。", GIK_SEV_OFF, 0, 0 },
    { "本年新收申请8件。", GIK_SEV_ERROR, 7, 8 },
    { "上年结转申请2件。", GIK_SEV_ERROR, 1, 2 },
    { "3件结转下年度继续办理。", GIK_SEV_ERROR, 1, 3 },
    /* 办结 = 答复 = （七）总计; 办理 = new + carried over */
    { "共办结7件，答复7件，办理政府信息公开申请8件。", GIK_SEV_OFF, 0, 0 },
    { "共办结6件。", GIK_SEV_ERROR, 7, 6 },
    { "依法答复9件。", GIK_SEV_ERROR, 7, 9 },
    { "不予公开0件，无法提供1件，不予处理1件，其他处理0件。", GIK_SEV_OFF, 0, 0 },
    { "无法提供2件。", GIK_SEV_ERROR, 1, 2 },
    { "不予处理0件。", GIK_SEV_ERROR, 1, 0 },
    { "其他处理1件。", GIK_SEV_ERROR, 0, 1 },
    /* 办结率 = （七）总计 ÷ (本年新收 + 上年结转) = 7 ÷ 8; 7 ÷ 7 new is loose */
    { "办结率87.5%，按时办结率100%。", GIK_SEV_OFF, 0, 0 },
    { "办结率100%。", GIK_SEV_WARNING, 87.5, 100 },
    { "办结率90%。", GIK_SEV_ERROR, 87.5, 90 }
};

START_TEST(test_reading_cases)
{
    const struct reading_case *c = &reading_cases[_i];
    gik_report *rep = checked(c->text);
    if (c->sev == GIK_SEV_OFF) {
        ck_assert_msg(rf_active(rep) == 0, "%s:%s", c->text, rf_dump(rep));
        return;
    }
    only(rep, "TEXT-TABLE", c->sev, c->expected, c->actual);
}
END_TEST

START_TEST(test_answered_new)
{
    /* 答复 the new ones only (40 new, 1 forward, 39 concluded): loose */
    gik_report *rep = over_b("答复40件。", 30, 5, 4, 0, 1);
    HAS(only(rep, "TEXT-TABLE", GIK_SEV_WARNING, 39, 40)->message, "一、本年新收 总计");
}
END_TEST

START_TEST(test_granted)
{
    gik_report *rep;
    gik_finding *f;
    /* 予以公开及部分公开 = granted + partly granted = 5 */
    ASSERT_CLEAN(checked("其中予以公开及部分公开5件，予以公开4件，部分公开1件。"));
    f = only(checked("其中予以公开及部分公开6件。"), "TEXT-TABLE", GIK_SEV_ERROR, 5, 6);
    ck_assert_int_eq(f->cells->nelts, 2);
    /* 上海 2019: the number is one cell, and the message says which */
    rep = saying("其中予以公开及部分公开258件。");
    rf_set(rep, GIK_TABLE_B, "granted", "natural_person", 258);
    rf_set(rep, GIK_TABLE_B, "granted", "total", 259);
    rf_set(rep, GIK_TABLE_B, "new", "natural_person", 260);
    rf_set(rep, GIK_TABLE_B, "new", "total", 262);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "natural_person", 260);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "total", 262);
    rf_run(rep, NULL);
    f = only(rep, "TEXT-TABLE", GIK_SEV_ERROR, 260, 258);
    HAS(f->message, "恰为 （一）予以公开 自然人");
    HAS(f->message_en, "[granted], column 自然人 [natural_person]");
    /* 予以公开 said of both: loose */
    f = only(checked("予以公开5件。"), "TEXT-TABLE", GIK_SEV_WARNING, 4, 5);
    HAS(f->message, "（一）予以公开 + （二）部分公开 总计");
    only(checked("予以公开6件。"), "TEXT-TABLE", GIK_SEV_ERROR, 4, 6);
}
END_TEST

START_TEST(test_other_handling_2019)
{
    /* the 2019 format prints （六）其他处理 as one row */
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2019, 2020);
    rf_para(rep, 1, "其他处理2件。");
    rf_run(rep, NULL);
    only(rep, "TEXT-TABLE", GIK_SEV_ERROR, 0, 2);
    ck_assert_str_eq(rf_nth(rep, "TEXT-TABLE", 0)->row, "other");
}
END_TEST

START_TEST(test_shares)
{
    gik_report *rep;
    gik_finding *f;
    /* 20 granted of 59 concluded: 33.898…% */
    rep = over_b("办结59件，其中予以公开20件，占33.9%；无法提供39件，占比66.10%。",
                 20, 0, 39, 0, 0);
    ASSERT_CLEAN(rep);
    rep = over_b("予以公开20件，占35.9%。", 20, 0, 39, 0, 0);
    f = only(rep, "TEXT-TABLE", GIK_SEV_ERROR, 33.9, 35.9);
    HAS(f->message, "占 35.9%");
    HAS(f->message, "（一）予以公开 总计 ÷ （七）总计 总计 为 33.90%");
    /* a share of the new applications (60), not of those concluded: loose */
    rep = over_b("予以公开20件，占33.33%。", 20, 0, 39, 0, 1);  /* 59 concluded, 60 new */
    f = only(rep, "TEXT-TABLE", GIK_SEV_WARNING, 33.9, 33.33);
    HAS(f->message, "较宽的口径 （一）予以公开 总计 ÷ 一、本年新收 总计");
}
END_TEST

START_TEST(test_blank_total)
{
    /* 一、本年新收 总计 printed blank: the row's 7 is what the text meets */
    gik_report *rep = saying("收到政府信息公开申请7件。");
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_B, "new", "total", GIK_CELL_BLANK, 0),
                     0);
    rf_run(rep, NULL);
    ck_assert_msg(rf_count(rep, "TEXT-TABLE") == 0, "%s", rf_dump(rep));
    rep = saying("收到政府信息公开申请9件。");
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "total", GIK_CELL_BLANK, 0);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "TEXT-TABLE"), 1);
    ASSERT_VALUES(rf_nth(rep, "TEXT-TABLE", 0), 7, 9);
    /* BOILERPLATE: a blank 总计 over 5 applications is no empty table ... */
    rep = saying("严格按照法定程序和期限办理依申请公开事项。");
    b_simple(rep, 5, 0, 0, 0, 0);
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "total", GIK_CELL_BLANK, 0);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "BOILERPLATE"), 0);
    /* ... but over none it is */
    rep = saying("严格按照法定程序和期限办理依申请公开事项。");
    b_simple(rep, 0, 0, 0, 0, 0);
    gik_report_set_cell(rep, GIK_TABLE_B, "new", "total", GIK_CELL_BLANK, 0);
    rf_run(rep, NULL);
    ck_assert_msg(rf_count(rep, "BOILERPLATE") == 1, "%s", rf_dump(rep));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Table C */

/* The city: 131 lawsuits, 11 pending, 5 corrected. */
static gik_report *city(const char *text)
{
    gik_report *rep = saying(text);
    c_row(rep, "litigation_direct", 100, 5, 15, 11);
    c_row(rep, "litigation_after_review", 0, 0, 0, 0);
    rf_run(rep, NULL);
    return rep;
}

START_TEST(test_litigation_concluded)
{
    gik_finding *f;
    /* 120 = 131 - 11 pending, and the sentence goes on to results */
    ASSERT_CLEAN(city("全年一审行政诉讼案件120件，结果纠正5件。"));
    ASSERT_CLEAN(city("行政诉讼131件，其中结果维持100件，结果纠正5件，其他结果15件，尚未审结11件。"));
    f = only(city("全年一审行政诉讼案件121件，结果纠正5件。"), "REVIEW-TEXT", GIK_SEV_ERROR,
             131, 121);
    HAS(f->message, "表四 行政诉讼 未经复议直接起诉 + 行政诉讼 复议后起诉 总计 为 131");
    /* the concluded count with no word of results: loose */
    f = only(city("被提起行政诉讼120件。"), "REVIEW-TEXT", GIK_SEV_WARNING, 131, 120);
    HAS(f->message, "总计 − 尚未审结");
    ck_assert(rf_has_cell(f, "/tables/C/litigation_direct/pending"));
}
END_TEST

START_TEST(test_results)
{
    gik_finding *f;
    f = only(city("行政诉讼131件，其中结果纠正6件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 5, 6);
    ck_assert_str_eq(f->column, "corrected");
    ck_assert(rf_has_cell(f, "/tables/C/litigation_after_review/corrected"));
    only(city("行政诉讼131件，尚未审结10件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 11, 10);
    only(city("行政诉讼131件，审结121件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 120, 121);
    /* the subject is the last one named: 复议 here, whose row is upheld 1 */
    ASSERT_CLEAN(city("行政诉讼131件；行政复议1件，结果维持1件。"));
    only(city("行政诉讼131件；行政复议1件，结果维持2件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 1, 2);
    /* both together: 1 review + 131 lawsuits */
    ASSERT_CLEAN(city("因政府信息公开被申请行政复议和提起行政诉讼共132件。"));
    only(city("行政复议和行政诉讼共131件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 132, 131);
    /* 维持 of nothing named is not read */
    ASSERT_CLEAN(city("维持3件原有栏目。"));
}
END_TEST

/* A body that decides reviews for others (行政复议机关) counts the cases it
 * decided, which table C does not hold: no claim about it. */
START_TEST(test_review_body)
{
    ASSERT_CLEAN(city("本机关作为行政复议机关，全年共办理行政复议案件120件，审结100件，纠错率12.5%。"));
    ASSERT_CLEAN(city("市政府作为复议机关共收到行政复议申请56件，审结50件。"));
    only(city("本机关被申请行政复议3件。"), "REVIEW-TEXT", GIK_SEV_ERROR, 1, 3);
    /* the 复议机关 that decided a review against the body: still read */
    ck_assert_int_ge(rf_count(city("本机关被申请行政复议3件，复议机关维持1件。"), "REVIEW-TEXT"), 1);
}
END_TEST

/* "未发生…被纠错/败诉的情况" denies corrections, not cases: it is met by
 * the 结果纠正 cells (the city: 5 lawsuits corrected, none of its review). */
START_TEST(test_no_correction_denied)
{
    gik_finding *f;
    ASSERT_CLEAN(city("全年未发生政府信息公开行政复议案件被纠错的情况。"));
    f = only(city("全年未发生政府信息公开行政复议和行政诉讼案件被纠错的情况。"), "REVIEW-TEXT",
             GIK_SEV_ERROR, 5, 0);
    ck_assert_str_eq(f->column, "corrected");
    HAS(f->message, "结果纠正");
    /* cases denied: the 总计 */
    only(city("全年未发生政府信息公开行政诉讼。"), "REVIEW-TEXT", GIK_SEV_ERROR, 131, 0);
}
END_TEST

/* 新增 applications is 本年新收 (7). */
START_TEST(test_new_added)
{
    ASSERT_CLEAN(checked("本年度新增政府信息公开申请7件。"));
    only(checked("本年度新增政府信息公开申请9件。"), "TEXT-TABLE", GIK_SEV_ERROR, 7, 9);
    ASSERT_CLEAN(checked("本年度新增行政许可申请900件。"));
}
END_TEST

START_TEST(test_correction_rate)
{
    /* 5 corrected ÷ 120 concluded = 4.1666…%; ÷ 131 = 3.816…% */
    ASSERT_CLEAN(city("行政诉讼纠错率4.17%。"));
    ASSERT_CLEAN(city("行政诉讼纠错率为4.1%。"));      /* cut, not rounded */
    only(city("行政诉讼纠错率3.82%。"), "REVIEW-TEXT", GIK_SEV_WARNING, 4.17, 3.82);
    only(city("行政诉讼纠错率5%。"), "REVIEW-TEXT", GIK_SEV_ERROR, 4.17, 5);
}
END_TEST

/* A heading wrapped over two lines (pdftotext -layout, a narrow column):
 * "四、政府信息公开行政复议、行政" / "诉讼情况".  The heading is whole on the
 * page: no HEADING-STYLE.  Cut short with nothing to continue it, it is
 * still a misprint. */
START_TEST(test_wrapped_heading)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *seed = gik_test_read(p, gik_test_seeds[0], &len), *at, *page;
    const char *right = "四、政府信息公开行政复议、行政诉讼情况";
    gik_report *rep;
    at = strstr(seed, right);
    ck_assert_ptr_nonnull(at);
    page = apr_pstrcat(p, apr_pstrmemdup(p, seed, (apr_size_t)(at - seed)),
                       "四、政府信息公开行政复议、行政\n诉讼情况", at + strlen(right), NULL);
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert(rep->is_report);
    ck_assert(rep->sections[3].present);
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 0);

    page = apr_pstrcat(p, apr_pstrmemdup(p, seed, (apr_size_t)(at - seed)),
                       "四、政府信息公开行政复议、行政", at + strlen(right), NULL);
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert(rep->sections[3].present);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    HAS(rf_nth(rep, "HEADING-STYLE", 0)->message, "缺少“诉讼情况”");
}
END_TEST

/* ------------------------------------------------------------------ */
/* A misprinted section heading */

START_TEST(test_misprinted_heading)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *page = gik_test_read(p, gik_test_seeds[0], &len), *at;
    const char *right = "四、政府信息公开行政复议、行政诉讼情况";
    const char *wrong = "四、政府信息公开行政法复议、行政诉讼情况";
    gik_report *rep;
    gik_finding *f;
    at = strstr(page, right);
    ck_assert_ptr_nonnull(at);
    page = apr_pstrcat(p, apr_pstrmemdup(p, page, (apr_size_t)(at - page)), wrong,
                       at + strlen(right), NULL);
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert(rep->is_report);
    ck_assert(rep->sections[3].present);
    ck_assert_str_eq(rep->sections[3].printed, wrong);
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    f = rf_nth(rep, "HEADING-STYLE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(f->excerpt, wrong);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/3");
    HAS(f->message, "多出“法”");
    HAS(f->message_en, "“法” added");
    /* unnumbered, in a heading element: the one title that near */
    {
        apr_size_t n;
        const char *cms = gik_test_read(p, "t/fixtures/generated/cms-utf-8-2019.html", &n);
        const char *h = "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>";
        const char *hit = strstr(cms, h);
        ck_assert_ptr_nonnull(hit);
        const char *page2 = apr_pstrcat(p, apr_pstrmemdup(p, cms, (apr_size_t)(hit - cms)),
                                        "<h2>政府信息公开行政法复议、行政诉讼情况</h2>",
                                        hit + strlen(h), NULL);
        rep = gik_parse_buffer(p, NULL, page2, strlen(page2));
        ck_assert(rep->sections[3].present);
        ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
        ck_assert_ptr_nonnull(strstr(rf_nth(rep, "HEADING-STYLE", 0)->message, "多出“法”"));
    }
    /* a heading of another section's words under 四 is no misprint of it */
    at = strstr(page, wrong);
    page = apr_pstrcat(p, apr_pstrmemdup(p, page, (apr_size_t)(at - page)),
                       "四、主动公开政府信息情况", at + strlen(wrong), NULL);
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 1);
}
END_TEST

/* Seed 000 with one heading printed another way. */
static gik_report *seed_heading(const char *right, const char *printed)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *page = gik_test_read(p, gik_test_seeds[0], &len);
    char *at = strstr(page, right);
    ck_assert_ptr_nonnull(at);
    page = apr_pstrcat(p, apr_pstrmemdup(p, page, (apr_size_t)(at - page)), printed,
                       at + strlen(right), NULL);
    return gik_parse_buffer(p, NULL, page, strlen(page));
}

/* "（四）" for "四、": the section, numbered off the format; a sub-heading
 * "（一）主动公开情况" of section 一 stays no heading of 二. */
START_TEST(test_parenthesised_heading)
{
    const char *four = "四、政府信息公开行政复议、行政诉讼情况";
    gik_report *rep = seed_heading(four, "（四）政府信息公开行政复议、行政诉讼情况");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    HAS(rf_nth(rep, "HEADING-STYLE", 0)->message, "（四）政府信息公开行政复议、行政诉讼情况");
    rep = seed_heading(four, "（四）政府信息公开行政法复议、行政诉讼情况");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert(rep->sections[3].present && rep->sections[3].misprinted);
    /* the numeral must be the section's own */
    rep = seed_heading(four, "（三）政府信息公开行政复议、行政诉讼情况");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 1);
    rep = seed_heading("（一）主动公开：", "（二）主动公开政府信息情况\n\n");
    ck_assert_int_eq(rep->sections[1].order, 1);
    rep = seed_heading("（一）主动公开：", "（一）主动公开政府信息情况\n\n");
    ck_assert_int_eq(rep->sections[1].order, 1);
}
END_TEST

/* A paragraph that is a section's title and nothing else is its heading,
 * unnumbered (HEADING-STYLE), also in text; a sentence that names it is not. */
START_TEST(test_unnumbered_title_paragraph)
{
    const char *four = "四、政府信息公开行政复议、行政诉讼情况";
    gik_report *rep = seed_heading(four, "政府信息公开行政复议、行政诉讼情况");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    rep = seed_heading(four, "政府信息公开行政复议、行政诉讼情况如下表");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 1);
}
END_TEST

/* "四、存在的主要问题及改进情况" over table C, and later the real
 * "五、存在的主要问题及改进情况": two headings of 五, the first under 四's
 * numeral, is 四 with another section's title -- not a missing 四. */
START_TEST(test_heading_of_another_section)
{
    const char *four = "四、政府信息公开行政复议、行政诉讼情况";
    const char *wrong = "四、存在的主要问题及改进情况";
    gik_report *rep = seed_heading(four, wrong);
    gik_finding *f;
    ck_assert_msg(rf_count(rep, "SECTION-MISSING") == 0, "%s", rf_dump(rep));
    ck_assert_int_eq(rf_count(rep, "SECTION-ORDER"), 0);
    ck_assert_str_eq(rep->sections[3].printed, wrong);
    ck_assert_str_eq(rep->sections[4].printed, "五、存在的主要问题及改进情况");
    ck_assert_int_eq(rep->sections[3].order, 3);
    ck_assert_int_eq(rep->sections[4].order, 4);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    f = rf_nth(rep, "HEADING-STYLE", 0);
    ck_assert_str_eq(f->excerpt, wrong);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/3");
    /* section 五's narrative stays 五's */
    ck_assert_int_gt(rep->sections[4].paragraphs->nelts, 3);
    /* the brief's "四、政府信息公开工作存在的主要问题" likewise */
    rep = seed_heading(four, "四、政府信息公开工作存在的主要问题");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert(rep->sections[3].present && rep->sections[3].misprinted);
}
END_TEST

/* A heading found by its words with a slip elsewhere in its title is still
 * misprinted, and said: "请申" for "申请", a doubled "况". */
START_TEST(test_misprint_beside_keywords)
{
    gik_report *rep = seed_heading("三、收到和处理政府信息公开申请情况",
                                   "三、收到和处理政府信息公开请申情况");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    HAS(rf_nth(rep, "HEADING-STYLE", 0)->message, "“请申”应为“申请”");
    rep = seed_heading("二、主动公开政府信息情况", "二、主动公开政府信息情况况");
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 1);
    HAS(rf_nth(rep, "HEADING-STYLE", 0)->message, "多出“况”");
    /* a wording far from the title is a variant, read without a word */
    rep = seed_heading("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况");
    ck_assert_int_eq(rf_count(rep, "HEADING-STYLE"), 0);
}
END_TEST

/* A numbered list item in running text that names a section's words and
 * goes on past them is no heading: section 三 does not open inside 一. */
START_TEST(test_list_item_not_heading)
{
    gik_report *rep = seed_heading("（四）政府信息公开平台建设：",
                                   "三、收到和处理政府信息公开申请工作扎实\n\n（四）政府信息公开平台建设：");
    ck_assert_int_eq(rf_count(rep, "SECTION-ORDER"), 0);
    ck_assert_str_eq(rep->sections[2].printed, "三、收到和处理政府信息公开申请情况");
    /* a title's wording still is one */
    rep = seed_heading("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请。");
    ck_assert_int_eq(rf_count(rep, "SECTION-MISSING"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_stated");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_received_new_or_with_carried_over);
    tcase_add_test(tc, test_run_on_lines);
    tcase_add_test(tc, test_other_subjects);
    tcase_add_loop_test(tc, test_reading_cases, 0,
                        (int)(sizeof(reading_cases) / sizeof(reading_cases[0])));
    tcase_add_test(tc, test_answered_new);
    tcase_add_test(tc, test_granted);
    tcase_add_test(tc, test_other_handling_2019);
    tcase_add_test(tc, test_shares);
    tcase_add_test(tc, test_blank_total);
    tcase_add_test(tc, test_litigation_concluded);
    tcase_add_test(tc, test_results);
    tcase_add_test(tc, test_correction_rate);
    tcase_add_test(tc, test_review_body);
    tcase_add_test(tc, test_no_correction_denied);
    tcase_add_test(tc, test_new_added);
    tcase_add_test(tc, test_count_ending_in_zero);
    tcase_add_test(tc, test_done_other_matters);
    tcase_add_test(tc, test_forward_to_year);
    tcase_add_test(tc, test_done_rate_all_due);
    tcase_add_test(tc, test_parenthesised_heading);
    tcase_add_test(tc, test_unnumbered_title_paragraph);
    tcase_add_test(tc, test_heading_of_another_section);
    tcase_add_test(tc, test_misprint_beside_keywords);
    tcase_add_test(tc, test_list_item_not_heading);
    tcase_add_test(tc, test_misprinted_heading);
    tcase_add_test(tc, test_wrapped_heading);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
