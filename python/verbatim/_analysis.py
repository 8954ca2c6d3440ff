"""Text analysis on top of the C library: tokens, paragraphs, quotes, and
quote matching over a corpus or a stream.

Every result is produced by the C library as the records of docs/records.md
(the same objects `verbatim ... --json` prints), written as one CBOR
sequence per call and decoded into dicts in C by the wrapper
(swig/verbatim_python.swg; cbor2 for anything outside the subset the record
writers produce). Results are lists of dicts with a ``to_frame()`` method.

The per-article calls (tokens, paragraphs, quotes, normalize) are one
wrapper call each, with a segmenter, extractor and writer kept per thread:
their overhead over the C API is what benchmarks/bench_python.py measures.
"""
from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

import cbor2

from . import _html
from . import _v as _mod  # set by the package before it imports this module

Text = Union[str, bytes, bytearray, memoryview]


def _v():
    return _mod


def _decode(data: bytes) -> List[dict]:
    """The records of a CBOR sequence, as dicts."""
    out = _mod.bind_records(data)
    if out is not NotImplemented:
        return out
    return _decode_cbor2(data)


def _decode_cbor2(data: bytes) -> List[dict]:
    out = []
    if not data:
        return out
    stream = io.BytesIO(data)
    dec = cbor2.CBORDecoder(stream)
    end = len(data)
    while stream.tell() < end:
        out.append(dec.decode())
    return out


_TEXT_TYPES = (str, bytes, bytearray, memoryview)


def _records(w) -> List[dict]:
    """The records in writer ``w``, as dicts; empties it."""
    out = _mod.bind_take(w)
    if out is NotImplemented:  # not reached with the library's own writers
        out = _decode_cbor2(_mod.writer_data(w))
        _mod.writer_reset(w)
    return out


def _check_text(text: Any, what: str = "text") -> Text:
    if isinstance(text, _TEXT_TYPES):
        return text
    raise TypeError(f"{what} must be str, bytes, bytearray or memoryview, not '{type(text).__name__}'")


def _check_id(doc_id: Any) -> str:
    if isinstance(doc_id, str):
        return doc_id
    if isinstance(doc_id, (bytes, bytearray, memoryview)):
        return bytes(doc_id).decode("utf-8")
    raise TypeError(f"a document id must be str or bytes, not '{type(doc_id).__name__}'")


# ---- result lists ------------------------------------------------------------


def _flatten(rec: dict) -> dict:
    """One record as a flat row: nested sides {doc, start, ...} under key k
    become k_doc, k_start, ...; lists stay lists."""
    row = {}
    for k, v in rec.items():
        if k == "type":
            continue
        if isinstance(v, dict):
            for kk, vv in v.items():
                row[f"{k}_{kk}"] = vv
        else:
            row[k] = v
    return row


class Records(list):
    """A list of result records (dicts, as in docs/records.md and the CLI's
    ``--json`` output) with a pandas view."""

    #: the columns of to_frame(), in order; a subclass sets them
    columns: Tuple[str, ...] = ()

    def to_frame(self) -> "Any":
        """A pandas DataFrame, one row per record. Nested sides are flattened
        with their key as prefix (``a`` → ``a_doc``, ``a_start``, ``a_end``,
        ``a_text``, ``a_speaker``); lists (edits, flags, members) stay lists
        in one column; the constant ``type`` key is dropped."""
        import pandas as pd
        rows = [_flatten(r) for r in self]
        return pd.DataFrame(rows, columns=list(self.columns) if self.columns else None)


class Tokens(Records):
    """Token records: doc, start, end, kind, norm."""
    columns = ("doc", "start", "end", "kind", "norm")


class Paragraphs(Records):
    """Paragraph records: doc, index, start, end, boilerplate, why."""
    columns = ("doc", "index", "start", "end", "boilerplate", "why")


class Quotes(Records):
    """Quote records: doc, start, end, text, kind, group, flags, paragraph,
    speaker, mention span and cue (docs/records.md, ``verbatim quotes``)."""
    columns = ("doc", "start", "end", "text", "kind", "group", "flags", "paragraph", "speaker",
               "speaker_start", "speaker_end", "cue")


