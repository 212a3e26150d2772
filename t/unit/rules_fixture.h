/*
 * rules_fixture.h - hand-built reports for the rule tests: a clean
 * township report that every rule passes, and readers of its findings.
 */
#ifndef RULES_FIXTURE_H
#define RULES_FIXTURE_H

#include <check.h>
#include "gik_rules.h"
#include "gik_rules_internal.h"  /* gik_cn_number, gik_body_kind_infer */

/* Building */
void rf_para(gik_report *rep, int section, const char *text);   /* section 0: preamble */
void rf_clear_section(gik_report *rep, int section);             /* 1..6 */
void rf_clear_narrative(gik_report *rep);
void rf_set(gik_report *rep, gik_table_id t, const char *row, const char *col, double v);
/* A 辛店镇 report of year in fmt, consistent non-zero tables B and C,
 * signed in time, a narrative that states what every rule asks for. */
gik_report *rf_clean_report(apr_pool_t *p, const gik_format *fmt, int year);
void rf_run(gik_report *rep, const gik_report *prev);

/* Reading findings (severity off is not counted) */
int rf_count(const gik_report *rep, const char *rule);
gik_finding *rf_nth(const gik_report *rep, const char *rule, int k);
gik_finding *rf_on(const gik_report *rep, const char *rule, const char *row, const char *col);
const char *rf_dump(const gik_report *rep);
int rf_active(const gik_report *rep);
int rf_not_assessable(const gik_report *rep, const char *rule);
const char *rf_cell(const gik_finding *f, int i);
int rf_has_cell(const gik_finding *f, const char *ptr);

#define ASSERT_ONLY(rep, rule, n) \
    ck_assert_msg(rf_count(rep, rule) == (n) && rf_active(rep) == (n), \
                  "expected %d %s and nothing else:%s", (n), rule, rf_dump(rep))
#define ASSERT_VALUES(f, e, a) do { \
        ck_assert_int_eq((f)->has_values, 1); \
        ck_assert_double_eq((f)->expected, (e)); \
        ck_assert_double_eq((f)->actual, (a)); \
    } while (0)

#endif
