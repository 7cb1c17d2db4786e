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

#endif
