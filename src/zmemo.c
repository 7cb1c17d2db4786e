/*
 * zmemo.c - the process's memo of deflated bytes (zmemo.h).
 *
 * A hash table of chained entries keyed by a hash of the input (key),
 * the level and the pad byte; a match is confirmed by comparing the
 * input bytes. The memo holds at most ZMEMO_MAX bytes of inputs and
 * outputs together and is emptied when the next entry would not fit:
 * a batch's common bytes (the fonts, the profile) come back at once,
 * and a long run of distinct ones costs one copy each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "zmemo.h"

#define ZMEMO_MAX	(4u << 20)	/* bytes kept, inputs and outputs */
_Static_assert(ZMEMO_KEEP_MAX <= ZMEMO_MAX / 4, "four entries fit");
#define ZMEMO_SLOTS	64		/* hash chains */

struct zent {
	struct zent	*next;
	uint32_t	 hash;
	int		 level, pad;
	size_t		 len, zlen, npad;
	unsigned char	*in;		/* len bytes, then zlen deflated */
};

static struct zent	*slot[ZMEMO_SLOTS];
static size_t		 kept;		/* bytes of all entries */
static unsigned long	 hits;

/*
 * The chain of an input: FNV-1a over its length and at most KEY_PICKS
 * 8-byte words spread over it. A whole-input checksum (zlib's crc32 runs
 * at about 12 instructions a byte here) cost a tenth of deflating an
 * image; inputs that share their picked words only share a chain, and
 * memcmp (a fraction of an instruction a byte) tells them apart.
 */
#define KEY_PICKS	256

static uint32_t
key(const unsigned char *in, size_t len)
{
	uint64_t	 h = 14695981039346656037u, w;
	size_t		 i, n, step;

	h = (h ^ len) * 1099511628211u;
	n = len / 8;
	step = n > KEY_PICKS ? n / KEY_PICKS : 1;
	for (i = 0; i < n; i += step) {
		memcpy(&w, in + 8 * i, 8);
		h = (h ^ w) * 1099511628211u;
	}
	for (i = 8 * n; i < len; i++)
		h = (h ^ in[i]) * 1099511628211u;
	return (uint32_t)(h ^ h >> 32);
}

int
zmemo_find(int level, int pad, const unsigned char *in, size_t len,
    struct zmemo_out *out)
{
	uint32_t	 hash = key(in, len);
	struct zent	*e;

	for (e = slot[hash % ZMEMO_SLOTS]; e != NULL; e = e->next)
		if (e->hash == hash && e->level == level && e->pad == pad &&
		    e->len == len && memcmp(e->in, in, len) == 0) {
			out->z = e->in + len;
			out->zlen = e->zlen;
			out->npad = e->npad;
			hits++;
			return 1;
		}
	return 0;
}

void
zmemo_keep(int level, int pad, const unsigned char *in, size_t len,
    const struct zmemo_out *out)
{
	struct zent	*e;
	size_t		 sz = len + out->zlen;
	uint32_t	 hash;

	if (sz > ZMEMO_KEEP_MAX)
		return;
	if (kept + sz > ZMEMO_MAX)
		zmemo_free();
	hash = key(in, len);
	e = xmalloc(sizeof(*e));
	e->in = xmalloc(sz > 0 ? sz : 1);
	memcpy(e->in, in, len);
	memcpy(e->in + len, out->z, out->zlen);
	e->hash = hash;
	e->level = level;
	e->pad = pad;
	e->len = len;
	e->zlen = out->zlen;
	e->npad = out->npad;
	e->next = slot[hash % ZMEMO_SLOTS];
	slot[hash % ZMEMO_SLOTS] = e;
	kept += sz;
}

unsigned long
zmemo_hits(void)
{
	return hits;
}

void
zmemo_free(void)
{
	struct zent	*e, *next;
	size_t		 i;

	for (i = 0; i < ZMEMO_SLOTS; i++) {
		for (e = slot[i]; e != NULL; e = next) {
			next = e->next;
			free(e->in);
			free(e);
		}
		slot[i] = NULL;
	}
	kept = 0;
}
