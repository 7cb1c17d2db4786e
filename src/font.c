/*
 * font.c - the fonts of one report.
 *
 * Owns the report's libharu document (one HPDF_Doc per report, created
 * here because the fonts must be loaded into the document that draws
 * them), the lookup of style.font and style.fallback_fonts (the fonts/
 * directory first, then fontconfig), per-code-point advance widths and
 * glyph coverage, and the HPDF_Font objects pdf.c draws with.
 *
 * Lookup rule (spec 2a): a family fontconfig can only answer with an
 * unrelated family is an error naming both. "Related" means the family
 * itself or one of the metric-compatible aliases fontconfig binds
 * strongly to the request (Times New Roman -> Tinos, Liberation Serif;
 * Arial -> Arimo, Liberation Sans) plus a small built-in table for
 * systems whose fontconfig lacks those aliases. Generic fallbacks
 * (DejaVu Sans for "Comic Sanz") are bound weakly and are rejected.
 * Bold/italic faces must be of the same family as the regular face;
 * a missing one falls back to the regular face with a warning.
 *
 * Fontconfig state is process-global: FcInit() loads the system
 * configuration once per process (about 5 ms) and is a no-op afterwards.
 * That is acceptable because the configuration is only read, never
 * changed (the fonts/ directory is scanned into a private FcFontSet
 * instead of FcConfigAppFontAddDir), and baocao builds each report in
 * its own worker process anyway.
 *
 * Widths come from libharu's TrueType tables (HPDF_TTFontDef_*), in the
 * same integer 1/1000 em units libharu writes into the PDF /W array, so
 * layout and the PDF viewer agree exactly. They are cached per font file
 * in lazily filled 256-entry pages of the BMP. Code points outside the
 * BMP are reported as missing: libharu's UTF-8 path only encodes the BMP.
 *
 * Return convention: NULL / -1 = failed with a diagnostic recorded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "arena.h"
#include "diag.h"
#include "font.h"
#include "text.h"

#define W_KNOWN		0x80000000u	/* cache entry filled */
#define W_HAS		0x40000000u	/* the font has a glyph */
#define W_MASK		0xFFFFu

/* One font file loaded into the document; faces may share one. */
struct ffile {
	char		*path;
	int		 index;		/* face index in a .ttc */
	char		*family;
	const char	*name;		/* libharu font name */
	HPDF_FontDef	 def;
	HPDF_Font	 font;		/* created on first use by pdf.c */
	int		 ascent, descent, gap;	/* 1/1000 em */
	uint32_t	*wpage[256];	/* BMP widths, filled lazily */
};

/* The libharu error handler records here and returns (no longjmp). */
struct hpdf_err {
	HPDF_STATUS	 no;
	HPDF_STATUS	 detail;
	int		 count;
};

struct fontset {
	HPDF_Doc	 doc;
	struct hpdf_err	 err;
	struct diag	*diag;
	int		 nfaces;
	int		*face;		/* face -> index into files */
	struct ffile	*files;
	int		 nfiles;
	FcFontSet	*dirset;	/* fonts found in fontdir, or NULL */
};

/* What one face lookup asks for and where its answer goes. */
struct want {
	const char	*family;
	int		 bold, italic;
	int		 strict;	/* family must match exactly */
	FcFontSet	*local;		/* searched before dirset, or NULL */
};

struct found {
	char		*path;
	int		 index;
	char		*family;
};

/* Metric-compatible families, for systems without fontconfig's
 * 30-metric-aliases.conf. */
static const char *const metric_alias[][3] = {
	{ "Times New Roman", "Liberation Serif", "Tinos" },
	{ "Arial", "Liberation Sans", "Arimo" },
	{ "Courier New", "Liberation Mono", "Cousine" },
};

