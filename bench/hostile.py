"""Hostile input at scale: generate >= 100 bad files, ingest each, print time and peak memory per file.

One command:

    .venv/bin/python bench/hostile.py            # full size: 50 MB single line, 1 M empty lines
    .venv/bin/python bench/hostile.py --scale 0.05 --out /tmp/h   # smaller, as the CI test uses

Kinds (see `generate`): random bytes under every extension, truncated UTF-8, GBK with invalid
sequences, a 50 MB single line (txt and html), zip bombs and other broken archives posing as .docx
(high ratio, lying sizes, nested zips, 10 000 entries, entity expansion, deep XML), deeply nested
HTML (div, table, unclosed inline tags, comments, scripts that never end), 1 M empty lines (alone
and around a speech), NUL bytes and UTF-16, names with odd characters (spaces, newlines, quotes,
shell syntax, a leading dash, RTL override, bytes that are not UTF-8, 240-byte names), and
non-files named like pages (a FIFO, a folder, a symlink to /dev/zero, a dangling symlink).

Each file says what it must give: "speech" (ingested, and the library holds the marker speech with
a source in this file), "error" (a per-file error whose reason contains a given phrase), or "any"
(either, but a clear error: never "unexpected error"). Every file is ingested into one library in
its own forked process (so a runaway file cannot take the others down, and `wait4` gives that
file's own peak RSS), under a memory cap (--max-mb) and a time cap (--max-seconds).

The baseline printed with the numbers is the cost of ingesting the marker speech alone (a small
well-formed page), measured in the same run: "x baseline" says how much more a hostile file costs.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import random
import resource
import signal
import stat
import sys
import time
import zipfile
from pathlib import Path

MARKER = "在全市安全生产工作会议上的讲话"  # the marker speech's title sentence
SPEECH_LINES = [
    f"王明同志{MARKER}",
    "同志们：",
    "这次会议的主要任务是，总结去年全市安全生产工作，分析当前面临的形势，部署今年的重点任务。",
    "一、充分肯定去年安全生产工作取得的成绩",
    "去年以来，全市各级各部门认真贯彻落实上级关于安全生产的决策部署，坚持人民至上、生命至上，"
    "扎实开展安全生产专项整治三年行动，全市安全生产形势保持总体平稳。",
    "二、清醒认识当前安全生产面临的严峻形势",
    "我们也要清醒地看到，全市安全生产基础依然薄弱，一些企业主体责任落实不到位，"
    "部分行业领域重大风险隐患依然存在，监管执法的精准性和有效性还有待提高。",
    "三、突出重点，全力抓好今年安全生产各项工作",
    "一要压紧压实安全生产责任。二要深入开展隐患排查治理。三要加强应急管理能力建设。",
    "同志们，安全生产责任重于泰山。让我们以更加坚定的决心、更加有力的措施，"
    "确保全市安全生产形势持续稳定向好！",
    "谢谢大家！",
]
SPEECH = "\n".join(SPEECH_LINES) + "\n"
SPEECH_HTML = (
    "<html><head><meta charset='utf-8'><title>讲话</title></head><body>"
    + "".join(f"<p>{line}</p>" for line in SPEECH_LINES)
    + "</body></html>"
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _docx_xml(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def _zip(entries: list[tuple[str, bytes]], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


def _bomb(unpacked: int) -> bytes:
    """A .docx whose document.xml inflates to `unpacked` bytes of a repeated paragraph, written
    with a streamed compressor so that generating a gigabyte bomb needs little memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            head = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
            f.write(head)
            block = b"<w:p><w:r><w:t>" + b"\xe8\xae\xb2" * 80 + b"</w:t></w:r></w:p>" * 1
            chunk = block * (1_048_576 // len(block))
            written = len(head)
            while written < unpacked:
                f.write(chunk)
                written += len(chunk)
            f.write(b"</w:body></w:document>")
    return out.getvalue()


def _lying_sizes(data: bytes, declared: int) -> bytes:
    """Patch the uncompressed size of word/document.xml in both zip headers to `declared`."""
    raw = bytearray(data)
    name = b"word/document.xml"
    for sig, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        pos = 0
        while (pos := raw.find(sig, pos)) >= 0:
            n = int.from_bytes(raw[pos + name_len_at : pos + name_len_at + 2], "little")
            if raw[pos + name_at : pos + name_at + n] == name:
                raw[pos + size_at : pos + size_at + 4] = declared.to_bytes(4, "little")
            pos += 4
    return bytes(raw)


def _method(data: bytes, method: int) -> bytes:
    """Set the compression method of every entry, in both zip headers (99 is AES encryption)."""
    raw = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        pos = 0
        while (pos := raw.find(sig, pos)) >= 0:
            raw[pos + at : pos + at + 2] = method.to_bytes(2, "little")
            pos += 4
    return bytes(raw)


def generate(out: Path, scale: float = 1.0, seed: int = 0) -> list[dict]:
    """Write the hostile files into `out` (created, must be empty); returns their manifest.

    scale shrinks the three big ones (50 MB line, 1 M empty lines, the 1 GB zip bomb) for tests;
    every kind is still generated."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=False)
    files: list[dict] = []

    seen: set[bytes] = set()

    def add(name: str | bytes, data: bytes, kind: str, expect: str, reason: str = "") -> None:
        path = os.path.join(
            os.fsencode(out), name if isinstance(name, bytes) else os.fsencode(name)
        )
        # Identical bytes would be skipped as "already in the library" before being read; a
        # trailing line end makes every text file its own source without changing its text.
        while data in seen and not data.startswith(b"PK"):
            data += b"\n"
        seen.add(data)
        with open(path, "wb") as f:
            f.write(data)
        files.append({"path": os.fsdecode(path), "kind": kind, "expect": expect, "reason": reason})

    speech_utf8 = SPEECH.encode("utf-8")
    big_line = max(1_000, int(50_000_000 * scale))
    empty_lines = max(1_000, int(1_000_000 * scale))
    bomb_size = max(20_000_000, int(1_000_000_000 * scale))

    # random bytes, under every extension and a few sizes (20)
    for i in range(20):
        ext = (".txt", ".html", ".htm", ".docx")[i % 4]
        size = (1, 17, 4096, 300_000, 2_000_000)[i % 5]
        # a byte or 17 may well be a valid character or two: a page with no speech is right too
        expect = "error" if size > 17 else "any"
        add(f"random_{i:02d}{ext}", rng.randbytes(size), "random bytes", expect)

    # truncated UTF-8: the speech cut at random byte offsets, some inside a character (12)
    for i in range(12):
        cut = rng.randrange(len(speech_utf8) // 2, len(speech_utf8))
        expect = "any"  # what is left may be too short a speech to be found
        add(f"truncated_utf8_{i:02d}.txt", speech_utf8[:cut], "truncated UTF-8", expect)
    add(
        "truncated_utf8_whole.txt", speech_utf8[:-2], "truncated UTF-8", "speech"
    )  # cut in 谢谢大家！
    # bytes dropped from the middle: broken sequences inside the text
    middle = bytearray(speech_utf8)
    for _ in range(5):
        del middle[rng.randrange(100, len(middle) - 100)]
    add("truncated_utf8_inside.txt", bytes(middle), "truncated UTF-8", "any")

    # GBK with invalid sequences (12)
    gbk = SPEECH.encode("gbk")
    add("gbk_clean.txt", gbk, "GBK", "speech")
    for i, bad in enumerate((1, 2, 5, 20, 200)):
        data = bytearray(gbk)
        for _ in range(bad):
            pos = rng.randrange(len(data))
            data[pos : pos + 1] = rng.choice((b"\x80", b"\xff", b"\xfe\xfe", b"\x81\x20", b"\xa1"))
        add(f"gbk_invalid_{i:02d}.txt", bytes(data), "GBK invalid sequences", "any")
    for i in range(3):
        data = gbk + bytes(rng.randrange(0x80, 0x100) for _ in range(50 * (i + 1)))
        add(f"gbk_garbage_tail_{i}.txt", data, "GBK invalid sequences", "any")
    add("gbk_cut_lead_byte.txt", gbk + b"\xb0", "GBK invalid sequences", "speech")
    add(
        "gbk_meta_says_utf8.html",
        SPEECH_HTML.replace("utf-8", "utf-8").encode("gbk"),
        "GBK declared as UTF-8",
        "speech",
    )
    add(
        "big5_declared_gbk.html",
        SPEECH_HTML.replace("utf-8", "gbk").encode("big5", "replace"),
        "Big5 declared as GBK",
        "any",
    )

    # a 50 MB single line (txt, html, and a line of one repeated character) (4)
    sentence = "这次会议的主要任务是总结工作部署任务，".encode()
    line = (sentence * (big_line // len(sentence) + 1))[:big_line]
    line = line[: len(line) - len(line) % 3]  # whole characters
    add("single_line_50mb.txt", line, "50 MB single line", "any")
    add(
        "single_line_50mb.html",
        b"<html><body><p>" + line + b"</p></body></html>",
        "50 MB single line",
        "any",
    )
    add("single_line_one_char.txt", "讲".encode() * (big_line // 3), "50 MB single line", "any")
    add("single_line_speech_then_50mb.txt", speech_utf8 + line, "50 MB single line", "any")

    # zip bombs and broken archives posing as .docx (14)
    add("bomb_1gb.docx", _bomb(bomb_size), "zip bomb", "error", "refused .docx")
    ok_docx = _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES.encode()),
            ("word/document.xml", _docx_xml(SPEECH_LINES)),
        ]
    )
    add("good.docx", ok_docx, "docx", "speech")
    add(
        "bomb_lying_small_size.docx",
        _lying_sizes(_bomb(50_000_000), 1_000),
        "zip bomb (lying size)",
        "error",
    )
    add(
        "bomb_lying_huge_size.docx",
        _lying_sizes(ok_docx, 4_000_000_000),
        "zip bomb (lying size)",
        "error",
    )
    add(
        "zip_in_zip.docx",
        _zip([("word/document.xml.zip", _bomb(20_000_000)), ("[Content_Types].xml", b"")]),
        "nested zip",
        "error",
        "no word/document.xml",
    )
    many = [(f"word/media/x{i}.bin", b"") for i in range(10_000)] + [
        ("word/document.xml", _docx_xml(SPEECH_LINES))
    ]
    add("ten_thousand_entries.docx", _zip(many, level=1), "zip with 10 000 entries", "speech")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;{MARKER}</w:t></w:r></w:p></w:body></w:document>'
    )
    add(
        "billion_laughs.docx",
        _zip([("word/document.xml", laughs.encode())]),
        "XML entity expansion",
        "any",
    )
    external = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;root</w:t></w:r></w:p></w:body></w:document>'
    )
    add(
        "external_entity.docx",
        _zip([("word/document.xml", external.encode())]),
        "XML external entity",
        "any",
    )
    deep_xml = (
        f'<w:document xmlns:w="{W_NS}"><w:body>'
        + "<w:sdt>" * 100_000
        + "</w:sdt>" * 100_000
        + "</w:body></w:document>"
    )
    add(
        "deep_xml.docx",
        _zip([("word/document.xml", deep_xml.encode())]),
        "deeply nested XML",
        "any",
    )
    add("truncated.docx", ok_docx[: len(ok_docx) // 2], "truncated docx", "error")
    add("html_named.docx", SPEECH_HTML.encode(), "HTML posing as .docx", "error", "not a zip")
    add("empty_zip.docx", _zip([]), "zip without document", "error", "no word/document.xml")
    add(
        "unknown_method.docx",
        _method(ok_docx, 99),
        "unknown compression method (AES)",
        "error",
    )
    add(
        "corrupt_xml.docx",
        _zip([("word/document.xml", b"<w:document><w:body><w:p>")]),
        "corrupt XML",
        "error",
    )

    # deeply nested HTML (12)
    depth = 200_000
    for tag in ("div", "span", "table", "b", "blockquote", "li"):
        body = (
            f"<{tag}>" * depth + "<p>" + "</p><p>".join(SPEECH_LINES) + "</p>" + f"</{tag}>" * depth
        )
        add(
            f"nested_{tag}.html",
            f"<html><body>{body}</body></html>".encode(),
            "deeply nested HTML",
            "speech",
        )
    add(
        "nested_unclosed.html",
        ("<div><b><i>" * 100_000 + SPEECH.replace("\n", "<br>")).encode(),
        "deeply nested HTML",
        "speech",
    )
    add(
        "comment_never_closed.html",
        (SPEECH_HTML + "<!--" + "x" * 100_000).encode(),
        "unclosed comment",
        "speech",
    )
    add(
        "script_never_closed.html",
        ("<script>" + "var a=1;" * 100_000).encode(),
        "unclosed script",
        "error",
        "no visible text",
    )
    add(
        "tag_never_closed.html",
        (b"<p>" + speech_utf8 + b"<div class='" + b"a" * 1_000_000),
        "unclosed tag",
        "any",
    )
    add(
        "million_tags.html",
        (b"<i></i>" * 1_000_000 + SPEECH_HTML.encode()),
        "a million tags",
        "speech",
    )
    add(
        "attribute_quotes.html",
        (b'<p a="' + b"'\"" * 300_000 + b">" + speech_utf8),
        "quote soup",
        "any",
    )

    # 1 M empty lines (5)
    add("empty_lines_only.txt", b"\n" * empty_lines, "1 M empty lines", "error", "empty file")
    add("empty_lines_crlf.txt", b"\r\n" * empty_lines, "1 M empty lines", "error", "empty file")
    add(
        "empty_lines_around_speech.txt",
        b"\n" * empty_lines + speech_utf8 + b"\n" * empty_lines,
        "1 M empty lines",
        "speech",
    )
    add(
        "empty_lines_between_lines.txt",
        ("\n" * (empty_lines // len(SPEECH_LINES))).join(SPEECH_LINES).encode(),
        "1 M empty lines",
        "any",
    )
    add(
        "empty_lines_html.html",
        b"<br>\n" * empty_lines + SPEECH_HTML.encode(),
        "1 M empty lines",
        "speech",
    )

    # NUL bytes and UTF-16 (8)
    add(
        "nul_few.txt",
        speech_utf8.replace("。".encode(), "。".encode() + b"\x00", 3),
        "NUL bytes",
        "speech",
    )
    add(
        "nul_every_char.txt",
        b"\x00".join(speech_utf8[i : i + 3] for i in range(0, len(speech_utf8), 3)),
        "NUL bytes",
        "error",
        "binary",
    )
    add("nul_only.txt", b"\x00" * 100_000, "NUL bytes", "error")
    add(
        "nul_in_html.html",
        SPEECH_HTML.encode().replace(b"<p>", b"<p>\x00", 2),
        "NUL bytes",
        "speech",
    )
    add("utf16_bom.txt", codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), "UTF-16", "speech")
    add("utf16_no_bom.txt", SPEECH.encode("utf-16-le"), "UTF-16 without BOM", "any")
    add(
        "nul_name_in_docx.docx",
        _zip(
            [
                (
                    "word/document.xml",
                    _docx_xml(["\x00".join(SPEECH_LINES)]).replace(b"\x00", b"&#0;"),
                )
            ]
        ),
        "NUL in XML",
        "any",
    )
    add("utf8_bom_nul.txt", codecs.BOM_UTF8 + b"\x00" + speech_utf8, "NUL bytes", "speech")

    # names with odd characters, each holding the good speech (16)
    odd = [
        "with space.txt",
        "with\nnewline.txt",
        "with\ttab.txt",
        "-rf.txt",
        "--library=x.txt",
        "$(touch pwned).txt",
        "`id`;rm.txt",
        "quote'double\".txt",
        "back\\slash.txt",
        "rtl\u202etxt.exe.txt",
        "emoji_😀.txt",
        "讲话稿（终稿）.txt",
        "..txt",
        "UPPER.TXT",
        ("x" * 236) + ".txt",
        "<img src=x onerror=alert(1)>.html",
    ]
    for name in odd:
        data = SPEECH_HTML.encode() if name.endswith(".html") else speech_utf8
        add(name, data, "odd name", "speech")
    add(b"latin1_\xe9\xff.txt", speech_utf8, "name not UTF-8", "speech")

    # other things a crawl leaves behind (8)
    add("empty.txt", b"", "empty", "error", "empty file")
    add("spaces_only.txt", b" \t \n\n  \r\n", "empty", "error", "empty file")
    add("bom_only.txt", codecs.BOM_UTF8, "empty", "error", "empty")
    add(
        "png_named.txt",
        b"\x89PNG\r\n\x1a\n" + rng.randbytes(5000),
        "PNG posing as .txt",
        "error",
        "binary",
    )
    add(
        "pdf_named.html",
        b"%PDF-1.4\n" + rng.randbytes(5000),
        "PDF posing as .html",
        "error",
        "binary",
    )
    add(
        "doc_named.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(5000),
        "old .doc posing as .docx",
        "error",
        "not a zip",
    )
    add("unsupported.xls", speech_utf8, "unsupported extension", "error", "unsupported file type")
    add("text_named.pdf", speech_utf8, "plain text posing as .pdf", "error", "PDF")
    add("no_extension", speech_utf8, "no extension", "error", "unsupported file type")

    # not regular files, named like pages (4)
    fifo = out / "fifo.txt"
    os.mkfifo(fifo)
    files.append(
        {"path": str(fifo), "kind": "FIFO", "expect": "error", "reason": "not a regular file"}
    )
    folder = out / "folder.txt"
    folder.mkdir()
    # a folder is searched for pages, and this one holds none: nothing to report, and no crash
    files.append({"path": str(folder), "kind": "folder named like a page", "expect": "any"})
    zero = out / "dev_zero.txt"
    zero.symlink_to("/dev/zero")
    files.append(
        {
            "path": str(zero),
            "kind": "symlink to /dev/zero",
            "expect": "error",
            "reason": "not a regular file",
        }
    )
    dangling = out / "dangling.txt"
    dangling.symlink_to(out / "nowhere")
    files.append(
        {
            "path": str(dangling),
            "kind": "dangling symlink",
            "expect": "error",
            "reason": "not found",
        }
    )

    (out.parent / f"{out.name}.manifest.json").write_text(
        json.dumps(files, indent=1), encoding="utf-8"
    )
    return files


# -- the benchmark ----------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest_in_child(path: str, library: Path, max_mb: int, max_seconds: int) -> dict:
    """Ingest one file in a forked child; returns its outcome, wall time and peak RSS."""
    from jianghua.library.store import Library
    from jianghua.pipeline import ingest

    result_r, result_w = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: cap memory and time, ingest, report as JSON on the pipe
        os.close(result_r)
        code = 0
        try:
            limit = max_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.alarm(max_seconds)
            with Library(library) as lib:
                report = ingest([path], lib)
            outcome = {"error": None, "speeches": 0, "files": len(report.files)}
            for f in report.files:
                outcome["error"] = outcome["error"] or f.error
                outcome["speeches"] += f.result.speeches if f.result else 0
        except BaseException as exc:  # noqa: BLE001 - reported, not hidden: this is the finding
            outcome = {"crash": f"{type(exc).__name__}: {exc}"[:300]}
            code = 1
        os.write(result_w, json.dumps(outcome).encode())
        os._exit(code)
    os.close(result_w)
    chunks = []
    while chunk := os.read(result_r, 65536):
        chunks.append(chunk)
    os.close(result_r)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    try:
        outcome = json.loads(b"".join(chunks))
    except ValueError:
        outcome = {"crash": f"child died ({os.waitstatus_to_exitcode(status)})"}
    outcome.update(seconds=seconds, peak_mb=usage.ru_maxrss / 1024)
    return outcome


def judge(entry: dict, outcome: dict) -> str | None:
    """Why the outcome is wrong for the file, or None when it is what the file must give."""
    if "crash" in outcome:
        return f"crashed: {outcome['crash']}"
    error = outcome.get("error")
    if error and "unexpected error" in error:
        return f"reader bug: {error}"
    if entry["expect"] == "error" and not error:
        return "was ingested, expected an error"
    if entry["expect"] == "speech" and error:
        return f"expected the speech, got error: {error}"
    if error and entry.get("reason") and entry["reason"] not in error:
        return f"error without {entry['reason']!r}: {error}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/out/hostile"))
    parser.add_argument("--scale", type=float, default=1.0, help="size of the three big files")
    parser.add_argument("--max-mb", type=int, default=4000, help="address-space cap per file")
    parser.add_argument("--max-seconds", type=int, default=600, help="time cap per file")
    args = parser.parse_args()
    import shutil

    shutil.rmtree(args.out, ignore_errors=True)
    t0 = time.perf_counter()
    files = generate(args.out / "files", args.scale)
    print(f"generated {len(files)} hostile files in {time.perf_counter() - t0:.1f} s")
    library = args.out / "library"
    baseline_file = args.out / "baseline.txt"
    baseline_file.write_text(SPEECH, encoding="utf-8")
    base = _ingest_in_child(
        str(baseline_file), args.out / "baseline-library", args.max_mb, args.max_seconds
    )
    print(
        f"baseline (the marker speech alone): {base['seconds']:.3f} s, peak {base['peak_mb']:.0f} MB"
    )
    print(f"{'file':48} {'size':>11} {'s':>7} {'x base':>7} {'peak MB':>8}  outcome")
    wrong = []
    worst_s = worst_mb = 0.0
    for entry in files:
        path = entry["path"]
        try:
            size = os.stat(path).st_size if stat.S_ISREG(os.stat(path).st_mode) else 0
        except OSError:
            size = 0
        outcome = _ingest_in_child(path, library, args.max_mb, args.max_seconds)
        problem = judge(entry, outcome)
        if problem:
            wrong.append((path, problem))
        shown = (
            outcome.get("error") or outcome.get("crash") or f"{outcome.get('speeches')} speeches"
        )
        name = os.path.basename(path).encode("unicode_escape").decode()[:48]
        print(
            f"{name:48} {size:>11} {outcome['seconds']:>7.2f} {outcome['seconds'] / base['seconds']:>7.1f}"
            f" {outcome['peak_mb']:>8.0f}  {'WRONG: ' + problem if problem else shown[:90]}"
        )
        worst_s = max(worst_s, outcome["seconds"])
        worst_mb = max(worst_mb, outcome["peak_mb"])
    print(
        f"\n{len(files)} files, {len(wrong)} wrong; slowest {worst_s:.1f} s"
        f" ({worst_s / base['seconds']:.0f} x baseline), largest peak {worst_mb:.0f} MB"
        f" (baseline {base['peak_mb']:.0f} MB); total {time.perf_counter() - t0:.0f} s"
    )
    for path, problem in wrong:
        print(f"WRONG {path!r}: {problem}")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
