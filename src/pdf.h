/*
 * pdf.h - the only libharu writer: laid-out pages to a PDF file.
 * PDF 1.4, fonts embedded as subsets with valid ToUnicode maps, document
 * information from meta, bookmarks from the outline, dates from
 * report->pdf_time. libharu errors are recorded in the diag, never
 * longjmp'd out of.
 */
#ifndef BAOCAO_PDF_H
#define BAOCAO_PDF_H

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

#endif
