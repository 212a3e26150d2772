/*
 * gik_recognise_tables.c - the three tables: which printed row is which
 * template row, which cells are its numbers, and what had to be repaired to
 * read them.
 *
 * While the page streams, every table row is reduced to a "raw row": the
 * printed label that names it and the cells after that label.  Positions are
 * not trusted -- text extractions lose merged cells, so the same report puts
 * the values of one row in fields 2-8 and of the next in fields 3-9 -- the
 * label is.  At the end the format is decided from the words only one format
 * prints, the raw rows are mapped onto that template, and every repair (an
 * approximate label, a shifted row, a blank or unreadable cell, a missing
 * table) becomes a finding, so the rules never see a number that was guessed.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

/* ---- label matching ------------------------------------------------- */

/* ---- what a cell names ------------------------------------------------ */

static int fuzzy_allowed(const gik_recogniser *rc)
{
    return rc->text_cells < GIK_MAX_FUZZY_CELLS;
}

/* Does norm name a row of some format's table?  Sets *table. */
static gik_match match_row_any(const gik_recogniser *rc, const char *norm, gik_table_id *table)
{
    const gik_label_entry *e;
    gik_match m = gik_labels_find(norm, GIK_LABEL_ROW | GIK_LABEL_ALIAS, -1, NULL,
                                  fuzzy_allowed(rc), &e);
    if (m != GIK_MATCH_NONE) {
        *table = e->table;
    }
    return m;
}

static int is_category(const char *norm)
{
    const gik_label_entry *e;
    return gik_labels_find(norm, GIK_LABEL_CATEGORY, -1, NULL, 0, &e) == GIK_MATCH_EXACT;
}

/* Does the cell name a column (or another header word) of table t?  The
 * column index is set for real columns, -1 for other header words. */
static gik_match match_header_key(const gik_recogniser *rc, gik_label_key *key,
                                  gik_table_id t, int *col)
{
    const gik_label_entry *e, *word;
    gik_match m;
    *col = -1;
    if ((t == GIK_TABLE_A && strstr(key->norm, "第二十条"))
        || (t == GIK_TABLE_B && strstr(key->norm, "勾稽关系"))) {
        return GIK_MATCH_EXACT;     /* caption rows and table B's note cell */
    }
    m = gik_labels_find_key(key, GIK_LABEL_COLUMN, t, NULL, fuzzy_allowed(rc), &e);
    if (m == GIK_MATCH_EXACT) {
        *col = e->col;
        return m;
    }
    if (gik_labels_find_key(key, GIK_LABEL_HEADER_WORD, t, NULL, 0, &word)
        == GIK_MATCH_EXACT) {
        return GIK_MATCH_EXACT;
    }
    if (m != GIK_MATCH_NONE) {
        *col = e->col;
    }
    return m;
}

/* The header verdicts of one row's text cells, worked out once: a header
 * row asks each cell about all three tables and then again about the one
 * it chose, and the row label is asked whether it is a header word. */
typedef struct header_memo {
    int known;                      /* bit t: m[t] and col[t] are set */
    int keyed;
    gik_label_key key;
    gik_match m[GIK_NTABLES];
    int col[GIK_NTABLES];
} header_memo;

static gik_match match_header(const gik_recogniser *rc, const char *norm, header_memo *memo,
                              gik_table_id t, int *col)
{
    if (!memo->keyed) {
        gik_label_key_init(&memo->key, norm);
        memo->keyed = 1;
    }
    if (!(memo->known & (1 << t))) {
        memo->m[t] = match_header_key(rc, &memo->key, t, &memo->col[t]);
        memo->known |= 1 << t;
    }
    *col = memo->col[t];
    return memo->m[t];
}

/* ---- while the page streams: one row at a time ------------------------- */

typedef enum { CELL_EMPTY, CELL_NUMBER, CELL_TEXT } cell_kind;

static cell_kind kind_of(const char *text)
{
    double v;
    if (!*text) {
        return CELL_EMPTY;
    }
    return gik_parse_number(text, GIK_VALUE_MONEY, &v) == GIK_CELL_INVALID
           && gik_parse_number(text, GIK_VALUE_SIGNED, &v) == GIK_CELL_INVALID
           ? CELL_TEXT : CELL_NUMBER;
}

