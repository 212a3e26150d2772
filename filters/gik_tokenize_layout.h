/*
 * gik_tokenize_layout.h - layout text (columns separated by runs of
 * spaces, as pdftotext -layout gives) inside the plain-text tokenizer.
 * Internal to gik_tokenize_text.c; see gik_tokenize_layout.c.
 */
#ifndef GIK_TOKENIZE_LAYOUT_H
#define GIK_TOKENIZE_LAYOUT_H

#include "gik_token.h"

typedef struct gik_layout gik_layout;

gik_layout *gik_layout_create(apr_pool_t *p, gik_token_fn fn, void *baton);
/* One line without its line end, trailing blanks trimmed ("" for a blank
 * line).  Returns 0 when the line is too long to be a table line: the
 * held lines were emitted and the caller emits this one as a paragraph. */
int gik_layout_line(gik_layout *l, const char *s, apr_size_t n);
/* Emits every held line (before other markup, and at the end). */
void gik_layout_flush(gik_layout *l);

#endif /* GIK_TOKENIZE_LAYOUT_H */
