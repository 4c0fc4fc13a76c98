"""Glued headings and broken lines, on hand-made paragraphs with known source lines."""

from jianghua.clean.repair import rejoin, split_glued_heading
from jianghua.records import Paragraph


def P(text, first, last=None):
    return Paragraph(text, first, last or first)


def test_heading_glued_with_a_space_is_split():
    # seed 004 line 5
    p = P(
        "一、统一认识，客观评价创新和亮点工作的成效 今年以来，各级工会按照区总的部署和安排开展工作。",
        5,
    )
    parts, edits = split_glued_heading(p)
    assert [x.text for x in parts] == [
        "一、统一认识，客观评价创新和亮点工作的成效",
        "今年以来，各级工会按照区总的部署和安排开展工作。",
    ]
    assert all((x.first_line, x.last_line) == (5, 5) for x in parts)
    assert [(e.kind, e.line) for e in edits] == [("split", 5)]


def test_heading_space_right_after_marker_is_not_the_split_point():
    # seed 001 line 51: "一、 坚持正确方向,…清醒 加强和改进…"
    p = P(
        "一、 坚持正确方向，始终保持政治清醒 加强和改进新形势下党的群团工作，最重要的是保持政治性。",
        51,
    )
    parts, _ = split_glued_heading(p)
    assert parts[0].text == "一、 坚持正确方向，始终保持政治清醒"


def test_no_split_without_a_clear_separator_or_inside_quotes():
    glued = P(
        "三、改进领导方式，健全工作机制，努力把各项任务落到实处非公有制经济点多、线长、面广。", 49
    )
    assert split_glued_heading(glued) == ([glued], [])
    quoted = P(
        "（一）着眼于促进 “ 改革发展、跨越引领 ” 管党治党、选贤任能、激发活力，切实提升水平。", 1027
    )
    assert split_glued_heading(quoted) == ([quoted], [])
    sentence = P("一是要自觉接受党的领导。 坚持党的领导，是党的群团事业健康发展的主心骨。", 53)
    assert split_glued_heading(sentence) == ([sentence], [])


def test_keyword_link_break_is_rejoined_without_the_spurious_full_stops():
    # seed 000 lines 334-336
    paragraphs = [
        P("去年针对部分单位反弹现象，与有关单位签订了《防治市区大气污染。", 334),
        P("责任书。", 335),
        P("》，督促其按时完成治理任务，实现达标排放。", 336),
        P("4.着手开展了机动车污染防治工作。", 337),
    ]
    out, edits = rejoin(paragraphs)
    assert [(p.text, p.first_line, p.last_line) for p in out] == [
        (
            "去年针对部分单位反弹现象，与有关单位签订了《防治市区大气污染责任书》，督促其按时完成治理任务，实现达标排放。",
            334,
            336,
        ),
        ("4.着手开展了机动车污染防治工作。", 337, 337),
    ]
    assert [(e.kind, e.line, e.reason) for e in edits] == [
        ("join", 334, "keyword link broke the line")
    ]


def test_keyword_link_followed_by_a_new_sentence_keeps_its_full_stop():
    # seed 000 lines 428-430
    out, _ = rejoin(
        [
            P("会前，我认真看了梁超同志的。", 428),
            P("讲话稿。", 429),
            P("梁超同志的讲话扼要概括了去年的工作。", 430),
        ]
    )
    assert [p.text for p in out] == [
        "会前，我认真看了梁超同志的讲话稿。",
        "梁超同志的讲话扼要概括了去年的工作。",
    ]


def test_a_closing_or_heading_is_not_a_keyword_link():
    paragraphs = [P("同志们，让我们共同努力，再创佳绩。", 10), P("谢谢大家。", 11)]
    assert rejoin(paragraphs) == (paragraphs, [])


def test_line_broken_mid_word_is_rejoined():
    # seed 004 lines 34-35
    out, edits = rejoin(
        [
            P("这次会议的主要任务是总结经验，进一步统一思想，明确工", 34),
            P("作重点，改进领导方式。", 35),
        ]
    )
    assert [(p.text, p.first_line, p.last_line) for p in out] == [
        ("这次会议的主要任务是总结经验，进一步统一思想，明确工作重点，改进领导方式。", 34, 35)
    ]
    assert edits[0].reason == "line broken mid-sentence"


def test_no_join_before_a_heading_an_address_or_across_a_blank_line():
    before_heading = [
        P("我们的工作取得了明显成效，为发展奠定了坚实的基础", 143),
        P("三是城市经营初见成效。", 144),
    ]
    assert rejoin(before_heading)[0] == before_heading
    before_address = [
        P("积极支持非公经济发展的良好环", 991),
        P("各位代表、同志们，新时代大有可为。", 992),
    ]
    assert rejoin(before_address)[0] == before_address
    # seed 002 lines 1002-1004: blank-separated paragraphs; the "!" was lost, nothing was broken
    blank = [
        P("很高兴与各位朋友相聚在淮安，向与会嘉宾致以诚挚问候", 1002),
        P("今年以来，国际环境日趋复杂。", 1004),
    ]
    assert rejoin(blank)[0] == blank


def test_an_indented_line_opens_a_paragraph_whatever_the_line_above_ends_with():
    from jianghua.clean import clean_speech
    from jianghua.records import Speech

    def cleaned(texts):
        paragraphs = [Paragraph(t, n, n) for n, t in enumerate(texts, 1)]
        speech = Speech(source="t.txt", source_sha256="x", paragraphs=paragraphs)
        return [p.text for p in clean_speech(speech).paragraphs]

    # tests/real/files/wenku/c12b_hanclothes_xiangmu_huibao.txt: tab-indented paragraphs, the first
    # a greeting without its full stop
    body = (
        "宋朝诗人释行海曾有诗：旧京三百春风巷，一巷笙歌一巷花，下面请大家与我一起走进本次项目。" * 2
    )
    assert cleaned(["\t大家好，我是本次的项目汇报人，连志林", "\t" + body, "\t" + body]) == [
        "大家好，我是本次的项目汇报人，连志林",
        body,
        body,
    ]
    # a text wrapped at a width and shifted right: every line indented, all short: joined
    wrapped = [
        "　　我们要坚持以人民为中心的发展思想",
        "　　不断增强人民群众的获得感和幸福感",
        "　　努力开创新局面。",
    ]
    assert len(cleaned(wrapped)) == 1
    # an unindented continuation under an indented paragraph is still joined
    assert (
        len(
            cleaned(
                ["　　我们要坚持以人民为中心的发展思想，不断增强人民群众的", "获得感和幸福感。"]
            )
        )
        == 1
    )
