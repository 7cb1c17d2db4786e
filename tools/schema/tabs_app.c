/*
 * tabs_app.c - the appendix key table of src/schema_app.c, made
 * reachable for gen_schema.c (see tabs_main.c).
 */
#include "../../src/schema_app.c"
#include "gen.h"

const struct gen_tab gen_tabs_app[] = {
	{ "appendix", sch_app_keys, NULL, -1 },
	{ NULL, NULL, NULL, -1 }
};

const struct gen_fnd gen_fns_app[] = {
	{ (gen_fn)sch_app_orient, "orientation" },
	{ (gen_fn)sch_app_body, "blocks" },
	{ NULL, NULL }
};

const struct gen_choice gen_choices_app[] = {
	{ "orientation", &sch_orient_ch },
	{ NULL, NULL }
};
