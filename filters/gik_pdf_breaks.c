/*
 * gik_pdf_breaks.c - table rows a page break cut in two (between steps 4
 * and 5 of gik_pdf_layout.c).
 *
 * A browser or a word processor that breaks a table across pages may break
 * inside a row: the label cell goes on on the next page ("4.保护第三方" at
 * the foot of one page, "合法权益" at the head of the next), and the row's
 * numbers stand in whichever part their cells' centres fell.  Read page by
 * page, the first part is a row with a label cut short (or a row printed
 * blank, when the numbers went on), the second a label with no row or a
 * row whose label begins mid-word.  Each page has had its runs and rows
 * found; this joins the two parts back into one row.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_pdf_internal.h"

/* The last row of a page whose table runs to its foot: nothing but page
 * furniture follows it. */
static line *last_row(page *pg)
{
    int k;
    line *a = NULL;
    for (k = pg->nlines - 1; k >= 0; k--) {
        line *ln = &pg->lines[k];
        if (ln->dropped) {
            continue;
        }
        if (!ln->table) {
            return NULL;
        }
        if (ln->anchor && !ln->carried) {
            a = ln;
            break;
        }
    }
    return a;
}

/* The first line of a page that is not furniture, if it is part of a table. */
static int first_line(const page *pg)
{
    int k;
    for (k = 0; k < pg->nlines && pg->lines[k].dropped; k++) {
        ;
    }
    return k < pg->nlines && pg->lines[k].table ? k : -1;
}

/* The x range of a row's own label (its rightmost label cell): where the
 * rest of that label is printed on the next page. */
static int leaf_column(const page *pg, const line *a, double *x1, double *x2)
{
    int k, c, found = 0, at = LINE_INDEX(pg, a);
    double vx = gik_pdf_values_x(a);
    for (k = at > NEAR_LINES ? at - NEAR_LINES : 0; k < pg->nlines && k <= at + NEAR_LINES; k++) {
        const line *ln = &pg->lines[k];
        for (c = 0; c < ln->nchunks; c++) {
            const chunk *ch = &ln->chunks[c];
            if (ch->host != a || ch->x1 >= vx) {
                continue;
            }
            if (!found || ch->x1 > *x1 + pg->H) {
                *x1 = ch->x1;
                *x2 = ch->x2;
            }
            else if (ch->x1 > *x1 - pg->H) {
                *x2 = ch->x2 > *x2 ? ch->x2 : *x2;
            }
            found = 1;
        }
    }
    return found;
}

/* The text of row b's own label on its page, top to bottom. */
static const char *leaf_text(apr_pool_t *p, const page *pg, const line *b)
{
    double x1, x2;
    const char *t = "";
    int k, c;
    if (!leaf_column(pg, b, &x1, &x2)) {
        return t;
    }
    for (k = 0; k < pg->nlines; k++) {
        const line *ln = &pg->lines[k];
        for (c = 0; c < ln->nchunks; c++) {
            if (ln->chunks[c].host == b && ln->chunks[c].x1 >= x1 - 0.5 * pg->H
                && ln->chunks[c].x1 < gik_pdf_values_x(b)) {
                t = apr_pstrcat(p, t, ln->chunks[c].text, NULL);
            }
        }
    }
    return t;
}

/* Is chunk ch of line k (from the page's first line on) the rest of row a's
 * label, printed in its label column x1..x2? */
static int tail_chunk(const page *cur, int k, int first, const chunk *ch, double x1, double x2)
{
    return !ch->host && ch->x2 > x1 && ch->x1 < x2 + 0.5 * cur->H
           && !(k == first && gik_pdf_numbered(ch->text));
}

/* Label text at the head of the page, in row a's label column, that is no
 * row's, followed by a row: the rest of a's label.  Moves it to a (a->tail).
 * (Followed by a heading over the values instead, it is the caption or the
 * label column's heading of the next table.) */
static void carry_tail(apr_pool_t *p, page *cur, int first, line *a, const page *prev)
{
    double x1, x2;
    const char *tail = "";
    int k, c, end;
    if (!leaf_column(prev, a, &x1, &x2)) {
        return;
    }
    for (end = first; end < cur->nlines; end++) {
        const line *ln = &cur->lines[end];
        int taken = 0;
        if (ln->dropped) {
            continue;
        }
        if (!ln->table || ln->anchor || ln->host || ln->x2 > gik_pdf_values_x(a)) {
            break;               /* the next row, a header over the values, no table */
        }
        for (c = 0; c < ln->nchunks; c++) {
            taken += tail_chunk(cur, end, first, &ln->chunks[c], x1, x2);
        }
        if (!taken) {
            break;
        }
    }
    if (end == first || end == cur->nlines
        || !(cur->lines[end].anchor || cur->lines[end].host)) {
        return;
    }
    for (k = first; k < end; k++) {
        line *ln = &cur->lines[k];
        int rest = 0;
        for (c = 0; !ln->dropped && c < ln->nchunks; c++) {
            chunk *ch = &ln->chunks[c];
            if (tail_chunk(cur, k, first, ch, x1, x2)) {
                tail = apr_pstrcat(p, tail, ch->text, NULL);
                ch->host = a;
            }
            rest += !ch->host;
        }
        if (!ln->dropped && !rest) {
            ln->host = a;
        }
    }
    if (*tail) {
        a->tail = a->tail ? apr_pstrcat(p, a->tail, tail, NULL) : tail;
    }
}

void gik_pdf_join_breaks(gik_pdf_layout *l)
{
    page *pages = (page *)l->pages->elts;
    int i;
    for (i = 1; i < l->pages->nelts; i++) {
        page *prev = &pages[i - 1], *cur = &pages[i];
        line *a = last_row(prev), *b = NULL;
        int first = first_line(cur), k;
        if (!a || first < 0) {
            continue;
        }
        carry_tail(l->pool, cur, first, a, prev);
        for (k = first; k < cur->nlines && !b; k++) {
            if (cur->lines[k].anchor && !cur->lines[k].dropped) {
                b = &cur->lines[k];
            }
        }
        /* a's label with no numbers beside it, and the first row here
         * with numbers but a label that is no row's beginning: one row */
        if (a->blank && b && !b->blank && b->run == cur->lines[first].run
            && !gik_pdf_numbered(leaf_text(l->pool, cur, b))) {
            a->carried = 1;
            b->lead = a;
            b->lead_pg = prev;
        }
    }
}
