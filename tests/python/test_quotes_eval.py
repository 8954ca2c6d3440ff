"""Quote extraction and attribution, measured against the annotated sets.

Runs `verbatim quotes --json` over tests/fixtures/quotes/{dev,dev2,heldout} and
compares with each set's annotations.json. Printed per set (run with -s to
see the table):

  quote P/R (exact)   a predicted quote matches an annotated one when their
                      spans are equal after trimming surrounding whitespace
                      and punctuation (one-to-one)
  quote P/R (overlap) the same with "the spans share at least one byte"
  speaker accuracy    over exactly matched quotes: correct canonical name
                      (case-insensitive) where the annotation names one; a
                      predicted name where the annotation has none counts as
                      an error too
  kind accuracy       full/fragment over exactly matched quotes
  flag accuracy       unbalanced/boilerplate over exactly matched quotes

dev and dev2 are the tuning sets: P and R must be >= 0.95 and speaker
accuracy >= 0.9 on both. dev2 is the first held-out set, retired into tuning
after it showed the speaker rules overfitting dev (0.732); heldout is a new
set written without sight of the rules. heldout is never tuned on (its individual errors are not printed); it only
guards against overfitting, with a looser floor of 0.8 on P, R and speaker
accuracy and 0.75 on kind accuracy. The heldout speaker floor is not met
yet and is a strict xfail (see below).

    VERBATIM_BUILD=build /usr/bin/python3 -m pytest -s tests/python/test_quotes_eval.py
"""
import json
import pathlib
import unicodedata

import pytest

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "quotes"
DEV_FLOOR = {"p": 0.95, "r": 0.95, "speaker": 0.90}
HELDOUT_FLOOR = {"p": 0.80, "r": 0.80, "speaker": 0.80, "kind": 0.75}
EVAL_FLAGS = {"unbalanced", "boilerplate"}


def trim(text, start, end):
    """Narrow a byte span past surrounding whitespace and punctuation."""
    def skip(ch):
        cat = unicodedata.category(ch)
        return ch.isspace() or cat.startswith("P") or cat == "Zs"

    while start < end:
        ch = text[start:end].decode("utf-8", "ignore")[:1]
        if not ch or not skip(ch):
            break
        start += len(ch.encode())
    while end > start:
        ch = text[start:end].decode("utf-8", "ignore")[-1:]
        if not ch or not skip(ch):
            break
        end -= len(ch.encode())
    return start, end


def load_set(name):
    d = FIXTURES / name
    ann = d / "annotations.json"
    if not ann.exists():
        pytest.skip(f"{ann} is missing (the annotated sets live in tests/fixtures/quotes/)")
    docs = json.loads(ann.read_text(encoding="utf-8"))["documents"]
    return d, docs


def run_cli(cli, d, docs):
    paths = [d / f"{doc}.txt" for doc in sorted(docs)]
    proc = cli("quotes", "--json", *paths, check=True)
    pred = {doc: [] for doc in docs}
    for line in proc.stdout.decode().splitlines():
        rec = json.loads(line)
        pred[rec["doc"]].append(rec)
    return pred


