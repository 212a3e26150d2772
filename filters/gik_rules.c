/*
 * gik_rules.c - the rule registry and its configuration, the helpers the
 * rule files share, and the rules over the tables' arithmetic (SPEC
 * section 6).
 *
 * A rule is a small function that reads the model and adds findings.  The
 * recogniser records CELL-BLANK, CELL-INVALID, LABEL-MISMATCH and
 * LAYOUT-SHIFT itself while it reads; they are listed here (without a
 * function) so that configuration and `gikreport rules` know them too.
 *
 * Arithmetic rules skip a relation in which any cell is absent or
 * unreadable: that cell already carries CELL-INVALID, and a second error
 * computed from a guessed value would be noise.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"

static GIK_RULE_FN(rule_b_balance);
static GIK_RULE_FN(rule_b_outcome_sum);
static GIK_RULE_FN(rule_b_column_sum);
static GIK_RULE_FN(rule_c_sum);
static GIK_RULE_FN(rule_a_in_force);

const gik_rule_info gik_rules[] = {
    { "CELL-INVALID", GIK_SEV_ERROR,
      "a count that is missing, negative, fractional or unreadable (recogniser)", NULL },
    { "ROW-OMITTED", GIK_SEV_WARNING,
      "a table-A row left out of the printed table; its cells are null (recogniser)", NULL },
    { "CELL-BLANK", GIK_SEV_WARNING,
      "a count printed blank or as a dash, read as 0 (recogniser)", NULL },
    { "LABEL-MISMATCH", GIK_SEV_WARNING,
      "a row or column label recognised only approximately, or a header missing (recogniser)",
      NULL },
    { "LAYOUT-SHIFT", GIK_SEV_WARNING,
      "a row's cells are shifted against the table header (recogniser)", NULL },
    { "CELL-JOINED", GIK_SEV_WARNING,
      "a row's digits ran together with no separator and admit more than one reading: its "
      "cells are null (recogniser)", NULL },
    { "ROW-MERGED", GIK_SEV_WARNING,
      "2021 table B prints （六）其他处理 as one row: read as B.other, its three sub-rows null "
      "(recogniser)", NULL },
    { "CHARSET-MISMATCH", GIK_SEV_ERROR,
      "the charset the page declares (header, BOM, <meta>) is contradicted by its bytes: "
      "readers see mojibake; it was read by its bytes (decoder)", NULL },
    { "CHARSET-UNDECLARED", GIK_SEV_WARNING,
      "non-ASCII UTF-8 with no charset declared: browsers show it as windows-1252 (decoder)",
      NULL },
    { "PDF-UNREADABLE", GIK_SEV_ERROR,
      "a PDF that cannot be read: no text layer (a scan), a password, damage, or larger than "
      "the byte limit; status none (PDF reader)", NULL },
    { "FORMAT-VERSION", GIK_SEV_ERROR,
      "a report for 2021 or later in the 2019 layout, or the reverse", gik_rule_format_version },
    { "B-BALANCE", GIK_SEV_ERROR,
      "table B, every column: new + carried_over = outcome_total + carried_forward",
      rule_b_balance },
    { "B-OUTCOME-SUM", GIK_SEV_ERROR,
      "table B, every column: outcome_total = the sum of the outcome rows", rule_b_outcome_sum },
    { "B-COLUMN-SUM", GIK_SEV_ERROR,
      "table B, every row: total = the sum of the six applicant columns", rule_b_column_sum },
    { "C-SUM", GIK_SEV_ERROR,
      "table C, every row: total = upheld + corrected + other + pending", rule_c_sum },
    { "A-IN-FORCE", GIK_SEV_ERROR,
      "table A: documents in force >= issued - repealed (2019: published total >= new)",
      rule_a_in_force },
    { "SECTION-MISSING", GIK_SEV_ERROR,
      "one of the six sections 一…六 is missing", gik_rule_section_missing },
    { "SECTION-ORDER", GIK_SEV_WARNING,
      "the six sections are not in the order 一…六", gik_rule_section_order },
    { "HEADING-STYLE", GIK_SEV_WARNING,
      "a section numbered off the format (3、 for 三、) or misprinted, or a non-standard report "
      "title",
      gik_rule_heading_style },
    { "TEXT-TABLE", GIK_SEV_ERROR,
      "a number the narrative states about applications matches no reading of table B "
      "(a warning when only a looser reading holds)", gik_rule_text_table },
    { "REVIEW-TEXT", GIK_SEV_ERROR,
      "the narrative about review and litigation matches no reading of table C "
      "(a warning when only a looser reading holds)", gik_rule_review_text },
    { "YEAR-MISMATCH", GIK_SEV_ERROR,
      "the report year disagrees with the year the body speaks of", gik_rule_year_mismatch },
    { "LATE", GIK_SEV_WARNING,
      "signed or published after the deadline for the kind of body", gik_rule_late },
    { "FEE-STATEMENT", GIK_SEV_WARNING,
      "2021 format: section 六 says nothing about 信息处理费", gik_rule_fee_statement },
    { "ARTIFACT", GIK_SEV_WARNING,
      "conversion debris in the text: [bookmark: …], Latin words inside Chinese sentences",
      gik_rule_artifact },
    { "PREV-YEAR", GIK_SEV_ERROR,
      "carried_over differs from carried_forward of the previous year's report",
      gik_rule_prev_year },
    { "BOILERPLATE", GIK_SEV_WARNING,
      "the narrative describes handling applications while table B counts none",
      gik_rule_boilerplate },
    { "ACCOUNTABILITY", GIK_SEV_WARNING,
      "a government's report gives no result of 责任追究 (work review, public appraisal, "
      "accountability)", gik_rule_accountability },
    { "RECTIFICATION", GIK_SEV_INFO,
      "section 五 says nothing about fixing the previous year's problems",
      gik_rule_rectification },
    { "TOWNSHIP-REGULATIONS", GIK_SEV_WARNING,
      "a township or street office reports 规章, which it cannot make",
      gik_rule_township_regulations },
    { "COPY-PREV-YEAR", GIK_SEV_WARNING,
      "the narrative is nearly identical to the previous year's report",
      gik_rule_copy_prev_year },
    { NULL, GIK_SEV_OFF, NULL, NULL }
};

/* ------------------------------------------------------------------ */
/* Registry and configuration */

