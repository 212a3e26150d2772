/*
 * gik_test.c - helpers shared by the Check unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include "gik_test.h"

const char *const gik_test_seeds[5] = {
    "t/seeds/000_ebb777f635682efc.txt",
    "t/seeds/001_9589ac1eaec416c0.txt",
    "t/seeds/002_058ad4fdf1251cff.txt",
    "t/seeds/003_bc1ee5809545282b.txt",
    "t/seeds/004_65735e002f8836b9.txt"
};

const gik_test_fixture gik_test_fixtures[] = {
    { "t/seeds/000_ebb777f635682efc.txt", NULL },
    { "t/seeds/001_9589ac1eaec416c0.txt", NULL },
    { "t/seeds/002_058ad4fdf1251cff.txt", NULL },
    { "t/seeds/003_bc1ee5809545282b.txt", NULL },
    { "t/seeds/004_65735e002f8836b9.txt", NULL },
    { "t/fixtures/generated/word-gbk-2021.html", NULL },
    { "t/fixtures/generated/cms-utf-8-2019.html", NULL },
    { "t/fixtures/generated/flat_text-gb18030-2021.txt", "gb18030" },
    { "t/fixtures/generated/layout_text-utf-8-2021.txt", NULL },
    { "t/fixtures/generated/crawler_text-gbk-2021.txt", "gbk" },
};
const int gik_test_nfixtures = (int)(sizeof(gik_test_fixtures) / sizeof(gik_test_fixtures[0]));

static apr_pool_t *root_pool;

apr_pool_t *gik_test_pool(void)
{
    apr_pool_t *p;
    if (!root_pool) {
        apr_initialize();
        atexit(apr_terminate);
        apr_pool_create(&root_pool, NULL);
    }
    apr_pool_create(&p, root_pool);
    return p;
}

char *gik_test_read(apr_pool_t *p, const char *relpath, apr_size_t *len)
{
    /* Relative paths are the source tree's; absolute ones are taken as they are. */
    const char *path = *relpath == '/' ? relpath : apr_pstrcat(p, GIK_SRCDIR, "/", relpath, NULL);
    apr_file_t *fd;
    apr_finfo_t fi;
    char *buf;
    apr_size_t n;
    ck_assert_msg(apr_file_open(&fd, path, APR_READ | APR_BINARY, 0, p) == APR_SUCCESS,
                  "cannot open %s", path);
    ck_assert(apr_file_info_get(&fi, APR_FINFO_SIZE, fd) == APR_SUCCESS);
    n = (apr_size_t)fi.size;
    buf = apr_palloc(p, n + 1);
    if (n) {
        ck_assert(apr_file_read_full(fd, buf, n, &n) == APR_SUCCESS);
    }
    buf[n] = '\0';
    apr_file_close(fd);
    if (len) {
        *len = n;
    }
    return buf;
}

int gik_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int gik_test_count(const gik_report *rep, const char *rule, gik_severity sev)
{
    int i, n = 0;
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, gik_finding *);
        n += (!rule || strcmp(f->rule, rule) == 0) && (sev == GIK_SEV_OFF || f->severity == sev);
    }
    return n;
}
