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

#endif
