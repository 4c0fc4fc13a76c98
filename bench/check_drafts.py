"""The labelled 查重 draft set: drafts built from real speeches, spans labelled by construction.

    .venv/bin/python bench/check_drafts.py [--seed 18]   # writes bench/data/check_drafts.json

The library is made of every other file of tests/real/files (sorted; `library_files`), the original
text of every draft from the other half: sentences that share no 10 key characters with any library
speech. Each draft is 4-8 original paragraphs with 1-3 passages of library speeches (40-220 key
characters, each from another family, holding no 13 key characters found in another family) set
between them, changed as its class says. A label is the draft's character range of a passage, its
kind (copied or quoted), the source file and the passage as it stands in the library.

Classes: verbatim; punctuation (marks changed, spaces, zero-width spaces); fullwidth (letters,
digits and marks full-width); traditional (the whole draft in Traditional script); lookalike
(compatibility ideographs and Kangxi radicals that look like the character); year (years and 20xx
filled or changed); places (place names changed); synonyms (a word in ~15 characters replaced);
reordered (the passage's sentences shuffled); one_in_ten (one character in every 10-13 changed);
quoted (习近平总书记指出：“…” or a 《document》's words: reported as quoted, not copied); tifa_only
(wholly original text full of standard 提法 of the lexicon); docx (copies, some edited, in a .docx
draft); original (no copying at all); stock_only (original text strung with stock phrases of official
speeches, some of them not in the lexicon).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from jianghua.check.keys import library_key  # noqa: E402
from jianghua.lexicon import shipped  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.pipeline import ingest  # noqa: E402
from jianghua.structure.gazetteer import CITIES_BY_PROVINCE  # noqa: E402

OUT = HERE / "data" / "check_drafts.json"
CACHE = HERE / "out" / "check-accuracy"
PER_CLASS = 6
CLASSES = (
    "verbatim",
    "punctuation",
    "fullwidth",
    "traditional",
    "lookalike",
    "year",
    "places",
    "synonyms",
    "reordered",
    "one_in_ten",
    "quoted",
    "tifa_only",
    "docx",
    "original",
    "stock_only",
)
# stock phrases of official speeches, some not in the lexicon: a stock_only draft is original text
# strung with them (what a writer of a wholly new speech writes too)
STOCK = (
    "以习近平同志为核心的党中央",
    "习近平新时代中国特色社会主义思想",
    "坚持以人民为中心的发展思想",
    "推进国家治理体系和治理能力现代化",
    "全面建设社会主义现代化国家",
    "把党的政治建设摆在首位",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局",
    "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
    "不忘初心、牢记使命",
    "全面从严治党向纵深发展",
    "深入学习贯彻党的二十大精神",
    "树立正确的世界观、人生观、价值观",
    "坚持稳中求进工作总基调",
    "完整准确全面贯彻新发展理念",
    "加快构建新发展格局",
    "着力推动高质量发展",
    "统筹发展和安全",
)
SYNONYMS = {
    "加强": "强化",
    "推进": "推动",
    "重要": "重大",
    "提高": "提升",
    "进一步": "更加",
    "坚持": "始终坚持",
    "认真": "切实",
    "全面": "全方位",
    "积极": "主动",
    "发展": "进步",
    "工作": "事业",
    "问题": "难题",
    "必须": "务必",
    "我们": "咱们",
    "目前": "当前",
    "建设": "打造",
    "群众": "百姓",
    "努力": "奋力",
    "要求": "需要",
    "实现": "达成",
}
# look-alikes a key must fold: compatibility ideographs and Kangxi radicals (NFKC maps them back)
LOOKALIKE = {
    "一": "\u2f00",
    "人": "\u2f08",
    "大": "\u2f24",
    "力": "\u2f12",
    "工": "\u2f2f",
    "心": "\u2f3c",
    "日": "\u2f47",
    "月": "\u2f49",
    "水": "\u2f54",
    "金": "\u2fa6",
    "门": "\u2fa8",
    "行": "\u2f8f",
    "不": "\uf967",
    "年": "\uf98e",
    "利": "\uf9dd",
    "理": "\uf9e4",
    "论": "\uf941",
    "量": "\uf97e",
    "六": "\uf9d1",
    "数": "\uf969",
}
QUOTE_LEADS = ("习近平总书记指出：", "习近平总书记强调：", "总书记明确要求：", "习近平同志指出：")
DOCUMENTS = (
    "《中共中央关于全面深化改革若干重大问题的决定》",
    "《关于新形势下党内政治生活的若干准则》",
    "《中国共产党章程》",
    "《政府工作报告》",
)
PLACES = [c for cities in CITIES_BY_PROVINCE.values() for c in cities.split()] + list(
    CITIES_BY_PROVINCE
)
_SENTENCE = re.compile(r"[^。！？]*[。！？]")


def library_files() -> tuple[list[Path], list[Path]]:
    """(library files, held-out files): every other file of tests/real/files, sorted."""
    files = sorted(p for p in (ROOT / "tests/real/files").rglob("*") if p.is_file())
    return files[0::2], files[1::2]


def build_library(folder: Path, files: list[Path]) -> Library:
    done = folder / "ingested"
    if not done.exists():
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        with Library(folder) as lib:
            ingest(files, lib)
        done.write_text("\n".join(str(f.relative_to(ROOT)) for f in files) + "\n")
    return Library(folder)


def grams(key: str, n: int) -> set[str]:
    return {key[i : i + n] for i in range(len(key) - n + 1)}


class Material:
    """The library's speeches (by family), its 13-gram families, and original sentences."""

    def __init__(self, lib: Library, held_out: Library):
        self.speeches = [
            dict(zip(("id", "family", "text"), row, strict=True))
            for row in lib.db.execute("SELECT id, family, text FROM speeches ORDER BY id")
        ]
        self.file_of = {
            sid: name
            for sid, name in lib.db.execute(
                "SELECT s.id, src.name FROM speeches s JOIN sources src ON src.id = s.first_source"
            )
        }
        self.families: dict[str, set[str]] = {}
        ten: set[str] = set()
        for s in self.speeches:
            key = library_key(s["text"])
            ten |= grams(key, 10)
            for g in grams(key, 13):
                self.families.setdefault(g, set()).add(s["family"])
        self.sentences = []
        for (text,) in held_out.db.execute("SELECT text FROM speeches ORDER BY id"):
            for para in text.split("\n"):
                for m in _SENTENCE.finditer(para):
                    s = m.group(0).strip()
                    key = library_key(s)
                    if 15 <= len(key) <= 90 and "“" not in s and not (grams(key, 10) & ten):
                        self.sentences.append(s)
        self.sentences = sorted(set(self.sentences))

    def own(self, passage: str, family: str) -> bool:
        """No 13 key characters of the passage are found in another family."""
        return all(
            self.families.get(g, {family}) == {family} for g in grams(library_key(passage), 13)
        )


