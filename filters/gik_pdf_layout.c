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
#include <string.h>
#include <math.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "gik_pdf_internal.h"

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

/* ---- 5: value columns ----------------------------------------------------- */

/* The value columns of the block of consecutive rows starting at line i:
 * the x ranges their numbers occupy, merged where they overlap.  A block of
 * rows printed blank keeps the columns of the rows before it (prev). */
static int block_slots(const page *pg, int i, slots *s, const slots *prev)
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
            if (ln->chunks[c].x1 >= gik_pdf_values_x(ln)) {
                gik_pdf_slots_add(s, ln->chunks[c].x1, ln->chunks[c].x2, 0.2 * pg->H);
            }
        }
    }
    gik_pdf_slots_sort(s);
    if (!s->n && prev) {
        *s = *prev;
    }
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
        l->table_L = 0;
        memset(&l->cols, 0, sizeof(l->cols));
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
    double vx = gik_pdf_values_x(a);
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
    label_col cols[MAX_SLOTS], lead[MAX_SLOTS];
    const char *vals[MAX_SLOTS], *text[2 * MAX_SLOTS];
    int n, m = 0, nt = 0, i, c;
    double vx = gik_pdf_values_x(a);
    apr_size_t len;
    emit(l, GIK_TOK_ROW_START, NULL, 0);
    n = label_cols(l, pg, a, cols);
    /* a row a page break cut (gik_pdf_breaks.c): the part on the page
     * before gives the label's beginning and its categories */
    if (a->lead) {
        m = label_cols(l, a->lead_pg, a->lead, lead);
    }
    for (i = 0; i + 1 < m; i++) {
        text[nt++] = gik_textbuf_text(lead[i].buf, &len);
    }
    for (i = 0; i + 1 < n; i++) {
        text[nt++] = gik_textbuf_text(cols[i].buf, &len);
    }
    if (n || m) {
        text[nt++] = apr_pstrcat(l->pool, m ? gik_textbuf_text(lead[m - 1].buf, &len) : "",
                                 m && a->lead->tail ? a->lead->tail : "",
                                 n ? gik_textbuf_text(cols[n - 1].buf, &len) : "",
                                 a->tail ? a->tail : "", NULL);
    }
    for (i = 0; i < nt; i++) {
        emit(l, GIK_TOK_CELL, text[i], L - nt + i);
    }
    for (i = 0; i < s->n; i++) {
        vals[i] = NULL;
    }
    for (c = 0; c < a->nchunks; c++) {
        const chunk *ch = &a->chunks[c];
        int slot;
        if (ch->x1 < vx || (slot = gik_pdf_slot_of(s, ch->x1, ch->x2)) < 0) {
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

static void emit_blank_row(gik_pdf_layout *l, const slots *s, int L)
{
    int i;
    emit(l, GIK_TOK_ROW_START, NULL, 0);
    for (i = 0; i < s->n; i++) {
        emit(l, GIK_TOK_CELL, "", L + i);
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
/* One heading word into the column under it; 0 when it spans several. */
static int header_word(gik_textbuf *cols, const slots *s, const chunk *ch, double tol)
{
    int over = 0, slot = -1, i;
    for (i = 0; i < s->n; i++) {
        if (ch->x1 < s->x2[i] + tol && ch->x2 > s->x1[i] - tol) {
            over++;
            slot = i;
        }
    }
    if (over > 1) {
        return 0;
    }
    if (!over && s->n && ch->x1 > s->x1[0]) {
        slot = gik_pdf_slot_of(s, ch->x1, ch->x2);
    }
    gik_textbuf_append(&cols[slot + 1], ch->text, strlen(ch->text));
    return 1;
}

static void emit_header(gik_pdf_layout *l, page *pg, int from, int to, const slots *s, int L)
{
    gik_textbuf *cols = apr_pcalloc(l->pool, (MAX_SLOTS + 1) * sizeof(gik_textbuf));
    apr_array_header_t *words = apr_array_make(l->pool, 8, sizeof(chunk));
    int k, c, i;
    double tol = 0.2 * pg->H;
    for (i = 0; i <= MAX_SLOTS; i++) {
        gik_textbuf_reset(&cols[i]);
    }
    for (k = from; k < to; k++) {
        line *ln = &pg->lines[k];
        if (ln->dropped || ln->host || ln->anchor) {
            continue;
        }
        for (c = 0; c < ln->nchunks; c++) {
            if (ln->chunks[c].host || header_word(cols, s, &ln->chunks[c], tol)) {
                continue;
            }
            /* over several columns: its words may each head one, set
             * closer than a cell gap ("结果 结果 其他 尚未") */
            apr_array_clear(words);
            if (gik_pdf_words(l->pool, words, &ln->chunks[c], ln) > 1) {
                for (i = 0; i < words->nelts; i++) {
                    header_word(cols, s, &APR_ARRAY_IDX(words, i, chunk), tol);
                }
            }
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
        /* a centred line that wrapped (a title "…工作年度报" / "告"): its
         * rest is centred under it, not an indented new paragraph */
        int centred_rest = pg == l->para_page && prev->x2 >= right - SHORT_END * pg->H
                           && ln->x1 > left + INDENT * pg->H
                           && ln->x2 < right - SHORT_END * pg->H
                           && fabs((ln->x1 + ln->x2) / 2 - (prev->x1 + prev->x2) / 2)
                              < pg->H;
        brk = ln->big != l->para_big
              || (!ln->big && !centred_rest
                  && (ln->x1 > left + INDENT * pg->H
                      || prev->x2 < right - SHORT_END * pg->H))
              || gap > PARA_GAP * (prev->h > ln->h ? prev->h : ln->h)
              || gik_pdf_section_heading(ln->text);
    }
    if (brk) {
        flush_para(l);
        l->para_big = ln->big;
    }
    else if (l->para.len && gik_pdf_ascii_alnum((unsigned char)l->para.buf[l->para.len - 1])
             && gik_pdf_ascii_alnum((unsigned char)ln->text[0])) {
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
    s = l->cols;
    for (k = 0; k <= pg->nlines; k++) {
        const line *ln = k < pg->nlines ? &pg->lines[k] : NULL;
        if (ln && (ln->dropped || ln->host || ln->carried)) {
            continue;
        }
        /* a header block ends at anything but another line of words over
         * the value columns */
        if (header_from >= 0 && (!ln || !ln->table || ln->anchor
                                 || (gik_pdf_nearest_anchor(pg, ln, 1)
                                     && !gik_pdf_within_heading(pg, ln))
                                 || ln->run != pg->lines[header_from].run)) {
            int a = next_anchor(pg, header_from);
            if (a >= 0) {
                block_slots(pg, a, &hs, &l->cols);
            }
            emit_header(l, pg, header_from, ln ? k : pg->nlines, a >= 0 ? &hs : &s, L);
            /* a heading with no row under it on its page (and not at the
             * page's foot, its rows on the next): one row, blank */
            if (a < 0 && ln && pg->run_cols && pg->run_cols[pg->lines[header_from].run]) {
                emit_blank_row(l, &s, L);
            }
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
            /* a table continued from the page before (or past a gap) keeps
             * its grid: a category printed vertically beside the rows on
             * the first page only (三、本年度办理结果) leaves one label column
             * fewer here, and the values would stand one column left of
             * the header's */
            if (l->table_L > L) {
                L = l->table_L;
            }
            l->table_L = L;
            /* a table printed without a number: its heading's columns */
            if (pg->run_cols && pg->run_cols[run]) {
                l->cols = s = *pg->run_cols[run];
                block_end = -1;
            }
        }
        if (ln->anchor) {
            if (k >= block_end) {
                block_end = block_slots(pg, k, &s, &l->cols);
                l->cols = s;
            }
            emit_row(l, pg, ln, &s, L);
        }
        else if (!gik_pdf_nearest_anchor(pg, ln, 1) || gik_pdf_within_heading(pg, ln)) {
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
        gik_pdf_build_lines(l->pool, &pages[i]);
    }
    gik_pdf_mark_big(l);
    gik_pdf_drop_furniture(l);
    for (i = 0; i < l->pages->nelts; i++) {
        gik_pdf_find_runs(l->pool, &pages[i]);
    }
    gik_pdf_find_headed_runs(l);
    for (i = 0; i < l->pages->nelts; i++) {
        gik_pdf_attach_labels(l->pool, &pages[i]);
    }
    gik_pdf_join_breaks(l);
    for (i = 0; i < l->pages->nelts; i++) {
        emit_page(l, &pages[i]);
    }
    flush_para(l);
    table_end(l);
}
