/*
 * font.c - the fonts of one report.
 *
 * Owns the lookup of style.font and style.fallback_fonts (the fonts/
 * directory first, then fontconfig), the parsed font files (libharu's
 * TrueType parser, on a memory manager of the fontset's own: no PDF
 * document is needed to measure), per-code-point advance widths and
 * glyph coverage, and the choice of what embeds each face (font_embed:
 * the cached subset or the full file). pdf.c owns the PDF document.
 *
 * Where the fonts are - fontconfig, the fonts/ folder, the subset cache
 * - is fontfind.c's. Bold/italic faces must be of the same family as the
 * regular face; a missing one falls back to the regular face with a
 * warning.
 *
 * Widths come from libharu's TrueType tables (HPDF_TTFontDef_*), in the
 * same integer 1/1000 em units libharu writes into the PDF /W array, so
 * layout and the PDF viewer agree exactly. They are cached per font file
 * in lazily filled 256-entry pages of the BMP. Code points outside the
 * BMP are reported as missing: libharu's UTF-8 path only encodes the BMP.
 *
 * Font files are parsed (HPDF_TTFontDef_Load) when first measured or
 * drawn, and embedded only when drawn (font_embed), since libharu's work
 * (a CID map, the subset it saves) is per font file: a face or fallback
 * never used costs only its lookup. The regular face is parsed in
 * font_open so that a broken main font is diagnosed there; a broken
 * other face is diagnosed (same message) when first used.
 *
 * A file that has a fresh subset in the font cache (fontfind.c: the
 * Latin and Vietnamese repertoire, the same metrics, a cmap of few
 * segments) is measured with the subset; a character the subset lacks is
 * looked up in the full file, and if the full file has it, the full file
 * is what the PDF embeds for that face (font_embed measures every
 * character a face draws before it chooses). The PDF's text and glyphs
 * are the same either way; only its size differs.
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
#include "fontfind.h"
#include "hpdf_fix.h"
#include "ttf.h"
#include "text.h"

#define W_KNOWN		0x80000000u	/* cache entry filled */
#define W_HAS		0x40000000u	/* the font has a glyph */
#define W_MASK		0xFFFFu

/*
 * One font file; faces may share one. Parsed on first use (LOAD_*).
 * Ownership of the parsed definitions: font.c owns sub and full, always,
 * and frees them in font_close. The one font_embed gives out (drawn, one
 * of the two) is lent by pdf.c to its document, which gives it back
 * before the document is freed (hfix_lend_fontdef, hfix_return_fontdef);
 * so a fontset outlives the documents that embed its fonts.
 */
struct ffile {
	char		*path;		/* the file fontconfig resolved */
	int		 index;		/* face index in a .ttc */
	char		*family;
	char		*what;		/* "style.font" etc., for diagnostics */
	struct mark	 mark;
	char		*subpath;	/* its fresh subset in the cache, or NULL */
	HPDF_FontDef	 sub;		/* parsed subset, or NULL */
	HPDF_FontDef	 full;		/* parsed file, or NULL */
	HPDF_FontDef	 drawn;		/* the one given out for embedding */
	int		 state;		/* LOAD_NONE, LOAD_OK, LOAD_FAILED */
	int		 full_failed;	/* parsing the full file failed */
	int		 need_full;	/* a character outside the subset is used */
	int		 ascent, descent, gap;	/* 1/1000 em */
	uint32_t	*wpage[256];	/* BMP widths, filled lazily */
};

enum { LOAD_NONE, LOAD_OK, LOAD_FAILED };

struct fontset {
	HPDF_Error_Rec	 herr;		/* libharu's errors while parsing */
	HPDF_MMgr	 mmgr;		/* what the definitions are parsed on */
	struct diag	*diag;
	int		 nfaces;
	int		*face;		/* face -> index into files */
	struct ffile	*files;
	int		 nfiles;
	FcFontSet	*dirset;	/* fonts found in fontdir, or NULL */
	const char	*fontdir;	/* as given (for messages), or NULL */
	char		*cachedir;	/* the font subset cache, or NULL */
};



