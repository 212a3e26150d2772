/*
 * gik_textbuf.h - what the tokenizers share (HTML, plain text, layout and
 * flattened text): the text of a paragraph or cell being collected, and
 * the one way a token is emitted.  Private to the tokenizers.
 */
#ifndef GIK_TEXTBUF_H
#define GIK_TEXTBUF_H

#include <string.h>
#include "gik_token.h"

/* A paragraph's or cell's text being collected: ASCII whitespace and U+00A0
 * runs fold to one space, leading/trailing spaces and U+3000 are trimmed, and
 * the text stops at GIK_MAX_TEXT bytes on a character boundary. */
typedef struct gik_textbuf {
    apr_size_t len;
    int space;           /* a folded space is pending before the next text */
    int truncated;
    char buf[GIK_MAX_TEXT + 1];
} gik_textbuf;

void gik_textbuf_reset(gik_textbuf *b);
/* Appends UTF-8 (whole characters). */
void gik_textbuf_append(gik_textbuf *b, const char *s, apr_size_t n);
/* Trims and NUL-terminates; returns the text (inside b), its length in *len. */
const char *gik_textbuf_text(gik_textbuf *b, apr_size_t *len);

/* Emits a PARA or CELL holding the text collected in b (b is reset), or,
 * with b NULL, a structural token; flags are GIK_TOKF_*. */
#define GIK_TOKF_FLATTENED 1
#define GIK_TOKF_JOINED    2
#define GIK_TOKF_HEADING   4
#define GIK_TOKF_TRUNCATED 8
void gik_token_emit(gik_token_fn fn, void *baton, gik_tok_kind kind, gik_textbuf *b, int col,
                    unsigned flags);

/* 1 when s[0..len) ends in U+3000 (ideographic space). */
static inline int gik_ends_with_ideo_space(const char *s, apr_size_t len)
{
    return len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0;
}

#endif /* GIK_TEXTBUF_H */