def pick_passage(mat: Material, rng: random.Random, used: set[str], want=None) -> dict | None:
    """A run of whole sentences of one paragraph of a library speech, 40-220 key characters."""
    for _ in range(400):
        s = rng.choice(mat.speeches)
        if s["family"] in used:
            continue
        paras = [p for p in s["text"].split("\n") if len(library_key(p)) >= 40]
        if not paras:
            continue
        para = rng.choice(paras)
        sents = [m.group(0) for m in _SENTENCE.finditer(para)]
        if not sents:
            continue
        i = rng.randrange(len(sents))
        j = i
        while j < len(sents) and len(library_key("".join(sents[i:j]))) < rng.randint(40, 160):
            j += 1
        passage = "".join(sents[i:j]).strip()
        n = len(library_key(passage))
        if not 40 <= n <= 220 or "“" in passage or "”" in passage:
            continue
        if want is not None and not want(passage):
            continue
        if not mat.own(passage, s["family"]):
            continue
        used.add(s["family"])
        return {"source_id": s["id"], "family": s["family"], "passage": passage}
    return None


def filler(mat: Material, rng: random.Random, n: int) -> list[str]:
    """n original paragraphs of 2-4 sentences."""
    return ["".join(rng.sample(mat.sentences, rng.randint(2, 4))) for _ in range(n)]


# -- the edits, one per class ---------------------------------------------------------------------


