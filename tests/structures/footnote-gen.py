#!/usr/bin/python3
"""Writes tests/structures/footnote-pages.yaml (run from the top of the
repository): Vietnamese report text with footnotes in paragraphs, a
list, a quote and table cells, numbered onto later pages, and a note
longer than a page. The YAML is committed; this only says how it was
made."""

PARAS = [
    ("Phát huy truyền thống đoàn kết, những năm qua cán bộ, công chức, viên "
     "chức Văn phòng đã nỗ lực hoàn thành tốt nhiệm vụ được giao, làm tốt "
     "chức năng tham mưu, giúp Ủy ban nhân dân tỉnh, Chủ tịch và các Phó Chủ "
     "tịch Ủy ban nhân dân tỉnh thực hiện nhiệm vụ, quyền hạn theo thẩm quyền",
     "Quyết định số 15/QĐ-UBND ngày 05/01/2016 của Ủy ban nhân dân tỉnh quy "
     "định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Văn phòng."),
    ("Cách đây 80 năm, ngày 28 tháng 8 năm 1945, Chính phủ lâm thời Việt Nam "
     "Dân chủ Cộng hòa do Chủ tịch Hồ Chí Minh đứng đầu đã ra Tuyên cáo trước "
     "quốc dân đồng bào và với toàn thế giới về việc thành lập Chính phủ của "
     "nước Việt Nam mới",
     "Tuyên cáo của Chính phủ lâm thời ngày 28/8/1945, đăng trên báo Cứu "
     "quốc số 36."),
    ("Ngày 22/7/2004, Thủ tướng Chính phủ đã quyết định lấy ngày 28/8 hằng "
     "năm là Ngày truyền thống Văn phòng các cơ quan hành chính nhà nước",
     "Quyết định số 828/QĐ-TTg ngày 22/7/2004 của Thủ tướng Chính phủ về Ngày "
     "truyền thống của Văn phòng các cơ quan hành chính nhà nước; văn bản "
     "được đăng Công báo và gửi các bộ, cơ quan ngang bộ, cơ quan thuộc Chính "
     "phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương để thực "
     "hiện."),
    ("Văn phòng đã tham mưu ban hành hàng nghìn văn bản chỉ đạo, điều hành, "
     "bảo đảm đúng quy trình, thể thức theo quy định về công tác văn thư",
     "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn "
     "thư, thay thế Nghị định số 110/2004/NĐ-CP và Nghị định số "
     "09/2010/NĐ-CP."),
    ("Công tác cải cách hành chính được đẩy mạnh, Trung tâm Phục vụ hành "
     "chính công tỉnh đi vào hoạt động ổn định, tiếp nhận và giải quyết hồ "
     "sơ của tổ chức, công dân đúng hạn",
     "Tỷ lệ hồ sơ giải quyết đúng hạn năm 2024 đạt **98,7%**, cao hơn năm "
     "trước 1,2 điểm phần trăm."),
    ("Hệ thống quản lý văn bản và điều hành được triển khai đến tất cả các "
     "sở, ngành và Ủy ban nhân dân cấp huyện, cấp xã, bảo đảm việc gửi, nhận "
     "văn bản điện tử liên thông bốn cấp chính quyền",
     "Theo Kế hoạch số 112/KH-UBND ngày 20/3/2019 về ứng dụng công nghệ "
     "thông tin, phát triển *Chính quyền điện tử*."),
]
FILLER = ("Trong giai đoạn tới, Văn phòng tiếp tục đổi mới phương thức làm "
          "việc, nâng cao chất lượng tham mưu tổng hợp, bảo đảm thông tin phục "
          "vụ sự chỉ đạo, điều hành thông suốt, kịp thời, hiệu quả; chú trọng "
          "xây dựng đội ngũ cán bộ, công chức có phẩm chất chính trị vững vàng, "
          "chuyên môn sâu, tác phong chuyên nghiệp, đáp ứng yêu cầu nhiệm vụ "
          "trong tình hình mới.")
LONG = " ".join(
    "Đoạn trích Báo cáo tổng kết năm {}: Văn phòng đã tham mưu tổ chức "
    "thành công các hội nghị, kỳ họp, bảo đảm điều kiện vật chất, kỹ thuật "
    "phục vụ hoạt động của Thường trực, lãnh đạo tỉnh; công tác hành chính, "
    "quản trị, tài vụ được thực hiện nền nếp, đúng quy định của pháp "
    "luật.".format(1960 + i) for i in range(44))
HEAD = """\
# Footnotes across pages (spec §2 v2, issue 16 point 2): marks in
# paragraphs, a list, a quote and table cells, numbered through the
# report onto later pages; a note too long for any page (it continues at
# the foot of the next); headings kept with what follows; a long table
# whose header repeats. Made by footnote-gen.py; checked by
# tests/footnotes.py.
title: BÁO CÁO
subtitle: Tổng kết 80 năm xây dựng và trưởng thành của Văn phòng
meta: {date: 2025-08-28}
body:
  - heading: I. KHÁI QUÁT CHUNG"""


def wrap(s, ind="      ", w=76):
    out, line = [], ""
    for word in s.split(" "):
        if len(line) + len(word) + 1 > w and line:
            out.append(ind + line)
            line = word
        else:
            line = (line + " " + word) if line else word
    out.append(ind + line)
    return "\n".join(out)


def table():
    rows = []
    for i in range(40):
        cell = "Văn bản loại {}".format(i + 1)
        if i % 13 == 4:
            cell += " có ký số^[Kể cả văn bản điện tử ký số, loại {}.]".format(
                i + 1)
        rows.append('        - ["{}", {}]'.format(cell, 1000 + 37 * i))
    return ("  - table:\n      caption: Kết quả công tác văn thư\n"
            "      columns:\n"
            "        - {title: Nội dung, width: 3, type: text}\n"
            "        - {title: Số lượng}\n      rows:\n" + "\n".join(rows))


def main():
    y = [HEAD]
    for k in range(3):
        for text, note in PARAS:
            y.append("  - paragraph: >\n" +
                     wrap(text + "^[" + note + "]. " + FILLER))
        if k == 0:
            y.append("  - heading: II. CÁC BỘ PHẬN")
            y.append(
                "  - list:\n"
                "      - Phòng Tổng hợp^[Thành lập năm 1995 [theo Quyết "
                "định số 15/QĐ-UBND].]\n"
                "      - Phòng Hành chính - Tổ chức^[Hợp nhất từ Phòng Hành "
                "chính và Phòng Tổ chức năm 2008.]\n"
                "      - Trung tâm Phục vụ hành chính công")
            y.append('  - quote: "Đi trước - chuẩn bị; Đi cùng - tham mưu; '
                     'Đi sau - báo cáo; Đi tiếp - kết nối^[Phương châm hành '
                     'động của Văn phòng từ năm 2015.]"')
        if k == 1:
            y.append("  - heading: III. KẾT QUẢ CÔNG TÁC")
            y.append(table())
        if k == 2:
            y.append("  - heading: IV. TƯ LIỆU")
            y.append("  - paragraph: >\n" + wrap(
                "Các báo cáo tổng kết từng giai đoạn được lưu tại Phòng Hành "
                "chính - Tổ chức^[" + LONG + "] và được số hóa toàn bộ. " +
                FILLER))
            y.append("  - paragraph: >\n" + wrap(
                FILLER + " Kết quả số hóa^[Đến hết năm 2024 đã số hóa 12.400 "
                "hồ sơ.] được công bố hằng năm."))
    with open("tests/structures/footnote-pages.yaml", "w") as f:
        f.write("\n".join(y) + "\n")


main()
