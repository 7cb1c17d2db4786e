/*
 * schema_app.c - a report's lists of blocks: the body, the `landscape:`
 * block (its blocks flattened in place between two BLK_ORIENT markers,
 * so that every later stage reads one flat list) and the top-level
 * `appendices:` list, whose blocks sch_app_join puts after the body's,
 * each behind a BLK_APPENDIX marker. One block is schema_blk.c's
 * (sch_block).
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "schema_int.h"
#include "text.h"
#include "yload.h"

/* A body being read: its blocks, `landscape:` ones flattened in place. */
struct sch_flat {
	struct block	*v;
	int		 n, cap;
	int		 orient;	/* of the pages around a landscape */
	int		 in_land;	/* inside one */
};

static struct block *
sch_flat_add(struct sch *s, struct sch_flat *f, enum blk_kind kind,
    struct mark m)
{
	struct block	*b;

	f->v = arena_grow(s->a, f->v, &f->cap, f->n, sizeof(*f->v));
	b = &f->v[f->n++];		/* zeroed: arena memory always is */
	b->kind = kind;
	b->mark = m;
	return b;
}

static int	sch_flat_item(struct sch *, const struct ynode *, int, void *);

/* `landscape: [blocks]`: a BLK_ORIENT marker turning the pages, the
 * blocks, a marker turning them back to the pages around it. */
static int
sch_landscape(struct sch *s, const struct ynode *n, struct sch_flat *f)
{
	const struct ynode *v;
	size_t	 old;
	int	 j, rc = 0;

	for (j = 1; j < n->n; j++) {
		sch_err(s, n->pairs[j].key->mark, "one block per list item: "
		    "\"%s\" follows \"landscape\"; start it with \"- \"",
		    n->pairs[j].key->str);
		rc = -1;
	}
	old = sch_push_key(s, "landscape");
	if (f->in_land) {
		sch_err(s, n->pairs[0].key->mark, "a landscape block inside "
		    "a landscape block: its pages are landscape already; "
		    "write these blocks directly in the outer one");
		sch_pop(s, old);
		return -1;
	}
	v = n->pairs[0].val;
	if (yl_is_null(v) || (v->kind == YL_SEQ && v->n == 0)) {
		sch_err(s, v->mark, "the landscape block has nothing in it");
		diag_note(s->d, v->mark, "write the blocks to print on "
		    "landscape pages under it, each on a \"- \" line indented "
		    "more than \"landscape:\"; delete the line if it is not "
		    "needed");
		sch_pop(s, old);
		return -1;
	}
	sch_flat_add(s, f, BLK_ORIENT, n->mark)->u.orient = 1;
	f->in_land = 1;
	if (sch_list(s, v, "a list of blocks", sch_flat_item, f) == -1)
		rc = -1;
	f->in_land = 0;
	sch_flat_add(s, f, BLK_ORIENT, n->mark)->u.orient = f->orient;
	sch_pop(s, old);
	return rc;
}

static int
sch_flat_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct sch_flat	*f = ctx;

	(void)i;
	if (n->kind == YL_MAP && n->n > 0 &&
	    strcmp(n->pairs[0].key->str, "landscape") == 0)
		return sch_landscape(s, n, f);
	return sch_block(s, n, 0, sch_flat_add(s, f, BLK_HEADING, n->mark));
}

/* The blocks of list v; *n = 0 (and no error) when v is not a list. */
static int
sch_blocks_of(struct sch *s, const struct ynode *v, int orient,
    struct block **out, int *n)
{
	struct sch_flat	 f;
	int		 rc;

	memset(&f, 0, sizeof(f));
	f.orient = orient;
	if (v->kind == YL_SEQ && v->n > 0) {	/* one block an item, */
		f.cap = v->n + 1;		/* but for landscape ones */
		f.v = arena_alloc(s->a, (size_t)f.cap * sizeof(*f.v));
	}
	rc = sch_list(s, v, "a list of blocks", sch_flat_item, &f);
	if (f.v == NULL)
		f.v = arena_alloc(s->a, sizeof(*f.v));
	*out = f.v;
	*n = f.n;
	return rc;
}

int
sch_body(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct report	*r = obj;

	(void)k;
	return sch_blocks_of(s, v, 0, &r->blocks, &r->nblocks);
}

#define AP(f)	offsetof(struct appendix, f)

static const char *const sch_orient_names[] = { "portrait",
    "landscape" };	/* appendix->landscape */
static const struct sch_choice sch_orient_ch =
    SCH_CHOICE(sch_orient_names, 0);

static int
sch_app_orient(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_orient_ch)) == -1) {
		diag_note(s->d, v->mark, "write portrait for upright pages "
		    "(khổ dọc, as the report's) or landscape for pages turned "
		    "sideways (khổ ngang, for a wide table)");
		return -1;
	}
	((struct appendix *)obj)->landscape = i;
	return 0;
}

