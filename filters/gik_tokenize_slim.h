/*
 * gik_tokenize_slim.h - start tags without the attributes nobody reads,
 * before libxml2 parses them.
 *
 * The HTML tokenizer reads the attributes of three elements only (colspan
 * and rowspan of td/th, name and content of meta); a CMS page spends half
 * its markup on the others (class, style, href, onclick), and libxml2 copies
 * each into the heap, interns each name and checks each for duplicates, to
 * hand them to a callback that ignores them.  This stage removes them from
 * a block of UTF-8 in place, where it is certain libxml2 2.9.14's tokenizer
 * would have read exactly that tag: a strict grammar of names, blanks and
 * quoted or plain values.  At the first byte it is not certain about (a
 * processing instruction, a tag off the grammar, a comment or a tag cut by
 * the end of the block) it stops for the rest of the page, and the page goes
 * to libxml2 as it came: the parse is the same either way.  The text of
 * script and style elements goes too (the tokenizer ignores it; libxml2
 * copies it a character at a time).
 */
#ifndef GIK_TOKENIZE_SLIM_H
#define GIK_TOKENIZE_SLIM_H

#include <apr.h>

typedef enum {
    GIK_SLIM_CONTENT = 0,   /* between tags: zero-initialised state */
    GIK_SLIM_RAW,           /* in the text of <script> or <style> */
    GIK_SLIM_OFF            /* unsure once: the rest goes as it is */
} gik_slim_mode;

typedef struct {
    gik_slim_mode mode;
    const char *raw_end;    /* "</script" or "</style" while in GIK_SLIM_RAW */
} gik_html_slim;

/* Removes the unread attributes from the start tags of buf[0, len) in
 * place; returns the new length.  Blocks must follow each other as the
 * page does, each ending outside any tag (the HTML tokenizer's cut points);
 * a block that does not makes the stage stop. */
apr_size_t gik_html_slim_block(gik_html_slim *s, char *buf, apr_size_t len);

#endif
