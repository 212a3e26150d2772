/*
 * gik_sweep.h - the sweep (gik_sweep.c): the GikReportWatch folders
 * checked from a mod_watchdog thread, no visitor needed.
 */
#ifndef GIK_SWEEP_H
#define GIK_SWEEP_H

#include "mod_gikreport_private.h"

/* Sets up the watchdog for the configured folders (last in post_config:
 * the sweep checks pages with the registry and the cache). */
int gik_sweep_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);

#endif /* GIK_SWEEP_H */
