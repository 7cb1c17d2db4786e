/*
 * batch.c - the batch: which reports, in what order, in which worker, and
 * how their PDFs reach the out dir.
 *
 * Paths are expanded (folders one level deep, skipping _* and .* files),
 * sorted bytewise and sharded. Each report is built in a forked worker
 * process, at most `jobs` at a time, so a crash inside a library takes
 * down one report, never the batch. A worker writes its PDF to a
 * temporary file in the destination folder, fsyncs it and renames it into
 * place: a reader sees the old complete PDF or the new complete one.
 * An flock on out/.baocao.lock keeps two builds of one out dir apart.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "box.h"
#include "diag.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "pdf.h"

struct list {
	char	**v;
	int	 n, cap;
};

struct tally {
	int	 built, uptodate, failed, checked;
};

/* Worker exit codes. */
enum {
	WORKER_OK = 0,
	WORKER_FAILED = 1,
	WORKER_UPTODATE = 10
};

/* The temporary file a worker is writing, for its signal handler. */
static char	 tmp_path[4096];

static void
list_add(struct list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, sizeof(char *) * (size_t)l->cap);
	}
	l->v[l->n++] = xstrdup(s);
}

static void
list_free(struct list *l)
{
	int	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
is_yaml_name(const char *name)
{
	size_t	 n = strlen(name);

	if (name[0] == '_' || name[0] == '.')
		return 0;
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
add_folder(struct list *l, const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[4096];
	struct stat	 st;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: error: cannot read folder: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_yaml_name(e->d_name))
			continue;
		snprintf(p, sizeof(p), "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			list_add(l, p);
	}
	closedir(d);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand, sort, drop duplicates, shard. Returns the number of paths
 * that could not be read (each diagnosed). */
static int
expand_paths(const struct batch_opts *o, char **paths, int n,
    struct list *out)
{
	struct list	 all = { 0 };
	struct stat	 st;
	int		 i, bad = 0;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) != 0) {
			fprintf(stderr, "%s: error: %s\n", paths[i],
			    strerror(errno));
			bad++;
		} else if (S_ISDIR(st.st_mode)) {
			if (add_folder(&all, paths[i]) < 0)
				bad++;
		} else
			list_add(&all, paths[i]);
	}
	if (all.n > 0)
		qsort(all.v, (size_t)all.n, sizeof(char *), cmp_str);
	for (i = 0; i < all.n; i++) {
		if (i > 0 && strcmp(all.v[i], all.v[i - 1]) == 0)
			continue;
		if (i % o->shard_n == o->shard_k)
			list_add(out, all.v[i]);
	}
	list_free(&all);
	return bad;
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* mkdir -p for the folders of `path` (not the last component). */
static int
make_parents(const char *path)
{
	char	 buf[4096], *p;

	if (strlen(path) >= sizeof(buf))
		return -1;
	strcpy(buf, path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int
fsync_path(const char *path, int dir)
{
	int	 fd, rc;

	fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY));
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void
dir_of(const char *path, char *buf, size_t sz)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, sz, ".");
	else
		snprintf(buf, sz, "%.*s", (int)(slash - path), path);
}

/* Write the PDF to a temporary sibling, flush it, rename it into place. */
static int
write_atomic(const struct doc *doc, const struct report *r,
    struct fontset *fs, const char *final, struct diag *d)
{
	char	 dir[2048];

	if (strlen(final) >= sizeof(dir) || make_parents(final) < 0) {
		diag_fail(d, "cannot create the folder of %s: %s", final,
		    strerror(errno));
		return -1;
	}
	dir_of(final, dir, sizeof(dir));
	snprintf(tmp_path, sizeof(tmp_path), "%s/.baocao-%ld.tmp", dir,
	    (long)getpid());
	if (pdf_write(doc, r, fs, tmp_path, d) < 0)
		goto fail;
	if (fsync_path(tmp_path, 0) < 0 || rename(tmp_path, final) < 0) {
		diag_fail(d, "cannot write %s: %s", final, strerror(errno));
		goto fail;
	}
	tmp_path[0] = '\0';
	fsync_path(dir, 1);
	return 0;
fail:
	unlink(tmp_path);
	tmp_path[0] = '\0';
	return -1;
}

