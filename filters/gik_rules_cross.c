/*
 * gik_rules_cross.c - rules over the report as a document rather than its
 * arithmetic or wording: its sections and headings (SECTION-MISSING,
 * SECTION-ORDER, HEADING-STYLE), its layout against its year
 * (FORMAT-VERSION), the kind of body and its deadline (LATE, TOWNSHIP-REGULATIONS), the report
 * year against the years the body speaks of (YEAR-MISMATCH), and the same
 * body's previous report (PREV-YEAR, COPY-PREV-YEAR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"

/* ------------------------------------------------------------------ */
/* The kind of body */

static int ends_with(const char *s, const char *suffix)
{
    apr_size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Copies s without spaces into buf (size n); NULL if it does not fit. */
static const char *squeeze(const char *s, char *buf, apr_size_t n)
{
    apr_size_t o = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            continue;
        }
        if (strncmp(s, "\xe3\x80\x80", 3) == 0) {       /* U+3000 */
            s += 2;
            continue;
        }
        if (o + 1 >= n) {
            return NULL;
        }
        buf[o++] = *s;
    }
    buf[o] = '\0';
    return buf;
}

static int ends_with_any(const char *name, const char *const *suffixes)
{
    for (; *suffixes; suffixes++) {
        if (ends_with(name, *suffixes)) {
            return 1;
        }
    }
    return 0;
}

gik_body_kind gik_body_kind_infer(const char *organization)
{
    /* Townships first: 街道办事处 ends like a department (处) and 镇人民政府
     * like a government.  Then governments, then departments by the words
     * their names end with; 乡/镇 inside a longer name (城乡建设局) is not
     * a township. */
    static const char *const township[] = {
        "街道办事处", "街道办", "街道", "乡人民政府", "镇人民政府", "苏木人民政府",
        "乡政府", "镇政府", "乡", "镇", "苏木", NULL
    };
    /* A development zone's 管委会 governs it; a name that is a place alone
     * (平潭综合实验区, 某县) is its government's. */
    static const char *const government[] = { "人民政府", "政府", "管委会", "管理委员会",
                                              NULL };
    static const char *const place[] = { "区", "县", "市", "州", "旗", "盟", NULL };
    static const char *const not_place[] = { "社区", "小区", "园区", "景区", "校区", NULL };
    static const char *const department[] = {
        "办公室", "办公厅", "委员会", "局", "委", "办", "厅", "中心", "署", "院", "所",
        "站", "处", "会", "队", "部", "馆", "司", "社", NULL
    };
    char buf[512];
    const char *name;
    if (!organization || !(name = squeeze(organization, buf, sizeof(buf))) || !*name) {
        return GIK_BODY_AUTO;
    }
    if (ends_with_any(name, township)) {
        return GIK_BODY_TOWNSHIP;
    }
    if (ends_with_any(name, government)) {
        return GIK_BODY_GOVERNMENT;
    }
    if (ends_with_any(name, department)) {
        return GIK_BODY_DEPARTMENT;
    }
    if (strstr(name, "乡人民政府") || strstr(name, "镇人民政府") || strstr(name, "街道")) {
        return GIK_BODY_TOWNSHIP;
    }
    return ends_with_any(name, place) && !ends_with_any(name, not_place) ? GIK_BODY_GOVERNMENT
                                                                         : GIK_BODY_AUTO;
}

gik_body_kind gik_body_kind_of(const gik_report *rep, const gik_rule_config *cfg)
{
    gik_body_kind kind;
    if (cfg && cfg->body_kind != GIK_BODY_AUTO) {
        return cfg->body_kind;
    }
    kind = gik_body_kind_infer(rep->organization);
    if (kind == GIK_BODY_AUTO && rep->title) {
        /* The title starts with the body's name, up to the year. */
        apr_size_t n = strcspn(rep->title, "0123456789\xef");
        kind = gik_body_kind_infer(apr_pstrmemdup(rep->pool, rep->title, n));
    }
    return kind;
}

/* ------------------------------------------------------------------ */
/* LATE */

static int parse_date(const char *s, int *ymd)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3
        || m < 1 || m > 12 || d < 1 || d > 31) {
        return -1;
    }
    *ymd = y * 10000 + m * 100 + d;
    return 0;
}

