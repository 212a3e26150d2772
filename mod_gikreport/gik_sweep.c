/*
 * gik_sweep.c - checks at publication time, without a visitor.
 *
 *   GikReportWatch /var/www/html/zfxxgk/ndbg /zfxxgk/ndbg 60
 *
 * names a folder, the URL path it is served at, and how often (seconds,
 * default 60) it is looked at.  A report copied there by FTP, rsync or a
 * CMS is checked within that time, recorded in the status registry and
 * the result cache (the first visitor gets a cache hit), and a new failure
 * is logged at warn (GIK00103, gik_status.c).
 *
 * Driven by mod_watchdog as mod_md is: one singleton callback in one child
 * process (children have the registry's and the cache's shared memory and
 * mutexes after child_init).  Each round walks the folders; a file whose
 * stat (mtime, ctime, inode, size) is the one of the last round costs that
 * stat and nothing else.  After a graceful restart the child is new and
 * remembers nothing: each file is looked up in the result cache first, so
 * only pages changed since (or evicted) are parsed.
 * A file modified less than SWEEP_SETTLE ago may still be being written
 * (FTP, cp of a large file): it waits for a round a few seconds later.
 *
 * A file is checked with its location's own configuration: the sweep
 * builds a request for its URL path with no connection behind it (a stub
 * one, as for logging), and lets httpd's own walks merge the <Location>,
 * <Directory>, <Files> and .htaccess sections (ap_location_walk,
 * ap_directory_walk, ap_file_walk) and mod_mime type it, as
 * ap_process_request_internal would.  Translation hooks (mod_alias,
 * mod_rewrite) are not run: they expect a client, so the folder must be
 * the one the URL path maps to, and its pages get the cache keys and
 * registry entries a visitor's request would.  Only files where GikReport
 * is On are checked (SetOutputFilter and mod_filter need a response).
 */
#include <apr_optional.h>
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <mod_watchdog.h>
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_sweep.h"
#include "gik_cache.h"
#include "gik_check.h"
#include "gik_config.h"
#include "gik_content.h"
#include "gik_status.h"

#define SWEEP_WATCHDOG   "gikreport-sweep"
#define CHUNK            (64 * 1024)

typedef struct gik_watch {
    server_rec *s;              /* the virtual host the directive is in */
    const char *dir;            /* no trailing slash */
    const char *prefix;         /* URL path, no trailing slash */
    apr_interval_time_t interval;
    apr_time_t next;            /* when this folder is due */
    apr_uint32_t round;         /* rounds done (in the sweeping child) */
} gik_watch;

/* What the sweeping child remembers of one file. */
typedef struct seen_file {
    char sig[96];               /* mtime-ctime-inode-size at the last look (fixed:
                                 * a file that changes often reuses it) */
    const char *uri;
    const gik_watch *w;
    apr_uint32_t round;         /* the watch's round that last found it */
} seen_file;

/* The GikReportWatch folders (gik_conf_watches), with when each is due:
 * made in post_config, in the configuration pool. */
static apr_array_header_t *watches;
/* Per child: path -> seen_file (in the watchdog thread's pool). */
static apr_hash_t *seen;
static apr_pool_t *seen_pool;

static APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *wd_get_instance;
static APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *wd_register_callback;

/* ---- one file --------------------------------------------------------- */

/* A request for uri with no client, made as httpd makes one
 * (ap_create_request: its pool, tables, notes and the core's request
 * config the walks keep their caches in) on a stub connection that only
 * names the server and a loopback address for log lines. */
