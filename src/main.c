/*
 * main.c - the command line: build, check, fonts, init, watch, --help,
 * --version.
 * Parses options with getopt_long and hands the work to batch.c.
 * Exit status: 0 all good, 1 a report failed, 2 usage error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "i18n.h"
#include "init.h"
#include "watch.h"

/* --help, in parts so that each is translated as a whole (a translation
 * may wrap and align its lines differently). */
static void
usage(FILE *f)
{
	fputs(_("Usage: baocao build [OPTION]... [PATH]...\n"
	    "  or:  baocao check [--strict] [PATH]...\n"
	    "  or:  baocao fonts [PATH]...\n"
	    "  or:  baocao init [--kind state|party] [FILE]\n"
	    "  or:  baocao watch [OPTION]... FILE\n"
	    "Turn YAML report definitions into print-ready PDF reports.\n"
	    "PATH is a .yaml/.yml file or a folder of them (default: "
	    "reports/);\nfolders are read one level deep, skipping files "
	    "that start with _ or .\n\n"), f);
	fputs(_("Commands:\n"
	    "  build   write one PDF per report into the out dir, skipping "
	    "up-to-date ones\n"
	    "  check   load and lay out every report, write nothing\n"
	    "  fonts   show which font files each report resolves to\n"
	    "  init    write a commented starting report to FILE (default: "
	    "bao-cao.yaml),\n          never over an existing file; "
	    "--kind party for a Party office\n"), f);
	fputs(_("  watch   build FILE, then again each time it or a file it "
	    "uses is saved\n          (baocao watch [-o DIR] [-f] [-q] "
	    "[--strict] FILE; Ctrl-C stops)\n"), f);
	fputs("\n", f);
	fputs(_("Options:\n"
	    "  -o, --out-dir DIR     where PDFs go (default: out/)\n"
	    "  -j, --jobs N          reports built in parallel (default: "
	    "online CPUs)\n"
	    "  -f, --force           rebuild even when the PDF is up to date\n"
	    "      --shard K/N       build only the reports of shard K of N, "
	    "chosen by their\n"
	    "                        file names; shards 0 to N-1 build each "
	    "report once\n"
	    "  -q, --quiet           print only errors\n"
	    "      --strict          warnings count as errors (build and "
	    "check): a report\n"
	    "                        with a warning fails and writes no PDF\n"
	    "      --progress WHEN   auto (on a terminal), always or never "
	    "(default: auto)\n"
	    "      --no-wait         exit 2 at once if another build holds "
	    "the out dir\n"
	    "      --first-fit       greedy line breaking (for comparison)\n"
	    "      --dump            print the laid-out boxes instead of "
	    "writing PDFs\n"
	    "      --help            display this help and exit\n"
	    "      --version         output version information and exit\n\n"),
	    f);
	fputs(_("Exit status:\n"
	    "  0  every report was built or up to date\n"
	    "  1  at least one report failed (the others were still built); "
	    "each failed\n"
	    "     report ends with a line \"failed reports/x.yaml\" on "
	    "standard error,\n"
	    "     naming an older PDF of it left in the out dir, with its "
	    "date\n"
	    "  2  usage error, or the batch could not start (out dir busy "
	    "with --no-wait)\n"
	    "  130, 143  interrupted by SIGINT, SIGTERM\n\n"), f);
	fputs(_("Environment: SOURCE_DATE_EPOCH (PDF dates of reports without a "
	    "date),\nBAOCAO_FONTS (font folder searched first, default "
	    "fonts/).\n"
	    "Full documentation: man baocao, man 5 baocao-report\n"), f);
}

static void
version(void)
{
	printf("baocao %s\n", BAOCAO_VERSION);
	fputs(_("Copyright (C) 2025 the baocao authors.\n"
	    "This is free software: you are free to change and "
	    "redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"),
	    stdout);
}

static int
parse_shard(const char *s, struct batch_opts *o)
{
	char	*end;
	long	 k, n;

	k = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	n = strtol(end + 1, &end, 10);
	if (*end != '\0' || n < 1 || k < 0 || k >= n || n > 1000000)
		return -1;
	o->shard_k = (int)k;
	o->shard_n = (int)n;
	return 0;
}

static int
parse_progress(const char *s, struct batch_opts *o)
{
	if (strcmp(s, "auto") == 0)
		o->progress = PROGRESS_AUTO;
	else if (strcmp(s, "always") == 0)
		o->progress = PROGRESS_ALWAYS;
	else if (strcmp(s, "never") == 0)
		o->progress = PROGRESS_NEVER;
	else
		return -1;
	return 0;
}

static int
parse_jobs(const char *s, struct batch_opts *o)
{
	char	*end;
	long	 n = strtol(s, &end, 10);

	if (end == s || *end != '\0' || n < 1 || n > 1024)
		return -1;
	o->jobs = (int)n;
	return 0;
}

