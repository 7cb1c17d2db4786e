/*
 * shape.c - runs of text shaped by HarfBuzz (shape.h).
 *
 * What shaping may change, and why: the PDF draws code point c as CID c
 * (CIDToGIDMap gives its cmap glyph; ToUnicode maps CID c back to c), so
 * every code point must keep its own cmap glyph. HarfBuzz is therefore
 * asked for positions only: the substitutions that change glyphs or
 * their number are switched off (ligatures liga/clig/dlig/rlig,
 * contextual alternates calt, composition and decomposition ccmp, the
 * localised forms locl), and a run whose glyphs are still not one cmap
 * glyph per code point, in order, is measured without shaping (its /W
 * widths). Text is NFC, so HarfBuzz's own normalisation has nothing to
 * compose either. What remains is what a reader sees: kerning (GPOS
 * 'kern' or the old 'kern' table: "AV", "To", "Vă", "Tổ", a letter
 * against a space) and mark positioning (x offsets; a y offset is not
 * drawn: NFC Vietnamese has precomposed letters).
 *
 * Units: HarfBuzz works in font units (its default scale, the font's
 * unitsPerEm); advances become 1/1000 em exactly (layout's unit, a
 * double), glyph positions 1/1000 em rounded to integers (the unit of
 * PDF text adjustments). The PDF's /W widths are libharu's, truncated to
 * 1/1000 em, so the pen of a run drawn with them drifts behind
 * HarfBuzz's by up to a unit per glyph: fill_run corrects it.
 *
 * Cache: runs by their bytes in a chained hash table per font, up to
 * SHP_BYTES (Vietnamese has few distinct syllables: a 10-page report
 * shapes a few thousand); past it runs are shaped each time into a
 * scratch run. The kerning of each code point against a space in an
 * open table (shp_space).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-ot.h>

#include "arena.h"
#include "shape.h"
#include "text.h"

#define SHP_BYTES	(8u << 20)	/* cache size at which it stops growing */
#define SP_BITS0	8		/* space table: 256 slots to start */
#define NPLANS		4		/* shape plans kept per font */
#define SHP_SLACK	1		/* 1/1000 em a glyph may drift */
#define SHP_BATCH	32		/* cmap glyphs looked up at once */

static const char *const shp_features[] = {
	"liga=0", "clig=0", "dlig=0", "rlig=0", "calt=0", "ccmp=0", "locl=0"
};
#define NFEAT	(sizeof(shp_features) / sizeof(shp_features[0]))

struct entry {
	struct entry	*next;		/* same bucket */
	uint32_t	 hash;
	size_t		 len;		/* bytes of the run */
	struct shp_run	 run;		/* run.adj points into data */
	int32_t		 data[];	/* adj[n], then the bytes */
};

struct sp_slot {
	uint64_t	 key;		/* (cp << 1 | side) + 1; 0 empty */
	double		 w;		/* space_kern */
};

struct shp_font {
	hb_blob_t	*blob;
	hb_face_t	*face;
	hb_font_t	*font;
	hb_buffer_t	*buf;
	hb_feature_t	 feat[NFEAT];
	int		 upem;
	shp_width_fn	 width;
	void		*arg;
	struct entry	**bt;		/* buckets, nb a power of two */
	size_t		 nb, nent, bytes;
	struct entry	*scratch;	/* a run past SHP_BYTES */
	size_t		 scap;		/* its bytes */
	long		*pos;		/* per code point, font units */
	uint32_t	*cps;
	size_t		 pcap;
	struct sp_slot	*sp;		/* kerning against a space, by cp */
	unsigned	 spbits, spused;
	double		 space;		/* a space's advance, font units; <0
					   not known yet */
	hb_language_t	 lang;
	/* shape plans made for the segment properties met (Latin, Common,
	 * a fallback font's script): hb_shape would look its plan up in
	 * the face's cache on every call */
	hb_segment_properties_t	 props[NPLANS];
	hb_shape_plan_t	*plan[NPLANS];
	int		 subst[NPLANS];	/* the plan has GSUB lookups */
	int		 nplans;
	int		 cur;		/* the plan of the last shaping */
};

