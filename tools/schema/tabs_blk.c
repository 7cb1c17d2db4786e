/*
 * tabs_blk.c - the body blocks' key tables of src/schema_blk.c, made
 * reachable for gen_schema.c (see tabs_main.c for why the loader's
 * source is compiled in here).
 */
#include "../../src/schema_blk.c"
#include "gen.h"

const struct gen_tab gen_tabs_blk[] = {
	{ "heading", sch_heading_keys, NULL, -1 },
	{ "list_item", sch_litem_keys, NULL, -1 },
	{ "list", sch_list_keys, NULL, -1 },
	{ "image", sch_image_keys, NULL, -1 },
	{ "unit", sch_unit_keys, NULL, -1 },
	{ "staffing", sch_staffing_keys, NULL, -1 },
	{ "period", sch_period_keys, NULL, -1 },
	{ "staffing_history", sch_history_keys, NULL, -1 },
	{ "award", sch_award_keys, NULL, -1 },
	{ "awards", sch_awards_keys, NULL, -1 },
	{ "empty", sch_empty_keys, NULL, -1 },
	{ NULL, NULL, NULL, -1 }
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

const struct gen_choice gen_choices_blk[] = {
	{ "list_style", &sch_lstyle_ch },
	{ "award_sort", &sch_sort_ch },
	{ "award_group", &sch_group_ch },
	{ NULL, NULL }
};

const struct gen_range gen_ranges_blk[] = {
	{ "width", 0, SCH_WIDTH_MIN, SCH_WIDTH_MAX },
	{ NULL, 0, 0, 0 }
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
