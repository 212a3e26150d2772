/*
 * gik_cache.c - results per page version in a mod_socache provider.
 *
 * Three entries per page version, so the one needed on every page view
 * stays small (about 200 bytes: it fits sdbm's 1 KB pairs and any shmcb):
 *   'R'  the gik_result (summary, offsets, organisation; the badge is made
 *        again from these, see gik_result_badge)
 *   'J'  the companion JSON          (only the companion handler reads it)
 *   'C'  the companion CSV
 * A J or C entry that does not fit is simply not cached: the companion
 * then parses the page again.  The key is the SHA-1 of page URI, page
 * version, rules version and config hash, so a new file, a new rule set or
 * a new GikReportRule line all miss naturally; nothing is ever invalidated.
 *
 * One cache for the whole server (GikReportCache is global, like
 * SSLSessionCache), created in post_config; providers that are not safe
 * across processes (shmcb, dbm) get the "gikreport-cache" global mutex.
 */
#include <ap_socache.h>
#include <ap_provider.h>
#include <apr_sha1.h>
#include <http_core.h>
#include <util_mutex.h>

#include "mod_gikreport.h"

APLOG_USE_MODULE(gikreport);

#define CACHE_MUTEX_TYPE  "gikreport-cache"
#define CACHE_EXPIRY      apr_time_from_sec(7 * 86400)
#define CACHE_RESULT_MAX  4096
#define CACHE_DOC_MAX     (1024 * 1024)
#define ENTRY_ID_LEN      (APR_SHA1_DIGESTSIZE + 1)
/* Default: 4 MB of shmcb.  shmcb splits it into subcaches (16 with our
 * hints, about 250 KB each), so a JSON document of a few tens of KB fits
 * in one, and entries spread over all of them (see entry_id). */
#define CACHE_DEFAULT_SHMCB "gikreport-cache(4194304)"

static const ap_socache_provider_t *provider;
static ap_socache_instance_t *instance;
static apr_global_mutex_t *mutex;

apr_status_t gik_cache_pre_config(apr_pool_t *pconf)
{
    return ap_mutex_register(pconf, CACHE_MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0);
}

static apr_status_t cache_destroy(void *data)
{
    server_rec *s = data;

    /* dbm's destroy deletes its file; keeping results over a restart is
     * the reason to choose dbm, so its file stays (entries are versioned,
     * a stale one is never read, and expired ones age out) */
    if (provider && instance && strcmp(provider->name, "dbm")) {
        provider->destroy(instance, s);
    }
    provider = NULL;
    instance = NULL;
    mutex = NULL;
    return APR_SUCCESS;
}

int gik_cache_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s)
{
    gik_srv_conf *sc = ap_get_module_config(s->module_config, &gikreport_module);
    const char *spec = sc->cache_spec ? sc->cache_spec : "shmcb";
    const char *name = spec, *args = NULL, *err;
    struct ap_socache_hints hints = {20, 2048, 86400};
    const char *colon = ap_strchr_c(spec, ':');
    apr_status_t rv;

    provider = NULL;
    instance = NULL;
    mutex = NULL;
    if (!strcasecmp(spec, "none")) {
        return OK;
    }
    if (colon) {
        name = apr_pstrmemdup(ptemp, spec, (apr_size_t)(colon - spec));
        args = colon + 1;
    }
    if (!args && !strcasecmp(name, "shmcb")) {
        args = ap_runtime_dir_relative(pconf, CACHE_DEFAULT_SHMCB);
    }
    provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                                  AP_SOCACHE_PROVIDER_VERSION);
    if (!provider) {
        /* Said once per start: the module works without a cache, only
         * slower.  Explicitly configured: louder. */
        ap_log_error(APLOG_MARK, sc->cache_spec ? APLOG_WARNING : APLOG_NOTICE, 0, s,
                     GIKLOGNO(00003) "GikReportCache %s: no socache provider '%s' "
                     "(LoadModule socache_%s_module?); results are not cached",
                     spec, name, name);
        return OK;
    }
    err = provider->create(&instance, args, ptemp, pconf);
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GIKLOGNO(00004)
                     "GikReportCache %s: %s", spec, err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        rv = ap_global_mutex_create(&mutex, NULL, CACHE_MUTEX_TYPE, NULL, s, pconf, 0);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00005)
                         "GikReportCache: cannot create the cache mutex");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    rv = provider->init(instance, "gikreport", &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00006)
                     "GikReportCache %s: cannot initialise the cache", spec);
        instance = NULL;
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(pconf, s, cache_destroy, apr_pool_cleanup_null);
    return OK;
}

