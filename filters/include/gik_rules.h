/*
 * gik_rules.h - the checks (README.md "Findings"), each a small function over the
 * report model, and their configuration.
 */
#ifndef GIK_RULES_H
#define GIK_RULES_H

#include "gik_report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gik_rule_config;

/* One check over the report; previous is the same body's report of an
 * earlier year or NULL.  Adds findings to rep (gik_finding_add) and, when it
 * cannot run for lack of data, its id to rep->not_assessable. */
typedef void (*gik_rule_fn)(gik_report *rep, const gik_report *previous,
                            const struct gik_rule_config *cfg);

typedef struct gik_rule_info {
    const char *id;               /* "B-BALANCE" */
    gik_severity default_severity;
    const char *what;             /* one line, English, for --list-rules and the README */
    gik_rule_fn check;            /* NULL: reported by the recogniser, not by a rule */
} gik_rule_info;

/* All rules, in the order they run; terminated by an entry with id NULL. */
extern const gik_rule_info gik_rules[];

typedef enum {
    GIK_BODY_AUTO = 0,    /* infer from the organisation's name */
    GIK_BODY_DEPARTMENT,  /* 县级以上人民政府部门: 31 January */
    GIK_BODY_GOVERNMENT,  /* 县级以上人民政府: 31 March */
    GIK_BODY_TOWNSHIP     /* 乡/镇/街道: local deadlines (warn/error dates below) */
} gik_body_kind;

typedef struct gik_rule_config gik_rule_config;
struct gik_rule_config {
    apr_table_t *severity;        /* rule id -> "off" | "info" | "warning" | "error" */
    gik_body_kind body_kind;
    /* Township deadlines as month*100+day of the year after the report year:
     * a warning after warn_mmdd, an error after error_mmdd (defaults 131, 331). */
    int township_warn_mmdd;
    int township_error_mmdd;
};

/* A config with every default; severity table empty. */
gik_rule_config *gik_rule_config_make(apr_pool_t *p);
/* Parses "ID=off|info|warning|error" (the tool's --rule, GikReportRule).
 * Returns NULL on success, else an error message. */
const char *gik_rule_config_set(gik_rule_config *cfg, apr_pool_t *p,
                                const char *id, const char *severity);
const gik_rule_info *gik_rule_find(const char *id);



/* Runs every rule over rep (previous may be NULL), then applies the
 * configured severities to all findings, the recogniser's included. */
void gik_rules_run(gik_report *rep, const gik_report *previous,
                   const gik_rule_config *cfg);

#ifdef __cplusplus
}
#endif
#endif /* GIK_RULES_H */
