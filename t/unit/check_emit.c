/*
 * check_emit.c - the writers: companion JSON, CSV, badge, and the schema's
 * agreement with the templates.  Reports are built by hand so that every
 * state the writers distinguish is present.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_emit.h"

/* 2026-11-22T10:00:00Z: 18:00 in Beijing. */
#define CHECKED_AT apr_time_from_sec(1795341600)

static gik_report *make_report(apr_pool_t *p)
{
    gik_report *rep = gik_report_create(p);
    gik_finding *f;

    rep->uri = "/xxgk/2024.html";
    rep->charset = "GB18030";
    rep->bytes = 12345;
    rep->is_report = 1;
    rep->organization = "辛店镇人民政府";
    rep->year = 2024;
    rep->published = "2025-01-14";
    rep->checked_at = CHECKED_AT;
    gik_report_set_format(rep, &gik_format_2021);
    rep->sections[0].present = 1;
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_B, "new", "natural_person",
                                         GIK_CELL_OK, 5), 0);
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_B, "carried_over", "natural_person",
                                         GIK_CELL_BLANK, 0), 0);
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_B, "granted", "total",
                                         GIK_CELL_INVALID, 0), 0);
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_A, "fees", "amount",
                                         GIK_CELL_OK, 0.35), 0);

    f = gik_finding_add(rep, "B-BALANCE", GIK_SEV_ERROR);
    f->table = 'B';
    f->row = "new";
    f->column = "natural_person";
    f->formula = "new + carried_over = outcome_total + carried_forward";
    gik_finding_cell(f, p, 'B', "new", "natural_person");
    gik_finding_cell(f, p, 'B', "carried_over", "natural_person");
    f->has_values = 1;
    f->expected = 5;
    f->actual = 4;
    f->message = "本年新收与上年结转之和应等于总计与结转下年度之和";
    f->message_en = "new + carried over must equal total + carried forward";

    f = gik_finding_add(rep, "CELL-BLANK", GIK_SEV_WARNING);
    f->table = 'B';
    gik_finding_cell(f, p, 'B', "carried_over", "natural_person");
    f->message = "空白单元格按0计";
    f->message_en = "blank cell read as 0";

    f = gik_finding_add(rep, "LATE", GIK_SEV_OFF);
    f->message = f->message_en = "switched off";

    f = gik_finding_add(rep, "RECTIFICATION", GIK_SEV_INFO);
    f->excerpt = "无";
    f->message = "第五部分未说明整改情况";
    f->message_en = "section 5 says nothing about rectification";

    APR_ARRAY_PUSH(rep->not_assessable, const char *) = "PREV-YEAR";
    return rep;
}

static json_t *roundtrip(apr_pool_t *p, const gik_report *rep)
{
    json_error_t err;
    char *s = gik_report_json_string(p, rep, JSON_INDENT(2));
    json_t *doc;

    ck_assert_ptr_nonnull(s);
    doc = json_loads(s, 0, &err);
    ck_assert_msg(doc != NULL, "output is not JSON: %s", err.text);
    return doc;
}

static json_t *at(json_t *doc, const char *path)
{
    /* "a.b.c" lookup; a missing step fails the test with the path. */
    char buf[256], *tok, *save;
    json_t *v = doc;

    apr_cpystrn(buf, path, sizeof(buf));
    for (tok = apr_strtok(buf, ".", &save); tok; tok = apr_strtok(NULL, ".", &save)) {
        v = json_is_array(v) ? json_array_get(v, atoi(tok)) : json_object_get(v, tok);
        ck_assert_msg(v != NULL, "no %s in the document", path);
    }
    return v;
}

