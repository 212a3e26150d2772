/*
 * gik_tokenize_pdf.c - a PDF report's pages as glyphs, through poppler-glib.
 *
 * poppler does the PDF: the cross-reference table, fonts, the text layer.
 * What we take from it is each character with its box
 * (poppler_page_get_text + poppler_page_get_text_layout, one rectangle per
 * character); gik_pdf_layout.c turns those into lines, cells and tables.
 *
 * What cannot be read is said, not guessed: a damaged file, one that needs a
 * password, and one whose pages carry no text (a scan) each come back with
 * their own status.  Bounds: pages read, characters kept, and time (checked
 * between pages -- poppler cannot be interrupted inside one).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <poppler.h>
#include "gik_pdf.h"

/* ---- poppler's messages ------------------------------------------------ */

static gik_pdf_log_fn log_fn;
static void *log_baton;

void gik_pdf_log_message(const char *message)
{
    if (log_fn) {
        log_fn(log_baton, message);
    }
}

static void on_glib_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                        gpointer data)
{
    gik_pdf_log_message(message);
}

void gik_pdf_set_log(gik_pdf_log_fn fn, void *baton)
{
    log_fn = fn;
    log_baton = baton;
}

/* poppler-glib reports through g_log in the "Poppler" domain (and GLib and
 * GIO under their own): a handler for each keeps them off stderr, where
 * httpd would put them in the error log unformatted, at every level. */
static void quiet_poppler(void)
{
    static int done;
    static const char *const domains[] = { "Poppler", "GLib", "GLib-GObject", "GLib-GIO" };
    apr_size_t i;
    if (done) {
        return;
    }
    done = 1;
    for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
        g_log_set_handler(domains[i], G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL
                                      | G_LOG_FLAG_RECURSION, on_glib_log, NULL);
    }
}

int gik_pdf_signature(const char *buf, apr_size_t len)
{
    return len >= 5 && memcmp(buf, "%PDF-", 5) == 0;
}

/* ---- one page ---------------------------------------------------------- */

static int is_blank_cp(gunichar c)
{
    return g_unichar_isspace(c) || c == 0xA0 || c == 0x3000 || c == 0xFEFF || c < 0x20;
}

/* Appends the page's non-blank characters with their boxes to glyphs;
 * returns how many, at most room. */
static apr_size_t page_glyphs(PopplerPage *page, apr_array_header_t *glyphs, apr_size_t room)
{
    PopplerRectangle *rects = NULL;
    guint nrects = 0, i = 0;
    apr_size_t added = 0;
    char *text = poppler_page_get_text(page);
    const char *s;

    if (!text) {
        return 0;
    }
    if (poppler_page_get_text_layout(page, &rects, &nrects)) {
        for (s = text; *s && i < nrects && added < room; s = g_utf8_next_char(s), i++) {
            gunichar c = g_utf8_get_char_validated(s, -1);
            gik_pdf_glyph *g;
            if (c == (gunichar)-1 || c == (gunichar)-2) {
                break;
            }
            if (is_blank_cp(c) || rects[i].x2 <= rects[i].x1 || rects[i].y2 <= rects[i].y1) {
                continue;
            }
            g = apr_array_push(glyphs);
            g->cp = (int)c;
            g->x1 = rects[i].x1;
            g->y1 = rects[i].y1;
            g->x2 = rects[i].x2;
            g->y2 = rects[i].y2;
            added++;
        }
        g_free(rects);
    }
    g_free(text);
    return added;
}

static gik_pdf_status open_status(const GError *err)
{
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED) {
        return GIK_PDF_ENCRYPTED;
    }
    return GIK_PDF_DAMAGED;
}

static const gik_pdf_limits defaults = { GIK_PDF_MAX_PAGES, GIK_PDF_MAX_GLYPHS,
                                         GIK_PDF_MAX_TIME };

const gik_pdf_limits *gik_pdf_default_limits(void)
{
    return &defaults;
}

void gik_pdf_extract(apr_pool_t *p, const char *buf, apr_size_t len, const gik_pdf_limits *lim,
                     gik_pdf_page_fn page_fn, void *baton, gik_pdf_result *res)
{
    GBytes *bytes;
    GError *err = NULL;
    PopplerDocument *doc;
    apr_array_header_t *glyphs;
    apr_time_t start = apr_time_now();
    apr_size_t total = 0;
    int i;

    memset(res, 0, sizeof(*res));
    if (!lim) {
        lim = &defaults;
    }
    quiet_poppler();
    /* poppler reads the caller's buffer in place: no copy of a large file */
    bytes = g_bytes_new_static(buf, len);
    doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (!doc) {
        res->status = open_status(err);
        res->detail = err ? apr_pstrdup(p, err->message) : NULL;
        g_clear_error(&err);
        g_bytes_unref(bytes);
        return;
    }
    res->pages = poppler_document_get_n_pages(doc);
    glyphs = apr_array_make(p, 4096, sizeof(gik_pdf_glyph));
    for (i = 0; i < res->pages; i++) {
        PopplerPage *page;
        double w = 0, h = 0;
        if (i >= lim->max_pages) {
            res->partial_reason = "pages";
            break;
        }
        if (lim->max_time > 0 && apr_time_now() - start > lim->max_time) {
            res->partial_reason = "time";
            break;
        }
        if (total >= lim->max_glyphs) {
            res->partial_reason = "cells";
            break;
        }
        if (!(page = poppler_document_get_page(doc, i))) {
            continue;          /* a broken page object: the others still count */
        }
        poppler_page_get_size(page, &w, &h);
        glyphs->nelts = 0;
        total += page_glyphs(page, glyphs, lim->max_glyphs - total);
        g_object_unref(page);
        page_fn(baton, (const gik_pdf_glyph *)glyphs->elts, (apr_size_t)glyphs->nelts, w, h);
        res->pages_read++;
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    if (res->pages == 0) {
        res->status = GIK_PDF_NO_PAGES;
    }
    else if (total == 0) {
        res->status = GIK_PDF_NO_TEXT;
    }
}

void gik_pdf_to_layout(void *baton, const gik_pdf_glyph *g, apr_size_t n, double w, double h)
{
    gik_pdf_layout_add_page(baton, g, n, w, h);
}

void gik_pdf_read(apr_pool_t *p, const char *buf, apr_size_t len, const gik_pdf_limits *lim,
                  gik_token_fn fn, void *baton, gik_pdf_result *res)
{
    gik_pdf_layout *layout = gik_pdf_layout_create(p);

    gik_pdf_extract(p, buf, len, lim, gik_pdf_to_layout, layout, res);
    if (res->status == GIK_PDF_OK) {
        gik_pdf_layout_emit(layout, fn, baton);
    }
}