_SIDE = ("doc", "start", "end", "text", "speaker")


class Matches(Records):
    """Match records (docs/records.md "match"): sides ``a`` (the quote) and
    ``b`` (where it appears), kind, similarity, edits, speaker_conflict,
    cluster. In a notebook they render as a table with the two variants side
    by side and the edited words highlighted."""
    columns = tuple(f"a_{k}" for k in _SIDE) + tuple(f"b_{k}" for k in _SIDE) + (
        "kind", "similarity", "edits", "speaker_conflict", "cluster")

    def _repr_html_(self) -> str:
        return _html.matches_html(self)


class Clusters(Records):
    """Cluster records (docs/records.md "cluster"): id, size, best (the most
    complete form) and members (sides). ``matches`` holds the matches they
    were built from, so the HTML view can highlight each member's edits."""
    columns = ("id", "size") + tuple(f"best_{k}" for k in _SIDE) + ("members",)

    def __init__(self, records: Iterable[dict] = (), matches: Optional[Sequence[dict]] = None) -> None:
        super().__init__(records)
        self.matches: List[dict] = list(matches or [])

    def cluster(self, cluster_id: int) -> "Clusters":
        """The one cluster with this id, as a Clusters list of one (renders
        on its own in a notebook)."""
        for c in self:
            if c["id"] == cluster_id:
                return Clusters([c], [m for m in self.matches if m.get("cluster") == cluster_id])
        raise KeyError(cluster_id)

    def _repr_html_(self) -> str:
        return _html.clusters_html(self, self.matches)


class SimilarPairs(Records):
    """Similar-pair records (docs/records.md "similar-pair", the rows of
    ``verbatim similar --json``), best score first: a, b (document ids),
    score, jaccard, containment_ab, containment_ba, simhash_distance, and
    passages (a list of dicts per row: byte spans a_start/a_end,
    b_start/b_end, token spans a_tokens/b_tokens, identical_words,
    substituted_words, inserted, deleted)."""
    columns = ("a", "b", "score", "jaccard", "containment_ab", "containment_ba",
               "simhash_distance", "passages")


# ---- one text ----------------------------------------------------------------


class _PerThread(threading.local):
    """One segmenter, quote extractor and writer per thread (a C handle is
    used by one thread at a time), made on the thread's first call (the
    importing thread's at import)."""

    def __init__(self) -> None:
        self.seg = _mod.segmenter_new()
        self.qx = _mod.quote_extractor_new()
        self.w = _mod.writer_new()
        self.norm = None  # (flags, normalizer) of the last normalize() call


_local = _PerThread()


def _records_of(bound: Callable[..., Any], *args: Any) -> Any:
    """``bound(*args)``'s records as a list of dicts (bound: a bind_*_records
    call, whose list comes back from C; NotImplemented only for bytes outside
    the subset the C decoder reads, never written by the library)."""
    out = bound(*args)
    if out is NotImplemented:
        raise RuntimeError("verbatim: a record the decoder does not read")
    return out


def tokens(text: Text, doc: str = "") -> Tokens:
    """The UAX #29 tokens of ``text`` (str, or UTF-8 bytes-like), tiling it:
    each with its byte span, kind and normalized form.

    >>> [t["norm"] for t in tokens("Don’t go") if t["kind"] == "word"]
    ["don't", 'go']
    """
    if type(text) is not str:
        _check_text(text)
    if type(doc) is not str:
        doc = _check_id(doc)
    loc = _local
    return Tokens(_records_of(_mod.bind_segment_records, loc.seg, loc.w, doc, text, 0))


def paragraphs(text: Text, doc: str = "") -> Paragraphs:
    """The paragraphs of ``text`` with their byte spans, each classified as
    content or boilerplate (``boilerplate``) with the reason (``why``:
    headline, byline, author_bio, dateline, caption, furniture, teaser,
    navigation; None for content)."""
    if type(text) is not str:
        _check_text(text)
    if type(doc) is not str:
        doc = _check_id(doc)
    loc = _local
    return Paragraphs(_records_of(_mod.bind_segment_records, loc.seg, loc.w, doc, text, 1))


