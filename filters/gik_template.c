/*
 * gik_template.c - the two official layouts as data.
 *
 * 2021: 国办公开办函〔2021〕30号 (reports for 2021 and later).
 * 2019: 国办公开办函〔2019〕60号, the trial format (reports for 2019 and 2020).
 * Labels are printed exactly as in the official template (full-width
 * brackets); the recogniser compares them normalised, so half-width and
 * spaced printings match too.  Aliases list the printings seen in real
 * reports that differ in their words (they match with a LABEL-MISMATCH
 * warning, see gik_recognise.c).
 */
#include "gik_report.h"

#define BIT(i) (1u << (i))

const char *const gik_section_titles[GIK_NSECTIONS] = {
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项"
};

const char *const gik_section_numerals[GIK_NSECTIONS] = {
    "一", "二", "三", "四", "五", "六"
};

/* ---- table A (section 二), 2021 ------------------------------------ */

enum { A21_ISSUED, A21_REPEALED, A21_IN_FORCE, A21_DECISIONS, A21_AMOUNT };

static const gik_col_tmpl a21_cols[] = {
    { "issued",    "本年制发件数",             GIK_VALUE_COUNT },
    { "repealed",  "本年废止件数",             GIK_VALUE_COUNT },
    { "in_force",  "现行有效件数",             GIK_VALUE_COUNT },
    { "decisions", "本年处理决定数量",         GIK_VALUE_COUNT },
    { "amount",    "本年收费金额（单位：万元）", GIK_VALUE_MONEY }
};

static const char *const alias_normative[] = { "规范性文件", NULL };

#define A21_DOCS (BIT(A21_ISSUED) | BIT(A21_REPEALED) | BIT(A21_IN_FORCE))
static const gik_row_tmpl a21_rows[] = {
    { "regulations",         "规章",           NULL, NULL,            A21_DOCS, "第二十条第（一）项" },
    { "normative_documents", "行政规范性文件", NULL, alias_normative, A21_DOCS, "第二十条第（一）项" },
    { "licensing",   "行政许可",       NULL, NULL, BIT(A21_DECISIONS), "第二十条第（五）项" },
    { "penalty",     "行政处罚",       NULL, NULL, BIT(A21_DECISIONS), "第二十条第（六）项" },
    { "enforcement", "行政强制",       NULL, NULL, BIT(A21_DECISIONS), "第二十条第（六）项" },
    { "fees",        "行政事业性收费", NULL, NULL, BIT(A21_AMOUNT),    "第二十条第（八）项" }
};

/* ---- table A (section 二), 2019 trial ------------------------------ */

enum { A19_NEW_MADE, A19_NEW_PUBLISHED, A19_TOTAL_PUBLISHED, A19_PREV_ITEMS, A19_CHANGE,
       A19_DECISIONS, A19_PURCHASE_ITEMS, A19_PURCHASE_AMOUNT };

static const gik_col_tmpl a19_cols[] = {
    { "new_made",        "本年新制作数量", GIK_VALUE_COUNT },
    { "new_published",   "本年新公开数量", GIK_VALUE_COUNT },
    { "total_published", "对外公开总数量", GIK_VALUE_COUNT },
    { "prev_items",      "上一年项目数量", GIK_VALUE_COUNT },
    { "change",          "本年增/减",      GIK_VALUE_SIGNED },
    { "decisions",       "处理决定数量",   GIK_VALUE_COUNT },
    { "purchase_items",  "采购项目数量",   GIK_VALUE_COUNT },
    { "purchase_amount", "采购总金额",     GIK_VALUE_MONEY }
};

static const char *const alias_normative19[] = { "行政规范性文件", NULL };

#define A19_DOCS  (BIT(A19_NEW_MADE) | BIT(A19_NEW_PUBLISHED) | BIT(A19_TOTAL_PUBLISHED))
#define A19_ITEMS (BIT(A19_PREV_ITEMS) | BIT(A19_CHANGE) | BIT(A19_DECISIONS))
static const gik_row_tmpl a19_rows[] = {
    { "regulations",         "规章",       NULL, NULL,              A19_DOCS,  "第二十条第（一）项" },
    { "normative_documents", "规范性文件", NULL, alias_normative19, A19_DOCS,  "第二十条第（一）项" },
    { "licensing",      "行政许可",             NULL, NULL, A19_ITEMS, "第二十条第（五）项" },
    { "other_services", "其他对外管理服务事项", NULL, NULL, A19_ITEMS, "第二十条第（五）项" },
    { "penalty",        "行政处罚",             NULL, NULL, A19_ITEMS, "第二十条第（六）项" },
    { "enforcement",    "行政强制",             NULL, NULL, A19_ITEMS, "第二十条第（六）项" },
    { "fees",           "行政事业性收费",       NULL, NULL,
      BIT(A19_PREV_ITEMS) | BIT(A19_CHANGE), "第二十条第（八）项" },
    { "procurement",    "政府集中采购",         NULL, NULL,
      BIT(A19_PURCHASE_ITEMS) | BIT(A19_PURCHASE_AMOUNT), "第二十条第（九）项" }
};

/* ---- table B (section 三): the same columns in both formats ------- */

static const gik_col_tmpl b_cols[] = {
    { "natural_person", "自然人",       GIK_VALUE_COUNT },
    { "commercial",     "商业企业",     GIK_VALUE_COUNT },
    { "research",       "科研机构",     GIK_VALUE_COUNT },
    { "social_welfare", "社会公益组织", GIK_VALUE_COUNT },
    { "legal_service",  "法律服务机构", GIK_VALUE_COUNT },
    { "other_org",      "其他",         GIK_VALUE_COUNT },
    { "total",          "总计",         GIK_VALUE_COUNT }
};
#define B_ALL 0x7fu

