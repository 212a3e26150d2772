/*
 * check_recognise.c - the recogniser reads every number of the seeds and of
 * the generated fixtures exactly, finds title, organisation, year, sections
 * and signing date, records its repairs, and says "no report" for pages that
 * are not one.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_parser.h"
#include "gik_parser_internal.h"
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

static gik_report *parse_file(apr_pool_t *p, const char *rel, const char *charset)
{
    apr_size_t len;
    char *buf = gik_test_read(p, rel, &len);
    gik_options opts;
    memset(&opts, 0, sizeof(opts));
    opts.header_charset = charset;
    return gik_parse_buffer(p, &opts, buf, len);
}

static double cell_value(const gik_report *rep, gik_table_id t, const char *row,
                         const char *col, gik_cell_state *state)
{
    const gik_cell *c = gik_report_cell(rep, t, row, col);
    ck_assert_msg(c != NULL, "no cell %c/%s/%s in format %s", 'A' + t, row, col,
                  rep->format ? rep->format->name : "none");
    *state = c->state;
    return c->value;
}

static int count_rule(const gik_report *rep, const char *rule, gik_severity sev)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, rule) == 0 && (sev == GIK_SEV_OFF || f->severity == sev)) {
            n++;
        }
    }
    return n;
}

/* Every cell of B and C is a printed 0 in all five seeds; table A too, but
 * for seed 000 (行政规范性文件 2/1/1, 行政处罚 1). */
static void assert_seed_tables(const gik_report *rep, int seed)
{
    int t, r, c;
    for (t = 0; t < GIK_NTABLES; t++) {
        const gik_table *tab = &rep->tables[t];
        ck_assert_msg(tab->present, "seed %d: table %c not found", seed, 'A' + t);
        for (r = 0; r < tab->tmpl->nrows; r++) {
            for (c = 0; c < tab->tmpl->ncols; c++) {
                const gik_cell *cell = GIK_CELL(tab, r, c);
                double want = 0;
                if (!((tab->tmpl->rows[r].colmask >> c) & 1) || !gik_table_row_shown(tab, r)) {
                    continue;
                }
                if (seed == 0 && t == GIK_TABLE_A) {
                    const char *row = tab->tmpl->rows[r].id, *col = tab->tmpl->cols[c].id;
                    if (strcmp(row, "normative_documents") == 0) {
                        want = strcmp(col, "issued") == 0 ? 2 : 1;
                    }
                    if (strcmp(row, "penalty") == 0) {
                        want = 1;
                    }
                }
                ck_assert_msg(cell->state == GIK_CELL_OK,
                              "seed %d: %c/%s/%s state %d (raw '%s')", seed, 'A' + t,
                              tab->tmpl->rows[r].id, tab->tmpl->cols[c].id, cell->state,
                              cell->raw ? cell->raw : "(none)");
                ck_assert_msg(cell->value == want, "seed %d: %c/%s/%s = %g, want %g", seed,
                              'A' + t, tab->tmpl->rows[r].id, tab->tmpl->cols[c].id,
                              cell->value, want);
            }
        }
    }
}

static const struct {
    const char *organization;
    int year;
    const char *signed_date;
} seed_meta[5] = {
    { "辛店镇人民政府", 2024, NULL },
    { "刘振屯镇人民政府", 2023, NULL },
    { "安达市吉星岗镇人民政府", 2024, NULL },
    { "策勒乡人民政府", 2024, "2025-01-14" },
    { "鲁山县背孜乡", 2024, NULL }
};

/* A wrapped line of the narrative that ends in a date (what pdftotext
 * -layout gives: "…统计期限自 2023 年 1 月 1 日" / "至 12 月 31 日止") is
 * no signature: seed 000, which is signed with no date, stays without one. */
START_TEST(test_period_line_is_no_signature)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *buf = gik_test_read(p, gik_test_seeds[0], &len);
    char *nl = strchr(buf, '\n');
    char *page;
    gik_report *rep;

    ck_assert_ptr_nonnull(nl);
    page = apr_pstrcat(p, apr_pstrndup(p, buf, nl - buf + 1),
                       "要求编制此报告。报告中所列数据统计期限自 2024 年 1 月 1 日\n"
                       "至 2024 年 12 月 31 日止。\n", nl + 1, NULL);
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert(rep->is_report);
    ck_assert_ptr_null(rep->signed_date);
    ck_assert_ptr_null(rep->published);
    apr_pool_destroy(p);
}
END_TEST

