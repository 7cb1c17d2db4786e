/*
 * outdir.c - the out dir and its missing parents (outdir.h).
 *
 * Every shard of a job array may be the first to reach a fresh
 * `-o /shared/pdf/2025/shard-7`, so each missing folder on the way is
 * made in turn, from the top, and a folder another shard made a moment
 * before (EEXIST on a folder) is fine. What cannot be made is named: the
 * folder whose creation failed, or the file that stands where a folder
 * should be, so the clerk knows which path to fix.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "outdir.h"

static const struct mark no_mark = { NULL, 0, 0, NULL };

/* The folder `part` is in, shown: a malloc'd copy ("." for none). */
static char *
parent_shown(const char *part)
{
	char	*p = xstrdup(part), *slash, *shown;

	slash = strrchr(p, '/');
	while (slash != NULL && slash > p && slash[1] == '\0') {
		*slash = '\0';		/* "a/b/" is "a/b" */
		slash = strrchr(p, '/');
	}
	if (slash == NULL)
		strcpy(p, ".");
	else
		slash[slash == p] = '\0';	/* "/a" is in "/" */
	shown = diag_shown(p);
	free(p);
	return shown;
}

/* The error for `dir` when `part` (a prefix of it, or itself) cannot
 * be made: errno `e`, or 0 when a non-folder stands there. */
static void
say_cannot_make(const char *dir, const char *part, int e)
{
	struct diag	 d;
	char		*shown = diag_shown(part), *in = parent_shown(part);

	diag_init(&d, stderr, dir);
	if (e == 0)
		diag_fail(&d, "cannot create the out dir: %s is a file, not a "
		    "folder", shown);
	else if (e == EACCES || e == EPERM)
		diag_fail(&d, "cannot create the out dir: this user may not "
		    "create folders in %s (%s)", in, strerror(e));
	else if (e == EROFS)
		diag_fail(&d, "cannot create the out dir: %s is on a read-only "
		    "disk (%s)", in, strerror(e));
	else
		diag_fail(&d, "cannot create the out dir: cannot create the "
		    "folder %s: %s", shown, strerror(e));
	if (e == 0)
		diag_note(&d, no_mark, "move or rename that file, or give "
		    "another out dir with -o");
	else
		diag_note(&d, no_mark, "give an out dir in a folder you may "
		    "write to with -o, or ask for permission to write there");
	free(in);
	free(shown);
}

/* Make the folder `part` unless it is one already: 0, or -1 diagnosed
 * as a failure to make `dir`. */
static int
make_one(const char *dir, const char *part)
{
	struct stat	 st;
	int		 e;

	if (mkdir(part, 0777) == 0)
		return 0;
	e = errno;
	if (stat(part, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;	/* there already (another shard) */
		say_cannot_make(dir, part, 0);
		return -1;
	}
	/* EEXIST yet nothing to stat: a dangling symbolic link */
	say_cannot_make(dir, part, e == EEXIST ? errno : e);
	return -1;
}

/* An existing out dir this user cannot write into (no permission, a
 * read-only file system): -1 diagnosed. */
static int
check_writable(const char *dir)
{
	struct diag	 d;
	int		 e;

	if (access(dir, W_OK | X_OK) == 0)
		return 0;
	e = errno;
	diag_init(&d, stderr, dir);
	if (e == EACCES || e == EPERM)
		diag_fail(&d, "cannot write into the out dir: this user may "
		    "not write in it (%s)", strerror(e));
	else if (e == EROFS)
		diag_fail(&d, "cannot write into the out dir: it is on a "
		    "read-only disk (%s)", strerror(e));
	else
		diag_fail(&d, "cannot write into the out dir: %s",
		    strerror(e));
	diag_note(&d, no_mark, "give an out dir in a folder you may write "
	    "to with -o, or ask for permission to write there");
	return -1;
}

int
outdir_make(const char *dir)
{
	char	*p = xstrdup(dir);
	size_t	 i, n = strlen(p);
	int	 rc = 0;

	/* each parent, skipping the root and repeated slashes */
	for (i = 1; i < n && rc == 0; i++) {
		if (p[i] != '/' || p[i - 1] == '/')
			continue;
		p[i] = '\0';
		rc = make_one(dir, p);
		p[i] = '/';
	}
	if (rc == 0)
		rc = make_one(dir, dir);
	free(p);
	return rc == 0 ? check_writable(dir) : -1;
}
