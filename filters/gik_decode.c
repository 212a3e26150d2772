/*
 * gik_decode.c - from the page's bytes to valid UTF-8.
 *
 * Everything downstream (libxml2 fed as UTF-8, the text tokenizer, the JSON
 * writer) relies on the output being valid UTF-8, so every path here ends in
 * either a validated copy or iconv output, and every byte that does not decode
 * becomes U+FFFD (EF BF BD) and is counted.
 *
 * Public behaviour decisions:
 *  - NUL bytes (U+0000) become U+FFFD and are counted as errors.  Dropping them
 *    could glue "1\0" "2" into "12", a silently wrong number; U+FFFD makes the
 *    cell unreadable instead, which the rules report.
 *  - An invalid UTF-8 sequence is replaced per "maximal subpart" (WHATWG/Unicode
 *    3-7): one U+FFFD for the longest valid prefix, or for one byte.
 *  - The BOM is consumed, not passed on.
 *  - A <meta> that names UTF-16 means UTF-8 (WHATWG: an ASCII-readable meta
 *    cannot be in UTF-16).
 *  - "euc-cn" is accepted as GB18030 besides the WHATWG labels: it is GB2312
 *    by definition and Chinese sites use it.
 *  - windows-1252 bytes that the code page leaves undefined (81, 8D, 8F, 90,
 *    9D) come out as U+FFFD (iconv), not as C1 controls as WHATWG would.
 *  - The one-byte 0x80 in GB18030 is the euro sign (WHATWG), which glibc
 *    rejects, so it is handled here.
 *
 * Output reaches the callback in pieces of at most GIK_DEC_OUT bytes, always
 * cut at a character boundary.
 */
#include <stddef.h>
#include <string.h>
#include <stdint.h>
#include <apr_strings.h>
#include <apr_xlate.h>
#include "gik_decode.h"
#include "gik_charset.h"
#include "gik_log.h"

#define GIK_DEC_OUT   16384   /* output piece size */
#define GIK_CARRY_MAX 3       /* longest incomplete character we hold over */

typedef enum {
    DEC_UTF8 = 0,
    DEC_UTF16LE,
    DEC_UTF16BE,
    DEC_XLATE           /* ASCII-compatible multibyte/single-byte via iconv */
} dec_mode;

/* How the iconv path finds character boundaries (to copy ASCII itself). */
typedef enum {
    LEAD_SINGLE = 0,    /* windows-1252: every byte is one character */
    LEAD_GB18030,       /* lead 81-FE, then 2 or 4 bytes */
    LEAD_BIG5           /* lead 81-FE, then 2 bytes */
} lead_kind;

struct gik_decoder {
    apr_pool_t *pool;
    gik_utf8_fn fn;
    void *baton;
    const char *header;        /* canonical, or NULL */
    const char *deflt;         /* canonical, or NULL */
    const char *charset;       /* decided canonical name, NULL while sniffing */
    dec_mode mode;
    lead_kind lead;
    apr_xlate_t *xlate;
    apr_size_t errors;
    const char *declared;      /* the label that said UTF-8 when the bytes said
                                  GB18030 (see decide()), else NULL */
    int declared_by_default;   /* ... and nothing on the page said it */
    int explicit_charset;      /* a header, a BOM or a <meta> named the charset */
    int nonascii;              /* a byte >= 0x80 was seen */
    apr_size_t nsniff;
    apr_size_t ncarry;
    apr_size_t out_len;
    /* buffers from here on: not zeroed (gik_decoder_create) */
    unsigned char carry[GIK_CARRY_MAX];
    unsigned char sniff[GIK_SNIFF_MAX];
    char out[GIK_DEC_OUT];
};

#define is_utf16   gik_charset_is_utf16

/* ------------------------------------------------------------------ */
/* Output                                                              */

static void out_flush(gik_decoder *d)
{
    if (d->out_len) {
        d->fn(d->baton, d->out, d->out_len);
        d->out_len = 0;
    }
}