START_TEST(test_seed)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_file(p, gik_test_seeds[_i], NULL);
    int s;
    ck_assert_msg(rep->is_report, "seed %d not recognised", _i);
    ck_assert_str_eq(rep->format->name, "2021");
    ck_assert_int_eq(rep->year, seed_meta[_i].year);
    ck_assert_ptr_nonnull(rep->organization);
    ck_assert_str_eq(rep->organization, seed_meta[_i].organization);
    ck_assert_ptr_nonnull(rep->title);
    ck_assert_str_eq(rep->charset, "UTF-8");
    if (seed_meta[_i].signed_date) {
        ck_assert_ptr_nonnull(rep->signed_date);
        ck_assert_str_eq(rep->signed_date, seed_meta[_i].signed_date);
    }
    else {
        ck_assert_ptr_null(rep->signed_date);
    }
    for (s = 0; s < GIK_NSECTIONS; s++) {
        ck_assert_msg(rep->sections[s].present, "seed %d: section %d missing", _i, s + 1);
        ck_assert_int_eq(rep->sections[s].order, s);
    }
    assert_seed_tables(rep, _i);
    ck_assert_int_eq(count_rule(rep, "CELL-INVALID", GIK_SEV_OFF), 0);
    ck_assert_int_eq(count_rule(rep, "CELL-BLANK", GIK_SEV_OFF), 0);
    apr_pool_destroy(p);
}
END_TEST

/* The repairs each seed needs, read off the seeds by hand (see
 * the seeds themselves, t/seeds/). */
START_TEST(test_seed_repairs)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *r0 = parse_file(p, gik_test_seeds[0], NULL);
    gik_report *r1 = parse_file(p, gik_test_seeds[1], NULL);
    gik_report *r2 = parse_file(p, gik_test_seeds[2], NULL);
    gik_report *r3 = parse_file(p, gik_test_seeds[3], NULL);
    gik_report *r4 = parse_file(p, gik_test_seeds[4], NULL);

    /* 000: "3.其他" lost its two leading fields. */
    ck_assert_int_eq(count_rule(r0, "LAYOUT-SHIFT", GIK_SEV_WARNING), 1);
    ck_assert_int_eq(count_rule(r0, "LABEL-MISMATCH", GIK_SEV_OFF), 0);
    /* 001: "3.其他" as in 000, and (七)总计 one field further left. */
    ck_assert_int_eq(count_rule(r1, "LAYOUT-SHIFT", GIK_SEV_WARNING), 1);
    {
        const gik_finding *f = NULL;
        int i;
        for (i = 0; i < r1->findings->nelts; i++) {
            f = APR_ARRAY_IDX(r1->findings, i, gik_finding *);
            if (strcmp(f->rule, "LAYOUT-SHIFT") == 0) {
                break;
            }
        }
        ck_assert_int_eq(f->cells->nelts, 2);
        ck_assert_str_eq(APR_ARRAY_IDX(f->cells, 0, const char *), "/tables/B/other_other");
        ck_assert_str_eq(APR_ARRAY_IDX(f->cells, 1, const char *), "/tables/B/outcome_total");
    }
    ck_assert_int_eq(count_rule(r1, "LABEL-MISMATCH", GIK_SEV_OFF), 0);
    /* 002: 本年度止件数 for 本年废止件数, and no 第二十条第（一）项 caption;
     * the rows after the page break are shifted. */
    ck_assert_int_eq(count_rule(r2, "LABEL-MISMATCH", GIK_SEV_WARNING), 2);
    ck_assert_int_eq(count_rule(r2, "LAYOUT-SHIFT", GIK_SEV_WARNING), 1);
    /* 003: 规范性文件 for 行政规范性文件; flattened, so no positions to shift. */
    ck_assert_int_eq(count_rule(r3, "LABEL-MISMATCH", GIK_SEV_WARNING), 1);
    ck_assert_int_eq(count_rule(r3, "LAYOUT-SHIFT", GIK_SEV_OFF), 0);
    /* 004: the (六) block shifted left, (七)总计 further. */
    ck_assert_int_eq(count_rule(r4, "LAYOUT-SHIFT", GIK_SEV_WARNING), 1);
    ck_assert_int_eq(count_rule(r4, "LABEL-MISMATCH", GIK_SEV_OFF), 0);
    apr_pool_destroy(p);
}
END_TEST

/* The whole verdict on each seed, recogniser and rules together: exactly
 * these findings, concluded by reading the seeds (see the notes' section 5):
 * no error on any of them. */
