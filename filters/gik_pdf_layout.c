/*
 * gik_pdf_layout.c - a PDF page's glyphs to paragraphs and table rows.
 *
 * A PDF has no tables, only characters at positions (and, in most reports,
 * ruling lines we do not need).  This file recovers what a reader sees:
 *
 *   1. lines: glyphs whose vertical centres agree, left to right;
 *   2. chunks: a line splits where the gap between two glyphs is wider than
 *      a character -- a cell boundary in a table, never inside a word;
 *   3. table runs: lines with several chunks (and at least one with numbers)
 *      stand together between section headings; a section heading, a
 *      full-width line or a large gap ends a run;
 *   4. rows: each line with numbers is a row; text lines beside its label
 *      (a label that wraps onto two or three lines, with the numbers centred
 *      between them) join it, column by column;
 *   5. value columns: the slots that the numbers of the rows of a block
 *      occupy, found from all of them together, so that a blank cell stays
 *      blank in its own column instead of pulling the next number left;
 *   6. page furniture: lines in the top or bottom band that are page numbers
 *      or repeat on other pages are dropped; a table that runs to the end of
 *      a page continues on the next;
 *   7. everything else is narrative: lines join into paragraphs until an
 *      indent, a short line, a gap or a change of type size.
 *
 * Thresholds are in units of the page's typical glyph height (H), so the
 * same rules hold at any type size.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "gik_pdf.h"

#define SAME_LINE      0.45  /* centres closer than this (x H) share a line */
#define CELL_GAP       0.95  /* a wider gap ends a chunk */
#define WORD_GAP       0.30  /* a wider gap inside a chunk is a space */
#define DIGIT_GAP      0.35  /* between two digits, a wider gap ends a chunk: two
                                numbers in narrow columns, never one number */
#define ATTACH_DY      2.6   /* a label line this close to a row's centre joins it
                                (x the label line's own height: line pitch in a
                                cell is about 2, a caption below a row is 3.5) */
#define OWN_DY         0.75  /* a label line this close to a row's numbers (x the
                                cell's line pitch) is that row's: numbers centred
                                between two label lines are half a pitch off */
#define CHAIN_DY       1.3   /* lines of one wrapped label are a pitch apart; the
                                next row's label a pitch and a cell padding */
#define RUN_CHAIN      2.2   /* x h: a wrapped label's outer line joins a run (WPS
                                sets table text at double spacing) */
#define RUN_GAP        6.0   /* a wider vertical gap ends a table run */
#define INDENT         0.9   /* a line starting this far in begins a paragraph */
#define SHORT_END      1.5   /* a line ending this far short ends its paragraph */
#define PARA_GAP       2.2   /* a wider gap between lines ends a paragraph */
#define HEADING_SIZE   1.25  /* glyphs this much taller than H: a heading */
#define BAND           0.09  /* top and bottom band of the page: headers, footers */
#define MAX_SLOTS      40
/* Lines are sorted top to bottom: a row's label lies within this many lines
 * of it, which keeps every search local (a page of 20000 lines stays fast). */
#define NEAR_LINES     24
#define LINE_INDEX(pg, ln) ((int)((ln) - (pg)->lines))

typedef struct chunk {
    double x1, x2;
    const char *text;
    int numeric;
    int slot;                    /* value column, -1 label zone */
    struct line *host;           /* the row whose label this chunk is part of */
    gik_pdf_glyph *g;            /* its glyphs (in the page's array) */
    int ng;
} chunk;

typedef enum { LINE_TEXT = 0, LINE_HEADING, LINE_SECTION, LINE_TABLE } line_kind;

typedef struct line {
    double x1, x2, yc, h;
    int nchunks, nnum;
    chunk *chunks;
    const char *text;            /* the chunks joined by spaces */
    int dropped;                 /* page furniture */
    int big;                     /* set in a larger type than the page's body */
    int table;                   /* part of a table run */
    int anchor;                  /* a table row with numbers */
    struct line *host;           /* every chunk is part of this row's label */
    int run;                     /* table run number on its page, from 1 */
} line;

typedef struct page {
    double w, h, H;              /* size, typical glyph height */
    gik_pdf_glyph *g;
    apr_size_t n;
    line *lines;
    int nlines;
} page;

struct gik_pdf_layout {
    apr_pool_t *pool;
    apr_array_header_t *pages;   /* page */
    gik_token_fn fn;
    void *baton;
    double body_h;               /* typical glyph height of the whole document */
    int in_table;
    gik_textbuf para;
    int para_big;
    const line *para_last;
    const page *para_page;
};

gik_pdf_layout *gik_pdf_layout_create(apr_pool_t *p)
{
    gik_pdf_layout *l = apr_pcalloc(p, sizeof(*l));
    l->pool = p;
    l->pages = apr_array_make(p, 8, sizeof(page));
    return l;
}

void gik_pdf_layout_add_page(gik_pdf_layout *l, const gik_pdf_glyph *g, apr_size_t n,
                             double width, double height)
{
    page *pg = apr_array_push(l->pages);
    memset(pg, 0, sizeof(*pg));
    pg->w = width;
    pg->h = height;
    pg->n = n;
    if (n) {
        pg->g = apr_pmemdup(l->pool, g, n * sizeof(*g));
    }
}

/* ---- helpers ------------------------------------------------------------ */

static double yc_of(const gik_pdf_glyph *g) { return (g->y1 + g->y2) / 2; }
static double h_of(const gik_pdf_glyph *g) { return g->y2 - g->y1; }

static int by_yc(const void *a, const void *b)
{
    double d = yc_of(a) - yc_of(b);
    return d < 0 ? -1 : d > 0;
}

