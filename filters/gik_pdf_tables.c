/*
 * gik_pdf_tables.c - which lines are tables and which label lines belong
 * to which row (steps 3, 4 of gik_pdf_layout.c).
 */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "gik_pdf_internal.h"

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
double gik_pdf_values_x(const line *a)
{
    int k;
    if (a->blank) {
        return a->vx;
    }
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
line *gik_pdf_nearest_anchor(page *pg, const line *ln, int same_run)
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
    if (best && ln->x2 > gik_pdf_values_x(best) - 0.3 * pg->H) {
        return NULL;
    }
    return best;
}

/* The nearest line before (dir -1) or after (dir 1) ln that is not page
 * furniture: is it words over the value columns in ln's run? */
static int heading_next(page *pg, const line *ln, int dir)
{
    int k;
    for (k = LINE_INDEX(pg, ln) + dir; k >= 0 && k < pg->nlines; k += dir) {
        line *x = &pg->lines[k];
        if (!x->dropped) {
            return x->run == ln->run && !x->anchor && !gik_pdf_nearest_anchor(pg, x, 1);
        }
    }
    return 0;
}

/* The label column's heading ("信息内容"), centred in a heading of two
 * lines, stands between them: heading words above and below it, no row's
 * label. */
int gik_pdf_within_heading(page *pg, const line *ln)
{
    return ln->run && !ln->anchor && gik_pdf_nearest_anchor(pg, ln, 1)
           && heading_next(pg, ln, -1) && heading_next(pg, ln, 1);
}

/* A line beside a row's numbers, in its label zone: part of that row's
 * label ("一、本年新收政府信息公" wrapped is no section heading). */
static int beside_anchor(page *pg, const line *ln)
{
    const line *a = gik_pdf_nearest_anchor(pg, ln, 0);
    return a && fabs(a->yc - ln->yc) <= ATTACH_DY * ln->h;
}

/* Words after a gap that begin with an item number: a category beside a
 * row's label ("三、本年 （一）予以公开"), which no section title holds. */
static int numbered_after_gap(const char *s)
{
    const char *sp;
    for (sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' ')) {
        if (gik_pdf_numbered(sp + 1)) {
            return 1;
        }
    }
    return 0;
}

int gik_pdf_run_break(page *pg, const line *ln)
{
    return (ln->big && !tabular(ln)) || wide_text(pg, ln)
           || (gik_pdf_section_heading(ln->text) && !ln->nnum && !beside_anchor(pg, ln)
               && !numbered_after_gap(ln->text));
}

/* How many chunks of the rows near ln start at x (a column's left edge). */
static int starts_at(const page *pg, const line *ln, double x)
{
    int k, c, n = 0, at = LINE_INDEX(pg, ln);
    for (k = at > NEAR_LINES ? at - NEAR_LINES : 0; k < pg->nlines && k <= at + NEAR_LINES; k++) {
        const line *o = &pg->lines[k];
        for (c = 0; o->run == ln->run && c < o->nchunks; c++) {
            n += fabs(o->chunks[c].x1 - x) <= 1.5;
        }
    }
    return n;
}

/* Does the text from glyph i of ch on begin with a row's item number? */
static int numbered_from(apr_pool_t *p, const chunk *ch, int i, line *ln)
{
    chunk rest;
    gik_pdf_set_chunk(p, &rest, ch->g + i, ch->ng - i, ln);
    return gik_pdf_numbered(rest.text);
}

/* Two cells set close together ("三、本年 (一)予以公开": a narrow padding)
 * read as one chunk with a space inside.  Where that space ends at the x at
 * which chunks of other rows begin, it is the column edge: split there; so
 * it is where the words after it begin with an item number, as a row's
 * label does (a category printed beside a single row of its own). */
static void split_at_columns(apr_pool_t *p, page *pg, line *ln)
{
    int c, i, k;
    for (c = 0; c < ln->nchunks; c++) {
        chunk *ch = &ln->chunks[c];
        for (i = 1; !ch->numeric && i < ch->ng; i++) {
            if (ch->g[i].x1 - ch->g[i - 1].x2 > WORD_GAP * ln->h
                && (starts_at(pg, ln, ch->g[i].x1) >= 2 || numbered_from(p, ch, i, ln))) {
                for (k = ln->nchunks; k > c + 1; k--) {
                    ln->chunks[k] = ln->chunks[k - 1];
                }
                ln->nchunks++;
                ln->chunks[c + 1] = *ch;
                gik_pdf_set_chunk(p, &ln->chunks[c + 1], ch->g + i, ch->ng - i, ln);
                gik_pdf_set_chunk(p, ch, ch->g, i, ln);
                break;
            }
        }
    }
}

/* Marks the table runs of a page: from a tabular line, through single-chunk
 * lines, to the last tabular line before a heading, a wide line or a gap;
 * then the label lines just above or below it. */
/* One run of words from a row's label zone far into its value columns:
 * no cell holds that, a title between two tables does ("（四）政府信息公开
 * 行政复议、行政诉讼情况" under table B on a wide page). */
