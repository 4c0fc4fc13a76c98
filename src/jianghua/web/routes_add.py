"""Add files to the library from the browser: the page (/add) and its API (/api/ingest).

The page uploads the chosen or dropped files one after another (one ingest at a time: the
library's lock), shows each file's upload progress, then its OCR pages, then the summary the CLI
prints, with links to the speeches found. The work is in ingest_upload.py; this module checks the
request: a listed type, under the size limit, and (SecurityMiddleware) the token and CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from jianghua.web import ingest_upload, uploads
from jianghua.web.templating import render

router = APIRouter()

FORMATS = [
    ("纯文本", ".txt"),
    ("网页", ".html .htm"),
    ("Word 文档", ".docx .doc"),
    ("WPS 文字", ".wps"),
    ("PDF（含扫描件）", ".pdf"),
    ("OFD 版式文件", ".ofd"),
    ("图片（扫描或照片）", ".png .jpg .jpeg .tif .tiff"),
]


@router.get("/add", response_class=HTMLResponse, include_in_schema=False)
def add_page(request: Request):
    accept = ",".join(s for _, suffixes in FORMATS for s in suffixes.split())
    return render(
        request,
        "add.html",
        formats=FORMATS,
        accept=accept,
        limit_mb=ingest_upload.MAX_INGEST_BYTES // (1024 * 1024),
    )


@router.post("/api/ingest", summary="Add an uploaded file to the library")
async def api_ingest(request: Request, file: UploadFile) -> dict:
    """Read, split and store one uploaded file, as `jianghua ingest` does; the summary it prints
    (speeches, new, copies, noise lines, edits, status) and the speeches found. 409 while
    another ingest runs, 413 over the size limit, 415 an unlisted type, 422 unreadable."""
    name = uploads.display_name(file.filename)
    suffix = uploads.allowed_suffix(file.filename)
    limit = ingest_upload.MAX_INGEST_BYTES
    data = await file.read(limit + 1)
    if len(data) > limit:
        return _too_large(name, limit)
    folder = request.app.state.library_folder
    return await run_in_threadpool(ingest_upload.ingest_upload, folder, data, name, suffix)


@router.get("/api/ingest/progress", summary="What the upload in hand is doing")
def api_ingest_progress() -> dict:
    return ingest_upload.progress()


def _too_large(name: str, limit: int):
    from fastapi import HTTPException

    raise HTTPException(413, f"{name}：文件超过 {limit // (1024 * 1024)} MB 的上限")
