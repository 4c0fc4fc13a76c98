"""One real dask.distributed cluster for the engine tests: two worker processes, one thread each."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """A small synthetic corpus (bench/corpus.py): ~0.7 MB of pages in every layout the seeds
    show, with exact copies and speeches sharing seed paragraphs."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    out = tmp_path_factory.mktemp("synthetic")
    corpus.make_corpus(out, 700_000, seed=5)
    return out
