/*
 * gik_check.c - one check of one body, the same for the output filter, the
 * companion handler and the publication gate: set up the core's parser
 * from the request and the configuration, turn its report into the compact
 * gik_result the cache and the status page keep, and record it.
 */
#include <apr_lib.h>
#include <http_protocol.h>
#include <http_request.h>

#include "mod_gikreport.h"

APLOG_USE_MODULE(gikreport);

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
    opts.default_charset = conf->default_charset;
    opts.max_bytes = gik_conf_max_bytes(conf);
    opts.rules = conf->rules;
    /* Last year's report is looked up once the parse knows whose report
     * this is and for which year. */
    opts.previous_for = previous_for;
    opts.previous_baton = sc;

    sc->r = r;
    sc->conf = conf;
    sc->limit = opts.max_bytes;
    sc->parser = gik_parser_create(r->pool, &opts);
    sc->bodyend = gik_bodyend_create(r->pool);
    return sc;
}

void gik_scan_feed(gik_scan *sc, const char *buf, apr_size_t len)
{
    /* One byte past the limit still goes to the parser, so that it knows
     * the page was longer and marks the report partial; the rest of the
     * page is not worth the CPU. */
    if (sc->fed <= sc->limit) {
        apr_size_t n = len;
        if ((apr_off_t)n > sc->limit + 1 - sc->fed) {
            n = (apr_size_t)(sc->limit + 1 - sc->fed);
        }
        gik_parser_feed(sc->parser, buf, n);
        sc->fed += (apr_off_t)n;
    }
    gik_bodyend_feed(sc->bodyend, buf, len);
}

static void keep_carried_forward(const gik_report *rep, gik_result *res)
{
    const gik_table *b = &rep->tables[GIK_TABLE_B];
    int row, col;

    if (!rep->format || !b->present || !b->cells || b->tmpl->ncols != GIK_B_COLUMNS) {
        return;
    }
    row = gik_table_row_index(b, "carried_forward");
    if (row < 0) {
        return;
    }
    for (col = 0; col < GIK_B_COLUMNS; col++) {
        const gik_cell *cell = GIK_CELL(b, row, col);
        if (cell->state != GIK_CELL_OK && cell->state != GIK_CELL_BLANK) {
            return;     /* a partial row would make PREV-YEAR guess */
        }
        res->carried_forward[col] = cell->value;
    }
    res->has_carried_forward = 1;
}

gik_report *gik_scan_finish(gik_scan *sc, gik_result *res, const char *page_uri,
                            int want_badge)
{
    request_rec *r = sc->r;
    gik_report *rep = gik_parser_finish(sc->parser);
    gik_summary sum;

    memset(res, 0, sizeof(*res));
    res->body_end = gik_bodyend_last(sc->bodyend);
    res->body_start = gik_bodyend_body_start(sc->bodyend);
    res->bytes = gik_bodyend_offset(sc->bodyend);
    gik_count(GIK_CTR_PARSES);
    if (!rep) {
        return NULL;    /* the core gave up: treated as "not a report" */
    }
    rep->uri = page_uri;
    rep->etag = apr_table_get(r->headers_out, "ETag");
    res->is_report = rep->is_report;
    res->partial = rep->partial;
    res->wide = rep->charset && ap_strcasestr(rep->charset, "UTF-16") != NULL;
    res->checked_at = rep->checked_at;
    if (!rep->is_report) {
        return rep;
    }
    gik_report_summary(rep, &sum);
    res->status = sum.status;
    res->errors = sum.errors;
    res->warnings = sum.warnings;
    res->infos = sum.infos;
    res->organization = rep->organization;
    res->year = rep->year;
    keep_carried_forward(rep, res);
    if (want_badge && !res->wide) {
        res->badge = gik_report_badge(r->pool, rep, gik_badge_href(r, sc->conf, page_uri),
                                      sc->conf->badge_template);
    }
    return rep;
}

