/*
 * stamp.c - up-to-date stamps and output-name prediction (stamp.h).
 *
 * A stamp is a small text file written by the worker after it renamed a
 * PDF into place (atomically, by batch.c). It records the baocao version
 * and the options that change the bytes of a PDF (--first-fit, the font
 * dir, where the PDF dates came from: the report itself, a given
 * SOURCE_DATE_EPOCH or the clock), the output name, the number of
 * warnings of that build (--strict takes a report with warnings for not
 * up to date, so that it fails as it would built afresh; a stamp without
 * the line, from an older baocao, counts as one with warnings), and one fingerprint
 * per input: the YAML, its extends files, its images, its font files and
 * the PDF itself. A fingerprint is size, mtime and ctime to the
 * nanosecond and inode; a file whose mtime or ctime lies within two
 * seconds of the moment it was fingerprinted is "racy" (it could change
 * again within the file system's timestamp granularity without its stat
 * changing), so its content hash (FNV-1a 64) is recorded too and compared
 * on the next check - the way git treats racily clean index entries.
 *
 * The stamp is found from the YAML's real path alone, so the up-to-date
 * check needs neither the YAML's contents nor any font.
 *
 * The output prediction reads only the top-level mapping of the YAML with
 * libyaml's event parser; it is what the duplicate-output check of a
 * batch compares before any worker writes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "arena.h"
#include "batch.h"
#include "diag.h"
#include "model.h"
#include "stamp.h"
#include "text.h"
#include "validate.h"

#define STAMP_MAGIC	"baocao-stamp 1"
#define STAMP_RACY_S	2		/* seconds: hash files this fresh */
#define STAMP_MAX	(1L << 20)	/* a stamp is never larger */

