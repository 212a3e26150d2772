/*
 * gik_companion.c - PAGE.gik.json, PAGE.gik.csv and PAGE.gik.html.
 *
 * A companion request is the page's request in disguise.  companion_map
 * (post_read_request, before anything else looks at the URI) takes the
 * suffix off the raw request path and makes the request one for the page,
 * remembering in a note which companion was asked for.  So every rule that
 * protects the page - Require of any kind, SetEnvIf Request_URI, rewrite
 * rules, <Location>, <Files>, .htaccess, a WAF - runs on the page's own URI
 * and refuses the companion exactly when it refuses the page, with the
 * page's status and its WWW-Authenticate.  The page's path is decoded once,
 * by httpd, like any request path.
 *
 * The handler then runs the page in a subrequest whose whole output chain
 * ends in a private terminal filter (the sink): nothing the page or any
 * internal redirect of it (per-directory rewrites, Action, a CGI's local
 * Location) produces can reach the client.  The sink parses a body only
 * when the output filter would check it (status 200, text/html or
 * text/plain, no Content-Encoding, GikReport On with companions where it
 * was produced) and only up to GikReportMaxBytes; everything else is
 * dropped unread, and the companion is 404.  The response is always a
 * document this file wrote.
 *
 * When the cache has the document for the page's current version, the page
 * is only looked up, never run.  The HTML view is rendered from the JSON
 * document (not from the core's model), so a cached companion needs no
 * parse either.
 */
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>
#include <jansson.h>

#include "mod_gikreport_private.h"
#include "gik_companion.h"
#include "gik_cache.h"
#include "gik_check.h"
#include "gik_config.h"
#include "gik_content.h"
#include "gik_filter.h"
#include "gik_status.h"
#include "gik_view.h"
#include "gik_emit.h"

#define NOTE_SUFFIX "gikreport-companion-suffix"
#define NOTE_PAGE   "gikreport-companion-page"  /* the page's raw path */
#define NOTE_SELF   "gikreport-companion-self"  /* the companion's raw path */
#define NOTE_UNMAPPED "gikreport-companion-unmapped"

static ap_filter_rec_t *sink_handle;

typedef struct sink_ctx {
    const gik_dir_conf *conf;
    gik_scan *scan;
    request_rec *page;  /* the request that produced the body (after redirects) */
    int first_done;
    int refused;        /* not a body the output filter would check */
} sink_ctx;

/* The parse has read GikReportMaxBytes + 1: the rest of the page is not read. */
static int sink_full(const sink_ctx *ctx)
{
    return ctx->scan->fed > ctx->scan->limit;
}

/* The first bytes: is this a body the output filter would check here? */
static void sink_first(sink_ctx *ctx, request_rec *pr)
{
    const gik_dir_conf *pconf = ap_get_module_config(pr->per_dir_config, &gikreport_module);

    ctx->first_done = 1;
    ctx->page = pr;
    if (gik_unchecked_reason(pr) || !gik_companions_served(pr, pconf)) {
        ctx->refused = 1;
        return;
    }
    ctx->scan = gik_scan_create(pr, ctx->conf, pr->uri);
    if (gik_cache_enabled() && pr->method_number == M_GET) {
        /* a page without a version may still be known by its bytes */
        gik_scan_by_content(ctx->scan);
    }
}

/* The end of the subrequest's output chain, and of every internal redirect
 * it makes: parses what the page sends, passes nothing on.  Past
 * GikReportMaxBytes, and for bodies that are not checked, buckets are
 * dropped unread (a FILE bucket is never read at all).  EOS may never come
 * (SUBREQ_CORE takes it): the parse ends when the subrequest returns. */
