/*
 * gik_decode.h - from the page's bytes to UTF-8.
 *
 * Charset precedence (WHATWG "encoding sniffing", as mod_xml2enc does it):
 *   1. the charset the caller knows (HTTP Content-Type) -- unless a BOM says otherwise
 *   2. a byte order mark
 *   3. <meta charset> / <meta http-equiv="Content-Type"> in the first 1024 bytes
 *   4. the configured default (GikReportDefaultCharset; "UTF-8" when unset)
 * except that bytes which are no UTF-8 but clean GB18030 are read as GB18030
 * whatever 1, 3 or 4 claimed (gik_decoder_declared() says so).
 * gb2312, gbk and their WHATWG aliases decode as GB18030 (a superset).
 * Conversion is apr_xlate (iconv).  Bytes that do not decode become U+FFFD and
 * are counted; a character split between two feeds is carried over.
 */
#ifndef GIK_DECODE_H
#define GIK_DECODE_H

#include <apr_pools.h>
#include "gik_parser.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gik_decoder gik_decoder;

/* Receives decoded UTF-8; buf is valid only during the call. */
typedef void (*gik_utf8_fn)(void *baton, const char *buf, apr_size_t len);

/* gik_charset_canonical() is public: gik_parser.h. */

/* Looks for <meta charset=...> / http-equiv in buf (the first up to 1024 bytes).
 * Returns the canonical name or NULL. */
const char *gik_charset_from_meta(apr_pool_t *p, const char *buf, apr_size_t len);

/* header_charset: from Content-Type (may be NULL); default_charset: may be NULL (UTF-8). */
gik_decoder *gik_decoder_create(apr_pool_t *p, const char *header_charset,
                                const char *default_charset,
                                gik_utf8_fn fn, void *baton);
void gik_decoder_feed(gik_decoder *d, const char *buf, apr_size_t len);
void gik_decoder_finish(gik_decoder *d);
/* Valid once decided (after 1024 bytes or finish): canonical charset name. */
const char *gik_decoder_charset(const gik_decoder *d);
/* When the page said UTF-8 (header, <meta> or default) but its first bytes
 * are no UTF-8 and clean GB18030, it is read as GB18030 -- and the reverse,
 * GBK claimed, UTF-8 bytes: this returns the charset it claimed, else NULL.
 * *by_default (may be NULL) is set when the claim was only the configured
 * default: the page said nothing. */
const char *gik_decoder_declared(const gik_decoder *d, int *by_default);
/* Nonzero when an HTTP header, a BOM or a <meta> named the charset: what a
 * browser goes by.  Valid once decided. */
int gik_decoder_explicit(const gik_decoder *d);
/* Nonzero once a byte >= 0x80 has been fed: a page of ASCII reads alike in
 * every charset. */
int gik_decoder_nonascii(const gik_decoder *d);
/* Number of byte sequences that could not be decoded. */
apr_size_t gik_decoder_errors(const gik_decoder *d);
/* Nonzero when the page is UTF-16: the module must not inject an ASCII badge. */
int gik_decoder_is_utf16(const gik_decoder *d);
/* Opens each charset the decoder reads through iconv, by the name it asks
 * iconv for, and logs (gik_log) each that iconv lacks: pages in it are read
 * as UTF-8.  Returns the number missing.  Called by gik_init(). */
int gik_decoder_probe_iconv(void);

#ifdef __cplusplus
}
#endif
#endif /* GIK_DECODE_H */