/* "第二十条第（五）项" -> bit 5. */
static int caption_bit(const char *norm)
{
    static const char *const items[] = { "(一)", "(二)", "(三)", "(四)", "(五)", "(六)",
                                         "(七)", "(八)", "(九)", NULL };
    int i;
    if (!strstr(norm, "第二十条")) {
        return 0;
    }
    for (i = 0; items[i]; i++) {
        if (strstr(norm, items[i])) {
            return 1 << (i + 1);
        }
    }
    return 0;
}

/* A row with no numbers: column headers, captions, or a lone category. */
static void read_header_row(gik_recogniser *rc, const char **norms, header_memo *memo,
                            int ncells)
{
    int scores[GIK_NTABLES] = { 0, 0, 0 };
    int i, t, best = -1;
    for (i = 0; i < ncells; i++) {
        int col;
        if (!norms[i]) {
            continue;
        }
        rc->captions_seen |= caption_bit(norms[i]);
        for (t = 0; t < GIK_NTABLES; t++) {
            if (match_header(rc, norms[i], &memo[i], (gik_table_id)t, &col) != GIK_MATCH_NONE) {
                scores[t]++;
            }
        }
    }
    for (t = 0; t < GIK_NTABLES; t++) {
        if (scores[t] && (best < 0 || scores[t] > scores[best]
                          || (scores[t] == scores[best] && rc->context_valid
                              && rc->context == (gik_table_id)t))) {
            best = t;
        }
    }
    if (best < 0) {
        return;
    }
    rc->context = (gik_table_id)best;
    rc->context_valid = 1;
    if (!rc->header_open[best]) {
        memset(rc->header_at[best], 0, sizeof(rc->header_at[best]));
        rc->header_open[best] = 1;
    }
    for (i = 0; i < ncells; i++) {
        int col, c;
        gik_match m;
        gik_raw_header *h;
        if (!norms[i]) {
            continue;
        }
        m = match_header(rc, norms[i], &memo[i], (gik_table_id)best, &col);
        if (m == GIK_MATCH_NONE || rc->headers->nelts >= 4 * GIK_MAX_RAW_ROWS) {
            continue;
        }
        h = apr_array_push(rc->headers);
        h->table = (gik_table_id)best;
        h->printed = apr_pstrdup(rc->pool, rc->cells[i].text);
        h->norm = apr_pstrdup(rc->pool, norms[i]);
        h->col = rc->cells[i].col;
        h->group = rc->table_seq;
        for (c = h->col; col >= 0 && c >= 0 && c < h->col + rc->cells[i].span
                         && c < GIK_MAX_HEADER_COLS; c++) {
            rc->header_at[best][c] = h->norm;
        }
    }
}

/* The counts of the printed table being read; NULL past GIK_MAX_GROUPS. */
static gik_group_count *group_now(gik_recogniser *rc)
{
    gik_group_count *g;
    if (rc->groups->nelts) {
        g = &APR_ARRAY_IDX(rc->groups, rc->groups->nelts - 1, gik_group_count);
        if (g->group == rc->table_seq) {
            return g;
        }
    }
    if (rc->groups->nelts >= GIK_MAX_GROUPS) {
        return NULL;
    }
    g = apr_array_push(rc->groups);
    g->group = rc->table_seq;
    g->matched = g->unmatched = 0;
    return g;
}

/* A printed table whose rows of numbers mostly carry labels no report
 * table prints: a budget, a list of documents. */
static int group_foreign(const gik_recogniser *rc, int group)
{
    int i;
    for (i = 0; i < rc->groups->nelts; i++) {
        const gik_group_count *g = &APR_ARRAY_IDX(rc->groups, i, gik_group_count);
        if (g->group == group) {
            return g->unmatched > 0 && g->unmatched >= g->matched;
        }
    }
    return 0;
}

void gik_recognise_forget_tables(gik_recogniser *rc)
{
    apr_array_clear(rc->rows);
    apr_array_clear(rc->headers);
    apr_array_clear(rc->groups);
    memset(rc->rows_per_table, 0, sizeof(rc->rows_per_table));
    memset(rc->header_open, 0, sizeof(rc->header_open));
    rc->captions_seen = 0;
    rc->context_valid = 0;
}

