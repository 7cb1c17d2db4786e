/*
 * t_brk.c - unit tests of brk.c: ICU line breaks plus the Vietnamese
 * rules, on sentences taken from the seed texts (/work/shared/seeds).
 * Prints one line per failed check and a closing "N passed, M failed";
 * exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brk.h"

#include "check.h"

/* kinds[] of s, in a static-size buffer (test strings are short). */
static const unsigned char *
kinds_of(const char *s)
{
	static unsigned char	 k[4096];
	size_t			 len = strlen(s);

	if (len >= sizeof(k) || brk_find(NULL, "vi", s, len, k) != 0) {
		printf("brk_find failed on \"%s\"\n", s);
		exit(1);
	}
	return k;
}

static size_t
offset_of(const char *s, const char *sub)
{
	const char	*p = strstr(s, sub);

	if (p == NULL) {
		printf("test bug: \"%s\" not in \"%s\"\n", sub, s);
		exit(1);
	}
	return (size_t)(p - s);
}

/* No line may start strictly inside the first occurrence of tok. */
static void
whole(const char *s, const char *tok)
{
	const unsigned char	*k = kinds_of(s);
	size_t			 o = offset_of(s, tok), i;

	for (i = o + 1; i < o + strlen(tok); i++)
		if (k[i] != BRK_NONE)
			break;
	CHECK(i == o + strlen(tok), "\"%s\" split at byte %zu (\"%s\")",
	    tok, i - o, s + i);
}

/* What brk says about a line starting at the first occurrence of at. */
static void
starts(const char *s, const char *at, int want)
{
	const unsigned char	*k = kinds_of(s);
	size_t			 o = offset_of(s, at);

	CHECK(k[o] == want, "line start at \"%s\": got %d, want %d (in "
	    "\"%.40s...\")", at, k[o], want, s);
}

static void
t_docnum(void)
{
	const char	*s1 = "Văn phòng HĐND - UBND tỉnh Lai Châu mới được "
	    "thành lập tại Quyết định số 01/QĐ-UBND ngày 01/01/2004 của Ủy "
	    "ban nhân dân lâm thời tỉnh Lai Châu";
	const char	*s2 = "được thành lập tại Sắc lệnh số 127-SL của Chủ "
	    "tịch Chính phủ ngày 04/11/1949.";
	const char	*s3 = "triển khai thực hiện có hiệu quả Chỉ thị số "
	    "05-CT/TW của Bộ Chính trị";
	const char	*s4 = "Căn cứ Quyết định số 15/QĐ-UBND, Quyết định số "
	    "01/2019/QĐ-UBND và Quyết định số 828/QĐ-TTg (Báo cáo số "
	    "125-BC/VPTU).";

	whole(s1, "01/QĐ-UBND");
	whole(s1, "01/01/2004");
	starts(s1, "01/QĐ-UBND", BRK_ALLOW);
	starts(s1, "ngày 01/01", BRK_ALLOW);
	whole(s2, "127-SL");
	whole(s2, "04/11/1949.");
	whole(s3, "05-CT/TW");
	whole(s4, "15/QĐ-UBND,");
	whole(s4, "01/2019/QĐ-UBND");
	whole(s4, "828/QĐ-TTg");
	whole(s4, "(Báo");
	whole(s4, "125-BC/VPTU).");
	starts(s4, "125-BC", BRK_ALLOW);
}

static void
t_dash(void)
{
	const char	*s1 = "KHÁNG CHIẾN CHỐNG THỰC DÂN PHÁP (1945 - 1954)";
	const char	*s2 = "các lĩnh vực kinh tế - xã hội và các lĩnh vực "
	    "khác.";
	const char	*s3 = "giải thể khu Tự trị Thái – Mèo, tỉnh Lai Châu";
	const char	*s4 = "tổ chức cơ sở Đảng trong sạch, vững mạnh tiêu "
	    "biểu giai đoạn 2006 – 2010”.";
	const char	*s5 = "Biên chế của Văn phòng thường xuyên có từ 70 - "
	    "95 người.";

	/* a hyphen-minus never ends a line (pdftotext would drop it), so a
	 * "-" range stays whole; an en dash range breaks after the dash */
	starts(s1, "- 1954", BRK_NONE);
	starts(s1, "1954)", BRK_NONE);
	whole(s1, "(1945");
	starts(s2, "- xã", BRK_NONE);
	starts(s2, "xã hội", BRK_NONE);
	starts(s2, "và các", BRK_ALLOW);
	starts(s3, "– Mèo", BRK_NONE);
	starts(s3, "Mèo", BRK_ALLOW);
	starts(s4, "– 2010", BRK_NONE);
	starts(s4, "2010”", BRK_ALLOW);
	whole(s4, "2010”.");
	starts(s5, "- 95", BRK_NONE);
	starts(s5, "95 người", BRK_NONE);
	starts(s5, "người", BRK_ALLOW);
	/* nor after an unspaced hyphen-minus */
	starts("phát triển kinh tế-xã hội", "xã", BRK_NONE);
}

