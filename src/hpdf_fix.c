/*
 * hpdf_fix.c - every correction baocao makes to libharu 2.3.0, and every
 * way round one of its limits, each with the libharu behaviour it
 * corrects:
 *
 *  - the error handler: libharu's demos longjmp out of it; ours records
 *    and returns, and a table names the error codes (hfix_error_text);
 *  - the PDF version: 2.3.0 writes PDF 1.3 and has no call to choose
 *    another (hfix_pdf14);
 *  - font files read whole into memory instead of through libharu's FILE
 *    reader, and fonts made in memory (hfix_font_stream, hfix_mem_stream);
 *  - font definitions parsed without a document, lent to the document
 *    that embeds them under a subset tag made from their bytes and their
 *    PostScript name, and given back (hfix_lend_fontdef,
 *    hfix_return_fontdef);
 *  - the CID map: the UTF-8 encoder poses while fonts are made, so that
 *    libharu does not search the cmap for 65,536 codes (hfix_fonts_*);
 *  - the fonts' /ToUnicode (an encoding CMap, which poppler rejects), /W
 *    and /CIDToGIDMap, rewritten for the code points drawn, and their
 *    descriptors and CIDSystemInfo written true, with the font program
 *    as it is (hfix_font_repair);
 *  - page contents and embedded font programs deflated by us, through
 *    the dictionaries' write_fn (hfix_put_page, hfix_font_repair);
 *  - a destination with a null zoom (hfix_dest_xyz);
 *  - link annotations with the Print flag and no border (hfix_uri_link).
 *
 * Many of these reach into libharu's structures (its internal headers),
 * so they hold for 2.3.0 only: the build fails on any other version.
 * Return convention: libharu's, or NULL / a failure text where the
 * header says so.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <zlib.h>

#include "arena.h"
#include "hpdf_fix.h"
#include "i18n.h"
#include "ttf.h"
#include "zmemo.h"
#include "zqueue.h"

/*
 * Everything here depends on libharu 2.3.0's internals (the layout of
 * its documents, fonts, encoders and streams, and the behaviour each
 * function corrects), so any other version is refused at build time
 * rather than silently misbehaving.
 */
#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) || \
    !defined(HPDF_BUGFIX_VERSION) || !defined(HPDF_VERSION_TEXT) || \
    HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || \
    HPDF_BUGFIX_VERSION != 0 || HPDF_VERSION_ID != 20300
#error "baocao needs libharu 2.3.0 exactly (src/hpdf_fix.c)"
#endif
/* The preprocessor cannot compare strings; "2.3.0" and "2.3.0-x" differ
 * in length. */
_Static_assert(sizeof(HPDF_VERSION_TEXT) == sizeof("2.3.0"),
    "baocao needs libharu 2.3.0 exactly (src/hpdf_fix.c)");

#define CMAP_BLOCK	100	/* entries per bf* block (PDF limit) */
#define PDF_ZLEVEL	4	/* zlib level of contents and fonts */
#define W_RUN		1000	/* widths per /W sub-array */

/* ---- errors ---- */

/* libharu's error codes, named. */
static const struct {
	HPDF_STATUS	 no;
	const char	*text;
} hpdf_msgs[] = {
	{ HPDF_FAILD_TO_ALLOC_MEM, N_("out of memory") },
	{ HPDF_FILE_IO_ERROR, N_("file I/O error") },
	{ HPDF_FILE_OPEN_ERROR, N_("cannot open file") },
	{ HPDF_FONT_EXISTS, N_("font already loaded") },
	{ HPDF_INVALID_DATE_TIME, N_("invalid date") },
	{ HPDF_INVALID_DESTINATION, N_("invalid destination") },
	{ HPDF_INVALID_DOCUMENT, N_("invalid document") },
	{ HPDF_INVALID_ENCODER, N_("invalid encoder") },
	{ HPDF_INVALID_FONTDEF_DATA, N_("invalid font data") },
	{ HPDF_INVALID_FONT_NAME, N_("invalid font name") },
	{ HPDF_INVALID_IMAGE, N_("invalid image") },
	{ HPDF_INVALID_JPEG_DATA, N_("invalid JPEG data") },
	{ HPDF_INVALID_OBJECT, N_("invalid object") },
	{ HPDF_INVALID_PARAMETER, N_("invalid parameter") },
	{ HPDF_INVALID_PNG_IMAGE, N_("invalid PNG image") },
	{ HPDF_INVALID_TTC_FILE, N_("invalid TrueType collection") },
	{ HPDF_INVALID_TTC_INDEX, N_("invalid TrueType collection index") },
	{ HPDF_LIBPNG_ERROR, N_("libpng error") },
	{ HPDF_PAGE_INVALID_FONT_SIZE, N_("invalid font size") },
	{ HPDF_PAGE_INVALID_SIZE, N_("invalid page size") },
	{ HPDF_REAL_OUT_OF_RANGE, N_("number out of range") },
	{ HPDF_STRING_OUT_OF_RANGE, N_("string too long") },
	{ HPDF_TTF_CANNOT_EMBEDDING_FONT,
	    N_("font licence forbids embedding") },
	{ HPDF_TTF_INVALID_CMAP, N_("unsupported TrueType cmap") },
	{ HPDF_TTF_INVALID_FOMAT, N_("not a TrueType font") },
	{ HPDF_TTF_MISSING_TABLE, N_("TrueType table missing") },
	{ HPDF_UNSUPPORTED_FONT_TYPE, N_("unsupported font type") },
	{ HPDF_UNSUPPORTED_JPEG_FORMAT, N_("unsupported JPEG format") },
	{ HPDF_ZLIB_ERROR, N_("zlib error") },
};

void
hfix_handler(HPDF_STATUS no, HPDF_STATUS detail, void *arg)
{
	struct hfix_err	*e = arg;

	if (e->count++ == 0 || e->no == 0) {
		e->no = no;
		e->detail = detail;
	}
}

