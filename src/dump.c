/*
 * dump.c - a text dump of laid-out pages (box.h), for tests and
 * `baocao build --dump`: diffable and independent of PDF bytes.
 *
 *   doc 595.28 841.89 pages 9
 *   1 text 85.04 68.50 120.33 0.00 1 13.00 "VĂN PHÒNG"
 *   1 rule 120.00 72.40 40.00 0.00 - 0.50 ""
 *   2 rect 100.00 300.00 30.00 80.00 fill 0.60 ""
 *   2 image 200.00 90.00 340.16 226.77 - 0.00 "images/toa-dam.jpg"
 *   outline 1 2 90.00 "I. THỜI KỲ ĐẦU"
 *
 * One line per box: page (1-based), kind, x, y, w, h (pt, two decimals,
 * y down from the top, text y = baseline), face, size, text. A rule puts
 * "-" for the face and its line width for the size; a rect "fill" or
 * "line" and its gray (filled) or line width; an image its path as text.
 * Text that draws a web or mail address (or a piece of one) ends with
 * link="URI". A page of another size than the document's (a landscape
 * page) starts with "page N size W H"; other pages have no such line.
 * Then one line per outline entry: level, page, y, title. Text is quoted
 * with \" \\ \n escaped.
 */
#include <stdio.h>

#include "box.h"
#include "dump.h"

/* s quoted, then `end`. */
static void
quote_to(FILE *f, const char *s, size_t len, const char *end)
{
	size_t	 i;

	fputc('"', f);
	for (i = 0; s != NULL && i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', f);
		if (s[i] == '\n')
			fputs("\\n", f);
		else
			fputc(s[i], f);
	}
	fputc('"', f);
	fputs(end, f);
}

static void
quote(FILE *f, const char *s, size_t len)
{
	quote_to(f, s, len, "\n");
}

static size_t
slen(const char *s)
{
	size_t	 n = 0;

	while (s != NULL && s[n] != '\0')
		n++;
	return n;
}

static void
dump_box(FILE *f, int page, const struct box *b)
{
	static const char *const kinds[] = { "text", "rule", "rect", "image" };

	fprintf(f, "%d %s %.2f %.2f %.2f %.2f ", page,
	    (unsigned)b->kind < 4 ? kinds[b->kind] : "?", b->x, b->y, b->w,
	    b->h);
	switch (b->kind) {
	case BOX_TEXT:
		fprintf(f, "%d %.2f ", b->face, b->size);
		quote_to(f, b->text, b->len, "");
		if (b->link != NULL) {
			fputs(" link=", f);
			quote_to(f, b->link, slen(b->link), "");
		}
		if (b->expand != 0)
			fprintf(f, " expand=%d", b->expand);
		if (b->rise != 0)
			fprintf(f, " rise=%.2f", b->rise);
		fputc('\n', f);
		break;
	case BOX_RULE:
		fprintf(f, "- %.2f ", b->line_width);
		quote(f, "", 0);
		break;
	case BOX_RECT:
		fprintf(f, "%s %.2f ", b->fill ? "fill" : "line",
		    b->fill ? b->gray : b->line_width);
		quote(f, "", 0);
		break;
	default:
		fprintf(f, "- 0.00 ");
		quote(f, b->path, slen(b->path));
		break;
	}
}

void
dump_doc(FILE *f, const struct doc *d)
{
	int	 p, i;

	fprintf(f, "doc %.2f %.2f pages %d\n", d->width, d->height,
	    d->npages);
	for (p = 0; p < d->npages; p++) {
		/* only a page of another size than the document's (a
		 * landscape page) says its size */
		if (d->pages[p].width != d->width ||
		    d->pages[p].height != d->height)
			fprintf(f, "page %d size %.2f %.2f\n", p + 1,
			    d->pages[p].width, d->pages[p].height);
		for (i = 0; i < d->pages[p].nboxes; i++)
			dump_box(f, p + 1, &d->pages[p].boxes[i]);
	}
	for (i = 0; i < d->noutline; i++) {
		fprintf(f, "outline %d %d %.2f ", d->outline[i].level,
		    d->outline[i].page + 1, d->outline[i].y);
		quote(f, d->outline[i].title, slen(d->outline[i].title));
	}
}
