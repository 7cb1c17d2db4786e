/*
 * chart.c - the staffing-history bar chart (model.h struct chart, built by
 * lower.c from a history with chart: true) as one slice on the layout's
 * vertical list (layout_int.h), so the chart, its legend and its caption
 * share a page. Spec §2a (v2); the rules are in baocao-report(5).
 *
 * The drawing, top to bottom: the axis title "Số người" over the y axis;
 * the plot (PLOT_H tall): a y axis from 0 to the top tick, its ticks at a
 * round step (1, 2 or 5 x 10^n, 4 to 8 ticks, nice_step) labelled at the
 * left, a light gridline across the plot at every tick; one slot per
 * period (every period, in order), a bar from 0 (BAR_GRAY) up to the value
 * or, for a range, up to its low value with a lighter cap (CAP_GRAY) up to
 * the high one, both outlined; the value above the bar ("92", "70–95"), a
 * dash "—" above the axis for a period with no figure; the period names
 * under the axis; a legend of the two greys when a range is drawn; the
 * caption. Labels never overlap (fit_values, fit_periods): value labels
 * shrink from 10 pt to fit their slot (down to 6 pt, then a range's label
 * goes on two lines), period names wrap at spaces in their slot and shrink
 * from 9 pt (down to 6 pt) until their longest word fits (at 6 pt, a word
 * still too wide is also wrapped before its hyphens). Greys are plain
 * DeviceGray fills that office laser printers reproduce; everything is
 * vector (rects, rules, text). Return convention: 0 = ok, -1 = failed.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "box.h"
#include "chart.h"
#include "font.h"
#include "layout_int.h"
#include "model.h"
#include "para.h"

#define MM		(72.0 / 25.4)
#define PLOT_H		(45 * MM)
#define LABEL_SIZE	9.0	/* period names, at most */
#define VALUE_SIZE	10.0	/* values above the bars, at most */
#define MIN_SIZE	6.0	/* labels never shrink below this */
#define TICK_SIZE	8.0	/* tick values and the legend */
#define TITLE_SIZE	9.0	/* the axis title */
#define BAR_GRAY	0.45	/* a bar, or a range's part up to its low */
#define CAP_GRAY	0.82	/* a range's cap from low to high */
#define GRID_GRAY	0.75	/* gridlines (thin filled rects) */
#define GRID_H		0.4
#define AXIS_W		0.75
#define OUTLINE_W	0.4	/* around bars, caps and legend swatches */
#define SLOT_PAD	2.0	/* free space on each side of a label */

static const char AXIS_TITLE[] = "Số người";
static const char LEGEND_LOW[] = "Số người (mức thấp của khoảng)";
static const char LEGEND_CAP[] = "Từ mức thấp đến mức cao của khoảng";
static const char NO_FIGURE[] = "\xE2\x80\x94";	/* — */

struct geom {
	double	 x0, w;		/* plot: y axis at x0, w wide */
	double	 top, axis;	/* y of the top tick and of 0 */
	double	 slot, barw, scale;
	long	 step;		/* between ticks */
	int	 nstep;		/* intervals: ticks 0..nstep */
	double	 vsize;		/* value labels' size */
	int	 vsplit;	/* a range's label on two lines */
	double	 psize;		/* period names' size */
};

/* The tick step: the smallest of 1, 2, 5, 10, 20, 50… that covers maxv
 * in at most 7 intervals, with at least 3 intervals (4 to 8 ticks: each
 * step is at most 2.5 times the last, so maxv needs more than 2.8). */
static void
nice_step(double maxv, long *step, int *nstep)
{
	static const int m[] = { 1, 2, 5 };
	long		 p = 1, s;
	int		 i, n;

	for (;;) {
		for (i = 0; i < 3; i++) {
			s = m[i] * p;
			n = (int)((maxv + s - 1e-9) / s);
			if (n <= 7) {
				*step = s;
				*nstep = n < 3 ? 3 : n;
				return;
			}
		}
		p *= 10;
	}
}

