/*
 * check_tokenize.c - the HTML and text tokenizers: paragraphs, table grids
 * (rowspan/colspan), layout tables, <pre>, meta, limits, feed-split
 * independence, and the five seeds through the text tokenizer.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_token.h"
#include "gik_textbuf.h"

/* Tokens serialized one per line:
 *   P[H] text | TS | RS | C col/colspan/rowspan[f] text | RE | TE | M name=content
 * (T appended when truncated, f when the cell came from a flattened table). */
typedef struct {
    char *buf;
    apr_size_t len, cap;
    int depth, max_depth, unbalanced;
} dump;

static void put(dump *d, const char *s)
{
    apr_size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->buf = realloc(d->buf, d->cap);
    }
    memcpy(d->buf + d->len, s, n + 1);
    d->len += n;
}

static void tok_fn(void *baton, const gik_token *t)
{
    dump *d = baton;
    char head[64];
    static const char *const kinds[] = { "P", "TS", "RS", "C", "RE", "TE", "M" };
    ck_assert_int_ge(t->kind, GIK_TOK_PARA);
    ck_assert_int_le(t->kind, GIK_TOK_META);
    ck_assert_ptr_nonnull(t->text);
    ck_assert_uint_eq(strlen(t->text), t->len);
    ck_assert_uint_le(t->len, GIK_MAX_TEXT);
    if (t->kind == GIK_TOK_TABLE_START) {
        d->depth++;
    }
    else if (t->kind == GIK_TOK_TABLE_END && --d->depth < 0) {
        d->unbalanced = 1;
    }
    if (d->depth > d->max_depth) {
        d->max_depth = d->depth;
    }
    if (t->kind == GIK_TOK_CELL) {
        apr_snprintf(head, sizeof(head), "C %d/%d/%d%s%s ", t->col, t->colspan, t->rowspan,
                     t->flattened ? "f" : "", t->joined ? "j" : "");
    }
    else {
        apr_snprintf(head, sizeof(head), "%s%s%s", kinds[t->kind],
                     t->heading ? "H" : "", t->truncated ? "T" : "");
        if (t->kind == GIK_TOK_PARA || t->kind == GIK_TOK_META) {
            apr_cpystrn(head + strlen(head), " ", 2);
        }
    }
    put(d, head);
    if (t->kind == GIK_TOK_PARA || t->kind == GIK_TOK_CELL || t->kind == GIK_TOK_META) {
        put(d, t->text);
    }
    if (t->kind == GIK_TOK_META) {
        put(d, "=");
        put(d, t->text2);
    }
    put(d, "\n");
}

/* Runs the HTML (html != 0) or text tokenizer in pieces of `chunk` bytes. */
static char *tokenize(apr_pool_t *p, int html, const char *in, apr_size_t len,
                      apr_size_t chunk)
{
    dump d;
    apr_size_t off = 0;
    char *out;
    gik_html_tokenizer *h = NULL;
    gik_text_tokenizer *x = NULL;
    memset(&d, 0, sizeof(d));
    put(&d, "");
    if (html) {
        h = gik_html_tokenizer_create(p, tok_fn, &d);
    }
    else {
        x = gik_text_tokenizer_create(p, tok_fn, &d);
    }
    if (!chunk) {
        chunk = len ? len : 1;
    }
    for (; off < len; off += chunk) {
        apr_size_t n = len - off < chunk ? len - off : chunk;
        if (html) {
            gik_html_tokenizer_feed(h, in + off, n);
        }
        else {
            gik_text_tokenizer_feed(x, in + off, n);
        }
    }
    if (html) {
        gik_html_tokenizer_finish(h);
    }
    else {
        gik_text_tokenizer_finish(x);
    }
    ck_assert_msg(!d.unbalanced && d.depth == 0, "unbalanced TABLE_START/END");
    out = apr_pstrdup(p, d.buf);
    free(d.buf);
    return out;
}

static char *html(apr_pool_t *p, const char *s)
{
    return tokenize(p, 1, s, strlen(s), 0);
}

static char *text(apr_pool_t *p, const char *s)
{
    return tokenize(p, 0, s, strlen(s), 0);
}

#define ck_assert_has(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "missing <%s> in:\n%s", (needle), (hay))
#define ck_assert_hasnt(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "unexpected <%s> in:\n%s", (needle), (hay))

