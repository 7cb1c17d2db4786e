/*
 * schema_int.h - what schema.c (the key-table engine, scalars, the report
 * level mappings), schema_val.c (numbers in data, required text),
 * schema_blk.c (the body blocks), schema_tbl.c (tables) and
 * schema_app.c (the body's list, landscape blocks, appendices) share.
 * Private to these five files.
 * Return convention: int 0 = ok, -1 = failed with the diagnostic recorded.
 */
#ifndef BAOCAO_SCHEMA_INT_H
#define BAOCAO_SCHEMA_INT_H

#include <stddef.h>

#include "model.h"
#include "text.h"
#include "yload.h"

struct arena;
struct cv_want;
struct diag;

#define SCH_MAX_ROWS	10000
#define SCH_MAX_COUNT	10000000L

struct sch {
	struct arena	*a;
	struct diag	*d;
	struct report	*r;		/* its deps and srcs get CSV files */
	char		 path[512];
	size_t		 plen;
	struct source	*srcs;		/* the report's, for footnote marks */
	int		 nsrcs;
};

enum sch_kind {
	SK_TEXT,	/* const char *, NFC */
	SK_INL,		/* struct inl, NFC + inline markup */
	SK_NUM,		/* double in [min, max] */
	SK_INT,		/* int in [min, max] */
	SK_COUNT,	/* long, 0 .. SCH_MAX_COUNT */
	SK_YEAR,	/* int, 1000 .. 2999 */
	SK_BOOL,	/* int */
	SK_DATE,	/* struct date */
	SK_FN,		/* handler */
	SK_NONE		/* accepted and ignored */
};

struct sch_key {
	const char	*name;
	enum sch_kind	 kind;
	size_t		 off;		/* field in the target object */
	int		(*fn)(struct sch *, const struct sch_key *,
			    const struct ynode *, void *);
	int		 req;
	double		 min, max;
	int		 arg;
};

/* The path of the value being parsed ("body[3].table"); push returns
 * the old length for sch_pop. */
size_t		 sch_push_key(struct sch *, const char *);
size_t		 sch_push_idx(struct sch *, int);
void		 sch_pop(struct sch *, size_t);

/* "path: message" at m. */
void		 sch_err(struct sch *, struct mark m, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* "a mapping", "a list", "nothing", "\"text\"", for "got ...". */
const char	*sch_what(struct sch *, const struct ynode *);
/* "expected WHAT, got ..."; returns -1. */
int		 sch_expect(struct sch *, const struct ynode *, const char *);
void		 sch_unknown(struct sch *, const char *const *cands, int n,
		    const struct ynode *key, const char *what);

/* Scalars: -1 with the error recorded when n is not of the kind. */
int		 sch_parse_num(const struct ynode *, double *, int *is_int);
int		 sch_number(struct sch *, const struct ynode *, const char *what,
		    double min, double max, int want_int, double *);
int		 sch_count(struct sch *, const struct ynode *, long *);
const char	*sch_text(struct sch *, const struct ynode *);	/* NULL */
int		 sch_inl(struct sch *, const struct ynode *, struct inl *);
/* schema_val.c. sch_text_kind: the index of the path being parsed among
 * the required texts, or -1; sch_empty: "PATH: the heading is empty;
 * write ..." (markup: the text when it held only markers), -1. */
int		 sch_text_kind(const struct sch *);
int		 sch_empty(struct sch *, struct mark, const char *markup);
/* {count: 12,5}: pair i of mapping m is the key "5" cut from the value
 * before it; 1 when so (diagnosed), else 0. */
int		 sch_split_key(struct sch *, const struct ynode *m, int i);
/* Required text: nothing, "", only spaces (or, for inline text, only
 * bold/italic markers such as "****") is an error naming what is empty
 * by its path ("body[3].heading: the heading is empty; ..."). */
int		 sch_text_req(struct sch *, const struct ynode *,
		    const char **);
int		 sch_inl_req(struct sch *, const struct ynode *, struct inl *);

/* Numbers in data (table cells, counts) as Vietnamese write them, read
 * from the text of the value (txt_num_vi); TXT_NUM_TEXT for anything
 * but a scalar. sch_num_err records the error of TXT_NUM_POINT or
 * TXT_NUM_GROUP ("\"98.5\": write 98,5 for a decimal ...") and
 * returns -1. */
enum txt_num_rc	 sch_vnum(const struct ynode *, struct txt_num *);
int		 sch_num_err(struct sch *, const struct ynode *,
		    enum txt_num_rc);
int		 sch_enum(struct sch *, const struct ynode *,
		    const char *const *names, int count);	/* index */
/* A value taken from a fixed list (page.size, list style...): the
 * names the loader accepts, the index being the value's meaning; bit i
 * of icase set when name i is accepted in any letter case ("a4"). The
 * lists sit at file scope in the schema sources, so that gen_schema
 * (tools/schema/) writes them into the JSON Schema from the same
 * arrays: a name added here reaches editors with no other edit. */
struct sch_choice {
	const char *const	*names;
	int			 n;
	unsigned		 icase;
};
#define SCH_CHOICE(names, icase)	\
	{ (names), (int)(sizeof(names) / sizeof((names)[0])), (icase) }
/* The index of v's name in c, else -1 with sch_enum's error. */
int		 sch_pick(struct sch *, const struct ynode *,
		    const struct sch_choice *);
/* A path relative to the file the node was written in. */
const char	*sch_path(struct sch *, const struct ynode *, const char *);

/* A mapping through its key table into obj; a list item by item. */
int		 sch_map(struct sch *, const struct ynode *,
		    const struct sch_key *, void *obj);
int		 sch_list(struct sch *, const struct ynode *, const char *what,
		    int (*)(struct sch *, const struct ynode *, int, void *),
		    void *);

/* `{csv: FILE}` where a list of rows, units or awards goes: *out the
 * list read from the file (csv.c), or v itself when v is no such
 * mapping. 0 = ok; -1 (diagnosed, *out NULL) when the file cannot be
 * read or its header is wrong; 1 when some rows were wrong (diagnosed):
 * *out holds the others, to be read for the errors in their cells. */
int		 sch_csv(struct sch *, const struct ynode *v,
		    const struct cv_want *, const struct ynode **out);

/* schema_tbl.c: a `table:` block into b->u.table. */
int		 sch_b_table(struct sch *, const struct ynode *, struct block *);
/* schema_blk.c: one block (list item n) into ((struct block *)ctx)[i]. */
int		 sch_block(struct sch *, const struct ynode *n, int i,
		    void *ctx);
/* schema_app.c: the body, a list of blocks, into report->blocks. */
int		 sch_body(struct sch *, const struct sch_key *,
		    const struct ynode *, void *report);
/* schema_app.c: `appendices:` into report->apps (at most 26); then, once
 * the whole report is read, sch_app_join puts their blocks after the
 * body's, each behind a BLK_APPENDIX marker. */
int		 sch_appendices(struct sch *, const struct sch_key *,
		    const struct ynode *, void *report);
void		 sch_app_join(struct arena *, struct report *);

#endif
