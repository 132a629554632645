/* SPDX-License-Identifier: ISC */
/*
 * fuzz_config.c - libFuzzer target for vw_config_parse(): any bytes must
 * give either a config or one line of error (never a crash, a leak or a
 * read past `size`), and every accepted config must print to a text that
 * parses back to an equal config printing the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vw_config a, b;
	char err[VW_CONFIG_ERRLEN], *t1, *t2;
	char *copy;

	/* An exact-size copy, so ASan sees any read past the end. */
	if ((copy = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(copy, data, size);
	if (vw_config_parse(copy, size, "fuzz", &a, err, sizeof(err)) < 0) {
		if (strchr(err, '\n') != NULL || err[0] == '\0')
			abort();	/* errors are exactly one line */
		free(copy);
		return 0;
	}
	free(copy);
	if ((t1 = vw_config_to_json(&a)) == NULL)
		abort();
	if (vw_config_parse(t1, strlen(t1), "printed", &b, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, "printed config rejected: %s\n%s", err, t1);
		abort();
	}
	if (!vw_config_equal(&a, &b) || (t2 = vw_config_to_json(&b)) == NULL ||
	    strcmp(t1, t2) != 0)
		abort();
	free(t1);
	free(t2);
	vw_config_free(&a);
	vw_config_free(&b);
	return 0;
}
