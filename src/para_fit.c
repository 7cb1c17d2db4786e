/*
 * para_fit.c - steps 2 and 3 of para.c: the words of a paragraph broken
 * into lines and the lines placed.
 *
 *  2. total fit (Knuth-Plass): a DP over the breakable separators with an
 *     active list of nodes (one per fitness class and position), costs
 *     from the named constants below; a tolerance ladder (r <= 1, then a
 *     looser pass, then an emergency pass that always succeeds). First fit
 *     is kept for comparison.
 *  3. backtrack and place: every word gets its own x (justified lines
 *     widen or narrow the spaces and, by font expansion, the glyphs; no
 *     Tw), last and forced lines ragged; a justified line's final
 *     punctuation may hang into the margin (the word's hang, para.c).
 *
 * Widths are in 1/1000 em until placement, where they become points.
 */
#include <math.h>
#include <stdlib.h>

#include "arena.h"
#include "link.h"
#include "para.h"
#include "para_int.h"

/* Badness is 100 when a space widens by BAD_STRETCH or narrows by
 * BAD_SHRINK of itself: TeX's badness 100 r^3 over the space's change.
 * Widening costs more than narrowing by the same amount, as in TeX
 * (stretch 1/2, shrink 1/3 of a space): a reader notices loose lines and
 * rivers far more than slightly tight ones. */
#define BAD_STRETCH		0.20
#define BAD_SHRINK		0.30

/* Tolerance ladder: largest ratio a line may have in each pass. */
#define TOL_FIRST		1.0
#define TOL_SECOND		2.5

/* Costs (TeX's names and magnitudes). */
#define LINE_PENALTY		10	/* every line: prefer fewer lines */
#define INF_BAD			10000	/* badness of an unstretchable line */
#define ADJ_DEMERITS		10000	/* neighbours two fitness classes apart */
#define VERY_LOOSE_DEMERITS	5000	/* a line stretched past r = 1 */
#define PEN_BREAK_PENALTY	50	/* a break with no space (after '-') */
#define URL_PENALTY		50	/* over-wide word: after '/', before '.-_' */
#define EMERG_PENALTY		1000	/* over-wide word: between any two letters */

/* Ragged lines (left, centre, right) are judged as if they had this much
 * stretch, in 1/1000 em (TeX's \raggedright: 2 em). */
#define RAG_STRETCH		2000.0


enum fitness {
	FIT_TIGHT,
	FIT_DECENT,
	FIT_LOOSE,
	FIT_VERY_LOOSE,
	FIT__MAX
};

/* One line's metrics: natural width, stretch, shrink, room; the ratio
 * that rates it (rb) and the one it is set with (rp). */
struct lmet {
	double		 L, Y, Z, avail;	/* Y, Z: expansion's included */
	double		 rb, rp;
};

/* ---- step 2: the breaker ---- */

static int
breakable(const struct word *w)
{
	return w->sep != SEP_NB;
}

/* Shrinking, or too long: rb < -1 means it does not fit. */
static void
ratio_shrink(struct lmet *m, double diff)
{
	m->rb = m->Z > 0 ? diff / m->Z : -HUGE_RATIO;
	m->rp = m->rb < -1 ? -1 : m->rb;
}

static void
ratio_justify(const struct word *e, struct lmet *m)
{
	double	 diff = m->avail - m->L;

	if (diff < -EPS) {
		ratio_shrink(m, diff);
		return;
	}
	if (diff <= EPS)
		m->rb = m->rp = 0;
	else if (is_finish(e->sep))
		m->rb = m->rp = 0;
	else if (e->emerg) {
		m->rb = diff / (m->Y + m->avail);
		m->rp = (m->Y > 0 && diff / m->Y <= 1) ? diff / m->Y : 0;
	} else if (m->Y > 0)
		m->rb = m->rp = diff / m->Y;
	else {
		m->rb = HUGE_RATIO;
		m->rp = 0;
	}
}

