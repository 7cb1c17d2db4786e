/*
 * pdfa.h - what makes a PDF archival (PDF/A-2u, ISO 19005-2) and
 * print-ready (§5), written through libharu's dictionary API: libharu
 * 2.3.0 knows only PDF/A-1, writes its XMP unescaped, derives /ID from
 * the clock and names the output intent's profile "DestOutputProfile "
 * (with a space). pdf.c calls these; each returns NULL when done, else
 * what failed.
 */
#ifndef BAOCAO_PDFA_H
#define BAOCAO_PDFA_H

#include <stddef.h>

#include <hpdf.h>

/* The sRGB profile of the output intent (Debian's icc-profiles-free). */
#ifndef PDFA_ICC_PATH
#define PDFA_ICC_PATH	"/usr/share/color/icc/sRGB.icc"
#endif

/* The document information the XMP mirrors (NULL: absent) and the date
 * of both, local time at +07:00. */
struct pdfa_info {
	const char	*title, *author, *subject, *keywords;
	const char	*creator;
	int		 year, month, day, hour, min, sec;
};

/* The profile at path read whole into a malloc'd buffer (*len bytes),
 * checked to be an RGB display profile; NULL with the reason in why. */
unsigned char	*pdfa_icc_read(const char *path, size_t *len, char *why,
		    size_t whysz);

/* /Metadata: XMP mirroring `in` and libharu's /Producer, with the PDF/A
 * identification (part 2, conformance U). */
const char	*pdfa_metadata(HPDF_Doc, const struct pdfa_info *in);

/* /OutputIntents: GTS_PDFA1, sRGB, the profile embedded (deflated). */
const char	*pdfa_output_intent(HPDF_Doc, const unsigned char *icc,
		    size_t len);

/* The trailer's /ID: twice the 16 bytes given (a digest of the content,
 * so that the same report gives the same bytes). */
const char	*pdfa_id(HPDF_Doc, const unsigned char digest[16]);

/* /Trapped /False in the document information, and its ASCII strings
 * written as plain strings, not UTF-16 (Ghostscript 10.00 keeps them). */
const char	*pdfa_info_strings(HPDF_Doc);

/* The page's /TrimBox, equal to its /MediaBox. */
const char	*pdfa_trim_box(HPDF_Page);

/* A transparency group in DeviceRGB on a page that draws a soft mask. */
const char	*pdfa_page_group(HPDF_Page);

#endif
