/*
 * worker.h - one forked worker process per report, at most `jobs` at a
 * time; their diagnostics and result lines come back through a pipe and
 * are printed by the parent, between redraws of the progress line.
 */
#ifndef BAOCAO_WORKER_H
#define BAOCAO_WORKER_H

struct batch_opts;
struct batch_tally;

/* The progress line on stderr ("[12/200] 6.1 reports/s, ETA 31 s"). */
struct worker_progress {
	int	 on;
	int	 total;		/* reports of this run (after --shard) */
	int	 done;		/* finished, up to date or failed so far */
	int	 done0;		/* done when the workers started */
	double	 t0;		/* monotonic seconds when they started */
	int	 width;		/* columns of the line last drawn, 0 none */
};

/* Run the reports `paths` in workers; the counts go to `t`. Returns 0,
 * or 128 + the signal number when SIGINT or SIGTERM stopped the batch
 * (the workers are stopped too and leave no temporary file). */
int	worker_run(const struct batch_opts *, char **paths, int n,
	    struct batch_tally *t, struct worker_progress *);

/* Print a whole line to `f` without garbling the progress line; control
 * characters in it are shown as \ooo (diag_shown), and the line gets its
 * newline if it has none. */
void	worker_say(struct worker_progress *, FILE *f, const char *line);

/* Remove the progress line (at the end of a run). */
void	worker_progress_clear(struct worker_progress *);

#endif
