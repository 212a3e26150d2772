/*
 * mod_gikreport.h - what the module's files share.
 *
 *   mod_gikreport.c  hooks, process-wide setup, AP_DECLARE_MODULE
 *   gik_config.c     directives, per-dir/per-server config create and merge
 *   gik_check.c      one check of one body: parser options, results, notes
 *   gik_filter.c     the GIKREPORT output filter, Range/ETag handling
 *   gik_companion.c  PAGE.gik.json / .csv / .html
 *   gik_gate.c       the publication gate for PUT/POST uploads
 *   gik_status.c     counters and the report registry in shared memory,
 *                    kept in a file across stops
 *   gik_status_page.c  the gikreport-status handler (HTML, JSON, CSV, ?since=)
 *   gik_sweep.c      checks watched folders from mod_watchdog, no visitor needed
 *   gik_cache.c      the result cache (mod_socache providers)
 *   gik_content.c    page versions: up front (file, ETag) or from the bytes
 */
#ifndef MOD_GIKREPORT_H
#define MOD_GIKREPORT_H

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <apr_strings.h>
#include <util_filter.h>

#include "gik_parser.h"
#include "gik_bodyend.h"
#include "gik_emit.h"
#include "gik_utf8.h"

/* APLOGNO() is reserved for httpd's own modules: ours are GIKnnnnn.
 * Next free number: 00025; issue 12's files (gate refusals, gik_sweep.c,
 * the status registry) use 00100-00129; issue 14's PDF child 00140-00149 */
#define GIKLOGNO(n) "GIK" #n ": "

extern module AP_MODULE_DECLARE_DATA gikreport_module;

#define GIK_UNSET (-1)

typedef enum {
    GIK_BADGE_END = 0,     /* before the last </body> (streaming, the default) */
    GIK_BADGE_TOP,         /* after <body ...>: buffers the page */
    GIK_BADGE_OFF          /* check, but never change the page */
} gik_badge_mode;

typedef struct gik_dir_conf {
    int enabled;                  /* GikReport */
    int badge;                    /* GikReportBadge: gik_badge_mode */
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
} gik_dir_conf;

typedef struct gik_srv_conf {
    const char *cache_spec;       /* GikReportCache, NULL = unset */
    const char *cache_key_file;   /* GikReportCacheKeyFile, NULL = unset */
} gik_srv_conf;

/* Effective values (defaults applied to unset fields). */
#define GIK_DEFAULT_MAX_BYTES   (16 * 1024 * 1024)
#define GIK_DEFAULT_SUFFIX      ".gik"
#define GIK_CONF_ON(v)          ((v) == 1)
int gik_conf_badge(const gik_dir_conf *c);
int gik_conf_companion(const gik_dir_conf *c);
const char *gik_conf_suffix(const gik_dir_conf *c);
/* Every suffix the configuration names (GIK_DEFAULT_SUFFIX first). */
const apr_array_header_t *gik_conf_suffixes(void);
apr_off_t gik_conf_max_bytes(const gik_dir_conf *c);
/* GikReportPdfHelper, or the installed tool (GIK_DEFAULT_PDF_HELPER, from
 * the build: $(bindir)/gikreport). */
const char *gik_conf_pdf_helper(const gik_dir_conf *c);
/* A short hash of everything in the config that changes a result or the
 * badge bytes; part of ETags and cache keys. */
const char *gik_conf_hash(apr_pool_t *p, const gik_dir_conf *c);
/* Where the module is in force (gik_config.c, below every other file). */
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
/* "json", "csv" or "html" when r is a companion request, else NULL: the
 * request note the companion mapping sets (post_read_request) and the
 * filter reads, kept here so neither file depends on the other for it. */
#define GIK_NOTE_COMPANION "gikreport-companion"
const char *gik_companion_kind(request_rec *r);