START_TEST(test_json_keys_in_order)
{
    static const char *const keys[] = {
        "gikreport", "source", "is_report", "format", "organization", "year",
        "published", "sections", "tables", "findings", "checked", "summary", NULL
    };
    apr_pool_t *p = gik_test_pool();
    json_t *doc = roundtrip(p, make_report(p));
    void *it = json_object_iter(doc);
    int i;

    for (i = 0; keys[i]; i++, it = json_object_iter_next(doc, it)) {
        ck_assert_ptr_nonnull(it);
        ck_assert_str_eq(json_object_iter_key(it), keys[i]);
    }
    ck_assert_ptr_null(it);
    ck_assert_str_eq(json_string_value(at(doc, "gikreport")), "1.0");
    ck_assert_str_eq(json_string_value(at(doc, "source.uri")), "/xxgk/2024.html");
    ck_assert_int_eq(json_integer_value(at(doc, "source.bytes")), 12345);
    ck_assert_ptr_null(json_object_get(at(doc, "source"), "site_id"));
    ck_assert_ptr_null(json_object_get(at(doc, "source"), "pub_date"));
    ck_assert(json_is_null(at(doc, "source.etag")));
    ck_assert(json_is_true(at(doc, "is_report")));
    ck_assert_str_eq(json_string_value(at(doc, "format")), "2021");
    ck_assert_str_eq(json_string_value(at(doc, "organization")), "辛店镇人民政府");
    ck_assert(json_is_integer(at(doc, "year")));
    ck_assert_int_eq(json_integer_value(at(doc, "year")), 2024);
    ck_assert_str_eq(json_string_value(at(doc, "published")), "2025-01-14");
    ck_assert_int_eq(json_array_size(at(doc, "sections")), 6);
    ck_assert_int_eq(json_integer_value(at(doc, "sections.2.number")), 3);
    ck_assert_str_eq(json_string_value(at(doc, "sections.2.title")),
                     "收到和处理政府信息公开申请情况");
    ck_assert(json_is_true(at(doc, "sections.0.present")));
    ck_assert(json_is_false(at(doc, "sections.1.present")));
    json_decref(doc);
}
END_TEST

START_TEST(test_json_cells)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    json_t *doc = roundtrip(p, rep);
    char *s;

    ck_assert(json_is_integer(at(doc, "tables.B.new.natural_person")));
    ck_assert_int_eq(json_integer_value(at(doc, "tables.B.new.natural_person")), 5);
    ck_assert(json_is_integer(at(doc, "tables.B.carried_over.natural_person")));
    ck_assert_int_eq(json_integer_value(at(doc, "tables.B.carried_over.natural_person")), 0);
    ck_assert(json_is_null(at(doc, "tables.B.granted.total")));         /* invalid */
    ck_assert(json_is_null(at(doc, "tables.C.review.upheld")));         /* absent */
    ck_assert(json_is_real(at(doc, "tables.A.fees.amount")));
    ck_assert(json_real_value(at(doc, "tables.A.fees.amount")) == 0.35);
    /* Only the cells the template prints: fees has an amount and nothing else. */
    ck_assert_int_eq(json_object_size(at(doc, "tables.A.fees")), 1);
    ck_assert_int_eq(json_object_size(at(doc, "tables.A.regulations")), 3);
    /* every row but （六） merged, which this page does not print */
    ck_assert_int_eq(json_object_size(at(doc, "tables.B")), gik_format_2021.tables[1].nrows - 1);
    ck_assert_ptr_null(json_object_get(at(doc, "tables.B"), "other"));
    ck_assert_int_eq(json_object_size(at(doc, "tables.B.new")), 7);
    json_decref(doc);

    /* Exact decimal in the text, whatever flags the caller passes. */
    s = gik_report_json_string(p, rep, JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(s, "\"amount\":0.35}"));
    ck_assert_ptr_null(strstr(s, "0.3499"));
    ck_assert_ptr_null(strchr(s, '\n'));
}
END_TEST

