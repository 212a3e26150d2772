/*
 * gik_tokenize_html.c - HTML to tokens with libxml2's push parser, SAX only.
 *
 * No tree is ever built: the SAX callbacks keep a few counters and one small
 * state record per open table, so memory does not grow with the page (libxml2
 * keeps its own name stack and input window; see the notes at the end).
 *
 * Tables follow the HTML table model far enough to give each cell its grid
 * column: colspans, and cells that rowspans from earlier rows carry down.
 * Per column we keep only "covered until row N", so a table costs O(width).
 *
 * Word and CMS pages use tables for layout too.  A table that holds another
 * table is a layout table: when a <table> opens inside one, the enclosing
 * table is closed (TABLE_END, if its TABLE_START went out) and its remaining
 * cells are read as paragraphs; the inner table is a table of its own.
 * TABLE_START and ROW_START are sent lazily, with the first finished cell or
 * row, so a layout table whose first cell holds the data table never shows.
 *
 * Limits (memory stays bounded whatever the input):
 *   - GIK_MAX_TEXT bytes of text per paragraph/cell (token flagged truncated);
 *   - MAX_COLS grid columns: cells beyond are dropped, the row's ROW_END is
 *     flagged truncated; colspan clamped to 1..MAX_COLSPAN, rowspan to
 *     1..MAX_ROWSPAN (rowspan="0", "to the end of the group", counts as max);
 *   - MAX_LEVELS nested tables are tracked; deeper ones read as paragraphs.
 */
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include "gik_textbuf.h"
#include "gik_token.h"
#include "gik_tokenize_chunks.h"

#define MAX_COLS    512
#define MAX_COLSPAN 256
#define MAX_ROWSPAN 65534
#define MAX_LEVELS  16
#define META_NAME_MAX 64
#define KIND_CACHE  64

typedef enum {
    EL_INLINE = 0,
    EL_BLOCK,       /* ends a paragraph; a space inside a data cell */
    EL_HEADING,     /* block whose text is a heading */
    EL_BR,
    EL_PRE,
    EL_SKIP,        /* script/style: content is not text */
    EL_TABLE,
    EL_TR,
    EL_CELL,
    EL_META
} el_kind;

typedef struct {
    const char *name;
    el_kind kind;
} el_entry;

/* sorted by name for bsearch; libxml2 reports HTML names in lower case */
static const el_entry elements[] = {
    {"address", EL_BLOCK}, {"article", EL_BLOCK}, {"aside", EL_BLOCK},
    {"blockquote", EL_BLOCK}, {"body", EL_BLOCK}, {"br", EL_BR},
    {"caption", EL_BLOCK}, {"center", EL_BLOCK}, {"dd", EL_BLOCK},
    {"details", EL_BLOCK}, {"dialog", EL_BLOCK}, {"dir", EL_BLOCK},
    {"div", EL_BLOCK}, {"dl", EL_BLOCK}, {"dt", EL_BLOCK},
    {"fieldset", EL_BLOCK}, {"figcaption", EL_BLOCK}, {"figure", EL_BLOCK},
    {"footer", EL_BLOCK}, {"form", EL_BLOCK}, {"h1", EL_HEADING},
    {"h2", EL_HEADING}, {"h3", EL_HEADING}, {"h4", EL_HEADING},
    {"h5", EL_HEADING}, {"h6", EL_HEADING}, {"head", EL_BLOCK},
    {"header", EL_BLOCK}, {"hgroup", EL_BLOCK}, {"hr", EL_BLOCK},
    {"html", EL_BLOCK}, {"legend", EL_BLOCK}, {"li", EL_BLOCK},
    {"listing", EL_PRE}, {"main", EL_BLOCK}, {"menu", EL_BLOCK},
    {"meta", EL_META}, {"nav", EL_BLOCK}, {"noscript", EL_BLOCK},
    {"ol", EL_BLOCK}, {"option", EL_BLOCK}, {"p", EL_BLOCK},
    {"plaintext", EL_PRE}, {"pre", EL_PRE}, {"script", EL_SKIP},
    {"section", EL_BLOCK}, {"style", EL_SKIP}, {"summary", EL_BLOCK},
    {"table", EL_TABLE}, {"td", EL_CELL}, {"template", EL_SKIP},
    {"textarea", EL_BLOCK}, {"th", EL_CELL}, {"title", EL_HEADING},
    {"tr", EL_TR}, {"ul", EL_BLOCK}, {"xmp", EL_PRE}
};

static int el_cmp(const void *key, const void *ent)
{
    return strcmp(key, ((const el_entry *)ent)->name);
}

