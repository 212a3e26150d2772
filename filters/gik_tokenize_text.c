/*
 * gik_tokenize_text.c - plain text to tokens, line by line.
 *
 * Reports reach us as text extracted from Word/PDF files, where tables come
 * out in one of three shapes (see notes/report-format.md §5):
 *   - tab-separated rows (seeds 000-002): one line per row, TAB between cells;
 *   - markdown pipe rows (seed 004): "| a | b |", with "|---|" separators;
 *   - flattened (seed 003): one cell per line, each prefixed with a TAB, a
 *     blank line between rows, and narrow vertical cells broken into
 *     fragments on following lines without the TAB ("\t三、", "本年", "度办");
 *   - layout text (pdftotext -layout): numbers in columns after the label,
 *     separated by runs of spaces, labels wrapped over lines -- read by
 *     gik_tokenize_layout.c, which all other lines pass through;
 *   - flattened text (a crawler's: the whole page in one line, cells joined
 *     with no separator, a metadata header first): gik_tokenize_flat.c.
 * Everything else is a paragraph.  Lines end at LF, CRLF or CR; a feed may
 * split anywhere, even inside a CRLF or a character.
 *
 * Also home of gik_textbuf, the whitespace folding both tokenizers share.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_token.h"
#include "gik_tokenize_layout.h"
#include "gik_tokenize_flat.h"

#define LINE_MAX_BYTES  65536   /* longer lines are cut (tokens flagged) */
#define MAX_FIELDS      512     /* same grid width bound as the HTML side */
#define CONT_MAX_CHARS  6       /* a fragment of a vertical cell is this short */

/* ------------------------------------------------------------------ */
/* gik_textbuf                                                         */

void gik_textbuf_reset(gik_textbuf *b)
{
    b->len = 0;
    b->space = 0;
    b->truncated = 0;
    b->buf[0] = '\0';
}

static int fold_space(const unsigned char *p, const unsigned char *end)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
        return 1;
    }
    if (*p == 0xC2 && p + 1 < end && p[1] == 0xA0) {
        return 2;               /* U+00A0, &nbsp; */
    }
    return 0;
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
        for (q = p + 1; q < end && !fold_space(q, end); q++) {
            ;
        }
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