static void keep_raw_row(gik_recogniser *rc, gik_table_id table, int label_idx, int first_value)
{
    gik_raw_row *rr;
    gik_group_count *g = group_now(rc);
    int i;
    if (g) {
        g->matched++;
    }
    if (rc->rows_per_table[table] >= GIK_MAX_RAW_ROWS) {
        return;
    }
    rc->rows_per_table[table]++;
    rr = apr_array_push(rc->rows);
    memset(rr, 0, sizeof(*rr));
    rr->table = table;
    rr->group = rc->table_seq;
    rr->flat = rc->row_flat;
    if (label_idx >= 0) {
        rr->label = apr_pstrdup(rc->pool, rc->cells[label_idx].text);
        rr->label_norm = gik_normalise(rc->pool, rr->label);
        rr->label_col = rc->cells[label_idx].col;
    }
    rr->values = apr_palloc(rc->pool, sizeof(gik_raw_cell)
                                      * (rc->ncells > first_value ? rc->ncells - first_value : 1));
    for (i = first_value; i < rc->ncells; i++) {
        const char *t = rc->cells[i].text;
        int col = rc->cells[i].col;
        gik_raw_cell *v = &rr->values[rr->nvalues++];
        v->col = col;
        v->span = rc->cells[i].span;
        v->joined = rc->cells[i].joined;
        v->text = apr_pstrndup(rc->pool, t, GIK_MAX_VALUE_TEXT);
        v->header = col >= 0 && col < GIK_MAX_HEADER_COLS ? rc->header_at[table][col] : NULL;
    }
    rc->header_open[table] = 0;        /* the next header row starts afresh */
}

/* Table C's value row printed wholly blank (a Word export of a body with no
 * review or litigation): right under table C's header, as many cells as the
 * header has columns and not one word in them.  Its cells are zeros with
 * CELL-BLANK, not a missing table. */
static int blank_table_c_row(const gik_recogniser *rc, int last_text)
{
    return last_text < 0 && rc->ncells >= 15 && rc->context_valid
        && rc->context == GIK_TABLE_C && rc->header_open[GIK_TABLE_C]
        && !rc->rows_per_table[GIK_TABLE_C];
}

static int is_header_word(const gik_recogniser *rc, const char *norm, header_memo *memo)
{
    int t, col;
    for (t = 0; t < GIK_NTABLES; t++) {
        if (match_header(rc, norm, memo, (gik_table_id)t, &col) == GIK_MATCH_EXACT) {
            return 1;
        }
    }
    return 0;
}

/* A flattened row prints its header words and its label as one run of
 * words ("…本年废止件数现行有效件数规章"), and only table A's labels carry
 * no item number to cut before: the label is the longest tail of the words
 * that is exactly a table A row's. */
static void split_label_tail(gik_recogniser *rc, int i)
{
    const char *s = rc->cells[i].text, *p;
    if (rc->ncells >= GIK_MAX_ROW_CELLS) {
        return;
    }
    for (p = s + 1; *p; p++) {
        const gik_label_entry *e;
        if (((unsigned char)*p & 0xC0) == 0x80) {
            continue;
        }
        if (gik_labels_find(gik_normalise(rc->row_pool, p), GIK_LABEL_ROW | GIK_LABEL_ALIAS,
                            GIK_TABLE_A, NULL, 0, &e) == GIK_MATCH_EXACT) {
            memmove(&rc->cells[i + 1], &rc->cells[i], sizeof(rc->cells[0]) * (rc->ncells - i));
            rc->cells[i].text = apr_pstrmemdup(rc->row_pool, s, (apr_size_t)(p - s));
            rc->cells[i + 1].text = p;
            rc->cells[i + 1].col = rc->cells[i].col + 1;
            rc->ncells++;
            return;
        }
    }
}

/* Flattened rows end in one cell of joined digits: the words before it may
 * hold the label at their end. */
