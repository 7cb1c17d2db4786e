/*
 * pdf.c - the only libharu writer: laid-out pages (box.h) to a PDF file.
 *
 * Owns drawing (graphics first, then all text of a page in one BT/ET,
 * every word at the absolute position layout gave it: no Tw, which CID
 * fonts ignore), the image cache of one document, the document
 * information and dates, the outline, and the repair of libharu 2.3.0's
 * CID fonts before saving:
 *
 *  - libharu writes each UTF-8 font as Type0 / Identity-H, the content
 *    stream code of a character being its BMP code point, and a CIDType2
 *    descendant with a CIDToGIDMap and /W over all 65,536 code points.
 *  - Its /ToUnicode stream is an encoding CMap (begincidrange), which
 *    poppler rejects. We rewrite that stream (same object) as a real
 *    ToUnicode CMap (bfrange/bfchar, at most 100 per block) covering
 *    exactly the code points drawn, and shrink /W and /CIDToGIDMap to
 *    those code points as well. libharu builds these objects when the
 *    font is created and only sets their filters at save time, so the
 *    rewrite survives HPDF_SaveToFile.
 *  - Glyphs enter the embedded subset when HPDF_TTFontDef_GetCharWidth
 *    marks them; we mark every drawn code point explicitly (font.c's
 *    metrics deliberately do not, so measuring adds nothing).
 *
 * The page contents and the embedded font programs, nearly all of a PDF's
 * bytes, are compressed here rather than by libharu (see "compression").
 *
 * Output is deterministic: libharu 2.3.0 writes no /ID and no time of
 * its own; the dates come from report->pdf_time (+07'00').
 * A document (fontset) can be written once. Return: 0 ok, -1 diagnosed.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "arena.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "model.h"
#include "pdf.h"
#include "text.h"

#define CMAP_BLOCK	100	/* entries per bf* block (PDF limit) */
#define PDF_ZLEVEL	4	/* zlib level of contents and fonts */
#define W_RUN		1000	/* widths per /W sub-array */

/* The code points drawn with one HPDF_Font. */
struct used {
	HPDF_Font	 font;
	uint8_t		*bits;		/* 65,536 bits */
	uint32_t	 max;
};

struct img {
	const char	*path;
	HPDF_Image	 img;
};

struct pdf {
	HPDF_Doc	 doc;
	struct fontset	*fs;
	uint8_t		**fbits;	/* per face: code points drawn */
	int		 nfaces;
	struct diag	*diag;
	const char	*out;
	double		 height;
	HPDF_Page	 page;
	struct used	*used;
	int		 nused, capused;
	struct img	*imgs;
	int		 nimgs, capimgs;
	HPDF_Font	 font;		/* current text state */
	double		 size;
	double		 fill, stroke, lw;	/* current graphics state */
	struct sbuf	 cs;		/* content of the page being drawn */
	struct sbuf	 zout;		/* cs compressed */
	z_stream	 z;		/* for the page contents */
	int		 zinit;		/* z is set up */
	int		 tj;		/* a TJ array is open */
	double		 tx, ty;	/* where its next glyph goes */
};

