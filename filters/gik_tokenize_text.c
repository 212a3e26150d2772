/* gik_tokenize_text.c: not written yet */
typedef int gik_placeholder_gik_tokenize_text;
