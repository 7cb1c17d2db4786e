/*
 * pdf.c - the only libharu writer: laid-out pages (box.h) to a PDF file.
 *
 * Owns drawing (graphics first, then all text of a page in one BT/ET,
 * every word at the absolute position layout gave it: no Tw, which CID
 * fonts ignore; inside a word, a TJ number wherever HarfBuzz's kerning
 * or mark offset puts a glyph elsewhere than the /W widths do: put_run), the image cache of one document, the document
 * information and dates, the outline, and which code points each font
 * draws. The corrections libharu 2.3.0 needs - the fonts' ToUnicode, /W
 * and CIDToGIDMap rewritten for exactly the code points drawn, page
 * contents and font programs deflated by us, the PDF version - are
 * hpdf_fix.c's, called from here.
 *
 * Output is deterministic: libharu 2.3.0 writes no time of its own; the
 * dates come from report->pdf_time (+07'00') and the trailer's /ID is an
 * MD5 digest (libharu's) of what the file shows: the document
 * information, every page's content, the images' samples and the fonts'
 * subset names (made from the subsets' bytes), each as its CRC-32. PDF/A-2u (the default,
 * §5) adds XMP metadata and an sRGB output intent (pdfa.c); every page
 * has a TrimBox, and a page that draws a soft mask a transparency group.
 * Each pdf_write creates, sets up and frees its libharu document; font.c
 * lends it the parsed fonts to embed. The pages go by twice (layout
 * makes them again each time: pdf_write_pages): their code points first,
 * since the fonts' subsets come before the first page, then each drawn
 * and deflated as it comes. Return: 0 ok, -1 diagnosed.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <zlib.h>

#include "arena.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "hpdf_fix.h"
#include "i18n.h"
#include "image.h"
#include "imgprep.h"
#include "model.h"
#include "pdf.h"
#include "pdfa.h"
#include "shape.h"
#include "text.h"

/* The code points drawn with one HPDF_Font. */
struct used {
	HPDF_Font	 font;
	uint8_t		*bits;		/* 65,536 bits */
	uint32_t	 max;
};

/* An image embedded once per file and kept pixel size (image.h). */
struct img {
	const char	*path;
	long		 w, h;		/* pixels kept, as stored */
	HPDF_Image	 img;
	int		 alpha;		/* it has a soft mask */
};

/* Where a text box of the page is drawn: the x its glyphs land on and
 * whether it continues the TJ array of the text box before it in
 * layout's order (prev), as text_place decides. */
struct tpos {
	double		 x;
	int		 prev;		/* that box's index, or -1 */
	int		 cont;
};

/* A font definition of font.c's lent to the document, and its font. */
struct lent {
	HPDF_FontDef	 def;
	HPDF_Font	 font;		/* NULL if libharu could not make it */
};

struct pdf {
	HPDF_Doc	 doc;		/* created and freed by pdf_write */
	struct hfix_err	 err;		/* what its error handler recorded */
	struct fontset	*fs;
	uint8_t		**fbits;	/* per face: code points drawn */
	HPDF_Font	*ffont;		/* per face: the font drawing it */
	int		 nfaces;
	struct lent	*lent;
	int		 nlent;
	struct diag	*diag;
	const char	*out;
	const struct doc *d;		/* its outline, its pages' sizes */
	double		 height;
	HPDF_Page	 page;		/* the page being drawn */
	HPDF_Page	*pages;		/* the pages drawn, in order */
	int		 npages, cappages;
	struct used	*used;
	int		 nused, capused;
	struct img	*imgs;
	int		 nimgs, capimgs;
	struct imgprep	*prep;		/* the images, prepared ahead */
	HPDF_Font	 font;		/* current text state */
	int		 tface;		/* a face drawn with font */
	int		 texp;		/* horizontal scaling: box.h's expand */
	int		 spface;	/* face of spend + 1, 0 none yet */
	int		 spend;		/* its space's advance, 1/1000 em */
	double		 size;
	int		*order;		/* text boxes of the page, drawn order */
	int		 norder, caporder;
	struct tpos	*tpos;		/* per box of the page: where drawn */
	int		 last;		/* the box drawn last, or -1 */
	double		 fill, stroke, lw;	/* current graphics state */
	struct sbuf	 cs;		/* content of the page being drawn */
	struct hfix_z	 z;		/* deflates the page contents */
	int		 tj;		/* a TJ array is open */
	double		 tx, ty;	/* where its next glyph goes */
	int		 alpha;		/* the page draws a soft mask */
	HPDF_MD5_CTX	 md5;		/* of the content: the /ID */
};

static int	 threads_ok = 1;	/* pdf_threads */

/* The document's pending libharu error as text in buf, or NULL. */
static const char *
hpdf_error(struct pdf *p, char *buf, size_t sz)
{
	return hfix_error_text(&p->err, &p->doc->error, buf, sz);
}

/* `what` failed: a phrase in English (N_) translated here, as are the
 * phrases pdfa.c and hpdf_fix.c return. */
static int
fail(struct pdf *p, const char *what)
{
	char	 buf[400];

	diag_fail(p->diag, "%s: %s: %s", p->out, _(what),
	    hpdf_error(p, buf, sizeof(buf)) ? buf : _("libharu error"));
	return -1;
}

/* 0 if the text fits one PDF string of PDF/A (ISO 19005-2 6.1.13: at
 * most 32,767 bytes; libharu writes it in UTF-16, 2 bytes a code point
 * below U+10000, 4 above, and a byte order mark), else an error naming
 * `what`: a bookmark or information entry cannot be cut silently. */
static int
string_fits(struct diag *d, const char *what, const char *t)
{
	size_t	 n = 2, len, i = 0;
	char	 start[48];

	if (t == NULL)
		return 0;
	for (len = strlen(t); i < len && n <= 32767; )
		n += txt_next(t, len, &i) >= 0x10000 ? 4 : 2;
	if (n <= 32767)
		return 0;
	snprintf(start, sizeof(start), "%s", t);
	diag_trim(start);
	diag_fail(d, "%s \"%s...\" is too long for a PDF/A file: at most "
	    "16,383 letters; shorten it, or write \"pdf: {standard: none}\" "
	    "for a plain PDF", what, start);
	return -1;
}

