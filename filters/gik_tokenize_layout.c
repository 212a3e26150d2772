/*
 * gik_tokenize_layout.c - layout text (what `pdftotext -layout` and many
 * text exports give) to table rows.
 *
 * A layout table has no separators at all: a row is a line whose numbers
 * stand in columns after its label, separated by runs of spaces.  Real
 * extractions break that in three ways (../shared/real/README.md):
 *   - a long label wraps, so its lines stand above and below the line with
 *     the numbers ("（二）部分公开（区分处理的，只计这一情" / numbers /
 *     "形，不计其他情形）"), or the numbers sit on a line of their own;
 *   - merged category cells print beside the rows as fragments ("（六）其",
 *     "他处理") and a vertical cell as one character per line;
 *   - page numbers interrupt the table.
 * Wrapped labels are put back together by geometry: the fragments of one
 * label start in the same character column (within LABEL_SLACK), a
 * fragment that starts with an item number ("2、", "（三）") begins a new
 * label, and a row without a label of its own takes the fragments just
 * above it first; a label does not wrap across a page number (what stands
 * before one is the previous page's).  Fragments claimed by no row stay
 * paragraphs, as before; page numbers are dropped.
 *
 * Lines are held back in a ring of LAYOUT_DEPTH lines (fixed memory) until
 * no later row can claim them, then emitted in their order.
 */
#include <stddef.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_token.h"
#include "gik_tokenize_layout.h"

#define LAYOUT_DEPTH     12     /* lines held back */
#define LAYOUT_LINE_MAX  1024   /* longer lines are narrative, never a table row */
#define LAYOUT_LABEL_MAX 1024
#define MAX_SEGS         24     /* label segments of a line kept */
#define MAX_NUMS         48     /* numbers of a row (table C has 15) */
#define LABEL_SLACK      4      /* characters a wrapped label's lines may be out of line */
#define WALK_LINES       3      /* non-blank lines a label may wrap over */
#define HEADER_SEG_MAX   24     /* characters of a column header cell */

typedef enum { L_BLANK = 0, L_SINGLE, L_MULTI, L_VALUE, L_PAGE } line_kind;

typedef struct lay_seg {
    int col;                    /* character column where it starts */
    apr_size_t off, len;        /* bytes in the line */
    int chars;
} lay_seg;

typedef struct lay_line {
    line_kind kind;
    int consumed;               /* a fragment some row's label took */
    int resolved;               /* VALUE: its label is complete */
    int numbered;               /* SINGLE: starts with an item number */
    unsigned long merged;       /* MULTI: segments a header line above took */
    int label_col;              /* VALUE: column of its label, -1 none yet */
    apr_size_t len;
    char text[LAYOUT_LINE_MAX + 1];
    int nsegs, nnums;
    lay_seg segs[MAX_SEGS];     /* text segments (VALUE: before the numbers) */
    lay_seg nums[MAX_NUMS];     /* VALUE: the numbers */
    apr_size_t label_len;       /* VALUE: the assembled label */
    char label[LAYOUT_LABEL_MAX + 1];
} lay_line;

struct gik_layout {
    gik_token_fn fn;
    void *baton;
    int table_open;
    int started;                /* something was emitted: no longer the top */
    long first, next;           /* sequence numbers held: [first, next) */
    lay_line ring[LAYOUT_DEPTH];
    gik_textbuf text;
};

gik_layout *gik_layout_create(apr_pool_t *p, gik_token_fn fn, void *baton)
{
    gik_layout *l = apr_pcalloc(p, sizeof(*l));
    l->fn = fn;
    l->baton = baton;
    gik_textbuf_reset(&l->text);
    return l;
}

static lay_line *at(gik_layout *l, long seq)
{
    return &l->ring[seq % LAYOUT_DEPTH];
}

/* ---- reading one line ------------------------------------------------- */

/* Bytes of the blank at s: ASCII space or U+3000 (0 if none). */
static int blank_at(const char *s, const char *end)
{
    if (*s == ' ') {
        return 1;
    }
    if (end - s >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
        return 3;
    }
    return 0;
}

/* A number as a cell prints it: "12", "-3", "+2", "0.35", "1,234", and
 * with a unit the reader converts ("251000元", "3.5万元", "12件"). */
