/*
 * gik_parser.c - the pipeline behind one streaming API:
 *
 *   bytes -> gik_decoder (UTF-8) -> HTML or text tokenizer -> recogniser
 *         -> (at the end) rules
 *
 * The tool, the httpd filter, the companion handler, the publication gate and
 * the fuzzers all go through here, so they cannot disagree about a page.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_parser.h"
#include "gik_parser_internal.h"
#include "gik_log.h"
#include "gik_decode.h"
#include "gik_token.h"
#include "gik_recognise.h"
#include "gik_pdf.h"

/* How much decoded text is looked at to tell markup from plain text. */
#define SNIFF_BYTES 1024
/* A PDF is held whole (it cannot be read before its end); without a
 * caller's max_bytes this bounds it. */
#define PDF_MAX_BYTES (64 * 1024 * 1024)

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
    /* the raw bytes before the decoder: "%PDF-" or not */
    char head[5];
    apr_size_t head_len;
    int head_decided;
    char *pdf;                    /* GIK_INPUT_PDF: the whole file (malloc'd, see pdf_grow) */
    apr_size_t pdf_len, pdf_cap;
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

static int report_ended(void *recogniser)
{
    return gik_recogniser_done(recogniser);
}

static void decide_kind(gik_parser *ps, gik_input_kind kind)
{
    ps->kind = kind;
    if (kind == GIK_INPUT_PDF) {
        return;                   /* read whole at the end: gik_pdf.h */
    }
    if (kind == GIK_INPUT_HTML) {
        ps->html = gik_html_tokenizer_create(ps->pool, gik_recognise_token, ps->recogniser);
        gik_html_tokenizer_until(ps->html, report_ended);
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
    gik_init_once();
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
        ps->head_decided = 1;
    }
    return ps;
}

static apr_status_t pdf_free(void *data)
{
    gik_parser *ps = data;
    free(ps->pdf);
    ps->pdf = NULL;
    return APR_SUCCESS;
}

/* The PDF is kept in one malloc'd block that doubles as it grows: a pool
 * would keep every outgrown copy until the request ends. */
static void pdf_keep(gik_parser *ps, const char *buf, apr_size_t len)
{
    apr_size_t limit = ps->opts.max_bytes > 0 ? (apr_size_t)ps->opts.max_bytes : PDF_MAX_BYTES;
    if (ps->pdf_len + len > limit) {
        len = limit - ps->pdf_len;
        ps->stopped = 1;
        ps->rep->partial = 1;
        ps->rep->partial_reason = "bytes";
    }
    if (ps->pdf_len + len > ps->pdf_cap) {
        apr_size_t cap = ps->pdf_cap ? ps->pdf_cap : 64 * 1024;
        char *grown;
        while (cap < ps->pdf_len + len) {
            cap *= 2;
        }
        if (!(grown = realloc(ps->pdf, cap))) {
            ps->stopped = 1;
            ps->rep->partial = 1;
            ps->rep->partial_reason = "bytes";
            return;
        }
        if (!ps->pdf) {
            apr_pool_cleanup_register(ps->pool, ps, pdf_free, apr_pool_cleanup_null);
        }
        ps->pdf = grown;
        ps->pdf_cap = cap;
    }
    memcpy(ps->pdf + ps->pdf_len, buf, len);
    ps->pdf_len += len;
}

/* Raw bytes, after the signature check. */
static void to_reader(gik_parser *ps, const char *buf, apr_size_t len)
{
    if (ps->kind == GIK_INPUT_PDF) {
        pdf_keep(ps, buf, len);
    }
    else {
        gik_decoder_feed(ps->decoder, buf, len);
    }
}

/* The first five bytes decide whether this is a PDF (before any charset
 * decoding, which would mangle a binary file). */
static void decide_head(gik_parser *ps)
{
    ps->head_decided = 1;
    if (gik_pdf_signature(ps->head, ps->head_len)) {
        decide_kind(ps, GIK_INPUT_PDF);
    }
    if (ps->head_len) {
        to_reader(ps, ps->head, ps->head_len);
    }
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
    while (len && !ps->head_decided) {
        ps->head[ps->head_len++] = *buf++;
        len--;
        if (ps->head_len == sizeof(ps->head)) {
            decide_head(ps);
        }
    }
    if (len) {
        to_reader(ps, buf, len);
    }
}

