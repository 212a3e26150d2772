/*
 * gik_config.c - directives and configuration merging.
 *
 * Every per-directory field starts "unset" (GIK_UNSET or NULL) so that a
 * <Location> can switch off what a parent switched on, and the defaults are
 * applied where values are read (gik_conf_*), never in create: a merge must
 * be able to tell "not said here" from "said the default here".
 */
#include <apr_file_io.h>
#include <http_core.h>
#include <apr_strings.h>

#include "mod_gikreport_private.h"
#include "gik_config.h"
#include "gik_parser.h"
#include "gik_utf8.h"

void *gik_create_dir_conf(apr_pool_t *p, char *dir)
{
    gik_dir_conf *c = apr_pcalloc(p, sizeof(*c));

    c->enabled = GIK_UNSET;
    c->badge = GIK_BADGE_UNSET;
    c->companion = GIK_UNSET;
    c->companion_suffix = NULL;
    c->max_bytes = GIK_UNSET;
    c->default_charset = NULL;
    c->rules = NULL;
    c->gate = GIK_UNSET;
    c->badge_template = NULL;
    c->badge_template_file = NULL;
    c->cors = GIK_UNSET;
    c->status_all_hosts = GIK_UNSET;
    c->pdf_helper = NULL;
    c->pdf_seconds = GIK_UNSET;
    c->pdf_megabytes = GIK_UNSET;
    c->pdf_max_running = GIK_UNSET;
    return c;
}

#define MERGE_INT(f)  c->f = (add->f != GIK_UNSET) ? add->f : base->f
#define MERGE_PTR(f)  c->f = (add->f != NULL) ? add->f : base->f

/* Rule severities add up: a <Location> overrides single rules and keeps
 * the rest of its parent's. */
static gik_rule_config *merge_rules(apr_pool_t *p, gik_rule_config *base,
                                    gik_rule_config *add)
{
    gik_rule_config *c;

    if (!base || !add) {
        return add ? add : base;
    }
    c = apr_pmemdup(p, base, sizeof(*c));
    c->severity = apr_table_copy(p, base->severity);
    apr_table_overlap(c->severity, add->severity, APR_OVERLAP_TABLES_SET);
    return c;
}

void *gik_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    gik_dir_conf *base = basev, *add = addv;
    gik_dir_conf *c = apr_pcalloc(p, sizeof(*c));

    MERGE_INT(enabled);
    MERGE_INT(badge);
    MERGE_INT(companion);
    MERGE_PTR(companion_suffix);
    MERGE_INT(max_bytes);
    MERGE_PTR(default_charset);
    c->rules = merge_rules(p, base->rules, add->rules);
    MERGE_INT(gate);
    MERGE_PTR(badge_template);
    MERGE_PTR(badge_template_file);
    MERGE_INT(cors);
    MERGE_INT(status_all_hosts);
    MERGE_PTR(pdf_helper);
    MERGE_INT(pdf_seconds);
    MERGE_INT(pdf_megabytes);
    MERGE_INT(pdf_max_running);
    return c;
}

void *gik_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    gik_srv_conf *c = apr_pcalloc(p, sizeof(*c));

    c->cache_spec = NULL;
    c->cache_key_file = NULL;
    c->status_size = GIK_UNSET;
    return c;
}

void *gik_merge_srv_conf(apr_pool_t *p, void *basev, void *addv)
{
    gik_srv_conf *base = basev, *add = addv;
    gik_srv_conf *c = apr_pcalloc(p, sizeof(*c));

    MERGE_PTR(cache_spec);
    MERGE_PTR(cache_key_file);
    MERGE_INT(status_size);
    return c;
}

#define GIK_CONF_ON(v)  ((v) == 1)

int gik_conf_enabled(const gik_dir_conf *c)
{
    return GIK_CONF_ON(c->enabled);
}

gik_badge_mode gik_conf_badge(const gik_dir_conf *c)
{
    return c->badge != GIK_BADGE_UNSET ? c->badge : GIK_BADGE_END;
}

