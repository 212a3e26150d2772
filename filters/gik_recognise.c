/* gik_recognise.c: not written yet */
typedef int gik_placeholder_gik_recognise;
