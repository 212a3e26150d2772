/*
 * gik_status.c - server-wide counters and the registry of checked reports,
 * both in one anonymous shared memory segment created in post_config (so
 * every child of a prefork/worker/event server sees the same numbers), and
 * the gikreport-status handler that shows them, like mod_status.
 *
 * Counters are updated with atomics and need no lock.  The registry is a
 * fixed table of REGISTRY_SLOTS entries (one per report URI, the least
 * recently checked one replaced when full) behind the "gikreport-shm"
 * global mutex; it keeps what the status page shows and, per organisation
 * and year, table B's carried_forward row for the next year's PREV-YEAR.
 * The segment is kept across restarts (ap_retained_data); a full stop
 * empties it (the result cache, with dbm, survives; its hits fill the
 * registry again).
 *
 * A cache hit refreshes its registry entry ("last checked") at most once
 * a second per child (see recently_registered): under "Mutex file:" the
 * global mutex is an fcntl lock, too dear for every page view, and the
 * status page shows whole seconds.
 */
#include <apr_atomic.h>
#include <apr_shm.h>
#include <ap_mpm.h>
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <util_mutex.h>
#include <apr_thread_mutex.h>

#include "mod_gikreport.h"

APLOG_USE_MODULE(gikreport);

#define SHM_MUTEX_TYPE  "gikreport-shm"
#define REGISTRY_SLOTS  1024
#define REGISTRY_HOST_SHARE (REGISTRY_SLOTS / 4)

typedef struct registry_slot {
    apr_uint64_t version;       /* hash of the page version; 0 = unknown */
    apr_time_t checked_at;
    int used;
    int year;
    int errors, warnings, infos;
    int partial;
    int changed;                /* the content changed after the first check */
    int file_backed;            /* a static file's version: evicted last */
    int has_carried_forward;
    double carried_forward[GIK_B_COLUMNS];
    char status[8];
    char first_status[8];       /* the verdict when first checked */
    /* uri and organization are cut to whole UTF-8 characters when longer;
     * the hashes of the full strings tell two long ones with one prefix
     * apart, so a long URI finds its slot again */
    apr_uint64_t uri_hash, org_hash;
    apr_uint64_t vhost_hash;    /* whose page: gik_vhost_id() */
    int uri_cut, org_cut;
    char uri[256];
    char organization[192];
} registry_slot;

typedef struct gik_shared {
    volatile apr_uint32_t counters[GIK_NCOUNTERS];
    volatile apr_uint64_t bytes_seen;
    registry_slot slots[REGISTRY_SLOTS];
} gik_shared;

#define RETAINED_KEY    "mod_gikreport-shm"

static gik_shared *shared;
static apr_global_mutex_t *mutex;

/* Per child: which result of which page version this child last wrote to
 * the registry, and when.  Direct-mapped by a hash; a collision only
 * costs a write. */
#define RECENT_SLOTS    256
#define RECENT_PERIOD   apr_time_from_sec(1)
typedef struct recent_slot {
    apr_uint64_t sig;
    apr_time_t at;
} recent_slot;
static recent_slot recent[RECENT_SLOTS];
static apr_thread_mutex_t *recent_lock;

apr_status_t gik_status_pre_config(apr_pool_t *pconf)
{
    return ap_mutex_register(pconf, SHM_MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0);
}

static apr_status_t shm_cleanup(void *unused)
{
    shared = NULL;
    mutex = NULL;
    return APR_SUCCESS;
}

typedef struct retained {
    apr_shm_t *shm;
    apr_size_t size;    /* a new module build may lay the segment out anew */
} retained;

