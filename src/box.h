/*
 * box.h - laid-out pages (data only): the contract between layout and the
 * back ends (pdf.c writes them, dump.c prints them).
 *
 * Units are PDF points. x grows to the right from the left page edge, y
 * grows DOWN from the top page edge (as a reader reads); pdf.c flips it.
 * A text box's y is its baseline. Every box was placed by layout; back
 * ends never measure or move anything.
 */
#ifndef BAOCAO_BOX_H
#define BAOCAO_BOX_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum box_kind {
	BOX_TEXT,	/* text run at (x, y=baseline) in face/size */
	BOX_RULE,	/* straight line from (x, y) to (x + w, y + h) */
	BOX_RECT,	/* rectangle (x, y) top-left, w x h; filled if fill */
	BOX_IMAGE	/* image file in (x, y) top-left, w x h */
};

#define BOX_EXPAND_UNIT		10000	/* para.h's PARA_EXPAND_UNIT */

/*
 * A box is common fields and the fields of its kind, which share their
 * room (a 1,000-page report holds half a million boxes until it is
 * written: 80 bytes each instead of 136). Read only the fields of a
 * box's kind; a new box is all zeros (layout's box_append).
 */
struct box {
	enum box_kind	 kind;
	int		 face;		/* text: font face index (font.h) */
	double		 x, y, w, h;
	union {
		struct {		/* BOX_TEXT */
			double	 size;		/* pt */
			double	 rise;		/* drawn this far above its
						   baseline y (a footnote's
						   number) */
			const char *text;	/* UTF-8, NFC; not
						   NUL-terminated */
			const char *link;	/* URI (7-bit ASCII) of the
						   link it draws (a piece of
						   a web or mail address;
						   link.h), or NULL */
			uint32_t len;		/* bytes of text (its input
						   file is at most 16 MiB:
						   yload.h, csv.c) */
			int	 expand;	/* glyphs widened (> 0) or
						   narrowed by expand /
						   BOX_EXPAND_UNIT of their
						   width, drawn with Tz (font
						   expansion, para.h); 0 none */
		};
		struct {		/* BOX_RULE, BOX_RECT */
			double	 line_width;	/* rules and rect outlines,
						   pt */
			double	 gray;		/* 0 black .. 1 white, fill
						   colour */
			int	 fill;		/* rect: 1 filled, 0
						   stroked */
		};
		struct {		/* BOX_IMAGE */
			const struct image *image;	/* the model's (kind,
						   pixels, orientation;
						   model.h) */
			const char *path;	/* image file */
		};
	};
};

_Static_assert(sizeof(struct box) <= 80, "a box stays 80 bytes");

struct page {
	struct box	*boxes;
	int		 nboxes, cap;
	double		 width, height;	/* pt: this page's own size (a
					   landscape page is wider than tall) */
};

/* What takes the pages of a report one at a time, in order, as soon as
 * each is final (layout.h lay_pages, pdf.h pdf_write_pages): a page's
 * boxes are valid only during the call. 0 = go on, -1 = stop (failed,
 * diagnosed by the sink). */
typedef int page_fn(void *ctx, const struct page *);

/* One bookmark per heading, in document order. */
struct outline {
	const char	*title;		/* plain UTF-8 */
	int		 level;		/* 1..3 */
	int		 page;		/* 0-based */
	double		 y;		/* top of the heading, from page top */
};

struct doc {
	double		 width, height;	/* pt, of a portrait page */
	struct page	*pages;
	int		 npages, cap;
	struct outline	*outline;
	int		 noutline, outcap;
};

#endif
