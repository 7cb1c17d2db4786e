/*
 * safepath.c - keeps what a report writes inside the out dir, against
 * the file system as it is when the PDF is written (safepath.h).
 *
 * Owns: resolving each existing folder on the way from the out dir to
 * the output file (realpath) and refusing any that lands outside the out
 * dir, which is how a symbolic link inside the out dir would escape it.
 * Folders that do not exist yet are created by the writer as real
 * folders, so the walk stops at the first missing one. The last
 * component is never followed: the PDF is renamed over it.
 * Return convention: 0 = ok, -1 = refused (reason or diagnostic).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "safepath.h"

/* 1 if `p` is `root` or below it (both canonical). */
static int
path_under(const char *root, const char *p)
{
	size_t	 n = strlen(root);

	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(p, root, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* Check one existing prefix of the output path. 1 = missing (stop),
 * 0 = inside, -1 = outside or unresolvable (why written). */
static int
path_step(const char *root, const char *prefix, char *why, size_t n)
{
	struct stat	 st;
	char		 real[PATH_MAX];

	if (lstat(prefix, &st) != 0)
		return errno == ENOENT ? 1 : 0;	/* the writer reports it */
	if (realpath(prefix, real) == NULL) {
		snprintf(why, n, _("\"%s\" is a symbolic link that leads "
		    "nowhere"), prefix);
		return -1;
	}
	if (!path_under(root, real)) {
		snprintf(why, n, _("\"%s\" leads outside the out dir (to "
		    "\"%s\")"), prefix, real);
		return -1;
	}
	return 0;
}

int
path_inside(const char *dir, const char *rel, char *why, size_t n)
{
	char		 root[PATH_MAX], prefix[PATH_MAX];
	const char	*p = rel, *slash;
	int		 rc;

	if (rel[0] == '/') {
		snprintf(why, n, _("\"%s\" is an absolute path"), rel);
		return -1;
	}
	if (realpath(dir, root) == NULL)
		return 0;	/* created fresh by the writer */
	while ((slash = strchr(p, '/')) != NULL) {
		if ((size_t)snprintf(prefix, sizeof(prefix), "%s/%.*s", dir,
		    (int)(slash - rel), rel) >= sizeof(prefix)) {
			snprintf(why, n, "%s", _("the path is too long"));
			return -1;
		}
		if ((rc = path_step(root, prefix, why, n)) != 0)
			return rc > 0 ? 0 : -1;
		p = slash + 1;
	}
	return 0;
}

int
path_check_output(struct diag *d, const char *out_dir,
    const struct report *r)
{
	char		 why[PATH_MAX + 128];
	struct mark	 m = { r->path, 0, 0, NULL };

	if (path_inside(out_dir, r->output, why, sizeof(why)) == 0)
		return 0;
	if (r->output_mark.line > 0)
		m = r->output_mark;
	diag_error(d, m, "output: \"%s\" leaves the out dir: %s", r->output,
	    why);
	return -1;
}
