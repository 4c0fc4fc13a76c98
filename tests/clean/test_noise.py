"""Noise removal: one rule per test, positive and negative, and the Edit/meta bookkeeping."""

from __future__ import annotations

import pytest
from pages import text_page

from jianghua.clean.noise import classify, strip_noise
from jianghua.records import Edit, Line, Page


def make_page(texts, meta=None, source_lines=None, edits=()):
    numbers = source_lines or [i + 1 for i in range(len(texts))]
    return Page(
        path="t.txt",
        name="t.txt",
        sha256="x",
        encoding="utf-8",
        format="txt",
        lines=tuple(Line(t, n) for t, n in zip(texts, numbers, strict=True)),
        original=tuple(texts),
        meta=dict(meta or {}),
        edits=tuple(edits),
    )


WENKU_LINE = "上传人:wei****016 文档编号:14566431 上传时间:2022-10-23 格式:DOCX 页数:9 大小:18.92KB"
ARTICLE_LINE = "发表时间:2009-12-01 查看次数:95 来源:仪陇县委办 [关闭]"

NOISE = [
    # reposted posts (tests/real/files/wechat/c13b_t2049_*.txt, c13b_hust_*.txt)
    ("原文来自订阅号「新闻实验室」：~~让世界变得好一点~~", "publication trailer"),
    ("文章来自微信 故问研修班", "publication trailer"),
    ("本文来源：公众号《邓学平律师》", "publication trailer"),
    ("文字编辑：司晋丽", "editorial note"),
    ("本文作者：邓学平（张扣扣委托辩护律师）", "publication trailer"),
    # the note a book sets under a letter's title (c13c_mao_1954_honglou_letter_not_speech.txt)
    ("这是毛泽东同志写给中共中央政治局的同志和其他有关同志的一封信。", "editor's note on the text"),
    ("新媒体编辑：杨明珠（实习）", "editorial note"),
    ("文字：刘佳妮", "editorial note"),
    ("翻译：范韵欣 徐宁晨 张涵宇", "editorial note"),
    (
        "编者按：美国当地时间2月5日晚9点，美国总统在国会发表国情咨文。以下是全文翻译。",
        "editor's note on the text",
    ),
    (
        "【按】2月20日，张洁平邀请我以Skype连线的方式和同学们做一次分享。",
        "editor's note on the text",
    ),
    # university news (tests/real/files/news/c13a_hust_*.txt, c13a_zuel_*.txt)
    ("新闻网讯　10月6日，华中科技大学建校60周年庆祝大会在光谷体育馆隆重举行。", "news lead"),
    ("新闻网讯 （记者 陈 博） 6月26日，我校2010年毕业典礼在东运动场隆重举行。", "news lead"),
    ("本网相关报道：李校长解读我校危机:“别为排名所累”", "related-article list"),
    ("转载自校报，演讲全文有删节。", "publication trailer"),
    ("转自人民日报", "publication trailer"),
    # a talk script's page cues (c13d_apitest_api_sharing_talk.docx)
    ("Page1 开始", "slide cue"),
    ("（打开PPT）", "slide cue"),  # c13g_zynq_masked_face_demo_talk.pdf
    # a site's appeal for subscribers (c12g_hkcnews_*.txt) and a WeChat post's end mark
    (
        "请加入成为众新闻的月费订户，长期支持我们的工作。所有订户都可以收到我们的通讯。",
        "advertisement",
    ),
    ("月费订户 网址：hkcnews.com/aboutus/#subscribe", "advertisement"),
    ("END", "separator"),
    # portal and news chrome in a text dump
    ("【新华社北京3月5日电】", "dateline"),
    ("央视网消息（新闻联播）：", "dateline"),
    ("人民网-人民日报", "site widget"),
    ("本报记者 张三", "editorial note"),
    ("信息来源：县政府办", "article metadata"),
    ("发布者：管理员", "article metadata"),
    ("【大 中 小】", "site widget"),
    ("网站标识码：1234567890", "site widget"),
    ("主办单位：某某县人民政府办公室", "site widget"),
    # a WeChat post's and a news page's furniture
    ("▲ 会议现场", "photo caption"),
    ("△ 特朗普在国会发表国情咨文/视觉中国", "photo caption"),
    ("▲ 9月10日，市委书记张三在会上讲话。", "photo caption"),
    ("图片来源：网络", "photo caption"),
    ("（央视新闻客户端）", "publication trailer"),
    ("视频加载中...", "site widget"),
    ("点击蓝字关注我们", "site widget"),
    ("扫码关注我们", "site widget"),
    ("文/张三", "editorial note"),
    ("撰文：张三", "editorial note"),
    ("- END -", "separator"),
    ("PAGE3结束", "slide cue"),
    ("注：参考自https://zhuanlan.zhihu.com/p/129145182", "publication trailer"),  # c12h host script
    # captions and notes of a Hong Kong news post (c12g_hkcnews_2019_teresa_cheng_legal_year_speech.txt)
    ("律政司司长郑若骅出席法律年度开启典礼。何君健摄", "photo caption"),
    ("郑若骅指，宪法和基本法共同构成香港特区的宪制基础。资料图片", "photo caption"),
    # a WeChat account's chrome as its crawler wrote it (c12f_scnu_2023_*.txt)
    ("点击下方小程序可选购最新华师文创", "site widget"),
    ("#往期回顾#", "site widget"),
    ("供稿丨党委学生工作部采写丨李晓昕 吴祖儿摄影丨陆芊骅 吴昊", "editorial note"),
    ("执行编辑丨曾海盈 吴祖儿 区敏", "editorial note"),
    # a timed defence script (c12f_ustc_lc_grid_defense_script.pdf)
    ("00:00–00:30 封面 + 引言 P1-P4", "slide cue"),
    ("总时长：6 min", "slide cue"),
    ("（翻封面、摘要、大纲）", "slide cue"),
    # 演讲稿 scripts from personal repositories (tests/real/files/wenku/c12e_*.txt)
    ("========================================", "separator"),
    ("---", "separator"),
    ("＊＊＊", "separator"),
    ("好的，那我帮你把演讲稿压缩整合成3个大部分，中英文双语呈现。", "chatbot's words"),
    ("你要我帮你做PPT提纲版吗？这样直接就能上课用。", "chatbot's words"),
    ("（此部分由演讲者现场自行演示并讲解，建议涵盖以下流程：）", "slide cue"),
    ("（演讲稿完）", "slide cue"),
    ("(总时长约 6-8 分钟)", "slide cue"),
    ("【开场 — 30秒】", "slide cue"),
    # gov.cn's page chrome inside a crawl's record (c12d_govcn_2025_liqiang_sco_speech_record.json)
    ("字号：默认", "site widget"),
    ("超大", "site widget"),
    ("来源：", "site widget"),
    ("2025-11-19 00:58", "site widget"),
    ("央广网北京11月11日消息", "dateline"),  # c12d_osmoy_2014_xi_apec_banquet_news.html
    ("以下是无忧考网为您整理的《企业2019年新年贺卡祝词》，希望大家能够喜欢。", "collection blurb"),
    # a presentation script's cues: c12b_southwalker_dabian_gbk.txt, c12b_yongjiang_yanjianggao_md.txt
    ("翻页", "slide cue"),
    ("出图", "slide cue"),
    ("🎤 幻灯片 2：地形骨架 —— 于盆地、丘陵与河谷间，唤醒一座绿城", "slide cue"),
    ("(多媒体状态：展示南宁绿城地形地图 assets/nanning_lvcity_map.png)", "slide cue"),
    ("【演讲台词】", "slide cue"),
    ("(等待视频播放完毕或减弱声音，手动切换到下一页)", "slide cue"),
    ("MESSAGE FROM THE PRESIDENT", "site widget"),  # c12a_jinye_chairman_message.html
    # navigation bars
    ("网站首页 工作范例 办公范例 个人范例 党团范例", "navigation"),
    ("網站首頁 工作範例 辦公範例 個人範例 黨團範例 簡歷範例", "navigation"),
    # collection titles
    ("领导讲话(精选16篇)", "collection title"),
    ("领导讲话（精选16篇）", "collection title"),
    ("党的群团工作会议上的讲话(精选22篇)", "collection title"),
    ("[党规党纪心得体会2021年8月份]2020年12月份最新工作会议讲话汇编(59篇)", "collection title"),
    ("最新领导讲话稿合集10篇", "collection title"),
    # blurbs
    (
        "环境保护事关人民群众的根本利益。下面是本站小编给大家整理的全市环保工作会议上领导的讲话,仅供参考。",
        "collection blurb",
    ),
    ("以下是为大家整理的关于,欢迎品鉴!", "collection blurb"),
    ("请大家参考以下总结范文,以便更好地理解总结写作的方法和技巧。", "collection blurb"),
    ("希望对大家有所帮助", "collection blurb"),
    # 文库 metadata, titles, widgets
    (WENKU_LINE, "文库 metadata"),
    ("2021年在关工委工作会议上的讲话范文稿Word文件下载.docx", "文库 document title"),
    ("2021年在关工委工作会议上的讲话范文稿Word文件下载.docx_第2页", "文库 document title"),
    ("《讲话稿.docx》由会员分享,可在线阅读,更多相关《讲话稿》请在冰豆网上搜索。", "文库 blurb"),
    ("下载 相关 举报", "文库 widget"),
    ("点击查看更多>>", "文库 widget"),
    ("点选检视更多>>", "文库 widget"),  # converted back from 點選檢視更多 without the phrase table
    ("相关搜寻", "文库 widget"),
    ("展开阅读全文", "文库 widget"),
    ("相关资源", "文库 widget"),
    ("猜你喜欢", "文库 widget"),
    ("相关搜索", "文库 widget"),
    ("下载资源", "文库 widget"),
    ("资源描述", "文库 widget"),
    ("最新动态推荐内容", "文库 widget"),
    ("当前位置:首页 > 人文社科 > 广告传媒", "文库 widget"),
    ("  展开阅读全文  ", "文库 widget"),
    # copyright / ICP
    ("copyright@ 2008-2022 冰豆网网站版权所有", "copyright notice"),
    ("经营许可证编号:鄂ICP备2022015515号-1", "copyright notice"),
    ("Copyright © 2020 范文网 All Rights Reserved", "copyright notice"),
    # pagination
    ("第1页 / 共9页", "pagination"),
    ("共", "pagination"),
    ("3", "pagination"),
    ("页,当前第。", "pagination"),
    ("页", "pagination"),
    ("[1][2][3][4]下一页", "pagination"),
    ("[1]", "pagination"),
    ("上一页", "pagination"),
    ("本文章共2页,当前在第2页", "pagination"),
    # ads
    ("文章代写:13258028938(同微信) 代写演讲稿 文章代写 代写演讲稿", "advertisement"),
    ("联系电话:13258028938", "advertisement"),
    # prev/next
    ("上一篇: [党纪党规心得体会1500字内容]党纪党规心得体会 >", "prev/next link"),
    ("下一篇:在全县经济工作会议上的讲话", "prev/next link"),
    # article metadata
    (ARTICLE_LINE, "article metadata"),
    ("栏目: 党建党委讲话稿 / 释出于: / 人气:1.77W", "article metadata"),
    ("发布日期:2020-01-02", "article metadata"),
    # what news and portal pages add around a text (real pages: 人民网, 新华网, gov.cn)
    ("来源:新华网", "publication trailer"),
    ("2015年07月21日13:32 来源：人民网", "publication trailer"),
    ("《人民日报》（2013年09月06日02版）", "publication trailer"),
    ("新华社记者 李涛 摄", "photo caption"),
    ("政府工作报告。 贵州日报天眼新闻记者 李森 摄", "photo caption"),  # prov2026_guizhou.txt line 1
    ("图为会议现场。", "photo caption"),
    ("新华社北京12月31日电", "dateline"),
    ("（本报布拉柴维尔3月29日电）", "dateline"),
    ("（责任编辑： 郭桢）", "editorial note"),
    ("原标题：习近平在莫斯科国际关系学院的演讲", "editorial note"),
    ("标签：讲话 领导", "editorial note"),
    ("（这是邓小平同志在中共中央工作会议上的讲话。）", "editor's note on the text"),
    # tests/real/files/compilation/dxp_excerpt_071_073.txt line 99 (a "?" the encoding lost)
    (
        "?　　（摘自邓小平同志会见以竹入义胜委员长为团长的日本公明党第八次访华团时的谈话。 ）",
        "editor's note on the text",
    ),
    # dxp_excerpt_119_121.txt line 24
    (
        "（这两段话分别摘自邓小平同志一九八五年五月二十日同陈鼓应教授的谈话。）",
        "editor's note on the text",
    ),
    ("（原载1984年6月30日《人民日报》）", "editor's note on the text"),
    ("转载请注明出处，如有侵权请联系删除。", "licence notice"),
    ("【字体：大 中 小】", "site widget"),
    ("中央政府门户网站　www.gov.cn", "site widget"),
    ("欢迎来到第一范文网", "site widget"),
    ("讲话稿范文3篇", "collection title"),
]

