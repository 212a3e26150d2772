/*
 * check_decode.c - gik_decode: labels, sniffing precedence, conversion,
 * invalid input and feed-split independence.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_xlate.h>
#include "gik_test.h"
#include "gik_decode.h"
#include "gik_utf8.h"

/* Collects the decoder's output and checks each piece as it arrives. */
typedef struct {
    char *buf;
    apr_size_t len, cap;
    apr_size_t pieces, max_piece;
    int piece_starts_mid_char;
} sink;

static void sink_fn(void *baton, const char *buf, apr_size_t len)
{
    sink *s = baton;
    if (s->len + len + 1 > s->cap) {
        s->cap = (s->len + len + 1) * 2;
        s->buf = realloc(s->buf, s->cap);
    }
    memcpy(s->buf + s->len, buf, len);
    s->len += len;
    s->buf[s->len] = '\0';
    s->pieces++;
    if (len > s->max_piece) {
        s->max_piece = len;
    }
    if (len && ((unsigned char)buf[0] & 0xC0) == 0x80) {
        s->piece_starts_mid_char = 1;
    }
}

typedef struct {
    sink out;
    const char *charset;
    apr_size_t errors;
    int utf16;
} result;

/* Decodes in pieces of `chunk` bytes (0 = all at once). */
static result run(apr_pool_t *p, const char *header, const char *deflt,
                  const char *in, apr_size_t len, apr_size_t chunk)
{
    result r;
    gik_decoder *d;
    apr_size_t off = 0;
    memset(&r, 0, sizeof(r));
    d = gik_decoder_create(p, header, deflt, sink_fn, &r.out);
    if (!chunk) {
        chunk = len ? len : 1;
    }
    while (off < len) {
        apr_size_t n = len - off < chunk ? len - off : chunk;
        gik_decoder_feed(d, in + off, n);
        off += n;
    }
    gik_decoder_finish(d);
    r.charset = gik_decoder_charset(d);
    r.errors = gik_decoder_errors(d);
    r.utf16 = gik_decoder_is_utf16(d);
    if (!r.out.buf) {
        r.out.buf = strdup("");
    }
    return r;
}

static void done(result *r)
{
    free(r->out.buf);
}

/* Re-decoding the output as UTF-8 must find no error: it is valid UTF-8. */
static void assert_valid_utf8(apr_pool_t *p, const result *r)
{
    result again = run(p, "utf-8", NULL, r->out.buf, r->out.len, 0);
    ck_assert_uint_eq(again.errors, 0);
    ck_assert_uint_eq(again.out.len, r->out.len);
    ck_assert(memcmp(again.out.buf, r->out.buf, r->out.len) == 0);
    done(&again);
}

START_TEST(test_labels)
{
    static const char *const gb[] = {
        "gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "chinese", "csgb2312",
        "csiso58gb231280", "iso-ir-58", "cp936", "windows-936", "gb18030", NULL
    };
    static const char *const u8[] = { "utf-8", "utf8", "unicode-1-1-utf-8", NULL };
    static const char *const l1[] = {
        "iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252", NULL
    };
    int i;
    for (i = 0; gb[i]; i++) {
        ck_assert_msg(gik_charset_canonical(gb[i])
                      && strcmp(gik_charset_canonical(gb[i]), "GB18030") == 0, "%s", gb[i]);
    }
    for (i = 0; u8[i]; i++) {
        ck_assert_str_eq(gik_charset_canonical(u8[i]), "UTF-8");
    }
    for (i = 0; l1[i]; i++) {
        ck_assert_str_eq(gik_charset_canonical(l1[i]), "windows-1252");
    }
    ck_assert_str_eq(gik_charset_canonical("big5"), "Big5");
    ck_assert_str_eq(gik_charset_canonical("utf-16"), "UTF-16LE");
    ck_assert_str_eq(gik_charset_canonical("utf-16le"), "UTF-16LE");
    ck_assert_str_eq(gik_charset_canonical("utf-16be"), "UTF-16BE");
    /* case-insensitive, surrounding whitespace ignored (WHATWG "get an encoding") */
    ck_assert_str_eq(gik_charset_canonical(" GBK\t"), "GB18030");
    ck_assert_str_eq(gik_charset_canonical("UTF-8"), "UTF-8");
    ck_assert_ptr_null(gik_charset_canonical("klingon"));
    ck_assert_ptr_null(gik_charset_canonical(""));
    ck_assert_ptr_null(gik_charset_canonical(NULL));
    ck_assert_ptr_null(gik_charset_canonical("gb2312x"));
}
END_TEST