static uint64_t
fnv_add(uint64_t h, const unsigned char *p, size_t n)
{
	while (n-- > 0) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_INIT	0xcbf29ce484222325ULL
#define GUESS_MAX	(16L << 20)	/* bigger YAML: parsed to guess */

/* Open a regular file for reading; -1 for anything else (a FIFO or a
 * device named as an input could block or never end). */
static int
open_regular(const char *path)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Content hash of a file as 16 hex digits in buf; -1 if unreadable. */
static int
hash_file(const char *path, char buf[17])
{
	unsigned char	 chunk[65536];
	uint64_t	 h = FNV_INIT;
	ssize_t		 n;
	int		 fd;

	if ((fd = open_regular(path)) < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		h = fnv_add(h, chunk, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
	return 0;
}

char *
stamp_path(const char *out_dir, const char *yaml)
{
	char		*real, *p;
	uint64_t	 h;
	size_t		 sz;

	if ((real = realpath(yaml, NULL)) == NULL)
		return NULL;
	h = fnv_add(FNV_INIT, (const unsigned char *)real, strlen(real));
	free(real);
	sz = strlen(out_dir) + 64;
	p = xmalloc(sz);
	snprintf(p, sz, "%s/.baocao-state/%016llx.stamp", out_dir,
	    (unsigned long long)h);
	return p;
}

/* "size mtime ctime ino" of a stat, the part both sides compare. */
static void
stat_key(const struct stat *st, char *buf, size_t sz)
{
	snprintf(buf, sz, "%lld %lld.%09ld %lld.%09ld %llu",
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
	    st->st_ctim.tv_nsec, (unsigned long long)st->st_ino);
}

static int
is_racy(const struct stat *st)
{
	struct timespec	 now;
	time_t		 latest;

	clock_gettime(CLOCK_REALTIME, &now);
	latest = st->st_mtim.tv_sec > st->st_ctim.tv_sec ?
	    st->st_mtim.tv_sec : st->st_ctim.tv_sec;
	return now.tv_sec - latest < STAMP_RACY_S + 1;
}

void
stamp_file(struct sbuf *b, const char *path)
{
	struct stat	 st;
	char		 key[128], hash[17] = "-";
	char		*real;

	if ((real = realpath(path, NULL)) == NULL)
		return;
	if (stat(real, &st) == 0) {
		if (is_racy(&st) && hash_file(real, hash) < 0)
			strcpy(hash, "?");
		stat_key(&st, key, sizeof(key));
		sbuf_printf(b, "file %s %s %s\n", key, hash, real);
	}
	free(real);
}

/* "time fixed" / "time sde N" / "time clock": where the PDF dates of
 * the report come from (the same order as validate.c). */
static void
time_line(struct sbuf *b, const struct report *r)
{
	long long	 v;

	if (r->meta.date.set || (r->header.present && r->header.date.set))
		sbuf_adds(b, "time fixed\n");
	else if (val_source_date_epoch(&v) == 1)
		sbuf_printf(b, "time sde %s\n", getenv("SOURCE_DATE_EPOCH"));
	else
		sbuf_adds(b, "time clock\n");
}

static void
options_line(struct sbuf *b, const struct stamp_opts *o)
{
	sbuf_printf(b, "options version=%s first_fit=%d font_dir=%s\n",
	    BAOCAO_VERSION, o->first_fit, o->font_dir ? o->font_dir : "");
}

void
stamp_text(struct sbuf *out, const struct stamp_opts *o,
    const struct report *r, const char *pdf, const struct sbuf *files,
    int nwarn)
{
	sbuf_adds(out, STAMP_MAGIC "\n");
	options_line(out, o);
	time_line(out, r);
	sbuf_printf(out, "output %s\n", r->output);
	sbuf_printf(out, "warnings %d\n", nwarn);
	if (files->len > 0)
		sbuf_add(out, files->s, files->len);
	stamp_file(out, pdf);
}

/* ---- checking ---- */

/* Read a whole small file, NUL-terminated; NULL on failure. */
static char *
slurp(const char *path)
{
	struct stat	 st;
	char		*s;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size > STAMP_MAX) {
		close(fd);
		return NULL;
	}
	s = xmalloc((size_t)st.st_size + 1);
	n = read(fd, s, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

/* One "file KEY HASH PATH" line still describes the file on disk. */
static int
file_unchanged(char *line)
{
	char		*hash, *path, key[128], now[17];
	struct stat	 st;
	int		 i, sp = 0;

	/* KEY is four space-separated fields, then HASH, then PATH. */
	for (hash = line; *hash != '\0' && sp < 4; hash++)
		if (*hash == ' ')
			sp++;
	if ((path = strchr(hash, ' ')) == NULL)
		return 0;
	*path++ = '\0';
	if (stat(path, &st) != 0)
		return 0;
	stat_key(&st, key, sizeof(key));
	i = (int)(hash - line) - 1;
	if (i < 0 || (size_t)i != strlen(key) || strncmp(key, line, i) != 0)
		return 0;
	if (strcmp(hash, "-") == 0)
		return 1;
	return hash_file(path, now) == 0 && strcmp(now, hash) == 0;
}

static int
time_unchanged(const char *v)
{
	const char	*env = getenv("SOURCE_DATE_EPOCH");
	long long	 n;
	int		 valid = val_source_date_epoch(&n) == 1;

	if (strcmp(v, "fixed") == 0)
		return 1;
	if (strcmp(v, "clock") == 0)
		return !valid;
	return valid && strncmp(v, "sde ", 4) == 0 && strcmp(v + 4, env) == 0;
}

/* Walk the stamp's lines; 1 if everything still matches. */
static int
lines_match(char *s, const struct stamp_opts *o, const char *real,
    char **output)
{
	struct sbuf	 opt = { 0 };
	char		*line, *next;
	int		 n, ok = 1, nfile = 0, clean = 0;

	options_line(&opt, o);
	for (line = s, n = 0; ok && line != NULL && *line; line = next, n++) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (n == 0)
			ok = strcmp(line, STAMP_MAGIC) == 0;
		else if (n == 1)
			ok = strncmp(line, opt.s, opt.len - 1) == 0 &&
			    line[opt.len - 1] == '\0';
		else if (strncmp(line, "time ", 5) == 0)
			ok = time_unchanged(line + 5);
		else if (strncmp(line, "output ", 7) == 0 && *output == NULL)
			*output = stamp_norm(line + 7);
		else if (strncmp(line, "warnings ", 9) == 0)
			clean = strcmp(line + 9, "0") == 0;
		else if (strncmp(line, "file ", 5) == 0) {
			/* the first input is the YAML itself */
			if (nfile++ == 0 && (strlen(line) < strlen(real) ||
			    strcmp(line + strlen(line) - strlen(real),
			    real) != 0))
				ok = 0;
			else
				ok = file_unchanged(line + 5);
		} else
			ok = 0;
	}
	sbuf_free(&opt);
	if (o->strict && !clean)
		return 0;
	return ok && n >= 5 && nfile >= 2 && *output != NULL;
}

int
stamp_check(const struct stamp_opts *o, const char *yaml, char **output)
{
	char	*sp, *s, *real;
	int	 ok = 0;

	*output = NULL;
	if ((sp = stamp_path(o->out_dir, yaml)) == NULL)
		return 0;
	real = realpath(yaml, NULL);
	if (real != NULL && (s = slurp(sp)) != NULL) {
		ok = lines_match(s, o, real, output);
		free(s);
	}
	free(real);
	free(sp);
	if (!ok) {
		free(*output);
		*output = NULL;
	}
	return ok;
}

/* The text of yaml's stamp in out_dir (malloc'd), or NULL when there is
 * none or it is not a stamp of this format. */
static char *
stamp_read(const char *out_dir, const char *yaml)
{
	char	*sp, *s;

	if ((sp = stamp_path(out_dir, yaml)) == NULL)
		return NULL;
	s = slurp(sp);
	free(sp);
	if (s != NULL && strncmp(s, STAMP_MAGIC "\n", sizeof(STAMP_MAGIC)) != 0) {
		free(s);
		s = NULL;
	}
	return s;
}

char *
stamp_last_output(const char *out_dir, const char *yaml)
{
	char	*s, *line, *end, *res = NULL;

	s = stamp_read(out_dir, yaml);
	for (line = s; line != NULL && *line; line = end) {
		if ((end = strchr(line, '\n')) != NULL)
			*end++ = '\0';
		if (strncmp(line, "output ", 7) == 0) {
			res = stamp_norm(line + 7);
			break;
		}
	}
	free(s);
	return res;
}

/* The path of a "file KEY HASH PATH" line (KEY is four fields, so
 * the path follows the sixth space; it may hold spaces itself). */
static const char *
file_line_path(const char *line)
{
	int	 sp = 0;

	for (line += 5; *line != '\0' && sp < 5; line++)
		if (*line == ' ')
			sp++;
	return sp == 5 && *line != '\0' ? line : NULL;
}

char **
stamp_last_inputs(const char *out_dir, const char *yaml, int *n)
{
	char	*s, *line, *end, *pdf = NULL, *buf, **v = NULL;
	const char *p;
	int	 cap = 0;

	*n = 0;
	s = stamp_read(out_dir, yaml);
	for (line = s; line != NULL && *line; line = end) {
		if ((end = strchr(line, '\n')) != NULL)
			*end++ = '\0';
		if (strncmp(line, "output ", 7) == 0 && pdf == NULL) {
			buf = xmalloc(strlen(out_dir) + strlen(line));
			sprintf(buf, "%s/%s", out_dir, line + 7);
			pdf = realpath(buf, NULL);
			free(buf);
		}
		if (strncmp(line, "file ", 5) != 0 ||
		    (p = file_line_path(line)) == NULL ||
		    (pdf != NULL && strcmp(p, pdf) == 0))
			continue;
		if (*n + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, sizeof(*v) * (size_t)cap);
		}
		v[(*n)++] = xstrdup(p);
	}
	free(pdf);
	free(s);
	return v;
}

/* ---- output prediction ---- */

char *
stamp_norm(const char *o)
{
	char		*n = xmalloc(strlen(o) + 1), *w = n;
	const char	*p = o;
	size_t		 len;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 1 && p[0] == '.') {
			p++;
			continue;
		}
		if (len == 0)
			break;
		if (w != n)
			*w++ = '/';
		memcpy(w, p, len);
		w += len;
		p += len;
	}
	*w = '\0';
	return n;
}

