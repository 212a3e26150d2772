/* gik_emit_json.c: not written yet */
typedef int gik_placeholder_gik_emit_json;
