/*
 * gik_pdf_columns.c - value columns (step 5 of gik_pdf_layout.c), and
 * tables known by their column headings alone.
 *
 * A table's value columns are where its rows' numbers stand.  A table
 * printed with no number at all (a Word export of a body with nothing to
 * count leaves every zero blank) has none: what says it is a table is its
 * heading -- lines of several words set in columns, no prose line is set
 * so -- and, under it, the rows' labels in the left column with nothing
 * beside them.  Its value columns are then read from the heading words:
 * the narrowest words name one column each ("商业" over "企业" join), and
 * a word over two or more of them ("法人或其他组织", "行政复议") spans
 * them and names none.  A heading with no label under it is a table of one
 * row, printed blank (table C's fifteen values).
 */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "gik_pdf_internal.h"

void gik_pdf_slots_add(slots *s, double x1, double x2, double tol)
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

void gik_pdf_slots_sort(slots *s)
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

int gik_pdf_slot_of(const slots *s, double x1, double x2)
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

/* ---- tables printed without a number ------------------------------------ */

typedef struct headed {
    int on;                      /* the page before ended inside a table */
    double vx;
    slots cols;
    page *hpg;                   /* or in the heading of a table (its lines */
    int hfrom, hto;              /*   hfrom..hto-1 there) whose rows begin */
    slots all;                   /*   here: the columns its words name */
} headed;

static int by_width(const void *a, const void *b)
{
    const chunk *x = a, *y = b;
    double d = (x->x2 - x->x1) - (y->x2 - y->x1);
    return d < 0 ? -1 : d > 0;
}

/* The words of a chunk, as chunks: its glyphs split where a space would be
 * read (two narrow columns' headings may stand closer than a cell gap). */
int gik_pdf_words(apr_pool_t *p, apr_array_header_t *out, const chunk *ch, line *ln)
{
    int i, start, n = 0;
    for (i = 1, start = 0; i <= ch->ng; i++) {
        if (i == ch->ng || ch->g[i].x1 - ch->g[i - 1].x2 > WORD_GAP * ln->h) {
            gik_pdf_set_chunk(p, apr_array_push(out), ch->g + start, i - start, ln);
            start = i;
            n++;
        }
    }
    return n;
}

static int line_words(apr_pool_t *p, apr_array_header_t *out, line *ln)
{
    int c, n = 0;
    for (c = 0; c < ln->nchunks; c++) {
        n += gik_pdf_words(p, out, &ln->chunks[c], ln);
    }
    return n;
}

/* The columns the heading words of lines from..to-1 of pg name, narrowest
 * first, with those of lines from2..to2-1 of pg2 (a heading a page break
 * cut; pg2 may be NULL). */
static void heading_slots(apr_pool_t *p, page *pg, int from, int to, page *pg2, int from2,
                          int to2, slots *s)
{
    apr_array_header_t *words = apr_array_make(p, 64, sizeof(chunk));
    double tol = 0.2 * pg->H;
    int k, i;
    memset(s, 0, sizeof(*s));
    for (k = from; k < to; k++) {
        if (!pg->lines[k].dropped) {
            line_words(p, words, &pg->lines[k]);
        }
    }
    for (k = from2; pg2 && k < to2; k++) {
        if (!pg2->lines[k].dropped) {
            line_words(p, words, &pg2->lines[k]);
        }
    }
    qsort(words->elts, (apr_size_t)words->nelts, sizeof(chunk), by_width);
    for (i = 0; i < words->nelts; i++) {
        const chunk *w = &APR_ARRAY_IDX(words, i, chunk);
        int over = 0, j;
        for (j = 0; j < s->n; j++) {
            over += w->x1 < s->x2[j] + tol && w->x2 > s->x1[j] - tol;
        }
        if (over < 2) {
            gik_pdf_slots_add(s, w->x1, w->x2, tol);
        }
    }
    gik_pdf_slots_sort(s);
}

/* A line of a table printed blank under its heading: no numbers, nothing
 * right of the label column (a section heading after the table runs on
 * past it). */
static int blank_body_line(const page *pg, const line *ln, double vx)
{
    return !ln->run && !ln->nnum && !ln->big && ln->x2 < vx - 0.3 * pg->H;
}

/* Lines from..to-1 into run (0: a new one) with values from vx on and,
 * when cols, those value columns. */