#define C3 "（三）不予公开"
#define C4 "（四）无法提供"
#define C5 "（五）不予处理"
#define C6 "（六）其他处理"
#define B_COMMON_HEAD \
    { "new",          "一、本年新收政府信息公开申请数量", NULL, NULL, B_ALL, NULL }, \
    { "carried_over", "二、上年结转政府信息公开申请数量", NULL, NULL, B_ALL, NULL }, \
    { "granted",        "（一）予以公开", NULL, NULL, B_ALL, NULL }, \
    { "partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", NULL, NULL, B_ALL, NULL }, \
    { "withheld_state_secret",       "1.属于国家秘密",             C3, NULL, B_ALL, NULL }, \
    { "withheld_prohibited",         "2.其他法律行政法规禁止公开", C3, NULL, B_ALL, NULL }, \
    { "withheld_security_stability", "3.危及“三安全一稳定”",       C3, NULL, B_ALL, NULL }, \
    { "withheld_third_party",        "4.保护第三方合法权益",       C3, NULL, B_ALL, NULL }, \
    { "withheld_internal_affairs",   "5.属于三类内部事务信息",     C3, NULL, B_ALL, NULL }, \
    { "withheld_process_info",       "6.属于四类过程性信息",       C3, NULL, B_ALL, NULL }, \
    { "withheld_enforcement_file",   "7.属于行政执法案卷",         C3, NULL, B_ALL, NULL }, \
    { "withheld_query",              "8.属于行政查询事项",         C3, NULL, B_ALL, NULL }, \
    { "unable_not_held",       "1.本机关不掌握相关政府信息", C4, NULL, B_ALL, NULL }, \
    { "unable_needs_creation", "2.没有现成信息需要另行制作", C4, NULL, B_ALL, NULL }, \
    { "unable_unclear",        "3.补正后申请内容仍不明确",   C4, NULL, B_ALL, NULL }, \
    { "rejected_petition",     "1.信访举报投诉类申请",       C5, NULL, B_ALL, NULL }, \
    { "rejected_duplicate",    "2.重复申请",                 C5, NULL, B_ALL, NULL }, \
    { "rejected_publication",  "3.要求提供公开出版物",       C5, NULL, B_ALL, NULL }, \
    { "rejected_excessive",    "4.无正当理由大量反复申请",   C5, NULL, B_ALL, NULL }, \
    { "rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", C5, NULL, B_ALL, NULL }

#define B_COMMON_TAIL \
    { "outcome_total",   "（七）总计",             NULL, NULL, B_ALL, NULL }, \
    { "carried_forward", "四、结转下年度继续办理", NULL, NULL, B_ALL, NULL }

static const gik_row_tmpl b21_rows[] = {
    B_COMMON_HEAD,
    /* Some 2021 reports print （六） as one row with no sub-rows 1-3 (洪泽区
     * 2023, 2024): read as "other", the sum of the three, which stay null. */
    { "other", C6, NULL, NULL, B_ALL, NULL, 1 },
    { "other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", C6, NULL, B_ALL, NULL },
    { "other_fee_unpaid",    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", C6, NULL, B_ALL, NULL },
    { "other_other",         "3.其他", C6, NULL, B_ALL, NULL },
    B_COMMON_TAIL
};

static const gik_row_tmpl b19_rows[] = {
    B_COMMON_HEAD,
    { "other", "（六）其他处理", NULL, NULL, B_ALL, NULL },
    B_COMMON_TAIL
};

/* ---- table C (section 四): the same in both formats ---------------- */

static const gik_col_tmpl c_cols[] = {
    { "upheld",    "结果维持", GIK_VALUE_COUNT },
    { "corrected", "结果纠正", GIK_VALUE_COUNT },
    { "other",     "其他结果", GIK_VALUE_COUNT },
    { "pending",   "尚未审结", GIK_VALUE_COUNT },
    { "total",     "总计",     GIK_VALUE_COUNT }
};
#define C_ALL 0x1fu

static const gik_row_tmpl c_rows[] = {
    { "review",                  "行政复议",         NULL, NULL, C_ALL, NULL },
    { "litigation_direct",       "未经复议直接起诉", "行政诉讼", NULL, C_ALL, NULL },
    { "litigation_after_review", "复议后起诉",       "行政诉讼", NULL, C_ALL, NULL }
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const gik_format gik_format_2021 = {
    "2021", "国办公开办函〔2021〕30号",
    {
        { GIK_TABLE_A, "主动公开政府信息情况", a21_cols, N(a21_cols), a21_rows, N(a21_rows) },
        { GIK_TABLE_B, "收到和处理政府信息公开申请情况", b_cols, N(b_cols), b21_rows, N(b21_rows) },
        { GIK_TABLE_C, "政府信息公开行政复议、行政诉讼情况", c_cols, N(c_cols), c_rows, N(c_rows) }
    }
};

const gik_format gik_format_2019 = {
    "2019", "国办公开办函〔2019〕60号",
    {
        { GIK_TABLE_A, "主动公开政府信息情况", a19_cols, N(a19_cols), a19_rows, N(a19_rows) },
        { GIK_TABLE_B, "收到和处理政府信息公开申请情况", b_cols, N(b_cols), b19_rows, N(b19_rows) },
        { GIK_TABLE_C, "政府信息公开行政复议、行政诉讼情况", c_cols, N(c_cols), c_rows, N(c_rows) }
    }
};