int gik_conf_companion(const gik_dir_conf *c)
{
    return c->companion != GIK_UNSET ? c->companion : 1;
}

const char *gik_conf_suffix(const gik_dir_conf *c)
{
    return c->companion_suffix ? c->companion_suffix : GIK_DEFAULT_SUFFIX;
}

apr_off_t gik_conf_max_bytes(const gik_dir_conf *c)
{
    return c->max_bytes != GIK_UNSET ? c->max_bytes : GIK_DEFAULT_MAX_BYTES;
}

int gik_conf_gate(const gik_dir_conf *c)
{
    return GIK_CONF_ON(c->gate);
}

int gik_conf_cors(const gik_dir_conf *c)
{
    return GIK_CONF_ON(c->cors);
}

int gik_conf_status_all_hosts(const gik_dir_conf *c)
{
    return GIK_CONF_ON(c->status_all_hosts);
}

/* FNV-1a: not for security, only to tell configurations apart in ETags and
 * cache keys; 32 bits printed as 8 hex digits keeps ETags short. */
static apr_uint32_t fnv1a(apr_uint32_t h, const char *s)
{
    return gik_fnv1a32(h, s) ^ 0xff;   /* field separator: ("ab","c") != ("a","bc") */
}

static int hash_rule(void *rec, const char *key, const char *value)
{
    apr_uint32_t *h = rec;
    *h = fnv1a(fnv1a(*h, key), value);
    return 1;
}

static const char *conf_hash(apr_pool_t *p, const gik_dir_conf *c)
{
    apr_uint32_t h = 2166136261u;

    h = fnv1a(h, GIK_RULES_VERSION);
    h = fnv1a(h, apr_itoa(p, gik_conf_badge(c)));
    h = fnv1a(h, gik_conf_companion(c) ? gik_conf_suffix(c) : "-");
    h = fnv1a(h, apr_off_t_toa(p, gik_conf_max_bytes(c)));
    h = fnv1a(h, c->default_charset);
    h = fnv1a(h, c->badge_template);
    /* a PDF past one set of limits may be read under another: the field
     * "seconds/megabytes", hashed in pieces (FNV-1a streams) to spare a
     * formatted string per request */
    h = gik_fnv1a32(gik_fnv1a32(h, apr_itoa(p, c->pdf_seconds)), "/");
    h = fnv1a(h, apr_itoa(p, c->pdf_megabytes));
    if (c->rules) {
        /* the merge keeps the table in configuration order, which is stable
         * for a given configuration: good enough for a hash */
        apr_table_do(hash_rule, &h, c->rules->severity, NULL);
    }
    return apr_psprintf(p, "%08x", h);
}

gik_request_state *gik_request_state_of(request_rec *r)
{
    gik_request_state *st = ap_get_module_config(r->request_config, &gikreport_module);

    if (!st) {
        st = apr_pcalloc(r->pool, sizeof(*st));
        ap_set_module_config(r->request_config, &gikreport_module, st);
    }
    return st;
}

/* The request's configuration is merged per request (in r->pool), so the
 * hash cannot be kept with it at start-up; the fixups, the cache key and
 * the ETag of one request share it instead.  Keyed by the configuration:
 * a request may ask for another location's (a companion's page). */
const char *gik_conf_hash(request_rec *r, const gik_dir_conf *c)
{
    gik_request_state *st = gik_request_state_of(r);

    if (st->hash_conf != c) {
        st->hash = conf_hash(r->pool, c);
        st->hash_conf = c;
    }
    return st->hash;
}

/* ---- directive handlers ---------------------------------------------- */

/* GikReportBadge end|top|off
 * Default: end.  Context: server config, virtual host, directory, .htaccess.
 * Where the badge goes on report pages: before the last </body> (streaming,
 * holds back only the bytes from that tag on), after the <body> start tag
 * (buffers the page up to GikReportMaxBytes; a FLUSH or the limit falls
 * back to end), or nowhere (pages are checked but never changed). */