static apr_status_t sink_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    sink_ctx *ctx = f->ctx;
    apr_bucket *b;
    int eos = 0;

    while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
        eos |= APR_BUCKET_IS_EOS(b);
        if (!APR_BUCKET_IS_METADATA(b) && b->length != 0) {
            if (!ctx->first_done) {
                sink_first(ctx, f->r);
            }
            if (ctx->scan && ctx->scan->fed <= ctx->scan->limit) {
                const char *data;
                apr_size_t len;
                apr_status_t rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ);
                if (rv != APR_SUCCESS) {
                    apr_brigade_cleanup(bb);
                    return rv;
                }
                gik_scan_feed(ctx->scan, data, len);
            }
            else if (ctx->scan) {
                /* dropped unread: the hash would not be the page's */
                ctx->scan->content = NULL;
            }
        }
        apr_bucket_delete(b);
    }
    /* A handler that streams (mod_proxy, mod_proxy_fcgi) would go on
     * passing what its backend sends for as long as it sends, into a
     * filter that only drops it: a worker held without end for one small
     * request.  Once the parse has all it will take, the page is told that
     * its reader is gone, as a client that closed the connection would. */
    if (!eos && ctx->scan && sink_full(ctx)) {
        return APR_ECONNABORTED;
    }
    return APR_SUCCESS;
}

/* ---- the three companions ---------------------------------------------- */

typedef enum { DOC_JSON, DOC_CSV, DOC_HTML, DOC_KINDS } doc_kind;

typedef struct companion_kind {
    const char *ext;            /* PAGE<suffix>.<ext> */
    const char *type;           /* its Content-Type */
    char cached;                /* the cache's document it is made from: 'J'SON or 'C'SV
                                 * (the view is drawn from the JSON) */
} companion_kind;

static const companion_kind kinds[DOC_KINDS] = {
    [DOC_JSON] = { .ext = "json", .type = "application/json; charset=utf-8", .cached = 'J' },
    [DOC_CSV]  = { .ext = "csv",  .type = "text/csv; charset=utf-8",         .cached = 'C' },
    [DOC_HTML] = { .ext = "html", .type = "text/html; charset=utf-8",        .cached = 'J' },
};

/* The kind gik_companion_kind() names; DOC_KINDS when none. */
static doc_kind kind_of(const char *ext)
{
    doc_kind k;

    for (k = 0; ext && k < DOC_KINDS; k++) {
        if (!strcmp(ext, kinds[k].ext)) {
            return k;
        }
    }
    return DOC_KINDS;
}

/* "/a/b.html.gik.json" -> "/a/b.html" + "json", on the raw (still escaped)
 * path; NULL when it ends in no configured suffix. */
static const char *page_of(apr_pool_t *p, const char *path, const char **ext,
                           const char **suffix)
{
    const apr_array_header_t *sfx = gik_conf_suffixes();
    apr_size_t plen = strlen(path);
    doc_kind k;
    int j;

    for (j = 0; j < sfx->nelts; j++) {
        const char *sf = APR_ARRAY_IDX(sfx, j, const char *);
        apr_size_t slen = strlen(sf);
        for (k = 0; k < DOC_KINDS; k++) {
            apr_size_t tail = slen + 1 + strlen(kinds[k].ext);
            const char *t = path + plen - tail;
            if (plen > tail + 1 && !strncmp(t, sf, slen) && t[slen] == '.'
                && !strcmp(t + slen + 1, kinds[k].ext) && t[-1] != '/') {
                *ext = kinds[k].ext;
                *suffix = sf;
                return apr_pstrmemdup(p, path, (apr_size_t)(t - path));
            }
        }
    }
    return NULL;
}

/* post_read_request, first: PAGE<suffix>.EXT becomes a request for PAGE.
 * Also on internal redirects (httpd runs this hook for them too); never in
 * subrequests, so a page cannot make its companion's subrequest recurse. */
static int companion_map(request_rec *r)
{
    const char *path = r->parsed_uri.path, *ext, *suffix, *page;

    if (r->main || !path || path[0] != '/' || r->proxyreq
        || (r->prev && apr_table_get(r->prev->notes, NOTE_UNMAPPED))
        || !(page = page_of(r->pool, path, &ext, &suffix))) {
        return DECLINED;
    }
    apr_table_setn(r->notes, GIK_NOTE_COMPANION, ext);
    apr_table_setn(r->notes, NOTE_SUFFIX, suffix);
    apr_table_setn(r->notes, NOTE_PAGE, page);
    apr_table_setn(r->notes, NOTE_SELF, apr_pstrdup(r->pool, path));
    /* r->uri and parsed_uri.path are one buffer until httpd decodes it */
    r->parsed_uri.path = apr_pstrdup(r->pool, page);
    r->uri = r->parsed_uri.path;
    r->unparsed_uri = r->args ? apr_pstrcat(r->pool, page, "?", r->args, NULL)
                              : apr_pstrdup(r->pool, page);
    /* never stored by mod_cache under the page's URI */
    r->no_cache = 1;
    return DECLINED;
}

