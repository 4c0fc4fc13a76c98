"""Libraries for the search tests: the five seeds (full-text index only: embedding 370k characters
is a benchmark, not a test) and a small hand-made library with structure and embeddings."""

import json
from pathlib import Path

import pytest

from jianghua.library.embeddings import EmbeddingIndex
from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SAMPLES = Path("samples")

# One speech per file: a title line, then paragraphs (one per line). Structure metadata is set
# below by hand, so the filters are tested on known values whatever the structure stage infers.
HAND = {
    "farm": (
        "在全市农业农村工作会议上的讲话",
        [
            "同志们：",
            "过去一年，全市粮食生产再获丰收，农村人居环境明显改善。",
            "今年要千方百计增加农民收入，发展乡村特色产业，让农村居民的钱袋子鼓起来。",
            "要加强基层党组织建设，发挥村党支部的战斗堡垒作用。",
        ],
    ),
    "school": (
        "在全县教育工作会议上的讲话",
        [
            "同志们：",
            "要办好人民满意的教育，提高中小学教师待遇，推进义务教育优质均衡发展。",
            "各级组织要关心青少年的健康成长，守护好孩子们的视力和睡眠。",
        ],
    ),
    "safety": (
        "在全省安全生产工作会议上的讲话",
        [
            "同志们：",
            "当前安全生产形势依然严峻复杂，重特大事故时有发生。",
            "要压实企业安全生产主体责任，深入开展隐患排查整治。",
        ],
    ),
    "party": (
        "在全区党建工作推进会上的讲话",
        [
            "同志们：",
            "党组织是党的全部工作和战斗力的基础。",
            "要推动基层党组织全面进步、全面过硬，选优配强村党组织书记。",
        ],
    ),
}

META = {
    "farm": {
        "sector": "农业农村",
        "genre": "讲话",
        "scope": "全市",
        "date": "2021年3月5日",
        "place": "杭州",
        "topic": "农业农村",
        "meeting_type": "工作会议",
    },
    "school": {
        "sector": "教育",
        "genre": "讲话",
        "scope": "全县",
        "date": "2019-09-10",
        "place": "宁波",
    },
    "safety": {
        "sector": "应急管理",
        "genre": "讲话",
        "scope": "全省",
        "date": "2023年",
        "place": "杭州",
    },
    "party": {"sector": "组织", "genre": "发言", "scope": "全区", "date": None, "place": None},
}


def _structure(name: str, text: str) -> dict:
    meta = {
        key: {"value": value, "source": "test", "confidence": 1.0, "evidence": value}
        for key, value in META[name].items()
        if value is not None
    }
    paragraphs = text.split("\n")
    outline = []
    if name == "farm":  # paragraph 1 reviews the year, paragraphs 2-3 are tasks
        start1 = len(paragraphs[0]) + 1
        start2 = start1 + len(paragraphs[1]) + 1
        outline = [
            {
                "level": 1,
                "marker": "",
                "heading": "",
                "role": "review",
                "start": start1,
                "end": start2 - 1,
                "children": [],
            },
            {
                "level": 1,
                "marker": "",
                "heading": "",
                "role": "tasks",
                "start": start2,
                "end": len(text),
                "children": [],
            },
        ]
    return {"meta": meta, "outline": outline}


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    with Library(folder) as lib:
        report = ingest(sorted(SAMPLES.iterdir()), lib)
        assert not report.failed
        SearchIndex(lib).update()
        yield lib


def write_hand_corpus(folder: Path) -> list[Path]:
    files = []
    for name, (title, paragraphs) in HAND.items():
        path = folder / f"{name}.txt"
        path.write_text("\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="session")
def hand_library(tmp_path_factory):
    """The hand-made speeches with known structure, indexed and embedded; `ids` maps name -> id."""
    source = tmp_path_factory.mktemp("hand_src")
    folder = tmp_path_factory.mktemp("hand")
    with Library(folder) as lib:
        files = write_hand_corpus(source)
        report = ingest(files, lib)
        assert not report.failed
        ids = {}
        for path in files:
            name = path.stem
            first = HAND[name][1][1]
            row = lib.db.execute(
                "SELECT id, text FROM speeches WHERE instr(text, ?) > 0", (first,)
            ).fetchone()
            ids[name] = row["id"]
            with lib.db:
                lib.db.execute(
                    "UPDATE speeches SET structure = ? WHERE id = ?",
                    (json.dumps(_structure(name, row["text"]), ensure_ascii=False), row["id"]),
                )
        SearchIndex(lib).update()
        EmbeddingIndex(lib).update(e5=True)  # both tiers: e5 is what most tests exercise
        lib.ids = ids
        yield lib
