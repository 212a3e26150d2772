/*
 * gik_status_page.c - the gikreport-status handler: what the registry
 * (gik_status.c) knows, for an operator who runs many sites.
 *
 *   /gikreport-status                  HTML, Chinese first (English beside)
 *   ?json  ?csv  (or ?format=json|csv) the same entries for programs
 *   ?status=fail&host=NAME&sort=KEY    filters and the order (all formats)
 *   ?since=2026-11-29T20:00:00Z        JSON feed of the entries whose verdict
 *                                      or version changed after that time (or
 *                                      epoch seconds): what a ticket system polls
 *
 * Like mod_status, a snapshot is copied under the lock and written out
 * after, so a slow client never holds the registry.  The page shows its own
 * virtual host's pages, or every host's with GikReportStatusHosts all.
 */
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <util_script.h>
#include <apr_strings.h>
#include <jansson.h>

#include "mod_gikreport_private.h"
#include "gik_status_page.h"
#include "gik_config.h"
#include "gik_status.h"
#include "gik_emit.h"
#include "gik_report.h"
#include "gik_utf8.h"

static const char *const counter_names[GIK_NCOUNTERS] = {
    [GIK_CTR_PARSES] = "parses",
    [GIK_CTR_CACHE_HITS] = "cache_hits",
    [GIK_CTR_BADGES] = "badges",
    [GIK_CTR_GATE_REJECTS] = "gate_rejects",
};

/* ---- what is asked --------------------------------------------------- */

typedef enum { FMT_HTML, FMT_JSON, FMT_CSV, FMT_FEED } page_format;

typedef struct page_query {
    page_format format;
    const char *status;         /* pass | warn | fail | none, NULL = any */
    const char *host;           /* exact ServerName, NULL = any */
    const char *sort;           /* status (default) | host | uri | org | year | checked | seen */
    apr_time_t since;
} page_query;

/* "2026-11-29T20:00:00Z" (what the page writes) or epoch seconds. */
static int parse_since(const char *s, apr_time_t *t)
{
    apr_time_exp_t tm;
    char *end;
    apr_int64_t secs = apr_strtoi64(s, &end, 10);

    if (*s && !*end) {
        *t = apr_time_from_sec(secs);
        return 1;
    }
    memset(&tm, 0, sizeof(tm));
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
        return 0;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return apr_time_exp_gmt_get(t, &tm) == APR_SUCCESS;
}

static int read_query(request_rec *r, page_query *q)
{
    apr_table_t *args;
    const char *v;

    memset(q, 0, sizeof(*q));
    ap_args_to_table(r, &args);
    v = apr_table_get(args, "format");
    if (apr_table_get(args, "json") || (v && !strcmp(v, "json"))) {
        q->format = FMT_JSON;
    }
    else if (apr_table_get(args, "csv") || (v && !strcmp(v, "csv"))) {
        q->format = FMT_CSV;
    }
    if ((v = apr_table_get(args, "since")) != NULL) {
        if (!parse_since(v, &q->since)) {
            return HTTP_BAD_REQUEST;
        }
        q->format = FMT_FEED;
    }
    q->status = apr_table_get(args, "status");
    q->host = apr_table_get(args, "host");
    q->sort = apr_table_get(args, "sort");
    if (q->status && !*q->status) {
        q->status = NULL;
    }
    if (q->status && strcmp(q->status, "pass") && strcmp(q->status, "warn")
        && strcmp(q->status, "fail") && strcmp(q->status, "none")) {
        /* a misspelt filter would list nothing: "nothing fails" */
        return HTTP_BAD_REQUEST;
    }
    if (q->host && !*q->host) {
        q->host = NULL;
    }
    return OK;
}

/* ---- order and filters ------------------------------------------------ */

static int status_rank(const char *s)
{
    return !strcmp(s, "fail") ? 0 : !strcmp(s, "warn") ? 1 : !strcmp(s, "pass") ? 2 : 3;
}