/* quick_handler, first: a companion request runs the usual phases itself,
 * so no other quick handler can answer it - mod_cache's would send the
 * page it has stored under the page's URI as the companion. */
static int companion_quick(request_rec *r, int lookup)
{
    int rv;

    if (lookup || !gik_companion_kind(r)) {
        return DECLINED;
    }
    rv = ap_process_request_internal(r);
    if (rv == OK) {
        rv = ap_invoke_handler(r);
    }
    return rv == DECLINED ? HTTP_INTERNAL_SERVER_ERROR : rv;
}

static int copy_header(void *to, const char *key, const char *val)
{
    apr_table_add(to, key, val);    /* copies both */
    return 1;
}

/* A subrequest's headers (WWW-Authenticate) into the companion's: copied,
 * since the subrequest's pool goes with it, before the response is sent. */
static void copy_headers(apr_table_t *to, const apr_table_t *from)
{
    apr_table_do(copy_header, to, from, NULL);
}

/* Rules written for the companion's own URI (<LocationMatch "\.gik\.">,
 * <Files "*.gik.json">) still apply: its access is looked up too.  The
 * page's rules ran on the request itself. */
static int self_refused(request_rec *r)
{
    request_rec *rs = ap_sub_req_lookup_uri(apr_table_get(r->notes, NOTE_SELF), r, NULL);
    int status = ap_is_HTTP_ERROR(rs->status) && rs->status != HTTP_NOT_FOUND ? rs->status : 0;

    if (status == HTTP_UNAUTHORIZED) {
        copy_headers(r->err_headers_out, rs->err_headers_out);
    }
    ap_destroy_sub_req(rs);
    return status;
}

/* The document goes to the client as this file wrote it: none of the
 * page's content filters (INCLUDES would run SSI directives found in a
 * JSON string, SUBSTITUTE would change verdicts, mod_cache would store it
 * under the page's URI).  Protocol filters and CONTENT_SET ones (DEFLATE,
 * mod_headers) stay. */
static void drop_content_filters(request_rec *r)
{
    ap_filter_t *f = r->output_filters, *next;

    for (; f && f != r->proto_output_filters; f = next) {
        next = f->next;
        if (f->frec->ftype < AP_FTYPE_CONTENT_SET || !strncasecmp(f->frec->name, "cache", 5)) {
            ap_remove_output_filter(f);
        }
    }
}

/* ---- the HTML view ------------------------------------------------------ */

/* The findings view is the core's (gik_emit_view.c): the same document
 * `gikreport check --view` writes, rendered from the JSON. */
static void send_view(request_rec *r, json_t *doc, const char *page_uri)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    const gik_view_links links = {
        .page = ap_escape_uri(r->pool, page_uri),
        .json = gik_companion_uri(r, conf, page_uri, kinds[DOC_JSON].ext),
        .csv = gik_companion_uri(r, conf, page_uri, kinds[DOC_CSV].ext),
    };

    ap_set_content_type(r, kinds[DOC_HTML].type);
    ap_rputs(gik_view_html(r->pool, doc, &links), r);
}

/* ---- the handler ---------------------------------------------------------- */

/* One companion request: the page's subrequest and what came of it. */
typedef struct companion_req {
    request_rec *r;
    const gik_dir_conf *conf;
    doc_kind kind;
    sink_ctx *ctx;
    ap_filter_t *sink;          /* the end of every output chain the page can reach */
    request_rec *rr;            /* the page's subrequest */
    request_rec *pr;            /* the request that answered (after internal redirects) */
    const char *doc;            /* JSON (also for the view) or CSV */
    int ran;                    /* the page ran: its document was not in the cache */
} companion_req;

