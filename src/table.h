/*
 * table.h - tables as slices (see layout_int.h): column widths from relative
 * widths or measured content, ruled cells, header rows repeated on every
 * page the table continues on, rows never split unless taller than a page.
 * Return convention: 0 = ok, -1 = failed with a diagnostic recorded.
 */
#ifndef BAOCAO_TABLE_H
#define BAOCAO_TABLE_H

struct lay;
struct table;

int	tbl_layout(struct lay *, const struct table *);

#endif