static const char *ymd_str(apr_pool_t *p, int ymd)
{
    return apr_psprintf(p, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

GIK_RULE_FN(gik_rule_late)
{
    static const char *const kind_zh[] = { "", "县级以上人民政府部门", "县级以上人民政府",
                                           "乡镇人民政府、街道办事处" };
    static const char *const kind_en[] = { "", "a government department",
                                           "a county-level or higher government",
                                           "a township or street office" };
    gik_body_kind kind = gik_body_kind_of(rep, cfg);
    const char *date = rep->signed_date ? rep->signed_date : rep->published;
    int ymd, warn_at, error_at = 0, deadline;
    gik_severity sev = gik_rule_severity("LATE");
    gik_finding *f;
    if (!rep->year || kind == GIK_BODY_AUTO || parse_date(date, &ymd) != 0) {
        gik_rule_not_assessable(rep, "LATE");
        return;
    }
    switch (kind) {
    case GIK_BODY_DEPARTMENT:
        warn_at = (rep->year + 1) * 10000 + 131;   /* 条例 第四十九条 */
        break;
    case GIK_BODY_GOVERNMENT:
        warn_at = (rep->year + 1) * 10000 + 331;
        break;
    default:
        /* No national date for townships: local notices, configurable. */
        warn_at = (rep->year + 1) * 10000 + cfg->township_warn_mmdd;
        error_at = (rep->year + 1) * 10000 + cfg->township_error_mmdd;
        break;
    }
    if (ymd <= warn_at) {
        return;
    }
    deadline = warn_at;
    if (error_at && ymd > error_at) {
        sev = GIK_SEV_ERROR;
        deadline = error_at;
    }
    f = gik_finding_add(rep, "LATE", sev);
    APR_ARRAY_PUSH(f->cells, const char *) = "/published";
    f->has_values = 1;
    f->expected = deadline;
    f->actual = ymd;
    f->message = apr_psprintf(rep->pool, "%s %s 晚于%s %d 年度报告的截止日期 %s",
                              rep->signed_date ? "落款日期" : "发布日期",
                              ymd_str(rep->pool, ymd), kind_zh[kind], rep->year,
                              ymd_str(rep->pool, deadline));
    f->message_en = apr_psprintf(rep->pool, "%s %s, after the deadline %s for the %d report "
                                 "of %s", rep->signed_date ? "Signed" : "Published",
                                 ymd_str(rep->pool, ymd), ymd_str(rep->pool, deadline),
                                 rep->year, kind_en[kind]);
}

/* ------------------------------------------------------------------ */
/* YEAR-MISMATCH */

enum { YR_PERIOD, YR_OPENING, YR_ANY, YR_COUNT };

static gik_rx year_rx[YR_COUNT] = {
    /* 统计期限为2024年1月1日至…, 2024 年 1 月 1 日至 12 月 31 日 */
    [YR_PERIOD] = { "([0-9０-９]{4})\\s*年\\s*(?:0?1|０?１|一)\\s*月\\s*(?:0?1|０?１|一)\\s*日\\s*"
      "(?:至|到|—|-|－|~|～)", NULL },
    /* "2024年，我镇…", "2024 年度，" */
    [YR_OPENING] = { "([0-9０-９]{4})\\s*年度?\\s*[，,]", NULL },
    [YR_ANY] = { "([0-9０-９]{4})\\s*年", NULL }
};
static const char *const year_users[] = { "YEAR-MISMATCH", NULL };

static void year_finding(gik_report *rep, int year, const char *excerpt, const char *how_zh,
                         const char *how_en)
{
    gik_finding *f = gik_finding_add(rep, "YEAR-MISMATCH", gik_rule_severity("YEAR-MISMATCH"));
    APR_ARRAY_PUSH(f->cells, const char *) = "/year";
    f->has_values = 1;
    f->expected = rep->year;
    f->actual = year;
    f->excerpt = excerpt;
    f->message = apr_psprintf(rep->pool, "标题年份为 %d 年，但%s为 %d 年（“%s”）",
                              rep->year, how_zh, year, excerpt);
    f->message_en = apr_psprintf(rep->pool, "The title's year is %d, but %s is %d (“%s”)",
                                 rep->year, how_en, year, excerpt);
}

typedef struct year_claim {
    int year;
    int period;            /* the statistics period, else an opening "Y年，" */
    const char *sentence;
} year_claim;

/* The statistics period and the openings "2024年，我镇…" of the preamble and
 * section 一 that name another year than the report's; *said_y is set when
 * one of them names the report's year. */
static int year_claims(gik_report *rep, year_claim *out, int max, int *said_y)
{
    apr_array_header_t *head = gik_rule_narrative(rep, GIK_NARR_PREAMBLE | GIK_NARR_SECTION(1));
    apr_size_t ov[4], at;
    int i, k, n = 0;
    for (i = 0; i < head->nelts; i++) {
        const char *text = APR_ARRAY_IDX(head, i, gik_para).text;
        for (k = YR_PERIOD; k <= YR_OPENING; k++) {
            for (at = 0; gik_rx_find(year_rx[k].code, text, at, ov, 2); at = ov[1]) {
                long y = gik_cn_number(text + ov[2], ov[3] - ov[2]);
                const char *sentence = gik_rule_sentence(rep->pool, text, ov[0], ov[1]);
                int j, seen = 0;
                if (y == rep->year) {
                    *said_y = 1;
                    continue;
                }
                /* "2025年，我镇将…": a plan, not a contradiction */
                if (y < 1990 || y > 2100 || (y == rep->year + 1 && strstr(sentence, "将"))) {
                    continue;
                }
                for (j = 0; j < n; j++) {
                    seen |= out[j].year == (int)y && out[j].period == (k == YR_PERIOD);
                }
                if (!seen && n < max) {
                    out[n].year = (int)y;
                    out[n].period = k == YR_PERIOD;
                    out[n++].sentence = sentence;
                }
            }
        }
    }
    return n;
}

GIK_RULE_FN(gik_rule_year_mismatch)
{
    /* Sections 五 and 六 talk of next year's plans and last year's
     * problems; only the preamble and section 一 say "this year". */
    apr_array_header_t *body;
    year_claim claims[8];
    int years[16], counts[16], nyears = 0, nclaims, reported = 0, said_y = 0;
    int i, k, best = -1;
    apr_size_t ov[4], at;
    if (!rep->year) {
        gik_rule_not_assessable(rep, "YEAR-MISMATCH");
        return;
    }
    nclaims = year_claims(rep, claims, 8, &said_y);
    for (i = 0; i < nclaims; i++) {
        /* A statistics period must be the report year.  An opening
         * "2023年，我镇被评为…" beside one for the report year is history;
         * alone it is last year's text left in. */
        if (!claims[i].period && said_y) {
            continue;
        }
        reported++;
        year_finding(rep, claims[i].year, claims[i].sentence,
                     claims[i].period ? "正文统计期限" : "正文所述年度",
                     claims[i].period ? "the statistics period in the body"
                                      : "the year the narrative speaks of");
    }
    if (reported || said_y || nclaims) {
        return;
    }
    /* No sentence says "in year Y" either way: fall back to the year the
     * narrative of sections 一…四 names most, and flag it only when the
     * report year is never named. */
    body = gik_rule_narrative(rep, GIK_NARR_PREAMBLE | GIK_NARR_SECTION(1)
                                   | GIK_NARR_SECTION(2) | GIK_NARR_SECTION(3)
                                   | GIK_NARR_SECTION(4));
    for (i = 0; i < body->nelts; i++) {
        const char *text = APR_ARRAY_IDX(body, i, gik_para).text;
        for (at = 0; gik_rx_find(year_rx[YR_ANY].code, text, at, ov, 2); at = ov[1]) {
            long y = gik_cn_number(text + ov[2], ov[3] - ov[2]);
            for (k = 0; k < nyears && years[k] != y; k++) {
            }
            if (k == nyears && nyears < 16) {
                years[nyears] = (int)y;
                counts[nyears++] = 0;
            }
            if (k < nyears) {
                counts[k]++;
            }
        }
    }
    for (k = 0; k < nyears; k++) {
        if (years[k] == rep->year) {
            return;
        }
        if (best < 0 || counts[k] > counts[best]) {
            best = k;
        }
    }
    if (best >= 0 && counts[best] >= 2) {
        year_finding(rep, years[best], apr_psprintf(rep->pool, "%d年 × %d", years[best],
                                                    counts[best]),
                     "正文中出现最多的年份", "the year the narrative names most");
    }
}

/* ------------------------------------------------------------------ */
/* The previous year's report */

/* Same body: names equal once spaces and a trailing 人民政府 are dropped,
 * or one ends with the other (鲁山县背孜乡 / 背孜乡).  Unknown names do
 * not contradict: the caller chose the previous report. */
static int same_body(const char *a, const char *b)
{
    char ba[512], bb[512];
    const char *x, *y;
    apr_size_t nx, ny;
    if (!a || !b || !(x = squeeze(a, ba, sizeof(ba))) || !(y = squeeze(b, bb, sizeof(bb)))) {
        return 1;
    }
    if (ends_with(ba, "人民政府")) {
        ba[strlen(ba) - strlen("人民政府")] = '\0';
    }
    if (ends_with(bb, "人民政府")) {
        bb[strlen(bb) - strlen("人民政府")] = '\0';
    }
    nx = strlen(x);
    ny = strlen(y);
    return nx && ny && (nx >= ny ? ends_with(x, y) : ends_with(y, x));
}

/* The previous report if it is usable for rule; else not assessable. */
static int prev_usable(gik_report *rep, const gik_report *prev, const char *rule,
                       int exact_year)
{
    if (!prev || !prev->is_report || !prev->format || !rep->year || !prev->year
        || (exact_year ? prev->year != rep->year - 1 : prev->year >= rep->year)
        || !same_body(rep->organization, prev->organization)) {
        gik_rule_not_assessable(rep, rule);
        return 0;
    }
    return 1;
}

GIK_RULE_FN(gik_rule_prev_year)
{
    const gik_table *t = &rep->tables[GIK_TABLE_B];
    int c;
    if (!prev_usable(rep, prev, "PREV-YEAR", 1)) {
        return;
    }
    if (!t->tmpl || !t->present || !prev->tables[GIK_TABLE_B].present) {
        gik_rule_not_assessable(rep, "PREV-YEAR");
        return;
    }
    /* B's columns are the same in both formats, so a 2020 report can feed a
     * 2021 one. */
    for (c = 0; c < t->tmpl->ncols; c++) {
        const char *col = t->tmpl->cols[c].id, *label = t->tmpl->cols[c].label;
        double now = gik_rule_cell_value(rep, GIK_TABLE_B, "carried_over", col);
        double before = gik_rule_cell_value(prev, GIK_TABLE_B, "carried_forward", col);
        gik_finding *f;
        if (now < 0 || before < 0 || now == before) {
            continue;
        }
        f = gik_finding_add(rep, "PREV-YEAR", gik_rule_severity("PREV-YEAR"));
        f->table = 'B';
        f->row = "carried_over";
        f->column = col;
        f->formula = "carried_over = previous.carried_forward";
        gik_finding_cell(f, rep->pool, 'B', "carried_over", col);
        f->has_values = 1;
        f->expected = before;
        f->actual = now;
        f->message = apr_psprintf(rep->pool, "表三 %s 列：二、上年结转 为 %s，但 %d 年度报告的 "
                                  "四、结转下年度继续办理 为 %s", label,
                                  gik_rule_num(rep->pool, now), prev->year,
                                  gik_rule_num(rep->pool, before));
        f->message_en = apr_psprintf(rep->pool, "Table B, column %s (%s): 二、上年结转 "
                                     "[carried_over] is %s, but the %d report's "
                                     "四、结转下年度继续办理 [carried_forward] is %s", label, col,
                                     gik_rule_num(rep->pool, now), prev->year,
                                     gik_rule_num(rep->pool, before));
    }
}

static int cmp_u64(const void *a, const void *b)
{
    apr_uint64_t x = *(const apr_uint64_t *)a, y = *(const apr_uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void bigrams_of(const char *s, long *last, apr_array_header_t *keys)
{
    apr_size_t len = strlen(s), at = 0, adv;
    while (at < len) {
        long cp = gik_utf8_decode(s + at, len - at, &adv);
        at += adv;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000) {
            continue;
        }
        if ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19)) {
            cp = '0';
        }
        if (*last >= 0) {
            APR_ARRAY_PUSH(keys, apr_uint64_t) =
                ((apr_uint64_t)(unsigned long)*last << 32) | (unsigned long)cp;
        }
        *last = cp;
    }
}

/* Character bigrams of the whole narrative, digits folded so that years
 * and counts do not hide a copy; sorted and unique, allocated in p (the
 * previous report may live in a longer-lived pool than this check). */
static apr_uint64_t *bigrams(apr_pool_t *p, const gik_report *r, int *n)
{
    apr_array_header_t *keys = apr_array_make(p, 1024, sizeof(apr_uint64_t));
    long last = -1;
    int i, s, o;
    for (i = 0; r->preamble && i < r->preamble->nelts; i++) {
        bigrams_of(APR_ARRAY_IDX(r->preamble, i, const char *), &last, keys);
    }
    for (s = 0; s < GIK_NSECTIONS; s++) {
        const apr_array_header_t *ps = r->sections[s].paragraphs;
        for (i = 0; ps && i < ps->nelts; i++) {
            bigrams_of(APR_ARRAY_IDX(ps, i, const char *), &last, keys);
        }
    }
    qsort(keys->elts, keys->nelts, sizeof(apr_uint64_t), cmp_u64);
    for (i = 0, o = 0; i < keys->nelts; i++) {
        apr_uint64_t k = APR_ARRAY_IDX(keys, i, apr_uint64_t);
        if (o == 0 || APR_ARRAY_IDX(keys, o - 1, apr_uint64_t) != k) {
            APR_ARRAY_IDX(keys, o++, apr_uint64_t) = k;
        }
    }
    *n = o;
    return (apr_uint64_t *)keys->elts;
}

/* Narratives shorter than this many distinct bigrams ("无") say too little
 * to call one a copy of the other. */
#define COPY_MIN_BIGRAMS 50
#define COPY_THRESHOLD   0.9

GIK_RULE_FN(gik_rule_copy_prev_year)
{
    apr_uint64_t *a, *b;
    int na, nb, i = 0, j = 0, common = 0;
    double dice;
    gik_finding *f;
    if (!prev_usable(rep, prev, "COPY-PREV-YEAR", 0)) {
        return;
    }
    a = bigrams(rep->pool, rep, &na);
    b = bigrams(rep->pool, prev, &nb);
    if (na < COPY_MIN_BIGRAMS || nb < COPY_MIN_BIGRAMS) {
        gik_rule_not_assessable(rep, "COPY-PREV-YEAR");
        return;
    }
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        }
        else if (a[i] < b[j]) {
            i++;
        }
        else {
            j++;
        }
    }
    /* Dice over distinct bigrams: 1.0 for a copy with only the numbers
     * changed; two honest reports of one township share much wording
     * (headings, 条例 phrases) but stay well below 0.9. */
    dice = 2.0 * common / (na + nb);
    if (dice < COPY_THRESHOLD) {
        return;
    }
    f = gik_finding_add(rep, "COPY-PREV-YEAR", gik_rule_severity("COPY-PREV-YEAR"));
    f->has_values = 1;
    f->expected = COPY_THRESHOLD;
    f->actual = (double)(long)(dice * 1000 + 0.5) / 1000;
    f->message = apr_psprintf(rep->pool, "正文与 %d 年度报告几乎相同（相似度 %.1f%%，阈值 %.0f%%）",
                              prev->year, dice * 100, COPY_THRESHOLD * 100);
    f->message_en = apr_psprintf(rep->pool, "The narrative is nearly identical to the %d "
                                 "report (similarity %.1f%%, threshold %.0f%%)", prev->year,
                                 dice * 100, COPY_THRESHOLD * 100);
}

