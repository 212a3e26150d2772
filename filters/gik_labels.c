/*
 * gik_labels.c - every word the tables print, folded once, and the matcher
 * the recogniser runs on each table cell.
 *
 * The recogniser asks "is this cell a row label, a column header, a
 * category?" for every text cell of every table on the page.  A report has a
 * few hundred cells, but a hostile page can have a million, so the catalogue
 * is folded once per process (not per comparison), cheap tests (equal folded
 * body; length within reach) come before the edit distance, and the caller
 * stops asking for approximate matches once a page has shown far more text
 * cells than any report prints.
 */
#include <string.h>
#include <stdlib.h>
/* XXH3 compiled in (header only): the core does not link libxxhash */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"
#include "gik_labels.h"

#define MAX_ENTRIES 512

static gik_label_entry catalogue[MAX_ENTRIES];
static int catalogue_size;

/* Exact matches by folded body through a small hash: most cells are looked
 * up against a few hundred labels, and most are no label at all. */
#define HASH_SIZE 1024
static int hash_head[HASH_SIZE];       /* entry index + 1, 0 = empty */
static int hash_next[MAX_ENTRIES];     /* entry index + 1 of the next with that hash */
static int paren_entries[MAX_ENTRIES]; /* labels with a parenthetical: （二）部分公开（…） */
static int paren_count;
static apr_size_t paren_len[MAX_ENTRIES];  /* bytes before the '(' of paren_entries[k] */

/* The approximate steps (3 and 4 in gik_labels_find_key) look only at
 * entries within reach, on the shelves the question can accept (a shelf:
 * one kind of label of one table; a column header is never compared with
 * the row labels): by character count for "a few characters off"
 * (near_at[s][c] .. near_at[s][c + 1] in near_order: the entries of c
 * characters that allow any), by byte length for "cut short" (by_len from
 * by_len_at[s], longest first), by character count for "words dropped"
 * (chars_at[s][c] .. in chars_order; those longer than MAX_CHARS at
 * MAX_CHARS + 1), in catalogue order within a count.  A scan of the whole
 * catalogue for every text cell was a tenth of a parse. */
#define MAX_LIMIT 3                     /* fuzz_limit() of the longest labels */
#define MAX_CHARS 64
#define NSHELVES (4 * GIK_NTABLES)
static const unsigned shelf_kinds[4] = {
    GIK_LABEL_ROW | GIK_LABEL_ALIAS, GIK_LABEL_COLUMN, GIK_LABEL_CATEGORY, GIK_LABEL_HEADER_WORD
};
static int near_order[MAX_ENTRIES];
static int near_at[NSHELVES][MAX_CHARS + 2];
static int by_len[MAX_ENTRIES];
static int by_len_at[NSHELVES + 1];
static int chars_order[MAX_ENTRIES];
static int chars_at[NSHELVES][MAX_CHARS + 3];
/* Each entry's first code point and where its last character starts, for
 * same_first_or_last() without decoding the entry again per cell. */
static long entry_first[MAX_ENTRIES];
static int entry_last[MAX_ENTRIES];
static apr_uint32_t entry_last_packed[MAX_ENTRIES];
/* Each entry's code points (-1: more than 64), decoded once, not per
 * edit distance: a cell is compared with a dozen entries. */
static int *entry_cp[MAX_ENTRIES];
static int entry_ncp[MAX_ENTRIES];
/* For a cell of n characters (n <= MAX_NEAR_CELL), the character counts c
 * of the entries a few characters off that can reach it (|n - c| within
 * fuzz_limit(c)): near_count[n] of them in near_counts[n], worked out once. */
#define MAX_NEAR_CELL 48
static int near_counts[MAX_NEAR_CELL + 1][2 * MAX_LIMIT + 1];
static int near_count[MAX_NEAR_CELL + 1];

/* Template labels by their printed text (the catalogue's and the section
 * titles), for gik_match_label: its callers pass template words, and
 * folding one per call was a twentieth of a parse. */
#define RAW_HASH 512
static gik_label_entry section_titles[GIK_NSECTIONS];
static const gik_label_entry *raw_entries[MAX_ENTRIES + GIK_NSECTIONS];
static int raw_head[RAW_HASH];          /* raw_entries index + 1, 0 = empty */
static int raw_next[MAX_ENTRIES + GIK_NSECTIONS];
/* The same entries by the address of their label: the callers pass the
 * template's own strings, so most questions are answered by one pointer
 * comparison, without hashing the text.  An entry found by address has the
 * text asked for, and the text alone decides the entry's use. */
