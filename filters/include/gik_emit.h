/*
 * gik_emit.h - the writers: the companion JSON (doc/gikreport.schema.json), CSV
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

/* The companion document as it is served and printed: PAGE.gik.json and
 * `gikreport check --json` are these bytes (pretty: 2-space indent; compact:
 * one line), with a trailing newline.  NULL if jansson fails. */
typedef enum { GIK_JSON_PRETTY = 0, GIK_JSON_COMPACT = 1 } gik_json_style;
char *gik_report_json_text(apr_pool_t *p, const gik_report *rep, gik_json_style style);

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

/* What a badge shows, without the report: a cached result or a registry
 * entry keeps these and redraws the badge from them. */
typedef struct gik_badge_facts {
    int errors, warnings, infos;
    int partial;
    const char *organization;     /* NULL: unknown */
    int year;                     /* 0: unknown */
    apr_time_t checked_at;
} gik_badge_facts;
/* The facts of rep (a report). */
void gik_badge_facts_of(const gik_report *rep, gik_badge_facts *out);
/* The badge of a report with these facts: gik_report_badge's bytes. */
char *gik_badge_render(apr_pool_t *p, const gik_badge_facts *facts,
                       const char *companion_href, const char *tmpl);


/* One CSV field per RFC 4180: quoted when it holds , " CR or LF; a leading
 * = + - @ TAB or CR is neutralised with an apostrophe (CSV injection). */
char *gik_csv_field(apr_pool_t *p, const char *s);

/* s as valid UTF-8 for people to read: invalid bytes, C0/C1 controls
 * (but tab, CR, LF) and format characters become U+FFFD. */
char *gik_text_for_display(apr_pool_t *p, const char *s);


#ifdef __cplusplus
}
#endif
#endif /* GIK_EMIT_H */
