/*
 * batch.h - runs the pipeline over a list of reports: expands folders,
 * sorts, shards, builds each report in its own worker process (so a crash
 * in one cannot take down the batch), writes PDFs atomically and prints
 * one line per report and a summary.
 */
#ifndef BAOCAO_BATCH_H
#define BAOCAO_BATCH_H

#define BAOCAO_VERSION	"0.1.0"

enum batch_mode {
	BATCH_BUILD,
	BATCH_CHECK,
	BATCH_FONTS,
	BATCH_DUMP
};

enum batch_progress {
	PROGRESS_AUTO,
	PROGRESS_ALWAYS,
	PROGRESS_NEVER
};

struct batch_opts {
	enum batch_mode	 mode;
	const char	*out_dir;
	const char	*font_dir;	/* searched before fontconfig */
	int		 jobs;
	int		 force;
	int		 quiet;
	int		 no_wait;
	int		 first_fit;
	int		 strict;	/* warnings count as errors */
	int		 shard_k, shard_n;
	enum batch_progress progress;
};

/* The outcome counts of a batch. */
struct batch_tally {
	int	 built, uptodate, failed, checked;
};

/* Build (or check) every report under `paths`. Returns the exit status:
 * 0 all good, 1 some report failed, 2 the batch could not start. */
int	batch_run(const struct batch_opts *, char **paths, int npaths);

#endif
