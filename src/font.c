/*
 * font.c - the fonts of one report.
 *
 * Owns the lookup of style.font and style.fallback_fonts (the fonts/
 * directory first, then fontconfig), the parsed font files (libharu's
 * TrueType parser, on a memory manager of the fontset's own: no PDF
 * document is needed to measure), per-code-point advance widths and
 * glyph coverage, and the subsets that embed the faces in a PDF
 * (font_embed). pdf.c owns the PDF document.
 *
 * Where the fonts are - fontconfig, the fonts/ folder - is fontfind.c's.
 * Bold/italic faces must be of the same family as the regular face; a
 * missing one falls back to the regular face with a warning.
 *
 * Widths come from libharu's TrueType tables (HPDF_TTFontDef_*) of the
 * whole font file, in the same integer 1/1000 em units libharu writes
 * into the PDF /W array, so layout and the PDF viewer agree exactly.
 * They are cached per font file in lazily filled 256-entry pages of the
 * BMP. Code points outside the BMP are reported as missing: libharu's
 * UTF-8 path only encodes the BMP.
 *
 * Text is measured shaped (font_shape, font_width): shape.c's HarfBuzz
 * font over the same file bytes, made when a file is first shaped,
 * gives kerning and mark positions; the /W widths above stay what the
 * PDF's glyphs advance by, and the TJ adjustments shape.c computes make
 * up the difference.
 *
 * Font files are parsed (HPDF_TTFontDef_Load) when first measured or
 * drawn; a face or fallback never used costs only its lookup. A parsed
 * file, its widths and its shaped runs are kept by the process while the
 * file is unchanged (the file cache, struct fdata): a batch worker parses
 * and shapes its fonts once, not once per report. The
 * regular face is parsed in font_open so that a broken main font is
 * diagnosed there; a broken other face is diagnosed (same message) when
 * first used.
 *
 * A PDF embeds, for each font file it draws with, a subset of the file
 * made for that PDF (ttf_subset, HarfBuzz's subsetter): the glyphs of
 * exactly the code points drawn with the file's faces, the same advance
 * widths. It depends only on the font file and the text, so the same
 * report gives the same bytes wherever the binary is; there is no cache.
 *
 * Return convention: NULL / -1 = failed with a diagnostic recorded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "arena.h"
#include "diag.h"
#include "font.h"
#include "fontfind.h"
#include "hpdf_fix.h"
#include "i18n.h"
#include "shape.h"
#include "ttf.h"
#include "text.h"

#define W_KNOWN		0x80000000u	/* cache entry filled */
#define W_HAS		0x40000000u	/* the font has a glyph */
#define W_MASK		0xFFFFu

/*
 * A font file parsed, with what measuring it has filled: kept for the
 * life of the process (the file cache below), so that a worker building
 * report after report with the same fonts parses each file once and
 * keeps its widths and its shaped runs. All of it depends only on the
 * file's bytes; the key is the file's identity (path, face index, and
 * device, inode, size and modification time as stat gives them, taken
 * before the file is read), so a file replaced or edited between two
 * reports is parsed again. Parsed on the cache's own memory manager.
 */
struct fdata {
	struct fdata	*next;		/* the cache's list */
	char		*path;
	int		 index;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
	int		 users;		/* fontsets holding it now */
	unsigned long	 used;		/* fcache.tick of its last use */
	HPDF_FontDef	 full;		/* the parsed file */
	int		 ascent, descent, gap;	/* 1/1000 em */
	uint32_t	*wpage[256];	/* BMP widths, filled lazily */
	struct shp_font	*shp;		/* HarfBuzz's font, made on first use */
	int		 shp_state;	/* LOAD_NONE, LOAD_OK, LOAD_FAILED */
	struct shp_run	 plain;		/* a run measured without HarfBuzz */
	int32_t		*zeros;		/* its adjustments */
	size_t		 nzeros;
};

/*
 * One font file of a report; faces may share one. Parsed on first use
 * (LOAD_*): then d is the cache's entry, held until font_close.
 * Ownership: the cache owns d; font.c owns sub, always, and frees it in
 * font_close (also at the next font_embed). The subset font_embed gives
 * out is lent by pdf.c to its document, which gives it back before the
 * document is freed (hfix_lend_fontdef, hfix_return_fontdef); so a
 * fontset outlives the documents that embed its fonts.
 */