static int by_x(const void *a, const void *b)
{
    double d = ((const gik_pdf_glyph *)a)->x1 - ((const gik_pdf_glyph *)b)->x1;
    return d < 0 ? -1 : d > 0;
}

static int by_double(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

static double median_height(apr_pool_t *p, const gik_pdf_glyph *g, apr_size_t n)
{
    double *hs = apr_palloc(p, n * sizeof(double));
    apr_size_t i;
    for (i = 0; i < n; i++) {
        hs[i] = h_of(&g[i]);
    }
    qsort(hs, n, sizeof(double), by_double);
    return hs[n / 2] > 0.5 ? hs[n / 2] : 0.5;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_ascii_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A value cell: digits with separators, or a mark publishers print for
 * zero/none (read by the recogniser as a blank, CELL-BLANK). */
static int is_value_text(const char *s)
{
    static const char *const marks[] = { "-", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94",
                                          "\xE2\x80\x93", "\xEF\xBC\x8D", "/", "\xE6\x97\xA0",
                                          NULL };
    /* money may carry its unit: "37772元", "1.5万元" */
    static const char *const units[] = { "\xE4\xB8\x87\xE5\x85\x83", "\xE5\x85\x83", NULL };
    int digits = 0, i;
    const char *q, *end = s + strlen(s);
    for (i = 0; marks[i]; i++) {
        if (strcmp(s, marks[i]) == 0) {
            return 1;
        }
    }
    for (i = 0; units[i]; i++) {
        apr_size_t n = strlen(units[i]);
        if ((apr_size_t)(end - s) > n && strcmp(end - n, units[i]) == 0) {
            end -= n;
            break;
        }
    }
    for (q = s; q < end; q++) {
        if (*q >= '0' && *q <= '9') {
            digits++;
        }
        else if (!strchr(".,% ", *q) && !(q == s && *q == '-')) {
            return 0;
        }
    }
    return digits > 0;
}

/* 一、 … 六、 and a title at the start of a line: a section heading never
 * sits in a table (a bare "三、" is the top of a vertical category cell). */
static int is_section_heading(const char *s)
{
    static const char *const nums[] = { "\xE4\xB8\x80", "\xE4\xBA\x8C", "\xE4\xB8\x89",
                                        "\xE5\x9B\x9B", "\xE4\xBA\x94", "\xE5\x85\xAD", NULL };
    int i;
    for (i = 0; nums[i]; i++) {
        if (strncmp(s, nums[i], 3) == 0 && strncmp(s + 3, "\xE3\x80\x81", 3) == 0) {
            return strlen(s + 6) >= 6;
        }
    }
    return 0;
}

/* ---- 1, 2: lines and chunks ----------------------------------------------- */

static const char *glyph_text(apr_pool_t *p, const gik_pdf_glyph *g, apr_size_t n, double H)
{
    char *out = apr_palloc(p, n * 7 + 1), *o = out;
    apr_size_t i;
    for (i = 0; i < n; i++) {
        int c = g[i].cp;
        if (i && g[i].x1 - g[i - 1].x2 > WORD_GAP * H) {
            *o++ = ' ';
        }
        if (c < 0x80) {
            *o++ = (char)c;
        }
        else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
        else if (c < 0x10000) {
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
        else {
            *o++ = (char)(0xF0 | ((c >> 18) & 0x07));
            *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    return out;
}

static void line_text(apr_pool_t *p, line *ln)
{
    char *t = apr_pstrdup(p, ln->chunks[0].text);
    int k;
    ln->nnum = ln->chunks[0].numeric;
    for (k = 1; k < ln->nchunks; k++) {
        t = apr_pstrcat(p, t, " ", ln->chunks[k].text, NULL);
        ln->nnum += ln->chunks[k].numeric;
    }
    ln->text = t;
}

static void set_chunk(apr_pool_t *p, chunk *c, gik_pdf_glyph *g, int n, line *ln)
{
    c->x1 = g[0].x1;
    c->x2 = g[n - 1].x2;
    c->g = g;
    c->ng = n;
    c->text = glyph_text(p, g, (apr_size_t)n, ln->h);
    c->numeric = is_value_text(c->text);
    c->slot = -1;
    c->host = NULL;
}

static void split_chunks(apr_pool_t *p, line *ln, gik_pdf_glyph *g, apr_size_t n)
{
    apr_size_t i, start = 0;
    double H = ln->h;
    ln->chunks = apr_palloc(p, n * sizeof(chunk));
    for (i = 1; i <= n; i++) {
        if (i == n || g[i].x1 - g[i - 1].x2 > CELL_GAP * H
            || (g[i].x1 - g[i - 1].x2 > DIGIT_GAP * H && is_digit(g[i].cp)
                && is_digit(g[i - 1].cp))) {
            set_chunk(p, &ln->chunks[ln->nchunks++], g + start, (int)(i - start), ln);
            start = i;
        }
    }
    ln->x1 = ln->chunks[0].x1;
    ln->x2 = ln->chunks[ln->nchunks - 1].x2;
    line_text(p, ln);
}

static void build_lines(apr_pool_t *p, page *pg)
{
    apr_size_t i, start = 0;
    double sum = 0;
    if (!pg->n) {
        return;
    }
    qsort(pg->g, pg->n, sizeof(*pg->g), by_yc);
    pg->H = median_height(p, pg->g, pg->n);
    pg->lines = apr_pcalloc(p, pg->n * sizeof(line));
    for (i = 0; i <= pg->n; i++) {
        /* a glyph joins the line when its centre is near the line's mean centre */
        if (i < pg->n && i > start
            && fabs(yc_of(&pg->g[i]) - sum / (double)(i - start)) <= SAME_LINE * pg->H) {
            sum += yc_of(&pg->g[i]);
            continue;
        }
        if (i > start) {
            line *ln = &pg->lines[pg->nlines++];
            double hs = 0;
            apr_size_t k;
            for (k = start; k < i; k++) {
                hs += h_of(&pg->g[k]);
            }
            ln->yc = sum / (double)(i - start);
            ln->h = hs / (double)(i - start);
            qsort(pg->g + start, i - start, sizeof(*pg->g), by_x);
            split_chunks(p, ln, pg->g + start, i - start);
        }
        if (i < pg->n) {
            start = i;
            sum = yc_of(&pg->g[i]);
        }
    }
}

/* ---- 6: page furniture ---------------------------------------------------- */

static int in_band(const page *pg, const line *ln)
{
    return ln->yc < BAND * pg->h || ln->yc > (1 - BAND) * pg->h;
}

/* The line with digits folded: "第 3 页" and "第 4 页" are the same footer. */
static const char *furniture_key(apr_pool_t *p, const char *s)
{
    char *k = apr_pstrdup(p, s), *q;
    for (q = k; *q; q++) {
        if (*q >= '0' && *q <= '9') {
            *q = '#';
        }
    }
    return k;
}

static int is_page_number(const char *s)
{
    int digits = 0, groups = 0;
    const unsigned char *q = (const unsigned char *)s;
    /* digits framed by dashes, 第…页, 共…页, "/" or "Page" */
    static const char *const words[] = { "\xE7\xAC\xAC", "\xE9\xA1\xB5", "\xE5\x85\xB1",
                                         "\xE2\x80\x94", "\xE2\x80\x93", "\xEF\xBC\x8D",
                                         "Page", "page", NULL };
    while (*q) {
        int i, hit = 0;
        if (*q >= '0' && *q <= '9') {
            groups += !digits || !(q[-1] >= '0' && q[-1] <= '9');
            digits++;
            q++;
            continue;
        }
        if (strchr("-/ .", *q)) {
            q++;
            continue;
        }
        for (i = 0; words[i]; i++) {
            apr_size_t n = strlen(words[i]);
            if (strncmp((const char *)q, words[i], n) == 0) {
                q += n;
                hit = 1;
                break;
            }
        }
        if (!hit) {
            return 0;
        }
    }
    /* "3", "- 3 -", "3/12", "第 3 页 共 12 页"; a row of zeros is no page number */
    return digits > 0 && groups <= 2 && strlen(s) <= 24;
}

/* Headings are set larger than the body.  The body size is that of the
 * prose: lines of one chunk and some length (tables, set smaller or larger,
 * may hold most of the glyphs). */
static void mark_big(gik_pdf_layout *l)
{
    page *pages = (page *)l->pages->elts;
    apr_array_header_t *hs = apr_array_make(l->pool, 256, sizeof(double));
    int i, n, prose;
    for (prose = 1; prose >= 0 && !hs->nelts; prose--) {
        for (i = 0; i < l->pages->nelts; i++) {
            for (n = 0; n < pages[i].nlines; n++) {
                const line *ln = &pages[i].lines[n];
                if (!prose || (ln->nchunks == 1 && strlen(ln->text) >= 36)) {
                    APR_ARRAY_PUSH(hs, double) = ln->h;
                }
            }
        }
    }
    if (!hs->nelts) {
        return;
    }
    qsort(hs->elts, (apr_size_t)hs->nelts, sizeof(double), by_double);
    l->body_h = APR_ARRAY_IDX(hs, hs->nelts / 2, double);
    for (i = 0; i < l->pages->nelts; i++) {
        for (n = 0; n < pages[i].nlines; n++) {
            pages[i].lines[n].big = pages[i].lines[n].h > HEADING_SIZE * l->body_h;
        }
    }
}

static void drop_furniture(gik_pdf_layout *l)
{
    apr_hash_t *seen = apr_hash_make(l->pool);
    int i, k;
    page *pages = (page *)l->pages->elts;
    /* count on how many pages each band line appears */
    for (i = 0; i < l->pages->nelts; i++) {
        for (k = 0; k < pages[i].nlines; k++) {
            line *ln = &pages[i].lines[k];
            if (in_band(&pages[i], ln)) {
                const char *key = furniture_key(l->pool, ln->text);
                int n = (int)(apr_uintptr_t)apr_hash_get(seen, key, APR_HASH_KEY_STRING);
                apr_hash_set(seen, key, APR_HASH_KEY_STRING, (void *)(apr_uintptr_t)(n + 1));
            }
        }
    }
    for (i = 0; i < l->pages->nelts; i++) {
        for (k = 0; k < pages[i].nlines; k++) {
            line *ln = &pages[i].lines[k];
            if (in_band(&pages[i], ln)
                && (is_page_number(ln->text)
                    /* a row of numbers at the top of two pages is a table
                     * running on, not a running head */
                    || (!ln->nnum && (apr_uintptr_t)apr_hash_get(seen, furniture_key(
                                         l->pool, ln->text), APR_HASH_KEY_STRING) > 1))) {
                ln->dropped = 1;
            }
        }
    }
}

/* ---- 3, 4: table runs and rows ------------------------------------------- */

static int tabular(const line *ln)
{
    return ln->nchunks >= 2 || (ln->nchunks == 1 && ln->nnum == 1);
}

/* Full-width text that no table cell would hold. */
static int wide_text(const page *pg, const line *ln)
{
    return ln->nchunks == 1 && !ln->nnum && ln->x2 - ln->x1 > 0.6 * pg->w;
}

/* x where the anchor's values begin: its label zone lies left of it. */
static double values_x(const line *a)
{
    int k;
    for (k = 0; k < a->nchunks; k++) {
        if (a->chunks[k].numeric) {
            return a->chunks[k].x1;
        }
    }
    return a->x2;
}

static int candidate_anchor(const line *ln)
{
    return !ln->dropped && ln->nnum > 0 && tabular(ln);
}

/* The row with numbers nearest to ln (by centre) whose label zone holds all
 * of ln, or NULL. */
static line *nearest_anchor(page *pg, const line *ln, int same_run)
{
    line *best = NULL;
    int k, from = LINE_INDEX(pg, ln) - NEAR_LINES, to = LINE_INDEX(pg, ln) + NEAR_LINES;
    for (k = from < 0 ? 0 : from; k < pg->nlines && k <= to; k++) {
        line *a = &pg->lines[k];
        if (a == ln || !(same_run ? a->anchor && a->run == ln->run : candidate_anchor(a))) {
            continue;
        }
        if (!best || fabs(a->yc - ln->yc) < fabs(best->yc - ln->yc)) {
            best = a;
        }
    }
    if (best && ln->x2 > values_x(best) - 0.3 * pg->H) {
        return NULL;
    }
    return best;
}

/* A line beside a row's numbers, in its label zone: part of that row's
 * label ("一、本年新收政府信息公" wrapped is no section heading). */
static int beside_anchor(page *pg, const line *ln)
{
    const line *a = nearest_anchor(pg, ln, 0);
    return a && fabs(a->yc - ln->yc) <= ATTACH_DY * ln->h;
}

static int run_break(page *pg, const line *ln)
{
    return (ln->big && !tabular(ln)) || wide_text(pg, ln)
           || (is_section_heading(ln->text) && !ln->nnum && !beside_anchor(pg, ln));
}

/* How many chunks of the run's lines start at x (a column's left edge). */
static int starts_at(const page *pg, int run, double x)
{
    int k, c, n = 0;
    for (k = 0; k < pg->nlines; k++) {
        const line *ln = &pg->lines[k];
        for (c = 0; ln->run == run && c < ln->nchunks; c++) {
            n += fabs(ln->chunks[c].x1 - x) <= 1.5;
        }
    }
    return n;
}

/* Two cells set close together ("三、本年 (一)予以公开": a narrow padding)
 * read as one chunk with a space inside.  Where that space ends at the x at
 * which chunks of other rows begin, it is the column edge: split there. */
static void split_at_columns(apr_pool_t *p, page *pg, line *ln)
{
    int c, i, k;
    for (c = 0; c < ln->nchunks; c++) {
        chunk *ch = &ln->chunks[c];
        for (i = 1; !ch->numeric && i < ch->ng; i++) {
            if (ch->g[i].x1 - ch->g[i - 1].x2 > WORD_GAP * ln->h
                && starts_at(pg, ln->run, ch->g[i].x1) >= 2) {
                for (k = ln->nchunks; k > c + 1; k--) {
                    ln->chunks[k] = ln->chunks[k - 1];
                }
                ln->nchunks++;
                ln->chunks[c + 1] = *ch;
                set_chunk(p, &ln->chunks[c + 1], ch->g + i, ch->ng - i, ln);
                set_chunk(p, ch, ch->g, i, ln);
                break;
            }
        }
    }
}

/* Marks the table runs of a page: from a tabular line, through single-chunk
 * lines, to the last tabular line before a heading, a wide line or a gap;
 * then the label lines just above or below it. */
static void find_runs(apr_pool_t *p, page *pg)
{
    int i = 0, j, run = 0, pass, changed;
    while (i < pg->nlines) {
        int last = -1, anchors = 0;
        double prev_y;
        if (pg->lines[i].dropped || !tabular(&pg->lines[i]) || run_break(pg, &pg->lines[i])) {
            i++;
            continue;
        }
        prev_y = pg->lines[i].yc;
        for (j = i; j < pg->nlines; j++) {
            line *ln = &pg->lines[j];
            if (ln->dropped) {
                continue;
            }
            if (ln->yc - prev_y > RUN_GAP * pg->H || run_break(pg, ln)) {
                break;
            }
            prev_y = ln->yc;
            if (tabular(ln)) {
                last = j;
                anchors += ln->nnum > 0;
            }
        }
        if (anchors) {
            run++;
            for (j = i; j <= last; j++) {
                pg->lines[j].run = run;
                pg->lines[j].anchor = pg->lines[j].nnum > 0;
            }
        }
        i = last >= i ? last + 1 : i + 1;
    }
    /* a wrapped label's first or last lines, outside the tabular lines:
     * beside a row, or one pitch from a label line already in the run */
    for (pass = 0, changed = 1; changed && pass < 16; pass++) {
        changed = 0;
        for (j = 0; j < pg->nlines; j++) {
            line *ln = &pg->lines[j];
            int k;
            if (ln->run || ln->dropped || ln->nchunks != 1 || run_break(pg, ln)) {
                continue;
            }
            if (beside_anchor(pg, ln)) {
                ln->run = nearest_anchor(pg, ln, 0)->run;
                changed = 1;
                continue;
            }
            for (k = j > NEAR_LINES ? j - NEAR_LINES : 0; k < pg->nlines && k <= j + NEAR_LINES;
                 k++) {
                line *nb = &pg->lines[k];
                if (nb->run && !nb->anchor && fabs(nb->yc - ln->yc) <= RUN_CHAIN * ln->h
                    && nb->x1 < ln->x2 && nb->x2 > ln->x1 && nearest_anchor(pg, nb, 1)) {
                    ln->run = nb->run;
                    changed = 1;
                    break;
                }
            }
        }
    }
    for (j = 0; j < pg->nlines; j++) {
        pg->lines[j].table = pg->lines[j].run;
        if (pg->lines[j].run && !pg->lines[j].dropped) {
            split_at_columns(p, pg, &pg->lines[j]);
            line_text(p, &pg->lines[j]);
        }
    }
}

/* ---- 4: wrapped labels ----------------------------------------------------
 *
 * A label cell that wraps puts its lines one pitch apart, and the row's
 * numbers are centred somewhere beside them; the next row's label begins a
 * cell padding further down.  So the label zone's chunks are joined into
 * cells by closeness, closest pairs first (Kruskal), and a join that would
 * put two rows' own label chunks into one cell is refused: each cell then
 * holds at most one row, the row it belongs to.  A label line within about
 * half a pitch of a row's numbers is that row's own (numbers centred between
 * two label lines). */

typedef struct frag {
    chunk *ch;
    line *ln;
    line *own;                   /* the anchor whose own line this is, or NULL */
    int parent;
} frag;

typedef struct edge {
    double d;
    int a, b;
} edge;

static int by_edge(const void *x, const void *y)
{
    double d = ((const edge *)x)->d - ((const edge *)y)->d;
    return d < 0 ? -1 : d > 0;
}

static int root(frag *f, int i)
{
    while (f[i].parent != i) {
        i = f[i].parent = f[f[i].parent].parent;
    }
    return i;
}

#define MAX_FRAGS 1500
#define CAPTION "\xE7\xAC\xAC\xE4\xBA\x8C\xE5\x8D\x81\xE6\x9D\xA1"   /* 第二十条 */

/* The line pitch inside a label cell: the distance from a label chunk to the
 * nearest one above it in the same column, at the lower quartile (row
 * pitches are larger, and there are fewer of them in a table with wrapped
 * labels; in a table without, the row pitch serves as well). */
static double label_pitch(apr_pool_t *p, const frag *f, int n)
{
    double *d = apr_palloc(p, (apr_size_t)n * sizeof(double) + 1);
    int i, j, m = 0;
    for (i = 0; i < n; i++) {
        for (j = i - 1; j >= 0; j--) {
            double dy = f[i].ln->yc - f[j].ln->yc;
            if (dy > 0.5 * f[i].ln->h && f[j].ch->x1 < f[i].ch->x2 && f[j].ch->x2 > f[i].ch->x1) {
                d[m++] = dy;
                break;
            }
        }
    }
    if (!m) {
        return n ? 1.5 * f[0].ln->h : 1;
    }
    qsort(d, (apr_size_t)m, sizeof(double), by_double);
    return d[m / 4];
}

static void attach_run(apr_pool_t *p, page *pg, int run)
{
    frag *f = apr_palloc(p, MAX_FRAGS * sizeof(frag));
    edge *e;
    double pitch;
    int n = 0, ne = 0, i, j, k, c;
    for (k = 0; k < pg->nlines && n < MAX_FRAGS; k++) {
        line *ln = &pg->lines[k], *own;
        double vx;
        if (ln->run != run || ln->dropped) {
            continue;
        }
        if (!ln->anchor && !nearest_anchor(pg, ln, 1)) {
            continue;            /* words over the value columns: a header */
        }
        vx = ln->anchor ? values_x(ln) : pg->w;
        own = ln->anchor ? ln : nearest_anchor(pg, ln, 1);
        for (c = 0; c < ln->nchunks && n < MAX_FRAGS; c++) {
            /* table A's captions (第二十条第（五）项) sit a row below the
             * last row of the table above, in its label column: geometry
             * alone would take them for the label wrapping */
            if (ln->chunks[c].x1 < vx && strncmp(ln->chunks[c].text, CAPTION, strlen(CAPTION))) {
                f[n].ch = &ln->chunks[c];
                f[n].ln = ln;
                f[n].own = own;
                f[n].parent = n;
                n++;
            }
        }
    }
    pitch = label_pitch(p, f, n);
    for (i = 0; i < n; i++) {
        /* a line about half a pitch from a row's numbers is that row's own */
        if (f[i].own && !f[i].ln->anchor && fabs(f[i].own->yc - f[i].ln->yc) > OWN_DY * pitch) {
            f[i].own = NULL;
        }
    }
    e = apr_palloc(p, (apr_size_t)n * 8 * sizeof(edge) + 1);
    for (i = 0; i < n; i++) {
        /* the nearest overlapping chunks above (frags go top to bottom) */
        int found = 0;
        for (j = i - 1; j >= 0 && found < 8; j--) {
            double d = f[i].ln->yc - f[j].ln->yc;
            if (d > CHAIN_DY * pitch) {
                break;
            }
            if (d > 0.3 * f[i].ln->h
                && f[j].ch->x1 < f[i].ch->x2 && f[j].ch->x2 > f[i].ch->x1) {
                e[ne].d = d;
                e[ne].a = i;
                e[ne].b = j;
                ne++;
                found++;
            }
        }
    }
    qsort(e, (apr_size_t)ne, sizeof(edge), by_edge);
    for (i = 0; i < ne; i++) {
        int ra = root(f, e[i].a), rb = root(f, e[i].b);
        if (ra == rb || (f[ra].own && f[rb].own && f[ra].own != f[rb].own)) {
            continue;
        }
        f[rb].parent = ra;
        if (!f[ra].own) {
            f[ra].own = f[rb].own;
        }
    }
    /* a cell of no row (a category over several rows, a caption, vertical
     * text) stays a row of its own: it names no row's values */
    for (i = 0; i < n; i++) {
        f[i].ch->host = f[root(f, i)].own;
    }
    /* a line all of whose chunks went to rows is consumed by them */
    for (k = 0; k < pg->nlines; k++) {
        line *ln = &pg->lines[k];
        if (ln->run == run && !ln->anchor && ln->nchunks) {
            for (c = 0; c < ln->nchunks && ln->chunks[c].host; c++) {
                ;
            }
            ln->host = c == ln->nchunks ? ln->chunks[0].host : NULL;
        }
    }
}

static void attach_labels(apr_pool_t *p, page *pg)
{
    int k, run = 0;
    for (k = 0; k < pg->nlines; k++) {
        if (pg->lines[k].run > run) {
            run = pg->lines[k].run;
            attach_run(p, pg, run);
        }
    }
}

/* ---- 5: value columns ----------------------------------------------------- */

typedef struct slots {
    int n;
    double x1[MAX_SLOTS], x2[MAX_SLOTS];
} slots;

static void slots_add(slots *s, double x1, double x2, double tol)
{
    int i, j;
    for (i = 0; i < s->n; i++) {
        if (x1 <= s->x2[i] + tol && x2 >= s->x1[i] - tol) {
            s->x1[i] = x1 < s->x1[i] ? x1 : s->x1[i];
            s->x2[i] = x2 > s->x2[i] ? x2 : s->x2[i];
            /* a widened slot may now touch its neighbours */
            for (j = 0; j < s->n; j++) {
                if (j != i && s->x1[j] <= s->x2[i] + tol && s->x2[j] >= s->x1[i] - tol) {
                    s->x1[i] = s->x1[j] < s->x1[i] ? s->x1[j] : s->x1[i];
                    s->x2[i] = s->x2[j] > s->x2[i] ? s->x2[j] : s->x2[i];
                    s->x1[j] = s->x1[--s->n];
                    s->x2[j] = s->x2[s->n];
                    j = -1;
                }
            }
            return;
        }
    }
    if (s->n < MAX_SLOTS) {
        s->x1[s->n] = x1;
        s->x2[s->n] = x2;
        s->n++;
        for (i = s->n - 1; i > 0 && s->x1[i] < s->x1[i - 1]; i--) {
            double t1 = s->x1[i], t2 = s->x2[i];
            s->x1[i] = s->x1[i - 1];
            s->x2[i] = s->x2[i - 1];
            s->x1[i - 1] = t1;
            s->x2[i - 1] = t2;
        }
    }
}

static void slots_sort(slots *s)
{
    int i, j;
    for (i = 1; i < s->n; i++) {
        for (j = i; j > 0 && s->x1[j] < s->x1[j - 1]; j--) {
            double t1 = s->x1[j], t2 = s->x2[j];
            s->x1[j] = s->x1[j - 1];
            s->x2[j] = s->x2[j - 1];
            s->x1[j - 1] = t1;
            s->x2[j - 1] = t2;
        }
    }
}

static int slot_of(const slots *s, double x1, double x2)
{
    int i, best = -1;
    double best_d = 0;
    for (i = 0; i < s->n; i++) {
        double d = fabs((x1 + x2) / 2 - (s->x1[i] + s->x2[i]) / 2);
        if (best < 0 || d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* The value columns of the block of consecutive rows starting at line i:
 * the x ranges their numbers occupy, merged where they overlap. */
static int block_slots(const page *pg, int i, slots *s)
{
    int k;
    memset(s, 0, sizeof(*s));
    for (k = i; k < pg->nlines; k++) {
        const line *ln = &pg->lines[k];
        int c;
        if (ln->dropped || ln->host) {
            continue;
        }
        if (!ln->anchor || ln->run != pg->lines[i].run) {
            break;
        }
        for (c = 0; c < ln->nchunks; c++) {
            /* a word among the numbers ("详见附件") is a value too */
            if (ln->chunks[c].x1 >= values_x(ln)) {
                slots_add(s, ln->chunks[c].x1, ln->chunks[c].x2, 0.2 * pg->H);
            }
        }
    }
    slots_sort(s);
    return k;
}

/* ---- emitting ------------------------------------------------------------- */

static void emit(gik_pdf_layout *l, gik_tok_kind kind, const char *text, int col)
{
    gik_token tok;
    memset(&tok, 0, sizeof(tok));
    tok.kind = kind;
    tok.text = text ? text : "";
    tok.len = strlen(tok.text);
    if (tok.len > GIK_MAX_TEXT) {
        gik_textbuf b;
        gik_textbuf_reset(&b);
        gik_textbuf_append(&b, tok.text, tok.len);
        tok.text = apr_pstrdup(l->pool, gik_textbuf_text(&b, &tok.len));
        tok.truncated = 1;
    }
    tok.col = col;
    tok.colspan = tok.rowspan = 1;
    l->fn(l->baton, &tok);
}

static void flush_para(gik_pdf_layout *l)
{
    apr_size_t len;
    const char *text;
    if (!l->para_last) {
        return;
    }
    text = gik_textbuf_text(&l->para, &len);
    if (len) {
        gik_token tok;
        memset(&tok, 0, sizeof(tok));
        tok.kind = GIK_TOK_PARA;
        tok.text = text;
        tok.len = len;
        tok.heading = l->para_big;
        tok.truncated = l->para.truncated;
        l->fn(l->baton, &tok);
    }
    gik_textbuf_reset(&l->para);
    l->para_last = NULL;
}

static void table_end(gik_pdf_layout *l)
{
    if (l->in_table) {
        emit(l, GIK_TOK_TABLE_END, NULL, 0);
        l->in_table = 0;
    }
}

/* A label cell: the chunks of the anchor's label zone and of its joined
 * lines that overlap it horizontally, top to bottom. */
typedef struct label_col {
    double x1, x2;
    gik_textbuf *buf;
} label_col;

static int label_cols(gik_pdf_layout *l, const page *pg, const line *a, label_col *cols)
{
    int n = 0, k, c, i, at = LINE_INDEX(pg, a);
    double vx = values_x(a);
    for (k = at > NEAR_LINES ? at - NEAR_LINES : 0; k < pg->nlines && k <= at + NEAR_LINES; k++) {
        const line *ln = &pg->lines[k];
        if (ln->run != a->run) {
            continue;
        }
        for (c = 0; c < ln->nchunks; c++) {
            const chunk *ch = &ln->chunks[c];
            if (ch->host != a || (ln == a && ch->x1 >= vx)) {
                continue;
            }
            for (i = 0; i < n; i++) {
                if (ch->x1 <= cols[i].x2 && ch->x2 >= cols[i].x1) {
                    break;
                }
            }
            if (i == n) {
                if (n == MAX_SLOTS) {
                    continue;
                }
                cols[n].x1 = ch->x1;
                cols[n].x2 = ch->x2;
                cols[n].buf = apr_palloc(l->pool, sizeof(gik_textbuf));
                gik_textbuf_reset(cols[n].buf);
                n++;
            }
            cols[i].x1 = ch->x1 < cols[i].x1 ? ch->x1 : cols[i].x1;
            cols[i].x2 = ch->x2 > cols[i].x2 ? ch->x2 : cols[i].x2;
            gik_textbuf_append(cols[i].buf, ch->text, strlen(ch->text));
        }
    }
    /* left to right */
    for (i = 1; i < n; i++) {
        for (k = i; k > 0 && cols[k].x1 < cols[k - 1].x1; k--) {
            label_col t = cols[k];
            cols[k] = cols[k - 1];
            cols[k - 1] = t;
        }
    }
    return n;
}

/* Label cells stand right-aligned before the values (the row label last,
 * the categories printed beside it before it), so that every row of a run
 * puts its values in the same grid columns: L + slot. */
static int run_label_cols(gik_pdf_layout *l, const page *pg, int run)
{
    label_col cols[MAX_SLOTS];
    int k, L = 1;
    for (k = 0; k < pg->nlines; k++) {
        const line *a = &pg->lines[k];
        if (a->anchor && a->run == run && !a->dropped) {
            int n = label_cols(l, pg, a, cols);
            L = n > L ? n : L;
        }
    }
    return L;
}

static void emit_row(gik_pdf_layout *l, const page *pg, const line *a, const slots *s, int L)
{
    label_col cols[MAX_SLOTS];
    const char *vals[MAX_SLOTS];
    int n, i, c;
    double vx = values_x(a);
    emit(l, GIK_TOK_ROW_START, NULL, 0);
    n = label_cols(l, pg, a, cols);
    for (i = 0; i < n; i++) {
        apr_size_t len;
        emit(l, GIK_TOK_CELL, gik_textbuf_text(cols[i].buf, &len), L - n + i);
    }
    for (i = 0; i < s->n; i++) {
        vals[i] = NULL;
    }
    for (c = 0; c < a->nchunks; c++) {
        const chunk *ch = &a->chunks[c];
        int slot;
        if (ch->x1 < vx || (slot = slot_of(s, ch->x1, ch->x2)) < 0) {
            continue;
        }
        vals[slot] = vals[slot] ? apr_pstrcat(l->pool, vals[slot], " ", ch->text, NULL)
                                : ch->text;
    }
    for (i = 0; i < s->n; i++) {
        emit(l, GIK_TOK_CELL, vals[i] ? vals[i] : "", L + i);
    }
    emit(l, GIK_TOK_ROW_END, NULL, 0);
}

/* A caption, a category over several rows, a fragment of vertical text:
 * the line's words that are no row's label, a row of one cell. */
static void emit_text_row(gik_pdf_layout *l, const line *ln)
{
    gik_textbuf b;
    apr_size_t len;
    int c;
    gik_textbuf_reset(&b);
    for (c = 0; c < ln->nchunks; c++) {
        if (!ln->chunks[c].host) {
            gik_textbuf_append(&b, " ", 1);
            gik_textbuf_append(&b, ln->chunks[c].text, strlen(ln->chunks[c].text));
        }
    }
    gik_textbuf_text(&b, &len);
    if (len) {
        emit(l, GIK_TOK_ROW_START, NULL, 0);
        emit(l, GIK_TOK_CELL, b.buf, 0);
        emit(l, GIK_TOK_ROW_END, NULL, 0);
    }
}

/* Column headers printed over several lines ("商业" over "企业") form one
 * header row: each word goes to the value column under it, joined top to
 * bottom; a word over several columns ("申请人情况") names none of them and
 * is left out; words left of the values make the label column's header. */
static void emit_header(gik_pdf_layout *l, const page *pg, int from, int to, const slots *s,
                        int L)
{
    gik_textbuf *cols = apr_pcalloc(l->pool, (MAX_SLOTS + 1) * sizeof(gik_textbuf));
    int k, c, i;
    double tol = 0.2 * pg->H;
    for (i = 0; i <= MAX_SLOTS; i++) {
        gik_textbuf_reset(&cols[i]);
    }
    for (k = from; k < to; k++) {
        const line *ln = &pg->lines[k];
        if (ln->dropped || ln->host || ln->anchor) {
            continue;
        }
        for (c = 0; c < ln->nchunks; c++) {
            const chunk *ch = &ln->chunks[c];
            int over = 0, slot = -1;
            if (ch->host) {
                continue;
            }
            for (i = 0; i < s->n; i++) {
                if (ch->x1 < s->x2[i] + tol && ch->x2 > s->x1[i] - tol) {
                    over++;
                    slot = i;
                }
            }
            if (over > 1) {
                continue;
            }
            if (!over && s->n && ch->x1 > s->x1[0]) {
                slot = slot_of(s, ch->x1, ch->x2);
            }
            gik_textbuf_append(&cols[slot + 1], ch->text, strlen(ch->text));
        }
    }
    emit(l, GIK_TOK_ROW_START, NULL, 0);
    for (i = 0; i <= s->n; i++) {
        apr_size_t len;
        const char *t = gik_textbuf_text(&cols[i], &len);
        if (len) {
            emit(l, GIK_TOK_CELL, t, i ? L + i - 1 : L - 1);
        }
    }
    emit(l, GIK_TOK_ROW_END, NULL, 0);
}

static void narrative_line(gik_pdf_layout *l, const page *pg, const line *ln, double left,
                           double right)
{
    const line *prev = l->para_last;
    int brk = !prev;
    if (prev) {
        double gap = pg == l->para_page ? ln->yc - prev->yc : 0;
        brk = ln->big != l->para_big
              || (!ln->big && (ln->x1 > left + INDENT * pg->H
                               || prev->x2 < right - SHORT_END * pg->H))
              || gap > PARA_GAP * (prev->h > ln->h ? prev->h : ln->h)
              || is_section_heading(ln->text);
    }
    if (brk) {
        flush_para(l);
        l->para_big = ln->big;
    }
    else if (l->para.len && is_ascii_alnum((unsigned char)l->para.buf[l->para.len - 1])
             && is_ascii_alnum((unsigned char)ln->text[0])) {
        gik_textbuf_append(&l->para, " ", 1);
    }
    gik_textbuf_append(&l->para, ln->text, strlen(ln->text));
    l->para_last = ln;
    l->para_page = pg;
}

/* The margins of the narrative: where most lines start and end. */
static void margins(const page *pg, double *left, double *right)
{
    int k, have = 0;
    *left = pg->w;
    *right = 0;
    for (k = 0; k < pg->nlines; k++) {
        const line *ln = &pg->lines[k];
        if (ln->dropped || ln->table || ln->big) {
            continue;
        }
        have = 1;
        *left = ln->x1 < *left ? ln->x1 : *left;
        *right = ln->x2 > *right ? ln->x2 : *right;
    }
    if (!have) {
        *left = 0;
        *right = pg->w;
    }
}

/* The next row with numbers in the same run after line k, or -1. */
static int next_anchor(const page *pg, int k)
{
    int i;
    for (i = k; i < pg->nlines; i++) {
        if (pg->lines[i].anchor && !pg->lines[i].dropped) {
            return pg->lines[i].run == pg->lines[k].run ? i : -1;
        }
    }
    return -1;
}

static void emit_page(gik_pdf_layout *l, page *pg)
{
    int k, L = 1, run = 0, block_end = -1, header_from = -1;
    double left, right;
    slots s, hs;
    margins(pg, &left, &right);
    memset(&s, 0, sizeof(s));
    for (k = 0; k <= pg->nlines; k++) {
        const line *ln = k < pg->nlines ? &pg->lines[k] : NULL;
        if (ln && (ln->dropped || ln->host)) {
            continue;
        }
        /* a header block ends at anything but another line of words over
         * the value columns */
        if (header_from >= 0 && (!ln || !ln->table || ln->anchor || nearest_anchor(pg, ln, 1)
                                 || ln->run != pg->lines[header_from].run)) {
            int a = next_anchor(pg, header_from);
            if (a >= 0) {
                block_slots(pg, a, &hs);
            }
            emit_header(l, pg, header_from, ln ? k : pg->nlines, a >= 0 ? &hs : &s, L);
            header_from = -1;
        }
        if (!ln) {
            break;
        }
        if (!ln->table) {
            table_end(l);
            narrative_line(l, pg, ln, left, right);
            continue;
        }
        flush_para(l);
        if (!l->in_table) {
            emit(l, GIK_TOK_TABLE_START, NULL, 0);
            l->in_table = 1;
        }
        if (ln->run != run) {
            run = ln->run;
            L = run_label_cols(l, pg, run);
        }
        if (ln->anchor) {
            if (k >= block_end) {
                block_end = block_slots(pg, k, &s);
            }
            emit_row(l, pg, ln, &s, L);
        }
        else if (!nearest_anchor(pg, ln, 1)) {
            if (header_from < 0) {
                header_from = k;
            }
        }
        else {
            emit_text_row(l, ln);
        }
    }
}

void gik_pdf_layout_emit(gik_pdf_layout *l, gik_token_fn fn, void *baton)
{
    page *pages = (page *)l->pages->elts;
    int i;
    l->fn = fn;
    l->baton = baton;
    gik_textbuf_reset(&l->para);
    for (i = 0; i < l->pages->nelts; i++) {
        build_lines(l->pool, &pages[i]);
    }
    mark_big(l);
    drop_furniture(l);
    for (i = 0; i < l->pages->nelts; i++) {
        find_runs(l->pool, &pages[i]);
        attach_labels(l->pool, &pages[i]);
        if (getenv("GIK_PDF_DEBUG")) { int k; for (k = 0; k < pages[i].nlines; k++) { line *ln = &pages[i].lines[k]; fprintf(stderr, "p%d y=%.1f h=%.1f x=%.1f-%.1f run=%d anc=%d host=%d drop=%d big=%d |%s|\n", i, ln->yc, ln->h, ln->x1, ln->x2, ln->run, ln->anchor, ln->host != NULL, ln->dropped, ln->big, ln->text); { int c; for (c = 0; c < ln->nchunks; c++) if (ln->chunks[c].host) fprintf(stderr, "    chunk %d host y=%.1f\n", c, ln->chunks[c].host->yc); } } }
        emit_page(l, &pages[i]);
    }
    flush_para(l);
    table_end(l);
}