int
pdf_fits(const struct doc *d, const struct report *r, struct diag *diag)
{
	const struct meta	*m = &r->meta;
	int			 i, rc = 0;

	if (r->pdf_standard != PDF_STD_A2U)
		return 0;
	rc |= string_fits(diag, "meta.title", m->title);
	rc |= string_fits(diag, "meta.author", m->author);
	rc |= string_fits(diag, "meta.subject", m->subject);
	rc |= string_fits(diag, "meta.keywords", m->keywords);
	for (i = 0; i < d->noutline; i++)
		rc |= string_fits(diag, _("the heading"),
		    d->outline[i].title);
	return rc;
}

/* ---- text ---- */

static struct used *
used_for(struct pdf *p, HPDF_Font font)
{
	struct used	*u;
	int		 i;

	for (i = 0; i < p->nused; i++)
		if (p->used[i].font == font)
			return &p->used[i];
	if (p->nused == p->capused) {
		p->capused = p->capused ? 2 * p->capused : 8;
		p->used = xrealloc(p->used, p->capused * sizeof(*p->used));
	}
	u = &p->used[p->nused++];
	u->font = font;
	u->bits = xcalloc(65536 / 8, 1);
	u->max = 0;
	return u;
}

static int
face_index(const struct pdf *p, int face)
{
	return face < 0 || face >= p->nfaces ? FACE_REGULAR : face;
}

/* Record the code points of a run per face (font_embed subsets each
 * face's file to them). Every face drawn also has the space, which
 * draw_text puts between words. */
static void
collect_run(struct pdf *p, int face, const char *s, size_t len)
{
	uint8_t		*bits;
	size_t		 i = 0;
	uint32_t	 cp;

	face = face_index(p, face);
	if ((bits = p->fbits[face]) == NULL) {
		bits = p->fbits[face] = xcalloc(65536 / 8, 1);
		bits[' ' >> 3] |= 1u << (' ' & 7);
	}
	while (i < len) {
		cp = txt_next(s, len, &i);
		if (cp <= 0xFFFF)
			bits[cp >> 3] |= 1u << (cp & 7);
	}
}

/* The code points of a page's text (a page_fn: the first time the
 * pages go by). */
static int
collect_page(void *ctx, const struct page *pg)
{
	struct pdf		*p = ctx;
	const struct box	*b;
	struct img_fit		 f;
	int			 k;

	for (k = 0; k < pg->nboxes; k++) {
		b = &pg->boxes[k];
		if (b->kind == BOX_TEXT && b->len > 0)
			collect_run(p, b->face, b->text, b->len);
		else if (b->kind == BOX_IMAGE && threads_ok) {
			img_fit(b->image, b->w, &f);
			ip_add(p->prep, b->image, &f);
		}
	}
	return 0;
}

void
pdf_threads(int on)
{
	threads_ok = on;
}

/* Every code point the pages draw, per face: font_embed subsets the
 * fonts to them before the first page is drawn. The images they place
 * are then prepared on a second thread (imgprep.h) while the fonts are
 * embedded and the pages drawn. */
static int
collect(struct pdf *p, pdf_pages_fn *each, void *src)
{
	int	 rc;

	p->nfaces = font_nfaces(p->fs);
	p->fbits = xcalloc((size_t)p->nfaces, sizeof(*p->fbits));
	p->ffont = xcalloc((size_t)p->nfaces, sizeof(*p->ffont));
	p->prep = ip_new();
	if ((rc = each(src, collect_page, p)) == 0)
		ip_start(p->prep);
	return rc;
}

/* Record the code points of a face in the font drawing it. */
static void
mark_used(struct pdf *p, int face, HPDF_Font font)
{
	struct used	*u = used_for(p, font);
	uint32_t	 i, cp;
	unsigned	 m;

	for (i = 0; i < 0x10000 / 8; i++) {
		if ((m = p->fbits[face][i]) == 0)
			continue;
		u->bits[i] |= (uint8_t)m;
		for (cp = i * 8; m > 1; m >>= 1)
			cp++;
		if (cp > u->max)
			u->max = cp;
	}
}

/* The font of a definition font.c gives out: lent to the document and
 * made once (faces that share a file share it), its program queued for
 * the second thread then (hfix_font_ahead). NULL on a libharu error (in
 * the document's error state). */
static HPDF_Font
font_of(struct pdf *p, HPDF_FontDef def)
{
	struct lent	*l;
	int		 i;

	for (i = 0; i < p->nlent; i++)
		if (p->lent[i].def == def)
			return p->lent[i].font;
	if (hfix_lend_fontdef(p->doc, def) != HPDF_OK)
		return NULL;
	p->lent = xrealloc(p->lent, (size_t)(p->nlent + 1) * sizeof(*p->lent));
	l = &p->lent[p->nlent++];
	l->def = def;
	l->font = HPDF_GetFont(p->doc, def->base_font, "UTF-8");
	if (l->font != NULL)
		hfix_font_ahead(&p->z, def);
	return l->font;
}

/* Make the fonts of the faces drawn, and mark the glyphs they draw. */
static int
make_fonts(struct pdf *p)
{
	struct hfix_pose	 pose;
	HPDF_FontDef		*defs;
	HPDF_Font		 font;
	int			 face, rc = 0;

	defs = xcalloc((size_t)p->nfaces, sizeof(*defs));
	if (font_embed(p->fs, p->fbits, defs) != 0) {
		free(defs);
		return -1;	/* diagnosed */
	}
	hfix_fonts_begin(p->doc, &pose);
	for (face = 0; face < p->nfaces && rc == 0; face++) {
		if (p->fbits[face] == NULL)
			continue;
		if (defs[face] == NULL ||
		    (font = font_of(p, defs[face])) == NULL)
			rc = fail(p, N_("cannot create font"));
		else {
			p->ffont[face] = font;
			mark_used(p, face, font);
		}
	}
	hfix_fonts_end(&pose);
	free(defs);
	return rc;
}

