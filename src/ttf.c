/*
 * ttf.c - TrueType font files in memory (ttf.h): checked before libharu
 * parses them, subset for a PDF (HarfBuzz), described for a PDF.
 *
 * libharu 2.3.0's TrueType parser (hpdf_fontdef_tt.c) trusts the file.
 * A read past the end of the stream stops it with HPDF_STREAM_EOF, an
 * error it does not record, so several parsers return HPDF_OK half done;
 * and it takes counts and offsets from the tables without a bound. On a
 * damaged file that means: a NULL table directory read (a file shorter
 * than its directory), a division by zero (unitsPerEm 0), writes past
 * its glyph arrays (numGlyphs 0; numberOfHMetrics > numGlyphs), reads
 * past its cmap arrays (a segment count of 0, no final U+FFFF segment,
 * an idRangeOffset one past the glyph array, which is NULL when empty),
 * past its loca array (GetCharBBox of 'H' and 'x' indexes it with the
 * glyph the cmap gives, unchecked) and past a 255-byte stack buffer
 * (a long UTF-16 PostScript name). A worker builds many reports, so a
 * write that does not crash could spoil later ones.
 *
 * ttf_check() therefore checks, on the bytes in memory, all that the
 * parser and the later uses of the parsed font read from the file:
 * HPDF_TTFontDef_Load, HPDF_TTFontDef_GetGlyphid for each of the 65,536
 * codes (HPDF_GetFont) and the glyph widths. It is stricter than memory
 * safety needs where a valid font is never affected (every .ttf
 * fontconfig lists on Debian 12 passes), so that what passes also draws
 * right: every table inside the file; head, maxp, hhea, hmtx, loca,
 * glyf, cmap, name and OS/2 present and as long as what is read of them;
 * the Windows Unicode (3,1) format 4 cmap libharu uses, with its arrays
 * inside the table, segments in order and ending at U+FFFF, every code
 * mapped to an existing glyph the way libharu computes it; loca offsets
 * in order and inside glyf; the names libharu takes (PostScript name and
 * subfamily, Macintosh or Windows English) inside the table and short
 * enough. cvt, fpgm, prep and post may be missing. Table checksums and
 * the glyph outlines are not checked: libharu does not read them, and
 * HarfBuzz's subsetter (ttf_subset), which does, checks what it reads
 * and refuses a font it cannot. The subset it makes is what the PDF
 * embeds; it passes ttf_check again before libharu parses it. A rejected
 * file is diagnosed as "... is not a usable TrueType font:" and the
 * reason.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

#include "arena.h"
#include "i18n.h"
#include "ttf.h"

#define TTF_MAXTABLES	625	/* libharu: 16 * numTables <= 10000 */

struct sfnt {
	const unsigned char	*d;
	uint32_t		 len;	/* of the file */
	uint32_t		 dir;	/* where the offset table is */
	unsigned		 ntab;
	char			*why;
	size_t			 whysz;
};

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Record why the font is not usable, in the language of messages (`make
 * po` extracts the formats: keyword unusable:2); -1. */
__attribute__((format(printf, 2, 3))) static int
unusable(struct sfnt *t, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(t->why, t->whysz, _(fmt), ap);
	va_end(ap);
	return -1;
}

/* The first table `tag` (as libharu's FindTable), at least `min` bytes
 * long: its data and length, or NULL with the reason recorded. */
static const unsigned char *
sfnt_table(struct sfnt *t, const char *tag, uint32_t min, uint32_t *len)
{
	const unsigned char	*r;
	unsigned		 i;

	for (i = 0; i < t->ntab; i++) {
		r = t->d + t->dir + 12 + 16 * i;
		if (memcmp(r, tag, 4) != 0)
			continue;
		*len = be32(r + 12);
		if (*len < min) {
			unusable(t, "its '%s' table is cut short", tag);
			return NULL;
		}
		return t->d + be32(r + 8);
	}
	unusable(t, "its '%s' table is missing", tag);
	return NULL;
}

/* The file header (of font `index` in a collection) and the table
 * directory: every table inside the file. */
