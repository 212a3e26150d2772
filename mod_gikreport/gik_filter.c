/*
 * gik_filter.c - the GIKREPORT output filter.
 *
 * Every byte of the page passes through unchanged and in order.  A copy of
 * each data bucket goes to the core's parser and to the </body> finder; the
 * bucket itself is forwarded.  The only bytes held back are those from a
 * tag that is or may become the last </body> on (bounded by HOLD_CAP), so
 * that when the parse ends at EOS the badge can go in before it as one extra
 * bucket.  GikReportBadge top holds the page instead (bounded by
 * GikReportMaxBytes), and so does a <!--gikreport--> placeholder from
 * itself on, even through a FLUSH: the badge goes in just after it, where
 * the CMS template put it.
 *
 * What shows in the headers (Link, ETag, Content-Length) is settled right
 * before the first bytes go downstream (even a FLUSH makes HTTP_HEADER
 * send them).  Within one brigade nothing is passed before its end, so a
 * page that arrives whole (static files) gets exact headers: Link and a
 * changed ETag on badged reports only.  A page that must stream before its
 * verdict is known (several brigades, FLUSH, over DECIDE_MAX) gets the Link
 * and the changed ETag, and loses Content-Length, in case it is a report.
 *
 * A page whose result is in the cache is not parsed at all: the badge goes
 * in at the cached </body> offset, which for the default handler's FILE
 * bucket means a split without reading the file.
 */
#include <http_core.h>
#include <apr_lib.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>

#include <apr_mmap.h>
#include "mod_gikreport_private.h"
#include "gik_filter.h"
#include "gik_cache.h"
#include "gik_check.h"
#include "gik_config.h"
#include "gik_content.h"
#include "gik_status.h"

/* Bytes after a </body> we are prepared to hold while waiting for another
 * one; pages rarely have more than "</html>\n" there.  Past this the bytes
 * go on, and if the page ends without a later </body> the badge goes at
 * the very end. */
#define HOLD_CAP (64 * 1024)

/* Bytes of one brigade read before the headers must go out anyway, their
 * verdict unknown: bounds the memory of reading a big FILE bucket without
 * mmap (8 KB heap buckets) while the headers wait. */
#define DECIDE_MAX (1024 * 1024)

static ap_filter_rec_t *gik_filter_handle;

typedef struct filter_ctx {
    apr_bucket_brigade *out;    /* what goes downstream this call */
    apr_bucket_brigade *hold;   /* bytes held back; its first byte is at hold_off */
    apr_off_t hold_off;
    apr_off_t seen;             /* page bytes seen so far */
    const gik_dir_conf *conf;
    gik_scan *scan;             /* NULL when serving a cached result */
    gik_result res;             /* the cached result, or the fresh one at EOS */
    apr_off_t inject_at;        /* cached: badge offset, -1 = at the end */
    int may_badge;              /* the page may be changed at all */
    int top;                    /* GikReportBadge top: still holding everything */
    int injected;
    int headers_done;           /* Link/ETag/Content-Length settled */
    int done;                   /* EOS seen: ignore the rest */
    int linked;                 /* the badge links the companion (-1: no badge) */
    int wait_across_calls;      /* see pauses_signalled() */
    const char *page_uri;
    const char *version;
    const char *key;
} filter_ctx;

const char *gik_etag_suffix(apr_pool_t *p, const char *etag, const char *suffix)
{
    apr_size_t n = strlen(etag);

    /* '"abc"' -> '"abc-gik1234"'; W/ stays in front.  An ETag without the
     * closing quote is not ours to fix: leave it. */
    if (n < 2 || etag[n - 1] != '"') {
        return etag;
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, etag, n - 1), suffix, "\"", NULL);
}

static const char *etag_suffix_for(request_rec *r, const gik_dir_conf *conf)
{
    return apr_pstrcat(r->pool, "-gik", gik_conf_hash(r, conf), NULL);
}

