/*
 * gik_recognise.h - from the token stream to the report model.
 *
 * The recogniser is anchored on printed labels, not on positions: it finds
 * the title, the six section headings and the three tables by their text
 * (normalised: full/half width, spaces, 、/./．, brackets), so shifted rows,
 * missing headers and misspelt labels still read -- and every such repair is
 * recorded as a finding (LABEL-MISMATCH, LAYOUT-SHIFT, HEADING-STYLE,
 * CELL-BLANK, CELL-INVALID) for the rules to build on.
 */
#ifndef GIK_RECOGNISE_H
#define GIK_RECOGNISE_H

#include "gik_report.h"
#include "gik_token.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gik_recogniser gik_recogniser;

/* force_format: NULL/"auto", "2019" or "2021". */
gik_recogniser *gik_recogniser_create(gik_report *rep, const char *force_format);
/* A gik_token_fn: pass the recogniser as baton. */
void gik_recognise_token(void *recogniser, const gik_token *tok);
/* Nonzero once the report has ended (the signature under section 六): the
 * rest of the page cannot change the result, so it need not be parsed. */
int gik_recogniser_done(const gik_recogniser *rc);
/* Ends the stream: decides is_report, fills absent cells, records repairs. */
void gik_recogniser_finish(gik_recogniser *rc);

/* Text normalisation shared with the rules: NFKC-like folding of full-width
 * ASCII and punctuation to half-width, removal of all white space, 、．。 -> '.',
 * 【】〔〕［］ -> ( ).  Returns a new string in p. */
char *gik_normalise(apr_pool_t *p, const char *utf8);

/* Reads a printed count or amount: full-width digits, thousands separators,
 * a trailing 件/个/万元/元 (元 converted to 万元 for money).  Returns the cell state. */
gik_cell_state gik_parse_number(const char *text, gik_value_kind kind, double *out);

/* A count written in the narrative: ASCII or full-width digits, or Chinese
 * numerals (三十七, 一百零五, 两千零三, 十, 〇/零).  Returns -1 when s[0..len)
 * is not one whole number. */
long gik_cn_number(const char *s, apr_size_t len);

#ifdef __cplusplus
}
#endif
#endif /* GIK_RECOGNISE_H */
