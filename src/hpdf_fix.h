/*
 * hpdf_fix.h - what baocao corrects in libharu 2.3.0, and works around,
 * in one place (hpdf_fix.c says, for each, the libharu behaviour). Only
 * font.c, pdf.c and pdfa.c include this header: it brings in libharu's own
 * headers, which the rest of the program never sees.
 * Return convention: libharu's (HPDF_OK or an HPDF_STATUS error left in
 * the error object named), unless a function says otherwise.
 */
#ifndef BAOCAO_HPDF_FIX_H
#define BAOCAO_HPDF_FIX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <zlib.h>

#include "arena.h"

/* What a libharu error handler recorded: the first error raised through
 * libharu's public functions since the last hfix_error_text. */
struct hfix_err {
	HPDF_STATUS	 no;
	HPDF_STATUS	 detail;
	int		 count;
};

/* The error handler (HPDF_New's) that records into a struct hfix_err
 * and returns: libharu's errors never longjmp. */
void		 hfix_handler(HPDF_STATUS, HPDF_STATUS, void *rec);
/* A readable text for the pending error ("cannot open file (libharu
 * error 0x1017, detail 2)") written into buf: rec's record if any (rec
 * may be NULL), else the error object's state, in the language of
 * messages. NULL when there is none. Both are reset. */
const char	*hfix_error_text(struct hfix_err *rec, HPDF_Error,
		    char *buf, size_t);

/* Make the document write PDF 1.4. */
void		 hfix_pdf14(HPDF_Doc);

/* A read-only stream over the font file `path`, read whole into memory,
 * for HPDF_TTFontDef_Load. NULL when it cannot be: the reason the file
 * is refused in `why`, or with why "" the error in mmgr's error object. */
HPDF_Stream	 hfix_font_stream(HPDF_MMgr, const char *path, char *why,
		    size_t whysz);
/* The bytes of a stream made by hfix_font_stream, and of the file a font
 * definition was parsed from (hfix_font_stream's, always). */
const unsigned char *hfix_stream_bytes(HPDF_Stream, size_t *len);
const unsigned char *hfix_fontdef_bytes(HPDF_FontDef, size_t *len);

/* The same over a copy of data[0..len) (a font made in memory), or NULL
 * (out of memory, in mmgr's error object). */
HPDF_Stream	 hfix_mem_stream(HPDF_MMgr, const unsigned char *data,
		    size_t len);

/* Lend `def` (a TrueType font parsed for embedding, from a stream of
 * hfix_font_stream or hfix_mem_stream, on a memory manager of the
 * caller's) to the document, named by a subset tag made from its bytes
 * and its PostScript name ("ABCDEF+Name"); HPDF_GetFont can then make a
 * font of it under def->base_font. The caller keeps owning def, and
 * gives it back with hfix_return_fontdef before freeing the document. On
 * an error def is not lent. */
HPDF_STATUS	 hfix_lend_fontdef(HPDF_Doc, HPDF_FontDef);
void		 hfix_return_fontdef(HPDF_Doc, HPDF_FontDef);

/* While the fonts of a document are made (HPDF_GetFont) between
 * hfix_fonts_begin and hfix_fonts_end, libharu's UTF-8 encoder poses as
 * an encoder of one code, which spares CIDFontType2_New 65,536 cmap
 * searches. */
struct hfix_pose {
	HPDF_Encoder		 enc;
	HPDF_Encoder_ToUnicode_Func to_unicode;
	HPDF_UINT16		(*saved)[256];
};
void		 hfix_fonts_begin(HPDF_Doc, struct hfix_pose *);
void		 hfix_fonts_end(struct hfix_pose *);

/* Before saving: replace the font's /ToUnicode, /W and /CIDToGIDMap by
 * ones covering exactly the code points drawn (bits: 65,536 bits, none
 * above max), correct its CIDSystemInfo, and give it a descriptor of its
 * font's real values with the font program as parsed (deflated by us).
 * NULL = done, else what failed ("cannot write widths", in English:
 * the caller translates it), the error in the doc. */
const char	*hfix_font_repair(HPDF_Doc, HPDF_Font, const uint8_t *bits,
		    uint32_t max);

/* Page contents deflated by us: one deflate state for the document,
 * and where a CPU is spare a second thread for the subset fonts'
 * programs and the pages (hfix_font_ahead, hfix_put_page). */
struct zq;
struct hfix_z {
	z_stream	 z;
	int		 init;	/* z is set up */
	struct sbuf	 out;	/* the deflated bytes */
	int		 pages;	/* put so far */
	struct zq	*q;	/* the thread's queue, or NULL */
	int		 solo;	/* no thread: all deflated here */
	int		 tried;	/* the thread was started, or failed to */
};
/* Append what libharu drew on the page itself (images) to cs and take it
 * off the page. */
void		 hfix_take_page_stream(HPDF_Page, struct sbuf *cs);
/* The page's contents become cs, deflated. NULL = done, else what
 * failed ("cannot write the page", in English: the caller translates
 * it), any error in the page's error object. */
const char	*hfix_put_page(HPDF_Page, struct hfix_z *, const struct sbuf *);
void		 hfix_z_free(struct hfix_z *);
/* Deflate the program of a subset font (font.c's font_embed) on the
 * second thread while the pages are drawn, unless the process's memo
 * has it or z is solo; hfix_font_repair takes it. */
void		 hfix_font_ahead(struct hfix_z *, HPDF_FontDef);
/* `d`'s stream becomes data[0..len), deflated at libharu's level 6 and
 * written with libharu's "/Filter [ /FlateDecode ]", through the
 * process's memo (zmemo.h). */
HPDF_STATUS	 hfix_put_flate(HPDF_Dict d, const void *data, size_t len);
/* An image XObject of w x h 8-bit samples (ncomp 1 grey, 3 RGB), as
 * HPDF_LoadRawImageFromMem makes it, its samples through hfix_put_flate.
 * NULL on an error (in the document's error object). */
HPDF_Image	 hfix_raw_image(HPDF_Doc, const unsigned char *data, long w,
		    long h, int ncomp);
/* The same with the samples deflated already: z[0..zlen), what
 * hfix_put_flate makes of data[0..len) (imgprep.h), then kept in the
 * process's memo; z NULL: as hfix_raw_image. */
HPDF_Image	 hfix_raw_image_z(HPDF_Doc, const unsigned char *data,
		    const unsigned char *z, size_t zlen, long w, long h,
		    int ncomp);
/* Free the process's deflate states and memo (font_cleanup). */
void		 hfix_z_cleanup(void);

/* Point the destination at [page /XYZ 0 top null]. */
HPDF_STATUS	 hfix_dest_xyz(HPDF_Doc, HPDF_Destination, double top);

/* A link annotation on the page over rect (PDF space) that opens uri
 * (7-bit ASCII, at most 65,535 bytes): /F 4 (printed), /Border [0 0 0]
 * (no frame). An error also stays in the page's error object. */
HPDF_STATUS	 hfix_uri_link(HPDF_Page, HPDF_Rect, const char *uri);

#endif