/* Appends valid UTF-8; pieces handed on are cut at character boundaries. */
static void out_run(gik_decoder *d, const unsigned char *p, apr_size_t n)
{
    while (n) {
        apr_size_t room = GIK_DEC_OUT - d->out_len;
        apr_size_t cut;
        if (n <= room) {
            memcpy(d->out + d->out_len, p, n);
            d->out_len += n;
            return;
        }
        cut = room;
        while (cut && (p[cut] & 0xC0) == 0x80) {
            cut--;
        }
        memcpy(d->out + d->out_len, p, cut);
        d->out_len += cut;
        out_flush(d);
        p += cut;
        n -= cut;
    }
}

static void out_cp(gik_decoder *d, apr_uint32_t cp)
{
    unsigned char *o;
    if (GIK_DEC_OUT - d->out_len < 4) {
        out_flush(d);
    }
    o = (unsigned char *)d->out + d->out_len;
    if (cp < 0x80) {
        *o = (unsigned char)cp;
        d->out_len += 1;
        return;
    }
    if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | (cp >> 6));
        d->out_len += 2;
    }
    else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d->out_len += 3;
    }
    else {
        *o++ = (unsigned char)(0xF0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d->out_len += 4;
    }
    *o = (unsigned char)(0x80 | (cp & 0x3F));
}

static void out_bad(gik_decoder *d)
{
    d->errors++;
    out_cp(d, 0xFFFD);
}

/* End of the run of bytes 01..7F starting at p: eight bytes at a time, since
 * markup is mostly ASCII and this loop sets the decoder's speed. */
static const unsigned char *ascii_span(const unsigned char *p, const unsigned char *end)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if ((w | ((w - ones) & ~w)) & highs) {
            break;      /* a byte >= 0x80 or a NUL */
        }
        p += 8;
    }
    while (p < end && *p && *p < 0x80) {
        p++;
    }
    return p;
}

/* ------------------------------------------------------------------ */
/* Converters.  Each returns how many input bytes it consumed; when not
 * final it may leave at most GIK_CARRY_MAX bytes of an incomplete character. */

static apr_size_t utf8_run(gik_decoder *d, const unsigned char *s, apr_size_t n, int final)
{
    const unsigned char *p = s, *end = s + n, *run = s;

    while (p < end) {
        unsigned char c, lo = 0x80, hi = 0xBF;
        apr_size_t need, k;

        c = *p;
        /* a run of ASCII: on to its end (a character >= 0x80 or a NUL stops
         * it); tested first, so that a CJK character after a CJK character
         * goes straight to the test below, not through ascii_span */
        if (c >= 0x01 && c < 0x80) {
            p = ascii_span(p, end);
            continue;
        }
        /* the common case, a CJK character (E1-EC, EE-EF: no range limits
         * on the second byte), ahead of the general checks below */
        if (c >= 0xE1 && c != 0xED && c <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80
            && (p[2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        if (c == 0) {
            need = 0;
        }
        else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        }
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) {
                lo = 0xA0;
            }
            else if (c == 0xED) {
                hi = 0x9F;      /* no surrogates */
            }
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) {
                lo = 0x90;
            }
            else if (c == 0xF4) {
                hi = 0x8F;
            }
        }
        else {
            need = 0;           /* 80-C1, F5-FF, NUL: never valid here */
        }
        k = 1;
        if (need && p + 1 < end && p[1] >= lo && p[1] <= hi) {
            k = 2;
            while (k <= need && p + k < end && (p[k] & 0xC0) == 0x80) {
                k++;
            }
        }
        if (need && k == need + 1) {
            p += k;
            continue;
        }
        if (need && p + k == end && !final) {
            break;              /* may complete in the next feed */
        }
        out_run(d, run, (apr_size_t)(p - run));
        out_bad(d);
        p += k;
        run = p;
    }
    out_run(d, run, (apr_size_t)(p - run));
    return (apr_size_t)(p - s);
}

