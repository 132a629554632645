/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the routing-text explainer (lib/explain.h) as
 * `vmwatchctl explain` and `routes --explain` run it: line splitting and
 * normalisation, every line parser, OS detection, the interpretation, the
 * findings, and both printers.
 *
 * The first input byte is a selector, the rest is the text:
 *   bits 0-1  OS: 0 detect, 1 darwin, 2 freebsd, 3 linux (VW_OS_*)
 *   bit 2     the daemon entry point (vw_explain_daemon_routes)
 *   bit 3     skip the printers (parse only: more execs per second)
 * Besides the sanitizers it checks the contract: entries in input order,
 * each with its raw text, at most one per line; every finding line is an
 * entry's line; warnings before infos.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "explain.h"
#include "vw_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct vw_explain *x, const char *text, size_t len)
{
	size_t i, k, lines = 1;

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (x->nentries > lines)
		abort();
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (e->text == NULL || e->line == 0 || e->line > lines ||
		    (i > 0 && e->line <= x->entries[i - 1].line) ||
		    e->kind < 0 || e->kind >= VW_XK__MAX ||
		    e->nnotes > VW_X_NOTES ||
		    strlen(e->mac_canon) >= sizeof(e->mac_canon))
			abort();
	}
	for (i = 0; i < x->nfindings; i++) {
		const struct vw_xfinding *f = &x->findings[i];

		if (f->code == NULL || (i > 0 &&
		    f->severity > x->findings[i - 1].severity))
			abort();
		for (k = 0; k < f->nlines; k++) {
			size_t j;

			for (j = 0; j < x->nentries; j++)
				if (x->entries[j].line == f->lines[k])
					break;
			if (j == x->nentries)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	struct vw_explain *x = NULL;
	const char *text;
	size_t len;
	cJSON *j;
	char *s;
	int rc, os;

	if (size < 1)
		return 0;
	if (out == NULL && (out = fopen("/dev/null", "w")) == NULL)
		abort();
	os = data[0] & 3;
	text = (const char *)data + 1;
	len = size - 1;
	if (data[0] & 4)
		rc = vw_explain_daemon_routes(text, len, os, &x);
	else
		rc = vw_explain_parse(text, len, os, &x);
	if (rc == VW_ENOMEM)
		return 0;
	if (rc == VW_ERANGE) {
		/* Only for text with more non-blank lines than allowed. */
		size_t i, lines = 1;

		for (i = 0; i < len; i++)
			lines += text[i] == '\n';
		if (lines <= VW_EXPLAIN_MAXLINES)
			abort();
		return 0;
	}
	if (rc != 0 || x == NULL)
		abort();
	check(x, text, len);
	if ((data[0] & 8) == 0) {
		if (vw_explain_print(out, x, "fuzz") != 0)
			abort();
		if ((j = vw_explain_json(x)) != NULL) {
			if ((s = cJSON_PrintUnformatted(j)) != NULL) {
				/* The JSON we print must parse back. */
				cJSON *back = cJSON_Parse(s);

				if (back == NULL)
					abort();
				cJSON_Delete(back);
				cJSON_free(s);
			}
			cJSON_Delete(j);
		}
	}
	vw_explain_free(x);
	return 0;
}
