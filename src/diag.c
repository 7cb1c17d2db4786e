/*
 * diag.c - compiler-style diagnostics for one report.
 *
 * Every message is formatted into one buffer and written with a single
 * fwrite, so lines from parallel workers sharing stderr never interleave
 * within a line. The counts decide the report's outcome: any error means
 * no PDF.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"

void
diag_init(struct diag *d, FILE *out, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->file = file;
}

static void
diag_emit(struct diag *d, const struct mark *m, const char *level,
    const char *fmt, va_list ap)
{
	struct sbuf	 b = { 0 };
	char		 msg[1024], *line;
	const char	*file;
	int		 n;

	file = (m != NULL && m->file != NULL) ? m->file : d->file;
	if (file == NULL)
		file = "baocao";
	n = vsnprintf(msg, sizeof(msg), _(fmt), ap);
	if (n >= (int)sizeof(msg)) {
		/* a cut message ends on a whole character, and says so */
		msg[sizeof(msg) - 4] = '\0';
		diag_trim(msg);
		strcat(msg, "...");
	}
	if (m != NULL && m->line > 0)
		sbuf_printf(&b, "%s:%d:%d: %s: %s", file, m->line,
		    m->col > 0 ? m->col : 1, _(level), msg);
	else
		sbuf_printf(&b, "%s: %s: %s", file, _(level), msg);
	line = diag_shown(b.s != NULL ? b.s : "");
	if (d->out != NULL) {
		fprintf(d->out, "%s\n", line);
		fflush(d->out);
	}
	free(line);
	sbuf_free(&b);
}

/* After an error or warning given at the alias use (mark.via): a note at
 * the place the value was written. */
static void
diag_via_note(struct diag *d, const struct mark *m)
{
	const struct mark_via	*v = m->via;
	struct mark		 at = *m;

	at.via = NULL;
	if (v->anchor.line == m->line && v->anchor.col == m->col)
		diag_note(d, at, "*%s repeats the value anchored here as &%s; "
		    "correct it here", v->name, v->name);
	else
		diag_note(d, at, "*%s repeats the value anchored as &%s on "
		    "line %d, which holds this; correct it here", v->name,
		    v->name, v->anchor.line);
}

