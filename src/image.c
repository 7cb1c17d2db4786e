/*
 * image.c - images as users bring them: a phone photo's EXIF orientation,
 * JPEG and PNG decoding, reduction to 300 dpi at the placed size, and
 * what pdf.c embeds (image.h).
 *
 * The PDF keeps an image's pixels as the file stores them; its EXIF
 * orientation is applied by the placement matrix (img_place), so a photo
 * that needs nothing else goes into the PDF as the file's own JPEG bytes,
 * untouched. Only what must change is decoded: a JPEG above 300 dpi at
 * its placed size, or in CMYK (PDF/A wants no CMYK without an output
 * intent for it, so CMYK becomes RGB), is decoded with libjpeg-turbo,
 * reduced by area averaging (each pixel kept is the average of the
 * source area it covers; libjpeg's DCT scaling first halves a large
 * photo as often as the target allows) and encoded again as a baseline
 * JPEG of quality IMG_QUALITY. A PNG is always decoded (libpng) into
 * raw samples, grey or RGB, and its alpha into a separate mask, both of
 * which pdf.c has libharu Flate-compress; a fully opaque alpha channel is
 * dropped.
 *
 * libjpeg reports a fatal error by calling a function that must not
 * return: ours longjmps back to the decoder's setjmp, whose state lives
 * in heap memory (struct jctx), so nothing changed after setjmp is a
 * local variable. Its warnings (corrupt data it can still decode) are
 * silenced: validate.c checked the header, and what decodes is drawn.
 * Return convention: 0 = ok, -1 = failed with the reason in `why`.
 */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "image.h"
#include "model.h"

#define IMG_QUALITY	85	/* JPEG quality of a re-encoded photo */
#define IMG_DPI_SLACK	1.01	/* up to 1% above 300 dpi is kept as is */

/* ---- libraries opened on first use ----
 *
 * libexif, libjpeg and libpng are opened when an image first needs them
 * (dlopen, RTLD_LOCAL), not linked: a linked library costs every run at
 * start-up, images or not - libexif its 2,700 relocations, and each one
 * more object early in the global scope, which the dynamic linker
 * searches for every symbol of ICU and the others (0.6 M instructions for
 * libexif and libjpeg, 0.05 M for libpng, which libharu loads anyway but
 * later in the scope; bench/RESULTS.md, issue 14). A library opened stays loaded for the
 * process (dlopen counts references; it is never closed), so a later
 * call only looks its functions up. Each function pointer is declared
 * with the type of the library's own prototype (__typeof__), so a call
 * through it is checked as a direct call would be.
 */

/* Fill the n function pointers at fns (names[i] into fns[i], each a
 * pointer to a function pointer) from library `soname`. -1 with the
 * reason in why when it cannot be. */
static int
lib_open(const char *soname, const char *const *names, void *const *fns,
    int n, char *why, size_t whysz)
{
	void	*h, *f;
	int	 i;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(why, whysz, _("cannot be read here: %s is missing "
		    "(%s)"), soname, dlerror());
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((f = dlsym(h, names[i])) == NULL) {
			snprintf(why, whysz, _("cannot be read here: %s has "
			    "no %s"), soname, names[i]);
			return -1;
		}
		/* POSIX: dlsym's void * holds a function's address */
		memcpy(fns[i], &f, sizeof(f));
	}
	return 0;
}

#define IMG_LIBEXIF	"libexif.so.12"		/* Debian: libexif12 */

struct exif_api {
	__typeof__(&exif_data_new)		 data_new;
	__typeof__(&exif_data_unset_option)	 unset_option;
	__typeof__(&exif_data_load_data)	 load_data;
	__typeof__(&exif_content_get_entry)	 get_entry;
	__typeof__(&exif_data_get_byte_order)	 byte_order;
	__typeof__(&exif_get_short)		 get_short;
	__typeof__(&exif_data_unref)		 unref;
};

static int
open_libexif(struct exif_api *x)
{
	static const char *const names[] = { "exif_data_new",
	    "exif_data_unset_option", "exif_data_load_data",
	    "exif_content_get_entry", "exif_data_get_byte_order",
	    "exif_get_short", "exif_data_unref" };
	void *const	 fns[] = { &x->data_new, &x->unset_option,
	    &x->load_data, &x->get_entry, &x->byte_order, &x->get_short,
	    &x->unref };
	char		 why[200];

	return lib_open(IMG_LIBEXIF, names, fns, 7, why, sizeof(why));
}

#define IMG_LIBJPEG	"libjpeg.so.62"		/* Debian: libjpeg62-turbo */

