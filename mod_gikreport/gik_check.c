/*
 * gik_check.c - one check of one body, the same for the output filter, the
 * companion handler and the publication gate: set up the core's parser
 * from the request and the configuration, turn its report into the compact
 * gik_result the cache and the status page keep, and record it.
 */
#include <apr_lib.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_check.h"
#include "gik_cache.h"
#include "gik_config.h"
#include "gik_status.h"
#include "gik_emit.h"

/* "text/html; charset=GBK" -> "GBK" (quotes removed), or NULL. */
static const char *header_charset(apr_pool_t *p, const char *ctype)
{
    const char *cs = ctype ? ap_strcasestr(ctype, "charset=") : NULL;
    char *v, *end;

    if (!cs) {
        return NULL;
    }
    v = apr_pstrdup(p, cs + 8);
    if (*v == '"') {
        v++;
    }
    for (end = v; *end && *end != '"' && *end != ';' && !apr_isspace(*end); end++) {
    }
    *end = '\0';
    return *v ? v : NULL;
}

/* gik_options.previous_for: the parser asks once it knows the page's body
 * and year. */
static const gik_report *previous_for(void *baton, const char *org, int year)
{
    gik_scan *sc = baton;
    const gik_report *prev = gik_registry_previous(sc->r, org, year);
    sc->had_previous = prev != NULL;
    return prev;
}

gik_scan *gik_scan_create(request_rec *r, const gik_dir_conf *conf, const char *page_uri)
{
    gik_scan *sc = apr_pcalloc(r->pool, sizeof(*sc));
    gik_options opts;
    const char *ctype = r->content_type;

    /* the parser itself is made when it first has bytes to read: a page
     * found in the cache by its content never needs one */
    memset(&opts, 0, sizeof(opts));
    if (ctype && !strncasecmp(ctype, "text/plain", 10)) {
        opts.input = GIK_INPUT_TEXT;
    }
    else if (ctype && !strncasecmp(ctype, "text/html", 9)) {
        opts.input = GIK_INPUT_HTML;
    }
    else if (ctype && !strncasecmp(ctype, "application/pdf", 15)) {
        /* read whole at the end (the parser holds up to max_bytes) */
        opts.input = GIK_INPUT_PDF;
    }
    else {
        opts.input = GIK_INPUT_SNIFF;   /* uploads: whatever the client says */
    }
    /* AddDefaultCharset is applied by HTTP_HEADER, after every filter:
     * ask for the Content-Type the client will see */
    opts.header_charset = header_charset(r->pool, ctype ? ap_make_content_type(r, ctype) : NULL);
    opts.served = r->method_number == M_GET;    /* an upload is not served as it came */
    opts.default_charset = conf->default_charset;
    opts.max_bytes = gik_conf_max_bytes(conf);
    opts.rules = conf->rules;
    /* poppler never runs in httpd: a child of ours reads the PDF */
    opts.pdf_helper = gik_conf_pdf_helper(conf);
    opts.pdf_seconds = conf->pdf_seconds != GIK_UNSET ? conf->pdf_seconds : 0;
    opts.pdf_megabytes = conf->pdf_megabytes != GIK_UNSET ? conf->pdf_megabytes : 0;
    opts.pdf_max_running = gik_conf_pdf_max_children(conf);
    /* Last year's report is looked up once the parse knows whose report
     * this is and for which year. */
    opts.previous_for = previous_for;
    opts.previous_baton = sc;

    sc->r = r;
    sc->conf = conf;
    sc->opts = opts;
    sc->limit = opts.max_bytes;
    sc->bodyend = gik_bodyend_create(r->pool);
    sc->bodyend_live = 1;
    return sc;
}

static gik_parser *scan_parser(gik_scan *sc)
{
    if (!sc->parser) {
        sc->parser = gik_parser_create(sc->r->pool, &sc->opts);
    }
    return sc->parser;
}

/* One byte past the limit still goes to the parser, so that it knows the
 * page was longer and marks the report partial; the rest of the page is
 * not worth the CPU. */
static void parse_bytes(void *baton, const char *buf, apr_size_t len)
{
    gik_scan *sc = baton;

    if (sc->fed <= sc->limit) {
        apr_size_t n = len;
        if ((apr_off_t)n > sc->limit + 1 - sc->fed) {
            n = (apr_size_t)(sc->limit + 1 - sc->fed);
        }
        gik_parser_feed(scan_parser(sc), buf, n);
        sc->fed += (apr_off_t)n;
    }
}

/* The body-end scan waits with the parse: a hit at EOS takes the offsets
 * cached with the same bytes (the scan gives the same answer for the same
 * bytes), so only a miss, a FLUSH (bytes must go on: where may the badge
 * go?) or a page past the hold bound needs it, and then it reads the held
 * copy.  On a tag-dense CMS page it was most of a hit's cost. */
