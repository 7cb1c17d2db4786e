/*
 * para.c - one paragraph of inline text broken into positioned lines.
 *
 * Three steps, shaped like neatroff's fmt.c and typst's linebreak.rs:
 *
 *  1. items: the spans are joined, brk.c says where lines may start, and
 *     the text becomes a list of words (runs without a break opportunity
 *     or a space inside), each made of pieces of one face (fallback fonts
 *     resolved per character), each followed by a separator: a breakable
 *     space (glue), an unbreakable space, a break without space (after a
 *     hyphen or a slash), a forced break ('\n') or the end. A word wider
 *     than the line is cut into characters with a warning (pointing at
 *     the word in the YAML source); cuts after '/' or before '.', '-',
 *     '_' cost little, any other cut much more, so a URL breaks where a
 *     reader expects. Pieces also end where a web or mail address
 *     (link.c) starts or ends, and carry its URI to the boxes.
 *  2. and 3. (para_fit.c): the words broken into lines by total fit
 *     (Knuth-Plass), and the lines placed.
 *
 * Widths are in 1/1000 em until placement, where they become points:
 * each piece (a run of one face inside a word) shaped by HarfBuzz as one
 * run (font_run_width: kerning and mark positions; none between pieces
 * of two faces), each space by its two neighbours (font_space: a letter
 * kerns against a space, "A Y"), as pdf.c draws them. Scratch memory
 * is heap, kept in the report's cache
 * (para.h: struct para_cache, with the faces and advances of characters
 * and the break opportunities of short texts) from call to call; the
 * lines and pieces live in the report's arena. 0 = ok, -1 = failed with a
 * diagnostic (a character no font has).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "arena.h"
#include "brk.h"
#include "diag.h"
#include "font.h"
#include "link.h"
#include "para.h"
#include "para_int.h"
#include "text.h"

/* How far a line-final character may hang into the right margin, in
 * thousandths of its own advance (spec §4: a final , . ; : - – ’ ” or a
 * closing bracket or quote, up to its width), so that the margin looks
 * straight to the eye: light marks hang further than heavy ones, as in
 * microtype's and Typst's tables. */
static int
hang_share(uint32_t cp)
{
	switch (cp) {
	case '.': case ',':
		return 800;
	case '-': case 0x2019: case 0x201D: case '\'': case '"':
		return 600;
	case ':': case ';':
		return 500;
	case 0x2013: case 0x00BB: case 0x203A:
		return 400;
	case ')': case ']': case '}':
		return 300;
	default:
		return 0;
	}
}

/* ---- where a piece of text is in the YAML source ---- */

/*
 * Diagnostics about one character or word of a paragraph (a missing
 * glyph, an over-wide word) point at it, not at the start of the scalar:
 * the text of the file the scalar was written in, as the loader kept it
 * (model.h struct source), is searched for the word line by line from
 * the scalar's mark on (over at most a few times the paragraph's length;
 * the whole file when the text has no mark). Text the source spells
 * differently (NFD, escapes) is not found, and the scalar's mark is used.
 */
static int
src_find(const char *ln, size_t n, size_t from, const char *needle,
    size_t nlen, int *col)
{
	size_t	 i, k;

	for (i = from; i + nlen <= n; i++) {
		if (memcmp(ln + i, needle, nlen) != 0)
			continue;
		*col = 1;
		for (k = 0; k < i; k++)
			if (((unsigned char)ln[k] & 0xC0) != 0x80)
				(*col)++;
		return 1;
	}
	return 0;
}

/* Byte offset of 1-based character column col in ln. */
static size_t
col_offset(const char *ln, size_t n, int col)
{
	size_t	 i = 0;

	while (i < n && --col > 0)
		txt_next(ln, n, &i);
	return i;
}

#define SRC_LOCATE_MAX	50	/* diagnostics placed exactly, per report */

/* The kept text of the file named `file`, or NULL. */
static const struct source *
src_text(const struct pctx *c, const char *file)
{
	int	 i;

	for (i = 0; file != NULL && i < c->nsrcs; i++)
		if (strcmp(c->srcs[i].file, file) == 0)
			return &c->srcs[i];
	return NULL;
}