START_TEST(test_utf8_roundtrip)
{
    apr_pool_t *p = gik_test_pool();
    const char *s = "<p>辛店镇 2024 年政府信息公开工作年度报告 𠀀</p>";
    result r = run(p, NULL, NULL, s, strlen(s), 0);
    ck_assert_str_eq(r.out.buf, s);
    ck_assert_str_eq(r.charset, "UTF-8");
    ck_assert_uint_eq(r.errors, 0);
    ck_assert_int_eq(r.utf16, 0);
    done(&r);
}
END_TEST

START_TEST(test_gbk_bytes)
{
    apr_pool_t *p = gik_test_pool();
    /* 中文 in GBK, 镕 (E9 46) and 喆 (86 B4) exist only in GBK, not GB2312;
     * 𠀀 U+20000 is a GB18030 four-byte sequence */
    const char in[] = "\xD6\xD0\xCE\xC4 \xE9\x46\x86\xB4 \x95\x32\x82\x36";
    result r = run(p, "gb2312", NULL, in, sizeof(in) - 1, 0);
    ck_assert_str_eq(r.out.buf, "中文 镕喆 𠀀");
    ck_assert_str_eq(r.charset, "GB18030");
    ck_assert_uint_eq(r.errors, 0);
    done(&r);
    /* 0x80 alone is the euro sign in WHATWG's gb18030 */
    r = run(p, "gbk", NULL, "1\x80", 2, 0);
    ck_assert_str_eq(r.out.buf, "1€");
    done(&r);
}
END_TEST

START_TEST(test_gb18030_roundtrip_xlate)
{
    apr_pool_t *p = gik_test_pool();
    const char *u = "（三）不予公开 1.属于国家秘密 行政规范性文件 2 1 1 镕 𠀀 ABC";
    apr_xlate_t *x;
    char gb[512];
    apr_size_t inleft = strlen(u), outleft = sizeof(gb);
    result r;
    ck_assert(apr_xlate_open(&x, "GB18030", "UTF-8", p) == APR_SUCCESS);
    ck_assert(apr_xlate_conv_buffer(x, u, &inleft, gb, &outleft) == APR_SUCCESS);
    ck_assert_uint_eq(inleft, 0);
    r = run(p, "GB18030", NULL, gb, sizeof(gb) - outleft, 0);
    ck_assert_str_eq(r.out.buf, u);
    ck_assert_uint_eq(r.errors, 0);
    done(&r);
}
END_TEST

START_TEST(test_other_charsets)
{
    apr_pool_t *p = gik_test_pool();
    result r = run(p, "big5", NULL, "\xA4\xA4\xA4\xE5", 4, 0);
    ck_assert_str_eq(r.out.buf, "中文");
    ck_assert_str_eq(r.charset, "Big5");
    done(&r);
    r = run(p, "latin1", NULL, "caf\xE9", 4, 0);
    ck_assert_str_eq(r.out.buf, "café");
    ck_assert_str_eq(r.charset, "windows-1252");
    done(&r);
}
END_TEST

START_TEST(test_meta_sniffing)
{
    apr_pool_t *p = gik_test_pool();
    const char *a = "<html><head><meta charset=\"gbk\"><title>\xD6\xD0</title>";
    const char *b = "<html><head><META HTTP-EQUIV='Content-Type' "
                    "content='text/html; charset=GB2312'></head>\xD6\xD0";
    const char *c = "<!-- <meta charset=big5> --><meta name=x content=\"charset=big5\">"
                    "<meta http-equiv=content-type content=\"text/html;charset=x-gbk\">\xD6\xD0";
    result r = run(p, NULL, NULL, a, strlen(a), 0);
    ck_assert_str_eq(r.charset, "GB18030");
    ck_assert(strstr(r.out.buf, "<title>中</title>") != NULL);
    done(&r);
    r = run(p, NULL, NULL, b, strlen(b), 0);
    ck_assert_str_eq(r.charset, "GB18030");
    ck_assert(strstr(r.out.buf, "</head>中") != NULL);
    done(&r);
    /* commented-out meta and a non-http-equiv content= are not declarations */
    r = run(p, NULL, NULL, c, strlen(c), 0);
    ck_assert_str_eq(r.charset, "GB18030");
    done(&r);
    ck_assert_str_eq(gik_charset_from_meta(p, a, strlen(a)), "GB18030");
    ck_assert_ptr_null(gik_charset_from_meta(p, "<meta charset=bogus>", 20));
    /* utf-16 in a meta means UTF-8 */
    ck_assert_str_eq(gik_charset_from_meta(p, "<meta charset=utf-16>", 21), "UTF-8");
    /* an unknown label falls through to the next meta */
    ck_assert_str_eq(gik_charset_from_meta(p, "<meta charset=bogus><meta charset=gbk>", 38),
                     "GB18030");
}
END_TEST

