/*
 * i18n.c - choosing the catalogue of messages (see i18n.h).
 *
 * Where the catalogue is: next to the binary first (build/locale for the
 * build tree, ../share/locale for an installed copy or one moved with
 * its share folder), else the LOCALEDIR it was built with.
 *
 * A fresh machine may not have the locale vi_VN.UTF-8 generated (`make
 * deps` generates it, but a clerk's machine may lack it): setlocale then
 * fails and gettext would stay English. The language the person asked
 * for is read from the same variables glibc reads (LC_ALL, LC_MESSAGES,
 * LANG), and when it is Vietnamese but its locale is missing, messages
 * use C.UTF-8 with LANGUAGE=vi, which gettext honours in any locale but
 * "C". Messages are always UTF-8 (bind_textdomain_codeset), whatever
 * the terminal's locale says.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN	"baocao"

static int	is_vi;

/* The value glibc takes for LC_MESSAGES: the first set, non-empty of
 * LC_ALL, LC_MESSAGES, LANG. */
static const char *
messages_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t		 i;
	const char	*v;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

static int
has_catalogue(const char *dir)
{
	char		p[PATH_MAX];
	struct stat	st;

	if (snprintf(p, sizeof(p), "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir) >=
	    (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of catalogues: beside the running binary, else LOCALEDIR. */
static const char *
locale_dir(char *buf, size_t size)
{
	static const char *const rel[] = { "locale", "../share/locale" };
	char		 exe[PATH_MAX];
	char		*slash;
	ssize_t		 n;
	size_t		 i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
			if (snprintf(buf, size, "%s/%s", exe, rel[i]) <
			    (int)size && has_catalogue(buf))
				return buf;
	}
	return LOCALEDIR;
}

void
i18n_init(void)
{
	char		 dir[PATH_MAX];
	const char	*lang = messages_env();

	is_vi = lang != NULL && strncmp(lang, "vi", 2) == 0;
	/* English (any other language, by the contract): LC_MESSAGES stays
	 * "C", where gettext returns each message at once, without looking
	 * for a catalogue (and glibc's own messages are English too) */
	if (!is_vi)
		return;
	if (setlocale(LC_MESSAGES, "") == NULL && is_vi &&
	    setlocale(LC_MESSAGES, "C.UTF-8") != NULL)
		setenv("LANGUAGE", "vi", 1);
	if (bindtextdomain(DOMAIN, locale_dir(dir, sizeof(dir))) == NULL ||
	    bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL ||
	    textdomain(DOMAIN) == NULL)
		is_vi = 0;	/* out of memory: English it is */
	/* strerror() is translated by the C library's own catalogue, which
	 * converts to LC_CTYPE's charset: "C" would make its Vietnamese
	 * ASCII with "?" for every accented letter */
	bind_textdomain_codeset("libc", "UTF-8");
}

int
i18n_is_vi(void)
{
	return is_vi;
}
