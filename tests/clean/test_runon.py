"""Run-on lines (a whole article on one line, paragraphs marked by "　　") are cut at the marks."""

from pages import text_page

from jianghua.clean.runon import split_run_on
from jianghua.pipeline import process_page

PARAGRAPH = "今年以来，全县上下认真贯彻落实中央和省市决策部署，经济社会发展保持稳中有进的良好态势。"
RUN_ON = (
    "　　在全县经济工作会议上的讲话　　——2024年1月5日　　县长 张三　　同志们："
    + "".join(f"　　{PARAGRAPH}第{k}点。" for k in range(4))
    + "　　谢谢大家！"
)


def test_a_run_on_line_is_cut_at_its_marks_with_columns():
    page = split_run_on(text_page(["标题", RUN_ON]))
    texts = [line.text for line in page.lines]
    assert texts[:5] == [
        "标题",
        "在全县经济工作会议上的讲话",
        "——2024年1月5日",
        "县长 张三",
        "同志们：",
    ]
    assert texts[-1] == "谢谢大家！" and len(texts) == 10
    for line in page.lines[1:]:
        assert line.source_line == 2
        assert RUN_ON[line.col : line.end] == line.text  # columns point into the original line
    (edit,) = page.edits
    assert edit.kind == "split" and edit.line == 2 and edit.before == RUN_ON


def test_a_paragraph_with_a_wide_space_inside_is_not_cut():
    text = PARAGRAPH * 3 + "　　" + PARAGRAPH
    page = text_page([text])
    assert split_run_on(page) is page


def test_run_on_speech_gets_its_header_title_and_speaker():
    _page, (speech,) = process_page(text_page([RUN_ON]))
    assert speech.title == "在全县经济工作会议上的讲话"
    assert speech.paragraphs[0].text == "同志们："
    assert speech.structure["meta"]["speaker"]["value"] == "张三"
