/*
 * check_rules_text.c - the narrative rules (TEXT-TABLE, REVIEW-TEXT,
 * BOILERPLATE, ACCOUNTABILITY, RECTIFICATION, FEE-STATEMENT, ARTIFACT) and
 * those that look beyond the page (LATE, TOWNSHIP-REGULATIONS,
 * YEAR-MISMATCH, PREV-YEAR, COPY-PREV-YEAR), on hand-built reports with the
 * seeds' own sentences.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "rules_fixture.h"

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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 1);
    rf_para(rep, 1, "（五）监督保障：全年未发生政府信息公开责任追究情况。");
    rf_para(rep, section, text);
    return rep;
}

START_TEST(test_text_table_counts)
{
    gik_report *rep = with_text(1, "本年度共收到政府信息公开申请三十七件，其中予以公开四件。");
    gik_finding *f;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = rf_on(rep, "TEXT-TABLE", "new", "total");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->table, 'B');
    ck_assert_int_eq(f->cells->nelts, 1);
    ck_assert_str_eq(rf_cell(f, 0), "/tables/B/new/total");
    ASSERT_VALUES(f, 7, 37);
    ck_assert_str_eq(f->excerpt, "本年度共收到政府信息公开申请三十七件，其中予以公开四件。");
    ck_assert_ptr_nonnull(strstr(f->message, "表三 一、本年新收 总计 为 7"));
    /* agreeing numbers, written every way */
    rep = with_text(1, "新收政府信息公开申请七件，上年结转１件，办结7件，结转下年度一件；"
                       "予以公开4件，部分公开1件，不予公开0件。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 0);
    rep = with_text(3, "本年新收申请一百零五件，上年结转两件。");
    rf_set(rep, GIK_TABLE_B, "new", "natural_person", 103);
    rf_set(rep, GIK_TABLE_B, "new", "total", 105);
    rf_set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 99);
    rf_set(rep, GIK_TABLE_B, "carried_forward", "total", 99);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    ASSERT_VALUES(rf_on(rep, "TEXT-TABLE", "carried_over", "total"), 1, 2);
}
END_TEST

START_TEST(test_text_table_granted_both)
{
    /* 上海 2019: 258 is the 自然人 cell, the text means 予以公开 + 部分公开 */
    gik_report *rep = with_text(1, "其中予以公开及部分公开258件。");
    gik_finding *f;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = rf_on(rep, "TEXT-TABLE", "granted", "total");
    ck_assert_int_eq(f->cells->nelts, 2);
    ck_assert_str_eq(rf_cell(f, 1), "/tables/B/partly_granted/total");
    ASSERT_VALUES(f, 5, 258);
    ck_assert_ptr_nonnull(strstr(f->message, "（一）予以公开 + （二）部分公开"));
}
END_TEST

START_TEST(test_text_table_none_received)
{
    gik_report *rep = with_text(1, "（二）依申请公开：设立了线上线下多渠道受理依申请公开事项。"
                                   "全年未收到依申请公开事项。");
    gik_finding *f;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TEXT-TABLE", 1);
    f = rf_on(rep, "TEXT-TABLE", "new", "total");
    ASSERT_VALUES(f, 7, 0);
    ck_assert_str_eq(f->excerpt, "全年未收到依申请公开事项。");
    /* the same text over an empty table is right (seed 000, 004) */
    rep = with_text(1, "2024 年，我乡无依申请公开事项。");
    rf_set(rep, GIK_TABLE_B, "new", "total", 0);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "TEXT-TABLE"), 0);
    /* review and petitions are other subjects */
    rep = with_text(1, "全年未收到行政复议申请，受理行政复议申请2件，受理群众投诉3件。");
    rf_run(rep, NULL);
    ck_assert_msg(rf_count(rep, "TEXT-TABLE") == 0, "%s", rf_dump(rep));
}
END_TEST