/* The length of the UTF-8 sequence at p, or 1 for a stray byte. */
static size_t
diag_seqlen(const unsigned char *p)
{
	size_t	 n, i;

	n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ?
	    3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* One character of a diagnostic: C0 controls and DEL as \ooo (a file
 * name may hold a newline or a terminal escape), invisible and other
 * unprintable characters as <U+XXXX name>, the rest as it is. */
static void
diag_show_char(struct sbuf *b, const unsigned char *p, size_t n)
{
	uint32_t	 cp;
	const char	*name;

	if (n == 1) {
		if (*p < 0x20 || *p == 0x7f)
			sbuf_printf(b, "\\%03o", *p);
		else
			sbuf_add(b, (const char *)p, 1);
		return;
	}
	if (n == 2)
		cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	else if (n == 3)
		cp = (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	else
		cp = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3F) << 12 |
		    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	name = diag_cpname(cp);
	/* a no-break space prints (as a space) */
	if (name != NULL && cp != 0xA0)
		sbuf_printf(b, "<U+%04X %s>", (unsigned)cp, name);
	else
		sbuf_add(b, (const char *)p, n);
}

char *
diag_shown(const char *s)
{
	struct sbuf	 b = { 0 };
	const unsigned char *p;
	size_t		 n;

	for (p = (const unsigned char *)s; *p != '\0'; p += n) {
		n = diag_seqlen(p);
		diag_show_char(&b, p, n);
	}
	sbuf_add(&b, "", 1);
	return b.s;
}

void
diag_error(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	d->nerr++;
	d->muted = 0;
	va_start(ap, fmt);
	diag_emit(d, m.via != NULL ? &m.via->use : &m, N_("error"), fmt, ap);
	va_end(ap);
	if (m.via != NULL)
		diag_via_note(d, &m);
}

void
diag_warn(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	d->nwarn++;
	d->muted = d->quiet_warnings;
	if (d->muted)
		return;
	va_start(ap, fmt);
	diag_emit(d, m.via != NULL ? &m.via->use : &m, N_("warning"), fmt, ap);
	va_end(ap);
	if (m.via != NULL)
		diag_via_note(d, &m);
}

void
diag_note(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list	 ap;

	if (d->muted)		/* explains a warning -q left out */
		return;
	va_start(ap, fmt);
	diag_emit(d, &m, N_("note"), fmt, ap);
	va_end(ap);
}

void
diag_fail(struct diag *d, const char *fmt, ...)
{
	va_list	 ap;

	d->nerr++;
	d->muted = 0;
	va_start(ap, fmt);
	diag_emit(d, NULL, N_("error"), fmt, ap);
	va_end(ap);
}

int
diag_edit_dist(const uint32_t *a, int la, const uint32_t *b, int lb,
    int limit)
{
	int	 row[DIAG_DIST_MAX + 1], i, j, prev, tmp, best;

	if (la > DIAG_DIST_MAX || lb > DIAG_DIST_MAX || la - lb > limit ||
	    lb - la > limit)
		return limit + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		best = row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

/* The code points of s in cp (at most DIAG_DIST_MAX; more: returns
 * DIAG_DIST_MAX + 1, never close to anything). */
static int
code_points(const char *s, uint32_t *cp)
{
	size_t	 len = strlen(s), i = 0;
	int	 n = 0;

	while (i < len) {
		if (n == DIAG_DIST_MAX)
			return DIAG_DIST_MAX + 1;
		cp[n++] = txt_next(s, len, &i);
	}
	return n;
}

const char *
diag_closest(const char *word, const char *const *cands, int n)
{
	uint32_t	 w[DIAG_DIST_MAX], c[DIAG_DIST_MAX];
	const char	*best = NULL;
	int		 i, d, bestd, limit, lw;

	lw = code_points(word, w);
	limit = lw / 3 + 1;
	if (limit > 3)
		limit = 3;
	bestd = limit + 1;
	for (i = 0; i < n; i++) {
		d = diag_edit_dist(w, lw, c, code_points(cands[i], c), limit);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

/* ---- characters and quotes in messages ---- */

/* The names of invisible characters, as messages show them (<U+200B
 * zero width space>): translated when printed (diag_cpname). */
static const struct {
	uint32_t	 lo, hi;
	const char	*name;
} diag_cpnames[] = {
	{ 0x0080, 0x0084, N_("control character") },
	{ 0x0085, 0x0085, N_("next line") },
	{ 0x0086, 0x009F, N_("control character") },
	{ 0x00A0, 0x00A0, N_("no-break space") },
	{ 0x00AD, 0x00AD, N_("soft hyphen") },
	{ 0x034F, 0x034F, N_("combining grapheme joiner") },
	{ 0x061C, 0x061C, N_("arabic letter mark") },
	{ 0x180E, 0x180E, N_("mongolian vowel separator") },
	{ 0x200B, 0x200B, N_("zero width space") },
	{ 0x200C, 0x200C, N_("zero width non-joiner") },
	{ 0x200D, 0x200D, N_("zero width joiner") },
	{ 0x200E, 0x200E, N_("left-to-right mark") },
	{ 0x200F, 0x200F, N_("right-to-left mark") },
	{ 0x2028, 0x2028, N_("line separator") },
	{ 0x2029, 0x2029, N_("paragraph separator") },
	{ 0x202A, 0x202E, N_("text direction control") },
	{ 0x2060, 0x2060, N_("word joiner") },
	{ 0x2061, 0x2064, N_("invisible operator") },
	{ 0x2066, 0x2069, N_("text direction isolate") },
	{ 0x206A, 0x206F, N_("deprecated format character") },
	{ 0xFEFF, 0xFEFF, N_("byte order mark") },
	{ 0xFFF9, 0xFFFB, N_("interlinear annotation") },
	{ 0xFFFE, 0xFFFF, N_("noncharacter") }
};

const char *
diag_cpname(uint32_t cp)
{
	size_t	 i;

	/* Vietnamese letters (U+0100..U+01B0, U+1EA0..U+1EF9) fall in the
	 * gaps of the table: no need to walk it for them */
	if (cp < 0x80 || (cp > 0x00AD && cp < 0x034F) ||
	    (cp > 0x180E && cp < 0x200B))
		return NULL;
	for (i = 0; i < sizeof(diag_cpnames) / sizeof(diag_cpnames[0]); i++)
		if (cp >= diag_cpnames[i].lo && cp <= diag_cpnames[i].hi)
			return _(diag_cpnames[i].name);
	return NULL;
}

void
diag_trim(char *s)
{
	size_t	 len = strlen(s), i = len, need;
	unsigned char c;

	/* back to the lead byte of the last character */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[--i];
	need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ?
	    3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (len - i < need)
		s[i] = '\0';
}

const char *
diag_clip(struct arena *a, const char *s, size_t len)
{
	size_t	 i = 0;
	int	 n = 0;

	while (i < len && n < DIAG_CLIP) {
		i += diag_seqlen((const unsigned char *)s + i);
		n++;
	}
	if (i >= len)
		return arena_strndup(a, s, len);
	return arena_printf(a, "%.*s...", (int)i, s);
}