def _punctuation(p: str, rng: random.Random) -> str:
    swap = {"，": ",", "。": ".", "；": ";", "：": ":", "、": "，"}
    out = []
    for ch in p:
        out.append(swap.get(ch, ch) if rng.random() < 0.7 else ch)
        r = rng.random()
        if r < 0.05:
            out.append(" ")
        elif r < 0.1:
            out.append("\u200b")
    return "".join(out)


def _fullwidth(p: str, rng: random.Random) -> str:
    wide = {"，": "，", ",": "，", ".": "．", "1": "１", "2": "２", "0": "０"}
    out = "".join(
        chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else wide.get(c, c) for c in p
    )
    # a few ASCII letters too, so that fullwidth letters are tried
    i = rng.randrange(len(out) + 1)
    return out[:i] + "ＧＤＰ" + out[i:]


def _lookalike(p: str, rng: random.Random) -> str:
    return "".join(LOOKALIKE[c] if c in LOOKALIKE and rng.random() < 0.8 else c for c in p)


_YEAR = re.compile(r"(?:19|20)\d\d|20[xX×]{2}|[xX×]{2,}")


def _year(p: str, rng: random.Random) -> str:
    def fill(m: re.Match) -> str:
        g = m.group(0)
        if g[:2] == "20" and len(g) == 4:
            return f"20{rng.randint(10, 29)}"
        return str(rng.randint(2010, 2029)) if len(g) == 4 else rng.choice(PLACES)

    return _YEAR.sub(fill, p)