static void
ratio_ragged(const struct word *e, struct lmet *m)
{
	double	 diff = m->avail - m->L;

	m->rp = 0;
	if (diff < -EPS)
		m->rb = -HUGE_RATIO;
	else
		m->rb = is_finish(e->sep) ? 0 : diff / RAG_STRETCH;
}

/* Metrics of the line holding words a..b. */
static void
line_metrics(const struct pctx *c, int a, int b, struct lmet *m)
{
	const struct word	*e = &c->w[b];

	m->avail = c->measure - (a == 0 ? c->indent : 0) + e->hang;
	m->L = c->W[b + 1] - c->W[a] - e->gw;
	m->Y = c->Y[b + 1] - c->Y[a] - e->gy;
	m->Z = c->Z[b + 1] - c->Z[a] - e->gz;
	if (c->align == PARA_JUSTIFY)
		ratio_justify(e, m);
	else
		ratio_ragged(e, m);
}

static double
badness(int justify, double r)
{
	double	 b;

	/* justified: rate the change of the space, not r */
	if (justify && fabs(r) < HUGE_RATIO)
		r = r > 0 ? r * SPACE_STRETCH / BAD_STRETCH :
		    -r * SPACE_SHRINK / BAD_SHRINK;
	r = fabs(r);
	if (r >= 100)
		return INF_BAD;
	b = 100 * r * r * r;
	return b > INF_BAD ? INF_BAD : b;
}

static int
fitness(const struct pctx *c, double r)
{
	if (c->align != PARA_JUSTIFY)
		return FIT_DECENT;
	if (r < -0.5)
		return FIT_TIGHT;
	if (r <= 0.5)
		return FIT_DECENT;
	return r <= 1 ? FIT_LOOSE : FIT_VERY_LOOSE;
}

static double
break_penalty(const struct word *e)
{
	if (e->emerg == EMERG_URL)
		return URL_PENALTY;
	if (e->emerg == EMERG_CHAR)
		return EMERG_PENALTY;
	if (e->sep == SEP_PEN)
		return PEN_BREAK_PENALTY;
	return 0;
}

/* Demerits of a line rated rb, of class fit, after a line of class pf. */
static double
demerits(const struct pctx *c, const struct word *e, double rb, int fit,
    int pf)
{
	double	 d, p = break_penalty(e);

	d = LINE_PENALTY + badness(c->align == PARA_JUSTIFY, rb);
	d = d * d + p * p;
	if (abs(fit - pf) > 1)
		d += ADJ_DEMERITS;
	if (fit == FIT_VERY_LOOSE)
		d += VERY_LOOSE_DEMERITS;
	return d;
}

static void
push_node(struct pctx *c, int pos, int fit, int prev, double dem, double r)
{
	if (c->nn == c->ncap) {
		c->ncap = c->ncap ? 2 * c->ncap : 64;
		c->n = xrealloc(c->n, c->ncap * sizeof(*c->n));
		c->act = xrealloc(c->act, c->ncap * sizeof(*c->act));
	}
	c->n[c->nn] = (struct node){ pos, fit, prev, dem, r };
	c->act[c->nact++] = c->nn++;
}

struct cand {
	double	 dem;
	int	 from;
	double	 r;
};

/* Try every active node as the start of a line ending after word b;
 * nodes whose line no longer fits leave the active list. Returns the
 * last node dropped, or -1. */
static int
try_break(struct pctx *c, int b, double tol, struct cand *best)
{
	struct lmet	 m;
	struct node	*nd;
	int		 k, j = 0, dropped = -1, fit;
	double		 d;

	for (k = 0; k < c->nact; k++) {
		nd = &c->n[c->act[k]];
		line_metrics(c, nd->pos, b, &m);
		if (m.rb < -1 - EPS) {
			dropped = c->act[k];
			continue;
		}
		c->act[j++] = c->act[k];
		if (m.rb > tol)
			continue;
		fit = fitness(c, m.rb);
		d = nd->dem + demerits(c, &c->w[b], m.rb, fit, nd->fit);
		if (d < best[fit].dem)
			best[fit] = (struct cand){ d, c->act[k], m.rp };
	}
	c->nact = j;
	return dropped;
}

