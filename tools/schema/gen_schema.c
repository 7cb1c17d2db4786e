/*
 * gen_schema.c - writes docs/baocao-report.schema.json (JSON Schema
 * draft 2020-12) from the loader's own key tables (tabs_*.c): every
 * key's name, type, range and whether it is required come from the
 * tables; what a handler (SK_FN) reads is named per handler in the
 * tabs_*.c files and written here as a $defs entry; the Vietnamese
 * descriptions and the defaults are kept in one table below, keyed by
 * path. `make schema` runs it; tests/jsonschema.sh checks the
 * committed file is current.
 */
#include <stdio.h>
#include <string.h>

#include "schema_int.h"
#include "gen.h"

/* Vietnamese descriptions (and defaults, as JSON) by "table.key". */
static const struct {
	const char	*path, *desc, *dflt;
} gen_desc[] = {
	{ "report.extends", "Tệp báo cáo gốc để kế thừa (đường dẫn)", NULL },
	{ "report.output", "Tên tệp PDF sẽ tạo", NULL },
	{ "report.lang", "Ngôn ngữ của báo cáo", "\"vi\"" },
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
	{ "page.size", "Khổ giấy: A4, A5, Letter hoặc [rộng, cao] (mm)",
	    "\"A4\"" },
	{ "page.margins", "Lề trang (mm)", NULL },
	{ "page.page_numbers", "Vị trí số trang", "\"top-center\"" },
	{ "page.number_first_page", "Đánh số cả trang đầu", "false" },
	{ "margins.top", "Lề trên (mm)", "20" },
	{ "margins.bottom", "Lề dưới (mm)", "20" },
	{ "margins.left", "Lề trái (mm)", "30" },
	{ "margins.right", "Lề phải (mm)", "15" },
	{ "style.font", "Tên phông chữ hoặc đường dẫn tệp phông",
	    "\"Times New Roman\"" },
	{ "style.size", "Cỡ chữ (pt)", "13" },
	{ "style.line_spacing", "Giãn dòng", "1.15" },
	{ "style.paragraph_spacing", "Khoảng cách giữa các đoạn (pt)", "6" },
	{ "style.indent", "Thụt đầu dòng (mm)", "10" },
	{ "style.justify", "Căn đều hai bên", "true" },
	{ "style.fallback_fonts", "Phông dự phòng", NULL },
	{ "style.caption_numbers", "Đánh số bảng, hình", "true" },
	{ "meta.title", "Tiêu đề tài liệu PDF", NULL },
	{ "meta.author", "Tác giả", NULL },
	{ "meta.subject", "Chủ đề", NULL },
	{ "meta.keywords", "Từ khóa", NULL },
	{ "meta.date", "Ngày (YYYY-MM-DD)", NULL },
	{ "pdf.standard", "Chuẩn PDF", "\"pdf/a-2u\"" },
	{ "header.kind", "Loại văn bản: nhà nước (state) hoặc Đảng (party)",
	    "\"state\"" },
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
	{ "column.type", "Kiểu cột: số hoặc chữ", NULL },
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
	{ "count", "{ \"type\": \"integer\", \"minimum\": 0, "
	    "\"maximum\": 10000000 }" },
	{ "strs", "{ \"anyOf\": [ { \"type\": [\"string\", \"number\"] }, "
	    "{ \"type\": \"array\", \"items\": { \"type\": [\"string\", "
	    "\"number\"] } } ] }" },
	{ "strs_list", "{ \"type\": \"array\", \"items\": { \"type\": "
	    "[\"string\", \"number\"] } }" },
	{ "page_size", "{ \"anyOf\": [ { \"enum\": [\"A4\", \"A5\", "
	    "\"Letter\"] }, { \"type\": \"array\", \"minItems\": 2, "
	    "\"maxItems\": 2, \"items\": { \"type\": \"number\", "
	    "\"minimum\": 50, \"maximum\": 5000 } } ] }" },
	{ "page_numbers", "{ \"enum\": [\"top-center\", \"bottom-center\", "
	    "\"none\"] }" },
	{ "header_kind", "{ \"enum\": [\"state\", \"party\"] }" },
	{ "pdf_standard", "{ \"enum\": [\"pdf/a-2u\", \"none\"] }" },
	{ "seal_size", "{ \"type\": \"number\" }" },
	{ "orientation", "{ \"enum\": [\"portrait\", \"landscape\"] }" },
	{ "list_style", "{ \"enum\": [\"dash\", \"number\", \"alpha\"] }" },
	{ "align", "{ \"enum\": [\"left\", \"center\", \"right\"] }" },
	{ "col_type", "{ \"enum\": [\"number\", \"text\"] }" },
	{ "award_sort", "{ \"enum\": [\"as_written\", \"rank\", \"year\"] }" },
	{ "award_group", "{ \"enum\": [\"none\", \"kind\"] }" },
	{ "award_year", "{ \"type\": [\"integer\", \"string\"] }" },
	{ "staff", "{ \"anyOf\": [ { \"type\": \"integer\", \"minimum\": 0 },"
	    " { \"type\": \"array\", \"minItems\": 2, \"maxItems\": 2, "
	    "\"items\": { \"type\": \"integer\", \"minimum\": 0 } } ] }" },
	{ "widths", "{ \"type\": \"array\", \"items\": { \"type\": "
	    "\"number\", \"exclusiveMinimum\": 0 } }" },
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
	{ "appendices", "{ \"type\": \"array\", \"maxItems\": 26, "
	    "\"items\": { \"$ref\": \"#/$defs/appendix\" } }" },
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

static void
gen_desc_of(const char *path)
{
	size_t	 i;

	for (i = 0; i < NELEM(gen_desc); i++)
		if (strcmp(gen_desc[i].path, path) == 0) {
			printf(", \"description\": ");
			gen_str(gen_desc[i].desc);
			if (gen_desc[i].dflt != NULL)
				printf(", \"default\": %s", gen_desc[i].dflt);
			return;
		}
	fprintf(stderr, "gen_schema: %s: no description\n", path);
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
	char			 path[128];
	int			 rc = 0, n = 0;

	printf("    \"%s\": {\n      \"type\": \"object\",\n"
	    "      \"additionalProperties\": false,\n"
	    "      \"properties\": {\n", t->name);
	for (k = t->keys; k->name != NULL; k++) {
		snprintf(path, sizeof(path), "%s.%s", t->name, k->name);
		printf("        \"%s\": { ", k->name);
		rc |= gen_type(path, k);
		gen_desc_of(path);
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
	gen_blocks();
	printf("\n  }\n}\n");
	return rc == 0 ? 0 : 1;
}
