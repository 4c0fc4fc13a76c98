"""The JSON API over the seeds: schemas, errors as JSON with proper codes, OpenAPI."""

import pytest
from web_seeds import speech_at

from jianghua.library.store import Library

EXPORT_KEYS = {
    "id",
    "family",
    "canonical",
    "title",
    "text",
    "sources",
    "chars",
    "placeholders",
    "script",
    "edits",
}


def test_search_returns_hits_with_highlight_offsets(client):
    data = client.get("/api/search", params={"q": "基层党组织", "per_page": 3}).json()
    assert data["total"] >= 5 and len(data["hits"]) == 3
    assert set(data["facets"]) == {"sector", "genre", "scope", "year"}
    for hit in data["hits"]:
        assert len(hit["id"]) == 12
        for para in hit["paragraphs"]:
            for start, end in para["highlights"]:
                assert para["text"][start:end] in {"基层党组织", "基层", "党组织", "组织"}


def test_search_of_a_traditional_query_finds_simplified_text(client):
    simplified = client.get("/api/search", params={"q": "党组织", "mode": "keyword"}).json()
    traditional = client.get("/api/search", params={"q": "黨組織", "mode": "keyword"}).json()
    assert traditional["total"] == simplified["total"] > 0


def test_search_with_all_copies_counts_more(client):
    canonical = client.get("/api/search", params={"q": "关心下一代"}).json()["total"]
    copies = client.get(
        "/api/search", params={"q": "关心下一代", "canonical_only": "false"}
    ).json()["total"]
    assert copies > canonical  # the 000/003 family has a non-canonical member about 关心下一代


def test_speech_is_the_export_record_plus_provenance(client, seeds_folder):
    sid = speech_at(seeds_folder, "004_", 4)
    data = client.get(f"/api/speeches/{sid}").json()
    assert EXPORT_KEYS <= set(data)
    assert data["id"] == sid
    assert data["title"] == "杨钊同志在全区工会创新和亮点工作观摩会上的讲话"  # seed 004 line 1
    assert data["sources"][0]["file"] == "004_ff2848a0e228d2d6.txt"
    assert data["occurrences"][0]["lines"] == data["sources"][0]["lines"]
    assert isinstance(data["outline"], list) and isinstance(data["meta"], dict)


def test_outline_nodes_point_into_the_text(client, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 4)
    text = client.get(f"/api/speeches/{sid}").json()["text"]
    outline = client.get(f"/api/speeches/{sid}/outline").json()["outline"]
    assert outline
    for node in outline:
        assert text[node["start"] :].startswith(node["heading"][:4])


def test_family_of_the_near_duplicate_pair(client, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 88)
    data = client.get(f"/api/speeches/{sid}/family").json()
    assert len(data["members"]) == 2
    files = {s["file"][:3] for m in data["members"] for s in m["sources"]}
    assert files == {"000", "003"}
    assert sum(m["canonical"] for m in data["members"]) == 1
    assert [m["self"] for m in data["members"]].count(True) == 1


def test_original_lines_and_edits(client, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 4)
    data = client.get(f"/api/speeches/{sid}/original").json()
    assert data["available"] and data["lines"] == [4, 22]
    by_line = {line["line"]: line for line in data["original"]}
    assert by_line[4]["text"] == "同志们:"  # seed 000 line 4, half-width colon as scraped
    assert by_line[1]["removed"] == "collection title"  # the stage's name; shown as 合集标题
    assert by_line[1]["removed_label"] == "合集标题"
    assert any(e["kind"] == "punct" for e in data["edits"])
    other = client.get(f"/api/speeches/{sid}/original", params={"source": 99})
    assert other.status_code == 404 and "不出现在来源 99 中" in other.json()["error"]


def test_similar_and_facets_and_stats(client, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 4)
    similar = client.get(f"/api/speeches/{sid}/similar", params={"limit": 5}).json()
    assert isinstance(similar, list) and len(similar) <= 5
    assert all(s["id"] != sid for s in similar)
    facets = client.get("/api/facets").json()
    assert set(facets) == {"sector", "genre", "scope", "year"}
    with Library(seeds_folder, create=False) as lib:
        assert client.get("/api/stats").json() == lib.stats()


@pytest.mark.parametrize(
    "path,status,message",
    [
        ("/api/speeches/000000000000", 404, "没有编号为 000000000000 的讲话"),
        ("/api/speeches/nothex", 404, "编号是 12 位十六进制数字"),
        ("/api/speeches/000000000000/family", 404, "没有编号为 000000000000 的讲话"),
        ("/api/search?mode=fuzzy", 422, "检索方式：只能是"),
        ("/api/search?q=x&per_page=1000", 422, "每页条数：不能大于 100"),
        ("/api/search?year_from=abc", 422, "起始年份：应为整数"),
        ("/api/speeches/000000000000/similar?limit=0", 422, "条数：不能小于 1"),
    ],
)
def test_errors_are_json_with_a_message(client, path, status, message):
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    assert r.json()["status"] == status and message in r.json()["error"]


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/search",
        "/api/facets",
        "/api/speeches/{sid}",
        "/api/speeches/{sid}/outline",
        "/api/speeches/{sid}/family",
        "/api/parse",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {
        "q",
        "mode",
        "sector",
        "genre",
        "scope",
        "year_from",
        "year_to",
        "place",
        "role",
        "canonical_only",
        "page",
        "per_page",
    } <= params
    assert not any(p.startswith("/speech/") for p in paths)  # HTML pages are not API
