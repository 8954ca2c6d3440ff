"""Paragraph boilerplate classification against the annotated fixtures.

Prints per-class and overall boilerplate precision/recall for dev and heldout
separately; fails when dev falls below recall 0.9 at precision 0.9. Heldout is
only reported (it is never tuned on). Paragraph spans and the blank/line mode
are checked against the annotations too.

Run alone with:  VERBATIM_BUILD=build /usr/bin/python3 -m pytest -q -s tests/python/test_paragraphs_eval.py
"""
import json
import pathlib

import pytest

from conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "paragraphs"
CLASSES = ["headline", "byline", "author_bio", "dateline", "caption", "furniture", "teaser", "navigation"]


def load(split):
    ann = FIX / split / "annotations.json"
    if not ann.exists():
        pytest.skip(f"{ann} is missing (the fixtures are committed in main)")
    return json.loads(ann.read_text(encoding="utf-8"))["documents"]


def predict(cli, split):
    p = cli("paragraphs", FIX / split, "--json", check=True)
    out = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        out.setdefault(r["doc"], []).append(r)
    return out


def pair(gold, pred):
    """Each gold paragraph with the predicted label of the predicted paragraph
    that overlaps it most (or None)."""
    res = []
    for g in gold:
        best, best_ov = None, 0
        for p in pred:
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > best_ov:
                best, best_ov = p, ov
        label = None if best is None else (best["why"] or "content")
        res.append((g["label"], label))
    return res


def score(pairs):
    rows = {}
    tp = sum(1 for g, p in pairs if g != "content" and p not in (None, "content"))
    fp = sum(1 for g, p in pairs if g == "content" and p not in (None, "content"))
    fn = sum(1 for g, p in pairs if g != "content" and p in (None, "content"))
    rows["boilerplate"] = (tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp + fn)
    for c in CLASSES + ["content"]:
        ctp = sum(1 for g, p in pairs if g == c and p == c)
        cfp = sum(1 for g, p in pairs if g != c and p == c)
        cfn = sum(1 for g, p in pairs if g == c and p != c)
        rows[c] = (ctp / max(ctp + cfp, 1), ctp / max(ctp + cfn, 1), ctp + cfn)
    return rows


def evaluate(cli, split):
    gold = load(split)
    pred = predict(cli, split)
    pairs, exact, total, mode_ok = [], 0, 0, 0
    for doc, g in gold.items():
        pr = pred.get(doc, [])
        pairs += pair(g["paragraphs"], pr)
        spans = {(p["start"], p["end"]) for p in pr}
        exact += sum(1 for p in g["paragraphs"] if (p["start"], p["end"]) in spans)
        total += len(g["paragraphs"])
        mode_ok += len(pr) == len(g["paragraphs"])
    rows = score(pairs)
    print(f"\n[{split}] {len(gold)} documents, {total} paragraphs; spans exact {exact}/{total}; "
          f"documents with the right paragraph count {mode_ok}/{len(gold)}")
    print(f"[{split}] {'class':12} {'P':>6} {'R':>6} {'n':>5}")
    for c, (p, r, n) in rows.items():
        print(f"[{split}] {c:12} {p:6.3f} {r:6.3f} {n:5d}")
    return rows, exact, total


def test_dev_boilerplate_precision_and_recall(cli):
    rows, exact, total = evaluate(cli, "dev")
    p, r, _ = rows["boilerplate"]
    assert exact / total >= 0.95, "paragraph spans disagree with the annotations"
    assert p >= 0.9 and r >= 0.9, f"dev boilerplate P={p:.3f} R={r:.3f} (need 0.9/0.9)"


def test_heldout_is_reported(cli):
    rows, exact, total = evaluate(cli, "heldout")
    # Reported, not tuned on: only a floor that catches a broken classifier.
    assert rows["boilerplate"][1] > 0.5
