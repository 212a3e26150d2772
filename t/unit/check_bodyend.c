/*
 * check_bodyend.c - the </body> finder: what counts as the last real </body>,
 * and that the answer never depends on how the bytes are split.
 */
#include <string.h>
#include "gik_test.h"
#include "gik_bodyend.h"

static apr_off_t last_of(const char *page, apr_size_t len)
{
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());
    gik_bodyend_feed(s, page, len);
    return gik_bodyend_last(s);
}

/* Offset of the last occurrence of needle in page (the expected answer). */
static apr_off_t rindex_of(const char *page, const char *needle)
{
    const char *hit = NULL, *p = page;
    while ((p = strstr(p, needle)) != NULL) {
        hit = p++;
    }
    return hit ? (apr_off_t)(hit - page) : -1;
}

static const char page_tricky[] =
    "<!DOCTYPE html><html><head><title>a </body> title</title>\n"
    "<style>p::after { content: \"</body>\"; }</style>\n"
    "<script>var s = \"</body>\"; if (a < b && c > d) {}</script>\n"
    "<![CDATA[ x ]]>\n"
    "<iframe></body></iframe><noframes></body></noframes>\n"
    "</head><body class=\"x\" data-x='</body>' onclick=\"f('</body>')\">\n"
    "<!-- </body> -- still a comment -->\n"
    "<textarea></body></textarea>\n"
    "<p>1 < 2</p></BODY >\n"
    "<!-- trailer </body> -->\n"
    "</html>\n";

/* One page each: where its last real </body> starts, -1 for none. */
static const struct {
    const char *what;
    const char *page;
    apr_off_t want;
} pages[] = {
    { "simple", "<html><body><p>x</p></body></html>", 20 },
    { "two: the last", "<body>a</body>b</body>\n", 15 },
    { "only in a comment", "<body><!-- </body> --></html>", -1 },
    { "only in a script string", "<body><script>document.write('</body>')</script>", -1 },
    { "only in attributes", "<body><a title=\"</body>\" href='</body>'>x</a>", -1 },
    { "only in a style sheet", "<body><STYLE type=text/css>/* </body> */</STYLE  >", -1 },
    { "upper case, space before >", "<BODY>x</BODY \n\t>", 7 },
    { "names that are not body", "<body></bodyx></bod></tbody>", -1 },
    { "no markup", "plain text, no markup at all", -1 },
    { "empty", "", -1 },
    /* after the script really ends, </body> counts again */
    { "after a script", "<body><script>x=\"</script>\"</script></body>", 36 },
    /* in HTML content "<![CDATA[" is a bogus comment ending at the first '>' */
    { "after a bogus comment", "<body><![CDATA[ a > </body> b ]]>", 20 },
    { "in a bogus comment", "<body><![CDATA[ a </body> b ]]>", -1 },
    { "in a processing instruction", "<body><?php echo '</body>' ?>", -1 },
    { "in plaintext", "<body><plaintext></plaintext></body>", -1 },
    /* tags that do not matter are skipped whole: their quoted values too */
    { "in a value of another tag", "<body><div title=\"></body>\" class='x>'></div>", -1 },
    { "after a value holding '>'", "<body><div title=\"a>b\"></body>", 23 },
    { "after an upper-case tag over lines", "<body><A\nhref=x/></body ><Span>", 17 },
};
#define NPAGES ((int)(sizeof(pages) / sizeof(pages[0])))

START_TEST(test_last)
{
    apr_off_t got = last_of(pages[_i].page, strlen(pages[_i].page));

    ck_assert_msg(got == pages[_i].want, "%s: last </body> at %" APR_OFF_T_FMT ", want %"
                  APR_OFF_T_FMT, pages[_i].what, got, pages[_i].want);
}
END_TEST

START_TEST(test_ignored_places)
{
    apr_off_t want = rindex_of(page_tricky, "</BODY >");
    ck_assert_int_ge(want, 0);
    ck_assert_int_eq(last_of(page_tricky, strlen(page_tricky)), want);
}
END_TEST

START_TEST(test_body_start)
{
    const char *page = "<html><head></head><body class=\"a>b\">x</body>";
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());
    gik_bodyend_feed(s, page, strlen(page));
    ck_assert_int_eq(gik_bodyend_body_start(s), strchr(page, 'x') - page);
    ck_assert_int_eq(gik_bodyend_offset(s), (apr_off_t)strlen(page));
}
END_TEST

START_TEST(test_pending)
{
    const char *page = "<body>x</bo";
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());
    gik_bodyend_feed(s, page, strlen(page));
    ck_assert_int_eq(gik_bodyend_last(s), -1);
    ck_assert_int_eq(gik_bodyend_pending(s), 7);
    gik_bodyend_feed(s, "dy ", 3);
    ck_assert_int_eq(gik_bodyend_pending(s), 7);
    gik_bodyend_feed(s, ">", 1);
    ck_assert_int_eq(gik_bodyend_pending(s), -1);
    ck_assert_int_eq(gik_bodyend_last(s), 7);
    /* "</bx" is no longer a candidate */
    gik_bodyend_feed(s, "</bx", 4);
    ck_assert_int_eq(gik_bodyend_pending(s), -1);
    gik_bodyend_feed(s, "><", 2);
    ck_assert_int_eq(gik_bodyend_pending(s), 20);
}
END_TEST

/* Feeds page in two parts at every split point, and byte by byte: the
 * answers (last, body start) must equal the one-piece answer. */
