/*
 * yextend.c - the `extends` chain of a report (§2a): each file is read by
 * yload.c, the file it extends loaded first (relative to it), cycles and
 * chains deeper than YL_MAX_EXTENDS refused, and the mappings deep
 * merged, the extending file winning; `output` is never inherited.
 * Return convention: NULL = failed with the diagnostic recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "yload.h"
#include "yload_int.h"

/* One file on the extends chain. */
struct yl_link {
	const char	*path;
	char		*real;
	const struct yl_link *next;	/* the file that extends this one */
};

/* ---- extends ---- */

/* `rel` relative to the directory of `base` (unless absolute). */
static char *
yl_relative(struct arena *a, const char *base, const char *rel)
{
	const char	*slash;

	if (rel[0] == '/' || (slash = strrchr(base, '/')) == NULL)
		return arena_strdup(a, rel);
	return arena_printf(a, "%.*s/%s", (int)(slash - base), base, rel);
}

static int
yl_same(const struct yl_link *l, const char *path, const char *real)
{
	if (real != NULL && l->real != NULL)
		return strcmp(real, l->real) == 0;
	return strcmp(path, l->path) == 0;
}

/* "a.yaml -> b.yaml -> a.yaml" for a chain that comes back to path. */
static void
yl_cycle_error(struct diag *d, struct mark m, const struct yl_link *chain,
    const char *path)
{
	struct sbuf		 sb;
	const struct yl_link	*l;
	const struct yl_link	*v[YL_MAX_EXTENDS + 2];
	int			 n = 0, i;

	memset(&sb, 0, sizeof(sb));
	for (l = chain; l != NULL && n < YL_MAX_EXTENDS + 1; l = l->next)
		v[n++] = l;
	for (i = n - 1; i >= 0; i--) {
		sbuf_adds(&sb, v[i]->path);
		sbuf_adds(&sb, " -> ");
	}
	sbuf_adds(&sb, path);
	diag_error(d, m, "extends cycle: %s", sb.s);
	sbuf_free(&sb);
}

static int
yl_push_dep(struct yl_ctx *c, const char *path)
{
	*c->deps = arena_grow(c->a, *c->deps, &c->capdeps, *c->ndeps,
	    sizeof(**c->deps));
	(*c->deps)[(*c->ndeps)++] = path;
	return 0;
}

/* The mapping without the pairs whose key is k1 or k2. */
static struct ynode *
yl_without(struct arena *a, const struct ynode *m, const char *k1,
    const char *k2)
{
	struct ynode	*n;
	int		 i;

	n = arena_alloc(a, sizeof(*n));
	*n = *m;
	n->pairs = arena_alloc(a, (m->n + 1) * sizeof(*n->pairs));
	n->n = 0;
	for (i = 0; i < m->n; i++) {
		const char *k = m->pairs[i].key->str;

		if ((k1 && strcmp(k, k1) == 0) || (k2 && strcmp(k, k2) == 0))
			continue;
		n->pairs[n->n++] = m->pairs[i];
	}
	return n;
}

/* Deep merge: over's keys win, mappings merge, anything else replaced. */
static struct ynode *
yl_merge(struct arena *a, const struct ynode *base, const struct ynode *over)
{
	struct ynode		*n;
	const struct ypair	**sb, **so;
	int			 i, j;

	if (base->kind != YL_MAP || over->kind != YL_MAP)
		return (struct ynode *)over;
	sb = yl_sorted(a, base);
	so = yl_sorted(a, over);
	n = arena_alloc(a, sizeof(*n));
	*n = *over;
	n->pairs = arena_alloc(a, (base->n + over->n + 1) *
	    sizeof(*n->pairs));
	n->n = 0;
	for (i = 0; i < base->n; i++) {
		n->pairs[n->n] = base->pairs[i];
		j = yl_find(over, so, base->pairs[i].key->str);
		if (j >= 0) {
			n->pairs[n->n].key = over->pairs[j].key;
			n->pairs[n->n].val = yl_merge(a, base->pairs[i].val,
			    over->pairs[j].val);
		}
		n->n++;
	}
	for (i = 0; i < over->n; i++)
		if (yl_find(base, sb, over->pairs[i].key->str) < 0)
			n->pairs[n->n++] = over->pairs[i];
	return n;
}

static struct ynode *yl_load_chain(struct yl_ctx *, const char *path,
    const struct mark *from, const struct yl_link *chain, int depth);

/* Load the file `ext` names (relative to `path`) and merge root over it. */
static struct ynode *
yl_extend(struct yl_ctx *c, struct ynode *root, const struct ynode *ext,
    const struct yl_link *self, int depth)
{
	struct ynode	*base;
	const char	*bpath;

	if (ext->kind != YL_SCALAR || yl_is_null(ext)) {
		diag_error(c->d, ext->mark, "extends: expected a file name");
		return NULL;
	}
	if (depth >= YL_MAX_EXTENDS) {
		diag_error(c->d, ext->mark, "extends: more than %d files "
		    "deep", YL_MAX_EXTENDS);
		return NULL;
	}
	bpath = yl_relative(c->a, self->path, ext->str);
	base = yl_load_chain(c, bpath, &ext->mark, self, depth + 1);
	if (base == NULL)
		return NULL;
	yl_push_dep(c, bpath);
	base = yl_without(c->a, base, "output", NULL);
	return yl_merge(c->a, base, yl_without(c->a, root, "extends", NULL));
}

static struct ynode *
yl_load_chain(struct yl_ctx *c, const char *path, const struct mark *from,
    const struct yl_link *chain, int depth)
{
	struct yl_link		 self;
	const struct yl_link	*l;
	struct ynode		*root, *ext, *out;

	self.path = path;
	self.real = realpath(path, NULL);
	self.next = chain;
	for (l = chain; l != NULL; l = l->next)
		if (yl_same(l, path, self.real)) {
			yl_cycle_error(c->d, *from, chain, path);
			free(self.real);
			return NULL;
		}
	root = yl_file(c, path, from);
	out = root;
	if (root != NULL && (ext = yl_get(root, "extends")) != NULL)
		out = yl_extend(c, root, ext, &self, depth);
	free(self.real);
	return out;
}

struct ynode *
yl_load(struct arena *a, struct diag *d, const char *path,
    const char ***deps, int *ndeps, struct source **srcs, int *nsrcs)
{
	struct yl_ctx	 c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.deps = deps;
	c.ndeps = ndeps;
	c.capdeps = *ndeps;
	c.srcs = srcs;
	c.nsrcs = nsrcs;
	c.capsrcs = *nsrcs;
	return yl_load_chain(&c, arena_strdup(a, path), NULL, NULL, 0);
}

