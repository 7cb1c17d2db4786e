/*
 * diag.c - compiler-style diagnostics for one report.
 *
 * Every message is formatted into one buffer and written with a single
 * fwrite, so lines from parallel workers sharing stderr never interleave
 * within a line. The counts decide the report's outcome: any error means
 * no PDF.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

void
diag_init(struct diag *d, FILE *out, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->file = file;
}

static void
diag_emit(struct diag *d, const struct mark *m, const char *level,
    const char *fmt, va_list ap)
{
	struct sbuf	 b = { 0 };
	char		 msg[1024], *line;
	const char	*file;

	file = (m != NULL && m->file != NULL) ? m->file : d->file;
	if (file == NULL)
		file = "baocao";
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (m != NULL && m->line > 0)
		sbuf_printf(&b, "%s:%d:%d: %s: %s", file, m->line,
		    m->col > 0 ? m->col : 1, level, msg);
	else
		sbuf_printf(&b, "%s: %s: %s", file, level, msg);
	line = diag_shown(b.s != NULL ? b.s : "");
	if (d->out != NULL) {
		fprintf(d->out, "%s\n", line);
		fflush(d->out);
	}
	free(line);
	sbuf_free(&b);
}

char *
diag_shown(const char *s)
{
	struct sbuf	 b = { 0 };
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			sbuf_printf(&b, "\\%03o", *p);
		else
			sbuf_add(&b, (const char *)p, 1);
	sbuf_add(&b, "", 1);
	return b.s;
}

void
diag_error(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	d->nerr++;
	va_start(ap, fmt);
	diag_emit(d, &m, "error", fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	d->nwarn++;
	if (d->quiet_warnings)
		return;
	va_start(ap, fmt);
	diag_emit(d, &m, "warning", fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_emit(d, &m, "note", fmt, ap);
	va_end(ap);
}

void
diag_fail(struct diag *d, const char *fmt, ...)
{
	va_list	 ap;

	d->nerr++;
	va_start(ap, fmt);
	diag_emit(d, NULL, "error", fmt, ap);
	va_end(ap);
}

/* Levenshtein distance, bounded to short words (keys and enum values). */
static int
edit_distance(const char *a, const char *b)
{
	int	 row[64], i, j, la, lb, prev, tmp;

	la = (int)strlen(a);
	lb = (int)strlen(b);
	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *
diag_closest(const char *word, const char *const *cands, int n)
{
	const char	*best = NULL;
	int		 i, d, bestd = 99, limit;

	limit = (int)strlen(word) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		d = edit_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
