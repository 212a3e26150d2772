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
    rc->groups = apr_array_make(rep->pool, 8, sizeof(gik_group_count));
    return rc;
}

/* Length in bytes of a leading section numeral in folded text: "三." "3." "3"
 * followed by a non-digit, or "(三)".  *arabic is set for "3.", *paren for
 * "(三)" (a sub-heading's numbering, so only for its own section's title).
 * 0 if none. */
static apr_size_t numbering_prefix(const char *norm, int *number, int *arabic, int *paren)
{
    int i;
    unsigned char c = (unsigned char)norm[0];
    *arabic = 0;
    *paren = 0;
    /* every form below starts with a numeral 一 … 六 (0xE4 or 0xE5 in
     * UTF-8), '(' or a digit 1 … 6: most paragraphs start otherwise */
    if (c != 0xe4 && c != 0xe5 && c != '(' && !(c >= '1' && c <= '6')) {
        return 0;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const char *num = gik_section_numerals[i];
        apr_size_t n;
        /* the first byte decides before any comparison of the whole */
        if (norm[0] == num[0]) {
            n = strlen(num);
            if (strncmp(norm, num, n) == 0 && (norm[n] == '.' || norm[n] == ':')) {
                *number = i + 1;
                return n + 1;
            }
        }
        else if (norm[0] == '(' && norm[1] == num[0]) {
            n = strlen(num);
            if (strncmp(norm + 1, num, n) == 0 && norm[n + 1] == ')') {
                *number = i + 1;
                *paren = 1;
                return n + 2 + (norm[n + 2] == '.');
            }
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

/* Does a heading's title end as titles do (…情况, …事项, …问题, …措施),
 * its closing punctuation aside? */
static int ends_like_title(const char *body)
{
    static const char *const ends[] = { "情况", "事项", "问题", "措施", "改进", "申请", "诉讼",
                                        NULL };
    apr_size_t n = strlen(body);
    int i;
    for (;;) {
        if (n && (body[n - 1] == '.' || body[n - 1] == ':')) {
            n--;
        }
        else if (n >= 3 && strncmp(body + n - 3, "。", 3) == 0) {
            n -= 3;
        }
        else {
            break;
        }
    }
    for (i = 0; ends[i]; i++) {
        apr_size_t e = strlen(ends[i]);
        if (n >= e && strncmp(body + n - e, ends[i], e) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Which section a heading paragraph opens (0..5), or -1.  Without a numeral
 * only the exact title, alone in its paragraph (a heading element or not). */
static int section_of_heading(const char *norm)
{
    int number = 0, arabic, paren, i;
    apr_size_t skip = numbering_prefix(norm, &number, &arabic, &paren);
    const char *body = norm + skip;
    char title[128];
    apr_size_t chars = gik_utf8_chars(body);

    /* A heading is short; a narrative sentence that happens to contain the
     * words ("3、密切了党群关系…") is not. */
    if (chars > 30) {
        return -1;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const char *const *k = section_keys[i];
        int hit;
        if (paren && i != number - 1) {
            continue;           /* "(一)主动公开政府信息情况" under 一 is no 二 */
        }
        if (i == 3) {
            hit = strstr(body, k[0]) && strstr(body, k[1]);
        }
        else {
            hit = strstr(body, k[0]) || (k[1] && strstr(body, k[1]));
        }
        if (!hit) {
            continue;
        }
        gik_fold(title, sizeof(title), gik_section_titles[i]);
        /* Without a numeral only the exact title counts as a heading
         * (folded as the paragraph is: 、 is '.'); with one, a title's
         * wording, not a list item that goes on past the words
         * ("三、收到和处理政府信息公开申请工作扎实"). */
        if (skip ? ends_like_title(body) || gik_match_label(norm, gik_section_titles[i])
                                            != GIK_MATCH_NONE
                 : strcmp(body, title) == 0) {
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
    int number = 0, arabic, paren, i, found = -1;
    apr_size_t skip = numbering_prefix(norm, &number, &arabic, &paren);
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
        unsigned char lead = (unsigned char)*s;
        /* every numeral above, 零 and 十 start with E3, E4, E5 or E9: any
         * other byte (ASCII digits, 年, 月, 日) is copied without comparing
         * it with each of them */
        if (lead != 0xe3 && lead != 0xe4 && lead != 0xe5 && lead != 0xe9) {
            *o++ = *s++;
            continue;
        }
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

/* Whether the words before a closing date make it part of a sentence, not
 * a signature: a sentence ended before it ("…此报告。报告中…统计期限自
 * 2023年1月1日", a line of wrapped narrative in layout text), or a period
 * that starts or ends at it (自/起/至/从/到/截至…). */
static int period_before(const char *text, const char *date_at)
{
    static const char *const joins[] = { "自", "起", "至", "从", "到", "于", NULL };
    const char *const *j;
    const char *e = date_at;
    apr_size_t before = (apr_size_t)(date_at - text);
    const char *stop = NULL;

    while (e > text && e[-1] == ' ') {
        e--;
    }
    for (j = joins; *j; j++) {
        apr_size_t n = strlen(*j);
        if ((apr_size_t)(e - text) >= n && memcmp(e - n, *j, n) == 0) {
            return 1;
        }
    }
    stop = strstr(text, "。");
    return stop && (apr_size_t)(stop - text) < before;
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
    if (date && end && *end == '\0' && !period_before(folded, s)) {
        apr_cpystrn(rc->last_date, date, sizeof(rc->last_date));
        return 1;
    }
    return 0;
}

/* The first "YYYY年" of folded text, or NULL. */
static const char *year_in(const char *norm)
{
    const char *s;
    for (s = norm; *s; s++) {
        if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0'
            && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && strncmp(s + 4, "年", 3) == 0) {
            return s;
        }
    }
    return NULL;
}

/* A title names a year and a report, and is no sentence: "现将…年度报告公布如下。"
 * in a preamble is not the title. */
static int looks_like_title(const char *norm)
{
    return year_in(norm) && gik_utf8_chars(norm) <= 80
        && !strstr(norm, "。") && !strstr(norm, ":") && !strstr(norm, ";")
        && (strstr(norm, "年度报告") || strstr(norm, "年报") || strstr(norm, "工作报告"));
}

/* Words of a title that name the report, not the body: the body's name
 * ends where the first of them starts. */
static const char *const report_words[] = {
    "政府信息公开", "政务公开", "信息公开", "工作年度报告", "年度报告", "工作报告", "年报", NULL
};

static int ends_with_str(const char *s, apr_size_t len, const char *suffix)
{
    apr_size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Where the report's own words start in folded text: "…人民政府政府信息公开"
 * and "…人民政府信息公开" both leave "…人民政府" to the name. */
static const char *report_words_at(const char *norm)
{
    const char *best = NULL;
    int i;
    for (i = 0; report_words[i]; i++) {
        const char *at = strstr(norm, report_words[i]);
        if (at && i == 0 && ends_with_str(norm, (apr_size_t)(at - norm), "人民")) {
            at += strlen("政府");     /* 人民政府|信息公开 */
        }
        if (at && (!best || at < best)) {
            best = at;
        }
    }
    return best;
}

/* The body's name in a folded title, as a byte span of norm: before the year
 * ("辛店镇2024年…", "吉星岗镇人民政府政务公开2024年度报告") or, in a year-first
 * title, after it ("2024年XX镇人民政府政府信息公开工作年度报告").  0 if none. */
static int title_org_span(const char *norm, apr_size_t *start, apr_size_t *end)
{
    const char *y = year_in(norm), *words;
    if (!y) {
        return 0;
    }
    if (y > norm) {
        /* Words of the title may stand between the name and the year. */
        apr_size_t len = (apr_size_t)(y - norm);
        int i, cut = 1;
        while (cut) {
            cut = 0;
            for (i = 0; report_words[i]; i++) {
                if (ends_with_str(norm, len, report_words[i])
                    && !(i == 0 && ends_with_str(norm, len - strlen(report_words[i]), "人民"))) {
                    len -= strlen(report_words[i]);
                    cut = 1;
                }
            }
            if (ends_with_str(norm, len, "关于")) {
                len -= strlen("关于");
                cut = 1;
            }
            if (ends_with_str(norm, len, "工作")) {
                len -= strlen("工作");
                cut = 1;
            }
        }
        *start = 0;
        *end = len;
        return len > 0;
    }
    y += 4 + strlen("年");
    if (strncmp(y, "度", 3) == 0) {
        y += 3;
    }
    words = report_words_at(y);
    if (!words || words == y) {
        return 0;
    }
    *start = (apr_size_t)(y - norm);
    *end = (apr_size_t)(words - norm);
    return 1;
}

/* A line that names a body and nothing else, printed above "2024 年政府信息
 * 公开工作年度报告": short, no sentence, ending like a body's name. */
static int looks_like_name(const char *norm)
{
    static const char *const endings[] = {
        "政府", "办公室", "办公厅", "委员会", "管委会", "办事处", "街道", "局", "委", "办",
        "厅", "中心", "乡", "镇", "区", "县", "市", "州", "旗", "盟", NULL
    };
    apr_size_t len = strlen(norm);
    int i;
    if (!*norm || gik_utf8_chars(norm) > 30 || strpbrk(norm, ".,:;()0123456789")
        || strstr(norm, "。") || strstr(norm, "，")) {
        return 0;
    }
    for (i = 0; endings[i]; i++) {
        if (ends_with_str(norm, len, endings[i])) {
            return 1;
        }
    }
    return 0;
}

/* The last occurrence of needle in [s, before), or NULL. */
static const char *last_before(const char *s, const char *before, const char *needle)
{
    const char *hit = NULL, *at;
    for (at = strstr(s, needle); at && at < before; at = strstr(at + 1, needle)) {
        hit = at;
    }
    return hit;
}

/* "标题: X" (a crawler's metadata header) and "当前位置：首页>…>X" (a CMS
 * breadcrumb) carry the title after their label: the folded title, or NULL.
 * A breadcrumb's steps may have lost their separators ("首页政务公开…年报
 * 平潭综合实验区2021年度…年度报告来源:…" once folded): the title starts after
 * the last separator or column name before its year, and ends with its
 * 年度报告. */
static const char *after_title_label(apr_pool_t *p, const char *norm)
{
    static const char *const labels[] = { "标题:", "题名:", NULL };
    static const char *const crumbs[] = { "当前位置:", "您的位置:", "您现在的位置:",
                                          "所在位置:", NULL };
    static const char *const steps[] = { ">", "/", "›", "»", "→", "首页", "年报", "年度报告",
                                         NULL };
    const char *rest = NULL, *y, *from, *end;
    int i;
    for (i = 0; labels[i]; i++) {
        if (strncmp(norm, labels[i], strlen(labels[i])) == 0) {
            return norm + strlen(labels[i]);
        }
    }
    for (i = 0; crumbs[i] && !rest; i++) {
        if (strncmp(norm, crumbs[i], strlen(crumbs[i])) == 0) {
            rest = norm + strlen(crumbs[i]);
        }
    }
    if (!rest || !(y = year_in(rest))) {
        return NULL;
    }
    from = rest;
    for (i = 0; steps[i]; i++) {
        const char *at = last_before(rest, y, steps[i]);
        if (at && at + strlen(steps[i]) > from) {
            from = at + strlen(steps[i]);
        }
    }
    if ((end = strstr(y, "年度报告")) != NULL) {
        end += strlen("年度报告");
    }
    else if ((end = strstr(y, "年报")) != NULL) {
        end += strlen("年报");
    }
    return end ? apr_pstrmemdup(p, from, (apr_size_t)(end - from)) : NULL;
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

/* A title that starts with its year and names no body, under a line that
 * is just a body's name: the two lines are one title. */
static int title_split_after_name(gik_recogniser *rc, const char *norm)
{
    apr_size_t start, end;
    return *rc->prev_preamble && looks_like_title(norm) && year_in(norm) == norm
        && !title_org_span(norm, &start, &end)
        && looks_like_name(gik_normalise(rc->row_pool, rc->prev_preamble));
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
    s = section_of_heading(norm);
    if (s < 0 && (misprint = section_of_misprint(norm, tok->heading)) >= 0
        && !rc->rep->sections[misprint].present) {
        s = misprint;       /* HEADING-STYLE quotes it */
    }
    else if (s >= 0 && gik_match_label(norm, gik_section_titles[s]) == GIK_MATCH_APPROX) {
        misprint = s;       /* its words found it, with a slip beside them ("请申") */
    }

    if (s >= 0) {
        gik_section *sec = &rc->rep->sections[s];
        int number = 0, arabic, paren;
        numbering_prefix(norm, &number, &arabic, &paren);
        gik_recognise_flush_paragraph_row(rc);
        if (!rc->sections_found && s <= 1) {
            /* Tables before the report's first heading are not its own (a
             * budget in a CMS sidebar); from 三 on, table A may stand above
             * a heading a damaged page lost. */
            gik_recognise_forget_tables(rc);
        }
        if (sec->present && number == s + 1 && rc->numbered[s] && rc->numbered[s] != s + 1
            && !rc->rep->sections[rc->numbered[s] - 1].present) {
            /* A second heading of this section, under its own numeral, after
             * one under another section's numeral that is missing: that one
             * was the other section with this one's title (四、存在的主要问题
             * …, then 五、存在的主要问题…).  It and what it held become the
             * other section's; this one starts here. */
            gik_section *other = &rc->rep->sections[rc->numbered[s] - 1];
            apr_array_header_t *held = other->paragraphs;
            other->present = 1;
            other->order = sec->order;
            other->printed = sec->printed;
            other->misprinted = 1;
            other->paragraphs = sec->paragraphs;
            sec->paragraphs = held;
            sec->present = 0;
        }
        if (!sec->present) {
            sec->present = 1;
            sec->order = rc->sections_found++;
            sec->printed = apr_pstrmemdup(rc->pool, tok->text, tok->len);
            sec->misprinted = s == misprint;
            rc->numbered[s] = number;
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
        /* The first title-like heading wins; without one, the first title-like
         * paragraph (a later one is more likely a sentence quoting it). */
        int better = !*rc->title_candidate || (tok->heading && !rc->title_from_heading);
        const char *labelled = after_title_label(rc->row_pool, norm);
        if (labelled && looks_like_title(labelled)) {
            /* "标题: …", "当前位置：首页>…>…年度报告": the title in folded form
             * (a machine's line: folding loses only spaces and widths). */
            if (better) {
                apr_cpystrn(rc->title_candidate, labelled, sizeof(rc->title_candidate));
                rc->title_from_heading = tok->heading;
            }
            return;
        }
        if (better && title_split_after_name(rc, norm)) {
            /* "淮安市人民政府" / "2024 年政府信息公开工作年度报告" */
            apr_cpystrn(rc->title_candidate,
                        apr_pstrcat(rc->row_pool, rc->prev_preamble, tok->text, NULL),
                        sizeof(rc->title_candidate));
            rc->title_from_heading = tok->heading;
        }
        /* Titles broken over two lines ("…政府信息公开工作" / "年度报告"). */
        else if (better && *rc->prev_preamble && gik_utf8_chars(norm) <= 8
                 && strstr(norm, "报告")) {
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
    rc->cells[rc->ncells].joined = tok->joined;
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

/* "辛店镇" -> "辛店镇人民政府" when the page itself calls it that.  A name
 * that already ends like a body's (…人民政府办公室, …街道办事处, …管委会)
 * is kept whole. */
static const char *complete_organization(gik_recogniser *rc, const char *org)
{
    static const char *const whole[] = { "政府", "办公室", "办公厅", "委员会", "管委会",
                                         "办事处", "局", "中心", NULL };
    const char *norm = gik_normalise(rc->row_pool, org), *full;
    apr_size_t len = strlen(norm);
    int i, s;
    for (i = 0; whole[i]; i++) {
        if (ends_with_str(norm, len, whole[i])) {
            return org;
        }
    }
    full = apr_pstrcat(rc->pool, norm, "人民政府", NULL);
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

/* `chars` characters of the title that folding keeps, after the first `skip`, as printed:
 * the name keeps its own punctuation and width, but loses the spaces a PDF
 * extraction put around and between Chinese characters ("辛 店镇 "). */
static const char *printed_slice(gik_recogniser *rc, const char *title, apr_size_t skip,
                                 apr_size_t chars)
{
    const unsigned char *p = (const unsigned char *)title, *end = p + strlen(title);
    char *out = apr_palloc(rc->pool, strlen(title) + 1), *o = out;
    int cp, prev = 0, pending_space = 0;
    while (chars > 0 && (cp = gik_utf8_next(&p, end)) >= 0) {
        if (gik_is_space_cp(cp)) {
            pending_space = 1;
            continue;
        }
        if (skip > 0) {
            skip--;
            pending_space = 0;
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
    const char *norm, *y;
    apr_size_t start, end;
    if (!*rc->title_candidate) {
        return;
    }
    rep->title = apr_pstrdup(rep->pool, rc->title_candidate);
    norm = gik_normalise(rc->row_pool, rep->title);
    if (!(y = year_in(norm))) {
        return;
    }
    rep->year = atoi(apr_pstrmemdup(rc->row_pool, y, 4));
    if (rep->year < 1990 || rep->year > 2200) {
        rep->year = 0;
        return;
    }
    if (title_org_span(norm, &start, &end)) {
        apr_size_t skip = gik_utf8_chars(apr_pstrmemdup(rc->row_pool, norm, start));
        apr_size_t chars = gik_utf8_chars(apr_pstrmemdup(rc->row_pool, norm + start,
                                                         end - start));
        rep->organization = complete_organization(rc, printed_slice(rc, rep->title, skip,
                                                                    chars));
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
