/*
 * para_int.h - shared by para.c, para_fit.c and para_cache.c only (not a
 * stage contract): the items of a paragraph (words made of pieces, the
 * nodes of the breaker), the call's context (struct pctx) and the glue
 * both halves use, and the report's measuring cache that keeps their
 * scratch arrays, with the character table's probe inline for the hot
 * path.
 */
#ifndef BAOCAO_PARA_INT_H
#define BAOCAO_PARA_INT_H

#include <stddef.h>
#include <stdint.h>

#include "para.h"

struct arena;
struct diag;
struct fontset;
struct link;
struct source;

enum sep {
	SEP_GLUE,		/* a space a line may end at */
	SEP_NB,			/* a space no line may end at */
	SEP_PEN,		/* a break with nothing in it */
	SEP_FORCED,		/* '\n' */
	SEP_END
};

/* Cuts inside a word wider than the line (a long URL). */
enum {
	EMERG_NONE,
	EMERG_CHAR,		/* between any two characters */
	EMERG_URL		/* after '/', before '.', '-', '_', '?', ... */
};

/* 1 if a line must end after a word followed by s. */
static inline int
is_finish(enum sep s)
{
	return s == SEP_FORCED || s == SEP_END;
}

struct wpiece {
	size_t		 off, len;	/* bytes of the joined text */
	int		 face;
	int		 link;		/* index in the call's links, or -1;
					   set only when it has some */
	double		 w;		/* 1/1000 em, shaped (font_run_width) */
	int		 note;		/* span.note: drawn small and raised */
};

struct word {
	int		 p0, np;	/* its pieces */
	double		 w;		/* natural width: its pieces' */
	enum sep	 sep;		/* what follows it */
	int		 emerg;		/* sep cuts an over-wide word: EMERG_* */
	double		 gw, gy, gz;	/* glue after it: width, stretch, shrink */
	double		 hang;		/* 1/1000 em its final punctuation may
					   protrude past a justified line's end */
};

/* Glue of an inter-word space, as fractions of its natural width: the
 * adjustment ratio r = 1 gives 1.35 x, r = -1 gives 0.80 x (spec §4:
 * lines tighter than 0.8 of a space are rare). With font expansion
 * (below) taking its share of every change, this is enough room: on
 * bench/typeset.py's corpus the median space is 0.98 of the natural one,
 * p90 1.10, max 1.33 (bench/TYPESET.md). */
#define SPACE_STRETCH		0.35
#define SPACE_SHRINK		0.20

/* Font expansion (pdfTeX's microtype, spec §4 beyond the peers): a
 * justified line may also widen or narrow its glyphs by up to this share
 * (drawn with the PDF's horizontal scaling, Tz), in the same proportion
 * r as its spaces, so a line that is hard to fill spreads its change over
 * the letters instead of opening rivers. */
#define EXPAND			0.015

#define HUGE_RATIO		1e9
#define EPS			1e-9
#define MAX_MISSING		16	/* missing characters named per paragraph */

struct node {
	int		 pos;		/* first word of the next line */
	int		 fit;
	int		 prev;		/* node index, -1 at the start */
	double		 dem;		/* total demerits */
	double		 r;		/* placement ratio of the line ending here */
};

/*
 * The report's cache (para.h): font_face_for and font_advance of every
 * (style face, code point) met, in an open-addressed table keyed by both
 * (the face found may be a fallback; the advance is taken there), which
 * a report fills with a few hundred entries in its first paragraphs;
 * brk_find's answer for texts up to BM_TEXT bytes, by language and exact
 * bytes; and the scratch arrays of one call, kept at their largest size.
 */
#define MC_BITS0	9		/* 512 slots to start with */
#define BM_TEXT		512		/* longer texts are not memoised */
#define BM_BYTES	(8u << 20)	/* memo size at which it stops growing */

struct mentry {
	uint32_t	 key;	/* (cp << 2 | style face) + 1; 0 empty */
	int		 face;	/* font_face_for, -1 if no font has it */
	int		 adv;	/* font_advance in that face (in the style
				   face when none has cp) */
};

struct bmemo {
	struct bmemo	*next;		/* same bucket */
	uint32_t	 hash;
	size_t		 len;		/* text bytes */
	unsigned char	*kinds;		/* len + 1, in data after the text */
	char		*lang;		/* in data after kinds */
	char		 data[];	/* text, kinds, lang NUL-terminated */
};

