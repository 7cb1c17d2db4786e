/*
 * layout.c - pages from a loaded, lowered report (Nghị định 30/2020/NĐ-CP).
 *
 * Owns page geometry, block flow (headings, paragraphs, lists, quotes,
 * captions, images, page breaks), the table of contents, page numbers and
 * the pager. Page 1's header block and title and the signature block are
 * built by head.c, tables and charts by table.c and chart.c, all through
 * the slice interface of layout_int.h.
 *
 * Two steps. First every block becomes slices on a vertical list: strips
 * that are never split (one paragraph line, one table row, an image with
 * its caption, the whole signature) with keep flags saying where a page
 * may not end (orphans and widows: a paragraph leaves at least two lines
 * on each page; a heading keeps with what follows; a caption with its
 * table). Then the pager cuts the list into pages: when a slice does not
 * fit, the page ends after the last slice that allows a break, the gap
 * above the first slice of a page is dropped, and a table row starting a
 * page gets its table's header rows first.
 *
 * Line advance: baseline to baseline = size x the font's line height
 * (ascent + descent + line gap, from font.c) x style.line_spacing; the
 * extra leading is shared above and below the glyphs.
 *
 * The table of contents needs the pages of headings that may come after
 * it: the list is built with placeholder numbers (the line breaking of a
 * TOC entry never depends on its number, so the line count is final),
 * paginated, then the TOC slices are rebuilt with the real numbers and the
 * list paginated again, until the numbers are stable.
 *
 * Those passes are dry: they find the pages, not their boxes. A PDF is
 * written page by page (lay_plan, lay_pages): the pager cuts the final
 * list again for each pass of the writer and hands over each page as
 * soon as it is final, its number drawn, its boxes then reused for the
 * next page; only the dump keeps every page's boxes (lay_report). A
 * 1,000-page report's boxes would otherwise be held twice, in the list
 * and in the pages, until the file was written.
 *
 * Return convention: 0 = ok, -1 = failed with a diagnostic recorded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appendix.h"
#include "arena.h"
#include "box.h"
#include "chart.h"
#include "diag.h"
#include "font.h"
#include "head.h"
#include "image.h"
#include "layout.h"
#include "layout_int.h"
#include "model.h"
#include "para.h"
#include "table.h"
#include "text.h"

_Static_assert(BOX_EXPAND_UNIT == PARA_EXPAND_UNIT,
    "a text box keeps its line's expansion as it is");

#define MM		(72.0 / 25.4)
#define MAX_PAGES	5000
#define EPS		0.01
#define PAGENUM_SIZE	13.0
#define RULE_W		0.5
#define CAPTION_GAP	4.0	/* between a caption and what it captions */

/* ------------------------------------------------------------------ */
/* The slice interface (layout_int.h), used by table.c and chart.c too. */

struct slice *
lay_add(struct lay *l, double h)
{
	struct slice	*s;

	l->sl = arena_grow(l->a, l->sl, &l->cap, l->nsl, sizeof(*l->sl));
	s = &l->sl[l->nsl++];
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->gap = l->pending;
	if (l->tight && s->gap > CAPTION_GAP)
		s->gap = CAPTION_GAP;
	l->tight = 0;
	s->outline = -1;
	s->land = (unsigned char)l->land;
	s->sect = (unsigned char)l->sect;
	s->brk = l->brk_next;
	l->pending = 0;
	l->brk_next = 0;
	return s;
}

void
lay_space(struct lay *l, double pt)
{
	if (pt > l->pending)
		l->pending = pt;
}

/* A new zeroed box of `kind` at the end of a slice's or page's boxes. */
static struct box *
box_append(struct arena *a, struct box **v, int *n, int *cap,
    enum box_kind kind)
{
	struct box	*b;

	*v = arena_grow(a, *v, cap, *n, sizeof(**v));
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

struct box *
lay_box(struct lay *l, struct slice *s, enum box_kind kind)
{
	return box_append(l->a, &s->boxes, &s->nboxes, &s->cap, kind);
}

void
lay_rule(struct lay *l, struct slice *s, double x, double y, double w,
    double h, double lw)
{
	struct box	*b = lay_box(l, s, BOX_RULE);

	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->line_width = lw;
}

void
lay_text(struct lay *l, struct slice *s, const char *t, int face,
    double size, double x, double y)
{
	struct box	*b = lay_box(l, s, BOX_TEXT);

	b->x = x;
	b->y = y;
	b->face = face;
	b->size = size;
	b->text = t;
	b->len = strlen(t);
	b->w = font_width(l->fs, face, t, b->len, size);
}

void
lay_line(struct lay *l, struct slice *s, const struct line *ln,
    double size, double x, double y)
{
	struct box	*b;
	int		 i, n = s->nboxes;

	/* Room for exactly the line's boxes: a long report holds some
	 * 500 of them a page until it is written, and doubling left a
	 * third of that room unused. */
	for (i = 0; i < ln->npieces; i++)
		n += ln->pieces[i].len > 0;
	if (n > s->cap) {
		s->boxes = arena_realloc(l->a, s->boxes, (size_t)s->cap *
		    sizeof(*s->boxes), (size_t)n * sizeof(*s->boxes));
		s->cap = n;
	}
	for (i = 0; i < ln->npieces; i++) {
		if (ln->pieces[i].len == 0)
			continue;
		b = lay_box(l, s, BOX_TEXT);
		b->x = x + ln->pieces[i].x;
		b->y = y;
		b->w = ln->pieces[i].w;
		b->face = ln->pieces[i].face;
		b->size = size;
		b->text = ln->pieces[i].text;
		b->len = ln->pieces[i].len;
		b->link = ln->pieces[i].link;
		b->expand = ln->expand;	/* same unit: static assert above */
		if (ln->pieces[i].note != 0) {
			b->size = size * PARA_SUP_SIZE;
			b->rise = size * PARA_SUP_RISE;
		}
		if (ln->pieces[i].note > 0) {
			s->fns = arena_grow(l->a, s->fns, &s->fncap, s->nfn,
			    sizeof(*s->fns));
			s->fns[s->nfn++] = ln->pieces[i].note - 1;
		}
	}
}

void
lay_para_opts(struct para_opts *o, double measure, double size, int style,
    enum para_align align)
{
	memset(o, 0, sizeof(*o));
	o->measure = measure;
	o->size = size;
	o->base_style = style;
	o->align = align;
}

int
lay_para(struct lay *l, const struct inl *in, struct para_opts *o,
    struct para *out)
{
	o->first_fit = l->first_fit;
	o->lang = l->r->lang != NULL ? l->r->lang : "vi";
	o->cache = l->pcache;
	if (o->lines == NULL)
		o->lines = l->scratch;
	o->srcs = l->r->srcs;
	o->nsrcs = l->r->nsrcs;
	if (o->measure < 1)
		o->measure = 1;
	return para_break(l->a, l->d, l->fs, in, o, out);
}

int
lay_para_str(struct lay *l, const char *s, struct para_opts *o,
    struct para *out)
{
	struct inl	 in;
	struct mark	 m = { l->r->path, 0, 0, NULL };

