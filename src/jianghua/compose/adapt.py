"""Mechanical adaptation of a borrowed passage to the writer's occasion, every change recorded.

Safe rewrites only:
- scope words of the source's level to the writer's (全市→全县, 我市→我县, 市委→县委, 市直→县直…);
- the source's own place name to the writer's (济宁市→于都县, 济宁→于都); other county/city/town
  names become 【地名】;
- the source speech's year (and the years just before and after it) to the writer's year;
- facts only the writer knows become placeholders, never other numbers: figures 【数字】 (the unit
  stays: "21000多篇" → "【数字】多篇"), month/day dates 【日期】, masked years 20xx 【年份】, named
  people before a title (徐峰同志, 郭庚茂书记) 【姓名】, masks left by the source (**, XX) likewise.
Numbers inside quotation marks (“1+5”制度) are slogans (提法), not figures: kept and noted.
Nothing else is touched; each change is an `Adaptation` with its offset in the source passage.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import rjieba

from jianghua.compose.spec import SCOPE_LEVEL, ComposeSpec

PH_NUMBER = "【数字】"
PH_DATE = "【日期】"
PH_YEAR = "【年份】"
PH_NAME = "【姓名】"
PH_PLACE = "【地名】"
PLACEHOLDER = re.compile(r"【[^【】]{1,40}】")

ADMIN_SUFFIX = "省市县区州旗镇乡村盟"
LOCAL_SUFFIX = "市县区州旗镇乡村盟"
# Words that follow a level character and mean that level's institutions ("市委", "市直机关").
LEVEL_WORDS = (
    "委",
    "政府",
    "直",
    "人大",
    "政协",
    "纪委",
    "关工委",
    "委办",
    "级",
    "属",
    "领导",
    "残联",
    "妇联",
    "总工会",
    "工商联",
    "团委",
)
TITLE_WORDS = (
    "同志",
    "书记",
    "副书记",
    "市长",
    "县长",
    "区长",
    "省长",
    "镇长",
    "乡长",
    "旗长",
    "州长",
    "主任",
    "局长",
    "部长",
    "主席",
    "会长",
    "委员",
    "秘书长",
    "处长",
    "厅长",
    "院长",
    "校长",
)
NUMBER = re.compile(r"(?<![\d.．])\d+(?:[.．,，]\d+)*(?:\s*[%％‰])?")
CN_QUANTITY = re.compile(
    r"[一二三四五六七八九十两零〇]*[百千万亿][一二三四五六七八九十两零〇百千万亿]*"
)
MONTH_DAY = re.compile(
    r"(?:\d{1,2}|[xX×]{1,2})月(?:\d{1,2}|[xX×]{1,2})[日号]|\d{1,2}月(?:份|底|初|中旬|上旬|下旬)?"
)
YEAR = re.compile(r"(?<![\d])((?:19|20)\d\d)(?=年)")
MASKED_YEAR = re.compile(r"(?:19|20)[xX×ⅹ*＊]{2}(?=年)|[xX]{4}(?=年)")
MASKED_NAME = re.compile(r"(?:\*{2,}|＊{2,}|[xX×]{2,3}|某某)(?=" + "|".join(TITLE_WORDS) + ")")
# People every speech may name: leaders and models of the whole country, not facts of one place.
NATIONAL_FIGURES = frozenset(
    "习近平 毛泽东 邓小平 江泽民 胡锦涛 周恩来 刘少奇 朱德 雷锋 焦裕禄 孔繁森 杨善洲 谷文昌 廖俊波 黄大年 张桂梅 钱学森 孙中山".split()
)
# The commonest surnames: a three-character word the tagger calls a person and that starts with
# one of these is a name even without a title after it ("教育的刘国斌").
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
QUOTED = re.compile(r"“[^”]{0,20}”|\"[^\"]{0,20}\"")


@dataclass
class Adaptation:
    kind: str  # 'scope', 'place', 'year', 'number', 'date', 'name', 'mask'
    before: str
    after: str
    start: int  # offset in the source passage
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Adapted:
    text: str
    adaptations: list[Adaptation] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # things kept on purpose that the writer should check

    @property
    def placeholders(self) -> list[str]:
        return PLACEHOLDER.findall(self.text)


def short_place(name: str) -> str:
    """济宁市 → 济宁, 于都县 → 于都; names that would shrink to one character stay whole."""
    if len(name) >= 3 and name[-1] in ADMIN_SUFFIX:
        return name[:-1]
    return name


def source_place(text: str) -> str:
    """The local place a text names most often (a county/city/district name), or ""."""
    counts: dict[str, int] = {}
    for word, tag in rjieba.tag(text):
        if tag == "ns" and len(word) >= 3 and word[-1] in LOCAL_SUFFIX:
            counts[word] = counts.get(word, 0) + 1
    if not counts:
        return ""
    return max(counts, key=lambda w: (counts[w], w))


COMMON_WORD_TAGS = frozenset(("n", "v", "a", "vn", "an", "ad", "d", "m", "q"))


def _given_name(rest: str) -> bool:
    """False when what follows the surname is an ordinary word: 高 + 水平, 高 + 素质 are not names."""
    tagged = rjieba.tag(rest)
    return not (len(tagged) == 1 and tagged[0][1] in COMMON_WORD_TAGS)


def _level_of(scope: str) -> str:
    return SCOPE_LEVEL.get(scope, "")


def adapt(
    text: str,
    spec: ComposeSpec,
    source_scope: str = "",
    source_year: int | None = None,
    source_place_name: str = "",
    other_places: tuple[str, ...] = (),
) -> Adapted:
    """Adapt `text` (a passage of a speech with the given scope/year/place) to `spec`."""
    edits: list[tuple[int, int, str, str, str]] = []  # start, end, after, kind, reason
    notes: list[str] = []
    protected = [(m.start(), m.end()) for m in QUOTED.finditer(text)]

    def is_protected(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in protected)

    def add(start, end, after, kind, reason):
        edits.append((start, end, after, kind, reason))

    # Masks the source left: names and years destroyed by the site.
    for m in MASKED_YEAR.finditer(text):
        add(m.start(), m.end(), PH_YEAR, "mask", "原文年份被掩码，由撰稿人填写")
    for m in MASKED_NAME.finditer(text):
        add(m.start(), m.end(), PH_NAME, "mask", "原文人名被掩码，由撰稿人填写")

    # Years: the source speech's year and its neighbours move with the writer's year.
    for m in YEAR.finditer(text):
        year = int(m.group(1))
        if source_year and spec.year and abs(year - source_year) <= 1:
            new = spec.year + (year - source_year)
            if new != year:
                add(m.start(), m.end(), str(new), "year", f"原讲话年份{source_year}→{spec.year}")
            else:
                add(m.start(), m.end(), m.group(1), "keep", "")
        elif not is_protected(m.start(), m.end()):
            notes.append(f"保留年份“{year}年”（位置{m.start()}），请核对是否适用")
            add(m.start(), m.end(), m.group(1), "keep", "")

    for m in MONTH_DAY.finditer(text):
        if not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_DATE, "date", "具体日期属原讲话事实")

    for m in NUMBER.finditer(text):
        if is_protected(m.start(), m.end()):
            notes.append(f"保留提法中的数字“{m.group()}”")
            continue
        unit = re.search(r"\s*[%％‰]$", m.group())
        after = PH_NUMBER + (unit.group().strip() if unit else "")
        add(m.start(), m.end(), after, "number", "数据属原讲话事实，由撰稿人填写")
    for m in CN_QUANTITY.finditer(text):
        if len(m.group()) >= 2 and not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_NUMBER, "number", "数据属原讲话事实，由撰稿人填写")

    # Scope words of the source's level -> the writer's level.
    src_level, dst_level = _level_of(source_scope), spec.level
    if src_level and dst_level and src_level != dst_level:
        words = "|".join(sorted(LEVEL_WORDS, key=len, reverse=True))
        pattern = re.compile(
            rf"(?:全|我|本|各)?(?<![省城都超门股集夜]){src_level}(?=(?:{words}))|[全我本]{src_level}"
        )
        for m in pattern.finditer(text):
            before = m.group()
            after = before[:-1] + dst_level
            add(m.start(), m.end(), after, "scope", f"范围{source_scope}→{spec.scope}")

    # Place names: the source's own place -> the writer's; other local places -> 【地名】.
    # The source's names are found as strings (the tagger may cut "无锡市" into 无锡 + 市).
    offset = 0
    target_short = short_place(spec.place) if spec.place else ""
    src_short = short_place(source_place_name) if source_place_name else ""
    if source_place_name:
        for name in sorted({source_place_name, src_short}, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                if is_protected(m.start(), m.end()):
                    continue
                if spec.place:
                    after = spec.place if name == source_place_name else target_short
                    add(
                        m.start(),
                        m.end(),
                        after,
                        "place",
                        f"原讲话地名{source_place_name}→{spec.place}",
                    )
                else:
                    add(m.start(), m.end(), PH_PLACE, "place", "原讲话地名，撰稿人未给出地名")
    for other in other_places:
        for name in sorted({other, short_place(other)}, key=len, reverse=True):
            if len(name) < 2 or name in (spec.place, target_short):
                continue
            for m in re.finditer(re.escape(name), text):
                add(m.start(), m.end(), PH_PLACE, "place", f"原讲话所在地{other}")
    for word, tag in rjieba.tag(text):
        start, end = offset, offset + len(word)
        offset = end
        titled = text[end : end + 4].startswith(TITLE_WORDS)
        if (
            tag == "nr"
            and len(word) in (2, 3)
            and word not in NATIONAL_FIGURES
            and (titled or (len(word) == 3 and word[0] in SURNAMES and _given_name(word[1:])))
        ):
            add(start, end, PH_NAME, "name", "人名属原讲话事实")
            continue
        if tag != "ns" or is_protected(start, end):
            continue
        if source_place_name and word in (source_place_name, src_short):
            continue  # found as a string above
        if len(word) >= 3 and word[-1] in LOCAL_SUFFIX and word not in (spec.place, target_short):
            add(start, end, PH_PLACE, "place", "其他地方的地名")

    # Resolve overlaps: earlier start first, then the longer span; 'keep' spans block others.
    edits.sort(key=lambda e: (e[0], -(e[1] - e[0])))
    out, adaptations, cursor = [], [], 0
    for start, end, after, kind, reason in edits:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(after)
        if kind != "keep" and after != text[start:end]:
            adaptations.append(Adaptation(kind, text[start:end], after, start, reason))
        cursor = end
    out.append(text[cursor:])
    return Adapted("".join(out), adaptations, list(dict.fromkeys(notes)))
