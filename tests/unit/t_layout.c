/*
 * t_layout.c - unit driver for layout.c, table.c, chart.c and dump.c.
 *
 * Builds a report by hand (header, title, TOC, headings, paragraphs, a
 * list, a quote, a 120-row table with two header rows, a chart, a
 * signature), lays it out with the real fonts and checks invariants on the
 * boxes: everything but page numbers inside the margins; the table's
 * header repeated on every page it continues on; the TOC numbers equal to
 * the outline pages; headings never last on their page; the signature on
 * one page; a party header. Prints "N passed, M failed", exits 1 on any
 * failure.
 *
 *   t_layout [-d dump.txt] [-p out.pdf] [-P party.pdf]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "arena.h"
#include "box.h"
#include "diag.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "model.h"
#include "pdf.h"
#include "text.h"

#define MM	(72.0 / 25.4)

static int	 npass, nfail;

static void
check(int ok, const char *what)
{
	if (ok)
		npass++;
	else {
		nfail++;
		printf("FAIL: %s\n", what);
	}
}

static const char *lorem =
    "Sau khi Cách mạng tháng 8/1945 thành công, tháng 10/1945, Ủy ban "
    "nhân dân lâm thời tỉnh Lạng Sơn được thành lập. Văn phòng Ủy ban "
    "hành chính tỉnh có nhiệm vụ tham mưu, giúp việc cho Ủy ban trong "
    "công tác chỉ đạo, điều hành, tổng hợp tình hình, soạn thảo văn bản, "
    "theo dõi đôn đốc việc thực hiện các nghị quyết, chỉ thị của cấp "
    "trên; đồng thời bảo đảm các điều kiện vật chất cho hoạt động của cơ "
    "quan theo Quyết định số 15/QĐ-UBND trong giai đoạn 1945 - 1954.";

static struct inl
plain(struct arena *a, const char *s)
{
	struct inl	 in;
	struct mark	 m = { "t.yaml", 1, 1, NULL };

	txt_plain(a, s, m, &in);
	return in;
}

static struct block *
add(struct report *r, enum blk_kind k)
{
	struct block	*b = &r->blocks[r->nblocks++];

	b->kind = k;
	return b;
}

static void
heading(struct arena *a, struct report *r, const char *t, int lv)
{
	struct block	*b = add(r, BLK_HEADING);

	b->u.heading.text = plain(a, t);
	b->u.heading.level = lv;
}

static void
para(struct arena *a, struct report *r, const char *t)
{
	add(r, BLK_PARAGRAPH)->u.para = plain(a, t);
}

static void
big_table(struct arena *a, struct report *r, int nrows)
{
	struct table	*t = &add(r, BLK_TABLE)->u.table;
	static struct hcell h0[] = { { "STT", 1, 2 }, { "Nội dung", 1, 2 },
	    { "Số lượng", 2, 1 } };
	static struct hcell h1[] = { { "Đến", 1, 1 }, { "Đi", 1, 1 } };
	int		 i;

	t->caption = "Một số kết quả công tác hằng năm";
	t->ncols = 4;
	t->cols = arena_alloc(a, sizeof(*t->cols) * 4);
	t->cols[1].width = 3;
	t->nhead = 2;
	t->head = arena_alloc(a, sizeof(*t->head) * 2);
	t->head[0].cells = h0;
	t->head[0].ncells = 3;
	t->head[1].cells = h1;
	t->head[1].ncells = 2;
	t->nrows = nrows;
	t->cells = arena_alloc(a, sizeof(*t->cells) * (size_t)nrows * 4);
	for (i = 0; i < nrows; i++) {
		struct cell *c = &t->cells[i * 4];

		c[0].text = plain(a, arena_printf(a, "%d", i + 1));
		c[0].align = ALIGN_CENTER;
		c[1].text = plain(a, arena_printf(a, "Hàng %d: văn bản%s", i + 1,
		    i % 7 == 3 ? " hành chính thông thường và văn bản quy "
		    "phạm pháp luật do cơ quan ban hành" : ""));
		c[2].text = plain(a, txt_int_vi(a, 1000L * i + 15));
		c[2].align = ALIGN_RIGHT;
		c[3].text = plain(a, txt_int_vi(a, 37L * i));
		c[3].align = ALIGN_RIGHT;
	}
	for (i = 0; i < 4; i++)
		t->cells[(nrows - 1) * 4 + i].bold = 1;
}

static void
chart(struct report *r)
{
	struct chart	*c = &add(r, BLK_CHART)->u.chart;
	static struct bar bars[] = {
		{ "1945 - 1954", 0, 12, 0, "12" },
		{ "1955 - 1975", 70, 95, 1, "70–95" },
		{ "1976 - 1986", 0, 60, 0, "60" },
		{ "1987", 0, 92, 0, "92" },
		{ "2005", 0, 96, 0, "96" },
		{ "2020", 0, 130, 0, "130" },
	};

	c->caption = "Biểu đồ biên chế qua các thời kỳ";
	c->bars = bars;
	c->nbars = 6;
}

static void
setup(struct arena *a, struct report *r, enum header_kind hk)
{
	static const char *rec[] = { "Như trên;", "- Thường trực Tỉnh ủy;",
	    "Lưu VT." };

	memset(r, 0, sizeof(*r));
	r->path = "t.yaml";
	r->lang = "vi";
	r->page = (struct page_setup){ 210, 297, 20, 20, 30, 15,
	    PAGENUM_TOP_CENTER, 0 };
	r->style.font = "Times New Roman";
	r->style.size = 13;
	r->style.line_spacing = 1.15;
	r->style.para_spacing = 6;
	r->style.indent_mm = 10;
	r->style.justify = 1;
	r->header.present = 1;
	r->header.kind = hk;
	r->header.parent_agency = hk == HEADER_PARTY ? "TỈNH ỦY LẠNG SƠN" :
	    "UBND TỈNH LẠNG SƠN";
	r->header.agency = hk == HEADER_PARTY ? "VĂN PHÒNG TỈNH ỦY" :
	    "VĂN PHÒNG";
	r->header.number = hk == HEADER_PARTY ? "125-BC/VPTU" : "125/BC-VP";
	r->header.place = "Lạng Sơn";
	r->header.date = (struct date){ 1, 2025, 8, 28, { 0 } };
	r->title = "BÁO CÁO";
	r->subtitle = "Kỷ niệm 80 năm Ngày truyền thống Văn phòng UBND tỉnh "
	    "Lạng Sơn (28/8/1945 - 28/8/2025)";
	r->sig.present = 1;
	r->sig.recipients = rec;
	r->sig.nrecipients = 3;
	r->sig.authority = "TM. ủy ban nhân dân";
	r->sig.title = "chánh văn phòng";
	r->sig.name = "Trịnh Hữu Hùng";
	r->blocks = arena_alloc(a, sizeof(*r->blocks) * 64);
}

/* Two columns, titles only (no header rows), a middle row pages long. */
static void
tall_table(struct arena *a, struct report *r)
{
	struct table	*t = &add(r, BLK_TABLE)->u.table;
	struct sbuf	 sb = { NULL, 0, 0 };
	int		 i;

	t->ncols = 2;
	t->cols = arena_alloc(a, sizeof(*t->cols) * 2);
	t->cols[0].title = "Cột A";
	t->cols[1].title = "Cột B";
	t->cols[1].width = 4;
	t->cols[0].width = 1;
	t->nrows = 3;
	t->cells = arena_alloc(a, sizeof(*t->cells) * 6);
	for (i = 0; i < 1500; i++)
		sbuf_adds(&sb, "dòng dài ");
	for (i = 0; i < 6; i++)
		t->cells[i].text = plain(a, i == 3 ? arena_strdup(a, sb.s) :
		    "ô");
	sbuf_free(&sb);
}