static void split_joined_row(gik_recogniser *rc)
{
    const gik_label_entry *e;
    int j = rc->ncells - 1;
    if (j < 1 || !rc->cells[j].joined || kind_of(rc->cells[j - 1].text) != CELL_TEXT) {
        return;
    }
    if (gik_labels_find(gik_normalise(rc->row_pool, rc->cells[j - 1].text),
                        GIK_LABEL_ROW | GIK_LABEL_ALIAS, -1, NULL, 0, &e) == GIK_MATCH_NONE) {
        split_label_tail(rc, j - 1);
    }
}

/* Digits in a cell: a joined cell stands for at least one number each. */
static int digits_in(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        n += *s >= '0' && *s <= '9';
    }
    return n;
}

void gik_recognise_row(gik_recogniser *rc)
{
    const char *norms[GIK_MAX_ROW_CELLS];
    header_memo memo[GIK_MAX_ROW_CELLS];
    int i, numbers = 0, empties_after = 0, label_idx = -1, last_text = -1;
    gik_table_id table = GIK_TABLE_A;

    if (rc->ended) {
        return;
    }
    split_joined_row(rc);
    for (i = 0; i < rc->ncells; i++) {
        cell_kind k = rc->cells[i].joined ? CELL_NUMBER : kind_of(rc->cells[i].text);
        norms[i] = NULL;
        memo[i].known = memo[i].keyed = 0;
        if (rc->cells[i].joined) {
            numbers += digits_in(rc->cells[i].text) - 1;
        }
        if (k == CELL_TEXT) {
            norms[i] = gik_normalise(rc->row_pool, rc->cells[i].text);
            last_text = i;
            rc->text_cells++;
        }
        numbers += (k == CELL_NUMBER);
    }
    /* The row label is the last cell that names a row: categories and the
     * 三、本年度办理结果 group cell come before it. */
    for (i = rc->ncells - 1; i >= 0; i--) {
        gik_table_id t;
        if (norms[i] && strlen(norms[i]) < GIK_MAX_LABEL_TEXT
            && match_row_any(rc, norms[i], &t) != GIK_MATCH_NONE) {
            label_idx = i;
            table = t;
            break;
        }
    }
    for (i = label_idx + 1; label_idx >= 0 && i < rc->ncells; i++) {
        empties_after += !*rc->cells[i].text;
    }

    if (!numbers) {
        /* A row of blank cells under a row label is a row (CELL-BLANK); a
         * row of words is a header ("总计" names a column there). */
        if (blank_table_c_row(rc, last_text)) {
            keep_raw_row(rc, GIK_TABLE_C, -1, 0);
            return;
        }
        if (label_idx >= 0 && empties_after
            && (!is_header_word(rc, norms[label_idx], &memo[label_idx])
                || gik_label_body(norms[label_idx]) != norms[label_idx])) {
            /* "3.其他" and "（七）总计" name columns too, but no header is numbered */
            keep_raw_row(rc, table, label_idx, label_idx + 1);
            rc->context = table;
            rc->context_valid = 1;
        }
        else {
            read_header_row(rc, norms, memo, rc->ncells);
            if (label_idx >= 0 && is_category(norms[label_idx])) {
                rc->context = GIK_TABLE_B;
                rc->context_valid = 1;
            }
        }
        return;
    }
    /* Table C's fifteen values stand in a row of their own, after the
     * header words (a flattened page puts those in the same row).  A Word
     * export that leaves its zeros blank prints fewer than five numbers
     * there ("2" under 结果维持 and 总计, the rest blank): right under the
     * header, with no word in it, it is the value row all the same. */
    if ((label_idx < 0 || table == GIK_TABLE_C
            || is_header_word(rc, norms[label_idx], &memo[label_idx]))
        && ((rc->context_valid && rc->context == GIK_TABLE_C) || rc->section == 3
            || table == GIK_TABLE_C)
        && (numbers >= 5 || blank_table_c_row(rc, last_text))) {
        if (last_text >= 0) {
            read_header_row(rc, norms, memo, last_text + 1);
        }
        keep_raw_row(rc, GIK_TABLE_C, -1, last_text + 1);
        rc->context = GIK_TABLE_C;
        rc->context_valid = 1;
        return;
    }
    if (label_idx < 0) {
        if (last_text >= 0) {
            gik_group_count *g = group_now(rc);
            if (g) {
                g->unmatched++;     /* numbers under a label no report prints */
            }
        }
        return;
    }
    if (label_idx > 0) {
        read_header_row(rc, norms, memo, label_idx);  /* captions printed before the label */
    }
    keep_raw_row(rc, table, label_idx, label_idx + 1);
    rc->context = table;
    rc->context_valid = 1;
}

