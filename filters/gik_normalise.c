/* gik_normalise.c: not written yet */
typedef int gik_placeholder_gik_normalise;