static int send_doc(request_rec *r, doc_kind kind, const char *doc, const char *page_uri)
{
    json_error_t err;
    json_t *view;

    if (kind != DOC_HTML) {
        ap_set_content_type(r, kinds[kind].type);
        ap_rputs(doc, r);
        return OK;
    }
    view = json_loads(doc, 0, &err);
    if (!view) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GIKLOGNO(00012)
                      "companion of %s: unreadable JSON (%s)", page_uri, err.text);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    send_view(r, view, page_uri);
    json_decref(view);
    return OK;
}

/* The page's answer when it is not a body to check: its own 3xx with its
 * Location, its error status, or 404. */
static int page_refusal(request_rec *r, request_rec *pr, int run_status)
{
    int status = ap_is_HTTP_ERROR(run_status) ? run_status : pr->status;
    const char *loc = apr_table_get(pr->headers_out, "Location");

    if (!loc) {
        loc = apr_table_get(pr->err_headers_out, "Location");
    }
    if (ap_is_HTTP_REDIRECT(status) && loc) {
        apr_table_set(r->headers_out, "Location", loc);
        return status;
    }
    if (status == HTTP_UNAUTHORIZED) {
        copy_headers(r->err_headers_out, pr->err_headers_out);
    }
    return ap_is_HTTP_CLIENT_ERROR(status) && status != HTTP_BAD_REQUEST ? status
                                                                        : HTTP_NOT_FOUND;
}

/* The page's subrequest, looked up (access checks, 401/403/404) but not
 * yet run; OK, or the companion's answer (the subrequest destroyed). */
static int lookup_page(companion_req *cr)
{
    request_rec *r = cr->r, *rr;
    int status;

    cr->ctx = apr_pcalloc(r->pool, sizeof(*cr->ctx));
    cr->ctx->conf = cr->conf;
    cr->sink = apr_pcalloc(r->pool, sizeof(*cr->sink));
    cr->sink->frec = sink_handle;
    cr->sink->ctx = cr->ctx;
    cr->sink->c = r->connection;
    /* the raw path, decoded once by the lookup: what the client named */
    cr->rr = rr = ap_sub_req_lookup_uri(apr_table_get(r->notes, NOTE_PAGE), r, cr->sink);
    /* httpd gives a subrequest its parent's protocol filters, and an
     * internal redirect starts from those: the sink must be the end of
     * every chain the page can reach, or a redirected page would go to the
     * client under this request's headers */
    rr->proto_output_filters = cr->sink;
    /* the client's validators are the companion's, not the page's: the
     * page must answer 200 with its body, not 304 or a range */
    apr_table_unset(rr->headers_in, "If-Modified-Since");
    apr_table_unset(rr->headers_in, "If-Unmodified-Since");
    apr_table_unset(rr->headers_in, "If-None-Match");
    apr_table_unset(rr->headers_in, "If-Match");
    apr_table_unset(rr->headers_in, "If-Range");
    apr_table_unset(rr->headers_in, "Range");
    if (rr->status != HTTP_OK || rr->finfo.filetype == APR_DIR
        || (rr->finfo.filetype == APR_NOFILE && !rr->handler)) {
        status = page_refusal(r, rr, rr->status == HTTP_OK ? HTTP_NOT_FOUND : rr->status);
        ap_destroy_sub_req(rr);
        return status;
    }
    /* a static file of a type that is never checked costs no more than
     * the lookup */
    if (rr->finfo.filetype == APR_REG && (!rr->handler || !strcmp(rr->handler, "default-handler"))
        && gik_unchecked_type(rr)) {
        ap_destroy_sub_req(rr);
        return HTTP_NOT_FOUND;
    }
    return OK;
}

