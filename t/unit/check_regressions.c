/*
 * check_regressions.c - replays every input the fuzzers ever crashed on
 * (fuzz/regressions/) and the fuzzers' seed corpora (fuzz/corpus/<target>/)
 * through the code paths the fuzz targets use, so a fixed bug stays fixed
 * in the normal and in the sanitizer build (tools/sanitize.sh) without
 * clang or libFuzzer.
 *
 * Each file is a fuzzer input: the first bytes are choices, not page bytes
 * (the layout of fuzz/fuzz_common.h, repeated here so that this test needs
 * nothing from fuzz/ but its data):
 *   byte 0        header charset: index into charsets[] below
 *   byte 1        n = byte % 8 chunk-size bytes follow (0: whole)
 *   bytes 2..n+1  chunk sizes: b + 1, or (b - 0xef) * 4096 for b >= 0xf0
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

static const char *const charsets[] = {
    NULL, "UTF-8", "GBK", "GB18030", "windows-1252", "UTF-16LE"
};
#define NCHARSETS (sizeof(charsets) / sizeof(charsets[0]))

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

typedef struct {
    const char *charset;
    apr_size_t sizes[8];
    int nsizes;
    const char *page;
    apr_size_t len;
} replay_input;

static void split_input(const char *data, apr_size_t size, replay_input *in)
{
    const unsigned char *u = (const unsigned char *)data;
    apr_size_t k, i;
    memset(in, 0, sizeof(*in));
    in->page = data;
    in->len = size;
    if (size < 2) {
        return;
    }
    in->charset = charsets[u[0] % NCHARSETS];
    k = u[1] % 8;
    if (size < 2 + k) {
        return;
    }
    for (i = 0; i < k; i++) {
        in->sizes[i] = u[2 + i] >= 0xf0 ? (apr_size_t)(u[2 + i] - 0xef) * 4096
                                        : (apr_size_t)u[2 + i] + 1;
    }
    in->nsizes = (int)k;
    in->page = data + 2 + k;
    in->len = size - 2 - k;
}

/* Chunk i of a split: the file's own sizes in a cycle, or one fixed size. */
static apr_size_t chunk_at(const apr_size_t *sizes, int nsizes, int i)
{
    return sizes[i % nsizes];
}

static int valid_utf8(const char *s, apr_size_t len)
{
    apr_size_t i = 0, adv;
    while (i < len) {
        if (gik_utf8_decode(s + i, len - i, &adv) < 0) {
            return 0;
        }
        i += adv;
    }
    return 1;
}

static gik_report *parse(apr_pool_t *p, gik_input_kind kind, const replay_input *in,
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
        gik_parser_feed(ps, in->page, in->len);
    }
    while (nsizes && off < in->len) {
        n = chunk_at(sizes, nsizes, i++);
        if (n > in->len - off) {
            n = in->len - off;
        }
        gik_parser_feed(ps, in->page + off, n);
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
    ck_assert_msg(valid_utf8(js, strlen(js)), "%s: JSON is not UTF-8", file);
    ck_assert_ptr_nonnull(csv);
    ck_assert_msg(valid_utf8(csv, strlen(csv)), "%s: CSV is not UTF-8", file);
    /* a badge for a report only: a non-report has no verdict to show */
    ck_assert_msg(rep->is_report ? badge != NULL : badge == NULL,
                  "%s: badge %s for is_report=%d", file, badge ? "made" : "missing",
                  rep->is_report);
    for (c = badge ? badge : ""; *c; c++) {
        ck_assert_msg((unsigned char)*c < 0x80, "%s: badge is not ASCII", file);
    }
}

typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
} sink;

static void sink_utf8(void *baton, const char *buf, apr_size_t len)
{
    sink *s = baton;
    if (s->len + len + 1 > s->cap) {
        apr_size_t cap = (s->len + len + 1) * 2;
        char *nb = apr_palloc(s->p, cap);
        if (s->len) {
            memcpy(nb, s->buf, s->len);
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, buf, len);
    s->len += len;
}

static void decode(apr_pool_t *p, const replay_input *in, apr_size_t chunk, sink *out)
{
    gik_decoder *d;
    apr_size_t off;
    memset(out, 0, sizeof(*out));
    out->p = p;
    d = gik_decoder_create(p, in->charset, NULL, sink_utf8, out);
    for (off = 0; off < in->len; off += chunk) {
        gik_decoder_feed(d, in->page + off, in->len - off < chunk ? in->len - off : chunk);
    }
    gik_decoder_finish(d);
}

static void check_decoder_and_bodyend(apr_pool_t *p, const replay_input *in, const char *file)
{
    sink whole, split;
    gik_bodyend *bw = gik_bodyend_create(p), *bs = gik_bodyend_create(p);
    apr_size_t off;

    decode(p, in, in->len ? in->len : 1, &whole);
    decode(p, in, 1, &split);
    ck_assert_msg(valid_utf8(whole.buf, whole.len), "%s: decoder output not UTF-8", file);
    ck_assert_msg(whole.len == split.len
                  && (!whole.len || memcmp(whole.buf, split.buf, whole.len) == 0),
                  "%s: decoder output differs whole vs byte by byte", file);

    gik_bodyend_feed(bw, in->page, in->len);
    for (off = 0; off < in->len; off++) {
        gik_bodyend_feed(bs, in->page + off, 1);
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
    replay_input in;
    int k;

    split_input(data, size, &in);
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
