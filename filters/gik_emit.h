/*
 * gik_emit.h - the writers: the companion JSON (SPEC section 5, jansson), CSV
 * of the three tables, and the badge HTML injected into report pages.
 */
#ifndef GIK_EMIT_H
#define GIK_EMIT_H

#include <jansson.h>
#include "gik_report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The companion document.  Caller owns the reference (json_decref). */
json_t *gik_report_to_json(const gik_report *rep);
/* Serialised companion, UTF-8, in p.  flags: jansson dump flags. */
char *gik_report_json_string(apr_pool_t *p, const gik_report *rep, size_t flags);

/* CSV: header "table,row,column,label_row,label_column,value,state" then one
 * line per cell; fields quoted per RFC 4180 and formula prefixes (= + - @)
 * neutralised.  Returns a string in p. */
char *gik_report_csv(apr_pool_t *p, const gik_report *rep);

/* The badge: ASCII only (non-ASCII as &#NNNNN;), inline style, role="status",
 * links to companion_href.  tmpl may be NULL (built-in template); see
 * conf/gikreport-badge.html for the placeholders. */
char *gik_report_badge(apr_pool_t *p, const gik_report *rep,
                       const char *companion_href, const char *tmpl);

/* Escapes s for HTML text/attributes as ASCII (non-ASCII -> &#N;). */
char *gik_html_escape_ascii(apr_pool_t *p, const char *utf8);

/* Stable finding id: hex of SHA-1 over rule id and cell pointers, 16 chars. */
const char *gik_finding_id(apr_pool_t *p, const gik_finding *f);

#ifdef __cplusplus
}
#endif
#endif /* GIK_EMIT_H */
