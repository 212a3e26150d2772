/*
 * gik_rules_text.c - the narrative rules: what the text says against what
 * the tables count (TEXT-TABLE, REVIEW-TEXT, BOILERPLATE; the numbers the
 * text states are read in gik_rules_stated.c), what the format
 * asks the text to say (ACCOUNTABILITY, RECTIFICATION, FEE-STATEMENT), and
 * conversion debris (ARTIFACT).
 *
 * The narrative is matched with PCRE2 patterns compiled once per process.
 * They are deliberately narrow: a text rule that fires on a sentence it
 * misread costs the publisher more than one that stays silent, so every
 * window between a keyword and its number stops at punctuation and at
 * words that move the sentence to another subject (复议, 诉讼, 信访).
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"

/* What may sit between a keyword and the words it needs: no sentence
 * break, no change of subject to review, litigation or petitions. */
#define WT "[^。；;，,！？!?\\n复诉访]"

enum {
    RX_NOAPP, RX_REVIEW_NONE,
    RX_HANDLING, RX_ACCOUNTABILITY, RX_RECTIFY, RX_RECTIFY_YEAR,
    RX_BOOKMARK, RX_FIELD_CODE, RX_LATIN,
    RX_COUNT
};

static gik_rx rx[RX_COUNT] = {
    /* RX_NOAPP: "no applications" in any of the usual wordings; a 0 that
     * ends a number ("依申请公开20件") is no zero.  Every wording has 申请
     * in it (gik_rule_text_table looks for that first). */
    [RX_NOAPP] = { "(?:未|没有)(?:收到|受理|接到)" WT "{0,16}?(?:申请|依申请公开)|无依申请公开"
      "|依申请公开[^。；;，,]{0,8}?(?<![0-9０-９零〇一二两三四五六七八九十百千万])(?:0|０|零)\\s*(?:条|件)"
      "|未发生依申请公开", NULL },
    /* RX_REVIEW_NONE: every wording ends in 复议 or 诉讼 (gik_rule_review_text
     * looks for those first) */
    [RX_REVIEW_NONE] = { "(?:未发生|没有发生|未收到|没有收到|未出现|未有|不存在|未被)[^。；;，,]{0,20}?(?:复议|诉讼)"
      "|无(?:被申请|被提起)?(?:行政)?(?:复议|诉讼)", NULL },
    /* RX_HANDLING: boilerplate that describes applications being handled */
    [RX_HANDLING] = { "严格按照法定程序和期限|不予公开的信息[^。；]{0,12}?说明理由|专人限时?回复|限时回复"
      "|依法依规[^。；，,]{0,4}?答复|及时(?:予以)?答复|依申请公开答复"
      "|有效处理[^。；，,]{0,4}?(?:政务|申请|依申请)", NULL },
    /* RX_ACCOUNTABILITY: 责任追究 with a result, not just a mechanism */
    [RX_ACCOUNTABILITY] = { "(?:未发生|没有发生|未出现|没有出现|未有|不存在|无)[^。；;，,]{0,12}?责任追究"
      "|责任追究[^。；;，,]{0,10}?(?:未发生|没有|为零|为\\s*[0０]|无"
      "|[0-9０-９一二三四五六七八九十两]+\\s*(?:起|人次|人|例))", NULL },
    /* RX_RECTIFY: last year's problems and their rectification */
    [RX_RECTIFY] = { "(?:上一?年度?|去年|前一年)[^。；;]{0,40}?(?:整改|问题)"
      "|(?:整改|问题)[^。；;]{0,40}?(?:上一?年度?|去年)", NULL },
    [RX_RECTIFY_YEAR] = { "([0-9０-９]{4})\\s*年度?[^。；;]{0,40}?(?:整改|问题)", NULL },
    /* RX_BOOKMARK and Word field codes leaked by docx-to-text tools */
    [RX_BOOKMARK] = { "\\[bookmark:[^\\]]{0,80}\\]", NULL },
    [RX_FIELD_CODE] = { "_GoBack|_Toc[0-9]+|HYPERLINK|MERGEFORMAT|PAGEREF", NULL },
    /* RX_LATIN: a Latin word with Chinese on both sides */
    [RX_LATIN] = { "\\p{Han}[ \\t\\x{3000}]{0,2}([A-Za-z][A-Za-z'\\-]*[A-Za-z])[ \\t\\x{3000}]{0,2}"
      "(?=\\p{Han})", NULL }
};
/* The rules that read these patterns: not assessable if one fails. */
static const char *const rx_users[] = {
    "TEXT-TABLE", "REVIEW-TEXT", "BOILERPLATE", "ACCOUNTABILITY", "RECTIFICATION", "ARTIFACT",
    NULL
};

