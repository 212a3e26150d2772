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
 *
 * In front of it each child keeps a small first level (L1 below): the
 * entries it read or wrote last, in its own memory behind a thread mutex.
 * With "Mutex file:" (Debian's default) the global mutex is an fcntl lock,
 * a system call pair that serialises every thread of every child; a warm
 * page view hits L1 and takes no global lock at all.  Entries are never
 * stale (the key names the page version and the config), so L1 needs no
 * invalidation either: only a bound on entries and bytes, LRU.
 */
#include <ap_socache.h>
#include <ap_provider.h>
#include <apr_sha1.h>
#include <apr_lib.h>
#include <http_core.h>
#include <util_mutex.h>
#include <apr_thread_mutex.h>
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_cache.h"
#include "gik_config.h"
#include "gik_content.h"
#include "gik_cache_mac.h"

#define CACHE_MUTEX_TYPE  "gikreport-cache"
#define CACHE_EXPIRY      apr_time_from_sec(7 * 86400)
#define CACHE_RESULT_MAX  4096
#define CACHE_DOC_MAX     (1024 * 1024)
#define ENTRY_ID_LEN      (APR_SHA1_DIGESTSIZE + 1)
#if GIK_CACHE_KEY_LEN != APR_SHA1_DIGESTSIZE
#error "cache keys are SHA-1 digests"
#endif
/* Default: 4 MB of shmcb.  shmcb splits it into subcaches (16 with our
 * hints, about 250 KB each), so a JSON document of a few tens of KB fits
 * in one, and entries spread over all of them (see entry_id). */
#define CACHE_DEFAULT_SHMCB "gikreport-cache(4194304)"

/* L1, per child.  A few hundred pages' R entries are a few hundred KB;
 * the byte cap is mostly for companion documents (tens of KB each). */
#define L1_CHAINS       1024            /* hash chains, a power of two */
#define L1_ENTRIES      512
#define L1_BYTES        (2 * 1024 * 1024)
/* one document must not empty the whole of L1 */
#define L1_ITEM_MAX     (L1_BYTES / 8)

static void l1_init(apr_pool_t *p, server_rec *s);

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
    if (gik_mac_load(s, pconf, sc->cache_key_file) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    gik_content_init(s);    /* failing: no content addressing, no more */
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
    if (!gik_mac_enabled() && (!strcasecmp(name, "memcache") || !strcasecmp(name, "redis"))) {
        /* said at every start: a shared cache is a way to decide verdicts */
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00024)
                     "GikReportCache %s without GikReportCacheKeyFile: whoever can write to "
                     "this cache decides badges and companions; keep it private (bind to "
                     "localhost, firewall, authentication) or set a key", spec);
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
    if (instance) {
        l1_init(p, s);
    }
}

int gik_cache_enabled(void)
{
    return instance != NULL;
}

/* Digest first, kind last: shmcb picks the subcache from the id's first
 * byte.  With the kind first, every J entry of the server shared one
 * subcache (1/16 of the cache, about 14 documents) and evicted each other:
 * under load most companion requests parsed the page again. */
static void entry_id(unsigned char *id, const char *key, char kind)
{
    memcpy(id, key, APR_SHA1_DIGESTSIZE);
    id[APR_SHA1_DIGESTSIZE] = (unsigned char)kind;
}

/* ---- L1: the per-child first level ------------------------------------ */

typedef struct l1_entry l1_entry;
struct l1_entry {
    l1_entry *chain;                /* next in its hash chain */
    l1_entry *newer, *older;        /* LRU list */
    unsigned char id[ENTRY_ID_LEN]; /* as entry_id(): digest, kind */
    int refs;                       /* requests using it (pool cleanups) */
    int in_table;                   /* 0: evicted, freed by the last release */
    apr_size_t bytes;               /* charged against L1_BYTES */
    gik_result res;                 /* R: its strings point into data */
    /* R: what a hit would otherwise make again (gik_cache_keep): the
     * badge without (0) and with (1) the companion link, the Link header
     * (2); malloc()ed when first made, then never changed until freed */
    char *kept[3];
    apr_size_t len;                 /* J, C: the document's length */
    char data[1];                   /* J, C: the document; R: status, organisation */
};

static struct {
    apr_thread_mutex_t *lock;       /* NULL: no L1 (no cache, or no mutex) */
    l1_entry *chains[L1_CHAINS];
    l1_entry *newest, *oldest;
    apr_size_t bytes;
    int count;
} l1;

