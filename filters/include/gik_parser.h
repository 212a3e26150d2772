/*
 * gik_parser.h - the whole pipeline (decode -> tokenize -> recognise -> rules)
 * behind one streaming API.  This is what the tool, the httpd filter and the
 * fuzzers call.  Feeding the same bytes in chunks of any size gives the same
 * report.
 */
#ifndef GIK_PARSER_H
#define GIK_PARSER_H

#include "gik_report.h"
#include "gik_rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    GIK_INPUT_SNIFF = 0,  /* decide from the first bytes: %PDF- -> PDF, markup -> HTML,
                             else text */
    GIK_INPUT_HTML,
    GIK_INPUT_TEXT,
    GIK_INPUT_PDF         /* sniffed from "%PDF-"; held whole, read at the end */
} gik_input_kind;

typedef struct gik_options {
    gik_input_kind input;
    const char *header_charset;   /* from Content-Type, or NULL */
    int served;                   /* the page goes out in an HTTP response whose
                                     Content-Type is header_charset's: a plain-text
                                     page then has nothing else to declare its
                                     charset (a file given to the tool may yet be
                                     served with one) */
    const char *default_charset;  /* GikReportDefaultCharset, NULL = UTF-8 */
    const char *force_format;     /* "2019", "2021" or NULL/"auto" */
    apr_off_t max_bytes;          /* stop parsing after this many bytes (0 = no limit);
                                     the report is then marked partial */
    const gik_rule_config *rules; /* severity overrides, deadlines; NULL = defaults */
    const struct gik_report *previous; /* last year's report of the same body, or NULL */
    /* When previous is NULL: asked once the page's organisation and year are
     * known (after recognition, before the rules) for last year's report of
     * that body -- the httpd module looks it up in what it has checked. */
    const struct gik_report *(*previous_for)(void *baton, const char *organization, int year);
    void *previous_baton;
    /* A PDF is opened by poppler in a child process: pdf_helper is a
     * gikreport binary run as "pdf-glyphs", within pdf_seconds (wall clock
     * and CPU) and pdf_megabytes (address space); 0 = 10 s, 512 MB.  NULL:
     * poppler in this process (the fuzzers, the unit tests). */
    const char *pdf_helper;
    int pdf_seconds;
    int pdf_megabytes;
    /* PDF children of this process reading at once; one more gets the
     * unreadable result "busy" (not to be cached).  0: no bound. */
    int pdf_max_running;
} gik_options;

/* The charsets the reader supports, for a caller checking a label it was
 * given (GikReportDefaultCharset, the tool's --charset): */
/* Canonical name for a charset label (case-insensitive), NULL if unsupported.
 * "gbk" -> "GB18030", "utf8" -> "UTF-8", "latin1" -> "windows-1252", ... */
const char *gik_charset_canonical(const char *label);

typedef struct gik_parser gik_parser;

gik_parser *gik_parser_create(apr_pool_t *p, const gik_options *opts);
void gik_parser_feed(gik_parser *ps, const char *buf, apr_size_t len);
/* Ends the input, runs the rules and returns the report (in the parser's
 * pool).  Never NULL: a page that is no report gives one with is_report 0. */
gik_report *gik_parser_finish(gik_parser *ps);


#ifdef __cplusplus
}
#endif
#endif /* GIK_PARSER_H */