const char *
hfix_error_text(struct hfix_err *rec, HPDF_Error err, char *buf, size_t sz)
{
	HPDF_STATUS	 no, detail;
	const char	*text = N_("libharu error");
	size_t		 i;

	no = rec != NULL && rec->no ? rec->no : err->error_no;
	detail = rec != NULL && rec->no ? rec->detail : err->detail_no;
	if (no == HPDF_OK)
		return NULL;
	for (i = 0; i < sizeof(hpdf_msgs) / sizeof(hpdf_msgs[0]); i++)
		if (hpdf_msgs[i].no == no)
			text = hpdf_msgs[i].text;
	snprintf(buf, sz, _("%s (libharu error 0x%04X, detail %u)"), _(text),
	    (unsigned)no, (unsigned)detail);
	if (rec != NULL)
		memset(rec, 0, sizeof(*rec));
	HPDF_Error_Reset(err);
	return buf;
}

/* ---- the document ---- */

/* libharu 2.3.0 writes %PDF-1.3 unless encryption or a two-page layout
 * raises it, and has no call to set it; our files are PDF 1.4. */
void
hfix_pdf14(HPDF_Doc doc)
{
	doc->pdf_version = HPDF_VER_14;
}

/* ---- font files in memory ---- */

/*
 * libharu reads a font file through an HPDF_Stream, and keeps that stream
 * in the parsed font (attr->stream): parsing (HPDF_TTFontDef_Load), the
 * composite-glyph check when a glyph is first marked, and saving
 * (HPDF_TTFontDef_SaveFontData copies each table, 4 bytes a read, and
 * each used glyph) all read from it. HPDF_FileReader_New reads through a
 * FILE*, with an fseek before most reads (an lseek and a 4 KiB read
 * syscall each) and HPDF_MemSet clearing every buffer byte by byte.
 * So the file is read whole, with one read(), and given to libharu as a
 * stream whose reads are a memcpy (HPDF_CallbackReader_New, plus a
 * free_fn; HPDF_Stream_Free calls it and then frees the stream).
 *
 * The stream behaves exactly as the file reader it replaces, so parsing
 * ends, and fails, the same way on any file: a read is zero-filled
 * first; a short read at the end of the data sets *siz to what was
 * read and returns HPDF_STREAM_EOF without raising an error (as
 * HPDF_FileReader_ReadFunc at feof); a seek past the end succeeds (as
 * fseek) and later reads return nothing; a seek to a negative position
 * fails with HPDF_FILE_IO_ERROR, detail 0, and errno EINVAL (fseek's
 * EINVAL, ferror() 0; pdf.c names errno when saving fails); tell is the
 * position. A file that cannot be opened gives
 * HPDF_FILE_OPEN_ERROR with errno, as HPDF_FileReader_New. A file that
 * cannot be read whole into memory - not a regular file, larger than
 * FMEM_MAX, a failing read() - is refused, since only bytes in memory
 * can be checked (ttf_check) before libharu reads them. The data are
 * allocated with HPDF_GetMem (an allocation failure is libharu's "out of
 * memory") and freed with the parsed font.
 */
#define FMEM_MAX	(64L << 20)	/* larger files are refused */

struct fmem {
	long		 len;
	long		 pos;		/* may be past len, as fseek allows */
	unsigned char	 data[];
};

/* A read that is not wholly inside the data, or of another size (out of
 * line: fmem_read's fast path then saves no registers). */
__attribute__((noinline)) static HPDF_STATUS
fmem_read_any(struct fmem *m, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	size_t		 want = *siz, n = 0;

	if (m->pos < m->len) {
		n = (size_t)(m->len - m->pos);
		if (n > want)
			n = want;
		memcpy(ptr, m->data + m->pos, n);
		m->pos += (long)n;
	}
	if (n == want)
		return HPDF_OK;
	memset(ptr + n, 0, want - n);
	*siz = (HPDF_UINT)n;
	return HPDF_STREAM_EOF;
}

/* Most reads are of 2 or 4 bytes (GetUINT16, the table copies of
 * SaveFontData): copies of a constant size, no call. */
static HPDF_STATUS
fmem_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	struct fmem	*m = s->attr;

	if (m->pos <= m->len - 4) {
		if (*siz == 4) {
			memcpy(ptr, m->data + m->pos, 4);
			m->pos += 4;
			return HPDF_OK;
		}
		if (*siz == 2) {
			memcpy(ptr, m->data + m->pos, 2);
			m->pos += 2;
			return HPDF_OK;
		}
	}
	return fmem_read_any(m, ptr, siz);
}

static HPDF_STATUS
fmem_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct fmem	*m = s->attr;
	long		 base = 0;

	if (mode == HPDF_SEEK_CUR)
		base = m->pos;
	else if (mode == HPDF_SEEK_END)
		base = m->len;
	if (base + (long)pos < 0) {
		errno = EINVAL;		/* as fseek: pdf.c reports errno */
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
	}
	m->pos = base + (long)pos;
	return HPDF_OK;
}

/* HPDF_FileStream_TellFunc and _SizeFunc see ftell() as an int: a
 * position of 2 GiB or more (only a seek past the end can make one) is
 * an error if that int is negative, else taken modulo 2^32. */
static HPDF_INT32
fmem_tell(HPDF_Stream s)
{
	struct fmem	*m = s->attr;
	HPDF_INT32	 t = (HPDF_INT32)(uint32_t)m->pos;

	if (t < 0)
		return (HPDF_INT32)HPDF_SetError(s->error, HPDF_FILE_IO_ERROR,
		    0);
	return t;
}

static HPDF_UINT32
fmem_size(HPDF_Stream s)
{
	struct fmem	*m = s->attr;
	HPDF_INT32	 t = (HPDF_INT32)(uint32_t)m->pos;

	if (t < 0) {
		HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
		return 0;
	}
	m->pos = t;	/* it seeks back to that int */
	return (HPDF_UINT32)m->len;
}

static void
fmem_free(HPDF_Stream s)
{
	HPDF_FreeMem(s->mmgr, s->attr);
	s->attr = NULL;
}