/* ---- numbers ---- */

/* n as decimal digits, "-" first if negative. */
static void
put_digits(struct sbuf *b, long long n)
{
	char		 buf[24], *e = buf + sizeof(buf), *q = e;
	long long	 a = n < 0 ? -n : n;

	do
		*--q = (char)('0' + a % 10);
	while ((a /= 10) != 0);
	if (n < 0)
		*--q = '-';
	sbuf_add(b, q, (size_t)(e - q));
}

/* v to 1/1000 as "-12.345", without trailing zeros; the value written. */
static double
put_num(struct sbuf *b, double v)
{
	long long	 n = (long long)floor(v * 1000 + 0.5);
	long long	 a = n < 0 ? -n : n;
	char		 frac[5];
	int		 k, f;

	if (n < 0 && a < 1000)
		sbuf_add(b, "-", 1);
	put_digits(b, n < 0 && a >= 1000 ? -(a / 1000) : a / 1000);
	if ((f = (int)(a % 1000)) != 0) {
		frac[0] = '.';
		for (k = 3; k >= 1; k--, f /= 10)
			frac[k] = (char)('0' + f % 10);
		for (k = 4; frac[k - 1] == '0'; k--)
			continue;
		sbuf_add(b, frac, (size_t)k);
	}
	return (double)n / 1000;
}

/* A TJ kerning number and a space. */
static void
put_int(struct sbuf *b, long v)
{
	put_digits(b, v);
	sbuf_add(b, " ", 1);
}

/* ---- graphics ---- */

/*
 * Rules and rectangles are written into the page's content buffer p->cs
 * too (libharu's path operators format each number at some 1,500
 * instructions; tables draw thousands of rules). What libharu draws
 * itself (images) goes to the page's stream; hfix_take_page_stream moves
 * it into p->cs, and at the end of the page p->cs goes to the stream,
 * deflated (end_page, hfix_put_page).
 */
/* Add n bytes to the digest that becomes the file's /ID: their CRC-32
 * (zlib's, some 20 times cheaper than MD5 on the pages' contents) and
 * length go into the MD5; digest_crc when the CRC is known (imgprep.c
 * computes the images'). */
static void
digest_crc(struct pdf *p, uint32_t crc, size_t n)
{
	unsigned char	 v[12];
	size_t		 i;

	for (i = 0; i < 4; i++)
		v[i] = (unsigned char)(crc >> (8 * i));
	for (i = 0; i < 8; i++)
		v[4 + i] = (unsigned char)((unsigned long long)n >> (8 * i));
	HPDF_MD5Update(&p->md5, v, sizeof(v));
}

static void
digest(struct pdf *p, const void *s, size_t n)
{
	digest_crc(p, (uint32_t)crc32_z(crc32(0L, Z_NULL, 0), s, n), n);
}

static void
digest_str(struct pdf *p, const char *s)
{
	if (s != NULL)
		digest(p, s, strlen(s) + 1);
}

static int
end_page(struct pdf *p)
{
	const char	*err;

	hfix_take_page_stream(p->page, &p->cs);
	digest(p, p->cs.s, p->cs.len);
	if ((err = hfix_put_page(p->page, &p->z, &p->cs)) != NULL)
		return fail(p, err);
	p->cs.len = 0;
	return 0;
}

/* "x y " in PDF space (y up) from a point in layout space (y down). */
static void
put_xy(struct pdf *p, double x, double y)
{
	put_num(&p->cs, x);
	sbuf_add(&p->cs, " ", 1);
	put_num(&p->cs, p->height - y);
	sbuf_add(&p->cs, " ", 1);
}

static void
put_op(struct pdf *p, double v, const char *op)
{
	put_num(&p->cs, v);
	sbuf_adds(&p->cs, op);
}

static void
set_stroke(struct pdf *p, const struct box *b)
{
	double	 lw = b->line_width > 0 ? b->line_width : 0.5;

	if (lw != p->lw)
		put_op(p, lw, " w\n");
	p->lw = lw;
	if (b->gray != p->stroke)
		put_op(p, b->gray, " G\n");
	p->stroke = b->gray;
}

static void
set_fill(struct pdf *p, double gray)
{
	if (gray != p->fill)
		put_op(p, gray, " g\n");
	p->fill = gray;
}

static int
draw_rule(struct pdf *p, const struct box *b)
{
	set_stroke(p, b);
	put_xy(p, b->x, b->y);
	sbuf_add(&p->cs, "m ", 2);
	put_xy(p, b->x + b->w, b->y + b->h);
	sbuf_add(&p->cs, "l S\n", 4);
	return 0;
}

static int
draw_rect(struct pdf *p, const struct box *b)
{
	if (b->fill)
		set_fill(p, b->gray);
	else
		set_stroke(p, b);
	put_xy(p, b->x, b->y + b->h);
	put_num(&p->cs, b->w);
	sbuf_add(&p->cs, " ", 1);
	put_num(&p->cs, b->h);
	sbuf_adds(&p->cs, b->fill ? " re f\n" : " re S\n");
	return 0;
}

/* The image data of `d` as a libharu image: a JPEG as it is (DCTDecode),
 * raw samples and their alpha mask as two images, the mask the first's
 * /SMask, both Flate-compressed at libharu's level (hfix_raw_image: a
 * worker deflates the seal and signature that report after report
 * carry once). NULL on a libharu error. */
static HPDF_Image
hpdf_image(struct pdf *p, const struct img_data *d)
{
	HPDF_Image	 img, mask;

	if (d->enc == IMG_ENC_DCT)
		return HPDF_LoadJpegImageFromMem(p->doc, d->data,
		    (HPDF_UINT)d->len);
	img = hfix_raw_image(p->doc, d->data, d->w, d->h, d->ncomp);
	if (img == NULL || d->alpha == NULL)
		return img;
	mask = hfix_raw_image(p->doc, d->alpha, d->w, d->h, 1);
	if (mask == NULL || HPDF_Image_AddSMask(img, mask) != HPDF_OK)
		return NULL;
	return img;
}