START_TEST(test_json_findings_and_summary)
{
    apr_pool_t *p = gik_test_pool();
    json_t *doc = roundtrip(p, make_report(p));
    json_t *f;

    /* LATE is off: left out of the findings and the counts. */
    ck_assert_int_eq(json_array_size(at(doc, "findings")), 3);
    f = at(doc, "findings.0");
    ck_assert_int_eq(json_object_size(f), 13);
    ck_assert_int_eq(strlen(json_string_value(at(f, "id"))), 16);
    ck_assert_int_eq(strspn(json_string_value(at(f, "id")), "0123456789abcdef"), 16);
    ck_assert_str_eq(json_string_value(at(f, "rule")), "B-BALANCE");
    ck_assert_str_eq(json_string_value(at(f, "severity")), "error");
    ck_assert_str_eq(json_string_value(at(f, "table")), "B");
    ck_assert_str_eq(json_string_value(at(f, "row")), "new");
    ck_assert_str_eq(json_string_value(at(f, "column")), "natural_person");
    ck_assert_str_eq(json_string_value(at(f, "cells.1")),
                     "/tables/B/carried_over/natural_person");
    ck_assert(json_is_integer(at(f, "expected")));
    ck_assert_int_eq(json_integer_value(at(f, "expected")), 5);
    ck_assert_int_eq(json_integer_value(at(f, "actual")), 4);
    ck_assert(json_is_null(at(f, "excerpt")));
    ck_assert_str_eq(json_string_value(at(doc, "findings.1.severity")), "warning");
    ck_assert(json_is_null(at(doc, "findings.1.expected")));
    ck_assert(json_is_null(at(doc, "findings.1.formula")));
    ck_assert_str_eq(json_string_value(at(doc, "findings.2.rule")), "RECTIFICATION");
    ck_assert_str_eq(json_string_value(at(doc, "findings.2.severity")), "info");
    ck_assert(json_is_null(at(doc, "findings.2.table")));
    ck_assert_int_eq(json_array_size(at(doc, "findings.2.cells")), 0);

    ck_assert_str_eq(json_string_value(at(doc, "checked.at")), "2026-11-22T10:00:00Z");
    ck_assert_str_eq(json_string_value(at(doc, "checked.rules_version")), GIK_RULES_VERSION);
    ck_assert(json_is_false(at(doc, "checked.partial")));
    ck_assert_str_eq(json_string_value(at(doc, "checked.not_assessable.0")), "PREV-YEAR");
    ck_assert_str_eq(json_string_value(at(doc, "summary.status")), "fail");
    ck_assert_int_eq(json_integer_value(at(doc, "summary.errors")), 1);
    ck_assert_int_eq(json_integer_value(at(doc, "summary.warnings")), 1);
    ck_assert_int_eq(json_integer_value(at(doc, "summary.infos")), 1);
    json_decref(doc);
}
END_TEST

START_TEST(test_json_not_report)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = gik_report_create(p);
    json_t *doc;

    rep->uri = "-";
    rep->site_id = "1100000001";
    rep->pub_date = "2025-01-14 09:30";
    rep->published = "2025-01-14 09:30";
    doc = roundtrip(p, rep);
    ck_assert(json_is_false(at(doc, "is_report")));
    ck_assert(json_is_null(at(doc, "format")));
    ck_assert(json_is_null(at(doc, "year")));
    ck_assert(json_is_null(at(doc, "organization")));
    ck_assert_str_eq(json_string_value(at(doc, "published")), "2025-01-14");
    ck_assert_str_eq(json_string_value(at(doc, "source.site_id")), "1100000001");
    ck_assert_str_eq(json_string_value(at(doc, "source.pub_date")), "2025-01-14 09:30");
    ck_assert_int_eq(json_array_size(at(doc, "sections")), 0);
    ck_assert(json_is_object(at(doc, "tables")));
    ck_assert_int_eq(json_object_size(at(doc, "tables")), 0);
    /* No verdict for a page that is no report, and no badge vouching for it. */
    ck_assert_str_eq(json_string_value(at(doc, "summary.status")), "none");
    ck_assert_ptr_null(gik_report_badge(p, rep, "x.gik.html", NULL));
    json_decref(doc);

    rep->published = "14 January";          /* not a date: unknown, not passed on */
    doc = roundtrip(p, rep);
    ck_assert(json_is_null(at(doc, "published")));
    json_decref(doc);
}
END_TEST

START_TEST(test_json_deterministic_and_utf8)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *a = gik_report_json_string(p, rep, JSON_INDENT(2));
    char *b = gik_report_json_string(p, rep, JSON_INDENT(2));
    json_t *doc;

    ck_assert_str_eq(a, b);
    /* Bytes that are not UTF-8 must not cost the key or the document. */
    rep->organization = "\xff\xfe\xe8\xbe";
    rep->findings = apr_array_make(p, 1, sizeof(gik_finding *));
    doc = roundtrip(p, rep);
    ck_assert_str_eq(json_string_value(at(doc, "organization")),
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(json_string_value(at(doc, "summary.status")), "pass");
    json_decref(doc);
}
END_TEST

