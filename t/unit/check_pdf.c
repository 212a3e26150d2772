/*
 * check_pdf.c - the PDF reader: the geometry (gik_pdf_layout, driven with
 * glyphs placed by hand), and whole PDFs through the pipeline: what cannot
 * be read is said (status "none", PDF-UNREADABLE, never a pass), hostile
 * files end in bounded time, and the signature is found however the bytes
 * are split.  The PDFs are t/fixtures/pdf/, written by t/gen/minipdf.py.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_time.h>
#include "gik_test.h"
#include "gik_pdf.h"
#include "gik_parser.h"
#include "gik_parser_internal.h"

/* ---- placing glyphs ------------------------------------------------------ */

typedef struct glyphs {
    gik_pdf_glyph g[2048];
    apr_size_t n;
} glyphs;

/* A string set at (x, baseline y) in size pt, every character 1 em wide
 * (ASCII half an em), as a CJK font does. */
static void put_text(glyphs *gs, double x, double y, double size, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int cp, n;
        double w;
        if (*p < 0x80) { cp = *p; n = 1; }
        else if (*p < 0xE0) { cp = (*p & 0x1F) << 6 | (p[1] & 0x3F); n = 2; }
        else { cp = (*p & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F); n = 3; }
        w = cp < 0x80 ? size / 2 : size;
        if (cp != ' ') {
            gik_pdf_glyph *g = &gs->g[gs->n++];
            g->cp = cp;
            g->x1 = x;
            g->x2 = x + w;
            g->y1 = y - size * 0.86;
            g->y2 = y + size * 0.14;
        }
        x += w;
        p += n;
    }
}

/* Tokens one per line: "P text", "TS", "RS", "C col text", "RE", "TE". */
static void collect(void *baton, const gik_token *t)
{
    char **out = baton;
    apr_pool_t *p = gik_test_pool();
    static const char *const k[] = { "P", "TS", "RS", "C", "RE", "TE", "M" };
    if (t->kind == GIK_TOK_CELL) {
        *out = apr_psprintf(p, "%sC %d %s\n", *out, t->col, t->text);
    }
    else if (t->kind == GIK_TOK_PARA) {
        *out = apr_psprintf(p, "%sP%s %s\n", *out, t->heading ? "H" : "", t->text);
    }
    else {
        *out = apr_psprintf(p, "%s%s\n", *out, k[t->kind]);
    }
}

static char *layout(glyphs *pages, int npages)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_layout *l = gik_pdf_layout_create(p);
    char *out = "";
    int i;
    for (i = 0; i < npages; i++) {
        gik_pdf_layout_add_page(l, pages[i].g, pages[i].n, 595, 842);
    }
    gik_pdf_layout_emit(l, collect, &out);
    return out;
}

/* One table-B-like row: label at x 60, seven values right-aligned in
 * columns 40 pt apart from x 300, one of them (blank_col) left blank. */
static void b_row(glyphs *gs, double y, const char *label, const char *const v[7])
{
    int i;
    put_text(gs, 60, y, 9, label);
    for (i = 0; i < 7; i++) {
        if (v[i]) {
            put_text(gs, 330 + 40 * i - 4.5 * (double)strlen(v[i]), y, 9, v[i]);
        }
    }
}

static const char *const zeros[7] = { "0", "0", "0", "0", "0", "0", "0" };

START_TEST(test_wrapped_label_joins_its_row)
{
    static glyphs pg;
    static const char *const v[7] = { "4", "0", "0", "0", "0", "0", "4" };
    char *out;
    memset(&pg, 0, sizeof(pg));
    b_row(&pg, 100, "一、本年新收政府信息公开申请数量", zeros);
    /* the label wraps: its lines 12 pt apart, the numbers centred between */
    put_text(&pg, 60, 124, 9, "（二）部分公开（区分处理的，只");
    b_row(&pg, 130, "", v);
    put_text(&pg, 60, 136, 9, "计这一情形，不计其他情形）");
    b_row(&pg, 160, "（一）予以公开", zeros);
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, "RS\nC 0 （二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
                              "C 1 4\nC 2 0\nC 3 0\nC 4 0\nC 5 0\nC 6 0\nC 7 4\nRE\n") != NULL,
                  "wrapped row not joined:\n%s", out);
    /* the neighbours keep their own labels */
    ck_assert_ptr_nonnull(strstr(out, "C 0 一、本年新收政府信息公开申请数量\n"));
    ck_assert_ptr_nonnull(strstr(out, "C 0 （一）予以公开\n"));
    ck_assert_ptr_null(strstr(out, "\nP "));
}
END_TEST

