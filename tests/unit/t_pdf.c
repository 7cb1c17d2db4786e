/*
 * t_pdf.c - unit driver for font.c and pdf.c.
 *
 * Builds a report by hand (font "Times New Roman", which must resolve to
 * a metric-compatible stand-in), opens its fonts, lays out two A4 pages
 * by hand (Vietnamese text in all four faces, placed word by word and as
 * whole lines, a rule, rectangles, a PNG made here with libpng, a
 * two-level outline) and writes OUT (default /tmp/t_pdf.pdf). The text
 * that pdftotext must give back is written to OUT.txt, one line per
 * line. It also checks the family-matching error and prints timings.
 * tests/unit/t_pdf.sh checks the PDF with poppler and qpdf.
 * Exit status: 0 ok, 1 failure.
 */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "image.h"
#include "imgprep.h"
#include "model.h"
#include "pdf.h"
#include "text.h"
#include "zmemo.h"
#include "zqueue.h"

#define A4W	595.28
#define A4H	841.89
#define LEFT	85.04		/* 30 mm */

static int	 nfail;

static const char *const lines[] = {
	"Ủy ban nhân dân tỉnh Lạng Sơn, ngày 28 tháng 8 năm 2025",
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"Kỷ niệm 80 năm Ngày truyền thống Văn phòng (28/8/1945 – 28/8/2025)",
	/* > 100 distinct code points: several bfchar blocks */
	"aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ"
	"uùúủũụưừứửữựyỳýỷỹỵđ AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊ"
	"OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ",
};

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "t_pdf: FAIL: %s\n", what);
		nfail++;
	}
}

/* Every other code point of U+0400..U+04FF the font has: more than 100
 * unrelated code points, so the ToUnicode map needs two bfchar blocks. */
static char	 spread[512];

static void
make_spread(const struct fontset *fs)
{
	uint32_t	 cp;
	size_t		 n = 0;

	for (cp = 0x400; cp < 0x500; cp += 2)
		if (font_has(fs, FACE_REGULAR, cp))
			n += (size_t)txt_encode(cp, spread + n);
	spread[n] = '\0';
	check(txt_count(spread, n) > 100, "over 100 spread code points");
}

/* A 24x16 RGBA PNG: a gradient with a transparent stripe, its blue
 * `blue`. */
