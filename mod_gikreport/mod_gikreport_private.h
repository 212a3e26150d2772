/*
 * mod_gikreport_private.h - what every file of the glue shares, and no
 * more: the module record, the log module, the log tag and the
 * configuration records (as mod_md's mod_md_private.h).
 *
 * What a file calls in another is declared in that file's own header:
 *
 *   mod_gikreport.c    module record, directive table, process-wide hooks
 *   gik_config.c       gik_config.h: config create/merge, directives, gik_conf_*
 *   gik_content.c      gik_content.h: page versions, up front or from the bytes
 *   gik_cache.c        gik_cache.h: the result cache (mod_socache providers)
 *   gik_status.c       gik_status.h: counters and the report registry in
 *                      shared memory, kept in a file across stops
 *   gik_check.c        gik_check.h: one check of one body, results, notes
 *   gik_filter.c       gik_filter.h: the GIKREPORT output filter, ETags
 *   gik_companion.c    gik_companion.h: PAGE.gik.json / .csv / .html
 *   gik_gate.c         gik_gate.h: the publication gate for PUT/POST uploads
 *   gik_status_page.c  gik_status_page.h: the gikreport-status handler
 *   gik_sweep.c        gik_sweep.h: watched folders checked from mod_watchdog
 *
 * Every file includes this header first; no glue file calls one above it
 * (doc/ARCHITECTURE.md, tools/check-layering).
 */
#ifndef MOD_GIKREPORT_PRIVATE_H
#define MOD_GIKREPORT_PRIVATE_H

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>

#include "gik_rules.h"

/* APLOGNO() is reserved for httpd's own modules: ours are GIKnnnnn, each
 * number used once.  A free one: one not listed by
 *   grep -rhoE 'GIKLOGNO\([0-9]+\)' mod_gikreport | sort -u */
#define GIKLOGNO(n) "GIK" #n ": "

extern module AP_MODULE_DECLARE_DATA gikreport_module;
/* mod_gikreport.c has it from AP_DECLARE_MODULE, which defines the record */
#ifndef GIK_DECLARES_MODULE
APLOG_USE_MODULE(gikreport);
#endif

/* ---- the configuration records (created and merged in gik_config.c) --- */

#define GIK_UNSET (-1)

typedef enum {
    GIK_BADGE_UNSET = GIK_UNSET,
    GIK_BADGE_END = 0,     /* before the last </body> (streaming, the default) */
    GIK_BADGE_TOP,         /* after <body ...>: buffers the page */
    GIK_BADGE_OFF          /* check, but never change the page */
} gik_badge_mode;

typedef struct gik_dir_conf {
    int enabled;                  /* GikReport */
    gik_badge_mode badge;         /* GikReportBadge */
    int companion;                /* GikReportCompanion */
    const char *companion_suffix; /* GikReportCompanion's second argument */
    apr_off_t max_bytes;          /* GikReportMaxBytes */
    const char *default_charset;  /* GikReportDefaultCharset */
    gik_rule_config *rules;       /* GikReportRule, NULL = none given here */
    int gate;                     /* GikReportGate */
    const char *badge_template;   /* GikReportBadgeTemplate, the file's contents */
    const char *badge_template_file;
    int cors;                     /* GikReportCompanionCORS */
    int status_all_hosts;         /* GikReportStatusHosts all */
    const char *pdf_helper;       /* GikReportPdfHelper */
    int pdf_seconds;              /* GikReportPdfLimits */
    int pdf_megabytes;
    int pdf_max_running;          /* GikReportPdfMaxChildren */
} gik_dir_conf;

typedef struct gik_srv_conf {
    const char *cache_spec;       /* GikReportCache, NULL = unset */
    const char *cache_key_file;   /* GikReportCacheKeyFile, NULL = unset */
    int status_size;              /* GikReportStatusSize (main server only) */
    /* gik_vhost_id() of vhost_of, worked out once at start-up: it is part
     * of every cache key and registry lookup */
    const server_rec *vhost_of;
    const char *vhost_id;
    apr_uint64_t vhost_hash;      /* gik_vhost_hash() of vhost_of */
} gik_srv_conf;

#endif /* MOD_GIKREPORT_PRIVATE_H */
