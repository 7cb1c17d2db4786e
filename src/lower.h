/*
 * lower.h - awards, staffing and staffing_history blocks become generic
 * tables (+ charts and sub-captions), so layout sees only heading,
 * paragraph, list, quote, image, table, chart, caption, page_break, toc.
 * Return convention: int 0 = ok, -1 = failed with the diagnostics recorded.
 */
#ifndef BAOCAO_LOWER_H
#define BAOCAO_LOWER_H

struct arena;
struct diag;
struct report;

/* Replace r->blocks by the lowered list; award ranks and kinds filled. */
int	low_report(struct arena *, struct diag *, struct report *);

#endif