/* The NFC, normalised form of a scalar output value. */
static char *
output_value(const char *v, size_t len)
{
	struct arena	*a = arena_new();
	struct diag	 d;
	struct mark	 m = { NULL, 0, 0, NULL };
	char		*nfc, *res = NULL;
	FILE		*devnull = fopen("/dev/null", "w");

	if (devnull != NULL) {
		diag_init(&d, devnull, NULL);
		if ((nfc = txt_nfc(a, &d, m, v, len)) != NULL)
			res = stamp_norm(nfc);
		fclose(devnull);
	}
	arena_free(a);
	return res;
}

/* Scan events; 1 found (value in *res, maybe NULL), 0 not there, -1 error. */
static int
scan_top(yaml_parser_t *p, char **res)
{
	yaml_event_t	 ev;
	int		 depth = 0, pos = 0, want = 0, done = 0, rc = 0;

	while (!done) {
		if (!yaml_parser_parse(p, &ev))
			return -1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 1 && want)
				done = rc = 1;	/* output: not a scalar */
			depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (--depth == 1)
				pos++;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (depth != 1)
				break;
			if (want) {
				if (ev.type == YAML_SCALAR_EVENT)
					*res = output_value((char *)
					    ev.data.scalar.value,
					    ev.data.scalar.length);
				done = rc = 1;
			} else if (pos % 2 == 0 && ev.type ==
			    YAML_SCALAR_EVENT && strcmp((char *)
			    ev.data.scalar.value, "output") == 0)
				want = 1;
			pos++;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return rc;
}