static const char *set_badge(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;

    if (!strcasecmp(arg, "end")) {
        c->badge = GIK_BADGE_END;
    }
    else if (!strcasecmp(arg, "top")) {
        c->badge = GIK_BADGE_TOP;
    }
    else if (!strcasecmp(arg, "off")) {
        c->badge = GIK_BADGE_OFF;
    }
    else {
        return "GikReportBadge accepts only 'end', 'top' and 'off'";
    }
    return NULL;
}

/* Every companion suffix the configuration names.  A companion request is
 * recognised before httpd knows its location (companion_map in gik_companion.c runs in
 * post_read_request, so that every access rule sees the page's URI), so
 * the suffixes must be known up front: that is why a suffix cannot be set
 * in .htaccess.  Reset with the configuration pool. */
static apr_array_header_t *suffixes;

static apr_status_t suffixes_reset(void *unused)
{
    suffixes = NULL;
    return APR_SUCCESS;
}

static void suffix_add(apr_pool_t *pconf, const char *suffix)
{
    int i;

    if (!suffixes) {
        suffixes = apr_array_make(pconf, 4, sizeof(const char *));
        APR_ARRAY_PUSH(suffixes, const char *) = GIK_DEFAULT_SUFFIX;
        apr_pool_cleanup_register(pconf, NULL, suffixes_reset, apr_pool_cleanup_null);
    }
    for (i = 0; suffix && i < suffixes->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(suffixes, i, const char *), suffix)) {
            return;
        }
    }
    if (suffix) {
        APR_ARRAY_PUSH(suffixes, const char *) = suffix;
    }
}

const apr_array_header_t *gik_conf_suffixes(void)
{
    static const char *const only_default[] = {GIK_DEFAULT_SUFFIX};
    static apr_array_header_t fallback = {NULL, sizeof(const char *), 1, 1,
                                          (char *)only_default};

    return suffixes ? suffixes : &fallback;
}

/* GikReportCompanion On|Off [suffix]
 * Default: On .gik.  Context: server config, virtual host, directory, .htaccess.
 * Serves PAGE<suffix>.json, .csv and .html next to every page. */
static const char *set_companion(cmd_parms *cmd, void *dconf, const char *flag,
                                 const char *suffix)
{
    gik_dir_conf *c = dconf;

    if (!strcasecmp(flag, "on")) {
        c->companion = 1;
    }
    else if (!strcasecmp(flag, "off")) {
        c->companion = 0;
    }
    else {
        return "GikReportCompanion accepts only 'On' or 'Off', then an optional suffix";
    }
    if (suffix) {
        if (suffix[0] != '.' || suffix[1] == '\0' || ap_strchr_c(suffix, '/')) {
            return "GikReportCompanion: the suffix must start with '.' and hold no '/'";
        }
        const char *err = ap_check_cmd_context(cmd, NOT_IN_HTACCESS);
        if (err) {
            return "GikReportCompanion: a suffix can only be set in the server "
                   "configuration (companion URIs are recognised before .htaccess is read)";
        }
        c->companion_suffix = suffix;
        suffix_add(cmd->pool, suffix);
    }
    return NULL;
}

/* GikReportMaxBytes N
 * Default: 16777216.  Context: server config, virtual host, directory, .htaccess.
 * Bytes of a page that are parsed (and, with GikReportBadge top, buffered);
 * the rest passes through unchecked and the result is marked partial. */
static const char *set_max_bytes(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;
    char *end;
    apr_off_t n;

    if (apr_strtoff(&n, arg, &end, 10) != APR_SUCCESS || *end || n < 1024) {
        return "GikReportMaxBytes must be a number of bytes, at least 1024";
    }
    c->max_bytes = n;
    return NULL;
}

