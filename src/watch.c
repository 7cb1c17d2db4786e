/*
 * watch.c - `baocao watch [OPTION]... FILE` (watch.h): build a report,
 * then build it again each time one of its inputs changes.
 *
 * The inputs are those the stamp of the report's last good build
 * records (stamp_last_inputs: the YAML, its extends and CSV files, its
 * images and font files - the list build.c's stamp_inputs makes), plus
 * the YAML by the name given. They are taken again after every build,
 * so a save that adds an image or an extends file is followed, and a
 * save that does not load keeps the list of the last good build.
 *
 * inotify watches the FOLDERS that hold the inputs, not the files: an
 * editor that saves by writing a new file and renaming it over the old
 * one (vim, VS Code), or deletes and recreates it, replaces the inode a
 * watch on the file itself would follow. The name of each event is
 * matched against the inputs. After the first event on an input the
 * build waits until WATCH_QUIET_S pass with no further one (at most
 * WATCH_MAX_S after the first), so a storm of saves gives one build, or
 * two when saves go on during it. When nothing happens the process
 * sleeps in ppoll without a timeout: no polling, no timer.
 *
 * Each build goes through batch_one: the out-dir lock, taken for the
 * build and released after it (a `baocao build` of the same out dir can
 * run between two saves); a worker process, so a crash in a library or a
 * font file changed under a cache cannot outlive one build; the PDF
 * written atomically, the last good PDF left as it was when a save has
 * errors.
 *
 * SIGINT and SIGTERM are blocked but while sleeping in ppoll and while
 * a build runs (worker.c then stops the worker, which removes its
 * temporary file). The status is then 128 + the signal: 130 for Ctrl-C,
 * 143 for SIGTERM.
 */
#define _GNU_SOURCE	/* ppoll: sleep with the signals unblocked, no race */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "build.h"
#include "diag.h"
#include "i18n.h"
#include "stamp.h"
#include "watch.h"

#define WATCH_QUIET_S	0.15	/* build once saves pause this long */
#define WATCH_MAX_S	1.0	/* but no later than this after the first */

#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | \
			 IN_MOVE_SELF | IN_ONLYDIR)

/* A folder holding inputs. */
struct wdir {
	char	*path;		/* real path */
	int	 wd;		/* -1: not watched (lost, or refused) */
	int	 warned;	/* its refusal was told */
	int	 used;
};

struct watch {
	struct batch_opts	 o;
	const char		*yaml;		/* as given */
	char			*self;		/* real folder + its name */
	char			**in;		/* inputs, real paths; in[0] self */
	int			 nin;
	struct wdir		*dirs;
	int			 ndirs;
	int			 ifd;
	sigset_t		 open_mask;	/* SIGINT, SIGTERM unblocked */
};

static volatile sig_atomic_t	 got_sig;

static void
on_signal(int sig)
{
	got_sig = sig;
}

/* Our handler for SIGINT and SIGTERM, without SA_RESTART: a wait for
 * the out-dir lock ends with EINTR. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void
block_signals(void)
{
	sigset_t	 s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* ---- options ---- */

enum {
	OPT_STRICT = 256,
	OPT_HELP
};

static const struct option longopts[] = {
	{ "out-dir", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static int
help(void)
{
	fputs(_("Usage: baocao watch [OPTION]... FILE\n"
	    "Build the report FILE, then build it again each time FILE, a "
	    "file it\nextends, or an image, CSV file or font it uses is "
	    "saved. Press Ctrl-C\nto stop.\n\n"
	    "  -o, --out-dir DIR   where the PDF goes (default: out/)\n"
	    "  -f, --force         build at the start even when the PDF is "
	    "up to date\n"
	    "  -q, --quiet         print only errors\n"
	    "      --strict        warnings count as errors: a report with a "
	    "warning\n"
	    "                      fails, and its last good PDF stays\n"
	    "      --help          display this help and exit\n\n"
	    "Exit status: 130 when stopped with Ctrl-C, 143 with SIGTERM; 1 "
	    "when the\nfolder of FILE can no longer be watched; 2 usage "
	    "error.\n"), stdout);
	return 0;
}

static int
usage_error(void)
{
	fputs(_("Try 'baocao watch --help' for more information.\n"),
	    stderr);
	return 2;
}

/* Returns -1 to go on, else an exit status. */
static int
parse_options(int argc, char **argv, struct watch *w)
{
	int	 c;

	while ((c = getopt_long(argc, argv, "o:fq", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': w->o.out_dir = optarg; break;
		case 'f': w->o.force = 1; break;
		case 'q': w->o.quiet = 1; break;
		case OPT_STRICT: w->o.strict = 1; break;
		case OPT_HELP: return help();
		default: return usage_error();
		}
	}
	if (optind >= argc) {
		fputs(_("baocao watch: name the report to watch, e.g. "
		    "baocao watch reports/bao-cao.yaml\n"), stderr);
		return usage_error();
	}
	if (optind + 1 < argc) {
		fprintf(stderr, _("baocao watch: only one FILE may be "
		    "watched (got also '%s')\n"), argv[optind + 1]);
		return usage_error();
	}
	w->yaml = argv[optind];
	return -1;
}

/* FILE must be a file that exists: -1 (diagnosed) otherwise. */
static int
check_file(const char *path)
{
	struct stat	 st;
	char		*shown = diag_shown(path);
	int		 rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, _("%s: error: cannot read this file: %s\n"),
		    shown, strerror(errno));
		rc = -1;
	} else if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("%s: error: this is a folder; watch takes "
		    "one report file, e.g. %s/bao-cao.yaml\n"), shown, shown);
		rc = -1;
	}
	free(shown);
	return rc;
}

