/* SPDX-License-Identifier: ISC */
/*
 * vw_b64.c - base64 encoding and strict decoding.
 */
#include "vw_b64.h"
#include "vw_error.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
vw_b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (i < n) {
		v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 :
		    0);
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

static int
val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
vw_b64_decode(const char *in, size_t len, uint8_t *out)
{
	size_t i, o = 0;
	int a, b, c, d;

	if (len % 4 != 0)
		return VW_EINVAL;
	for (i = 0; i < len; i += 4) {
		a = val(in[i]);
		b = val(in[i + 1]);
		c = in[i + 2] == '=' && i + 4 == len ? -2 : val(in[i + 2]);
		d = in[i + 3] == '=' && i + 4 == len ? -2 : val(in[i + 3]);
		if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2))
			return VW_EINVAL;
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		if (c >= 0)
			out[o++] = (uint8_t)((b & 15) << 4 | c >> 2);
		if (d >= 0)
			out[o++] = (uint8_t)((c & 3) << 6 | d);
	}
	return (long)o;
}
