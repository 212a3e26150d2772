/*
 * gik_pdf.h - PDF reports into the same token stream as HTML and text.
 *
 * Two stages, two files:
 *   gik_tokenize_pdf.c  poppler-glib: opens the document within limits and
 *                       hands each page's glyphs (character + box) on;
 *   gik_pdf_layout.c    geometry only, no poppler: glyphs -> lines (by
 *                       baseline) -> cells (by gaps) -> table rows whose
 *                       value columns line up across rows, wrapped labels
 *                       joined; repeated page headers/footers and page
 *                       numbers dropped; narrative lines -> paragraphs.
 * Keeping the geometry apart lets the unit tests drive it with glyphs placed
 * by hand, and the fuzzer reach it without building PDFs.
 *
 * A PDF cannot be read before its end (the cross-reference table is there),
 * so unlike the other readers this one takes the whole file at once.
 */
#ifndef GIK_PDF_H
#define GIK_PDF_H

#include <apr_pools.h>
#include <apr_time.h>
#include "gik_token.h"
#include "gik_init.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- geometry (gik_pdf_layout.c) ------------------------------------ */

/* One printed character: its code point and box in points, y downwards. */
typedef struct gik_pdf_glyph {
    int cp;
    double x1, y1, x2, y2;
} gik_pdf_glyph;

typedef struct gik_pdf_layout gik_pdf_layout;

gik_pdf_layout *gik_pdf_layout_create(apr_pool_t *p);
/* Adds a page (glyphs in any order; whitespace glyphs are ignored: the gaps
 * between boxes say where words and cells end).  The glyphs are copied. */
void gik_pdf_layout_add_page(gik_pdf_layout *l, const gik_pdf_glyph *g, apr_size_t n,
                             double width, double height);
/* Emits the tokens of every page added, in reading order. */
void gik_pdf_layout_emit(gik_pdf_layout *l, gik_token_fn fn, void *baton);

/* ---- the document (gik_tokenize_pdf.c) ------------------------------- */

typedef enum {
    GIK_PDF_OK = 0,
    GIK_PDF_DAMAGED,      /* poppler cannot open it (truncated, not a PDF, broken xref) */
    GIK_PDF_ENCRYPTED,    /* it needs a password to open */
    GIK_PDF_NO_TEXT,      /* pages but no text layer: a scan */
    GIK_PDF_NO_PAGES
} gik_pdf_status;

typedef struct gik_pdf_limits {
    int max_pages;                 /* pages read; the rest makes the result partial */
    apr_size_t max_glyphs;         /* characters kept over all pages */
    apr_interval_time_t max_time;  /* checked between pages */
} gik_pdf_limits;

/* Defaults: no annual report runs past a few dozen pages. */
#define GIK_PDF_MAX_PAGES   100
#define GIK_PDF_MAX_GLYPHS  (400 * 1000)
#define GIK_PDF_MAX_TIME    apr_time_from_sec(20)

typedef struct gik_pdf_result {
    gik_pdf_status status;
    int pages;                     /* pages the document says it has */
    int pages_read;
    const char *partial_reason;    /* "pages", "cells", "time" or NULL */
    const char *detail;            /* poppler's own words on a failure, or NULL */
} gik_pdf_result;

/* Reads buf (a whole PDF) and, when it can, emits its tokens.  lim may be
 * NULL for the defaults.  Never writes to stdout/stderr. */
void gik_pdf_read(apr_pool_t *p, const char *buf, apr_size_t len, const gik_pdf_limits *lim,
                  gik_token_fn fn, void *baton, gik_pdf_result *res);

/* gik_pdf_set_log() is public: gik_init.h. */

/* 1 when buf (at least 5 bytes, or all there is) starts a PDF. */
int gik_pdf_signature(const char *buf, apr_size_t len);

/* ---- the pipeline's PDF branch (gik_parser_pdf.c) --------------------- */

struct gik_report;
struct gik_recogniser;
/* Reads the whole PDF into the recogniser; what cannot be read sets
 * rep->unreadable and adds a PDF-UNREADABLE finding that says why.
 * cut: the file was cut at the byte limit before its end. */
void gik_parser_read_pdf(apr_pool_t *p, struct gik_report *rep, struct gik_recogniser *rc,
                         const char *buf, apr_size_t len, int cut);

#ifdef __cplusplus
}
#endif
#endif /* GIK_PDF_H */
