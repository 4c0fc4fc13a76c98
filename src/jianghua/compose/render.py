"""Render a DOCX to PDF and PNG page images with LibreOffice and poppler, to look at the layout.

Optional tooling (``apt-get install libreoffice-writer-nogui poppler-utils``): nothing in compose
needs it. LibreOffice substitutes fonts that are absent (here the official 仿宋_GB2312 etc.), and
it lays characters on the docGrid differently from Word: a 16 pt glyph on the 15.8 pt character
pitch of a 28-character line takes two grid cells in LibreOffice, where Word compresses it into
one, so LibreOffice shows about 14 characters a line where Word shows 28. Judge line counts,
margins, headings and page numbers from these images, character pitch from Word.

    python -m jianghua.compose.render draft.docx docs/screenshots/ [--pages 2]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jianghua.errors import JianghuaError, os_reason


class RenderError(JianghuaError):
    """LibreOffice or poppler is missing, or the conversion failed."""


def tools_available() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdftoppm"))


def to_pdf(docx: str | Path, out_dir: str | Path, timeout: int = 180) -> Path:
    """docx -> out_dir/<stem>.pdf with a private LibreOffice profile (no clash with other runs)."""
    docx, out_dir = Path(docx).resolve(), Path(out_dir).resolve()
    if not shutil.which("soffice"):
        raise RenderError("soffice (LibreOffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jianghua-lo-") as profile:
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(f"{docx}: LibreOffice took more than {timeout} s") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if run.returncode != 0 or not pdf.exists():
        raise RenderError(
            f"{docx}: LibreOffice failed: {run.stderr.decode(errors='replace')[-300:]}"
        )
    return pdf


def to_png(pdf: str | Path, out_prefix: str | Path, pages: int = 1, dpi: int = 80) -> list[Path]:
    """The first `pages` pages of `pdf` as <out_prefix>-<n>.png."""
    if not shutil.which("pdftoppm"):
        raise RenderError("pdftoppm (poppler-utils) is not installed")
    out_prefix = Path(out_prefix)
    run = subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            str(pages),
            str(pdf),
            str(out_prefix),
        ],
        check=False,
        capture_output=True,
    )
    if run.returncode != 0:
        raise RenderError(f"{pdf}: pdftoppm failed: {run.stderr.decode(errors='replace')[-300:]}")
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    pages = 1
    if "--pages" in args:
        i = args.index("--pages")
        pages = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    docx, out_dir = Path(args[0]), Path(args[1])
    try:
        if not docx.is_file():
            raise RenderError(f"{docx}：文件不存在")
        if out_dir.exists() and not out_dir.is_dir():
            raise RenderError(f"{out_dir} 不是文件夹")
        try:  # a folder of page images: made if missing
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RenderError(f"无法建立文件夹 {out_dir}：{os_reason(exc)}") from exc
        with tempfile.TemporaryDirectory() as tmp:
            pdf = to_pdf(docx, tmp)
            for png in to_png(pdf, out_dir / f"{docx.stem}-page", pages):
                print(png)
    except RenderError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
