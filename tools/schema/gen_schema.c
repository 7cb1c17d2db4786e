/*
 * gen_schema.c - writes docs/baocao-report.schema.json (JSON Schema
 * draft 2020-12) from the loader's own key tables (tabs_*.c): every
 * key's name, type, range and whether it is required come from the
 * tables; what a handler (SK_FN) reads is named per handler in the
 * tabs_*.c files and written here as a $defs entry; the choice lists
 * (page.size, list style...) with their letter case, and the ranges the
 * handlers check, are the loader's own (struct sch_choice, its range
 * macros); the defaults of the report-level keys are read from the
 * report sch_defaults fills. The Vietnamese descriptions, and the
 * defaults of keys inside blocks (set by each block's reader), are kept
 * in one table below, keyed by path (tests/jsonschema.sh checks each
 * default against the loader by building with and without it).
 * `make schema` runs it; tests/jsonschema.sh checks the committed file
 * is current.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "schema_int.h"
#include "gen.h"

/* Vietnamese descriptions by "table.key", and the defaults (as JSON)
 * of the keys inside blocks, which each block's reader sets (those of
 * the report level come from sch_defaults, gen_dflt_of). */
static const struct {
	const char	*path, *desc, *dflt;
} gen_desc[] = {
	{ "report.extends", "Tệp báo cáo gốc để kế thừa (đường dẫn)", NULL },
	{ "report.output", "Tên tệp PDF sẽ tạo", NULL },
	{ "report.lang", "Ngôn ngữ của báo cáo", NULL },
	{ "report.page", "Khổ giấy, lề, số trang", NULL },
	{ "report.style", "Phông chữ, cỡ chữ, giãn dòng", NULL },
	{ "report.meta", "Thông tin tài liệu (tiêu đề, tác giả...)", NULL },
	{ "report.pdf", "Chuẩn PDF", NULL },
	{ "report.header", "Phần đầu văn bản theo Nghị định 30", NULL },
	{ "report.title", "Tên báo cáo", NULL },
	{ "report.subtitle", "Trích yếu, dòng dưới tên báo cáo", NULL },
	{ "report.to", "Kính gửi", NULL },
	{ "report.body", "Nội dung báo cáo: mỗi khối một dòng \"- \"", NULL },
	{ "report.signature", "Nơi nhận và chữ ký", NULL },
	{ "report.appendices", "Các phụ lục (tối đa 26)", NULL },
	{ "page.size", "Khổ giấy: tên khổ (viết hoa hay thường đều được) "
	    "hoặc [rộng, cao] (mm)", NULL },
	{ "page.margins", "Lề trang (mm)", NULL },
	{ "page.page_numbers", "Vị trí số trang", NULL },
	{ "page.number_first_page", "Đánh số cả trang đầu", NULL },
	{ "margins.top", "Lề trên (mm)", NULL },
	{ "margins.bottom", "Lề dưới (mm)", NULL },
	{ "margins.left", "Lề trái (mm)", NULL },
	{ "margins.right", "Lề phải (mm)", NULL },
	{ "style.font", "Tên phông chữ hoặc đường dẫn tệp phông",
	    NULL },
	{ "style.size", "Cỡ chữ (pt)", NULL },
	{ "style.line_spacing", "Giãn dòng", NULL },
	{ "style.paragraph_spacing", "Khoảng cách giữa các đoạn (pt)",
	    NULL },
	{ "style.indent", "Thụt đầu dòng (mm)", NULL },
	{ "style.justify", "Căn đều hai bên", NULL },
	{ "style.fallback_fonts", "Phông dự phòng", NULL },
	{ "style.caption_numbers", "Đánh số bảng, hình", NULL },
	{ "meta.title", "Tiêu đề tài liệu PDF", NULL },
	{ "meta.author", "Tác giả", NULL },
	{ "meta.subject", "Chủ đề", NULL },
	{ "meta.keywords", "Từ khóa", NULL },
	{ "meta.date", "Ngày (YYYY-MM-DD)", NULL },
	{ "pdf.standard", "Chuẩn PDF", NULL },
	{ "header.kind", "Loại văn bản: nhà nước (state) hoặc Đảng (party)",
	    NULL },
	{ "header.parent_agency", "Cơ quan chủ quản", NULL },
	{ "header.agency", "Cơ quan ban hành", NULL },
	{ "header.number", "Số, ký hiệu (không viết chữ \"Số:\")", NULL },
	{ "header.place", "Địa danh", NULL },
	{ "header.date", "Ngày ban hành (YYYY-MM-DD)", NULL },
	{ "signature.recipients", "Nơi nhận", NULL },
	{ "signature.authority", "Thẩm quyền ký (TM., KT., ...)", NULL },
	{ "signature.title", "Chức vụ người ký", NULL },
	{ "signature.name", "Họ tên người ký", NULL },
	{ "signature.image", "Ảnh chữ ký", NULL },
	{ "signature.seal", "Ảnh con dấu", NULL },
	{ "signature.seal_size", "Đường kính con dấu (mm)", NULL },
	{ "appendix.title", "Tên phụ lục", NULL },
	{ "appendix.orientation", "Khổ dọc (portrait) hoặc ngang (landscape)",
	    "\"portrait\"" },
	{ "appendix.body", "Nội dung phụ lục", NULL },
	{ "heading.text", "Đề mục", NULL },
	{ "heading.level", "Cấp đề mục (1 đến 3)", "1" },
	{ "list.style", "Kiểu đánh dấu: gạch, số, chữ", "\"dash\"" },
	{ "list.items", "Các mục", NULL },
	{ "list_item.text", "Nội dung mục", NULL },
	{ "list_item.items", "Các mục con", NULL },
	{ "image.file", "Tệp ảnh (PNG, JPEG)", NULL },
	{ "image.width", "Chiều rộng (mm)", NULL },
	{ "image.caption", "Chú thích ảnh", NULL },
	{ "table.caption", "Tên bảng", NULL },
	{ "table.totals", "Thêm dòng Tổng cộng", "false" },
	{ "table.columns", "Các cột", NULL },
	{ "table.rows", "Các dòng, hoặc {csv: tệp}", NULL },
	{ "column.title", "Tên cột", NULL },
	{ "column.group", "Nhóm cột (tiêu đề gộp)", NULL },
	{ "column.width", "Độ rộng tương đối", NULL },
	{ "column.align", "Căn lề", NULL },
	{ "column.type", "Kiểu cột: số hoặc chữ", "\"number\"" },
	{ "staffing.widths", "Độ rộng tương đối các cột", NULL },
	{ "staffing.caption", "Tên bảng", NULL },
	{ "staffing.total", "Tổng biên chế được giao", NULL },
	{ "staffing.units", "Các đơn vị, hoặc {csv: tệp}", NULL },
	{ "unit.name", "Tên đơn vị", NULL },
	{ "unit.civil_servants", "Công chức", NULL },
	{ "unit.public_employees", "Viên chức", NULL },
	{ "unit.contract_workers", "Hợp đồng lao động", NULL },
	{ "staffing_history.caption", "Tên bảng", NULL },
	{ "staffing_history.chart", "Vẽ biểu đồ", "false" },
	{ "staffing_history.periods", "Các giai đoạn", NULL },
	{ "period.period", "Giai đoạn", NULL },
	{ "period.units", "Số đơn vị", NULL },
	{ "period.staff", "Số người, hoặc [thấp, cao]", NULL },
	{ "period.note", "Ghi chú", NULL },
	{ "awards.widths", "Độ rộng tương đối các cột", NULL },
	{ "awards.caption", "Tên bảng", NULL },
	{ "awards.sort", "Sắp xếp", "\"as_written\"" },
	{ "awards.group", "Nhóm theo loại", "\"none\"" },
	{ "awards.items", "Các khen thưởng, hoặc {csv: tệp}", NULL },
	{ "award.award", "Hình thức khen thưởng", NULL },
	{ "award.year", "Năm, hoặc khoảng năm 2010-2015", NULL },
	{ "award.by", "Cấp khen", NULL },
	{ "award.recipient", "Tập thể, cá nhân được khen", NULL },
	{ "award.decision", "Số quyết định", NULL },
};

