/*
 * pdfa.c - PDF/A-2u and print additions (pdfa.h) through libharu's
 * exported dictionary and stream API.
 *
 * ISO 19005-2 asks, beyond what pdf.c and hpdf_fix.c already ensure
 * (fonts embedded with a ToUnicode entry for every code drawn, no
 * encryption, no JavaScript, no external references):
 *  - 6.6.2: XMP metadata in the catalog, unfiltered, in an xpacket whose
 *    header has no bytes or encoding attribute, the PDF/A identification
 *    in the pdfaid schema, and every document information entry that has
 *    an XMP twin in the predefined schemas mirrored with the same value
 *    (Title, Author, Subject, Keywords, Creator, Producer, the dates);
 *  - 6.1.3: a trailer /ID;
 *  - 6.2.3/6.2.4.3: an output intent with an ICC profile when device
 *    colour is drawn (we draw DeviceGray and DeviceRGB: an RGB profile);
 *  - 6.2.10: a page that uses transparency (a soft mask) has a group
 *    with a colour space.
 * /Trapped stays in the document information only: the Adobe PDF schema
 * of XMP 2005 (the one PDF/A-2 predefines) has no pdf:Trapped, and a
 * property outside the predefined schemas would need an extension schema.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "arena.h"
#include "hpdf_fix.h"
#include "i18n.h"
#include "pdfa.h"

#define ICC_MAX		(1 << 20)	/* an RGB display profile is small */

/* ---- the ICC profile ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* NULL if icc is an ICC profile PDF/A-2 takes for an RGB output intent
 * (ICC.1 header: its own size, "acsp", a display or output class, RGB
 * data, major version 2 or 4), else what is wrong. */
static const char *
icc_check(const unsigned char *icc, size_t len)
{
	if (len < 132 || be32(icc) != len)
		return N_("is not an ICC profile (wrong size)");
	if (memcmp(icc + 36, "acsp", 4) != 0)
		return N_("is not an ICC profile (no \"acsp\" signature)");
	if (memcmp(icc + 12, "mntr", 4) != 0 &&
	    memcmp(icc + 12, "prtr", 4) != 0)
		return N_("is not a display or printer profile");
	if (memcmp(icc + 16, "RGB ", 4) != 0)
		return N_("is not an RGB profile");
	if (icc[8] != 2 && icc[8] != 4)
		return N_("has an ICC version PDF/A-2 does not take");
	return NULL;
}

static unsigned char *
icc_fail(FILE *f, unsigned char *buf, char *why, size_t whysz,
    const char *what)
{
	snprintf(why, whysz, "%s", what);
	free(buf);
	if (f != NULL)
		fclose(f);
	return NULL;
}

unsigned char *
pdfa_icc_read(const char *path, size_t *len, char *why, size_t whysz)
{
	unsigned char	*buf;
	const char	*bad;
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL)
		return icc_fail(NULL, NULL, why, whysz, strerror(errno));
	buf = xmalloc(ICC_MAX + 1);
	n = fread(buf, 1, ICC_MAX + 1, f);
	if (ferror(f))
		return icc_fail(f, buf, why, whysz, strerror(errno));
	if (n > ICC_MAX)
		return icc_fail(f, buf, why, whysz, _("is too large"));
	if ((bad = icc_check(buf, n)) != NULL)
		return icc_fail(f, buf, why, whysz, _(bad));
	fclose(f);
	*len = n;
	return buf;
}

/* ---- XMP ---- */

/* s as XML character data. Tab, LF and CR are kept; no other control
 * character reaches here (text.c refuses them in what users write). */
static void
xml_text(struct sbuf *b, const char *s)
{
	const char	*rep;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\r': rep = "&#13;"; break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n')
				continue;
			sbuf_add(b, s, 1);
			continue;
		}
		sbuf_adds(b, rep);
	}
}

/* <tag>s</tag>, or a language alternative / an ordered list of one. */
static void
xml_prop(struct sbuf *b, const char *tag, const char *s, const char *kind)
{
	if (s == NULL)
		return;
	sbuf_printf(b, "   <%s>", tag);
	if (kind != NULL && strcmp(kind, "Alt") == 0)
		sbuf_adds(b, "<rdf:Alt><rdf:li xml:lang=\"x-default\">");
	else if (kind != NULL)
		sbuf_printf(b, "<rdf:%s><rdf:li>", kind);
	xml_text(b, s);
	if (kind != NULL)
		sbuf_printf(b, "</rdf:li></rdf:%s>", kind);
	sbuf_printf(b, "</%s>\n", tag);
}

/* The XMP packet: one rdf:Description holding every property. The
 * xpacket's begin attribute is the UTF-8 byte order mark, as XMP says;
 * the trailing padding lets an editor update the packet in place. */
