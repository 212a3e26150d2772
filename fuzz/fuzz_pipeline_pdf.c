/*
 * fuzz_pipeline_pdf.c - the PDF stage: our code on top of poppler.
 *
 * Two kinds of input, told apart by the signature:
 *   - "%PDF-..."  the whole pipeline with GIK_INPUT_PDF: poppler opens it,
 *                 gik_pdf_layout.c builds lines, rows and paragraphs, the
 *                 recogniser and rules run, and the JSON, CSV and badge are
 *                 checked as in the other pipeline targets (an unreadable
 *                 PDF must say so: status "none", never "pass");
 *   - anything else: glyph records straight into gik_pdf_layout, so that
 *                 libFuzzer reaches the geometry (overlapping boxes, zero
 *                 and huge sizes, glyphs off the page, thousands per line)
 *                 without having to write valid PDFs first.  Each 9 bytes
 *                 are one glyph: code point class and value (2), x, y (2+2,
 *                 in 1/8 pt), width, height (1+1, in 1/8 pt), and a flag
 *                 byte whose bit 0 starts a new page.  The tokens must be
 *                 balanced and their text valid UTF-8 within GIK_MAX_TEXT;
 *   - "GIKG1\n...": a glyph stream, as the PDF child writes it
 *                 (gik_pdf_glyphstream.c): the decoder must refuse it or
 *                 hand on at most the limits, never a page of a stream it
 *                 refuses; what it accepts goes through the layout, and
 *                 encoding the decoded pages again must decode to the same.
 */
#include "fuzz_common.h"
#include "gik_pdf.h"
#include "gik_parser_internal.h"

static void check_token(void *baton, const gik_token *t)
{
    int *depth = baton;
    if (t->kind == GIK_TOK_TABLE_START) {
        ++*depth;
    }
    else if (t->kind == GIK_TOK_TABLE_END && --*depth < 0) {
        abort();
    }
    if (!t->text || strlen(t->text) != t->len || t->len > GIK_MAX_TEXT
        || !fuzz_valid_utf8(t->text, t->len)) {
        abort();
    }
}

static int glyph_cp(uint8_t cls, uint8_t v)
{
    switch (cls % 4) {
    case 0:  return '0' + v % 10;                 /* digits: value cells */
    case 1:  return 0x4E00 + v * 37;              /* CJK */
    case 2:  return "-./,%()"[v % 7];             /* separators, dashes */
    default: return 0x3000 + v;                   /* CJK punctuation, U+3001 、 */
    }
}

static void fuzz_glyphs(apr_pool_t *p, const uint8_t *data, size_t size)
{
    gik_pdf_layout *l = gik_pdf_layout_create(p);
    gik_pdf_glyph g[512];
    size_t n = 0, i;
    int depth = 0;
    for (i = 0; i + 9 <= size; i += 9) {
        const uint8_t *d = data + i;
        if ((d[8] & 1) || n == 512) {
            gik_pdf_layout_add_page(l, g, n, 595, 842);
            n = 0;
        }
        g[n].cp = glyph_cp(d[0], d[1]);
        g[n].x1 = (d[2] | d[3] << 8) / 8.0 - 100;
        g[n].y1 = (d[4] | d[5] << 8) / 8.0 - 100;
        g[n].x2 = g[n].x1 + d[6] / 8.0;
        g[n].y2 = g[n].y1 + d[7] / 8.0;
        n++;
    }
    gik_pdf_layout_add_page(l, g, n, 595, 842);
    gik_pdf_layout_emit(l, check_token, &depth);
    if (depth != 0) {
        abort();
    }
}

typedef struct stream_pages {
    gik_pdf_layout *layout;
    apr_array_header_t *again;    /* the pages encoded anew */
    int pages;
    apr_size_t glyphs;
} stream_pages;

static void stream_page(void *baton, const gik_pdf_glyph *g, apr_size_t n, double w, double h)
{
    stream_pages *sp = baton;
    sp->pages++;
    sp->glyphs += n;
    gik_pdf_layout_add_page(sp->layout, g, n, w, h);
    gik_pdf_gs_page(sp->again, g, n, w, h);
}

static void fuzz_stream(apr_pool_t *p, const uint8_t *data, size_t size)
{
    static const gik_pdf_limits lim = { 20, 20000, 0 };
    stream_pages sp = { gik_pdf_layout_create(p), apr_array_make(p, 1024, 1), 0, 0 };
    stream_pages sp2 = { gik_pdf_layout_create(p), apr_array_make(p, 1024, 1), 0, 0 };
    gik_pdf_result res, res2;
    int depth = 0;

    gik_pdf_gs_header(sp.again);
    if (gik_pdf_gs_decode(p, (const char *)data, size, &lim, stream_page, &sp, &res)) {
        if (sp.pages != 0) {
            abort();              /* a refused stream handed pages on */
        }
        return;
    }
    if (sp.pages > lim.max_pages || sp.glyphs > lim.max_glyphs
        || res.status > GIK_PDF_FAILED || res.pages_read > sp.pages) {
        abort();
    }
    gik_pdf_layout_emit(sp.layout, check_token, &depth);
    if (depth != 0) {
        abort();
    }
    gik_pdf_gs_end(sp.again, &res);
    if (gik_pdf_gs_decode(p, sp.again->elts, (apr_size_t)sp.again->nelts, &lim, stream_page,
                          &sp2, &res2)
        || sp2.pages != sp.pages || sp2.glyphs != sp.glyphs || res2.status != res.status
        || res2.pages != res.pages) {
        abort();                  /* what was read, written again, reads the same */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    gik_options opts;
    gik_report *rep;

    fuzz_init();
    apr_pool_create(&p, fuzz_root);
    if (size >= 6 && !memcmp(data, "GIKG1\n", 6)) {
        fuzz_stream(p, data, size);
        apr_pool_destroy(p);
        return 0;
    }
    if (!gik_pdf_signature((const char *)data, size)) {
        fuzz_glyphs(p, data, size);
        apr_pool_destroy(p);
        return 0;
    }
    memset(&opts, 0, sizeof(opts));
    opts.input = GIK_INPUT_PDF;
    rep = gik_parse_buffer(p, &opts, (const char *)data, size);
    if (rep->unreadable) {
        gik_summary sum;
        gik_report_summary(rep, &sum);
        if (strcmp(sum.status, "none") || rep->is_report) {
            abort();
        }
    }
    fuzz_emit_all(p, rep);
    apr_pool_destroy(p);
    return 0;
}
