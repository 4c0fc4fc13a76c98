"""Every Chinese label a user reads, for the CLI and the web alike: section roles, flags and their
details, edit kinds and reasons, metadata fields and sources, facet values, HTTP statuses.

The stages record machine names (`outline_order`, `punct`, `prev/next link`) and details written
for developers ("（二） follows （五）"); the store keeps them as they are, so a library ingested
by an older version still reads. What a person sees goes through the functions here, which turn
those records into Chinese: `flag_text`, `edit_summary`, `evidence_text`, `value_label`.
A name with no label is shown as itself, and tests/test_labels.py fails for every name the code
can produce that has none.
"""

from __future__ import annotations

import re

# -- section roles (jianghua.structure.roles for outline nodes, .parts for the rest) -----------

ROLE_LABELS = {
    "review": "回顾成绩",
    "problems": "问题不足",
    "situation": "形势认识",
    "goals": "目标思路",
    "tasks": "任务举措",
    "guarantee": "保障落实",
    "other": "其他",
}
PART_LABELS = {"salutation": "称呼", "opening": "开头", "closing": "结尾"}
SECTION_LABELS = {"salutation": "称呼", "opening": "开头", **ROLE_LABELS, "closing": "结尾"}

# -- flags: what the source lost or what looks doubtful ----------------------------------------

FLAG_LABELS = {
    # jianghua.sources.layout (OCR)
    "ocr_low_confidence": "识别存疑【请核对】",
    # jianghua.structure.losses
    "placeholder": "隐去的内容",
    "deleted_name": "删去的人名或名称",
    "dropped_digits": "丢失的数字",
    "damaged_date": "损坏的日期",
    "stripped_quote": "被清空的引号或书名号",
    "truncated": "文本不完整",
    "not_a_speech": "可能不是讲话",
    # jianghua.clean (speech flags)
    "masked": "含隐去的内容",
    # jianghua.structure.outline and jianghua.split
    "announced_count": "预告的条数与实际不符",
    "outline_start": "提纲不从一开始",
    "outline_inverted": "提纲层级颠倒",
    "outline_restart": "提纲重新编号",
    "outline_skip": "提纲缺号",
    "outline_order": "提纲顺序颠倒",
    "outline_missing_level1": "缺少一级标题",
    "outline_truncated": "提纲过长，未全部列出",
}

PLACEHOLDER_KINDS = {
    "year": "年份",
    "ordinal": "序数",
    "number": "数字",
    "name": "人名或地名",
    "other": "其他",
    "quote": "引号内容",
}
# jianghua.structure.losses.DELETED_NAME and DAMAGED_DATE: their `why`
LOSS_REASONS = {
    "党的… (a congress name deleted)": "党的…（删去了会议名称）",
    "以…同志为核心 (a name deleted)": "以…同志为核心（删去了人名）",
    "同志为…的 (核心 deleted)": "同志为…的（删去了“核心”）",
    "…指出 (the speaker deleted)": "…指出（删去了讲话人）",
    "…的重要讲话 (a name deleted)": "…的重要讲话（删去了人名）",
    "习… (a name cut short)": "习…（人名被截短）",
    "…在会见…时强调 (the speaker deleted)": "…在会见…时强调（删去了讲话人）",
    "month and day run together": "月、日连在一起（“月”字丢失）",
    "year and month run together": "年、月连在一起（“年”字丢失）",
    "two months run together": "两个月份连在一起（分隔符丢失）",
}