static const struct {
	HPDF_STATUS	 no;
	const char	*text;
} hpdf_msgs[] = {
	{ HPDF_FAILD_TO_ALLOC_MEM, "out of memory" },
	{ HPDF_FILE_IO_ERROR, "file I/O error" },
	{ HPDF_FILE_OPEN_ERROR, "cannot open file" },
	{ HPDF_FONT_EXISTS, "font already loaded" },
	{ HPDF_INVALID_DATE_TIME, "invalid date" },
	{ HPDF_INVALID_DESTINATION, "invalid destination" },
	{ HPDF_INVALID_DOCUMENT, "invalid document" },
	{ HPDF_INVALID_ENCODER, "invalid encoder" },
	{ HPDF_INVALID_FONTDEF_DATA, "invalid font data" },
	{ HPDF_INVALID_FONT_NAME, "invalid font name" },
	{ HPDF_INVALID_IMAGE, "invalid image" },
	{ HPDF_INVALID_JPEG_DATA, "invalid JPEG data" },
	{ HPDF_INVALID_OBJECT, "invalid object" },
	{ HPDF_INVALID_PARAMETER, "invalid parameter" },
	{ HPDF_INVALID_PNG_IMAGE, "invalid PNG image" },
	{ HPDF_INVALID_TTC_FILE, "invalid TrueType collection" },
	{ HPDF_INVALID_TTC_INDEX, "invalid TrueType collection index" },
	{ HPDF_LIBPNG_ERROR, "libpng error" },
	{ HPDF_PAGE_INVALID_FONT_SIZE, "invalid font size" },
	{ HPDF_PAGE_INVALID_SIZE, "invalid page size" },
	{ HPDF_REAL_OUT_OF_RANGE, "number out of range" },
	{ HPDF_STRING_OUT_OF_RANGE, "string too long" },
	{ HPDF_TTF_CANNOT_EMBEDDING_FONT, "font licence forbids embedding" },
	{ HPDF_TTF_INVALID_CMAP, "unsupported TrueType cmap" },
	{ HPDF_TTF_INVALID_FOMAT, "not a TrueType font" },
	{ HPDF_TTF_MISSING_TABLE, "TrueType table missing" },
	{ HPDF_UNSUPPORTED_FONT_TYPE, "unsupported font type" },
	{ HPDF_UNSUPPORTED_JPEG_FORMAT, "unsupported JPEG format" },
	{ HPDF_ZLIB_ERROR, "zlib error" },
};

static void
hpdf_handler(HPDF_STATUS no, HPDF_STATUS detail, void *arg)
{
	struct hpdf_err	*e = arg;

	if (e->count++ == 0 || e->no == 0) {
		e->no = no;
		e->detail = detail;
	}
}

const char *
font_hpdf_error(struct fontset *fs, char *buf, size_t sz)
{
	HPDF_STATUS	 no, detail;
	const char	*text = "libharu error";
	size_t		 i;

	no = fs->err.no ? fs->err.no : HPDF_GetError(fs->doc);
	detail = fs->err.no ? fs->err.detail : HPDF_GetErrorDetail(fs->doc);
	if (no == HPDF_OK)
		return NULL;
	for (i = 0; i < sizeof(hpdf_msgs) / sizeof(hpdf_msgs[0]); i++)
		if (hpdf_msgs[i].no == no)
			text = hpdf_msgs[i].text;
	snprintf(buf, sz, "%s (libharu error 0x%04X, detail %u)", text,
	    (unsigned)no, (unsigned)detail);
	fs->err.no = fs->err.detail = 0;
	fs->err.count = 0;
	HPDF_ResetError(fs->doc);
	return buf;
}

/* ---- family matching ---- */

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Equal ignoring case and spaces ("LiberationSerif" = "Liberation Serif"). */
static int
fam_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (lower(*a) != lower(*b))
			return 0;
		a++, b++;
	}
}

static int
builtin_related(const char *want, const char *got)
{
	size_t	 i, j, k;

	for (i = 0; i < sizeof(metric_alias) / sizeof(metric_alias[0]); i++)
		for (j = 0; j < 3; j++) {
			if (!fam_eq(want, metric_alias[i][j]))
				continue;
			for (k = 0; k < 3; k++)
				if (fam_eq(got, metric_alias[i][k]))
					return 1;
		}
	return 0;
}

/* 1 if `got` is the wanted family or a strongly bound alias of it in the
 * substituted pattern `pat`. */
static int
related(const FcPattern *pat, const char *want, const char *got, int strict)
{
	FcValue		 v;
	FcValueBinding	 b;
	int		 i;

	if (fam_eq(want, got))
		return 1;
	if (strict)
		return 0;
	if (builtin_related(want, got))
		return 1;
	for (i = 0; FcPatternGetWithBinding(pat, FC_FAMILY, i, &v, &b) ==
	    FcResultMatch; i++) {
		if (b == FcValueBindingWeak)
			break;
		if (v.type == FcTypeString &&
		    fam_eq((const char *)v.u.s, got))
			return 1;
	}
	return 0;
}

