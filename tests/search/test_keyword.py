"""Keyword search on the five seeds: tantivy BM25 over rjieba words and character bigrams."""

import json

import pytest

from jianghua.errors import LibraryError
from jianghua.library import search_index as si
from jianghua.library.search import QueryError, facets, parse_query, search, similar
from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest

from .conftest import write_hand_corpus


def keyword(lib, query, **kw):
    kw.setdefault("per_page", 100)
    return search(lib, query, mode="keyword", **kw)


def speech_at(lib, seed: str, line: int) -> str:
    """Id of the speech whose occurrence in seed file `seed` covers `line`."""
    row = lib.db.execute(
        "SELECT o.speech_id FROM occurrences o JOIN sources s ON s.id = o.source_id"
        " WHERE s.name LIKE ? AND o.first_line <= ? AND o.last_line >= ?",
        (f"{seed}%", line, line),
    ).fetchone()
    return row[0]


def test_analysis_gives_words_and_bigrams():
    assert {"组织", "党组织", "基层"} <= set(si.words("加强基层党组织建设"))
    assert si.bigrams("基层党组织，建设") == ["基层", "层党", "党组", "组织", "建设"]
    assert si.bigrams("党，建") == ["党", "建"]  # a one-character run stays whole
    # marks a formulation is written with or without do not end a run (spaces in scraped text
    # are mostly justification: 党 建); a comma does
    assert si.bigrams("党 建") == ["党建"]
    assert si.bigrams("一头连着“老”") == ["一头", "头连", "连着", "着老"]
    assert si.bigrams("作为，现在") == ["作为", "现在"]


def test_two_character_query_hits_and_highlights(seed_library):
    result = keyword(seed_library, "党建")
    assert result["total"] >= 5
    for hit in result["hits"]:
        for para in hit["paragraphs"]:
            assert "党建" in para["text"]
            assert para["highlights"]
            assert all(para["text"][s:e] == "党建" for s, e in para["highlights"])


def test_compound_word_found_by_its_part_and_by_the_whole(seed_library):
    # seed 000 line 14: “……不断提高基层党组织的创造力、凝聚力、战斗力……”
    sid = speech_at(seed_library, "000", 14)
    for query in ("组织", "基层党组织"):
        ids = [h["id"] for h in keyword(seed_library, query)["hits"]]
        assert sid in ids, query
    whole = keyword(seed_library, "基层党组织")
    assert 0 < whole["total"] < keyword(seed_library, "组织")["total"]


def test_phrase_query_in_quotes_is_exact(seed_library):
    # 党组织 and 基层 both occur in many speeches, "党组织基层" nowhere as written
    assert keyword(seed_library, "党组织基层")["total"] > 0
    assert keyword(seed_library, '"党组织基层"')["total"] == 0
    quoted = keyword(seed_library, "“基层党组织”")  # full-width quotes are quotes too
    assert quoted["total"] > 0
    for hit in quoted["hits"]:
        texts = [p["text"] for p in hit["paragraphs"]]
        assert any("基层党组织" in t for t in texts)


def test_traditional_query_finds_simplified_text(seed_library):
    assert parse_query("基層黨組織").text == "基层党组织"
    simplified = keyword(seed_library, "基层党组织")
    traditional = keyword(seed_library, "基層黨組織")
    assert traditional["total"] == simplified["total"] > 0
    assert [h["id"] for h in traditional["hits"]] == [h["id"] for h in simplified["hits"]]


def test_family_canonical_only_or_every_copy(seed_library):
    # seed 000 line 90 and its 文库 near-copy in seed 003 (line 25) are one family; 党建带关建
    # also occurs in five other speeches of seeds 000 and 002
    family = {speech_at(seed_library, "000", 90), speech_at(seed_library, "003", 25)}
    assert len(family) == 2
    canonical = keyword(seed_library, '"党建带关建"')
    every = keyword(seed_library, '"党建带关建"', filters={"canonical_only": False})
    assert every["total"] == canonical["total"] + 1
    assert all(h["canonical"] for h in canonical["hits"])
    extra = {h["id"] for h in every["hits"]} - {h["id"] for h in canonical["hits"]}
    assert len(extra) == 1 and extra < family
    assert len(family & {h["id"] for h in canonical["hits"]}) == 1