static const char *const seed_findings[5] = {
    /* 000: "3.其他" lost its leading fields; no 责任追究 result; no word on
     * last year's problems. */
    "ACCOUNTABILITY:warning LAYOUT-SHIFT:warning RECTIFICATION:info",
    /* 001: Work 规范 / 企业 and 群众 / Work 通报; boilerplate about handling
     * applications with none counted; 3.其他 and (七)总计 shifted. */
    "ACCOUNTABILITY:warning ARTIFACT:warning ARTIFACT:warning ARTIFACT:warning "
    "BOILERPLATE:warning LAYOUT-SHIFT:warning RECTIFICATION:info",
    /* 002: section 六 is just 无; title 政务公开 2024 年度报告; 本年度止件数 and
     * the missing 第二十条第（一）项; rows shifted by the page break. */
    "ACCOUNTABILITY:warning FEE-STATEMENT:warning HEADING-STYLE:warning "
    "LABEL-MISMATCH:warning LABEL-MISMATCH:warning LAYOUT-SHIFT:warning RECTIFICATION:info",
    /* 003: [bookmark: _GoBack]; boilerplate; "3、" heading; 规范性文件. */
    "ACCOUNTABILITY:warning ARTIFACT:warning BOILERPLATE:warning HEADING-STYLE:warning "
    "LABEL-MISMATCH:warning RECTIFICATION:info",
    /* 004: section 六 is just 无; the (六) block and (七)总计 shifted left. */
    "FEE-STATEMENT:warning LAYOUT-SHIFT:warning RECTIFICATION:info"
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

START_TEST(test_seed_findings_exact)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_file(p, gik_test_seeds[_i], NULL);
    const char **items = apr_pcalloc(p, sizeof(char *) * (rep->findings->nelts + 1));
    const char *joined = "";
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        static const char *const sev[] = { "off", "info", "warning", "error" };
        items[n++] = apr_psprintf(p, "%s:%s", f->rule, sev[f->severity]);
    }
    qsort(items, (size_t)n, sizeof(char *), compare_strings);
    for (i = 0; i < n; i++) {
        joined = apr_pstrcat(p, joined, i ? " " : "", items[i], NULL);
    }
    ck_assert_str_eq(joined, seed_findings[_i]);
    apr_pool_destroy(p);
}
END_TEST

/* Generated fixtures: every cell equals the model the generator rendered. */
static void check_against_expected(const char *page, const char *expected, const char *charset)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = parse_file(p, page, charset);
    apr_size_t len;
    char *text = gik_test_read(p, expected, &len);
    json_error_t err;
    json_t *exp = json_loads(text, 0, &err), *tables;
    const char *tname, *rname, *cname;
    json_t *tobj, *robj, *cval;
    int cells = 0, nulls = 0;

    ck_assert_msg(exp != NULL, "%s: %s", expected, err.text);
    ck_assert_msg(rep->is_report, "%s not recognised", page);
    ck_assert_str_eq(rep->format->name, json_string_value(json_object_get(exp, "format")));
    ck_assert_int_eq(rep->year, json_integer_value(json_object_get(exp, "year")));
    ck_assert_ptr_nonnull(rep->organization);
    ck_assert_str_eq(rep->organization,
                     json_string_value(json_object_get(exp, "organization")));
    tables = json_object_get(exp, "tables");
    json_object_foreach(tables, tname, tobj) {
        gik_table_id t = (gik_table_id)(tname[0] - 'A');
        json_object_foreach(tobj, rname, robj) {
            json_object_foreach(robj, cname, cval) {
                gik_cell_state st;
                double v = cell_value(rep, t, rname, cname, &st);
                if (json_is_null(cval)) {
                    /* not stated by the page: digits of several readings, or a
                     * sub-row of （六） printed as one row */
                    ck_assert_msg(st == GIK_CELL_JOINED || st == GIK_CELL_ABSENT,
                                  "%s: %s/%s/%s state %d, want null", page, tname, rname,
                                  cname, st);
                    nulls++;
                    continue;
                }
                ck_assert_msg(st == GIK_CELL_OK, "%s: %s/%s/%s state %d", page, tname, rname,
                              cname, st);
                ck_assert_msg(v == json_number_value(cval)
                              || (v - json_number_value(cval) < 1e-9
                                  && json_number_value(cval) - v < 1e-9),
                              "%s: %s/%s/%s = %.10g, want %.10g", page, tname, rname, cname, v,
                              json_number_value(cval));
                cells++;
            }
        }
    }
    ck_assert_int_gt(cells, 150);
    ck_assert_int_eq(count_rule(rep, "CELL-INVALID", GIK_SEV_OFF), 0);
    /* every null is said: ROW-MERGED for the sub-rows, CELL-JOINED per row */
    ck_assert(!nulls || count_rule(rep, "ROW-MERGED", GIK_SEV_WARNING)
              || count_rule(rep, "CELL-JOINED", GIK_SEV_WARNING));
    json_decref(exp);
    apr_pool_destroy(p);
}

START_TEST(test_generated_word_gbk)
{
    check_against_expected("t/fixtures/generated/word-gbk-2021.html",
                           "t/fixtures/generated/word-gbk-2021.expected.json", NULL);
}
END_TEST

START_TEST(test_generated_cms_2019)
{
    check_against_expected("t/fixtures/generated/cms-utf-8-2019.html",
                           "t/fixtures/generated/cms-utf-8-2019.expected.json", NULL);
}
END_TEST

