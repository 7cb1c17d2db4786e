/*
 * fake_font.c - a deterministic stand-in for font.c in unit tests: fixed
 * advances (space 250, letters 500, bold 550, fallback 600, CJK 1000 in
 * 1/1000 em), every character present except CJK, and U+2605 (black star)
 * only in the one fallback face (FACE__MAX). Implements font.h; never
 * linked into baocao.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "font.h"
#include "text.h"

struct fontset {
	int	 nfaces;
};

static int
is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 &&
	    cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F && cp != 0x3000);
}

struct fontset *
font_open(const struct report *r, const char *fontdir, struct diag *d)
{
	struct fontset	*fs;

	(void)r;
	(void)fontdir;
	(void)d;
	fs = xcalloc(1, sizeof(*fs));
	fs->nfaces = FACE__MAX + 1;
	return fs;
}

void
font_close(struct fontset *fs)
{
	free(fs);
}

int
font_nfaces(const struct fontset *fs)
{
	return fs->nfaces;
}

const char *
font_file(const struct fontset *fs, int face)
{
	(void)fs;
	return face < FACE__MAX ? "fake-serif.ttf" : "fake-symbols.ttf";
}

const char *
font_family(const struct fontset *fs, int face)
{
	(void)fs;
	return face < FACE__MAX ? "Fake Serif" : "Fake Symbols";
}

int
font_has(const struct fontset *fs, int face, uint32_t cp)
{
	(void)fs;
	if (is_cjk(cp))
		return 0;
	if (face >= FACE__MAX)
		return cp == 0x2605 || cp == ' ';
	return cp != 0x2605;
}

int
font_advance(const struct fontset *fs, int face, uint32_t cp)
{
	(void)fs;
	if (cp == ' ' || cp == 0xA0)
		return 250;
	if (is_cjk(cp))
		return 1000;
	if (face >= FACE__MAX)
		return 600;
	return (face & FACE_BOLD) ? 550 : 500;
}

double
font_width(const struct fontset *fs, int face, const char *s, size_t len,
    double size)
{
	size_t	 i = 0;
	long	 w = 0;

	while (i < len)
		w += font_advance(fs, face, txt_next(s, len, &i));
	return w * size / 1000;
}

int
font_face_for(const struct fontset *fs, int face, uint32_t cp)
{
	if (font_has(fs, face, cp))
		return face;
	if (font_has(fs, FACE__MAX, cp))
		return FACE__MAX;
	return -1;
}

int
font_ascent(const struct fontset *fs, int face)
{
	(void)fs;
	(void)face;
	return 891;
}

int
font_descent(const struct fontset *fs, int face)
{
	(void)fs;
	(void)face;
	return -216;
}

int
font_line_height(const struct fontset *fs, int face)
{
	(void)fs;
	(void)face;
	return 1150;
}

double
font_run_width(const struct fontset *fs, int face, const char *s, size_t len)
{
	return font_width(fs, face, s, len, 1000);
}

double
font_space(const struct fontset *fs, int face, uint32_t a, uint32_t b)
{
	(void)a;
	(void)b;
	return font_advance(fs, face, ' ');
}