static void
body(struct arena *a, struct report *r, const char *img)
{
	struct block	*im;
	struct block	*b;
	static struct inl items[3];
	int		 i;

	add(r, BLK_TOC);
	add(r, BLK_PAGE_BREAK);
	heading(a, r, "I. THỜI KỲ ĐẦU XÂY DỰNG VÀ BẢO VỆ CHÍNH QUYỀN "
	    "(1945 - 1954)", 1);
	heading(a, r, "1. Tổ chức bộ máy", 2);
	for (i = 0; i < 4; i++)
		para(a, r, lorem);
	heading(a, r, "a) Các phòng chuyên môn", 3);
	b = add(r, BLK_LIST);
	items[0] = plain(a, "Phòng Văn thư");
	items[1] = plain(a, lorem);
	items[2] = plain(a, "Phòng Hành chính - nhân sự");
	b->u.list.items = items;
	b->u.list.nitems = 3;
	add(r, BLK_QUOTE)->u.para = plain(a, "Đi trước - chuẩn bị; Đi cùng - "
	    "tham mưu; Đi sau - báo cáo; Đi tiếp - kết nối");
	im = add(r, BLK_IMAGE);
	im->u.image.file = img;
	im->u.image.width_mm = 120;
	im->u.image.key = "body[0].image.file";	/* as validate.c sets it */
	im->u.image.kind = IMAGE_PNG;	/* what validate.c reads: main() */
	im->u.image.px_w = 400;		/* writes a 400 x 300 PNG */
	im->u.image.px_h = 300;
	im->u.image.caption = "Tọa đàm kỷ niệm 78 năm Ngày truyền thống";
	heading(a, r, "II. KẾT QUẢ CÔNG TÁC", 1);
	big_table(a, r, 120);
	heading(a, r, "III. BIÊN CHẾ QUA CÁC THỜI KỲ", 1);
	para(a, r, lorem);
	chart(r);
	add(r, BLK_CAPTION)->u.para = plain(a, "Danh hiệu thi đua");
	for (i = 0; i < 3; i++)
		para(a, r, lorem);
	tall_table(a, r);
	heading(a, r, "IV. PHƯƠNG HƯỚNG", 1);
	for (i = 0; i < 5; i++)
		para(a, r, lorem);
}

