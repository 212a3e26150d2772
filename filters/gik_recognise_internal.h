/*
 * gik_recognise_internal.h - what the two halves of the recogniser share.
 *
 * gik_recognise.c reads the token stream as it arrives: title, sections,
 * narrative, the signing date, and the table rows that carry a known label
 * ("raw rows": printed label + the cells after it).  It keeps only what it
 * recognises, so memory does not grow with the page.
 * gik_recognise_tables.c runs at the end: it decides the format, maps the raw
 * rows onto the template's cells, reads the numbers and records the repairs.
 */
#ifndef GIK_RECOGNISE_INTERNAL_H
#define GIK_RECOGNISE_INTERNAL_H

#include "gik_report.h"
#include "gik_token.h"

#include "gik_utf8.h"
#include "gik_labels.h"

/* gik_normalise() into a caller's buffer (cut at size); returns the length. */
apr_size_t gik_fold(char *out, apr_size_t size, const char *utf8);

/* ---- limits: what keeps memory bounded on hostile pages --------------- */
#define GIK_MAX_ROW_CELLS    48    /* cells of one row kept (a table C row has 15) */
#define GIK_MAX_RAW_ROWS     160   /* recognised rows kept per table */
#define GIK_MAX_VALUE_TEXT   64    /* bytes of a value cell kept */
#define GIK_MAX_LABEL_TEXT   240   /* bytes of a label cell looked at */
#define GIK_MAX_PARAGRAPHS   400   /* narrative paragraphs kept per section */
#define GIK_MAX_NARRATIVE    (256 * 1024)  /* bytes of narrative kept in all */

typedef struct gik_raw_cell {
    int col;
    int span;                  /* colspan */
    int joined;                /* digits of several cells with no separator */
    const char *text;          /* as printed (bounded) */
    const char *header;        /* folded column header printed above it, or NULL */
} gik_raw_cell;

/* Grid columns a header row can name (wider tables are no report table). */
#define GIK_MAX_HEADER_COLS  64

typedef struct gik_raw_row {
    gik_table_id table;
    int group;                 /* which printed table (text formats split at page breaks) */
    const char *label;         /* the row label as printed */
    const char *label_norm;    /* folded */
    int label_col;             /* grid column of the row label */
    int flat;                  /* from a flattened table: positions mean nothing */
    int nvalues;
    gik_raw_cell *values;      /* cells after the label, nvalues of them (at most
                                  GIK_MAX_ROW_CELLS): a row is kept in the
                                  bytes it needs, not zeroed for 48 cells */
} gik_raw_row;

/* A column header seen in a header row. */
typedef struct gik_raw_header {
    gik_table_id table;
    const char *printed;
    const char *norm;
    int col;
    int group;
} gik_raw_header;

/* What one printed table held: rows that name a report row, and rows of
 * numbers under a label no report table prints.  A table of mostly the
 * latter (a budget, a list of documents ending in 总计 or 合计) is not one of
 * the report's tables, whatever its total row says. */
typedef struct gik_group_count {
    int group;
    int matched;
    int unmatched;
} gik_group_count;
#define GIK_MAX_GROUPS 256     /* printed tables counted per page */

typedef struct gik_recogniser {
    gik_report *rep;
    apr_pool_t *pool;          /* = rep->pool: what is kept */
    apr_pool_t *row_pool;      /* cleared after each row */
    const char *force_format;

    /* narrative */
    int section;               /* -1 before section 一, else 0..5 */
    int ended;                 /* the signature under section 六 was seen */
    int sections_found;
    int numbered[GIK_NSECTIONS]; /* the numeral (1..6) a section's heading was printed
                                  under, 0 if none: "四、存在的主要问题…" is 五's at 4 */
    apr_size_t narrative_bytes;
    /* Fixed buffers, not pool strings: a page may repeat these a million times. */
    char title_candidate[512];
    int title_from_heading;
    char prev_preamble[512];   /* the paragraph before, to join broken titles */
    char last_date[16];        /* "YYYY-MM-DD" of the last date-only paragraph */

    /* the row being read */
    int in_table;
    int table_seq;             /* counts TABLE_START tokens */
    int ncells;
    gik_raw_cell cells[GIK_MAX_ROW_CELLS];
    int cells_dropped;
    int row_flat;              /* a cell of this row came from a flattened table */
    int vrow_values;           /* paragraph-cells: values since the last label */
    int vrow_open;

    /* what the rows say */
    gik_table_id context;      /* table the last recognised row belonged to */
    int context_valid;
    apr_array_header_t *rows;  /* gik_raw_row */
    apr_array_header_t *headers; /* gik_raw_header */
    int rows_per_table[GIK_NTABLES];
    int captions_seen;         /* bitmask over table A caption items */
    /* The column headers in force per table: header rows in a row accumulate
     * (table B's header is three rows deep); a data row ends them. */
    const char *header_at[GIK_NTABLES][GIK_MAX_HEADER_COLS];
    int header_open[GIK_NTABLES];
    long text_cells;           /* text cells looked at, for GIK_MAX_FUZZY_CELLS */
    apr_array_header_t *groups; /* gik_group_count, one per printed table */
    int evidence_2019, evidence_2021;
} gik_recogniser;

/* Per template row: the raw row its values were read from. */
typedef struct gik_row_source {
    const gik_raw_row *raw;
    gik_match match;
    int value_start;           /* grid column of the first value, -1 unknown */
} gik_row_source;

/* gik_recognise_repairs.c: every repair becomes a finding. */
void gik_recognise_repairs(gik_recogniser *rc, gik_row_source *const srcs[GIK_NTABLES]);

/* gik_recognise_tables.c */
void gik_recognise_row(gik_recogniser *rc);
/* Tables flattened to one cell per paragraph: returns 1 when the paragraph
 * was taken as a cell, 0 when it is narrative. */
int gik_recognise_cell_paragraph(gik_recogniser *rc, const gik_token *tok);
/* Ends a row built from paragraph-cells, if one is open. */
void gik_recognise_flush_paragraph_row(gik_recogniser *rc);
void gik_recognise_tables_finish(gik_recogniser *rc);
/* Forgets every table row seen so far: what stands before the report's
 * first section heading (a CMS page's sidebar, a budget) is not the report. */
void gik_recognise_forget_tables(gik_recogniser *rc);

/* gik_recognise_joined.c: reads a run of joined digits into n cells of the
 * given kinds when it admits exactly one reading; otherwise the cells are
 * GIK_CELL_JOINED (null) and a CELL-JOINED finding names where_zh/en, the
 * cells (row_ids/col_ids) and the number of readings.  Returns that number. */
long gik_read_joined(gik_report *rep, gik_table_id t, const char *text, gik_cell **cells,
                     const gik_value_kind *kinds, const char *const *row_ids,
                     const char *const *col_ids, int n, const char *where_zh,
                     const char *where_en);
const char *gik_label_body(const char *norm);

#endif /* GIK_RECOGNISE_INTERNAL_H */