CONTENT = [
    "大中小学要加强思政课建设。",
    "主办单位要高度重视，认真组织好这次活动。",
    "主办：我们要把大会办好，办出特色。",
    "记者要深入基层。",
    "互联网—新时代的引擎",
    "▲一是要加强领导，二是要落实责任，三是要强化考核，确保各项任务落到实处。我们要坚定信心。",
    "文：我们要坚持实事求是，一切从实际出发。",
    "点击关注，我们要努力工作。",
    "我们要成为人民满意的服务者，加入为人民服务的行列。",
    "ENDING",
    "我们的新闻网讯息很多，要注意。",
    "转自今年以来，我们的工作取得了很大成绩，各项指标全面完成。",
    "文字：这是我们今天要讨论的第一个问题。",
    "本文是我在全县大会上的讲话提纲，请大家讨论。",
    "按照县委的部署，我们要把工作抓实抓细。",
    "Page 是一个网页，也是我们这次分享的主题之一，请大家记住。",
    "同志们:",
    "谢谢大家!",
    "谢谢大家。",
    "一、统一认识",
    "一、 坚持正确方向 加强领导",  # three tokens: not a navigation bar
    "加强执政能力建设 夯实团结奋进基础 努力为**经济社会快速发展提供坚强的保证",  # long tokens
    "2020年是极不平凡的一年。面对新冠肺炎疫情冲击,全市各级关工委积极作为,取得了显著成绩。",
    "领导在全市关工委工作会议上的讲话篇一",  # an item marker, not a collection title
    "党的群团工作会议上的讲话 篇1",
    "第一篇:杨钊同志在全区工会创新和亮点工作观摩会上的讲话",
    "下面,我讲三点意见:",
    "同志们、朋友们!",
    "李 炎",
    "(2009年10月30日)",
    "——在2011年秋学期开学工作会上的讲话",
    "第一",
    "最后,祝大家身体健康、工作顺利!",
    # lines that share words with the news rules and are content
    "资金来源:县财政预算安排,不足部分由乡镇自筹。",
    "这是我们必须牢牢把握的根本要求。",
    "(根据会议安排,下面我讲三点意见)",
    "2020.07.13",  # tests/real/files/gov_portal/sxyz_2020_freshmen_principal.html: the date, no pager
    "（这项工作摘自年度计划，由各单位分头落实）",  # 这 + a noun, not 这段/这篇
    "摘自文件的内容要注明出处。",  # not in parentheses
    "编辑部的同志们,大家辛苦了!",
    "图书馆建设要加快推进,年内完成主体工程。",
    "(一)全力抓好产业培育。产业培育是富民强县的第一要务,任何时候都不能放松。",
    "2020 年 3 月 28 日",  # c12a_jinye_chairman_message.html: a spaced date, not a menu
    "APEC",  # an acronym alone, not a banner
    "注：本次会议不安排午餐。",
    "2020年10:30开会",
    "#",
    "……",
    "我可以帮你们解决实际困难。",
    "【第一部分：做什么 — 功能全景（1分钟）】",
    "    科目余额计算 ×10  —— 0.06 秒",  # figures, not a menu
    "  支持 Python 3.10 / 3.11 / 3.12 三个版本",
    "That's all. Thank you.",  # a sentence, not a menu
    "（掌声）",
    "2025年11月19日",  # a date alone is no stamp to the minute
    "大家好",
    "第一张图表说明了问题",  # not a slide's heading
    "（掌声）",
    "我们翻页到新的篇章，出图出表都要认真。",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "reason"), NOISE)