static apr_size_t utf16_run(gik_decoder *d, const unsigned char *s, apr_size_t n, int final)
{
    const unsigned char *p = s, *end = s + n;
    int be = d->mode == DEC_UTF16BE;

    while (end - p >= 2) {
        apr_uint32_t u = be ? ((apr_uint32_t)p[0] << 8 | p[1]) : ((apr_uint32_t)p[1] << 8 | p[0]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            apr_uint32_t u2;
            if (end - p < 4) {
                if (!final) {
                    break;
                }
                out_bad(d);
                p += 2;
                continue;
            }
            u2 = be ? ((apr_uint32_t)p[2] << 8 | p[3]) : ((apr_uint32_t)p[3] << 8 | p[2]);
            if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
                out_cp(d, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
                p += 4;
            }
            else {
                out_bad(d);     /* the next unit is read again on its own */
                p += 2;
            }
            continue;
        }
        if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF)) {
            out_bad(d);
        }
        else {
            out_cp(d, u);
        }
        p += 2;
    }
    if (final && p < end) {
        out_bad(d);             /* odd trailing byte */
        p = end;
    }
    return (apr_size_t)(p - s);
}

/* Bytes of the character starting at p, by its lead byte (and for GB18030
 * its second byte); may exceed what is available. */
static apr_size_t char_len(const gik_decoder *d, const unsigned char *p,
                           const unsigned char *end)
{
    if (d->lead == LEAD_SINGLE || *p < 0x81 || *p == 0xFF) {
        return 1;
    }
    if (d->lead == LEAD_GB18030 && p + 1 < end && p[1] >= 0x30 && p[1] <= 0x39) {
        return 4;
    }
    return 2;
}

/* Converts [p, end), whole characters by the walker in xlate_run, with iconv.
 * Stops after the first invalid byte (emitted as U+FFFD and skipped) so that
 * xlate_run walks again from where iconv resynchronises: the walker's idea of
 * character boundaries must never drift from iconv's.  *incomplete is set
 * when the tail [returned, end) is the start of a character. */
static const unsigned char *xlate_segment(gik_decoder *d, const unsigned char *p,
                                          const unsigned char *end, int *incomplete)
{
    *incomplete = 0;
    while (p < end) {
        apr_size_t inleft = (apr_size_t)(end - p), before = inleft;
        apr_size_t outleft;
        apr_status_t st;

        if (GIK_DEC_OUT - d->out_len < 8) {
            out_flush(d);
        }
        outleft = GIK_DEC_OUT - d->out_len;
        st = apr_xlate_conv_buffer(d->xlate, (const char *)p, &inleft,
                                   d->out + d->out_len, &outleft);
        d->out_len = GIK_DEC_OUT - outleft;
        p += before - inleft;
        if (st == APR_SUCCESS && (inleft == 0 || before != inleft)) {
            continue;           /* done, or output full: go round */
        }
        if (st == APR_INCOMPLETE && inleft <= GIK_CARRY_MAX) {
            *incomplete = 1;
            return p;
        }
        /* invalid, or no progress at all: never loop, never stall */
        out_bad(d);
        return p + 1;
    }
    return p;
}

static apr_size_t xlate_run(gik_decoder *d, const unsigned char *s, apr_size_t n, int final)
{
    const unsigned char *p = s, *end = s + n;

    while (p < end) {
        const unsigned char *q = ascii_span(p, end), *seg;
        int incomplete;
        out_run(d, p, (apr_size_t)(q - p));
        p = q;
        if (p >= end) {
            break;
        }
        if (*p == 0) {
            out_bad(d);
            p++;
            continue;
        }
        if (*p == 0x80 && d->lead == LEAD_GB18030) {
            out_cp(d, 0x20AC);
            p++;
            continue;
        }
        /* a segment of whole characters up to the next ASCII byte at a
         * character boundary; never across a NUL (no encoding here has NUL
         * as a trail byte, and iconv would pass it through) */
        q = p;
        while (q < end && *q >= 0x80 && !(*q == 0x80 && d->lead == LEAD_GB18030)) {
            apr_size_t l = char_len(d, q, end), i;
            for (i = 1; i < l && q + i < end && q[i]; i++) {
                ;
            }
            q += i;
            if (i < l) {
                break;
            }
        }
        seg = xlate_segment(d, p, q, &incomplete);
        if (incomplete) {
            if (q == end && !final) {
                p = seg;        /* may complete in the next feed: carry */
                break;
            }
            out_bad(d);         /* cut short by a NUL or by the end */
            seg++;
        }
        p = seg;
    }
    return (apr_size_t)(p - s);
}

