/*
 * check_regressions.c - replays every input the fuzzers ever crashed on
 * (fuzz/regressions/) and the fuzzers' seed corpora (fuzz/corpus/<target>/)
 * through the code paths the fuzz targets use, so a fixed bug stays fixed
 * in the normal and in the sanitizer build (tools/sanitize.sh) without
 * clang or libFuzzer.
 *
 * Each file is a fuzzer input: the first bytes are choices, not page bytes
 * (the layout of fuzz/fuzz_common.h), read by the fuzzers' own fuzz_split()
 * (fuzz/fuzz_common.c is linked in), so the replay cannot read an input
 * otherwise than the fuzzer that found it.
 *
 * For every file, as HTML and as plain text: the page parsed whole, in
 * chunks of 1 and of 7 bytes and in the file's own chunks must give the
 * same companion JSON (apart from checked.at), which must parse back; the
 * CSV must be UTF-8 and the badge ASCII.  The input kind sniffed, the
 * decoder (UTF-8 out, whole = split) and the </body> finder (whole = split)
 * are checked on the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <jansson.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "gik_test.h"
#include "gik_parser.h"
#include "gik_decode.h"
#include "gik_bodyend.h"
#include "gik_emit.h"
#include "gik_utf8.h"
#include "fuzz_common.h"

static const char *const corpus_dirs[] = {
    "fuzz/regressions",
    "fuzz/corpus/fuzz_pipeline_html",
    "fuzz/corpus/fuzz_pipeline_text",
    "fuzz/corpus/fuzz_chunking",
    "fuzz/corpus/fuzz_charset",
    "fuzz/corpus/fuzz_bodyend",
    NULL
};

/* Relative paths of the files to replay, collected in main(). */
static apr_array_header_t *files;

/* Chunk i of a split: the file's own sizes in a cycle, or one fixed size. */
static apr_size_t chunk_at(const apr_size_t *sizes, int nsizes, int i)
{
    return sizes[i % nsizes];
}

static gik_report *parse(apr_pool_t *p, gik_input_kind kind, const fuzz_input *in,
                         const apr_size_t *sizes, int nsizes)
{
    gik_options opts;
    gik_parser *ps;
    apr_size_t off = 0, n;
    int i = 0;
    memset(&opts, 0, sizeof(opts));
    opts.input = kind;
    opts.header_charset = in->charset;
    ps = gik_parser_create(p, &opts);
    if (!nsizes) {
        gik_parser_feed(ps, (const char *)in->page, in->len);
    }
    while (nsizes && off < in->len) {
        n = chunk_at(sizes, nsizes, i++);
        if (n > in->len - off) {
            n = in->len - off;
        }
        gik_parser_feed(ps, (const char *)in->page + off, n);
        off += n;
    }
    return gik_parser_finish(ps);
}

static char *json_without_time(apr_pool_t *p, const gik_report *rep, const char *file)
{
    json_t *doc = gik_report_to_json(rep);
    json_t *back;
    json_error_t err;
    char *s, *copy;
    ck_assert_ptr_nonnull(doc);
    json_object_del(json_object_get(doc, "checked"), "at");
    s = json_dumps(doc, JSON_COMPACT | GIK_JSON_DUMP_FLAGS);
    ck_assert_ptr_nonnull(s);
    back = json_loads(s, 0, &err);
    ck_assert_msg(back != NULL, "%s: JSON does not parse back: %s", file, err.text);
    json_decref(back);
    copy = apr_pstrdup(p, s);
    free(s);
    json_decref(doc);
    return copy;
}

static void check_writers(apr_pool_t *p, const gik_report *rep, const char *file)
{
    const char *js = gik_report_json_string(p, rep, 0);
    const char *csv = gik_report_csv(p, rep);
    const char *badge = gik_report_badge(p, rep, "report.html.gikreport.json", NULL);
    const char *c;
    ck_assert_ptr_nonnull(js);
    ck_assert_msg(fuzz_valid_utf8(js, strlen(js)), "%s: JSON is not UTF-8", file);
    ck_assert_ptr_nonnull(csv);
    ck_assert_msg(fuzz_valid_utf8(csv, strlen(csv)), "%s: CSV is not UTF-8", file);
    /* a badge for a report only: a non-report has no verdict to show */
    ck_assert_msg(rep->is_report ? badge != NULL : badge == NULL,
                  "%s: badge %s for is_report=%d", file, badge ? "made" : "missing",
                  rep->is_report);
    for (c = badge ? badge : ""; *c; c++) {
        ck_assert_msg((unsigned char)*c < 0x80, "%s: badge is not ASCII", file);
    }
}

