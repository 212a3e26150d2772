/*
 * fuzz_common.h - shared by the libFuzzer targets in this directory.
 *
 * The first bytes of every input are not page bytes but choices, so that
 * libFuzzer explores how the page is split and which charset the "server"
 * claims together with the page itself:
 *
 *   byte 0        charset label given as header_charset (index into
 *                 fuzz_charsets, modulo its size)
 *   byte 1        n = byte % 8: how many chunk-size bytes follow (0: whole)
 *   bytes 2..n+1  chunk sizes; a byte b means b + 1 bytes, except that
 *                 b >= 0xf0 means (b - 0xef) * 4096 bytes, so big chunks
 *                 are reachable too.  The sizes are used in a cycle.
 *   the rest      the page
 *
 * Too-short inputs are taken as "no charset, whole".
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_pools.h>
#include "gik_parser.h"

/* The header charsets byte 0 picks from (NULL: none claimed). */
#define FUZZ_NCHARSETS 6
extern const char *const fuzz_charsets[FUZZ_NCHARSETS];

typedef struct {
    const char *charset;
    apr_size_t sizes[7];
    int nsizes;               /* 0: feed whole */
    const uint8_t *page;
    size_t len;
} fuzz_input;

/* The targets' root pool, made by fuzz_init(). */
extern apr_pool_t *fuzz_root;

/* APR, the root pool and gik_init(), once per process. */
void fuzz_init(void);
/* Reads the choice bytes of data (the layout above) into in. */
void fuzz_split(const uint8_t *data, size_t size, fuzz_input *in);
/* Hands the page to feed(baton, bytes, n): whole (when whole, or nsizes
 * is 0) or in the chunks of in, its sizes in a cycle. */
typedef void fuzz_feed_fn(void *baton, const char *buf, apr_size_t len);
void fuzz_feed(const fuzz_input *in, int whole, fuzz_feed_fn *feed, void *baton);
/* Parses the page fed so, and finishes. */
gik_report *fuzz_parse(apr_pool_t *p, const gik_options *opts, const fuzz_input *in,
                       int whole);
/* Nonzero when s[0..len) is well-formed UTF-8 (no overlongs, surrogates). */
int fuzz_valid_utf8(const char *s, size_t len);
/* Says what broke on stderr and aborts: libFuzzer keeps the input. */
void fuzz_fail(const char *what, const char *detail);
/* The companion minus checked.at (the clock), compact; in p. */
char *fuzz_json_without_time(apr_pool_t *p, const gik_report *rep);
/* All the writers over rep, checking what each of them promises. */
void fuzz_emit_all(apr_pool_t *p, const gik_report *rep);

/* A decoder's (or any callback's) output collected in one growing buffer. */
typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
} fuzz_sink;

void fuzz_sink_init(fuzz_sink *s, apr_pool_t *p);
/* A gik_decoder output callback; baton is a fuzz_sink. */
void fuzz_sink_utf8(void *baton, const char *buf, apr_size_t len);

/* The HTML tokenizer's tokens of page (valid UTF-8), every field, one line
 * each, fed in pieces of step bytes, with the attribute stage on or off. */
char *fuzz_html_tokens(apr_pool_t *p, const char *page, apr_size_t len, int slim,
                       apr_size_t step);
/* What the decoder hands the tokenizer: valid UTF-8 without NUL; a byte
 * that is not becomes '?'.  In p, NUL-terminated, the same length. */
char *fuzz_as_decoded(apr_pool_t *p, const uint8_t *data, size_t size);

#endif /* FUZZ_COMMON_H */