const gik_rule_info *gik_rule_find(const char *id)
{
    const gik_rule_info *ri;
    for (ri = gik_rules; id && ri->id; ri++) {
        if (strcasecmp(ri->id, id) == 0) {
            return ri;
        }
    }
    return NULL;
}

gik_severity gik_rule_severity(const char *id)
{
    const gik_rule_info *ri = gik_rule_find(id);
    return ri ? ri->default_severity : GIK_SEV_WARNING;
}

static int parse_severity(const char *s, gik_severity *out)
{
    static const struct { const char *name; gik_severity sev; } names[] = {
        { "off", GIK_SEV_OFF }, { "info", GIK_SEV_INFO }, { "warning", GIK_SEV_WARNING },
        { "warn", GIK_SEV_WARNING }, { "error", GIK_SEV_ERROR }
    };
    unsigned i;
    for (i = 0; s && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].sev;
            return 0;
        }
    }
    return -1;
}

gik_rule_config *gik_rule_config_make(apr_pool_t *p)
{
    gik_rule_config *cfg = apr_pcalloc(p, sizeof(*cfg));
    cfg->severity = apr_table_make(p, 8);
    cfg->body_kind = GIK_BODY_AUTO;
    cfg->township_warn_mmdd = 131;
    cfg->township_error_mmdd = 331;
    return cfg;
}

const char *gik_rule_config_set(gik_rule_config *cfg, apr_pool_t *p,
                                const char *id, const char *severity)
{
    const gik_rule_info *ri = gik_rule_find(id);
    gik_severity sev;
    if (!ri) {
        return apr_psprintf(p, "unknown rule '%s' (see `gikreport rules`)", id ? id : "");
    }
    if (parse_severity(severity, &sev) != 0) {
        return apr_psprintf(p, "unknown severity '%s' for rule %s: "
                            "expected off, info, warning or error",
                            severity ? severity : "", ri->id);
    }
    /* Keyed by the canonical id so that "b-balance" and "B-BALANCE" are one. */
    apr_table_set(cfg->severity, ri->id, severity);
    return NULL;
}