/* An appendix with nothing in it is a mistake, not an empty page. */
static int
sch_app_empty(struct sch *s, struct mark m)
{
	sch_err(s, m, "the appendix has no content");
	diag_note(s->d, m, "write its tables or paragraphs under \"body:\", "
	    "one \"- \" line each, as in the report's body; delete the "
	    "appendix if it is not needed");
	return -1;
}

static int
sch_app_body(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct appendix	*ap = obj;

	(void)k;
	if (v->kind == YL_SEQ && v->n == 0)
		return sch_app_empty(s, v->mark);
	return sch_blocks_of(s, v, ap->landscape, &ap->blocks, &ap->nblocks);
}

/* title and body are checked here, not by sch_map: a missing or empty
 * one is named as the appendix's (sch_empty would call it a column's). */
static const struct sch_key sch_app_keys[] = {
	{ "title", SK_TEXT, AP(title), NULL, 0, 0, 0, 0 },
	{ "orientation", SK_NONE, 0, NULL, 0, 0, 0, 0 },	/* first */
	{ "body", SK_FN, 0, sch_app_body, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_appendix(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct appendix	*ap = (struct appendix *)ctx + i;
	const struct ynode *t;
	size_t		 old;
	int		 rc = 0;

	ap->mark = n->mark;
	if (n->kind != YL_MAP)
		return sch_expect(s, n, "an appendix ({title: ..., body: "
		    "[...]})");
	/* the orientation first: the body's landscape blocks need it */
	if ((t = yl_get(n, "orientation")) != NULL && !yl_is_null(t)) {
		old = sch_push_key(s, "orientation");
		rc = sch_app_orient(s, NULL, t, ap);
		sch_pop(s, old);
	}
	if (sch_map(s, n, sch_app_keys, ap) == -1)
		rc = -1;
	t = yl_get(n, "title");
	if (ap->title == NULL || txt_blank(ap->title)) {
		old = sch_push_key(s, "title");
		if (t == NULL)
			sch_err(s, n->mark, "the appendix has no title; write "
			    "\"title: ...\", such as title: Danh sách "
			    "khen thưởng");
		else if (rc == 0 || yl_is_null(t))
			sch_err(s, t->mark, "the appendix's title is empty; "
			    "write it, such as Danh sách khen thưởng");
		sch_pop(s, old);
		rc = -1;
	}
	t = yl_get(n, "body");
	if (t == NULL || yl_is_null(t)) {
		old = sch_push_key(s, "body");
		rc = sch_app_empty(s, t != NULL ? t->mark : n->mark);
		sch_pop(s, old);
	}
	return rc;
}

int
sch_appendices(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct report	*r = obj;

	(void)k;
	if (v->kind == YL_SEQ && v->n > MAX_APPENDICES) {
		sch_err(s, v->items[MAX_APPENDICES]->mark, "%d appendices; "
		    "the limit is %d (Phụ lục I to XXVI)", (int)v->n,
		    MAX_APPENDICES);
		diag_note(s->d, v->items[MAX_APPENDICES]->mark, "join "
		    "related appendices into one, or send the rest as a "
		    "separate document");
		return -1;
	}
	if (v->kind == YL_SEQ) {
		r->apps = arena_alloc(s->a, (v->n + 1) * sizeof(*r->apps));
		r->napps = (int)v->n;
	}
	return sch_list(s, v, "a list of appendices", sch_appendix, r->apps);
}

/* The appendices' blocks after the body's, each behind a BLK_APPENDIX
 * marker, so every later stage (validate, lower, the up-to-date record)
 * sees them as it sees the body. */
void
sch_app_join(struct arena *a, struct report *r)
{
	struct block	*v;
	int		 i, n = r->nblocks;

	if (r->napps == 0)
		return;
	for (i = 0; i < r->napps; i++)
		n += 1 + r->apps[i].nblocks;
	v = arena_alloc(a, ((size_t)n + 1) * sizeof(*v));
	if (r->nblocks > 0)
		memcpy(v, r->blocks, (size_t)r->nblocks * sizeof(*v));
	n = r->nblocks;
	for (i = 0; i < r->napps; i++) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].kind = BLK_APPENDIX;
		v[n].mark = r->apps[i].mark;
		v[n++].u.appendix = i;
		if (r->apps[i].nblocks > 0)
			memcpy(&v[n], r->apps[i].blocks,
			    (size_t)r->apps[i].nblocks * sizeof(*v));
		n += r->apps[i].nblocks;
	}
	r->blocks = v;
	r->nblocks = n;
}