START_TEST(test_html_paragraphs)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, "<html><head><title> 辛店镇 2024 年 报告 </title>"
                      "<script>var s = '<p>no</p>';</script><style>p {}</style></head>"
                      "<body><!-- <p>comment</p> </body> --><h2>一、总体情况</h2>"
                      "<p>第一段&nbsp;&nbsp; 文字\n  继续<br>第二行</p><p> \xE3\x80\x80缩进\xE3\x80\x80 </p>"
                      "<div>A <b>1</b> <i>2</i></div><p>&nbsp;</p><p></p>"
                      "<ul><li>甲</li><li>乙</li></ul>尾</body></html>");
    ck_assert_str_eq(d, "PH 辛店镇 2024 年 报告\n"
                        "PH 一、总体情况\n"
                        "P 第一段 文字 继续\n"
                        "P 第二行\n"
                        "P 缩进\n"
                        "P A 1 2\n"
                        "P 甲\n"
                        "P 乙\n"
                        "P 尾\n");
}
END_TEST

START_TEST(test_html_meta)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, "<head><meta charset=gbk><meta name=\"SiteIDCode\" content=\"3701000001\">"
                      "<META NAME='PubDate' CONTENT=' 2025-01-14 10:00 '>"
                      "<meta http-equiv=refresh content=5><meta name=keywords></head>");
    ck_assert_str_eq(d, "M SiteIDCode=3701000001\nM PubDate=2025-01-14 10:00\n");
}
END_TEST

/* The 2021 table B (三) header as Word exports it, with two data rows. */
static const char table_b[] =
    "<table border=1>"
    "<tr><td rowspan=3 colspan=3><p>（本列数据的勾稽关系为：第一项加第二项之和，</p>"
    "<p>等于第三项加第四项之和）</p></td><td colspan=7>申请人情况</td></tr>"
    "<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>"
    "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
    "<td>其他</td></tr>"
    "<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td>"
    "<td>0</td><td>0</td><td>0</td><td>6</td></tr>"
    "<tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>3</td>"
    "<td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>"
    "<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td>"
    "<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
    "<tr><td>2.其他法律行政法规禁止公开</td><th>0</th><td>0</td><td>0</td><td>0</td>"
    "<td>0</td><td>0</td><td>0</td></tr>"
    "<tr></tr>"
    "</table>";

START_TEST(test_html_table_grid)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, table_b);
    ck_assert_str_eq(d,
        "TS\nRS\n"
        "C 0/3/3 （本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）\n"
        "C 3/7/1 申请人情况\nRE\n"
        "RS\nC 3/1/2 自然人\nC 4/5/1 法人或其他组织\nC 9/1/2 总计\nRE\n"
        "RS\nC 4/1/1 商业企业\nC 5/1/1 科研机构\nC 6/1/1 社会公益组织\nC 7/1/1 法律服务机构\n"
        "C 8/1/1 其他\nRE\n"
        "RS\nC 0/3/1 一、本年新收政府信息公开申请数量\nC 3/1/1 5\nC 4/1/1 1\nC 5/1/1 0\n"
        "C 6/1/1 0\nC 7/1/1 0\nC 8/1/1 0\nC 9/1/1 6\nRE\n"
        "RS\nC 0/1/3 三、本年度办理结果\nC 1/2/1 （一）予以公开\nC 3/1/1 3\nC 4/1/1 \n"
        "C 5/1/1 0\nC 6/1/1 0\nC 7/1/1 0\nC 8/1/1 0\nC 9/1/1 3\nRE\n"
        "RS\nC 1/1/2 （三）不予公开\nC 2/1/1 1.属于国家秘密\nC 3/1/1 0\nC 4/1/1 0\n"
        "C 5/1/1 0\nC 6/1/1 0\nC 7/1/1 0\nC 8/1/1 0\nC 9/1/1 0\nRE\n"
        "RS\nC 2/1/1 2.其他法律行政法规禁止公开\nC 3/1/1 0\nC 4/1/1 0\nC 5/1/1 0\n"
        "C 6/1/1 0\nC 7/1/1 0\nC 8/1/1 0\nC 9/1/1 0\nRE\n"
        "RS\nRE\n"
        "TE\n");
}
END_TEST

