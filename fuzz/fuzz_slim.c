/*
 * fuzz_slim.c - taking the unread attributes out of start tags before
 * libxml2 (gik_tokenize_slim.c) must not change the parse: the token stream
 * of a page with the stage on must equal the one with it off, whatever the
 * page and however it is split.  The input is the page; it is first made
 * what the decoder always hands the tokenizer (valid UTF-8 without NUL,
 * bad bytes as '?'), since that is the stage's contract.  Split sizes come
 * from the page's first byte.
 *
 * Built with -DSLIM_FILES, it is a plain program that checks each file
 * named on its command line the same way (the run over generated pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_common.h"

static void check_page(const uint8_t *data, size_t size)
{
    static const apr_size_t steps[] = { 1, 7, 4093, 16384 };
    apr_pool_t *p;
    const char *page, *plain, *slim;

    apr_pool_create(&p, fuzz_root);
    page = fuzz_as_decoded(p, data, size);
    plain = fuzz_html_tokens(p, page, size, 0, size ? size : 1);
    slim = fuzz_html_tokens(p, page, size, 1, size && size < 16 ? 1 : steps[data[0] % 4]);
    if (strcmp(plain, slim) != 0) {
        fprintf(stderr, "without the stage:\n%s\nwith it:\n%s\n", plain, slim);
        fuzz_fail("slimmed start tags changed the tokens", NULL);
    }
    apr_pool_destroy(p);
}

#ifdef SLIM_FILES
int main(int argc, char **argv)
{
    int i;

    fuzz_init();
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        long n;
        uint8_t *buf;
        if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 2;
        }
        rewind(f);
        buf = malloc((size_t)n + 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 2;
        }
        fclose(f);
        check_page(buf, (size_t)n);
        free(buf);
    }
    printf("slim: %d pages, tokens identical with and without the stage\n", argc - 1);
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    check_page(data, size);
    return 0;
}
#endif