static struct mark
src_locate(const struct pctx *c, const char *needle, size_t nlen)
{
	struct mark		 m = c->in->mark, at = m;
	const struct source	*s;
	const char		*ln, *nl;
	size_t			 off = 0, n, budget = 4 * c->len + 4096;
	int			 line = 0, col;

	/* each call searches the file from its start: after the first
	 * diagnostics the value's own mark must do, or a file full of
	 * over-wide words would take quadratic time */
	if (c->d != NULL && c->d->nwarn + c->d->nerr >= SRC_LOCATE_MAX)
		return m;
	if (nlen == 0 || (s = src_text(c, m.file)) == NULL)
		return m;
	while (off < s->len) {
		ln = s->text + off;
		nl = memchr(ln, '\n', s->len - off);
		n = nl != NULL ? (size_t)(nl - ln) + 1 : s->len - off;
		off += n;
		if (++line < m.line)
			continue;
		if (src_find(ln, n, line == m.line ? col_offset(ln, n, m.col) :
		    0, needle, nlen, &col)) {
			at.line = line;
			at.col = col;
			break;
		}
		if (m.line > 0 && n >= budget)
			break;
		budget -= m.line > 0 ? n : 0;
	}
	return at;
}

/* ---- step 1: words and pieces ---- */

static int
style_face(int style)
{
	return ((style & SPAN_BOLD) ? FACE_BOLD : 0) |
	    ((style & SPAN_ITALIC) ? FACE_ITALIC : 0);
}

/* The spans as one text: in the arena when breaking (pieces point into
 * it), in the cache's scratch when measuring; the scratch arrays sized
 * for it. */
static void
join_text(struct pctx *c)
{
	size_t	 len = 0, at = 0;
	int	 i;

	for (i = 0; i < c->in->nspans; i++)
		len += c->in->spans[i].len;
	para_scratch_reserve(c->pk, len);
	c->txt = c->mode == PARA_MODE_BREAK ? arena_alloc(c->a, len + 1) :
	    c->pk->txt;
	for (i = 0; i < c->in->nspans; i++) {
		memcpy(c->txt + at, c->in->spans[i].text, c->in->spans[i].len);
		at += c->in->spans[i].len;
	}
	c->txt[len] = '\0';
	c->len = len;
}

/* The call's scratch (join_text reserved it): the cache's arrays. */
static void
scratch_alloc(struct pctx *c)
{
	c->pc = c->pk->pc;
	c->w = c->pk->w;
	c->n = c->pk->n;
	c->act = c->pk->act;
	c->ncap = c->pk->ncap;
	c->npc = 0;
	c->nw = 0;
	memset(&c->w[0], 0, sizeof(c->w[0]));
}

/* Hand the DP arrays (push_node may have grown them) back to the cache;
 * a cache made for this call only goes. */
static void
scratch_free(struct pctx *c, struct para_cache *own)
{
	c->pk->n = c->n;
	c->pk->act = c->act;
	c->pk->ncap = c->ncap;
	para_cache_free(own);
}

static void
report_missing(struct pctx *c, int face, uint32_t cp)
{
	char		 u8[5], desc[96];
	int		 i, n;
	const char	*fam;

	if (c->d == NULL)
		return;
	for (i = 0; i < c->nmissing; i++)
		if (c->missing[i] == cp)
			return;
	if (c->nmissing < MAX_MISSING)
		c->missing[c->nmissing++] = cp;
	n = txt_encode(cp, u8);
	u8[n] = '\0';
	fam = font_family(c->fs, face);
	/* an invisible character is named, never printed raw */
	diag_error(c->d, src_locate(c, u8, (size_t)n), "character %s is not "
	    "in font \"%s\" (nor in any fallback font)",
	    txt_cp_desc(cp, desc, sizeof(desc)), fam != NULL ? fam : "?");
}

