/*
 * gik_gate.c - the publication gate: GikReportGate On on a location that
 * takes uploads (mod_dav PUT, a CMS's POST).
 *
 * A handler that runs before mod_dav reads the whole request body (at
 * most GikReportMaxBytes: a longer one is 413, and no more reaches the
 * disk), spools it to a temporary file and parses it as it goes, as the
 * target will be served.  A report with errors is answered 422 with its
 * JSON document, and mod_dav never runs: no half-written target file can
 * exist.  Anything else is replayed unchanged to whoever handles the
 * request next, also after internal redirects, through an input filter
 * that serves the spooled file.  MOVE and COPY into a gated location are
 * checked by reading the source file; partial PUTs are refused.
 *
 * What it covers is raw file uploads.  A form post (urlencoded, JSON,
 * base64) carries the report in an encoding the gate does not read.
 */
#include <apr_file_io.h>
#include <apr_uri.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_gate.h"
#include "gik_check.h"
#include "gik_config.h"
#include "gik_status.h"
#include "gik_emit.h"

#define GATE_READ_SIZE 8192
#define REPLAY_KEY "gikreport-gate-replay"

static ap_filter_rec_t *replay_handle;
static ap_filter_rec_t *placed_handle;

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

/* A refusal's own word in the access log ("refused:WHY"; the output
 * filter would say skipped:status of the 4xx) and a line at notice: an
 * operator looks for refused uploads without raising the log level. */
static int refused(request_rec *r, int status, const char *word, const char *what)
{
    gik_note_gate(r, apr_pstrcat(r->pool, "refused:", word, NULL));
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, GIKLOGNO(00100)
                  "GikReportGate: %s %s refused (%s)", r->method, what, word);
    return status;
}

/* Reads the request body into fd, feeding sc on the way; 413 as soon as it
 * is longer than limit, so no more than that reaches the disk. */
static int spool_body(request_rec *r, gik_scan *sc, apr_file_t *fd, apr_off_t limit,
                      apr_off_t *total)
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
                if ((rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ)) != APR_SUCCESS) {
                    return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
                }
                *total += (apr_off_t)len;
                if (*total > limit) {
                    apr_brigade_cleanup(bb);
                    return refused(r, HTTP_REQUEST_ENTITY_TOO_LARGE, "too-large", r->uri);
                }
                if ((rv = apr_file_write_full(fd, data, len, NULL)) != APR_SUCCESS) {
                    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GIKLOGNO(00014)
                                  "GikReportGate: cannot spool the upload");
                    return HTTP_INTERNAL_SERVER_ERROR;
                }
                gik_scan_feed(sc, data, len);
            }
            apr_bucket_delete(b);
        }
    }
    return OK;
}

/* 422 with the report's JSON document: the file is not stored. */
static int refuse(request_rec *r, const char *what, const gik_report *rep,
                  const gik_result *res)
{
    const char *json = gik_report_json_text(r->pool, rep, GIK_JSON_PRETTY);

    gik_count(GIK_CTR_GATE_REJECTS);
    refused(r, HTTP_UNPROCESSABLE_ENTITY, apr_psprintf(r->pool, "%s errors=%d warnings=%d",
                                                       res->status, res->errors, res->warnings),
            what);
    r->status = HTTP_UNPROCESSABLE_ENTITY;
    ap_set_content_type(r, "application/json; charset=utf-8");
    ap_set_content_length(r, json ? (apr_off_t)strlen(json) : 0);
    if (json && !r->header_only) {
        ap_rputs(json, r);
    }
    return OK;
}

/* The body an earlier request of this chain read and checked: an internal
 * redirect (a front controller's RewriteRule, Action, ErrorDocument)
 * starts from the protocol's input filters, where the body is gone.  The
 * replay goes on the new request, and the gate does not run twice. */
static int replay_again(request_rec *r)
{
    void *ctx = NULL;

    if (!r->prev) {
        return 0;
    }
    apr_pool_userdata_get(&ctx, REPLAY_KEY, r->pool);   /* one pool for the chain */
    if (!ctx) {
        return 0;
    }
    ap_add_input_filter_handle(replay_handle, ctx, r, r->connection);
    return 1;
}

/* A file served with a Content-Encoding (AddEncoding gzip .gz) is checked
 * neither here (the bytes are compressed) nor by the output filter: a
 * report with errors would be published unchecked, and browsers show it.
 * A gate cannot let it through. */
