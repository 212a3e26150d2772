/*
 * fuzz_chunking.c - the report must not depend on how the page is split
 * (httpd hands the filter buckets of any size): parsing the page whole and
 * in the input-chosen chunks must give the same companion JSON apart from
 * checked.at.  The input kind is sniffed (GIK_INPUT_SNIFF), so the
 * markup/text decision is covered as well.  Input layout: see fuzz_common.h.
 */
#include <stdio.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    gik_options opts;
    fuzz_input in;
    char *whole, *split;

    fuzz_init();
    fuzz_split(data, size, &in);
    if (!in.nsizes) {
        /* Nothing to compare: make it split in single bytes instead. */
        in.nsizes = 1;
        in.sizes[0] = 1;
    }
    apr_pool_create(&p, fuzz_root);
    memset(&opts, 0, sizeof(opts));
    opts.header_charset = in.charset;
    whole = fuzz_json_without_time(p, fuzz_parse(p, &opts, &in, 1));
    split = fuzz_json_without_time(p, fuzz_parse(p, &opts, &in, 0));
    if (strcmp(whole, split) != 0) {
        fprintf(stderr, "whole: %s\nsplit: %s\n", whole, split);
        fuzz_fail("chunked parse differs from whole parse", NULL);
    }
    apr_pool_destroy(p);
    return 0;
}
