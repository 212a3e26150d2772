/*
 * gik_tokenize_chunks.c - the page to libxml2's push parser in blocks of up
 * to GIK_HTML_PARSE_BLOCK bytes, cut only where no start tag is open and
 * never inside a UTF-8 character; each block goes through the attribute
 * stage first.  The HTML tokenizer (gik_tokenize_html.c) owns the parser
 * and its SAX callbacks; this file only decides what it is given when.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "gik_tokenize_chunks.h"

void gik_html_chunks_init(gik_html_chunks *t, htmlParserCtxtPtr ctxt, char *block)
{
    t->ctxt = ctxt;
    t->block = block;
    /* the attribute stage knows libxml2 2.9's tokenizer (Debian 12's);
     * 2.14 tokenizes as HTML5 (title and textarea as text, ...) */
    t->slim.mode = atoi(xmlParserVersion) < 21000 ? GIK_SLIM_CONTENT : GIK_SLIM_OFF;
}

/* libxml2's push parser is not fully independent of where chunks end
 * (comments, raw text and '<' at a chunk end are handled differently), so
 * the cut points must depend on the bytes only, whatever the caller's split.
 *
 * PERF/MEMORY (bench/README.md): libxml2 2.9.x's push parser stalls for the
 * rest of the page when a chunk ends inside a quoted attribute value of a
 * start tag.  htmlParseLookupSequence(..., ignoreattrval=1), used for
 * XML_PARSER_START_TAG, saves "inside a value" across calls (in
 * ctxt->hasPErefs) but not which quote opened it, so after the next chunk
 * arrives the value never closes, no '>' is ever found, and every later
 * chunk is only appended to the input buffer: the whole page is held in
 * memory and parsed at terminate (a 2 MB CMS page stalled after 8 KB; a
 * 50 MB page used 70 MB).  So chunks are cut only where no start tag is
 * open: before the '<' of a tag still open at the end of the block.  The
 * scan below mirrors that lookup (any quote after the '<' opens a value
 * that only the same quote closes).  A tag longer than GIK_HTML_BLOCK_CAP is cut
 * anyway (as before). */
static void scan_block(gik_html_chunks *t, apr_size_t from)
{
    const unsigned char *b = (const unsigned char *)t->block;
    apr_size_t i = from, n = t->nblock;

    while (i < n) {
        unsigned char c;
        if (!t->in_tag) {
            if (t->after_lt) {
                c = b[i];
                t->after_lt = 0;
                if (c == '<') {
                    t->safe = i;
                    t->after_lt = 1;
                    i++;
                    continue;
                }
                /* an end tag, comment, doctype or PI: no cut until its '>'
                 * either (libxml2 2.9 matches "</script" in a script only
                 * when it is whole in the input, and treats a cut one as
                 * script text: the script then runs on to the next one) */
                if (c == '>') {
                    t->safe = ++i;      /* "<>" is text */
                    continue;
                }
                t->in_tag = 1;          /* safe stays before the '<' */
                t->tag_quotes = !(c == '/' || c == '!' || c == '?');
                i++;
                if (t->tag_quotes && (c == '"' || c == '\'')) {
                    t->quote = c;
                }
                continue;
            }
            {
                const unsigned char *lt = memchr(b + i, '<', n - i);
                if (!lt) {
                    t->safe = n;
                    return;
                }
                i = (apr_size_t)(lt - b);
                t->safe = i;            /* just before the '<' */
                t->after_lt = 1;
                i++;
            }
            continue;
        }
        /* inside a tag: on to the byte that can end it or a value (a
         * jump, not a turn of this loop per byte of a long attribute) */
        if (!t->tag_quotes || t->quote) {
            const unsigned char *stop = memchr(b + i, t->tag_quotes ? t->quote : '>', n - i);
            if (!stop) {
                return;             /* still inside; nothing else changes */
            }
            i = (apr_size_t)(stop - b) + 1;
            if (t->tag_quotes) {
                t->quote = 0;
            }
            else {
                t->in_tag = 0;
                t->safe = i;
            }
            continue;
        }
        while (i < n && b[i] != '"' && b[i] != '\'' && b[i] != '>') {
            i++;
        }
        if (i == n) {
            return;
        }
        c = b[i++];
        if (c == '>') {
            t->in_tag = 0;
            t->safe = i;
        }
        else {
            t->quote = c;
        }
    }
}