static int ptr_head[RAW_HASH];
static int ptr_next[MAX_ENTRIES + GIK_NSECTIONS];

static unsigned ptr_hash(const char *label)
{
    apr_uintptr_t a = (apr_uintptr_t)label;
    return (unsigned)((a ^ (a >> 9)) % RAW_HASH);
}
static int raw_count;

/* A cell's body is hashed for every lookup key: XXH3 reads labels of up
 * to 16 bytes in two loads, where FNV-1a took four instructions a byte.
 * Any hash will do: a chain keeps catalogue order and every candidate is
 * compared whole. */
static unsigned hash_of(const char *s, apr_size_t len)
{
    return (unsigned)(XXH3_64bits(s, len) % HASH_SIZE);
}

static const char *const b_categories[] = {
    "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
    "三、本年度办理结果", NULL
};

/* Header words that are no column: they place a header row in its table. */
static const char *const header_words[GIK_NTABLES][8] = {
    { "信息内容", NULL },
    { "申请人情况", "法人或其他组织", NULL },
    { "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", NULL }
};

/* How many characters a label may be off and still be recognised: never on
 * labels of three characters or fewer (规章, 其他 …), where one character
 * makes another word. */
static int fuzz_limit(int chars)
{
    return chars <= 3 ? 0 : chars <= 8 ? 1 : chars <= 16 ? 2 : 3;
}

/* label folded, its body, measures and limit (what gik_match_label works
 * out for a template label) */
static void fold_entry(gik_label_entry *e, const char *label)
{
    char buf[512];
    gik_fold(buf, sizeof(buf), label);
    e->label = label;
    e->fold = strdup(buf);
    e->body = gik_label_body(e->fold);
    e->chars = (int)gik_utf8_chars(e->body);
    e->len = strlen(e->body);
    e->limit = fuzz_limit(e->chars);
}

static void add(const char *label, gik_label_kind kind, gik_table_id table,
                const gik_format *format, int row, int col)
{
    gik_label_entry *e;
    if (catalogue_size >= MAX_ENTRIES) {
        return;
    }
    e = &catalogue[catalogue_size++];
    fold_entry(e, label);
    e->kind = kind;
    e->table = table;
    e->format = format;
    e->row = row;
    e->col = col;
}

static void build_reach(void);
static int last_char_start(const char *s, apr_size_t len);
static int code_points(const char *s, apr_size_t len, int *cp);

static int shelf_of(int i)
{
    const gik_label_entry *e = &catalogue[i];
    int kind = e->kind == GIK_LABEL_ROW || e->kind == GIK_LABEL_ALIAS ? 0
             : e->kind == GIK_LABEL_COLUMN ? 1 : e->kind == GIK_LABEL_CATEGORY ? 2 : 3;
    return kind * GIK_NTABLES + (int)e->table;
}

static int bucket_of(int i)
{
    return catalogue[i].chars > MAX_CHARS ? MAX_CHARS + 1 : catalogue[i].chars;
}

static int cmp_int(int a, int b)
{
    return a < b ? -1 : a > b;
}

/* by shelf, then character count, then catalogue order */
static int by_shelf_chars(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return shelf_of(x) != shelf_of(y) ? cmp_int(shelf_of(x), shelf_of(y))
         : bucket_of(x) != bucket_of(y) ? cmp_int(bucket_of(x), bucket_of(y)) : cmp_int(x, y);
}

/* by shelf, then longer first, then catalogue order */
static int by_shelf_longer(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    const gik_label_entry *ex = &catalogue[x], *ey = &catalogue[y];
    if (shelf_of(x) != shelf_of(y)) {
        return cmp_int(shelf_of(x), shelf_of(y));
    }
    if (ex->len != ey->len) {
        return ex->len > ey->len ? -1 : 1;
    }
    return cmp_int(x, y);
}

/* at[s][c] for the entries of order[0..n) sorted by shelf and count */
static void bucket_starts(const int *order, int n, int at[NSHELVES][MAX_CHARS + 3], int last)
{
    int s, c, k = 0;
    for (s = 0; s < NSHELVES; s++) {
        for (c = 0; c <= last; c++) {
            while (k < n && (shelf_of(order[k]) < s
                             || (shelf_of(order[k]) == s && bucket_of(order[k]) < c))) {
                k++;
            }
            at[s][c] = k;
        }
        while (k < n && shelf_of(order[k]) == s) {
            k++;
        }
        at[s][last + 1] = k;
    }
}

