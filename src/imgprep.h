/*
 * imgprep.h - images prepared on a second thread (imgprep.c). Decoding
 * a picture and deflating its samples is most of the work of a short
 * report with a signature and a seal, and all of the work of a report
 * of photographs (bench/RESULTS.md, issue 20). pdf.c meets every image
 * placement in its first pass over the pages (the code points) and
 * hands them here; a thread prepares them - decodes (img_load), takes
 * the CRC-32 of the samples the file's /ID digests, deflates them as
 * hfix_put_flate would (the same bytes) - from the last one drawn
 * backwards, while the writer embeds the fonts and draws the pages.
 * The writer takes each image when its page draws it: prepared, or
 * being prepared (it waits, preparing another meanwhile), or not begun
 * (it prepares it itself). Either side does the same work; nothing but
 * the deflated bytes waits for the writer (decoded samples only when
 * small enough for the process's memo of deflated bytes to keep them,
 * zmemo.h). Messages stay the writer's: a file that cannot be decoded
 * comes back with its reason.
 */
#ifndef BAOCAO_IMGPREP_H
#define BAOCAO_IMGPREP_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"

struct imgprep;

/* One image prepared: img_load's return in rc (and `why` when -1) and
 * its data; the CRC-32 of its samples and mask; raw samples deflated in
 * z[0..zlen), the mask in za[0..zalen) (both or neither; NULL: left to
 * the caller, who deflates d through the memo - an image the process
 * kept decoded has its deflated bytes kept too). d.data is NULL when
 * z holds it (too large for the memo). All the caller's: ip_img_free. */
struct ip_img {
	int		 rc;
	char		 why[600];
	struct img_data	 d;
	size_t		 alen;		/* bytes of the mask (kept when the
					   mask is dropped) */
	uint32_t	 crc, acrc;
	unsigned char	*z, *za;
	size_t		 zlen, zalen;
};

struct imgprep	*ip_new(void);
/* An image to prepare at the pixels of f; one that needs no decoding
 * (a JPEG embedded as it is), that the process keeps decoded (a batch's
 * seal: img_kept) or that was added already is left out. Only before
 * ip_start. */
void		 ip_add(struct imgprep *, const struct image *,
		    const struct img_fit *);
/* Start the thread if there is anything to prepare (without one, ip_take
 * prepares each image itself). */
void		 ip_start(struct imgprep *);
/* 1 and *out when the image at f is one of those added (prepared by
 * now), else 0. */
int		 ip_take(struct imgprep *, const struct image *,
		    const struct img_fit *, struct ip_img *out);
void		 ip_img_free(struct ip_img *);
/* End the thread (the image it is preparing finished, the rest left)
 * and free what was not taken. NULL is a no-op. */
void		 ip_free(struct imgprep *);

#endif
