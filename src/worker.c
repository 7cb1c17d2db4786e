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
 * Worker side: builds each report it is given with build_report
 * (build.c) and answers with its exit code. Its SIGINT/SIGTERM handler
 * removes the temporary file being written (atomic.c). The worker asks
 * the kernel for SIGTERM when the parent dies, so a killed batch leaves
 * no worker behind. When the parent closes the job socket the worker
 * makes its PDFs' renames durable and frees the per-process caches.
 *
 * Test hook: BAOCAO_TEST_CRASH=STR makes a worker raise SIGSEGV when it
 * is given a report whose path contains STR (tests/batch.sh uses it to
 * check that a crash is isolated).
 */
#define _GNU_SOURCE		/* sched_getaffinity, CPU_COUNT */
#ifdef __linux__
#include <sched.h>
#include <sys/prctl.h>
#endif
#include <sys/socket.h>
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
#include <unistd.h>

#include "arena.h"
#include "atomic.h"
#include "batch.h"
#include "build.h"
#include "diag.h"
#include "i18n.h"
#include "pdf.h"
#include "worker.h"

#define JOB_MAX		(1U << 20)	/* longest path handed to a worker */

/* ---- worker side ---- */

static void
on_signal(int sig)
{
	atomic_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
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
		rc = build_report(o, path);
		send_done(jobfd, rc);
		free(path);
	}
	atomic_sync_dirs();
	build_cleanup();	/* for valgrind: nothing held at exit */
	_exit(0);
}

/* ---- parent side: progress line ---- */

/* The width of s on a terminal, in characters (UTF-8 lead bytes): a
 * translated progress line is wider in bytes than on the screen. */
static int
columns(const char *s)
{
	int	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void
progress_draw(struct worker_progress *p)
{
	char	 line[256];
	double	 el = build_now() - p->t0, rate;
	int	 n, left = p->total - p->done;

	if (!p->on)
		return;
	rate = el > 0 ? (p->done - p->done0) / el : 0;
	if (rate > 0)
		snprintf(line, sizeof(line), _("[%d/%d] %.1f reports/s, "
		    "ETA %.0f s"), p->done, p->total, rate, left / rate);
	else
		snprintf(line, sizeof(line), _("[%d/%d] %.1f reports/s, "
		    "ETA ?"), p->done, p->total, rate);
	n = columns(line);
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

/* The failure line of a report whose worker could not tell it. */
static void
say_failed(struct run *r, const char *path)
{
	char	*line = build_failed_line(r->o, path, NULL);

	worker_say(r->p, stderr, line);
	free(line);
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
			/* TRANSLATORS: the report's path, then "error" as translated */
			snprintf(msg, sizeof(msg), _("%s: %s: the worker "
			    "building this report was killed by signal %d "
			    "(%s)\n"), path, _("error"), WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
	} else if (stop_sig == 0)
		/* TRANSLATORS: the report's path, then "error" as translated */
		snprintf(msg, sizeof(msg), _("%s: %s: the worker building "
		    "this report stopped (exit status %d)\n"), path,
		    _("error"), WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (msg[0] != '\0') {
		worker_say(r->p, stderr, msg);
		say_failed(r, s->path);
	}
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
	if (c[0] != BUILD_RESULT_MARK)
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
		arena_fresh_heap();
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
			/* TRANSLATORS: the report's path, then "error" as translated */
			fprintf(stderr, _("%s: %s: cannot start a worker: "
			    "%s\n"), shown, _("error"), strerror(e));
			free(shown);
			say_failed(r, paths[*next]);
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

/* The CPUs this process may run on: the online ones, fewer where its
 * affinity (taskset, Slurm) or its cgroup's quota (a Kubernetes CPU
 * limit: cpu.max "200000 100000" is 2) says so. */
static long
cpus_usable(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef __linux__
	cpu_set_t set;
	FILE	*f;
	long	 quota, period;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) > 0 && (n < 1 || CPU_COUNT(&set) < n))
		n = CPU_COUNT(&set);
	if ((f = fopen("/sys/fs/cgroup/cpu.max", "r")) != NULL) {
		if (fscanf(f, "%ld %ld", &quota, &period) == 2 && quota > 0 &&
		    period > 0 && (n < 1 || (quota + period - 1) / period < n))
			n = (quota + period - 1) / period;
		fclose(f);
	}
#endif
	return n;
}

int
worker_run(const struct batch_opts *o, char **paths, int n,
    struct batch_tally *t, struct worker_progress *p)
{
	struct run	 r = { o, t, p, NULL, NULL, 0, 0 };
	long		 ncpu;
	int		 i, next = 0, fwd = 0;

	r.nslots = o->jobs < n ? o->jobs : n;
	if (r.nslots < 1)
		r.nslots = 1;
	/* a helper thread only where a CPU is left over (pdf.h) */
	ncpu = cpus_usable();
	pdf_threads(ncpu < 1 || r.nslots < ncpu);
	r.slots = xcalloc((size_t)r.nslots, sizeof(*r.slots));
	r.pf = xcalloc(2 * (size_t)r.nslots, sizeof(*r.pf));
	for (i = 0; i < r.nslots; i++)
		r.slots[i].fd = r.slots[i].job = -1;
	set_handlers(on_parent_signal);
	p->done0 = p->done;
	p->t0 = build_now();
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