/* v as §2a prints numbers: dots group thousands (15.230). */
static const char *
num_text(struct arena *a, long v)
{
	char	 d[32], o[48];
	int	 n, i, k = 0;

	n = snprintf(d, sizeof(d), "%ld", v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			o[k++] = '.';
		o[k++] = d[i];
	}
	o[k] = '\0';
	return arena_strdup(a, o);
}

static double
text_w(struct lay *l, const char *t, double size)
{
	return font_width(l->fs, FACE_REGULAR, t, strlen(t), size);
}

/* t at size, anchored at x by its left end (align 0), its centre (1) or
 * its right end (2): measured once, by lay_text. Returns its width. */
static double
put_text(struct lay *l, struct slice *s, const char *t, double size,
    double x, double y, int align)
{
	struct box	*b;

	lay_text(l, s, t, FACE_REGULAR, size, x, y);
	b = &s->boxes[s->nboxes - 1];
	b->x -= b->w * align / 2;
	return b->w;
}

/* The value labels' size: the largest from VALUE_SIZE down to MIN_SIZE
 * (half-point steps) at which every label fits its slot; at MIN_SIZE a
 * range's label that is still too wide goes on two lines ("100–" over
 * "107"). Widths are measured once, at VALUE_SIZE: they scale with the
 * size. */
static void
fit_values(struct lay *l, const struct chart *c, struct geom *g)
{
	double	 room = g->slot - 2 * SLOT_PAD, w, wmax = 0, wr = 0;
	int	 i;

	for (i = 0; i < c->nbars; i++) {
		if (c->bars[i].value == NULL)
			continue;
		w = text_w(l, c->bars[i].value, VALUE_SIZE);
		if (w > wmax)
			wmax = w;
		if (c->bars[i].is_range && w > wr)
			wr = w;
	}
	for (g->vsize = VALUE_SIZE; g->vsize > MIN_SIZE; g->vsize -= 0.5)
		if (wmax * g->vsize / VALUE_SIZE <= room)
			break;
	g->vsplit = wr * g->vsize / VALUE_SIZE > room;
}

/* The width of the widest word (between spaces) of s at size. */
static double
widest_word(struct lay *l, const char *s, double size)
{
	double	 w, wmax = 0;
	size_t	 n;

	while (*s != '\0') {
		n = strcspn(s, " ");
		w = n > 0 ? font_width(l->fs, FACE_REGULAR, s, n, size) : 0;
		if (w > wmax)
			wmax = w;
		s += n;
		s += strspn(s, " ");
	}
	return wmax;
}

/* s with a line break before each hyphen or en dash inside a word
 * ("1945-1949" -> "1945" over "-1949"): how a name that is one word
 * wider than its slot at MIN_SIZE is wrapped (before, not after, the
 * hyphen: a reader takes a line-final "-" for a soft hyphen). */
static const char *
hyphen_breaks(struct arena *a, const char *s)
{
	size_t	 i, k = 0, n = strlen(s);
	char	*o = arena_alloc(a, 2 * n + 1);

	for (i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ' && (s[i] == '-' ||
		    strncmp(s + i, "\xE2\x80\x93", 3) == 0))
			o[k++] = '\n';
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

/* The period names at the largest size from LABEL_SIZE down to MIN_SIZE
 * (half-point steps) at which every word fits the slot, broken into lines
 * of the slot's width (at spaces; at MIN_SIZE, a word still too wide also
 * before its hyphens). Words are measured once, at LABEL_SIZE: widths
 * scale with the size. */
static int
fit_periods(struct lay *l, const struct chart *c, struct geom *g,
    struct para *p, int *maxl)
{
	struct para_opts o;
	double		 room = g->slot - 2 * SLOT_PAD - 0.5, wmax = 0;
	double		*ww = arena_alloc(l->a, sizeof(*ww) * (size_t)c->nbars);
	const char	*t;
	int		 i;

