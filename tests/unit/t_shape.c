/*
 * t_shape.c - the unit driver of shape.c: `t_shape FONT SIZE` reads
 * lines of UTF-8 text on stdin and prints, for each, its advance in
 * points at SIZE shaped as one run (shp_shape) and as layout composes
 * it, words and the spaces between them measured apart (shp_shape for
 * each word, shp_space between), the number of TJ adjustments the run
 * needs, and 1 if it was shaped (one cmap glyph per code point). tests/unit/t_shape.sh compares them with hb-shape.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shape.h"
#include "text.h"

/* Some /W width (the test compares advances, which do not use it). */
static int
width(void *arg, uint32_t cp)
{
	(void)arg;
	return cp == ' ' ? 250 : 500;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*fp = fopen(path, "rb");
	unsigned char	*d;
	long		 n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) <= 0)
		return NULL;
	rewind(fp);
	d = malloc((size_t)n);
	if (d == NULL || fread(d, 1, (size_t)n, fp) != (size_t)n)
		return NULL;
	fclose(fp);
	*len = (size_t)n;
	return d;
}

/* The last code point of s[0..len). */
static uint32_t
last_cp(const char *s, size_t len)
{
	size_t	 i = 0;
	uint32_t cp = 0;

	while (i < len)
		cp = txt_next(s, len, &i);
	return cp;
}

/* Words measured apart, spaces by their neighbours, in 1/1000 em. */
static double
composed(struct shp_font *f, const char *s, size_t len)
{
	double		 w = 0;
	size_t		 a = 0, b, i;
	uint32_t	 prev = 0;

	while (a < len) {
		for (b = a; b < len && s[b] != ' '; b++)
			;
		if (b > a) {
			w += shp_shape(f, s + a, b - a)->w;
			prev = last_cp(s + a, b - a);
		}
		if (b < len) {
			i = b + 1;
			w += shp_space(f, prev, i < len && s[i] != ' ' ?
			    txt_next(s, len, &i) : 0);
			prev = 0;
		}
		a = b + 1;
	}
	return w;
}

int
main(int argc, char **argv)
{
	unsigned char		*data;
	size_t			 len;
	struct shp_font		*f;
	const struct shp_run	*r;
	char			 line[1024];
	double			 size;

	if (argc != 3 || (data = slurp(argv[1], &len)) == NULL) {
		fprintf(stderr, "usage: t_shape FONT SIZE < lines\n");
		return 2;
	}
	size = atof(argv[2]);
	if ((f = shp_font_new(data, len, 0, width, NULL)) == NULL) {
		fprintf(stderr, "t_shape: HarfBuzz cannot read %s\n", argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		len = strcspn(line, "\n");
		r = shp_shape(f, line, len);
		printf("%.5f %.5f %d %d\n", r->w * size / 1000,
		    composed(f, line, len) * size / 1000, r->nadj, !r->plain);
	}
	shp_font_free(f);
	free(data);
	return 0;
}
