/*
 * gik_status.c - server-wide counters and the registry of checked pages,
 * both in one anonymous shared memory segment created in post_config (so
 * every child of a prefork/worker/event server sees the same numbers);
 * gik_status_page.c shows them.
 *
 * Counters are updated with atomics and need no lock.  The registry is a
 * table of GikReportStatusSize entries (default 4096), one per virtual host
 * and URI, behind the "gikreport-shm" global mutex; when it is full the
 * entry seen longest ago is dropped (failing reports only when nothing
 * else is left), and the drops are counted (the page shows how many).  It keeps what the status page shows and, per
 * organisation and year, table B's carried_forward row for the next year's
 * PREV-YEAR.
 *
 * The segment is kept across graceful restarts (ap_retained_data).  Across
 * a stop it is kept in a file in the runtime directory (DefaultRuntimeDir,
 * Debian: /var/run/apache2/gikreport-status.dat), written by the parent
 * when its configuration pool goes (stop and restart) and read back when a
 * new segment is made.  The file is a plain copy of the table behind a
 * header naming its layout: a module build with another layout, or another
 * size, starts from what fits.
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
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_status.h"
#include "gik_config.h"
#include "gik_content.h"
#include "gik_utf8.h"

#define SHM_MUTEX_TYPE  "gikreport-shm"
#define STATE_FILE      "gikreport-status.dat"
#define STATE_MAGIC     "GIKREG02"

typedef struct gik_shared {
    volatile apr_uint32_t counters[GIK_NCOUNTERS];
    volatile apr_uint64_t bytes_seen;
    apr_uint64_t dropped;       /* under the mutex */
    apr_time_t since;
    int nslots;
    /* slots are taken from the front: none at or past high was ever used,
     * so a lookup reads (and a child maps in) only that part of the table */
    int high;
    registry_slot slots[1];     /* nslots of them */
} gik_shared;

#define SHARED_SIZE(n)  (APR_OFFSETOF(gik_shared, slots) + sizeof(registry_slot) * (apr_size_t)(n))

static pid_t parent_pid;

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
    apr_size_t size;    /* a new module build or size lays the segment out anew */
} retained;

typedef struct state_header {
    char magic[8];
    apr_uint32_t slot_size;     /* sizeof(registry_slot) of the build that wrote it */
    apr_uint32_t nslots;
    apr_uint64_t dropped;
    apr_time_t since;
} state_header;

/* The table as it was at the last stop, as many entries as fit, the ones
 * seen last first (an entry's place in the table does not matter). */
static void state_load(apr_pool_t *p, server_rec *s)
{
    const char *path = ap_runtime_dir_relative(p, STATE_FILE);
    apr_file_t *fd;
    state_header h;
    apr_size_t n = sizeof(h);
    int i, kept = 0;

    if (!path || apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p) != APR_SUCCESS) {
        return;
    }
    if (apr_file_read_full(fd, &h, n, &n) == APR_SUCCESS && !memcmp(h.magic, STATE_MAGIC, 8)
        && h.slot_size == sizeof(registry_slot)) {
        shared->dropped = h.dropped;
        shared->since = h.since;
        for (i = 0; i < (int)h.nslots; i++) {
            registry_slot sl;
            n = sizeof(sl);
            if (apr_file_read_full(fd, &sl, n, &n) != APR_SUCCESS) {
                break;
            }
            if (!sl.used) {
                continue;
            }
            if (kept < shared->nslots) {
                shared->slots[kept++] = sl;
                shared->high = kept;
            }
            else {
                shared->dropped++;
            }
        }
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, s, GIKLOGNO(00101)
                     "status registry: %d entries read from %s", kept, path);
    }
    apr_file_close(fd);
}

/* Written whole to a temporary file and renamed: a stop in the middle
 * leaves the last good file. */