apr_status_t gik_status_post_config(apr_pool_t *pconf, server_rec *s)
{
    retained *kept = ap_retained_data_get(RETAINED_KEY);
    apr_status_t rv;

    /* The segment outlives restarts, like mod_status's scoreboard: a
     * graceful restart must not forget what was checked.  Anonymous, in
     * the process pool, inherited by every generation of children. */
    if (!kept) {
        kept = ap_retained_data_create(RETAINED_KEY, sizeof(*kept));
        kept->shm = NULL;
    }
    if (!kept->shm || kept->size != sizeof(gik_shared)) {
        rv = apr_shm_create(&kept->shm, sizeof(gik_shared), NULL, s->process->pool);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00009)
                         "cannot create the shared memory for counters and the registry");
            kept->shm = NULL;
            return rv;
        }
        kept->size = sizeof(gik_shared);
        memset(apr_shm_baseaddr_get(kept->shm), 0, sizeof(gik_shared));
    }
    shared = apr_shm_baseaddr_get(kept->shm);
    rv = ap_global_mutex_create(&mutex, NULL, SHM_MUTEX_TYPE, NULL, s, pconf, 0);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00010)
                     "cannot create the registry mutex");
        return rv;
    }
    apr_pool_cleanup_register(pconf, NULL, shm_cleanup, apr_pool_cleanup_null);
    return APR_SUCCESS;
}

void gik_status_child_init(apr_pool_t *p, server_rec *s)
{
    if (mutex && apr_global_mutex_child_init(&mutex, apr_global_mutex_lockfile(mutex), p)
                 != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, GIKLOGNO(00011)
                     "cannot reopen the registry mutex; the registry is off");
        mutex = NULL;
    }
    memset(recent, 0, sizeof(recent));
    if (apr_thread_mutex_create(&recent_lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS) {
        /* every cache hit then writes the registry, as without the memo */
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00018)
                     "no thread mutex: cache hits update the registry every time");
        recent_lock = NULL;
    }
}

void gik_count(gik_counter which)
{
    if (shared) {
        apr_atomic_inc32(&shared->counters[which]);
    }
}

void gik_count_bytes(apr_off_t n)
{
    if (shared && n > 0) {
        apr_atomic_add64(&shared->bytes_seen, (apr_uint64_t)n);
    }
}

static apr_uint64_t hash64(const char *s)
{
    apr_uint64_t h = 14695981039346656037ULL;

    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    }
    return h ? h : 1;
}

/* Copies src into dst[size], cut before the first character that does not
 * fit, never inside one: a half character would make the status page
 * invalid UTF-8 (and jansson refuse the string).  Invalid bytes count as one
 * byte each; the output replaces them.  Returns 1 when src was cut. */