extern const command_rec gik_cmds[];
void *gik_create_dir_conf(apr_pool_t *p, char *dir);
void *gik_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
void *gik_create_srv_conf(apr_pool_t *p, server_rec *s);
void *gik_merge_srv_conf(apr_pool_t *p, void *basev, void *addv);

/* ---- one check ------------------------------------------------------ */

/* What is known about one page version: kept in the cache and the registry,
 * enough to badge the page again without parsing it. */
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
} gik_result;

/* ---- content-addressed versions (gik_content.c) ----------------------- */
/* Bytes of one response kept aside while its version is not yet known:
 * at most this much per request, for no longer than the response. */
#define GIK_CONTENT_HOLD_MAX (512 * 1024)
typedef struct gik_content gik_content;
/* The secret the content hash is keyed with (post_config, after the cache
 * key file is read): from GikReportCacheKeyFile, else random. */
apr_status_t gik_content_init(server_rec *s);
/* NULL when no hash state could be had (then the page is parsed as usual). */
gik_content *gik_content_create(request_rec *r);
/* Hashes buf; 1 when it was also kept aside, 0 when the bound is passed
 * (or the copies were handed over): the parser must have it now. */
int gik_content_feed(gik_content *c, const char *buf, apr_size_t len);
int gik_content_holding(const gik_content *c);
/* Hash without keeping a copy: the reader holds the bytes to EOS itself (PDF). */
void gik_content_hash_only(gik_content *c);
/* Every byte is still unparsed (kept, or hash-only): a hit at EOS is usable. */
int gik_content_whole(const gik_content *c);
/* Hands the kept bytes to to(), in order, and frees them. */
void gik_content_release(gik_content *c, void (*to)(void *, const char *, apr_size_t),
                         void *baton);
/* At EOS: "X<xxh3>-<length>-<content type>", the version for gik_cache_key. */
const char *gik_content_version(const gik_content *c);

typedef struct gik_scan {
    request_rec *r;
    const gik_dir_conf *conf;
    gik_options opts;
    gik_parser *parser;           /* made at the first byte it must read */
    gik_bodyend *bodyend;
    gik_content *content;         /* hashing (gik_scan_by_content), else NULL */
    const char *content_key;      /* its cache key, set at the end */
    apr_off_t fed;                /* bytes given to the parser */
    apr_off_t limit;              /* GikReportMaxBytes */
    int had_previous;             /* opts.previous was given */
} gik_scan;

gik_scan *gik_scan_create(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri);
void gik_scan_feed(gik_scan *sc, const char *buf, apr_size_t len);
/* Hash the bytes and put off the parse until the end (gik_content.c),
 * when the page may turn out to be cached under its content. */
void gik_scan_by_content(gik_scan *sc);
/* At the end, for a scan by content: the result cached for these bytes
 * (filling res and setting sc->content_key), 1 on a hit. */
int gik_scan_cached(gik_scan *sc, const char *page_uri, int linked, gik_result *res);
/* Finishes the parse; fills res (badge when it is a report and want_badge). */
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
/* The badge's link to PAGE.gik.html, or NULL when companions are not served. */
const char *gik_badge_href(request_rec *r, const gik_dir_conf *conf, const char *page_uri);
/* URI paths of a page's companions: "/a/b.html" -> "/a/b.html.gik.json" */
const char *gik_companion_uri(request_rec *r, const gik_dir_conf *conf,
                              const char *page_uri, const char *ext);

/* ---- the output filter (gik_filter.c) -------------------------------- */
void gik_filter_register(void);
void gik_insert_filter(request_rec *r);
/* Why r's response is not checked (status, type, encoding...), or NULL. */
const char *gik_unchecked_reason(request_rec *r);
/* 1 when r's Content-Type is neither text/html nor text/plain. */
int gik_unchecked_type(request_rec *r);
/* Keeps GIKREPORT off a response of the module's own (companion views). */
void gik_filter_exclude(request_rec *r);
int gik_fixups(request_rec *r);
/* '"abc"' + '-gikHASH' -> '"abc-gikHASH"' (weak prefix kept). */
const char *gik_etag_suffix(apr_pool_t *p, const char *etag, const char *suffix);