struct ffile {
	char		*path;		/* the file fontconfig resolved */
	int		 index;		/* face index in a .ttc */
	char		*family;
	char		*what;		/* "style.font" etc., for diagnostics */
	struct mark	 mark;
	struct fdata	*d;		/* parsed (state LOAD_OK), or NULL */
	HPDF_FontDef	 sub;		/* the last font_embed's subset, or NULL */
	uint8_t		*cps;		/* code points drawn, while embedding */
	int		 state;		/* LOAD_NONE, LOAD_OK, LOAD_FAILED */
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
};



/*
 * The file cache: the fdata of the process. A report uses a handful of
 * files; a batch of reports mostly the same ones. Up to FC_KEEP files no
 * fontset holds are kept (the least recently used goes first), and a
 * file's shaped runs are dropped when they pass FC_SHP_KEEP bytes, so
 * that a worker's memory stays bounded however many reports it builds.
 * Freed by font_cleanup.
 */
#define FC_KEEP		8
#define FC_SHP_KEEP	(2u << 20)

static struct {
	HPDF_Error_Rec	 herr;		/* libharu's errors while parsing */
	HPDF_MMgr	 mmgr;		/* what the files are parsed on */
	struct fdata	*list;
	unsigned long	 tick;
} fcache;

static void
fdata_free(struct fdata *d)
{
	int	 j;

	/* HarfBuzz reads the parsed file's bytes: it goes first */
	shp_font_free(d->shp);
	for (j = 0; j < 256; j++)
		free(d->wpage[j]);
	if (d->full != NULL)
		HPDF_FontDef_Free(d->full);
	free(d->zeros);
	free(d->path);
	free(d);
}

/* The cache's memory manager, made on first use; NULL: out of memory. */
static HPDF_MMgr
fcache_mmgr(void)
{
	if (fcache.mmgr == NULL) {
		HPDF_Error_Init(&fcache.herr, NULL);
		fcache.mmgr = HPDF_MMgr_New(&fcache.herr, 0, NULL, NULL);
	}
	return fcache.mmgr;
}