/* ------------------------------------------------------------------ */
/* TOWNSHIP-REGULATIONS */

GIK_RULE_FN(gik_rule_township_regulations)
{
    const gik_table *t = &rep->tables[GIK_TABLE_A];
    gik_body_kind kind = gik_body_kind_of(rep, cfg);
    int r, c;
    if (kind == GIK_BODY_AUTO || !t->tmpl || !t->present) {
        gik_rule_not_assessable(rep, "TOWNSHIP-REGULATIONS");
        return;
    }
    /* 立法法: only the State Council's departments and provincial or
     * districted-city governments make 规章. */
    if (kind != GIK_BODY_TOWNSHIP || (r = gik_table_row_index(t, "regulations")) < 0) {
        return;
    }
    for (c = 0; c < t->tmpl->ncols; c++) {
        const gik_cell *cell = GIK_CELL(t, r, c);
        const char *col = t->tmpl->cols[c].id, *label = t->tmpl->cols[c].label;
        gik_finding *f;
        if (!(t->tmpl->rows[r].colmask & (1u << c)) || !gik_rule_cell_ok(cell)
            || cell->value <= 0) {
            continue;
        }
        f = gik_finding_add(rep, "TOWNSHIP-REGULATIONS",
                            gik_rule_severity("TOWNSHIP-REGULATIONS"));
        f->table = 'A';
        f->row = "regulations";
        f->column = col;
        gik_finding_cell(f, rep->pool, 'A', "regulations", col);
        f->has_values = 1;
        f->expected = 0;
        f->actual = cell->value;
        f->message = apr_psprintf(rep->pool, "乡镇、街道无权制定规章，但表二 规章 行 %s 为 %s",
                                  label, gik_rule_num(rep->pool, cell->value));
        f->message_en = apr_psprintf(rep->pool, "A township or street office cannot make "
                                     "规章 (regulations), but Table A row 规章 [regulations], "
                                     "column %s [%s] is %s", label, col,
                                     gik_rule_num(rep->pool, cell->value));
    }
}