	for (i = 0; i < c->nbars; i++) {
		t = c->bars[i].label != NULL ? c->bars[i].label : "";
		ww[i] = widest_word(l, t, LABEL_SIZE);
		if (ww[i] > wmax)
			wmax = ww[i];
	}
	for (g->psize = LABEL_SIZE; g->psize > MIN_SIZE; g->psize -= 0.5)
		if (wmax * g->psize / LABEL_SIZE <= room)
			break;
	*maxl = 1;
	for (i = 0; i < c->nbars; i++) {
		t = c->bars[i].label != NULL ? c->bars[i].label : "";
		if (ww[i] * g->psize / LABEL_SIZE > room)
			t = hyphen_breaks(l->a, t);
		lay_para_opts(&o, g->slot - 2 * SLOT_PAD, g->psize, 0,
		    PARA_CENTER);
		if (lay_para_str(l, t, &o, &p[i]) == -1)
			return -1;
		if (p[i].nlines > *maxl)
			*maxl = p[i].nlines;
	}
	return 0;
}

static void
geometry(struct lay *l, const struct chart *c, struct geom *g)
{
	double	 maxv = 0, tw;
	int	 i;

	for (i = 0; i < c->nbars; i++)
		if (c->bars[i].value != NULL && c->bars[i].hi > maxv)
			maxv = c->bars[i].hi;
	nice_step(maxv, &g->step, &g->nstep);
	tw = text_w(l, num_text(l->a, g->step * g->nstep), TICK_SIZE);
	g->x0 = l->left + tw + 4;
	g->w = l->left + l->width - g->x0;
	g->slot = g->w / c->nbars;
	g->barw = g->slot * 0.55;
	if (g->barw > 48)
		g->barw = 48;
	fit_values(l, c, g);
	g->top = TITLE_SIZE + 6 + (g->vsplit ? 2 : 1) * g->vsize * 1.15 + 3;
	g->axis = g->top + PLOT_H;
	g->scale = PLOT_H / (double)(g->step * g->nstep);
}

/* Gridlines and tick values at every step, the axis title, the axes. */
static void
grid(struct lay *l, struct slice *s, const struct geom *g)
{
	struct box	*r;
	const char	*t;
	double		 y;
	int		 k;

	for (k = 0; k <= g->nstep; k++) {
		y = g->axis - (double)(k * g->step) * g->scale;
		if (k > 0) {
			r = lay_box(l, s, BOX_RECT);
			r->x = g->x0;
			r->w = g->w;
			r->y = y - GRID_H / 2;
			r->h = GRID_H;
			r->fill = 1;
			r->gray = GRID_GRAY;
		}
		lay_rule(l, s, g->x0 - 3, y, 3, 0, AXIS_W);
		t = num_text(l->a, k * g->step);
		put_text(l, s, t, TICK_SIZE, g->x0 - 4, y + TICK_SIZE * 0.35, 2);
	}
	lay_text(l, s, AXIS_TITLE, FACE_REGULAR, TITLE_SIZE, l->left,
	    TITLE_SIZE);
	lay_rule(l, s, g->x0, g->axis, g->w, 0, AXIS_W);
	lay_rule(l, s, g->x0, g->top - 4, 0, g->axis - g->top + 4, AXIS_W);
}

/* A filled rect from y0 up to y1 (y0 > y1: y grows down), outlined. */
static void
bar_rect(struct lay *l, struct slice *s, double x, double w, double y0,
    double y1, double gray)
{
	struct box	*r;
	int		 k;

	for (k = 0; k < 2; k++) {
		r = lay_box(l, s, BOX_RECT);
		r->x = x;
		r->w = w;
		r->y = y1;
		r->h = y0 - y1;
		r->fill = k == 0;
		r->gray = k == 0 ? gray : 0;
		r->line_width = OUTLINE_W;
	}
}

static void
value_label(struct lay *l, struct slice *s, const struct geom *g,
    const struct bar *b, double cx, double y)
{
	const char	*t = b->value, *dash;
	double		 adv = g->vsize * 1.15;

	if (t == NULL)
		t = NO_FIGURE;
	if (g->vsplit && b->is_range && (dash = strstr(t, "\xE2\x80\x93"))) {
		const char *a = arena_strndup(l->a, t, (size_t)(dash - t) + 3);

		put_text(l, s, a, g->vsize, cx, y - adv, 1);
		t = dash + 3;
	}
	put_text(l, s, t, g->vsize, cx, y, 1);
}

