/*
 * gik_report.h - the report model: what the recogniser fills in, what the
 * rules read and what the writers print.
 *
 * The model is free of httpd.  Everything lives in the APR pool the caller
 * hands to gik_parser_create(); nothing is freed by hand.
 *
 * Pipeline (one file per stage):
 *   gik_decode.c      bytes in any supported charset -> UTF-8
 *   gik_tokenize_*.c  UTF-8 HTML (libxml2 SAX push parser) or plain text
 *                     -> one stream of gik_token (paragraphs, table cells)
 *   gik_recognise.c   tokens -> gik_report (metadata, sections, tables A/B/C)
 *   gik_rules*.c      gik_report -> findings
 *   gik_emit_*.c      gik_report -> JSON companion, CSV, badge HTML
 *   gik_parser.c      the whole pipeline behind one streaming API
 */
#ifndef GIK_REPORT_H
#define GIK_REPORT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GIK_CONTRACT_VERSION "1.0"
/* Bumped whenever a rule changes what it reports: part of cache keys and ETags. */
#define GIK_RULES_VERSION    "2026.11.7"

typedef enum {
    GIK_SEV_OFF = 0,      /* rule switched off by configuration */
    GIK_SEV_INFO,
    GIK_SEV_WARNING,
    GIK_SEV_ERROR
} gik_severity;

/* ------------------------------------------------------------------ */
/* Templates: the printed layout of each format, as data (gik_template.c) */

typedef enum { GIK_TABLE_A = 0, GIK_TABLE_B = 1, GIK_TABLE_C = 2, GIK_NTABLES = 3 } gik_table_id;

typedef enum {
    GIK_VALUE_COUNT = 0,  /* non-negative integer */
    GIK_VALUE_SIGNED,     /* integer that may be negative (2019: 本年增/减) */
    GIK_VALUE_MONEY       /* non-negative decimal, 万元 */
} gik_value_kind;

typedef struct gik_col_tmpl {
    const char *id;            /* JSON id, e.g. "natural_person" */
    const char *label;         /* printed label, e.g. "自然人" */
    gik_value_kind kind;
} gik_col_tmpl;

typedef struct gik_row_tmpl {
    const char *id;            /* JSON id, e.g. "withheld_state_secret" */
    const char *label;         /* printed label as in the official template */
    const char *category;      /* enclosing printed category, e.g. "（三）不予公开", or NULL */
    const char *const *aliases;/* other printings accepted (NULL-terminated), or NULL */
    unsigned colmask;          /* bit i set: column i of the table exists in this row */
    const char *caption;       /* table A: the 第二十条 item this row belongs to, else NULL */
    int merged;                /* printed only instead of its sub-rows (the rows whose
                                  category is this row's label), holding their sum:
                                  2021 reports that print （六）其他处理 as one row */
} gik_row_tmpl;

typedef struct gik_table_tmpl {
    gik_table_id table;
    const char *title;         /* section title the table sits in */
    const gik_col_tmpl *cols;
    int ncols;
    const gik_row_tmpl *rows;
    int nrows;
} gik_table_tmpl;

typedef struct gik_format {
    const char *name;          /* "2021" or "2019" */
    const char *notice;        /* 国办公开办函〔2021〕30号 */
    gik_table_tmpl tables[GIK_NTABLES];
} gik_format;

extern const gik_format gik_format_2021;
extern const gik_format gik_format_2019;

/* Section headings 一…六, the same in both formats. */
#define GIK_NSECTIONS 6
extern const char *const gik_section_titles[GIK_NSECTIONS];
extern const char *const gik_section_numerals[GIK_NSECTIONS];  /* 一 … 六 */

/* ------------------------------------------------------------------ */
/* The model */

typedef enum {
    GIK_CELL_ABSENT = 0,  /* the table or row is not on the page: JSON null, CELL-INVALID */
    GIK_CELL_OK,          /* a number was read */
    GIK_CELL_BLANK,       /* printed blank, —, -, 无: read as 0, CELL-BLANK */
    GIK_CELL_INVALID,     /* printed but unreadable, negative, fractional, overflowing: null */
    GIK_CELL_JOINED       /* the digits of several cells ran together and admit more (or
                             fewer) than one reading: null, CELL-JOINED */
} gik_cell_state;

