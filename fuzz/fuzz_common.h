/*
 * fuzz_common.h - shared by the libFuzzer targets in this directory.
 *
 * The first bytes of every input are not page bytes but choices, so that
 * libFuzzer explores how the page is split and which charset the "server"
 * claims together with the page itself:
 *
 *   byte 0        charset label given as header_charset (index into
 *                 fuzz_charsets, modulo its size)
 *   byte 1        n = byte % 8: how many chunk-size bytes follow (0: whole)
 *   bytes 2..n+1  chunk sizes; a byte b means b + 1 bytes, except that
 *                 b >= 0xf0 means (b - 0xef) * 4096 bytes, so big chunks
 *                 are reachable too.  The sizes are used in a cycle.
 *   the rest      the page
 *
 * Too-short inputs are taken as "no charset, whole".
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "gik_parser.h"
#include "gik_emit.h"

static const char *const fuzz_charsets[] = {
    NULL, "UTF-8", "GBK", "GB18030", "windows-1252", "UTF-16LE"
};
#define FUZZ_NCHARSETS (sizeof(fuzz_charsets) / sizeof(fuzz_charsets[0]))

typedef struct {
    const char *charset;
    apr_size_t sizes[7];
    int nsizes;               /* 0: feed whole */
    const uint8_t *page;
    size_t len;
} fuzz_input;

static apr_pool_t *fuzz_root;

static void fuzz_init(void)
{
    if (!fuzz_root) {
        apr_initialize();
        apr_pool_create(&fuzz_root, NULL);
    }
}

static void fuzz_split(const uint8_t *data, size_t size, fuzz_input *in)
{
    size_t k, i;
    memset(in, 0, sizeof(*in));
    in->page = data;
    in->len = size;
    if (size < 2) {
        return;
    }
    in->charset = fuzz_charsets[data[0] % FUZZ_NCHARSETS];
    k = data[1] % 8;
    if (size < 2 + k) {
        return;
    }
    for (i = 0; i < k && i < 7; i++) {
        uint8_t b = data[2 + i];
        in->sizes[i] = b >= 0xf0 ? (apr_size_t)(b - 0xef) * 4096 : (apr_size_t)b + 1;
    }
    in->nsizes = (int)(k > 7 ? 7 : k);
    in->page = data + 2 + k;
    in->len = size - 2 - k;
}

/* Feeds page in the chunks of in (or whole when nsizes is 0) and finishes. */
static gik_report *fuzz_parse(apr_pool_t *p, const gik_options *opts, const fuzz_input *in,
                              int whole)
{
    gik_parser *ps = gik_parser_create(p, opts);
    size_t off = 0;
    int i = 0;
    if (whole || !in->nsizes) {
        gik_parser_feed(ps, (const char *)in->page, in->len);
    }
    else {
        while (off < in->len) {
            apr_size_t n = in->sizes[i++ % in->nsizes];
            if (n > in->len - off) {
                n = in->len - off;
            }
            gik_parser_feed(ps, (const char *)in->page + off, n);
            off += n;
        }
    }
    return gik_parser_finish(ps);
}

/* Nonzero when s[0..len) is well-formed UTF-8 (no overlongs, surrogates). */
static int fuzz_valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        apr_size_t adv;
        if (gik_utf8_decode(s + i, len - i, &adv) < 0) {
            return 0;
        }
        i += adv;
    }
    return 1;
}

static void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* The companion minus checked.at (the clock), compact; in p. */
static char *fuzz_json_without_time(apr_pool_t *p, const gik_report *rep)
{
    json_t *doc = gik_report_to_json(rep);
    char *s, *copy;
    if (!doc) {
        fuzz_fail("gik_report_to_json returned NULL", NULL);
    }
    json_object_del(json_object_get(doc, "checked"), "at");
    s = json_dumps(doc, JSON_COMPACT | GIK_JSON_DUMP_FLAGS);
    if (!s) {
        fuzz_fail("json_dumps failed", NULL);
    }
    copy = apr_pstrdup(p, s);
    free(s);
    json_decref(doc);
    return copy;
}

/* All the writers over rep, checking what each of them promises. */
static void fuzz_emit_all(apr_pool_t *p, const gik_report *rep)
{
    json_error_t err;
    json_t *back;
    const char *s;
    char *js = gik_report_json_string(p, rep, 0);

    if (!js) {
        fuzz_fail("gik_report_json_string returned NULL", NULL);
    }
    if (!fuzz_valid_utf8(js, strlen(js))) {
        fuzz_fail("JSON is not valid UTF-8", NULL);
    }
    /* jansson's loader rejects invalid UTF-8 and bad escapes: the companion
     * must be readable by any client. */
    back = json_loads(js, 0, &err);
    if (!back) {
        fuzz_fail("JSON does not parse back", err.text);
    }
    json_decref(back);

    s = gik_report_csv(p, rep);
    if (!s || !fuzz_valid_utf8(s, strlen(s))) {
        fuzz_fail("CSV missing or not valid UTF-8", NULL);
    }

    /* The badge goes into pages of any charset (never UTF-16 ones): ASCII
     * only; a page that is no report has none (no verdict to show). */
    s = gik_report_badge(p, rep, "report.html.gikreport.json", NULL);
    if (!s != !rep->is_report) {
        fuzz_fail(s ? "badge for a non-report" : "no badge for a report", NULL);
    }
    for (; s && *s; s++) {
        if ((unsigned char)*s >= 0x80) {
            fuzz_fail("badge is not ASCII", NULL);
        }
    }
}

#endif /* FUZZ_COMMON_H */