START_TEST(test_html_span_limits)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, "<table><tr><td rowspan=65535 colspan=99999>a</td>"
                      "<td colspan=' 300x'>b</td><td>c</td></tr>"
                      "<tr><td>d</td></tr><tr><td rowspan=0 colspan=-3>e</td></tr></table>");
    /* colspan saturates at 256, rowspan at 65534; b fills up to column 512,
     * so c is dropped and its row flagged; later rows start after a's span */
    ck_assert_str_eq(d, "TS\nRS\nC 0/256/65534 a\nC 256/256/1 b\nRET\n"
                        "RS\nC 256/1/1 d\nRE\nRS\nC 256/1/65534 e\nRE\nTE\n");
}
END_TEST

START_TEST(test_html_layout_table)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, "<table><tr><td>页眉</td></tr><tr><td>正文开头"
                      "<table><tr><th>行政许可</th><td>0</td></tr></table>"
                      "<p>正文</p>结尾</td><td>侧栏</td></tr></table><p>页脚</p>");
    ck_assert_str_eq(d, "TS\nRS\nC 0/1/1 页眉\nRE\nTE\n"
                        "P 正文开头\n"
                        "TS\nRS\nC 0/1/1 行政许可\nC 1/1/1 0\nRE\nTE\n"
                        "P 正文\nP 结尾\nP 侧栏\nP 页脚\n");
    /* the layout table whose first cell holds the data never shows */
    d = html(p, "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>");
    ck_assert_str_eq(d, "TS\nRS\nC 0/1/1 1\nRE\nTE\n");
}
END_TEST

START_TEST(test_html_pre)
{
    apr_pool_t *p = gik_test_pool();
    char *d = html(p, "<p>前</p><pre>信息内容\t本年制发件数\t现行有效件数\r\n"
                      "规章\t0\t<b>0</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n说明  文字</pre>后");
    ck_assert_str_eq(d, "P 前\n"
                        "TS\nRS\nC 0/1/1 信息内容\nC 1/1/1 本年制发件数\nC 2/1/1 现行有效件数\nRE\n"
                        "RS\nC 0/1/1 规章\nC 1/1/1 0\nC 2/1/1 0\nRE\nTE\n"
                        "TS\nRS\nC 0/1/1 a\nC 1/1/1 b\nRE\nRS\nC 0/1/1 1\nC 1/1/1 2\nRE\nTE\n"
                        "P 说明 文字\nP 后\n");
}
END_TEST

START_TEST(test_html_text_limit)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t n = 3 * GIK_MAX_TEXT, i;
    char *page = apr_palloc(p, n + 64), *d, *line;
    strcpy(page, "<p>");
    for (i = 3; i + 3 <= n; i += 3) {
        memcpy(page + i, "\xE4\xB8\xAD", 3);    /* 中, so a byte cut would split it */
    }
    strcpy(page + i, "</p><p>x</p>");
    d = html(p, page);
    ck_assert(strncmp(d, "PT ", 3) == 0);
    line = strchr(d, '\n');
    ck_assert_ptr_nonnull(line);
    /* cut on a character boundary at most GIK_MAX_TEXT bytes */
    ck_assert_uint_eq((apr_size_t)(line - d - 3), GIK_MAX_TEXT - GIK_MAX_TEXT % 3);
    ck_assert_str_eq(line + 1, "P x\n");
}
END_TEST

START_TEST(test_html_deep_nesting)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t n = 100000, i, len;
    char *page = apr_palloc(p, n * 11 + 64), *o = page, *d;
    for (i = 0; i < n; i++) {
        memcpy(o, "<div>", 5);
        o += 5;
    }
    memcpy(o, "深", 3);
    o += 3;
    for (i = 0; i < n; i++) {
        memcpy(o, "</div>", 6);
        o += 6;
    }
    len = (apr_size_t)(o - page);
    d = tokenize(p, 1, page, len, 4096);
    ck_assert_str_eq(d, "P 深\n");
    /* 20,000 nested tables, never closed: balanced output all the same */
    o = page;
    for (i = 0; i < 20000; i++) {
        memcpy(o, "<table><tr><td>", 15);
        o += 15;
    }
    d = tokenize(p, 1, page, (apr_size_t)(o - page), 4096);
    ck_assert_ptr_nonnull(d);
}
END_TEST