def _places(p: str, rng: random.Random) -> str:
    pattern = re.compile("|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)))
    return pattern.sub(lambda m: rng.choice([c for c in PLACES if c != m.group(0)]), p)


def _synonyms(p: str, rng: random.Random) -> str:
    pattern = re.compile("|".join(sorted(SYNONYMS, key=len, reverse=True)))
    out, last = [], -15
    pos = 0
    for m in pattern.finditer(p):
        if m.start() - last >= 12:
            out.append(p[pos : m.start()] + SYNONYMS[m.group(0)])
            pos = m.end()
            last = m.start()
    return "".join(out) + p[pos:]


def _reordered(p: str, rng: random.Random) -> str:
    sents = [m.group(0) for m in _SENTENCE.finditer(p)]
    if len(sents) < 2:
        parts = re.split(r"(?<=，)", p)
        sents = [s for s in parts if s]
    for _ in range(10):
        shuffled = rng.sample(sents, len(sents))
        if shuffled != sents:
            return "".join(shuffled)
    return "".join(sents[::-1])


def _one_in_ten(p: str, rng: random.Random, alphabet: str) -> str:
    chars = list(p)
    keyed = [i for i, c in enumerate(chars) if re.match(r"[^\W_]", c)]
    k = rng.randint(3, 12)
    while k < len(keyed):
        i = keyed[k]
        chars[i] = rng.choice([c for c in alphabet[:200] if c != chars[i]])
        k += rng.randint(10, 13)
    return "".join(chars)


def _docx_edit(p: str, rng: random.Random, alphabet: str) -> str:
    return rng.choice([lambda x: x, lambda x: _punctuation(x, rng), lambda x: _synonyms(x, rng)])(p)


EDITS = {
    "verbatim": lambda p, rng, a: p,
    "punctuation": lambda p, rng, a: _punctuation(p, rng),
    "fullwidth": lambda p, rng, a: _fullwidth(p, rng),
    "traditional": lambda p, rng, a: p,  # the whole draft is converted
    "lookalike": lambda p, rng, a: _lookalike(p, rng),
    "year": lambda p, rng, a: _year(p, rng),
    "places": lambda p, rng, a: _places(p, rng),
    "synonyms": lambda p, rng, a: _synonyms(p, rng),
    "reordered": lambda p, rng, a: _reordered(p, rng),
    "one_in_ten": _one_in_ten,
    "docx": _docx_edit,
}
WANT = {
    "year": lambda p: bool(_YEAR.search(p)),
    "places": lambda p: any(c in p for c in PLACES),
    "synonyms": lambda p: sum(p.count(w) for w in SYNONYMS) >= 3,
    "reordered": lambda p: len(_SENTENCE.findall(p)) >= 2,
    "lookalike": lambda p: sum(p.count(c) for c in LOOKALIKE) >= 4,
}


def _s2t(text: str) -> str:
    """Traditional script, one character for one (offsets of the labels still hold)."""
    import opencc

    conv = opencc.OpenCC("s2t")
    whole = conv.convert(text)
    if len(whole) == len(text):
        return whole
    return "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in text)


def make_draft(mat: Material, rng: random.Random, cls: str, number: int, alphabet: str) -> dict:
    paras = filler(mat, rng, rng.randint(4, 8))
    labels: list[dict] = []
    pieces: list[str] = []
    if cls in ("tifa_only", "stock_only"):
        terms = [e.term for e in shipped().entries.values() if len(e.term) >= 4]
        if cls == "stock_only":
            terms = list(STOCK)
        for i, para in enumerate(paras):
            sents = [m.group(0) for m in _SENTENCE.finditer(para)]
            glue = ("坚持", "推动", "深入落实", "牢牢把握", "始终围绕")
            paras[i] = "".join(
                s.rstrip("。！？") + "，" + rng.choice(glue) + rng.choice(terms) + "。"
                for s in sents
            )
    copies = (
        [] if cls in ("tifa_only", "original", "stock_only") else list(range(rng.randint(1, 3)))
    )
    used: set[str] = set()
    slots = sorted(rng.sample(range(len(paras) + 1), len(copies))) if copies else []
    spec = []
    for _ in copies:
        got = pick_passage(mat, rng, used, WANT.get(cls))
        if got is None:
            got = pick_passage(mat, rng, used)
        spec.append(got)
    text = ""
    k = 0
    for i in range(len(paras) + 1):
        while k < len(slots) and slots[k] == i:
            got = spec[k]
            if cls == "quoted":
                if rng.random() < 0.67:
                    lead = rng.choice(QUOTE_LEADS)
                else:
                    lead = rng.choice(DOCUMENTS) + rng.choice(("明确提出", "指出", "强调")) + "："
                before = lead + "“"
                body = got["passage"]
                if body.endswith("。"):
                    body = body[:-1]
                piece, kind, lo = before + body + "”。", "quoted", len(before)
                hi = lo + len(body)
            else:
                piece = EDITS.get(cls, EDITS["verbatim"])(got["passage"], rng, alphabet)
                kind, lo, hi = "copied", 0, len(piece)
            if text:
                text += "\n"
            labels.append(
                {
                    "start": len(text) + lo,
                    "end": len(text) + hi,
                    "kind": kind,
                    "source_id": got["source_id"],
                    "source_file": mat.file_of[got["source_id"]],
                    "family": got["family"],
                    "passage": got["passage"],
                }
            )
            pieces.append(piece)
            text += piece
            k += 1
        if i < len(paras):
            text += ("\n" if text else "") + paras[i]
    if cls == "traditional":
        text = _s2t(text)
    return {
        "name": f"{cls}_{number:02d}",
        "class": cls,
        "format": "docx" if cls == "docx" else "txt",
        "text": text,
        "labels": labels,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    lib_files, held = library_files()
    lib = build_library(CACHE / "library", lib_files)
    held_lib = build_library(CACHE / "held-out", held)
    mat = Material(lib, held_lib)
    counts: dict[str, int] = {}
    for s in mat.speeches:
        for ch in library_key(s["text"]):
            counts[ch] = counts.get(ch, 0) + 1
    alphabet = "".join(sorted(counts, key=lambda c: (-counts[c], c)))
    alphabet = "".join(c for c in alphabet if "\u4e00" <= c <= "\u9fff")
    rng = random.Random(args.seed)
    drafts = [make_draft(mat, rng, cls, n, alphabet) for cls in CLASSES for n in range(PER_CLASS)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    spec = {
        "generator": "bench/check_drafts.py",
        "seed": args.seed,
        "library": "every other file of tests/real/files, sorted, from the first",
        "original_sentences": len(mat.sentences),
        "drafts": drafts,
    }
    OUT.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    spans = sum(len(d["labels"]) for d in drafts)
    print(f"{len(drafts)} drafts, {spans} labelled spans -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
