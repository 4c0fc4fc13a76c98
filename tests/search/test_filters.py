"""Filters and facets on hand-made speeches whose structure metadata is set by the test."""

import json

import pytest

from jianghua.library import search as search_module
from jianghua.library.search import facets, search
from jianghua.library.search_index import SearchIndex


def ids(lib, query, **filters):
    result = search(lib, query, mode="keyword", filters=filters, per_page=50)
    return {h["id"] for h in result["hits"]}


def names(lib, found):
    return {name for name, sid in lib.ids.items() if sid in found}


def test_each_filter(hand_library):
    lib = hand_library
    assert names(lib, ids(lib, "")) == {"farm", "school", "safety", "party"}
    assert names(lib, ids(lib, "", sector="教育")) == {"school"}
    assert names(lib, ids(lib, "", sector=["教育", "组织"])) == {"school", "party"}
    assert names(lib, ids(lib, "", genre="发言")) == {"party"}
    assert names(lib, ids(lib, "", scope="全省")) == {"safety"}
    assert names(lib, ids(lib, "", place="杭州")) == {"farm", "safety"}
    assert names(lib, ids(lib, "", year_from=2020)) == {"farm", "safety"}
    assert names(lib, ids(lib, "", year_to=2021)) == {"farm", "school"}
    assert names(lib, ids(lib, "", year_from=2020, year_to=2022)) == {"farm"}
    # a query and a filter together
    assert names(lib, ids(lib, "基层党组织")) == {"farm", "party"}
    assert names(lib, ids(lib, "基层党组织", sector="农业农村")) == {"farm"}


def test_role_filter_searches_only_inside_those_sections(hand_library):
    lib = hand_library
    # farm: paragraph 1 (粮食生产……) is in a "review" section, paragraphs 2-3 in "tasks"
    assert names(lib, ids(lib, "粮食")) == {"farm"}
    assert ids(lib, "粮食", role="tasks") == set()
    assert names(lib, ids(lib, "粮食", role="review")) == {"farm"}
    result = search(lib, "基层党组织", mode="keyword", filters={"role": "tasks"})
    # farm by its tasks section; party has no outline, but its paragraph 要推动基层党组织…… sets a
    # task by its own wording (structure.roles.paragraph_roles)
    found = {h["id"]: [p["index"] for p in h["paragraphs"]] for h in result["hits"]}
    assert found == {lib.ids["farm"]: [3], lib.ids["party"]: [2]}


def test_hit_carries_metadata_and_facets_count_speeches(hand_library):
    lib = hand_library
    result = search(lib, "杭州 OR", mode="keyword")  # no speech has both words
    assert result["total"] == 0
    result = search(lib, "安全生产", mode="keyword")
    hit = result["hits"][0]
    assert hit["id"] == lib.ids["safety"]
    assert (hit["sector"], hit["genre"], hit["scope"], hit["place"]) == (
        "应急管理",
        "讲话",
        "全省",
        "杭州",
    )
    assert hit["date"] == "2023年" and hit["year"] == 2023
    assert hit["occasion"] is None  # no topic, no meeting type
    farm = search(lib, "粮食", mode="keyword")["hits"][0]
    assert farm["occasion"] == "农业农村工作会议"  # topic + meeting type
    assert result["facets"]["sector"] == {"应急管理": 1}
    everything = facets(lib)
    assert everything["genre"] == {"讲话": 3, "发言": 1}
    assert everything["year"] == {"2019": 1, "2021": 1, "2023": 1}
    assert everything["scope"] == {"全县": 1, "全区": 1, "全市": 1, "全省": 1}
    filtered = search(lib, "", mode="keyword", filters={"place": "杭州"})
    assert filtered["total"] == 2
    assert filtered["facets"]["sector"] == {"农业农村": 1, "应急管理": 1}