/* Runs the page into the sink; its document, or the refusal status. */
static int run_page(companion_req *cr)
{
    request_rec *r = cr->r, *pr;
    const gik_dir_conf *conf = cr->conf;
    sink_ctx *ctx = cr->ctx;
    gik_report *rep;
    gik_result res, cached;
    char cache_kind = kinds[cr->kind].cached;
    int status, have_cached;

    cr->ran = 1;
    cr->sink->r = cr->rr;   /* internal redirects move it on to their request */
    status = ap_run_sub_req(cr->rr);
    for (pr = cr->rr; pr->next; pr = pr->next) {
    }
    cr->pr = pr;
    /* a page stopped at the limit (the sink refused more) is read enough */
    if (!ctx->scan || (status != OK && !sink_full(ctx))) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GIKLOGNO(00013)
                      "companion of %s: page answered %d (%s)", pr->uri, pr->status,
                      ctx->refused ? "not checked there" : "no body");
        return page_refusal(r, pr, status);
    }
    have_cached = gik_scan_cached(ctx->scan, pr->uri, -1, &cached);
    if (have_cached
        && (cr->doc = gik_cache_get_doc(r, ctx->scan->content_key, cache_kind)) != NULL) {
        gik_count(GIK_CTR_CACHE_HITS);     /* known by its bytes: no parse */
        return OK;
    }
    if (!have_cached) {
        have_cached = gik_cache_get(pr, gik_cache_key(pr, conf, pr->uri, gik_page_version(pr)),
                                    -1, &cached);
    }
    rep = gik_scan_finish(ctx->scan, &res, pr->uri, 1);
    if (have_cached && cached.is_report == rep->is_report) {
        /* the badge of this page version says when it was checked (its
         * result is cached), and so does its companion */
        rep->checked_at = res.checked_at = cached.checked_at;
    }
    gik_record(pr, conf, pr->uri, gik_page_version(pr),
               gik_cache_key(pr, conf, pr->uri, gik_page_version(pr)), rep, &res, ctx->scan);
    cr->doc = cache_kind == 'C' ? gik_report_csv(r->pool, rep)
                                : gik_report_json_text(r->pool, rep, GIK_JSON_PRETTY);
    return cr->doc ? OK : HTTP_INTERNAL_SERVER_ERROR;
}

/* The document from the result cache when it has the page's current
 * version (the page is then only looked up, never run), else from a run. */
static int companion_doc(companion_req *cr)
{
    const char *key = gik_cache_key(cr->rr, cr->conf, cr->rr->uri, gik_page_version(cr->rr));

    cr->pr = cr->rr;
    cr->doc = key ? gik_cache_get_doc(cr->r, key, kinds[cr->kind].cached) : NULL;
    if (cr->doc) {
        gik_count(GIK_CTR_CACHE_HITS);
        return OK;
    }
    return run_page(cr);
}

/* A companion is no more cacheable than its page: the numbers of a page
 * that varies by Cookie or is private to one visitor (a CMS preview, a
 * logged-in view) must not be stored by a shared cache and handed to the
 * next visitor.  A page not run (its document came from the result cache)
 * told nothing: private, unless it is a static file. */
static void cache_as_page(request_rec *r, request_rec *pr, int ran)
{
    const char *v;

    if ((v = apr_table_get(pr->headers_out, "Vary")) != NULL
        || (v = apr_table_get(pr->err_headers_out, "Vary")) != NULL) {
        /* copied: the page's pool goes with its subrequest */
        apr_table_merge(r->headers_out, "Vary", v);
    }
    if ((v = apr_table_get(pr->headers_out, "Cache-Control")) != NULL
        || (v = apr_table_get(pr->err_headers_out, "Cache-Control")) != NULL) {
        apr_table_set(r->headers_out, "Cache-Control", v);
    }
    else if (!ran && !gik_serves_file(pr)) {
        apr_table_setn(r->headers_out, "Cache-Control", "private");
    }
}

/* CORS only where configured, and never for a page that asked for
 * credentials: a site reading it with the visitor's browser would read
 * what only the visitor may. */
static void set_cors(request_rec *r, const gik_dir_conf *conf)
{
    if (gik_conf_cors(conf) && !r->user && !ap_some_authn_required(r)
        && !apr_table_get(r->headers_in, "Authorization")) {
        apr_table_setn(r->headers_out, "Access-Control-Allow-Origin", "*");
    }
}

