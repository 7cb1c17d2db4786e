/*
 * gen.h - what the table wrappers (tabs_*.c) hand to gen_schema.c: each
 * key table with the handler that reads it, what each other handler
 * reads (a name gen_schema.c writes as a $defs entry), the loader's
 * choice lists and the ranges its handlers check, so that nothing the
 * loader decides is copied into the generator.
 */
#ifndef BAOCAO_GEN_H
#define BAOCAO_GEN_H

#include <stddef.h>

typedef void	(*gen_fn)(void);

struct report;
struct sch_choice;

struct gen_tab {
	const char		*name;
	const struct sch_key	*keys;
	gen_fn			 fn;	/* the handler that reads this table */
	long			 obj;	/* its object in struct report, or -1 */
};

struct gen_fnd {
	gen_fn		 fn;
	const char	*shape;	/* "strs", "text", "blocks", a choice... */
};

/* A choice list of the loader, written as $defs/NAME. */
struct gen_choice {
	const char		*name;
	const struct sch_choice	*ch;
};

/* A number range a handler checks, written as $defs/NAME. */
struct gen_range {
	const char	*name;
	int		 integer;
	double		 min, max;
};

extern const struct gen_tab gen_tabs_main[], gen_tabs_blk[],
    gen_tabs_tbl[], gen_tabs_app[];
extern const struct gen_fnd gen_fns_main[], gen_fns_blk[],
    gen_fns_tbl[], gen_fns_app[];
extern const struct gen_choice gen_choices_main[], gen_choices_blk[],
    gen_choices_tbl[], gen_choices_app[];
extern const struct gen_range gen_ranges_main[], gen_ranges_blk[];
extern const int gen_nblocks;
const char	*gen_block_name(int);
int		 gen_block_bare(int);
/* The default of a report-level key read by a handler (page.size,
 * header.kind...) as JSON into buf, from the report sch_defaults
 * fills; NULL when it has none. */
const char	*gen_fn_default(const char *path, const struct report *,
		    char *buf, size_t);

#endif