typedef struct gik_cell {
    gik_cell_state state;
    double value;          /* counts are whole numbers below 2^53; money in 万元 */
    const char *raw;       /* the printed text (bounded), NULL when absent */
} gik_cell;

typedef struct gik_table {
    const gik_table_tmpl *tmpl;
    int present;           /* the table was found on the page */
    int header_found;      /* its column header row was found */
    gik_cell *cells;       /* tmpl->nrows * tmpl->ncols, row-major */
} gik_table;

#define GIK_CELL(t, r, c) (&(t)->cells[(r) * (t)->tmpl->ncols + (c)])

typedef struct gik_section {
    int number;            /* 1..6 */
    const char *title;     /* canonical title */
    int present;
    int order;             /* position in which it was found, 0-based; -1 if absent */
    const char *printed;   /* the heading as printed (bounded), NULL if absent */
    apr_array_header_t *paragraphs; /* const char * (UTF-8, bounded), narrative under it */
    int misprinted;        /* its title was recognised only approximately: HEADING-STYLE */
} gik_section;

typedef struct gik_finding {
    const char *rule;      /* "B-BALANCE" */
    gik_severity severity;
    char table;            /* 'A', 'B', 'C' or 0 */
    const char *row;       /* row id or NULL */
    const char *column;    /* column id or NULL */
    const char *formula;   /* relation as written, or NULL */
    apr_array_header_t *cells; /* const char *: JSON Pointers into the document */
    int has_values;        /* expected/actual are meaningful */
    double expected;
    double actual;
    const char *excerpt;   /* narrative a text rule matched, or NULL */
    const char *message;   /* Chinese */
    const char *message_en;/* English */
} gik_finding;

typedef struct gik_report {
    apr_pool_t *pool;
    /* source */
    const char *uri;       /* set by the caller (file name or request URI) */
    const char *etag;      /* set by the caller */
    apr_off_t bytes;       /* bytes fed */
    const char *charset;   /* charset used to decode, canonical name, e.g. "GB18030" */
    int wide;              /* decoded as UTF-16: an ASCII badge would corrupt the page */
    const char *site_id;   /* <meta name="SiteIDCode"> */
    const char *pub_date;  /* <meta name="PubDate"> */

    int is_report;
    const gik_format *format;   /* NULL when not a report */
    const char *title;
    const char *organization;
    int year;                   /* 0 when unknown */
    const char *signed_date;    /* "YYYY-MM-DD" found at the end, or NULL */
    const char *published;      /* best publication date: signed_date, else PubDate */

    gik_section sections[GIK_NSECTIONS];
    gik_table tables[GIK_NTABLES];
    apr_array_header_t *preamble;   /* const char *: paragraphs before section 一 */

    apr_array_header_t *findings;   /* gik_finding * */
    apr_array_header_t *not_assessable; /* const char *: rule ids */
    int partial;                    /* a limit stopped the reading early */
    const char *partial_reason;     /* "bytes", "cells", "time" */
    /* The input could not be read at all (a PDF with no text layer, a
     * password, damage): no verdict, status "none", a PDF-UNREADABLE
     * finding says why.  NULL when it was read. */
    const char *unreadable;         /* "no-text", "encrypted", "damaged", "too-large";
                                       a PDF reader stopped by a limit or a
                                       crash: "time", "memory", "failed";
                                       not started, others running, or
                                       starved by a loaded machine: "busy" */
    apr_time_t checked_at;
} gik_report;

/* The page was not read for want of the server's resources ("busy"): the
 * result says nothing about the page, so it is neither cached nor recorded,
 * and the page is read again later. */
int gik_report_read_later(const gik_report *rep);

/* Summary of the findings (after severity configuration). */
typedef struct gik_summary {
    const char *status;    /* "pass", "warn", "fail"; "none" when not a report or unreadable */
    int errors, warnings, infos;
} gik_summary;

