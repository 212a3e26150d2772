/*
 * gik_result.h - what is known about one page version: the one type the
 * scan (gik_check.c) fills and the cache and the registry keep.  Its own
 * header, below all three, so neither store depends on the scan.
 */
#ifndef GIK_RESULT_H
#define GIK_RESULT_H

#include <httpd.h>

#include "gik_report.h"

/* Enough to badge the page again without parsing it. */
typedef struct gik_result {
    int is_report;
    int partial;
    int wide;                     /* decoded as UTF-16: an ASCII badge would corrupt it */
    const char *status;           /* pass | warn | fail | none (not a report) */
    int errors, warnings, infos;
    apr_off_t bytes;
    /* where the badge goes with GikReportBadge end and top: just past a
     * <!--gikreport--> placeholder when the page has one, else the '<' of
     * the last </body> and just past <body ...>; -1 when not found */
    apr_off_t body_end;
    apr_off_t body_start;
    const char *organization;     /* NULL when unknown */
    int year;
    int has_carried_forward;      /* B carried_forward row read (for PREV-YEAR) */
    double carried_forward[GIK_B_NCOLS];
    apr_time_t checked_at;
    const char *badge;            /* the badge bytes, NULL when none */
    int cached;                   /* this result came from the cache */
    /* its request note (gik_result_note), made once per child for a result
     * kept in the child's cache; NULL: make it */
    const char *note;
    const char *link;             /* its Link header, kept likewise */
} gik_result;

#endif /* GIK_RESULT_H */
