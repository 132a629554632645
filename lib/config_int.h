/* SPDX-License-Identifier: ISC */
/*
 * config_int.h - internals shared by config.c (the descriptor tables and
 * the walker), config_types.c (one set of operations per value type) and
 * config_syntax.c (the strict JSON syntax check with line:column).
 *
 * Ownership: descriptors are static tables; a field pointer always points
 * into a caller's struct vw_config (or a target element of it).  Strings
 * built in a vw__cfg_buf are malloc'ed and handed to the caller.
 */
#ifndef VW_CONFIG_INT_H
#define VW_CONFIG_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "config.h"

/* ---- growable text ------------------------------------------------- */

struct vw__cfg_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 err;		/* VW_ENOMEM once an append failed */
};

void	vw__cfg_buf_printf(struct vw__cfg_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * s as a JSON string literal, quotes included; at most `max` bytes of s
 * (cut on a UTF-8 boundary, "..." added inside the quotes); 0 = no limit.
 */
void	vw__cfg_buf_quote(struct vw__cfg_buf *b, const char *s, size_t max);

/* ---- strict syntax check (config_syntax.c) --------------------------- */

struct vw__json_err {
	size_t	off;		/* byte offset of the offending input */
	char	msg[96];	/* "expected ',' or '}'" */
};

/*
 * Check that text[0..len) is exactly one RFC 8259 JSON value (a leading
 * UTF-8 BOM is allowed), with the few extra limits cJSON needs to read it
 * faithfully: no "\u0000", no unpaired surrogate, numbers of at most 63
 * characters, at most 64 levels of nesting.  0 or VW_ESYNTAX with e set.
 */
int	vw__json_check(const char *text, size_t len, struct vw__json_err *e);
/* 1-based line, and column in characters (UTF-8 code points). */
void	vw__json_linecol(const char *text, size_t len, size_t off,
	    unsigned *line, unsigned *col);

/* ---- the walker's context -------------------------------------------- */

struct vw__cfg_ctx {
	const char	*file;
	char		 ptr[256];	/* JSON pointer of the current value */
	size_t		 ptrlen;
	char		*err;
	size_t		 errlen;
};

/* Append "/name" (RFC 6901 escaped) or "/index"; return the old length. */
size_t	vw__cfg_push(struct vw__cfg_ctx *c, const char *name);
size_t	vw__cfg_push_index(struct vw__cfg_ctx *c, size_t i);
void	vw__cfg_pop(struct vw__cfg_ctx *c, size_t saved);
/* "FILE: POINTER: message" into c->err; returns VW_EINVAL. */
int	vw__cfg_fail(struct vw__cfg_ctx *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The JSON type of j for "got ...": "a string", "an array", "null". */
const char	*vw__cfg_what(const cJSON *j);
/* The value of j for "got ...": "\"text\"", "12", "true"; else its type. */
void	vw__cfg_got(const cJSON *j, char *buf, size_t len);
/* Closest candidate (edit distance <= 2, or a prefix), or NULL. */
const char	*vw__cfg_suggest(const char *word, const char *const *cands,
		    size_t n);

/* ---- descriptors ------------------------------------------------------ */

#define VW__CFG_NULL	0x1	/* null is a value (the "unset" one) */
#define VW__CFG_REQ	0x2	/* must be present */
#define VW__CFG_RESTART	0x4	/* a running daemon applies it at start only */

struct vw__cfg_key;

struct vw__cfg_type {
	int	(*parse)(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
		    const cJSON *j, void *field);
	int	(*dflt)(const struct vw__cfg_key *k, void *field);
	void	(*print)(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
		    const void *field, int indent);
	int	(*equal)(const struct vw__cfg_key *k, const void *a,
		    const void *b);
	void	(*release)(const struct vw__cfg_key *k, void *field);
};

struct vw__cfg_enum {
	const char	*name;
	int		 value;
};

struct vw__cfg_key {
	const char			*name;
	const struct vw__cfg_type	*type;
	size_t				 off;	/* in the enclosing struct */
	unsigned			 flags;	/* VW__CFG_* */
	long long			 def;	/* int, bool, ms, enum value */
	const void			*def_ptr; /* string, or NULL-ended list */
	long long			 min, max; /* value, ms, length or count */
	const struct vw__cfg_enum	*enums;	/* name-NULL-terminated */
	/* Extra test of the parsed value; returns vw__cfg_fail(). */
	int	(*check)(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
		    const void *field);
	/* Sections and arrays: the keys of the object (name-NULL-ended). */
	const struct vw__cfg_key	*sub;
	size_t				 elem_size; /* array of objects */
	size_t				 count_off; /* size_t count, from field */
	/* Each object of this section or array, after its keys. */
	int	(*check_obj)(struct vw__cfg_ctx *c, void *obj);
	/* An array as a whole (duplicates), pointer at the array. */
	int	(*check_all)(struct vw__cfg_ctx *c, const void *arr, size_t n);
};

extern const struct vw__cfg_type vw__cfg_bool, vw__cfg_int, vw__cfg_dur,
	vw__cfg_str, vw__cfg_enum_type, vw__cfg_ip, vw__cfg_probe,
	vw__cfg_listen, vw__cfg_strlist, vw__cfg_section, vw__cfg_objarray;

/* The walker (config.c), used by the section and array types. */
int	vw__cfg_parse_object(struct vw__cfg_ctx *c,
	    const struct vw__cfg_key *keys, const cJSON *j, void *base);
int	vw__cfg_default_object(const struct vw__cfg_key *keys, void *base);
void	vw__cfg_print_object(struct vw__cfg_buf *b,
	    const struct vw__cfg_key *keys, const void *base, int indent);
int	vw__cfg_equal_object(const struct vw__cfg_key *keys, const void *a,
	    const void *b);
void	vw__cfg_release_object(const struct vw__cfg_key *keys, void *base);

#endif /* VW_CONFIG_INT_H */