static void set_etag(request_rec *r, const gik_dir_conf *conf, request_rec *pr,
                     doc_kind kind)
{
    /* "-gikjson.HASH", not the page's "-gikHASH", which gik_fixups strips.
     * Weak: the body holds checked.at, so two parses of one page version
     * are equivalent, not byte-identical.  Derived from the page's ETag
     * and the config hash, so a new page or new rules change it. */
    const char *page_etag = apr_table_get(pr->headers_out, "ETag");

    if (!page_etag && pr->finfo.filetype == APR_REG) {
        page_etag = ap_make_etag(pr, 0);
    }
    if (page_etag) {
        const char *inner = page_etag + (strncmp(page_etag, "W/", 2) ? 0 : 2);
        apr_table_setn(r->headers_out, "ETag",
                       apr_psprintf(r->pool, "W/%s", gik_etag_suffix(r->pool, inner,
                           apr_pstrcat(r->pool, "-gik", kinds[kind].ext, ".",
                                       gik_conf_hash(r, conf), NULL))));
    }
}

static void set_companion_headers(const companion_req *cr)
{
    set_etag(cr->r, cr->conf, cr->pr, cr->kind);
    cache_as_page(cr->r, cr->pr, cr->ran);
    set_cors(cr->r, cr->conf);
    if (cr->kind == DOC_HTML) {
        /* the view runs nothing and loads nothing: whatever a page's text
         * could smuggle past the escaping has nothing to run with */
        apr_table_setn(cr->r->headers_out, "Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                       "form-action 'none'; frame-ancestors 'self'");
    }
}

static int companion_handler(request_rec *r)
{
    companion_req cr = {
        .r = r,
        .conf = ap_get_module_config(r->per_dir_config, &gikreport_module),
        .kind = kind_of(gik_companion_kind(r)),
    };
    int status;

    if (cr.kind == DOC_KINDS) {
        return DECLINED;
    }
    gik_filter_exclude(r);  /* the HTML view holds report tables: never badge it */
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    /* companions exist where the page's own location serves them, under
     * that location's suffix; elsewhere the URI is what it says (a file
     * that happens to be called x.gik.json), served as if never mapped */
    if (!gik_active(r, cr.conf) || !gik_conf_companion(cr.conf)
        || strcmp(gik_conf_suffix(cr.conf), apr_table_get(r->notes, NOTE_SUFFIX))) {
        apr_table_setn(r->notes, NOTE_UNMAPPED, "1");
        ap_internal_redirect(apr_pstrcat(r->pool, apr_table_get(r->notes, NOTE_SELF),
                                         r->args ? "?" : "", r->args, NULL), r);
        return OK;
    }
    if (r->args) {
        return HTTP_NOT_FOUND;  /* a page with a query string has none */
    }
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if ((status = self_refused(r)) != 0 || (status = lookup_page(&cr)) != OK) {
        return status;
    }
    if ((status = companion_doc(&cr)) != OK) {
        ap_destroy_sub_req(cr.rr);
        return status;
    }
    set_companion_headers(&cr);
    ap_destroy_sub_req(cr.rr);
    drop_content_filters(r);
    if ((status = ap_meets_conditions(r)) != OK) {
        return status;
    }
    if (r->header_only) {
        ap_set_content_type(r, kinds[cr.kind].type);
        return OK;
    }
    return send_doc(r, cr.kind, cr.doc, r->uri);
}

void gik_companion_register_hooks(apr_pool_t *p)
{
    /* never inserted into a chain by name: the handler builds the one
     * instance, as the terminal filter of its page subrequest */
    sink_handle = ap_register_output_filter("GIKREPORT_SINK", sink_filter, NULL,
                                            AP_FTYPE_PROTOCOL);
    /* first of all: every later hook (SetEnvIf, mod_rewrite, access
     * checks, WAFs) must see the page's URI, not its companion's; before
     * ModSecurity's phase 1 (REALLY_FIRST - 10) */
    ap_hook_post_read_request(companion_map, NULL, NULL, APR_HOOK_REALLY_FIRST - 20);
    ap_hook_quick_handler(companion_quick, NULL, NULL, APR_HOOK_REALLY_FIRST);
    /* before every other handler: a companion URI names no file another
     * handler could serve, and mod_proxy's handler (FIRST) would send a
     * proxied page itself, raw, as its companion; after the gate's */
    ap_hook_handler(companion_handler, NULL, NULL, APR_HOOK_REALLY_FIRST + 1);
}
