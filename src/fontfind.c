/*
 * fontfind.c - where the fonts of a report are (fontfind.h); part of the
 * font module, whose header font.h gives font_is_path_name from here.
 *
 * Lookup rule (spec 2a): a family fontconfig can only answer with an
 * unrelated family is an error naming both. "Related" means the family
 * itself or one of the metric-compatible aliases fontconfig binds
 * strongly to the request (Times New Roman -> Tinos, Liberation Serif;
 * Arial -> Arimo, Liberation Sans) plus a small built-in table for
 * systems whose fontconfig lacks those aliases. Generic fallbacks
 * (DejaVu Sans for "Comic Sanz") are bound weakly and are rejected.
 * Bold/italic faces must be of the same family as the regular face
 * (font.c falls back to the regular face, with a warning).
 *
 * Fontconfig state is process-global: FcInit() loads the system
 * configuration once per process and is a no-op afterwards. That is
 * acceptable because the configuration is only read, never changed (the
 * fonts/ directory is scanned into a private FcFontSet instead of
 * FcConfigAppFontAddDir). A worker process may build many reports one
 * after another, so fontconfig's answers are memoised for the process
 * (struct fcmemo, freed by fontfind_cleanup).
 *
 * Return convention: int 0 = found / ok, -1 = not found; NULL = none.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>

#include "arena.h"
#include "font.h"
#include "fontfind.h"

/* Metric-compatible families, for systems without fontconfig's
 * 30-metric-aliases.conf. */
static const char *const metric_alias[][3] = {
	{ "Times New Roman", "Liberation Serif", "Tinos" },
	{ "Arial", "Liberation Sans", "Arimo" },
	{ "Courier New", "Liberation Mono", "Cousine" },
};

/* ---- family matching ---- */

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Equal ignoring case and spaces ("LiberationSerif" = "Liberation Serif"). */
static int
fam_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (lower(*a) != lower(*b))
			return 0;
		a++, b++;
	}
}

static int
builtin_related(const char *want, const char *got)
{
	size_t	 i, j, k;

	for (i = 0; i < sizeof(metric_alias) / sizeof(metric_alias[0]); i++)
		for (j = 0; j < 3; j++) {
			if (!fam_eq(want, metric_alias[i][j]))
				continue;
			for (k = 0; k < 3; k++)
				if (fam_eq(got, metric_alias[i][k]))
					return 1;
		}
	return 0;
}

/* 1 if `got` is the wanted family or a strongly bound alias of it in the
 * substituted pattern `pat`. */
static int
related(const FcPattern *pat, const char *want, const char *got, int strict)
{
	FcValue		 v;
	FcValueBinding	 b;
	int		 i;

	if (fam_eq(want, got))
		return 1;
	if (strict)
		return 0;
	if (builtin_related(want, got))
		return 1;
	for (i = 0; FcPatternGetWithBinding(pat, FC_FAMILY, i, &v, &b) ==
	    FcResultMatch; i++) {
		if (b == FcValueBindingWeak)
			break;
		if (v.type == FcTypeString &&
		    fam_eq((const char *)v.u.s, got))
			return 1;
	}
	return 0;
}

/* The first family name of `m` that is related, else its first name. */
static const char *
match_family(const FcPattern *pat, const FcPattern *m, const char *want,
    int strict, int *ok)
{
	FcChar8	*f, *first = NULL;
	int	 i;

	*ok = 0;
	for (i = 0; FcPatternGetString(m, FC_FAMILY, i, &f) == FcResultMatch;
	    i++) {
		if (first == NULL)
			first = f;
		if (related(pat, want, (const char *)f, strict)) {
			*ok = 1;
			return (const char *)f;
		}
	}
	return first != NULL ? (const char *)first : "";
}

static int
style_ok(const FcPattern *m, const struct fontfind_want *w)
{
	int	 weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;

	FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
	FcPatternGetInteger(m, FC_SLANT, 0, &slant);
	if ((weight >= FC_WEIGHT_DEMIBOLD) != (w->bold != 0))
		return 0;
	return (slant != FC_SLANT_ROMAN) == (w->italic != 0);
}

