/*
 * gik_test.h - helpers shared by the Check unit tests.
 */
#ifndef GIK_TEST_H
#define GIK_TEST_H

#include <apr_pools.h>
#include <check.h>
#include "gik_report.h"

/* Reads GIK_SRCDIR/relpath whole into p; fails the test if it cannot. */
char *gik_test_read(apr_pool_t *p, const char *relpath, apr_size_t *len);
/* Runs a suite with the CK_ENV/CK_FORK settings; returns the exit code for main. */
int gik_test_run(Suite *s);
/* A pool for one test; apr_initialize() is done once. */
apr_pool_t *gik_test_pool(void);

/* The five seed files, relative to GIK_SRCDIR. */
extern const char *const gik_test_seeds[5];

/* Every committed report fixture: the seeds and the generated pages, with the
 * charset a caller must name (text files carry no declaration). */
typedef struct gik_test_fixture {
    const char *path;
    const char *charset;
} gik_test_fixture;
extern const gik_test_fixture gik_test_fixtures[];
extern const int gik_test_nfixtures;

/* Findings of rule (NULL: any rule) with severity sev (GIK_SEV_OFF: any). */
int gik_test_count(const gik_report *rep, const char *rule, gik_severity sev);

#endif
