/*
 * fuzz_charset.c - charset labels, <meta> sniffing and the decoder.
 *
 * Input layout as in fuzz_common.h (byte 0: header charset; chunk sizes).
 * The page is used three ways: its first line as a charset label for
 * gik_charset_canonical, its first 1024 bytes for gik_charset_from_meta,
 * and all of it through the decoder in chunks.  Whatever the bytes, the
 * decoder's output must be well-formed UTF-8, and the same whole or split.
 */
#include <apr_strings.h>
#include "fuzz_common.h"
#include "gik_decode.h"

static void decoder_feed(void *d, const char *buf, apr_size_t len)
{
    gik_decoder_feed(d, buf, len);
}

static void decode(apr_pool_t *p, const fuzz_input *in, int whole, fuzz_sink *out,
                   const char **charset, apr_size_t *errors)
{
    gik_decoder *d;
    fuzz_sink_init(out, p);
    d = gik_decoder_create(p, in->charset, NULL, fuzz_sink_utf8, out);
    fuzz_feed(in, whole, decoder_feed, d);
    gik_decoder_finish(d);
    *charset = gik_decoder_charset(d);
    *errors = gik_decoder_errors(d);
    (void)gik_decoder_is_utf16(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    fuzz_input in;
    fuzz_sink a, b;
    const char *cs_a, *cs_b, *label;
    apr_size_t err_a, err_b, n;

    fuzz_init();
    fuzz_split(data, size, &in);
    apr_pool_create(&p, fuzz_root);

    /* A label is a C string: up to the first NUL or newline. */
    for (n = 0; n < in.len && n < 256 && in.page[n] && in.page[n] != '\n'; n++) {
    }
    label = apr_pstrmemdup(p, (const char *)in.page, n);
    (void)gik_charset_canonical(label);
    (void)gik_charset_from_meta(p, (const char *)in.page, in.len < 1024 ? in.len : 1024);
    (void)gik_charset_from_meta(p, (const char *)in.page, in.len);

    decode(p, &in, 1, &a, &cs_a, &err_a);
    if (!fuzz_valid_utf8(a.buf, a.len)) {
        fuzz_fail("decoder output (whole) is not valid UTF-8", cs_a);
    }
    if (in.nsizes) {
        decode(p, &in, 0, &b, &cs_b, &err_b);
        if (!fuzz_valid_utf8(b.buf, b.len)) {
            fuzz_fail("decoder output (split) is not valid UTF-8", cs_b);
        }
        if (a.len != b.len || (a.len && memcmp(a.buf, b.buf, a.len) != 0)
            || strcmp(cs_a ? cs_a : "", cs_b ? cs_b : "") != 0 || err_a != err_b) {
            fuzz_fail("decoder output differs whole vs split", cs_a);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
