/*
 * gik_textbuf.c - the text of a paragraph or cell as the tokenizers collect
 * it, and the one function that turns it into a token.  Shared by the
 * HTML, text, layout and flattened-text tokenizers, so it depends on none
 * of them.
 */
#include <string.h>
#include "gik_textbuf.h"

void gik_textbuf_reset(gik_textbuf *b)
{
    b->len = 0;
    b->space = 0;
    b->truncated = 0;
    b->buf[0] = '\0';
}

/* The bytes a folded space can start with: ASCII white space, and 0xC2 for
 * U+00A0.  Every byte of every text passes this test, so it is one load. */
static const unsigned char space_lead[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [0xC2] = 2
};

static int fold_space(const unsigned char *p, const unsigned char *end)
{
    if (space_lead[*p] == 1) {
        return 1;
    }
    if (*p == 0xC2 && p + 1 < end && p[1] == 0xA0) {
        return 2;               /* U+00A0, &nbsp; */
    }
    return 0;
}

/* The end of the run of text from p: the next folded space, or end.  Eight
 * bytes at a time while none of them is below 0x21 (ASCII white space) or
 * 0xC2 (U+00A0's first byte): most text is CJK, none of whose bytes is
 * either; a byte that stops the word test is then looked at alone. */
static const unsigned char *text_run_end(const unsigned char *q, const unsigned char *end)
{
    const apr_uint64_t ones = APR_UINT64_C(0x0101010101010101);
    const apr_uint64_t highs = APR_UINT64_C(0x8080808080808080);
    for (;;) {
        while (end - q >= 8) {
            apr_uint64_t w, c2;
            memcpy(&w, q, 8);
            c2 = w ^ (ones * 0xC2);
            if ((((w - ones * 0x21) & ~w) | ((c2 - ones) & ~c2)) & highs) {
                break;      /* a byte below 0x21 or a 0xC2 among these */
            }
            q += 8;
        }
        if (q >= end) {
            return end;
        }
        if (space_lead[*q] && fold_space(q, end)) {
            return q;
        }
        q++;
    }
}

void gik_textbuf_append(gik_textbuf *b, const char *s, apr_size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        const unsigned char *q;
        apr_size_t run, room;
        int w = fold_space(p, end);
        if (w) {
            b->space = 1;
            p += w;
            continue;
        }
        if (b->truncated) {
            return;
        }
        q = text_run_end(p + 1, end);
        if (b->space && b->len) {
            if (b->len >= GIK_MAX_TEXT) {
                b->truncated = 1;
                return;
            }
            b->buf[b->len++] = ' ';
        }
        b->space = 0;
        run = (apr_size_t)(q - p);
        room = GIK_MAX_TEXT - b->len;
        if (run > room) {
            /* cut on a character boundary */
            run = room;
            while (run && (p[run] & 0xC0) == 0x80) {
                run--;
            }
            b->truncated = 1;
        }
        memcpy(b->buf + b->len, p, run);
        b->len += run;
        p = q;
    }
}

const char *gik_textbuf_text(gik_textbuf *b, apr_size_t *len)
{
    apr_size_t start = 0, n = b->len;
    /* U+3000 is kept inside the text (it is content in Chinese layout) but
     * is padding at the ends, like the spaces folded away already */
    for (;;) {
        if (n > start && b->buf[n - 1] == ' ') {
            n--;
        }
        else if (n - start >= 3 && gik_ends_with_ideo_space(b->buf + start, n - start)) {
            n -= 3;
        }
        else if (n > start && b->buf[start] == ' ') {
            start++;
        }
        else if (n - start >= 3 && memcmp(b->buf + start, "\xE3\x80\x80", 3) == 0) {
            start += 3;
        }
        else {
            break;
        }
    }
    if (start) {
        memmove(b->buf, b->buf + start, n - start);
    }
    b->len = n - start;
    b->buf[b->len] = '\0';
    *len = b->len;
    return b->buf;
}

void gik_token_emit(gik_token_fn fn, void *baton, gik_tok_kind kind, gik_textbuf *b, int col,
                    unsigned flags)
{
    gik_token tok;
    memset(&tok, 0, sizeof(tok));
    tok.kind = kind;
    tok.text = "";
    tok.col = col;
    tok.colspan = tok.rowspan = 1;
    tok.flattened = (flags & GIK_TOKF_FLATTENED) != 0;
    tok.joined = (flags & GIK_TOKF_JOINED) != 0;
    tok.heading = (flags & GIK_TOKF_HEADING) != 0;
    tok.truncated = (flags & GIK_TOKF_TRUNCATED) != 0;
    if (b) {
        tok.text = gik_textbuf_text(b, &tok.len);
        tok.truncated |= b->truncated;
    }
    fn(baton, &tok);
    if (b) {
        gik_textbuf_reset(b);
    }
}