static void build_reach(void)
{
    int near_tmp[NSHELVES][MAX_CHARS + 3];
    int s, c, i, n = 0;
    for (i = 0; i < catalogue_size; i++) {
        const unsigned char *p = (const unsigned char *)catalogue[i].body;
        if (catalogue[i].limit && catalogue[i].chars <= MAX_CHARS) {
            near_order[n++] = i;
        }
        chars_order[i] = i;
        by_len[i] = i;
        entry_first[i] = gik_utf8_next(&p, p + catalogue[i].len);
        entry_last[i] = last_char_start(catalogue[i].body, catalogue[i].len);
        entry_last_packed[i] = gik_label_pack_last(catalogue[i].body + entry_last[i]);
        {
            int cp[64];
            entry_ncp[i] = code_points(catalogue[i].body, catalogue[i].len, cp);
            if (entry_ncp[i] > 0) {
                entry_cp[i] = malloc(sizeof(int) * (size_t)entry_ncp[i]);
                if (!entry_cp[i]) {
                    entry_ncp[i] = -1;      /* never within reach then */
                }
                else {
                    memcpy(entry_cp[i], cp, sizeof(int) * (size_t)entry_ncp[i]);
                }
            }
        }
    }
    qsort(near_order, (size_t)n, sizeof(int), by_shelf_chars);
    bucket_starts(near_order, n, near_tmp, MAX_CHARS);
    for (s = 0; s < NSHELVES; s++) {
        for (c = 0; c <= MAX_CHARS + 1; c++) {
            near_at[s][c] = near_tmp[s][c];
        }
    }
    qsort(chars_order, (size_t)catalogue_size, sizeof(int), by_shelf_chars);
    bucket_starts(chars_order, catalogue_size, chars_at, MAX_CHARS + 1);
    qsort(by_len, (size_t)catalogue_size, sizeof(int), by_shelf_longer);
    for (s = 0, i = 0; s < NSHELVES; s++) {
        by_len_at[s] = i;
        while (i < catalogue_size && shelf_of(by_len[i]) == s) {
            i++;
        }
    }
    by_len_at[NSHELVES] = catalogue_size;
    for (n = 0; n <= MAX_NEAR_CELL; n++) {
        near_count[n] = 0;
        for (c = n > MAX_LIMIT ? n - MAX_LIMIT : 0; c <= n + MAX_LIMIT && c <= MAX_CHARS; c++) {
            if (abs(n - c) <= fuzz_limit(c)) {
                near_counts[n][near_count[n]++] = c;  /* a number cell reaches none */
            }
        }
    }
}

void gik_labels_init(void)
{
    static const gik_format *const formats[] = { &gik_format_2021, &gik_format_2019 };
    int f, t, r, c, i;
    for (f = 0; f < 2; f++) {
        for (t = 0; t < GIK_NTABLES; t++) {
            const gik_table_tmpl *tt = &formats[f]->tables[t];
            for (r = 0; r < tt->nrows; r++) {
                const char *const *a;
                add(tt->rows[r].label, GIK_LABEL_ROW, (gik_table_id)t, formats[f], r, -1);
                for (a = tt->rows[r].aliases; a && *a; a++) {
                    add(*a, GIK_LABEL_ALIAS, (gik_table_id)t, formats[f], r, -1);
                }
            }
            for (c = 0; c < tt->ncols; c++) {
                add(tt->cols[c].label, GIK_LABEL_COLUMN, (gik_table_id)t, formats[f], -1, c);
            }
        }
    }
    for (i = 0; b_categories[i]; i++) {
        add(b_categories[i], GIK_LABEL_CATEGORY, GIK_TABLE_B, NULL, -1, -1);
    }
    for (t = 0; t < GIK_NTABLES; t++) {
        for (i = 0; header_words[t][i]; i++) {
            add(header_words[t][i], GIK_LABEL_HEADER_WORD, (gik_table_id)t, NULL, -1, -1);
        }
    }
    /* chains keep catalogue order, so the 2021 format's labels come first */
    for (i = catalogue_size - 1; i >= 0; i--) {
        unsigned h = hash_of(catalogue[i].body, catalogue[i].len);
        hash_next[i] = hash_head[h];
        hash_head[h] = i + 1;
    }
    for (i = 0; i < catalogue_size; i++) {
        const char *open = strchr(catalogue[i].body, '(');
        if (open && open > catalogue[i].body) {
            paren_len[paren_count] = (apr_size_t)(open - catalogue[i].body);
            paren_entries[paren_count++] = i;
        }
    }
    build_reach();
    for (i = 0; i < GIK_NSECTIONS; i++) {
        fold_entry(&section_titles[i], gik_section_titles[i]);
    }
    for (i = 0; i < catalogue_size + GIK_NSECTIONS; i++) {
        const gik_label_entry *e = i < catalogue_size ? &catalogue[i]
                                                      : &section_titles[i - catalogue_size];
        unsigned h = gik_fnv1a32(GIK_FNV32_INIT, e->label) % RAW_HASH;
        unsigned ph = ptr_hash(e->label);
        raw_entries[raw_count] = e;
        raw_next[raw_count] = raw_head[h];
        ptr_next[raw_count] = ptr_head[ph];
        raw_head[h] = ++raw_count;
        ptr_head[ph] = raw_count;
    }
}

