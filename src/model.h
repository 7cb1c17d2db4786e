/*
 * model.h - the report as the loader understands it (data only).
 *
 * This is the contract between the loading stages (yload, schema,
 * validate, lower) and the laying-out stages (layout, table, chart).
 * Every piece of text is UTF-8 in NFC and carries the source mark of the
 * YAML value it came from, so any later stage can still say file:line:col.
 * All memory hangs off the report's arena (arena.h).
 *
 * Prefix legend (one prefix per module, see README "Source map"), in the
 * order data flows: YAML -> model -> layout boxes -> PDF.
 *   (none)     main.c      command line, exit status
 *   batch_     batch.c     paths, shards, planning, out-dir lock
 *   outdir_    outdir.c    the out dir made with its missing parents
 *   worker_    worker.c    worker processes, sockets, signals, results
 *   build_     build.c     the pipeline of one report (load .. PDF, stamp)
 *   atomic_    atomic.c    temporary file, fsync, rename
 *   stamp_     stamp.c     up-to-date records, output-name prediction
 *   path_      safepath.c  outputs kept inside the out dir
 *   init_      init.c      `baocao init`: the starting report's template
 *   i18n_      i18n.c      the language of messages (gettext, po/vi.po)
 *   watch_     watch.c     `baocao watch`: inotify on the inputs' folders
 *   arena_     arena.c     per-report bump allocator, sbuf_ growable
 *                          buffer, x* allocators (out of memory: exit 3)
 *   diag_      diag.c      file:line:col diagnostics
 *   load_      load.c      the loading stages in order
 *   yl_        yload.c     libyaml events -> ynode tree, tags, aliases,
 *                          the sources' text
 *              yextend.c   the extends chain and its deep merge
 *   yt_        ytrap.c     YAML's traps explained from the file's text
 *   sch_       schema.c    ynode tree -> struct report (key tables);
 *              schema_blk.c the body's blocks (schema_int.h)
 *              schema_tbl.c the generic table (groups, totals)
 *              schema_app.c the body's list, landscape blocks,
 *                          appendices
 *              schema_val.c numbers in data, empty required text
 *   cv_        csv.c       {csv: FILE}: a spreadsheet's CSV (libcsv) as
 *                          the list of rows, units or awards YAML gives
 *   val_       validate.c  semantic checks (dates, output path, totals,
 *                          image headers)
 *   low_       lower.c     awards/staffing/history -> generic tables;
 *                          footnotes numbered
 *   txt_       text.c      UTF-8, NFC, inline markup, Vietnamese
 *                          numbers/dates, upper case
 *   font_      font.c      faces, TrueType parsing, metrics, coverage,
 *                          what to embed
 *   fontfind_  fontfind.c  fontconfig lookup, fonts/ folder
 *   ttf_       ttf.c       TrueType files: checks, HarfBuzz subsets
 *   shp_       shape.c     HarfBuzz shaping: kerning, TJ adjustments
 *   brk_       brk.c       line-break opportunities (ICU + Vietnamese)
 *   para_      para.c      paragraph words (shaped, what may hang);
 *   fit_       para_fit.c  total-fit / first-fit breaking, lines placed
 *                          (font expansion);
 *              para_cache.c the report's measuring cache (para_int.h)
 *   link_      link.c      web and e-mail addresses in text (links)
 *   lay_       layout.c    pages, block flow, page numbers, TOC
 *                          (layout_int.h: the slice list)
 *   foot_      foot.c      footnotes at the foot of their page
 *   head_      head.c      page 1's header block and title, signature
 *   apx_       appendix.c  an appendix's opening lines (Phụ lục I, the
 *                          title, the Kèm theo line from the header)
 *   tbl_       table.c     table measurement and placement
 *   chart_     chart.c     staffing-history bar chart
 *   img_       image.c     image decoding, EXIF orientation, 300 dpi
 *                          resampling, the pixels pdf.c embeds
 *   pdf_       pdf.c       the only libharu writer: boxes -> PDF
 *   pdfa_      pdfa.c      PDF/A-2u: XMP, output intent, /ID; TrimBox
 *   hfix_      hpdf_fix.c  libharu 2.3.0's corrections, in one place
 *   zmemo_     zmemo.c     deflated bytes kept by the process
 *   zq_        zqueue.c    deflating on a second thread
 *   ip_        imgprep.c   images decoded and deflated on a second
 *                          thread
 *   dump_      dump.c      text dump of the boxes, for tests
 */
#ifndef BAOCAO_MODEL_H
#define BAOCAO_MODEL_H