START_TEST(test_blank_cell_keeps_its_column)
{
    static glyphs pg;
    static const char *const gap[7] = { "3", "0", NULL, "0", "0", "0", "3" };
    char *out;
    memset(&pg, 0, sizeof(pg));
    b_row(&pg, 100, "一、本年新收政府信息公开申请数量", zeros);
    b_row(&pg, 120, "二、上年结转政府信息公开申请数量", gap);
    b_row(&pg, 140, "（一）予以公开", zeros);
    out = layout(&pg, 1);
    /* the blank stays in column 3: the total is not pulled left */
    ck_assert_msg(strstr(out, "C 0 二、上年结转政府信息公开申请数量\nC 1 3\nC 2 0\nC 3 \nC 4 0\n"
                              "C 5 0\nC 6 0\nC 7 3\nRE\n") != NULL, "blank cell moved:\n%s", out);
}
END_TEST

START_TEST(test_table_across_pages_and_furniture)
{
    static glyphs pages[2];
    char *out;
    int i;
    memset(pages, 0, sizeof(pages));
    for (i = 0; i < 2; i++) {
        put_text(&pages[i], 200, 30, 9, "某县人民政府门户网站");          /* running head */
        put_text(&pages[i], 290, 820, 9, apr_psprintf(gik_test_pool(), "- %d -", i + 1));
    }
    put_text(&pages[0], 60, 700, 12, "三、收到和处理政府信息公开申请情况");
    b_row(&pages[0], 780, "一、本年新收政府信息公开申请数量", zeros);
    b_row(&pages[1], 80, "二、上年结转政府信息公开申请数量", zeros);
    put_text(&pages[1], 60, 200, 12, "四、政府信息公开行政复议、行政诉讼情况");
    out = layout(pages, 2);
    ck_assert_msg(strstr(out, "门户网站") == NULL, "running head kept:\n%s", out);
    ck_assert_msg(strstr(out, "- 1 -") == NULL && strstr(out, "- 2 -") == NULL,
                  "page numbers kept:\n%s", out);
    /* one table over both pages */
    ck_assert_msg(strstr(out, "C 7 0\nRE\nRS\nC 0 二、上年结转") != NULL, "table split:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "RE\nTE\nP 四、政府信息公开行政复议、行政诉讼情况\n"));
}
END_TEST

START_TEST(test_narrative_paragraphs)
{
    static glyphs pg;
    char *out;
    memset(&pg, 0, sizeof(pg));
    put_text(&pg, 100, 60, 18, "某县人民政府");                    /* title, larger */
    put_text(&pg, 60, 100, 12, "一、总体情况");
    /* an indented first line, a full line, a short last line */
    put_text(&pg, 84, 120, 12, "二〇二四年，本县认真贯彻落实《条例》，不断提升政务公开");
    put_text(&pg, 60, 136, 12, "质量，全面推进决策、执行、管理、服务、结果公开，主动公开");
    put_text(&pg, 60, 152, 12, "政府信息1136条。");
    put_text(&pg, 84, 168, 12, "（一）主动公开情况。");
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, "PH 某县人民政府\nP 一、总体情况\nP 二〇二四年，本县认真贯彻落实《条例》，"
                              "不断提升政务公开质量，全面推进决策、执行、管理、服务、结果公开，"
                              "主动公开政府信息1136条。\nP （一）主动公开情况。\n") != NULL,
                  "paragraphs:\n%s", out);
}
END_TEST

/* ---- rows printed blank, rows a page break cut (issue 14, item 5) ------- */

/* The seven value cells of a row, all blank, ending the row. */
#define BLANK7 "C 1 \nC 2 \nC 3 \nC 4 \nC 5 \nC 6 \nC 7 \nRE\n"
#define ZERO7 "C 1 0\nC 2 0\nC 3 0\nC 4 0\nC 5 0\nC 6 0\nC 7 0\nRE\n"

