/*
 * gik_status.h - the counters and the status registry (gik_status.c, in
 * shared memory and in the file it is kept in across stops): what the
 * scan, the filter, the sweep count and record, and what
 * gik_status_page.c shows (the gikreport-status handler).
 */
#ifndef GIK_STATUS_H
#define GIK_STATUS_H

#include "mod_gikreport_private.h"
#include "gik_result.h"

typedef enum {
    GIK_CTR_PARSES = 0,
    GIK_CTR_CACHE_HITS,
    GIK_CTR_BADGES,
    GIK_CTR_GATE_REJECTS,
    GIK_NCOUNTERS
} gik_counter;

/* Process-wide steps, called in order by mod_gikreport.c's hooks. */
apr_status_t gik_status_pre_config(apr_pool_t *pconf);
apr_status_t gik_status_post_config(apr_pool_t *pconf, server_rec *s);
void gik_status_child_init(apr_pool_t *p, server_rec *s);

void gik_count(gik_counter which);
void gik_count_bytes(apr_off_t n);
/* rep: the parse's report (the rule ids of its errors), NULL for a
 * cached result.  A request with the GIK_SWEEP_NOTE note is the sweep's:
 * it checks the page without anybody seeing it. */
void gik_registry_update(request_rec *r, const char *uri, const char *version,
                         const gik_result *res, const gik_report *rep);
#define GIK_SWEEP_NOTE "gikreport-sweep"
/* The page at uri (r's virtual host) is gone: its entry leaves the registry. */
void gik_registry_forget(request_rec *r, const char *uri);
/* 1 when the registry has uri at this version with the rule ids of its
 * errors: a cached result alone does not carry them. */
int gik_registry_has_rules(request_rec *r, const char *uri, const char *version);
/* The previous-year report of organisation org, for the year before year,
 * as a model (table B's carried_forward row only), or NULL: what the server
 * has checked before. */
const gik_report *gik_registry_previous(request_rec *r, const char *org, int year);
/* 1 when (org, year - 1) is known: a result without PREV-YEAR could improve. */
int gik_registry_has_previous(request_rec *r, const char *org, int year);

/* ---- what the status page reads ---------------------------------------- */

/* One page of one virtual host.  Fixed size: the table lives in shared
 * memory and, between a stop and a start, in a file. */
typedef struct registry_slot {
    apr_uint64_t version;       /* hash of the page version; 0 = unknown */
    apr_time_t checked_at;      /* the parse this result comes from */
    apr_time_t seen_at;         /* the last request for the page; 0 = none yet */
    apr_time_t changed_at;      /* first seen, or its verdict or version changed */
    int used;
    int is_report;
    int year;
    int errors, warnings, infos;
    int partial;
    int changed;                /* the content changed after the first check */
    int file_backed;            /* a static file's version: evicted last */
    int has_carried_forward;
    double carried_forward[GIK_B_NCOLS];
    char status[8];             /* pass | warn | fail | none */
    char first_status[8];       /* the verdict when first checked */
    char before_status[8];      /* the verdict before changed_at */
    /* uri and organization are cut to whole UTF-8 characters when longer;
     * the hashes of the full strings tell two long ones with one prefix
     * apart, so a long URI finds its slot again */
    apr_uint64_t uri_hash, org_hash;
    apr_uint64_t vhost_hash;    /* whose page: gik_vhost_id() */
    int uri_cut, org_cut;
    char uri[256];
    char organization[192];
    char host[96];              /* the virtual host's ServerName */
    unsigned port;
    char rules[128];            /* rule ids of the errors, space-separated */
    char view_suffix[24];       /* companion suffix (".gik"), "" when not served */
} registry_slot;

/* Everything the page shows, copied under the lock. */
typedef struct gik_status_snapshot {
    registry_slot *slots;
    int n;                      /* entries copied */
    int capacity;               /* GikReportStatusSize */
    apr_uint64_t dropped;       /* entries dropped for room since the registry began */
    apr_uint32_t counters[GIK_NCOUNTERS];
    apr_uint64_t bytes_seen;
    apr_time_t since;           /* when the registry began (kept across stops) */
} gik_status_snapshot;

/* This virtual host's entries, or every host's when all_hosts. */
void gik_status_snapshot_take(request_rec *r, int all_hosts, gik_status_snapshot *snap);

#endif /* GIK_STATUS_H */