#include <stddef.h>

/* A position in a source file; line and col are 1-based, col counts
 * Unicode characters. file is owned by whoever loaded it (arena). */
struct mark {
	const char	*file;
	int		 line;
	int		 col;
	const struct mark_via *via;	/* NULL unless reached by an alias */
};

/* The alias use a value was reached through (yload.c copies the anchored
 * value for each alias, its marks pointing here): a diagnostic at such a
 * mark is given where the alias is used, with a note at the mark itself
 * (diag.c). For an alias inside an aliased value, the outermost use. */
struct mark_via {
	struct mark	 use;		/* where *name is written */
	struct mark	 anchor;	/* the anchored value (&name) */
	const char	*name;
};

/* The bytes of one YAML file as the loader read them (a BOM included),
 * kept in the arena for the whole report: a diagnostic about one word of
 * a paragraph (an over-wide URL, a missing glyph) is placed by finding
 * the word in the file its value was written in (para.c), and keeping
 * the text means that search reads the very bytes the marks came from,
 * with no file opened again during layout. */
struct source {
	const char	*file;		/* as in the marks of its nodes */
	const char	*text;
	size_t		 len;
	/* Where line `at_line` starts (text.c line_start, 0 = not yet):
	 * footnotes are placed in file order, and counting lines from the
	 * top for each made a long report's loading quadratic. */
	int		 at_line;
	size_t		 at_off;
};

struct date {
	int		 set;		/* 0 when absent */
	int		 year, month, day;
	struct mark	 mark;
};

/* Inline text: runs of one style. '\n' inside a run is a forced line
 * break (literal block scalars). */
enum {
	SPAN_BOLD = 1,
	SPAN_ITALIC = 2
};

struct span {
	const char	*text;		/* UTF-8, NFC, no markup left */
	size_t		 len;
	int		 style;		/* SPAN_* bits */
	/* Footnotes (`^[...]`, text.c): a mark is a span of its own whose
	 * fn is the note's text; lower.c numbers the marks through the
	 * report (note = 1, 2, ...; text = the number), drawn small and
	 * raised. 0 and NULL for any other text. */
	int		 note;
	struct inl	*fn;
};

struct inl {
	struct span	*spans;
	int		 nspans;
	struct mark	 mark;		/* where the scalar starts */
};

enum align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT
};

/* ---- generic table, used for table, staffing, history and awards ---- */

struct column {
	const char	*title;		/* header text, plain */
	double		 width;		/* relative width, 0 = from content */
	enum align	 align;
	int		 is_number;	/* type: number (default) */
	const char	*group;		/* a header cell spanning this column
					   and its neighbours of the same
					   group (lower.c), or NULL */
	struct mark	 mark;
};

struct cell {
	struct inl	 text;		/* already formatted ("15.000") */
	enum align	 align;
	int		 bold;		/* totals row */
};

/* A header cell spanning `span` columns; header rows are drawn bold and
 * centred and repeated on every page the table continues on. */
struct hcell {
	const char	*text;
	int		 span;		/* >= 1 */
	int		 rowspan;	/* >= 1 */
};

struct hrow {
	struct hcell	*cells;
	int		 ncells;
};

struct table {
	const char	*caption;	/* may be NULL */
	int		 ncols;
	struct column	*cols;
	int		 nhead;		/* header rows (built by lower.c) */
	struct hrow	*head;
	int		 nrows;
	struct cell	*cells;		/* nrows * ncols, row-major */
	struct mark	 mark;
	/* What a page this table continues on repeats above its header,
	 * italic ("Bảng 1 (tiếp theo)"; caption_numbers off: "(tiếp
	 * theo)"), or NULL: set by lower.c's caption numbering. */
	const char	*cont;
	/* NULL, or a table with the same columns whose measured widths
	 * this one takes (the per-kind tables of one awards list are
	 * measured together, so their columns line up). */
	const struct table *widths_from;
};

/* `widths:` of staffing and awards: relative widths of the generated
 * columns, in order (n == 0: none given). */
struct widths {
	double		*v;
	int		 n;
	struct mark	 mark;
};

/* ---- staffing ---- */

enum {
	CAT_CIVIL,		/* civil_servants: công chức */
	CAT_PUBLIC,		/* public_employees: viên chức */
	CAT_CONTRACT,		/* contract_workers: người lao động */
	CAT__MAX
};

struct unit {
	const char	*name;
	long		 count[CAT__MAX];
	int		 has[CAT__MAX];
	struct mark	 mark;
};