/* A file that cannot be decoded is an error at its file: mark
 * (validate.c only read its header). */
static void
image_error(struct pdf *p, const struct image *im, const char *why)
{
	diag_error(p->diag, im->mark, "%s: \"%s\" %s", img_key(im), im->file,
	    why);
}

/* The image decoded and embedded here and now, its samples digested;
 * *alpha: it has a mask. NULL with *failed: diagnosed; else a libharu
 * error. */
static HPDF_Image
embed_now(struct pdf *p, const struct image *im, const struct img_fit *f,
    int *alpha, int *failed)
{
	struct img_data	 d;
	HPDF_Image	 img;
	char		 why[600];

	if ((*failed = img_load(im, f, &d, why, sizeof(why)) == -1)) {
		image_error(p, im, why);
		return NULL;
	}
	img = hpdf_image(p, &d);
	digest(p, d.data, d.len);
	if (d.alpha != NULL)
		digest(p, d.alpha, img_alpha_len(&d));
	*alpha = d.alpha != NULL;
	img_data_free(&d);
	return img;
}

/* embed_now of an image prepared on the second thread (imgprep.h):
 * decoded, its samples' CRC-32 taken and, unless the memo has them,
 * deflated. */
static HPDF_Image
embed_prepared(struct pdf *p, const struct image *im, struct ip_img *o,
    int *alpha, int *failed)
{
	const struct img_data *d = &o->d;
	HPDF_Image	 img, mask;

	if ((*failed = o->rc == -1)) {
		image_error(p, im, o->why);
		return NULL;
	}
	*alpha = d->alpha != NULL || o->za != NULL;
	if (d->enc == IMG_ENC_DCT)
		img = HPDF_LoadJpegImageFromMem(p->doc, d->data,
		    (HPDF_UINT)d->len);
	else {
		img = hfix_raw_image_z(p->doc, d->data, o->z, o->zlen, d->w,
		    d->h, d->ncomp);
		if (img != NULL && *alpha) {
			mask = hfix_raw_image_z(p->doc, d->alpha, o->za,
			    o->zalen, d->w, d->h, 1);
			if (mask == NULL ||
			    HPDF_Image_AddSMask(img, mask) != HPDF_OK)
				img = NULL;
		}
	}
	digest_crc(p, o->crc, d->len);
	if (*alpha)
		digest_crc(p, o->acrc, o->alen);
	return img;
}

/* The image of box b at the pixels `f` keeps (image.c decodes, turns
 * CMYK into RGB and reduces what needs it), embedded once per file and
 * pixel size, its samples added to the digest: prepared by imgprep.c
 * when it decodes, else here (a JPEG embedded as it is is only read). */
static const struct img *
load_image(struct pdf *p, const struct box *b, const struct img_fit *f)
{
	const struct image *im = b->image;
	struct ip_img	 o;
	HPDF_Image	 img;
	int		 i, alpha = 0, failed;

	for (i = 0; i < p->nimgs; i++)
		if (strcmp(p->imgs[i].path, im->file) == 0 &&
		    p->imgs[i].w == f->w && p->imgs[i].h == f->h)
			return &p->imgs[i];
	if (ip_take(p->prep, im, f, &o)) {
		img = embed_prepared(p, im, &o, &alpha, &failed);
		ip_img_free(&o);
	} else
		img = embed_now(p, im, f, &alpha, &failed);
	if (failed)
		return NULL;
	if (img == NULL) {
		fail(p, N_("cannot embed an image"));
		return NULL;
	}
	if (p->nimgs == p->capimgs) {
		p->capimgs = p->capimgs ? 2 * p->capimgs : 8;
		p->imgs = xrealloc(p->imgs, p->capimgs * sizeof(*p->imgs));
	}
	p->imgs[p->nimgs].path = im->file;
	p->imgs[p->nimgs].w = f->w;
	p->imgs[p->nimgs].h = f->h;
	p->imgs[p->nimgs].alpha = alpha;
	p->imgs[p->nimgs].img = img;
	return &p->imgs[p->nimgs++];
}

/* q, the matrix that draws the image upright into its box (its EXIF
 * orientation applied: image.c img_place), the image, Q. */
static int
draw_image(struct pdf *p, const struct box *b)
{
	struct img_fit	 f;
	const struct img *img;
	double		 m[6];
	int		 i;

	img_fit(b->image, b->w, &f);
	if ((img = load_image(p, b, &f)) == NULL)
		return -1;
	p->alpha |= img->alpha;
	img_place(b->image->orient, b->x, p->height - b->y - b->h, b->w, b->h,
	    m);
	sbuf_add(&p->cs, "q\n", 2);
	for (i = 0; i < 6; i++)
		put_op(p, m[i], i < 5 ? " " : " cm\n");
	if (HPDF_Page_ExecuteXObject(p->page, img->img) != HPDF_OK)
		return fail(p, N_("cannot draw an image"));
	hfix_take_page_stream(p->page, &p->cs);
	sbuf_add(&p->cs, "Q\n", 2);
	return 0;
}

/* ---- pages ---- */

static int
draw_graphics(struct pdf *p, const struct page *pg)
{
	const struct box	*b;
	int			 i, rc = 0;

	for (i = 0; i < pg->nboxes && rc == 0; i++) {
		b = &pg->boxes[i];
		if (b->kind == BOX_RULE)
			rc = draw_rule(p, b);
		else if (b->kind == BOX_RECT)
			rc = draw_rect(p, b);
		else if (b->kind == BOX_IMAGE)
			rc = draw_image(p, b);
	}
	return rc;
}

