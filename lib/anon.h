/* SPDX-License-Identifier: ISC */
/*
 * anon.h - anonymization for `vmwatchctl report --anonymize`: MAC
 * addresses, target names and home directories are replaced in a JSON
 * tree and in a recording, consistently, so the report still tells which
 * neighbour moved where without telling whose machine it was.
 *
 * Replaced:
 *   - every unicast MAC address (6 bytes) becomes a pseudonym: SipHash-2-4
 *     of its bytes under a per-report 16-byte key, first byte forced to a
 *     locally administered unicast one ((h & 0xfc) | 0x02).  The same MAC
 *     gets the same pseudonym everywhere in one report (tables, events,
 *     cause summaries, path strings, metrics text, the recording); without
 *     the key, which the caller draws at random and never stores, the
 *     pseudonym cannot be linked back to the MAC or to another report.
 *     In strings a MAC is any token of six 1-2 digit hex groups joined by
 *     ':', '.' or '-' (the forms vw_ll_parse() reads: canonical
 *     "aa:bb:cc:dd:ee:ff", macOS "1:0:5e:0:0:fb", link_ntoa
 *     "8a.c3.94.a.86.e2") or "aabb.ccdd.eeff"; its pseudonym is printed
 *     in the same form (separator, padding, letter case).
 *   - target names: the "name" of every target object (an object with
 *     string "address" and "name" members) becomes "target-1",
 *     "target-2"... in order of first appearance, and the name is replaced
 *     inside longer strings too ("198.18.64.2 (vm1): ...", Prometheus
 *     labels name="vm1") where it stands as a word (not inside a longer
 *     [A-Za-z0-9_-] run).  A string that is exactly a name but not a
 *     target's "name" member is kept: "state":"up" stays even for a
 *     target named "up" (whose name is then also replaced in free text
 *     such as "target.up ... (up)" - over-replacing, never leaking).
 *   - home directories: "/Users/NAME" and "/home/NAME" at the start of a
 *     path become "~" (the socket path, log paths in the config).
 *   - in a recording: every learned MAC's 6 bytes inside KMSG payloads
 *     (netlink attributes, BSD sockaddr_dl data hold them verbatim) become
 *     the pseudonym's bytes, the CONFIG record is rewritten as a JSON tree
 *     (names, paths, MACs), NOTE and DUMP_BEGIN texts as strings; every
 *     record header is re-encoded with its new length and CRC.
 *
 * Kept, on purpose:
 *   - multicast and broadcast MACs (first byte bit 0 set) and 00:00:...:00:
 *     they name a protocol, not a machine;
 *   - IP addresses: they are what the report is about.  IPv6 addresses
 *     made from a MAC (modified EUI-64, "fe80::5854:ff:fe12:3456") still
 *     encode that MAC;
 *   - interface names, process names (event origins), times, counters;
 *   - object keys, and link-layer addresses that are not 6 bytes long;
 *   - in a recording, a MAC the report never learned (neither in the JSON
 *     nor in the kernel messages the decoders read) and MAC bytes outside
 *     KMSG payloads (none are written there today).
 * Pseudonyms are 46 random bits: two MACs of one report share one with
 * probability about n^2 / 2^47.
 *
 * Pure: no system calls; the caller supplies the key.
 * Ownership: a struct vw_anon owns its tables and a copy of the key, wiped
 * by vw_anon_free(); rewritten strings and recordings are malloc'ed for
 * the caller; JSON trees are changed in place.
 */
#ifndef ANON_H
#define ANON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "vw_error.h"

#define VW_ANON_KEYLEN	16

/* SipHash-2-4 (Aumasson and Bernstein, 2012) of msg under key. */
uint64_t	vw_siphash24(const uint8_t key[VW_ANON_KEYLEN], const void *msg,
		    size_t len);

struct vw_anon;

/* 0 or VW_ENOMEM. */
int	vw_anon_new(const uint8_t key[VW_ANON_KEYLEN], struct vw_anon **out);
void	vw_anon_free(struct vw_anon *a);

/*
 * The pseudonym of one MAC into out (out may be mac).  Returns 1 when it
 * was replaced, 0 when it is kept (multicast, broadcast, all zero).
 */
int	vw_anon_mac(const struct vw_anon *a, const uint8_t mac[6],
	    uint8_t out[6]);

/*
 * Learn what to replace before rewriting: every MAC in any string of the
 * tree and every target name (numbered in tree order), and, from a
 * recording, the names and MACs of its CONFIG records and every MAC the
 * kernel messages decode to.  0 or VW_ENOMEM (a damaged recording is read
 * up to the damage).  The rewriters learn as they go too; learning first
 * makes the MACs of one part known to the other (the recording only
 * replaces learned MAC bytes).
 */
int	vw_anon_learn_json(struct vw_anon *a, const cJSON *tree);
int	vw_anon_learn_recording(struct vw_anon *a, const uint8_t *buf,
	    size_t len);
size_t	vw_anon_nmacs(const struct vw_anon *a);	/* replaceable MACs learned */
size_t	vw_anon_nnames(const struct vw_anon *a);

/* One string rewritten (malloc'ed, NUL-terminated), or NULL: no memory. */
char	*vw_anon_str(struct vw_anon *a, const char *s);

/* Rewrite every string of the tree in place.  0 or VW_ENOMEM. */
int	vw_anon_json(struct vw_anon *a, cJSON *tree);

/*
 * A rewritten copy of a recording (*out malloc'ed, *outlen bytes).  0, or
 * a negative VW_E* with e filled for a recording vw_rec_next() rejects
 * (nothing is returned then: a partial copy could hold bytes that were
 * never looked at), or VW_ENOMEM.
 */
int	vw_anon_recording(struct vw_anon *a, const uint8_t *buf, size_t len,
	    uint8_t **out, size_t *outlen, struct vw_perr *e);

#endif /* ANON_H */
