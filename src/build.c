/*
 * build.c - the pipeline for one report (build.h): load the YAML (load.c),
 * find its fonts (font.c), lay it out (layout.c), then, as the mode asks,
 * print the boxes (dump.c), say it checks, or write the PDF (pdf.c)
 * atomically (atomic.c) and record what it was built from (stamp.c).
 * Everything a report allocates is freed before build_report returns;
 * the caches that outlive a report (fontconfig's, font lookups, ICU's
 * line breaker and number formatters) depend on nothing but their keys,
 * so a PDF's bytes do not depend on the reports built before it in the
 * same process (tests/batch.sh). build_cleanup releases them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "atomic.h"
#include "batch.h"
#include "box.h"
#include "brk.h"
#include "build.h"
#include "diag.h"
#include "dump.h"
#include "font.h"
#include "i18n.h"
#include "image.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "pdf.h"
#include "safepath.h"
#include "stamp.h"
#include "text.h"

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

/*
 * --strict: a report with warnings fails, with one error after them
 * saying why (the warnings keep their own words, as without --strict).
 * -1 when it fails so.
 */
static int
strict_fails(const struct batch_opts *o, struct diag *d)
{
	const char	*cmd = o->mode == BATCH_CHECK ? "check" : "build";

	if (!o->strict || d->nwarn == 0)
		return 0;
	if (d->nwarn == 1)
		diag_fail(d, "with --strict, the warning above counts as an "
		    "error; correct what it names, or %s without --strict",
		    cmd);
	else
		diag_fail(d, "with --strict, the %d warnings above count as "
		    "errors; correct what they name, or %s without --strict",
		    d->nwarn, cmd);
	return -1;
}

/* The plan's pages for pdf_write_pages, as they are made. */
static int
plan_pages(void *plan, page_fn *fn, void *ctx)
{
	return lay_pages(plan, fn, ctx);
}

/* Write the PDF to a temporary file, then rename it into place; a
 * warning found while writing it fails the report under --strict
 * before the rename. */
