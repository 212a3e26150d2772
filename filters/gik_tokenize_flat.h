/*
 * gik_tokenize_flat.h - flattened text (a whole report in one line, table
 * cells joined) inside the plain-text tokenizer.  Internal to
 * gik_tokenize_text.c; see gik_tokenize_flat.c.
 */
#ifndef GIK_TOKENIZE_FLAT_H
#define GIK_TOKENIZE_FLAT_H

#include "gik_token.h"

/* A line too long to be anything but a paragraph: headings, narrative and
 * joined table rows, emitted through fn.  text is scratch space. */
void gik_flat_line(gik_token_fn fn, void *baton, gik_textbuf *text, const char *s,
                   apr_size_t n);
/* Section headings inline in the line, counted up to 2: a line with two
 * is a flattened report whatever its length. */
int gik_flat_headings(const char *s, apr_size_t n);
/* "标题: …", "发布时间: …" at the top of a crawler's text: emitted (the title
 * as a heading paragraph, the date as META PubDate) or dropped; returns 1
 * when the line was one, 0 otherwise. */
int gik_flat_metadata(gik_token_fn fn, void *baton, gik_textbuf *text, const char *s,
                      apr_size_t n);

#endif /* GIK_TOKENIZE_FLAT_H */
