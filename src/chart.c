/*
 * chart.c - the staffing-history bar chart (model.h struct chart, built by
 * lower.c from a history with chart: true) as one slice on the layout's
 * vertical list (layout_int.h), so the chart and its caption share a page.
 *
 * Owns the drawing: the text width is shared into one slot per period; a
 * gray bar per slot rises from the axis to the value (a range is a bar
 * from lo to hi); the value ("92", "70–95") sits above the bar, the
 * period under the axis (wrapped, 9 pt); the caption, italic and centred,
 * goes under the chart. The plot is 45 mm tall (about 65 mm with labels
 * and caption). Return convention: 0 = ok, -1 = failed (diagnosed).
 */
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
#define LABEL_SIZE	9.0
#define VALUE_SIZE	10.0
#define TOP_ROOM	16.0
#define BAR_GRAY	0.6
#define AXIS_W		0.75

struct geom {
	double	 x0, w;		/* plot */
	double	 axis;		/* y of the axis, from the slice top */
	double	 slot, barw, scale;
};

static int
break_labels(struct lay *l, const struct chart *c, double slot,
    struct para *p, int *maxl)
{
	struct para_opts o;
	int		 i;

	*maxl = 1;
	for (i = 0; i < c->nbars; i++) {
		lay_para_opts(&o, slot - 4, LABEL_SIZE, 0, PARA_CENTER);
		if (lay_para_str(l, c->bars[i].label != NULL ?
		    c->bars[i].label : "", &o, &p[i]) == -1)
			return -1;
		if (p[i].nlines > *maxl)
			*maxl = p[i].nlines;
	}
	return 0;
}

static void
bar(struct lay *l, struct slice *s, const struct geom *g,
    const struct bar *b, int i)
{
	struct box	*r;
	double		 lo = b->is_range ? b->lo : 0, hi = b->hi, cx, w;

	if (hi < lo)
		hi = lo;
	cx = g->x0 + g->slot * (i + 0.5);
	r = lay_box(l, s, BOX_RECT);
	r->x = cx - g->barw / 2;
	r->w = g->barw;
	r->y = g->axis - hi * g->scale;
	r->h = (hi - lo) * g->scale;
	if (r->h < 0.5)
		r->h = 0.5;
	r->fill = 1;
	r->gray = BAR_GRAY;
	if (b->value == NULL)
		return;
	w = font_width(l->fs, FACE_REGULAR, b->value, strlen(b->value),
	    VALUE_SIZE);
	lay_text(l, s, b->value, FACE_REGULAR, VALUE_SIZE, cx - w / 2,
	    r->y - 3);
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

static void
geometry(struct lay *l, const struct chart *c, struct geom *g)
{
	double	 maxv = 0;
	int	 i;

	for (i = 0; i < c->nbars; i++)
		if (c->bars[i].hi > maxv)
			maxv = c->bars[i].hi;
	g->x0 = l->left + 6;
	g->w = l->width - 12;
	g->slot = g->w / c->nbars;
	g->barw = g->slot * 0.55;
	if (g->barw > 48)
		g->barw = 48;
	g->axis = TOP_ROOM + PLOT_H;
	g->scale = PLOT_H / (maxv > 0 ? maxv : 1);
}

int
chart_layout(struct lay *l, const struct chart *c)
{
	struct geom	 g;
	struct para	*p;
	struct slice	*s;
	double		 adv = lay_advance(l, LABEL_SIZE, 1.0), y;
	int		 i, k, maxl;

	if (c->nbars <= 0)
		return 0;
	geometry(l, c, &g);
	p = arena_alloc(l->a, sizeof(*p) * (size_t)c->nbars);
	if (break_labels(l, c, g.slot, p, &maxl) == -1)
		return -1;
	lay_space(l, l->r->style.para_spacing);
	s = lay_add(l, g.axis + 4 + maxl * adv);
	lay_rule(l, s, g.x0, g.axis, g.w, 0, AXIS_W);
	lay_rule(l, s, g.x0, TOP_ROOM - 6, 0, g.axis - TOP_ROOM + 6, AXIS_W);
	for (i = 0; i < c->nbars; i++) {
		bar(l, s, &g, &c->bars[i], i);
		y = g.axis + 4 + lay_baseline(l, LABEL_SIZE, adv);
		for (k = 0; k < p[i].nlines; k++, y += adv)
			lay_line(l, s, &p[i].lines[k], LABEL_SIZE,
			    g.x0 + g.slot * i + 2, y);
	}
	if (c->caption != NULL && c->caption[0] != '\0') {
		s->h += 6;
		if (place_caption(l, s, c->caption, s->h) == -1)
			return -1;
	}
	lay_space(l, l->r->style.para_spacing);
	return 0;
}
