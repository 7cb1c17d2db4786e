/*
 * ytrap.c - YAML's traps explained (spec §2a v2 "YAML's traps,
 * explained"), from the text of one file as libyaml read it.
 *
 * libyaml's syntax errors are exact but in parser words, and often point
 * at the token after the mistake. yt_syntax keeps libyaml's words in the
 * error line and adds a note in plain words, both at the place the user
 * can fix: a colon inside unquoted text, a value starting with a
 * character YAML reads specially (* & ! % @ ` " ' - [ { | > ?), an
 * invisible character before a key, a line indented less or more than
 * its block, a quote never closed, a comment (" #") that cut a one-line
 * list short. The rules read the lines around the error (indentation,
 * "key:" at the start, "- " items), never the whole file again.
 * The same module warns about valid YAML that silently loses or changes
 * text: " #" after a plain value, a line of folded text indented more
 * than the rest. Nothing here fails; the caller decides the outcome.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"
#include "ytrap.h"

#define YT_NONE	((size_t)-1)

/* One line of the text, as the rules see it. */
struct yt_line {
	size_t	 s, e;		/* the line without its break */
	size_t	 fb;		/* first non-blank byte (e when none) */
	size_t	 cs;		/* content: after the indentation and "- " */
	size_t	 colon;		/* ':' of a "key:" at cs, or YT_NONE */
	int	 indent;	/* spaces before fb */
	int	 cindent;	/* columns before cs (the key's indentation) */
};

/* ---- positions ---- */

struct mark
yt_pos(const struct yt_text *t, size_t off)
{
	struct mark	 m;
	size_t		 i;

	memset(&m, 0, sizeof(m));
	m.file = t->file;
	m.line = 1;
	m.col = 1;
	for (i = 0; i < off && i < t->len; i++) {
		unsigned char c = (unsigned char)t->buf[i];

		if (c == '\n' || (c == '\r' &&
		    (i + 1 >= t->len || t->buf[i + 1] != '\n'))) {
			m.line++;
			m.col = 1;
		} else if (c == '\r')
			;
		else if ((c & 0xC0) != 0x80)
			m.col++;
	}
	return m;
}