/* ------------------------------------------------------------------ */
/* Structure */

static const char *section_ptr(apr_pool_t *p, int i)
{
    return apr_psprintf(p, "/sections/%d", i);
}

GIK_RULE_FN(gik_rule_section_missing)
{
    int i;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        gik_finding *f;
        if (rep->sections[i].present) {
            continue;
        }
        f = gik_finding_add(rep, "SECTION-MISSING", gik_rule_severity("SECTION-MISSING"));
        APR_ARRAY_PUSH(f->cells, const char *) = section_ptr(rep->pool, i);
        f->message = apr_psprintf(rep->pool, "缺少第%s部分“%s、%s”",
                                  gik_section_numerals[i], gik_section_numerals[i],
                                  gik_section_titles[i]);
        f->message_en = apr_psprintf(rep->pool, "Section %s (%d) “%s” is missing",
                                     gik_section_numerals[i], i + 1, gik_section_titles[i]);
    }
}

GIK_RULE_FN(gik_rule_section_order)
{
    int i, j;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const gik_section *si = &rep->sections[i];
        if (!si->present) {
            continue;
        }
        /* One finding per section printed before a section it should follow. */
        for (j = 0; j < i; j++) {
            const gik_section *sj = &rep->sections[j];
            gik_finding *f;
            if (!sj->present || sj->order < si->order) {
                continue;
            }
            f = gik_finding_add(rep, "SECTION-ORDER", gik_rule_severity("SECTION-ORDER"));
            APR_ARRAY_PUSH(f->cells, const char *) = section_ptr(rep->pool, i);
            APR_ARRAY_PUSH(f->cells, const char *) = section_ptr(rep->pool, j);
            f->message = apr_psprintf(rep->pool, "第%s部分“%s”出现在第%s部分“%s”之前",
                                      gik_section_numerals[i], gik_section_titles[i],
                                      gik_section_numerals[j], gik_section_titles[j]);
            f->message_en = apr_psprintf(rep->pool,
                                         "Section %s (%d) “%s” comes before section %s (%d) “%s”",
                                         gik_section_numerals[i], i + 1, gik_section_titles[i],
                                         gik_section_numerals[j], j + 1, gik_section_titles[j]);
            break;
        }
    }
}