static apr_size_t convert(gik_decoder *d, const unsigned char *s, apr_size_t n, int final)
{
    switch (d->mode) {
    case DEC_UTF16LE:
    case DEC_UTF16BE:
        return utf16_run(d, s, n, final);
    case DEC_XLATE:
        return xlate_run(d, s, n, final);
    default:
        return utf8_run(d, s, n, final);
    }
}

/* Converts with the carried-over bytes in front of buf. */
static void decode(gik_decoder *d, const unsigned char *buf, apr_size_t len, int final)
{
    apr_size_t used, i;

    for (i = 0; !d->nonascii && i < len; i++) {
        d->nonascii = buf[i] >= 0x80;
    }
    if (d->ncarry) {
        /* the carried character needs at most 4 - 1 more bytes; a few extra
         * are harmless (those not consumed are read again from buf) */
        unsigned char tmp[GIK_CARRY_MAX + 8];
        apr_size_t k = len < sizeof(tmp) - d->ncarry ? len : sizeof(tmp) - d->ncarry;
        memcpy(tmp, d->carry, d->ncarry);
        memcpy(tmp + d->ncarry, buf, k);
        used = convert(d, tmp, d->ncarry + k, final && k == len);
        if (used < d->ncarry) {
            /* still incomplete: all of buf fit into tmp (k == len) */
            d->ncarry = d->ncarry + k - used;
            memmove(d->carry, tmp + used, d->ncarry);
            return;
        }
        used -= d->ncarry;
        buf += used;
        len -= used;
        d->ncarry = 0;
    }
    used = convert(d, buf, len, final);
    d->ncarry = len - used;     /* <= GIK_CARRY_MAX by the converters' contract */
    memcpy(d->carry, buf + used, d->ncarry);
}

/* ------------------------------------------------------------------ */
/* Deciding the charset                                                */

/* The charsets read through iconv, by the names iconv is asked for (the
 * ones gik_decoder_probe_iconv checks at startup): the legacy charsets of
 * Chinese government sites; without them a page is read as UTF-8 and its
 * tables come out as mojibake (CHARSET findings). */
static const struct {
    const char *cs, *iconv_name;  /* WHATWG big5 is Big5-HKSCS */
    lead_kind lead;
} xl[] = { {CS_GB18030, "GB18030", LEAD_GB18030}, {CS_BIG5, "BIG5-HKSCS", LEAD_BIG5},
           {CS_1252, "WINDOWS-1252", LEAD_SINGLE} };
#define NXL ((int)(sizeof(xl) / sizeof(xl[0])))

int gik_decoder_probe_iconv(void)
{
    apr_pool_t *p;
    int i, failed = 0;

    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        gik_log(GIK_LOG_ERROR, "no memory for a pool: charsets not probed");
        return 1;
    }
    for (i = 0; i < NXL; i++) {
        apr_xlate_t *x;
        if (apr_xlate_open(&x, "UTF-8", xl[i].iconv_name, p) != APR_SUCCESS) {
            gik_log(GIK_LOG_WARNING, "iconv cannot convert %s: pages in it are read as "
                    "UTF-8 (install the iconv modules, e.g. glibc's gconv)", xl[i].iconv_name);
            failed++;
        }
    }
    apr_pool_destroy(p);
    return failed;
}