START_TEST(test_finding_id)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *r1 = gik_report_create(p), *r2 = gik_report_create(p);
    gik_finding *a = gik_finding_add(r1, "C-SUM", GIK_SEV_ERROR);
    gik_finding *b = gik_finding_add(r2, "C-SUM", GIK_SEV_WARNING);
    gik_finding *c = gik_finding_add(r2, "C-SUM", GIK_SEV_ERROR);
    gik_finding *d = gik_finding_add(r2, "B-COLUMN-SUM", GIK_SEV_ERROR);
    gik_finding *e1 = gik_finding_add(r2, "TEXT-TABLE", GIK_SEV_ERROR);
    gik_finding *e2 = gik_finding_add(r2, "TEXT-TABLE", GIK_SEV_ERROR);
    const char *ida;

    gik_finding_cell(a, p, 'C', "review", "total");
    gik_finding_cell(b, p, 'C', "review", "total");
    gik_finding_cell(c, p, 'C', "litigation_direct", "total");
    gik_finding_cell(d, p, 'C', "review", "total");
    a->has_values = 1;                 /* values and messages are not part of it */
    a->expected = 3;
    a->message_en = "different words";
    e1->excerpt = "本年度未收到申请";
    e2->excerpt = "本年度收到申请3件";

    ida = gik_finding_id(p, a);
    ck_assert_int_eq(strlen(ida), 16);
    ck_assert_int_eq(strspn(ida, "0123456789abcdef"), 16);
    ck_assert_str_eq(ida, gik_finding_id(p, b));
    ck_assert_str_ne(ida, gik_finding_id(p, c));
    ck_assert_str_ne(ida, gik_finding_id(p, d));
    ck_assert_str_ne(gik_finding_id(p, e1), gik_finding_id(p, e2));

    /* No cells, no excerpt: told apart by where they are. */
    e1->excerpt = e2->excerpt = NULL;
    e1->table = e2->table = 'C';
    e1->row = "review";
    e2->row = "litigation_direct";
    ck_assert_str_ne(gik_finding_id(p, e1), gik_finding_id(p, e2));
    e2->row = "review";
    ck_assert_str_eq(gik_finding_id(p, e1), gik_finding_id(p, e2));
}
END_TEST

START_TEST(test_csv_field)
{
    apr_pool_t *p = gik_test_pool();

    ck_assert_str_eq(gik_csv_field(p, "plain"), "plain");
    ck_assert_str_eq(gik_csv_field(p, "=1+2"), "'=1+2");
    ck_assert_str_eq(gik_csv_field(p, "+1"), "'+1");
    ck_assert_str_eq(gik_csv_field(p, "-1"), "'-1");
    ck_assert_str_eq(gik_csv_field(p, "@x"), "'@x");
    ck_assert_str_eq(gik_csv_field(p, "\tx"), "'\tx");
    ck_assert_str_eq(gik_csv_field(p, "a,b"), "\"a,b\"");
    ck_assert_str_eq(gik_csv_field(p, "q\"q"), "\"q\"\"q\"");
    ck_assert_str_eq(gik_csv_field(p, "two\nlines"), "\"two\nlines\"");
    ck_assert_str_eq(gik_csv_field(p, "=HYPERLINK(\"x\",1)"), "\"'=HYPERLINK(\"\"x\"\",1)\"");
    ck_assert_str_eq(gik_csv_field(p, "\r=1"), "\"'\r=1\"");
    ck_assert_str_eq(gik_csv_field(p, ""), "");
    ck_assert_str_eq(gik_csv_field(p, NULL), "");
}
END_TEST

static int count_cells(const gik_format *fmt)
{
    int t, r, c, n = 0;
    for (t = 0; t < GIK_NTABLES; t++) {
        for (r = 0; r < fmt->tables[t].nrows; r++) {
            for (c = 0; c < fmt->tables[t].ncols && !fmt->tables[t].rows[r].merged; c++) {
                n += !!(fmt->tables[t].rows[r].colmask & (1u << c));
            }
        }
    }
    return n;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; (s = strstr(s, "\r\n")) != NULL; s += 2) {
        n++;
    }
    return n;
}

