"""Dedup keys and containment on hand-made texts."""

import subprocess
import sys

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


def _reference_hash(shingle: str) -> int:
    """The documented formula, one shingle at a time in plain Python."""
    mask = (1 << 64) - 1
    h = 0
    for ch in shingle:
        h = (h * 0x100000001B3 + ord(ch)) & mask
    h ^= h >> 29
    h = (h * 0x9E3779B97F4A7C15) & mask
    h ^= h >> 32
    return h & 0xFFFFFFFF


def test_shingle_hashes_follow_the_formula_for_every_shingle():
    key = dedup.dedup_key("这次全市关工委工作会议是经市委同意召开的，主要任务是总结2020年工作。")
    hashes = dedup.shingle_hashes(key).tolist()
    assert hashes == [_reference_hash(key[i : i + 8]) for i in range(len(key) - 7)]
    assert dedup.shingle_hashes("七个字的短文本").size == 0


def test_fingerprints_are_a_stable_one_in_sample_subset():
    key = dedup.dedup_key("这次全市关工委工作会议是经市委同意召开的，" * 20)
    fps = dedup.fingerprints(key)
    all_hashes = set(dedup.shingle_hashes(key).tolist())
    assert 0 < len(fps) < len(all_hashes)
    assert fps <= all_hashes
    assert all(h % dedup.SAMPLE == 0 for h in fps)
    # The same in another process (unlike hash()): a library written today is read tomorrow.
    code = f"from jianghua import dedup;print(sorted(dedup.fingerprints({key!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(sorted(fps))


def test_shingles_are_the_k_character_substrings():
    assert dedup.shingles("一二三四五六七八九", k=8) == {"一二三四五六七八", "二三四五六七八九"}
    assert dedup.shingles("短文", k=8) == {"短文"}


def test_canonical_rank_prefers_complete_and_unmasked():
    assert dedup.canonical_rank(4555, 5) > dedup.canonical_rank(4473, 3)
    assert dedup.canonical_rank(1000, 0) > dedup.canonical_rank(1000, 1)


def test_hash_containment_agrees_with_string_containment():
    base = "这次全市关工委工作会议是经市委同意召开的，主要任务是总结工作、部署任务。" * 3
    extra = "同志们，关心下一代工作是一项长期的战略任务，各级党委要高度重视。"
    for a_text, b_text in [(base, base + extra), (base, extra * 4), (base[:40], base)]:
        a_key, b_key = dedup.dedup_key(a_text), dedup.dedup_key(b_text)
        exact = dedup.containment(dedup.shingles(a_key), dedup.shingles(b_key))
        hashed = dedup.set_containment(dedup.shingle_set(a_key), dedup.shingle_set(b_key))
        assert abs(exact - hashed) < 1e-9


def test_dedup_key_follows_the_regex_rule_on_the_seeds_and_awkward_characters():
    from pathlib import Path

    # Final sigma (ΑΣ -> ας), İ (two characters in lower case), underscores, emoji outside the
    # BMP, full-width letters and digits, ligatures, control characters.
    texts = ["ΑΣ Σ aΣb", "İstanbul", "a_b-c", "😀文字", "ＡＢＣ１２３", "Ǆ ǅ ß ﬃ", "\x00\t", ""]
    for path in sorted(Path("samples").iterdir()):
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    assert len(texts) > 1000
    assert [dedup.dedup_key(t) for t in texts] == [dedup.key_by_regex(t) for t in texts]


def test_process_page_gives_each_speech_the_id_and_samples_of_its_key():
    # The store trusts these instead of recomputing them (a speech built by hand has neither).
    from pages import SAMPLES, SEEDS

    from jianghua.pipeline import process_file

    _, speeches, _ = process_file(SAMPLES / SEEDS["000"])
    assert len(speeches) > 20
    for speech in speeches:
        key = dedup.dedup_key(speech.text)
        assert speech.id == dedup.speech_id(key)
        assert speech.fingerprints == dedup.speech_fingerprints(speech.text)