static el_kind lookup(const xmlChar *name)
{
    const el_entry *e = bsearch(name, elements, sizeof(elements) / sizeof(elements[0]),
                                sizeof(elements[0]), el_cmp);
    return e ? e->kind : EL_INLINE;
}

/* One open table. */
typedef struct {
    int layout;             /* demoted: cells read as paragraphs */
    int started;            /* TABLE_START sent */
    int row_open, row_sent, row_cut;
    int cell_open, cell_drop;
    int cell_col, cell_colspan, cell_rowspan;
    int col;                /* where the next cell of this row may go */
    int width;              /* columns touched, for the reset */
    apr_size_t row;         /* index of the current row */
    apr_size_t *until;      /* per column: rows [.., until) are covered */
} tbl_level;

struct gik_html_tokenizer {
    apr_pool_t *pool;
    gik_token_fn fn;
    void *baton;
    htmlParserCtxtPtr ctxt;
    int skip;               /* inside script/style */
    int heading;            /* open h1-h6/title */
    int text_heading;       /* the collected text came from a heading */
    int pre;                /* open pre/listing/xmp */
    int ntables;            /* tracked open tables */
    int overflow;           /* open tables deeper than MAX_LEVELS */
    int finished;
    int stopped;            /* done() said so: libxml2 was stopped */
    int (*done)(void *baton);
    gik_text_tokenizer *pre_tok;
    tbl_level *tables[MAX_LEVELS];
    /* libxml2 interns element names in its dictionary, so hashing a name's
     * pointer finds it again cheaply; the copy guards against reuse */
    const xmlChar *kind_key[KIND_CACHE];
    char kind_name[KIND_CACHE][12];
    unsigned char kind_val[KIND_CACHE];
    gik_html_chunks chunks; /* the page to libxml2, cut where it is safe */
    /* buffers from here on, read only up to their lengths: not zeroed */
    gik_textbuf text;       /* current paragraph or cell */
    gik_textbuf aux;        /* meta content */
    char block[GIK_HTML_BLOCK_CAP];     /* the chunks' buffer */
};

static el_kind classify(gik_html_tokenizer *t, const xmlChar *name)
{
    unsigned h = (unsigned)(((apr_uintptr_t)name >> 3) % KIND_CACHE);
    apr_size_t n;
    if (t->kind_key[h] == name && strcmp(t->kind_name[h], (const char *)name) == 0) {
        return (el_kind)t->kind_val[h];
    }
    n = strlen((const char *)name);
    if (n >= sizeof(t->kind_name[h])) {
        return lookup(name);    /* longer than any name we know */
    }
    memcpy(t->kind_name[h], name, n + 1);
    t->kind_key[h] = name;
    t->kind_val[h] = (unsigned char)lookup(name);
    return (el_kind)t->kind_val[h];
}

/* ------------------------------------------------------------------ */
/* Emitting                                                            */

static void emit(gik_html_tokenizer *t, gik_tok_kind kind, int truncated)
{
    gik_token tok;
    memset(&tok, 0, sizeof(tok));
    tok.kind = kind;
    tok.text = "";
    tok.colspan = tok.rowspan = 1;
    tok.truncated = truncated;
    t->fn(t->baton, &tok);
}

static void flush_para(gik_html_tokenizer *t)
{
    gik_token tok;
    if (t->text.len) {
        memset(&tok, 0, sizeof(tok));
        tok.kind = GIK_TOK_PARA;
        tok.text = gik_textbuf_text(&t->text, &tok.len);
        tok.colspan = tok.rowspan = 1;
        tok.heading = t->text_heading;
        tok.truncated = t->text.truncated;
        if (tok.len) {
            t->fn(t->baton, &tok);
        }
    }
    gik_textbuf_reset(&t->text);
    t->text_heading = 0;
}

static tbl_level *top(gik_html_tokenizer *t)
{
    return (t->ntables && !t->overflow) ? t->tables[t->ntables - 1] : NULL;
}

/* The innermost table is a data table with a cell open: text goes there. */
static int in_data_cell(gik_html_tokenizer *t)
{
    tbl_level *l = top(t);
    return l && !l->layout && l->cell_open;
}

static int in_pre_text(gik_html_tokenizer *t)
{
    return t->pre && !in_data_cell(t);
}

static void end_pre_text(gik_html_tokenizer *t)
{
    if (t->pre_tok) {
        gik_text_tokenizer_finish(t->pre_tok);
    }
}

/* A block element starts or ends. */
static void boundary(gik_html_tokenizer *t)
{
    if (in_data_cell(t)) {
        t->text.space = 1;          /* <p>/<br> inside a Word cell: one space */
    }
    else if (in_pre_text(t)) {
        if (t->pre_tok) {
            gik_text_tokenizer_feed(t->pre_tok, "\n", 1);
        }
    }
    else {
        flush_para(t);
    }
}

