/*
 * gik_model.c - small helpers over the report model shared by every stage.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_report.h"

/* ---- vocabulary ------------------------------------------------------ */

typedef struct table_names {
    const char *zh, *short_zh, *en;
} table_names;

static const table_names tables[GIK_NTABLES] = {
    [GIK_TABLE_A] = { "主动公开情况表（二）", "表二",
                      "Table A (section 二, proactive disclosure)" },
    [GIK_TABLE_B] = { "依申请公开情况表（三）", "表三",
                      "Table B (section 三, applications)" },
    [GIK_TABLE_C] = { "行政复议、行政诉讼情况表（四）", "表四",
                      "Table C (section 四, administrative review and litigation)" }
};

char gik_table_letter(gik_table_id t)
{
    return (char)('A' + t);
}

const char *gik_table_name_zh(gik_table_id t)
{
    return tables[t].zh;
}

const char *gik_table_short_zh(gik_table_id t)
{
    return tables[t].short_zh;
}

const char *gik_table_name_en(gik_table_id t)
{
    return tables[t].en;
}

static const char *const severity_names[] = {
    [GIK_SEV_OFF] = "off", [GIK_SEV_INFO] = "info", [GIK_SEV_WARNING] = "warning",
    [GIK_SEV_ERROR] = "error"
};

const char *gik_severity_name(gik_severity s)
{
    return (unsigned)s <= GIK_SEV_ERROR ? severity_names[s] : NULL;
}

int gik_severity_parse(const char *s, gik_severity *out)
{
    int i;
    if (s && strcasecmp(s, "warn") == 0) {
        *out = GIK_SEV_WARNING;
        return 0;
    }
    for (i = GIK_SEV_OFF; s && i <= GIK_SEV_ERROR; i++) {
        if (strcasecmp(s, severity_names[i]) == 0) {
            *out = (gik_severity)i;
            return 0;
        }
    }
    return -1;
}

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
    /* nor for a PDF with nothing read from it */
    out->status = gik_status_of(rep->is_report && !rep->unreadable, out->errors, out->warnings);
}

static const gik_verdict verdicts[] = {
    { "pass",    "通过",         "passed" },
    { "warn",    "有警告",       "passed with warnings" },
    { "fail",    "未通过",       "failed" },
    { "none",    "不是年度报告", "not an annual report" },
    { "partial", "未能完成检查", "check not completed" }
};

int gik_report_read_later(const gik_report *rep)
{
    return rep->unreadable && !strcmp(rep->unreadable, "busy");
}

const gik_verdict *gik_verdict_of(const char *key)
{
    apr_size_t i;
    for (i = 0; key && i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
        if (!strcmp(key, verdicts[i].key)) {
            return &verdicts[i];
        }
    }
    return NULL;
}

const char *gik_status_of(int is_report, int errors, int warnings)
{
    /* No verdict without a report: "pass" would vouch for a news page, an
     * empty file or a binary. */
    return !is_report ? "none" : errors ? "fail" : warnings ? "warn" : "pass";
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

int gik_report_carried_forward(const gik_report *rep, double out[GIK_B_NCOLS])
{
    const gik_table *b = &rep->tables[GIK_TABLE_B];
    double row_values[GIK_B_NCOLS];
    int row, col;

    if (!rep->format || !b->present || !b->cells || b->tmpl->ncols != GIK_B_NCOLS) {
        return 0;
    }
    row = gik_table_row_index(b, "carried_forward");
    if (row < 0) {
        return 0;
    }
    for (col = 0; col < GIK_B_NCOLS; col++) {
        const gik_cell *cell = GIK_CELL(b, row, col);
        if (cell->state != GIK_CELL_OK && cell->state != GIK_CELL_BLANK) {
            return 0;
        }
        row_values[col] = cell->value;
    }
    memcpy(out, row_values, sizeof(row_values));
    return 1;
}

gik_report *gik_report_previous(apr_pool_t *p, const char *organization, int year,
                                const double carried_forward[GIK_B_NCOLS])
{
    gik_report *rep = gik_report_create(p);
    const gik_table_tmpl *b;
    int col;

    /* the 2021 format applies to the reports on 2021 and later */
    gik_report_set_format(rep, year >= 2021 ? &gik_format_2021 : &gik_format_2019);
    rep->is_report = 1;
    rep->organization = organization ? apr_pstrdup(p, organization) : NULL;
    rep->year = year;
    b = &rep->format->tables[GIK_TABLE_B];
    for (col = 0; col < b->ncols && col < GIK_B_NCOLS; col++) {
        gik_report_set_cell(rep, GIK_TABLE_B, "carried_forward", b->cols[col].id,
                            GIK_CELL_OK, carried_forward[col]);
    }
    rep->tables[GIK_TABLE_B].present = 1;
    return rep;
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