/* Host, then URI: the order of entries that tie on the key asked for. */
static int tie(const registry_slot *a, const registry_slot *b, int c)
{
    c = c ? c : strcmp(a->host, b->host);
    return c ? c : strcmp(a->uri, b->uri);
}

#define TIME_DESC(f) ((b->f > a->f) - (b->f < a->f))

static int by_status(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    int c = status_rank(a->status) - status_rank(b->status);
    return tie(a, b, c ? c : b->errors - a->errors);   /* failing first, most errors first */
}
static int by_host(const void *a, const void *b) { return tie(a, b, 0); }
static int by_uri(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    return tie(a, b, strcmp(a->uri, b->uri));
}
static int by_org(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    return tie(a, b, strcmp(a->organization, b->organization));
}
static int by_year(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    return tie(a, b, b->year - a->year);
}
static int by_checked(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    return tie(a, b, TIME_DESC(checked_at));
}
static int by_seen(const void *av, const void *bv)
{
    const registry_slot *a = av, *b = bv;
    return tie(a, b, TIME_DESC(seen_at));
}

/* The comparator for ?sort=, by status when unknown: no state shared
 * between the threads of a worker or event child. */
static int (*order_for(const char *key))(const void *, const void *)
{
    static const struct { const char *key; int (*cmp)(const void *, const void *); } orders[] = {
        { "host", by_host }, { "uri", by_uri }, { "org", by_org }, { "year", by_year },
        { "checked", by_checked }, { "seen", by_seen }, { NULL, NULL }
    };
    int i;

    for (i = 0; key && orders[i].key; i++) {
        if (!strcmp(key, orders[i].key)) {
            return orders[i].cmp;
        }
    }
    return by_status;
}

/* Keeps the entries the query asks for, in its order. */
static void select_entries(gik_status_snapshot *snap, const page_query *q)
{
    int i, n = 0;

    for (i = 0; i < snap->n; i++) {
        const registry_slot *sl = &snap->slots[i];
        if ((q->status && strcmp(sl->status, q->status))
            || (q->host && strcmp(sl->host, q->host))
            || (q->format == FMT_FEED && sl->changed_at <= q->since)) {
            continue;
        }
        snap->slots[n++] = *sl;
    }
    snap->n = n;
    qsort(snap->slots, (apr_size_t)snap->n, sizeof(registry_slot),
          order_for(q->sort ? q->sort : (q->format == FMT_FEED ? "host" : "status")));
}

/* ---- text of an entry -------------------------------------------------- */

/* What the status page shows of a page's text: valid UTF-8 (jansson
 * refuses anything else), no controls, no bidi overrides that would make
 * one page's name spoof another's verdict. */
static const char *shown(apr_pool_t *p, const char *s, int cut)
{
    s = gik_text_for_display(p, s);
    return cut ? apr_pstrcat(p, s, "\xE2\x80\xA6", NULL) : s;
}

/* A JSON string that is never NULL: json_object_set_new() with a NULL
 * value drops the key, and the contract says every entry has it. */
static json_t *json_text(apr_pool_t *p, const char *s)
{
    json_t *v = json_string(gik_text_for_display(p, s));
    return v ? v : json_string("\xEF\xBF\xBD");
}

/* The page's address: path only on its own host, else absolute.  NULL for a
 * cut URI (it names no page). */
static const char *page_href(request_rec *r, const registry_slot *sl, const char *suffix)
{
    const char *path;
    /* a ServerName without a port: the host answers on the port its
     * <VirtualHost> listens on, the one this page was asked on for a
     * county's name-based hosts */
    unsigned port = sl->port ? sl->port : (unsigned)ap_get_server_port(r);

    if (sl->uri_cut) {
        return NULL;
    }
    path = ap_escape_uri(r->pool, apr_pstrcat(r->pool, sl->uri, suffix, NULL));
    if (!strcmp(sl->host, r->server->server_hostname ? r->server->server_hostname : "")
        && sl->port == r->server->port) {
        return path;
    }
    return apr_psprintf(r->pool, "%s://%s%s%s", port == 443 ? "https" : "http",
                        ap_escape_uri(r->pool, sl->host),
                        port && port != 80 && port != 443
                        ? apr_psprintf(r->pool, ":%u", port) : "", path);
}

