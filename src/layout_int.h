/*
 * layout_int.h - the slice interface that layout.c, table.c and chart.c
 * share; private to these files (and head.c) (the stage contract is layout.h).
 *
 * Blocks are first turned into a vertical list of slices: unbreakable
 * strips (a paragraph line, a table row, an image with its caption) whose
 * boxes have y relative to the strip top. The pager then cuts the list into
 * pages where breaking is allowed (keep = 0), dropping the gap above a strip
 * that starts a page and repeating table headers.
 * Return convention: int 0 = ok, -1 = failed with the diagnostic recorded.
 */
#ifndef BAOCAO_LAYOUT_INT_H
#define BAOCAO_LAYOUT_INT_H

#include "box.h"
#include "para.h"

struct arena;
struct diag;
struct doc;
struct fontset;
struct report;

struct slice {
	struct box	*boxes;		/* y relative to the slice top */
	int		 nboxes, cap;
	double		 h;		/* height taken on the page */
	double		 gap;		/* space above; dropped at a page top */
	int		 keep;		/* no page break right after this */
	int		 brk;		/* page break before this slice */
	int		 outline;	/* doc outline entry placed here, or -1 */
	unsigned char	 land;		/* on a landscape page; */
	unsigned char	 sect;		/* 0 main text, k appendix k - 1 (k
					   <= MAX_APPENDICES): a change of
					   either starts a page */
	const struct slice *head;	/* table header rows (not in the list),
					   repeated when a page starts here */
	int		 rtop, rbot;	/* rule x0..x1 at the top when a page */
	double		 rx0, rx1;	/* starts here (no head) / bottom when */
					/* a page ends here */
	int		*fns;		/* footnotes (0-based) whose marks it */
	int		 nfn, fncap;	/* holds, in order (lay_line) */
};

/* A footnote's text broken into lines at the foot's size (foot.c). */
struct lay_note {
	struct para	 p;
};

/* Lines [l0, l1) of note fn at the foot of the page being filled. */
struct foot_part {
	int		 fn, l0, l1;
};

/* The pager's footnotes (foot.c): what the page being filled holds at
 * its foot, its state at the last allowed break (a cut goes back to it)
 * and the lines a finished page passes on to the next. */
struct foot {
	struct foot_part *parts;
	int		 nparts, cap;
	double		 h;		/* height kept at the foot, 0 none */
	int		 lastn;		/* nparts and h at the last break */
	double		 lasth;
	struct foot_part *carry;	/* continued on the next page */
	int		 ncarry, ccap;
	struct slice	 draw;		/* a finished page's foot, drawn */
};

struct lay {
	struct arena	*a;
	struct diag	*d;
	const struct report *r;
	struct fontset	*fs;
	struct para_cache *pcache;	/* the report's, for para_break and
					   para_measure_c (lay_report's) */
	struct arena	*scratch;	/* the lines of the paragraphs of the
					   block being laid out (lay_para),
					   emptied before the next block:
					   their boxes keep what they need */
	struct para	*tocp;		/* TOC entry lines by outline entry, */
	unsigned char	*tocp_ok;	/* kept from the first TOC pass */
	struct doc	*doc;
	int		 first_fit;
	double		 pw, ph;	/* page size (of the orientation the
					   blocks being laid out are on) */
	double		 pgw[2], pgh[2];	/* page size portrait, landscape */
	int		 land;		/* blocks go on landscape pages */
	int		 sect;		/* 0 main text, k appendix k - 1 */
	struct {
		int	 num;		/* its number in its section (1..) */
		int	 sect;		/* 0 main text, k appendix k - 1 */
	}		*pn;		/* by page, from the last pagination */
	int		 pcap;
	unsigned char	*ol_app;	/* by outline entry: an appendix's */
	int		 nfixed;	/* slices of page 1's header and title:
					   they never turn (layout.c lay_turn) */
	double		 left, top;	/* text area, pt */
	double		 width, height;
	double		 size;		/* body size */
	double		 lh;		/* font line height, 1/1000 em */
	double		 asc, desc;	/* regular face, 1/1000 em (desc > 0) */
	struct slice	*sl;		/* the vertical list */
	int		 nsl, cap;
	double		 pending;	/* gap for the next slice */
	int		 brk_next;	/* the next slice starts a page */
	int		 tight;		/* after a caption: next gap <= 4 pt */
	struct lay_note	*notes;		/* footnote k at notes[k] (foot.c) */
	double		 fadv;		/* baseline distance of their lines */
};

/* Append a slice of height h (valid until the next lay_add). */
struct slice	*lay_add(struct lay *, double h);
/* Ask for at least pt of space before the next slice. */
void		 lay_space(struct lay *, double pt);
struct box	*lay_box(struct lay *, struct slice *, enum box_kind);
void		 lay_rule(struct lay *, struct slice *, double x, double y,
		    double w, double h, double lw);
/* One text box of plain text at (x, baseline). */
void		 lay_text(struct lay *, struct slice *, const char *, int face,
		    double size, double x, double y);
/* One text box per piece of a line; x is the measure's left edge. */
void		 lay_line(struct lay *, struct slice *, const struct line *,
		    double size, double x, double y);
/* Options for a paragraph of `measure` pt in `size` pt, base style
 * SPAN_* bits, alignment; no indent (lay_para fills in the rest). */
void		 lay_para_opts(struct para_opts *, double measure, double size,
		    int style, enum para_align);
/* para_break with the report's breaker, language and cache; the lines
 * in l->scratch, valid while the block is laid out, unless o->lines
 * asks for an arena that keeps them (the TOC's, the footnotes'). */
int		 lay_para(struct lay *, const struct inl *, struct para_opts *,
		    struct para *);
/* para_break of a plain string. */
int		 lay_para_str(struct lay *, const char *, struct para_opts *,
		    struct para *);
/* Baseline-to-baseline distance for size at `spacing` lines. */
double		 lay_advance(const struct lay *, double size, double spacing);
/* Baseline offset from the top of a line strip of height adv. */
double		 lay_baseline(const struct lay *, double size, double adv);
/* Horizontal extent of a line's ink (first piece to last piece). */
void		 lay_line_extent(const struct line *, double *x0, double *x1);
/* Lines of a paragraph at x, one slice each, orphans and widows kept;
 * keep_last keeps the last line with what follows; outline: the doc
 * outline entry the first line carries, or -1. */
void		 lay_emit_lines(struct lay *, const struct para *, double size,
		    double adv, double x, int keep_last, int outline);

/* foot.c. Every footnote of the report broken into lines (l->notes). */
int		 foot_prepare(struct lay *);
/* A new page: the lines the last one passed on, at its foot first. */
void		 foot_page(struct lay *, struct foot *);
/* Where slice s may go, its top at y on a page whose text ends at
 * bottom (placed: slices already on the page): 1 placed here, with its
 * notes reserved at the foot (whole, or split when they do not fit
 * even on an empty page, the rest continuing on the next, leaving
 * `after` pt for the slices kept with s), 0 to the next page (when
 * nothing is placed yet: the notes carried over fill this page). */
int		 foot_fit(struct lay *, struct foot *, const struct slice *,
		    double y, double bottom, int placed, double after);
/* The page is done: its foot drawn into f->draw (y from the page top;
 * nothing when dry), the lines left over kept for the next page. */
void		 foot_end(struct lay *, struct foot *, double bottom, int dry);
void		 foot_free(struct foot *);

#endif
