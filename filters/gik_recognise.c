/*
 * gik_recognise.c - reads the token stream into the report model: title,
 * organisation, year, the six sections and their narrative, the signing
 * date.  Table rows are handed to gik_recognise_tables.c.
 *
 * Everything is anchored on printed text, never on positions: a heading is a
 * heading because its words are a section title, not because it is the third
 * paragraph or an <h2>.  That is what makes the same code read Word pages,
 * CMS pages and text extractions.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

/* Words that identify each section's heading (folded form). */
static const char *const section_keys[GIK_NSECTIONS][3] = {
    { "总体情况", NULL, NULL },
    { "主动公开政府信息", NULL, NULL },
    { "收到和处理政府信息公开申请", "收到和处理政府信息公开", NULL },
    { "行政复议", "行政诉讼", NULL },        /* both must be there */
    { "存在的主要问题", "问题及改进", NULL }, /* either */
    { "其他需要报告的事项", NULL, NULL }
};

gik_recogniser *gik_recogniser_create(gik_report *rep, const char *force_format)
{
    gik_recogniser *rc = apr_pcalloc(rep->pool, sizeof(*rc));
    rc->rep = rep;
    rc->pool = rep->pool;
    apr_pool_create(&rc->row_pool, rep->pool);
    rc->force_format = force_format;
    rc->section = -1;
    rc->rows = apr_array_make(rep->pool, 64, sizeof(gik_raw_row));
    rc->headers = apr_array_make(rep->pool, 32, sizeof(gik_raw_header));
    return rc;
}

/* Length in bytes of a leading section numeral in folded text: "三." "3." "3"
 * followed by a non-digit.  *arabic is set for "3.".  0 if none. */
static apr_size_t numbering_prefix(const char *norm, int *number, int *arabic)
{
    int i;
    *arabic = 0;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        apr_size_t n = strlen(gik_section_numerals[i]);
        if (strncmp(norm, gik_section_numerals[i], n) == 0
            && (norm[n] == '.' || norm[n] == ':')) {
            *number = i + 1;
            return n + 1;
        }
    }
    if (norm[0] >= '1' && norm[0] <= '6' && (norm[1] == '.' || norm[1] == ':')
        && !(norm[2] >= '0' && norm[2] <= '9')) {
        *number = norm[0] - '0';
        *arabic = 1;
        return 2;
    }
    return 0;
}

/* Which section a heading paragraph opens (0..5), or -1. */
static int section_of_heading(const char *norm, int is_heading_tag)
{
    int number = 0, arabic, i;
    apr_size_t skip = numbering_prefix(norm, &number, &arabic);
    const char *body = norm + skip;
    apr_size_t chars = gik_utf8_chars(body);

    /* A heading is short; a narrative sentence that happens to contain the
     * words ("3、密切了党群关系…") is not. */
    if (chars > 30 || (!skip && !is_heading_tag)) {
        return -1;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const char *const *k = section_keys[i];
        int hit;
        if (i == 3) {
            hit = strstr(body, k[0]) && strstr(body, k[1]);
        }
        else {
            hit = strstr(body, k[0]) || (k[1] && strstr(body, k[1]));
        }
        /* Without a numeral only the exact title counts as a heading. */
        if (hit && (skip || strcmp(body, gik_section_titles[i]) == 0)) {
            return i;
        }
    }
    return -1;
}

/* A heading whose title is its section's title with a misprint
 * ("四、政府信息公开行政法复议、行政诉讼情况"): the same approximate match the
 * row labels get, and only under the section's own numeral, so that a list
 * item "二是…" or another section's number cannot pass for it; without a
 * numeral only in a heading element (<h2>), and only when one title alone
 * is that near.  0..5 or -1. */
