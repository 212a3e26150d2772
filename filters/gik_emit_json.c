/*
 * gik_emit_json.c - the companion document, SPEC section 5.
 *
 * This is the public contract (doc/gikreport.schema.json describes it), so
 * the writer is deliberately literal: keys in the order of the SPEC, every
 * key always present (null when unknown) except source.site_id/pub_date,
 * and the same report always gives the same bytes (jansson keeps insertion
 * order; nothing here depends on hashing or time).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_sha1.h>
#include <apr_lib.h>
#include "gik_emit.h"

/* Counts above this cannot be represented exactly in a double anyway. */
#define GIK_MAX_EXACT 9007199254740992.0   /* 2^53 */

/*
 * A JSON string, or null for NULL.  The core promises UTF-8, but a document
 * jansson refuses would lose the whole key, so bytes that are not UTF-8 are
 * replaced by U+FFFD rather than trusted.
 */
static json_t *jstr(const char *s)
{
    json_t *j;
    apr_size_t len, i = 0, adv;
    char *out, *o;

    if (!s) {
        return json_null();
    }
    if ((j = json_string(s)) != NULL) {
        return j;
    }
    len = strlen(s);
    o = out = malloc(len * 3 + 1);
    if (!out) {
        return json_null();
    }
    while (i < len) {
        long cp = gik_utf8_decode(s + i, len - i, &adv);
        if (cp < 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        else {
            memcpy(o, s + i, adv);
            o += adv;
        }
        i += adv;
    }
    *o = '\0';
    j = json_string(out);
    free(out);
    return j ? j : json_null();
}

/* A whole number as a JSON integer, anything else as a real, so a fractional
 * value that slipped through is printed as read, never silently truncated. */
static json_t *jnumber(double v)
{
    if (!isfinite(v)) {
        return json_null();
    }
    if (v == floor(v) && fabs(v) < GIK_MAX_EXACT) {
        return json_integer((json_int_t)v);
    }
    return json_real(v);
}

static json_t *jcell(const gik_cell *c, gik_value_kind kind)
{
    double v;

    switch (c->state) {
    case GIK_CELL_OK:    v = c->value; break;
    case GIK_CELL_BLANK: v = 0;        break;
    default:             return json_null();
    }
    /* Money is always a real (0.0, 0.35) so consumers see one type per column. */
    if (kind == GIK_VALUE_MONEY) {
        return isfinite(v) ? json_real(v) : json_null();
    }
    return jnumber(v);
}

/* Into a caller's buffer: gik_report_to_json has no pool of its own. */
static void iso8601_utc(apr_time_t t, char out[32])
{
    apr_time_exp_t x;

    if (apr_time_exp_gmt(&x, t) != APR_SUCCESS) {
        memset(&x, 0, sizeof(x));
        x.tm_year = 70;
        x.tm_mday = 1;
    }
    apr_snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", x.tm_year + 1900,
                 x.tm_mon + 1, x.tm_mday, x.tm_hour, x.tm_min, x.tm_sec);
}

char *gik_iso8601_utc(apr_pool_t *p, apr_time_t t)
{
    char buf[32];
    iso8601_utc(t, buf);
    return apr_pstrdup(p, buf);
}

static void sha1_line(apr_sha1_ctx_t *ctx, const char *s)
{
    apr_sha1_update_binary(ctx, (const unsigned char *)s, (unsigned int)strlen(s));
    apr_sha1_update_binary(ctx, (const unsigned char *)"\n", 1);
}

/*
 * The fingerprint must survive a re-publication that changes the numbers:
 * it covers what the finding is about (rule, cells), not what it says
 * (values, messages).  Findings without cells are told apart by their
 * location and the narrative they quote.
 */
