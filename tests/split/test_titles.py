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
    # the subtitle names the speaker before the occasion (sxyz_2019_coming_of_age_principal.html)
    assert main_title("十八而志，青春万岁——王琛校长在2020届高三年级成人礼上的致辞") == (
        "十八而志，青春万岁"
    )
    # ... and a dash inside a title is not a subtitle
    assert main_title("不忘初心——牢记使命") == "不忘初心——牢记使命"


def test_a_speaker_before_a_quoted_title_is_not_the_title():
    # sxyz_2010_bureau_chief_annual_meeting.html
    assert main_title("陈国阳局长《在全市教育系统年度工作会议上的讲话》") == (
        "在全市教育系统年度工作会议上的讲话"
    )
    long = "现摘录陈国阳局长在会上的讲话要点供全体教工学习《在全市教育系统年度工作会议上的讲话》"
    assert main_title(long) == long  # more than a name before it: not a title line of that kind


def test_a_news_lead_names_the_speech_it_carries():
    from pages import text_page

    from jianghua.pipeline import process_page

    lines = [
        "11月30日，国家主席习近平在巴黎出席气候变化大会开幕式并发表题为《携手构建合作共赢、"
        "公平合理的气候变化治理机制》的重要讲话。新华社记者 黄敬文 摄",
        "尊敬的各位同事，",
        "女士们，先生们，朋友们：",
        "今天，我们齐聚巴黎，出席联合国气候变化巴黎大会开幕式，共商应对气候变化的大计。",
        "谢谢大家。",
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "携手构建合作共赢、公平合理的气候变化治理机制"
    assert speech.title_source == "news lead"
    # a lead that names no title gives none
    _page, (speech,) = process_page(
        text_page([lines[0].split("并发表")[0] + "。新华社记者 黄敬文 摄", *lines[1:]])
    )
    assert speech.title_source != "news lead"


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