/* ---- parsing with libharu ---- */

/* The big-endian int16 at `off` of the parsed file, 0 past its end. */
static int
mem_u16(const unsigned char *data, size_t len, long off)
{
	if (off < 0 || off > (long)len - 2)
		return 0;
	return (int16_t)(data[off] << 8 | data[off + 1]);
}

/* hhea lineGap in 1/1000 em (libharu 2.3.0 does not keep it), read from
 * the file's bytes the parsed font keeps (parse: always in memory). */
static int
line_gap(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 a = def->attr;
	const unsigned char	*data;
	size_t			 len;
	int			 i, gap = 0;

	if (a->header.units_per_em == 0)
		return 0;
	data = hfix_fontdef_bytes(def, &len);
	for (i = 0; i < a->offset_tbl.num_tables; i++)
		if (memcmp(a->offset_tbl.table[i].tag, "hhea", 4) == 0)
			gap = mem_u16(data, len,
			    (long)a->offset_tbl.table[i].offset + 8);
	return gap * 1000 / a->header.units_per_em;
}

static int
is_ttc(const char *path)
{
	size_t	 n = strlen(path);

	return n > 4 && strcasecmp(path + n - 4, ".ttc") == 0;
}

/* Parse a TrueType file for embedding, not (yet) part of the document.
 * NULL on failure: the file is not usable, why it is not in `why`; or
 * with why "" libharu's error left in fs->herr. A subset
 * from the cache (`cached`) must also have its file checksum right
 * (fontTools writes it): a damaged subset is not used even when libharu
 * could read it. */
static HPDF_FontDef
parse(struct fontset *fs, const char *path, int index, int cached,
    char *why, size_t whysz)
{
	HPDF_MMgr		 mmgr = fs->mmgr;
	HPDF_Stream		 s;
	const unsigned char	*data;
	size_t			 len;
	int			 ttc = is_ttc(path);

	why[0] = '\0';
	if ((s = hfix_font_stream(mmgr, path, why, whysz)) == NULL)
		return NULL;
	data = hfix_stream_bytes(s, &len);
	if (ttf_check(data, len, ttc, (unsigned)index, why, whysz) != 0 ||
	    (cached && !ttf_sum_ok(data, len))) {
		if (why[0] == '\0')
			snprintf(why, whysz, "its checksum is wrong");
		HPDF_Stream_Free(s);
		return NULL;
	}
	if (ttc)
		return HPDF_TTFontDef_Load2(mmgr, s, (HPDF_UINT)index,
		    HPDF_TRUE);
	return HPDF_TTFontDef_Load(mmgr, s, HPDF_TRUE);
}

static void
cannot_load(struct fontset *fs, struct ffile *f, const char *why)
{
	char	 buf[160];

	if (why[0] != '\0')
		diag_error(fs->diag, f->mark, "%s: \"%s\" is not a usable "
		    "TrueType font: %s", f->what, f->path, why);
	else
		diag_error(fs->diag, f->mark, "%s: cannot load font file "
		    "\"%s\": %s", f->what, f->path, hfix_error_text(NULL,
		    &fs->herr, buf, sizeof(buf)) ? buf : "not a TrueType font");
}

/* Parse the full file (once). 0 = ok, -1 = failed and diagnosed. */
static int
need_full(struct fontset *fs, struct ffile *f)
{
	char	 why[200];

	if (f->full != NULL)
		return 0;
	if (f->full_failed)
		return -1;
	if ((f->full = parse(fs, f->path, f->index, 0, why,
	    sizeof(why))) == NULL) {
		f->full_failed = 1;
		cannot_load(fs, f, why);
		return -1;
	}
	return 0;
}