static void set_charset(gik_decoder *d, const char *cs)
{
    int i;

    d->charset = cs;
    if (is_utf16(cs)) {
        d->mode = cs == CS_UTF16LE ? DEC_UTF16LE : DEC_UTF16BE;
        return;
    }
    for (i = 0; i < NXL; i++) {
        if (cs == xl[i].cs && apr_xlate_open(&d->xlate, "UTF-8", xl[i].iconv_name,
                                             d->pool) == APR_SUCCESS) {
            d->mode = DEC_XLATE;
            d->lead = xl[i].lead;
            return;
        }
    }
    /* UTF-8, or iconv lacks the charset: validate as UTF-8 and say so */
    d->mode = DEC_UTF8;
    d->charset = CS_UTF8;
}

/* Tries to decide from the sniff buffer; returns nonzero when decided (and the
 * buffered bytes have been decoded). */
/* Invalid UTF-8 sequences in s; an incomplete one at the very end does not
 * count (the buffer, or the page, may just have been cut there). */
static apr_size_t utf8_invalid(const unsigned char *s, apr_size_t n)
{
    const unsigned char *p = s, *end = s + n;
    apr_size_t bad = 0;
    while (p < end) {
        unsigned char c = *p;
        apr_size_t need = c < 0x80 ? 0 : (c >= 0xC2 && c <= 0xDF) ? 1
                        : (c >= 0xE0 && c <= 0xEF) ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : 9;
        apr_size_t k;
        if (need == 9) {
            bad++;
            p++;
            continue;
        }
        for (k = 1; k <= need && p + k < end && (p[k] & 0xC0) == 0x80; k++) {
        }
        if (k <= need) {
            if (p + k == end) {
                break;
            }
            bad++;
            p++;
            continue;
        }
        p += need + 1;
    }
    return bad;
}

/* UTF-8 lead bytes of multi-byte characters in s (valid or not). */
static apr_size_t utf8_multibyte(const unsigned char *s, apr_size_t n)
{
    apr_size_t i, count = 0;
    for (i = 0; i < n; i++) {
        count += s[i] >= 0xC2 && s[i] <= 0xF4;
    }
    return count;
}

/* Whether s reads as GB18030 without a single invalid sequence. */
static int gb18030_clean(apr_pool_t *p, const unsigned char *s, apr_size_t n)
{
    apr_xlate_t *x;
    char out[GIK_SNIFF_MAX * 4];
    apr_size_t in_left = n, out_left = sizeof(out);
    apr_status_t rv;
    if (apr_xlate_open(&x, "UTF-8", xl[0].iconv_name, p) != APR_SUCCESS) {
        return 0;
    }
    rv = apr_xlate_conv_buffer(x, (const char *)s, &in_left, out, &out_left);
    apr_xlate_close(x);
    /* a character cut by the end of the buffer leaves at most 3 bytes */
    return (rv == APR_SUCCESS || rv == APR_INCOMPLETE) && in_left < 4;
}

/* The charset the first bytes show when they contradict cs, else cs.
 * Pages converted from Word keep saying charset=utf-8 (or nothing, or
 * iso-8859-1) while their bytes are GBK: when the start of the page is no
 * UTF-8 (two broken sequences at least: one may be a stray byte) but clean
 * GB18030, it is GB18030.  The reverse, a page labelled GBK or Latin-1
 * whose bytes are UTF-8 (a CMS template kept its old <meta>): GBK's byte
 * ranges accept most UTF-8 Chinese as other characters, so the test is
 * UTF-8's -- no invalid sequence and several multi-byte characters.  Big5
 * is left alone: its bytes are clean GB18030 too. */
static const char *by_the_bytes(gik_decoder *d, const char *cs, int by_default,
                                const unsigned char *s, apr_size_t n)
{
    int sniffable = cs == CS_UTF8 || cs == CS_GB18030 || cs == CS_1252;
    apr_size_t invalid;
    /* A charset the page or its header declares is what browsers use.  The
     * configured default is only our guess -- browsers never see it -- so
     * clean UTF-8 wins over any default: otherwise a GikReportDefaultCharset
     * big5 (or utf-16) in an .htaccess would turn a UTF-8 report into
     * mojibake, "not a report", and let a failing report through the gate. */
    if (!sniffable && !by_default) {
        return cs;
    }
    invalid = utf8_invalid(s, n);
    if (cs != CS_UTF8 && invalid == 0 && utf8_multibyte(s, n) >= 2) {
        return CS_UTF8;
    }
    /* Big5 bytes are mostly GB18030-clean too: only the three charsets
     * that are confused in practice are re-read as GB18030 */
    if (sniffable && cs != CS_GB18030 && invalid >= 2 && gb18030_clean(d->pool, s, n)) {
        return CS_GB18030;
    }
    return cs;
}

