/*
 * worker.c - the worker processes of a batch (worker.h).
 *
 * Parent side: forks at most `jobs` workers and hands each one report
 * at a time through a socket (a 4-byte length, then the path); a worker
 * builds the reports it is given one after another, so a batch pays for
 * a fork, the dynamic linker's lazy binding and the first touch of
 * memory once per worker instead of once per report (bench/RESULTS.md).
 * Each worker's stderr is a pipe. The parent polls the pipes, prints
 * what comes back line by line (diagnostics to stderr, result lines -
 * marked with an RS byte - to stdout) between redraws of the progress
 * line. When a report ends the worker sends its exit code (one byte) back
 * on the job socket, out of the text stream, where no file name can fake
 * it; the worker then gets the next report. A worker that
 * dies within a report (killed by a signal: a crash inside a library)
 * makes that one report fail; the parent reaps it and starts a fresh
 * worker for the rest, so the batch goes on. On SIGINT or SIGTERM the
 * parent forwards the signal to its workers, waits for them and returns
 * 128 + the signal.
 *
 * Worker side: loads, lays out and writes each report. The PDF goes to a
 * temporary ".baocao-PID.tmp" beside its final name, is fsync'd and
 * renamed into place, then the report's stamp (stamp.h) is written the
 * same way but without fsync: a stamp lost or garbled by a system crash
 * costs only a rebuild, and it names the PDF by inode, so it cannot vouch
 * for a PDF whose rename was lost. The folders PDFs were renamed into are
 * fsync'd once, when the worker ends. The path of the temporary file
 * being written is the one piece of process-wide state the signal
 * handler needs: the worker's SIGINT/SIGTERM handler unlinks it. The
 * worker asks the kernel for SIGTERM when the parent dies, so a killed
 * batch leaves no worker behind. Everything else a report allocates is
 * freed before the next one starts (arena, fonts, libharu document); the
 * caches that outlive a report (fontconfig's, ICU's line breaker, font
 * lookups) depend on nothing but their keys, so a PDF's bytes do not
 * depend on which reports its worker built before (tests/batch.sh).
 *
 * Test hook: BAOCAO_TEST_CRASH=STR makes a worker raise SIGSEGV when it
 * is given a report whose path contains STR (tests/batch.sh uses it to
 * check that a crash is isolated).
 */
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "brk.h"
#include "box.h"
#include "diag.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "pdf.h"
#include "safepath.h"
#include "stamp.h"
#include "worker.h"

#define RESULT_MARK	'\036'	/* a result line, not a diagnostic */
#define JOB_MAX		(1U << 20)	/* longest path handed to a worker */

/* The temporary file this worker is writing, for its signal handler. */
static char	 tmp_path[4096];

/* Folders this worker renamed a PDF into, fsync'd when it ends. */
static char	**renamed_dirs;
static int	  nrenamed_dirs;

double
worker_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- worker side: temporary files ---- */

static void
block_signals(int block, sigset_t *old)
{
	sigset_t	 s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(block ? SIG_BLOCK : SIG_SETMASK, block ? &s : old,
	    block ? old : NULL);
}

static void
tmp_set(const char *dir)
{
	sigset_t	 old;

	block_signals(1, &old);
	if (dir == NULL)
		tmp_path[0] = '\0';
	else
		snprintf(tmp_path, sizeof(tmp_path), "%s/.baocao-%ld.tmp",
		    dir, (long)getpid());
	block_signals(0, &old);
}

static void
on_signal(int sig)
{
	if (tmp_path[0] != '\0')
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
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

	fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) |
	    O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The folder of `path` into buf: "." when it names none. */
static void
dir_of(const char *path, char *buf, size_t sz)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, sz, ".");
	else
		snprintf(buf, sz, "%.*s", slash == path ? 1 :
		    (int)(slash - path), path);
}

/* Register the temporary sibling of `final` (after creating its folder);
 * its name is in tmp_path. -1 with errno on failure. */
static int
atomic_begin(const char *final)
{
	char	 dir[4096];

	if (strlen(final) >= sizeof(dir) - 32 || make_parents(final) < 0)
		return -1;
	dir_of(final, dir, sizeof(dir));
	tmp_set(dir);
	return 0;
}

