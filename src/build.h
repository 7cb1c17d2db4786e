/*
 * build.h - the pipeline for one report: load -> fonts -> layout, then
 * the --dump text, the `check` line, the `fonts` listing or the PDF and
 * its up-to-date record, as the batch mode asks. `build`, `check`,
 * `fonts` and `--dump` all go through build_report.
 */
#ifndef BAOCAO_BUILD_H
#define BAOCAO_BUILD_H

struct batch_opts;

/* A result line ("built x.pdf (10 pages, ...)", "checked x.yaml") is
 * written to stderr behind this byte, so that the process running the
 * batch can tell it from a diagnostic and print it to stdout. */
#define BUILD_RESULT_MARK	'\036'

/* Build the report at `path` as o->mode says; diagnostics go to stderr.
 * Returns 0 when it was built (or checked, dumped, listed), 1 when it
 * failed. A failed build leaves an earlier PDF of the same name as it
 * was. */
int	build_report(const struct batch_opts *, const char *path);

/* The line that ends the diagnostics of a report that failed to build
 * or check: "failed reports/x.yaml", and for `build`, when the out dir
 * holds an older PDF of the report's output name (`output`, NULL to
 * predict it from the YAML), " (out/x.pdf is the build of 2025-08-20
 * 10:31, not this version)" - the PDF's modification time, local time.
 * Control characters shown as \ooo; heap, without a newline. */
char	*build_failed_line(const struct batch_opts *, const char *path,
	    const char *output);

/* Release the caches that outlive a report (fontconfig, ICU's line
 * breaker and number formatters): once, before the process exits, so
 * that valgrind finds nothing held. */
void	build_cleanup(void);

/* Monotonic clock in seconds. */
double	build_now(void);

#endif
