/*
 * chart.h - the staffing-history bar chart as slices (see layout_int.h):
 * gray bars (ranges from lo to hi), value labels, period labels, caption,
 * all on one page. Return convention: 0 = ok, -1 = failed (diagnosed).
 */
#ifndef BAOCAO_CHART_H
#define BAOCAO_CHART_H

struct lay;
struct chart;

int	chart_layout(struct lay *, const struct chart *);

#endif