static int section_of_misprint(const char *norm, int is_heading_tag)
{
    int number = 0, arabic, i, found = -1;
    apr_size_t skip = numbering_prefix(norm, &number, &arabic);
    if ((!skip && !is_heading_tag) || gik_utf8_chars(norm + skip) > 30) {
        return -1;
    }
    if (skip) {
        return gik_match_label(norm, gik_section_titles[number - 1]) == GIK_MATCH_APPROX
               ? number - 1 : -1;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        if (gik_match_label(norm, gik_section_titles[i]) == GIK_MATCH_APPROX) {
            if (found >= 0) {
                return -1;
            }
            found = i;
        }
    }
    return found;
}

/* "2025年1月14日" (folded, digits) -> "2025-01-14"; NULL if not a date. */
static const char *parse_date(apr_pool_t *p, const char *s, const char **rest_end)
{
    int y, m, d;
    char *e;
    y = (int)strtol(s, &e, 10);
    if (e - s != 4 || strncmp(e, "年", 3) != 0) {
        return NULL;
    }
    s = e + 3;
    m = (int)strtol(s, &e, 10);
    if (e == s || strncmp(e, "月", 3) != 0) {
        return NULL;
    }
    s = e + 3;
    d = (int)strtol(s, &e, 10);
    if (e == s || strncmp(e, "日", 3) != 0) {
        return NULL;
    }
    if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) {
        return NULL;
    }
    if (rest_end) {
        *rest_end = e + 3;
    }
    return apr_psprintf(p, "%04d-%02d-%02d", y, m, d);
}

/* Chinese-numeral dates (二〇二五年一月十四日) folded to digits first. */
static void fold_cn_date(char *out, apr_size_t size, const char *norm)
{
    static const char *const digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七",
                                          "八", "九", NULL };
    char *o = out, *limit = out + size - 3;
    const char *s = norm;
    while (*s && o < limit) {
        int i, matched = 0;
        for (i = 0; digits[i]; i++) {
            apr_size_t n = strlen(digits[i]);
            if (strncmp(s, digits[i], n) == 0) {
                *o++ = (char)('0' + i);
                s += n;
                matched = 1;
                break;
            }
        }
        if (!matched && strncmp(s, "零", 3) == 0) {
            *o++ = '0';
            s += 3;
            matched = 1;
        }
        if (!matched && strncmp(s, "十", 3) == 0) {
            /* 十 = 10, 十四 = 14, 二十 = 20, 二十一 = 21 */
            int before = (o > out && o[-1] >= '0' && o[-1] <= '9');
            int after = 0;
            const char *t = s + 3;
            for (i = 0; digits[i]; i++) {
                if (strncmp(t, digits[i], strlen(digits[i])) == 0) {
                    after = 1;
                }
            }
            if (!before) {
                *o++ = '1';
            }
            if (!after) {
                *o++ = '0';
            }
            s += 3;
            matched = 1;
        }
        if (!matched) {
            *o++ = *s++;
        }
    }
    *o = '\0';
}

/* A paragraph that is (or ends with) a date: the signature.  Returns 1
 * when it was one. */
static int note_date(gik_recogniser *rc, const char *norm)
{
    const char *s, *end = NULL, *date = NULL;
    char folded[512];
    if (!strstr(norm, "日") || gik_utf8_chars(norm) > 40) {
        return 0;
    }
    fold_cn_date(folded, sizeof(folded), norm);
    for (s = folded; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            date = parse_date(rc->row_pool, s, &end);
            if (date) {
                break;
            }
        }
    }
    if (date && end && *end == '\0') {
        apr_cpystrn(rc->last_date, date, sizeof(rc->last_date));
        return 1;
    }
    return 0;
}

/* A title names a year and a report, and is no sentence: "现将…年度报告公布如下。"
 * in a preamble is not the title. */
static int looks_like_title(const char *norm)
{
    const char *s;
    int has_year = 0;
    for (s = norm; *s; s++) {
        if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
            && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && strncmp(s + 4, "年", 3) == 0) {
            has_year = 1;
            break;
        }
    }
    return has_year && gik_utf8_chars(norm) <= 80
        && !strstr(norm, "。") && !strstr(norm, ":") && !strstr(norm, ";")
        && (strstr(norm, "年度报告") || strstr(norm, "年报") || strstr(norm, "工作报告"));
}

