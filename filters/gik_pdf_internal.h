/*
 * gik_pdf_internal.h - what the three files of the PDF geometry share
 * (gik_pdf_lines.c, gik_pdf_tables.c, gik_pdf_layout.c; see gik_pdf.h).
 */
#ifndef GIK_PDF_INTERNAL_H
#define GIK_PDF_INTERNAL_H

#include <apr_tables.h>
#include "gik_pdf.h"
#include "gik_textbuf.h"

#define SAME_LINE      0.45  /* centres closer than this (x H) share a line */
#define CELL_GAP       0.95  /* a wider gap ends a chunk */
#define WORD_GAP       0.30  /* a wider gap inside a chunk is a space */
#define DIGIT_GAP      0.35  /* between two digits, a wider gap ends a chunk: two
                                numbers in narrow columns, never one number */
#define ATTACH_DY      2.6   /* a label line this close to a row's centre joins it
                                (x the label line's own height: line pitch in a
                                cell is about 2, a caption below a row is 3.5) */
#define OWN_DY         0.75  /* a label line this close to a row's numbers (x the
                                cell's line pitch) is that row's: numbers centred
                                between two label lines are half a pitch off */
#define CHAIN_DY       1.3   /* lines of one wrapped label are a pitch apart; the
                                next row's label a pitch and a cell padding */
#define RUN_CHAIN      2.2   /* x h: a wrapped label's outer line joins a run (WPS
                                sets table text at double spacing) */
#define RUN_GAP        6.0   /* a wider vertical gap ends a table run */
#define INDENT         0.9   /* a line starting this far in begins a paragraph */
#define SHORT_END      1.5   /* a line ending this far short ends its paragraph */
#define PARA_GAP       2.2   /* a wider gap between lines ends a paragraph */
#define HEADING_SIZE   1.25  /* glyphs this much taller than H: a heading */
#define BAND           0.09  /* top and bottom band of the page: headers, footers */
#define MAX_SLOTS      40
/* Lines are sorted top to bottom: a row's label lies within this many lines
 * of it, which keeps every search local (a page of 20000 lines stays fast). */
#define NEAR_LINES     24
#define LINE_INDEX(pg, ln) ((int)((ln) - (pg)->lines))

typedef struct chunk {
    double x1, x2;
    const char *text;
    int numeric;
    int slot;                    /* value column, -1 label zone */
    struct line *host;           /* the row whose label this chunk is part of */
    gik_pdf_glyph *g;            /* its glyphs (in the page's array) */
    int ng;
} chunk;

typedef struct line {
    double x1, x2, yc, h;
    int nchunks, nnum;
    chunk *chunks;
    const char *text;            /* the chunks joined by spaces */
    int dropped;                 /* page furniture */
    int big;                     /* set in a larger type than the page's body */
    int table;                   /* part of a table run */
    int anchor;                  /* a table row with numbers */
    struct line *host;           /* every chunk is part of this row's label */
    int run;                     /* table run number on its page, from 1 */
    int blank;                   /* an anchor with no numbers: a row printed blank */
    double vx;                   /* a blank row's values x: its run's */
    const char *tail;            /* its label's rest, printed on the next page */
    const struct line *lead;     /* a blank row on the page before whose label */
    const struct page *lead_pg;  /*   begins this row's (the row broke there) */
    int carried;                 /* a blank row emitted as part of the next page's */
} line;

/* The value columns of a block of rows: x ranges, left to right. */
typedef struct slots {
    int n;
    double x1[MAX_SLOTS], x2[MAX_SLOTS];
} slots;

typedef struct page {
    double w, h, H;              /* size, typical glyph height */
    gik_pdf_glyph *g;
    apr_size_t n;
    line *lines;
    int nlines;
    /* runs known by their column headings alone (gik_pdf_columns.c), by
     * run number: where their values begin and their value columns */
    double *run_vx;
    slots **run_cols;
} page;

struct gik_pdf_layout {
    apr_pool_t *pool;
    apr_array_header_t *pages;   /* page */
    gik_token_fn fn;
    void *baton;
    double body_h;               /* typical glyph height of the whole document */
    int in_table;
    int table_L;                 /* label columns of the table being emitted */
    slots cols;                  /* its value columns, for rows printed blank */
    gik_textbuf para;
    int para_big;
    const line *para_last;
    const page *para_page;
};


/* gik_pdf_lines.c: 1, 2 (lines, chunks) and 6 (page furniture) */
int gik_pdf_by_double(const void *a, const void *b);
int gik_pdf_ascii_alnum(int c);
int gik_pdf_section_heading(const char *s);
void gik_pdf_set_chunk(apr_pool_t *p, chunk *c, gik_pdf_glyph *g, int n, line *ln);
void gik_pdf_line_text(apr_pool_t *p, line *ln);
void gik_pdf_build_lines(apr_pool_t *p, page *pg);
void gik_pdf_mark_big(gik_pdf_layout *l);
void gik_pdf_drop_furniture(gik_pdf_layout *l);

/* gik_pdf_tables.c: 3 (table runs) and 4 (rows and their wrapped labels) */
double gik_pdf_values_x(const line *a);
line *gik_pdf_nearest_anchor(page *pg, const line *ln, int same_run);
void gik_pdf_find_runs(apr_pool_t *p, page *pg);
void gik_pdf_attach_labels(apr_pool_t *p, page *pg);
int gik_pdf_numbered(const char *s);
int gik_pdf_within_heading(page *pg, const line *ln);

int gik_pdf_run_break(page *pg, const line *ln);

/* gik_pdf_columns.c: value columns, and tables printed without a number */
void gik_pdf_slots_add(slots *s, double x1, double x2, double tol);
void gik_pdf_slots_sort(slots *s);
int gik_pdf_slot_of(const slots *s, double x1, double x2);
int gik_pdf_words(apr_pool_t *p, apr_array_header_t *out, const chunk *ch, line *ln);
void gik_pdf_find_headed_runs(gik_pdf_layout *l);

/* gik_pdf_breaks.c: rows a page break cut in two */
void gik_pdf_join_breaks(gik_pdf_layout *l);

#endif /* GIK_PDF_INTERNAL_H */