/* Feeding one byte at a time gives exactly the one-shot token stream. */
START_TEST(test_split_independence)
{
    apr_pool_t *p = gik_test_pool();
    const char *page = apr_pstrcat(p, "<html><head><title>报告</title>"
                                   "<meta name=PubDate content=2025-01-14></head><body>"
                                   "<p>一、总体情况 &nbsp;文字&#20013;&amp;</p>", table_b,
                                   "<pre>a\tb\r\nc\td</pre><p>完</p></body></html>", NULL);
    char *one = html(p, page);
    char *bytes = tokenize(p, 1, page, strlen(page), 1);
    char *sevens = tokenize(p, 1, page, strlen(page), 7);
    ck_assert_str_eq(bytes, one);
    ck_assert_str_eq(sevens, one);
    ck_assert_has(one, "P 一、总体情况 文字中&\n");
}
END_TEST

/* libxml2's push parser alone depends on chunk ends (this soup came from a
 * fuzzer); over several parse blocks the tokens must still be identical. */
START_TEST(test_split_independence_soup)
{
    apr_pool_t *p = gik_test_pool();
    const char *soup = "中文<td rowspan=2>\ta\n<td rowspan=2></p><script><meta name=a content=b>"
                       "<style></b>|本年\n<br>\n</style><td><br>&nbsp;<style><!--<<style>"
                       "<table>| a |中文\xE3\x80\x80x\ty\n三、\n\n<h1>| a |本年\n1<td>本年\n"
                       "</pre>\n</script><b>&</style>三、\n-->x\ty\n</b>\n<style><pre><tr>"
                       "</style>---<script>--><script><p><td rowspan=0 colspan=600><style>"
                       "</h1>\ta\n</b>\n<td rowspan=2>中文| a |</b><div>--><th colspan=3>中文"
                       "</script></script><b></style><pre>---\n<tr><div><h1>\n";
    char *page = "";
    char *one;
    int i;
    static const apr_size_t chunks[] = { 1, 5, 4093, 10000 };
    for (i = 0; i < 12; i++) {
        page = apr_pstrcat(p, page, table_b, soup, NULL);
    }
    one = html(p, page);
    for (i = 0; i < 4; i++) {
        ck_assert_str_eq(tokenize(p, 1, page, strlen(page), chunks[i]), one);
    }
}
END_TEST

START_TEST(test_text_kinds)
{
    apr_pool_t *p = gik_test_pool();
    /* CR, CRLF and LF; trailing spaces go, trailing TABs are empty fields */
    char *d = text(p, "标题  \r第一段\xE3\x80\x80\r\n甲\t1\t\t\n乙\t2\t3\t\n\n"
                      "| 信息内容 | 本年制发件数 |\n|:---|---:|\n| 规章 | 0 |\n"
                      "尾段");
    ck_assert_str_eq(d, "P 标题\nP 第一段\n"
                        "TS\nRS\nC 0/1/1 甲\nC 1/1/1 1\nC 2/1/1 \nC 3/1/1 \nRE\n"
                        "RS\nC 0/1/1 乙\nC 1/1/1 2\nC 2/1/1 3\nC 3/1/1 \nRE\nTE\n"
                        "TS\nRS\nC 0/1/1 信息内容\nC 1/1/1 本年制发件数\nRE\n"
                        "RS\nC 0/1/1 规章\nC 1/1/1 0\nRE\nTE\n"
                        "P 尾段\n");
}
END_TEST

START_TEST(test_text_flattened)
{
    apr_pool_t *p = gik_test_pool();
    char *d = text(p, "\t信息内容\n\t本年制发件数\n\n\t\n\t三、\n本年\n度办\n理结\n果\n"
                      "\t（一）予以公开\n\t0\n\n\tab\ncd\n\t12\n 四、政府信息公开行政复议情况\n");
    ck_assert_str_eq(d, "TS\nRS\nC 0/1/1f 信息内容\nC 1/1/1f 本年制发件数\nRE\n"
                        "RS\nC 0/1/1f \nC 1/1/1f 三、本年度办理结果\nC 2/1/1f （一）予以公开\n"
                        "C 3/1/1f 0\nRE\n"
                        "RS\nC 0/1/1f ab cd\nC 1/1/1f 12\nRE\nTE\n"
                        "P 四、政府信息公开行政复议情况\n");
    /* two blank lines end a flattened table */
    d = text(p, "\ta\n\n\n\tb\n");
    ck_assert_str_eq(d, "TS\nRS\nC 0/1/1f a\nRE\nTE\nTS\nRS\nC 0/1/1f b\nRE\nTE\n");
}
END_TEST