/* The first family name of `m` that is related, else its first name. */
static const char *
match_family(const FcPattern *pat, const FcPattern *m, const char *want,
    int strict, int *ok)
{
	FcChar8	*f, *first = NULL;
	int	 i;

	*ok = 0;
	for (i = 0; FcPatternGetString(m, FC_FAMILY, i, &f) == FcResultMatch;
	    i++) {
		if (first == NULL)
			first = f;
		if (related(pat, want, (const char *)f, strict)) {
			*ok = 1;
			return (const char *)f;
		}
	}
	return first != NULL ? (const char *)first : "";
}

static int
style_ok(const FcPattern *m, const struct want *w)
{
	int	 weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;

	FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
	FcPatternGetInteger(m, FC_SLANT, 0, &slant);
	if ((weight >= FC_WEIGHT_DEMIBOLD) != (w->bold != 0))
		return 0;
	return (slant != FC_SLANT_ROMAN) == (w->italic != 0);
}

static FcPattern *
want_pattern(const struct want *w)
{
	FcPattern	*p;

	if ((p = FcPatternCreate()) == NULL)
		return NULL;
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)w->family);
	FcPatternAddInteger(p, FC_WEIGHT,
	    w->bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(p, FC_SLANT,
	    w->italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcPatternAddBool(p, FC_SCALABLE, FcTrue);
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	return p;
}

/* The pattern of the font itself in `set`: a match has been through
 * FcFontRenderPrepare, where 90-synthetic.conf makes a regular face
 * "bold" (embolden) or "oblique" (matrix); style is judged on this. */
static const FcPattern *
original(FcFontSet *set, const FcChar8 *file, int index)
{
	FcChar8	*f;
	int	 i, k;

	for (i = 0; set != NULL && i < set->nfont; i++) {
		k = 0;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &f) ==
		    FcResultMatch && strcmp((const char *)f,
		    (const char *)file) == 0 &&
		    (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &k),
		    k == index))
			return set->fonts[i];
	}
	return NULL;
}

/* Take match `m` (from `set`) into `out` if it is related and of the
 * right style. Keeps the offered family of the first refusal in *offer. */
static int
take(const FcPattern *pat, FcPattern *m, FcFontSet *set,
    const struct want *w, struct found *out, char **offer)
{
	const FcPattern	*orig;
	FcChar8		*file;
	const char	*fam;
	int		 ok, index = 0;

	if (m == NULL)
		return 0;
	fam = match_family(pat, m, w->family, w->strict, &ok);
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
	    (orig = original(set, file, index)) == NULL)
		ok = 0;
	if (!ok || !style_ok(orig, w)) {
		if (*offer == NULL && fam[0] != '\0')
			*offer = xstrdup(fam);
		FcPatternDestroy(m);
		return 0;
	}
	out->path = xstrdup((const char *)file);
	out->index = index;
	out->family = xstrdup(fam);
	FcPatternDestroy(m);
	return 1;
}

static FcPattern *
set_match(FcFontSet *set, FcPattern *pat)
{
	FcResult	 r;

	if (set == NULL || set->nfont == 0)
		return NULL;
	return FcFontSetMatch(NULL, &set, 1, pat, &r);
}

/* Look a face up: w->local, then fontdir, then fontconfig. 0 = found;
 * -1 = not found, *offer (malloc'd, may be NULL) names what was offered
 * instead. */
static int
lookup(struct fontset *fs, const struct want *w, struct found *out,
    char **offer)
{
	FcPattern	*pat;
	FcResult	 r;
	int		 ok;

	*offer = NULL;
	if ((pat = want_pattern(w)) == NULL)
		return -1;
	ok = take(pat, set_match(w->local, pat), w->local, w, out, offer) ||
	    take(pat, set_match(fs->dirset, pat), fs->dirset, w, out, offer);
	if (!ok) {
		free(*offer);
		*offer = NULL;
		ok = take(pat, FcFontMatch(NULL, pat, &r),
		    FcConfigGetFonts(NULL, FcSetSystem), w, out, offer);
	}
	FcPatternDestroy(pat);
	return ok ? 0 : -1;
}

static FcFontSet *
scan_dir(const char *dir)
{
	FcFontSet	*set;
	FcStrSet	*sub;

	if (dir == NULL || (set = FcFontSetCreate()) == NULL)
		return NULL;
	if ((sub = FcStrSetCreate()) == NULL) {
		FcFontSetDestroy(set);
		return NULL;
	}
	/* force = FcTrue, no cache: scans the files, writes nothing. */
	if (!FcDirScan(set, sub, NULL, NULL, (const FcChar8 *)dir, FcTrue)) {
		FcFontSetDestroy(set);
		set = NULL;
	}
	FcStrSetDestroy(sub);
	return set;
}