static int
make_png(const char *path, int blue)
{
	png_structp	 png;
	png_infop	 info;
	png_byte	 row[24 * 4];
	FILE		*fp;
	int		 x, y;

	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png != NULL ? png_create_info_struct(png) : NULL;
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		fclose(fp);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, 24, 16, 8, PNG_COLOR_TYPE_RGB_ALPHA,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < 16; y++) {
		for (x = 0; x < 24; x++) {
			row[4 * x] = (png_byte)(x * 10);
			row[4 * x + 1] = (png_byte)(y * 15);
			row[4 * x + 2] = (png_byte)blue;
			row[4 * x + 3] = (y >= 6 && y < 10) ? 0 : 255;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return fclose(fp) == 0 ? 0 : -1;
}

static struct box *
add(struct arena *a, struct page *pg, enum box_kind kind)
{
	struct box	*b;

	pg->boxes = arena_grow(a, pg->boxes, &pg->cap, pg->nboxes,
	    sizeof(*pg->boxes));
	b = &pg->boxes[pg->nboxes++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

static void
text(struct arena *a, struct page *pg, int face, double size, double x,
    double y, const char *s, size_t len)
{
	struct box	*b = add(a, pg, BOX_TEXT);

	b->face = face;
	b->size = size;
	b->x = x;
	b->y = y;
	b->text = s;
	b->len = len;
}

/* A line placed word by word, the way layout places justified text. */
static void
words(struct arena *a, const struct fontset *fs, struct page *pg, int face,
    double size, double y, const char *s)
{
	const char	*w, *e;
	double		 x = LEFT, space;

	space = font_width(fs, face, " ", 1, size) * 1.3;
	for (w = s; *w != '\0'; w = *e ? e + 1 : e) {
		e = strchr(w, ' ');
		if (e == NULL)
			e = w + strlen(w);
		text(a, pg, face, size, x, y, w, (size_t)(e - w));
		x += font_width(fs, face, w, (size_t)(e - w), size) + space;
	}
}

/* The PNG of make_png as validate.c would describe it. */
static const struct image test_png = {
	"/tmp/t_pdf.png", 0, NULL, { "t_pdf.yaml", 1, 1, NULL }, IMAGE_PNG, 24, 16,
	4, 1, 0, "body[0].image.file", 1
};

static void
page1(struct arena *a, const struct fontset *fs, struct page *pg)
{
	struct box	*b;
	int		 i;

	for (i = 0; i < FACE__MAX; i++)
		words(a, fs, pg, i, 13, 100 + 24 * i, lines[i]);
	text(a, pg, FACE_BOLD, 14, LEFT, 220, lines[3], strlen(lines[3]));
	b = add(a, pg, BOX_RULE);
	b->x = LEFT, b->y = 230, b->w = 200, b->line_width = 0.5;
	b = add(a, pg, BOX_RECT);
	b->x = LEFT, b->y = 240, b->w = 100, b->h = 30, b->line_width = 1;
	b = add(a, pg, BOX_RECT);
	b->x = LEFT + 120, b->y = 240, b->w = 60, b->h = 30, b->fill = 1;
	b->gray = 0.8;
	b = add(a, pg, BOX_IMAGE);
	b->x = LEFT, b->y = 290, b->w = 72, b->h = 48, b->path = "/tmp/t_pdf.png";
	b->image = &test_png;
}

static void
page2(struct arena *a, struct page *pg)
{
	struct box	*b;

	text(a, pg, FACE_REGULAR, 13, LEFT, 100, lines[0], strlen(lines[0]));
	text(a, pg, FACE_ITALIC, 13, LEFT, 130, lines[2], strlen(lines[2]));
	text(a, pg, FACE_REGULAR, 6, LEFT, 200, lines[4], strlen(lines[4]));
	text(a, pg, FACE_REGULAR, 6, LEFT, 220, spread, strlen(spread));
	b = add(a, pg, BOX_IMAGE);	/* the same file: cached */
	b->x = LEFT, b->y = 150, b->w = 36, b->h = 24, b->path = "/tmp/t_pdf.png";
	b->image = &test_png;
}

static void
report_init(struct report *r, const char *font)
{
	memset(r, 0, sizeof(*r));
	r->path = "tests/unit/t_pdf.yaml";
	r->style.font = font;
	r->style.font_mark.file = r->path;
	r->style.font_mark.line = 7;
	r->style.font_mark.col = 9;
	r->style.size = 13;
	r->meta.title = "Báo cáo 80 năm Ngày truyền thống Văn phòng UBND "
	    "tỉnh Lạng Sơn";
	r->meta.author = "Văn phòng UBND tỉnh Lạng Sơn";
	r->meta.subject = "Kỷ niệm 80 năm (28/8/1945 - 28/8/2025)";
	r->meta.keywords = "văn phòng, truyền thống, Lạng Sơn";
	r->pdf_time = 1756314000;	/* 2025-08-28 00:00 +07:00 */
}

static void
build_doc(struct arena *a, const struct fontset *fs, struct doc *d)
{
	static struct outline	 ol[] = {
		{ "I. Lịch sử hình thành", 1, 0, 90 },
		{ "1. Giai đoạn 1945 – 1954", 2, 0, 200 },
		{ "2. Giai đoạn đổi mới", 2, 1, 90 },
		{ "II. Thành tích đạt được", 1, 1, 120 },
	};

	memset(d, 0, sizeof(*d));
	d->width = A4W;
	d->height = A4H;
	d->npages = d->cap = 2;
	d->pages = arena_alloc(a, 2 * sizeof(*d->pages));
	page1(a, fs, &d->pages[0]);
	page2(a, &d->pages[1]);
	d->outline = ol;
	d->noutline = d->outcap = 4;
}

static void
write_expect(const char *out)
{
	char	 path[512];
	FILE	*fp;
	int	 i;

	snprintf(path, sizeof(path), "%s.txt", out);
	if ((fp = fopen(path, "w")) == NULL) {
		check(0, "cannot write the expected text");
		return;
	}
	for (i = 0; i < FACE__MAX; i++)
		fprintf(fp, "%s\n", lines[i]);
	fprintf(fp, "%s\n%s\n%s\n%s\n%s\n", lines[3], lines[0], lines[2],
	    lines[4], spread);
	fclose(fp);
}

/* "Comic Sanz" must be refused, naming what fontconfig offers. */
static void
bad_family(void)
{
	struct report	 r;
	struct diag	 d;
	struct fontset	*fs;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*mem = open_memstream(&buf, &len);

	report_init(&r, "Comic Sanz");
	diag_init(&d, mem, r.path);
	fs = font_open(&r, "fonts", &d);
	fclose(mem);
	check(fs == NULL && d.nerr == 1, "Comic Sanz is refused");
	check(buf != NULL && strstr(buf, "tests/unit/t_pdf.yaml:7:9: error: "
	    "style.font: no font \"Comic Sanz\" (fontconfig offers \"") !=
	    NULL, "the refusal names both families");
	printf("refusal: %s", buf != NULL ? buf : "(none)\n");
	font_close(fs);
	free(buf);
}

/* Copy file `from` over `to` in place (same inode: only the size and
 * time tell it changed). 0 = ok. */
static int
copy_over(const char *from, const char *to)
{
	FILE	*in = fopen(from, "rb"), *out = fopen(to, "wb");
	char	 buf[8192];
	size_t	 n;
	int	 rc = in != NULL && out != NULL ? 0 : -1;

	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The advance of 'A' in the font file at `path`, through a fontset of
 * its own; -1 if it cannot be opened. */
static int
advance_of_A(const char *path)
{
	struct report	 r;
	struct diag	 d;
	struct fontset	*fs;
	int		 w = -1;

	report_init(&r, path);
	r.style.font_is_path = 1;
	diag_init(&d, stderr, r.path);
	if ((fs = font_open(&r, NULL, &d)) != NULL)
		w = font_advance(fs, FACE_REGULAR, 'A');
	font_close(fs);
	return w;
}

/* The process keeps parsed font files from one fontset to the next (a
 * worker's many reports): a file changed in between is parsed again. */
static void
file_cache(void)
{
	const char	*dir = "/usr/share/fonts/truetype/liberation2/";
	const char	*tmp = "/tmp/t_pdf_cache.ttf";
	char		 serif[256], sans[256];
	int		 a1, a2, a3;

	snprintf(serif, sizeof(serif), "%sLiberationSerif-Regular.ttf", dir);
	snprintf(sans, sizeof(sans), "%sLiberationSans-Regular.ttf", dir);
	check(copy_over(serif, tmp) == 0, "copy Liberation Serif");
	a1 = advance_of_A(tmp);
	a2 = advance_of_A(tmp);
	check(copy_over(sans, tmp) == 0, "copy Liberation Sans over it");
	a3 = advance_of_A(tmp);
	printf("file cache: A is %d, again %d, after the file changed %d\n",
	    a1, a2, a3);
	check(a1 == 722 && a2 == 722, "Serif's A is 722, twice");
	check(a3 == 666, "the changed file is read again: Sans's A is 666");
	remove(tmp);
}

/* 1 if files a and b hold the same bytes. */
static int
same_file(const char *a, const char *b)
{
	FILE	*fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int	 ca, cb, same = fa != NULL && fb != NULL;

	while (same && (ca = getc(fa)) == (cb = getc(fb)) && ca != EOF)
		continue;
	if (same)
		same = ca == cb;
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	return same;
}

/* The memo of deflated bytes: found only for the same bytes, level and
 * pad byte, and emptied by zmemo_free. */
static void
memo_keys(void)
{
	unsigned char		 in[] = "ToUnicode map, font program";
	const unsigned char	 z[] = { 0x78, 0x9c, 0x03, 0x00 };
	struct zmemo_out	 o = { z, sizeof(z), 2 }, g;

	zmemo_free();
	check(!zmemo_find(6, -1, in, sizeof(in), &g), "memo: empty");
	zmemo_keep(6, -1, in, sizeof(in), &o);
	check(zmemo_find(6, -1, in, sizeof(in), &g) && g.zlen == sizeof(z) &&
	    memcmp(g.z, z, sizeof(z)) == 0 && g.npad == 2,
	    "memo: the same bytes are found, with their pad count");
	check(!zmemo_find(4, -1, in, sizeof(in), &g), "memo: other level");
	check(!zmemo_find(6, 0, in, sizeof(in), &g), "memo: other pad");
	check(!zmemo_find(6, -1, in, sizeof(in) - 1, &g), "memo: shorter");
	in[3] ^= 1;
	check(!zmemo_find(6, -1, in, sizeof(in), &g), "memo: a byte changed");
	in[3] ^= 1;
	zmemo_free();
	check(!zmemo_find(6, -1, in, sizeof(in), &g), "memo: emptied");
}

/* Pages deflated on the second thread give the bytes deflating them here
 * gives, each under its own key, whatever order they are taken in. */
static void
zqueue_pages(void)
{
	enum { N = 40 };
	static unsigned char	 page[N][3000];
	struct zq		*q = zq_new(4);
	struct sbuf		 here = { 0 };
	z_stream		 z;
	unsigned char		*out;
	size_t			 len, npad, np;
	int			 i, j, rc, same = 0, found = 0;

	memset(&z, 0, sizeof(z));
	check(q != NULL && deflateInit(&z, 4) == Z_OK, "zqueue: started");
	if (q == NULL)
		return;
	for (i = 0; i < N; i++) {
		for (j = 0; j < (int)sizeof(page[i]); j++)
			page[i][j] = (unsigned char)("BT /F1 12 Tf (x) Tj ET\n"
			    [(i + j) % 23] + (j % (i + 2) == 0));
		zq_push(q, page[i], page[i], sizeof(page[i]) - (size_t)i, ' ');
	}
	for (i = N - 1; i >= 0; i -= (i % 2 == 0) ? 3 : 1) {
		if (!zq_take(q, page[i], &out, &len, &npad, &rc))
			continue;
		found++;
		zq_deflate(&z, &here, page[i], sizeof(page[i]) - (size_t)i,
		    ' ', &np);
		same += rc == Z_OK && len == here.len && npad == np &&
		    memcmp(out, here.s, len) == 0;
		free(out);
	}
	check(found > 10 && same == found,
	    "zqueue: the thread's bytes are the bytes deflated here");
	check(!zq_take(q, page[0] + 1, &out, &len, &npad, &rc),
	    "zqueue: a key never queued is not found");
	zq_free(q);		/* with pages never taken */
	deflateEnd(&z);
	sbuf_free(&here);
}

/* The process keeps decoded images (a batch's seal): the same file gives
 * the same samples again, a file changed in place is decoded again. */
static void
image_memo(void)
{
	struct img_fit	 f = { 72, 24, 16, 0 };
	struct img_data	 a, b, c;
	char		 why[256];

	img_cleanup();
	check(img_load(&test_png, &f, &a, why, sizeof(why)) == 0 &&
	    img_load(&test_png, &f, &b, why, sizeof(why)) == 0,
	    "image memo: the PNG loads twice");
	check(a.len == 24 * 16 * 3 && b.len == a.len && a.alpha != NULL &&
	    b.alpha != NULL && memcmp(a.data, b.data, a.len) == 0 &&
	    memcmp(a.alpha, b.alpha, 24 * 16) == 0 && a.data != b.data,
	    "image memo: the same samples and mask, each the caller's");
	check(make_png("/tmp/t_pdf.png", 200) == 0, "rewrite the PNG");
	check(img_load(&test_png, &f, &c, why, sizeof(why)) == 0 &&
	    c.len == a.len && a.data[2] == 128 && c.data[2] == 200,
	    "image memo: a file changed in place is decoded again");
	check(make_png("/tmp/t_pdf.png", 128) == 0, "restore the PNG");
	img_data_free(&a);
	img_data_free(&b);
	img_data_free(&c);
}

/* What the writer takes from imgprep.c is what it would make itself:
 * the samples img_load gives, their CRC-32, and their bytes deflated as
 * hfix_put_flate does (zlib level 6, a fresh stream); an image at two
 * pixel sizes is two jobs, the same one added twice is one, one never
 * added or taken already is not found; without the thread (never
 * started) the writer prepares each itself. */
static void
check_prepared(struct ip_img *o, const struct img_fit *f, const char *what)
{
	struct img_data	 d;
	struct sbuf	 zb = { 0 }, za = { 0 };
	z_stream	 z;
	char		 why[256], msg[200];
	int		 ok;

	memset(&z, 0, sizeof(z));
	ok = img_load(&test_png, f, &d, why, sizeof(why)) == 0 &&
	    deflateInit(&z, Z_DEFAULT_COMPRESSION) == Z_OK &&
	    zq_deflate(&z, &zb, d.data, d.len, -1, NULL) == Z_OK &&
	    zq_deflate(&z, &za, d.alpha, (size_t)(d.w * d.h), -1, NULL) ==
	    Z_OK;
	snprintf(msg, sizeof(msg), "imgprep: %s: the samples, CRC-32 and "
	    "deflated bytes made here", what);
	check(ok && o->rc == 0 && o->d.w == f->w && o->d.h == f->h &&
	    o->d.len == d.len && (o->d.data == NULL ||
	    memcmp(o->d.data, d.data, d.len) == 0) &&
	    o->crc == crc32(crc32(0L, Z_NULL, 0), d.data, (uInt)d.len) &&
	    o->acrc == crc32(crc32(0L, Z_NULL, 0), d.alpha,
	    (uInt)(d.w * d.h)) &&
	    o->z != NULL && o->zlen == zb.len &&
	    memcmp(o->z, zb.s, zb.len) == 0 && o->za != NULL &&
	    o->zalen == za.len && memcmp(o->za, za.s, za.len) == 0, msg);
	deflateEnd(&z);
	sbuf_free(&zb);
	sbuf_free(&za);
	img_data_free(&d);
}

static void
imgprep_jobs(int thread)
{
	struct img_fit	 f = { 72, 24, 16, 0 }, half = { 600, 12, 8, 1 };
	struct image	 other = test_png;
	struct imgprep	*ip = ip_new();
	struct ip_img	 a, b, c;

	other.file = "/tmp/t_pdf-none.png";
	img_cleanup();		/* nothing kept: all of it prepared */
	ip_add(ip, &test_png, &f);
	ip_add(ip, &test_png, &half);
	ip_add(ip, &test_png, &f);
	if (thread)
		ip_start(ip);
	check(ip_take(ip, &test_png, &half, &b) == 1 &&
	    ip_take(ip, &test_png, &f, &a) == 1,
	    "imgprep: both sizes found, in any order");
	check_prepared(&a, &f, thread ? "thread, 24 x 16" : "alone, 24 x 16");
	check_prepared(&b, &half, thread ? "thread, 12 x 8" : "alone, 12 x 8");
	check(ip_take(ip, &test_png, &f, &c) == 0 &&
	    ip_take(ip, &other, &f, &c) == 0,
	    "imgprep: taken already, never added: not found");
	ip_img_free(&a);
	ip_img_free(&b);
	ip_free(ip);
	ip = ip_new();		/* freed with jobs never taken */
	img_cleanup();
	ip_add(ip, &test_png, &f);
	ip_start(ip);
	ip_free(ip);
}

/* The same document written again in the process takes its font
 * programs, maps and profile from the memo: the same bytes. */
static void
memo_write(const struct doc *doc, const struct report *r,
    struct fontset *fs, const char *out, struct diag *d)
{
	char		 again[512];
	unsigned long	 h0 = zmemo_hits();

	snprintf(again, sizeof(again), "%s.again.pdf", out);
	check(pdf_write(doc, r, fs, again, d) == 0, "pdf_write again");
	printf("deflate memo: %lu streams found\n", zmemo_hits() - h0);
	check(zmemo_hits() - h0 >= 10, "memo: 4 fonts, 4 maps, the image "
	    "and its mask (deflated by imgprep.c the first time) found again");
	check(same_file(out, again), "memo: the second PDF is the same bytes");
	/* the first was written with the second thread (font programs,
	 * pages, the image: nothing in the memos); now all of it here */
	zmemo_free();
	img_cleanup();
	pdf_threads(0);
	check(pdf_write(doc, r, fs, again, d) == 0, "pdf_write, no thread");
	check(same_file(out, again), "threads: without them, the same bytes");
	pdf_threads(1);
	remove(again);
}

static void
metrics(const struct fontset *fs)
{
	double		 t0, w = 0;
	int		 i;

	check(font_has(fs, FACE_REGULAR, 0x1EE6), "has U+1EE6");
	check(!font_has(fs, FACE_REGULAR, 0x1F600), "no U+1F600");
	check(font_face_for(fs, FACE_REGULAR, 0x1F600) == -1, "no fallback");
	check(font_advance(fs, FACE_REGULAR, ' ') == 250, "space is 250");
	printf("faces:");
	for (i = 0; i < font_nfaces(fs); i++)
		printf(" [%s %s]", font_family(fs, i), font_file(fs, i));
	printf("\nascent %d descent %d line height %d\n",
	    font_ascent(fs, 0), font_descent(fs, 0), font_line_height(fs, 0));
	t0 = now_ms();
	for (i = 0; i < 100000; i++)
		w += font_width(fs, i & 3, lines[0], strlen(lines[0]), 13);
	printf("font_width: %.1f ns per 55-character call (%g)\n",
	    (now_ms() - t0) * 1e6 / 100000, w / 100000);
}

int
main(int argc, char *argv[])
{
	const char	*out = argc > 1 ? argv[1] : "/tmp/t_pdf.pdf";
	struct report	 r;
	struct diag	 d;
	struct arena	*a = arena_new();
	struct fontset	*fs;
	struct doc	 doc;
	double		 t0, t1;

	report_init(&r, "Times New Roman");
	diag_init(&d, stderr, r.path);
	check(make_png("/tmp/t_pdf.png", 128) == 0, "make the PNG");
	image_memo();
	zqueue_pages();
	imgprep_jobs(1);
	imgprep_jobs(0);
	img_cleanup();		/* pdf_write prepares the image (imgprep.c) */
	t0 = now_ms();
	fs = font_open(&r, "fonts", &d);
	printf("font_open (4 faces): %.2f ms\n", now_ms() - t0);
	if (fs == NULL) {
		fprintf(stderr, "t_pdf: FAIL: font_open\n");
		return 1;
	}
	check(strcmp(font_family(fs, FACE_REGULAR), "Liberation Serif") == 0 ||
	    strcmp(font_family(fs, FACE_REGULAR), "Tinos") == 0,
	    "Times New Roman resolves to a metric-compatible family");
	metrics(fs);
	file_cache();
	make_spread(fs);
	build_doc(a, fs, &doc);
	t1 = now_ms();
	check(pdf_write(&doc, &r, fs, out, &d) == 0, "pdf_write");
	printf("pdf_write: %.2f ms\n", now_ms() - t1);
	memo_write(&doc, &r, fs, out, &d);
	memo_keys();
	font_close(fs);
	write_expect(out);
	bad_family();
	arena_free(a);
	font_cleanup();
	img_cleanup();
	check(d.nerr == 0, "no errors");
	return nfail ? 1 : 0;
}