START_TEST(test_generated_flat_gb18030)
{
    check_against_expected("t/fixtures/generated/flat_text-gb18030-2021.txt",
                           "t/fixtures/generated/flat_text-gb18030-2021.expected.json",
                           "gb18030");
}
END_TEST

/* （六）其他处理 printed as one row in a layout text: B.other, sub-rows null. */
START_TEST(test_generated_layout_merged)
{
    check_against_expected("t/fixtures/generated/layout_text-utf-8-2021.txt",
                           "t/fixtures/generated/layout_text-utf-8-2021.expected.json", NULL);
}
END_TEST

/* A crawler's one-line text in GBK: rows of several readings null. */
START_TEST(test_generated_crawler_gbk)
{
    check_against_expected("t/fixtures/generated/crawler_text-gbk-2021.txt",
                           "t/fixtures/generated/crawler_text-gbk-2021.expected.json", "gbk");
}
END_TEST

START_TEST(test_not_a_report)
{
    static const char *const pages[] = {
        "<html><body><h1>我县召开政府信息公开工作会议</h1><p>会议要求各单位按时发布"
        "2024年政府信息公开工作年度报告，做好政务公开。</p></body></html>",
        "",
        "2024年政府信息公开工作年度报告即将发布。\n",
        "<table><tr><td>项目</td><td>数量</td></tr><tr><td>粮食产量</td><td>12</td></tr></table>",
        NULL
    };
    int i;
    for (i = 0; pages[i]; i++) {
        apr_pool_t *p = gik_test_pool();
        gik_report *rep = gik_parse_buffer(p, NULL, pages[i], strlen(pages[i]));
        ck_assert_msg(!rep->is_report, "page %d taken for a report", i);
        ck_assert_ptr_null(rep->format);
        ck_assert_int_eq(rep->findings->nelts, 0);
        apr_pool_destroy(p);
    }
}
END_TEST

/* A crawler's flattened text (平潭): the whole report in one line after a
 * metadata header, cells joined.  A run is read only when it admits one
 * reading; otherwise its cells are null and CELL-JOINED counts the readings
 * (12 for 640020470 into seven cells, counted by hand). */
START_TEST(test_flat_joined_cells)
{
    apr_pool_t *p = gik_test_pool();
    const char *page =
        "标题: 某某区2021年度政府信息公开工作年度报告\n"
        "发布时间: 2022-02-08 16:34\n"
        "当前位置： 首页 某某区2021年度政府信息公开工作年度报告 来源：某某区 "
        "一、总体情况2021年，我区推进政务公开。二、主动公开政府信息情况第二十条第（一）项"
        "信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665"
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计"
        "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开270020130（二）部分公开（区分处理的，只计这一情形，"
        "不计其他情形）500000 5（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开"
        "1000001四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正"
        "其他结果尚未审结总计110024001510102五、存在的主要问题及改进情况队伍有待加强。"
        "六、其他需要报告的事项2021年，无收取信息处理费情况。\n";
    gik_report *rep = gik_parse_buffer(p, NULL, page, strlen(page));
    gik_cell_state st;
    const gik_finding *f;
    int i, joined = 0;
    ck_assert(rep->is_report);
    ck_assert_str_eq(rep->organization, "某某区");
    ck_assert_int_eq(rep->year, 2021);
    ck_assert_str_eq(rep->published, "2022-02-08");
    for (i = 0; i < GIK_NSECTIONS; i++) {
        ck_assert_msg(rep->sections[i].present, "section %d", i + 1);
    }
    /* unique readings: 0|0|0, 5|0|0|0|0|0|5 (a blank is a boundary),
     * 1|0|0|0|0|0|1 before the item number 2., fifteen one-digit cells */
    ck_assert(cell_value(rep, GIK_TABLE_A, "regulations", "in_force", &st) == 0 && st == GIK_CELL_OK);
    ck_assert(cell_value(rep, GIK_TABLE_B, "partly_granted", "natural_person", &st) == 5);
    ck_assert(cell_value(rep, GIK_TABLE_B, "partly_granted", "total", &st) == 5);
    ck_assert(cell_value(rep, GIK_TABLE_B, "withheld_state_secret", "total", &st) == 0);
    ck_assert(cell_value(rep, GIK_TABLE_B, "withheld_prohibited", "natural_person", &st) == 1);
    ck_assert(cell_value(rep, GIK_TABLE_B, "withheld_prohibited", "total", &st) == 1);
    ck_assert(cell_value(rep, GIK_TABLE_C, "review", "total", &st) == 2);
    ck_assert(cell_value(rep, GIK_TABLE_C, "litigation_after_review", "total", &st) == 2);
    /* several readings: null, never a guess */
    cell_value(rep, GIK_TABLE_B, "new", "natural_person", &st);
    ck_assert_int_eq(st, GIK_CELL_JOINED);
    cell_value(rep, GIK_TABLE_A, "normative_documents", "issued", &st);
    ck_assert_int_eq(st, GIK_CELL_JOINED);
    for (i = 0; i < rep->findings->nelts; i++) {
        f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, "CELL-JOINED") == 0 && f->row && strcmp(f->row, "new") == 0) {
            joined++;
            ck_assert_int_eq(f->severity, GIK_SEV_WARNING);
            ck_assert_ptr_nonnull(strstr(f->message_en, "admits 12 readings"));
            ck_assert_int_eq(f->cells->nelts, 7);
        }
    }
    ck_assert_int_eq(joined, 1);
    ck_assert_int_eq(count_rule(rep, "CELL-JOINED", GIK_SEV_WARNING), 3); /* A, new, granted */
}
END_TEST