def test_pages_do_not_overlap(seed_library):
    first = search(seed_library, "工作", mode="keyword", per_page=5)
    second = search(seed_library, "工作", mode="keyword", page=2, per_page=5)
    assert first["total"] == second["total"] > 10
    assert len(first["hits"]) == len(second["hits"]) == 5
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    scores = [h["score"] for h in first["hits"] + second["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_empty_query_lists_every_canonical_speech(seed_library):
    canonical = seed_library.db.execute(
        "SELECT COUNT(*) FROM speeches WHERE canonical = 1 AND trim(text) != ''"
    ).fetchone()[0]
    assert keyword(seed_library, "")["total"] == canonical


def test_facets_count_canonical_speeches_per_value(seed_library):
    expected = {"sector": {}, "genre": {}, "scope": {}, "year": {}}
    for (raw,) in seed_library.db.execute("SELECT structure FROM speeches WHERE canonical = 1"):
        structure = json.loads(raw)
        for name in ("sector", "genre", "scope"):
            value = si.meta_value(structure, name)
            if value:
                expected[name][value] = expected[name].get(value, 0) + 1
        year = si.year_of(structure)
        if year:
            expected["year"][str(year)] = expected["year"].get(str(year), 0) + 1
    assert facets(seed_library) == expected


def test_bad_requests_are_named(seed_library):
    with pytest.raises(QueryError, match="检索方式"):
        search(seed_library, "党建", mode="fuzzy")
    with pytest.raises(QueryError, match="year"):
        search(seed_library, "党建", mode="keyword", filters={"year_from": "last year"})


def test_index_is_up_to_date_and_consistent(seed_library):
    index = SearchIndex(seed_library)
    assert index.pending() == 0
    assert index.verify() == []


def test_without_embeddings_hybrid_is_keyword_and_semantic_is_refused(seed_library):
    # the seed library of these tests is indexed but not embedded
    result = search(seed_library, "党建")
    assert result["mode"] == "keyword" and result["total"] > 0
    with pytest.raises(LibraryError, match="还没有段落向量"):
        search(seed_library, "党建", mode="semantic")


def test_library_without_index_is_a_clear_error(tmp_path):
    with Library(tmp_path) as lib, pytest.raises(LibraryError, match="还没有检索索引"):
        search(lib, "党建")


def test_similar_without_embeddings_uses_distinctive_words(seed_library):
    # seed 000 line 90: a 关工委 speech (党建带关建); its family's other member is never listed
    sid = speech_at(seed_library, "000", 90)
    (family,) = seed_library.db.execute(
        "SELECT family FROM speeches WHERE id = ?", (sid,)
    ).fetchone()
    found = similar(seed_library, sid, limit=5)
    assert len(found) == 5
    texts = {
        f["id"]: seed_library.db.execute(
            "SELECT text, family FROM speeches WHERE id = ?", (f["id"],)
        ).fetchone()
        for f in found
    }
    assert all(row[1] != family for row in texts.values())
    assert all("关工委" in row[0] for row in texts.values())


def test_an_index_of_another_version_is_rebuilt(tmp_path):
    with Library(tmp_path / "lib") as lib:
        ingest(write_hand_corpus(tmp_path), lib)
        index = SearchIndex(lib)
        assert index.update() == 4 and index.pending() == 0
        state = json.loads(index.state_path.read_text())
        state["version"] = si.VERSION - 1
        index.state_path.write_text(json.dumps(state))
        assert index.pending() == 4
        assert index.update() == 4
        assert index.verify() == []
        assert keyword(lib, "安全生产")["total"] == 1
