/*
 * gik_content.h - page versions (gik_content.c): known up front (a file's
 * mtime and size, an ETag), or from the bytes (a keyed hash) when not.
 */
#ifndef GIK_CONTENT_H
#define GIK_CONTENT_H

#include "mod_gikreport_private.h"

/* Version of the page r serves: "F<mtime>-<size>" for a file, "E<etag>",
 * or NULL when it has no stable identity (then nothing is cached). */
const char *gik_page_version(request_rec *r);
/* 1 when r's body is its file as it is: no handler but the default one
 * (a program's output is not the file, whatever its handler is called). */
int gik_serves_file(request_rec *r);
/* The URI that names what r serves: a static file reached with path info
 * (AcceptPathInfo On) is named without it. */
const char *gik_page_uri(request_rec *r, const char *uri);

/* ---- content-addressed versions --------------------------------------- */
/* Bytes of one response kept aside while its version is not yet known:
 * at most this much per request, for no longer than the response. */
#define GIK_CONTENT_HOLD_MAX (512 * 1024)
typedef struct gik_content gik_content;
/* The secret the content hash is keyed with (post_config, after the cache
 * key file is read): from GikReportCacheKeyFile, else random. */
apr_status_t gik_content_init(server_rec *s);
/* NULL when no hash state could be had (then the page is parsed as usual). */
gik_content *gik_content_create(request_rec *r);
/* Hashes buf; 1 when it was also kept aside, 0 when the bound is passed
 * (or the copies were handed over): the parser must have it now. */
int gik_content_feed(gik_content *c, const char *buf, apr_size_t len);
int gik_content_holding(const gik_content *c);
/* Hash without keeping a copy: the reader holds the bytes to EOS itself (PDF). */
void gik_content_hash_only(gik_content *c);
/* Every byte is still unparsed (kept, or hash-only): a hit at EOS is usable. */
int gik_content_whole(const gik_content *c);
/* Hands the kept bytes to to(), in order, and keeps them. */
void gik_content_each(const gik_content *c, void (*to)(void *, const char *, apr_size_t),
                      void *baton);
/* Hands the kept bytes to to(), in order, and frees them. */
void gik_content_release(gik_content *c, void (*to)(void *, const char *, apr_size_t),
                         void *baton);
/* At EOS: "X<xxh3>-<length>-<content type>", the version for gik_cache_key. */
const char *gik_content_version(const gik_content *c);

#endif /* GIK_CONTENT_H */
