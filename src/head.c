/*
 * head.c - page 1's header block and title, and the signature block
 * (Nghị định 30/2020/NĐ-CP, Phụ lục I; spec §3), as slices on the
 * layout's vertical list (layout_int.h).
 *
 * The header has two columns: the parent agency and the agency (a short
 * rule under it, or the Party's star), then the number; the Quốc hiệu
 * and the motto (ruled as long as the motto), or the Party's name, then
 * the place and date. Under the title, the subtitle (the trích yếu) and
 * a rule 0.4 of its longest line, centred. Every rule sits RULE_CLEAR
 * under the lowest ink of the line above it, measured on the glyphs of
 * that line (font_ink_bottom: the dot below Ạ, Ộ, ự, a descender), so it
 * never reads as underlining. Centred text of several lines (header
 * columns, title, subtitle, signature) is balanced: the narrowest
 * measure that keeps the line count, so no line is a short tail. The
 * signature block is one slice: the recipients on the left; authority,
 * title, a 20 mm gap and the name on the right, the signature image in
 * the gap and the seal over its left third (sig_images), the slice
 * grown to hold a seal larger than the block.
 *
 * Return convention: 0 = ok, -1 = failed with a diagnostic recorded.
 */
#include <string.h>

#include "arena.h"
#include "box.h"
#include "font.h"
#include "head.h"
#include "image.h"
#include "layout_int.h"
#include "model.h"
#include "para.h"
#include "text.h"

#define MM		(72.0 / 25.4)
#define HEAD_SIZE	13.0
#define TITLE_SIZE	14.0
#define RULE_W		0.5
#define RULE_CLEAR	2.5	/* under the lowest mark above a rule (>= 2) */
#define RULE_LOW	0.3	/* em: a rule at least this far under a baseline */
#define SUB_RULE	0.4	/* the subtitle's rule, of its longest line */
#define BALANCE_EPS	1.5	/* pt: how close balanced lines get */
#define TO_SIZE		14.0	/* "Kính gửi:" and its recipients */
#define TO_GAP		12.0	/* between the title block and it */
#define SIG_GAP		(20 * MM)	/* title to name: left for signing */
#define SIG_PAD		1.0	/* pt: the signature clear of the text */

/* How far the ink of a line goes below its baseline, in points: the
 * lowest glyph of its pieces (a descender, the dot below Ạ, Ộ, ự), read
 * from the font's glyph boxes; 0 when nothing goes below. */
static double
line_ink(const struct lay *l, const struct line *ln, double size)
{
	const struct piece *pc;
	size_t		 k;
	int		 i, b, low = 0;

	for (i = 0; i < ln->npieces; i++) {
		pc = &ln->pieces[i];
		for (k = 0; k < pc->len; ) {
			b = font_ink_bottom(l->fs, pc->face,
			    txt_next(pc->text, pc->len, &k));
			if (b < low)
				low = b;
		}
	}
	return -low * size / 1000.0;
}

/* The baseline-relative y of a rule under a line of `size` pt whose ink
 * goes `ink` below its baseline: RULE_CLEAR between the lowest mark and
 * the rule's upper edge, so the rule never reads as underlining (§3);
 * never closer than RULE_LOW em (a line with no descender or dot below
 * keeps its rule where it always was). */
static double
rule_under(double ink, double size)
{
	double	 y = ink + RULE_CLEAR + RULE_W / 2;

	return y > RULE_LOW * size ? y : RULE_LOW * size;
}

/* The natural width of the longest line of p: first-fit breaks the same
 * way in any measure from there up to the one it was given. */
static double
widest(const struct para *p)
{
	double	 w = 0;
	int	 i;

	for (i = 0; i < p->nlines; i++)
		if (p->lines[i].width > w)
			w = p->lines[i].width;
	return w;
}

