/*
 * gik_status_page.h - the gikreport-status handler (gik_status_page.c).
 */
#ifndef GIK_STATUS_PAGE_H
#define GIK_STATUS_PAGE_H

#include <apr_pools.h>

/* Registers the handler (mod_gikreport.c's register_hooks). */
void gik_status_page_register_hooks(apr_pool_t *p);

#endif /* GIK_STATUS_PAGE_H */