/* measure() when cp is not in the table's first probed slot. */
static int
measure_slow(struct pctx *c, int sf, uint32_t cp, int *adv)
{
	struct para_cache	*k = c->pk;
	struct mentry		*m;
	uint32_t		 key;
	int			 f;

	if (cp > 0x10FFFF) {
		f = font_face_for(c->fs, sf, cp);
		*adv = font_advance(c->fs, f >= 0 ? f : sf, cp);
		return f;
	}
	key = (cp << 2 | (uint32_t)sf) + 1;
	if ((m = mc_probe(k, key))->key == key) {
		*adv = m->adv;
		return m->face;
	}
	f = font_face_for(c->fs, sf, cp);
	*adv = font_advance(c->fs, f >= 0 ? f : sf, cp);
	if (2 * (k->mused + 1) > (1u << k->mbits)) {
		para_mc_grow(k);
		m = mc_probe(k, key);
	}
	m->key = key;
	m->face = f;
	m->adv = *adv;
	k->mused++;
	return f;
}

/* The face that draws cp in style face sf (-1: none) and its advance
 * there (in sf when none has it), from the report's table. */
static inline int
measure(struct pctx *c, int sf, uint32_t cp, int *adv)
{
	uint32_t		 key = (cp << 2 | (uint32_t)sf) + 1;
	const struct mentry	*m = &c->pk->mc[mc_slot(key, c->pk->mbits)];

	if (m->key == key && cp <= 0x10FFFF) {
		*adv = m->adv;
		return m->face;
	}
	return measure_slow(c, sf, cp, adv);
}

/* The shaped width of piece p, 1/1000 em of the text's size (a
 * footnote number is drawn smaller). */
static double
piece_width(const struct pctx *c, const struct wpiece *p)
{
	double	 w = font_run_width(c->fs, p->face, c->txt + p->off, p->len);

	return p->note != 0 ? w * PARA_SUP_SIZE : w;
}

/* Append one character of style face `sf` to the current word. */
static void
add_char(struct pctx *c, size_t off, size_t len, uint32_t cp, int sf)
{
	struct word	*w = &c->w[c->nw];
	struct wpiece	*p;
	int		 f, adv;

	/* the face only: close_word shapes the pieces */
	c->wlast = cp;
	f = measure(c, sf, cp, &adv);
	if (f < 0) {
		report_missing(c, sf, cp);
		c->err = 1;
		f = sf;
	}
	p = w->np > 0 ? &c->pc[c->npc - 1] : NULL;
	if (p != NULL && p->face == f && p->off + p->len == off &&
	    p->note == c->cur_note)
		p->len += len;
	else {
		p = &c->pc[c->npc++];
		p->off = off;
		p->len = len;
		p->face = f;
		p->w = 0;
		p->note = c->cur_note;
		w->np++;
	}
}

static void
set_glue(struct word *w, double gw)
{
	w->gw = gw;
	w->gy = gw * SPACE_STRETCH;
	w->gz = gw * SPACE_SHRINK;
}

static void
warn_wide(struct pctx *c, const struct word *w)
{
	const struct wpiece	*a = &c->pc[w->p0];
	const struct wpiece	*z = &c->pc[w->p0 + w->np - 1];
	size_t			 len = z->off + z->len - a->off, cut = len;
	size_t			 i = 0;

	if (c->d == NULL)
		return;
	if (len > 60) {
		while (i < 50)
			txt_next(c->txt + a->off, len, &i);
		cut = i;
	}
	diag_warn(c->d, src_locate(c, c->txt + a->off, len), "\"%.*s%s\" is "
	    "wider than the line; broken inside", (int)cut, c->txt + a->off,
	    cut < len ? "..." : "");
}

/* 1 if the code point at byte i is a combining mark. */
static int
mark_at(const char *s, size_t len, size_t i)
{
	int8_t	 t = u_charType((UChar32)txt_next(s, len, &i));

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	    t == U_COMBINING_SPACING_MARK;
}

/* The kind of cut between characters a and b of an over-wide word: URLs
 * and paths break after a slash or before a dot, hyphen, underscore,
 * query or fragment mark (never after a hyphen: pdftotext would take a
 * line-final "-" for a soft hyphen and drop it). */