/* The stream over m (its data allocated on mmgr), or NULL with m freed. */
static HPDF_Stream
fmem_stream(HPDF_MMgr mmgr, struct fmem *m)
{
	HPDF_Stream	 s;

	m->pos = 0;
	s = HPDF_CallbackReader_New(mmgr, fmem_read, fmem_seek, fmem_tell,
	    fmem_size, m);
	if (s == NULL) {
		HPDF_FreeMem(mmgr, m);
		return NULL;
	}
	s->free_fn = fmem_free;
	return s;
}

HPDF_Stream
hfix_font_stream(HPDF_MMgr mmgr, const char *path, char *why, size_t whysz)
{
	struct stat	 st;
	struct fmem	*m;
	long		 got = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		HPDF_SetError(mmgr->error, HPDF_FILE_OPEN_ERROR,
		    (HPDF_STATUS)errno);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
		goto unreadable;
	if (st.st_size > FMEM_MAX) {
		snprintf(why, whysz, _("it is larger than %ld MB"),
		    FMEM_MAX >> 20);
		close(fd);
		return NULL;
	}
	m = HPDF_GetMem(mmgr, (HPDF_UINT)(sizeof(*m) + (size_t)st.st_size));
	if (m == NULL) {
		close(fd);
		return NULL;
	}
	while (got < (long)st.st_size) {
		n = read(fd, m->data + got, (size_t)((long)st.st_size - got));
		if (n == 0)
			break;		/* the file shrank: what is there */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			HPDF_FreeMem(mmgr, m);
			goto unreadable;
		}
		got += (long)n;
	}
	close(fd);
	m->len = got;
	return fmem_stream(mmgr, m);
unreadable:
	snprintf(why, whysz, "%s", _("it cannot be read whole"));
	close(fd);
	return NULL;
}

HPDF_Stream
hfix_mem_stream(HPDF_MMgr mmgr, const unsigned char *data, size_t len)
{
	struct fmem	*m;

	if (len > (size_t)FMEM_MAX || (m = HPDF_GetMem(mmgr,
	    (HPDF_UINT)(sizeof(*m) + len))) == NULL)
		return NULL;
	memcpy(m->data, data, len);
	m->len = (long)len;
	return fmem_stream(mmgr, m);
}

const unsigned char *
hfix_stream_bytes(HPDF_Stream s, size_t *len)
{
	const struct fmem	*m = s->attr;

	*len = (size_t)m->len;
	return m->data;
}

const unsigned char *
hfix_fontdef_bytes(HPDF_FontDef def, size_t *len)
{
	return hfix_stream_bytes(((HPDF_TTFontDefAttr)def->attr)->stream, len);
}

/* ---- fonts of the document ---- */

/*
 * A font definition parsed by font.c (on a memory manager of its own, so
 * that fonts can be measured with no document) is lent to the document
 * that embeds it, and given back before that document is freed:
 *
 *  - libharu keeps the document's font definitions in fontdef_list and
 *    frees them with the document; a lent one is taken off that list
 *    again, so it stays font.c's.
 *  - A parsed font raises its errors in the error object of its memory
 *    manager, copied into it (def->error, its stream's error) when it was
 *    parsed; and HPDF_SaveToFile reports only the document's error
 *    object. While lent, the definition's error object and memory
 *    manager are the document's, as if the document had parsed it (both
 *    managers are libharu's default malloc/free ones, without a memory
 *    pool, so either frees what the other allocated).
 *  - Its name, which HPDF_GetFont looks it up by and which the font
 *    dictionaries and descriptor carry as /BaseFont and /FontName, is
 *    the subset tag and the font's PostScript name ("ABCDEF+Name").
 *    libharu would give the document's next tag (HPDFAA, HPDFAB, ...:
 *    the same tags in every PDF, so two merged PDFs had different fonts
 *    under one name) and append the subfamily to the PostScript name
 *    (",Bold", not part of it). The tag is six capitals from a hash of
 *    the font's bytes (the subset of hfix_mem_stream): two different
 *    subsets get different tags, the same subset the same one.
 *    Registering a font of a name the document has already fails as
 *    HPDF_Doc_RegisterFontDef does, but does not free the definition.
 *  - Given back, the definition is cleaned as HPDF_FreeDoc cleans the
 *    document's (its glyph marks cleared, its descriptor, an object of
 *    the document, forgotten), so that another document can embed it.
 */

/* The subset tag of a font program: six capitals from its FNV-1a hash. */
static void
subset_tag(const unsigned char *data, size_t len, char tag[7])
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	for (i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
}

/* def's name as "TAG+PostScriptName": libharu's base_font is the
 * PostScript name, then ",Subfamily" unless the subfamily is Regular. */
static void
tag_name(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 a = def->attr;
	const unsigned char	*data;
	size_t			 len, n;
	char			 name[HPDF_LIMIT_MAX_NAME_LEN + 1];

	data = hfix_fontdef_bytes(def, &len);
	subset_tag(data, len, name);
	name[6] = '+';
	n = strcspn(def->base_font, ",");
	if (n > sizeof(name) - 8)
		n = sizeof(name) - 8;
	memcpy(name + 7, def->base_font, n);
	name[7 + n] = '\0';
	memcpy(def->base_font, name, 8 + n);
	memcpy(a->base_font, name, 8 + n);
}

HPDF_STATUS
hfix_lend_fontdef(HPDF_Doc doc, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 a = def->attr;
	HPDF_STATUS		 rc;

	if (strchr(def->base_font, '+') == NULL)
		tag_name(def);
	if (HPDF_Doc_FindFontDef(doc, def->base_font) != NULL)
		return HPDF_SetError(&doc->error, HPDF_DUPLICATE_REGISTRATION,
		    0);
	if ((rc = HPDF_List_Add(doc->fontdef_list, def)) != HPDF_OK)
		return HPDF_SetError(&doc->error, rc, 0);
	def->mmgr = doc->mmgr;
	def->error = &doc->error;
	a->stream->error = &doc->error;
	return HPDF_OK;
}