enum {
	OPT_SHARD = 256,
	OPT_PROGRESS,
	OPT_NO_WAIT,
	OPT_FIRST_FIT,
	OPT_DUMP,
	OPT_STRICT,
	OPT_HELP,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "out-dir", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "force", no_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "progress", required_argument, NULL, OPT_PROGRESS },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "first-fit", no_argument, NULL, OPT_FIRST_FIT },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static int
bad_arg(const char *opt, const char *arg)
{
	fprintf(stderr, _("baocao: invalid argument '%s' for '%s'\n"), arg,
	    opt);
	fputs(_("Try 'baocao --help' for more information.\n"), stderr);
	return 2;
}

/* Returns -1 to go on, else an exit status. */
static int
parse_options(int argc, char **argv, struct batch_opts *o)
{
	int	 c;

	while ((c = getopt_long(argc, argv, "o:j:fq", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out_dir = optarg; break;
		case 'j':
			if (parse_jobs(optarg, o) < 0)
				return bad_arg("--jobs", optarg);
			break;
		case 'f': o->force = 1; break;
		case 'q': o->quiet = 1; break;
		case OPT_SHARD:
			if (parse_shard(optarg, o) < 0)
				return bad_arg("--shard", optarg);
			break;
		case OPT_PROGRESS:
			if (parse_progress(optarg, o) < 0)
				return bad_arg("--progress", optarg);
			break;
		case OPT_NO_WAIT: o->no_wait = 1; break;
		case OPT_FIRST_FIT: o->first_fit = 1; break;
		case OPT_DUMP: o->mode = BATCH_DUMP; break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_HELP: usage(stdout); return 0;
		case OPT_VERSION: version(); return 0;
		default:
			fputs(_("Try 'baocao --help' for more information.\n"),
			    stderr);
			return 2;
		}
	}
	return -1;
}

static int
parse_command(const char *cmd, struct batch_opts *o)
{
	if (strcmp(cmd, "build") == 0)
		o->mode = BATCH_BUILD;
	else if (strcmp(cmd, "check") == 0)
		o->mode = BATCH_CHECK;
	else if (strcmp(cmd, "fonts") == 0)
		o->mode = BATCH_FONTS;
	else
		return -1;
	return 0;
}

/*
 * No PATH and no reports/ folder here: a first run, most likely. Say in
 * plain words what to do (name a report, or start one with init) rather
 * than "reports: No such file or directory". 1 when said so (the batch
 * could not start: exit 2), 0 when there is a reports/ to read (or it is
 * there but unreadable, which the batch reports itself).
 */
static int
no_reports_here(const char *cmd)
{
	struct stat	 st;
	char		 cwd[4096];

	if (stat("reports", &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
		return 0;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		strcpy(cwd, ".");
	/* TRANSLATORS: "error" as translated, then the current folder */
	fprintf(stderr, _("baocao: %s: no report file was named, and there "
	    "is no reports/ folder here (%s)\n"), _("error"), cwd);
	/* TRANSLATORS: "note" as translated, the command (build, check),
	 * "note" again, then the command again */
	fprintf(stderr, _("%s: name the report to %s, for example: baocao %s "
	    "bao-cao.yaml\n%s: or start a new report with: baocao init (it "
	    "writes bao-cao.yaml, ready to edit), then run: baocao %s "
	    "bao-cao.yaml\n"), _("note"), cmd, cmd, _("note"), cmd);
	return 1;
}

int
main(int argc, char **argv)
{
	struct batch_opts	 o;
	char			*defpath[] = { "reports" };
	long			 ncpu;
	int			 rc;

	arena_tune_malloc();
	i18n_init();
	memset(&o, 0, sizeof(o));
	o.out_dir = "out";
	o.font_dir = getenv("BAOCAO_FONTS") ? getenv("BAOCAO_FONTS") : "fonts";
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu > 0 ? (int)ncpu : 1;
	o.shard_n = 1;
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return init_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "watch") == 0)
		return watch_run(argc - 1, argv + 1);
	if (argc >= 2 && argv[1][0] != '-') {
		if (parse_command(argv[1], &o) < 0) {
			fprintf(stderr, _("baocao: unknown command '%s'\n"),
			    argv[1]);
			fputs(_("Try 'baocao --help' for more information.\n"),
			    stderr);
			return 2;
		}
		argv[1] = argv[0];	/* getopt names the program */
		argv++;
		argc--;
	} else if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if ((rc = parse_options(argc, argv, &o)) >= 0)
		return rc;
	if (optind >= argc)
		return no_reports_here(o.mode == BATCH_CHECK ? "check" :
		    o.mode == BATCH_FONTS ? "fonts" : "build") ? 2 :
		    batch_run(&o, defpath, 1);
	return batch_run(&o, argv + optind, argc - optind);
}
