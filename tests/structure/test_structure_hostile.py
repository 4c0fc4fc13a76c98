"""Odd and hostile input: analyze never fails and stays linear on pathological pages."""

from __future__ import annotations

import time

from jianghua.records import Paragraph, Speech
from jianghua.structure import analyze


def speech(paragraphs, title=None):
    return Speech(
        source="t.txt",
        source_sha256="x",
        paragraphs=[Paragraph(t, i + 1, i + 1) for i, t in enumerate(paragraphs)],
        title=title,
    )


def test_empty_and_punctuation_only():
    assert analyze(speech([]))["outline"] == []
    st = analyze(speech(["", "。。。", "、", "——"]))
    assert st["outline"] == [] and isinstance(st["flags"], list)
    st = analyze(speech(["一、"], title="在上的讲话"))
    assert st["meta"]["genre"]["value"] == "讲话"


def test_many_soft_headings_and_announcements_stay_fast():
    paragraphs = [f"{'一二三'[i % 3]}是要抓好第{i}项。下面我讲三点意见。" for i in range(6000)]
    start = time.process_time()
    st = analyze(speech(paragraphs))
    assert time.process_time() - start < 5
    assert len(st["announced"]) <= 20


def test_a_long_last_paragraph_with_many_addresses_stays_fast():
    last = "。同志们，我们要努力" * 30000
    start = time.process_time()
    analyze(speech(["同志们：", "一、甲", last]))
    assert time.process_time() - start < 5
