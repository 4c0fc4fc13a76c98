"""One library of the five seeds, with its 查重 index, shared by the check tests."""

from pathlib import Path

import pytest

from jianghua.check import CheckIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checklib")
    with Library(folder) as lib:
        report = ingest(sorted(Path("samples").iterdir()), lib)
        assert not report.failed
        CheckIndex(lib).update()
        yield lib