/* The lines of plain text str broken in at most maxw, balanced: as many
 * lines as maxw gives, in the narrowest measure that still gives that
 * many, so the lines come out near-equal, never a long line and a short
 * tail (§3). Every break here is first-fit: it gives the fewest lines
 * a measure allows, and ragged centred lines need nothing more (a line
 * alone is the same either way). The break in maxw says what there is
 * to say (a missing glyph, a word wider than maxw). The narrowest measure is searched for
 * (to BALANCE_EPS) with quiet trials from a measure no line count of n can go
 * under: the widest word, and the text's width less n - 1 spaces shared
 * by n lines; up to the longest line of the last trial that fits (a
 * measure from there up breaks the same). The lines of the narrowest
 * trial are the result: all within it, so near-equal. *m gets the
 * measure they were broken (and are centred) in. */
static int
balance_str(struct lay *l, const char *str, int style, double size,
    double maxw, struct para *p, double *m)
{
	struct para_opts o;
	struct inl	 in;
	struct mark	 mk = { l->r->path, 0, 0, NULL };
	struct diag	*d = l->d;
	struct para	 best;
	double		 lo, hi = maxw, mx, sp, bm = maxw;
	int		 n, i, ff = l->first_fit;

	*m = maxw;
	txt_plain(l->a, str, mk, &in);
	lay_para_opts(&o, maxw, size, style, PARA_CENTER);
	l->first_fit = 1;
	n = lay_para(l, &in, &o, p);
	l->first_fit = ff;
	if (n == -1)
		return -1;
	if ((n = p->nlines) < 2)
		return 0;
	para_measure_c(l->pcache, l->fs, &in, style, size,
	    l->r->lang != NULL ? l->r->lang : "vi", &lo, &mx);
	sp = font_width(l->fs, style & SPAN_BOLD ? FACE_BOLD : FACE_REGULAR,
	    " ", 1, size);
	if ((mx - (n - 1) * sp) / n > lo)
		lo = (mx - (n - 1) * sp) / n;
	if (lo >= hi)
		return 0;
	best = *p;
	hi = widest(p);
	l->d = NULL;
	l->first_fit = 1;
	for (i = 0; i < 12 && hi - lo > BALANCE_EPS; i++) {
		lay_para_opts(&o, (lo + hi) / 2, size, style, PARA_CENTER);
		if (lay_para(l, &in, &o, p) == 0 && p->nlines <= n) {
			hi = widest(p);
			bm = o.measure;
			best = *p;
		} else
			lo = o.measure;
	}
	l->first_fit = ff;
	l->d = d;
	*m = bm;	/* the lines are centred in the measure they were
			   broken in */
	*p = best;
	return 0;
}

/* Centred lines of plain text in [x, x + w] from baseline *y (advanced
 * past them); *x0 and *x1 get the extent of the widest line. */
static int
center_str(struct lay *l, struct slice *s, const char *str, int style,
    double size, double x, double w, double *y, double *x0, double *x1,
    double *ink)
{
	struct para	 p;
	double		 adv = lay_advance(l, size, 1.0), a, b, m;
	int		 i;

	if (balance_str(l, str, style, size, w, &p, &m) == -1)
		return -1;
	x += (w - m) / 2;
	*x0 = x + m / 2;
	*x1 = *x0;
	for (i = 0; i < p.nlines; i++) {
		lay_line(l, s, &p.lines[i], size, x, *y);
		lay_line_extent(&p.lines[i], &a, &b);
		if (x + a < *x0)
			*x0 = x + a;
		if (x + b > *x1)
			*x1 = x + b;
		*y += adv;
	}
	if (ink != NULL)
		*ink = p.nlines > 0 ? line_ink(l, &p.lines[p.nlines - 1],
		    size) : 0;
	return 0;
}


/* ------------------------------------------------------------------ */
/* Page 1: the administrative header block, the title.                 */

/* The right column's width: the Quốc hiệu's line and a little air, 0.6
 * to 0.75 of the text width. The subtitle is set no wider. */
static double
header_qw(const struct lay *l)
{
	const char	*q = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	double		 qw = font_width(l->fs, FACE_BOLD, q, strlen(q), 12) + 6;

	if (qw < l->width * 0.6)
		qw = l->width * 0.6;
	if (qw > l->width * 0.75)
		qw = l->width * 0.75;
	return qw;
}