static apr_status_t state_save(void *data)
{
    server_rec *s = data;
    apr_pool_t *p;
    const char *path, *tmp;
    apr_file_t *fd;
    state_header h;
    apr_status_t rv;

    if (!shared || getpid() != parent_pid) {
        return APR_SUCCESS;     /* only the parent, once per generation */
    }
    apr_pool_create(&p, NULL);
    path = ap_runtime_dir_relative(p, STATE_FILE);
    tmp = apr_pstrcat(p, path, ".new", NULL);
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, STATE_MAGIC, 8);
    h.slot_size = sizeof(registry_slot);
    h.nslots = (apr_uint32_t)shared->high;     /* none past it is used */
    h.dropped = shared->dropped;
    h.since = shared->since;
    rv = apr_file_open(&fd, tmp, APR_FOPEN_WRITE | APR_FOPEN_CREATE | APR_FOPEN_TRUNCATE
                       | APR_FOPEN_BINARY, APR_FPROT_UREAD | APR_FPROT_UWRITE, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_write_full(fd, &h, sizeof(h), NULL);
        if (rv == APR_SUCCESS) {
            rv = apr_file_write_full(fd, shared->slots,
                                     sizeof(registry_slot) * (apr_size_t)shared->high, NULL);
        }
        apr_file_close(fd);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_file_rename(tmp, path, p);
    }
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, GIKLOGNO(00102)
                     "status registry: cannot write %s; the next start begins empty", path);
    }
    apr_pool_destroy(p);
    return APR_SUCCESS;
}

apr_status_t gik_status_post_config(apr_pool_t *pconf, server_rec *s)
{
    retained *kept = ap_retained_data_get(RETAINED_KEY);
    int registry_size = gik_conf_status_size(s);    /* GikReportStatusSize */
    apr_status_t rv;

    /* The segment outlives restarts, like mod_status's scoreboard: a
     * graceful restart must not forget what was checked.  Anonymous, in
     * the process pool, inherited by every generation of children. */
    if (!kept) {
        kept = ap_retained_data_create(RETAINED_KEY, sizeof(*kept));
        kept->shm = NULL;
    }
    if (!kept->shm || kept->size != SHARED_SIZE(registry_size)) {
        /* a segment of another size stays with the old generation's pool:
         * anonymous, it goes with the process */
        rv = apr_shm_create(&kept->shm, SHARED_SIZE(registry_size), NULL, s->process->pool);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00009)
                         "cannot create the shared memory for counters and the registry");
            kept->shm = NULL;
            return rv;
        }
        kept->size = SHARED_SIZE(registry_size);
        shared = apr_shm_baseaddr_get(kept->shm);
        memset(shared, 0, kept->size);
        shared->nslots = registry_size;
        shared->since = apr_time_now();
        state_load(pconf, s);
    }
    shared = apr_shm_baseaddr_get(kept->shm);
    rv = ap_global_mutex_create(&mutex, NULL, SHM_MUTEX_TYPE, NULL, s, pconf, 0);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00010)
                     "cannot create the registry mutex");
        return rv;
    }
    /* registered after shm_cleanup: runs first (cleanups run in reverse) */
    apr_pool_cleanup_register(pconf, NULL, shm_cleanup, apr_pool_cleanup_null);
    parent_pid = getpid();
    apr_pool_cleanup_register(pconf, s, state_save, apr_pool_cleanup_null);
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

