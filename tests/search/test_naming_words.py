"""Words that name a speech rather than its wording (issue 17, title queries): a genre word
(讲话, 报告) and a year sit in the title and the date, seldom in the body; the words of the query
between them are what the text must hold."""

import json

import pytest

from jianghua.library.search import parse_query, search
from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest

# name: (title, date or None, paragraphs)
SPEECHES = {
    "opening": (
        "在秋季学期开学典礼上的讲话",
        None,
        [
            "老师们、同学们：",
            "金秋送爽，我们在这里隆重举行开学典礼，欢迎新同学加入这个温暖的大家庭。",
            "希望同学们珍惜时光，勤奋学习，在新学期取得更大的进步。",
        ],
    ),
    "studio": (
        "在名师工作室建设推进会上的讲话",
        None,
        [
            "同志们：",
            "上学期我在开学典礼讲话中提出，要让每一位青年教师都有自己的导师。",
            "名师工作室要发挥示范引领作用，带动青年教师专业成长，形成梯队。",
        ],
    ),
    "spring": (
        "乘风破浪，逐梦扬帆\n——在第二学期开学典礼上的讲话",  # the occasion only in the subtitle
        None,
        [
            "老师们、同学们：",
            "新的学期开始了，首先我代表学校，向全体师生致以新春的问候和美好的祝愿。",
            "希望大家乘风破浪，逐梦扬帆，在新学期里不负韶华，努力学习，争取更好成绩。",
        ],
    ),
    "report2017": (
        "政府工作报告",
        "2017年3月5日",
        [
            "各位代表：",
            "现在，我代表国务院，向大会报告过去一年政府工作，请予审议。",
            "做好今年政府工作，要坚持稳中求进工作总基调，着力推进供给侧结构性改革。",
        ],
    ),
    "report2016": (
        "政府工作报告",
        "2016年3月5日",
        [
            "各位代表：",
            "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
            "做好今年政府工作，要坚持稳中求进，保持经济运行在合理区间，推进结构性改革。",
        ],
    ),
    "forum": (
        "在全省政府工作务虚会上的讲话",
        "2017年1月9日",
        [
            "同志们：",
            "今天召开政府工作务虚会，研究谋划全年工作思路，请大家畅所欲言。",
            "各位代表在审议政府工作报告时提出了很多好的意见，我们要认真吸收。",
        ],
    ),
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    source = tmp_path_factory.mktemp("naming_src")
    folder = tmp_path_factory.mktemp("naming")
    files = []
    for name, (title, _date, paragraphs) in SPEECHES.items():
        path = source / f"{name}.txt"
        path.write_text("\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
        files.append(path)
    with Library(folder) as library:
        report = ingest(files, library)
        assert not report.failed
        ids = {}
        for name, (title, date, paragraphs) in SPEECHES.items():
            row = library.db.execute(
                "SELECT id, structure FROM speeches WHERE instr(text, ?) > 0", (paragraphs[1],)
            ).fetchone()
            ids[name] = row["id"]
            structure = json.loads(row["structure"] or "{}")
            meta = structure.setdefault("meta", {})
            meta["date"] = date  # the date line a real page has, set here so the text lacks it
            with library.db:
                library.db.execute(
                    "UPDATE speeches SET title = ?, structure = ? WHERE id = ?",
                    (title.split("\n")[0], json.dumps(structure, ensure_ascii=False), row["id"]),
                )
        SearchIndex(library).update()
        library.ids = ids
        yield library


def names(lib, result) -> list[str]:
    by_id = {sid: name for name, sid in lib.ids.items()}
    return [by_id.get(h["id"], h["id"]) for h in result["hits"]]


def test_a_year_in_the_query_is_a_year_term():
    (report, year) = parse_query("政府工作报告 2017").terms
    assert year.year == 2017 and year.text == "2017"
    assert report.whole == "政府工作报告"
    (run,) = parse_query("2017年政府工作报告").terms
    assert [p.year for p in run.parts][0] == 2017


def test_a_genre_word_ending_a_run_the_library_holds_is_not_required_of_the_text(lib):
    # 开学典礼讲话 is in one body (studio); the speech the query means has it in its title
    result = search(lib, "开学典礼讲话", mode="keyword")
    found = names(lib, result)
    assert set(found[:2]) == {"opening", "spring"} and found[2:] == ["studio"]
    assert result["total"] == 3


def test_the_subtitle_names_the_speech_too(lib):
    header = lib.db.execute(
        "SELECT header FROM occurrences WHERE speech_id = ?", (lib.ids["spring"],)
    ).fetchone()["header"]
    assert "——在第二学期开学典礼上的讲话" in header  # the pipeline kept it as a header line
    result = search(lib, "第二学期开学典礼", mode="keyword")
    assert names(lib, result)[0] == "spring"


def test_a_year_matches_the_speech_date_and_the_title_the_report(lib):
    # the 2017 report's body says neither 政府工作报告 nor 2017
    result = search(lib, "政府工作报告 2017", mode="keyword")
    found = names(lib, result)
    assert found[0] == "report2017"
    assert "report2016" not in found  # of another year, and its text does not say 2017
    assert "forum" in found  # of 2017 and its text says 政府工作报告


def test_a_year_binds_the_hybrid_too(lib):
    # the 2016 report is the nearest in meaning to 政府工作报告, but it is not of 2017 and does
    # not say 2017: it may follow the speeches that hold the year, never precede one
    result = search(lib, "政府工作报告 2017", mode="hybrid", per_page=20)
    found = names(lib, result)
    assert found[0] == "report2017" and "forum" in found
    if "report2016" in found:
        assert found.index("report2016") > found.index("forum")


def test_a_year_within_a_run_is_the_speech_year(lib):
    result = search(lib, "2017年政府工作报告", mode="keyword")
    assert names(lib, result)[0] == "report2017"
    assert "report2016" not in names(lib, result)


def test_a_year_alone_finds_the_speeches_of_that_year(lib):
    result = search(lib, "2016", mode="keyword")
    assert names(lib, result) == ["report2016"]
    assert any("年份“2016”" in n for n in result["notices"])  # said, not silent


def test_a_speech_name_is_its_title_and_subtitles():
    from jianghua.library.search_index import speech_name

    header = json.dumps(
        [
            [1, "管理团队"],
            [2, "乘风破浪，逐梦扬帆"],
            [3, "——在第二学期开学典礼上的讲话"],
            [4, "王 琛"],
        ],
        ensure_ascii=False,
    )
    assert speech_name("乘风破浪，逐梦扬帆", header) == (
        "乘风破浪，逐梦扬帆\n——在第二学期开学典礼上的讲话"
    )
    assert speech_name(None, header) == "——在第二学期开学典礼上的讲话"
    assert speech_name("政府工作报告", "not json") == "政府工作报告"  # an unreadable header
    assert speech_name(None, None) == ""


def test_a_typo_is_corrected_from_a_title_too(lib):
    # 名师工作室 is once in studio's text and once in its title: a title is the library's
    # vocabulary as much as a text is (one paragraph alone would be too little to correct by)
    result = search(lib, "名师工做室", mode="keyword")
    assert result["corrected"] == {"名师工做室": "名师工作室"}
    assert names(lib, result)[0] == "studio"
