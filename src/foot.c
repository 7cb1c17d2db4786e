/*
 * foot.c - footnotes at the foot of the page of their mark (spec §2 v2).
 *
 * text.c reads `^[...]` into a mark span holding the note's text, lower.c
 * numbers the marks through the report, para.c draws a mark as a small
 * raised number belonging to the word before it and lay_line (layout.c)
 * notes on each slice which marks it holds. Here every note is broken
 * into lines once (11 pt, single spacing, the whole text width, opening
 * with its number), and the pager asks, slice by slice, where
 * the slice may go given the notes already at the page's foot:
 *
 *  - the slice and all its notes fit: it is placed, the notes reserved;
 *  - they do not, but would on an empty page: the slice goes to the next
 *    page (the pager cuts there as for any slice that does not fit, so
 *    widows, orphans and keep-with-next hold);
 *  - a note too long even for an empty page (or a slice that starts a
 *    page): the slice is placed with as many note lines as fit, and the
 *    rest continues at the foot of the next page, under its own rule.
 *
 * A finished page's foot is drawn at the bottom of its text area: a rule
 * a quarter of the text width long at the left, then the note lines, so
 * notes come after the page's body text in the content stream.
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "box.h"
#include "layout_int.h"
#include "model.h"
#include "para.h"
#include "text.h"

#define FOOT_SIZE	11.0	/* pt, spec §2 v2 */
#define FOOT_ABOVE	6.0	/* at least this between text and the rule */
#define FOOT_BELOW	3.0	/* between the rule and the first note */
#define FOOT_SEP	(FOOT_ABOVE + FOOT_BELOW)
#define FOOT_RULE_W	0.5
#define FOOT_EPS	0.01

/* The note's text opened by its number and a space. The number is set
 * in the note's own size on its baseline: a raised one is read by
 * pdftotext as a line of its own, away from its note. */
static struct inl
note_text(struct lay *l, int k)
{
	const struct inl *fn = l->r->notes[k];
	struct inl	 in = *fn;

	in.nspans = fn->nspans + 2;
	in.spans = arena_alloc(l->a, (size_t)in.nspans * sizeof(*in.spans));
	in.spans[0].text = arena_printf(l->a, "%d", k + 1);
	in.spans[0].len = strlen(in.spans[0].text);
	in.spans[1].text = " ";
	in.spans[1].len = 1;
	memcpy(in.spans + 2, fn->spans, (size_t)fn->nspans *
	    sizeof(*in.spans));
	return in;
}

int
foot_prepare(struct lay *l)
{
	const struct style *st = &l->r->style;
	struct para_opts o;
	struct inl	 in;
	int		 k;

	l->fadv = lay_advance(l, FOOT_SIZE, 1.0);
	if (l->r->nnotes == 0)
		return 0;
	l->notes = arena_alloc(l->a, (size_t)l->r->nnotes *
	    sizeof(*l->notes));
	for (k = 0; k < l->r->nnotes; k++) {
		in = note_text(l, k);
		lay_para_opts(&o, l->width, FOOT_SIZE, 0,
		    st->justify ? PARA_JUSTIFY : PARA_LEFT);
		o.lines = l->a;	/* drawn by the pager, page after page */
		if (lay_para(l, &in, &o, &l->notes[k].p) == -1)
			return -1;
	}
	return 0;
}

static void
add_part(struct foot *f, int fn, int l0, int l1)
{
	if (f->nparts == f->cap) {
		f->cap = f->cap > 0 ? 2 * f->cap : 16;
		f->parts = xrealloc(f->parts, (size_t)f->cap *
		    sizeof(*f->parts));
	}
	f->parts[f->nparts++] = (struct foot_part){ fn, l0, l1 };
}

/* Height the foot grows by with n more lines. */
static double
grow(const struct lay *l, const struct foot *f, int n)
{
	return n > 0 ? n * l->fadv + (f->h > 0 ? 0 : FOOT_SEP) : 0;
}

/* Lines of s's notes. */
static int
slice_lines(const struct lay *l, const struct slice *s)
{
	int	 i, n = 0;

	for (i = 0; i < s->nfn; i++)
		n += l->notes[s->fns[i]].p.nlines;
	return n;
}