static int
sfnt_dir(struct sfnt *t, int ttc, unsigned index)
{
	const unsigned char	*d = t->d, *r;
	uint32_t		 n, off, len;
	char			 tag[5];
	unsigned		 i, k;

	if (t->len == 0)
		return unusable(t, "the file is empty");
	if (ttc) {
		if (t->len < 12 || memcmp(d, "ttcf", 4) != 0)
			return unusable(t, "it is not a TrueType collection");
		n = be32(d + 8);
		if (index >= n)
			return unusable(t, "the collection has no font %u (it "
			    "holds %u)", index, (unsigned)n);
		if (12 + 4 * (uint64_t)index + 4 > t->len)
			return unusable(t, "its collection header is cut "
			    "short");
		t->dir = be32(d + 12 + 4 * index);
	}
	if ((uint64_t)t->dir + 12 > t->len && t->dir == 0)
		return unusable(t, "it is too short to be a font (%u bytes)",
		    (unsigned)t->len);
	if ((uint64_t)t->dir + 12 > t->len)
		return unusable(t, "its table directory is cut short");
	d += t->dir;
	if (memcmp(d, "OTTO", 4) == 0)
		return unusable(t, "it has PostScript (CFF) outlines, not "
		    "TrueType ones");
	if (memcmp(d, "ttcf", 4) == 0)
		return unusable(t, "it is a TrueType collection (only a .ttc "
		    "file is read as one)");
	if (be32(d) != 0x00010000 && memcmp(d, "true", 4) != 0)
		return unusable(t, "it does not begin as a TrueType font does");
	t->ntab = be16(d + 4);
	if (t->ntab == 0)
		return unusable(t, "it has no tables");
	if (t->ntab > TTF_MAXTABLES)
		return unusable(t, "it has too many tables (%u)", t->ntab);
	if ((uint64_t)t->dir + 12 + 16 * t->ntab > t->len)
		return unusable(t, "its table directory is cut short");
	for (i = 0; i < t->ntab; i++) {
		r = d + 12 + 16 * i;
		off = be32(r + 8);
		len = be32(r + 12);
		if ((uint64_t)off + len <= t->len && (len == 0 || off >= 12))
			continue;
		for (k = 0; k < 4; k++)
			tag[k] = r[k] >= 0x20 && r[k] < 0x7F ? (char)r[k] :
			    '?';
		tag[4] = '\0';
		if (off < 12 && len != 0)
			return unusable(t, "its '%s' table overlaps the file "
			    "header", tag);
		return unusable(t, "its '%s' table runs past the end of the "
		    "file (the file is cut short or damaged)", tag);
	}
	return 0;
}

/* The cmap subtable libharu uses and every code's glyph as its
 * HPDF_TTFontDef_GetGlyphid computes it. */
static int
sfnt_cmap(struct sfnt *t, unsigned nglyphs)
{
	const unsigned char	*c, *s = NULL, *r, *endc, *startc, *deltac,
				*roc, *garr;
	uint32_t		 cl, so = 0, length, seg, count, i, n;
	uint32_t		 a, e, st, ro, u, idx, g, delta;
	int32_t			 prev;

	if ((c = sfnt_table(t, "cmap", 4, &cl)) == NULL)
		return -1;
	if (be16(c) != 0)
		return unusable(t, "its 'cmap' table has an unknown version");
	n = be16(c + 2);
	if (4 + 8 * n > cl)
		return unusable(t, "its 'cmap' table is cut short");
	for (i = 0; i < n; i++) {	/* as libharu: the first (3,1) fmt 4 */
		r = c + 4 + 8 * i;
		so = be32(r + 4);
		if (so > cl - 2)
			return unusable(t, "its 'cmap' table is damaged (a "
			    "subtable lies outside it)");
		if (be16(r) == 3 && be16(r + 2) == 1 && be16(c + so) == 4) {
			s = c + so;
			break;
		}
	}
	if (s == NULL)
		return unusable(t, "its 'cmap' table has no Unicode subtable "
		    "of format 4 (Windows, BMP)");
	if ((uint64_t)so + 14 > cl)
		return unusable(t, "its 'cmap' table is cut short");
	length = be16(s + 2);
	if (be16(s + 6) == 0 || be16(s + 6) % 2 != 0)
		return unusable(t, "its 'cmap' table is damaged (segCountX2 "
		    "is %u)", be16(s + 6));
	seg = be16(s + 6) / 2;
	if ((uint64_t)so + 16 + 8 * seg > cl)
		return unusable(t, "its 'cmap' table is cut short");
	if (length < 16 + 8 * seg || (uint64_t)so + length > cl)
		return unusable(t, "its 'cmap' table is damaged (a subtable "
		    "length of %u)", (unsigned)length);
	count = (length - (16 + 8 * seg)) / 2;	/* glyph_id_array_count */
	endc = s + 14;
	startc = endc + 2 * seg + 2;
	deltac = startc + 2 * seg;
	roc = deltac + 2 * seg;
	garr = roc + 2 * seg;
	if (be16(endc + 2 * (seg - 1)) != 0xFFFF)
		return unusable(t, "its 'cmap' table does not end at U+FFFF");
	for (i = 0, prev = -1; i < seg; i++) {
		e = be16(endc + 2 * i);
		st = be16(startc + 2 * i);
		delta = be16(deltac + 2 * i);
		ro = be16(roc + 2 * i);
		if ((int32_t)e <= prev)
			return unusable(t, "its 'cmap' table is damaged "
			    "(segments out of order)");
		/* libharu takes the first segment ending at or after a code,
		 * so this one answers the codes from a to e. */
		a = st > (uint32_t)(prev + 1) ? st : (uint32_t)(prev + 1);
		prev = (int32_t)e;
		if (a > e)
			continue;
		if (ro == 0) {		/* gid = code + delta, mod 65536 */
			g = (a + delta) & 0xFFFF;
			if (g + (e - a) < nglyphs)
				continue;
			u = g >= nglyphs ? a : a + (nglyphs - g);
			return unusable(t, "its 'cmap' table maps U+%04X to "
			    "glyph %u, but it has %u glyphs", (unsigned)u,
			    (unsigned)((u + delta) & 0xFFFF), nglyphs);
		}
		for (u = a; u <= e; u++) {
			idx = (ro / 2 + (u - st)) - (seg - i);
			if (idx >= count)
				return unusable(t, "its 'cmap' table is "
				    "damaged (U+%04X points past its glyph "
				    "array)", (unsigned)u);
			g = (be16(garr + 2 * idx) + delta) & 0xFFFF;
			if (g >= nglyphs)
				return unusable(t, "its 'cmap' table maps "
				    "U+%04X to glyph %u, but it has %u "
				    "glyphs", (unsigned)u, (unsigned)g,
				    nglyphs);
		}
	}
	return 0;
}