START_TEST(test_meta_after_1024)
{
    apr_pool_t *p = gik_test_pool();
    char *page = apr_palloc(p, 2048);
    result r;
    memset(page, ' ', 1100);
    strcpy(page + 1100, "<meta charset=gbk>\xD6\xD0");
    r = run(p, NULL, NULL, page, strlen(page), 0);
    ck_assert_str_eq(r.charset, "UTF-8");
    ck_assert_uint_eq(r.errors, 2);   /* D6 D0 is not UTF-8 */
    done(&r);
    /* the configured default applies when nothing else decides */
    r = run(p, NULL, "gbk", page, strlen(page), 0);
    ck_assert_str_eq(r.charset, "GB18030");
    ck_assert_uint_eq(r.errors, 0);
    done(&r);
    /* a short page without meta is decided at finish */
    r = run(p, NULL, "gb2312", "\xD6\xD0", 2, 1);
    ck_assert_str_eq(r.out.buf, "中");
    done(&r);
}
END_TEST

START_TEST(test_precedence)
{
    apr_pool_t *p = gik_test_pool();
    const char *m = "<meta charset=gbk>\xE4\xB8\xAD";
    const char *bom = "\xEF\xBB\xBF<meta charset=gbk>\xE4\xB8\xAD";
    /* header beats meta */
    result r = run(p, "utf-8", NULL, m, strlen(m), 0);
    ck_assert_str_eq(r.charset, "UTF-8");
    ck_assert_str_eq(r.out.buf, "<meta charset=gbk>中");
    done(&r);
    /* BOM beats header (and is not passed on) */
    r = run(p, "gbk", NULL, bom, strlen(bom), 0);
    ck_assert_str_eq(r.charset, "UTF-8");
    ck_assert_str_eq(r.out.buf, "<meta charset=gbk>中");
    done(&r);
    /* an unknown header label falls through to meta */
    r = run(p, "x-nonsense", NULL, m, strlen(m), 0);
    ck_assert_str_eq(r.charset, "GB18030");
    done(&r);
    /* header beats default */
    r = run(p, "gbk", "utf-8", "\xD6\xD0", 2, 0);
    ck_assert_str_eq(r.out.buf, "中");
    done(&r);
    /* clean UTF-8 beats any configured default (browsers never see the
     * default: a Big5 or UTF-16 one must not turn a UTF-8 report into
     * mojibake), while a declared Big5 stays Big5 */
    {
        const char *u = "<p>\xE4\xB8\xAD\xE6\x96\x87</p>";      /* 中文 */
        const char *b5 = "<p>\xA4\xA4\xA4\xE5</p>";                 /* 中文 in Big5 */
        r = run(p, NULL, "big5", u, strlen(u), 1);
        ck_assert_str_eq(r.charset, "UTF-8");
        ck_assert_str_eq(r.out.buf, "<p>中文</p>");
        done(&r);
        r = run(p, NULL, "utf-16le", u, strlen(u), 1);
        ck_assert_str_eq(r.charset, "UTF-8");
        done(&r);
        r = run(p, NULL, "big5", b5, strlen(b5), 1);
        ck_assert_str_eq(r.out.buf, "<p>中文</p>");
        done(&r);
        r = run(p, "big5", NULL, u, strlen(u), 1);
        ck_assert_str_ne(r.charset, "UTF-8");
        done(&r);
    }
}
END_TEST