def test_classify_noise(text, reason):
    assert classify(text) == reason


@pytest.mark.parametrize("text", CONTENT)
def test_classify_content(text):
    assert classify(text) is None


@pytest.mark.parametrize(("text", "reason"), NOISE)
def test_strip_noise_removes_line_with_one_edit(text, reason):
    page = make_page(["同志们:", text, "谢谢大家!"], source_lines=[7, 8, 9])
    out = strip_noise(page)
    assert [(line.text, line.source_line) for line in out.lines] == [
        ("同志们:", 7),
        ("谢谢大家!", 9),
    ]
    assert out.edits == (Edit(kind="noise", line=8, before=text, after="", reason=reason),)


def test_strip_noise_keeps_content_and_blank_lines():
    page = make_page(CONTENT)
    out = strip_noise(page)
    assert out.lines == page.lines
    assert out.edits == ()
    assert out.meta == {}


def test_collection_title_length_guard():
    long_line = "为深入贯彻落实党中央决策部署" * 6 + "(精选16篇)"
    assert len(long_line) >= 80
    assert classify(long_line) is None


def test_copyright_length_guard():
    text = (
        "要加强知识产权保护工作,依法打击侵犯著作权的违法行为,切实维护版权所有人的合法权益,"
        "营造尊重知识、尊重创造的良好社会氛围,为建设创新型城市提供有力的法治保障,"
        "推动文化产业和数字经济持续健康发展,不断满足人民群众日益增长的精神文化需求和美好生活向往。"
    )
    assert len(text) >= 120
    assert classify(text) is None