/* The PostScript name (ID 6) and subfamily (ID 2) libharu's ParseName
 * takes: the last Macintosh Roman record, else the last Windows Unicode
 * US English one; together at most 119 bytes, as it requires. */
static int
sfnt_name(struct sfnt *t)
{
	const unsigned char	*nm, *r, *src[2], *srcu[2];
	uint32_t		 nl, n, sto, i, k, ln, of;
	uint32_t		 len[2], lenu[2];
	int			 mac[2], uni[2];

	if ((nm = sfnt_table(t, "name", 6, &nl)) == NULL)
		return -1;
	n = be16(nm + 2);
	sto = be16(nm + 4);
	if (6 + 12 * n > nl)
		return unusable(t, "its 'name' table is cut short");
	mac[0] = mac[1] = uni[0] = uni[1] = 0;
	len[0] = len[1] = lenu[0] = lenu[1] = 0;
	src[0] = src[1] = srcu[0] = srcu[1] = NULL;
	for (i = 0; i < n; i++) {
		r = nm + 6 + 12 * i;
		ln = be16(r + 8);
		of = be16(r + 10);
		if (sto + of + ln > nl)
			return unusable(t, "its 'name' table is damaged (a "
			    "name lies outside it)");
		k = be16(r + 6) == 6 ? 0 : be16(r + 6) == 2 ? 1 : 2;
		if (k == 2)
			continue;
		if (be16(r) == 1 && be16(r + 2) == 0) {
			mac[k] = 1;
			len[k] = ln;
			src[k] = nm + sto + of;
		}
		if (be16(r) == 3 && be16(r + 2) == 1 &&
		    be16(r + 4) == 0x0409) {
			uni[k] = 1;
			lenu[k] = ln;
			srcu[k] = nm + sto + of;
		}
	}
	if (!mac[0] && !uni[0])
		return unusable(t, "its 'name' table has no PostScript name");
	if (!mac[1] && !uni[1])
		return unusable(t, "its 'name' table has no subfamily name");
	for (k = 0; k < 2; k++) {
		if (!mac[k])
			src[k] = srcu[k];
		if (len[k] == 0 && lenu[k] > 0)
			len[k] = lenu[k] / 2 + lenu[k] % 2;
		if (!mac[k] && lenu[k] % 2 != 0)
			return unusable(t, "its 'name' table is damaged (a "
			    "UTF-16 name of odd length)");
		/* Read from the Macintosh string for len[k] bytes even when
		 * its own length is 0 (as ParseName does). */
		if (mac[k] && src[k] + len[k] > nm + nl)
			return unusable(t, "its 'name' table is damaged (a "
			    "name lies outside it)");
	}
	if (len[0] + len[1] + 8 > 127)
		return unusable(t, "its 'name' table gives a PostScript name "
		    "too long for a PDF (%u bytes)", (unsigned)(len[0] +
		    len[1]));
	if (len[0] == 0 || (mac[0] ? src[0][0] : src[0][1]) == 0)
		return unusable(t, "its 'name' table gives an empty "
		    "PostScript name");
	return 0;
}