void gik_report_summary(const gik_report *rep, gik_summary *out);
/* The verdict from the counts: "none" for a non-report, else "fail", "warn"
 * or "pass" (the one rule gik_report_summary and a stored summary share). */
const char *gik_status_of(int is_report, int errors, int warnings);

/* The verdict in words, the one spelling the badge, the findings view, the
 * tool and the status page share.  key: pass | warn | fail | none (not a
 * report) | partial (a reading limit stopped the check). */
typedef struct gik_verdict {
    const char *key;
    const char *zh;
    const char *en;
} gik_verdict;

/* The verdict named key; NULL for a name that is none of the five. */
const gik_verdict *gik_verdict_of(const char *key);

/* Table B's columns (the same in both formats), and its carried_forward row
 * (四、结转下年度继续办理): what next year's report must start from.  Copies
 * the row into out and returns 1 when every cell of it was read (a partial
 * row would make PREV-YEAR guess); 0 otherwise. */
#define GIK_B_NCOLS 7
int gik_report_carried_forward(const gik_report *rep, double out[GIK_B_NCOLS]);
/* Last year's report as a store remembers it: organisation (NULL: unknown),
 * year, its format (the one that year was published in) and table B's
 * carried_forward row; what PREV-YEAR compares this year's report with. */
gik_report *gik_report_previous(apr_pool_t *p, const char *organization, int year,
                                const double carried_forward[GIK_B_NCOLS]);
/* The rule ids of the errors, once each, in the order found, separated by
 * spaces ("" when none): what a status page or a summary line shows. */
const char *gik_report_error_rules(apr_pool_t *p, const gik_report *rep);

/* An empty report (not a report yet, no format, no tables). */
gik_report *gik_report_create(apr_pool_t *p);
/* Sets the format and allocates its three tables, every cell GIK_CELL_ABSENT. */
void gik_report_set_format(gik_report *rep, const gik_format *fmt);
/* Sets one cell by ids (for tests and the fixture tools); returns 0 or -1. */
int gik_report_set_cell(gik_report *rep, gik_table_id t, const char *row, const char *col,
                        gik_cell_state state, double value);
/* The cell by ids, or NULL when the format has no such cell. */
const gik_cell *gik_report_cell(const gik_report *rep, gik_table_id t, const char *row,
                                const char *col);

/* Adds a finding; the recogniser and every rule use this one function.
 * Strings are copied into the report pool. */
/* The vocabulary, spelled once (gik_model.c): table letters as the JSON
 * and CSV name them ('A'), table names in messages (the long Chinese form
 * "依申请公开情况表（三）", the short "表三", English), and severity names as
 * configuration, JSON and `gikreport rules` spell them. */
char gik_table_letter(gik_table_id t);
const char *gik_table_name_zh(gik_table_id t);
const char *gik_table_short_zh(gik_table_id t);
const char *gik_table_name_en(gik_table_id t);
/* "off", "info", "warning", "error"; NULL for a value out of range. */
const char *gik_severity_name(gik_severity s);
/* s (case-insensitive, "warn" too) into *out; -1 if it names none. */
int gik_severity_parse(const char *s, gik_severity *out);

gik_finding *gik_finding_add(gik_report *rep, const char *rule, gik_severity sev);
void gik_finding_cell(gik_finding *f, apr_pool_t *p, char table, const char *row,
                      const char *column);

/* Lookup helpers over the template. Return -1 when not found. */
int gik_table_row_index(const gik_table *t, const char *row_id);
/* Row r is a merged row (gik_row_tmpl.merged) that the page printed. */
int gik_table_row_merged(const gik_table *t, int r);
/* Row r is in the document: every row but a merged row not printed. */
int gik_table_row_shown(const gik_table *t, int r);
/* Row r is a sub-row whose merged row the page printed instead. */
int gik_table_row_in_merged(const gik_table *t, int r);
int gik_table_col_index(const gik_table *t, const char *col_id);

#ifdef __cplusplus
}
#endif
#endif /* GIK_REPORT_H */