/* Parse the subset if there is one, else the file; take the vertical
 * metrics (the same in both). 0 = ok, -1 = failed and diagnosed. */
static int
load(struct fontset *fs, struct ffile *f)
{
	HPDF_FontDef	 def;
	char		 why[200];

	if (f->state != LOAD_NONE)
		return f->state == LOAD_OK ? 0 : -1;
	f->state = LOAD_FAILED;
	if (f->subpath != NULL &&
	    (f->sub = parse(fs, f->subpath, 0, 1, why, sizeof(why))) == NULL) {
		HPDF_Error_Reset(&fs->herr);	/* a bad subset: not used */
	}
	if (f->sub == NULL && need_full(fs, f) != 0)
		return -1;
	def = f->sub != NULL ? f->sub : f->full;
	f->ascent = def->ascent;
	f->descent = def->descent < 0 ? def->descent : -def->descent;
	f->gap = line_gap(def);
	f->state = LOAD_OK;
	return 0;
}

/* The definition that embeds the file: the subset unless a character
 * outside it has been measured; chosen once. NULL if the full file cannot
 * be parsed (diagnosed when it was first tried). */
static HPDF_FontDef
embed_def(struct fontset *fs, struct ffile *f)
{
	if (f->drawn != NULL)
		return f->drawn;
	if ((f->need_full || f->sub == NULL) && need_full(fs, f) != 0)
		return NULL;
	f->drawn = f->need_full || f->sub == NULL ? f->full : f->sub;
	return f->drawn;
}

/* Take the face `fd` found; the file index (an existing one when two faces
 * share a file). Nothing is parsed yet. */
static int
add_file(struct fontset *fs, struct fontfind_found *fd, const char *what,
    struct mark m)
{
	struct ffile	*f;
	int		 i;

