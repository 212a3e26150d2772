/* gik_emit_csv.c: not written yet */
typedef int gik_placeholder_gik_emit_csv;
