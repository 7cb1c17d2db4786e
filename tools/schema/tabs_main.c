/*
 * tabs_main.c - the report-level key tables of src/schema.c, made
 * reachable for gen_schema.c. The tables are static in the loader (and
 * should stay so); this file compiles schema.c itself into the
 * generator, so the schema is written from the very tables the loader
 * uses, with no copy to drift.
 */
#include "../../src/schema.c"
#include "gen.h"

const struct gen_tab gen_tabs_main[] = {
	{ "report", sch_report_keys, NULL },
	{ "page", sch_page_keys, (gen_fn)sch_page },
	{ "margins", sch_margin_keys, (gen_fn)sch_margins },
	{ "style", sch_style_keys, (gen_fn)sch_style },
	{ "meta", sch_meta_keys, (gen_fn)sch_meta },
	{ "header", sch_header_keys, (gen_fn)sch_header },
	{ "signature", sch_sig_keys, (gen_fn)sch_signature },
	{ "pdf", sch_pdf_keys, (gen_fn)sch_pdf },
	{ NULL, NULL, NULL }
};

const struct gen_fnd gen_fns_main[] = {
	{ (gen_fn)sch_page_size, "page_size" },
	{ (gen_fn)sch_pagenum, "page_numbers" },
	{ (gen_fn)sch_font, "text" },
	{ (gen_fn)sch_fallback, "strs" },
	{ (gen_fn)sch_keywords, "strs" },
	{ (gen_fn)sch_hkind, "header_kind" },
	{ (gen_fn)sch_recipients, "strs" },
	{ (gen_fn)sch_sig_file, "text" },
	{ (gen_fn)sch_seal_size, "seal_size" },
	{ (gen_fn)sch_output, "text" },
	{ (gen_fn)sch_pdf_std, "pdf_standard" },
	{ (gen_fn)sch_to, "strs" },
	{ (gen_fn)sch_body, "blocks" },
	{ (gen_fn)sch_appendices, "appendices" },
	{ NULL, NULL }
};