static int
cut_kind(uint32_t a, uint32_t b)
{
	static const char	 before[] = ".-_?#&=~%+";

	if (a == '/' && b != '/')
		return EMERG_URL;
	if (b != 0 && b < 0x80 && strchr(before, (int)b) != NULL &&
	    (a >= 0x80 || strchr(before, (int)a) == NULL) && a != '/')
		return EMERG_URL;
	return EMERG_CHAR;
}

/* Cut the current word (wider than the line) into one word per
 * character, combining marks kept with their base. */
static void
split_word(struct pctx *c)
{
	struct word	 orig = c->w[c->nw], *w;
	struct wpiece	*old;
	size_t		 i, j, end;
	int		 k;
	uint32_t	 cp, first, prev = 0;

	old = xmalloc(orig.np * sizeof(*old));
	memcpy(old, &c->pc[orig.p0], orig.np * sizeof(*old));
	c->npc = orig.p0;
	for (k = 0; k < orig.np; k++) {
		end = old[k].off + old[k].len;
		for (i = old[k].off; i < end; i = j) {
			w = &c->w[c->nw];
			memset(w, 0, sizeof(*w));
			w->p0 = c->npc;
			w->np = 1;
			w->sep = SEP_PEN;
			j = i;
			first = 0;
			do {
				cp = txt_next(c->txt, end, &j);
				if (first == 0)
					first = cp;
			} while (j < end && mark_at(c->txt, end, j));
			c->pc[c->npc] = (struct wpiece){ i, j - i,
			    old[k].face, -1, 0, old[k].note };
			w->w = c->pc[c->npc].w = piece_width(c, &c->pc[c->npc]);
			c->npc++;
			if (c->nw > 0 && prev != 0)
				c->w[c->nw - 1].emerg = cut_kind(prev, first);
			prev = first;
			c->nw++;
		}
	}
	free(old);
	c->nw--;
	w = &c->w[c->nw];
	w->sep = orig.sep;
	w->emerg = EMERG_NONE;
	set_glue(w, orig.gw);
}

/* The pieces of the current word shaped: its width. */
static void
shape_word(struct pctx *c, struct word *w)
{
	struct wpiece	*p;
	int		 i;

	w->w = 0;
	for (i = 0; i < w->np; i++) {
		p = &c->pc[w->p0 + i];
		p->w = piece_width(c, p);
		w->w += p->w;
	}
}

/* The pending space after word w, before code point next drawn in face
 * nface: its advance kerned against the letters on either side that are
 * in the space's face. */
static double
glue_width(const struct pctx *c, const struct word *w, uint32_t next,
    int nface)
{
	const struct wpiece	*p = w->np > 0 ? &c->pc[w->p0 + w->np - 1] :
	    NULL;
	uint32_t		 a;

	a = p != NULL && p->face == c->pend_face ? c->wlast : 0;
	return font_space(c->fs, c->pend_face, a, nface == c->pend_face ?
	    next : 0);
}

/* What word w's last character may hang past a justified line's end
 * when the line ends after it (a break may follow it). */
static void
set_hang(struct pctx *c, struct word *w)
{
	const struct wpiece	*p;
	uint32_t		 cp;
	int			 share;

	w->hang = 0;
	if (c->align != PARA_JUSTIFY || w->np == 0 || w->sep == SEP_NB)
		return;
	p = &c->pc[w->p0 + w->np - 1];
	cp = c->wlast;
	share = hang_share(cp);
	if (share > 0)
		w->hang = (double)font_advance(c->fs, p->face, cp) * share /
		    1000;
}

/* End the current word with separator `sep` and start the next one,
 * whose first code point is next (0: none), in face nface. */