struct hcol {
	double	 x, w;		/* column */
	double	 y;		/* next baseline */
};

/* Left column: parent agency, agency, a short rule or a star, number. */
static int
header_left(struct lay *l, struct slice *s, struct hcol *c, double *rule_y)
{
	const struct header *hd = &l->r->header;
	double		 adv = lay_advance(l, HEAD_SIZE, 1.0), x0, x1, rw, ink;

	if (hd->parent_agency != NULL && center_str(l, s, hd->parent_agency,
	    0, HEAD_SIZE, c->x, c->w, &c->y, &x0, &x1, NULL) == -1)
		return -1;
	if (center_str(l, s, hd->agency, SPAN_BOLD, HEAD_SIZE, c->x, c->w,
	    &c->y, &x0, &x1, &ink) == -1)
		return -1;
	if (hd->kind == HEADER_PARTY) {
		lay_text(l, s, "*", FACE_REGULAR, HEAD_SIZE, c->x + c->w / 2 -
		    font_width(l->fs, FACE_REGULAR, "*", 1, HEAD_SIZE) / 2,
		    c->y - adv * 0.25);
		*rule_y = c->y - adv * 0.25;
		return 0;
	}
	rw = (x1 - x0) * 0.4;
	if (rw < 30)
		rw = 30;
	*rule_y = c->y - adv + rule_under(ink, HEAD_SIZE);
	lay_rule(l, s, c->x + (c->w - rw) / 2, *rule_y, rw, 0, RULE_W);
	return 0;
}

/* Right column: Quốc hiệu and Tiêu ngữ (or the Party's name), ruled. */
static int
header_right(struct lay *l, struct slice *s, struct hcol *c, double *rule_y)
{
	const struct header *hd = &l->r->header;
	double		 adv = lay_advance(l, HEAD_SIZE, 1.0), x0, x1, ink;

	if (hd->kind == HEADER_PARTY) {
		if (center_str(l, s, "ĐẢNG CỘNG SẢN VIỆT NAM", SPAN_BOLD,
		    HEAD_SIZE, c->x, c->w, &c->y, &x0, &x1, &ink) == -1)
			return -1;
	} else {
		if (center_str(l, s, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		    SPAN_BOLD, 12, c->x, c->w, &c->y, &x0, &x1, NULL) == -1)
			return -1;
		if (center_str(l, s, "Độc lập - Tự do - Hạnh phúc", SPAN_BOLD,
		    HEAD_SIZE, c->x, c->w, &c->y, &x0, &x1, &ink) == -1)
			return -1;
	}
	*rule_y = c->y - adv + rule_under(ink, HEAD_SIZE);
	lay_rule(l, s, x0, *rule_y, x1 - x0, 0, RULE_W);
	return 0;
}

/* Number (left) and place, date (right, italic) on one baseline. */
static int
header_last(struct lay *l, struct slice *s, struct hcol *lc,
    struct hcol *rc, double lrule, double rrule)
{
	const struct header *hd = &l->r->header;
	double		 adv = lay_advance(l, HEAD_SIZE, 1.0), y, x0, x1;
	const char	*num, *date;

	y = lrule + adv;
	if (rrule + adv * 1.4 > y)
		y = rrule + adv * 1.4;
	lc->y = rc->y = y;
	date = arena_printf(l->a, "%s, %s", hd->place,
	    txt_date_vi(l->a, &hd->date));
	if (center_str(l, s, date, SPAN_ITALIC, HEAD_SIZE, rc->x, rc->w,
	    &rc->y, &x0, &x1, NULL) == -1)
		return -1;
	if (hd->number == NULL)
		return 0;
	num = arena_printf(l->a, hd->kind == HEADER_PARTY ? "Số %s" :
	    "Số: %s", hd->number);
	return center_str(l, s, num, 0, HEAD_SIZE, lc->x, lc->w, &lc->y,
	    &x0, &x1, NULL);
}

