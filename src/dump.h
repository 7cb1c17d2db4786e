/*
 * dump.h - a text dump of laid-out pages, one line per box (page, kind,
 * x, y, w, h with two decimals, face, size, text): diffable, independent
 * of PDF bytes; used by tests and `baocao build --dump`.
 */
#ifndef BAOCAO_DUMP_H
#define BAOCAO_DUMP_H

#include <stdio.h>

struct doc;

void	dump_doc(FILE *, const struct doc *);

#endif