/* Subjects gik_rx_find has seen pass PCRE2's UTF-8 check during this
 * thread's current rules run.  PCRE2 checks the whole subject on every
 * call, and the narrative rules try dozens of patterns on the same text
 * and sentences: the checks were a tenth of a parse.  The rules read the
 * model and allocate only from rep->pool, which is not cleared during the
 * run, so a subject seen at one address and length is the same bytes for
 * the rest of the run; outside a run (checked.run == 0) nothing is kept. */
#define CHECKED_SLOTS 8
static __thread struct {
    unsigned run;                   /* 0: not in a rules run */
    unsigned next;
    const char *s[CHECKED_SLOTS];
    apr_size_t len[CHECKED_SLOTS];
} checked;

static int utf_checked(const char *s, apr_size_t len)
{
    int i;
    for (i = 0; checked.run && i < CHECKED_SLOTS; i++) {
        if (checked.s[i] == s && checked.len[i] == len) {
            return 1;
        }
    }
    return 0;
}

static void utf_passed(const char *s, apr_size_t len)
{
    if (checked.run) {
        checked.s[checked.next % CHECKED_SLOTS] = s;
        checked.len[checked.next % CHECKED_SLOTS] = len;
        checked.next++;
    }
}

void gik_rules_run(gik_report *rep, const gik_report *previous,
                   const gik_rule_config *cfg)
{
    const gik_rule_info *ri;
    int i;
    if (!cfg) {
        cfg = gik_rule_config_make(rep->pool);
    }
    if (rep->is_report && rep->format) {
        memset(&checked, 0, sizeof(checked));
        checked.run = 1;
        for (ri = gik_rules; ri->id; ri++) {
            if (ri->check) {
                ri->check(rep, previous, cfg);
            }
        }
        memset(&checked, 0, sizeof(checked));
    }
    /* Overrides apply to every finding, the recogniser's included; "off"
     * keeps the finding (for the record) and the writers drop it. */
    for (i = 0; rep->findings && i < rep->findings->nelts; i++) {
        gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        const char *s = f->rule ? apr_table_get(cfg->severity, f->rule) : NULL;
        gik_severity sev;
        if (!s && f->rule) {
            const gik_rule_info *known = gik_rule_find(f->rule);
            s = known ? apr_table_get(cfg->severity, known->id) : NULL;
        }
        if (s && parse_severity(s, &sev) == 0) {
            f->severity = sev;
        }
    }
}

void gik_rule_not_assessable(gik_report *rep, const char *id)
{
    int i;
    for (i = 0; i < rep->not_assessable->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(rep->not_assessable, i, const char *), id) == 0) {
            return;
        }
    }
    APR_ARRAY_PUSH(rep->not_assessable, const char *) = id;
}

const char *gik_rule_num(apr_pool_t *p, double v)
{
    /* whole numbers without a libm call: the cast test is exact in range */
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v) {
        return apr_psprintf(p, "%.0f", v);
    }
    return apr_psprintf(p, "%.10g", v);
}

/* ------------------------------------------------------------------ */
/* Cells and labels */

int gik_rule_cell_ok(const gik_cell *c)
{
    return c && (c->state == GIK_CELL_OK || c->state == GIK_CELL_BLANK);
}

double gik_rule_cell_value(const gik_report *rep, gik_table_id t, const char *row,
                           const char *col)
{
    const gik_cell *c = gik_report_cell(rep, t, row, col);
    return gik_rule_cell_ok(c) ? c->value : -1;
}

double gik_rule_row_total(const gik_report *rep, gik_table_id t, const char *row)
{
    const gik_table *tab = &rep->tables[t];
    const gik_cell *total = gik_report_cell(rep, t, row, "total");
    double sum = 0;
    int r, c, last;
    if (!total || total->state != GIK_CELL_BLANK) {
        return gik_rule_cell_value(rep, t, row, "total");
    }
    /* 总计 printed blank (a 2019 page may leave the whole column blank): the
     * row's own cells say what it counts, and a blank total claims nothing. */
    r = gik_table_row_index(tab, row);
    last = tab->tmpl->ncols - 1;
    for (c = 0; c < last; c++) {
        const gik_cell *cell = GIK_CELL(tab, r, c);
        if ((tab->tmpl->rows[r].colmask >> c) & 1) {
            if (!gik_rule_cell_ok(cell)) {
                return -1;
            }
            sum += cell->value;
        }
    }
    return sum;
}

