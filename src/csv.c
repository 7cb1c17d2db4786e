/*
 * csv.c - a CSV file as Excel saves it ("CSV UTF-8", with or without a
 * byte order mark; `,`, `;` or tab between cells, found from the header
 * line; RFC 4180 quotes; CRLF or LF), read with libcsv in strict mode,
 * into the node tree the same data written in YAML would give (csv.h):
 *
 *   rows:  [[cell, cell, ...], ...]          the header checked against
 *                                            the table's column titles
 *   units: [{name: .., civil_servants: ..}]  headers by key or by the
 *   items: [{award: .., year: .., ...}]      Vietnamese column title
 *
 * The schema then reads each cell exactly as a YAML cell (numbers,
 * NFC, invisible characters, markup), and every message about a cell is
 * given at the cell's own mark in the CSV file. libcsv is fed one byte
 * at a time: its callbacks do not say where a cell is, and the byte fed
 * when a cell ends (with the first byte of the cell noted before) is
 * what places each cell at its line and column.
 *
 * This file checks what belongs to the CSV form: the file can be read,
 * its encoding, its quotes, the header, the number of cells of each
 * row, the limits (16 MiB, 10,000 rows). Every error of the file is
 * listed (a broken quote ends the reading).
 * Return convention: NULL = failed with the diagnostics recorded.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "arena.h"
#include "csv.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "text.h"
#include "yload.h"

#define CV_NONE		((size_t)-1)
#define CV_MAX_CELLS	1024	/* cells kept per row; more are counted */

struct cv_cell {
	const char	*s;		/* NUL-terminated, line ends as '\n' */
	size_t		 len;
	struct mark	 m;
};

struct cv_row {
	struct cv_cell	*c;
	int		 n;		/* cells in the file (kept: <= max) */
};

struct cv_ctx {
	struct arena	*a;
	struct diag	*d;
	const char	*file;
	const char	*buf;		/* after the byte order mark */
	size_t		 len;
	/* the mark of byte `off`, moved forward only */
	size_t		 off;
	int		 line, col;
	/* the byte being fed; the first byte of the cell being read */
	size_t		 cur, fstart;
	int		 in_row;
	/* the row being read, then every row (the header first) */
	struct cv_cell	*cells;
	int		 ncells, capcells;
	struct cv_row	*rows;
	int		 nrows, caprows;
	int		 stop;
	int		 nerr;
	/* a quote libcsv refused (1) or never closed (2), at byte qat:
	 * said after the errors of the rows before it, in line order */
	int		 qerr;
	size_t		 qat;
};

/* ---- marks ---- */

/* The mark of byte `at`: counted on from the byte asked before (cells
 * come in file order), from the start when `at` is before it. */
static struct mark
cv_mark(struct cv_ctx *c, size_t at)
{
	struct mark	 m;

	if (at < c->off) {
		c->off = 0;
		c->line = 1;
		c->col = 1;
	}
	for (; c->off < at && c->off < c->len; c->off++) {
		unsigned char b = (unsigned char)c->buf[c->off];

		if (b == '\n') {
			c->line++;
			c->col = 1;
		} else if ((b & 0xC0) != 0x80)
			c->col++;
	}
	m.file = c->file;
	m.line = c->line;
	m.col = c->col;
	m.via = NULL;
	return m;
}

static const char *
cv_sep_name(int sep)
{
	return sep == ';' ? _("semicolon (;)") : sep == '\t' ? _("tab") :
	    _("comma (,)");
}

/* ---- reading with libcsv ---- */

/* A cell's text in the arena, CR LF and a lone CR inside a quoted cell
 * turned into '\n' (a line break in the cell, as Excel's Alt+Enter). */
static void
cv_cell_text(struct cv_ctx *c, struct cv_cell *cell, const char *s,
    size_t len)
{
	char	*o = arena_alloc(c->a, len + 1);
	size_t	 i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			o[n++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			o[n++] = s[i];
	}
	o[n] = '\0';
	cell->s = o;
	cell->len = n;
}