int
head_block(struct lay *l)
{
	struct slice	*s;
	struct hcol	 lc, rc;
	double		 qw, lrule, rrule, y0;

	qw = header_qw(l);
	y0 = l->asc * HEAD_SIZE / 1000.0;
	lc.x = l->left;
	lc.w = l->width - qw;
	rc.x = l->left + lc.w;
	rc.w = qw;
	lc.y = rc.y = y0;
	s = lay_add(l, 0);
	if (header_left(l, s, &lc, &lrule) == -1 ||
	    header_right(l, s, &rc, &rrule) == -1 ||
	    header_last(l, s, &lc, &rc, lrule, rrule) == -1)
		return -1;
	s->h = (lc.y > rc.y ? lc.y : rc.y) - lay_advance(l, HEAD_SIZE, 1.0) +
	    l->desc * HEAD_SIZE / 1000.0;
	s->keep = 1;
	lay_space(l, 24);
	return 0;
}

/* The solid rule under the subtitle (the trích yếu, Phụ lục I, Mục
 * II.5): 0.4 of its longest line, centred, clear of the marks below its
 * last line; in the last line's slice, which grows to hold it. */
static void
subtitle_rule(struct lay *l, const struct para *p, double size, double adv,
    double x)
{
	struct slice	*s = &l->sl[l->nsl - 1];
	double		 y, w = 0, a, b, c = x;
	int		 i;

	for (i = 0; i < p->nlines; i++) {
		lay_line_extent(&p->lines[i], &a, &b);
		if (b - a > w) {
			w = b - a;
			c = x + (a + b) / 2;
		}
	}
	y = lay_baseline(l, size, adv) +
	    rule_under(line_ink(l, &p->lines[p->nlines - 1], size), size);
	lay_rule(l, s, c - w * SUB_RULE / 2, y, w * SUB_RULE, 0, RULE_W);
	if (y + RULE_W > s->h)
		s->h = y + RULE_W;
}

/* ------------------------------------------------------------------ */
/* Kính gửi (spec §2 v2): under the title block, centred, 14 pt.       */

/* Recipient i of n as printed: one as written; of several, each after
 * "- " (one already written is not doubled), ending ";" and the last
 * "." unless the clerk ended it with ";" or "." already. */
static const char *
to_text(struct lay *l, int i, int n)
{
	const char	*t = l->r->to[i];
	size_t		 len = strlen(t);

	if (n == 1)
		return t;
	if (t[0] == '-')
		for (t++; *t == ' '; t++)
			;
	len = strlen(t);
	return arena_printf(l->a, "%s%s", t, len > 0 && (t[len - 1] ==
	    ';' || t[len - 1] == '.') ? "" : i == n - 1 ? "." : ";");
}

/* "Kính gửi:" then the recipients in a column after it, each of
 * several after a "-" that its text (wrapped lines included) hangs
 * from; the whole block (the label and the widest line) centred. One
 * slice a line, all kept with what follows, as the title is. */
static int
head_to(struct lay *l)
{
	const char	*label = "Kính gửi:";
	struct para_opts o;
	struct para	*p;
	struct slice	*s;
	double		 adv = lay_advance(l, TO_SIZE, 1.0), base, lw, dw, mw;
	double		 w = 0, bx, cx;
	int		 i, k, n = l->r->nto;

	base = lay_baseline(l, TO_SIZE, adv);
	lw = font_width(l->fs, FACE_REGULAR, "Kính gửi: ",
	    strlen("Kính gửi: "), TO_SIZE);
	dw = n > 1 ? font_width(l->fs, FACE_REGULAR, "- ", 2, TO_SIZE) : 0;
	mw = l->width - lw - dw;
	p = arena_alloc(l->a, sizeof(*p) * (size_t)n);
	for (i = 0; i < n; i++) {
		lay_para_opts(&o, mw, TO_SIZE, 0, PARA_LEFT);
		if (lay_para_str(l, to_text(l, i, n), &o, &p[i]) == -1)
			return -1;
		if (widest(&p[i]) > w)
			w = widest(&p[i]);
	}
	bx = l->left + (l->width - (lw + dw + w)) / 2;
	cx = bx + lw;
	lay_space(l, TO_GAP);
	for (i = 0; i < n; i++)
		for (k = 0; k < p[i].nlines; k++) {
			s = lay_add(l, adv);
			s->keep = 1;
			if (i == 0 && k == 0)
				lay_text(l, s, label, FACE_REGULAR, TO_SIZE,
				    bx, base);
			if (n > 1 && k == 0)
				lay_text(l, s, "-", FACE_REGULAR, TO_SIZE, cx,
				    base);
			lay_line(l, s, &p[i].lines[k], TO_SIZE, cx + dw,
			    base);
		}
	return 0;
}