	txt_plain(l->a, s, m, &in);
	return lay_para(l, &in, o, out);
}

double
lay_advance(const struct lay *l, double size, double spacing)
{
	return size * l->lh / 1000.0 * spacing;
}

double
lay_baseline(const struct lay *l, double size, double adv)
{
	double	 glyphs = (l->asc + l->desc) * size / 1000.0;

	return (adv - glyphs) / 2 + l->asc * size / 1000.0;
}

/* ------------------------------------------------------------------ */
/* Small helpers.                                                      */

/* The text area of portrait (land 0) or landscape pages: the margins
 * keep their names as the reader sees the page (top stays top). */
static void
lay_geom(struct lay *l, int land)
{
	const struct page_setup *ps = &l->r->page;

	l->land = land;
	l->pw = l->pgw[land];
	l->ph = l->pgh[land];
	l->left = ps->left * MM;
	l->top = ps->top * MM;
	l->width = l->pw - l->left - ps->right * MM;
	l->height = l->ph - l->top - ps->bottom * MM;
}

/* Horizontal extent of a line's ink (first piece to last piece). */
void
lay_line_extent(const struct line *ln, double *x0, double *x1)
{
	const struct piece *last;

	*x0 = *x1 = 0;
	if (ln->npieces == 0)
		return;
	last = &ln->pieces[ln->npieces - 1];
	*x0 = ln->pieces[0].x;
	*x1 = last->x + last->w;
}

/* Lines of a paragraph, one slice each. Orphans and widows: a break is
 * allowed after line k only when k >= 2 and at least two lines follow;
 * keep_last keeps the last line with what follows (headings). */
void
lay_emit_lines(struct lay *l, const struct para *p, double size, double adv,
    double x, int keep_last, int outline)
{
	struct slice	*s;
	double		 base = lay_baseline(l, size, adv);
	int		 i, k, n = p->nlines;

	for (i = 0; i < n; i++) {
		s = lay_add(l, adv);
		lay_line(l, s, &p->lines[i], size, x, base);
		k = i + 1;
		s->keep = !(k >= 2 && n - k >= 2);
		if (k == n)
			s->keep = keep_last;
		if (i == 0)
			s->outline = outline;
	}
}

/* Plain text of inline spans ('\n' as a space), for the outline. */
static const char *
inl_plain(struct arena *a, const struct inl *in)
{
	size_t	 n = 0, k;
	char	*s;
	int	 i;

	for (i = 0; i < in->nspans; i++)
		n += in->spans[i].len;
	s = arena_alloc(a, n + 1);
	n = 0;
	for (i = 0; i < in->nspans; i++) {
		for (k = 0; k < in->spans[i].len; k++) {
			char c = in->spans[i].text[k];
			s[n++] = c == '\n' ? ' ' : c;
		}
	}
	s[n] = '\0';
	return s;
}

/* ------------------------------------------------------------------ */
/* Text blocks.                                                        */

static int
lay_heading(struct lay *l, const struct block *b, int outline)
{
	static const double before[] = { 12, 12, 9, 6 };
	struct para_opts o;
	struct para	 p;
	int		 lv = b->u.heading.level, style = SPAN_BOLD;
	double		 size = l->size;

	if (lv < 1 || lv > 3)
		lv = 1;
	if (lv == 3)
		style |= SPAN_ITALIC;
	lay_para_opts(&o, l->width, size, style, PARA_LEFT);
	/* §3: level 1 at the margin, levels 2 and 3 at the paragraph
	 * indent (its first line, as a paragraph's), level 3 also italic. */
	if (lv > 1)
		o.indent = l->r->style.indent_mm * MM;
	if (lay_para(l, &b->u.heading.text, &o, &p) == -1)
		return -1;
	lay_space(l, before[lv]);
	lay_emit_lines(l, &p, size, lay_advance(l, size, l->r->style.line_spacing),
	    l->left, 1, outline);
	lay_space(l, 6);
	return 0;
}

static int
lay_paragraph(struct lay *l, const struct inl *in, int style, double inset,
    int keep_last)
{
	const struct style *st = &l->r->style;
	struct para_opts o;
	struct para	 p;

	lay_para_opts(&o, l->width - 2 * inset, l->size, style,
	    st->justify ? PARA_JUSTIFY : PARA_LEFT);
	if (inset == 0)
		o.indent = st->indent_mm * MM;
	if (lay_para(l, in, &o, &p) == -1)
		return -1;
	lay_emit_lines(l, &p, l->size, lay_advance(l, l->size, st->line_spacing),
	    l->left + inset, keep_last, -1);
	lay_space(l, st->para_spacing);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lists (spec §2 v2).                                                 */

/* The letters of điểm a), b) ... as Nghị định 30 names them: the
 * Vietnamese alphabet without its accented vowels, đ after d, no f j w z. */
static const char *const alpha_vi[] = { "a", "b", "c", "d", "đ", "e",
    "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u",
    "v", "x", "y" };
#define NALPHA	((int)(sizeof(alpha_vi) / sizeof(alpha_vi[0])))

/* The marker of item i (0-based) of a list of `style`; nested: the
 * marker of an item of a nested list under such a list ("+" under dash
 * items, "-" under number and alpha items). alpha counts on past y as
 * aa) ab) ... yy) aaa) (bijective base 23). */
static const char *
list_marker(struct arena *a, int style, int nested, int i)
{
	const char	*d[8];
	char		 buf[64];
	int		 n = 0, k = i + 1;
	size_t		 len = 0;

	if (nested)
		return style == LIST_DASH ? "+" : "-";
	if (style == LIST_NUMBER)
		return arena_printf(a, "%d.", i + 1);
	if (style != LIST_ALPHA)
		return "-";
	while (k > 0 && n < 8) {
		k--;
		d[n++] = alpha_vi[k % NALPHA];
		k /= NALPHA;
	}
	while (n > 0) {
		n--;
		memcpy(buf + len, d[n], strlen(d[n]));
		len += strlen(d[n]);
	}
	buf[len] = '\0';
	return arena_printf(a, "%s)", buf);
}

/* How far the text of a list level hangs right of its markers: the
 * widest marker and a space, so every item's text starts at one x. */
static double
list_hang(struct lay *l, int style, int nested, int n)
{
	const char	*m;
	double		 w, hang = 0;
	int		 i;

	for (i = 0; i < n; i++) {
		if (i > 0 && (nested || style == LIST_DASH))
			break;	/* one marker for every item */
		m = arena_printf(l->a, "%s ", list_marker(l->a, style,
		    nested, i));
		w = font_width(l->fs, FACE_REGULAR, m, strlen(m), l->size);
		if (w > hang)
			hang = w;
	}
	return hang;
}

/* One item: its marker at mx, its lines at x (wrapped lines aligned
 * with the first). The marker is the first box of the first line's
 * slice, so it is drawn, and read, before the item's text. Orphans and
 * widows as lay_emit_lines; keep_last keeps the last line with what
 * follows (an item with a nested list, with its first item). */
static int
list_item(struct lay *l, const struct inl *in, const char *marker,
    double mx, double x, int keep_last)
{
	const struct style *st = &l->r->style;
	struct para_opts o;
	struct para	 p;
	struct slice	*s;
	double		 adv = lay_advance(l, l->size, st->line_spacing);
	double		 base = lay_baseline(l, l->size, adv);
	int		 i, k;

	lay_para_opts(&o, l->width - (x - l->left), l->size, 0,
	    st->justify ? PARA_JUSTIFY : PARA_LEFT);
	if (lay_para(l, in, &o, &p) == -1)
		return -1;
	for (i = 0; i < p.nlines; i++) {
		s = lay_add(l, adv);
		if (i == 0)
			lay_text(l, s, marker, FACE_REGULAR, l->size, mx,
			    base);
		lay_line(l, s, &p.lines[i], l->size, x, base);
		k = i + 1;
		s->keep = k == p.nlines ? keep_last :
		    !(k >= 2 && p.nlines - k >= 2);
	}
	lay_space(l, st->para_spacing);
	return 0;
}

/* The items at the paragraph indent, their text hanging after the
 * markers; a nested list's markers under its item's text, its text
 * hanging after them. */
static int
lay_list(struct lay *l, const struct block *b)
{
	const struct style *st = &l->r->style;
	int		 i, j, n, style = b->u.list.style;
	double		 mx, x, hang, sub;

	mx = l->left + st->indent_mm * MM;
	hang = list_hang(l, style, 0, b->u.list.nitems);
	x = mx + hang;
	for (i = 0; i < b->u.list.nitems; i++) {
		n = b->u.list.sub != NULL ? b->u.list.nsub[i] : 0;
		if (list_item(l, &b->u.list.items[i], list_marker(l->a,
		    style, 0, i), mx, x, n > 0) == -1)
			return -1;
		sub = list_hang(l, style, 1, n);
		for (j = 0; j < n; j++)
			if (list_item(l, &b->u.list.sub[i][j],
			    list_marker(l->a, style, 1, j), x, x + sub,
			    0) == -1)
				return -1;
	}
	return 0;
}

/* A caption line of a lowered block: a caption looks like a table's
 * (bold), a group's sub-caption under it is bold italic. Both keep with
 * what follows. */
static int
lay_caption_block(struct lay *l, const struct inl *in, int sub)
{
	struct para_opts o;
	struct para	 p;

	lay_para_opts(&o, l->width, l->size, SPAN_BOLD |
	    (sub ? SPAN_ITALIC : 0), PARA_CENTER);
	if (lay_para(l, in, &o, &p) == -1)
		return -1;
	lay_space(l, l->r->style.para_spacing + (sub ? 0 : 4));
	lay_emit_lines(l, &p, l->size, lay_advance(l, l->size, 1.0), l->left, 1,
	    -1);
	l->tight = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Images: the pixel size validate.c read, turned upright (image.h).  */

/* The image centred, its caption under it; one slice, so they stay on
 * one page. Scaled down to leave room for the caption on a page; its
 * resolution there warned about (img_warn: above 300, below 150 dpi). */
static int
lay_image(struct lay *l, const struct block *b)
{
	const struct image *im = &b->u.image;
	struct para_opts o;
	struct para	 p = { NULL, 0 };
	struct slice	*s;
	struct box	*bx;
	long		 pw, ph;
	double		 w, h, capsz = l->size, adv = lay_advance(l, capsz, 1.0);
	double		 capr, y;
	int		 i;

	img_upright(im, &pw, &ph);
	if (im->caption != NULL) {
		lay_para_opts(&o, l->width, capsz, SPAN_ITALIC, PARA_CENTER);
		if (lay_para_str(l, im->caption, &o, &p) == -1)
			return -1;
	}
	capr = p.nlines * adv + (p.nlines > 0 ? 4 : 0);
	w = im->width_mm > 0 ? im->width_mm * MM : pw * 72.0 / 300.0;
	if (w > l->width)
		w = l->width;
	h = w * (double)ph / (double)pw;
	if (h > l->height - capr) {
		h = l->height - capr;
		w = h * (double)pw / (double)ph;
	}
	img_warn(l->d, im, w);
	lay_space(l, l->r->style.para_spacing);
	s = lay_add(l, h + capr);
	bx = lay_box(l, s, BOX_IMAGE);
	bx->x = l->left + (l->width - w) / 2;
	bx->w = w;
	bx->h = h;
	bx->path = im->file;
	bx->image = im;
	y = h + 4 + lay_baseline(l, capsz, adv);
	for (i = 0; i < p.nlines; i++, y += adv)
		lay_line(l, s, &p.lines[i], capsz, l->left, y);
	lay_space(l, l->r->style.para_spacing);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Table of contents.                                                  */

#define TOC_LEVEL_INDENT	(8 * MM)

static const char *
dots(struct arena *a, int n)
{
	char	*s = arena_alloc(a, (size_t)n + 1);

	memset(s, '.', (size_t)n);
	return s;
}

/* The lines of a TOC entry's title. They never depend on the page
 * numbers, so every TOC pass after the first reuses them (unless
 * breaking them said something: then each pass says it again, as it
 * always has). */
static int
toc_lines(struct lay *l, const struct outline *ol, double ind, double nw,
    int style, struct para *p)
{
	struct para_opts o;
	size_t		 k = (size_t)(ol - l->doc->outline);
	int		 said = l->d != NULL ? l->d->nwarn + l->d->nerr : 0;

	if (l->tocp_ok != NULL && l->tocp_ok[k]) {
		*p = l->tocp[k];
		return 0;
	}
	lay_para_opts(&o, l->width - ind - nw - 18, l->size, style, PARA_LEFT);
	o.lines = l->a;		/* kept for the passes after this one */
	if (lay_para_str(l, ol->title, &o, p) == -1)
		return -1;
	if (l->d != NULL && l->d->nwarn + l->d->nerr != said)
		return 0;
	if (l->tocp_ok == NULL) {
		l->tocp = arena_alloc(l->a, sizeof(*l->tocp) *
		    (size_t)(l->doc->noutline + 1));
		l->tocp_ok = arena_alloc(l->a, (size_t)l->doc->noutline + 1);
	}
	l->tocp[k] = *p;
	l->tocp_ok[k] = 1;
	return 0;
}

/* One entry: the heading text wrapped in a measure that leaves room for
 * the widest page number, leader dots, the number at the right margin. */
static int
toc_entry(struct lay *l, const struct outline *ol)
{
	struct para	 p;
	struct slice	*s;
	const char	*num;
	double		 ind, nw, adv, x0, x1, dw, room;
	int		 n, style = ol->level == 1 ? SPAN_BOLD : 0;

	ind = (ol->level - 1) * TOC_LEVEL_INDENT;
	nw = font_width(l->fs, FACE_REGULAR, "0000", 4, l->size);
	if (toc_lines(l, ol, ind, nw, style, &p) == -1)
		return -1;
	adv = lay_advance(l, l->size, 1.0);
	x1 = 0;
	if (p.nlines == 0)	/* a title with no text: the number alone */
		s = lay_add(l, adv);
	else {
		lay_emit_lines(l, &p, l->size, adv, l->left + ind, 0, -1);
		for (n = 0; n < p.nlines; n++)
			l->sl[l->nsl - 1 - n].keep = n > 0;
		s = &l->sl[l->nsl - 1];
		lay_line_extent(&p.lines[p.nlines - 1], &x0, &x1);
	}
	if (l->ol_app[ol - l->doc->outline]) {	/* an appendix: its label */
		lay_space(l, 1.5);
		return 0;
	}
	num = arena_printf(l->a, "%d", ol->page >= 0 && l->pn != NULL ?
	    l->pn[ol->page].num : 0);
	nw = font_width(l->fs, FACE_REGULAR, num, strlen(num), l->size);
	lay_text(l, s, num, FACE_REGULAR, l->size, l->left + l->width - nw,
	    lay_baseline(l, l->size, adv));
	dw = font_width(l->fs, FACE_REGULAR, ".", 1, l->size);
	room = l->width - nw - 4 - (ind + x1 + 4);
	if (dw > 0 && room >= dw) {
		n = (int)(room / dw);
		lay_text(l, s, dots(l->a, n), FACE_REGULAR, l->size,
		    l->left + l->width - nw - 4 - n * dw,
		    lay_baseline(l, l->size, adv));
	}
	lay_space(l, 1.5);
	return 0;
}

static int
lay_toc(struct lay *l)
{
	struct para_opts o;
	struct para	 p;
	int		 i;

	lay_para_opts(&o, l->width, l->size + 1, SPAN_BOLD, PARA_CENTER);
	if (lay_para_str(l, "MỤC LỤC", &o, &p) == -1)
		return -1;
	lay_emit_lines(l, &p, l->size + 1, lay_advance(l, l->size + 1, 1.0),
	    l->left, 1, -1);
	lay_space(l, 12);
	for (i = 0; i < l->doc->noutline; i++)
		if (toc_entry(l, &l->doc->outline[i]) == -1)
			return -1;
	lay_space(l, l->r->style.para_spacing);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Building the vertical list.                                         */

struct tocrange {
	int	 s0, s1;
};

struct build {
	struct tocrange	*toc;
	int		 ntoc, toccap;
	int		 heading;	/* next outline entry */
};

/* The pages turn from here: the slices just before that keep with what
 * follows (a heading, a caption: never the last thing on a page, §4)
 * go on the turned page with it. They were set at the measure of the
 * pages before, flush left, so they read the same there. */
static void
lay_turn(struct lay *l, int land)
{
	int	 k;

	if (land == l->land)
		return;
	for (k = l->nsl - 1; k >= l->nfixed && l->sl[k].keep &&
	    l->sl[k].sect == l->sect; k--)
		l->sl[k].land = (unsigned char)land;
	lay_geom(l, land);
}

static int
lay_block(struct lay *l, struct build *bd, const struct block *b)
{
	switch (b->kind) {
	case BLK_HEADING:
		return lay_heading(l, b, bd->heading++);
	case BLK_PARAGRAPH:
		return lay_paragraph(l, &b->u.para, 0, 0, 0);
	case BLK_QUOTE:
		return lay_paragraph(l, &b->u.para, SPAN_ITALIC, 10 * MM, 0);
	case BLK_LIST:
		return lay_list(l, b);
	case BLK_CAPTION:
	case BLK_SUBCAPTION:
		return lay_caption_block(l, &b->u.para,
		    b->kind == BLK_SUBCAPTION);
	case BLK_IMAGE:
		return lay_image(l, b);
	case BLK_TABLE:
		return tbl_layout(l, &b->u.table);
	case BLK_CHART:
		return chart_layout(l, &b->u.chart);
	case BLK_PAGE_BREAK:
		if (l->nsl > 0)
			l->brk_next = 1;
		return 0;
	case BLK_ORIENT:	/* the pager starts a page where it changes */
		lay_turn(l, b->u.orient);
		return 0;
	case BLK_APPENDIX:	/* likewise for the section */
		l->sect = b->u.appendix + 1;
		lay_geom(l, l->r->apps[b->u.appendix].landscape);
		return apx_layout(l, b->u.appendix, bd->heading++);
	case BLK_TOC:
		bd->toc = arena_grow(l->a, bd->toc, &bd->toccap, bd->ntoc,
		    sizeof(*bd->toc));
		bd->toc[bd->ntoc].s0 = l->nsl;
		if (lay_toc(l) == -1)
			return -1;
		bd->toc[bd->ntoc++].s1 = l->nsl;
		return 0;
	default:
		return 0;	/* lowered away by lower.c */
	}
}

/* One outline entry per heading, before the list is built, so that a
 * TOC can list headings that come after it. */
static void
make_outline(struct lay *l)
{
	struct doc	*doc = l->doc;
	struct outline	*o;
	int		 i, k, app = 0;

	for (i = 0; i < l->r->nblocks; i++) {
		const struct block *b = &l->r->blocks[i];

		if (b->kind != BLK_HEADING && b->kind != BLK_APPENDIX)
			continue;
		doc->outline = arena_grow(l->a, doc->outline, &doc->outcap,
		    doc->noutline, sizeof(*doc->outline));
		o = &doc->outline[doc->noutline++];
		o->page = -1;
		o->y = 0;
		o->level = 1;
		if (b->kind == BLK_APPENDIX) {
			o->title = apx_entry(l->a, l->r, b->u.appendix);
			app = 1;
			continue;
		}
		o->title = inl_plain(l->a, &b->u.heading.text);
		if (b->u.heading.level >= 1 && b->u.heading.level <= 3)
			o->level = b->u.heading.level;
		/* an appendix's headings nest under its entry */
		if (app && o->level < 3)
			o->level++;
	}
	l->ol_app = arena_alloc(l->a, (size_t)doc->noutline + 1);
	for (i = 0, k = 0; i < l->r->nblocks; i++)
		if (l->r->blocks[i].kind == BLK_HEADING)
			k++;
		else if (l->r->blocks[i].kind == BLK_APPENDIX)
			l->ol_app[k++] = 1;
}

static int
build_list(struct lay *l, struct build *bd)
{
	int	 i, sig = 0;

	if (l->r->header.present && head_block(l) == -1)
		return -1;
	arena_reset(l->scratch);
	if (head_title(l) == -1)
		return -1;
	l->nfixed = l->nsl;
	/* the signature closes the main text, before the appendices */
	for (i = 0; i < l->r->nblocks; i++) {
		arena_reset(l->scratch);
		if (l->r->blocks[i].kind == BLK_APPENDIX && !sig &&
		    l->r->sig.present && head_signature(l) == -1)
			return -1;
		sig |= l->r->blocks[i].kind == BLK_APPENDIX;
		if (lay_block(l, bd, &l->r->blocks[i]) == -1)
			return -1;
	}
	arena_reset(l->scratch);
	if (!sig && l->r->sig.present && head_signature(l) == -1)
		return -1;
	return 0;
}

/* Rebuild the TOC slices in place with the current outline pages. */
static int
rebuild_toc(struct lay *l, const struct build *bd)
{
	int	 i, n = l->nsl, brk, land = l->land, sect = l->sect;
	double	 gap;

	for (i = 0; i < bd->ntoc; i++) {
		arena_reset(l->scratch);
		gap = l->sl[bd->toc[i].s0].gap;
		brk = l->sl[bd->toc[i].s0].brk;
		/* on the pages it was first laid out for */
		lay_geom(l, l->sl[bd->toc[i].s0].land);
		l->sect = l->sl[bd->toc[i].s0].sect;
		l->nsl = bd->toc[i].s0;
		l->pending = 0;
		l->brk_next = 0;
		if (lay_toc(l) == -1)
			return -1;
		if (l->nsl != bd->toc[i].s1) {
			diag_fail(l->d, "internal error: table of contents "
			    "changed length");
			return -1;
		}
		l->sl[bd->toc[i].s0].gap = gap;
		l->sl[bd->toc[i].s0].brk = brk;
	}
	lay_geom(l, land);
	l->sect = sect;
	l->nsl = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The pager.                                                          */

struct pager {
	struct lay	*l;
	struct page	*pg;
	double		 y, bottom;
	int		 placed;	/* slices placed on this page */
	int		 start;		/* first slice of this page */
	int		 lastbrk;	/* break allowed after it, or -1 */
	int		 lastn;		/* page boxes at lastbrk */
	double		 lasty;		/* cursor at lastbrk */
	int		 dry;		/* only find the pages (TOC passes) */
	page_fn		*sink;		/* takes each page as it is done, or */
	void		*ctx;		/* NULL: the doc keeps the pages */
	struct foot	 foot;		/* footnotes at the page's foot */
	struct box	*buf;		/* the boxes of the page being filled */
	int		 nbuf, bcap;	/* (heap; copied to the arena once, or
					   lent to the sink) */
	int		 land, sect;	/* of the page being filled */
	int		 num;		/* its number in its section */
};

/* Room for n more boxes of the page being filled. */
static void
pager_reserve(struct pager *pp, int n)
{
	if (pp->nbuf + n <= pp->bcap)
		return;
	if (pp->bcap == 0)
		pp->bcap = 256;
	while (pp->nbuf + n > pp->bcap)
		pp->bcap *= 2;
	pp->buf = xrealloc(pp->buf, (size_t)pp->bcap * sizeof(*pp->buf));
}

/* The number of page k (0-based) after its boxes, unless it has none
 * (the first page of each section, the main text's first too without
 * number_first): its number in its section, centred on its own text
 * width, in its own top or bottom margin. */
static void
page_number(struct pager *pp, int k)
{
	struct lay	*l = pp->l;
	const struct page_setup *ps = &l->r->page;
	const struct page *pg = pp->pg;
	struct box	*b;
	double		 w;

	if (ps->numbers == PAGENUM_NONE || (l->pn[k].num == 1 &&
	    (l->pn[k].sect > 0 || !ps->number_first)))
		return;
	pager_reserve(pp, 1);
	b = &pp->buf[pp->nbuf++];
	memset(b, 0, sizeof(*b));
	b->kind = BOX_TEXT;
	b->text = arena_printf(l->a, "%d", l->pn[k].num);
	b->len = (uint32_t)strlen(b->text);
	b->face = FACE_REGULAR;
	b->size = PAGENUM_SIZE;
	b->w = font_width(l->fs, FACE_REGULAR, b->text, b->len,
	    PAGENUM_SIZE);
	w = pg->width - (ps->left + ps->right) * MM;
	b->x = ps->left * MM + (w - b->w) / 2;
	b->y = ps->numbers == PAGENUM_TOP_CENTER ? ps->top * MM / 2 :
	    pg->height - ps->bottom * MM / 2;
	b->y += PAGENUM_SIZE * 0.35;
}

/* The page being filled is final: its number drawn, then its boxes
 * lent to the sink (and taken back: the next page reuses them), or
 * copied into the arena, exactly sized. -1 if the sink failed. */
static int
pager_flush(struct pager *pp)
{
	struct page	*pg = pp->pg;
	int		 rc = 0;

	if (pg == NULL || pp->dry)
		return 0;
	page_number(pp, (int)(pg - pp->l->doc->pages));
	if (pp->sink != NULL) {
		pg->boxes = pp->buf;
		pg->nboxes = pp->nbuf;
		pg->cap = pp->bcap;
		rc = pp->sink(pp->ctx, pg);
		pg->boxes = NULL;
		pg->nboxes = pg->cap = 0;
	} else {
		pg->boxes = arena_alloc(pp->l->a, (size_t)pp->nbuf *
		    sizeof(*pg->boxes));
		if (pp->nbuf > 0)
			memcpy(pg->boxes, pp->buf, (size_t)pp->nbuf *
			    sizeof(*pg->boxes));
		pg->nboxes = pg->cap = pp->nbuf;
	}
	pp->nbuf = 0;
	return rc;
}

static void
place(struct pager *pp, const struct slice *s, double top)
{
	struct lay	*l = pp->l;
	struct box	*b;
	int		 i;

	if (s->outline >= 0) {
		l->doc->outline[s->outline].page = l->doc->npages - 1;
		l->doc->outline[s->outline].y = top;
	}
	if (pp->dry)
		return;
	pager_reserve(pp, s->nboxes);
	for (i = 0; i < s->nboxes; i++) {
		b = &pp->buf[pp->nbuf++];
		*b = s->boxes[i];
		b->y += top;
	}
}

static void
page_rule(struct pager *pp, const struct slice *s, double y)
{
	struct box	*b;

	if (pp->dry)
		return;
	pager_reserve(pp, 1);
	b = &pp->buf[pp->nbuf++];
	memset(b, 0, sizeof(*b));
	b->kind = BOX_RULE;
	b->x = s->rx0;
	b->y = y;
	b->w = s->rx1 - s->rx0;
	b->line_width = RULE_W;
}

/* The new page's size, bottom and number: its section's next (1 in a
 * new section), of the orientation `land` (the first slice's). */
static void
page_setup(struct pager *pp, int land, int sect)
{
	struct lay	*l = pp->l;
	int		 k = l->doc->npages - 1;

	pp->num = k > 0 && sect == pp->sect ? pp->num + 1 : 1;
	pp->land = land;
	pp->sect = sect;
	pp->pg->width = l->pgw[land];
	pp->pg->height = l->pgh[land];
	pp->bottom = l->pgh[land] - l->r->page.bottom * MM;
	l->pn = arena_grow(l->a, l->pn, &l->pcap, k, sizeof(*l->pn));
	l->pn[k].num = pp->num;
	l->pn[k].sect = pp->sect;
}

/* The page being filled is done: its footnotes drawn at its foot. */
static void
page_close(struct pager *pp)
{
	foot_end(pp->l, &pp->foot, pp->bottom, pp->dry);
	place(pp, &pp->foot.draw, 0);
}

/* A new empty page that slice i starts (l->nsl: none, a page of notes
 * passed on, in the orientation and section of the page before), the
 * lines of footnotes the page before passed on at its foot. */
static int
page_open(struct pager *pp, int i)
{
	struct lay	*l = pp->l;
	struct doc	*doc = l->doc;

	if (doc->npages >= MAX_PAGES) {
		diag_fail(l->d, "report has more than %d pages", MAX_PAGES);
		return -1;
	}
	if (pager_flush(pp) == -1)
		return -1;
	doc->pages = arena_grow(l->a, doc->pages, &doc->cap, doc->npages,
	    sizeof(*doc->pages));
	pp->pg = &doc->pages[doc->npages++];
	pp->pg->boxes = NULL;
	pp->pg->nboxes = pp->pg->cap = 0;
	pp->nbuf = 0;
	if (i < l->nsl)
		page_setup(pp, l->sl[i].land, l->sl[i].sect);
	else
		page_setup(pp, pp->land, pp->sect);
	pp->y = l->top;
	pp->placed = 0;
	pp->start = i;
	pp->lastbrk = -1;
	foot_page(l, &pp->foot);
	return 0;
}

/* End the page (closing a split table row) and start one with slice i. */
static int
new_page(struct pager *pp, int i)
{
	struct lay	*l = pp->l;
	const struct slice *s = &l->sl[i];

	if (l->doc->npages > 0) {
		if (i > 0 && l->sl[i - 1].rbot)
			page_rule(pp, &l->sl[i - 1], pp->y);
		page_close(pp);
	}
	if (page_open(pp, i) == -1)
		return -1;
	if (s->head != NULL) {
		place(pp, s->head, pp->y);
		pp->y += s->head->h;
	} else if (s->rtop)
		page_rule(pp, s, pp->y);
	return 0;
}

/* The slice does not fit: cut after the last allowed break of the page
 * (or, when a keep chain fills the page, right here). Returns the slice
 * that starts the next page. */
static int
cut(struct pager *pp, int i)
{
	if (pp->lastbrk >= pp->start) {
		pp->nbuf = pp->lastn;
		pp->y = pp->lasty;
		pp->foot.nparts = pp->foot.lastn;
		pp->foot.h = pp->foot.lasth;
		return pp->lastbrk + 1;
	}
	return i;
}

/* Height of the slices after slice i that a page may not leave it
 * without (a paragraph's second line, what a heading keeps with), when
 * i holds footnote marks: a note split over pages leaves them room. */
static double
kept_after(const struct lay *l, int i)
{
	double	 h = 0;
	int	 k;

	if (l->sl[i].nfn == 0)
		return 0;
	for (k = i; k + 1 < l->nsl && l->sl[k].keep && h < l->height; k++)
		h += l->sl[k + 1].gap + l->sl[k + 1].h;
	return h;
}

static int
paginate_run(struct pager *pp)
{
	struct lay	*l = pp->l;
	const struct slice *s;
	double		 gap;
	int		 i = 0, turn;

	if (l->nsl == 0)
		lay_add(l, 0);
	if (new_page(pp, 0) == -1)
		return -1;
	while (i < l->nsl) {
		s = &l->sl[i];
		gap = pp->placed ? s->gap : 0;
		/* a new page at a page break, a turn of the paper or a new
		 * section (an appendix), or when the slice with its
		 * footnotes' lines does not fit (foot_fit) */
		turn = s->land != pp->land || s->sect != pp->sect;
		if ((pp->placed && (s->brk || turn)) || !foot_fit(l, &pp->foot,
		    s, pp->y + gap, pp->bottom, pp->placed, kept_after(l, i))) {
			if (pp->placed && !s->brk && !turn)
				i = cut(pp, i);
			if (new_page(pp, i) == -1)
				return -1;
			continue;
		}
		place(pp, s, pp->y + gap);
		pp->y += gap + s->h;
		pp->placed++;
		if (!s->keep) {
			pp->lastbrk = i;
			pp->lastn = pp->nbuf;
			pp->lasty = pp->y;
			pp->foot.lastn = pp->foot.nparts;
			pp->foot.lasth = pp->foot.h;
		}
		i++;
	}
	page_close(pp);
	/* a footnote too long for the last page goes on on pages of its own */
	while (pp->foot.ncarry > 0) {
		if (page_open(pp, l->nsl) == -1)
			return -1;
		page_close(pp);
	}
	return pager_flush(pp);
}

/* Cut the slice list into pages (dry: the page numbers only). The
 * boxes of the page being filled collect on the heap and, when the page
 * is done, go to the sink, or to the arena once, exactly sized, when
 * there is none. */
static int
paginate(struct lay *l, int dry, page_fn *sink, void *ctx)
{
	struct pager	 pp;
	int		 rc;

	memset(&pp, 0, sizeof(pp));
	pp.l = l;
	pp.dry = dry;
	pp.sink = sink;
	pp.ctx = ctx;
	l->doc->npages = 0;
	rc = paginate_run(&pp);
	free(pp.buf);
	foot_free(&pp.foot);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The driver.                                                         */

static void
lay_init(struct lay *l, struct arena *a, struct diag *d,
    const struct report *r, struct fontset *fs, struct doc *doc)
{
	const struct page_setup *ps = &r->page;

	memset(l, 0, sizeof(*l));
	l->a = a;
	l->d = d;
	l->r = r;
	l->fs = fs;
	l->doc = doc;
	/* Page sizes to 1/100 pt, as PDF writers state them (A4 =
	 * 595.28 x 841.89): pdfinfo then names the paper exactly. A
	 * landscape page is the same paper turned: its MediaBox is wider
	 * than tall (no /Rotate, which readers and printers would each
	 * turn their own way), so what is drawn is drawn as it is read. */
	l->pgw[0] = l->pgh[1] = round(ps->width_mm * MM * 100) / 100;
	l->pgh[0] = l->pgw[1] = round(ps->height_mm * MM * 100) / 100;
	lay_geom(l, 0);
	l->size = r->style.size > 0 ? r->style.size : 13;
	l->lh = font_line_height(fs, FACE_REGULAR);
	l->asc = font_ascent(fs, FACE_REGULAR);
	l->desc = -font_descent(fs, FACE_REGULAR);
	if (l->lh <= 0)
		l->lh = 1150;
	if (l->asc <= 0 || l->desc < 0) {
		l->asc = 891;
		l->desc = 216;
	}
}

/* Did the TOC numbers change since the list was built? */
static int
toc_stale(const struct lay *l, const int *before)
{
	int	 i;

	for (i = 0; i < l->doc->noutline; i++)
		if (before[i] != l->doc->outline[i].page)
			return 1;
	return 0;
}

/* The vertical list, its TOC numbers final, and its pages found by a
 * dry pass over it as it now is (that pass says when there are too
 * many), so that every pass after it makes the same pages. */
static int
lay_run(struct lay *l, const struct lay_opts *opts, struct doc *out)
{
	struct build	 bd;
	int		*before, pass, i, paged = 0;

	memset(&bd, 0, sizeof(bd));
	l->first_fit = opts != NULL && opts->breaker == LAY_FIRST_FIT;
	out->width = l->pw;
	out->height = l->ph;
	make_outline(l);
	if (foot_prepare(l) == -1 || build_list(l, &bd) == -1)
		return -1;
	/* Dry passes (pages only, no boxes) until the TOC numbers are the
	 * pages the headings land on. */
	before = arena_alloc(l->a, sizeof(int) * (size_t)(out->noutline + 1));
	for (pass = 0; bd.ntoc > 0 && pass < 4; pass++) {
		if (paginate(l, 1, NULL, NULL) == -1)
			return -1;
		paged = 1;
		if (pass > 0 && !toc_stale(l, before))
			break;
		for (i = 0; i < out->noutline; i++)
			before[i] = out->outline[i].page;
		if (rebuild_toc(l, &bd) == -1)
			return -1;
		paged = 0;
	}
	if (!paged && paginate(l, 1, NULL, NULL) == -1)
		return -1;
	return 0;
}

/* A report laid out but for its pages (layout.h). */
struct lay_plan {
	struct lay	 l;
};

struct lay_plan *
lay_plan(struct arena *a, struct diag *d, const struct report *r,
    struct fontset *fs, const struct lay_opts *opts, struct doc *out)
{
	struct lay_plan	*plan = arena_alloc(a, sizeof(*plan));
	struct lay	*l = &plan->l;
	int		 rc;

	memset(out, 0, sizeof(*out));
	lay_init(l, a, d, r, fs, out);
	/* one measuring cache for every paragraph and table cell; the
	 * pager breaks no paragraph */
	l->pcache = para_cache_new(fs);
	l->scratch = arena_new();
	rc = lay_run(l, opts, out);
	para_cache_free(l->pcache);
	l->pcache = NULL;
	arena_free(l->scratch);
	l->scratch = NULL;
	return rc == 0 ? plan : NULL;
}

int
lay_pages(struct lay_plan *plan, page_fn *fn, void *ctx)
{
	return paginate(&plan->l, 0, fn, ctx);
}

int
lay_report(struct arena *a, struct diag *d, const struct report *r,
    struct fontset *fs, const struct lay_opts *opts, struct doc *out)
{
	struct lay_plan	*plan = lay_plan(a, d, r, fs, opts, out);

	return plan != NULL ? paginate(&plan->l, 0, NULL, NULL) : -1;
}
