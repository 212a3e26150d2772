/*
 * gikreport_site.h - what `gikreport check` needs for a whole site: the
 * files under a folder (-r), the jobs that check them (--jobs) and the
 * one-line-per-file summary (--summary).
 */
#ifndef GIKREPORT_SITE_H
#define GIKREPORT_SITE_H

#include <stdio.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "gik_parser.h"

/* One input: a file name and how to read it (GIK_INPUT_SNIFF for a file
 * named on the command line, HTML or TEXT by its type under -r). */
typedef struct gik_input {
    const char *name;
    int input;
} gik_input;

/* Appends the pages (.html .htm .shtml .xhtml) and texts (.txt) under dir,
 * recursively, sorted by name, skipping companions (*.gik.*) and hidden
 * entries.  Returns NULL or an error message. */
const char *gik_site_collect(apr_pool_t *p, const char *dir, apr_array_header_t *inputs);

/* Checks one input, writing what it prints to out; returns its exit code. */
typedef int (*gik_site_check_fn)(void *baton, apr_pool_t *p, int index, FILE *out);

/* Runs check for every index below n on jobs threads (1: in this thread)
 * and writes each one's output to stdout in index order, as soon as it
 * and all before it are done.  Returns the exit codes, in index order. */
int *gik_site_run(apr_pool_t *p, int n, int jobs, gik_site_check_fn check, void *baton);

/* The summary of one input: a CSV row (header first when header) or a JSON
 * line.  rep is NULL for an unreadable input, with err saying why. */
typedef enum { GIK_SUMMARY_NONE = 0, GIK_SUMMARY_CSV, GIK_SUMMARY_JSONL } gik_summary_kind;
const char *gik_site_summary_header(void);
const char *gik_site_summary_line(apr_pool_t *p, gik_summary_kind kind, const gik_input *in,
                                  const gik_report *rep, const char *err, int exit_code);

#endif /* GIKREPORT_SITE_H */