static gik_rx heading_rx[] = {
    /* 1: the numeral as printed, 2: what follows it; "（四）" has none */
    { "^[\\s\\x{3000}]*[（(]?([一二三四五六]|[0-9０-９]+)(?:[）)]|[\\s\\x{3000}]*(、|[.．]|))",
      NULL },
    /* the standard title, spaces removed: <org><Y>年(度)政府信息公开工作年度报告 */
    { "^.*?[0-9０-９〇零一二三四五六七八九]{4}年度?政府信息公开工作年度报告$", NULL }
};
static const char *const heading_users[] = { "HEADING-STYLE", NULL };

/* The patterns of this file: not assessable the rules whose table fails. */
int gik_rules_cross_init(void)
{
    return gik_rx_compile(year_rx, YR_COUNT, year_users)
         + gik_rx_compile(heading_rx, 2, heading_users);
}

static char *strip_spaces(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            continue;
        }
        if (strncmp(s, "\xe3\x80\x80", 3) == 0) {        /* U+3000 ideographic space */
            s += 2;
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static apr_size_t char_start(const char *s, apr_size_t at)
{
    while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80) {
        at--;
    }
    return at;
}

/* What a misprinted title has instead of the format's: the part between
 * their common beginning and common end ("多出“法”"). */
static void misprint_words(apr_pool_t *p, const char *printed, const char *want,
                           const char **zh, const char **en)
{
    apr_size_t lp = strlen(printed), lw = strlen(want), pre = 0, suf = 0;
    const char *got, *exp;
    while (pre < lp && pre < lw && printed[pre] == want[pre]) {
        pre++;
    }
    pre = char_start(printed, pre);
    while (suf < lp - pre && suf < lw - pre && printed[lp - 1 - suf] == want[lw - 1 - suf]) {
        suf++;
    }
    while (suf > 0 && ((unsigned char)printed[lp - suf] & 0xc0) == 0x80) {
        suf--;          /* the common end starts on a character */
    }
    got = apr_pstrmemdup(p, printed + pre, lp - pre - suf);
    exp = apr_pstrmemdup(p, want + pre, lw - pre - suf);
    if (!*exp) {
        *zh = apr_psprintf(p, "多出“%s”", got);
        *en = apr_psprintf(p, "“%s” added", got);
    }
    else if (!*got) {
        *zh = apr_psprintf(p, "缺少“%s”", exp);
        *en = apr_psprintf(p, "“%s” left out", exp);
    }
    else {
        *zh = apr_psprintf(p, "“%s”应为“%s”", got, exp);
        *en = apr_psprintf(p, "“%s” for “%s”", got, exp);
    }
}

