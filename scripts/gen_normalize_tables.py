#!/usr/bin/python3
"""Generate core/normalize_tables.h from data/normalize_map.txt and the
Unicode Character Database in /usr/share/unicode (Unicode 15.0, the version of
utf8proc 2.8).

Two tables come out:
  * vb_nmap: the replacement map (quotes, dashes, ellipsis, spaces, invisibles,
    joiners, confusables) as sorted code point ranges, and the keepjoin script
    ranges, both from data/normalize_map.txt;
  * vb_nprop: one byte of quick-check bits per code point (a two-stage table),
    from UnicodeData.txt, CaseFolding.txt, DerivedNormalizationProps.txt and
    DerivedCoreProperties.txt. It lets the normalizer copy a character
    unchanged without asking utf8proc;
  * vb_latin: the Latin letters (Scripts.txt), for the confusables' word test.

usage: /usr/bin/python3 scripts/gen_normalize_tables.py [UCD_DIR] > core/normalize_tables.h
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
MAP = os.path.join(ROOT, "data", "normalize_map.txt")
SHIFT = 7  # stage-2 blocks of 128 code points

CLASSES = ["quote", "dash", "ellipsis", "space", "invisible", "joiner", "confusable"]
ROLES = {"neutral": 0, "open": 1, "close": 2}

# Quick-check bits (keep in step with core/normalize.c).
# A character is a boundary when text before it normalizes independently of
# text from it on: it is a starter, cannot compose with what precedes it, and
# neither can the first character of its decomposition (or case folding).
P_NFC_NB = 0x01     # not a boundary under NFC
P_NFKC_NB = 0x02    # not a boundary under NFKC
P_CONFUSABLE = 0x04 # a confusable of normalize_map.txt (only with the option on)
P_NFKC_CH = 0x08    # NFKC_QC != Yes: may change under NFKC, and under NFC too
                    # (a superset of NFC_QC != Yes; NFC shares the bit)
P_CWCF = 0x10       # has a case folding, or Changes_When_Casefolded
P_CWKCF = 0x20      # Changes_When_NFKC_Casefolded
P_STRIP_CH = 0x40   # has a canonical decomposition (NFD_QC = No) or is Mn
P_MAPPED = 0x80     # listed in normalize_map.txt, except the confusables


def ranges_of(field):
    if ".." in field:
        a, b = field.split("..")
        return int(a, 16), int(b, 16)
    v = int(field, 16)
    return v, v


def read_prop_file(name, wanted):
    """{property: set of code points} for the properties in `wanted`."""
    out = {w: set() for w in wanted}
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split(";")]
            key = parts[1] if len(parts) == 2 else f"{parts[1]}={parts[2]}"
            if key in out:
                lo, hi = ranges_of(parts[0])
                out[key].update(range(lo, hi + 1))
    return out


def read_unicode_data():
    ccc, cat, decomp = {}, {}, {}
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        first = None
        for line in f:
            p = line.split(";")
            cp = int(p[0], 16)
            if p[1].endswith(", First>"):
                first = cp
                continue
            lo = first if p[1].endswith(", Last>") else cp
            first = None
            for c in range(lo, cp + 1):
                cat[c] = p[2]
                if p[3] != "0":
                    ccc[c] = int(p[3])
            if p[5]:
                fields = p[5].split()
                compat = fields[0].startswith("<")
                decomp[cp] = (compat, [int(x, 16) for x in fields if not x.startswith("<")])
    return ccc, cat, decomp


def read_casefold():
    fold = {}
    with open(os.path.join(UCD, "CaseFolding.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            code, status, mapping = [p.strip() for p in line.split(";")[:3]]
            if status in ("C", "F"):
                fold[int(code, 16)] = [int(x, 16) for x in mapping.split()]
    return fold


def first_of(c, decomp, compat, fold=None):
    """First code point of the full decomposition of c (after case folding)."""
    for _ in range(32):
        if fold is not None and c in fold:
            c = fold[c][0]
            continue
        if 0xAC00 <= c <= 0xD7A3:
            return 0x1100 + (c - 0xAC00) // 588
        d = decomp.get(c)
        if d and (compat or not d[0]):
            c = d[1][0]
            continue
        return c
    return c


def read_scripts():
    scripts = {}
    with open(os.path.join(UCD, "Scripts.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            rng, name = [p.strip() for p in line.split(";")]
            lo, hi = ranges_of(rng)
            scripts.setdefault(name, []).append((lo, hi))
    return scripts


def merge(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def read_map(scripts):
    entries, keepjoin = [], []
    with open(MAP, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].split()
            if not line:
                continue
            cls = line[0]
            if cls == "keepjoin":
                if len(line) != 2 or line[1] not in scripts:
                    sys.exit(f"{MAP}:{n}: unknown script {line[1:]}")
                keepjoin.extend(scripts[line[1]])
                continue
            if cls not in CLASSES or len(line) < 3:
                sys.exit(f"{MAP}:{n}: bad entry")
            lo, hi = ranges_of(line[1])
            repl, role = [], 0
            for tok in line[2:]:
                if tok in ROLES:
                    role = ROLES[tok]
                elif tok == "-":
                    pass
                else:
                    v = int(tok, 16)
                    if v >= 0x80:
                        sys.exit(f"{MAP}:{n}: replacements must be ASCII")
                    repl.append(v)
            if len(repl) > 3:
                sys.exit(f"{MAP}:{n}: at most 3 replacement characters")
            entries.append((lo, hi, CLASSES.index(cls) + 1, role, repl))
    entries.sort()
    for a, b in zip(entries, entries[1:]):
        if b[0] <= a[1]:
            sys.exit(f"{MAP}: U+{b[0]:04X} is listed twice")
    return entries, merge(keepjoin)


def c_str(codes):
    return '"' + "".join(f"\\x{c:02x}" for c in codes) + '"'


def main():
    ccc, cat, decomp = read_unicode_data()
    fold = read_casefold()
    norm = read_prop_file("DerivedNormalizationProps.txt",
                          ["NFC_QC=N", "NFC_QC=M", "NFKC_QC=N", "NFKC_QC=M", "NFD_QC=N",
                           "Changes_When_NFKC_Casefolded"])
    core = read_prop_file("DerivedCoreProperties.txt", ["Changes_When_Casefolded"])
    scripts = read_scripts()
    entries, keepjoin = read_map(scripts)

    prop = bytearray(0x110000)
    nfc_m, nfkc_m = norm["NFC_QC=M"], norm["NFKC_QC=M"]
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        for bit, compat, maybe in ((P_NFC_NB, False, nfc_m), (P_NFKC_NB, True, nfkc_m)):
            firsts = {c, first_of(c, decomp, compat), first_of(c, decomp, compat, fold)}
            if any(ccc.get(f, 0) or f in maybe for f in firsts):
                prop[c] |= bit
    for c in norm["NFKC_QC=N"] | nfkc_m | norm["NFC_QC=N"] | nfc_m:
        prop[c] |= P_NFKC_CH
    # Changes_When_Casefolded is defined on the NFD form, but case folding
    # alone (without normalization) changes every character with a mapping.
    for c in core["Changes_When_Casefolded"] | set(fold):
        prop[c] |= P_CWCF
    for c in norm["Changes_When_NFKC_Casefolded"]:
        prop[c] |= P_CWKCF
    for c in norm["NFD_QC=N"]:
        prop[c] |= P_STRIP_CH
    for c, k in cat.items():
        if k == "Mn":
            prop[c] |= P_STRIP_CH
    latin = []
    for lo, hi in scripts["Latin"]:
        for c in range(lo, hi + 1):
            if cat.get(c, "Cn").startswith("L"):
                latin.append((c, c))
    latin = merge(latin)
    for lo, hi, cls, _, _ in entries:
        for c in range(lo, hi + 1):
            prop[c] |= P_CONFUSABLE if CLASSES[cls - 1] == "confusable" else P_MAPPED
            # A character the map may remove must not start a segment: the
            # marks on either side of it meet once it is gone, and have to be
            # ordered (and composed) together.
            if CLASSES[cls - 1] in ("invisible", "joiner"):
                prop[c] |= P_NFC_NB | P_NFKC_NB

    blocks, index, stage1 = [], {}, []
    size = 1 << SHIFT
    for start in range(0, 0x110000, size):
        blk = bytes(prop[start:start + size])
        if blk not in index:
            index[blk] = len(blocks)
            blocks.append(blk)
        stage1.append(index[blk])

    w = sys.stdout.write
    w("/* Generated by scripts/gen_normalize_tables.py from data/normalize_map.txt\n"
      " * and the Unicode 15.0 Character Database. Do not edit; regenerate. */\n"
      "#ifndef VB_CORE_NORMALIZE_TABLES_H\n#define VB_CORE_NORMALIZE_TABLES_H\n\n"
      "#include <stdint.h>\n\n")
    w("enum {\n" + "".join(f"  VB_NCLASS_{c.upper()} = {i + 1},\n" for i, c in enumerate(CLASSES)) + "};\n\n")
    w("enum {\n  VB_NP_NFC_NB = 0x01,\n  VB_NP_NFKC_NB = 0x02,\n  VB_NP_CONFUSABLE = 0x04,\n"
      "  VB_NP_NFKC_CH = 0x08,\n  VB_NP_CWCF = 0x10,\n  VB_NP_CWKCF = 0x20,\n"
      "  VB_NP_STRIP_CH = 0x40,\n  VB_NP_MAPPED = 0x80\n};\n\n")
    w("typedef struct vb_nmap_entry {\n  uint32_t lo, hi;  /* code point range, inclusive */\n"
      "  uint8_t cls;       /* VB_NCLASS_* */\n  uint8_t role;      /* quotes: 0 neutral, 1 open, 2 close */\n"
      "  uint8_t len;       /* replacement length; 0 removes */\n  char repl[4];      /* ASCII replacement */\n"
      "} vb_nmap_entry;\n\n")
    w(f"#define VB_NMAP_COUNT {len(entries)}\n")
    w("static const vb_nmap_entry vb_nmap[VB_NMAP_COUNT] = {\n")
    for lo, hi, cls, role, repl in entries:
        w(f"    {{0x{lo:04X}, 0x{hi:04X}, {cls}, {role}, {len(repl)}, {c_str(repl)}}},\n")
    w("};\n\n")
    # General Punctuation (curly quotes, dashes, ellipsis, spaces) is where
    # news text hits the map: a direct index for it skips the search.
    direct = [0] * 0x80
    for k, (lo, hi, *_) in enumerate(entries):
        for c in range(max(lo, 0x2000), min(hi, 0x207F) + 1):
            direct[c - 0x2000] = k + 1
    w("/* vb_nmap index + 1 for U+2000..U+207F, 0 when absent. */\n")
    w("static const uint8_t vb_nmap_2000[0x80] = {\n")
    for i in range(0, 0x80, 16):
        w("    " + ", ".join(str(v) for v in direct[i:i + 16]) + ",\n")
    w("};\n\n")
    if len(entries) > 255:
        sys.exit("vb_nmap_2000 holds indexes below 255")
    ascii = [lo for lo, hi, *_ in entries if lo < 0x80]
    w("/* ASCII code points in the map (the fast path handles these by hand). */\n")
    w(f"#define VB_NMAP_ASCII {c_str(ascii)}\n\n")
    w(f"#define VB_KEEPJOIN_COUNT {len(keepjoin)}\n")
    w("static const uint32_t vb_keepjoin[VB_KEEPJOIN_COUNT][2] = {\n")
    for lo, hi in keepjoin:
        w(f"    {{0x{lo:04X}, 0x{hi:04X}}},\n")
    w("};\n\n")
    w("/* Letters of the Latin script (Scripts.txt, category L*). */\n")
    w(f"#define VB_LATIN_COUNT {len(latin)}\n")
    w("static const uint32_t vb_latin[VB_LATIN_COUNT][2] = {\n")
    for lo, hi in latin:
        w(f"    {{0x{lo:04X}, 0x{hi:04X}}},\n")
    w("};\n\n")
    w(f"#define VB_NPROP_SHIFT {SHIFT}\n")
    w(f"static const uint16_t vb_nprop_stage1[{len(stage1)}] = {{\n")
    for i in range(0, len(stage1), 16):
        w("    " + ", ".join(str(v) for v in stage1[i:i + 16]) + ",\n")
    w("};\n\n")
    w(f"static const uint8_t vb_nprop_stage2[{len(blocks) * size}] = {{\n")
    for blk in blocks:
        for i in range(0, size, 16):
            w("    " + ",".join(str(v) for v in blk[i:i + 16]) + ",\n")
    w("};\n\n#endif /* VB_CORE_NORMALIZE_TABLES_H */\n")


if __name__ == "__main__":
    main()
