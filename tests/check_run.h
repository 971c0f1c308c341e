/* The end of every Check test program: run the suite, report, and exit
 * with 0 only if every test passed. */
#ifndef HVTOP_CHECK_RUN_H
#define HVTOP_CHECK_RUN_H

#include <check.h>

static inline int check_run(Suite *s)
{
	SRunner *r = srunner_create(s);
	int failed;
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}

#endif