const char *gik_rule_table_zh(gik_table_id t)
{
    static const char *const names[GIK_NTABLES] = { "表二", "表三", "表四" };
    return names[t];
}

const char *gik_rule_row_label(apr_pool_t *p, const gik_table_tmpl *t, int r)
{
    /* The template prints explanations inside some labels; a message needs
     * only the words a reader finds the row by. */
    static const char *const cuts[] = { "政府信息公开申请数量", "（区分", "、行政机关不再处理" };
    const gik_row_tmpl *row = &t->rows[r];
    char *label = apr_pstrdup(p, row->label);
    unsigned i;
    for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        char *cut = strstr(label, cuts[i]);
        if (cut && cut != label) {
            *cut = '\0';
        }
    }
    if (row->category) {
        return apr_pstrcat(p, row->category, " ", label, NULL);
    }
    return label;
}

/* ------------------------------------------------------------------ */
/* Narrative helpers */

long gik_rule_utf8(const char *s, apr_size_t len, apr_size_t *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    long cp;
    apr_size_t n, i;
    if (len == 0) {
        *adv = 0;
        return -1;
    }
    if (u[0] < 0x80) {
        *adv = 1;
        return u[0];
    }
    n = (u[0] & 0xe0) == 0xc0 ? 2 : (u[0] & 0xf0) == 0xe0 ? 3 : (u[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || n > len) {
        *adv = 1;
        return -1;
    }
    cp = u[0] & (0x7f >> n);
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *adv = 1;
            return -1;
        }
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    *adv = n;
    return cp;
}

apr_array_header_t *gik_rule_narrative(const gik_report *rep, unsigned mask)
{
    apr_array_header_t *out = apr_array_make(rep->pool, 32, sizeof(gik_para));
    int s, i;
    if ((mask & GIK_NARR_PREAMBLE) && rep->preamble) {
        for (i = 0; i < rep->preamble->nelts; i++) {
            gik_para *pa = apr_array_push(out);
            pa->text = APR_ARRAY_IDX(rep->preamble, i, const char *);
            pa->section = 0;
        }
    }
    for (s = 1; s <= GIK_NSECTIONS; s++) {
        const apr_array_header_t *ps = rep->sections[s - 1].paragraphs;
        if (!(mask & GIK_NARR_SECTION(s)) || !ps) {
            continue;
        }
        for (i = 0; i < ps->nelts; i++) {
            gik_para *pa = apr_array_push(out);
            pa->text = APR_ARRAY_IDX(ps, i, const char *);
            pa->section = s;
        }
    }
    return out;
}

static int is_sentence_end(const char *s)
{
    static const char *const ends[] = { "。", "；", "！", "？", ";", "!", "?", "\n" };
    unsigned i;
    for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        if (strncmp(s, ends[i], strlen(ends[i])) == 0) {
            return (int)strlen(ends[i]);
        }
    }
    return 0;
}

/* Longest excerpt, in bytes, either side of the match: a paragraph without
 * punctuation must not turn the excerpt into the whole report. */
#define EXCERPT_SIDE 240

const char *gik_rule_sentence(apr_pool_t *p, const char *s, apr_size_t ms, apr_size_t me)
{
    apr_size_t len = strlen(s), b, e, i;
    /* Forward from a bounded distance, remembering the last sentence end
     * before the match.  End marks begin with a lead or ASCII byte, so a
     * step into the middle of a character never matches one. */
    b = ms > EXCERPT_SIDE ? ms - EXCERPT_SIDE : 0;
    while (b < ms && ((unsigned char)s[b] & 0xc0) == 0x80) {
        b++;
    }
    for (i = b; i < ms; ) {
        int n = is_sentence_end(s + i);
        i += n ? (apr_size_t)n : 1;
        if (n && i <= ms) {
            b = i;
        }
    }
    for (e = me; e < len && e - me < EXCERPT_SIDE; ) {
        int n = is_sentence_end(s + e);
        if (n) {
            e += n;
            break;
        }
        e++;
    }
    while (e < len && ((unsigned char)s[e] & 0xc0) == 0x80) {
        e++;
    }
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n')) {
        b++;
    }
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n')) {
        e--;
    }
    return apr_pstrmemdup(p, s + b, e - b);
}

