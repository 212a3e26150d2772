/*
 * gik_companion.c - PAGE.gik.json, PAGE.gik.csv and PAGE.gik.html.
 *
 * The page is fetched through a subrequest, so whatever protects the page
 * (Require, Basic auth, <Files>) protects its companion too: a lookup
 * status of 401/403/404 is the companion's status.  The subrequest's
 * output goes into a sink filter that parses it and sends nothing on; the
 * page never reaches the client.  When the cache has the document for the
 * page's current version, the page is only looked up, never run.
 *
 * The HTML view is rendered from the JSON document (not from the core's
 * model), so a cached companion needs no parse either.
 */
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>

#include "mod_gikreport.h"
#include "gik_view.h"

APLOG_USE_MODULE(gikreport);

static ap_filter_rec_t *sink_handle;

typedef struct sink_ctx {
    const gik_dir_conf *conf;
    const char *page_uri;
    gik_scan *scan;
    gik_report *rep;
    gik_result res;
    const char *key;
    int status;         /* the page's status at the first call */
} sink_ctx;

/* Swallows the page: every byte to the parser, nothing downstream. */
static apr_status_t sink_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    sink_ctx *ctx = f->ctx;
    request_rec *rr = f->r;
    apr_bucket *b;

    if (!ctx->scan && !ctx->status) {
        const char *version;
        ctx->status = rr->status;
        if (rr->status == HTTP_OK) {
            version = gik_page_version(rr);
            ctx->key = gik_cache_key(rr, ctx->conf, ctx->page_uri, version);
            ctx->scan = gik_scan_create(rr, ctx->conf, ctx->page_uri);
        }
    }
    while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
        if (ctx->scan && !ctx->rep && APR_BUCKET_IS_EOS(b)) {
            ctx->rep = gik_scan_finish(ctx->scan, &ctx->res, ctx->page_uri, 1);
            if (ctx->rep) {
                gik_record(rr, ctx->conf, ctx->page_uri, gik_page_version(rr), ctx->key,
                           ctx->rep, &ctx->res, ctx->scan);
            }
        }
        else if (ctx->scan && !ctx->rep && !APR_BUCKET_IS_METADATA(b)) {
            const char *data;
            apr_size_t len;
            apr_status_t rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ);
            if (rv != APR_SUCCESS) {
                return rv;
            }
            gik_scan_feed(ctx->scan, data, len);
        }
        apr_bucket_delete(b);
    }
    return APR_SUCCESS;
}

/* ---- the HTML view ------------------------------------------------------ */

/* The findings view is the core's (gik_emit_view.c): the same document
 * `gikreport check --view` writes, rendered from the JSON. */
static void send_view(request_rec *r, json_t *doc, const char *page_uri)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    gik_view_links links;

    links.page = ap_escape_uri(r->pool, page_uri);
    links.json = gik_companion_uri(r, conf, page_uri, "json");
    links.csv = gik_companion_uri(r, conf, page_uri, "csv");
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_rputs(gik_view_html(r->pool, doc, &links), r);
}

/* ---- the handler ---------------------------------------------------------- */

/* "/a/b.html.gik.json" -> page "/a/b.html", ext "json"; NULL when r is
 * not a companion URI. */
static const char *page_of(request_rec *r, const gik_dir_conf *conf, const char **ext)
{
    static const char *const exts[] = {"json", "csv", "html", NULL};
    const char *suffix = gik_conf_suffix(conf);
    apr_size_t ulen = strlen(r->uri), slen = strlen(suffix);
    int i;

    for (i = 0; exts[i]; i++) {
        apr_size_t elen = strlen(exts[i]);
        const char *tail = r->uri + ulen - elen - 1 - slen;
        if (ulen > elen + 1 + slen + 1 && r->uri[ulen - elen - 1] == '.'
            && !strcmp(r->uri + ulen - elen, exts[i]) && !strncmp(tail, suffix, slen)) {
            *ext = exts[i];
            return apr_pstrmemdup(r->pool, r->uri, (apr_size_t)(tail - r->uri));
        }
    }
    return NULL;
}

static int send_doc(request_rec *r, const char *ext, const char *json, const char *csv,
                    const char *page_uri)
{
    if (!strcmp(ext, "json")) {
        ap_set_content_type(r, "application/json; charset=utf-8");
        ap_rputs(json, r);
    }
    else if (!strcmp(ext, "csv")) {
        ap_set_content_type(r, "text/csv; charset=utf-8");
        ap_rputs(csv, r);
    }
    else {
        json_error_t err;
        json_t *doc = json_loads(json, 0, &err);
        if (!doc) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GIKLOGNO(00012)
                          "companion of %s: unreadable JSON (%s)", page_uri, err.text);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        send_view(r, doc, page_uri);
        json_decref(doc);
    }
    return OK;
}