static int is_count_text(const char *s, apr_size_t n)
{
    static const char *const units[] = { "万元", "元", "件", "个", NULL };
    apr_size_t i;
    int digit = 0, u;
    for (u = 0; units[u]; u++) {
        apr_size_t k = strlen(units[u]);
        if (n > k && memcmp(s + n - k, units[u], k) == 0) {
            n -= k;
            break;
        }
    }
    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            digit = 1;
        }
        else if (!(s[i] == '.' || s[i] == ',' || ((s[i] == '-' || s[i] == '+') && i == 0 && n > 1))) {
            return 0;
        }
    }
    return digit && s[n - 1] != '.';
}

/* "-3-", "- 3 -", "—3—", "第3页", "第 3 页 共 5 页", "3/5": a page number. */
static int is_page_marker(const char *s, apr_size_t n)
{
    char buf[64];
    apr_size_t i, k = 0;
    int digits = 0;
    if (n >= sizeof(buf)) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (s[i] != ' ') {
            buf[k++] = s[i];
        }
    }
    buf[k] = '\0';
    for (i = 0; i < k; i++) {
        digits += buf[i] >= '0' && buf[i] <= '9';
    }
    if (!digits) {
        return 0;
    }
    if (buf[0] == '-' && buf[k - 1] == '-' && digits == (int)k - 2) {
        return 1;
    }
    if (strncmp(buf, "\xE2\x80\x94", 3) == 0 && k > 6
        && strcmp(buf + k - 3, "\xE2\x80\x94") == 0 && digits == (int)k - 6) {
        return 1;               /* —3— */
    }
    if (strncmp(buf, "第", 3) == 0 && strstr(buf, "页")) {
        return 1;
    }
    if (strchr(buf, '/') && digits == (int)k - 1 && buf[0] != '/' && buf[k - 1] != '/') {
        return 1;
    }
    return 0;
}

/* Starts with an item number: "（三）", "(3)", "三、", "3.", "3、", "3．". */
static int starts_numbered(const char *s, apr_size_t n)
{
    static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八",
                                            "九", "十", NULL };
    int i;
    if (n >= 6 && (strncmp(s, "（", 3) == 0 || *s == '(')) {
        apr_size_t o = *s == '(' ? 1 : 3;
        if (s[o] >= '1' && s[o] <= '9') {
            return s[o + 1] == ')' || strncmp(s + o + 1, "）", 3) == 0;
        }
        for (i = 0; numerals[i]; i++) {
            if (strncmp(s + o, numerals[i], 3) == 0) {
                return s[o + 3] == ')' || strncmp(s + o + 3, "）", 3) == 0;
            }
        }
        return 0;
    }
    if (*s >= '1' && *s <= '9') {
        apr_size_t o = 1;
        if (s[1] >= '0' && s[1] <= '9') {
            o = 2;
        }
        return (o < n && s[o] == '.' && o + 1 < n && !(s[o + 1] >= '0' && s[o + 1] <= '9'))
            || strncmp(s + o, "、", 3) == 0 || strncmp(s + o, "．", 3) == 0;
    }
    for (i = 0; numerals[i]; i++) {
        if (n >= 6 && strncmp(s, numerals[i], 3) == 0) {
            const char *r = s + 3;
            while (*r == ' ') {
                r++;
            }
            return strncmp(r, "、", 3) == 0;
        }
    }
    return 0;
}

/* Splits the line into segments at runs of two or more blanks. */
static void split_segments(lay_line *ln, apr_size_t upto)
{
    const char *s = ln->text, *end = ln->text + upto, *p = s;
    int col = 0;
    ln->nsegs = 0;
    while (p < end) {
        int b = blank_at(p, end), run = 0;
        const char *q;
        lay_seg *seg;
        if (b) {
            p += b;
            col++;
            continue;
        }
        if (ln->nsegs == MAX_SEGS) {
            /* the rest goes into the last segment */
            seg = &ln->segs[MAX_SEGS - 1];
            seg->len = (apr_size_t)(end - (s + seg->off));
            return;
        }
        seg = &ln->segs[ln->nsegs++];
        seg->col = col;
        seg->off = (apr_size_t)(p - s);
        seg->chars = 0;
        for (q = p; q < end;) {
            int bb = blank_at(q, end);
            if (bb) {
                const char *r = q + bb;
                int next = blank_at(r, end);
                if (next || r >= end) {
                    break;      /* two blanks end the segment */
                }
                run = bb;
            }
            else {
                run = 1;
                while (q + run < end && ((unsigned char)q[run] & 0xC0) == 0x80) {
                    run++;
                }
            }
            q += run;
            seg->chars++;
        }
        seg->len = (apr_size_t)(q - p);
        col += seg->chars;
        p = q;
    }
}

