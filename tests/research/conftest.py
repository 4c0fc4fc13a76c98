"""The research tests' library (research_lib.LIBRARY), built once per session."""

import pytest
from research_lib import LIBRARY

from jianghua.library.store import Library
from jianghua.research import synthetic


@pytest.fixture(scope="session")
def lib_folder(tmp_path_factory):
    return synthetic.build(tmp_path_factory.mktemp("research-lib"), LIBRARY)


@pytest.fixture()
def lib(lib_folder):
    with Library(lib_folder, create=False) as opened:
        yield opened