/* GikReportPdfHelper PATH
 * Default: the gikreport tool where make install put it (bindir).  Context:
 * server config, virtual host.  PDFs are never opened by poppler inside
 * httpd: each uncached PDF is read by "PATH pdf-glyphs" in a child process
 * under GikReportPdfLimits.  Checked at startup, so a wrong path stops the
 * server rather than making every PDF unreadable. */
static const char *set_pdf_helper(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;
    const char *path = ap_server_root_relative(cmd->pool, arg);
    apr_finfo_t fi;

    if (!path || apr_stat(&fi, path, APR_FINFO_TYPE | APR_FINFO_UPROT, cmd->pool) != APR_SUCCESS
        || fi.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "GikReportPdfHelper: %s is not a file", arg);
    }
    c->pdf_helper = path;
    return NULL;
}

/* GikReportPdfLimits SECONDS MEGABYTES
 * Default: 10 512.  Context: server config, virtual host, directory.  The
 * PDF child's wall-clock and CPU seconds and its address space (the child
 * maps about 90 MB before it reads a page); a PDF that needs more is
 * unreadable (status none, PDF-UNREADABLE says which limit).
 * Not in .htaccess: whoever writes one must not raise them. */
static const char *set_pdf_limits(cmd_parms *cmd, void *dconf, const char *secs,
                                  const char *mb)
{
    gik_dir_conf *c = dconf;
    char *end1, *end2;
    long s = strtol(secs, &end1, 10), m = strtol(mb, &end2, 10);

    if (*end1 || *end2 || s < 1 || s > 3600 || m < 128 || m > 1024 * 1024) {
        return "GikReportPdfLimits SECONDS MEGABYTES: 1 to 3600 seconds, at least 128 MB "
               "(the reader alone maps about 90)";
    }
    c->pdf_seconds = (int)s;
    c->pdf_megabytes = (int)m;
    return NULL;
}

/* GikReportPdfMaxChildren N
 * Default: GIK_PDF_MAX_CHILDREN.  Context: server config, virtual host.
 * PDF children an httpd process runs at once (each may take
 * GikReportPdfLimits of memory and CPU): requests for many uncached PDFs
 * at once cannot start one each.  A PDF past the bound is not read this
 * time (status none, PDF-UNREADABLE "busy"), and that result is not
 * cached. */
static const char *set_pdf_max_children(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;
    char *end;
    long n = strtol(arg, &end, 10);

    if (*end || n < 1 || n > 1000) {
        return "GikReportPdfMaxChildren: 1 to 1000 (PDF reader processes per httpd process)";
    }
    c->pdf_max_running = (int)n;
    return NULL;
}

int gik_conf_pdf_max_children(const gik_dir_conf *c)
{
    return c->pdf_max_running != GIK_UNSET ? c->pdf_max_running : GIK_PDF_MAX_CHILDREN;
}

const char *gik_conf_pdf_helper(const gik_dir_conf *c)
{
    return c->pdf_helper ? c->pdf_helper : GIK_DEFAULT_PDF_HELPER;
}

void gik_conf_check_pdf_helper(apr_pool_t *ptemp, server_rec *s)
{
    for (; s; s = s->next) {
        const gik_dir_conf *c = ap_get_module_config(s->lookup_defaults, &gikreport_module);
        const char *path = gik_conf_pdf_helper(c);
        apr_finfo_t fi;

        if (apr_stat(&fi, path, APR_FINFO_TYPE, ptemp) != APR_SUCCESS
            || fi.filetype != APR_REG) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00141)
                         "the PDF reader %s is missing (make install, or GikReportPdfHelper): "
                         "every PDF will be unreadable", path);
            return;     /* once: the same default for every host */
        }
    }
}

/* GikReportRule ID off|info|warning|error
 * Default: each rule's own severity.  Context: server config, virtual host,
 * directory, .htaccess.  Checked here so a typo stops the server at startup,
 * not silently at request time. */