void
hfix_return_fontdef(HPDF_Doc doc, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 a = def->attr;

	HPDF_List_Remove(doc->fontdef_list, def);
	HPDF_FontDef_Cleanup(def);
	def->mmgr = a->stream->mmgr;	/* the one it was parsed on */
	def->error = def->mmgr->error;
	a->stream->error = def->mmgr->error;
}

/* 1 if the cid_map maps no code: so is libharu 2.3.0's UTF-8 encoder's
 * (its init overrides to_unicode_fn before adding its range, so the range
 * is not entered), apart from its first entries, which hold the UTF-8
 * parser's state (UTF8_STATE). */
#define UTF8_STATE	8

static int
cid_empty(HPDF_CMapEncoderAttr ea)
{
	unsigned	 l, h;

	for (l = 0; l < 256; l++)
		for (h = l == 0 ? UTF8_STATE : 0; h < 256; h++)
			if (ea->cid_map[l][h] != 0)
				return 0;
	return 1;
}

/*
 * For the UTF-8 encoder (whose to_unicode_fn is its own), libharu's
 * CIDFontType2_New looks each of the 65,536 codes up in the font's cmap,
 * a linear search over its segments, to build a /W and a /CIDToGIDMap
 * that hfix_font_repair replaces anyway. For an encoder with the default
 * to_unicode_fn it only looks up the codes its cid_map maps. So while the
 * fonts are made the encoder poses as one: the default to_unicode_fn and
 * a cid_map of the single code U+0020 (libharu refuses a font with no
 * code). hfix_fonts_end restores both; libharu's text encoding and the
 * outline and information strings never see them.
 */
void
hfix_fonts_begin(HPDF_Doc doc, struct hfix_pose *ps)
{
	HPDF_Encoder		 enc = HPDF_GetEncoder(doc, "UTF-8");
	HPDF_CMapEncoderAttr	 ea;

	memset(ps, 0, sizeof(*ps));
	if (enc == NULL || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE ||
	    (ea = enc->attr) == NULL)
		return;
	if (!cid_empty(ea)) {	/* not libharu 2.3.0's: keep it */
		ps->saved = xmalloc(sizeof(ea->cid_map));
		memcpy(ps->saved, ea->cid_map, sizeof(ea->cid_map));
		memset(ea->cid_map[1], 0, sizeof(ea->cid_map) -
		    sizeof(ea->cid_map[0]));
	}
	ea->cid_map[' '][0] = ' ';
	ps->enc = enc;
	ps->to_unicode = enc->to_unicode_fn;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
}

void
hfix_fonts_end(struct hfix_pose *ps)
{
	HPDF_CMapEncoderAttr	 ea;

	if (ps->enc == NULL)
		return;
	ea = ps->enc->attr;
	ps->enc->to_unicode_fn = ps->to_unicode;
	ea->cid_map[' '][0] = 0;
	if (ps->saved != NULL)
		memcpy(ea->cid_map[1], ps->saved[1], sizeof(ea->cid_map) -
		    sizeof(ea->cid_map[0]));
	free(ps->saved);
	ps->saved = NULL;
	ps->enc = NULL;
}

/* ---- compression ----
 *
 * libharu deflates every stream itself at its fixed zlib level 6, with
 * a new deflate state for each and after copying the data through its
 * memory streams a byte at a time. For the page contents and the
 * embedded font programs (FontFile2, fix_descriptor) we deflate at
 * PDF_ZLEVEL instead and hand libharu the compressed bytes with its
 * filter set to NONE, so it copies them as they are; the dictionary's
 * write_fn, which libharu calls after writing the entries, adds the
 * /Filter /FlateDecode it then leaves out. Level 4 rather than 6 trades
 * a slightly larger file for less time (bench/RESULTS.md).
 *
 * ToUnicode, CIDToGIDMap and the ICC profile keep libharu's level 6 and
 * its "/Filter [ /FlateDecode ]", but we deflate them too (hfix_put_flate:
 * libharu set up a new deflate state for each and read them through its
 * stream a chunk at a time), so that they and the font programs go
 * through the process's memo (zmemo.h): a batch worker embeds the same
 * ones in report after report and deflates each once.
 */

/* Replace what the stream of `d` holds by `data`, which libharu writes
 * through `filter` (deflating it when HPDF_STREAM_FILTER_FLATE_DECODE). */
static HPDF_STATUS
set_stream(HPDF_Dict d, const void *data, size_t len, HPDF_UINT filter)
{
	HPDF_MemStream_FreeData(d->stream);
	d->filter = filter;
	return HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len);
}

static HPDF_STATUS
flate_key(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* `d`'s stream becomes z[0..zlen), deflated already: copied as it is,
 * "/Filter /FlateDecode" written after the entries (flate_key). */
static HPDF_STATUS
set_deflated(HPDF_Dict d, const void *z, size_t zlen)
{
	d->write_fn = flate_key;
	return set_stream(d, z, zlen, HPDF_STREAM_FILTER_NONE);
}

/* Replace what `d`'s stream holds by data[0..len), deflated here
 * (zq_deflate, its pad count in *npad) and marked so. */
static HPDF_STATUS
put_deflated(HPDF_Dict d, z_stream *z, struct sbuf *zout,
    const unsigned char *data, size_t len, int pad, size_t *npad)
{
	int	 rc;

	if ((rc = zq_deflate(z, zout, data, len, pad, npad)) != Z_OK)
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, rc);
	return set_deflated(d, zout->s, zout->len);
}

/* Set z up at `level` the first time. */
static int
z_ready(struct hfix_z *z, int level)
{
	if (!z->init) {
		memset(&z->z, 0, sizeof(z->z));
		if (deflateInit(&z->z, level) != Z_OK)
			return 0;
		z->init = 1;
	}
	return 1;
}

/* put_deflated of the one chunk data[0..len), or what the memo kept of
 * it: only a miss sets z up (at `level`) and deflates. */
