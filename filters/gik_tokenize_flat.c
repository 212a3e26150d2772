/*
 * gik_tokenize_flat.c - flattened text: a whole report in one line, as
 * crawlers store a page's text (../shared/real/README.md, 平潭 2019-2025).
 *
 * Headings run into their text ("一、总体情况2021年，我区…") and table cells
 * are joined with no separator at all ("一、本年新收政府信息公开申请数量
 * 640020470" is 64|0|0|2|0|4|70).  This reader puts the structure back as
 * far as the text allows, and no further:
 *   - the line is cut before each section heading ("X、" and a section
 *     title) and, inside long narrative, after sentences, into paragraphs;
 *   - from the first table word of sections 二-四 on, the text alternates
 *     between words and runs of digits: each run becomes one row, its words
 *     cut before item numbers ("（三）不予公开" | "1.属于国家秘密") and the
 *     digits one cell flagged `joined`.  The digit before "." or "、" that
 *     starts the next label is its item number, not a value.
 * Which cells the digits of a run are is not decided here: only the
 * recogniser knows how many cells the row has (gik_recognise_joined.c).
 *
 * Also the metadata header crawlers put first ("标题: …", "发布时间: …"):
 * the title becomes a heading paragraph, the date the page's PubDate.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_report.h"
#include "gik_token.h"
#include "gik_tokenize_flat.h"

#define SENTENCE_BYTES 600     /* narrative is cut after a sentence past this */

/* Section titles as they are printed inline, besides the template's own. */
static const char *const title_variants[] = {
    "因政府信息公开申请提起行政复议、行政诉讼的情况",
    "因政府信息公开申请提起行政复议、行政诉讼情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "存在的主要问题和改进情况",
    NULL
};

/* Words that open a table inside sections 二-四. */
static const char *const table_words[] = {
    "第二十条", "（本列数据", "(本列数据", "申请人情况", "行政复议行政诉讼", NULL
};

static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九",
                                        "十", NULL };

typedef struct flat_reader {
    gik_token_fn fn;
    void *baton;
    gik_textbuf *text;
    int table_open;
} flat_reader;

/* ---- emitting --------------------------------------------------------- */

static void emit(flat_reader *r, gik_tok_kind kind)
{
    gik_token_emit(r->fn, r->baton, kind, NULL, 0, 0);
}

static void emit_text(flat_reader *r, gik_tok_kind kind, const char *s, apr_size_t n, int col,
                      unsigned flags)
{
    apr_size_t len;
    gik_textbuf_reset(r->text);
    gik_textbuf_append(r->text, s, n);
    if (kind == GIK_TOK_PARA && (gik_textbuf_text(r->text, &len), len == 0)) {
        return;                 /* nothing between two headings */
    }
    gik_token_emit(r->fn, r->baton, kind, r->text, col,
                   flags | (kind == GIK_TOK_CELL ? GIK_TOKF_FLATTENED : 0));
}

/* The next character (UTF-8) after p. */
static const char *next_char(const char *p, const char *end)
{
    p++;
    while (p < end && ((unsigned char)*p & 0xC0) == 0x80) {
        p++;
    }
    return p;
}

static void table_off(flat_reader *r)
{
    if (r->table_open) {
        emit(r, GIK_TOK_TABLE_END);
        r->table_open = 0;
    }
}

/* ---- what the text says ---------------------------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes of a blank at s (ASCII space, U+3000, U+00A0), 0 if none. */
static int blank_at(const char *s, const char *end)
{
    if (*s == ' ' || *s == '\t') {
        return 1;
    }
    if (end - s >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
        return 3;
    }
    if (end - s >= 2 && memcmp(s, "\xC2\xA0", 2) == 0) {
        return 2;
    }
    return 0;
}

/* Does s start with word (blanks in s skipped)?  Returns the bytes of s
 * the word takes, 0 if not. */
static apr_size_t starts_with(const char *s, const char *end, const char *word)
{
    const char *p = s;
    while (*word) {
        int b;
        if (p >= end) {
            return 0;
        }
        if ((b = blank_at(p, end)) != 0) {
            p += b;
            continue;
        }
        if (*p != *word) {
            return 0;
        }
        p++;
        word++;
    }
    return (apr_size_t)(p - s);
}