static const gik_label_entry *folded_template(const char *label)
{
    int k;
    for (k = ptr_head[ptr_hash(label)]; k; k = ptr_next[k - 1]) {
        if (raw_entries[k - 1]->label == label) {
            return raw_entries[k - 1];
        }
    }
    for (k = raw_head[gik_fnv1a32(GIK_FNV32_INIT, label) % RAW_HASH]; k; k = raw_next[k - 1]) {
        if (strcmp(raw_entries[k - 1]->label, label) == 0) {
            return raw_entries[k - 1];
        }
    }
    return NULL;
}

/* A string's code points, as gik_utf8_next reads them, into cp[0..64):
 * how many, or -1 when there are more than 64 (no edit distance then). */
static int code_points(const char *s, apr_size_t len, int *cp)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    int n = 0, c;
    while ((c = gik_utf8_next(&p, e)) >= 0) {
        if (n == 64) {
            return -1;
        }
        cp[n++] = c;
    }
    return n;
}

/* Edit distance over code points, bounded: gives up (returns limit+1) past
 * limit, or when either side has more than 64 (na or nb -1). */
static int edit_distance_cp(const int *ca, int na, const int *cb, int nb, int limit)
{
    int i, j;
    int prev[65], cur[65];
    if (na < 0 || nb < 0 || abs(na - nb) > limit) {
        return limit + 1;
    }
    for (j = 0; j <= nb; j++) {
        prev[j] = j;
    }
    for (i = 1; i <= na; i++) {
        int best = cur[0] = i;
        for (j = 1; j <= nb; j++) {
            int d = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
            if (prev[j] + 1 < d) {
                d = prev[j] + 1;
            }
            if (cur[j - 1] + 1 < d) {
                d = cur[j - 1] + 1;
            }
            cur[j] = d;
            if (d < best) {
                best = d;
            }
        }
        if (best > limit) {
            return limit + 1;
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
    }
    return prev[nb];
}

static int edit_distance(const char *a, const char *b, int limit)
{
    int ca[64], cb[64];
    int na = code_points(a, strlen(a), ca), nb = code_points(b, strlen(b), cb);
    return edit_distance_cp(ca, na, cb, nb, limit);
}

/* The long parenthetical of （二）部分公开 is often reworded or left out:
 * the words before it decide. */
static int same_before_parenthesis(const char *tb, const char *nb)
{
    const char *topen = strchr(tb, '('), *nopen = strchr(nb, '(');
    apr_size_t tl, nl;
    if (!topen || topen == tb) {
        return 0;
    }
    tl = (apr_size_t)(topen - tb);
    nl = nopen ? (apr_size_t)(nopen - nb) : strlen(nb);
    return tl == nl && strncmp(tb, nb, tl) == 0;
}

static int last_char_start(const char *s, apr_size_t len)
{
    apr_size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
        i--;
    }
    return i > 0 ? (int)(i - 1) : 0;
}

static int same_first_or_last(const char *a, const char *b)
{
    apr_size_t la = strlen(a), lb = strlen(b);
    int ia, ib;
    const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;
    if (gik_utf8_next(&pa, (const unsigned char *)a + la)
        == gik_utf8_next(&pb, (const unsigned char *)b + lb)) {
        return 1;
    }
    ia = last_char_start(a, la);
    ib = last_char_start(b, lb);
    return strcmp(a + ia, b + ib) == 0;
}

