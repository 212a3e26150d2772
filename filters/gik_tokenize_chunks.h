/*
 * gik_tokenize_chunks.h - the page to libxml2's push parser in blocks cut
 * only where the parse cannot depend on the cut (gik_tokenize_chunks.c),
 * each through the attribute stage (gik_tokenize_slim.c) on its way.
 */
#ifndef GIK_TOKENIZE_CHUNKS_H
#define GIK_TOKENIZE_CHUNKS_H

#include <apr.h>
#include <libxml/HTMLparser.h>
#include "gik_tokenize_slim.h"

/* A page of up to GIK_HTML_PARSE_BLOCK bytes (most reports, and CMS pages with their
 * navigation around the report) reaches libxml2 in one call, with terminate
 * (gik_html_chunks_finish): no look-ahead scans.  A block parsed without
 * terminate costs libxml2 a scan for the '>' before each start tag and for
 * the next '<' before each text: 0.44 M instructions on a 38 KB CMS page
 * with 16 KB blocks.  The price is GIK_HTML_BLOCK_CAP bytes per parse
 * (128 KB, from the request's pool, never zeroed); larger pages stream.
 * Malformed markup can read differently with and without terminate: libxml2
 * 2.9 ends the comment "<!--->" only in a block parsed without it (with it,
 * the comment runs on to the next "-->"), so such a page of 16 to 64 KB
 * now reads as one under 16 KB always did. */
#define GIK_HTML_PARSE_BLOCK 65536
#define GIK_HTML_BLOCK_CAP   (2 * GIK_HTML_PARSE_BLOCK)

typedef struct {
    htmlParserCtxtPtr ctxt;
    char *block;            /* GIK_HTML_BLOCK_CAP bytes */
    apr_size_t nblock;
    apr_size_t safe;        /* block[0, safe) ends outside any start tag */
    apr_size_t scanned;     /* block[0, scanned) went through scan_block */
    int in_tag;             /* the scan is inside <name ... > */
    int after_lt;           /* the last byte scanned was a '<' outside a tag */
    int tag_quotes;         /* a start tag: quotes hide '>' */
    unsigned char quote;    /* open quote inside that tag, or 0 */
    gik_html_slim slim;     /* unread attributes taken out before libxml2 */
} gik_html_chunks;

/* c zeroed before; block has GIK_HTML_BLOCK_CAP bytes.  The attribute stage
 * is on under the libxml2 it mirrors. */
void gik_html_chunks_init(gik_html_chunks *c, htmlParserCtxtPtr ctxt, char *block);
/* UTF-8 bytes, any split: what is parsed when does not depend on it. */
void gik_html_chunks_feed(gik_html_chunks *c, const char *buf, apr_size_t len);
/* The rest of the page, with terminate. */
void gik_html_chunks_finish(gik_html_chunks *c);

#endif
