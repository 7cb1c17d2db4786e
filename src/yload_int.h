/*
 * yload_int.h - what yload.c (one file's text into nodes) and yextend.c
 * (the `extends` chain and its deep merge) share. Private to the two.
 * Return convention: NULL / -1 = failed with the diagnostic recorded.
 */
#ifndef BAOCAO_YLOAD_INT_H
#define BAOCAO_YLOAD_INT_H

#include "model.h"
#include "yload.h"

struct arena;
struct diag;

/* The state of one yl_load: where the files read and their text go. */
struct yl_ctx {
	struct arena	*a;
	struct diag	*d;
	const char	***deps;
	int		*ndeps;
	int		 capdeps;
	struct source	**srcs;
	int		*nsrcs;
	int		 capsrcs;
};

/* Read and parse one file (its text kept in c's sources). `from` is the
 * mark of the extends value that names it, NULL for the report. */
struct ynode	*yl_file(struct yl_ctx *c, const char *file,
		    const struct mark *from);

/* Index of `key` in mapping m, or -1; `sorted` is yl_sorted(m), NULL
 * for a small mapping. */
int		 yl_find(const struct ynode *m, const struct ypair **sorted,
		    const char *key);
/* m's pairs sorted by key (arena), or NULL when m is small. */
const struct ypair **yl_sorted(struct arena *, const struct ynode *m);

#endif
