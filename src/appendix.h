/*
 * appendix.h - the opening lines of an appendix (Phụ lục, Nghị định
 * 30/2020/NĐ-CP Phụ lục I Mục III.1): "Phụ lục I", its title in capitals
 * and the "(Kèm theo Báo cáo số ... của ...)" line built from the header.
 * Return convention: int 0 = ok, -1 = failed with the diagnostic recorded.
 */
#ifndef BAOCAO_APPENDIX_H
#define BAOCAO_APPENDIX_H

struct arena;
struct lay;
struct report;

/* "Phụ lục" when the report has one appendix, else "Phụ lục I", "II"...
 * for appendix i (0-based). */
const char	*apx_label(struct arena *, const struct report *, int i);
/* "Phụ lục I: title as written", for the outline and the TOC. */
const char	*apx_entry(struct arena *, const struct report *, int i);
/* "(Kèm theo Báo cáo số 125/BC-VP ngày 28 tháng 8 năm 2025 của Văn
 * phòng UBND tỉnh Lạng Sơn)", or NULL when the report has no header. */
const char	*apx_ref(struct arena *, const struct report *);
/* The opening lines of appendix i as slices kept with what follows; the
 * first carries outline entry `outline`. */
int		 apx_layout(struct lay *, int i, int outline);

#endif
