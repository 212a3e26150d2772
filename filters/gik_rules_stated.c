/*
 * gik_rules_stated.c - numbers the narrative states, against the tables,
 * under the readings a reviewer knows (TEXT-TABLE for table B, REVIEW-TEXT
 * for table C).
 *
 * Reports count the same thing more than one way.  "收到政府信息公开申请40件"
 * may be 本年新收 or 本年新收 + 上年结转; "一审行政诉讼案件120件，结果纠正5件"
 * may count only the concluded cases (总计 − 尚未审结); "答复3050件" is
 * （七）总计.  So each kind of statement is a row of claims[] below: the
 * words (a PCRE2 pattern, the number in group 1) and the readings of the
 * tables those words may mean, each
 *   strict   - what the words ask for: equal is consistent, no finding;
 *   loose    - what a reviewer accepts but would have the text say: equal
 *              is a warning that names both readings;
 *   results  - strict when the sentence goes on to results (结果, 维持, 审结),
 *              loose otherwise: the count of cases that have one.
 * A number no reading gives is an error; when it happens to equal a single
 * cell of the rows the words name (上海 2019: "予以公开及部分公开258件" is
 * the 自然人 cell), the message says which.
 *
 * A share stated after a count ("予以公开42件，占51.85%") is the count's
 * reading over the claim's base, and a 纠错率 is corrected over concluded
 * cases; both are checked within the rounding of the printed decimals.
 *
 * A 总计 printed blank is no claim: the total is then the sum of its row.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"

/* A count as printed: digits (ASCII or full-width) or Chinese numerals. */
#define NUM "([0-9０-９]+|[零〇一二两三四五六七八九十百千万]+)"
/* A percentage's number: 51.85, ５１．８５ */
#define DEC "([0-9０-９]+(?:[.．][0-9０-９]+)?)\\s*[%％]"
/* What may sit between a keyword and its number: no sentence break, no
 * other number, no change of subject to review, litigation or petitions. */
#define W "[^。；;，,！？!?\\n0-9０-９零〇一二两三四五六七八九十百千万复诉访]"
/* The same for table C's words, where 复议 and 诉讼 are the subject. */
#define WC "[^。；;，,！？!?\\n0-9０-９零〇一二两三四五六七八九十百千万]"
#define CASES "\\s*(?:件|起|宗|次|例)"

enum {
    RX_RECEIVED, RX_NEW, RX_CARRIED_OVER, RX_CARRIED_FORWARD, RX_ANSWERED,
    RX_GRANTED_BOTH, RX_GRANTED, RX_PARTLY, RX_WITHHELD, RX_UNABLE, RX_REJECTED,
    RX_OTHER_HANDLING, RX_DONE, RX_HANDLED, RX_NATURAL, RX_ORGS, RX_COMMERCIAL,
    RX_RESEARCH, RX_WELFARE, RX_LEGAL, RX_DONE_RATE,
    RX_BOTH_N, RX_REVIEW_N, RX_LITIGATION_N, RX_UPHELD, RX_CORRECTED, RX_OTHER_RESULT, RX_PENDING,
    RX_CONCLUDED, RX_CORRECTION_RATE,
    RX_SHARE, RX_RESULT_WORDS, RX_WITH_CARRIED, RX_PART, RX_ABOUT_APPLICATIONS,
    RX_NOT_OTHER_MATTERS, RX_REVIEW_BODY,
    RX_COUNT
};

