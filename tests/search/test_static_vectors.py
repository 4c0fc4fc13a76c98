"""The fast tier's static table: distilled from the bundled e5 weights, identical when rebuilt,
and a useful ranking by itself."""

import numpy as np

from jianghua.library import e5_torch, static_vectors

from .conftest import HAND

TEXTS = [p for _title, paras in HAND.values() for p in paras]


def test_table_is_rebuilt_identically_from_the_weights(tmp_path):
    one = static_vectors.StaticTable(tmp_path / "one")
    first = one.embed(TEXTS)
    ids = sorted({i for t in TEXTS for i in one.tokenizer.content(t)})
    assert one.ensure(ids) == 0  # embedding distilled every piece it used
    two = static_vectors.StaticTable(tmp_path / "two")
    assert np.array_equal(two.embed(TEXTS), first)
    assert np.array_equal(one.matrix[one.where[ids]], two.matrix[two.where[ids]])
    # a row is e5 run on the piece alone (as e5 pools it), not something else
    enc = e5_torch.encoder()
    tok = enc.m.tokenizer
    direct = enc.forward([[tok.bos, ids[5], tok.eos]])[0]
    assert np.allclose(one.matrix[one.where[ids[5]]], direct, atol=1e-6)
    # and a third process reading the cached chunks gets the same rows without the network
    three = static_vectors.StaticTable(tmp_path / "one")
    assert np.array_equal(three.embed(TEXTS, distil_missing=False), first)


def test_fast_vectors_rank_by_meaning(tmp_path):
    table = static_vectors.StaticTable(tmp_path / "t")
    vectors = table.embed(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    safety = TEXTS.index("要压实企业安全生产主体责任，深入开展隐患排查整治。")
    query = table.embed(["企业安全责任"])[0]
    assert int(np.argmax(vectors @ query)) == safety


def test_query_pieces_missing_from_the_table_are_left_out(tmp_path):
    table = static_vectors.StaticTable(tmp_path / "t")
    table.embed(TEXTS)
    rows = len(table)
    vector = table.embed(["安全生产 Zyxwvutsrq"], distil_missing=False)[0]
    assert len(table) == rows  # no network at query time
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


def test_rust_and_python_tokenizers_give_the_same_table_and_vectors(tmp_path, monkeypatch):
    tok = e5_torch.tokenizer()
    rust = tok.rust()
    assert rust
    monkeypatch.setattr(tok, "_rust", False)  # Python's Viterbi for everything
    python_table = static_vectors.StaticTable(tmp_path / "python")
    by_python = python_table.embed(TEXTS)
    monkeypatch.setattr(tok, "_rust", rust)
    monkeypatch.setattr(e5_torch, "RUST_FROM_CHARS", 0)  # Rust even for one short text
    rust_table = static_vectors.StaticTable(tmp_path / "rust")
    assert np.array_equal(rust_table.embed(TEXTS), by_python)
    assert np.array_equal(python_table.where >= 0, rust_table.where >= 0)  # the same pieces
