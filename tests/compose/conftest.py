"""One library of the five seeds for the whole compose test folder (ingest takes ~1 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianghua.compose.profile import load_profiles
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compose-lib")
    with Library(folder) as lib:
        report = ingest(sorted(SAMPLES.iterdir()), lib)
        assert not report.failed
        yield lib


@pytest.fixture(scope="session")
def profiles(seed_library):
    return load_profiles(seed_library)