static void
remember_dir(const char *final)
{
	char	 dir[4096];
	int	 i;

	dir_of(final, dir, sizeof(dir));
	for (i = 0; i < nrenamed_dirs; i++)
		if (strcmp(renamed_dirs[i], dir) == 0)
			return;
	renamed_dirs = xrealloc(renamed_dirs, sizeof(char *) *
	    (size_t)(nrenamed_dirs + 1));
	renamed_dirs[nrenamed_dirs++] = xstrdup(dir);
}

/* Make the renames of this worker's PDFs durable: one fsync per folder
 * for the whole run rather than one per report. */
static void
sync_renamed_dirs(void)
{
	int	 i;

	for (i = 0; i < nrenamed_dirs; i++) {
		fsync_path(renamed_dirs[i], 1);
		free(renamed_dirs[i]);
	}
	free(renamed_dirs);
	renamed_dirs = NULL;
	nrenamed_dirs = 0;
}

/* Rename the temporary file to `final` - after an fsync when `durable`
 * (a PDF; its folder is then fsync'd when the worker ends). On failure
 * (or when !ok) the temporary file is removed. */
static int
atomic_end(const char *final, int ok, int durable)
{
	if (ok && (!durable || fsync_path(tmp_path, 0) == 0) &&
	    rename(tmp_path, final) == 0) {
		tmp_set(NULL);
		if (durable)
			remember_dir(final);
		return 0;
	}
	unlink(tmp_path);
	tmp_set(NULL);
	return -1;
}

/* 1 if the file ends with the PDF trailer. libharu does not check
 * fclose, so a write that fails only when the last buffer is flushed (a
 * full disk) would otherwise pass for a PDF without its end. */
static int
pdf_complete(const char *path)
{
	char		 b[33];
	struct stat	 st;
	ssize_t		 n = -1;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) == 0 && st.st_size >= 32)
		n = pread(fd, b, 32, st.st_size - 32);
	close(fd);
	if (n != 32)
		return 0;
	b[32] = '\0';
	for (n = 0; n < 32; n++)	/* the binary part may hold NULs */
		if (b[n] == '\0')
			b[n] = ' ';
	return strstr(b, "%%EOF") != NULL;
}