static const char *set_rule(cmd_parms *cmd, void *dconf, const char *id,
                            const char *severity)
{
    const gik_rule_info *ri = gik_rule_find(id);
    gik_dir_conf *c = dconf;
    const char *err;
    gik_severity sev;

    /* In .htaccess a rule can be made stricter, never looser (as the gate
     * can be switched on, never off): whoever may write one inside a
     * GikReportGate location would switch off the rules a report fails
     * and publish it.  A warning that turns into an error by itself
     * (LATE) is only raised to error.  The core's parser reads the word,
     * so every spelling it accepts ("warn" too) is judged here. */
    if (ri && gik_severity_parse(severity, &sev) == 0 && sev != GIK_SEV_ERROR
        && sev <= ri->default_severity && ap_check_cmd_context(cmd, NOT_IN_HTACCESS)) {
        return apr_psprintf(cmd->pool, "GikReportRule %s %s: in .htaccess a rule can only "
                            "be made stricter than its default (%s)", ri->id, severity,
                            gik_severity_name(ri->default_severity));
    }
    if (!c->rules) {
        c->rules = gik_rule_config_make(cmd->pool);
    }
    err = gik_rule_config_set(c->rules, cmd->pool, id, severity);
    return err ? apr_psprintf(cmd->pool, "GikReportRule %s %s: %s", id, severity, err)
               : NULL;
}

/* GikReportBadgeTemplate FILE
 * Default: the built-in template.  Context: server config, virtual host,
 * directory (not .htaccess: it reads a file at startup).
 * Read once, here, so requests never touch the file system for it. */
static const char *set_badge_template(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;
    const char *path = ap_server_root_relative(cmd->pool, arg);
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t n;
    char *buf;

    if (!path) {
        return apr_pstrcat(cmd->pool, "GikReportBadgeTemplate: invalid path ", arg, NULL);
    }
    rv = apr_file_open(&fd, path, APR_READ | APR_BINARY, 0, cmd->temp_pool);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, fd);
    }
    if (rv == APR_SUCCESS && fi.size > 64 * 1024) {
        return apr_psprintf(cmd->pool, "GikReportBadgeTemplate %s: larger than 64 KB", path);
    }
    if (rv == APR_SUCCESS) {
        n = (apr_size_t)fi.size;
        buf = apr_palloc(cmd->pool, n + 1);
        rv = n ? apr_file_read_full(fd, buf, n, &n) : APR_SUCCESS;
        buf[n] = '\0';
    }
    if (rv != APR_SUCCESS) {
        char err[128];
        return apr_psprintf(cmd->pool, "GikReportBadgeTemplate %s: %s", path,
                            apr_strerror(rv, err, sizeof(err)));
    }
    c->badge_template = buf;
    c->badge_template_file = path;
    return NULL;
}

/* The server record of a directive allowed in the server config only (one
 * cache, one registry for every virtual host), or why it is not allowed here. */
static const char *global_srv_conf(cmd_parms *cmd, gik_srv_conf **sc)
{
    *sc = ap_get_module_config(cmd->server->module_config, &gikreport_module);
    return ap_check_cmd_context(cmd, GLOBAL_ONLY);
}

/* GikReportCache none|shmcb[:args]|dbm:PATH|memcache:HOST:PORT|redis:HOST:PORT
 * Default: shmcb (4 MB in DefaultRuntimeDir).  Context: server config only:
 * one cache serves every virtual host, as for SSLSessionCache.  The
 * provider's module (mod_socache_shmcb, ...) must be loaded; without it the
 * module runs without a cache and says so once at startup. */
static const char *set_cache(cmd_parms *cmd, void *dummy, const char *arg)
{
    gik_srv_conf *sc;
    const char *err = global_srv_conf(cmd, &sc);

    if (err) {
        return err;
    }
    sc->cache_spec = arg;   /* the provider is looked up in post_config */
    return NULL;
}

/* GikReportGate On|Off (see gik_cmds).  A .htaccess may switch the gate
 * on, never off: whoever can write one inside a gated location (a DAV
 * upload of .htaccess, a tenant) must not be able to open the gate. */
