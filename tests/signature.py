#!/usr/bin/python3
"""Signature images (spec §2 "(v2) Additions", Signature images; issue 16
points 6 and 8) measured on rendered PDFs.

usage: signature.py BAOCAO TMPDIR

Inputs: tests/structures/signature-*.yaml and the pictures in
tests/structures/signature/ (made by make-images.py there). Where an
image is drawn comes from the page's content stream (pikepdf: the `cm`
matrix before each `Do`, in points), the lines of the signer's title
and name from pdftotext -bbox-layout, the pixels and soft masks from the
image XObjects. The PDF/A-2u clauses are tests/pdfa.py's, run on each
PDF; qpdf --check on each.
"""
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import MM, Tally, bbox_pages, build, run  # noqa: E402

import pikepdf  # noqa: E402

A4_W, A4_H = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, A4_W - 15 * MM, 20 * MM, A4_H - 20 * MM
S = "tests/structures"
PICS = os.path.abspath(os.path.join(S, "signature"))
EPS = 0.05              # pt: what the PDF's numbers (3 decimals) may round

t = Tally()


class Placed:
    """One image drawn on a page: its box in points, y from the top (as
    pdftotext gives it), its XObject and its place in the stream."""

    def __init__(self, m, xo, order):
        self.x0, self.w = m[4], m[0]
        self.h = m[3]
        self.y0 = A4_H - m[5] - m[3]
        self.x1, self.y1 = self.x0 + self.w, self.y0 + self.h
        self.cy = self.y0 + self.h / 2
        self.xo = xo
        self.order = order
        self.px = (int(xo.Width), int(xo.Height))

    def __repr__(self):
        return (f"image {self.px[0]}x{self.px[1]} at x {self.x0:.2f}.."
                f"{self.x1:.2f}, y {self.y0:.2f}..{self.y1:.2f}")


def placed(pdf, page=0):
    """The images drawn on a page, in stream order: `q a b c d e f cm
    /Name Do Q` as pdf.c writes them (an upright image: b = c = 0)."""
    out = []
    doc = pikepdf.open(pdf)
    pg = doc.pages[page]
    xobjs = pg.Resources.get("/XObject", {})
    m = None
    for operands, op in pikepdf.parse_content_stream(pg):
        op = str(op)
        if op == "cm":
            m = [float(x) for x in operands]
        elif op == "Do":
            xo = xobjs[str(operands[0])]
            if xo.get("/Subtype") == "/Image" and m is not None:
                out.append(Placed(m, xo, len(out)))
        elif op == "Q":
            m = None
    return doc, pg, out


def line_box(pdf, text, page=0):
    """(x0, y0, x1, y1) of the first pdftotext line whose words read
    `text`, or None."""
    for ln in bbox_pages(pdf)[page]:
        if " ".join(w.text for w in ln) == text:
            return (min(w.x0 for w in ln), min(w.y0 for w in ln),
                    max(w.x1 for w in ln), max(w.y1 for w in ln))
    return None


def by_pixels(imgs, w, h):
    for im in imgs:
        if im.px == (w, h):
            return im
    return None


def has_smask(im):
    sm = im.xo.get("/SMask")
    return sm is not None and sm.get("/ColorSpace") == "/DeviceGray" and \
        int(sm.get("/BitsPerComponent")) == 8


def qpdf_ok(pdf, name):
    rc, out, err = run(["qpdf", "--check", pdf])
    t.check(rc == 0 and "No syntax or stream encoding errors" in out and
            "WARNING" not in out + err, f"{name}: qpdf --check is clean",
            out + err)


def pdfa_ok(pdf, name):
    rc, out, _ = run(["/usr/bin/python3", "tests/pdfa.py", pdf])
    last = out.strip().splitlines()[-1] if out.strip() else ""
    t.check(rc == 0 and last.endswith(" 0 failed"),
            f"{name}: PDF/A-2u, every clause of tests/pdfa.py ({last})",
            "\n".join(ln for ln in out.splitlines()
                      if ln.startswith("FAIL")))


def inside(name, imgs):
    bad = [im for im in imgs if im.x0 < LEFT - EPS or im.x1 > RIGHT + EPS or
           im.y0 < TOP - EPS or im.y1 > BOTTOM + EPS]
    t.check(not bad, f"{name}: every image inside the margins", bad)


def built(yaml_path, tmp):
    rc, pdf, err = build(BIN, yaml_path, tmp)
    name = os.path.basename(yaml_path)
    t.check(rc == 0 and pdf is not None and err == "",
            f"{name} builds, no message", err)
    return pdf, name