/* libcsv: a cell ended at byte c->cur. */
static void
cv_on_cell(void *s, size_t len, void *data)
{
	struct cv_ctx	*c = data;
	size_t		 at = c->fstart != CV_NONE ? c->fstart : c->cur;

	if (c->ncells < CV_MAX_CELLS) {
		c->cells = arena_grow(c->a, c->cells, &c->capcells,
		    c->ncells, sizeof(*c->cells));
		cv_cell_text(c, &c->cells[c->ncells], s ? s : "",
		    s ? len : 0);
		c->cells[c->ncells].m = cv_mark(c, at);
	}
	c->ncells++;
	c->fstart = CV_NONE;
	c->in_row = 1;
}

/* 1 when every kept cell of the row being read is empty. */
static int
cv_row_blank(const struct cv_ctx *c)
{
	int	 i;

	for (i = 0; i < c->ncells && i < CV_MAX_CELLS; i++)
		if (!txt_blank(c->cells[i].s))
			return 0;
	return 1;
}

/* libcsv: a row ended. A row of empty cells (;;; as Excel writes the
 * blank rows of a range) holds nothing and is left out. */
static void
cv_on_row(int ch, void *data)
{
	struct cv_ctx	*c = data;
	struct cv_row	*r;

	(void)ch;
	if (c->ncells > 0 && !cv_row_blank(c)) {
		if (c->nrows > CV_MAX_ROWS) {
			diag_error(c->d, c->cells[0].m, "more than %s rows "
			    "under the header; a table has at most %s rows: "
			    "split the data into several files and tables",
			    txt_int_vi(c->a, CV_MAX_ROWS),
			    txt_int_vi(c->a, CV_MAX_ROWS));
			c->nerr++;
			c->stop = 1;
		} else {
			c->rows = arena_grow(c->a, c->rows, &c->caprows,
			    c->nrows, sizeof(*c->rows));
			r = &c->rows[c->nrows++];
			r->c = c->cells;
			r->n = c->ncells;
			c->cells = NULL;
			c->capcells = 0;
		}
	}
	c->ncells = 0;
	c->fstart = CV_NONE;
	c->in_row = 0;
}

/* libcsv trims spaces around unquoted cells; a tab is a separator or
 * part of the text, never trimmed. */
static int
cv_is_space(unsigned char ch)
{
	return ch == ' ';
}

static int
cv_is_term(unsigned char ch)
{
	return ch == '\r' || ch == '\n';
}

/* The separator: the most frequent of ; , and tab outside quotes on the
 * header line (Vietnamese Excel writes ; because , is the decimal
 * comma); a comma when the line has none. */
static int
cv_separator(const char *s, size_t len)
{
	static const char	 seps[] = { ',', ';', '\t' };
	int			 n[3] = { 0, 0, 0 }, q = 0, i, best = 0;
	size_t			 k;

	for (k = 0; k < len && (q || (s[k] != '\n' && s[k] != '\r')); k++) {
		if (s[k] == '"')
			q = !q;
		for (i = 0; !q && i < 3; i++)
			n[i] += s[k] == seps[i];
	}
	for (i = 1; i < 3; i++)
		if (n[i] > n[best])
			best = i;
	return seps[best];
}

/* The quote error cv_read found, if any: libcsv refused byte c->qat
 * (strict mode: a quote where RFC 4180 allows none), or the quoted cell
 * starting there is never closed. */
static void
cv_quote_err(struct cv_ctx *c, int sep)
{
	struct mark	 m;

	if (c->qerr == 0)
		return;
	m = cv_mark(c, c->qat);
	if (c->qerr == 2) {
		diag_error(c->d, m, "the quote that opens this cell is never "
		    "closed, so the cell runs to the end of the file; add "
		    "the closing quote (\")");
		return;
	}
	if (c->buf[c->qat] == '"')
		diag_error(c->d, m, "a double quote (\") inside a cell that "
		    "does not start with one; write the whole cell in quotes "
		    "and each quote in it twice: \"Quyết định \"\"số 1\"\"\"");
	else
		diag_error(c->d, m, "text after the closing quote of a cell; "
		    "a quote inside a quoted cell is written twice (\"\"), "
		    "and the cell ends at its closing quote");
	diag_note(c->d, m, "Excel writes quotes this way when it saves; "
	    "if the file was edited by hand, open it in Excel and save it "
	    "again as \"CSV UTF-8\" (cells separated by %s)",
	    cv_sep_name(sep));
}

