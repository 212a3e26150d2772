/*
 * gik_rules_tables.c - the rules over the tables' arithmetic: B-BALANCE,
 * B-OUTCOME-SUM, B-COLUMN-SUM, C-SUM, A-IN-FORCE.
 *
 * Arithmetic rules skip a relation in which any cell is absent or
 * unreadable: that cell already carries CELL-INVALID, and a second error
 * computed from a guessed value would be noise.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"

/* ------------------------------------------------------------------ */
/* Arithmetic: one relation "parts = totals" (or totals >= parts) over the
 * cells of one table, checked and reported by one function. */

#define REL_MAX 32

typedef struct rel_term {
    int row, col;
    int sign;                  /* +1 or -1 */
} rel_term;

typedef struct relation {
    const char *rule;
    gik_table_id table;
    const char *row, *column;  /* the finding's row/column ids */
    const char *formula;
    /* where the finding says it is, written only when there is one:
     * along row where_row ("申请人总数 行" / "row … (row id)") or down
     * column where_col ("自然人 列" / "column 自然人 (natural_person)") */
    int where_row, where_col;
    int at_least;              /* totals >= parts instead of = */
    gik_severity sev;
    rel_term parts[REL_MAX];
    int nparts;
    rel_term totals[4];
    int ntotals;
} relation;

static void rel_add(rel_term *terms, int *n, int max, int row, int col, int sign)
{
    if (*n < max) {
        terms[*n].row = row;
        terms[*n].col = col;
        terms[*n].sign = sign;
        (*n)++;
    }
}

/* The terms as a reader checks them: "label (v) + label (v)"; in long sums
 * only the non-zero terms, so that a 22-row sum stays readable. */
static void rel_describe(apr_pool_t *p, const gik_table *t, const rel_term *terms, int n,
                         int by_row, const char **zh, const char **en)
{
    const char *z = "", *e = "";
    int i, shown = 0, hidden = 0;
    for (i = 0; i < n; i++) {
        const gik_cell *c = GIK_CELL(t, terms[i].row, terms[i].col);
        const char *label = by_row ? gik_rule_row_label(p, t->tmpl, terms[i].row)
                                   : t->tmpl->cols[terms[i].col].label;
        const char *id = by_row ? t->tmpl->rows[terms[i].row].id
                                : t->tmpl->cols[terms[i].col].id;
        const char *op = terms[i].sign < 0 ? " − " : " + ";
        if (n > 7 && c->value == 0) {
            hidden++;
            continue;
        }
        z = apr_psprintf(p, "%s%s%s (%s)", z, shown ? op : (terms[i].sign < 0 ? "−" : ""),
                         label, gik_rule_num(p, c->value));
        e = apr_psprintf(p, "%s%s%s [%s] %s", e, shown ? op : (terms[i].sign < 0 ? "-" : ""),
                         label, id, gik_rule_num(p, c->value));
        shown++;
    }
    if (hidden) {
        z = apr_psprintf(p, "%s%s其余 %d 项 (0)", z, shown ? " + " : "", hidden);
        e = apr_psprintf(p, "%s%s%d other rows 0", e, shown ? " + " : "", hidden);
    }
    *zh = z;
    *en = e;
}

/* The words for where a relation failed. */
static void rel_where(apr_pool_t *p, const gik_table *t, const relation *rel,
                      const char **zh, const char **en)
{
    if (rel->where_col >= 0) {
        *zh = apr_pstrcat(p, t->tmpl->cols[rel->where_col].label, " 列", NULL);
        *en = apr_psprintf(p, "column %s (%s)", t->tmpl->cols[rel->where_col].label,
                           t->tmpl->cols[rel->where_col].id);
    }
    else {
        const char *label = gik_rule_row_label(p, t->tmpl, rel->where_row);
        *zh = apr_pstrcat(p, label, " 行", NULL);
        *en = apr_psprintf(p, "row %s (%s)", label, rel->row);
    }
}

static void rel_init(relation *rel, gik_report *rep, const char *rule, gik_table_id table)
{
    memset(rel, 0, sizeof(*rel));
    rel->rule = rule;
    rel->table = table;
    rel->sev = gik_rule_severity(rule);
    rel->where_row = rel->where_col = -1;
}

