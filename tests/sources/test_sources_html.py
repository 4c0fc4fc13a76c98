"""HTML pages: visible text only, one Line per block, numbered by the line where its text starts."""

import pytest

from jianghua.errors import SourceError
from jianghua.records import Line
from jianghua.sources import read_page
from jianghua.sources.html import extract

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>在全市工作会议上的讲话 &amp; 总结</title>
<script>alert(1); document.write("<p>脚本</p>")</script>
<style>p { color: red }</style>
</head>
<body><!-- 注释 <p>不显示</p> -->
<div><div><div>
  <h1>会议讲话</h1>
  <p>同志们：&nbsp;今天我们召开会议。</p>
  <p>第一，
     加强领导。</p>第一行<br>第二行<br/>
  第三行</div></div></div>
<noscript><p>请开启脚本</p></noscript><template><p>模板</p></template>
<p>A &lt;b&gt; &#x4E2D;&#25991; 1 < 2</p>
</body></html>
"""


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_page_blocks_title_and_source_lines(tmp_path):
    page = read_page(write(tmp_path, "page.html", PAGE.encode()))
    assert [(line.text, line.source_line) for line in page.lines] == [
        ("会议讲话", 9),
        ("同志们：\xa0今天我们召开会议。", 10),
        ("第一，加强领导。", 11),  # a line break between CJK characters is not a space
        ("第一行", 12),
        ("第二行", 12),
        ("第三行", 13),
        ("A <b> 中文 1 < 2", 15),
    ]
    # columns: where each block's text starts (and, on one line, ends) in its source line
    spans = [
        page.original[line.source_line - 1][line.col : line.end]
        for line in page.lines
        if line.end is not None
    ]
    assert spans == [
        "会议讲话",
        "同志们：&nbsp;今天我们召开会议。",
        "第一行",
        "第二行",
        "第三行",
        "A &lt;b&gt; &#x4E2D;&#25991; 1 < 2",
    ]
    assert page.lines[2].end is None  # 第一，/加强领导。 runs over two source lines
    assert page.meta == {"html_title": "在全市工作会议上的讲话 & 总结", "html_h1": "会议讲话"}
    assert page.format == "html"
    assert page.encoding == "utf-8"
    assert page.original == tuple(PAGE.split("\n")[:-1])
    assert len(page.original) == 16


def test_htm_extension_and_no_title(tmp_path):
    page = read_page(write(tmp_path, "x.HTM", b"<p>one</p>\n<p>two</p>"))
    assert page.lines == (Line("one", 1), Line("two", 2))
    assert page.meta == {}


def test_meta_charset_gbk(tmp_path):
    html = (
        '<html><head><meta charset="gbk"><title>讲话</title></head>\n<body><p>同志们好</p></body>'
    )
    page = read_page(write(tmp_path, "gbk.html", html.encode("gbk")))
    assert page.encoding == "gb18030"
    assert page.lines == (Line("同志们好", 2),)
    assert page.meta == {"html_title": "讲话"}


def test_http_equiv_big5(tmp_path):
    html = (
        '<meta http-equiv="Content-Type" content="text/html; charset=big5">\n'
        "<p>臺灣</p>"  # too short to score: the declared charset decides
    )
    page = read_page(write(tmp_path, "tw.html", html.encode("big5")))
    assert page.encoding == "big5"
    assert page.lines == (Line("臺灣", 2),)


def test_declared_gbk_but_saved_as_utf8(tmp_path):
    # Scrapers often re-save a GBK page as UTF-8 and keep the old meta tag.
    html = '<meta charset="gb2312"><p>同志们好</p>'
    page = read_page(write(tmp_path, "resaved.html", html.encode("utf-8")))
    assert page.encoding == "utf-8"
    assert page.lines == (Line("同志们好", 1),)


def test_table_cells_are_blocks():
    lines, _ = extract(
        "<table>\n<tr><td>姓名</td><td>\n职务</td></tr>\n<tr><th>张三</th></tr></table>"
    )
    assert lines == [Line("姓名", 2), Line("职务", 3), Line("张三", 4)]


def test_inline_tags_do_not_split_and_latin_line_breaks_are_spaces():
    lines, _ = extract('<p>Hello\n<b>big</b> <a href="a>b">world</a></p>')
    assert lines == [Line("Hello big world", 1)]


def test_pre_keeps_source_lines():
    lines, _ = extract("<pre>\n一\n  二\n</pre>")
    assert lines == [Line("一", 2), Line("二", 3)]


def test_textarea_text_is_shown_as_its_own_block():
    lines, _ = extract("<p>前<textarea>&lt;p&gt;框</textarea>后</p>")
    assert lines == [Line("前", 1), Line("<p>框", 1), Line("后", 1)]


def test_unclosed_comment_and_script_hide_the_rest():
    assert extract("<p>a</p><!-- <p>b</p>")[0] == [Line("a", 1)]
    assert extract("<p>a</p><script>if (a<b) {</p>")[0] == [Line("a", 1)]
    assert extract("<p>a</p><p>b<span class='x")[0] == [Line("a", 1), Line("b", 1)]


def test_only_markup_is_an_error(tmp_path):
    path = write(tmp_path, "js.html", b"<html><script>render()</script><div> </div></html>")
    with pytest.raises(SourceError) as info:
        read_page(path)
    assert info.value.reason == "no visible text (only markup, scripts or comments)"


def test_100k_nested_divs(tmp_path):
    depth = 100_000
    html = "<html><body>\n" + "<div>" * depth + "\n深处的文字" + "</div>" * depth + "\n<p>尾</p>"
    page = read_page(write(tmp_path, "deep.html", html.encode()))
    assert page.lines == (Line("深处的文字", 3), Line("尾", 4))


@pytest.mark.parametrize(
    ("source", "text"),
    [("<a " * 120_000, []), ("<a a=" * 120_000, []), ("</a " * 200_000, []),
     ("<!--" * 200_000, []), ("<!" * 500_000, []), ("<?" * 500_000, []), ("</$" * 300_000, []),
     ('<a b="' * 100_000, []), ("x<" * 500_000, ["x"])],
)  # fmt: skip
def test_malformed_input_gives_its_visible_text(source, text):
    # CPython's html.parser needed about an hour for some of these (gh-135462); the time per file
    # is measured in bench/hostile.py, not here.
    lines, _ = extract(source)
    assert [line.text for line in lines] == text


def test_lone_less_than_signs_are_text():
    lines, _ = extract("<p>" + "<" * 100_000 + "</p>")
    assert lines == [Line("<" * 100_000, 1)]


def test_server_tags_of_a_saved_template_are_no_text():
    # tests/real/files/gov_portal/linan_2013_city_office_notice.html and the ebid pages: JSP pages
    # saved as they are stored, "<%@ page contentType=…%>" and includes before the HTML
    from jianghua.sources.html import extract

    page = (
        '<%@ page contentType="text/html; charset=GBK"%>\n<%@ include file="/view/head.jsp" %>\n'
        "<html><body><p>同志们：</p><?php echo $a->title; ?><p>今天开会。</p></body></html>"
    )
    lines, _title = extract(page)
    assert [line.text for line in lines] == ["同志们：", "今天开会。"]
