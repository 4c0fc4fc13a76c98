"""Near-duplicate families in the store, on hand-made speeches."""

import random
from dataclasses import replace

from pages import text_page

from jianghua import dedup
from jianghua.library.store import Library
from jianghua.records import Paragraph, Speech

STOCK = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神。"


def unique_text(seed: int, n: int = 30) -> str:
    rng = random.Random(seed)
    chars = "发展改革建设工作会议经济社会文化教育卫生环境保护安全生产组织宣传统战纪检监察群众基层干部人才科技"
    return "。".join("".join(rng.choice(chars) for _ in range(25)) for _ in range(n)) + "。"


def add(lib: Library, name: str, texts: list[str]) -> None:
    page = replace(text_page(["x"], name=name), sha256=name)
    speeches = [
        Speech(source=name, source_sha256=name, paragraphs=[Paragraph(t, i + 1, i + 1)])
        for i, t in enumerate(texts)
    ]
    lib.add_page(page, speeches)


def families(lib: Library) -> list[int]:
    return sorted(r[0] for r in lib.db.execute("SELECT COUNT(*) FROM speeches GROUP BY family"))


def test_shortened_copy_joins_the_family_and_the_longer_text_leads(tmp_path):
    full = unique_text(1)
    with Library(tmp_path) as lib:
        add(lib, "a.txt", [full[: len(full) * 2 // 3], unique_text(2)])
        add(lib, "b.txt", [full])
        assert families(lib) == [1, 2]
        rows = lib.db.execute(
            "SELECT chars, canonical FROM speeches WHERE family IN"
            " (SELECT family FROM speeches GROUP BY family HAVING COUNT(*) = 2)"
        ).fetchall()
        assert sorted(tuple(r) for r in rows) == [(len(full) * 2 // 3, 0), (len(full), 1)]


def test_fragments_never_join_a_family(tmp_path):
    fragment = "相关推荐关工委工作会议讲话范文"  # shorter than MIN_CHARS
    assert len(fragment) < dedup.MIN_CHARS
    with Library(tmp_path) as lib:
        add(lib, "a.txt", [fragment + unique_text(3)[:200], fragment])
        add(lib, "b.txt", [fragment + unique_text(4)[:200]])
        assert families(lib) == [1, 1, 1]


def test_speeches_sharing_only_a_stock_formulation_stay_apart(tmp_path):
    with Library(tmp_path) as lib:
        for i in range(dedup.MAX_SHARED + 5):
            add(lib, f"p{i}.txt", [STOCK * 3 + unique_text(100 + i, 8)])
        assert families(lib) == [1] * (dedup.MAX_SHARED + 5)
        # the stock samples stop being stored once they are common
        stored = lib.db.execute(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM fingerprints GROUP BY hash)"
        )
        assert stored.fetchone()[0] <= dedup.MAX_SHARED
