/*
 * ttf.h - a TrueType font file checked, in memory, before libharu 2.3.0
 * parses it: that parser trusts its input (ttf.c says what is checked).
 */
#ifndef BAOCAO_TTF_H
#define BAOCAO_TTF_H

#include <stddef.h>

/* 0 if libharu may parse the font in data[0..len) (face `index` of a
 * collection if `ttc`); else -1 with the reason in why ("its 'hhea'
 * table is cut short", completing "... is not a usable TrueType font: "). */
int	ttf_check(const unsigned char *data, size_t len, int ttc,
	    unsigned index, char *why, size_t whysz);

/* 1 if the file's 32-bit big-endian sum is 0xB1B0AFBA, as the head
 * table's checkSumAdjustment makes it: a font file as it was written. */
int	ttf_sum_ok(const unsigned char *data, size_t len);

#endif