static int is_type(const char *ctype, const char *want)
{
    apr_size_t n = strlen(want);
    return ctype && !strncasecmp(ctype, want, n)
           && (ctype[n] == '\0' || ctype[n] == ';' || apr_isspace(ctype[n]));
}

static const char *content_encoding(request_rec *r)
{
    /* as deflate_out_filter: mod_mime's AddEncoding lands in r->content_encoding */
    const char *enc = apr_table_get(r->headers_out, "Content-Encoding");

    if (!enc) {
        enc = apr_table_get(r->err_headers_out, "Content-Encoding");
    }
    if (!enc) {
        enc = r->content_encoding;
    }
    return (enc && strcasecmp(enc, "identity")) ? enc : NULL;
}

/* A PDF streams through unchanged (no badge in a PDF, see badge_possible)
 * while the parser keeps a copy to read at its end. */
int gik_unchecked_type(request_rec *r)
{
    return !is_type(r->content_type, "text/html") && !is_type(r->content_type, "text/plain")
           && !is_type(r->content_type, "application/pdf");
}

/* Why this response is not checked, or NULL to check it.  The same for
 * the output filter and the companion's sink. */
const char *gik_unchecked_reason(request_rec *r)
{
    const char *redirect_status = apr_table_get(r->subprocess_env, "REDIRECT_STATUS");

    if (r->status != HTTP_OK) {
        return "status";
    }
    if (r->prev && redirect_status && strcmp(redirect_status, "200")) {
        /* an ErrorDocument: never badge the error page for a failed report */
        return "errordocument";
    }
    if (apr_table_get(r->subprocess_env, "no-gikreport")) {
        return "env";
    }
    if (gik_unchecked_type(r)) {
        return "type";
    }
    if (content_encoding(r)) {
        /* compressed upstream: the bytes are not HTML.  SetOutputFilter
         * INFLATE;GIKREPORT checks such pages. */
        return "encoded";
    }
    if (apr_table_get(r->headers_out, "Content-Range")) {
        return "range";
    }
    return NULL;
}

static const char *skip_reason(request_rec *r)
{
    /* an SSI fragment is part of its parent page; a companion's page
     * subrequest is the sink's */
    return r->main ? "subrequest" : gik_unchecked_reason(r);
}

/* The badge can go into this page: HTML in an ASCII-compatible charset,
 * badges on, and no "Cache-Control: no-transform" from a backend. */
static int badge_possible(request_rec *r, const gik_dir_conf *conf)
{
    const char *cc = apr_table_get(r->headers_out, "Cache-Control");

    return gik_conf_badge(conf) != GIK_BADGE_OFF
           && is_type(r->content_type, "text/html")
           && !ap_strcasestr(r->content_type, "utf-16")
           && !(cc && ap_strcasestr(cc, "no-transform"));
}

/* Moves everything held before page offset upto downstream. */
static void release_to(filter_ctx *ctx, apr_off_t upto)
{
    apr_bucket *split, *e;

    if (upto >= ctx->seen) {
        /* all of it, a badge bucket and metadata included */
        APR_BRIGADE_CONCAT(ctx->out, ctx->hold);
        ctx->hold_off = ctx->seen;
        return;
    }
    if (upto <= ctx->hold_off) {
        return;
    }
    if (apr_brigade_partition(ctx->hold, upto - ctx->hold_off, &split) != APR_SUCCESS) {
        split = APR_BRIGADE_SENTINEL(ctx->hold);    /* hold is shorter: all of it */
        upto = ctx->seen;
    }
    while ((e = APR_BRIGADE_FIRST(ctx->hold)) != split) {
        APR_BUCKET_REMOVE(e);
        APR_BRIGADE_INSERT_TAIL(ctx->out, e);
    }
    ctx->hold_off = upto;
}

/* Inserts the badge at page offset at (or at the end when at is -1 or
 * already passed on). */