int
ttf_check(const unsigned char *data, size_t flen, int ttc, unsigned index,
    char *why, size_t whysz)
{
	struct sfnt		 t;
	const unsigned char	*head, *maxp, *hhea, *loca, *glyf, *os2, *p;
	uint32_t		 len, glen, o, prev, i;
	unsigned		 nglyphs, nhm, upem, esz, ver;
	int			 format;

	memset(&t, 0, sizeof(t));
	t.d = data;
	t.len = flen > UINT32_MAX ? UINT32_MAX : (uint32_t)flen;
	t.why = why;
	t.whysz = whysz;
	if (sfnt_dir(&t, ttc, index) != 0)
		return -1;
	if ((head = sfnt_table(&t, "head", 54, &len)) == NULL)
		return -1;
	upem = be16(head + 18);
	format = (int16_t)be16(head + 50);
	if (upem == 0)
		return unusable(&t, "its 'head' table gives 0 units per em");
	if (format != 0 && format != 1)
		return unusable(&t, "its 'head' table gives an unknown 'loca' "
		    "format (%d)", format);
	if ((maxp = sfnt_table(&t, "maxp", 6, &len)) == NULL)
		return -1;
	if ((nglyphs = be16(maxp + 4)) == 0)
		return unusable(&t, "its 'maxp' table gives 0 glyphs");
	if ((hhea = sfnt_table(&t, "hhea", 36, &len)) == NULL)
		return -1;
	nhm = be16(hhea + 34);
	if (nhm == 0 || nhm > nglyphs)
		return unusable(&t, "its 'hhea' table gives %u horizontal "
		    "metrics for %u glyphs", nhm, nglyphs);
	if (sfnt_cmap(&t, nglyphs) != 0)
		return -1;
	if (sfnt_table(&t, "hmtx", 4 * nhm + 2 * (nglyphs - nhm), &len) ==
	    NULL)
		return -1;
	esz = format == 0 ? 2 : 4;
	if ((loca = sfnt_table(&t, "loca", esz * (nglyphs + 1), &len)) ==
	    NULL || (glyf = sfnt_table(&t, "glyf", 0, &glen)) == NULL)
		return -1;
	for (i = 0, prev = 0; i <= nglyphs; i++) {
		p = loca + esz * i;
		o = format == 0 ? 2 * be16(p) : be32(p);
		if (o < prev)
			return unusable(&t, "its 'loca' table is damaged "
			    "(glyph %u begins before glyph %u)", (unsigned)i,
			    (unsigned)i - 1);
		if (o > glen)
			return unusable(&t, "its 'loca' table points past the "
			    "end of its 'glyf' table");
		prev = o;
	}
	(void)glyf;
	if (sfnt_name(&t) != 0)
		return -1;
	if ((os2 = sfnt_table(&t, "OS/2", 42, &len)) == NULL)
		return -1;
	ver = be16(os2);
	if (ver > 0 && len < 86)
		return unusable(&t, "its 'OS/2' table is cut short");
	return 0;
}


/* ---- subsets (HarfBuzz) ---- */

/*
 * Tables the subset leaves out, besides those HarfBuzz drops anyway
 * (DSIG, kerx, morx, ...): the layout tables (GSUB, GPOS, GDEF, kern and
 * kin). A PDF draws glyphs already chosen; kept, they would also pull
 * into the subset every glyph a substitution can reach from the ones
 * drawn (ligatures, small caps).
 *
 * Hinting goes too (HB_SUBSET_FLAGS_NO_HINTING: the glyphs' instructions
 * and the cvt, fpgm, prep, hdmx and VDMX tables): it only snaps outlines
 * to a screen's pixel grid at small sizes, which print (600 dpi and up)
 * and today's viewers (FreeType's light hinting, pdf.js, Acrobat) do not
 * use, and it was a third of every subset (the samples: 84 -> 56 KB).
 * ISO 32000-1 9.9 asks for cvt, fpgm and prep only "if they are required
 * by the font instructions": there are none left.
 */
static const char *const subset_drop[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "FFTM",
};

