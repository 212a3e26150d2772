/*
 * check_slim.c - start tags lose the attributes nobody reads before libxml2
 * (gik_tokenize_slim.c): what is taken out, what is left alone, where the
 * stage stops for good, and that the tokens are the same with it or not.
 * The expected blocks below are written by hand from the grammar in
 * gik_tokenize_slim.c, not taken from the code's output.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_tokenize_slim.h"
#include "fuzz_common.h"

static const char *slimmed(gik_html_slim *s, const char *in)
{
    char *b = apr_pstrdup(gik_test_pool(), in);
    apr_size_t n = gik_html_slim_block(s, b, strlen(b));
    b[n] = '\0';
    return b;
}

static const struct {
    const char *what, *in, *want;
    gik_slim_mode after;
} blocks[] = {
    { "attributes of a div", "<div class=\"a\" id=b>x</div>", "<div>x</div>", GIK_SLIM_CONTENT },
    { "cells and meta keep theirs",
      "<td colspan=\"2\" class=c>1</td><TH rowspan=2>2</TH><META name=a content=b>",
      "<td colspan=\"2\" class=c>1</td><TH rowspan=2>2</TH><META name=a content=b>",
      GIK_SLIM_CONTENT },
    { "'/>' stays: libxml2 ends the element there", "<br /><img src=x /><br/>",
      "<br/><img/><br/>", GIK_SLIM_CONTENT },
    { "a plain value holds the '/'", "<a href=x/>y</a>", "<a>y</a>", GIK_SLIM_CONTENT },
    { "blanks and newlines", "<p\n  class=\"x\"\r\n\tid = 'y' hidden >z", "<p>z", GIK_SLIM_CONTENT },
    { "values hold the other quote", "<div title=\"a'b\" data-x='\"'>c", "<div>c",
      GIK_SLIM_CONTENT },
    { "values holding '<' or '>' stay", "<div title=\"a>b\">c<p onclick='f(\"<\")'>d<i class=x>",
      "<div title=\"a>b\">c<p onclick='f(\"<\")'>d<i>", GIK_SLIM_CONTENT },
    { "script text is not markup, and goes",
      "<script type=\"t\">var a='<div class=x>';</script><div class=y>",
      "<script></script><div>", GIK_SLIM_CONTENT },
    { "style, any case", "<STYLE media=all>p{}</STYLE ><b class=x>",
      "<STYLE></STYLE ><b>", GIK_SLIM_CONTENT },
    { "script left open at the end of the block", "<script src=a.js>var a = 1;",
      "<script>", GIK_SLIM_RAW },
    { "a comment is not markup", "<!-- <div class=x> --><p class=y>", "<!-- <div class=x> --><p>",
      GIK_SLIM_CONTENT },
    { "doctype with its literals",
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://x/y.dtd\"><p class=x>",
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://x/y.dtd\"><p>",
      GIK_SLIM_CONTENT },
    { "end tags and text pass", "a < b</p class=x><p>1 <3</p>", "a < b</p class=x><p>1 <3</p>",
      GIK_SLIM_CONTENT },
    /* libxml2 takes "</" without a name as two bytes and reads on: here a tag
     * whose quoted value runs over the next line (then off the grammar) */
    { "'</' without a name", "x</ y</<b class=z>w</<a href=\"p>\n<p class=\"y\">z",
      "x</ y</<b>w</<a href=\"p>\n<p class=\"y\">z", GIK_SLIM_OFF },
    /* off the grammar: the stage stops, the rest goes as it came */
    { "a quote in an attribute name", "<p class=x><a b\"c>d\"><p class=y>",
      "<p><a b\"c>d\"><p class=y>", GIK_SLIM_OFF },
    { "attributes not after a blank", "<p class=\"x\"class=\"y\">z<i class=a>",
      "<p class=\"x\"class=\"y\">z<i class=a>", GIK_SLIM_OFF },
    { "a processing instruction", "<?php x ?><p class=x>", "<?php x ?><p class=x>", GIK_SLIM_OFF },
    { "'--!>' ends a comment for libxml2", "<!-- a --!> <p class=x> -->",
      "<!-- a --!> <p class=x> -->", GIK_SLIM_OFF },
    { "'</scriptx' ends script text, not the element",
      "<script>x</scriptx><p class=y></script>", "<script>x</scriptx><p class=y></script>",
      GIK_SLIM_OFF },
    { "CDATA", "<![CDATA[x]]><p class=y>", "<![CDATA[x]]><p class=y>", GIK_SLIM_OFF },
    { "a tag cut by the end of the block", "<p class=x>a<div class=", "<p>a<div class=",
      GIK_SLIM_OFF },
    { "a '<' at the end", "<p class=x>a<", "<p>a<", GIK_SLIM_OFF },
    { "a plain value with a quote", "<p class=a\"b>x", "<p class=a\"b>x", GIK_SLIM_OFF },
    { "a form feed is no blank to libxml2", "<p\fclass=x>y", "<p\fclass=x>y", GIK_SLIM_OFF },
};
#define NBLOCKS ((int)(sizeof(blocks) / sizeof(blocks[0])))

