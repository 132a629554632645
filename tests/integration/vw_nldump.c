/* SPDX-License-Identifier: ISC */
/*
 * vw_nldump - dump links, addresses, routes (every table) and neighbours
 * over NETLINK_ROUTE and write the raw concatenated replies to stdout or
 * to the file named by argv[1]: the input of `vmwatchctl decode --os linux`
 * in tests/integration/netlink_roundtrip.sh.
 */
#include <linux/rtnetlink.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "platform/nl_sock_linux.h"
#include "vw_error.h"

#define DUMP_TRIES	5	/* on NLM_F_DUMP_INTR (tables changed) */

static const struct {
	int		 type;
	const char	*what;
} dumps[] = {
	{ RTM_GETLINK, "links" },
	{ RTM_GETADDR, "addresses" },
	{ RTM_GETROUTE, "routes" },
	{ RTM_GETNEIGH, "neighbours" },
};

int
main(int argc, char **argv)
{
	struct vw_nlbuf buf = { 0 };
	FILE *out = stdout;
	const char *path = argc > 1 ? argv[1] : "-";
	size_t i;
	ssize_t n = 0;
	int fd, try, rc = 1;

	if (argc > 2 ||
	    (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
		fprintf(stderr, "usage: vw_nldump [file]\n");
		return 2;
	}
	if ((fd = vw_nlsock_open(0, 0)) < 0) {
		fprintf(stderr, "vw_nldump: netlink socket: %s\n",
		    vw_strerror(fd));
		return 1;
	}
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		for (try = 0; try < DUMP_TRIES; try++) {
			n = vw_nlsock_dump(fd, dumps[i].type,
			    (uint32_t)(i * DUMP_TRIES + (size_t)try + 1), &buf);
			if (n != -EAGAIN)
				break;
		}
		if (n < 0) {
			fprintf(stderr, "vw_nldump: dumping %s: %s\n",
			    dumps[i].what, vw_strerror((int)n));
			goto out;
		}
	}
	if (strcmp(path, "-") != 0 && (out = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "vw_nldump: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (fwrite(buf.data, 1, buf.len, out) != buf.len || fflush(out) != 0) {
		fprintf(stderr, "vw_nldump: writing %s: %s\n", path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (out != stdout && out != NULL)
		fclose(out);
	vw_nlbuf_free(&buf);
	vw_nlsock_close(fd);
	return rc;
}
