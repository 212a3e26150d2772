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

int gik_table_row_merged(const gik_table *t, int r)
{
    int c;
    if (!t->tmpl || !t->cells || !t->tmpl->rows[r].merged) {
        return 0;
    }
    for (c = 0; c < t->tmpl->ncols; c++) {
        if (GIK_CELL(t, r, c)->state != GIK_CELL_ABSENT) {
            return 1;
        }
    }
    return 0;
}

int gik_table_row_shown(const gik_table *t, int r)
{
    return !t->tmpl->rows[r].merged || gik_table_row_merged(t, r);
}

int gik_table_row_in_merged(const gik_table *t, int r)
{
    int m;
    const char *cat = t->tmpl->rows[r].category;
    for (m = 0; cat && m < t->tmpl->nrows; m++) {
        if (t->tmpl->rows[m].merged && strcmp(t->tmpl->rows[m].label, cat) == 0) {
            return gik_table_row_merged(t, m);
        }
    }
    return 0;
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
    /* No verdict without a report: "pass" would vouch for a news page, an
     * empty file or a binary; nor for a PDF with nothing read from it. */
    out->status = (!rep->is_report || rep->unreadable) ? "none"
                : out->errors ? "fail" : out->warnings ? "warn" : "pass";
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

const char *gik_report_error_rules(apr_pool_t *p, const gik_report *rep)
{
    apr_array_header_t *seen = apr_array_make(p, 4, sizeof(const char *));
    int i, j;

    for (i = 0; rep && rep->findings && i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, const gik_finding *);
        if (f->severity != GIK_SEV_ERROR || !f->rule) {
            continue;
        }
        for (j = 0; j < seen->nelts && strcmp(APR_ARRAY_IDX(seen, j, const char *), f->rule); j++) {
        }
        if (j == seen->nelts) {
            APR_ARRAY_PUSH(seen, const char *) = f->rule;
        }
    }
    return apr_array_pstrcat(p, seen, ' ');
}
