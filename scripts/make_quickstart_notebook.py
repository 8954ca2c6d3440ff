#!/usr/bin/python3
"""Write examples/notebooks/quickstart.ipynb (outputs empty) with nbformat.

    /usr/bin/python3 scripts/make_quickstart_notebook.py
"""
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "examples", "notebooks", "quickstart.ipynb")

cells = [
    new_markdown_cell("""# verbatim quickstart

Where does a quotation travel, and how does it change on the way? This notebook
loads the sample corpus (`examples/corpus`: one news story and its reprints,
rewrites and spun copies, plus unrelated articles), lists its quotes, finds
every place a quote appears in another article, and shows one altered quote
with its variants side by side. Every step runs in verbatim's C library."""),
    new_code_cell("""import os, sys
# In a source checkout, use the package from python/ and the module from build/.
try:
    import verbatim
except ImportError:
    sys.path.insert(0, os.path.abspath(os.path.join("..", "..", "python")))
    import verbatim
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
verbatim.version()"""),
    new_markdown_cell("""## The corpus and its quotes

A `Corpus` reads a directory of `.txt` files (ids are the file names) and reads
it again for each pass, so memory holds results, not texts. `quotes()` gives
one record per quotation, with its byte span, kind and speaker."""),
    new_code_cell("""corpus = verbatim.Corpus(os.path.join("..", "corpus"))
quotes = corpus.quotes().to_frame()
print(len(quotes), "quotes in", quotes.doc.nunique(), "documents")
quotes[["doc", "start", "end", "kind", "speaker", "text"]].head(10)"""),
    new_markdown_cell("""## Matches

Each row is one occurrence of a quote of document `a` in document `b`: exact,
normalized, altered (with word edits), truncated, split, merged, or unquoted
(the words in running text). The columns are those of `verbatim match --json`,
with each side flattened (`a_doc`, `a_start`, ..., `b_text`, `b_speaker`)."""),
    new_code_cell("""matches = corpus.match()
df = matches.to_frame()
print(df.kind.value_counts().to_string())
df[["kind", "a_doc", "b_doc", "similarity", "speaker_conflict", "a_text"]].head(10)"""),
    new_markdown_cell("""## Which documents share quotations

The fingerprint module (`verbatim similar`) is merged in the C library but not
yet wrapped for Python, so this matrix is computed from the quote matches
instead: for each pair of documents, the quotes of either that are linked to a
quote of the other (any kind but `unquoted`), divided by the two documents'
quotes together. Reprints light up; unrelated articles stay dark."""),
    new_code_cell("""docs = [d for d, _ in corpus.documents()]
index = {d: i for i, d in enumerate(docs)}
n_quotes = quotes.groupby("doc").size().reindex(docs, fill_value=0).to_numpy()
linked = {}  # (doc i, doc j) -> the quotes of either linked across the pair
for m in matches:
    if m["kind"] == "unquoted":
        continue
    i, j = sorted((index[m["a"]["doc"]], index[m["b"]["doc"]]))
    linked.setdefault((i, j), set()).update({(m["a"]["doc"], m["a"]["start"]), (m["b"]["doc"], m["b"]["start"])})
sim = np.eye(len(docs))
for (i, j), qs in linked.items():
    sim[i, j] = sim[j, i] = min(1.0, len(qs) / max(1, n_quotes[i] + n_quotes[j]))
fig, ax = plt.subplots(figsize=(7, 6))
im = ax.imshow(sim, cmap="viridis", vmin=0, vmax=1)
ax.set_xticks(range(len(docs)), [d[:2] for d in docs])
ax.set_yticks(range(len(docs)), [d[:24] for d in docs], fontsize=7)
fig.colorbar(im, label="linked quotes / quotes of both documents")
ax.set_title("Documents by shared quotations")
plt.show()"""),
    new_markdown_cell("""## One altered quote, all its variants

Quotes linked by matches form clusters. The view below shows every variant of
one cluster that contains an altered match, the words that were edited
highlighted (from the byte spans of the match edits)."""),
    new_code_cell("""clusters = corpus.clusters()
altered = df[df.kind == "altered"].cluster.dropna().astype(int)
cid = int(altered.value_counts().index[0])
clusters.cluster(cid)"""),
    new_code_cell("""# The altered matches of that cluster, side by side.
verbatim.Matches([m for m in matches if m["cluster"] == cid and m["kind"] == "altered"])"""),
]

for i, c in enumerate(cells):
    c["id"] = f"cell-{i:02d}"  # fixed ids: the same script writes the same file
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
})
nbformat.validate(nb)
with open(OUT, "w", encoding="utf-8") as f:
    nbformat.write(nb, f)
