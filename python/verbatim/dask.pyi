"""Type stubs for verbatim.dask."""
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from . import Clusters, Matches, Quotes, Text

def write_partitions(docs: Iterable[tuple[str, Text]], directory: str, n_partitions: int) -> list[str]: ...

@dataclass
class Result:
    quotes: Quotes
    matches: Matches
    clusters: Clusters
    files: dict[str, Any]

def run(client: Any, partitions: Sequence[str], out_dir: str, *, shingle_words: Optional[int] = ...,
        min_words: Optional[int] = ..., min_similarity: Optional[float] = ...,
        fragments: Optional[bool] = ...) -> Result: ...