static void flush_block(gik_html_chunks *t)
{
    apr_size_t cut = t->safe ? t->safe : t->nblock;     /* no safe point: cut anyway */

    /* never inside a UTF-8 sequence, at the end of the block included:
     * libxml2 2.9 takes a character cut short by the end of the input for
     * bad UTF-8 and reads the rest of the page as ISO-8859-1 (with fixed
     * 8 KB blocks a 6 MB page lost its report that way) */
    if (cut < t->nblock || t->nblock == GIK_HTML_BLOCK_CAP || t->nblock >= GIK_HTML_PARSE_BLOCK) {
        const unsigned char *b = (const unsigned char *)t->block;
        apr_size_t k = cut;
        while (k > 0 && cut - k < 3 && (b[k - 1] & 0xC0) == 0x80) {
            k--;
        }
        if (k > 0 && b[k - 1] >= 0xC0) {
            apr_size_t need = b[k - 1] >= 0xF0 ? 4 : b[k - 1] >= 0xE0 ? 3 : 2;
            if (cut - (k - 1) < need) {
                cut = k - 1;
            }
        }
    }
    if (cut == 0) {
        cut = t->nblock;
    }
    htmlParseChunk(t->ctxt, t->block, (int)gik_html_slim_block(&t->slim, t->block, cut), 0);
    t->nblock -= cut;
    if (t->nblock) {
        memmove(t->block, t->block + cut, t->nblock);
    }
    t->scanned = t->nblock;
    /* the last safe point was the cut: what is left starts with the '<' of
     * a tag still open (or is empty) */
    t->safe = (t->in_tag || t->after_lt) ? 0 : t->nblock;
}


void gik_html_chunks_feed(gik_html_chunks *t, const char *buf, apr_size_t len)
{
    /* Decisions are taken only when the block reaches GIK_HTML_PARSE_BLOCK or
     * GIK_HTML_BLOCK_CAP bytes, so they do not depend on how the caller split.  The
     * scan for safe cut points runs only then too (its state depends on the
     * bytes alone, not on how many it is given at a time): a page that
     * never fills a block is parsed whole at finish and needs no cut, and
     * scanning its tags byte by byte was 0.2 M instructions on a 38 KB page. */
    while (len) {
        apr_size_t goal = t->nblock < GIK_HTML_PARSE_BLOCK ? GIK_HTML_PARSE_BLOCK : GIK_HTML_BLOCK_CAP;
        apr_size_t take = goal - t->nblock < len ? goal - t->nblock : len;
        memcpy(t->block + t->nblock, buf, take);
        t->nblock += take;
        buf += take;
        len -= take;
        if (t->nblock == GIK_HTML_PARSE_BLOCK || t->nblock == GIK_HTML_BLOCK_CAP) {
            scan_block(t, t->scanned);
            t->scanned = t->nblock;
            if (t->nblock == GIK_HTML_BLOCK_CAP || t->safe >= GIK_HTML_PARSE_BLOCK / 2) {
                flush_block(t);
            }
        }
    }
}

void gik_html_chunks_finish(gik_html_chunks *t)
{
    /* the rest of the page with terminate: libxml2 then parses each
     * construct without first scanning ahead for its end (whether a
     * start tag's '>' or the text's next '<' has arrived yet), a scan
     * of every byte that a page held in one block never needs; what
     * a construct cut by the end of the page gives is what the call
     * with no bytes gave */
    apr_size_t n = t->nblock ? gik_html_slim_block(&t->slim, t->block, t->nblock) : 0;
    htmlParseChunk(t->ctxt, n ? t->block : NULL, (int)n, 1);
}