static unsigned int l1_chain_of(const unsigned char *id)
{
    apr_uint32_t h;

    /* the digest is already uniform; the kind tells R, J and C apart */
    memcpy(&h, id, sizeof(h));
    return (h ^ (id[APR_SHA1_DIGESTSIZE] * 0x9E3779B1u)) & (L1_CHAINS - 1);
}

static void l1_free(l1_entry *e)
{
    free(e->kept[0]);
    free(e->kept[1]);
    free(e->kept[2]);
    free(e);
}

/* The rest take and leave the lock held. */
static l1_entry *l1_find(const unsigned char *id)
{
    l1_entry *e;

    for (e = l1.chains[l1_chain_of(id)]; e; e = e->chain) {
        if (!memcmp(e->id, id, ENTRY_ID_LEN)) {
            return e;
        }
    }
    return NULL;
}

static void l1_list_remove(l1_entry *e)
{
    if (e->newer) {
        e->newer->older = e->older;
    }
    else {
        l1.newest = e->older;
    }
    if (e->older) {
        e->older->newer = e->newer;
    }
    else {
        l1.oldest = e->newer;
    }
    e->newer = e->older = NULL;
}

static void l1_list_push(l1_entry *e)
{
    e->older = l1.newest;
    e->newer = NULL;
    if (l1.newest) {
        l1.newest->newer = e;
    }
    else {
        l1.oldest = e;
    }
    l1.newest = e;
}

/* Out of the table; freed now, or by the last request still using it. */
static void l1_evict(l1_entry *e)
{
    l1_entry **pp = &l1.chains[l1_chain_of(e->id)];

    while (*pp != e) {
        pp = &(*pp)->chain;
    }
    *pp = e->chain;
    l1_list_remove(e);
    l1.bytes -= e->bytes;
    l1.count--;
    e->in_table = 0;
    if (!e->refs) {
        l1_free(e);
    }
}

/* Room for extra more bytes and one more entry; never evicts keep. */
static void l1_make_room(apr_size_t extra, int one_more, const l1_entry *keep)
{
    l1_entry *e = l1.oldest;

    while (e && (l1.bytes + extra > L1_BYTES || (one_more && l1.count >= L1_ENTRIES))) {
        l1_entry *next = e->newer;
        if (e != keep) {
            l1_evict(e);
        }
        e = next;
    }
}

static apr_status_t l1_release(void *data)
{
    l1_entry *e = data;

    if (!l1.lock) {
        return APR_SUCCESS;     /* the child is exiting (l1_destroy) */
    }
    apr_thread_mutex_lock(l1.lock);
    if (!--e->refs && !e->in_table) {
        l1_free(e);
    }
    apr_thread_mutex_unlock(l1.lock);
    return APR_SUCCESS;
}

/* The entry for id, kept alive until r's pool goes; the lock is held on
 * return either way and must be let go by the caller. */
static l1_entry *l1_acquire(request_rec *r, const unsigned char *id)
{
    l1_entry *e;

    apr_thread_mutex_lock(l1.lock);
    if ((e = l1_find(id)) != NULL) {
        e->refs++;
        if (l1.newest != e) {
            l1_list_remove(e);
            l1_list_push(e);
        }
        apr_pool_cleanup_register(r->pool, e, l1_release, apr_pool_cleanup_null);
    }
    return e;
}

/* Takes e (malloc()ed, e->bytes set); an entry already there for the same
 * id has the same contents, so the new one is dropped. */
static void l1_insert(l1_entry *e)
{
    unsigned int chain = l1_chain_of(e->id);

    apr_thread_mutex_lock(l1.lock);
    if (l1_find(e->id)) {
        apr_thread_mutex_unlock(l1.lock);
        l1_free(e);
        return;
    }
    l1_make_room(e->bytes, 1, NULL);
    e->chain = l1.chains[chain];
    l1.chains[chain] = e;
    e->in_table = 1;
    e->refs = 0;
    l1_list_push(e);
    l1.bytes += e->bytes;
    l1.count++;
    apr_thread_mutex_unlock(l1.lock);
}

static l1_entry *l1_alloc(const unsigned char *id, apr_size_t datalen)
{
    l1_entry *e;

    if (!l1.lock || datalen > L1_ITEM_MAX || !(e = calloc(1, sizeof(*e) + datalen))) {
        return NULL;
    }
    memcpy(e->id, id, ENTRY_ID_LEN);
    e->bytes = sizeof(*e) + datalen;
    return e;
}

static void l1_put_doc(const unsigned char *id, const char *doc, apr_size_t len)
{
    l1_entry *e = l1_alloc(id, len);

    if (e) {
        memcpy(e->data, doc, len);
        e->data[len] = '\0';
        e->len = len;
        l1_insert(e);
    }
}

