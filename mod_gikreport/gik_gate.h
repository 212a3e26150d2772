/*
 * gik_gate.h - the publication gate for PUT/POST uploads (gik_gate.c).
 */
#ifndef GIK_GATE_H
#define GIK_GATE_H

#include <apr_pools.h>

/* Registers the gate's handler and filters (mod_gikreport.c's
 * register_hooks, before the companion's: the gate must read an upload
 * before anything else runs). */
void gik_gate_register_hooks(apr_pool_t *p);

#endif /* GIK_GATE_H */
