/*
 * init.c - `baocao init [--kind state|party] [FILE]`: write a complete,
 * commented starting report (spec §1, v2). The template lives here as
 * tables of lines, so nothing outside the binary is needed at run time:
 * a common top (page, style), the header and `to` of a state or a Party
 * office (Nghị định 30/2020/NĐ-CP), a body with every block kind, the
 * signature of that kind of office and an appendix. tests/init.sh builds
 * what it writes, for both kinds, and checks it has no warning.
 * An existing file is never overwritten (O_EXCL).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "init.h"

static const char *const init_top[] = {
	"# Báo cáo mẫu do `baocao init` tạo ra. Sửa nội dung cho đúng báo cáo của",
	"# cơ quan mình rồi chạy:   baocao build bao-cao.yaml",
	"# (tệp PDF được ghi vào thư mục out/). Chạy `baocao check bao-cao.yaml` để",
	"# kiểm tra mà không ghi PDF.",
	"#",
	"# Cách viết: mỗi dòng \"khóa: giá trị\"; thụt lề bằng dấu cách (không dùng",
	"# phím Tab), các dòng cùng cấp thẳng hàng nhau. Dòng bắt đầu bằng \"#\" là",
	"# ghi chú, không in ra. Mô tả đầy đủ: man 5 baocao-report",
	"",
	"lang: vi",
	"# Tệp PDF mang tên của tệp này (bao-cao.yaml -> out/bao-cao.pdf); muốn",
	"# tên khác thì thêm dòng:  output: ten-khac.pdf",
	"",
	"# Thông tin của tệp PDF (hiện trong mục Properties của trình đọc PDF).",
	"meta:",
	"  title: Báo cáo tổng kết công tác năm 2026",
	"  author: Văn phòng",
	"  date: 2026-12-03                # năm-tháng-ngày",
	"",
	"# Trang giấy và lề theo Nghị định 30/2020/NĐ-CP (đơn vị: mm).",
	"page:",
	"  size: A4",
	"  margins: {top: 20, bottom: 20, left: 30, right: 15}",
	"  page_numbers: top-center        # số trang ở giữa lề trên",
	"  number_first_page: false        # trang đầu không đánh số",
	"",
	"# Phông chữ, cỡ chữ (pt), giãn dòng, thụt đầu dòng (mm).",
	"style:",
	"  font: Times New Roman",
	"  size: 13",
	"  line_spacing: 1.15",
	"  paragraph_spacing: 6",
	"  indent: 10",
	"  justify: true",
	"  fallback_fonts: [Noto Serif]    # dùng khi máy không có phông trên",
	"",
	NULL
};

static const char *const init_head_state[] = {
	"# Phần đầu văn bản (thể thức theo Nghị định 30/2020/NĐ-CP). Quốc hiệu",
	"# \"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\" và tiêu ngữ được in tự động.",
	"header:",
	"  kind: state                     # cơ quan nhà nước",
	"  parent_agency: UBND TỈNH LẠNG SƠN   # cơ quan chủ quản (viết hoa)",
	"  agency: VĂN PHÒNG               # cơ quan ban hành (viết hoa)",
	"  number: 01/BC-VP                # số, ký hiệu văn bản",
	"  place: Lạng Sơn                 # địa danh",
	"  date: 2026-12-03                # ngày ban hành: năm-tháng-ngày",
	"",
	"title: BÁO CÁO",
	"subtitle: Tổng kết công tác năm 2026 và phương hướng, nhiệm vụ năm 2027",
	"",
	"# Dòng \"Kính gửi:\" (bỏ đi nếu báo cáo không gửi lên cấp trên). Gửi nhiều",
	"# nơi thì viết mỗi nơi một dòng bắt đầu bằng \"- \".",
	"to:",
	"  - Ủy ban nhân dân tỉnh Lạng Sơn",
	"  - Sở Nội vụ tỉnh Lạng Sơn",
	"",
	NULL
};

static const char *const init_head_party[] = {
	"# Phần đầu văn bản (thể thức văn bản của Đảng). Dòng \"ĐẢNG CỘNG SẢN",
	"# VIỆT NAM\" được in tự động.",
	"header:",
	"  kind: party                     # cơ quan của Đảng",
	"  parent_agency: TỈNH ỦY LẠNG SƠN  # cấp ủy cấp trên (viết hoa)",
	"  agency: VĂN PHÒNG               # cơ quan ban hành (viết hoa)",
	"  number: 01-BC/VPTU              # số, ký hiệu văn bản",
	"  place: Lạng Sơn                 # địa danh",
	"  date: 2026-12-03                # ngày ban hành: năm-tháng-ngày",
	"",
	"title: BÁO CÁO",
	"subtitle: Tổng kết công tác năm 2026 và phương hướng, nhiệm vụ năm 2027",
	"",
	"# Dòng \"Kính gửi:\" (bỏ đi nếu báo cáo không gửi lên cấp trên). Gửi nhiều",
	"# nơi thì viết mỗi nơi một dòng bắt đầu bằng \"- \".",
	"to:",
	"  - Ban Thường vụ Tỉnh ủy",
	"  - Văn phòng Trung ương Đảng",
	"",
	NULL
};

static const char *const init_body[] = {
	"# Nội dung báo cáo: mỗi mục bắt đầu bằng \"- \" và tên loại khối.",
	"body:",
	"  # Mục lục, lập tự động từ các đề mục.",
	"  - toc",
	"",
	"  # Đề mục: cấp 1 viết thẳng; cấp 2, cấp 3 ghi thêm level.",
	"  - heading: I. KẾT QUẢ CÔNG TÁC NĂM 2026",
	"  - heading: {text: \"1. Công tác tham mưu, tổng hợp\", level: 2}",
	"  # Đoạn văn: viết sau dấu \">\" và thụt vào; xuống dòng trong tệp không",
	"  # làm xuống dòng trên giấy. **chữ đậm**, *chữ nghiêng*, ^[chú thích]",
	"  # in thành chú thích cuối trang.",
	"  - paragraph: >",
	"      Năm 2026, Văn phòng đã hoàn thành **toàn diện** các nhiệm vụ được giao,",
	"      bảo đảm *chất lượng và tiến độ*, phục vụ kịp thời sự lãnh đạo, chỉ đạo",
	"      của cấp trên.^[Số liệu tính đến ngày 30 tháng 11 năm 2026.]",
	"  - heading: {text: \"a) Những việc đã làm\", level: 3}",
	"  # Danh sách gạch đầu dòng \"-\" (kiểu mặc định).",
	"  - list:",
	"      - Tham mưu xây dựng chương trình công tác năm;",
	"      - Theo dõi, đôn đốc thực hiện các nhiệm vụ được giao.",
	"  # Danh sách đánh số 1. 2. 3.",
	"  - list:",
	"      style: number",
	"      items:",
	"        - Hoàn thành đúng hạn các báo cáo định kỳ;",
	"        - Tổ chức tốt các hội nghị, cuộc họp.",
	"  # Danh sách a) b) c), mỗi mục có thể có danh sách con.",
	"  - list:",
	"      style: alpha",
	"      items:",
	"        - Công tác tham mưu, tổng hợp;",
	"        - text: Công tác hành chính",
	"          items: [Văn thư, Lưu trữ]",
	"  # Trích dẫn (in nghiêng, thụt vào).",
	"  - quote: Đoàn kết, kỷ cương, chủ động, sáng tạo, hiệu quả.",
	"",
	"  - heading: {text: \"2. Công tác văn thư, lưu trữ\", level: 2}",
	"  # Bảng: columns là các cột (title: tên cột, width: độ rộng tương đối,",
	"  # type: text cho cột chữ, group: tên chung của nhóm cột); rows là các",
	"  # dòng, mỗi dòng đủ số ô; totals: true thêm dòng \"Tổng cộng\" tự cộng.",
	"  - table:",
	"      caption: Kết quả công tác văn thư",
	"      columns:",
	"        - {title: Nội dung, width: 3, type: text}",
	"        - {title: Năm 2025, group: Số văn bản}",
	"        - {title: Năm 2026, group: Số văn bản}",
	"      rows:",
	"        - [Văn bản đến, 15000, 16230]",
	"        - [Văn bản đi, 6000, 6500]",
	"      totals: true",
	"",
	"  - heading: II. TỔ CHỨC BỘ MÁY VÀ BIÊN CHẾ",
	"  # Biên chế: total là tổng số, phải bằng tổng các đơn vị.",
	"  - staffing:",
	"      caption: Biên chế các phòng, đơn vị năm 2026",
	"      total: 30",
	"      units:",
	"        - {name: Lãnh đạo Văn phòng, civil_servants: 4}",
	"        - {name: Phòng Tổng hợp, civil_servants: 9}",
	"        - {name: Phòng Hành chính - Tổ chức, civil_servants: 7, contract_workers: 2}",
	"        - {name: Phòng Quản trị - Tài vụ, public_employees: 5, contract_workers: 3}",
	"  # Biên chế qua các thời kỳ; chart: true vẽ thêm biểu đồ. staff là một",
	"  # số, hoặc [ít nhất, nhiều nhất] trong một thời kỳ.",
	"  - staffing_history:",
	"      caption: Biên chế qua các thời kỳ",
	"      chart: true",
	"      periods:",
	"        - {period: 2000 - 2010, staff: [18, 22]}",
	"        - {period: 2011 - 2020, units: 4, staff: [24, 28]}",
	"        - {period: \"2026\", units: 4, staff: 30}",
	"",
	"  - heading: III. THI ĐUA, KHEN THƯỞNG",
	"  # Khen thưởng: award là hình thức, year là năm, by là người/cơ quan tặng.",
	"  # sort: rank xếp theo thứ bậc khen thưởng.",
	"  - awards:",
	"      caption: Các hình thức khen thưởng đã được tặng",
	"      sort: rank",
	"      items:",
	"        - {award: Huân chương Lao động hạng Ba, year: 2020, by: Chủ tịch nước}",
	"        - {award: Bằng khen của Thủ tướng Chính phủ, year: 2015, by: Thủ tướng Chính phủ}",
	"",
	"  # Hình ảnh: bỏ dấu \"#\" ở ba dòng dưới và ghi tên tệp ảnh (PNG hoặc JPEG)",
	"  # đặt cạnh tệp này; width là chiều rộng in ra (mm).",
	"  # - image: {file: anh/tru-so.jpg, width: 120, caption: Trụ sở cơ quan}",
	"",
	"  # Sang trang mới.",
	"  - page_break",
	"  - heading: IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
	"  - paragraph: >",
	"      Tiếp tục đổi mới phương thức tham mưu, nâng cao chất lượng công tác,",
	"      hoàn thành tốt các nhiệm vụ năm 2027.",
	"  # Trang xoay ngang: dùng cho bảng nhiều cột; sau đó trở lại trang dọc.",
	"  - landscape:",
	"      - table:",
	"          caption: Kế hoạch công tác năm 2027",
	"          columns:",
	"            - {title: Nhiệm vụ, width: 4, type: text}",
	"            - {title: Đơn vị chủ trì, width: 2, type: text}",
	"            - {title: Thời hạn, width: 1, type: text, align: center}",
	"          rows:",
	"            - [Xây dựng chương trình công tác năm, Phòng Tổng hợp, Quý I]",
	"            - [Chỉnh lý tài liệu lưu trữ, Phòng Hành chính - Tổ chức, Quý III]",
	"",
	NULL
};

static const char *const init_sign_state[] = {
	"# Nơi nhận và chữ ký. Có ảnh chữ ký, con dấu thì thêm, ví dụ:",
	"#   image: chu-ky.png   và   seal: dau.png",
	"signature:",
	"  recipients:",
	"    - Như trên;",
	"    - Lãnh đạo Văn phòng;",
	"    - Lưu VT.",
	"  authority: KT. CHÁNH VĂN PHÒNG  # thẩm quyền ký (bỏ đi nếu ký trực tiếp)",
	"  title: PHÓ CHÁNH VĂN PHÒNG      # chức vụ người ký",
	"  name: Nguyễn Văn A              # họ và tên người ký",
	"",
	NULL
};

static const char *const init_sign_party[] = {
	"# Nơi nhận và chữ ký. Có ảnh chữ ký, con dấu thì thêm, ví dụ:",
	"#   image: chu-ky.png   và   seal: dau.png",
	"signature:",
	"  recipients:",
	"    - Như trên;",
	"    - Thường trực Tỉnh ủy (b/c);",
	"    - Lưu Văn phòng Tỉnh ủy.",
	"  authority: T/L BAN THƯỜNG VỤ    # thẩm quyền ký (bỏ đi nếu ký trực tiếp)",
	"  title: CHÁNH VĂN PHÒNG          # chức vụ người ký",
	"  name: Nguyễn Văn A              # họ và tên người ký",
	"",
	NULL
};

static const char *const init_app[] = {
	"# Phụ lục: in sau chữ ký, mỗi phụ lục sang trang mới (orientation:",
	"# landscape để in trang ngang). Không cần phụ lục thì xóa phần này.",
	"appendices:",
	"  - title: Danh sách các phòng, đơn vị",
	"    body:",
	"      - list:",
	"          style: number",
	"          items:",
	"            - Phòng Tổng hợp",
	"            - Phòng Hành chính - Tổ chức",
	"            - Phòng Quản trị - Tài vụ",
	NULL
};
/* The parts of one kind's report, in order. */
static const char *const *const init_state_parts[] = {
	init_top, init_head_state, init_body, init_sign_state, init_app, NULL
};
static const char *const *const init_party_parts[] = {
	init_top, init_head_party, init_body, init_sign_party, init_app, NULL
};

