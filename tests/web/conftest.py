"""Libraries the web tests serve: the five seeds, and a page of hostile scraped text."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.web.app import create_app

SAMPLES = Path("samples")

# A scraped page whose title and text try to run script in the reader's browser.
HOSTILE_TITLE = '关于<script>alert("t")</script>工作的讲话'
HOSTILE_LINES = [
    "第一篇：" + HOSTILE_TITLE,
    "同志们：",
    "今天我们召开会议，<img src=x onerror=alert(1)>部署基层党组织建设工作，"
    "要把各项任务落到实处，确保取得实效。",
    "一、提高认识，切实增强责任感",
    "各级党组织要把抓好党建作为最大的政绩<script>document.title='pwned'</script>，"
    '<a href="javascript:alert(2)">链接</a>坚持以上率下，层层压实责任，推动全面从严治党向纵深发展。',
    "二、突出重点，扎实推进各项工作",
    "要以提升组织力为重点，突出政治功能，把基层党组织建设成为坚强战斗堡垒，"
    "20xx年底前完成××项任务。",
    "第二篇：在全市<b>工作</b>会议上的讲话",
    "同志们：",
    "今天的会议很重要<iframe src=//evil.example></iframe>，大家要认真领会会议精神，抓好贯彻落实。",
]


@pytest.fixture(scope="session")
def seeds_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds-lib")
    with Library(folder) as lib:
        report = ingest(sorted(SAMPLES.iterdir()), lib)
        assert not report.failed
        SearchIndex(lib).update()  # embeddings are skipped: hybrid search falls back to keyword
    return folder


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("hostile-src") / "hostile.txt"
    src.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("hostile-lib")
    with Library(folder) as lib:
        report = ingest([src], lib)
        assert not report.failed
        SearchIndex(lib).update()
    return folder


@pytest.fixture(scope="session")
def client(seeds_folder) -> TestClient:
    return TestClient(create_app(seeds_folder))


@pytest.fixture(scope="session")
def hostile_client(hostile_folder) -> TestClient:
    return TestClient(create_app(hostile_folder))


@pytest.fixture(scope="session")
def seed_ids(seeds_folder) -> list[str]:
    with Library(seeds_folder, create=False) as lib:
        return lib.speech_ids()


def speech_at(folder: Path, seed: str, first_line: int) -> str:
    """Id of the speech whose occurrence in seed file `seed`* starts at `first_line`."""
    with Library(folder, create=False) as lib:
        row = lib.db.execute(
            "SELECT o.speech_id FROM occurrences o JOIN sources s ON s.id = o.source_id"
            " WHERE s.name LIKE ? AND o.first_line = ?",
            (f"{seed}%", first_line),
        ).fetchone()
    assert row is not None, (seed, first_line)
    return row[0]
