/*
 * gik_pdf_glyphstream.c - the glyph stream between the PDF child
 * ("gikreport pdf-glyphs") and the process that lays its glyphs out.
 *
 *   header   "GIKG1\n"
 *   'P'      u32 glyphs, f64 width, f64 height; then per glyph
 *            u32 code point, f64 x1, y1, x2, y2
 *   'L'      u16 length, a poppler message
 *   'S'      u8 status, u32 pages, u32 pages read, u8 partial reason,
 *            u16 length, detail -- the last record
 *
 * Little-endian; lengths in points as IEEE 754 doubles, exactly what
 * poppler gave (a layout decision must not change because a box was
 * rounded on its way out of the child).  The child is the process
 * that ran poppler on hostile bytes, so what it writes is read as hostile
 * too: every count is checked against the bytes left before anything is
 * allocated, pages and glyphs are capped by the reader's limits, code
 * points must be Unicode scalar values, lengths finite (and clamped to
 * +-1e7 pt), text is made UTF-8, and the whole
 * stream is checked before the first page is handed on.
 */
#include <math.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_pdf.h"
#include "gik_utf8.h"

#define MAGIC      "GIKG1\n"
#define MAGIC_LEN  6
#define PAGE_HEAD  21          /* 'P' + 4 + 2 x 8 */
#define GLYPH_LEN  36          /* 4 + 4 x 8 */
#define FAR        1e7         /* pt: a box further off than this is clamped */

static const char *const partial_reasons[] = { NULL, "pages", "cells", "time" };
#define N_REASONS (sizeof(partial_reasons) / sizeof(partial_reasons[0]))

/* ---- writing ----------------------------------------------------------- */

/* out is an array of char: nelts bytes used of nalloc.  It grows by
 * doubling, in one step for a whole page of glyphs. */
void gik_pdf_gs_bytes(apr_array_header_t *out, const void *data, apr_size_t n)
{
    if ((apr_size_t)(out->nalloc - out->nelts) < n) {
        apr_size_t cap = out->nalloc > 0 ? (apr_size_t)out->nalloc : 256;
        char *grown;
        while (cap - (apr_size_t)out->nelts < n) {
            cap *= 2;
        }
        grown = apr_palloc(out->pool, cap);
        memcpy(grown, out->elts, (apr_size_t)out->nelts);
        out->elts = grown;
        out->nalloc = (int)cap;
    }
    memcpy(out->elts + out->nelts, data, n);
    out->nelts += (int)n;
}

static void put_u8(apr_array_header_t *out, unsigned v)
{
    unsigned char b = (unsigned char)v;
    gik_pdf_gs_bytes(out, &b, 1);
}

static void put_u16(apr_array_header_t *out, apr_size_t v)
{
    unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    gik_pdf_gs_bytes(out, b, 2);
}

static void put_u32(apr_array_header_t *out, apr_uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    gik_pdf_gs_bytes(out, b, 4);
}

static void put_f64(apr_array_header_t *out, double v)
{
    apr_uint64_t u;
    unsigned char b[8];
    int i;
    memcpy(&u, &v, sizeof(u));
    for (i = 0; i < 8; i++) {
        b[i] = (unsigned char)(u >> (8 * i));
    }
    gik_pdf_gs_bytes(out, b, 8);
}

/* A text cut to GIK_GS_MAX_DETAIL bytes, never inside a character. */
static void put_text(apr_array_header_t *out, const char *s)
{
    char cut[GIK_GS_MAX_DETAIL + 1];
    apr_size_t n;
    gik_utf8_cut(cut, sizeof(cut), s ? s : "");
    n = strlen(cut);
    put_u16(out, n);
    gik_pdf_gs_bytes(out, cut, n);
}

void gik_pdf_gs_header(apr_array_header_t *out)
{
    gik_pdf_gs_bytes(out, MAGIC, MAGIC_LEN);
}

void gik_pdf_gs_page(apr_array_header_t *out, const gik_pdf_glyph *g, apr_size_t n,
                     double width, double height)
{
    apr_size_t i;
    put_u8(out, 'P');
    put_u32(out, (apr_uint32_t)n);
    put_f64(out, width);
    put_f64(out, height);
    for (i = 0; i < n; i++) {
        put_u32(out, (apr_uint32_t)g[i].cp);
        put_f64(out, g[i].x1);
        put_f64(out, g[i].y1);
        put_f64(out, g[i].x2);
        put_f64(out, g[i].y2);
    }
}

void gik_pdf_gs_log(apr_array_header_t *out, const char *message)
{
    put_u8(out, 'L');
    put_text(out, message);
}

static unsigned reason_code(const char *reason)
{
    unsigned i;
    for (i = 1; reason && i < N_REASONS; i++) {
        if (!strcmp(reason, partial_reasons[i])) {
            return i;
        }
    }
    return 0;
}

