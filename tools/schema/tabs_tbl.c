/*
 * tabs_tbl.c - the table block's key tables of src/schema_tbl.c, made
 * reachable for gen_schema.c (see tabs_main.c).
 */
#include "../../src/schema_tbl.c"
#include "gen.h"

const struct gen_tab gen_tabs_tbl[] = {
	{ "column", sch_col_keys, NULL, -1 },
	{ "table", sch_table_keys, NULL, -1 },
	{ NULL, NULL, NULL, -1 }
};

const struct gen_fnd gen_fns_tbl[] = {
	{ (gen_fn)sch_col_group, "text" },
	{ (gen_fn)sch_col_align, "align" },
	{ (gen_fn)sch_col_type, "col_type" },
	{ (gen_fn)sch_tbl_totals, "bool" },
	{ NULL, NULL }
};

const struct gen_choice gen_choices_tbl[] = {
	{ "align", &sch_align_ch },
	{ "col_type", &sch_ctype_ch },
	{ NULL, NULL }
};