/* What each handler shape is, as JSON Schema. */
static const struct {
	const char	*name, *json;
} gen_shapes[] = {
	{ "text", "{ \"type\": [\"string\", \"number\"] }" },
	{ "bool", "{ \"type\": \"boolean\" }" },
	{ "strs", "{ \"anyOf\": [ { \"type\": [\"string\", \"number\"] }, "
	    "{ \"type\": \"array\", \"items\": { \"type\": [\"string\", "
	    "\"number\"] } } ] }" },
	{ "strs_list", "{ \"type\": \"array\", \"items\": { \"type\": "
	    "[\"string\", \"number\"] } }" },
	{ "page_size", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/paper\" }, "
	    "{ \"type\": \"array\", \"minItems\": 2, \"maxItems\": 2, "
	    "\"items\": { \"$ref\": \"#/$defs/page_mm\" } } ] }" },
	{ "award_year", "{ \"type\": [\"integer\", \"string\"] }" },
	{ "staff", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/count\" }, "
	    "{ \"type\": \"array\", \"minItems\": 2, \"maxItems\": 2, "
	    "\"items\": { \"$ref\": \"#/$defs/count\" } } ] }" },
	{ "widths", "{ \"type\": \"array\", \"items\": { \"$ref\": "
	    "\"#/$defs/width\" } }" },
	{ "csv", "{ \"type\": \"object\", \"additionalProperties\": false, "
	    "\"required\": [\"csv\"], \"properties\": { \"csv\": { "
	    "\"type\": \"string\", \"description\": \"Tệp CSV\" } } }" },
	{ "units", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/csv\" }, { \"type\":"
	    " \"array\", \"items\": { \"$ref\": \"#/$defs/unit\" } } ] }" },
	{ "periods", "{ \"type\": \"array\", \"items\": { \"$ref\": "
	    "\"#/$defs/period\" } }" },
	{ "award_items", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/csv\" }, "
	    "{ \"type\": \"array\", \"items\": { \"$ref\": "
	    "\"#/$defs/award\" } } ] }" },
	{ "list_items", "{ \"type\": \"array\", \"items\": { \"anyOf\": [ "
	    "{ \"type\": [\"string\", \"number\"] }, { \"$ref\": "
	    "\"#/$defs/list_item\" } ] } }" },
	{ "columns", "{ \"type\": \"array\", \"items\": { \"anyOf\": [ "
	    "{ \"type\": [\"string\", \"number\"] }, { \"$ref\": "
	    "\"#/$defs/column\" } ] } }" },
	{ "rows", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/csv\" }, { \"type\":"
	    " \"array\", \"items\": { \"type\": \"array\" } } ] }" },
	{ "blocks", "{ \"type\": \"array\", \"items\": { \"$ref\": "
	    "\"#/$defs/body_item\" } }" },
};