struct jpeg_api {
	__typeof__(&jpeg_std_error)		 std_error;
	__typeof__(&jpeg_CreateDecompress)	 create_decompress;
	__typeof__(&jpeg_mem_src)		 mem_src;
	__typeof__(&jpeg_read_header)		 read_header;
	__typeof__(&jpeg_calc_output_dimensions) calc_output_dimensions;
	__typeof__(&jpeg_start_decompress)	 start_decompress;
	__typeof__(&jpeg_read_scanlines)	 read_scanlines;
	__typeof__(&jpeg_finish_decompress)	 finish_decompress;
	__typeof__(&jpeg_destroy_decompress)	 destroy_decompress;
	__typeof__(&jpeg_CreateCompress)	 create_compress;
	__typeof__(&jpeg_mem_dest)		 mem_dest;
	__typeof__(&jpeg_set_defaults)		 set_defaults;
	__typeof__(&jpeg_set_quality)		 set_quality;
	__typeof__(&jpeg_start_compress)	 start_compress;
	__typeof__(&jpeg_write_scanlines)	 write_scanlines;
	__typeof__(&jpeg_finish_compress)	 finish_compress;
	__typeof__(&jpeg_destroy_compress)	 destroy_compress;
};

static int
open_libjpeg(struct jpeg_api *l, char *why, size_t whysz)
{
	static const char *const names[] = { "jpeg_std_error",
	    "jpeg_CreateDecompress", "jpeg_mem_src", "jpeg_read_header",
	    "jpeg_calc_output_dimensions", "jpeg_start_decompress",
	    "jpeg_read_scanlines", "jpeg_finish_decompress",
	    "jpeg_destroy_decompress", "jpeg_CreateCompress",
	    "jpeg_mem_dest", "jpeg_set_defaults", "jpeg_set_quality",
	    "jpeg_start_compress", "jpeg_write_scanlines",
	    "jpeg_finish_compress", "jpeg_destroy_compress" };
	void *const	 fns[] = { &l->std_error, &l->create_decompress,
	    &l->mem_src, &l->read_header, &l->calc_output_dimensions,
	    &l->start_decompress, &l->read_scanlines,
	    &l->finish_decompress, &l->destroy_decompress,
	    &l->create_compress, &l->mem_dest, &l->set_defaults,
	    &l->set_quality, &l->start_compress, &l->write_scanlines,
	    &l->finish_compress, &l->destroy_compress };

	return lib_open(IMG_LIBJPEG, names, fns, 17, why, whysz);
}

#define IMG_LIBPNG	"libpng16.so.16"	/* Debian: libpng16-16 */

struct png_api {
	__typeof__(&png_image_begin_read_from_memory)	 begin_read;
	__typeof__(&png_image_finish_read)		 finish_read;
	__typeof__(&png_image_free)			 free;
};

static int
open_libpng(struct png_api *l, char *why, size_t whysz)
{
	static const char *const names[] = {
	    "png_image_begin_read_from_memory", "png_image_finish_read",
	    "png_image_free" };
	void *const	 fns[] = { &l->begin_read, &l->finish_read, &l->free };

	return lib_open(IMG_LIBPNG, names, fns, 3, why, whysz);
}

/* ---- orientation ---- */

void
img_upright(const struct image *im, long *w, long *h)
{
	int	 swap = im->orient >= 5 && im->orient <= 8;

	*w = swap ? im->px_h : im->px_w;
	*h = swap ? im->px_w : im->px_h;
}

int
img_exif_orient(const unsigned char *p, size_t len)
{
	struct exif_api	 x;
	ExifData	*ed;
	ExifEntry	*e;
	int		 o = 1;

	if (open_libexif(&x) == -1)
		return 0;
	if (len < 14 || len > 65535 || (ed = x.data_new()) == NULL)
		return 1;
	x.unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	x.load_data(ed, p, (unsigned int)len);
	e = x.get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e != NULL && e->format == EXIF_FORMAT_SHORT && e->components >= 1 &&
	    e->data != NULL && e->size >= 2)
		o = x.get_short(e->data, x.byte_order(ed));
	x.unref(ed);
	return o >= 1 && o <= 8 ? o : 1;
}

/*
 * EXIF orientation n says where the stored image's first row and first
 * column belong when it is viewed upright: 1 top/left (as stored),
 * 2 top/right (mirrored), 3 bottom/right (turned 180), 4 bottom/left,
 * 5 left/top (transposed), 6 right/top (stored turned 90 degrees
 * anticlockwise: turn it clockwise), 7 right/bottom, 8 left/bottom.
 * With (s, t) in the image's unit square (s along the stored rows, t up
 * from the stored last row, as PDF draws images) and (X, Y) the upright
 * fractions (X from the left, Y from the top), the rows below give X and
 * Y; the page point is (x + X w, y + (1 - Y) h).
 */
