/*
 * gik_content.c - a page version known only from its bytes.
 *
 * A proxied or CGI response without an ETag, or a farm server's copy of a
 * file with its own modification time, has no version that can be known
 * before the body has gone by.  Its bytes are hashed as they stream
 * (XXH3-64 from libxxhash, plus the length and the Content-Type, which
 * decides how they are decoded), and the result is cached under that.
 *
 * The lookup can only happen at EOS, so the parse waits for it: the bytes
 * are copied aside (they still go downstream at once, unchanged) and only
 * parsed on a miss.  The copy is bounded by GIK_CONTENT_HOLD_MAX per
 * request; a longer page is handed to the parser as soon as it passes the
 * bound, and the copy is freed then.  Either way the copy lives no longer
 * than the response (a subpool of r->pool, destroyed at the hand-over or
 * with the request).
 *
 * XXH3 is no cryptographic hash: with its public default secret, whoever
 * can publish bytes (a comment on a CMS page, a page of its own under the
 * same script) can make another version of a page with the same hash and
 * length, and have it served the first one's verdict (inside a 1 KB block
 * a lane whose low half equals the secret's adds only itself, so +d in one
 * lane and -d in another cancel).  So the hash is keyed with a secret of
 * this server: derived from GikReportCacheKeyFile when there is one (a farm
 * sharing memcache/redis, a dbm that outlives restarts keep finding the
 * same content), else random at every start (content-addressed entries
 * then last no longer than the server; versions known up front do).
 *
 * The version known up front (a file's identity, an origin's ETag) is
 * here too: gik_page_version.
 */
#include <xxhash.h>
#include <http_core.h>
#include <http_log.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_escape.h>

#include "mod_gikreport_private.h"
#include "gik_content.h"
#include "gik_cache_mac.h"

#define CONTENT_SECRET_LEN 192     /* XXH3's own default size */
static unsigned char content_secret[CONTENT_SECRET_LEN];
static int content_secret_set;

apr_status_t gik_content_init(server_rec *s)
{
    apr_status_t rv = APR_SUCCESS;
    int i;

    content_secret_set = 0;
    if (gik_mac_enabled()) {
        /* HMAC(key, label i): the same secret on every server of the farm */
        for (i = 0; i < CONTENT_SECRET_LEN / GIK_MAC_LEN; i++) {
            unsigned char id[] = "gikreport content secret ?";
            id[sizeof(id) - 2] = (unsigned char)('0' + i);
            gik_mac_sign(id, sizeof(id) - 1, "", 0, content_secret + i * GIK_MAC_LEN);
        }
    }
    else {
        rv = apr_generate_random_bytes(content_secret, sizeof(content_secret));
    }
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, GIKLOGNO(00045)
                     "GikReportCache: no random secret for content hashes; pages "
                     "without a version are parsed every time");
        return rv;
    }
    content_secret_set = 1;
    return APR_SUCCESS;
}

struct gik_content {
    request_rec *r;
    XXH3_state_t *state;
    apr_off_t bytes;            /* hashed so far */
    apr_pool_t *hold_pool;      /* the copies; NULL once handed over */
    apr_array_header_t *held;   /* struct iovec, in page order */
    apr_size_t held_bytes;
    int hash_only;              /* nothing copied: the reader waits anyway */
};

static apr_status_t free_state(void *data)
{
    XXH3_freeState(data);
    return APR_SUCCESS;
}

gik_content *gik_content_create(request_rec *r)
{
    gik_content *c = apr_pcalloc(r->pool, sizeof(*c));

    c->r = r;
    if (!content_secret_set) {
        return NULL;
    }
    if (!(c->state = XXH3_createState())
        || XXH3_64bits_reset_withSecret(c->state, content_secret, sizeof(content_secret))
               != XXH_OK) {
        return NULL;
    }
    apr_pool_cleanup_register(r->pool, c->state, free_state, apr_pool_cleanup_null);
    apr_pool_create(&c->hold_pool, r->pool);
    apr_pool_tag(c->hold_pool, "gikreport-content");
    c->held = apr_array_make(c->hold_pool, 16, sizeof(struct iovec));
    return c;
}

int gik_content_feed(gik_content *c, const char *buf, apr_size_t len)
{
    struct iovec *v;

    XXH3_64bits_update(c->state, buf, len);
    c->bytes += (apr_off_t)len;
    if (c->hash_only || !c->hold_pool || c->held_bytes + len > GIK_CONTENT_HOLD_MAX) {
        return 0;
    }
    v = apr_array_push(c->held);
    v->iov_base = apr_pmemdup(c->hold_pool, buf, len);
    v->iov_len = len;
    c->held_bytes += len;
    return 1;
}

int gik_content_holding(const gik_content *c)
{
    return c->hold_pool != NULL;
}

void gik_content_hash_only(gik_content *c)
{
    if (c->hold_pool) {
        apr_pool_destroy(c->hold_pool);
        c->hold_pool = NULL;
        c->held = NULL;
    }
    c->hash_only = 1;
}

int gik_content_whole(const gik_content *c)
{
    return c->hold_pool != NULL || c->hash_only;
}