/* A file page about to be split for its badge is mapped first, whole: the
 * core maps every file bucket it sends (EnableMMAP), and the two halves of a
 * split file bucket would cost two mmap/munmap pairs where the static file
 * costs one; an mmap bucket splits without a system call.  Only what the
 * core itself would map: mmap allowed, at most APR_MMAP_LIMIT. */
static void map_before_split(apr_bucket_brigade *bb)
{
    apr_bucket *b;

    for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb); b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t len;
        if (APR_BUCKET_IS_FILE(b) && b->length <= APR_MMAP_LIMIT
            && ((const apr_bucket_file *)b->data)->can_mmap) {
            apr_bucket_read(b, &data, &len, APR_BLOCK_READ);    /* now an MMAP bucket */
        }
    }
}

static void insert_badge(request_rec *r, filter_ctx *ctx, const char *badge, apr_off_t at)
{
    /* A pool bucket: a cached badge lives in the child's L1 entry, held
     * until a cleanup of r->pool registered before this bucket's, which
     * therefore runs after it (a bucket still alive then copies first) */
    apr_bucket *b = apr_bucket_pool_create(badge, strlen(badge), r->pool,
                                           r->connection->bucket_alloc);
    apr_bucket *split;

    if (!ctx->scan) {
        map_before_split(ctx->hold);    /* a cached page: a file, untouched so far */
    }
    if (at >= ctx->hold_off
        && apr_brigade_partition(ctx->hold, at - ctx->hold_off, &split) == APR_SUCCESS) {
        APR_BUCKET_INSERT_BEFORE(split, b);
    }
    else {
        APR_BRIGADE_INSERT_TAIL(ctx->hold, b);
    }
    ctx->injected = 1;
    gik_count(GIK_CTR_BADGES);
}

/* From which page offset bytes must still be held. */
static apr_off_t keep_from(filter_ctx *ctx)
{
    apr_off_t last, pending, from;

    if (!ctx->scan || !ctx->may_badge) {
        return ctx->seen;
    }
    if (ctx->top) {
        if (ctx->seen - ctx->hold_off <= gik_conf_max_bytes(ctx->conf)) {
            return ctx->hold_off;
        }
        ctx->top = 0;   /* too big to hold: fall back to end */
    }
    if (!gik_scan_bodyend_known(ctx->scan)) {
        /* a scan by content, its hash not known yet: all of it is held
         * (no more than its copy, GIK_CONTENT_HOLD_MAX) until EOS, a FLUSH
         * or the bound, which catch the body-end scan up */
        return ctx->hold_off;
    }
    /* a placeholder holds the rest of the page, as top does, but through
     * a FLUSH too: the bytes before it (the site's header) go on, and the
     * operator who put it into the template chose to have the article wait
     * for its badge (README: the cost).  Too much of it, and the badge
     * falls back to </body>. */
    from = gik_bodyend_placeholder(ctx->scan->bodyend);
    if (from >= ctx->hold_off && ctx->seen - from <= gik_conf_max_bytes(ctx->conf)) {
        return from;
    }
    last = gik_bodyend_last(ctx->scan->bodyend);
    pending = gik_bodyend_pending(ctx->scan->bodyend);
    from = last >= 0 ? last : pending;
    if (from >= 0 && ctx->seen - from > HOLD_CAP) {
        from = pending;     /* give up on that </body>, keep only a new candidate */
    }
    return from >= 0 ? from : ctx->seen;
}

/* Whether the bytes held while the body-end scan waits for the content
 * hash may stay held from one call to the next: only when a pause of the
 * source reaches this filter.  mod_proxy_http sends a FLUSH when the backend
 * would block; a CGI's pipe gives EAGAIN here (and comes in one call).
 * mod_proxy_fcgi and mod_proxy_ajp (flushpackets off, their default) and
 * handlers inside the server (mod_php, mod_lua) pass what they have and
 * go on working, with nothing to say that they pause: held, a slow PHP
 * page's first bytes would wait for its last (the README: end streams). */