void
img_place(int orient, double x, double y, double w, double h, double m[6])
{
	/* per orientation: a b c d e f with w, h and x, y applied below;
	 * a, c scale w; b, d scale h; e adds x + e w; f adds y + f h */
	static const signed char t[8][6] = {
		{ 1, 0, 0, 1, 0, 0 },	/* 1: X = s,	 Y = 1 - t */
		{ -1, 0, 0, 1, 1, 0 },	/* 2: X = 1 - s, Y = 1 - t */
		{ -1, 0, 0, -1, 1, 1 },	/* 3: X = 1 - s, Y = t */
		{ 1, 0, 0, -1, 0, 1 },	/* 4: X = s,	 Y = t */
		{ 0, -1, -1, 0, 1, 1 },	/* 5: X = 1 - t, Y = s */
		{ 0, -1, 1, 0, 0, 1 },	/* 6: X = t,	 Y = s */
		{ 0, 1, 1, 0, 0, 0 },	/* 7: X = t,	 Y = 1 - s */
		{ 0, 1, -1, 0, 1, 0 }	/* 8: X = 1 - t, Y = 1 - s */
	};
	const signed char *r = t[orient >= 1 && orient <= 8 ? orient - 1 : 0];

	m[0] = r[0] * w;
	m[1] = r[1] * h;
	m[2] = r[2] * w;
	m[3] = r[3] * h;
	m[4] = x + r[4] * w;
	m[5] = y + r[5] * h;
}

/* ---- placed size: 300 dpi at most, a warning below 150 ---- */

void
img_fit(const struct image *im, double w_pt, struct img_fit *f)
{
	long	 uw, uh, tw, th;

	img_upright(im, &uw, &uh);
	f->dpi = w_pt > 0 ? uw * 72.0 / w_pt : 0;
	f->reduced = f->dpi > IMG_DPI * IMG_DPI_SLACK;
	tw = uw;
	th = uh;
	if (f->reduced) {
		tw = lround(w_pt * IMG_DPI / 72.0);
		th = lround((double)uh * (double)tw / (double)uw);
		tw = tw < 1 ? 1 : tw > uw ? uw : tw;
		th = th < 1 ? 1 : th > uh ? uh : th;
	}
	f->w = im->orient >= 5 && im->orient <= 8 ? th : tw;
	f->h = im->orient >= 5 && im->orient <= 8 ? tw : th;
}

const char *
img_key(const struct image *im)
{
	return im->key != NULL ? im->key : "image.file";
}

void
img_warn(struct diag *d, const struct image *im, double w_pt)
{
	struct img_fit	 f;
	long		 uw, uh;
	double		 mm = w_pt * 25.4 / 72.0;
	const char	*key = img_key(im);

	if (d == NULL)
		return;
	img_fit(im, w_pt, &f);
	img_upright(im, &uw, &uh);
	if (f.reduced)
		diag_warn(d, im->mark, "%s: \"%s\" has %ld x %ld pixels, "
		    "more than a print %.0f mm wide can show (%.0f dots per "
		    "inch); the PDF keeps it at %d dots per inch (%ld x %ld "
		    "pixels)", key, im->file, uw, uh, mm, f.dpi, IMG_DPI,
		    im->orient >= 5 ? f.h : f.w, im->orient >= 5 ? f.w : f.h);
	else if (f.dpi < IMG_DPI_SHARP && strncmp(key, "signature.", 10) == 0)
		/* its size is the gap's or seal_size: scan it finer */
		diag_warn(d, im->mark, "%s: \"%s\" has only %ld x %ld "
		    "pixels: printed %.0f mm wide it has %.0f dots per inch "
		    "and will look blurred (a sharp print needs %d); scan it "
		    "again at %d dots per inch", key, im->file, uw, uh, mm,
		    f.dpi, IMG_DPI_SHARP, IMG_DPI);
	else if (f.dpi < IMG_DPI_SHARP)
		diag_warn(d, im->mark, "%s: \"%s\" has only %ld x %ld "
		    "pixels: printed %.0f mm wide it has %.0f dots per inch "
		    "and will look blurred (a sharp print needs %d); use a "
		    "larger image, or make it at most %.0f mm wide", key,
		    im->file, uw, uh, mm, f.dpi, IMG_DPI_SHARP,
		    floor(uw * 25.4 / IMG_DPI_SHARP));
}

/* ---- area-averaging reduction ----
 *
 * Source pixel i covers [i, i + 1), kept pixel o covers [o f, (o + 1) f)
 * with f = source / kept >= 1, so a source pixel falls on at most two
 * kept pixels: xw[i] of it to xo[i], the rest to xo[i] + 1 (hrow has a
 * spare pixel at the end for the rest of the last, which is 0). Rows
 * are reduced across as they come, then summed into the kept row they
 * fall on (acc) and the next (next). With alpha (the last channel)
 * colours are weighted by it (premultiplied in `src`), so what is
 * transparent does not tint the edges.
 */