/* Read every row with libcsv; the errors recorded in c->nerr. */
static void
cv_read(struct cv_ctx *c, int sep)
{
	struct csv_parser	 p;
	size_t			 i;
	unsigned char		 b;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		xoom("libcsv");
	csv_set_delim(&p, (unsigned char)sep);
	csv_set_space_func(&p, cv_is_space);
	csv_set_term_func(&p, cv_is_term);
	c->fstart = CV_NONE;
	for (i = 0; i < c->len && !c->stop; i++) {
		b = (unsigned char)c->buf[i];
		c->cur = i;
		/* a cell starts at its first byte that is not a space, or
		 * at the separator or line end that closes it empty */
		if (c->fstart == CV_NONE && b != ' ' &&
		    (c->in_row || !cv_is_term(b)))
			c->fstart = i;
		if (csv_parse(&p, c->buf + i, 1, cv_on_cell, cv_on_row,
		    c) != 1) {
			if (csv_error(&p) == CSV_ENOMEM)
				xoom("libcsv");
			c->qerr = 1;
			c->qat = i;
			c->nerr++;
			c->stop = 1;
		}
	}
	c->cur = c->len;
	if (!c->stop && csv_fini(&p, cv_on_cell, cv_on_row, c) != 0) {
		c->qerr = 2;
		c->qat = c->fstart != CV_NONE ? c->fstart : c->len;
		c->nerr++;
	}
	csv_free(&p);
}

/* ---- the header ---- */

/* The columns a CSV of units or awards may have: the key, the title
 * the table prints (lower.c). The first is required. */
struct cv_name {
	const char	*key, *title;
};

static const struct cv_name cv_units[] = {
	{ "name", "Đơn vị" },
	{ "civil_servants", "Công chức" },
	{ "public_employees", "Viên chức" },
	{ "contract_workers", "Người lao động" },
	{ NULL, NULL }
};

static const struct cv_name cv_items[] = {
	{ "award", "Hình thức khen thưởng" },
	{ "year", "Năm" },
	{ "by", "Cấp khen" },
	{ "recipient", "Đơn vị, cá nhân được khen" },
	{ "recipient", "Đơn vị / cá nhân được khen" },	/* as printed */
	{ "decision", "Số quyết định" },
	{ NULL, NULL }
};

/* A header or title as compared: NFC, without the invisible characters,
 * trimmed, lower case, spaces collapsed (txt_fold_key). */
static const char *
cv_fold(struct cv_ctx *c, const char *s, size_t len, struct mark m)
{
	const char	*t;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if ((t = txt_nfc(c->a, c->d, m, s, len)) == NULL)
		return "";
	return txt_fold_key(c->a, t);
}

/* The header cell as quoted in a message. */
static const char *
cv_shown(struct cv_ctx *c, const struct cv_cell *h)
{
	return diag_clip(c->a, h->s, h->len);
}

/* "\"Đơn vị\" (or name), \"Công chức\" (or civil_servants), ..." */
static const char *
cv_name_list(struct cv_ctx *c, const struct cv_name *names)
{
	struct sbuf	 sb;
	const char	*r;

	memset(&sb, 0, sizeof(sb));
	for (; names->key != NULL; names++)
		if (sb.len == 0 || strcmp(names->key, names[-1].key) != 0)
			sbuf_printf(&sb, _("%s\"%s\" (or %s)"),
			    sb.len ? ", " : "", names->title, names->key);
	r = arena_strdup(c->a, sb.s);
	sbuf_free(&sb);
	return r;
}

/* The column of header cell h among names (their titles folded in
 * titles[]), or -1. */
static int
cv_header_find(struct cv_ctx *c, const struct cv_cell *h,
    const struct cv_name *names, const char *const *titles)
{
	const char	*f = cv_fold(c, h->s, h->len, h->m);
	int		 i;

	for (i = 0; names[i].key != NULL; i++)
		if (strcmp(f, names[i].key) == 0 || strcmp(f, titles[i]) == 0)
			return i;
	return -1;
}