_QUOTE_NO_SPEAKERS = _mod.QUOTE_NO_SPEAKERS
_NORM_DEFAULT = _mod.NORM_DEFAULT


def quotes(text: Text, doc: str = "", *, speakers: bool = True) -> Quotes:
    """The quotations in ``text``: spans (marks excluded), kind (full or
    fragment), group, flags, paragraph and, unless ``speakers=False``, the
    canonical speaker with the mention and cue word it rests on."""
    if type(text) is not str:
        _check_text(text)
    if type(doc) is not str:
        doc = _check_id(doc)
    loc = _local
    return Quotes(_records_of(_mod.bind_quote_records, loc.qx, loc.w, doc, text,
                              0 if speakers else _QUOTE_NO_SPEAKERS))


# ---- normalization -----------------------------------------------------------


class Normalized:
    """A normalized text with its map back to the original bytes (the
    "normalized" record of docs/records.md, ``verbatim normalize --json``).

    ``text``: the normalized text. ``map``: segments ``[out_start, in_start,
    out_len, in_len, exact]`` tiling output and input (bytes). ``quotes``:
    ``[offset, role]`` of each replaced quotation mark (role 0 neutral,
    1 opening, 2 closing)."""

    __slots__ = ("text", "map", "quotes", "doc")

    def __init__(self, record: dict) -> None:
        self.text: str = record["text"]
        self.map: List[List[int]] = record["map"]
        self.quotes: List[List[int]] = record["quotes"]
        self.doc: str = record["doc"]

    def to_frame(self) -> "Any":
        """The offset map as a DataFrame: out_start, in_start, out_len,
        in_len, exact."""
        import pandas as pd
        return pd.DataFrame(self.map, columns=["out_start", "in_start", "out_len", "in_len", "exact"])

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Normalized({self.text!r})"


def normalize(text: Text, flags: Optional[int] = None, doc: str = "") -> Normalized:
    """Normalize ``text`` as matching compares it and keep the map back to
    the original bytes. ``flags`` is an OR of the ``NORM_*`` constants
    (default ``NORM_DEFAULT``: NFKC, case folding, quotes, dashes, ellipsis,
    spaces, invisibles); unknown bits or conflicting ones raise
    ArgumentError.

    >>> normalize("“Café — OK…”").text
    '"café - ok..."'
    """
    if type(text) is not str:
        _check_text(text)
    if type(doc) is not str:
        doc = _check_id(doc)
    if flags is None:
        flags = _NORM_DEFAULT
    elif not isinstance(flags, int) or isinstance(flags, bool):
        raise TypeError(f"flags must be an int, not '{type(flags).__name__}'")
    elif flags < 0 or flags > 0xFFFFFFFF:
        raise ValueError("flags must fit 32 bits")
    loc = _local
    norm = loc.norm
    if norm is None or norm[0] != flags:
        _mod.norm_flags_check(flags)  # ArgumentError for unknown or conflicting bits
        nz = _mod.bind_normalizer_new(flags)
        if nz is None:
            raise MemoryError("verbatim: out of memory making a normalizer")
        norm = loc.norm = (flags, nz)
    return Normalized(_records_of(_mod.bind_normalizer_records, norm[1], loc.w, doc, text)[0])


# ---- matching options --------------------------------------------------------


def _options(shingle_words: Optional[int], min_words: Optional[int], min_similarity: Optional[float],
             fragments: Optional[bool]):
    v = _v()
    if shingle_words is None and min_words is None and min_similarity is None and fragments is None:
        return None
    o = v.match_options_default()
    if shingle_words is not None:
        o.shingle_words = int(shingle_words)
    if min_words is not None:
        o.min_words = int(min_words)
    if min_similarity is not None:
        o.min_similarity = float(min_similarity)
    if fragments is not None:
        o.fragments = bool(fragments)
    return o


# ---- similarity options ------------------------------------------------------

_NUMBER = (int, float)