static int
write_pdf(const struct doc *doc, const struct report *r,
    struct fontset *fs, const char *final, struct diag *d)
{
	if (atomic_begin(final) < 0) {
		diag_fail(d, "cannot create the folder of %s: %s", final,
		    strerror(errno));
		return -1;
	}
	if (pdf_write(doc, r, fs, tmp_path, d) < 0) {
		atomic_end(final, 0, 1);
		return -1;
	}
	if (!pdf_complete(tmp_path)) {
		diag_fail(d, "cannot write %s: the PDF came out incomplete "
		    "(disk full or file size limit?)", final);
		atomic_end(final, 0, 1);
		return -1;
	}
	if (atomic_end(final, 1, 1) < 0) {
		diag_fail(d, "cannot write %s: %s", final, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write the stamp of a report just built. A failure costs only a
 * rebuild next time, so it is a warning. */
static void
write_stamp(const struct batch_opts *o, const struct report *r,
    const char *pdf, const struct sbuf *files, struct diag *d)
{
	struct stamp_opts so = { o->out_dir, o->font_dir, o->first_fit };
	struct sbuf	 b = { 0 };
	struct mark	 m = { r->path, 0, 0 };
	char		*sp = stamp_path(o->out_dir, r->path);
	FILE		*f;
	int		 ok;

	stamp_text(&b, &so, r, pdf, files);
	if (sp == NULL || atomic_begin(sp) < 0 ||
	    (f = fopen(tmp_path, "w")) == NULL) {
		diag_warn(d, m, "cannot record what %s was built from; it "
		    "will be rebuilt next time", pdf);
		free(sp);
		sbuf_free(&b);
		return;
	}
	ok = fwrite(b.s, 1, b.len, f) == b.len;
	ok = (fclose(f) == 0) && ok;
	if (atomic_end(sp, ok, 0) < 0)
		diag_warn(d, m, "cannot record what %s was built from; it "
		    "will be rebuilt next time", pdf);
	free(sp);
	sbuf_free(&b);
}

/* Fingerprint every input of a loaded report but the YAML itself. */
static void
stamp_inputs(struct sbuf *b, const struct report *r, struct fontset *fs)
{
	int	 i;

	for (i = 0; i < r->ndeps; i++)
		stamp_file(b, r->deps[i]);
	for (i = 0; i < r->nblocks; i++)
		if (r->blocks[i].kind == BLK_IMAGE)
			stamp_file(b, r->blocks[i].u.image.file);
	for (i = 0; i < font_nfaces(fs); i++)
		stamp_file(b, font_file(fs, i));
}

/* ---- worker side: one report ---- */

static void
print_fonts(const struct report *r, struct fontset *fs)
{
	static const char *const names[] = { "regular", "bold", "italic",
	    "bold italic" };
	char	*path = diag_shown(r->path), *file;
	int	 i;

	printf("%s:\n", path);
	free(path);
	for (i = 0; i < font_nfaces(fs); i++) {
		file = diag_shown(font_file(fs, i));
		printf("  %-12s %s (%s)\n", i < FACE__MAX ? names[i] :
		    "fallback", font_family(fs, i), file);
		free(file);
	}
}

static void
say_built(const char *out, const struct doc *doc, double t0)
{
	struct stat	 st;
	long		 kib = 0;
	char		*shown = diag_shown(out);

	if (stat(out, &st) == 0)
		kib = (long)((st.st_size + 1023) / 1024);
	fprintf(stderr, "%cbuilt %s (%d page%s, %ld KiB, %.0f ms)\n",
	    RESULT_MARK, shown, doc->npages, doc->npages == 1 ? "" : "s", kib,
	    (worker_now() - t0) * 1e3);
	free(shown);
}

/* After layout: print, check or write what the mode asks for. */
static void
finish(const struct batch_opts *o, struct arena *a, struct report *r,
    struct fontset *fs, const struct doc *doc, const struct sbuf *files,
    struct diag *d, double t0)
{
	char	*out, *shown;

	if (o->mode == BATCH_DUMP)
		dump_doc(stdout, doc);
	else if (o->mode == BATCH_CHECK) {
		shown = diag_shown(r->path);
		fprintf(stderr, "%cchecked %s (%d pages)\n", RESULT_MARK,
		    shown, doc->npages);
		free(shown);
	} else {
		out = arena_printf(a, "%s/%s", o->out_dir, r->output);
		if (path_check_output(d, o->out_dir, r) < 0 ||
		    write_pdf(doc, r, fs, out, d) < 0)
			return;
		write_stamp(o, r, out, files, d);
		say_built(out, doc, t0);
	}
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
	struct sbuf	 files = { 0 };
	double		 t0 = worker_now();

	diag_init(&d, stderr, path);
	memset(&doc, 0, sizeof(doc));
	stamp_file(&files, path);	/* before reading it */
	if ((r = load_report(a, &d, path)) == NULL)
		goto done;
	if ((fs = font_open(r, o->font_dir, &d)) == NULL)
		goto done;
	if (o->mode == BATCH_FONTS) {
		print_fonts(r, fs);
		goto done;
	}
	stamp_inputs(&files, r, fs);
	if (lay_report(a, &d, r, fs, &lo, &doc) < 0 || d.nerr > 0)
		goto done;
	finish(o, a, r, fs, &doc, &files, &d, t0);
done:
	font_close(fs);
	arena_free(a);
	sbuf_free(&files);
	fflush(stdout);
	return d.nerr > 0 ? 1 : 0;
}

/* Read exactly n bytes. 1 = done, 0 = end of file or error. */
static int
read_full(int fd, void *buf, size_t n)
{
	char	*p = buf;
	ssize_t	 k;

	while (n > 0) {
		if ((k = read(fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		p += k;
		n -= (size_t)k;
	}
	return 1;
}

/* The next report path from the parent (malloc'd), NULL at the end. */
static char *
read_job(int fd)
{
	uint32_t	 len;
	char		*path;

	if (!read_full(fd, &len, sizeof(len)) || len == 0 || len > JOB_MAX)
		return NULL;
	path = xmalloc((size_t)len + 1);
	if (!read_full(fd, path, len)) {
		free(path);
		return NULL;
	}
	path[len] = '\0';
	return path;
}

/* Tell the parent the report ended, with its exit code. */
static void
send_done(int jobfd, int rc)
{
	unsigned char	 b = (unsigned char)rc;

	while (send(jobfd, &b, 1, MSG_NOSIGNAL) < 0 && errno == EINTR)
		continue;
}

/* Kept out of line so that profiles of the child show its own cost:
 * callgrind's file of a forked child also counts what its parent did
 * before the fork (bench/breakdown.py reads this function's total). */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static void
worker_main(const struct batch_opts *o, int jobfd, int fd, pid_t parent)
{
	const char	*crash = getenv("BAOCAO_TEST_CRASH");
	char		*path;
	int		 rc;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXFSZ, SIG_IGN);	/* a file size limit: EFBIG, cleaned up */
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	if (getppid() != parent)
		_exit(1);
	if (dup2(fd, 2) < 0)
		_exit(1);
	close(fd);
	while ((path = read_job(jobfd)) != NULL) {
		if (crash != NULL && *crash != '\0' &&
		    strstr(path, crash) != NULL) {
			signal(SIGSEGV, SIG_DFL);	/* past a sanitizer */
			raise(SIGSEGV);
		}
		rc = build_one(o, path);
		send_done(jobfd, rc);
		free(path);
	}
	sync_renamed_dirs();
	font_cleanup();	/* fontconfig's caches, for valgrind */
	brk_cleanup();	/* ICU's line break iterator, likewise */
	_exit(0);
}

/* ---- parent side: progress line ---- */

static void
progress_draw(struct worker_progress *p)
{
	char	 line[128];
	double	 el = worker_now() - p->t0, rate;
	int	 n, left = p->total - p->done;

	if (!p->on)
		return;
	rate = el > 0 ? (p->done - p->done0) / el : 0;
	if (rate > 0)
		n = snprintf(line, sizeof(line), "[%d/%d] %.1f reports/s, "
		    "ETA %.0f s", p->done, p->total, rate, left / rate);
	else
		n = snprintf(line, sizeof(line), "[%d/%d] %.1f reports/s, "
		    "ETA ?", p->done, p->total, rate);
	fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
	fflush(stderr);
	p->width = n;
}

void
worker_progress_clear(struct worker_progress *p)
{
	if (!p->on || p->width == 0)
		return;
	fprintf(stderr, "\r%*s\r", p->width, "");
	fflush(stderr);
	p->width = 0;
}

void
worker_say(struct worker_progress *p, FILE *f, const char *line)
{
	size_t	 len = strlen(line);
	char	*c = xstrdup(line), *shown;
	int	 drawn = p->width > 0;

	if (len > 0 && c[len - 1] == '\n')
		c[len - 1] = '\0';
	shown = diag_shown(c);	/* what libraries print is not escaped */
	worker_progress_clear(p);
	fprintf(f, "%s\n", shown);
	fflush(f);
	if (drawn)
		progress_draw(p);
	free(shown);
	free(c);
}

/* ---- parent side: workers ---- */

struct slot {
	pid_t		 pid;		/* 0: no worker in this slot */
	int		 fd;		/* read end of the worker's stderr */
	int		 job;		/* our end of its job socket, or -1 */
	const char	*path;		/* the report it builds, NULL idle */
	struct sbuf	 buf;		/* an incomplete line */
};

struct run {
	const struct batch_opts	*o;
	struct batch_tally	*t;
	struct worker_progress	*p;
	struct slot		*slots;
	struct pollfd		*pf;
	int			 nslots, running;
};

static volatile sig_atomic_t	 stop_sig;

static void
on_parent_signal(int sig)
{
	stop_sig = sig;
}

/* One report ended with exit code `rc` (0 built/checked, 1 failed). */
static void
account(struct run *r, int rc)
{
	if (rc == 0)
		r->o->mode == BATCH_BUILD ? r->t->built++ : r->t->checked++;
	else
		r->t->failed++;
	r->p->done++;
	progress_draw(r->p);
}

/* The worker of slot `s` died with `status` while building s->path. */
static void
account_death(struct run *r, struct slot *s, int status)
{
	char	 msg[4200], *path = diag_shown(s->path);

	msg[0] = '\0';
	if (WIFSIGNALED(status)) {
		if (stop_sig == 0 || (WTERMSIG(status) != SIGINT &&
		    WTERMSIG(status) != SIGTERM))
			snprintf(msg, sizeof(msg), "%s: error: the worker "
			    "building this report was killed by signal %d "
			    "(%s)\n", path, WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
	} else if (stop_sig == 0)
		snprintf(msg, sizeof(msg), "%s: error: the worker building "
		    "this report stopped (exit status %d)\n", path,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (msg[0] != '\0')
		worker_say(r->p, stderr, msg);
	free(path);
	s->path = NULL;
	account(r, 1);
}

/* Print one line (with its newline) that came from a worker: a result
 * line to stdout, anything else to stderr. */
static void
line_out(struct run *r, const char *line, size_t len)
{
	char	*c = xmalloc(len + 1);

	memcpy(c, line, len);
	c[len] = '\0';
	if (c[0] != RESULT_MARK)
		worker_say(r->p, stderr, c);
	else if (!r->o->quiet)
		worker_say(r->p, stdout, c + 1);
	free(c);
}

/* Relay the complete lines of a slot's buffer (all of it when `all`,
 * a last line without a newline getting one). */
static void
relay_lines(struct run *r, struct slot *s, int all)
{
	size_t	 i, start = 0;

	if (s->buf.len == 0)
		return;
	if (all && s->buf.len > 0 && s->buf.s[s->buf.len - 1] != '\n')
		sbuf_add(&s->buf, "\n", 1);
	for (i = 0; i < s->buf.len; i++) {
		if (s->buf.s[i] != '\n')
			continue;
		line_out(r, s->buf.s + start, i + 1 - start);
		start = i + 1;
	}
	memmove(s->buf.s, s->buf.s + start, s->buf.len - start);
	s->buf.len -= start;
}

static void
close_job(struct slot *s)
{
	if (s->job >= 0)
		close(s->job);
	s->job = -1;
}

/* The worker of `s` says its report ended (a byte on the job socket:
 * its exit code), or closed the socket (it is dying; its pipe will tell).
 * `wait` 0: only what has arrived. */
static void
take_done(struct run *r, struct slot *s, int wait)
{
	unsigned char	 b;
	ssize_t		 n;

	if (s->job < 0 || s->path == NULL)
		return;
	while ((n = recv(s->job, &b, 1, wait ? 0 : MSG_DONTWAIT)) < 0 &&
	    errno == EINTR)
		continue;
	if (n == 1) {
		s->path = NULL;
		account(r, b);
	} else if (n == 0)
		close_job(s);
}

/* The worker's pipe closed: reap it; a report it was building failed. */
static void
finish_slot(struct run *r, struct slot *s)
{
	int	 status;

	relay_lines(r, s, 1);
	take_done(r, s, 0);	/* it may have ended its report, then died */
	close(s->fd);
	close_job(s);
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		continue;
	if (s->path != NULL)
		account_death(r, s, status);
	s->pid = 0;
	s->fd = -1;
	s->buf.len = 0;
	r->running--;
}

/* In a new worker: close the parent's ends of the other workers' pipes,
 * or an earlier worker would not see the end of its job socket until
 * this one ended. */
static void
close_others(struct run *r, const struct slot *s)
{
	int	 i;

	for (i = 0; i < r->nslots; i++) {
		if (&r->slots[i] == s || r->slots[i].pid == 0)
			continue;
		close(r->slots[i].fd);
		if (r->slots[i].job >= 0)
			close(r->slots[i].job);
	}
}

/* Start a worker in the free slot `s`. -1 with errno on failure. */
static int
spawn(struct run *r, struct slot *s)
{
	int	 fds[2], jobs[2];
	pid_t	 parent = getpid();

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, jobs) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if ((s->pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		close(jobs[0]);
		close(jobs[1]);
		s->pid = 0;
		return -1;
	}
	if (s->pid == 0) {
		close(fds[0]);
		close(jobs[0]);
		close_others(r, s);
		worker_main(r->o, jobs[1], fds[1], parent);
	}
	close(fds[1]);
	close(jobs[1]);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(jobs[0], F_SETFD, FD_CLOEXEC);
	s->fd = fds[0];
	s->job = jobs[0];
	s->path = NULL;
	r->running++;
	return 0;
}

/* Hand `path` to the idle worker of `s`. A worker that died meanwhile
 * is noticed when its pipe closes; the report is then counted failed. */
static void
send_job(struct slot *s, const char *path)
{
	size_t		 len = strlen(path), off = 0;
	uint32_t	 n = (uint32_t)len;
	char		*b = xmalloc(len + sizeof(n));
	ssize_t		 k;

	memcpy(b, &n, sizeof(n));
	memcpy(b + sizeof(n), path, len);
	s->path = path;
	while (off < len + sizeof(n)) {
		k = send(s->job, b + off, len + sizeof(n) - off,
		    MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close_job(s);
			break;
		}
		off += (size_t)k;
	}
	free(b);
}

/* Give the next reports to idle workers, starting workers for free
 * slots; tell idle workers to end when nothing is left. */
static void
dispatch(struct run *r, char **paths, int n, int *next)
{
	struct slot	*s;
	char		*shown;
	int		 i, e;

	for (i = 0; i < r->nslots; i++) {
		s = &r->slots[i];
		if (s->pid == 0 && *next < n && spawn(r, s) < 0) {
			e = errno;
			shown = diag_shown(paths[*next]);
			fprintf(stderr, "%s: error: cannot start a worker: "
			    "%s\n", shown, strerror(e));
			free(shown);
			r->t->failed++;
			r->p->done++;
			(*next)++;
			i--;	/* try this slot again with the next one */
			continue;
		}
		if (s->pid == 0 || s->path != NULL || s->job < 0)
			continue;
		if (*next < n && !stop_sig)
			send_job(s, paths[(*next)++]);
		else
			close_job(s);
	}
}

/* Wait for output from the workers and for the end of their reports;
 * handle what arrived. pf holds two entries per slot: its pipe, then its
 * job socket while a report is being built. */
static void
pump(struct run *r)
{
	struct pollfd	*pf = r->pf;
	struct slot	*s;
	char		 chunk[8192];
	ssize_t		 n;
	int		 i;

	for (i = 0; i < r->nslots; i++) {
		s = &r->slots[i];
		pf[2 * i].fd = s->pid ? s->fd : -1;
		pf[2 * i + 1].fd = s->pid && s->path != NULL ? s->job : -1;
		pf[2 * i].events = pf[2 * i + 1].events = POLLIN;
		pf[2 * i].revents = pf[2 * i + 1].revents = 0;
	}
	if (poll(pf, (nfds_t)(2 * r->nslots), 500) <= 0) {
		progress_draw(r->p);
		return;
	}
	for (i = 0; i < r->nslots; i++) {
		s = &r->slots[i];
		if (pf[2 * i + 1].fd >= 0 && pf[2 * i + 1].revents != 0)
			take_done(r, s, 1);
		if (pf[2 * i].fd < 0 || pf[2 * i].revents == 0)
			continue;
		n = read(pf[2 * i].fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			finish_slot(r, s);
			continue;
		}
		sbuf_add(&s->buf, chunk, (size_t)n);
		relay_lines(r, s, 0);
	}
}

static void
forward(struct run *r, int sig)
{
	int	 i;

	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].pid > 0)
			kill(r->slots[i].pid, sig);
}

static void
set_handlers(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
worker_run(const struct batch_opts *o, char **paths, int n,
    struct batch_tally *t, struct worker_progress *p)
{
	struct run	 r = { o, t, p, NULL, NULL, 0, 0 };
	int		 i, next = 0, fwd = 0;

	r.nslots = o->jobs < n ? o->jobs : n;
	if (r.nslots < 1)
		r.nslots = 1;
	r.slots = xcalloc((size_t)r.nslots, sizeof(*r.slots));
	r.pf = xcalloc(2 * (size_t)r.nslots, sizeof(*r.pf));
	for (i = 0; i < r.nslots; i++)
		r.slots[i].fd = r.slots[i].job = -1;
	set_handlers(on_parent_signal);
	p->done0 = p->done;
	p->t0 = worker_now();
	progress_draw(p);
	for (;;) {
		if (stop_sig && !fwd)
			forward(&r, fwd = stop_sig);
		if (!stop_sig)
			dispatch(&r, paths, n, &next);
		if (r.running == 0)
			break;
		pump(&r);
	}
	for (i = 0; i < r.nslots; i++)
		sbuf_free(&r.slots[i].buf);
	free(r.slots);
	free(r.pf);
	return stop_sig ? 128 + stop_sig : 0;
}
