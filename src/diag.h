/*
 * diag.h - compiler-style diagnostics, one struct diag per report (never
 * global, so parallel workers and tests stay independent).
 *
 *   reports/x.yaml:12:7: error: body[7].awards.items[3].year: expected ...
 *
 * Each diagnostic is written to `out` as one whole line (one fwrite), so
 * lines of parallel workers never interleave mid-line.
 */
#ifndef BAOCAO_DIAG_H
#define BAOCAO_DIAG_H

#include <stdio.h>

#include "model.h"

struct diag {
	FILE		*out;		/* stderr normally; tests may redirect */
	const char	*file;		/* default file when a mark has none */
	int		 nerr;
	int		 nwarn;
	int		 quiet_warnings;
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

/* The closest of `n` candidate words to `word` when near enough for a
 * "did you mean" hint, else NULL. */
const char *diag_closest(const char *word, const char *const *cands, int n);

#endif