static gik_rx rx[RX_COUNT] = {
    /* RX_RECEIVED: "收到…公开申请40件", "接收…公开申请共计81件", "收到申请40件",
     * "收到70件申请"; not "受理行政许可申请1200件" */
    { "(?|(?:收到|受理|接收|接到)" W "{0,24}?(?:公开申请|依申请公开|申请公开)" W "{0,8}?" NUM
      "\\s*件|(?:收到|受理|接收|接到)" W "{0,2}?申请" W "{0,6}?" NUM "\\s*件"
      "|(?:收到|受理|接收|接到)" W "{0,4}?" NUM "\\s*件(?:" W "{0,2}?|" W "{0,8}?公开)申请)", NULL },
    /* "新收…7件", "新增政府信息公开申请7件" (not 新增行政许可申请) */
    { "(?|新收" W "{0,16}?" NUM "\\s*件|新增(?:(?!许可|审批)" W "){0,12}?(?:公开申请|依申请公开|申请)"
      W "{0,6}?" NUM "\\s*件)", NULL },
    { "(?:上一?年度?结转|结转上一?年度?)" W "{0,16}?" NUM "\\s*件", NULL },
    /* "结转下年度1件", "结转至2026年6件", "1件结转下年度", "103件顺延到下年度",
     * "3件申请结转至2025年" */
    { "(?|(?:结转|顺延)(?:至|到)?(?:下一?年度?|[0-9０-９]{4}\\s*年度?)" W "{0,16}?" NUM "\\s*件"
      "|" NUM "\\s*件" W "{0,2}?(?:结转|顺延)(?:至|到)?(?:下一?年度?|[0-9０-９]{4}\\s*年)"
      "|(?:正在办理|尚未办结)" W "{0,6}?" NUM "\\s*件)", NULL },
    { "答复" W "{0,4}?" NUM "\\s*件", NULL },
    { "(?:予以公开|同意公开)(?:和|及|与|、|或)部分公开" W "{0,8}?" NUM "\\s*件", NULL },
    { "予以公开" W "{0,8}?" NUM "\\s*件", NULL },
    { "部分公开" W "{0,8}?" NUM "\\s*件", NULL },
    { "不予公开" W "{0,8}?" NUM "\\s*件", NULL },
    { "无法提供" W "{0,8}?" NUM "\\s*件", NULL },
    { "不予处理" W "{0,8}?" NUM "\\s*件", NULL },
    { "其他处理" W "{0,8}?" NUM "\\s*件", NULL },
    /* 办结 is also said of licences and services: only next to its number
     * or with 申请 in between */
    { "办结(?:" W "{0,3}?|" W "{0,12}?申请" W "{0,6}?)" NUM "\\s*件", NULL },
    { "办理" W "{0,12}?(?:公开申请|依申请)" W "{0,6}?" NUM "\\s*件", NULL },
    /* applicants, in a sentence about applications (claims[].need) */
    { "自然人" W "{0,6}?" NUM "\\s*件", NULL },
    { "法人或其他组织" W "{0,6}?" NUM "\\s*件", NULL },
    { "商业企业" W "{0,6}?" NUM "\\s*件", NULL },
    { "科研机构" W "{0,6}?" NUM "\\s*件", NULL },
    { "社会公益组织" W "{0,6}?" NUM "\\s*件", NULL },
    { "法律服务机构" W "{0,6}?" NUM "\\s*件", NULL },
    /* 办结率: concluded over the applications of the year; not 按时办结率,
     * which no table counts */
    { "(?<!按时|及时|按期|限时)办结率" W "{0,6}?" DEC, NULL },
    /* table C: "行政复议和行政诉讼共9件" counts both */
    { "复议(?:和|及|与|、|或)(?:被?提起)?(?:行政)?诉讼" WC "{0,8}?" NUM CASES, NULL },
    { "行政复议[^。；;，,！？!?\\n0-9０-９零〇一二两三四五六七八九十百千万诉]{0,8}?" NUM CASES,
      NULL },
    { "行政诉讼[^。；;，,！？!?\\n0-9０-９零〇一二两三四五六七八九十百千万复]{0,8}?" NUM CASES,
      NULL },
    { "维持" WC "{0,6}?" NUM CASES, NULL },
    { "(?:纠正|纠错)" WC "{0,6}?" NUM CASES, NULL },
    { "其他结果" WC "{0,6}?" NUM CASES, NULL },
    { "(?:尚未审结|未审结|正在审理)" WC "{0,6}?" NUM CASES, NULL },
    { "(?:已审结|审结|已结案|结案)" WC "{0,6}?" NUM CASES, NULL },
    { "(?:纠错率|纠正率)" WC "{0,6}?" DEC, NULL },
    /* RX_SHARE: right after a count, "，占51.85%", "（占比6.17%）" */
    { "\\G[\\s，,（(]{0,3}(?:约|共)?占" WC "{0,8}?" DEC, NULL },
    /* a sentence that goes on to results counts the cases that have one */
    { "结果|维持|纠正|纠错|审结|结案|办结", NULL },
    /* RX_WITH_CARRIED: received, counting the carried-over ones in words */
    { "(?:含|包括|包含)(?:上一?年度?|去年)(?:结转|转结)|(?:含|包括|包含)结转", NULL },
    /* RX_PART: the clause counts for one office of the body ("区政府办代表区
     * 政府受理…17件", 洪泽区 2024), not the body's whole table */
    { "代表|本级", NULL },
    /* RX_ABOUT_APPLICATIONS: a sentence about disclosure applications, where
     * "自然人N件" counts applicants (not licences or petitions) */
    { "公开申请|依申请|申请公开", NULL },
    /* RX_NOT_OTHER_MATTERS: 办结/答复/办结率 are also said of hotline tickets,
     * licences, deputies' proposals, online messages ("12345热线工单办结500件",
     * "答复网民留言200件"): a sentence about disclosure applications, or one
     * that names none of those */
    { "(?s)公开申请|依申请|申请公开|^(?!.*(?:许可|审批|政务服务|服务事项|办事|办件|热线|工单"
      "|诉求|建议|提案|议案|信访|来信|来访|留言|咨询|投诉|举报|事项))", NULL },
    /* RX_REVIEW_BODY: the body decides reviews for others (作为行政复议机关):
     * the cases it decided are not table C's, which counts those against it;
     * "复议机关维持2件" of a review against the body is still read */
    { "作为[^。；;，,]{0,6}?复议机关|复议委员会"
      "|复议机关[^。；;，,维纠]{0,4}?(?:收到|受理|办理|审理|审结|接收|办结)", NULL }
};
/* The rules that read these patterns: not assessable if one fails. */
static const char *const rx_users[] = { "TEXT-TABLE", "REVIEW-TEXT", NULL };

int gik_rules_stated_init(void)
{
    return gik_rx_compile(rx, RX_COUNT, rx_users);
}

/* ------------------------------------------------------------------ */
/* Quantities: sums over rows and columns of one table */

typedef struct col_term {
    const char *col;
    int sign;
} col_term;

typedef struct quantity {
    const char *const *rows;  /* NULL: the rows of the sentence's subject (table C) */
    col_term cols[5];         /* up to the first with col NULL */
} quantity;