/* An unknown header cell; the note on the columns once per file. */
static void
cv_header_unknown(struct cv_ctx *c, const struct cv_cell *h,
    const struct cv_name *names, const char *what, int *noted)
{
	const char	*cands[16], *hint;
	int		 n = 0;

	for (; names[n].key != NULL; n++)
		cands[n] = names[n].title;
	hint = diag_closest(h->s, cands, n);
	c->nerr++;
	if (txt_blank(h->s))
		diag_error(c->d, h->m, "a column without a title in the "
		    "header; name it or delete the column");
	else if (strcmp(cv_fold(c, h->s, h->len, h->m), "stt") == 0) {
		diag_error(c->d, h->m, "column \"%s\": the table numbers its "
		    "rows itself; delete this column", cv_shown(c, h));
		return;
	} else if (hint != NULL)
		diag_error(c->d, h->m, "unknown column \"%s\" in the header; "
		    "did you mean \"%s\"?", cv_shown(c, h), hint);
	else
		diag_error(c->d, h->m, "unknown column \"%s\" in the header",
		    cv_shown(c, h));
	if (!(*noted)++)
		diag_note(c->d, h->m, "the columns of %s are %s; rename the "
		    "column or delete it", what, cv_name_list(c, names));
}

/* A first line that names no column at all: most likely the header
 * line was deleted and the first row taken for it. */
static void
cv_header_none(struct cv_ctx *c, const struct cv_row *h,
    const struct cv_name *names, const char *what)
{
	diag_error(c->d, h->c[0].m, "the first line names no column of %s "
	    "(it starts \"%s\"); the first line must be the header, with "
	    "%s", what, cv_shown(c, &h->c[0]), cv_name_list(c, names));
	diag_note(c->d, h->c[0].m, "if the header line was deleted, add it "
	    "back above the first row");
	c->nerr++;
}

/* Units and awards: each header cell's column into map[] (-1 unknown);
 * the first column of names is required, and units need a count. */
static void
cv_header_keys(struct cv_ctx *c, const struct cv_want *w, int *map)
{
	const struct cv_name	*names = w->kind == CV_UNITS ? cv_units :
				    cv_items;
	const struct cv_row	*h = &c->rows[0];
	const char		*titles[8];
	int			 j, k, seen[8] = { 0 }, ncount = 0, nknown = 0;
	int			 noted = 0;

	for (j = 0; names[j].key != NULL; j++)
		titles[j] = cv_fold(c, names[j].title, strlen(names[j].title),
		    h->c[0].m);
	for (j = 0; j < h->n; j++)
		nknown += (map[j] = cv_header_find(c, &h->c[j], names,
		    titles)) >= 0;
	if (nknown == 0) {
		cv_header_none(c, h, names, w->what);
		return;
	}
	for (j = 0; j < h->n; j++) {
		if (map[j] < 0) {
			cv_header_unknown(c, &h->c[j], names, w->what,
			    &noted);
			continue;
		}
		for (k = 0; k < j; k++)
			if (map[k] == map[j]) {
				diag_error(c->d, h->c[j].m, "column \"%s\" is "
				    "in the header twice (also column %d); "
				    "delete one", cv_shown(c, &h->c[j]),
				    k + 1);
				c->nerr++;
			}
		seen[map[j]] = 1;
		ncount += map[j] > 0;
	}
	if (!seen[0]) {
		diag_error(c->d, h->c[0].m, "the header has no column \"%s\" "
		    "(or %s); the first line must name it", names[0].title,
		    names[0].key);
		c->nerr++;
	}
	if (w->kind == CV_UNITS && ncount == 0) {
		diag_error(c->d, h->c[0].m, "the header has no count column: "
		    "add \"Công chức\", \"Viên chức\" or \"Người lao động\"");
		c->nerr++;
	}
}

