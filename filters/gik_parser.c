/*
 * gik_parser.c - the pipeline behind one streaming API:
 *
 *   bytes -> gik_decoder (UTF-8) -> HTML or text tokenizer -> recogniser
 *         -> (at the end) rules
 *
 * The tool, the httpd filter, the companion handler, the publication gate and
 * the fuzzers all go through here, so they cannot disagree about a page.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_parser.h"
#include "gik_decode.h"
#include "gik_token.h"
#include "gik_recognise.h"

/* How much decoded text is looked at to tell markup from plain text. */
#define SNIFF_BYTES 1024

struct gik_parser {
    apr_pool_t *pool;
    gik_options opts;
    gik_report *rep;
    gik_decoder *decoder;
    gik_recogniser *recogniser;
    gik_input_kind kind;          /* SNIFF until decided */
    gik_html_tokenizer *html;
    gik_text_tokenizer *text;
    char sniff[SNIFF_BYTES];
    apr_size_t sniff_len;
    apr_off_t fed;
    int stopped;                  /* max_bytes reached: the rest is not read */
    int finished;
};

/* Markup if the start of the page holds a tag that only HTML pages begin
 * with; a plain-text report never does. */
static gik_input_kind sniff_kind(const char *buf, apr_size_t len)
{
    static const char *const tags[] = { "<!doctype", "<html", "<head", "<body", "<meta",
                                        "<title", "<table", "<div", "<p>", "<p ", "<br",
                                        "<!--", "<?xml", "<span", "<h1", "<h2", NULL };
    apr_size_t i;
    int t;
    for (i = 0; i < len; i++) {
        if (buf[i] != '<') {
            continue;
        }
        for (t = 0; tags[t]; t++) {
            apr_size_t n = strlen(tags[t]);
            if (i + n <= len && strncasecmp(buf + i, tags[t], n) == 0) {
                return GIK_INPUT_HTML;
            }
        }
    }
    return GIK_INPUT_TEXT;
}

static void to_tokenizer(gik_parser *ps, const char *buf, apr_size_t len)
{
    if (ps->kind == GIK_INPUT_HTML) {
        gik_html_tokenizer_feed(ps->html, buf, len);
    }
    else {
        gik_text_tokenizer_feed(ps->text, buf, len);
    }
}

static void decide_kind(gik_parser *ps, gik_input_kind kind)
{
    ps->kind = kind;
    if (kind == GIK_INPUT_HTML) {
        ps->html = gik_html_tokenizer_create(ps->pool, gik_recognise_token, ps->recogniser);
    }
    else {
        ps->text = gik_text_tokenizer_create(ps->pool, gik_recognise_token, ps->recogniser);
    }
    if (ps->sniff_len) {
        to_tokenizer(ps, ps->sniff, ps->sniff_len);
        ps->sniff_len = 0;
    }
}

/* Decoded UTF-8 arrives here. */
static void on_utf8(void *baton, const char *buf, apr_size_t len)
{
    gik_parser *ps = baton;
    if (ps->kind == GIK_INPUT_SNIFF) {
        apr_size_t take = SNIFF_BYTES - ps->sniff_len;
        if (take > len) {
            take = len;
        }
        memcpy(ps->sniff + ps->sniff_len, buf, take);
        ps->sniff_len += take;
        buf += take;
        len -= take;
        if (ps->sniff_len < SNIFF_BYTES) {
            return;
        }
        decide_kind(ps, sniff_kind(ps->sniff, ps->sniff_len));
    }
    /* After the signature nothing on the page can change the result:
     * footers and news lists are not worth a parser's time. */
    if (len && !gik_recogniser_done(ps->recogniser)) {
        to_tokenizer(ps, buf, len);
    }
}