def test_navigation_needs_four_short_tokens_and_no_punctuation():
    assert classify("网站首页 工作范例 办公范例 个人范例") == "navigation"
    assert classify("网站首页 工作范例 办公范例") is None  # three tokens
    assert classify("网站首页 工作范例 办公范例 个人范例,") is None  # punctuation
    assert classify("网站首页 工作范例 办公范例 个人范例范例范例") is None  # token of 8 chars


def test_mixed_page_edits_in_order():
    texts = [
        "网站首页 工作范例 办公范例 个人范例 党团范例",
        "领导讲话(精选16篇)",
        "下面是本站小编给大家整理的领导讲话,仅供参考。",
        "领导在全市关工委工作会议上的讲话篇一",
        "同志们:",
        "2020年是极不平凡的一年。面对疫情冲击,全市上下团结一心。",
        "谢谢大家!",
        "共",
        "3",
        "页,当前第。",
    ]
    out = strip_noise(make_page(texts))
    assert [line.source_line for line in out.lines] == [4, 5, 6, 7]
    assert out.edits == (
        Edit("noise", 1, texts[0], "", "navigation"),
        Edit("noise", 2, texts[1], "", "collection title"),
        Edit("noise", 3, texts[2], "", "collection blurb"),
        Edit("noise", 8, "共", "", "pagination"),
        Edit("noise", 9, "3", "", "pagination"),
        Edit("noise", 10, "页,当前第。", "", "pagination"),
    )


