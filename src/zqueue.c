/*
 * zqueue.c - deflating on a second thread (zqueue.h).
 *
 * One producer (the PDF writer) pushes jobs in page order; the thread
 * takes them in that order; the writer takes each result when libharu
 * writes the page, in the same order, so a cursor finds it. The job
 * array only grows while the thread runs: the thread copies what it
 * reads of a job under the lock and writes its result under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "zqueue.h"

#define PAD_MAX		8	/* pad bytes tried (each misses 1 in 256) */

/* Deflate the n chunks (ptr[i], len[i]) into out with z. */
static int
deflate_chunks(z_stream *z, const unsigned char *const *ptr,
    const size_t *len, int n, struct sbuf *out)
{
	unsigned char	 buf[16384];
	int		 i, rc = Z_OK;

	out->len = 0;
	if (deflateReset(z) != Z_OK)
		return Z_STREAM_ERROR;
	for (i = 0; i <= n && rc != Z_STREAM_END; i++) {
		z->next_in = (unsigned char *)(i < n ? ptr[i] : NULL);
		z->avail_in = i < n ? (uInt)len[i] : 0;
		do {
			z->next_out = buf;
			z->avail_out = sizeof(buf);
			rc = deflate(z, i < n ? Z_NO_FLUSH : Z_FINISH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				return rc;
			sbuf_add(out, (const char *)buf, sizeof(buf) -
			    z->avail_out);
		} while (z->avail_out == 0);
	}
	return Z_OK;
}

int
zq_deflate(z_stream *z, struct sbuf *out, const unsigned char *data,
    size_t len, int pad, size_t *npad)
{
	unsigned char		 pb[PAD_MAX];
	const unsigned char	*p[2] = { data, pb };
	size_t			 l[2] = { len, 0 }, k;
	int			 rc = Z_OK;

	memset(pb, pad, sizeof(pb));
	for (k = 0; k <= PAD_MAX; k++) {
		l[1] = k;
		if ((rc = deflate_chunks(z, p, l, k > 0 ? 2 : 1, out)) != Z_OK)
			break;
		if (pad < 0 || out->len == 0 || out->s[out->len - 1] != '\r')
			break;
	}
	if (npad != NULL)
		*npad = k > PAD_MAX ? PAD_MAX : k;
	return rc;
}

struct zjob {
	const void	*key;
	unsigned char	*in;		/* freed once deflated */
	size_t		 len;
	int		 pad;
	int		 done, rc;
	unsigned char	*out;
	size_t		 outlen, npad;
};

struct zq {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 more, done;
	struct zjob	*jobs;
	size_t		 n, cap, todo, taken;
	int		 stop, level;
};

/* Deflate job k (its input read under the lock, its result written
 * under it). */
static void
run_job(struct zq *q, z_stream *z, struct sbuf *out, size_t k)
{
	unsigned char	*in;
	size_t		 len, npad = 0;
	int		 pad, rc;

	pthread_mutex_lock(&q->mu);
	in = q->jobs[k].in;
	len = q->jobs[k].len;
	pad = q->jobs[k].pad;
	pthread_mutex_unlock(&q->mu);
	rc = zq_deflate(z, out, in, len, pad, &npad);
	free(in);
	pthread_mutex_lock(&q->mu);
	q->jobs[k].in = NULL;
	q->jobs[k].rc = rc;
	q->jobs[k].npad = npad;
	q->jobs[k].outlen = out->len;
	q->jobs[k].out = xmalloc(out->len > 0 ? out->len : 1);
	memcpy(q->jobs[k].out, out->s, out->len);
	q->jobs[k].done = 1;
	pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->mu);
}

static void *
run(void *arg)
{
	struct zq	*q = arg;
	struct sbuf	 out = { 0 };
	z_stream	 z;
	size_t		 k;
	int		 ok;

	memset(&z, 0, sizeof(z));
	ok = deflateInit(&z, q->level) == Z_OK;
	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->todo == q->n && !q->stop)
			pthread_cond_wait(&q->more, &q->mu);
		/* stopped: what was never taken need not be deflated */
		if (q->todo == q->n || q->stop) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		k = q->todo++;
		pthread_mutex_unlock(&q->mu);
		if (ok)
			run_job(q, &z, &out, k);
		else {
			pthread_mutex_lock(&q->mu);
			q->jobs[k].rc = Z_MEM_ERROR;
			q->jobs[k].done = 1;
			pthread_cond_broadcast(&q->done);
			pthread_mutex_unlock(&q->mu);
		}
	}
	if (ok)
		deflateEnd(&z);
	sbuf_free(&out);
	return NULL;
}

struct zq *
zq_new(int level)
{
	struct zq	*q = xcalloc(1, sizeof(*q));

	q->level = level;
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->more, NULL) != 0 ||
	    pthread_cond_init(&q->done, NULL) != 0 ||
	    pthread_create(&q->th, NULL, run, q) != 0) {
		/* conds that were made are not destroyed: never used */
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	return q;
}

void
zq_push(struct zq *q, const void *key, const unsigned char *data,
    size_t len, int pad)
{
	unsigned char	*in = xmalloc(len > 0 ? len : 1);

	memcpy(in, data, len);
	pthread_mutex_lock(&q->mu);
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->jobs = xrealloc(q->jobs, q->cap * sizeof(*q->jobs));
	}
	memset(&q->jobs[q->n], 0, sizeof(q->jobs[q->n]));
	q->jobs[q->n].key = key;
	q->jobs[q->n].in = in;
	q->jobs[q->n].len = len;
	q->jobs[q->n].pad = pad;
	q->n++;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
}

int
zq_take(struct zq *q, const void *key, unsigned char **out, size_t *outlen,
    size_t *npad, int *rc)
{
	size_t	 k, i;
	int	 found = 0;

	pthread_mutex_lock(&q->mu);
	for (i = 0; i < q->n && !found; i++) {
		k = (q->taken + i) % q->n;	/* in order: found at once */
		if (q->jobs[k].key != key)
			continue;
		while (!q->jobs[k].done)
			pthread_cond_wait(&q->done, &q->mu);
		*out = q->jobs[k].out;
		*outlen = q->jobs[k].outlen;
		*npad = q->jobs[k].npad;
		*rc = q->jobs[k].rc;
		q->jobs[k].out = NULL;
		q->jobs[k].key = NULL;
		q->taken = k + 1;
		found = 1;
	}
	pthread_mutex_unlock(&q->mu);
	return found;
}

void
zq_free(struct zq *q)
{
	size_t	 k;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	for (k = 0; k < q->n; k++) {
		free(q->jobs[k].in);
		free(q->jobs[k].out);
	}
	free(q->jobs);
	pthread_cond_destroy(&q->more);
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
