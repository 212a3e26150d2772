/*
 * gik_charset.c - charset labels and the <meta> prescan: which charset a
 * page's HTTP header or <meta> names, as one of the canonical names the
 * decoder (gik_decode.c) works with.  Split from the decoder, which turns
 * bytes into UTF-8 once the charset is settled.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_decode.h"
#include "gik_charset.h"

/* ------------------------------------------------------------------ */
/* Labels                                                              */

typedef struct {
    const char *label;
    const char *canonical;
} charset_label;

const char gik_cs_gb18030[] = "GB18030";
const char gik_cs_utf8[] = "UTF-8";
const char gik_cs_1252[] = "windows-1252";
const char gik_cs_big5[] = "Big5";
const char gik_cs_utf16le[] = "UTF-16LE";
const char gik_cs_utf16be[] = "UTF-16BE";

static const charset_label labels[] = {
    /* WHATWG "GBK" and "gb18030": one decoder, GB18030 */
    {"gb2312", CS_GB18030}, {"gb_2312", CS_GB18030}, {"gb_2312-80", CS_GB18030},
    {"gbk", CS_GB18030}, {"x-gbk", CS_GB18030}, {"chinese", CS_GB18030},
    {"csgb2312", CS_GB18030}, {"csiso58gb231280", CS_GB18030},
    {"iso-ir-58", CS_GB18030}, {"cp936", CS_GB18030}, {"windows-936", CS_GB18030},
    {"gb18030", CS_GB18030}, {"euc-cn", CS_GB18030}, {"x-euc-cn", CS_GB18030},
    {"utf-8", CS_UTF8}, {"utf8", CS_UTF8}, {"unicode-1-1-utf-8", CS_UTF8},
    {"unicode11utf8", CS_UTF8}, {"unicode20utf8", CS_UTF8}, {"x-unicode20utf8", CS_UTF8},
    {"iso-8859-1", CS_1252}, {"latin1", CS_1252}, {"us-ascii", CS_1252},
    {"ascii", CS_1252}, {"windows-1252", CS_1252}, {"cp1252", CS_1252},
    {"x-cp1252", CS_1252}, {"iso8859-1", CS_1252}, {"iso88591", CS_1252},
    {"iso_8859-1", CS_1252}, {"iso_8859-1:1987", CS_1252}, {"l1", CS_1252},
    {"cp819", CS_1252}, {"ibm819", CS_1252}, {"csisolatin1", CS_1252},
    {"iso-ir-100", CS_1252}, {"ansi_x3.4-1968", CS_1252},
    {"big5", CS_BIG5}, {"big5-hkscs", CS_BIG5}, {"cn-big5", CS_BIG5},
    {"csbig5", CS_BIG5}, {"x-x-big5", CS_BIG5},
    {"utf-16", CS_UTF16LE}, {"utf-16le", CS_UTF16LE}, {"ucs-2", CS_UTF16LE},
    {"unicode", CS_UTF16LE}, {"csunicode", CS_UTF16LE},
    {"iso-10646-ucs-2", CS_UTF16LE}, {"unicodefeff", CS_UTF16LE},
    {"utf-16be", CS_UTF16BE}, {"unicodefffe", CS_UTF16BE},
    {NULL, NULL}
};

static int is_ascii_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && is_ascii_ws(*p)) {
        p++;
    }
    return p;
}

/* First byte at or after p that is in stops (which should list the
 * whitespace too when it stops). */
static const unsigned char *upto(const unsigned char *p, const unsigned char *end,
                                 const char *stops)
{
    while (p < end && !(*p && strchr(stops, *p))) {
        p++;
    }
    return p;
}