void gik_scan_by_content(gik_scan *sc)
{
    sc->content = gik_content_create(sc->r);
    if (sc->content && sc->opts.input == GIK_INPUT_PDF) {
        /* the PDF reader holds the bytes to EOS and reads them only then:
         * they go to it at once, a hit at EOS just never runs poppler */
        gik_content_hash_only(sc->content);
    }
    else if (sc->content) {
        sc->bodyend_live = 0;
    }
}

static void bodyend_bytes(void *baton, const char *buf, apr_size_t len)
{
    gik_bodyend_feed(baton, buf, len);
}

int gik_scan_bodyend_known(const gik_scan *sc)
{
    return sc->bodyend_live;
}

void gik_scan_bodyend_now(gik_scan *sc)
{
    if (!sc->bodyend_live) {
        /* while it waited every byte was kept (the first one that was not
         * ended the wait): the copy is the page so far */
        gik_content_each(sc->content, bodyend_bytes, sc->bodyend);
        sc->bodyend_live = 1;
    }
}

void gik_scan_feed(gik_scan *sc, const char *buf, apr_size_t len)
{
    if (sc->content && gik_content_feed(sc->content, buf, len)) {
        if (sc->bodyend_live) {
            gik_bodyend_feed(sc->bodyend, buf, len);
        }
        return;     /* kept aside until the end: the cache may know it */
    }
    gik_scan_bodyend_now(sc);
    gik_bodyend_feed(sc->bodyend, buf, len);
    if (sc->content && gik_content_holding(sc->content)) {
        /* past the bound: parse what was kept, then read on as it comes */
        gik_content_release(sc->content, parse_bytes, sc);
    }
    parse_bytes(sc, buf, len);
}

/* The offsets are this response's own when its scan ran (the same bytes
 * as the cached result's, so the same offsets); a hit whose scan waited
 * keeps the cached ones. */
static void take_offsets(gik_scan *sc, gik_result *res)
{
    if (!sc->bodyend_live) {
        return;
    }
    res->body_end = gik_bodyend_placeholder(sc->bodyend);
    res->body_start = res->body_end;
    if (res->body_end < 0) {
        res->body_end = gik_bodyend_last(sc->bodyend);
        res->body_start = gik_bodyend_body_start(sc->bodyend);
    }
    res->bytes = gik_bodyend_offset(sc->bodyend);
}

int gik_scan_cached(gik_scan *sc, const char *page_uri, int linked, gik_result *res)
{
    if (!sc->content) {
        return 0;
    }
    sc->content_key = gik_cache_key(sc->r, sc->conf, page_uri,
                                    gik_content_version(sc->content));
    if (!gik_content_whole(sc->content)
        || !gik_cache_get(sc->r, sc->content_key, linked, res)) {
        return 0;
    }
    take_offsets(sc, res);
    return 1;
}

/* The PDF child hit a limit or died: the admin wants to know which file
 * does that (a hostile upload, or limits too tight for real reports). */
static void log_pdf_child_stopped(request_rec *r, const gik_report *rep)
{
    int i;

    if (!rep->unreadable || (strcmp(rep->unreadable, "time") && strcmp(rep->unreadable, "memory")
                             && strcmp(rep->unreadable, "failed")
                             && !gik_report_read_later(rep))) {
        return;
    }
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, const gik_finding *);
        if (!strcmp(f->rule, "PDF-UNREADABLE")) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GIKLOGNO(00140)
                          "%s: PDF not read: %s", r->uri, f->message_en);
            return;
        }
    }
}

/* The badge's link to PAGE.gik.html, or NULL when companions are not served. */
static const char *badge_href(request_rec *r, const gik_dir_conf *conf,
                              const char *page_uri)
{
    /* never a link to a 404: GikReportCompanion Off, or activated through
     * mod_filter only (the companion handler cannot see that) */
    return gik_companions_served(r, conf) ? gik_companion_uri(r, conf, page_uri, "html")
                                          : NULL;
}