def _similar_options(fn: str, ngram: Optional[int], min_score: Optional[float], boilerplate: bool,
                     lsh: bool, lsh_threshold: Optional[float], seed: Optional[int]):
    """A vb_similar_options from keyword arguments (None: the default). Types
    are checked here, so a wrong one is a TypeError naming the argument;
    values out of range are the library's ArgumentError."""
    from ._errors import ArgumentError
    v = _v()
    o = v.similar_options_default()

    def whole(name: str, x: Any, bits: int) -> int:
        if isinstance(x, bool) or not isinstance(x, int):
            raise TypeError(f"{fn}(): {name} must be an int, not '{type(x).__name__}'")
        if not 0 <= x < 1 << bits:
            raise ArgumentError(f"{name} must be 0..2**{bits}-1, not {x}", field=name)
        return x

    def real(name: str, x: Any) -> float:
        if isinstance(x, bool) or not isinstance(x, _NUMBER):
            raise TypeError(f"{fn}(): {name} must be a number, not '{type(x).__name__}'")
        return float(x)

    def flag(name: str, x: Any) -> bool:
        if not isinstance(x, bool):
            raise TypeError(f"{fn}(): {name} must be True or False, not '{type(x).__name__}'")
        return x

    if ngram is not None:
        o.ngram = whole("ngram", ngram, 32)
    if min_score is not None:
        o.min_score = real("min_score", min_score)
    if lsh_threshold is not None:
        o.lsh_threshold = real("lsh_threshold", lsh_threshold)
    if seed is not None:
        o.seed = whole("seed", seed, 64)
    o.flags = ((v.SIMILAR_INCLUDE_BOILERPLATE if flag("boilerplate", boilerplate) else 0)
               | (v.SIMILAR_LSH if flag("lsh", lsh) else 0))
    return o


def _similar_handle(fn: str, *opts: Any):
    v = _v()
    h = v.similar_new()
    v.similar_configure(h, _similar_options(fn, *opts))
    return h


def _similar_records(h) -> "SimilarPairs":
    v = _v()
    w = v.writer_new()
    v.similar_write(h, w)
    return SimilarPairs(_records(w))


# ---- a corpus ----------------------------------------------------------------

DocPair = Tuple[str, Text]
CorpusSource = Union[str, "os.PathLike[str]", Iterable[DocPair]]


def _expand(path: str) -> List[str]:
    """A path as `verbatim` CLI inputs take it: a directory gives its .txt and
    .cbor files (no dot files) in bytewise name order."""
    if os.path.isdir(path):
        names = [n for n in os.listdir(path)
                 if not n.startswith(".") and (n.endswith(".txt") or n.endswith(".cbor"))]
        names.sort(key=os.fsencode)
        return [os.path.join(path, n) for n in names]
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    return [path]


def _doc_id(path: str) -> str:
    base = os.path.basename(path)
    dot = base.rfind(".")
    return base[:dot] if dot > 0 else base


def _iter_paths(paths: Sequence[str]) -> Iterator[DocPair]:
    from . import read_documents
    for p in paths:
        for f in _expand(p):
            if f.endswith(".cbor"):
                for d in read_documents(f):
                    yield d.id, d.text
            else:
                with open(f, "rb") as fh:
                    yield _doc_id(f), fh.read()


