"""查重 page: paste a draft or upload a .txt/.docx file, get the report of `jianghua check`.

GET /check shows the form; POST /check renders the report (the draft with its copied spans
highlighted, each linked to its source speech, the sources and shares); POST /check/report.docx
returns the DOCX report; POST /api/check the JSON report. Nothing goes into the library: the
draft is unpublished. The report page's draft is kept for a while in the server's private
temporary folder (jianghua.web.drafts), so that its DOCX download names it by id.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from jianghua.check import CheckIndex, check_text
from jianghua.check.read import draft_from_bytes
from jianghua.check.render import figures, marks, passages, span_class, to_docx
from jianghua.check.report import Report
from jianghua.errors import JianghuaError, SourceError
from jianghua.sources import Budget
from jianghua.web import uploads
from jianghua.web.deps import open_for_thread
from jianghua.web.drafts import DraftGone
from jianghua.web.templating import render
from jianghua.web.uploads import MAX_UPLOAD_BYTES, display_name

router = APIRouter()

MAX_DRAFT_CHARS = 200_000


async def _draft(text: str | None, upload: UploadFile | None) -> str:
    """The draft from the pasted text, else from the uploaded file (read off the event loop,
    stopped as soon as it passes MAX_DRAFT_CHARS); 4xx naming the problem."""
    if upload is not None and upload.filename:
        name = display_name(upload.filename)
        if not name.lower().endswith((".txt", ".docx")):
            raise HTTPException(415, f"{name}：不支持的稿件类型（可用 .txt、.docx）")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"{name}：文件过大（上限 {MAX_UPLOAD_BYTES} 字节）")
        seconds = uploads.PARSE_SECONDS
        try:
            draft = await uploads.off_loop(
                lambda: draft_from_bytes(data, name, Budget(MAX_DRAFT_CHARS, seconds))
            )
        except SourceError as exc:
            raise uploads.refused(name, exc) from exc
    else:
        draft = (text or "").replace("\r\n", "\n").replace("\r", "\n")
        if not draft.strip():
            raise HTTPException(400, "请粘贴讲话稿或上传 .txt/.docx 文件")
    if len(draft) > MAX_DRAFT_CHARS:
        raise HTTPException(413, f"稿件过长（{len(draft)} 字，上限 {MAX_DRAFT_CHARS} 字）")
    return draft


def _excluded(exclude: str | None) -> list[str]:
    """Sources to leave out of 去除本人文献复制比: ids, families or file names, one a line or
    separated by commas or spaces."""
    return [x for x in re.split(r"[\s,，、;；]+", exclude or "") if x]


def _check(request: Request, draft: str, min_chars: int, exclude=None) -> tuple[Report, int]:
    lib = open_for_thread(request.app.state.library_folder)
    index = CheckIndex(lib)
    try:
        report = check_text(
            lib, draft, min_chars=min_chars, index=index, exclude=_excluded(exclude)
        )
        return report, index.pending()
    except JianghuaError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.get("/check", response_class=HTMLResponse, include_in_schema=False)
def check_form(request: Request):
    return render(request, "check.html", text="", min_chars=13, exclude="")


@router.post("/check", response_class=HTMLResponse, include_in_schema=False)
async def check_page(
    request: Request,
    text: str | None = Form(None),
    file: UploadFile | None = None,
    min_chars: int = Form(13),
    exclude: str | None = Form(None),
):
    draft = await _draft(text, file)
    report, pending = await run_in_threadpool(_check, request, draft, min_chars, exclude)
    pieces = []
    pos = 0
    for start, end, span in marks(report):
        if pos < start:
            pieces.append((report.text[pos:start], "", None))
        pieces.append((report.text[start:end], span_class(span), span))
        pos = end
    if pos < len(report.text):
        pieces.append((report.text[pos:], "", None))
    # the download form names the draft kept on the server, not the draft itself (see drafts)
    draft_id = await run_in_threadpool(request.app.state.drafts.put, report.text, min_chars)
    return render(
        request,
        "check_report.html",
        report=report,
        pieces=pieces,
        pending=pending,
        min_chars=min_chars,
        draft_id=draft_id,
        exclude=exclude or "",
        figures=figures(report),
        pairs=passages(report),
        common_spans=sum(1 for s in report.spans if s.common),
    )


@router.post("/check/report.docx", include_in_schema=False)
async def check_docx(
    request: Request,
    draft: str | None = Form(None),
    text: str | None = Form(None),
    file: UploadFile | None = None,
    min_chars: int = Form(13),
    exclude: str | None = Form(None),
):
    """The DOCX report of the draft kept under the id `draft` (the report page's form), or of
    a draft given as `text` or `file`."""
    if draft:
        try:
            body, min_chars = await run_in_threadpool(request.app.state.drafts.get, draft)
        except DraftGone:
            raise HTTPException(
                404, "稿件已不在服务器上（保存超过两小时或已被新的稿件替换），请重新提交查重"
            ) from None
    else:
        body = await _draft(text, file)
    report, _ = await run_in_threadpool(_check, request, body, min_chars, exclude)
    return Response(
        to_docx(report),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": 'attachment; filename="check-report.docx"'},
    )


@router.post("/api/check")
async def check_api(
    request: Request,
    text: str | None = Form(None),
    file: UploadFile | None = None,
    min_chars: int = Form(13),
    exclude: str | None = Form(None),
):
    """The 查重 report of a draft (form field `text`, or an uploaded .txt/.docx `file`;
    `exclude`: sources left out of 去除本人文献复制比)."""
    draft = await _draft(text, file)
    report, _ = await run_in_threadpool(_check, request, draft, min_chars, exclude)
    return JSONResponse(report.to_json())