static int
init_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "baocao init: ");
	fprintf(stderr, _(msg), arg);
	fputs(_("\nUsage: baocao init [--kind state|party] [FILE]\n"), stderr);
	fputs(_("Try 'baocao --help' for more information.\n"), stderr);
	return 2;
}

static int
init_help(void)
{
	fputs(_("Usage: baocao init [--kind state|party] [FILE]\n"
	    "Write a commented starting report to FILE (default: "
	    "bao-cao.yaml), never\nover an existing file; then edit it "
	    "and run: baocao build FILE\n"
	    "  --kind state   a state office: UBND, Văn phòng, with the "
	    "Quốc hiệu (default)\n"
	    "  --kind party   a Party office: Tỉnh ủy, Văn phòng, under "
	    "ĐẢNG CỘNG SẢN VIỆT NAM\n"), stdout);
	return 0;
}

/* Writes every line of the parts to f; -1 on a write error. */
static int
init_write_parts(FILE *f, const char *const *const *parts)
{
	size_t	 i, j;

	for (i = 0; parts[i] != NULL; i++)
		for (j = 0; parts[i][j] != NULL; j++)
			if (fputs(parts[i][j], f) == EOF || fputc('\n', f) == EOF)
				return -1;
	return 0;
}

/*
 * Creates path (never over an existing file) and writes the template.
 * A half-written file is removed, so that a second try is not refused.
 */
