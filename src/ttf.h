/*
 * ttf.h - TrueType font files in memory: checked before libharu 2.3.0
 * parses them (that parser trusts its input; ttf.c says what is
 * checked), subset for a PDF with HarfBuzz, and described for a PDF
 * font descriptor.
 */
#ifndef BAOCAO_TTF_H
#define BAOCAO_TTF_H

#include <stddef.h>
#include <stdint.h>

/* 0 if libharu may parse the font in data[0..len) (face `index` of a
 * collection if `ttc`); else -1 with the reason in why ("its 'hhea'
 * table is cut short", completing "... is not a usable TrueType font: "). */
int	ttf_check(const unsigned char *data, size_t len, int ttc,
	    unsigned index, char *why, size_t whysz);

/* The subset of face `index` of the font in data[0..len) (a .ttf, or a
 * .ttc if `ttc`) that draws the code points in `cps` (65,536 bits): a
 * TrueType font of its own, its glyphs renumbered, in *out (malloc'd,
 * *outlen bytes). 0 = ok; -1 with the reason in why, completing "... is
 * not a usable TrueType font: ". */
int	ttf_subset(const unsigned char *data, size_t len, int ttc,
	    unsigned index, const uint8_t *cps, unsigned char **out,
	    size_t *outlen, char *why, size_t whysz);

/* What a PDF font descriptor says of a font, read from its tables. */
struct ttf_desc {
	double	 italic_angle;	/* degrees, post.italicAngle */
	int	 cap_height;	/* 1/1000 em, OS/2 sCapHeight; -1: none */
	int	 x_height;	/* 1/1000 em, OS/2 sxHeight; -1: none */
	int	 weight;	/* OS/2 usWeightClass (400 regular) */
	int	 fixed_pitch;	/* post.isFixedPitch */
	int	 serif;		/* OS/2 sFamilyClass, else PANOSE */
	int	 script;	/* likewise */
	int	 italic;	/* OS/2 fsSelection or head.macStyle */
};

/* Describe the font in data[0..len) (a single font that ttf_check
 * passed). Tables a font may lack give 0 (cap and x height -1). */
void	ttf_describe(const unsigned char *data, size_t len,
	    struct ttf_desc *);

#endif