static void
print_fonts(const struct report *r, struct fontset *fs)
{
	int	 i;
	static const char *const names[] = { "regular", "bold", "italic",
	    "bold italic" };

	printf("%s:\n", r->path);
	for (i = 0; i < font_nfaces(fs); i++)
		printf("  %-12s %s (%s)\n", i < FACE__MAX ? names[i] :
		    "fallback", font_family(fs, i), font_file(fs, i));
}

static void
print_built(const char *out, const struct doc *doc, double ms)
{
	struct stat	 st;
	long		 kib = 0;

	if (stat(out, &st) == 0)
		kib = (long)((st.st_size + 1023) / 1024);
	printf("built %s (%d page%s, %ld KiB, %.0f ms)\n", out, doc->npages,
	    doc->npages == 1 ? "" : "s", kib, ms);
}

/* The whole pipeline for one report. Returns a worker exit code. */
static int
build_one(const struct batch_opts *o, const char *path)
{
	struct arena	*a = arena_new();
	struct diag	 d;
	struct report	*r;
	struct fontset	*fs = NULL;
	struct doc	 doc;
	struct lay_opts	 lo = { o->first_fit ? LAY_FIRST_FIT : LAY_TOTAL_FIT };
	double		 t0 = now_ms();
	char		*out;

	diag_init(&d, stderr, path);
	memset(&doc, 0, sizeof(doc));
	if ((r = load_report(a, &d, path)) == NULL)
		goto done;
	if ((fs = font_open(r, o->font_dir, &d)) == NULL)
		goto done;
	if (o->mode == BATCH_FONTS) {
		print_fonts(r, fs);
		goto done;
	}
	if (lay_report(a, &d, r, fs, &lo, &doc) < 0 || d.nerr > 0)
		goto done;
	if (o->mode == BATCH_DUMP)
		dump_doc(stdout, &doc);
	else if (o->mode == BATCH_CHECK) {
		if (!o->quiet)
			printf("checked %s (%d pages)\n", path, doc.npages);
	} else {
		out = arena_printf(a, "%s/%s", o->out_dir, r->output);
		if (write_atomic(&doc, r, fs, out, &d) == 0 && !o->quiet)
			print_built(out, &doc, now_ms() - t0);
	}
done:
	font_close(fs);
	arena_free(a);
	fflush(stdout);
	return d.nerr > 0 ? WORKER_FAILED : WORKER_OK;
}

static void
on_signal(int sig)
{
	if (tmp_path[0] != '\0')
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static pid_t
spawn(const struct batch_opts *o, const char *path)
{
	pid_t	 pid;
	int	 rc;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) != 0)
		return pid;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = build_one(o, path);
	font_cleanup();	/* fontconfig's caches, for valgrind */
	_exit(rc);
}

static void
account(struct tally *t, const char *path, int status,
    const struct batch_opts *o)
{
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "%s: error: the worker building this report "
		    "crashed (signal %d)\n", path, WTERMSIG(status));
		t->failed++;
	} else if (WEXITSTATUS(status) == WORKER_UPTODATE) {
		t->uptodate++;
		if (!o->quiet)
			printf("up to date %s\n", path);
	} else if (WEXITSTATUS(status) == WORKER_OK)
		o->mode == BATCH_BUILD ? t->built++ : t->checked++;
	else
		t->failed++;
}

static volatile sig_atomic_t	 stop_sig;

static void
on_parent_signal(int sig)
{
	stop_sig = sig;
}

struct slot {
	pid_t		 pid;
	const char	*path;
};