static const char *canonical_n(const char *label, apr_size_t len)
{
    char buf[40];
    const charset_label *l;
    const unsigned char *s = skip_ws((const unsigned char *)label,
                                     (const unsigned char *)label + len);
    const unsigned char *end = (const unsigned char *)label + len;
    apr_size_t n;
    while (end > s && is_ascii_ws(end[-1])) {
        end--;
    }
    n = (apr_size_t)(end - s);
    if (n == 0 || n >= sizeof(buf)) {
        return NULL;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (l = labels; l->label; l++) {
        if (strcasecmp(buf, l->label) == 0) {
            return l->canonical;
        }
    }
    return NULL;
}

const char *gik_charset_canonical(const char *label)
{
    return label ? canonical_n(label, strlen(label)) : NULL;
}

int gik_charset_is_utf16(const char *cs)
{
    return cs == CS_UTF16LE || cs == CS_UTF16BE;
}

/* ------------------------------------------------------------------ */
/* <meta> prescan (a compact version of WHATWG "prescan a byte stream") */

typedef struct {
    const unsigned char *p, *end;
} scan;

static int lc(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int ci_prefix(const unsigned char *p, const unsigned char *end, const char *lit)
{
    for (; *lit; lit++, p++) {
        if (p >= end || lc(*p) != (unsigned char)*lit) {
            return 0;
        }
    }
    return 1;
}

/* Reads one attribute at s->p.  Returns 0 at '>' or end of input.
 * name/value point into the buffer (not terminated). */
static int get_attr(scan *s, const unsigned char **name, apr_size_t *nlen,
                    const unsigned char **val, apr_size_t *vlen)
{
    const unsigned char *p = s->p, *end = s->end;
    while (p < end && (is_ascii_ws(*p) || *p == '/')) {
        p++;
    }
    if (p >= end || *p == '>') {
        s->p = p;
        return 0;
    }
    *name = p;
    p = upto(p + 1, end, " \t\n\r\f/>=");  /* a leading '=' is part of it */
    *nlen = (apr_size_t)(p - *name);
    *val = p;
    *vlen = 0;
    p = skip_ws(p, end);
    if (p >= end || *p != '=') {
        s->p = p;
        return p < end;
    }
    p = skip_ws(p + 1, end);
    if (p < end && (*p == '"' || *p == '\'')) {
        unsigned char q = *p++;
        *val = p;
        p = upto(p, end, q == '"' ? "\"" : "'");
        if (p >= end) {
            s->p = p;
            return 0;       /* unterminated: WHATWG aborts the prescan */
        }
        *vlen = (apr_size_t)(p - *val);
        p++;
    }
    else {
        *val = p;
        p = upto(p, end, " \t\n\r\f>");
        *vlen = (apr_size_t)(p - *val);
    }
    s->p = p;
    return 1;
}

/* WHATWG "extract a character encoding from a meta element" (content=). */
static const char *charset_from_content(const unsigned char *v, apr_size_t n)
{
    const unsigned char *p = v, *end = v + n;
    while (p + 7 <= end) {
        if (!ci_prefix(p, end, "charset")) {
            p++;
            continue;
        }
        p = skip_ws(p + 7, end);
        if (p >= end || *p != '=') {
            continue;
        }
        p++;
        p = skip_ws(p, end);
        if (p < end && (*p == '"' || *p == '\'')) {
            unsigned char q = *p++;
            const unsigned char *s = p;
            p = upto(p, end, q == '"' ? "\"" : "'");
            return p < end ? canonical_n((const char *)s, (apr_size_t)(p - s)) : NULL;
        }
        else {
            const unsigned char *s = p;
            p = upto(p, end, " \t\n\r\f;");
            return canonical_n((const char *)s, (apr_size_t)(p - s));
        }
    }
    return NULL;
}

/* Attributes of a <meta>; s->p is just after "<meta". */
static const char *meta_element(scan *s)
{
    const unsigned char *name, *val;
    apr_size_t nlen, vlen;
    int http_equiv_ct = 0;
    const char *from_charset = NULL, *from_content = NULL;
    int seen_charset = 0, seen_content = 0;

    while (get_attr(s, &name, &nlen, &val, &vlen)) {
        if (nlen == 10 && ci_prefix(name, name + nlen, "http-equiv")) {
            http_equiv_ct = vlen == 12 && ci_prefix(val, val + vlen, "content-type");
        }
        else if (nlen == 7 && ci_prefix(name, name + nlen, "charset") && !seen_charset) {
            seen_charset = 1;
            from_charset = canonical_n((const char *)val, vlen);
        }
        else if (nlen == 7 && ci_prefix(name, name + nlen, "content") && !seen_content) {
            seen_content = 1;
            from_content = charset_from_content(val, vlen);
        }
    }
    if (seen_charset) {
        return from_charset;
    }
    return http_equiv_ct ? from_content : NULL;
}

const char *gik_charset_from_meta(apr_pool_t *p, const char *buf, apr_size_t len)
{
    scan s;
    s.p = (const unsigned char *)buf;
    s.end = s.p + (len > GIK_SNIFF_MAX ? GIK_SNIFF_MAX : len);

    while (s.p < s.end) {
        const unsigned char *lt = memchr(s.p, '<', (apr_size_t)(s.end - s.p));
        const unsigned char *name, *val;
        apr_size_t nlen, vlen;
        if (!lt) {
            break;
        }
        s.p = lt;
        if (ci_prefix(s.p, s.end, "<!--")) {
            /* comments may hide a <meta>; skip past "-->" */
            const unsigned char *q = s.p + 2;
            s.p = s.end;
            for (; q + 3 <= s.end; q++) {
                if (q[0] == '-' && q[1] == '-' && q[2] == '>') {
                    s.p = q + 3;
                    break;
                }
            }
        }
        else if (ci_prefix(s.p, s.end, "<meta") && s.p + 5 < s.end
                 && (is_ascii_ws(s.p[5]) || s.p[5] == '/')) {
            const char *cs;
            s.p += 5;
            cs = meta_element(&s);
            if (cs) {
                return gik_charset_is_utf16(cs) ? CS_UTF8 : cs;
            }
        }
        else if (s.p + 1 < s.end && ((lc(s.p[1]) >= 'a' && lc(s.p[1]) <= 'z')
                                     || (s.p[1] == '/' && s.p + 2 < s.end
                                         && lc(s.p[2]) >= 'a' && lc(s.p[2]) <= 'z'))) {
            /* another tag: step over its name and attributes (quoted '>' too) */
            s.p++;
            s.p = upto(s.p, s.end, " \t\n\r\f>");
            while (get_attr(&s, &name, &nlen, &val, &vlen)) {
                ;
            }
        }
        else if (s.p + 1 < s.end && (s.p[1] == '!' || s.p[1] == '/' || s.p[1] == '?')) {
            const unsigned char *gt = memchr(s.p, '>', (apr_size_t)(s.end - s.p));
            s.p = gt ? gt + 1 : s.end;
        }
        else {
            s.p++;
        }
    }
    return NULL;
}

