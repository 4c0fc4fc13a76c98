"""Read a photo or scan of a print-out (.png .jpg .jpeg .tif .tiff) by OCR, one page per frame.

Why this exists: old speeches survive as scans and phone photos. Pillow opens the image, with its
decompression-bomb guard lowered to MAX_PIXELS (a 5 MB PNG can declare billions of pixels); a
multi-page TIFF is read frame by frame. Lines go through ocr.recognise and layout.assemble like a
scanned PDF's, so they keep page, box and confidence.
"""

from __future__ import annotations

import io

from jianghua.errors import SourceError
from jianghua.records import Page
from jianghua.sources import ocr
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check
from jianghua.sources.layout import PageLines, assemble

MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million
MAX_FRAMES = 500
MIN_SIDE = 200  # smaller: an icon or a thumbnail, not a page of text
MAX_SIDE = 4000  # larger images are scaled down first: OCR gains nothing and takes longer


def _frames(data: bytes, path: str):
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()  # checks the file's structure without decoding it all
        image = Image.open(io.BytesIO(data))
        if min(image.size) < MIN_SIDE:
            raise SourceError(
                path,
                f"image too small to hold a page of text ({image.size[0]}x{image.size[1]} pixels,"
                f" at least {MIN_SIDE} a side)",
            )
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_FRAMES:
            raise SourceError(path, f"refused image: {frames} frames (limit {MAX_FRAMES})")
        yield frames
        for frame in ImageSequence.Iterator(image):
            frame.load()
            copy = frame.convert("RGB")
            if max(copy.size) > MAX_SIDE:
                copy.thumbnail((MAX_SIDE, MAX_SIDE))
            yield copy
    except SourceError:
        raise
    except Image.DecompressionBombError as e:
        raise SourceError(path, f"refused image: too many pixels (limit {MAX_PIXELS})") from e
    except UnidentifiedImageError as e:
        raise SourceError(path, "not a readable image (unknown or damaged image data)") from e
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise SourceError(path, f"not a readable image ({e})") from e


def read_image(
    data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None
) -> Page:
    pages, chars = [], 0
    frames = _frames(data, path)  # the frame count, then each frame, decoded as it is read
    total = next(frames)
    for number, frame in enumerate(frames, 1):
        lines = ocr.recognise(frame, path)
        chars += sum(len(line.text) for line in lines)
        if lines:
            pages.append(PageLines(lines, number, ocr=True))
        ocr.report(name, number, total)
        budget_check(budget, path, chars)
    if not pages:
        raise SourceError(path, "no text found in the image (OCR recognised nothing)")
    return assemble(pages, path, name, sha256, "image-ocr", "ocr")