/* A section found under a misprinted title: named, with the misprint. */
static void heading_misprint(gik_report *rep, int i, apr_size_t title_at)
{
    const gik_section *s = &rep->sections[i];
    const char *zh, *en;
    gik_finding *f = gik_finding_add(rep, "HEADING-STYLE", gik_rule_severity("HEADING-STYLE"));
    misprint_words(rep->pool, strip_spaces(rep->pool, s->printed + title_at),
                   gik_section_titles[i], &zh, &en);
    APR_ARRAY_PUSH(f->cells, const char *) = section_ptr(rep->pool, i);
    f->excerpt = s->printed;
    f->message = apr_psprintf(rep->pool, "第%s部分标题“%s”与格式不符（%s），按第%s部分“%s、%s”"
                              "读取", gik_section_numerals[i], s->printed, zh,
                              gik_section_numerals[i], gik_section_numerals[i],
                              gik_section_titles[i]);
    f->message_en = apr_psprintf(rep->pool, "Section %d heading “%s” is misprinted (%s); read "
                                 "as section “%s、%s”", i + 1, s->printed, en,
                                 gik_section_numerals[i], gik_section_titles[i]);
}

/* A heading that wrapped: a layout text (pdftotext -layout) or a narrow
 * column prints "四、政府信息公开行政复议、行政" and "诉讼情况" on two lines,
 * and the second comes first under the heading.  The heading is whole on
 * the page; the line break is no misprint. */
