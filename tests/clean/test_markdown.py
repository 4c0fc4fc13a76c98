"""Pages a crawler or a blog saved as Markdown: front matter out, marks off, each as an edit."""

from pages import text_page

from jianghua.clean.markdown import is_markdown, strip_markdown
from jianghua.pipeline import process_page

BODY = "今天，我们在这里隆重集会，热烈庆祝学校建校100周年。我们要不忘初心、砥砺前行。" * 2
# a Hexo post as tests/real_new/files/news/nankai_2020_graduation_cao_xuetao.txt has it
POST = [
    "---",
    "title: 南开大学->心怀天下 做新时代奋斗者——张华校长在2020年毕业典礼上的讲话 | ",
    "date: 2020-06-28 15:31:30",
    "tags: ",
    "- 南开大学",
    "---",
    "**张华**",
    "",
    "（2020年6月28日）",
    "",
    "摄影 李四",
    "",
    "亲爱的毕业生同学们：",
    BODY,
    "**新征程，再出发。**" + BODY,
    "![图](http://news.example.edu.cn/pic/1.jpg)",
    "[转入文章首发地址](http://news.example.edu.cn/a.shtml)",
    "谢谢大家！",
]


def test_front_matter_pictures_and_links_are_removed_with_their_reasons():
    page = strip_markdown(text_page(POST))
    texts = [line.text for line in page.lines]
    assert texts[0] == "张华" and "---" not in texts
    assert not any("http" in t for t in texts)
    reasons = {e.reason for e in page.edits if e.kind == "noise"}
    assert reasons == {"front matter", "picture or link"}
    assert page.meta["front_matter"]["date"] == "2020-06-28 15:31:30"
    (bold,) = [e for e in page.edits if e.kind == "markup" and e.line == 15]
    assert bold.after.startswith("新征程，再出发。今天")


def test_a_post_gives_its_speech_title_speaker_and_date():
    _page, (speech,) = process_page(text_page(POST))
    assert speech.title == "心怀天下 做新时代奋斗者"
    meta = speech.structure["meta"]
    assert meta["speaker"]["value"] == "张华" and meta["date"]["value"] == "2020-06-28"
    assert speech.text.startswith("亲爱的毕业生同学们") and "摄影" not in speech.text


def test_plain_text_with_one_star_pair_is_no_markdown():
    page = text_page(["同志们：", "我们要把**工作抓实。", BODY])
    assert not is_markdown(page) and strip_markdown(page) is page


def test_headings_and_quotes_lose_their_marks():
    page = strip_markdown(text_page(["# 中国人民站起来了", "> 这是开幕词。", BODY]))
    assert [line.text for line in page.lines][:2] == ["中国人民站起来了", "这是开幕词。"]


def test_a_heading_on_the_first_line_makes_a_page_markdown():
    # tests/real/files/compilation/mao_1955_party_conference_opening_and_conclusion.txt line 1
    page = text_page(["# 在中国共产党全国代表会议上的讲话  ", "(一九五五年三月)  ", BODY])
    assert is_markdown(page)
    assert strip_markdown(page).lines[0].text == "在中国共产党全国代表会议上的讲话"


def test_one_star_emphasis_loses_its_marks_but_bullets_and_products_keep_theirs():
    # tests/real/files/wenku/c12b_yongjiang_yanjianggao_md.txt: "*(多媒体状态：……)*" lines
    lines = [
        "# 演讲稿：邕江",
        "*(多媒体状态：展示首屏)*",
        "* 首先是**凸岸堆积**",
        "面积是2*3平方米",
        BODY,
    ]
    page = strip_markdown(text_page(lines))
    texts = [line.text for line in page.lines]
    assert "(多媒体状态：展示首屏)" in texts
    assert "* 首先是凸岸堆积" in texts and "面积是2*3平方米" in texts