static int
fail(struct pdf *p, const char *what)
{
	char	 buf[200];

	diag_fail(p->diag, "%s: %s: %s", p->out, what,
	    font_hpdf_error(p->fs, buf, sizeof(buf)) ? buf : "libharu error");
	return -1;
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

/* Record the code points of a run per face and measure each once, so
 * that font.c knows every character of a face before the face's font is
 * made (it may then embed the full file instead of its subset). */
static void
collect_run(struct pdf *p, int face, const char *s, size_t len)
{
	uint8_t		*bits;
	size_t		 i = 0;
	uint32_t	 cp;

	face = face_index(p, face);
	if ((bits = p->fbits[face]) == NULL)
		bits = p->fbits[face] = xcalloc(65536 / 8, 1);
	while (i < len) {
		cp = txt_next(s, len, &i);
		if (cp > 0xFFFF || (bits[cp >> 3] & (1u << (cp & 7))))
			continue;
		bits[cp >> 3] |= 1u << (cp & 7);
		font_has(p->fs, face, cp);
	}
}

static void
collect(struct pdf *p, const struct doc *d)
{
	const struct box	*b;
	int			 i, k;

	p->nfaces = font_nfaces(p->fs);
	p->fbits = xcalloc((size_t)p->nfaces, sizeof(*p->fbits));
	for (i = 0; i < d->npages; i++)
		for (k = 0; k < d->pages[i].nboxes; k++) {
			b = &d->pages[i].boxes[k];
			if (b->kind == BOX_TEXT && b->len > 0)
				collect_run(p, b->face, b->text, b->len);
		}
}

/* Record the code points of a face in the font drawing it and mark their
 * glyphs for libharu's subset. */
static void
mark_used(struct pdf *p, int face, HPDF_Font font)
{
	struct used	*u = used_for(p, font);
	uint32_t	 cp, i;
	unsigned	 m;

	/* a byte at a time: a face draws a few hundred of 65,536 */
	for (i = 0; i < 0x10000 / 8; i++) {
		if ((m = p->fbits[face][i] & ~u->bits[i] & 0xFFu) == 0)
			continue;
		u->bits[i] |= (uint8_t)m;
		for (cp = i * 8; m != 0; cp++, m >>= 1) {
			if (!(m & 1))
				continue;
			if (cp > u->max)
				u->max = cp;
			HPDF_TTFontDef_GetCharWidth(((HPDF_FontAttr)
			    font->attr)->fontdef, (HPDF_UINT16)cp);
		}
	}
}

/* 1 if the cid_map maps no code: so is libharu 2.3.0's UTF-8 encoder's
 * (its init overrides to_unicode_fn before adding its range, so the range
 * is not entered), apart from its first entries, which hold the UTF-8
 * parser's state (UTF8_STATE). */
#define UTF8_STATE	8

static int
cid_empty(HPDF_CMapEncoderAttr ea)
{
	unsigned	 l, h;

	for (l = 0; l < 256; l++)
		for (h = l == 0 ? UTF8_STATE : 0; h < 256; h++)
			if (ea->cid_map[l][h] != 0)
				return 0;
	return 1;
}

/*
 * Make the fonts of the faces drawn. For the UTF-8 encoder (whose
 * to_unicode_fn is its own), libharu's CIDFontType2_New looks each of the
 * 65,536 codes up in the font's cmap, a linear search over its segments,
 * to build a /W and a /CIDToGIDMap that fix_fonts replaces anyway: that
 * was half the time of a report. For an encoder with the default
 * to_unicode_fn it only looks up the codes its cid_map maps. So while the
 * fonts are made the encoder poses as one: the default to_unicode_fn and
 * a cid_map of the single code U+0020 (libharu refuses a font with no
 * code). Both are restored at once; libharu's text encoding and the
 * outline and information strings never see them.
 */
static int
make_fonts(struct pdf *p)
{
	HPDF_Encoder		 enc = HPDF_GetEncoder(p->doc, "UTF-8");
	HPDF_Encoder_ToUnicode_Func to_unicode = NULL;
	HPDF_CMapEncoderAttr	 ea = NULL;
	HPDF_UINT16		(*saved)[256] = NULL;
	HPDF_Font		 font;
	int			 face, rc = 0;

	if (enc != NULL && enc->type == HPDF_ENCODER_TYPE_DOUBLE_BYTE &&
	    (ea = enc->attr) != NULL) {
		if (!cid_empty(ea)) {	/* not libharu 2.3.0's: keep it */
			saved = xmalloc(sizeof(ea->cid_map));
			memcpy(saved, ea->cid_map, sizeof(ea->cid_map));
			memset(ea->cid_map[1], 0, sizeof(ea->cid_map) -
			    sizeof(ea->cid_map[0]));
		}
		ea->cid_map[' '][0] = ' ';
		to_unicode = enc->to_unicode_fn;
		enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	}
	for (face = 0; face < p->nfaces && rc == 0; face++) {
		if (p->fbits[face] == NULL)
			continue;
		if ((font = font_hpdf_font(p->fs, face)) == NULL)
			rc = fail(p, "cannot create font");
		else
			mark_used(p, face, font);
	}
	if (ea != NULL) {
		enc->to_unicode_fn = to_unicode;
		ea->cid_map[' '][0] = 0;
		if (saved != NULL)
			memcpy(ea->cid_map[1], saved[1], sizeof(ea->cid_map) -
			    sizeof(ea->cid_map[0]));
		free(saved);
	}
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

/* ---- compression ----
 *
 * libharu deflates every stream itself at its fixed zlib level 6, with
 * a new deflate state for each and after copying the data through its
 * memory streams a byte at a time. For the page contents and the
 * embedded font programs (FontFile2) we deflate at PDF_ZLEVEL instead and
 * hand libharu the compressed bytes with its filter set to NONE, so it
 * copies them as they are; the dictionary's write_fn, which libharu calls
 * after writing the entries, adds the /Filter /FlateDecode it then leaves
 * out. Level 4 against 6 on a 10-page report: deflate 3.8 -> 2.7 ms, the
 * PDF 2% larger (bench/RESULTS.md). ToUnicode and CIDToGIDMap (2% of the
 * bytes) stay with libharu.
 */

/* Replace what the stream of `d` holds by `data`, which libharu writes
 * through `filter` (deflating it when HPDF_STREAM_FILTER_FLATE_DECODE). */
static HPDF_STATUS
set_stream(HPDF_Dict d, const void *data, size_t len, HPDF_UINT filter)
{
	HPDF_MemStream_FreeData(d->stream);
	d->filter = filter;
	return HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len);
}

static HPDF_STATUS
flate_key(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Deflate the `n` chunks (ptr[i], len[i]) into `out` with `z` (set up
 * by deflateInit). Z_OK or a zlib error. */
static int
deflate_chunks(z_stream *z, const unsigned char *const *ptr,
    const size_t *len, int n, struct sbuf *out)
{
	unsigned char	 buf[16384];
	int		 i, rc = Z_OK;

	out->len = 0;
	if (deflateReset(z) != Z_OK)
		return Z_STREAM_ERROR;
	for (i = 0; i <= n && rc != Z_STREAM_END; i++) {
		z->next_in = (unsigned char *)(i < n ? ptr[i] : NULL);
		z->avail_in = i < n ? (uInt)len[i] : 0;
		do {
			z->next_out = buf;
			z->avail_out = sizeof(buf);
			rc = deflate(z, i < n ? Z_NO_FLUSH : Z_FINISH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				return rc;
			sbuf_add(out, (const char *)buf, sizeof(buf) -
			    z->avail_out);
		} while (z->avail_out == 0);
	}
	return Z_OK;
}

/* Replace what `d`'s stream holds by the chunks, deflated here and
 * marked so. */
static HPDF_STATUS
put_deflated(HPDF_Dict d, z_stream *z, struct sbuf *zout,
    const unsigned char *const *ptr, const size_t *len, int n)
{
	int	 rc;

	if ((rc = deflate_chunks(z, ptr, len, n, zout)) != Z_OK)
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, rc);
	d->write_fn = flate_key;
	return set_stream(d, zout->s, zout->len, HPDF_STREAM_FILTER_NONE);
}

/* The chunks of a libharu memory stream, to deflate without a copy. */
static int
mem_chunks(HPDF_Stream s, const unsigned char ***ptr, size_t **len)
{
	HPDF_UINT	 i, n = HPDF_MemStream_GetBufCount(s), l;
	HPDF_UINT32	 left = HPDF_Stream_Size(s);

	*ptr = xcalloc(n + 1, sizeof(**ptr));
	*len = xcalloc(n + 1, sizeof(**len));
	for (i = 0; i < n; i++) {
		(*ptr)[i] = HPDF_MemStream_GetBufPtr(s, i, &l);
		(*len)[i] = l < left ? l : left;
		left -= (HPDF_UINT32)(*len)[i];
	}
	return (int)n;
}

/*
 * libharu makes the FontFile2 of a Type0 font (the embedded subset) in
 * the font dictionary's before_write_fn, during HPDF_SaveToFile, and
 * writes it later in the same save. We run its function first, then
 * deflate the font program it made. Every such font has the same
 * function; it is kept here (a constant of the library once set).
 */
static HPDF_Dict_BeforeWriteFunc	 cid_before_write;

static HPDF_STATUS
cid_before_write_deflated(HPDF_Dict font)
{
	HPDF_FontAttr		 a = font->attr;
	HPDF_Dict		 file;
	const unsigned char	**ptr;
	size_t			*len;
	struct sbuf		 zout = { 0 };
	z_stream		 z;
	HPDF_STATUS		 rc;
	int			 n;

	if ((rc = cid_before_write(font)) != HPDF_OK)
		return rc;
	if (a->fontdef->descriptor == NULL || (file = HPDF_Dict_GetItem(
	    a->fontdef->descriptor, "FontFile2", HPDF_OCLASS_DICT)) == NULL ||
	    !(file->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
	    file->stream == NULL || file->stream->type != HPDF_STREAM_MEMORY)
		return HPDF_OK;
	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, PDF_ZLEVEL) != Z_OK)
		return HPDF_SetError(font->error, HPDF_ZLIB_ERROR, 0);
	n = mem_chunks(file->stream, &ptr, &len);
	rc = put_deflated(file, &z, &zout, ptr, len, n);
	deflateEnd(&z);
	free(ptr);
	free(len);
	sbuf_free(&zout);
	return rc;
}

static void
deflate_font_file(HPDF_Dict font)
{
	if (cid_before_write == NULL)
		cid_before_write = font->before_write_fn;
	if (cid_before_write != NULL &&
	    font->before_write_fn == cid_before_write)
		font->before_write_fn = cid_before_write_deflated;
}

/* ---- graphics ---- */

/*
 * Rules and rectangles are written into the page's content buffer p->cs
 * too (libharu's path operators format each number at some 1,500
 * instructions; tables draw thousands of rules). What libharu draws
 * itself (images) goes to the page's stream; take_page_stream moves it
 * into p->cs, and at the end of the page p->cs goes to the stream,
 * deflated (end_page).
 */
static void
take_page_stream(struct pdf *p)
{
	HPDF_PageAttr	 attr = p->page->attr;
	const unsigned char **ptr;
	size_t		*len;
	int		 i, n;

	if (HPDF_Stream_Size(attr->stream) == 0)
		return;
	n = mem_chunks(attr->stream, &ptr, &len);
	for (i = 0; i < n; i++)
		sbuf_add(&p->cs, (const char *)ptr[i], len[i]);
	free(ptr);
	free(len);
	HPDF_MemStream_FreeData(attr->stream);
}

static int
end_page(struct pdf *p)
{
	HPDF_PageAttr		 attr = p->page->attr;
	const unsigned char	*ptr;
	size_t			 len;

	if (!p->zinit) {
		if (deflateInit(&p->z, PDF_ZLEVEL) != Z_OK)
			return fail(p, "cannot start compressing");
		p->zinit = 1;
	}
	take_page_stream(p);
	ptr = (const unsigned char *)p->cs.s;
	len = p->cs.len;
	if (put_deflated(attr->contents, &p->z, &p->zout, &ptr, &len,
	    len > 0) != HPDF_OK)
		return fail(p, "cannot write the page");
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

/* The image of box b (its header was checked when the report was
 * loaded: b->image_kind), loaded once per file. */
static HPDF_Image
load_image(struct pdf *p, const struct box *b)
{
	const char	*path = b->path;
	HPDF_Image	 img;
	char		 buf[200];
	int		 i;

	for (i = 0; i < p->nimgs; i++)
		if (strcmp(p->imgs[i].path, path) == 0)
			return p->imgs[i].img;
	img = b->image_kind == IMAGE_PNG ?
	    HPDF_LoadPngImageFromFile(p->doc, path) :
	    HPDF_LoadJpegImageFromFile(p->doc, path);
	if (img == NULL) {
		diag_fail(p->diag, "%s: image \"%s\": %s", p->out, path,
		    font_hpdf_error(p->fs, buf, sizeof(buf)) ? buf : "?");
		return NULL;
	}
	if (p->nimgs == p->capimgs) {
		p->capimgs = p->capimgs ? 2 * p->capimgs : 8;
		p->imgs = xrealloc(p->imgs, p->capimgs * sizeof(*p->imgs));
	}
	p->imgs[p->nimgs].path = path;
	p->imgs[p->nimgs++].img = img;
	return img;
}

static int
draw_image(struct pdf *p, const struct box *b)
{
	HPDF_Image	 img;

	if ((img = load_image(p, b)) == NULL)
		return -1;
	if (HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)b->x,
	    (HPDF_REAL)(p->height - b->y - b->h), (HPDF_REAL)b->w,
	    (HPDF_REAL)b->h) != HPDF_OK)
		return fail(p, "cannot draw an image");
	take_page_stream(p);
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
 */

/* The run as a literal string of 2-byte codes. */
static void
put_string(struct pdf *p, const struct box *b)
{
	struct sbuf	*cs = &p->cs;
	char		 buf[64];
	size_t		 i = 0, n = 0;
	uint32_t	 cp;
	int		 k;

	sbuf_add(cs, "(", 1);
	while (i < b->len) {
		cp = txt_next(b->text, b->len, &i);
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
		if (n > sizeof(buf) - 8 || i >= b->len) {
			sbuf_add(cs, buf, n);
			n = 0;
		}
	}
	sbuf_add(cs, ")", 1);
}

static void
tj_close(struct pdf *p)
{
	if (p->tj)
		sbuf_add(&p->cs, "]TJ\n", 4);
	p->tj = 0;
}

static int
set_font(struct pdf *p, const struct box *b)
{
	HPDF_Font	 font;
	const char	*name;

	if ((font = font_hpdf_font(p->fs, b->face)) == NULL)
		return fail(p, "cannot create font");
	if (font == p->font && b->size == p->size)
		return 0;
	tj_close(p);
	if ((name = HPDF_Page_GetLocalFontName(p->page, font)) == NULL)
		return fail(p, "cannot set font");
	sbuf_printf(&p->cs, "/%s ", name);
	put_num(&p->cs, b->size);
	sbuf_add(&p->cs, " Tf\n", 4);
	p->font = font;
	p->size = b->size;
	return 0;
}

static int
draw_text(struct pdf *p, const struct box *b)
{
	long	 adj;

	if (set_font(p, b) != 0)
		return -1;
	if (p->tj && b->y == p->ty && b->x > p->tx - 1) {
		adj = lround((p->tx - b->x) * 1000 / b->size);
		if (adj != 0)
			put_int(&p->cs, adj);
		p->tx -= (double)adj * b->size / 1000;
	} else {
		tj_close(p);
		sbuf_add(&p->cs, "1 0 0 1 ", 8);
		p->tx = put_num(&p->cs, b->x);
		sbuf_add(&p->cs, " ", 1);
		put_num(&p->cs, p->height - b->y);
		sbuf_add(&p->cs, " Tm\n[", 5);
		p->ty = b->y;
		p->tj = 1;
	}
	put_string(p, b);
	/* The same /W widths the viewer adds up (font.c). */
	p->tx += font_width(p->fs, b->face, b->text, b->len, b->size);
	return 0;
}

/* All text of a page in one BT/ET, black. */
static int
draw_texts(struct pdf *p, const struct page *pg)
{
	int	 i, rc = 0, any = 0;

	p->tj = 0;
	for (i = 0; i < pg->nboxes && rc == 0; i++) {
		if (pg->boxes[i].kind != BOX_TEXT || pg->boxes[i].len == 0)
			continue;
		if (!any++) {
			set_fill(p, 0);		/* text is black */
			sbuf_add(&p->cs, "BT\n", 3);
		}
		rc = draw_text(p, &pg->boxes[i]);
	}
	if (rc != 0 || !any)
		return rc;
	tj_close(p);
	sbuf_add(&p->cs, "ET\n", 3);
	return 0;
}

static int
draw_page(struct pdf *p, const struct doc *d, const struct page *pg,
    HPDF_Page *out)
{
	if ((p->page = HPDF_AddPage(p->doc)) == NULL ||
	    HPDF_Page_SetWidth(p->page, (HPDF_REAL)d->width) != HPDF_OK ||
	    HPDF_Page_SetHeight(p->page, (HPDF_REAL)d->height) != HPDF_OK)
		return fail(p, "cannot add a page");
	*out = p->page;
	p->font = NULL;
	p->size = -1;
	p->fill = p->stroke = 0;	/* PDF initial gray is black */
	p->lw = 1;			/* and line width 1 */
	p->cs.len = 0;
	if (draw_graphics(p, pg) != 0 || draw_texts(p, pg) != 0)
		return -1;
	return end_page(p);
}

/* ---- outline ---- */

/* [page /XYZ 0 top null]: null zoom keeps the reader's zoom, which
 * HPDF_Destination_SetXYZ cannot express (it wants 0.08 .. 32). */
static HPDF_STATUS
set_xyz(struct pdf *p, HPDF_Destination dst, double top)
{
	HPDF_Dict	 page;
	HPDF_STATUS	 rc = HPDF_OK;

	page = HPDF_Array_GetItem(dst, 0, HPDF_OCLASS_DICT);
	if (page == NULL)
		return HPDF_INVALID_DESTINATION;
	HPDF_Array_Clear(dst);
	rc |= HPDF_Array_Add(dst, page);
	rc |= HPDF_Array_AddName(dst, "XYZ");
	rc |= HPDF_Array_AddReal(dst, 0);
	rc |= HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	rc |= HPDF_Array_Add(dst, HPDF_Null_New(p->doc->mmgr));
	return rc;
}

static int
outline(struct pdf *p, const struct doc *d, HPDF_Page *pages)
{
	HPDF_Outline		 stack[4] = { NULL, NULL, NULL, NULL }, o;
	HPDF_Destination	 dst;
	HPDF_Encoder		 enc = HPDF_GetCurrentEncoder(p->doc);
	const struct outline	*e;
	int			 i, lv, k;

	for (i = 0; i < d->noutline; i++) {
		e = &d->outline[i];
		if (e->page < 0 || e->page >= d->npages || e->title == NULL)
			continue;
		lv = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
		for (k = lv - 1; k > 0 && stack[k] == NULL; k--)
			continue;
		o = HPDF_CreateOutline(p->doc, stack[k], e->title, enc);
		dst = HPDF_Page_CreateDestination(pages[e->page]);
		if (o == NULL || dst == NULL ||
		    set_xyz(p, dst, d->height - e->y) != HPDF_OK ||
		    HPDF_Outline_SetDestination(o, dst) != HPDF_OK ||
		    HPDF_Outline_SetOpened(o, lv == 1) != HPDF_OK)
			return fail(p, "cannot add a bookmark");
		stack[lv] = o;
		for (k = lv + 1; k < 4; k++)
			stack[k] = NULL;
	}
	return 0;
}

/* ---- document information ---- */

static int
info(struct pdf *p, const struct report *r)
{
	const struct meta	*m = &r->meta;
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
	return rc == HPDF_OK ? 0 : fail(p, "cannot set document information");
}

/* ---- font repair: ToUnicode, /W, /CIDToGIDMap ---- */

static int
is_used(const struct used *u, uint32_t cp)
{
	return (u->bits[cp >> 3] >> (cp & 7)) & 1;
}

/* End of the bfrange starting at cp: consecutive used code points that
 * differ only in the last byte. */
static uint32_t
range_end(const struct used *u, uint32_t cp)
{
	uint32_t	 e = cp;

	while (e < u->max && ((e + 1) & 0xFF) != 0 && is_used(u, e + 1))
		e++;
	return e;
}

static void
cmap_flush(struct sbuf *b, struct sbuf *blk, int *n, const char *kind)
{
	if (*n == 0)
		return;
	sbuf_printf(b, "%d begin%s\n", *n, kind);
	sbuf_add(b, blk->s, blk->len);
	sbuf_printf(b, "end%s\n", kind);
	blk->len = 0;
	*n = 0;
}

/* The bfrange entries (ranges = 1) or the bfchar entries (ranges = 0). */
static void
cmap_blocks(struct sbuf *b, const struct used *u, int ranges)
{
	const char	*kind = ranges ? "bfrange" : "bfchar";
	struct sbuf	 blk = { 0 };
	uint32_t	 cp, e;
	int		 n = 0;

	for (cp = 0; cp <= u->max; cp = e + 1) {
		e = is_used(u, cp) ? range_end(u, cp) : cp;
		if (!is_used(u, cp) || (e > cp) != ranges)
			continue;
		if (ranges)
			sbuf_printf(&blk, "<%04X> <%04X> <%04X>\n",
			    (unsigned)cp, (unsigned)e, (unsigned)cp);
		else
			sbuf_printf(&blk, "<%04X> <%04X>\n", (unsigned)cp,
			    (unsigned)cp);
		if (++n == CMAP_BLOCK)
			cmap_flush(b, &blk, &n, kind);
	}
	cmap_flush(b, &blk, &n, kind);
	sbuf_free(&blk);
}

static void
cmap_text(struct sbuf *b, const struct used *u)
{
	sbuf_adds(b, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	cmap_blocks(b, u, 1);
	cmap_blocks(b, u, 0);
	sbuf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource "
	    "pop\nend\nend\n");
}

static int
fix_tounicode(struct pdf *p, const struct used *u)
{
	static const char *const drop[] = {
		"Type", "CMapName", "CIDSystemInfo", "WMode", "UseCMap"
	};
	struct sbuf	 b = { 0 };
	HPDF_Dict	 tu;
	HPDF_STATUS	 rc;
	size_t		 i;

	tu = HPDF_Dict_GetItem(u->font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL || tu->stream == NULL) {
		tu = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
		if (tu == NULL ||
		    HPDF_Dict_Add(u->font, "ToUnicode", tu) != HPDF_OK)
			return fail(p, "cannot write ToUnicode");
	}
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		HPDF_Dict_RemoveElement(tu, drop[i]);
	cmap_text(&b, u);
	rc = set_stream(tu, b.s, b.len, HPDF_STREAM_FILTER_FLATE_DECODE);
	sbuf_free(&b);
	return rc == HPDF_OK ? 0 : fail(p, "cannot write ToUnicode");
}

static int
fix_widths(struct pdf *p, const struct used *u, HPDF_FontDef def,
    HPDF_Dict desc)
{
	HPDF_Array	 w, run = NULL;
	HPDF_STATUS	 rc = HPDF_OK;
	uint32_t	 cp;
	int		 n = 0;

	if ((w = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return fail(p, "cannot write widths");
	for (cp = 0; cp <= u->max && rc == HPDF_OK; cp++) {
		if (!is_used(u, cp)) {
			run = NULL;
			continue;
		}
		if (run == NULL || n == W_RUN) {
			if ((run = HPDF_Array_New(p->doc->mmgr)) == NULL)
				return fail(p, "cannot write widths");
			rc |= HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
			rc |= HPDF_Array_Add(w, run);
			n = 0;
		}
		rc |= HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def,
		    HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp)));
		n++;
	}
	if (rc != HPDF_OK || HPDF_Dict_Add(desc, "W", w) != HPDF_OK)
		return fail(p, "cannot write widths");
	return 0;
}

