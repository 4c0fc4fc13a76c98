"""The real-material benchmark as a regression floor: bench/real.py on the labelled corpus.

The floors sit a little under the figures measured when they were set (README, closing notes of
issue 15): a rule that helps one kind of page and costs another shows up here."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_real", ROOT / "bench" / "real.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_corpus_scores_stay_above_their_floors():
    bench = _bench()
    corpus = ROOT / "tests" / "real"
    from realcorpus import labels

    rows = [bench.score_file(corpus, label) for _path, label in labels(corpus)]
    assert not [r["file"] for r in rows if any(w.startswith("ingest failed") for w in r["why"])]
    overall = bench.summarise(rows)
    assert len(rows) >= 394
    # session 13, 394 files (66 gathered this session in seven batches, each scored once before
    # any rule was fitted to it: 39 of 66 split right at first, 55 now): split 94.2, boundaries
    # 93.7, titles 91.3, date 98.7 / 93.2, speaker 99.4 / 81.3, noise 4.7 %, not_speech flagged
    # 95.9, labelled speeches flagged 6.8 %
    assert overall["split_right_pct"] >= 93.5
    assert overall["boundaries_exact_pct"] >= 93.0
    assert overall["titles_found_pct"] >= 90.5
    assert overall["date_precision"] >= 98.0 and overall["date_recall"] >= 92.5
    assert overall["speaker_precision"] >= 98.5 and overall["speaker_recall"] >= 80.5
    # a place is output only where the page states it (38.9 % precise while a speaker's office
    # "浙江省省长 刘捷" named it)
    assert overall["place_precision"] >= 90.0
    assert overall["noise_leaked_pct"] <= 5.0
    assert overall["not_speech_flagged_pct"] >= 95.0
    # the flag's false alarms: a reader told to doubt a speech (26.4 % at session 12's start)
    assert overall["speech_flagged_pct"] <= 7.5
    # sentences the labels run across a printed page's break (LegCo's record) or a Markdown post's
    # <figure> tags, which the labels' text keeps and the ingest drops; a link's address and a
    # Taiwan page's words the reviewed phrase table changes are not counted (bench/real.py)
    assert overall["body_lost"] <= 650
