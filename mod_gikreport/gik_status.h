/*
 * gik_status.h - the status registry as its two files see it: gik_status.c
 * keeps it (shared memory, the file it is kept in across stops),
 * gik_status_page.c shows it (the gikreport-status handler).
 */
#ifndef GIK_STATUS_H
#define GIK_STATUS_H

#include "mod_gikreport.h"

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
    double carried_forward[GIK_B_COLUMNS];
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

#define GIK_REGISTRY_DEFAULT_SIZE 4096

#endif /* GIK_STATUS_H */
