/* gik_rules.c: not written yet */
typedef int gik_placeholder_gik_rules;
