/* SPDX-License-Identifier: ISC */
/*
 * ctl_watch.c - vmwatchctl's watchdog commands:
 *   targets                    state, RTT and loss of every target
 *   events [-f] [--since DUR] [--kind KIND] [--target ADDR|NAME] [-n N]
 * `events -f` prints the remembered events, then follows new ones: tail -f
 * with meaning.  --json prints each event as the JSON log has it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ctl/ctl.h"
#include "ctl/ctl_client.h"

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/*
 * "SEQ TIME KIND DETAIL": target events in words (address, state, cause,
 * summary), the rest as their compact object.
 */
void
ctl_print_event(const cJSON *ev, int json)
{
	const cJSON *t, *c;
	const char *kind, *name;
	char *s;

	if (!cJSON_IsObject(ev))
		return;
	if (json) {
		if ((s = cJSON_PrintUnformatted(ev)) != NULL)
			printf("%s\n", s);
		cJSON_free(s);
		return;
	}
	kind = str(ev, "kind");
	printf("%.0f %s %s ", num(ev, "seq"), str(ev, "time") ? str(ev,
	    "time") : "-", kind ? kind : "?");
	if (kind != NULL && strncmp(kind, "target.", 7) == 0) {
		t = cJSON_GetObjectItemCaseSensitive(ev, "target");
		c = cJSON_GetObjectItemCaseSensitive(ev, "cause");
		name = str(t, "name");
		printf("%s%s%s%s", str(t, "address") ? str(t, "address") : "?",
		    name ? " (" : "", name ? name : "", name ? ")" : "");
		if (cJSON_IsObject(c))
			printf(": %s: %s", str(c, "code") ? str(c, "code") : "?",
			    str(c, "summary") ? str(c, "summary") : "");
		else if (cJSON_GetObjectItemCaseSensitive(ev, "outage_s"))
			printf(" answers again after %.1f s",
			    num(ev, "outage_s"));
		printf("\n");
		return;
	}
	if ((s = cJSON_PrintUnformatted(ev)) != NULL)
		printf("%s\n", s);
	cJSON_free(s);
}

int
vw_cmd_events(const struct vw_client_opts *o, int argc, char **argv)
{
	const cJSON *ok, *res, *e;
	cJSON *args, *reply;
	char *end;
	long n;
	int i, follow = 0, status;

	if ((args = cJSON_CreateObject()) == NULL)
		return CTL_EXIT_FAIL;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 ||
		    strcmp(argv[i], "--follow") == 0)
			follow = 1;
		else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc)
			cJSON_AddStringToObject(args, "since", argv[++i]);
		else if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc)
			cJSON_AddStringToObject(args, "kind", argv[++i]);
		else if (strcmp(argv[i], "--target") == 0 && i + 1 < argc)
			cJSON_AddStringToObject(args, "target", argv[++i]);
		else if ((strcmp(argv[i], "-n") == 0 ||
		    strcmp(argv[i], "--limit") == 0) && i + 1 < argc) {
			n = strtol(argv[++i], &end, 10);
			if (*end != '\0' || n < 1) {
				cJSON_Delete(args);
				return ctl_usage_err("-n: expected a positive "
				    "count", argv[i]);
			}
			cJSON_AddNumberToObject(args, "limit", (double)n);
		} else {
			cJSON_Delete(args);
			return ctl_usage_err("unexpected argument", argv[i]);
		}
	}
	if (follow) {
		cJSON_AddTrueToObject(args, "replay");
		return vw_client_follow(o, args);
	}
	if ((status = vw_client_call(o, "events", args, &reply)) != 0)
		return status;
	ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
	res = cJSON_GetObjectItemCaseSensitive(reply, "result");
	if (!cJSON_IsTrue(ok)) {
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(reply,
		    "error");

		fprintf(stderr, "vmwatchctl: %s: %s\n",
		    str(err, "code") ? str(err, "code") : "error",
		    str(err, "message") ? str(err, "message") : "(no message)");
		cJSON_Delete(reply);
		return strcmp(str(err, "code") ? str(err, "code") : "",
		    "bad_args") == 0 ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
	}
	cJSON_ArrayForEach(e, res)
		ctl_print_event(e, o->json);
	cJSON_Delete(reply);
	return CTL_EXIT_OK;
}

/* One line per target for people; --json prints the reply. */
int
vw_cmd_targets(const struct vw_client_opts *o, int argc, char **argv)
{
	const cJSON *ok, *res, *t, *st, *rtt, *lc;
	cJSON *reply;
	char who[128], rtts[48];
	int status;

	if (argc > 0)
		return ctl_usage_err("unexpected argument", argv[0]);
	if (o->json)
		return vw_client_run(o, "targets", cJSON_CreateObject());
	if ((status = vw_client_call(o, "targets", cJSON_CreateObject(),
	    &reply)) != 0)
		return status;
	ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
	res = cJSON_GetObjectItemCaseSensitive(reply, "result");
	if (!cJSON_IsTrue(ok)) {
		fprintf(stderr, "vmwatchctl: targets: the daemon refused\n");
		cJSON_Delete(reply);
		return CTL_EXIT_FAIL;
	}
	printf("%-28s %-9s %-20s %-22s %-6s %s\n", "TARGET", "STATE",
	    "SINCE", "RTT MIN/AVG/MAX MS", "LOSS", "LAST CAUSE");
	cJSON_ArrayForEach(t, res) {
		st = cJSON_GetObjectItemCaseSensitive(t, "stats");
		rtt = cJSON_GetObjectItemCaseSensitive(st, "rtt_ms");
		lc = cJSON_GetObjectItemCaseSensitive(t, "last_cause");
		snprintf(who, sizeof(who), "%s%s%s%s", str(t, "address"),
		    str(t, "name") ? " (" : "", str(t, "name") ? str(t, "name") :
		    "", str(t, "name") ? ")" : "");
		if (cJSON_IsObject(rtt))
			snprintf(rtts, sizeof(rtts), "%.3f/%.3f/%.3f",
			    num(rtt, "min"), num(rtt, "avg"), num(rtt, "max"));
		else
			snprintf(rtts, sizeof(rtts), "-");
		printf("%-28s %-9s %-20.19s %-22s %5.1f%% %s\n", who,
		    str(t, "state") ? str(t, "state") : "?",
		    str(t, "since") ? str(t, "since") : "-", rtts,
		    num(st, "loss_pct"),
		    cJSON_IsObject(lc) && str(lc, "code") ? str(lc, "code") :
		    "-");
	}
	cJSON_Delete(reply);
	return CTL_EXIT_OK;
}