/* ---- tables flattened to one cell per paragraph ------------------------- */

void gik_recognise_flush_paragraph_row(gik_recogniser *rc)
{
    if (rc->vrow_open && rc->ncells) {
        rc->row_flat = 1;
        gik_recognise_row(rc);
    }
    rc->vrow_open = 0;
    rc->vrow_values = 0;
    rc->ncells = 0;
    rc->row_flat = 0;
}

static void add_paragraph_cell(gik_recogniser *rc, const gik_token *tok)
{
    if (rc->ncells >= GIK_MAX_ROW_CELLS) {
        return;
    }
    rc->cells[rc->ncells].col = rc->ncells;
    rc->cells[rc->ncells].joined = 0;
    rc->cells[rc->ncells].text = apr_pstrmemdup(rc->row_pool, tok->text,
                                                tok->len < GIK_MAX_LABEL_TEXT ? tok->len
                                                                              : GIK_MAX_LABEL_TEXT);
    rc->ncells++;
}

int gik_recognise_cell_paragraph(gik_recogniser *rc, const gik_token *tok)
{
    char norm[GIK_MAX_LABEL_TEXT + 8];
    header_memo memo = { 0 };
    gik_table_id t;
    int is_label, is_number;

    /* Only sections 二-四 hold tables. */
    if (rc->section < 1 || rc->section > 3 || tok->len >= GIK_MAX_LABEL_TEXT) {
        gik_recognise_flush_paragraph_row(rc);
        return 0;
    }
    gik_fold(norm, sizeof(norm), tok->text);
    is_number = kind_of(tok->text) == CELL_NUMBER;
    is_label = !is_number
        && (match_row_any(rc, norm, &t) != GIK_MATCH_NONE || is_category(norm)
            || is_header_word(rc, norm, &memo));
    if (!is_label && !is_number) {
        gik_recognise_flush_paragraph_row(rc);
        return 0;
    }
    if (is_label && rc->vrow_values) {
        gik_recognise_flush_paragraph_row(rc);
    }
    if (!rc->vrow_open) {
        rc->vrow_open = 1;
        rc->ncells = 0;
    }
    add_paragraph_cell(rc, tok);
    if (is_number) {
        rc->vrow_values++;
    }
    return 1;
}

/* ---- at the end: the format, the cells, the repairs -------------------- */

static const gik_format *decide_format(gik_recogniser *rc)
{
    int v2021 = 0, v2019 = 0, i;
    if (rc->force_format && strcmp(rc->force_format, "2019") == 0) {
        return &gik_format_2019;
    }
    if (rc->force_format && strcmp(rc->force_format, "2021") == 0) {
        return &gik_format_2021;
    }
    /* Table A's column headers differ completely between the formats. */
    for (i = 0; i < rc->headers->nelts; i++) {
        const gik_raw_header *h = &APR_ARRAY_IDX(rc->headers, i, gik_raw_header);
        const gik_label_entry *e;
        if (gik_labels_find(h->norm, GIK_LABEL_COLUMN, GIK_TABLE_A, NULL, 1, &e)) {
            v2021 += e->format == &gik_format_2021;
            v2019 += e->format == &gik_format_2019;
        }
    }
    for (i = 0; i < rc->rows->nelts; i++) {
        const gik_raw_row *rr = &APR_ARRAY_IDX(rc->rows, i, gik_raw_row);
        if (!rr->label_norm) {
            continue;
        }
        if (gik_match_label(rr->label_norm, "其他对外管理服务事项") != GIK_MATCH_NONE
            || gik_match_label(rr->label_norm, "政府集中采购") != GIK_MATCH_NONE) {
            v2019 += 2;
        }
        /* （六） as one row is the 2019 layout, but 2021 reports print it
         * so too (ROW-MERGED): a weak vote, none for a 2021 report. */
        if (gik_match_label(rr->label_norm, "（六）其他处理") == GIK_MATCH_EXACT
            && rr->nvalues >= 7 && !(rc->rep->year >= 2021)) {
            v2019 += 1;
        }
        if (strstr(rr->label_norm, "逾期不补正") || strstr(rr->label_norm, "收费通知")) {
            v2021 += 2;
        }
    }
    if (v2019 > v2021) {
        return &gik_format_2019;
    }
    if (v2021 > v2019) {
        return &gik_format_2021;
    }
    return rc->rep->year && rc->rep->year <= 2020 ? &gik_format_2019 : &gik_format_2021;
}

