"""Compose page: choose the occasion → pick an outline → pick passages per section → download.

The flow keeps no server state: each step's form carries the spec (and later the choices) to the
next, so a page can be reloaded, bookmarked or sent back and gives the same result. Passages are
named by key (<speech id>:<start>-<end>); anything that does not name a passage is a 400.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from jianghua.compose.adapt import PLACEHOLDER
from jianghua.compose.draft import Choices, DraftError
from jianghua.compose.export import (
    render_markdown,
    render_text,
    write_draft,
    write_print_copy,
    write_sources_sheet,
)
from jianghua.compose.layout import format_bytes
from jianghua.compose.profile import ROLE_NAMES, ROLES
from jianghua.compose.spec import SECTOR_WORDS, ComposeSpec, SpecError
from jianghua.compose.workbench import Composer
from jianghua.errors import SourceError
from jianghua.sources import Budget
from jianghua.web import uploads
from jianghua.web.csrf import CSRF_FIELD
from jianghua.web.deps import LibraryDep, open_for_thread
from jianghua.web.templating import render

router = APIRouter()

SPEC_FIELDS = (
    "occasion",
    "speaker_role",
    "speaker_name",
    "year",
    "place",
    "key_points",
    "target_chars",
)
MAX_SECTIONS = 12
# format -> downloaded file name: the annotated draft, the clean copy for print, its sources sheet
DOWNLOADS = {
    "docx": "draft.docx",
    "print": "draft.print.docx",
    "sources": "draft.sources.docx",
    "md": "draft.md",
    "txt": "draft.txt",
}
_cache: dict = {}
_cache_lock = threading.Lock()


def _library_state(lib) -> tuple:
    """Changes whenever the library is written: the database and WAL files' times and sizes."""
    state = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(f"{lib.path}{suffix}")
            state.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            state.append(None)
    return tuple(state)


def composer_for(lib) -> Composer:
    """One Composer per library state, shared by requests (profiles are read-only data)."""
    key = (str(lib.folder), _library_state(lib))
    with _cache_lock:
        composer = _cache.get(key)
        if composer is None:
            _cache.clear()
            composer = _cache[key] = Composer(lib)
    return composer


def spec_from(values) -> ComposeSpec:
    """A ComposeSpec from query or form values; a bad value is a 400 naming the field."""
    occasion = (values.get("occasion") or "").strip()
    if not occasion:
        raise HTTPException(400, "请填写会议名称，如 全县关工委工作会议")
    year = (values.get("year") or "").strip()
    target = (values.get("target_chars") or "").strip()
    try:
        return ComposeSpec(
            occasion=occasion[:100],
            speaker_role=(values.get("speaker_role") or "").strip()[:40],
            speaker_name=(values.get("speaker_name") or "").strip()[:20],
            year=int(year) if year else None,
            place=(values.get("place") or "").strip()[:30],
            key_points=[
                p.strip()[:200] for p in (values.get("key_points") or "").splitlines() if p.strip()
            ][:20],
            target_chars=int(target) if target else 4000,
        )
    except ValueError:
        raise HTTPException(400, "年份和目标字数须为整数") from None
    except SpecError as exc:
        raise HTTPException(400, str(exc)) from None


def spec_pairs(values) -> list[tuple[str, str]]:
    return [(k, values.get(k) or "") for k in SPEC_FIELDS if values.get(k)]


def pieces(text: str) -> list[tuple[str, str]]:
    """Text cut into (piece, class) so placeholders can be marked while the template escapes."""
    out, cursor = [], 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > cursor:
            out.append((text[cursor : m.start()], ""))
        out.append((m.group(), "check" if m.group().startswith("【请核对：") else "placeholder"))
        cursor = m.end()
    if cursor < len(text):
        out.append((text[cursor:], ""))
    return out


def choices_from(form) -> Choices:
    """The outline (order, drops, headings, extra section) and picks from the passages form."""
    sections = []
    for i in range(MAX_SECTIONS):
        role = form.get(f"role_{i}")
        if role is None:
            continue
        if role not in ROLES:
            raise HTTPException(400, f"第 {i + 1} 部分：没有“{role}”这种作用")
        if form.get(f"drop_{i}"):
            continue
        try:
            order = float(form.get(f"order_{i}") or i + 1)
        except ValueError:
            raise HTTPException(400, f"第 {i + 1} 部分的顺序须为数字") from None
        section = {
            "role": role,
            "heading": (form.get(f"heading_{i}") or "").strip()[:80],
            "speech_id": (form.get(f"speech_{i}") or "")[:12],
        }
        sections.append((order, i, section, form.getlist(f"pick_{i}")))
    extra = (form.get("extra_heading") or "").strip()
    if extra:
        sections.append(
            (
                float("inf"),
                MAX_SECTIONS,
                {"role": "other", "heading": extra[:80], "speech_id": ""},
                [],
            )
        )
    sections.sort(key=lambda s: (s[0], s[1]))
    return Choices(
        outline=[s[2] for s in sections],
        sections=[list(s[3])[:20] for s in sections],
        opening=form.get("opening") or None,
        closing=form.get("closing") or None,
    )


@router.get("/compose", response_class=HTMLResponse, include_in_schema=False)
def compose_start(request: Request):
    return render(
        request, "compose.html", values=dict(request.query_params), sectors=list(SECTOR_WORDS)
    )


