#!/usr/bin/python3
"""Writes the test pictures of tests/signature.sh (committed beside this
script; run it again only to change them): a signature and a seal as a
clerk's scanner gives them, transparent around the ink.

  chu-ky.png      the signature: 8-bit RGBA, dark blue strokes, 480 x 200
  chu-ky-16.png   the same signature as 16-bit RGBA (PNG colour type 6,
                  bit depth 16), written by hand with zlib and struct
  dau.png         the seal: 8-bit RGBA, red rings and marks, 400 x 400
  dau-palette.png the seal as a palette PNG whose transparency is a tRNS
                  chunk (colour type 3)
  dau.jpg         the seal as a JPEG: no transparency (a warning)
  dau-nho.png     the seal scanned too small, 120 x 120 (blurred at
                  36 mm: a warning)
  chu-ky.gif      a GIF: not a picture baocao reads (an error)

Sizes keep every picture between 150 and 300 dots per inch where it is
placed (a 20 mm gap, a 36 mm seal), so no resolution warning is given.
"""
import math
import os
import struct
import zlib

from PIL import Image, ImageDraw

D = os.path.dirname(os.path.abspath(__file__))


def signature():
    im = Image.new("RGBA", (480, 200), (0, 0, 0, 0))
    g = ImageDraw.Draw(im)
    ink = (20, 30, 120, 255)
    pts = [(30 + t * 4.2, 110 - 60 * math.sin(t / 9.0) * math.exp(-t / 140))
           for t in range(0, 100)]
    g.line(pts, fill=ink, width=7, joint="curve")
    g.arc([200, 40, 330, 170], 200, 520, fill=ink, width=7)
    g.line([(60, 160), (450, 130)], fill=ink, width=5)
    return im


def seal():
    im = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    g = ImageDraw.Draw(im)
    red = (210, 20, 30, 255)
    g.ellipse([4, 4, 396, 396], outline=red, width=12)
    g.ellipse([60, 60, 340, 340], outline=red, width=6)
    for k in range(24):
        a = 2 * math.pi * k / 24
        x, y = 200 + 165 * math.cos(a), 200 + 165 * math.sin(a)
        g.rectangle([x - 9, y - 9, x + 9, y + 9], fill=red)
    g.polygon([(200, 110), (222, 178), (292, 178), (236, 220), (256, 290),
               (200, 248), (144, 290), (164, 220), (108, 178), (178, 178)],
              fill=red)
    return im


def png16(path, im):
    """im (RGBA, 8-bit) written as a 16-bit RGBA PNG."""
    w, h = im.size
    px = im.tobytes()
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for b in px[y * w * 4:(y + 1) * w * 4]:
            raw += struct.pack(">H", b * 257)

    def chunk(t, data):
        c = struct.pack(">I", len(data)) + t + data
        return c + struct.pack(">I", zlib.crc32(t + data) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 6, 0, 0,
                                           0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def main():
    s = signature()
    s.save(os.path.join(D, "chu-ky.png"), optimize=True)
    png16(os.path.join(D, "chu-ky-16.png"), s)
    d = seal()
    d.save(os.path.join(D, "dau.png"), optimize=True)
    p = Image.new("P", d.size, 0)
    p.putpalette([255, 255, 255, 210, 20, 30] + [0] * 762)
    p.paste(1, mask=d.split()[3].point(lambda a: 255 if a > 127 else 0))
    p.save(os.path.join(D, "dau-palette.png"), transparency=0,
           optimize=True)
    flat = Image.new("RGB", d.size, (255, 255, 255))
    flat.paste(d, mask=d.split()[3])
    flat.save(os.path.join(D, "dau.jpg"), quality=40)
    s.convert("P").save(os.path.join(D, "chu-ky.gif"))
    d.resize((120, 120), Image.LANCZOS).save(os.path.join(D, "dau-nho.png"),
                                             optimize=True)


if __name__ == "__main__":
    main()