/* 平潭 2021, 2023, 2025 print the 行政事业性收费 amount to the fen:
 * "24252.311082" 万元 (six places).  The row has one cell, so the run
 * admits exactly one reading; it was null with a CELL-JOINED warning
 * that said it could not be cut into one cell. */
START_TEST(test_flat_fee_to_the_fen)
{
    apr_pool_t *p = gik_test_pool();
    const char *page =
        "标题: 某某区2021年度政府信息公开工作年度报告\n"
        "发布时间: 2022-02-08 16:34\n"
        "一、总体情况2021年，我区推进政务公开。二、主动公开政府信息情况第二十条第（一）项"
        "信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件111"
        "第二十条第（五）项信息内容本年处理决定数量行政许可2293 第二十条第（六）项信息内容 "
        "本年处理决定数量行政处罚1282行政强制42第二十条第（八）项信息内容 "
        "本年收费金额（单位：万元）行政事业性收费24252.311082"
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计"
        "一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000"
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正"
        "其他结果尚未审结总计000000000000000五、存在的主要问题及改进情况队伍有待加强。"
        "六、其他需要报告的事项2021年，无收取信息处理费情况。\n";
    gik_report *rep = gik_parse_buffer(p, NULL, page, strlen(page));
    gik_cell_state st;
    double v;
    const gik_finding *f;
    int i;
    ck_assert(rep->is_report);
    v = cell_value(rep, GIK_TABLE_A, "fees", "amount", &st);
    ck_assert_int_eq(st, GIK_CELL_OK);
    ck_assert(v > 24252.311081 && v < 24252.311083);
    for (i = 0; i < rep->findings->nelts; i++) {
        f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        ck_assert_msg(!(strcmp(f->rule, "CELL-JOINED") == 0 && f->row
                        && strcmp(f->row, "fees") == 0), "%s", f->message);
    }
}
END_TEST

/* A table row that is not on the page is null with CELL-INVALID, never 0;
 * an unreadable cell likewise; a dash is 0 with CELL-BLANK. */
START_TEST(test_missing_and_unreadable)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *seed = gik_test_read(p, gik_test_seeds[0], &len);
    char *page;
    gik_report *rep;
    gik_cell_state st;
    double v;

    /* Drop the 二、上年结转 row; print 1e309 for (一)予以公开/自然人; a dash
     * for 重复申请/自然人. */
    page = apr_pstrdup(p, seed);
    {
        char *row = strstr(page, "二、上年结转政府信息公开申请数量");
        char *eol = strchr(row, '\n');
        memmove(row, eol + 1, strlen(eol + 1) + 1);
    }
    {
        char *row = strstr(page, "予以公开\t0");
        memcpy(row + strlen("予以公开\t"), "X", 1);
    }
    {
        char *row = strstr(page, "2.重复申请\t0");
        memcpy(row + strlen("2.重复申请\t"), "-", 1);
    }
    rep = gik_parse_buffer(p, NULL, page, strlen(page));
    ck_assert(rep->is_report);
    cell_value(rep, GIK_TABLE_B, "carried_over", "total", &st);
    ck_assert_int_eq(st, GIK_CELL_ABSENT);
    cell_value(rep, GIK_TABLE_B, "granted", "natural_person", &st);
    ck_assert_int_eq(st, GIK_CELL_INVALID);
    v = cell_value(rep, GIK_TABLE_B, "rejected_duplicate", "natural_person", &st);
    ck_assert_int_eq(st, GIK_CELL_BLANK);
    ck_assert(v == 0);
    ck_assert_int_eq(count_rule(rep, "CELL-INVALID", GIK_SEV_ERROR), 2);
    ck_assert_int_eq(count_rule(rep, "CELL-BLANK", GIK_SEV_WARNING), 1);
    apr_pool_destroy(p);
}
END_TEST

/* A GBK page that says it is UTF-8 (Word's <meta>, a server's header): read
 * as GB18030, with a CHARSET-MISMATCH error naming the claim (browsers go by
 * the claim: readers see mojibake). */
