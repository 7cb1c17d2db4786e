/*
 * validate.h - semantic checks and computed values on a parsed report:
 * output path, staffing totals, images, the PDF date.
 * Return convention: int 0 = ok, -1 = failed with the diagnostics recorded.
 */
#ifndef BAOCAO_VALIDATE_H
#define BAOCAO_VALIDATE_H

struct arena;
struct diag;
struct report;

/* Check r (as schema.c left it) and fill output and pdf_time. Every
 * error is recorded; -1 when there was any. */
int		 val_report(struct arena *, struct diag *, struct report *);

/* Seconds since the epoch of 00:00 at +07:00 on the given day. */
long long	 val_day_time(int year, int month, int day);

/* SOURCE_DATE_EPOCH: 1 with *v set when it is a number of seconds, 0
 * when it is unset or empty, -1 when it is something else (the clock is
 * then used, with a warning). The one reading of it, for the PDF dates
 * and the up-to-date records alike. */
int		 val_source_date_epoch(long long *v);

/* The PDF name of a report without `output:`: "reports/x.yaml" ->
 * "x.pdf" (malloc'd). The build and the prediction of output names
 * before a batch (stamp.c) both use it, so they cannot disagree. */
char		*val_default_output(const char *yaml);

#endif