/* A row printed blank (its label alone) between two rows of zeros, rows
 * pitch pt apart. */
static char *blank_between(double pitch, const char *blank_label, const char *below)
{
    static glyphs pg;
    memset(&pg, 0, sizeof(pg));
    b_row(&pg, 100, "一、本年新收政府信息公开申请数量", zeros);
    put_text(&pg, 60, 100 + pitch, 9, blank_label);
    b_row(&pg, 100 + 2 * pitch, below, zeros);
    return layout(&pg, 1);
}

START_TEST(test_blank_row_is_a_row)
{
    /* Word leaves a row of zeros blank: its label alone, between two rows */
    char *out = blank_between(20, "二、上年结转政府信息公开申请数量", "（一）予以公开");
    ck_assert_msg(strstr(out, "RS\nC 0 二、上年结转政府信息公开申请数量\n" BLANK7) != NULL,
                  "blank row not a row of blank cells:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "C 0 （一）予以公开\n" ZERO7));
}
END_TEST

START_TEST(test_numbered_words_start_a_cell)
{
    static glyphs pg;
    char *out;
    memset(&pg, 0, sizeof(pg));
    b_row(&pg, 100, "一、本年新收政府信息公开申请数量", zeros);
    /* a category set half an em before the row's own label */
    b_row(&pg, 120, "三、本年 （一）予以公开", zeros);
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, "C 0 三、本年\nC 1 （一）予以公开\nC 2 0\n") != NULL,
                  "category and label read as one cell:\n%s", out);
}
END_TEST

/* Row 4 of table B cut by a page break: "4.保护第三方" at the foot of one
 * page, "合法权益" at the head of the next; its numbers beside the first
 * part (numbers_first) or the second (centred on the part of the cell
 * after the break). */
static char *cut_row(int numbers_first)
{
    static glyphs pages[2];
    static const char *const none[7] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    memset(pages, 0, sizeof(pages));
    put_text(&pages[0], 60, 660, 12, "三、收到和处理政府信息公开申请情况");
    b_row(&pages[0], 720, "3.危及“三安全一稳定”", zeros);
    b_row(&pages[0], 740, "4.保护第三方", numbers_first ? zeros : none);
    b_row(&pages[1], 90, "合法权益", numbers_first ? none : zeros);
    b_row(&pages[1], 110, "5.属于三类内部事务信息", zeros);
    return layout(pages, 2);
}

START_TEST(test_label_cut_by_page_break)
{
    char *out = cut_row(1);
    ck_assert_msg(strstr(out, "C 0 4.保护第三方合法权益\n" ZERO7) != NULL,
                  "label not joined across the break:\n%s", out);
    ck_assert_msg(strstr(out, "C 0 合法权益") == NULL, "label rest read as a row:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "C 0 5.属于三类内部事务信息\n" ZERO7));
}
END_TEST

START_TEST(test_numbers_after_page_break)
{
    char *out = cut_row(0);
    ck_assert_msg(strstr(out, "C 0 4.保护第三方合法权益\n" ZERO7) != NULL,
                  "row not joined across the break:\n%s", out);
    /* the part before the break is no blank row of its own */
    ck_assert_msg(strstr(out, "4.保护第三方\n" BLANK7) == NULL, "cut row read blank:\n%s", out);
}
END_TEST

/* Column headings of two characters over the seven value columns of b_row. */
static void b_heading(glyphs *gs, double y)
{
    static const char *const words[7] = { "自然", "商业", "科研", "社会", "法律", "其他", "总计" };
    int i;
    put_text(gs, 60, y, 9, "（本列数据）");
    for (i = 0; i < 7; i++) {
        put_text(gs, 312 + 40 * i, y, 9, words[i]);
    }
}

START_TEST(test_blank_table_known_by_heading)
{
    static glyphs pg;
    char *out;
    memset(&pg, 0, sizeof(pg));
    put_text(&pg, 60, 160, 12, "三、收到和处理政府信息公开申请情况");
    /* not one number in the table: its heading, and labels under it */
    b_heading(&pg, 200);
    put_text(&pg, 60, 220, 9, "一、本年新收申请数量");
    put_text(&pg, 60, 240, 9, "二、上年结转申请数量");
    put_text(&pg, 60, 260, 9, "（一）予以公开");
    put_text(&pg, 60, 320, 12, "四、政府信息公开行政复议、行政诉讼情况");
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, "C 1 自然\nC 2 商业\nC 3 科研\nC 4 社会\nC 5 法律\nC 6 其他\n"
                              "C 7 总计\nRE\n") != NULL, "heading columns:\n%s", out);
    ck_assert_msg(strstr(out, "C 0 一、本年新收申请数量\n" BLANK7 "RS\nC 0 二、上年结转申请数量\n"
                              BLANK7 "RS\nC 0 （一）予以公开\n" BLANK7 "TE\n") != NULL,
                  "blank rows:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "P 四、政府信息公开行政复议、行政诉讼情况\n"));
}
END_TEST

