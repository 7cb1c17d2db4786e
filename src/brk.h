/*
 * brk.h - line-break opportunities of a UTF-8 text: ICU's line break
 * iterator for the report's locale, then the Vietnamese fixes (document
 * numbers never split, no line starting with a spaced dash, no break
 * before closing or after opening punctuation, '\n' forced).
 * Return convention: 0 = ok, -1 = failed (diagnosed when a diag is given).
 */
#ifndef BAOCAO_BRK_H
#define BAOCAO_BRK_H

#include <stddef.h>
#include <stdint.h>

struct diag;

enum brk_kind {
	BRK_NONE,		/* no line may start here */
	BRK_ALLOW,		/* a line may start here */
	BRK_FORCED		/* a line must start here (after '\n') */
};

/* Fill kinds[0..len] (len + 1 bytes, enum brk_kind values): kinds[i] says
 * whether a line may start at byte i of s. Offsets inside a UTF-8
 * sequence are always BRK_NONE, as are 0 and len. `lang` is an ICU
 * locale ("vi"; NULL means "vi"). d may be NULL. */
int	brk_find(struct diag *d, const char *lang, const char *s, size_t len,
	    unsigned char *kinds);

/* 1 if cp is a space between words (ASCII space and tab, the no-break
 * and fixed-width spaces, the ideographic space; not '\n'): brk_find
 * allows a break after an ASCII space that is not followed by one, and
 * para.c turns every run of them into the glue between two words. */
static inline int
brk_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
}

/* Release the line break iterator kept between calls (at exit, so that
 * leak checkers see nothing held). */
void	brk_cleanup(void);

#endif
