/*
 * gik_check.h - one check of one body (gik_check.c): the parser options
 * from the configuration and the registry, the result, the request notes,
 * what is recorded after a parse, and the companion URIs a result links.
 * Called by the filter, the companion handler, the gate and the sweep.
 */
#ifndef GIK_CHECK_H
#define GIK_CHECK_H

#include "mod_gikreport_private.h"
#include "gik_parser.h"
#include "gik_bodyend.h"
#include "gik_result.h"
#include "gik_content.h"

typedef struct gik_scan {
    request_rec *r;
    const gik_dir_conf *conf;
    gik_options opts;
    gik_parser *parser;           /* made at the first byte it must read */
    gik_bodyend *bodyend;
    int bodyend_live;             /* every byte fed is scanned as it comes;
                                     else the held copy has the rest */
    gik_content *content;         /* hashing (gik_scan_by_content), else NULL */
    const char *content_key;      /* its cache key, set at the end */
    apr_off_t fed;                /* bytes given to the parser */
    apr_off_t limit;              /* GikReportMaxBytes */
    int had_previous;             /* opts.previous was given */
} gik_scan;

gik_scan *gik_scan_create(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri);
void gik_scan_feed(gik_scan *sc, const char *buf, apr_size_t len);
/* Where the badge may go is known for every byte fed (the body-end scan of
 * a scan by content waits: see gik_scan_by_content); gik_scan_bodyend_now
 * catches it up and has it scan every later byte as it comes. */
int gik_scan_bodyend_known(const gik_scan *sc);
void gik_scan_bodyend_now(gik_scan *sc);
/* Hash the bytes and put off the parse until the end (gik_content.c),
 * when the page may turn out to be cached under its content. */
void gik_scan_by_content(gik_scan *sc);
/* At the end, for a scan by content: the result cached for these bytes
 * (filling res and setting sc->content_key), 1 on a hit. */
int gik_scan_cached(gik_scan *sc, const char *page_uri, int linked, gik_result *res);
/* Finishes the parse; fills res (badge when it is a report and want_badge).
 * Never NULL: gik_parser_finish() always has a report, "not a report"
 * is rep->is_report 0. */
gik_report *gik_scan_finish(gik_scan *sc, gik_result *res, const char *page_uri,
                            int want_badge);
/* The badge of a cached result, made again from its summary: the same
 * bytes as at the parse (the badge shows nothing else), and it keeps cache
 * entries small enough for sdbm's 1 KB pairs. */
const char *gik_result_badge(request_rec *r, const gik_dir_conf *conf,
                             const char *page_uri, const gik_result *res);
/* The "gikreport" request note (CONTRACTS.md). */
void gik_note_result(request_rec *r, const gik_result *res);
void gik_note_skipped(request_rec *r, const char *reason);
/* The gate's note ("refused:WHY", or the verdict of an upload it let
 * through): a later gik_note_skipped() leaves it. */
void gik_note_gate(request_rec *r, const char *note);
/* Counters, registry and cache after a fresh parse; key may be NULL. */
void gik_record(request_rec *r, const gik_dir_conf *conf, const char *page_uri,
                const char *version, const char *key, const gik_report *rep,
                const gik_result *res, const gik_scan *sc);
/* URI paths of a page's companions: "/a/b.html" -> "/a/b.html.gik.json" */
const char *gik_companion_uri(request_rec *r, const gik_dir_conf *conf,
                              const char *page_uri, const char *ext);

#endif /* GIK_CHECK_H */
