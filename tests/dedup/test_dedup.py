"""Dedup keys and containment on hand-made texts."""

from jianghua import dedup


def test_key_ignores_punctuation_spaces_and_case():
    a = dedup.dedup_key("同志们：\n今天召开会议，主要任务是 ABC。")
    b = dedup.dedup_key("同志们:今天召开会议,主要任务是abc!")
    assert a == b == "同志们今天召开会议主要任务是abc"
    assert dedup.speech_id(a) == dedup.speech_id(b) and len(dedup.speech_id(a)) == 12


def test_containment_finds_a_shortened_copy_and_not_stock_phrases():
    base = "".join(
        f"第{i}段落讲的是关心下一代工作的第{i}项具体任务要求和落实措施。" for i in range(40)
    )
    shortened = base[: len(base) // 2]
    a, b = dedup.shingles(dedup.dedup_key(base)), dedup.shingles(dedup.dedup_key(shortened))
    assert dedup.containment(a, b) == 1.0
    other = "关工委一头连着老，一头连着小。" + "".join(
        f"档案工作的第{i}个重点是馆藏资源建设。" for i in range(40)
    )
    stock = "关工委一头连着老，一头连着小。" + base[:200]
    c = dedup.shingles(dedup.dedup_key(other))
    d = dedup.shingles(dedup.dedup_key(stock))
    assert dedup.containment(c, a) < 0.1
    assert dedup.containment(c, d) < dedup.THRESHOLD


def test_fingerprints_are_a_stable_one_in_sample_subset():
    shingle_set = dedup.shingles(dedup.dedup_key("这次全市关工委工作会议是经市委同意召开的，" * 20))
    fps = dedup.fingerprints(shingle_set)
    assert fps == dedup.fingerprints(set(shingle_set))
    assert 0 < len(fps) < len(shingle_set)
    assert all(h % dedup.SAMPLE == 0 for h in fps)
    # crc32 is stable across processes, unlike hash(): a library written today is read tomorrow
    assert dedup.fingerprints({"关心下一代工作会议"}) == dedup.fingerprints({"关心下一代工作会议"})


def test_shingles_are_the_k_character_substrings():
    assert dedup.shingles("一二三四五六七八九", k=8) == {"一二三四五六七八", "二三四五六七八九"}
    assert dedup.shingles("短文", k=8) == {"短文"}


def test_canonical_rank_prefers_complete_and_unmasked():
    assert dedup.canonical_rank(4555, 5) > dedup.canonical_rank(4473, 3)
    assert dedup.canonical_rank(1000, 0) > dedup.canonical_rank(1000, 1)
