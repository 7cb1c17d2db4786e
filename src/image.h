/*
 * image.h - images as users bring them (image.c): the EXIF orientation
 * of a phone photo, JPEG (baseline, progressive, grey, RGB, CMYK) and PNG
 * (grey, RGB, palette, with alpha) decoded, reduced to 300 dpi at their
 * placed size, and what pdf.c embeds for one placement: JPEG bytes (the
 * file's own when nothing needs changing) or raw samples and an alpha
 * mask. validate.c reads the header (struct image, model.h); layout.c
 * places the upright size and calls img_warn; pdf.c and imgprep.c (on a
 * second thread) call img_load.
 * Return convention: 0 = ok, -1 = failed with the reason in `why`.
 */
#ifndef BAOCAO_IMAGE_H
#define BAOCAO_IMAGE_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

#define IMG_DPI		300	/* the finest detail the PDF keeps */
#define IMG_DPI_SHARP	150	/* below this a print looks blurred */

/* The pixel size of im as it prints: its EXIF orientation applied. */
void	 img_upright(const struct image *, long *w, long *h);

/* The orientation (1..8) in the payload of a JPEG APP1 segment ("Exif"
 * and its TIFF data), read with libexif; 1 when there is none or it is
 * not one of the eight; 0 when libexif (IMG_LIBEXIF, opened on first
 * use) cannot be loaded. */
int	 img_exif_orient(const unsigned char *, size_t);

/* How the image fits a placement w_pt points wide (upright). */
struct img_fit {
	double	 dpi;		/* the file's pixels per inch there */
	long	 w, h;		/* pixels the PDF keeps, as the file stores
				   them (before the orientation) */
	int	 reduced;	/* fewer than the file's: above 300 dpi */
};
void	 img_fit(const struct image *, double w_pt, struct img_fit *);

/* The image's path in messages (struct image key: "body[3].image.file",
 * "signature.seal"), "image.file" before validate.c has set it. */
const char *img_key(const struct image *);

/* The warning of a placement w_pt wide (none, "reduced to 300 dpi" or
 * "will look blurred"), at the image's file: mark. */
void	 img_warn(struct diag *, const struct image *, double w_pt);

/* The matrix (a b c d e f of a PDF cm) that draws the image's unit
 * square into the box (x, y) lower left, w x h in PDF space, upright
 * for EXIF orientation `orient`. */
void	 img_place(int orient, double x, double y, double w, double h,
	    double m[6]);

/* What pdf.c embeds for one placement. */
enum img_enc {
	IMG_ENC_DCT,	/* data: a JPEG file (DCTDecode) */
	IMG_ENC_RAW	/* data: w * h * ncomp samples, rows top down */
};
struct img_data {
	enum img_enc	 enc;
	long		 w, h;		/* pixels, as stored */
	int		 ncomp;		/* 1 grey, 3 RGB */
	unsigned char	*data;		/* malloc'd (img_data_free) */
	size_t		 len;
	unsigned char	*alpha;		/* raw: w * h samples; NULL = opaque */
	int		 kept;		/* raw: from the process's decoded
					   images (img_load's memo) */
};

/* 1 if img_load decodes the image at the pixels of f, 0 if it embeds
 * the JPEG file as it is. */
int	 img_decodes(const struct image *, const struct img_fit *);
/* 1 if img_load would find the image at the pixels of f among those
 * the process keeps decoded (the file read and compared), else 0. */
int	 img_kept(const struct image *, const struct img_fit *);
/* The image of `im` at the pixels of `fit`: the JPEG file itself when it
 * keeps its pixels and is grey or RGB, else decoded (a CMYK or YCCK JPEG
 * converted to RGB), reduced and, for a JPEG, encoded again. -1 with the
 * reason in `why`, to follow the file's name ("is a damaged JPEG file
 * (...); open it in an image editor and save it again"), out left
 * empty. libjpeg (IMG_LIBJPEG) is opened on first use. Safe to call
 * from two threads at once (imgprep.h). */
int	 img_load(const struct image *, const struct img_fit *,
	    struct img_data *, char *why, size_t whysz);
/* The bytes of d's alpha mask (w * h samples), 0 if it has none. */
size_t	 img_alpha_len(const struct img_data *);
void	 img_data_free(struct img_data *);
/* Free the images the process keeps decoded (img_load keeps the last
 * few: a batch's seal and signature are decoded once). */
void	 img_cleanup(void);

#endif