static int
write_pdf(const struct batch_opts *o, struct lay_plan *plan,
    const struct doc *doc, const struct report *r, struct fontset *fs,
    const char *final, struct diag *d)
{
	if (atomic_begin(final) < 0) {
		diag_fail(d, "cannot create the folder of %s: %s", final,
		    strerror(errno));
		return -1;
	}
	if (pdf_write_pages(doc, plan_pages, plan, r, fs, atomic_tmp(),
	    d) < 0) {
		atomic_end(final, 0, 1);
		return -1;
	}
	if (!pdf_complete(atomic_tmp())) {
		diag_fail(d, "cannot write %s: the PDF came out incomplete "
		    "(disk full or file size limit?)", final);
		atomic_end(final, 0, 1);
		return -1;
	}
	if (strict_fails(o, d) < 0) {
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
	struct stamp_opts so = { o->out_dir, o->font_dir, o->first_fit,
	    o->strict };
	struct sbuf	 b = { 0 };
	struct mark	 m = { r->path, 0, 0, NULL };
	char		*sp = stamp_path(o->out_dir, r->path);
	FILE		*f;
	int		 ok;

	stamp_text(&b, &so, r, pdf, files, d->nwarn);
	if (sp == NULL || atomic_begin(sp) < 0 ||
	    (f = fopen(atomic_tmp(), "w")) == NULL) {
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
	if (r->sig.image.file != NULL)
		stamp_file(b, r->sig.image.file);
	if (r->sig.seal.file != NULL)
		stamp_file(b, r->sig.seal.file);
	for (i = 0; i < font_nfaces(fs); i++)
		stamp_file(b, font_file(fs, i));
}

/* The spaces that pad s to `width` characters (UTF-8), 0 if none. */
static int
pad_to(const char *s, int width)
{
	int	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n < width ? width - n : 0;
}

static void
print_fonts(const struct report *r, struct fontset *fs)
{
	static const char *const names[] = { N_("regular"), N_("bold"),
	    N_("italic"), N_("bold italic") };
	char		*path = diag_shown(r->path), *file;
	const char	*name;
	int		 i;

	printf("%s:\n", path);
	free(path);
	for (i = 0; i < font_nfaces(fs); i++) {
		file = diag_shown(font_file(fs, i));
		name = _(i < FACE__MAX ? names[i] : N_("fallback"));
		/* padded to 12 characters, not bytes (Vietnamese names) */
		printf("  %s%*s %s (%s)\n", name, pad_to(name, 12), "",
		    font_family(fs, i), file);
		free(file);
	}
}

static void
say_built(const char *out, const struct doc *doc, double t0)
{
	struct stat	 st;
	struct sbuf	 b = { 0 };
	long		 kib = 0;
	char		*shown = diag_shown(out);

	if (stat(out, &st) == 0)
		kib = (long)((st.st_size + 1023) / 1024);
	/* the mark before the words, out of the translation; one write */
	sbuf_printf(&b, "%c", BUILD_RESULT_MARK);
	sbuf_printf(&b, ngettext("built %s (%d page, %ld KiB, %.0f ms)",
	    "built %s (%d pages, %ld KiB, %.0f ms)",
	    (unsigned long)doc->npages), shown, doc->npages, kib,
	    (build_now() - t0) * 1e3);
	fprintf(stderr, "%s\n", b.s);
	sbuf_free(&b);
	free(shown);
}

/* 1 when `rel` is a relative path with no ".." component: a name that
 * can be looked up in the out dir (an output that fails the rules of
 * validate.c is not). */
static int
plain_rel(const char *rel)
{
	const char	*p = rel;
	size_t		 len;

	if (*rel == '\0' || *rel == '/')
		return 0;
	for (; *p != '\0'; p += len + (p[len] == '/')) {
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 0;
	}
	return 1;
}

/* Which version the PDF left in the out dir is: its stamp tells when
 * it is of this very version (a build of unchanged inputs that failed,
 * with -f or --strict), and whether it was made with warnings that
 * --strict now refuses. Returns the note's format (PDF, date), whole so
 * that a translation may order its words freely. */
static const char *
stale_which(const struct batch_opts *o, const char *path)
{
	struct stamp_opts so = { o->out_dir, o->font_dir, o->first_fit, 0 };
	const char	*w = _(" (%s is the build of %s, not this version)");
	char		*out = NULL;

	if (stamp_check(&so, path, &out)) {
		free(out);
		out = NULL;
		so.strict = 1;
		w = o->strict && !stamp_check(&so, path, &out) ?
		    _(" (%s is the build of %s of this version, without "
		    "--strict)") : _(" (%s is the build of %s of this version)");
	}
	free(out);
	return w;
}

/* " (out/x.pdf is the build of 2025-08-20 10:31, not this version)"
 * when the out dir holds an older PDF of that output name, into b. */
static void
stale_note(struct sbuf *b, const struct batch_opts *o, const char *path,
    const char *output)
{
	const char	*out_dir = o->out_dir;

	char		 pdf[4096], why[256], date[64], *shown;
	struct stat	 st;
	struct tm	 tm;

	if (output == NULL || !plain_rel(output) ||
	    path_inside(out_dir, output, why, sizeof(why)) != 0 ||
	    snprintf(pdf, sizeof(pdf), "%s/%s", out_dir, output) >=
	    (int)sizeof(pdf) || stat(pdf, &st) != 0 ||
	    !S_ISREG(st.st_mode) || localtime_r(&st.st_mtime, &tm) == NULL)
		return;
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
	shown = diag_shown(pdf);
	sbuf_printf(b, stale_which(o, path), shown, date);
	free(shown);
}

char *
build_failed_line(const struct batch_opts *o, const char *path,
    const char *output)
{
	struct sbuf	 b = { 0 };
	char		*shown = diag_shown(path), *predicted = NULL;

	sbuf_printf(&b, _("failed %s"), shown);
	free(shown);
	if (o->mode == BATCH_BUILD) {
		if (output == NULL)
			output = predicted = stamp_output(path);
		if (output == NULL)	/* unreadable YAML: its last PDF */
			output = predicted = stamp_last_output(o->out_dir,
			    path);
		stale_note(&b, o, path, output);
	}
	free(predicted);
	sbuf_add(&b, "", 1);
	return b.s;
}

/* After layout: print, check or write what the mode asks for (the
 * dump's doc keeps its pages, the others' pages are in the plan). */
static void
finish(const struct batch_opts *o, struct arena *a, struct report *r,
    struct fontset *fs, struct lay_plan *plan, const struct doc *doc,
    const struct sbuf *files, struct diag *d, double t0)
{
	struct sbuf	 b = { 0 };
	char		*out, *shown;

	if (o->mode == BATCH_DUMP)
		dump_doc(stdout, doc);
	else if (o->mode == BATCH_CHECK) {
		if (pdf_fits(doc, r, d) < 0)
			return;
		shown = diag_shown(r->path);
		/* "(1 pages)" as it always was: English unchanged */
		sbuf_printf(&b, "%c", BUILD_RESULT_MARK);
		sbuf_printf(&b, _("checked %s (%d pages)"), shown,
		    doc->npages);
		fprintf(stderr, "%s\n", b.s);
		sbuf_free(&b);
		free(shown);
	} else {
		out = arena_printf(a, "%s/%s", o->out_dir, r->output);
		if (path_check_output(d, o->out_dir, r) < 0 ||
		    write_pdf(o, plan, doc, r, fs, out, d) < 0)
			return;
		write_stamp(o, r, out, files, d);
		say_built(out, doc, t0);
	}
}

/* The failure line of a report, on stderr (it is an error: printed with
 * -q too), after its diagnostics. */
static void
say_failed(const struct batch_opts *o, const char *path,
    const struct report *r)
{
	char	*line;

	line = build_failed_line(o, path, r != NULL ? r->output : NULL);
	fprintf(stderr, "%s\n", line);
	free(line);
}

int
build_report(const struct batch_opts *o, const char *path)
{
	struct arena	*a = arena_new();
	struct diag	 d;
	struct report	*r;
	struct fontset	*fs = NULL;
	struct doc	 doc;
	struct lay_plan	*plan = NULL;
	struct lay_opts	 lo = { o->first_fit ? LAY_FIRST_FIT : LAY_TOTAL_FIT };
	struct sbuf	 files = { 0 };
	double		 t0 = build_now();
	int		 rc;

	diag_init(&d, stderr, path);
	/* -q prints only errors; under --strict warnings are errors */
	d.quiet_warnings = o->quiet && !o->strict;
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
	/* only the dump keeps every page's boxes: a PDF is written page
	 * by page as the pages are made, and check needs only their count */
	if (o->mode == BATCH_DUMP)
		rc = lay_report(a, &d, r, fs, &lo, &doc);
	else
		rc = (plan = lay_plan(a, &d, r, fs, &lo, &doc)) != NULL ? 0 : -1;
	if (rc < 0 || d.nerr > 0 || strict_fails(o, &d) < 0)
		goto done;
	finish(o, a, r, fs, plan, &doc, &files, &d, t0);
done:
	if (d.nerr > 0 && (o->mode == BATCH_BUILD || o->mode == BATCH_CHECK))
		say_failed(o, path, r);
	font_close(fs);
	arena_free(a);
	sbuf_free(&files);
	fflush(stdout);
	return d.nerr > 0 ? 1 : 0;
}

double
build_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
build_cleanup(void)
{
	font_cleanup();	/* fontconfig's caches and our lookups */
	brk_cleanup();	/* ICU's line break iterator */
	txt_cleanup();	/* ICU's number formatters */
	img_cleanup();	/* decoded images */
}