/*
 * Text goes straight into the page's content stream (libharu's
 * HPDF_Page_SetTextMatrix and HPDF_Page_ShowText cost some 7,000
 * instructions a word): consecutive boxes on one baseline in one font
 * and size become one TJ array, each box placed exactly where layout put
 * it by a kerning number (1/1000 em), computed from the position the
 * viewer reaches with the same /W widths, so no error accumulates; any
 * other box starts a new array with an absolute Tm. Strings are literal
 * 2-byte codes (Identity-H, the code being the BMP code point).
 *
 * Layout places words, not spaces: a gap between two boxes of one line
 * is only a position. Readers that build words from the characters drawn
 * (Ghostscript's txtwrite, print RIPs, archive converters) then join the
 * words, so a real space is drawn in every such gap (word_gap): the
 * space glyph at the end of the word before, in its font, the justified
 * rest of the gap made up by the kerning number as before. The next box
 * lands where it did without the space (the kerning number grows by the
 * space's own width, an integer of 1/1000 em), so positions are
 * unchanged to the bit.
 */

/* Below this share of an em, a gap between two boxes is no word space
 * (pieces of one word in two faces touch; the tightest justified space
 * is 0.7 of a space, some 0.17 em). */
#define GAP_MIN		0.1

/* The run as a literal string of 2-byte codes. */
static void
put_string(struct pdf *p, const char *text, size_t len)
{
	struct sbuf	*cs = &p->cs;
	char		 buf[64];
	size_t		 i = 0, n = 0;
	uint32_t	 cp;
	int		 k;

	sbuf_add(cs, "(", 1);
	while (i < len) {
		cp = txt_next(text, len, &i);
		if (cp > 0xFFFF)
			cp = ' ';	/* as libharu's UTF-8 encoder */
		for (k = 8; k >= 0; k -= 8) {
			buf[n] = (char)(cp >> k);
			if (buf[n] == '(' || buf[n] == ')' || buf[n] == '\\')
				buf[n + 1] = buf[n], buf[n++] = '\\';
			else if (buf[n] == '\r' || buf[n] == '\n')
				buf[n + 1] = buf[n] == '\r' ? 'r' : 'n',
				    buf[n++] = '\\';
			n++;
		}
		if (n > sizeof(buf) - 8 || i >= len) {
			sbuf_add(cs, buf, n);
			n = 0;
		}
	}
	sbuf_add(cs, ")", 1);
}

/* Where the pen stands after drawing text in face at size: the /W widths
 * the viewer adds up plus the adjustments put_run draws (shape.c). */
static double
drawn_width(const struct pdf *p, int face, const char *text, size_t len,
    double size)
{
	return (double)font_shape(p->fs, face, text, len)->end * size / 1000;
}

/* The text of a box shaped in its face: its strings, with a kerning
 * number before each glyph HarfBuzz places elsewhere than the /W width
 * of the glyph before it ends (kerning, mark offsets: shape.c), so each
 * glyph lands where HarfBuzz puts it. The numbers are small (tens of
 * 1/1000 em), far below what a reader takes for a word space. Returns
 * where the pen then stands (drawn_width). */
static double
put_run(struct pdf *p, int face, const char *text, size_t len, double size)
{
	const struct shp_run	*r = font_shape(p->fs, face, text, len);
	size_t			 i = 0, at = 0, from = 0;
	int			 k;

	if (r->nadj == 0) {
		put_string(p, text, len);
		return (double)r->end * size / 1000;
	}
	for (k = 0; k < r->n && i < len; k++) {
		at = i;
		txt_next(text, len, &i);
		if (r->adj[k] == 0 || at == from)
			continue;
		put_string(p, text + from, at - from);
		put_int(&p->cs, r->adj[k]);
		from = at;
	}
	put_string(p, text + from, len - from);
	return (double)r->end * size / 1000;
}

static void
tj_close(struct pdf *p)
{
	if (p->tj)
		sbuf_add(&p->cs, "]TJ\n", 4);
	p->tj = 0;
}

/* The horizontal size of box b's glyphs: its size, scaled by its
 * expansion (what the viewer's Tz does to every width and TJ number). */
static double
hsize(const struct box *b)
{
	return b->size * (BOX_EXPAND_UNIT + b->expand) / BOX_EXPAND_UNIT;
}

/* Horizontal scaling of box b (font expansion) when it changes: the
 * state lasts to the end of the page's content stream. */
static void
set_scale(struct pdf *p, const struct box *b)
{
	if (b->expand == p->texp)
		return;
	tj_close(p);
	put_num(&p->cs, 100 + b->expand * 100.0 / BOX_EXPAND_UNIT);
	sbuf_add(&p->cs, " Tz\n", 4);
	p->texp = b->expand;
}

static int
set_font(struct pdf *p, const struct box *b)
{
	HPDF_Font	 font;
	const char	*name;

	if ((font = p->ffont[face_index(p, b->face)]) == NULL)
		return fail(p, N_("cannot create font"));
	set_scale(p, b);
	if (font == p->font && b->size == p->size)
		return 0;
	tj_close(p);
	if ((name = HPDF_Page_GetLocalFontName(p->page, font)) == NULL)
		return fail(p, N_("cannot set font"));
	sbuf_printf(&p->cs, "/%s ", name);
	put_num(&p->cs, b->size);
	sbuf_add(&p->cs, " Tf\n", 4);
	p->font = font;
	p->tface = b->face;
	p->size = b->size;
	return 0;
}

/* 1 if b follows the text of the open TJ array on its line after a gap
 * of a word space or more. */
static int
word_gap(const struct pdf *p, const struct box *b)
{
	return p->tj && b->y == p->ty && b->x - p->tx > GAP_MIN * b->size;
}

/* A space at the end of the open array, in its font (the font's used
 * code points have it: collect_run). */
static void
put_space(struct pdf *p)
{
	/* the face of the last space drawn, kept: a page has thousands */
	if (p->spface != p->tface + 1) {
		p->spend = font_shape(p->fs, p->tface, " ", 1)->end;
		p->spface = p->tface + 1;
	}
	put_string(p, " ", 1);
	p->tx += (double)p->spend * p->size * (BOX_EXPAND_UNIT + p->texp) /
	    BOX_EXPAND_UNIT / 1000;
}

/* The kerning number that takes the pen from p->tx to x, and the pen
 * moved by it. */