/* A key's shape by its path where one handler reads several. */
static const struct {
	const char	*path, *shape;
} gen_by_path[] = {
	{ "table.columns", "columns" },
	{ "table.rows", "rows" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct gen_tab *const gen_tabs[] = { gen_tabs_main,
    gen_tabs_blk, gen_tabs_tbl, gen_tabs_app };
static const struct gen_fnd *const gen_fns[] = { gen_fns_main,
    gen_fns_blk, gen_fns_tbl, gen_fns_app };
static const struct gen_choice *const gen_choices[] = { gen_choices_main,
    gen_choices_blk, gen_choices_tbl, gen_choices_app };
static const struct gen_range *const gen_ranges[] = { gen_ranges_main,
    gen_ranges_blk };

/* The report as the loader starts it (sch_defaults): the defaults of
 * the report-level keys are read from it. */
static struct report gen_dflt;

static const char *
gen_shape_of(const char *path, const struct sch_key *k)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < NELEM(gen_by_path); i++)
		if (strcmp(gen_by_path[i].path, path) == 0)
			return gen_by_path[i].shape;
	for (i = 0; i < NELEM(gen_fns); i++)
		for (f = 0; gen_fns[i][f].fn != NULL; f++)
			if (gen_fns[i][f].fn == (gen_fn)k->fn)
				return gen_fns[i][f].shape;
	/* a sub-table read by its own handler */
	for (i = 0; i < NELEM(gen_tabs); i++)
		for (f = 0; gen_tabs[i][f].name != NULL; f++)
			if (gen_tabs[i][f].fn != NULL &&
			    gen_tabs[i][f].fn == (gen_fn)k->fn)
				return gen_tabs[i][f].name;
	fprintf(stderr, "gen_schema: %s: no shape for its handler\n", path);
	return NULL;
}

