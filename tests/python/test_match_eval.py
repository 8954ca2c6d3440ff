"""Quote matching measured on the annotated sample corpus (examples/corpus).

An annotated match is found when a predicted match links the same two
documents with overlapping spans (in either direction); its kind is right
when the predicted kind equals the annotated one. Figures are printed; the
test fails below the floors stated here.
"""
import json
import collections

from conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
RECALL_FLOOR = 0.95
KIND_FLOOR = 0.85


def overlap(a, b):
    return min(a["end"], b["end"]) > max(a["start"], b["start"])


def test_matches_on_the_sample_corpus(cli):
    ann = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
    out = cli("match", CORPUS, "--json", check=True).stdout.decode()
    pred = [json.loads(line) for line in out.splitlines()]
    for p in pred:  # spans point at the text they claim
        for side in (p["a"], p["b"]):
            data = (CORPUS / f"{side['doc']}.txt").read_bytes()
            assert data[side["start"]:side["end"]].decode() == side["text"]
    total, found, right = collections.Counter(), collections.Counter(), collections.Counter()
    for g in ann["quote_matches"]:
        total[g["kind"]] += 1
        hit = next((p for p in pred for pa, pb in ((p["a"], p["b"]), (p["b"], p["a"]))
                    if pa["doc"] == g["a"]["doc"] and pb["doc"] == g["b"]["doc"]
                    and overlap(pa, g["a"]) and overlap(pb, g["b"])), None)
        if hit:
            found[g["kind"]] += 1
            right[g["kind"]] += hit["kind"] == g["kind"]
    print("\nkind        annotated found kind-right")
    for k in sorted(total):
        print(f"{k:11s} {total[k]:9d} {found[k]:5d} {right[k]:10d}")
    recall = sum(found.values()) / sum(total.values())
    kind_acc = sum(right.values()) / max(1, sum(found.values()))
    print(f"match recall {recall:.3f}, kind accuracy {kind_acc:.3f}, predicted {len(pred)}")
    assert recall >= RECALL_FLOOR
    assert kind_acc >= KIND_FLOOR


def test_spun_copy_gives_speaker_conflict(cli):
    ann = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
    conflicts = {frozenset((g["a"]["doc"], g["b"]["doc"])) for g in ann["quote_matches"] if g["speaker_conflict"]}
    out = cli("match", CORPUS, "--json", check=True).stdout.decode()
    pred = [json.loads(line) for line in out.splitlines()]
    got = {frozenset((p["a"]["doc"], p["b"]["doc"])) for p in pred if p["speaker_conflict"]}
    assert conflicts and conflicts <= got
