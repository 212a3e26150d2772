/*
 * gik_token.h - the one stream of blocks both tokenizers produce.
 *
 * The recogniser never sees markup: HTML (gik_tokenize_html.c) and plain text
 * (gik_tokenize_text.c: tab-separated rows, markdown pipe tables, tables
 * flattened to one cell per line) all become paragraphs and table cells with
 * their grid position.  That is what lets one recogniser read every markup.
 */
#ifndef GIK_TOKEN_H
#define GIK_TOKEN_H

#include <apr_pools.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Text longer than this is cut (and flagged): no cell or paragraph makes
 * memory grow with the page. */
#define GIK_MAX_TEXT 4096

typedef enum {
    GIK_TOK_PARA = 0,    /* a paragraph/heading/line of narrative text */
    GIK_TOK_TABLE_START, /* a table begins (HTML <table>, first row of a text table) */
    GIK_TOK_ROW_START,   /* a table row begins */
    GIK_TOK_CELL,        /* one cell of the current row */
    GIK_TOK_ROW_END,
    GIK_TOK_TABLE_END,
    GIK_TOK_META         /* <meta name=... content=...>: text = name, text2 = content */
} gik_tok_kind;

typedef struct gik_token {
    gik_tok_kind kind;
    const char *text;    /* UTF-8, NUL-terminated, whitespace runs folded to one
                            space and trimmed; "" for an empty cell */
    apr_size_t len;
    const char *text2;   /* GIK_TOK_META only: the content attribute */
    int col;             /* CELL: grid column, counting colspans and the cells that
                            rowspans above carry down (text formats: field index;
                            -1: no position, a layout text's column header) */
    int colspan;         /* CELL: >= 1 (clamped, see gik_tokenize_html.c) */
    int rowspan;         /* CELL: >= 1 (clamped) */
    int heading;         /* PARA: came from <h1>-<h6> or <title> */
    int truncated;       /* text was cut at GIK_MAX_TEXT */
    int flattened;       /* CELL: from a table flattened to one cell per line or
                            paragraph: col is only its order within the row, so
                            positions say nothing about the layout */
    int joined;          /* CELL: the digits of several cells printed with no
                            separator ("640020470"); blanks in it are cell
                            boundaries (gik_tokenize_flat.c) */
} gik_token;

/* Tokens are valid only during the call; the receiver copies what it keeps. */
typedef void (*gik_token_fn)(void *baton, const gik_token *tok);

/* --- HTML: libxml2 push parser, SAX callbacks only, never a tree --- */
typedef struct gik_html_tokenizer gik_html_tokenizer;

gik_html_tokenizer *gik_html_tokenizer_create(apr_pool_t *p, gik_token_fn fn, void *baton);
/* Feed UTF-8 bytes (any split, even inside a character). */
void gik_html_tokenizer_feed(gik_html_tokenizer *t, const char *buf, apr_size_t len);
/* Whether start tags lose their unread attributes before libxml2 (on by
 * default; the parse is the same either way, which tests check with off). */
void gik_html_tokenizer_slim(gik_html_tokenizer *t, int on);
void gik_html_tokenizer_finish(gik_html_tokenizer *t);
/* Stop parsing once done(baton) says the receiver has all it wants (asked
 * after each tag): the rest of the page is neither parsed nor tokenized. */
void gik_html_tokenizer_until(gik_html_tokenizer *t, int (*done)(void *baton));

/* --- plain text, line by line --- */
typedef struct gik_text_tokenizer gik_text_tokenizer;

gik_text_tokenizer *gik_text_tokenizer_create(apr_pool_t *p, gik_token_fn fn, void *baton);
void gik_text_tokenizer_feed(gik_text_tokenizer *t, const char *buf, apr_size_t len);
/* Ends the input (closing any open table); the tokenizer can then be fed anew
 * (the HTML tokenizer reuses one for each <pre>). */
void gik_text_tokenizer_finish(gik_text_tokenizer *t);

#ifdef __cplusplus
}
#endif
#endif /* GIK_TOKEN_H */
