/*
 * gik_normalise.c - label folding and number reading, shared by the
 * recogniser and the rules.
 *
 * Real reports print the same label a dozen ways: full-width or half-width
 * brackets, "1." or "1. " or "1、", spaces inserted by PDF extraction inside
 * words ("结果 维持").  Matching is done on a folded form so that all of
 * those compare equal; what was actually printed is kept separately for the
 * messages.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "gik_recognise.h"
#include "gik_recognise_internal.h"

/* One code point folded for matching, or 0 to drop it. */
static int fold_cp(int cp)
{
    if (gik_is_space_cp(cp)) {
        return 0;
    }
    if (cp >= 0xff01 && cp <= 0xff5e) {       /* full-width ASCII */
        cp -= 0xfee0;
    }
    switch (cp) {
    case 0x3001:                              /* 、 */
    case 0xff61:                              /* ｡ half-width ideographic stop */
        return '.';
    case 0x3010: case 0x3014: case 0xff3b: case 0x3016:   /* 【 〔 ［ 〖 */
        return '(';
    case 0x3011: case 0x3015: case 0xff3d: case 0x3017:   /* 】 〕 ］ 〗 */
        return ')';
    case 0x201c: case 0x201d: case 0x300c: case 0x300d:   /* “ ” 「 」 */
    case 0x2018: case 0x2019:
        return '"';
    case 0x2013: case 0x2014: case 0x2212: case 0x2010: case 0x2015:
        return '-';
    default:
        break;
    }
    return cp;
}

/* The ASCII code points gik_is_space_cp() drops: a table load per byte, not
 * a call. */
static const unsigned char ascii_space[128] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1
};

apr_size_t gik_fold(char *out, apr_size_t size, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    char *o = out, *limit = out + size - 5;
    int cp;
    /* The end is the NUL, not a strlen first: a long paragraph is folded
     * only as far as out has room. */
    while (o < limit && *s) {
        /* The common characters without a call each to decode and encode:
         * ASCII (only its spaces fold), and a well-formed three-byte
         * character that folds to itself, copied as it stands (its
         * encoding is those bytes; a NUL is no continuation byte, so the
         * test stops at the end).  Everything else as the decoder says. */
        if (*s < 0x80) {
            if (!ascii_space[*s]) {
                *o++ = (char)*s;
            }
            s++;
            continue;
        }
        if ((*s & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
            cp = ((*s & 0x0f) << 12) | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
            /* CJK ideographs (U+4E00..U+9FFF) all fold to themselves */
            if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x800 && fold_cp(cp) == cp)) {
                memcpy(o, s, 3);
                o += 3;
                s += 3;
                continue;
            }
        }
        /* one character decodes from at most four bytes: what the decoder
         * sees of the rest is the same as with the string's real end */
        cp = fold_cp(gik_utf8_next(&s, s + strnlen((const char *)s, 4)));
        if (cp) {
            o = gik_utf8_put(o, cp);
        }
    }
    *o = '\0';
    return (apr_size_t)(o - out);
}

char *gik_normalise(apr_pool_t *p, const char *utf8)
{
    /* Folding never makes a character longer (full-width -> ASCII shrinks). */
    apr_size_t size = strlen(utf8) + 6;
    char *out = apr_palloc(p, size);
    gik_fold(out, size, utf8);
    return out;
}

/* ---- numbers --------------------------------------------------------- */

