/*
 * gik_rules_cross.c - rules that look beyond the page's own arithmetic: the
 * kind of body and its deadline (LATE, TOWNSHIP-REGULATIONS), the report
 * year against the years the body speaks of (YEAR-MISMATCH), and the same
 * body's previous report (PREV-YEAR, COPY-PREV-YEAR).
 */
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
    static const char *const government[] = { "人民政府", "政府", NULL };
    static const char *const department[] = {
        "办公室", "办公厅", "委员会", "局", "委", "办", "厅", "中心", "署", "院", "所",
        "站", "处", "会", "队", "部", "馆", "司", "社", NULL
    };
    char buf[512];
    const char *name;
    int i;
    if (!organization || !(name = squeeze(organization, buf, sizeof(buf))) || !*name) {
        return GIK_BODY_AUTO;
    }
    for (i = 0; township[i]; i++) {
        if (ends_with(name, township[i])) {
            return GIK_BODY_TOWNSHIP;
        }
    }
    for (i = 0; government[i]; i++) {
        if (ends_with(name, government[i])) {
            return GIK_BODY_GOVERNMENT;
        }
    }
    for (i = 0; department[i]; i++) {
        if (ends_with(name, department[i])) {
            return GIK_BODY_DEPARTMENT;
        }
    }
    if (strstr(name, "乡人民政府") || strstr(name, "镇人民政府") || strstr(name, "街道")) {
        return GIK_BODY_TOWNSHIP;
    }
    return GIK_BODY_AUTO;
}

gik_body_kind gik_body_kind_of(const gik_report *rep, const gik_rule_config *cfg)
{
    gik_body_kind kind;
    if (cfg && cfg->body_kind != GIK_BODY_AUTO) {
        return cfg->body_kind;
    }
    kind = gik_body_kind_infer(rep->organization);
    if (kind == GIK_BODY_AUTO && !rep->organization && rep->title) {
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
    { "([0-9０-９]{4})\\s*年\\s*(?:0?1|０?１|一)\\s*月\\s*(?:0?1|０?１|一)\\s*日\\s*"
      "(?:至|到|—|-|－|~|～)", NULL },
    /* "2024年，我镇…", "2024 年度，" */
    { "([0-9０-９]{4})\\s*年度?\\s*[，,]", NULL },
    { "([0-9０-９]{4})\\s*年", NULL }
};
static pthread_once_t year_once = PTHREAD_ONCE_INIT;

static void year_init(void)
{
    gik_rx_compile(year_rx, YR_COUNT);
}

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

GIK_RULE_FN(gik_rule_year_mismatch)
{
    /* Sections 五 and 六 talk of next year's plans and last year's
     * problems; only the preamble and section 一 say "this year". */
    apr_array_header_t *head, *body;
    int years[16], counts[16], nyears = 0, reported[8], nreported = 0;
    int i, k, strong_ok = 0, best = -1;
    apr_size_t ov[4], at;
    if (!rep->year) {
        gik_rule_not_assessable(rep, "YEAR-MISMATCH");
        return;
    }
    pthread_once(&year_once, year_init);
    head = gik_rule_narrative(rep, GIK_NARR_PREAMBLE | GIK_NARR_SECTION(1));
    for (i = 0; i < head->nelts; i++) {
        const char *text = APR_ARRAY_IDX(head, i, gik_para).text;
        for (k = YR_PERIOD; k <= YR_OPENING; k++) {
            for (at = 0; gik_rx_find(year_rx[k].code, text, at, ov, 2); at = ov[1]) {
                long y = gik_cn_number(text + ov[2], ov[3] - ov[2]);
                const char *sentence = gik_rule_sentence(rep->pool, text, ov[0], ov[1]);
                int j, seen = 0;
                if (y == rep->year) {
                    strong_ok = 1;
                    continue;
                }
                /* "2025年，我镇将…": a plan, not a contradiction */
                if (y < 1990 || y > 2100 || (y == rep->year + 1 && strstr(sentence, "将"))) {
                    continue;
                }
                for (j = 0; j < nreported; j++) {
                    seen |= reported[j] == (int)y;
                }
                if (seen || nreported == 8) {
                    continue;
                }
                reported[nreported++] = (int)y;
                year_finding(rep, (int)y, sentence,
                             k == YR_PERIOD ? "正文统计期限" : "正文所述年度",
                             k == YR_PERIOD ? "the statistics period in the body"
                                            : "the year the narrative speaks of");
            }
        }
    }
    if (nreported || strong_ok) {
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

/* Character bigrams of the whole narrative, digits folded so that years
 * and counts do not hide a copy; sorted and unique. */
static apr_uint64_t *bigrams(const gik_report *rep, int *n)
{
    apr_array_header_t *narr = gik_rule_narrative(rep, GIK_NARR_ALL);
    apr_array_header_t *keys = apr_array_make(rep->pool, 1024, sizeof(apr_uint64_t));
    long last = -1;
    int i, o;
    for (i = 0; i < narr->nelts; i++) {
        const char *s = APR_ARRAY_IDX(narr, i, gik_para).text;
        apr_size_t len = strlen(s), at = 0, adv;
        while (at < len) {
            long cp = gik_rule_utf8(s + at, len - at, &adv);
            at += adv;
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000) {
                continue;
            }
            if ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19)) {
                cp = '0';
            }
            if (last >= 0) {
                APR_ARRAY_PUSH(keys, apr_uint64_t) =
                    ((apr_uint64_t)(unsigned long)last << 32) | (unsigned long)cp;
            }
            last = cp;
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
