/*
 * shape.h - text shaped by HarfBuzz: the advances of a run of one face
 * with kerning (GPOS 'kern', or the 'kern' table) and mark positioning,
 * one glyph per code point, and where each glyph lands relative to the
 * advances the PDF's /W array gives it (the TJ adjustments pdf.c draws).
 * Runs are cached per font by their bytes. Used through font.c.
 */
#ifndef BAOCAO_SHAPE_H
#define BAOCAO_SHAPE_H

#include <stddef.h>
#include <stdint.h>

struct shp_font;

/* The W width of a code point (the PDF's /W value, 1/1000 em). */
typedef int	 (*shp_width_fn)(void *arg, uint32_t cp);

/*
 * A run shaped, in 1/1000 em (integers: HarfBuzz's positions rounded).
 * adj[i] is the TJ number drawn before the glyph of code point i so that
 * it lands where HarfBuzz puts it, rounded (0: none; adj[0] is always 0), given
 * that the glyph before it advanced the pen by its /W width. end is where
 * that pen stands after the last glyph (what the PDF viewer adds up), w
 * HarfBuzz's advance of the whole run, not rounded (what layout
 * measures).
 */
struct shp_run {
	double		 w;		/* exact: font units * 1000 / upem */
	long		 end;
	int		 n;		/* code points (= glyphs) */
	int		 nadj;		/* nonzero entries of adj */
	int		 plain;		/* 1: not shaped (other glyphs than
					   one cmap glyph per code point) */
	const int32_t	*adj;
};

/* The HarfBuzz font of face `index` of the font file in data[0..len)
 * (kept by the caller while the result lives); width gives the /W
 * widths. NULL if HarfBuzz cannot read it (then the caller measures
 * without shaping). */
struct shp_font	*shp_font_new(const unsigned char *data, size_t len,
		    unsigned index, shp_width_fn width, void *arg);
void		 shp_font_free(struct shp_font *);

/* The bytes of runs f keeps cached (they stop growing at a limit). */
size_t		 shp_font_cached(const struct shp_font *);

/* The run s[0..len) (UTF-8) shaped in f. Valid until the next call of
 * shp_shape on f. A run HarfBuzz would draw with other glyphs than one
 * cmap glyph per code point is measured without kerning. */
const struct shp_run *shp_shape(struct shp_font *, const char *s,
		    size_t len);

/* The advance, kerning included, of a space between code points a and b
 * (0: none) in f, 1/1000 em: what a space adds between a word ending in
 * a and one starting with b. */
double		 shp_space(struct shp_font *, uint32_t a, uint32_t b);

#endif