def match(gold, pred, text, overlap):
    """One-to-one matching, in text order; returns (gold_index, pred_index) pairs."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        gs, ge = trim(text, g["start"], g["end"])
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ps, pe = trim(text, p["start"], p["end"])
            ok = (ps < ge and gs < pe) if overlap else (ps, pe) == (gs, ge)
            if ok:
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def evaluate(cli, name):
    d, docs = load_set(name)
    pred = run_cli(cli, d, docs)
    c = dict(gold=0, pred=0, exact=0, overlap=0, spk_total=0, spk_ok=0, spk_false=0,
             kind_ok=0, flag_ok=0)
    errors = []
    for doc, ann in sorted(docs.items()):
        text = (d / f"{doc}.txt").read_bytes()
        gold, got = ann["quotes"], pred[doc]
        for p in got:  # the CLI's promise: text is the span's bytes
            assert p["text"].encode() == text[p["start"]:p["end"]], (doc, p)
        c["gold"] += len(gold)
        c["pred"] += len(got)
        c["overlap"] += len(match(gold, got, text, True))
        pairs = match(gold, got, text, False)
        c["exact"] += len(pairs)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                errors.append(f"{name}/{doc}: missed {g['text'][:70]!r}")
        for pi, p in enumerate(got):
            if pi not in matched_p:
                errors.append(f"{name}/{doc}: spurious {p['text'][:70]!r}")
        for gi, pi in pairs:
            g, p = gold[gi], got[pi]
            gs, ps = g["speaker"], p["speaker"]
            if gs is not None:
                c["spk_total"] += 1
                if ps is not None and ps.casefold() == gs.casefold():
                    c["spk_ok"] += 1
                else:
                    errors.append(f"{name}/{doc}: speaker {ps!r} for {gs!r}: {g['text'][:50]!r}")
            elif ps is not None:
                c["spk_false"] += 1
                errors.append(f"{name}/{doc}: speaker {ps!r} for null: {g['text'][:50]!r}")
            if g["kind"] == p["kind"]:
                c["kind_ok"] += 1
            else:
                errors.append(f"{name}/{doc}: kind {p['kind']} for {g['kind']}: {g['text'][:50]!r}")
            if set(g["flags"]) & EVAL_FLAGS == set(p["flags"]) & EVAL_FLAGS:
                c["flag_ok"] += 1
    div = lambda a, b: a / b if b else 1.0
    m = {
        "p": div(c["exact"], c["pred"]),
        "r": div(c["exact"], c["gold"]),
        "p_overlap": div(c["overlap"], c["pred"]),
        "r_overlap": div(c["overlap"], c["gold"]),
        "speaker": div(c["spk_ok"], c["spk_total"] + c["spk_false"]),
        "kind": div(c["kind_ok"], c["exact"]),
        "flags": div(c["flag_ok"], c["exact"]),
    }
    print(f"\n== quotes {name}: {len(docs)} documents, {c['gold']} annotated, {c['pred']} predicted ==")
    print(f"  quote P/R exact    {m['p']:.3f} / {m['r']:.3f}  ({c['exact']} matched)")
    print(f"  quote P/R overlap  {m['p_overlap']:.3f} / {m['r_overlap']:.3f}")
    print(f"  speaker accuracy   {m['speaker']:.3f}  ({c['spk_ok']} of {c['spk_total']} named, "
          f"{c['spk_false']} names given where none is annotated)")
    print(f"  kind accuracy      {m['kind']:.3f}")
    print(f"  flag accuracy      {m['flags']:.3f}")
    if name != "heldout":  # heldout errors are not shown: nobody tunes on them
        for e in errors:
            print("   ", e)
    return m


_CACHE = {}


def measured(cli, name):
    if name not in _CACHE:
        _CACHE[name] = evaluate(cli, name)
    return _CACHE[name]


def check(m, name, keys, floors):
    for key in keys:
        assert m[key] >= floors[key], f"{name} {key} {m[key]:.3f} < {floors[key]}"


def test_dev_quotes_meet_targets(cli):
    check(measured(cli, "dev"), "dev", ["p", "r"], DEV_FLOOR)


def test_heldout_quotes_stay_above_floor(cli):
    check(measured(cli, "heldout"), "heldout", ["p", "r", "kind"], HELDOUT_FLOOR)


def test_dev2_quotes_meet_targets(cli):
    check(measured(cli, "dev2"), "dev2", ["p", "r"], DEV_FLOOR)


def test_dev_speaker_accuracy_meets_target(cli):
    check(measured(cli, "dev"), "dev", ["speaker"], DEV_FLOOR)


def test_dev2_speaker_accuracy_meets_target(cli):
    check(measured(cli, "dev2"), "dev2", ["speaker"], DEV_FLOOR)


# Speaker accuracy on heldout is below its floor today: a strict xfail, so
# it starts failing -- and must be turned into a plain test -- the day the
# floor is met.
@pytest.mark.xfail(strict=True, reason="speaker accuracy floor (0.8 on heldout) not met yet")
def test_heldout_speaker_accuracy_stays_above_floor(cli):
    check(measured(cli, "heldout"), "heldout", ["speaker"], HELDOUT_FLOOR)