int gik_rules_text_init(void)
{
    return gik_rx_compile(rx, RX_COUNT, rx_users);
}

/* ------------------------------------------------------------------ */
/* Shared shapes */

typedef struct span {
    apr_size_t b, e;
    const char *text;
} span;

/* Matches already reported, so that a shorter pattern does not report the
 * same words again (予以公开 inside 予以公开及部分公开). */
static int span_taken(const apr_array_header_t *spans, const char *text, apr_size_t at)
{
    int i;
    for (i = 0; i < spans->nelts; i++) {
        const span *sp = &APR_ARRAY_IDX(spans, i, span);
        if (sp->text == text && at >= sp->b && at < sp->e) {
            return 1;
        }
    }
    return 0;
}

static void span_take(apr_array_header_t *spans, const char *text, apr_size_t b, apr_size_t e)
{
    span *sp = apr_array_push(spans);
    sp->text = text;
    sp->b = b;
    sp->e = e;
}

/* "一、本年新收" or "（一）予以公开 + （二）部分公开" and their ids. */
static void rows_named(gik_report *rep, gik_table_id t, const char *const *rows,
                       const char **zh, const char **en)
{
    const gik_table *tab = &rep->tables[t];
    const char *z = "", *e = "";
    int n = 0;
    for (; *rows; rows++, n++) {
        int r = gik_table_row_index(tab, *rows);
        const char *label = r >= 0 ? gik_rule_row_label(rep->pool, tab->tmpl, r) : *rows;
        z = apr_pstrcat(rep->pool, z, n ? " + " : "", label, NULL);
        e = apr_pstrcat(rep->pool, e, n ? " + " : "", label, " [", *rows, "]", NULL);
    }
    *zh = z;
    *en = e;
}

/* A finding on the total column of rows: the table says expected, the
 * narrative actual. */
static gik_finding *text_finding(gik_report *rep, const char *rule, gik_table_id t,
                                 const char *const *rows, double expected, double actual,
                                 const char *excerpt)
{
    gik_finding *f = gik_finding_add(rep, rule, gik_rule_severity(rule));
    f->table = "ABC"[t];
    f->row = rows[0];
    f->column = "total";
    for (; *rows; rows++) {
        gik_finding_cell(f, rep->pool, f->table, *rows, "total");
    }
    f->has_values = 1;
    f->expected = expected;
    f->actual = actual;
    f->excerpt = excerpt;
    return f;
}

static int table_readable(gik_report *rep, gik_table_id t)
{
    return rep->tables[t].tmpl && rep->tables[t].present && rep->tables[t].cells;
}

/* ------------------------------------------------------------------ */
/* The narrative as sentences, for TEXT-TABLE and REVIEW-TEXT */

/* Longest run-on paragraph: a page's narrative without a full stop must not
 * become one paragraph that every pattern scans from its start. */
#define RUN_ON_MAX 4096

static int ends_sentence(const char *s)
{
    static const char *const ends[] = { "。", "！", "？", "；", "：", "!", "?", ";", ":" };
    apr_size_t n = strlen(s);
    unsigned k;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'
                     || s[n - 1] == '\n')) {
        n--;
    }
    for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
        apr_size_t e = strlen(ends[k]);
        if (n >= e && strncmp(s + n - e, ends[k], e) == 0) {
            return 1;
        }
    }
    return n == 0;
}

static const char *skip_blanks(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
        }
        else if (strncmp(s, "\xe3\x80\x80", 3) == 0) {     /* U+3000 */
            s += 3;
        }
        else {
            return s;
        }
    }
}

/* The narrative with a paragraph that ends without a sentence end run on
 * into the next of its part: a PDF's layout text breaks paragraphs into
 * lines ("…区政府受理政府" / "信息公开申请 17 件，…"), and the numbers the
 * text states are read in sentences. */