static int pauses_signalled(const request_rec *r)
{
    return r->proxyreq && r->filename && !strncmp(r->filename, "proxy:http", 10);
}

/* keep_from when bytes must go on now (a FLUSH, a slow backend): a body-end
 * scan that waited for the content hash catches up first. */
static apr_off_t keep_from_now(filter_ctx *ctx)
{
    if (ctx->scan) {
        gik_scan_bodyend_now(ctx->scan);
    }
    return keep_from(ctx);
}

/* What the response headers say about the page.  Set once, right before
 * the first bytes go downstream: even a FLUSH makes HTTP_HEADER send them. */
typedef enum {
    VERDICT_UNKNOWN = 0,    /* bytes must go before the parse has ended */
    VERDICT_BADGED,         /* a report, with a badge */
    VERDICT_REPORT,         /* a report, page unchanged (text/plain, badge off, UTF-16) */
    VERDICT_UNCHANGED       /* not a report: the page and its headers as they were */
} verdict;

static void set_headers(request_rec *r, filter_ctx *ctx, verdict v)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    const gik_dir_conf *conf = ctx->conf;

    ctx->headers_done = 1;
    if (v == VERDICT_UNCHANGED) {
        return;
    }
    if (gik_companions_served(r, conf)) {
        /* report pages; and pages that must stream before their verdict
         * is known: their companion exists either way.  A result cached
         * under the page's version keeps it (its key names the page and
         * the companion suffix). */
        const char *link = ctx->res.link;
        if (!link) {
            link = apr_pstrcat(r->pool, "<", gik_companion_uri(r, conf, ctx->page_uri, "json"),
                               ">; rel=\"alternate\"; type=\"application/json\"", NULL);
            if (!ctx->scan) {
                gik_cache_keep(r, ctx->key, GIK_KEEP_LINK, link);
            }
        }
        apr_table_mergen(r->headers_out, "Link", link);
    }
    if (v == VERDICT_REPORT || !ctx->may_badge) {
        return;
    }
    /* The page is, or may be, changed: no stale length or digest, and an
     * ETag distinct from the raw file's that is a function of the config
     * (gik_fixups strips it again from If-None-Match). */
    apr_table_unset(r->headers_out, "Content-MD5");
    if (etag) {
        apr_table_setn(r->headers_out, "ETag",
                       gik_etag_suffix(r->pool, etag, etag_suffix_for(r, conf)));
    }
    if (v == VERDICT_BADGED && !ctx->scan) {
        const char *cl = apr_table_get(r->headers_out, "Content-Length");
        apr_off_t len;
        char *end;
        /* a cached result: the new length is known */
        if (cl && apr_strtoff(&len, cl, &end, 10) == APR_SUCCESS && !*end
            && len == ctx->res.bytes) {
            ap_set_content_length(r, len + (apr_off_t)strlen(ctx->res.badge));
            return;
        }
    }
    /* unknown, or a fresh parse with the whole body in hand: then
     * ap_content_length_filter counts the badged body itself */
    apr_table_unset(r->headers_out, "Content-Length");
}

static verdict verdict_of(const filter_ctx *ctx, const gik_result *res)
{
    if (!res->is_report) {
        return VERDICT_UNCHANGED;
    }
    return (ctx->may_badge && res->badge) ? VERDICT_BADGED : VERDICT_REPORT;
}

/* A 304 carries the ETag the 200 would have: the badged one when the
 * client's validator was the badged one (gik_fixups noted it) or the
 * cache says the page is badged. */
static void not_modified(request_rec *r, const gik_dir_conf *conf)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    const char *key = gik_cache_key(r, conf, r->uri, gik_page_version(r));
    gik_result cached;
    int badged = apr_table_get(r->notes, "gikreport-etag") != NULL;

    if (!badged && key && gik_cache_get(r, key, -1, &cached)) {
        badged = cached.is_report && !cached.wide;
    }
    if (etag && badged) {
        apr_table_setn(r->headers_out, "ETag",
                       gik_etag_suffix(r->pool, etag, etag_suffix_for(r, conf)));
    }
}