static int
same_file(const struct fdata *d, const char *path, int index,
    const struct stat *st)
{
	return d->index == index && strcmp(d->path, path) == 0 &&
	    d->dev == st->st_dev && d->ino == st->st_ino &&
	    d->size == st->st_size &&
	    d->mtime.tv_sec == st->st_mtim.tv_sec &&
	    d->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The entry of the file as it is now, or NULL. An entry of the same path
 * and index that no longer matches the file, and no fontset holds, is
 * dropped. */
static struct fdata *
fcache_find(const char *path, int index, const struct stat *st)
{
	struct fdata	**pp, *d;

	for (pp = &fcache.list; (d = *pp) != NULL; ) {
		if (same_file(d, path, index, st))
			return d;
		if (d->users == 0 && d->index == index &&
		    strcmp(d->path, path) == 0) {
			*pp = d->next;
			fdata_free(d);
		} else
			pp = &d->next;
	}
	return NULL;
}

/* Keep at most FC_KEEP entries no fontset holds. */
static void
fcache_trim(void)
{
	struct fdata	**pp, **lru, *d;
	int		 idle;

	for (;;) {
		idle = 0;
		lru = NULL;
		for (pp = &fcache.list; (d = *pp) != NULL; pp = &d->next)
			if (d->users == 0) {
				idle++;
				if (lru == NULL || d->used < (*lru)->used)
					lru = pp;
			}
		if (idle <= FC_KEEP)
			return;
		d = *lru;
		*lru = d->next;
		fdata_free(d);
	}
}

/* A fontset is done with d. */
static void
fcache_release(struct fdata *d)
{
	d->users--;
	d->used = ++fcache.tick;
	if (d->shp != NULL && shp_font_cached(d->shp) > FC_SHP_KEEP) {
		shp_font_free(d->shp);
		d->shp = NULL;
		d->shp_state = LOAD_NONE;
	}
	fcache_trim();
}

static void
fcache_free(void)
{
	struct fdata	*d, *next;

	for (d = fcache.list; d != NULL; d = next) {
		next = d->next;
		fdata_free(d);
	}
	fcache.list = NULL;
	if (fcache.mmgr != NULL)
		HPDF_MMgr_Free(fcache.mmgr);
	fcache.mmgr = NULL;
}

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

/* Parse a TrueType font checked in memory (stream s, of hfix_*_stream)
 * for embedding, not (yet) part of a document. NULL on failure: the font
 * is not usable, why it is not in `why`; or with why "" libharu's error
 * left in mmgr's error record. The stream is the definition's, or freed. */
static HPDF_FontDef
parse_stream(HPDF_MMgr mmgr, HPDF_Stream s, int ttc, int index,
    char *why, size_t whysz)
{
	const unsigned char	*data;
	size_t			 len;

	data = hfix_stream_bytes(s, &len);
	if (ttf_check(data, len, ttc, (unsigned)index, why, whysz) != 0) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	if (ttc)
		return HPDF_TTFontDef_Load2(mmgr, s, (HPDF_UINT)index,
		    HPDF_TRUE);
	return HPDF_TTFontDef_Load(mmgr, s, HPDF_TRUE);
}

static HPDF_FontDef
parse_file(HPDF_MMgr mmgr, const char *path, int index, char *why,
    size_t whysz)
{
	HPDF_Stream	 s;

	why[0] = '\0';
	if ((s = hfix_font_stream(mmgr, path, why, whysz)) == NULL)
		return NULL;
	return parse_stream(mmgr, s, is_ttc(path), index, why, whysz);
}

/* f cannot be used: why, or with why "" libharu's error in herr. */
static void
cannot_load(struct fontset *fs, HPDF_Error herr, struct ffile *f,
    const char *why)
{
	char	 buf[400];

	if (why[0] != '\0')
		diag_error(fs->diag, f->mark, "%s: \"%s\" is not a usable "
		    "TrueType font: %s", f->what, f->path, why);
	else
		diag_error(fs->diag, f->mark, "%s: cannot load font file "
		    "\"%s\": %s", f->what, f->path, hfix_error_text(NULL,
		    herr, buf, sizeof(buf)) ? buf :
		    _("not a TrueType font"));
}

/* The file of f parsed, with its vertical metrics: a new cache entry;
 * NULL = cannot be used, diagnosed. */
static struct fdata *
parse_new(struct fontset *fs, struct ffile *f, const struct stat *st)
{
	struct fdata	*d;
	char		 why[400];

	if (fcache_mmgr() == NULL) {
		cannot_load(fs, &fcache.herr, f, _("out of memory"));
		return NULL;
	}
	HPDF_Error_Reset(&fcache.herr);
	d = xcalloc(1, sizeof(*d));
	if ((d->full = parse_file(fcache.mmgr, f->path, f->index, why,
	    sizeof(why))) == NULL) {
		cannot_load(fs, &fcache.herr, f, why);
		free(d);
		return NULL;
	}
	d->path = xstrdup(f->path);
	d->index = f->index;
	if (st != NULL) {
		d->dev = st->st_dev;
		d->ino = st->st_ino;
		d->size = st->st_size;
		d->mtime = st->st_mtim;
	} else
		d->size = -1;	/* matches no file: never found again */
	d->ascent = d->full->ascent;
	d->descent = d->full->descent < 0 ? d->full->descent :
	    -d->full->descent;
	d->gap = line_gap(d->full);
	d->next = fcache.list;
	fcache.list = d;
	return d;
}

/* Parse the file (once per report; once per process while it is
 * unchanged: the cache). 0 = ok, -1 = failed and diagnosed. */
static int
load(struct fontset *fs, struct ffile *f)
{
	struct stat	 st;
	struct fdata	*d = NULL;
	int		 known;

	if (f->state != LOAD_NONE)
		return f->state == LOAD_OK ? 0 : -1;
	f->state = LOAD_FAILED;
	known = stat(f->path, &st) == 0;
	if (known)
		d = fcache_find(f->path, f->index, &st);
	if (d == NULL && (d = parse_new(fs, f, known ? &st : NULL)) == NULL)
		return -1;
	d->users++;
	f->d = d;
	f->state = LOAD_OK;
	return 0;
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
	else if ((sys == NULL || sys->nfont == 0) && dir)  /* none configured */
		diag_error(fs->diag, m, "%s: no font \"%s\": not in the fonts "
		    "folder \"%s\", and fontconfig knows no fonts at all "
		    "(configuration: %s)", what, name,
		    fs->fontdir ? fs->fontdir : "",
		    conf ? conf : _("the system's fonts.conf"));
	else if (sys == NULL || sys->nfont == 0)
		diag_error(fs->diag, m, "%s: no font \"%s\": not in the fonts "
		    "folder \"%s\" (missing or empty), and fontconfig knows "
		    "no fonts at all (configuration: %s)", what, name,
		    fs->fontdir ? fs->fontdir : "",
		    conf ? conf : _("the system's fonts.conf"));
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
		N_("regular"), N_("bold"), N_("italic"), N_("bold italic")
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
			    w.family, _(label[k]));
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
	int		 i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nfiles; i++) {
		f = &fs->files[i];
		if (f->d != NULL)
			fcache_release(f->d);
		if (f->sub != NULL)
			HPDF_FontDef_Free(f->sub);
		free(f->cps);
		free(f->path);
		free(f->family);
		free(f->what);
	}
	if (fs->mmgr != NULL)
		HPDF_MMgr_Free(fs->mmgr);
	if (fs->dirset != NULL)
		FcFontSetDestroy(fs->dirset);
	free(fs->files);
	free(fs->face);
	free(fs);
}

