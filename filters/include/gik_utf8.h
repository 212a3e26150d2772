/*
 * gik_utf8.h - the core's small utilities, shared by every stage, the tool
 * and the glue: UTF-8 decoding, counting and cutting, checked.at time
 * stamps and FNV-1a.  One home for each, so no stage borrows a helper from
 * another (the role of curl's curlx and mod_md's md_util).
 */
#ifndef GIK_UTF8_H
#define GIK_UTF8_H

#include <apr_pools.h>
#include <apr_time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Strict: one UTF-8 sequence from s (len > 0 bytes available).  Returns the
 * code point and sets *adv to its length, or returns -1 for an invalid,
 * overlong, surrogate or truncated sequence with *adv = 1. */
long gik_utf8_decode(const char *s, apr_size_t len, apr_size_t *adv);

/* Lenient, for text the decoder already made UTF-8: the code point at *pp
 * (advanced past it), U+FFFD for a broken sequence, -1 at end. */
int gik_utf8_next(const unsigned char **pp, const unsigned char *end);
/* Writes cp as UTF-8 at out (room for 4 bytes); returns the end. */
char *gik_utf8_put(char *out, int cp);
/* Characters (lead bytes) in s, and in the first n bytes of s. */
apr_size_t gik_utf8_chars(const char *s);
apr_size_t gik_utf8_count(const char *s, apr_size_t n);
/* Copies src into dst[size], cut before the first character that does not
 * fit, never inside one (an invalid byte counts as one character).
 * Returns 1 when src was cut. */
int gik_utf8_cut(char *dst, apr_size_t size, const char *src);
/* s with every byte that is not UTF-8 replaced by U+FFFD, in p. */
char *gik_utf8_sanitize(apr_pool_t *p, const char *s);
/* White space as the reports use it: ASCII, NBSP, ideographic space, BOM,
 * the U+2000 spaces. */
int gik_is_space_cp(int cp);

/* t as ISO 8601 UTC to the second, "2026-11-22T10:00:00Z" (checked.at),
 * into a caller's buffer or into p. */
void gik_iso8601_utc_buf(apr_time_t t, char out[32]);
char *gik_iso8601_utc(apr_pool_t *p, apr_time_t t);

/* FNV-1a over s: not for security, only to tell strings apart (hash
 * buckets, ETag and cache-key fingerprints). */
#define GIK_FNV32_INIT 2166136261u
#define GIK_FNV64_INIT 14695981039346656037ULL
apr_uint32_t gik_fnv1a32(apr_uint32_t h, const char *s);
apr_uint64_t gik_fnv1a64(apr_uint64_t h, const char *s);

#ifdef __cplusplus
}
#endif
#endif /* GIK_UTF8_H */