apr_uint32_t gik_label_pack_last(const char *s)
{
    apr_uint32_t v = 0;
    int n;
    for (n = 0; s[n]; n++) {
        if (n == 4) {
            return 0;
        }
        v = v << 8 | (unsigned char)s[n];
    }
    return v;
}

/* same_first_or_last(nb, catalogue[i].body), nb's first code point and
 * last character (and that packed) given: one comparison of two words
 * instead of a strcmp per entry within reach */
static int same_first_or_last_at(long nb_first, const char *nb_last, apr_uint32_t nb_packed,
                                 int i)
{
    if (nb_first == entry_first[i]) {
        return 1;
    }
    if (nb_packed && entry_last_packed[i]) {
        return nb_packed == entry_last_packed[i];
    }
    return strcmp(nb_last, catalogue[i].body + entry_last[i]) == 0;
}

/* The shelves a question can accept, in shelf order; how many. */
static int shelves_for(unsigned kinds, int table, int *out)
{
    int q, t, n = 0;
    for (q = 0; q < 4; q++) {
        if (!(kinds & shelf_kinds[q])) {
            continue;
        }
        for (t = 0; t < GIK_NTABLES; t++) {
            if (table < 0 || t == table) {
                out[n++] = q * GIK_NTABLES + t;
            }
        }
    }
    return n;
}

/* Is printed the template body with characters left out of its middle?
 * The first and the last character must stay. */
static int dropped_words(const char *printed, const char *body)
{
    const unsigned char *p = (const unsigned char *)printed, *pe = p + strlen(printed);
    const unsigned char *b = (const unsigned char *)body, *be = b + strlen(body);
    int cp = gik_utf8_next(&p, pe), first = 1;
    while (cp >= 0 && b < be) {
        int bc = gik_utf8_next(&b, be);
        if (bc == cp) {
            cp = p < pe ? gik_utf8_next(&p, pe) : -1;
        }
        else if (first) {
            return 0;
        }
        first = 0;
    }
    return cp < 0 && b == be && same_first_or_last(printed, body);
}

static gik_match match_entry(const char *norm, const char *nb, int nchars,
                             const gik_label_entry *e, int fuzzy)
{
    apr_size_t nlen;
    if (strcmp(norm, e->fold) == 0 || strcmp(nb, e->body) == 0) {
        return GIK_MATCH_EXACT;     /* numbering printed another way is no mismatch */
    }
    if (!*nb || !*e->body) {
        return GIK_MATCH_NONE;
    }
    if (same_before_parenthesis(e->body, nb)) {
        return GIK_MATCH_EXACT;
    }
    if (!fuzzy) {
        return GIK_MATCH_NONE;
    }
    /* One slip rarely hits both ends of a label: comparing them first spares
     * the edit distance for almost every cell that is no label at all. */
    if (e->limit && abs(nchars - e->chars) <= e->limit && same_first_or_last(nb, e->body)
        && edit_distance(nb, e->body, e->limit) <= e->limit) {
        return GIK_MATCH_APPROX;   /* 本年度止件数 for 本年废止件数 */
    }
    /* A long label cut short by the page. */
    nlen = strlen(nb);
    if (nchars >= 8 && nlen < strlen(e->body) && strncmp(e->body, nb, nlen) == 0) {
        return GIK_MATCH_APPROX;
    }
    return GIK_MATCH_NONE;
}

static int wanted(const gik_label_entry *e, unsigned kinds, int table, const gik_format *format)
{
    return (kinds & e->kind) && (table < 0 || e->table == (gik_table_id)table)
           && (!format || e->format == format);
}

/* An accepted alias is still not the format's word: LABEL-MISMATCH. */
static gik_match as_found(const gik_label_entry *e, gik_match m)
{
    return (m == GIK_MATCH_EXACT && e->kind == GIK_LABEL_ALIAS) ? GIK_MATCH_APPROX : m;
}

/* e matched exactly: keep it if it beats what was found; 1 when the search
 * can stop (a real, non-alias label). */
static int keep_best(const gik_label_entry *e, gik_match *best, const gik_label_entry **hit)
{
    gik_match m = as_found(e, GIK_MATCH_EXACT);
    if (m > *best) {
        *best = m;
        *hit = e;
    }
    return *best == GIK_MATCH_EXACT;
}

