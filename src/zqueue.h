/*
 * zqueue.h - deflating on a second thread (zqueue.c). A long report's
 * page contents are most of its deflating, a short one's its subset
 * fonts' programs; the thread deflates them while the next pages are
 * drawn, each under its key (hpdf_fix.c), and the PDF takes the bytes
 * when libharu writes them. Also the padded deflate both threads use.
 * Return convention: zlib's (Z_OK or an error), unless said otherwise.
 */
#ifndef BAOCAO_ZQUEUE_H
#define BAOCAO_ZQUEUE_H

#include <stddef.h>

#include <zlib.h>

#include "arena.h"

/* Deflate data[0..len) into out with z (deflateInit'd). With pad >= 0,
 * output ending in CR is redone with pad bytes of value `pad` appended
 * (at most 8), their count in *npad: data ending in CR before libharu's
 * "\nendstream" reads as a CRLF end of line to a PDF/A validator. */
int		 zq_deflate(z_stream *z, struct sbuf *out,
		    const unsigned char *data, size_t len, int pad,
		    size_t *npad);

struct zq;

/* A queue and its thread, deflating at `level`; NULL if no thread can
 * be started (the caller then deflates itself). */
struct zq	*zq_new(int level);
/* Queue a copy of data[0..len) under `key`. */
void		 zq_push(struct zq *, const void *key,
		    const unsigned char *data, size_t len, int pad);
/* Wait for the bytes queued under `key` (not NULL: a job taken has
 * key NULL): 1 and *out (malloc'd, the
 * caller's), *outlen, *npad and *rc (zlib's) when it was queued, else 0. */
int		 zq_take(struct zq *, const void *key, unsigned char **out,
		    size_t *outlen, size_t *npad, int *rc);
/* Stop the thread and free what was not taken. */
void		 zq_free(struct zq *);

#endif
