"""Structure commands: `outline ID` and `facets`; and the outline/metadata printers `show` uses."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.table import Table
from rich.tree import Tree

from jianghua import labels
from jianghua.cli.common import LibraryOption, app, console, open_library, read_speech, shown

META_KEYS = ("genre", "scope", "body", "topic", "meeting_type", "session", "speaker", "date")
META_KEYS += ("place", "sector")


def outline_tree(speech: dict) -> Tree:
    """The outline as a rich Tree: marker, heading, role of top-level sections, offsets."""
    root = Tree(shown(speech.get("title") or "（无标题）"))

    def add(branch: Tree, nodes: list[dict]) -> None:
        for node in nodes:
            role = ""
            if node.get("role"):
                role = f"  〔{labels.ROLE_LABELS.get(node['role'], node['role'])}"
                role += f" {node['role_confidence']}〕"
            label = f"{node['heading']}{role}  （第 {node['start']}–{node['end']} 字）"
            add(branch.add(shown(label), highlight=False), node.get("children") or [])

    add(root, speech.get("outline") or [])
    return root


def meta_table(speech: dict) -> Table:
    table = Table("字段", "内容", "来源", "可信度", "依据")
    meta = speech.get("meta") or {}
    for key in META_KEYS:
        field = meta.get(key)
        if not field:
            continue
        value = labels.value_label(key, labels.meta_text(field["value"]))
        if field.get("masked"):
            value = f"{value}（已隐去）"
        table.add_row(
            labels.META_LABELS.get(key, key),
            shown(value),
            shown(labels.META_SOURCES.get(field["source"], field["source"])),
            str(field["confidence"]),
            shown(labels.evidence_text(field["evidence"])),
        )
    return table


def print_structure(speech: dict) -> None:
    """Outline tree, metadata table, parts and flags of a speech dict from Library.speech."""
    console.rule("提纲")
    console.print(outline_tree(speech))
    console.rule("元数据")
    console.print(meta_table(speech))
    for part in ("salutation", "opening", "closing"):
        value = speech.get(part)
        if value:
            console.print(
                f"{labels.PART_LABELS[part]}（第 {value['start']}–{value['end']} 字）："
                f"{value['text'][:60]}",
                markup=False,
            )
    flags = speech.get("flags") or []
    if flags:
        counts = Counter(labels.flag_label(f["kind"]) for f in flags)
        console.print(
            "缺失与存疑：" + "，".join(f"{k} {n} 处" for k, n in counts.most_common()),
            markup=False,
        )
        for f in flags:
            where = f"（第 {f['start']}–{f['end']} 字）" if "start" in f else ""
            console.print(f"  {labels.flag_text(f)}{where}", markup=False)


@app.command()
def outline(
    speech_id: str = typer.Argument(..., help="Speech id (see export)."),
    library: Path = LibraryOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The outline of one speech as a tree (headings, levels, section roles, offsets)."""
    speech = read_speech(library, speech_id)
    if as_json:
        print(json.dumps(speech["outline"], ensure_ascii=False))
        return
    console.print(outline_tree(speech))


@app.command("facets")
def facets_cmd(
    library: Path = LibraryOption,
    as_json: bool = typer.Option(False, "--json"),
    top: int = typer.Option(20, "--top", help="Values shown per facet."),
) -> None:
    """Speeches per sector, genre, scope, year and top-level role sequence (one per family,
    the speeches a search lists by default and the web counts)."""
    from jianghua.structure.facets import FACETS, facets

    with open_library(library) as lib:
        counts = facets(lib)
    if as_json:
        print(json.dumps(counts, ensure_ascii=False))
        return
    for name in FACETS:
        table = Table(labels.FACET_LABELS.get(name, name), "篇数")
        for value, n in list(counts[name].items())[:top]:
            text = labels.value_label(name, value)
            if name == "roles" and value != labels.NONE_VALUE:
                text = " > ".join(labels.ROLE_LABELS.get(r, r) for r in value.split(" > "))
            table.add_row(shown(text), str(n))
        console.print(table)
