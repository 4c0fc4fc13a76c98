"""The reader: one speech with its metadata, outline, marked text, copies, family, original
source lines and edits, similar speeches; downloads as .txt and .docx."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from jianghua.web import export, search_adapter, views
from jianghua.web.deps import LibraryDep, speech_id
from jianghua.web.templating import render

router = APIRouter()


def similar_or_reason(lib, sid: str) -> tuple[list[dict], str | None]:
    similar, problem = search_adapter.optional(search_adapter.similar, lib, sid, limit=8)
    return similar or [], problem


@router.get("/speech/{sid}", response_class=HTMLResponse, include_in_schema=False)
def reader(
    request: Request,
    sid: str,
    lib: LibraryDep,
    original: bool = False,
    source: Annotated[int | None, Query(ge=1)] = None,
    q: Annotated[str, Query(max_length=500)] = "",
):
    sid = speech_id(sid)
    pieces = search_adapter.query_pieces(q)
    marker = (lambda text: search_adapter.highlights(text, pieces)) if pieces else None
    view = views.speech_view(lib, sid, highlight=marker)
    similar, similar_problem = similar_or_reason(lib, sid)
    return render(
        request,
        "reader.html",
        v=view,
        sid=sid,
        similar=similar,
        similar_problem=similar_problem,
        orig=views.original(lib, sid, source),
        original_open=original,
        query=q,
        marked=pieces,
    )


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@router.get("/speech/{sid}/download.txt", include_in_schema=False)
def download_txt(sid: str, lib: LibraryDep):
    sid = speech_id(sid)
    body = export.as_text(views.speech_view(lib, sid))
    return Response(
        body.encode("utf-8"),
        media_type="text/plain; charset=utf-8",
        headers=_attachment(f"jianghua-{sid}.txt"),
    )


@router.get("/speech/{sid}/download.docx", include_in_schema=False)
def download_docx(sid: str, lib: LibraryDep):
    sid = speech_id(sid)
    body = export.as_docx(views.speech_view(lib, sid))
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers=_attachment(f"jianghua-{sid}.docx"),
    )
