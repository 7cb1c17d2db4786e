/*
 * pdf.h - the only libharu writer: laid-out pages to a PDF file.
 * PDF 1.4, fonts embedded as subsets with valid ToUnicode maps, document
 * information from meta, bookmarks from the outline, dates from
 * report->pdf_time. libharu errors are recorded in the diag, never
 * longjmp'd out of.
 */
#ifndef BAOCAO_PDF_H
#define BAOCAO_PDF_H

#include "box.h"

struct diag;
struct doc;
struct fontset;
struct report;

/* 0 if `doc` can be written as the standard `r` asks: for PDF/A, no
 * meta entry or heading longer than a PDF/A string (16,383 letters);
 * else -1 with an error for each. pdf_write checks it first; `check`
 * calls it too, so that it finds what `build` would refuse. */
int	pdf_fits(const struct doc *, const struct report *, struct diag *);

/* Write `doc` to `path` (the caller handles temporary names and rename)
 * in a libharu document of its own, created and freed here, embedding
 * the faces of `fs` that the pages draw (font_embed).
 * 0 = ok, -1 = failed (diagnosed; a partial file may remain at path). */
int	pdf_write(const struct doc *, const struct report *,
	    struct fontset *, const char *path, struct diag *);

/* Whether writing a PDF may use a second thread (images: imgprep.h;
 * fonts' programs and pages: zqueue.h); yes unless told otherwise: worker.c
 * says no when it runs as many workers as there are CPUs, where a
 * thread could only take a CPU from another report. The PDF is the
 * same either way. */
void	pdf_threads(int on);

/* Hand every page of a document, in order, to fn (ctx its argument)
 * and return 0, or -1 as soon as fn returns it. */
typedef int pdf_pages_fn(void *src, page_fn *fn, void *ctx);

/* pdf_write of a doc that keeps no boxes, its pages handed over by
 * each(src, ...) as they are made (layout.h lay_pages), twice, the
 * same pages both times: their code points first, then to be drawn;
 * `doc` gives the outline and the pages' sizes. */
int	pdf_write_pages(const struct doc *, pdf_pages_fn *each, void *src,
	    const struct report *, struct fontset *, const char *path,
	    struct diag *);

#endif
