/*
 * gik_utf8.c - the core's utilities (see gik_utf8.h): UTF-8, time stamps,
 * FNV-1a.  They depend on nothing but APR, so every stage, the tool and the
 * glue can use them without depending on each other.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_utf8.h"

/* ---- UTF-8 ------------------------------------------------------------ */

long gik_utf8_decode(const char *s, apr_size_t len, apr_size_t *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t n, i;
    long cp, min;

    *adv = 1;
    if (u[0] < 0x80) {
        return u[0];
    }
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        n = 2; cp = u[0] & 0x1f; min = 0x80;
    }
    else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        n = 3; cp = u[0] & 0x0f; min = 0x800;
    }
    else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        n = 4; cp = u[0] & 0x07; min = 0x10000;
    }
    else {
        return -1;   /* continuation byte, C0/C1 overlong lead, or > U+10FFFF */
    }
    if (len < n) {
        return -1;
    }
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            return -1;
        }
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return -1;
    }
    *adv = n;
    return cp;
}

int gik_utf8_next(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    int cp, n, i;
    if (p >= end) {
        return -1;
    }
    if (p[0] < 0x80) {
        *pp = p + 1;
        return p[0];
    }
    if ((p[0] & 0xe0) == 0xc0) {
        cp = p[0] & 0x1f; n = 1;
    }
    else if ((p[0] & 0xf0) == 0xe0) {
        cp = p[0] & 0x0f; n = 2;
    }
    else if ((p[0] & 0xf8) == 0xf0) {
        cp = p[0] & 0x07; n = 3;
    }
    else {
        *pp = p + 1;            /* stray continuation byte: skip it */
        return 0xfffd;
    }
    if (end - p <= n) {
        *pp = end;
        return 0xfffd;
    }
    for (i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *pp = p + i;
            return 0xfffd;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    *pp = p + n + 1;
    return cp;
}

char *gik_utf8_put(char *out, int cp)
{
    if (cp < 0x80) {
        *out++ = (char)cp;
    }
    else if (cp < 0x800) {
        *out++ = (char)(0xc0 | (cp >> 6));
        *out++ = (char)(0x80 | (cp & 0x3f));
    }
    else if (cp < 0x10000) {
        *out++ = (char)(0xe0 | (cp >> 12));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *out++ = (char)(0x80 | (cp & 0x3f));
    }
    else {
        *out++ = (char)(0xf0 | (cp >> 18));
        *out++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *out++ = (char)(0x80 | (cp & 0x3f));
    }
    return out;
}

int gik_is_space_cp(int cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f'
        || cp == '\v' || cp == 0xa0 || cp == 0x3000 || cp == 0xfeff
        || (cp >= 0x2000 && cp <= 0x200b);
}

apr_size_t gik_utf8_chars(const char *s)
{
    return gik_utf8_count(s, strlen(s));
}

/* Eight bytes at a time (labels and paragraphs are counted for every cell):
 * a continuation byte is 10xxxxxx, so its bit 7 is set and bit 6, shifted up
 * onto bit 7, is not; the multiplication adds the eight flags up in the top
 * byte. */
apr_size_t gik_utf8_count(const char *s, apr_size_t n)
{
    apr_size_t i = 0, cont = 0;
    for (; i + 8 <= n; i += 8) {
        apr_uint64_t w;
        memcpy(&w, s + i, 8);
        w = (w & ~(w << 1) & APR_UINT64_C(0x8080808080808080)) >> 7;
        cont += (apr_size_t)((w * APR_UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < n; i++) {
        cont += ((unsigned char)s[i] & 0xc0) == 0x80;
    }
    return n - cont;
}

int gik_utf8_cut(char *dst, apr_size_t size, const char *src)
{
    apr_size_t len = strlen(src), n = 0, adv;

    while (n < len) {
        gik_utf8_decode(src + n, len - n, &adv);
        if (n + adv > size - 1) {
            break;
        }
        n += adv;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n < len;
}

/* A character of valid UTF-8 is at most 3 bytes per input byte (an invalid
 * byte becomes the 3 bytes of U+FFFD). */
char *gik_utf8_sanitize(apr_pool_t *p, const char *s)
{
    apr_size_t len = strlen(s), i = 0, adv;
    char *out = apr_palloc(p, len * 3 + 1), *o = out;

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
    return out;
}

/* ---- time -------------------------------------------------------------- */

/* Into a caller's buffer too: gik_report_to_json has no pool of its own. */
void gik_iso8601_utc_buf(apr_time_t t, char out[32])
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
    gik_iso8601_utc_buf(t, buf);
    return apr_pstrdup(p, buf);
}

/* ---- FNV-1a ----------------------------------------------------------- */

apr_uint32_t gik_fnv1a32(apr_uint32_t h, const char *s)
{
    for (; s && *s; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

apr_uint64_t gik_fnv1a64(apr_uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    }
    return h;
}
