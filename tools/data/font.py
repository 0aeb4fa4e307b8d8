"""Subset Noto Sans CJK SC into assets/fonts/NotoSansSC-subset.otf and write assets/fonts/OFL.txt.

Kept: ASCII, Latin-1, General Punctuation, CJK Symbols and Punctuation, Halfwidth and Fullwidth
Forms, the 3,755 GB2312 level-1 hanzi, every character of the seed plan text and of every
data/**/*.geojson. No hinting, no layout features (egui needs neither).
Run after the data files are built.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTCollection
from opencc import OpenCC

from common import DATA, REPO, log

TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FACE = 2  # Noto Sans CJK SC
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
SEED = REPO.parent / "shared" / "seed" / "000_8cad207323d9c968.txt"
OUT = REPO / "assets" / "fonts" / "NotoSansSC-subset.otf"
OFL = REPO / "assets" / "fonts" / "OFL.txt"


def gb2312_level1() -> set[str]:
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            if hi == 0xD7 and lo > 0xF9:
                break
            chars.add(bytes([hi, lo]).decode("gb2312"))
    assert len(chars) == 3755, len(chars)
    return chars


def big5_level1() -> set[str]:
    """The 5,401 common characters of Big5 (0xA440–0xC67E): Traditional Chinese as Hong Kong and
    Macao write it, for names and text converted in the app (OpenCC s2hk)."""
    chars = set()
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if hi == 0xC6 and lo > 0x7E:
                break
            try:
                chars.add(bytes([hi, lo]).decode("big5"))
            except UnicodeDecodeError:
                pass
    assert len(chars) == 5401, len(chars)
    return chars


def wanted_codepoints() -> list[int]:
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2000, 0x2070))
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    cps |= {ord(c) for c in gb2312_level1()}
    cps |= {ord(c) for c in big5_level1()}
    texts = []
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    else:
        log(f"WARNING: seed text {SEED} not found")
    for p in sorted(DATA.rglob("*.geojson")):
        texts.append(p.read_text(encoding="utf-8"))
    # The interface's strings, and everything in Traditional Chinese as the app converts it.
    for p in sorted((REPO / "assets" / "i18n").glob("*.json")):
        texts.append(p.read_text(encoding="utf-8"))
    texts += [OpenCC("s2hk").convert(t) for t in texts]
    for t in texts:
        cps |= {ord(c) for c in t if ord(c) >= 0x20}
    return sorted(cps)


def ofl_text(font) -> str:
    name = font["name"]
    copyright_ = name.getDebugName(0)
    trademark = name.getDebugName(7)
    full = name.getDebugName(4)
    version = name.getDebugName(5)
    src = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    m = re.search(r"^License: SIL-1\.1\n((?: .*\n)+)", src, re.M)
    assert m, "OFL text not found in the Debian copyright file"
    body = []
    for line in m.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        body.append("" if line == "." else line)
    head = (f"{full} ({version}), subset for gba-atlas from Debian fonts-noto-cjk "
            f"(NotoSansCJK-Regular.ttc, face {FACE}).\n\n{copyright_}\n{trademark}\n\n"
            "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
            "The subset is a Modified Version under the licence; it keeps the original font names.\n\n")
    return head + "\n".join(body).strip() + "\n"


def main():
    if not TTC.exists():
        sys.exit(f"{TTC} missing: apt-get install -y fonts-noto-cjk")
    cps = wanted_codepoints()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    unicodes = ",".join(f"U+{c:04X}" for c in cps)
    cmd = [sys.executable, "-m", "fontTools.subset", str(TTC), f"--font-number={FACE}",
           f"--unicodes={unicodes}", "--no-hinting", "--layout-features=", "--notdef-outline",
           "--name-IDs=*", "--name-languages=*", "--no-recalc-timestamp",
           "--drop-tables+=BASE,GSUB,GPOS,VORG,vhea,vmtx", f"--output-file={OUT}"]
    subprocess.run(cmd, check=True)
    font = TTCollection(str(TTC)).fonts[FACE]
    OFL.write_text(ofl_text(font), encoding="utf-8")
    missing = [c for c in cps if c not in font.getBestCmap()]
    log(f"wrote {OUT.relative_to(REPO)}: {OUT.stat().st_size} bytes, {len(cps)} code points requested, "
        f"{len(missing)} not in the font"
        + (f" ({''.join(chr(c) for c in missing[:40])}{'…' if len(missing) > 40 else ''})" if missing else ""))
    log(f"wrote {OFL.relative_to(REPO)}")


if __name__ == "__main__":
    main()
