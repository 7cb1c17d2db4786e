/*
 * validate.c - checks across fields and computed values, after schema.c
 * (which has checked every value on its own).
 *
 * Owns: the output path (default from the YAML's name; relative, no "..",
 * ends in .pdf), units with at least one category, the staffing total
 * against the computed sum, images that must exist and be complete PNG or
 * JPEG (baseline or progressive) files of at most 50 megapixels, with a
 * JPEG's EXIF orientation (headers read here, so the error points at
 * `file:`; layout and pdf.c then trust them), the same for the
 * signature's image and seal (with notes in plain words, and a warning
 * for a seal that would hide the signature under a white background), and
 * the PDF time (meta.date, else header.date, else SOURCE_DATE_EPOCH, else
 * the clock; a date means 00:00 at +07:00).
 * Return convention: 0 = ok, -1 = failed with the diagnostics recorded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "image.h"
#include "model.h"
#include "text.h"
#include "validate.h"

/* ---- output ---- */

static int
val_ends_with(const char *s, const char *suf)
{
	size_t	 a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

char *
val_default_output(const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 len;
	char		*s;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (val_ends_with(base, ".yaml"))
		len -= 5;
	else if (val_ends_with(base, ".yml"))
		len -= 4;
	s = xmalloc(len + 5);
	snprintf(s, len + 5, "%.*s.pdf", (int)len, base);
	return s;
}

static int
val_has_dotdot(const char *s)
{
	const char	*p = s;
	size_t		 n;

	while (*p != '\0') {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

static int
val_output(struct arena *a, struct diag *d, struct report *r)
{
	const char	*o = r->output;

	char		*def;

	if (o == NULL) {
		def = val_default_output(r->path);
		r->output = arena_strdup(a, def);
		free(def);
		return 0;
	}
	if (o[0] == '/') {
		diag_error(d, r->output_mark, "output: \"%s\" is an absolute "
		    "path; give a path inside the out dir", o);
		return -1;
	}
	if (val_has_dotdot(o)) {
		diag_error(d, r->output_mark, "output: \"%s\" leaves the out "
		    "dir (a \"..\" component)", o);
		return -1;
	}
	if (!val_ends_with(o, ".pdf") || strlen(o) == 4 ||
	    val_ends_with(o, "/.pdf")) {
		diag_error(d, r->output_mark, "output: \"%s\" must be a file "
		    "name ending in .pdf", o);
		return -1;
	}
	return 0;
}

/* ---- blocks ---- */

static int
val_staffing(struct diag *d, const char *bi, const struct staffing *st)
{
	long	 sum = 0;
	int	 i, c, any, rc = 0;

	for (i = 0; i < st->nunits; i++) {
		any = 0;
		for (c = 0; c < CAT__MAX; c++) {
			any |= st->units[i].has[c];
			sum += st->units[i].count[c];
		}
		if (!any) {
			diag_error(d, st->units[i].mark, "%s.staffing."
			    "units[%d]: a unit needs at least one of "
			    "civil_servants, public_employees, "
			    "contract_workers", bi, i);
			rc = -1;
		}
	}
	if (rc == 0 && st->has_total && st->total != sum) {
		diag_error(d, st->total_mark, "%s.staffing.total: "
		    "declared %ld, but the units add up to %ld", bi,
		    st->total, sum);
		rc = -1;
	}
	return rc;
}

/* ---- images: the header and completeness, before layout and PDF ---- */

#define VAL_MAX_PIXELS	50000000L	/* spec: 50 megapixels per image */

static unsigned long
val_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* PNG: the signature, a well-formed IHDR, then chunks that fit in the
 * file up to IEND. NULL when fine, else what is wrong. */
static const char *
val_png(FILE *f, long size, struct image *im)
{
	unsigned char	 b[33];
	unsigned long	 n;
	long		 off = 33;
	int		 idat = 0;
	unsigned char	 ct;

	if (fseek(f, 0, SEEK_SET) != 0 || fread(b, 1, 33, f) != 33 ||
	    val_be32(b + 8) != 13 ||
	    memcmp(b + 12, "IHDR", 4) != 0)
		return N_("is a truncated PNG file (no complete IHDR header)");
	im->kind = IMAGE_PNG;
	im->px_w = (long)(val_be32(b + 16) & 0x7fffffffUL);
	im->px_h = (long)(val_be32(b + 20) & 0x7fffffffUL);
	/* colour type: grey, -, RGB, palette, grey + alpha, -, RGBA (0 for
	 * the types PNG does not define: libpng refuses those when the PDF
	 * is written) */
	ct = b[25];
	im->components = ct <= 6 ? "1031204"[ct] - '0' : 0;
	im->alpha = ct == 4 || ct == 6;
	if (im->px_w == 0 || im->px_h == 0 || b[26] != 0 || b[27] != 0 ||
	    b[28] > 1)
		return N_("is a PNG file with an invalid IHDR header");
	for (;;) {
		if (off + 8 > size || fseek(f, off, SEEK_SET) != 0 ||
		    fread(b, 1, 8, f) != 8)
			return N_("is a truncated PNG file (no IEND chunk)");
		n = val_be32(b);
		if (n > 0x7fffffffUL || (long)n > size - off - 12)
			return N_("is a truncated PNG file (a chunk runs "
			    "past the end)");
		if (memcmp(b + 4, "IEND", 4) == 0)
			return idat ? NULL : N_("is a PNG file without image "
			    "data");
		idat |= memcmp(b + 4, "IDAT", 4) == 0;
		im->alpha |= memcmp(b + 4, "tRNS", 4) == 0;
		off += (long)n + 12;
	}
}

/* The EXIF orientation of a JPEG's APP1 segment at off (`seg` bytes
 * from its length on) into im; 1 if the segment is EXIF's, else 0
 * (XMP and others share the marker). */
static int
val_exif(FILE *f, long off, unsigned seg, struct image *im)
{
	unsigned char	*b;
	size_t		 n = seg - 2;
	int		 is;

	if (n < 14)
		return 0;
	b = xmalloc(n);
	is = fseek(f, off + 4, SEEK_SET) == 0 && fread(b, 1, n, f) == n &&
	    memcmp(b, "Exif\0\0", 6) == 0;
	if (is)
		im->orient = img_exif_orient(b, n);
	free(b);
	return is;
}

/* An EXIF orientation that could not be read (libexif missing). */
#define VAL_NO_EXIF	N_("is a JPEG whose EXIF orientation cannot be read: " \
	"libexif (Debian package libexif12) is not installed")

/* JPEG: markers up to the first scan; a baseline, extended sequential or
 * progressive frame of 8-bit samples (what libjpeg-turbo decodes and PDF
 * readers draw); the EXIF orientation of the first EXIF segment; an EOI
 * marker after the scan. */
static const char *
val_jpeg(FILE *f, long size, struct image *im)
{
	unsigned char	 b[4], fr[6];	/* marker, length; frame header */
	long		 off = 2, tail, steps;
	int		 m, sof = 0, c, exif = 0;
	unsigned	 seg;

	for (steps = 0;; steps++) {
		if (steps > 100000 || fseek(f, off, SEEK_SET) != 0 ||
		    fread(b, 1, 4, f) != 4 || b[0] != 0xFF)
			return N_("is a truncated or damaged JPEG file");
		m = b[1];
		if (m == 0xFF) {		/* fill byte */
			off++;
			continue;
		}
		if ((m >= 0xD0 && m <= 0xD8) || m == 0x01) {
			off += 2;		/* no length */
			continue;
		}
		if (m == 0xDA)
			break;
		seg = (unsigned)b[2] << 8 | b[3];
		if (m == 0xD9 || seg < 2)
			return N_("is a truncated or damaged JPEG file");
		if (m >= 0xC3 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC)
			return N_("is a lossless, hierarchical or "
			    "arithmetic-coded JPEG, which baocao cannot "
			    "read; open it in an image editor and save it "
			    "as an ordinary JPEG");
		if (m >= 0xC0 && m <= 0xC2) {
			if (fread(fr, 1, 6, f) != 6)
				return N_("is a truncated JPEG file");
			im->kind = IMAGE_JPEG;
			im->px_h = (long)fr[1] << 8 | fr[2];
			im->px_w = (long)fr[3] << 8 | fr[4];
			c = im->components = fr[5];
			if (fr[0] != 8 || im->px_w == 0 || im->px_h == 0 ||
			    (c != 1 && c != 3 && c != 4))
				return N_("is a JPEG file with an "
				    "unsupported frame (8-bit grey, RGB or "
				    "CMYK only)");
			sof = 1;
		}
		if (m == 0xE1 && !exif && (exif = val_exif(f, off, seg, im)) &&
		    im->orient == 0)
			return VAL_NO_EXIF;
		off += 2 + (long)seg;
	}
	if (!sof)
		return N_("is a JPEG file without a frame header");
	/* scan data never holds FF D9: any after the SOS is the EOI */
	tail = size - 4096 > off ? size - 4096 : off;
	if (fseek(f, tail, SEEK_SET) != 0)
		return N_("is a truncated JPEG file");
	for (m = -1; (c = fgetc(f)) != EOF; m = c)
		if (m == 0xFF && c == 0xD9)
			return NULL;
	return N_("is a truncated JPEG file (no end-of-image marker)");
}

/* What is wrong with the image in f (NULL: a usable PNG or JPEG, whose
 * kind, pixel size and components are then in *im). */
static const char *
val_image_kind(FILE *f, long size, struct image *im)
{
	unsigned char	 b[8];

	if (fread(b, 1, 8, f) != 8)
		return N_("is not a PNG or JPEG file (too short)");
	if (memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return val_png(f, size, im);
	if (b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return val_jpeg(f, size, im);
	return N_("is not a PNG or JPEG file");
}

/* Why an image failed its check, for the notes of the signature's. */
enum val_img {
	VAL_IMG_OK,
	VAL_IMG_MISSING,	/* no such file */
	VAL_IMG_UNREAD,		/* a folder, not a file, unreadable */
	VAL_IMG_KIND,		/* not a PNG or JPEG baocao reads */
	VAL_IMG_SIZE		/* over the pixel limit */
};

/* The file of im, its messages headed by im->key: a PNG or JPEG that
 * baocao can read, within VAL_MAX_PIXELS; its header read into im. */
static enum val_img
val_image(struct diag *d, struct image *im)
{
	struct stat	 st;
	FILE		*f;
	const char	*why;
	long		 w, h;

	if (stat(im->file, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, im->mark, "%s: \"%s\" is a folder, not an "
		    "image", im->key, im->file);
		return VAL_IMG_UNREAD;
	}
	if (stat(im->file, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_error(d, im->mark, "%s: \"%s\" is not a regular file",
		    im->key, im->file);
		return VAL_IMG_UNREAD;
	}
	if ((f = fopen(im->file, "rb")) == NULL) {
		diag_error(d, im->mark, "%s: cannot read \"%s\": %s", im->key,
		    im->file, strerror(errno));
		return errno == ENOENT ? VAL_IMG_MISSING : VAL_IMG_UNREAD;
	}
	im->orient = 1;
	why = val_image_kind(f, (long)st.st_size, im);
	fclose(f);
	w = im->px_w;
	h = im->px_h;
	if (why != NULL) {
		diag_error(d, im->mark, "%s: \"%s\" %s", im->key, im->file,
		    _(why));
		return VAL_IMG_KIND;
	}
	if (w * h > VAL_MAX_PIXELS) {
		diag_error(d, im->mark, "%s: \"%s\" is %ld x %ld pixels (%.1f "
		    "megapixels); the limit is %ld megapixels", im->key,
		    im->file, w, h, w * (double)h / 1e6,
		    VAL_MAX_PIXELS / 1000000);
		return VAL_IMG_SIZE;
	}
	return VAL_IMG_OK;
}

static int
val_blocks(struct arena *a, struct diag *d, struct report *r)
{
	int	 i, rc = 0;

	for (i = 0; i < r->nblocks; i++) {
		struct block *b = &r->blocks[i];
		const char *w = b->where != NULL ? b->where : "body";

		if (b->kind == BLK_STAFFING &&
		    val_staffing(d, w, &b->u.staffing) == -1)
			rc = -1;
		if (b->kind != BLK_IMAGE)
			continue;
		b->u.image.index = i;
		b->u.image.key = arena_printf(a, "%s.image.file", w);
		if (val_image(d, &b->u.image) != VAL_IMG_OK)
			rc = -1;
	}
	return rc;
}

/* ---- the signature's pictures ---- */

/* The folder a picture's path was read from: that of the YAML file that
 * names it. */
static const char *
val_dir_of(struct arena *a, const struct mark *m)
{
	const char	*f = m->file, *slash;

	if (f == NULL || (slash = strrchr(f, '/')) == NULL)
		return "./";
	return arena_printf(a, "%.*s/", (int)(slash - f), f);
}

/* The signature image or seal `im` checked as any image, with a note in
 * plain words on what to do; a seal without transparent parts is a
 * warning (its corners would hide the signature). */
static int
val_sig_image(struct arena *a, struct diag *d, struct image *im,
    const char *key, int seal)
{
	im->key = key;
	switch (val_image(d, im)) {
	case VAL_IMG_OK:
		break;
	case VAL_IMG_MISSING:
		diag_note(d, im->mark, "a picture is looked for from the "
		    "folder of the YAML file that names it (%s); put the "
		    "picture there, or write its path from that folder, its "
		    "name exactly as the file's, ending included",
		    val_dir_of(a, &im->mark));
		return -1;
	case VAL_IMG_KIND:
		if (seal)
			diag_note(d, im->mark, "scan the seal and save it as "
			    "a PNG picture with a transparent background");
		else
			diag_note(d, im->mark, "scan the signature and save "
			    "it as a PNG picture with a transparent "
			    "background (or as a JPEG)");
		return -1;
	default:
		return -1;
	}
	if (seal && !im->alpha)
		diag_warn(d, im->mark, "%s: \"%s\" has no transparent "
		    "background: the white around the seal will hide the "
		    "left third of the signature and the text under it; "
		    "save the seal as a PNG with a transparent background",
		    key, im->file);
	return 0;
}

static int
val_signature(struct arena *a, struct diag *d, struct signature *sg)
{
	int	 rc = 0;

	if (!sg->present)
		return 0;
	if (sg->image.file != NULL && val_sig_image(a, d, &sg->image,
	    "signature.image", 0) == -1)
		rc = -1;
	if (sg->seal.file != NULL && val_sig_image(a, d, &sg->seal,
	    "signature.seal", 1) == -1)
		rc = -1;
	if (sg->seal.file == NULL && sg->seal_mm_mark.line > 0)
		diag_warn(d, sg->seal_mm_mark, "signature.seal_size: there "
		    "is no seal to print at this size; add signature.seal "
		    "(the seal's picture) or delete seal_size");
	return rc;
}

/* ---- the PDF time ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
val_days(int y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long
val_day_time(int year, int month, int day)
{
	return val_days(year, month, day) * 86400 - 7 * 3600;
}

int
val_source_date_epoch(long long *v)
{
	const char	*env = getenv("SOURCE_DATE_EPOCH");
	char		*end;

	if (env == NULL || *env == '\0')
		return 0;
	errno = 0;
	*v = strtoll(env, &end, 10);
	return errno == 0 && *end == '\0' && *v >= 0 ? 1 : -1;
}

static long long
val_pdf_time(struct diag *d, const struct report *r)
{
	long long	 v;
	struct mark	 m = { r->path, 0, 0, NULL };

	if (r->meta.date.set)
		return val_day_time(r->meta.date.year, r->meta.date.month,
		    r->meta.date.day);
	if (r->header.present && r->header.date.set)
		return val_day_time(r->header.date.year,
		    r->header.date.month, r->header.date.day);
	switch (val_source_date_epoch(&v)) {
	case 1:
		return v;
	case -1:
		diag_warn(d, m, "SOURCE_DATE_EPOCH=\"%s\" is not a number of "
		    "seconds; using the clock", getenv("SOURCE_DATE_EPOCH"));
		break;
	default:
		break;
	}
	return (long long)time(NULL);
}

int
val_report(struct arena *a, struct diag *d, struct report *r)
{
	int	 before = d->nerr;

	val_output(a, d, r);
	val_blocks(a, d, r);
	val_signature(a, d, &r->sig);
	r->pdf_time = val_pdf_time(d, r);
	return d->nerr > before ? -1 : 0;
}