static HPDF_STATUS
put_memo(HPDF_Dict d, struct hfix_z *z, int level, const unsigned char *data,
    size_t len, int pad, size_t *npad)
{
	struct zmemo_out	 m;
	HPDF_STATUS		 rc;

	if (zmemo_find(level, pad, data, len, &m)) {
		*npad = m.npad;
		return set_deflated(d, m.z, m.zlen);
	}
	if (!z_ready(z, level))
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, 0);
	rc = put_deflated(d, &z->z, &z->out, data, len, pad, npad);
	if (rc == HPDF_OK) {
		m.z = (const unsigned char *)z->out.s;
		m.zlen = z->out.len;
		m.npad = *npad;
		zmemo_keep(level, pad, data, len, &m);
	}
	return rc;
}

/* The process's deflate states: the font programs' (PDF_ZLEVEL) and
 * those of the streams libharu would deflate (its level 6). */
static struct hfix_z	 z4, z6;

/* libharu writes the dictionary's "/Filter [ /FlateDecode ]" from its
 * filter before the entries and then calls write_fn: from here on the
 * stream, deflated already, is to be copied. */
static HPDF_STATUS
deflated_already(HPDF_Dict d, HPDF_Stream out)
{
	(void)out;
	d->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

HPDF_STATUS
hfix_put_flate(HPDF_Dict d, const void *data, size_t len)
{
	size_t		 npad = 0;
	HPDF_STATUS	 rc;

	rc = put_memo(d, &z6, Z_DEFAULT_COMPRESSION, data, len, -1, &npad);
	d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	d->write_fn = deflated_already;
	return rc;
}

/*
 * HPDF_LoadRawImageFromMem copies the samples into the image's stream a
 * byte at a time (HPDF_MemCpy), only for hfix_put_flate to replace them
 * by their deflated bytes: the same dictionary, made here with the same
 * entries in the same order (libharu's HPDF_Image_LoadRawImageFromMem),
 * takes the deflated bytes directly.
 */
HPDF_Image
hfix_raw_image(HPDF_Doc doc, const unsigned char *data, long w, long h,
    int ncomp)
{
	return hfix_raw_image_z(doc, data, NULL, 0, w, h, ncomp);
}

/* hfix_put_flate of data[0..len) whose deflated bytes are z[0..zlen)
 * (data NULL: not kept in the memo). */
static HPDF_STATUS
put_flate_z(HPDF_Dict d, const unsigned char *data, size_t len,
    const unsigned char *z, size_t zlen)
{
	struct zmemo_out	 m = { z, zlen, 0 }, had;
	HPDF_STATUS		 rc;

	rc = set_stream(d, z, zlen, HPDF_STREAM_FILTER_NONE);
	/* the memo may have it while the decoded images no longer do */
	if (rc == HPDF_OK && data != NULL && !zmemo_find(Z_DEFAULT_COMPRESSION,
	    -1, data, len, &had))
		zmemo_keep(Z_DEFAULT_COMPRESSION, -1, data, len, &m);
	d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	d->write_fn = deflated_already;
	return rc;
}

/* The image dictionary HPDF_LoadRawImageFromMem makes, its stream
 * empty. */
static HPDF_Dict
raw_image_dict(HPDF_Doc doc, long w, long h, int ncomp)
{
	HPDF_Dict	 img;
	HPDF_STATUS	 rc;

	if ((img = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL)
		return NULL;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	rc = HPDF_Dict_AddName(img, "Type", "XObject");
	rc |= HPDF_Dict_AddName(img, "Subtype", "Image");
	rc |= HPDF_Dict_AddName(img, "ColorSpace", ncomp == 1 ? "DeviceGray" :
	    "DeviceRGB");
	rc |= HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
	rc |= HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
	rc |= HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
	return rc == HPDF_OK ? img : NULL;
}

HPDF_Image
hfix_raw_image_z(HPDF_Doc doc, const unsigned char *data,
    const unsigned char *z, size_t zlen, long w, long h, int ncomp)
{
	HPDF_Dict	 img;
	HPDF_STATUS	 rc;
	size_t		 len = (size_t)w * (size_t)h * (size_t)ncomp;

	if ((img = raw_image_dict(doc, w, h, ncomp)) == NULL)
		return NULL;
	if (z != NULL)
		rc = put_flate_z(img, data, len, z, zlen);
	else
		rc = hfix_put_flate(img, data, len);
	return rc == HPDF_OK ? img : NULL;
}

void
hfix_z_cleanup(void)
{
	hfix_z_free(&z4);
	hfix_z_free(&z6);
	zmemo_free();
}

/* The chunks of a libharu memory stream, to copy them out. */
static int
mem_chunks(HPDF_Stream s, const unsigned char ***ptr, size_t **len)
{
	HPDF_UINT	 i, n = HPDF_MemStream_GetBufCount(s), l;
	HPDF_UINT32	 left = HPDF_Stream_Size(s);

	*ptr = xcalloc(n + 1, sizeof(**ptr));
	*len = xcalloc(n + 1, sizeof(**len));
	for (i = 0; i < n; i++) {
		(*ptr)[i] = HPDF_MemStream_GetBufPtr(s, i, &l);
		(*len)[i] = l < left ? l : left;
		left -= (HPDF_UINT32)(*len)[i];
	}
	return (int)n;
}

/*
 * What libharu draws itself on a page (images) goes to the page's
 * stream; pdf.c writes everything else into its own content buffer.
 * hfix_take_page_stream moves the former into that buffer, and at the
 * end of the page the buffer becomes the page's contents, deflated here.
 */
void
hfix_take_page_stream(HPDF_Page page, struct sbuf *cs)
{
	HPDF_PageAttr	 attr = page->attr;
	const unsigned char **ptr;
	size_t		*len;
	int		 i, n;

	if (HPDF_Stream_Size(attr->stream) == 0)
		return;
	n = mem_chunks(attr->stream, &ptr, &len);
	for (i = 0; i < n; i++)
		sbuf_add(cs, (const char *)ptr[i], len[i]);
	free(ptr);
	free(len);
	HPDF_MemStream_FreeData(attr->stream);
}

/*
 * Where a CPU is spare (not solo: pdf.h pdf_threads), a second thread
 * (zqueue.h) deflates the subset fonts' programs the memo does not have
 * (hfix_font_ahead, queued before the first page is drawn, taken by
 * hfix_font_repair) and the pages while the next ones are drawn: every
 * page once the thread runs, else from page ZQ_FROM on (a short report
 * whose fonts the memo had deflates its few pages here, without a
 * thread). libharu calls the contents' before_write_fn when it writes
 * them (in page order, here), which takes the page's bytes; the queue
 * of the document being written is `writing`: one document at a time.
 */
#define ZQ_FROM		16

static struct zq	*writing;

static HPDF_STATUS
take_page(HPDF_Dict d)
{
	unsigned char	*out;
	size_t		 len, npad;
	HPDF_STATUS	 st;
	int		 rc;

	if (writing == NULL || !zq_take(writing, d, &out, &len, &npad, &rc))
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, 0);
	if (rc != Z_OK) {
		free(out);
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, rc);
	}
	st = set_deflated(d, out, len);
	free(out);
	return st;
}