/* ---- paths ---- */

/* The real path of `path` whose last component need not exist: the
 * real path of its folder, then its name (heap; NULL on failure). */
static char *
real_self(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir, *rdir, *res;
	size_t		 len;

	if (slash == NULL)
		dir = xstrdup(".");
	else {
		len = slash == path ? 1 : (size_t)(slash - path);
		dir = xmalloc(len + 1);
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	rdir = realpath(dir, NULL);
	free(dir);
	if (rdir == NULL)
		return NULL;
	path = slash != NULL ? slash + 1 : path;
	len = strlen(rdir) + strlen(path) + 2;
	res = xmalloc(len);
	snprintf(res, len, "%s%s%s", rdir, strcmp(rdir, "/") == 0 ? "" : "/",
	    path);
	free(rdir);
	return res;
}

/* The folder of a real path (heap): "/" for a file at the root. */
static char *
dir_of(const char *real)
{
	const char	*slash = strrchr(real, '/');
	size_t		 len = slash == NULL || slash == real ? 1 :
			    (size_t)(slash - real);
	char		*d = xmalloc(len + 1);

	memcpy(d, slash == NULL ? "/" : real, len);
	d[len] = '\0';
	return d;
}

/* ---- inputs and watched folders ---- */

static void
inputs_free(struct watch *w)
{
	int	 i;

	for (i = 1; i < w->nin; i++)
		free(w->in[i]);
	free(w->in);
	w->in = NULL;
	w->nin = 0;
}

/* Take the inputs the report's stamp records (its last good build);
 * without a stamp keep those known. */
static void
inputs_take(struct watch *w)
{
	char	**v;
	int	  n, i;

	v = stamp_last_inputs(w->o.out_dir, w->yaml, &n);
	if (v == NULL && w->in != NULL)
		return;
	inputs_free(w);
	w->in = xcalloc((size_t)n + 1, sizeof(*w->in));
	w->in[w->nin++] = w->self;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i], w->self) == 0)
			free(v[i]);
		else
			w->in[w->nin++] = v[i];
	}
	free(v);
}

static struct wdir *
dir_find_path(struct watch *w, const char *path)
{
	int	 i;

	for (i = 0; i < w->ndirs; i++)
		if (strcmp(w->dirs[i].path, path) == 0)
			return &w->dirs[i];
	return NULL;
}