def check_full(tmp):
    """The signature and the seal (36 mm, the default), as the spec
    places them."""
    pdf, name = built(f"{S}/signature-images.yaml", tmp)
    if pdf is None:
        return
    doc, pg, imgs = placed(pdf)
    sig, seal = by_pixels(imgs, 480, 200), by_pixels(imgs, 400, 400)
    t.check(len(imgs) == 2 and sig and seal,
            f"{name}: two images drawn, the signature and the seal", imgs)
    if not (sig and seal):
        return
    title = line_box(pdf, "PHÓ CHÁNH VĂN PHÒNG")
    nm = line_box(pdf, "Hoàng Văn Thành")
    t.check(title and nm, f"{name}: the title's and the name's lines found")
    if not (title and nm):
        return
    t.check(sig.y0 >= title[3] - EPS and sig.y1 <= nm[1] + EPS,
            f"{name}: the signature lies between the title's line "
            f"(bottom {title[3]:.2f}) and the name's (top {nm[1]:.2f}): "
            f"{sig.y0:.2f}..{sig.y1:.2f}", sig)
    t.check(sig.h >= nm[1] - title[3] - 4,
            f"{name}: the signature is scaled to fill the gap "
            f"({sig.h:.2f} of {nm[1] - title[3]:.2f} pt high)")
    t.check(abs(sig.w / sig.h - 480 / 200) < 0.002 * 480 / 200,
            f"{name}: the signature keeps its aspect "
            f"({sig.w:.2f} x {sig.h:.2f} pt for 480 x 200 pixels)")
    t.check(abs((sig.x0 + sig.x1) / 2 - (nm[0] + nm[2]) / 2) < 1.5,
            f"{name}: the signature is centred over the name "
            f"({(sig.x0 + sig.x1) / 2:.2f}, {(nm[0] + nm[2]) / 2:.2f})")
    t.check(abs(seal.w - 36 * MM) < EPS and abs(seal.h - seal.w) < EPS,
            f"{name}: the seal is 36 mm across, its real size "
            f"({seal.w:.3f} x {seal.h:.3f} pt; 36 mm = {36 * MM:.3f})")
    t.check(abs(seal.cy - sig.cy) < EPS,
            f"{name}: the seal is centred vertically on the signature "
            f"({seal.cy:.2f}, {sig.cy:.2f})")
    t.check(abs(seal.x1 - (sig.x0 + sig.w / 3)) < EPS and seal.x0 < sig.x0,
            f"{name}: the seal covers the signature's left third (its "
            f"right edge {seal.x1:.2f} at {sig.x0 + sig.w / 3:.2f})")
    t.check(seal.order > sig.order,
            f"{name}: the seal is drawn after the signature, over it")
    t.check(has_smask(sig) and has_smask(seal),
            f"{name}: both images keep their transparency (/SMask)")
    grp = pg.get("/Group")
    t.check(grp is not None and grp.get("/S") == "/Transparency" and
            "/CS" in grp, f"{name}: the page has a transparency group "
            "with a colour space (PDF/A-2 6.2.10)")
    inside(name, imgs)
    _, text, _ = run(["pdftotext", "-layout", pdf, "-"])
    t.check(all(s in text for s in ("KT. CHÁNH VĂN PHÒNG",
                                     "PHÓ CHÁNH VĂN PHÒNG",
                                     "Hoàng Văn Thành", "- Lưu VT.")),
            f"{name}: the signature block's text reads as before")
    qpdf_ok(pdf, name)
    pdfa_ok(pdf, name)


def darkest(xo):
    """The darkest opaque colour of an RGB image XObject."""
    data = pikepdf.PdfImage(xo).read_bytes()
    alpha = pikepdf.PdfImage(xo.SMask).read_bytes()
    best = None
    for k in range(len(alpha)):
        if alpha[k] == 255:
            c = tuple(data[3 * k: 3 * k + 3])
            if best is None or sum(c) < sum(best):
                best = c
    return best


