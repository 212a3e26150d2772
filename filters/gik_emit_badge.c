/* gik_emit_badge.c: not written yet */
typedef int gik_placeholder_gik_emit_badge;