static request_rec *sweep_request(apr_pool_t *p, server_rec *s, const char *uri,
                                  const char *path, const apr_finfo_t *fi)
{
    conn_rec *c = apr_pcalloc(p, sizeof(*c));
    apr_sockaddr_t *sa;
    request_rec *r;

    apr_sockaddr_info_get(&sa, "127.0.0.1", APR_INET, 0, 0, p);
    c->pool = p;
    c->base_server = s;
    c->notes = apr_table_make(p, 1);
    c->conn_config = ap_create_conn_config(p);
    c->client_ip = c->local_ip = "127.0.0.1";
    c->client_addr = c->local_addr = sa;
    c->local_host = c->remote_host = "localhost";
    c->bucket_alloc = apr_bucket_alloc_create(p);

    r = ap_create_request(c);
    r->server = s;
    r->useragent_ip = "127.0.0.1";
    r->useragent_addr = sa;
    r->request_time = apr_time_now();
    r->method = "GET";
    r->method_number = M_GET;
    r->protocol = "INCLUDED";
    r->proto_num = HTTP_VERSION(1, 1);
    r->the_request = apr_pstrcat(r->pool, "GET ", uri, " (gikreport sweep)", NULL);
    r->unparsed_uri = r->uri = apr_pstrdup(r->pool, uri);
    r->parsed_uri.path = r->uri;
    r->hostname = s->server_hostname;
    r->filename = apr_pstrdup(r->pool, path);
    r->canonical_filename = r->filename;
    r->finfo = *fi;
    r->per_dir_config = s->lookup_defaults;
    r->status = HTTP_OK;
    apr_table_setn(r->notes, GIK_SWEEP_NOTE, "1");
    return r;
}

/* The sections for r, merged as for a visitor; 0 when a walk refuses. */
static int merge_sections(request_rec *r)
{
    return ap_location_walk(r) == OK && ap_directory_walk(r) == OK && ap_file_walk(r) == OK
           && ap_location_walk(r) == OK && ap_run_type_checker(r) != HTTP_INTERNAL_SERVER_ERROR;
}

/* Parses the file as the output filter would parse the response. */
static apr_status_t check_file(request_rec *r, const gik_dir_conf *conf, const char *version,
                               const char *key)
{
    apr_file_t *fd;
    apr_status_t rv;
    gik_scan *sc = gik_scan_create(r, conf, r->uri);
    gik_report *rep;
    gik_result res;
    char *buf = apr_palloc(r->pool, CHUNK);

    rv = apr_file_open(&fd, r->filename, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, r->pool);
    while (rv == APR_SUCCESS) {
        apr_size_t n = CHUNK;
        rv = apr_file_read(fd, buf, &n);
        if (n) {
            gik_scan_feed(sc, buf, n);
        }
    }
    if (!APR_STATUS_IS_EOF(rv)) {
        return rv;
    }
    apr_file_close(fd);
    rep = gik_scan_finish(sc, &res, r->uri, 0);
    gik_record(r, conf, r->uri, version, key, rep, &res, sc);
    /* a PDF not read because this process's PDF readers were busy (not
     * recorded): looked at again soon, like a file still being written */
    return gik_report_read_later(rep) ? APR_EAGAIN : APR_SUCCESS;
}

static int is_page(const char *name)
{
    static const char *const types[] = { ".html", ".htm", ".shtml", ".txt", ".pdf", NULL };
    apr_size_t n = strlen(name);
    int i;

    for (i = 0; types[i]; i++) {
        apr_size_t m = strlen(types[i]);
        if (n > m && !strcasecmp(name + n - m, types[i])) {
            return 1;
        }
    }
    return 0;
}

/* 1 when the file was parsed. */
/* A file modified (or its metadata) less than this long ago is left for a
 * later round: it may still be being written. */
#define SWEEP_SETTLE apr_time_from_sec(2)

