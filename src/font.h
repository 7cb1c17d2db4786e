/*
 * font.h - the fonts of one report: fontconfig lookup (fonts/ first),
 * parsing, metrics and glyph coverage, and the subsets a PDF embeds.
 * Layout measures only through these functions; pdf.c draws with them.
 * Return convention: int 0 = ok, -1 = failed with a diagnostic recorded.
 */
#ifndef BAOCAO_FONT_H
#define BAOCAO_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct diag;

/* Face indexes. Fallback fonts (style.fallback_fonts) follow as
 * FACE__MAX + k, each with its regular face only. */
enum {
	FACE_REGULAR,
	FACE_BOLD,
	FACE_ITALIC,
	FACE_BOLDITALIC,
	FACE__MAX
};

struct fontset;

/* Resolve style.font (+ bold/italic faces) and fallback fonts, load them.
 * fontdir is searched before fontconfig (NULL: none). NULL on failure. */
struct fontset	*font_open(const struct report *, const char *fontdir,
		    struct diag *);
void		 font_close(struct fontset *);
/* Release fontconfig's process-wide state (FcFini). Call once before the
 * process exits, after the last font_close; without it valgrind reports
 * fontconfig's configuration as definitely lost. */
void		 font_cleanup(void);

/* 1 if a style.font or style.fallback_fonts value names a font file (a
 * path, or a .ttf, .ttc or .otf name) rather than a family. */
int		 font_is_path_name(const char *);

int		 font_nfaces(const struct fontset *);
const char	*font_file(const struct fontset *, int face);
const char	*font_family(const struct fontset *, int face);

/* Width of UTF-8 text in points at `size`, shaped by HarfBuzz (kerning
 * and mark positioning; shape.c): font_run_width scaled. */
double		 font_width(const struct fontset *, int face,
		    const char *s, size_t len, double size);
/* The run s[0..len) shaped in the face (shape.h: its advance and the TJ
 * adjustments that put its glyphs where HarfBuzz does), valid until the
 * next font_shape of that face's file; measured by its /W widths alone
 * when HarfBuzz cannot read the font. */
struct shp_run;
const struct shp_run *font_shape(const struct fontset *, int face,
		    const char *s, size_t len);
/* font_shape's advance of s, 1/1000 em. */
double		 font_run_width(const struct fontset *, int face,
		    const char *s, size_t len);
/* The advance of a space between code points a and b (0: none) in the
 * face, kerning against both included, 1/1000 em. */
double		 font_space(const struct fontset *, int face, uint32_t a,
		    uint32_t b);
/* Advance of one code point in 1/1000 em: its /W width, unshaped. */
int		 font_advance(const struct fontset *, int face, uint32_t cp);
/* 1 if the face has a glyph for cp. */
int		 font_has(const struct fontset *, int face, uint32_t cp);
/* The face that draws cp in style `face`: that face if it has the glyph,
 * else the first fallback that has it, else -1. */
int		 font_face_for(const struct fontset *, int face, uint32_t cp);
/* Ascender / descender (negative) / line gap in 1/1000 em. */
int		 font_ascent(const struct fontset *, int face);
int		 font_descent(const struct fontset *, int face);
int		 font_line_height(const struct fontset *, int face);
/* Lowest point of cp's glyph in 1/1000 em (negative below the baseline:
 * a descender, a dot below); 0 for no glyph or an empty one. */
int		 font_ink_bottom(const struct fontset *, int face, uint32_t cp);

/* For pdf.c only (with hpdf_fix.h): libharu's parsed TrueType font,
 * HPDF_FontDef, named without including libharu's headers here. */
struct _HPDF_FontDef_Rec;

/* The font definitions that embed the faces of a PDF. drawn[face] is the
 * set of code points (65,536 bits) the face draws, NULL for a face not
 * drawn, for each of font_nfaces faces; out[face] receives the face's
 * definition (NULL for a face not drawn), the same for faces that share
 * a file: a subset of the file made now (HarfBuzz) with the glyphs of
 * the code points its faces draw, the same widths. The subsets of the
 * previous call are freed, so the documents that borrowed them must
 * have given them back. font.c keeps owning the definitions: the
 * document borrows them (hfix_lend_fontdef) and gives them back
 * (hfix_return_fontdef) before it is freed. 0 = ok, -1 = a subset cannot
 * be made (diagnosed, naming the font file). */
int		 font_embed(struct fontset *, uint8_t *const *drawn,
		    struct _HPDF_FontDef_Rec **out);

#endif
