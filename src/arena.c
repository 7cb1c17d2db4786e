/*
 * arena.c - per-report bump allocator and heap helpers, and the tuning
 * of the process's malloc (arena_tune_malloc).
 *
 * A report allocates everything (model, boxes, strings) from its arena and
 * frees it all at once with arena_free(). Memory comes in chunks that grow
 * geometrically; a request larger than a chunk gets a chunk of its own.
 * arena_realloc grows the last block of the current chunk in place, so
 * an array that grows while nothing else is allocated leaves no copies.
 * Out of memory is the one condition that ends the process: it is never
 * caused by the input alone (inputs are capped by the loader's limits).
 */
#include <stdarg.h>
#include <stdint.h>
#ifdef __GLIBC__	/* defined by the header above */
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"
#include "i18n.h"

#define ARENA_ALIGN	16
#define ARENA_CHUNK	(64 * 1024)

struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	size_t		 mapped;	/* bytes mapped (chunk_alloc), 0:
					   malloc'd */
	/* data follows, aligned */
};

struct arena {
	struct chunk	*head;
	size_t		 next_size;
};

#define CHUNK_HDR	((sizeof(struct chunk) + ARENA_ALIGN - 1) & \
			    ~(size_t)(ARENA_ALIGN - 1))

void
xoom(const char *what)
{
	char	 msg[160];

	/* in the language of messages; one write, as before */
	if (what != NULL)
		snprintf(msg, sizeof(msg), _("out of memory in %s"), what);
	else
		snprintf(msg, sizeof(msg), "%s", _("out of memory"));
	fprintf(stderr, "baocao: %s\n", msg);
	exit(ARENA_EXIT_OOM);
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL) {
		xoom(NULL);
	}
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		xoom(NULL);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void	*q = realloc(p, n ? n : 1);

	if (q == NULL) {
		xoom(NULL);
	}
	return q;
}

char *
xstrdup(const char *s)
{
	size_t	 n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/*
 * A chunk of HUGE_PAGE bytes or more (a long report's: chunks grow to
 * 4 MiB) is mapped on its own, aligned, and marked for transparent huge
 * pages, the whole of it usable. The arena is most of a long report's
 * memory, and the first touch of each 4 KiB page is a page fault: the
 * 1,000-page report took 34,000 of them, a third of its time on a VM
 * (bench/RESULTS.md); a huge page is one fault for 512 pages and spares
 * the TLB as well. Where the kernel gives no huge page (THP "never"),
 * the mapping works as any other.
 */
#define HUGE_PAGE	((size_t)2 << 20)

static struct chunk *
chunk_alloc(size_t bytes)
{
	struct chunk	*c;
#ifdef MADV_HUGEPAGE
	size_t		 len, head;
	char		*p, *at;

	if (bytes >= HUGE_PAGE) {
		len = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			at = (char *)(((uintptr_t)p + HUGE_PAGE - 1) &
			    ~(uintptr_t)(HUGE_PAGE - 1));
			head = (size_t)(at - p);
			if (head > 0)
				munmap(p, head);
			if (HUGE_PAGE - head > 0)
				munmap(at + len, HUGE_PAGE - head);
			/* advice: a kernel without THP maps small pages */
			(void)madvise(at, len, MADV_HUGEPAGE);
			c = (struct chunk *)(void *)at;
			c->mapped = len;
			return c;
		}
	}
#endif
	c = xmalloc(bytes);
	c->mapped = 0;
	return c;
}

/*
 * The process's malloc. glibc gives memory back to the kernel whenever
 * 128 KiB lie free at the top of the heap, and serves each block over
 * 128 KiB with a fresh mmap; the kernel must then fault in and zero those
 * pages again the next time (each of zlib's ~22 deflate states per PDF is
 * 256 KiB). A baocao process is short-lived or builds reports in turn, so
 * freed memory is kept for reuse: ~400 fewer page faults and ~0.8 ms less
 * per 10-page report (bench/RESULTS.md). It is all given back at exit.
 *
 * Each page touched for the first time is still a page fault, and on a
 * virtual machine one costs 10 us or more: a 10-page report touched some
 * 2,700 pages of heap, libraries and stacks, a third of its CPU time
 * (bench/RESULTS.md, issue 20). So the heap is grown here once, by
 * HEAP_AHEAD bytes (address space: a page costs memory only once it is
 * touched), and that range is marked for transparent huge pages, one
 * fault for 2 MiB, as the large chunks above. All threads allocate from
 * this heap (M_ARENA_MAX 1: glibc would otherwise give a thread an arena
 * of its own, mapped elsewhere; baocao's threads allocate little and
 * seldom). Growth past HEAP_AHEAD is in small pages, as before.
 */
#define HEAP_AHEAD	((size_t)24 << 20)

static uintptr_t heap_from, heap_to;	/* the range marked, if any */
static void	*heap_skipped;	/* arena_fresh_heap's block, kept */

