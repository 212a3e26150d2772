/*
 * gik_rules_internal.h - what the three rule files share and nobody else
 * needs: the rule functions registered in gik_rules[] (gik_rules.c), the
 * narrative and cell helpers, and a once-compiled PCRE2 pattern table.
 *
 *   gik_rules.c        registry, configuration, helpers, arithmetic rules
 *   gik_rules_text.c   narrative against tables, wording, conversion debris
 *   gik_rules_stated.c numbers the narrative states, under their readings
 *   gik_rules_cross.c  sections and headings, format, body kind, deadlines,
 *                      years, the previous year's report
 */
#ifndef GIK_RULES_INTERNAL_H
#define GIK_RULES_INTERNAL_H

#include <pthread.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "gik_rules.h"

#define GIK_RULE_FN(name) \
    void name(gik_report *rep, const gik_report *prev, const gik_rule_config *cfg)

/* gik_rules_text.c */
GIK_RULE_FN(gik_rule_text_table);
GIK_RULE_FN(gik_rule_review_text);
GIK_RULE_FN(gik_rule_boilerplate);
GIK_RULE_FN(gik_rule_accountability);
GIK_RULE_FN(gik_rule_rectification);
GIK_RULE_FN(gik_rule_fee_statement);
GIK_RULE_FN(gik_rule_artifact);

/* gik_rules_stated.c: every number paragraph text states about table t
 * (B: TEXT-TABLE, C: REVIEW-TEXT), judged under the readings its words
 * allow. */
void gik_stated_check(gik_report *rep, gik_table_id t, const char *text);
/* Sum of the 总计 column over rows, a 总计 printed blank read as the sum of
 * its row; -1 if a cell cannot be read or the format has none of the rows. */
double gik_stated_total(const gik_report *rep, gik_table_id t, const char *const *rows);
/* The same over one column (a blank 总计 read as its row's sum). */
double gik_stated_sum(const gik_report *rep, gik_table_id t, const char *const *rows,
                      const char *col);

/* gik_rules_cross.c */
GIK_RULE_FN(gik_rule_section_missing);
GIK_RULE_FN(gik_rule_section_order);
GIK_RULE_FN(gik_rule_heading_style);
GIK_RULE_FN(gik_rule_format_version);
GIK_RULE_FN(gik_rule_year_mismatch);
GIK_RULE_FN(gik_rule_late);
GIK_RULE_FN(gik_rule_prev_year);
GIK_RULE_FN(gik_rule_copy_prev_year);
GIK_RULE_FN(gik_rule_township_regulations);

/* ---- findings ------------------------------------------------------ */

/* The rule's default severity from gik_rules[] (configuration is applied
 * later, to every finding at once). */
gik_severity gik_rule_severity(const char *id);
/* Records that rule id could not run on this report (once). */
void gik_rule_not_assessable(gik_report *rep, const char *id);
/* A number as a report prints it: 5, 0.35. */
const char *gik_rule_num(apr_pool_t *p, double v);

/* ---- cells --------------------------------------------------------- */

/* A cell holding a number (read or blank-as-zero); NULL, ABSENT and
 * INVALID cells are already CELL-INVALID and take no part in relations. */
int gik_rule_cell_ok(const gik_cell *c);
/* The cell's value, or -1 when it is not gik_rule_cell_ok. */
double gik_rule_cell_value(const gik_report *rep, gik_table_id t, const char *row,
                           const char *col);
/* What a row of table B or C counts in all, for comparing with the
 * narrative: its 总计 cell, or, when that is printed blank, the sum of the
 * row's other cells.  -1 when a cell needed cannot be read. */
double gik_rule_row_total(const gik_report *rep, gik_table_id t, const char *row);
/* The printed label of a row, short enough for a message: category first
 * for sub-rows ("（三）不予公开 1.属于国家秘密"), the long explanatory tails
 * of the template cut ("一、本年新收"). */
const char *gik_rule_row_label(apr_pool_t *p, const gik_table_tmpl *t, int r);
/* "表三" / "Table B": tables are named after the section that prints them. */
const char *gik_rule_table_zh(gik_table_id t);

/* ---- narrative ----------------------------------------------------- */

typedef struct gik_para {
    const char *text;
    int section;          /* 0: preamble, 1..6: section 一…六 */
} gik_para;

#define GIK_NARR_PREAMBLE   0x01u
#define GIK_NARR_SECTION(n) (1u << (n))      /* n = 1..6 */
#define GIK_NARR_ALL        0x7fu

/* The paragraphs of the parts selected by mask, in reading order. */
apr_array_header_t *gik_rule_narrative(const gik_report *rep, unsigned mask);
/* The sentence around s[ms..me) (up to 。；！？ or the paragraph's ends),
 * bounded, trimmed, copied into p. */
const char *gik_rule_sentence(apr_pool_t *p, const char *s, apr_size_t ms, apr_size_t me);
/* s[ms..me) with up to ncp code points either side, copied into p. */
const char *gik_rule_context(apr_pool_t *p, const char *s, apr_size_t ms, apr_size_t me,
                             int ncp);
/* Decodes one UTF-8 code point; -1 (and *adv = 1) on a bad sequence. */
long gik_rule_utf8(const char *s, apr_size_t len, apr_size_t *adv);

/* ---- patterns ------------------------------------------------------ */

/* A pattern table: each file keeps a static array and compiles it once per
 * process (gik_rx_once), so threads of httpd only ever read compiled code. */
typedef struct gik_rx {
    const char *src;      /* PCRE2 pattern, UTF-8, compiled with UTF|UCP */
    pcre2_code *code;     /* NULL if it failed to compile: the rule skips */
} gik_rx;

/* Compiles tab[0..n) into process memory (never freed: it lives as long as
 * the code that uses it). */
void gik_rx_compile(gik_rx *tab, int n);
/* Finds re in s from byte offset start.  On a match returns 1 and fills
 * ov[0..2*nov) with byte offsets of the match and its groups (unset groups
 * are (apr_size_t)-1); returns 0 when there is none or re is NULL. */
int gik_rx_find(const pcre2_code *re, const char *s, apr_size_t start,
                apr_size_t *ov, int nov);

#endif /* GIK_RULES_INTERNAL_H */