/* Numbers at the end of the line, separated by blanks; the gap before them
 * must be two blanks or more (narrative prints "政府信息 1136 条" with one). */
static void classify(lay_line *ln)
{
    const char *s = ln->text, *end = s + ln->len, *p = end;
    apr_size_t label_end = ln->len;
    int n = 0, i;
    lay_seg nums[MAX_NUMS];

    for (;;) {
        const char *q = p, *w;
        while (q > s && q[-1] == ' ') {
            q--;
        }
        if (q == s) {
            label_end = 0;      /* numbers only */
            break;
        }
        for (w = q; w > s && w[-1] != ' '; w--) {
            ;
        }
        if (n < MAX_NUMS && is_count_text(w, (apr_size_t)(q - w))) {
            nums[n].off = (apr_size_t)(w - s);
            nums[n].len = (apr_size_t)(q - w);
            n++;
            p = w;
            continue;
        }
        label_end = (apr_size_t)(q - s);
        if (n && (p - q < 2 || (strstr(s, "。") && strstr(s, "。") < s + label_end))) {
            n = 0;              /* "政府信息 1136", "…。共  12": numbers in a sentence */
        }
        break;
    }
    split_segments(ln, n ? label_end : ln->len);
    ln->nnums = n;
    for (i = 0; i < n; i++) {
        ln->nums[i] = nums[n - 1 - i];
    }
    if (ln->len == 0) {
        ln->kind = L_BLANK;
    }
    else if (is_page_marker(s, ln->len)) {
        ln->kind = L_PAGE;
    }
    else if (n) {
        ln->kind = L_VALUE;
    }
    else if (ln->nsegs >= 2) {
        ln->kind = L_MULTI;
    }
    else {
        ln->kind = L_SINGLE;
        ln->numbered = ln->nsegs && starts_numbered(s + ln->segs[0].off, ln->segs[0].len);
    }
}

/* ---- putting wrapped labels back together ------------------------------ */

static int aligned(const lay_line *frag, int col)
{
    int d = frag->segs[0].col - col;
    return d >= -LABEL_SLACK && d <= LABEL_SLACK;
}

static void label_add(lay_line *row, const char *s, apr_size_t n, int front)
{
    if (row->label_len + n > LAYOUT_LABEL_MAX) {
        return;
    }
    if (front) {
        memmove(row->label + n, row->label, row->label_len);
        memcpy(row->label, s, n);
    }
    else {
        memcpy(row->label + row->label_len, s, n);
    }
    row->label_len += n;
    row->label[row->label_len] = '\0';
}

static void take(lay_line *row, lay_line *frag, int front)
{
    frag->consumed = 1;
    label_add(row, frag->text + frag->segs[0].off, frag->segs[0].len, front);
}

/* A row's label began above the line of its numbers: take the fragments
 * above, nearest first, up to the one that starts with an item number. */
static void walk_up(gik_layout *l, long seq)
{
    lay_line *row = at(l, seq);
    long s;
    int seen = 0;
    if (row->nsegs) {
        const lay_seg *own = &row->segs[row->nsegs - 1];
        if (starts_numbered(row->text + own->off, own->len)) {
            return;
        }
        row->label_col = own->col;
    }
    for (s = seq - 1; s >= l->first && seen < WALK_LINES; s--) {
        lay_line *f = at(l, s);
        if (f->kind == L_BLANK) {
            continue;
        }
        if (f->kind != L_SINGLE || f->consumed) {
            return;     /* another row, a header, a page number: the label began after it */
        }
        seen++;
        if (row->label_col < 0) {
            row->label_col = f->segs[0].col;     /* a row of bare numbers */
        }
        if (aligned(f, row->label_col)) {
            take(row, f, 1);
            if (f->numbered) {
                return;
            }
        }
    }
}

/* The rest of a row's label wrapped below its numbers: the aligned
 * fragments after it that no later row took, up to the next item number. */