/* ---- loading into libharu ---- */

static int
read_u16(FILE *fp, long off)
{
	unsigned char	 b[2];

	if (fseek(fp, off, SEEK_SET) != 0 || fread(b, 1, 2, fp) != 2)
		return 0;
	return (int16_t)(b[0] << 8 | b[1]);
}

/* hhea lineGap in 1/1000 em (libharu 2.3.0 does not keep it). */
static int
line_gap(const struct ffile *f)
{
	HPDF_TTFontDefAttr	 a = f->def->attr;
	FILE			*fp;
	int			 i, gap = 0;

	if (a->header.units_per_em == 0 ||
	    (fp = fopen(f->path, "rb")) == NULL)
		return 0;
	for (i = 0; i < a->offset_tbl.num_tables; i++)
		if (memcmp(a->offset_tbl.table[i].tag, "hhea", 4) == 0)
			gap = read_u16(fp, (long)a->offset_tbl.table[i].offset
			    + 8);
	fclose(fp);
	return gap * 1000 / a->header.units_per_em;
}

static int
is_ttc(const char *path)
{
	size_t	 n = strlen(path);

	return n > 4 && strcasecmp(path + n - 4, ".ttc") == 0;
}

/* Load `fd` unless that file is loaded already; the file index or -1. */
static int
load_file(struct fontset *fs, struct found *fd, const char *what,
    struct mark m)
{
	struct ffile	*f;
	char		 buf[160];
	int		 i;

	for (i = 0; i < fs->nfiles; i++)
		if (strcmp(fs->files[i].path, fd->path) == 0 &&
		    fs->files[i].index == fd->index) {
			free(fd->path);
			free(fd->family);
			return i;
		}
	f = &fs->files[fs->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = fd->path;
	f->family = fd->family;
	f->index = fd->index;
	fs->nfiles++;
	f->name = is_ttc(f->path) ?
	    HPDF_LoadTTFontFromFile2(fs->doc, f->path, f->index, HPDF_TRUE) :
	    HPDF_LoadTTFontFromFile(fs->doc, f->path, HPDF_TRUE);
	if (f->name == NULL ||
	    (f->def = HPDF_GetFontDef(fs->doc, f->name)) == NULL ||
	    f->def->type != HPDF_FONTDEF_TYPE_TRUETYPE) {
		diag_error(fs->diag, m, "%s: cannot load font file \"%s\": %s",
		    what, f->path, font_hpdf_error(fs, buf, sizeof(buf)) ?
		    buf : "not a TrueType font");
		return -1;
	}
	f->ascent = f->def->ascent;
	f->descent = f->def->descent < 0 ? f->def->descent :
	    -f->def->descent;
	f->gap = line_gap(f);
	return fs->nfiles - 1;
}

/* ---- resolving report->style ---- */

static int
is_path(const char *s)
{
	size_t	 n = strlen(s);

	return strchr(s, '/') != NULL || (n > 4 &&
	    (strcasecmp(s + n - 4, ".ttf") == 0 ||
	    strcasecmp(s + n - 4, ".ttc") == 0 ||
	    strcasecmp(s + n - 4, ".otf") == 0));
}

/* A font given as a file: its family from the file itself. */
static int
query_path(const char *path, struct found *out)
{
	FcPattern	*p;
	FcChar8		*fam;
	int		 count;

	p = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
	if (p == NULL)
		return -1;
	if (FcPatternGetString(p, FC_FAMILY, 0, &fam) != FcResultMatch)
		fam = (FcChar8 *)"";
	out->path = xstrdup(path);
	out->index = 0;
	out->family = xstrdup((const char *)fam);
	FcPatternDestroy(p);
	return 0;
}

static void
no_font(struct fontset *fs, const char *what, struct mark m,
    const char *name, const char *offer)
{
	if (offer != NULL)
		diag_error(fs->diag, m, "%s: no font \"%s\" (fontconfig offers "
		    "\"%s\")", what, name, offer);
	else
		diag_error(fs->diag, m, "%s: no font \"%s\"", what, name);
}

/* The regular face of a family or path; the file index or -1. */
static int
open_regular(struct fontset *fs, const char *name, int path,
    const char *what, struct mark m)
{
	struct want	 w = { name, 0, 0, 0, NULL };
	struct found	 fd;
	char		*offer;

	if (path) {
		if (query_path(name, &fd) != 0) {
			diag_error(fs->diag, m, "%s: cannot read font file "
			    "\"%s\"", what, name);
			return -1;
		}
		return load_file(fs, &fd, what, m);
	}
	if (lookup(fs, &w, &fd, &offer) != 0) {
		no_font(fs, what, m, name, offer);
		free(offer);
		return -1;
	}
	free(offer);
	return load_file(fs, &fd, what, m);
}

static FcFontSet *
dir_of(const char *path)
{
	char		*dir, *slash;
	FcFontSet	*set;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return scan_dir(".");
	}
	slash[slash == dir ? 1 : 0] = '\0';
	set = scan_dir(dir);
	free(dir);
	return set;
}