static int
init_write(const char *path, const char *const *const *parts)
{
	FILE	*f;
	int	 fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 && errno == EEXIST) {
		fprintf(stderr, _("baocao init: %s already exists; it was left "
		    "unchanged\n"), path);
		/* TRANSLATORS: "note" as translated, then the file */
		fprintf(stderr, _("%s: to start a new report, give another "
		    "name (baocao init bao-cao-2.yaml), or move or delete "
		    "%s first\n"), _("note"), path);
		return 1;
	}
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, _("baocao init: cannot create %s: %s\n"), path,
		    strerror(errno));
		fprintf(stderr, _("%s: check that the folder exists and that "
		    "you may write in it\n"), _("note"));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return 1;
	}
	err = init_write_parts(f, parts);
	if (fclose(f) == EOF)
		err = -1;
	if (err < 0) {
		fprintf(stderr, _("baocao init: cannot write %s: %s\n"),
		    path, strerror(errno));
		unlink(path);
		return 1;
	}
	printf(_("created %s\nnext: edit it, then run: baocao build %s\n"),
	    path, path);
	return 0;
}

/* Sets *parts from a --kind value; -1 for an unknown kind. */
static int
init_kind(const char *kind, const char *const *const **parts)
{
	if (strcmp(kind, "state") == 0)
		*parts = init_state_parts;
	else if (strcmp(kind, "party") == 0)
		*parts = init_party_parts;
	else
		return -1;
	return 0;
}

int
init_run(int argc, char **argv)
{
	const char *const *const *parts = init_state_parts;
	const char	*path = NULL, *kind;
	int		 i;

	for (i = 1; i < argc; i++) {
		kind = NULL;
		if (strcmp(argv[i], "--kind") == 0) {
			if (++i == argc)
				return init_usage_error(N_("'--kind' needs a "
				    "value: state or party%s"), "");
			kind = argv[i];
		} else if (strncmp(argv[i], "--kind=", 7) == 0)
			kind = argv[i] + 7;
		else if (strcmp(argv[i], "--help") == 0)
			return init_help();
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return init_usage_error(N_("unknown option '%s'"),
			    argv[i]);
		else if (path != NULL)
			return init_usage_error(N_("only one FILE may be given "
			    "(got also '%s')"), argv[i]);
		else
			path = argv[i];
		if (kind != NULL && init_kind(kind, &parts) < 0)
			return init_usage_error(N_("invalid kind '%s': write "
			    "--kind state (a state office, the default) or "
			    "--kind party (a Party office)"), kind);
	}
	return init_write(path != NULL ? path : "bao-cao.yaml", parts);
}