void gik_pdf_gs_end(apr_array_header_t *out, const gik_pdf_result *res)
{
    put_u8(out, 'S');
    put_u8(out, (unsigned)res->status);
    put_u32(out, (apr_uint32_t)res->pages);
    put_u32(out, (apr_uint32_t)res->pages_read);
    put_u8(out, reason_code(res->partial_reason));
    put_text(out, res->detail);
}

apr_size_t gik_pdf_glyphs_memory_record(char *buf, apr_size_t size)
{
    if (size < GIK_GS_END_MIN) {
        return 0;
    }
    memset(buf, 0, GIK_GS_END_MIN);
    buf[0] = 'S';
    buf[1] = (char)GIK_PDF_LIMIT_MEMORY;
    return GIK_GS_END_MIN;
}

/* ---- the child: poppler's glyphs into the stream ------------------------ */

typedef struct glyph_out {
    apr_array_header_t *buf;      /* records not yet written */
    int logs;
    gik_pdf_write_fn write_fn;
    void *baton;
    int broken;                   /* write_fn failed: the parent is gone */
} glyph_out;

static void flush_out(glyph_out *o)
{
    if (!o->broken && o->write_fn(o->baton, o->buf->elts, (apr_size_t)o->buf->nelts) != 0) {
        o->broken = 1;
    }
    o->buf->nelts = 0;
}

static void page_out(void *baton, const gik_pdf_glyph *g, apr_size_t n, double w, double h)
{
    glyph_out *o = baton;
    gik_pdf_gs_page(o->buf, g, n, w, h);
    flush_out(o);
}

static void log_out(void *baton, const char *message)
{
    glyph_out *o = baton;
    if (o->logs++ < GIK_GS_MAX_LOGS) {
        gik_pdf_gs_log(o->buf, message);    /* goes out with the next page */
    }
}

int gik_pdf_glyphs_run(apr_pool_t *p, const char *buf, apr_size_t len, int max_pages,
                       apr_size_t max_glyphs, gik_pdf_write_fn write_fn, void *baton)
{
    gik_pdf_limits lim;
    gik_pdf_result res;
    glyph_out o;

    lim.max_pages = max_pages;
    lim.max_glyphs = max_glyphs;
    lim.max_time = 0;               /* the child's RLIMIT_CPU, the parent's deadline */
    o.buf = apr_array_make(p, 64 * 1024, 1);
    o.logs = 0;
    o.write_fn = write_fn;
    o.baton = baton;
    o.broken = 0;
    gik_pdf_set_log(log_out, &o);
    gik_pdf_gs_header(o.buf);
    flush_out(&o);
    gik_pdf_extract(p, buf, len, &lim, page_out, &o, &res);
    gik_pdf_gs_end(o.buf, &res);
    flush_out(&o);
    gik_pdf_set_log(NULL, NULL);
    return o.broken;
}

