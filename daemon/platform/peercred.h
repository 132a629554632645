/* SPDX-License-Identifier: ISC */
/* peercred.h - who is on the other end of a Unix socket (one file per OS). */
#ifndef PEERCRED_H
#define PEERCRED_H

#include <sys/types.h>

/* Returns 0 and fills uid/gid, or -errno. */
int	vw_peer_cred(int fd, uid_t *uid, gid_t *gid);

#endif /* PEERCRED_H */