/* The second thread, once (hfix_font_ahead or the page ZQ_FROM + 1). */
static void
start_queue(struct hfix_z *z)
{
	if (z->solo || z->tried)
		return;
	z->tried = 1;
	writing = z->q = zq_new(PDF_ZLEVEL);
}

void
hfix_font_ahead(struct hfix_z *z, HPDF_FontDef def)
{
	const unsigned char	*data;
	struct zmemo_out	 m;
	size_t			 len;

	if (z->solo || (data = hfix_fontdef_bytes(def, &len)) == NULL ||
	    zmemo_find(PDF_ZLEVEL, 0, data, len, &m))
		return;
	start_queue(z);
	if (z->q != NULL)
		zq_push(z->q, def, data, len, 0);
}

const char *
hfix_put_page(HPDF_Page page, struct hfix_z *z, const struct sbuf *cs)
{
	HPDF_PageAttr	 attr = page->attr;
	const unsigned char *data = (const unsigned char *)cs->s;

	/* once: a thread that cannot start leaves the pages to this one */
	if (++z->pages == ZQ_FROM + 1)
		start_queue(z);
	if (z->q != NULL) {
		zq_push(z->q, attr->contents, data, cs->len, ' ');
		attr->contents->before_write_fn = take_page;
		return NULL;
	}
	if (!z_ready(z, PDF_ZLEVEL))
		return N_("cannot start compressing");
	if (put_deflated(attr->contents, &z->z, &z->out, data, cs->len, ' ',
	    NULL) != HPDF_OK)
		return N_("cannot write the page");
	return NULL;
}

void
hfix_z_free(struct hfix_z *z)
{
	sbuf_free(&z->out);
	if (z->init)
		deflateEnd(&z->z);
	z->init = 0;
	if (z->q != NULL && writing == z->q)
		writing = NULL;
	zq_free(z->q);
	z->q = NULL;
	z->pages = 0;
	z->tried = 0;
}

/* ---- font repair: ToUnicode, /W, /CIDToGIDMap ----
 *
 * libharu writes each UTF-8 font as Type0 / Identity-H, the content
 * stream code of a character being its BMP code point, and a CIDType2
 * descendant with a CIDToGIDMap and /W over all 65,536 code points. Its
 * /ToUnicode stream is an encoding CMap (begincidrange), which poppler
 * rejects. We rewrite that stream (same object) as a real ToUnicode CMap
 * covering exactly the code points drawn, in bfchar entries only (at most
 * 100 per block): Ghostscript 10 mis-decodes bfrange entries, even ones
 * that stay within one last byte (its txtwrite turned "VĂN" into "VN"
 * and "Độc" into "ßc") and reads bfchar entries right. /W and
 * /CIDToGIDMap shrink to those code points as well. libharu builds
 * these objects when the font is created and only sets their filters at
 * save time, so the rewrite survives HPDF_SaveToFile.
 */

/* The code points drawn with one font. */
struct cps {
	HPDF_Font	 font;
	const uint8_t	*bits;		/* 65,536 bits */
	uint32_t	 max;
};


static int
is_used(const struct cps *u, uint32_t cp)
{
	return (u->bits[cp >> 3] >> (cp & 7)) & 1;
}

static void
cmap_flush(struct sbuf *b, struct sbuf *blk, int *n)
{
	if (*n == 0)
		return;
	sbuf_printf(b, "%d beginbfchar\n", *n);
	sbuf_add(b, blk->s, blk->len);
	sbuf_adds(b, "endbfchar\n");
	blk->len = 0;
	*n = 0;
}

/* One bfchar entry per code point drawn, CMAP_BLOCK to a block. */
static void
cmap_blocks(struct sbuf *b, const struct cps *u)
{
	struct sbuf	 blk = { 0 };
	uint32_t	 cp;
	int		 n = 0;

	for (cp = 0; cp <= u->max; cp++) {
		if (!is_used(u, cp))
			continue;
		sbuf_printf(&blk, "<%04X> <%04X>\n", (unsigned)cp,
		    (unsigned)cp);
		if (++n == CMAP_BLOCK)
			cmap_flush(b, &blk, &n);
	}
	cmap_flush(b, &blk, &n);
	sbuf_free(&blk);
}

static void
cmap_text(struct sbuf *b, const struct cps *u)
{
	sbuf_adds(b, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	cmap_blocks(b, u);
	sbuf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource "
	    "pop\nend\nend\n");
}

static const char *
fix_tounicode(HPDF_Doc doc, const struct cps *u)
{
	static const char *const drop[] = {
		"Type", "CMapName", "CIDSystemInfo", "WMode", "UseCMap"
	};
	struct sbuf	 b = { 0 };
	HPDF_Dict	 tu;
	HPDF_STATUS	 rc;
	size_t		 i;

	tu = HPDF_Dict_GetItem(u->font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL || tu->stream == NULL) {
		tu = HPDF_DictStream_New(doc->mmgr, doc->xref);
		if (tu == NULL ||
		    HPDF_Dict_Add(u->font, "ToUnicode", tu) != HPDF_OK)
			return N_("cannot write ToUnicode");
	}
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		HPDF_Dict_RemoveElement(tu, drop[i]);
	cmap_text(&b, u);
	rc = hfix_put_flate(tu, b.s, b.len);
	sbuf_free(&b);
	return rc == HPDF_OK ? NULL : N_("cannot write ToUnicode");
}

