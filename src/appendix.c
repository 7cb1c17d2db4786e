/*
 * appendix.c - the opening lines of an appendix (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I, Mục III.1; spec §2 "Appendices"):
 *
 *	Phụ lục II				centred, bold, 14 pt
 *	DANH SÁCH CÁN BỘ ĐƯỢC KHEN THƯỞNG	the title in capitals, bold, 14 pt
 *	(Kèm theo Báo cáo số 125/BC-VP ngày 28 tháng 8 năm 2025
 *	của Văn phòng UBND tỉnh Lạng Sơn)	italic, 14 pt, centred
 *
 * The "Kèm theo" line is built from the report: the type word from the
 * title (BÁO CÁO -> Báo cáo), header.number, header.date and the agency
 * and parent agency. Those names are written in capitals in the header
 * block; in running text Vietnamese writes them in sentence case with
 * place names capitalised ("Văn phòng UBND tỉnh Lạng Sơn"), so a name in
 * capitals is converted word by word (apx_name): abbreviations (UBND,
 * HĐND: words that are not Vietnamese syllables) stay as written, the
 * first word of a name is capitalised, the words after an administrative
 * unit (tỉnh, huyện, quận, xã, phường, thành phố, thị xã, thị trấn,
 * Tỉnh ủy ...) are a place name and capitalised, the word after Bộ, Sở,
 * Ban or Cục starting a name is capitalised (Sở Nội vụ), and the others
 * are lower case. A word the user wrote with lower-case letters is kept
 * exactly as written. The page layout (new page, page numbers, outline)
 * is layout.c's; this file only makes the lines.
 * Return convention: int 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <string.h>

#include "appendix.h"
#include "arena.h"
#include "layout_int.h"
#include "model.h"
#include "text.h"

#define APX_SIZE	14.0	/* pt: every opening line (Nghị định 30) */
#define APX_AFTER	12.0	/* pt between the opening and the body */

static const char *const apx_roman[MAX_APPENDICES] = {
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
	"XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
	"XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI"
};

const char *
apx_label(struct arena *a, const struct report *r, int i)
{
	if (r->napps < 2 || i < 0 || i >= MAX_APPENDICES)
		return "Phụ lục";
	return arena_printf(a, "Phụ lục %s", apx_roman[i]);
}

const char *
apx_entry(struct arena *a, const struct report *r, int i)
{
	return arena_printf(a, "%s: %s", apx_label(a, r, i),
	    r->apps[i].title);
}

/* ---- names in running text ---- */

/* Lower-case Vietnamese vowels with every tone, UTF-8. */
static const char apx_vowels[] =
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ"
    "uùúủũụưừứửữựyỳýỷỹỵ";

static int
apx_in(const char *w, size_t n, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strlen(*set) == n && memcmp(w, *set, n) == 0)
			return 1;
	return 0;
}

/* Is lower-case w one Vietnamese syllable: an initial consonant, vowels,
 * a final consonant? "ubnd", "hđnd", "tp." are not. */
static int
apx_syllable(const char *w)
{
	static const char *const ini[] = { "", "b", "c", "ch", "d", "đ",
	    "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
	    "ph", "q", "r", "s", "t", "th", "tr", "v", "x", NULL };
	static const char *const fin[] = { "", "c", "ch", "m", "n", "ng",
	    "nh", "p", "t", NULL };
	char		 cp[8];
	size_t		 i = 0, k, len = strlen(w), v0 = 0, v1 = 0;
	int		 nv = 0;

	while (i < len) {
		k = i;
		(void)txt_next(w, len, &i);
		if (i - k >= sizeof(cp))
			return 0;
		memcpy(cp, w + k, i - k);
		cp[i - k] = '\0';
		if (strstr(apx_vowels, cp) != NULL) {
			if (nv++ == 0)
				v0 = k;
			else if (k != v1)
				return 0;	/* vowels, consonants, vowels */
			v1 = i;
		} else if (!(cp[0] >= 'a' && cp[0] <= 'z') &&
		    strcmp(cp, "đ") != 0)
			return 0;
	}
	return nv > 0 && apx_in(w, v0, ini) && apx_in(w + v1, len - v1, fin);
}

/* w with its first letter in capitals. */
static const char *
apx_cap(struct arena *a, const char *w)
{
	size_t	 i = 0;
	char	*first;

	(void)txt_next(w, strlen(w), &i);
	first = arena_alloc(a, i + 1);
	memcpy(first, w, i);
	first[i] = '\0';
	return arena_printf(a, "%s%s", txt_upper_vi(a, first), w + i);
}

/* Words after which a place name follows; and those that make one unit
 * with a following "ủy" (Tỉnh ủy, Huyện ủy, Đảng ủy). */
static const char *const apx_unit[] = { "tỉnh", "huyện", "quận", "xã",
    "phường", "phố", "trấn", NULL };
static const char *const apx_uy[] = { "tỉnh", "huyện", "quận", "thành",
    "xã", "phường", "đảng", NULL };
static const char *const apx_org[] = { "bộ", "sở", "ban", "cục", NULL };

