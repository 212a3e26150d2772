/*
 * fuzz_common.c - what the libFuzzer targets share (fuzz_common.h), also
 * linked into t/unit/check_regressions, which replays their inputs with
 * the same reading of the choice bytes.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "gik_init.h"
#include "gik_emit.h"
#include "gik_utf8.h"
#include "gik_token.h"

const char *const fuzz_charsets[FUZZ_NCHARSETS] = {
    NULL, "UTF-8", "GBK", "GB18030", "windows-1252", "UTF-16LE"
};

apr_pool_t *fuzz_root;

void fuzz_init(void)
{
    if (!fuzz_root) {
        apr_initialize();
        apr_pool_create(&fuzz_root, NULL);
        gik_init(NULL, NULL);
    }
}

void fuzz_split(const uint8_t *data, size_t size, fuzz_input *in)
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

void fuzz_feed(const fuzz_input *in, int whole, fuzz_feed_fn *feed, void *baton)
{
    size_t off = 0;
    int i = 0;
    if (whole || !in->nsizes) {
        feed(baton, (const char *)in->page, in->len);
        return;
    }
    while (off < in->len) {
        apr_size_t n = in->sizes[i++ % in->nsizes];
        if (n > in->len - off) {
            n = in->len - off;
        }
        feed(baton, (const char *)in->page + off, n);
        off += n;
    }
}

static void parser_feed(void *ps, const char *buf, apr_size_t len)
{
    gik_parser_feed(ps, buf, len);
}

gik_report *fuzz_parse(apr_pool_t *p, const gik_options *opts, const fuzz_input *in,
                       int whole)
{
    gik_parser *ps = gik_parser_create(p, opts);
    fuzz_feed(in, whole, parser_feed, ps);
    return gik_parser_finish(ps);
}

/* Nonzero when s[0..len) is well-formed UTF-8 (no overlongs, surrogates). */
int fuzz_valid_utf8(const char *s, size_t len)
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

void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* The companion minus checked.at (the clock), compact; in p. */
char *fuzz_json_without_time(apr_pool_t *p, const gik_report *rep)
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
void fuzz_emit_all(apr_pool_t *p, const gik_report *rep)
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

void fuzz_sink_init(fuzz_sink *s, apr_pool_t *p)
{
    memset(s, 0, sizeof(*s));
    s->p = p;
}

void fuzz_sink_utf8(void *baton, const char *buf, apr_size_t len)
{
    fuzz_sink *s = baton;
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

typedef struct {
    apr_pool_t *pool;
    apr_array_header_t *parts;
} token_log;

/* Every field of every token, one line each. */
static void record_token(void *baton, const gik_token *tok)
{
    token_log *log = baton;

    APR_ARRAY_PUSH(log->parts, const char *) =
        apr_psprintf(log->pool, "%d|%d|%d|%d|%d|%d|%d|%d|%s|%s\n", (int)tok->kind, tok->col,
                     tok->colspan, tok->rowspan, tok->heading, tok->truncated,
                     tok->flattened, tok->joined, tok->text ? tok->text : "-",
                     tok->kind == GIK_TOK_META && tok->text2 ? tok->text2 : "-");
}

char *fuzz_html_tokens(apr_pool_t *p, const char *page, apr_size_t len, int slim,
                       apr_size_t step)
{
    token_log log;
    gik_html_tokenizer *t;
    apr_size_t i;

    log.pool = p;
    log.parts = apr_array_make(p, 64, sizeof(const char *));
    t = gik_html_tokenizer_create(p, record_token, &log);
    gik_html_tokenizer_slim(t, slim);
    for (i = 0; i < len; i += step) {
        gik_html_tokenizer_feed(t, page + i, len - i < step ? len - i : step);
    }
    gik_html_tokenizer_finish(t);
    return apr_array_pstrcat(p, log.parts, 0);
}

char *fuzz_as_decoded(apr_pool_t *p, const uint8_t *data, size_t size)
{
    char *page = apr_palloc(p, size + 1);
    size_t i = 0;

    while (i < size) {
        apr_size_t adv;
        if (data[i] && gik_utf8_decode((const char *)data + i, size - i, &adv) >= 0) {
            memcpy(page + i, data + i, adv);
            i += adv;
        }
        else {
            page[i++] = '?';
        }
    }
    page[size] = '\0';
    return page;
}
