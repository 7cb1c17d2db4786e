/*
 * arena.h - one bump allocator per report; everything a report needs
 * (model, layout boxes, strings) lives here and goes in one arena_free().
 * Out of memory ends the process (xmalloc); bad input never does.
 */
#ifndef BAOCAO_ARENA_H
#define BAOCAO_ARENA_H

#include <stddef.h>
#include <string.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* Drop everything allocated, keeping the largest chunk for what comes
 * next (a scratch arena, emptied between uses). */
void		 arena_reset(struct arena *);
void		*arena_alloc(struct arena *, size_t);	/* zeroed, aligned */
void		*arena_realloc(struct arena *, void *, size_t old, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Grow an arena array of elements of size `sz` so that index n fits. */
void		*arena_grow(struct arena *, void *, int *cap, int n, size_t sz);

/* Tunes glibc's malloc for a process that builds reports (once, first
 * thing in main): freed memory kept for reuse, one heap for all threads,
 * its first 24 MiB (arena.c's HEAP_AHEAD) marked for transparent huge
 * pages. Returns 1 when that range was marked, 0 when malloc is not
 * glibc's brk heap (Valgrind, ASan) or the kernel refused the advice. */
int		 arena_tune_malloc(void);
/* In a forked worker: start the heap's free space at the next 2 MiB
 * boundary, so that the worker's blocks get huge pages of its own
 * rather than writing on the parent's pages (each page a copy). */
void		 arena_fresh_heap(void);

/* Out of memory: the process ends with this status (baocao(1)). */
#define ARENA_EXIT_OOM	3

/* The x* allocators never return NULL: on failure they call xoom, which
 * says "out of memory" (in `what`, a library's name, when not NULL) and
 * exits with ARENA_EXIT_OOM. */
void		 xoom(const char *what) __attribute__((noreturn));
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);

/* Growable byte buffer (heap, owned by the caller). */
struct sbuf {
	char	*s;
	size_t	 len, cap;
};

/* Room for n more bytes and the NUL. */
void		 sbuf_grow(struct sbuf *, size_t n);
/* Append s[0..n), NUL-terminated. Inline: the PDF writer appends a few
 * bytes at a time, millions of times in a long report (bench/RESULTS.md,
 * issue 20). */
static inline void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sbuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}
void		 sbuf_adds(struct sbuf *, const char *);
void		 sbuf_printf(struct sbuf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 sbuf_free(struct sbuf *);

#endif
