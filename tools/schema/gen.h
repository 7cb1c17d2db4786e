/*
 * gen.h - what the table wrappers (tabs_*.c) hand to gen_schema.c: each
 * key table with the handler that reads it, and what each other handler
 * reads (a name gen_schema.c knows how to write as JSON Schema).
 */
#ifndef BAOCAO_GEN_H
#define BAOCAO_GEN_H

typedef void	(*gen_fn)(void);

struct gen_tab {
	const char		*name;
	const struct sch_key	*keys;
	gen_fn			 fn;	/* the handler that reads this table */
};

struct gen_fnd {
	gen_fn		 fn;
	const char	*shape;	/* "strs", "text", "blocks", an enum... */
};

extern const struct gen_tab gen_tabs_main[], gen_tabs_blk[],
    gen_tabs_tbl[], gen_tabs_app[];
extern const struct gen_fnd gen_fns_main[], gen_fns_blk[],
    gen_fns_tbl[], gen_fns_app[];
extern const int gen_nblocks;
const char	*gen_block_name(int);
int		 gen_block_bare(int);

#endif
