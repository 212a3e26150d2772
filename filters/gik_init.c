/*
 * gik_init.c - the core's process initialisation (gik_init.h): the label
 * catalogue, the rules' pattern tables, and a check that iconv converts the
 * charsets the reports are published in (the decoder's own list,
 * gik_decoder_probe_iconv).  One pthread_once, here, instead of one per
 * table at every call site that had to remember it.
 */
#include <pthread.h>
#include <apr_pools.h>
#include "gik_init.h"
#include "gik_decode.h"
#include "gik_log.h"
#include "gik_labels.h"
#include "gik_rules_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_failures;

static void init_all(void)
{
    gik_labels_init();
    init_failures = gik_rules_init() + gik_decoder_probe_iconv();
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