static void walk_down(gik_layout *l, long seq)
{
    lay_line *row = at(l, seq);
    long s;
    int seen = 0;
    row->resolved = 1;
    if (row->label_col < 0) {
        return;
    }
    for (s = seq + 1; s < l->next && seen < WALK_LINES; s++) {
        lay_line *f = at(l, s);
        if (f->kind != L_SINGLE || f->consumed) {
            return;     /* the wrapped rest follows at once, on the same page */
        }
        seen++;
        if (aligned(f, row->label_col)) {
            if (f->numbered) {
                return;
            }
            take(row, f, 0);
        }
    }
}

static void start_row(gik_layout *l, long seq)
{
    lay_line *row = at(l, seq);
    long s;
    row->label_len = 0;
    row->label[0] = '\0';
    row->label_col = -1;
    if (row->nsegs) {
        const lay_seg *own = &row->segs[row->nsegs - 1];
        label_add(row, row->text + own->off, own->len, 0);
    }
    walk_up(l, seq);
    /* the previous row may now take what this one left between them */
    for (s = seq - 1; s >= l->first; s--) {
        lay_line *prev = at(l, s);
        if (prev->kind == L_VALUE) {
            if (!prev->resolved) {
                walk_down(l, s);        /* stops at this row */
            }
            break;
        }
    }
}

/* ---- emitting ----------------------------------------------------------- */

static void emit(gik_layout *l, gik_tok_kind kind)
{
    gik_token_emit(l->fn, l->baton, kind, NULL, 0, 0);
}

static void emit_text(gik_layout *l, gik_tok_kind kind, const char *s, apr_size_t n, int col)
{
    gik_textbuf_append(&l->text, s, n);
    /* columns here are the order of the cells in the line: positions in
     * characters say nothing about the grid of merged cells */
    gik_token_emit(l->fn, l->baton, kind, &l->text, col,
                   kind == GIK_TOK_CELL ? GIK_TOKF_FLATTENED : 0);
}

static void table_on(gik_layout *l)
{
    if (!l->table_open) {
        emit(l, GIK_TOK_TABLE_START);
        l->table_open = 1;
    }
}

static void table_off(gik_layout *l)
{
    if (l->table_open) {
        emit(l, GIK_TOK_TABLE_END);
        l->table_open = 0;
    }
}

static int short_segments(const lay_line *ln)
{
    int i;
    for (i = 0; i < ln->nsegs; i++) {
        if (ln->segs[i].chars > HEADER_SEG_MAX) {
            return 0;
        }
    }
    return 1;
}