static const char *const r_new[] = { "new", NULL };
static const char *const r_received[] = { "new", "carried_over", NULL };
static const char *const r_over[] = { "carried_over", NULL };
static const char *const r_forward[] = { "carried_forward", NULL };
static const char *const r_done[] = { "outcome_total", NULL };
static const char *const r_granted[] = { "granted", NULL };
static const char *const r_partly[] = { "partly_granted", NULL };
static const char *const r_both[] = { "granted", "partly_granted", NULL };
static const char *const r_withheld[] = {
    "withheld_state_secret", "withheld_prohibited", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
    "withheld_enforcement_file", "withheld_query", NULL
};
static const char *const r_unable[] = { "unable_not_held", "unable_needs_creation",
                                        "unable_unclear", NULL };
static const char *const r_rejected[] = {
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
    "rejected_confirmation", NULL
};
/* the 2021 format prints three rows, the 2019 format one (and so do some
 * 2021 reports): whichever the page has is read */
static const char *const r_other[] = { "other_no_correction", "other_fee_unpaid",
                                       "other_other", NULL };
static const char *const r_other_one[] = { "other", NULL };
static const char *const r_review[] = { "review", NULL };
static const char *const r_litigation[] = { "litigation_direct", "litigation_after_review",
                                            NULL };
static const char *const r_all_c[] = { "review", "litigation_direct",
                                       "litigation_after_review", NULL };

#define TOTAL { { "total", 1 } }
static const quantity q_new = { r_new, TOTAL }, q_received = { r_received, TOTAL },
    q_over = { r_over, TOTAL }, q_forward = { r_forward, TOTAL }, q_done = { r_done, TOTAL },
    q_granted = { r_granted, TOTAL }, q_partly = { r_partly, TOTAL },
    q_both = { r_both, TOTAL }, q_withheld = { r_withheld, TOTAL },
    q_unable = { r_unable, TOTAL }, q_rejected = { r_rejected, TOTAL },
    q_other = { r_other, TOTAL }, q_other_one = { r_other_one, TOTAL },
    q_natural = { r_new, { { "natural_person", 1 } } },
    q_natural_all = { r_received, { { "natural_person", 1 } } },
    q_orgs = { r_new, { { "commercial", 1 }, { "research", 1 }, { "social_welfare", 1 },
                        { "legal_service", 1 }, { "other_org", 1 } } },
    q_orgs_all = { r_received, { { "commercial", 1 }, { "research", 1 },
                                 { "social_welfare", 1 }, { "legal_service", 1 },
                                 { "other_org", 1 } } },
    q_commercial = { r_new, { { "commercial", 1 } } },
    q_commercial_all = { r_received, { { "commercial", 1 } } },
    q_research = { r_new, { { "research", 1 } } },
    q_research_all = { r_received, { { "research", 1 } } },
    q_welfare = { r_new, { { "social_welfare", 1 } } },
    q_welfare_all = { r_received, { { "social_welfare", 1 } } },
    q_legal = { r_new, { { "legal_service", 1 } } },
    q_legal_all = { r_received, { { "legal_service", 1 } } },
    /* table C, over the subject's rows */
    q_c_total = { NULL, TOTAL },
    q_c_concluded = { NULL, { { "total", 1 }, { "pending", -1 } } },
    q_c_upheld = { NULL, { { "upheld", 1 } } },
    q_c_corrected = { NULL, { { "corrected", 1 } } },
    q_c_other = { NULL, { { "other", 1 } } },
    q_c_pending = { NULL, { { "pending", 1 } } };

/* One cell; a 总计 printed blank is read as the sum of its row, since a
 * blank is no claim that the row adds up to 0.  -1 when unreadable. */
static double cell_value(const gik_table *tab, int r, int c)
{
    const gik_cell *cell = GIK_CELL(tab, r, c);
    double sum = 0;
    int k;
    if (!gik_rule_cell_ok(cell)) {
        return -1;
    }
    if (cell->state != GIK_CELL_BLANK || strcmp(tab->tmpl->cols[c].id, "total") != 0) {
        return cell->value;
    }
    for (k = 0; k < tab->tmpl->ncols; k++) {
        const gik_cell *part = GIK_CELL(tab, r, k);
        if (k == c || !(tab->tmpl->rows[r].colmask & (1u << k))) {
            continue;
        }
        if (!gik_rule_cell_ok(part)) {
            return -1;
        }
        sum += part->value;
    }
    return sum;
}

/* The quantity's value over rows (its own, or the subject's); -1 when a
 * cell cannot be read or the format has none of the rows. */
static double value_of(const gik_report *rep, gik_table_id t, const quantity *q,
                       const char *const *subject)
{
    const gik_table *tab = &rep->tables[t];
    const char *const *rows = q->rows ? q->rows : subject;
    double sum = 0;
    int found = 0, k;
    for (; rows && *rows; rows++) {
        int r = gik_table_row_index(tab, *rows);
        if (r < 0) {
            continue;         /* a row of the other format */
        }
        found = 1;
        for (k = 0; k < 5 && q->cols[k].col; k++) {
            int c = gik_table_col_index(tab, q->cols[k].col);
            double v = c < 0 ? -1 : cell_value(tab, r, c);
            if (v < 0) {
                return -1;
            }
            sum += q->cols[k].sign * v;
        }
    }
    return found ? sum : -1;
}

double gik_stated_total(const gik_report *rep, gik_table_id t, const char *const *rows)
{
    return gik_stated_sum(rep, t, rows, "total");
}

