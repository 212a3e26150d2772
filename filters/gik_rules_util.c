/*
 * gik_rules_util.c - what the rule files share: default severities, the
 * not-assessable list, cells, the narrative and its sentences, and the
 * once-compiled pattern tables.  It calls no rule and no registry function,
 * so the rule files depend on it and never on each other's helpers.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_rules_internal.h"
#include "gik_rules_list.h"
#include "gik_log.h"

/* The defaults of gik_rules[], expanded from the same list: the rule files
 * look their severity up here rather than in the registry that calls them. */
typedef struct rule_default {
    const char *id;
    gik_severity severity;
} rule_default;

#define RULE_DEFAULT(id, sev, what, check) { id, sev },
static const rule_default rule_defaults[] = {
    GIK_RULE_LIST(RULE_DEFAULT)
    { NULL, GIK_SEV_OFF }
};
#undef RULE_DEFAULT

gik_severity gik_rule_severity(const char *id)
{
    const rule_default *d;
    for (d = rule_defaults; id && d->id; d++) {
        if (strcasecmp(d->id, id) == 0) {
            return d->severity;
        }
    }
    return GIK_SEV_WARNING;
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

/* The length of the sentence end at s ("。", "；", "！", "？", ";", "!", "?",
 * newline), or 0.  The excerpt scans try it at every byte of up to 480, so
 * the lead byte decides before any comparison: the full-width marks are
 * E3 80 82 and EF BC 9B / 81 / 9F. */
static int is_sentence_end(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    switch (u[0]) {
    case ';': case '!': case '?': case '\n':
        return 1;
    case 0xe3:
        return u[1] == 0x80 && u[2] == 0x82 ? 3 : 0;
    case 0xef:
        return u[1] == 0xbc && (u[2] == 0x9b || u[2] == 0x81 || u[2] == 0x9f) ? 3 : 0;
    default:
        return 0;
    }
}

/* Longest excerpt, in bytes, either side of the match: a paragraph without
 * punctuation must not turn the excerpt into the whole report. */
#define EXCERPT_SIDE 240

const char *gik_rule_sentence(apr_pool_t *p, const char *s, apr_size_t ms, apr_size_t me)
{
    /* s may be the whole narrative: its length is needed only within
     * EXCERPT_SIDE (and a few bytes) of the match */
    apr_size_t len = me + strnlen(s + me, EXCERPT_SIDE + 8), b, e, i;
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
        gik_utf8_decode(s + e, len - e, &adv);
        e += adv ? adv : 1;
    }
    return apr_pstrmemdup(p, s + b, e - b);
}

/* The user lists of the tables that failed: a handful at most. */
#define MAX_BROKEN 16
static const char *const *broken[MAX_BROKEN];
static int nbroken;

int gik_rx_compile(gik_rx *tab, int n, const char *const *users)
{
    int i, err, failed = 0;
    PCRE2_SIZE off;
    for (i = 0; i < n; i++) {
        tab[i].code = pcre2_compile((PCRE2_SPTR)tab[i].src, PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &off,
                                    NULL);
        /* JIT makes every narrative scan several times cheaper; where the
         * system forbids executable memory it fails and the interpreter runs. */
        if (tab[i].code) {
            pcre2_jit_compile(tab[i].code, PCRE2_JIT_COMPLETE);
            continue;
        }
        {
            PCRE2_UCHAR why[160];
            pcre2_get_error_message(err, why, sizeof(why));
            gik_log(GIK_LOG_ERROR, "pattern %d (used by %s) does not compile at offset %lu: %s;"
                    " those rules are reported not assessable", i, users[0],
                    (unsigned long)off, (const char *)why);
        }
        failed++;
    }
    if (failed && nbroken < MAX_BROKEN) {
        broken[nbroken++] = users;
    }
    return failed;
}

int gik_rule_broken(const char *id)
{
    int i, k;
    for (i = 0; i < nbroken; i++) {
        for (k = 0; broken[i][k]; k++) {
            if (strcmp(broken[i][k], id) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

/* Subjects gik_rx_find has seen pass PCRE2's UTF-8 check during this
 * thread's current rules run.  PCRE2 checks the whole subject on every
 * call, and the narrative rules try dozens of patterns on the same text
 * and sentences: the checks were a tenth of a parse.  The rules read the
 * model and allocate only from rep->pool, which is not cleared during the
 * run, so a subject seen at one address and length is the same bytes for
 * the rest of the run; outside a run (checked.run == 0) nothing is kept. */
#define CHECKED_SLOTS 8
/* One match block for the run's calls, not one malloc'd and freed per
 * call (the narrative rules make hundreds): enough pairs for every
 * pattern of the rules; a pattern with more groups gets its own. */
#define RUN_PAIRS 32
static __thread struct {
    unsigned run;                   /* 0: not in a rules run */
    unsigned next;
    const char *s[CHECKED_SLOTS];
    apr_size_t len[CHECKED_SLOTS];
    pcre2_match_data *md;
} checked;

void gik_rx_run_begin(void)
{
    gik_rx_run_end();
    checked.run = 1;
    checked.md = pcre2_match_data_create(RUN_PAIRS, NULL);
}

void gik_rx_run_end(void)
{
    if (checked.md) {
        pcre2_match_data_free(checked.md);
    }
    memset(&checked, 0, sizeof(checked));
}

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

int gik_rx_find(const pcre2_code *re, const char *s, apr_size_t start,
                apr_size_t *ov, int nov)
{
    pcre2_match_data *md;
    PCRE2_SIZE *v;
    int rc, i;
    uint32_t groups = 0;
    apr_size_t len = strlen(s);
    if (!re || start > len) {
        return 0;
    }
    md = checked.md;
    if (!md || pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups) != 0
        || groups >= RUN_PAIRS) {
        md = pcre2_match_data_create_from_pattern(re, NULL);
    }
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
    if (md != checked.md) {
        pcre2_match_data_free(md);
    }
    return rc > 0;
}