static const char *set_gate(cmd_parms *cmd, void *dconf, int on)
{
    gik_dir_conf *c = dconf;

    if (!on && ap_check_cmd_context(cmd, NOT_IN_HTACCESS)) {
        return "GikReportGate Off cannot be set in .htaccess (only On)";
    }
    c->gate = on;
    return NULL;
}

/* GikReportCacheKeyFile FILE
 * Default: none.  Context: server config only.  The secret that
 * authenticates cache entries (HMAC-SHA256): whoever can write to a shared
 * memcached or redis cannot then decide verdicts.  Read at startup. */
static const char *set_cache_key_file(cmd_parms *cmd, void *dummy, const char *arg)
{
    gik_srv_conf *sc;
    const char *err = global_srv_conf(cmd, &sc);

    if (err) {
        return err;
    }
    sc->cache_key_file = ap_server_root_relative(cmd->pool, arg);
    return sc->cache_key_file ? NULL
                              : apr_pstrcat(cmd->pool, "GikReportCacheKeyFile: bad path ",
                                            arg, NULL);
}

/* A label the decoder does not know would silently read every page as
 * UTF-8: refused at startup (or in the .htaccess, as a 500 there). */
static const char *set_default_charset(cmd_parms *cmd, void *dconf, const char *label)
{
    gik_dir_conf *c = dconf;

    if (!gik_charset_canonical(label)) {
        return apr_psprintf(cmd->pool, "GikReportDefaultCharset: unknown charset label '%s' "
                            "(e.g. UTF-8, GB18030, GBK, Big5)", label);
    }
    c->default_charset = label;
    return NULL;
}

/* GikReportStatusSize N
 * Default: 4096.  Context: server config only: one registry in shared
 * memory serves every virtual host; gik_status.c sizes it in post_config. */
static const char *set_status_size(cmd_parms *cmd, void *dummy, const char *arg)
{
    gik_srv_conf *sc;
    const char *err = global_srv_conf(cmd, &sc);
    char *end;
    apr_int64_t n = apr_strtoi64(arg, &end, 10);

    if (err) {
        return err;
    }
    /* about 1 KB each in shared memory, and the status page copies them */
    if (!*arg || *end || n < 16 || n > 65536) {
        return "GikReportStatusSize: a number of entries from 16 to 65536";
    }
    sc->status_size = (int)n;
    return NULL;
}

int gik_conf_status_size(server_rec *s)
{
    gik_srv_conf *sc = ap_get_module_config(s->module_config, &gikreport_module);

    return sc->status_size != GIK_UNSET ? sc->status_size : GIK_DEFAULT_STATUS_SIZE;
}

/* GikReportStatusHosts this|all
 * Default: this.  Context: server config, virtual host, directory (not
 * .htaccess).  Which virtual hosts' pages the status page shows. */
static const char *set_status_hosts(cmd_parms *cmd, void *dconf, const char *arg)
{
    gik_dir_conf *c = dconf;

    if (strcasecmp(arg, "this") && strcasecmp(arg, "all")) {
        return "GikReportStatusHosts: this or all";
    }
    c->status_all_hosts = !strcasecmp(arg, "all");
    return NULL;
}

/* GikReportWatch folders, in configuration order; gik_sweep.c sweeps them.
 * Reset with the configuration pool, as the suffixes are. */
static apr_array_header_t *watches;

static apr_status_t watches_reset(void *unused)
{
    watches = NULL;
    return APR_SUCCESS;
}

const apr_array_header_t *gik_conf_watches(void)
{
    static apr_array_header_t none = {NULL, sizeof(gik_watch_conf), 0, 0, NULL};

    return watches ? watches : &none;
}

static const char *trimmed(apr_pool_t *p, const char *s)
{
    apr_size_t n = strlen(s);

    while (n > 1 && s[n - 1] == '/') {
        n--;
    }
    return apr_pstrndup(p, s, n);
}