static FcPattern *
want_pattern(const struct fontfind_want *w)
{
	FcPattern	*p;

	if ((p = FcPatternCreate()) == NULL)
		return NULL;
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)w->family);
	FcPatternAddInteger(p, FC_WEIGHT,
	    w->bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(p, FC_SLANT,
	    w->italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcPatternAddBool(p, FC_SCALABLE, FcTrue);
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	return p;
}

/* The pattern of the font itself in `set`: a match has been through
 * FcFontRenderPrepare, where 90-synthetic.conf makes a regular face
 * "bold" (embolden) or "oblique" (matrix); style is judged on this. */
static const FcPattern *
original(FcFontSet *set, const FcChar8 *file, int index)
{
	FcChar8	*f;
	int	 i, k;

	for (i = 0; set != NULL && i < set->nfont; i++) {
		k = 0;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &f) ==
		    FcResultMatch && strcmp((const char *)f,
		    (const char *)file) == 0 &&
		    (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &k),
		    k == index))
			return set->fonts[i];
	}
	return NULL;
}

/* Take match `m` (from `set`) into `out` if it is related and of the
 * right style. Keeps the offered family of the first refusal in *offer. */
static int
take(const FcPattern *pat, FcPattern *m, FcFontSet *set,
    const struct fontfind_want *w, struct fontfind_found *out, char **offer)
{
	const FcPattern	*orig;
	FcChar8		*file;
	const char	*fam;
	int		 ok, index = 0;

	if (m == NULL)
		return 0;
	fam = match_family(pat, m, w->family, w->strict, &ok);
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
	    (orig = original(set, file, index)) == NULL)
		ok = 0;
	if (!ok || !style_ok(orig, w)) {
		if (*offer == NULL && fam[0] != '\0')
			*offer = xstrdup(fam);
		FcPatternDestroy(m);
		return 0;
	}
	out->path = xstrdup((const char *)file);
	out->index = index;
	out->family = xstrdup(fam);
	FcPatternDestroy(m);
	return 1;
}

static FcPattern *
set_match(FcFontSet *set, FcPattern *pat)
{
	FcResult	 r;

	if (set == NULL || set->nfont == 0)
		return NULL;
	return FcFontSetMatch(NULL, &set, 1, pat, &r);
}

/*
 * The memo of fontconfig's answers. One worker process builds many
 * reports one after another, and each report's font_open asks fontconfig
 * the same few questions again, each an FcConfigSubstitute and an
 * FcFontMatch over all the system fonts. Fontconfig's
 * answer (take() of FcFontMatch) depends only on what the want asks for
 * (family, bold, italic, strict) and on the configuration, which FcInit
 * loads once per process and which is never changed (see the top of this
 * file); so it is kept for the life of the process, found or not. The
 * answers of w->local and the fonts directory depend on the report's
 * folder and fontdir and are never memoised. A report asks for a handful
 * of families, hence a list. Freed by fontfind_cleanup (font_cleanup),
 * before FcFini.
 */
struct fcmemo {
	struct fcmemo	*next;
	char		*family;	/* the key: w->family, bold, ... */
	int		 bold, italic, strict;
	int		 found;		/* 1: path, index, fam are set */
	char		*path;
	int		 index;
	char		*fam;		/* found: family; else offer or NULL */
};

static struct fcmemo	*fcmemo;

/* Ask fontconfig (or the memo) for w; as lookup. `pat` is w's pattern,
 * made if NULL and needed (then destroyed here). */
static int
fc_lookup(FcPattern *pat, const struct fontfind_want *w,
    struct fontfind_found *out, char **offer)
{
	struct fcmemo	*e;
	struct fontfind_found	 fd;
	FcPattern	*own = NULL;
	FcResult	 r;