/* Site suffixes on <title>: "XX年度报告_某某县人民政府" */
static const char *strip_site_suffix(apr_pool_t *p, const char *printed)
{
    const char *cut = strstr(printed, "_");
    const char *bar = strstr(printed, "|");
    const char *dash = strstr(printed, " - ");
    if (!cut || (bar && bar < cut)) {
        cut = bar;
    }
    if (!cut || (dash && dash < cut)) {
        cut = dash;
    }
    if (cut && strstr(apr_pstrmemdup(p, printed, (apr_size_t)(cut - printed)), "报告")) {
        return apr_pstrmemdup(p, printed, (apr_size_t)(cut - printed));
    }
    return printed;
}

static void keep_paragraph(gik_recogniser *rc, const char *text, apr_size_t len)
{
    apr_array_header_t *into = rc->section < 0 ? rc->rep->preamble
                                               : rc->rep->sections[rc->section].paragraphs;
    if (into->nelts >= GIK_MAX_PARAGRAPHS || rc->narrative_bytes + len > GIK_MAX_NARRATIVE) {
        return;
    }
    rc->narrative_bytes += len;
    APR_ARRAY_PUSH(into, const char *) = apr_pstrmemdup(rc->pool, text, len);
}

static void on_paragraph(gik_recogniser *rc, const gik_token *tok)
{
    char norm[512];
    int s, misprint = -1;

    if (rc->ended) {
        return;         /* the page goes on after the signature: not the report */
    }
    /* On the stack: pages of millions of paragraphs must not grow a pool.
     * Headings, dates and titles are short, so the start of a paragraph is
     * all that needs folding. */
    gik_fold(norm, sizeof(norm), tok->text);
    s = section_of_heading(norm, tok->heading);
    if (s < 0 && (misprint = section_of_misprint(norm, tok->heading)) >= 0
        && !rc->rep->sections[misprint].present) {
        s = misprint;       /* HEADING-STYLE quotes it */
    }

    if (s >= 0) {
        gik_section *sec = &rc->rep->sections[s];
        gik_recognise_flush_paragraph_row(rc);
        if (!sec->present) {
            sec->present = 1;
            sec->order = rc->sections_found++;
            sec->printed = apr_pstrmemdup(rc->pool, tok->text, tok->len);
            sec->misprinted = s == misprint;
        }
        rc->section = s;
        rc->context_valid = 0;
        return;
    }
    /* Tables flattened to one cell per paragraph. */
    if (gik_recognise_cell_paragraph(rc, tok)) {
        return;
    }
    if (rc->section < 0) {
        /* Titles broken over two lines ("…政府信息公开工作" / "年度报告"). */
        /* The first title-like heading wins; without one, the first title-like
         * paragraph (a later one is more likely a sentence quoting it). */
        int better = !*rc->title_candidate || (tok->heading && !rc->title_from_heading);
        if (better && *rc->prev_preamble && gik_utf8_chars(norm) <= 8 && strstr(norm, "报告")) {
            const char *joined = apr_pstrcat(rc->row_pool, rc->prev_preamble, tok->text, NULL);
            if (looks_like_title(gik_normalise(rc->row_pool, joined))) {
                apr_cpystrn(rc->title_candidate, joined, sizeof(rc->title_candidate));
                rc->title_from_heading = tok->heading;
            }
        }
        else if (better && looks_like_title(norm)) {
            apr_cpystrn(rc->title_candidate, strip_site_suffix(rc->row_pool, tok->text),
                        sizeof(rc->title_candidate));
            rc->title_from_heading = tok->heading;
        }
        if (looks_like_title(norm)) {
            /* What came before the title (a CMS page's navigation, the
             * <title> repeated) is not the report's preamble. */
            apr_array_clear(rc->rep->preamble);
            rc->prev_preamble[0] = '\0';
            return;
        }
        if (tok->len < sizeof(rc->prev_preamble)) {
            memcpy(rc->prev_preamble, tok->text, tok->len + 1);
        }
        else {
            rc->prev_preamble[0] = '\0';
        }
    }
    keep_paragraph(rc, tok->text, tok->len);
    if (note_date(rc, norm) && rc->section == GIK_NSECTIONS - 1) {
        /* The date under section 六 is the signature: the report ends
         * there, whatever the page shows after it (footers, news lists). */
        rc->ended = 1;
    }
}

