/*
 * gik_log.c - the core's one log channel (see gik_log.h): a callback and
 * its baton, stderr when none was given.
 */
#include <stdarg.h>
#include <stdio.h>
#include <apr_strings.h>
#include "gik_log.h"

static gik_log_fn log_fn;
static void *log_baton;

void gik_log_set(gik_log_fn fn, void *baton)
{
    log_fn = fn;
    log_baton = baton;
}

void gik_log(gik_log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "error", "warning", "notice" };
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    apr_vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (log_fn) {
        log_fn(log_baton, level, msg);
    }
    else {
        fprintf(stderr, "gikreport: %s: %s\n", names[level], msg);
    }
}
