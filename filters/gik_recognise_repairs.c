/*
 * gik_recognise_repairs.c - everything the recogniser had to repair or could
 * not read becomes a finding: a missing table or row (CELL-INVALID, the cells
 * stay null; a table-A row left out is ROW-OMITTED, a warning), an unreadable cell (CELL-INVALID), a cell printed blank or as a
 * dash (CELL-BLANK, read as 0), a label recognised only approximately or a
 * header that is not there (LABEL-MISMATCH), rows shifted against the header
 * (LAYOUT-SHIFT).  The rules build on these; nothing is repaired silently.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

const char *const gik_table_names_zh[GIK_NTABLES] = {
    "主动公开情况表（二）", "依申请公开情况表（三）", "行政复议、行政诉讼情况表（四）"
};
const char *const gik_table_names_en[GIK_NTABLES] = {
    "Table A (section 二, proactive disclosure)", "Table B (section 三, applications)",
    "Table C (section 四, administrative review and litigation)"
};

static char table_letter(gik_table_id t)
{
    return (char)('A' + t);
}

static gik_finding *repair(gik_report *rep, const char *rule, gik_severity sev,
                           gik_table_id t, const char *row, const char *col)
{
    gik_finding *f = gik_finding_add(rep, rule, sev);
    f->table = table_letter(t);
    f->row = row;
    f->column = col;
    return f;
}

/* A finding about a whole row: it names every cell the row has. */
static gik_finding *row_finding(gik_report *rep, const char *rule, gik_severity sev,
                                gik_table_id t, int r)
{
    const gik_table *tab = &rep->tables[t];
    const gik_row_tmpl *row = &tab->tmpl->rows[r];
    gik_finding *f = repair(rep, rule, sev, t, row->id, NULL);
    int c;
    for (c = 0; c < tab->tmpl->ncols; c++) {
        if ((row->colmask >> c) & 1) {
            gik_finding_cell(f, rep->pool, table_letter(t), row->id, tab->tmpl->cols[c].id);
        }
    }
    return f;
}

/* A table-A row the body left out of a table A it printed (a department or
 * township cannot make 规章, so it often drops the row): its cells stay null,
 * but every number printed may be right, so a warning, not CELL-INVALID.
 * Rows of tables B and C are different: their sums need every row. */
static void row_omitted(gik_report *rep, int r)
{
    const gik_row_tmpl *row = &rep->tables[GIK_TABLE_A].tmpl->rows[r];
    gik_finding *f = row_finding(rep, "ROW-OMITTED", GIK_SEV_WARNING, GIK_TABLE_A, r);
    f->message = apr_psprintf(rep->pool, "%s未列出“%s”行，该行数据为空（null），"
                              "相关校验无法进行；如本机关无此类事项，请照格式列出该行并填 0。",
                              gik_table_names_zh[GIK_TABLE_A], row->label);
    f->message_en = apr_psprintf(rep->pool, "%s leaves out the row “%s” (%s); its cells are "
                                 "null and the checks that need them are not assessable. If the "
                                 "body has none, print the row with 0.",
                                 gik_table_names_en[GIK_TABLE_A], row->label, row->id);
}

static void table_missing(gik_report *rep, gik_table_id t)
{
    gik_finding *f = repair(rep, "CELL-INVALID", GIK_SEV_ERROR, t, NULL, NULL);
    gik_finding_cell(f, rep->pool, table_letter(t), NULL, NULL);
    f->message = apr_psprintf(rep->pool, "未找到%s，其数据均为空（null）。",
                              gik_table_names_zh[t]);
    f->message_en = apr_psprintf(rep->pool, "%s was not found on the page; its cells are null.",
                                 gik_table_names_en[t]);
}

/* （六）其他处理 printed as one row in a 2021 table: its numbers are the sum
 * of the three sub-rows the format asks for, which stay null. */