START_TEST(test_heading_alone_is_one_blank_row)
{
    static glyphs pg;
    char *out, *want = "";
    int i;
    memset(&pg, 0, sizeof(pg));
    put_text(&pg, 60, 160, 12, "四、政府信息公开行政复议、行政诉讼情况");
    /* fifteen column headings and nothing under them but the next section */
    for (i = 0; i < 15; i++) {
        put_text(&pg, 60 + 32 * i, 200, 9, "结果");
        want = apr_psprintf(gik_test_pool(), "%sC %d \n", want, i + 1);
    }
    put_text(&pg, 60, 260, 12, "五、存在的主要问题及改进情况");
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, apr_pstrcat(gik_test_pool(), "RE\nRS\n", want, "RE\nTE\nP 五、", NULL))
                  != NULL, "no blank row under the heading:\n%s", out);
}
END_TEST

START_TEST(test_label_heading_between_heading_lines)
{
    static glyphs pg;
    static const char *const head[3] = { "本年制发件", "本年废止件", "现行有效件" };
    char *out;
    int i;
    memset(&pg, 0, sizeof(pg));
    /* table A's heading over two lines, 信息内容 centred between them */
    for (i = 0; i < 3; i++) {
        put_text(&pg, 260 + 70 * i, 100, 9, head[i]);
        put_text(&pg, 278 + 70 * i, 120, 9, "数");
    }
    put_text(&pg, 60, 110, 9, "信息内容");
    put_text(&pg, 60, 140, 9, "规章");
    put_text(&pg, 60, 160, 9, "行政规范性文件");
    for (i = 0; i < 3; i++) {
        put_text(&pg, 280 + 70 * i, 140, 9, "0");
        put_text(&pg, 280 + 70 * i, 160, 9, i == 1 ? "2" : "0");
    }
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, "RS\nC 0 规章\nC 1 0\nC 2 0\nC 3 0\nRE\n") != NULL,
                  "heading word joined to the first row:\n%s", out);
    ck_assert_msg(strstr(out, "RS\nC 0 信息内容\nC 1 本年制发件数\nC 2 本年废止件数\nC 3 现行有效件数\nRE\n")
                  != NULL, "heading row:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "RS\nC 0 行政规范性文件\nC 1 0\nC 2 2\nC 3 0\nRE\n"));
}
END_TEST

START_TEST(test_blank_rows_go_on_after_page_break)
{
    static glyphs pages[2];
    static const char *const v[7] = { "2", "0", "0", "0", "0", "0", "2" };
    char *out;
    memset(pages, 0, sizeof(pages));
    put_text(&pages[0], 60, 660, 12, "三、收到和处理政府信息公开申请情况");
    b_row(&pages[0], 720, "1.属于国家秘密", zeros);
    b_row(&pages[0], 740, "2.其他法律行政法规禁止公开", zeros);
    /* the next page opens with two rows printed blank, then a row with
     * numbers: all three rows of the table that ran to the page's foot */
    put_text(&pages[1], 60, 90, 9, "3.危及“三安全一稳定”");
    put_text(&pages[1], 60, 110, 9, "4.保护第三方合法权益");
    b_row(&pages[1], 130, "5.属于三类内部事务信息", v);
    out = layout(pages, 2);
    ck_assert_msg(strstr(out, "RS\nC 0 3.危及“三安全一稳定”\n" BLANK7 "RS\nC 0 4.保护第三方合法权益\n"
                              BLANK7 "RS\nC 0 5.属于三类内部事务信息\nC 1 2\n") != NULL,
                  "blank rows at the head of the page:\n%s", out);
    ck_assert_ptr_null(strstr(out, "\nP 3."));
}
END_TEST