const char *gik_rule_context(apr_pool_t *p, const char *s, apr_size_t ms, apr_size_t me,
                             int ncp)
{
    apr_size_t len = strlen(s), b = ms, e = me;
    int n;
    for (n = 0; n < ncp && b > 0; n++) {
        do {
            b--;
        } while (b > 0 && ((unsigned char)s[b] & 0xc0) == 0x80);
    }
    for (n = 0; n < ncp && e < len; n++) {
        apr_size_t adv;
        gik_rule_utf8(s + e, len - e, &adv);
        e += adv ? adv : 1;
    }
    return apr_pstrmemdup(p, s + b, e - b);
}

void gik_rx_compile(gik_rx *tab, int n)
{
    int i, err;
    PCRE2_SIZE off;
    for (i = 0; i < n; i++) {
        tab[i].code = pcre2_compile((PCRE2_SPTR)tab[i].src, PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &off,
                                    NULL);
        /* JIT makes every narrative scan several times cheaper; where the
         * system forbids executable memory it fails and the interpreter runs. */
        if (tab[i].code) {
            pcre2_jit_compile(tab[i].code, PCRE2_JIT_COMPLETE);
        }
    }
}

int gik_rx_find(const pcre2_code *re, const char *s, apr_size_t start,
                apr_size_t *ov, int nov)
{
    pcre2_match_data *md;
    PCRE2_SIZE *v;
    int rc, i;
    apr_size_t len = strlen(s);
    if (!re || start > len) {
        return 0;
    }
    md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md) {
        return 0;
    }
    /* The model's text is UTF-8 checked by the decoder, but a bounded cut
     * may end mid-sequence: let PCRE2 check rather than trust it, once per
     * subject and rules run (utf_checked).  A check from start > 0 covers
     * only the rest of the subject: not remembered. */
    if (utf_checked(s, len)) {
        rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
    }
    else {
        rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, md, NULL);
        if (start == 0 && (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)) {
            utf_passed(s, len);
        }
    }
    if (rc > 0) {
        v = pcre2_get_ovector_pointer(md);
        for (i = 0; i < nov; i++) {
            if (i < rc && v[2 * i] != PCRE2_UNSET) {
                ov[2 * i] = v[2 * i];
                ov[2 * i + 1] = v[2 * i + 1];
            }
            else {
                ov[2 * i] = ov[2 * i + 1] = (apr_size_t)-1;
            }
        }
    }
    pcre2_match_data_free(md);
    return rc > 0;
}

/* ------------------------------------------------------------------ */
/* Arithmetic: one relation "parts = totals" (or totals >= parts) over the
 * cells of one table, checked and reported by one function. */

#define REL_MAX 32

typedef struct rel_term {
    int row, col;
    int sign;                  /* +1 or -1 */
} rel_term;

typedef struct relation {
    const char *rule;
    gik_table_id table;
    const char *row, *column;  /* the finding's row/column ids */
    const char *formula;
    const char *where_zh, *where_en;   /* "自然人 列" / "column 自然人 (natural_person)" */
    int at_least;              /* totals >= parts instead of = */
    gik_severity sev;
    rel_term parts[REL_MAX];
    int nparts;
    rel_term totals[4];
    int ntotals;
} relation;

static void rel_add(rel_term *terms, int *n, int max, int row, int col, int sign)
{
    if (*n < max) {
        terms[*n].row = row;
        terms[*n].col = col;
        terms[*n].sign = sign;
        (*n)++;
    }
}

/* The terms as a reader checks them: "label (v) + label (v)"; in long sums
 * only the non-zero terms, so that a 22-row sum stays readable. */