struct staffing {
	const char	*caption;
	long		 total;
	int		 has_total;
	struct mark	 total_mark;
	struct unit	*units;
	int		 nunits;
	struct widths	 widths;
};

/* ---- staffing history ---- */

struct period {
	const char	*period;	/* text as written */
	long		 units;
	int		 has_units;
	long		 staff_lo, staff_hi;	/* equal unless a range */
	int		 has_staff;
	int		 staff_is_range;
	const char	*note;		/* may be NULL */
	struct mark	 mark;
};

struct history {
	const char	*caption;
	int		 chart;
	struct period	*periods;
	int		 nperiods;
};

/* ---- awards ---- */

enum award_sort {
	SORT_AS_WRITTEN,
	SORT_RANK,
	SORT_YEAR
};

struct award {
	const char	*award;
	struct mark	 award_mark;	/* of the award's name */
	const char	*where;		/* "body[0].awards.items[3]" */
	int		 year;		/* 0 when absent; a range's first */
	const char	*year_text;	/* as printed ("2016 – 2020"); NULL
					   when absent */
	const char	*by;		/* may be NULL */
	const char	*recipient;	/* may be NULL */
	const char	*decision;	/* may be NULL */
	int		 rank;		/* filled by lower.c; -1 no rung */
	int		 kind;		/* 'K', 'D' or 0, filled by lower.c */
	struct mark	 mark;
};

struct awards {
	const char	*caption;
	enum award_sort	 sort;
	int		 group_kind;
	struct award	*items;
	int		 nitems;
	struct widths	 widths;
};

/* ---- chart (built by lower.c from a history with chart: true) ---- */

struct bar {
	const char	*label;		/* period text */
	double		 lo, hi;	/* lo == hi: a plain bar from 0 */
	int		 is_range;
	const char	*value;		/* "92" or "70–95"; NULL: the period
					   has no figure (drawn as "—") */
};

struct chart {
	const char	*caption;
	struct bar	*bars;
	int		 nbars;
};

/* ---- image ---- */

enum image_kind {
	IMAGE_PNG = 1,
	IMAGE_JPEG
};

struct image {
	const char	*file;		/* resolved path (relative to the YAML) */
	double		 width_mm;	/* 0 = own size at 300 dpi */
	const char	*caption;	/* may be NULL */
	struct mark	 mark;		/* of file: */
	/* Read from the file's header once, by validate.c; layout and pdf
	 * use these and never read the file's header again. */
	enum image_kind	 kind;
	long		 px_w, px_h;	/* pixels, as stored in the file */
	int		 components;	/* colour channels (alpha included) */
	int		 orient;	/* EXIF orientation 1..8 (1: upright as
					   stored; 5..8 swap width and height:
					   image.h img_upright) */
	int		 index;		/* body[index] in the YAML, for messages
					   after lower.c renumbers the blocks */
	const char	*key;		/* its path in messages, set by
					   validate.c: "body[3].image.file",
					   "signature.seal" */
	int		 alpha;		/* PNG with an alpha channel or tRNS:
					   it has transparent parts */
};

/* ---- blocks ---- */

/* list.style (§2 v2): the marker of each item. */
enum {
	LIST_DASH,		/* "-", nested "+" (the v1 plain list) */
	LIST_NUMBER,		/* "1." "2.", nested "-" */
	LIST_ALPHA		/* "a)" .. "đ)" .. "y)" "aa)", nested "-" */
};

enum blk_kind {
	BLK_HEADING,
	BLK_PARAGRAPH,
	BLK_LIST,
	BLK_QUOTE,
	BLK_IMAGE,
	BLK_TABLE,
	BLK_STAFFING,		/* lowered to BLK_TABLE by lower.c */
	BLK_HISTORY,		/* lowered to BLK_TABLE (+ BLK_CHART) */
	BLK_AWARDS,		/* lowered to BLK_TABLE(s) */
	BLK_CHART,
	BLK_CAPTION,		/* a caption line, from lower.c */
	BLK_PAGE_BREAK,
	BLK_TOC,
	BLK_SUBCAPTION,		/* a group's caption inside a lowered block
				   (awards with group: kind), u.para */
	BLK_ORIENT,		/* the pages from here on are landscape
				   (u.orient 1) or portrait (0): schema_app.c
				   writes one before and after the blocks of
				   a `landscape:` block, flattened in place */
	BLK_APPENDIX		/* appendix u.appendix of report->apps starts
				   here: its blocks follow, after the
				   body's (schema_app.c sch_appendices) */
};

