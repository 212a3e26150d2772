/*
 * rules_fixture.c - hand-built reports for the rule tests.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "rules_fixture.h"

/* ------------------------------------------------------------------ */
/* Building reports */

void rf_para(gik_report *rep, int section, const char *text)
{
    apr_array_header_t *a = section ? rep->sections[section - 1].paragraphs : rep->preamble;
    APR_ARRAY_PUSH(a, const char *) = text;
}

void rf_clear_section(gik_report *rep, int section)
{
    rep->sections[section - 1].paragraphs->nelts = 0;
}

void rf_clear_narrative(gik_report *rep)
{
    int i;
    rep->preamble->nelts = 0;
    for (i = 1; i <= GIK_NSECTIONS; i++) {
        rf_clear_section(rep, i);
    }
}

void rf_set(gik_report *rep, gik_table_id t, const char *row, const char *col, double v)
{
    ck_assert_msg(gik_report_set_cell(rep, t, row, col, GIK_CELL_OK, v) == 0,
                  "no cell %s/%s", row, col);
}

/* Every cell of the format read as 0, then a consistent, non-zero table B
 * and C, so that a single change breaks exactly the relations it is in. */
static void fill_tables(gik_report *rep)
{
    int t, r, c;
    for (t = 0; t < GIK_NTABLES; t++) {
        gik_table *tab = &rep->tables[t];
        for (r = 0; r < tab->tmpl->nrows; r++) {
            for (c = 0; c < tab->tmpl->ncols; c++) {
                /* a merged row is printed only instead of its sub-rows */
                if ((tab->tmpl->rows[r].colmask & (1u << c)) && !tab->tmpl->rows[r].merged) {
                    GIK_CELL(tab, r, c)->state = GIK_CELL_OK;
                    GIK_CELL(tab, r, c)->value = 0;
                }
            }
        }
        tab->present = 1;
        tab->header_found = 1;
    }
    /* 自然人: 5 new + 1 carried over = 5 concluded + 1 carried forward */
    rf_set(rep, GIK_TABLE_B, "new", "natural_person", 5);
    rf_set(rep, GIK_TABLE_B, "carried_over", "natural_person", 1);
    rf_set(rep, GIK_TABLE_B, "granted", "natural_person", 3);
    rf_set(rep, GIK_TABLE_B, "partly_granted", "natural_person", 1);
    rf_set(rep, GIK_TABLE_B, "unable_not_held", "natural_person", 1);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "natural_person", 5);
    rf_set(rep, GIK_TABLE_B, "carried_forward", "natural_person", 1);
    /* 商业企业: 2 new = 2 concluded */
    rf_set(rep, GIK_TABLE_B, "new", "commercial", 2);
    rf_set(rep, GIK_TABLE_B, "granted", "commercial", 1);
    rf_set(rep, GIK_TABLE_B, "rejected_duplicate", "commercial", 1);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "commercial", 2);
    /* 总计 */
    rf_set(rep, GIK_TABLE_B, "new", "total", 7);
    rf_set(rep, GIK_TABLE_B, "carried_over", "total", 1);
    rf_set(rep, GIK_TABLE_B, "granted", "total", 4);
    rf_set(rep, GIK_TABLE_B, "partly_granted", "total", 1);
    rf_set(rep, GIK_TABLE_B, "unable_not_held", "total", 1);
    rf_set(rep, GIK_TABLE_B, "rejected_duplicate", "total", 1);
    rf_set(rep, GIK_TABLE_B, "outcome_total", "total", 7);
    rf_set(rep, GIK_TABLE_B, "carried_forward", "total", 1);
    rf_set(rep, GIK_TABLE_C, "review", "upheld", 1);
    rf_set(rep, GIK_TABLE_C, "review", "total", 1);
    rf_set(rep, GIK_TABLE_C, "litigation_direct", "pending", 1);
    rf_set(rep, GIK_TABLE_C, "litigation_direct", "total", 1);
    if (rep->format == &gik_format_2021) {
        rf_set(rep, GIK_TABLE_A, "normative_documents", "issued", 2);
        rf_set(rep, GIK_TABLE_A, "normative_documents", "repealed", 1);
        rf_set(rep, GIK_TABLE_A, "normative_documents", "in_force", 3);
    }
}

