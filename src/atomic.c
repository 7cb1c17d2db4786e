/*
 * atomic.c - output files that appear whole or not at all (atomic.h).
 *
 * A file is written to a temporary ".baocao-PID.tmp" beside its final
 * name (its folders made first), then renamed into place: after an fsync
 * when it is durable (a PDF), without one otherwise (an up-to-date
 * record, whose loss costs only a rebuild). The folders PDFs were renamed
 * into are fsync'd once, by atomic_sync_dirs, when the process has built
 * its last report, rather than once per report. The path of the
 * temporary file being written is the one piece of process-wide state a
 * signal handler needs: atomic_abandon unlinks it (the worker calls it
 * on SIGINT/SIGTERM), so an interrupted build leaves no temporary file.
 * Return convention: 0 = ok, -1 = failed with errno set.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "atomic.h"

/* The temporary file this process is writing, for its signal handler. */
static char	 tmp_path[4096];

/* Folders this process renamed a PDF into, fsync'd by atomic_sync_dirs. */
static char	**renamed_dirs;
static int	  nrenamed_dirs;


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

void
atomic_abandon(void)
{
	if (tmp_path[0] != '\0')
		unlink(tmp_path);
}

const char *
atomic_tmp(void)
{
	return tmp_path;
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
folder_of(const char *path, char *buf, size_t sz)
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
int
atomic_begin(const char *final)
{
	char	 dir[4096];

	if (strlen(final) >= sizeof(dir) - 32 || make_parents(final) < 0)
		return -1;
	folder_of(final, dir, sizeof(dir));
	tmp_set(dir);
	return 0;
}

static void
remember_dir(const char *final)
{
	char	 dir[4096];
	int	 i;

	folder_of(final, dir, sizeof(dir));
	for (i = 0; i < nrenamed_dirs; i++)
		if (strcmp(renamed_dirs[i], dir) == 0)
			return;
	renamed_dirs = xrealloc(renamed_dirs, sizeof(char *) *
	    (size_t)(nrenamed_dirs + 1));
	renamed_dirs[nrenamed_dirs++] = xstrdup(dir);
}

/* Make the renames of this process's PDFs durable: one fsync per folder
 * for the whole run rather than one per report. */
void
atomic_sync_dirs(void)
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
int
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
