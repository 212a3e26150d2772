/* gik_bodyend.c: not written yet */
typedef int gik_placeholder_gik_bodyend;