static const char *
fix_widths(HPDF_Doc doc, const struct cps *u, HPDF_FontDef def,
    HPDF_Dict desc)
{
	HPDF_Array	 w, run = NULL;
	HPDF_STATUS	 rc = HPDF_OK;
	uint32_t	 cp;
	int		 n = 0;

	if ((w = HPDF_Array_New(doc->mmgr)) == NULL)
		return N_("cannot write widths");
	for (cp = 0; cp <= u->max && rc == HPDF_OK; cp++) {
		if (!is_used(u, cp)) {
			run = NULL;
			continue;
		}
		if (run == NULL || n == W_RUN) {
			if ((run = HPDF_Array_New(doc->mmgr)) == NULL)
				return N_("cannot write widths");
			rc |= HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
			rc |= HPDF_Array_Add(w, run);
			n = 0;
		}
		rc |= HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def,
		    HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp)));
		n++;
	}
	if (rc != HPDF_OK || HPDF_Dict_Add(desc, "W", w) != HPDF_OK)
		return N_("cannot write widths");
	return NULL;
}

static const char *
fix_gidmap(const struct cps *u, HPDF_FontDef def,
    HPDF_Dict map)
{
	uint8_t		*buf;
	size_t		 n = (size_t)u->max + 1;
	uint32_t	 cp;
	HPDF_UINT16	 gid;
	HPDF_STATUS	 rc;

	if (map == NULL || map->stream == NULL)
		return NULL;
	buf = xcalloc(n, 2);
	for (cp = 0; cp < n; cp++)
		if (is_used(u, cp)) {
			gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
			buf[2 * cp] = (uint8_t)(gid >> 8);
			buf[2 * cp + 1] = (uint8_t)gid;
		}
	rc = hfix_put_flate(map, buf, 2 * n);
	free(buf);
	return rc == HPDF_OK ? NULL : N_("cannot write CIDToGIDMap");
}

/* ---- font descriptors ----
 *
 * libharu makes a TrueType font's descriptor while the PDF is saved, with
 * values it does not have: ItalicAngle and StemV 0, flags from the
 * subfamily's name (Bold, Italic) and sFamilyClass, no CapHeight; and it
 * writes the font program through HPDF_TTFontDef_SaveFontData, which
 * rebuilds the file from 13 tables (empty ones for those missing, the
 * subset tag added to its names), and CIDSystemInfo's Ordering as the
 * encoding's name, "Identity-H" (the ordering is "Identity"). It does
 * none of this for a font whose definition has a descriptor already: so
 * we give it one, with the values of the font's own tables
 * (ttf_describe) and the font program as it is (the subset HarfBuzz made,
 * deflated), and correct the ordering.
 */

/* The Adobe standard Latin character set (ISO 32000 annex D) beyond
 * ASCII and Latin-1: a font of only these codes is Nonsymbolic. */
static const uint16_t std_latin[] = {
	0x0131, 0x0141, 0x0142, 0x0152, 0x0153, 0x0160, 0x0161, 0x0178,
	0x017D, 0x017E, 0x0192, 0x02C6, 0x02C7, 0x02D8, 0x02D9, 0x02DA,
	0x02DB, 0x02DC, 0x02DD, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A,
	0x201C, 0x201D, 0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030,
	0x2039, 0x203A, 0x2044, 0x20AC, 0x2122, 0x2212, 0xFB01, 0xFB02,
};

static int
is_std_latin(uint32_t cp)
{
	size_t	 i;

	if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF))
		return 1;
	for (i = 0; i < sizeof(std_latin) / sizeof(std_latin[0]); i++)
		if (std_latin[i] == cp)
			return 1;
	return 0;
}

/* The descriptor's /Flags (ISO 32000 table 121). */
static int
desc_flags(const struct ttf_desc *d, const struct cps *u)
{
	uint32_t	 cp;
	int		 f = 0, std = 1;

	for (cp = 0; cp <= u->max && std; cp++)
		if (is_used(u, cp) && !is_std_latin(cp))
			std = 0;
	if (d->fixed_pitch)
		f |= 1 << 0;		/* FixedPitch */
	if (d->serif)
		f |= 1 << 1;		/* Serif */
	f |= std ? 1 << 5 : 1 << 2;	/* Nonsymbolic : Symbolic */
	if (d->script)
		f |= 1 << 3;		/* Script */
	if (d->italic || d->italic_angle != 0)
		f |= 1 << 6;		/* Italic */
	if (d->weight >= 600)
		f |= 1 << 18;		/* ForceBold */
	return f;
}

/* A TrueType font has no stem width; the usual estimate from its weight
 * class: 400 (regular) gives 88, 700 (bold) 166. */
static int
desc_stemv(int weight)
{
	double	 w = weight > 0 ? weight / 65.0 : 400 / 65.0;

	return (int)(50 + w * w + 0.5);
}

/* put_memo of a font program hfix_font_ahead queued: its deflated
 * bytes taken from the thread, then kept in the memo; 0 if it was not
 * queued or the thread failed to deflate it. */
static int
take_font(HPDF_Dict file, HPDF_FontDef def, const unsigned char *data,
    size_t len, size_t *npad, HPDF_STATUS *st)
{
	struct zmemo_out	 m;
	unsigned char		*out;
	size_t			 olen;
	int			 rc;

	if (writing == NULL || !zq_take(writing, def, &out, &olen, npad, &rc))
		return 0;
	if (rc != Z_OK) {	/* the thread could not: deflated here */
		free(out);
		*npad = 0;
		return 0;
	}
	*st = set_deflated(file, out, olen);
	m.z = out;
	m.zlen = olen;
	m.npad = *npad;
	if (*st == HPDF_OK)
		zmemo_keep(PDF_ZLEVEL, 0, data, len, &m);
	free(out);
	return 1;
}

