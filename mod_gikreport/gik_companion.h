/*
 * gik_companion.h - PAGE.gik.json / .csv / .html (gik_companion.c).
 */
#ifndef GIK_COMPANION_H
#define GIK_COMPANION_H

#include <apr_pools.h>

/* Registers the companion mapping, handler and sink filter
 * (mod_gikreport.c's register_hooks, after the gate's). */
void gik_companion_register_hooks(apr_pool_t *p);

#endif /* GIK_COMPANION_H */