static void
t_punct(void)
{
	const char	*s1 = "Chỉ thị số 05-CT/TW của Bộ Chính trị về \"Học "
	    "tập và làm theo tư tưởng, đạo đức và phong cách Hồ Chí Minh\" "
	    "gắn với thực hiện Nghị quyết";
	const char	*s2 = "được công nhận và tặng giấy khen “Tổ chức cơ sở "
	    "Đảng đạt tiêu chuẩn cơ sở đảng trong sạch, vững mạnh”. Được Ban";
	const char	*s3 = "các huyện Mường Tè, Sình Hồ (nay là Sìn Hồ), "
	    "Điện Biên";
	const char	*s4 = "Văn phòng ( bộ phận một cửa ) và “Đi trước” "
	    "(Lạng Sơn) .";

	starts(s1, "\"Học", BRK_ALLOW);
	whole(s1, "\"Học");
	whole(s1, "Minh\"");
	starts(s1, "gắn", BRK_ALLOW);
	starts(s2, "“Tổ", BRK_ALLOW);
	whole(s2, "“Tổ");
	whole(s2, "mạnh”.");
	starts(s2, "Được", BRK_ALLOW);
	whole(s3, "(nay");
	whole(s3, "Hồ),");
	/* spaces inside brackets do not let a line start after "(" or
	 * with ")"; a closing quote does not glue to a following "(" */
	starts(s4, "bộ phận", BRK_NONE);
	starts(s4, ") và", BRK_NONE);
	starts(s4, "(Lạng", BRK_ALLOW);
	starts(s4, ".", BRK_NONE);
}

static void
t_forced(void)
{
	const char	*s = "Nơi nhận:\n- Như trên;\n- Lưu VT.";
	const unsigned char *k = kinds_of(s);

	starts(s, "- Như", BRK_FORCED);
	starts(s, "- Lưu", BRK_FORCED);
	starts(s, "\n- Như", BRK_NONE);
	CHECK(k[0] == BRK_NONE && k[strlen(s)] == BRK_NONE, "ends");
}

static void
t_url(void)
{
	const char	*s = "Xem https://langson.gov.vn/van-phong/tin-tuc/"
	    "ky-niem-80-nam-ngay-truyen-thong.html và www.vpubnd.langson."
	    "gov.vn/gioi-thieu hoặc vanphong@langson.gov.vn nhé";

	whole(s, "https://langson.gov.vn/van-phong/tin-tuc/ky-niem-80-nam-"
	    "ngay-truyen-thong.html");
	whole(s, "www.vpubnd.langson.gov.vn/gioi-thieu");
	whole(s, "vanphong@langson.gov.vn");
	starts(s, "https", BRK_ALLOW);
}

static void
t_utf8_offsets(void)
{
	/* breaks land on UTF-8 boundaries, never inside a sequence, also
	 * after characters outside the BMP (two UTF-16 units) */
	const char		*s = "Lạng Sơn 𝓐𝓑 Việt Nam";
	const unsigned char	*k = kinds_of(s);
	size_t			 i;
	int			 bad = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) == 0x80 && k[i] != BRK_NONE)
			bad++;
	CHECK(bad == 0, "%d breaks inside UTF-8 sequences", bad);
	starts(s, "Sơn", BRK_ALLOW);
	starts(s, "Việt", BRK_ALLOW);
	starts(s, "Nam", BRK_ALLOW);
}

int
main(void)
{
	t_docnum();
	t_dash();
	t_punct();
	t_forced();
	t_url();
	t_utf8_offsets();
	printf("t_brk: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