struct rz {
	long		 sw, sh, dw, dh;
	int		 nc, alpha;
	double		 fx, fy;
	long		*xo;		/* kept pixel's first sample, per source
					   pixel */
	float		*xw;
	float		*src;		/* a source row as floats: sw * nc */
	float		*hrow;		/* (dw + 1) * nc */
	float		*acc, *next;	/* dw * nc each */
	long		 sy, oy;	/* source rows taken, kept row summed */
	unsigned char	*out;		/* dw * dh * nc */
};

static void
rz_init(struct rz *z, long sw, long sh, long dw, long dh, int nc, int alpha)
{
	long	 x, o;
	double	 b;
	size_t	 n = (size_t)dw * (size_t)nc;

	memset(z, 0, sizeof(*z));
	z->sw = sw, z->sh = sh, z->dw = dw, z->dh = dh;
	z->nc = nc;
	z->alpha = alpha;
	z->fx = (double)sw / (double)dw;
	z->fy = (double)sh / (double)dh;
	z->out = xmalloc(n * (size_t)dh);
	if (sw == dw && sh == dh)
		return;		/* kept as is: rz_row copies */
	z->xo = xmalloc((size_t)sw * sizeof(*z->xo));
	z->xw = xmalloc((size_t)sw * sizeof(*z->xw));
	for (x = 0; x < sw; x++) {
		o = (long)(x / z->fx);
		o = o < dw ? o : dw - 1;
		b = (double)(o + 1) * z->fx;
		z->xo[x] = o * nc;
		z->xw[x] = o == dw - 1 || x + 1 <= b ? 1.0f : (float)(b - x);
	}
	if (alpha)
		z->src = xmalloc((size_t)sw * (size_t)nc * sizeof(float));
	z->hrow = xmalloc((n + (size_t)nc) * sizeof(float));
	z->acc = xcalloc(n, sizeof(float));
	z->next = xcalloc(n, sizeof(float));
}

static void
rz_free(struct rz *z)
{
	free(z->xo);
	free(z->xw);
	free(z->src);
	free(z->hrow);
	free(z->acc);
	free(z->next);
	free(z->out);
	memset(z, 0, sizeof(*z));
}

/* A source row of nc channels (a constant at each call, so the compiler
 * unrolls the channel loop) reduced across into z->hrow: from bytes u,
 * or without u from z->src (premultiplied floats). */
static inline void
rz_across_n(struct rz *z, const unsigned char *u, int nc)
{
	const float	*s = z->src;
	float		*h, w, r, v;
	long		 x, i = 0;
	int		 c;

	memset(z->hrow, 0, (size_t)(z->dw + 1) * (size_t)nc * sizeof(float));
	for (x = 0; x < z->sw; x++) {
		h = z->hrow + z->xo[x];
		w = z->xw[x];
		r = 1.0f - w;
		for (c = 0; c < nc; c++, i++) {
			v = u != NULL ? u[i] : s[i];
			h[c] += w * v;
			h[nc + c] += r * v;
		}
	}
}

/* The source row reduced across into z->hrow. */
static void
rz_across(struct rz *z, const unsigned char *src)
{
	long	 i, n = z->sw * z->nc;
	int	 c, nc = z->nc;

	if (z->alpha) {		/* colours weighted by their alpha */
		for (i = 0; i < n; i += nc) {
			for (c = 0; c < nc - 1; c++)
				z->src[i + c] = (float)src[i + c] *
				    src[i + nc - 1];
			z->src[i + nc - 1] = src[i + nc - 1];
		}
		if (nc == 2)
			rz_across_n(z, NULL, 2);
		else
			rz_across_n(z, NULL, 4);
	} else if (nc == 1)
		rz_across_n(z, src, 1);
	else
		rz_across_n(z, src, 3);
}

/* v rounded into 0..255. */
static unsigned char
rz_byte(float v)
{
	int	 i = (int)(v + 0.5f);

	return (unsigned char)(i < 0 ? 0 : i > 255 ? 255 : i);
}

/* Kept row z->oy from z->acc. */
static void
rz_emit(struct rz *z)
{
	unsigned char	*out = z->out + (size_t)z->oy * (size_t)z->dw * z->nc;
	const float	*acc = z->acc;	/* a local: out, a char *, could
					   alias z's fields */
	float		 norm = (float)(1.0 / (z->fx * z->fy)), a;
	long		 i, n = z->dw * z->nc;
	int		 c, nc = z->nc;

	if (!z->alpha) {
		for (i = 0; i < n; i++)
			out[i] = rz_byte(acc[i] * norm);
		return;
	}
	for (i = 0; i < n; i += nc) {
		a = acc[i + nc - 1];
		for (c = 0; c < nc - 1; c++)
			out[i + c] = rz_byte(a > 0 ? acc[i + c] / a : 0);
		out[i + nc - 1] = rz_byte(a * norm);
	}
}