def test_wenku_metadata_fields():
    out = strip_noise(make_page(["正文第一段。", WENKU_LINE, "正文第二段。"]))
    assert out.meta["wenku"] == {
        "uploader": "wei****016",
        "doc_id": "14566431",
        "uploaded": "2022-10-23",
        "format": "DOCX",
        "pages": "9",
        "size": "18.92KB",
    }
    assert out.edits == (Edit("noise", 2, WENKU_LINE, "", "文库 metadata"),)
    assert "line_meta" not in out.meta


def test_wenku_metadata_partial_fields():
    out = strip_noise(make_page(["上传人:abc 上传时间:2022-1-5"]))
    assert out.meta == {"wenku": {"uploader": "abc", "uploaded": "2022-1-5"}}


def test_wenku_document_title_first_one_kept():
    texts = [
        "2021年在关工委工作会议上的讲话范文稿Word文件下载.docx",
        WENKU_LINE,
        "2021年在关工委工作会议上的讲话范文稿Word文件下载.docx_第1页",
        "第1页 / 共9页",
        "另一个标题.pdf",
    ]
    out = strip_noise(make_page(texts))
    assert out.lines == ()
    assert out.meta["wenku"]["doc_title"] == "2021年在关工委工作会议上的讲话范文稿Word文件下载"
    assert [e.reason for e in out.edits] == [
        "文库 document title",
        "文库 metadata",
        "文库 document title",
        "pagination",
        "文库 document title",
    ]


def test_article_metadata_values_kept_by_source_line():
    page = make_page(
        ["杨建华同志在第四季度工作推进会上的讲话", ARTICLE_LINE, "同志们:"],
        source_lines=[59, 60, 61],
    )
    out = strip_noise(page)
    assert out.meta["line_meta"] == {
        60: {"published": "2009-12-01", "views": "95", "from": "仪陇县委办"}
    }
    assert out.edits == (Edit("noise", 60, ARTICLE_LINE, "", "article metadata"),)
    assert [line.source_line for line in out.lines] == [59, 61]


def test_article_metadata_without_values_leaves_no_line_meta():
    out = strip_noise(make_page(["栏目: 党建党委讲话稿 / 释出于: / 人气:1.77W", "同志们:"]))
    assert [e.reason for e in out.edits] == ["article metadata"]
    assert "line_meta" not in out.meta


def test_strip_noise_keeps_existing_edits_and_meta_and_does_not_mutate_input():
    earlier = Edit("script", 1, "同志們:", "同志们:", "")
    page = make_page(
        ["同志们:", "展开阅读全文", ARTICLE_LINE],
        meta={"x": 1, "line_meta": {5: {"views": "3"}}},
        edits=[earlier],
    )
    out = strip_noise(page)
    assert out.edits == (
        earlier,
        Edit("noise", 2, "展开阅读全文", "", "文库 widget"),
        Edit("noise", 3, ARTICLE_LINE, "", "article metadata"),
    )
    assert out.meta == {
        "x": 1,
        "line_meta": {
            5: {"views": "3"},
            3: {"published": "2009-12-01", "views": "95", "from": "仪陇县委办"},
        },
    }
    # the input page is unchanged
    assert len(page.lines) == 3
    assert page.edits == (earlier,)
    assert page.meta == {"x": 1, "line_meta": {5: {"views": "3"}}}


def test_edit_before_is_the_raw_line_text():
    out = strip_noise(make_page(["  展开阅读全文  "]))
    assert out.edits == (Edit("noise", 1, "  展开阅读全文  ", "", "文库 widget"),)


# --- bugs found while writing these tests: content removed as noise -------------------------


def test_bug_spaced_numbered_heading_is_not_navigation():
    assert classify("一、统一思想 提高认识 明确任务 狠抓落实") is None


def test_bug_speech_sentence_with_yixia_shi_women_is_not_blurb():
    assert classify("以下是我们今年需要重点抓好的几项工作:") is None


def test_bug_speech_sentence_mentioning_daixie_is_not_ad():
    assert (
        classify("有的党员干部学习笔记找人代写、心得体会东拼西凑,敷衍了事,必须坚决纠正。") is None
    )


def test_bug_speech_sentence_with_hotline_is_not_ad():
    assert (
        classify("各级纪检监察机关要公布举报电话12388,畅通群众监督渠道,自觉接受社会监督。") is None
    )


def test_titles_under_a_related_articles_widget_are_links():
    # The shape of the bench corpus's pages and of 范文 sites: "相关推荐" then linked titles.
    page = text_page(
        [
            "谢谢大家!",
            "相关推荐",
            "在全镇文明城市创建大会上的讲话稿",
            "",
            "2021年在全县安全生产工作会议上的发言",
            "同志们:今天我们召开会议,主要任务是部署工作。",
        ]
    )
    out = strip_noise(page)
    assert [ln.text for ln in out.lines] == [
        "谢谢大家!",
        "",
        "同志们:今天我们召开会议,主要任务是部署工作。",
    ]
    reasons = [(e.line, e.reason) for e in out.edits]
    assert reasons[1:] == [(3, "related-article list"), (5, "related-article list")]