static void
chunk(FILE *f, const char *type, const unsigned char *d, size_t n)
{
	unsigned char	 b[4];
	uLong		 crc;

	b[0] = n >> 24; b[1] = n >> 16; b[2] = n >> 8; b[3] = n;
	fwrite(b, 1, 4, f);
	fwrite(type, 1, 4, f);
	fwrite(d, 1, n, f);
	crc = crc32(crc32(0, (const Bytef *)type, 4), d, (uInt)n);
	b[0] = crc >> 24; b[1] = crc >> 16; b[2] = crc >> 8; b[3] = crc;
	fwrite(b, 1, 4, f);
}

/* A w x h gray-gradient RGB PNG at path (zlib only). */
static int
write_png(const char *path, unsigned w, unsigned h)
{
	unsigned char	 hdr[13], *raw, *z, b[4];
	uLongf		 zn;
	size_t		 rn = (size_t)(w * 3 + 1) * h, i;
	FILE		*f;

	raw = calloc(1, rn);
	for (i = 0; i < rn; i++)
		raw[i] = i % (w * 3 + 1) == 0 ? 0 : (unsigned char)(i / 97);
	zn = compressBound(rn);
	z = malloc(zn);
	if (compress(z, &zn, raw, rn) != Z_OK || (f = fopen(path, "wb")) ==
	    NULL)
		return -1;
	fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
	hdr[0] = w >> 24; hdr[1] = w >> 16; hdr[2] = w >> 8; hdr[3] = w;
	hdr[4] = h >> 24; hdr[5] = h >> 16; hdr[6] = h >> 8; hdr[7] = h;
	hdr[8] = 8; hdr[9] = 2; hdr[10] = hdr[11] = hdr[12] = 0;
	chunk(f, "IHDR", hdr, 13);
	chunk(f, "IDAT", z, zn);
	chunk(f, "IEND", b, 0);
	free(raw);
	free(z);
	return fclose(f);
}

/* ---- invariants ---- */

static int
is_text(const struct box *b, const char *s)
{
	return b->kind == BOX_TEXT && b->len == strlen(s) &&
	    memcmp(b->text, s, b->len) == 0;
}

static int
page_has(const struct page *p, const char *s)
{
	int	 i;

	for (i = 0; i < p->nboxes; i++)
		if (is_text(&p->boxes[i], s))
			return 1;
	return 0;
}

