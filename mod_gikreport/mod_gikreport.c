/*
 * mod_gikreport.c - checks Chinese government information disclosure
 * annual reports (政府信息公开工作年度报告) as they are served and
 * uploaded: hooks, process-wide setup and the module record.
 *
 * The checking itself is the core library in filters/ (free of httpd);
 * the files next to this one are the glue, see mod_gikreport.h.
 */
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <libxml/parser.h>

#include "mod_gikreport.h"
#include "gik_init.h"

/* poppler's diagnostics about a PDF: debug lines in the error log, with
 * the control characters a hostile file may carry made harmless. */
static void log_poppler(void *baton, const char *message)
{
    server_rec *s = baton;
    char line[512];
    apr_size_t i;

    for (i = 0; message[i] && i < sizeof(line) - 1; i++) {
        line[i] = (unsigned char)message[i] < 0x20 ? '?' : message[i];
    }
    line[i] = '\0';
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, GIKLOGNO(00060) "poppler: %s", line);
}

static int gik_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    /* the mutex types must be known before the Mutex directive is read */
    if (gik_cache_pre_config(pconf) != APR_SUCCESS
        || gik_status_pre_config(pconf) != APR_SUCCESS
        || gik_sweep_pre_config(pconf) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* The core's log channel (gik_init.h): what failed to initialise, said
 * once at startup under the module's name. */
static void core_log(void *baton, gik_log_level level, const char *msg)
{
    static const int levels[] = { APLOG_ERR, APLOG_WARNING, APLOG_NOTICE };
    ap_log_error(APLOG_MARK, levels[level], 0, baton, GIKLOGNO(00090) "core: %s", msg);
}

static int gik_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                           server_rec *s)
{
    int rc;

    /* once per process, never per request; no xmlCleanupParser(): mod_dav
     * and mod_xml2enc share libxml2 */
    xmlInitParser();
    json_object_seed(0);
    gik_init(core_log, s);
    gik_pdf_set_log(log_poppler, s);
    if (gik_status_post_config(pconf, s) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((rc = gik_cache_post_config(pconf, ptemp, s)) != OK) {
        return rc;
    }
    /* last: the sweep checks pages with the registry and the cache */
    return gik_sweep_post_config(pconf, ptemp, s);
}

static void gik_child_init(apr_pool_t *p, server_rec *s)
{
    gik_status_child_init(p, s);
    gik_cache_child_init(p, s);
}

static void gik_register_hooks(apr_pool_t *p)
{
    /* each file registers its own hooks; the gate's handler before the
     * companion's (both first): the gate must read an upload before
     * anything else runs */
    gik_filter_register();
    gik_gate_register();
    gik_companion_register();
    gik_status_page_register();

    ap_hook_pre_config(gik_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(gik_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(gik_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* before the handler's conditional checks see If-None-Match */
    ap_hook_fixups(gik_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    /* after core's SetOutputFilter, to see a GIKREPORT it already added */
    ap_hook_insert_filter(gik_insert_filter, NULL, NULL, APR_HOOK_LAST);
}

AP_DECLARE_MODULE(gikreport) = {
    STANDARD20_MODULE_STUFF,
    gik_create_dir_conf,        /* create per-directory config structure */
    gik_merge_dir_conf,         /* merge per-directory config structures */
    gik_create_srv_conf,        /* create per-server config structure */
    gik_merge_srv_conf,         /* merge per-server config structures */
    gik_cmds,                   /* command table */
    gik_register_hooks          /* register hooks */
};