/* GikReportWatch DIRECTORY URL-PATH [SECONDS]
 * Default: none; SECONDS 60.  Context: server config, virtual host.  The
 * pages under DIRECTORY, served at URL-PATH by that virtual host, are
 * checked every SECONDS without a visitor (gik_sweep.c). */
static const char *set_watch(cmd_parms *cmd, void *dummy, const char *dir, const char *prefix,
                             const char *secs)
{
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    gik_watch_conf *w;
    char *end;
    apr_int64_t n = secs ? apr_strtoi64(secs, &end, 10) : GIK_DEFAULT_WATCH_INTERVAL;

    if (err) {
        return err;
    }
    if (prefix[0] != '/') {
        return "GikReportWatch: the second argument is a URL path (/zfxxgk/ndbg)";
    }
    if ((secs && (!*secs || *end)) || n < 1 || n > 86400) {
        return "GikReportWatch: the interval is a number of seconds from 1 to 86400";
    }
    if (!watches) {
        watches = apr_array_make(cmd->pool, 4, sizeof(gik_watch_conf));
        apr_pool_cleanup_register(cmd->pool, NULL, watches_reset, apr_pool_cleanup_null);
    }
    w = apr_array_push(watches);
    w->s = cmd->server;
    w->dir = trimmed(cmd->pool, ap_server_root_relative(cmd->pool, dir));
    w->prefix = !strcmp(prefix, "/") ? "" : trimmed(cmd->pool, prefix);
    w->interval = apr_time_from_sec(n);
    return NULL;
}

