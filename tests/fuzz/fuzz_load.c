/*
 * fuzz_load.c - libFuzzer harness over the loading pipeline and layout
 * (load_report, lay_report); no PDF is written.
 *
 * Each input is written to a private temporary folder as in.yaml and
 * loaded from there. The folder holds links to the helper files the seed
 * corpus uses (reports/_*.yaml, tests/good/_*.yaml, tests/bad/_*.yaml,
 * images folders; relative to $BAOCAO_SRC, default the current folder), so
 * `extends` and `image.file` of the seeds resolve.
 * One fontset (default fonts) is opened before the first input and reused:
 * layout only measures through it. Built and run by `make fuzz`.
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "box.h"
#include "diag.h"
#include "font.h"
#include "layout.h"
#include "load.h"
#include "model.h"

int	LLVMFuzzerInitialize(int *, char ***);
const char *__lsan_default_suppressions(void);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct fz_state	*fz;	/* set once, before the first input */

struct fz_state {
	char		 dir[PATH_MAX];
	char		 in[PATH_MAX];
	FILE		*null;
	struct arena	*fa;		/* the fontset's report */
	struct fontset	*fs;
};

/* Link every "_*" file of src into dir, and every file of src/images
 * into dir/images. */
static void
fz_link_helpers(const char *dir, const char *src, int images)
{
	DIR		*dp;
	struct dirent	*e;
	char		 from[PATH_MAX], to[PATH_MAX], real[PATH_MAX];

	if ((dp = opendir(src)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (!images && e->d_name[0] != '_')
			continue;
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", src, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", dir, e->d_name);
		if (realpath(from, real) != NULL)
			(void)symlink(real, to);
	}
	closedir(dp);
	if (!images) {
		snprintf(from, sizeof(from), "%s/images", src);
		snprintf(to, sizeof(to), "%s/images", dir);
		(void)mkdir(to, 0777);
		fz_link_helpers(to, from, 1);
	}
}

static int
fz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE	*f = fopen(path, "wb");
	int	 ok;

	if (f == NULL)
		return -1;
	ok = fwrite(data, 1, size, f) == size;
	ok = (fclose(f) == 0) && ok;
	return ok ? 0 : -1;
}

/* The fontset of a minimal report (default style). */
static struct fontset *
fz_fonts(struct fz_state *s)
{
	static const char	 y[] = "title: T\nbody:\n  - paragraph: x\n";
	struct diag		 d;
	struct report		*r;

	s->fa = arena_new();
	diag_init(&d, stderr, s->in);
	if (fz_write(s->in, (const uint8_t *)y, sizeof(y) - 1) < 0 ||
	    (r = load_report(s->fa, &d, s->in)) == NULL)
		return NULL;
	return font_open(r, NULL, &d);
}

/* Remove the folder (links and files, one level of sub-folders). */
static void
fz_rm(const char *dir, int depth)
{
	DIR		*dp;
	struct dirent	*e;
	char		 p[PATH_MAX];

	if ((dp = opendir(dir)) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			if (unlink(p) != 0 && depth == 0)
				fz_rm(p, 1);
		}
		closedir(dp);
	}
	(void)rmdir(dir);
}

/* At exit: the fonts, fontconfig's state (else LeakSanitizer reports
 * it) and the temporary folder. */
static void
fz_fini(void)
{
	font_close(fz->fs);
	font_cleanup();
	arena_free(fz->fa);
	fclose(fz->null);
	fz_rm(fz->dir, 0);
}

static struct fz_state *
fz_init(void)
{
	static struct fz_state	 st;
	const char		*tmp = getenv("TMPDIR");
	const char		*top = getenv("BAOCAO_SRC");
	const char		*srcs[] = { "reports", "tests/good",
				    "tests/bad" };
	char			 src[PATH_MAX];
	size_t			 i;

	snprintf(st.dir, sizeof(st.dir), "%s/baocao-fuzz-XXXXXX",
	    tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(st.dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		snprintf(src, sizeof(src), "%s/%s", top ? top : ".",
		    srcs[i]);
		fz_link_helpers(st.dir, src, 0);
	}
	snprintf(st.in, sizeof(st.in), "%s/in.yaml", st.dir);
	if ((st.null = fopen("/dev/null", "w")) == NULL ||
	    (st.fs = fz_fonts(&st)) == NULL) {
		fprintf(stderr, "fuzz_load: cannot open the default fonts\n");
		abort();
	}
	return &st;
}

/* fontconfig drops a block of its configuration when it first loads it
 * (in font_open, before the first input); LeakSanitizer would blame
 * whichever input first runs a leak check. Nothing else comes from it. */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz = fz_init();
	atexit(fz_fini);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_state		*s = fz;
	struct arena		*a;
	struct diag		 d;
	struct report		*r;
	struct doc		 doc;
	struct lay_opts		 lo = { LAY_TOTAL_FIT };

	if (fz_write(s->in, data, size) < 0)
		return 0;
	a = arena_new();
	diag_init(&d, s->null, s->in);
	memset(&doc, 0, sizeof(doc));
	if ((r = load_report(a, &d, s->in)) != NULL) {
		lo.breaker = size % 2 ? LAY_FIRST_FIT : LAY_TOTAL_FIT;
		(void)lay_report(a, &d, r, s->fs, &lo, &doc);
	}
	arena_free(a);
	return 0;
}