START_TEST(test_csv_report)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *csv = gik_report_csv(p, rep);

    /* the UTF-8 byte order mark Excel on Windows needs, written out as
     * bytes so that the test does not lean on the macro it checks */
    ck_assert_int_eq(memcmp(csv, "\xEF\xBB\xBF", 3), 0);
    ck_assert_int_eq(strncmp(csv + 3, "table,row,column,label_row,label_column,value,state\r\n",
                             53), 0);
    ck_assert_ptr_null(strstr(csv + 3, "\xEF\xBB\xBF"));     /* once, at the start */
    ck_assert_int_eq(count_lines(csv), count_cells(&gik_format_2021) + 1);
    ck_assert_ptr_nonnull(strstr(csv, "\r\nB,new,natural_person,"
                                      "一、本年新收政府信息公开申请数量,自然人,5,ok\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\r\nB,carried_over,natural_person,"
                                      "二、上年结转政府信息公开申请数量,自然人,0,blank\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, ",总计,,invalid\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\r\nC,review,upheld,行政复议,结果维持,,absent\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, ",本年收费金额（单位：万元）,0.35,ok\r\n"));
    /* Template order: table A first, B's first row before its last. */
    ck_assert(strstr(csv, "\r\nA,") < strstr(csv, "\r\nB,new,"));
    ck_assert(strstr(csv, "\r\nB,new,") < strstr(csv, "\r\nB,carried_forward,"));

    /* Not a report: the header only. */
    rep->is_report = 0;
    ck_assert_int_eq(count_lines(gik_report_csv(p, rep)), 1);
}
END_TEST

/* Several reports in one file: one header with a file column (the tool's
 * --csv over several inputs), every line naming its file. */
START_TEST(test_csv_stacked)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    const char *head = gik_csv_header(1);
    char *rows = gik_report_csv_rows(p, rep, "a,b.html");
    char *plain = gik_report_csv_rows(p, rep, NULL);

    ck_assert_str_eq(head, "\xEF\xBB\xBF" "file,table,row,column,label_row,label_column,value,"
                           "state\r\n");
    ck_assert_int_eq(count_lines(rows), count_cells(&gik_format_2021));
    ck_assert_int_eq(strncmp(rows, "\"a,b.html\",A,regulations,issued,", 32), 0);
    ck_assert_ptr_nonnull(strstr(rows, "\r\n\"a,b.html\",B,new,natural_person,"));
    /* without a file the lines are the companion's, header and mark aside */
    ck_assert_str_eq(apr_pstrcat(p, gik_csv_header(0), plain, NULL), gik_report_csv(p, rep));
}
END_TEST

START_TEST(test_csv_negative_value_stays_a_number)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = gik_report_create(p);

    rep->is_report = 1;
    gik_report_set_format(rep, &gik_format_2019);
    ck_assert_int_eq(gik_report_set_cell(rep, GIK_TABLE_A, "fees", "change",
                                         GIK_CELL_OK, -1), 0);
    ck_assert_ptr_nonnull(strstr(gik_report_csv(p, rep),
                                 "\r\nA,fees,change,行政事业性收费,本年增/减,-1,ok\r\n"));
}
END_TEST

static void assert_ascii(const char *s)
{
    const unsigned char *u;
    for (u = (const unsigned char *)s; *u; u++) {
        ck_assert_msg(*u < 0x80, "non-ASCII byte 0x%02x at offset %d", *u,
                      (int)(u - (const unsigned char *)s));
    }
}

static int starts_ends(const char *s)
{
    apr_size_t n = strlen(s);
    return strncmp(s, "<!--gikreport:begin-->", 22) == 0 && n > 42
           && strcmp(s + n - 20, "<!--gikreport:end-->") == 0;
}

