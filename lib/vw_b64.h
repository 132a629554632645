/* SPDX-License-Identifier: ISC */
/*
 * vw_b64.h - base64 (RFC 4648, with padding) for binary payloads in JSON
 * replies (the flight recorder's window in `report`).
 *
 * Pure.  Ownership: callers provide the output buffers.
 */
#ifndef VW_B64_H
#define VW_B64_H

#include <stddef.h>
#include <stdint.h>

/* Bytes needed to encode n bytes, NUL included. */
#define VW_B64_ENCLEN(n)	(((n) + 2) / 3 * 4 + 1)

/* Encode; out must hold VW_B64_ENCLEN(n).  Returns the length (no NUL). */
size_t	vw_b64_encode(const uint8_t *in, size_t n, char *out);

/*
 * Decode len characters (whitespace not allowed, padding required);
 * out must hold len / 4 * 3 bytes.  Returns the decoded length or
 * VW_EINVAL.
 */
long	vw_b64_decode(const char *in, size_t len, uint8_t *out);

#endif /* VW_B64_H */
