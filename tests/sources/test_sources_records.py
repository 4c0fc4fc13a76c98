"""A crawler's output (JSON Lines, a JSON array, a CSV table) is read one record per block:
records never run together, and each speech takes its record's title and date."""

import csv
import json

import pytest

from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import ingest, process_page
from jianghua.sources import read_page

TALK = "同志们：\n今天我们召开全县经济工作会议，主要任务是总结工作、部署任务。\n我们要坚持稳中求进，推动高质量发展。\n谢谢大家！"
REPORT = "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。\n过去一年，我们攻坚克难，经济社会发展取得新成效。\n谢谢大家！"
RECORDS = [
    {
        "url": "http://example.cn/1",
        "title": "在全县经济工作会议上的讲话",
        "date": "2024-01-05",
        "text": TALK,
    },
    {"url": "http://example.cn/2", "title": "政府工作报告", "date": "20240201", "text": REPORT},
]


def _write(tmp_path, kind: str):
    path = tmp_path / f"crawl.{kind}"
    if kind == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    elif kind == "json":
        path.write_text(json.dumps({"data": RECORDS}, ensure_ascii=False, indent=2), "utf-8")
    else:  # a CSV as R and pandas write it: a header row, cells with line breaks quoted
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["Date", "Title", "Text"])
            writer.writeheader()
            for r in RECORDS:
                writer.writerow({"Date": r["date"], "Title": r["title"], "Text": r["text"]})
    return path


@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
def test_each_record_is_a_speech_with_its_title_and_date(tmp_path, kind):
    _page, speeches = process_page(read_page(_write(tmp_path, kind)))
    assert [s.title for s in speeches] == ["在全县经济工作会议上的讲话", "政府工作报告"]
    assert [s.title_source for s in speeches] == ["record", "record"]
    assert speeches[0].text == TALK and speeches[1].text == REPORT  # no key, quote or escape
    dates = [s.structure["meta"]["date"] for s in speeches]
    assert [d["value"] for d in dates] == ["2024-01-05", "2024-02-01"]
    assert dates[0]["source"] == "record"
    assert speeches[1].meta["record"]["index"] == 1


def test_a_record_holding_a_compilation_is_still_cut_into_its_items(tmp_path):
    page_text = "范文精选2篇\n篇一\n" + TALK + "\n篇二\n" + REPORT
    path = tmp_path / "pages.jsonl"
    path.write_text(
        json.dumps({"url": "http://example.cn/p", "text": page_text}, ensure_ascii=False)
    )
    _page, speeches = process_page(read_page(path))
    assert [s.text for s in speeches] == [TALK, REPORT]


def test_a_broken_record_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORDS[0], ensure_ascii=False) + '\n{"text": \n', "utf-8")
    with pytest.raises(SourceError) as err:
        read_page(path)
    assert "bad.jsonl" in str(err.value) and "line 2" in err.value.reason


def test_records_without_text_are_refused(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("id,score\n1,2\n3,4\n", "utf-8")
    with pytest.raises(SourceError, match="no record with a text field"):
        read_page(path)


def test_ingest_of_a_crawl_is_idempotent(tmp_path):
    path = _write(tmp_path, "jsonl")
    with Library(tmp_path / "lib") as lib:
        ingest([path], lib)
        ingest([path], lib)
        rows = lib.db.execute("SELECT title FROM speeches ORDER BY title").fetchall()
    assert [r["title"] for r in rows] == ["在全县经济工作会议上的讲话", "政府工作报告"]


def test_a_folder_walk_takes_jsonl_but_leaves_json_and_csv_to_be_named(tmp_path):
    from jianghua.pipeline import SUPPORTED, is_page_asset
    from jianghua.scan import scan

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "settings.json").write_text('{"theme": "dark"}', "utf-8")
    table = _write(tmp_path, "csv").rename(folder / "crawl.csv")
    dump = _write(tmp_path, "jsonl").rename(folder / "crawl.jsonl")
    found = scan([folder], SUPPORTED, is_page_asset)
    assert found.files == [dump]
    assert sorted(p.name for p in found.unsupported) == ["crawl.csv", "settings.json"]
    assert scan([table], SUPPORTED, is_page_asset).files == [table]  # named: read


def test_a_document_cut_into_pieces_is_one_record(tmp_path):
    # tests/real/files/news/c13g_ocr_*.json: a parsed text's paragraphs under its title, an OCR
    # page's lines with their boxes
    parts = [{"type": "paragraph", "text": line} for line in TALK.split("\n")]
    path = tmp_path / "parsed.json"
    document = {"title": "在全县经济工作会议上的讲话", "parts": parts, "authors": ["关锋"]}
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    _page, (speech,) = process_page(read_page(path))
    assert speech.title == "在全县经济工作会议上的讲话"
    assert speech.text.startswith("同志们：") and speech.text.endswith("谢谢大家！")
    assert "paragraph" not in speech.text
    ocr = {
        "ocr_results": [
            {"text": line, "box": [[0, i], [9, i]]} for i, line in enumerate(TALK.split("\n"))
        ]
    }
    path = tmp_path / "ocr.json"
    path.write_text(json.dumps(ocr, ensure_ascii=False), "utf-8")
    _page, speeches = process_page(read_page(path))
    assert len(speeches) == 1 and speeches[0].text.startswith("同志们：")
    # articles under a key stay records of their own: each has its title
    path = _write(tmp_path, "json")
    _page, speeches = process_page(read_page(path))
    assert [s.title for s in speeches] == ["在全县经济工作会议上的讲话", "政府工作报告"]


def test_a_date_given_as_numbers_dates_the_record(tmp_path):
    document = {
        "title": "在全县经济工作会议上的讲话",
        "parts": [{"type": "paragraph", "text": line} for line in TALK.split("\n")],
        "dates": [{"year": 1966, "month": 10, "day": 12}],
    }
    path = tmp_path / "parsed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    page = read_page(path)
    assert page.meta["records"][0]["date"] == "1966-10-12"
    record = {"title": "讲话", "text": TALK, "date": {"year": 2024, "month": 1}}
    path.write_text(json.dumps([record], ensure_ascii=False), "utf-8")
    assert read_page(path).meta["records"][0]["date"] == "2024-01"