/* One pass of the total-fit DP; the index of the final node, or -1 when
 * no breaking fits the tolerance (never in the final pass). */
static int
total_fit(struct pctx *c, double tol, int final)
{
	struct cand	 best[FIT__MAX];
	int		 b, f, dropped, found, end = -1;

	c->nn = c->nact = 0;
	push_node(c, 0, FIT_DECENT, -1, 0, 0);
	for (b = 0; b < c->nw; b++) {
		if (!breakable(&c->w[b]))
			continue;
		for (f = 0; f < FIT__MAX; f++)
			best[f] = (struct cand){ INFINITY, -1, 0 };
		dropped = try_break(c, b, tol, best);
		found = 0;
		for (f = 0; f < FIT__MAX; f++)
			found |= best[f].from >= 0;
		if (!found && c->nact == 0 && final && dropped >= 0)
			best[FIT_TIGHT] = (struct cand){ c->n[dropped].dem +
			    (double)INF_BAD * INF_BAD, dropped, -1 };
		if (is_finish(c->w[b].sep))
			c->nact = 0;
		for (f = 0; f < FIT__MAX; f++)
			if (best[f].from >= 0)
				push_node(c, b + 1, f, best[f].from,
				    best[f].dem, best[f].r);
		if (c->nact == 0)
			return -1;
	}
	for (f = 0; f < c->nact; f++)
		if (c->n[c->act[f]].pos == c->nw && (end < 0 ||
		    c->n[c->act[f]].dem < c->n[end].dem))
			end = c->act[f];
	return end;
}

/* Greedy: each line takes as many words as fit (spaces shrunk). */
static int
first_fit(struct pctx *c)
{
	struct lmet	 m;
	int		 a = 0, b, last, prev = -1;
	double		 r;

	c->nn = c->nact = 0;
	push_node(c, 0, FIT_DECENT, -1, 0, 0);
	while (a < c->nw) {
		last = -1;
		r = 0;
		for (b = a; b < c->nw; b++) {
			if (!breakable(&c->w[b]) && b + 1 < c->nw)
				continue;
			line_metrics(c, a, b, &m);
			if (m.rb < -1 - EPS && last >= 0)
				break;
			last = b;
			r = m.rp;
			if (is_finish(c->w[b].sep) || m.rb < -1 - EPS)
				break;
		}
		prev = c->nn - 1;
		push_node(c, last + 1, FIT_DECENT, prev, 0, r);
		a = last + 1;
	}
	return c->nn - 1;
}

/* ---- step 3: placement ---- */

static void
place_pieces(const struct pctx *c, int a, int b, double r, double x,
    double sx, struct line *ln)
{
	const struct wpiece	*p;
	struct piece		*q = NULL;
	const char		*lk;
	double			 k = c->size / 1000;
	int			 t, i;

	for (t = a; t <= b; t++) {
		for (i = 0; i < c->w[t].np; i++) {
			p = &c->pc[c->w[t].p0 + i];
			lk = c->nlinks > 0 && p->link >= 0 ?
			    c->links[p->link].uri : NULL;
			if (q != NULL && i == 0 && c->w[t - 1].sep == SEP_PEN &&
			    q->face == p->face && q->link == lk &&
			    q->note == p->note &&
			    q->text + q->len == c->txt + p->off) {
				q->len += p->len;
				q->w += p->w * sx * k;
			} else {
				q = &ln->pieces[ln->npieces++];
				*q = (struct piece){ c->txt + p->off, p->len,
				    p->face, x * k, p->w * sx * k, lk,
				    p->note };
			}
			x += p->w * sx;
		}
		if (t < b)
			x += c->w[t].gw + r * (r >= 0 ? c->w[t].gy :
			    c->w[t].gz);
	}
}