def test_a_fenced_code_block_is_no_text_of_the_speech():
    # tests/real/files/wenku/c12b_jinnuo_fayan_md.txt: drafts pasted under "```javascriptj"
    lines = [
        "## **发言稿**",
        BODY,
        "```javascript",
        "集思仪器作为此次大会的参与厂商",
        "```",
        "谢谢大家！",
    ]
    page = strip_markdown(text_page(lines))
    assert "集思仪器作为此次大会的参与厂商" not in [line.text for line in page.lines]
    assert [e.reason for e in page.edits if e.kind == "noise"] == ["code block"] * 3
    # a fence never closed opens nothing
    page = strip_markdown(text_page(["## 发言稿", "**同志们**", "```", BODY]))
    assert BODY in [line.text for line in page.lines]


def test_bold_on_several_lines_with_list_items_is_markdown_saved_as_text():
    # tests/real/files/wenku/c12e_goalscope_xiangmu_huibao.txt: "**问题背景：**" read as masks
    lines = [
        "**问题背景：**",
        BODY,
        "**需求目标：**",
        "- 自动处理比赛视频",
        "- 自动识别球员",
        "- 量化输出",
        "**总结：**",
    ]
    assert is_markdown(text_page(lines))
    # one masked name in a plain text is no Markdown
    assert not is_markdown(text_page(["**县委书记在全县大会上的讲话", "- 一", "- 二", "- 三"]))


def test_html_inline_in_a_post_loses_its_tags():
    lines = [
        "# 致辞",
        BODY,
        "<figure>",
        '<img src="a.jpg">',
        "<figcaption>郑若骅出席典礼。何君健摄</figcaption>",
        "</figure>",
    ]
    page = strip_markdown(text_page(lines))
    texts = [line.text for line in page.lines]
    assert not any("<" in t for t in texts) and "郑若骅出席典礼。何君健摄" not in texts
    # a <figcaption> is a picture's caption, on one line or on the lines between its tags
    assert [e.reason for e in page.edits if e.line == 5] == ["photo caption"]
    lines = ["# 致辞", BODY, "<figcaption>", "世 界 说<br />小世儿 译", "</figcaption>", BODY]
    page = strip_markdown(text_page(lines))
    assert [line.text for line in page.lines if line.text.strip()] == ["致辞", BODY, BODY]
    assert [e.line for e in page.edits if e.reason == "photo caption"] == [3, 4, 5]


def test_underscore_emphasis_loses_its_marks_but_not_a_words_underscores():
    page = strip_markdown(
        text_page(["# 致辞", BODY, "_翻译：范韵欣 徐宁晨_", "见 file_name_x 一项"])
    )
    texts = [line.text for line in page.lines]
    assert "翻译：范韵欣 徐宁晨" in texts and "见 file_name_x 一项" in texts


def test_a_front_matter_title_with_a_comma_titles_the_post():
    from jianghua.pipeline import process_page

    lines = [
        "---",
        "layout: post",
        "title: 寻找 “北大精神”，拒绝容忍权力无限扩张",
        "---",
        BODY,
        BODY,
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "寻找 “北大精神”，拒绝容忍权力无限扩张"


def test_a_section_heading_over_the_first_section_yields_to_the_posts_title():
    from jianghua.pipeline import process_page

    # tests/real/files/wechat/c13b_t2049_xinwenshiyanshi_2019_fang_kecheng_hkbu_talk.txt
    lines = ["---", "title: 让世界变得好一点，这是我的做法和思考", "---"]
    lines += ["## 让更优质的信息指引我们作出更明智的决定", "谢谢洁平。大家好！", BODY, BODY]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "让世界变得好一点，这是我的做法和思考"
    # a post whose only heading is "# …" keeps that heading as its title
    lines = ["---", "title: 站点存档", "---", "# 在开学典礼上的讲话", "同学们：", BODY, BODY]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "在开学典礼上的讲话"


def test_a_mark_written_as_itself_loses_its_backslash():
    # tests/real/files/wechat/c13b_t2049_shijieshuo_2019_trump_sotu_translation.txt
    page = strip_markdown(text_page(["# 致辞", BODY, "责任编辑 \\| 朱逸蕾", "运营编辑 \\| 贾珍珍"]))
    texts = [line.text for line in page.lines]
    assert "责任编辑 | 朱逸蕾" in texts
