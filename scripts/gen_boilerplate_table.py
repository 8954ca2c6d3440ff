#!/usr/bin/python3
"""Generate core/boilerplate_table.h from data/boilerplate.txt (see the
comments at its top for the format): pattern rules in file order, thresholds
as macros, sorted word lists, and the matchers core/boilerplate.c runs:

- two tries over the lowercased patterns, one for the rules anchored at the
  paragraph's start (exact, prefix) and one for those that may start
  anywhere (contains, suffix), each node listing the rules whose pattern
  ends there in file order, and a 256-entry table of where a walk of the
  second trie starts for each raw byte (capitals folded, every white-space
  byte to the ' ' edge: a space in a pattern matches a run of white space);
- per-first-byte ranges of the word lists, and the first- and second-byte
  masks of the menu separators.

usage: /usr/bin/python3 scripts/gen_boilerplate_table.py [data/boilerplate.txt] > core/boilerplate_table.h
"""
import os
import re
import shlex
import sys

LABELS = ["content", "headline", "byline", "author_bio", "dateline", "caption", "furniture",
          "teaser", "navigation"]
MATCH = {"exact": "VB_BP_EXACT", "prefix": "VB_BP_PREFIX", "contains": "VB_BP_CONTAINS",
         "suffix": "VB_BP_SUFFIX"}
ZONES = {"any": "VB_BP_ZONE_ANY", "top": "VB_BP_ZONE_TOP", "body": "VB_BP_ZONE_BODY"}
SETS = ["body_min_words", "header_scan", "date_max_words", "nav_min_seps", "nav_max_item_words",
        "crosshead_max_words", "pullquote_max_words", "bio_verb_within", "label_max_words", "story_min_paragraphs"]


def c_str(s):
    out = []
    for b in s.encode("utf-8"):
        if b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


WS = b" \t\n\r\f\v"


def lower(c):
    return c + 32 if 0x41 <= c <= 0x5A else c


def write_byte_classes(w):
    """ASCII letters and digits; the white space a ' ' in a pattern matches."""
    cls = [(1 if chr(c).isascii() and chr(c).isalnum() else 0) | (2 if c in WS else 0) for c in range(256)]
    w("#define VB_BP_ALNUM 1\n#define VB_BP_WS 2\n")
    w("static const unsigned char vb_bp_byte_class[256] = {\n")
    for row in range(0, 256, 32):
        w("  " + ", ".join(str(x) for x in cls[row:row + 32]) + ",\n")
    w("};\n\n")


def write_bioverbs(w, verbs):
    """Bit k of first[c] is set when bioverb k can start at byte c (as
    match_at compares: a ' ' takes any white space, other bytes their ASCII
    lowercase)."""
    enc = [v.encode() for v in verbs]
    if len(enc) > 32:
        sys.exit("at most 32 bioverbs")
    first = [0] * 256
    for k, e in enumerate(enc):
        for c in range(256):
            if (c in WS) if e[0] == 0x20 else lower(c) == e[0]:
                first[c] |= 1 << k
    w("static const unsigned char vb_bp_bioverb_len[%d] = {%s};\n" % (
        len(enc), ", ".join(str(len(e)) for e in enc)))
    w("static const uint32_t vb_bp_bioverb_first[256] = {\n")
    for row in range(0, 256, 8):
        w("  " + ", ".join("0x%x" % x for x in first[row:row + 8]) + ",\n")
    w("};\n\n")


def write_words(w, lists):
    """For each sorted word list, where the words of each first byte begin
    (256 + 1 offsets) and their lengths."""
    for name in ("dateword", "biorole"):
        items = sorted((i.encode() for i in lists[name]))
        if len(items) > 255 or max(len(i) for i in items) > 255:
            sys.exit(f"too many or too long {name}s for the tables")
        first = [0] * 257
        for i in items:
            first[i[0] + 1] += 1
        for b in range(256):
            first[b + 1] += first[b]
        w("static const unsigned char vb_bp_%s_len[%d] = {%s};\n" % (
            name, len(items), ", ".join(str(len(i)) for i in items)))
        w("static const unsigned char vb_bp_%s_first[257] = {\n" % name)
        for row in range(0, 257, 16):
            w("  " + ", ".join(str(x) for x in first[row:row + 16]) + ",\n")
        w("};\n\n")


def write_navseps(w, seps):
    """Bit k of first[c] (second[c]) is set when separator k starts with
    byte c (has c second, or is one byte long)."""
    enc = [sep.encode() for sep in seps]
    if len(enc) > 32:
        sys.exit("at most 32 navseps")
    first, second = [0] * 256, [0] * 256
    for k, e in enumerate(enc):
        first[e[0]] |= 1 << k
        for c in range(256):
            if len(e) == 1 or e[1] == c:
                second[c] |= 1 << k
    w("static const unsigned char vb_bp_navsep_len[%d] = {%s};\n" % (
        len(enc), ", ".join(str(len(e)) for e in enc)))
    starts = {e[0] for e in enc}
    w("/* The first byte of every separator when they share it, else -1. */\n")
    w("#define VB_BP_NAVSEP_FIRST_BYTE %d\n" % (starts.pop() if len(starts) == 1 else -1))
    for name, mask in (("first", first), ("second", second)):
        w("static const uint32_t vb_bp_navsep_%s[256] = {\n" % name)
        for row in range(0, 256, 8):
            w("  " + ", ".join("0x%x" % x for x in mask[row:row + 8]) + ",\n")
        w("};\n\n")


