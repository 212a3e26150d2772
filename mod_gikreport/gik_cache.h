/*
 * gik_cache.h - the result cache (gik_cache.c): results and companion
 * documents in a mod_socache provider, keyed by page, version and config.
 */
#ifndef GIK_CACHE_H
#define GIK_CACHE_H

#include "mod_gikreport_private.h"
#include "gik_result.h"
#include "gik_cache_key.h"

/* Process-wide steps, called in order by mod_gikreport.c's hooks. */
apr_status_t gik_cache_pre_config(apr_pool_t *pconf);
int gik_cache_post_config(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);
void gik_cache_child_init(apr_pool_t *p, server_rec *s);

/* A result cache is configured (GikReportCache is not none). */
int gik_cache_enabled(void);
/* The keys: gik_cache_key.h. */
/* The request note a result gives (gik_note_result): kept with a result
 * in the child's cache, so a hit need not format it. */
const char *gik_result_note(apr_pool_t *p, const gik_result *res);
/* A hit fills res; its strings live as long as r->pool.  linked (0 or 1,
 * -1 for neither) asks for the badge rendered earlier in this child with
 * (1) or without (0) the companion link: res->badge, NULL when none yet;
 * res->link the Link header kept likewise. */
int gik_cache_get(request_rec *r, const char *key, int linked, gik_result *res);
void gik_cache_put(request_rec *r, const char *key, const gik_result *res);
/* Keeps what a hit on a cached result would make again in this child: the
 * badge (gik_result_badge) without (which 0) or with (1) the companion
 * link, or the Link header naming the companion (GIK_KEEP_LINK).  The key
 * names page, version and config, and the config includes the badge
 * template and the companion suffix, so the only thing left that changes
 * the bytes is whether the badge links the companion. */
#define GIK_KEEP_LINK 2
void gik_cache_keep(request_rec *r, const char *key, int which, const char *s);
/* Companion documents: kind 'J' (JSON) or 'C' (CSV); a document read
 * lives as long as r->pool. */
const char *gik_cache_get_doc(request_rec *r, const char *key, char kind);
void gik_cache_put_doc(request_rec *r, const char *key, char kind, const char *doc);

#endif /* GIK_CACHE_H */
