/*
 * gik_parser_internal.h - the pipeline over one buffer, for the unit tests
 * and the fuzzers; the tool, the filter and the companions stream through
 * gik_parser_feed (gik_parser.h).
 */
#ifndef GIK_PARSER_INTERNAL_H
#define GIK_PARSER_INTERNAL_H

#include "gik_parser.h"

/* The whole pipeline over one buffer. */
gik_report *gik_parse_buffer(apr_pool_t *p, const gik_options *opts,
                             const char *buf, apr_size_t len);

#endif /* GIK_PARSER_INTERNAL_H */
