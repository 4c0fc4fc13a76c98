"""jianghua.labels: every flag, edit, noise reason and machine value the code can produce has a
Chinese label, and the details the stages write in English come out in Chinese.

The names are not listed here by hand: they are read from the source (the first argument of each
`Edit(...)` and `_flag(...)`, every `"kind": "..."` literal, the noise rules' reasons), so a
new kind added anywhere without a label fails this test.
"""

import ast
import re
from pathlib import Path

import pytest

from jianghua import labels
from jianghua.clean import main_content, noise
from jianghua.clean.normalize import normalize_line
from jianghua.structure import losses, meta
from jianghua.structure.outline import outline

SRC = Path(labels.__file__).parent
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _sources(*folders: str):
    for folder in folders:
        for path in sorted((SRC / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _first_str_arg(node: ast.Call) -> str | None:
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def emitted(folders, call_names, dict_key="kind"):
    """String constants passed first to the named calls, and values of `dict_key` literals."""
    found = set()
    for _path, tree in _sources(*folders):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) in call_names:
                value = _first_str_arg(node)
                if value is not None:
                    found.add(value)
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == dict_key
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                    ):
                        found.add(value.value)
    return found


def test_the_scan_finds_what_it_should():
    # the scan itself must see the kinds it is there to check
    flags = emitted(["structure"], {"_flag"})
    assert {"outline_order", "placeholder", "truncated", "announced_count"} <= flags
    assert {"punct", "space", "noise", "script", "phrase", "join"} <= emitted(
        ["clean", "sources"], {"Edit", "_edit"}
    )