char *
stamp_output(const char *yaml)
{
	yaml_parser_t	 p;
	FILE		*f;
	char		*res = NULL;
	int		 rc;

	if ((rc = open_regular(yaml)) < 0)
		return NULL;
	if ((f = fdopen(rc, "rb")) == NULL) {
		close(rc);
		return NULL;
	}
	if (!yaml_parser_initialize(&p)) {
		fclose(f);
		return NULL;
	}
	yaml_parser_set_input_file(&p, f);
	rc = scan_top(&p, &res);
	yaml_parser_delete(&p);
	fclose(f);
	if (rc == 0)
		return val_default_output(yaml);
	return res;
}

/* 1: the bytes of the file could name an output (see stamp.h), or the
 * file cannot be read here; 0: they cannot. */
static int
may_name_output(const char *yaml)
{
	struct stat	 st;
	char		*s;
	ssize_t		 n;
	int		 fd, may = 1;

	if ((fd = open_regular(yaml)) < 0)
		return 1;
	if (fstat(fd, &st) != 0 || st.st_size > GUESS_MAX) {
		close(fd);
		return 1;
	}
	s = xmalloc((size_t)st.st_size + 1);
	n = read(fd, s, (size_t)st.st_size);
	close(fd);
	if (n == st.st_size) {
		s[n] = '\0';	/* no NUL before it: strstr sees it all */
		may = memchr(s, '\0', (size_t)n) != NULL ||
		    strstr(s, "output") != NULL || strchr(s, '\\') != NULL;
	}
	free(s);
	return may;
}

char *
stamp_output_guess(const char *yaml, int *sure)
{
	*sure = may_name_output(yaml);
	return *sure ? stamp_output(yaml) : val_default_output(yaml);
}
