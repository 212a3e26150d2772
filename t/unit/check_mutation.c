/*
 * check_mutation.c - no broken number slips through.
 *
 * For every number printed in tables B and C of every fixture report (the
 * seeds, the committed generated pages, and -- when GIK_MUTATION_DIR names a
 * directory of generated pages -- those too), change that one number by +1
 * and by -1 (where it stays >= 0) and run the whole pipeline on the page.
 * At least one error must name the changed cell's row or column.  The test
 * prints the mutation score and fails below 100%.
 *
 * The number is changed in the token stream between the tokenizer and the
 * recogniser, so the same mutation works in every markup (Word tables, TSV,
 * markdown, flattened lines or paragraphs) without knowing where in the
 * bytes the markup put it; decoding and tokenizing are covered elsewhere.
 *
 * Table A's cells are mostly independent numbers: a mutation there is only
 * required to be caught when it breaks a relation (A-IN-FORCE); the others
 * are printed as not catchable by any rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_decode.h"
#include "gik_token.h"
#include "gik_recognise.h"
#include "gik_rules.h"

typedef struct mutation_shim {
    gik_recogniser *rc;
    int target;                /* index of the number to change, -1 none */
    int delta;
    int seen;                  /* plain integers seen so far */
    char buf[32];
} mutation_shim;

/* Digits only, no sign or unit: a cell value as the tables print it. */
static int plain_integer(const char *s, long *v)
{
    const char *p = s;
    if (!*p || strlen(p) > 9) {
        return 0;
    }
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
    }
    *v = atol(s);
    return 1;
}

static void shim_token(void *baton, const gik_token *tok)
{
    mutation_shim *m = baton;
    long v;
    if ((tok->kind == GIK_TOK_CELL || tok->kind == GIK_TOK_PARA)
        && plain_integer(tok->text, &v)) {
        if (m->seen++ == m->target && v + m->delta >= 0) {
            gik_token changed = *tok;
            snprintf(m->buf, sizeof(m->buf), "%ld", v + m->delta);
            changed.text = m->buf;
            changed.len = strlen(m->buf);
            gik_recognise_token(m->rc, &changed);
            return;
        }
    }
    gik_recognise_token(m->rc, tok);
}

typedef struct pipeline {
    int html;
    gik_html_tokenizer *ht;
    gik_text_tokenizer *tt;
} pipeline;

static void to_tokenizer(void *baton, const char *buf, apr_size_t len)
{
    pipeline *pl = baton;
    if (pl->html) {
        gik_html_tokenizer_feed(pl->ht, buf, len);
    }
    else {
        gik_text_tokenizer_feed(pl->tt, buf, len);
    }
}

static gik_report *run(apr_pool_t *p, const char *buf, apr_size_t len, int html,
                       const char *charset, int target, int delta, int *numbers)
{
    gik_report *rep = gik_report_create(p);
    mutation_shim m = { gik_recogniser_create(rep, NULL), target, delta, 0, "" };
    pipeline pl = { html, NULL, NULL };
    gik_decoder *dec = gik_decoder_create(p, charset, NULL, to_tokenizer, &pl);
    if (html) {
        pl.ht = gik_html_tokenizer_create(p, shim_token, &m);
    }
    else {
        pl.tt = gik_text_tokenizer_create(p, shim_token, &m);
    }
    gik_decoder_feed(dec, buf, len);
    gik_decoder_finish(dec);
    if (html) {
        gik_html_tokenizer_finish(pl.ht);
    }
    else {
        gik_text_tokenizer_finish(pl.tt);
    }
    gik_recogniser_finish(m.rc);
    if (rep->is_report) {
        gik_rules_run(rep, NULL, NULL);
    }
    if (numbers) {
        *numbers = m.seen;
    }
    return rep;
}

/* The one cell (table, row, col) whose value differs, or 0 when none or
 * several differ. */
static int changed_cell(const gik_report *a, const gik_report *b, int *t, int *r, int *c)
{
    int ti, ri, ci, found = 0;
    for (ti = 0; ti < GIK_NTABLES; ti++) {
        const gik_table *ta = &a->tables[ti], *tb = &b->tables[ti];
        if (!ta->tmpl || !tb->tmpl || ta->tmpl != tb->tmpl) {
            return 0;
        }
        for (ri = 0; ri < ta->tmpl->nrows; ri++) {
            for (ci = 0; ci < ta->tmpl->ncols; ci++) {
                const gik_cell *x = GIK_CELL(ta, ri, ci), *y = GIK_CELL(tb, ri, ci);
                if (x->state != y->state || x->value != y->value) {
                    if (found++) {
                        return 0;
                    }
                    *t = ti;
                    *r = ri;
                    *c = ci;
                }
            }
        }
    }
    return found == 1;
}