START_TEST(test_blank_table_heading_at_page_foot)
{
    static glyphs pages[2];
    char *out;
    memset(pages, 0, sizeof(pages));
    put_text(&pages[0], 60, 660, 12, "三、收到和处理政府信息公开申请情况");
    /* the heading ends the page, the labels (no number) open the next */
    b_heading(&pages[0], 740);
    put_text(&pages[1], 60, 90, 9, "一、本年新收申请数量");
    put_text(&pages[1], 60, 110, 9, "二、上年结转申请数量");
    put_text(&pages[1], 60, 170, 12, "四、政府信息公开行政复议、行政诉讼情况");
    out = layout(pages, 2);
    ck_assert_msg(strstr(out, "C 7 总计\nRE\nRS\nC 0 一、本年新收申请数量\n" BLANK7
                              "RS\nC 0 二、上年结转申请数量\n" BLANK7 "TE\n") != NULL,
                  "rows after the heading's page:\n%s", out);
}
END_TEST

START_TEST(test_blank_row_with_category_stays_in_table)
{
    /* "三、…" opens like a section title, but a row label follows the gap
     * (rows set 30 pt apart: too far for the blank row to sit beside one) */
    char *out = blank_between(30, "三、本年 （一）予以公开", "（二）部分公开");
    ck_assert_msg(strstr(out, "\nP ") == NULL, "table broken at the blank row:\n%s", out);
    ck_assert_msg(strstr(out, "C 0 三、本年\nC 1 （一）予以公开\nC 2 \nC 3 \nC 4 \nC 5 \nC 6 \n"
                              "C 7 \nC 8 \nRE\n") != NULL, "blank row:\n%s", out);
}
END_TEST

START_TEST(test_title_across_columns_ends_table)
{
    static glyphs pg;
    static const char *title = "（四）政府信息公开行政复议、行政诉讼情况及其他需要说明的事项汇总表";
    char *out;
    memset(&pg, 0, sizeof(pg));
    b_row(&pg, 100, "（七）总计", zeros);
    b_row(&pg, 120, "四、结转下年度继续办理", zeros);
    /* a title numbered like a row, running from the labels far over the
     * values (a wide page), then the next table */
    put_text(&pg, 60, 145, 9, title);
    b_row(&pg, 170, "", zeros);
    out = layout(&pg, 1);
    ck_assert_msg(strstr(out, apr_pstrcat(gik_test_pool(), "RE\nTE\nP ", title, "\nTS\n", NULL))
                  != NULL, "title read as part of the table:\n%s", out);
}
END_TEST

/* ---- whole PDFs ---------------------------------------------------------- */

static gik_report *parse_file(const char *name, apr_interval_time_t *took)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *buf = gik_test_read(p, apr_pstrcat(p, "t/fixtures/pdf/", name, NULL), &len);
    apr_time_t start = apr_time_now();
    gik_report *rep = gik_parse_buffer(p, NULL, buf, len);
    if (took) {
        *took = apr_time_now() - start;
    }
    return rep;
}

static void assert_unreadable(const char *name, const char *code)
{
    gik_report *rep = parse_file(name, NULL);
    gik_summary sum;
    const gik_finding *f;
    gik_report_summary(rep, &sum);
    ck_assert_msg(rep->unreadable && !strcmp(rep->unreadable, code), "%s: unreadable %s, want %s",
                  name, rep->unreadable ? rep->unreadable : "(null)", code);
    ck_assert_str_eq(sum.status, "none");
    ck_assert(!rep->is_report);
    ck_assert_int_eq(rep->findings->nelts, 1);
    f = APR_ARRAY_IDX(rep->findings, 0, const gik_finding *);
    ck_assert_str_eq(f->rule, "PDF-UNREADABLE");
    ck_assert_ptr_nonnull(f->message);
    ck_assert_ptr_nonnull(f->message_en);
}

