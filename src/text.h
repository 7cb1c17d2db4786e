/*
 * text.h - UTF-8 handling, NFC normalisation and case mapping (ICU),
 * inline markup and the Vietnamese way of writing numbers and dates.
 * Return convention: int 0 = ok, -1 = failed with a diagnostic recorded.
 */
#ifndef BAOCAO_TEXT_H
#define BAOCAO_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct arena;
struct diag;

/* Decode one code point at s[*i] (advancing *i); returns 0xFFFD and
 * advances one byte on a malformed sequence. */
uint32_t	 txt_next(const char *s, size_t len, size_t *i);
/* Append the UTF-8 form of cp to buf (4 bytes room); returns the length. */
int		 txt_encode(uint32_t cp, char *buf);
/* Offset of the first malformed byte, or (size_t)-1 when s is valid. */
size_t		 txt_invalid_utf8(const char *s, size_t len);
/* Number of code points. */
size_t		 txt_count(const char *s, size_t len);

/* NFC copy of s, in the arena (NUL-terminated). NULL with a diagnostic
 * only if ICU fails. */
char		*txt_nfc(struct arena *, struct diag *, struct mark,
		    const char *s, size_t len);

/* Parse **bold**, *italic* (nested once) and \* into spans; the text must
 * already be NFC. An unclosed marker is an error at `m`. */
int		 txt_inline(struct arena *, struct diag *, struct mark m,
		    const char *s, struct inl *out);
/* One plain span holding s (no markup parsing). */
void		 txt_plain(struct arena *, const char *s, struct mark m,
		    struct inl *out);

/* "15.000", "1.234.567", "-5", "980" (grouping from 1.000 up). */
char		*txt_int_vi(struct arena *, long);
/* "98,5" (as written: up to 6 decimals, trailing zeros dropped). */
char		*txt_dec_vi(struct arena *, double);
/* Close the number formatters kept for the process (build_cleanup). */
void		 txt_cleanup(void);
/* "ngày 05 tháng 01 năm 2025" / "ngày 28 tháng 8 năm 2025". */
char		*txt_date_vi(struct arena *, const struct date *);

/* Lower-case, collapse spaces, unify old/new tone placement (hoà=hòa,
 * thuỷ=thủy): the key awards are matched on. */
char		*txt_fold_key(struct arena *, const char *);
/* Upper case with Vietnamese rules (ICU), in the arena; s itself when ICU
 * fails, which cannot happen for valid UTF-8. */
const char	*txt_upper_vi(struct arena *, const char *s);

#endif