/* Strings publishers print for "nothing": read as 0 with CELL-BLANK. */
static int is_blank_marker(const char *s)
{
    static const char *const markers[] = {
        "", "-", "--", "---", "/", "无", "空", "\\", "—", "——", "－", "–", "―",
        "－－", NULL
    };
    int i;
    for (i = 0; markers[i]; i++) {
        if (strcmp(s, markers[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int ends_with(const char *s, apr_size_t len, const char *suffix)
{
    apr_size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Can cp stand in a number, a blank marker or a unit suffix below?  Any
 * other character makes the cell INVALID whatever follows: the recogniser
 * asks this of every text cell, twice, and most start with a word. */
static int number_cp(int cp)
{
    if (cp < 0x80) {
        return (cp >= '0' && cp <= '9') || cp == '+' || cp == '-' || cp == '.' || cp == '/'
               || cp == '\\';
    }
    switch (cp) {
    case 0x65e0: case 0x7a7a:                          /* 无 空 */
    case 0x2014: case 0x2013: case 0x2015:             /* — – ― */
    case 0x4e07: case 0x5143:                          /* 万 元 */
    case 0x4ef6: case 0x4e2a: case 0x9879: case 0x6b21: case 0x6761:   /* 件 个 项 次 条 */
        return 1;
    default:
        return 0;
    }
}

/* The common cell: one to fifteen ASCII digits and nothing else.  Read
 * here without the folding, the unit and marker tests and strtod, with the
 * same value (a double holds every integer of 15 digits exactly). */
static int plain_count(const char *text, double *out)
{
    double v = 0;
    int n;
    for (n = 0; text[n] >= '0' && text[n] <= '9'; n++) {
        v = v * 10 + (text[n] - '0');
    }
    if (n == 0 || n > 15 || text[n]) {
        return 0;
    }
    *out = v;
    return 1;
}

gik_cell_state gik_parse_number(const char *text, gik_value_kind kind, double *out)
{
    char buf[96];
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *end = s + strlen(text);
    apr_size_t n = 0, digits = 0;
    int cp, negative = 0, seen_dot = 0, frac_nonzero = 0;
    double scale = 1.0;
    char *b;

    *out = 0;
    if (plain_count(text, out)) {
        return GIK_CELL_OK;
    }
    /* Fold full-width digits and signs, drop spaces and thousands separators. */
    while ((cp = gik_utf8_next(&s, end)) >= 0) {
        if (gik_is_space_cp(cp)) {
            continue;
        }
        if (cp >= 0xff01 && cp <= 0xff5e) {
            cp -= 0xfee0;
        }
        if (cp == ',') {
            continue;                  /* thousands separator, 1,234 */
        }
        if (!number_cp(cp)) {
            return GIK_CELL_INVALID;   /* a word: most text cells stop here */
        }
        if (n + 4 >= sizeof(buf)) {
            return GIK_CELL_INVALID;   /* far too long to be a count */
        }
        n = (apr_size_t)(gik_utf8_put(buf + n, cp) - buf);
    }
    buf[n] = '\0';

    if (is_blank_marker(buf)) {
        return GIK_CELL_BLANK;
    }
    /* Units publishers append. */
    if (kind == GIK_VALUE_MONEY && ends_with(buf, n, "万元")) {
        n -= strlen("万元");
    }
    else if (kind == GIK_VALUE_MONEY && ends_with(buf, n, "元")) {
        n -= strlen("元");
        scale = 1.0 / 10000.0;          /* the contract's unit is 万元 */
    }
    else if (ends_with(buf, n, "件") || ends_with(buf, n, "个") || ends_with(buf, n, "项")
             || ends_with(buf, n, "次") || ends_with(buf, n, "条")) {
        n -= 3;                          /* each is one 3-byte character */
    }
    buf[n] = '\0';

    b = buf;
    if (*b == '+' || *b == '-') {
        negative = (*b == '-');
        b++;
    }
    if (!*b) {
        return GIK_CELL_INVALID;
    }
    {
        const char *q;
        for (q = b; *q; q++) {
            if (*q >= '0' && *q <= '9') {
                if (seen_dot) {
                    frac_nonzero |= (*q != '0');
                }
                else {
                    digits++;
                }
            }
            else if (*q == '.' && !seen_dot && q != b) {
                seen_dot = 1;
            }
            else {
                return GIK_CELL_INVALID;  /* letters, exponents, stray text */
            }
        }
        if (q[-1] == '.') {
            return GIK_CELL_INVALID;
        }
    }
    /* Beyond 15 digits a double no longer holds every integer exactly: refuse
     * rather than report a number that is not the one printed. */
    if (digits > 15) {
        return GIK_CELL_INVALID;
    }
    if (negative && kind != GIK_VALUE_SIGNED) {
        return GIK_CELL_INVALID;
    }
    if (frac_nonzero && kind != GIK_VALUE_MONEY) {
        return GIK_CELL_INVALID;
    }
    *out = strtod(b, NULL) * scale;
    if (negative) {
        *out = -*out;
    }
    if (*out == 0) {
        *out = 0;                        /* no -0 in the JSON */
    }
    return GIK_CELL_OK;
}

/* ---- Chinese numerals (the narrative's counts) ------------------------ */

static int cn_digit(long cp)
{
    static const long digits[] = { 0x96f6 /* 零 */, 0x4e00, 0x4e8c, 0x4e09, 0x56db,
                                   0x4e94, 0x516d, 0x4e03, 0x516b, 0x4e5d };
    int i;
    if (cp == 0x3007 /* 〇 */) {
        return 0;
    }
    if (cp == 0x4e24 /* 两 */) {
        return 2;
    }
    for (i = 0; i < 10; i++) {
        if (digits[i] == cp) {
            return i;
        }
    }
    return -1;
}

static long cn_unit(long cp)
{
    switch (cp) {
    case 0x5341: return 10;     /* 十 */
    case 0x767e: return 100;    /* 百 */
    case 0x5343: return 1000;   /* 千 */
    case 0x4e07: return 10000;  /* 万 */
    default:     return 0;
    }
}

long gik_cn_number(const char *s, apr_size_t len)
{
    long total = 0, section = 0, digit = -1, positional = 0;
    int ascii = 0, chinese = 0, units = 0, ndigits = 0;
    apr_size_t i = 0, adv;
    while (i < len) {
        long cp = gik_utf8_decode(s + i, len - i, &adv), unit;
        int d;
        i += adv;
        if (cp >= '0' && cp <= '9') {
            d = (int)(cp - '0');
            ascii = 1;
        }
        else if (cp >= 0xff10 && cp <= 0xff19) {
            d = (int)(cp - 0xff10);
            ascii = 1;
        }
        else if ((d = cn_digit(cp)) >= 0) {
            chinese = 1;
        }
        else if ((unit = cn_unit(cp)) != 0) {
            /* 十 alone or leading means one ten: 十五 = 15 */
            long n = digit >= 0 ? digit : (unit == 10 ? 1 : -1);
            chinese = 1;
            units = 1;
            if (n < 0 && unit != 10000) {
                return -1;
            }
            if (unit == 10000) {
                if (total == 0 && section == 0 && digit < 0) {
                    return -1;
                }
                section += digit > 0 ? digit : 0;
                total = (total + section) * 10000;
                section = 0;
            }
            else {
                section += n * unit;
            }
            digit = -1;
            continue;
        }
        else {
            return -1;
        }
        if (++ndigits > 9) {
            return -1;        /* counts in a report never need ten digits */
        }
        positional = positional * 10 + d;
        digit = d;
    }
    if ((ascii && chinese) || (!ascii && !chinese)) {
        return -1;
    }
    /* Digits alone read positionally: 12, ４５, and 二〇二四 as a year. */
    if (!units) {
        return positional;
    }
    return total + section + (digit > 0 ? digit : 0);
}