START_TEST(test_unreadable_said)
{
    assert_unreadable("scanned.pdf", "no-text");
    assert_unreadable("encrypted.pdf", "encrypted");
    assert_unreadable("truncated.pdf", "damaged");
    assert_unreadable("not-a-pdf.pdf", "damaged");
}
END_TEST

START_TEST(test_too_large_is_said)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *buf = gik_test_read(p, "t/fixtures/pdf/text-one-page.pdf", &len);
    gik_options opts;
    gik_report *rep;
    memset(&opts, 0, sizeof(opts));
    opts.max_bytes = 100;
    rep = gik_parse_buffer(p, &opts, buf, len);
    ck_assert_str_eq(rep->unreadable, "too-large");
    ck_assert(rep->partial);
}
END_TEST

START_TEST(test_hostile_bounded)
{
    static const char *const names[] = { "javascript.pdf", "deep-nesting.pdf",
                                         "huge-page-count.pdf", "compression-bomb.pdf", NULL };
    int i;
    for (i = 0; names[i]; i++) {
        apr_interval_time_t took;
        gik_report *rep = parse_file(names[i], &took);
        gik_summary sum;
        gik_report_summary(rep, &sum);
        /* none of them is a report that passes; each ends within seconds */
        ck_assert_msg(!rep->is_report, "%s taken for a report", names[i]);
        ck_assert_msg(took < apr_time_from_sec(30), "%s took %" APR_TIME_T_FMT " us", names[i],
                      took);
    }
    /* the JavaScript file is read (its text), never run, and is no report */
    ck_assert_ptr_null(parse_file("javascript.pdf", NULL)->unreadable);
}
END_TEST

START_TEST(test_signature_split_anywhere)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len, i;
    char *buf = gik_test_read(p, "t/fixtures/pdf/scanned.pdf", &len);
    gik_parser *ps = gik_parser_create(p, NULL);
    gik_report *rep;
    for (i = 0; i < len; i++) {
        gik_parser_feed(ps, buf + i, 1);
    }
    rep = gik_parser_finish(ps);
    ck_assert_str_eq(rep->unreadable, "no-text");
    ck_assert_int_eq(rep->bytes, (apr_off_t)len);
    ck_assert_ptr_null(rep->charset);
    /* "%PDF" alone (4 bytes) is no PDF: plain text, not a report */
    rep = gik_parse_buffer(p, NULL, "%PDF", 4);
    ck_assert_ptr_null(rep->unreadable);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pdf");
    TCase *geo = tcase_create("layout"), *doc = tcase_create("documents");
    tcase_add_test(geo, test_wrapped_label_joins_its_row);
    tcase_add_test(geo, test_blank_cell_keeps_its_column);
    tcase_add_test(geo, test_table_across_pages_and_furniture);
    tcase_add_test(geo, test_narrative_paragraphs);
    tcase_add_test(geo, test_blank_row_is_a_row);
    tcase_add_test(geo, test_numbered_words_start_a_cell);
    tcase_add_test(geo, test_label_cut_by_page_break);
    tcase_add_test(geo, test_numbers_after_page_break);
    tcase_add_test(geo, test_blank_table_known_by_heading);
    tcase_add_test(geo, test_heading_alone_is_one_blank_row);
    tcase_add_test(geo, test_label_heading_between_heading_lines);
    tcase_add_test(geo, test_blank_rows_go_on_after_page_break);
    tcase_add_test(geo, test_blank_table_heading_at_page_foot);
    tcase_add_test(geo, test_blank_row_with_category_stays_in_table);
    tcase_add_test(geo, test_title_across_columns_ends_table);
    tcase_add_test(doc, test_unreadable_said);
    tcase_add_test(doc, test_too_large_is_said);
    tcase_add_test(doc, test_hostile_bounded);
    tcase_add_test(doc, test_signature_split_anywhere);
    tcase_set_timeout(doc, 120);
    suite_add_tcase(s, geo);
    suite_add_tcase(s, doc);
    return gik_test_run(s);
}
