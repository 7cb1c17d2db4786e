/*
 * para.h - a paragraph of inline text broken into placed lines.
 *
 * Input: inline spans (model.h) plus a base style; output: lines whose
 * pieces are already positioned horizontally (x from the left edge of the
 * measure, first-line indent and justification included), each piece in
 * the face that draws it (fallback fonts resolved per character). Layout
 * only adds the left margin and a baseline. Break opportunities come from
 * brk.c (ICU + Vietnamese rules); the breaker is total-fit (Knuth-Plass)
 * or first-fit. Return convention: 0 = ok, -1 = failed (diagnosed).
 */
#ifndef BAOCAO_PARA_H
#define BAOCAO_PARA_H

#include <stddef.h>

#include "model.h"

struct arena;
struct diag;
struct fontset;
struct para_cache;

struct piece {
	const char	*text;		/* UTF-8, not NUL-terminated */
	size_t		 len;
	int		 face;		/* font.h face index */
	double		 x;		/* from the left edge of the measure */
	double		 w;		/* natural width */
	const char	*link;		/* URI of the link it draws (link.h),
					   or NULL */
	int		 note;		/* a footnote's raised number (model.h
					   span.note; x and w as drawn small),
					   0 for other text */
};

/* A footnote's number is drawn at this share of the text's size, its
 * baseline raised by PARA_SUP_RISE of the size (as word processors set
 * superscripts). */
#define PARA_SUP_SIZE		0.6
#define PARA_SUP_RISE		0.35

#define PARA_EXPAND_UNIT	10000	/* 1.0037 wide is expand 37 */

struct line {
	struct piece	*pieces;
	int		 npieces;
	double		 width;		/* natural width of the content */
	double		 ratio;		/* adjustment ratio used (0 ragged) */
	int		 expand;	/* glyphs widened (> 0) or narrowed by
					   expand / PARA_EXPAND_UNIT of their
					   width (font expansion), 0 none */
	int		 last;		/* last line of the paragraph */
	int		 forced;	/* ended by '\n' (literal text) */
};

enum para_align {
	PARA_JUSTIFY,		/* last line and forced-break lines ragged */
	PARA_LEFT,
	PARA_CENTER,
	PARA_RIGHT
};

struct para_opts {
	double		 measure;	/* line length, pt */
	double		 indent;	/* first-line indent, pt */
	double		 size;		/* font size, pt */
	int		 base_style;	/* SPAN_* bits OR'd into every span */
	enum para_align	 align;
	int		 first_fit;	/* 1: greedy breaker (for comparison) */
	const char	*lang;		/* ICU locale, "vi" */
	struct para_cache *cache;	/* para_cache_new; NULL: one kept for
					   this call only */
	const struct source *srcs;	/* the report's files (model.h), */
	int		 nsrcs;		/* where a diagnostic finds its word */
	struct arena	*lines;		/* where the lines and their pieces
					   go, NULL: para_break's arena (the
					   text and link addresses the
					   pieces point to always go there) */
};

struct para {
	struct line	*lines;
	int		 nlines;
};

int	para_break(struct arena *, struct diag *, struct fontset *,
	    const struct inl *, const struct para_opts *, struct para *out);

/* Natural width of the widest unbreakable piece and of the whole text on
 * one line (table column measurement). para_measure_c is the same with a
 * cache (NULL: one for this call only, which is what para_measure does). */
void	para_measure(struct fontset *, const struct inl *, int base_style,
	    double size, const char *lang, double *min_w, double *max_w);
void	para_measure_c(struct para_cache *, struct fontset *,
	    const struct inl *, int base_style, double size, const char *lang,
	    double *min_w, double *max_w);

/*
 * What para_break and para_measure_c keep between calls: the face that
 * draws each (style, character) and its advance (fallback faces
 * included), the break opportunities of short texts already seen (a
 * table cell is measured, then broken; TOC entries are broken on every
 * pass), and the scratch memory of a call. One per report's layout
 * (lay_report makes it and frees it): it belongs to the fontset it was
 * made for and is used only with that one (a call with another fontset
 * uses a cache of its own). Results never depend on what the cache holds.
 * Not for two calls at once (one report is laid out by one thread).
 */
struct para_cache *para_cache_new(struct fontset *);
void	para_cache_free(struct para_cache *);

#endif