# Details as the stages write them: (pattern, Chinese template with the pattern's groups).
_DETAILS = {
    "outline_order": [(r"(.+) follows (.+)", "{0} 出现在 {1} 之后")],
    "outline_skip": [(r"(.+) follows (.+): (\d+) missing", "{0} 紧接 {1}，中间缺 {2} 条")],
    "outline_restart": [(r"(.+) restarts the list after (.+)", "{0} 在 {1} 之后重新编号")],
    "outline_start": [(r"list starts at (.+) instead of 1", "从 {0} 开始编号，而不是从一开始")],
    "outline_inverted": [(r"(.+) is nested under (.+)", "{0} 排在下级编号 {1} 之下")],
    "outline_missing_level1": [
        (
            r"top level starts with (.+) and restarts or mixes styles: level-1 markers lost",
            "最高一级从 {0} 开始，且重新编号或编号样式混杂：一级标题的编号可能已丢失",
        )
    ],
    "outline_truncated": [
        (r"(\d+) headings, the first (\d+) kept", "共 {0} 个标题，只列出前 {1} 个")
    ],
    "announced_count": [
        (r"announced (\d+) \((.*)\), found (\d+)", "预告 {0} 条（{1}），实有 {2} 条")
    ],
    "truncated": [
        (r"ends mid-sentence: (.*)", "在句中结束：{0}"),
        (r"announced (\d+) sections, (\d+) present", "预告 {0} 部分，只有 {1} 部分"),
    ],
    "stripped_quote": [(r"empty quotes (.*)", "空引号 {0}")],
    "dropped_digits": [(r"no number before (.+?): (.*)", "“{0}”前没有数字：{1}")],
}
_DETAILS_COMPILED = {
    kind: [(re.compile(p, re.S), t) for p, t in rules] for kind, rules in _DETAILS.items()
}


def flag_label(kind: str) -> str:
    return FLAG_LABELS.get(kind, kind)


def flag_detail(kind: str, detail: str) -> str:
    """A flag's detail in Chinese (the stages write it for developers, in English)."""
    detail = str(detail or "")
    for pattern, template in _DETAILS_COMPILED.get(kind, ()):
        m = pattern.fullmatch(detail)
        if m:
            return template.format(*m.groups())
    if kind == "placeholder" and ": " in detail:
        what, token = detail.split(": ", 1)
        return f"{PLACEHOLDER_KINDS.get(what, what)}：{token}"
    if kind in ("deleted_name", "damaged_date") and ": " in detail:
        why, context = detail.split(": ", 1)
        return f"{LOSS_REASONS.get(why, why)}：{context}"
    if kind == "not_a_speech":
        return evidence_text(detail).replace(", ", "，")
    return detail


def flag_text(flag: dict) -> str:
    """ "提纲顺序颠倒：（二） 出现在 （五） 之后": a flag as one line for a person."""
    kind = str(flag.get("kind") or "")
    detail = flag_detail(kind, flag.get("detail") or "")
    return f"{flag_label(kind)}：{detail}" if detail else flag_label(kind)


# -- edits: what the cleaning steps changed ----------------------------------------------------

EDIT_LABELS = {
    "noise": "删除噪声行",
    "encoding": "逐行换用编码解读",
    "ocr_low_confidence": "识别置信度低【请核对】",
    "script": "繁体转简体",
    "phrase": "台湾用语改回大陆用语",
    "punct": "标点规范化",
    "space": "删除多余空格",
    "join": "断行接回",
    "split": "拆分粘连的行",
    "header": "移入元数据",
    "escape": "还原转义字符",
    "control": "删除控制字符",
    "markup": "删除排版标记",
}