static void on_meta(gik_recogniser *rc, const gik_token *tok)
{
    if (!tok->text || !tok->text2) {
        return;
    }
    if (strcasecmp(tok->text, "SiteIDCode") == 0 && !rc->rep->site_id) {
        rc->rep->site_id = apr_pstrndup(rc->pool, tok->text2, 128);
    }
    else if (strcasecmp(tok->text, "PubDate") == 0 && !rc->rep->pub_date) {
        rc->rep->pub_date = apr_pstrndup(rc->pool, tok->text2, 64);
    }
}

static void on_cell(gik_recogniser *rc, const gik_token *tok)
{
    apr_size_t keep;
    if (rc->ncells >= GIK_MAX_ROW_CELLS) {
        rc->cells_dropped++;
        return;
    }
    /* Only the start of a long cell can be a label or a number. */
    keep = tok->len < GIK_MAX_LABEL_TEXT ? tok->len : GIK_MAX_LABEL_TEXT;
    while (keep > 0 && keep < tok->len && ((unsigned char)tok->text[keep] & 0xc0) == 0x80) {
        keep--;
    }
    rc->row_flat |= tok->flattened;
    rc->cells[rc->ncells].col = tok->col;
    rc->cells[rc->ncells].span = tok->colspan > 0 ? tok->colspan : 1;
    rc->cells[rc->ncells].header = NULL;
    rc->cells[rc->ncells].text = apr_pstrmemdup(rc->row_pool, tok->text, keep);
    rc->ncells++;
}

void gik_recognise_token(void *baton, const gik_token *tok)
{
    gik_recogniser *rc = baton;
    switch (tok->kind) {
    case GIK_TOK_PARA:
        on_paragraph(rc, tok);
        if (!rc->vrow_open) {
            apr_pool_clear(rc->row_pool);
        }
        break;
    case GIK_TOK_META:
        on_meta(rc, tok);
        break;
    case GIK_TOK_TABLE_START:
        gik_recognise_flush_paragraph_row(rc);
        rc->in_table = 1;
        rc->table_seq++;
        break;
    case GIK_TOK_TABLE_END:
        rc->in_table = 0;
        break;
    case GIK_TOK_ROW_START:
        gik_recognise_flush_paragraph_row(rc);
        rc->ncells = 0;
        rc->cells_dropped = 0;
        rc->row_flat = 0;
        break;
    case GIK_TOK_CELL:
        on_cell(rc, tok);
        break;
    case GIK_TOK_ROW_END:
        if (rc->ncells) {
            gik_recognise_row(rc);
        }
        rc->ncells = 0;
        apr_pool_clear(rc->row_pool);
        break;
    }
}

/* "辛店镇" -> "辛店镇人民政府" when the page itself calls it that;
 * "吉星岗镇人民政府政务公开" -> "吉星岗镇人民政府" (words of the title, not
 * of the name, stand between the name and the year). */
static const char *complete_organization(gik_recogniser *rc, const char *org)
{
    static const char *const suffixes[] = { "人民政府", "办事处", "委员会", NULL };
    const char *full;
    int i, s;
    for (i = 0; suffixes[i]; i++) {
        const char *at = strstr(org, suffixes[i]);
        if (at) {
            return apr_pstrmemdup(rc->pool, org, (apr_size_t)(at - org) + strlen(suffixes[i]));
        }
    }
    full = apr_pstrcat(rc->pool, gik_normalise(rc->row_pool, org), "人民政府", NULL);
    for (s = -1; s < GIK_NSECTIONS; s++) {
        apr_array_header_t *a = s < 0 ? rc->rep->preamble : rc->rep->sections[s].paragraphs;
        for (i = 0; i < a->nelts; i++) {
            if (strstr(gik_normalise(rc->row_pool, APR_ARRAY_IDX(a, i, const char *)), full)) {
                return apr_pstrcat(rc->pool, org, "人民政府", NULL);
            }
        }
    }
    return org;
}