static void
check_margins(const struct report *r, const struct doc *d)
{
	double	 l = r->page.left * MM, t = r->page.top * MM;
	double	 rt = d->width - r->page.right * MM;
	double	 bt = d->height - r->page.bottom * MM;
	int	 p, i, bad = 0;

	for (p = 0; p < d->npages; p++) {
		for (i = 0; i < d->pages[p].nboxes; i++) {
			const struct box *b = &d->pages[p].boxes[i];
			double	 top = b->kind == BOX_TEXT ?
			    b->y - b->size * 0.9 : b->y;
			double	 bot = b->kind == BOX_TEXT ?
			    b->y + b->size * 0.22 : b->y + b->h;

			if (b->kind == BOX_TEXT && b->y < t)
				continue;	/* page number */
			if (b->x < l - 0.01 || b->x + b->w > rt + 0.01 ||
			    top < t - 0.5 || bot > bt + 0.5) {
				if (bad++ < 5)
					printf("outside: page %d box %d "
					    "%.2f %.2f %.2f %.2f %.*s\n", p + 1,
					    i, b->x, b->y, b->w, b->h,
					    (int)b->len, b->text ? b->text : "");
			}
		}
	}
	check(bad == 0, "all boxes inside the margins");
}

static void
check_table_header(const struct doc *d)
{
	int	 p, i, rows, ok = 1, pages = 0;

	for (p = 0; p < d->npages; p++) {
		rows = 0;
		for (i = 0; i < d->pages[p].nboxes; i++)
			if (is_text(&d->pages[p].boxes[i], "Hàng"))
				rows++;
		if (rows == 0)
			continue;
		pages++;
		if (!page_has(&d->pages[p], "STT") ||
		    !page_has(&d->pages[p], "Đến")) {
			printf("page %d: table rows without header\n", p + 1);
			ok = 0;
		}
	}
	check(ok && pages >= 3, "header repeated on every table page");
}

static void
check_toc(const struct report *r, const struct doc *d)
{
	double	 rt = d->width - r->page.right * MM;
	int	 p, i, n = 0, ok = 1;

	for (p = 0; p < d->npages; p++) {
		if (!page_has(&d->pages[p], "MỤC") && n == 0)
			continue;
		for (i = 0; i < d->pages[p].nboxes; i++) {
			const struct box *b = &d->pages[p].boxes[i];

			if (b->kind != BOX_TEXT || b->y < r->page.top * MM ||
			    fabs(b->x + b->w - rt) > 0.01 || b->text[0] < '0' ||
			    b->text[0] > '9' || n >= d->noutline)
				continue;
			if (atoi(b->text) != d->outline[n].page + 1) {
				printf("toc entry %d: %d, heading on %d\n", n,
				    atoi(b->text), d->outline[n].page + 1);
				ok = 0;
			}
			n++;
		}
		if (n >= d->noutline)
			break;
	}
	check(ok && n == d->noutline && n > 0, "TOC numbers = outline pages");
}

/* Something follows each heading on its page. */
static void
check_headings(const struct doc *d)
{
	int	 k, i, ok = 1;

	for (k = 0; k < d->noutline; k++) {
		const struct page *p = &d->pages[d->outline[k].page];
		int	 below = 0;

		for (i = 0; i < p->nboxes; i++)
			if (p->boxes[i].y > d->outline[k].y + 40)
				below++;
		if (below == 0) {
			printf("heading %d last on page %d\n", k,
			    d->outline[k].page + 1);
			ok = 0;
		}
	}
	check(ok, "no heading last on its page");
}

static void
check_signature(const struct doc *d)
{
	int	 p, a = -1, b = -1;

	for (p = 0; p < d->npages; p++) {
		if (page_has(&d->pages[p], "Nơi nhận:"))
			a = p;
		if (page_has(&d->pages[p], "CHÁNH") ||
		    page_has(&d->pages[p], "CHÁNH VĂN PHÒNG"))
			b = p;
	}
	check(a >= 0 && a == b && a == d->npages - 1,
	    "signature on one page, the last");
	check(page_has(&d->pages[a < 0 ? 0 : a], "- Như trên;") ||
	    page_has(&d->pages[a < 0 ? 0 : a], "-"), "recipient dash");
}

static void
check_header(const struct doc *d, enum header_kind hk)
{
	const struct page *p = &d->pages[0];
	int	 i, rules = 0;

	for (i = 0; i < p->nboxes; i++)
		if (p->boxes[i].kind == BOX_RULE && p->boxes[i].y < 150)
			rules++;
	if (hk == HEADER_STATE) {
		check(page_has(p, "ngày") || page_has(p, "Lạng"), "date line");
		check(rules == 2, "two header rules");
	} else {
		check(page_has(p, "*"), "party star");
		check(rules == 1, "one party rule");
	}
}

