/* gik_recognise_tables.c: not written yet */
typedef int gik_placeholder_gik_recognise_tables;
