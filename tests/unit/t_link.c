/*
 * t_link.c - unit tests of link.c: which web and e-mail addresses in a
 * text are links, where each starts and ends (what is drawn under the
 * annotation), and the URI it opens (baocao-report(5) "Links").
 * Prints one line per failed check and a closing "N passed, M failed";
 * exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "link.h"

#include "check.h"

/* A text and the links expected in it: pairs of (drawn text, URI),
 * NULL-terminated; none for a text without a link. */
struct tcase {
	const char	*text;
	const char	*want[7];
};

static const struct tcase cases[] = {
	{ "Email: vanphong@laichau.gov.vn", { "vanphong@laichau.gov.vn",
	    "mailto:vanphong@laichau.gov.vn" } },
	{ "Thư: vp@laichau.gov.vn.", { "vp@laichau.gov.vn",
	    "mailto:vp@laichau.gov.vn" } },
	{ "Hộp thư mailto:vanthu@laichau.gov.vn", {
	    "mailto:vanthu@laichau.gov.vn", "mailto:vanthu@laichau.gov.vn" } },
	{ "Xem https://laichau.gov.vn/tin-tuc.", {
	    "https://laichau.gov.vn/tin-tuc",
	    "https://laichau.gov.vn/tin-tuc" } },
	{ "HTTPS://LAICHAU.GOV.VN", { "HTTPS://LAICHAU.GOV.VN",
	    "https://LAICHAU.GOV.VN" } },
	{ "tại http://a.vn/x;", { "http://a.vn/x", "http://a.vn/x" } },
	{ "Cổng: www.laichau.gov.vn, ", { "www.laichau.gov.vn",
	    "http://www.laichau.gov.vn" } },
	{ "WWW.LAICHAU.GOV.VN", { "WWW.LAICHAU.GOV.VN",
	    "http://WWW.LAICHAU.GOV.VN" } },
	{ "www.laichau.gov.vn:8080/a?q=1#b", {
	    "www.laichau.gov.vn:8080/a?q=1#b",
	    "http://www.laichau.gov.vn:8080/a?q=1#b" } },
	{ "(xem https://a.vn/b)", { "https://a.vn/b", "https://a.vn/b" } },
	{ "(https://vi.wikipedia.org/wiki/A_(B)).", {
	    "https://vi.wikipedia.org/wiki/A_(B)",
	    "https://vi.wikipedia.org/wiki/A_(B)" } },
	{ "https://vi.wikipedia.org/wiki/Lai_Châu", {
	    "https://vi.wikipedia.org/wiki/Lai_Châu",
	    "https://vi.wikipedia.org/wiki/Lai_Ch%C3%A2u" } },
	{ "“https://a.vn/x” – https://b.vn…", { "https://a.vn/x",
	    "https://a.vn/x", "https://b.vn", "https://b.vn" } },
	{ "https://user@host.vn/x và a@b.vn", { "https://user@host.vn/x",
	    "https://user@host.vn/x", "a@b.vn", "mailto:a@b.vn" } },
	{ "Email:vanphong@laichau.gov.vn", { "vanphong@laichau.gov.vn",
	    "mailto:vanphong@laichau.gov.vn" } },
	/* no link */
	{ "Số: 86/BC-VP; 15.000 lượt; lúc 10:30; 28/8/1945", { NULL } },
	{ "http://bộcôngthương.vn", { NULL } },
	{ "http:// và http:///x và https://", { NULL } },
	{ "xhttp://a.vn và ahttps://b.vn", { NULL } },
	{ "www.laichau và awww.b.c.vn", { NULL } },
	{ "a@b, user@localhost, x.@a.vn, ngườiA@x.vn, a@b.vnđ", { NULL } },
	{ "vanphong@laichau.gov.vn_x", { NULL } },
	{ "", { NULL } }
};

static void
check_case(const struct tcase *tc)
{
	struct arena	*a = arena_new();
	struct link	*v = NULL;
	int		 n, k, want = 0;

	while (tc->want[2 * want] != NULL)
		want++;
	n = link_find(a, tc->text, strlen(tc->text), &v);
	CHECK(n == want, "\"%s\": %d links, want %d", tc->text, n, want);
	for (k = 0; k < n && k < want; k++) {
		CHECK(v[k].end - v[k].start == strlen(tc->want[2 * k]) &&
		    memcmp(tc->text + v[k].start, tc->want[2 * k],
		    v[k].end - v[k].start) == 0, "\"%s\": link %d is \"%.*s\", "
		    "want \"%s\"", tc->text, k, (int)(v[k].end - v[k].start),
		    tc->text + v[k].start, tc->want[2 * k]);
		CHECK(strcmp(v[k].uri, tc->want[2 * k + 1]) == 0,
		    "\"%s\": URI %s, want %s", tc->text, v[k].uri,
		    tc->want[2 * k + 1]);
	}
	arena_free(a);
}

/* An address whose URI would pass LINK_MAX (8192 bytes) is not a link;
 * one just under it is. */
static void
check_long(void)
{
	struct arena	*a = arena_new();
	struct link	*v;
	char		*s = malloc(9000);
	size_t		 n;

	memcpy(s, "https://a.vn/", 13);
	memset(s + 13, 'x', 9000 - 14);
	s[8999] = '\0';
	CHECK(link_find(a, s, strlen(s), &v) == 0,
	    "a 9,000-byte address is not a link");
	n = 8192;
	CHECK(link_find(a, s, n, &v) == 1 && strlen(v[0].uri) == n,
	    "an 8,192-byte address is a link");
	free(s);
	arena_free(a);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	check_long();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
