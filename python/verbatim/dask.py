"""verbatim on a Dask cluster (``distributed``): the corpus pipeline over
partitions, with results identical to the single-process :class:`Corpus`.

Partitions are CBOR document sequences (files every worker can read: a
shared disk, or local files on a LocalCluster). The pipeline:

1. quotes: one task per partition extracts its quotes and writes them as a
   CBOR sequence of quote records (``<out>/quotes-<k>.cbor``);
2. the quote index: one task adds every partition's documents in order (the
   matcher's first pass) and saves the index (``vb_matcher_save``);
3. scanning: one task per partition loads the saved index and scans its
   documents against every quote of the corpus (the second pass, the costly
   one), returning its match records and the quote ids they link;
4. on the client, clusters are formed over the linked quote ids exactly as
   ``vb_matcher_finish`` does (union of linked quotes, numbered by their
   first quote, best = most words, earliest on ties), each match gets its
   cluster id, and ``matches.cbor`` / ``clusters.cbor`` are written.

    from distributed import Client, LocalCluster
    from verbatim.dask import write_partitions, run
    with LocalCluster(n_workers=2) as cluster, Client(cluster) as client:
        parts = write_partitions(docs, "parts", 8)
        result = run(client, parts, "out")
        result.matches.to_frame()
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import cbor2

from ._analysis import Clusters, Matches, Quotes, _decode, _options

__all__ = ["write_partitions", "run", "Result"]


def write_partitions(docs: Iterable[Tuple[str, Any]], directory: str, n_partitions: int) -> List[str]:
    """Write (id, text) pairs as ``n_partitions`` CBOR sequence files of
    consecutive documents (``part-00000.cbor``, ...) and return their paths
    in order. Documents keep their corpus order across the partitions."""
    from . import write_documents
    if n_partitions < 1:
        raise ValueError("n_partitions must be at least 1")
    docs = list(docs)
    os.makedirs(directory, exist_ok=True)
    size = -(-len(docs) // n_partitions) if docs else 0
    paths = []
    for k in range(n_partitions):
        chunk = docs[k * size:(k + 1) * size]
        path = os.path.join(directory, f"part-{k:05d}.cbor")
        with open(path, "wb") as f:
            f.write(write_documents({"id": i, "text": t} for i, t in chunk))
        paths.append(path)
    return paths


def _read(path: str):
    from . import read_documents
    return [(d.id, d.text) for d in read_documents(path)]


def _quotes_task(path: str, out_path: str) -> int:
    from . import _v
    v = _v
    qx, w = v.quote_extractor_new(), v.writer_new()
    n = 0
    with open(out_path, "wb") as f:
        for doc_id, text in _read(path):
            v.quote_extractor_run(qx, text, 0)
            v.quote_extractor_write(qx, w, doc_id, text)
            data = v.writer_data(w)
            v.writer_reset(w)
            f.write(data)
            n += 1
    return n


def _index_task(paths: Sequence[str], opt: tuple) -> Tuple[bytes, List[int]]:
    """Pass 1 over every partition in order: the saved index, and the number
    of documents in each partition."""
    from . import _v as v
    m = v.matcher_new(_options(*opt))
    counts = []
    for p in paths:
        docs = _read(p)
        for doc_id, text in docs:
            v.matcher_add(m, doc_id, text)
        counts.append(len(docs))
    w = v.writer_new()
    v.matcher_save(m, w)
    return v.writer_data(w), counts


# Loaded indexes, per worker process: loading rebuilds the index, so a worker
# scanning several partitions loads it once. Entry: [matcher, matches so far].
_LOADED: Dict[Tuple[int, bytes], list] = {}
_LOADED_LOCK = threading.Lock()


def _loaded(index: bytes, opt: tuple) -> list:
    import hashlib
    from . import _v as v
    key = (len(index), hashlib.blake2b(index, digest_size=16).digest() + repr(opt).encode())
    with _LOADED_LOCK:
        entry = _LOADED.get(key)
        if entry is None:
            _LOADED.clear()  # one corpus at a time
            m = v.matcher_new(_options(*opt))
            v.matcher_load(m, index)
            entry = _LOADED[key] = [m, 0, threading.Lock()]
        return entry


def _scan_task(index: bytes, path: str, first_doc: int, opt: tuple) -> Dict[str, Any]:
    """Pass 2 for one partition: its match records (CBOR), the quote ids on
    both sides of each, and the quotes of its own documents."""
    from . import _v as v
    entry = _loaded(index, opt)
    docs = _read(path)
    with entry[2]:
        m, before = entry[0], entry[1]
        for i, (_, text) in enumerate(docs):
            v.matcher_scan(m, first_doc + i, text)
        w = v.writer_new()
        v.matcher_write_matches_from(m, w, before)
        records = v.writer_data(w)
        nm = len(_decode(records))
        entry[1] = before + nm
        none = (1 << 64) - 1
        links = []
        for i in range(before, before + nm):
            a, b = v.bind_match_quote(m, i, 0), v.bind_match_quote(m, i, 1)
            links.append((a, None if b == none else b))
    # This partition's quotes: id -> (doc id, start, end, text, words).
    own = {}
    texts = {first_doc + i: (doc_id, text) for i, (doc_id, text) in enumerate(docs)}
    for q in range(v.bind_quote_count(m)):
        d = v.bind_quote_field(m, q, 0)
        if d in texts:
            doc_id, text = texts[d]
            s, e = v.bind_quote_field(m, q, 1), v.bind_quote_field(m, q, 2)
            raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
            own[q] = (doc_id, s, e, raw[s:e].decode("utf-8"), v.bind_quote_field(m, q, 3))
    return {"records": records, "links": links, "quotes": own}


@dataclass
class Result:
    """What :func:`run` computed: quotes, matches and clusters (equal to the
    single-process Corpus results), and the files written."""
    quotes: Quotes
    matches: Matches
    clusters: Clusters
    files: Dict[str, Any]


def _cluster(matches: List[dict], links: List[Tuple[int, Optional[int]]],
             quotes: Dict[int, tuple]) -> List[dict]:
    # As vb_matcher_finish: union of linked quotes; ids in order of each
    # cluster's first quote; members in quote order; best the most words,
    # the earliest on ties.
    parent: Dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked = set()
    speaker: Dict[int, Optional[str]] = {}
    for m, (a, b) in zip(matches, links):
        linked.add(a)
        speaker.setdefault(a, m["a"]["speaker"])
        if b is None:
            continue
        linked.add(b)
        speaker.setdefault(b, m["b"]["speaker"])
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    cid: Dict[int, int] = {}
    of_quote: Dict[int, int] = {}
    members: List[List[int]] = []
    for q in sorted(linked):
        r = find(q)
        if r not in cid:
            cid[r] = len(members)
            members.append([])
        of_quote[q] = cid[r]
        members[cid[r]].append(q)
    for m, (a, _) in zip(matches, links):
        m["cluster"] = of_quote.get(a)

    def side(q: int) -> dict:
        doc, s, e, text, _ = quotes[q]
        return {"doc": doc, "end": e, "text": text, "start": s, "speaker": speaker.get(q)}

    out = []
    for c, mem in enumerate(members):
        best = mem[0]
        for q in mem[1:]:
            if quotes[q][4] > quotes[best][4]:
                best = q
        out.append({"id": c, "best": side(best), "size": len(mem), "type": "cluster",
                    "members": [side(q) for q in mem]})
    return out


def run(client: Any, partitions: Sequence[str], out_dir: str, *, shingle_words: Optional[int] = None,
        min_words: Optional[int] = None, min_similarity: Optional[float] = None,
        fragments: Optional[bool] = None) -> Result:
    """Run quotes, matching and clustering over ``partitions`` (CBOR document
    sequences, in corpus order) on the Dask ``client``; write
    ``quotes-<k>.cbor``, ``matches.cbor`` and ``clusters.cbor`` into
    ``out_dir`` and return the results. Matching options as for Corpus."""
    os.makedirs(out_dir, exist_ok=True)
    partitions = [os.path.abspath(p) for p in partitions]
    opt = (shingle_words, min_words, min_similarity, fragments)
    qpaths = [os.path.join(os.path.abspath(out_dir), f"quotes-{k:05d}.cbor") for k in range(len(partitions))]
    qfut = [client.submit(_quotes_task, p, q, pure=False) for p, q in zip(partitions, qpaths)]
    index, counts = client.submit(_index_task, partitions, opt, pure=False).result()
    firsts, n = [], 0
    for c in counts:
        firsts.append(n)
        n += c
    index_f = client.scatter(index, broadcast=True)
    sfut = [client.submit(_scan_task, index_f, p, f, opt, pure=False) for p, f in zip(partitions, firsts)]
    client.gather(qfut)
    parts = client.gather(sfut)
    matches: List[dict] = []
    links: List[Tuple[int, Optional[int]]] = []
    quotes: Dict[int, tuple] = {}
    for part in parts:
        matches.extend(_decode(part["records"]))
        links.extend(part["links"])
        quotes.update(part["quotes"])
    clusters = _cluster(matches, links, quotes)
    files = {"quotes": qpaths, "matches": os.path.join(out_dir, "matches.cbor"),
             "clusters": os.path.join(out_dir, "clusters.cbor")}
    with open(files["matches"], "wb") as f:
        for m in matches:
            f.write(cbor2.dumps(m))
    with open(files["clusters"], "wb") as f:
        for c in clusters:
            f.write(cbor2.dumps(c))
    all_quotes = Quotes()
    for q in qpaths:
        with open(q, "rb") as f:
            all_quotes.extend(_decode(f.read()))
    return Result(all_quotes, Matches(matches), Clusters(clusters, matches), files)