static void rel_describe(apr_pool_t *p, const gik_table *t, const rel_term *terms, int n,
                         int by_row, const char **zh, const char **en)
{
    const char *z = "", *e = "";
    int i, shown = 0, hidden = 0;
    for (i = 0; i < n; i++) {
        const gik_cell *c = GIK_CELL(t, terms[i].row, terms[i].col);
        const char *label = by_row ? gik_rule_row_label(p, t->tmpl, terms[i].row)
                                   : t->tmpl->cols[terms[i].col].label;
        const char *id = by_row ? t->tmpl->rows[terms[i].row].id
                                : t->tmpl->cols[terms[i].col].id;
        const char *op = terms[i].sign < 0 ? " − " : " + ";
        if (n > 7 && c->value == 0) {
            hidden++;
            continue;
        }
        z = apr_psprintf(p, "%s%s%s (%s)", z, shown ? op : (terms[i].sign < 0 ? "−" : ""),
                         label, gik_rule_num(p, c->value));
        e = apr_psprintf(p, "%s%s%s [%s] %s", e, shown ? op : (terms[i].sign < 0 ? "-" : ""),
                         label, id, gik_rule_num(p, c->value));
        shown++;
    }
    if (hidden) {
        z = apr_psprintf(p, "%s%s其余 %d 项 (0)", z, shown ? " + " : "", hidden);
        e = apr_psprintf(p, "%s%s%d other rows 0", e, shown ? " + " : "", hidden);
    }
    *zh = z;
    *en = e;
}

static void rel_check(gik_report *rep, const relation *rel)
{
    const gik_table *t = &rep->tables[rel->table];
    double parts = 0, totals = 0;
    const char *pz, *pe, *tz, *te;
    int i, by_row, blank_parts = 0, blank_totals = 0;
    gik_finding *f;
    for (i = 0; i < rel->nparts + rel->ntotals; i++) {
        const rel_term *term = i < rel->nparts ? &rel->parts[i]
                                               : &rel->totals[i - rel->nparts];
        const gik_cell *c = GIK_CELL(t, term->row, term->col);
        if (!(t->tmpl->rows[term->row].colmask & (1u << term->col)) || !gik_rule_cell_ok(c)) {
            return;
        }
        if (i < rel->nparts) {
            parts += term->sign * c->value;
            blank_parts += c->state == GIK_CELL_BLANK;
        }
        else {
            totals += term->sign * c->value;
            blank_totals += c->state == GIK_CELL_BLANK;
        }
    }
    /* A side printed wholly blank makes no claim (上海 2019 prints 总计 only
     * on some rows; a 2019 page may leave the 总计 column blank on every
     * outcome row): the relation is not asserted, and CELL-BLANK says why. */
    if (blank_parts == rel->nparts || blank_totals == rel->ntotals) {
        return;
    }
    /* Money has decimals; counts are whole, so the tolerance never hides
     * a miscount. */
    if (rel->at_least ? totals >= parts - 1e-9 : (totals - parts < 1e-9 && parts - totals < 1e-9)) {
        return;
    }
    f = gik_finding_add(rep, rel->rule, rel->sev);
    f->table = "ABC"[rel->table];
    f->row = rel->row;
    f->column = rel->column;
    f->formula = rel->formula;
    for (i = 0; i < rel->nparts + rel->ntotals; i++) {
        const rel_term *term = i < rel->nparts ? &rel->parts[i]
                                               : &rel->totals[i - rel->nparts];
        gik_finding_cell(f, rep->pool, f->table, t->tmpl->rows[term->row].id,
                         t->tmpl->cols[term->col].id);
    }
    f->has_values = 1;
    f->expected = parts;
    f->actual = totals;
    /* A relation down a column names rows, one along a row names columns. */
    by_row = rel->nparts > 1 ? rel->parts[0].col == rel->parts[1].col
                             : rel->parts[0].col == rel->totals[0].col;
    rel_describe(rep->pool, t, rel->parts, rel->nparts, by_row, &pz, &pe);
    rel_describe(rep->pool, t, rel->totals, rel->ntotals, by_row, &tz, &te);
    if (rel->at_least) {
        f->message = apr_psprintf(rep->pool, "%s %s：%s 为 %s，少于 %s = %s",
                                  gik_rule_table_zh(rel->table), rel->where_zh, tz,
                                  gik_rule_num(rep->pool, totals), pz,
                                  gik_rule_num(rep->pool, parts));
        f->message_en = apr_psprintf(rep->pool, "Table %c, %s: %s is less than %s = %s",
                                     f->table, rel->where_en, te, pe,
                                     gik_rule_num(rep->pool, parts));
        return;
    }
    f->message = apr_psprintf(rep->pool, "%s %s：%s = %s，但 %s = %s",
                              gik_rule_table_zh(rel->table), rel->where_zh, pz,
                              gik_rule_num(rep->pool, parts), tz,
                              gik_rule_num(rep->pool, totals));
    f->message_en = apr_psprintf(rep->pool, "Table %c, %s: %s = %s, but %s = %s",
                                 f->table, rel->where_en, pe, gik_rule_num(rep->pool, parts),
                                 te, gik_rule_num(rep->pool, totals));
}