void gik_cache_child_init(apr_pool_t *p, server_rec *s)
{
    if (mutex) {
        apr_status_t rv = apr_global_mutex_child_init(&mutex,
                                                      apr_global_mutex_lockfile(mutex), p);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, GIKLOGNO(00007)
                         "GikReportCache: cannot reopen the cache mutex; caching off");
            instance = NULL;
        }
    }
}

/* Which version of a page r serves.  A file's mtime and size only say
 * what the body is when the file is sent as it is: not for CGI scripts
 * (their finfo is the script) and not when another RESOURCE filter such as
 * INCLUDES rewrites it.  Otherwise the ETag, when the origin gives one. */
const char *gik_page_version(request_rec *r)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    const ap_filter_t *f;
    int plain_file = r->finfo.filetype == APR_REG && r->filename
                     && (!r->handler || !strcmp(r->handler, "default-handler")
                         || ap_strchr_c(r->handler, '/'));

    for (f = r->output_filters; plain_file && f; f = f->next) {
        if (f->frec->ftype < AP_FTYPE_CONTENT_SET && strcasecmp(f->frec->name, "gikreport")
            && strcasecmp(f->frec->name, "gikreport_sink") && strcasecmp(f->frec->name, "bucketeer")
            /* mod_filter's AddOutputFilterByType GIKREPORT */
            && strcasecmp(f->frec->name, "BYTYPE:GIKREPORT")) {
            plain_file = 0;
        }
    }
    if (plain_file) {
        return apr_psprintf(r->pool, "F%" APR_TIME_T_FMT "-%" APR_OFF_T_FMT "-%s",
                            r->finfo.mtime, r->finfo.size, r->filename);
    }
    return etag ? apr_pstrcat(r->pool, "E", etag, NULL) : NULL;
}

const char *gik_cache_key(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri, const char *version)
{
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t sha;
    const char *src;
    char *key;

    if (!version || !instance) {
        return NULL;
    }
    src = apr_pstrcat(r->pool, "gik1|", GIK_RULES_VERSION, "|", gik_conf_hash(r->pool, conf),
                      "|", version, "|", page_uri, NULL);
    apr_sha1_init(&sha);
    apr_sha1_update_binary(&sha, (const unsigned char *)src, (unsigned int)strlen(src));
    apr_sha1_final(digest, &sha);
    /* the last byte is the entry kind, filled in by entry_id() */
    key = apr_palloc(r->pool, ENTRY_ID_LEN);
    memcpy(key, digest, APR_SHA1_DIGESTSIZE);
    return key;
}

/* Digest first, kind last: shmcb picks the subcache from the id's first
 * byte.  With the kind first, every J entry of the server shared one
 * subcache (1/16 of the cache, about 14 documents) and evicted each other:
 * under load most companion requests parsed the page again. */
static const unsigned char *entry_id(request_rec *r, const char *key, char kind)
{
    unsigned char *id = apr_pmemdup(r->pool, key, ENTRY_ID_LEN);
    id[APR_SHA1_DIGESTSIZE] = (unsigned char)kind;
    return id;
}

static apr_status_t cache_store(request_rec *r, const char *key, char kind,
                                const char *data, apr_size_t len)
{
    apr_status_t rv;

    if (!instance || !key || !data) {
        return APR_EINVAL;
    }
    if (mutex && apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    rv = provider->store(instance, r->server, entry_id(r, key, kind), ENTRY_ID_LEN,
                         apr_time_now() + CACHE_EXPIRY, (unsigned char *)data,
                         (unsigned int)len, r->pool);
    if (mutex) {
        apr_global_mutex_unlock(mutex);
    }
    if (rv != APR_SUCCESS) {
        /* too big for the provider, or it is down: run uncached */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, GIKLOGNO(00008)
                      "GikReportCache: %c entry of %" APR_SIZE_T_FMT " bytes not stored",
                      kind, len);
    }
    return rv;
}