# Why a line was removed as site noise (jianghua.clean.noise, .main_content).
NOISE_REASONS = {
    "文库 metadata": "文库信息行",
    "article metadata": "文章信息行",
    "prev/next link": "上一篇/下一篇链接",
    "advertisement": "广告",
    "copyright notice": "版权声明",
    "文库 blurb": "文库导语",
    "文库 document title": "文库文档标题",
    "文库 widget": "文库页面部件",
    "pagination": "分页",
    "collection title": "合集标题",
    "collection blurb": "合集导语",
    "navigation": "导航",
    "related-article list": "相关文章列表",
    "photo caption": "图片说明",
    "dateline": "电头",
    "news lead": "新闻导语",
    "news story": "讲话全文前的新闻报道",
    "author's biography": "作者简介",
    "publication trailer": "报刊出处",
    "markup left in the text": "网页标记",
    "editorial note": "编辑信息",
    "editor's note on the text": "编者按",
    "licence notice": "转载声明",
    "site widget": "网站部件",
    "notes": "注释",
    "outside the page's main content": "页面正文之外的内容",
    "front matter": "文章头部信息",
    "picture or link": "图片或链接",
    "record header": "采集记录的字段行",
    "slide cue": "演示提示（翻页、幻灯片）",
    "separator": "分隔线",
    "page number": "页码",
    "another speaker's turn": "他人的发言（会议记录）",
    "stage direction": "现场记录（括注）",
    "running head": "页眉（每页重复）",
    "chatbot's words": "智能助手的对话语",
    "speaker's notes": "给讲话人的提示（附录）",
    "code block": "代码块",
}
# Reasons of the other edits (jianghua.clean.repair, .runon, .script, jianghua.sources).
EDIT_REASONS = {
    "keyword link broke the line": "关键词链接造成断行",
    "line broken mid-sentence": "句中断行",
    "line broken at the page edge": "页边断行",
    "heading glued to body": "标题与正文连在一起",
    "run-on line cut at its paragraph marks": "多段连成一行，按段落标记拆开",
    "<U+XXXX> written out": "被写成编码的字符已还原",
    "t2s": "整行转换",
    "Markdown marks": "排版标记（#、>、**、链接）",
    "front matter": "文章头部信息",
    "picture or link": "图片或链接",
    "photo caption": "图片说明",
    "code block": "代码块",
    "speaker's role mark": "去掉发言人的职务标记（会议记录）",
}
_CONTROL = re.compile(r"control characters removed \((.*)\)")
_AT = re.compile(r"at ([\d,]+)")
COLUMNS_SHOWN = 3  # positions listed in an edit summary before "…"


def edit_label(kind: str) -> str:
    return EDIT_LABELS.get(kind, kind)


def reason_text(kind: str, reason: str) -> str:
    """An edit's reason in Chinese."""
    reason = str(reason or "")
    if kind == "noise":
        return NOISE_REASONS.get(reason, reason)
    m = _CONTROL.fullmatch(reason)
    if m:
        return f"删除控制字符（{m.group(1)}）"
    parts = [p.strip() for p in reason.split(",")] if kind == "join" else [reason]
    return "、".join(EDIT_REASONS.get(p, p) for p in parts if p)


def edit_summary(edit: dict) -> str:
    """One edit as a sentence: "标点规范化 4 处（第 6、16、22… 列）", "删除噪声行：导航"."""
    kind = str(edit.get("kind") or "")
    reason = str(edit.get("reason") or "")
    label = edit_label(kind)
    m = _AT.fullmatch(reason)
    if kind in ("punct", "space") and m:
        columns = [c for c in m.group(1).split(",") if c]
        shown = "、".join(columns[:COLUMNS_SHOWN]) + ("…" if len(columns) > COLUMNS_SHOWN else "")
        before, after = str(edit.get("before") or ""), str(edit.get("after") or "")
        changes = ""
        if kind == "punct" and len(before) == len(after):
            # the edit lists the changed characters, run after run: name each change once
            pairs = dict.fromkeys(f"{b}→{a}" for b, a in zip(before, after, strict=True))
            changes = " ".join(list(pairs)[:6]) + ("…" if len(pairs) > 6 else "") + "；"
        return f"{label} {len(columns)} 处（{changes}第 {shown} 列）"
    if kind == "phrase":
        return f"{label}：{edit.get('before') or ''} → {edit.get('after') or ''}"
    why = reason_text(kind, reason)
    return f"{label}：{why}" if why else label


# -- metadata ---------------------------------------------------------------------------------

