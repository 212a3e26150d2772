#include "gik_test.h"
START_TEST(test_placeholder_rules) { ck_assert_int_eq(1, 1); } END_TEST
int main(void) { Suite *s = suite_create("rules"); TCase *tc = tcase_create("core"); tcase_add_test(tc, test_placeholder_rules); suite_add_tcase(s, tc); return gik_test_run(s); }