int
head_title(struct lay *l)
{
	const struct report *r = l->r;
	struct para	 p;
	double		 adv = lay_advance(l, TITLE_SIZE, 1.0), m;

	if (r->title != NULL) {
		if (balance_str(l, r->title, SPAN_BOLD, TITLE_SIZE, l->width, &p,
		    &m) == -1)
			return -1;
		lay_emit_lines(l, &p, TITLE_SIZE, adv, l->left + (l->width - m) / 2, 1,
		    -1);
	}
	if (r->subtitle != NULL) {
		if (balance_str(l, r->subtitle, SPAN_BOLD, TITLE_SIZE, header_qw(l),
		    &p, &m) == -1)
			return -1;
		lay_emit_lines(l, &p, TITLE_SIZE, adv, l->left + (l->width - m) / 2, 1,
		    -1);
		if (p.nlines > 0)
			subtitle_rule(l, &p, TITLE_SIZE, adv,
			    l->left + (l->width - m) / 2);
	}
	if (r->nto > 0 && head_to(l) == -1)
		return -1;
	lay_space(l, 18);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The signature block: one slice, so it is never split.               */

static int
sig_left(struct lay *l, struct slice *s, struct hcol *c)
{
	const struct signature *sg = &l->r->sig;
	struct para_opts o;
	struct para	 p;
	const char	*t;
	double		 adv = lay_advance(l, 11, 1.0);
	int		 i, k;

	lay_text(l, s, "Nơi nhận:", FACE_BOLDITALIC, 12, c->x, c->y);
	c->y += lay_advance(l, 12, 1.0);
	for (i = 0; i < sg->nrecipients; i++) {
		t = sg->recipients[i];
		if (t[0] != '-')
			t = arena_printf(l->a, "- %s", t);
		lay_para_opts(&o, c->w, 11, 0, PARA_LEFT);
		if (lay_para_str(l, t, &o, &p) == -1)
			return -1;
		for (k = 0; k < p.nlines; k++, c->y += adv)
			lay_line(l, s, &p.lines[k], 11, c->x, c->y);
	}
	return 0;
}

/* The gap left for signing between the signer's title and name (its
 * top under the title's descenders, its bottom over the name's capitals),
 * the column it is centred in and the name's extent. */
struct sig_gap {
	double	 x, w;		/* the right column */
	double	 top, bot;	/* y in the slice */
	double	 nx0, nx1;	/* the name's line */
};

static int
sig_right(struct lay *l, struct slice *s, struct hcol *c, struct sig_gap *g)
{
	const struct signature *sg = &l->r->sig;
	double		 x0, x1, adv = lay_advance(l, HEAD_SIZE, 1.0);

	if (sg->authority != NULL && center_str(l, s,
	    txt_upper_vi(l->a, sg->authority), SPAN_BOLD, HEAD_SIZE, c->x,
	    c->w, &c->y, &x0, &x1, NULL) == -1)
		return -1;
	if (center_str(l, s, txt_upper_vi(l->a, sg->title), SPAN_BOLD,
	    HEAD_SIZE, c->x, c->w, &c->y, &x0, &x1, NULL) == -1)
		return -1;
	g->x = c->x;
	g->w = c->w;
	g->top = c->y - adv + l->desc * HEAD_SIZE / 1000.0 + SIG_PAD;
	c->y += SIG_GAP;
	g->bot = c->y - l->asc * HEAD_SIZE / 1000.0 - SIG_PAD;
	return center_str(l, s, sg->name, SPAN_BOLD, HEAD_SIZE, c->x, c->w,
	    &c->y, &g->nx0, &g->nx1, NULL);
}

/* An image box for im at (x, y) top left, w wide, h high; its
 * resolution there warned about (img_warn). */
static void
sig_box(struct lay *l, struct slice *s, const struct image *im, double x,
    double y, double w, double h)
{
	struct box	*bx = lay_box(l, s, BOX_IMAGE);

	bx->x = x;
	bx->y = y;
	bx->w = w;
	bx->h = h;
	bx->path = im->file;
	bx->image = im;
	img_warn(l->d, im, w);
}

/* The signature image centred in the gap, as large as the gap and the
 * column allow, its aspect kept; then the seal, seal_mm wide (its real
 * diameter), centred on the image's height, its right edge a third of
 * the way into the image: Nghị định 30 has the seal cover about a third
 * of the signature, on its left. Drawn after the image, so over it.
 * Without an image the seal takes the place of one as wide as the name
 * and as high as the gap; it never passes the left margin. *bot gets
 * the lowest edge drawn, *top the highest (y in the slice). */
static void
sig_images(struct lay *l, struct slice *s, const struct sig_gap *g,
    double *top, double *bot)
{
	const struct signature *sg = &l->r->sig;
	double		 w = g->nx1 - g->nx0, h = g->bot - g->top, x = g->nx0;
	double		 cy = (g->top + g->bot) / 2, k, d;
	long		 pw, ph;

	*top = g->top;
	*bot = g->bot;
	if (sg->image.file != NULL) {
		img_upright(&sg->image, &pw, &ph);
		k = h / ph < g->w / pw ? h / ph : g->w / pw;
		w = pw * k;
		h = ph * k;
		x = g->x + (g->w - w) / 2;
		sig_box(l, s, &sg->image, x, cy - h / 2, w, h);
	}
	if (sg->seal.file == NULL)
		return;
	img_upright(&sg->seal, &pw, &ph);
	d = sg->seal_mm * MM;
	h = d * ph / pw;
	x += w / 3 - d;
	if (x < l->left)
		x = l->left;
	sig_box(l, s, &sg->seal, x, cy - h / 2, d, h);
	if (cy - h / 2 < *top)
		*top = cy - h / 2;
	if (cy + h / 2 > *bot)
		*bot = cy + h / 2;
}

/* Every box of s moved down by dy. */
static void
sig_shift(struct slice *s, double dy)
{
	int	 i;

	for (i = 0; i < s->nboxes; i++)
		s->boxes[i].y += dy;
}

int
head_signature(struct lay *l)
{
	struct slice	*s;
	struct hcol	 lc, rc;
	struct sig_gap	 g;
	double		 y0 = l->asc * HEAD_SIZE / 1000.0, h1, h2, top, bot;

	/* Never alone on its page: it takes the end of the text with it. */
	if (l->nsl > 0)
		l->sl[l->nsl - 1].keep = 1;
	lay_space(l, 18);
	s = lay_add(l, 0);
	lc.x = l->left;
	lc.w = l->width * 0.45;
	rc.x = l->left + lc.w;
	rc.w = l->width - lc.w;
	lc.y = rc.y = y0;
	if (sig_left(l, s, &lc) == -1 || sig_right(l, s, &rc, &g) == -1)
		return -1;
	sig_images(l, s, &g, &top, &bot);
	h1 = lc.y - lay_advance(l, 11, 1.0) + l->desc * 11 / 1000.0;
	h2 = rc.y - lay_advance(l, HEAD_SIZE, 1.0) +
	    l->desc * HEAD_SIZE / 1000.0;
	s->h = h1 > h2 ? h1 : h2;
	if (bot > s->h)
		s->h = bot;
	if (top < 0) {		/* a seal reaching above the block */
		sig_shift(s, -top);
		s->h -= top;
	}
	return 0;
}