META_LABELS = {
    "title": "标题",
    "speaker": "讲话人",
    "office": "职务",
    "date": "日期",
    "place": "地点",
    "region": "所涉地区（据正文推断）",
    "occasion": "场合",
    "sector": "领域",
    "genre": "文种",
    "scope": "层级",
    "topic": "主题",
    "meeting_type": "会议",
    "session": "届次",
    "body": "机构",
}
TITLE_SOURCES = {
    "item": "篇目",
    "toc": "目录",
    "header": "页眉",
    "html": "网页标题",
    "文库": "文库信息",
    "file name": "文件名",
    "record": "数据记录的标题字段",
    "原标题": "转载页的原标题",
    "news lead": "新闻导语",
    "occasion": "据场合推断（请核对）",
}
META_SOURCES = {
    "title": "标题",
    "header": "页眉",
    "body": "正文",
    "文库 metadata": "文库信息",
    "news lead": "新闻导语",
    "byline": "署名",
    "editor's note": "编者注",
    "record": "数据记录（请核对）",
    "signature": "落款",
    "self-introduction": "自我介绍",
}
FACET_LABELS = {"sector": "领域", "genre": "文种", "scope": "层级", "year": "年份", "roles": "结构"}
NONE_VALUE = "(none)"  # jianghua.structure.facets: a speech without the field
# Values the stages store as machine names.
VALUE_LABELS = {"genre": {"fragment": "片段（无讲话特征）"}}

# Evidence strings of jianghua.structure.meta, phrase by phrase.
_EVIDENCE = [
    ("no address, no speech cue in the first 1500 characters", "前 1500 字无称呼、无讲话用语"),
    ("no speech cues", "无讲话特征"),
    ("(title)", "（标题）"),
    ("(body)", "（正文）"),
    ("(header)", "（页眉）"),
    ("(news lead)", "（新闻导语）"),
    ("发表时间: ", "发表时间："),
]
_NEXT = re.compile(r"; next (\S+)")
_SALUTATION = re.compile(r"^salutation$")


# A place given as parts, largest first.
PLACE_PARTS = ("country", "province", "city", "prefecture", "county", "district", "town", "village")