/* Layout text (pdftotext -layout): labels wrapped above and below their
 * numbers, a category printed beside the rows, a page number inside the
 * table, a title over two centred lines, numbers inside a sentence. */
START_TEST(test_text_layout)
{
    apr_pool_t *p = gik_test_pool();
    char *d = text(p,
        "          某某镇人民政府\n"
        "      2024 年政府信息公开工作年度报告\n"
        "\n"
        "全年主动公开政府信息 1136 条。\n"
        "信息内容      本年制发件数    本年废止件数\n"
        "规章            1          0\n"
        "\n"
        "      （一）予以公开          12    0    12\n"
        "      （二）部分公开（区分处理的，只计这一情\n"
        "                                4    0    4\n"
        "      形，不计其他情形）\n"
        "\n"
        "               1、申请人无正当理由逾期不补\n"
        "\n"
        "               正、行政机关不再处理其政府信     67    3    70\n"
        "               息公开申请\n"
        "     （六）其\n"
        "               2、申请人逾期未按收费通知要\n"
        "     他处理\n"
        "               求缴纳费用、行政机关不再处理     6     0     6\n"
        "               其政府信息公开申请\n"
        "                          -4-\n"
        "本            3、其他        1     0     1\n");
    ck_assert_str_eq(d,
        "PH 某某镇人民政府2024 年政府信息公开工作年度报告\n"
        "P 全年主动公开政府信息 1136 条。\n"
        "TS\nRS\nC -1/1/1f 信息内容\nC -1/1/1f 本年制发件数\nC -1/1/1f 本年废止件数\nRE\n"
        "RS\nC 0/1/1f 规章\nC 1/1/1f 1\nC 2/1/1f 0\nRE\n"
        "RS\nC 0/1/1f （一）予以公开\nC 1/1/1f 12\nC 2/1/1f 0\nC 3/1/1f 12\nRE\n"
        "RS\nC 0/1/1f （二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        "C 1/1/1f 4\nC 2/1/1f 0\nC 3/1/1f 4\nRE\n"
        "RS\nC 0/1/1f 1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        "C 1/1/1f 67\nC 2/1/1f 3\nC 3/1/1f 70\nRE\n"
        "P （六）其\n"
        "P 他处理\n"
        "RS\nC 0/1/1f 2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n"
        "C 1/1/1f 6\nC 2/1/1f 0\nC 3/1/1f 6\nRE\n"
        "RS\nC 0/1/1f 本\nC 1/1/1f 3、其他\nC 2/1/1f 1\nC 3/1/1f 0\nC 4/1/1f 1\nRE\nTE\n");
    /* wide spaces without numbers near are a sentence, not a header */
    d = text(p, "说明  文字\n");
    ck_assert_str_eq(d, "P 说明 文字\n");
    /* a header split over lines: the words under a header complete it */
    d = text(p, "结果   结果     其他\n            总 计\n维持   纠正     结果\n\n"
                "1      2        3\n");
    ck_assert_str_eq(d, "TS\nRS\nC -1/1/1f 结果维持\nC -1/1/1f 结果纠正\nC -1/1/1f 其他结果\nRE\n"
                        "P 总 计\n"
                        "RS\nC 0/1/1f 1\nC 1/1/1f 2\nC 2/1/1f 3\nRE\nTE\n");
}
END_TEST

/* Flattened text: a metadata header, then the report in one line.  The
 * heading is cut from its text, the words of a row before item numbers and
 * header words at the template's column headers (自然人), the item number 2.
 * is not a digit of the run before it, a blank inside a run stays (it is a
 * cell boundary). */
START_TEST(test_text_flat_line)
{
    apr_pool_t *p = gik_test_pool();
    char *d = text(p, "标题: 某区2021年度报告\n发布时间: 2022-02-08\n"
                      "前言。一、总体情况我区推进公开。三、收到和处理政府信息公开申请情况"
                      "申请人情况自然人（三）不予公开1.属于国家秘密00000002.其他1000 001"
                      "（七）总计12六、其他需要报告的事项无。\n");
    ck_assert_str_eq(d,
        "PH 某区2021年度报告\n"
        "M PubDate=2022-02-08\n"
        "P 前言。\nP 一、总体情况\nP 我区推进公开。\n"
        "P 三、收到和处理政府信息公开申请情况\n"
        "TS\nRS\nC 0/1/1f 申请人情况\nC 1/1/1f 自然人\nC 2/1/1f （三）不予公开\n"
        "C 3/1/1f 1.属于国家秘密\nC 4/1/1fj 0000000\nRE\n"
        "RS\nC 0/1/1f 2.其他\nC 1/1/1fj 1000 001\nRE\n"
        "RS\nC 0/1/1f （七）总计\nC 1/1/1fj 12\nRE\nTE\n"
        "P 六、其他需要报告的事项\nP 无。\n");
}
END_TEST