START_TEST(test_review_text)
{
    gik_report *rep = with_text(4, "本年度未发生因政府信息公开工作被申请行政复议、"
                                   "提起行政诉讼的情况。");
    gik_finding *f;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "REVIEW-TEXT", 1);
    f = rf_nth(rep, "REVIEW-TEXT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(f->row, "review");
    ck_assert_int_eq(f->cells->nelts, 3);
    ck_assert_str_eq(rf_cell(f, 2), "/tables/C/litigation_after_review/total");
    ASSERT_VALUES(f, 2, 0);
    ck_assert_str_eq(f->excerpt, "本年度未发生因政府信息公开工作被申请行政复议、"
                     "提起行政诉讼的情况。");
    /* a count against the table */
    rep = with_text(4, "被申请行政复议两件，行政诉讼1件。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "REVIEW-TEXT", 1);
    f = rf_on(rep, "REVIEW-TEXT", "review", "total");
    ASSERT_VALUES(f, 1, 2);
    ck_assert_int_eq(f->cells->nelts, 1);
    /* a denial that matches the table passes */
    rep = with_text(4, "未发生行政复议、行政诉讼。");
    rf_set(rep, GIK_TABLE_C, "review", "upheld", 0);
    rf_set(rep, GIK_TABLE_C, "review", "total", 0);
    rf_set(rep, GIK_TABLE_C, "litigation_direct", "pending", 0);
    rf_set(rep, GIK_TABLE_C, "litigation_direct", "total", 0);
    rf_clear_section(rep, 1);
    rf_para(rep, 1, "全年未发生政府信息公开责任追究情况。");
    rf_run(rep, NULL);
    ck_assert_msg(rf_active(rep) == 0, "%s", rf_dump(rep));
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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    const gik_table *t = &rep->tables[GIK_TABLE_B];
    int i;
    for (i = 0; i < t->tmpl->nrows * t->tmpl->ncols; i++) {
        t->cells[i].value = 0;
    }
    rf_clear_section(rep, 1);
    rf_para(rep, 1, "全年未发生政府信息公开责任追究情况。");
    rf_para(rep, 1, text);
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
        rf_run(rep, NULL);
        ASSERT_ONLY(rep, "BOILERPLATE", 1);
        f = rf_nth(rep, "BOILERPLATE", 0);
        ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
        ck_assert_int_eq(f->cells->nelts, 2);
        ck_assert_str_eq(rf_cell(f, 0), "/tables/B/new/total");
        ck_assert_str_eq(rf_cell(f, 1), "/tables/B/carried_over/total");
        ck_assert_ptr_nonnull(f->excerpt);
    }
    ck_assert_str_eq(f->excerpt, "本年度，策勒乡政府严格按照法定程序和期限进行处理依法申请"
                     "公开事宜，及时登记并与申请人沟通，准确了解其需求。");
    for (i = 0; pass[i]; i++) {
        rep = empty_b(pass[i]);
        rf_run(rep, NULL);
        ck_assert_msg(rf_active(rep) == 0, "%s:%s", pass[i], rf_dump(rep));
    }
    /* handled applications that the table counts are no boilerplate */
    rep = with_text(1, SEED003_7);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "BOILERPLATE"), 0);
}
END_TEST

START_TEST(test_accountability)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_clear_section(rep, 1);
    /* seed 002: mechanisms, no result */
    rf_para(rep, 1, "四是完善政府信息发布保密审查机制。明确有关保密审查的职责分工审查程序和"
                 "责任追究办法，确保不发生泄密问题。");
    rf_para(rep, 1, "六是完善政府信息公开责任追究机制。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 1);
    f = rf_nth(rep, "ACCOUNTABILITY", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(f->message, "责任追究"));
    /* seed 004 line 31 */
    rf_para(rep, 1, "自觉接受社会评议，保障政府信息公开工作落到实处。2024 年我乡未发生政务公开"
                 "责任追究情况。");
    rep->findings->nelts = 0;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
    /* other wordings of a result */
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 1);
    rf_para(rep, 1, "本年度因政府信息公开工作被责任追究0人。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
    /* a county government must say it too, a department need not */
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 1);
    rep->organization = "鲁山县人民政府";
    rep->signed_date = rep->published = "2025-03-01";
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 1);
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 1);
    rep->organization = "鲁山县教育局";
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ACCOUNTABILITY", 0);
}
END_TEST

START_TEST(test_rectification)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_clear_section(rep, 5);
    rf_para(rep, 5, "一是信息收集与整理滞后。二是公开渠道利用不充分。");
    rf_para(rep, 5, "2025年，我镇将继续加强政府信息公开工作。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 1);
    f = rf_nth(rep, "RECTIFICATION", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_INFO);
    ck_assert_str_eq(rf_cell(f, 0), "/sections/4");
    rf_para(rep, 5, "针对2023年度报告中存在的问题，我镇已全部完成整改。");
    rep->findings->nelts = 0;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 0);
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_clear_section(rep, 5);
    rf_para(rep, 5, "去年查摆的问题均已整改到位。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "RECTIFICATION", 0);
}
END_TEST