struct apx_case {
	int	 first;		/* the name's first word */
	int	 place;		/* capitalise every word (a place name) */
	int	 capnext;	/* capitalise the next word only */
	int	 uy;		/* the next word is the "ủy" of a unit */
};

/* One word of a name in capitals, in running text (see the top). */
static const char *
apx_word(struct arena *a, struct apx_case *c, const char *w, const char *next)
{
	const char	*lw = txt_lower_vi(a, w), *out;
	size_t		 n = strlen(lw);
	int		 unit_uy;

	unit_uy = next != NULL && strcmp(txt_lower_vi(a, next), "ủy") == 0 &&
	    apx_in(lw, n, apx_uy);
	if (strcmp(txt_upper_vi(a, w), w) != 0 || strcmp(lw, w) == 0 ||
	    !apx_syllable(lw))
		out = w;		/* as written, or an abbreviation */
	else if (c->uy)
		out = lw;		/* the "ủy" of Tỉnh ủy */
	else if (unit_uy || c->first || c->place || c->capnext)
		out = apx_cap(a, lw);
	else
		out = lw;
	c->capnext = c->first && apx_in(lw, n, apx_org);
	if (c->uy || (!unit_uy && apx_in(lw, n, apx_unit)))
		c->place = 1;
	c->uy = unit_uy;
	c->first = 0;
	return out;
}

/* An agency's name as running text writes it: "UBND TỈNH LẠNG SƠN" ->
 * "UBND tỉnh Lạng Sơn", "VĂN PHÒNG" -> "Văn phòng". */
static const char *
apx_name(struct arena *a, const char *name)
{
	struct apx_case	 c = { 1, 0, 0, 0 };
	struct sbuf	 sb;
	const char	*w, *next;
	char		*copy = arena_strdup(a, name), *save = NULL, *out;

	memset(&sb, 0, sizeof(sb));
	w = strtok_r(copy, " ", &save);
	while (w != NULL) {
		next = strtok_r(NULL, " ", &save);
		if (sb.len > 0)
			sbuf_adds(&sb, " ");
		sbuf_adds(&sb, apx_word(a, &c, w, next));
		w = next;
	}
	out = arena_alloc(a, sb.len + 1);
	if (sb.len > 0)
		memcpy(out, sb.s, sb.len);
	out[sb.len] = '\0';
	sbuf_free(&sb);
	return out;
}

/* The type word of the title: "BÁO CÁO" -> "Báo cáo"; a title that
 * does not start with a document type is taken whole, sentence case. */
static const char *
apx_type(struct arena *a, const char *title)
{
	static const char *const types[] = { "báo cáo", "kế hoạch",
	    "tờ trình", "công văn", "thông báo", "quyết định", "nghị quyết",
	    "chương trình", "đề án", "phương án", "hướng dẫn", "chỉ thị",
	    "quy chế", "quy định", "biên bản", NULL };
	const char	*lt = txt_lower_vi(a, title);
	size_t		 n;
	int		 i;

	for (i = 0; types[i] != NULL; i++) {
		n = strlen(types[i]);
		if (strncmp(lt, types[i], n) == 0 &&
		    (lt[n] == '\0' || lt[n] == ' ' || lt[n] == '\n'))
			return apx_cap(a, types[i]);
	}
	return apx_cap(a, lt);
}

const char *
apx_ref(struct arena *a, const struct report *r)
{
	const struct header *hd = &r->header;
	const char	*num = "", *who;

	if (!hd->present || hd->agency == NULL)
		return NULL;
	if (hd->number != NULL && !txt_blank(hd->number))
		num = arena_printf(a, " số %s", hd->number);
	who = apx_name(a, hd->agency);
	if (hd->parent_agency != NULL && !txt_blank(hd->parent_agency))
		who = arena_printf(a, "%s %s", who,
		    apx_name(a, hd->parent_agency));
	return arena_printf(a, "(Kèm theo %s%s %s của %s)",
	    apx_type(a, r->title), num, txt_date_vi(a, &hd->date), who);
}

/* ---- the lines ---- */

static int
apx_line(struct lay *l, const char *text, int style, int outline)
{
	struct para_opts o;
	struct para	 p;

	lay_para_opts(&o, l->width, APX_SIZE, style, PARA_CENTER);
	if (lay_para_str(l, text, &o, &p) == -1)
		return -1;
	lay_emit_lines(l, &p, APX_SIZE, lay_advance(l, APX_SIZE, 1.0),
	    l->left, 1, outline);
	return 0;
}

int
apx_layout(struct lay *l, int i, int outline)
{
	const struct report *r = l->r;
	const char	*ref = apx_ref(l->a, r);
	int		 k, n0 = l->nsl;

	if (apx_line(l, apx_label(l->a, r, i), SPAN_BOLD, outline) == -1 ||
	    apx_line(l, txt_upper_vi(l->a, r->apps[i].title), SPAN_BOLD,
	    -1) == -1)
		return -1;
	lay_space(l, 3);
	if (ref != NULL && apx_line(l, ref, SPAN_ITALIC, -1) == -1)
		return -1;
	for (k = n0; k < l->nsl; k++)
		l->sl[k].keep = 1;
	lay_space(l, APX_AFTER);
	return 0;
}