static const char *view_href(request_rec *r, const registry_slot *sl)
{
    return sl->view_suffix[0]
           ? page_href(r, sl, apr_pstrcat(r->pool, sl->view_suffix, ".html", NULL)) : NULL;
}

static json_t *entry_json(request_rec *r, const registry_slot *sl)
{
    json_t *o = json_object();
    const char *page = page_href(r, sl, ""), *view = view_href(r, sl);

    /* a cut value stays a prefix of the real one (programs compare them);
     * the *_truncated flags say it was cut */
    json_object_set_new(o, "host", json_text(r->pool, sl->host));
    json_object_set_new(o, "port", json_integer(sl->port));
    json_object_set_new(o, "uri", json_text(r->pool, sl->uri));
    json_object_set_new(o, "organization", sl->organization[0]
                        ? json_text(r->pool, sl->organization) : json_null());
    json_object_set_new(o, "year", sl->year ? json_integer(sl->year) : json_null());
    json_object_set_new(o, "is_report", json_boolean(sl->is_report));
    json_object_set_new(o, "status", json_text(r->pool, sl->status));
    json_object_set_new(o, "errors", json_integer(sl->errors));
    json_object_set_new(o, "warnings", json_integer(sl->warnings));
    json_object_set_new(o, "infos", json_integer(sl->infos));
    json_object_set_new(o, "error_rules", json_text(r->pool, sl->rules));
    json_object_set_new(o, "checked_at", json_string(gik_iso8601_utc(r->pool, sl->checked_at)));
    json_object_set_new(o, "last_seen", sl->seen_at
                        ? json_string(gik_iso8601_utc(r->pool, sl->seen_at)) : json_null());
    json_object_set_new(o, "changed_at", json_string(gik_iso8601_utc(r->pool, sl->changed_at)));
    json_object_set_new(o, "status_before", sl->before_status[0]
                        ? json_text(r->pool, sl->before_status) : json_null());
    json_object_set_new(o, "changed_after_publication", json_boolean(sl->changed));
    json_object_set_new(o, "previous_status", sl->changed
                        ? json_text(r->pool, sl->first_status) : json_null());
    json_object_set_new(o, "page", page ? json_string(page) : json_null());
    json_object_set_new(o, "findings", view ? json_string(view) : json_null());
    json_object_set_new(o, "uri_truncated", json_boolean(sl->uri_cut));
    json_object_set_new(o, "organization_truncated", json_boolean(sl->org_cut));
    return o;
}

/* ---- per host ---------------------------------------------------------- */

typedef struct host_sum {
    const char *host;
    int n[4];                   /* by status_rank: fail, warn, pass, none */
} host_sum;

static int by_failing(const void *av, const void *bv)
{
    const host_sum *a = av, *b = bv;
    int c = b->n[0] - a->n[0];
    c = c ? c : b->n[1] - a->n[1];
    return c ? c : strcmp(a->host, b->host);
}

/* Every host of the snapshot (before filters), failing hosts first. */
static apr_array_header_t *host_summary(apr_pool_t *p, const gik_status_snapshot *snap)
{
    apr_hash_t *seen = apr_hash_make(p);
    apr_array_header_t *hosts = apr_array_make(p, 16, sizeof(host_sum));
    int i;

    for (i = 0; i < snap->n; i++) {
        const registry_slot *sl = &snap->slots[i];
        host_sum *h = apr_hash_get(seen, sl->host, APR_HASH_KEY_STRING);
        if (!h) {
            int idx = hosts->nelts;
            h = apr_array_push(hosts);
            memset(h, 0, sizeof(*h));
            /* a copy: select_entries() reorders the slots afterwards */
            h->host = apr_pstrdup(p, sl->host);
            apr_hash_set(seen, h->host, APR_HASH_KEY_STRING, (void *)(apr_uintptr_t)(idx + 1));
        }
        else {
            h = &APR_ARRAY_IDX(hosts, (int)(apr_uintptr_t)h - 1, host_sum);
        }
        h->n[status_rank(sl->status)]++;
    }
    qsort(hosts->elts, (apr_size_t)hosts->nelts, sizeof(host_sum), by_failing);
    return hosts;
}