def check_sixteen(tmp):
    """A 16-bit RGBA signature and a palette seal with tRNS, 42 mm."""
    pdf, name = built(f"{S}/signature-sixteen-bit.yaml", tmp)
    if pdf is None:
        return
    doc, pg, imgs = placed(pdf)
    sig, seal = by_pixels(imgs, 480, 200), by_pixels(imgs, 400, 400)
    t.check(len(imgs) == 2 and sig and seal,
            f"{name}: the 16-bit signature and the palette seal drawn", imgs)
    if not (sig and seal):
        return
    t.check(abs(seal.w - 42 * MM) < EPS,
            f"{name}: seal_size 42: the seal is {seal.w:.3f} pt "
            f"(42 mm = {42 * MM:.3f})")
    t.check(has_smask(sig) and has_smask(seal),
            f"{name}: a 16-bit RGBA PNG and a palette PNG with tRNS both "
            "keep their transparency (/SMask)")
    ink = darkest(sig.xo)
    t.check(ink is not None and all(abs(a - b) <= 3 for a, b in
                                    zip(ink, (20, 30, 120))),
            f"{name}: the 16-bit signature's ink keeps its colour "
            f"(20, 30, 120), not a paler one ({ink})")
    a = set(pikepdf.PdfImage(seal.xo.SMask).read_bytes())
    t.check(0 in a and 255 in a,
            f"{name}: the palette seal's tRNS makes its background "
            "transparent and its ink opaque")
    qpdf_ok(pdf, name)
    pdfa_ok(pdf, name)


def check_seal_only(tmp):
    """A seal alone: over the left third of the place of a signature as
    wide as the name and as high as the gap."""
    pdf, name = built(f"{S}/signature-seal-only.yaml", tmp)
    if pdf is None:
        return
    doc, pg, imgs = placed(pdf)
    title = line_box(pdf, "CHÁNH VĂN PHÒNG")
    nm = line_box(pdf, "Trịnh Hữu Hùng")
    t.check(len(imgs) == 1 and title and nm,
            f"{name}: one image, the seal; the title and name found", imgs)
    if not (len(imgs) == 1 and title and nm):
        return
    seal = imgs[0]
    t.check(abs(seal.w - 38 * MM) < EPS, f"{name}: the seal is 38 mm "
            f"across ({seal.w:.3f} pt)")
    gap = (title[3] + nm[1]) / 2
    t.check(abs(seal.cy - gap) < 1.0, f"{name}: the seal is centred on the "
            f"gap between title and name ({seal.cy:.2f}, {gap:.2f})")
    third = nm[0] + (nm[2] - nm[0]) / 3
    t.check(abs(seal.x1 - third) < 1.0, f"{name}: its right edge is a "
            f"third into the name's line ({seal.x1:.2f}, {third:.2f})")
    inside(name, imgs)
    pdfa_ok(pdf, name)


def check_extends(tmp):
    """The pictures a template names are found from its folder."""
    pdf, name = built(f"{S}/signature-extends.yaml", tmp)
    if pdf is None:
        return
    _, _, imgs = placed(pdf)
    t.check(len(imgs) == 2 and all(has_smask(im) for im in imgs),
            f"{name}: signature/_base.yaml's chu-ky.png and dau.png found "
            "from signature/, both drawn with their soft masks", imgs)


PARA = ("Văn phòng tiếp tục đổi mới phương thức tham mưu, nâng cao chất "
        "lượng công tác văn thư, lưu trữ và ứng dụng công nghệ thông tin "
        "trong quản lý, điều hành của cơ quan.")


