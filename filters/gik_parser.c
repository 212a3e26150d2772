/* gik_parser.c: not written yet */
typedef int gik_placeholder_gik_parser;
