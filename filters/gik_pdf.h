/*
 * gik_pdf.h - PDF reports into the same token stream as HTML and text.
 *
 * Two stages:
 *   gik_tokenize_pdf.c  poppler-glib: opens the document within limits and
 *                       hands each page's glyphs (character + box) on;
 *   gik_pdf_child.c     the same in a child process with hard limits (the
 *                       tool's "pdf-glyphs"), its glyphs coming back as a
 *                       glyph stream (gik_pdf_glyphstream.c);
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
#include <apr_tables.h>
#include <apr_time.h>
#include "gik_token.h"
#include "gik_init.h"
#include "gik_pdfglyphs.h"

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
    GIK_PDF_NO_PAGES,
    /* the child process only (gik_pdf_child.c): */
    GIK_PDF_LIMIT_TIME,   /* killed at its deadline, or its CPU limit */
    GIK_PDF_LIMIT_MEMORY, /* an allocation failed at its address-space limit */
    GIK_PDF_FAILED,       /* not started, crashed, or its glyph stream was broken */
    GIK_PDF_BUSY          /* not started: max_running children were reading already;
                           * or killed at its deadline with little CPU: starved by a
                           * loaded machine.  Says nothing about the file: not cached.
                           * (after FAILED: a child's status record cannot claim it) */
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
 * NULL for the defaults.  Never writes to stdout/stderr.  Runs poppler in
 * this process: for the fuzzer, the unit tests and the child itself. */
void gik_pdf_read(apr_pool_t *p, const char *buf, apr_size_t len, const gik_pdf_limits *lim,
                  gik_token_fn fn, void *baton, gik_pdf_result *res);

/* One page's glyphs as poppler gave them (the layout copies them). */
typedef void (*gik_pdf_page_fn)(void *baton, const gik_pdf_glyph *g, apr_size_t n,
                                double width, double height);
/* gik_pdf_read() without the layout: each page's glyphs to page_fn. */
void gik_pdf_extract(apr_pool_t *p, const char *buf, apr_size_t len, const gik_pdf_limits *lim,
                     gik_pdf_page_fn page_fn, void *baton, gik_pdf_result *res);
/* A gik_pdf_page_fn adding the page to the gik_pdf_layout baton. */
void gik_pdf_to_layout(void *layout, const gik_pdf_glyph *g, apr_size_t n, double width,
                       double height);
/* Passes a poppler message to the gik_pdf_set_log() function. */
void gik_pdf_log_message(const char *message);
/* The default limits when lim is NULL. */
const gik_pdf_limits *gik_pdf_default_limits(void);

/* ---- the glyph stream (gik_pdf_glyphstream.c) -------------------------
 * What the child writes and the parent reads: a header, then records --
 * a page and its glyphs, a poppler message, and one final status record
 * after which nothing may follow.  Little-endian integers and IEEE 754
 * doubles: the parent lays out exactly the boxes poppler gave the child.
 * The stream is input like any other: the decoder checks every length
 * against what is left, caps pages, glyphs and messages, and refuses a
 * stream without its final record (a child that died half-way). */

#define GIK_GS_MAX_DETAIL 512        /* bytes of a message or a status detail */
#define GIK_GS_MAX_LOGS   64         /* poppler messages passed on per document */

/* Appends to out (an array of char: nelts bytes of nalloc). */
void gik_pdf_gs_bytes(apr_array_header_t *out, const void *data, apr_size_t n);
void gik_pdf_gs_header(apr_array_header_t *out);
void gik_pdf_gs_page(apr_array_header_t *out, const gik_pdf_glyph *g, apr_size_t n,
                     double width, double height);
void gik_pdf_gs_log(apr_array_header_t *out, const char *message);
void gik_pdf_gs_end(apr_array_header_t *out, const gik_pdf_result *res);
/* The longest stream a child within lim can write. */
apr_size_t gik_pdf_gs_max_len(const gik_pdf_limits *lim);
/* A status record has at least this many bytes (no detail). */
#define GIK_GS_END_MIN 13

/* Decodes a whole stream: pages to page_fn (within lim: a stream claiming
 * more pages or glyphs is refused), messages to the gik_pdf_set_log()
 * function, the final record into res.  Returns NULL, or why the stream
 * is malformed (then res says nothing and no page was handed on). */
const char *gik_pdf_gs_decode(apr_pool_t *p, const char *buf, apr_size_t len,
                              const gik_pdf_limits *lim, gik_pdf_page_fn page_fn,
                              void *baton, gik_pdf_result *res);

/* ---- poppler in a child process (gik_pdf_child.c) --------------------- */

typedef struct gik_pdf_helper {
    const char *path;              /* a gikreport binary: run as "PATH pdf-glyphs" */
    int seconds;                   /* wall clock (the parent) and CPU (the child) */
    int megabytes;                 /* the child's address space */
    int max_running;               /* children of this process reading at once; 0: no bound */
} gik_pdf_helper;

/* gik_pdf_read() with poppler in a child: the PDF piped in, the glyph
 * stream piped out, the child killed at the deadline and always reaped.
 * Only the layout runs here.  The caller's SIGPIPE disposition is kept.
 * With helper->max_running, no more than that many children of this
 * process run at once: one more is not started (GIK_PDF_BUSY). */
void gik_pdf_read_child(apr_pool_t *p, const char *buf, apr_size_t len,
                        const gik_pdf_helper *helper, const gik_pdf_limits *lim,
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
                         const char *buf, apr_size_t len, int cut,
                         const gik_pdf_helper *helper);

#ifdef __cplusplus
}
#endif
#endif /* GIK_PDF_H */
