/*
 * gik_emit_csv.c - the three tables as CSV (RFC 4180), for spreadsheets.
 *
 * One line per cell, in template order, so every report of a format gives
 * the same rows and files can be stacked.  Lines end in CRLF as RFC 4180
 * says; spreadsheet programs and Python's csv module read them either way.
 *
 * The document starts with a UTF-8 byte order mark.  Excel on Windows opens
 * a double-clicked .csv in the ANSI code page (936 on a Chinese Windows), so
 * without the mark every label is garbled; with it Excel reads UTF-8.
 * LibreOffice, Numbers, pandas and Python's "utf-8-sig" skip the mark.
 * (GB18030 instead would suit Excel in China only, and nothing else.)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_emit.h"

#define CSV_COLUMNS "table,row,column,label_row,label_column,value,state\r\n"

char *gik_csv_field(apr_pool_t *p, const char *s)
{
    const char *prefix = "";
    const char *q;
    char *out, *o;

    if (!s) {
        return apr_pstrdup(p, "");
    }
    /* A spreadsheet would run these as formulas (CSV injection); the
     * apostrophe makes them text and is what Excel itself shows for it. */
    if (*s && strchr("=+-@\t\r", *s)) {
        prefix = "'";
    }
    if (!strpbrk(s, ",\"\r\n")) {
        return apr_pstrcat(p, prefix, s, NULL);
    }
    out = o = apr_palloc(p, strlen(s) * 2 + 4);
    *o++ = '"';
    if (*prefix) {
        *o++ = '\'';
    }
    for (q = s; *q; q++) {
        if (*q == '"') {
            *o++ = '"';
        }
        *o++ = *q;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static const char *state_name(gik_cell_state s)
{
    switch (s) {
    case GIK_CELL_OK:     return "ok";
    case GIK_CELL_BLANK:  return "blank";
    case GIK_CELL_ABSENT: return "absent";
    case GIK_CELL_JOINED: return "joined";
    default:              return "invalid";
    }
}

/* The value column is always a number or empty, never text from the page,
 * so it is written as is: -1 must stay a number, not become '-1. */
static const char *cell_value(apr_pool_t *p, const gik_cell *c)
{
    char buf[64];
    double v;

    if (c->state == GIK_CELL_BLANK) {
        return "0";
    }
    if (c->state != GIK_CELL_OK || !isfinite(c->value)) {
        return "";
    }
    v = c->value;
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
    }
    /* 15 digits: the same as the JSON, so 0.35 is 0.35 in both.  libc's
     * snprintf, not APR's: apr_snprintf("%g") drops the leading 0 (".35"). */
    snprintf(buf, sizeof(buf), "%.15g", v);
    return apr_pstrdup(p, buf);
}

/* The cell lines; with file, each starts with the file's field. */
char *gik_report_csv_rows(apr_pool_t *p, const gik_report *rep, const char *file)
{
    static const char *const names[GIK_NTABLES] = { "A", "B", "C" };
    apr_array_header_t *lines = apr_array_make(p, 256, sizeof(const char *));
    const char *lead = file ? apr_pstrcat(p, gik_csv_field(p, file), ",", NULL) : "";
    int i, r, c;

    for (i = 0; rep->is_report && i < GIK_NTABLES; i++) {
        const gik_table *t = &rep->tables[i];
        const gik_table_tmpl *tt = t->tmpl;
        if (!tt || !t->cells) {
            continue;
        }
        for (r = 0; r < tt->nrows; r++) {
            const gik_row_tmpl *row = &tt->rows[r];
            if (!gik_table_row_shown(t, r)) {
                continue;
            }
            for (c = 0; c < tt->ncols; c++) {
                const gik_cell *cell = GIK_CELL(t, r, c);
                if (!(row->colmask & (1u << c))) {
                    continue;
                }
                APR_ARRAY_PUSH(lines, const char *) = apr_pstrcat(p, lead,
                    names[i], ",",
                    gik_csv_field(p, row->id), ",",
                    gik_csv_field(p, tt->cols[c].id), ",",
                    gik_csv_field(p, row->label), ",",
                    gik_csv_field(p, tt->cols[c].label), ",",
                    cell_value(p, cell), ",",
                    state_name(cell->state), "\r\n", NULL);
            }
        }
    }
    return apr_array_pstrcat(p, lines, 0);
}

const char *gik_csv_header(int with_file)
{
    return with_file ? GIK_CSV_BOM "file," CSV_COLUMNS : GIK_CSV_BOM CSV_COLUMNS;
}

char *gik_report_csv(apr_pool_t *p, const gik_report *rep)
{
    return apr_pstrcat(p, gik_csv_header(0), gik_report_csv_rows(p, rep, NULL), NULL);
}
