/*
 * gik_recognise_joined.c - cells whose digits ran together.
 *
 * A crawler's flattened text prints a row's cells with no separator:
 * "640020470" under seven columns is 64|0|0|2|0|4|70 -- or 6|40|0|2|0|4|70,
 * or ten other cuts.  The reading is taken only when the digits admit
 * exactly one: every cell a number as printed (no leading zero: "05" is
 * never printed; a decimal point only in an amount, with at most
 * MAX_DECIMALS places; a sign only before a 本年增/减), a blank or a sign
 * in the run a cell boundary.  Otherwise the cells are null with a CELL-JOINED finding
 * that says how many readings there are.  The relations the rules then
 * check (row totals, the balance) are never used to pick a reading: a
 * check that chose its own input would always pass.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

#define MAX_DIGITS   GIK_MAX_VALUE_TEXT
#define COUNT_CAP    1000000L   /* readings are counted up to this */
#define MAX_DECIMALS 6          /* 万元 to the fen (平潭: 24252.311082); more is two cells run together */

typedef struct joined_run {
    char d[MAX_DIGITS + 1];     /* digits and decimal points, blanks removed */
    int cut[MAX_DIGITS + 1];    /* a blank stood before d[i]: a cell starts there */
    int len;
} joined_run;

static int parse_run(const char *text, joined_run *run)
{
    const char *s;
    int blank = 0;
    run->len = 0;
    for (s = text; *s; s++) {
        if (*s == ' ') {
            blank = 1;
            continue;
        }
        if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '+')
            || run->len == MAX_DIGITS) {
            return 0;
        }
        /* a sign starts a cell, as a blank does */
        run->cut[run->len] = (blank || *s == '-' || *s == '+') && run->len > 0;
        run->d[run->len++] = *s;
        blank = 0;
    }
    run->d[run->len] = '\0';
    return run->len > 0;
}

/* Can d[i..e) be one printed cell of this kind? */
static int piece_ok(const joined_run *run, int i, int e, gik_value_kind kind)
{
    int k, dots = 0;
    for (k = i + 1; k < e; k++) {
        if (run->cut[k]) {
            return 0;               /* a blank inside: two cells */
        }
    }
    if (run->d[i] == '-' || run->d[i] == '+') {
        if (kind != GIK_VALUE_SIGNED || e - i < 2) {
            return 0;
        }
        i++;
    }
    for (k = i; k < e; k++) {
        dots += run->d[k] == '.';
        if (run->d[k] == '-' || run->d[k] == '+') {
            return 0;
        }
    }
    if (run->d[i] == '.' || run->d[e - 1] == '.' || dots > (kind == GIK_VALUE_MONEY)) {
        return 0;
    }
    if (dots && e - (int)(strchr(run->d + i, '.') - run->d) - 1 > MAX_DECIMALS) {
        return 0;               /* "24252.311082" is no amount in 万元 */
    }
    return !(run->d[i] == '0' && e - i > 1 && run->d[i + 1] != '.');
}

/* WAYS(i, k): readings of d[i..] into the last k cells. */
#define WAYS(i, k) ways[(i) * (n + 1) + (k)]

static long count_readings(const joined_run *run, const gik_value_kind *kinds, int n,
                           long *ways)
{
    int i, k, e;
    for (i = run->len; i >= 0; i--) {
        WAYS(i, 0) = i == run->len;
        for (k = 1; k <= n; k++) {
            long w = 0;
            for (e = i + 1; e <= run->len; e++) {
                if (WAYS(e, k - 1) && piece_ok(run, i, e, kinds[n - k])) {
                    w += WAYS(e, k - 1);
                    if (w > COUNT_CAP) {
                        w = COUNT_CAP;
                    }
                }
            }
            WAYS(i, k) = w;
        }
    }
    return WAYS(0, n);
}

long gik_read_joined(gik_report *rep, gik_table_id t, const char *text, gik_cell **cells,
                     const gik_value_kind *kinds, const char *const *row_ids,
                     const char *const *col_ids, int n, const char *where_zh,
                     const char *where_en)
{
    long *ways;
    joined_run run;
    long readings = 0;
    int i, k, e;
    gik_finding *f;

    if (n <= GIK_MAX_ROW_CELLS && parse_run(text, &run)) {
        /* at most 65 x 16 counts, a few KB of the report's pool */
        ways = apr_palloc(rep->pool, sizeof(long) * (apr_size_t)(run.len + 1) * (apr_size_t)(n + 1));
        readings = count_readings(&run, kinds, n, ways);
    }
    if (readings == 1) {
        for (i = 0, k = n; k > 0; k--) {
            for (e = i + 1; e <= run.len; e++) {
                if (piece_ok(&run, i, e, kinds[n - k]) && WAYS(e, k - 1)) {
                    break;
                }
            }
            cells[n - k]->raw = apr_pstrndup(rep->pool, run.d + i, (apr_size_t)(e - i));
            cells[n - k]->state = gik_parse_number(cells[n - k]->raw, kinds[n - k],
                                                   &cells[n - k]->value);
            i = e;
        }
        return 1;
    }
    for (i = 0; i < n; i++) {
        cells[i]->state = GIK_CELL_JOINED;
        cells[i]->raw = apr_pstrdup(rep->pool, text);
        cells[i]->value = 0;
    }
    f = gik_finding_add(rep, "CELL-JOINED", GIK_SEV_WARNING);
    f->table = (char)('A' + t);
    f->row = row_ids[0];
    for (i = 0; i < n; i++) {
        gik_finding_cell(f, rep->pool, (char)('A' + t), row_ids[i], col_ids[i]);
    }
    f->excerpt = apr_pstrdup(rep->pool, text);
    if (readings) {
        /* "12 readings", or past the count: "more than 1000000" */
        const char *zh = apr_psprintf(rep->pool, readings >= COUNT_CAP ? "%ld 种以上" : "%ld 种",
                                      readings);
        const char *en = apr_psprintf(rep->pool, readings >= COUNT_CAP ? "more than %ld" : "%ld",
                                      readings);
        f->message = apr_psprintf(rep->pool,
            "%s的 %d 个单元格数字连在一起印作“%s”，有 %s拆分方式，无法确定各单元格数值，"
            "记为空（null）。", where_zh, n, text, zh);
        f->message_en = apr_psprintf(rep->pool,
            "%s: the digits of its %d cells ran together as “%s”, which admits %s readings; "
            "the cells are null.", where_en, n, text, en);
    }
    else {
        f->message = apr_psprintf(rep->pool,
            "%s的数字连在一起印作“%s”，无法拆成 %d 个单元格，记为空（null）。",
            where_zh, text, n);
        f->message_en = apr_psprintf(rep->pool,
            "%s: the digits ran together as “%s”, which cannot be read as %d cell%s; the "
            "cells are null.", where_en, text, n, n == 1 ? "" : "s");
    }
    return readings;
}
