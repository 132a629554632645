/* SPDX-License-Identifier: ISC */
/*
 * vw_test.h - a tiny TAP test harness, after libuv's task.h.
 *
 * A test program lists its tests with VW_TEST(name) functions and runs them
 * from main() with VW_TEST_MAIN(test_a, test_b, ...).  Each assertion prints
 * both operands on failure and aborts the current test only.  Output is TAP
 * ("1..N", "ok 1 - name", "not ok 2 - name"); the exit code is the number of
 * failed tests (capped), so CTest sees any failure.
 */
#ifndef VW_TEST_H
#define VW_TEST_H

#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern jmp_buf	vw__test_jmp;
extern int	vw__test_failed;

#define VW_TEST(name)	static void name(void)

#define VW__FAIL(...) do {						\
	fprintf(stderr, "# %s:%d: ", __FILE__, __LINE__);		\
	fprintf(stderr, __VA_ARGS__);					\
	fprintf(stderr, "\n");						\
	longjmp(vw__test_jmp, 1);					\
} while (0)

#define ASSERT(c) do { if (!(c)) VW__FAIL("assertion failed: %s", #c); } while (0)
#define ASSERT_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) VW__FAIL("%s == %s: %lld != %lld", #a, #b, _a, _b); \
} while (0)
#define ASSERT_NE(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a == _b) VW__FAIL("%s != %s: both %lld", #a, #b, _a);	\
} while (0)
#define ASSERT_GE(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a < _b) VW__FAIL("%s >= %s: %lld < %lld", #a, #b, _a, _b); \
} while (0)
#define ASSERT_OK(a) ASSERT_EQ((a), 0)
#define ASSERT_STR_EQ(a, b) do {					\
	const char *_a = (a), *_b = (b);				\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0)		\
		VW__FAIL("%s == %s:\n#   got:      \"%s\"\n#   expected: \"%s\"", \
		    #a, #b, _a ? _a : "(null)", _b ? _b : "(null)");	\
} while (0)
#define ASSERT_MEM_EQ(a, b, n) do {					\
	if (memcmp((a), (b), (n)) != 0)					\
		VW__FAIL("%s == %s (%zu bytes) differ", #a, #b, (size_t)(n)); \
} while (0)

typedef void (*vw__test_fn)(void);
struct vw__test { const char *name; vw__test_fn fn; };

int	vw__test_run(const struct vw__test *t, size_t n, int argc, char **argv);

#define VW__T(fn) { #fn, fn },
#define VW__EXPAND(...) __VA_ARGS__
#define VW_TEST_MAIN(...)						\
	jmp_buf vw__test_jmp;						\
	int vw__test_failed;						\
	int main(int argc, char **argv) {				\
		static const vw__test_fn fns[] = { __VA_ARGS__ };	\
		static const char names[] = #__VA_ARGS__;		\
		struct vw__test t[sizeof(fns) / sizeof(fns[0])];	\
		size_t n = sizeof(fns) / sizeof(fns[0]), i = 0;		\
		char buf[sizeof(names)], *p = buf, *tok;		\
		memcpy(buf, names, sizeof(names));			\
		while ((tok = strsep(&p, ", \t\n")) != NULL && i < n) { \
			if (*tok == '\0') continue;			\
			t[i].name = tok; t[i].fn = fns[i]; i++;		\
		}							\
		return vw__test_run(t, n, argc, argv);			\
	}

#endif /* VW_TEST_H */