/* Bold, italic and bold-italic of the regular face's family. */
static int
open_styles(struct fontset *fs, const struct style *st)
{
	static const char *const label[FACE__MAX] = {
		"regular", "bold", "italic", "bold italic"
	};
	struct want	 w;
	struct found	 fd;
	char		*offer;
	int		 k, i;

	memset(&w, 0, sizeof(w));
	w.family = fs->files[fs->face[FACE_REGULAR]].family;
	w.strict = 1;
	w.local = st->font_is_path ? dir_of(st->font) : NULL;
	for (k = FACE_BOLD; k < FACE__MAX; k++) {
		w.bold = k == FACE_BOLD || k == FACE_BOLDITALIC;
		w.italic = k == FACE_ITALIC || k == FACE_BOLDITALIC;
		i = lookup(fs, &w, &fd, &offer);
		free(offer);
		if (i != 0) {
			diag_warn(fs->diag, st->font_mark, "style.font: \"%s\" "
			    "has no %s face; using the regular face",
			    w.family, label[k]);
			fs->face[k] = fs->face[FACE_REGULAR];
		} else if ((i = load_file(fs, &fd, "style.font",
		    st->font_mark)) < 0)
			break;
		else
			fs->face[k] = i;
	}
	if (w.local != NULL)
		FcFontSetDestroy(w.local);
	return k < FACE__MAX ? -1 : 0;
}

static int
open_fallbacks(struct fontset *fs, const struct style *st)
{
	struct mark	 m;
	char		 what[48];
	int		 k, i, rc = 0;

	for (k = 0; k < st->nfallback; k++) {
		m = st->fallback_marks != NULL ? st->fallback_marks[k] :
		    st->font_mark;
		snprintf(what, sizeof(what), "style.fallback_fonts[%d]", k);
		i = open_regular(fs, st->fallback[k], is_path(st->fallback[k]),
		    what, m);
		if (i < 0)
			rc = -1;
		fs->face[FACE__MAX + k] = i < 0 ? 0 : i;
	}
	return rc;
}

static struct fontset *
fs_new(const struct report *r, const char *fontdir, struct diag *d)
{
	struct fontset	*fs;
	int		 n;

	n = FACE__MAX + r->style.nfallback;
	fs = xcalloc(1, sizeof(*fs));
	fs->diag = d;
	fs->nfaces = n;
	fs->face = xcalloc((size_t)n, sizeof(*fs->face));
	fs->files = xcalloc((size_t)n, sizeof(*fs->files));
	fs->dirset = scan_dir(fontdir);
	fs->doc = HPDF_New(hpdf_handler, &fs->err);
	return fs;
}

static int
doc_setup(struct fontset *fs)
{
	char	 buf[160];

	if (fs->doc == NULL)
		diag_fail(fs->diag, "cannot create the PDF document");
	else if (HPDF_UseUTFEncodings(fs->doc) != HPDF_OK ||
	    HPDF_SetCurrentEncoder(fs->doc, "UTF-8") != HPDF_OK ||
	    HPDF_SetCompressionMode(fs->doc, HPDF_COMP_ALL) != HPDF_OK)
		diag_fail(fs->diag, "cannot set up UTF-8 in libharu: %s",
		    font_hpdf_error(fs, buf, sizeof(buf)) ? buf : "?");
	else
		return 0;
	return -1;
}