static int decide(gik_decoder *d, int final)
{
    const unsigned char *s = d->sniff;
    apr_size_t n = d->nsniff, skip = 0;
    const char *cs = NULL;

    if (n >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE))) {
        cs = s[0] == 0xFE ? CS_UTF16BE : CS_UTF16LE;
        skip = 2;
        d->explicit_charset = 1;       /* browsers honour a BOM first */
    }
    else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        cs = CS_UTF8;
        skip = 3;
        d->explicit_charset = 1;
    }
    else if (!final && n < 3 && (n == 0 || s[0] == 0xEF || s[0] == 0xFE || s[0] == 0xFF)
             && (n < 2 || s[1] == 0xBB)) {
        return 0;               /* could still be a BOM */
    }
    else if (n < GIK_SNIFF_MAX && !final) {
        return 0;               /* the <meta> may come later; the bytes may lie */
    }
    else {
        int by_default = 0;
        const char *checked;
        cs = d->header ? d->header : gik_charset_from_meta(d->pool, (const char *)s, n);
        if (!cs) {
            cs = d->deflt ? d->deflt : CS_UTF8;
            by_default = 1;
        }
        d->explicit_charset = !by_default;
        checked = by_the_bytes(d, cs, by_default, s, n);
        if (checked != cs) {
            d->declared = cs;
            d->declared_by_default = by_default;
            cs = checked;
        }
    }
    set_charset(d, cs);
    decode(d, s + skip, n - skip, 0);
    return 1;
}

/* ------------------------------------------------------------------ */
/* API                                                                 */

gik_decoder *gik_decoder_create(apr_pool_t *p, const char *header_charset,
                                const char *default_charset,
                                gik_utf8_fn fn, void *baton)
{
    gik_decoder *d = apr_palloc(p, sizeof(*d));

    /* the state zeroed; the buffers are read only up to their lengths and
     * zeroing their 17 KB was a third of a parse's memset */
    memset(d, 0, offsetof(gik_decoder, carry));
    d->pool = p;
    d->fn = fn;
    d->baton = baton;
    d->header = gik_charset_canonical(header_charset);
    d->deflt = gik_charset_canonical(default_charset);
    return d;
}

void gik_decoder_feed(gik_decoder *d, const char *buf, apr_size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;

    while (len && !d->charset) {
        apr_size_t take = GIK_SNIFF_MAX - d->nsniff < len ? GIK_SNIFF_MAX - d->nsniff : len;
        memcpy(d->sniff + d->nsniff, b, take);
        d->nsniff += take;
        b += take;
        len -= take;
        decide(d, 0);
    }
    if (d->charset) {
        decode(d, b, len, 0);
    }
}

int gik_decoder_explicit(const gik_decoder *d)
{
    return d->explicit_charset;
}

int gik_decoder_nonascii(const gik_decoder *d)
{
    return d->nonascii;
}

const char *gik_decoder_declared(const gik_decoder *d, int *by_default)
{
    if (by_default) {
        *by_default = d->declared_by_default;
    }
    return d->declared;
}

void gik_decoder_finish(gik_decoder *d)
{
    if (!d->charset) {
        decide(d, 1);
    }
    decode(d, (const unsigned char *)"", 0, 1);
    out_flush(d);
}

const char *gik_decoder_charset(const gik_decoder *d)
{
    return d->charset;
}

apr_size_t gik_decoder_errors(const gik_decoder *d)
{
    return d->errors;
}

int gik_decoder_is_utf16(const gik_decoder *d)
{
    return is_utf16(d->charset);
}
