/*
 * gik_cache_key.c - cache keys: the SHA-1 of what names a result (the rules
 * version, the configuration's hash, the virtual host, the page's version
 * and its URI).
 *
 * A page's description is some 250 bytes (a file's version holds its path),
 * so its SHA-1 costs about 4,800 instructions: a quarter of what a cached
 * request costs beyond the static file (bench/httpd-callgrind --route
 * /cached/ --against /static/), and the same again on every content-hash
 * hit.  Each child keeps the digests of the last descriptions it hashed,
 * direct-mapped by XXH3 of the description, compares the whole description
 * before it uses one, and hashes whatever it has not seen.  The memo only
 * holds what SHA-1 would give again, so it never decides a key by itself:
 * two descriptions that share a slot evict each other, nothing more.
 */
#include <xxhash.h>
#include <http_core.h>
#include <apr_sha1.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "mod_gikreport_private.h"
#include "gik_cache_key.h"
#include "gik_cache.h"
#include "gik_config.h"
#include "gik_content.h"

#define MEMO_SLOTS   256        /* a power of two: 256 x 512 bytes per child */
#define MEMO_SRC_MAX 484        /* a longer description is hashed every time */

typedef struct memo_slot {
    apr_size_t len;                             /* 0: empty */
    unsigned char digest[GIK_CACHE_KEY_LEN];
    char src[MEMO_SRC_MAX];
} memo_slot;

static struct {
    apr_thread_mutex_t *lock;   /* NULL: no memo (no cache, or no mutex) */
    memo_slot *slots;           /* in the child's pool */
} memo;

static apr_status_t memo_destroy(void *unused)
{
    memo.lock = NULL;
    memo.slots = NULL;
    return APR_SUCCESS;
}

void gik_cache_key_child_init(apr_pool_t *p, server_rec *s)
{
    memo.lock = NULL;
    memo.slots = NULL;
    if (!gik_cache_enabled()) {
        return;
    }
    if (apr_thread_mutex_create(&memo.lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS) {
        /* slower, not wrong: every key is hashed */
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00143)
                     "GikReportCache: no per-child memo of cache keys (thread mutex)");
        memo.lock = NULL;
        return;
    }
    memo.slots = apr_pcalloc(p, MEMO_SLOTS * sizeof(memo_slot));
    apr_pool_cleanup_register(p, NULL, memo_destroy, apr_pool_cleanup_null);
}

/* The digest of src from the memo into key; 0 when it is not there. */
static int memo_get(memo_slot *m, const char *src, apr_size_t len, char *key)
{
    int hit;

    apr_thread_mutex_lock(memo.lock);
    hit = m->len == len && !memcmp(m->src, src, len);
    if (hit) {
        memcpy(key, m->digest, GIK_CACHE_KEY_LEN);
    }
    apr_thread_mutex_unlock(memo.lock);
    return hit;
}

static void memo_put(memo_slot *m, const char *src, apr_size_t len, const char *key)
{
    apr_thread_mutex_lock(memo.lock);
    memcpy(m->src, src, len);
    memcpy(m->digest, key, GIK_CACHE_KEY_LEN);
    m->len = len;
    apr_thread_mutex_unlock(memo.lock);
}

const char *gik_cache_key(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri, const char *version)
{
    apr_sha1_ctx_t sha;
    memo_slot *m = NULL;
    const char *src;
    apr_size_t len;
    char *key;

    if (!version || !gik_cache_enabled()) {
        return NULL;
    }
    /* the virtual host: two hosts' backends may give one path one ETag */
    src = apr_pstrcat(r->pool, "gik2|", GIK_RULES_VERSION, "|", gik_conf_hash(r, conf),
                      "|", gik_vhost_id(r), "|", version, "|", gik_page_uri(r, page_uri),
                      NULL);
    len = strlen(src);
    /* one byte more: gik_cache.c's entry ids add the entry kind */
    key = apr_palloc(r->pool, GIK_CACHE_KEY_LEN + 1);
    if (memo.lock && len <= MEMO_SRC_MAX) {
        m = &memo.slots[XXH3_64bits(src, len) & (MEMO_SLOTS - 1)];
        if (memo_get(m, src, len, key)) {
            return key;
        }
    }
    apr_sha1_init(&sha);
    apr_sha1_update_binary(&sha, (const unsigned char *)src, (unsigned int)len);
    apr_sha1_final((unsigned char *)key, &sha);
    if (m) {
        memo_put(m, src, len, key);
    }
    return key;
}