START_TEST(test_lying_charset)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *page = gik_test_read(p, "t/fixtures/generated/word-gbk-2021.html", &len);
    char *meta = strstr(page, "charset=");
    gik_report *rep;
    gik_options opts;
    int i, found = 0;

    ck_assert_ptr_nonnull(meta);
    memcpy(meta + strlen("charset="), "utf-8 ", 6);     /* over "gb2312" */
    rep = gik_parse_buffer(p, NULL, page, len);
    ck_assert(rep->is_report);
    ck_assert_str_eq(rep->charset, "GB18030");
    ck_assert_str_eq(rep->organization, "通榆县解放路街道办事处");
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, "CHARSET-MISMATCH") == 0) {
            found++;
            ck_assert_int_eq(f->severity, GIK_SEV_ERROR);
            ck_assert_ptr_nonnull(strstr(f->message_en, "declares UTF-8"));
        }
    }
    ck_assert_int_eq(found, 1);
    /* the HTTP header lies the same way */
    memset(&opts, 0, sizeof(opts));
    opts.header_charset = "utf-8";
    rep = gik_parse_buffer(p, &opts, page, len);
    ck_assert(rep->is_report);
    ck_assert_str_eq(rep->charset, "GB18030");
    /* a UTF-8 page stays UTF-8, with no such finding */
    rep = parse_file(p, gik_test_seeds[0], "utf-8");
    ck_assert_str_eq(rep->charset, "UTF-8");
    ck_assert_int_eq(count_rule(rep, "CHARSET-MISMATCH", GIK_SEV_OFF), 0);
    apr_pool_destroy(p);
}
END_TEST

START_TEST(test_parse_number)
{
    static const struct {
        const char *text;
        gik_value_kind kind;
        gik_cell_state state;
        double value;
    } cases[] = {
        { "0", GIK_VALUE_COUNT, GIK_CELL_OK, 0 },
        { " 37 ", GIK_VALUE_COUNT, GIK_CELL_OK, 37 },
        { "１２３", GIK_VALUE_COUNT, GIK_CELL_OK, 123 },
        { "1,234", GIK_VALUE_COUNT, GIK_CELL_OK, 1234 },
        { "5件", GIK_VALUE_COUNT, GIK_CELL_OK, 5 },
        { "", GIK_VALUE_COUNT, GIK_CELL_BLANK, 0 },
        { "—", GIK_VALUE_COUNT, GIK_CELL_BLANK, 0 },
        { "-", GIK_VALUE_COUNT, GIK_CELL_BLANK, 0 },
        { "无", GIK_VALUE_COUNT, GIK_CELL_BLANK, 0 },
        { "-3", GIK_VALUE_COUNT, GIK_CELL_INVALID, 0 },
        { "-3", GIK_VALUE_SIGNED, GIK_CELL_OK, -3 },
        { "+3", GIK_VALUE_SIGNED, GIK_CELL_OK, 3 },
        { "2.5", GIK_VALUE_COUNT, GIK_CELL_INVALID, 0 },
        { "3.0", GIK_VALUE_COUNT, GIK_CELL_OK, 3 },
        { "0.35", GIK_VALUE_MONEY, GIK_CELL_OK, 0.35 },
        { "12万元", GIK_VALUE_MONEY, GIK_CELL_OK, 12 },
        { "251000元", GIK_VALUE_MONEY, GIK_CELL_OK, 25.1 },
        { "1e309", GIK_VALUE_COUNT, GIK_CELL_INVALID, 0 },
        { "1234567890123456789012345678901234567890", GIK_VALUE_COUNT, GIK_CELL_INVALID, 0 },
        { "abc", GIK_VALUE_COUNT, GIK_CELL_INVALID, 0 },
        { "1.", GIK_VALUE_MONEY, GIK_CELL_INVALID, 0 },
    };
    unsigned i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double v = -1;
        gik_cell_state st = gik_parse_number(cases[i].text, cases[i].kind, &v);
        ck_assert_msg(st == cases[i].state, "'%s': state %d, want %d", cases[i].text, st,
                      cases[i].state);
        if (st == GIK_CELL_OK) {
            ck_assert_msg(v - cases[i].value < 1e-12 && cases[i].value - v < 1e-12,
                          "'%s': %g, want %g", cases[i].text, v, cases[i].value);
        }
    }
}
END_TEST

START_TEST(test_label_matching)
{
    apr_pool_t *p = gik_test_pool();
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "(三) 不予公开"), "（三）不予公开"),
                     GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "1. 属于国家秘密"), "1.属于国家秘密"),
                     GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "结果 维持"), "结果维持"),
                     GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "本年度止件数"), "本年废止件数"),
                     GIK_MATCH_APPROX);
    ck_assert_int_eq(gik_match_label(gik_normalise(p,
                         "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"),
                         "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                     GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "规范"), "规章"), GIK_MATCH_NONE);
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "一、本年新收政府信息公开申请数量"),
                                     "二、上年结转政府信息公开申请数量"), GIK_MATCH_NONE);
    ck_assert_str_eq(gik_label_body(gik_normalise(p, "（六）其他处理")), "其他处理");
    ck_assert_str_eq(gik_label_body(gik_normalise(p, "3.危及“三安全一稳定”")),
                     "危及\"三安全一稳定\"");
    apr_pool_destroy(p);
}
END_TEST