const command_rec gik_cmds[] = {
    /* GikReport On|Off -- default Off; server config, virtual host,
     * directory, .htaccess.  The whole setup: checks text/html and
     * text/plain pages and badges the reports among them. */
    AP_INIT_FLAG("GikReport", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(gik_dir_conf, enabled), RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                 "On to check pages served from here (default Off)"),
    AP_INIT_TAKE1("GikReportBadge", set_badge, NULL, RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Where the badge goes: end (default), top or off"),
    AP_INIT_TAKE12("GikReportCompanion", set_companion, NULL,
                   RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                   "On|Off [suffix]: serve PAGE.gik.json/.csv/.html (default On .gik)"),
    AP_INIT_TAKE1("GikReportCache", set_cache, NULL, RSRC_CONF,
                  "none | shmcb[:args] | dbm:PATH | memcache:HOST:PORT | redis:HOST:PORT"),
    AP_INIT_TAKE1("GikReportMaxBytes", set_max_bytes, NULL,
                  RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Bytes of a page that are checked (default 16777216)"),
    /* GikReportDefaultCharset LABEL -- default UTF-8; server config, virtual
     * host, directory, .htaccess.  Used when neither the Content-Type, a BOM
     * nor a <meta> says; gb2312/gbk labels decode as GB18030. */
    AP_INIT_TAKE1("GikReportDefaultCharset", set_default_charset, NULL,
                  RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Charset of pages that do not declare one (default UTF-8)"),
    AP_INIT_TAKE1("GikReportPdfHelper", set_pdf_helper, NULL, RSRC_CONF,
                  "The gikreport program PDFs are read through (default: the installed one)"),
    AP_INIT_TAKE1("GikReportPdfMaxChildren", set_pdf_max_children, NULL, RSRC_CONF,
                  "PDF reader processes one httpd process runs at once (default 2)"),
    AP_INIT_TAKE2("GikReportPdfLimits", set_pdf_limits, NULL, RSRC_CONF | ACCESS_CONF,
                  "SECONDS MEGABYTES: limits of the process that reads a PDF (default 10 512)"),
    AP_INIT_TAKE2("GikReportRule", set_rule, NULL, RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Usage: GikReportRule RULE-ID off|info|warning|error"),
    /* GikReportGate On|Off -- default Off; server config, virtual host,
     * directory, .htaccess.  PUT/POST of a report with errors gets 422 and
     * is not stored. */
    AP_INIT_FLAG("GikReportGate", set_gate, NULL, RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                 "On to refuse uploads of reports with errors (default Off)"),
    AP_INIT_TAKE1("GikReportBadgeTemplate", set_badge_template, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "File holding the badge template (default: built in)"),
    AP_INIT_TAKE1("GikReportCacheKeyFile", set_cache_key_file, NULL, RSRC_CONF,
                  "File holding the secret key that authenticates shared cache entries"),
    /* GikReportCompanionCORS On|Off -- default Off; server config, virtual
     * host, directory (not .htaccess).  On sends
     * "Access-Control-Allow-Origin: *" with companions of anonymous pages. */
    AP_INIT_FLAG("GikReportCompanionCORS", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(gik_dir_conf, cors), RSRC_CONF | ACCESS_CONF,
                 "On to let any web site read companions of public pages (default Off)"),
    /* the status registry and the sweep (gik_status*.c, gik_sweep.c) */
    AP_INIT_TAKE1("GikReportStatusSize", set_status_size, NULL, RSRC_CONF,
                  "Entries the status registry keeps (default 4096)"),
    AP_INIT_TAKE1("GikReportStatusHosts", set_status_hosts, NULL, RSRC_CONF | ACCESS_CONF,
                  "this (default): the status page shows its own virtual host; all: every one"),
    AP_INIT_TAKE23("GikReportWatch", set_watch, NULL, RSRC_CONF,
                   "Usage: GikReportWatch DIRECTORY URL-PATH [SECONDS]: check new and changed "
                   "reports there without a visitor"),
    {NULL}
};

/* ---- where the module is in force ----------------------------------------
 * Asked by the filter, the companions, the scan and the registry alike, so
 * it lives here below all of them rather than in any one of them. */

int gik_active(request_rec *r, const gik_dir_conf *conf)
{
    core_dir_config *core = ap_get_core_module_config(r->per_dir_config);

    return gik_conf_enabled(conf)
           || (core->output_filters && ap_strcasestr(core->output_filters, "GIKREPORT"));
}

int gik_companions_served(request_rec *r, const gik_dir_conf *conf)
{
    /* a page with a query string has none: PAGE.gik.json names the page
     * without it, which may be another document (content.jsp?id=12) */
    return gik_active(r, conf) && gik_conf_companion(conf) && !r->args;
}

static const char *vhost_id(apr_pool_t *p, const server_rec *s)
{
    return apr_psprintf(p, "%s:%u|%s:%u", s->server_hostname ? s->server_hostname : "",
                        (unsigned)s->port, s->defn_name ? s->defn_name : "",
                        s->defn_line_number);
}

static apr_uint64_t vhost_hash(const char *id)
{
    apr_uint64_t h = gik_fnv1a64(GIK_FNV64_INIT, id);

    return h ? h : 1;
}

const char *gik_vhost_id(request_rec *r)
{
    const gik_srv_conf *sc = ap_get_module_config(r->server->module_config,
                                                  &gikreport_module);

    /* vhost_of: a server configuration shared by two servers names one */
    return sc && sc->vhost_of == r->server ? sc->vhost_id : vhost_id(r->pool, r->server);
}

apr_uint64_t gik_vhost_hash(request_rec *r)
{
    const gik_srv_conf *sc = ap_get_module_config(r->server->module_config,
                                                  &gikreport_module);

    return sc && sc->vhost_of == r->server ? sc->vhost_hash : vhost_hash(gik_vhost_id(r));
}

void gik_conf_post_config(apr_pool_t *pconf, server_rec *s)
{
    for (; s; s = s->next) {
        gik_srv_conf *sc = ap_get_module_config(s->module_config, &gikreport_module);
        if (sc) {
            sc->vhost_of = s;
            sc->vhost_id = vhost_id(pconf, s);
            sc->vhost_hash = vhost_hash(sc->vhost_id);
        }
    }
}

const char *gik_companion_kind(request_rec *r)
{
    return r->main ? NULL : apr_table_get(r->notes, GIK_NOTE_COMPANION);
}