static void row_merged(gik_report *rep, gik_table_id t, int r)
{
    const gik_table *tab = &rep->tables[t];
    const gik_row_tmpl *row = &tab->tmpl->rows[r];
    gik_finding *f = repair(rep, "ROW-MERGED", GIK_SEV_WARNING, t, row->id, NULL);
    const char *subs = "";
    int s;
    for (s = 0; s < tab->tmpl->nrows; s++) {
        const gik_row_tmpl *sub = &tab->tmpl->rows[s];
        if (sub->category && strcmp(sub->category, row->label) == 0) {
            gik_finding_cell(f, rep->pool, table_letter(t), sub->id, NULL);
            subs = apr_pstrcat(rep->pool, subs, *subs ? ", " : "", sub->id, NULL);
        }
    }
    gik_finding_cell(f, rep->pool, table_letter(t), row->id, NULL);
    f->message = apr_psprintf(rep->pool,
        "%s将“%s”印成一行，没有分列其下的三个小项：该行数值记在 %s 行（三项之和），"
        "三个小项（%s）为空（null）。请按%s格式分列填写。",
        gik_table_names_zh[t], row->label, row->id, subs, rep->format->name);
    f->message_en = apr_psprintf(rep->pool,
        "%s prints “%s” as one row without its three sub-rows: its numbers are under "
        "\"%s\" (the sum of the three), the sub-rows (%s) are null. The %s format asks "
        "for the three rows.", gik_table_names_en[t], row->label, row->id, subs,
        rep->format->name);
}

/* Table A is recognised when at least half its rows were read: then a row
 * that is not there was left out.  Fewer, and what was found may be a stray
 * label: the missing rows stay CELL-INVALID. */
static int table_a_recognised(const gik_report *rep)
{
    const gik_table *tab = &rep->tables[GIK_TABLE_A];
    int r, c, rows = 0;
    for (r = 0; r < tab->tmpl->nrows; r++) {
        for (c = 0; c < tab->tmpl->ncols; c++) {
            if (((tab->tmpl->rows[r].colmask >> c) & 1)
                && GIK_CELL(tab, r, c)->state != GIK_CELL_ABSENT) {
                rows++;
                break;
            }
        }
    }
    return rows * 2 >= tab->tmpl->nrows;
}

static void row_missing(gik_report *rep, gik_table_id t, int r)
{
    const gik_row_tmpl *row = &rep->tables[t].tmpl->rows[r];
    gik_finding *f;
    if (t == GIK_TABLE_A && table_a_recognised(rep)) {
        row_omitted(rep, r);
        return;
    }
    f = row_finding(rep, "CELL-INVALID", GIK_SEV_ERROR, t, r);
    f->message = apr_psprintf(rep->pool, "%s中未找到“%s”行，该行数据为空（null）。",
                              gik_table_names_zh[t], row->label);
    f->message_en = apr_psprintf(rep->pool, "%s: row “%s” (%s) was not found; its cells are null.",
                                 gik_table_names_en[t], row->label, row->id);
}

/* Unreadable and missing cells one by one (each is a number nobody can
 * trust); blank cells once per row (publishers leave whole rows blank). */