START_TEST(test_block)
{
    gik_html_slim s = { GIK_SLIM_CONTENT, NULL };
    const char *got = slimmed(&s, blocks[_i].in);

    ck_assert_msg(strcmp(got, blocks[_i].want) == 0, "%s: got \"%s\"", blocks[_i].what, got);
    ck_assert_msg(s.mode == blocks[_i].after, "%s: mode %d", blocks[_i].what, (int)s.mode);
}
END_TEST

/* State carries from block to block: script text, and "off" for good. */
START_TEST(test_blocks_in_a_row)
{
    gik_html_slim s = { GIK_SLIM_CONTENT, NULL };

    ck_assert_str_eq(slimmed(&s, "<p class=a>1<script id=s>var x = 1;"), "<p>1<script>");
    ck_assert_str_eq(slimmed(&s, "var y = '<b class=z>';</script><p class=b>"), "</script><p>");
    ck_assert_str_eq(slimmed(&s, "<?x?>"), "<?x?>");
    ck_assert_int_eq(s.mode, GIK_SLIM_OFF);
    ck_assert_str_eq(slimmed(&s, "<p class=c>"), "<p class=c>");
}
END_TEST

/* The parse is the same with the stage or without, fed in any pieces. */
static const char page_mixed[] =
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://w/x.dtd\">\n"
    "<html><head><meta charset=\"utf-8\"><meta name=\"ArticleTitle\" content=\"年度报告\">\n"
    "<title lang=zh>某县2023年政府信息公开工作年度报告</title>\n"
    "<style type=\"text/css\">td { color: red } /* <div class=\"x\"> */</style>\n"
    "<script type=\"text/javascript\">var s = '<td colspan=\"3\">'; if (a < b) {}</script>\n"
    "</head><body class=\"main\" onload='f(\"<\")'><!-- <table border=1> -->\n"
    "<div id=a title=\"a>b\" data-x='\"'><img src=/a.png alt=\"图\" /><br/><br / ></div>\n"
    "<h2 class=t>一、总体情况</h2><p style=\"text-indent:2em\">本年度主动公开<span class=n>12</span>条。</p>\n"
    "<table border=\"1\" cellpadding=0><tr class=r><td colspan=\"2\" rowspan=2 class=\"c\">1</td>"
    "<th colspan=3>2</th></tr>\n<tr><td>3<a href=x/>y</a></td></tr></table>\n"
    "<p class=\"x\"class=\"y\">z</p><a b\"c>d\">e</a><div class=after>after</div></body></html>\n";

START_TEST(test_same_tokens)
{
    static const apr_size_t steps[] = { 1, 2, 3, 7, 64, 4096 };
    apr_pool_t *p = gik_test_pool();
    apr_size_t len = sizeof(page_mixed) - 1;
    const char *plain = fuzz_html_tokens(p, page_mixed, len, 0, len);
    int k;

    ck_assert_ptr_nonnull(strstr(plain, "\n3|2|3|1|"));    /* the th: column 2, colspan 3 */
    for (k = 0; k < (int)(sizeof(steps) / sizeof(steps[0])); k++) {
        const char *slim = fuzz_html_tokens(p, page_mixed, len, 1, steps[k]);
        ck_assert_msg(strcmp(plain, slim) == 0, "fed by %lu: tokens differ:\n%s\n---\n%s",
                      (unsigned long)steps[k], plain, slim);
    }
}
END_TEST

/* A page (a fuzzed report) whose "</<a href=..." once read as an end tag to
 * the first '>' here, where libxml2 read an <a> whose value ran over two
 * paragraphs: table A became text with the stage on. */
START_TEST(test_same_tokens_end_tag_without_name)
{
    static const char page[] =
        "<html><body><p>(四) 平台</p><p style=\"t\">(五) 监督保障</<a href=\"p>\n"
        "<p style=\"text-indent:2em\">将政务公开工作纳入考核。</p>\n"
        "<p class=\"x\">二、主动公开政府信息情况</p>\n<table border=\"1\"><tr>"
        "<td colspan=\"4\">第二十条第(一)项</td></tr></table></body></html>";
    apr_pool_t *p = gik_test_pool();
    const char *plain = fuzz_html_tokens(p, page, sizeof(page) - 1, 0, sizeof(page) - 1);
    const char *slim = fuzz_html_tokens(p, page, sizeof(page) - 1, 1, sizeof(page) - 1);

    ck_assert_msg(strcmp(plain, slim) == 0, "tokens differ:\n%s\n---\n%s", plain, slim);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("slim");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_block, 0, NBLOCKS);
    tcase_add_test(tc, test_blocks_in_a_row);
    tcase_add_test(tc, test_same_tokens);
    tcase_add_test(tc, test_same_tokens_end_tag_without_name);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