/* ---- companion and gate ------------------------------------------------ */
/* Each registers its own hooks (and filters). */
void gik_companion_register(void);
void gik_gate_register(void);

/* ---- status: counters and registry (gik_status.c) ---------------------- */
typedef enum {
    GIK_CTR_PARSES = 0,
    GIK_CTR_CACHE_HITS,
    GIK_CTR_BADGES,
    GIK_CTR_GATE_REJECTS,
    GIK_NCOUNTERS
} gik_counter;

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
/* GikReportStatusSize N (server config) */
const char *gik_set_status_size(cmd_parms *cmd, void *dconf, const char *arg);
/* GikReportStatusHosts this|all (server, vhost, directory; not .htaccess) */
const char *gik_set_status_hosts(cmd_parms *cmd, void *dconf, const char *arg);
void gik_status_page_register(void);

/* ---- the sweep (gik_sweep.c) ------------------------------------------ */
/* GikReportWatch DIR URL-PATH [SECONDS] (server config, virtual host) */
const char *gik_set_watch(cmd_parms *cmd, void *dconf, const char *dir, const char *prefix,
                          const char *secs);
apr_status_t gik_sweep_pre_config(apr_pool_t *pconf);
int gik_sweep_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);
/* The previous-year report of organisation org, for the year before year,
 * as a model (table B's carried_forward row only), or NULL: what the server
 * has checked before. */
const gik_report *gik_registry_previous(request_rec *r, const char *org, int year);
/* 1 when (org, year - 1) is known: a result without PREV-YEAR could improve. */
int gik_registry_has_previous(request_rec *r, const char *org, int year);


/* ---- result cache (gik_cache.c) ---------------------------------------- */
apr_status_t gik_cache_pre_config(apr_pool_t *pconf);
int gik_cache_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);
void gik_cache_child_init(apr_pool_t *p, server_rec *s);
/* A result cache is configured (GikReportCache is not none). */
int gik_cache_enabled(void);
/* Version of the page r serves: "F<mtime>-<size>" for a file, "E<etag>",
 * or NULL when it has no stable identity (then nothing is cached). */
const char *gik_page_version(request_rec *r);
/* 1 when r's body is its file as it is: no handler but the default one
 * (a program's output is not the file, whatever its handler is called). */
int gik_serves_file(request_rec *r);
/* The URI that names what r serves: a static file reached with path info
 * (AcceptPathInfo On) is named without it. */
const char *gik_page_uri(request_rec *r, const char *uri);
/* Cache key for (page URI, version, config); NULL when version is NULL or
 * there is no cache.  GIK_CACHE_KEY_LEN bytes, binary. */
#define GIK_CACHE_KEY_LEN 20
const char *gik_cache_key(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri, const char *version);
/* A hit fills res; its strings live as long as r->pool.  linked (0 or 1,
 * -1 for neither) asks for the badge rendered earlier in this child with
 * (1) or without (0) the companion link: res->badge, NULL when none yet. */
int gik_cache_get(request_rec *r, const char *key, int linked, gik_result *res);
void gik_cache_put(request_rec *r, const char *key, const gik_result *res);
/* Keeps the badge rendered for a cached result (gik_result_badge) in this
 * child, so the next hit need not render it again.  The key names page,
 * version and config, and the config includes the badge template, so the
 * only thing left that changes the bytes is whether the badge links the
 * companion. */
void gik_cache_keep_badge(request_rec *r, const char *key, int linked, const char *badge);
/* Companion documents: kind 'J' (JSON) or 'C' (CSV); a document read
 * lives as long as r->pool. */
const char *gik_cache_get_doc(request_rec *r, const char *key, char kind);
void gik_cache_put_doc(request_rec *r, const char *key, char kind, const char *doc);

#endif /* MOD_GIKREPORT_H */
