/*
 * check.h - the assertion macro of the unit drivers: counts passes and
 * failures, prints each failure with its file:line; the driver prints the
 * closing "N passed, M failed" line that tests/run.sh tallies.
 */
#ifndef BAOCAO_TEST_CHECK_H
#define BAOCAO_TEST_CHECK_H

#include <stdio.h>

static int	 npass, nfail;

#define CHECK(cond, ...) do {						\
	if (cond)							\
		npass++;						\
	else {								\
		nfail++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#endif