static void check_splits(const char *page, apr_size_t len)
{
    apr_pool_t *p = gik_test_pool();
    gik_bodyend *whole = gik_bodyend_create(p);
    apr_size_t cut, i;

    gik_bodyend_feed(whole, page, len);
    for (cut = 0; cut <= len; cut++) {
        gik_bodyend *s = gik_bodyend_create(p);
        gik_bodyend_feed(s, page, cut);
        gik_bodyend_feed(s, page + cut, len - cut);
        ck_assert_msg(gik_bodyend_last(s) == gik_bodyend_last(whole),
                      "split at %lu: %ld != %ld", (unsigned long)cut,
                      (long)gik_bodyend_last(s), (long)gik_bodyend_last(whole));
        ck_assert_int_eq(gik_bodyend_body_start(s), gik_bodyend_body_start(whole));
        ck_assert_int_eq(gik_bodyend_placeholder(s), gik_bodyend_placeholder(whole));
    }
    {
        gik_bodyend *s = gik_bodyend_create(p);
        for (i = 0; i < len; i++) {
            gik_bodyend_feed(s, page + i, 1);
            /* pending never points past what was fed, nor before the last */
            ck_assert_int_le(gik_bodyend_pending(s), (apr_off_t)i);
        }
        ck_assert_int_eq(gik_bodyend_last(s), gik_bodyend_last(whole));
        ck_assert_int_eq(gik_bodyend_body_start(s), gik_bodyend_body_start(whole));
        ck_assert_int_eq(gik_bodyend_placeholder(s), gik_bodyend_placeholder(whole));
    }
}

/* Where a CMS template reserves the badge's place: just past the first
 * real <!--gikreport--> comment. */
static const char page_placeholder[] =
    "<html><head><script>var t = '<!--gikreport-->';</script></head>\n"
    "<body><div class=\"nav\">site header</div>\n"
    "<p title=\"<!--gikreport-->\">x</p><!--gikreport:begin--><!--gikreport:end-->\n"
    "<!-- gikreport is great --><!--gikreportx-->\n"
    "<div class=\"article\"><!-- gikreport --><h1>report</h1>\n"
    "<!--gikreport--></div><div class=\"footer\">主办单位</div></body></html>";

START_TEST(test_placeholder)
{
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());
    const char *want = strstr(page_placeholder, "<!-- gikreport -->");

    gik_bodyend_feed(s, page_placeholder, sizeof(page_placeholder) - 1);
    ck_assert_int_eq(gik_bodyend_placeholder(s),
                     (apr_off_t)(want - page_placeholder) + (apr_off_t)strlen("<!-- gikreport -->"));
    ck_assert_int_eq(gik_bodyend_last(s), rindex_of(page_placeholder, "</body>"));
    check_splits(page_placeholder, sizeof(page_placeholder) - 1);

    s = gik_bodyend_create(gik_test_pool());
    gik_bodyend_feed(s, page_tricky, strlen(page_tricky));
    ck_assert_int_eq(gik_bodyend_placeholder(s), -1);
}
END_TEST

/* A placeholder in <head> is no place for a badge (a <div> there ends the
 * head early, before the page's own <meta> and <link>): the next one in
 * the body is used, or none. */
static const char page_head_placeholder[] =
    "<html><head><title>t</title><!--gikreport--><meta charset=\"utf-8\"></head>\n"
    "<body><div class=\"article\"><h1>report</h1><!--gikreport-->x</div></body></html>";

START_TEST(test_placeholder_in_head)
{
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());
    const char *want = strstr(strstr(page_head_placeholder, "<body>"), "<!--gikreport-->");
    const char *only_head = "<html><head><!--gikreport--></head><body>x</body></html>";

    gik_bodyend_feed(s, page_head_placeholder, sizeof(page_head_placeholder) - 1);
    ck_assert_int_eq(gik_bodyend_placeholder(s),
                     (apr_off_t)(want - page_head_placeholder) + (apr_off_t)strlen("<!--gikreport-->"));
    check_splits(page_head_placeholder, sizeof(page_head_placeholder) - 1);

    s = gik_bodyend_create(gik_test_pool());
    gik_bodyend_feed(s, only_head, strlen(only_head));
    ck_assert_int_eq(gik_bodyend_placeholder(s), -1);
}
END_TEST

/* A NUL byte is part of a tag name (HTML makes it U+FFFD): "script\0" is
 * not <script>, "body\0" not <body>.  (Names were once compared as C
 * strings, where the NUL ended them.) */
START_TEST(test_nul_in_name)
{
    static const char page[] = "<body\0><script\0 >'</body>'</body>";
    gik_bodyend *s = gik_bodyend_create(gik_test_pool());

    gik_bodyend_feed(s, page, sizeof(page) - 1);
    ck_assert_int_eq(gik_bodyend_body_start(s), -1);
    ck_assert_int_eq(gik_bodyend_last(s), (apr_off_t)(sizeof(page) - 1 - strlen("</body>")));
    check_splits(page, sizeof(page) - 1);
}
END_TEST

START_TEST(test_every_split)
{
    check_splits(page_tricky, strlen(page_tricky));
}
END_TEST

START_TEST(test_every_split_gbk)
{
    /* GBK bytes (second bytes in the ASCII range included) around the tag */
    static const char page[] =
        "<html><body><p>\xd5\xfe\xb8\xae\x40\x5c\x7c</p>\xc4\xea</body>\xb1\xa8</html>";
    check_splits(page, sizeof(page) - 1);
    ck_assert_int_eq(last_of(page, sizeof(page) - 1), rindex_of(page, "</body>"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bodyend");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_last, 0, NPAGES);
    tcase_add_test(tc, test_ignored_places);
    tcase_add_test(tc, test_body_start);
    tcase_add_test(tc, test_pending);
    tcase_add_test(tc, test_placeholder_in_head);
    tcase_add_test(tc, test_every_split);
    tcase_add_test(tc, test_nul_in_name);
    tcase_add_test(tc, test_every_split_gbk);
    tcase_add_test(tc, test_placeholder);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