static int error_names_cell(const gik_report *rep, int t, const char *row, const char *col)
{
    const char *ptr = apr_psprintf(rep->pool, "/tables/%c/%s/%s", 'A' + t, row, col);
    int i, k;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        if (f->severity != GIK_SEV_ERROR || f->table != 'A' + t) {
            continue;
        }
        if ((f->row && strcmp(f->row, row) == 0) || (f->column && strcmp(f->column, col) == 0)) {
            return 1;
        }
        for (k = 0; k < f->cells->nelts; k++) {
            if (strcmp(APR_ARRAY_IDX(f->cells, k, const char *), ptr) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static int count_errors(const gik_report *rep)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        n += APR_ARRAY_IDX(rep->findings, i, gik_finding *)->severity == GIK_SEV_ERROR;
    }
    return n;
}

/* 现行有效件数 >= 本年制发件数 - 本年废止件数, on the mutated report. */
static int breaks_a_relation(const gik_report *rep, int r)
{
    const gik_table *a = &rep->tables[GIK_TABLE_A];
    int issued = gik_table_col_index(a, "issued"), repealed = gik_table_col_index(a, "repealed");
    int in_force = gik_table_col_index(a, "in_force");
    if (issued < 0 || repealed < 0 || in_force < 0
        || !((a->tmpl->rows[r].colmask >> in_force) & 1)) {
        return 0;
    }
    return GIK_CELL(a, r, in_force)->value
           < GIK_CELL(a, r, issued)->value - GIK_CELL(a, r, repealed)->value;
}

static struct {
    int bc_mutations, bc_caught;
    int a_catchable, a_caught;
    int files;
} score;

static void mutate_file(const char *path, const char *charset)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    const char *buf = gik_test_read(p, path, &len);
    int html = strstr(path, ".html") != NULL;
    int numbers, i, d;
    gik_report *base = run(p, buf, len, html, charset, -1, 0, &numbers);

    ck_assert_msg(base->is_report, "%s: not a report", path);
    ck_assert_msg(count_errors(base) == 0, "%s: the unmutated report has errors", path);
    score.files++;
    for (i = 0; i < numbers; i++) {
        for (d = -1; d <= 1; d += 2) {
            apr_pool_t *mp;
            gik_report *rep;
            int t, r, c;
            apr_pool_create(&mp, p);
            rep = run(mp, buf, len, html, charset, i, d, NULL);
            if (changed_cell(base, rep, &t, &r, &c)) {
                const gik_table_tmpl *tt = rep->tables[t].tmpl;
                const char *row = tt->rows[r].id, *col = tt->cols[c].id;
                int caught = error_names_cell(rep, t, row, col);
                if (t == GIK_TABLE_A) {
                    if (breaks_a_relation(rep, r)) {
                        score.a_catchable++;
                        score.a_caught += caught;
                        if (!caught) {
                            printf("MISSED %s A/%s/%s %+d\n", path, row, col, d);
                        }
                    }
                }
                else {
                    score.bc_mutations++;
                    score.bc_caught += caught;
                    if (!caught) {
                        printf("MISSED %s %c/%s/%s %+d\n", path, 'A' + t, row, col, d);
                    }
                }
            }
            apr_pool_destroy(mp);
        }
    }
}

START_TEST(test_mutations)
{
    const char *dir = getenv("GIK_MUTATION_DIR");
    int i;
    for (i = 0; i < gik_test_nfixtures; i++) {
        mutate_file(gik_test_fixtures[i].path, gik_test_fixtures[i].charset);
    }
    if (dir && *dir) {
        /* Pages written by t/gen/genreport.py: NNNN-MARKUP-ENCODING.ext */
        DIR *d = opendir(dir);
        struct dirent *e;
        ck_assert_msg(d != NULL, "GIK_MUTATION_DIR %s: cannot open", dir);
        while ((e = readdir(d)) != NULL) {
            const char *charset = strstr(e->d_name, "-gb18030.") ? "gb18030"
                                : strstr(e->d_name, "-gbk.") ? "gbk" : "utf-8";
            char *rel;
            if (!strstr(e->d_name, ".html") && !strstr(e->d_name, ".txt")) {
                continue;
            }
            rel = apr_psprintf(gik_test_pool(), "%s/%s", dir, e->d_name);
            mutate_file(rel, strstr(e->d_name, ".html") ? NULL : charset);
        }
        closedir(d);
    }
    printf("mutation: %d files, tables B and C: %d of %d mutations caught (%.1f%%); "
           "table A: %d of %d relation-breaking mutations caught\n",
           score.files, score.bc_caught, score.bc_mutations,
           score.bc_mutations ? 100.0 * score.bc_caught / score.bc_mutations : 0.0,
           score.a_caught, score.a_catchable);
    printf("mutation: table A cells no rule can catch (independent numbers): "
           "规章/行政规范性文件 本年制发件数 and 本年废止件数 unless they break "
           "现行有效件数 >= 制发 - 废止; 行政许可, 行政处罚, 行政强制 本年处理决定数量; "
           "行政事业性收费 本年收费金额; every 2019 table A cell\n");
    ck_assert_int_gt(score.bc_mutations, 1000);
    ck_assert_int_eq(score.bc_caught, score.bc_mutations);
    ck_assert_int_eq(score.a_caught, score.a_catchable);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mutation");
    TCase *tc = tcase_create("fixtures");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, test_mutations);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
