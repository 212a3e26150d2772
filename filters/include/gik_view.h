/*
 * gik_view.h - the findings view (PAGE.gik.html): what a clerk needs to
 * correct a failing report, as one self-contained HTML document.
 *
 * It is rendered from the companion document (the JSON of gik_emit.h), not
 * from the parser's model: httpd keeps that document in its cache, so a
 * cached page's view needs no parse, and the command-line tool renders the
 * very same bytes from the same document.
 */
#ifndef GIK_VIEW_H
#define GIK_VIEW_H

#include <jansson.h>
#include <apr_pools.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where the view links to; any may be NULL (then that link is left out).
 * Written into href attributes as given (HTML-escaped), so pass URIs. */
typedef struct gik_view_links {
    const char *page;     /* back to the report page */
    const char *json;     /* PAGE.gik.json */
    const char *csv;      /* PAGE.gik.csv */
} gik_view_links;

/* The verdict in words (gik_verdict, gik_report.h) for the view and the
 * tool's text output. */
/* The verdict of a companion document: a partial reading or a report with
 * no verdict (status "none") is "partial", a non-report "none". */
const gik_verdict *gik_view_verdict(json_t *doc);
/* The same from the report model (for the tool's text output). */
struct gik_report;
const gik_verdict *gik_report_verdict(const struct gik_report *rep);

/* The whole document, UTF-8, in p.  doc is the companion document. */
char *gik_view_html(apr_pool_t *p, json_t *doc, const gik_view_links *links);

#ifdef __cplusplus
}
#endif
#endif /* GIK_VIEW_H */
