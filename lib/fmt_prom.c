/* SPDX-License-Identifier: ISC */
/*
 * fmt_prom.c - Prometheus text format writer.
 */
#include <math.h>
#include <string.h>

#include "fmt_prom.h"
#include "vw_error.h"

int
vw_prom_name_ok(const char *s, int label)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return 0;
	for (p = s; *p != '\0'; p++) {
		int alpha = (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		    (!label && *p == ':');

		if (!alpha && !(p > s && *p >= '0' && *p <= '9'))
			return 0;
	}
	/* Names starting with "__" are reserved for Prometheus itself. */
	return !(label && strncmp(s, "__", 2) == 0);
}

/* HELP text escapes only backslash and newline. */
static void
put_help(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\\\", fp);
		else if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
}

int
vw_prom_family(FILE *fp, const char *name, const char *type,
    const char *help)
{
	if (!vw_prom_name_ok(name, 0) || (strcmp(type, "counter") != 0 &&
	    strcmp(type, "gauge") != 0 && strcmp(type, "untyped") != 0))
		return VW_EINVAL;
	fprintf(fp, "# HELP %s ", name);
	put_help(fp, help);
	fprintf(fp, "\n# TYPE %s %s\n", name, type);
	return 0;
}

static void
put_value(FILE *fp, double v)
{
	if (isnan(v))
		fputs("NaN", fp);
	else if (isinf(v))
		fputs(v > 0 ? "+Inf" : "-Inf", fp);
	else if (v == (double)(int64_t)v && fabs(v) < 1e15)
		fprintf(fp, "%lld", (long long)v);
	else
		fprintf(fp, "%.9g", v);
}

int
vw_prom_sample(FILE *fp, const char *name, const char *const *labels,
    double value)
{
	const char *const *l;
	const char *s;

	if (!vw_prom_name_ok(name, 0))
		return VW_EINVAL;
	for (l = labels; l != NULL && l[0] != NULL; l += 2)
		if (!vw_prom_name_ok(l[0], 1) || l[1] == NULL)
			return VW_EINVAL;
	fputs(name, fp);
	if (labels != NULL && labels[0] != NULL) {
		fputc('{', fp);
		for (l = labels; l[0] != NULL; l += 2) {
			fprintf(fp, "%s%s=\"", l == labels ? "" : ",", l[0]);
			for (s = l[1]; *s != '\0'; s++) {
				if (*s == '\\' || *s == '"')
					fputc('\\', fp);
				if (*s == '\n')
					fputs("\\n", fp);
				else
					fputc(*s, fp);
			}
			fputc('"', fp);
		}
		fputc('}', fp);
	}
	fputc(' ', fp);
	put_value(fp, value);
	fputc('\n', fp);
	return 0;
}
