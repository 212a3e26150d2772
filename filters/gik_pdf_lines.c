/*
 * gik_pdf_lines.c - a page's glyphs into lines and chunks (steps 1, 2 of
 * gik_pdf_layout.c), the body type size, and the page furniture (step 6).
 */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "gik_pdf_internal.h"

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

int gik_pdf_by_double(const void *a, const void *b)
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
    qsort(hs, n, sizeof(double), gik_pdf_by_double);
    return hs[n / 2] > 0.5 ? hs[n / 2] : 0.5;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

int gik_pdf_ascii_alnum(int c)
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
int gik_pdf_section_heading(const char *s)
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

void gik_pdf_line_text(apr_pool_t *p, line *ln)
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

void gik_pdf_set_chunk(apr_pool_t *p, chunk *c, gik_pdf_glyph *g, int n, line *ln)
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
            gik_pdf_set_chunk(p, &ln->chunks[ln->nchunks++], g + start, (int)(i - start), ln);
            start = i;
        }
    }
    ln->x1 = ln->chunks[0].x1;
    ln->x2 = ln->chunks[ln->nchunks - 1].x2;
    gik_pdf_line_text(p, ln);
}

void gik_pdf_build_lines(apr_pool_t *p, page *pg)
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
void gik_pdf_mark_big(gik_pdf_layout *l)
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
    qsort(hs->elts, (apr_size_t)hs->nelts, sizeof(double), gik_pdf_by_double);
    l->body_h = APR_ARRAY_IDX(hs, hs->nelts / 2, double);
    for (i = 0; i < l->pages->nelts; i++) {
        for (n = 0; n < pages[i].nlines; n++) {
            pages[i].lines[n].big = pages[i].lines[n].h > HEADING_SIZE * l->body_h;
        }
    }
}

void gik_pdf_drop_furniture(gik_pdf_layout *l)
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

