/*
 * gik_rules.c - the rule registry (gik_rules[], built from
 * gik_rules_list.h), its configuration, and the run over a report.
 *
 * A rule is a small function that reads the model and adds findings.  The
 * recogniser records CELL-BLANK, CELL-INVALID, LABEL-MISMATCH and
 * LAYOUT-SHIFT itself while it reads; they are listed here (without a
 * function) so that configuration and `gikreport rules` know them too.
 * The registry calls down into the rule files; they call only
 * gik_rules_util.c, never back up here.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"
#include "gik_rules_list.h"

#define RULE_INFO(id, sev, what, check) { id, sev, what, check },
const gik_rule_info gik_rules[] = {
    GIK_RULE_LIST(RULE_INFO)
    { NULL, GIK_SEV_OFF, NULL, NULL }
};
#undef RULE_INFO

/* ------------------------------------------------------------------ */
/* Registry and configuration */

const gik_rule_info *gik_rule_find(const char *id)
{
    const gik_rule_info *ri;
    for (ri = gik_rules; id && ri->id; ri++) {
        if (strcasecmp(ri->id, id) == 0) {
            return ri;
        }
    }
    return NULL;
}

gik_rule_config *gik_rule_config_make(apr_pool_t *p)
{
    gik_rule_config *cfg = apr_pcalloc(p, sizeof(*cfg));
    cfg->severity = apr_table_make(p, 8);
    cfg->body_kind = GIK_BODY_AUTO;
    cfg->township_warn_mmdd = 131;
    cfg->township_error_mmdd = 331;
    return cfg;
}

const char *gik_rule_config_set(gik_rule_config *cfg, apr_pool_t *p,
                                const char *id, const char *severity)
{
    const gik_rule_info *ri = gik_rule_find(id);
    gik_severity sev;
    if (!ri) {
        return apr_psprintf(p, "unknown rule '%s' (see `gikreport rules`)", id ? id : "");
    }
    if (gik_severity_parse(severity, &sev) != 0) {
        return apr_psprintf(p, "unknown severity '%s' for rule %s: "
                            "expected off, info, warning or error",
                            severity ? severity : "", ri->id);
    }
    /* Keyed by the canonical id so that "b-balance" and "B-BALANCE" are one. */
    apr_table_set(cfg->severity, ri->id, severity);
    return NULL;
}

void gik_rules_run(gik_report *rep, const gik_report *previous,
                   const gik_rule_config *cfg)
{
    const gik_rule_info *ri;
    int i;
    if (!cfg) {
        cfg = gik_rule_config_make(rep->pool);
    }
    if (rep->is_report && rep->format) {
        gik_rx_run_begin();
        for (ri = gik_rules; ri->id; ri++) {
            if (ri->check && gik_rule_broken(ri->id)) {
                gik_rule_not_assessable(rep, ri->id);   /* gik_init() logged why */
            }
            else if (ri->check) {
                ri->check(rep, previous, cfg);
            }
        }
        gik_rx_run_end();
    }
    /* Overrides apply to every finding, the recogniser's included; "off"
     * keeps the finding (for the record) and the writers drop it. */
    for (i = 0; rep->findings && i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        const char *s = f->rule ? apr_table_get(cfg->severity, f->rule) : NULL;
        gik_severity sev;
        if (!s && f->rule) {
            const gik_rule_info *known = gik_rule_find(f->rule);
            s = known ? apr_table_get(cfg->severity, known->id) : NULL;
        }
        if (s && gik_severity_parse(s, &sev) == 0) {
            f->severity = sev;
        }
    }
}

int gik_rules_init(void)
{
    return gik_rules_text_init() + gik_rules_stated_init() + gik_rules_cross_init();
}