static void
bar(struct lay *l, struct slice *s, const struct geom *g,
    const struct bar *b, int i)
{
	double	 cx = g->x0 + g->slot * (i + 0.5), x = cx - g->barw / 2;
	double	 ylo, yhi;

	if (b->value == NULL) {		/* no figure: a dash on the axis */
		value_label(l, s, g, b, cx, g->axis - 3);
		return;
	}
	ylo = g->axis - b->lo * g->scale;
	yhi = g->axis - (b->hi > b->lo ? b->hi : b->lo) * g->scale;
	if (b->lo > 0)
		bar_rect(l, s, x, g->barw, g->axis, ylo, BAR_GRAY);
	if (b->is_range && b->hi > b->lo)
		bar_rect(l, s, x, g->barw, ylo, yhi, CAP_GRAY);
	value_label(l, s, g, b, cx, yhi - 3);
}

/* The legend of the two greys on one line from y (baseline): laid out
 * from x = 0, then moved to be centred under the plot. */
static void
legend(struct lay *l, struct slice *s, const struct geom *g, double y)
{
	double	 sw = TICK_SIZE, gap = 4, sep = 16, x = 0, dx;
	int	 k, k0 = s->nboxes;

	bar_rect(l, s, x, sw, y + 1, y + 1 - sw, BAR_GRAY);
	x += sw + gap;
	x += put_text(l, s, LEGEND_LOW, TICK_SIZE, x, y, 0) + sep;
	bar_rect(l, s, x, sw, y + 1, y + 1 - sw, CAP_GRAY);
	x += sw + gap;
	x += put_text(l, s, LEGEND_CAP, TICK_SIZE, x, y, 0);
	dx = g->x0 + (g->w - x) / 2;
	for (k = k0; k < s->nboxes; k++)
		s->boxes[k].x += dx;
}

/* The chart's caption, italic and centred, as lines in the chart's own
 * slice s from y down (s grows by their height), so that the two are
 * never on different pages. */
static int
place_caption(struct lay *l, struct slice *s, const char *text, double y)
{
	struct para_opts o;
	struct para	 p;
	double		 adv = lay_advance(l, l->size, 1.0);
	int		 k;

	lay_para_opts(&o, l->width, l->size, SPAN_ITALIC, PARA_CENTER);
	if (lay_para_str(l, text, &o, &p) == -1)
		return -1;
	y += lay_baseline(l, l->size, adv);
	for (k = 0; k < p.nlines; k++, y += adv)
		lay_line(l, s, &p.lines[k], l->size, l->left, y);
	s->h += p.nlines * adv;
	return 0;
}

static int
has_range(const struct chart *c)
{
	int	 i;

	for (i = 0; i < c->nbars; i++)
		if (c->bars[i].value != NULL && c->bars[i].is_range &&
		    c->bars[i].hi > c->bars[i].lo)
			return 1;
	return 0;
}

int
chart_layout(struct lay *l, const struct chart *c)
{
	struct geom	 g;
	struct para	*p;
	struct slice	*s;
	double		 adv, y;
	int		 i, k, maxl;

	if (c->nbars <= 0)
		return 0;
	geometry(l, c, &g);
	p = arena_alloc(l->a, sizeof(*p) * (size_t)c->nbars);
	if (fit_periods(l, c, &g, p, &maxl) == -1)
		return -1;
	adv = lay_advance(l, g.psize, 1.0);
	lay_space(l, l->r->style.para_spacing);
	s = lay_add(l, g.axis + 4 + maxl * adv);
	grid(l, s, &g);
	for (i = 0; i < c->nbars; i++) {
		bar(l, s, &g, &c->bars[i], i);
		y = g.axis + 4 + lay_baseline(l, g.psize, adv);
		for (k = 0; k < p[i].nlines; k++, y += adv)
			lay_line(l, s, &p[i].lines[k], g.psize,
			    g.x0 + g.slot * i + SLOT_PAD, y);
	}
	if (has_range(c)) {
		s->h += 6 + TICK_SIZE;
		legend(l, s, &g, s->h);
	}
	if (c->caption != NULL && c->caption[0] != '\0') {
		s->h += 6;
		if (place_caption(l, s, c->caption, s->h) == -1)
			return -1;
	}
	lay_space(l, l->r->style.para_spacing);
	return 0;
}