void gik_label_key_init(gik_label_key *key, const char *norm)
{
    const char *open;
    apr_size_t len;
    key->norm = norm;
    key->body = gik_label_body(norm);
    len = strlen(key->body);
    key->bucket = hash_of(key->body, len);
    key->nchars = -1;
    open = memchr(key->body, '(', len);
    key->before_paren = open ? (apr_size_t)(open - key->body) : len;
}

/* The approximate step's facts about the body, once per key. */
static void key_measure(gik_label_key *key)
{
    const unsigned char *p;
    if (key->nchars >= 0) {
        return;
    }
    key->nchars = (int)gik_utf8_chars(key->body);
    key->nlen = strlen(key->body);
    p = (const unsigned char *)key->body;
    key->first = gik_utf8_next(&p, p + key->nlen);
    key->last = key->body + last_char_start(key->body, key->nlen);
    key->last_packed = gik_label_pack_last(key->last);
    key->ncp = -2;              /* decoded when an edit distance needs it */
}

/* The key's code points for edit_distance_cp, decoded on first use. */
static int key_cps(gik_label_key *key)
{
    if (key->ncp == -2) {
        key->ncp = code_points(key->body, key->nlen, key->cp);
    }
    return key->ncp;
}

gik_match gik_labels_find(const char *norm, unsigned kinds, int table,
                          const gik_format *format, int fuzzy, const gik_label_entry **hit)
{
    gik_label_key key;
    gik_label_key_init(&key, norm);
    return gik_labels_find_key(&key, kinds, table, format, fuzzy, hit);
}

gik_match gik_labels_find_key(gik_label_key *key, unsigned kinds, int table,
                              const gik_format *format, int fuzzy,
                              const gik_label_entry **hit)
{
    const char *nb = key->body;
    int nchars, i, k, c, first, sh, j, nsh;
    int shelves[NSHELVES];
    apr_size_t nlen;
    gik_match best = GIK_MATCH_NONE;

    *hit = NULL;
    if (!*nb) {
        return GIK_MATCH_NONE;
    }
    /* 1. the same words, numbering aside */
    for (k = hash_head[key->bucket]; k; k = hash_next[k - 1]) {
        const gik_label_entry *e = &catalogue[k - 1];
        if (wanted(e, kinds, table, format) && !strcmp(nb, e->body)
            && keep_best(e, &best, hit)) {
            return best;
        }
    }
    /* 2. the same words before a reworded parenthetical (same_before_
     * parenthesis, the lengths compared first) */
    for (k = 0; k < paren_count; k++) {
        const gik_label_entry *e = &catalogue[paren_entries[k]];
        if (paren_len[k] == key->before_paren && wanted(e, kinds, table, format)
            && strncmp(e->body, nb, paren_len[k]) == 0 && keep_best(e, &best, hit)) {
            return best;
        }
    }
    if (best != GIK_MATCH_NONE || !fuzzy) {
        return best;
    }
    /* 3. a few characters off, or cut short; no label is longer than this */
    key_measure(key);
    nchars = key->nchars;
    if (nchars > MAX_NEAR_CELL) {
        return GIK_MATCH_NONE;
    }
    nlen = key->nlen;
    /* the first entry in catalogue order that is near or cut: the lowest
     * index among those within reach that match.  The shelves are worked
     * out once per question, the character counts within reach once. */
    first = catalogue_size;
    nsh = shelves_for(kinds, table, shelves);
    for (j = 0; j < nsh; j++) {
        int n;
        sh = shelves[j];
        for (n = 0; n < near_count[nchars]; n++) {
            c = near_counts[nchars][n];
            for (k = near_at[sh][c]; k < near_at[sh][c + 1]; k++) {
                const gik_label_entry *e = &catalogue[i = near_order[k]];
                if (i < first && wanted(e, kinds, table, format)
                    && same_first_or_last_at(key->first, key->last, key->last_packed, i)
                    && edit_distance_cp(key->cp, key_cps(key), entry_cp[i], entry_ncp[i],
                                       e->limit)
                       <= e->limit) {
                    first = i;
                }
            }
        }
        for (k = by_len_at[sh]; nchars >= 8 && k < by_len_at[sh + 1]
                                && catalogue[by_len[k]].len > nlen; k++) {
            const gik_label_entry *e = &catalogue[i = by_len[k]];
            if (i < first && wanted(e, kinds, table, format)
                && strncmp(e->body, nb, nlen) == 0) {
                first = i;
            }
        }
    }
    if (first < catalogue_size) {
        *hit = &catalogue[first];
        return GIK_MATCH_APPROX;
    }
    /* 4. words dropped from the middle ("其他法律行政止公开", 洪泽区): the
     * first in catalogue order of the entries up to half as long again */
    for (j = 0; nchars >= 6 && j < nsh; j++) {
        sh = shelves[j];
        for (c = nchars + 1; c <= MAX_CHARS + 1; c++) {
            if (c <= MAX_CHARS && 2 * c > 3 * nchars) {
                c = MAX_CHARS;      /* on to the entries longer than MAX_CHARS */
                continue;
            }
            for (k = chars_at[sh][c]; k < chars_at[sh][c + 1]; k++) {
                const gik_label_entry *e = &catalogue[i = chars_order[k]];
                /* dropped_words() keeps the first character: compared
                 * here first, without decoding either string */
                if (i < first && e->chars > nchars && 3 * nchars >= 2 * e->chars
                    && key->first == entry_first[i]
                    && wanted(e, kinds, table, format) && dropped_words(nb, e->body)) {
                    first = i;
                }
            }
        }
    }
    if (first < catalogue_size) {
        *hit = &catalogue[first];
        return GIK_MATCH_APPROX;
    }
    return GIK_MATCH_NONE;
}

