/*
 * t_arena.c - the report arena (arena.c): blocks zeroed and disjoint
 * across chunk sizes, the large chunks mapped on transparent huge pages
 * (2 MiB-aligned, THP-eligible in /proc/self/smaps where the kernel has
 * THP), realloc in place, reset and free; and the process's malloc
 * (arena_tune_malloc): its heap marked for huge pages, for every thread,
 * and a forked worker's blocks kept off its parent's pages.
 */
#include <sys/wait.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"

#define MIB	((size_t)1 << 20)

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Blocks of growing sizes through chunks of 64 KiB to 4 MiB: each comes
 * zeroed, and none overlaps another (each keeps its own fill). */
static void
t_blocks(void)
{
	struct arena	*a = arena_new();
	unsigned char	*p[500];
	size_t		 n[500], total = 0;
	int		 i, zero = 1, kept = 1;

	for (i = 0; i < 500; i++) {
		n[i] = 1000 + (size_t)i * 97;
		p[i] = arena_alloc(a, n[i]);
		zero &= all_zero(p[i], n[i]);
		memset(p[i], i % 251 + 1, n[i]);
		total += n[i];
	}
	for (i = 0; i < 500; i++)
		kept &= p[i][0] == i % 251 + 1 && p[i][n[i] - 1] == i % 251 + 1;
	CHECK(total > 8 * MIB, "the blocks pass 8 MiB (%zu)", total);
	CHECK(zero, "every block comes zeroed");
	CHECK(kept, "no block overlaps another");
	arena_free(a);
}

/* The mapping of /proc/self/smaps holding p: its THPeligible value, or
 * -1 when not found. */
static int
thp_eligible(const void *p)
{
	FILE		*f = fopen("/proc/self/smaps", "r");
	char		 line[256];
	unsigned long	 lo, hi;
	int		 in = 0, v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' '))
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (in && sscanf(line, "THPeligible: %d", &v) == 1)
			break;
	}
	fclose(f);
	return v;
}

static int
thp_on(void)
{
	FILE	*f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char	 s[128] = "";

	if (f == NULL)
		return 0;
	if (fgets(s, sizeof(s), f) == NULL)
		s[0] = '\0';
	fclose(f);
	return strstr(s, "[never]") == NULL && s[0] != '\0';
}

/* A request of 3 MiB gets a chunk of its own: mapped at a 2 MiB
 * boundary (the block right after the chunk's header), eligible for
 * huge pages, zeroed and writable to its end. */
static void
t_large(void)
{
	struct arena	*a = arena_new();
	unsigned char	*p = arena_alloc(a, 3 * MIB);
	size_t		 off = (uintptr_t)p & (2 * MIB - 1);

	CHECK(all_zero(p, 3 * MIB), "a 3 MiB block comes zeroed");
	memset(p, 0xAB, 3 * MIB);
	CHECK(p[3 * MIB - 1] == 0xAB, "and is writable to its end");
	CHECK(off > 0 && off <= 64, "its chunk starts at a 2 MiB boundary "
	    "(block at %zu past it)", off);
	if (thp_on())
		CHECK(thp_eligible(p) == 1, "its mapping is eligible for "
		    "transparent huge pages (smaps THPeligible %d)",
		    thp_eligible(p));
	arena_free(a);
}

/* The last block of a large chunk grows in place and its new bytes are
 * zero; reset keeps the largest chunk, and what comes after is zeroed
 * again. */
static void
t_realloc_reset(void)
{
	struct arena	*a = arena_new();
	unsigned char	*p = arena_alloc(a, 3 * MIB), *q;

	memset(p, 7, 3 * MIB);
	q = arena_realloc(a, p, 3 * MIB, 3 * MIB + 4096);
	CHECK(q == p, "the last block grows where it stands");
	CHECK(q[3 * MIB - 1] == 7 && all_zero(q + 3 * MIB, 4096),
	    "its old bytes kept, the new ones zero");
	arena_reset(a);
	p = arena_alloc(a, 2 * MIB);
	CHECK(all_zero(p, 2 * MIB), "after a reset, blocks come zeroed");
	CHECK(p == q, "the reset kept the large chunk for what came next");
	arena_free(a);
}

static void *
thread_block(void *arg)
{
	(void)arg;
	return malloc(3 * MIB);
}

/* After arena_tune_malloc, a block of 3 MiB malloc'd by the main thread
 * and one malloc'd by another thread both end in memory eligible for
 * transparent huge pages: the heap's first HEAP_AHEAD bytes are marked
 * from the first 2 MiB boundary on, and the thread allocates from that
 * heap, not from an arena of its own mapped elsewhere. Under ASan malloc
 * is not glibc's: nothing is marked, and arena_tune_malloc says so. */
static void
t_tune_malloc(int marked)
{
	pthread_t	 t;
	char		*mine, *theirs = NULL;

#if defined(__SANITIZE_ADDRESS__)
	CHECK(marked == 0, "under ASan the heap is left alone");
	return;
#endif
	if (!thp_on())
		return;
	CHECK(marked == 1, "the heap is marked for huge pages");
	mine = malloc(3 * MIB);
	CHECK(mine != NULL && thp_eligible(mine + 3 * MIB - 1) == 1, "a "
	    "3 MiB block of the main thread ends THP-eligible (smaps "
	    "THPeligible %d)", thp_eligible(mine + 3 * MIB - 1));
	if (pthread_create(&t, NULL, thread_block, NULL) == 0)
		pthread_join(t, (void **)&theirs);
	CHECK(theirs != NULL && thp_eligible(theirs + 3 * MIB - 1) == 1,
	    "so does one of another thread (THPeligible %d)",
	    theirs ? thp_eligible(theirs + 3 * MIB - 1) : -2);
	free(mine);
	free(theirs);
}

/* A forked child that calls arena_fresh_heap gets its next block at a
 * 2 MiB boundary above everything its parent allocated (the chunk
 * header 16 bytes before it, the block 32): in a huge page the parent
 * never touched, not on the parent's pages. Without the call the block
 * would follow the parent's last one. */
static void
t_fresh_heap(int marked)
{
	char		*mine;
	pid_t		 pid;
	int		 st = -1;

	if (!marked)
		return;
	mine = malloc(100000);
	memset(mine, 1, 100000);
	if ((pid = fork()) == 0) {
		char		*p;
		uintptr_t	 off;

		arena_fresh_heap();
		p = malloc(MIB);
		off = ((uintptr_t)p + 64) & (2 * MIB - 1);
		_exit(p > mine + 100000 && off <= 64 ? 0 : 1);
	}
	if (pid > 0)
		waitpid(pid, &st, 0);
	CHECK(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked "
	    "worker's first block after arena_fresh_heap starts a 2 MiB "
	    "region of its own (status %d)", st);
	free(mine);
}

int
main(void)
{
	int	 marked = arena_tune_malloc();	/* first, as baocao's main */

	t_fresh_heap(marked);
	t_tune_malloc(marked);
	t_blocks();
	t_large();
	t_realloc_reset();
	printf("t_arena: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