def test_every_flag_kind_has_a_label():
    kinds = emitted(["structure"], {"_flag"})
    # speech flags appended by name (jianghua.clean, jianghua.split)
    for _path, tree in _sources("clean", "split"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "append":
                target = node.func.value if isinstance(node.func, ast.Attribute) else None
                if isinstance(target, ast.Attribute) and target.attr == "flags":
                    kinds.add(_first_str_arg(node))
    kinds.discard(None)
    formulations = {"slogan", "set", "formula", "paired", "series"}
    missing = sorted(k for k in kinds - formulations if k not in labels.FLAG_LABELS)
    assert not missing, f"flags without a label in jianghua.labels.FLAG_LABELS: {missing}"
    assert {"masked", "truncated", "announced_count"} <= kinds


def test_every_edit_kind_and_reason_has_a_label():
    kinds = emitted(["clean", "sources", "split"], {"Edit", "_edit"})
    missing = sorted(k for k in kinds if k not in labels.EDIT_LABELS)
    assert not missing, f"edit kinds without a label: {missing}"
    reasons = set()
    for _path, tree in _sources("clean", "sources"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "Edit" and len(node.args) >= 5:
                reason = node.args[4]
                if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
                    reasons.add(reason.value)
            if isinstance(node, ast.Call) and _called(node) == "append":
                target = node.func.value if isinstance(node.func, ast.Attribute) else None
                if isinstance(target, ast.Attribute) and target.attr == "reasons":
                    reasons.add(_first_str_arg(node))
            if isinstance(node, ast.keyword) and node.arg == "reason":
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    reasons.add(node.value.value)
    reasons.discard(None)
    reasons.add("run-on line cut at its paragraph marks")  # jianghua.clean.runon: a variable
    missing = sorted(r for r in reasons if r not in labels.EDIT_REASONS)
    assert not missing, f"edit reasons without a label: {missing}"


def _noise_reasons() -> set[str]:
    reasons = {rule[0] for rule in noise._NEWS_NOISE} | {main_content.REASON}
    tree = ast.parse(Path(noise.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        # `return "reason"` in classify, `reason = "..."` and `reason == "..."` tests
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                reasons.add(node.value.value)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if any(isinstance(t, ast.Name) and t.id == "reason" for t in node.targets):
                reasons.add(node.value.value)
    return reasons


def test_every_noise_reason_has_a_label():
    reasons = _noise_reasons()
    assert {"navigation", "prev/next link", "related-article list", "photo caption"} <= reasons
    missing = sorted(r for r in reasons if r not in labels.NOISE_REASONS)
    assert not missing, f"noise reasons without a label: {missing}"


def test_every_adaptation_kind_and_machine_value_has_a_label():
    kinds = set()
    for _path, tree in _sources("compose"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "add" and len(node.args) >= 5:
                kind = node.args[3]
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    kinds.add(kind.value)
    kinds |= emitted(["compose"], set()) - {"opening", "closing", "body"}
    kinds -= {"heading", "salutation", "placeholder", "key_point", "passage", "section"}
    assert {"mask", "year", "number", "place"} <= kinds
    missing = sorted(k for k in kinds if k not in labels.ADAPTATION_LABELS)
    assert not missing, f"adaptation kinds without a label: {missing}"
    # a genre that is not a Chinese word is a machine value: it must be named
    for genre in meta.GENRES:
        assert not LATIN_WORD.search(labels.value_label("genre", genre)), genre


def test_every_label_is_chinese():
    tables = [
        labels.ROLE_LABELS,
        labels.SECTION_LABELS,
        labels.FLAG_LABELS,
        labels.EDIT_LABELS,
        labels.NOISE_REASONS,
        labels.EDIT_REASONS,
        labels.META_LABELS,
        labels.TITLE_SOURCES,
        labels.META_SOURCES,
        labels.FACET_LABELS,
        labels.STATUS_TITLES,
        labels.ADAPTATION_LABELS,
        labels.LOSS_REASONS,
        labels.PLACEHOLDER_KINDS,
        labels.STATS_LABELS,
        labels.MODE_LABELS,
        labels.CHECK_KINDS,
    ]
    for table in tables:
        for name, label in table.items():
            assert not LATIN_WORD.search(label), (name, label)


def _outline_flags(paragraphs):
    return outline(paragraphs)[2]


OUTLINES = {
    "outline_order": ["一、甲方面", "三、乙方面", "二、丙方面"],
    "outline_skip": ["一、甲方面", "三、乙方面"],
    "outline_restart": ["一、甲方面", "二、乙方面", "一、丙方面"],
    "outline_start": ["二、甲方面", "三、乙方面"],
    "outline_missing_level1": ["（一）甲方面", "（二）乙方面", "（一）丙方面", "（二）丁方面"],
    "announced_count": ["下面，我讲三点意见：", "一、甲方面", "二、乙方面"],
}


@pytest.mark.parametrize("kind", sorted(OUTLINES))
def test_outline_flags_read_in_chinese(kind):
    flags = [f for f in _outline_flags(OUTLINES[kind]) if f["kind"] == kind]
    assert flags, _outline_flags(OUTLINES[kind])
    for flag in flags:
        text = labels.flag_text(flag)
        assert text.startswith(labels.FLAG_LABELS[kind] + "："), text
        assert not LATIN_WORD.search(text), (flag, text)


def test_the_issues_example_reads_in_chinese():
    flag = {"kind": "outline_order", "detail": "（二） follows （五）"}
    assert labels.flag_text(flag) == "提纲顺序颠倒：（二） 出现在 （五） 之后"


LOSSES = [
    ("placeholder", "今年共有××名同志参加，"),
    ("deleted_name", "深入学习党的精神。"),
    ("dropped_digits", "合格率达到%。"),
    ("damaged_date", "去年81日召开会议。"),
    ("stripped_quote", "开展“ ”活动。"),
    ("truncated", "我们要坚持不懈地推进"),
]


@pytest.mark.parametrize("kind,text", LOSSES)
def test_loss_flags_read_in_chinese(kind, text):
    found = [f for f in losses.flags(text, [], True, "讲话") if f["kind"] == kind]
    assert found, losses.flags(text, [], True, "讲话")
    for flag in found:
        shown = labels.flag_text(flag)
        assert not LATIN_WORD.search(shown), (flag, shown)
        assert text[flag["start"] : flag["end"]] in text  # the flag still points into the text


def test_not_a_speech_reads_in_chinese():
    flag = losses.flags("本实施方案自印发之日起施行。", [], False, None)[-1]
    assert flag["kind"] == "not_a_speech"
    assert labels.flag_text(flag) == "可能不是讲话：无讲话特征，实施方案"


def test_a_punct_edit_is_a_summary():
    text = "一是,二是,三是,四是,完毕。"
    _out, edits = normalize_line(text, 6)
    (edit,) = [e for e in edits if e.kind == "punct"]
    summary = labels.edit_summary(edit.__dict__)
    assert summary == "标点规范化 4 处（,→，；第 2、5、8… 列）"


def test_edit_summaries_name_the_reason():
    assert labels.edit_summary({"kind": "noise", "reason": "navigation"}) == "删除噪声行：导航"
    join = {"kind": "join", "reason": "keyword link broke the line, line broken mid-sentence"}
    assert labels.edit_summary(join) == "断行接回：关键词链接造成断行、句中断行"
    control = {"kind": "control", "reason": "control characters removed (U+000C)"}
    assert labels.edit_summary(control) == "删除控制字符：删除控制字符（U+000C）"
    phrase = {"kind": "phrase", "before": "資訊", "after": "信息", "reason": "s2twp"}
    assert labels.edit_summary(phrase) == "台湾用语改回大陆用语：資訊 → 信息"


def test_evidence_and_values():
    assert labels.evidence_text("组织×3 党建×2; next 党建") == "组织×3 党建×2；其次为 党建"
    assert labels.evidence_text("salutation") == "有称呼语"
    assert labels.value_label("genre", "fragment") == "片段（无讲话特征）"
    assert labels.value_label("sector", "(none)") == "（未识别）"
    assert labels.meta_text({"city": "无锡市", "province": "江苏"}) == "江苏 无锡市"
    assert labels.evidence_text("巴黎 (news lead)") == "巴黎 （新闻导语）"


def test_every_metadata_source_and_field_has_a_label():
    # the sources structure.meta writes (a news lead's speaker and place among them) and every
    # field it fills are shown in the reader's metadata table in Chinese
    import re
    from pathlib import Path

    import jianghua.structure.meta as meta

    code = Path(meta.__file__).read_text("utf-8")
    sources = set(re.findall(r'_field\(\s*[^,]+,\s*"([^"]+)"', code))
    sources |= set(re.findall(r'"source": "([^"]+)"', code))
    sources |= set(
        re.findall(r'_office_and_name\([^()]*(?:\([^()]*\)[^()]*)*,\s*"([^"]+)"\)', code)
    )
    assert {"title", "header", "body", "news lead"} <= sources
    assert sources <= set(labels.META_SOURCES)
    fields = set(re.findall(r'meta\["([a-z_]+)"\] =', code))
    assert {"place", "region", "speaker"} <= fields
    assert fields <= set(labels.META_LABELS)


def test_library_errors_read_in_chinese():
    assert labels.error_text("no speech with id 'abc'") == "没有编号为 abc 的讲话"
    assert labels.error_text("a.docx: not a valid .docx (not a zip archive)") == (
        "a.docx：不是有效的 .docx 文件"
    )
    assert labels.error_text("something new") == "something new"  # unknown: shown as it is
    problem = {"type": "less_than_equal", "loc": ("query", "per_page"), "ctx": {"le": 100}}
    assert labels.validation_text(problem) == "每页条数：不能大于 100"


def test_every_stats_number_has_a_label(tmp_path):
    from jianghua.library.store import Library

    with Library(tmp_path / "lib") as lib:
        keys = set(lib.stats())
    assert keys and keys <= set(labels.STATS_LABELS), keys - set(labels.STATS_LABELS)


@pytest.mark.parametrize(
    "raw, chinese",
    [
        ("encrypted PDF: it needs a password to open", "加密的 PDF：需要密码才能打开"),
        ("refused PDF: 20000 pages (limit 5000)", "拒绝读取此 PDF：20000 页（上限 5000 页）"),
        (
            "not a readable image (unknown or damaged image data)",
            "无法读取的图片（格式未知或已损坏）",
        ),
        (
            "refused .ofd: 9000 entries (limit 4096)",
            "拒绝读取此 .ofd：9000 个条目（上限 4096），疑似压缩炸弹",
        ),
        (
            "not a .doc file (neither a Word/WPS binary nor text)",
            "不是 .doc 文件（既不是 Word/WPS 文档也不是文本）",
        ),
        (
            "unsupported file type .xls (expected one of .txt, .pdf)",
            "不支持的文件类型 .xls（可用：.txt, .pdf）",
        ),
        ("file not found", "文件不存在"),
    ],
)
def test_reader_errors_read_in_chinese(raw, chinese):
    assert labels.error_text(raw) == chinese