/* A result from the cache, found under key: noted, registered, and its
 * badge rendered (once per child and result, then kept with it). */
static void take_cached(request_rec *r, filter_ctx *ctx, const char *key,
                        const gik_result *cached)
{
    gik_count(GIK_CTR_CACHE_HITS);
    gik_note_result(r, cached);
    gik_registry_update(r, ctx->page_uri, ctx->version, cached, NULL);
    ctx->res = *cached;
    if (ctx->may_badge && !ctx->res.badge) {
        ctx->res.badge = gik_result_badge(r, ctx->conf, ctx->page_uri, cached);
        gik_cache_keep(r, key, ctx->linked, ctx->res.badge);
    }
}

/* The first call: is this a response to check, and is its result known? */
static int first_call(ap_filter_t *f, const gik_dir_conf *conf)
{
    request_rec *r = f->r;
    filter_ctx *ctx;
    const char *reason = skip_reason(r);
    int may_badge = badge_possible(r, conf);
    gik_request_state *st = gik_request_state_of(r);
    gik_result cached;

    if (st->filter) {
        return 0;       /* inserted twice (GikReport On and SetOutputFilter) */
    }
    st->filter = f;

    if (r->status == HTTP_NOT_MODIFIED && !r->main
        && (may_badge || (!r->content_type && gik_conf_badge(conf) != GIK_BADGE_OFF))) {
        /* a proxied 304 need not say its Content-Type */
        not_modified(r, conf);
    }
    if (reason) {
        if (strcmp(reason, "subrequest")) {
            gik_note_skipped(r, reason);
        }
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "GIKREPORT: not checking (%s)", reason);
        return 0;
    }

    ctx = f->ctx = apr_pcalloc(r->pool, sizeof(*ctx));
    ctx->conf = conf;
    ctx->page_uri = r->uri;
    ctx->out = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->hold = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->may_badge = may_badge;
    ctx->inject_at = -1;
    ctx->version = gik_page_version(r);
    ctx->key = gik_cache_key(r, conf, ctx->page_uri, ctx->version);

    ctx->linked = may_badge ? gik_companions_served(r, conf) : -1;
    if (!ctx->key || !gik_cache_get(r, ctx->key, ctx->linked, &cached)) {
        if (!may_badge && apr_table_get(r->headers_in, "Range")
            && is_type(r->content_type, "application/pdf")) {
            /* ap_byterange_filter sends nothing before EOS, and reading a
             * PDF holds EOS for a child's run: a viewer's byte ranges are
             * not checked (the whole PDF is, on its next GET) */
            gik_note_skipped(r, "range");
            return 0;
        }
        ctx->scan = gik_scan_create(r, conf, ctx->page_uri);
        ctx->top = may_badge && gik_conf_badge(conf) == GIK_BADGE_TOP;
        if (gik_cache_enabled() && r->method_number == M_GET) {
            /* no version, or one this server has not seen (a farm's copy
             * with its own mtime): perhaps its bytes are known */
            gik_scan_by_content(ctx->scan);
            ctx->wait_across_calls = pauses_signalled(r);
        }
        return 1;
    }
    take_cached(r, ctx, ctx->key, &cached);
    set_headers(r, ctx, verdict_of(ctx, &ctx->res));
    if (!ctx->res.badge) {
        return 0;       /* the page goes as it is */
    }
    ctx->inject_at = (gik_conf_badge(conf) == GIK_BADGE_TOP && cached.body_start >= 0)
                     ? cached.body_start : cached.body_end;
    return 1;
}