def test_short_lines_without_a_widget_above_are_kept():
    page = text_page(["在全镇文明城市创建大会上的讲话稿", "2021年在全县安全生产工作会议上的发言"])
    assert len(strip_noise(page).lines) == 2


def test_a_long_paragraph_with_a_metadata_word_is_content_not_noise():
    # Removing it would lose the paragraph; the short metadata line itself is still noise.
    paragraph = (
        "发表时间:2021-05-06 " + "全市各级各部门要认真贯彻落实会议精神，抓好各项工作任务落实。" * 15
    )
    assert len(paragraph) >= 400
    assert classify(paragraph) is None
    assert classify("发表时间:2021-05-06 查看次数:120") == "article metadata"
    assert classify("上传人:abc 文档编号:123 上传时间:2020-01-01") == "文库 metadata"


def test_every_line_a_searching_rule_matches_holds_one_of_the_noise_words():
    # classify runs its whole-line searches only on lines holding one of _NOISE_WORDS: every
    # branch of those rules must contain one, on the seeds and on a line per branch.
    from pages import SAMPLES

    from jianghua.clean import noise
    from jianghua.sources import read_page

    rules = [noise._WENKU_META, noise._ARTICLE_META, noise._CLOSE_LINK, noise._SHARED_BY]
    rules.append(noise._BLURB)
    lines = [
        line.strip() for path in sorted(SAMPLES.iterdir()) for line in read_page(path).original
    ]
    lines += [
        "上传人:张三 文档编号:123 上传时间:2020-01-01",
        "发表时间:2021 发布时间:2021 发布日期:2021 查看次数:1 浏览次数:1 阅读次数:1",
        "点击数:3 人气:5 栏目:讲话 发布于:2020 释出于:2020",
        "[关闭] 【关闭】 [打印]",
        "本文档由会员分享，可在线阅读",
        "请在百度上搜索",
        "以下是为大家整理的 下面是小编 本站小编 小编为大家 给大家整理 欢迎品鉴 欢迎阅读",
        "希望对大家有所帮助 参考以下范文 范文仅供参考 范文供大家",
    ]
    hits = 0
    for line in lines:
        for rule in rules:
            if rule.search(line):
                hits += 1
                assert noise._NOISE_WORDS.search(line), (rule.pattern, line)
    assert hits >= 15


def test_a_caption_given_again_without_its_credit_is_a_caption():
    # tests/real/files/work_report/govcn_report_2017.txt lines 6 and 23: the picture's caption
    # with its credit under the title, the same caption without it further down
    caption = "3月5日，第十二届全国人民代表大会第五次会议在北京人民大会堂开幕。国务院总理李克强作政府工作报告。"
    texts = [
        caption + "新华社记者 庞兴雷 摄",
        "各位代表：",
        "过去一年的工作很不平凡。",
        caption,
        "一年来，我们做了以下工作。",
    ]
    out = strip_noise(make_page(texts))
    assert [line.text for line in out.lines] == texts[1:3] + texts[4:]
    assert [(e.line, e.reason) for e in out.edits] == [
        (1, "photo caption"),
        (4, "photo caption"),
    ]
    # without the captioned line first, the same sentence is the speech's
    out = strip_noise(make_page(texts[1:]))
    assert caption in [line.text for line in out.lines]


@pytest.mark.parametrize(
    "line",
    [
        "【打印正文】",  # tests/real/files/gov_portal/sxyz_2013_art_festival_principal.html
        "【关闭窗口】",
        "》》点击图片进入专题《《",  # tests/real/files/gov_portal/prov2026_yunnan.txt
        "点击这里查看",
        "地址：绍兴市站前大道1898号电话&传真：0575-85173853",
        "联系电话：0575-85173853",
        # a WeChat account's digest and calls (tests/real/files/wechat/
        # chuansong_xi_2016_intellectuals_excerpt.html)
        "【二条】南都聚焦·张志超案|刑事申诉法治化，纠错机制待创新",
        "点击下方“阅读原文”查看近期热文《重镑·典谟论坛》",
        "阅读原文",
        "长按↑二维码可以关注我哟",
        "校长信箱",  # tests/real/files/gov_portal/sxyz_notice_flag_ceremony_broadcast.html
        "此件可公开发布",  # tests/real/files/gov_portal/linan_2013_city_office_notice.html
        "（此件公开发布）",
    ],
)
def test_tool_bar_link_text_and_footer_lines_are_site_widgets(line):
    assert classify(line) == "site widget"