static void mark_run(apr_pool_t *p, page *pg, int from, int to, int run, double vx,
                     const slots *cols)
{
    int k;
    if (!pg->run_vx) {
        pg->run_vx = apr_pcalloc(p, (apr_size_t)(pg->nlines + 2) * sizeof(double));
        pg->run_cols = apr_pcalloc(p, (apr_size_t)(pg->nlines + 2) * sizeof(slots *));
    }
    if (!run) {
        for (k = 0; k < pg->nlines; k++) {
            run = pg->lines[k].run > run ? pg->lines[k].run : run;
        }
        run++;
    }
    for (k = from; k < to; k++) {
        if (!pg->lines[k].dropped) {
            pg->lines[k].run = pg->lines[k].table = run;
        }
    }
    if (!pg->run_vx[run]) {
        pg->run_vx[run] = vx;
    }
    if (cols && !pg->run_cols[run]) {
        pg->run_cols[run] = apr_pmemdup(p, cols, sizeof(*cols));
    }
}

/* The end of the body of a table printed blank from line k on (the first
 * line that is no part of it). */
static int body_end(page *pg, int k, double vx, int *numbered, int *last)
{
    double prev_y = -1;
    *numbered = 0;
    for (; k < pg->nlines; k++) {
        const line *ln = &pg->lines[k];
        if (ln->dropped) {
            continue;
        }
        if (!blank_body_line(pg, ln, vx) || (prev_y >= 0 && ln->yc - prev_y > RUN_GAP * pg->H)) {
            break;
        }
        *numbered += gik_pdf_numbered(ln->text);
        *last = k;
        prev_y = ln->yc;
    }
    return k;
}

/* Can line x be part of a table's heading?  A heading's words are a few
 * characters each, never a section's title. */
static int heading_line(const page *pg, const line *x)
{
    return !x->run && !x->nnum && !gik_pdf_section_heading(x->text)
           && (strchr(x->text, ' ') || (!x->big && x->x2 - x->x1 <= 8 * pg->H));
}

/* Are the lines from k to the page's foot all heading or label-column
 * words, no row's? */
static int heading_to_foot(const page *pg, int k)
{
    for (; k < pg->nlines; k++) {
        const line *x = &pg->lines[k];
        if (!x->dropped && (x->run || x->nnum || gik_pdf_numbered(x->text)
                            || !heading_line(pg, x))) {
            return 0;
        }
    }
    return 1;
}

static int last_content(const page *pg)
{
    int k;
    for (k = pg->nlines - 1; k >= 0 && pg->lines[k].dropped; k--) {
        ;
    }
    return k;
}

/* A table goes on from the page before, its values from vx on: the rows
 * printed blank at the head of this page are its.  1 if there were any. */
static int go_on(apr_pool_t *p, page *pg, int first, double vx, const slots *cols)
{
    int e, numbered, last = -1;
    while (first < pg->nlines && pg->lines[first].dropped) {
        first++;
    }
    /* a section heading at the head of the page ends the table: it is a
     * line alone, where a row label that reads as one ("一、本年新收政府
     * 信息" wrapped) has more label lines under it */
    e = body_end(pg, first, vx, &numbered, &last);
    if (e < pg->nlines && e > first && last == first
        && gik_pdf_section_heading(pg->lines[first].text)) {
        e = first;
    }
    while (e < pg->nlines && pg->lines[e].dropped) {
        e++;
    }
    if (e > first && e < pg->nlines && pg->lines[e].run) {
        /* rows printed blank, then rows with numbers: one run */
        mark_run(p, pg, first, e, pg->lines[e].run, vx, NULL);
        return 1;
    }
    if (e > first && numbered) {
        mark_run(p, pg, first, e, 0, vx, cols);
        return 1;
    }
    return 0;
}