static void finding_id_hex(const gik_finding *f, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t ctx;
    int i;

    apr_sha1_init(&ctx);
    sha1_line(&ctx, f->rule ? f->rule : "");
    for (i = 0; f->cells && i < f->cells->nelts; i++) {
        sha1_line(&ctx, APR_ARRAY_IDX(f->cells, i, const char *));
    }
    if (!f->cells || f->cells->nelts == 0) {
        if (f->table || f->row || f->column) {
            /* '@' keeps this apart from any cell pointer, which starts with '/'. */
            char where[256];
            apr_snprintf(where, sizeof(where), "@%c/%s/%s", f->table ? f->table : '-',
                         f->row ? f->row : "", f->column ? f->column : "");
            sha1_line(&ctx, where);
        }
        if (f->excerpt) {
            sha1_line(&ctx, f->excerpt);
        }
    }
    apr_sha1_final(digest, &ctx);
    for (i = 0; i < 8; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xf];
    }
    out[16] = '\0';
}

const char *gik_finding_id(apr_pool_t *p, const gik_finding *f)
{
    char id[17];
    finding_id_hex(f, id);
    return apr_pstrdup(p, id);
}

static const char *severity_name(gik_severity s)
{
    switch (s) {
    case GIK_SEV_ERROR:   return "error";
    case GIK_SEV_WARNING: return "warning";
    case GIK_SEV_INFO:    return "info";
    default:              return NULL;
    }
}

/* "published" is a date: keep the YYYY-MM-DD of whatever the recogniser
 * found (a PubDate may carry a time), and say null rather than pass on
 * something that is not a date. */
static json_t *jdate(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    int i;

    if (!s) {
        return json_null();
    }
    for (i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? !apr_isdigit(s[i]) : s[i] != shape[i]) {
            return json_null();
        }
    }
    if (s[10] && s[10] != ' ' && s[10] != 'T') {
        return json_null();
    }
    return json_stringn(s, 10);
}

static json_t *source_json(const gik_report *rep)
{
    json_t *src = json_object();

    json_object_set_new(src, "uri", jstr(rep->uri));
    json_object_set_new(src, "etag", jstr(rep->etag));
    json_object_set_new(src, "bytes", json_integer(rep->bytes > 0 ? rep->bytes : 0));
    json_object_set_new(src, "charset", jstr(rep->charset));
    if (rep->site_id) {
        json_object_set_new(src, "site_id", jstr(rep->site_id));
    }
    if (rep->pub_date) {
        json_object_set_new(src, "pub_date", jstr(rep->pub_date));
    }
    return src;
}

static json_t *sections_json(const gik_report *rep)
{
    json_t *arr = json_array();
    int i;

    if (!rep->is_report) {
        return arr;
    }
    for (i = 0; i < GIK_NSECTIONS; i++) {
        const gik_section *sec = &rep->sections[i];
        json_t *o = json_object();
        json_object_set_new(o, "number", json_integer(i + 1));
        json_object_set_new(o, "title",
                            jstr(sec->title ? sec->title : gik_section_titles[i]));
        json_object_set_new(o, "present", json_boolean(sec->present));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *table_json(const gik_table *t)
{
    const gik_table_tmpl *tt = t->tmpl;
    json_t *tab = json_object();
    int r, c;

    for (r = 0; r < tt->nrows; r++) {
        json_t *row;
        if (!gik_table_row_shown(t, r)) {
            continue;
        }
        row = json_object();
        for (c = 0; c < tt->ncols; c++) {
            if (tt->rows[r].colmask & (1u << c)) {
                json_object_set_new(row, tt->cols[c].id,
                                    jcell(GIK_CELL(t, r, c), tt->cols[c].kind));
            }
        }
        json_object_set_new(tab, tt->rows[r].id, row);
    }
    return tab;
}

static json_t *tables_json(const gik_report *rep)
{
    static const char *const names[GIK_NTABLES] = { "A", "B", "C" };
    json_t *tables = json_object();
    int i;

    if (!rep->is_report) {
        return tables;
    }
    for (i = 0; i < GIK_NTABLES; i++) {
        if (rep->tables[i].tmpl && rep->tables[i].cells) {
            json_object_set_new(tables, names[i], table_json(&rep->tables[i]));
        }
    }
    return tables;
}

static json_t *finding_json(const gik_finding *f)
{
    json_t *o = json_object();
    json_t *cells = json_array();
    char id[17], table[2] = { f->table, 0 };
    /* Every finding speaks both languages; fall back rather than say null. */
    const char *msg = f->message ? f->message : f->message_en ? f->message_en : f->rule;
    const char *msg_en = f->message_en ? f->message_en : msg;
    int i;

    finding_id_hex(f, id);
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "rule", jstr(f->rule));
    json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
    json_object_set_new(o, "table", (f->table == 'A' || f->table == 'B' || f->table == 'C')
                                    ? json_string(table) : json_null());
    json_object_set_new(o, "row", jstr(f->row));
    json_object_set_new(o, "column", jstr(f->column));
    json_object_set_new(o, "formula", jstr(f->formula));
    for (i = 0; f->cells && i < f->cells->nelts; i++) {
        json_array_append_new(cells, jstr(APR_ARRAY_IDX(f->cells, i, const char *)));
    }
    json_object_set_new(o, "cells", cells);
    json_object_set_new(o, "expected", f->has_values ? jnumber(f->expected) : json_null());
    json_object_set_new(o, "actual", f->has_values ? jnumber(f->actual) : json_null());
    json_object_set_new(o, "excerpt", jstr(f->excerpt));
    json_object_set_new(o, "message", jstr(msg));
    json_object_set_new(o, "message_en", jstr(msg_en));
    return o;
}

static json_t *findings_json(const gik_report *rep)
{
    json_t *arr = json_array();
    int i;

    for (i = 0; rep->findings && i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, const gik_finding *);
        if (severity_name(f->severity)) {     /* GIK_SEV_OFF: switched off */
            json_array_append_new(arr, finding_json(f));
        }
    }
    return arr;
}

