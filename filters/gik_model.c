/*
 * gik_model.c - small helpers over the report model shared by every stage.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_report.h"

gik_finding *gik_finding_add(gik_report *rep, const char *rule, gik_severity sev)
{
    gik_finding *f = apr_pcalloc(rep->pool, sizeof(*f));
    f->rule = rule;
    f->severity = sev;
    f->cells = apr_array_make(rep->pool, 4, sizeof(const char *));
    APR_ARRAY_PUSH(rep->findings, gik_finding *) = f;
    return f;
}

void gik_finding_cell(gik_finding *f, apr_pool_t *p, char table, const char *row,
                      const char *column)
{
    const char *ptr;
    if (column) {
        ptr = apr_psprintf(p, "/tables/%c/%s/%s", table, row, column);
    }
    else if (row) {
        ptr = apr_psprintf(p, "/tables/%c/%s", table, row);
    }
    else {
        ptr = apr_psprintf(p, "/tables/%c", table);
    }
    APR_ARRAY_PUSH(f->cells, const char *) = ptr;
}

int gik_table_row_index(const gik_table *t, const char *row_id)
{
    int i;
    for (i = 0; t->tmpl && i < t->tmpl->nrows; i++) {
        if (strcmp(t->tmpl->rows[i].id, row_id) == 0) {
            return i;
        }
    }
    return -1;
}

int gik_table_col_index(const gik_table *t, const char *col_id)
{
    int i;
    for (i = 0; t->tmpl && i < t->tmpl->ncols; i++) {
        if (strcmp(t->tmpl->cols[i].id, col_id) == 0) {
            return i;
        }
    }
    return -1;
}

void gik_report_summary(const gik_report *rep, gik_summary *out)
{
    int i;
    memset(out, 0, sizeof(*out));
    for (i = 0; rep->findings && i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        switch (f->severity) {
        case GIK_SEV_ERROR:   out->errors++;   break;
        case GIK_SEV_WARNING: out->warnings++; break;
        case GIK_SEV_INFO:    out->infos++;    break;
        default: break;
        }
    }
    out->status = out->errors ? "fail" : out->warnings ? "warn" : "pass";
    if (rep->unreadable) {
        out->status = "none";      /* nothing was read: no verdict to give */
    }
}

gik_report *gik_report_create(apr_pool_t *p)
{
    int i;
    gik_report *rep = apr_pcalloc(p, sizeof(*rep));
    rep->pool = p;
    rep->findings = apr_array_make(p, 16, sizeof(gik_finding *));
    rep->not_assessable = apr_array_make(p, 4, sizeof(const char *));
    rep->preamble = apr_array_make(p, 4, sizeof(const char *));
    for (i = 0; i < GIK_NSECTIONS; i++) {
        rep->sections[i].number = i + 1;
        rep->sections[i].title = gik_section_titles[i];
        rep->sections[i].order = -1;
        rep->sections[i].paragraphs = apr_array_make(p, 8, sizeof(const char *));
    }
    rep->checked_at = apr_time_now();
    return rep;
}

void gik_report_set_format(gik_report *rep, const gik_format *fmt)
{
    int i;
    rep->format = fmt;
    for (i = 0; i < GIK_NTABLES; i++) {
        const gik_table_tmpl *tt = &fmt->tables[i];
        rep->tables[i].tmpl = tt;
        rep->tables[i].present = 0;
        rep->tables[i].header_found = 0;
        rep->tables[i].cells = apr_pcalloc(rep->pool,
                                           sizeof(gik_cell) * tt->nrows * tt->ncols);
    }
}

static gik_cell *cell_by_ids(const gik_report *rep, gik_table_id t, const char *row,
                             const char *col)
{
    const gik_table *tab = &rep->tables[t];
    int r, c;
    if (!tab->tmpl) {
        return NULL;
    }
    r = gik_table_row_index(tab, row);
    c = gik_table_col_index(tab, col);
    if (r < 0 || c < 0 || !(tab->tmpl->rows[r].colmask & (1u << c))) {
        return NULL;
    }
    return GIK_CELL(tab, r, c);
}

int gik_report_set_cell(gik_report *rep, gik_table_id t, const char *row, const char *col,
                        gik_cell_state state, double value)
{
    gik_cell *cell = cell_by_ids(rep, t, row, col);
    if (!cell) {
        return -1;
    }
    cell->state = state;
    cell->value = value;
    rep->tables[t].present = 1;
    return 0;
}

const gik_cell *gik_report_cell(const gik_report *rep, gik_table_id t, const char *row,
                                const char *col)
{
    return cell_by_ids(rep, t, row, col);
}
