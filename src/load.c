/*
 * load.c - the loading pipeline of one report (load.h): yload (file ->
 * node tree, extends merged), schema (-> struct report with defaults),
 * validate (checks across fields, output, PDF time), lower (generic
 * tables). Each stage runs only when the one before succeeded, so later
 * stages may assume a well-formed model; within a stage every error is
 * collected.
 * Return convention: NULL = failed with the diagnostics recorded.
 */
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "lower.h"
#include "model.h"
#include "schema.h"
#include "validate.h"
#include "yload.h"

struct report *
load_report(struct arena *a, struct diag *d, const char *path)
{
	struct report	*r;
	struct ynode	*root;

	r = arena_alloc(a, sizeof(*r));
	r->path = arena_strdup(a, path);
	sch_defaults(r);
	if ((root = yl_load(a, d, r->path, &r->deps, &r->ndeps, &r->srcs,
	    &r->nsrcs)) == NULL)
		return NULL;
	if (sch_report(a, d, root, r) == -1)
		return NULL;
	if (val_report(a, d, r) == -1)
		return NULL;
	if (low_report(a, d, r) == -1)
		return NULL;
	return r;
}