static int
fix_gidmap(struct pdf *p, const struct used *u, HPDF_FontDef def,
    HPDF_Dict map)
{
	uint8_t		*buf;
	size_t		 n = (size_t)u->max + 1;
	uint32_t	 cp;
	HPDF_UINT16	 gid;
	HPDF_STATUS	 rc;

	if (map == NULL || map->stream == NULL)
		return 0;
	buf = xcalloc(n, 2);
	for (cp = 0; cp < n; cp++)
		if (is_used(u, cp)) {
			gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
			buf[2 * cp] = (uint8_t)(gid >> 8);
			buf[2 * cp + 1] = (uint8_t)gid;
		}
	rc = set_stream(map, buf, 2 * n, HPDF_STREAM_FILTER_FLATE_DECODE);
	free(buf);
	return rc == HPDF_OK ? 0 : fail(p, "cannot write CIDToGIDMap");
}

static int
fix_fonts(struct pdf *p)
{
	HPDF_FontAttr	 a;
	int		 i;

	for (i = 0; i < p->nused; i++) {
		a = p->used[i].font->attr;
		if (a->type != HPDF_FONT_TYPE0_TT || a->descendant_font == NULL)
			continue;
		deflate_font_file(p->used[i].font);
		if (fix_tounicode(p, &p->used[i]) != 0 ||
		    fix_widths(p, &p->used[i], a->fontdef,
		    a->descendant_font) != 0 ||
		    fix_gidmap(p, &p->used[i], a->fontdef, a->map_stream) != 0)
			return -1;
	}
	return 0;
}