static int ends_with_ideo_space(const char *s, apr_size_t len)
{
    return len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0;
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
        else if (n - start >= 3 && ends_with_ideo_space(b->buf + start, n - start)) {
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

/* ------------------------------------------------------------------ */
/* The tokenizer                                                       */

typedef enum {
    TBL_NONE = 0,
    TBL_TSV,
    TBL_MD,
    TBL_FLAT
} tbl_mode;

struct gik_text_tokenizer {
    gik_token_fn fn;
    void *baton;
    tbl_mode mode;
    int last_cr;             /* the previous feed ended in CR: skip an LF */
    int line_cut;            /* the current line went over LINE_MAX_BYTES */
    int row_open;            /* TBL_FLAT: a row is open */
    int have_cell;           /* TBL_FLAT: cell held back for continuations */
    int col;                 /* TBL_FLAT: column of the held cell */
    int blanks;              /* TBL_FLAT: consecutive blank lines */
    apr_size_t line_len;
    char *line;              /* LINE_MAX_BYTES */
    gik_textbuf text;        /* paragraph / field / held cell */
    gik_layout *layout;      /* plain lines: layout tables and paragraphs */
    int body;                /* a line other than a metadata header was seen */
};

static void emit(gik_text_tokenizer *t, gik_tok_kind kind, int col, int truncated)
{
    gik_token_emit(t->fn, t->baton, kind, NULL, col, truncated ? GIK_TOKF_TRUNCATED : 0);
}

/* Emits t->text as a PARA or CELL and clears it. */
static void emit_text(gik_text_tokenizer *t, gik_tok_kind kind, int col, int truncated)
{
    unsigned flags = truncated ? GIK_TOKF_TRUNCATED : 0;
    if (kind == GIK_TOK_CELL && t->mode == TBL_FLAT) {
        flags |= GIK_TOKF_FLATTENED;
    }
    gik_token_emit(t->fn, t->baton, kind, &t->text, col, flags);
}

static void flush_held_cell(gik_text_tokenizer *t)
{
    if (t->have_cell) {
        emit_text(t, GIK_TOK_CELL, t->col++, 0);
        t->have_cell = 0;
    }
}

static void end_flat_row(gik_text_tokenizer *t)
{
    flush_held_cell(t);
    if (t->row_open) {
        emit(t, GIK_TOK_ROW_END, 0, 0);
        t->row_open = 0;
    }
}

static void end_table(gik_text_tokenizer *t)
{
    if (t->mode == TBL_NONE) {
        return;
    }
    if (t->mode == TBL_FLAT) {
        end_flat_row(t);
    }
    emit(t, GIK_TOK_TABLE_END, 0, 0);
    t->mode = TBL_NONE;
}

static void begin_table(gik_text_tokenizer *t, tbl_mode mode)
{
    if (t->mode != mode) {
        end_table(t);
        emit(t, GIK_TOK_TABLE_START, 0, 0);
        t->mode = mode;
        t->row_open = t->have_cell = 0;
        t->blanks = 0;
    }
}

/* Emits one row of cells split on sep. */
static void emit_row(gik_text_tokenizer *t, const char *s, apr_size_t n, char sep)
{
    const char *end = s + n;
    int col = 0;
    emit(t, GIK_TOK_ROW_START, 0, 0);
    for (;;) {
        const char *q = memchr(s, sep, (apr_size_t)(end - s));
        if (!q) {
            q = end;
        }
        if (col >= MAX_FIELDS) {
            t->line_cut = 1;
            break;
        }
        gik_textbuf_append(&t->text, s, (apr_size_t)(q - s));
        emit_text(t, GIK_TOK_CELL, col++, t->line_cut);
        if (q == end) {
            break;
        }
        s = q + 1;
    }
    emit(t, GIK_TOK_ROW_END, 0, t->line_cut);
}

/* A markdown row: "| a | b |"; s starts at the first '|'. */
static void md_line(gik_text_tokenizer *t, const char *s, apr_size_t n)
{
    apr_size_t i;
    int dash = 0;
    s++;
    n--;
    if (n && s[n - 1] == '|') {
        n--;
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '-') {
            dash = 1;
        }
        else if (s[i] != ':' && s[i] != '|' && s[i] != ' ' && s[i] != '\t') {
            break;
        }
    }
    begin_table(t, TBL_MD);
    if (i == n && dash) {
        return;                 /* |---|:--:| separator */
    }
    emit_row(t, s, n, '|');
}

static apr_size_t utf8_chars(const char *s, apr_size_t n)
{
    apr_size_t i, c = 0;
    for (i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

/* Code point of the UTF-8 character at s (n bytes available; 0 if cut). */
static apr_uint32_t cp_at(const unsigned char *s, apr_size_t n)
{
    if (s[0] < 0x80) {
        return s[0];
    }
    if (n < (s[0] >= 0xF0 ? 4u : s[0] >= 0xE0 ? 3u : 2u)) {
        return 0;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        return (apr_uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0) {
        return (apr_uint32_t)(s[0] & 0x0F) << 12 | (apr_uint32_t)(s[1] & 0x3F) << 6
               | (s[2] & 0x3F);
    }
    return (apr_uint32_t)(s[0] & 0x07) << 18 | (apr_uint32_t)(s[1] & 0x3F) << 12
           | (apr_uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* CJK characters and punctuation, full-width forms: joined without a space. */
static int is_wide(apr_uint32_t cp)
{
    return cp >= 0x2E80;
}

static int last_is_wide(const gik_textbuf *b)
{
    apr_size_t i = b->len;
    if (!i) {
        return 0;
    }
    while (i && ((unsigned char)b->buf[i - 1] & 0xC0) == 0x80) {
        i--;
    }
    return i ? is_wide(cp_at((const unsigned char *)b->buf + i - 1, b->len - i + 1)) : 0;
}

static int is_number(const char *s, apr_size_t n)
{
    apr_size_t i;
    int digit = 0;
    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            digit = 1;
        }
        else if (!(s[i] == '.' || s[i] == ',' || ((s[i] == '-' || s[i] == '+') && i == 0))) {
            return 0;
        }
    }
    return digit;
}

/* In a flattened row, a short line without TAB right after a text cell is
 * the rest of a vertical cell the extractor broke up ("三、" "本年" "度办"). */
static int continues_cell(gik_text_tokenizer *t, const char *s, apr_size_t n)
{
    return t->mode == TBL_FLAT && t->have_cell && t->text.len
           && !is_number(t->text.buf, t->text.len)
           && utf8_chars(s, n) <= CONT_MAX_CHARS;
}

static void process_line(gik_text_tokenizer *t, const char *s, apr_size_t n)
{
    const char *tab;
    apr_size_t i;

    /* a form feed starts a page (pdftotext): no content */
    while (n && *s == '\f') {
        s++;
        n--;
    }
    /* trailing spaces and U+3000 go; trailing TABs are empty TSV fields */
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\f' || s[n - 1] == '\v')) {
            n--;
        }
        else if (ends_with_ideo_space(s, n)) {
            n -= 3;
        }
        else {
            break;
        }
    }
    if (n == 0) {
        if (t->mode == TBL_FLAT) {
            end_flat_row(t);
            if (++t->blanks >= 2) {
                end_table(t);
            }
        }
        else {
            end_table(t);
            gik_layout_line(t->layout, s, 0);
        }
        return;
    }
    tab = memchr(s, '\t', n);
    for (i = 0; i < n && s[i] == ' '; i++) {
        ;
    }
    if (tab || s[i] == '|') {
        gik_layout_flush(t->layout);    /* another markup begins */
    }
    if (tab == s && !memchr(s + 1, '\t', n - 1)) {
        /* flattened: one cell per line */
        begin_table(t, TBL_FLAT);
        flush_held_cell(t);
        if (!t->row_open) {
            emit(t, GIK_TOK_ROW_START, 0, 0);
            t->row_open = 1;
            t->col = 0;
        }
        t->blanks = 0;
        gik_textbuf_append(&t->text, s + 1, n - 1);
        t->text.truncated |= t->line_cut;
        t->have_cell = 1;
        return;
    }
    if (tab) {
        begin_table(t, TBL_TSV);
        emit_row(t, s, n, '\t');
        return;
    }
    if (s[i] == '|') {
        md_line(t, s + i, n - i);
        return;
    }
    if (continues_cell(t, s + i, n - i)) {
        int wide = last_is_wide(&t->text)
                   && is_wide(cp_at((const unsigned char *)s + i, n - i));
        t->text.space = !wide;
        gik_textbuf_append(&t->text, s + i, n - i);
        return;
    }
    end_table(t);
    if (!t->body) {
        gik_layout_flush(t->layout);
        if (gik_flat_metadata(t->fn, t->baton, &t->text, s, n)) {
            return;
        }
        t->body = 1;
    }
    if (!t->line_cut && gik_flat_headings(s, n) < 2 && gik_layout_line(t->layout, s, n)) {
        return;
    }
    gik_layout_flush(t->layout);
    gik_flat_line(t->fn, t->baton, &t->text, s, n);
}

gik_text_tokenizer *gik_text_tokenizer_create(apr_pool_t *p, gik_token_fn fn, void *baton)
{
    gik_text_tokenizer *t = apr_pcalloc(p, sizeof(*t));
    t->fn = fn;
    t->baton = baton;
    t->line = apr_palloc(p, LINE_MAX_BYTES);
    t->layout = gik_layout_create(p, fn, baton);
    gik_textbuf_reset(&t->text);
    return t;
}

static void line_add(gik_text_tokenizer *t, const char *s, apr_size_t n)
{
    apr_size_t room = LINE_MAX_BYTES - t->line_len;
    if (n > room) {
        /* keep whole characters only */
        n = room;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--;
        }
        t->line_cut = 1;
    }
    memcpy(t->line + t->line_len, s, n);
    t->line_len += n;
}

static void end_line(gik_text_tokenizer *t)
{
    process_line(t, t->line, t->line_len);
    t->line_len = 0;
    t->line_cut = 0;
}

void gik_text_tokenizer_feed(gik_text_tokenizer *t, const char *buf, apr_size_t len)
{
    const char *end = buf + len;

    while (buf < end) {
        const char *q;
        if (t->last_cr) {
            t->last_cr = 0;
            if (*buf == '\n') {
                buf++;
                continue;
            }
        }
        for (q = buf; q < end && *q != '\n' && *q != '\r'; q++) {
            ;
        }
        line_add(t, buf, (apr_size_t)(q - buf));
        if (q == end) {
            break;
        }
        t->last_cr = *q == '\r';
        end_line(t);
        buf = q + 1;
    }
}

void gik_text_tokenizer_finish(gik_text_tokenizer *t)
{
    if (t->line_len) {
        end_line(t);
    }
    gik_layout_flush(t->layout);
    end_table(t);
    t->body = 0;
    t->last_cr = 0;
    t->line_cut = 0;
    gik_textbuf_reset(&t->text);
}
