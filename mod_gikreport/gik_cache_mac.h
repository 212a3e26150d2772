/*
 * gik_cache_mac.h - authenticated shared-cache entries (gik_cache_mac.c).
 */
#ifndef GIK_CACHE_MAC_H
#define GIK_CACHE_MAC_H

#include <httpd.h>

#define GIK_MAC_LEN 32      /* HMAC-SHA256 */

/* Reads GikReportCacheKeyFile (NULL: no key, entries are not signed). */
apr_status_t gik_mac_load(server_rec *s, apr_pool_t *pconf, const char *file);
int gik_mac_enabled(void);
/* out[GIK_MAC_LEN] = HMAC(key, id || data). */
void gik_mac_sign(const unsigned char *id, apr_size_t idlen, const char *data,
                  apr_size_t len, unsigned char *out);
/* 1 when mac is the HMAC of (id, data), compared in constant time. */
int gik_mac_verify(const unsigned char *id, apr_size_t idlen, const char *data,
                   apr_size_t len, const unsigned char *mac);

#endif /* GIK_CACHE_MAC_H */
