/*
 * csv.h - a CSV file saved from a spreadsheet (§2 v2 "Data from
 * spreadsheets") read with libcsv into the node tree a YAML list would
 * give (yload.h), so that the schema reads its cells by the very rules
 * of YAML cells: `rows` of a table, `units` of staffing, `items` of
 * awards. Every cell carries its own mark (file.csv, line, column).
 * Return convention: NULL = failed with the diagnostics recorded.
 */
#ifndef BAOCAO_CSV_H
#define BAOCAO_CSV_H

#include "model.h"

struct arena;
struct diag;
struct ynode;

#define CV_MAX_FILE	(16L * 1024 * 1024)
#define CV_MAX_ROWS	10000

enum cv_kind {
	CV_ROWS,	/* a list of rows, each a list of cells */
	CV_UNITS,	/* a list of mappings: name, civil_servants ... */
	CV_ITEMS	/* a list of mappings: award, year, by ... */
};

struct cv_want {
	enum cv_kind	 kind;
	const char	*what;		/* "rows", "units", "items" */
	/* CV_ROWS: the table's column titles, in order */
	const char *const *titles;
	int		 ntitles;
};

/* Read the CSV file `path` (as named, relative paths already resolved),
 * written at `from` (the value of csv:). The file's bytes go to *src
 * (src->file NULL when it could not be read), for diagnostics placed
 * inside a cell. Returns the list; NULL with every error of the file
 * recorded when it cannot be read or its header is wrong. *bad = 1
 * when rows were wrong (diagnosed) and are left out of the list, which
 * is still returned so that the errors in the other rows' cells are
 * listed too. */
struct ynode	*cv_load(struct arena *, struct diag *, const char *path,
		    struct mark from, const struct cv_want *,
		    struct source *src, int *bad);

#endif
