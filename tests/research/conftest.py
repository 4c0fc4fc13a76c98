"""The research tests' library (research_lib.LIBRARY), built once per session, twice: without
the research index (counts from a scan of the texts) and with it (counts from its postings).
Every test taking `lib` or `lib_folder` runs on both, so both paths meet the same counts known by
construction."""

import pytest
from research_lib import LIBRARY

from jianghua.library.store import Library
from jianghua.research import synthetic
from jianghua.research.index import ResearchIndex


@pytest.fixture(scope="session", params=["scan", "index"])
def lib_folder(request, tmp_path_factory):
    folder = synthetic.build(tmp_path_factory.mktemp(f"research-lib-{request.param}"), LIBRARY)
    if request.param == "index":
        with Library(folder) as opened:
            assert ResearchIndex(opened).update() == len(opened.speech_ids())
    return folder


@pytest.fixture()
def lib(lib_folder):
    with Library(lib_folder, create=False) as opened:
        yield opened
