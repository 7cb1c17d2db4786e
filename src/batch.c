/*
 * batch.c - the batch: which reports, in what order, which of them need
 * building, and the out-dir lock (batch.h).
 *
 * Paths are expanded (folders one level deep, skipping _* and .* files;
 * files named on the command line are taken as they are), sorted
 * bytewise, de-duplicated and sharded (--shard K/N keeps the reports
 * whose file name hashes to K mod N, batch_shard). A build then:
 *   1. makes the out dir and its missing parents (outdir.h), takes an
 *      flock on OUT/.baocao.lock (waiting, or exit 2 with
 *      --no-wait) and removes temporary files a killed run left behind;
 *   2. plans: a report whose stamp says it is up to date is skipped
 *      (stamp.h; no YAML is parsed for it), every other report's output
 *      name is predicted, and reports of the whole sorted list (all
 *      shards) that would write the same output all fail, naming each
 *      other, before any worker runs;
 *   3. builds the rest in worker processes (worker.h) and prints the
 *      summary "built B, up to date U, failed F".
 * Return: the exit status, 0 all good, 1 a report failed, 2 the batch
 * could not start, 128 + signal when interrupted.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "build.h"
#include "diag.h"
#include "font.h"
#include "outdir.h"
#include "i18n.h"
#include "stamp.h"
#include "worker.h"

struct list {
	char	**v;
	int	 n, cap;
};

/* One report of the sorted list, as planned. */
struct item {
	const char	*path;
	char		*output;	/* normalised; NULL unknown */
	int		 mine;		/* in this shard */
	int		 uptodate;
	int		 dup;		/* shares its output: fails */
	int		 sure;		/* output is stamp_output's (not a
					   guess: stamp_output_guess) */
};

/* "PATH: error: WHAT: strerror(e)" on stderr (WHAT NULL: none; e 0:
 * none), the path's control characters shown as \ooo. */
static void
say_path_error(const char *path, const char *what, int e)
{
	char	*shown = diag_shown(path);

	fprintf(stderr, "%s: %s: %s%s%s\n", shown, _("error"),
	    what ? _(what) : "", what && e ? ": " : "", e ? strerror(e) : "");
	free(shown);
}

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
		say_path_error(dir, N_("cannot read folder"), errno);
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

/* Expand, sort, drop duplicates. Returns the number of paths that could
 * not be read (each diagnosed). */
static int
expand_paths(char **paths, int n, struct list *out)
{
	struct list	 all = { 0 };
	struct stat	 st;
	int		 i, bad = 0;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) != 0) {
			say_path_error(paths[i], NULL, errno);
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
		list_add(out, all.v[i]);
	}
	list_free(&all);
	return bad;
}


/*
 * The shard of a report (§1 v2): FNV-1a (64-bit) of the bytes of its
 * path relative to the folder it was found in, modulo N. Folders are
 * expanded one level deep and a file named on the command line counts
 * by its file name, so that relative path is the last component. It
 * depends on nothing else: not on the other reports (adding or removing
 * one moves no other), nor on where the folder is mounted, the byte
 * order or the locale (bytes, not characters, are hashed).
 * No final mix on purpose: with N a power of two the low bits of FNV-1a
 * depend on the low bits of each byte alone, so names that differ in a
 * number ("bc-001" ... "bc-999") fall on different shards in turn, and
 * numbered series spread more evenly than under a random hash (measured
 * in docs/scaling.md, "Capacity"); other names spread as randomly.
 */
static int
batch_shard(const char *path, int n)
{
	const char	*rel = strrchr(path, '/');
	uint64_t	 h = 0xcbf29ce484222325u;

	for (rel = rel != NULL ? rel + 1 : path; *rel != '\0'; rel++) {
		h ^= (unsigned char)*rel;
		h *= 0x100000001b3u;
	}
	return (int)(h % (uint64_t)n);
}