static int
heap_in_huge_pages(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	char		*block, *before, *top;
	uintptr_t	 start, from, to;

	before = sbrk(0);
	if (before == (char *)-1 || (block = malloc(HEAP_AHEAD)) == NULL)
		return 0;
	start = (uintptr_t)block;
	free(block);	/* it stays the heap's top: M_TRIM_THRESHOLD */
	top = sbrk(0);
	/* glibc's brk heap grew by the block (a replaced malloc, as
	 * Valgrind's or ASan's, leaves the break where it was) */
	if (top == (char *)-1 || (uintptr_t)top - (uintptr_t)before <
	    HEAP_AHEAD / 2 || start >= (uintptr_t)top ||
	    (uintptr_t)top - start < HEAP_AHEAD)
		return 0;
	to = (uintptr_t)top & ~(uintptr_t)(HUGE_PAGE - 1);
	/* from the first 2 MiB boundary on; the heap below it is in use */
	from = (start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (to <= from || madvise((void *)from, to - from, MADV_HUGEPAGE) != 0)
		return 0;
	heap_from = from;
	heap_to = to;
	return 1;
#else
	return 0;
#endif
}

/*
 * A forked worker shares its parent's heap pages until it writes on
 * them, and then each page is copied: a fault for every 4 KiB page the
 * worker's blocks take there, huge page or not. So the worker's free
 * space starts at the next 2 MiB boundary past the top of the parent's
 * heap: a block (never touched, never freed) takes the space between,
 * and what the worker allocates comes in huge pages of its own. The
 * 10-page report: some 995 page faults -> 670 (bench/RESULTS.md).
 */
void
arena_fresh_heap(void)
{
#ifdef __GLIBC__
	struct mallinfo2 mi;
	uintptr_t	 top, next;
	char		*brk_now;

	if (heap_to == 0 || heap_skipped != NULL)
		return;
	mi = mallinfo2();
	if ((brk_now = sbrk(0)) == (char *)-1 || mi.keepcost == 0 ||
	    mi.keepcost > (size_t)(uintptr_t)brk_now)
		return;
	top = (uintptr_t)brk_now - mi.keepcost;	/* the top chunk's start */
	next = (top + HUGE_PAGE) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (next - top < 4096)	/* room for the block's headers */
		next += HUGE_PAGE;
	if (next >= heap_from && next + HUGE_PAGE <= heap_to)
		heap_skipped = malloc(next - top - 64);
#endif
}

int
arena_tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	mallopt(M_ARENA_MAX, 1);
#endif
	return heap_in_huge_pages();
}

static void
chunk_release(struct chunk *c)
{
	if (c->mapped != 0)
		munmap(c, c->mapped);
	else
		free(c);
}

struct arena *
arena_new(void)
{
	struct arena	*a = xcalloc(1, sizeof(*a));

	a->next_size = ARENA_CHUNK;
	return a;
}

void
arena_free(struct arena *a)
{
	struct chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		chunk_release(c);
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct chunk	*c, *next, *keep = NULL;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (keep == NULL || c->size > keep->size) {
			if (keep != NULL)
				chunk_release(keep);
			keep = c;
		} else
			chunk_release(c);
	}
	if (keep != NULL) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}

static struct chunk *
chunk_new(struct arena *a, size_t need)
{
	size_t		 size = a->next_size;
	struct chunk	*c;

	if (size < need)
		size = need;
	else if (a->next_size < 4 * 1024 * 1024)
		a->next_size *= 2;
	c = chunk_alloc(CHUNK_HDR + size);
	c->size = c->mapped != 0 ? c->mapped - CHUNK_HDR : size;
	c->used = 0;
	c->next = a->head;
	a->head = c;
	return c;
}

/* n bytes (rounded up to the alignment, *n updated), not cleared. */
static void *
bump(struct arena *a, size_t *n)
{
	struct chunk	*c = a->head;
	void		*p;

	*n = (*n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (*n == 0)
		*n = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < *n)
		c = chunk_new(a, *n);
	p = (char *)c + CHUNK_HDR + c->used;
	c->used += *n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	void	*p = bump(a, &n);

	return memset(p, 0, n);
}

#define ROUND(n)	(((n) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

/* Grow p (old bytes) to n bytes where it stands, when it is the last
 * block of the current chunk and the chunk has room: 1 if done. */
static int
extend(struct arena *a, void *p, size_t old, size_t n)
{
	struct chunk	*c = a->head;
	char		*data;

	if (c == NULL || p == NULL || old == 0)
		return 0;
	data = (char *)c + CHUNK_HDR;
	if ((char *)p + ROUND(old) != data + c->used ||
	    (char *)p < data || ROUND(n) - ROUND(old) > c->size - c->used)
		return 0;
	c->used += ROUND(n) - ROUND(old);
	memset((char *)p + old, 0, ROUND(n) - old);
	return 1;
}

void *
arena_realloc(struct arena *a, void *p, size_t old, size_t n)
{
	void	*q;

	if (n <= old)
		return p;
	if (extend(a, p, old, n))
		return p;
	q = arena_alloc(a, n);
	if (p != NULL && old > 0)
		memcpy(q, p, old);
	return q;
}

void *
arena_grow(struct arena *a, void *p, int *cap, int n, size_t sz)
{
	int	 ncap;

	if (n < *cap)
		return p;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= n)
		ncap *= 2;
	p = arena_realloc(a, p, (size_t)*cap * sz, (size_t)ncap * sz);
	*cap = ncap;
	return p;
}

/* Copied without clearing first: every byte up to the NUL is written. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t	 sz = n + 1;
	char	*p = bump(a, &sz);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
sbuf_grow(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		while (b->cap < b->len + n + 1)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *big;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sbuf_add(b, small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sbuf_add(b, big, (size_t)n);
	free(big);
}

void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
