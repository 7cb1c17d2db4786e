/*
 * i18n.h - the language of messages (gettext, text domain "baocao").
 *
 * Every message a person reads (diagnostics, result lines, summaries,
 * progress, --help) is written in English in the source, marked _("...")
 * where it is used or N_("...") where it sits in a table and is translated
 * when printed; po/vi.po holds the Vietnamese. The catalogue is chosen by
 * the locale (LC_ALL, LC_MESSAGES, LANG starting with "vi"); only
 * LC_MESSAGES is taken from the environment, so numbers written into
 * PDFs and dumps keep the C locale's decimal point.
 */
#ifndef BAOCAO_I18N_H
#define BAOCAO_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/* Choose the catalogue from the environment; once, at start. */
void	i18n_init(void);

/* 1 when messages are Vietnamese (for the few choices that are not a
 * translated string, e.g. the order of words in a built line). */
int	i18n_is_vi(void);

#endif