	for (e = fcmemo; e != NULL; e = e->next)
		if (strcmp(e->family, w->family) == 0 &&
		    e->bold == (w->bold != 0) &&
		    e->italic == (w->italic != 0) &&
		    e->strict == (w->strict != 0))
			break;
	if (e == NULL) {
		if (pat == NULL && (pat = own = want_pattern(w)) == NULL)
			return -1;
		e = xcalloc(1, sizeof(*e));
		e->family = xstrdup(w->family);
		e->bold = w->bold != 0;
		e->italic = w->italic != 0;
		e->strict = w->strict != 0;
		if (take(pat, FcFontMatch(NULL, pat, &r),
		    FcConfigGetFonts(NULL, FcSetSystem), w, &fd, &e->fam)) {
			e->found = 1;
			e->path = fd.path;
			e->index = fd.index;
			e->fam = fd.family;
		}
		e->next = fcmemo;
		fcmemo = e;
		if (own != NULL)
			FcPatternDestroy(own);
	}
	if (!e->found) {
		*offer = e->fam != NULL ? xstrdup(e->fam) : NULL;
		return -1;
	}
	out->path = xstrdup(e->path);
	out->index = e->index;
	out->family = xstrdup(e->fam);
	return 0;
}

void
fontfind_cleanup(void)
{
	struct fcmemo	*e;

	while ((e = fcmemo) != NULL) {
		fcmemo = e->next;
		free(e->family);
		free(e->path);
		free(e->fam);
		free(e);
	}
}

/* 1 if set_match may find something in `set`. */
static int
has_fonts(const FcFontSet *set)
{
	return set != NULL && set->nfont > 0;
}

int
fontfind_lookup(FcFontSet *dirset, const struct fontfind_want *w,
    struct fontfind_found *out, char **offer)
{
	FcPattern	*pat = NULL;
	int		 ok = 0, rc;

	*offer = NULL;
	if (has_fonts(w->local) || has_fonts(dirset)) {
		if ((pat = want_pattern(w)) == NULL)
			return -1;
		ok = take(pat, set_match(w->local, pat), w->local, w, out,
		    offer) || take(pat, set_match(dirset, pat),
		    dirset, w, out, offer);
	}
	if (ok)
		rc = 0;
	else {
		free(*offer);
		*offer = NULL;
		rc = fc_lookup(pat, w, out, offer);
	}
	if (pat != NULL)
		FcPatternDestroy(pat);
	return rc;
}

FcFontSet *
fontfind_scan_dir(const char *dir)
{
	FcFontSet	*set;
	FcStrSet	*sub;

	if (dir == NULL || (set = FcFontSetCreate()) == NULL)
		return NULL;
	if ((sub = FcStrSetCreate()) == NULL) {
		FcFontSetDestroy(set);
		return NULL;
	}
	/* force = FcTrue, no cache: scans the files, writes nothing. */
	if (!FcDirScan(set, sub, NULL, NULL, (const FcChar8 *)dir, FcTrue)) {
		FcFontSetDestroy(set);
		set = NULL;
	}
	FcStrSetDestroy(sub);
	return set;
}

int
font_is_path_name(const char *s)
{
	size_t	 n = strlen(s);

	return strchr(s, '/') != NULL || (n > 4 &&
	    (strcasecmp(s + n - 4, ".ttf") == 0 ||
	    strcasecmp(s + n - 4, ".ttc") == 0 ||
	    strcasecmp(s + n - 4, ".otf") == 0));
}

/* A font given as a file: its family from the file itself. */
int
fontfind_query_path(const char *path, struct fontfind_found *out)
{
	FcPattern	*p;
	FcChar8		*fam;
	int		 count;
	struct stat	 st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;	/* a FIFO or device would block FreeType */
	p = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
	if (p == NULL)
		return -1;
	if (FcPatternGetString(p, FC_FAMILY, 0, &fam) != FcResultMatch)
		fam = (FcChar8 *)"";
	out->path = xstrdup(path);
	out->index = 0;
	out->family = xstrdup((const char *)fam);
	FcPatternDestroy(p);
	return 0;
}

FcFontSet *
fontfind_scan_folder_of(const char *path)
{
	char		*dir, *slash;
	FcFontSet	*set;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return fontfind_scan_dir(".");
	}
	slash[slash == dir ? 1 : 0] = '\0';
	set = fontfind_scan_dir(dir);
	free(dir);
	return set;
}
