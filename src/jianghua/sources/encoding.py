"""Turn the raw bytes of a scraped .txt/.html file into text, or say clearly why not.

Why this exists: pages saved from 范文/文库 sites arrive in whatever encoding the site or the
scraper used: UTF-8 with or without a BOM, GBK/GB18030 from mainland sites, Big5 from Taiwan and
Hong Kong sites, sometimes with a <meta charset> that lies (scrapers often re-save a GBK page as
UTF-8 and keep the old meta tag). Big5 bytes very often also decode as GB18030 without an error, so
the choice between the two is made by scoring how many of the most common Chinese characters each
decoding produces. Files are also sometimes not text at all (images, archives, a .doc renamed to
.txt), contain a few stray NUL bytes, or are truncated in the middle of a character.

`decode_bytes` returns (text, encoding name) or raises `SourceError`; `decode_with_notes` also
returns the lines decoded in another encoding than the rest of the page (a GB18030 page with one
UTF-8 footer line), which the readers record as edits.
"""

from __future__ import annotations

import codecs
import re

import numpy as np

from jianghua.errors import SourceError

# The ~500 most frequent Chinese characters (Simplified), and their Traditional forms. A correct
# decoding of Chinese text has ~70% of its non-ASCII characters in this set; GB18030 read as Big5
# (or the reverse) has ~3%.
_COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因"
    "只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应"
    "战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿"
    "原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太"
    "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界"
    "达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今"
    "切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存"
    "未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官"
    "火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历"
    "首医局突专费号尽另周较注语仅考落青随选列"
)
_COMMON_TRADITIONAL_ONLY = (
    "並乾亞來個們備傳僅價兒內兩別則動務區卻員問喫單嗎國圖團報場學實寫將專對導師帶幾廣張強後從愛應戰擊"
    "據數斷於時書會東條業極標樣機權歷氣決沒況準滿濟為無爭爲爾現產當發盡確種稱約級組結給統經線總羅義聯"
    "聲聽臺與華萬著處號術裏裝裡覆見規視親覺觀計記設許話該認語說調談請論證識議變讓費資質車軍較輕轉辦農"
    "這連進運過達遠選還邊醫長門開間關隊際隨離難電須領頭題類顯風飛馬體麼點黨"
)
# per code point: is it a common character (a table lookup in numpy; str.translate with a dict
# visits every character in Python-level mapping code, 45 ns each)
_IS_COMMON = np.zeros(0x110000, dtype=bool)
_IS_COMMON[[ord(c) for c in _COMMON_SIMPLIFIED + _COMMON_TRADITIONAL_ONLY]] = True

# Bytes that never occur in UTF-8 / GB18030 / Big5 text (all their multibyte trail bytes are
# >= 0x30). Tab, LF, VT, FF, CR, SUB (DOS end-of-file) and ESC (terminal colours) are allowed.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F])
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0",  # OLE2: .doc, .xls
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ\x90\x00",  # Windows executable
)

BAD_RATIO = 0.001  # at most 0.1% undecodable characters are tolerated (replaced by U+FFFD)
_SCORE_SAMPLE = 200_000  # characters scored per candidate; enough to tell encodings apart

