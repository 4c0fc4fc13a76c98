"""The research index: where each pair of characters stands in every speech's skeleton (a
derived index, like the 查重 and full-text indexes).

Without it a trend or a concordance of a term not asked before scans every text: at 1 M
paragraphs (126 M characters) one term costs most of a second, and a concordance's first page
waits for the whole scan because it shows the hit count. With it, a term's hits are the positions
of its rarest character bigram, shifted to where the term would start, kept where the stored
codes hold the term's other characters (a vectorised comparison). That is an exact search, not an
approximation: the same occurrences str.find finds, which jianghua.research.corpus then counts
as the scan does (leftmost, longest variant, never overlapping).

Files, in <library>/research/ (numpy files, memory-mapped: a query touches the pages of its own
bigrams and candidates, so the texts need not be in memory):

    manifest.json           {"version": 1, "segments": [...]}: the live segments, written last
    seg-000001/ids.json     the segment's speech ids, in order
               starts.npy   int64, where each speech starts in text.npy (and, last, the end)
               vocab.npy    uint32 code points, sorted; text.npy holds indexes into it
               text.npy     the skeletons (jianghua.research.corpus.bare), NUL (code 0) between
                            speeches; uint16, or uint32 past 65,535 distinct characters
               keys.npy     uint64 bigram codes (first * len(vocab) + second), sorted
               offsets.npy  int64: postings of keys[i] are postings[offsets[i]:offsets[i + 1]]
               postings.npy uint32 positions in text.npy, ascending per bigram

The store never rewrites a speech's text (its id names the text), so a segment stays right;
speeches added later go to new segments; a speech removed from the store stays in its segment,
where no family points to it, until segments are merged. A segment's folder is complete before
the manifest lists it, so an interrupted update leaves an unlisted folder (removed on the next
update) and its speeches pending.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

VERSION = 1
FOLDER = "research"
MANIFEST = "manifest.json"
# characters per segment: building sorts 8 bytes per character three times over, so a segment
# of 20 M characters peaks near 0.5 GB; queries pay per segment only a few binary searches
SEGMENT_CHARS = 20_000_000
MAX_SEGMENTS = 12  # more after an update: the small ones are merged
_FILES = ("starts", "vocab", "text", "keys", "offsets", "postings")
_LOAD_LOCK = threading.Lock()  # np.load's header parsing is not thread-safe (see check.index)


def _load(path: Path, mmap: bool = True) -> np.ndarray:
    with _LOAD_LOCK:
        return np.load(path, mmap_mode="r" if mmap else None)


# -- building ----------------------------------------------------------------------------------


def write_segment(folder: Path, items: list[tuple[str, str]]) -> dict:
    """Index (speech id, skeleton) pairs into the new segment folder `folder`; returns its entry
    for the manifest. The folder is written under a temporary name and renamed when complete."""
    tmp = folder.with_name(f".{folder.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    ids = [sid for sid, _ in items]
    lengths = np.fromiter((len(s) for _, s in items), dtype=np.int64, count=len(items))
    starts = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=starts[1:])
    starts[-1] -= 1 if len(items) else 0  # no separator after the last speech
    joined = "\x00".join(s for _, s in items)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    del joined
    present = np.bincount(points, minlength=1) > 0 if len(points) else np.zeros(1, dtype=bool)
    present[0] = True  # code 0 is the separator, whether or not two speeches were joined
    vocab = np.flatnonzero(present).astype(np.uint32)
    lut = np.zeros(len(present), dtype=np.uint32)
    lut[vocab] = np.arange(len(vocab), dtype=np.uint32)
    dtype = np.uint16 if len(vocab) <= 65_536 else np.uint32
    text = lut[points].astype(dtype)
    del points, lut, present
    n, size = len(text), np.uint64(len(vocab))
    if n >= 2:
        first, second = text[:-1], text[1:]
        pos = np.flatnonzero((first != 0) & (second != 0)).astype(np.uint64)
        packed = first[pos].astype(np.uint64) * size + second[pos]
        packed <<= np.uint64(32)
        packed |= pos
        del pos
        packed.sort()  # by bigram, then position: unique values, so any sort is stable enough
        codes = packed >> np.uint64(32)
        edge = np.flatnonzero(codes[1:] != codes[:-1]) + 1
        heads = np.concatenate([[0], edge]).astype(np.int64)
        keys = codes[heads] if len(codes) else np.zeros(0, dtype=np.uint64)
        del codes
        offsets = np.append(heads, len(packed)).astype(np.int64)
        postings = (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        del packed
    else:
        keys = np.zeros(0, dtype=np.uint64)
        offsets = np.zeros(1, dtype=np.int64)
        postings = np.zeros(0, dtype=np.uint32)
    arrays = {
        "starts": starts,
        "vocab": vocab,
        "text": text,
        "keys": keys,
        "offsets": offsets,
        "postings": postings,
    }
    for name, arr in arrays.items():
        with open(tmp / f"{name}.npy", "wb") as f:
            np.save(f, arr)
            f.flush()
            os.fsync(f.fileno())
    (tmp / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(tmp, folder)
    return {"name": folder.name, "speeches": len(ids), "chars": int(n), "bigrams": len(keys)}


# -- reading -----------------------------------------------------------------------------------


class Segment:
    """One segment's arrays, memory-mapped; `find` gives a key's occurrences."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ids: list[str] = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        self.starts = _load(folder / "starts.npy", mmap=False)
        self.vocab = _load(folder / "vocab.npy", mmap=False)
        self.text = _load(folder / "text.npy")
        self.keys = _load(folder / "keys.npy")
        self.offsets = _load(folder / "offsets.npy")
        self.postings = _load(folder / "postings.npy")
        self.code = {chr(c): i for i, c in enumerate(self.vocab.tolist())}

    def encode(self, key: str) -> np.ndarray | None:
        """The codes of `key`'s characters; None if one never occurs in this segment."""
        codes = [self.code.get(ch) for ch in key]
        if not codes or None in codes or 0 in codes:
            return None
        return np.array(codes, dtype=np.int64)

    def find(self, key: str) -> np.ndarray:
        """Start positions (in text) of every occurrence of `key`, overlapping ones included,
        ascending."""
        codes = self.encode(key)
        empty = np.zeros(0, dtype=np.int64)
        if codes is None:
            return empty
        if len(codes) == 1:
            return np.flatnonzero(self.text == codes[0]).astype(np.int64)
        bigrams = (codes[:-1] * len(self.vocab) + codes[1:]).astype(np.uint64)
        if not len(self.keys):
            return empty
        at = np.minimum(np.searchsorted(self.keys, bigrams), len(self.keys) - 1)
        if (self.keys[at] != bigrams).any():  # a pair of the key's characters never occurs
            return empty
        lo, hi = self.offsets[at], self.offsets[at + 1]
        j = int(np.argmin(hi - lo))  # the rarest bigram: fewest candidates to confirm
        found = self.postings[lo[j] : hi[j]].astype(np.int64) - j
        found = found[(found >= 0) & (found + len(codes) <= len(self.text))]
        # confirm the other characters, rarest bigram's neighbours first: each test shrinks found
        for k in sorted(set(range(len(codes))) - {j, j + 1}, key=lambda k: abs(k - j)):
            if not len(found):
                break
            found = found[self.text[found + k] == codes[k]]
        return found

    def skeleton(self, doc: int) -> str:
        a, b = int(self.starts[doc]), int(self.starts[doc + 1])
        if doc + 2 < len(self.starts):
            b -= 1  # the separator
        return self.vocab[self.text[a:b]].tobytes().decode("utf-32-le")


