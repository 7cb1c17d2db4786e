/*
 * yload.h - a YAML file as a tree of nodes (scalar, list, mapping), each
 * with the 1-based mark of the file it was written in; `extends` already
 * merged. Aliases share the anchored subtree (the tree is a DAG), so the
 * tree must be treated as read-only.
 * Return convention: int 0 = ok, -1 = failed with a diagnostic recorded.
 */
#ifndef BAOCAO_YLOAD_H
#define BAOCAO_YLOAD_H

#include <stddef.h>

#include "model.h"

struct arena;
struct diag;

enum yl_kind {
	YL_SCALAR,
	YL_SEQ,
	YL_MAP
};

enum yl_style {
	YL_PLAIN,
	YL_SQUOTED,
	YL_DQUOTED,
	YL_LITERAL,
	YL_FOLDED
};

struct ypair;

struct ynode {
	enum yl_kind	 kind;
	struct mark	 mark;
	/* YL_SCALAR */
	const char	*str;		/* NUL-terminated, as libyaml gives it */
	size_t		 len;
	enum yl_style	 style;
	/* YL_SEQ: items; YL_MAP: pairs (keys are scalars) */
	struct ynode	**items;
	struct ypair	*pairs;
	int		 n;
	/* bookkeeping for the limits */
	long		 size;		/* nodes after alias expansion */
	int		 height;	/* nesting levels below and including */
};

struct ypair {
	struct ynode	*key;
	struct ynode	*val;
};

/* Limits of the report format (§2a). */
#define YL_MAX_FILE	(16L * 1024 * 1024)
#define YL_MAX_SCALAR	(1L * 1024 * 1024)
#define YL_MAX_NODES	100000L
#define YL_MAX_DEPTH	64
#define YL_MAX_EXTENDS	32

/* Load `path` and every file it extends, merged. The files read besides
 * `path` are appended to *deps (arena array of *ndeps paths, as opened);
 * the text of every file read, `path` first, to *srcs (*nsrcs).
 * Returns the root node, or NULL with the diagnostics recorded. */
struct ynode	*yl_load(struct arena *, struct diag *, const char *path,
		    const char ***deps, int *ndeps, struct source **srcs,
		    int *nsrcs);

/* The value of `key` in mapping `map`, or NULL. */
struct ynode	*yl_get(const struct ynode *map, const char *key);
/* 1 when the scalar is a plain null (empty, ~, null, Null, NULL). */
int		 yl_is_null(const struct ynode *);

#endif