static int cut_utf8(char *dst, apr_size_t size, const char *src)
{
    apr_size_t len = strlen(src), n = 0, adv;

    while (n < len) {
        gik_utf8_decode(src + n, len - n, &adv);
        if (n + adv > size - 1) {
            break;
        }
        n += adv;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n < len;
}

static int registry_lock(void)
{
    return shared && mutex && apr_global_mutex_lock(mutex) == APR_SUCCESS;
}

static void registry_unlock(void)
{
    apr_global_mutex_unlock(mutex);
}

/* The slot of a URI: the slot keeps a cut copy, so compare the same cut
 * form and the full URI's hash (the cut form alone would match every long
 * URI with that prefix; the full URI would match none, and each request of
 * a long URI would take a new slot). */
static registry_slot *slot_by_uri(apr_uint64_t vhost, const char *uri)
{
    char cut[sizeof(shared->slots[0].uri)];
    apr_uint64_t h = hash64(uri);
    int i;

    cut_utf8(cut, sizeof(cut), uri);
    for (i = 0; i < REGISTRY_SLOTS; i++) {
        registry_slot *sl = &shared->slots[i];
        if (sl->used && sl->vhost_hash == vhost && sl->uri_hash == h
            && !strcmp(sl->uri, cut)) {
            return sl;
        }
    }
    return NULL;
}

/* By the full organisation name's hash (and its cut form, as above), on
 * one virtual host only: a page on another host (another tenant) must not
 * decide what this host's report is checked against. */
static registry_slot *slot_by_org_year(apr_uint64_t vhost, apr_uint64_t org_hash,
                                       const char *org_cut, int year)
{
    int i;

    for (i = 0; i < REGISTRY_SLOTS; i++) {
        registry_slot *sl = &shared->slots[i];
        if (sl->used && sl->vhost_hash == vhost && sl->year == year && sl->has_carried_forward
            && sl->org_hash == org_hash && !strcmp(sl->organization, org_cut)) {
            return sl;
        }
    }
    return NULL;
}

/* Which of two slots goes first: pages served from files last (a client
 * can invent any number of URIs that a CMS script answers with a report,
 * path info or rewrite rules, but not files), then the least recently
 * checked. */
static registry_slot *evict_first(registry_slot *a, registry_slot *b)
{
    if (!a || (a->file_backed != b->file_backed)) {
        return !a || a->file_backed ? b : a;
    }
    return b->checked_at < a->checked_at ? b : a;
}

/* A free slot, else one to reuse.  A virtual host that holds its share
 * of the table already makes room among its own pages: one tenant's
 * thousand report files must not push out every other host's reports. */
static registry_slot *slot_free_or_oldest(apr_uint64_t host)
{
    registry_slot *any = NULL, *own = NULL;
    int i, mine = 0;

    for (i = 0; i < REGISTRY_SLOTS; i++) {
        registry_slot *sl = &shared->slots[i];
        if (!sl->used) {
            return sl;
        }
        any = evict_first(any, sl);
        if (sl->vhost_hash == host) {
            own = evict_first(own, sl);
            mine++;
        }
    }
    return mine >= REGISTRY_HOST_SHARE ? own : any;
}

/* 1 when this child wrote this very result of (uri, version) less than
 * RECENT_PERIOD ago; otherwise notes that it writes it now. */
static int recently_registered(apr_uint64_t vhost, const char *uri, apr_uint64_t vh,
                               const gik_result *res)
{
    apr_uint64_t sig = (hash64(uri) ^ vhost) ^ (vh * 0x9E3779B97F4A7C15ULL);
    apr_time_t now = apr_time_now();
    recent_slot *rs;
    int recent_enough;

    /* everything of the result the registry keeps that can differ
     * between two results of one page version (PREV-YEAR) */
    sig = (sig ^ (apr_uint64_t)res->errors) * 1099511628211ULL;
    sig = (sig ^ (apr_uint64_t)res->warnings) * 1099511628211ULL;
    sig = (sig ^ (apr_uint64_t)res->infos) * 1099511628211ULL;
    sig = (sig ^ (apr_uint64_t)res->has_carried_forward) * 1099511628211ULL;
    sig ^= res->status ? hash64(res->status) : 0;
    if (!recent_lock) {
        return 0;
    }
    rs = &recent[sig % RECENT_SLOTS];
    apr_thread_mutex_lock(recent_lock);
    recent_enough = rs->sig == sig && now - rs->at < RECENT_PERIOD && now >= rs->at;
    if (!recent_enough) {
        rs->sig = sig;
        rs->at = now;
    }
    apr_thread_mutex_unlock(recent_lock);
    return recent_enough;
}

static void registry_mark_none(apr_uint64_t host, const char *uri, apr_uint64_t vh)
{
    registry_slot *sl;
    if (!registry_lock()) {
        return;
    }
    sl = slot_by_uri(host, uri);
    if (sl && strcmp(sl->status, "none") != 0) {
        sl->changed = sl->changed || (vh && sl->version && vh != sl->version);
        sl->version = vh;
        sl->checked_at = apr_time_now();
        sl->errors = sl->warnings = sl->infos = 0;
        sl->has_carried_forward = 0;
        apr_cpystrn(sl->status, "none", sizeof(sl->status));
    }
    registry_unlock();
}

void gik_registry_update(request_rec *r, const char *uri, const char *version,
                         const gik_result *res)
{
    apr_uint64_t vh = version ? hash64(version) : 0, host;
    registry_slot *sl;

    /* only pages served at their own URI to a GET: a query string names
     * a variant any client can invent (it would evict real entries), and
     * the answer to a POST may be the client's own bytes reflected (it
     * would plant "last year's report" for PREV-YEAR) */
    if (!shared || !mutex || r->args || r->method_number != M_GET) {
        return;
    }
    host = hash64(gik_vhost_id(r));
    uri = gik_page_uri(r, uri);
    if (!res->is_report) {
        /* A page listed as a report that no longer is one: its old verdict
         * must not stand; other non-reports are not listed at all. */
        if (!res->cached) {     /* a fresh parse only: no lock per cached page */
            registry_mark_none(host, uri, vh);
        }
        return;
    }
    /* a fresh parse is always written (and noted); a cached result of the
     * same version at most once per RECENT_PERIOD */
    if (recently_registered(host, uri, vh, res) && res->cached) {
        return;
    }
    if (!registry_lock()) {
        return;
    }
    sl = slot_by_uri(host, uri);
    if (!sl) {
        sl = slot_free_or_oldest(host);
        memset(sl, 0, sizeof(*sl));
        sl->used = 1;
        sl->vhost_hash = host;
        sl->uri_hash = hash64(uri);
        sl->uri_cut = cut_utf8(sl->uri, sizeof(sl->uri), uri);
        apr_cpystrn(sl->first_status, res->status, sizeof(sl->first_status));
        sl->version = vh;
    }
    else if (vh && sl->version && vh != sl->version) {
        sl->changed = 1;    /* first_status keeps the verdict at publication */
        sl->version = vh;
    }
    sl->checked_at = apr_time_now();
    sl->file_backed = version && version[0] == 'F';
    sl->year = res->year;
    sl->errors = res->errors;
    sl->warnings = res->warnings;
    sl->infos = res->infos;
    sl->partial = res->partial;
    apr_cpystrn(sl->status, res->status ? res->status : "", sizeof(sl->status));
    sl->org_hash = res->organization ? hash64(res->organization) : 0;
    sl->org_cut = cut_utf8(sl->organization, sizeof(sl->organization),
                           res->organization ? res->organization : "");
    sl->has_carried_forward = res->has_carried_forward;
    memcpy(sl->carried_forward, res->carried_forward, sizeof(sl->carried_forward));
    registry_unlock();
}

int gik_registry_has_previous(request_rec *r, const char *org, int year)
{
    char cut[sizeof(shared->slots[0].organization)];
    int found;

    if (!org || !year || !registry_lock()) {
        return 0;
    }
    cut_utf8(cut, sizeof(cut), org);
    found = slot_by_org_year(hash64(gik_vhost_id(r)), hash64(org), cut, year - 1) != NULL;
    registry_unlock();
    return found;
}

const gik_report *gik_registry_previous(request_rec *r, const char *org, int year)
{
    registry_slot *sl, prev;
    const gik_table_tmpl *b;
    gik_report *rep;
    char cut[sizeof(shared->slots[0].organization)];
    int col;

    if (!org || !year || !registry_lock()) {
        return NULL;
    }
    cut_utf8(cut, sizeof(cut), org);
    sl = slot_by_org_year(hash64(gik_vhost_id(r)), hash64(org), cut, year - 1);
    if (sl) {
        prev = *sl;     /* copied, so the lock is not held while building */
    }
    registry_unlock();
    if (!sl) {
        return NULL;
    }
    rep = gik_report_create(r->pool);
    gik_report_set_format(rep, prev.year >= 2021 ? &gik_format_2021 : &gik_format_2019);
    rep->is_report = 1;
    /* a cut name would not be the same body to PREV-YEAR; the full names'
     * hashes matched, and an unknown name does not contradict */
    rep->organization = prev.org_cut ? NULL : apr_pstrdup(r->pool, prev.organization);
    rep->year = prev.year;
    b = &rep->format->tables[GIK_TABLE_B];
    for (col = 0; col < b->ncols && col < GIK_B_COLUMNS; col++) {
        gik_report_set_cell(rep, GIK_TABLE_B, "carried_forward", b->cols[col].id,
                            GIK_CELL_OK, prev.carried_forward[col]);
    }
    rep->tables[GIK_TABLE_B].present = 1;
    return rep;
}

/* ---- the handler ------------------------------------------------------ */

static const char *const counter_names[GIK_NCOUNTERS] = {
    "parses", "cache_hits", "badges", "gate_rejects"
};

/* A snapshot under the lock, so the page is consistent and the lock is
 * not held while writing to a slow client. */
static registry_slot *snapshot(request_rec *r, int *n)
{
    registry_slot *copy = apr_palloc(r->pool, sizeof(shared->slots));
    apr_uint64_t host = hash64(gik_vhost_id(r));
    int i;

    *n = 0;
    if (!registry_lock()) {
        return copy;
    }
    /* this virtual host's pages only */
    for (i = 0; i < REGISTRY_SLOTS; i++) {
        if (shared->slots[i].used && shared->slots[i].vhost_hash == host) {
            copy[(*n)++] = shared->slots[i];
        }
    }
    registry_unlock();
    return copy;
}

static const char *iso_time(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t tm;

    apr_time_exp_gmt(&tm, t);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* What the status page shows of a page's text: valid UTF-8 (jansson
 * refuses anything else), no controls, no bidi overrides that would make
 * one page's name spoof another's verdict. */
static const char *clean_utf8(apr_pool_t *p, const char *s)
{
    return gik_text_for_display(p, s);
}

static const char *shown(apr_pool_t *p, const char *s, int cut)
{
    s = clean_utf8(p, s);
    return cut ? apr_pstrcat(p, s, "\xE2\x80\xA6", NULL) : s;
}

/* A JSON string that is never NULL: json_object_set_new() with a NULL
 * value drops the key, and the contract says every entry has it. */
static json_t *json_text(apr_pool_t *p, const char *s)
{
    json_t *v = json_string(clean_utf8(p, s));
    return v ? v : json_string("\xEF\xBF\xBD");
}

static json_t *counters_json(void)
{
    json_t *c = json_object();
    int i;

    for (i = 0; i < GIK_NCOUNTERS; i++) {
        json_object_set_new(c, counter_names[i],
                            json_integer(shared ? shared->counters[i] : 0));
    }
    json_object_set_new(c, "bytes_seen",
                        json_integer(shared ? (json_int_t)shared->bytes_seen : 0));
    return c;
}

static void send_json(request_rec *r, const registry_slot *sl, int n)
{
    json_t *doc = json_object(), *reports = json_array();
    char *text;
    int i;

    json_object_set_new(doc, "counters", counters_json());
    for (i = 0; i < n; i++) {
        json_t *o = json_object();
        /* a cut value stays a prefix of the real one (programs compare
         * them); the *_truncated flags say it was cut */
        json_object_set_new(o, "uri", json_text(r->pool, sl[i].uri));
        json_object_set_new(o, "organization", sl[i].organization[0]
                            ? json_text(r->pool, sl[i].organization) : json_null());
        json_object_set_new(o, "year", sl[i].year ? json_integer(sl[i].year) : json_null());
        json_object_set_new(o, "status", json_text(r->pool, sl[i].status));
        json_object_set_new(o, "errors", json_integer(sl[i].errors));
        json_object_set_new(o, "warnings", json_integer(sl[i].warnings));
        json_object_set_new(o, "infos", json_integer(sl[i].infos));
        json_object_set_new(o, "checked_at",
                            json_string(iso_time(r->pool, sl[i].checked_at)));
        json_object_set_new(o, "changed_after_publication", json_boolean(sl[i].changed));
        json_object_set_new(o, "previous_status", sl[i].changed
                            ? json_text(r->pool, sl[i].first_status) : json_null());
        json_object_set_new(o, "uri_truncated", json_boolean(sl[i].uri_cut));
        json_object_set_new(o, "organization_truncated", json_boolean(sl[i].org_cut));
        json_array_append_new(reports, o);
    }
    json_object_set_new(doc, "reports", reports);
    text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    ap_set_content_type(r, "application/json; charset=utf-8");
    if (text) {
        ap_rputs(text, r);
        ap_rputs("\n", r);
        free(text);
    }
}

static void send_csv(request_rec *r, const registry_slot *sl, int n)
{
    int i;

    ap_set_content_type(r, "text/csv; charset=utf-8");
    ap_rputs("uri,organization,year,status,errors,warnings,infos,checked_at,"
             "changed_after_publication,previous_status\r\n", r);
    for (i = 0; i < n; i++) {
        ap_rprintf(r, "%s,%s,%d,%s,%d,%d,%d,%s,%s,%s\r\n",
                   gik_csv_field(r->pool, shown(r->pool, sl[i].uri, sl[i].uri_cut)),
                   gik_csv_field(r->pool, shown(r->pool, sl[i].organization, sl[i].org_cut)),
                   sl[i].year, sl[i].status,
                   sl[i].errors, sl[i].warnings, sl[i].infos,
                   iso_time(r->pool, sl[i].checked_at),
                   sl[i].changed ? "true" : "false", sl[i].changed ? sl[i].first_status : "");
    }
}

static void send_html(request_rec *r, const registry_slot *sl, int n)
{
    int i;

    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_rputs(DOCTYPE_HTML_5 "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
             "<title>gikreport status</title><style>"
             "body{font-family:sans-serif}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:2px 6px}"
             ".fail{background:#fdd}.warn{background:#ffd}.pass{background:#dfd}"
             "</style></head><body><h1>gikreport status</h1>\n<p>", r);
    for (i = 0; i < GIK_NCOUNTERS; i++) {
        ap_rprintf(r, "%s: %u &middot; ", counter_names[i], shared ? shared->counters[i] : 0);
    }
    ap_rprintf(r, "bytes_seen: %" APR_UINT64_T_FMT "</p>\n",
               shared ? (apr_uint64_t)shared->bytes_seen : 0);
    ap_rputs("<p>Also as <a href=\"?json\">JSON</a> and <a href=\"?csv\">CSV</a>.</p>\n"
             "<table><tr><th>organization</th><th>year</th><th>URI</th><th>status</th>"
             "<th>errors</th><th>warnings</th><th>infos</th><th>last checked</th>"
             "<th>changed after publication</th></tr>\n", r);
    for (i = 0; i < n; i++) {
        const char *text = ap_escape_html(r->pool, shown(r->pool, sl[i].uri, sl[i].uri_cut));
        /* the href from the raw bytes, %-escaped: right even for a %FF URI;
         * a cut URI names no page, so no link */
        const char *uri = sl[i].uri_cut ? text
            : apr_psprintf(r->pool, "<a href=\"%s\">%s</a>",
                           ap_escape_html(r->pool, ap_escape_uri(r->pool, sl[i].uri)), text);
        ap_rprintf(r, "<tr class=\"%s\"><td>%s</td><td>%d</td><td>%s</td>"
                   "<td>%s%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>\n",
                   sl[i].status,
                   ap_escape_html(r->pool, shown(r->pool, sl[i].organization, sl[i].org_cut)),
                   sl[i].year, uri, sl[i].status, sl[i].partial ? " (partial)" : "",
                   sl[i].errors, sl[i].warnings, sl[i].infos,
                   iso_time(r->pool, sl[i].checked_at),
                   sl[i].changed ? apr_pstrcat(r->pool, "yes (was ", sl[i].first_status, ")",
                                               NULL) : "no");
    }
    ap_rputs("</table></body></html>\n", r);
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
    registry_slot *sl;
    int n;

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
    apr_table_setn(r->headers_out, "Cache-Control", "no-cache");
    sl = snapshot(r, &n);
    if (r->args && !strcmp(r->args, "json")) {
        send_json(r, sl, n);
    }
    else if (r->args && !strcmp(r->args, "csv")) {
        send_csv(r, sl, n);
    }
    else {
        send_html(r, sl, n);
    }
    return OK;
}

void gik_status_register(void)
{
    ap_hook_handler(status_handler, NULL, NULL, APR_HOOK_MIDDLE);
}
