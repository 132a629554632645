/* SPDX-License-Identifier: ISC */
/* Linux: SO_PEERCRED gives the credentials the peer had at connect(). */
#include <sys/socket.h>
#include <errno.h>

#include "peercred.h"

int
vw_peer_cred(int fd, uid_t *uid, gid_t *gid)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1)
		return -errno;
	*uid = uc.uid;
	*gid = uc.gid;
	return 0;
}