/* Lock the out dir; -1 (diagnosed) when busy with --no-wait or on error. */
static int
lock_out_dir(const struct batch_opts *o)
{
	char	 p[4096], *shown;
	int	 fd;

	if (outdir_make(o->out_dir) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/.baocao.lock", o->out_dir);
	if ((fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		say_path_error(p, N_("cannot open the lock file"), errno);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (o->no_wait) {
		say_path_error(o->out_dir, N_("another baocao build is using "
		    "this out dir"), 0);
		close(fd);
		return -1;
	}
	if (!o->quiet) {
		shown = diag_shown(o->out_dir);
		fprintf(stderr, _("%s: waiting for another baocao build to "
		    "finish\n"), shown);
		free(shown);
	}
	if (flock(fd, LOCK_EX) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}


/* ---- stale temporary files ---- */

static int
is_tmp_name(const char *s)
{
	size_t	 n = strlen(s), d;

	if (strncmp(s, ".baocao-", 8) != 0 || n < 13 ||
	    strcmp(s + n - 4, ".tmp") != 0)
		return 0;
	d = strspn(s + 8, "0123456789");
	return d > 0 && 8 + d == n - 4;
}

/* Remove the ".baocao-PID.tmp" files under `dir` (folders to depth 16).
 * Called with the lock held: every build that could still be writing
 * one holds the lock (workers share their parent's lock), so any such
 * file is left over from a killed run. */
static void
clean_tmp(const char *dir, int depth)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[4096];
	struct stat	 st;

	if (depth > 16 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		/* Only a folder or a temporary file's name is looked at
		 * further: an out dir of many PDFs costs one readdir, not an
		 * lstat per PDF (a metadata round trip each on NFS). */
		if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN &&
		    !(e->d_type == DT_REG && is_tmp_name(e->d_name)))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(p) || lstat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			clean_tmp(p, depth + 1);
		else if (S_ISREG(st.st_mode) && is_tmp_name(e->d_name))
			unlink(p);
	}
	closedir(d);
}

/* ---- planning ---- */

static int
cmp_output(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	int	 c = strcmp(x->output, y->output);

	return c != 0 ? c : strcmp(x->path, y->path);
}

/* Diagnose item `self` of the group g[0..n) sharing one output. */
static void
say_dup(struct worker_progress *p, const struct batch_opts *o,
    struct item **g, int n, const struct item *self)
{
	struct sbuf	 b = { 0 }, others = { 0 };
	char		*line;
	int		 i, k = 0;

	for (i = 0; i < n; i++) {
		if (g[i] == self)
			continue;
		sbuf_printf(&others, "%s%s", k++ ? ", " : "", g[i]->path);
	}
	/* TRANSLATORS: the report, "error" as translated, the out dir,
	 * the output, then the other reports (a, b, c) */
	sbuf_printf(&b, n == 2 ? _("%s: %s: output %s/%s is also the output "
	    "of %s; neither is built\n") : _("%s: %s: output %s/%s is also "
	    "the output of %s; none of them is built\n"), self->path,
	    _("error"), o->out_dir, self->output, others.s);
	sbuf_free(&others);
	worker_say(p, stderr, b.s);
	sbuf_free(&b);
	line = build_failed_line(o, self->path, self->output);
	worker_say(p, stderr, line);
	free(line);
}

/* v[0..m) of the items with an output, sorted by it; m. */
static int
by_output(struct item *it, int n, struct item **v)
{
	int	 i, m = 0;

	for (i = 0; i < n; i++)
		if (it[i].output != NULL)
			v[m++] = &it[i];
	if (m > 1)
		qsort(v, (size_t)m, sizeof(*v), cmp_output);
	return m;
}

/* A guessed output that clashes with another is made sure (the YAML
 * parsed): a file that does not parse has none, as stamp_output says,
 * and clashes with nothing. Clashes are rare; guessing spares the
 * parent a parse of every YAML. 1 if an output changed. */
static int
confirm_clashes(struct item **v, int m)
{
	int	 i, j, k, changed = 0;

	for (i = 0; i < m; i = j) {	/* runs v[i..j) of one output */
		for (j = i + 1; j < m && strcmp(v[i]->output,
		    v[j]->output) == 0; j++)
			continue;
		for (k = i; j - i > 1 && k < j; k++)
			if (!v[k]->sure)
				v[k]->sure = -1;	/* to confirm */
	}
	for (i = 0; i < m; i++)
		if (v[i]->sure == -1) {
			free(v[i]->output);
			v[i]->output = stamp_output(v[i]->path);
			v[i]->sure = 1;
			changed = 1;
		}
	return changed;
}

/* Mark (and diagnose, for this shard) reports sharing an output. */
static void
find_dups(struct item *it, int n, const struct batch_opts *o,
    struct worker_progress *p)
{
	struct item	**v = xcalloc((size_t)n + 1, sizeof(*v));
	int		 i, j, k, m;

	m = by_output(it, n, v);
	if (confirm_clashes(v, m))
		m = by_output(it, n, v);
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && strcmp(v[i]->output,
		    v[j]->output) == 0; j++)
			continue;
		if (j - i < 2)
			continue;
		for (k = i; k < j; k++) {
			v[k]->dup = 1;
			if (v[k]->mine)
				say_dup(p, o, v + i, j - i, v[k]);
		}
	}
	free(v);
}

/* Up-to-date check and output prediction for every report. */
static void
plan(const struct batch_opts *o, struct item *it, int n)
{
	struct stamp_opts so = { o->out_dir, o->font_dir, o->first_fit,
	    o->strict };
	int		 i;

	for (i = 0; i < n; i++) {
		if (it[i].mine && !o->force &&
		    stamp_check(&so, it[i].path, &it[i].output))
			it[i].uptodate = it[i].sure = 1;
		else
			it[i].output = stamp_output_guess(it[i].path,
			    &it[i].sure);
	}
}

