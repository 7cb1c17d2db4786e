/*
 * diag.h - compiler-style diagnostics, one struct diag per report (never
 * global, so parallel workers and tests stay independent).
 *
 *   reports/x.yaml:12:7: error: body[7].awards.items[3].year: expected ...
 *
 * An error or warning at a mark reached through an alias (mark.via) is
 * given where the alias is used, followed by a note at the mark.
 *
 * Each diagnostic is written to `out` as one whole line (one fwrite), so
 * lines of parallel workers never interleave mid-line.
 */
#ifndef BAOCAO_DIAG_H
#define BAOCAO_DIAG_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"

struct arena;

struct diag {
	FILE		*out;		/* stderr normally; tests may redirect */
	const char	*file;		/* default file when a mark has none */
	int		 nerr;
	int		 nwarn;
	int		 quiet_warnings;	/* -q: count warnings, print none */
	int		 muted;		/* the last warning was not printed:
					 * nor are the notes after it */
};

void	diag_init(struct diag *, FILE *, const char *file);
void	diag_error(struct diag *, struct mark, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	diag_warn(struct diag *, struct mark, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	diag_note(struct diag *, struct mark, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* An error with no position (I/O, library failure): "file: error: ...". */
void	diag_fail(struct diag *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* `s` as it may go into one line of output: C0 control characters and
 * DEL written as \ooo (a file name may hold a newline or a terminal
 * escape sequence). A malloc'd copy. Diagnostics pass through it. */
char	*diag_shown(const char *s);

/* The name of an invisible or unprintable character ("byte order mark",
 * "zero width space", "soft hyphen", "no-break space" ...), or NULL for a
 * character that prints. Diagnostics name such characters by code point
 * and name (U+FEFF (byte order mark)), never raw. */
const char *diag_cpname(uint32_t cp);

/* `s` (len bytes) cut to at most DIAG_CLIP characters on a character
 * boundary, "..." added when cut: for quoting a key or a value in a
 * message. An arena copy. */
#define DIAG_CLIP	60
const char *diag_clip(struct arena *, const char *s, size_t len);

/* Cut a partial UTF-8 character off the end of `s` (a message cut to a
 * buffer's size ends on a whole character). */
void	diag_trim(char *s);

/* The closest of `n` candidate words to `word` when near enough for a
 * "did you mean" hint, else NULL. */
const char *diag_closest(const char *word, const char *const *cands, int n);

/* The Levenshtein distance of a[0..la) and b[0..lb) in code points (a
 * letter with another mark is one edit), or limit + 1 as soon as it
 * must exceed limit or either is longer than DIAG_DIST_MAX. The one
 * measure of "close" for keys, choices (diag_closest) and award names
 * (lower.c). */
#define DIAG_DIST_MAX	96
int	diag_edit_dist(const uint32_t *a, int la, const uint32_t *b, int lb,
	    int limit);

#endif