/* ---- entry ---- */

/* Save, naming the system's reason (disk full, file size limit) when
 * there is one: libharu only reports its own error codes. */
static int
save(struct pdf *p)
{
	char	 what[160];
	int	 e;

	errno = 0;
	if (HPDF_SaveToFile(p->doc, p->out) == HPDF_OK)
		return 0;
	e = errno;
	snprintf(what, sizeof(what), "cannot save the PDF%s%s%s",
	    e != 0 ? " (" : "", e != 0 ? strerror(e) : "", e != 0 ? ")" : "");
	return fail(p, what);
}

static int
write_doc(struct pdf *p, const struct doc *d, const struct report *r)
{
	HPDF_Page	*pages;
	int		 i, rc = 0;

	p->doc->pdf_version = HPDF_VER_14;
	if (HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL) != HPDF_OK)
		return fail(p, "cannot enable compression");
	if (info(p, r) != 0)
		return -1;
	collect(p, d);
	if (make_fonts(p) != 0)
		return -1;
	pages = xcalloc(d->npages > 0 ? (size_t)d->npages : 1,
	    sizeof(*pages));
	for (i = 0; i < d->npages && rc == 0; i++)
		rc = draw_page(p, d, &d->pages[i], &pages[i]);
	if (rc == 0)
		rc = outline(p, d, pages);
	free(pages);
	if (rc == 0)
		rc = fix_fonts(p);
	if (rc == 0)
		rc = save(p);
	return rc;
}

int
pdf_write(const struct doc *d, const struct report *r, struct fontset *fs,
    const char *path, struct diag *diag)
{
	struct pdf	 p;
	int		 i, rc;

	memset(&p, 0, sizeof(p));
	p.doc = font_hpdf_doc(fs);
	p.fs = fs;
	p.diag = diag;
	p.out = path;
	p.height = d->height;
	if (p.doc == NULL) {
		diag_fail(diag, "%s: no PDF document", path);
		return -1;
	}
	rc = write_doc(&p, d, r);
	for (i = 0; i < p.nfaces; i++)
		free(p.fbits[i]);
	free(p.fbits);
	for (i = 0; i < p.nused; i++)
		free(p.used[i].bits);
	free(p.used);
	free(p.imgs);
	sbuf_free(&p.cs);
	sbuf_free(&p.zout);
	if (p.zinit)
		deflateEnd(&p.z);
	return rc;
}