static void
close_word(struct pctx *c, enum sep sep, uint32_t next, int nface)
{
	struct word	*w = &c->w[c->nw];
	double		 limit = c->measure;

	/* only the first word must fit beside the indent */
	if (c->nw == 0 && c->indent > 0)
		limit -= c->indent;
	w->sep = sep;
	shape_word(c, w);
	set_glue(w, (sep == SEP_GLUE || sep == SEP_NB) && c->pend_gw > 0 ?
	    glue_width(c, w, next, nface) : 0);
	c->pend_gw = 0;
	set_hang(c, w);
	if (c->mode == PARA_MODE_BREAK && w->w > limit && w->np > 0 &&
	    (w->np > 1 || txt_count(c->txt + c->pc[w->p0].off,
	    c->pc[w->p0].len) > 1)) {
		warn_wide(c, w);
		split_word(c);
	}
	c->nw++;
	w = &c->w[c->nw];
	memset(w, 0, sizeof(*w));
	w->p0 = c->npc;
}

/* The advance of a space in style face sf (unkerned: the breaker only
 * needs it to be nonzero until close_word kerns it); its face in
 * c->pend_face. */
static double
space_width(struct pctx *c, int sf)
{
	int	 adv, f;

	f = measure(c, sf, ' ', &adv);
	c->pend_face = f >= 0 ? f : sf;
	return adv > 0 ? adv : 1;
}

/* The face that draws cp in style face sf. */
static int
face_of(struct pctx *c, int sf, uint32_t cp)
{
	int	 adv, f = measure(c, sf, cp, &adv);

	return f >= 0 ? f : sf;
}

static void
walk_char(struct pctx *c, size_t start, size_t end, uint32_t cp, int sf)
{
	struct word	*w = &c->w[c->nw];
	int		 k = c->kinds[start];

	if (k == BRK_FORCED)
		close_word(c, SEP_FORCED, 0, 0);
	else if (k == BRK_ALLOW && w->np > 0 && c->cur_note == 0)
		/* (a footnote's mark stays with the word before it) */
		close_word(c, c->pend_gw > 0 ? SEP_GLUE : SEP_PEN, cp,
		    c->pend_gw > 0 ? face_of(c, sf, cp) : 0);
	w = &c->w[c->nw];
	if (cp == '\n') {
		c->pend_gw = 0;
		return;
	}
	if (brk_is_space(cp)) {
		if (w->np > 0 && c->pend_gw == 0)
			c->pend_gw = space_width(c, sf);
		return;
	}
	if (c->pend_gw > 0)
		close_word(c, SEP_NB, cp, face_of(c, sf, cp));
	add_char(c, start, end - start, cp, sf);
}

static void
build_words(struct pctx *c)
{
	size_t		 i = 0, start, span_end;
	int		 si = 0, sf;
	uint32_t	 cp;

	span_end = c->in->nspans > 0 ? c->in->spans[0].len : 0;
	sf = c->in->nspans > 0 ?
	    style_face(c->in->spans[0].style | c->base_style) : 0;
	c->cur_note = c->in->nspans > 0 ? c->in->spans[0].note : 0;
	while (i < c->len) {
		start = i;
		if (start >= span_end && si + 1 < c->in->nspans) {
			while (start >= span_end && si + 1 < c->in->nspans)
				span_end += c->in->spans[++si].len;
			sf = style_face(c->in->spans[si].style | c->base_style);
			c->cur_note = c->in->spans[si].note;
		}
		if ((unsigned char)c->txt[i] < 0x80)
			cp = (unsigned char)c->txt[i++];	/* txt_next's */
		else
			cp = txt_next(c->txt, c->len, &i);
		walk_char(c, start, i, cp, sf);
	}
	c->pend_gw = 0;
	close_word(c, SEP_END, 0, 0);
	/* a trailing '\n' does not open an empty last line */
	if (c->nw > 1 && c->w[c->nw - 1].np == 0 &&
	    c->w[c->nw - 2].sep == SEP_FORCED) {
		c->nw--;
		c->w[c->nw - 1].sep = SEP_END;
	}
}

/* ---- links: pieces that draw a web or mail address (link.h) ---- */

/* Split piece i of word t at byte x (inside it). */
static void
split_piece(struct pctx *c, int t, int i, size_t x)
{
	struct wpiece	*a, *b;
	int		 u;

	memmove(&c->pc[i + 1], &c->pc[i], (size_t)(c->npc - i) *
	    sizeof(*c->pc));
	c->npc++;
	c->w[t].np++;
	for (u = t + 1; u <= c->nw; u++)
		c->w[u].p0++;
	a = &c->pc[i];
	b = &c->pc[i + 1];
	a->len = x - a->off;
	b->off = x;
	b->len -= a->len;
	/* two runs now: no kerning across the cut */
	c->w[t].w -= a->w;
	a->w = piece_width(c, a);
	b->w = piece_width(c, b);
	c->w[t].w += a->w + b->w;
}