def test_new_structure_is_picked_up_by_the_next_update(hand_library):
    lib = hand_library
    index = SearchIndex(lib)
    assert index.pending() == 0
    sid = lib.ids["party"]
    (raw,) = lib.db.execute("SELECT structure FROM speeches WHERE id = ?", (sid,)).fetchone()
    structure = json.loads(raw)
    old = structure["meta"]["sector"]["value"]
    structure["meta"]["sector"]["value"] = "党建"
    with lib.db:
        lib.db.execute(
            "UPDATE speeches SET structure = ? WHERE id = ?", (json.dumps(structure), sid)
        )
    try:
        assert index.pending() == 1
        assert index.update() == 1
        assert names(lib, ids(lib, "", sector="党建")) == {"party"}
        assert ids(lib, "", sector=old) == set()
        # the in-memory speech table (facets, speech filters) is of the new index generation
        assert facets(lib)["sector"].get("党建") == 1
        assert search(lib, "", mode="keyword")["facets"]["sector"].get("党建") == 1
        assert index.verify() == []
    finally:
        structure["meta"]["sector"]["value"] = old
        with lib.db:
            lib.db.execute(
                "UPDATE speeches SET structure = ? WHERE id = ?", (json.dumps(structure), sid)
            )
        index.update()


@pytest.mark.parametrize("buckets", [1, 2, 3])
def test_aggregations_split_past_the_bucket_limit(hand_library, monkeypatch, buckets):
    """tantivy refuses more than 65,000 buckets; a library past that many speeches (or matched
    paragraphs) is listed range by range of speech keys. Shrinking the limit to a few buckets
    makes the hand library that large: every listing, facet and total must stay the same."""
    lib = hand_library
    queries = ["", "基层党组织", "安全生产 杭州", "粮食"]
    before = [search(lib, q, mode="keyword", per_page=50) for q in queries]
    everything = facets(lib)
    monkeypatch.setattr(search_module, "BUCKETS", buckets)
    monkeypatch.setattr(search_module, "_tables", {})
    for q, expected in zip(queries, before, strict=True):
        found = search(lib, q, mode="keyword", per_page=50)
        assert found["total"] == expected["total"]
        assert found["facets"] == expected["facets"]
        assert [h["id"] for h in found["hits"]] == [h["id"] for h in expected["hits"]]
    assert facets(lib) == everything
    s = search_module._Searcher(lib)
    all_pairs = s.paragraphs_of(search_module.Q.all_query())
    assert len(all_pairs) == s.count(search_module.Q.all_query())
    assert {k for k, _ in all_pairs} == s.speeches_of(search_module.Q.all_query())


def test_total_is_exact_and_facets_only_on_request(hand_library):
    lib = hand_library
    with_facets = search(lib, "", mode="keyword", per_page=50)
    bare = search(lib, "", mode="keyword", per_page=50, facets=False)
    assert with_facets["total"] == bare["total"] == len(with_facets["hits"]) == 4
    assert sum(with_facets["facets"]["genre"].values()) == 4
    assert all(v == {} for v in bare["facets"].values())


def test_place_names_are_each_level_with_and_without_suffix():
    from jianghua.library.search_index import place_names

    field = {"value": {"city": "杭州市", "province": "浙江"}, "source": "title"}
    assert place_names(field) == ["杭州市", "杭州", "浙江"]
    assert place_names("宁波") == ["宁波"] and place_names(None) == []


def test_place_filter_finds_a_stated_place_and_a_region_named_in_the_body(seed_library):
    # seed 002 line 28: 在焦作市创建全国文明城市总结大会上的讲话 (a place stated in the title);
    # seed 000 line 145: 20xx年绵阳市关工委… (a region named in the body). A place is a dict of
    # levels, which the index filed as nothing before index version 6
    lib = seed_library
    stated = search(lib, "", mode="keyword", filters={"place": "焦作"}, per_page=50)
    assert stated["total"] >= 1
    assert any("焦作市" in (h["place"] or "") for h in stated["hits"])  # shown, largest first
    named = search(lib, "关工委", mode="keyword", filters={"place": "绵阳市"}, per_page=50)
    assert named["total"] >= 1
    assert search(lib, "", mode="keyword", filters={"place": "阿斯塔纳"})["total"] == 0