/* Take the next source row. */
static void
rz_row(struct rz *z, const unsigned char *src)
{
	long	 i, n = z->dw * z->nc, y = z->sy++;
	double	 b;
	float	 w, *t;

	if (z->xo == NULL) {
		memcpy(z->out + (size_t)y * (size_t)n, src, (size_t)n);
		return;
	}
	rz_across(z, src);
	b = (double)(z->oy + 1) * z->fy;
	if (z->oy == z->dh - 1 || y + 1 < b - 1e-6) {
		for (i = 0; i < n; i++)
			z->acc[i] += z->hrow[i];
		return;
	}
	w = (float)(b - y);
	for (i = 0; i < n; i++) {
		z->acc[i] += w * z->hrow[i];
		z->next[i] += (1.0f - w) * z->hrow[i];
	}
	rz_emit(z);
	t = z->acc, z->acc = z->next, z->next = t;
	memset(z->next, 0, (size_t)n * sizeof(float));
	z->oy++;
}

/* After the last source row: the last kept row (and, should rounding
 * have left any, copies of it). */
static void
rz_finish(struct rz *z)
{
	size_t	 n = (size_t)z->dw * (size_t)z->nc;

	if (z->xo == NULL || z->oy >= z->dh)
		return;
	rz_emit(z);
	for (z->oy++; z->oy < z->dh; z->oy++)
		memcpy(z->out + (size_t)z->oy * n,
		    z->out + (size_t)(z->oy - 1) * n, n);
}

/* ---- JPEG: decoded with libjpeg-turbo, reduced, encoded again ---- */

/* One JPEG's decoder and encoder; pub first, as libjpeg's error
 * functions are handed it. */
struct jctx {
	struct jpeg_error_mgr		 pub;
	jmp_buf				 jb;
	char				 msg[JMSG_LENGTH_MAX];
	struct jpeg_decompress_struct	 d;
	struct jpeg_compress_struct	 c;
	struct jpeg_api			 l;	/* libjpeg, opened */
	int				 dinit, cinit;
	struct rz			 z;
	unsigned char			*row, *rgb;
	unsigned char			*mem;	/* jpeg_mem_dest's, malloc'd */
	unsigned long			 mlen;
};

static void
j_exit(j_common_ptr ci)
{
	struct jctx	*j = (struct jctx *)(void *)ci->err;

	(*ci->err->format_message)(ci, j->msg);
	longjmp(j->jb, 1);
}

static void
j_quiet(j_common_ptr ci)
{
	(void)ci;
}

/*
 * CMYK (and YCCK, which libjpeg turns into CMYK) to RGB, so no CMYK
 * reaches the PDF. Adobe's software writes CMYK JPEGs with every ink
 * inverted (255 = no ink) and marks them with its APP14 "Adobe" segment,
 * which libjpeg reports as saw_Adobe_marker; other writers store the ink
 * as it is. `white` below is the paper left by each ink (the stored value
 * with the marker, 255 minus it without), and a channel of RGB is the
 * paper its ink and black leave together: R = white(C) white(K) / 255.
 * That is the plain conversion without a colour profile (no CMYK
 * profile of the file's is applied).
 */
static void
cmyk_rgb(const unsigned char *s, unsigned char *d, long n, int adobe)
{
	unsigned	 c, m, y, k;

	for (; n > 0; n--, s += 4, d += 3) {
		c = adobe ? s[0] : 255u - s[0];
		m = adobe ? s[1] : 255u - s[1];
		y = adobe ? s[2] : 255u - s[2];
		k = adobe ? s[3] : 255u - s[3];
		d[0] = (unsigned char)((c * k + 127) / 255);
		d[1] = (unsigned char)((m * k + 127) / 255);
		d[2] = (unsigned char)((y * k + 127) / 255);
	}
}

/* The largest of libjpeg's DCT scalings 1/8, 1/4, 1/2 that still gives
 * at least tw x th pixels (it averages 2, 4 or 8 pixels in the DCT,
 * cheaply); the area averaging does the rest. */