gik_report *gik_scan_finish(gik_scan *sc, gik_result *res, const char *page_uri,
                            int want_badge)
{
    request_rec *r = sc->r;
    gik_report *rep;
    gik_summary sum;

    if (sc->content) {
        gik_scan_bodyend_now(sc);                            /* a miss: scan, */
        gik_content_release(sc->content, parse_bytes, sc);  /* and parse now */
    }
    rep = gik_parser_finish(scan_parser(sc));
    memset(res, 0, sizeof(*res));
    /* a <!--gikreport--> placeholder wins over both positions: the CMS
     * template put it where the badge belongs */
    take_offsets(sc, res);
    gik_count(GIK_CTR_PARSES);
    log_pdf_child_stopped(r, rep);
    /* the name the cache and the registry know the page by */
    rep->uri = gik_page_uri(r, page_uri);
    rep->etag = apr_table_get(r->headers_out, "ETag");
    res->is_report = rep->is_report;
    res->partial = rep->partial;
    res->wide = rep->wide;
    res->checked_at = rep->checked_at;
    gik_report_summary(rep, &sum);
    res->status = sum.status;     /* "none" for a non-report */
    if (!rep->is_report) {
        return rep;
    }
    res->errors = sum.errors;
    res->warnings = sum.warnings;
    res->infos = sum.infos;
    res->organization = rep->organization;
    res->year = rep->year;
    res->has_carried_forward = gik_report_carried_forward(rep, res->carried_forward);
    if (want_badge && !res->wide) {
        res->badge = gik_report_badge(r->pool, rep, badge_href(r, sc->conf, page_uri),
                                      sc->conf->badge_template);
    }
    return rep;
}

const char *gik_result_badge(request_rec *r, const gik_dir_conf *conf,
                             const char *page_uri, const gik_result *res)
{
    const gik_badge_facts facts = {
        .errors = res->errors,
        .warnings = res->warnings,
        .infos = res->infos,
        .partial = res->partial,
        .organization = res->organization,
        .year = res->year,
        .checked_at = res->checked_at,
    };

    if (!res->is_report || res->wide) {
        return NULL;
    }
    return gik_badge_render(r->pool, &facts, badge_href(r, conf, page_uri),
                            conf->badge_template);
}

void gik_note_result(request_rec *r, const gik_result *res)
{
    apr_table_setn(r->notes, "gikreport",
                   res->note ? res->note : gik_result_note(r->pool, res));
}

#define GATE_NOTED "gikreport-gate-noted"

void gik_note_gate(request_rec *r, const char *note)
{
    apr_table_setn(r->notes, "gikreport", note);
    apr_table_setn(r->notes, GATE_NOTED, "1");
}

void gik_note_skipped(request_rec *r, const char *reason)
{
    if (apr_table_get(r->notes, GATE_NOTED)) {
        return;     /* the gate's verdict on the upload stays the request's */
    }
    apr_table_setn(r->notes, "gikreport", apr_pstrcat(r->pool, "skipped:", reason, NULL));
}

static int prev_year_missing(const gik_report *rep)
{
    int i;

    for (i = 0; rep->not_assessable && i < rep->not_assessable->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(rep->not_assessable, i, const char *), "PREV-YEAR")) {
            return 1;
        }
    }
    return 0;
}

void gik_record(request_rec *r, const gik_dir_conf *conf, const char *page_uri,
                const char *version, const char *key, const gik_report *rep,
                const gik_result *res, const gik_scan *sc)
{
    const char *json, *csv;
    int i;

    if (gik_report_read_later(rep)) {
        /* not read because other PDFs were: says nothing about this page,
         * so neither the status page nor the cache keeps it; the next
         * request reads it */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GIKLOGNO(00142)
                      "%s: PDF readers busy, result neither recorded nor cached", page_uri);
        return;
    }
    gik_registry_update(r, page_uri, version, res, rep);
    if (!key && !(sc && sc->content_key)) {
        return;
    }
    /* PREV-YEAR only runs when the previous year's report was known when the
     * parse began, and which organisation a page belongs to is only known
     * after its first parse.  Do not cache a result that the next parse
     * would improve: the registry now knows the page, the next request
     * parses again with the previous year, and that result is cached. */
    if (rep->is_report && !sc->had_previous && prev_year_missing(rep)
        && gik_registry_has_previous(r, res->organization, res->year)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GIKLOGNO(00001)
                      "%s: previous year now known, result not cached", page_uri);
        return;
    }
    json = gik_report_json_text(r->pool, rep, GIK_JSON_PRETTY);
    csv = gik_report_csv(r->pool, rep);
    /* under the page version and under its content: a farm server whose
     * copy has another mtime finds it by content, and then by version */
    for (i = 0; i < 2; i++) {
        const char *k = i ? (sc ? sc->content_key : NULL) : key;
        if (k && (!i || !key || memcmp(k, key, GIK_CACHE_KEY_LEN))) {
            gik_cache_put(r, k, res);
            gik_cache_put_doc(r, k, 'J', json);
            gik_cache_put_doc(r, k, 'C', csv);
        }
    }
}

const char *gik_companion_uri(request_rec *r, const gik_dir_conf *conf,
                              const char *page_uri, const char *ext)
{
    return ap_escape_uri(r->pool, apr_pstrcat(r->pool, gik_page_uri(r, page_uri),
                                              gik_conf_suffix(conf),
                                              ".", ext, NULL));
}