const char *gik_result_badge(request_rec *r, const gik_dir_conf *conf,
                             const char *page_uri, const gik_result *res)
{
    gik_report *rep;
    int i;

    if (!res->is_report || res->wide) {
        return NULL;
    }
    rep = gik_report_create(r->pool);
    rep->is_report = 1;
    rep->organization = res->organization;
    rep->year = res->year;
    rep->partial = res->partial;
    rep->checked_at = res->checked_at;
    /* the badge counts findings by severity; stand-ins carry the counts */
    for (i = 0; i < res->errors; i++) {
        gik_finding_add(rep, "cached", GIK_SEV_ERROR);
    }
    for (i = 0; i < res->warnings; i++) {
        gik_finding_add(rep, "cached", GIK_SEV_WARNING);
    }
    for (i = 0; i < res->infos; i++) {
        gik_finding_add(rep, "cached", GIK_SEV_INFO);
    }
    return gik_report_badge(r->pool, rep, gik_badge_href(r, conf, page_uri),
                            conf->badge_template);
}

int gik_companions_served(request_rec *r, const gik_dir_conf *conf)
{
    return gik_active(r, conf) && gik_conf_companion(conf);
}

const char *gik_badge_href(request_rec *r, const gik_dir_conf *conf, const char *page_uri)
{
    /* never a link to a 404: GikReportCompanion Off, or activated through
     * mod_filter only (the companion handler cannot see that) */
    return gik_companions_served(r, conf) ? gik_companion_uri(r, conf, page_uri, "html")
                                          : NULL;
}

void gik_note_result(request_rec *r, const gik_result *res)
{
    const char *note;

    if (res->is_report) {
        /* exactly CONTRACTS.md's form: log parsers match it */
        note = apr_psprintf(r->pool, "%s errors=%d warnings=%d", res->status,
                            res->errors, res->warnings);
    }
    else {
        note = "not-report";
    }
    if (res->cached) {
        note = apr_pstrcat(r->pool, note, " cached", NULL);
    }
    apr_table_setn(r->notes, "gikreport", note);
}

void gik_note_skipped(request_rec *r, const char *reason)
{
    apr_table_setn(r->notes, "gikreport", apr_pstrcat(r->pool, "skipped:", reason, NULL));
}

const char *gik_report_json(apr_pool_t *p, const gik_report *rep)
{
    /* the same flags as `gikreport check --json`, so the two agree byte for
     * byte apart from source and checked.at */
    char *doc = gik_report_json_string(p, rep, JSON_INDENT(2) | GIK_JSON_DUMP_FLAGS);
    apr_size_t n = doc ? strlen(doc) : 0;

    if (!doc) {
        return NULL;
    }
    return (n && doc[n - 1] == '\n') ? doc : apr_pstrcat(p, doc, "\n", NULL);
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
    gik_registry_update(r, page_uri, version, res);
    if (!key || !rep) {
        return;
    }
    /* PREV-YEAR only runs when the previous year's report was known when the
     * parse began, and which organisation a page belongs to is only known
     * after its first parse.  Do not cache a result that the next parse
     * would improve: the registry now knows the page, the next request
     * parses again with the previous year, and that result is cached. */
    if (rep->is_report && !sc->had_previous && prev_year_missing(rep)
        && gik_registry_has_previous(res->organization, res->year)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GIKLOGNO(00001)
                      "%s: previous year now known, result not cached", page_uri);
        return;
    }
    gik_cache_put(r, key, res);
    gik_cache_put_doc(r, key, 'J', gik_report_json(r->pool, rep));
    gik_cache_put_doc(r, key, 'C', gik_report_csv(r->pool, rep));
}

const char *gik_companion_uri(request_rec *r, const gik_dir_conf *conf,
                              const char *page_uri, const char *ext)
{
    return ap_escape_uri(r->pool, apr_pstrcat(r->pool, page_uri, gik_conf_suffix(conf),
                                              ".", ext, NULL));
}
