/*
 * gik_config.h - the configuration as the other glue files read it
 * (gik_config.c): effective values with the defaults applied, the config
 * hash, where the module is in force.  Every directive is parsed in
 * gik_config.c, whichever file acts on it, so the command table names no
 * file above this one.
 */
#ifndef GIK_CONFIG_H
#define GIK_CONFIG_H

#include "mod_gikreport_private.h"

/* Effective values (defaults applied to unset fields). */
#define GIK_DEFAULT_MAX_BYTES   (16 * 1024 * 1024)
#define GIK_DEFAULT_SUFFIX      ".gik"
#define GIK_DEFAULT_STATUS_SIZE 4096
#define GIK_DEFAULT_WATCH_INTERVAL 60
/* GikReport On (the filter's own switch; see also gik_active) */
int gik_conf_enabled(const gik_dir_conf *c);
gik_badge_mode gik_conf_badge(const gik_dir_conf *c);
int gik_conf_companion(const gik_dir_conf *c);
const char *gik_conf_suffix(const gik_dir_conf *c);
/* Every suffix the configuration names (GIK_DEFAULT_SUFFIX first). */
const apr_array_header_t *gik_conf_suffixes(void);
apr_off_t gik_conf_max_bytes(const gik_dir_conf *c);
int gik_conf_gate(const gik_dir_conf *c);
int gik_conf_cors(const gik_dir_conf *c);
/* GikReportStatusHosts all: the status page shows every virtual host. */
int gik_conf_status_all_hosts(const gik_dir_conf *c);
/* GikReportPdfHelper, or the installed tool (GIK_DEFAULT_PDF_HELPER, from
 * the build: $(bindir)/gikreport). */
const char *gik_conf_pdf_helper(const gik_dir_conf *c);
/* GikReportPdfMaxChildren, or GIK_PDF_MAX_CHILDREN. */
#define GIK_PDF_MAX_CHILDREN 2
int gik_conf_pdf_max_children(const gik_dir_conf *c);
/* At startup: a warning when a server's PDF reader is not there (the
 * default path of an install that did not put the tool there), instead of
 * every PDF turning out unreadable one request at a time. */
void gik_conf_check_pdf_helper(apr_pool_t *ptemp, server_rec *s);
/* What a request works out once (its r->request_config). */
typedef struct gik_request_state {
    const void *filter;             /* gik_filter.c: the GIKREPORT filter that
                                     * runs, or r when none may */
    const gik_dir_conf *hash_conf;  /* gik_conf_hash() of hash_conf */
    const char *hash;
} gik_request_state;
gik_request_state *gik_request_state_of(request_rec *r);
/* A short hash of everything in the config that changes a result or the
 * badge bytes; part of ETags and cache keys.  Worked out once per request
 * and configuration (each request asks for it up to three times). */
const char *gik_conf_hash(request_rec *r, const gik_dir_conf *c);
/* GikReportStatusSize of the main server s: entries the registry keeps. */
int gik_conf_status_size(server_rec *s);

/* One GikReportWatch directive. */
typedef struct gik_watch_conf {
    server_rec *s;              /* the virtual host the directive is in */
    const char *dir;            /* no trailing slash */
    const char *prefix;         /* URL path, no trailing slash ("" for /) */
    apr_interval_time_t interval;
} gik_watch_conf;
/* Every GikReportWatch of the configuration, in its order (gik_watch_conf). */
const apr_array_header_t *gik_conf_watches(void);

/* ---- where the module is in force ---------------------------------------
 * Asked by every file above this one. */
/* GikReport On here, or GIKREPORT in SetOutputFilter: pages are checked
 * and have companions. */
int gik_active(request_rec *r, const gik_dir_conf *conf);
/* PAGE.gik.* are served for pages here: GikReport On (or GIKREPORT in
 * SetOutputFilter) and GikReportCompanion On.  Not for pages checked only
 * through mod_filter (AddOutputFilterByType): the companion handler has no
 * way to see mod_filter's configuration, so such pages do not link them. */
int gik_companions_served(request_rec *r, const gik_dir_conf *conf);
/* Which virtual host r is served by, stable across restarts: its name,
 * port and where it is defined.  Part of cache keys and registry slots. */
const char *gik_vhost_id(request_rec *r);
/* FNV-1a 64 of gik_vhost_id (never 0): the registry's name for the host. */
apr_uint64_t gik_vhost_hash(request_rec *r);
/* At startup: each server's gik_vhost_id, so that a request need not
 * format it again. */
void gik_conf_post_config(apr_pool_t *pconf, server_rec *s);
/* "json", "csv" or "html" when r is a companion request, else NULL: the
 * request note the companion mapping sets (post_read_request) and the
 * filter reads, kept here so neither file depends on the other for it. */
#define GIK_NOTE_COMPANION "gikreport-companion"
const char *gik_companion_kind(request_rec *r);

/* ---- the module record's part (mod_gikreport.c) ------------------------ */
extern const command_rec gik_cmds[];
void *gik_create_dir_conf(apr_pool_t *p, char *dir);
void *gik_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
void *gik_create_srv_conf(apr_pool_t *p, server_rec *s);
void *gik_merge_srv_conf(apr_pool_t *p, void *basev, void *addv);

#endif /* GIK_CONFIG_H */
