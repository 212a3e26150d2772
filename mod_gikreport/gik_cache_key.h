/*
 * gik_cache_key.h - cache keys (gik_cache_key.c): the SHA-1 of what names
 * a result, remembered per child.
 */
#ifndef GIK_CACHE_KEY_H
#define GIK_CACHE_KEY_H

#include "mod_gikreport_private.h"

/* After gik_cache_child_init: the child's memo of keys (none without a
 * cache). */
void gik_cache_key_child_init(apr_pool_t *p, server_rec *s);
/* Cache key for (page URI, version, config); NULL when version is NULL or
 * there is no cache.  GIK_CACHE_KEY_LEN bytes, binary. */
#define GIK_CACHE_KEY_LEN 20
const char *gik_cache_key(request_rec *r, const gik_dir_conf *conf,
                          const char *page_uri, const char *version);

#endif /* GIK_CACHE_KEY_H */
