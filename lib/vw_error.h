/* SPDX-License-Identifier: ISC */
/*
 * vw_error.h - error codes of libvmwatch.
 *
 * Every function in lib/ that can fail returns 0 (or a count) on success and
 * a negative VW_E* code on failure, as libuv does.  System errors pass through
 * as -errno; codes without a system equivalent live below -4000 so that they
 * can never collide with an errno value.  One X-macro table drives the enum,
 * vw_strerror() and vw_err_name().
 *
 * Ownership: the strings returned are static; never free them.
 */
#ifndef VW_ERROR_H
#define VW_ERROR_H

#include <errno.h>

#define VW_ERRNO_MAP(XX)                                                   \
	XX(NOMEM,    -ENOMEM,  "out of memory")                               \
	XX(INVAL,    -EINVAL,  "invalid argument")                            \
	XX(NOENT,    -ENOENT,  "no such entry")                               \
	XX(EXIST,    -EEXIST,  "entry exists")                                \
	XX(NOSPC,    -ENOSPC,  "no space left in buffer")                     \
	XX(RANGE,    -ERANGE,  "value out of range")                          \
	XX(IO,       -EIO,     "input/output error")                          \
	XX(TRUNC,    -4001,    "message truncated")                           \
	XX(BADLEN,   -4002,    "inconsistent length field")                   \
	XX(BADSA,    -4003,    "malformed socket address")                    \
	XX(BADATTR,  -4004,    "malformed attribute")                         \
	XX(SKIP,     -4005,    "message skipped")                             \
	XX(BADVER,   -4006,    "unsupported version")                         \
	XX(BADFAM,   -4007,    "unsupported address family")                  \
	XX(SYNTAX,   -4008,    "syntax error")                                \
	XX(NLERR,    -4009,    "netlink error message")

enum vw_errno {
#define VW__ERR_ENUM(name, val, str) VW_E##name = (val),
	VW_ERRNO_MAP(VW__ERR_ENUM)
#undef VW__ERR_ENUM
};

/*
 * Where and why a parser rejected its input: the byte offset of the bad
 * message (from the start of the caller's buffer) and a one-line reason.
 */
struct vw_perr {
	unsigned long long off;
	int		code;		/* VW_E* */
	char		msg[160];
};
/* Fill e (if not NULL) and return code; printf-style reason. */
int	vw_perr_set(struct vw_perr *e, unsigned long long off, int code,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A human sentence for err ("message truncated"); unknown codes map to strerror. */
const char	*vw_strerror(int err);
/*
 * The symbolic name of a (positive) errno a probe or send can meet
 * ("EHOSTUNREACH"), or NULL for others.
 */
const char	*vw_errno_name(int err);
/* The symbolic name ("VW_ETRUNC"), or "VW_E?" for unknown codes. */
const char	*vw_err_name(int err);

#endif /* VW_ERROR_H */
