/*
 * yload.c - reads a YAML file into a tree of ynodes (yload.h).
 *
 * Owns: reading the file (size cap, encoding: UTF-8 with or without BOM,
 * no UTF-16, no NUL or control characters), the libyaml event loop, the
 * node tree with 1-based marks, duplicate keys, single document, tags
 * (the five standard scalar tags checked and honoured, any other one an
 * error), anchors and aliases (an alias copies the anchored nodes, not
 * their text, with marks naming the alias use; sizes and text are counted
 * before anything is copied, so a "billion laughs" or a paragraph
 * repeated past 16 MiB fails at once; an anchor may be redefined, an
 * alias taking the latest definition before it), the nesting, node and
 * text caps, and a copy of each file's text for the report (model.h
 * struct source). Syntax errors and YAML's traps are explained by
 * ytrap.c; the `extends` chain and its deep merge are yextend.c's.
 * Syntax errors stop the file; duplicate keys are all reported.
 * Return convention: NULL / -1 = failed with the diagnostic recorded.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"
#include "yload.h"
#include "yload_int.h"
#include "ytrap.h"

/* anchor name -> node, open addressing */
struct yl_anchor {
	const char	*name;
	struct ynode	*node;
	int		 used;		/* an alias refers to this definition */
};

struct yl_frame {
	struct ynode	*node;
	struct ynode	*key;		/* pending key of a mapping */
	int		 bad_key;	/* it is not a scalar: drop the pair */
	struct mark	 colon;		/* the ':' after the pending key */
	int		 cap;
	const char	*anchor;
};

struct yl_parse {
	struct arena	*a;
	struct diag	*d;
	const char	*file;		/* as opened, in the arena */
	const char	*buf;		/* the text libyaml reads (BOM gone) */
	size_t		 len;
	struct yt_text	 t;		/* the same, for ytrap.c */
	size_t		 ci, bi;	/* a character index and its byte */
	struct yl_frame	 stack[YL_MAX_DEPTH + 1];
	int		 depth;
	struct yl_anchor *anchors;
	size_t		 nanch, capanch;
	long		 total;		/* nodes after expansion */
	long		 text;		/* bytes of text after expansion */
	struct ynode	*root;
	int		 ndocs;
	int		 failed;	/* stop the event loop */
	int		 errors;	/* any error (dup keys go on) */
	int		 trap_line;	/* a trap already explained there */
};


/* ---- positions ---- */

/* The 1-based line and column (in characters) of byte `off` of buf. */
static struct mark
yl_pos(const char *file, const char *buf, size_t len, size_t off)
{
	struct yt_text	 t = { file, buf, len };

	return yt_pos(&t, off);
}

/* The byte of libyaml's character index `ci` (marks count characters),
 * moving on from the last one asked: marks come in file order, so the
 * file is walked once. */
static size_t
yl_byte(struct yl_parse *p, size_t ci)
{
	if (ci < p->ci) {
		p->ci = 0;
		p->bi = 0;
	}
	while (p->ci < ci && p->bi < p->len) {
		txt_next(p->buf, p->len, &p->bi);
		p->ci++;
	}
	return p->bi;
}

static struct mark
yl_mark(const struct yl_parse *p, yaml_mark_t ym)
{
	struct mark	 m;

	memset(&m, 0, sizeof(m));
	m.file = p->file;
	m.line = ym.line > INT_MAX - 1 ? INT_MAX : (int)ym.line + 1;
	m.col = ym.column > INT_MAX - 1 ? INT_MAX : (int)ym.column + 1;
	return m;
}

/* ---- reading and encoding ---- */

/* Read the whole file into a heap buffer; -1 with errno set, -2 when
 * it is too large, -3 when it is not a regular file (a FIFO or a device
 * could block or never end). */
