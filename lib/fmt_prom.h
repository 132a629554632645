/* SPDX-License-Identifier: ISC */
/*
 * fmt_prom.h - the Prometheus text exposition format (version 0.0.4):
 * "# HELP", "# TYPE", then samples `name{label="value",...} number`.
 * Label values are escaped (\\, \", \n); names are checked against
 * [a-zA-Z_:][a-zA-Z0-9_:]* so a typo fails loudly in tests, not in a
 * scraper.  Every family is written whole (HELP, TYPE, its samples) before
 * the next one starts, as the format requires.
 *
 * Pure: writes to a caller's FILE (an open_memstream in the daemon).
 * Ownership: none kept.
 */
#ifndef FMT_PROM_H
#define FMT_PROM_H

#include <stdint.h>
#include <stdio.h>

/* "counter", "gauge", "untyped". Returns 0 or VW_EINVAL (bad name/type). */
int	vw_prom_family(FILE *fp, const char *name, const char *type,
	    const char *help);

/*
 * One sample.  labels: NULL, or pairs {key, value, key, value, ..., NULL}.
 * Non-finite values print as NaN/+Inf/-Inf.  0 or VW_EINVAL.
 */
int	vw_prom_sample(FILE *fp, const char *name, const char *const *labels,
	    double value);

/* Is s a valid metric (or, labels != 0, label) name? */
int	vw_prom_name_ok(const char *s, int label);

#endif /* FMT_PROM_H */