void gik_content_each(const gik_content *c, void (*to)(void *, const char *, apr_size_t),
                      void *baton)
{
    int i;

    for (i = 0; c->held && i < c->held->nelts; i++) {
        const struct iovec *v = &APR_ARRAY_IDX(c->held, i, struct iovec);
        to(baton, v->iov_base, v->iov_len);
    }
}

void gik_content_release(gik_content *c, void (*to)(void *, const char *, apr_size_t),
                         void *baton)
{
    if (!c->hold_pool) {
        return;
    }
    gik_content_each(c, to, baton);
    apr_pool_destroy(c->hold_pool);
    c->hold_pool = NULL;
    c->held = NULL;
    c->held_bytes = 0;
}

const char *gik_content_version(const gik_content *c)
{
    request_rec *r = c->r;

    XXH64_canonical_t hash;

    /* "X" + hash + length + type: a page served as text/plain and as
     * text/html, or with another charset parameter, reads differently.
     * The hash as 16 lowercase hex digits (as "%016" APR_UINT64_T_HEX_FMT):
     * its big-endian bytes in hex, without a format string, which costs a
     * content-hash hit more than the lookup */
    XXH64_canonicalFromHash(&hash, XXH3_64bits_digest(c->state));
    return apr_pstrcat(r->pool, "X", apr_pescape_hex(r->pool, hash.digest, sizeof(hash.digest), 0),
                       "-", apr_off_t_toa(r->pool, c->bytes), "-",
                       r->content_type ? r->content_type : "", NULL);
}

/* Which version of a page r serves.  A file's mtime and size only say
 * what the body is when the file is sent as it is: not for CGI scripts
 * (their finfo is the script) and not when another RESOURCE filter such as
 * INCLUDES rewrites it.  Otherwise the ETag, when the origin gives one. */
int gik_serves_file(request_rec *r)
{
    apr_size_t n;

    if (r->finfo.filetype != APR_REG || !r->filename) {
        return 0;
    }
    if (!r->handler || !strcmp(r->handler, "default-handler")) {
        return 1;
    }
    /* While it runs, a request without a handler is named after its
     * Content-Type (ap_invoke_handler).  Any other name with a slash is a
     * program: mod_php's application/x-httpd-php, php-fpm's
     * proxy:unix:/...|fcgi://, whose finfo is the script, not the page. */
    n = r->content_type ? strcspn(r->content_type, "; \t") : 0;
    return n && strlen(r->handler) == n && !strncasecmp(r->handler, r->content_type, n);
}

const char *gik_page_uri(request_rec *r, const char *uri)
{
    apr_size_t ul, pl;

    /* /report.html/anything is /report.html: every spelling a client
     * invents would otherwise be a cache entry and a registry slot */
    if (!uri || !r->path_info || !*r->path_info || !gik_serves_file(r)) {
        return uri;
    }
    ul = strlen(uri);
    pl = strlen(r->path_info);
    return ul > pl && !strcmp(uri + ul - pl, r->path_info)
               ? apr_pstrmemdup(r->pool, uri, ul - pl) : uri;
}

const char *gik_page_version(request_rec *r)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    const ap_filter_t *f;
    int plain_file;

    if (r->method_number != M_GET) {
        return NULL;    /* a POST's answer is no version of the page */
    }
    plain_file = gik_serves_file(r);

    for (f = r->output_filters; plain_file && f; f = f->next) {
        if (f->frec->ftype < AP_FTYPE_CONTENT_SET && strcasecmp(f->frec->name, "gikreport")
            && strcasecmp(f->frec->name, "gikreport_sink") && strcasecmp(f->frec->name, "bucketeer")
            /* mod_filter's AddOutputFilterByType GIKREPORT */
            && strcasecmp(f->frec->name, "BYTYPE:GIKREPORT")) {
            plain_file = 0;
        }
    }
    if (plain_file) {
        /* the inode and ctime too: cp -p and rsync -a keep size and mtime,
         * nothing can set the ctime back (as FileETag INode MTime Size).
         * "F<mtime>-<ctime>-<inode>-<size>-<path>", the numbers in decimal:
         * put together without a format string, which costs a cached
         * request more than the rest of its version and key */
        apr_uint64_t inode = (apr_uint64_t)r->finfo.inode;
        return apr_pstrcat(r->pool, "F", apr_off_t_toa(r->pool, r->finfo.mtime), "-",
                           apr_off_t_toa(r->pool, r->finfo.ctime), "-",
                           inode <= (apr_uint64_t)APR_INT64_MAX
                               ? apr_off_t_toa(r->pool, (apr_off_t)inode)
                               : apr_psprintf(r->pool, "%" APR_UINT64_T_FMT, inode),
                           "-", apr_off_t_toa(r->pool, r->finfo.size), "-", r->filename,
                           NULL);
    }
    /* an origin's ETag with a query string: any client can invent new
     * ones, each would be a new entry */
    return (etag && !r->args) ? apr_pstrcat(r->pool, "E", etag, NULL) : NULL;
}