static int served_encoded(request_rec *r, const request_rec *target)
{
    if (!target->content_encoding) {
        return 0;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GIKLOGNO(00043)
                  "GikReportGate: %s %s refused: %s would be served with Content-Encoding "
                  "%s, which is never checked", r->method, r->uri, target->uri,
                  target->content_encoding);
    return 1;
}

static int has_includes(const ap_filter_t *f)
{
    for (; f; f = f->next) {
        if (!strcasecmp(f->frec->name, "includes")) {
            return 1;
        }
    }
    return 0;
}

/* A file whose handler is not the default one is not served as stored: a
 * CGI serves what it prints, a type map another file; and a file that goes
 * through INCLUDES (SSI) serves what its includes pull in from anywhere.
 * Nothing the gate reads in it says what will be served: refused.  The
 * target's lookup shows its handler and mod_include's filter (AddHandler
 * server-parsed); AddOutputFilter INCLUDES only the PUT itself shows. */
static int served_otherwise(request_rec *r, const request_rec *target)
{
    const char *how = NULL;

    if (target->handler && strcmp(target->handler, "default-handler")) {
        how = target->handler;
    }
    else if (has_includes(target->output_filters) || has_includes(r->output_filters)) {
        how = "INCLUDES";
    }
    if (!how) {
        return 0;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GIKLOGNO(00044)
                  "GikReportGate: %s %s refused: %s would be served through %s, not as "
                  "stored", r->method, r->uri, target->uri, how);
    return 1;
}

/* The stored file's GET: its handler, as mod_mime gives it to the name
 * (mod_dav replaced the upload's own). */
static int put_served_otherwise(request_rec *r)
{
    request_rec *rr;
    int refused;

    if (r->method_number != M_PUT || !r->filename) {
        return 0;
    }
    rr = ap_sub_req_lookup_file(r->filename, r, NULL);
    refused = served_otherwise(r, rr);
    ap_destroy_sub_req(rr);
    return refused;
}

/* The upload's spool: a temporary file, deleted when r's pool closes it
 * (DELONCLOSE); NULL when none can be made, said in the log. */
static apr_file_t *open_spool(request_rec *r)
{
    const char *tmpdir;
    char *path;
    apr_file_t *fd;
    apr_status_t rv;

    if ((rv = apr_temp_dir_get(&tmpdir, r->pool)) != APR_SUCCESS
        || (rv = apr_filepath_merge(&path, tmpdir, "gikgate.XXXXXX", 0, r->pool))
           != APR_SUCCESS
        || (rv = apr_file_mktemp(&fd, path, APR_FOPEN_CREATE | APR_FOPEN_READ
                                 | APR_FOPEN_WRITE | APR_FOPEN_EXCL | APR_FOPEN_BINARY
                                 | APR_FOPEN_DELONCLOSE, r->pool)) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GIKLOGNO(00015)
                      "GikReportGate: cannot create a temporary file");
        return NULL;
    }
    return fd;
}

/* The upload as the target will be served: the type mod_mime gives the
 * target's name, the charset from AddDefaultCharset, a BOM, <meta> or
 * GikReportDefaultCharset.  The client's Content-Type says nothing about
 * how the stored file will be read, so it is not asked. */
static int gate_upload(request_rec *r, const gik_dir_conf *conf)
{
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_off_t limit = gik_conf_max_bytes(conf), total, n;
    apr_file_t *fd;
    char *end;
    gik_scan *sc;
    gik_report *rep;
    gik_result res;
    replay_ctx *ctx;
    int status;

    if (r->method_number == M_PUT && apr_table_get(r->headers_in, "Content-Range")) {
        /* a partial PUT would store a file the gate never saw whole
         * (RFC 9110 14.5: 400 where partial PUT is not supported) */
        return refused(r, HTTP_BAD_REQUEST, "partial-put", r->uri);
    }
    if (r->method_number == M_PUT && (served_encoded(r, r) || put_served_otherwise(r))) {
        return refused(r, HTTP_UNSUPPORTED_MEDIA_TYPE, "not-checkable", r->uri);
    }
    if (cl && apr_strtoff(&n, cl, &end, 10) == APR_SUCCESS && n > limit) {
        /* before a byte is read */
        return refused(r, HTTP_REQUEST_ENTITY_TOO_LARGE, "too-large", r->uri);
    }
    if ((fd = open_spool(r)) == NULL) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    sc = gik_scan_create(r, conf, r->uri);
    if ((status = spool_body(r, sc, fd, limit, &total)) != OK) {
        return status;
    }
    rep = gik_scan_finish(sc, &res, r->uri, 0);
    if (gik_report_read_later(rep)) {
        /* not checked because other PDFs were being read: not stored
         * unchecked either; the publisher's client may try again */
        apr_table_setn(r->err_headers_out, "Retry-After", "10");
        return refused(r, HTTP_SERVICE_UNAVAILABLE, "busy", r->uri);
    }
    gik_note_result(r, &res);
    /* the upload's verdict is the request's: the 201 is not "skipped" */
    gik_note_gate(r, apr_table_get(r->notes, "gikreport"));
    if (res.is_report && res.errors > 0) {
        return refuse(r, r->uri, rep, &res);
    }

    ctx = apr_pcalloc(r->pool, sizeof(*ctx));
    ctx->body = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    if (total > 0) {
        apr_brigade_insert_file(ctx->body, fd, 0, total, r->pool);
    }
    APR_BRIGADE_INSERT_TAIL(ctx->body, apr_bucket_eos_create(r->connection->bucket_alloc));
    ap_add_input_filter_handle(replay_handle, ctx, r, r->connection);
    apr_pool_userdata_setn(ctx, REPLAY_KEY, NULL, r->pool);
    return DECLINED;
}