static void rel_check(gik_report *rep, const relation *rel)
{
    const gik_table *t = &rep->tables[rel->table];
    double parts = 0, totals = 0;
    const char *pz, *pe, *tz, *te, *where_zh, *where_en;
    int i, by_row, blank_parts = 0, blank_totals = 0;
    gik_finding *f;
    for (i = 0; i < rel->nparts + rel->ntotals; i++) {
        const rel_term *term = i < rel->nparts ? &rel->parts[i]
                                               : &rel->totals[i - rel->nparts];
        const gik_cell *c = GIK_CELL(t, term->row, term->col);
        if (!(t->tmpl->rows[term->row].colmask & (1u << term->col)) || !gik_rule_cell_ok(c)) {
            return;
        }
        if (i < rel->nparts) {
            parts += term->sign * c->value;
            blank_parts += c->state == GIK_CELL_BLANK;
        }
        else {
            totals += term->sign * c->value;
            blank_totals += c->state == GIK_CELL_BLANK;
        }
    }
    /* A side printed wholly blank makes no claim (上海 2019 prints 总计 only
     * on some rows; a 2019 page may leave the 总计 column blank on every
     * outcome row): the relation is not asserted, and CELL-BLANK says why. */
    if (blank_parts == rel->nparts || blank_totals == rel->ntotals) {
        return;
    }
    /* Money has decimals; counts are whole, so the tolerance never hides
     * a miscount. */
    if (rel->at_least ? totals >= parts - 1e-9 : (totals - parts < 1e-9 && parts - totals < 1e-9)) {
        return;
    }
    f = gik_finding_add(rep, rel->rule, rel->sev);
    f->table = "ABC"[rel->table];
    f->row = rel->row;
    f->column = rel->column;
    f->formula = rel->formula;
    for (i = 0; i < rel->nparts + rel->ntotals; i++) {
        const rel_term *term = i < rel->nparts ? &rel->parts[i]
                                               : &rel->totals[i - rel->nparts];
        gik_finding_cell(f, rep->pool, f->table, t->tmpl->rows[term->row].id,
                         t->tmpl->cols[term->col].id);
    }
    f->has_values = 1;
    f->expected = parts;
    f->actual = totals;
    /* A relation down a column names rows, one along a row names columns. */
    by_row = rel->nparts > 1 ? rel->parts[0].col == rel->parts[1].col
                             : rel->parts[0].col == rel->totals[0].col;
    rel_describe(rep->pool, t, rel->parts, rel->nparts, by_row, &pz, &pe);
    rel_describe(rep->pool, t, rel->totals, rel->ntotals, by_row, &tz, &te);
    rel_where(rep->pool, t, rel, &where_zh, &where_en);
    if (rel->at_least) {
        f->message = apr_psprintf(rep->pool, "%s %s：%s 为 %s，少于 %s = %s",
                                  gik_table_short_zh(rel->table), where_zh, tz,
                                  gik_rule_num(rep->pool, totals), pz,
                                  gik_rule_num(rep->pool, parts));
        f->message_en = apr_psprintf(rep->pool, "Table %c, %s: %s is less than %s = %s",
                                     f->table, where_en, te, pe,
                                     gik_rule_num(rep->pool, parts));
        return;
    }
    f->message = apr_psprintf(rep->pool, "%s %s：%s = %s，但 %s = %s",
                              gik_table_short_zh(rel->table), where_zh, pz,
                              gik_rule_num(rep->pool, parts), tz,
                              gik_rule_num(rep->pool, totals));
    f->message_en = apr_psprintf(rep->pool, "Table %c, %s: %s = %s, but %s = %s",
                                 f->table, where_en, pe, gik_rule_num(rep->pool, parts),
                                 te, gik_rule_num(rep->pool, totals));
}

/* The table if the format has it and the page printed it; otherwise the
 * rule is recorded as not assessable. */
static const gik_table *table_for(gik_report *rep, gik_table_id id, const char *rule)
{
    const gik_table *t = &rep->tables[id];
    if (!t->tmpl || !t->present || !t->cells) {
        gik_rule_not_assessable(rep, rule);
        return NULL;
    }
    return t;
}


GIK_RULE_FN(gik_rule_b_balance)
{
    const gik_table *t = table_for(rep, GIK_TABLE_B, "B-BALANCE");
    int c, rnew, rco, rtot, rfwd;
    if (!t) {
        return;
    }
    rnew = gik_table_row_index(t, "new");
    rco = gik_table_row_index(t, "carried_over");
    rtot = gik_table_row_index(t, "outcome_total");
    rfwd = gik_table_row_index(t, "carried_forward");
    for (c = 0; c < t->tmpl->ncols; c++) {
        relation rel;
        rel_init(&rel, rep, "B-BALANCE", GIK_TABLE_B);
        rel.row = "new";
        rel.column = t->tmpl->cols[c].id;
        rel.formula = "new + carried_over = outcome_total + carried_forward";
        rel.where_col = c;
        rel_add(rel.parts, &rel.nparts, REL_MAX, rnew, c, 1);
        rel_add(rel.parts, &rel.nparts, REL_MAX, rco, c, 1);
        rel_add(rel.totals, &rel.ntotals, 4, rtot, c, 1);
        rel_add(rel.totals, &rel.ntotals, 4, rfwd, c, 1);
        rel_check(rep, &rel);
    }
}

/* A row the page printed that adds to （七）总计: a merged row or its
 * sub-rows, never both. */