static json_t *hosts_json(apr_pool_t *p, const apr_array_header_t *hosts)
{
    json_t *a = json_array();
    int i;

    for (i = 0; i < hosts->nelts; i++) {
        const host_sum *h = &APR_ARRAY_IDX(hosts, i, host_sum);
        json_t *o = json_object();
        json_object_set_new(o, "host", json_text(p, h->host));
        json_object_set_new(o, "fail", json_integer(h->n[0]));
        json_object_set_new(o, "warn", json_integer(h->n[1]));
        json_object_set_new(o, "pass", json_integer(h->n[2]));
        json_object_set_new(o, "not_report", json_integer(h->n[3]));
        json_array_append_new(a, o);
    }
    return a;
}

/* ---- the formats ------------------------------------------------------ */

static json_t *registry_json(const gik_status_snapshot *snap)
{
    json_t *o = json_object(), *c = json_object();
    int i;

    for (i = 0; i < GIK_NCOUNTERS; i++) {
        json_object_set_new(c, counter_names[i], json_integer(snap->counters[i]));
    }
    json_object_set_new(c, "bytes_seen", json_integer((json_int_t)snap->bytes_seen));
    json_object_set_new(o, "counters", c);
    c = json_object();
    json_object_set_new(c, "size", json_integer(snap->capacity));
    json_object_set_new(c, "dropped", json_integer((json_int_t)snap->dropped));
    json_object_set_new(o, "registry", c);
    return o;
}

static void send_json_doc(request_rec *r, json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

    json_decref(doc);
    ap_set_content_type(r, "application/json; charset=utf-8");
    if (text) {
        ap_rputs(text, r);
        ap_rputs("\n", r);
        free(text);
    }
}

static void send_json(request_rec *r, const gik_status_snapshot *snap,
                      const apr_array_header_t *hosts, const page_query *q)
{
    json_t *doc = registry_json(snap), *reports = json_array();
    int i;

    for (i = 0; i < snap->n; i++) {
        json_array_append_new(reports, entry_json(r, &snap->slots[i]));
    }
    if (q->format == FMT_FEED) {
        json_object_set_new(doc, "since", json_string(gik_iso8601_utc(r->pool, q->since)));
        /* poll again with ?since= this value: nothing is missed or repeated
         * (a change in this second is seen again, once) */
        json_object_set_new(doc, "now", json_string(gik_iso8601_utc(r->pool, apr_time_now())));
        json_object_set_new(doc, "changes", reports);
    }
    else {
        json_object_set_new(doc, "hosts", hosts_json(r->pool, hosts));
        json_object_set_new(doc, "reports", reports);
    }
    send_json_doc(r, doc);
}

static void send_csv(request_rec *r, const gik_status_snapshot *snap)
{
    int i;

    ap_set_content_type(r, "text/csv; charset=utf-8");
    ap_rputs("host,uri,organization,year,status,errors,warnings,infos,error_rules,checked_at,"
             "last_seen,changed_after_publication,previous_status\r\n", r);
    for (i = 0; i < snap->n; i++) {
        const registry_slot *sl = &snap->slots[i];
        ap_rprintf(r, "%s,%s,%s,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s\r\n",
                   gik_csv_field(r->pool, shown(r->pool, sl->host, 0)),
                   gik_csv_field(r->pool, shown(r->pool, sl->uri, sl->uri_cut)),
                   gik_csv_field(r->pool, shown(r->pool, sl->organization, sl->org_cut)),
                   sl->year, sl->status, sl->errors, sl->warnings, sl->infos, sl->rules,
                   gik_iso8601_utc(r->pool, sl->checked_at),
                   sl->seen_at ? gik_iso8601_utc(r->pool, sl->seen_at) : "",
                   sl->changed ? "true" : "false", sl->changed ? sl->first_status : "");
    }
}