const char *gik_result_note(apr_pool_t *p, const gik_result *res)
{
    if (!res->is_report) {
        return res->cached ? "not-report cached" : "not-report";
    }
    /* exactly CONTRACTS.md's form: log parsers match it */
    return apr_psprintf(p, "%s errors=%d warnings=%d%s", res->status, res->errors,
                        res->warnings, res->cached ? " cached" : "");
}

/* data: status, organisation, request note, each NUL-terminated. */
static void l1_put_result(request_rec *r, const unsigned char *id, const gik_result *res)
{
    const char *st = res->status ? res->status : "";
    const char *org = res->organization ? res->organization : "";
    gik_result hit = *res;
    const char *note;
    apr_size_t slen = strlen(st), olen = strlen(org), nlen;
    l1_entry *e;

    hit.cached = 1;     /* what the entry gives */
    note = gik_result_note(r->pool, &hit);
    nlen = strlen(note);
    if (!(e = l1_alloc(id, slen + 1 + olen + 1 + nlen))) {
        return;
    }
    e->res = hit;
    e->res.badge = NULL;    /* kept[], as this entry's own */
    e->res.link = NULL;
    memcpy(e->data, st, slen + 1);
    memcpy(e->data + slen + 1, org, olen + 1);
    memcpy(e->data + slen + 1 + olen + 1, note, nlen + 1);
    e->res.status = res->status ? e->data : NULL;
    e->res.organization = res->organization ? e->data + slen + 1 : NULL;
    e->res.note = e->data + slen + 1 + olen + 1;
    l1_insert(e);
}

static apr_status_t l1_destroy(void *unused)
{
    apr_thread_mutex_t *lock = l1.lock;

    /* the child is going, its threads are done: an entry still referenced
     * would be a request pool outliving the child's, and is left alone */
    l1.lock = NULL;
    while (l1.oldest) {
        l1_entry *e = l1.oldest;
        l1_list_remove(e);
        if (!e->refs) {
            l1_free(e);
        }
    }
    memset(&l1, 0, sizeof(l1));
    if (lock) {
        apr_thread_mutex_destroy(lock);
    }
    return APR_SUCCESS;
}

static void l1_init(apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;

    memset(&l1, 0, sizeof(l1));
    rv = apr_thread_mutex_create(&l1.lock, APR_THREAD_MUTEX_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        /* slower, not wrong: every lookup goes to the shared cache */
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, GIKLOGNO(00017)
                     "GikReportCache: no per-child cache (thread mutex)");
        l1.lock = NULL;
        return;
    }
    apr_pool_cleanup_register(p, NULL, l1_destroy, apr_pool_cleanup_null);
}

static apr_status_t cache_store(request_rec *r, const unsigned char *id,
                                const char *data, apr_size_t len)
{
    apr_status_t rv;

    if (gik_mac_enabled()) {
        /* MAC first, then the entry */
        char *signed_entry = apr_palloc(r->pool, GIK_MAC_LEN + len);
        gik_mac_sign(id, ENTRY_ID_LEN, data, len, (unsigned char *)signed_entry);
        memcpy(signed_entry + GIK_MAC_LEN, data, len);
        data = signed_entry;
        len += GIK_MAC_LEN;
    }
    if (mutex && apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    rv = provider->store(instance, r->server, id, ENTRY_ID_LEN,
                         apr_time_now() + CACHE_EXPIRY, (unsigned char *)data,
                         (unsigned int)len, r->pool);
    if (mutex) {
        apr_global_mutex_unlock(mutex);
    }
    if (rv != APR_SUCCESS) {
        /* too big for the provider, or it is down: run uncached */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, GIKLOGNO(00008)
                      "GikReportCache: %c entry of %" APR_SIZE_T_FMT " bytes not stored",
                      id[APR_SHA1_DIGESTSIZE], len);
    }
    return rv;
}