static int sweep_file(apr_pool_t *p, const gik_watch *w, const char *path, const char *uri,
                      const apr_finfo_t *fi, int *unsettled)
{
    const char *sig = apr_psprintf(p, "%" APR_TIME_T_FMT "-%" APR_TIME_T_FMT "-%" APR_UINT64_T_FMT
                                   "-%" APR_OFF_T_FMT, fi->mtime, fi->ctime,
                                   (apr_uint64_t)fi->inode, fi->size);
    seen_file *last = apr_hash_get(seen, path, APR_HASH_KEY_STRING);
    const gik_dir_conf *conf;
    const char *version, *key;
    request_rec *r;
    gik_result cached;
    apr_status_t rv;
    int parsed = 0, busy = 0;

    if (last && !strcmp(last->sig, sig)) {
        last->round = w->round;
        return 0;               /* unchanged: this stat was all it cost */
    }
    if ((fi->mtime > fi->ctime ? fi->mtime : fi->ctime) > apr_time_now() - SWEEP_SETTLE) {
        /* still being written (an FTP upload, cp of a large file: in place,
         * in pieces): a half page would be logged as failing and the whole
         * one flagged as changed after publication.  Looked at again soon,
         * with no signature so that it counts as changed then. */
        if (!last) {
            last = apr_pcalloc(seen_pool, sizeof(*last));
            last->uri = apr_pstrdup(seen_pool, uri);
            last->w = w;
            apr_hash_set(seen, apr_pstrdup(seen_pool, path), APR_HASH_KEY_STRING, last);
        }
        last->sig[0] = '\0';
        last->round = w->round;
        *unsettled = 1;
        return 0;
    }
    r = sweep_request(p, w->s, uri, path, fi);
    if (merge_sections(r)) {
        conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
        if (gik_conf_enabled(conf) && fi->size <= gik_conf_max_bytes(conf)) {
            version = gik_page_version(r);
            key = gik_cache_key(r, conf, uri, version);
            /* a cached failure whose entry is gone (a lost state file, an
             * entry dropped for room) is parsed again: the cache does not
             * keep the rule ids of its errors, and the entry shows them */
            if (key && gik_cache_get(r, key, -1, &cached)
                && (!cached.errors || gik_registry_has_rules(r, uri, version))) {
                gik_registry_update(r, uri, version, &cached, NULL);
            }
            else if ((rv = check_file(r, conf, version, key)) == APR_EAGAIN) {
                busy = 1;
            }
            else if (rv != APR_SUCCESS) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, rv, w->s, GIKLOGNO(00104)
                             "sweep: cannot read %s", path);
            }
            else {
                parsed = 1;
            }
        }
    }
    if (!last) {
        last = apr_pcalloc(seen_pool, sizeof(*last));
        last->uri = apr_pstrdup(seen_pool, uri);
        last->w = w;
        apr_hash_set(seen, apr_pstrdup(seen_pool, path), APR_HASH_KEY_STRING, last);
    }
    if (busy) {
        last->sig[0] = '\0';
        *unsettled = 1;
    }
    else {
        apr_cpystrn(last->sig, sig, sizeof(last->sig));
    }
    last->round = w->round;
    return parsed;
}

/* Files of w that this round did not find were deleted or moved away:
 * their entries leave the status page (a report taken down is no longer
 * "failing" there).  The cache entries age out by themselves. */
static void forget_gone(apr_pool_t *p, const gik_watch *w)
{
    apr_hash_index_t *hi;
    apr_finfo_t none;

    memset(&none, 0, sizeof(none));
    for (hi = apr_hash_first(p, seen); hi; hi = apr_hash_next(hi)) {
        const char *path = apr_hash_this_key(hi);
        seen_file *f = apr_hash_this_val(hi);
        if (f->w == w && f->round != w->round) {
            gik_registry_forget(sweep_request(p, w->s, f->uri, path, &none), f->uri);
            apr_hash_set(seen, path, APR_HASH_KEY_STRING, NULL);
        }
    }
}

static void sweep_dir(apr_pool_t *p, const gik_watch *w, const char *dir, const char *uri,
                      int depth, int *files, int *parsed, int *unsettled)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (depth > 32 || apr_dir_open(&d, dir, p) != APR_SUCCESS) {
        return;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS) {
        const char *path, *u;
        apr_pool_t *fp;
        apr_finfo_t st;

        if (fi.name[0] == '.') {
            continue;           /* ".", "..", .htaccess, editors' temporary files */
        }
        path = apr_pstrcat(p, dir, "/", fi.name, NULL);
        u = apr_pstrcat(p, uri, "/", fi.name, NULL);
        if (fi.filetype == APR_DIR) {
            sweep_dir(p, w, path, u, depth + 1, files, parsed, unsettled);
            continue;
        }
        if (!is_page(fi.name) || strstr(fi.name, GIK_DEFAULT_SUFFIX ".")) {
            continue;
        }
        /* one pool per file: a round over thousands stays small */
        apr_pool_create(&fp, p);
        if (apr_stat(&st, path, APR_FINFO_NORM, fp) == APR_SUCCESS && st.filetype == APR_REG) {
            (*files)++;
            *parsed += sweep_file(fp, w, path, u, &st, unsettled);
        }
        apr_pool_destroy(fp);
    }
    apr_dir_close(d);
}

