"""t_shape.py BIN - shape.c against hb-shape (libharfbuzz-bin).

For each of the words and word pairs below, in the four faces of
Liberation Serif and in Noto Serif Regular, the advance at 13 pt that
shape.c gives (t_shape: the run shaped whole, and as layout composes it:
words and spaces measured apart) must equal plain hb-shape's on the same
font file within 0.01 pt. hb-shape reports positions in font units (its
default size, upem), scaled here to 13 pt. shape.c switches off the
substitutions that change glyphs (shape.c says why); none of these words
has a ligature, so hb-shape runs with its defaults. A last check asks
that the words do kern (else the comparison proves little). Prints
ok/FAIL lines and "N passed, M failed".
"""
import json
import struct
import subprocess
import sys
import unicodedata

SIZE = 13.0
TOL = 0.01
FACES = ["Liberation Serif", "Liberation Serif:bold",
         "Liberation Serif:italic", "Liberation Serif:bold:italic",
         "Noto Serif"]
WORDS = [
    "Trung", "Văn", "Tổ", "ơn", "VĂN PHÒNG", "AV", "To", "Ta", "Wa", "Ty",
    "Yo", "Vă", "Tơ", "Tư", "Yên", "Võ", "Vũ", "Về", "Với", "Tỉnh",
    "Tổng", "Tuyên", "Trường", "Được", "LV", "AT", "AY", "P.", "F.", "r,",
    "y.", "“A", "A”", "(Y)", "Lạng Sơn", "Văn bản", "Tổ chức", "Ủy ban",
    "A Y", "T o", "Y A", "VĂN PHÒNG UBND", "CỘNG HÒA", "Độc lập",
    "Hạnh phúc", "Quyết định", "năm 2025", "Tây Nguyên", "Wộ", "Yêu",
    "Kỳ", "Vượt", "Thủ tướng", "PV", "ĐT", "Vĩnh Phúc", "Trà Vinh",
    "Tuyên Quang", "số 01/QĐ-UBND",
    # one code point repeated (shaped as a pair: shape.c)
    "1111", "11", "AAAA", "VVVVV", "..........................",
]
# Every Vietnamese letter, NFC, by vowel (with its five tone marks) and
# case: each must be drawn with its own cmap glyph (shaped, not plain).
LETTERS = ["".join(unicodedata.normalize("NFC", v + t) for t in
                   ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"))
           for base in ("aăâeêioôơuưy", "AĂÂEÊIOÔƠUƯY") for v in base]
LETTERS += ["đĐ bcdghklmnpqrstvx", "BCDGHKLMNPQRSTVX"]
NKERN = len(WORDS)     # the words chosen to kern
WORDS += LETTERS


def fc_file(pattern):
    out = subprocess.run(["fc-match", "-f", "%{file}", pattern],
                         capture_output=True, text=True, check=True)
    return out.stdout


def upem(path):
    data = open(path, "rb").read()
    n = struct.unpack(">H", data[4:6])[0]
    for i in range(n):
        tag, _, off, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        if tag == b"head":
            return struct.unpack(">H", data[off + 18:off + 20])[0]
    raise SystemExit(f"{path}: no head table")


def hb_width(path, text):
    out = subprocess.run(["hb-shape", "--no-glyph-names", "-O", "json", path,
                          "--", text],
                         capture_output=True, text=True, check=True)
    return sum(g["ax"] for g in json.loads(out.stdout))


def main():
    bin_ = sys.argv[1]
    passed = failed = 0
    kerned = 0
    for pat in FACES:
        path = fc_file(pat)
        u = upem(path)
        out = subprocess.run([bin_, path, str(SIZE)], input="\n".join(WORDS)
                             + "\n", capture_output=True, text=True,
                             check=True).stdout.split("\n")
        for word, line in zip(WORDS, out):
            whole, comp, nadj, shaped = line.split()
            if shaped != "1":
                failed += 1
                print(f"FAIL: {pat}: {word!r} not drawn with its cmap "
                      "glyphs: measured unshaped")
            want = hb_width(path, word) * SIZE / u
            for what, got in (("shaped", float(whole)),
                              ("composed", float(comp))):
                name = f"{pat}: {word!r} {what} {got:.4f} pt, " \
                       f"hb-shape {want:.4f} pt"
                if abs(got - want) <= TOL:
                    passed += 1
                    print("ok:", name)
                else:
                    failed += 1
                    print("FAIL:", name)
            if word in LETTERS:
                continue
            plain = subprocess.run(
                ["hb-shape", "--no-glyph-names", "--features=-kern", "-O",
                 "json", path, "--", word],
                capture_output=True, text=True, check=True).stdout
            if sum(g["ax"] for g in json.loads(plain)) * SIZE / u - want \
                    > TOL:
                kerned += 1
    # the words are chosen to kern: most of them must differ unkerned
    name = f"{kerned} of {NKERN * len(FACES)} runs kern"
    if kerned >= NKERN * len(FACES) // 3:
        passed += 1
        print("ok:", name)
    else:
        failed += 1
        print("FAIL:", name)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
