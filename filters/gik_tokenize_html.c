/* gik_tokenize_html.c: not written yet */
typedef int gik_placeholder_gik_tokenize_html;