static int
yl_read(const char *path, char **out, size_t *outlen)
{
	FILE		*f;
	char		*buf = NULL;
	size_t		 len = 0, cap = 0, n;
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		n = S_ISDIR(st.st_mode);
		close(fd);
		errno = EISDIR;
		return n ? -1 : -3;
	}
	if (st.st_size > YL_MAX_FILE) {
		close(fd);
		return -2;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return -1;
	}
	errno = 0;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > (size_t)YL_MAX_FILE) {
			free(buf);
			fclose(f);
			return -2;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno != 0 ? errno : EIO;

		free(buf);
		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* UTF-16 by BOM or by the pattern of NUL bytes in the first bytes. */
static int
yl_is_utf16(const unsigned char *b, size_t len)
{
	size_t	 i, n, even = 0, odd = 0;

	if (len >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) ||
	    (b[0] == 0xFF && b[1] == 0xFE)))
		return 1;
	n = len < 128 ? len : 128;
	if (n < 2)
		return 0;
	for (i = 0; i + 1 < n; i += 2) {
		even += b[i] == 0;
		odd += b[i + 1] == 0;
	}
	return (even > 0 && odd == 0 && even * 2 >= n / 2) ||
	    (odd > 0 && even == 0 && odd * 2 >= n / 2);
}

/* The byte offset of the first control character other than tab, LF,
 * CR and Word's line break U+000B (C0, DEL and C1), or (size_t)-1. The
 * text is valid UTF-8. */
static size_t
yl_find_control(const char *s, size_t len, uint32_t *cpout)
{
	size_t		 i = 0, at;
	uint32_t	 cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		at = i;
		cp = txt_next(s, len, &i);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' &&
		    cp != 0x0B) ||
		    (cp >= 0x7F && cp <= 0x9F)) {
			*cpout = cp;
			return at;
		}
	}
	return (size_t)-1;
}