@pytest.mark.parametrize(
    "line",
    [
        "点击鼠标就能办成的事，我们要让群众少跑腿。",
        "地址选在城东，是经过反复论证的。",
        "电话：一头连着群众，一头连着政府，要用好12345热线。",
    ],
)
def test_sentences_that_begin_like_widgets_are_kept(line):
    assert classify(line) is None


def test_a_books_notes_and_source_line_are_noise():
    # tests/real/files/wenku/mao_1949_cppcc_opening_address.txt: the text, "注释[1]参看……",
    # "（《毛泽东选集》第五卷，人民出版社1977年4月第1版，第3—7页）"
    body = "我们的民族将再也不是一个被人侮辱的民族了，我们已经站起来了。" * 3
    lines = [
        body,
        "注释",
        "[1]参看本书第四卷。",
        "[2]见本卷第一篇。",
        body + "（完）",
        "（《毛泽东选集》第五卷，人民出版社1977年4月第1版，第3—7页）",
    ]
    page = strip_noise(text_page(lines))
    assert [line.text for line in page.lines] == [body, body + "（完）"]
    reasons = [e.reason for e in page.edits]
    assert reasons == ["notes", "notes", "notes", "publication trailer"]


def test_numbered_lines_without_a_notes_heading_stay():
    lines = ["[1]我们要抓好三件事。", "[2]要抓好队伍建设。"]
    assert [line.text for line in strip_noise(text_page(lines)).lines] == lines


def test_an_undated_note_of_what_the_text_is_is_the_editors():
    assert classify("这是毛泽东同志在中国人民政治协商会议第一届全体会议上的开幕词") == (
        "editor's note on the text"
    )
    assert classify("这是我们在全县大会上提出的要求，大家要认真落实。") is None


def test_a_caption_that_describes_the_event_then_says_tu_wei_is_a_caption():
    # tests/real/files/news/ebid_2011_cui_zhongfu_coal_fair_address.html
    line = "2011年7月13日-16日，由大连市人民政府联合主办的交易会在大连举行。图为副会长崔忠付致辞。"
    assert classify(line) == "photo caption"
    # tests/real/files/compilation/mao_1953_two_talks_agricultural_cooperation.txt line 4
    note = (
        "一九五三年十月二十六日至十一月五日，中共中央召开了第三次农业互助合作会议。"
        "这是毛泽东同志在会前和会议期间同中共中央农村工作部负责人的两次谈话。"
    )
    assert classify(note) == "editor's note on the text"


def test_a_crawlers_record_header_is_removed_and_gives_the_title():
    # tests/real/files/gov_portal/c12b_gongwenwriter_jiyao_qianjiang.txt lines 1-5
    lines = [
        "标题：潜江市住建局党组理论学习中心组暨党组会议纪要",
        "来源：潜江市人民政府",
        "URL：https://www.hbqj.gov.cn/szfhcxjsj/t20241024_5385934.html",
        "抓取时间：2026-04-03",
        "文种：会议纪要",
        "",
        "2024年4月3日下午，局党组书记、局长龚义海同志在五楼会议室主持召开会议。",
    ]
    page = strip_noise(make_page(lines))
    assert [line.text for line in page.lines if line.text] == [lines[-1]]
    assert {e.reason for e in page.edits} == {"record header"}
    assert page.meta["record_title"] == "潜江市住建局党组理论学习中心组暨党组会议纪要"
    # c12b_gongwenwriter_tongzhi_2020.txt: "- corpus_id: …" keys in Latin letters
    lines = [
        "- corpus_id: gw-1",
        "- source_url: https://www.gov.cn/a.htm",
        "- http_status: 200",
        "正文",
    ]
    assert len(strip_noise(make_page(lines)).edits) == 3


def test_a_meetings_own_header_of_fields_is_kept():
    # 时间/地点/主持人 under a minutes' title: the text's own lines, no crawl about them
    lines = ["时间：2024年4月3日下午", "地点：五楼会议室", "主持人：龚义海", "参加人员：局党组成员"]
    assert "record header" not in {e.reason for e in strip_noise(make_page(lines)).edits}
    # two crawl fields are not a block of three
    assert (
        strip_noise(make_page(["URL：https://a.cn/x.html", "抓取时间：2026-04-03", "正文"])).edits
        == ()
    )


def test_a_caption_doubled_on_its_line_is_removed():
    caption = "4月26日，国家主席习近平出席开幕式并发表主旨演讲。 新华社记者鞠鹏摄"
    page = strip_noise(make_page([caption + caption, "谢谢大家。"]))
    assert [e.reason for e in page.edits] == ["photo caption"]
    # a line said twice that is no noise stays
    page = strip_noise(make_page(["我们要坚持，坚持，再坚持！" * 2]))
    assert page.edits == ()


def test_a_related_articles_head_is_removed_with_its_list():
    page = strip_noise(
        make_page(["谢谢大家！", "相关稿件", "李强出席上海合作组织会议", "阅读下一篇"])
    )
    assert [line.text for line in page.lines] == ["谢谢大家！"]