/* Feeds the file at fname (at most limit + 1 bytes) to sc. */
static apr_status_t scan_file(request_rec *r, const char *fname, gik_scan *sc, apr_off_t limit)
{
    char buf[GATE_READ_SIZE];
    apr_file_t *fd = NULL;
    apr_size_t len;
    apr_off_t done = 0;
    apr_status_t rv = apr_file_open(&fd, fname, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, r->pool);

    while (rv == APR_SUCCESS && done <= limit) {
        len = sizeof(buf);
        if ((rv = apr_file_read(fd, buf, &len)) == APR_SUCCESS) {
            gik_scan_feed(sc, buf, len);
            done += (apr_off_t)len;
        }
    }
    if (fd) {
        apr_file_close(fd);
    }
    return APR_STATUS_IS_EOF(rv) || done > limit ? APR_SUCCESS : rv;
}

/* The file fname, checked as rd will serve it: 0 when it may be
 * published; 422 with the failing report in *rep and *res; 413 or 500. */
static int check_placed(request_rec *r, request_rec *rd, const char *fname, apr_off_t size,
                        gik_report **rep, gik_result *res)
{
    const gik_dir_conf *dconf = ap_get_module_config(rd->per_dir_config, &gikreport_module);
    gik_scan *sc;

    if (served_encoded(r, rd) || served_otherwise(r, rd)) {
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    if (size > gik_conf_max_bytes(dconf)) {
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    sc = gik_scan_create(rd, dconf, rd->uri);
    if (scan_file(r, fname, sc, gik_conf_max_bytes(dconf)) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    *rep = gik_scan_finish(sc, res, rd->uri, 0);
    return res->is_report && res->errors > 0 ? HTTP_UNPROCESSABLE_ENTITY : 0;
}

/* After mod_dav placed the file.  Its source was checked before, but may
 * have been replaced between that check and mod_dav's copy (a PUT to the
 * ungated source racing the COPY).  The placed file is checked again as
 * mod_dav's answer goes out; a failing one is removed and the answer
 * becomes the gate's 422. */
static apr_status_t placed_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r, *rd;
    gik_report *rep = NULL;
    gik_result res;
    apr_finfo_t fi;
    const char *json;
    int status = 0;

    ap_remove_output_filter(f);
    if (r->status != HTTP_CREATED && r->status != HTTP_NO_CONTENT) {
        return ap_pass_brigade(f->next, bb);
    }
    rd = ap_sub_req_lookup_uri(f->ctx, r, NULL);
    if (rd->filename && apr_stat(&fi, rd->filename, APR_FINFO_SIZE | APR_FINFO_TYPE, r->pool)
                            == APR_SUCCESS && fi.filetype == APR_REG) {
        status = check_placed(r, rd, rd->filename, fi.size, &rep, &res);
    }
    if (status) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GIKLOGNO(00042)
                      "GikReportGate: %s %s: the file placed at %s fails the check its "
                      "source passed (changed meanwhile); removed", r->method, r->uri,
                      rd->uri);
        apr_file_remove(rd->filename, r->pool);
        gik_count(GIK_CTR_GATE_REJECTS);
        apr_brigade_cleanup(bb);
        apr_table_unset(r->headers_out, "Location");
        r->status = status;
        json = status == HTTP_UNPROCESSABLE_ENTITY ? gik_report_json_text(r->pool, rep, GIK_JSON_PRETTY) : NULL;
        if (json) {
            ap_set_content_type(r, "application/json; charset=utf-8");
            apr_brigade_write(bb, NULL, NULL, json, strlen(json));
        }
        ap_set_content_length(r, json ? (apr_off_t)strlen(json) : 0);
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(f->c->bucket_alloc));
    }
    ap_destroy_sub_req(rd);
    return ap_pass_brigade(f->next, bb);
}