/* At EOS: the verdict, the badge, everything held, then EOS. */
static void finish(request_rec *r, filter_ctx *ctx)
{
    gik_report *rep;
    gik_result cached;

    if (!ctx->scan) {
        if (!ctx->injected) {
            insert_badge(r, ctx, ctx->res.badge, -1);   /* page shorter than cached? */
        }
        return;
    }
    if (gik_scan_cached(ctx->scan, ctx->page_uri, ctx->linked, &cached)) {
        /* known by its bytes: no parse.  Under its version too, if it
         * has one, so that this server's next request needs no hash. */
        take_cached(r, ctx, ctx->scan->content_key, &cached);
        if (ctx->key) {
            gik_cache_put(r, ctx->key, &cached);
        }
    }
    else {
        rep = gik_scan_finish(ctx->scan, &ctx->res, ctx->page_uri, ctx->may_badge);
        gik_note_result(r, &ctx->res);
        gik_record(r, ctx->conf, ctx->page_uri, ctx->version, ctx->key, rep, &ctx->res,
                   ctx->scan);
    }
    if (!ctx->headers_done) {
        set_headers(r, ctx, verdict_of(ctx, &ctx->res));
    }
    if (ctx->may_badge && ctx->res.badge) {
        apr_off_t at = ctx->res.body_end;
        if (gik_conf_badge(ctx->conf) == GIK_BADGE_TOP && ctx->top
            && ctx->res.body_start >= 0) {
            at = ctx->res.body_start;
        }
        if (at >= 0 && at < ctx->hold_off) {
            /* the placeholder went on before the verdict (over the hold
             * limit, or a FLUSH): the held </body> it is */
            at = gik_bodyend_last(ctx->scan->bodyend);
        }
        insert_badge(r, ctx, ctx->res.badge, at);
    }
}

/* Sends what is ready.  The first time, the headers are settled: if the
 * parse has not ended by now, the verdict is unknown. */
static apr_status_t pass_out(ap_filter_t *f, filter_ctx *ctx)
{
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(ctx->out)) {
        return APR_SUCCESS;
    }
    if (!ctx->headers_done) {
        set_headers(f->r, ctx, VERDICT_UNKNOWN);
    }
    rv = ap_pass_brigade(f->next, ctx->out);
    apr_brigade_cleanup(ctx->out);
    return rv;
}

/* One data bucket: read it (unless a cached result makes that needless),
 * feed the copy, hold the bucket. */
static apr_status_t take_data(ap_filter_t *f, filter_ctx *ctx, apr_bucket *b)
{
    const char *data;
    apr_size_t len;
    apr_status_t rv;

    if (!ctx->scan && b->length != (apr_size_t)-1) {
        len = b->length;    /* a FILE bucket stays a FILE bucket */
    }
    else {
        rv = apr_bucket_read(b, &data, &len, APR_NONBLOCK_READ);
        if (APR_STATUS_IS_EAGAIN(rv)) {
            /* a slow CGI or backend: let the client have what there is */
            release_to(ctx, keep_from_now(ctx));
            APR_BRIGADE_INSERT_TAIL(ctx->out, apr_bucket_flush_create(f->c->bucket_alloc));
            if ((rv = pass_out(f, ctx)) != APR_SUCCESS) {
                return rv;
            }
            rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ);
        }
        if (rv != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, f->r, GIKLOGNO(00002)
                          "GIKREPORT: reading the response failed");
            return rv;
        }
        if (ctx->scan) {
            gik_scan_feed(ctx->scan, data, len);
        }
    }
    APR_BUCKET_REMOVE(b);
    APR_BRIGADE_INSERT_TAIL(ctx->hold, b);
    ctx->seen += (apr_off_t)len;
    gik_count_bytes((apr_off_t)len);

    if (!ctx->scan && !ctx->injected && ctx->inject_at >= 0 && ctx->inject_at < ctx->seen) {
        insert_badge(f->r, ctx, ctx->res.badge, ctx->inject_at);
    }
    return APR_SUCCESS;
}

