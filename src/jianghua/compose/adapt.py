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

Flag, don't guess (issue 19): a word is changed only when it is a whole word of rjieba's
segmentation (健全市场 is 健全 + 市场, so its 全市 is no scope word), and never inside a quotation
(a leader's words), a document title 《…》, a document number 中办发〔2019〕12号, an institution
named after its place (枣庄四十中, 济宁市第一中学) or a sentence dating an event (十九届五中全会,
党的十八大, 胡锦涛同志…): there years stay as they were. Where the source's place meets the
writer's own level in one phrase (辐射全市乃至济宁市) or names an institution, the original stays,
marked 【请核对：…】 so the writer sees it. A name is masked whole (its surname with it), never
leaving part of it behind.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field

import rjieba

from jianghua.compose.spec import SCOPE_LEVEL, ComposeSpec

PH_NUMBER = "【数字】"
PH_DATE = "【日期】"
PH_YEAR = "【年份】"
PH_NAME = "【姓名】"
PH_PLACE = "【地名】"
PLACEHOLDER = re.compile(r"【[^【】]{1,200}】")
# what the writer must check (kept from the source, see below); a kind of placeholder
CHECK_MARK = re.compile(r"【请核对：[^【】]{1,200}】")

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
    "李克强 温家宝 朱镕基 李鹏 李强 王沪宁 赵乐际 韩正 栗战书 汪洋 "
    "习近平 毛泽东 邓小平 江泽民 胡锦涛 周恩来 刘少奇 朱德 雷锋 焦裕禄 孔繁森 杨善洲 谷文昌 廖俊波 黄大年 张桂梅 钱学森 孙中山".split()
)
# The commonest surnames: a three-character word the tagger calls a person and that starts with
# one of these is a name even without a title after it ("教育的刘国斌").
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Spans no substitution enters: quotations, document titles, document numbers, placeholders.
PROTECTED = re.compile(
    r"“[^“”\n]{0,300}”|\"[^\"\n]{0,300}\"|‘[^‘’\n]{0,100}’|《[^《》\n]{0,100}》"
    r"|[\u4e00-\u9fff]{0,8}[发字函办]?〔[^〔〕\n]{0,10}〕(?:第?\d+号)?|【[^【】\n]{0,60}】"
)
QUOTED = re.compile(r"“[^”]{0,20}”|\"[^\"]{0,20}\"")
# What follows a place name when the name is part of an institution's (a school, a hospital…).
INSTITUTION = re.compile(
    r"(?:[一二三四五六七八九十\d]{1,3}中(?![央心华国])|第[一二三四五六七八九十\d]{1,3}(?:中学|小学|医院)"
    r"|(?:实验)?(?:中学|小学|大学|学院|职业|技校|医院|银行|公司|集团|电视台|日报|晚报|报社|一中|二中|三中))"
)
# A sentence that dates an event of the country: its year is a fact, not the speech's year.
DATED_EVENT = re.compile(
    r"[一二三四五六七八九十]{1,3}届[一二三四五六七八九十]{1,2}中全会|党的[一二三四五六七八九十]{1,3}大"
    r"|全国[一二三四五六七八九十]{0,3}[届次]?代表大会|"
    + "|".join("毛泽东 邓小平 江泽民 胡锦涛".split())
)
# Words the tagger calls places that name no place (高新区 is any city's, 夏令营 a camp).
NOT_PLACES = frozenset(
    "高新区 开发区 新区 城区 市区 社区 景区 辖区 片区 园区 矿区 库区 山区 牧区 林区 老区 特区 营区 "
    "自治区 示范区 试验区 实验区 保护区 功能区 商圈 夏令营 全区 全市 全县 全省 全镇 全乡 本市 本县 "
    "我市 我县 我区 省市 市县 县区 县市 乡镇 城镇 集镇 都市区 主城区 新城区 老城区 中心城区".split()
)
# A place name may be followed, inside one token, by the level and its institutions (江苏省委).
PLACE_TAIL = re.compile(
    r"[省市县区州旗镇乡盟]?(?:委(?:书记|副书记|常委|常委会|办)?|政府(?:办)?|人大|政协|纪委"
    r"|直(?:机关|单位)?|属|级|域|内|长)?$"
)
# A word ending so is an office, a unit or an area, not a person (高新区, 夏令营, 王家村).
NOT_NAME_END = "区县市省镇乡村营站所院局厅部委办处科队团社园场馆"
# Under a 旗 (banner) the townships are 苏木 and 镇: 乡镇 of a county speech becomes 苏木镇.
SUB_LEVEL = {("县", "旗"): (("乡镇", "苏木镇"),), ("旗", "县"): (("苏木镇", "乡镇"),)}
SURNAME_TITLE = re.compile(
    r"(?<=[委府])(?![副常党总办])[\u4e00-\u9fff](?=副?(?:书记|县长|市长|旗长|镇长|乡长|区长|主任)(?!处))"
)
POSTS = ("书记", "县长", "市长", "区长", "镇长", "乡长", "旗长", "主任", "部长", "局长", "主席")
# A leader named by surname and post alone (刘书记将要作重要讲话), after a pause or a verb.
SURNAME_POST = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[和与及请由向让对是受随]))["
    + "".join(sorted(SURNAMES))
    + r"](?=副?(?:"
    + "|".join(POSTS)
    + r")(?![处]))"
)
# The source level's subdivisions, named in a speech of a lower level: uncertain, flagged.
SUBDIVISIONS = {
    "省": re.compile(r"市（州）|市州|各市|市县|市、县"),
    "市": re.compile(r"区县（市）|县（市、区）|县（市）区|县（市）|县市区|县区|区县|各县"),
    "州": re.compile(r"县（市）|县市|各县"),
    "县": re.compile(r"乡镇（街道）|乡（镇）|各乡镇"),
}
LEVEL_RANK = {
    "省": 4,
    "市": 3,
    "州": 3,
    "盟": 3,
    "县": 2,
    "区": 2,
    "旗": 2,
    "镇": 1,
    "乡": 1,
    "苏木": 1,
}
# A quoted slogan a province or city set for itself (勇做全省“争当表率、争做示范、走在前列”排头兵):
# borrowed into another place's speech it names the wrong place's goals.
LOCAL_SLOGAN_LEAD = re.compile(r"(?:全省|我省|省委|全市|我市|市委|全州|全区)(?:提出的|确定的|的)?$")
QUOTATION = re.compile(r"“[^“”\n]{2,40}”")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CHECK = "【请核对：{}】"


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _tokens(text: str) -> tuple[set[int], dict[int, int], list[int]]:
    """(word boundaries, word start -> word end, the boundaries in order) of rjieba's
    segmentation of `text`."""
    bounds, words, pos = [0], {}, 0
    for word in rjieba.cut(text):
        words[pos] = pos + len(word)
        pos += len(word)
        bounds.append(pos)
    return set(bounds), words, bounds


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) meets one of `spans` (sorted, not overlapping; `starts` their starts)."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def _sentence(text: str, stops: list[int], start: int, end: int) -> str:
    """The sentence holding text[start:end]; `stops` are the sentence ends of `text`, in order."""
    i = bisect.bisect_left(stops, start)
    a = stops[i - 1] + 1 if i else 0
    j = bisect.bisect_left(stops, end)
    b = stops[j] if j < len(stops) else len(text)
    return text[a:b]


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
    slogans = _spans(QUOTED, text)  # short quotations: numbers in them are 提法, noted
    protected = _spans(PROTECTED, text)
    bounds, words, ordered = _tokens(text)

    # sorted span lists and bisection keep every lookup logarithmic (a hostile paragraph of
    # 10^5 characters and 10^4 quotations is still one pass)
    slogan_starts = [a for a, _ in slogans]
    protected_starts = [a for a, _ in protected]
    stops = [m.start() for m in SENTENCE_END.finditer(text)]

    def inside(spans, start: int, end: int) -> bool:
        starts = slogan_starts if spans is slogans else protected_starts
        return _overlaps(spans, starts, start, end)

    def is_protected(start: int, end: int) -> bool:
        return inside(protected, start, end)

    def whole(start: int, end: int) -> bool:
        """text[start:end] is one or more whole words, or a word's head whose tail is a level
        and its institutions (江苏 in 江苏省委, 市 in 市委书记)."""
        if start not in bounds:
            return False
        if end in bounds:
            return True
        word_start = ordered[bisect.bisect_left(ordered, end) - 1]  # the word holding end
        word_end = words.get(word_start, end)
        tail = text[end:word_end]
        if re.fullmatch(r"委[\u4e00-\u9fff]", tail) and text.startswith(TITLE_WORDS, word_end):
            return word_start >= start  # 旗委额书记: the level, its committee, a leader's surname
        return word_start >= start and bool(PLACE_TAIL.match(tail))

    def add(start, end, after, kind, reason):
        edits.append((start, end, after, kind, reason))

    def check(start: int, end: int, reason: str) -> None:
        add(start, end, CHECK.format(text[start:end]), "check", reason)

    # Masks the source left: names and years destroyed by the site.
    for m in MASKED_YEAR.finditer(text):
        if not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_YEAR, "mask", "原文年份被掩码，由撰稿人填写")
    for m in MASKED_NAME.finditer(text):
        if not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_NAME, "mask", "原文人名被掩码，由撰稿人填写")

    # A leader named by surname alone between the committee and the title (旗委额书记).
    for m in SURNAME_TITLE.finditer(text):
        if not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_NAME, "name", "人名属原讲话事实")

    for m in SURNAME_POST.finditer(text):
        if not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_NAME, "name", "人名属原讲话事实")

    if source_place_name != spec.place:
        for m in QUOTATION.finditer(text):
            if LOCAL_SLOGAN_LEAD.search(text[max(0, m.start() - 8) : m.start()]):
                where = source_place_name or "原讲话所在地"
                add(
                    m.start(),
                    m.end(),
                    m.group() + CHECK.format(f"{where}的提法，是否适用"),
                    "check",
                    "原讲话所在地方的口号",
                )

    # Years: the source speech's year and its neighbours move with the writer's year, unless
    # the sentence dates an event of the country (十九届五中全会召开) or the year is quoted.
    for m in YEAR.finditer(text):
        year = int(m.group(1))
        if is_protected(m.start(), m.end()):
            add(m.start(), m.end(), m.group(1), "keep", "")
            continue
        if DATED_EVENT.search(_sentence(text, stops, m.start(), m.end())):
            notes.append(f"保留年份“{year}年”：所在句记述有日期的事件")
            add(m.start(), m.end(), m.group(1), "keep", "")
        elif source_year and spec.year and abs(year - source_year) <= 1:
            new = spec.year + (year - source_year)
            if new != year:
                add(m.start(), m.end(), str(new), "year", f"原讲话年份{source_year}→{spec.year}")
            else:
                add(m.start(), m.end(), m.group(1), "keep", "")
        else:
            notes.append(f"保留年份“{year}年”（位置{m.start()}），请核对是否适用")
            add(m.start(), m.end(), m.group(1), "keep", "")

    for m in MONTH_DAY.finditer(text):
        if DATED_EVENT.search(_sentence(text, stops, m.start(), m.end())):
            add(m.start(), m.end(), m.group(), "keep", "")  # the date of the event stays
        elif not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_DATE, "date", "具体日期属原讲话事实")

    for m in NUMBER.finditer(text):
        if inside(slogans, m.start(), m.end()):
            notes.append(f"保留提法中的数字“{m.group()}”")
            continue
        if is_protected(m.start(), m.end()):
            continue  # a document number or a title's number is the document's, not a figure
        unit = re.search(r"\s*[%％‰]$", m.group())
        after = PH_NUMBER + (unit.group().strip() if unit else "")
        add(m.start(), m.end(), after, "number", "数据属原讲话事实，由撰稿人填写")
    for m in CN_QUANTITY.finditer(text):
        if len(m.group()) >= 2 and not is_protected(m.start(), m.end()):
            add(m.start(), m.end(), PH_NUMBER, "number", "数据属原讲话事实，由撰稿人填写")

    # Scope words of the source's level -> the writer's level, whole words only.
    src_level, dst_level = _level_of(source_scope), spec.level
    scope_spans: list[tuple[int, int]] = []
    if src_level and dst_level and src_level != dst_level:
        level_words = "|".join(sorted(LEVEL_WORDS, key=len, reverse=True))
        pattern = re.compile(
            rf"(?:全|我|本|各)?(?<![省城都超门股集夜]){src_level}(?=(?:{level_words}))"
            rf"|[全我本]{src_level}"
        )
        for m in pattern.finditer(text):
            if is_protected(m.start(), m.end()) or not whole(m.start(), m.end()):
                continue
            before = m.group()
            after = before[: -len(src_level)] + dst_level
            follows = text[m.end() : m.end() + 2]
            if dst_level in ("镇", "乡", "苏木") and follows[:1] == "委" and follows != "委员":
                after += "党"  # a township has a 镇党委, not a 镇委
            add(m.start(), m.end(), after, "scope", f"范围{source_scope}→{spec.scope}")
            scope_spans.append((m.start(), m.end()))
        below = LEVEL_RANK.get(dst_level, 0) < LEVEL_RANK.get(src_level, 0)
        if below and (src_level, dst_level) not in SUB_LEVEL and src_level in SUBDIVISIONS:
            for m in SUBDIVISIONS[src_level].finditer(text):
                if not is_protected(m.start(), m.end()):
                    check(m.start(), m.end(), f"原讲话（{source_scope}）的下辖单位，请核对")
        for old, new in SUB_LEVEL.get((src_level, dst_level), ()):
            for m in re.finditer(old, text):
                lead = m.start() - (m.start() > 0 and text[m.start() - 1] in "各全")
                if not is_protected(m.start(), m.end()) and whole(lead, m.end()):
                    add(m.start(), m.end(), new, "scope", f"{spec.scope}下辖{new}")

    # Place names: the source's own place -> the writer's; other local places -> 【地名】.
    scope_starts = [a for a, _ in scope_spans]
    target_short = short_place(spec.place) if spec.place else ""
    src_short = short_place(source_place_name) if source_place_name else ""

    def place_edit(start: int, end: int, after: str, reason: str) -> None:
        if is_protected(start, end) or not whole(start, end):
            return
        if INSTITUTION.match(text, end):
            check(start, _institution_end(text, end), "单位名称含原讲话地名，请核对")
            return
        if _overlaps(scope_spans, scope_starts, start - 6, end + 6):  # a scope word near it
            # 辐射全市乃至济宁市: the writer's place beside the writer's level says nothing
            check(start, end, "原讲话地名与范围词并列，请核对")
            return
        add(start, end, after, "place", reason)

    if source_place_name:
        for name in sorted({source_place_name, src_short}, key=len, reverse=True):
            if len(name) < 2:
                continue
            for m in re.finditer(re.escape(name), text):
                if spec.place:
                    after = spec.place if name == source_place_name else target_short
                    place_edit(
                        m.start(), m.end(), after, f"原讲话地名{source_place_name}→{spec.place}"
                    )
                else:
                    place_edit(m.start(), m.end(), PH_PLACE, "原讲话地名，撰稿人未给出地名")
    for other in other_places:
        for name in sorted({other, short_place(other)}, key=len, reverse=True):
            if len(name) < 2 or name in (spec.place, target_short):
                continue
            for m in re.finditer(re.escape(name), text):
                place_edit(m.start(), m.end(), PH_PLACE, f"原讲话所在地{other}")

    offset = 0
    tagged = rjieba.tag(text)
    for i, (word, tag) in enumerate(tagged):
        start, end = offset, offset + len(word)
        offset = end
        if is_protected(start, end):
            continue
        after = text[end + 1 : end + 6] if text[end : end + 1] == "副" else text[end : end + 5]
        titled = after[:4].startswith(TITLE_WORDS)
        # a given name or a Mongolian name before a post (君正书记, 乌兰副书记) is a person too
        posted = (
            tag in ("nz", "ns")
            and len(word) == 2
            and after[:3].startswith(POSTS)
            and (start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff")
        )
        if (
            (tag == "nr" or posted)
            and len(word) in (1, 2, 3)
            and word not in NATIONAL_FIGURES
            and word[-1] not in NOT_NAME_END
            and word not in NOT_PLACES
            and (titled or (len(word) == 3 and word[0] in SURNAMES and _given_name(word[1:])))
        ):
            # the whole name: a surname the tagger left in the token before goes with it
            first = start
            if i and len(word) <= 2 and len(tagged[i - 1][0]) == 1 and tagged[i - 1][0] in SURNAMES:
                first = start - 1
            if text[end : end + 1] in ("村", "屯", "寨", "庄"):
                add(first, end, PH_PLACE, "place", "村名属原讲话事实")  # 铁王镇陈家村
            elif end - first >= 2 and text[first:end] not in NATIONAL_FIGURES:
                add(first, end, PH_NAME, "name", "人名属原讲话事实")
            continue
        if tag != "ns" or len(word) < 3 or word in NOT_PLACES or word[0] in "各全我本该此":
            continue
        if source_place_name and word in (source_place_name, src_short):
            continue  # found as a string above
        if word[-1] in LOCAL_SUFFIX and word not in (spec.place, target_short):
            if INSTITUTION.match(text, end):
                check(start, _institution_end(text, end), "单位名称含其他地方地名，请核对")
            else:
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


def _institution_end(text: str, end: int) -> int:
    """End of an institution's name that starts with a place: up to its suffix word."""
    m = INSTITUTION.match(text, end)
    return m.end() if m else end