static int heading_wrapped(const gik_report *rep, const gik_section *s, int i,
                           apr_size_t title_at)
{
    const char *printed = strip_spaces(rep->pool, s->printed + title_at);
    const char *want = gik_section_titles[i], *next;
    apr_size_t n = strlen(printed);
    if (!s->paragraphs || s->paragraphs->nelts < 1 || !*printed
        || strncmp(want, printed, n) != 0 || !want[n]) {
        return 0;
    }
    next = strip_spaces(rep->pool, APR_ARRAY_IDX(s->paragraphs, 0, const char *));
    return strncmp(next, want + n, strlen(want + n)) == 0;
}

GIK_RULE_FN(gik_rule_heading_style)
{
    gik_severity sev = gik_rule_severity("HEADING-STYLE");
    apr_size_t ov[6];
    int i;
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const gik_section *s = &rep->sections[i];
        const char *num, *sep;
        gik_finding *f;
        int numbered;
        if (!s->present || !s->printed) {
            continue;
        }
        numbered = gik_rx_find(heading_rx[0].code, s->printed, 0, ov, 3);
        if (s->misprinted && !heading_wrapped(rep, s, i, numbered ? ov[1] : 0)) {
            heading_misprint(rep, i, numbered ? ov[1] : 0);
        }
        if (numbered) {
            num = apr_pstrmemdup(rep->pool, s->printed + ov[2], ov[3] - ov[2]);
            sep = ov[4] == (apr_size_t)-1 ? ""     /* "（四）" */
                  : apr_pstrmemdup(rep->pool, s->printed + ov[4], ov[5] - ov[4]);
            if (strcmp(num, gik_section_numerals[i]) == 0 && strcmp(sep, "、") == 0) {
                continue;
            }
        }
        f = gik_finding_add(rep, "HEADING-STYLE", sev);
        APR_ARRAY_PUSH(f->cells, const char *) = section_ptr(rep->pool, i);
        f->excerpt = s->printed;
        f->message = apr_psprintf(rep->pool, "第%s部分标题“%s”不合格式，应为“%s、%s”",
                                  gik_section_numerals[i], s->printed,
                                  gik_section_numerals[i], gik_section_titles[i]);
        f->message_en = apr_psprintf(rep->pool, "Section %d heading “%s” is numbered off the "
                                     "format; expected “%s、%s”", i + 1, s->printed,
                                     gik_section_numerals[i], gik_section_titles[i]);
    }
    if (rep->title
        && !gik_rx_find(heading_rx[1].code, strip_spaces(rep->pool, rep->title), 0, ov, 1)) {
        gik_finding *f = gik_finding_add(rep, "HEADING-STYLE", sev);
        f->excerpt = rep->title;
        f->message = apr_psprintf(rep->pool, "报告标题“%s”不规范，应为“<机关名称><年份>年"
                                  "政府信息公开工作年度报告”", rep->title);
        f->message_en = apr_psprintf(rep->pool, "Non-standard report title “%s”; expected "
                                     "“<organisation><year>年政府信息公开工作年度报告”",
                                     rep->title);
    }
}

