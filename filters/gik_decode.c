/* gik_decode.c: not written yet */
typedef int gik_placeholder_gik_decode;