def test_a_scripts_appendix_for_its_speaker_is_removed_to_the_end():
    # tests/real/files/wenku/c12e_yhr_kuaiji_xitong_yanjianggao.txt lines 185-
    lines = [
        "谢谢大家！",
        "附录：演讲辅助建议",
        "【PPT 建议】",
        "第 1 页：标题 + 一句话概括",
        "总时长 6-8 分钟",
    ]
    page = strip_noise(make_page(lines))
    assert [line.text for line in page.lines] == ["谢谢大家！"]
    assert "speaker's notes" in {e.reason for e in page.edits}
    # a report's appendix of terms is no note to a speaker
    assert (
        strip_noise(make_page(["谢谢大家！", "附：名词解释", "新质生产力：……"])).lines[1].text
        == "附：名词解释"
    )


def test_terms_defined_one_a_line_are_no_record_header():
    # tests/real/files/office_docx/c12f_ajwl_bake_biometric_ake_talk.pdf: a lecture's algorithms
    lines = [
        "Setup：它生成一组公共参数，这是对以下算法的隐式输入",
        "PubGen：该公钥生成算法以密钥SK作为输入，它输出一个公钥",
        "Enc：该封装算法以公钥和普通消息S作为输入，它输出封装的消息",
    ]
    assert strip_noise(make_page(lines)).edits == ()


def test_a_numbered_footnote_is_a_note():
    page = strip_noise(
        make_page(["谢谢各位。", "注一：（2011）14 HKCFAR266", "注二：刘港榕等诉入境事务处处长"])
    )
    assert [e.reason for e in page.edits] == ["notes", "notes"]
    assert strip_noise(make_page(["注意：明天开会。"])).edits == ()


def test_a_books_note_at_the_head_names_the_speaker():
    from jianghua.pipeline import process_page

    # tests/real/files/wenku/c13c_mao_1962_seven_thousand_cadres_speech.txt: sentences on the
    # meeting, then "这是毛泽东同志在…的讲话。"
    body = "同志们，我现在讲几点意见。这次扩大的中央工作会议，到会的有七千多人，大家提了很多意见。"
    note = (
        "一九六二年一月十一日至二月七日，中共中央在北京召开扩大的中央工作会议。"
        "参加会议的有七千人，因此这次大会又称“七千人大会”。这是毛泽东同志在扩大的中央工作会议上的讲话。"
    )
    page, (speech,) = process_page(
        text_page(["在七千人大会上的讲话", "（一九六二年一月三十日）", note, body * 3])
    )
    assert [e.reason for e in page.edits if e.line == 3] == ["editor's note on the text"]
    assert speech.structure["meta"]["speaker"]["value"] == "毛泽东"
    assert note not in speech.text
    # the same note far down a page (under one speech of a collection) names no other speech
    page, speeches = process_page(
        text_page(["第一篇讲话", "同志们：", body * 3, "谢谢大家！", "第二篇讲话", note, body * 3])
    )
    assert all(
        (s.structure["meta"].get("speaker") or {}).get("value") != "毛泽东" for s in speeches
    )


def test_a_forewords_signature_goes_with_it():
    page = strip_noise(
        make_page(
            [
                "【按】2月20日，张洁平邀请我以连线的方式和同学们做一次分享。",
                "——方可成",
                "谢谢洁平。大家好！",
            ]
        )
    )
    assert [line.text for line in page.lines] == ["谢谢洁平。大家好！"]
    # a dash and a name under a speech's own line stays
    page = strip_noise(make_page(["同志们，我们要努力奋斗。", "——方可成"]))
    assert [line.text for line in page.lines] == ["同志们，我们要努力奋斗。", "——方可成"]


def test_the_authors_biography_at_the_head_names_the_speaker():
    from jianghua.pipeline import process_page

    # tests/real/files/wechat/c13b_t2049_guwen_2008_qian_liqun_pku_spirit_talk.txt
    bio = "钱理群，1939年1月30日生于重庆，祖籍浙江杭州。北京大学中文系资深教授，博士生导师。"
    body = "今天我们是几代的北大人在这儿聚会，我刚刚想了一下，我们要纪念北大的一百一十周年。" * 3
    page, (speech,) = process_page(text_page([bio, body, body]))
    assert [e.reason for e in page.edits if e.line == 1] == ["author's biography"]
    assert speech.structure["meta"]["speaker"]["value"] == "钱理群"
    # such a line far down the text is the text's (a speech telling a life)
    page, (speech,) = process_page(text_page([body, body, body, body, body, body, bio, body]))
    assert bio in speech.text


def test_a_news_link_heads_the_headline_under_it():
    # tests/real/files/news/c13f_xinhua_2019_chunjie_tuanbaihui.txt
    page = strip_noise(
        make_page(["谢谢大家！", "新闻链接：", "中共中央国务院举行春节团拜会 习近平发表讲话"])
    )
    assert [line.text for line in page.lines] == ["谢谢大家！"]