/* Check the encoding of buf; on success *skip is the BOM length. */
static int
yl_check_text(struct diag *d, const char *file, const char *buf,
    size_t len, size_t *skip)
{
	size_t		 off;
	uint32_t	 cp;

	*skip = 0;
	if (yl_is_utf16((const unsigned char *)buf, len)) {
		diag_error(d, yl_pos(file, buf, len, 0), "the file is "
		    "UTF-16; save it as UTF-8");
		return -1;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		*skip = 3;
	buf += *skip;
	len -= *skip;
	if ((off = txt_invalid_utf8(buf, len)) != (size_t)-1) {
		diag_error(d, yl_pos(file, buf, len, off), "invalid UTF-8 "
		    "(byte 0x%02X); save the file as UTF-8",
		    (unsigned char)buf[off]);
		return -1;
	}
	if ((off = yl_find_control(buf, len, &cp)) != (size_t)-1) {
		char	 nm[96];

		if (cp == 0)
			diag_error(d, yl_pos(file, buf, len, off),
			    "NUL byte (U+0000) in the file");
		else
			diag_error(d, yl_pos(file, buf, len, off),
			    "control character %s is not allowed; delete "
			    "it (most editors do not show it)",
			    txt_cp_desc(cp, nm, sizeof(nm)));
		return -1;
	}
	return 0;
}

/* ---- anchors ---- */

static size_t
yl_hash(const char *s)
{
	size_t	 h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct yl_anchor *
yl_anchor_slot(struct yl_parse *p, const char *name)
{
	size_t	 i;

	if (p->capanch == 0)
		return NULL;
	i = yl_hash(name) & (p->capanch - 1);
	while (p->anchors[i].name != NULL &&
	    strcmp(p->anchors[i].name, name) != 0)
		i = (i + 1) & (p->capanch - 1);
	return &p->anchors[i];
}

/* "&Co text" reads as the anchor Co on the text "text": an anchor on a
 * plain text that no alias uses is most likely such a loss. */
static void
yl_anchor_unused(struct yl_parse *p, const struct yl_anchor *a)
{
	if (a->used || a->node->kind != YL_SCALAR || a->node->style !=
	    YL_PLAIN || a->node->tag != YL_TAG_NONE)
		return;
	diag_warn(p->d, a->node->mark, "\"&%s\" at the start of the text is "
	    "read by YAML as an anchor (a name for the value) and is not "
	    "printed; put the whole text in double quotes to keep it",
	    diag_clip(p->a, a->name, strlen(a->name)));
}

static void
yl_anchor_set(struct yl_parse *p, const char *name, struct ynode *n)
{
	struct yl_anchor	*old, *slot;
	size_t			 oldcap, i;

	if ((p->nanch + 1) * 2 > p->capanch) {
		old = p->anchors;
		oldcap = p->capanch;
		p->capanch = oldcap ? oldcap * 2 : 64;
		p->anchors = arena_alloc(p->a,
		    p->capanch * sizeof(*p->anchors));
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				*yl_anchor_slot(p, old[i].name) = old[i];
	}
	slot = yl_anchor_slot(p, name);
	if (slot->name == NULL) {
		slot->name = arena_strdup(p->a, name);
		p->nanch++;
	} else
		yl_anchor_unused(p, slot);
	slot->node = n;
	slot->used = 0;
}

/* ---- building the tree ---- */

static int
yl_count(struct yl_parse *p, long n, struct mark m)
{
	p->total += n;
	if (p->total > YL_MAX_NODES) {
		diag_error(p->d, m, "more than %ld YAML nodes (after "
		    "expanding aliases)", YL_MAX_NODES);
		p->failed = 1;
		return -1;
	}
	return 0;
}

/* Count `n` more bytes of text; the mark is the alias that adds them. */
static int
yl_count_text(struct yl_parse *p, long n, struct mark m, const char *alias)
{
	p->text += n;
	if (p->text <= YL_MAX_TEXT)
		return 0;
	if (alias != NULL)
		diag_error(p->d, m, "the text repeated through aliases passes "
		    "16 MiB (*%s adds %ld KiB); a report holds at most 16 MiB "
		    "of text: write the repeated text fewer times", alias,
		    (n + 1023) / 1024);
	else
		diag_error(p->d, m, "more than 16 MiB of text");
	p->failed = 1;
	return -1;
}

static struct ynode *
yl_node(struct yl_parse *p, enum yl_kind kind, yaml_mark_t ym)
{
	struct ynode	*n;

	n = arena_alloc(p->a, sizeof(*n));
	n->kind = kind;
	n->mark = yl_mark(p, ym);
	n->size = 1;
	n->height = 1;
	return n;
}

static void
yl_append(struct yl_parse *p, struct yl_frame *f, struct ynode *child)
{
	struct ynode	*par = f->node;

	par->size += child->size;
	par->text += child->text;
	if (child->height + 1 > par->height)
		par->height = child->height + 1;
	if (par->kind == YL_SEQ) {
		par->items = arena_grow(p->a, par->items, &f->cap, par->n,
		    sizeof(*par->items));
		par->items[par->n++] = child;
		return;
	}
	if (f->key == NULL) {
		f->bad_key = child->kind != YL_SCALAR;
		if (f->bad_key) {
			if (child->kind == YL_SEQ)
				diag_error(p->d, child->mark, "a mapping key "
				    "must be a plain name, not a list");
			else
				diag_error(p->d, child->mark, "a mapping key "
				    "must be a plain name, not a mapping");
			p->errors = 1;
		} else if (yt_key(p->d, p->a, child->str, child->len,
		    child->mark) == -1)
			p->errors = 1;
		f->key = child;
		return;
	}
	/* A pair whose key was refused never enters the mapping: every key
	 * later stages meet (duplicates, merge keys, extends, the schema)
	 * is a scalar. */
	if (f->bad_key) {
		f->key = NULL;
		f->bad_key = 0;
		return;
	}
	par->pairs = arena_grow(p->a, par->pairs, &f->cap, par->n,
	    sizeof(*par->pairs));
	par->pairs[par->n].key = f->key;
	par->pairs[par->n].val = child;
	par->pairs[par->n].colon = f->colon;
	par->n++;
	f->key = NULL;
}

/* Attach a finished node to its parent, or make it the root. */
static void
yl_attach(struct yl_parse *p, struct ynode *n)
{
	if (p->depth > 0)
		yl_append(p, &p->stack[p->depth - 1], n);
	else
		p->root = n;
}

static const char *
yl_keystr(const struct ynode *k)
{
	return k->kind == YL_SCALAR ? k->str : "";
}

static int
yl_cmp_pair(const void *x, const void *y)
{
	const struct ypair *a = *(const struct ypair *const *)x;
	const struct ypair *b = *(const struct ypair *const *)y;
	int	 c;

	if ((c = strcmp(yl_keystr(a->key), yl_keystr(b->key))) != 0)
		return c;
	return a < b ? -1 : a > b;
}

static void
yl_dup_error(struct yl_parse *p, const struct ypair *first,
    const struct ypair *second)
{
	const char	*k = yl_keystr(second->key);

	k = diag_clip(p->a, k, strlen(k));
	diag_error(p->d, second->key->mark, "duplicate key \"%s\"", k);
	diag_note(p->d, first->key->mark, "\"%s\" was first given here", k);
	p->errors = 1;
}

/* Report duplicate keys of a mapping: pairwise when small, else sorted. */
static void
yl_check_dups(struct yl_parse *p, struct ynode *m)
{
	const struct ypair	**v;
	int			 i, j;

	if (m->n <= 16) {
		for (i = 1; i < m->n; i++)
			for (j = 0; j < i; j++)
				if (strcmp(yl_keystr(m->pairs[i].key),
				    yl_keystr(m->pairs[j].key)) == 0) {
					yl_dup_error(p, &m->pairs[j],
					    &m->pairs[i]);
					break;
				}
		return;
	}
	v = xcalloc(m->n, sizeof(*v));
	for (i = 0; i < m->n; i++)
		v[i] = &m->pairs[i];
	qsort(v, m->n, sizeof(*v), yl_cmp_pair);
	for (i = 1; i < m->n; i++)
		if (strcmp(yl_keystr(v[i]->key), yl_keystr(v[i - 1]->key))
		    == 0)
			yl_dup_error(p, v[i - 1], v[i]);
	free(v);
}

/* ---- tags ---- */

#define YL_TAG_PREFIX	"tag:yaml.org,2002:"

static const char *const yl_tags[] = { "", "str", "int", "float", "bool",
    "null" };

/* A tag as the user wrote it: !!binary, !foo, !<tag:x>. */
static const char *
yl_tag_name(struct yl_parse *p, const char *tag)
{
	size_t	 n = strlen(YL_TAG_PREFIX);

	if (strncmp(tag, YL_TAG_PREFIX, n) == 0)
		return arena_printf(p->a, "!!%s", diag_clip(p->a, tag + n,
		    strlen(tag + n)));
	if (tag[0] == '!')
		return diag_clip(p->a, tag, strlen(tag));
	return arena_printf(p->a, "!<%s>", diag_clip(p->a, tag,
	    strlen(tag)));
}

/* 1 when the text is a value of the standard tag t. */
static int
yl_tag_fits(int t, const char *s)
{
	const char	*q = s;

	switch (t) {
	case YL_TAG_INT:
	case YL_TAG_FLOAT:
		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return 0;
		while (isdigit((unsigned char)*q))
			q++;
		if (t == YL_TAG_FLOAT && *q == '.' &&
		    isdigit((unsigned char)q[1]))
			for (q++; isdigit((unsigned char)*q); q++)
				;
		return *q == '\0';
	case YL_TAG_BOOL:
		return strcmp(s, "true") == 0 || strcmp(s, "false") == 0;
	case YL_TAG_NULL:
		return *s == '\0' || strcmp(s, "~") == 0 ||
		    strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
		    strcmp(s, "NULL") == 0;
	default:
		return 1;
	}
}

/* Honour a standard scalar tag (its value checked; the style the schema
 * types by set from it), refuse any other tag. */
static int
yl_tag_scalar(struct yl_parse *p, struct ynode *n, const char *tag)
{
	static const char *const want[] = { "", "", N_("a whole number such "
	    "as 15"), N_("a number such as 98.5"), N_("true or false"),
	    N_("an empty value") };
	size_t	 plen = strlen(YL_TAG_PREFIX);
	int	 t;

	if (tag == NULL)
		return 0;
	for (t = YL_TAG_STR; t <= YL_TAG_NULL; t++)
		if (strncmp(tag, YL_TAG_PREFIX, plen) == 0 &&
		    strcmp(tag + plen, yl_tags[t]) == 0)
			break;
	if (t > YL_TAG_NULL) {
		diag_error(p->d, n->mark, "the tag %s is not read by baocao "
		    "(only !!str, !!int, !!float, !!bool and !!null are); "
		    "remove it", yl_tag_name(p, tag));
		if (n->style == YL_PLAIN && tag[0] == '!') {
			yt_start_note(p->d, &p->t, n->mark);
			p->trap_line = n->mark.line;
		}
		return -1;
	}
	if (!yl_tag_fits(t, n->str)) {
		diag_error(p->d, n->mark, "!!%s needs %s, got \"%s\"",
		    yl_tags[t], _(want[t]), diag_clip(p->a, n->str, n->len));
		return -1;
	}
	n->tag = (enum yl_tag)t;
	if (t != YL_TAG_STR)
		n->style = YL_PLAIN;
	else if (n->style == YL_PLAIN)
		n->style = YL_DQUOTED;
	return 0;
}

/* ---- scalars ---- */

static enum yl_style
yl_style(yaml_scalar_style_t st)
{
	switch (st) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return YL_SQUOTED;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return YL_DQUOTED;
	case YAML_LITERAL_SCALAR_STYLE:
		return YL_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return YL_FOLDED;
	default:
		return YL_PLAIN;
	}
}

/* What the text around a scalar says: a key's colon (for messages that
 * point at it), " #" after a plain value, a folded text's indentation. */
static void
yl_scalar_text(struct yl_parse *p, const yaml_event_t *e, struct ynode *n)
{
	struct yl_frame	*f;
	struct mark	 m;
	size_t		 start, end;

	if (n->style == YL_FOLDED) {
		start = yl_byte(p, e->start_mark.index);
		yt_folded(p->d, &p->t, start, yl_byte(p, e->end_mark.index));
	}
	end = yl_byte(p, e->end_mark.index);
	m = yl_mark(p, e->end_mark);
	if (n->style == YL_PLAIN && n->tag == YL_TAG_NONE)
		yt_comment(p->d, &p->t, end, m);
	if (p->depth == 0 || (f = &p->stack[p->depth - 1])->node->kind !=
	    YL_MAP || f->key != NULL)
		return;
	while (end < p->len && (p->buf[end] == ' ' || p->buf[end] == '\t')) {
		end++;
		m.col++;
	}
	f->colon = m;
}

static void
yl_scalar(struct yl_parse *p, yaml_event_t *e)
{
	struct ynode	*n;
	uint32_t	 cp;

	n = yl_node(p, YL_SCALAR, e->start_mark);
	if (e->data.scalar.length > (size_t)YL_MAX_SCALAR) {
		diag_error(p->d, n->mark, "a value longer than 1 MiB");
		p->failed = 1;
		return;
	}
	/* the file had none: these come from escapes ("\0", "\a", "\x85") */
	if (yl_find_control((const char *)e->data.scalar.value,
	    e->data.scalar.length, &cp) != (size_t)-1) {
		char	 nm[96];

		if (cp == 0)
			diag_error(p->d, n->mark, "NUL character (U+0000) in "
			    "a value");
		else
			diag_error(p->d, n->mark, "control character %s is "
			    "not allowed (written as an escape)",
			    txt_cp_desc(cp, nm, sizeof(nm)));
		p->errors = 1;
	}
	n->str = arena_strndup(p->a, (const char *)e->data.scalar.value,
	    e->data.scalar.length);
	n->len = txt_show_breaks((char *)n->str, e->data.scalar.length);
	n->text = (long)n->len;
	n->style = yl_style(e->data.scalar.style);
	if (yl_tag_scalar(p, n, (const char *)e->data.scalar.tag) == -1)
		p->errors = 1;
	yl_scalar_text(p, e, n);
	if (yl_count(p, 1, n->mark) == -1 ||
	    yl_count_text(p, n->text, n->mark, NULL) == -1)
		return;
	if (e->data.scalar.anchor != NULL)
		yl_anchor_set(p, (const char *)e->data.scalar.anchor, n);
	yl_attach(p, n);
}

static int
yl_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when the list or mapping starting at e is written in [ ] or { }
 * (after its anchor or tag), not a block or a lone "key: value" pair
 * inside a one-line list. */
static int
yl_braces(struct yl_parse *p, const yaml_event_t *e)
{
	size_t	 i = yl_byte(p, e->start_mark.index);

	while (i < p->len && (p->buf[i] == '&' || p->buf[i] == '!')) {
		while (i < p->len && !yl_blank(p->buf[i]))
			i++;
		while (i < p->len && yl_blank(p->buf[i]))
			i++;
	}
	return i < p->len && (p->buf[i] == '[' || p->buf[i] == '{');
}

static void
yl_start(struct yl_parse *p, yaml_event_t *e, enum yl_kind kind,
    yaml_char_t *anchor, yaml_char_t *tag)
{
	struct yl_frame	*f;
	struct ynode	*n;

	n = yl_node(p, kind, e->start_mark);
	if (tag != NULL) {
		diag_error(p->d, n->mark, "the tag %s is not read by baocao; "
		    "remove it", yl_tag_name(p, (const char *)tag));
		p->errors = 1;
	}
	if (p->depth >= YL_MAX_DEPTH) {
		diag_error(p->d, n->mark, "nesting deeper than %d levels",
		    YL_MAX_DEPTH);
		p->failed = 1;
		return;
	}
	if (yl_count(p, 1, n->mark) == -1)
		return;
	n->braces = yl_braces(p, e);
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->anchor = anchor ? arena_strdup(p->a, (char *)anchor) : NULL;
}


/* YAML 1.1 merge keys: `<<: *base` or `<<: [*a, *b]` add the keys this
 * mapping does not give itself (earlier sources win). */
static void
yl_merge_keys(struct yl_parse *p, struct yl_frame *f)
{
	struct ynode		*m = f->node, *v, own;
	const struct ynode	*src;
	const struct ypair	**sorted;
	struct ypair		*pairs;
	size_t			 total;
	int			 i, k, nsrc;

	for (i = 0; i < m->n; i++)
		if (m->pairs[i].key->style == YL_PLAIN &&
		    strcmp(yl_keystr(m->pairs[i].key), "<<") == 0)
			break;
	if (i == m->n)
		return;
	v = m->pairs[i].val;
	nsrc = v->kind == YL_SEQ ? v->n : 1;
	total = (size_t)m->n;
	for (k = 0; k < nsrc; k++) {
		src = v->kind == YL_SEQ ? v->items[k] : v;
		if (src->kind != YL_MAP) {
			diag_error(p->d, src->mark, "a merge key (<<) takes "
			    "a mapping or a list of mappings");
			p->errors = 1;
			return;
		}
		total += (size_t)src->n;
	}
	pairs = arena_alloc(p->a, (total + 1) * sizeof(*pairs));
	memcpy(pairs, m->pairs, (size_t)i * sizeof(*pairs));
	memcpy(pairs + i, m->pairs + i + 1, (size_t)(m->n - i - 1) *
	    sizeof(*pairs));
	m->pairs = pairs;
	m->n--;
	f->cap = (int)total;
	for (k = 0; k < nsrc; k++) {
		src = v->kind == YL_SEQ ? v->items[k] : v;
		own = *m;	/* the keys before this source */
		sorted = yl_sorted(p->a, &own);
		for (i = 0; i < src->n; i++)
			if (yl_find(&own, sorted,
			    yl_keystr(src->pairs[i].key)) < 0)
				m->pairs[m->n++] = src->pairs[i];
	}
}

static void
yl_end(struct yl_parse *p)
{
	struct yl_frame	*f = &p->stack[--p->depth];

	if (f->node->kind == YL_MAP) {
		yl_check_dups(p, f->node);
		yl_merge_keys(p, f);
	}
	if (f->anchor != NULL)
		yl_anchor_set(p, f->anchor, f->node);
	yl_attach(p, f->node);
}

static int
yl_in_progress(const struct yl_parse *p, const char *name)
{
	int	 i;

	for (i = 0; i < p->depth; i++)
		if (p->stack[i].anchor && strcmp(p->stack[i].anchor, name) == 0)
			return 1;
	return 0;
}

/* A copy of the anchored nodes n for the alias use `via` (the text is
 * shared): every mark inside names the use, so a diagnostic about any
 * part is given there, with a note at the part (diag.c). For an alias
 * inside an aliased value, the outermost use is named. */
static struct ynode *
yl_copy(struct yl_parse *p, const struct ynode *n, const struct mark_via *via)
{
	struct ynode	*c;
	int		 i;

	c = arena_alloc(p->a, sizeof(*c));
	*c = *n;
	c->mark.via = via;
	if (n->kind == YL_SEQ) {
		c->items = arena_alloc(p->a, (n->n + 1) * sizeof(*c->items));
		for (i = 0; i < n->n; i++)
			c->items[i] = yl_copy(p, n->items[i], via);
	} else if (n->kind == YL_MAP) {
		c->pairs = arena_alloc(p->a, (n->n + 1) * sizeof(*c->pairs));
		for (i = 0; i < n->n; i++) {
			c->pairs[i] = n->pairs[i];
			c->pairs[i].key = yl_copy(p, n->pairs[i].key, via);
			c->pairs[i].val = yl_copy(p, n->pairs[i].val, via);
			c->pairs[i].colon.via = via;
		}
	}
	return c;
}

static void
yl_alias(struct yl_parse *p, yaml_event_t *e)
{
	const char		*name = (const char *)e->data.alias.anchor;
	struct yl_anchor	*slot = yl_anchor_slot(p, name);
	struct mark		 m = yl_mark(p, e->start_mark);
	struct mark_via		*via;

	if (yl_in_progress(p, name)) {
		diag_error(p->d, m, "alias *%s refers to a node that "
		    "contains it", name);
		p->failed = 1;
		return;
	}
	if (slot == NULL || slot->name == NULL) {
		diag_error(p->d, m, "unknown alias *%s (no value marked &%s "
		    "comes before it)", name, name);
		yt_start_note(p->d, &p->t, m);
		p->failed = 1;
		return;
	}
	if (p->depth + slot->node->height > YL_MAX_DEPTH) {
		diag_error(p->d, m, "nesting deeper than %d levels (after "
		    "expanding alias *%s)", YL_MAX_DEPTH, name);
		p->failed = 1;
		return;
	}
	if (yl_count(p, slot->node->size, m) == -1 ||
	    yl_count_text(p, slot->node->text, m, name) == -1)
		return;
	slot->used = 1;
	via = arena_alloc(p->a, sizeof(*via));
	via->use = m;
	via->anchor = slot->node->mark;
	via->anchor.via = NULL;
	via->name = slot->name;
	yl_attach(p, yl_copy(p, slot->node, via));
}

/* Warn about the anchors on plain text that no alias used (&Co text). */
static void
yl_anchors_unused(struct yl_parse *p)
{
	size_t	 i;

	if (p->failed)
		return;
	for (i = 0; i < p->capanch; i++)
		if (p->anchors[i].name != NULL)
			yl_anchor_unused(p, &p->anchors[i]);
}

/* ---- the event loop ---- */

static void
yl_syntax_error(struct yl_parse *p, yaml_parser_t *yp)
{
	struct yt_err	 e;

	if (yp->error == YAML_MEMORY_ERROR) {
		xoom("libyaml");
	}
	if (yp->error == YAML_READER_ERROR) {
		diag_error(p->d, yl_pos(p->file, p->buf, p->len,
		    yp->problem_offset), "%s", yp->problem ?
		    yt_words(yp->problem) : _("unreadable text"));
		return;
	}
	memset(&e, 0, sizeof(e));
	e.problem = yp->problem;
	e.pm = yl_mark(p, yp->problem_mark);
	/* the error that follows a tag read from text ("!Quan trọng: ...")
	 * has the same fix, already given */
	if (e.pm.line == p->trap_line)
		return;
	e.context = yp->context;
	e.cm = yl_mark(p, yp->context_mark);
	yt_syntax(p->d, &p->t, &e);
}

static void
yl_event(struct yl_parse *p, yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (p->ndocs > 0) {
			diag_error(p->d, yl_mark(p, e->start_mark), "a "
			    "second YAML document; one file holds one "
			    "report");
			p->failed = 1;
		}
		break;
	case YAML_DOCUMENT_END_EVENT:
		p->ndocs++;
		break;
	case YAML_SCALAR_EVENT:
		yl_scalar(p, e);
		break;
	case YAML_SEQUENCE_START_EVENT:
		yl_start(p, e, YL_SEQ, e->data.sequence_start.anchor,
		    e->data.sequence_start.tag);
		break;
	case YAML_MAPPING_START_EVENT:
		yl_start(p, e, YL_MAP, e->data.mapping_start.anchor,
		    e->data.mapping_start.tag);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		yl_end(p);
		break;
	case YAML_ALIAS_EVENT:
		yl_alias(p, e);
		break;
	default:
		break;
	}
}