/* A heading misprinted by one character still cuts the flattened line
 * where it ends: a changed character (总休), an added one (行政法复议), and
 * the text it runs into stays out of it. */
START_TEST(test_text_flat_misprinted_heading)
{
    apr_pool_t *p = gik_test_pool();
    char *d = text(p, "标题: 某区2021年度报告\n"
                      "一、总休情况2021年，我区推进公开。"
                      "四、政府信息公开行政法复议、行政诉讼情况本年无复议。"
                      "六、其它需要报告的事项无。\n");
    ck_assert_str_eq(d,
        "PH 某区2021年度报告\n"
        "P 一、总休情况\nP 2021年，我区推进公开。\n"
        "P 四、政府信息公开行政法复议、行政诉讼情况\nP 本年无复议。\n"
        "P 六、其它需要报告的事项\nP 无。\n");
}
END_TEST

/* The seeds split every which way give the same tokens. */
START_TEST(test_seeds_split_independence)
{
    apr_pool_t *p = gik_test_pool();
    int i;
    for (i = 0; i < 5; i++) {
        apr_size_t len;
        char *s = gik_test_read(p, gik_test_seeds[i], &len);
        char *one = tokenize(p, 0, s, len, 0);
        ck_assert_str_eq(tokenize(p, 0, s, len, 1), one);
        ck_assert_str_eq(tokenize(p, 0, s, len, 13), one);
    }
}
END_TEST

/* The rows of a text table, each as "cell|cell|..." for row matching. */
static int has_row(const char *d, const char *cells)
{
    return strstr(d, cells) != NULL;
}

START_TEST(test_seed_000)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *s = gik_test_read(p, gik_test_seeds[0], &len);
    char *d = tokenize(p, 0, s, len, 0);
    ck_assert(has_row(d, "RS\nC 0/1/1 行政规范性文件\nC 1/1/1 2\nC 2/1/1 1\nC 3/1/1 1\nRE\n"));
    ck_assert(has_row(d, "RS\nC 0/1/1 行政处罚\nC 1/1/1 1\nC 2/1/1 \nC 3/1/1 \nRE\n"));
    ck_assert_has(d, "P 辛店镇 2024 年政府信息公开工作年度报告\n");
    /* table 四: 15 zeros in one row */
    ck_assert_has(d, "C 14/1/1 0\nRE\nTE\n");
}
END_TEST

START_TEST(test_seed_002_page_break)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *s = gik_test_read(p, gik_test_seeds[2], &len);
    char *d = tokenize(p, 0, s, len, 0);
    /* the blank line inside table 三 splits it in two; both halves are tables */
    ck_assert_has(d, "4. 保护第三方合法权益");
    ck_assert_has(d, "RE\nTE\nTS\nRS\n");
}
END_TEST

START_TEST(test_seed_003_flattened)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *s = gik_test_read(p, gik_test_seeds[3], &len);
    char *d = tokenize(p, 0, s, len, 0);
    ck_assert_has(d, "C 0/1/1f 三、本年度办理结果\nC 1/1/1f （一）予以公开\n");
    ck_assert_hasnt(d, "P 本年\n");
    ck_assert_has(d, "RS\nC 0/1/1f 规范性文件\nC 1/1/1f 0\nC 2/1/1f 0\nC 3/1/1f 0\nRE\n");
    /* " 四、…" right after the last number ends the table as a paragraph */
    ck_assert_has(d, "C 7/1/1f 0\nRE\nTE\nP 四、政府信息公开行政复议、行政诉讼情况\n");
    ck_assert_has(d, "P [bookmark: _GoBack]");
    ck_assert_has(d, "P 2025年1月14日\n");
}
END_TEST

