/* SPDX-License-Identifier: ISC */
/*
 * test_b64.c - RFC 4648 section 10 vectors, round trips of every length
 * and every byte, and rejection of malformed input.
 */
#include <string.h>

#include "vw_b64.h"
#include "vw_error.h"
#include "vw_test.h"

VW_TEST(test_rfc4648_vectors)
{
	static const char *in[] = { "", "f", "fo", "foo", "foob", "fooba",
	    "foobar" };
	static const char *want[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	    "Zm9vYmE=", "Zm9vYmFy" };
	char out[32];
	uint8_t back[32];
	size_t i;

	for (i = 0; i < 7; i++) {
		ASSERT_EQ(vw_b64_encode((const uint8_t *)in[i], strlen(in[i]),
		    out), strlen(want[i]));
		ASSERT_STR_EQ(out, want[i]);
		ASSERT_EQ(vw_b64_decode(out, strlen(out), back),
		    (long)strlen(in[i]));
		ASSERT_MEM_EQ(back, in[i], strlen(in[i]));
	}
}

VW_TEST(test_round_trip_all_bytes)
{
	uint8_t in[256], back[256];
	char out[VW_B64_ENCLEN(256)];
	size_t n, k;

	for (k = 0; k < 256; k++)
		in[k] = (uint8_t)(255 - k);
	for (n = 0; n <= 256; n++) {
		size_t e = vw_b64_encode(in, n, out);

		ASSERT_EQ(e, (n + 2) / 3 * 4);
		ASSERT_EQ(vw_b64_decode(out, e, back), (long)n);
		ASSERT_MEM_EQ(back, in, n);
	}
}

VW_TEST(test_rejects_malformed)
{
	uint8_t out[16];

	ASSERT_EQ(vw_b64_decode("Zm9", 3, out), VW_EINVAL);	/* length */
	ASSERT_EQ(vw_b64_decode("Zm9*", 4, out), VW_EINVAL);	/* alphabet */
	ASSERT_EQ(vw_b64_decode("Z===", 4, out), VW_EINVAL);	/* padding */
	ASSERT_EQ(vw_b64_decode("Zg=a", 4, out), VW_EINVAL);
	ASSERT_EQ(vw_b64_decode("Zg==Zg==", 8, out), VW_EINVAL);	/* inner pad */
	ASSERT_EQ(vw_b64_decode("Zm 9", 4, out), VW_EINVAL);	/* space */
}

VW_TEST_MAIN(test_rfc4648_vectors, test_round_trip_all_bytes,
    test_rejects_malformed)