def meta_text(value) -> str:
    """A metadata value as text: lists joined, a place's parts largest first."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: PLACE_PARTS.index(k) if k in PLACE_PARTS else 99)
        return " ".join(meta_text(value[k]) for k in keys if value[k] not in (None, ""))
    if isinstance(value, list | tuple):
        return "、".join(meta_text(v) for v in value if v not in (None, ""))
    return str(value)


def value_label(field: str, value) -> str:
    """A facet or metadata value as shown: machine values named in Chinese."""
    value = str(value)
    if value == NONE_VALUE:
        return "（未识别）"
    return VALUE_LABELS.get(field, {}).get(value, value)


def evidence_text(evidence: str) -> str:
    """The evidence of a metadata field in Chinese ("组织×3; next 党建" -> "组织×3；其次为 党建")."""
    text = str(evidence or "")
    text = _NEXT.sub(r"；其次为 \1", text)
    text = _SALUTATION.sub("有称呼语", text)
    for english, chinese in _EVIDENCE:
        text = text.replace(english, chinese)
    return text.replace("fragment", "片段")


# -- the web: statuses and 查重 kinds ------------------------------------------------------------

STATUS_TITLES = {
    400: "请求有误",
    401: "需要访问令牌",
    403: "拒绝访问",
    404: "找不到页面",
    405: "不支持这种请求方式",
    408: "请求超时",
    413: "提交的内容过大",
    415: "不支持的文件类型",
    421: "地址不符",
    422: "提交的内容无法处理",
    500: "服务器内部错误",
    503: "暂时无法提供服务",
}
# jianghua.library.store.Library.stats
STATS_LABELS = {
    "e5_vectors": "e5 语义向量",
    "sources": "来源文件",
    "speeches": "讲话（不同文本）",
    "families": "文本族",
    "near_duplicate_families": "含近似重复的文本族",
    "occurrences": "出现次数",
    "copies": "重复",
    "noise_lines_removed": "删除的噪声行",
    "conversions": "繁简转换",
    "phrase_conversions": "台湾用语改回",
    "edits": "修改",
    "placeholders": "隐去的内容",
    "flags": "标记",
}
MODE_LABELS = {"hybrid": "综合", "keyword": "关键词", "semantic": "语义"}
CHECK_KINDS = {"copied": "复制", "edited": "改动后复制", "quoted": "引用", "common": "常见表述"}

# jianghua.compose.adapt: what was changed in a borrowed passage
ADAPTATION_LABELS = {
    "mask": "掩码留空",
    "year": "年份更新",
    "keep": "保留",
    "date": "日期留空",
    "number": "数据留空",
    "scope": "范围更改",
    "place": "地名更改",
    "name": "人名留空",
    "count": "部分数更改",
    "llm_number": "模型改写的数字",
    "check": "请核对",
    "tifa": "提法过时【请核对】",
}
# jianghua.structure.formulations
FORMULATION_LABELS = {
    "slogan": "口号",
    "set": "数字概括",
    "formula": "固定提法",
    "paired": "对仗提法",
    "series": "排比",
}


def status_title(status: int) -> str:
    return STATUS_TITLES.get(status, "出错了")


# -- error messages the library raises (in English, for the log and the CLI) as a page shows them

_ERRORS = [
    (r"no speech with id '?([^' ]*)'?", "没有编号为 {0} 的讲话"),
    (r"speech (\S+) does not occur in source (\S+)", "讲话 {0} 不出现在来源 {1} 中"),
    (
        r"file too large \((?:over )?(\d+) bytes, limit (\d+)\)",
        "文件过大（{0} 字节，上限 {1} 字节）",
    ),
    (r"file too large \(limit (\d+) bytes\)", "文件过大（上限 {0} 字节）"),
    (r"draft too large \((\d+) bytes, limit (\d+)\)", "稿件过大（{0} 字节，上限 {1} 字节）"),
    (
        r"request too large \((\d+) bytes, limit (\d+)\)",
        "提交的内容过大（{0} 字节，上限 {1} 字节）",
    ),
    (r"request too large \(limit (\d+) bytes\)", "提交的内容过大（上限 {0} 字节）"),
    (r"unsupported file type (\S+) \(expected one of (.*)\)", "不支持的文件类型 {0}（可用：{1}）"),
    (r"unsupported (?:file|draft) type (\S+) \(.*\)", "不支持的文件类型 {0}（可用 .txt、.docx）"),
    (r"unsupported draft type \(.*\)", "不支持的稿件类型（可用 .txt、.docx）"),
    (r"empty (?:file|draft)", "文件是空的"),
    (r"empty document \(.*\)", "文档中没有文字"),
    (r"binary file, not text", "不是文本文件"),
    (
        r"not UTF-8, GB18030 or Big5 text.*",
        "无法识别文字编码（不是 UTF-8、GB18030 或 Big5 编码的文本）",
    ),
    (r"not a valid \.docx.*", "不是有效的 .docx 文件"),
    (r"not valid JSON \(line (\d+): .*\)", "不是有效的 JSON（第 {0} 行）"),
    (r"line (\d+) is not a JSON record.*", "第 {0} 行不是 JSON 记录"),
    (r"not a readable CSV table \(row (\d+): .*\)", "无法读取的 CSV 表格（第 {0} 行）"),
    (r"no record with a text field.*", "没有含正文字段的记录（应为 JSON Lines、JSON 或 CSV 数据）"),
    (r"refused \.docx.*", "拒绝读取此 .docx：解压后过大，疑似压缩炸弹"),
    (r"no visible text.*", "网页中没有可见的文字"),
    (r"text longer than (\d+) characters.*", "文字超过 {0} 字的上限，已停止读取"),
    (r"reading took longer than (\S+) s.*", "读取超过 {0} 秒的时限，已停止"),
    (r"search is not available in this build", "此版本不含检索功能"),
    # file system
    (r"file not found", "文件不存在"),
    (r"permission denied", "没有读取权限"),
    (r"is a directory, not a file", "是文件夹，不是文件"),
    (r"not a regular file", "不是普通文件"),
    (r"out of memory while reading the file", "读取时内存不足"),
    # PDF, images (OCR), .doc/.wps, OFD (jianghua.sources.pdf, image, legacy, ofd)
    (r"encrypted PDF.*", "加密的 PDF：需要密码才能打开"),
    (r"not a valid PDF.*", "不是有效的 PDF 文件"),
    (r"refused PDF: (\d+) pages \(limit (\d+)\)", "拒绝读取此 PDF：{0} 页（上限 {1} 页）"),
    (
        r"no text in the PDF \((\d+) pages.*\)",
        "PDF 中没有文字（共 {0} 页，既无文字层也无扫描图像）",
    ),
    (r"refused image: (\d+) frames \(limit (\d+)\)", "拒绝读取此图片：{0} 帧（上限 {1} 帧）"),
    (r"refused image: too many pixels \(limit (\d+)\)", "拒绝读取此图片：像素过多（上限 {0}）"),
    (r"not a readable image.*", "无法读取的图片（格式未知或已损坏）"),
    (r"no text found in the image.*", "图片中没有识别出文字"),
    (
        r"cannot read (\.\w+) files: none of antiword, catdoc or LibreOffice.*",
        "无法读取 {0} 文件：没有安装 antiword、catdoc 或 LibreOffice（运行 make converters，"
        "或 apt-get install antiword catdoc）",
    ),
    (r"cannot read this (\.\w+) file \((.*)\)", "无法读取此 {0} 文件（{1}）"),
    (
        r"not a (\.\w+) file \(neither a Word/WPS binary nor text\)",
        "不是 {0} 文件（既不是 Word/WPS 文档也不是文本）",
    ),
    (r"not a valid \.ofd.*", "不是有效的 .ofd 文件"),
    (
        r"refused \.ofd: (\d+) entries \(limit (\d+)\)",
        "拒绝读取此 .ofd：{0} 个条目（上限 {1}），疑似压缩炸弹",
    ),
    (r"refused \.ofd: (\d+) pages \(limit (\d+)\)", "拒绝读取此 .ofd：{0} 页（上限 {1} 页）"),
    (r"no text in the \.ofd \((\d+) pages\)", ".ofd 中没有文字（共 {0} 页）"),
    (r"--min-chars must be at least (\d+) \(got (\S+)\)", "最短相同字数不能小于 {0}（填的是 {1}）"),
    (r"Method Not Allowed", "此地址不接受这种请求方式"),
    (r"Not Found", "没有这个页面"),
]
_ERRORS_COMPILED = [(re.compile(p, re.S), t) for p, t in _ERRORS]


def error_text(message: str) -> str:
    """An error message in Chinese: "name: reason" keeps the name and translates the reason."""
    message = str(message or "")
    for pattern, template in _ERRORS_COMPILED:
        m = pattern.fullmatch(message)
        if m:
            return template.format(*m.groups())
    name, sep, reason = message.rpartition(": ")
    if sep and name and reason:
        translated = error_text(reason)
        if translated != reason:
            return f"{name}：{translated}"
    return message


_VALIDATION = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是或否",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_too_short": "过短（至少 {min_length} 个字符）",
    "literal_error": "只能是 {expected}",
    "enum": "只能是 {expected}",
}
FIELD_LABELS = {
    "q": "检索词",
    "mode": "检索方式",
    "page": "页码",
    "per_page": "每页条数",
    "year_from": "起始年份",
    "year_to": "截止年份",
    "canonical_only": "只显示代表文本",
    "role": "检索范围",
    "limit": "条数",
    "source": "来源",
    "min_chars": "最短相同字数",
    "text": "讲话稿",
    "file": "文件",
    **META_LABELS,
}


def validation_text(error: dict) -> str:
    """One request-validation problem (a pydantic error dict) in Chinese: "页码：不能小于 1"."""
    loc = [str(p) for p in error.get("loc", ())]
    field = loc[-1] if loc else ""
    what = FIELD_LABELS.get(field, field)
    template = _VALIDATION.get(str(error.get("type") or ""))
    if template is None:
        problem = "取值无效"
    else:
        context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            problem = template.format(**context)
        except (KeyError, IndexError):
            problem = "取值无效"
    return f"{what}：{problem}" if what else problem
