"""An HTML page's main content is kept; the site chrome around it becomes noise with a reason."""

from jianghua.clean.main_content import REASON, strip_outside_main
from jianghua.sources import read_page

PARAGRAPH = "今年以来，全县上下认真贯彻落实中央和省市决策部署，经济社会发展保持稳中有进的良好态势。"
PAGE = (
    """<html><head><title>在全县经济工作会议上的讲话 - 某某县人民政府</title></head><body>
<div id="nav"><a href="/">首页</a> <a href="/a">政务公开</a> <a href="/b">办事服务</a></div>
<div class="side"><ul><li><a href="/x">县长信箱</a></li><li><a href="/y">网上办事大厅</a></li></ul></div>
<div class="article">
<h1>在全县经济工作会议上的讲话</h1>
<p>——2024年1月5日</p>
<p>县长 张三</p>
<p>同志们：</p>
"""
    + "\n".join(f"<p>{PARAGRAPH}第{k}点。</p>" for k in range(12))
    + """
<p>谢谢大家！</p>
</div>
<div id="footer"><p>地址：某某县人民路1号 邮编：000000</p><p>打印正文</p></div>
</body></html>"""
)


def test_chrome_goes_with_a_reason_and_the_speech_stays_with_its_lines(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    page = read_page(path)
    out = strip_outside_main(page)
    kept = [line.text for line in out.lines]
    assert "同志们：" in kept and "谢谢大家！" in kept and sum(PARAGRAPH in t for t in kept) == 12
    assert "县长 张三" in kept  # the header above the body is kept
    removed = {e.before: e.reason for e in out.edits}
    assert removed.get("打印正文") == REASON and REASON == removed.get("县长信箱")
    assert not any("人民路1号" in t for t in kept)
    original = {line.source_line: line for line in page.lines}
    assert all(original[line.source_line] == line for line in out.lines)


def test_a_page_without_a_clear_main_content_keeps_every_block(tmp_path):
    path = tmp_path / "short.html"
    path.write_text("<p>同志们：</p><p>会议很重要。</p><p>谢谢大家！</p>", encoding="utf-8")
    page = read_page(path)
    assert strip_outside_main(page) is page


REAL_NEWS = __import__("pathlib").Path(__file__).parents[1] / "real/files/news"


def test_a_letters_title_and_signature_outside_the_main_block_are_kept():
    # tests/real/files/news/c12g_skhkeioi_principal_jan2014_letter.html: the title, then the
    # letter in its own cell, then "陳嘉文校長" and "二零一四年一月三日" each in a cell of its own;
    # the column's list of letters, each dated (2014-02-15), stands above
    from jianghua.pipeline import process_page

    page = read_page(REAL_NEWS / "c12g_skhkeioi_principal_jan2014_letter.html")
    kept = [line.text for line in strip_outside_main(page).lines if line.text.strip()]
    assert "數算主恩 展望將來 2013/2014 年度一月份通訊" in kept
    assert kept[-2:] == ["陳嘉文校長", "二零一四年一月三日"]
    assert "首頁 >" not in kept
    _page, (speech,) = process_page(page)
    meta = speech.structure["meta"]
    assert speech.title == "数算主恩 展望将来"
    assert meta["speaker"]["value"] == "陈嘉文" and meta["date"]["value"] == "2014-01-03"