static void
xmp_packet(struct sbuf *b, const struct pdfa_info *in, const char *producer)
{
	char	 date[40];
	int	 i;

	snprintf(date, sizeof(date), "%04d-%02d-%02dT%02d:%02d:%02d+07:00",
	    in->year, in->month, in->day, in->hour, in->min, in->sec);
	sbuf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-"
	    "ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
	xml_prop(b, "dc:format", "application/pdf", NULL);
	xml_prop(b, "dc:title", in->title, "Alt");
	xml_prop(b, "dc:creator", in->author, "Seq");
	xml_prop(b, "dc:description", in->subject, "Alt");
	xml_prop(b, "pdf:Keywords", in->keywords, NULL);
	xml_prop(b, "pdf:Producer", producer, NULL);
	xml_prop(b, "xmp:CreatorTool", in->creator, NULL);
	xml_prop(b, "xmp:CreateDate", date, NULL);
	xml_prop(b, "xmp:ModifyDate", date, NULL);
	xml_prop(b, "xmp:MetadataDate", date, NULL);
	xml_prop(b, "pdfaid:part", "2", NULL);
	xml_prop(b, "pdfaid:conformance", "U", NULL);
	sbuf_adds(b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
	for (i = 0; i < 8; i++)
		sbuf_adds(b, "                                        "
		    "                                                  \n");
	sbuf_adds(b, "<?xpacket end=\"w\"?>");
}

const char *
pdfa_metadata(HPDF_Doc doc, const struct pdfa_info *in)
{
	struct sbuf	 b;
	HPDF_Dict	 xmp;
	HPDF_STATUS	 rc;

	memset(&b, 0, sizeof(b));
	xmp_packet(&b, in, HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER));
	/* no filter: ISO 19005-2 6.6.2.1 wants the packet readable as it is */
	if ((xmp = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL) {
		sbuf_free(&b);
		return N_("cannot make the XMP metadata");
	}
	xmp->filter = HPDF_STREAM_FILTER_NONE;
	rc = HPDF_Dict_AddName(xmp, "Type", "Metadata");
	rc |= HPDF_Dict_AddName(xmp, "Subtype", "XML");
	rc |= HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)b.s,
	    (HPDF_UINT)b.len);
	rc |= HPDF_Dict_Add(doc->catalog, "Metadata", xmp);
	sbuf_free(&b);
	return rc == HPDF_OK ? NULL : N_("cannot write the XMP metadata");
}

/* ---- output intent, /ID, /Trapped ---- */

const char *
pdfa_output_intent(HPDF_Doc doc, const unsigned char *icc, size_t len)
{
	static const char	 cond[] = "sRGB IEC61966-2.1";
	HPDF_Dict		 prof, intent;
	HPDF_Array		 all;
	HPDF_STATUS		 rc;

	if ((prof = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL ||
	    (intent = HPDF_Dict_New(doc->mmgr)) == NULL ||
	    (all = HPDF_Array_New(doc->mmgr)) == NULL)
		return N_("cannot make the output intent");
	rc = HPDF_Dict_AddNumber(prof, "N", 3);
	rc |= hfix_put_flate(prof, icc, len);
	rc |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	rc |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	rc |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
	    HPDF_String_New(doc->mmgr, cond, NULL));
	rc |= HPDF_Dict_Add(intent, "Info",
	    HPDF_String_New(doc->mmgr, cond, NULL));
	rc |= HPDF_Dict_Add(intent, "DestOutputProfile", prof);
	rc |= HPDF_Array_Add(all, intent);
	rc |= HPDF_Dict_Add(doc->catalog, "OutputIntents", all);
	return rc == HPDF_OK ? NULL : N_("cannot write the output intent");
}

const char *
pdfa_id(HPDF_Doc doc, const unsigned char digest[16])
{
	HPDF_Array	 id;
	HPDF_STATUS	 rc;
	int		 i;

	if ((id = HPDF_Array_New(doc->mmgr)) == NULL)
		return N_("cannot make the file identifier");
	rc = HPDF_OK;
	for (i = 0; i < 2; i++)
		rc |= HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr,
		    (HPDF_BYTE *)digest, 16));
	rc |= HPDF_Dict_Add(doc->trailer, "ID", id);
	return rc == HPDF_OK ? NULL : N_("cannot write the file identifier");
}

/*
 * /Trapped /False, and the information strings that are plain ASCII
 * written as plain strings: libharu writes every one in UTF-16 under
 * the UTF-8 encoder, and Ghostscript 10.00's PDF/A conversion (print
 * RIPs and archive converters) drops every string that is not 7-bit
 * ASCII from the information and the XMP it writes ("Text string
 * detected in DOCINFO cannot be represented in XMP"): so the creator,
 * and an ASCII title, survive it.
 */
const char *
pdfa_info_strings(HPDF_Doc doc)
{
	static const char *const keys[] = { "Title", "Author", "Subject",
	    "Keywords", "Creator" };
	HPDF_String	 v;
	HPDF_UINT	 i, k;

	if (doc->info == NULL ||
	    HPDF_Dict_AddName(doc->info, "Trapped", "False") != HPDF_OK)
		return N_("cannot write /Trapped");
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		v = HPDF_Dict_GetItem(doc->info, keys[k], HPDF_OCLASS_STRING);
		if (v == NULL)
			continue;
		for (i = 0; i < v->len && v->value[i] >= 0x20 &&
		    v->value[i] < 0x7F; i++)
			continue;
		if (i == v->len)
			v->encoder = NULL;
	}
	return NULL;
}

/* ---- pages ---- */

const char *
pdfa_trim_box(HPDF_Page page)
{
	HPDF_Box	 box = HPDF_Page_GetMediaBox(page);
	HPDF_Array	 trim;

	if ((trim = HPDF_Box_Array_New(page->mmgr, box)) == NULL ||
	    HPDF_Dict_Add(page, "TrimBox", trim) != HPDF_OK)
		return N_("cannot write a page's TrimBox");
	return NULL;
}

const char *
pdfa_page_group(HPDF_Page page)
{
	HPDF_Dict	 g;
	HPDF_STATUS	 rc;

	if (HPDF_Dict_GetItem(page, "Group", HPDF_OCLASS_DICT) != NULL)
		return NULL;
	if ((g = HPDF_Dict_New(page->mmgr)) == NULL)
		return N_("cannot write a page's transparency group");
	rc = HPDF_Dict_AddName(g, "Type", "Group");
	rc |= HPDF_Dict_AddName(g, "S", "Transparency");
	rc |= HPDF_Dict_AddName(g, "CS", "DeviceRGB");
	rc |= HPDF_Dict_Add(page, "Group", g);
	return rc == HPDF_OK ? NULL :
	    N_("cannot write a page's transparency group");
}
