"""verbatim.dask on a two-worker LocalCluster gives the single-process results."""
import os
import sys

import pytest

from conftest import ROOT

import verbatim

distributed = pytest.importorskip("distributed")
from verbatim.dask import run, write_partitions  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import gen_quote_corpus  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def test_dask_pipeline_equals_the_single_process_run(client, tmp_path):
    docs = gen_quote_corpus.generate(3000, seed=5)
    corpus = verbatim.Corpus(docs)
    parts = write_partitions(docs, str(tmp_path / "parts"), 7)
    assert len(parts) == 7
    result = run(client, parts, str(tmp_path / "out"))
    expected = corpus.match()
    assert len(expected) > 3000
    assert result.matches == expected
    assert result.clusters == corpus.clusters()
    assert result.quotes == corpus.quotes()
    # The files hold the same records.
    with open(result.files["matches"], "rb") as f:
        assert verbatim._analysis._decode(f.read()) == expected
    assert all(os.path.getsize(p) > 0 for p in result.files["quotes"])


def test_partitions_keep_the_corpus_order(tmp_path):
    docs = gen_quote_corpus.generate(10)
    parts = write_partitions(docs, str(tmp_path), 3)
    back = [(d.id, d.text) for p in parts for d in verbatim.read_documents(p)]
    assert back == docs
    with pytest.raises(ValueError):
        write_partitions(docs, str(tmp_path), 0)