/* The table if the format has it and the page printed it; otherwise the
 * rule is recorded as not assessable. */
static const gik_table *table_for(gik_report *rep, gik_table_id id, const char *rule)
{
    const gik_table *t = &rep->tables[id];
    if (!t->tmpl || !t->present || !t->cells) {
        gik_rule_not_assessable(rep, rule);
        return NULL;
    }
    return t;
}

static void rel_init(relation *rel, gik_report *rep, const char *rule, gik_table_id table)
{
    memset(rel, 0, sizeof(*rel));
    rel->rule = rule;
    rel->table = table;
    rel->sev = gik_rule_severity(rule);
}

static const char *col_where_zh(apr_pool_t *p, const gik_table *t, int c)
{
    return apr_pstrcat(p, t->tmpl->cols[c].label, " 列", NULL);
}

static const char *col_where_en(apr_pool_t *p, const gik_table *t, int c)
{
    return apr_psprintf(p, "column %s (%s)", t->tmpl->cols[c].label, t->tmpl->cols[c].id);
}

static GIK_RULE_FN(rule_b_balance)
{
    const gik_table *t = table_for(rep, GIK_TABLE_B, "B-BALANCE");
    int c, rnew, rco, rtot, rfwd;
    if (!t) {
        return;
    }
    rnew = gik_table_row_index(t, "new");
    rco = gik_table_row_index(t, "carried_over");
    rtot = gik_table_row_index(t, "outcome_total");
    rfwd = gik_table_row_index(t, "carried_forward");
    for (c = 0; c < t->tmpl->ncols; c++) {
        relation rel;
        rel_init(&rel, rep, "B-BALANCE", GIK_TABLE_B);
        rel.row = "new";
        rel.column = t->tmpl->cols[c].id;
        rel.formula = "new + carried_over = outcome_total + carried_forward";
        rel.where_zh = col_where_zh(rep->pool, t, c);
        rel.where_en = col_where_en(rep->pool, t, c);
        rel_add(rel.parts, &rel.nparts, REL_MAX, rnew, c, 1);
        rel_add(rel.parts, &rel.nparts, REL_MAX, rco, c, 1);
        rel_add(rel.totals, &rel.ntotals, 4, rtot, c, 1);
        rel_add(rel.totals, &rel.ntotals, 4, rfwd, c, 1);
        rel_check(rep, &rel);
    }
}

/* A row the page printed that adds to （七）总计: a merged row or its
 * sub-rows, never both. */
static int outcome_row(const gik_table *t, int r)
{
    return gik_table_row_shown(t, r) && !gik_table_row_in_merged(t, r);
}

static GIK_RULE_FN(rule_b_outcome_sum)
{
    const gik_table *t = table_for(rep, GIK_TABLE_B, "B-OUTCOME-SUM");
    int c, r, first, rtot;
    const char *formula = "outcome_total =";
    if (!t) {
        return;
    }
    /* The outcome rows are those between （一）予以公开 and （七）总计 in
     * either format: 2019 has one （六） row, 2021 three -- or one, when
     * the page prints （六） merged (ROW-MERGED). */
    first = gik_table_row_index(t, "granted");
    rtot = gik_table_row_index(t, "outcome_total");
    for (r = first; r < rtot; r++) {
        if (outcome_row(t, r)) {
            formula = apr_pstrcat(rep->pool, formula, r == first ? " " : " + ",
                                  t->tmpl->rows[r].id, NULL);
        }
    }
    for (c = 0; c < t->tmpl->ncols; c++) {
        relation rel;
        rel_init(&rel, rep, "B-OUTCOME-SUM", GIK_TABLE_B);
        rel.row = "outcome_total";
        rel.column = t->tmpl->cols[c].id;
        rel.formula = formula;
        rel.where_zh = col_where_zh(rep->pool, t, c);
        rel.where_en = col_where_en(rep->pool, t, c);
        for (r = first; r < rtot; r++) {
            if (outcome_row(t, r)) {
                rel_add(rel.parts, &rel.nparts, REL_MAX, r, c, 1);
            }
        }
        rel_add(rel.totals, &rel.ntotals, 4, rtot, c, 1);
        rel_check(rep, &rel);
    }
}

