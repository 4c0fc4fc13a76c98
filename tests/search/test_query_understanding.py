"""Issue 17's failures, each on a small library made here: phrases and punctuation, how a query
is understood (question words, long words, typos, abbreviations, several words), honest counts
and fallbacks said in Chinese, role filters, titles and family copies."""

import json

import pytest

from jianghua.library import embeddings
from jianghua.library import search_index as si
from jianghua.library.embeddings import EmbeddingIndex
from jianghua.library.search import QueryError, parse_query, search
from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest

# name: (title, paragraphs). Every paragraph is a line; the title is the first line.
SPEECHES = {
    "guangongwei": (
        "在全市关工委工作会议上的讲话",
        [
            "同志们：",
            "关工委一头连着“老”，一头带着“小”，有着广泛的群众基础和社会影响力，是参与基层治理的重要力量。",
            "我们要不忘初心、牢记使命，把关心下一代工作作为一项长期的战略任务抓紧抓好。",
            "各级关工委要组织五老深入社区，开展宣讲活动，为青少年讲好党的故事。",
            "要推动红色教育进校园，把党的故事送到每一所中小学校园里去。",
        ],
    ),
    "committee": (
        "在关心下一代工作委员会全体会议上的讲话",
        [
            "关心下一代工作委员会成立以来，始终把青少年思想道德建设放在首位，工作成效明显。",
            "做好关心下一代工作，要坚持党的领导，动员全社会的力量共同参与。",
            "关心下一代是一项薪火相传的事业，需要一代又一代人接续努力。",
        ],
    ),
    "economy": (
        "在全市经济工作会议上的讲话",
        [
            "同志们：",
            "一年来，全市坚持稳中求进，推动高质量发展取得新成效，经济总量迈上新台阶。",
            "但也要清醒看到，我市经济发展中还存在一些问题和不足，产业结构不优、创新能力不强。",
            "今年要扎实推进高质量发展，培育新质生产力，持续优化营商环境。",
            "要树立正确的政绩观，我们要有所作为，现在就开始行动。",
        ],
    ),
    "factory": (
        "在全县工业企业座谈会上的讲话",
        [
            "企业要生产高质量的产品，发展经济离不开实体企业的支撑和带动。",
            "要推动五老宣讲进校园，让老同志的经验在校园里生根发芽。",
            "安全生产是企业的生命线，必须守住不发生重特大事故的底线。",
        ],
    ),
}
COPY_OF = "economy"  # on a second page too, that page another (blank lines and spaces)


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    source = tmp_path_factory.mktemp("understanding_src")
    folder = tmp_path_factory.mktemp("understanding")
    files = []
    for name, (title, paragraphs) in SPEECHES.items():
        path = source / f"{name}.txt"
        path.write_text("\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
        files.append(path)
    copy = source / f"{COPY_OF}_copy.txt"
    title, paragraphs = SPEECHES[COPY_OF]
    copy.write_text("\n\n" + "\n\n".join([title, *paragraphs]) + "  \n", encoding="utf-8")
    files.append(copy)
    with Library(folder) as library:
        report = ingest(files, library)
        assert not report.failed
        ids = {}
        for name, (_title, paragraphs) in SPEECHES.items():
            row = library.db.execute(
                "SELECT id FROM speeches WHERE canonical = 1 AND instr(text, ?) > 0",
                (paragraphs[1],),
            ).fetchone()
            ids[name] = row["id"]
        # economy: one review section (paragraphs 1-2) and one tasks section (3-4), set by hand
        row = library.db.execute(
            "SELECT text, structure FROM speeches WHERE id = ?", (ids["economy"],)
        ).fetchone()
        text = row["text"]
        spans = si.paragraph_spans(text)
        index = {t: i for i, t in enumerate(text.split("\n"))}
        first = index[SPEECHES["economy"][1][1]]
        third = index[SPEECHES["economy"][1][3]]
        structure = json.loads(row["structure"] or "{}")
        structure["outline"] = [
            {"level": 1, "heading": "", "role": "review", "role_confidence": 0.9,
             "start": spans[first][0], "end": spans[third][0] - 1, "children": []},
            {"level": 1, "heading": "", "role": "tasks", "role_confidence": 0.4,
             "start": spans[third][0], "end": len(text), "children": []},
        ]  # fmt: skip
        with library.db:
            library.db.execute(
                "UPDATE speeches SET structure = ? WHERE id = ?",
                (json.dumps(structure, ensure_ascii=False), ids["economy"]),
            )
        SearchIndex(library).update()
        EmbeddingIndex(library).update()  # the fast tier: semantic search runs on it
        library.ids = ids
        yield library


def names(lib, result) -> list[str]:
    by_id = {sid: name for name, sid in lib.ids.items()}
    return [by_id.get(h["id"], h["id"]) for h in result["hits"]]


def marked(hit) -> list[str]:
    out = []
    for para in hit["paragraphs"]:
        out += [para["text"][a:b] for a, b in para["highlights"]]
    return out


# -- phrases and punctuation -------------------------------------------------------------------


def test_a_quoted_phrase_matches_across_quotation_marks_and_is_highlighted(lib):
    result = search(lib, '"一头连着老"', mode="keyword")
    assert names(lib, result) == ["guangongwei"]
    assert "一头连着“老" in marked(result["hits"][0])


def test_a_quoted_phrase_matches_across_the_dunhao(lib):
    result = search(lib, '"不忘初心牢记使命"', mode="keyword")
    assert names(lib, result) == ["guangongwei"]
    assert "不忘初心、牢记使命" in marked(result["hits"][0])


def test_no_match_across_a_comma(lib):
    # 有所作为，现在 holds 作为 and 现 only across a comma
    result = search(lib, "作为现", mode="keyword")
    assert result["total"] == 0 and result["hits"] == []
    assert any("作为现" in n for n in result["notices"])


def test_punctuation_only_finds_nothing_and_says_why(lib):
    for query in ("，。！", "……", "“”"):
        result = search(lib, query, mode="hybrid")
        assert result["total"] == 0 and result["hits"] == []
        assert result["notices"] and "标点" in result["notices"][0]


# -- query understanding ---------------------------------------------------------------------------


def test_words_may_be_in_different_paragraphs_of_a_speech(lib):
    # guangongwei holds 五老, 宣讲 and 校园 in two paragraphs, factory in one: both match,
    # the speech holding them in one paragraph first
    result = search(lib, "五老 宣讲 校园", mode="keyword")
    assert result["total"] == 2
    assert names(lib, result) == ["factory", "guangongwei"]
    assert not result["partial"]


def test_a_long_word_the_library_holds_is_kept_whole(lib):
    # factory has 高质量的产品，发展经济: the words, not the term
    result = search(lib, "高质量发展", mode="keyword")
    assert names(lib, result) == ["economy"]
    assert [t.text for t in parse_query("高质量发展").terms] == ["高质量发展"]


def test_question_words_are_dropped_and_said(lib):
    parsed = parse_query("如何做好关心下一代工作")
    assert "如何" in parsed.dropped
    result = search(lib, "如何做好关心下一代工作", mode="keyword")
    assert "committee" in names(lib, result)
    assert any("如何" in n for n in result["notices"])
    only = search(lib, "怎么", mode="keyword")
    assert only["total"] == 0 and "疑问词" in only["notices"][0]


def test_a_one_character_typo_is_corrected_from_the_library_and_said(lib):
    result = search(lib, "关心下一带", mode="keyword")
    assert result["corrected"] == {"关心下一带": "关心下一代"}
    assert result["total"] >= 2 and "committee" in names(lib, result)
    assert any("关心下一代" in n for n in result["notices"])
    # a word the library holds is never "corrected"
    assert search(lib, "关心下一代", mode="keyword")["corrected"] == {}


def test_an_abbreviation_finds_its_full_form_and_back(lib):
    # committee writes only 关心下一代工作委员会, guangongwei only 关工委
    short = search(lib, "关工委", mode="keyword")
    assert set(names(lib, short)) == {"guangongwei", "committee"}
    full = search(lib, "关心下一代工作委员会", mode="keyword")
    assert set(names(lib, full)) == {"guangongwei", "committee"}


def test_when_no_speech_holds_every_word_the_others_are_ranked_by_words_held(lib):
    result = search(lib, "xyzzy 存在", mode="keyword")
    assert result["partial"]
    assert any("xyzzy" in n for n in result["notices"])
    assert names(lib, result) == ["economy"]
    # three words no speech holds together: the speech holding two ranks above those with one
    result = search(lib, "安全生产 高质量 营商环境", mode="keyword")
    assert result["partial"] and names(lib, result)[0] in {"economy", "factory"}
    assert any("部分词语" in n for n in result["notices"])


# -- filters ---------------------------------------------------------------------------------------


def test_role_filter_takes_chinese_names_and_names_the_choices(lib):
    english = search(lib, "营商环境", mode="keyword", filters={"role": "review"})
    chinese = search(lib, "营商环境", mode="keyword", filters={"role": "回顾"})
    assert names(lib, english) == names(lib, chinese)
    with pytest.raises(QueryError, match="可选"):
        search(lib, "营商环境", mode="keyword", filters={"role": "xx"})


def test_a_low_confidence_section_role_is_not_trusted():
    text = "一、回顾\n去年的工作。\n二、部署\n今年的工作。"
    spans = si.paragraph_spans(text)
    outline = [
        {"role": "review", "role_confidence": 0.9, "start": 0, "end": spans[1][1]},
        {"role": "tasks", "role_confidence": 0.4, "start": spans[2][0], "end": len(text)},
        {"role": "other", "role_confidence": 1.0, "start": 0, "end": len(text)},
    ]
    roles = si.paragraph_roles({"outline": outline}, spans)
    assert roles == [{"review"}, {"review"}, set(), set()]


def test_paragraph_cues_give_roles_of_their_own():
    from jianghua.structure.roles import paragraph_roles

    assert paragraph_roles("但也要清醒看到，我市经济发展中还存在一些问题和不足。") == {"problems"}
    assert paragraph_roles("各级关工委要组织五老深入社区，开展宣讲活动。") == {"tasks"}
    assert paragraph_roles("当前，世界经济贸易形势总体趋好，进程加快。") == {"situation"}
    assert paragraph_roles("五年来取得一大批重要科技成果，实力进一步增强。") == {"review"}
    assert paragraph_roles("党组织是党的全部工作和战斗力的基础，这是常识。") == set()
    assert paragraph_roles("要加强领导。") == set()  # a short line states nothing


def test_a_numbered_item_opening_on_its_task_is_a_tasks_paragraph():
    from jianghua.structure.roles import paragraph_roles

    # the lead-in sentence names the task, the next says what must be done
    assert paragraph_roles("（二）选好配强巡察干部队伍。要严格按照好干部标准选人用人。") == {
        "tasks"
    }
    assert paragraph_roles("3. 抓好队伍建设。各级党组织必须切实担起主体责任。") == {"tasks"}
    # a lead-in that is longer than a heading is a statement of its own, not a lead-in
    assert "tasks" not in paragraph_roles(
        "（一）过去一年，我们面对复杂严峻的国内外环境，克服了许多困难和挑战，经济运行总体平稳。"
        "要看到成绩来之不易。"
    )


def test_goals_are_found_by_their_own_wording():
    from jianghua.structure.roles import paragraph_roles

    assert "goals" in paragraph_roles("今年发展的主要预期目标是：国内生产总值增长6.5%左右。")
    assert "goals" in paragraph_roles(
        "今年工作的总体要求是：坚持稳中求进工作总基调，推动高质量发展。"
    )
    assert "goals" in paragraph_roles(
        "做好今年工作，要以新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
    )
    assert "goals" not in paragraph_roles("我们的目标和任务很重，大家要有思想准备，不能松懈。")


def test_a_problems_paragraph_inside_a_review_section_is_found_as_problems(lib):
    result = search(lib, "产业结构", mode="keyword", filters={"role": "problems"})
    assert names(lib, result) == ["economy"]
    assert "问题和不足" in result["hits"][0]["paragraphs"][0]["text"]


def test_an_unknown_facet_value_is_named_with_the_values_there_are(lib):
    result = search(lib, "关工委", mode="keyword", filters={"sector": "不存在的领域"})
    assert result["total"] == 0
    assert any("不存在的领域" in n for n in result["notices"])


# -- presenting ------------------------------------------------------------------------------------


def test_family_copies_are_one_hit_that_says_how_many(lib):
    result = search(lib, "营商环境", mode="keyword")
    assert names(lib, result) == ["economy"]
    assert result["hits"][0]["copies"] == 2


def test_a_title_holding_every_word_ranks_first(lib):
    result = search(lib, "工业企业座谈会", mode="keyword")
    assert names(lib, result)[0] == "factory"
    assert result["hits"][0]["label"] == "在全县工业企业座谈会上的讲话"


def test_a_salutation_is_never_the_paragraph_shown_by_meaning(lib):
    for query in ("同志们", "青少年的成长", "经济发展"):
        result = search(lib, query, mode="semantic", per_page=20)
        for hit in result["hits"]:
            for para in hit["paragraphs"]:
                assert si.paragraph_kind(para["text"], False, False) == "body", para["text"]


def test_hybrid_ranks_a_salutation_by_its_words_only_not_by_meaning(lib, monkeypatch):
    # e5 puts "各位校长、同志们：" above every paragraph of substance for a query about
    # headmasters (0.912 on the real library); here it likes "同志们：" best for 同志
    def rerank(_lib, _query, pairs):
        texts = {}
        for key, para in pairs:
            row = lib.db.execute(
                "SELECT text FROM speeches WHERE id = ?", (si.speech_id(key),)
            ).fetchone()
            texts[(key, para)] = row["text"].split("\n")[para] if row else ""
        return [0.99 if texts[pair].startswith("同志们") else 0.5 for pair in pairs]

    monkeypatch.setattr(embeddings, "rerank", rerank)
    result = search(lib, "同志", mode="hybrid", per_page=20)
    first = result["hits"][0]["paragraphs"][0]["text"]
    assert si.paragraph_kind(first, False, False) == "body", first
    assert "老同志" in first


def test_semantic_total_counts_the_speeches_above_the_cutoff_on_every_page(lib):
    query = "青少年思想道德教育"
    first = search(lib, query, mode="semantic", per_page=1)
    second = search(lib, query, mode="semantic", per_page=1, page=2)
    assert first["total"] == second["total"]
    found, tier = embeddings.nearest_in_tier(lib, query, 1000)
    cutoff = first["semantic_cutoff"]["cosine"]
    assert first["semantic_cutoff"]["tier"] == tier
    body = set()
    for key, para, score in found:
        if score >= cutoff:
            sid = si.speech_id(key)
            row = lib.db.execute(
                "SELECT text, canonical FROM speeches WHERE id = ?", (sid,)
            ).fetchone()
            text = row["text"].split("\n")[para]
            if row["canonical"] and si.paragraph_kind(text, False, False) == "body":
                body.add(sid)
    assert first["total"] == len(body) < len(lib.ids) + 1
    assert sum(first["facets"]["genre"].values()) <= first["total"]


def test_hybrid_never_ranks_a_paragraph_lacking_a_quoted_phrase_above_one_holding_it(lib):
    result = search(lib, '"高质量发展"', mode="hybrid", per_page=10)
    holds = ["高质量发展" in "".join(p["text"] for p in h["paragraphs"]) for h in result["hits"]]
    assert holds and holds[0]
    assert holds == sorted(holds, reverse=True)  # every holder before every other


def test_a_genre_word_is_sought_in_titles_not_required_of_the_text(lib):
    # no body says 讲话; the title does
    parsed = parse_query("工业企业座谈会讲话")
    assert any(t.optional for p in parsed.terms for t in (p.parts or [p]))
    result = search(lib, "工业企业 座谈会 讲话", mode="keyword")
    assert names(lib, result)[0] == "factory"


def test_a_caption_or_name_line_is_short_not_body():
    assert si.paragraph_kind("全国人民代表大会常务委员会", False, False) == "short"
    assert si.paragraph_kind("谢谢大家！", False, False) == "short"
    assert si.paragraph_kind("同志们：", False, False) == "salutation"
    assert si.paragraph_kind("要加强基层党组织建设，发挥战斗堡垒作用。", False, False) == "body"
    assert si.paragraph_kind("一、关于经济形势", True, False) == "heading"


def test_very_common_words_are_matched_within_a_paragraph_and_said(lib, monkeypatch):
    from jianghua.library import search as search_module

    monkeypatch.setattr(search_module, "SPEECH_MATCH_MAX", 0)
    result = search(lib, "五老 宣讲 校园", mode="keyword")
    assert names(lib, result) == ["factory"] and result["total"] == 1
    assert any("同一段" in n for n in result["notices"])


def test_a_pasted_passage_uses_its_longest_words_and_says_so(lib):
    passage = SPEECHES["economy"][1][2] + SPEECHES["committee"][1][1]
    result = search(lib, passage, mode="keyword")
    assert any("查询较长" in n for n in result["notices"])
    assert "economy" in names(lib, result)


def test_common_words_no_speech_holds_together_rank_paragraphs_by_words_held(lib, monkeypatch):
    from jianghua.library import search as search_module

    monkeypatch.setattr(search_module, "SPEECH_MATCH_MAX", 0)
    result = search(lib, "安全生产 高质量 营商环境", mode="keyword")
    assert result["partial"] and any("同一段中" in n for n in result["notices"])
    # the paragraph holding two of the words (economy's 高质量 … 营商环境) before those with one
    assert names(lib, result)[0] == "economy"
    assert set(names(lib, result)) == {"economy", "factory"}


def test_in_a_description_a_paragraph_with_some_of_its_words_is_weak_evidence(monkeypatch):
    from jianghua.library import search as search_module

    monkeypatch.setattr(embeddings, "rerank", lambda _lib, _q, pairs: [None] * len(pairs))
    # speech 1 holds every word in one paragraph; 2 and 3 hold them spread over paragraphs
    keyword = search_module._Keyword(
        [(1, 0, 5.0), (2, 0, 4.0), (3, 0, 3.0)], None, {1, 2, 3}, together=1
    )
    semantic = [(3, 0, 0.9), (5, 0, 0.85), (4, 0, 0.8)]

    def order(described):
        fused = search_module._hybrid(None, keyword, semantic, "", False, described=described)
        return [k for k, _, _ in sorted(fused, key=lambda h: -h[2])]

    # words the user gave apart: a spread match counts as any keyword match
    assert order(False).index(2) < order(False).index(4)
    # the words of one description cut by the search: it counts a quarter
    assert order(True)[-1] == 2


def test_the_semantic_cutoff_reaches_the_30th_nearest_paragraph(lib, monkeypatch):
    # e5 rates a query worded as a title far nearer to the one paragraph that repeats it than
    # to the other speeches of the occasion: measured from that paragraph alone, the margin
    # kept nothing else (开学典礼讲话 on the real library: 0.922, then 0.88-0.89)
    from jianghua.library import search as search_module

    found, tier = embeddings.nearest_in_tier(lib, "青少年思想道德教育", 200)
    monkeypatch.setattr(search_module, "SEMANTIC_AT_LEAST", 10)  # the test library is small
    assert len(found) > search_module.SEMANTIC_AT_LEAST
    first = found[0]
    top = search_module.SEMANTIC_CUTOFF[tier] + 0.2
    lowered = [(k, p, top - 0.1 - i * 1e-4) for i, (k, p, _) in enumerate(found[1:])]
    monkeypatch.setattr(
        embeddings, "nearest_in_tier", lambda *_a, **_k: ([(*first[:2], top), *lowered], tier)
    )
    result = search(lib, "青少年思想道德教育", mode="semantic", per_page=5)
    nth = lowered[search_module.SEMANTIC_AT_LEAST - 2][2]
    cutoff = result["semantic_cutoff"]["cosine"]
    assert cutoff == round(nth, 4) < top - search_module.SEMANTIC_MARGIN[tier]
    assert result["total"] > 1
