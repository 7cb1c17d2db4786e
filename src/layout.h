/*
 * layout.h - pages from a loaded report: page geometry, the header block,
 * block flow, paragraphs (brk.c, para.c), tables (table.c), charts, the
 * signature block, page numbers and the table of contents.
 * Layout never checks input: the model is valid. It may still fail on a
 * character no font has or a limit (pages), with a diagnostic.
 * This is the stage contract only; what layout.c, table.c and chart.c
 * share among themselves is in layout_int.h.
 */
#ifndef BAOCAO_LAYOUT_H
#define BAOCAO_LAYOUT_H

#include "box.h"

struct arena;
struct diag;
struct doc;
struct fontset;
struct report;

enum lay_breaker {
	LAY_TOTAL_FIT,
	LAY_FIRST_FIT
};

struct lay_opts {
	enum lay_breaker breaker;
};

/* Fill `out` (boxes in the arena). 0 = ok, -1 = failed (diagnosed). */
int	lay_report(struct arena *, struct diag *, const struct report *,
	    struct fontset *, const struct lay_opts *, struct doc *out);

/*
 * The same without keeping the pages (a long report's boxes are most of
 * its memory): lay_plan lays the report out up to its pages and fills
 * `out` with all but their boxes (the outline with its pages, the
 * number and size of the pages); lay_pages then cuts the pages again,
 * the same every time, handing each to fn as soon as it is final (its
 * boxes valid during the call only). The plan lives in the arena.
 * lay_plan: NULL = failed (diagnosed); lay_pages: 0, or fn's -1.
 */
struct lay_plan;
struct lay_plan	*lay_plan(struct arena *, struct diag *, const struct report *,
	    struct fontset *, const struct lay_opts *, struct doc *out);
int	lay_pages(struct lay_plan *, page_fn *, void *ctx);

#endif