/* What a reader's browser will show, said as a finding (checked against
 * headless Chromium in t/httpd): a charset the page declares (header, BOM,
 * <meta>) is what browsers decode with, so bytes that contradict it are
 * mojibake for every reader -- an error, although we read the page anyway.
 * With nothing declared, browsers guess: Chromium recognises GBK but not
 * UTF-8 (it falls back to windows-1252), so undeclared non-ASCII UTF-8 --
 * an HTML page without <meta charset>, a text/plain report from a stock
 * server -- is a warning.  A text file given to the tool has no header yet:
 * how it will be served is not known, so it is not judged. */
static void charset_findings(gik_parser *ps, gik_report *rep)
{
    int by_default;
    const char *claimed = gik_decoder_declared(ps->decoder, &by_default);
    gik_finding *f;
    if (claimed && !by_default) {
        f = gik_finding_add(rep, "CHARSET-MISMATCH", gik_rule_find("CHARSET-MISMATCH")->default_severity);
        f->message = apr_psprintf(ps->pool, "页面声明的字符集为 %s，但内容是 %s 编码，浏览器按声明"
                                  "解码，读者看到的是乱码；本检查已按 %s 读取。请更正字符集声明。",
                                  claimed, rep->charset, rep->charset);
        f->message_en = apr_psprintf(ps->pool, "The page declares %s, but its bytes are %s: "
                                     "browsers decode it as declared, so readers see mojibake. It "
                                     "was read as %s here. Correct the charset declaration.",
                                     claimed, rep->charset, rep->charset);
    }
    else if (!gik_decoder_explicit(ps->decoder) && gik_decoder_nonascii(ps->decoder)
             && rep->charset && strcmp(rep->charset, "UTF-8") == 0
             && (ps->kind == GIK_INPUT_HTML || ps->opts.served)) {
        f = gik_finding_add(rep, "CHARSET-UNDECLARED",
                            gik_rule_find("CHARSET-UNDECLARED")->default_severity);
        f->message = "页面未声明字符集，内容是 UTF-8 编码；浏览器不会自动识别 UTF-8，"
                     "会按 windows-1252 显示为乱码。请在 HTTP 头或 <meta charset> 中声明 UTF-8。";
        f->message_en = "The page declares no charset and its bytes are UTF-8: browsers do not "
                        "guess UTF-8 and show it as windows-1252 mojibake. Declare UTF-8 in the "
                        "HTTP header or a <meta charset>.";
    }
}

gik_report *gik_parser_finish(gik_parser *ps)
{
    gik_report *rep = ps->rep;
    if (ps->finished) {
        return rep;
    }
    ps->finished = 1;
    if (!ps->head_decided) {
        decide_head(ps);
    }
    gik_decoder_finish(ps->decoder);
    if (ps->kind == GIK_INPUT_SNIFF) {
        decide_kind(ps, sniff_kind(ps->sniff, ps->sniff_len));
    }
    if (ps->kind == GIK_INPUT_PDF) {
        gik_pdf_helper helper = { ps->opts.pdf_helper, ps->opts.pdf_seconds,
                                  ps->opts.pdf_megabytes, ps->opts.pdf_max_running };
        gik_parser_read_pdf(ps->pool, rep, ps->recogniser, ps->pdf, ps->pdf_len, ps->stopped,
                            helper.path ? &helper : NULL);
        pdf_free(ps);
    }
    else if (ps->kind == GIK_INPUT_HTML) {
        gik_html_tokenizer_finish(ps->html);
    }
    else {
        gik_text_tokenizer_finish(ps->text);
    }
    gik_recogniser_finish(ps->recogniser);
    rep->bytes = ps->fed;
    rep->charset = ps->kind == GIK_INPUT_PDF ? NULL : gik_decoder_charset(ps->decoder);
    rep->wide = ps->kind != GIK_INPUT_PDF && gik_decoder_is_utf16(ps->decoder);
    if (rep->is_report && ps->kind != GIK_INPUT_PDF) {
        charset_findings(ps, rep);
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