@router.get("/compose/outline", response_class=HTMLResponse, include_in_schema=False)
def compose_outline(request: Request, lib: LibraryDep):
    values = request.query_params
    spec = spec_from(values)
    composer = composer_for(lib)
    matches = composer.matches(spec)
    return render(
        request,
        "compose_outline.html",
        spec=spec,
        spec_pairs=spec_pairs(values),
        proposals=composer.proposals(spec),
        matches=matches[:10],
        lacking=composer.lacking(spec),
    )


@router.get("/compose/passages", response_class=HTMLResponse, include_in_schema=False)
def compose_passages(request: Request, lib: LibraryDep):
    values = request.query_params
    spec = spec_from(values)
    composer = composer_for(lib)
    try:
        proposal = max(0, int(values.get("proposal") or 1) - 1)
        outline = composer.outline(spec, proposal)
    except (ValueError, SpecError) as exc:
        raise HTTPException(400, f"所选结构无效：{exc}") from None
    sections = [
        {
            "index": i,
            "role": s["role"],
            "role_name": ROLE_NAMES.get(s["role"], s["role"]),
            "heading": s["heading"],
            "speech_id": s.get("speech_id") or "",
            "candidates": composer.candidates(spec, s["role"], limit=6),
        }
        for i, s in enumerate(outline[:MAX_SECTIONS])
    ]
    return render(
        request,
        "compose_passages.html",
        spec=spec,
        spec_pairs=spec_pairs(values),
        sections=sections,
        roles=[(r, ROLE_NAMES[r]) for r in ROLES],
        openings=composer.openings(spec, 4),
        closings=composer.closings(spec, 4),
        formulas=composer.formulas(spec),
        formulations=composer.formulations(spec)[:12],
    )


def _draft(form, folder):
    """Runs in a worker thread: SQLite connections belong to the thread that opened them."""
    lib = open_for_thread(folder)
    spec = spec_from(form)
    try:
        return composer_for(lib).draft(spec, choices_from(form))
    except DraftError as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/compose/draft", response_class=HTMLResponse, include_in_schema=False)
async def compose_draft(request: Request):
    form = await request.form()
    draft = await run_in_threadpool(_draft, form, request.app.state.library_folder)
    paragraphs = [
        {
            "p": p,
            "pieces": pieces(p.text),
            "adaptations": [a for a in p.adaptations if a["kind"] != "keep"],
        }
        for p in draft.paragraphs
    ]
    return render(
        request,
        "compose_draft.html",
        draft=draft,
        paragraphs=paragraphs,
        # the choices go on to the download form; its own CSRF field is added by the template
        hidden=[(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != CSRF_FIELD],
    )


@router.post("/compose/download", include_in_schema=False)
async def compose_download(request: Request):
    form = await request.form()
    fmt = form.get("format") or "docx"
    if fmt not in DOWNLOADS:
        raise HTTPException(400, f"不支持的下载格式 {fmt}（可用 {'、'.join(DOWNLOADS)}）")
    draft = await run_in_threadpool(_draft, form, request.app.state.library_folder)
    name = DOWNLOADS[fmt]
    if fmt == "md":
        body, media = render_markdown(draft).encode("utf-8"), "text/markdown; charset=utf-8"
    elif fmt == "txt":
        body, media = render_text(draft).encode("utf-8"), "text/plain; charset=utf-8"
    else:
        write = {"docx": write_draft, "print": write_print_copy, "sources": write_sources_sheet}
        with tempfile.TemporaryDirectory(prefix="jianghua-compose-") as folder:
            target = Path(folder) / name
            if fmt == "docx":
                path = write_draft(draft, target, "docx", print_copy=False)
            else:
                path = write[fmt](draft, target)
            body = path.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


MAX_FORMAT_CHARS = 200_000


@router.get("/compose/format", response_class=HTMLResponse, include_in_schema=False)
def format_form(request: Request):
    return render(request, "compose_format.html")


@router.post("/compose/format", include_in_schema=False)
async def format_upload(request: Request, file: UploadFile | None = None):
    """A writer's own .docx/.txt laid out to GB/T 9704, returned as a DOCX download."""
    if file is None or not file.filename:
        raise HTTPException(400, "file: 请选择要排版的 .docx 或 .txt 文件")
    name = uploads.display_name(file.filename)
    if not name.lower().endswith((".txt", ".docx")):
        raise HTTPException(415, f"{name}: 不支持的文件类型（可用 .txt、.docx）")
    data = await file.read(uploads.MAX_UPLOAD_BYTES + 1)
    if len(data) > uploads.MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"{name}: 文件过大（上限 {uploads.MAX_UPLOAD_BYTES} 字节）")

    def lay_out() -> bytes:
        with tempfile.TemporaryDirectory(prefix="jianghua-format-") as folder:
            out = Path(folder) / "formatted.docx"
            budget = Budget(MAX_FORMAT_CHARS, uploads.PARSE_SECONDS)
            format_bytes(data, name, out, budget)
            return out.read_bytes()

    try:
        body = await uploads.off_loop(lay_out)
    except SourceError as exc:
        raise uploads.refused(name, exc) from exc
    except ValueError as exc:
        raise HTTPException(400, f"{name}: {exc}") from exc
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": 'attachment; filename="formatted.docx"'},
    )