/* 0 stands for "no name" in a slot */
static apr_uint64_t hash64(const char *s)
{
    apr_uint64_t h = gik_fnv1a64(GIK_FNV64_INIT, s);
    return h ? h : 1;
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
    char cut[sizeof(((registry_slot *)0)->uri)];
    apr_uint64_t h = hash64(uri);
    int i;

    gik_utf8_cut(cut, sizeof(cut), uri);
    for (i = 0; i < shared->high; i++) {
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

    for (i = 0; i < shared->high; i++) {
        registry_slot *sl = &shared->slots[i];
        if (sl->used && sl->vhost_hash == vhost && sl->year == year && sl->has_carried_forward
            && sl->org_hash == org_hash && !strcmp(sl->organization, org_cut)) {
            return sl;
        }
    }
    return NULL;
}

/* The last time anything happened to an entry: a request or a check. */
static apr_time_t last_touch(const registry_slot *sl)
{
    return sl->seen_at > sl->checked_at ? sl->seen_at : sl->checked_at;
}

/* Which of two slots goes first: pages served from files last (a client
 * can invent any number of URIs that a CMS script answers with a report,
 * path info or rewrite rules, but not files), then failing reports last
 * (what the operator is there to see: the sweep does not parse an
 * unchanged file again, so a failure dropped for room would never come
 * back), then the one touched longest ago (a request or a check). */
static int slot_fails(const registry_slot *sl)
{
    return !strcmp(sl->status, "fail");
}

static registry_slot *evict_first(registry_slot *a, registry_slot *b)
{
    if (!a || (a->file_backed != b->file_backed)) {
        return !a || a->file_backed ? b : a;
    }
    if (slot_fails(a) != slot_fails(b)) {
        return slot_fails(a) ? b : a;
    }
    return last_touch(b) < last_touch(a) ? b : a;
}

/* A free slot, else one to reuse.  A virtual host that holds its share
 * of the table already makes room among its own pages: one tenant's
 * thousand report files must not push out every other host's reports. */
static registry_slot *slot_free_or_oldest(apr_uint64_t host)
{
    registry_slot *any = NULL, *own = NULL;
    int i, mine = 0;

    for (i = 0; i < shared->nslots; i++) {
        registry_slot *sl = &shared->slots[i];
        if (!sl->used) {
            shared->high = i + 1 > shared->high ? i + 1 : shared->high;
            return sl;
        }
        any = evict_first(any, sl);
        if (sl->vhost_hash == host) {
            own = evict_first(own, sl);
            mine++;
        }
    }
    shared->dropped++;
    return mine >= shared->nslots / 4 ? own : any;
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

/* The parts of an entry that come from the page's configuration and host. */
static void slot_set_place(registry_slot *sl, request_rec *r)
{
    const gik_dir_conf *conf = ap_get_module_config(r->per_dir_config, &gikreport_module);

    gik_utf8_cut(sl->host, sizeof(sl->host), r->server->server_hostname
                                         ? r->server->server_hostname : "");
    sl->port = r->server->port;
    gik_utf8_cut(sl->view_suffix, sizeof(sl->view_suffix),
             conf && gik_companions_served(r, (gik_dir_conf *)conf) ? gik_conf_suffix(conf) : "");
}

/* Logged once per change to fail, whoever caused the check (a visitor,
 * the sweep): the operator's error log lists what needs a look. */
static void log_new_failure(request_rec *r, const char *uri, const gik_result *res)
{
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GIKLOGNO(00103)
                  "report fails: http://%s%s%s (%s %d): %d errors, %d warnings",
                  r->server->server_hostname ? r->server->server_hostname : "",
                  r->server->port && r->server->port != 80
                  ? apr_psprintf(r->pool, ":%u", (unsigned)r->server->port) : "",
                  uri, res->organization ? res->organization : "?", res->year,
                  res->errors, res->warnings);
}

void gik_registry_update(request_rec *r, const char *uri, const char *version,
                         const gik_result *res, const gik_report *rep)
{
    apr_uint64_t vh = version ? hash64(version) : 0, host;
    const char *status = res->is_report && res->status ? res->status : "none";
    int swept = apr_table_get(r->notes, GIK_SWEEP_NOTE) != NULL, was_failing;
    registry_slot *sl;
    apr_time_t now = apr_time_now();

    /* only pages served at their own URI to a GET: a query string names
     * a variant any client can invent (it would evict real entries), and
     * the answer to a POST may be the client's own bytes reflected (it
     * would plant "last year's report" for PREV-YEAR) */
    if (!shared || !mutex || r->args || r->method_number != M_GET) {
        return;
    }
    host = gik_vhost_hash(r);
    uri = gik_page_uri(r, uri);
    /* a page that is no report is an entry too, with status "none": the
     * status page counts them per host, and a report replaced by one
     * loses its old verdict */
    /* a fresh parse is always written (and noted); a cached result of the
     * same version at most once per RECENT_PERIOD */
    if (recently_registered(host, uri, vh, res) && res->cached) {
        return;
    }
    if (!registry_lock()) {
        return;
    }
    sl = slot_by_uri(host, uri);
    was_failing = sl && !strcmp(sl->status, "fail");
    if (!sl) {
        sl = slot_free_or_oldest(host);
        memset(sl, 0, sizeof(*sl));
        sl->used = 1;
        sl->vhost_hash = host;
        sl->uri_hash = hash64(uri);
        sl->uri_cut = gik_utf8_cut(sl->uri, sizeof(sl->uri), uri);
        apr_cpystrn(sl->first_status, status, sizeof(sl->first_status));
        sl->version = vh;
        sl->changed_at = now;
    }
    else if (vh && sl->version && vh != sl->version) {
        sl->changed = 1;    /* first_status keeps the verdict at publication */
        sl->version = vh;
        sl->changed_at = now;
        apr_cpystrn(sl->before_status, sl->status, sizeof(sl->before_status));
    }
    else if (strcmp(sl->status, status)) {
        sl->changed_at = now;       /* the same bytes, another verdict (rules, PREV-YEAR) */
        apr_cpystrn(sl->before_status, sl->status, sizeof(sl->before_status));
    }
    slot_set_place(sl, r);
    /* "last checked" is the parse the result comes from, "last seen" a
     * request: the sweep checks without one */
    sl->checked_at = res->checked_at ? res->checked_at : now;
    if (!swept) {
        sl->seen_at = now;
    }
    sl->file_backed = version && version[0] == 'F';
    sl->is_report = res->is_report;
    sl->year = res->year;
    sl->errors = res->errors;
    sl->warnings = res->warnings;
    sl->infos = res->infos;
    sl->partial = res->partial;
    apr_cpystrn(sl->status, status, sizeof(sl->status));
    if (rep) {      /* a cached result of the same version keeps the ids */
        gik_utf8_cut(sl->rules, sizeof(sl->rules), gik_report_error_rules(r->pool, rep));
    }
    else if (!res->errors) {
        sl->rules[0] = '\0';
    }
    sl->org_hash = res->organization ? hash64(res->organization) : 0;
    sl->org_cut = gik_utf8_cut(sl->organization, sizeof(sl->organization),
                           res->organization ? res->organization : "");
    sl->has_carried_forward = res->has_carried_forward;
    memcpy(sl->carried_forward, res->carried_forward, sizeof(sl->carried_forward));
    registry_unlock();
    if (!strcmp(status, "fail") && !was_failing) {
        log_new_failure(r, uri, res);
    }
}

int gik_registry_has_rules(request_rec *r, const char *uri, const char *version)
{
    registry_slot *sl;
    int has;

    if (!shared || !mutex || !version || !registry_lock()) {
        return 0;
    }
    sl = slot_by_uri(gik_vhost_hash(r), gik_page_uri(r, uri));
    has = sl && sl->version == hash64(version) && sl->rules[0];
    registry_unlock();
    return has;
}

void gik_registry_forget(request_rec *r, const char *uri)
{
    registry_slot *sl;

    if (!registry_lock()) {
        return;
    }
    if ((sl = slot_by_uri(gik_vhost_hash(r), gik_page_uri(r, uri))) != NULL) {
        memset(sl, 0, sizeof(*sl));     /* removed, not dropped for room */
    }
    registry_unlock();
}

int gik_registry_has_previous(request_rec *r, const char *org, int year)
{
    char cut[sizeof(((registry_slot *)0)->organization)];
    int found;

    if (!org || !year || !registry_lock()) {
        return 0;
    }
    gik_utf8_cut(cut, sizeof(cut), org);
    found = slot_by_org_year(gik_vhost_hash(r), hash64(org), cut, year - 1) != NULL;
    registry_unlock();
    return found;
}

const gik_report *gik_registry_previous(request_rec *r, const char *org, int year)
{
    registry_slot *sl, prev;
    char cut[sizeof(((registry_slot *)0)->organization)];

    if (!org || !year || !registry_lock()) {
        return NULL;
    }
    gik_utf8_cut(cut, sizeof(cut), org);
    sl = slot_by_org_year(gik_vhost_hash(r), hash64(org), cut, year - 1);
    if (sl) {
        prev = *sl;     /* copied, so the lock is not held while building */
    }
    registry_unlock();
    if (!sl) {
        return NULL;
    }
    /* a cut name would not be the same body to PREV-YEAR; the full names'
     * hashes matched, and an unknown name does not contradict */
    return gik_report_previous(r->pool, prev.org_cut ? NULL : prev.organization, prev.year,
                               prev.carried_forward);
}

void gik_status_snapshot_take(request_rec *r, int all_hosts, gik_status_snapshot *snap)
{
    apr_uint64_t host = gik_vhost_hash(r);
    int i;

    memset(snap, 0, sizeof(*snap));
    if (!registry_lock()) {
        snap->slots = apr_palloc(r->pool, sizeof(registry_slot));
        return;
    }
    snap->capacity = shared->nslots;
    snap->slots = apr_palloc(r->pool, sizeof(registry_slot) * (apr_size_t)(shared->high + 1));
    for (i = 0; i < shared->high; i++) {
        if (shared->slots[i].used && (all_hosts || shared->slots[i].vhost_hash == host)) {
            snap->slots[snap->n++] = shared->slots[i];
        }
    }
    snap->dropped = shared->dropped;
    snap->since = shared->since;
    for (i = 0; i < GIK_NCOUNTERS; i++) {
        snap->counters[i] = shared->counters[i];
    }
    snap->bytes_seen = shared->bytes_seen;
    registry_unlock();
}
