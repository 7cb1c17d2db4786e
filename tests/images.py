#!/usr/bin/python3
"""tests/images.py BIN TMPDIR - images as users bring them (spec §2a
"Images", §5; issue 14 point 5), checked on the PDFs: EXIF orientation
(all eight, upright in the rendered page), a 12-megapixel phone photo
reduced to 300 dpi (pixel size, placement matrix, added bytes), CMYK and
progressive JPEGs, grey/RGB/palette/alpha PNGs (colours rendered, alpha as
a Flate-compressed /SMask), the resolution warnings, and damaged image
data reported at the image's file: mark. The test images are made here
with PIL (python3-pil) and read back with pikepdf and pdftoppm.
Called by tests/images.sh."""
import io
import os
import shutil
import sys

import pikepdf
from PIL import Image, ImageDraw, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import MM, Tally, run  # noqa: E402

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/baocao")
T = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "tests/tmp-images")
t = Tally()

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 170, 30), (30, 30, 220), \
    (230, 220, 30)
DPI = 40        # rendering resolution of the colour checks

# ------------------------------------------------------------ helpers


def build(name, body, extra_args=()):
    """Write T/name.yaml with `body` (YAML lines under body:), build it;
    (exit status, pdf path or None, stderr)."""
    y = os.path.join(T, name + ".yaml")
    with open(y, "w", encoding="utf-8") as f:
        f.write("title: ẢNH\nbody:\n" + body)
    out = os.path.join(T, "out")
    rc, _, err = run([BIN, "build", "-f", "-o", out, *extra_args,
                      name + ".yaml"], cwd=T)
    pdf = os.path.join(out, name + ".pdf")
    return rc, (pdf if os.path.exists(pdf) else None), err


def mul(m, n):
    """m x n, PDF matrices [a b c d e f]."""
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4],
            m[4] * n[1] + m[5] * n[3] + n[5]]


def draws(pdf, page=0):
    """[(image XObject, CTM)] of the page's Do operators, in order."""
    with pikepdf.open(pdf) as doc:
        pg = doc.pages[page]
        ctm, stack, res = [1, 0, 0, 1, 0, 0], [], []
        for operands, op in pikepdf.parse_content_stream(pg):
            op = str(op)
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = mul([float(v) for v in operands], ctm)
            elif op == "Do":
                xo = pg.Resources.XObject[operands[0]]
                res.append((info(xo), ctm))
        return res


def name(v):
    """A name, or the only name of an array (libharu writes [/DCTDecode])."""
    if isinstance(v, pikepdf.Array) and len(v) == 1:
        v = v[0]
    return str(v) if isinstance(v, pikepdf.Name) else repr(v)


def info(xo):
    """What a test needs of an image XObject, read while the file is open."""
    sm = xo.get("/SMask")
    return dict(w=int(xo.Width), h=int(xo.Height),
                cs=name(xo.get("/ColorSpace")), filt=name(xo.get("/Filter")),
                raw=bytes(xo.read_raw_bytes()), objgen=xo.objgen,
                smask=None if sm is None else dict(
                    w=int(sm.Width), h=int(sm.Height),
                    filt=name(sm.get("/Filter")),
                    raw_len=len(sm.read_raw_bytes())))


def bbox(ctm):
    """The unit square under ctm: (x0, y0, x1, y1) in PDF space."""
    pts = [(ctm[0] * s + ctm[2] * u + ctm[4], ctm[1] * s + ctm[3] * u +
            ctm[5]) for s, u in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def render(pdf, page=1):
    base = os.path.join(T, "page")
    run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l",
         str(page), "-singlefile", pdf, base])
    return Image.open(base + ".png").convert("RGB")


def colour_at(img, box, fx, fy, page_h=841.89):
    """The rendered colour at fraction (fx from the left, fy from the
    top) of the upright box (x0, y0, x1, y1) in PDF space."""
    x = box[0] + fx * (box[2] - box[0])
    y = box[3] - fy * (box[3] - box[1])
    return img.getpixel((int(x * DPI / 72), int((page_h - y) * DPI / 72)))


