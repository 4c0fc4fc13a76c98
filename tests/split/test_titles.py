"""Titles: stated by the page (header, <h1>/<title>, 文库), else derived from the occasion."""

from jianghua.split.titles import file_title, main_title, site_title, wenku_title


def test_site_title_drops_the_site_and_column_names():
    assert site_title("在全县经济工作会议上的讲话 - 某某县人民政府") == "在全县经济工作会议上的讲话"
    assert (
        site_title("顺应时代前进潮流 促进世界和平发展_新华网")
        == "顺应时代前进潮流 促进世界和平发展"
    )
    assert site_title("马校长《在2010级新生军训开营式上的讲话》 党政办 绍兴市第一中学") == (
        "在2010级新生军训开营式上的讲话"
    )
    assert site_title("首页") is None


def test_a_title_line_carrying_its_subtitle_keeps_the_main_title():
    assert main_title("走 向 远 方——在2020届高三学生毕业典礼上的讲话") == "走 向 远 方"
    assert main_title("政府工作报告") == "政府工作报告"


def test_wenku_names_lose_the_download_words():
    assert wenku_title("2021年在关工委工作会议上的讲话范文稿Word文件下载") == (
        "2021年在关工委工作会议上的讲话"
    )
    assert file_title("在全市安全生产工作会议上的讲话Word文件下载.docx") == (
        "在全市安全生产工作会议上的讲话"
    )
    assert file_title("index.html") is None and file_title("20240105.docx") is None


def test_a_title_may_hold_a_comma_but_not_a_full_stop():
    from jianghua.split.header import is_title_text

    assert is_title_text("解放思想，独立思考")
    assert is_title_text("启航新征程：追梦报国，奋进拼搏！")
    assert not is_title_text("今年以来，全县经济社会发展保持良好势头。")
    assert not is_title_text("各位代表，")  # ends as a clause does


def test_a_title_with_a_dated_subtitle_keeps_the_main_title():
    assert main_title("2003年政府工作报告——2003年3月5日在第十届全国人民代表大会第一次会议上") == (
        "2003年政府工作报告"
    )
    assert site_title("走 向 远 方——在2020届高三学生毕业典礼上的讲话_校长专栏") == "走 向 远 方"