size_t
yt_offset(const struct yt_text *t, int line, int col)
{
	size_t	 i;
	int	 l = 1, c = 1;

	for (i = 0; i < t->len; i++) {
		unsigned char ch = (unsigned char)t->buf[i];

		if ((ch & 0xC0) == 0x80)
			continue;
		if (l == line && c == col)
			return i;
		if (ch == '\n' || (ch == '\r' &&
		    (i + 1 >= t->len || t->buf[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r')
			c++;
	}
	return t->len;
}

/* ---- lines ---- */

static int
yt_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
yt_brk(char c)
{
	return c == '\n' || c == '\r';
}

/* The ':' ending an unquoted "key:" that starts at `from`, or YT_NONE. */
static size_t
yt_keycolon(const struct yt_text *t, size_t from, size_t e)
{
	size_t	 i;

	if (from >= e || strchr("\"'[{*&!%@`|>#,?-", t->buf[from]) != NULL)
		return YT_NONE;
	for (i = from + 1; i < e; i++) {
		if (t->buf[i] == ':' && (i + 1 == e || yt_blank(t->buf[i + 1])))
			return i;
		if (t->buf[i] == '#' && yt_blank(t->buf[i - 1]))
			break;
	}
	return YT_NONE;
}

/* The line holding byte off. */
static void
yt_fill(const struct yt_text *t, size_t off, struct yt_line *l)
{
	size_t	 i = off > t->len ? t->len : off;

	while (i > 0 && !yt_brk(t->buf[i - 1]))
		i--;
	l->s = i;
	while (i < t->len && !yt_brk(t->buf[i]))
		i++;
	l->e = i;
	for (i = l->s; i < l->e && yt_blank(t->buf[i]); i++)
		;
	l->fb = i;
	l->indent = (int)(l->fb - l->s);
	while (i < l->e && t->buf[i] == '-' &&
	    (i + 1 == l->e || yt_blank(t->buf[i + 1])))
		for (i++; i < l->e && yt_blank(t->buf[i]); i++)
			;
	l->cs = i;
	l->cindent = (int)(l->cs - l->s);
	l->colon = yt_keycolon(t, l->cs, l->e);
}

static int
yt_content(const struct yt_text *t, const struct yt_line *l)
{
	return l->fb < l->e && t->buf[l->fb] != '#';
}

/* The line before / after l that holds content; 0 when there is none. */
static int
yt_prev(const struct yt_text *t, const struct yt_line *l, struct yt_line *p)
{
	size_t	 s = l->s;

	while (s > 0) {
		s--;
		if (s > 0 && t->buf[s] == '\n' && t->buf[s - 1] == '\r')
			s--;
		yt_fill(t, s, p);
		if (yt_content(t, p))
			return 1;
		s = p->s;
	}
	return 0;
}

static int
yt_next(const struct yt_text *t, const struct yt_line *l, struct yt_line *n)
{
	size_t	 e = l->e;

	for (;;) {
		if (e < t->len && t->buf[e] == '\r')
			e++;
		if (e < t->len && t->buf[e] == '\n')
			e++;
		if (e >= t->len)
			return 0;
		yt_fill(t, e, n);
		if (yt_content(t, n))
			return 1;
		e = n->e;
	}
}

/* The nearest line above l with a "key:" indented less than `below`. */
static int
yt_keyline(const struct yt_text *t, const struct yt_line *l, int below,
    struct yt_line *k)
{
	struct yt_line	 cur = *l;

	while (yt_prev(t, &cur, k)) {
		if (k->colon != YT_NONE && k->cindent < below)
			return 1;
		cur = *k;
	}
	return 0;
}

static int
yt_lineno(const struct yt_text *t, const struct yt_line *l)
{
	return yt_pos(t, l->s).line;
}

/* "text" of bytes [from, to) for a message: at most n characters, and
 * when longer its first words and its last, around " … ", cut between
 * words so the quote reads as the text itself. */
static void
yt_quote(const struct yt_text *t, size_t from, size_t to, int n, char *out,
    size_t outsz)
{
	size_t	 i, head, tail = to;
	int	 k, total = 0;

	while (to > from && yt_blank(t->buf[to - 1]))
		to--;
	for (i = from; i < to; txt_next(t->buf, to, &i))
		total++;
	if (total <= n) {
		snprintf(out, outsz, "%.*s", (int)(to - from), t->buf + from);
		return;
	}
	for (i = from, k = 0; i < to && k < n - 20; k++)
		txt_next(t->buf, to, &i);
	for (head = i; head > from + 10 && !yt_blank(t->buf[head]); head--)
		;
	if (head <= from + 10)
		head = i;
	while (head > from && yt_blank(t->buf[head - 1]))
		head--;
	for (k = 0, i = from; i < to; k++) {
		if (k == total - 15)
			tail = i;
		txt_next(t->buf, to, &i);
	}
	for (i = tail; i < to && !yt_blank(t->buf[i]); i++)
		;
	if (i + 5 < to)
		tail = i;
	while (tail < to && yt_blank(t->buf[tail]))
		tail++;
	snprintf(out, outsz, "%.*s … %.*s", (int)(head - from), t->buf + from,
	    (int)(to - tail), t->buf + tail);
}

/* The line's own text, short, for "like line 3 ("agency: ...")". */
static void
yt_shown(const struct yt_text *t, const struct yt_line *l, char *out,
    size_t outsz)
{
	yt_quote(t, l->fb, l->e, 40, out, outsz);
}

static const char *
yt_spaces(int n)
{
	return ngettext("space", "spaces", (unsigned long)(n < 0 ? 0 : n));
}

/* "double quotes" or "single quotes", as in "put the whole text in
 * double quotes". */
static const char *
yt_quotes(char q)
{
	return q == '"' ? _("double quotes") : _("single quotes");
}

/* ---- the value of a line, quoted as the fix ---- */

/* `line's text from fb, with the value from vs in quotes`, or "" when
 * the value goes on to the next line or holds both kinds of quote. */
static const char *
yt_fixed(const struct yt_text *t, const struct yt_line *l, size_t vs,
    char *out, size_t outsz, char *q)
{
	struct yt_line	 n;
	char		 val[400];
	size_t		 i;

	*q = '"';
	out[0] = '\0';
	if (vs > l->fb + 120 || (yt_next(t, l, &n) && n.indent > l->cindent &&
	    n.colon == YT_NONE && n.cs == n.fb))
		return out;
	for (i = vs; i < l->e; i++)
		if (t->buf[i] == '"' || t->buf[i] == '\\')
			*q = '\'';
	for (i = vs; *q == '\'' && i < l->e; i++)
		if (t->buf[i] == '\'')
			return out;
	yt_quote(t, vs, l->e, 70, val, sizeof(val));
	snprintf(out, outsz, ": %.*s%c%s%c", (int)(vs - l->fb), t->buf + l->fb,
	    *q, val, *q);
	return out;
}

/* ---- the traps of a syntax error ---- */

static int
yt_is(const char *s, const char *want)
{
	return s != NULL && strncmp(s, want, strlen(want)) == 0;
}

/* libyaml's fixed problem and context words (scanner.c, parser.c,
 * reader.c of libyaml 0.2.5), so that they are translated where shown;
 * any other text is shown as libyaml gave it. */
static const char *const yt_libyaml[] = {
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected ':'"),
	N_("could not find expected directive name"),
	N_("did not find URI escaped octet"),
	N_("did not find expected '!'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected <stream-start>"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("did not find expected digit or '.' character"),
	N_("did not find expected hexdecimal number"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected tag URI"),
	N_("did not find expected version number"),
	N_("did not find expected whitespace or line break"),
	N_("did not find expected whitespace"),
	N_("did not find the expected '>'"),
	N_("expected low surrogate area"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found an indentation indicator equal to 0"),
	N_("found character that cannot start any token"),
	N_("found duplicate %TAG directive"),
	N_("found duplicate %YAML directive"),
	N_("found extremely long version number"),
	N_("found incompatible YAML document"),
	N_("found invalid Unicode character escape code"),
	N_("found undefined tag handle"),
	N_("found unexpected ':'"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unexpected non-alphabetical character"),
	N_("found unknown directive name"),
	N_("found unknown escape character"),
	N_("incomplete UTF-16 character"),
	N_("incomplete UTF-16 surrogate pair"),
	N_("incomplete UTF-8 octet sequence"),
	N_("input error"),
	N_("input is too long"),
	N_("invalid Unicode character"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid trailing UTF-8 octet"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("unexpected low surrogate area"),
	N_("while parsing a %TAG directive"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while parsing a quoted scalar"),
	N_("while parsing a tag directive"),
	N_("while parsing a tag"),
	N_("while parsing"),
	N_("while scanning a %TAG directive"),
	N_("while scanning a %YAML directive"),
	N_("while scanning a block scalar"),
	N_("while scanning a directive"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning a tag directive"),
	N_("while scanning a tag"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning for the next token"),
	/* TRANSLATORS: yt_syntax's stand-in when libyaml names no problem */
	N_("error")
};

const char *
yt_words(const char *w)
{
	size_t	 i;

	if (w == NULL)
		return NULL;
	for (i = 0; i < sizeof(yt_libyaml) / sizeof(yt_libyaml[0]); i++)
		if (strcmp(w, yt_libyaml[i]) == 0)
			return _(yt_libyaml[i]);
	return w;
}

static void
yt_error(struct diag *d, const struct yt_text *t, size_t at,
    const struct yt_err *e)
{
	diag_error(d, yt_pos(t, at), "YAML syntax: %s", yt_words(e->problem));
}

/* A byte order mark or zero width space before the first word of the
 * line: libyaml counts it as indentation or as part of a key. */
static int
yt_invisible(struct diag *d, const struct yt_text *t, size_t poff)
{
	struct yt_line	 l;
	size_t		 i, at = YT_NONE, w;
	uint32_t	 cp = 0, c;
	char		 word[200];

	yt_fill(t, poff, &l);
	for (i = l.s; i < l.e; ) {
		w = i;
		if (yt_blank(t->buf[i]) || (t->buf[i] == '-' &&
		    (i + 1 == l.e || yt_blank(t->buf[i + 1])))) {
			i++;
			continue;
		}
		if ((c = txt_next(t->buf, l.e, &i)) < 0x80 ||
		    diag_cpname(c) == NULL) {
			i = w;
			break;
		}
		if (at == YT_NONE) {
			at = w;
			cp = c;
		}
	}
	if (at == YT_NONE)
		return 0;
	/* the words after it, up to a key's colon */
	for (i = at; i < l.e; ) {
		w = i;
		if (yt_blank(t->buf[i]))
			i++;
		else if (diag_cpname(txt_next(t->buf, l.e, &i)) == NULL) {
			i = w;
			break;
		}
	}
	for (w = i; w < l.e && t->buf[w] != ':'; w++)
		;
	yt_quote(t, i, w, 40, word, sizeof(word));
	diag_error(d, yt_pos(t, at), "invisible character U+%04X (%s) before "
	    "\"%s\"; delete it", (unsigned)cp, diag_cpname(cp), word);
	return 1;
}

static const struct {
	char		 c;
	const char	*reads;
} yt_specials[] = {
	/* '"' and '\'' are named in words: see yt_special_note */
	{ '*', N_("as an alias (a name for a value marked elsewhere with "
	    "\"&\")") },
	{ '&', N_("as an anchor (a name given to the value that follows)") },
	{ '!', N_("as a tag (the type of the value that follows)") },
	{ '%', N_("as a directive, which cannot start a value") },
	{ '@', N_("as a reserved character, which cannot start a value") },
	{ '`', N_("as a reserved character, which cannot start a value") },
	{ '"', N_("as the start of a quoted text, which ends at the next "
	    "one") },
	{ '\'', N_("as the start of a quoted text, which ends at the next "
	    "one") },
	{ '-', N_("as the start of a list item (\"- \")") },
	{ '?', N_("as the mark of a key (\"? \")") },
	{ '[', N_("as the start of a list written on one line, which ends at "
	    "\"]\"") },
	{ '{', N_("as the start of a mapping written on one line, which ends "
	    "at \"}\"") },
	{ '|', N_("as the start of a text written on the lines below") },
	{ '>', N_("as the start of a text written on the lines below") }
};

/* How YAML reads c at the start of a value, or NULL. */
static const char *
yt_reads(const struct yt_text *t, size_t at, size_t e)
{
	size_t	 i;
	char	 c = t->buf[at];

	if ((c == '-' || c == '?') && at + 1 < e && !yt_blank(t->buf[at + 1]))
		return NULL;
	for (i = 0; i < sizeof(yt_specials) / sizeof(yt_specials[0]); i++)
		if (yt_specials[i].c == c)
			return _(yt_specials[i].reads);
	return NULL;
}

static void
yt_special_note(struct diag *d, const struct yt_text *t,
    const struct yt_line *l, size_t vs, const char *reads)
{
	char	 fix[600], q;

	char	 c = t->buf[vs], shown[40];

	yt_fixed(t, l, vs, fix, sizeof(fix), &q);
	if (c == '"')
		snprintf(shown, sizeof(shown), "%s", _("a double quote (\")"));
	else if (c == '\'')
		snprintf(shown, sizeof(shown), "%s", _("a single quote (')"));
	else
		snprintf(shown, sizeof(shown), "\"%c\"", c);
	diag_note(d, yt_pos(t, vs), "YAML reads %s at the start of a value "
	    "%s; put the whole text in %s%s", shown, reads, yt_quotes(q),
	    fix);
}

/* The start of the value on line l: its content, or what follows the
 * "key: " there. */
static size_t
yt_value(const struct yt_text *t, const struct yt_line *l)
{
	size_t	 vs;

	if (l->colon == YT_NONE)
		return l->cs;
	for (vs = l->colon + 1; vs < l->e && yt_blank(t->buf[vs]); vs++)
		;
	return vs;
}

/* A value starting with a character YAML reads specially. */
static int
yt_special(struct diag *d, const struct yt_text *t, const struct yt_err *e,
    size_t poff)
{
	struct yt_line	 l;
	const char	*reads;
	size_t		 vs;
	char		 c;

	yt_fill(t, poff, &l);
	vs = yt_value(t, &l);
	if (vs >= l.e || poff < vs || (reads = yt_reads(t, vs, l.e)) == NULL)
		return 0;
	c = t->buf[vs];
	if (strchr("[{\"'", c) != NULL &&
	    !yt_is(e->problem, "did not find expected key") &&
	    !yt_is(e->problem, "did not find expected '-'"))
		return 0;
	if ((c == '|' || c == '>') && !yt_is(e->problem, "did not find "
	    "expected comment or line break"))
		return 0;
	yt_error(d, t, vs, e);
	yt_special_note(d, t, &l, vs, reads);
	return 1;
}

/* A quote that is never closed: libyaml stops at the end of the file. */
static int
yt_unclosed(struct diag *d, const struct yt_text *t, const struct yt_err *e)
{
	size_t	 at;
	char	 q;

	if (!yt_is(e->context, "while scanning a quoted scalar"))
		return 0;
	at = yt_offset(t, e->cm.line, e->cm.col);
	q = at < t->len ? t->buf[at] : '"';
	diag_error(d, e->cm, "YAML syntax: %s %s", yt_words(e->problem),
	    yt_words(e->context));
	diag_note(d, e->cm, "the text that starts with %c here has no closing "
	    "%c; end it with %c, or if the %c belongs to the text, put the "
	    "whole text in %s", q, q, q, q, yt_quotes(q == '"' ? '\'' : '"'));
	return 1;
}

/* "key: text: more": a colon followed by a space inside a text; or
 * "key: text" on a line indented more than the key above it, which
 * YAML reads as more of that key's text. */
static int
yt_colon(struct diag *d, const struct yt_text *t, const struct yt_err *e,
    size_t poff)
{
	struct yt_line	 l, k;
	char		 fix[600], q, kname[200];
	size_t		 i;

	if (!yt_is(e->problem, "mapping values are not allowed"))
		return 0;
	yt_fill(t, poff, &l);
	for (i = l.cs; l.colon == poff && i < poff &&
	    (t->buf[i] == '_' || (t->buf[i] >= 'a' && t->buf[i] <= 'z') ||
	    (t->buf[i] >= 'A' && t->buf[i] <= 'Z') ||
	    (t->buf[i] >= '0' && t->buf[i] <= '9')); i++)
		;
	if (l.colon == poff && i == poff && yt_keyline(t, &l, l.cindent, &k)) {
		yt_quote(t, k.cs, k.colon, 40, kname, sizeof(kname));
		yt_error(d, t, l.cs, e);
		diag_note(d, yt_pos(t, l.cs), "this line is indented %d %s, "
		    "more than the key \"%s\" on line %d (%d), so YAML reads "
		    "it as more of the text of \"%s\"; keys of one block line "
		    "up: indent \"%.*s\" %d %s like \"%s\"", l.cindent,
		    yt_spaces(l.cindent), kname, yt_lineno(t, &k), k.cindent,
		    kname, (int)(poff - l.cs), t->buf + l.cs, k.cindent,
		    yt_spaces(k.cindent), kname);
		return 1;
	}
	yt_error(d, t, poff, e);
	if (l.colon != YT_NONE && l.colon < poff)
		yt_fixed(t, &l, yt_value(t, &l), fix, sizeof(fix), &q);
	else {
		fix[0] = '\0';
		q = '"';
	}
	diag_note(d, e->pm, "a colon followed by a space (\": \") starts a "
	    "key, so it cannot stand inside a text without quotes; put the "
	    "whole text in %s%s", yt_quotes(q), fix);
	return 1;
}

/* Line l should go on with the text of key line k but is indented no
 * more than the key (a plain text) or less than the text (> or |). */
static int
yt_cont_note(struct diag *d, const struct yt_text *t,
    const struct yt_line *l, const struct yt_line *k)
{
	struct yt_line	 p, b;
	char		 kname[200];
	size_t		 vs = yt_value(t, k);
	int		 want, line = yt_lineno(t, l);

	yt_quote(t, k->cs, k->colon, 40, kname, sizeof(kname));
	if (vs < k->e && (t->buf[vs] == '>' || t->buf[vs] == '|')) {
		if (!yt_next(t, k, &b) || b.s >= l->s || l->indent >= b.indent)
			return 0;
		diag_note(d, yt_pos(t, l->fb), "line %d is indented %d %s, "
		    "less than the text of \"%s\" above it (%d), so YAML ends "
		    "that text there and reads line %d as a new key; indent "
		    "it %d spaces like the lines above", line, l->indent,
		    yt_spaces(l->indent), kname, b.indent, line, b.indent);
		return 1;
	}
	if (vs >= k->e || l->indent > k->cindent)
		return 0;
	want = k->cindent + 2;
	if (yt_prev(t, l, &p) && p.s != k->s && p.indent > k->cindent)
		want = p.indent;
	diag_note(d, yt_pos(t, l->fb), "line %d goes on with the text of "
	    "\"%s\" (line %d) but is indented %d %s, no more than \"%s\" "
	    "itself, so YAML reads it as a new key; a text that goes on to "
	    "the next line is indented more than its key: indent it %d "
	    "spaces", line, kname, yt_lineno(t, k), l->indent,
	    yt_spaces(l->indent), kname, want);
	return 1;
}

/* A text line YAML took for a key ("could not find expected ':'"):
 * libyaml's context mark is that line. */
static int
yt_simple_key(struct diag *d, const struct yt_text *t,
    const struct yt_err *e)
{
	struct yt_line	 l, k;

	if (!yt_is(e->problem, "could not find expected ':'") ||
	    !yt_is(e->context, "while scanning a simple key"))
		return 0;
	yt_fill(t, yt_offset(t, e->cm.line, e->cm.col), &l);
	if (l.colon != YT_NONE || l.cs != l.fb ||
	    !yt_keyline(t, &l, INT_MAX, &k))
		return 0;
	yt_error(d, t, l.fb, e);
	if (yt_cont_note(d, t, &l, &k))
		return 1;
	diag_note(d, yt_pos(t, l.fb), "line %d has no \":\" after its first "
	    "words; a key is written \"name: value\"", yt_lineno(t, &l));
	return 1;
}

/* The indentations of the blocks above line l, nearest first: each
 * line above indented less than all those below it. */
static int
yt_levels(const struct yt_text *t, const struct yt_line *l,
    struct yt_line *lv, int max)
{
	struct yt_line	 cur = *l, p;
	int		 n = 0;

	while (n < max && yt_prev(t, &cur, &p)) {
		if (n == 0 || p.indent < lv[n - 1].indent)
			lv[n++] = p;
		if (p.indent == 0)
			break;
		cur = p;
	}
	return n;
}

/* A key or item line indented unlike the block around it. */
static void
yt_block_note(struct diag *d, const struct yt_text *t,
    const struct yt_line *l, const struct yt_line *hi,
    const struct yt_line *lo)
{
	char	 a[200], b[200];
	int	 n = l->indent;

	if (hi != NULL && lo != NULL) {
		yt_shown(t, hi, a, sizeof(a));
		yt_shown(t, lo, b, sizeof(b));
		diag_note(d, yt_pos(t, l->fb), "this line is indented %d %s, "
		    "but the lines above it use %d (line %d, \"%s\") or %d "
		    "(line %d, \"%s\"); lines of one block line up: indent "
		    "it %d spaces if it belongs with line %d, or %d if with "
		    "line %d", n, yt_spaces(n), hi->indent, yt_lineno(t, hi),
		    a, lo->indent, yt_lineno(t, lo), b, hi->indent,
		    yt_lineno(t, hi), lo->indent, yt_lineno(t, lo));
		return;
	}
	if (hi == NULL)
		hi = lo;
	yt_shown(t, hi, a, sizeof(a));
	if (hi == lo)
		diag_note(d, yt_pos(t, l->fb), "this line is indented %d %s, "
		    "more than line %d above it (\"%s\", %d); lines of one "
		    "block line up: indent it %d %s", n, yt_spaces(n),
		    yt_lineno(t, hi), a, hi->indent, hi->indent,
		    yt_spaces(hi->indent));
	else
		diag_note(d, yt_pos(t, l->fb), "this line is indented %d %s, "
		    "less than line %d above it (\"%s\", %d); lines of one "
		    "block line up: indent it %d %s", n, yt_spaces(n),
		    yt_lineno(t, hi), a, hi->indent, hi->indent,
		    yt_spaces(hi->indent));
}

/* "did not find expected key" or "'-' indicator" at the start of a
 * line: it is indented unlike its block, or it is text that should have
 * gone on with the key above. */
static int
yt_block(struct diag *d, const struct yt_text *t, const struct yt_err *e,
    size_t poff)
{
	struct yt_line	 l, k, lv[64];
	const struct yt_line *hi = NULL, *lo = NULL;
	int		 n, i;

	if (!yt_is(e->problem, "did not find expected key") &&
	    !yt_is(e->problem, "did not find expected '-'"))
		return 0;
	yt_fill(t, poff, &l);
	if (poff != l.fb || (n = yt_levels(t, &l, lv, 64)) == 0)
		return 0;
	if (l.colon == YT_NONE && l.cs == l.fb &&
	    yt_keyline(t, &l, INT_MAX, &k)) {
		yt_error(d, t, l.fb, e);
		if (!yt_cont_note(d, t, &l, &k))
			diag_note(d, yt_pos(t, l.fb), "line %d has no \":\"; "
			    "a key is written \"name: value\"",
			    yt_lineno(t, &l));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (lv[i].indent > l.indent)
			hi = &lv[i];
		else if (lv[i].indent < l.indent && lo == NULL)
			lo = &lv[i];
	}
	if (hi == NULL && lo == NULL)
		return 0;
	yt_error(d, t, l.fb, e);
	yt_block_note(d, t, &l, hi, lo);
	return 1;
}

/* " #" inside a list or mapping written on one line: the comment ate the
 * closing bracket. */
static int
yt_flow_comment(struct diag *d, const struct yt_text *t,
    const struct yt_err *e, size_t poff)
{
	size_t	 i, from;
	char	 q = 0, close;

	if (!yt_is(e->problem, "did not find expected ',' or "))
		return 0;
	close = e->problem[strlen(e->problem) - 2];
	from = e->context != NULL ? yt_offset(t, e->cm.line, e->cm.col) : poff;
	for (i = from; i < poff && i < t->len; i++) {
		if (q != 0 && t->buf[i] == q)
			q = 0;
		else if (q == 0 && (t->buf[i] == '"' || t->buf[i] == '\''))
			q = t->buf[i];
		else if (q == 0 && t->buf[i] == '#' && i > 0 &&
		    yt_blank(t->buf[i - 1]))
			break;
	}
	if (i >= poff || i >= t->len)
		return 0;
	yt_error(d, t, i, e);
	diag_note(d, yt_pos(t, i), "\" #\" starts a comment, so YAML does not "
	    "read the rest of this line, \"%c\" included; put the text with "
	    "\"#\" in double quotes", close);
	return 1;
}

/* A footnote "^[...]" unquoted inside a list or row written on one line:
 * its "[" and "]" are YAML's own brackets there. */
static int
yt_flow_note(struct diag *d, const struct yt_text *t,
    const struct yt_err *e, size_t poff)
{
	if (!yt_is(e->problem, "did not find expected ',' or ") ||
	    poff < 1 || poff >= t->len || t->buf[poff] != '[' ||
	    t->buf[poff - 1] != '^')
		return 0;
	yt_error(d, t, poff - 1, e);
	diag_note(d, yt_pos(t, poff - 1), "inside [ ] or { } the brackets of "
	    "a footnote \"^[...]\" are read as YAML's own; put the text "
	    "with the footnote in double quotes");
	return 1;
}

void
yt_syntax(struct diag *d, const struct yt_text *t, const struct yt_err *e0)
{
	struct yt_err	 e = *e0;
	size_t		 poff;

	if (e.problem == NULL)
		e.problem = "error";	/* yt_words translates it */
	poff = yt_offset(t, e.pm.line, e.pm.col);
	if (poff < t->len && t->buf[poff] == '\t') {
		diag_error(d, e.pm, "tab character in indentation; YAML "
		    "indents with spaces only");
		return;
	}
	if (yt_invisible(d, t, poff) || yt_unclosed(d, t, &e) ||
	    yt_special(d, t, &e, poff) || yt_colon(d, t, &e, poff) ||
	    yt_simple_key(d, t, &e) || yt_block(d, t, &e, poff) ||
	    yt_flow_comment(d, t, &e, poff) || yt_flow_note(d, t, &e, poff))
		return;
	diag_error(d, e.pm, "YAML syntax: %s", yt_words(e.problem));
	if (e.context != NULL)
		diag_note(d, e.cm, "%s", yt_words(e.context));
}

void
yt_start_note(struct diag *d, const struct yt_text *t, struct mark m)
{
	struct yt_line	 l;
	const char	*reads;
	size_t		 at = yt_offset(t, m.line, m.col);

	if (at >= t->len)
		return;
	yt_fill(t, at, &l);
	if ((reads = yt_reads(t, at, l.e)) != NULL)
		yt_special_note(d, t, &l, at, reads);
}

/* ---- warnings: valid YAML that loses or changes text ---- */

void
yt_comment(struct diag *d, const struct yt_text *t, size_t end, struct mark m)
{
	char	 text[300];
	size_t	 e;

	/* two blanks or more before "#" mark a comment written on purpose */
	if (end + 1 >= t->len || !yt_blank(t->buf[end]) ||
	    t->buf[end + 1] != '#')
		return;
	for (e = end + 1; e < t->len && !yt_brk(t->buf[e]); e++)
		;
	yt_quote(t, end + 1, e, DIAG_CLIP, text, sizeof(text));
	m.col += 1;
	diag_warn(d, m, "the text after \" #\" is a comment and will not be "
	    "printed: \"%s\"; put the whole text in double quotes to keep it",
	    text);
	diag_note(d, m, "a comment meant as one has two spaces before \"#\"");
}

void
yt_folded(struct diag *d, const struct yt_text *t, size_t start, size_t end)
{
	struct yt_line	 l, n;
	size_t		 i;
	int		 first = -1;

	yt_fill(t, start, &l);
	for (i = start; i < l.e && t->buf[i] != '>'; i++)
		;
	for (; i < l.e && !yt_blank(t->buf[i]); i++)
		if (t->buf[i] >= '0' && t->buf[i] <= '9')
			return;		/* an explicit indentation */
	while (yt_next(t, &l, &n) && n.s < end) {
		if (first < 0)
			first = n.indent;
		else if (n.indent > first) {
			diag_warn(d, yt_pos(t, n.fb), "this line is indented "
			    "%d spaces, more than the first line of the text "
			    "(%d): in folded text (\">\") YAML keeps such a "
			    "line apart, with its line breaks and extra "
			    "spaces; indent it %d spaces to join it to the "
			    "text", n.indent, first, first);
			return;
		}
		l = n;
	}
}

/* ---- keys ---- */

/* Where the first invisible character of a key is (YT_NONE when none),
 * its code point and its column; a no-break space counts only at an end
 * (inside a key it is a space). */
static size_t
yt_key_invisible(const char *key, size_t len, uint32_t *bad, int *col)
{
	size_t		 i = 0, w;
	uint32_t	 cp;

	for (*col = 0; i < len; (*col)++) {
		w = i;
		cp = txt_next(key, len, &i);
		if (diag_cpname(cp) != NULL && (cp != 0xA0 || w == 0 ||
		    i == len)) {
			*bad = cp;
			return w;
		}
	}
	return YT_NONE;
}

int
yt_key(struct diag *d, struct arena *a, const char *key, size_t len,
    struct mark m)
{
	struct sbuf	 clean = { 0 };
	size_t		 i = 0, w, at, last = 0;
	uint32_t	 cp, bad = 0;
	int		 badcol;
	const char	*shown;

	if ((at = yt_key_invisible(key, len, &bad, &badcol)) == YT_NONE)
		return 0;
	/* the key as it looks on screen, for the message */
	while (i < len) {
		w = i;
		cp = txt_next(key, len, &i);
		if (diag_cpname(cp) == NULL || (cp == 0xA0 && w > 0 &&
		    i < len)) {
			sbuf_add(&clean, key + w, i - w);
			last = w;
		}
	}
	sbuf_add(&clean, "", 1);
	shown = diag_clip(a, clean.s, strlen(clean.s));
	m.col += badcol;
	if (at == 0)
		diag_error(d, m, "invisible character U+%04X (%s) before "
		    "\"%s\"; delete it", (unsigned)bad, diag_cpname(bad), shown);
	else if (at > last)
		diag_error(d, m, "invisible character U+%04X (%s) after "
		    "\"%s\"; delete it", (unsigned)bad, diag_cpname(bad), shown);
	else
		diag_error(d, m, "invisible character U+%04X (%s) inside "
		    "\"%s\"; delete it", (unsigned)bad, diag_cpname(bad), shown);
	sbuf_free(&clean);
	return -1;
}