struct para_cache {
	struct fontset	*fs;
	struct mentry	*mc;
	unsigned	 mbits, mused;
	struct bmemo	**bt;		/* buckets, nb a power of two */
	size_t		 nb, nbm, bbytes;
	/* scratch of one call */
	char		*txt;		/* para_measure's joined text */
	unsigned char	*kinds;
	struct wpiece	*pc;
	struct word	*w;
	size_t		 cap;		/* of the four above: text bytes + 2 */
	double		*W, *Y, *Z;
	size_t		 scap;
	struct node	*n;
	int		*act;
	int		 ncap;
};

/* What a call is for: para_measure_c wants the widths of the words as
 * written (no arena, no diagnostics); para_break also cuts over-wide
 * words and breaks over-wide no-break chains, and keeps the text in the
 * arena for the pieces it returns. */
enum para_mode {
	PARA_MODE_MEASURE,
	PARA_MODE_BREAK
};

struct pctx {
	enum para_mode		 mode;
	struct arena		*a;			/* PARA_MODE_BREAK */
	struct arena		*la;			/* the lines' (para_opts
							   lines, or a) */
	struct diag		*d;
	struct fontset		*fs;
	struct para_cache	*pk;
	const struct inl	*in;
	const struct source	*srcs;			/* para_opts' */
	int			 nsrcs;
	int			 base_style;
	enum para_align		 align;
	double			 size;
	double			 measure, indent;	/* 1/1000 em */
	char			*txt;
	size_t			 len;
	const unsigned char	*kinds;			/* scratch or memo */
	struct wpiece		*pc;
	int			 npc;
	struct word		*w;
	int			 nw;
	double			*W, *Y, *Z;		/* prefix sums */
	double			 pend_gw;		/* pending space, 0 none */
	uint32_t		 wlast;			/* the word's last code
							   point so far */
	int			 pend_face;		/* the face drawing it */
	int			 cur_note;		/* span.note of the span
							   being read */
	struct link		*links;			/* PARA_MODE_BREAK */
	int			 nlinks;
	uint32_t		 missing[MAX_MISSING];
	int			 nmissing;
	int			 err;
	struct node		*n;			/* DP nodes */
	int			 nn, ncap;
	int			*act;			/* active node indexes */
	int			 nact;
};

/* Step 2, the breaker (para_fit.c): the node ending the best breaking of
 * c's words (total fit, or first fit when `first`). */
int		 fit_run(struct pctx *c, int first);
/* Step 3: the lines of that breaking placed, in the arena. */
void		 fit_place(struct pctx *c, int end, struct para *out);

static inline uint32_t
mc_slot(uint32_t key, unsigned bits)
{
	return (key * 0x9E3779B1u) >> (32 - bits);
}

/* The entry of `key` in the character table, or the empty slot where
 * it goes (linear probing; the table is never full). */
static inline struct mentry *
mc_probe(const struct para_cache *k, uint32_t key)
{
	uint32_t	 j, mask = (1u << k->mbits) - 1;

	for (j = mc_slot(key, k->mbits); k->mc[j].key != 0 &&
	    k->mc[j].key != key; j = (j + 1) & mask)
		;
	return &k->mc[j];
}

/* FNV-1a over the language and the text. */
static inline uint32_t
para_bm_hash(const char *lang, const char *s, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (; *lang != '\0'; lang++)
		h = (h ^ (unsigned char)*lang) * 16777619u;
	h = (h ^ 0xFF) * 16777619u;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Double the character table (kept at most half full). */
void		 para_mc_grow(struct para_cache *);
/* The break-opportunity memo: the kinds brk_find gave for a text (its
 * hash para_bm_hash), or NULL; remember them (up to BM_BYTES). */
const unsigned char *para_bm_find(const struct para_cache *, uint32_t h,
		    const char *lang, const char *s, size_t len);
void		 para_bm_add(struct para_cache *, uint32_t h, const char *lang,
		    const char *s, size_t len, const unsigned char *kinds);
/* Scratch arrays for a text of len bytes. */
void		 para_scratch_reserve(struct para_cache *, size_t len);

#endif
