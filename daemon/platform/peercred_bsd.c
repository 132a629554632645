/* SPDX-License-Identifier: ISC */
/* macOS and FreeBSD: getpeereid(2). */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

#include "peercred.h"

int
vw_peer_cred(int fd, uid_t *uid, gid_t *gid)
{
	if (getpeereid(fd, uid, gid) == -1)
		return -errno;
	return 0;
}