static void ensure_row(gik_html_tokenizer *t, tbl_level *l)
{
    if (!l->started) {
        emit(t, GIK_TOK_TABLE_START, 0);
        l->started = 1;
    }
    if (!l->row_sent) {
        emit(t, GIK_TOK_ROW_START, 0);
        l->row_sent = 1;
    }
}

static void close_cell(gik_html_tokenizer *t, tbl_level *l)
{
    gik_token tok;
    if (!l->cell_open) {
        return;
    }
    l->cell_open = 0;
    if (!l->cell_drop) {
        ensure_row(t, l);
        memset(&tok, 0, sizeof(tok));
        tok.kind = GIK_TOK_CELL;
        tok.text = gik_textbuf_text(&t->text, &tok.len);
        tok.col = l->cell_col;
        tok.colspan = l->cell_colspan;
        tok.rowspan = l->cell_rowspan;
        tok.truncated = t->text.truncated;
        t->fn(t->baton, &tok);
    }
    gik_textbuf_reset(&t->text);
    t->text_heading = 0;
}

static void close_row(gik_html_tokenizer *t, tbl_level *l)
{
    close_cell(t, l);
    if (!l->row_open) {
        return;
    }
    ensure_row(t, l);       /* rows without cells still count */
    emit(t, GIK_TOK_ROW_END, l->row_cut);
    l->row_open = l->row_sent = l->row_cut = 0;
    l->row++;
}

static void open_row(gik_html_tokenizer *t, tbl_level *l)
{
    close_row(t, l);
    flush_para(t);          /* stray text between rows */
    l->row_open = 1;
    l->col = 0;
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */

/* Leading decimal digits of an attribute value, saturated at max. */
static int span_attr(const xmlChar **atts, const char *name, int dflt, int max)
{
    const xmlChar *v = NULL;
    long n = 0;
    int digits = 0;
    for (; atts && atts[0]; atts += 2) {
        if (strcasecmp((const char *)atts[0], name) == 0) {
            v = atts[1];
            break;
        }
    }
    if (!v) {
        return dflt;
    }
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') {
        v++;
    }
    for (; *v >= '0' && *v <= '9'; v++, digits = 1) {
        if (n <= max) {
            n = n * 10 + (*v - '0');
        }
    }
    if (!digits) {
        return dflt;
    }
    return n > max ? max : (int)n;
}

static void open_cell(gik_html_tokenizer *t, tbl_level *l, const xmlChar **atts)
{
    int cs, rs, c, last;

    close_cell(t, l);
    if (!l->row_open) {
        open_row(t, l);     /* <td> without <tr> */
    }
    else {
        flush_para(t);
    }
    cs = span_attr(atts, "colspan", 1, MAX_COLSPAN);
    rs = span_attr(atts, "rowspan", 1, MAX_ROWSPAN);
    if (cs < 1) {
        cs = 1;
    }
    if (rs < 1) {
        rs = MAX_ROWSPAN;   /* rowspan="0": to the end of the table */
    }
    while (l->col < MAX_COLS && l->until[l->col] > l->row) {
        l->col++;           /* carried down by a rowspan above */
    }
    l->cell_open = 1;
    l->cell_col = l->col;
    l->cell_colspan = cs;
    l->cell_rowspan = rs;
    l->cell_drop = l->col >= MAX_COLS;
    last = l->col + cs > MAX_COLS ? MAX_COLS : l->col + cs;
    if (l->col + cs > MAX_COLS) {
        l->row_cut = 1;
    }
    for (c = l->col; c < last; c++) {
        l->until[c] = l->row + (apr_size_t)rs;
    }
    if (last > l->width) {
        l->width = last;
    }
    l->col = last;
}

/* The enclosing data table turns out to be layout: close it as a table and
 * let the text collected in its open cell stand as a paragraph. */
static void demote(gik_html_tokenizer *t, tbl_level *l)
{
    if (l->row_sent) {
        emit(t, GIK_TOK_ROW_END, l->row_cut);
    }
    if (l->started) {
        emit(t, GIK_TOK_TABLE_END, 0);
    }
    l->layout = 1;
    l->cell_open = l->row_open = l->row_sent = 0;
    flush_para(t);
}