static const char *cache_fetch(request_rec *r, const char *key, char kind,
                               unsigned int max, unsigned int *len)
{
    unsigned char *buf;
    apr_status_t rv;

    if (!instance || !key) {
        return NULL;
    }
    buf = apr_palloc(r->pool, max + 1);
    *len = max;
    if (mutex && apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return NULL;
    }
    rv = provider->retrieve(instance, r->server, entry_id(r, key, kind),
                            ENTRY_ID_LEN, buf, len, r->pool);
    if (mutex) {
        apr_global_mutex_unlock(mutex);
    }
    if (rv != APR_SUCCESS) {
        return NULL;
    }
    buf[*len] = '\0';
    return (const char *)buf;
}

/* The R entry: one line of numbers, then the organisation to the end.
 * Text, so a dbm file can be inspected by hand. */
void gik_cache_put(request_rec *r, const char *key, const gik_result *res)
{
    const char *org = res->organization ? res->organization : "";
    const char *nl = ap_strchr_c(org, '\n');
    const char *entry;
    int i;

    entry = apr_psprintf(r->pool, "gik3 %d %d %s %d %d %d %" APR_OFF_T_FMT " %" APR_OFF_T_FMT
                         " %" APR_OFF_T_FMT " %d %" APR_TIME_T_FMT " %d %d",
                         res->is_report, res->partial, res->status ? res->status : "-",
                         res->errors, res->warnings, res->infos, res->bytes,
                         res->body_end, res->body_start, res->year, res->checked_at,
                         res->wide, res->has_carried_forward);
    for (i = 0; i < GIK_B_COLUMNS; i++) {
        entry = apr_psprintf(r->pool, "%s %.17g", entry, res->carried_forward[i]);
    }
    entry = apr_pstrcat(r->pool, entry, "\n",
                        nl ? apr_pstrmemdup(r->pool, org, (apr_size_t)(nl - org)) : org, NULL);
    cache_store(r, key, 'R', entry, strlen(entry));
}

int gik_cache_get(request_rec *r, const char *key, gik_result *res)
{
    unsigned int len;
    const char *entry = cache_fetch(r, key, 'R', CACHE_RESULT_MAX, &len);
    char *line, *org, *tok, *last;
    const char *f[14 + GIK_B_COLUMNS];
    int n = 0;

    if (!entry || !(line = apr_pstrdup(r->pool, entry)) || !(org = strchr(line, '\n'))) {
        return 0;
    }
    *org++ = '\0';
    for (tok = apr_strtok(line, " ", &last); tok && n < (int)(sizeof(f) / sizeof(f[0]));
         tok = apr_strtok(NULL, " ", &last)) {
        f[n++] = tok;
    }
    if (n != 14 + GIK_B_COLUMNS || strcmp(f[0], "gik3")) {
        return 0;   /* another version's entry: a miss, not an error */
    }
    memset(res, 0, sizeof(*res));
    res->is_report = atoi(f[1]);
    res->partial = atoi(f[2]);
    res->status = strcmp(f[3], "-") ? f[3] : NULL;
    res->errors = atoi(f[4]);
    res->warnings = atoi(f[5]);
    res->infos = atoi(f[6]);
    res->bytes = apr_atoi64(f[7]);
    res->body_end = apr_atoi64(f[8]);
    res->body_start = apr_atoi64(f[9]);
    res->year = atoi(f[10]);
    res->checked_at = apr_atoi64(f[11]);
    res->wide = atoi(f[12]);
    res->has_carried_forward = atoi(f[13]);
    for (n = 0; n < GIK_B_COLUMNS; n++) {
        res->carried_forward[n] = strtod(f[14 + n], NULL);
    }
    res->organization = *org ? org : NULL;
    res->cached = 1;
    return 1;
}

const char *gik_cache_get_doc(request_rec *r, const char *key, char kind)
{
    unsigned int len;
    return cache_fetch(r, key, kind, CACHE_DOC_MAX, &len);
}

void gik_cache_put_doc(request_rec *r, const char *key, char kind, const char *doc)
{
    if (doc) {
        cache_store(r, key, kind, doc, strlen(doc));
    }
}
