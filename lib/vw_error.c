/* SPDX-License-Identifier: ISC */
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "vw_error.h"

const char *
vw_strerror(int err)
{
	switch (err) {
#define VW__ERR_STR(name, val, str) case (val): return (str);
	VW_ERRNO_MAP(VW__ERR_STR)
#undef VW__ERR_STR
	default:
		break;
	}
	if (err < 0 && err > -4000)
		return strerror(-err);
	return "unknown error";
}

const char *
vw_err_name(int err)
{
	switch (err) {
#define VW__ERR_NAME(name, val, str) case (val): return ("VW_E" #name);
	VW_ERRNO_MAP(VW__ERR_NAME)
#undef VW__ERR_NAME
	default:
		return "VW_E?";
	}
}

int
vw_perr_set(struct vw_perr *e, unsigned long long off, int code,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->off = off;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *
vw_errno_name(int err)
{
	switch (err) {
	case EHOSTUNREACH:	return "EHOSTUNREACH";
	case EHOSTDOWN:		return "EHOSTDOWN";
	case ENETUNREACH:	return "ENETUNREACH";
	case ENETDOWN:		return "ENETDOWN";
	case EPERM:		return "EPERM";
	case EACCES:		return "EACCES";
	case EADDRNOTAVAIL:	return "EADDRNOTAVAIL";
	case ENOBUFS:		return "ENOBUFS";
	case EMSGSIZE:		return "EMSGSIZE";
	case ECONNREFUSED:	return "ECONNREFUSED";
	case ECONNRESET:	return "ECONNRESET";
	case ETIMEDOUT:		return "ETIMEDOUT";
	case EINVAL:		return "EINVAL";
	default:		return NULL;
	}
}