START_TEST(test_utf16)
{
    apr_pool_t *p = gik_test_pool();
    /* FF FE, "中" (4E2D), "A", U+20000 as D840 DC00 */
    const char le[] = "\xFF\xFE\x2D\x4E" "A\0" "\x40\xD8\x00\xDC";
    const char be[] = "\xFE\xFF\x4E\x2D\0A";
    result r = run(p, "gbk", NULL, le, sizeof(le) - 1, 0);
    ck_assert_str_eq(r.charset, "UTF-16LE");
    ck_assert_int_ne(r.utf16, 0);
    ck_assert_str_eq(r.out.buf, "中A𠀀");
    ck_assert_uint_eq(r.errors, 0);
    done(&r);
    r = run(p, NULL, NULL, le, sizeof(le) - 1, 1);
    ck_assert_str_eq(r.out.buf, "中A𠀀");
    done(&r);
    r = run(p, NULL, NULL, be, sizeof(be) - 1, 1);
    ck_assert_str_eq(r.charset, "UTF-16BE");
    ck_assert_str_eq(r.out.buf, "中A");
    done(&r);
    /* lone surrogate and an odd trailing byte */
    r = run(p, "utf-16le", NULL, "\x00\xD8" "A\0" "B", 5, 0);
    ck_assert_str_eq(r.out.buf, "\xEF\xBF\xBD" "A" "\xEF\xBF\xBD");
    ck_assert_uint_eq(r.errors, 2);
    done(&r);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    apr_pool_t *p = gik_test_pool();
    result r = run(p, NULL, NULL, "a\xFF" "b", 3, 0);
    ck_assert_str_eq(r.out.buf, "a\xEF\xBF\xBD" "b");
    ck_assert_uint_eq(r.errors, 1);
    done(&r);
    /* truncated at the end of input */
    r = run(p, NULL, NULL, "x\xE4\xB8", 3, 0);
    ck_assert_str_eq(r.out.buf, "x\xEF\xBF\xBD");
    ck_assert_uint_eq(r.errors, 1);
    done(&r);
    /* overlong and surrogate encodings: one U+FFFD per maximal subpart */
    r = run(p, NULL, NULL, "\xC0\x80\xED\xA0\x80\xE4\xB8" "z", 8, 0);
    ck_assert_uint_eq(r.errors, 6);
    ck_assert_str_eq(r.out.buf, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                                "\xEF\xBF\xBD\xEF\xBF\xBD" "z");
    done(&r);
    /* CJK after CJK (the decoder's fast path), then a bad byte, a NUL and
     * a character cut short between them */
    r = run(p, NULL, NULL, "\xE4\xB8\xAD\xE6\x96\x87\xFF\xE4\xB8\xAD\0\xE6\x96" "a", 14, 0);
    ck_assert_str_eq(r.out.buf, "\xE4\xB8\xAD\xE6\x96\x87\xEF\xBF\xBD\xE4\xB8\xAD"
                                "\xEF\xBF\xBD\xEF\xBF\xBD" "a");
    ck_assert_uint_eq(r.errors, 3);
    done(&r);
    /* NUL becomes U+FFFD and counts */
    r = run(p, NULL, NULL, "1\0" "2", 3, 0);
    ck_assert_str_eq(r.out.buf, "1\xEF\xBF\xBD" "2");
    ck_assert_uint_eq(r.errors, 1);
    done(&r);
}
END_TEST

START_TEST(test_invalid_gbk)
{
    apr_pool_t *p = gik_test_pool();
    /* FF is never valid; 81 followed by a space is a broken pair whose space
     * survives; a lone lead byte at the end; NUL inside a pair */
    const char in[] = "\xD6\xD0\xFF" "a\x81 b\xD6\0" "c\xD6";
    result r = run(p, "gbk", NULL, in, sizeof(in) - 1, 0);
    ck_assert_str_eq(r.out.buf, "中\xEF\xBF\xBD" "a\xEF\xBF\xBD b\xEF\xBF\xBD\xEF\xBF\xBD"
                                "c\xEF\xBF\xBD");
    ck_assert_uint_eq(r.errors, 5);
    done(&r);
}
END_TEST

/* Same output and error count whatever the feed split. */
static void assert_split_independent(apr_pool_t *p, const char *header,
                                     const char *in, apr_size_t len)
{
    static const apr_size_t chunks[] = { 1, 2, 3, 5, 7, 1000 };
    result whole = run(p, header, NULL, in, len, 0);
    apr_size_t i;
    assert_valid_utf8(p, &whole);
    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        result part = run(p, header, NULL, in, len, chunks[i]);
        ck_assert_msg(part.out.len == whole.out.len
                      && memcmp(part.out.buf, whole.out.buf, whole.out.len) == 0,
                      "%s split by %lu differs", header ? header : "sniffed",
                      (unsigned long)chunks[i]);
        ck_assert_uint_eq(part.errors, whole.errors);
        ck_assert_str_eq(part.charset, whole.charset);
        done(&part);
    }
    done(&whole);
}

