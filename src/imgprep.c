/*
 * imgprep.c - images prepared on a second thread (imgprep.h).
 *
 * The jobs are all known before the thread starts (pdf.c's first pass
 * over the pages, in the order the pages draw them) and the array never
 * changes. A job is QUEUED, then claimed by one side (THREAD or MAIN,
 * the writer) which prepares it outside the lock, then DONE, then
 * TAKEN by the writer; states change under the lock, and a job's
 * results are touched only by the side that claimed it until it is
 * DONE, then only under the lock or by the writer once TAKEN. The
 * thread claims from the last job backwards, the writer from the one
 * it needs forwards: on a page with a signature and a seal, each
 * prepares one. img_load is safe on both sides (image.c's memo has its
 * lock).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "arena.h"
#include "imgprep.h"
#include "zmemo.h"
#include "zqueue.h"

/* Decoded samples kept for the memo of deflated bytes, in all. */
#define IP_KEEP_MAX	(4 * ZMEMO_KEEP_MAX)

enum jstate { J_QUEUED, J_THREAD, J_MAIN, J_DONE, J_TAKEN };

struct ipjob {
	const struct image *im;
	struct img_fit	 f;
	enum jstate	 state;
	struct ip_img	 out;
};

/* One side's deflate state. */
struct side {
	z_stream	 z;
	int		 init, ok;
	struct sbuf	 sb;
};

struct imgprep {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;		/* a job is DONE */
	struct ipjob	*jobs;
	int		 n, cap;
	int		 locks, running, stop;
	size_t		 kept;		/* samples kept for the memo */
	struct side	 main;		/* the writer's */
};

struct imgprep *
ip_new(void)
{
	return xcalloc(1, sizeof(struct imgprep));
}

/* The same file at the same pixels (pdf.c embeds it once). */
static int
same(const struct ipjob *j, const struct image *im, const struct img_fit *f)
{
	return j->f.w == f->w && j->f.h == f->h &&
	    j->f.reduced == f->reduced && strcmp(j->im->file, im->file) == 0;
}

void
ip_add(struct imgprep *ip, const struct image *im, const struct img_fit *f)
{
	int	 i;

	if (ip->locks || !img_decodes(im, f))
		return;
	for (i = 0; i < ip->n; i++)
		if (same(&ip->jobs[i], im, f))
			return;
	/* kept: copied from the memo, its deflated bytes in the other */
	if (img_kept(im, f))
		return;
	if (ip->n == ip->cap) {
		ip->cap = ip->cap ? 2 * ip->cap : 4;
		ip->jobs = xrealloc(ip->jobs, (size_t)ip->cap *
		    sizeof(*ip->jobs));
	}
	memset(&ip->jobs[ip->n], 0, sizeof(ip->jobs[ip->n]));
	ip->jobs[ip->n].im = im;
	ip->jobs[ip->n].f = *f;
	ip->n++;
}

/* The CRC-32 of b[0..n) (pdf.c digests the samples by it). */
static uint32_t
crc_of(const unsigned char *b, size_t n)
{
	return (uint32_t)crc32_z(crc32(0L, Z_NULL, 0), b, n);
}

/* data[0..len) deflated as hfix_put_flate deflates it (libharu's level
 * 6, no pad) into a malloc'd *out; 0, or -1. */
static int
deflate_copy(struct side *s, const unsigned char *data, size_t len,
    unsigned char **out, size_t *outlen)
{
	if (!s->init) {
		s->ok = deflateInit(&s->z, Z_DEFAULT_COMPRESSION) == Z_OK;
		s->init = 1;
	}
	if (!s->ok || zq_deflate(&s->z, &s->sb, data, len, -1, NULL) != Z_OK)
		return -1;
	*out = xmalloc(s->sb.len > 0 ? s->sb.len : 1);
	memcpy(*out, s->sb.s, s->sb.len);
	*outlen = s->sb.len;
	return 0;
}

static void
side_free(struct side *s)
{
	if (s->init && s->ok)
		deflateEnd(&s->z);
	sbuf_free(&s->sb);
}

/* Prepare job j (claimed by the caller's side s): decode, CRC, deflate
 * raw samples the process did not keep decoded. */
static void
prepare(struct ipjob *j, struct side *s)
{
	struct ip_img	*o = &j->out;
	struct img_data	*d = &o->d;

	o->rc = img_load(j->im, &j->f, d, o->why, sizeof(o->why));
	if (o->rc != 0)
		return;
	o->alen = img_alpha_len(d);
	o->crc = crc_of(d->data, d->len);
	if (d->alpha != NULL)
		o->acrc = crc_of(d->alpha, o->alen);
	if (d->enc != IMG_ENC_RAW || d->kept ||
	    deflate_copy(s, d->data, d->len, &o->z, &o->zlen) != 0)
		return;
	if (d->alpha != NULL && deflate_copy(s, d->alpha, o->alen, &o->za,
	    &o->zalen) != 0) {
		free(o->z);
		o->z = NULL;
	}
}