/* A signature dated in Chinese numerals (二〇二五年一月十四日, 十二月三十一日)
 * is read as a date: seed 000, signed with no date, given one at its end. */
START_TEST(test_signature_in_chinese_numerals)
{
    static const struct { const char *line, *want; } cases[] = {
        { "二〇二五年一月十四日", "2025-01-14" },
        { "二〇二四年十二月三十一日", "2024-12-31" },
        { "2025年元月十日", NULL },                 /* 元 is no numeral here */
        { "二零二五年二月二十日", "2025-02-20" }
    };
    apr_pool_t *p = gik_test_pool();
    apr_size_t len, i;
    char *buf = gik_test_read(p, gik_test_seeds[0], &len);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *page = apr_pstrcat(p, apr_pstrndup(p, buf, len), "\n", cases[i].line, "\n", NULL);
        gik_report *rep = gik_parse_buffer(p, NULL, page, strlen(page));
        ck_assert(rep->is_report);
        if (cases[i].want) {
            ck_assert_ptr_nonnull(rep->signed_date);
            ck_assert_str_eq(rep->signed_date, cases[i].want);
        }
        else {
            ck_assert_ptr_null(rep->signed_date);
        }
    }
    apr_pool_destroy(p);
}
END_TEST

/* Template labels are found by their address and, failing that, by their
 * text: both give the same answer.  Cell bodies are hashed by length. */
START_TEST(test_label_lookup_paths)
{
    apr_pool_t *p = gik_test_pool();
    const gik_label_entry *hit;
    char copy[128];
    int i;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const char *norm = gik_normalise(p, gik_section_titles[i]);
        apr_cpystrn(copy, gik_section_titles[i], sizeof(copy));
        ck_assert_int_eq(gik_match_label(norm, gik_section_titles[i]), GIK_MATCH_EXACT);
        ck_assert_int_eq(gik_match_label(norm, copy), GIK_MATCH_EXACT);
    }
    /* a text no catalogue holds: folded on the spot */
    ck_assert_int_eq(gik_match_label(gik_normalise(p, "总 计"), "总计"), GIK_MATCH_EXACT);
    /* bodies of 1..40 bytes: short, at 8 and 16, long; a parenthetical */
    ck_assert_int_eq(gik_labels_find(gik_normalise(p, "其他"), GIK_LABEL_COLUMN, GIK_TABLE_B,
                                     NULL, 0, &hit), GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_labels_find(gik_normalise(p, "(二)部分公开(区分处理的)"),
                                     GIK_LABEL_ROW, GIK_TABLE_B, NULL, 0, &hit),
                     GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_labels_find(gik_normalise(p, "1.属于国家秘密"), GIK_LABEL_ROW,
                                     GIK_TABLE_B, NULL, 0, &hit), GIK_MATCH_EXACT);
    ck_assert_int_eq(gik_labels_find("", GIK_LABEL_ROW, -1, NULL, 1, &hit), GIK_MATCH_NONE);
    ck_assert_int_eq(gik_labels_find("x", GIK_LABEL_ROW, -1, NULL, 1, &hit), GIK_MATCH_NONE);
    apr_pool_destroy(p);
}
END_TEST

/* gik_fold: spaces dropped, widths and brackets folded, CJK copied as it
 * stands, and a character cut short by the end of the string read as the
 * decoder reads it (U+FFFD), never past the NUL. */
START_TEST(test_fold)
{
    char out[64];
    ck_assert_uint_eq(gik_fold(out, sizeof(out), "\xe4\xb8\x80 \t\xe3\x80\x81" "A\xef\xbc\x91"), 6);
    ck_assert_str_eq(out, "\xe4\xb8\x80.A1");                    /* 一 、A１ */
    gik_fold(out, sizeof(out), "\xe3\x80\x90\xe9\xbe\xa5\xe3\x80\x91");  /* 【龥】 */
    ck_assert_str_eq(out, "(\xe9\xbe\xa5)");
    gik_fold(out, sizeof(out), "a\xe3\x80\x80" "b\xc2\xa0" "c");       /* U+3000, U+00A0 */
    ck_assert_str_eq(out, "abc");
    gik_fold(out, sizeof(out), "a\xe4\xb8");                       /* cut short */
    ck_assert_str_eq(out, "a\xef\xbf\xbd");
    gik_fold(out, sizeof(out), "\xe4");
    ck_assert_str_eq(out, "\xef\xbf\xbd");
    gik_fold(out, sizeof(out), "\xe0\x80\x81x");                   /* overlong */
    ck_assert_str_eq(out, "\x01x");
    gik_fold(out, sizeof(out), "\xf0\x9f\x98\x80");               /* four bytes */
    ck_assert_str_eq(out, "\xf0\x9f\x98\x80");
    /* the room decides, not the string's length */
    ck_assert_uint_eq(gik_fold(out, 8, "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"), 3);
    ck_assert_str_eq(out, "\xe4\xb8\x80");
    ck_assert_uint_eq(gik_fold(out, 9, "abcdefgh"), 4);
    ck_assert_uint_eq(gik_fold(out, sizeof(out), ""), 0);
}
END_TEST