START_TEST(test_html_escape)
{
    apr_pool_t *p = gik_test_pool();

    ck_assert_str_eq(gik_html_escape_ascii(p, "a&<>\"'b"), "a&amp;&lt;&gt;&quot;&#39;b");
    ck_assert_str_eq(gik_html_escape_ascii(p, "通过"), "&#36890;&#36807;");
    ck_assert_str_eq(gik_html_escape_ascii(p, "\xF0\x9F\x98\x80"), "&#128512;");
    ck_assert_str_eq(gik_html_escape_ascii(p, "x\xE9"), "x&#65533;");      /* truncated */
    ck_assert_str_eq(gik_html_escape_ascii(p, "\xC0\xAF"), "&#65533;&#65533;"); /* overlong */
    ck_assert_str_eq(gik_html_escape_ascii(p, "\xED\xA0\x80"),               /* surrogate */
                     "&#65533;&#65533;&#65533;");
    ck_assert_str_eq(gik_html_escape_ascii(p, "a\x01" "b"), "a&#65533;b");
    /* bidi embeddings, overrides and isolates from a page would turn the badge's
     * text after them around (the year, the counts): U+FFFD like other controls */
    ck_assert_str_eq(gik_html_escape_ascii(p, "a\xE2\x80\xAE" "b\xE2\x81\xA6" "c\xE2\x80\xAA"),
                     "a&#65533;b&#65533;c&#65533;");
    /* a right-to-left mark is a format control too (gik_is_format_control) */
    ck_assert_str_eq(gik_html_escape_ascii(p, "\xE2\x80\x8F\xE2\x80\x94"), "&#65533;&#8212;");
    ck_assert_str_eq(gik_html_escape_ascii(p, NULL), "");
}
END_TEST

/* Bidi overrides and other format controls from a page never reach what
 * people read (issue 9): U+202E would show "liaf" for "fail". */
START_TEST(test_format_controls)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *b;

    ck_assert_str_eq(gik_text_for_display(p, "a\xE2\x80\xAE" "b\xE2\x81\xA6" "c"),
                     "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");                    /* U+202E U+2066 */
    ck_assert_str_eq(gik_text_for_display(p, "\xEF\xBB\xBFx\xE2\x80\x8By\xC2\x85z"),
                     "\xEF\xBF\xBDx\xEF\xBF\xBDy\xEF\xBF\xBDz");   /* BOM, ZWSP, NEL */
    ck_assert_str_eq(gik_text_for_display(p, "\xE9\x95\x87\t\xC0"),
                     "\xE9\x95\x87\t\xEF\xBF\xBD");                /* 镇, tab; invalid */
    ck_assert(gik_is_format_control(0x202e) && gik_is_format_control(0xe0041));
    ck_assert(!gik_is_format_control(0x9547) && !gik_is_format_control('a'));

    rep->organization = "\xE2\x80\xAE" "ssap \xE9\x95\x87";
    b = gik_report_badge(p, rep, NULL, NULL);
    ck_assert_ptr_null(strstr(b, "&#8238;"));
    ck_assert_ptr_nonnull(strstr(b, "&#65533;ssap &#38215;"));
}
END_TEST