/* The expansion of a justified line placed at ratio r (in
 * PARA_EXPAND_UNIT), and
 * in *rs the ratio left for
 * its spaces: r itself while |r| <= 1, the rest of the change when the
 * glyphs reach their limit, 0 when the line has no space. */
static int
line_expand(const struct pctx *c, int a, int b, const struct lmet *m,
    double r, double *rs)
{
	double	 g = 0, ys, zs, diff = m->avail - m->L, e;
	int	 pm, t;

	*rs = 0;
	if (c->align != PARA_JUSTIFY || r == 0)
		return 0;
	for (t = a; t <= b; t++)
		g += c->w[t].w;
	ys = m->Y - EXPAND * g;
	zs = m->Z - EXPAND * g;
	/* rounded down, within the limit: a line without a space (a long
	 * address cut in pieces) must not end past the measure */
	e = (r > 1 ? 1 : r < -1 ? -1 : r) * EXPAND * PARA_EXPAND_UNIT;
	pm = (int)floor(e + 1e-9);
	if (pm < -lround(EXPAND * PARA_EXPAND_UNIT))
		pm = (int)-lround(EXPAND * PARA_EXPAND_UNIT);
	diff -= g * pm / PARA_EXPAND_UNIT;
	if (diff > 0 && ys > 0)
		*rs = diff / ys;
	else if (diff < 0 && zs > 0)
		*rs = diff / zs;
	if (*rs < -1)
		*rs = -1;
	return pm;
}

static void
place_line(const struct pctx *c, int a, int b, double r, struct line *ln)
{
	struct lmet	 m;
	double		 x, slack, rs = r;
	int		 t, np = 0;

	line_metrics(c, a, b, &m);
	ln->expand = line_expand(c, a, b, &m, r, &rs);
	for (t = a; t <= b; t++)
		np += c->w[t].np;
	ln->pieces = arena_alloc(c->la, (np > 0 ? np : 1) *
	    sizeof(*ln->pieces));
	ln->npieces = 0;
	ln->width = m.L * c->size / 1000;
	ln->ratio = r;
	ln->last = b == c->nw - 1;
	ln->forced = c->w[b].sep == SEP_FORCED;
	x = a == 0 ? c->indent : 0;
	slack = m.avail - m.L > 0 ? m.avail - m.L : 0;
	if (c->align == PARA_RIGHT)
		x += slack;
	else if (c->align == PARA_CENTER)
		x += slack / 2;
	place_pieces(c, a, b, rs, x, 1 + (double)ln->expand / PARA_EXPAND_UNIT,
	    ln);
}

void
fit_place(struct pctx *c, int end, struct para *out)
{
	int	 i, k, nl = 0;
	int	*chain;

	for (i = end; c->n[i].prev >= 0; i = c->n[i].prev)
		nl++;
	/* the chain's nl + 1 nodes are distinct: the DP is over, and its
	 * active list (room for every node) holds them */
	chain = c->act;
	for (i = end, k = nl; k >= 0; i = c->n[i].prev, k--)
		chain[k] = i;
	out->lines = arena_alloc(c->la, (nl > 0 ? nl : 1) * sizeof(*out->lines));
	out->nlines = nl;
	for (k = 1; k <= nl; k++)
		place_line(c, c->n[chain[k - 1]].pos, c->n[chain[k]].pos - 1,
		    c->n[chain[k]].r, &out->lines[k - 1]);
}

int
fit_run(struct pctx *c, int first)
{
	int	 end;

	if (first)
		return first_fit(c);
	if (c->align == PARA_JUSTIFY) {
		if ((end = total_fit(c, TOL_FIRST, 0)) >= 0)
			return end;
		if ((end = total_fit(c, TOL_SECOND, 0)) >= 0)
			return end;
	}
	return total_fit(c, HUGE_RATIO, 1);
}