/* Wait for one worker; returns its slot index or -1. */
static int
reap(struct slot *slots, int nslots, struct tally *t,
    const struct batch_opts *o)
{
	int	 status, i;
	pid_t	 pid;

	do {
		pid = waitpid(-1, &status, 0);
	} while (pid < 0 && errno == EINTR && !stop_sig);
	if (pid < 0)
		return -1;
	for (i = 0; i < nslots; i++) {
		if (slots[i].pid == pid) {
			account(t, slots[i].path, status, o);
			slots[i].pid = 0;
			return i;
		}
	}
	return -1;
}

static void
stop_workers(struct slot *slots, int nslots)
{
	int	 i;

	for (i = 0; i < nslots; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		continue;
}

static int
run_workers(const struct batch_opts *o, struct list *l, struct tally *t)
{
	struct slot	*slots = xcalloc((size_t)o->jobs, sizeof(*slots));
	int		 i, k, running = 0;

	for (i = 0; i < l->n && !stop_sig; i++) {
		if (running == o->jobs) {
			reap(slots, o->jobs, t, o);
			running--;
		}
		for (k = 0; slots[k].pid != 0; k++)
			continue;
		slots[k].path = l->v[i];
		if ((slots[k].pid = spawn(o, l->v[i])) < 0) {
			fprintf(stderr, "%s: error: cannot start a worker: %s\n",
			    l->v[i], strerror(errno));
			slots[k].pid = 0;
			t->failed++;
			continue;
		}
		running++;
	}
	while (running > 0 && !stop_sig && reap(slots, o->jobs, t, o) >= 0)
		running--;
	if (stop_sig)
		stop_workers(slots, o->jobs);
	free(slots);
	return stop_sig ? 128 + stop_sig : 0;
}

/* Lock the out dir; -1 (diagnosed) when busy with --no-wait or on error. */
static int
lock_out_dir(const struct batch_opts *o)
{
	char	 p[4096];
	int	 fd;

	if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: error: cannot create the out dir: %s\n",
		    o->out_dir, strerror(errno));
		return -1;
	}
	snprintf(p, sizeof(p), "%s/.baocao.lock", o->out_dir);
	if ((fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		fprintf(stderr, "%s: error: cannot open the lock file: %s\n",
		    p, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (o->no_wait) {
		fprintf(stderr, "%s: error: another baocao build is using "
		    "this out dir\n", o->out_dir);
		close(fd);
		return -1;
	}
	if (!o->quiet)
		fprintf(stderr, "%s: waiting for another baocao build to "
		    "finish\n", o->out_dir);
	if (flock(fd, LOCK_EX) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
summary(const struct batch_opts *o, const struct tally *t)
{
	if (o->quiet || o->mode == BATCH_FONTS || o->mode == BATCH_DUMP)
		return;
	if (o->mode == BATCH_CHECK)
		printf("checked %d, failed %d\n", t->checked, t->failed);
	else
		printf("built %d, up to date %d, failed %d\n", t->built,
		    t->uptodate, t->failed);
}

int
batch_run(const struct batch_opts *o, char **paths, int npaths)
{
	struct list	 l = { 0 };
	struct tally	 t = { 0 };
	int		 lockfd = -1, rc;
	struct batch_opts oo = *o;

	t.failed = expand_paths(o, paths, npaths, &l);
	if (t.failed > 0 && l.n == 0) {
		list_free(&l);
		return 2;
	}
	if (o->mode == BATCH_DUMP || o->mode == BATCH_FONTS)
		oo.jobs = 1;	/* keep stdout in input order */
	if (o->mode == BATCH_BUILD && (lockfd = lock_out_dir(o)) < 0) {
		list_free(&l);
		return 2;
	}
	signal(SIGINT, on_parent_signal);
	signal(SIGTERM, on_parent_signal);
	rc = run_workers(&oo, &l, &t);
	summary(o, &t);
	if (lockfd >= 0)
		close(lockfd);
	list_free(&l);
	if (rc != 0)
		return rc;
	return t.failed > 0 ? 1 : 0;
}