static void cell_findings(gik_report *rep, gik_table_id t, int r)
{
    const gik_table *tab = &rep->tables[t];
    const gik_row_tmpl *row = &tab->tmpl->rows[r];
    gik_finding *blank = NULL;
    const char *blank_cols = NULL;
    int c;
    for (c = 0; c < tab->tmpl->ncols; c++) {
        const gik_cell *cell = GIK_CELL(tab, r, c);
        const gik_col_tmpl *col = &tab->tmpl->cols[c];
        gik_finding *f;
        if (!((row->colmask >> c) & 1)) {
            continue;
        }
        if (cell->state == GIK_CELL_INVALID || cell->state == GIK_CELL_ABSENT) {
            f = repair(rep, "CELL-INVALID", GIK_SEV_ERROR, t, row->id, col->id);
            gik_finding_cell(f, rep->pool, table_letter(t), row->id, col->id);
            if (cell->state == GIK_CELL_INVALID) {
                f->excerpt = cell->raw;
                f->message = apr_psprintf(rep->pool,
                    "%s“%s”行“%s”列的“%s”不是有效的%s，按空值（null）处理。",
                    gik_table_names_zh[t], row->label, col->label, cell->raw,
                    col->kind == GIK_VALUE_MONEY ? "非负金额" : "非负整数");
                f->message_en = apr_psprintf(rep->pool,
                    "%s, row “%s”, column “%s”: “%s” is not a valid %s; the cell is null.",
                    gik_table_names_en[t], row->label, col->label, cell->raw,
                    col->kind == GIK_VALUE_MONEY ? "non-negative amount"
                                                 : "non-negative whole number");
            }
            else {
                f->message = apr_psprintf(rep->pool,
                    "%s“%s”行缺少“%s”列的数值，按空值（null）处理。",
                    gik_table_names_zh[t], row->label, col->label);
                f->message_en = apr_psprintf(rep->pool,
                    "%s, row “%s”: the value for column “%s” is missing; the cell is null.",
                    gik_table_names_en[t], row->label, col->label);
            }
        }
        else if (cell->state == GIK_CELL_BLANK) {
            if (!blank) {
                blank = repair(rep, "CELL-BLANK", GIK_SEV_WARNING, t, row->id, col->id);
            }
            gik_finding_cell(blank, rep->pool, table_letter(t), row->id, col->id);
            blank_cols = blank_cols ? apr_pstrcat(rep->pool, blank_cols, "、", col->label, NULL)
                                    : col->label;
        }
    }
    if (blank) {
        blank->has_values = 1;
        blank->expected = 0;
        blank->actual = 0;
        blank->message = apr_psprintf(rep->pool,
            "%s“%s”行的%s列留空或填“—”，按 0 计算；请填写数字 0。",
            gik_table_names_zh[t], row->label, blank_cols);
        blank->message_en = apr_psprintf(rep->pool,
            "%s, row “%s”: column(s) %s printed blank or as a dash, read as 0; print 0 instead.",
            gik_table_names_en[t], row->label, blank_cols);
    }
}

/* Every cell of a table printed blank (a Word export of a body with nothing
 * to count): one CELL-BLANK for the table instead of one for each row. */
static int table_blank(gik_report *rep, gik_table_id t)
{
    const gik_table *tab = &rep->tables[t];
    gik_finding *f;
    int r, c;
    for (r = 0; r < tab->tmpl->nrows; r++) {
        for (c = 0; c < tab->tmpl->ncols; c++) {
            if (((tab->tmpl->rows[r].colmask >> c) & 1)
                && GIK_CELL(tab, r, c)->state != GIK_CELL_BLANK) {
                return 0;
            }
        }
    }
    f = repair(rep, "CELL-BLANK", GIK_SEV_WARNING, t, NULL, NULL);
    gik_finding_cell(f, rep->pool, table_letter(t), NULL, NULL);
    f->has_values = 1;
    f->expected = f->actual = 0;
    f->message = apr_psprintf(rep->pool, "%s的单元格全部留空，按 0 计算；请填写数字 0。",
                              gik_table_names_zh[t]);
    f->message_en = apr_psprintf(rep->pool, "%s is printed with every cell blank, read as 0; "
                                 "print 0 instead.", gik_table_names_en[t]);
    return 1;
}

static void label_mismatch_row(gik_report *rep, gik_table_id t, int r, const gik_raw_row *raw)
{
    const gik_row_tmpl *row = &rep->tables[t].tmpl->rows[r];
    gik_finding *f = repair(rep, "LABEL-MISMATCH", GIK_SEV_WARNING, t, row->id, NULL);
    gik_finding_cell(f, rep->pool, table_letter(t), row->id, NULL);
    f->excerpt = raw->label;
    f->message = apr_psprintf(rep->pool, "%s行名“%s”与格式规定的“%s”不一致。",
                              gik_table_names_zh[t], raw->label, row->label);
    f->message_en = apr_psprintf(rep->pool,
        "%s: row label “%s” only approximately matches the format's “%s”.",
        gik_table_names_en[t], raw->label, row->label);
}

