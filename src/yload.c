/*
 * yload.c - reads a YAML file into a tree of ynodes (yload.h).
 *
 * Owns: reading the file (size cap, encoding: UTF-8 with or without BOM,
 * no UTF-16, no NUL or control characters), the libyaml event loop, the
 * node tree with 1-based marks, duplicate keys, single document, anchors
 * and aliases (an alias shares the anchored subtree; sizes are counted,
 * never copied, so a "billion laughs" file fails at once), the nesting
 * and node caps, the `extends` deep merge with cycle detection, and a
 * copy of each file's text for the report (model.h struct source).
 * Syntax errors stop the file; duplicate keys are all reported.
 * Return convention: NULL / -1 = failed with the diagnostic recorded.
 */
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
#include "text.h"
#include "yload.h"

/* anchor name -> node, open addressing */
struct yl_anchor {
	const char	*name;
	struct ynode	*node;
};

struct yl_frame {
	struct ynode	*node;
	struct ynode	*key;		/* pending key of a mapping */
	int		 bad_key;	/* it is not a scalar: drop the pair */
	int		 cap;
	const char	*anchor;
};

struct yl_parse {
	struct arena	*a;
	struct diag	*d;
	const char	*file;		/* as opened, in the arena */
	const char	*buf;		/* the text libyaml reads (BOM gone) */
	size_t		 len;
	struct yl_frame	 stack[YL_MAX_DEPTH + 1];
	int		 depth;
	struct yl_anchor *anchors;
	size_t		 nanch, capanch;
	long		 total;		/* nodes after expansion */
	struct ynode	*root;
	int		 ndocs;
	int		 failed;	/* stop the event loop */
	int		 errors;	/* any error (dup keys go on) */
};

/* One file on the extends chain. */
struct yl_link {
	const char	*path;
	char		*real;
	const struct yl_link *next;	/* the file that extends this one */
};

struct yl_ctx {
	struct arena	*a;
	struct diag	*d;
	const char	***deps;
	int		*ndeps;
	int		 capdeps;
	struct source	**srcs;
	int		*nsrcs;
	int		 capsrcs;
};

/* ---- positions ---- */

/* The 1-based line and column (in characters) of byte `off` of buf. */
static struct mark
yl_pos(const char *file, const char *buf, size_t len, size_t off)
{
	struct mark	 m;
	size_t		 i;

	m.file = file;
	m.line = 1;
	m.col = 1;
	for (i = 0; i < off && i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n' || (c == '\r' &&
		    (i + 1 >= len || buf[i + 1] != '\n'))) {
			m.line++;
			m.col = 1;
		} else if (c == '\r')
			;
		else if ((c & 0xC0) != 0x80)
			m.col++;
	}
	return m;
}

/* The byte offset of 1-based line:col (characters), the inverse of
 * yl_pos; len when past the end. */