void
font_cleanup(void)
{
	fcache_free();
	hfix_z_cleanup();	/* deflate states and memo */
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

/* The cache entry of cp. */
static uint32_t
lookup_cp(struct fdata *f, uint32_t cp)
{
	HPDF_UINT16	 gid = 0;

	if (cp < 0xFFFF)
		gid = HPDF_TTFontDef_GetGlyphid(f->full, (HPDF_UINT16)cp);
	return W_KNOWN | (gid != 0 ? W_HAS : 0) |
	    ((uint32_t)(uint16_t)HPDF_TTFontDef_GetGidWidth(f->full, gid) &
	    W_MASK);
}

static uint32_t
wentry(struct fdata *f, uint32_t cp)
{
	uint32_t	*pg, e;

	if (cp > 0xFFFF)
		cp = 0xFFFF;	/* not encodable: .notdef, not covered */
	if ((pg = f->wpage[cp >> 8]) == NULL)
		pg = f->wpage[cp >> 8] = xcalloc(256, sizeof(*pg));
	if ((e = pg[cp & 0xFF]) != 0)
		return e;
	return pg[cp & 0xFF] = lookup_cp(f, cp);
}

int
font_advance(const struct fontset *fs, int face, uint32_t cp)
{
	return (int)(int16_t)(wentry(ff(fs, face)->d, cp) & W_MASK);
}

int
font_has(const struct fontset *fs, int face, uint32_t cp)
{
	return cp <= 0xFFFF && (wentry(ff(fs, face)->d, cp) & W_HAS) != 0;
}

/* font_advance of a file, for shape.c. */
static int
file_width(void *arg, uint32_t cp)
{
	return (int)(int16_t)(wentry(arg, cp) & W_MASK);
}

/* The file's HarfBuzz font, made on first use; NULL if HarfBuzz cannot
 * read the file libharu parsed (it is then measured unshaped). */
static struct shp_font *
shaper(struct fdata *f)
{
	const unsigned char	*data;
	size_t			 len;

	if (f->shp_state == LOAD_NONE) {
		f->shp_state = LOAD_FAILED;
		data = hfix_fontdef_bytes(f->full, &len);
		if (data != NULL && (f->shp = shp_font_new(data, len,
		    is_ttc(f->path) ? (unsigned)f->index : 0, file_width,
		    f)) != NULL)
			f->shp_state = LOAD_OK;
	}
	return f->shp;
}

/* s measured by its /W widths, no adjustment. */
static const struct shp_run *
plain_run(struct fdata *f, const char *s, size_t len)
{
	size_t	 i = 0;
	long	 sum = 0;

	if (len > f->nzeros) {
		free(f->zeros);
		f->nzeros = 2 * len;
		f->zeros = xcalloc(f->nzeros, sizeof(*f->zeros));
	}
	f->plain.n = 0;
	while (i < len) {
		sum += file_width(f, txt_next(s, len, &i));
		f->plain.n++;
	}
	f->plain.w = (double)sum;
	f->plain.end = sum;
	f->plain.nadj = 0;
	f->plain.plain = 1;
	f->plain.adj = f->zeros;
	return &f->plain;
}

const struct shp_run *
font_shape(const struct fontset *fs, int face, const char *s, size_t len)
{
	struct fdata	*f = ff(fs, face)->d;
	struct shp_font	*sh = shaper(f);

	return sh != NULL ? shp_shape(sh, s, len) : plain_run(f, s, len);
}

double
font_run_width(const struct fontset *fs, int face, const char *s,
    size_t len)
{
	return font_shape(fs, face, s, len)->w;
}

double
font_space(const struct fontset *fs, int face, uint32_t a, uint32_t b)
{
	struct fdata	*f = ff(fs, face)->d;
	struct shp_font	*sh = shaper(f);

	return sh != NULL ? shp_space(sh, a, b) : file_width(f, ' ');
}

double
font_width(const struct fontset *fs, int face, const char *s, size_t len,
    double size)
{
	return font_run_width(fs, face, s, len) * size / 1000.0;
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
	return ff(fs, face)->d->ascent;
}

int
font_descent(const struct fontset *fs, int face)
{
	return ff(fs, face)->d->descent;
}

int
font_line_height(const struct fontset *fs, int face)
{
	struct fdata	*f = ff(fs, face)->d;

	return f->ascent - f->descent + f->gap;
}

/* The glyf bounding box's yMin of cp's glyph, read from the file's bytes
 * libharu keeps (HPDF_TTFontDef_GetCharBBox reads the next glyph's box
 * for an empty glyph such as the space: an empty glyph is checked here
 * and gives 0). 1/1000 em, negative below the baseline; 0 without a
 * glyph. For a composite glyph (A + dot below) the box is the whole's. */
int
font_ink_bottom(const struct fontset *fs, int face, uint32_t cp)
{
	struct fdata		*f = ff(fs, face)->d;
	HPDF_TTFontDefAttr	 a = f->full->attr;
	const unsigned char	*data;
	size_t			 len;
	long			 o0, o1, m;
	HPDF_UINT16		 gid;

	if (cp >= 0xFFFF || a->header.units_per_em == 0 ||
	    (gid = HPDF_TTFontDef_GetGlyphid(f->full, (HPDF_UINT16)cp)) == 0 ||
	    gid >= a->num_glyphs)
		return 0;
	m = a->header.index_to_loc_format == 0 ? 2 : 1;
	o0 = (long)a->glyph_tbl.offsets[gid] * m;
	o1 = (long)a->glyph_tbl.offsets[gid + 1] * m;
	if (o1 <= o0)
		return 0;
	data = hfix_fontdef_bytes(f->full, &len);
	return mem_u16(data, len, (long)a->glyph_tbl.base_offset + o0 + 4) *
	    1000 / a->header.units_per_em;
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

/* ---- subsets for a PDF ---- */

/* The subset of f for the code points in f->cps, parsed into f->sub. 0 =
 * ok, -1 = failed and diagnosed as a damaged file is: HarfBuzz refuses
 * the file, or its subset is not one libharu can read. */
static int
make_subset(struct fontset *fs, struct ffile *f)
{
	const unsigned char	*data;
	unsigned char		*sub;
	size_t			 len, sublen;
	HPDF_Stream		 s;
	char			 why[400], what[600];

	data = hfix_fontdef_bytes(f->d->full, &len);
	if (ttf_subset(data, len, is_ttc(f->path), (unsigned)f->index,
	    f->cps, &sub, &sublen, why, sizeof(why)) != 0) {
		cannot_load(fs, &fs->herr, f, why);
		return -1;
	}
	why[0] = '\0';
	s = hfix_mem_stream(fs->mmgr, sub, sublen);
	free(sub);
	if (s != NULL && (f->sub = parse_stream(fs->mmgr, s, 0, 0, why,
	    sizeof(why))) != NULL)
		return 0;
	if (why[0] != '\0')
		snprintf(what, sizeof(what), _("HarfBuzz's subset of it is "
		    "not: %s"), why);
	else
		snprintf(what, sizeof(what), "%s", _("HarfBuzz's subset of "
		    "it is not one libharu reads"));
	cannot_load(fs, &fs->herr, f, what);
	return -1;
}

/* Add the code points of `set` to those f draws. */
static void
add_cps(struct ffile *f, const uint8_t *set)
{
	size_t	 i;

	if (f->cps == NULL)
		f->cps = xcalloc(0x10000 / 8, 1);
	for (i = 0; i < 0x10000 / 8; i++)
		f->cps[i] |= set[i];
}

int
font_embed(struct fontset *fs, uint8_t *const *drawn, HPDF_FontDef *out)
{
	struct ffile	*f;
	int		 face, i, rc = 0;

	for (i = 0; i < fs->nfiles; i++) {
		f = &fs->files[i];
		if (f->sub != NULL)
			HPDF_FontDef_Free(f->sub);
		f->sub = NULL;
		free(f->cps);
		f->cps = NULL;
	}
	for (face = 0; face < fs->nfaces; face++)
		if (drawn[face] != NULL)
			add_cps(ff(fs, face), drawn[face]);
	for (i = 0; i < fs->nfiles; i++) {
		f = &fs->files[i];
		if (f->cps != NULL && make_subset(fs, f) != 0)
			rc = -1;
	}
	for (face = 0; face < fs->nfaces; face++)
		out[face] = drawn[face] != NULL ? ff(fs, face)->sub : NULL;
	return rc;
}
