/*
 * check_init.c - gik_init() and the core's log channel (issue 11, R6): a
 * pattern that does not compile is said through the log callback, and the
 * rules that read it are listed in checked.not_assessable instead of being
 * skipped in silence.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_test.h"
#include "gik_init.h"
#include "gik_parser_internal.h"
#include "gik_rules_internal.h"

static char logged[1024];
static int nlogged;

static void capture(void *baton, gik_log_level level, const char *msg)
{
    ck_assert_int_eq(level, GIK_LOG_ERROR);
    apr_cpystrn(logged, msg, sizeof(logged));
    nlogged++;
    (void)baton;
}

static int listed(const gik_report *rep, const char *id)
{
    int i;
    for (i = 0; i < rep->not_assessable->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(rep->not_assessable, i, const char *), id) == 0) {
            return 1;
        }
    }
    return 0;
}

START_TEST(test_init_succeeds)
{
    (void)gik_test_pool();
    /* this system has PCRE2 with UTF and iconv's Chinese charsets */
    ck_assert_int_eq(gik_init(capture, NULL), 0);
    ck_assert_int_eq(nlogged, 0);
}
END_TEST

/* Seed 000 is a township report on which BOILERPLATE runs (its narrative
 * is read); with a broken BOILERPLATE table the rule is listed instead. */
START_TEST(test_broken_pattern_not_assessable)
{
    static gik_rx bad[] = { { "(unclosed", NULL } };
    static const char *const users[] = { "BOILERPLATE", NULL };
    apr_pool_t *p = gik_test_pool();
    apr_size_t len;
    const char *seed = gik_test_read(p, gik_test_seeds[0], &len);
    gik_report *rep = gik_parse_buffer(p, NULL, seed, len);

    ck_assert(rep->is_report);
    ck_assert(!listed(rep, "BOILERPLATE"));
    ck_assert(!gik_rule_broken("BOILERPLATE"));

    gik_init(capture, NULL);            /* the sink, as post_config sets it */
    ck_assert_int_eq(gik_rx_compile(bad, 1, users), 1);
    ck_assert_ptr_null(bad[0].code);
    ck_assert_int_eq(nlogged, 1);
    ck_assert_msg(strstr(logged, "does not compile") && strstr(logged, "BOILERPLATE"),
                  "logged: %s", logged);
    ck_assert(gik_rule_broken("BOILERPLATE"));
    ck_assert(!gik_rule_broken("TEXT-TABLE"));

    rep = gik_parse_buffer(p, NULL, seed, len);
    ck_assert(listed(rep, "BOILERPLATE"));
    ck_assert_int_eq(gik_test_count(rep, "BOILERPLATE", GIK_SEV_OFF), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init");
    tcase_add_test(tc, test_init_succeeds);
    tcase_add_test(tc, test_broken_pattern_not_assessable);
    suite_add_tcase(s, tc);
    return gik_test_run(s);
}
