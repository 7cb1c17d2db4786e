/*
 * load.h - from a YAML file to a checked, lowered report: yload (libyaml
 * events -> node tree, extends merge), schema (key tables -> model),
 * validate (semantic checks) and lower (awards, staffing and history
 * become generic tables and charts).
 */
#ifndef BAOCAO_LOAD_H
#define BAOCAO_LOAD_H

struct arena;
struct diag;
struct report;

/* Load the report at `path`. Every error of the report is recorded in
 * the diag (not just the first); NULL when there was any error. After
 * this the model holds no BLK_STAFFING, BLK_HISTORY or BLK_AWARDS. */
struct report	*load_report(struct arena *, struct diag *, const char *path);

#endif