struct block {
	enum blk_kind	 kind;
	struct mark	 mark;
	const char	*where;		/* image, staffing, history blocks: the
					   path as written ("body[3]",
					   "body[1].landscape[0]",
					   "appendices[0].body[2]") that
					   validate.c's messages name */
	union {
		struct {
			struct inl	 text;
			int		 level;	/* 1..3 */
		} heading;
		struct inl	 para;		/* paragraph, quote, (sub)caption */
		struct {
			struct inl	*items;
			int		 nitems;
			int		 style;	/* LIST_* */
			/* per item: its nested items (one level),
			   NULL when none; nsub[i] of them */
			struct inl	**sub;
			int		*nsub;
		} list;
		struct image	 image;
		struct table	 table;
		struct staffing	 staffing;
		struct history	 history;
		struct awards	 awards;
		struct chart	 chart;
		int		 orient;	/* BLK_ORIENT: 1 landscape */
		int		 appendix;	/* BLK_APPENDIX: index */
	} u;
};

/* ---- appendices (Phụ lục, after the signature) ---- */

#define MAX_APPENDICES	26	/* §2a */

struct appendix {
	const char	*title;		/* as written (printed in capitals) */
	int		 landscape;	/* orientation: landscape */
	struct mark	 mark;		/* of the list item */
	struct block	*blocks;	/* its body, until sch_report moves it
					   after the report's blocks */
	int		 nblocks;
};

/* ---- the report ---- */

enum pagenum_pos {
	PAGENUM_TOP_CENTER,
	PAGENUM_BOTTOM_CENTER,
	PAGENUM_NONE
};

struct page_setup {
	double		 width_mm, height_mm;
	double		 top, bottom, left, right;	/* mm */
	enum pagenum_pos numbers;
	int		 number_first;
};

struct style {
	const char	*font;		/* family name or path */
	int		 font_is_path;
	struct mark	 font_mark;
	double		 size;		/* pt */
	double		 line_spacing;	/* multiple */
	double		 para_spacing;	/* pt */
	double		 indent_mm;
	int		 justify;
	const char	**fallback;	/* families or paths */
	struct mark	*fallback_marks;
	int		 nfallback;
	int		 caption_numbers;	/* "Bảng 1." ... (default 1) */
};

struct meta {
	const char	*title, *author, *subject;
	const char	*keywords;	/* joined with ", " */
	struct date	 date;
};

enum header_kind {
	HEADER_STATE,
	HEADER_PARTY
};

struct header {
	int		 present;
	enum header_kind kind;
	const char	*parent_agency;	/* may be NULL */
	const char	*agency;
	const char	*number;	/* may be NULL */
	const char	*place;
	struct date	 date;
};

struct signature {
	int		 present;
	const char	**recipients;
	int		 nrecipients;
	const char	*authority;	/* may be NULL */
	const char	*title;
	const char	*name;
	struct image	 image;		/* the signer's signature (file NULL:
					   none), in the gap over the name */
	struct image	 seal;		/* the agency's seal (file NULL: none),
					   over the image's left third */
	double		 seal_mm;	/* seal_size: its diameter, mm */
	struct mark	 seal_mm_mark;	/* of seal_size (line 0: not given) */
};

/* pdf.standard (§5): what the PDF claims and conforms to. */
enum pdf_standard {
	PDF_STD_A2U,		/* PDF/A-2u, the default */
	PDF_STD_NONE		/* a plain PDF 1.4 */
};

struct report {
	const char	*path;		/* the YAML file */
	const char	*output;	/* relative to the out dir */
	struct mark	 output_mark;
	const char	*lang;		/* "vi" */
	const char	**deps;		/* extends files, for up-to-date */
	int		 ndeps;
	struct source	*srcs;		/* every file read: path, extends */
	int		 nsrcs;
	struct page_setup page;
	struct style	 style;
	struct meta	 meta;
	struct header	 header;
	const char	*title;
	const char	*subtitle;	/* may be NULL */
	const char	**to;		/* "Kính gửi:" recipients, as written */
	int		 nto;		/* 0: no Kính gửi line */
	struct block	*blocks;
	int		 nblocks;
	struct signature sig;
	struct appendix	*apps;		/* appendices, in order */
	int		 napps;
	long long	 pdf_time;	/* seconds since epoch, UTC, of 00:00 +07 */
	struct inl	**notes;	/* footnote k's text at notes[k - 1], */
	int		 nnotes;	/* its mark at ->mark (lower.c) */
	enum pdf_standard pdf_standard;
};

#endif