/* Up to `room` pt of lines [l0, ..) of note fn at the foot; the line
 * where it stops (the note's line count when it is all there). */
static int
take(const struct lay *l, struct foot *f, int fn, int l0, double *room)
{
	double	 g;
	int	 n = l->notes[fn].p.nlines - l0, fit;

	fit = (int)floor((*room - (f->h > 0 ? 0 : FOOT_SEP) + FOOT_EPS) /
	    l->fadv);
	if (fit > n)
		fit = n;
	if (fit < 0)
		fit = 0;
	add_part(f, fn, l0, l0 + fit);
	g = grow(l, f, fit);
	*room -= g;
	f->h += g;
	return l0 + fit;
}

void
foot_page(struct lay *l, struct foot *f)
{
	double	 room = l->height;
	int	 i, end;

	f->nparts = 0;
	f->h = 0;
	for (i = 0; i < f->ncarry; i++) {
		/* a note longer than a page still moves on a line a page */
		if (room < FOOT_SEP + l->fadv)
			room = FOOT_SEP + l->fadv;
		end = take(l, f, f->carry[i].fn, f->carry[i].l0, &room);
		f->carry[i].l0 = end;
	}
	f->ncarry = 0;
	f->lastn = f->nparts;
	f->lasth = f->h;
}

int
foot_fit(struct lay *l, struct foot *f, const struct slice *s, double y,
    double bottom, int placed, double after)
{
	double	 room = bottom - y - s->h - f->h;
	int	 i, n = s->nfn > 0 ? slice_lines(l, s) : 0;

	if (room + FOOT_EPS >= grow(l, f, n)) {
		for (i = 0; i < s->nfn; i++)
			take(l, f, s->fns[i], 0, &room);
		return 1;
	}
	if (placed) {
		/* with its notes on an empty page, or not at all here */
		if (room < -FOOT_EPS || n == 0 ||
		    s->h + FOOT_SEP + n * l->fadv <= l->height + FOOT_EPS)
			return 0;
		/* too long for any page: as much as fits here */
		if (room + FOOT_EPS < grow(l, f, 1))
			return 0;
	} else if (f->h > 0 && room < -FOOT_EPS)
		return 0;	/* a page of notes carried over only */
	/* the lines that must stay with this one keep their room */
	if (room - after >= grow(l, f, 1))
		room -= after;
	for (i = 0; i < s->nfn; i++)
		take(l, f, s->fns[i], 0, &room);
	return 1;
}

static void
draw_part(struct lay *l, struct foot *f, const struct foot_part *p,
    double *y)
{
	const struct para *pa = &l->notes[p->fn].p;
	double		 base = lay_baseline(l, FOOT_SIZE, l->fadv);
	int		 k;

	for (k = p->l0; k < p->l1; k++) {
		lay_line(l, &f->draw, &pa->lines[k], FOOT_SIZE, l->left,
		    *y + base);
		*y += l->fadv;
	}
}

void
foot_end(struct lay *l, struct foot *f, double bottom, int dry)
{
	double	 y = bottom - f->h;
	int	 i;

	f->draw.nboxes = 0;
	f->draw.nfn = 0;
	f->draw.outline = -1;
	f->ncarry = 0;
	for (i = 0; i < f->nparts; i++) {
		if (f->parts[i].l1 < l->notes[f->parts[i].fn].p.nlines) {
			if (f->ncarry == f->ccap) {
				f->ccap = f->ccap > 0 ? 2 * f->ccap : 8;
				f->carry = xrealloc(f->carry, (size_t)f->ccap *
				    sizeof(*f->carry));
			}
			f->carry[f->ncarry++] = (struct foot_part){
			    f->parts[i].fn, f->parts[i].l1, 0 };
		}
	}
	if (dry || f->h <= 0)
		return;
	lay_rule(l, &f->draw, l->left, y + FOOT_ABOVE, l->width / 4, 0,
	    FOOT_RULE_W);
	y += FOOT_SEP;
	for (i = 0; i < f->nparts; i++)
		draw_part(l, f, &f->parts[i], &y);
}

void
foot_free(struct foot *f)
{
	free(f->parts);
	free(f->carry);
	memset(f, 0, sizeof(*f));
}