struct fontset *
font_open(const struct report *r, const char *fontdir, struct diag *d)
{
	struct fontset		*fs;
	const struct style	*st = &r->style;
	const char		*name;

	if (!FcInit()) {
		diag_fail(d, "cannot initialise fontconfig");
		return NULL;
	}
	fs = fs_new(r, fontdir, d);
	if (doc_setup(fs) != 0)
		goto fail;
	name = st->font != NULL ? st->font : "Times New Roman";
	fs->face[FACE_REGULAR] = open_regular(fs, name, st->font_is_path,
	    "style.font", st->font_mark);
	if (fs->face[FACE_REGULAR] < 0) {
		fs->face[FACE_REGULAR] = 0;
		open_fallbacks(fs, st);
		goto fail;
	}
	if (open_styles(fs, st) != 0 || open_fallbacks(fs, st) != 0)
		goto fail;
	return fs;
fail:
	font_close(fs);
	return NULL;
}

void
font_close(struct fontset *fs)
{
	int	 i, j;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nfiles; i++) {
		for (j = 0; j < 256; j++)
			free(fs->files[i].wpage[j]);
		free(fs->files[i].path);
		free(fs->files[i].family);
	}
	if (fs->doc != NULL)
		HPDF_Free(fs->doc);
	if (fs->dirset != NULL)
		FcFontSetDestroy(fs->dirset);
	free(fs->files);
	free(fs->face);
	free(fs);
}

void
font_cleanup(void)
{
	FcFini();
}

/* ---- metrics ---- */

static struct ffile *
ff(const struct fontset *fs, int face)
{
	if (face < 0 || face >= fs->nfaces)
		face = FACE_REGULAR;
	return &fs->files[fs->face[face]];
}

static uint32_t
wentry(struct ffile *f, uint32_t cp)
{
	uint32_t	*pg, e;
	HPDF_UINT16	 gid;

	if (cp > 0xFFFF)
		cp = 0xFFFF;	/* not encodable: .notdef, not covered */
	if ((pg = f->wpage[cp >> 8]) == NULL)
		pg = f->wpage[cp >> 8] = xcalloc(256, sizeof(*pg));
	if ((e = pg[cp & 0xFF]) != 0)
		return e;
	gid = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp);
	e = W_KNOWN | (gid != 0 && cp != 0xFFFF ? W_HAS : 0) |
	    ((uint32_t)(uint16_t)HPDF_TTFontDef_GetGidWidth(f->def, gid) &
	    W_MASK);
	return pg[cp & 0xFF] = e;
}

int
font_advance(const struct fontset *fs, int face, uint32_t cp)
{
	return (int)(int16_t)(wentry(ff(fs, face), cp) & W_MASK);
}

int
font_has(const struct fontset *fs, int face, uint32_t cp)
{
	return cp <= 0xFFFF && (wentry(ff(fs, face), cp) & W_HAS) != 0;
}

double
font_width(const struct fontset *fs, int face, const char *s, size_t len,
    double size)
{
	struct ffile	*f = ff(fs, face);
	size_t		 i = 0;
	long		 sum = 0;

	while (i < len)
		sum += (int16_t)(wentry(f, txt_next(s, len, &i)) & W_MASK);
	return (double)sum * size / 1000.0;
}

int
font_face_for(const struct fontset *fs, int face, uint32_t cp)
{
	int	 k;

	if (font_has(fs, face, cp))
		return face;
	for (k = FACE__MAX; k < fs->nfaces; k++)
		if (font_has(fs, k, cp))
			return k;
	return -1;
}

int
font_ascent(const struct fontset *fs, int face)
{
	return ff(fs, face)->ascent;
}

int
font_descent(const struct fontset *fs, int face)
{
	return ff(fs, face)->descent;
}

int
font_line_height(const struct fontset *fs, int face)
{
	struct ffile	*f = ff(fs, face);

	return f->ascent - f->descent + f->gap;
}

int
font_nfaces(const struct fontset *fs)
{
	return fs->nfaces;
}

const char *
font_file(const struct fontset *fs, int face)
{
	return ff(fs, face)->path;
}

const char *
font_family(const struct fontset *fs, int face)
{
	return ff(fs, face)->family;
}

void *
font_hpdf_doc(struct fontset *fs)
{
	return fs->doc;
}

/* Creating the HPDF_Font builds a 65,536-entry CID map, so it is done
 * only for faces pdf.c actually draws with. NULL on a libharu error
 * (left in the document's error state). */
void *
font_hpdf_font(struct fontset *fs, int face)
{
	struct ffile	*f = ff(fs, face);

	if (f->font == NULL)
		f->font = HPDF_GetFont(fs->doc, f->name, "UTF-8");
	return f->font;
}