gik_match gik_match_label(const char *norm, const char *template_label)
{
    gik_label_entry e;
    const gik_label_entry *known = folded_template(template_label);
    char buf[512];
    const char *nb = gik_label_body(norm);
    if (!known) {
        gik_fold(buf, sizeof(buf), template_label);
        e.fold = buf;
        e.body = gik_label_body(buf);
        e.chars = (int)gik_utf8_chars(e.body);
        e.limit = fuzz_limit(e.chars);
        known = &e;
    }
    return match_entry(norm, nb, (int)gik_utf8_chars(nb), known, 1);
}

/* 3 if s starts with one of the numerals 一 二 三 四 五 六 七 八 九 十, else 0.
 * Asked of every text cell: by bytes, not by a strncmp per numeral. */
static int numeral_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xe4) {         /* 一 B8 80, 三 B8 89, 七 B8 83, 二 BA 8C, 五 BA 94, 九 B9 9D */
        return (u[1] == 0xb8 && (u[2] == 0x80 || u[2] == 0x89 || u[2] == 0x83))
               || (u[1] == 0xba && (u[2] == 0x8c || u[2] == 0x94))
               || (u[1] == 0xb9 && u[2] == 0x9d) ? 3 : 0;
    }
    if (u[0] == 0xe5) {         /* 四 9B 9B, 六 85 AD, 八 85 AB, 十 8D 81 */
        return (u[1] == 0x9b && u[2] == 0x9b) || (u[1] == 0x85 && (u[2] == 0xad || u[2] == 0xab))
               || (u[1] == 0x8d && u[2] == 0x81) ? 3 : 0;
    }
    return 0;
}

/* Folded label minus its numbering: "(三)不予公开" -> "不予公开",
 * "一.本年新收…" -> "本年新收…", "1.属于国家秘密" -> "属于国家秘密". */
const char *gik_label_body(const char *norm)
{
    const char *s = norm;
    unsigned char lead = (unsigned char)*norm;
    int paren = 0, n;
    /* Most text starts with no numbering at all: every numeral is 0xE4 or
     * 0xE5 in UTF-8. */
    if (lead != '(' && !(lead >= '0' && lead <= '9') && lead != 0xe4 && lead != 0xe5) {
        return norm;
    }
    if (*s == '(') {
        paren = 1;
        s++;
    }
    /* any run of digits and the numerals 一 … 十 */
    while ((n = (*s >= '0' && *s <= '9') ? 1 : numeral_len(s)) > 0) {
        s += n;
    }
    if (s == norm + paren) {
        return norm;                    /* no numbering after all */
    }
    if (paren) {
        if (*s != ')') {
            return norm;
        }
        s++;
    }
    else if (*s == '.' || *s == ':' || *s == ')') {
        s++;
    }
    else {
        return norm;                    /* "三安全" is a word, not a number */
    }
    return s;
}
