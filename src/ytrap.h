/*
 * ytrap.h - YAML's traps explained (spec §2a v2): libyaml's syntax
 * errors told again in plain words at the line the user can fix, and
 * warnings for valid YAML that silently drops or changes text. Works on
 * the text of one file as libyaml read it (BOM skipped).
 * Nothing here fails; the caller decides the outcome.
 */
#ifndef BAOCAO_YTRAP_H
#define BAOCAO_YTRAP_H

#include <stddef.h>

#include "model.h"

struct arena;
struct diag;

struct yt_text {
	const char	*file;
	const char	*buf;
	size_t		 len;
};

/* A syntax error as libyaml gives it; context may be NULL. */
struct yt_err {
	const char	*problem;
	struct mark	 pm;
	const char	*context;
	struct mark	 cm;
};

/* The 1-based mark of byte `off`, and the byte offset of line:col
 * (len when past the end). */
struct mark	 yt_pos(const struct yt_text *, size_t off);
size_t		 yt_offset(const struct yt_text *, int line, int col);

/* libyaml's problem or context words (w) in the language of messages:
 * translated when they are among libyaml's fixed strings, else w. */
const char	*yt_words(const char *w);

/* Report libyaml's syntax error: its words in the error, and where a
 * trap explains it, the error at the line to fix with a plain note. */
void		 yt_syntax(struct diag *, const struct yt_text *,
		    const struct yt_err *);

/* A plain value ends at byte `end` (mark m): warn when " #" follows,
 * which makes the rest of the line a comment that is not printed. */
void		 yt_comment(struct diag *, const struct yt_text *, size_t end,
		    struct mark m);

/* A folded (>) text spans bytes [start, end): warn about a line of it
 * indented more than the first, which YAML keeps on a line of its own. */
void		 yt_folded(struct diag *, const struct yt_text *, size_t start,
		    size_t end);

/* A note for a value starting at m with a character YAML reads
 * specially (*, &, !): what YAML made of it and to quote the text. */
void		 yt_start_note(struct diag *, const struct yt_text *,
		    struct mark m);

/* -1 with an error naming it when a key holds an invisible character
 * (a byte order mark or zero width space pasted before it). */
int		 yt_key(struct diag *, struct arena *, const char *key,
		    size_t len, struct mark m);

#endif