# Canonical decoder for each encoding family a page may declare. Python's big5 codec lacks the
# Microsoft/ETEN extensions (e.g. 碁銹裏) found on many Taiwanese pages, hence the cp950 and
# big5hkscs fall-backs.
_FAMILIES = {
    "utf-8": ("utf-8",),
    "gb18030": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
}
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "euc-cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big-5": "big5",
    "big5-hkscs": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "x-x-big5": "big5",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([a-z0-9_\-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_\-]{1,40})""",
    re.IGNORECASE,
)


def declared_charset(data: bytes) -> str | None:
    """The encoding family ('utf-8', 'gb18030', 'big5') an HTML page declares near its top."""
    for m in _META_CHARSET.finditer(data, 0, 16_384):
        name = (m.group(1) or m.group(2)).decode("ascii").lower()
        if name in _ALIASES:
            return _ALIASES[name]
    return None


def common_score(text: str) -> float:
    """Share of the non-ASCII characters (in a sample) that are common Chinese characters."""
    sample = text[:_SCORE_SAMPLE]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii == 0:
        return 0.0
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    common = int(np.count_nonzero(_IS_COMMON[codes]))
    return common / non_ascii


def _strict(data: bytes, codec: str) -> str | None:
    """Decode strictly; also accept a single character cut off at the very end of the file."""
    try:
        return codecs.decode(data, codec)
    except UnicodeDecodeError as e:
        if e.end >= len(data) and e.start >= len(data) - 3:
            try:
                return codecs.decode(data[: e.start], codec) + "\ufffd"
            except UnicodeDecodeError:
                return None
        return None


def _strict_family(data: bytes, family: str) -> tuple[str, str] | None:
    for codec in _FAMILIES[family]:
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    return None


def _lenient(data: bytes, codec: str) -> tuple[str, int]:
    text = codecs.decode(data, codec, "replace")
    return text, text.count("\ufffd")


def _is_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    bad = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return bad > max(4, len(data) // 100)


def decode_bytes(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes. Returns (text, encoding) or raises SourceError.

    Order: BOM (UTF-8, UTF-32, UTF-16), UTF-16/UTF-32 without a BOM, strict UTF-8, the declared
    charset if it decodes strictly, then the best-scoring strict decoding among GB18030 and Big5,
    then lines of UTF-8 in a GB18030/Big5 page decoded line by line, then a decoding with at most
    0.1% bad characters. Stray NUL bytes are removed; binary and empty files are refused.
    """
    text, encoding, _ = decode_with_notes(data, path, declared=declared)
    return text, encoding


# A line decoded on its own: (1-based line, the line as the page's encoding read it, as decoded,
# the encoding it was decoded in).
LineNote = tuple[int, str, str, str]


def decode_with_notes(
    data: bytes, path: str, *, declared: str | None = None
) -> tuple[str, str, list[LineNote]]:
    """decode_bytes, and the lines decoded in another encoding than the page (see _mixed_lines):
    the readers record each as an edit of kind "encoding"."""
    if not data.strip():
        raise SourceError(path, "empty file")
    text, encoding, notes = _decode(data, path, declared)
    if not text.strip():
        raise SourceError(path, "empty file")
    return text, encoding, notes


_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, path: str, declared: str | None) -> tuple[str, str, list[LineNote]]:
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:].replace(b"\x00", b""), "utf-8")
        if text is not None:
            return text, "utf-8-sig", []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None and not _is_binary(text.replace("\x00", "").encode("utf-8")):
                return text.replace("\x00", ""), codec, []
    utf8 = None if b"\x00" in data else _strict(data, "utf-8")
    if utf8 is None:
        wide = _wide_unicode(data)
        if wide is not None:
            return *wide, []
    if _is_binary(data):
        raise SourceError(path, "binary file, not text")
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8", []
    if declared in ("gb18030", "big5"):
        found = _strict_family(data, declared)
        if found is not None:
            return (*found, []) if b"\n" not in data else _mixed_lines(data, found)

    strict = [c for c in (_strict_family(data, "gb18030"), _strict_family(data, "big5")) if c]
    if strict:
        # max() keeps the first of equal scores: GB18030 wins ties (mainland pages are the norm).
        best = max(strict, key=lambda c: common_score(c[0]))
        return _mixed_lines(data, best) if b"\n" in data else (*best, [])

    if b"\n" in data:
        mixed = _mixed_lines(data, None)
        if mixed is not None:
            return mixed

    candidates = [(*_lenient(data, codec), codec) for codec in ("utf-8", "gb18030", "big5")]
    text, bad, codec = min(candidates, key=lambda c: (c[1], -common_score(c[0])))
    if bad <= len(text) * BAD_RATIO:
        return text, codec, []
    raise SourceError(
        path,
        f"not UTF-8, GB18030 or Big5 text ({bad} undecodable characters out of {len(text)} "
        f"even with the best guess, {codec})",
    )


# -- UTF-16 and UTF-32 without a BOM (Windows Notepad's "Unicode" saved by another tool) ----------

_WIDE_SCORE = 0.3  # common Chinese characters among the non-ASCII ones: real text has ~0.7


def _wide_unicode(data: bytes) -> tuple[str, str] | None:
    """The text if the bytes are UTF-32 or UTF-16 (either byte order) without a BOM.

    A decoding is taken when it is strict, has no control characters beyond line ends and tabs,
    and reads as text: Chinese (its common characters, as common_score counts them; GB18030 or
    UTF-8 bytes read as UTF-16 give a few per cent) or mostly ASCII (then half of the bytes are
    NUL, on the side of the byte order)."""
    for codec, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width:
            continue
        text = _strict(data, codec)
        if text is None or not text.strip() or text.endswith("\ufffd"):
            continue
        sample = text[:_SCORE_SAMPLE]
        controls = len(sample) - len(sample.translate(_NOT_TEXT))
        if controls > len(sample) // 1000:
            continue
        ascii_share = len(sample.encode("ascii", "ignore")) / len(sample)
        if ascii_share >= 0.9 or common_score(sample) >= _WIDE_SCORE:
            return text, codec
    return None