def near(c, want, tol=45):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def quadrants(w, h):
    """An upright test image: red, green / blue, yellow quadrants."""
    im = Image.new("RGB", (w, h), RED)
    d = ImageDraw.Draw(im)
    d.rectangle([w // 2, 0, w, h // 2], fill=GREEN)
    d.rectangle([0, h // 2, w // 2, h], fill=BLUE)
    d.rectangle([w // 2, h // 2, w, h], fill=YELLOW)
    return im


# PIL's exif_transpose turns a stored image upright by these; the stored
# image for orientation n is the upright one turned back.
UNDO = {1: None, 2: Image.FLIP_LEFT_RIGHT, 3: Image.ROTATE_180,
        4: Image.FLIP_TOP_BOTTOM, 5: Image.TRANSPOSE, 6: Image.ROTATE_90,
        7: Image.TRANSVERSE, 8: Image.ROTATE_270}


def save_oriented(upright, n, path, **kw):
    stored = upright if UNDO[n] is None else upright.transpose(UNDO[n])
    ex = Image.Exif()
    ex[0x0112] = n
    stored.save(path, exif=ex, **kw)
    back = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    return back.size == upright.size


def check_quadrants(label, pdf, d):
    img = render(pdf)
    box = bbox(d[1])
    got = [colour_at(img, box, fx, fy) for fx, fy in
           ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]
    return t.check(all(near(g, w) for g, w in
                       zip(got, (RED, GREEN, BLUE, YELLOW))),
                   f"{label}: prints upright (red, green / blue, yellow "
                   f"quadrants where they belong)", f"got {got}")


# ------------------------------------------------------------ the cases


def phone_photo():
    """4000 x 3000 stored, EXIF 6: a phone held upright. Noisy like a
    real photo, a red band at the top and a blue one at the bottom of the
    upright picture."""
    W, H = 3000, 4000
    g = Image.effect_noise((W // 4, H // 4), 48).convert("L").resize(
        (W, H), Image.BICUBIC)
    up = Image.merge("RGB", (g, g.point(lambda v: v * 4 // 5),
                             g.point(lambda v: 255 - v)))
    d = ImageDraw.Draw(up)
    d.rectangle([0, 0, W, H // 5], fill=RED)
    d.rectangle([0, H * 4 // 5, W, H], fill=BLUE)
    ok = save_oriented(up, 6, os.path.join(T, "phone.jpg"), quality=92)
    t.check(ok and Image.open(os.path.join(T, "phone.jpg")).size ==
            (4000, 3000), "test image: a 4000 x 3000 JPEG with EXIF "
            "orientation 6 (upright 3000 x 4000)")


def check_phone():
    phone_photo()
    rc0, pdf0, _ = build("no-photo", "  - paragraph: Ảnh.\n")
    rc, pdf, err = build("phone", "  - paragraph: Ảnh.\n  - image: "
                         "{file: phone.jpg, width: 120, caption: Ảnh}\n")
    want = ('phone.yaml:4:19: warning: body[1].image.file: "./phone.jpg" has '
            '3000 x 4000 pixels, more than a print 120 mm wide can show '
            '(635 dots per inch); the PDF keeps it at 300 dots per inch '
            '(1417 x 1889 pixels)\n')
    if not t.check(rc == 0 and pdf and rc0 == 0,
                   "the phone photo builds", err):
        return
    t.check(err == want, "the reduction to 300 dpi is a warning at the "
            "image's file: mark, with the pixels kept", err)
    added = os.path.getsize(pdf) - os.path.getsize(pdf0)
    t.check(added < 1 << 20, f"a 12-megapixel photo placed 120 mm wide "
            f"adds under 1 MiB ({added // 1024} KiB; the JPEG is "
            f"{os.path.getsize(os.path.join(T, 'phone.jpg')) // 1024} KiB)")
    d = draws(pdf)
    if not t.check(len(d) == 1, f"one image drawn ({len(d)})"):
        return
    xo, ctm = d[0]
    t.check((xo["w"], xo["h"]) == (1889, 1417) and
            xo["filt"] == "/DCTDecode" and xo["cs"] == "/DeviceRGB",
            "the image keeps 1889 x 1417 pixels as stored (300 dpi at "
            "120 mm), DCTDecode, DeviceRGB",
            f"{xo['w']} x {xo['h']} {xo['filt']} {xo['cs']}")
    t.check(xo["raw"][:2] == b"\xff\xd8" and b"\xff\xc0" in xo["raw"][:2000],
            "the reduced photo is a baseline JPEG (SOF0)")
    w, h = 120 * MM, 120 * MM * 4000 / 3000
    t.check(abs(ctm[0]) < 0.01 and abs(ctm[3]) < 0.01 and
            abs(ctm[1] + h) < 0.05 and abs(ctm[2] - w) < 0.05,
            "the placement matrix turns it upright: [0 -h w 0 x y+h], "
            "120 mm wide, 160 mm tall", f"cm {ctm}")
    _, out, _ = run(["pdfimages", "-list", pdf])
    ppi = [ln.split()[12:14] for ln in out.splitlines()[2:] if ln.strip()]
    t.check(ppi == [["300", "300"]], f"pdfimages: 300 x 300 ppi ({ppi})")
    img = render(pdf)
    box = bbox(ctm)
    top, mid, bot = (colour_at(img, box, 0.5, fy) for fy in (0.08, 0.5,
                                                              0.92))
    t.check(near(top, RED) and near(bot, BLUE) and not near(mid, RED) and
            not near(mid, BLUE), "the photo prints upright: red band at "
            "the top, blue at the bottom", f"{top} {mid} {bot}")
    shutil.copy(pdf, os.path.join(T, "phone-1.pdf"))
    build("phone", "  - paragraph: Ảnh.\n  - image: "
          "{file: phone.jpg, width: 120, caption: Ảnh}\n")
    with open(pdf, "rb") as a, open(os.path.join(T, "phone-1.pdf"),
                                      "rb") as b:
        t.check(a.read() == b.read(), "building it again gives the same "
                "bytes")


def check_orientations():
    up = quadrants(400, 300)
    for n in range(1, 9):
        path = os.path.join(T, f"o{n}.jpg")
        if not t.check(save_oriented(up, n, path, quality=95),
                       f"test image: orientation {n} (PIL reads it "
                       f"upright)"):
            continue
        rc, pdf, err = build(f"o{n}", f"  - image: {{file: o{n}.jpg, "
                             f"width: 60}}\n")
        if not t.check(rc == 0 and pdf and err == "",
                       f"EXIF orientation {n}: builds without a warning "
                       f"(169 dpi)", err):
            continue
        d = draws(pdf)
        raw = open(path, "rb").read()
        t.check(len(d) == 1 and d[0][0]["raw"] == raw,
                f"orientation {n}: the JPEG goes in as the file's own "
                f"bytes (turned by the matrix, not re-encoded)")
        box = bbox(d[0][1])
        t.check(abs((box[2] - box[0]) - 60 * MM) < 0.05 and
                abs((box[3] - box[1]) - 45 * MM) < 0.05,
                f"orientation {n}: placed 60 x 45 mm (the upright size)",
                f"{box}")
        check_quadrants(f"EXIF orientation {n}", pdf, d[0])


def cmyk_image(path, w=400, h=300, **kw):
    """Quadrants cyan, magenta / yellow, black in CMYK; PIL writes it as
    Adobe software does (APP14 "Adobe", inks inverted)."""
    im = Image.new("CMYK", (w, h), (255, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rectangle([w // 2, 0, w, h // 2], fill=(0, 255, 0, 0))
    d.rectangle([0, h // 2, w // 2, h], fill=(0, 0, 255, 0))
    d.rectangle([w // 2, h // 2, w, h], fill=(0, 0, 0, 255))
    im.save(path, quality=95, **kw)
    return b"Adobe" in open(path, "rb").read(200)


def check_cmyk():
    t.check(cmyk_image(os.path.join(T, "cmyk.jpg")),
            "test image: a CMYK JPEG with Adobe's APP14 marker")
    rc, pdf, err = build("cmyk", "  - image: {file: cmyk.jpg, width: 60}\n")
    if not t.check(rc == 0 and pdf and err == "", "a CMYK JPEG builds", err):
        return
    d = draws(pdf)
    xo = d[0][0]
    t.check(xo["cs"] == "/DeviceRGB" and xo["filt"] == "/DCTDecode" and
            (xo["w"], xo["h"]) == (400, 300),
            "it is converted to an RGB JPEG of its own pixel size",
            f"{xo['cs']} {xo['filt']} {xo['w']}x{xo['h']}")
    data = open(pdf, "rb").read()
    t.check(b"DeviceCMYK" not in data and b"/Decode" not in data,
            "no CMYK (nor an inverting /Decode) is left in the PDF")
    img = render(pdf)
    box = bbox(d[0][1])
    got = [colour_at(img, box, fx, fy) for fx, fy in
           ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]
    want = [(0, 255, 255), (255, 0, 255), (255, 255, 0), (0, 0, 0)]
    t.check(all(near(g, w_) for g, w_ in zip(got, want)),
            "Adobe's inverted CMYK prints as cyan, magenta / yellow, black",
            f"got {got}")
    # CMYK with an orientation and above 300 dpi: decoded, reduced, turned
    up = Image.open(os.path.join(T, "cmyk.jpg"))
    big = up.resize((1600, 1200))
    stored = big.transpose(UNDO[8])
    ex = Image.Exif()
    ex[0x0112] = 8
    stored.save(os.path.join(T, "cmyk8.jpg"), quality=95, exif=ex)
    rc, pdf, err = build("cmyk8", "  - image: {file: cmyk8.jpg, "
                         "width: 60}\n")
    if not t.check(rc == 0 and pdf and "300 dots per inch (709 x 532 "
                   "pixels)" in err, "a CMYK JPEG with orientation 8 at "
                   "677 dpi builds, reduced", err):
        return
    d = draws(pdf)
    xo = d[0][0]
    t.check((xo["w"], xo["h"]) == (532, 709) and xo["cs"] == "/DeviceRGB",
            "it keeps 532 x 709 RGB pixels as stored",
            f"{xo['w']} x {xo['h']} {xo['cs']}")
    img = render(pdf)
    box = bbox(d[0][1])
    got = [colour_at(img, box, fx, fy) for fx, fy in
           ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]
    t.check(all(near(g, w_) for g, w_ in zip(got, want)),
            "and prints upright in the right colours", f"got {got}")


def check_progressive():
    up = quadrants(400, 300)
    up.save(os.path.join(T, "prog.jpg"), quality=95, progressive=True)
    raw = open(os.path.join(T, "prog.jpg"), "rb").read()
    t.check(b"\xff\xc2" in raw, "test image: a progressive JPEG (SOF2)")
    rc, pdf, err = build("prog", "  - image: {file: prog.jpg, width: 60}\n")
    if t.check(rc == 0 and pdf and err == "", "a progressive JPEG builds",
               err):
        d = draws(pdf)
        t.check(d[0][0]["raw"] == raw, "at 169 dpi it goes in as it is")
        check_quadrants("the progressive JPEG", pdf, d[0])
    up.resize((1600, 1200)).save(os.path.join(T, "prog-big.jpg"),
                                 quality=95, progressive=True)
    rc, pdf, err = build("progbig", "  - image: {file: prog-big.jpg, "
                         "width: 60}\n")
    if t.check(rc == 0 and pdf and "reduced" not in err and
               "(709 x 532 pixels)" in err,
               "a progressive JPEG at 677 dpi is reduced to 709 x 532", err):
        d = draws(pdf)
        t.check(b"\xff\xc0" in d[0][0]["raw"][:2000] and
                (d[0][0]["w"], d[0][0]["h"]) == (709, 532),
                "into a baseline JPEG of 709 x 532 pixels")
        check_quadrants("the reduced progressive JPEG", pdf, d[0])


def png_cases():
    """name: (image, colours at the quadrant centres; None = the page)."""
    q = quadrants(400, 300)
    grey = q.convert("L")
    gq = [grey.getpixel((100, 75)), grey.getpixel((300, 75)),
          grey.getpixel((100, 225)), grey.getpixel((300, 225))]
    rgba = q.convert("RGBA")
    ImageDraw.Draw(rgba).rectangle([200, 0, 400, 300], fill=(0, 0, 0, 0))
    la = grey.convert("LA")
    ImageDraw.Draw(la).rectangle([0, 150, 400, 300], fill=(0, 0))
    pal = q.convert("P", palette=Image.ADAPTIVE, colors=4)
    idx = pal.getpixel((300, 225))      # yellow quadrant: transparent
    pal.info["transparency"] = idx
    W = (255, 255, 255)
    return {
        "grey": (grey, [(g, g, g) for g in gq], False),
        "rgb": (q, [RED, GREEN, BLUE, YELLOW], False),
        "rgba": (rgba, [RED, W, BLUE, W], True),
        "grey-alpha": (la, [(gq[0],) * 3, (gq[1],) * 3, W, W], True),
        "palette-trns": (pal, [RED, GREEN, BLUE, W], True),
    }


def check_pngs():
    for name, (im, want, alpha) in png_cases().items():
        path = os.path.join(T, name + ".png")
        if name == "palette-trns":
            im.save(path, transparency=im.info["transparency"])
        else:
            im.save(path)
        rc, pdf, err = build("png-" + name, f"  - image: {{file: "
                             f"{name}.png, width: 60}}\n")
        if not t.check(rc == 0 and pdf and err == "",
                       f"PNG {name} builds", err):
            continue
        d = draws(pdf)
        xo = d[0][0]
        sm = xo["smask"]
        t.check(xo["filt"] == "/FlateDecode" and (sm is not None) == alpha
                and (sm is None or (sm["filt"] == "/FlateDecode" and
                                    (sm["w"], sm["h"]) == (400, 300))),
                f"PNG {name}: Flate-compressed samples"
                + (" and a Flate-compressed /SMask" if alpha else
                   ", no mask"), f"{xo['filt']} {sm}")
        img = render(pdf)
        box = bbox(d[0][1])
        got = [colour_at(img, box, fx, fy) for fx, fy in
               ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]
        t.check(all(near(g, w) for g, w in zip(got, want)),
                f"PNG {name}: prints its colours"
                + (", the page where it is transparent" if alpha else ""),
                f"got {got}, want {want}")


def check_mask_size():
    """A logo with alpha, 4 KB as a PNG: its mask must not cost 150 KB."""
    im = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse([50, 50, 550, 350], fill=(200, 20, 20, 255))
    d.ellipse([200, 120, 400, 280], fill=(255, 255, 255, 128))
    path = os.path.join(T, "logo.png")
    im.save(path, optimize=True)
    size = os.path.getsize(path)
    rc, pdf, err = build("logo", "  - image: {file: logo.png, width: 50}\n")
    if not t.check(rc == 0 and pdf, "an alpha logo builds", err):
        return
    xo = draws(pdf)[0][0]
    total = len(xo["raw"]) + (xo["smask"] or {}).get("raw_len", 0)
    t.check(xo["smask"] is not None and total < 4 * size + 4096,
            f"its samples and mask take {total} bytes in the PDF (the PNG "
            f"{size}; uncompressed they would be 960,000)")


def check_area_average():
    """A 1-pixel checkerboard reduced to about half averages to grey
    (area averaging); picking pixels would keep black and white."""
    im = Image.new("L", (800, 600))
    im.putdata([255 * ((x + y) % 2) for y in range(600) for x in range(800)])
    im.save(os.path.join(T, "checker.png"))
    rc, pdf, err = build("checker", "  - image: {file: checker.png, "
                         "width: 34}\n")
    if not t.check(rc == 0 and pdf and "(402 x 302 pixels)" in err,
                   "an 800 x 600 PNG at 34 mm is reduced to 402 x 302", err):
        return
    with pikepdf.open(pdf) as doc:
        xo = list(doc.pages[0].images.values())[0]
        data = xo.read_bytes()
    lo, hi = min(data), max(data)
    t.check(len(data) == 402 * 302 and 100 <= lo and hi <= 155,
            f"its pixels are area averages: grey {lo}..{hi}, no black or "
            f"white left")


def check_warnings():
    q = quadrants(120, 80)
    q.save(os.path.join(T, "small.png"))
    q.resize((1000, 700)).save(os.path.join(T, "own.jpg"), quality=90)
    rc, pdf, err = build("blur", "  - image: {file: small.png, width: 60}\n"
                         "  - image: {file: own.jpg}\n"
                         "  - image: {file: small.png, width: 20}\n")
    want = ('blur.yaml:3:19: warning: body[0].image.file: "./small.png" has '
            'only 120 x 80 pixels: printed 60 mm wide it has 51 dots per '
            'inch and will look blurred (a sharp print needs 150); use a '
            'larger image, or make it at most 20 mm wide\n')
    t.check(rc == 0 and pdf and err == want,
            "below 150 dpi: a warning at file: says how large it will look "
            "blurred and the width that prints sharp; at its own size "
            "(300 dpi) and at 152 dpi no warning", err)
    d = draws(pdf) if pdf else []
    t.check(len(d) == 3 and d[0][0]["objgen"] == d[2][0]["objgen"],
            "the same file at the same pixels is embedded once")


def check_damaged():
    # a JPEG whose markers are fine but whose quantization tables are
    # missing: only decoding finds it (above 300 dpi, it is decoded)
    buf = io.BytesIO()
    quadrants(1600, 1200).save(buf, "JPEG", quality=90)
    raw = buf.getvalue()
    while b"\xff\xdb" in raw:
        i = raw.index(b"\xff\xdb")
        n = int.from_bytes(raw[i + 2:i + 4], "big")
        raw = raw[:i] + raw[i + 2 + n:]
    with open(os.path.join(T, "noquant.jpg"), "wb") as f:
        f.write(raw)
    rc, pdf, err = build("noquant", "  - paragraph: Ảnh.\n  - image:\n"
                         "      file: noquant.jpg\n      width: 50\n")
    t.check(rc == 1 and pdf is None and
            'noquant.yaml:5:13: error: body[1].image.file: "./noquant.jpg" is '
            'a damaged JPEG file (Quantization table 0x00 was not defined); open '
            'it in an image editor and save it again' in err,
            "a JPEG that cannot be decoded is an error at its file: mark, "
            "no PDF", err)
    # a PNG whose compressed data is garbage
    buf = io.BytesIO()
    quadrants(200, 100).save(buf, "PNG")
    raw = bytearray(buf.getvalue())
    i = raw.index(b"IDAT") + 4
    raw[i + 2:i + 40] = bytes(range(38))
    import zlib
    n = int.from_bytes(raw[i - 8:i - 4], "big")
    raw[i + n:i + n + 4] = zlib.crc32(bytes(raw[i - 4:i + n])).to_bytes(
        4, "big")
    with open(os.path.join(T, "badzip.png"), "wb") as f:
        f.write(raw)
    rc, pdf, err = build("badzip", "  - image: {file: badzip.png}\n")
    t.check(rc == 1 and pdf is None and
            'badzip.yaml:3:19: error: body[0].image.file: "./badzip.png" is '
            'a damaged PNG file (' in err,
            "a PNG whose data cannot be decompressed is an error at its "
            "file: mark, no PDF", err)


def check_prepared():
    """Images decoded and deflated on a second thread (src/imgprep.c: a
    report's first use of each image) are the bytes the process's memos
    give (a batch's later reports, src/image.c, src/zmemo.c): the same
    report alone and twice in a batch at -j1 is the same PDF three times.
    Five 1800 x 1350 pictures are each too large for the memo of
    deflated bytes (their samples are dropped once deflated), and twelve
    600 x 400 ones (720 KB each) more than the samples kept for it in
    all (4 MiB): the later ones are dropped too."""
    d = os.path.join(T, "prep")
    os.makedirs(d)
    body = ""
    for i in range(5):
        im = Image.new("RGB", (1800, 1350), (40 * i, 255 - 40 * i, 90))
        ImageDraw.Draw(im).rectangle([100 * i, 50, 100 * i + 600, 700],
                                     fill=(200, 20 * i, 30))
        im.save(os.path.join(d, f"big{i}.png"))
        body += f"  - image: {{file: big{i}.png, width: 150}}\n"
    for i in range(12):
        im = Image.new("RGB", (600, 400), (20 * i, 90, 250 - 20 * i))
        ImageDraw.Draw(im).ellipse([10 * i, 20, 10 * i + 300, 300],
                                   fill=(250, 250 - 20 * i, 10))
        im.save(os.path.join(d, f"small{i}.png"))
        body += f"  - image: {{file: small{i}.png, width: 60}}\n"
    for name, (im, _, _) in png_cases().items():
        kw = {"transparency": im.info["transparency"]} \
            if name == "palette-trns" else {}
        im.save(os.path.join(d, name + ".png"), **kw)
        body += f"  - image: {{file: {name}.png, width: 60}}\n"
    body += "  - image: {file: rgb.png, width: 60}\n"      # embedded once
    body += "  - image: {file: rgb.png, width: 20}\n"      # 300 dpi: another
    quadrants(400, 300).save(os.path.join(d, "as-is.jpg"), quality=90)
    body += "  - image: {file: as-is.jpg, width: 60}\n"
    text = "title: ẢNH\nbody:\n" + body
    for n in ("alone", "batch/a", "batch/b"):
        os.makedirs(os.path.dirname(os.path.join(d, n)), exist_ok=True)
        with open(os.path.join(d, n + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text.replace("file: ", "file: " + d + "/"))
    rc1, _, err1 = run([BIN, "build", "-q", "-f", "-o", "out", "alone.yaml"],
                       cwd=d)
    rc2, _, err2 = run([BIN, "build", "-q", "-f", "-j1", "-o", "out",
                        "batch"], cwd=d)
    pdfs = [os.path.join(d, "out", n + ".pdf") for n in ("alone", "a", "b")]
    if not t.check(rc1 == 0 and rc2 == 0 and all(map(os.path.exists, pdfs)),
                   "a report of 25 images builds alone and twice in a "
                   "batch", err1 + err2):
        return
    with pikepdf.open(pdfs[0]) as doc:
        imgs = [o for o in doc.objects if isinstance(o, pikepdf.Stream)
                and o.get("/Subtype") == "/Image"]
        masks = sum(1 for o in imgs if "/SMask" in o)
        dims = sorted((int(o.Width), int(o.Height)) for o in imgs)
    t.check(len(imgs) == 5 + 12 + 5 + 1 + 1 + 3 and masks == 3 and
            dims.count((1772, 1329)) == 5 and dims.count((600, 400)) == 12,
            "prepared images: each file at each size once (the big ones "
            "reduced to 300 dpi), 3 masks",
            f"{len(imgs)} images, {masks} masks, {dims}")
    same = [open(p, "rb").read() for p in pdfs]
    t.check(same[0] == same[1] == same[2],
            "images prepared on the second thread and taken from the "
            "memos give the same PDF, byte for byte",
            [len(x) for x in same])


def main():
    if os.path.isdir(T):
        shutil.rmtree(T)
    os.makedirs(T)
    check_phone()
    check_orientations()
    check_cmyk()
    check_progressive()
    check_pngs()
    check_mask_size()
    check_area_average()
    check_warnings()
    check_damaged()
    check_prepared()
    t.close()


if __name__ == "__main__":
    main()