static void
j_scale(struct jctx *j, long tw, long th)
{
	struct jpeg_decompress_struct *d = &j->d;
	unsigned	 s;

	for (s = 8; s > 1; s /= 2)
		if ((long)((d->image_width + s - 1) / s) >= tw &&
		    (long)((d->image_height + s - 1) / s) >= th)
			break;
	d->scale_num = 1;
	d->scale_denom = s;
	j->l.calc_output_dimensions(d);
	if ((long)d->output_width < tw || (long)d->output_height < th) {
		d->scale_denom = 1;
		j->l.calc_output_dimensions(d);
	}
}

/* Decode j->d (its source set) into j->z at tw x th, grey or RGB. */
static void
j_decode(struct jctx *j, long tw, long th)
{
	struct jpeg_decompress_struct *d = &j->d;
	JSAMPROW	 r;
	int		 nc;

	j->l.read_header(d, TRUE);
	d->out_color_space = d->num_components == 4 ? JCS_CMYK :
	    d->num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
	j_scale(j, tw, th);
	j->l.start_decompress(d);
	nc = d->out_color_components;
	rz_init(&j->z, (long)d->output_width, (long)d->output_height, tw, th,
	    nc == 4 ? 3 : nc, 0);
	j->row = xmalloc((size_t)d->output_width * (size_t)nc);
	if (nc == 4)
		j->rgb = xmalloc((size_t)d->output_width * 3);
	while (d->output_scanline < d->output_height) {
		r = j->row;
		if (j->l.read_scanlines(d, &r, 1) != 1)
			break;
		if (nc == 4)
			cmyk_rgb(j->row, j->rgb, (long)d->output_width,
			    d->saw_Adobe_marker);
		rz_row(&j->z, nc == 4 ? j->rgb : j->row);
	}
	rz_finish(&j->z);
	j->l.finish_decompress(d);
}

/* Encode w x h samples of nc (1 or 3) channels into j->mem, baseline. */
static void
j_encode(struct jctx *j, const unsigned char *pix, long w, long h, int nc)
{
	struct jpeg_compress_struct *c = &j->c;
	JSAMPROW	 r;

	c->err = &j->pub;
	j->l.create_compress(c, JPEG_LIB_VERSION, sizeof(*c));
	j->cinit = 1;
	j->l.mem_dest(c, &j->mem, &j->mlen);
	c->image_width = (JDIMENSION)w;
	c->image_height = (JDIMENSION)h;
	c->input_components = nc;
	c->in_color_space = nc == 1 ? JCS_GRAYSCALE : JCS_RGB;
	j->l.set_defaults(c);
	j->l.set_quality(c, IMG_QUALITY, TRUE);
	c->optimize_coding = TRUE;
	j->l.start_compress(c, TRUE);
	while (c->next_scanline < c->image_height) {
		r = (JSAMPROW)(pix + (size_t)c->next_scanline * (size_t)w *
		    (size_t)nc);
		j->l.write_scanlines(c, &r, 1);
	}
	j->l.finish_compress(c);
}

static void
j_free(struct jctx *j)
{
	if (j->dinit)
		j->l.destroy_decompress(&j->d);
	if (j->cinit)
		j->l.destroy_compress(&j->c);
	free(j->mem);
	free(j->row);
	free(j->rgb);
	rz_free(&j->z);
	free(j);
}

/* The JPEG in buf at f's pixels, RGB or grey, encoded again. */
static int
redo_jpeg(const unsigned char *buf, size_t len, const struct img_fit *f,
    struct img_data *out, char *why, size_t whysz)
{
	struct jctx	*j = xcalloc(1, sizeof(*j));

	if (open_libjpeg(&j->l, why, whysz) == -1) {
		free(j);
		return -1;
	}
	j->d.err = j->l.std_error(&j->pub);
	j->pub.error_exit = j_exit;
	j->pub.output_message = j_quiet;
	if (setjmp(j->jb) != 0) {
		snprintf(why, whysz, _("is a damaged JPEG file (%s); open it "
		    "in an image editor and save it again"), j->msg);
		j_free(j);
		return -1;
	}
	j->l.create_decompress(&j->d, JPEG_LIB_VERSION, sizeof(j->d));
	j->dinit = 1;
	j->l.mem_src(&j->d, buf, (unsigned long)len);
	j_decode(j, f->w, f->h);
	j_encode(j, j->z.out, f->w, f->h, j->z.nc);
	out->enc = IMG_ENC_DCT;
	out->w = f->w;
	out->h = f->h;
	out->ncomp = j->z.nc;
	out->data = j->mem;
	out->len = j->mlen;
	j->mem = NULL;
	j_free(j);
	return 0;
}

/* ---- PNG: decoded with libpng into samples and an alpha mask ----
 *
 * Through libpng's simplified API (png_image), which reports an error
 * in the structure rather than by longjmp and needs three functions: it
 * decodes the whole image, palettes, low bit depths and tRNS expanded,
 * 16 bits cut to 8 (sRGB-encoded; one without gamma information read
 * as sRGB, not as libpng's linear default), in the PNG's own layout:
 * grey, grey and alpha, RGB or RGBA.
 */

