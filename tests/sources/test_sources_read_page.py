"""read_page: dispatch by extension, file-system errors, size limit, the real samples, fuzzing."""

import random
from pathlib import Path

import docx
import pytest

from jianghua.errors import SourceError
from jianghua.records import Line
from jianghua.sources import SUPPORTED_SUFFIXES, Budget, read_page

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def reason(path, **kwargs) -> str:
    with pytest.raises(SourceError) as info:
        read_page(path, **kwargs)
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    return info.value.reason


@pytest.mark.parametrize(
    ("name", "shown"), [("a.xls", ".xls"), ("b.PPT", ".ppt"), ("README", "(no extension)")]
)
def test_unsupported_extension(tmp_path, name, shown):
    path = tmp_path / name
    path.write_bytes(b"text")
    expected = ", ".join(SUPPORTED_SUFFIXES)
    assert reason(path) == f"unsupported file type {shown} (expected one of {expected})"


def test_missing_file(tmp_path):
    assert reason(tmp_path / "missing.txt") == "file not found"


def test_directory(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert reason(tmp_path / "folder.txt") == "is a directory, not a file"


def test_file_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    assert reason(path, max_bytes=100) == "file too large (101 bytes, limit 100)"
    assert read_page(path, max_bytes=101).lines == (Line("x" * 101, 1),)


def test_a_budget_counts_the_text_not_the_markup(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("同志们：\n今天开会。", encoding="utf-8")  # 10 characters with the line end
    assert len(read_page(txt, budget=Budget(max_chars=10)).lines) == 2
    assert reason(txt, budget=Budget(max_chars=9)) == (
        "text longer than 9 characters (reading stopped there)"
    )
    html = tmp_path / "a.html"
    html.write_text("<div class='x'>" * 50 + "<p>同志们：</p><p>今天开会。</p>", encoding="utf-8")
    assert len(read_page(html, budget=Budget(max_chars=10)).lines) == 2  # 4 + 1 + 5
    assert reason(html, budget=Budget(max_chars=9)).startswith("text longer than 9 characters")
    assert reason(html, budget=Budget(seconds=0)) == "reading took longer than 0 s (stopped)"


def test_str_and_path_and_upper_case_extension(tmp_path):
    path = tmp_path / "NOTE.TXT"
    path.write_bytes("讲话".encode())
    by_str = read_page(str(path))
    assert by_str == read_page(path)
    assert (by_str.path, by_str.name, by_str.format) == (str(path), "NOTE.TXT", "txt")


def test_real_sample_001():
    path = SAMPLES / "001_0e46b62b32599346.txt"
    data = path.read_bytes()
    page = read_page(str(path))
    # 1272 line ends, and a last line (the speech's closing sentence) without one: 1273 lines.
    assert data.count(b"\n") == 1272 and not data.endswith(b"\n")
    assert len(page.lines) == len(page.original) == 1273
    assert page.encoding == "utf-8"
    assert page.lines[0] == Line(
        "網站首頁 工作範例 辦公範例 個人範例 黨團範例 簡歷範例 學生範例 其他範例 專題範例", 1
    )
    assert page.lines[2] == Line("黨的群團工作會議上的講話(精選22篇)", 3)
    assert page.lines[-1].source_line == 1273
    assert page.lines[-1].text.endswith("為加快推進全市住房城鄉建設工作作出新的更大的貢獻!")


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("000_d0e3f3586c14aa72.txt", 501),
        ("002_6daea81426b11c94.txt", 1035),
        ("003_a3b6fd45c63e6c7c.txt", 238),
        ("004_ff2848a0e228d2d6.txt", 129),
    ],
)
def test_other_samples(name, count):
    page = read_page(SAMPLES / name)
    assert (len(page.lines), page.encoding, page.format) == (count, "utf-8", "txt")
    assert [line.source_line for line in page.lines] == list(range(1, count + 1))


def docx_bytes(tmp_path) -> bytes:
    document = docx.Document()
    document.add_paragraph("同志们：")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "表格"
    document.save(tmp_path / "seed.docx")
    return (tmp_path / "seed.docx").read_bytes()


@pytest.mark.parametrize("suffix", [".txt", ".html", ".docx"])
def test_fuzz_only_pages_or_source_errors(tmp_path, suffix):
    rng = random.Random(20240601)
    seeds = [
        "<p>同志们</p>\n".encode(),
        "讲话\n".encode("gb18030"),
        "講話\n".encode("big5"),
        b"<div><!-- x --><script>",
    ]
    if suffix == ".docx":
        seeds = [docx_bytes(tmp_path)]
    outcomes = set()
    for i in range(150):
        data = bytearray(rng.choice(seeds) * (1 if suffix == ".docx" else rng.randint(1, 20)))
        for _ in range(rng.randint(0, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"f{i}{suffix}"
        path.write_bytes(bytes(data))
        try:
            page = read_page(path)
        except SourceError as e:
            assert e.path == str(path)
            assert not e.reason.startswith("unexpected error"), e.reason  # a reader bug
            outcomes.add("error")
        else:
            assert all(line.source_line >= 1 for line in page.lines)
            outcomes.add("page")
    assert outcomes == {"error", "page"}


def test_common_score_counts_common_chinese_among_non_ascii_characters():
    from jianghua.sources.encoding import common_score

    assert common_score("abc 123") == 0.0
    assert common_score("的是了") == 1.0
    # "的" is common, "\ue000" (private use) and "ẞ" are not: 1 of 3 non-ASCII characters
    assert common_score("ab的\ue000ẞ") == pytest.approx(1 / 3)
    # GBK bytes of a speech read as Big5 give uncommon characters: the score tells them apart
    data = "同志们，今天我们召开全市工作会议，主要任务是总结去年的工作。".encode("gb18030")
    assert common_score(data.decode("gb18030")) > 0.8  # the full-width punctuation is not counted
    assert common_score(data.decode("big5", "replace")) < 0.5