static long
kern_to(struct pdf *p, double x, double size)
{
	long	 adj = lround((p->tx - x) * 1000 / size);

	p->tx -= (double)adj * size / 1000;
	return adj;
}

/* Box i: a kerning number in the open array if it continues the box
 * drawn before it, else a new array at its place. */
static int
draw_text(struct pdf *p, const struct box *b, int i)
{
	const struct tpos	*t = &p->tpos[i];
	long			 adj;

	if (word_gap(p, b))
		put_space(p);
	if (set_font(p, b) != 0)
		return -1;
	if (t->cont && p->tj && p->last == t->prev) {
		if ((adj = kern_to(p, b->x, hsize(b))) != 0)
			put_int(&p->cs, adj);
	} else {
		tj_close(p);
		sbuf_add(&p->cs, "1 0 0 1 ", 8);
		p->tx = put_num(&p->cs, t->x);
		sbuf_add(&p->cs, " ", 1);
		put_num(&p->cs, p->height - b->y + b->rise);
		sbuf_add(&p->cs, " Tm\n[", 5);
		p->ty = b->y;
		p->tj = 1;
	}
	p->last = i;
	/* The same /W widths and adjustments the viewer adds up. */
	p->tx += put_run(p, b->face, b->text, b->len, hsize(b));
	return 0;
}

/*
 * Where each text box lands, decided in layout's order: a box on the
 * baseline of the one before, in its font and size and not left of its
 * end, continues its TJ array (a kerning number, rounded to 1/1000 em);
 * any other starts a new one at its x (to 1/1000 pt). text_order may then
 * draw a box after another than the one before it in layout's order;
 * such a box starts a new array at the x decided here, so that every
 * glyph lands where it would in layout's order.
 */
static void
text_place(struct pdf *p, const struct page *pg)
{
	const struct box	*b;
	struct tpos		*t;
	HPDF_Font		 font = NULL, f;
	double			 size = -1, tx = 0, ty = 0;
	int			 k, i, prev = -1, expand = 0;
	struct sbuf		 num = { 0 };

	for (k = 0; k < p->norder; k++) {
		i = p->order[k];
		b = &pg->boxes[i];
		t = &p->tpos[i];
		f = p->ffont[face_index(p, b->face)];
		t->prev = prev;
		t->cont = prev >= 0 && f == font && b->size == size &&
		    b->expand == expand && b->y == ty && b->x > tx - 1;
		if (t->cont) {
			tx -= (double)lround((tx - b->x) * 1000 / hsize(b)) *
			    hsize(b) / 1000;
		} else {
			num.len = 0;
			tx = put_num(&num, b->x);
			ty = b->y;
		}
		t->x = tx;
		tx += drawn_width(p, b->face, b->text, b->len, hsize(b));
		font = f;
		size = b->size;
		expand = b->expand;
		prev = i;
	}
	sbuf_free(&num);
}

/*
 * The order text is drawn in, which is the order readers that follow
 * the content stream (MuPDF, Ghostscript, screen readers) read it in:
 * the page's boxes as layout made them, except that boxes on one
 * baseline that layout made one after another go left to right. Layout
 * adds the header's place and date before the number on its line; a
 * reader must meet "Số: 86/BC-VP" before the date. (A list item's
 * marker needs no sorting: layout adds it before the item's text.)
 */
static void
text_order(struct pdf *p, const struct page *pg)
{
	const struct box	*bx = pg->boxes;
	int			 i, j, k, t, run;

	if (pg->nboxes > p->caporder) {
		p->caporder = pg->nboxes;
		p->order = xrealloc(p->order, (size_t)p->caporder *
		    sizeof(*p->order));
		p->tpos = xrealloc(p->tpos, (size_t)p->caporder *
		    sizeof(*p->tpos));
	}
	p->norder = 0;
	for (i = 0; i < pg->nboxes; i++)
		if (bx[i].kind == BOX_TEXT && bx[i].len > 0)
			p->order[p->norder++] = i;
	text_place(p, pg);
	for (run = 0; run < p->norder; run = j) {
		for (j = run + 1; j < p->norder &&
		    bx[p->order[j]].y == bx[p->order[run]].y; j++) {
			/* insertion sort by x: stable, runs are short and
			 * nearly always in order already */
			t = p->order[j];
			for (k = j; k > run && bx[p->order[k - 1]].x > bx[t].x;
			    k--)
				p->order[k] = p->order[k - 1];
			p->order[k] = t;
		}
	}
}

/* All text of a page in one BT/ET, black. */
static int
draw_texts(struct pdf *p, const struct page *pg)
{
	int	 i, rc = 0;

	text_order(p, pg);
	if (p->norder == 0)
		return 0;
	p->tj = 0;
	set_fill(p, 0);		/* text is black */
	sbuf_add(&p->cs, "BT\n", 3);
	p->last = -1;
	for (i = 0; i < p->norder && rc == 0; i++)
		rc = draw_text(p, &pg->boxes[p->order[i]], p->order[i]);
	if (rc != 0)
		return rc;
	tj_close(p);
	sbuf_add(&p->cs, "ET\n", 3);
	return 0;
}

/*
 * Link annotations: one over each run of text boxes on one baseline
 * that layout marked with the same link (the pieces of a web or mail
 * address on one line; para.c), from the lowest descender to the
 * highest ascender of their faces. A link broken over two lines gets
 * one on each, both to the whole address.
 */