START_TEST(test_badge_builtin)
{
    static const char root_fail[] = "<!--gikreport:begin--><div class=\"gikreport-badge "
                                    "gikreport-badge--fail\" role=\"status\"";
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *b;

    rep->organization = "<script>alert(\"x\")</script>'镇";
    b = gik_report_badge(p, rep, "/xxgk/2024.html.gik.html?a=1&b=\"2\"", NULL);
    assert_ascii(b);
    ck_assert(starts_ends(b));
    ck_assert_int_eq(strncmp(b, root_fail, strlen(root_fail)), 0);
    ck_assert_ptr_nonnull(strstr(b, " data-gik-status=\"fail\" data-gik-errors=\"1\""
                                    " data-gik-warnings=\"1\" data-gik-infos=\"1\""));
    ck_assert_ptr_null(strstr(b, "<script"));
    ck_assert_ptr_nonnull(strstr(b, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
                                    "&#39;&#38215; 2024"));
    ck_assert_ptr_nonnull(strstr(b, "href=\"/xxgk/2024.html.gik.html?a=1&amp;b=&quot;2&quot;\""));
    /* 未通过, and the time in Beijing time (10:00Z + 8h). */
    ck_assert_ptr_nonnull(strstr(b, "&#26410;&#36890;&#36807;"));
    ck_assert_ptr_nonnull(strstr(b, ">2026-11-22 18:00</time>"));
    ck_assert_ptr_nonnull(strstr(b, "datetime=\"2026-11-22T10:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(b, "#b91c1c"));
    ck_assert_ptr_null(strstr(b, "{{"));

    /* A clean report: 通过, green, and no link without a companion. */
    rep->findings = apr_array_make(p, 1, sizeof(gik_finding *));
    b = gik_report_badge(p, rep, NULL, NULL);
    assert_ascii(b);
    ck_assert_ptr_nonnull(strstr(b, "data-gik-status=\"pass\""));
    ck_assert_ptr_nonnull(strstr(b, "&#36890;&#36807;</strong>"));
    ck_assert_ptr_nonnull(strstr(b, "#15803d"));
    ck_assert_ptr_null(strstr(b, "<a "));
    ck_assert_ptr_null(strstr(b, "&#26410;"));
}
END_TEST

/* A check a reading limit stopped has its own state: neither the colour
 * nor the words of a verdict, the counts so far kept for monitoring. */
START_TEST(test_badge_partial)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *b;

    rep->partial = 1;
    b = gik_report_badge(p, rep, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(b, "gikreport-badge--partial\" role=\"status\""));
    ck_assert_ptr_nonnull(strstr(b, " data-gik-status=\"fail\" data-gik-errors=\"1\""));
    ck_assert_ptr_nonnull(strstr(b, " data-gik-state=\"partial\""));
    /* 未能完成检查 */
    ck_assert_ptr_nonnull(strstr(b, "&#26410;&#33021;&#23436;&#25104;&#26816;&#26597;"));
    ck_assert_ptr_null(strstr(b, "#fef2f2"));           /* not the fail colours */
    rep->partial = 0;
    ck_assert_ptr_nonnull(strstr(gik_report_badge(p, rep, NULL, NULL),
                                 " data-gik-state=\"fail\""));
}
END_TEST

START_TEST(test_badge_template)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *b;

    rep->organization = "A&B \"镇\"";
    b = gik_report_badge(p, rep, "x?a=1&b=2",
        "  <p class=\"gikreport-x\" role=\"status\">{{status}}|{{status_text}}|"
        "{{organization}}|{{year}}|{{errors}}/{{warnings}}/{{infos}}|{{href}}|"
        "说明|{{unknown}}|{{ broken\xff</p>\n");
    assert_ascii(b);
    ck_assert_str_eq(b, "<!--gikreport:begin--><p class=\"gikreport-x\" role=\"status\">"
                        "fail|&#26410;&#36890;&#36807;|A&amp;B &quot;&#38215;&quot;|2024|"
                        "1/1/1|x?a=1&amp;b=2|&#35828;&#26126;|{{unknown}}|{{ broken&#65533;"
                        "</p><!--gikreport:end-->");

    /* A leading comment documents the template; it is not copied into pages. */
    b = gik_report_badge(p, rep, NULL, "<!-- {{status}} notes -->\n<b>{{year}}</b>");
    ck_assert_str_eq(b, "<!--gikreport:begin--><b>2024</b><!--gikreport:end-->");
}
END_TEST

/* conf/gikreport-badge.html is documented as the built-in badge: it must
 * render the same, line breaks and indentation aside. */
START_TEST(test_badge_conf_file_is_builtin)
{
    apr_pool_t *p = gik_test_pool();
    gik_report *rep = make_report(p);
    char *tmpl = gik_test_read(p, "conf/gikreport-badge.html", NULL);
    char *from_file = gik_report_badge(p, rep, "c.gik.html", tmpl);
    char *builtin = gik_report_badge(p, rep, "c.gik.html", NULL);
    char *in, *out;

    for (in = out = from_file; *in; in++) {
        if (*in == '\n') {
            while (in[1] == ' ') {
                in++;
            }
            continue;
        }
        *out++ = *in;
    }
    *out = '\0';
    ck_assert_str_eq(from_file, builtin);
}
END_TEST

