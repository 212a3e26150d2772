/*
 * gik_rules.h - the checks of SPEC section 6, each a small function over the
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

/* The kind of body, inferred from its name (乡/镇/街道 -> township, a county-
 * level-or-above 人民政府, a 管委会 or a place name alone -> government,
 * 局/委/办/中心/厅… -> department);
 * GIK_BODY_AUTO when the name says nothing or is NULL. */
gik_body_kind gik_body_kind_infer(const char *organization);
/* cfg->body_kind, else inferred from rep->organization. */
gik_body_kind gik_body_kind_of(const gik_report *rep, const struct gik_rule_config *cfg);

/* A count written in the narrative: ASCII or full-width digits, or Chinese
 * numerals (三十七, 一百零五, 两千零三, 十, 〇/零).  Returns -1 when s[0..len)
 * is not one whole number. */
long gik_cn_number(const char *s, apr_size_t len);

/* Runs every rule over rep (previous may be NULL), then applies the
 * configured severities to all findings, the recogniser's included. */
void gik_rules_run(gik_report *rep, const gik_report *previous,
                   const gik_rule_config *cfg);

#ifdef __cplusplus
}
#endif
#endif /* GIK_RULES_H */