static apr_array_header_t *sentences_of(const gik_report *rep)
{
    apr_array_header_t *narr = gik_rule_narrative(rep, GIK_NARR_ALL);
    apr_array_header_t *out = apr_array_make(rep->pool, narr->nelts + 1, sizeof(gik_para));
    gik_para *last = NULL;
    int i;
    for (i = 0; i < narr->nelts; i++) {
        const gik_para *pa = &APR_ARRAY_IDX(narr, i, gik_para);
        const char *text = skip_blanks(pa->text);
        if (last && last->section == pa->section && !ends_sentence(last->text)
            && strlen(last->text) + strlen(text) <= RUN_ON_MAX) {
            last->text = apr_pstrcat(rep->pool, last->text, text, NULL);
            continue;
        }
        last = apr_array_push(out);
        last->text = text;
        last->section = pa->section;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* TEXT-TABLE */

static const char *const rows_new[] = { "new", NULL };
static const char *const rows_carried_over[] = { "carried_over", NULL };

GIK_RULE_FN(gik_rule_text_table)
{
    apr_array_header_t *narr;
    apr_size_t ov[2];
    int i;
    double received;
    if (!table_readable(rep, GIK_TABLE_B)) {
        gik_rule_not_assessable(rep, "TEXT-TABLE");
        return;
    }
    narr = sentences_of(rep);
    received = gik_stated_total(rep, GIK_TABLE_B, rows_new);
    for (i = 0; i < narr->nelts; i++) {
        const char *text = APR_ARRAY_IDX(narr, i, gik_para).text;
        /* every wording of RX_NOAPP has 申请 in it */
        if (received > 0 && strstr(text, "申请")
            && gik_rx_find(rx[RX_NOAPP].code, text, 0, ov, 1)) {
            gik_finding *f = text_finding(rep, "TEXT-TABLE", GIK_TABLE_B, rows_new, received,
                                          0, gik_rule_sentence(rep->pool, text, ov[0], ov[1]));
            f->message = apr_psprintf(rep->pool, "正文称未收到政府信息公开申请（“%s”），"
                                      "但表三 一、本年新收 总计 为 %s", f->excerpt,
                                      gik_rule_num(rep->pool, received));
            f->message_en = apr_psprintf(rep->pool, "The narrative says no applications were "
                                         "received (“%s”), but Table B 一、本年新收 [new], "
                                         "column 总计 [total] is %s", f->excerpt,
                                         gik_rule_num(rep->pool, received));
        }
        gik_stated_check(rep, GIK_TABLE_B, text);
    }
}

/* ------------------------------------------------------------------ */
/* REVIEW-TEXT */

static void cut_at(char *s, const char *mark)
{
    char *at = strstr(s, mark);
    if (at) {
        *at = '\0';
    }
}

static const char *const rows_review[] = { "review", NULL };
static const char *const rows_litigation[] = { "litigation_direct", "litigation_after_review",
                                               NULL };
static const char *const rows_all_c[] = { "review", "litigation_direct",
                                          "litigation_after_review", NULL };

/* The text denies corrections ("未发生…被纠错的情况") that table C's 结果纠正
 * cells count. */
static void correction_denial_finding(gik_report *rep, const char *const *rows, double table,
                                      const char *excerpt)
{
    const char *zh, *en;
    gik_finding *f = text_finding(rep, "REVIEW-TEXT", GIK_TABLE_C, rows, table, 0, excerpt);
    int i;
    f->column = "corrected";
    for (i = 0; i < f->cells->nelts; i++) {
        const char *c = APR_ARRAY_IDX(f->cells, i, const char *);
        APR_ARRAY_IDX(f->cells, i, const char *) =
            apr_pstrcat(rep->pool, apr_pstrndup(rep->pool, c, strlen(c) - strlen("total")),
                        "corrected", NULL);
    }
    rows_named(rep, GIK_TABLE_C, rows, &zh, &en);
    f->message = apr_psprintf(rep->pool, "正文称未发生被纠错的行政复议、行政诉讼（“%s”），"
                              "但表四 %s 结果纠正 为 %s", excerpt, zh,
                              gik_rule_num(rep->pool, table));
    f->message_en = apr_psprintf(rep->pool, "The narrative says no administrative review or "
                                 "lawsuit ended in a correction (“%s”), but Table C %s, column "
                                 "结果纠正 [corrected] is %s", excerpt, en,
                                 gik_rule_num(rep->pool, table));
}

/* The text denies review or litigation that table C counts. */
static void denial_finding(gik_report *rep, const char *const *rows, double table,
                           const char *excerpt)
{
    const char *zh, *en;
    gik_finding *f = text_finding(rep, "REVIEW-TEXT", GIK_TABLE_C, rows, table, 0, excerpt);
    rows_named(rep, GIK_TABLE_C, rows, &zh, &en);
    f->message = apr_psprintf(rep->pool, "正文称未发生行政复议、行政诉讼（“%s”），"
                              "但表四 %s 总计 为 %s", excerpt, zh,
                              gik_rule_num(rep->pool, table));
    f->message_en = apr_psprintf(rep->pool, "The narrative says there was no "
                                 "administrative review or litigation (“%s”), but Table C "
                                 "%s, column 总计 [total] is %s", excerpt, en,
                                 gik_rule_num(rep->pool, table));
}

GIK_RULE_FN(gik_rule_review_text)
{
    apr_array_header_t *narr;
    apr_size_t ov[4], at;
    int i;
    if (!table_readable(rep, GIK_TABLE_C)) {
        gik_rule_not_assessable(rep, "REVIEW-TEXT");
        return;
    }
    narr = sentences_of(rep);
    for (i = 0; i < narr->nelts; i++) {
        const char *text = APR_ARRAY_IDX(narr, i, gik_para).text;
        /* every wording of RX_REVIEW_NONE ends in 复议 or 诉讼: a text
         * with neither is not scanned (its many first words defeat
         * PCRE2's own first-character search) */
        int may_deny = strstr(text, "复议") || strstr(text, "诉讼");
        for (at = 0; may_deny && gik_rx_find(rx[RX_REVIEW_NONE].code, text, at, ov, 1);
             at = ov[1]) {
            /* The denial reaches to the end of its clause and says there
             * which of the two it denies: "未发生…行政复议、行政诉讼". */
            const char *const *rows;
            char *clause = apr_pstrdup(rep->pool, text + ov[0]);
            double table;
            int rev, lit;
            clause[strcspn(clause, "\n;,")] = '\0';
            cut_at(clause, "。");
            cut_at(clause, "；");
            cut_at(clause, "，");
            rev = strstr(clause, "复议") != NULL;
            lit = strstr(clause, "诉讼") != NULL;
            rows = rev && lit ? rows_all_c : rev ? rows_review : rows_litigation;
            if (strstr(clause, "纠错") || strstr(clause, "纠正") || strstr(clause, "败诉")) {
                /* "未发生…被纠错的情况": no correction, not no case */
                table = gik_stated_sum(rep, GIK_TABLE_C, rows, "corrected");
                if (table > 0) {
                    correction_denial_finding(rep, rows, table,
                                              gik_rule_sentence(rep->pool, text, ov[0], ov[1]));
                }
                continue;
            }
            table = gik_stated_total(rep, GIK_TABLE_C, rows);
            if (table > 0) {
                denial_finding(rep, rows, table,
                               gik_rule_sentence(rep->pool, text, ov[0], ov[1]));
            }
        }
        gik_stated_check(rep, GIK_TABLE_C, text);
    }
}

/* ------------------------------------------------------------------ */
/* BOILERPLATE, ACCOUNTABILITY, RECTIFICATION, FEE-STATEMENT */

/* The first paragraph of parts mask that pattern matches, with its match. */
static const char *first_match(gik_report *rep, unsigned mask, int which, apr_size_t *ov)
{
    apr_array_header_t *narr = gik_rule_narrative(rep, mask);
    int i;
    for (i = 0; i < narr->nelts; i++) {
        const char *text = APR_ARRAY_IDX(narr, i, gik_para).text;
        if (gik_rx_find(rx[which].code, text, 0, ov, 2)) {
            return text;
        }
    }
    return NULL;
}

GIK_RULE_FN(gik_rule_boilerplate)
{
    apr_size_t ov[4];
    const char *text;
    /* a 总计 printed blank does not say the row is 0 */
    double received = gik_stated_total(rep, GIK_TABLE_B, rows_new);
    double carried = gik_stated_total(rep, GIK_TABLE_B, rows_carried_over);
    gik_finding *f;
    if (received < 0 || carried < 0) {
        gik_rule_not_assessable(rep, "BOILERPLATE");
        return;
    }
    /* A text that also says no application came in is describing its
     * procedure, not cases: TEXT-TABLE judges that sentence. */
    if (received + carried > 0 || first_match(rep, GIK_NARR_ALL, RX_NOAPP, ov)) {
        return;
    }
    if (!(text = first_match(rep, GIK_NARR_ALL, RX_HANDLING, ov))) {
        return;
    }
    f = gik_finding_add(rep, "BOILERPLATE", gik_rule_severity("BOILERPLATE"));
    f->table = 'B';
    f->row = "new";
    f->column = "total";
    gik_finding_cell(f, rep->pool, 'B', "new", "total");
    gik_finding_cell(f, rep->pool, 'B', "carried_over", "total");
    f->excerpt = gik_rule_sentence(rep->pool, text, ov[0], ov[1]);
    f->message = apr_psprintf(rep->pool, "正文描述了办理政府信息公开申请的情况（“%s”），但表三 "
                              "一、本年新收 与 二、上年结转 总计 均为 0", f->excerpt);
    f->message_en = apr_psprintf(rep->pool, "The narrative describes handling applications "
                                 "(“%s”), but Table B 一、本年新收 [new] and 二、上年结转 "
                                 "[carried_over], column 总计 [total], are both 0", f->excerpt);
}

GIK_RULE_FN(gik_rule_accountability)
{
    apr_size_t ov[4];
    gik_body_kind kind = gik_body_kind_of(rep, cfg);
    gik_finding *f;
    /* 条例 第五十条 asks it of 各级人民政府, townships included; a
     * department's report need not carry it. */
    if (kind == GIK_BODY_AUTO) {
        gik_rule_not_assessable(rep, "ACCOUNTABILITY");
        return;
    }
    if (kind == GIK_BODY_DEPARTMENT) {
        return;
    }
    if (first_match(rep, GIK_NARR_ALL, RX_ACCOUNTABILITY, ov)) {
        return;
    }
    f = gik_finding_add(rep, "ACCOUNTABILITY", gik_rule_severity("ACCOUNTABILITY"));
    f->message = "报告未说明工作考核、社会评议和责任追究的结果（如“未发生责任追究情况”），"
                 "各级人民政府的年度报告应当载明（条例第五十条）";
    f->message_en = "The report gives no result of work review, public appraisal and "
                    "accountability (工作考核、社会评议和责任追究, e.g. “未发生责任追究情况”), "
                    "which a government's report must state (Regulations art. 50)";
}

GIK_RULE_FN(gik_rule_rectification)
{
    apr_array_header_t *narr;
    apr_size_t ov[4];
    gik_finding *f;
    int i;
    if (!rep->sections[4].present) {
        gik_rule_not_assessable(rep, "RECTIFICATION");
        return;
    }
    if (first_match(rep, GIK_NARR_SECTION(5), RX_RECTIFY, ov)) {
        return;
    }
    /* "2023年度报告指出的问题已整改" names the previous year by number. */
    narr = gik_rule_narrative(rep, GIK_NARR_SECTION(5));
    for (i = 0; rep->year && i < narr->nelts; i++) {
        const char *text = APR_ARRAY_IDX(narr, i, gik_para).text;
        apr_size_t at;
        for (at = 0; gik_rx_find(rx[RX_RECTIFY_YEAR].code, text, at, ov, 2); at = ov[1]) {
            if (gik_cn_number(text + ov[2], ov[3] - ov[2]) == rep->year - 1) {
                return;
            }
        }
    }
    f = gik_finding_add(rep, "RECTIFICATION", gik_rule_severity("RECTIFICATION"));
    APR_ARRAY_PUSH(f->cells, const char *) = "/sections/4";
    f->message = "第五部分未说明上一年度报告所列问题的整改情况";
    f->message_en = "Section 五 says nothing about how the problems of the previous year's "
                    "report were fixed";
}

GIK_RULE_FN(gik_rule_fee_statement)
{
    apr_array_header_t *narr;
    const gik_section *six = &rep->sections[5];
    gik_finding *f;
    int i;
    if (rep->format != &gik_format_2021) {
        return;
    }
    /* Section 六 if printed; else anywhere, since a report that lost the
     * heading may still have said it. */
    narr = gik_rule_narrative(rep, six->present ? GIK_NARR_SECTION(6) : GIK_NARR_ALL);
    for (i = 0; i < narr->nelts; i++) {
        if (strstr(APR_ARRAY_IDX(narr, i, gik_para).text, "处理费")) {
            return;
        }
    }
    f = gik_finding_add(rep, "FEE-STATEMENT", gik_rule_severity("FEE-STATEMENT"));
    APR_ARRAY_PUSH(f->cells, const char *) = "/sections/5";
    if (six->present && six->paragraphs->nelts) {
        f->excerpt = APR_ARRAY_IDX(six->paragraphs, 0, const char *);
    }
    f->message = "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号）";
    f->message_en = "Section 六 says nothing about information processing fees "
                    "(信息处理费, 国办函〔2020〕109号)";
}

/* ------------------------------------------------------------------ */
/* ARTIFACT */

/* Latin words that belong in Chinese government prose: file types, apps,
 * networks.  Upper-case words up to six letters (APP, PDF, QQ, OA, GDP)
 * are acronyms and pass without being listed. */
static const char *const latin_ok[] = {
    "app", "apps", "pdf", "word", "excel", "wps", "ofd", "ppt", "doc", "docx", "xls", "xlsx",
    "wifi", "wi-fi", "email", "e-mail", "ukey", "web", "www", "html", "office", "windows",
    "android", "ios", "iphone", "ipad", "wechat", "weibo", "qq", "pc", "oa", "id", "vs",
    NULL
};

static int latin_allowed(const char *w, apr_size_t n)
{
    int i, upper = 1;
    for (i = 0; latin_ok[i]; i++) {
        if (strlen(latin_ok[i]) == n && strncasecmp(latin_ok[i], w, n) == 0) {
            return 1;
        }
    }
    for (i = 0; i < (int)n; i++) {
        if (w[i] >= 'a' && w[i] <= 'z') {
            upper = 0;
        }
    }
    return upper && n <= 6;
}

static void artifact_add(gik_report *rep, const char *text, apr_size_t b, apr_size_t e,
                         int latin)
{
    gik_finding *f = gik_finding_add(rep, "ARTIFACT", gik_rule_severity("ARTIFACT"));
    const char *what = apr_pstrmemdup(rep->pool, text + b, e - b);
    f->excerpt = gik_rule_context(rep->pool, text, b, e, 12);
    if (latin) {
        f->message = apr_psprintf(rep->pool, "中文句子中夹有英文单词“%s”（“%s”），疑为转换残留",
                                  what, f->excerpt);
        f->message_en = apr_psprintf(rep->pool, "Latin word “%s” inside a Chinese sentence "
                                     "(“%s”): conversion debris", what, f->excerpt);
    }
    else {
        f->message = apr_psprintf(rep->pool, "文本中残留 Word 书签或域代码“%s”（“%s”）",
                                  what, f->excerpt);
        f->message_en = apr_psprintf(rep->pool, "Word bookmark or field code “%s” left in "
                                     "the text (“%s”)", what, f->excerpt);
    }
}

/* Every pattern of artifact_scan needs an ASCII letter ("[bookmark:",
 * "_GoBack" …, a Latin word): most paragraphs of a report have none, and
 * RX_LATIN tries \p{Han} at every character of the ones it runs on. */
static int has_ascii_letter(const char *s)
{
    for (; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
            return 1;
        }
    }
    return 0;
}

static void artifact_scan(gik_report *rep, const char *text)
{
    apr_array_header_t *spans;
    apr_size_t ov[4], at;
    int which;
    if (!has_ascii_letter(text)) {
        return;
    }
    spans = apr_array_make(rep->pool, 2, sizeof(span));
    for (which = RX_BOOKMARK; which <= RX_FIELD_CODE; which++) {
        for (at = 0; gik_rx_find(rx[which].code, text, at, ov, 1); at = ov[1]) {
            if (!span_taken(spans, text, ov[0])) {
                span_take(spans, text, ov[0], ov[1]);
                artifact_add(rep, text, ov[0], ov[1], 0);
            }
        }
    }
    for (at = 0; gik_rx_find(rx[RX_LATIN].code, text, at, ov, 2); ) {
        /* resume at the word's end so that 和 Work 与 and 规范 finds both */
        at = ov[3];
        if (!span_taken(spans, text, ov[2])
            && !latin_allowed(text + ov[2], ov[3] - ov[2])) {
            artifact_add(rep, text, ov[2], ov[3], 1);
        }
    }
}

GIK_RULE_FN(gik_rule_artifact)
{
    apr_array_header_t *narr;
    int i;
    if (rep->title) {
        artifact_scan(rep, rep->title);
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        if (rep->sections[i].printed) {
            artifact_scan(rep, rep->sections[i].printed);
        }
    }
    narr = gik_rule_narrative(rep, GIK_NARR_ALL);
    for (i = 0; i < narr->nelts; i++) {
        artifact_scan(rep, APR_ARRAY_IDX(narr, i, gik_para).text);
    }
}