double gik_stated_sum(const gik_report *rep, gik_table_id t, const char *const *rows,
                      const char *col)
{
    quantity q = { rows, { { col, 1 } } };
    if (!rep->tables[t].tmpl || !rep->tables[t].cells) {
        return -1;
    }
    return value_of(rep, t, &q, NULL);
}

/* "一、本年新收 + 二、上年结转 总计", "行政复议 总计 − 尚未审结" */
static const char *name_of(apr_pool_t *p, const gik_report *rep, gik_table_id t,
                           const quantity *q, const char *const *subject, int en)
{
    const gik_table *tab = &rep->tables[t];
    const char *const *rows = q->rows ? q->rows : subject;
    const char *s = "";
    int n = 0, k;
    for (; rows && *rows; rows++) {
        int r = gik_table_row_index(tab, *rows);
        if (r >= 0) {
            s = apr_pstrcat(p, s, n++ ? " + " : "", gik_rule_row_label(p, tab->tmpl, r),
                            en ? apr_psprintf(p, " [%s]", *rows) : "", NULL);
        }
    }
    for (k = 0; k < 5 && q->cols[k].col; k++) {
        int c = gik_table_col_index(tab, q->cols[k].col);
        s = apr_pstrcat(p, s, k == 0 ? " " : q->cols[k].sign < 0 ? " − " : " + ",
                        c >= 0 ? tab->tmpl->cols[c].label : q->cols[k].col,
                        en ? apr_psprintf(p, " [%s]", q->cols[k].col) : "", NULL);
    }
    return s;
}