static void label_mismatch_header(gik_report *rep, gik_table_id t, const char *printed,
                                  const gik_col_tmpl *col)
{
    gik_finding *f = repair(rep, "LABEL-MISMATCH", GIK_SEV_WARNING, t, NULL, col->id);
    gik_finding_cell(f, rep->pool, table_letter(t), NULL, NULL);
    f->excerpt = printed;
    f->message = apr_psprintf(rep->pool, "%s表头“%s”与格式规定的“%s”不一致。",
                              gik_table_names_zh[t], printed, col->label);
    f->message_en = apr_psprintf(rep->pool,
        "%s: column header “%s” only approximately matches the format's “%s”.",
        gik_table_names_en[t], printed, col->label);
}

static void header_missing(gik_report *rep, gik_table_id t, const char *what)
{
    gik_finding *f = repair(rep, "LABEL-MISMATCH", GIK_SEV_WARNING, t, NULL, NULL);
    gik_finding_cell(f, rep->pool, table_letter(t), NULL, NULL);
    f->message = apr_psprintf(rep->pool, "%s缺少表头“%s”。", gik_table_names_zh[t], what);
    f->message_en = apr_psprintf(rep->pool, "%s: the header “%s” is missing.",
                                 gik_table_names_en[t], what);
}

/* Column headers printed with other words than the format's. */
static void check_headers(gik_recogniser *rc, gik_table_id t)
{
    gik_report *rep = rc->rep;
    const gik_table_tmpl *tt = rep->tables[t].tmpl;
    int i, column_seen = 0;
    for (i = 0; i < rc->headers->nelts; i++) {
        const gik_raw_header *h = &APR_ARRAY_IDX(rc->headers, i, gik_raw_header);
        const gik_label_entry *e;
        gik_match m;
        if (h->table != t) {
            continue;
        }
        m = gik_labels_find(h->norm, GIK_LABEL_COLUMN, t, rep->format, 1, &e);
        if (m != GIK_MATCH_NONE) {
            column_seen = 1;
        }
        if (m == GIK_MATCH_APPROX) {
            label_mismatch_header(rep, t, h->printed, &tt->cols[e->col]);
        }
    }
    rep->tables[t].header_found = column_seen;
    if (!column_seen && t != GIK_TABLE_A) {
        header_missing(rep, t, t == GIK_TABLE_B ? "申请人情况" : "行政复议、行政诉讼");
    }
}

/* Table A's items each start with a caption row "第二十条第（X）项". */
static void check_captions(gik_recogniser *rc, const gik_row_source *srcs)
{
    gik_report *rep = rc->rep;
    const gik_table_tmpl *tt = rep->tables[GIK_TABLE_A].tmpl;
    const char *reported = "";
    int r;
    for (r = 0; r < tt->nrows; r++) {
        const char *cap = tt->rows[r].caption;
        const char *item = cap ? strstr(cap, "（") : NULL;
        static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八",
                                                "九", NULL };
        int bit = 0, i;
        if (!srcs[r].raw || !item) {
            continue;
        }
        for (i = 0; numerals[i]; i++) {
            if (strncmp(item + strlen("（"), numerals[i], strlen(numerals[i])) == 0) {
                bit = 1 << (i + 1);
            }
        }
        if (bit && !(rc->captions_seen & bit) && !strstr(reported, cap)) {
            header_missing(rep, GIK_TABLE_A, cap);
            reported = apr_pstrcat(rep->pool, reported, cap, NULL);
        }
    }
}

static int mode_of(const int *v, int n)
{
    int i, j, best = -1, best_count = 0;
    for (i = 0; i < n; i++) {
        int count = 0;
        for (j = 0; j < n; j++) {
            count += v[j] == v[i];
        }
        if (count > best_count) {
            best_count = count;
            best = v[i];
        }
    }
    return best;
}

/* A row is shifted when its values start neither at the column the header
 * puts the first applicant column in nor where most rows start, or when a
 * sub-row's label stands left or right of where the other sub-rows' labels
 * stand.  Text extractions collapse merged cells unevenly, so both columns
 * are accepted; anything else means a reader going by position would take
 * the wrong numbers.  Flattened tables have no positions to compare. */