/* The colour samples of z and, unless every pixel is opaque, its alpha
 * as a separate mask. */
static void
p_split(struct rz *z, struct img_data *out)
{
	size_t	 n = (size_t)z->dw * (size_t)z->dh, k;
	int	 nc = z->nc, na = z->alpha ? nc - 1 : nc, opaque = 1;

	out->enc = IMG_ENC_RAW;
	out->w = z->dw;
	out->h = z->dh;
	out->ncomp = na;
	out->len = n * (size_t)na;
	if (!z->alpha) {
		out->data = z->out;
		z->out = NULL;
		return;
	}
	for (k = 0; k < n && opaque; k++)
		opaque = z->out[k * nc + na] == 255;
	out->data = xmalloc(out->len);
	if (!opaque)
		out->alpha = xmalloc(n);
	for (k = 0; k < n; k++) {
		memcpy(out->data + k * na, z->out + k * nc, (size_t)na);
		if (!opaque)
			out->alpha[k] = z->out[k * nc + na];
	}
}

static int
decode_png(const unsigned char *buf, size_t len, const struct img_fit *f,
    struct img_data *out, char *why, size_t whysz)
{
	struct png_api	 l;
	png_image	 pi;
	struct rz	 z;
	unsigned char	*pix;
	size_t		 stride;
	png_uint_32	 y;
	int		 nc;

	if (open_libpng(&l, why, whysz) == -1)
		return -1;
	memset(&pi, 0, sizeof(pi));
	pi.version = PNG_IMAGE_VERSION;
	if (!l.begin_read(&pi, buf, len)) {
		snprintf(why, whysz, _("is a damaged PNG file (%s); open it "
		    "in an image editor and save it again"), pi.message);
		l.free(&pi);
		return -1;
	}
	pi.format &= PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_COLOR;
	/* A 16-bit PNG with no gAMA or sRGB chunk is sRGB-encoded, as
	 * scanners and editors write it; libpng would take it as linear
	 * and print it paler than it looks on screen. */
	pi.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	nc = (int)PNG_IMAGE_PIXEL_CHANNELS(pi.format);
	stride = (size_t)pi.width * (size_t)nc;
	pix = xmalloc(stride * pi.height);
	if (!l.finish_read(&pi, NULL, pix, (png_int_32)stride, NULL)) {
		snprintf(why, whysz, _("is a damaged PNG file (%s); open it "
		    "in an image editor and save it again"), pi.message);
		l.free(&pi);
		free(pix);
		return -1;
	}
	rz_init(&z, (long)pi.width, (long)pi.height, f->w, f->h, nc,
	    nc == 2 || nc == 4);
	for (y = 0; y < pi.height; y++)
		rz_row(&z, pix + (size_t)y * stride);
	rz_finish(&z);
	free(pix);
	l.free(&pi);
	p_split(&z, out);
	rz_free(&z);
	return 0;
}

/* ---- what pdf.c embeds ---- */