static int
link_annots(struct pdf *p, const struct page *pg)
{
	const struct box	*b, *e;
	HPDF_Rect		 r;
	double			 x0, x1, asc, desc;
	int			 i, j;

	for (i = 0; i < pg->nboxes; i = j) {
		b = &pg->boxes[i];
		j = i + 1;
		if (b->kind != BOX_TEXT || b->link == NULL)
			continue;
		x0 = b->x;
		x1 = b->x + b->w;
		asc = font_ascent(p->fs, b->face) * b->size;
		desc = font_descent(p->fs, b->face) * b->size;
		for (; j < pg->nboxes && (e = &pg->boxes[j])->kind == BOX_TEXT &&
		    e->link == b->link && e->y == b->y; j++) {
			x0 = fmin(x0, e->x);
			x1 = fmax(x1, e->x + e->w);
			asc = fmax(asc, font_ascent(p->fs, e->face) * e->size);
			desc = fmin(desc, font_descent(p->fs, e->face) * e->size);
		}
		r.left = (HPDF_REAL)x0;
		r.right = (HPDF_REAL)x1;
		r.bottom = (HPDF_REAL)(p->height - b->y + desc / 1000);
		r.top = (HPDF_REAL)(p->height - b->y + asc / 1000);
		if (hfix_uri_link(p->page, r, b->link) != HPDF_OK)
			return fail(p, N_("cannot add a link"));
	}
	return 0;
}

static double
page_height(const struct doc *d, const struct page *pg)
{
	return pg->height > 0 ? pg->height : d->height;
}

static int
draw_page(void *ctx, const struct page *pg)
{
	struct pdf	*p = ctx;
	const struct doc *d = p->d;
	const char	*err;

	/* each page its own size: a landscape page is wider than tall */
	p->height = page_height(d, pg);
	if ((p->page = HPDF_AddPage(p->doc)) == NULL ||
	    HPDF_Page_SetWidth(p->page, (HPDF_REAL)(pg->width > 0 ?
	    pg->width : d->width)) != HPDF_OK ||
	    HPDF_Page_SetHeight(p->page, (HPDF_REAL)p->height) != HPDF_OK)
		return fail(p, N_("cannot add a page"));
	if ((err = pdfa_trim_box(p->page)) != NULL)
		return fail(p, err);
	if (p->npages == p->cappages) {
		p->cappages = p->cappages ? 2 * p->cappages : 64;
		p->pages = xrealloc(p->pages, (size_t)p->cappages *
		    sizeof(*p->pages));
	}
	p->pages[p->npages++] = p->page;
	p->alpha = 0;
	p->font = NULL;
	p->size = -1;
	p->texp = 0;
	p->fill = p->stroke = 0;	/* PDF initial gray is black */
	p->lw = 1;			/* and line width 1 */
	p->cs.len = 0;
	if (draw_graphics(p, pg) != 0 || draw_texts(p, pg) != 0)
		return -1;
	if (link_annots(p, pg) != 0)
		return -1;
	if (p->alpha && (err = pdfa_page_group(p->page)) != NULL)
		return fail(p, err);
	return end_page(p);
}

/* ---- outline ---- */

static int
outline(struct pdf *p, const struct doc *d)
{
	HPDF_Outline		 stack[4] = { NULL, NULL, NULL, NULL }, o;
	HPDF_Destination	 dst;
	HPDF_Encoder		 enc = HPDF_GetCurrentEncoder(p->doc);
	const struct outline	*e;
	int			 i, lv, k;

	for (i = 0; i < d->noutline; i++) {
		e = &d->outline[i];
		if (e->page < 0 || e->page >= p->npages || e->title == NULL)
			continue;
		lv = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
		for (k = lv - 1; k > 0 && stack[k] == NULL; k--)
			continue;
		o = HPDF_CreateOutline(p->doc, stack[k], e->title, enc);
		dst = HPDF_Page_CreateDestination(p->pages[e->page]);
		if (o == NULL || dst == NULL ||
		    hfix_dest_xyz(p->doc, dst, page_height(d,
		    &d->pages[e->page]) - e->y) != HPDF_OK ||
		    HPDF_Outline_SetDestination(o, dst) != HPDF_OK ||
		    HPDF_Outline_SetOpened(o, lv == 1) != HPDF_OK)
			return fail(p, N_("cannot add a bookmark"));
		stack[lv] = o;
		for (k = lv + 1; k < 4; k++)
			stack[k] = NULL;
	}
	return 0;
}

/* ---- document information ---- */

/* The information dictionary (with /Trapped /False: we do not trap)
 * and, for PDF/A, the XMP that mirrors it; all of it digested. */
static int
info(struct pdf *p, const struct report *r)
{
	const struct meta	*m = &r->meta;
	struct pdfa_info	 x;
	const char		*err;
	HPDF_Date		 dt;
	struct tm		 tm;
	time_t			 t = (time_t)(r->pdf_time + 7 * 3600);
	HPDF_STATUS		 rc = HPDF_OK;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	memset(&dt, 0, sizeof(dt));
	dt.year = tm.tm_year + 1900;
	dt.month = tm.tm_mon + 1;
	dt.day = tm.tm_mday;
	dt.hour = tm.tm_hour;
	dt.minutes = tm.tm_min;
	dt.seconds = tm.tm_sec;
	dt.ind = '+';
	dt.off_hour = 7;
	if (m->title != NULL)
		rc |= HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, m->title);
	if (m->author != NULL)
		rc |= HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, m->author);
	if (m->subject != NULL)
		rc |= HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, m->subject);
	if (m->keywords != NULL)
		rc |= HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS,
		    m->keywords);
	rc |= HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "baocao");
	rc |= HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, dt);
	rc |= HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, dt);
	if (rc != HPDF_OK)
		return fail(p, N_("cannot set document information"));
	if ((err = pdfa_info_strings(p->doc)) != NULL)
		return fail(p, err);
	x.title = m->title;
	x.author = m->author;
	x.subject = m->subject;
	x.keywords = m->keywords;
	x.creator = "baocao";
	x.year = dt.year;
	x.month = dt.month;
	x.day = dt.day;
	x.hour = dt.hour;
	x.min = dt.minutes;
	x.sec = dt.seconds;
	digest_str(p, x.title);
	digest_str(p, x.author);
	digest_str(p, x.subject);
	digest_str(p, x.keywords);
	digest(p, &r->pdf_time, sizeof(r->pdf_time));
	if (r->pdf_standard == PDF_STD_A2U &&
	    (err = pdfa_metadata(p->doc, &x)) != NULL)
		return fail(p, err);
	return 0;
}

/* The sRGB output intent of PDF/A: its profile is read for each report
 * (7 KB), so that a missing package is named in the report's errors. */