	for (i = 0; i < fs->nfiles; i++)
		if (strcmp(fs->files[i].path, fd->path) == 0 &&
		    fs->files[i].index == fd->index) {
			free(fd->path);
			free(fd->family);
			return i;
		}
	f = &fs->files[fs->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = fd->path;
	f->family = fd->family;
	f->index = fd->index;
	f->what = xstrdup(what);
	f->mark = m;
	f->subpath = fontfind_fresh_subset(fs->cachedir, f->path,
	    f->index);
	return fs->nfiles - 1;
}

/* ---- resolving report->style ---- */


static void
no_font(struct fontset *fs, const char *what, struct mark m,
    const char *name, const char *offer)
{
	FcFontSet	*sys = FcConfigGetFonts(NULL, FcSetSystem);
	const char	*conf = getenv("FONTCONFIG_FILE");
	int		 dir = fs->dirset != NULL && fs->dirset->nfont > 0;

	if (offer != NULL)
		diag_error(fs->diag, m, "%s: no font \"%s\" (fontconfig offers "
		    "\"%s\")", what, name, offer);
	else if (sys == NULL || sys->nfont == 0)	/* nothing configured */
		diag_error(fs->diag, m, "%s: no font \"%s\": not in the fonts "
		    "folder \"%s\"%s, and fontconfig knows no fonts at all "
		    "(configuration: %s)", what, name,
		    fs->fontdir ? fs->fontdir : "",
		    dir ? "" : " (missing or empty)",
		    conf ? conf : "the system's fonts.conf");
	else
		diag_error(fs->diag, m, "%s: no font \"%s\"", what, name);
}

/* The regular face of a family or path; the file index or -1. Not
 * parsed yet. */
static int
lookup_regular_face(struct fontset *fs, const char *name, int path,
    const char *what, struct mark m)
{
	struct fontfind_want	 w = { name, 0, 0, 0, NULL };
	struct fontfind_found	 fd;
	char		*offer;

	if (path) {
		if (fontfind_query_path(name, &fd) != 0) {
			diag_error(fs->diag, m, "%s: cannot read font file "
			    "\"%s\"", what, name);
			return -1;
		}
		return add_file(fs, &fd, what, m);
	}
	if (fontfind_lookup(fs->dirset, &w, &fd, &offer) != 0) {
		no_font(fs, what, m, name, offer);
		free(offer);
		return -1;
	}
	free(offer);
	return add_file(fs, &fd, what, m);
}


/* Bold, italic and bold-italic of the regular face's family. */
static int
open_styles(struct fontset *fs, const struct style *st)
{
	static const char *const label[FACE__MAX] = {
		"regular", "bold", "italic", "bold italic"
	};
	struct fontfind_want	 w;
	struct fontfind_found	 fd;
	char		*offer;
	int		 k, i;

	memset(&w, 0, sizeof(w));
	w.family = fs->files[fs->face[FACE_REGULAR]].family;
	w.strict = 1;
	w.local = st->font_is_path ? fontfind_scan_folder_of(st->font) : NULL;
	for (k = FACE_BOLD; k < FACE__MAX; k++) {
		w.bold = k == FACE_BOLD || k == FACE_BOLDITALIC;
		w.italic = k == FACE_ITALIC || k == FACE_BOLDITALIC;
		i = fontfind_lookup(fs->dirset, &w, &fd, &offer);
		free(offer);
		if (i != 0) {
			diag_warn(fs->diag, st->font_mark, "style.font: \"%s\" "
			    "has no %s face; using the regular face",
			    w.family, label[k]);
			fs->face[k] = fs->face[FACE_REGULAR];
		} else
			fs->face[k] = add_file(fs, &fd, "style.font",
			    st->font_mark);
	}
	if (w.local != NULL)
		FcFontSetDestroy(w.local);
	return 0;
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
		i = lookup_regular_face(fs, st->fallback[k],
		    font_is_path_name(st->fallback[k]), what, m);
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
	fs->dirset = fontfind_scan_dir(fontdir);
	fs->fontdir = fontdir;
	fs->cachedir = fontfind_cache_dir();
	HPDF_Error_Init(&fs->herr, NULL);
	fs->mmgr = HPDF_MMgr_New(&fs->herr, 0, NULL, NULL);
	return fs;
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
	if (fs->mmgr == NULL) {
		diag_fail(d, "cannot start libharu's font parser: out of "
		    "memory");
		goto fail;
	}
	name = st->font != NULL ? st->font : "Times New Roman";
	fs->face[FACE_REGULAR] = lookup_regular_face(fs, name, st->font_is_path,
	    "style.font", st->font_mark);
	if (fs->face[FACE_REGULAR] < 0 ||
	    load(fs, &fs->files[fs->face[FACE_REGULAR]]) != 0) {
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
	struct ffile	*f;
	int		 i, j;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nfiles; i++) {
		f = &fs->files[i];
		for (j = 0; j < 256; j++)
			free(f->wpage[j]);
		if (f->sub != NULL)
			HPDF_FontDef_Free(f->sub);
		if (f->full != NULL)
			HPDF_FontDef_Free(f->full);
		free(f->path);
		free(f->family);
		free(f->what);
		free(f->subpath);
	}
	if (fs->mmgr != NULL)
		HPDF_MMgr_Free(fs->mmgr);
	if (fs->dirset != NULL)
		FcFontSetDestroy(fs->dirset);
	free(fs->cachedir);
	free(fs->files);
	free(fs->face);
	free(fs);
}

int
font_init(void)
{
	return FcInit() ? 0 : -1;
}

void
font_cleanup(void)
{
	fontfind_cleanup();
	FcFini();
}

/* ---- metrics ---- */

static struct ffile *
file_of(const struct fontset *fs, int face)
{
	if (face < 0 || face >= fs->nfaces)
		face = FACE_REGULAR;
	return &fs->files[fs->face[face]];
}

/* The parsed file of a face; the regular face's if it cannot be parsed
 * (diagnosed). The metric functions take a const fontset: parsing on
 * first use is a cache fill, invisible to the caller. */
static struct ffile *
ff(const struct fontset *cfs, int face)
{
	struct fontset	*fs = (struct fontset *)cfs;
	struct ffile	*f = file_of(fs, face);

	if (f->state == LOAD_OK || load(fs, f) == 0)
		return f;
	return &fs->files[fs->face[FACE_REGULAR]];
}

/* The cache entry of cp: looked up in the subset, then in the full file
 * (which is then what the face embeds) until the face is drawn. */
static uint32_t
lookup_cp(const struct fontset *fs, struct ffile *f, uint32_t cp)
{
	HPDF_FontDef	 def = f->sub != NULL ? f->sub : f->full;
	HPDF_UINT16	 gid = 0;

	if (cp < 0xFFFF) {
		gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
		if (gid == 0 && def == f->sub && f->drawn == NULL &&
		    need_full((struct fontset *)fs, f) == 0 &&
		    (gid = HPDF_TTFontDef_GetGlyphid(f->full,
		    (HPDF_UINT16)cp)) != 0) {
			f->need_full = 1;
			def = f->full;
		}
	}
	return W_KNOWN | (gid != 0 ? W_HAS : 0) |
	    ((uint32_t)(uint16_t)HPDF_TTFontDef_GetGidWidth(def, gid) &
	    W_MASK);
}

static uint32_t
wentry(const struct fontset *fs, struct ffile *f, uint32_t cp)
{
	uint32_t	*pg, e;

	if (cp > 0xFFFF)
		cp = 0xFFFF;	/* not encodable: .notdef, not covered */
	if ((pg = f->wpage[cp >> 8]) == NULL)
		pg = f->wpage[cp >> 8] = xcalloc(256, sizeof(*pg));
	if ((e = pg[cp & 0xFF]) != 0)
		return e;
	return pg[cp & 0xFF] = lookup_cp(fs, f, cp);
}

int
font_advance(const struct fontset *fs, int face, uint32_t cp)
{
	return (int)(int16_t)(wentry(fs, ff(fs, face), cp) & W_MASK);
}

int
font_has(const struct fontset *fs, int face, uint32_t cp)
{
	return cp <= 0xFFFF && (wentry(fs, ff(fs, face), cp) & W_HAS) != 0;
}

double
font_width(const struct fontset *fs, int face, const char *s, size_t len,
    double size)
{
	struct ffile	*f = ff(fs, face);
	size_t		 i = 0;
	long		 sum = 0;

	while (i < len)
		sum += (int16_t)(wentry(fs, f, txt_next(s, len, &i)) &
		    W_MASK);
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
	return file_of(fs, face)->path;
}

const char *
font_family(const struct fontset *fs, int face)
{
	return file_of(fs, face)->family;
}

/* Measure every code point in the set, so that a character outside a
 * face's subset makes the face embed its full file. */
static void
measure_set(const struct fontset *fs, int face, const uint8_t *set)
{
	uint64_t	 w;
	uint32_t	 i, cp;

	for (i = 0; i < 0x10000 / 64; i++) {	/* mostly empty: by words */
		memcpy(&w, set + i * 8, 8);
		if (w == 0)
			continue;
		for (cp = i * 64; cp < i * 64 + 64; cp++)
			if (set[cp >> 3] & (1u << (cp & 7)))
				font_has(fs, face, cp);
	}
}

int
font_embed(struct fontset *fs, uint8_t *const *drawn, HPDF_FontDef *out)
{
	int		 face, rc = 0;

	for (face = 0; face < fs->nfaces; face++)
		if (drawn[face] != NULL)
			measure_set(fs, face, drawn[face]);
	for (face = 0; face < fs->nfaces; face++) {
		out[face] = NULL;
		if (drawn[face] != NULL &&
		    (out[face] = embed_def(fs, ff(fs, face))) == NULL)
			rc = -1;
	}
	return rc;
}
