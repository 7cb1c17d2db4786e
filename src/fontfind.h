/*
 * fontfind.h - where the fonts of a report are: fontconfig lookup (a
 * report's own folder and the fonts/ folder first), families a font file
 * names. Only font.c uses it.
 * Return convention: int 0 = found / ok, -1 = not found; NULL = none.
 */
#ifndef BAOCAO_FONTFIND_H
#define BAOCAO_FONTFIND_H

#include <fontconfig/fontconfig.h>

/* What one face lookup asks for. */
struct fontfind_want {
	const char	*family;
	int		 bold, italic;
	int		 strict;	/* family must match exactly */
	FcFontSet	*local;		/* searched before dirset, or NULL */
};

/* The face found (malloc'd strings, the caller's). */
struct fontfind_found {
	char		*path;
	int		 index;		/* face index in a .ttc */
	char		*family;
};

/* Look a face up: w->local, then dirset (the fonts/ folder, may be NULL),
 * then fontconfig (memoised for the process). 0 = found; -1 = not found,
 * *offer (malloc'd, may be NULL) names the family offered instead. */
int		 fontfind_lookup(FcFontSet *dirset,
		    const struct fontfind_want *, struct fontfind_found *,
		    char **offer);
/* A font given as a file: its family from the file itself. -1 if the
 * file is not a regular file that fontconfig can read. */
int		 fontfind_query_path(const char *path,
		    struct fontfind_found *);
/* The fonts in folder `dir` (NULL: none), or NULL. */
FcFontSet	*fontfind_scan_dir(const char *dir);
/* The fonts in the folder that holds the font file `path`, or NULL. */
FcFontSet	*fontfind_scan_folder_of(const char *path);
/* Free the memo of fontconfig's answers (before FcFini). */
void		 fontfind_cleanup(void);

#endif