/* Every row and column id of gik_template.c, and only those, in the schema. */
static json_t *schema_def(json_t *defs, json_t *s)
{
    json_t *ref = json_object_get(s, "$ref");
    if (ref) {
        const char *name = strrchr(json_string_value(ref), '/');
        ck_assert_ptr_nonnull(name);
        s = json_object_get(defs, name + 1);
        ck_assert_ptr_nonnull(s);
    }
    return s;
}

static int merged_rows(const gik_table_tmpl *tt)
{
    int r, n = 0;
    for (r = 0; r < tt->nrows; r++) {
        n += tt->rows[r].merged;
    }
    return n;
}

static void check_schema_format(json_t *defs, const gik_format *fmt)
{
    static const char *const names[GIK_NTABLES] = { "A", "B", "C" };
    int t, r, c, ncols;

    for (t = 0; t < GIK_NTABLES; t++) {
        const gik_table_tmpl *tt = &fmt->tables[t];
        json_t *tab = json_object_get(defs, apr_psprintf(gik_test_pool(), "%s_%s",
                                                         names[t], fmt->name));
        json_t *rows;
        ck_assert_msg(tab != NULL, "schema has no %s_%s", names[t], fmt->name);
        rows = json_object_get(tab, "properties");
        ck_assert(json_is_false(json_object_get(tab, "additionalProperties")));
        ck_assert_int_eq(json_object_size(rows), tt->nrows);
        /* a merged row is in the document only when the page prints it */
        ck_assert_int_eq(json_array_size(json_object_get(tab, "required")),
                         tt->nrows - merged_rows(tt));
        for (r = 0; r < tt->nrows; r++) {
            json_t *row = json_object_get(rows, tt->rows[r].id), *cols;
            ck_assert_msg(row != NULL, "schema %s_%s lacks row %s", names[t], fmt->name,
                          tt->rows[r].id);
            row = schema_def(defs, row);
            cols = json_object_get(row, "properties");
            ck_assert(json_is_false(json_object_get(row, "additionalProperties")));
            for (c = ncols = 0; c < tt->ncols; c++) {
                if (tt->rows[r].colmask & (1u << c)) {
                    ncols++;
                    ck_assert_msg(json_object_get(cols, tt->cols[c].id) != NULL,
                                  "schema row %s lacks column %s", tt->rows[r].id,
                                  tt->cols[c].id);
                }
            }
            ck_assert_int_eq(json_object_size(cols), ncols);
        }
    }
}

START_TEST(test_schema_matches_templates)
{
    apr_pool_t *p = gik_test_pool();
    json_error_t err;
    json_t *schema = json_loads(gik_test_read(p, "doc/gikreport.schema.json", NULL), 0, &err);
    json_t *defs;

    ck_assert_msg(schema != NULL, "schema is not JSON: %s (line %d)", err.text, err.line);
    defs = json_object_get(schema, "$defs");
    ck_assert_ptr_nonnull(defs);
    check_schema_format(defs, &gik_format_2021);
    check_schema_format(defs, &gik_format_2019);
    json_decref(schema);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("emit");
    TCase *json = tcase_create("json");
    TCase *csv = tcase_create("csv");
    TCase *badge = tcase_create("badge");

    tcase_add_test(json, test_json_keys_in_order);
    tcase_add_test(json, test_json_cells);
    tcase_add_test(json, test_json_findings_and_summary);
    tcase_add_test(json, test_json_not_report);
    tcase_add_test(json, test_json_deterministic_and_utf8);
    tcase_add_test(json, test_finding_id);
    tcase_add_test(json, test_schema_matches_templates);
    tcase_add_test(csv, test_csv_field);
    tcase_add_test(csv, test_csv_report);
    tcase_add_test(csv, test_csv_stacked);
    tcase_add_test(csv, test_csv_negative_value_stays_a_number);
    tcase_add_test(badge, test_html_escape);
    tcase_add_test(badge, test_badge_builtin);
    tcase_add_test(badge, test_badge_partial);
    tcase_add_test(badge, test_format_controls);
    tcase_add_test(badge, test_badge_template);
    tcase_add_test(badge, test_badge_conf_file_is_builtin);
    suite_add_tcase(s, json);
    suite_add_tcase(s, csv);
    suite_add_tcase(s, badge);
    return gik_test_run(s);
}