/* The cells after a label that hold its n values.  Text extractions pad rows
 * with empty fields where merged cells were; the values are the run that is
 * left once surplus empty fields are dropped, leading ones first (a blank
 * 总计 at the end of a row is a value, the padding before the first value is
 * not). */
static int value_window(const gik_raw_row *rr, int n, int *first)
{
    int lo = 0, hi = rr->nvalues;
    while (hi - lo > n && !*rr->values[lo].text) {
        lo++;
    }
    while (hi - lo > n && !*rr->values[hi - 1].text) {
        hi--;
    }
    *first = lo;
    return hi - lo;
}

/* When the row's cells stand under the column headers printed above them,
 * read each column under its own header: that is the only way to place the
 * blank cell of a merged pair (2019 table A prints 本年新公开数量 over two
 * columns).  Accepted only if every printed value is taken, so a row that
 * slid left or right against the header falls back to value_window(). */
static int window_by_header(const gik_raw_row *rr, const gik_format *format,
                            gik_table_id t, const gik_row_tmpl *row, int *idx)
{
    const gik_table_tmpl *tt = &format->tables[t];
    int c, j, k = 0, used = 0, under[GIK_MAX_ROW_CELLS];
    /* which template column each value stands under, -1 none */
    for (j = 0; j < rr->nvalues; j++) {
        const gik_label_entry *e;
        under[j] = rr->values[j].header
                   && gik_labels_find(rr->values[j].header, GIK_LABEL_COLUMN, t, format, 1, &e)
                   ? e->col : -1;
    }
    for (c = 0; c < tt->ncols; c++) {
        if (!((row->colmask >> c) & 1)) {
            continue;
        }
        for (j = 0; j < rr->nvalues; j++) {
            if (under[j] == c && !((used >> j) & 1)) {
                break;
            }
        }
        if (j == rr->nvalues || j >= 31) {
            return 0;
        }
        used |= 1 << j;
        idx[k++] = j;
    }
    for (j = 0; j < rr->nvalues; j++) {
        if (*rr->values[j].text && !((used >> j) & 1)) {
            return 0;
        }
    }
    return k;
}

/* The row's cells were printed as one run of digits. */
static void fill_joined(gik_report *rep, gik_table *tab, int r, const char *text)
{
    const gik_row_tmpl *row = &tab->tmpl->rows[r];
    gik_cell *cells[GIK_MAX_ROW_CELLS];
    gik_value_kind kinds[GIK_MAX_ROW_CELLS];
    const char *rows[GIK_MAX_ROW_CELLS], *cols[GIK_MAX_ROW_CELLS];
    int c, n = 0;
    for (c = 0; c < tab->tmpl->ncols; c++) {
        if ((row->colmask >> c) & 1) {
            cells[n] = GIK_CELL(tab, r, c);
            kinds[n] = tab->tmpl->cols[c].kind;
            rows[n] = row->id;
            cols[n++] = tab->tmpl->cols[c].id;
        }
    }
    gik_read_joined(rep, tab->tmpl->table, text, cells, kinds, rows, cols, n,
                    apr_psprintf(rep->pool, "%s“%s”行", gik_table_name_zh(tab->tmpl->table),
                                 row->label),
                    apr_psprintf(rep->pool, "%s, row “%s” (%s)",
                                 gik_table_name_en(tab->tmpl->table), row->label, row->id));
}