static void decode(apr_pool_t *p, const fuzz_input *in, apr_size_t chunk, fuzz_sink *out)
{
    gik_decoder *d;
    apr_size_t off;
    fuzz_sink_init(out, p);
    d = gik_decoder_create(p, in->charset, NULL, fuzz_sink_utf8, out);
    for (off = 0; off < in->len; off += chunk) {
        gik_decoder_feed(d, (const char *)in->page + off,
                         in->len - off < chunk ? in->len - off : chunk);
    }
    gik_decoder_finish(d);
}

static void check_decoder_and_bodyend(apr_pool_t *p, const fuzz_input *in, const char *file)
{
    fuzz_sink whole, split;
    gik_bodyend *bw = gik_bodyend_create(p), *bs = gik_bodyend_create(p);
    apr_size_t off;

    decode(p, in, in->len ? in->len : 1, &whole);
    decode(p, in, 1, &split);
    ck_assert_msg(fuzz_valid_utf8(whole.buf, whole.len), "%s: decoder output not UTF-8", file);
    ck_assert_msg(whole.len == split.len
                  && (!whole.len || memcmp(whole.buf, split.buf, whole.len) == 0),
                  "%s: decoder output differs whole vs byte by byte", file);

    gik_bodyend_feed(bw, (const char *)in->page, in->len);
    for (off = 0; off < in->len; off++) {
        gik_bodyend_feed(bs, (const char *)in->page + off, 1);
    }
    ck_assert_msg(gik_bodyend_last(bw) == gik_bodyend_last(bs)
                  && gik_bodyend_pending(bw) == gik_bodyend_pending(bs)
                  && gik_bodyend_body_start(bw) == gik_bodyend_body_start(bs),
                  "%s: </body> finder differs whole vs byte by byte", file);
}

START_TEST(test_replay)
{
    static const gik_input_kind kinds[] = { GIK_INPUT_HTML, GIK_INPUT_TEXT };
    static const apr_size_t one[] = { 1 }, seven[] = { 7 };
    apr_pool_t *p = gik_test_pool();
    const char *file = APR_ARRAY_IDX(files, _i, const char *);
    apr_size_t size;
    const char *data = gik_test_read(p, file, &size);
    fuzz_input in;
    int k;

    fuzz_split((const uint8_t *)data, size, &in);
    for (k = 0; k < 2; k++) {
        gik_report *rep = parse(p, kinds[k], &in, NULL, 0);
        char *whole = json_without_time(p, rep, file);
        char *s;
        check_writers(p, rep, file);
        s = json_without_time(p, parse(p, kinds[k], &in, one, 1), file);
        ck_assert_msg(strcmp(whole, s) == 0, "%s (%s): chunks of 1 differ from whole", file,
                      k ? "text" : "html");
        s = json_without_time(p, parse(p, kinds[k], &in, seven, 1), file);
        ck_assert_msg(strcmp(whole, s) == 0, "%s (%s): chunks of 7 differ from whole", file,
                      k ? "text" : "html");
        if (in.nsizes) {
            s = json_without_time(p, parse(p, kinds[k], &in, in.sizes, in.nsizes), file);
            ck_assert_msg(strcmp(whole, s) == 0, "%s (%s): its own chunks differ from whole",
                          file, k ? "text" : "html");
        }
    }
    /* Sniffed, as the httpd filter and the tool parse. */
    check_writers(p, parse(p, GIK_INPUT_SNIFF, &in, NULL, 0), file);
    check_decoder_and_bodyend(p, &in, file);
    apr_pool_destroy(p);
}
END_TEST

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void collect(apr_pool_t *p, const char *reldir)
{
    const char *dir = apr_pstrcat(p, GIK_SRCDIR, "/", reldir, NULL);
    apr_array_header_t *names = apr_array_make(p, 64, sizeof(const char *));
    struct dirent *de;
    DIR *d = opendir(dir);
    int i;
    if (!d) {
        /* All of them are committed: a missing one means a tree copied
         * without fuzz/ (see tools/sanitize.sh), which would test nothing. */
        fprintf(stderr, "check_regressions: cannot read %s\n", dir);
        exit(EXIT_FAILURE);
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] != '.') {
            APR_ARRAY_PUSH(names, const char *) = apr_pstrcat(p, reldir, "/", de->d_name, NULL);
        }
    }
    closedir(d);
    /* Sorted, so the loop index names the same file on every run. */
    qsort(names->elts, names->nelts, sizeof(const char *), strcmp_ptr);
    for (i = 0; i < names->nelts; i++) {
        APR_ARRAY_PUSH(files, const char *) = APR_ARRAY_IDX(names, i, const char *);
    }
}

int main(void)
{
    apr_pool_t *p = gik_test_pool();
    Suite *s = suite_create("regressions");
    TCase *tc = tcase_create("replay");
    int i;

    files = apr_array_make(p, 256, sizeof(const char *));
    for (i = 0; corpus_dirs[i]; i++) {
        collect(p, corpus_dirs[i]);
    }
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_replay, 0, files->nelts);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
