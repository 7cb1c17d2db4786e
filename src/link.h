/*
 * link.h - web addresses and e-mail addresses written in a text, found
 * for the PDF's link annotations (spec §5 "Print"). The rules are the
 * manual's (baocao-report(5), "Links"); link.c says how they are read.
 */
#ifndef BAOCAO_LINK_H
#define BAOCAO_LINK_H

#include <stddef.h>

struct arena;

struct link {
	size_t		 start, end;	/* bytes of the text: what is drawn */
	const char	*uri;		/* 7-bit ASCII, NUL-terminated */
};

/* The links written in s[0..len), in text order and not overlapping,
 * in an arena array (*out); returns how many. A text without ':', '@',
 * 'w' or 'W' costs four memchr calls; nothing is allocated when there
 * is no link (*out is then left alone). */
int	link_find(struct arena *, const char *s, size_t len,
	    struct link **out);

#endif
