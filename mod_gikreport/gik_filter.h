/*
 * gik_filter.h - the GIKREPORT output filter (gik_filter.c): what the
 * companion handler asks of it, and its hooks.
 */
#ifndef GIK_FILTER_H
#define GIK_FILTER_H

#include "mod_gikreport_private.h"

/* Registers the filter and its fixups and insert_filter hooks
 * (mod_gikreport.c's register_hooks). */
void gik_filter_register_hooks(apr_pool_t *p);
/* Why r's response is not checked (status, type, encoding...), or NULL. */
const char *gik_unchecked_reason(request_rec *r);
/* 1 when r's Content-Type is neither text/html nor text/plain. */
int gik_unchecked_type(request_rec *r);
/* Keeps GIKREPORT off a response of the module's own (companion views). */
void gik_filter_exclude(request_rec *r);
/* '"abc"' + '-gikHASH' -> '"abc-gikHASH"' (weak prefix kept). */
const char *gik_etag_suffix(apr_pool_t *p, const char *etag, const char *suffix);

#endif /* GIK_FILTER_H */