static void fill_row(gik_report *rep, gik_table *tab, int r, const gik_raw_row *rr,
                     gik_row_source *src)
{
    const gik_row_tmpl *row = &tab->tmpl->rows[r];
    int c, k = 0, n = 0, first, avail, idx[GIK_MAX_ROW_CELLS];
    for (c = 0; c < tab->tmpl->ncols; c++) {
        n += (row->colmask >> c) & 1;
    }
    if (rr->nvalues && rr->values[rr->nvalues - 1].joined) {
        src->value_start = -1;
        fill_joined(rep, tab, r, rr->values[rr->nvalues - 1].text);
        return;
    }
    avail = window_by_header(rr, rep->format, tab->tmpl->table, row, idx);
    if (!avail) {
        avail = value_window(rr, n, &first);
        for (k = 0; k < avail; k++) {
            idx[k] = first + k;
        }
        k = 0;
    }
    src->value_start = avail > 0 ? rr->values[idx[0]].col : -1;
    for (c = 0; c < tab->tmpl->ncols; c++) {
        gik_cell *cell = GIK_CELL(tab, r, c);
        if (!((row->colmask >> c) & 1)) {
            continue;
        }
        if (k < avail) {
            const char *text = rr->values[idx[k]].text;
            cell->raw = text;
            cell->state = gik_parse_number(text, tab->tmpl->cols[c].kind, &cell->value);
            if (cell->state == GIK_CELL_INVALID) {
                cell->value = 0;
            }
        }
        else {
            cell->state = GIK_CELL_ABSENT;
        }
        k++;
    }
}

static int rows_in_group(const gik_recogniser *rc, int group, gik_table_id t)
{
    int i, n = 0;
    for (i = 0; i < rc->rows->nelts; i++) {
        const gik_raw_row *rr = &APR_ARRAY_IDX(rc->rows, i, gik_raw_row);
        n += rr->group == group && rr->table == t;
    }
    return n;
}

static void map_rows(gik_recogniser *rc, gik_table_id t, gik_row_source *srcs)
{
    gik_table *tab = &rc->rep->tables[t];
    int i;
    for (i = 0; i < rc->rows->nelts; i++) {
        const gik_raw_row *rr = &APR_ARRAY_IDX(rc->rows, i, gik_raw_row);
        int best = -1;
        gik_match best_m = GIK_MATCH_NONE;
        if (rr->table != t || !rr->label_norm || group_foreign(rc, rr->group)) {
            continue;
        }
        {
            const gik_label_entry *e;
            best_m = gik_labels_find(rr->label_norm, GIK_LABEL_ROW | GIK_LABEL_ALIAS, t,
                                     rc->rep->format, 1, &e);
            /* A row printed twice: the printing among more of its table's
             * rows counts (a lone 总计 row of some other table inside the
             * report is not （七）总计), else the first. */
            if (best_m != GIK_MATCH_NONE
                && (!srcs[e->row].raw
                    || rows_in_group(rc, rr->group, t)
                       > rows_in_group(rc, srcs[e->row].raw->group, t))) {
                best = e->row;
            }
        }
        if (best >= 0) {
            srcs[best].raw = rr;
            srcs[best].match = best_m;
            fill_row(rc->rep, tab, best, rr, &srcs[best]);
            tab->present = 1;
        }
    }
}

/* Table C's fifteen values as one run of digits. */
static void fill_table_c_joined(gik_report *rep, gik_table *tab, gik_row_source *srcs,
                                const gik_raw_row *rr)
{
    gik_cell *cells[GIK_MAX_ROW_CELLS];
    gik_value_kind kinds[GIK_MAX_ROW_CELLS];
    const char *rows[GIK_MAX_ROW_CELLS], *cols[GIK_MAX_ROW_CELLS];
    int r, c, n = 0;
    for (r = 0; r < tab->tmpl->nrows; r++) {
        if (srcs[r].raw) {
            return;             /* rows printed with labels already read */
        }
    }
    for (r = 0; r < tab->tmpl->nrows; r++) {
        for (c = 0; c < tab->tmpl->ncols && n < GIK_MAX_ROW_CELLS; c++) {
            cells[n] = GIK_CELL(tab, r, c);
            kinds[n] = tab->tmpl->cols[c].kind;
            rows[n] = tab->tmpl->rows[r].id;
            cols[n++] = tab->tmpl->cols[c].id;
        }
        srcs[r].raw = rr;
        srcs[r].match = GIK_MATCH_EXACT;
        srcs[r].value_start = -1;
    }
    tab->present = 1;
    gik_read_joined(rep, GIK_TABLE_C, rr->values[rr->nvalues - 1].text, cells, kinds, rows,
                    cols, n, apr_psprintf(rep->pool, "%s的一行", gik_table_name_zh(GIK_TABLE_C)),
                    apr_psprintf(rep->pool, "%s, its one row of %d numbers",
                                 gik_table_name_en(GIK_TABLE_C), n));
}