static struct wdir *
dir_find_wd(struct watch *w, int wd)
{
	int	 i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Say why folder `d` cannot be watched and what to do; `fatal` when it
 * is the folder of the report itself (the watch then stops). */
static void
say_unwatched(const struct wdir *d, int e, int fatal)
{
	char	*shown = diag_shown(d->path);

	if (fatal && e == ENOSPC)
		fprintf(stderr, _("%s: error: cannot watch the folder of the "
		    "report: the system's limit of watched folders is reached; "
		    "close programs that watch many files (another baocao "
		    "watch, file sync) or ask the administrator to raise "
		    "fs.inotify.max_user_watches, then start baocao watch "
		    "again\n"), shown);
	else if (fatal && (e == ENOENT || e == ENOTDIR))
		fprintf(stderr, _("%s: error: the folder of the report was "
		    "removed or renamed, so the watch stops; put the folder "
		    "back and start baocao watch again\n"), shown);
	else if (fatal)
		fprintf(stderr, _("%s: error: cannot watch the folder of the "
		    "report (%s), so the watch stops\n"), shown, strerror(e));
	else if (e == ENOSPC)
		fprintf(stderr, _("%s: warning: cannot watch this folder: the "
		    "system's limit of watched folders is reached, so changes "
		    "in it are not seen; close programs that watch many files "
		    "(another baocao watch, file sync) or ask the "
		    "administrator to raise fs.inotify.max_user_watches\n"),
		    shown);
	else if (e == ENOENT || e == ENOTDIR)
		fprintf(stderr, _("%s: warning: this folder was removed or "
		    "renamed, so changes in it are not seen; put it back, "
		    "then save the report again\n"), shown);
	else
		fprintf(stderr, _("%s: warning: cannot watch this folder "
		    "(%s), so changes in it are not seen\n"), shown,
		    strerror(e));
	free(shown);
}

/* Mark the folders the inputs need, adding the new ones. */
static void
dirs_mark(struct watch *w)
{
	struct wdir	*d;
	char		*path;
	int		 i;

	for (i = 0; i < w->ndirs; i++)
		w->dirs[i].used = 0;
	for (i = 0; i < w->nin; i++) {
		path = dir_of(w->in[i]);
		if ((d = dir_find_path(w, path)) != NULL) {
			d->used = 1;
			free(path);
			continue;
		}
		w->dirs = xrealloc(w->dirs, sizeof(*w->dirs) *
		    ((size_t)w->ndirs + 1));
		d = &w->dirs[w->ndirs++];
		d->path = path;
		d->wd = -1;
		d->warned = 0;
		d->used = 1;
	}
}

/* Stop watching the folders no input is in any more. */
static void
dirs_drop(struct watch *w)
{
	int	 i, j = 0;

	for (i = 0; i < w->ndirs; i++) {
		if (w->dirs[i].used) {
			w->dirs[j++] = w->dirs[i];
			continue;
		}
		if (w->dirs[i].wd >= 0)
			inotify_rm_watch(w->ifd, w->dirs[i].wd);
		free(w->dirs[i].path);
	}
	w->ndirs = j;
}

/* Watch the folders of the inputs (and no other). -1 (diagnosed) when
 * the folder of the report itself cannot be watched. */
static int
dirs_update(struct watch *w)
{
	struct wdir	*d;
	char		*mine = dir_of(w->self);
	int		 i, fatal, rc = 0;

	dirs_mark(w);
	dirs_drop(w);
	for (i = 0; i < w->ndirs; i++) {
		d = &w->dirs[i];
		if (d->wd >= 0)
			continue;
		if ((d->wd = inotify_add_watch(w->ifd, d->path,
		    WATCH_MASK)) >= 0) {
			d->warned = 0;
			continue;
		}
		fatal = strcmp(d->path, mine) == 0;
		if (fatal || !d->warned)
			say_unwatched(d, errno, fatal);
		d->warned = 1;
		if (fatal)
			rc = -1;
	}
	free(mine);
	return rc;
}

/* ---- events ---- */

/* 1 when the event concerns an input, or lost a watched folder (a
 * build then says what is missing, and the watch is set up again). */
static int
event_hits(struct watch *w, const struct inotify_event *ev)
{
	struct wdir	*d;
	char		*full;
	size_t		 len;
	int		 i, hit = 0;

	if (ev->mask & IN_Q_OVERFLOW)
		return 1;	/* events were lost: build to be sure */
	if ((d = dir_find_wd(w, ev->wd)) == NULL)
		return 0;	/* a folder no longer watched */
	if (ev->mask & (IN_IGNORED | IN_MOVE_SELF)) {
		if (ev->mask & IN_MOVE_SELF)
			inotify_rm_watch(w->ifd, d->wd);
		d->wd = -1;
		return 1;
	}
	if (ev->len == 0 || ev->name[0] == '\0')
		return 0;
	len = strlen(d->path) + strlen(ev->name) + 2;
	full = xmalloc(len);
	snprintf(full, len, "%s%s%s", d->path,
	    strcmp(d->path, "/") == 0 ? "" : "/", ev->name);
	for (i = 0; i < w->nin && !hit; i++)
		hit = strcmp(full, w->in[i]) == 0;
	free(full);
	return hit;
}

/* Read the events waiting. 1 when one concerns an input, else 0. */
static int
take_events(struct watch *w)
{
	_Alignas(struct inotify_event) char buf[16384];
	const struct inotify_event *ev;
	ssize_t		 n;
	size_t		 off;
	int		 hit = 0;

	for (;;) {
		if ((n = read(w->ifd, buf, sizeof(buf))) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			return hit;	/* EAGAIN: all read */
		for (off = 0; off + sizeof(*ev) <= (size_t)n;
		    off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			hit |= event_hits(w, ev);
		}
	}
}

/* Sleep until an input changes, then until the changes pause. 1 when
 * something changed, 0 when a signal came. */
static int
wait_change(struct watch *w)
{
	struct pollfd	 pf;
	struct timespec	 ts, *tp = NULL;
	double		 first = 0, last = 0, now, left;
	int		 hit = 0;

	pf.fd = w->ifd;
	pf.events = POLLIN;
	for (;;) {
		if (hit) {
			now = build_now();
			left = last + WATCH_QUIET_S - now;
			if (first + WATCH_MAX_S - now < left)
				left = first + WATCH_MAX_S - now;
			if (left <= 0)
				return 1;
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
			tp = &ts;
		}
		pf.revents = 0;
		if (ppoll(&pf, 1, tp, &w->open_mask) < 0 && errno != EINTR)
			return 1;	/* cannot happen; build, then go on */
		if (got_sig)
			return 0;
		if (pf.revents == 0 || !take_events(w))
			continue;
		now = build_now();
		if (!hit)
			first = now;
		hit = 1;
		last = now;
	}
}

/* ---- the session ---- */

/* Build the report once; SIGINT and SIGTERM reach it meanwhile. Returns
 * batch_one's status, or 128 + a signal that came. */
static int
build_once(struct watch *w)
{
	int	 rc;

	if (got_sig)
		return 128 + got_sig;
	sigprocmask(SIG_SETMASK, &w->open_mask, NULL);
	rc = batch_one(&w->o, w->yaml);
	block_signals();
	catch_signals();	/* worker.c set its own */
	if (got_sig)
		return 128 + got_sig;
	return rc;
}

static void
say_watching(const struct watch *w)
{
	char	*shown = diag_shown(w->yaml);
	int	 n = w->nin - 1;

	if (!w->o.quiet)
		fprintf(stderr, ngettext("watching %s and the %d file it "
		    "uses; press Ctrl-C to stop\n", "watching %s and the %d "
		    "files it uses; press Ctrl-C to stop\n", (unsigned long)n),
		    shown, n);
	free(shown);
}

static int
stopped(const struct watch *w, int rc)
{
	char	*shown = diag_shown(w->yaml);

	if (!w->o.quiet)
		fprintf(stderr, _("stopped watching %s\n"), shown);
	free(shown);
	return rc;
}

/* Build, then build again after each change. Returns the exit status. */
static int
session(struct watch *w)
{
	int	 rc;

	inputs_take(w);		/* an earlier build's, if any */
	if (dirs_update(w) < 0)
		return 2;
	if ((rc = build_once(w)) >= 128)
		return stopped(w, rc);
	w->o.force = 1;		/* a save always builds */
	inputs_take(w);
	if (dirs_update(w) < 0)
		return 1;
	say_watching(w);
	for (;;) {
		if (wait_change(w) == 0)
			return stopped(w, 128 + got_sig);
		if ((rc = build_once(w)) >= 128)
			return stopped(w, rc);
		inputs_take(w);
		if (dirs_update(w) < 0)
			return 1;
	}
}

/* inotify and the signals. -1 (diagnosed) on failure. */
static int
watch_open(struct watch *w)
{
	sigset_t	 s;

	if ((w->self = real_self(w->yaml)) == NULL) {
		check_file(w->yaml);
		return -1;
	}
	if ((w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		fprintf(stderr, _("baocao watch: error: cannot watch files "
		    "(%s); close programs that watch many files (another "
		    "baocao watch, file sync) and try again\n"),
		    strerror(errno));
		return -1;
	}
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, &w->open_mask);
	sigdelset(&w->open_mask, SIGINT);
	sigdelset(&w->open_mask, SIGTERM);
	catch_signals();
	return 0;
}

static void
watch_close(struct watch *w)
{
	int	 i;

	inputs_free(w);
	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	free(w->self);
	if (w->ifd >= 0)
		close(w->ifd);
}

int
watch_run(int argc, char **argv)
{
	struct watch	 w;
	int		 rc;

	memset(&w, 0, sizeof(w));
	w.ifd = -1;
	w.o.mode = BATCH_BUILD;
	w.o.out_dir = "out";
	w.o.font_dir = getenv("BAOCAO_FONTS") ? getenv("BAOCAO_FONTS") :
	    "fonts";
	w.o.jobs = 1;
	w.o.shard_n = 1;
	w.o.progress = PROGRESS_NEVER;
	if ((rc = parse_options(argc, argv, &w)) >= 0)
		return rc;
	if (check_file(w.yaml) < 0)
		return 2;
	rc = watch_open(&w) < 0 ? 2 : session(&w);
	watch_close(&w);
	return rc;
}
