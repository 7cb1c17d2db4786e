/*
 * schema.h - the ynode tree of a report (yload.h) into struct report
 * (model.h), driven by one key table per mapping.
 * Return convention: int 0 = ok, -1 = failed with the diagnostics recorded.
 */
#ifndef BAOCAO_SCHEMA_H
#define BAOCAO_SCHEMA_H

struct arena;
struct diag;
struct report;
struct ynode;

/* Fill every default of §3 into r (path and output excepted). */
void	sch_defaults(struct report *);

/* Parse root into r (defaults already there). Every error of the report
 * is recorded, not only the first; -1 when there was any. */
int	sch_report(struct arena *, struct diag *, const struct ynode *root,
	    struct report *);

#endif
