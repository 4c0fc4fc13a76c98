"""Real-material benchmark: jianghua's ingest scored on the hand-labelled corpus in tests/real.

    .venv/bin/python bench/real.py [--corpus tests/real] [--json] [--details] [--family F]

Every labelled file is read with `jianghua.sources.read_page` and run through
`jianghua.pipeline.process_page`; its output speeches are compared with the label (format:
tests/real/FORMAT.md). Texts and snippets are compared normalised (opencc t2s, NFKC, letters and
digits only). Per family and overall:

- files split right: every labelled speech found and no other unflagged speech output (not_speech
  files: every output speech flagged `not_a_speech`);
- speech boundaries exact: labelled speeches found (an output speech whose text begins with the
  label's `start` within its first 40 chars and ends with its `end` within its last 40);
- stated titles found: labelled speeches with `title_stated` whose matched output speech has the
  same title (normalised);
- date / speaker / place precision and recall, over labelled speeches (precision: correct values
  among the values output for matched speeches; recall: correct values among the stated ones).
  Date: the output value cut to the label's precision (YYYY-MM-DD / YYYY-MM / YYYY) equals the
  label. Speaker: the labelled name occurs in the output value and what is left is empty or a title
  of office (at most 12 chars, made of office words). Place: one output place name and the label
  contain one another;
- noise lines leaked: labelled noise snippets found in any output speech text;
- body chars lost: normalised chars of the labelled bodies' sentences (the file's text between
  `start` and `end`, less header and noise snippets) that occur in no output speech;
- not_speech flagged: not_speech files whose every output speech is flagged;
- speeches flagged: labelled speeches found whose output speech is flagged `not_a_speech` (the
  flag's false alarms: a reader is told to doubt a speech).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "real"))
sys.path.insert(0, str(ROOT / "src"))

from realcorpus import file_text, normalize, sentences  # noqa: E402

EDGE = 40  # a boundary is exact when the snippet lies within this many normalised chars
OFFICE = re.compile(
    r"^(?:中共|中国|中华人民共和国|国务院|全国|省|市|县|区|镇|乡|委|党|政府|人民|人大|政协|常委会|"
    r"常务|副|总|主席|书记|市长|省长|县长|区长|镇长|乡长|总理|部长|主任|局长|厅长|处长|科长|"
    r"校长|院长|委员|代表|秘书长|董事长|总经理|经理|理事长|会长|同志|国家|军委|纪委|组织|宣传|"
    r"统战|政法|监委|党组|大学|学院|公司|集团|[\u4e00-\u9fff]{0,4}(?:省|市|县|区|州|盟|旗))+$"
)
FIELDS = ("date", "speaker", "place")
# Characters that are valid Simplified too, so opencc t2s keeps them while a context-aware
# converter writes the usual Simplified form (围绕著 -> 围绕着): folded on both sides whenever
# the output is compared with the file, so that such a copy does not count as lost text.
_FOLD = str.maketrans(
    {"著": "着", "乾": "干", "夥": "伙", "甦": "苏", "纔": "才", "瞭": "了", "藉": "借"}
)


def fold(text: str) -> str:
    return text.translate(_FOLD)


SHORT_NOISE = 6  # characters: a labelled noise snippet this short is matched as a whole line


def norm(text: str) -> str:
    return fold(normalize(text))


def _flags(speech) -> set[str]:
    st = speech.structure or {}
    kinds = {f.get("kind") for f in st.get("flags", []) if isinstance(f, dict)}
    kinds.update(getattr(speech, "flags", []) or [])
    return kinds


def _meta_value(speech, key: str):
    meta = (speech.structure or {}).get("meta") or {}
    entry = meta.get(key)
    if not entry:
        return None
    return entry.get("value") if isinstance(entry, dict) else entry


def date_equal(label: str, value) -> bool:
    if not value or not isinstance(value, str):
        return False
    value = value.strip()
    return len(value) >= len(label) and value[: len(label)] == label


def speaker_equal(label: str, value) -> bool:
    if not value or not isinstance(value, str):
        return False
    name, out = normalize(label), normalize(value)
    if not name or name not in out:
        return False
    rest = out.replace(name, "", 1)
    return rest == "" or (len(rest) <= 12 and bool(OFFICE.match(rest)))


def _place_names(value) -> list[str]:
    if isinstance(value, dict):
        return [normalize(str(v)) for v in value.values() if v]
    if isinstance(value, (list, tuple)):
        return [normalize(str(v)) for v in value if v]
    if isinstance(value, str):
        return [normalize(value)]
    return []


def place_equal(label: str, value) -> bool:
    lab = normalize(label)
    names = [n for n in _place_names(value) if n]
    return bool(names) and any(n in lab or lab in n for n in names)


EQUAL = {"date": date_equal, "speaker": speaker_equal, "place": place_equal}


_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")


def _taiwan_page(page) -> bool:
    return page is not None and any(e.kind == "phrase" for e in page.edits)


def _taiwan(text: str) -> str:
    from jianghua.clean.script import to_simplified_line

    return normalize(to_simplified_line(text, 0, taiwan=True)[0])


def _taiwan_norm(text: str) -> str:
    return fold(_taiwan(text))


def _match(norm_out: list[str], start: str, end: str, taken: set[int]) -> int | None:
    for i, text in enumerate(norm_out):
        if i in taken:
            continue
        pos = text.find(start)
        if pos < 0 or pos > EDGE:
            continue
        tail = text.rfind(end)
        if tail < 0 or tail + len(end) < len(text) - EDGE:
            continue
        return i
    return None


def _body_sentences(
    source: str, speech: dict, label: dict, normalize=normalize
) -> list[str] | None:
    """Normalised sentences of a labelled body (between start and end), less header/noise.
    A link's address is markup, not text (a Markdown post's [words](https://…)): left out."""
    sents = [normalize(s) for s in sentences(_URL.sub(" ", source))]
    offsets, pos = [], 0
    for s in sents:
        offsets.append(pos)
        pos += len(s)
    joined = "".join(sents)
    start, end = normalize(speech["start"]), normalize(speech["end"])
    a = joined.find(start)
    if a < 0:
        return None
    b = joined.find(end, a)
    if b < 0:
        return None
    b += len(end)
    drop = [normalize(x) for x in (label.get("header") or []) + (label.get("noise") or [])]
    drop = [d for d in drop if d]
    out = []
    for s, off in zip(sents, offsets, strict=True):
        if not s or off + len(s) <= a or off >= b:
            continue
        s = s[max(0, a - off) : max(0, b - off)] if (off < a or off + len(s) > b) else s
        if len(s) < 2 or any(d in s or s in d for d in drop):
            continue
        out.append(s)
    return out


def score_file(corpus: Path, label: dict) -> dict:
    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    path = corpus / label["file"]
    res: dict = {"file": label["file"], "family": label["family"], "kind": label["kind"]}
    why: list[str] = []
    _page = None
    try:
        _page, speeches = process_page(read_page(path))
    except Exception as e:  # a crash is a failure of the file, not of the bench
        speeches = []
        why.append(f"ingest failed: {type(e).__name__}: {e}")
    norm_out = [norm(s.text) for s in speeches]
    # A page in Traditional script with Taiwan vocabulary is converted by the reviewed phrase
    # table too (帛琉 -> 帕劳, 網路 -> 网络): the label's snippets, the file's own words, are read
    # through the same table, so that a word the table changes is no boundary missed or text lost
    # (what the table does is tested on its own, in tests/clean).
    taiwan = bool(speeches) and _taiwan_page(_page)
    label_norm = _taiwan_norm if taiwan else norm
    flagged = [("not_a_speech" in _flags(s)) for s in speeches]
    res["output"] = len(speeches)
    labelled = label.get("speeches") or []
    res["speeches"] = len(labelled)
    taken: set[int] = set()
    found = 0
    counts = {f"{k}_{x}": 0 for k in FIELDS for x in ("stated", "output", "correct")}
    res.update(counts)
    res["titles_stated"] = res["titles_found"] = res["speech_flagged"] = 0
    for n, sp in enumerate(labelled, 1):
        i = _match(norm_out, label_norm(sp["start"]), label_norm(sp["end"]), taken)
        if sp.get("title_stated") and sp.get("title"):
            res["titles_stated"] += 1
        for key in FIELDS:
            if sp.get(key):
                res[f"{key}_stated"] += 1
        if i is None:
            why.append(f"speech {n} ({sp['start'][:12]}…) not found")
            continue
        taken.add(i)
        found += 1
        out = speeches[i]
        if flagged[i]:  # a labelled speech said to be none: a user is told to doubt it
            res["speech_flagged"] += 1
            why.append(f"speech {n} flagged not_a_speech")
        if sp.get("title_stated") and sp.get("title"):
            if out.title and norm(out.title) == label_norm(sp["title"]):
                res["titles_found"] += 1
            else:
                why.append(f"speech {n} title {out.title!r} != {sp['title']!r}")
        for key in FIELDS:
            value = _meta_value(out, key)
            if value:
                res[f"{key}_output"] += 1
            if value and sp.get(key) and EQUAL[key](sp[key], value):
                res[f"{key}_correct"] += 1
            elif value or sp.get(key):
                why.append(f"speech {n} {key} {value!r} != {sp.get(key)!r}")
    res["found"] = found
    extra = [i for i in range(len(speeches)) if i not in taken and not flagged[i]]
    if label["kind"] == "not_speech":
        res["split_right"] = all(flagged) if speeches else True
        res["not_speech_flagged"] = res["split_right"]
        if not res["split_right"]:
            why.append(f"not_speech: {sum(not f for f in flagged)} unflagged output speech(es)")
    else:
        res["split_right"] = found == len(labelled) and not extra
        if extra:
            why.append(f"{len(extra)} extra unflagged output speech(es)")
    all_out = "\n".join(norm_out)
    noise = [label_norm(x) for x in label.get("noise") or []]
    noise = [x for x in noise if x]
    # a short snippet (字号, from a tool bar's 【字号：) is leaked when a paragraph is that alone,
    # not when a word of the text holds it (推动“老字号”焕发新活力)
    out_lines = {norm(p) for s in speeches for p in s.text.split("\n")}
    leaked = [x for x in noise if (x in out_lines if len(x) < SHORT_NOISE else x in all_out)]
    res["noise"], res["noise_leaked"] = len(noise), len(leaked)
    if leaked:
        why.append("noise leaked: " + "; ".join(x[:16] for x in leaked[:5]))
    lost = 0
    if labelled:
        source = file_text(path)
        for sp in labelled:
            for s in _body_sentences(source, sp, label, _taiwan if taiwan else normalize) or []:
                if fold(s) not in all_out:
                    lost += len(s)
    res["body_lost"] = lost
    if lost:
        why.append(f"{lost} body chars lost")
    res["why"] = why
    return res


def _pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def summarise(rows: list[dict]) -> dict:
    s: dict = {"files": len(rows)}
    s["split_right_pct"] = _pct(sum(r["split_right"] for r in rows), len(rows))
    s["speeches"] = sum(r["speeches"] for r in rows)
    s["boundaries_exact_pct"] = _pct(sum(r["found"] for r in rows), s["speeches"])
    s["titles_found_pct"] = _pct(
        sum(r["titles_found"] for r in rows), sum(r["titles_stated"] for r in rows)
    )
    for key in FIELDS:
        correct = sum(r[f"{key}_correct"] for r in rows)
        s[f"{key}_precision"] = _pct(correct, sum(r[f"{key}_output"] for r in rows))
        s[f"{key}_recall"] = _pct(correct, sum(r[f"{key}_stated"] for r in rows))
    s["noise"] = sum(r["noise"] for r in rows)
    s["noise_leaked"] = sum(r["noise_leaked"] for r in rows)
    s["noise_leaked_pct"] = _pct(s["noise_leaked"], s["noise"])
    s["body_lost"] = sum(r["body_lost"] for r in rows)
    ns = [r for r in rows if r["kind"] == "not_speech"]
    s["not_speech"] = len(ns)
    s["not_speech_flagged_pct"] = _pct(sum(r["not_speech_flagged"] for r in ns), len(ns))
    s["speech_flagged_pct"] = _pct(
        sum(r["speech_flagged"] for r in rows), sum(r["found"] for r in rows)
    )
    return s


COLUMNS = [
    ("files", "files", "{}"),
    ("split%", "split_right_pct", "{}"),
    ("bound%", "boundaries_exact_pct", "{}"),
    ("title%", "titles_found_pct", "{}"),
    ("dateP", "date_precision", "{}"),
    ("dateR", "date_recall", "{}"),
    ("spkP", "speaker_precision", "{}"),
    ("spkR", "speaker_recall", "{}"),
    ("placeP", "place_precision", "{}"),
    ("placeR", "place_recall", "{}"),
    ("noise", "noise_leaked", "{}"),
    ("noise%", "noise_leaked_pct", "{}"),
    ("lost", "body_lost", "{}"),
    ("ns_flag%", "not_speech_flagged_pct", "{}"),
    ("sp_flag%", "speech_flagged_pct", "{}"),
]


def table(per_family: dict[str, dict], overall: dict) -> str:
    head = ["family"] + [c[0] for c in COLUMNS]
    body = []
    for name, s in [*sorted(per_family.items()), ("ALL", overall)]:
        body.append([name] + ["-" if s[k] is None else f.format(s[k]) for _, k, f in COLUMNS])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        cells = zip(r, widths, strict=True)
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells))

    return "\n".join([line(head), *(line(r) for r in body)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "real"))
    ap.add_argument("--json", action="store_true", help="print a machine-readable result")
    ap.add_argument("--details", action="store_true", help="list each failing file and why")
    ap.add_argument("--family", help="score this family only")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    from realcorpus import labels

    t0 = time.perf_counter()
    rows = []
    for _path, label in labels(corpus):
        if args.family and label["family"] != args.family:
            continue
        rows.append(score_file(corpus, label))
    fam: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        fam[r["family"]].append(r)
    per_family = {k: summarise(v) for k, v in fam.items()}
    overall = summarise(rows)
    seconds = round(time.perf_counter() - t0, 1)
    if args.json:
        out = {"overall": overall, "families": per_family, "seconds": seconds}
        if args.details:
            out["files"] = rows
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(table(per_family, overall))
    failed = [r["file"] for r in rows if any(w.startswith("ingest failed") for w in r["why"])]
    print(f"({len(rows)} files in {seconds}s; ingest failed on {len(failed)})")
    for name in failed[:10]:
        print(f"  ingest failed: {name}")
    if args.details:
        for r in rows:
            if r["why"] or not r["split_right"]:
                print(f"\n{r['file']} [{r['kind']}, {r['output']} output speech(es)]")
                for w in r["why"]:
                    print(f"  - {w}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