/* Along every row: the last column (总计) is the sum of the others; B and C
 * share this shape. */
static void row_sums(gik_report *rep, const char *rule, gik_table_id id, const char *formula)
{
    const gik_table *t = table_for(rep, id, rule);
    int r, c, last;
    if (!t) {
        return;
    }
    last = t->tmpl->ncols - 1;
    for (r = 0; r < t->tmpl->nrows; r++) {
        relation rel;
        const char *label;
        label = gik_rule_row_label(rep->pool, t->tmpl, r);
        rel_init(&rel, rep, rule, id);
        rel.row = t->tmpl->rows[r].id;
        rel.column = t->tmpl->cols[last].id;
        rel.formula = formula;
        rel.where_zh = apr_pstrcat(rep->pool, label, " 行", NULL);
        rel.where_en = apr_psprintf(rep->pool, "row %s (%s)", label, rel.row);
        for (c = 0; c < last; c++) {
            rel_add(rel.parts, &rel.nparts, REL_MAX, r, c, 1);
        }
        rel_add(rel.totals, &rel.ntotals, 4, r, last, 1);
        rel_check(rep, &rel);
    }
}

static GIK_RULE_FN(rule_b_column_sum)
{
    row_sums(rep, "B-COLUMN-SUM", GIK_TABLE_B,
             "total = natural_person + commercial + research + social_welfare"
             " + legal_service + other_org");
}

static GIK_RULE_FN(rule_c_sum)
{
    row_sums(rep, "C-SUM", GIK_TABLE_C, "total = upheld + corrected + other + pending");
}

static GIK_RULE_FN(rule_a_in_force)
{
    const gik_table *t = table_for(rep, GIK_TABLE_A, "A-IN-FORCE");
    static const char *const rows[] = { "regulations", "normative_documents" };
    int is2019, i;
    if (!t) {
        return;
    }
    /* 2019 has no stock column; its nearest relation, 对外公开总数量 >=
     * 本年新公开数量, rests on how publishers read 总数量, so a warning. */
    is2019 = rep->format == &gik_format_2019;
    for (i = 0; i < 2; i++) {
        relation rel;
        int r = gik_table_row_index(t, rows[i]);
        const char *label = gik_rule_row_label(rep->pool, t->tmpl, r);
        rel_init(&rel, rep, "A-IN-FORCE", GIK_TABLE_A);
        rel.row = rows[i];
        rel.at_least = 1;
        rel.where_zh = apr_pstrcat(rep->pool, label, " 行", NULL);
        rel.where_en = apr_psprintf(rep->pool, "row %s (%s)", label, rows[i]);
        if (is2019) {
            rel.sev = GIK_SEV_WARNING;
            rel.column = "total_published";
            rel.formula = "total_published >= new_published";
            rel_add(rel.parts, &rel.nparts, REL_MAX, r,
                    gik_table_col_index(t, "new_published"), 1);
        }
        else {
            rel.column = "in_force";
            rel.formula = "in_force >= issued - repealed";
            rel_add(rel.parts, &rel.nparts, REL_MAX, r, gik_table_col_index(t, "issued"), 1);
            rel_add(rel.parts, &rel.nparts, REL_MAX, r,
                    gik_table_col_index(t, "repealed"), -1);
        }
        rel_add(rel.totals, &rel.ntotals, 4, r, gik_table_col_index(t, rel.column), 1);
        if (GIK_CELL(t, r, rel.totals[0].col)->state == GIK_CELL_ABSENT) {
            /* the row was left out (ROW-OMITTED): nothing to check it on */
            gik_rule_not_assessable(rep, "A-IN-FORCE");
            continue;
        }
        rel_check(rep, &rel);
    }
}