class Corpus:
    """A collection of documents, read again from its sources for every pass
    (memory holds the quotes and results, not the texts).

    ``Corpus(source, ...)`` takes any number of sources, each a directory
    (its ``.txt`` and ``.cbor`` files in name order, as the CLI reads them),
    a ``.txt`` file (id: the file name without extension), a ``.cbor``
    document sequence, or an iterable of ``(id, text)`` pairs. A list or
    other re-iterable is iterated again per pass; a one-shot iterator
    (a generator) is kept in memory once.

    Matching options (keyword only): ``shingle_words``, ``min_words``,
    ``min_similarity``, ``fragments`` (see include/verbatim/match.h).

    >>> c = Corpus([("a", "He said “we sail at dawn with the tide”."),
    ...             ("b", "She said “we sail at dawn with the tide”.")])
    >>> [m["kind"] for m in c.match()]
    ['exact']
    """

    def __init__(self, *sources: CorpusSource, shingle_words: Optional[int] = None,
                 min_words: Optional[int] = None, min_similarity: Optional[float] = None,
                 fragments: Optional[bool] = None) -> None:
        if not sources:
            raise TypeError("Corpus() needs at least one source")
        self._parts: List[Callable[[], Iterable[DocPair]]] = []
        for s in sources:
            if isinstance(s, (str, os.PathLike)):
                p = os.fspath(s)
                _expand(p)  # a missing path fails now, not on first use
                self._parts.append(lambda p=p: _iter_paths([p]))
            elif isinstance(s, (bytes, bytearray, memoryview)) or not hasattr(s, "__iter__"):
                raise TypeError("a Corpus source is a path or an iterable of (id, text) pairs, "
                                f"not '{type(s).__name__}'")
            else:
                if isinstance(s, Iterator):
                    s = list(s)
                self._parts.append(lambda s=s: s)
        self._opt = (shingle_words, min_words, min_similarity, fragments)
        self._matcher = None
        self._lock = threading.Lock()

    def documents(self) -> Iterator[DocPair]:
        """The documents as (id, text) pairs, read from the sources again."""
        for part in self._parts:
            for i, pair in enumerate(part()):
                if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                    raise TypeError(f"a Corpus iterable yields (id, text) pairs; item {i} is "
                                    f"'{type(pair).__name__}'")
                yield _check_id(pair[0]), _check_text(pair[1])

    def __iter__(self) -> Iterator[DocPair]:
        return self.documents()

    def quotes(self, *, speakers: bool = True) -> Quotes:
        """The quotes of every document (one :func:`quotes` call each)."""
        out = Quotes()
        for doc_id, text in self.documents():
            out.extend(quotes(text, doc_id, speakers=speakers))
        return out

    def paragraphs(self) -> Paragraphs:
        """The paragraphs of every document (see :func:`paragraphs`)."""
        out = Paragraphs()
        for doc_id, text in self.documents():
            out.extend(paragraphs(text, doc_id))
        return out

    def _run(self):
        # Two passes as `verbatim match` does them: add (index every quote),
        # then scan every document against the other documents' quotes.
        with self._lock:
            if self._matcher is None:
                v = _v()
                m = v.matcher_new(_options(*self._opt))
                n = 0
                for doc_id, text in self.documents():
                    v.matcher_add(m, doc_id, text)
                    n += 1
                for i, (_, text) in enumerate(self.documents()):
                    if i >= n:
                        raise RuntimeError("the corpus sources gave more documents on the second pass")
                    v.matcher_scan(m, i, text)
                v.matcher_finish(m)
                self._matcher = m
            return self._matcher

    def match(self) -> Matches:
        """Every occurrence of a document's quote in another document
        (records as ``verbatim match --json`` prints them). Computed once
        and cached; the C calls run without the GIL."""
        v = _v()
        m = self._run()
        w = v.writer_new()
        v.matcher_write_matches(m, w)
        return Matches(_records(w))

    def clusters(self) -> Clusters:
        """The variant clusters: quotes linked by matches, each with its most
        complete form (``verbatim match --clusters --json``)."""
        v = _v()
        m = self._run()
        w = v.writer_new()
        v.matcher_write_clusters(m, w)
        return Clusters(_records(w), self.match())

    def similar(self, *, min_score: Optional[float] = None, ngram: Optional[int] = None,
                boilerplate: bool = False, lsh: bool = False, lsh_threshold: Optional[float] = None,
                seed: Optional[int] = None) -> SimilarPairs:
        """Which documents reuse each other's text, and where: the pairs
        scoring at least ``min_score`` (default 0.1; 0 keeps every compared
        pair), best first, as ``verbatim similar --json`` prints them. Every
        pair is compared up to 2000 documents, the candidates of a MinHash
        LSH index above that or with ``lsh=True`` (``lsh_threshold``,
        default 0.2). ``ngram``: words per shingle (default 5);
        ``boilerplate=True`` lets the words of boilerplate paragraphs take
        part; ``seed``: the hash seed. One pass over the documents; the C
        calls run without the GIL. See include/verbatim/similar.h.

        >>> c = Corpus([("a", "The ferry will keep sailing through the winter, the council said."),
        ...             ("b", "The ferry will keep sailing through the winter, the council said on Friday.")])
        >>> [(p["a"], p["b"], p["score"]) for p in c.similar()]
        [('a', 'b', 1.0)]
        """
        v = _v()
        h = _similar_handle("similar", ngram, min_score, boilerplate, lsh, lsh_threshold, seed)
        for i, (doc_id, text) in enumerate(self.documents()):
            try:
                v.similar_add(h, doc_id, text)
            except Exception as e:
                e.add_note(f"while adding document {i} ({doc_id!r}) of the corpus")
                raise
        v.similar_run(h)
        return _similar_records(h)

    def __len__(self) -> int:
        return sum(1 for _ in self.documents())


