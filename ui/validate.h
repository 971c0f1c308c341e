/* Checks for what users type into dialogs: each returns 0 with the parsed
 * value, or -1 with err set to the reason as it is shown beside the field.
 * No curses, no libvirt: unit-tested (tests/check_actions.c). */
#ifndef HVTOP_VALIDATE_H
#define HVTOP_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_MEM_MIN_KIB (64u * 1024)   /* 64 MiB: below it no guest boots */
#define UI_BALLOON_STEP_KIB (64u * 1024)

/* "512 MiB", "1.5 GiB", "1.0 TiB" */
char *ui_human_kib(char *buf, size_t n, uint64_t kib);

/* A new domain's (or snapshot's) name: not empty, at most 64 bytes,
 * letters (any script), digits and - _ . + only, starting with a letter or
 * digit, and not one of existing[0..n). */
int ui_valid_name(const char *s, const char *const *existing, size_t n,
		  const char *what, char *err, size_t errsz);
/* 1 .. host_cpus */
int ui_valid_vcpus(const char *s, unsigned host_cpus, unsigned *out,
		   char *err, size_t errsz);
/* 64 MiB .. host memory; a bare number is MiB; K/M/G/T suffixes */
int ui_valid_mem(const char *s, uint64_t host_kib, uint64_t *out_kib,
		 char *err, size_t errsz);
/* a new disk: 1 MiB .. 64 TiB; a bare number is GiB */
int ui_valid_disk_size(const char *s, uint64_t *out_bytes, char *err,
		       size_t errsz);
/* An absolute path.  local: it must exist here, as a file (or block
 * device), or as a directory when dir; otherwise only its form is
 * checked (the host checks it when the job runs). */
int ui_valid_path(const char *s, bool local, bool dir, char *err,
		  size_t errsz);
/* A demo image directory: vmlinuz and initrd.img in it. */
int ui_valid_image_dir(const char *s, bool local, char *err, size_t errsz);
/* A balloon size: a bare number is MiB.  Refused above max_kib, below
 * 64 MiB, and below what the guest uses (used_kib, 0 when unknown). */
int ui_valid_balloon(const char *s, uint64_t max_kib, uint64_t used_kib,
		     uint64_t *out_kib, char *err, size_t errsz);

/* cpu shares: a whole number from 2 to 262144 (1024 is the default
 * weight). */
int ui_valid_shares(const char *s, uint64_t *out, char *err, size_t errsz);
/* A CPU cap as % of one core: a number from 1 to 100 (a "%" may follow);
 * empty or "none" is 0, no cap. */
int ui_valid_cap(const char *s, double *out_pct, char *err, size_t errsz);

#endif
