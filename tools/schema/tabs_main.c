/*
 * tabs_main.c - the report-level key tables of src/schema.c, made
 * reachable for gen_schema.c. The tables are static in the loader (and
 * should stay so); this file compiles schema.c itself into the
 * generator, so the schema is written from the very tables, choice
 * lists, ranges and defaults (sch_defaults) the loader uses, with no
 * copy to drift.
 */
#include "../../src/schema.c"
#include "gen.h"

#define RO(f)	(long)offsetof(struct report, f)

const struct gen_tab gen_tabs_main[] = {
	{ "report", sch_report_keys, NULL, 0 },
	{ "page", sch_page_keys, (gen_fn)sch_page, RO(page) },
	{ "margins", sch_margin_keys, (gen_fn)sch_margins, RO(page) },
	{ "style", sch_style_keys, (gen_fn)sch_style, RO(style) },
	{ "meta", sch_meta_keys, (gen_fn)sch_meta, RO(meta) },
	{ "header", sch_header_keys, (gen_fn)sch_header, RO(header) },
	{ "signature", sch_sig_keys, (gen_fn)sch_signature, RO(sig) },
	{ "pdf", sch_pdf_keys, (gen_fn)sch_pdf, 0 },
	{ NULL, NULL, NULL, -1 }
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

const struct gen_choice gen_choices_main[] = {
	{ "paper", &sch_size_ch },
	{ "page_numbers", &sch_pagenum_ch },
	{ "header_kind", &sch_hkind_ch },
	{ "pdf_standard", &sch_pdf_ch },
	{ NULL, NULL }
};

const struct gen_range gen_ranges_main[] = {
	{ "page_mm", 0, SCH_PAGE_MIN, SCH_PAGE_MAX },
	{ "seal_size", 0, SIG_SEAL_MIN, SIG_SEAL_MAX },
	{ NULL, 0, 0, 0 }
};

static const char *
gen_name(const struct sch_choice *c, int i, char *buf, size_t n)
{
	if (i < 0 || i >= c->n)
		return NULL;
	snprintf(buf, n, "\"%s\"", c->names[i]);
	return buf;
}

const char *
gen_fn_default(const char *path, const struct report *r, char *buf,
    size_t n)
{
	size_t	 i;

	if (strcmp(path, "page.size") == 0) {
		for (i = 0; i < sizeof(sch_size_dims) /
		    sizeof(sch_size_dims[0]); i++)
			if (sch_size_dims[i][0] == r->page.width_mm &&
			    sch_size_dims[i][1] == r->page.height_mm)
				return gen_name(&sch_size_ch, (int)i, buf, n);
		return NULL;
	}
	if (strcmp(path, "page.page_numbers") == 0)
		return gen_name(&sch_pagenum_ch, (int)r->page.numbers, buf, n);
	if (strcmp(path, "header.kind") == 0)
		return gen_name(&sch_hkind_ch, (int)r->header.kind, buf, n);
	if (strcmp(path, "pdf.standard") == 0)
		return gen_name(&sch_pdf_ch, (int)r->pdf_standard, buf, n);
	if (strcmp(path, "style.font") == 0 && r->style.font != NULL) {
		snprintf(buf, n, "\"%s\"", r->style.font);
		return buf;
	}
	if (strcmp(path, "signature.seal_size") == 0) {
		snprintf(buf, n, "%d", SIG_SEAL_DEFAULT);
		return buf;
	}
	return NULL;
}