static void open_table(gik_html_tokenizer *t)
{
    tbl_level *l = top(t);

    if (in_pre_text(t)) {
        end_pre_text(t);
    }
    if (l && !l->layout) {
        demote(t, l);
    }
    flush_para(t);
    if (t->overflow || t->ntables == MAX_LEVELS) {
        t->overflow++;
        return;
    }
    l = t->tables[t->ntables];
    if (!l) {
        /* allocated once per depth and reused: many tables, no growth */
        l = apr_pcalloc(t->pool, sizeof(*l));
        l->until = apr_pcalloc(t->pool, MAX_COLS * sizeof(*l->until));
        t->tables[t->ntables] = l;
    }
    else {
        apr_size_t *until = l->until;
        memset(until, 0, (apr_size_t)l->width * sizeof(*until));
        memset(l, 0, sizeof(*l));
        l->until = until;
    }
    t->ntables++;
}

static void close_table(gik_html_tokenizer *t)
{
    tbl_level *l = top(t);

    if (t->overflow) {
        t->overflow--;
        flush_para(t);
        return;
    }
    if (!l) {
        boundary(t);
        return;
    }
    if (!l->layout) {
        close_row(t, l);
        if (l->started) {
            emit(t, GIK_TOK_TABLE_END, 0);
        }
    }
    flush_para(t);
    t->ntables--;
}

/* ------------------------------------------------------------------ */
/* SAX                                                                 */

static void emit_meta(gik_html_tokenizer *t, const xmlChar **atts)
{
    const xmlChar *name = NULL, *content = NULL;
    char nbuf[META_NAME_MAX + 1];
    apr_size_t n;
    gik_token tok;

    for (; atts && atts[0]; atts += 2) {
        if (strcasecmp((const char *)atts[0], "name") == 0) {
            name = atts[1];
        }
        else if (strcasecmp((const char *)atts[0], "content") == 0) {
            content = atts[1];
        }
    }
    if (!name || !content) {
        return;
    }
    n = strlen((const char *)name);
    if (n > META_NAME_MAX) {
        return;             /* no real meta name is that long */
    }
    memcpy(nbuf, name, n + 1);
    gik_textbuf_reset(&t->aux);
    gik_textbuf_append(&t->aux, (const char *)content, strlen((const char *)content));
    memset(&tok, 0, sizeof(tok));
    tok.kind = GIK_TOK_META;
    tok.text = nbuf;
    tok.len = n;
    tok.text2 = gik_textbuf_text(&t->aux, &n);
    tok.colspan = tok.rowspan = 1;
    tok.truncated = t->aux.truncated;
    t->fn(t->baton, &tok);
}

/* The receiver has what it wants (the recogniser, after the report's
 * signature: footers and news lists are not worth a parser's time).
 * xmlStopParser is meant to be called from a SAX callback: libxml2 returns
 * from the chunk it is in, and later chunks are not handed to it. */
static void check_done(gik_html_tokenizer *t)
{
    if (t->done && !t->stopped && t->done(t->baton)) {
        t->stopped = 1;
        xmlStopParser(t->ctxt);
    }
}

static void sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    gik_html_tokenizer *t = ctx;
    tbl_level *l;

    switch (classify(t, name)) {
    case EL_BLOCK:
    case EL_BR:
        boundary(t);
        break;
    case EL_HEADING:
        boundary(t);
        t->heading++;
        break;
    case EL_PRE:
        boundary(t);
        t->pre++;
        if (!t->pre_tok) {
            t->pre_tok = gik_text_tokenizer_create(t->pool, t->fn, t->baton);
        }
        break;
    case EL_SKIP:
        t->skip++;
        break;
    case EL_TABLE:
        open_table(t);
        break;
    case EL_TR:
        l = top(t);
        if (l && !l->layout) {
            open_row(t, l);
        }
        else {
            boundary(t);
        }
        break;
    case EL_CELL:
        l = top(t);
        if (l && !l->layout) {
            open_cell(t, l, atts);
        }
        else {
            boundary(t);
        }
        break;
    case EL_META:
        emit_meta(t, atts);
        break;
    default:
        break;
    }
    check_done(t);
}

