/*
 * check_chunking.c - the result must not depend on how the body is split:
 * every fixture fed in chunks of 1, 2, 3, 7, 64 and 4096 bytes gives the
 * same companion JSON, byte for byte, as feeding it whole (apart from the
 * time in checked.at).  httpd hands a filter buckets of any size, and
 * mod_bucketeer or a slow upstream can split a page anywhere.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_parser.h"
#include "gik_emit.h"


static const apr_size_t chunk_sizes[] = { 1, 2, 3, 7, 64, 4096 };

static char *json_without_time(apr_pool_t *p, const gik_report *rep)
{
    json_t *doc = gik_report_to_json(rep);
    char *s, *copy;
    ck_assert_ptr_nonnull(doc);
    json_object_del(json_object_get(doc, "checked"), "at");
    s = json_dumps(doc, JSON_COMPACT);
    copy = apr_pstrdup(p, s);
    free(s);
    json_decref(doc);
    return copy;
}

static char *parse_in_chunks(apr_pool_t *p, const char *buf, apr_size_t len, apr_size_t chunk,
                             const char *charset)
{
    gik_options opts;
    gik_parser *ps;
    apr_size_t off;
    memset(&opts, 0, sizeof(opts));
    opts.header_charset = charset;
    ps = gik_parser_create(p, &opts);
    for (off = 0; off < len; off += chunk) {
        gik_parser_feed(ps, buf + off, len - off < chunk ? len - off : chunk);
    }
    return json_without_time(p, gik_parser_finish(ps));
}

START_TEST(test_chunking)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len, i;
    const char *buf = gik_test_read(p, gik_test_fixtures[_i].path, &len);
    char *whole = parse_in_chunks(p, buf, len, len ? len : 1, gik_test_fixtures[_i].charset);

    ck_assert_msg(strstr(whole, "\"is_report\":true") != NULL, "%s: not a report",
                  gik_test_fixtures[_i].path);
    for (i = 0; i < sizeof(chunk_sizes) / sizeof(chunk_sizes[0]); i++) {
        char *split = parse_in_chunks(p, buf, len, chunk_sizes[i], gik_test_fixtures[_i].charset);
        ck_assert_msg(strcmp(whole, split) == 0, "%s: chunks of %lu differ from whole",
                      gik_test_fixtures[_i].path, (unsigned long)chunk_sizes[i]);
    }
    apr_pool_destroy(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chunking");
    TCase *tc = tcase_create("fixtures");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_chunking, 0, gik_test_nfixtures);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
