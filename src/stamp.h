/*
 * stamp.h - what the last build of a report was made from, and where a
 * report will write: the up-to-date sidecar of each report
 * (OUT/.baocao-state/<hash of the YAML's real path>.stamp) and a cheap
 * prediction of a report's output name for the duplicate check.
 */
#ifndef BAOCAO_STAMP_H
#define BAOCAO_STAMP_H

struct report;
struct sbuf;

/* The options that change a PDF; recorded in each stamp. `strict`
 * changes no PDF but whether one may stand: with it, a report whose last
 * build had warnings is not up to date (it is built again, and fails). */
struct stamp_opts {
	const char	*out_dir;
	const char	*font_dir;
	int		 first_fit;
	int		 strict;
};

/* Where the stamp of report `yaml` lives (heap; NULL if the YAML cannot
 * be resolved). */
char	*stamp_path(const char *out_dir, const char *yaml);

/* Append the fingerprint line of one input file to `b` (nothing when the
 * file cannot be stat'd: the stamp then never matches). */
void	 stamp_file(struct sbuf *b, const char *path);

/* The complete stamp text of a report just written to `pdf` whose input
 * fingerprints are `files` (stamp_file lines), built with `nwarn`
 * warnings. */
void	 stamp_text(struct sbuf *out, const struct stamp_opts *,
	    const struct report *, const char *pdf, const struct sbuf *files,
	    int nwarn);

/* 1 when the report's PDF is up to date; then *output (heap) is its
 * output name as recorded, normalised. 0 otherwise. Reads only the stamp
 * and stats (and, for files changed close to the build, hashes) the
 * recorded inputs: no YAML is parsed and no font is loaded. */
int	 stamp_check(const struct stamp_opts *, const char *yaml,
	    char **output);

/* The output name report `yaml` will ask for (top-level `output:`, else
 * its file name with .pdf), normalised ("./a//b.pdf" -> "a/b.pdf"), NFC;
 * heap. Only the top level of the YAML is looked at (libyaml events, no
 * extends, no alias expansion). NULL when the file cannot be parsed or
 * `output:` is not a plain scalar (the build will then diagnose it). */
char	*stamp_output(const char *yaml);

/* stamp_output without parsing, when the file's bytes show it cannot
 * name its output (no "output" in them, no backslash escape, no NUL
 * byte: UTF-8 or ASCII): then its file name with .pdf, and *sure = 0,
 * since the file may still not parse (where stamp_output gives NULL).
 * Otherwise stamp_output's answer and *sure = 1. */
char	*stamp_output_guess(const char *yaml, int *sure);
/* The output name the stamp of report `yaml` records (that of its last
 * build), whether or not it is up to date; heap, NULL without a stamp.
 * For the failure line of a report whose YAML cannot be read. */
char	*stamp_last_output(const char *out_dir, const char *yaml);
/* The input files the stamp of report `yaml` records - those of its
 * last good build: the YAML, its extends and CSV files, images and font
 * files, as real paths, not the PDF - as a heap array of *n heap
 * strings; NULL (*n 0) without a stamp. For `watch`. */
char	**stamp_last_inputs(const char *out_dir, const char *yaml, int *n);
/* Normalise an output name the same way; heap. */
char	*stamp_norm(const char *output);

#endif
