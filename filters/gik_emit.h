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

/* The companion document.  Caller owns the reference (json_decref).
 * Money is a json_real: dump it with GIK_JSON_DUMP_FLAGS (or through
 * gik_report_json_string) so that 0.35 prints as 0.35, not with jansson's
 * default 17 significant digits (0.34999999999999998). */
json_t *gik_report_to_json(const gik_report *rep);
#define GIK_JSON_DUMP_FLAGS JSON_REAL_PRECISION(15)
/* Serialised companion, UTF-8, in p.  flags: jansson dump flags. */
char *gik_report_json_string(apr_pool_t *p, const gik_report *rep, size_t flags);

/* CSV: a UTF-8 byte order mark (so that Excel on Windows reads UTF-8), the
 * header "table,row,column,label_row,label_column,value,state", then one
 * line per cell; fields quoted per RFC 4180 and formula prefixes (= + - @)
 * neutralised.  Returns a string in p. */
char *gik_report_csv(apr_pool_t *p, const gik_report *rep);
#define GIK_CSV_BOM "\xEF\xBB\xBF"
/* The pieces, for stacking several reports in one file: the mark and the
 * header line (with_file: a leading "file" column), and the cell lines
 * (file non-NULL: its name as their first field). */
const char *gik_csv_header(int with_file);
char *gik_report_csv_rows(apr_pool_t *p, const gik_report *rep, const char *file);

/* The badge: ASCII only (non-ASCII as &#NNNNN;), inline style, role="status",
 * links to companion_href.  tmpl may be NULL (built-in template); see
 * conf/gikreport-badge.html for the placeholders.  Whatever the template,
 * the result is wrapped in <!--gikreport:begin--> ... <!--gikreport:end-->.
 * NULL for a page that is no report: there is no verdict to show. */
char *gik_report_badge(apr_pool_t *p, const gik_report *rep,
                       const char *companion_href, const char *tmpl);

/* Escapes s for HTML text/attributes as ASCII (non-ASCII -> &#N;). */
char *gik_html_escape_ascii(apr_pool_t *p, const char *utf8);

/* One CSV field per RFC 4180: quoted when it holds , " CR or LF; a leading
 * = + - @ TAB or CR is neutralised with an apostrophe (CSV injection). */
char *gik_csv_field(apr_pool_t *p, const char *s);

/* Decodes one UTF-8 sequence from s (len > 0 bytes available).  Returns the
 * code point and sets *adv to its length, or returns -1 for an invalid,
 * overlong, surrogate or truncated sequence with *adv = 1. */
long gik_utf8_decode(const char *s, apr_size_t len, apr_size_t *adv);

/* 1 for C1 controls and Unicode format characters (bidi overrides and
 * isolates, zero-width characters, BOM, tags): text from a page must not
 * reorder or hide what a badge or view shows. */
int gik_is_format_control(long cp);
/* s as valid UTF-8 for people to read: invalid bytes, C0/C1 controls
 * (but tab, CR, LF) and format characters become U+FFFD. */
char *gik_text_for_display(apr_pool_t *p, const char *s);

/* t as ISO 8601 UTC to the second, "2026-11-22T10:00:00Z" (checked.at). */
char *gik_iso8601_utc(apr_pool_t *p, apr_time_t t);

/* Stable finding id: hex of SHA-1 over rule id and cell pointers, 16 chars. */
const char *gik_finding_id(apr_pool_t *p, const gik_finding *f);

#ifdef __cplusplus
}
#endif
#endif /* GIK_EMIT_H */