apr_size_t gik_pdf_gs_max_len(const gik_pdf_limits *lim)
{
    return MAGIC_LEN + (apr_size_t)lim->max_pages * PAGE_HEAD + lim->max_glyphs * GLYPH_LEN
           + GIK_GS_MAX_LOGS * (3 + GIK_GS_MAX_DETAIL) + GIK_GS_END_MIN + GIK_GS_MAX_DETAIL;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct reader {
    const unsigned char *at, *end;
} reader;

static int has(const reader *r, apr_size_t n)
{
    return (apr_size_t)(r->end - r->at) >= n;
}

static unsigned get_u8(reader *r)
{
    return *r->at++;
}

static apr_size_t get_u16(reader *r)
{
    apr_size_t v = (apr_size_t)r->at[0] | (apr_size_t)r->at[1] << 8;
    r->at += 2;
    return v;
}

static apr_uint32_t get_u32(reader *r)
{
    apr_uint32_t v = (apr_uint32_t)r->at[0] | (apr_uint32_t)r->at[1] << 8
                     | (apr_uint32_t)r->at[2] << 16 | (apr_uint32_t)r->at[3] << 24;
    r->at += 4;
    return v;
}

/* A finite double, clamped to +-FAR; 0 with *bad set for NaN or infinity. */
static double get_f64(reader *r, int *bad)
{
    apr_uint64_t u = 0;
    double v;
    int i;
    for (i = 7; i >= 0; i--) {
        u = u << 8 | r->at[i];
    }
    r->at += 8;
    memcpy(&v, &u, sizeof(v));
    if (!isfinite(v)) {
        *bad = 1;
        return 0;
    }
    return v > FAR ? FAR : v < -FAR ? -FAR : v;
}

/* A length-prefixed text, or NULL when the stream is too short or lies. */
static const char *get_text(apr_pool_t *p, reader *r)
{
    apr_size_t n;
    const char *s;
    if (!has(r, 2) || (n = get_u16(r)) > GIK_GS_MAX_DETAIL || !has(r, n)) {
        return NULL;
    }
    s = gik_utf8_sanitize(p, apr_pstrmemdup(p, (const char *)r->at, n));
    r->at += n;
    return s;
}

static int valid_cp(apr_uint32_t cp)
{
    return cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

/* One pass over the stream: checks it, and with deliver set hands the
 * pages on.  NULL or why it is malformed. */
static const char *walk(apr_pool_t *p, const char *buf, apr_size_t len,
                        const gik_pdf_limits *lim, int deliver, gik_pdf_page_fn page_fn,
                        void *baton, gik_pdf_result *res)
{
    reader r = { (const unsigned char *)buf, (const unsigned char *)buf + len };
    apr_array_header_t *glyphs = NULL;
    apr_size_t total = 0;
    int pages = 0, logs = 0;

    if (!has(&r, MAGIC_LEN) || memcmp(r.at, MAGIC, MAGIC_LEN)) {
        return "no glyph stream header";
    }
    r.at += MAGIC_LEN;
    while (has(&r, 1)) {
        unsigned kind = get_u8(&r);
        if (kind == 'P') {
            apr_uint32_t n, i;
            double w, h;
            int bad = 0;
            if (!has(&r, PAGE_HEAD - 1)) {
                return "truncated page record";
            }
            n = get_u32(&r);
            w = get_f64(&r, &bad);
            h = get_f64(&r, &bad);
            /* the count is checked before anything is allocated for it */
            if (n > lim->max_glyphs - total || !has(&r, (apr_size_t)n * GLYPH_LEN)) {
                return "page record claims more glyphs than it holds or the limit allows";
            }
            if (++pages > lim->max_pages) {
                return "more pages than the limit";
            }
            total += n;
            if (deliver) {
                if (!glyphs) {
                    glyphs = apr_array_make(p, 1024, sizeof(gik_pdf_glyph));
                }
                glyphs->nelts = 0;
            }
            for (i = 0; i < n; i++) {
                apr_uint32_t cp = get_u32(&r);
                gik_pdf_glyph g;
                if (!valid_cp(cp)) {
                    return "glyph with an invalid code point";
                }
                g.cp = (int)cp;
                g.x1 = get_f64(&r, &bad);
                g.y1 = get_f64(&r, &bad);
                g.x2 = get_f64(&r, &bad);
                g.y2 = get_f64(&r, &bad);
                if (deliver) {
                    *(gik_pdf_glyph *)apr_array_push(glyphs) = g;
                }
            }
            if (bad) {
                return "a length that is not a finite number";
            }
            if (deliver) {
                page_fn(baton, (const gik_pdf_glyph *)glyphs->elts, n, w, h);
            }
        }
        else if (kind == 'L') {
            const char *msg = get_text(p, &r);
            if (!msg) {
                return "truncated message record";
            }
            if (deliver && logs++ < GIK_GS_MAX_LOGS) {
                gik_pdf_log_message(msg);
            }
        }
        else if (kind == 'S') {
            unsigned status, reason;
            apr_uint32_t all, read;
            const char *detail;
            if (!has(&r, GIK_GS_END_MIN - 1)) {
                return "truncated status record";
            }
            status = get_u8(&r);
            all = get_u32(&r);
            read = get_u32(&r);
            reason = get_u8(&r);
            if (!(detail = get_text(p, &r))) {
                return "truncated status record";
            }
            if (status > GIK_PDF_FAILED || reason >= N_REASONS || all > 0x7fffffff
                || read > all || (int)read > pages) {
                return "status record out of range";
            }
            if (has(&r, 1)) {
                return "bytes after the status record";
            }
            res->status = (gik_pdf_status)status;
            res->pages = (int)all;
            res->pages_read = (int)read;
            res->partial_reason = partial_reasons[reason];
            res->detail = *detail ? detail : NULL;
            return NULL;
        }
        else {
            return "unknown record";
        }
    }
    return "no status record (the reader stopped half-way)";
}

const char *gik_pdf_gs_decode(apr_pool_t *p, const char *buf, apr_size_t len,
                              const gik_pdf_limits *lim, gik_pdf_page_fn page_fn,
                              void *baton, gik_pdf_result *res)
{
    gik_pdf_result checked;
    const char *why;

    if (!lim) {
        lim = gik_pdf_default_limits();
    }
    memset(res, 0, sizeof(*res));
    memset(&checked, 0, sizeof(checked));
    if ((why = walk(p, buf, len, lim, 0, NULL, NULL, &checked))) {
        return why;
    }
    return walk(p, buf, len, lim, 1, page_fn, baton, res);
}