static int numeral_at(const char *s, const char *end)
{
    int i;
    if ((unsigned char)*s != 0xE4 && (unsigned char)*s != 0xE5) {
        return 0;               /* every numeral 一…十 starts so in UTF-8 */
    }
    for (i = 0; numerals[i]; i++) {
        if (end - s >= 3 && memcmp(s, numerals[i], 3) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Where each UTF-8 character of [s, end) starts, at most max of them (and
 * one past the last): the number of characters. */
static int char_starts(const char *s, const char *end, const char **at, int max)
{
    int n = 0;
    while (s < end && n < max) {
        at[n++] = s++;
        while (s < end && ((unsigned char)*s & 0xC0) == 0x80) {
            s++;
        }
    }
    at[n] = s;
    return n;
}

static int same_char(const char *const *a, int i, const char *const *b, int j)
{
    return a[i + 1] - a[i] == b[j + 1] - b[j] && memcmp(a[i], b[j], (size_t)(a[i + 1] - a[i])) == 0;
}

/* Are the na characters at a and the nb at b one misprint apart: one
 * character changed, added or dropped (a Levenshtein distance of 1)? */
static int one_misprint(const char *const *a, int na, const char *const *b, int nb)
{
    int i = 0, j = 0, edits = 0;
    while (i < na && j < nb) {
        if (same_char(a, i, b, j)) {
            i++, j++;
            continue;
        }
        if (++edits > 1) {
            return 0;
        }
        if (na == nb) {
            i++, j++;               /* changed */
        }
        else if (na > nb) {
            i++;                    /* added in a */
        }
        else {
            j++;
        }
    }
    return edits + (na - i) + (nb - j) == 1;
}

/* Section `num`'s title misprinted by one character after its number
 * ("一、总休情况", "四、政府信息公开行政法复议、行政诉讼情况"), as the other
 * readers accept it (gik_recognise.c, HEADING-STYLE): the bytes it takes
 * from p, else 0.  Headings run into their text here, so the title's
 * length decides where it ends: as long as the template's (a changed
 * character) first, then one longer (added), then one shorter (dropped). */
static apr_size_t misprint_at(const char *p, const char *end, int num)
{
    const char *want[64], *got[66];
    const char *title = gik_section_titles[num - 1];
    int nw = char_starts(title, title + strlen(title), want, 63);
    int ng = char_starts(p, end, got, nw + 1);
    static const int delta[] = { 0, 1, -1 };
    int i;
    if (nw < 4) {
        return 0;
    }
    for (i = 0; i < 3; i++) {
        int n = nw + delta[i];
        if (n <= ng && one_misprint(got, n, want, nw)) {
            return (apr_size_t)(got[n] - p);
        }
    }
    return 0;
}

/* "三、收到和处理政府信息公开申请情况" at s: its length, else 0. */
static apr_size_t heading_at(const char *s, const char *end)
{
    const char *p;
    apr_size_t n;
    int i, num = numeral_at(s, end);
    if (!num || num > GIK_NSECTIONS) {
        return 0;
    }
    p = s + 3;
    if (end - p >= 3 && (memcmp(p, "、", 3) == 0 || memcmp(p, "．", 3) == 0)) {
        p += 3;
    }
    else if (p < end && *p == '.') {
        p++;
    }
    else {
        return 0;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        if ((n = starts_with(p, end, gik_section_titles[i])) != 0) {
            return (apr_size_t)(p - s) + n;
        }
    }
    for (i = 0; title_variants[i]; i++) {
        if ((n = starts_with(p, end, title_variants[i])) != 0) {
            return (apr_size_t)(p - s) + n;
        }
    }
    if ((n = misprint_at(p, end, num)) != 0) {
        return (apr_size_t)(p - s) + n;
    }
    return 0;
}

/* An item number starts at s, s - 1 being no digit: "（三）" (not after
 * 第: "第（一）项" is a caption), "三、", "3.", "3、". */
static int item_at(const char *start, const char *s, const char *end)
{
    int after_di = s - start >= 3 && memcmp(s - 3, "第", 3) == 0;
    if (end - s >= 9 && memcmp(s, "（", 3) == 0 && numeral_at(s + 3, end)
        && memcmp(s + 6, "）", 3) == 0) {
        return !after_di;
    }
    if (end - s >= 5 && *s == '(' && numeral_at(s + 1, end) && s[4] == ')') {
        return !after_di;
    }
    if (numeral_at(s, end) && end - s >= 6 && memcmp(s + 3, "、", 3) == 0) {
        return 1;
    }
    if (is_digit(*s) && (s == start || !is_digit(s[-1])) && end - s >= 2) {
        if (s[1] == '.' && end - s >= 3 && !is_digit(s[2])) {
            return 1;
        }
        return end - s >= 4 && (memcmp(s + 1, "、", 3) == 0 || memcmp(s + 1, "．", 3) == 0);
    }
    return 0;
}

/* A run of digits at s: digits, blanks between digits, a decimal point
 * between digits, a sign before a digit.  The last digit is left out when "." or "、" follows it
 * (the next label's item number).  Returns its length, 0 if none. */
static apr_size_t digits_at(const char *s, const char *end)
{
    const char *p = s, *last = s;
    if (!is_digit(*s) && !((*s == '-' || *s == '+') && s + 1 < end && is_digit(s[1]))) {
        return 0;
    }
    while (p < end) {
        int b;
        if (is_digit(*p)) {
            last = ++p;
        }
        else if ((*p == '-' || *p == '+') && p + 1 < end && is_digit(p[1])) {
            p++;                /* 本年增/减 "-2", "+3" */
        }
        else if (*p == '.' && p + 1 < end && is_digit(p[1]) && p > s && is_digit(p[-1])) {
            p++;
        }
        else if ((b = blank_at(p, end)) != 0 && p + b < end
                 && (is_digit(p[b]) || ((p[b] == '-' || p[b] == '+') && p + b + 1 < end
                                        && is_digit(p[b + 1])))) {
            p += b;
        }
        else {
            break;
        }
    }
    if (last < end && ((*last == '.' && (last + 1 == end || !is_digit(last[1])))
                       || (end - last >= 3 && (memcmp(last, "、", 3) == 0
                                               || memcmp(last, "．", 3) == 0)))) {
        last--;                 /* "00000002.其他…": 2 numbers the next label */
        while (last > s && !is_digit(last[-1])) {
            last--;
        }
    }
    return (apr_size_t)(last - s);
}

/* ---- narrative ---------------------------------------------------------- */

/* Paragraphs: before sub-headings "（一）", and after a sentence once the
 * paragraph is long (the PARA limit is GIK_MAX_TEXT). */
static void narrative(flat_reader *r, const char *s, const char *end)
{
    const char *start = s, *p = s;
    while (p < end) {
        if (p > start && item_at(start, p, end) && memcmp(p, "（", 3) == 0) {
            emit_text(r, GIK_TOK_PARA, start, (apr_size_t)(p - start), 0, 0);
            start = p;
        }
        if (end - p >= 3 && memcmp(p, "。", 3) == 0 && p - start >= SENTENCE_BYTES) {
            emit_text(r, GIK_TOK_PARA, start, (apr_size_t)(p + 3 - start), 0, 0);
            start = p + 3;
        }
        p = next_char(p, end);
    }
    emit_text(r, GIK_TOK_PARA, start, (apr_size_t)(end - start), 0, 0);
}

/* ---- tables --------------------------------------------------------------- */

/* The longest column header of the table (either format) printed at p,
 * its length or 0. */
static apr_size_t column_at(int table, const char *p, const char *end)
{
    const gik_format *const formats[] = { &gik_format_2021, &gik_format_2019 };
    apr_size_t best = 0;
    int f, c;
    for (f = 0; f < 2; f++) {
        const gik_table_tmpl *tt = &formats[f]->tables[table];
        for (c = 0; c < tt->ncols; c++) {
            apr_size_t n = strlen(tt->cols[c].label);
            if (n > best && (apr_size_t)(end - p) >= n && memcmp(p, tt->cols[c].label, n) == 0) {
                best = n;
            }
        }
    }
    return best;
}

/* The header words before a table's first label run together too
 * ("申请人情况自然人法人或其他组织总计商业企业…"): each column header the
 * template prints becomes a cell of its own, so the header is seen. */
static int header_cells(flat_reader *r, int table, const char *s, const char *end, int col)
{
    const char *start = s, *p = s;
    while (p < end) {
        apr_size_t n = column_at(table, p, end);
        if (!n) {
            p = next_char(p, end);
            continue;
        }
        if (p > start) {
            emit_text(r, GIK_TOK_CELL, start, (apr_size_t)(p - start), col++, 0);
        }
        emit_text(r, GIK_TOK_CELL, p, n, col++, 0);
        start = p += n;
    }
    if (end > start) {
        emit_text(r, GIK_TOK_CELL, start, (apr_size_t)(end - start), col++, 0);
    }
    return col;
}

/* One row: the words cut before item numbers, then the digits.  Words
 * before the first item number are header words and maybe an unnumbered
 * label (table A's 规章, 行政许可 …): cut at column headers too. */
static void row(flat_reader *r, int table, const char *w, const char *wend, const char *d,
                apr_size_t dn)
{
    const char *start = w, *p = w;
    int col = 0;
    if (!r->table_open) {
        emit(r, GIK_TOK_TABLE_START);
        r->table_open = 1;
    }
    emit(r, GIK_TOK_ROW_START);
    while (p < wend) {
        if (p > start && item_at(w, p, wend)) {
            if (start == w && !item_at(w, w, wend)) {
                col = header_cells(r, table, start, p, col);
            }
            else {
                emit_text(r, GIK_TOK_CELL, start, (apr_size_t)(p - start), col++, 0);
            }
            start = p;
        }
        p = next_char(p, wend);
    }
    if (start == w && wend > start && !item_at(w, w, wend)) {
        col = header_cells(r, table, start, wend, col);
        start = wend;
    }
    if (wend > start) {
        emit_text(r, GIK_TOK_CELL, start, (apr_size_t)(wend - start), col++, 0);
    }
    emit_text(r, GIK_TOK_CELL, d, dn, col, GIK_TOKF_JOINED);
    emit(r, GIK_TOK_ROW_END);
}

static void table_text(flat_reader *r, int table, const char *s, const char *end)
{
    const char *w = s, *p = s;
    while (p < end) {
        apr_size_t dn = digits_at(p, end);
        if (dn) {
            row(r, table, w, p, p, dn);
            p += dn;
            w = p;
            continue;
        }
        p = next_char(p, end);
    }
    table_off(r);
    if (end > w) {
        narrative(r, w, end);
    }
}

static const char *table_start(const char *s, const char *end)
{
    const char *p, *best = NULL;
    int i;
    for (i = 0; table_words[i]; i++) {
        apr_size_t n = strlen(table_words[i]);
        for (p = s; end - p >= (apr_ssize_t)n; p++) {
            if (memcmp(p, table_words[i], n) == 0) {
                if (!best || p < best) {
                    best = p;
                }
                break;
            }
        }
    }
    return best;
}

/* The text of one section (or of the preamble, section -1). */
static void section_text(flat_reader *r, int section, const char *s, const char *end)
{
    const char *t = section >= 1 && section <= 3 ? table_start(s, end) : NULL;
    if (!t) {
        narrative(r, s, end);
        return;
    }
    if (t > s) {
        narrative(r, s, t);
    }
    table_text(r, section - 1, t, end);
}

int gik_flat_headings(const char *s, apr_size_t n)
{
    const char *end = s + n, *p = s;
    int found = 0;
    while (p < end && found < 2) {
        apr_size_t h = heading_at(p, end);
        if (h) {
            found++;
            p += h;
            continue;
        }
        p++;
    }
    return found;
}

void gik_flat_line(gik_token_fn fn, void *baton, gik_textbuf *text, const char *s,
                   apr_size_t n)
{
    flat_reader r;
    const char *end = s + n, *p = s, *start = s;
    int section = -1;
    memset(&r, 0, sizeof(r));
    r.fn = fn;
    r.baton = baton;
    r.text = text;
    while (p < end) {
        apr_size_t h = heading_at(p, end);
        if (h) {
            section_text(&r, section, start, p);
            emit_text(&r, GIK_TOK_PARA, p, h, 0, 0);
            section = numeral_at(p, end) - 1;
            p += h;
            start = p;
            continue;
        }
        p = next_char(p, end);
    }
    section_text(&r, section, start, end);
    table_off(&r);
}

/* ---- the crawler's metadata header ------------------------------------ */

int gik_flat_metadata(gik_token_fn fn, void *baton, gik_textbuf *text, const char *s,
                      apr_size_t n)
{
    static const struct { const char *key; const char *meta; } keys[] = {
        { "标题", NULL }, { "发布时间", "PubDate" }, { "发布日期", "PubDate" },
        { "文号", "" }, { "发布机构", "" }, { "栏目", "" }, { "原文链接", "" },
        { "来源", "" }, { "索引号", "" }, { "本地目录", "" }, { NULL, NULL }
    };
    const char *end = s + n, *v;
    apr_size_t len_unused;
    int i;
    for (i = 0; keys[i].key; i++) {
        apr_size_t k = strlen(keys[i].key);
        if (n > k && memcmp(s, keys[i].key, k) == 0) {
            break;
        }
    }
    if (!keys[i].key) {
        return 0;
    }
    v = s + strlen(keys[i].key);
    if (*v == ':') {
        v++;
    }
    else if (end - v >= 3 && memcmp(v, "：", 3) == 0) {
        v += 3;
    }
    else {
        return 0;
    }
    while (v < end && blank_at(v, end)) {
        v += blank_at(v, end);
    }
    gik_textbuf_reset(text);
    gik_textbuf_append(text, v, (apr_size_t)(end - v));
    if (!keys[i].meta) {
        /* the document's title, as <title> is a page's */
        apr_size_t len;
        if (gik_textbuf_text(text, &len), len) {
            gik_token_emit(fn, baton, GIK_TOK_PARA, text, 0, GIK_TOKF_HEADING);
        }
    }
    else if (*keys[i].meta) {
        gik_token tok;
        memset(&tok, 0, sizeof(tok));
        tok.kind = GIK_TOK_META;
        tok.text = keys[i].meta;
        tok.len = strlen(tok.text);
        tok.text2 = gik_textbuf_text(text, &len_unused);
        fn(baton, &tok);
    }
    gik_textbuf_reset(text);
    return 1;
}