/* mod_dav answers 204 (an overwrite) as an error response, which starts
 * the output chain anew: the check goes on it again. */
static void placed_again(request_rec *r)
{
    const char *dest = apr_table_get(r->notes, "gikreport-gate-placed");

    if (dest) {
        ap_add_output_filter_handle(placed_handle, (void *)dest, r, r->connection);
    }
}

/* WebDAV MOVE and COPY place a file at their Destination: when that lies
 * in a gated location, the source file is checked as it will be served
 * there (the destination's type, charset and rules), whatever the source's
 * own location says. */
static int gate_placement(request_rec *r)
{
    const char *dest = apr_table_get(r->headers_in, "Destination");
    const gik_dir_conf *dconf;
    apr_uri_t uri;
    request_rec *rd;
    gik_report *rep = NULL;
    gik_result res;
    int status = DECLINED;

    if (!dest || apr_uri_parse(r->pool, dest, &uri) != APR_SUCCESS || !uri.path) {
        return DECLINED;    /* mod_dav answers a bad Destination */
    }
    rd = ap_sub_req_lookup_uri(uri.path, r, NULL);
    dconf = ap_get_module_config(rd->per_dir_config, &gikreport_module);
    if (rd->status != HTTP_OK || !gik_conf_gate(dconf)) {
        ap_destroy_sub_req(rd);
        return DECLINED;    /* not gated, or mod_dav refuses it anyway */
    }
    if (r->finfo.filetype == APR_DIR) {
        /* a collection would place files the gate cannot see one by one */
        status = refused(r, HTTP_FORBIDDEN, "collection",
                         apr_pstrcat(r->pool, r->uri, " -> ", rd->uri, NULL));
    }
    else if (r->finfo.filetype == APR_REG) {
        status = check_placed(r, rd, r->filename, r->finfo.size, &rep, &res);
        if (status == HTTP_UNPROCESSABLE_ENTITY) {
            status = refuse(r, apr_pstrcat(r->pool, r->uri, " -> ", rd->uri, NULL), rep, &res);
        }
        else if (status == HTTP_REQUEST_ENTITY_TOO_LARGE || status == HTTP_UNSUPPORTED_MEDIA_TYPE) {
            status = refused(r, status, status == HTTP_UNSUPPORTED_MEDIA_TYPE
                                        ? "not-checkable" : "too-large",
                             apr_pstrcat(r->pool, r->uri, " -> ", rd->uri, NULL));
        }
        else if (!status) {
            /* checked again once placed: the source may change meanwhile */
            const char *d = apr_pstrdup(r->pool, uri.path);
            apr_table_setn(r->notes, "gikreport-gate-placed", d);
            ap_add_output_filter_handle(placed_handle, (void *)d, r, r->connection);
            status = DECLINED;
        }
    }
    ap_destroy_sub_req(rd);
    return status;
}

static int gate_handler(request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);

    if (r->main || apr_table_get(r->notes, "gikreport-gate")) {
        return DECLINED;
    }
    if (replay_again(r)) {
        return DECLINED;
    }
    if (r->method_number == M_MOVE || r->method_number == M_COPY) {
        apr_table_setn(r->notes, "gikreport-gate", "1");
        return gate_placement(r);
    }
    if (!gik_conf_gate(conf)
        || (r->method_number != M_PUT && r->method_number != M_POST)) {
        return DECLINED;
    }
    apr_table_setn(r->notes, "gikreport-gate", "1");
    return gate_upload(r, conf);
}

void gik_gate_register_hooks(apr_pool_t *p)
{
    /* RESOURCE: above every protocol filter, so handlers read the replay */
    replay_handle = ap_register_input_filter("GIKREPORT_REPLAY", replay_filter, NULL,
                                             AP_FTYPE_RESOURCE);
    placed_handle = ap_register_output_filter("GIKREPORT_PLACED", placed_filter, NULL,
                                              AP_FTYPE_CONTENT_SET);
    ap_hook_insert_error_filter(placed_again, NULL, NULL, APR_HOOK_MIDDLE);
    /* before every other handler: the upload must be read before mod_dav,
     * a CGI or mod_proxy (whose handler is FIRST) takes it */
    ap_hook_handler(gate_handler, NULL, NULL, APR_HOOK_REALLY_FIRST);
}