static int chars_of(const char *s, apr_size_t n)
{
    int c = 0;
    apr_size_t i;
    for (i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

/* Column headers ("信息内容  本年制发件数  …"), each cell completed with the
 * words printed under it in the header lines below ("结果" / "维持"): the
 * segments of a later header line that start in the same column, before
 * the first row of numbers. */
static void header_row(gik_layout *l, lay_line *ln)
{
    int i;
    if (ln->nsegs <= (int)sizeof(ln->merged) * 8
        && ln->merged == (ln->nsegs == (int)sizeof(ln->merged) * 8 ? ~0UL
                          : (1UL << ln->nsegs) - 1)) {
        return;                 /* every word went into the header above */
    }
    table_on(l);
    emit(l, GIK_TOK_ROW_START);
    for (i = 0; i < ln->nsegs && i < (int)sizeof(ln->merged) * 8; i++) {
        long s;
        if ((ln->merged >> i) & 1) {
            continue;           /* went into a cell above */
        }
        gik_textbuf_append(&l->text, ln->text + ln->segs[i].off, ln->segs[i].len);
        for (s = l->first + 1; s < l->next && s <= l->first + WALK_LINES; s++) {
            lay_line *below = at(l, s);
            int k;
            if (below->kind == L_VALUE) {
                break;
            }
            for (k = 0; below->kind == L_MULTI && k < below->nsegs
                        && k < (int)sizeof(below->merged) * 8; k++) {
                int d = below->segs[k].col - ln->segs[i].col;
                if (d >= -1 && d <= 1 && !((below->merged >> k) & 1)) {
                    l->text.space = 0;
                    gik_textbuf_append(&l->text, below->text + below->segs[k].off,
                                       below->segs[k].len);
                    below->merged |= 1UL << k;
                }
            }
        }
        /* col -1: a header's place in its line says nothing about the
         * column of the numbers below it (merged cells, split words) */
        gik_token_emit(l->fn, l->baton, GIK_TOK_CELL, &l->text, -1, GIK_TOKF_FLATTENED);
    }
    emit(l, GIK_TOK_ROW_END);
}

/* A row of numbers is held after the line being emitted: a line of short
 * words before it is its column header, not a sentence with wide spaces. */
static int value_ahead(gik_layout *l)
{
    long s;
    for (s = l->first + 1; s < l->next; s++) {
        if (at(l, s)->kind == L_VALUE) {
            return 1;
        }
    }
    return 0;
}

static void emit_line(gik_layout *l, lay_line *ln)
{
    int i, col = 0;
    switch (ln->kind) {
    case L_BLANK:
    case L_PAGE:
        return;                 /* page numbers are no content */
    case L_VALUE:
        table_on(l);
        emit(l, GIK_TOK_ROW_START);
        for (i = 0; i + 1 < ln->nsegs; i++) {
            emit_text(l, GIK_TOK_CELL, ln->text + ln->segs[i].off, ln->segs[i].len, col++);
        }
        if (ln->label_len) {
            emit_text(l, GIK_TOK_CELL, ln->label, ln->label_len, col++);
        }
        for (i = 0; i < ln->nnums; i++) {
            emit_text(l, GIK_TOK_CELL, ln->text + ln->nums[i].off, ln->nums[i].len, col++);
        }
        emit(l, GIK_TOK_ROW_END);
        return;
    case L_MULTI:
        if (short_segments(ln) && (l->table_open || value_ahead(l))) {
            header_row(l, ln);
            return;
        }
        break;
    case L_SINGLE:
        if (ln->consumed) {
            return;
        }
        break;
    }
    if (chars_of(ln->text, ln->len) > HEADER_SEG_MAX) {
        table_off(l);           /* narrative between tables */
    }
    emit_text(l, GIK_TOK_PARA, ln->text, ln->len, 0);
}

/* A title printed centred over several lines at the top of the text
 * ("洪泽区人民政府" / "2023 年政府信息公开工作年度报告") is one heading. */
static int title_lines(gik_layout *l)
{
    long s, last = -1;
    apr_size_t n = 0;
    for (s = l->first; s < l->next && s < l->first + 4; s++) {
        const lay_line *ln = at(l, s);
        if (ln->kind != L_SINGLE || ln->segs[0].col < 2 || ln->segs[0].chars > 40) {
            break;
        }
        if (strstr(ln->text, "报告")) {
            last = s;
            break;
        }
    }
    if (last <= l->first) {
        return 0;
    }
    for (s = l->first; s <= last; s++) {
        const lay_line *ln = at(l, s);
        gik_textbuf_append(&l->text, ln->text + ln->segs[0].off, ln->segs[0].len);
        l->text.space = 0;      /* the lines of one title join without a space */
        n++;
    }
    gik_token_emit(l->fn, l->baton, GIK_TOK_PARA, &l->text, 0, GIK_TOKF_HEADING);
    l->first = last + 1;
    return (int)n;
}

static void evict(gik_layout *l)
{
    lay_line *ln = at(l, l->first);
    if (!l->started && ln->kind != L_BLANK) {
        l->started = 1;
        if (title_lines(l)) {
            return;
        }
    }
    if (ln->kind == L_VALUE && !ln->resolved) {
        walk_down(l, l->first);
    }
    emit_line(l, ln);
    l->first++;
}

void gik_layout_flush(gik_layout *l)
{
    while (l->first < l->next) {
        evict(l);
    }
    table_off(l);
}

int gik_layout_line(gik_layout *l, const char *s, apr_size_t n)
{
    lay_line *ln;
    if (n > LAYOUT_LINE_MAX) {
        gik_layout_flush(l);
        return 0;               /* the caller emits it as a paragraph */
    }
    if (l->next - l->first == LAYOUT_DEPTH) {
        evict(l);
    }
    ln = at(l, l->next++);
    memset(ln, 0, offsetof(lay_line, text));
    memcpy(ln->text, s, n);
    ln->text[n] = '\0';
    ln->len = n;
    ln->label_col = -1;
    classify(ln);
    if (ln->kind == L_VALUE) {
        start_row(l, l->next - 1);
    }
    return 1;
}
