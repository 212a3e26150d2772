/*
 * gik_init.c - the core's process initialisation (gik_init.h): the label
 * catalogue, the rules' pattern tables, and a check that iconv converts the
 * charsets the reports are published in.  One pthread_once, here, instead
 * of one per table at every call site that had to remember it.
 */
#include <pthread.h>
#include <apr_pools.h>
#include <apr_xlate.h>
#include "gik_init.h"
#include "gik_log.h"
#include "gik_labels.h"
#include "gik_rules_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_failures;

/* The legacy charsets of Chinese government sites: without them a page is
 * read as UTF-8 and its tables come out as mojibake (CHARSET findings). */
static int probe_iconv(void)
{
    static const char *const charsets[] = { "GB18030", "GBK", "BIG5" };
    apr_pool_t *p;
    unsigned i;
    int failed = 0;

    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        gik_log(GIK_LOG_ERROR, "no memory for a pool: charsets not probed");
        return 1;
    }
    for (i = 0; i < sizeof(charsets) / sizeof(charsets[0]); i++) {
        apr_xlate_t *x;
        if (apr_xlate_open(&x, "UTF-8", charsets[i], p) != APR_SUCCESS) {
            gik_log(GIK_LOG_WARNING, "iconv cannot convert %s: pages in it are read as "
                    "UTF-8 (install the iconv modules, e.g. glibc's gconv)", charsets[i]);
            failed++;
        }
    }
    apr_pool_destroy(p);
    return failed;
}

static void init_all(void)
{
    gik_labels_init();
    init_failures = gik_rules_init() + probe_iconv();
}

int gik_init(gik_log_fn log, void *baton)
{
    gik_log_set(log, baton);
    return gik_init_once();
}

int gik_init_once(void)
{
    pthread_once(&init_once, init_all);
    return init_failures;
}
