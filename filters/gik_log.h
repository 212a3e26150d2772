/*
 * gik_log.h - how a stage reports an environment failure (a pattern that
 * does not compile, a converter iconv lacks) to the callback gik_init()
 * was given.  Pages' contents are never logged: they are findings.
 */
#ifndef GIK_LOG_H
#define GIK_LOG_H

#include "gik_init.h"

void gik_log_set(gik_log_fn fn, void *baton);
void gik_log(gik_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* gik_init() keeping the log sink: what a parser calls when the process
 * did not (a library user's forgotten call must not disable the rules). */
int gik_init_once(void);

#endif /* GIK_LOG_H */
