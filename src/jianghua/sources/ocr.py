"""Offline OCR of page images with rapidocr-onnxruntime (PP-OCRv4 models inside the wheel).

Why this exists: old speeches survive as scanned PDFs and photos of print-outs. The models ship in
the PyPI wheel, so nothing is downloaded at run time. Each recognised line keeps its box and its
confidence, and each character its own confidence (the CTC decoder's probability, read from the
recogniser with return_word_box): characters under LOW_CONFIDENCE are listed as ranges in the
page's layout meta and the speeches holding them are flagged, never silently trusted.

The 180-degree line classifier is off: documents are upright, and on a clean render of a seed page
it turned a line dense with quotation marks upside down into garbage (page CER 15 % with it,
0.9 % without; see bench/formats.py).

OCR takes seconds a page on this machine, so `progress` (set by the CLI and the web upload) is
told after every page: progress(file name, pages done, pages in all).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from jianghua.errors import SourceError
from jianghua.sources.layout import TextLine

LOW_CONFIDENCE = 0.8  # a character recognised with less is flagged for checking
MIN_LINE_SCORE = 0.5  # rapidocr's own default: a line scored lower is not text
ENGINE_NAME = "rapidocr-onnxruntime (PP-OCRv4)"

progress: Callable[[str, int, int], None] | None = None
_engine = None
_lock = threading.Lock()  # one recognition at a time: the engine is not thread-safe, and it
# already uses every core


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _get_engine(path: str):
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise SourceError(
                path,
                "this file needs OCR, and the OCR package is not installed"
                " (pip install rapidocr-onnxruntime)",
            ) from e
        _engine = RapidOCR(print_verbose=False)
    return _engine


def report(name: str, done: int, total: int) -> None:
    if progress is not None:
        progress(name, done, total)


def recognise(image, path: str) -> list[TextLine]:
    """The text lines of one page image (a PIL image), top to bottom, in pixels."""
    import numpy as np

    with _lock:
        engine = _get_engine(path)
        array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # BGR, as cv2 reads files
        return _recognise(engine, array)


def _recognise(engine, img) -> list[TextLine]:
    """rapidocr's RapidOCR.__call__ step by step (version 1.4.4), keeping what it drops: the
    per-character confidences of the recogniser."""
    raw_h, raw_w = img.shape[:2]
    op_record: dict = {}
    img, ratio_h, ratio_w = engine.preprocess(img)
    op_record["preprocess"] = {"ratio_h": ratio_h, "ratio_w": ratio_w}
    img, op_record = engine.maybe_add_letterbox(img, op_record)
    boxes, _ = engine.auto_text_det(img)
    if boxes is None or len(boxes) == 0:
        return []
    crops = engine.get_crop_img_list(img, boxes)
    results, _ = engine.text_rec(crops, True)
    boxes = engine._get_origin_points(boxes, op_record, raw_h, raw_w)
    lines = []
    for box, result in zip(boxes, results, strict=False):
        text, score = result[0], float(result[1])
        if score < MIN_LINE_SCORE or not text.strip():
            continue
        confs = [float(c) for c in result[2][4]] if len(result) > 2 else None
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        lines.append(
            TextLine(
                text,
                float(min(xs)),
                float(min(ys)),
                float(max(xs)),
                float(max(ys)),
                conf=score,
                char_conf=confs if confs and len(confs) == len(text) else None,
            )
        )
    lines.sort(key=lambda line: (line.y0, line.x0))
    return _reading_order(lines)


def _reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Lines top to bottom; boxes on one row (their vertical middles within half a line) joined
    left to right into one line: the detector may cut a printed line in two at a wide gap."""
    rows: list[list[TextLine]] = []
    for line in lines:
        middle = (line.y0 + line.y1) / 2
        if (
            rows
            and abs(middle - (rows[-1][0].y0 + rows[-1][0].y1) / 2)
            <= (rows[-1][0].y1 - rows[-1][0].y0) / 2
        ):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_joined(sorted(row, key=lambda x: x.x0)) for row in rows]


def _joined(row: list[TextLine]) -> TextLine:
    if len(row) == 1:
        return row[0]
    confs = None
    if all(line.char_conf for line in row):
        confs = [c for line in row for c in line.char_conf]
    chars = sum(len(line.text) for line in row)
    return TextLine(
        "".join(line.text for line in row),
        min(line.x0 for line in row),
        min(line.y0 for line in row),
        max(line.x1 for line in row),
        max(line.y1 for line in row),
        conf=sum(line.conf * len(line.text) for line in row) / max(chars, 1),
        char_conf=confs,
    )