static void sax_end(void *ctx, const xmlChar *name)
{
    gik_html_tokenizer *t = ctx;
    tbl_level *l;

    switch (classify(t, name)) {
    case EL_BLOCK:
        boundary(t);
        break;
    case EL_HEADING:
        boundary(t);
        if (t->heading) {
            t->heading--;
        }
        break;
    case EL_PRE:
        if (t->pre && --t->pre == 0 && !in_data_cell(t)) {
            end_pre_text(t);
        }
        else {
            boundary(t);
        }
        break;
    case EL_SKIP:
        if (t->skip) {
            t->skip--;
        }
        break;
    case EL_TABLE:
        close_table(t);
        break;
    case EL_TR:
        l = top(t);
        if (l && !l->layout) {
            close_row(t, l);
        }
        else {
            boundary(t);
        }
        break;
    case EL_CELL:
        l = top(t);
        if (l && !l->layout) {
            close_cell(t, l);
        }
        else {
            boundary(t);
        }
        break;
    default:
        break;
    }
    check_done(t);
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
    gik_html_tokenizer *t = ctx;

    if (t->skip || len <= 0) {
        return;
    }
    if (in_pre_text(t)) {
        gik_text_tokenizer_feed(t->pre_tok, (const char *)ch, (apr_size_t)len);
        return;
    }
    gik_textbuf_append(&t->text, (const char *)ch, (apr_size_t)len);
    if (t->heading && t->text.len) {
        t->text_heading = 1;
    }
}

#if LIBXML_VERSION >= 21200
static void sax_serror(void *ctx, const xmlError *err)
#else
static void sax_serror(void *ctx, xmlErrorPtr err)
#endif
{
    /* parse errors are normal on real pages; never print them */
}

/* Copied by libxml2 into each context.  initialized = XML_SAX2_MAGIC is what
 * makes libxml2 route errors to serror instead of printing to stderr.  The
 * whitespace libxml2 calls "ignorable" separates words and numbers here. */
static const htmlSAXHandler sax_handler = {
    .startElement = sax_start,
    .endElement = sax_end,
    .characters = sax_characters,
    .ignorableWhitespace = sax_characters,
    .cdataBlock = NULL,     /* script/style content then arrives as characters */
    .initialized = XML_SAX2_MAGIC,
    .serror = sax_serror
};

static apr_status_t free_ctxt(void *data)
{
    gik_html_tokenizer *t = data;
    if (t->ctxt) {
        if (t->ctxt->myDoc) {
            xmlFreeDoc(t->ctxt->myDoc);     /* never made; defensive */
            t->ctxt->myDoc = NULL;
        }
        htmlFreeParserCtxt(t->ctxt);
        t->ctxt = NULL;
    }
    return APR_SUCCESS;
}

void gik_html_tokenizer_slim(gik_html_tokenizer *t, int on)
{
    t->chunks.slim.mode = on ? GIK_SLIM_CONTENT : GIK_SLIM_OFF;
}

gik_html_tokenizer *gik_html_tokenizer_create(apr_pool_t *p, gik_token_fn fn, void *baton)
{
    gik_html_tokenizer *t = apr_palloc(p, sizeof(*t));

    /* the state zeroed, not the 40 KB of buffers after it */
    memset(t, 0, offsetof(gik_html_tokenizer, text));

    t->pool = p;
    t->fn = fn;
    t->baton = baton;
    gik_textbuf_reset(&t->text);
    gik_textbuf_reset(&t->aux);
    t->ctxt = htmlCreatePushParserCtxt((htmlSAXHandlerPtr)&sax_handler, t, NULL, 0,
                                       NULL, XML_CHAR_ENCODING_UTF8);
    if (t->ctxt) {
        /* the decoder made it UTF-8; libxml2 >= 2.12 ignores the enc argument
         * above, and IGNORE_ENC keeps a <meta charset> from switching it.
         * Without HTML_PARSE_HUGE libxml2's own size limits apply. */
        htmlCtxtUseOptions(t->ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET
                           | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                           | HTML_PARSE_IGNORE_ENC);
        xmlSwitchEncoding(t->ctxt, XML_CHAR_ENCODING_UTF8);
        gik_html_chunks_init(&t->chunks, t->ctxt, t->block);
        apr_pool_cleanup_register(p, t, free_ctxt, apr_pool_cleanup_null);
    }
    return t;
}

void gik_html_tokenizer_until(gik_html_tokenizer *t, int (*done)(void *baton))
{
    t->done = done;
}

void gik_html_tokenizer_feed(gik_html_tokenizer *t, const char *buf, apr_size_t len)
{
    if (!t->ctxt || t->finished || t->stopped) {
        return;
    }
    gik_html_chunks_feed(&t->chunks, buf, len);
}

void gik_html_tokenizer_finish(gik_html_tokenizer *t)
{
    if (t->finished) {
        return;
    }
    if (t->ctxt && !t->stopped) {
        gik_html_chunks_finish(&t->chunks);
    }
    t->finished = 1;
    /* libxml2 closes what is open at the end; whatever it did not (or after
     * it stopped on a limit), we close so the stream is balanced */
    while (t->overflow || t->ntables) {
        close_table(t);
    }
    if (t->pre) {
        t->pre = 0;
        end_pre_text(t);
    }
    flush_para(t);
    free_ctxt(t);
}