/* gik_label_pack_last: the bytes of a last character in one word, distinct
 * for distinct strings of up to 4 bytes, 0 (compare by strcmp) otherwise. */
START_TEST(test_label_pack_last)
{
    ck_assert_uint_eq(gik_label_pack_last(""), 0);
    ck_assert_uint_eq(gik_label_pack_last("a"), 0x61);
    ck_assert_uint_eq(gik_label_pack_last("\xe6\x95\xb0"), 0xe695b0);        /* 数 */
    ck_assert_uint_eq(gik_label_pack_last("\xf0\x9f\x98\x80"), 0xf09f9880u); /* 4 bytes */
    ck_assert_uint_eq(gik_label_pack_last("\xf0\x9f\x98\x80\x80"), 0);       /* 5: too long */
    /* a stray continuation byte is a character of its own: still exact */
    ck_assert_uint_ne(gik_label_pack_last("\x80"), gik_label_pack_last("\x80\x80"));
    ck_assert_uint_ne(gik_label_pack_last("\x01\x02"), gik_label_pack_last("\x02"));
    /* the fuzzy step compares last characters through it: a slip in the
     * first character of a label is still found by its last one, and a
     * slip in both ends is not */
    {
        apr_pool_t *p = gik_test_pool();
        const gik_label_entry *hit;
        ck_assert_int_eq(gik_labels_find(gik_normalise(p, "一、木年新收政府信息公开申请数量"),
                                         GIK_LABEL_ROW, GIK_TABLE_B, NULL, 1, &hit),
                         GIK_MATCH_APPROX);
        ck_assert_str_eq(hit->label, "一、本年新收政府信息公开申请数量");
        ck_assert_int_eq(gik_labels_find(gik_normalise(p, "一、木年新收政府信息公开申请数目"),
                                         GIK_LABEL_ROW, GIK_TABLE_B, NULL, 1, &hit),
                         GIK_MATCH_NONE);
        /* words dropped from the middle keep the first character: found
         * (洪泽区 printed 其他法律行政止公开), and not with another first */
        ck_assert_int_eq(gik_labels_find(gik_normalise(p, "2.其他法律行政止公开"),
                                         GIK_LABEL_ROW, GIK_TABLE_B, NULL, 1, &hit),
                         GIK_MATCH_APPROX);
        ck_assert_str_eq(hit->label, "2.其他法律行政法规禁止公开");
        ck_assert_int_eq(gik_labels_find(gik_normalise(p, "2.甚他法律行政止公开"),
                                         GIK_LABEL_ROW, GIK_TABLE_B, NULL, 1, &hit),
                         GIK_MATCH_NONE);
        apr_pool_destroy(p);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("recognise");
    TCase *tc = tcase_create("seeds");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_seed, 0, 5);
    tcase_add_test(tc, test_seed_repairs);
    tcase_add_test(tc, test_period_line_is_no_signature);
    tcase_add_loop_test(tc, test_seed_findings_exact, 0, 5);
    suite_add_tcase(s, tc);
    tc = tcase_create("generated");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_generated_word_gbk);
    tcase_add_test(tc, test_generated_cms_2019);
    tcase_add_test(tc, test_generated_flat_gb18030);
    tcase_add_test(tc, test_generated_layout_merged);
    tcase_add_test(tc, test_generated_crawler_gbk);
    suite_add_tcase(s, tc);
    tc = tcase_create("pieces");
    tcase_add_test(tc, test_not_a_report);
    tcase_add_test(tc, test_flat_joined_cells);
    tcase_add_test(tc, test_flat_fee_to_the_fen);
    tcase_add_test(tc, test_missing_and_unreadable);
    tcase_add_test(tc, test_lying_charset);
    tcase_add_test(tc, test_parse_number);
    tcase_add_test(tc, test_label_matching);
    tcase_add_test(tc, test_label_pack_last);
    tcase_add_test(tc, test_fold);
    tcase_add_test(tc, test_label_lookup_paths);
    tcase_add_test(tc, test_signature_in_chinese_numerals);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