START_TEST(test_seed_004_markdown)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *s = gik_test_read(p, gik_test_seeds[4], &len);
    char *d = tokenize(p, 0, s, len, 0);
    ck_assert_has(d, "TS\nRS\nC 0/1/1 第二十条第（一）项\nC 1/1/1 \nC 2/1/1 \nC 3/1/1 \nRE\n"
                     "RS\nC 0/1/1 信息内容\nC 1/1/1 本年制发件数\n");
    ck_assert_hasnt(d, "---");
    ck_assert_has(d, "RS\nC 0/1/1 规章\nC 1/1/1 0\nC 2/1/1 0\nC 3/1/1 0\nRE\n");
}
END_TEST

START_TEST(test_seed_001_tsv)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    char *s = gik_test_read(p, gik_test_seeds[1], &len);
    char *d = tokenize(p, 0, s, len, 0);
    /* line 74: "(七) 总计" with its values one field to the left */
    ck_assert_has(d, "C 0/1/1 (七) 总计\nC 1/1/1 0\n");
    ck_assert_has(d, "Work 规范");
}
END_TEST

/* gik_textbuf_append reads eight bytes at a time up to a possible space:
 * random texts of spaces (ASCII, U+00A0), near misses (0x01, U+00A9) and
 * CJK at every alignment, whole and in two pieces, against folding them
 * one character at a time. */
START_TEST(test_textbuf_spaces)
{
    static const char *const parts[] = { "a", " ", "\t", "\n", "\r", "\v", "\f", "\x01", "\xC2\xA0",
                                         "\xC2\xA9", "\xE4\xB8\xAD", "xyz12345" };
    unsigned seed = 7;
    int round;
    for (round = 0; round < 3000; round++) {
        char in[256], want[256];
        apr_size_t n = 0, w = 0, len, cut;
        int k, count, pending = 0;
        gik_textbuf b;
        const char *got;
        seed = seed * 1103515245u + 12345u;
        count = (int)((seed >> 16) % 24);
        for (k = 0; k < count; k++) {
            const char *part;
            seed = seed * 1103515245u + 12345u;
            part = parts[(seed >> 16) % (sizeof(parts) / sizeof(parts[0]))];
            memcpy(in + n, part, strlen(part));
            n += strlen(part);
            /* the reference: a run of spaces is one space, none at the ends */
            if (strchr(" \t\n\r\v\f", part[0]) || strcmp(part, "\xC2\xA0") == 0) {
                pending = w > 0;
            }
            else {
                if (pending) {
                    want[w++] = ' ';
                }
                pending = 0;
                memcpy(want + w, part, strlen(part));
                w += strlen(part);
            }
        }
        want[w] = '\0';
        seed = seed * 1103515245u + 12345u;
        cut = n ? (seed >> 16) % (n + 1) : 0;
        while (cut > 0 && cut < n && ((unsigned char)in[cut] & 0xC0) == 0x80) {
            cut--;      /* whole characters per append */
        }
        if (cut > 0 && cut < n && (unsigned char)in[cut - 1] == 0xC2) {
            cut--;
        }
        gik_textbuf_reset(&b);
        gik_textbuf_append(&b, in, cut);
        gik_textbuf_append(&b, in + cut, n - cut);
        got = gik_textbuf_text(&b, &len);
        ck_assert_msg(strcmp(got, want) == 0, "round %d: got \"%s\", want \"%s\"", round, got,
                      want);
        ck_assert_uint_eq(len, w);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_html_paragraphs);
    tcase_add_test(tc, test_html_meta);
    tcase_add_test(tc, test_html_table_grid);
    tcase_add_test(tc, test_html_span_limits);
    tcase_add_test(tc, test_html_layout_table);
    tcase_add_test(tc, test_html_pre);
    tcase_add_test(tc, test_html_text_limit);
    tcase_add_test(tc, test_html_deep_nesting);
    tcase_add_test(tc, test_textbuf_spaces);
    tcase_add_test(tc, test_split_independence);
    tcase_add_test(tc, test_split_independence_soup);
    tcase_add_test(tc, test_text_kinds);
    tcase_add_test(tc, test_text_flattened);
    tcase_add_test(tc, test_text_layout);
    tcase_add_test(tc, test_text_flat_line);
    tcase_add_test(tc, test_text_flat_misprinted_heading);
    tcase_add_test(tc, test_seeds_split_independence);
    tcase_add_test(tc, test_seed_000);
    tcase_add_test(tc, test_seed_001_tsv);
    tcase_add_test(tc, test_seed_002_page_break);
    tcase_add_test(tc, test_seed_003_flattened);
    tcase_add_test(tc, test_seed_004_markdown);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
