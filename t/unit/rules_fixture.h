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
void para(gik_report *rep, int section, const char *text);   /* section 0: preamble */
void clear_section(gik_report *rep, int section);             /* 1..6 */
void clear_narrative(gik_report *rep);
void set(gik_report *rep, gik_table_id t, const char *row, const char *col, double v);
/* A 辛店镇 report of year in fmt, consistent non-zero tables B and C,
 * signed in time, a narrative that states what every rule asks for. */
gik_report *clean_report(apr_pool_t *p, const gik_format *fmt, int year);
void run(gik_report *rep, const gik_report *prev);

/* Reading findings (severity off is not counted) */
int count(const gik_report *rep, const char *rule);
gik_finding *nth(const gik_report *rep, const char *rule, int k);
gik_finding *on(const gik_report *rep, const char *rule, const char *row, const char *col);
const char *dump(const gik_report *rep);
int active(const gik_report *rep);
int not_assessable(const gik_report *rep, const char *rule);
const char *cell(const gik_finding *f, int i);
int has_cell(const gik_finding *f, const char *ptr);

#define ASSERT_ONLY(rep, rule, n) \
    ck_assert_msg(count(rep, rule) == (n) && active(rep) == (n), \
                  "expected %d %s and nothing else:%s", (n), rule, dump(rep))
#define ASSERT_VALUES(f, e, a) do { \
        ck_assert_int_eq((f)->has_values, 1); \
        ck_assert_double_eq((f)->expected, (e)); \
        ck_assert_double_eq((f)->actual, (a)); \
    } while (0)

#endif