/* A key's type from the table, or a $ref to its handler's shape. */
static int
gen_type(const char *path, const struct sch_key *k)
{
	const char	*sh;

	switch (k->kind) {
	case SK_TEXT:
	case SK_INL:
		printf("\"type\": [\"string\", \"number\"]");
		return 0;
	case SK_NUM:
		printf("\"type\": \"number\", \"minimum\": %g, \"maximum\": %g",
		    k->min, k->max);
		return 0;
	case SK_INT:
		printf("\"type\": \"integer\", \"minimum\": %g, "
		    "\"maximum\": %g", k->min, k->max);
		return 0;
	case SK_COUNT:
		printf("\"type\": \"integer\", \"minimum\": 0, \"maximum\": %ld",
		    SCH_MAX_COUNT);
		return 0;
	case SK_YEAR:
		printf("\"type\": \"integer\", \"minimum\": 1000, "
		    "\"maximum\": 2999");
		return 0;
	case SK_BOOL:
		printf("\"type\": \"boolean\"");
		return 0;
	case SK_DATE:
		printf("\"type\": \"string\", \"pattern\": "
		    "\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"");
		return 0;
	case SK_NONE:
		if (strcmp(path, "appendix.orientation") == 0) {
			printf("\"$ref\": \"#/$defs/orientation\"");
			return 0;
		}
		printf("\"type\": \"string\"");
		return 0;
	case SK_FN:
		break;
	}
	if ((sh = gen_shape_of(path, k)) == NULL)
		return -1;
	printf("\"$ref\": \"#/$defs/%s\"", sh);
	return 0;
}

/* s as a JSON string. */
static void
gen_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

/* The description of path and its default: dflt, from the loader's
 * starting report, else the one of the table above (not both). */
static int
gen_desc_of(const char *path, const char *dflt)
{
	size_t	 i;

	for (i = 0; i < NELEM(gen_desc); i++)
		if (strcmp(gen_desc[i].path, path) == 0) {
			printf(", \"description\": ");
			gen_str(gen_desc[i].desc);
			if (dflt != NULL && gen_desc[i].dflt != NULL) {
				fprintf(stderr, "gen_schema: %s: a default "
				    "in the loader and in gen_desc\n", path);
				return -1;
			}
			if (dflt == NULL)
				dflt = gen_desc[i].dflt;
			if (dflt != NULL)
				printf(", \"default\": %s", dflt);
			return 0;
		}
	fprintf(stderr, "gen_schema: %s: no description\n", path);
	return -1;
}

/* The default of key k of table t, as JSON, from the report
 * sch_defaults fills (report-level tables only), or NULL. */
static const char *
gen_dflt_of(const struct gen_tab *t, const char *path,
    const struct sch_key *k, char *buf, size_t n)
{
	const char	*p;

	if (t->obj < 0)
		return NULL;
	p = (const char *)&gen_dflt + t->obj + k->off;
	switch (k->kind) {
	case SK_NUM:
		snprintf(buf, n, "%g", *(const double *)(const void *)p);
		return buf;
	case SK_INT:
		snprintf(buf, n, "%d", *(const int *)(const void *)p);
		return buf;
	case SK_BOOL:
		return *(const int *)(const void *)p ? "true" : "false";
	case SK_TEXT:
		if (*(const char *const *)(const void *)p == NULL)
			return NULL;
		snprintf(buf, n, "\"%s\"", *(const char *const *)
		    (const void *)p);
		return buf;
	case SK_FN:
		return gen_fn_default(path, &gen_dflt, buf, n);
	default:
		return NULL;
	}
}

/* One key table as an object that takes no other keys (sch_map
 * rejects unknown keys). `extends` deep merges the mappings of the
 * report level (the tables of schema.c: report, page, style, header,
 * signature...) and replaces lists whole: a file that extends another,
 * or is extended, may lack a required key of those mappings, which the
 * loader checks after merging; so their "required" is left out (merged
 * = 1), and kept for what lies in lists (blocks, columns, appendices),
 * which each file writes whole. */
static int
gen_table(const struct gen_tab *t, int merged)
{
	const struct sch_key	*k;
	char			 path[128], buf[128];
	int			 rc = 0, n = 0;

	printf("    \"%s\": {\n      \"type\": \"object\",\n"
	    "      \"additionalProperties\": false,\n"
	    "      \"properties\": {\n", t->name);
	for (k = t->keys; k->name != NULL; k++) {
		snprintf(path, sizeof(path), "%s.%s", t->name, k->name);
		printf("        \"%s\": { ", k->name);
		rc |= gen_type(path, k);
		rc |= gen_desc_of(path, gen_dflt_of(t, path, k, buf,
		    sizeof(buf)));
		printf(" }%s\n", k[1].name != NULL ? "," : "");
	}
	printf("      }");
	if (!merged)
		for (k = t->keys; k->name != NULL; k++)
			if (k->req)
				printf("%s\"%s\"", n++ == 0 ?
				    ",\n      \"required\": [" : ", ", k->name);
	printf("%s\n    }", n > 0 ? "]" : "");
	return rc;
}

/* A choice list as JSON Schema: its names for completion, and where
 * the loader takes a name in any letter case (bit i of icase), a
 * pattern that takes it too ("a4", "PDF/A-2U"). */
static void
gen_choice(const struct gen_choice *gc)
{
	const struct sch_choice	*c = gc->ch;
	const char		*p;
	int			 i, n = 0;

	printf("    \"%s\": { ", gc->name);
	if (c->icase != 0)
		printf("\"anyOf\": [ { ");
	printf("\"enum\": [");
	for (i = 0; i < c->n; i++)
		printf("%s\"%s\"", i > 0 ? ", " : "", c->names[i]);
	printf("]");
	if (c->icase != 0) {
		printf(" }, { \"type\": \"string\", \"pattern\": \"^(?:");
		for (i = 0; i < c->n; i++) {
			if (!(c->icase >> i & 1U))
				continue;
			printf("%s", n++ > 0 ? "|" : "");
			for (p = c->names[i]; *p != '\0'; p++)
				if (isalpha((unsigned char)*p))
					printf("[%c%c]", toupper((unsigned
					    char)*p), tolower((unsigned
					    char)*p));
				else if (strchr(".^$*+?()[]{}|\\", *p) != NULL)
					printf("\\\\%c", *p);
				else
					putchar(*p);
		}
		printf(")$\" } ]");
	}
	printf(" },\n");
}

/* The choice lists and the number ranges of the loader's handlers. */
static void
gen_lists(void)
{
	const struct gen_range	*r;
	size_t			 i;
	int			 f;

	for (i = 0; i < NELEM(gen_choices); i++)
		for (f = 0; gen_choices[i][f].name != NULL; f++)
			gen_choice(&gen_choices[i][f]);
	for (i = 0; i < NELEM(gen_ranges); i++)
		for (r = gen_ranges[i]; r->name != NULL; r++)
			printf("    \"%s\": { \"type\": \"%s\", \"minimum\": "
			    "%g, \"maximum\": %g },\n", r->name, r->integer ?
			    "integer" : "number", r->min, r->max);
	printf("    \"count\": { \"type\": \"integer\", \"minimum\": 0, "
	    "\"maximum\": %ld },\n", SCH_MAX_COUNT);
	printf("    \"appendices\": { \"type\": \"array\", \"maxItems\": %d, "
	    "\"items\": { \"$ref\": \"#/$defs/appendix\" } },\n",
	    MAX_APPENDICES);
}

/* One body block: {name: value}, one key per item. */
static void
gen_block(const char *name)
{
	static const struct {
		const char	*name, *json;
	} forms[] = {
		{ "heading", "{ \"anyOf\": [ { \"type\": [\"string\", "
		    "\"number\"] }, { \"$ref\": \"#/$defs/heading\" } ] }" },
		{ "paragraph", "{ \"type\": [\"string\", \"number\"] }" },
		{ "quote", "{ \"type\": [\"string\", \"number\"] }" },
		{ "list", "{ \"anyOf\": [ { \"$ref\": \"#/$defs/list_items\" },"
		    " { \"$ref\": \"#/$defs/list\" } ] }" },
		{ "page_break", "{ \"anyOf\": [ { \"type\": \"null\" }, "
		    "{ \"$ref\": \"#/$defs/empty\" } ] }" },
		{ "toc", "{ \"anyOf\": [ { \"type\": \"null\" }, "
		    "{ \"$ref\": \"#/$defs/empty\" } ] }" },
		{ "landscape", "{ \"$ref\": \"#/$defs/blocks\" }" },
	};
	size_t	 i;

	for (i = 0; i < NELEM(forms); i++)
		if (strcmp(forms[i].name, name) == 0) {
			printf("%s", forms[i].json);
			return;
		}
	printf("{ \"$ref\": \"#/$defs/%s\" }", name);
}

static void
gen_blocks(void)
{
	int	 i, n;

	printf("    \"block\": {\n      \"type\": \"object\",\n"
	    "      \"description\": \"Một khối: đề mục, đoạn văn, bảng...\",\n"
	    "      \"minProperties\": 1,\n      \"maxProperties\": 1,\n"
	    "      \"additionalProperties\": false,\n"
	    "      \"properties\": {\n");
	for (i = 0; i < gen_nblocks; i++) {
		printf("        \"%s\": ", gen_block_name(i));
		gen_block(gen_block_name(i));
		printf("%s\n", i + 1 < gen_nblocks ? "," : "");
	}
	printf("      }\n    },\n");
	/* an item of the body: a block, or the bare name of one that
	 * takes nothing (toc, page_break) */
	printf("    \"body_item\": { \"anyOf\": [ { \"$ref\": "
	    "\"#/$defs/block\" }, { \"enum\": [");
	for (i = 0, n = 0; i < gen_nblocks; i++)
		if (gen_block_bare(i))
			printf("%s\"%s\"", n++ > 0 ? ", " : "",
			    gen_block_name(i));
	printf("] } ] }");
}

int
main(void)
{
	size_t	 i;
	int	 f, rc = 0;

	sch_defaults(&gen_dflt);
	printf("{\n  \"$schema\": "
	    "\"https://json-schema.org/draft/2020-12/schema\",\n"
	    "  \"$id\": \"https://baocao.invalid/baocao-report.schema.json\",\n"
	    "  \"title\": \"Báo cáo baocao (tệp YAML)\",\n"
	    "  \"description\": \"Tạo bởi make schema từ bảng khóa của "
	    "chương trình; không sửa tay.\",\n"
	    "  \"$ref\": \"#/$defs/report\",\n  \"$defs\": {\n");
	for (i = 0; i < NELEM(gen_tabs); i++)
		for (f = 0; gen_tabs[i][f].name != NULL; f++) {
			rc |= gen_table(&gen_tabs[i][f],
			    gen_tabs[i] == gen_tabs_main);
			printf(",\n");
		}
	for (i = 0; i < NELEM(gen_shapes); i++)
		printf("    \"%s\": %s,\n", gen_shapes[i].name,
		    gen_shapes[i].json);
	gen_lists();
	gen_blocks();
	printf("\n  }\n}\n");
	return rc == 0 ? 0 : 1;
}
