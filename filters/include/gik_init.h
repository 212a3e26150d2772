/*
 * gik_init.h - process initialisation of the core, and the channel through
 * which it says what failed.
 *
 * gik_init() builds the label catalogue and compiles every pattern table
 * once, before the first page: post_config in the module, main() in the
 * tool, the fuzzers' initialiser.  Nothing fails silently: a pattern that
 * does not compile or a charset converter iconv lacks is reported through
 * the log callback, and a rule whose patterns are missing is listed in
 * every report's checked.not_assessable instead of being skipped.
 * The core never calls httpd's log: the glue installs a callback that does
 * (mod_md's md_log_set pattern).
 */
#ifndef GIK_INIT_H
#define GIK_INIT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    GIK_LOG_ERROR = 0,
    GIK_LOG_WARNING,
    GIK_LOG_NOTICE
} gik_log_level;

/* One message, without a trailing newline; it may be called during
 * gik_init() only. */
typedef void (*gik_log_fn)(void *baton, gik_log_level level, const char *msg);

/* Once per process, after apr_initialize() and before any thread parses.
 * Later calls do nothing and return the first call's result.  log NULL:
 * messages go to stderr.  Returns the number of things that failed to
 * initialise (0: every rule can run). */
int gik_init(gik_log_fn log, void *baton);

/* poppler's diagnostics (and GLib's on its behalf) go here, never to stderr:
 * the httpd module sends them to the error log at debug level, the tool
 * drops them.  Process-wide, set once at start-up. */
typedef void (*gik_pdf_log_fn)(void *baton, const char *message);
void gik_pdf_set_log(gik_pdf_log_fn fn, void *baton);

#ifdef __cplusplus
}
#endif
#endif /* GIK_INIT_H */
