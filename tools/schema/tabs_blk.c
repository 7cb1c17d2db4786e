/*
 * tabs_blk.c - the body blocks' key tables of src/schema_blk.c, made
 * reachable for gen_schema.c (see tabs_main.c for why the loader's
 * source is compiled in here).
 */
#include "../../src/schema_blk.c"
#include "gen.h"

const struct gen_tab gen_tabs_blk[] = {
	{ "heading", sch_heading_keys, NULL },
	{ "list_item", sch_litem_keys, NULL },
	{ "list", sch_list_keys, NULL },
	{ "image", sch_image_keys, NULL },
	{ "unit", sch_unit_keys, NULL },
	{ "staffing", sch_staffing_keys, NULL },
	{ "period", sch_period_keys, NULL },
	{ "staffing_history", sch_history_keys, NULL },
	{ "award", sch_award_keys, NULL },
	{ "awards", sch_awards_keys, NULL },
	{ "empty", sch_empty_keys, NULL },
	{ NULL, NULL, NULL }
};

const struct gen_fnd gen_fns_blk[] = {
	{ (gen_fn)sch_litem_items, "strs_list" },
	{ (gen_fn)sch_list_style, "list_style" },
	{ (gen_fn)sch_list_key_items, "list_items" },
	{ (gen_fn)sch_img_file, "text" },
	{ (gen_fn)sch_cat, "count" },
	{ (gen_fn)sch_units, "units" },
	{ (gen_fn)sch_total, "count" },
	{ (gen_fn)sch_widths, "widths" },
	{ (gen_fn)sch_p_units, "count" },
	{ (gen_fn)sch_p_staff, "staff" },
	{ (gen_fn)sch_periods, "periods" },
	{ (gen_fn)sch_award_year, "award_year" },
	{ (gen_fn)sch_items, "award_items" },
	{ (gen_fn)sch_sort, "award_sort" },
	{ (gen_fn)sch_group, "award_group" },
	{ NULL, NULL }
};

/* The block names, from the loader's own list (sch_blocks). */
const int gen_nblocks = SCH_NBLOCKS;

const char *
gen_block_name(int i)
{
	return sch_blocks[i].name;
}

/* 1 when the block takes nothing and may be written by its bare name
 * ("- toc"), as sch_block reads it. */
int
gen_block_bare(int i)
{
	return sch_blocks[i].fn == sch_b_bare;
}