static int across_columns(const page *pg, const line *ln, double vx)
{
    return ln->nchunks == 1 && !ln->nnum && ln->x1 < vx - pg->H && ln->x2 > vx + 2 * pg->H;
}

void gik_pdf_find_runs(apr_pool_t *p, page *pg)
{
    int i = 0, j, run = 0, pass, changed;
    while (i < pg->nlines) {
        int last = -1, anchors = 0;
        double prev_y, vx;
        if (pg->lines[i].dropped || !tabular(&pg->lines[i]) || gik_pdf_run_break(pg, &pg->lines[i])) {
            i++;
            continue;
        }
        prev_y = pg->lines[i].yc;
        vx = 0;
        for (j = i; j < pg->nlines; j++) {
            line *ln = &pg->lines[j];
            if (ln->dropped) {
                continue;
            }
            if (ln->yc - prev_y > RUN_GAP * pg->H || gik_pdf_run_break(pg, ln)
                || (vx > 0 && across_columns(pg, ln, vx))) {
                break;
            }
            prev_y = ln->yc;
            if (tabular(ln)) {
                last = j;
                anchors += ln->nnum > 0;
            }
            if (ln->nnum && tabular(ln)) {
                vx = gik_pdf_values_x(ln);
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
            if (ln->run || ln->dropped || ln->nchunks != 1 || gik_pdf_run_break(pg, ln)) {
                continue;
            }
            if (beside_anchor(pg, ln)) {
                ln->run = gik_pdf_nearest_anchor(pg, ln, 0)->run;
                changed = 1;
                continue;
            }
            for (k = j > NEAR_LINES ? j - NEAR_LINES : 0; k < pg->nlines && k <= j + NEAR_LINES;
                 k++) {
                line *nb = &pg->lines[k];
                if (nb->run && !nb->anchor && fabs(nb->yc - ln->yc) <= RUN_CHAIN * ln->h
                    && nb->x1 < ln->x2 && nb->x2 > ln->x1 && gik_pdf_nearest_anchor(pg, nb, 1)) {
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
            gik_pdf_line_text(p, &pg->lines[j]);
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

/* "1." "2、" "（三）" "四、": the numbering a table row's label begins with. */
int gik_pdf_numbered(const char *s)
{
    static const char *const cjk[] = { "\xE4\xB8\x80", "\xE4\xBA\x8C", "\xE4\xB8\x89",
                                       "\xE5\x9B\x9B", "\xE4\xBA\x94", "\xE5\x85\xAD",
                                       "\xE4\xB8\x83", "\xE5\x85\xAB", NULL };
    const char *q = s;
    int i;
    while (*q >= '0' && *q <= '9') {
        q++;
    }
    if (q > s && q - s <= 2) {
        return *q == '.' || !strncmp(q, "\xE3\x80\x81", 3) || !strncmp(q, "\xEF\xBC\x8E", 3);
    }
    if (!strncmp(s, "\xEF\xBC\x88", 3) || *s == '(') {          /* （ or ( */
        q = s + (*s == '(' ? 1 : 3);
    }
    for (i = 0; cjk[i]; i++) {
        if (!strncmp(q, cjk[i], 3)) {
            q += 3;
            return q != s + 3 ? (!strncmp(q, "\xEF\xBC\x89", 3) || *q == ')')
                              : !strncmp(q, "\xE3\x80\x81", 3);
        }
    }
    return 0;
}

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
    qsort(d, (apr_size_t)m, sizeof(double), gik_pdf_by_double);
    return d[m / 4];
}

/* Centre of the label lines of row a in the column of fragment i. */
static double label_centre(const frag *f, int n, const frag *col, const line *a)
{
    double top = 0, bottom = 0;
    int i, any = 0;
    for (i = 0; i < n; i++) {
        if (f[i].ch->host == a && f[i].ch->x1 < col->ch->x2 && f[i].ch->x2 > col->ch->x1) {
            top = any && top < f[i].ln->yc ? top : f[i].ln->yc;
            bottom = any && bottom > f[i].ln->yc ? bottom : f[i].ln->yc;
            any = 1;
        }
    }
    return (top + bottom) / 2;
}

/* Cells set without padding put the next row's first label line one pitch
 * below this row's last, as close as its own lines: the closest-first joins
 * may then give it to the wrong row.  Rows' numbers are centred on their
 * labels, so a line at the boundary of two rows moves to the other row when
 * that centres both better. */
static void recentre(frag *f, int n, double pitch)
{
    int i, j, moved = 1, rounds;
    for (rounds = 0; moved && rounds < 8; rounds++) {
        moved = 0;
        for (i = 0; i < n; i++) {
            line *from = f[i].ch->host, *to = NULL;
            double before, after;
            if (!from || f[i].ln == from) {
                continue;
            }
            /* the neighbouring line, one pitch away, belongs to another row */
            for (j = 0; j < n; j++) {
                if (f[j].ch->host && f[j].ch->host != from
                    && fabs(fabs(f[j].ln->yc - f[i].ln->yc) - pitch) < 0.3 * pitch
                    && f[j].ch->x1 < f[i].ch->x2 && f[j].ch->x2 > f[i].ch->x1) {
                    to = f[j].ch->host;
                    break;
                }
            }
            /* a row printed blank has no numbers to centre on */
            if (!to || to->blank || from->blank) {
                continue;
            }
            before = fabs(label_centre(f, n, &f[i], from) - from->yc)
                     + fabs(label_centre(f, n, &f[i], to) - to->yc);
            f[i].ch->host = to;
            after = fabs(label_centre(f, n, &f[i], from) - from->yc)
                    + fabs(label_centre(f, n, &f[i], to) - to->yc);
            if (after < before - 0.25 * pitch) {
                moved = 1;
            }
            else {
                f[i].ch->host = from;
            }
        }
    }
}

/* Where the run's values begin: the label zone of every row lies left of it. */
static double run_values_x(const page *pg, int run)
{
    double vx = pg->run_vx && pg->run_vx[run] > 0 ? pg->run_vx[run] : pg->w;
    int k;
    for (k = 0; k < pg->nlines; k++) {
        const line *a = &pg->lines[k];
        if (a->anchor && a->run == run && !a->dropped && gik_pdf_values_x(a) < vx) {
            vx = gik_pdf_values_x(a);
        }
    }
    return vx;
}

/* A row printed with every cell blank (Word leaves zeros out) has no
 * numbers to anchor it: only its label, which starts with its item number
 * ("2.", "（三）", "四、") like every row label of these tables.  A label
 * cell joined to no row whose first line is numbered is such a row -- when
 * it is a row label, not a category: a category ("（三）不予公开") spans
 * several rows, so row labels stand to its right, while nothing but values
 * stands right of a row label.  Its first line becomes the row's anchor;
 * other cells of no row starting on that line (a category) join it, as
 * they join a row with numbers. */
static void promote_blank_rows(page *pg, int run, frag *f, int n, double pitch)
{
    double vx = run_values_x(pg, run);
    int i, j;
    for (i = 0; i < n; i++) {
        double x2 = 0, bottom = f[i].ln->yc;
        line *ln = f[i].ln;
        int right = 0;
        if (root(f, i) != i || f[i].own) {
            continue;
        }
        /* i is the root; its cell's first frag is the lowest index */
        for (j = 0; j < n && root(f, j) != i; j++) {
            ;
        }
        ln = f[j].ln;
        if (ln->anchor || !gik_pdf_numbered(f[j].ch->text)) {
            continue;
        }
        for (j = 0; j < n; j++) {
            if (root(f, j) == i) {
                x2 = f[j].ch->x2 > x2 ? f[j].ch->x2 : x2;
                bottom = f[j].ln->yc > bottom ? f[j].ln->yc : bottom;
            }
        }
        for (j = 0; j < n && !right; j++) {
            right = root(f, j) != i && f[j].ch->x1 > x2 - 0.5 * pg->H
                    && f[j].ln->yc > ln->yc - pitch && f[j].ln->yc < bottom + pitch;
        }
        if (right) {
            continue;
        }
        ln->anchor = ln->blank = 1;
        ln->vx = vx;
        for (j = 0; j < n; j++) {
            if (f[j].ln == ln && !f[root(f, j)].own) {
                f[root(f, j)].own = ln;
            }
        }
    }
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
        if ((!ln->anchor && !gik_pdf_nearest_anchor(pg, ln, 1)
             && !(pg->run_vx && pg->run_vx[run] > 0 && ln->x2 < pg->run_vx[run]))
            || gik_pdf_within_heading(pg, ln)) {
            continue;            /* words over the value columns: a header */
        }
        vx = ln->anchor ? gik_pdf_values_x(ln) : pg->w;
        own = ln->anchor ? ln : gik_pdf_nearest_anchor(pg, ln, 1);
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
        /* the nearest overlapping chunks above (frags go top to bottom);
         * a label that starts with its number ("2.", "（三）") starts a cell:
         * it continues none above it */
        int found = 0;
        for (j = i - 1; j >= 0 && found < 8 && !gik_pdf_numbered(f[i].ch->text); j--) {
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
    promote_blank_rows(pg, run, f, n, pitch);
    /* a cell of no row (a category over several rows, a caption, vertical
     * text) stays a row of its own: it names no row's values */
    for (i = 0; i < n; i++) {
        f[i].ch->host = f[root(f, i)].own;
    }
    recentre(f, n, pitch);
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

void gik_pdf_attach_labels(apr_pool_t *p, page *pg)
{
    int k, run, runs = 0;
    /* runs found from their headings (gik_pdf_columns.c) are numbered
     * after the others, wherever they stand */
    for (k = 0; k < pg->nlines; k++) {
        runs = pg->lines[k].run > runs ? pg->lines[k].run : runs;
    }
    for (run = 1; run <= runs; run++) {
        attach_run(p, pg, run);
    }
}