/* Pages holding lines of the tall row all start with its column titles. */
static void
check_tall_row(const struct doc *d)
{
	int	 p, i, pages = 0, ok = 1;

	for (p = 0; p < d->npages; p++) {
		for (i = 0; i < d->pages[p].nboxes; i++)
			if (is_text(&d->pages[p].boxes[i], "dài"))
				break;
		if (i == d->pages[p].nboxes)
			continue;
		pages++;
		if (!page_has(&d->pages[p], "Cột"))
			ok = 0;
	}
	check(ok && pages >= 2, "tall row split over pages, header repeated");
}

static void
check_image(const struct doc *d)
{
	int	 p, i, n = 0, cap = 0;

	for (p = 0; p < d->npages; p++)
		for (i = 0; i < d->pages[p].nboxes; i++) {
			const struct box *b = &d->pages[p].boxes[i];

			if (b->kind == BOX_IMAGE && fabs(b->w - 120 * MM) < 0.01 &&
			    fabs(b->h - b->w * 3 / 4) < 0.01) {
				n++;
				cap = page_has(&d->pages[p], "Tọa");
			}
		}
	check(n == 1 && cap, "image 120 mm wide, caption on its page");
}

/* More than 5000 pages is an error, not a crash. */
static void
check_limit(struct fontset *fs)
{
	struct arena	*a = arena_new();
	struct report	 r;
	struct diag	 d;
	struct doc	 doc;
	FILE		*f = tmpfile();
	char		 buf[200] = "";
	int		 i, rc;

	diag_init(&d, f, "t.yaml");
	setup(a, &r, HEADER_STATE);
	r.blocks = arena_alloc(a, sizeof(*r.blocks) * 10004);
	for (i = 0; i < 5001; i++) {
		add(&r, BLK_PAGE_BREAK);
		para(a, &r, "Một dòng.");
	}
	rc = lay_report(a, &d, &r, fs, NULL, &doc);
	rewind(f);
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	check(rc == -1 && strstr(buf, "report has more than 5000 pages") !=
	    NULL, "5000-page limit");
	arena_free(a);
}

static int
run(enum header_kind hk, const char *dumpf, const char *pdff)
{
	struct arena	*a = arena_new();
	struct diag	 d;
	struct report	 r;
	struct fontset	*fs;
	struct doc	 doc;
	struct lay_opts	 o = { LAY_TOTAL_FIT };
	struct timespec	 t0, t1;
	FILE		*f;

	diag_init(&d, stderr, "t.yaml");
	setup(a, &r, hk);
	body(a, &r, "/tmp/t_layout.png");
	if ((fs = font_open(&r, "fonts", &d)) == NULL)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(lay_report(a, &d, &r, fs, &o, &doc) == 0, "lay_report");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s: %d pages, %.2f ms\n", hk == HEADER_PARTY ? "party" :
	    "state", doc.npages, (t1.tv_sec - t0.tv_sec) * 1e3 +
	    (t1.tv_nsec - t0.tv_nsec) / 1e6);
	if (doc.npages > 0) {
		check_margins(&r, &doc);
		check_table_header(&doc);
		check_toc(&r, &doc);
		check_headings(&doc);
		check_signature(&doc);
		check_header(&doc, hk);
		check_tall_row(&doc);
		check_image(&doc);
	}
	if (hk == HEADER_STATE && getenv("T_LAYOUT_NO_LIMIT") == NULL)
		check_limit(fs);
	if (dumpf != NULL && (f = fopen(dumpf, "w")) != NULL) {
		dump_doc(f, &doc);
		fclose(f);
	}
	if (pdff != NULL)
		check(pdf_write(&doc, &r, fs, pdff, &d) == 0, "pdf_write");
	font_close(fs);
	arena_free(a);
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*dumpf = NULL, *pdff = NULL, *partyf = NULL;
	int		 c;

	while ((c = getopt(argc, argv, "d:p:P:")) != -1) {
		if (c == 'P')
			partyf = optarg;
		else if (c == 'd')
			dumpf = optarg;
		else if (c == 'p')
			pdff = optarg;
		else
			return 2;
	}
	if (write_png("/tmp/t_layout.png", 400, 300) != 0) {
		printf("cannot write /tmp/t_layout.png\n");
		return 1;
	}
	if (run(HEADER_STATE, dumpf, pdff) == -1)
		check(0, "font_open");
	if (run(HEADER_PARTY, NULL, partyf) == -1)
		check(0, "font_open (party)");
	unlink("/tmp/t_layout.png");
	font_cleanup();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail > 0;
}