static int outcome_row(const gik_table *t, int r)
{
    return gik_table_row_shown(t, r) && !gik_table_row_in_merged(t, r);
}

GIK_RULE_FN(gik_rule_b_outcome_sum)
{
    const gik_table *t = table_for(rep, GIK_TABLE_B, "B-OUTCOME-SUM");
    int c, r, first, rtot;
    const char *formula = "outcome_total =";
    if (!t) {
        return;
    }
    /* The outcome rows are those between （一）予以公开 and （七）总计 in
     * either format: 2019 has one （六） row, 2021 three -- or one, when
     * the page prints （六） merged (ROW-MERGED). */
    first = gik_table_row_index(t, "granted");
    rtot = gik_table_row_index(t, "outcome_total");
    for (r = first; r < rtot; r++) {
        if (outcome_row(t, r)) {
            formula = apr_pstrcat(rep->pool, formula, r == first ? " " : " + ",
                                  t->tmpl->rows[r].id, NULL);
        }
    }
    for (c = 0; c < t->tmpl->ncols; c++) {
        relation rel;
        rel_init(&rel, rep, "B-OUTCOME-SUM", GIK_TABLE_B);
        rel.row = "outcome_total";
        rel.column = t->tmpl->cols[c].id;
        rel.formula = formula;
        rel.where_col = c;
        for (r = first; r < rtot; r++) {
            if (outcome_row(t, r)) {
                rel_add(rel.parts, &rel.nparts, REL_MAX, r, c, 1);
            }
        }
        rel_add(rel.totals, &rel.ntotals, 4, rtot, c, 1);
        rel_check(rep, &rel);
    }
}

/* Along every row: the last column (总计) is the sum of the others; B and C
 * share this shape. */
static void row_sums(gik_report *rep, const char *rule, gik_table_id id, const char *formula)
{
    const gik_table *t = table_for(rep, id, rule);
    int r, c, last;
    if (!t) {
        return;
    }
    last = t->tmpl->ncols - 1;
    for (r = 0; r < t->tmpl->nrows; r++) {
        relation rel;
        rel_init(&rel, rep, rule, id);
        rel.row = t->tmpl->rows[r].id;
        rel.column = t->tmpl->cols[last].id;
        rel.formula = formula;
        rel.where_row = r;
        for (c = 0; c < last; c++) {
            rel_add(rel.parts, &rel.nparts, REL_MAX, r, c, 1);
        }
        rel_add(rel.totals, &rel.ntotals, 4, r, last, 1);
        rel_check(rep, &rel);
    }
}

GIK_RULE_FN(gik_rule_b_column_sum)
{
    row_sums(rep, "B-COLUMN-SUM", GIK_TABLE_B,
             "total = natural_person + commercial + research + social_welfare"
             " + legal_service + other_org");
}

GIK_RULE_FN(gik_rule_c_sum)
{
    row_sums(rep, "C-SUM", GIK_TABLE_C, "total = upheld + corrected + other + pending");
}

GIK_RULE_FN(gik_rule_a_in_force)
{
    const gik_table *t = table_for(rep, GIK_TABLE_A, "A-IN-FORCE");
    static const char *const rows[] = { "regulations", "normative_documents" };
    int is2019, i;
    if (!t) {
        return;
    }
    /* 2019 has no stock column; its nearest relation, 对外公开总数量 >=
     * 本年新公开数量, rests on how publishers read 总数量, so a warning. */
    is2019 = rep->format == &gik_format_2019;
    for (i = 0; i < 2; i++) {
        relation rel;
        int r = gik_table_row_index(t, rows[i]);
        rel_init(&rel, rep, "A-IN-FORCE", GIK_TABLE_A);
        rel.row = rows[i];
        rel.at_least = 1;
        rel.where_row = r;
        if (is2019) {
            rel.sev = GIK_SEV_WARNING;
            rel.column = "total_published";
            rel.formula = "total_published >= new_published";
            rel_add(rel.parts, &rel.nparts, REL_MAX, r,
                    gik_table_col_index(t, "new_published"), 1);
        }
        else {
            rel.column = "in_force";
            rel.formula = "in_force >= issued - repealed";
            rel_add(rel.parts, &rel.nparts, REL_MAX, r, gik_table_col_index(t, "issued"), 1);
            rel_add(rel.parts, &rel.nparts, REL_MAX, r,
                    gik_table_col_index(t, "repealed"), -1);
        }
        rel_add(rel.totals, &rel.ntotals, 4, r, gik_table_col_index(t, rel.column), 1);
        if (GIK_CELL(t, r, rel.totals[0].col)->state == GIK_CELL_ABSENT) {
            /* the row was left out (ROW-OMITTED): nothing to check it on */
            gik_rule_not_assessable(rep, "A-IN-FORCE");
            continue;
        }
        rel_check(rep, &rel);
    }
}