/* The words of the page: the verdict's Chinese words first (the badge's),
 * its key beside. */
static const char *status_words(apr_pool_t *p, const char *status)
{
    const gik_verdict *v = gik_verdict_of(status);
    if (!v || !strcmp(v->key, "none") || !strcmp(v->key, "partial")) {
        return apr_pstrcat(p, gik_verdict_of("none")->zh, " not a report", NULL);
    }
    return apr_pstrcat(p, v->zh, " ", v->key, NULL);
}

/* A link that keeps the other filters: ?status=…&host=…&sort=… */
static const char *query_link(request_rec *r, const page_query *q, const char *status,
                              const char *host, const char *sort)
{
    const char *s = "?";

    if (status) {
        s = apr_pstrcat(r->pool, s, "status=", ap_escape_urlencoded(r->pool, status), "&", NULL);
    }
    if (host) {
        s = apr_pstrcat(r->pool, s, "host=", ap_escape_urlencoded(r->pool, host), "&", NULL);
    }
    if (sort) {
        s = apr_pstrcat(r->pool, s, "sort=", ap_escape_urlencoded(r->pool, sort), "&", NULL);
    }
    return ap_escape_html(r->pool, apr_pstrndup(r->pool, s, strlen(s) - 1));
}

static void html_hosts(request_rec *r, const apr_array_header_t *hosts, const page_query *q)
{
    int i;

    ap_rputs("<h2>各站点 Sites</h2>\n<table id=\"hosts\"><thead><tr><th>站点 host</th>"
             "<th>未通过 fail</th><th>有警告 warn</th><th>通过 pass</th>"
             "<th>不是年度报告 not a report</th></tr></thead><tbody>\n", r);
    for (i = 0; i < hosts->nelts; i++) {
        const host_sum *h = &APR_ARRAY_IDX(hosts, i, host_sum);
        ap_rprintf(r, "<tr class=\"%s\" data-gik-host=\"%s\"><td><a href=\"%s\">%s</a></td>"
                   "<td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>\n",
                   h->n[0] ? "fail" : h->n[1] ? "warn" : "pass",
                   ap_escape_html(r->pool, shown(r->pool, h->host, 0)),
                   query_link(r, q, q->status, h->host, q->sort),
                   ap_escape_html(r->pool, shown(r->pool, h->host, 0)),
                   h->n[0], h->n[1], h->n[2], h->n[3]);
    }
    ap_rputs("</tbody></table>\n", r);
}

static void html_filters(request_rec *r, const page_query *q)
{
    static const char *const statuses[] = { "fail", "warn", "pass", "none", NULL };
    int i;

    ap_rputs("<p id=\"filters\">只看 Show: ", r);
    ap_rprintf(r, "<a href=\"%s\">全部 all</a>", query_link(r, q, NULL, q->host, q->sort));
    for (i = 0; statuses[i]; i++) {
        ap_rprintf(r, " &middot; <a href=\"%s\"%s>%s</a>",
                   query_link(r, q, statuses[i], q->host, q->sort),
                   q->status && !strcmp(q->status, statuses[i]) ? " class=\"on\"" : "",
                   status_words(r->pool, statuses[i]));
    }
    if (q->host) {
        ap_rprintf(r, " &middot; 站点 host %s (<a href=\"%s\">所有站点 all hosts</a>)",
                   ap_escape_html(r->pool, q->host), query_link(r, q, q->status, NULL, q->sort));
    }
    ap_rputs("</p>\n", r);
}