static void find_on_page(apr_pool_t *p, page *pg, headed *h)
{
    apr_array_header_t *first = apr_array_make(p, 16, sizeof(chunk));
    int i, last = -1, numbered;
    if (h->hpg) {
        /* the heading may go on here too: lines over its value columns */
        double edge = h->all.n > 1 ? h->all.x1[1] - 0.5 * pg->H : pg->w;
        slots all, cols;
        int k = 0;
        while (k < pg->nlines && (pg->lines[k].dropped
                                  || (heading_line(pg, &pg->lines[k]) && pg->lines[k].x1 >= edge))) {
            k++;
        }
        heading_slots(p, h->hpg, h->hfrom, h->hto, pg, 0, k, &all);
        /* the labels' column is the first the heading names */
        cols = all;
        cols.n = all.n > 0 ? all.n - 1 : 0;
        memmove(cols.x1, cols.x1 + 1, (apr_size_t)cols.n * sizeof(double));
        memmove(cols.x2, cols.x2 + 1, (apr_size_t)cols.n * sizeof(double));
        if (all.n >= 3 && go_on(p, pg, k, all.x1[1], &cols)) {
            mark_run(p, h->hpg, h->hfrom, h->hto, 0, all.x1[1], &cols);
            if (k) {
                mark_run(p, pg, 0, k, pg->lines[k].run, all.x1[1], &cols);
            }
        }
    }
    else if (h->on) {
        go_on(p, pg, 0, h->vx, h->cols.n ? &h->cols : NULL);
    }
    h->hpg = NULL;
    for (i = 0; i < pg->nlines; i++) {
        line *ln = &pg->lines[i];
        slots all;
        double edge, prev_y = ln->yc;
        int from, to, e, k;
        if (ln->run || ln->dropped || ln->nnum || gik_pdf_run_break(pg, ln)) {
            continue;
        }
        apr_array_clear(first);
        if (line_words(p, first, ln) < 4) {
            continue;
        }
        /* the heading: the lines of short words around this one, down to
         * the first row's label (numbered, left of its second word) */
        edge = APR_ARRAY_IDX(first, 1, chunk).x1 - 0.5 * pg->H;
        for (to = i + 1; to < pg->nlines; to++) {
            const line *x = &pg->lines[to];
            if (x->dropped) {
                continue;
            }
            if (!heading_line(pg, x) || x->yc - prev_y > RUN_GAP * pg->H
                || (x->x2 < edge && gik_pdf_numbered(x->text))) {
                break;
            }
            prev_y = x->yc;
        }
        /* and up: heading words wrapped onto lines above this one ("社"
         * over "会公益组织", "自" over "然人"), the label column's heading
         * beside them, up to the section's title */
        for (from = i; from > 0; from--) {
            const line *x = &pg->lines[from - 1];
            if (!x->dropped && (!heading_line(pg, x) || ln->yc - x->yc > RUN_GAP * pg->H
                                || (x->x2 < edge && gik_pdf_numbered(x->text)))) {
                break;
            }
        }
        heading_slots(p, pg, from, to, NULL, 0, 0, &all);
        if (all.n < 3) {
            continue;
        }
        e = body_end(pg, to, all.x1[1], &numbered, &last);
        if (e > to && numbered >= 2) {
            /* the labels' column is the first the heading names */
            slots cols = all;
            cols.n--;
            for (k = 0; k < cols.n; k++) {
                cols.x1[k] = all.x1[k + 1];
                cols.x2[k] = all.x2[k + 1];
            }
            mark_run(p, pg, from, e, 0, all.x1[1], &cols);
            i = e - 1;
        }
        else if (!numbered && heading_to_foot(pg, to)) {
            /* a heading at the page's foot (the label column's heading
             * among its last lines, perhaps): its rows begin on the next */
            h->hpg = pg;
            h->hfrom = from;
            h->hto = pg->nlines;
            h->all = all;
            i = pg->nlines - 1;
        }
        else if (e == to && all.n >= 5 && !pg->lines[to].run) {
            /* no label and no numbers under it (and the page goes on: the
             * rows of a heading at a page's foot are on the next page): one
             * row, every value blank */
            mark_run(p, pg, from, to, 0, all.x1[0], &all);
            i = to - 1;
        }
    }
}

/* Does the page end inside a table?  Then its rows may go on at the head
 * of the next page printed blank: h says where their values would be. */
static void ends_in_table(const page *pg, headed *h)
{
    int k = last_content(pg), run;
    h->on = 0;
    h->cols.n = 0;
    if (k < 0 || !pg->lines[k].run) {
        return;
    }
    run = pg->lines[k].run;
    h->vx = pg->run_vx && pg->run_vx[run] > 0 ? pg->run_vx[run] : pg->w;
    for (k = 0; k < pg->nlines; k++) {
        const line *a = &pg->lines[k];
        if (a->run == run && a->nnum && !a->dropped && gik_pdf_values_x(a) < h->vx) {
            h->vx = gik_pdf_values_x(a);
        }
    }
    if (pg->run_cols && pg->run_cols[run]) {
        h->cols = *pg->run_cols[run];
    }
    h->on = h->vx < pg->w;
}

void gik_pdf_find_headed_runs(gik_pdf_layout *l)
{
    page *pages = (page *)l->pages->elts;
    headed h;
    int i;
    memset(&h, 0, sizeof(h));
    for (i = 0; i < l->pages->nelts; i++) {
        find_on_page(l->pool, &pages[i], &h);
        ends_in_table(&pages[i], &h);
    }
}
