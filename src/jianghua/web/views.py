"""What the reader and the API show of one speech, built from the store (read only).

The structure analysis (outline with roles, metadata with sources, loss flags) may be absent for a
library ingested before it existed or partial for a given speech, so every field of it is read
defensively: a missing or malformed part shows as nothing, never as an error.

Text with marks (highlights, placeholders, losses) is returned as pieces: (text, classes) with the
text still raw, so the template escapes each piece; no scraped character is ever treated as HTML.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jianghua import labels
from jianghua.errors import JianghuaError, NotFound
from jianghua.library.store import Library
from jianghua.sources import read_page
from jianghua.text import placeholders

# The labels live in jianghua.labels; these names stay for the modules that import them here.
OUTLINE_ROLES = labels.ROLE_LABELS
ROLE_LABELS = labels.SECTION_LABELS
FLAG_LABELS = labels.FLAG_LABELS
_meta_text = labels.meta_text


META_LABELS = labels.META_LABELS
TITLE_SOURCES = labels.TITLE_SOURCES
META_SOURCES = labels.META_SOURCES
SHOWN_LINE_CHARS = 2000  # an original line longer than this (a minified page) is cut on display
SHOWN_LINES = 1500  # lines of one original range shown at most
CONTEXT_LINES = 3  # original lines shown around a speech's range
FAMILY_SHOWN = 50  # members of a near-duplicate family listed (a stock text may have hundreds)
SOURCES_SHOWN = 10  # source ranges listed per family member
OCCURRENCES_SHOWN = 200  # places listed where the speech itself appears


# -- marked text ------------------------------------------------------------------------------


def pieces(text: str, marks: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Cut `text` at the marks' offsets: [(piece, "class class"), ...] covering all of `text`.

    Marks may overlap or fall outside the text; they are clipped. Pieces stay raw text.
    """
    bounds = {0, len(text)}
    clipped = []
    for start, end, cls in marks:
        start, end = max(0, int(start)), min(len(text), int(end))
        if start < end:
            clipped.append((start, end, cls))
            bounds.update((start, end))
    cuts = sorted(bounds)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        classes = sorted({cls for s, e, cls in clipped if s <= a and b <= e})
        out.append((text[a:b], " ".join(classes)))
    return out


def highlighted(text: str, highlights) -> list[tuple[str, str]]:
    """A search hit's paragraph cut at its highlight offsets [[start, end], ...]."""
    marks = []
    for pair in highlights or []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            marks.append((pair[0], pair[1], "hl"))
    return pieces(text, marks)


# -- structure, read defensively --------------------------------------------------------------


def _as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _span(value) -> tuple[int, int] | None:
    value = _as_dict(value)
    start, end = value.get("start"), value.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
        return start, end
    return None