int gik_companion_handler(request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    const char *ext, *page_uri, *json = NULL, *csv = NULL, *page_etag, *key;
    request_rec *rr;
    sink_ctx *ctx;
    int status, want_csv;

    if (!gik_companions_served(r, conf) || r->main
        || !(page_uri = page_of(r, conf, &ext))) {
        return DECLINED;
    }
    gik_filter_exclude(r);  /* the HTML view holds report tables: never badge it */
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    rr = ap_sub_req_lookup_uri(page_uri, r, NULL);
    if (rr->status != HTTP_OK) {
        /* the page's own answer: 401 (with its WWW-Authenticate), 403, 404 */
        status = rr->status;
        apr_table_overlap(r->err_headers_out, rr->err_headers_out, APR_OVERLAP_TABLES_SET);
        ap_destroy_sub_req(rr);
        return status;
    }
    if (rr->finfo.filetype == APR_NOFILE && !rr->handler) {
        ap_destroy_sub_req(rr);
        return HTTP_NOT_FOUND;
    }
    if (rr->finfo.filetype == APR_DIR) {
        ap_destroy_sub_req(rr);
        return HTTP_NOT_FOUND;      /* the page is the index, named by its own URI */
    }

    apr_table_setn(r->headers_out, "Access-Control-Allow-Origin", "*");
    /* only the document this request sends: the HTML view is made from
     * the JSON */
    want_csv = !strcmp(ext, "csv");
    key = gik_cache_key(r, conf, page_uri, gik_page_version(rr));
    if (key && want_csv) {
        csv = gik_cache_get_doc(r, key, 'C');
    }
    else if (key) {
        json = gik_cache_get_doc(r, key, 'J');
    }
    if (!(want_csv ? csv : json)) {
        ctx = apr_pcalloc(r->pool, sizeof(*ctx));
        ctx->conf = conf;
        ctx->page_uri = page_uri;
        ap_add_output_filter_handle(sink_handle, ctx, rr, rr->connection);
        status = ap_run_sub_req(rr);
        if (ctx->status != HTTP_OK || !ctx->rep) {
            status = ctx->status ? ctx->status : (status != OK ? status : HTTP_NOT_FOUND);
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GIKLOGNO(00013)
                          "companion of %s: page answered %d", page_uri, status);
            ap_destroy_sub_req(rr);
            return status == HTTP_OK ? HTTP_INTERNAL_SERVER_ERROR : status;
        }
        if (want_csv) {
            csv = gik_report_csv(r->pool, ctx->rep);
        }
        else {
            json = gik_report_json(r->pool, ctx->rep);
        }
        if (!(want_csv ? csv : json)) {
            ap_destroy_sub_req(rr);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    else {
        gik_count(GIK_CTR_CACHE_HITS);
    }

    /* "-gikjson.HASH", not the page's "-gikHASH", which gik_fixups strips.
     * Weak: the body holds checked.at, so two parses of one page version
     * are equivalent, not byte-identical.  Derived from the page's ETag
     * and the config hash, so a new page or new rules change it. */
    page_etag = apr_table_get(rr->headers_out, "ETag");
    if (!page_etag && rr->finfo.filetype == APR_REG) {
        page_etag = ap_make_etag(rr, 0);
    }
    if (page_etag) {
        const char *inner = page_etag + (strncmp(page_etag, "W/", 2) ? 0 : 2);
        apr_table_setn(r->headers_out, "ETag",
                       apr_psprintf(r->pool, "W/%s", gik_etag_suffix(r->pool, inner,
                           apr_pstrcat(r->pool, "-gik", ext, ".",
                                       gik_conf_hash(r->pool, conf), NULL))));
    }
    ap_destroy_sub_req(rr);
    if ((status = ap_meets_conditions(r)) != OK) {
        return status;
    }
    if (r->header_only) {
        ap_set_content_type(r, !strcmp(ext, "json") ? "application/json; charset=utf-8"
                               : !strcmp(ext, "csv") ? "text/csv; charset=utf-8"
                               : "text/html; charset=utf-8");
        return OK;
    }
    return send_doc(r, ext, json, csv, page_uri);
}

void gik_companion_register(void)
{
    /* RESOURCE+1, where GIKREPORT would sit: after INCLUDES, before DEFLATE,
     * so it sees the page as a client would, minus content encoding. */
    sink_handle = ap_register_output_filter("GIKREPORT_SINK", sink_filter, NULL,
                                            AP_FTYPE_RESOURCE + 1);
}
