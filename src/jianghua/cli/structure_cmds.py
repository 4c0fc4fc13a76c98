"""Structure commands: `outline ID` and `facets`; and the outline/metadata printers `show` uses."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.table import Table
from rich.tree import Tree

from jianghua.cli.common import LibraryOption, app, console, open_library, read_speech, shown
from jianghua.structure.facets import FACETS, facets

META_KEYS = ("genre", "scope", "body", "topic", "meeting_type", "session", "speaker", "date")
META_KEYS += ("place", "sector")


def outline_tree(speech: dict) -> Tree:
    """The outline as a rich Tree: marker, heading, role of top-level sections, offsets."""
    root = Tree(shown(speech.get("title") or "(untitled)"))

    def add(branch: Tree, nodes: list[dict]) -> None:
        for node in nodes:
            role = f"  [{node['role']} {node['role_confidence']}]" if node.get("role") else ""
            label = f"{node['heading']}{role}  ({node['start']}-{node['end']})"
            add(branch.add(shown(label), highlight=False), node.get("children") or [])

    add(root, speech.get("outline") or [])
    return root


def meta_table(speech: dict) -> Table:
    table = Table("field", "value", "source", "confidence", "evidence")
    meta = speech.get("meta") or {}
    for key in META_KEYS:
        field = meta.get(key)
        if not field:
            continue
        value = field["value"]
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        if field.get("masked"):
            value = f"{value} (masked)"
        table.add_row(  # values and evidence come from the text and file names: never markup
            key,
            shown(value),
            shown(field["source"]),
            str(field["confidence"]),
            shown(field["evidence"]),
        )
    return table


def print_structure(speech: dict) -> None:
    """Outline tree, metadata table, parts and flags of a speech dict from Library.speech."""
    console.rule("outline")
    console.print(outline_tree(speech))
    console.rule("metadata")
    console.print(meta_table(speech))
    for part in ("salutation", "opening", "closing"):
        value = speech.get(part)
        if value:
            console.print(
                f"{part} ({value['start']}-{value['end']}): {value['text'][:60]}", markup=False
            )
    flags = speech.get("flags") or []
    if flags:
        counts = Counter(f["kind"] for f in flags)
        console.print(
            "flags: " + ", ".join(f"{k} {n}" for k, n in counts.most_common()), markup=False
        )


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
    """Speeches per sector, genre, scope, year and top-level role sequence."""
    with open_library(library) as lib:
        counts = facets(lib)
    if as_json:
        print(json.dumps(counts, ensure_ascii=False))
        return
    for name in FACETS:
        table = Table(name, "speeches")
        for value, n in list(counts[name].items())[:top]:
            table.add_row(shown(value), str(n))
        console.print(table)