static void check_layout(gik_recogniser *rc, const gik_row_source *srcs)
{
    gik_report *rep = rc->rep;
    const gik_table_tmpl *tt = rep->tables[GIK_TABLE_B].tmpl;
    int starts[64], label_cols[64], nstarts = 0, nlabels = 0, r, i, header_col = -1;
    int start_mode, label_mode, shifted = 0;
    gik_finding *f = NULL;
    const char *names = "";

    for (i = 0; i < rc->headers->nelts && header_col < 0; i++) {
        const gik_raw_header *h = &APR_ARRAY_IDX(rc->headers, i, gik_raw_header);
        if (h->table == GIK_TABLE_B && gik_match_label(h->norm, "自然人") == GIK_MATCH_EXACT) {
            header_col = h->col;
        }
    }
    for (r = 0; r < tt->nrows && r < 64; r++) {
        if (srcs[r].raw && !srcs[r].raw->flat && srcs[r].value_start >= 0) {
            starts[nstarts++] = srcs[r].value_start;
            if (tt->rows[r].category) {
                label_cols[nlabels++] = srcs[r].raw->label_col;
            }
        }
    }
    if (nstarts < 3) {
        return;
    }
    start_mode = mode_of(starts, nstarts);
    label_mode = nlabels >= 3 ? mode_of(label_cols, nlabels) : -1;
    for (r = 0; r < tt->nrows; r++) {
        const gik_row_source *s = &srcs[r];
        int bad;
        if (!s->raw || s->raw->flat || s->value_start < 0) {
            continue;
        }
        bad = (s->value_start != start_mode && s->value_start != header_col)
            || (tt->rows[r].category && label_mode >= 0 && s->raw->label_col != label_mode);
        if (!bad) {
            continue;
        }
        if (!f) {
            f = repair(rep, "LAYOUT-SHIFT", GIK_SEV_WARNING, GIK_TABLE_B, tt->rows[r].id, NULL);
        }
        gik_finding_cell(f, rep->pool, 'B', tt->rows[r].id, NULL);
        names = apr_pstrcat(rep->pool, names, *names ? "、" : "", "“", s->raw->label, "”", NULL);
        shifted++;
    }
    if (f) {
        f->message = apr_psprintf(rep->pool,
            "%s有 %d 行单元格与表头错位（%s），已按行名读取数值；请核对表格排版。",
            gik_table_names_zh[GIK_TABLE_B], shifted, names);
        f->message_en = apr_psprintf(rep->pool,
            "%s: %d row(s) have their cells shifted against the header (%s); their values were "
            "read by label. Check the table's layout.",
            gik_table_names_en[GIK_TABLE_B], shifted, names);
    }
}

void gik_recognise_repairs(gik_recogniser *rc, gik_row_source *const srcs[GIK_NTABLES])
{
    gik_report *rep = rc->rep;
    int t, r, blank;
    for (t = 0; t < GIK_NTABLES; t++) {
        const gik_table *tab = &rep->tables[t];
        if (!tab->present) {
            table_missing(rep, (gik_table_id)t);
            continue;
        }
        check_headers(rc, (gik_table_id)t);
        blank = table_blank(rep, (gik_table_id)t);
        for (r = 0; r < tab->tmpl->nrows; r++) {
            if (gik_table_row_merged(tab, r)) {
                row_merged(rep, (gik_table_id)t, r);
            }
            if (!srcs[t][r].raw) {
                if (gik_table_row_shown(tab, r) && !gik_table_row_in_merged(tab, r)) {
                    row_missing(rep, (gik_table_id)t, r);
                }
                continue;
            }
            if (srcs[t][r].match == GIK_MATCH_APPROX) {
                label_mismatch_row(rep, (gik_table_id)t, r, srcs[t][r].raw);
            }
            if (!blank) {
                cell_findings(rep, (gik_table_id)t, r);
            }
        }
    }
    if (rep->tables[GIK_TABLE_A].present) {
        check_captions(rc, srcs[GIK_TABLE_A]);
    }
    if (rep->tables[GIK_TABLE_B].present) {
        check_layout(rc, srcs[GIK_TABLE_B]);
    }
}