def leftmost_longest(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The spans a left-to-right scan keeps: at each place the longest, never overlapping (as
    str.count for one key and Term.matches for a variant group). Vectorised where no span
    overlaps an earlier one; the rare chains of overlaps are walked one by one."""
    if len(starts) == 0:
        return starts, ends
    order = np.lexsort((starts - ends, starts))  # by start, then longest first
    starts, ends = starts[order], ends[order]
    head = np.ones(len(starts), dtype=bool)
    head[1:] = starts[1:] != starts[:-1]
    starts, ends = starts[head], ends[head]
    reach = np.maximum.accumulate(ends)
    tangled = np.zeros(len(starts), dtype=bool)
    tangled[1:] = starts[1:] < reach[:-1]  # may overlap a span before it
    if not tangled.any():
        return starts, ends
    # a span that starts past every earlier end is kept, and nothing before it matters after it
    keep = ~tangled
    end = 0
    for i in np.flatnonzero(tangled).tolist():
        if not tangled[i - 1]:
            end = int(ends[i - 1])
        if starts[i] >= end:
            keep[i] = True
            end = int(ends[i])
    return starts[keep], ends[keep]


class Reader:
    """The live segments of a library's research index (None from `open_reader` when absent)."""

    def __init__(self, folder: Path, manifest: dict):
        self.folder = folder
        self.manifest = manifest
        self.segments = [Segment(folder / s["name"]) for s in manifest["segments"]]

    def where(self) -> dict[str, tuple[int, int]]:
        """speech id -> (segment, document) for every indexed speech."""
        out = {}
        for s, seg in enumerate(self.segments):
            for d, sid in enumerate(seg.ids):
                out[sid] = (s, d)
        return out

    def spans(self, keys: Iterable[str], targets: list[np.ndarray]):
        """Hits of a term whose skeleton forms are `keys`, as (target, start, end) arrays,
        ordered by target then start: targets[s][d] is what document d of segment s counts for
        (-1: nothing); start and end are offsets in that document's skeleton."""
        keys = list(keys)
        out_t, out_s, out_e = [], [], []
        for seg, target in zip(self.segments, targets, strict=True):
            starts, ends = [], []
            for key in keys:
                found = seg.find(key)
                starts.append(found)
                ends.append(found + len(key))
            s, e = leftmost_longest(np.concatenate(starts), np.concatenate(ends))
            doc = np.searchsorted(seg.starts, s, side="right") - 1
            t = target[doc]
            keep = t >= 0
            base = seg.starts[doc[keep]]
            out_t.append(t[keep])
            out_s.append(s[keep] - base)
            out_e.append(e[keep] - base)
        t = np.concatenate(out_t) if out_t else np.zeros(0, dtype=np.int64)
        s = np.concatenate(out_s) if out_s else np.zeros(0, dtype=np.int64)
        e = np.concatenate(out_e) if out_e else np.zeros(0, dtype=np.int64)
        order = np.lexsort((s, t))
        return t[order], s[order], e[order]


def read_manifest(folder: Path) -> dict | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return manifest if manifest.get("version") == VERSION else None


def stamp(library_folder: Path) -> tuple:
    """Changes whenever the index's manifest is rewritten."""
    try:
        st = (Path(library_folder) / FOLDER / MANIFEST).stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (0, 0)


def open_reader(library_folder: Path) -> Reader | None:
    folder = Path(library_folder) / FOLDER
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    try:
        return Reader(folder, manifest)
    except (OSError, ValueError):  # a segment missing or cut short: count by scanning instead
        return None


# -- the derived-index protocol ----------------------------------------------------------------


class ResearchIndex:
    name = "research"

    def __init__(self, lib):
        self.lib = lib
        self.folder = Path(lib.folder) / FOLDER

    def _manifest(self) -> dict:
        return read_manifest(self.folder) or {"version": VERSION, "segments": []}

    def _write_manifest(self, manifest: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{MANIFEST}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(manifest, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / MANIFEST)

    def indexed(self, manifest: dict | None = None) -> set[str]:
        manifest = manifest or self._manifest()
        ids: set[str] = set()
        for s in manifest["segments"]:
            ids.update(json.loads((self.folder / s["name"] / "ids.json").read_text("utf-8")))
        return ids

    def _store_ids(self) -> list[str]:
        return [r[0] for r in self.lib.db.execute("SELECT id FROM speeches ORDER BY rowid")]

    def pending(self) -> int:
        try:
            have = self.indexed()
        except OSError:
            have = set()
        return sum(1 for sid in self._store_ids() if sid not in have)

    def update(self, on_progress: Callable[[int], None] | None = None) -> int:
        from jianghua.research.corpus import bare

        manifest = self._manifest()
        self._remove_unlisted(manifest)
        have = self.indexed(manifest)
        ids = [sid for sid in self._store_ids() if sid not in have]
        added = 0
        items: list[tuple[str, str]] = []
        size = 0

        def flush() -> None:
            nonlocal items, size, added
            entry = write_segment(self.folder / self._next_name(manifest), items)
            manifest["segments"].append(entry)
            self._write_manifest(manifest)
            added += len(items)
            if on_progress:
                on_progress(len(items))
            items, size = [], 0

        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.lib.db.execute(
                f"SELECT id, text FROM speeches WHERE id IN ({marks})", chunk
            ).fetchall()
            for sid, text in rows:
                skel = bare(text)
                items.append((sid, skel))
                size += len(skel) + 1
                if size >= SEGMENT_CHARS:
                    flush()
        if items:
            flush()
        if len(manifest["segments"]) > MAX_SEGMENTS:
            self.compact()
        return added

    def rebuild(self, on_progress: Callable[[int], None] | None = None) -> int:
        self._write_manifest({"version": VERSION, "segments": []})
        self._remove_unlisted()
        return self.update(on_progress)

    def compact(self) -> None:
        """Merge the smallest segments (the speeches each later update added) into segments of
        about SEGMENT_CHARS, from their own stored skeletons; speeches no longer in the store
        are dropped."""
        manifest = self._manifest()
        live = set(self._store_ids())
        segments = sorted(manifest["segments"], key=lambda s: s["chars"])
        merge, total = [], 0
        for s in segments:
            if total + s["chars"] > SEGMENT_CHARS and len(merge) >= 2:
                break
            merge.append(s)
            total += s["chars"]
        if len(merge) < 2:
            return
        items = []
        for s in merge:
            seg = Segment(self.folder / s["name"])
            items += [(sid, seg.skeleton(d)) for d, sid in enumerate(seg.ids) if sid in live]
            del seg
        names = {s["name"] for s in merge}
        kept = [s for s in manifest["segments"] if s["name"] not in names]
        entry = write_segment(self.folder / self._next_name(manifest), items)
        self._write_manifest({"version": VERSION, "segments": [*kept, entry]})
        self._remove_unlisted()

    def verify(self) -> list[str]:
        problems = []
        manifest = read_manifest(self.folder)
        if manifest is None:
            manifest = {"segments": []}
            if (self.folder / MANIFEST).exists():
                problems.append("research: manifest.json is unreadable")
        for s in manifest["segments"]:
            seg = self.folder / s["name"]
            missing = [n for n in (*_FILES, "ids") if not any(seg.glob(f"{n}.*"))]
            if missing:
                problems.append(f"research: segment {s['name']} lacks {', '.join(missing)}")
                continue
            try:
                text = _load(seg / "text.npy")
            except (OSError, ValueError) as exc:
                problems.append(f"research: segment {s['name']} is unreadable ({exc})")
                continue
            if len(text) != s["chars"]:
                problems.append(
                    f"research: segment {s['name']} holds {len(text)} characters,"
                    f" {s['chars']} recorded"
                )
        if not problems:
            missing = self.pending()
            if missing:
                problems.append(f"{missing} speeches not indexed")
        return problems

    def size_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())

    def _next_name(self, manifest: dict) -> str:
        used = [int(s["name"].split("-")[1]) for s in manifest["segments"]]
        if self.folder.exists():
            used += [
                int(p.name.split("-")[1])
                for p in self.folder.iterdir()
                if p.name.startswith("seg-") and p.name[4:].isdigit()
            ]
        return f"seg-{max(used, default=0) + 1:06d}"

    def _remove_unlisted(self, manifest: dict | None = None) -> None:
        if not self.folder.exists():
            return
        listed = {s["name"] for s in (manifest or self._manifest())["segments"]}
        for path in self.folder.iterdir():
            if path.is_dir() and path.name not in listed:
                shutil.rmtree(path, ignore_errors=True)