START_TEST(test_fee_statement)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_clear_section(rep, 6);
    rf_para(rep, 6, "无");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 1);
    f = rf_nth(rep, "FEE-STATEMENT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(f->excerpt, "无");
    ck_assert_str_eq(rf_cell(f, 0), "/sections/5");
    /* seed 000 line 94 */
    rf_clear_section(rep, 6);
    rf_para(rep, 6, "依据《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》"
                 "（国办函〔2020〕109号）规定，本年度未收取政府信息公开处理费。");
    rep->findings->nelts = 0;
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 0);
    /* the 2019 format does not ask for it */
    rep = rf_clean_report(gik_test_pool(), &gik_format_2019, 2020);
    rf_clear_section(rep, 6);
    rf_para(rep, 6, "无");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "FEE-STATEMENT", 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* ARTIFACT */

START_TEST(test_artifact)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2023);
    gik_finding *f;
    rep->title = "刘振屯镇人民政府 2023 年政府信息公开工作年度 报告";
    /* seed 001 lines 7, 11, 27 */
    rf_para(rep, 1, "不断完善政府信息公开配套制度和 Work 规范,切实丰富政府信息公开的载体和形式。");
    rf_para(rep, 1, "结合重点工作,选取与企业 and 群众密切相关的领域进行公开。");
    rf_para(rep, 1, "定期不定期网上巡查实地巡查制度和 Work 通报制度,进一步加强监督管理。");
    /* seed 003 line 394 */
    rf_para(rep, 6, "[bookmark: _GoBack]策勒乡人民政府在2024年度政府信息公开工作中，"
                 "未产生信息公开处理费。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "ARTIFACT", 4);
    f = rf_nth(rep, "ARTIFACT", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(f->excerpt, "和 Work 规范"));
    ck_assert_ptr_nonnull(strstr(f->message, "“Work”"));
    ck_assert_ptr_nonnull(strstr(rf_nth(rep, "ARTIFACT", 1)->excerpt, "企业 and 群众"));
    ck_assert_ptr_nonnull(strstr(rf_nth(rep, "ARTIFACT", 2)->excerpt, "Work 通报"));
    f = rf_nth(rep, "ARTIFACT", 3);
    ck_assert_ptr_nonnull(strstr(f->excerpt, "[bookmark: _GoBack]"));
    ck_assert_ptr_nonnull(strstr(f->message_en, "“[bookmark: _GoBack]”"));
}
END_TEST

START_TEST(test_artifact_allowed)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rf_para(rep, 1, "通过微信公众号、APP 和 Word 文档发布信息，提供 PDF 下载，登录 OA 系统办理。");
    rf_para(rep, 1, "群众可访问 http://www.gov.cn 或发送邮件至 gk@163.com 咨询，拨打 12345 热线。");
    rf_para(rep, 1, "实现 Wi-Fi 全覆盖，使用 QQ 群和 WPS 办公，GDP 增长。");
    /* seed sentences with Latin nowhere near */
    rf_para(rep, 1, "2024 年度，背孜乡通过微信公众号发布信息总计 90 条。");
    rf_run(rep, NULL);
    ck_assert_msg(rf_active(rep) == 0, "%s", rf_dump(rep));
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
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
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
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 0);
    rep = signed_by("辛店镇", "2025-02-15");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    f = rf_nth(rep, "LATE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(f, 20250131, 20250215);
    ck_assert_str_eq(f->message_en, "Signed 2025-02-15, after the deadline 2025-01-31 for the "
                     "2024 report of a township or street office");
    rep = signed_by("吉星岗镇人民政府", "2025-04-02");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    f = rf_nth(rep, "LATE", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ASSERT_VALUES(f, 20250331, 20250402);
    /* department: 31 January; government: 31 March, warnings only */
    rep = signed_by("鲁山县教育局", "2025-02-01");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 1);
    ck_assert_int_eq(rf_nth(rep, "LATE", 0)->severity, GIK_SEV_WARNING);
    ASSERT_VALUES(rf_nth(rep, "LATE", 0), 20250131, 20250201);
    rep = signed_by("鲁山县人民政府", "2025-03-20");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "LATE", 0);
    rep = signed_by("鲁山县人民政府", "2025-06-01");
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "LATE"), 1);
    ck_assert_int_eq(rf_nth(rep, "LATE", 0)->severity, GIK_SEV_WARNING);
    /* no date, or a body of unknown kind: not assessable */
    rep = signed_by("辛店镇", NULL);
    rf_run(rep, NULL);
    ck_assert(rf_not_assessable(rep, "LATE"));
    ck_assert_int_eq(rf_count(rep, "LATE"), 0);
    /* configured deadlines and kind */
    cfg = gik_rule_config_make(p);
    cfg->township_warn_mmdd = 220;
    rep = signed_by("辛店镇", "2025-02-15");
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(rf_count(rep, "LATE"), 0);
    cfg->body_kind = GIK_BODY_DEPARTMENT;
    rep = signed_by("辛店镇", "2025-02-15");
    gik_rules_run(rep, NULL, cfg);
    ck_assert_int_eq(rf_count(rep, "LATE"), 1);
}
END_TEST