static json_t *checked_json(const gik_report *rep)
{
    json_t *o = json_object();
    json_t *na = json_array();
    char at[32];
    int i;

    iso8601_utc(rep->checked_at, at);
    json_object_set_new(o, "at", json_string(at));
    json_object_set_new(o, "rules_version", json_string(GIK_RULES_VERSION));
    json_object_set_new(o, "partial", json_boolean(rep->partial));
    for (i = 0; rep->not_assessable && i < rep->not_assessable->nelts; i++) {
        json_array_append_new(na, jstr(APR_ARRAY_IDX(rep->not_assessable, i,
                                                     const char *)));
    }
    json_object_set_new(o, "not_assessable", na);
    return o;
}

static json_t *summary_json(const gik_report *rep)
{
    json_t *o = json_object();
    gik_summary sum;

    gik_report_summary(rep, &sum);
    json_object_set_new(o, "status", json_string(sum.status));
    json_object_set_new(o, "errors", json_integer(sum.errors));
    json_object_set_new(o, "warnings", json_integer(sum.warnings));
    json_object_set_new(o, "infos", json_integer(sum.infos));
    return o;
}

json_t *gik_report_to_json(const gik_report *rep)
{
    json_t *doc = json_object();

    json_object_set_new(doc, "gikreport", json_string(GIK_CONTRACT_VERSION));
    json_object_set_new(doc, "source", source_json(rep));
    json_object_set_new(doc, "is_report", json_boolean(rep->is_report));
    json_object_set_new(doc, "format", rep->is_report && rep->format
                                       ? jstr(rep->format->name) : json_null());
    json_object_set_new(doc, "organization", jstr(rep->organization));
    json_object_set_new(doc, "year", rep->year > 0 ? json_integer(rep->year) : json_null());
    json_object_set_new(doc, "published", jdate(rep->published));
    json_object_set_new(doc, "sections", sections_json(rep));
    json_object_set_new(doc, "tables", tables_json(rep));
    json_object_set_new(doc, "findings", findings_json(rep));
    json_object_set_new(doc, "checked", checked_json(rep));
    json_object_set_new(doc, "summary", summary_json(rep));
    return doc;
}

char *gik_report_json_string(apr_pool_t *p, const gik_report *rep, size_t flags)
{
    json_t *doc = gik_report_to_json(rep);
    char *dump, *out;

    if (!(flags & JSON_REAL_PRECISION(0x1f))) {
        flags |= GIK_JSON_DUMP_FLAGS;
    }
    dump = json_dumps(doc, flags);
    json_decref(doc);
    if (!dump) {
        return NULL;
    }
    out = apr_pstrdup(p, dump);
    free(dump);
    return out;
}