_NOT_TEXT = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_NOT_TEXT.update({c: None for c in range(0xE000, 0xF900)})  # private use: not text either


# -- pages whose lines are not all in one encoding ------------------------------------------------


def _mixed_lines(
    data: bytes, page: tuple[str, str] | None
) -> tuple[str, str, list[LineNote]] | None:
    """A page whose lines are not all in one encoding, decoded line by line: a GB18030/Big5 page
    with a UTF-8 footer or quote pasted in from another page, or a UTF-8 page with such a line
    of GB18030. Each odd line gets a note. None when the page is not so (then the caller decides
    for the whole page, as before).

    A line is UTF-8 when it is strictly valid UTF-8 with non-ASCII bytes and reads better as
    UTF-8 (more common Chinese characters) than in the page's encoding: GB18030 text is almost
    never valid UTF-8, while UTF-8 bytes often decode as GB18030 mojibake (浣犲ソ for 你好).
    Only a minority of the non-ASCII lines may be odd: a page of half and half is no page of one
    encoding with odd lines, and is left to the whole-page rules.

    `page` is the page's strict GB18030/Big5 decoding, or None when no single encoding decodes
    the page."""
    # A strict decoding per line stops at the first byte that is not UTF-8, so GB18030 lines cost
    # little (0.4 x the whole-page rules on a 7 MB GB18030 page; a lenient pass over the whole
    # page cost 1 x, and scoring every line 1.5 x): only the lines valid as UTF-8 are scored.
    lines = data.split(b"\n")
    non_ascii = [i for i, raw in enumerate(lines) if not raw.isascii()]
    as_utf8 = {i: text for i in non_ascii if (text := _utf8_line(lines[i])) is not None}
    utf8 = set(as_utf8)
    if not utf8 or len(utf8) == len(non_ascii):
        return None if page is None else (*page, [])
    if page is None and len(utf8) * 2 > len(non_ascii):  # a UTF-8 page with odd lines
        return _odd_lines(lines, [i for i in non_ascii if i not in utf8], "utf-8")
    if len(utf8) * 2 > len(non_ascii):
        return None if page is None else (*page, [])
    if page is not None:
        codec = page[1]
    else:
        rest = b"\n".join(lines[i] for i in non_ascii if i not in utf8)
        strict = [c for c in (_strict_family(rest, "gb18030"), _strict_family(rest, "big5")) if c]
        if not strict:
            return None
        codec = max(strict, key=lambda c: common_score(c[0]))[1]
    out = page[0].split("\n") if page is not None else None
    if out is None or len(out) != len(lines):
        out = [codecs.decode(raw, codec, "replace") for raw in lines]
    notes = []
    for i in sorted(utf8):
        as_page = out[i]
        if common_score(as_utf8[i]) > common_score(as_page):
            out[i] = as_utf8[i]
            notes.append((i + 1, as_page.rstrip("\r"), as_utf8[i].rstrip("\r"), "UTF-8"))
        # else: it reads no better as UTF-8, the page's encoding it is
    if not notes:
        return None if page is None else (*page, [])
    return "\n".join(out), codec, notes


def _utf8_line(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _odd_lines(lines: list[bytes], odd: list[int], codec: str) -> tuple | None:
    """A page in `codec` whose lines `odd` are not: each decoded strictly as GB18030 or Big5
    (the better-reading one), or None when one of them is neither."""
    out = [codecs.decode(raw, codec, "replace") for raw in lines]
    notes = []
    for i in odd:
        found = [c for c in (_strict_family(lines[i], "gb18030"), _strict_family(lines[i], "big5"))]
        found = [c for c in found if c and "\ufffd" not in c[0]]
        if not found:
            return None
        text, line_codec = max(found, key=lambda c: common_score(c[0]))
        notes.append((i + 1, out[i].rstrip("\r"), text.rstrip("\r"), line_codec))
        out[i] = text
    return "\n".join(out), codec, notes
