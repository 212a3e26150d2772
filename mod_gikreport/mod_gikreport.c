/*
 * mod_gikreport.c - checks Chinese government information disclosure
 * annual reports (政府信息公开工作年度报告) as they are served and
 * uploaded: hooks, process-wide setup and the module record.
 *
 * The checking itself is the core library in filters/ (free of httpd);
 * the files next to this one are the glue, see mod_gikreport_private.h.
 */
#include <http_core.h>
#include <http_protocol.h>
#include <http_request.h>
#include <libxml/parser.h>
#include <jansson.h>

#define GIK_DECLARES_MODULE     /* AP_DECLARE_MODULE below: no APLOG_USE_MODULE */
#include "mod_gikreport_private.h"
#include "gik_config.h"
#include "gik_cache.h"
#include "gik_status.h"
#include "gik_sweep.h"
#include "gik_filter.h"
#include "gik_gate.h"
#include "gik_companion.h"
#include "gik_status_page.h"
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
        || gik_status_pre_config(pconf) != APR_SUCCESS) {
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
    gik_conf_check_pdf_helper(ptemp, s);
    gik_conf_post_config(pconf, s);
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
    gik_cache_key_child_init(p, s);
}

static void gik_register_hooks(apr_pool_t *p)
{
    /* each file registers its own request hooks and filters (as mod_http2's
     * h2_*_register_hooks); the gate's handler before the companion's
     * (both first): the gate must read an upload before anything else runs */
    gik_filter_register_hooks(p);
    gik_gate_register_hooks(p);
    gik_companion_register_hooks(p);
    gik_status_page_register_hooks(p);

    /* the process-wide steps stay here, one hook each, because their order
     * matters (the sweep's post_config last) and one module's hooks of the
     * same order need not run in the order they were registered */
    ap_hook_pre_config(gik_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(gik_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(gik_child_init, NULL, NULL, APR_HOOK_MIDDLE);
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