static void add_cells(gik_finding *f, const gik_report *rep, gik_table_id t,
                      const quantity *q, const char *const *subject)
{
    const char *const *rows = q->rows ? q->rows : subject;
    int k;
    for (; rows && *rows; rows++) {
        if (gik_table_row_index(&rep->tables[t], *rows) < 0) {
            continue;
        }
        for (k = 0; k < 5 && q->cols[k].col; k++) {
            const char *ptr = apr_psprintf(rep->pool, "/tables/%c/%s/%s", "ABC"[t], *rows,
                                           q->cols[k].col);
            int i, dup = 0;
            for (i = 0; i < f->cells->nelts; i++) {
                dup |= strcmp(APR_ARRAY_IDX(f->cells, i, const char *), ptr) == 0;
            }
            if (!dup) {
                gik_finding_cell(f, rep->pool, "ABC"[t], *rows, q->cols[k].col);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Claims: words and the readings they may mean */

typedef enum { R_STRICT, R_LOOSE } strength;

typedef struct reading {
    const quantity *q;
    strength s;
    int when;                  /* loose, but strict when the sentence matches this
                                  pattern (its words ask for this reading), or 0 */
} reading;

typedef enum { SUBJ_NONE, SUBJ_REVIEW, SUBJ_LITIGATION, SUBJ_BOTH, SUBJ_CONTEXT } subject_kind;

typedef struct claim {
    int rx;
    gik_table_id table;
    subject_kind subject;
    int need;                  /* a pattern the sentence must match, or -1 */
    int percent;               /* the number is a rate, readings[] over base[] */
    const char *what_zh, *what_en;
    reading readings[3];       /* the first is the one the words name */
    reading base[3];           /* a share stated after the count is over these */
} claim;

#define STRICT(q) { &(q), R_STRICT, 0 }
#define LOOSE(q)  { &(q), R_LOOSE, 0 }
/* strict when the sentence goes on to results: it counts the cases that have one */
#define RESULTS(q) { &(q), R_LOOSE, RX_RESULT_WORDS }
#define B_BASE { STRICT(q_done), LOOSE(q_new), LOOSE(q_received) }
#define APPLICANT_BASE { STRICT(q_new), LOOSE(q_received) }
#define C_BASE { STRICT(q_c_total), STRICT(q_c_concluded) }

/* In order: a number is judged by the first claim whose words take it, so
 * longer phrases (予以公开及部分公开) come before their parts, and words that
 * sit right next to their number (予以公开4件) before those that reach over
 * a clause to it (收到…申请…N件). */
static const claim claims[] = {
    { RX_GRANTED_BOTH, GIK_TABLE_B, SUBJ_NONE, -1, 0, "予以公开及部分公开",
      "granted in full or in part", { STRICT(q_both) }, B_BASE },
    { RX_CARRIED_OVER, GIK_TABLE_B, SUBJ_NONE, -1, 0, "上年结转", "carried over",
      { STRICT(q_over) }, { STRICT(q_received) } },
    { RX_CARRIED_FORWARD, GIK_TABLE_B, SUBJ_NONE, -1, 0, "结转下年度",
      "carried forward to next year", { STRICT(q_forward) }, B_BASE },
    { RX_GRANTED, GIK_TABLE_B, SUBJ_NONE, -1, 0, "予以公开", "granted",
      { STRICT(q_granted), LOOSE(q_both) }, B_BASE },
    { RX_PARTLY, GIK_TABLE_B, SUBJ_NONE, -1, 0, "部分公开", "partly granted",
      { STRICT(q_partly) }, B_BASE },
    { RX_WITHHELD, GIK_TABLE_B, SUBJ_NONE, -1, 0, "不予公开", "withheld",
      { STRICT(q_withheld) }, B_BASE },
    { RX_UNABLE, GIK_TABLE_B, SUBJ_NONE, -1, 0, "无法提供", "unable to provide",
      { STRICT(q_unable) }, B_BASE },
    { RX_REJECTED, GIK_TABLE_B, SUBJ_NONE, -1, 0, "不予处理", "not processed",
      { STRICT(q_rejected) }, B_BASE },
    { RX_OTHER_HANDLING, GIK_TABLE_B, SUBJ_NONE, -1, 0, "其他处理", "otherwise handled",
      { STRICT(q_other), STRICT(q_other_one) }, B_BASE },
    { RX_NEW, GIK_TABLE_B, SUBJ_NONE, -1, 0, "新收申请", "new applications",
      { STRICT(q_new) }, { STRICT(q_received) } },
    { RX_DONE, GIK_TABLE_B, SUBJ_NONE, RX_NOT_OTHER_MATTERS, 0, "办结", "concluded",
      { STRICT(q_done) }, { STRICT(q_received), STRICT(q_new) } },
    { RX_ANSWERED, GIK_TABLE_B, SUBJ_NONE, RX_NOT_OTHER_MATTERS, 0, "答复", "answered",
      { STRICT(q_done), LOOSE(q_new) }, { STRICT(q_received) } },
    /* "收到申请40件（含上年结转1件）" says which it counts */
    { RX_RECEIVED, GIK_TABLE_B, SUBJ_NONE, -1, 0, "收到申请", "applications received",
      { STRICT(q_new), { &q_received, R_LOOSE, RX_WITH_CARRIED } } },
    /* 办理: the applications of the year (new + carried over) or those
     * concluded; both are what the word says */
    { RX_HANDLED, GIK_TABLE_B, SUBJ_NONE, -1, 0, "办理申请", "applications handled",
      { STRICT(q_received), STRICT(q_done) } },
    /* "办结率100%" while some go on to next year: all that were due were
     * concluded (（七）总计 ÷ itself), a looser reading */
    { RX_DONE_RATE, GIK_TABLE_B, SUBJ_NONE, RX_NOT_OTHER_MATTERS, 1, "办结率",
      "share concluded",
      { STRICT(q_done) }, { STRICT(q_received), LOOSE(q_new), LOOSE(q_done) } },
    { RX_NATURAL, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "自然人申请", "applications by natural persons",
      { STRICT(q_natural), LOOSE(q_natural_all) }, APPLICANT_BASE },
    { RX_ORGS, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "法人或其他组织申请",
      "applications by legal persons and other organisations",
      { STRICT(q_orgs), LOOSE(q_orgs_all) }, APPLICANT_BASE },
    { RX_COMMERCIAL, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "商业企业申请",
      "applications by businesses", { STRICT(q_commercial), LOOSE(q_commercial_all) },
      APPLICANT_BASE },
    { RX_RESEARCH, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "科研机构申请",
      "applications by research institutions", { STRICT(q_research), LOOSE(q_research_all) },
      APPLICANT_BASE },
    { RX_WELFARE, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "社会公益组织申请",
      "applications by public-interest organisations",
      { STRICT(q_welfare), LOOSE(q_welfare_all) }, APPLICANT_BASE },
    { RX_LEGAL, GIK_TABLE_B, SUBJ_NONE, RX_ABOUT_APPLICATIONS, 0, "法律服务机构申请",
      "applications by legal service providers", { STRICT(q_legal), LOOSE(q_legal_all) },
      APPLICANT_BASE },

    { RX_BOTH_N, GIK_TABLE_C, SUBJ_BOTH, -1, 0, "行政复议和行政诉讼",
      "administrative reviews and lawsuits", { STRICT(q_c_total), RESULTS(q_c_concluded) } },
    { RX_REVIEW_N, GIK_TABLE_C, SUBJ_REVIEW, -1, 0, "行政复议", "administrative reviews",
      { STRICT(q_c_total), RESULTS(q_c_concluded) } },
    { RX_LITIGATION_N, GIK_TABLE_C, SUBJ_LITIGATION, -1, 0, "行政诉讼", "lawsuits",
      { STRICT(q_c_total), RESULTS(q_c_concluded) } },
    /* before 审结, which "尚未审结" contains */
    { RX_PENDING, GIK_TABLE_C, SUBJ_CONTEXT, -1, 0, "尚未审结", "cases pending",
      { STRICT(q_c_pending) }, C_BASE },
    { RX_CONCLUDED, GIK_TABLE_C, SUBJ_CONTEXT, -1, 0, "审结", "concluded cases",
      { STRICT(q_c_concluded) }, C_BASE },
    { RX_UPHELD, GIK_TABLE_C, SUBJ_CONTEXT, -1, 0, "结果维持", "upheld",
      { STRICT(q_c_upheld) }, C_BASE },
    { RX_CORRECTED, GIK_TABLE_C, SUBJ_CONTEXT, -1, 0, "结果纠正", "corrected",
      { STRICT(q_c_corrected) }, C_BASE },
    { RX_OTHER_RESULT, GIK_TABLE_C, SUBJ_CONTEXT, -1, 0, "其他结果", "other results",
      { STRICT(q_c_other) }, C_BASE },
    /* 纠错率: corrected over the concluded cases; over all cases is loose */
    { RX_CORRECTION_RATE, GIK_TABLE_C, SUBJ_CONTEXT, -1, 1, "纠错率", "correction rate",
      { STRICT(q_c_corrected) }, { STRICT(q_c_concluded), LOOSE(q_c_total) } }
};
#define NCLAIMS (sizeof(claims) / sizeof(claims[0]))

/* ------------------------------------------------------------------ */
/* Judging one stated number */

typedef struct candidate {
    const quantity *q, *per;   /* per: the base of a share, else NULL */
    int strict;
    double value;              /* a count, or a share in percent */
} candidate;

typedef struct stated {
    const claim *cl;
    const char *text;
    apr_size_t b, e;           /* the words matched */
    double value;
    int decimals;              /* of a percentage as printed */
    int percent;
    const char *const *subject;
    const char *sentence;      /* around the words matched */
    int part;                  /* the clause counts a part of the body's cases */
} stated;

/* "51.85" or "５１．８５": the value and its decimals; -1 if unreadable. */
static double parse_decimal(const char *s, apr_size_t len, int *decimals)
{
    double v = 0, scale = 1;
    int dot = 0, digits = 0;
    apr_size_t i = 0, adv;
    *decimals = 0;
    while (i < len) {
        long cp = gik_utf8_decode(s + i, len - i, &adv);
        i += adv;
        if (cp >= 0xff10 && cp <= 0xff19) {
            cp -= 0xff10 - '0';
        }
        if (cp == '.' || cp == 0xff0e) {
            if (dot++) {
                return -1;
            }
            continue;
        }
        if (cp < '0' || cp > '9' || ++digits > 12) {
            return -1;
        }
        if (dot) {
            scale /= 10;
            v += (double)(cp - '0') * scale;
            (*decimals)++;
        }
        else {
            v = v * 10 + (double)(cp - '0');
        }
    }
    return digits ? v : -1;
}

/* A share printed with d decimals matches when it is the exact share
 * rounded or cut to d decimals. */
static int same_share(double printed, int d, double exact)
{
    double unit = 1, diff = exact - printed;
    while (d-- > 0) {
        unit /= 10;
    }
    return (diff >= -unit / 2 - 1e-9 && diff <= unit / 2 + 1e-9)
           || (diff >= -1e-9 && diff < unit);
}

static int matches(const stated *st, const candidate *c)
{
    return st->percent ? same_share(st->value, st->decimals, c->value)
                       : c->value == st->value;
}

static int add_candidate(const gik_report *rep, const stated *st, const reading *r,
                         const reading *per, candidate *out)
{
    double v = value_of(rep, st->cl->table, r->q, st->subject), base = 1;
    apr_size_t ov[2];
    if (v < 0) {
        return 0;
    }
    if (per) {
        base = value_of(rep, st->cl->table, per->q, st->subject);
        if (base <= 0) {
            return 0;
        }
    }
    out->q = r->q;
    out->per = per ? per->q : NULL;
    out->strict = (r->s == R_STRICT || (r->when && gik_rx_find(rx[r->when].code, st->sentence,
                                                               0, ov, 1)))
                  && (!per || per->s == R_STRICT);
    out->value = per ? 100 * v / base : v;
    return 1;
}

/* Every reading the claim allows: counts, or shares of its readings over
 * its base when the number is a percentage. */
static int candidates(const gik_report *rep, const stated *st, candidate *out, int max)
{
    const claim *cl = st->cl;
    int n = 0, i, j;
    for (i = 0; i < 3 && cl->readings[i].q && n < max; i++) {
        if (!st->percent) {
            n += add_candidate(rep, st, &cl->readings[i], NULL, &out[n]);
            continue;
        }
        for (j = 0; j < 3 && cl->base[j].q && n < max; j++) {
            n += add_candidate(rep, st, &cl->readings[i], &cl->base[j], &out[n]);
        }
    }
    return n;
}

static const char *reading_name(gik_report *rep, const stated *st, const candidate *c, int en)
{
    gik_table_id t = st->cl->table;
    const char *s = name_of(rep->pool, rep, t, c->q, st->subject, en);
    if (c->per) {
        s = apr_pstrcat(rep->pool, s, " ÷ ", name_of(rep->pool, rep, t, c->per, st->subject,
                                                      en), NULL);
    }
    return s;
}

/* A count as a number; a share with the decimals printed (as_printed) or
 * at least two (a share computed from the table). */
static const char *shown(gik_report *rep, const stated *st, double v, int as_printed)
{
    if (!st->percent) {
        return gik_rule_num(rep->pool, v);
    }
    return apr_psprintf(rep->pool, "%.*f%%", as_printed || st->decimals > 2 ? st->decimals : 2,
                        v);
}

/* The single cell of the named rows that holds the number, if any: what
 * the text may have read instead (上海 2019: the 自然人 cell). */
static const char *coincidence(gik_report *rep, const stated *st, const quantity *q, int en)
{
    const gik_table *tab = &rep->tables[st->cl->table];
    const char *const *rows = q->rows ? q->rows : st->subject;
    int r, c;
    if (st->percent || st->value <= 0) {
        return NULL;
    }
    for (; rows && *rows; rows++) {
        if ((r = gik_table_row_index(tab, *rows)) < 0) {
            continue;
        }
        for (c = 0; c < tab->tmpl->ncols; c++) {
            if ((tab->tmpl->rows[r].colmask & (1u << c))
                && cell_value(tab, r, c) == st->value) {
                const char *label = gik_rule_row_label(rep->pool, tab->tmpl, r);
                return en ? apr_psprintf(rep->pool, "%s [%s], column %s [%s]", label, *rows,
                                         tab->tmpl->cols[c].label, tab->tmpl->cols[c].id)
                          : apr_psprintf(rep->pool, "%s %s", label, tab->tmpl->cols[c].label);
            }
        }
    }
    return NULL;
}

static void report(gik_report *rep, const stated *st, const candidate *want,
                   const candidate *loose, int part)
{
    const char *rule = st->cl->table == GIK_TABLE_B ? "TEXT-TABLE" : "REVIEW-TEXT";
    const char *tzh = gik_table_short_zh(st->cl->table);
    const char *num = shown(rep, st, st->value, 1), *excerpt;
    const char *zh = reading_name(rep, st, want, 0), *en = reading_name(rep, st, want, 1);
    gik_finding *f = gik_finding_add(rep, rule, loose || part ? GIK_SEV_WARNING
                                                              : gik_rule_severity(rule));
    const char *hint;
    excerpt = gik_rule_sentence(rep->pool, st->text, st->b, st->e);
    f->table = "ABC"[st->cl->table];
    f->row = want->q->rows ? want->q->rows[0] : st->subject[0];
    f->column = want->q->cols[0].col;
    add_cells(f, rep, st->cl->table, want->q, st->subject);
    f->has_values = 1;
    f->expected = st->percent ? (double)(long)(want->value * 100 + 0.5) / 100 : want->value;
    f->actual = st->value;
    f->excerpt = excerpt;
    /* "收到申请 40 件", "予以公开占 33.9%", "纠错率为 5%" */
    f->message = apr_psprintf(rep->pool, "正文称%s%s%s%s（“%s”），但%s %s 为 %s", st->cl->what_zh,
                              !st->percent ? " " : st->cl->percent ? "为 " : "占 ", num,
                              st->percent ? "" : " 件", excerpt, tzh, zh,
                              shown(rep, st, want->value, 0));
    f->message_en = apr_psprintf(rep->pool, "The narrative states %s: %s (“%s”), but Table %c "
                                 "%s is %s", st->cl->what_en, num, excerpt, "ABC"[st->cl->table], en,
                                 shown(rep, st, want->value, 0));
    if (part) {
        f->message = apr_psprintf(rep->pool, "%s；正文所计只是其中一部分（由一个机构办理），"
                                  "未给出全表口径的数", f->message);
        f->message_en = apr_psprintf(rep->pool, "%s; the text counts only a part (one office's "
                                     "cases) and gives no figure for the whole table",
                                     f->message_en);
        return;
    }
    if (loose && loose->per == loose->q) {
        /* 办结率100% while some go on to next year */
        f->message = apr_psprintf(rep->pool, "%s；%s 只在较宽的口径（只计当年应办结的申请，"
                                  "不计结转下年度继续办理的）下成立，正文宜写明所计口径",
                                  f->message, num);
        f->message_en = apr_psprintf(rep->pool, "%s; %s holds only under the looser reading "
                                     "(only the applications due this year, not those carried "
                                     "forward), which the text should name", f->message_en, num);
        return;
    }
    if (loose) {
        add_cells(f, rep, st->cl->table, loose->q, st->subject);
        f->message = apr_psprintf(rep->pool, "%s；%s 只在较宽的口径 %s 下成立，正文宜写明所计口径",
                                  f->message, num, reading_name(rep, st, loose, 0));
        f->message_en = apr_psprintf(rep->pool, "%s; %s holds only under the looser reading "
                                     "%s, which the text should name", f->message_en, num,
                                     reading_name(rep, st, loose, 1));
        return;
    }
    if ((hint = coincidence(rep, st, want->q, 0)) != NULL) {
        f->message = apr_psprintf(rep->pool, "%s；%s 恰为 %s 一格的数", f->message, num, hint);
        f->message_en = apr_psprintf(rep->pool, "%s; %s is the cell %s alone", f->message_en,
                                     num, coincidence(rep, st, want->q, 1));
    }
}

static void judge(gik_report *rep, const stated *st)
{
    candidate c[9];
    int n = candidates(rep, st, c, 9), i, want = -1, loose = -1;
    for (i = 0; i < n; i++) {
        if (matches(st, &c[i])) {
            if (c[i].strict) {
                return;             /* the reading the words ask for */
            }
            if (loose < 0) {
                loose = i;
            }
        }
        if (want < 0 && c[i].strict) {
            want = i;
        }
    }
    if (want >= 0) {
        /* "区政府办代表区政府受理17件" of 95: a part, not a contradiction */
        report(rep, st, &c[want], loose >= 0 ? &c[loose] : NULL,
               loose < 0 && st->part && !st->percent && st->value < c[want].value);
    }
}

/* ------------------------------------------------------------------ */
/* Reading a paragraph */

/* Start of the clause around at: after the last 。；; before it, looking
 * back no further than a long sentence (a paragraph can be a whole page). */
#define CLAUSE_BACK 300

static apr_size_t clause_start(const char *text, apr_size_t at)
{
    const unsigned char *u = (const unsigned char *)text;
    apr_size_t b = at > CLAUSE_BACK ? at - CLAUSE_BACK : 0, i;
    for (i = at; i > b; i--) {
        /* ends with ";", a newline, "。" (E3 80 82) or "；" (EF BC 9B) */
        if (u[i - 1] == ';' || u[i - 1] == '\n') {
            return i;
        }
        if ((u[i - 1] == 0x82 || u[i - 1] == 0x9b) && i - b >= 3
            && ((u[i - 3] == 0xe3 && u[i - 2] == 0x80 && u[i - 1] == 0x82)
                || (u[i - 3] == 0xef && u[i - 2] == 0xbc && u[i - 1] == 0x9b))) {
            return i;
        }
    }
    while (b < at && ((unsigned char)text[b] & 0xc0) == 0x80) {
        b++;            /* not inside a character */
    }
    return b;
}

static const char *last_of(const char *s, const char *word)
{
    const char *last = NULL;
    for (; (s = strstr(s, word)) != NULL; s++) {
        last = s;
    }
    return last;
}

/* The rows of table C the clause before at speaks of: the last of 复议 or
 * 诉讼/起诉 named wins; fallback when it names neither. */
static const char *const *subject_at(apr_pool_t *p, const char *text, apr_size_t at,
                                     const char *const *fallback)
{
    apr_size_t b = clause_start(text, at);
    char *clause = apr_pstrmemdup(p, text + b, at - b);
    const char *review = last_of(clause, "复议"), *suit = last_of(clause, "诉讼");
    const char *sued = last_of(clause, "起诉");
    if (sued && (!suit || sued > suit)) {
        suit = sued;
    }
    if (!review && !suit) {
        return fallback;
    }
    return review && (!suit || review > suit) ? r_review : r_litigation;
}

/* A number is judged once, by the first claim that takes it. */
static int take(apr_hash_t *nums, apr_size_t at)
{
    apr_size_t *key;
    if (apr_hash_get(nums, &at, sizeof(at))) {
        return 0;
    }
    key = apr_palloc(apr_hash_pool_get(nums), sizeof(*key));
    *key = at;
    apr_hash_set(nums, key, sizeof(*key), key);
    return 1;
}

static void claim_scan(gik_report *rep, const claim *cl, const char *text, apr_hash_t *nums)
{
    apr_size_t ov[4], at, sov[4], cb;
    for (at = 0; gik_rx_find(rx[cl->rx].code, text, at, ov, 2); at = ov[1]) {
        stated st;
        const char *sentence;
        memset(&st, 0, sizeof(st));
        if (ov[2] == (apr_size_t)-1 || !take(nums, ov[2])) {
            continue;
        }
        sentence = gik_rule_sentence(rep->pool, text, ov[0], ov[1]);
        if (cl->need >= 0 && !gik_rx_find(rx[cl->need].code, sentence, 0, sov, 1)) {
            continue;
        }
        if (cl->table == GIK_TABLE_C
            && gik_rx_find(rx[RX_REVIEW_BODY].code, sentence, 0, sov, 1)) {
            continue;           /* reviews the body decided as 复议机关 */
        }
        st.cl = cl;
        st.text = text;
        st.b = ov[0];
        st.e = ov[1];
        st.percent = cl->percent;
        st.subject = cl->subject == SUBJ_REVIEW ? r_review
                   : cl->subject == SUBJ_LITIGATION ? r_litigation
                   : cl->subject == SUBJ_BOTH ? r_all_c
                   : cl->subject == SUBJ_CONTEXT
                     ? subject_at(rep->pool, text, ov[0], cl->percent ? r_all_c : NULL)
                   : NULL;
        if (cl->subject == SUBJ_CONTEXT && !st.subject) {
            continue;           /* 维持 of what? */
        }
        st.sentence = sentence;
        cb = clause_start(text, ov[0]);
        st.part = gik_rx_find(rx[RX_PART].code, apr_pstrmemdup(rep->pool, text + cb, ov[0] - cb),
                              0, sov, 1);
        st.value = cl->percent ? parse_decimal(text + ov[2], ov[3] - ov[2], &st.decimals)
                               : (double)gik_cn_number(text + ov[2], ov[3] - ov[2]);
        if (st.value < 0) {
            continue;
        }
        judge(rep, &st);
        /* "…42件，占51.85%": the share of the same count */
        if (!cl->percent && cl->base[0].q
            && gik_rx_find(rx[RX_SHARE].code, text, ov[1], sov, 2)) {
            take(nums, sov[2]);
            st.percent = 1;
            st.e = sov[1];
            st.value = parse_decimal(text + sov[2], sov[3] - sov[2], &st.decimals);
            if (st.value >= 0) {
                judge(rep, &st);
            }
        }
    }
}

/* Every claim's words end in a count (NUM then 件, or CASES) or a share
 * (DEC then % or ％): a text with none of those marks states nothing, and
 * is not scanned by each of the claims' patterns in turn. */
static int may_state(const char *text)
{
    static const char *const marks[] = { "件", "起", "宗", "次", "例", "%", "％", NULL };
    int i;
    for (i = 0; marks[i]; i++) {
        if (strstr(text, marks[i])) {
            return 1;
        }
    }
    return 0;
}

void gik_stated_check(gik_report *rep, gik_table_id t, const char *text)
{
    apr_hash_t *nums;
    unsigned k;
    if (!may_state(text)) {
        return;
    }
    nums = apr_hash_make(rep->pool);
    for (k = 0; k < NCLAIMS; k++) {
        if (claims[k].table == t) {
            claim_scan(rep, &claims[k], text, nums);
        }
    }
}