/* A prepared job's samples, once deflated, are kept only for the memo
 * of deflated bytes (hpdf_fix.c keeps them there), and only while they
 * are few (under the lock). */
static void
trim(struct imgprep *ip, struct ipjob *j)
{
	struct ip_img	*o = &j->out;

	if (o->z == NULL)
		return;
	if (o->d.len + o->zlen <= ZMEMO_KEEP_MAX &&
	    o->alen + o->zalen <= ZMEMO_KEEP_MAX &&
	    ip->kept + o->d.len + o->alen <= IP_KEEP_MAX) {
		ip->kept += o->d.len + o->alen;
		return;
	}
	free(o->d.data);
	free(o->d.alpha);
	o->d.data = o->d.alpha = NULL;
}

/* Prepare j on side s and mark it DONE (called and returning under the
 * lock; j claimed). */
static void
run_job(struct imgprep *ip, struct ipjob *j, struct side *s)
{
	if (ip->locks)
		pthread_mutex_unlock(&ip->mu);
	prepare(j, s);
	if (ip->locks)
		pthread_mutex_lock(&ip->mu);
	trim(ip, j);
	j->state = J_DONE;
	if (ip->locks)
		pthread_cond_broadcast(&ip->cv);
}

static void *
run(void *arg)
{
	struct imgprep	*ip = arg;
	struct side	 s;
	int		 i;

	memset(&s, 0, sizeof(s));
	pthread_mutex_lock(&ip->mu);
	for (i = ip->n - 1; i >= 0 && !ip->stop; i--)
		if (ip->jobs[i].state == J_QUEUED) {
			ip->jobs[i].state = J_THREAD;
			run_job(ip, &ip->jobs[i], &s);
		}
	pthread_mutex_unlock(&ip->mu);
	side_free(&s);
	return NULL;
}

void
ip_start(struct imgprep *ip)
{
	if (ip->n == 0 || ip->locks)
		return;
	if (pthread_mutex_init(&ip->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&ip->cv, NULL) != 0) {
		pthread_mutex_destroy(&ip->mu);
		return;
	}
	ip->locks = 1;
	if (pthread_create(&ip->th, NULL, run, ip) == 0)
		ip->running = 1;
}

/* The writer's side while it needs j (under the lock): prepare it if
 * it was not begun; while the thread prepares it, prepare the next one
 * not begun, or wait. */
static void
wait_for(struct imgprep *ip, struct ipjob *j)
{
	struct ipjob	*k;
	int		 i;

	while (j->state == J_QUEUED || j->state == J_THREAD) {
		for (k = j, i = (int)(j - ip->jobs); k->state != J_QUEUED &&
		    ++i < ip->n; )
			k = &ip->jobs[i];
		if (k->state == J_QUEUED) {
			k->state = J_MAIN;
			run_job(ip, k, &ip->main);
		} else
			pthread_cond_wait(&ip->cv, &ip->mu);
	}
}

int
ip_take(struct imgprep *ip, const struct image *im, const struct img_fit *f,
    struct ip_img *out)
{
	struct ipjob	*j = NULL;
	int		 i;

	for (i = 0; i < ip->n && j == NULL; i++)
		if (same(&ip->jobs[i], im, f))
			j = &ip->jobs[i];
	if (j == NULL)
		return 0;
	if (ip->locks)
		pthread_mutex_lock(&ip->mu);
	if (j->state == J_TAKEN) {
		/* taken before (it failed: pdf.c embeds the others once) */
		if (ip->locks)
			pthread_mutex_unlock(&ip->mu);
		return 0;
	}
	wait_for(ip, j);
	*out = j->out;
	memset(&j->out, 0, sizeof(j->out));
	if (out->d.data != NULL && out->z != NULL)
		ip->kept -= out->d.len + out->alen;
	j->state = J_TAKEN;
	if (ip->locks)
		pthread_mutex_unlock(&ip->mu);
	return 1;
}

void
ip_img_free(struct ip_img *o)
{
	img_data_free(&o->d);
	free(o->z);
	free(o->za);
	o->z = o->za = NULL;
}

void
ip_free(struct imgprep *ip)
{
	int	 i;

	if (ip == NULL)
		return;
	if (ip->running) {
		pthread_mutex_lock(&ip->mu);
		ip->stop = 1;
		pthread_mutex_unlock(&ip->mu);
		pthread_join(ip->th, NULL);
	}
	if (ip->locks) {
		pthread_cond_destroy(&ip->cv);
		pthread_mutex_destroy(&ip->mu);
	}
	for (i = 0; i < ip->n; i++)
		ip_img_free(&ip->jobs[i].out);
	side_free(&ip->main);
	free(ip->jobs);
	free(ip);
}