struct shp_font *
shp_font_new(const unsigned char *data, size_t len, unsigned index,
    shp_width_fn width, void *arg)
{
	struct shp_font	*f;
	size_t		 i;

	f = xcalloc(1, sizeof(*f));
	f->blob = hb_blob_create((const char *)data, (unsigned)len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	f->face = hb_face_create(f->blob, index);
	f->upem = (int)hb_face_get_upem(f->face);
	f->font = hb_font_create(f->face);
	f->buf = hb_buffer_create();
	if (hb_face_get_glyph_count(f->face) == 0 || f->upem <= 0 ||
	    !hb_buffer_allocation_successful(f->buf)) {
		shp_font_free(f);
		return NULL;
	}
	for (i = 0; i < NFEAT; i++)
		hb_feature_from_string(shp_features[i], -1, &f->feat[i]);
	f->width = width;
	f->arg = arg;
	f->space = -1;
	f->lang = hb_language_from_string("vi", 2);
	f->nb = 256;
	f->bt = xcalloc(f->nb, sizeof(*f->bt));
	f->spbits = SP_BITS0;
	f->sp = xcalloc((size_t)1 << f->spbits, sizeof(*f->sp));
	return f;
}

size_t
shp_font_cached(const struct shp_font *f)
{
	return f->bytes;
}

void
shp_font_free(struct shp_font *f)
{
	struct entry	*e, *next;
	size_t		 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nb; i++)
		for (e = f->bt[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(f->bt);
	free(f->scratch);
	free(f->pos);
	free(f->cps);
	free(f->sp);
	for (i = 0; i < (size_t)f->nplans; i++)
		hb_shape_plan_destroy(f->plan[i]);
	hb_buffer_destroy(f->buf);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f);
}

/* ---- shaping ---- */

/* The code points of s in f->cps (f->pos sized alike); their number. */
static size_t
decode(struct shp_font *f, const char *s, size_t len)
{
	size_t	 i = 0, n = 0;

	if (len + 1 > f->pcap) {
		f->pcap = 2 * len + 16;
		f->pos = xrealloc(f->pos, f->pcap * sizeof(*f->pos));
		f->cps = xrealloc(f->cps, f->pcap * sizeof(*f->cps));
	}
	while (i < len)
		f->cps[n++] = txt_next(s, len, &i);
	return n;
}

/* 1 if HarfBuzz may have drawn cp with another glyph than its cmap one
 * although the plan substitutes none: the spaces and the non-breaking
 * hyphen a font lacks, which HarfBuzz draws with the space's or the
 * hyphen's glyph. */
static int
fallback_cp(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2011 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* 1 if HarfBuzz's glyphs are the cmap glyphs of the n code points, one
 * each, in order (cluster = byte offset of its code point). HarfBuzz's
 * normalisation changes the number of glyphs when it changes any (NFC
 * text has nothing to compose; a precomposed letter the font lacks is
 * decomposed), so glyphs are compared one by one only when the plan has
 * substitutions, or for fallback_cp. */
static int
same_glyphs(struct shp_font *f, const char *s, size_t len, size_t n)
{
	hb_glyph_info_t	*gi;
	hb_codepoint_t	 g[SHP_BATCH];
	unsigned	 ng, k, m, j;
	size_t		 i = 0;
	int		 all = f->cur < 0 || f->subst[f->cur];

	gi = hb_buffer_get_glyph_infos(f->buf, &ng);
	if (ng != n)
		return 0;
	for (k = 0; k < ng; k += m) {
		m = ng - k < SHP_BATCH ? ng - k : SHP_BATCH;
		/* glyph 0 where the font has none, as HarfBuzz draws it */
		memset(g, 0, m * sizeof(*g));
		if (all)
			hb_font_get_nominal_glyphs(f->font, m, &f->cps[k],
			    sizeof(*f->cps), g, sizeof(*g));
		for (j = 0; j < m; j++) {
			if (!all && fallback_cp(f->cps[k + j]) &&
			    !hb_font_get_nominal_glyph(f->font, f->cps[k + j],
			    &g[j]))
				g[j] = 0;
			if (gi[k + j].cluster != i || ((all ||
			    fallback_cp(f->cps[k + j])) &&
			    gi[k + j].codepoint != g[j]))
				return 0;
			txt_next(s, len, &i);
		}
	}
	return 1;
}

/* 1 if the plan substitutes glyphs (GSUB lookups; Liberation Serif's
 * plan has none once ligatures are off). */
static int
has_subst(hb_shape_plan_t *plan)
{
	hb_set_t	*set = hb_set_create();
	int		 r;

	hb_ot_shape_plan_collect_lookups(plan, HB_OT_TAG_GSUB, set);
	r = !hb_set_is_empty(set) || !hb_set_allocation_successful(set);
	hb_set_destroy(set);
	return r;
}

/* hb_shape on f->buf, with a plan kept for its segment properties. */
static void
run_plan(struct shp_font *f)
{
	hb_segment_properties_t	 props;
	int			 k;

	hb_buffer_get_segment_properties(f->buf, &props);
	for (k = 0; k < f->nplans; k++)
		if (hb_segment_properties_equal(&props, &f->props[k]))
			break;
	if (k == f->nplans) {
		if (k == NPLANS) {
			hb_shape(f->font, f->buf, f->feat, NFEAT);
			f->cur = -1;
			return;
		}
		f->props[k] = props;
		f->plan[k] = hb_shape_plan_create_cached(f->face, &props,
		    f->feat, NFEAT, NULL);
		f->subst[k] = has_subst(f->plan[k]);
		f->nplans++;
	}
	f->cur = k;
	hb_shape_plan_execute(f->plan[k], f->font, f->buf, f->feat, NFEAT);
}

/* 1 if the n code points of f->cps are one code point repeated. */
static int
repeated(const struct shp_font *f, size_t n)
{
	size_t	 i;

	for (i = 1; i < n; i++)
		if (f->cps[i] != f->cps[0])
			return 0;
	return n > 2;
}

/* HarfBuzz shapes s[0..len) into f->buf. */
static void
hb_run(struct shp_font *f, const char *s, size_t len)
{
	hb_buffer_clear_contents(f->buf);
	hb_buffer_add_utf8(f->buf, s, (int)len, 0, (int)len);
	hb_buffer_set_direction(f->buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(f->buf, f->lang);
	hb_buffer_set_cluster_level(f->buf,
	    HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_guess_segment_properties(f->buf);
	run_plan(f);
}

/* 1 if s[0..len), one code point twice (f->cps), shapes with its cmap
 * glyphs, not kerned nor offset: both advance by its hmtx advance,
 * put in *adv. */
static int
pair_plain(struct shp_font *f, const char *s, size_t len, long *adv)
{
	hb_glyph_info_t		*gi;
	hb_glyph_position_t	*gp;
	unsigned		 ng;

	hb_run(f, s, len);
	if (!same_glyphs(f, s, len, 2))
		return 0;
	gi = hb_buffer_get_glyph_infos(f->buf, &ng);
	gp = hb_buffer_get_glyph_positions(f->buf, &ng);
	*adv = hb_font_get_glyph_h_advance(f->font, gi[0].codepoint);
	return gp[0].x_offset == 0 && gp[1].x_offset == 0 &&
	    gp[0].x_advance == *adv && gp[1].x_advance == *adv;
}

/* Shape s: f->pos[i] = pen + x offset of code point i's glyph, f->pos[n]
 * = the advance of the run, in font units. 0 = shaped, -1 = not one
 * cmap glyph per code point (f->cps decoded, nothing positioned). A
 * code point repeated (a TOC's leader dots) that does not kern against
 * itself is shaped as a pair only: every glyph then has its own
 * advance. */
static int
shape_units(struct shp_font *f, const char *s, size_t len, size_t *np)
{
	hb_glyph_position_t	*gp;
	unsigned		 ng;
	long			 pen = 0, adv;
	size_t			 n = decode(f, s, len), k;

	*np = n;
	if (repeated(f, n) && pair_plain(f, s, 2 * (len / n), &adv)) {
		for (k = 0; k <= n; k++)
			f->pos[k] = (long)k * adv;
		return 0;
	}
	hb_run(f, s, len);
	if (!same_glyphs(f, s, len, n))
		return -1;
	gp = hb_buffer_get_glyph_positions(f->buf, &ng);
	for (k = 0; k < n; k++) {
		f->pos[k] = pen + gp[k].x_offset;
		pen += gp[k].x_advance;
	}
	f->pos[n] = pen;
	return 0;
}

static long
to_milli(const struct shp_font *f, long units)
{
	return lround((double)units * 1000.0 / f->upem);
}

/* The run of s into e (sized for n code points): HarfBuzz's positions,
 * or the /W widths when it is not shaped. A glyph gets a TJ adjustment
 * when the pen, moved by the /W widths, is more than SHP_SLACK from
 * HarfBuzz's position (rounded): kerning and mark offsets always are;
 * the drift of the truncated /W widths is let grow to SHP_SLACK first,
 * which spares most words an adjustment. */
static void
fill_run(struct shp_font *f, struct entry *e, size_t n, int shaped)
{
	int32_t	*adj = e->data;
	long	 pen = 0, d;
	size_t	 i;

	e->run.n = (int)n;
	e->run.plain = !shaped;
	e->run.nadj = 0;
	e->run.adj = adj;
	for (i = 0; i < n; i++) {
		d = i > 0 && shaped ? pen - to_milli(f, f->pos[i]) : 0;
		adj[i] = d > SHP_SLACK || d < -SHP_SLACK ? (int32_t)d : 0;
		e->run.nadj += adj[i] != 0;
		pen += f->width(f->arg, f->cps[i]) - adj[i];
	}
	e->run.end = pen;
	e->run.w = shaped ? (double)f->pos[n] * 1000.0 / f->upem : pen;
}

/* FNV-1a. */
static uint32_t
hash(const char *s, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
grow_buckets(struct shp_font *f)
{
	struct entry	**nbt, *e, *next;
	size_t		 i, nn = 2 * f->nb;

	nbt = xcalloc(nn, sizeof(*nbt));
	for (i = 0; i < f->nb; i++)
		for (e = f->bt[i]; e != NULL; e = next) {
			next = e->next;
			e->next = nbt[e->hash & (nn - 1)];
			nbt[e->hash & (nn - 1)] = e;
		}
	free(f->bt);
	f->bt = nbt;
	f->nb = nn;
}

/* A new run for s: cached, or in the scratch run past SHP_BYTES. */
static struct entry *
new_entry(struct shp_font *f, uint32_t h, const char *s, size_t len,
    size_t n)
{
	size_t		 sz = sizeof(struct entry) + n * sizeof(int32_t) + len;
	struct entry	*e;

	if (f->bytes + sz > SHP_BYTES) {
		if (sz > f->scap) {
			free(f->scratch);
			f->scratch = xmalloc(sz);
			f->scap = sz;
		}
		return f->scratch;
	}
	if (f->nent >= f->nb)
		grow_buckets(f);
	e = xmalloc(sz);
	e->hash = h;
	e->len = len;
	memcpy((char *)(e->data + n), s, len);
	e->next = f->bt[h & (f->nb - 1)];
	f->bt[h & (f->nb - 1)] = e;
	f->nent++;
	f->bytes += sz;
	return e;
}

const struct shp_run *
shp_shape(struct shp_font *f, const char *s, size_t len)
{
	uint32_t	 h = hash(s, len);
	struct entry	*e;
	size_t		 n;
	int		 shaped;

	for (e = f->bt[h & (f->nb - 1)]; e != NULL; e = e->next)
		if (e->hash == h && e->len == len && memcmp(e->data +
		    e->run.n, s, len) == 0)
			return &e->run;
	shaped = shape_units(f, s, len, &n) == 0;
	e = new_entry(f, h, s, len, n);
	fill_run(f, e, n, shaped);
	return &e->run;
}

/* ---- spaces between words ---- */

/*
 * Kerning is pairwise (GPOS pair adjustment, the 'kern' table): a pair
 * changes the advances of its two glyphs. So a space between a and b
 * advances by its own width, plus what the pair (a, space) changes of
 * the two advances, plus what (space, b) changes: each found once per
 * code point by shaping "a " and " b", not per pair of words.
 */

/* The kerning, in font units, of code point cp against a space after
 * it (side 0: "cp ") or before it (side 1: " cp"). */
static long
space_kern(struct shp_font *f, uint32_t cp, int side)
{
	hb_glyph_info_t	*gi;
	unsigned	 ng;
	char		 s[5];
	size_t		 n, len;

	len = (size_t)txt_encode(cp, side ? s + 1 : s);
	s[side ? 0 : len] = ' ';
	if (shape_units(f, s, len + 1, &n) != 0 || n != 2)
		return 0;
	gi = hb_buffer_get_glyph_infos(f->buf, &ng);
	return f->pos[2] - hb_font_get_glyph_h_advance(f->font,
	    gi[0].codepoint) - hb_font_get_glyph_h_advance(f->font,
	    gi[1].codepoint);
}

static struct sp_slot *
sp_probe(const struct shp_font *f, uint64_t key)
{
	uint32_t	 j, mask = (1u << f->spbits) - 1;

	for (j = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - f->spbits));
	    f->sp[j].key != 0 && f->sp[j].key != key; j = (j + 1) & mask)
		;
	return &f->sp[j];
}

/* space_kern, from the table. */
static double
kern_of(struct shp_font *f, uint32_t cp, int side)
{
	uint64_t	 key = ((uint64_t)cp << 1 | (uint64_t)side) + 1;
	struct sp_slot	*sl = sp_probe(f, key), *old;
	size_t		 i, n;

	if (sl->key == key)
		return sl->w;
	if (2 * (f->spused + 1) > (1u << f->spbits)) {
		old = f->sp;
		n = (size_t)1 << f->spbits;
		f->spbits++;
		f->sp = xcalloc((size_t)1 << f->spbits, sizeof(*f->sp));
		for (i = 0; i < n; i++)
			if (old[i].key != 0)
				*sp_probe(f, old[i].key) = old[i];
		free(old);
		sl = sp_probe(f, key);
	}
	sl->key = key;
	sl->w = (double)space_kern(f, cp, side);
	f->spused++;
	return sl->w;
}

double
shp_space(struct shp_font *f, uint32_t a, uint32_t b)
{
	double	 u;

	if (f->space < 0) {
		f->space = shape_units(f, " ", 1, &(size_t){ 0 }) == 0 ?
		    f->pos[1] : f->width(f->arg, ' ') * (double)f->upem / 1000;
	}
	u = f->space;
	if (a != 0)
		u += kern_of(f, a, 0);
	if (b != 0)
		u += kern_of(f, b, 1);
	return u * 1000.0 / f->upem;
}