/* Rows of a table: the header names the table's columns, in order. */
static void
cv_header_titles(struct cv_ctx *c, const struct cv_want *w)
{
	const struct cv_row	*h = &c->rows[0];
	int			 j;

	if (h->n != w->ntitles) {
		if (h->n == 1)
			diag_error(c->d, h->c[0].m, "the header has %d column, "
			    "but the table has %d (its columns: in the YAML)",
			    h->n, w->ntitles);
		else
			diag_error(c->d, h->c[0].m, "the header has %d columns, "
			    "but the table has %d (its columns: in the YAML)",
			    h->n, w->ntitles);
		c->nerr++;
	}
	for (j = 0; j < h->n && j < w->ntitles && j < CV_MAX_CELLS; j++)
		if (strcmp(cv_fold(c, h->c[j].s, h->c[j].len, h->c[j].m),
		    cv_fold(c, w->titles[j], strlen(w->titles[j]),
		    h->c[j].m)) != 0) {
			diag_error(c->d, h->c[j].m, "column %d of the header "
			    "is \"%s\", but the table's column %d is \"%s\"",
			    j + 1, cv_shown(c, &h->c[j]), j + 1,
			    diag_clip(c->a, w->titles[j],
			    strlen(w->titles[j])));
			diag_note(c->d, h->c[j].m, "the first line of the CSV "
			    "names the table's columns in the order of "
			    "columns: in the YAML; make the two the same");
			c->nerr++;
		}
}

/* Whole sentences, singular or plural each (diag.c translates them). */
static const char *const cv_cells_fmt[2][2] = {
	{ N_("%d cell in this row, but the header (line %d) has %d column"),
	  N_("%d cell in this row, but the header (line %d) has %d columns") },
	{ N_("%d cells in this row, but the header (line %d) has %d column"),
	  N_("%d cells in this row, but the header (line %d) has %d columns") }
};

/* Every row has as many cells as the header. */
static void
cv_row_lengths(struct cv_ctx *c, int sep)
{
	const struct cv_row	*h = &c->rows[0], *r;
	int			 i;

	for (i = 1; i < c->nrows; i++) {
		r = &c->rows[i];
		if (r->n == h->n)
			continue;
		diag_error(c->d, r->c[0].m, cv_cells_fmt[r->n != 1][h->n != 1],
		    r->n, h->c[0].m.line, h->n);
		if (r->n < h->n)
			diag_note(c->d, r->c[0].m, "every row has a cell for "
			    "each column; an empty cell is nothing between "
			    "two separators (%s)", sep == ';' ? "A;;3" :
			    sep == ',' ? "A,,3" : _("two tabs"));
		else if (sep == ',')
			diag_note(c->d, r->c[0].m, "cells are separated by "
			    "commas here, so a decimal such as 98,5 must be "
			    "in quotes: \"98,5\"");
		else
			diag_note(c->d, r->c[0].m, "cells are separated by %s; "
			    "a cell holding one must be in double quotes, as "
			    "Excel writes it", cv_sep_name(sep));
		c->nerr++;
	}
}

/* ---- the node tree ---- */

static struct ynode *
cv_node(struct cv_ctx *c, enum yl_kind kind, struct mark m)
{
	struct ynode	*n = arena_alloc(c->a, sizeof(*n));

	n->kind = kind;
	n->mark = m;
	n->size = 1;
	n->height = 1;
	return n;
}

/* A cell as a plain YAML scalar (so 15000 prints 15.000 and 98.5 gets
 * the decimal point error, as in YAML; an empty cell is nothing), but
 * for the words YAML reads as nothing (~, null): text as written. */
static struct ynode *
cv_scalar(struct cv_ctx *c, const struct cv_cell *cell)
{
	struct ynode	*n = cv_node(c, YL_SCALAR, cell->m);

	n->str = cell->s;
	n->len = cell->len;
	n->text = (long)cell->len;
	n->style = YL_PLAIN;
	if (cell->len > 0 && yl_is_null(n))
		n->style = YL_DQUOTED;
	return n;
}

/* Row r as a mapping of the known columns; an empty cell is a key not
 * written, but for the required first one (its error at the cell). */
