/*
 * para_cache.c - the report's measuring cache (para.h, para_int.h): the
 * character table (face and advance of each style face and code point
 * met), the memo of break opportunities of short texts, and the scratch
 * arrays of one call, kept at their largest size. Results of para.c never
 * depend on what the cache holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "para.h"
#include "para_int.h"

struct para_cache *
para_cache_new(struct fontset *fs)
{
	struct para_cache	*k = xcalloc(1, sizeof(*k));

	k->fs = fs;
	k->mbits = MC_BITS0;
	k->mc = xcalloc((size_t)1 << k->mbits, sizeof(*k->mc));
	k->nb = 256;
	k->bt = xcalloc(k->nb, sizeof(*k->bt));
	return k;
}

void
para_cache_free(struct para_cache *k)
{
	struct bmemo	*m, *next;
	size_t		 i;

	if (k == NULL)
		return;
	for (i = 0; i < k->nb; i++)
		for (m = k->bt[i]; m != NULL; m = next) {
			next = m->next;
			free(m);
		}
	free(k->bt);
	free(k->mc);
	free(k->txt);
	free(k->kinds);
	free(k->pc);
	free(k->w);
	free(k->W);
	free(k->Y);
	free(k->Z);
	free(k->n);
	free(k->act);
	free(k);
}

/* Double the character table (kept at most half full). */
void
para_mc_grow(struct para_cache *k)
{
	struct mentry	*old = k->mc;
	size_t		 i, n = (size_t)1 << k->mbits;

	k->mbits++;
	k->mc = xcalloc((size_t)1 << k->mbits, sizeof(*k->mc));
	for (i = 0; i < n; i++)
		if (old[i].key != 0)
			*mc_probe(k, old[i].key) = old[i];
	free(old);
}

const unsigned char *
para_bm_find(const struct para_cache *k, uint32_t h, const char *lang,
    const char *s, size_t len)
{
	const struct bmemo	*m;

	for (m = k->bt[h & (k->nb - 1)]; m != NULL; m = m->next)
		if (m->hash == h && m->len == len &&
		    memcmp(m->data, s, len) == 0 && strcmp(m->lang, lang) == 0)
			return m->kinds;
	return NULL;
}

void
para_bm_add(struct para_cache *k, uint32_t h, const char *lang, const char *s,
    size_t len, const unsigned char *kinds)
{
	struct bmemo	*m, *next, **nbt;
	size_t		 ll = strlen(lang), sz, i, nn;

	sz = sizeof(*m) + len + (len + 1) + ll + 1;
	if (k->bbytes + sz > BM_BYTES)
		return;
	if (k->nbm >= k->nb) {
		nn = 2 * k->nb;
		nbt = xcalloc(nn, sizeof(*nbt));
		for (i = 0; i < k->nb; i++)
			for (m = k->bt[i]; m != NULL; m = next) {
				next = m->next;
				m->next = nbt[m->hash & (nn - 1)];
				nbt[m->hash & (nn - 1)] = m;
			}
		free(k->bt);
		k->bt = nbt;
		k->nb = nn;
	}
	m = xmalloc(sz);
	m->hash = h;
	m->len = len;
	memcpy(m->data, s, len);
	m->kinds = (unsigned char *)m->data + len;
	memcpy(m->kinds, kinds, len + 1);
	m->lang = m->data + len + len + 1;
	memcpy(m->lang, lang, ll + 1);
	m->next = k->bt[h & (k->nb - 1)];
	k->bt[h & (k->nb - 1)] = m;
	k->nbm++;
	k->bbytes += sz;
}

/* Scratch arrays for a text of len bytes. */
void
para_scratch_reserve(struct para_cache *k, size_t len)
{
	size_t	 need = len + 2;

	if (need <= k->cap)
		return;
	if (need < 2 * k->cap)
		need = 2 * k->cap;
	if (need < 256)
		need = 256;
	free(k->txt);
	free(k->kinds);
	free(k->pc);
	free(k->w);
	k->txt = xmalloc(need);
	k->kinds = xmalloc(need);
	k->pc = xmalloc(need * sizeof(*k->pc));
	k->w = xmalloc(need * sizeof(*k->w));
	k->cap = need;
}