static apr_status_t sweep_callback(int state, void *data, apr_pool_t *pool)
{
    server_rec *s = data;
    apr_time_t now = apr_time_now();
    int i;

    if (state == AP_WATCHDOG_STATE_STARTING) {
        /* the pool given is cleared after every call: the memory of what
         * was seen lives in one of its parent's (the watchdog thread's) */
        apr_pool_create(&seen_pool, apr_pool_parent_get(pool));
        seen = apr_hash_make(seen_pool);
        return APR_SUCCESS;
    }
    if (state != AP_WATCHDOG_STATE_RUNNING || !seen) {
        return APR_SUCCESS;
    }
    for (i = 0; i < watches->nelts; i++) {
        gik_watch *w = &APR_ARRAY_IDX(watches, i, gik_watch);
        apr_pool_t *p;
        int files = 0, parsed = 0, unsettled = 0;

        if (now < w->next) {
            continue;
        }
        w->next = now + w->interval;
        w->round++;
        apr_pool_create(&p, pool);
        sweep_dir(p, w, w->dir, w->prefix, 0, &files, &parsed, &unsettled);
        if (unsettled && w->next > now + SWEEP_SETTLE + apr_time_from_sec(1)) {
            /* a file still being written: back once it has settled, not a
             * whole interval later */
            w->next = now + SWEEP_SETTLE + apr_time_from_sec(1);
        }
        forget_gone(p, w);
        ap_log_error(APLOG_MARK, parsed ? APLOG_INFO : APLOG_DEBUG, 0, s, GIKLOGNO(00105)
                     "sweep %s: %d files, %d checked", w->dir, files, parsed);
        apr_pool_destroy(p);
    }
    return APR_SUCCESS;
}

static apr_array_header_t *watches_of(apr_pool_t *pconf, const apr_array_header_t *conf)
{
    apr_array_header_t *out = apr_array_make(pconf, conf->nelts ? conf->nelts : 1,
                                             sizeof(gik_watch));
    int i;

    for (i = 0; i < conf->nelts; i++) {
        const gik_watch_conf *c = &APR_ARRAY_IDX(conf, i, gik_watch_conf);
        gik_watch *w = apr_array_push(out);

        w->s = c->s;
        w->dir = c->dir;
        w->prefix = c->prefix;
        w->interval = c->interval;
        w->next = 0;
        w->round = 0;
    }
    return out;
}

int gik_sweep_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s)
{
    apr_interval_time_t tick;
    ap_watchdog_t *wd;
    apr_status_t rv;
    int i;

    watches = watches_of(pconf, gik_conf_watches());
    if (!watches->nelts || ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    wd_get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    wd_register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!wd_get_instance || !wd_register_callback) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GIKLOGNO(00106)
                     "GikReportWatch needs mod_watchdog (built into Debian's apache2; "
                     "elsewhere LoadModule watchdog_module)");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* outside any <VirtualHost> the pages are checked as the main server's;
     * visitors of a virtual host (Debian's 000-default is one) have keys
     * of their own and would parse again */
    for (i = 0; s->next && i < watches->nelts; i++) {
        const gik_watch *w = &APR_ARRAY_IDX(watches, i, gik_watch);
        if (w->s == s) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00108)
                         "GikReportWatch %s is outside <VirtualHost>: its checks are the main "
                         "server's, not a virtual host's; put it in the site's <VirtualHost>",
                         w->dir);
        }
    }
    /* one tick of a second for every folder, each with its own due time:
     * the first round comes a second after the start, not an interval */
    tick = apr_time_from_sec(1);
    /* in a child (parent 0), one of them (singleton 1): the registry's
     * and the cache's mutexes are set up for children */
    if ((rv = wd_get_instance(&wd, SWEEP_WATCHDOG, 0, 1, pconf)) != APR_SUCCESS
        || (rv = wd_register_callback(wd, tick, s, sweep_callback)) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00107)
                     "cannot set up the sweep's watchdog");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}
