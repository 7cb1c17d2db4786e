/*
 * zmemo.h - deflated bytes kept by the process, by what was deflated.
 * A batch worker embeds the same font programs, ToUnicode maps and ICC
 * profile in report after report; deflating them costs more than all
 * the rest of writing them. The memo keeps the deflated bytes of each
 * input (compared whole, never trusted to a hash alone) within a fixed
 * size, so that deflating the same bytes again at the same level is a
 * copy. Output is the same bytes either way.
 */
#ifndef BAOCAO_ZMEMO_H
#define BAOCAO_ZMEMO_H

#include <stddef.h>

/* What deflating in[0..len) gave: z[0..zlen) after npad pad bytes were
 * added to the input (hpdf_fix.c's put_deflated). */
struct zmemo_out {
	const unsigned char	*z;
	size_t			 zlen;
	size_t			 npad;
};

/* 1 and *out filled (valid until the next zmemo_keep or zmemo_free)
 * when in[0..len) was deflated at `level` with pad byte `pad` before;
 * else 0. */
int	 zmemo_find(int level, int pad, const unsigned char *in, size_t len,
	    struct zmemo_out *out);
/* The largest input and output together the memo keeps. */
#define ZMEMO_KEEP_MAX	(1u << 20)

/* Keep what deflating in[0..len) gave; inputs too large for the memo
 * (ZMEMO_KEEP_MAX) are not kept, and a full memo is emptied first. */
void	 zmemo_keep(int level, int pad, const unsigned char *in, size_t len,
	    const struct zmemo_out *out);
/* How many zmemo_find calls found their bytes (tests). */
unsigned long	 zmemo_hits(void);
/* Free everything kept (at the end of the process). */
void	 zmemo_free(void);

#endif
