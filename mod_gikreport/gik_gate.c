/*
 * gik_gate.c - the publication gate: GikReportGate On on a location that
 * takes uploads (mod_dav PUT, a CMS's POST).
 *
 * A handler that runs before mod_dav reads the whole request body, spools
 * it to a temporary file (memory stays bounded whatever the size) and
 * parses it as it goes.  A report with errors is answered 422 with its
 * JSON document, and mod_dav never runs: no half-written target file can
 * exist.  Anything else is replayed unchanged to whoever handles the
 * request next, through an input filter that serves the spooled file.
 */
#include <apr_file_io.h>
#include <http_protocol.h>
#include <http_request.h>

#include "mod_gikreport.h"

APLOG_USE_MODULE(gikreport);

#define GATE_READ_SIZE 8192

static ap_filter_rec_t *replay_handle;

typedef struct replay_ctx {
    apr_bucket_brigade *body;   /* the spooled body, then EOS */
} replay_ctx;

/* Serves the spooled body in place of the client's (already read) one. */
static apr_status_t replay_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                                  ap_input_mode_t mode, apr_read_type_e block,
                                  apr_off_t readbytes)
{
    replay_ctx *ctx = f->ctx;
    apr_bucket *e;
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(ctx->body)) {
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(f->c->bucket_alloc));
        return APR_SUCCESS;
    }
    switch (mode) {
    case AP_MODE_READBYTES:
        rv = apr_brigade_partition(ctx->body, readbytes, &e);
        if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
            return rv;
        }
        while (APR_BRIGADE_FIRST(ctx->body) != e) {
            apr_bucket *b = APR_BRIGADE_FIRST(ctx->body);
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(bb, b);
        }
        return APR_SUCCESS;
    case AP_MODE_GETLINE:
        return apr_brigade_split_line(bb, ctx->body, block, HUGE_STRING_LEN);
    default:
        return APR_ENOTIMPL;
    }
}

/* Reads the request body into fd, feeding sc on the way. */
static int spool_body(request_rec *r, gik_scan *sc, apr_file_t *fd, apr_off_t *total)
{
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_bucket *b;
    apr_status_t rv;
    int seen_eos = 0;

    *total = 0;
    while (!seen_eos) {
        rv = ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES, APR_BLOCK_READ,
                            GATE_READ_SIZE);
        if (rv != APR_SUCCESS) {
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        }
        while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
            const char *data;
            apr_size_t len;
            if (APR_BUCKET_IS_EOS(b)) {
                seen_eos = 1;
            }
            else if (!APR_BUCKET_IS_METADATA(b)) {
                if ((rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ)) != APR_SUCCESS
                    || (rv = apr_file_write_full(fd, data, len, NULL)) != APR_SUCCESS) {
                    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GIKLOGNO(00014)
                                  "GikReportGate: cannot spool the upload");
                    return HTTP_INTERNAL_SERVER_ERROR;
                }
                gik_scan_feed(sc, data, len);
                *total += (apr_off_t)len;
            }
            apr_bucket_delete(b);
        }
    }
    return OK;
}

int gik_gate_handler(request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    const char *tmpdir, *ctype_saved, *json;
    apr_file_t *fd;
    char *path;
    gik_scan *sc;
    gik_report *rep;
    gik_result res;
    replay_ctx *ctx;
    apr_off_t total;
    apr_status_t rv;
    int status;

    if (!GIK_CONF_ON(conf->gate) || r->main
        || (r->method_number != M_PUT && r->method_number != M_POST)
        || apr_table_get(r->notes, "gikreport-gate")) {
        return DECLINED;
    }
    apr_table_setn(r->notes, "gikreport-gate", "1");

    if ((rv = apr_temp_dir_get(&tmpdir, r->pool)) != APR_SUCCESS
        || (rv = apr_filepath_merge(&path, tmpdir, "gikgate.XXXXXX", 0, r->pool))
           != APR_SUCCESS
        || (rv = apr_file_mktemp(&fd, path, APR_FOPEN_CREATE | APR_FOPEN_READ
                                 | APR_FOPEN_WRITE | APR_FOPEN_EXCL | APR_FOPEN_BINARY
                                 | APR_FOPEN_DELONCLOSE, r->pool)) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GIKLOGNO(00015)
                      "GikReportGate: cannot create a temporary file");
        return HTTP_INTERNAL_SERVER_ERROR;
    }

    /* The upload's own Content-Type (its charset above all) describes the
     * body, not the type mod_mime guessed from the target's name. */
    ctype_saved = r->content_type;
    if (apr_table_get(r->headers_in, "Content-Type")) {
        r->content_type = apr_table_get(r->headers_in, "Content-Type");
    }
    sc = gik_scan_create(r, conf, r->uri);
    r->content_type = ctype_saved;

    if ((status = spool_body(r, sc, fd, &total)) != OK) {
        return status;
    }
    rep = gik_scan_finish(sc, &res, r->uri, 0);
    gik_note_result(r, &res);

    if (rep && res.is_report && res.errors > 0) {
        gik_count(GIK_CTR_GATE_REJECTS);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GIKLOGNO(00016)
                      "GikReportGate: %s refused: %d errors", r->uri, res.errors);
        json = gik_report_json(r->pool, rep);
        r->status = HTTP_UNPROCESSABLE_ENTITY;
        ap_set_content_type(r, "application/json; charset=utf-8");
        ap_set_content_length(r, json ? (apr_off_t)strlen(json) : 0);
        if (json && !r->header_only) {
            ap_rputs(json, r);
        }
        return OK;
    }

    ctx = apr_pcalloc(r->pool, sizeof(*ctx));
    ctx->body = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    if (total > 0) {
        apr_brigade_insert_file(ctx->body, fd, 0, total, r->pool);
    }
    APR_BRIGADE_INSERT_TAIL(ctx->body, apr_bucket_eos_create(r->connection->bucket_alloc));
    ap_add_input_filter_handle(replay_handle, ctx, r, r->connection);
    return DECLINED;
}

void gik_gate_register(void)
{
    /* RESOURCE: above every protocol filter, so handlers read the replay */
    replay_handle = ap_register_input_filter("GIKREPORT_REPLAY", replay_filter, NULL,
                                             AP_FTYPE_RESOURCE);
}