static int
output_intent(struct pdf *p)
{
	static const struct mark nowhere;	/* the report, no line */
	unsigned char	*icc;
	const char	*err;
	char		 why[400];
	size_t		 len;

	if ((icc = pdfa_icc_read(PDFA_ICC_PATH, &len, why, sizeof(why))) ==
	    NULL) {
		diag_fail(p->diag, "cannot read the colour profile %s that "
		    "PDF/A needs: %s", PDFA_ICC_PATH, why);
		diag_note(p->diag, nowhere, "install the Debian package "
		    "icc-profiles-free (make deps does), or write "
		    "\"pdf: {standard: none}\" in the report to build a "
		    "plain PDF");
		return -1;
	}
	err = pdfa_output_intent(p->doc, icc, len);
	free(icc);
	return err != NULL ? fail(p, err) : 0;
}

/* The trailer's /ID from the digest, the subset names last: a font
 * subset's tag is made from its bytes (hfix_font_repair). */
static int
file_id(struct pdf *p)
{
	unsigned char	 id[16];
	HPDF_Name	 name;
	const char	*err;
	int		 i;

	for (i = 0; i < p->nused; i++)
		if ((name = HPDF_Dict_GetItem(p->used[i].font, "BaseFont",
		    HPDF_OCLASS_NAME)) != NULL)
			digest_str(p, name->value);
	HPDF_MD5Final(id, &p->md5);
	return (err = pdfa_id(p->doc, id)) != NULL ? fail(p, err) : 0;
}

/* ---- font repair ---- */

static int
fix_fonts(struct pdf *p)
{
	const char	*err;
	int		 i;

	for (i = 0; i < p->nused; i++)
		if ((err = hfix_font_repair(p->doc, p->used[i].font,
		    p->used[i].bits, p->used[i].max)) != NULL)
			return fail(p, err);
	return 0;
}

/* ---- entry ---- */

/* Save, naming the system's reason (disk full, file size limit) when
 * there is one: libharu only reports its own error codes. */
static int
save(struct pdf *p)
{
	char	 what[400];
	int	 e;

	errno = 0;
	if (HPDF_SaveToFile(p->doc, p->out) == HPDF_OK)
		return 0;
	e = errno;
	if (e == 0)
		return fail(p, N_("cannot save the PDF"));
	snprintf(what, sizeof(what), _("cannot save the PDF (%s)"),
	    strerror(e));
	return fail(p, what);
}

/* The pages go by twice: their code points first (the fonts' subsets
 * are made before the first page is drawn), then each drawn into its
 * content stream, deflated, as it comes, so that no more than one page
 * of boxes need be kept. */
static int
write_doc(struct pdf *p, const struct doc *d, pdf_pages_fn *each,
    void *src, const struct report *r)
{
	int	 rc;

	HPDF_MD5Init(&p->md5);
	if (info(p, r) != 0 || (r->pdf_standard == PDF_STD_A2U &&
	    output_intent(p) != 0))
		return -1;
	if (collect(p, each, src) != 0 || make_fonts(p) != 0)
		return -1;
	rc = each(src, draw_page, p);
	if (rc == 0)
		rc = outline(p, d);
	if (rc == 0)
		rc = fix_fonts(p);
	if (rc == 0)
		rc = file_id(p);
	if (rc == 0)
		rc = save(p);
	return rc;
}

/* The document, set up for UTF-8 text, compressed, PDF 1.4. */
static int
doc_new(struct pdf *p)
{
	char	 buf[400];

	if ((p->doc = HPDF_New(hfix_handler, &p->err)) == NULL)
		diag_fail(p->diag, "cannot create the PDF document");
	else if (HPDF_UseUTFEncodings(p->doc) != HPDF_OK ||
	    HPDF_SetCurrentEncoder(p->doc, "UTF-8") != HPDF_OK ||
	    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL) != HPDF_OK)
		diag_fail(p->diag, "cannot set up UTF-8 in libharu: %s",
		    hpdf_error(p, buf, sizeof(buf)) ? buf : "?");
	else {
		hfix_pdf14(p->doc);
		return 0;
	}
	return -1;
}

/* Give font.c's definitions back, then free the document. */
static void
doc_free(struct pdf *p)
{
	int	 i;

	for (i = 0; i < p->nlent; i++)
		hfix_return_fontdef(p->doc, p->lent[i].def);
	free(p->lent);
	if (p->doc != NULL)
		HPDF_Free(p->doc);
}

/* The pages a doc keeps (a pdf_pages_fn). */
static int
doc_pages(void *src, page_fn *fn, void *ctx)
{
	const struct doc	*d = src;
	int			 i;

	for (i = 0; i < d->npages; i++)
		if (fn(ctx, &d->pages[i]) != 0)
			return -1;
	return 0;
}

int
pdf_write(const struct doc *d, const struct report *r, struct fontset *fs,
    const char *path, struct diag *diag)
{
	return pdf_write_pages(d, doc_pages, (void *)d, r, fs, path, diag);
}

int
pdf_write_pages(const struct doc *d, pdf_pages_fn *each, void *src,
    const struct report *r, struct fontset *fs, const char *path,
    struct diag *diag)
{
	struct pdf	 p;
	int		 i, rc;

	memset(&p, 0, sizeof(p));
	p.d = d;
	p.fs = fs;
	p.diag = diag;
	p.out = path;
	p.height = d->height;
	p.z.solo = !threads_ok;
	rc = pdf_fits(d, r, diag) == 0 && doc_new(&p) == 0 ?
	    write_doc(&p, d, each, src, r) : -1;
	doc_free(&p);
	for (i = 0; i < p.nfaces; i++)
		free(p.fbits[i]);
	free(p.fbits);
	free(p.ffont);
	for (i = 0; i < p.nused; i++)
		free(p.used[i].bits);
	free(p.used);
	ip_free(p.prep);
	free(p.imgs);
	free(p.pages);
	free(p.order);
	free(p.tpos);
	sbuf_free(&p.cs);
	hfix_z_free(&p.z);
	return rc;
}
