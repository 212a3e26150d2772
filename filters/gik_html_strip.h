/*
 * gik_html_strip.h - the attributes the HTML tokenizer never reads, taken
 * out of a whole page before libxml2 parses it.  Private to the HTML
 * tokenizer.
 */
#ifndef GIK_HTML_STRIP_H
#define GIK_HTML_STRIP_H

#include <apr.h>

/* Rewrites buf[0, n) in place and returns its new length: every start tag
 * but <td>, <th> and <meta> (whose colspan, rowspan, name and content the
 * tokenizer reads) loses its attributes, "<a href=\"…\" class=x>" becoming
 * "<a>".  buf must hold a whole page, parsed afterwards with terminate.
 * The scan follows libxml2 2.9's HTML parser only as far as it is sure of
 * it: at the first construct it does not model exactly (a processing
 * instruction, a '<' that starts no tag, an attribute value holding '<' or
 * '>', a comment that is not plainly "<!-- … -->", a construct cut by the
 * end of the page …) it leaves the rest of the page as it is.  0 when the
 * libxml2 in use is one whose parser it does not model (see the .c). */
apr_size_t gik_html_strip_attributes(char *buf, apr_size_t n);

/* Whether gik_html_strip_attributes changes pages with the libxml2 in use. */
int gik_html_strip_enabled(void);

#endif /* GIK_HTML_STRIP_H */