def long_report(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("title: BÁO CÁO\nbody:\n")
        for i in range(n):
            f.write(f"  - paragraph: \"{i + 1}. {PARA}\"\n")
        f.write("signature:\n  recipients: [Lưu VT.]\n"
                "  title: CHÁNH VĂN PHÒNG\n  name: Trịnh Hữu Hùng\n"
                f"  image: {PICS}/chu-ky.png\n  seal: {PICS}/dau.png\n"
                "  seal_size: 45\n")


def check_kept(tmp):
    """At a page's end the block, seal included, moves whole to the next
    page and takes the end of the text with it; nothing passes the
    bottom margin."""
    d = os.path.join(tmp, "kept")
    os.makedirs(d, exist_ok=True)
    found = None
    for n in range(6, 30):
        y = os.path.join(d, f"dai-{n}.yaml")
        long_report(y, n)
        rc, pdf, err = build(BIN, y, d)
        if rc != 0 or pdf is None:
            t.check(False, f"dai-{n}.yaml builds", err)
            return
        pages = bbox_pages(pdf)
        if len(pages) < 2:
            continue
        sig_page = [i for i, p in enumerate(pages)
                    if any(" ".join(w.text for w in ln) == "Trịnh Hữu Hùng"
                           for ln in p)]
        if sig_page and sig_page[0] == 1:
            found = (n, pdf, pages)
            break
    t.check(found is not None, "a report long enough that the signature "
            "block moves to page 2 was found (6 to 29 paragraphs)")
    if found is None:
        return
    n, pdf, pages = found
    _, _, imgs = placed(pdf, 1)
    t.check(len(imgs) == 2, f"dai-{n}.yaml: the signature and the seal are "
            "on page 2 with the title and name", imgs)
    body = [ln for ln in pages[1]
            if ln[0].x0 < LEFT + 12 * MM and ln[0].y0 < min(
                (im.y0 for im in imgs), default=A4_H) and
            " ".join(w.text for w in ln) not in ("Nơi nhận:",)]
    t.check(len(body) >= 2, f"dai-{n}.yaml: the block took the text's last "
            f"lines with it ({len(body)} body lines above it on page 2)")
    inside(f"dai-{n}.yaml (page 2)", imgs)
    _, _, prev = placed(os.path.join(d, f"dai-{n - 1}.pdf"), 0)
    inside(f"dai-{n - 1}.yaml (the block still on page 1)", prev)


def check_batch(tmp):
    """A report whose picture is missing fails alone: the batch goes on,
    nothing of it is written."""
    d = os.path.join(tmp, "batch")
    out = os.path.join(tmp, "batch-out")
    os.makedirs(d, exist_ok=True)
    with open(f"{S}/signature-seal-only.yaml", encoding="utf-8") as f:
        good = f.read()
    with open(f"{d}/a-tot.yaml", "w", encoding="utf-8") as f:
        f.write(good.replace("signature/", f"{PICS}/") +
                f"  image: {PICS}/chu-ky.png\n")
    with open(f"{d}/b-thieu-dau.yaml", "w", encoding="utf-8") as f:
        f.write(good.replace("seal: signature/dau.png",
                             "seal: khong-co/dau.png"))
    p = subprocess.run([BIN, "build", "-o", out, d], capture_output=True,
                       text=True)
    t.check(p.returncode == 1, f"a batch with a missing seal exits 1 "
            f"({p.returncode})")
    t.check(os.path.exists(f"{out}/a-tot.pdf") and
            not os.path.exists(f"{out}/b-thieu-dau.pdf"),
            "the good report is built, the bad one writes no PDF",
            sorted(os.listdir(out)) if os.path.isdir(out) else "no out dir")
    left = [f for f in os.listdir(out) if not f.endswith(".pdf") and
            not f.startswith(".baocao")] if os.path.isdir(out) else []
    t.check(not left, "no half-written file is left in the out dir", left)
    t.check(f"b-thieu-dau.yaml:9:9: error: signature.seal: cannot read"
            in p.stderr and ": note: a picture is looked for" in p.stderr,
            "the missing seal is an error at file:line:col with a note",
            p.stderr)
    # up to date, then the seal's picture changed: built again
    p = subprocess.run([BIN, "build", "-o", out, f"{d}/a-tot.yaml"],
                       capture_output=True, text=True)
    t.check("up to date 1" in p.stdout, "built again unchanged: up to date",
            p.stdout)


def check_stamp(tmp):
    """A changed signature picture makes the report out of date."""
    d = os.path.join(tmp, "stamp")
    os.makedirs(d, exist_ok=True)
    for f in ("chu-ky.png", "dau.png"):
        shutil.copy(os.path.join(PICS, f), os.path.join(d, f))
    with open(os.path.join(d, "r.yaml"), "w", encoding="utf-8") as f:
        f.write("title: BÁO CÁO\nbody:\n  - paragraph: Một đoạn.\n"
                "signature:\n  title: CHÁNH VĂN PHÒNG\n  name: Trịnh Hữu "
                "Hùng\n  image: chu-ky.png\n  seal: dau.png\n")
    out = os.path.join(d, "out")
    cmd = [BIN, "build", "-o", out, os.path.join(d, "r.yaml")]
    subprocess.run(cmd, capture_output=True)
    p = subprocess.run(cmd, capture_output=True, text=True)
    t.check("up to date 1" in p.stdout, "unchanged: up to date", p.stdout)
    for f in ("chu-ky.png", "dau.png"):
        shutil.copy(os.path.join(PICS, "dau-palette.png" if f == "dau.png"
                                 else "chu-ky-16.png"), os.path.join(d, f))
        p = subprocess.run(cmd, capture_output=True, text=True)
        t.check("built 1" in p.stdout, f"a new {f} is noticed: built "
                "again", p.stdout)


def main():
    global BIN
    BIN = os.path.abspath(sys.argv[1])
    tmp = sys.argv[2]
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    check_full(tmp)
    check_sixteen(tmp)
    check_seal_only(tmp)
    check_extends(tmp)
    check_kept(tmp)
    check_batch(tmp)
    check_stamp(tmp)
    t.close()


if __name__ == "__main__":
    main()