static apr_status_t gik_output_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    filter_ctx *ctx = f->ctx;
    apr_bucket *b;
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    if (!ctx) {
        const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
        if (!first_call(f, conf)) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        ctx = f->ctx;
    }
    if (ctx->done) {
        apr_brigade_cleanup(bb);
        return APR_SUCCESS;
    }

    /* Nothing is passed before the end of this brigade (or a FLUSH, or
     * DECIDE_MAX bytes): a page that arrives in one brigade, as the default
     * handler sends a file, is parsed to the end before its headers go, so
     * they say exactly whether it is a report.  Nothing is kept past the
     * call for that, only the </body> tail. */
    while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
        if (APR_BUCKET_IS_EOS(b)) {
            APR_BUCKET_REMOVE(b);
            if (ctx->scan && ctx->scan->opts.input == GIK_INPUT_PDF) {
                /* a PDF is read only now, by a child that may take up to
                 * GikReportPdfLimits: its bytes (never changed) and its
                 * headers (the Link in case it is a report) go first,
                 * flushed (the core would keep a small file back for EOS) */
                release_to(ctx, ctx->seen);
                APR_BRIGADE_INSERT_TAIL(ctx->out,
                                        apr_bucket_flush_create(r->connection->bucket_alloc));
                if ((rv = pass_out(f, ctx)) != APR_SUCCESS) {
                    return rv;
                }
            }
            finish(r, ctx);
            release_to(ctx, ctx->seen);     /* everything, a badge included */
            APR_BRIGADE_INSERT_TAIL(ctx->out, b);
            ctx->done = 1;
            apr_brigade_cleanup(bb);
            return pass_out(f, ctx);
        }
        if (APR_BUCKET_IS_FLUSH(b)) {
            /* FLUSH: everything but the held tail goes on now.  In top mode a
             * FLUSH means the page streams, so holding it all would defeat
             * the FLUSH: the badge goes to the end position instead. */
            ctx->top = 0;
            release_to(ctx, keep_from_now(ctx));
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(ctx->out, b);
            if ((rv = pass_out(f, ctx)) != APR_SUCCESS) {
                return rv;
            }
            continue;
        }
        if (APR_BUCKET_IS_METADATA(b)) {
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(ctx->hold, b);   /* keeps its place among the bytes */
            continue;
        }
        if ((rv = take_data(f, ctx, b)) != APR_SUCCESS) {
            return rv;
        }
        release_to(ctx, keep_from(ctx));
        if (!ctx->headers_done && ctx->seen > DECIDE_MAX
            && (rv = pass_out(f, ctx)) != APR_SUCCESS) {
            return rv;
        }
    }

    if (ctx->scan && !ctx->wait_across_calls) {
        /* the source may pause now without a word (pauses_signalled) */
        release_to(ctx, keep_from_now(ctx));
    }
    /* What is held outlives this call: make it safe to keep. */
    for (b = APR_BRIGADE_FIRST(ctx->hold); b != APR_BRIGADE_SENTINEL(ctx->hold);
         b = APR_BUCKET_NEXT(b)) {
        if ((rv = apr_bucket_setaside(b, r->pool)) != APR_SUCCESS && rv != APR_ENOTIMPL) {
            return rv;
        }
    }
    return pass_out(f, ctx);
}

/* Runs before the handler (whatever inserted the filter): a transformed
 * page must not be served as a byte range of the original, so the Range
 * is dropped and the whole page sent.  Only for pages the badge may
 * change; text/plain keeps its ranges (the filter then skips the 206). */
static int strip_validators(request_rec *r, const gik_dir_conf *conf);

static int gik_filter_init(ap_filter_t *f)
{
    request_rec *r = f->r;
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);

    if (r->main) {
        return OK;
    }
    if (badge_possible(r, conf)) {
        apr_table_unset(r->headers_in, "Range");
        apr_table_unset(r->headers_in, "If-Range");
    }
    if (f->frec != gik_filter_handle) {
        /* Through mod_filter (AddOutputFilterByType, FilterProvider):
         * gik_fixups did not know we would run, so take our suffix off the
         * validators here, still before the handler compares them.  And
         * mod_filter passes only 200s to us: for a 304 to carry the badged
         * ETag (as the 200 did), GIKREPORT itself goes in too; first_call
         * keeps one of the two. */
        if (strip_validators(r, conf)) {
            ap_add_output_filter_handle(gik_filter_handle, NULL, r, r->connection);
        }
    }
    return OK;
}