static void
summary(const struct batch_opts *o, const struct batch_tally *t)
{
	if (o->quiet || o->mode == BATCH_FONTS || o->mode == BATCH_DUMP)
		return;
	if (o->mode == BATCH_CHECK)
		printf(_("checked %d, failed %d\n"), t->checked, t->failed);
	else
		printf(_("built %d, up to date %d, failed %d\n"), t->built,
		    t->uptodate, t->failed);
	fflush(stdout);
}

static void
progress_init(const struct batch_opts *o, struct worker_progress *p)
{
	memset(p, 0, sizeof(*p));
	if (o->mode == BATCH_DUMP || o->mode == BATCH_FONTS)
		p->on = 0;
	else if (o->progress == PROGRESS_ALWAYS)
		p->on = 1;
	else if (o->progress == PROGRESS_AUTO)
		p->on = !o->quiet && isatty(2);
}

/* Sort the planned reports into up to date, failed and to build. */
static char **
triage(const struct batch_opts *o, struct item *it, int n,
    struct batch_tally *t, struct worker_progress *p, int *nbuild)
{
	char	**v = xcalloc((size_t)n + 1, sizeof(*v));
	char	 line[4200];
	int	 i;

	*nbuild = 0;
	for (i = 0; i < n; i++) {
		if (!it[i].mine)
			continue;
		p->total++;
		if (it[i].dup) {
			t->failed++;
			p->done++;
		} else if (it[i].uptodate) {
			t->uptodate++;
			p->done++;
			snprintf(line, sizeof(line), _("up to date %s/%s\n"),
			    o->out_dir, it[i].output);
			if (!o->quiet)
				worker_say(p, stdout, line);
		} else
			v[(*nbuild)++] = (char *)it[i].path;
	}
	return v;
}

static int
run_list(const struct batch_opts *o, struct list *l, struct batch_tally *t)
{
	struct item		*it = xcalloc((size_t)l->n + 1, sizeof(*it));
	struct worker_progress	 p;
	char			**todo;
	int			 i, nbuild, rc;

	progress_init(o, &p);
	for (i = 0; i < l->n; i++) {
		it[i].path = l->v[i];
		it[i].mine = batch_shard(l->v[i], o->shard_n) == o->shard_k;
	}
	if (o->mode == BATCH_BUILD) {
		plan(o, it, l->n);
		find_dups(it, l->n, o, &p);
	}
	todo = triage(o, it, l->n, t, &p, &nbuild);
	/* Each worker initialises fontconfig itself, in its own heap: one
	 * initialised here would be shared with the workers page by page,
	 * and each page of it a worker writes on is a page fault there
	 * (bench/RESULTS.md, issue 20). */
	rc = worker_run(o, todo, nbuild, t, &p);
	worker_progress_clear(&p);
	for (i = 0; i < l->n; i++)
		free(it[i].output);
	free(it);
	free(todo);
	return rc;
}

int
batch_run(const struct batch_opts *o, char **paths, int npaths)
{
	struct list		 l = { 0 };
	struct batch_tally	 t = { 0 };
	struct batch_opts	 oo = *o;
	int			 lockfd = -1, rc;

	t.failed = expand_paths(paths, npaths, &l);
	if (t.failed > 0 && l.n == 0) {
		list_free(&l);
		return 2;
	}
	if (o->mode == BATCH_DUMP || o->mode == BATCH_FONTS)
		oo.jobs = 1;	/* keep stdout in input order */
	if (o->mode == BATCH_BUILD) {
		if ((lockfd = lock_out_dir(o)) < 0) {
			list_free(&l);
			return 2;
		}
		clean_tmp(o->out_dir, 0);
	}
	rc = run_list(&oo, &l, &t);
	if (rc != 0)
		fprintf(stderr, _("baocao: interrupted by %s; temporary files "
		    "removed\n"), strsignal(rc - 128));
	else
		summary(o, &t);
	if (lockfd >= 0)
		close(lockfd);
	list_free(&l);
	if (rc != 0)
		return rc;
	return t.failed > 0 ? 1 : 0;
}

int
batch_one(const struct batch_opts *o, const char *path)
{
	struct list		 l = { 0 };
	struct batch_tally	 t = { 0 };
	int			 lockfd, rc;

	if ((lockfd = lock_out_dir(o)) < 0)
		return 2;
	clean_tmp(o->out_dir, 0);
	list_add(&l, path);
	rc = run_list(o, &l, &t);
	close(lockfd);
	list_free(&l);
	if (rc != 0)
		return rc;
	return t.failed > 0 ? 1 : 0;
}