def structure_of(lib: Library, sid: str) -> dict:
    row = lib.db.execute("SELECT structure FROM speeches WHERE id = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"no speech with id {sid!r}")
    try:
        return _as_dict(json.loads(row["structure"] or "{}"))
    except json.JSONDecodeError:
        return {}


def _label(node: dict) -> str:
    """The outline entry's text: the heading, with its marker unless it already starts with it."""
    marker, heading = str(node.get("marker") or ""), str(node.get("heading") or "")
    return heading if heading.startswith(marker) else marker + heading


def outline_entries(structure: dict) -> tuple[list[dict], list[dict]]:
    """The outline as a tree and as a flat list in reading order, each node with an anchor id
    and its role (inherited from its parent when it has none of its own)."""
    entries: list[dict] = []

    def walk(nodes, depth: int, inherited: str | None) -> list[dict]:
        out = []
        for node in _as_list(nodes):
            node = _as_dict(node)
            span = _span(node)
            if span is None:
                continue
            role = node.get("role") if isinstance(node.get("role"), str) else None
            entry = {
                "anchor": f"sec-{len(entries) + 1}",
                "level": node.get("level") if isinstance(node.get("level"), int) else depth,
                "depth": depth,
                "marker": str(node.get("marker") or ""),
                "heading": str(node.get("heading") or ""),
                "label": _label(node),
                "role": role,
                "effective_role": role or inherited,
                "role_label": ROLE_LABELS.get(role or "", role or ""),
                "role_confidence": node.get("role_confidence"),
                "start": span[0],
                "end": span[1],
            }
            entries.append(entry)
            entry["children"] = walk(node.get("children"), depth + 1, role or inherited)
            out.append(entry)
        return out

    tree = walk(structure.get("outline"), 1, None)
    return tree, entries


def meta_rows(structure: dict, speech: dict, title_source: str | None) -> list[dict]:
    """The metadata table: each field's value and where it came from."""
    rows = [
        {
            "field": "title",
            "label": META_LABELS["title"],
            "value": speech["title"] or "（无标题）",
            "source": TITLE_SOURCES.get(title_source or "", title_source or "")
            or ("未找到" if not speech["title"] else ""),
            "confidence": None,
            "evidence": None,
        }
    ]
    for name, raw in _as_dict(structure.get("meta")).items():
        if name == "title":
            continue
        raw = raw if isinstance(raw, dict) else {"value": raw}
        value = raw.get("value")
        if value in (None, "", [], {}):
            continue
        value = labels.value_label(str(name), _meta_text(value))
        rows.append(
            {
                "field": str(name),
                "label": META_LABELS.get(str(name), str(name)),
                "value": value,
                "source": META_SOURCES.get(
                    str(raw.get("source") or ""), str(raw.get("source") or "")
                ),
                "confidence": raw.get("confidence"),
                "evidence": labels.evidence_text(raw.get("evidence") or "") or None,
            }
        )
    return rows


def loss_flags(structure: dict, speech_flags) -> list[dict]:
    """Losses and doubts: the structure's located flags and the speech's own flags (names or
    located flags), each listed once."""
    flags: list[dict] = []
    seen: set[tuple] = set()
    for flag in [*_as_list(structure.get("flags")), *_as_list(speech_flags)]:
        if isinstance(flag, str):
            flag = {"kind": flag}
        flag = _as_dict(flag)
        if not flag:
            continue
        span = _span(flag)
        kind = str(flag.get("kind") or "flag")
        entry = {
            "kind": kind,
            "label": labels.flag_label(kind),
            "detail": str(flag.get("detail") or ""),
            "detail_text": labels.flag_detail(kind, flag.get("detail") or ""),
            "start": span[0] if span else None,
            "end": span[1] if span else None,
        }
        key = (entry["kind"], entry["detail"], entry["start"], entry["end"])
        if key not in seen:
            seen.add(key)
            flags.append(entry)
    return flags


def paragraphs_view(
    text: str, entries: list[dict], structure: dict, flags: list[dict], highlight=None
):
    """Each paragraph with its offsets, section role, outline anchors and marked pieces;
    `highlight(paragraph) -> [[start, end], ...]` marks search terms."""
    parts: list[tuple[int, int, str]] = []
    for name in ("salutation", "opening", "closing"):
        span = _span(structure.get(name))
        if span:
            parts.append((span[0], span[1], name))
    out = []
    start = 0
    previous_role = None
    for index, para in enumerate(text.split("\n")):
        end = start + len(para)
        # The innermost outline node containing the paragraph's start gives its role.
        role, anchors, heading_level, heading_len = None, [], None, 0
        for entry in entries:
            if entry["start"] <= start < max(entry["end"], entry["start"] + 1):
                role = entry["effective_role"] or role
            if start <= entry["start"] <= end:
                anchors.append(entry["anchor"])
                if entry["start"] == start and heading_level is None:
                    heading_level = entry["level"]
                    heading_len = len(entry["heading"]) if para.startswith(entry["heading"]) else 0
        if role is None:
            for s, e, name in parts:
                if s <= start < max(e, s + 1):
                    role = name
        marks = [(s, e, "placeholder") for s, e, _ in placeholders(para)]
        if heading_len:
            marks.append((0, heading_len, "h"))
        if highlight is not None:
            marks += [(a, b, "hl") for a, b in highlight(para)]
        for flag in flags:
            # a located placeholder is already marked as one; every other finding is a loss
            cls = "placeholder" if flag["kind"] == "placeholder" else "loss"
            if flag["start"] is not None and flag["start"] < end and flag["end"] > start:
                marks.append((flag["start"] - start, flag["end"] - start, cls))
            elif (
                flag["start"] is not None
                and flag["start"] == flag["end"]
                and start <= flag["start"] <= end
            ):
                # a zero-width loss (text missing here) is marked on the character before it
                at = flag["start"] - start
                marks.append((max(0, at - 1), max(1, at), cls))
        out.append(
            {
                "index": index,
                "start": start,
                "end": end,
                "text": para,
                "pieces": pieces(para, marks),
                "role": role,
                "role_label": ROLE_LABELS.get(role or "", role or ""),
                "role_starts": role is not None and role != previous_role,
                "anchors": anchors,
                "heading_level": heading_level,
                # a paragraph that is only a heading, not a heading run into its first sentences
                "heading_only": heading_level is not None and heading_len >= len(para.rstrip("。")),
            }
        )
        previous_role = role
        start = end + 1
    return out


# -- provenance -------------------------------------------------------------------------------


def occurrences(lib: Library, sid: str, limit: int = -1) -> list[dict]:
    """Where this exact text appears: source files and line ranges (the first `limit`)."""
    rows = lib.db.execute(
        "SELECT o.source_id, o.first_line, o.last_line, o.item, o.title, o.header, s.name,"
        " s.format, s.encoding, s.script FROM occurrences o JOIN sources s ON s.id = o.source_id"
        " WHERE o.speech_id = ? ORDER BY o.source_id, o.ordinal LIMIT ?",
        (sid, limit),
    ).fetchall()
    out = []
    for r in rows:
        try:
            header = [[int(n), str(t)] for n, t in json.loads(r["header"] or "[]")]
        except (ValueError, TypeError):
            header = []
        out.append(
            {
                "source_id": r["source_id"],
                "file": r["name"],
                "lines": [r["first_line"], r["last_line"]],
                "item": r["item"],
                "title": r["title"],
                "header": header,
                "format": r["format"],
                "encoding": r["encoding"],
                "script": r["script"],
            }
        )
    return out


def first_place(lib: Library, sid: str) -> str | None:
    """Where a speech first appears, for naming an untitled one: "file 篇一 第4–22行"."""
    row = lib.db.execute(
        "SELECT s.name, o.item, o.first_line, o.last_line FROM occurrences o"
        " JOIN sources s ON s.id = o.source_id WHERE o.speech_id = ?"
        " ORDER BY o.source_id, o.ordinal LIMIT 1",
        (sid,),
    ).fetchone()
    if row is None:
        return None
    item = f" {row['item']}" if row["item"] else ""
    return f"{row['name']}{item} 第{row['first_line']}–{row['last_line']}行"


def occurrence_count(lib: Library, sid: str) -> int:
    return lib.db.execute(
        "SELECT COUNT(*) FROM occurrences WHERE speech_id = ?", (sid,)
    ).fetchone()[0]


def family(lib: Library, sid: str) -> dict:
    """The speech's near-duplicate family: its members (this one, then the canonical and the
    longest, at most FAMILY_SHOWN) with their sources (at most SOURCES_SHOWN each)."""
    row = lib.db.execute("SELECT family FROM speeches WHERE id = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"no speech with id {sid!r}")
    size = lib.db.execute(
        "SELECT COUNT(*) FROM speeches WHERE family = ?", (row["family"],)
    ).fetchone()[0]
    members = lib.db.execute(
        "SELECT id, title, chars, placeholders, canonical FROM speeches WHERE family = ?"
        " ORDER BY id = ? DESC, canonical DESC, chars DESC, id LIMIT ?",
        (row["family"], sid, FAMILY_SHOWN),
    ).fetchall()
    members = sorted(members, key=lambda m: (not m["canonical"], -m["chars"], m["id"]))
    return {
        "family": row["family"],
        "size": size,
        "members": [
            {
                "id": m["id"],
                "title": m["title"],
                "chars": m["chars"],
                "placeholders": m["placeholders"],
                "canonical": bool(m["canonical"]),
                "self": m["id"] == sid,
                "sources": [
                    {"file": o["file"], "lines": o["lines"]}
                    for o in occurrences(lib, m["id"], SOURCES_SHOWN)
                ],
                "occurrences": occurrence_count(lib, m["id"]),
            }
            for m in members
        ],
    }


ORIGINAL_MAX_BYTES = 50_000_000  # a bigger source is not re-read for display


@lru_cache(maxsize=4)  # the reader's page and its "show original" read the same file
def _original_lines(path: str, sha256: str) -> tuple[str, ...] | None:
    """The source file's original lines, if the file is still there unchanged."""
    try:
        page = read_page(path, max_bytes=ORIGINAL_MAX_BYTES)
    except JianghuaError:
        return None
    return page.original if page.sha256 == sha256 else None


def _pages_of_lines(meta_json) -> list:
    """The page each source line starts on, for sources laid out in pages (PDF, OCR, OFD:
    sources/layout.py), else []."""
    try:
        where = _as_dict(_as_dict(json.loads(meta_json or "{}")).get("layout")).get("where")
    except json.JSONDecodeError:
        return []
    if not isinstance(where, list):
        return []
    return [entry[0][0] if entry and isinstance(entry[0], list) else None for entry in where]


def original(lib: Library, sid: str, source_id: int | None = None) -> dict:
    """The original lines of one occurrence (the first by default), the edits made to them
    and the noise lines removed among them.

    The source file is re-read from the path recorded at ingest, relative paths from the current
    folder or the library's parent folder, and used only if its sha256 still matches.
    """
    occ = occurrences(lib, sid)
    if not occ:
        raise NotFound(f"no speech with id {sid!r}")
    chosen = next((o for o in occ if o["source_id"] == source_id), None) if source_id else occ[0]
    if chosen is None:
        raise NotFound(f"speech {sid} does not occur in source {source_id}")
    src = lib.db.execute(
        "SELECT path, name, sha256, format, meta FROM sources WHERE id = ?",
        (chosen["source_id"],),
    ).fetchone()
    first, last = chosen["lines"]
    header_lines = [n for n, _ in chosen["header"]]
    low = max(1, min([first, *header_lines]) - CONTEXT_LINES)
    high = last + CONTEXT_LINES

    lines = None
    stored = Path(src["path"])
    candidates = [stored] if stored.is_absolute() else [stored, lib.folder.parent / stored]
    # a scan's original is not recognised again for display: OCR takes seconds a page
    ocr_read = str(src["format"]).endswith("-ocr")
    for candidate in [] if ocr_read else candidates:
        lines = _original_lines(str(candidate), src["sha256"])
        if lines is not None:
            break
    edits = [
        {**dict(e), "summary": labels.edit_summary(dict(e))}
        for e in lib.db.execute(
            "SELECT line, kind, before, after, reason FROM edits WHERE source_id = ?"
            " AND (speech_id = ? OR speech_id IS NULL) AND line BETWEEN ? AND ?"
            " ORDER BY line, rowid",
            (chosen["source_id"], sid, low, high),
        )
    ]
    removed_rows = lib.db.execute(
        "SELECT line, text, reason FROM removed_lines WHERE source_id = ?"
        " AND line BETWEEN ? AND ? ORDER BY line",
        (chosen["source_id"], low, high),
    ).fetchall()
    removed = {r["line"]: r["reason"] for r in removed_rows}
    pages = _pages_of_lines(src["meta"])
    shown = []
    if lines is not None:
        high = min(high, len(lines))
        for n in range(low, min(high, low + SHOWN_LINES - 1) + 1):
            text = lines[n - 1]
            cut = len(text) > SHOWN_LINE_CHARS
            shown.append(
                {
                    "line": n,
                    "text": text[:SHOWN_LINE_CHARS],
                    "cut": cut,
                    "in_speech": first <= n <= last,
                    "header": n in header_lines,
                    "removed": removed.get(n),
                    "removed_label": labels.NOISE_REASONS.get(removed.get(n), removed.get(n)),
                    "page": pages[n - 1] if n <= len(pages) else None,
                }
            )
    return {
        "source_id": chosen["source_id"],
        "file": src["name"],
        "lines": [first, last],
        "available": lines is not None,
        "missing_reason": None
        if lines is not None
        else f"源文件 {src['name']} 是识别（OCR）读入的：无法再次对照原文行"
        if ocr_read
        else f"源文件 {src['name']} 已不在导入时的位置，或已被修改",
        "original": shown,
        "edits": edits,
        "removed_lines": [
            {**dict(r), "reason_label": labels.NOISE_REASONS.get(r["reason"], r["reason"])}
            for r in removed_rows
        ],
        "occurrences": [{"source_id": o["source_id"], "file": o["file"]} for o in occ],
    }


def speech_view(lib: Library, sid: str, highlight=None) -> dict:
    """Everything the reader page shows of one speech (`highlight`: see paragraphs_view)."""
    speech = lib.speech(sid)  # raises NotFound
    row = lib.db.execute(
        "SELECT title_source, first_source FROM speeches WHERE id = ?", (sid,)
    ).fetchone()
    structure = structure_of(lib, sid)
    tree, entries = outline_entries(structure)
    # the store names the structure's flags `flags` and the cleaning stage's `clean_flags`
    flags = loss_flags(
        structure, [*_as_list(speech.get("flags")), *_as_list(speech.get("clean_flags"))]
    )
    return {
        "speech": speech,
        "structure": structure,
        "meta": meta_rows(structure, speech, row["title_source"]),
        "outline": tree,
        "outline_entries": entries,
        "flags": flags,
        "paragraphs": paragraphs_view(speech["text"], entries, structure, flags, highlight),
        "occurrences": occurrences(lib, sid, OCCURRENCES_SHOWN),
        "occurrence_count": occurrence_count(lib, sid),
        "family": family(lib, sid),
    }