static int is_cjk(int cp)
{
    return cp >= 0x2e80 && cp <= 0x9fff;
}

/* The first `chars` characters of the title that folding keeps, as printed:
 * the name keeps its own punctuation and width, but loses the spaces a PDF
 * extraction put around and between Chinese characters ("辛 店镇 "). */
static const char *printed_prefix(gik_recogniser *rc, const char *title, apr_size_t chars)
{
    const unsigned char *p = (const unsigned char *)title, *end = p + strlen(title);
    char *out = apr_palloc(rc->pool, strlen(title) + 1), *o = out;
    int cp, prev = 0, pending_space = 0;
    while (chars > 0 && (cp = gik_utf8_next(&p, end)) >= 0) {
        if (gik_is_space_cp(cp)) {
            pending_space = 1;
            continue;
        }
        if (pending_space && o > out && !(is_cjk(prev) || is_cjk(cp))) {
            *o++ = ' ';
        }
        pending_space = 0;
        o = gik_utf8_put(o, cp);
        prev = cp;
        chars--;
    }
    *o = '\0';
    return out;
}

/* Title "辛店镇 2024 年政府信息公开工作年度报告" -> organisation, year. */
static void read_title(gik_recogniser *rc)
{
    gik_report *rep = rc->rep;
    const char *norm, *s;
    if (!*rc->title_candidate) {
        return;
    }
    rep->title = apr_pstrdup(rep->pool, rc->title_candidate);
    norm = gik_normalise(rc->row_pool, rep->title);
    for (s = norm; *s; s++) {
        if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
            && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && strncmp(s + 4, "年", 3) == 0) {
            int y = atoi(apr_pstrmemdup(rc->row_pool, s, 4));
            if (y >= 1990 && y <= 2200) {
                rep->year = y;
                if (s > norm) {
                    rep->organization = complete_organization(
                        rc, printed_prefix(rc, rep->title, gik_utf8_chars(
                                apr_pstrmemdup(rc->row_pool, norm, (apr_size_t)(s - norm)))));
                }
            }
            break;
        }
    }
}

/* Without a title, the year is the first "YYYY年" of the narrative. */
static void year_from_narrative(gik_recogniser *rc)
{
    int s, i;
    for (s = -1; s < GIK_NSECTIONS && !rc->rep->year; s++) {
        apr_array_header_t *a = s < 0 ? rc->rep->preamble : rc->rep->sections[s].paragraphs;
        for (i = 0; i < a->nelts && !rc->rep->year; i++) {
            const char *norm = gik_normalise(rc->row_pool, APR_ARRAY_IDX(a, i, const char *));
            const char *y = strstr(norm, "年");
            if (y && y - norm >= 4) {
                int v = atoi(apr_pstrmemdup(rc->row_pool, y - 4, 4));
                if (v >= 2000 && v <= 2200) {
                    rc->rep->year = v;
                }
            }
        }
    }
}

int gik_recogniser_done(const gik_recogniser *rc)
{
    return rc->ended;
}

void gik_recogniser_finish(gik_recogniser *rc)
{
    gik_report *rep = rc->rep;
    read_title(rc);
    if (!rep->year && rc->sections_found >= 3) {
        year_from_narrative(rc);
    }
    rep->signed_date = *rc->last_date ? apr_pstrdup(rep->pool, rc->last_date) : NULL;
    if (rep->signed_date) {
        rep->published = rep->signed_date;
    }
    else if (rep->pub_date && strlen(rep->pub_date) >= 10) {
        rep->published = apr_pstrndup(rep->pool, rep->pub_date, 10);
    }
    gik_recognise_tables_finish(rc);
    if (!rep->is_report) {
        /* A news item that quotes a report's title names no report body. */
        rep->organization = NULL;
        rep->year = 0;
        rep->published = NULL;
    }
    apr_pool_clear(rc->row_pool);
}