static size_t
yl_offset(const char *buf, size_t len, int line, int col)
{
	size_t	 i;
	int	 l = 1, c = 1;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if ((ch & 0xC0) == 0x80)
			continue;
		if (l == line && c == col)
			return i;
		if (ch == '\n' || (ch == '\r' &&
		    (i + 1 >= len || buf[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r')
			c++;
	}
	return len;
}

static struct mark
yl_mark(const struct yl_parse *p, yaml_mark_t ym)
{
	struct mark	 m;

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
	}
	slot->node = n;
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
			diag_error(p->d, child->mark, "a mapping key must "
			    "be a plain name, not a %s",
			    child->kind == YL_SEQ ? "list" : "mapping");
			p->errors = 1;
		}
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
	diag_error(p->d, second->key->mark, "duplicate key \"%s\"",
	    yl_keystr(second->key));
	diag_note(p->d, first->key->mark, "\"%s\" was first given here",
	    yl_keystr(first->key));
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
	switch (e->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->style = YL_SQUOTED;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = YL_DQUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->style = YL_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = YL_FOLDED;
		break;
	default:
		n->style = YL_PLAIN;
		break;
	}
	if (yl_count(p, 1, n->mark) == -1)
		return;
	if (e->data.scalar.anchor != NULL)
		yl_anchor_set(p, (const char *)e->data.scalar.anchor, n);
	yl_attach(p, n);
}

static void
yl_start(struct yl_parse *p, yaml_event_t *e, enum yl_kind kind,
    yaml_char_t *anchor)
{
	struct yl_frame	*f;
	struct ynode	*n;

	n = yl_node(p, kind, e->start_mark);
	if (p->depth >= YL_MAX_DEPTH) {
		diag_error(p->d, n->mark, "nesting deeper than %d levels",
		    YL_MAX_DEPTH);
		p->failed = 1;
		return;
	}
	if (yl_count(p, 1, n->mark) == -1)
		return;
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->anchor = anchor ? arena_strdup(p->a, (char *)anchor) : NULL;
}

static int yl_find(const struct ynode *, const struct ypair **,
    const char *);
static const struct ypair **yl_sorted(struct arena *, const struct ynode *);

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

static void
yl_alias(struct yl_parse *p, yaml_event_t *e)
{
	const char		*name = (const char *)e->data.alias.anchor;
	struct yl_anchor	*slot = yl_anchor_slot(p, name);
	struct mark		 m = yl_mark(p, e->start_mark);

	if (yl_in_progress(p, name)) {
		diag_error(p->d, m, "alias *%s refers to a node that "
		    "contains it", name);
		p->failed = 1;
		return;
	}
	if (slot == NULL || slot->name == NULL) {
		diag_error(p->d, m, "unknown alias *%s", name);
		p->failed = 1;
		return;
	}
	if (p->depth + slot->node->height > YL_MAX_DEPTH) {
		diag_error(p->d, m, "nesting deeper than %d levels (after "
		    "expanding alias *%s)", YL_MAX_DEPTH, name);
		p->failed = 1;
		return;
	}
	if (yl_count(p, slot->node->size, m) == -1)
		return;
	yl_attach(p, slot->node);
}

/* ---- the event loop ---- */

static void
yl_syntax_error(struct yl_parse *p, yaml_parser_t *yp)
{
	struct mark	 m;
	size_t		 off;

	if (yp->error == YAML_MEMORY_ERROR) {
		xoom("libyaml");
	}
	if (yp->error == YAML_READER_ERROR) {
		off = yp->problem_offset;
		diag_error(p->d, yl_pos(p->file, p->buf, p->len, off),
		    "%s", yp->problem ? yp->problem : "unreadable text");
		return;
	}
	m = yl_mark(p, yp->problem_mark);
	off = yl_offset(p->buf, p->len, m.line, m.col);
	if (off < p->len && p->buf[off] == '\t')
		diag_error(p->d, m, "tab character in indentation; "
		    "YAML indents with spaces only");
	else
		diag_error(p->d, m, "YAML syntax: %s",
		    yp->problem ? yp->problem : "error");
	if (yp->context != NULL)
		diag_note(p->d, yl_mark(p, yp->context_mark), "%s",
		    yp->context);
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
		yl_start(p, e, YL_SEQ, e->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		yl_start(p, e, YL_MAP, e->data.mapping_start.anchor);
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
	yl_events(&p);
	if (p.failed || p.errors)
		return NULL;
	if (p.root == NULL || yl_is_null(p.root)) {
		diag_error(d, yl_pos(file, buf, len, 0), "the file is "
		    "empty; a report needs at least title and body");
		return NULL;
	}
	if (p.root->kind != YL_MAP) {
		diag_error(d, p.root->mark, "expected a mapping of report "
		    "keys (title:, body: ...) at the top level, got a %s",
		    p.root->kind == YL_SEQ ? "list" : "single value");
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
	s->file = file;
	s->text = text;
	s->len = len;
}

/* Read and parse one file. `from` is the mark of the extends value that
 * names it, NULL for the report itself. */
static struct ynode *
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

/* ---- extends ---- */

/* `rel` relative to the directory of `base` (unless absolute). */
static char *
yl_relative(struct arena *a, const char *base, const char *rel)
{
	const char	*slash;

	if (rel[0] == '/' || (slash = strrchr(base, '/')) == NULL)
		return arena_strdup(a, rel);
	return arena_printf(a, "%.*s/%s", (int)(slash - base), base, rel);
}

static int
yl_same(const struct yl_link *l, const char *path, const char *real)
{
	if (real != NULL && l->real != NULL)
		return strcmp(real, l->real) == 0;
	return strcmp(path, l->path) == 0;
}

/* "a.yaml -> b.yaml -> a.yaml" for a chain that comes back to path. */
static void
yl_cycle_error(struct diag *d, struct mark m, const struct yl_link *chain,
    const char *path)
{
	struct sbuf		 sb;
	const struct yl_link	*l;
	const struct yl_link	*v[YL_MAX_EXTENDS + 2];
	int			 n = 0, i;

	memset(&sb, 0, sizeof(sb));
	for (l = chain; l != NULL && n < YL_MAX_EXTENDS + 1; l = l->next)
		v[n++] = l;
	for (i = n - 1; i >= 0; i--) {
		sbuf_adds(&sb, v[i]->path);
		sbuf_adds(&sb, " -> ");
	}
	sbuf_adds(&sb, path);
	diag_error(d, m, "extends cycle: %s", sb.s);
	sbuf_free(&sb);
}

static int
yl_push_dep(struct yl_ctx *c, const char *path)
{
	*c->deps = arena_grow(c->a, *c->deps, &c->capdeps, *c->ndeps,
	    sizeof(**c->deps));
	(*c->deps)[(*c->ndeps)++] = path;
	return 0;
}

/* The mapping without the pairs whose key is k1 or k2. */
static struct ynode *
yl_without(struct arena *a, const struct ynode *m, const char *k1,
    const char *k2)
{
	struct ynode	*n;
	int		 i;

	n = arena_alloc(a, sizeof(*n));
	*n = *m;
	n->pairs = arena_alloc(a, (m->n + 1) * sizeof(*n->pairs));
	n->n = 0;
	for (i = 0; i < m->n; i++) {
		const char *k = m->pairs[i].key->str;

		if ((k1 && strcmp(k, k1) == 0) || (k2 && strcmp(k, k2) == 0))
			continue;
		n->pairs[n->n++] = m->pairs[i];
	}
	return n;
}

/* Index of `key` in mapping m, or -1; `sorted` (m's pairs sorted by key,
 * or NULL for a small mapping) keeps large merges from going quadratic. */
static int
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

static const struct ypair **
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

/* Deep merge: over's keys win, mappings merge, anything else replaced. */
static struct ynode *
yl_merge(struct arena *a, const struct ynode *base, const struct ynode *over)
{
	struct ynode		*n;
	const struct ypair	**sb, **so;
	int			 i, j;

	if (base->kind != YL_MAP || over->kind != YL_MAP)
		return (struct ynode *)over;
	sb = yl_sorted(a, base);
	so = yl_sorted(a, over);
	n = arena_alloc(a, sizeof(*n));
	*n = *over;
	n->pairs = arena_alloc(a, (base->n + over->n + 1) *
	    sizeof(*n->pairs));
	n->n = 0;
	for (i = 0; i < base->n; i++) {
		n->pairs[n->n] = base->pairs[i];
		j = yl_find(over, so, base->pairs[i].key->str);
		if (j >= 0) {
			n->pairs[n->n].key = over->pairs[j].key;
			n->pairs[n->n].val = yl_merge(a, base->pairs[i].val,
			    over->pairs[j].val);
		}
		n->n++;
	}
	for (i = 0; i < over->n; i++)
		if (yl_find(base, sb, over->pairs[i].key->str) < 0)
			n->pairs[n->n++] = over->pairs[i];
	return n;
}

static struct ynode *yl_load_chain(struct yl_ctx *, const char *path,
    const struct mark *from, const struct yl_link *chain, int depth);

/* Load the file `ext` names (relative to `path`) and merge root over it. */
static struct ynode *
yl_extend(struct yl_ctx *c, struct ynode *root, const struct ynode *ext,
    const struct yl_link *self, int depth)
{
	struct ynode	*base;
	const char	*bpath;

	if (ext->kind != YL_SCALAR || yl_is_null(ext)) {
		diag_error(c->d, ext->mark, "extends: expected a file name");
		return NULL;
	}
	if (depth >= YL_MAX_EXTENDS) {
		diag_error(c->d, ext->mark, "extends: more than %d files "
		    "deep", YL_MAX_EXTENDS);
		return NULL;
	}
	bpath = yl_relative(c->a, self->path, ext->str);
	base = yl_load_chain(c, bpath, &ext->mark, self, depth + 1);
	if (base == NULL)
		return NULL;
	yl_push_dep(c, bpath);
	base = yl_without(c->a, base, "output", NULL);
	return yl_merge(c->a, base, yl_without(c->a, root, "extends", NULL));
}

static struct ynode *
yl_load_chain(struct yl_ctx *c, const char *path, const struct mark *from,
    const struct yl_link *chain, int depth)
{
	struct yl_link		 self;
	const struct yl_link	*l;
	struct ynode		*root, *ext, *out;

	self.path = path;
	self.real = realpath(path, NULL);
	self.next = chain;
	for (l = chain; l != NULL; l = l->next)
		if (yl_same(l, path, self.real)) {
			yl_cycle_error(c->d, *from, chain, path);
			free(self.real);
			return NULL;
		}
	root = yl_file(c, path, from);
	out = root;
	if (root != NULL && (ext = yl_get(root, "extends")) != NULL)
		out = yl_extend(c, root, ext, &self, depth);
	free(self.real);
	return out;
}

struct ynode *
yl_load(struct arena *a, struct diag *d, const char *path,
    const char ***deps, int *ndeps, struct source **srcs, int *nsrcs)
{
	struct yl_ctx	 c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.deps = deps;
	c.ndeps = ndeps;
	c.capdeps = *ndeps;
	c.srcs = srcs;
	c.nsrcs = nsrcs;
	c.capsrcs = *nsrcs;
	return yl_load_chain(&c, arena_strdup(a, path), NULL, NULL, 0);
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