static unsigned char *
read_all(const char *path, size_t *len, char *why, size_t whysz)
{
	FILE		*f;
	unsigned char	*b = NULL;
	long		 n = -1;

	if ((f = fopen(path, "rb")) != NULL && fseek(f, 0, SEEK_END) == 0 &&
	    (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		b = xmalloc(n > 0 ? (size_t)n : 1);
		if (fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
	}
	if (b == NULL)
		snprintf(why, whysz, _("could not be read again (%s)"),
		    f == NULL || ferror(f) ? strerror(errno) :
		    _("it changed"));
	if (f != NULL)
		fclose(f);
	*len = b != NULL ? (size_t)n : 0;
	return b;
}

/*
 * The process's decoded images. A batch worker meets the same seal and
 * signature in report after report; decoding and reducing them again
 * cost more than all the rest of writing a small report. An entry is
 * found by the file's bytes (compared whole: a file changed between two
 * reports is decoded again) and what its decoding depends on; at most
 * DEC_MAX bytes are kept, and the memo is emptied when the next would
 * not fit. Both threads of a report decode (imgprep.h): the memo is
 * used under its lock, the decoding done outside it.
 */
#define DEC_MAX		(8u << 20)

struct dec {
	struct dec	*next;
	unsigned char	*file;		/* the file's bytes */
	size_t		 flen;
	int		 kind, components, reduced;
	long		 fw, fh;		/* the fit */
	struct img_data	 d;
};

static struct dec	*decs;
static size_t		 dec_kept;
static pthread_mutex_t	 dec_mu = PTHREAD_MUTEX_INITIALIZER;

static void	 dec_clear(void);

size_t
img_alpha_len(const struct img_data *d)
{
	return d->alpha != NULL ? (size_t)(d->w * d->h) : 0;
}

/* A copy of d (the caller's, img_data_free). */
static void
data_copy(const struct img_data *d, struct img_data *out)
{
	size_t	 na = img_alpha_len(d);

	*out = *d;
	out->data = xmalloc(d->len > 0 ? d->len : 1);
	memcpy(out->data, d->data, d->len);
	if (na > 0) {
		out->alpha = xmalloc(na);
		memcpy(out->alpha, d->alpha, na);
	}
}

static struct dec *
dec_find(const struct image *im, const struct img_fit *f,
    const unsigned char *buf, size_t len)
{
	struct dec	*e;

	for (e = decs; e != NULL; e = e->next)
		if (e->flen == len && e->kind == (int)im->kind &&
		    e->components == im->components &&
		    e->reduced == f->reduced && e->fw == f->w &&
		    e->fh == f->h && memcmp(e->file, buf, len) == 0)
			return e;
	return NULL;
}

/* Keep a copy of what decoding buf gave; buf becomes the entry's. 1 if
 * kept, 0 if too large (buf is still the caller's). */
static int
dec_keep(const struct image *im, const struct img_fit *f,
    unsigned char *buf, size_t len, const struct img_data *d)
{
	struct dec	*e;
	size_t		 size = len + d->len + img_alpha_len(d);

	if (size > DEC_MAX / 2)
		return 0;
	if (dec_kept + size > DEC_MAX)
		dec_clear();
	e = xmalloc(sizeof(*e));
	e->file = buf;
	e->flen = len;
	e->kind = (int)im->kind;
	e->components = im->components;
	e->reduced = f->reduced;
	e->fw = f->w;
	e->fh = f->h;
	data_copy(d, &e->d);
	e->next = decs;
	decs = e;
	dec_kept += size;
	return 1;
}

void
img_cleanup(void)
{
	pthread_mutex_lock(&dec_mu);
	dec_clear();
	pthread_mutex_unlock(&dec_mu);
}

static void
dec_clear(void)
{
	struct dec	*e, *next;

	for (e = decs; e != NULL; e = next) {
		next = e->next;
		free(e->file);
		img_data_free(&e->d);
		free(e);
	}
	decs = NULL;
	dec_kept = 0;
}

int
img_decodes(const struct image *im, const struct img_fit *f)
{
	return im->kind != IMAGE_JPEG || f->reduced || im->components == 4;
}

int
img_kept(const struct image *im, const struct img_fit *f)
{
	unsigned char	*buf;
	size_t		 len;
	char		 why[200];
	int		 kept;

	pthread_mutex_lock(&dec_mu);
	kept = decs != NULL;		/* none yet: no file to read */
	pthread_mutex_unlock(&dec_mu);
	if (!kept || !img_decodes(im, f) ||
	    (buf = read_all(im->file, &len, why, sizeof(why))) == NULL)
		return 0;
	pthread_mutex_lock(&dec_mu);
	kept = dec_find(im, f, buf, len) != NULL;
	pthread_mutex_unlock(&dec_mu);
	free(buf);
	return kept;
}

int
img_load(const struct image *im, const struct img_fit *f,
    struct img_data *out, char *why, size_t whysz)
{
	unsigned char	*buf;
	size_t		 len;
	struct dec	*e;
	int		 rc, kept;

	memset(out, 0, sizeof(*out));
	if ((buf = read_all(im->file, &len, why, whysz)) == NULL)
		return -1;
	if (!img_decodes(im, f)) {
		/* the file's own bytes: its orientation is the matrix's */
		out->enc = IMG_ENC_DCT;
		out->w = im->px_w;
		out->h = im->px_h;
		out->ncomp = im->components;
		out->data = buf;
		out->len = len;
		return 0;
	}
	pthread_mutex_lock(&dec_mu);
	if ((e = dec_find(im, f, buf, len)) != NULL) {
		data_copy(&e->d, out);
		out->kept = 1;
	}
	pthread_mutex_unlock(&dec_mu);
	if (e != NULL) {
		free(buf);
		return 0;
	}
	rc = im->kind == IMAGE_JPEG ? redo_jpeg(buf, len, f, out, why, whysz) :
	    decode_png(buf, len, f, out, why, whysz);
	pthread_mutex_lock(&dec_mu);
	kept = rc == 0 && dec_keep(im, f, buf, len, out);
	pthread_mutex_unlock(&dec_mu);
	if (!kept)
		free(buf);
	return rc;
}

void
img_data_free(struct img_data *d)
{
	free(d->data);
	free(d->alpha);
	memset(d, 0, sizeof(*d));
}