static void html_row(request_rec *r, const registry_slot *sl)
{
    const char *text = ap_escape_html(r->pool, shown(r->pool, sl->uri, sl->uri_cut));
    const char *page = page_href(r, sl, ""), *view = view_href(r, sl);

    ap_rprintf(r, "<tr class=\"%s\" data-gik-status=\"%s\" data-gik-host=\"%s\"><td>%s</td><td>%s</td>"
               "<td>%s</td><td>%s</td><td>%s%s</td><td>%d</td><td>%d</td><td>%d</td>"
               "<td class=\"rules\">%s</td><td>%s</td><td>%s</td><td class=\"changed\">%s</td>"
               "<td>%s</td></tr>\n",
               sl->status, sl->status, ap_escape_html(r->pool, shown(r->pool, sl->host, 0)),
               ap_escape_html(r->pool, shown(r->pool, sl->host, 0)),
               ap_escape_html(r->pool, shown(r->pool, sl->organization, sl->org_cut)),
               sl->year ? apr_itoa(r->pool, sl->year) : "",
               /* the href from the raw bytes, %-escaped: right even for a %FF
                * URI; a cut URI names no page, so no link */
               page ? apr_psprintf(r->pool, "<a class=\"page\" href=\"%s\">%s</a>",
                                   ap_escape_html(r->pool, page), text) : text,
               status_words(r->pool, sl->status), sl->partial ? " (未读完 partial)" : "",
               sl->errors, sl->warnings, sl->infos, ap_escape_html(r->pool, sl->rules),
               gik_iso8601_utc(r->pool, sl->checked_at),
               sl->seen_at ? gik_iso8601_utc(r->pool, sl->seen_at) : "—",
               sl->changed ? apr_pstrcat(r->pool, "是 yes (原为 was ", sl->first_status, ")",
                                         NULL) : "否 no",
               view ? apr_psprintf(r->pool, "<a class=\"view\" href=\"%s\">查看 findings</a>",
                                   ap_escape_html(r->pool, view)) : "");
}

static void send_html(request_rec *r, const gik_status_snapshot *snap,
                      const apr_array_header_t *hosts, const page_query *q)
{
    static const char *const cols[][2] = {
        { "host", "站点 host" }, { "org", "机关 organization" }, { "year", "年度 year" },
        { "uri", "页面 page" }, { "status", "结论 verdict" }, { NULL, "错误 errors" },
        { NULL, "警告 warnings" }, { NULL, "提示 infos" }, { NULL, "错误规则 error rules" },
        { "checked", "最近检查 last checked" }, { "seen", "最近访问 last seen" },
        { NULL, "发布后修改 changed after publication" }, { NULL, "检查结果 findings" }
    };
    int i;

    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_rputs(DOCTYPE_HTML_5 "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
             "<title>年度报告检查状态 gikreport status</title><style>"
             "body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1em}"
             "td,th{border:1px solid #999;padding:2px 6px}"
             ".fail{background:#fdd}.warn{background:#ffd}.pass{background:#dfd}"
             "a.on{font-weight:bold}"
             "</style></head><body><h1>政府信息公开年度报告检查状态 "
             "<span lang=\"en\">gikreport status</span></h1>\n<p id=\"counters\">", r);
    for (i = 0; i < GIK_NCOUNTERS; i++) {
        ap_rprintf(r, "%s: %u &middot; ", counter_names[i], snap->counters[i]);
    }
    ap_rprintf(r, "bytes_seen: %" APR_UINT64_T_FMT "</p>\n<p id=\"registry\">登记 registry: "
               "%d / %d &middot; 因容量删除 dropped for room: <span id=\"dropped\">%"
               APR_UINT64_T_FMT "</span> (GikReportStatusSize) &middot; 自 since %s</p>\n",
               snap->bytes_seen, snap->n, snap->capacity, snap->dropped,
               gik_iso8601_utc(r->pool, snap->since));
    ap_rprintf(r, "<p>也有 Also as <a href=\"%s\">JSON</a>, <a href=\"%s\">CSV</a>; "
               "变化 changes: <code>?since=%s</code></p>\n",
               ap_escape_html(r->pool, apr_pstrcat(r->pool, "?format=json",
                                                   r->args ? "&" : "", r->args, NULL)),
               ap_escape_html(r->pool, apr_pstrcat(r->pool, "?format=csv",
                                                   r->args ? "&" : "", r->args, NULL)),
               gik_iso8601_utc(r->pool, apr_time_now() - apr_time_from_sec(86400)));
    html_hosts(r, hosts, q);
    ap_rputs("<h2>各页面 Pages</h2>\n", r);
    html_filters(r, q);
    ap_rputs("<table id=\"pages\"><thead><tr>", r);
    for (i = 0; i < (int)(sizeof(cols) / sizeof(cols[0])); i++) {
        ap_rprintf(r, cols[i][0] ? "<th><a href=\"%s\">%s</a></th>" : "<th>%s%s</th>",
                   cols[i][0] ? query_link(r, q, q->status, q->host, cols[i][0]) : "",
                   cols[i][1]);
    }
    ap_rputs("</tr></thead><tbody>\n", r);
    for (i = 0; i < snap->n; i++) {
        html_row(r, &snap->slots[i]);
    }
    ap_rputs("</tbody></table></body></html>\n", r);
}