/* The FontFile2 stream: the font program, deflated, its Length1. One
 * deflate state for the process (fonts are deflated one at a time). */
static HPDF_Dict
font_file2(HPDF_Doc doc, HPDF_FontDef def, const unsigned char *data,
    size_t len)
{
	HPDF_Dict	 file;
	HPDF_STATUS	 st = HPDF_OK;
	size_t		 pad = 0;

	if ((file = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL)
		return NULL;
	if (!take_font(file, def, data, len, &pad, &st))
		st = put_memo(file, &z4, PDF_ZLEVEL, data, len, 0, &pad);
	if (st != HPDF_OK ||
	    HPDF_Dict_AddNumber(file, "Length1",
	    (HPDF_INT32)(len + pad)) != HPDF_OK)
		return NULL;
	return file;
}

static const char *
fix_descriptor(HPDF_Doc doc, const struct cps *u, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 a = def->attr;
	const unsigned char	*data;
	size_t			 len;
	struct ttf_desc		 d;
	HPDF_Dict		 desc, file;
	HPDF_STATUS		 rc = HPDF_OK;

	if (def->descriptor != NULL)
		return NULL;	/* made for another font of def */
	data = hfix_fontdef_bytes(def, &len);
	ttf_describe(data, len, &d);
	if ((file = font_file2(doc, def, data, len)) == NULL ||
	    (desc = HPDF_Dict_New(doc->mmgr)) == NULL ||
	    HPDF_Xref_Add(doc->xref, desc) != HPDF_OK)
		return N_("cannot embed a font");
	rc |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	rc |= HPDF_Dict_AddName(desc, "FontName", a->base_font);
	rc |= HPDF_Dict_AddNumber(desc, "Flags", desc_flags(&d, u));
	rc |= HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(doc->mmgr,
	    def->font_bbox));
	rc |= HPDF_Dict_AddReal(desc, "ItalicAngle",
	    (HPDF_REAL)d.italic_angle);
	rc |= HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	rc |= HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	rc |= HPDF_Dict_AddNumber(desc, "CapHeight", d.cap_height >= 0 ?
	    d.cap_height : def->cap_height);
	rc |= HPDF_Dict_AddNumber(desc, "XHeight", d.x_height >= 0 ?
	    d.x_height : def->x_height);
	rc |= HPDF_Dict_AddNumber(desc, "StemV", desc_stemv(d.weight));
	rc |= HPDF_Dict_Add(desc, "FontFile2", file);
	if (rc != HPDF_OK)
		return N_("cannot describe a font");
	def->descriptor = desc;
	return NULL;
}

/* CIDSystemInfo's Ordering: "Identity" (libharu: the encoder's name). */
static const char *
fix_ordering(HPDF_Doc doc, HPDF_Dict cidfont)
{
	HPDF_Dict	 info;

	info = HPDF_Dict_GetItem(cidfont, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (info == NULL || HPDF_Dict_Add(info, "Ordering",
	    HPDF_String_New(doc->mmgr, "Identity", NULL)) != HPDF_OK)
		return N_("cannot write CIDSystemInfo");
	return NULL;
}

const char *
hfix_font_repair(HPDF_Doc doc, HPDF_Font font, const uint8_t *bits,
    uint32_t max)
{
	HPDF_FontAttr	 a = font->attr;
	struct cps	 u = { font, bits, max };
	const char	*err;

	if (a->type != HPDF_FONT_TYPE0_TT || a->descendant_font == NULL)
		return NULL;
	if ((err = fix_tounicode(doc, &u)) != NULL ||
	    (err = fix_widths(doc, &u, a->fontdef,
	    a->descendant_font)) != NULL ||
	    (err = fix_gidmap(&u, a->fontdef, a->map_stream)) != NULL ||
	    (err = fix_ordering(doc, a->descendant_font)) != NULL)
		return err;
	return fix_descriptor(doc, &u, a->fontdef);
}

/* ---- outline ---- */

/* [page /XYZ 0 top null]: null zoom keeps the reader's zoom, which
 * HPDF_Destination_SetXYZ cannot express (it wants 0.08 .. 32). */
HPDF_STATUS
hfix_dest_xyz(HPDF_Doc doc, HPDF_Destination dst, double top)
{
	HPDF_Dict	 page;
	HPDF_STATUS	 rc = HPDF_OK;

	page = HPDF_Array_GetItem(dst, 0, HPDF_OCLASS_DICT);
	if (page == NULL)
		return HPDF_INVALID_DESTINATION;
	HPDF_Array_Clear(dst);
	rc |= HPDF_Array_Add(dst, page);
	rc |= HPDF_Array_AddName(dst, "XYZ");
	rc |= HPDF_Array_AddReal(dst, 0);
	rc |= HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	rc |= HPDF_Array_Add(dst, HPDF_Null_New(doc->mmgr));
	return rc;
}


/*
 * A link annotation to a URI as PDF/A-2 wants it. HPDF_Page_CreateURILinkAnnot
 * writes /Type /Annot /Subtype /Link /Rect and /A << /Type /Action /S /URI
 * /URI (...) >> only: no /F, so the link has no Print flag (ISO 19005-2
 * 6.3.2 requires it), and no /Border, whose default [0 0 1] has readers
 * draw a black frame round the words. Both are added here.
 */
HPDF_STATUS
hfix_uri_link(HPDF_Page page, HPDF_Rect rect, const char *uri)
{
	HPDF_Annotation	 a;
	HPDF_STATUS	 rc;

	if ((a = HPDF_Page_CreateURILinkAnnot(page, rect, uri)) == NULL) {
		rc = HPDF_Error_GetCode(page->error);
		return rc != HPDF_OK ? rc : HPDF_INVALID_URI;
	}
	if ((rc = HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0)) != HPDF_OK)
		return rc;
	/* the Print bit (bit 3); libharu's HPDF_ANNOT_PRINT is an enum
	 * index (2), not the bit */
	return HPDF_Dict_AddNumber(a, "F", 4);
}