static const char *cache_fetch(request_rec *r, const unsigned char *id,
                               unsigned int max, unsigned int *len)
{
    unsigned char *buf;
    apr_status_t rv;

    if (gik_mac_enabled()) {
        max += GIK_MAC_LEN;
    }
    buf = apr_palloc(r->pool, max + 1);
    *len = max;
    if (mutex && apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return NULL;
    }
    rv = provider->retrieve(instance, r->server, id, ENTRY_ID_LEN, buf, len, r->pool);
    if (mutex) {
        apr_global_mutex_unlock(mutex);
    }
    if (rv != APR_SUCCESS) {
        return NULL;
    }
    if (gik_mac_enabled()) {
        if (*len < GIK_MAC_LEN
            || !gik_mac_verify(id, ENTRY_ID_LEN, (const char *)buf + GIK_MAC_LEN,
                               *len - GIK_MAC_LEN, buf)) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GIKLOGNO(00023)
                          "GikReportCache: an entry for %s failed authentication "
                          "(not written by a server with this key): ignored", r->uri);
            return NULL;
        }
        buf += GIK_MAC_LEN;
        *len -= GIK_MAC_LEN;
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
    unsigned char id[ENTRY_ID_LEN];
    gik_result kept = *res;
    const char *entry;
    int i;

    if (!instance || !key) {
        return;
    }
    entry = apr_psprintf(r->pool, "gik3 %d %d %s %d %d %d %" APR_OFF_T_FMT " %" APR_OFF_T_FMT
                         " %" APR_OFF_T_FMT " %d %" APR_TIME_T_FMT " %d %d",
                         res->is_report, res->partial, res->status ? res->status : "-",
                         res->errors, res->warnings, res->infos, res->bytes,
                         res->body_end, res->body_start, res->year, res->checked_at,
                         res->wide, res->has_carried_forward);
    for (i = 0; i < GIK_B_NCOLS; i++) {
        entry = apr_psprintf(r->pool, "%s %.17g", entry, res->carried_forward[i]);
    }
    if (nl) {
        org = apr_pstrmemdup(r->pool, org, (apr_size_t)(nl - org));
    }
    entry = apr_pstrcat(r->pool, entry, "\n", org, NULL);
    entry_id(id, key, 'R');
    cache_store(r, id, entry, strlen(entry));
    /* L1 keeps what a later read of the entry would give */
    kept.organization = *org ? org : NULL;
    l1_put_result(r, id, &kept);
}