/* The piece holding byte x strictly inside is split there. */
static void
cut_at(struct pctx *c, size_t x)
{
	const struct wpiece	*p;
	int			 t, i;

	for (t = 0; t < c->nw; t++)
		for (i = c->w[t].p0; i < c->w[t].p0 + c->w[t].np; i++) {
			p = &c->pc[i];
			if (p->off < x && x < p->off + p->len) {
				split_piece(c, t, i, x);
				return;
			}
		}
}

/* Pieces end where a link starts or ends (one piece of one face may
 * hold an address and the full stop after it), and each is given the
 * link it draws. Only for a text with links: the pieces' link field is
 * not set otherwise. */
static void
link_pieces(struct pctx *c)
{
	struct wpiece	*p;
	int		 i, k;

	for (k = 0; k < c->nlinks; k++) {
		cut_at(c, c->links[k].start);
		cut_at(c, c->links[k].end);
	}
	for (i = 0, k = 0; i < c->npc; i++) {
		p = &c->pc[i];
		while (k < c->nlinks && c->links[k].end <= p->off)
			k++;
		p->link = k < c->nlinks && p->off >= c->links[k].start ? k : -1;
	}
}

/* A run of words joined by no-break spaces ("(1945 - 1954)") that is
 * wider than the line may break at those spaces after all. */
static void
open_wide_chains(struct pctx *c)
{
	double	 limit = c->measure - (c->indent > 0 ? c->indent : 0);
	double	 w;
	int	 i, j, k;

	for (i = 0; i < c->nw; i = j + 1) {
		w = c->w[i].w;
		for (j = i; c->w[j].sep == SEP_NB; j++)
			w += c->w[j].gw + c->w[j + 1].w;
		if (w > limit && c->mode == PARA_MODE_BREAK)
			for (k = i; k < j; k++)
				c->w[k].sep = SEP_GLUE;
	}
}

static void
prefix_sums(struct pctx *c)
{
	struct para_cache	*k = c->pk;
	int			 i;
	/* a justified line's glyphs stretch and shrink too (EXPAND) */
	double			 ex = c->align == PARA_JUSTIFY ? EXPAND : 0;

	if ((size_t)c->nw + 1 > k->scap) {
		k->scap = (size_t)c->nw + 1 > 2 * k->scap ?
		    (size_t)c->nw + 1 : 2 * k->scap;
		free(k->W);
		free(k->Y);
		free(k->Z);
		k->W = xmalloc(k->scap * sizeof(double));
		k->Y = xmalloc(k->scap * sizeof(double));
		k->Z = xmalloc(k->scap * sizeof(double));
	}
	c->W = k->W;
	c->Y = k->Y;
	c->Z = k->Z;
	c->W[0] = c->Y[0] = c->Z[0] = 0;
	for (i = 0; i < c->nw; i++) {
		c->W[i + 1] = c->W[i] + c->w[i].w + c->w[i].gw;
		c->Y[i + 1] = c->Y[i] + c->w[i].gy + ex * c->w[i].w;
		c->Z[i + 1] = c->Z[i] + c->w[i].gz + ex * c->w[i].w;
	}
}

/* Break opportunities of c->txt: brk_find's, or its earlier answer for
 * the same text (brk_find reads only the language and the bytes; a
 * failure is not kept, so it is diagnosed again). */
