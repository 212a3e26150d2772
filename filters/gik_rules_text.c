/* gik_rules_text.c: not written yet */
typedef int gik_placeholder_gik_rules_text;
