/*
 * gik_emit_internal.h - what the writers (JSON, CSV, badge, view) share and
 * the unit tests check, but the glue and the tool do not call.
 */
#ifndef GIK_EMIT_INTERNAL_H
#define GIK_EMIT_INTERNAL_H

#include "gik_emit.h"

/* Escapes s for HTML text/attributes as ASCII (non-ASCII -> &#N;). */
char *gik_html_escape_ascii(apr_pool_t *p, const char *utf8);

/* 1 for C1 controls and Unicode format characters (bidi overrides and
 * isolates, zero-width characters, BOM, tags): text from a page must not
 * reorder or hide what a badge or view shows. */
int gik_is_format_control(long cp);

/* Stable finding id: hex of SHA-1 over rule id and cell pointers, 16 chars. */
const char *gik_finding_id(apr_pool_t *p, const gik_finding *f);

#endif /* GIK_EMIT_INTERNAL_H */