static struct ynode *
cv_map(struct cv_ctx *c, const struct cv_row *r, const int *map,
    const struct cv_name *names)
{
	struct ynode	*n = cv_node(c, YL_MAP, r->c[0].m);
	struct ypair	*p;
	int		 j;

	n->pairs = arena_alloc(c->a, (size_t)(r->n + 1) * sizeof(*n->pairs));
	for (j = 0; j < r->n; j++) {
		if (map[j] > 0 && txt_blank(r->c[j].s))
			continue;
		p = &n->pairs[n->n++];
		p->key = cv_node(c, YL_SCALAR, r->c[j].m);
		p->key->str = names[map[j]].key;
		p->key->len = strlen(p->key->str);
		p->val = cv_scalar(c, &r->c[j]);
		p->colon = r->c[j].m;
	}
	return n;
}

static struct ynode *
cv_seq(struct cv_ctx *c, const struct cv_row *r)
{
	struct ynode	*n = cv_node(c, YL_SEQ, r->c[0].m);
	int		 j;

	n->items = arena_alloc(c->a, (size_t)(r->n + 1) * sizeof(*n->items));
	for (j = 0; j < r->n; j++)
		n->items[n->n++] = cv_scalar(c, &r->c[j]);
	return n;
}

/* The header checked, the rows as a YAML list; NULL when the header or
 * the file is wrong, *bad = 1 when some rows are (left out). */
static struct ynode *
cv_tree(struct cv_ctx *c, const struct cv_want *w, int sep, int *bad)
{
	struct ynode	*list;
	int		 map[CV_MAX_CELLS], i, before;

	if (c->nrows == 0) {
		if (c->nerr == 0)
			diag_error(c->d, cv_mark(c, 0), "the file is empty "
			    "(only separators); the first line names the "
			    "columns and each line after it is one row");
		return NULL;
	}
	if (c->rows[0].n > CV_MAX_CELLS) {
		diag_error(c->d, c->rows[0].c[0].m, "%d columns in the header; "
		    "a table has far fewer", c->rows[0].n);
		return NULL;
	}
	before = c->nerr;
	if (w->kind == CV_ROWS)
		cv_header_titles(c, w);
	else
		cv_header_keys(c, w, map);
	if (c->nerr > before)
		return NULL;
	cv_row_lengths(c, sep);
	if (c->nerr == 0 && c->nrows == 1) {
		diag_error(c->d, c->rows[0].c[0].m, "no rows under the header; "
		    "each line after the first is one row of the table");
		return NULL;
	}
	/* with the header right, the rows of the right length are read
	 * on, so that the errors in their cells are listed too */
	*bad = c->nerr > 0;
	list = cv_node(c, YL_SEQ, c->rows[0].c[0].m);
	list->items = arena_alloc(c->a, (size_t)c->nrows *
	    sizeof(*list->items));
	for (i = 1; i < c->nrows; i++)
		if (c->rows[i].n == c->rows[0].n)
			list->items[list->n++] = w->kind == CV_ROWS ?
		    cv_seq(c, &c->rows[i]) : cv_map(c, &c->rows[i], map,
		    w->kind == CV_UNITS ? cv_units : cv_items);
	return list;
}

/* ---- the file ---- */

/* Open `path` for reading: a FIFO or a device, which could block or
 * never end, is refused before any read (O_NONBLOCK, then fstat), as
 * yload.c does. NULL with the error given at `from`. */
static FILE *
cv_open(struct diag *d, const char *path, struct mark from, size_t *size)
{
	struct stat	 st;
	FILE		*f;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		diag_error(d, from, "csv: cannot read \"%s\": %s", path,
		    strerror(errno));
		diag_note(d, from, "the file's name is relative to the "
		    "folder of the file that names it; check the name and "
		    "that the file is there");
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CV_MAX_FILE || (f = fdopen(fd, "rb")) == NULL) {
		if (S_ISREG(st.st_mode) && st.st_size > CV_MAX_FILE)
			diag_error(d, from, "csv: \"%s\" is larger than 16 "
			    "MiB; split the data into several files", path);
		else if (S_ISREG(st.st_mode))
			diag_error(d, from, "csv: cannot read \"%s\": %s",
			    path, strerror(errno));
		else
			diag_error(d, from, "csv: \"%s\" is not a file",
			    path);
		close(fd);
		return NULL;
	}
	*size = (size_t)st.st_size;
	return f;
}