class QuoteIndex:
    """A streaming quote index: ``add(id, text)`` returns the matches of the
    new document against every quote seen so far, then indexes its quotes
    (``vb_matcher_check``). Memory grows with the quotes, not the texts.

    >>> ix = QuoteIndex()
    >>> ix.add("a", "He said “we sail at dawn with the tide”.")
    []
    >>> [m["a"]["doc"] for m in ix.add("b", "She said “we sail at dawn with the tide”.")]
    ['a']
    """

    def __init__(self, *, shingle_words: Optional[int] = None, min_words: Optional[int] = None,
                 min_similarity: Optional[float] = None, fragments: Optional[bool] = None) -> None:
        v = _v()
        self._m = v.matcher_new(_options(shingle_words, min_words, min_similarity, fragments))
        self._w = v.writer_new()
        self._lock = threading.Lock()

    def add(self, doc_id: str, text: Text) -> Matches:
        """Match a new document against everything added before, then add it.
        Returns its matches (``a`` an earlier document's quote, ``b`` the
        place in this one; ``cluster`` is None until :meth:`clusters`)."""
        if type(doc_id) is not str:
            doc_id = _check_id(doc_id)
        if type(text) is not str:
            _check_text(text)
        with self._lock:
            return Matches(_records_of(_mod.bind_matcher_check_records, self._m, doc_id, text, self._w))

    def __len__(self) -> int:
        return _v().matcher_doc_count(self._m)

    def matches(self) -> Matches:
        """Every match found so far (with cluster ids after :meth:`clusters`)."""
        v = _v()
        with self._lock:
            w = v.writer_new()
            v.matcher_write_matches(self._m, w)
            return Matches(_records(w))

    def clusters(self) -> Clusters:
        """Cluster the quotes linked so far (may be called again later)."""
        v = _v()
        with self._lock:
            v.matcher_finish(self._m)
            w = v.writer_new()
            v.matcher_write_clusters(self._m, w)
            records = _records(w)
        return Clusters(records, self.matches())


class SimilarIndex:
    """A streaming similarity index: ``add(id, text)`` fingerprints a new
    document and returns its similar pairs with every document added before
    (``a`` the earlier one, ``b`` the new one), best first; ``pairs()``
    compares the whole collection as :meth:`Corpus.similar` does. Memory
    holds each document's words and fingerprints, not its text. Options as
    for :meth:`Corpus.similar`.

    >>> ix = SimilarIndex()
    >>> ix.add("a", "The ferry will keep sailing through the winter, the council said.")
    []
    >>> [p["a"] for p in ix.add("b", "The ferry will keep sailing through the winter, the council said.")]
    ['a']
    """

    def __init__(self, *, min_score: Optional[float] = None, ngram: Optional[int] = None,
                 boilerplate: bool = False, lsh: bool = False, lsh_threshold: Optional[float] = None,
                 seed: Optional[int] = None) -> None:
        self._h = _similar_handle("SimilarIndex", ngram, min_score, boilerplate, lsh, lsh_threshold, seed)
        self._lock = threading.Lock()

    def add(self, doc_id: str, text: Text) -> SimilarPairs:
        """Add a document and return its pairs with the earlier ones."""
        v = _v()
        doc_id = _check_id(doc_id)
        _check_text(text)
        with self._lock:
            v.similar_add(self._h, doc_id, text)
            v.similar_query(self._h, v.similar_count(self._h) - 1)
            return _similar_records(self._h)

    def pairs(self) -> SimilarPairs:
        """Every similar pair of the documents added so far, best first."""
        v = _v()
        with self._lock:
            v.similar_run(self._h)
            return _similar_records(self._h)

    def __len__(self) -> int:
        return _v().similar_count(self._h)