/* Table C prints its fifteen values in one unlabelled row. */
static void map_table_c_values(gik_recogniser *rc, gik_row_source *srcs)
{
    gik_table *tab = &rc->rep->tables[GIK_TABLE_C];
    int i, r;
    for (i = 0; i < rc->rows->nelts; i++) {
        const gik_raw_row *rr = &APR_ARRAY_IDX(rc->rows, i, gik_raw_row);
        gik_raw_row part;
        gik_raw_cell part_values[5];
        int first, avail;
        if (rr->table != GIK_TABLE_C || rr->label_norm || group_foreign(rc, rr->group)) {
            continue;
        }
        if (rr->nvalues && rr->values[rr->nvalues - 1].joined) {
            fill_table_c_joined(rc->rep, tab, srcs, rr);
            break;
        }
        avail = value_window(rr, 15, &first);
        if (avail < 5) {
            continue;
        }
        for (r = 0; r < tab->tmpl->nrows; r++) {
            int k;
            if (srcs[r].raw) {
                continue;
            }
            memset(&part, 0, sizeof(part));
            part.values = part_values;
            for (k = 0; k < 5 && r * 5 + k < avail; k++) {
                part.values[k] = rr->values[first + r * 5 + k];
            }
            part.nvalues = k;
            srcs[r].raw = rr;
            srcs[r].match = GIK_MATCH_EXACT;
            fill_row(rc->rep, tab, r, &part, &srcs[r]);
            srcs[r].value_start = -1;
            tab->present = 1;
        }
        break;
    }
}

/* A merged row stands for its sub-rows only when they are not printed: a
 * category cell in a row of its own is no merged row. */
static void unmerge(gik_table *tab, gik_row_source *srcs)
{
    int r, s, c;
    for (r = 0; r < tab->tmpl->nrows; r++) {
        if (!gik_table_row_merged(tab, r)) {
            continue;
        }
        for (s = 0; s < tab->tmpl->nrows; s++) {
            const char *cat = tab->tmpl->rows[s].category;
            if (srcs[s].raw && cat && strcmp(cat, tab->tmpl->rows[r].label) == 0) {
                for (c = 0; c < tab->tmpl->ncols; c++) {
                    GIK_CELL(tab, r, c)->state = GIK_CELL_ABSENT;
                    GIK_CELL(tab, r, c)->raw = NULL;
                }
                srcs[r].raw = NULL;
                break;
            }
        }
    }
}

void gik_recognise_tables_finish(gik_recogniser *rc)
{
    gik_report *rep = rc->rep;
    gik_row_source *srcs[GIK_NTABLES];
    int t, rows_found = 0;

    gik_recognise_flush_paragraph_row(rc);
    for (t = 0; t < GIK_NTABLES; t++) {
        rows_found += rc->rows_per_table[t];
    }
    /* A report: most of its headings, or its application table.  A news item
     * that mentions 年度报告 has neither. */
    rep->is_report = rc->sections_found >= 4 || rc->rows_per_table[GIK_TABLE_B] >= 8
        || (rc->sections_found >= 2 && rep->title && rows_found >= 2);
    if (!rep->is_report) {
        return;
    }
    gik_report_set_format(rep, decide_format(rc));
    for (t = 0; t < GIK_NTABLES; t++) {
        srcs[t] = apr_pcalloc(rc->row_pool, sizeof(gik_row_source) * rep->tables[t].tmpl->nrows);
        map_rows(rc, (gik_table_id)t, srcs[t]);
    }
    map_table_c_values(rc, srcs[GIK_TABLE_C]);
    unmerge(&rep->tables[GIK_TABLE_B], srcs[GIK_TABLE_B]);
    gik_recognise_repairs(rc, srcs);
}
