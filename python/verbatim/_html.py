"""HTML views of matches and clusters for notebooks: the variants side by
side, the edited words highlighted from the edits' byte spans."""
from __future__ import annotations

from html import escape
from typing import Dict, Iterable, List, Sequence, Tuple

_STYLE = ("<style>.vb-t td{vertical-align:top;text-align:left;max-width:32em}"
          ".vb-t mark.vb-e{background:#ffd27f;padding:0 .1em}"
          ".vb-t .vb-m{color:#666;font-size:85%}</style>")

# at most this many rows, so that a big result does not freeze the notebook
MAX_ROWS = 200


def highlight(text: str, start: int, spans: Iterable[Tuple[int, int]]) -> str:
    """``text`` (the bytes start.. of its document) escaped as HTML, with the
    document byte spans ``spans`` wrapped in <mark>. Empty spans (the place of
    an insertion on the other side) show as a thin marker."""
    raw = text.encode("utf-8")
    cuts = sorted({(max(0, a - start), max(0, min(len(raw), b - start))) for a, b in spans})
    out: List[str] = []
    pos = 0
    for a, b in cuts:
        if a < pos or a > len(raw):
            continue
        out.append(escape(raw[pos:a].decode("utf-8", "replace")))
        if b > a:
            out.append('<mark class="vb-e">' + escape(raw[a:b].decode("utf-8", "replace")) + "</mark>")
        else:
            out.append('<mark class="vb-e" title="words inserted on the other side">&#8203;</mark>')
        pos = max(pos, b)
    out.append(escape(raw[pos:].decode("utf-8", "replace")))
    return "".join(out)


def _who(side: dict) -> str:
    sp = side.get("speaker")
    return escape(f"{side['doc']}" + (f" · {sp}" if sp else "") + f" [{side['start']}:{side['end']}]")


def matches_html(matches: Sequence[dict]) -> str:
    rows = []
    for m in matches[:MAX_ROWS]:
        edits = m.get("edits") or []
        a = highlight(m["a"]["text"], m["a"]["start"], [(e["a_start"], e["a_end"]) for e in edits])
        b = highlight(m["b"]["text"], m["b"]["start"], [(e["b_start"], e["b_end"]) for e in edits])
        meta = escape(f"{m['kind']} · {m['similarity']:.3f}" +
                      (" · speaker conflict" if m.get("speaker_conflict") else ""))
        rows.append(f'<tr><td class="vb-m">{meta}</td><td>{a}<div class="vb-m">{_who(m["a"])}</div></td>'
                    f'<td>{b}<div class="vb-m">{_who(m["b"])}</div></td></tr>')
    more = len(matches) - MAX_ROWS
    tail = f'<p class="vb-m">… {more} more</p>' if more > 0 else ""
    return (f'{_STYLE}<table class="vb-t"><tr><th>match</th><th>quote (a)</th><th>appears as (b)</th></tr>'
            + "".join(rows) + "</table>" + tail)


def _key(side: dict) -> Tuple[str, int, int]:
    return (side["doc"], side["start"], side["end"])


def clusters_html(clusters: Sequence[dict], matches: Sequence[dict]) -> str:
    # The spans each member was edited at, from the matches that touch it.
    spans: Dict[Tuple[str, int, int], List[Tuple[int, int]]] = {}
    for m in matches:
        for e in m.get("edits") or []:
            spans.setdefault(_key(m["a"]), []).append((e["a_start"], e["a_end"]))
            spans.setdefault(_key(m["b"]), []).append((e["b_start"], e["b_end"]))
    parts = [_STYLE]
    for c in clusters[:MAX_ROWS]:
        best = _key(c["best"])
        cells = []
        for s in c["members"]:
            k = _key(s)
            label = "most complete form · " if k == best else ""
            cells.append(f'<td>{highlight(s["text"], s["start"], spans.get(k, []))}'
                         f'<div class="vb-m">{escape(label)}{_who(s)}</div></td>')
        parts.append(f'<table class="vb-t"><caption>cluster {int(c["id"])} · {int(c["size"])} variants'
                     f'</caption><tr>{"".join(cells)}</tr></table>')
    return "".join(parts)