/* The file's bytes (arena, NUL-terminated: they stay for the report's
 * diagnostics), or NULL with the error given at `from`. The size is the
 * one fstat gave (a file written meanwhile is read up to it). */
static char *
cv_slurp(struct arena *a, struct diag *d, const char *path,
    struct mark from, size_t *len)
{
	FILE	*f;
	char	*buf;
	size_t	 size, n;
	int	 err;

	if ((f = cv_open(d, path, from, &size)) == NULL)
		return NULL;
	buf = arena_alloc(a, size + 1);
	errno = 0;
	n = fread(buf, 1, size, f);
	err = ferror(f) ? (errno != 0 ? errno : EIO) : 0;
	fclose(f);
	if (err != 0) {
		diag_error(d, from, "csv: cannot read \"%s\": %s", path,
		    strerror(err));
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The first control character but tab, CR, LF and Word's line break
 * (U+000B), or CV_NONE. The text is valid UTF-8. */
static size_t
cv_control(const char *s, size_t len, uint32_t *cpout)
{
	size_t		 i = 0, at;
	uint32_t	 cp;

	while (i < len) {
		at = i;
		cp = txt_next(s, len, &i);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' &&
		    cp != 0x0B) || (cp >= 0x7F && cp <= 0x9F)) {
			*cpout = cp;
			return at;
		}
	}
	return CV_NONE;
}

/* The encoding: UTF-8 (after a byte order mark, if any), no control
 * characters; and not empty. -1 diagnosed. */
static int
cv_check_text(struct cv_ctx *c)
{
	size_t		 off;
	uint32_t	 cp;
	char		 nm[96];

	if (c->len >= 2 && ((c->buf[0] == '\xFF' && c->buf[1] == '\xFE') ||
	    (c->buf[0] == '\xFE' && c->buf[1] == '\xFF'))) {
		diag_error(c->d, cv_mark(c, 0), "the file is UTF-16 (Excel's "
		    "\"Unicode Text\"); save it in Excel as \"CSV UTF-8 "
		    "(Comma delimited)\"");
		return -1;
	}
	if ((off = txt_invalid_utf8(c->buf, c->len)) != CV_NONE) {
		diag_error(c->d, cv_mark(c, off), "invalid UTF-8 (byte "
		    "0x%02X); save the file in Excel as \"CSV UTF-8 (Comma "
		    "delimited)\"", (unsigned char)c->buf[off]);
		diag_note(c->d, cv_mark(c, off), "the plain \"CSV (Comma "
		    "delimited)\" type saves in an older encoding, which "
		    "turns Vietnamese letters into other characters");
		return -1;
	}
	if ((off = cv_control(c->buf, c->len, &cp)) != CV_NONE) {
		diag_error(c->d, cv_mark(c, off), "control character %s is "
		    "not allowed; delete it (most programs do not show it)",
		    txt_cp_desc(cp, nm, sizeof(nm)));
		return -1;
	}
	for (off = 0; off < c->len; off++)
		if (strchr(" \t\r\n", c->buf[off]) == NULL)
			return 0;
	diag_error(c->d, cv_mark(c, 0), "the file is empty; the first line "
	    "names the columns and each line after it is one row");
	return -1;
}

struct ynode *
cv_load(struct arena *a, struct diag *d, const char *path, struct mark from,
    const struct cv_want *w, struct source *src, int *bad)
{
	struct cv_ctx	 c;
	struct ynode	*list;
	char		*buf;
	size_t		 len, skip = 0;
	int		 sep;

	if ((buf = cv_slurp(a, d, path, from, &len)) == NULL)
		return NULL;
	src->file = path;
	src->text = buf;
	src->len = len;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.file = path;
	c.buf = buf + skip;
	c.len = len - skip;
	c.line = 1;
	c.col = 1;
	if (cv_check_text(&c) == -1)
		return NULL;
	sep = cv_separator(c.buf, c.len);
	cv_read(&c, sep);
	*bad = 0;
	list = cv_tree(&c, w, sep, bad);
	cv_quote_err(&c, sep);
	return list;
}