START_TEST(test_split_independence)
{
    apr_pool_t *p = gik_test_pool();
    const char u8[] = "年度报告 𠀀 \xE4\xB8 bad \xF0\x9F\x98\x80 \xFF\xC3\xA9";
    const char gbk[] = "<meta charset=gbk>\xD6\xD0\xCE\xC4\xE9\x46\x95\x32\x82\x36"
                       "A\x81\x30\x81\x30\x95\x32\x82\x36\x81 \xFF";
    const char u16[] = "\xFF\xFE\x2D\x4E" "A\0" "\x40\xD8\x00\xDC" "\x00\xD8";
    assert_split_independent(p, NULL, u8, sizeof(u8) - 1);
    assert_split_independent(p, NULL, gbk, sizeof(gbk) - 1);
    assert_split_independent(p, "gb18030", gbk, sizeof(gbk) - 1);
    assert_split_independent(p, NULL, u16, sizeof(u16) - 1);
}
END_TEST

/* Random bytes: never stuck, always valid UTF-8, split-independent. */
START_TEST(test_random_bytes)
{
    apr_pool_t *p = gik_test_pool();
    static const char *const cs[] = { "utf-8", "gb18030", "big5", "latin1", "utf-16be" };
    char buf[3000];
    unsigned seed = 12345;
    int round, i, k;
    for (round = 0; round < 20; round++) {
        for (i = 0; i < (int)sizeof(buf); i++) {
            seed = seed * 1103515245u + 12345u;
            /* bias towards lead/trail byte ranges and ASCII */
            buf[i] = (char)((seed >> 16) & 0xFF);
        }
        for (k = 0; k < 5; k++) {
            assert_split_independent(p, cs[k], buf, sizeof(buf));
        }
    }
}
END_TEST

/* gik_utf8_count reads eight bytes at a time: every length and alignment,
 * random bytes, against counting the bytes that are not 10xxxxxx one by one. */
START_TEST(test_utf8_count)
{
    unsigned char buf[48];
    unsigned seed = 777;
    int round, off, n, i;
    ck_assert_uint_eq(gik_utf8_count("\xe6\x94\xbf\xe5\xba\x9c" "abc", 9), 5);
    ck_assert_uint_eq(gik_utf8_chars("\xef\xbc\x88\xe4\xb8\x80\xef\xbc\x89 12345678"), 12);
    for (round = 0; round < 2000; round++) {
        for (i = 0; i < (int)sizeof(buf); i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)((seed >> 16) & 0xFF);
        }
        for (off = 0; off < 8; off++) {
            for (n = 0; off + n <= (int)sizeof(buf); n += 1 + round % 5) {
                apr_size_t want = 0;
                for (i = off; i < off + n; i++) {
                    want += (buf[i] & 0xC0) != 0x80;
                }
                ck_assert_uint_eq(gik_utf8_count((const char *)buf + off, (apr_size_t)n), want);
            }
        }
    }
}
END_TEST

START_TEST(test_pieces)
{
    apr_pool_t *p = gik_test_pool();
    apr_size_t n = 200000, i;
    char *big = apr_palloc(p, n + 1);
    result r;
    /* 2 + 3-byte characters: piece boundaries would fall inside characters */
    for (i = 0; i + 5 <= n; i += 5) {
        memcpy(big + i, "a\xE4\xB8\xAD" "b", 5);
    }
    big[i] = '\0';
    r = run(p, NULL, NULL, big, i, 0);
    ck_assert_uint_eq(r.out.len, i);
    ck_assert_uint_le(r.out.max_piece, 16384);
    ck_assert_uint_ge(r.out.pieces, i / 16384);
    ck_assert_int_eq(r.out.piece_starts_mid_char, 0);
    done(&r);
}
END_TEST

START_TEST(test_seeds_utf8)
{
    apr_pool_t *p = gik_test_pool();
    int i;
    for (i = 0; i < 5; i++) {
        apr_size_t len;
        char *s = gik_test_read(p, gik_test_seeds[i], &len);
        result r = run(p, NULL, NULL, s, len, 0);
        ck_assert_uint_eq(r.errors, 0);
        ck_assert_uint_eq(r.out.len, len);
        ck_assert(memcmp(r.out.buf, s, len) == 0);
        done(&r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_labels);
    tcase_add_test(tc, test_utf8_roundtrip);
    tcase_add_test(tc, test_gbk_bytes);
    tcase_add_test(tc, test_gb18030_roundtrip_xlate);
    tcase_add_test(tc, test_other_charsets);
    tcase_add_test(tc, test_meta_sniffing);
    tcase_add_test(tc, test_meta_after_1024);
    tcase_add_test(tc, test_precedence);
    tcase_add_test(tc, test_utf16);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_invalid_gbk);
    tcase_add_test(tc, test_split_independence);
    tcase_add_test(tc, test_random_bytes);
    tcase_add_test(tc, test_utf8_count);
    tcase_add_test(tc, test_pieces);
    tcase_add_test(tc, test_seeds_utf8);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
