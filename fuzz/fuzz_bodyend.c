/*
 * fuzz_bodyend.c - the </body> finder must give the same answer (last
 * </body>, pending tag, <body> start, offset) however the page is split:
 * the httpd filter sees it in buckets.  Input layout: see fuzz_common.h
 * (the charset byte is unused).
 */
#include <stdio.h>
#include "fuzz_common.h"
#include "gik_bodyend.h"

typedef struct {
    gik_bodyend *split;
    size_t off;
} split_feed;

static void feed_split(void *baton, const char *buf, apr_size_t n)
{
    split_feed *sf = baton;

    gik_bodyend_feed(sf->split, buf, n);
    sf->off += n;
    /* Whatever it says mid-stream must lie within what it has seen. */
    if (gik_bodyend_last(sf->split) >= (apr_off_t)sf->off
        || gik_bodyend_pending(sf->split) >= (apr_off_t)sf->off
        || gik_bodyend_body_start(sf->split) > (apr_off_t)sf->off) {
        fuzz_fail("bodyend offset beyond the bytes fed", NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    fuzz_input in;
    gik_bodyend *whole, *split;
    split_feed sf;

    fuzz_init();
    fuzz_split(data, size, &in);
    if (!in.nsizes) {
        in.nsizes = 1;
        in.sizes[0] = 1;
    }
    apr_pool_create(&p, fuzz_root);
    whole = gik_bodyend_create(p);
    split = gik_bodyend_create(p);
    gik_bodyend_feed(whole, (const char *)in.page, in.len);
    sf.split = split;
    sf.off = 0;
    fuzz_feed(&in, 0, feed_split, &sf);
    if (gik_bodyend_last(whole) != gik_bodyend_last(split)
        || gik_bodyend_pending(whole) != gik_bodyend_pending(split)
        || gik_bodyend_body_start(whole) != gik_bodyend_body_start(split)
        || gik_bodyend_placeholder(whole) != gik_bodyend_placeholder(split)
        || gik_bodyend_offset(whole) != gik_bodyend_offset(split)
        || gik_bodyend_offset(whole) != (apr_off_t)in.len) {
        fprintf(stderr, "whole last=%ld pending=%ld start=%ld; split last=%ld pending=%ld start=%ld\n",
                (long)gik_bodyend_last(whole), (long)gik_bodyend_pending(whole),
                (long)gik_bodyend_body_start(whole), (long)gik_bodyend_last(split),
                (long)gik_bodyend_pending(split), (long)gik_bodyend_body_start(split));
        fuzz_fail("bodyend differs whole vs split", NULL);
    }
    /* A </body> found must really be there. */
    if (gik_bodyend_last(whole) >= 0) {
        apr_off_t at = gik_bodyend_last(whole);
        if ((size_t)at + 2 > in.len || in.page[at] != '<' || in.page[at + 1] != '/') {
            fuzz_fail("bodyend last does not point at '</'", NULL);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