static void
subset_setup(hb_subset_input_t *in, const uint8_t *cps)
{
	hb_set_t	*u = hb_subset_input_unicode_set(in);
	hb_set_t	*s;
	size_t		 i;
	unsigned	 k;

	for (i = 0; i < 0x10000 / 8; i++)	/* mostly zero bytes */
		for (k = 0; k < 8 && cps[i] >> k != 0; k++)
			if ((cps[i] >> k) & 1)
				hb_set_add(u, (hb_codepoint_t)(i * 8 + k));
	s = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof(subset_drop) / sizeof(subset_drop[0]); i++)
		hb_set_add(s, hb_tag_from_string(subset_drop[i], 4));
	/* the names libharu reads (ttf_check's sfnt_name) in the
	 * records it reads: Macintosh English (language 0) too */
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID), 0);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NAME_LEGACY |
	    HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_HINTING);
}

int
ttf_subset(const unsigned char *data, size_t len, int ttc, unsigned index,
    const uint8_t *cps, unsigned char **out, size_t *outlen, char *why,
    size_t whysz)
{
	hb_blob_t		*blob, *res = NULL;
	hb_face_t		*face, *sub = NULL;
	hb_subset_input_t	*in;
	const char		*d;
	unsigned		 n = 0;

	*out = NULL;
	*outlen = 0;
	blob = hb_blob_create((const char *)data, (unsigned)len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	face = hb_face_create(blob, ttc ? index : 0);
	if ((in = hb_subset_input_create_or_fail()) != NULL) {
		subset_setup(in, cps);
		sub = hb_subset_or_fail(face, in);
		hb_subset_input_destroy(in);
	}
	if (sub != NULL) {
		res = hb_face_reference_blob(sub);
		d = hb_blob_get_data(res, &n);
		if (n > 0) {
			*out = xmalloc(n);
			memcpy(*out, d, n);
			*outlen = n;
		}
		hb_blob_destroy(res);
		hb_face_destroy(sub);
	}
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	if (*out != NULL)
		return 0;
	snprintf(why, whysz, "%s", _("the subset of it that the PDF embeds "
	    "cannot be made (HarfBuzz refuses its tables)"));
	return -1;
}

/* ---- the font descriptor ---- */

/* Table `tag` of a font ttf_check passed, at least `min` bytes long, or
 * NULL. */
static const unsigned char *
desc_table(const unsigned char *data, size_t len, const char *tag,
    uint32_t min)
{
	struct sfnt		 t;
	const unsigned char	*p;
	uint32_t		 tl;
	char			 why[8];

	memset(&t, 0, sizeof(t));
	t.d = data;
	t.len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	t.why = why;
	t.whysz = sizeof(why);
	if (sfnt_dir(&t, 0, 0) != 0 ||
	    (p = sfnt_table(&t, tag, min, &tl)) == NULL)
		return NULL;
	return p;
}

/* PANOSE bSerifStyle: 2-10 are serifs (cove, square, thin, ...), 11 and
 * up sans serif; family type 3 is hand written (script). */
static void
desc_class(const unsigned char *os2, struct ttf_desc *d)
{
	unsigned	 cls = os2[30];		/* sFamilyClass, high byte */

	if (cls != 0) {
		d->serif = (cls >= 1 && cls <= 5) || cls == 7;
		d->script = cls == 10;
		return;
	}
	d->serif = os2[32] == 2 && os2[33] >= 2 && os2[33] <= 10;
	d->script = os2[32] == 3;
}

void
ttf_describe(const unsigned char *data, size_t len, struct ttf_desc *d)
{
	const unsigned char	*head, *post, *os2;
	long			 upem;
	uint32_t		 olen = 0;

	memset(d, 0, sizeof(*d));
	d->cap_height = d->x_height = -1;
	d->weight = 400;
	if ((head = desc_table(data, len, "head", 54)) == NULL)
		return;
	upem = (long)be16(head + 18);
	d->italic = (be16(head + 44) & 2) != 0;
	if ((post = desc_table(data, len, "post", 16)) != NULL) {
		d->italic_angle = (double)(int32_t)be32(post + 4) / 65536.0;
		d->fixed_pitch = be32(post + 12) != 0;
	}
	if ((os2 = desc_table(data, len, "OS/2", 68)) == NULL)
		return;
	olen = 68;
	if (be16(os2) >= 2 && desc_table(data, len, "OS/2", 90) != NULL)
		olen = 90;
	d->weight = (int)be16(os2 + 4);
	d->italic |= (be16(os2 + 62) & 1) != 0;
	desc_class(os2, d);
	if (olen >= 90 && upem > 0) {
		d->x_height = (int)((int16_t)be16(os2 + 86) * 1000L / upem);
		d->cap_height = (int)((int16_t)be16(os2 + 88) * 1000L / upem);
	}
}
