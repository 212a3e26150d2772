/*
 * fuzz_pipeline_html.c - the whole pipeline on input taken as HTML:
 * decode -> libxml2 SAX tokenizer -> recogniser -> rules -> JSON, CSV, badge.
 * Built a second time as fuzz_pipeline_text with
 * -DFUZZ_INPUT_KIND=GIK_INPUT_TEXT (fuzz.mk): the same on plain text.
 * Input layout: see fuzz_common.h.
 */
#include "fuzz_common.h"

#ifndef FUZZ_INPUT_KIND
#define FUZZ_INPUT_KIND GIK_INPUT_HTML
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    gik_options opts;
    fuzz_input in;
    gik_report *rep;

    fuzz_init();
    fuzz_split(data, size, &in);
    apr_pool_create(&p, fuzz_root);
    memset(&opts, 0, sizeof(opts));
    opts.input = FUZZ_INPUT_KIND;
    opts.header_charset = in.charset;
    rep = fuzz_parse(p, &opts, &in, 0);
    fuzz_emit_all(p, rep);
    apr_pool_destroy(p);
    return 0;
}
