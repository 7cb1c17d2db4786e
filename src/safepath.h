/*
 * safepath.h - a report's output stays inside the out dir, also through
 * symbolic links that already exist there (docs/paths.md). The written
 * rules ("..", absolute paths) are checked by validate.c at load time;
 * this is the check against the file system, made where the PDF is
 * written.
 */
#ifndef BAOCAO_SAFEPATH_H
#define BAOCAO_SAFEPATH_H

#include <stddef.h>

struct diag;
struct report;

/* 0 when dir/rel, the folders of rel resolved as they exist now, stays
 * inside dir; else -1 with the reason written into why. The last
 * component is not followed (the PDF is renamed over it). */
int	path_inside(const char *dir, const char *rel, char *why, size_t n);

/* path_inside for the report's output, diagnosed at `output:` (or the
 * report file when output is the default). 0 = ok, -1 = diagnosed. */
int	path_check_output(struct diag *, const char *out_dir,
	    const struct report *);

#endif