GIK_RULE_FN(gik_rule_format_version)
{
    int want2021;
    gik_finding *f;
    if (rep->year == 0) {
        gik_rule_not_assessable(rep, "FORMAT-VERSION");
        return;
    }
    /* Reports before 2019 followed neither template: nothing to compare. */
    if (rep->year < 2019) {
        return;
    }
    want2021 = rep->year >= 2021;
    if (want2021 == (rep->format == &gik_format_2021)) {
        return;
    }
    f = gik_finding_add(rep, "FORMAT-VERSION", gik_rule_severity("FORMAT-VERSION"));
    f->table = 'A';
    APR_ARRAY_PUSH(f->cells, const char *) = "/tables/A";
    f->has_values = 1;
    f->expected = want2021 ? 2021 : 2019;
    f->actual = want2021 ? 2019 : 2021;
    f->message = apr_psprintf(rep->pool, "%d 年度报告应使用%s格式（%s），但表格为%s格式",
                              rep->year, want2021 ? "2021" : "2019",
                              want2021 ? gik_format_2021.notice : gik_format_2019.notice,
                              rep->format->name);
    f->message_en = apr_psprintf(rep->pool, "A report for %d must use the %s format (%s), "
                                 "but its tables are in the %s layout", rep->year,
                                 want2021 ? "2021" : "2019",
                                 want2021 ? gik_format_2021.notice : gik_format_2019.notice,
                                 rep->format->name);
}