/* 1 when SetHandler gikreport-status comes from the server configuration.
 * Whoever may write a .htaccess (AllowOverride FileInfo) must not publish
 * the registry; AddHandler and RewriteRule [H=] leave no trace of where
 * they were written, so only SetHandler counts.  Its expression records
 * the file it was read from: refused when that is a .htaccess file.  And
 * it must be the SetHandler that names this handler: a server-config
 * SetHandler of another one (Debian's php-fpm <FilesMatch>) with an
 * .htaccess RewriteRule [H=gikreport-status] on top is not ours. */
static int set_by_server_config(request_rec *r)
{
    core_dir_config *d = ap_get_core_module_config(r->per_dir_config);
    const struct htaccess_result *h;
    const char *file, *err = NULL, *name;

    if (!d->expr_handler || !(file = d->expr_handler->filename)) {
        return 0;
    }
    name = ap_expr_str_exec(r, d->expr_handler, &err);
    if (err || !name || strcasecmp(name, "gikreport-status")) {
        return 0;
    }
    for (h = r->htaccess; h; h = h->next) {
        apr_size_t n = strlen(h->dir);
        if (h->htaccess && !strncmp(file, h->dir, n)
            && !ap_strchr_c(file + n + (file[n] == '/'), '/')) {
            return 0;
        }
    }
    return 1;
}

static int status_handler(request_rec *r)
{
    const gik_dir_conf *conf;
    gik_status_snapshot snap;
    apr_array_header_t *hosts;
    page_query q;
    int rc;

    if (!r->handler || strcmp(r->handler, "gikreport-status")) {
        return DECLINED;
    }
    if (!set_by_server_config(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GIKLOGNO(00021)
                      "gikreport-status refused: the handler must be set with SetHandler "
                      "in the server configuration, not .htaccess or AddHandler");
        return HTTP_NOT_FOUND;
    }
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if ((rc = read_query(r, &q)) != OK) {
        return rc;
    }
    conf = ap_get_module_config(r->per_dir_config, &gikreport_module);
    apr_table_setn(r->headers_out, "Cache-Control", "no-cache");
    gik_status_snapshot_take(r, gik_conf_status_all_hosts(conf), &snap);
    hosts = host_summary(r->pool, &snap);
    select_entries(&snap, &q);
    switch (q.format) {
    case FMT_JSON:
    case FMT_FEED:
        send_json(r, &snap, hosts, &q);
        break;
    case FMT_CSV:
        send_csv(r, &snap);
        break;
    default:
        send_html(r, &snap, hosts, &q);
        break;
    }
    return OK;
}

void gik_status_page_register_hooks(apr_pool_t *p)
{
    ap_hook_handler(status_handler, NULL, NULL, APR_HOOK_MIDDLE);
}
