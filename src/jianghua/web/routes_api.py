"""The JSON API: search, speeches, outline, family, original lines, similar, facets, stats, and
parsing an uploaded file. Described by FastAPI's OpenAPI at /openapi.json; errors are JSON
{"error": message, "status": code}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, UploadFile
from fastapi.concurrency import run_in_threadpool

from jianghua.pipeline import process_page
from jianghua.web import search_adapter, uploads, views
from jianghua.web.deps import LibraryDep, speech_id
from jianghua.web.search_adapter import SearchParams

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/search", summary="Search speeches")
def api_search(lib: LibraryDep, params: Annotated[SearchParams, Depends()]) -> dict:
    """Speeches matching `q` under the filters, grouped per speech with the best paragraphs and
    the highlight offsets [[start, end], ...] of the matched terms, plus facet counts."""
    return params.run(lib)


@router.get("/facets", summary="Facet counts over the library")
def api_facets(lib: LibraryDep) -> dict:
    return search_adapter.facets(lib)


@router.get("/stats", summary="Library size and cleaning counts")
def api_stats(lib: LibraryDep) -> dict:
    return lib.stats()


@router.get("/speeches/{sid}", summary="One speech")
def api_speech(sid: str, lib: LibraryDep) -> dict:
    """The speech in the export schema plus its header, edits, occurrences, metadata with the
    source of each field, outline and loss flags (as far as the structure analysis found them)."""
    sid = speech_id(sid)
    view = views.speech_view(lib, sid)
    structure = view["structure"]
    return {
        **view["speech"],
        "occurrences": view["occurrences"],
        "meta": structure.get("meta") if isinstance(structure.get("meta"), dict) else {},
        "outline": structure.get("outline") if isinstance(structure.get("outline"), list) else [],
        "structure_flags": view["flags"],
        **{
            name: structure.get(name)
            for name in ("salutation", "opening", "closing", "formulations")
            if name in structure
        },
    }


@router.get("/speeches/{sid}/outline", summary="A speech's outline")
def api_outline(sid: str, lib: LibraryDep) -> dict:
    """Outline nodes {level, marker, heading, role, role_confidence, start, end, children}, with
    offsets into the speech text; an empty list when no outline was found."""
    sid = speech_id(sid)
    structure = views.structure_of(lib, sid)
    outline = structure.get("outline")
    return {"id": sid, "outline": outline if isinstance(outline, list) else []}


@router.get("/speeches/{sid}/family", summary="A speech's near-duplicate family")
def api_family(sid: str, lib: LibraryDep) -> dict:
    return views.family(lib, speech_id(sid))


@router.get("/speeches/{sid}/original", summary="Original source lines and the edits made")
def api_original(
    sid: str,
    lib: LibraryDep,
    source: Annotated[int | None, Query(ge=1, description="source id; default the first")] = None,
) -> dict:
    return views.original(lib, speech_id(sid), source)


@router.get("/speeches/{sid}/similar", summary="Speeches like this one")
def api_similar(
    sid: str, lib: LibraryDep, limit: Annotated[int, Query(ge=1, le=50)] = 10
) -> list[dict]:
    return search_adapter.similar(lib, speech_id(sid), limit=limit)


@router.post("/parse", summary="Split an uploaded file into speeches (nothing is stored)")
async def api_parse(file: UploadFile) -> dict:
    """Read one .txt/.html/.htm/.docx upload (at most 10 MB) and return the speeches ingest would
    find in it, without adding anything to the library."""
    page = await uploads.read_upload(file)
    page, speeches = await run_in_threadpool(process_page, page)
    return {
        "file": page.name,
        "encoding": page.encoding,
        "script": page.script,
        "removed_lines": sum(1 for e in page.edits if e.kind == "noise"),
        "speeches": [
            {
                "title": s.title,
                "lines": [s.first_line, s.last_line],
                "chars": s.chars,
                "flags": s.flags,
                "text": s.text,
            }
            for s in speeches
        ],
    }