/* A township report that every rule passes. */
gik_report *rf_clean_report(apr_pool_t *p, const gik_format *fmt, int year)
{
    gik_report *rep = gik_report_create(p);
    int i;
    rep->is_report = 1;
    gik_report_set_format(rep, fmt);
    rep->year = year;
    rep->organization = "辛店镇";
    rep->title = apr_psprintf(p, "辛店镇 %d 年政府信息公开工作年度报告", year);
    rep->signed_date = apr_psprintf(p, "%d-01-14", year + 1);
    rep->published = rep->signed_date;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        rep->sections[i].present = 1;
        rep->sections[i].order = i;
        rep->sections[i].printed = apr_pstrcat(p, gik_section_numerals[i], "、",
                                               gik_section_titles[i], NULL);
    }
    fill_tables(rep);
    rf_para(rep, 0, apr_psprintf(p, "%d 年，辛店镇人民政府认真贯彻落实《中华人民共和国政府信息"
                              "公开条例》，坚持以公开为常态、不公开为例外。", year));
    rf_para(rep, 1, "（二）依申请公开：本年度新收政府信息公开申请7件，上年结转1件。"
                 "被申请行政复议1件。");
    rf_para(rep, 1, "（五）监督保障：将政府信息公开工作纳入年度绩效考核，积极开展社会评议，"
                 "全年未发生政府信息公开责任追究情况。");
    rf_para(rep, 5, "针对上年度报告指出的问题，已逐项整改到位。");
    rf_para(rep, 6, "本年度未收取信息处理费。");
    return rep;
}

void rf_run(gik_report *rep, const gik_report *prev)
{
    gik_rules_run(rep, prev, NULL);
}

/* ------------------------------------------------------------------ */
/* Reading findings */

int rf_count(const gik_report *rep, const char *rule)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        n += strcmp(f->rule, rule) == 0 && f->severity != GIK_SEV_OFF;
    }
    return n;
}

gik_finding *rf_nth(const gik_report *rep, const char *rule, int k)
{
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, rule) == 0 && k-- == 0) {
            return f;
        }
    }
    ck_abort_msg("no finding %s #%d", rule, k);
    return NULL;
}

gik_finding *rf_on(const gik_report *rep, const char *rule, const char *row,
                       const char *col)
{
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (strcmp(f->rule, rule) == 0 && f->row && f->column && strcmp(f->row, row) == 0
            && strcmp(f->column, col) == 0) {
            return f;
        }
    }
    ck_abort_msg("no finding %s on %s/%s", rule, row, col);
    return NULL;
}

const char *rf_dump(const gik_report *rep)
{
    const char *s = "";
    int i;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        s = apr_psprintf(rep->pool, "%s\n  %s %d %s/%s: %s", s, f->rule, f->severity,
                         f->row ? f->row : "-", f->column ? f->column : "-", f->message_en);
    }
    return s;
}

int rf_active(const gik_report *rep)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        n += APR_ARRAY_IDX(rep->findings, i, gik_finding *)->severity != GIK_SEV_OFF;
    }
    return n;
}

int rf_not_assessable(const gik_report *rep, const char *rule)
{
    int i;
    for (i = 0; i < rep->not_assessable->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(rep->not_assessable, i, const char *), rule) == 0) {
            return 1;
        }
    }
    return 0;
}

const char *rf_cell(const gik_finding *f, int i)
{
    ck_assert_int_lt(i, f->cells->nelts);
    return APR_ARRAY_IDX(f->cells, i, const char *);
}

int rf_has_cell(const gik_finding *f, const char *ptr)
{
    int i;
    for (i = 0; i < f->cells->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(f->cells, i, const char *), ptr) == 0) {
            return 1;
        }
    }
    return 0;
}
