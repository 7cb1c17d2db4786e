/*
 * floor.c - the unavoidable work of one report, timed (bench/floor.sh).
 *
 *   floor --start                    exit at once (process start)
 *   floor YAML STREAMS LENS PDF OUT  read YAML; deflate the decompressed
 *       streams of PDF (STREAMS, the bytes one after another; LENS, "length
 *       level" a line: each at the zlib level baocao used for it); write
 *       PDF's bytes to OUT and fsync them.
 *
 * The second form prints "read_ms X deflate_ms Y write_ms Z in N out M":
 * the time of each step, measured inside the process, with the inputs
 * that stand for what baocao has in memory (the streams, the PDF) loaded
 * before the clock starts. Process start is the first form, timed from
 * outside (bench/run.py): this program links zlib and libc only, so its
 * exec and dynamic linking are the least any C program pays.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static double
now_ms(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The whole of `path` in a malloc'd buffer, its size in *len; exits on error. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char	*buf = NULL;
	size_t		 cap = 0, n;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	*len = 0;
	do {
		if (*len == cap && (buf = realloc(buf, cap = cap * 2 + 65536)) == NULL)
			exit(2);
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	static unsigned char	 zbuf[1 << 16];
	unsigned char		*yaml, *streams, *pdf, *p;
	size_t			 ylen, slen, plen, len, zin = 0, zout = 0;
	double			 t0, t1, t2, t3;
	z_stream		 zs[10], *z;
	int			 level;
	FILE			*lens;
	int			 fd, rc;

	if (argc == 2 && strcmp(argv[1], "--start") == 0)
		return 0;
	if (argc != 6) {
		fputs("usage: floor --start | floor YAML STREAMS LENS PDF OUT\n", stderr);
		return 2;
	}
	streams = slurp(argv[2], &slen);
	pdf = slurp(argv[4], &plen);
	if ((lens = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		return 2;
	}
	memset(zs, 0, sizeof(zs));
	t0 = now_ms();
	yaml = slurp(argv[1], &ylen);
	t1 = now_ms();
	for (p = streams; fscanf(lens, "%zu %d", &len, &level) == 2 && level >= 1 &&
	    level <= 9 && p + len <= streams + slen; p += len) {
		/* A deflate state for each level used, made once and reset for
		 * each stream, as baocao's pages do. */
		z = &zs[level];
		if (z->state == NULL ? deflateInit(z, level) : deflateReset(z))
			return 2;
		z->next_in = p;
		z->avail_in = (uInt)len;
		do {
			z->next_out = zbuf;
			z->avail_out = sizeof(zbuf);
			rc = deflate(z, Z_FINISH);
			zout += sizeof(zbuf) - z->avail_out;
		} while (rc == Z_OK);
		if (rc != Z_STREAM_END)
			return 2;
		zin += len;
	}
	t2 = now_ms();
	if (zin != slen) {
		fprintf(stderr, "floor: %s does not add up to %s\n", argv[3], argv[2]);
		return 2;
	}
	if ((fd = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
	    write(fd, pdf, plen) != (ssize_t)plen || fsync(fd) != 0 || close(fd) != 0) {
		perror(argv[5]);
		return 2;
	}
	t3 = now_ms();
	printf("read_ms %.3f deflate_ms %.3f write_ms %.3f in %zu out %zu yaml %zu\n",
	    t1 - t0, t2 - t1, t3 - t2, zin, zout, ylen);
	for (level = 1; level <= 9; level++)
		if (zs[level].state != NULL)
			deflateEnd(&zs[level]);
	fclose(lens);
	free(yaml);
	free(streams);
	free(pdf);
	return 0;
}