gik_parser *gik_parser_create(apr_pool_t *p, const gik_options *opts)
{
    gik_parser *ps = apr_pcalloc(p, sizeof(*ps));
    ps->pool = p;
    if (opts) {
        ps->opts = *opts;
    }
    ps->rep = gik_report_create(p);
    ps->recogniser = gik_recogniser_create(ps->rep, ps->opts.force_format);
    ps->decoder = gik_decoder_create(p, ps->opts.header_charset, ps->opts.default_charset,
                                     on_utf8, ps);
    ps->kind = GIK_INPUT_SNIFF;
    if (ps->opts.input != GIK_INPUT_SNIFF) {
        decide_kind(ps, ps->opts.input);
    }
    return ps;
}

void gik_parser_feed(gik_parser *ps, const char *buf, apr_size_t len)
{
    if (ps->stopped || ps->finished || !len) {
        return;
    }
    if (ps->opts.max_bytes > 0 && ps->fed + (apr_off_t)len > ps->opts.max_bytes) {
        /* Past the limit the page is not read: the verdict says so. */
        len = (apr_size_t)(ps->opts.max_bytes - ps->fed);
        ps->stopped = 1;
        ps->rep->partial = 1;
        ps->rep->partial_reason = "bytes";
    }
    ps->fed += (apr_off_t)len;
    if (len) {
        gik_decoder_feed(ps->decoder, buf, len);
    }
}

/* The page was read as GB18030 although it said (or was taken to be) UTF-8:
 * read anyway, as browsers do, but the publisher should fix the label --
 * other programs will not guess. */
static void charset_finding(gik_parser *ps, gik_report *rep)
{
    int by_default;
    const char *claimed = gik_decoder_declared(ps->decoder, &by_default);
    gik_finding *f = gik_finding_add(rep, "CHARSET-MISMATCH", GIK_SEV_WARNING);
    if (by_default) {
        f->message = apr_psprintf(ps->pool, "页面未声明字符集，内容是 GB18030（GBK）编码而非默认的 %s，"
                                  "已按 GB18030 读取；请声明字符集。", claimed);
        f->message_en = apr_psprintf(ps->pool, "The page declares no charset and its bytes are "
                                     "GB18030 (GBK), not the default %s; it was read as "
                                     "GB18030. Declare the charset.", claimed);
    }
    else {
        f->message = apr_psprintf(ps->pool, "页面声明的字符集为 %s，但内容是 GB18030（GBK）编码，"
                                  "已按 GB18030 读取；请更正字符集声明。", claimed);
        f->message_en = apr_psprintf(ps->pool, "The page declares %s, but its bytes are GB18030 "
                                     "(GBK); it was read as GB18030. Correct the charset "
                                     "declaration.", claimed);
    }
}

gik_report *gik_parser_finish(gik_parser *ps)
{
    gik_report *rep = ps->rep;
    if (ps->finished) {
        return rep;
    }
    ps->finished = 1;
    gik_decoder_finish(ps->decoder);
    if (ps->kind == GIK_INPUT_SNIFF) {
        decide_kind(ps, sniff_kind(ps->sniff, ps->sniff_len));
    }
    if (ps->kind == GIK_INPUT_HTML) {
        gik_html_tokenizer_finish(ps->html);
    }
    else {
        gik_text_tokenizer_finish(ps->text);
    }
    gik_recogniser_finish(ps->recogniser);
    rep->bytes = ps->fed;
    rep->charset = gik_decoder_charset(ps->decoder);
    if (rep->is_report && gik_decoder_declared(ps->decoder, NULL)) {
        charset_finding(ps, rep);
    }
    if (rep->is_report) {
        const gik_report *previous = ps->opts.previous;
        if (!previous && ps->opts.previous_for && rep->organization && rep->year) {
            previous = ps->opts.previous_for(ps->opts.previous_baton, rep->organization,
                                             rep->year);
        }
        gik_rules_run(rep, previous,
                      ps->opts.rules ? ps->opts.rules : gik_rule_config_make(ps->pool));
    }
    return rep;
}

gik_report *gik_parse_buffer(apr_pool_t *p, const gik_options *opts,
                             const char *buf, apr_size_t len)
{
    gik_parser *ps = gik_parser_create(p, opts);
    gik_parser_feed(ps, buf, len);
    return gik_parser_finish(ps);
}