START_TEST(test_township_regulations)
{
    gik_report *rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    gik_finding *f;
    rf_set(rep, GIK_TABLE_A, "regulations", "issued", 1);
    rf_set(rep, GIK_TABLE_A, "regulations", "in_force", 1);
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "TOWNSHIP-REGULATIONS", 2);
    f = rf_on(rep, "TOWNSHIP-REGULATIONS", "regulations", "issued");
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_str_eq(rf_cell(f, 0), "/tables/A/regulations/issued");
    ASSERT_VALUES(f, 0, 1);
    ck_assert_ptr_nonnull(strstr(f->message, "本年制发件数 为 1"));
    rep = rf_clean_report(gik_test_pool(), &gik_format_2021, 2024);
    rep->organization = "平顶山市人民政府";
    rep->signed_date = rep->published = "2025-03-01";
    rf_set(rep, GIK_TABLE_A, "regulations", "issued", 1);
    rf_set(rep, GIK_TABLE_A, "regulations", "in_force", 1);
    rf_run(rep, NULL);
    ck_assert_int_eq(rf_count(rep, "TOWNSHIP-REGULATIONS"), 0);
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
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rep->preamble->nelts = 0;
    rf_para(rep, 0, "2023年，我镇认真贯彻落实《条例》。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    f = rf_nth(rep, "YEAR-MISMATCH", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_str_eq(rf_cell(f, 0), "/year");
    ASSERT_VALUES(f, 2024, 2023);
    ck_assert_str_eq(f->excerpt, "2023年，我镇认真贯彻落实《条例》。");
    /* statistics period, with the extractor's spaces */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rf_para(rep, 1, "内容涵盖吉星岗镇政府 2023 年 1 月 1 日至 12 月 31 日期间的政府信息公开工作情况。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    ASSERT_VALUES(rf_nth(rep, "YEAR-MISMATCH", 0), 2024, 2023);
    ck_assert_ptr_nonnull(strstr(rf_nth(rep, "YEAR-MISMATCH", 0)->message, "统计期限"));
    /* history beside this year's opening is no contradiction */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rf_para(rep, 1, "2023年，我镇被评为省级政务公开示范镇。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 0);
    /* plans and last year's problems are no contradiction */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rf_para(rep, 1, "内容涵盖 2024 年 1 月 1 日至 12 月 31 日。2025年，我镇将继续深化政务公开。");
    rf_para(rep, 5, "2023年，我镇存在的问题已整改。2025年，我镇将加强培训。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 0);
    /* no opening sentence: the year named most, when the title's is never named */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rep->preamble->nelts = 0;
    rf_para(rep, 1, "我镇在2023年公开信息90条，2023年全年未收到投诉。");
    rf_run(rep, NULL);
    ASSERT_ONLY(rep, "YEAR-MISMATCH", 1);
    ASSERT_VALUES(rf_nth(rep, "YEAR-MISMATCH", 0), 2024, 2023);
    rf_para(rep, 1, "2024年度，我镇持续推进。");
    rep->findings->nelts = 0;
    rf_run(rep, NULL);
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
    gik_report *prev = rf_clean_report(p, fmt, year);
    rf_clear_narrative(prev);
    rf_para(prev, 1, NARRATIVE_B);
    return prev;
}

START_TEST(test_prev_year)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = rf_clean_report(p, &gik_format_2021, 2024);
    gik_report *prev = prev_report(p, &gik_format_2021, 2023);
    gik_finding *f;
    prev->organization = "辛店镇人民政府";
    rf_run(rep, prev);
    ASSERT_ONLY(rep, "PREV-YEAR", 0);
    ck_assert(!rf_not_assessable(rep, "PREV-YEAR"));
    /* last year carried 2 forward, this year says 1 came over */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    rf_set(prev, GIK_TABLE_B, "carried_forward", "natural_person", 2);
    rf_set(prev, GIK_TABLE_B, "carried_forward", "total", 2);
    rf_run(rep, prev);
    ck_assert_msg(rf_count(rep, "PREV-YEAR") == 2, "%s", rf_dump(rep));
    f = rf_on(rep, "PREV-YEAR", "carried_over", "natural_person");
    ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
    ck_assert_int_eq(f->cells->nelts, 1);
    ck_assert_str_eq(rf_cell(f, 0), "/tables/B/carried_over/natural_person");
    ASSERT_VALUES(f, 2, 1);
    ck_assert_str_eq(f->message, "表三 自然人 列：二、上年结转 为 1，但 2023 年度报告的 "
                     "四、结转下年度继续办理 为 2");
    ASSERT_VALUES(rf_on(rep, "PREV-YEAR", "carried_over", "total"), 2, 1);
    /* a 2019-format 2020 report feeds a 2021 one */
    rep = rf_clean_report(p, &gik_format_2021, 2021);
    prev = prev_report(p, &gik_format_2019, 2020);
    rf_set(prev, GIK_TABLE_B, "carried_forward", "total", 3);
    rf_run(rep, prev);
    ASSERT_VALUES(rf_on(rep, "PREV-YEAR", "carried_over", "total"), 3, 1);
    /* not the year before, or another body: not assessable */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    prev = prev_report(p, &gik_format_2021, 2022);
    rf_run(rep, prev);
    ck_assert(rf_not_assessable(rep, "PREV-YEAR"));
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    prev = prev_report(p, &gik_format_2021, 2023);
    prev->organization = "背孜乡";
    rf_set(prev, GIK_TABLE_B, "carried_forward", "total", 3);
    rf_run(rep, prev);
    ck_assert(rf_not_assessable(rep, "PREV-YEAR"));
    ck_assert_int_eq(rf_count(rep, "PREV-YEAR"), 0);
}
END_TEST

START_TEST(test_copy_prev_year)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = rf_clean_report(p, &gik_format_2021, 2024);
    gik_report *prev = rf_clean_report(p, &gik_format_2021, 2023);
    gik_finding *f;
    rf_para(rep, 1, NARRATIVE_A);
    rf_para(prev, 1, NARRATIVE_A);
    /* only the numbers changed */
    prev->sections[0].paragraphs->nelts--;
    rf_para(prev, 1, "辛店镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》等有关文件精神，"
                  "坚持突出重点、高效便民和问题导向，围绕人民群众最关心最直接最现实的利益问题，"
                  "运用多种方式公开信息，加强政策解读，回应社会关切。我镇基层政务平台公开政府信息"
                  "约 98 条。");
    rf_run(rep, prev);
    ASSERT_ONLY(rep, "COPY-PREV-YEAR", 1);
    f = rf_nth(rep, "COPY-PREV-YEAR", 0);
    ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
    ck_assert_int_eq(f->has_values, 1);
    ck_assert_double_eq(f->expected, 0.9);
    ck_assert(f->actual >= 0.99);
    ck_assert_ptr_nonnull(strstr(f->message_en, "2023 report"));
    /* a different narrative */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    prev = rf_clean_report(p, &gik_format_2021, 2023);
    rf_para(rep, 1, NARRATIVE_A);
    rf_para(prev, 1, NARRATIVE_B);
    rf_run(rep, prev);
    ASSERT_ONLY(rep, "COPY-PREV-YEAR", 0);
    ck_assert(!rf_not_assessable(rep, "COPY-PREV-YEAR"));
    /* too little text to judge */
    rep = rf_clean_report(p, &gik_format_2021, 2024);
    prev = rf_clean_report(p, &gik_format_2021, 2023);
    rf_clear_narrative(rep);
    rf_clear_narrative(prev);
    rf_para(rep, 6, "无");
    rf_para(prev, 6, "无");
    rf_run(rep, prev);
    ck_assert(rf_not_assessable(rep, "COPY-PREV-YEAR"));
    ck_assert_int_eq(rf_count(rep, "COPY-PREV-YEAR"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_text");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
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