static void
yl_events(struct yl_parse *p)
{
	yaml_parser_t	 yp;
	yaml_event_t	 e;
	int		 done = 0;

	if (!yaml_parser_initialize(&yp)) {
		xoom("libyaml");
	}
	yaml_parser_set_input_string(&yp, (const unsigned char *)p->buf,
	    p->len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!done && !p->failed) {
		if (!yaml_parser_parse(&yp, &e)) {
			yl_syntax_error(p, &yp);
			p->failed = 1;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		yl_event(p, &e);
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&yp);
}

/* Parse one file's text; the root must be a mapping. */
static struct ynode *
yl_parse_text(struct arena *a, struct diag *d, const char *file,
    const char *buf, size_t len)
{
	struct yl_parse	 p;

	memset(&p, 0, sizeof(p));
	p.a = a;
	p.d = d;
	p.file = file;
	p.buf = buf;
	p.len = len;
	p.t.file = file;
	p.t.buf = buf;
	p.t.len = len;
	yl_events(&p);
	yl_anchors_unused(&p);
	if (p.failed || p.errors)
		return NULL;
	if (p.root == NULL || yl_is_null(p.root)) {
		diag_error(d, yl_pos(file, buf, len, 0), "the file is "
		    "empty; a report needs at least title and body");
		return NULL;
	}
	if (p.root->kind == YL_SEQ) {
		diag_error(d, p.root->mark, "expected a mapping of report "
		    "keys (title:, body: ...) at the top level, got a list");
		return NULL;
	}
	if (p.root->kind != YL_MAP) {
		diag_error(d, p.root->mark, "expected a mapping of report "
		    "keys (title:, body: ...) at the top level, got a single "
		    "value");
		return NULL;
	}
	return p.root;
}

/* Keep a copy of the file's bytes in the arena (model.h struct source). */
static void
yl_keep(struct yl_ctx *c, const char *file, const char *buf, size_t len)
{
	struct source	*s;
	char		*text = arena_strndup(c->a, buf, len);

	*c->srcs = arena_grow(c->a, *c->srcs, &c->capsrcs, *c->nsrcs,
	    sizeof(**c->srcs));
	s = &(*c->srcs)[(*c->nsrcs)++];
	memset(s, 0, sizeof(*s));
	s->file = file;
	s->text = text;
	s->len = len;
}

/* Read and parse one file. `from` is the mark of the extends value that
 * names it, NULL for the report itself. */
struct ynode *
yl_file(struct yl_ctx *c, const char *file, const struct mark *from)
{
	struct arena	*a = c->a;
	struct diag	*d = c->d;
	struct ynode	*root;
	char		*buf;
	size_t		 len, skip;
	int		 rc;

	if ((rc = yl_read(file, &buf, &len)) != 0) {
		if (from != NULL && rc == -2)
			diag_error(d, *from, "extends: \"%s\" is larger "
			    "than 16 MiB", file);
		else if (from != NULL && rc == -3)
			diag_error(d, *from, "extends: \"%s\" is not a "
			    "regular file", file);
		else if (rc == -3)
			diag_fail(d, "not a regular file");
		else if (from != NULL)
			diag_error(d, *from, "extends: cannot read \"%s\": "
			    "%s", file, strerror(errno));
		else if (rc == -2)
			diag_fail(d, "file is larger than 16 MiB");
		else
			diag_fail(d, "cannot read: %s", strerror(errno));
		return NULL;
	}
	root = NULL;
	if (yl_check_text(d, file, buf, len, &skip) == 0) {
		char	*hid;
		size_t	 hlen = len - skip;

		yl_keep(c, file, buf, len);
		/* U+000B, U+2028, U+2029 past libyaml (text.h) */
		hid = txt_hide_breaks(buf + skip, &hlen);
		root = yl_parse_text(a, d, file, hid ? hid : buf + skip,
		    hid ? hlen : len - skip);
		free(hid);
	}
	free(buf);
	return root;
}

/* ---- mappings ---- */

/* Index of `key` in mapping m, or -1; `sorted` (m's pairs sorted by key,
 * or NULL for a small mapping) keeps large merges from going quadratic. */
int
yl_find(const struct ynode *m, const struct ypair **sorted, const char *key)
{
	int	 lo, hi, mid, c;

	if (sorted == NULL) {
		for (lo = 0; lo < m->n; lo++)
			if (strcmp(m->pairs[lo].key->str, key) == 0)
				return lo;
		return -1;
	}
	lo = 0;
	hi = m->n - 1;
	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, sorted[mid]->key->str);
		if (c == 0)
			return (int)(sorted[mid] - m->pairs);
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

const struct ypair **
yl_sorted(struct arena *a, const struct ynode *m)
{
	const struct ypair	**v;
	int			 i;

	if (m->n <= 16)
		return NULL;
	v = arena_alloc(a, m->n * sizeof(*v));
	for (i = 0; i < m->n; i++)
		v[i] = &m->pairs[i];
	qsort(v, m->n, sizeof(*v), yl_cmp_pair);
	return v;
}

/* ---- queries ---- */

struct ynode *
yl_get(const struct ynode *map, const char *key)
{
	int	 i;

	if (map == NULL || map->kind != YL_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == YL_SCALAR &&
		    strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].val;
	return NULL;
}

int
yl_is_null(const struct ynode *n)
{
	if (n->kind != YL_SCALAR || n->style != YL_PLAIN)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}