def write_tries(w, rules):
    """Node 0 roots the trie of exact and prefix patterns, node 1 that of
    contains and suffix patterns. A walk reads one byte per edge, folding
    ASCII capitals, and one whole run of white space per ' ' edge."""
    nodes = [({}, []), ({}, [])]
    for r, (_, match, pat, _) in enumerate(rules):
        at = 0 if match in ("exact", "prefix") else 1
        for b in pat.encode():
            kids = nodes[at][0]
            if b not in kids:
                kids[b] = len(nodes)
                nodes.append(({}, []))
            at = kids[b]
        nodes[at][1].append(r)
    edges, node_rules, rows = [], [], []
    for kids, rs in nodes:
        rows.append((len(edges), len(kids), len(rs), len(node_rules)))
        edges.extend(sorted(kids.items()))
        node_rules.extend(rs)
    if len(nodes) > 65535 or len(edges) > 65535 or len(node_rules) > 65535:
        sys.exit("pattern tries too large for 16-bit indexes")
    if max(r[1] for r in rows) > 255 or max(r[2] for r in rows) > 255:
        sys.exit("a pattern trie node has too many edges or rules")
    start = [0] * 256
    for c in range(256):
        b = 0x20 if c in WS else lower(c)
        start[c] = nodes[1][0].get(b, 0)
    # Which raw bytes may follow each first byte: a walk that would stop at
    # its second byte is not begun (a node that ends a pattern always is).
    firsts = sorted(set(start) - {0})
    rank = [firsts.index(x) + 1 if x else 0 for x in start]
    second = []
    for node in firsts:
        kids, rs = nodes[node]
        ok = [bool(rs) or (c in WS if 0x20 in kids else False) or lower(c) in kids and lower(c) != 0x20
              for c in range(256)]
        second.append([sum(1 << b for b in range(32) if ok[32 * k + b]) for k in range(8)])
    floating = [r for r, rule in enumerate(rules) if rule[1] in ("contains", "suffix")]
    bounds = [rules[r][3]["maxwords"] for r in floating]
    w("/* Pattern tries (see scripts/gen_boilerplate_table.py). */\n")
    w("#define VB_BP_ANCHORED_ROOT 0\n")
    w("#define VB_BP_FLOATING_FIRST_RULE %d /* no contains or suffix rule before it */\n" % (
        floating[0] if floating else len(rules)))
    w("#define VB_BP_FLOATING_MAX_WORDS %d /* 0: some contains or suffix rule has no bound */\n\n" % (
        0 if not bounds or 0 in bounds else max(bounds)))
    w("typedef struct vb_bp_node {\n  unsigned short edge; /* first edge in vb_bp_edges */\n"
      "  unsigned char nedge;\n  unsigned char nrule;\n"
      "  unsigned short rule; /* first of the node's rules in vb_bp_node_rules, ascending */\n"
      "} vb_bp_node;\n\n")
    w("typedef struct vb_bp_edge {\n  unsigned char byte; /* lowercase, or ' ' */\n"
      "  unsigned short to;\n} vb_bp_edge;\n\n")
    w("static const vb_bp_node vb_bp_nodes[%d] = {\n" % len(rows))
    for i in range(0, len(rows), 6):
        w("  " + " ".join("{%d, %d, %d, %d}," % row for row in rows[i:i + 6]) + "\n")
    w("};\n\n")
    w("static const vb_bp_edge vb_bp_edges[%d] = {\n" % len(edges))
    for i in range(0, len(edges), 8):
        w("  " + " ".join("{%d, %d}," % e for e in edges[i:i + 8]) + "\n")
    w("};\n\n")
    w("static const unsigned short vb_bp_node_rules[%d] = {\n" % len(node_rules))
    for row in range(0, len(node_rules), 16):
        w("  " + ", ".join(str(x) for x in node_rules[row:row + 16]) + ",\n")
    w("};\n\n")
    w("/* The node after the floating root's edge for each raw byte, or 0: none. */\n")
    w("static const unsigned short vb_bp_floating_start[256] = {\n")
    for row in range(0, 256, 16):
        w("  " + ", ".join(str(x) for x in start[row:row + 16]) + ",\n")
    w("};\n\n")
    w("/* For each raw first byte, 1 + its row of vb_bp_floating_second (0: none). */\n")
    w("static const unsigned char vb_bp_floating_rank[256] = {\n")
    for row in range(0, 256, 32):
        w("  " + ", ".join(str(x) for x in rank[row:row + 32]) + ",\n")
    w("};\n\n")
    w("/* Bit c: raw byte c may come second (all set when the first ends a pattern). */\n")
    w("static const uint32_t vb_bp_floating_second[%d][8] = {\n" % max(len(second), 1))
    for row in second or [[0] * 8]:
        w("  {" + ", ".join("0x%x" % x for x in row) + "},\n")
    w("};\n\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data", "boilerplate.txt")
    sets, rules = {}, []
    lists = {"dateword": set(), "biorole": set(), "bioverb": [], "navsep": []}
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                parts = shlex.split(line)
            except ValueError as e:
                sys.exit(f"{path}:{n}: {e}")
            head = parts[0]

            def bad(msg):
                sys.exit(f"{path}:{n}: {msg}")

            if head == "set":
                if len(parts) != 3 or parts[1] not in SETS or not parts[2].isdigit():
                    bad("expected 'set NAME NUMBER' with NAME one of " + ", ".join(SETS))
                sets[parts[1]] = int(parts[2])
            elif head in ("dateword", "biorole"):
                if len(parts) != 2 or not parts[1] or parts[1] != parts[1].lower():
                    bad(f"expected '{head} lowercaseword'")
                lists[head].add(parts[1])
            elif head in ("bioverb", "navsep"):
                if len(parts) != 2 or not parts[1]:
                    bad(f'expected \'{head} "text"\'')
                lists[head].append(parts[1])
            elif head in LABELS:
                if len(parts) < 3 or parts[1] not in MATCH:
                    bad("expected 'LABEL exact|prefix|contains|suffix \"pattern\" [COND...]'")
                pat = parts[2]
                if not pat or pat != pat.lower() or len(pat.encode()) > 255:
                    bad("patterns are lowercase, 1..255 bytes")
                if any(c in pat for c in "\t\n\r\f\v"):
                    bad("white space in a pattern is written as ' ' (it matches any run)")
                cond = {"minwords": 0, "maxwords": 0, "zone": "any"}
                for c in parts[3:]:
                    m = re.fullmatch(r"(minwords|maxwords|zone)=(\w+)", c)
                    if not m:
                        bad(f"unknown condition {c}")
                    k, v = m.groups()
                    if k == "zone":
                        if v not in ZONES:
                            bad(f"zone is one of {', '.join(ZONES)}")
                        cond[k] = v
                    else:
                        cond[k] = int(v)
                if parts[1] == "contains" and cond["maxwords"] == 0:
                    bad("contains rules need maxwords= (they scan the paragraph)")
                rules.append((head, parts[1], pat, cond))
            else:
                bad(f"unknown line kind {head}")
    missing = [s for s in SETS if s not in sets]
    if missing:
        sys.exit(f"{path}: missing settings: {', '.join(missing)}")
    w = sys.stdout.write
    w("/* Generated by scripts/gen_boilerplate_table.py from data/boilerplate.txt.\n")
    w(" * Do not edit. Internal; never installed. */\n")
    w("#ifndef VB_CORE_BOILERPLATE_TABLE_H\n#define VB_CORE_BOILERPLATE_TABLE_H\n\n#include <stdint.h>\n\n")
    w("enum { VB_BP_EXACT, VB_BP_PREFIX, VB_BP_CONTAINS, VB_BP_SUFFIX };\n")
    w("enum { VB_BP_ZONE_ANY, VB_BP_ZONE_TOP, VB_BP_ZONE_BODY };\n\n")
    for s in SETS:
        w("#define VB_BP_%s %d\n" % (s.upper(), sets[s]))
    w("\ntypedef struct vb_bp_rule {\n  const char *pat;\n  unsigned char len;\n"
      "  unsigned char label; /* vb_boiler; 0 keeps the paragraph as content */\n"
      "  unsigned char match;\n  unsigned char zone;\n  unsigned short minwords, maxwords; /* 0: no bound */\n"
      "} vb_bp_rule;\n\n")
    w("static const vb_bp_rule vb_bp_rules[%d] = {\n" % len(rules))
    for label, match, pat, cond in rules:
        w("  {%s, %d, %d, %s, %s, %d, %d},\n" % (c_str(pat), len(pat.encode()), LABELS.index(label),
                                                MATCH[match], ZONES[cond["zone"]], cond["minwords"],
                                                cond["maxwords"]))
    w("};\n\n")
    for name in ("dateword", "biorole"):
        items = sorted(lists[name], key=lambda s: s.encode())
        w("static const char *const vb_bp_%ss[%d] = {\n" % (name, len(items)))
        for i in items:
            w("  %s,\n" % c_str(i))
        w("};\n\n")
    for name in ("bioverb", "navsep"):
        w("static const char *const vb_bp_%ss[%d] = {\n" % (name, len(lists[name])))
        for i in lists[name]:
            w("  %s,\n" % c_str(i))
        w("};\n\n")
    write_byte_classes(w)
    write_words(w, lists)
    write_navseps(w, lists["navsep"])
    write_bioverbs(w, lists["bioverb"])
    write_tries(w, rules)
    w("#endif /* VB_CORE_BOILERPLATE_TABLE_H */\n")


main()