static int
find_breaks(struct pctx *c, const char *lang)
{
	const unsigned char	*kinds;
	uint32_t		 h = 0;

	if (lang == NULL)
		lang = "vi";		/* as brk_find reads NULL */
	if (c->len > 0 && c->len <= BM_TEXT) {
		h = para_bm_hash(lang, c->txt, c->len);
		if ((kinds = para_bm_find(c->pk, h, lang, c->txt, c->len)) != NULL) {
			c->kinds = kinds;
			return 0;
		}
	}
	c->kinds = c->pk->kinds;
	if (brk_find(c->d, lang, c->txt, c->len, c->pk->kinds) == -1)
		return -1;
	if (c->len > 0 && c->len <= BM_TEXT)
		para_bm_add(c->pk, h, lang, c->txt, c->len, c->pk->kinds);
	return 0;
}

/* Words, pieces and prefix sums of c->in; 0, or -1 if ICU failed. The
 * links of the text are found when breaking (pieces then end at their
 * edges). */
static int
prepare(struct pctx *c, const char *lang)
{
	join_text(c);
	scratch_alloc(c);
	if (find_breaks(c, lang) == -1)
		return -1;
	build_words(c);
	if (c->mode == PARA_MODE_BREAK &&
	    (c->nlinks = link_find(c->a, c->txt, c->len, &c->links)) > 0)
		link_pieces(c);
	open_wide_chains(c);
	prefix_sums(c);
	return 0;
}

static int
is_blank_para(const struct pctx *c)
{
	return c->nw == 1 && c->w[0].np == 0;
}

/* The cache a call uses: the caller's when it was made for fs, else one
 * for this call only (*own, freed by scratch_free). */
static struct para_cache *
use_cache(struct para_cache *k, struct fontset *fs, struct para_cache **own)
{
	*own = NULL;
	if (k != NULL && k->fs == fs)
		return k;
	return *own = para_cache_new(fs);
}

int
para_break(struct arena *a, struct diag *d, struct fontset *fs,
    const struct inl *in, const struct para_opts *o, struct para *out)
{
	struct pctx		 c;
	struct para_cache	*own;
	int			 rc = -1, end;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	c.mode = PARA_MODE_BREAK;
	c.a = a;
	c.la = o->lines != NULL ? o->lines : a;
	c.d = d;
	c.fs = fs;
	c.pk = use_cache(o->cache, fs, &own);
	c.in = in;
	c.srcs = o->srcs;
	c.nsrcs = o->nsrcs;
	c.base_style = o->base_style;
	c.align = o->align;
	c.size = o->size > 0 ? o->size : 1;
	c.measure = o->measure * 1000 / c.size;
	c.indent = o->indent * 1000 / c.size;
	if (prepare(&c, o->lang) == -1 || c.err)
		goto out;
	rc = 0;
	if (is_blank_para(&c))
		goto out;
	end = fit_run(&c, o->first_fit);
	if (end >= 0)
		fit_place(&c, end, out);
out:
	scratch_free(&c, own);
	return rc;
}

void
para_measure_c(struct para_cache *k, struct fontset *fs,
    const struct inl *in, int base_style, double size, const char *lang,
    double *min_w, double *max_w)
{
	struct pctx		 c;
	struct para_cache	*own;
	double			 chain = 0, line = 0, mn = 0, mx = 0;
	int			 i;

	memset(&c, 0, sizeof(c));
	c.mode = PARA_MODE_MEASURE;
	c.fs = fs;
	c.pk = use_cache(k, fs, &own);
	c.in = in;
	c.base_style = base_style;
	c.size = size > 0 ? size : 1;
	c.measure = HUGE_RATIO;
	if (prepare(&c, lang) == 0) {
		for (i = 0; i < c.nw; i++) {
			chain += c.w[i].w;
			line += c.w[i].w;
			if (chain > mn)
				mn = chain;
			if (line > mx)
				mx = line;
			chain = c.w[i].sep == SEP_NB ? chain + c.w[i].gw : 0;
			line = is_finish(c.w[i].sep) ? 0 : line + c.w[i].gw;
		}
	}
	scratch_free(&c, own);
	*min_w = mn * c.size / 1000;
	*max_w = mx * c.size / 1000;
}

void
para_measure(struct fontset *fs, const struct inl *in, int base_style,
    double size, const char *lang, double *min_w, double *max_w)
{
	para_measure_c(NULL, fs, in, base_style, size, lang, min_w, max_w);
}
