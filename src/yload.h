/*
 * yload.h - a YAML file as a tree of nodes (scalar, list, mapping), each
 * with the 1-based mark of the file it was written in; `extends` already
 * merged. Each alias is a copy of the anchored value's nodes (their text
 * shared) whose marks say which alias use reached them (model.h struct
 * mark_via), so a diagnostic inside is given where the alias is used.
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

/* A standard scalar tag written on the value (§2a "Tags"). */
enum yl_tag {
	YL_TAG_NONE,
	YL_TAG_STR,
	YL_TAG_INT,
	YL_TAG_FLOAT,
	YL_TAG_BOOL,
	YL_TAG_NULL
};

struct ypair;

struct ynode {
	enum yl_kind	 kind;
	struct mark	 mark;		/* mark.via: reached through an alias */
	/* YL_SCALAR */
	const char	*str;		/* NUL-terminated, as libyaml gives it */
	size_t		 len;
	/* How the value is typed: as written, except that a tag decides
	 * (!!str reads as quoted text; !!int, !!float, !!bool and !!null,
	 * whose values yload has checked, as plain). */
	enum yl_style	 style;
	enum yl_tag	 tag;
	/* YL_SEQ: items; YL_MAP: pairs (keys are scalars) */
	struct ynode	**items;
	struct ypair	*pairs;
	int		 n;
	int		 braces;	/* YL_SEQ, YL_MAP: written in [ ] or { } */
	/* bookkeeping for the limits */
	long		 size;		/* nodes after alias expansion */
	long		 text;		/* bytes of text after alias expansion */
	int		 height;	/* nesting levels below and including */
};

struct ypair {
	struct ynode	*key;
	struct ynode	*val;
	struct mark	 colon;		/* the ':' after the key */
};

/* Limits of the report format (§2a). */
#define YL_MAX_FILE	(16L * 1024 * 1024)
#define YL_MAX_SCALAR	(1L * 1024 * 1024)
#define YL_MAX_NODES	100000L
#define YL_MAX_DEPTH	64
#define YL_MAX_EXTENDS	32
#define YL_MAX_TEXT	(16L * 1024 * 1024)

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