/* Parses an R entry; 0 when it is not one of this version. */
static int parse_result(request_rec *r, const char *entry, gik_result *res)
{
    char *line, *org, *tok, *last;
    const char *f[14 + GIK_B_NCOLS];
    int n = 0;

    if (!(line = apr_pstrdup(r->pool, entry)) || !(org = strchr(line, '\n'))) {
        return 0;
    }
    *org++ = '\0';
    for (tok = apr_strtok(line, " ", &last); tok && n < (int)(sizeof(f) / sizeof(f[0]));
         tok = apr_strtok(NULL, " ", &last)) {
        f[n++] = tok;
    }
    if (n != 14 + GIK_B_NCOLS || strcmp(f[0], "gik3")) {
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
    for (n = 0; n < GIK_B_NCOLS; n++) {
        res->carried_forward[n] = strtod(f[14 + n], NULL);
    }
    res->organization = *org ? org : NULL;
    res->cached = 1;
    return 1;
}

int gik_cache_get(request_rec *r, const char *key, int linked, gik_result *res)
{
    unsigned char id[ENTRY_ID_LEN];
    const char *entry;
    unsigned int len;
    l1_entry *e;

    if (!instance || !key) {
        return 0;
    }
    entry_id(id, key, 'R');
    if (l1.lock) {
        e = l1_acquire(r, id);
        if (e) {
            *res = e->res;
            res->badge = (linked == 0 || linked == 1) ? e->kept[linked] : NULL;
            res->link = e->kept[GIK_KEEP_LINK];
        }
        apr_thread_mutex_unlock(l1.lock);
        if (e) {
            return 1;
        }
    }
    entry = cache_fetch(r, id, CACHE_RESULT_MAX, &len);
    if (!entry || !parse_result(r, entry, res)) {
        return 0;
    }
    l1_put_result(r, id, res);
    return 1;
}

void gik_cache_keep(request_rec *r, const char *key, int which, const char *s)
{
    unsigned char id[ENTRY_ID_LEN];
    apr_size_t n;
    char *copy;
    l1_entry *e;

    if (!l1.lock || !key || !s || which < 0 || which > GIK_KEEP_LINK
        || (n = strlen(s)) > L1_ITEM_MAX || !(copy = malloc(n + 1))) {
        return;
    }
    memcpy(copy, s, n + 1);
    entry_id(id, key, 'R');
    apr_thread_mutex_lock(l1.lock);
    e = l1_find(id);
    if (e && !e->kept[which]) {
        l1_make_room(n + 1, 0, e);
        e->kept[which] = copy;
        e->bytes += n + 1;
        l1.bytes += n + 1;
        copy = NULL;
    }
    apr_thread_mutex_unlock(l1.lock);
    free(copy);     /* evicted meanwhile, or another thread was first */
}

/* ---- documents in pieces ------------------------------------------------
 * sdbm (the dbm provider) holds at most 1008 bytes of key and value per
 * entry; a companion JSON is tens of KB.  A document a provider refuses
 * whole is stored in CHUNK_BYTES pieces, each an entry of its own, and a
 * small head entry under the document's id says how many and how long.
 * The pieces go in first, so a head found names pieces that were written;
 * a piece evicted since makes the whole a miss (the page is parsed again). */
#define CHUNK_HEAD   "\001gikchunks "
/* + 8 (socache_dbm's expiry) + GIK_MAC_LEN + ENTRY_ID_LEN < 1008 */
#define CHUNK_BYTES  896

static void chunk_id(unsigned char *id, const unsigned char *doc_id, unsigned int i)
{
    apr_sha1_ctx_t sha;
    unsigned char n[4] = {(unsigned char)(i >> 24), (unsigned char)(i >> 16),
                          (unsigned char)(i >> 8), (unsigned char)i};

    apr_sha1_init(&sha);
    apr_sha1_update_binary(&sha, doc_id, ENTRY_ID_LEN);
    apr_sha1_update_binary(&sha, n, sizeof(n));
    apr_sha1_final(id, &sha);
    id[APR_SHA1_DIGESTSIZE] = (unsigned char)apr_tolower(doc_id[APR_SHA1_DIGESTSIZE]);
}

static void store_chunked(request_rec *r, const unsigned char *id, const char *doc,
                          apr_size_t len)
{
    unsigned char cid[ENTRY_ID_LEN];
    unsigned int i, n = (unsigned int)((len + CHUNK_BYTES - 1) / CHUNK_BYTES);
    const char *head;

    for (i = 0; i < n; i++) {
        apr_size_t off = (apr_size_t)i * CHUNK_BYTES;
        chunk_id(cid, id, i);
        if (cache_store(r, cid, doc + off, len - off < CHUNK_BYTES ? len - off : CHUNK_BYTES)
            != APR_SUCCESS) {
            return;     /* no head, no document */
        }
    }
    head = apr_psprintf(r->pool, CHUNK_HEAD "%u %" APR_SIZE_T_FMT, n, len);
    cache_store(r, id, head, strlen(head));
}

/* The document a head entry names, or NULL when a piece is gone. */
static const char *fetch_chunked(request_rec *r, const unsigned char *id, const char *head,
                                 unsigned int *len)
{
    unsigned char cid[ENTRY_ID_LEN];
    unsigned int i, n, got, total = 0;
    apr_uint64_t want;
    char *doc, *end;

    n = (unsigned int)strtoul(head + sizeof(CHUNK_HEAD) - 1, &end, 10);
    want = apr_strtoi64(end, &end, 10);
    if (!n || *end || want > CACHE_DOC_MAX || want > (apr_uint64_t)n * CHUNK_BYTES) {
        return NULL;
    }
    doc = apr_palloc(r->pool, (apr_size_t)want + 1);
    for (i = 0; i < n; i++) {
        const char *piece;
        chunk_id(cid, id, i);
        if (!(piece = cache_fetch(r, cid, CHUNK_BYTES, &got)) || total + got > want) {
            return NULL;
        }
        memcpy(doc + total, piece, got);
        total += got;
    }
    if (total != want) {
        return NULL;
    }
    doc[total] = '\0';
    *len = total;
    return doc;
}

const char *gik_cache_get_doc(request_rec *r, const char *key, char kind)
{
    unsigned char id[ENTRY_ID_LEN];
    const char *doc = NULL;
    unsigned int len;
    l1_entry *e;

    if (!instance || !key) {
        return NULL;
    }
    entry_id(id, key, kind);
    if (l1.lock) {
        e = l1_acquire(r, id);
        doc = e ? e->data : NULL;
        apr_thread_mutex_unlock(l1.lock);
        if (doc) {
            return doc;
        }
    }
    doc = cache_fetch(r, id, CACHE_DOC_MAX, &len);
    if (doc && !strncmp(doc, CHUNK_HEAD, sizeof(CHUNK_HEAD) - 1)) {
        doc = fetch_chunked(r, id, doc, &len);
    }
    if (doc) {
        l1_put_doc(id, doc, len);
    }
    return doc;
}

void gik_cache_put_doc(request_rec *r, const char *key, char kind, const char *doc)
{
    unsigned char id[ENTRY_ID_LEN];

    if (instance && key && doc) {
        /* not into L1: most pages' companions are never asked for, and
         * L1's room is better spent on R entries; a read fills it */
        apr_size_t len = strlen(doc);
        entry_id(id, key, kind);
        if (cache_store(r, id, doc, len) != APR_SUCCESS && len > CHUNK_BYTES) {
            store_chunked(r, id, doc, len);
        }
    }
}