void gik_filter_exclude(request_rec *r)
{
    gik_request_state_of(r)->filter = r;
}

/* GikReport On is the whole setup: add the filter to every main request in
 * the location; the filter's first call decides whether the response is
 * one to check (CGI and proxy types are only known then). */
static void gik_insert_filter(request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    ap_filter_t *f;

    if (!gik_conf_enabled(conf) || r->main || gik_companion_kind(r)) {
        return;
    }
    for (f = r->output_filters; f; f = f->next) {
        if (f->frec == gik_filter_handle) {
            return;     /* SetOutputFilter GIKREPORT already did */
        }
    }
    ap_add_output_filter_handle(gik_filter_handle, NULL, r, r->connection);
}

/* If-None-Match / If-Match carry our ETag; the handler compares with the
 * page's own.  Strip our suffix, but only the current one: a validator
 * from an earlier rules version must not match. */
static int strip_suffix(request_rec *r, const char *header, const char *suffix)
{
    const char *v = apr_table_get(r->headers_in, header);
    apr_size_t n = strlen(suffix);
    char *copy, *hit;

    if (!v || !ap_strstr_c(v, suffix)) {
        return 0;
    }
    copy = apr_pstrdup(r->pool, v);
    while ((hit = strstr(copy, suffix)) != NULL) {
        apr_size_t cut = n;
        /* mod_deflate/mod_brotli add theirs after ours ("-gikHASH-gzip");
         * httpd 2.4 does not strip those before the handler's check
         * (bz 45023), so take it off with ours */
        if (!strncmp(hit + n, "-gzip\"", 6)) {
            cut += 5;
        }
        else if (!strncmp(hit + n, "-br\"", 4)) {
            cut += 3;
        }
        memmove(hit, hit + cut, strlen(hit + cut) + 1);
    }
    apr_table_setn(r->headers_in, header, copy);
    return 1;
}

/* 1 when the client's validators named the badged page. */
static int strip_validators(request_rec *r, const gik_dir_conf *conf)
{
    const char *suffix = etag_suffix_for(r, conf);

    if (strip_suffix(r, "If-None-Match", suffix) | strip_suffix(r, "If-Match", suffix)) {
        /* the client has the badged page: a 304 must carry its ETag */
        apr_table_setn(r->notes, "gikreport-etag", "1");
        return 1;
    }
    return 0;
}

static int gik_fixups(request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);

    if (gik_active(r, conf) && !r->main && !gik_companion_kind(r)) {
        strip_validators(r, conf);
    }
    return DECLINED;
}

void gik_filter_register_hooks(apr_pool_t *p)
{
    /* AP_FTYPE_RESOURCE (10) + 1: after INCLUDES, SUBSTITUTE and INFLATE
     * (all RESOURCE or RESOURCE-1), so it sees the page as assembled; before
     * mod_security (CONTENT_SET-3 = 17), mod_expires, CACHE_SAVE
     * (CONTENT_SET+1) and DEFLATE (CONTENT_SET = 20), so a cache stores the
     * badged page and the badge is compressed with the rest.
     * CHANGE_LENGTH but not CHANGE: the ETag is ours to manage (mod_filter
     * would drop it). */
    gik_filter_handle = ap_register_output_filter_protocol("GIKREPORT", gik_output_filter,
                                                           gik_filter_init,
                                                           AP_FTYPE_RESOURCE + 1,
                                                           AP_FILTER_PROTO_CHANGE_LENGTH);
    /* before the handler's conditional checks see If-None-Match */
    ap_hook_fixups(gik_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    /* after core's SetOutputFilter, to see a GIKREPORT it already added */
    ap_hook_insert_filter(gik_insert_filter, NULL, NULL, APR_HOOK_LAST);
}
