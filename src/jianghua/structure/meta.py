"""Metadata of a speech: genre, occasion, speaker, date, place and sector, each with its source.

Every field is {"value", "source", "confidence", "evidence"} where source is one of "title",
"header", "文库 metadata", "body"; a field that nothing states is absent, never guessed. Masked
values (**, XX, 20xx) are reported as masked, destroyed dates are flagged by `losses`.

`parse_title` reads an occasion title ("在市政协十一届二十一次常委会议上的讲话") into scope, body,
topic, meeting type, session, place, speaker, date and genre; compound occasions are split on 暨.
"""

from __future__ import annotations

import re
from collections import Counter

import rjieba

from jianghua.split.header import (
    COMMON_SURNAMES,
    COMPOUND_SURNAMES,
    has_surname,
    is_date_line,
    is_subtitle,
    not_a_word,
    signature_parts,
    speaker_parts,
)
from jianghua.split.header import DATE as HEADER_DATE
from jianghua.split.header import NOT_A_NAME as MENU_WORDS
from jianghua.split.header import OFFICE_WORDS as _OFFICE_WORDS
from jianghua.structure.gazetteer import PROVINCE_OF
from jianghua.structure.numerals import cn_digits_to_int, cn_to_int
from jianghua.trie import trie_regex

CN = "一二三四五六七八九十"
_CN_DIGIT = "〇零○一二三四五六七八九0０OＯ"

GENRES = [
    "讲话",
    "发言",
    "致辞",
    "主持词",
    "总结讲话",
    "表态发言",
    "工作报告",
    "心得体会",
    "工作计划",
]
GENRES.append("fragment")
# Title endings, longest first; 致词 and 主持讲话 are spellings of 致辞 and 主持词.
_GENRE_END = re.compile(
    r"(?:上|时|中)?的?(?P<genre>总结讲话|表态发言|主持讲话|主持词|讲话稿|讲话|发言稿|交流发言|发言|致辞|致词|贺信|贺词"
    r"|演讲稿|演讲词|讲稿"
    r"|工作报告|报告|心得体会|心得|体会|工作计划)$"
)
_REPORTS_A_SPEECH = re.compile(
    r"(?:发表|作)(?:了)?(?:重要|热情洋溢的|长篇|主旨|主题|书面|视频|题为《[^》]{1,40}》的)*"
    r"(?:讲话|致辞|演讲|发言)$"
)
_GENRE_NAME = {"主持讲话": "主持词", "致词": "致辞", "讲话稿": "讲话", "发言稿": "发言"}
_GENRE_NAME.update({"演讲稿": "演讲", "演讲词": "演讲", "讲稿": "讲话"})
_GENRE_NAME.update({"交流发言": "发言", "报告": "工作报告", "心得": "心得体会", "体会": "心得体会"})

_MASK = r"\*{2,}|＊{2,}|[xX×]{2,}|某某"
_SPEAKER_TITLE = re.compile(rf"^(?P<name>{_MASK}|[\u4e00-\u9fff]{{2,4}}?)同志(?:在|的)")
_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}$")
_PRESENTER = re.compile(
    r"^(?:汇报人|演讲人|主讲人|发言人|报告人|讲话人|答辩人|宣讲人)\s*[:：]\s*"
    r"((?:[\u4e00-\u9fff·]{2,5}|[×xX*＊]{2,3})(?:[、，,\s]\s*[\u4e00-\u9fff·]{2,5}){0,3})\s*$"
)
PRESENTER_LINES = 6


def presenter(lines, confidence: float) -> dict | None:
    """The speaker a script's field line names ("汇报人：王思晗、朱克拉", "演讲人：方羿涵")."""
    for line in lines:
        m = _PRESENTER.match(line.strip())
        if m:
            names = m.group(1)
            return _field(
                names, "header", confidence, line.strip(), masked=bool(re.search(_MASK, names))
            )
    return None


_SIGNED = re.compile(rf"^([\u4e00-\u9fff]{{2,4}})(?:{HEADER_DATE})$")
# the date after a name, spaced ("王  琛  2020.6.20") or not ("习近平2025年11月27日", a signature)
_TRAILING_DATE = re.compile(
    rf"(?:[\s\u3000\xa0]+|(?<=^[\u4e00-\u9fff]{{2}})|(?<=^[\u4e00-\u9fff]{{3}})|(?<=^[\u4e00-\u9fff]{{4}}))(?:{HEADER_DATE})\s*$"
)
_NUMERAL = re.compile(r"[一二三四五六七八九十百千零〇]")
_NOT_NAMES = {"讲话", "发言", "致辞", "同志们", "谢谢", "谢谢大家", "目录", "附件"}

# -- occasion -------------------------------------------------------------------------------

SCOPE = re.compile(
    r"全国|全省|全市|全县|全区|全州|全旗|全盟|全镇|全乡|全系统|全行业|镇村|市县|县乡|省市县"
)
_PLACE_AT = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?P<suffix>省|市|县|镇|乡|旗|州)")
_PLACE_STOP = set("全各本我该此在")
_ORG = (
    r"人大常委会|人大|政协|残联|工商联|关工委|妇联|总工会|工会|团委|纪委监委|纪委|监委|人民政府"
    r"|政府办公室|政府|党组中心组|中心组|党委|委员会"
)
_BODY = re.compile(
    rf"(?P<body>[省市县区州旗镇乡]委(?:党组中心组|中心组|第[{CN}]+巡察组)?|委党组中心组|委中心组"
    rf"|[省市县区州旗镇乡](?:{_ORG})(?:党组中心组|中心组)?)(?:[(（]扩大[)）])?"
)
_BODY_AFTER_SESSION = re.compile(rf"(?P<body>{_ORG})")
SESSION = re.compile(
    rf"第[{CN}百\d]+届|首届|[{CN}\d]+届(?![{CN}]中全会|全会|中央)(?:[{CN}\d]+次)?"
    rf"|第[{CN}百\d]+次|第[{CN}\d]+批"
)
_TYPE_BASE = (
    "会员代表大会开幕式|代表大会开幕式|会员代表大会|代表大会|开幕式|闭幕式|颁奖典礼|挂牌仪式|仪式|典礼"
    "|论坛|培训班|研讨会|座谈会|推进会议|推进会|动员部署会|动员部署大会|动员大会|动员会|部署会"
    "|表彰大会|总结大会|总结汇报会|汇报会|交流会|分析会|务虚会|观摩座谈会|观摩会|推介会|对接会议"
    "|对接会|约谈会|谈话会|调度会|联席会议|常委会议|常委会|全会|集体学习会议|学习会议|学习会"
    "|报告履职会议|工作会议|工作会|大会|会议|会"
)
MEETING_TYPE = re.compile(
    rf"(?P<type>(?:视频|电视电话|现场|紧急|专题|全体|[(（]扩大[)）])*(?:{_TYPE_BASE}))$"
)
# "今天召开全市关工委工作会议", "这次全县农村工作会议，是…" in the opening of an untitled speech
OPENING_OCCASION = re.compile(
    r"(?:召开(?:了|的)?|这次|本次|此次|参加今天的|今天的|参加)(?:这次|本次)?"
    rf"(?P<occ>[\u4e00-\u9fff（）()、]{{2,40}}?(?:{_TYPE_BASE}))(?=[，,。；、上\s]|$)"
)
OPENING_SPAN = 400
_NOT_A_NAME = re.compile(r"^会议|是|一次|的|重要")  # "这次会议是…召开的重要会议" names nothing


def _this_meeting(text: str) -> re.Match | None:
    """The meeting the opening says is being held: 这次/本次/今天 first; 召开了 is most often
    an earlier meeting (前不久，省政府召开了全省环保工作会议), and …会议精神 one relayed."""
    found = [
        m
        for m in OPENING_OCCASION.finditer(text, 0, OPENING_SPAN)
        if not text.startswith("精神", m.end()) and not _NOT_A_NAME.search(m.group("occ"))
    ]
    for m in found:
        if re.search(r"这次|本次|此次|今天", m.group(0)):
            return m
    return next((m for m in found if not m.group(0).startswith("召开了")), None)


_PASS_ON = re.compile(r"^(?:传达|学习|贯彻|落实)+(?P<inner>.+?)精神$")
_TITLE_FORM = re.compile(r"^(?:关于|在)?(?P<occ>.+?)$")


def _field(value, source: str, confidence: float, evidence: str, **extra) -> dict:
    return {
        "value": value,
        "source": source,
        "confidence": confidence,
        "evidence": evidence,
        **extra,
    }


def parse_occasion(occ: str) -> dict:
    """One occasion (no 暨) to {date, scope, place, body, session, topic, meeting_type}."""
    out: dict = {}
    s = re.sub(r"\s+", "", occ)
    m = _PASS_ON.match(s)
    if m:
        s = m.group("inner")
    m = re.match(r"(\d{4})年度?", s)
    if m:
        out["date"] = m.group(1)
        s = s[m.end() :]
    m = SCOPE.match(s)
    if m:
        out["scope"] = m.group(0)
        s = s[m.end() :]
    m = _PLACE_AT.match(s)
    if m and m.group("name")[0] not in _PLACE_STOP and "城" not in m.group("name"):
        out["place"] = m.group(0)
        s = s[m.end() - 1 :]  # the suffix may start the body: 于都县工商联 -> 县工商联
    sessions: list[str] = []
    prefix = ""  # 省 of 省十三届人大常委会: the level of a body named after its session
    for _ in range(4):
        m = SESSION.match(s)
        if m:
            sessions.append(m.group(0))
            s = s[m.end() :]
            continue
        m = _BODY.match(s) if "body" not in out else None
        if m:
            out["body"] = s[: m.end()]
            s = s[m.end() :]
            continue
        if sessions and "body" not in out:
            m = _BODY_AFTER_SESSION.match(s)
            if m:
                out["body"] = prefix + m.group("body")
                s = s[m.end() :]
                continue
        if s[:1] in "省市县区州旗镇乡" and not prefix and SESSION.match(s, 1):
            prefix, s = s[0], s[1:]
            continue
        if "place" in out and s[:1] == out["place"][-1]:
            s = s[1:]  # the place's suffix was not a body after all
            continue
        break
    m = MEETING_TYPE.search(s)
    rest = s
    if m:
        out["meeting_type"] = m.group("type")
        rest = s[: m.start()]
    found = list(SESSION.finditer(rest))
    sessions += [x.group(0) for x in found]
    for x in reversed(found):
        rest = rest[: x.start()] + rest[x.end() :]
    if sessions:
        out["session"] = "".join(sessions)
    topic = re.sub(r"工作$", "", rest).strip("的、，, ")
    if topic:
        out["topic"] = topic
    return out


def parse_title(title: str) -> dict:
    """A title into plain fields: speaker, masked, date, scope, place, body, session, topic,
    meeting_type, genre, and `occasion` (one dict per part when the occasion has 暨)."""
    out: dict = {}
    s = re.sub(r"\s+", "", title).replace("(", "（").replace(")", "）")
    s = s.lstrip("—－-─").strip()
    m = _SPEAKER_TITLE.match(s)
    if m:
        out["speaker"] = m.group("name")
        out["masked"] = bool(re.fullmatch(_MASK, m.group("name")))
        s = s[m.end() - 1 :]
    g = _GENRE_END.search(s)
    if not g or _REPORTS_A_SPEECH.search(s):
        # "温家宝赴外交学院……并向师生们发表讲话": a news headline about a speech, not its title
        return out
    out["genre"] = _GENRE_NAME.get(g.group("genre"), g.group("genre"))
    if g.group("genre") == "报告" and g.group(0)[:1] in "上时中":
        out["genre"] = "报告"  # "在西南区新闻工作会议上的报告": delivered at a meeting, a speech
    body = s[: g.start()]
    occasion_form = body.startswith(("在", "关于")) or g.group(0)[:1] in "上时中" or "会" in body
    if not occasion_form or not body:
        return out
    if body.startswith("关于"):
        out["topic"] = body[2:]
        return out
    body = body.removeprefix("在")
    passed_on = _PASS_ON.match(body)
    if passed_on:
        body = passed_on.group("inner")
    parts = [parse_occasion(p) for p in body.split("暨") if p]
    if not parts:
        return out
    if len(parts) > 1:
        out["occasion"] = parts
        for p in parts[:-1]:  # 安全生产暨…工作会: both are parts of one meeting
            p.setdefault("meeting_type", parts[-1].get("meeting_type"))
    for key in ("date", "scope", "place", "body", "session"):
        for p in parts:
            if p.get(key):
                out[key] = p[key]
                break
    topics = [p["topic"] for p in parts if p.get("topic")]
    if topics:
        out["topic"] = "暨".join(topics)
    if parts[-1].get("meeting_type"):
        out["meeting_type"] = parts[-1]["meeting_type"]
    return out


# -- dates -----------------------------------------------------------------------------------

_DATE_PAREN = re.compile(
    r"[(（]\s*(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2}))\s*[)）]"
)
_DATE_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_DATE_CN = re.compile(
    rf"([{_CN_DIGIT}]{{4}})\s*年\s*([{CN}]{{1,3}})\s*月\s*(?:([{CN}]{{1,3}})\s*日)?"
)
_DATE_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
_PUBLISHED = re.compile(r"发表时间\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def _ymd(y, m=None, d=None) -> str | None:
    y = int(y)
    if not 1900 <= y <= 2100:  # speeches of the 1930s and 40s are collected too
        return None
    if m is None:
        return f"{y:04d}"
    m = int(m)
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    d = int(d)
    if not 1 <= d <= 31:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


_SPACED_DIGITS = re.compile(r"(?<=\d) +(?=\d)|(?<=\d) +(?=[年月日])")


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


def explicit_date(text: str) -> tuple[str, str] | None:
    """(date, matched text) for the first explicit date in a line: (2009年10月30日),
    (2005-07-07), 二0一一年八月三十日, 2009年10月, 发表时间:2009-12-01; digits a page spaced
    out ("——1 9 9 8 年3 月5 日在…") read as written together."""
    text = text.translate(_HALF_WIDTH)  # "2020．9．30": full-width digits and marks read as such
    if _SPACED_DIGITS.search(text):
        text = _SPACED_DIGITS.sub("", text)
    for pattern in (_DATE_PAREN, _DATE_YMD, _DATE_ISO, _DATE_CN, _DATE_YM):
        m = pattern.search(text)
        if not m:
            continue
        groups = [g for g in m.groups() if g is not None]
        if pattern is _DATE_CN:
            y = cn_digits_to_int(groups[0])
            month = cn_to_int(groups[1])
            day = cn_to_int(groups[2]) if len(groups) > 2 else None
            value = _ymd(y, month, day) if y and month else None
        else:
            value = _ymd(*groups[:3])
        if value:
            return value, m.group(0).strip()
    return None


# Body evidence of the year a speech was given.
_PAST_YEAR = re.compile(r"过去的(?:一年[，,]?\s*)?(\d{4})年|(\d{4})年已经过去")
_CENTENARY = re.compile(
    r"今年是[^。；]{0,40}?(中国共产党成立|建党|新中国成立|改革开放|中华人民共和国成立)(\d{2,3})周年"
)
_ANNIVERSARY_BASE = {"中国共产党成立": 1921, "建党": 1921, "新中国成立": 1949, "改革开放": 1978}
_ANNIVERSARY_BASE["中华人民共和国成立"] = 1949
_FYP = re.compile(
    r"今年是[^。；]{0,30}?“?(十[一二三四五])五”?(?:规划|时期)?[^。；]{0,4}?"
    r"(开局|收官|起步|第一年|最后一年|承上启下|决胜|攻坚)"
)
_FYP_START = {"十一": 2006, "十二": 2011, "十三": 2016, "十四": 2021, "十五": 2026}
_FYP_OFFSET = {"开局": (0, 0), "起步": (0, 0), "第一年": (0, 0), "收官": (4, 4)}
_FYP_OFFSET.update({"最后一年": (4, 4), "承上启下": (1, 2), "决胜": (3, 4), "攻坚": (2, 4)})
_SUMMING_UP = re.compile(r"(?:总结|回顾)(?:了)?(?:过去)?(\d{4})年(?:度)?[^。；，]{0,12}?工作")
_PLANNING = re.compile(r"部署(?:了)?(\d{4})年")
# Events a speech can only mention after they happened: a floor for its year.
# (literal, year); the first one found, newest first, is the floor
_EVENTS = [
    ("二十大", 2022),
    ("十九届六中全会", 2021),
    ("十九届五中全会", 2020),
    ("新冠肺炎", 2020),
    ("新冠疫情", 2020),
    ("十九届四中全会", 2019),
    ("十九届三中全会", 2018),
    ("十九届二中全会", 2018),
    ("十九大", 2017),
    ("新时代中国特色社会主义思想", 2017),
    ("十八届六中全会", 2016),
    ("两学一做", 2016),
    ("十八届五中全会", 2015),
    ("三严三实", 2015),
    ("十八届四中全会", 2014),
    ("十八届三中全会", 2013),
    ("群众路线教育实践活动", 2013),
    ("十八大", 2012),
    ("十七届六中全会", 2011),
    ("科学发展观", 2003),
]
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年")


def inferred_date(text: str) -> dict | None:
    """A year or year range from the body, with the evidence; None when nothing pins it."""
    lo, hi, evidence = None, None, []

    def narrow(a: int, b: int, why: str) -> None:
        nonlocal lo, hi
        lo = a if lo is None else max(lo, a)
        hi = b if hi is None else min(hi, b)
        evidence.append(why)

    # Patterns whose every match holds a literal run only when the text holds it: a substring
    # search is several times faster than the scan of a pattern that starts with a class.
    m = _PAST_YEAR.search(text) if "过去" in text else None
    if m:
        y = int(m.group(1) or m.group(2))
        narrow(y + 1, y + 1, m.group(0))
    m = _CENTENARY.search(text)
    if m:
        y = _ANNIVERSARY_BASE[m.group(1)] + int(m.group(2))
        narrow(y, y, m.group(0))
    m = _FYP.search(text)
    if m:
        start = _FYP_START[m.group(1)]
        a, b = _FYP_OFFSET[m.group(2)]
        narrow(start + a, start + b, m.group(0))
    m = _SUMMING_UP.search(text) if "总结" in text or "回顾" in text else None
    if m:
        y = int(m.group(1))
        narrow(y, y + 1, m.group(0))
    m = _PLANNING.search(text)
    if m:
        y = int(m.group(1))
        narrow(y - 1, y, m.group(0))
    if lo is None:
        return None
    floor, floor_why = None, None
    for name, year in _EVENTS:
        if name in text:
            floor, floor_why = year, name
            break
    if floor is not None and floor > lo:
        if floor > hi:  # the evidence contradicts itself: say nothing
            return None
        lo = floor
        evidence.append(f"{floor_why} ({floor})")
    value = str(lo) if lo == hi else f"{lo}/{hi}"
    confidence = 0.7 if lo == hi and len(evidence) > 1 else 0.5
    return _field(value, "body", confidence, "；".join(evidence))


# -- places ----------------------------------------------------------------------------------

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东"
    " 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
_LEVEL = {
    "省": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "区": "county",
}
_LEVEL.update({"旗": "county", "镇": "town", "乡": "town"})
_NS_STOP = {"中国", "全国", "中华", "文明城市", "依法治国", "治国", "中央", "国家", "亚洲", "世界"}
_NS_STOP |= {"全省", "全市", "全县", "全区", "大陆", "两岸", "国内", "长江流域", "边区", "城区"}
_NS_STOP |= {"直属机关", "四中", "二中", "三中", "五中", "六中", "一中", "香港", "澳门"}
_NUMERAL_START = set("一二三四五六七八九十百千两")
# 区 is left out of body names: 地区, 城区, 辖区, 园区 are not places
_BODY_SUFFIX = set("省市州盟县旗镇乡")
_BELOW_SCOPE = {
    "全省": ("city", "county", "town", "name"),
    "全市": ("county", "town"),
    "全州": ("county", "town"),
    "全盟": ("county", "town"),
}
# county and town names: 2-3 characters and a suffix, confirmed by jieba's place-name tag
_COUNTY_CANDIDATE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:县|镇|乡|旗)")
PLACE_WINDOW = 1000  # opening characters tagged for place names (and a third of it at the end)


_ABOUT = {"台湾", "香港", "澳门"}
_DAY_ALONE = re.compile(r"[〇零○一二三四五六七八九十两\d０-９年月日号]+")
_DATED_PLACE = re.compile(
    rf"^[(（]?\s*{HEADER_DATE}\s*[，,、]\s*(?P<place>[^，,。；;：:()（）\d]{{2,20}})\s*[)）]?$"
)


def _cities_in_body(text: str, found: dict, add, terms: Counter) -> None:
    """The most named prefecture city of the whole text (twice, or once as X市) unless it lies
    in another province than the one the text names most; its province when none is named."""
    # 台湾 is what 对台 speeches are about, and 香港/澳门 what national speeches' passages on 一国两制
    # are about (every 政府工作报告 names them), not where they are given
    named = Counter({w: n for w, n in terms.items() if w in _PROVINCE_SET and w not in _ABOUT})
    province = named.most_common(1)[0][0] if named and named.most_common(1)[0][1] >= 2 else None
    if province and "province" not in found:
        add(province, "body", 0.5, level="province")
    if "city" not in found:
        counts = Counter({w: n for w, n in terms.items() if w in PROVINCE_OF})
        for city, n in counts.most_common(3):
            suffixed = f"{city}市" in text
            if not (n >= 2 or suffixed):
                continue
            if province and PROVINCE_OF[city] != province and n < named[province]:
                continue
            add(city + ("市" if suffixed else ""), "body", 0.6 if n >= 2 else 0.5, level="city")
            break
    if "city" not in found and province and named[province] < 3:
        found.pop("province", None)  # a province named twice in passing is not the place
    if "city" in found:
        of_city = PROVINCE_OF.get(found["city"][0].removesuffix("市"))
        current = found.get("province", ("",))[0].removesuffix("省")
        if of_city and current != of_city:
            if current and found["province"][2] >= found["city"][2]:
                del found["city"]  # the two disagree: keep the better-attested one
            else:
                # the province of a stated city is stated with it
                found["province"] = (of_city, found["city"][1], 0.5)


_DAYS_IN_PLACE = re.compile(r"[\d０-９一二三四五六七八九十〇○零]\s*[日月号]")


def places(
    title_place: str | None,
    header_place: str | None,
    text: str,
    scope: str | None = None,
    terms: Counter | None = None,
    lead_place: str | None = None,
) -> tuple[dict | None, dict | None]:
    """(place, region): the place the title or header states the meeting was in (在焦作市…, and
    the province of a stated city), and the region the body is about: place names (jieba's ns
    tag, with an administrative suffix, or a province) in the opening and closing of the body, by
    level, for the levels the title and header do not give. The region is inferred (a speech
    given in 苏州 names it; so does a national leader's that mentions a visit there): never
    passed off as the place."""
    found: dict[str, tuple[str, str, float]] = {}

    def add(name: str, source: str, confidence: float, level: str | None = None) -> None:
        if _DAYS_IN_PLACE.search(name):
            return  # "二十三日、二十六日、八月二日": the rest of a date line of several days
        level = level or _LEVEL.get(name[-1])
        if level is None:
            bare = name.removesuffix("省")
            level = "province" if bare in PROVINCES else "name"
        if level not in found or found[level][2] < confidence:
            found[level] = (name, source, confidence)

    if title_place:
        add(title_place, "title", 0.8)
    if header_place:
        add(header_place, "header", 0.8)
    if lead_place:  # 国家主席习近平在巴黎出席……: the news lead reporting the speech
        add(lead_place, "news lead", 0.7)
    window = text[:PLACE_WINDOW] + "\n" + text[-PLACE_WINDOW // 3 :]
    for m in _COUNTY_CANDIDATE.finditer(window):
        if m.group(0)[0] in _PLACE_STOP or m.group(0)[0] in _NUMERAL_START:
            continue
        # tag the candidate with a few characters before it: 在平武县 -> 在/平武县
        snippet = window[max(0, m.start() - 3) : m.end()]
        for word, tag in rjieba.tag(snippet):
            if (
                tag == "ns"
                and snippet.endswith(word)
                and len(word) >= 3
                and word not in _NS_STOP
                and word[0] not in _PLACE_STOP
                and word[0] not in _NUMERAL_START
                and text.count(word) >= 2  # a county named once is an example, not the place
            ):
                add(word, "body", 0.6)
    if scope == "全国":
        # a national meeting names cities it does not take place in (杭州亚运会): title only
        found = {k: v for k, v in found.items() if v[1] != "body"}
    else:
        _cities_in_body(text, found, add, terms if terms is not None else term_counts(text))
    # below the meeting's own level, places in the body are examples (全省 names its cities)
    for level in _BELOW_SCOPE.get(scope or "", ()):
        if level in found and found[level][1] == "body":
            del found[level]
    stated = {level: f for level, f in found.items() if f[1] != "body"}
    named = {level: f for level, f in found.items() if f[1] == "body"}
    return _place_field(stated), _place_field(named)


def _place_field(found: dict[str, tuple[str, str, float]]) -> dict | None:
    if not found:
        return None
    value = {level: name for level, (name, _s, _c) in found.items()}
    best = max(found.values(), key=lambda f: f[2])
    evidence = "、".join(f"{name} ({src})" for name, src, _c in found.values())
    return _field(value, best[1], best[2], evidence)


# -- sector ----------------------------------------------------------------------------------

SECTOR_WORDS = {
    "机关党建": "机关党建 直属机关 机关党工委 机关党组织 机关党委",
    "组织": "组织工作 基层党组织 党的基层组织 干部队伍 选人用人 组织部 党员队伍 基层党建 党建工作"
    " 非公有制经济组织党建 非公企业党建 两新组织 党组织组建",
    "宣传思想": "宣传思想 意识形态 舆论引导 新闻宣传 外宣 宣传工作",
    "统战": "统战 统一战线 非公有制经济人士",
    "纪检监察": "纪检 监察 党风廉政 廉政 正风肃纪 警示教育 廉洁 约谈",
    "巡视巡察": "巡察 巡视",
    "政协": "政协 协商民主 提案 政协委员",
    "人大": "人大常委会 人大代表 人民代表大会 人大",
    "关工委": "关工委 关心下一代 五老",
    "工会": "工会 劳动模范 职工群众 劳模",
    "共青团": "共青团 团委 团员",
    "妇联": "妇联 妇女",
    "残联": "残联 残疾人",
    "工商联": "工商联 民营企业 非公经济 民营经济",
    "群团": "群团",
    "教育": "教育教学 学校 教师 学生 教育局 开学 办学 教育系统 校园",
    "科技人才": "科技人才 人才团队 创新创业 高层次人才 科技创新",
    "体育": "体育 奥运 全运会 健身 运动员",
    "卫生健康": "卫生健康 卫健委 医疗 医保 医疗保险 健康 医院",
    "生态环境": "环境保护 环保 污染 减排 生态环境 环评",
    "林业": "林业 造林 绿化 森林 退耕还林 自然保护地 防火",
    "水利": "水利 水旱灾害 防汛 水工程 河长 冬修",
    "农业农村": "农业 农村 农民 三农 种业 乡村振兴 畜牧 春耕 农产品 农口 涉农 农牧",
    "扶贫开发": "脱贫攻坚 扶贫 贫困户 建档立卡 脱贫",
    "住房城乡建设": "住房城乡建设 住建 房地产 保障房 建筑市场 保障性安居工程 物业",
    "城乡建设": "城镇建设 城建 城市建设 城市管理 城镇化 人居环境",
    "交通": "交通运输 公路 交通建设",
    "国资国企": "国有企业 国资委 国企",
    "经济发展": "经济运行 项目建设 招商引资 技改 营商环境 产业链 重点项目 工业 财税 投资",
    "统计": "统计",
    "档案": "档案",
    "安全生产": "安全生产 安全隐患 危化品 消防安全 煤矿安全",
    "机关事务": "办公用房 机关事务 权属登记",
    "政务服务": "放管服 政务服务 审批",
    "精神文明": "文明城市 精神文明 文明创建 志愿服务",
    "对台": "台商 台胞 对台 两岸",
    "学习宣传": "全会精神 学习贯彻 中心组学习 理论学习 法治思想 冬训",
    "民政": "民政 养老 社会救助 退役军人",
    "金融": "金融 普惠金融 信贷",
    "政府工作": "政府工作 全体会议 政府系统",
}
_SECTOR_OF = {w: sector for sector, words in SECTOR_WORDS.items() for w in words.split()}
_PROVINCE_SET = set(PROVINCES)
# factored regexes (jianghua.trie): one branch per character instead of hundreds;
# longer words win (政协委员 is not also counted as 政协)
_SECTOR_TERMS = trie_regex(_SECTOR_OF)
_PLACE_TERMS = trie_regex(PROVINCE_OF.keys() | _PROVINCE_SET)
SECTOR_SAMPLE = 2500  # characters read for sector words: what a speech is about shows early
PLACE_SAMPLE = 6000  # characters read for city and province names


def _sample(text: str, size: int) -> str:
    """The head (3/4 of size) and the tail (1/4) of a text longer than size."""
    if len(text) <= size:
        return text
    head = size * 3 // 4
    return text[:head] + "\n" + text[head - size :]


def term_counts(text: str) -> Counter:
    """Sector words in a sample of the text, cities and provinces in a larger one."""
    counts = Counter(_SECTOR_TERMS.findall(_sample(text, SECTOR_SAMPLE)))
    counts.update(_PLACE_TERMS.findall(_sample(text, PLACE_SAMPLE)))
    return counts


TITLE_WEIGHT = 20


def sector(title: str, text: str, terms: Counter | None = None) -> dict | None:
    """The sector with the most keyword hits (the speech's own title counts 20 times a body hit;
    a compilation's title is never an input)."""
    terms = terms if terms is not None else term_counts(text)
    counts = Counter({w: n for w, n in terms.items() if w in _SECTOR_OF})
    for word in _SECTOR_TERMS.findall(title):
        if word in _SECTOR_OF:
            counts[word] += TITLE_WEIGHT
    scores: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    for word, n in counts.most_common():
        name = _SECTOR_OF[word]
        scores[name] = scores.get(name, 0) + n * len(word)
        hits.setdefault(name, []).append(f"{word}×{n}")
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    confidence = round(top / sum(scores.values()), 2)
    runner = f"; next {ranked[1][0]}" if len(ranked) > 1 else ""
    source = "title" if any(w in title for w in SECTOR_WORDS[best].split()) else "body"
    return _field(best, source, confidence, " ".join(hits[best][:6]) + runner)


# -- genre -----------------------------------------------------------------------------------

_HOST = re.compile(
    r"现在开会|下面进行(?:会议的)?第[一二三四五六]项|会议议程|请[^。]{1,12}(?:讲话|发言|作报告)"
)
_PLEDGE = re.compile(r"表态如下|我表态|表个态|作表态发言")
_GREETING = re.compile(r"致以(?:热烈的|诚挚的|衷心的)|热烈(?:的)?祝贺|热烈欢迎|表示热烈|欢迎各位")
_REPORT = re.compile(r"向大会报告|我代表[^。，,]{1,16}作[^。，,]{0,6}报告")
_CLOSING_TALK = re.compile(
    r"会议(?:开得很好|即将结束|就要结束)|达到了预期(?:目的|效果)|圆满完成了各项议程"
)
_REFLECTION = re.compile(r"心得体会|学习体会|我深刻(?:认识|体会)到|通过学习")
_SPEECH_CUES = re.compile(
    r"同志们|各位|大家|我讲|讲几点|今天[^。]{0,10}(?:召开|在这里)|这次会议|本次会议|我们召开"
)
_WEAK_CUES = {"大家", "各位"}
_QUOTED = re.compile(r"“[^”]{0,300}”|「[^」]{0,300}」")
# a speaker says 我们 or names the unit as his (我国, 我市, 我校): at least once per thousand
# characters in every real speech without a salutation in tests/real; news stories, notices and
# features carrying 大家 said it less often or never (ceb_xinhuanet_wuhan_voices.html: 0)
_WE = re.compile(r"我们|咱们|我国|我省|我市|我县|我区|我镇|我校|我院|我局|我部")
WE_PER_THOUSAND = 1.0


# How a news story opens: its dateline word (本站讯, 新闻报道，), or a day and the event it reports
_NEWS_OPENING = re.compile(
    r"^\s*[（(]?(本(站|报|网|刊)讯|[^，。]{0,12}(新闻报道|讯)[（(，,])"
    # a dateline: "新华社北京11月14日电", "央广网北京11月11日消息"
    r"|^\s*[（(]?(新华社|中新社|新华网|人民网|央视网|央广网|本报)[^，。]{0,12}\d{1,2}月\d{1,2}日(电|消息|讯)"
    r"|^\s*[^，。]{0,12}?(\d{4}年)?\d{1,2}月\d{1,2}日(上午|下午|晚上?)?[，,][^。]{0,60}"
    r"(召开|举行|开幕|举办|隆重)"
)


_SPEAKER_SAYS = re.compile(r"我们|咱们|我代表|我讲|我想|我相信|我希望|我建议|同志们")


# a paragraph reporting what someone said: "总统致词时表示，……", "李培根指出，……", "他强调：……"
_REPORTED = re.compile(
    r"^(?!\s*(?:我|咱|大家|你们|同学们|同志们|朋友们|各位))[^，。！？：:\n]{1,16}?(?:在?(?:致词|致辞|讲话|发言|演说|演讲)(?:时|中)?)?"
    r"(?:表示|指出|强调|提到|提出|认为|说|谈到|期勉|呼吁|勉励|希望)[，,：:]",
    re.M,
)
REPORTED_MIN = 3
REPORTED_SHARE = 0.25


def reported_speech(text: str) -> bool:
    """Whether a quarter of the paragraphs (three at least) report what someone said: a press
    release on a speech (總統府's "總統致詞時表示……"), not the speech."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    reported = len(_REPORTED.findall(text))
    return reported >= REPORTED_MIN and reported >= REPORTED_SHARE * len(paragraphs)


def reports_news(text: str) -> bool:
    """A news story: it opens as one and its reporter never speaks as a speaker does (a speech
    that opens on the day of its meeting says 我们 soon enough), or it reports what was said."""
    if reported_speech(text):
        return True
    if not _NEWS_OPENING.match(text):
        return False
    # 我校, 我院 are the unit's own news speaking of itself; a speaker says 我们, 我代表, 我希望
    return not _SPEAKER_SAYS.search(_QUOTED.sub("", text[:3000]))


def _speaks_as_we(text: str) -> bool:
    said = _QUOTED.sub("", text[:3000])
    return len(_WE.findall(said)) * 1000 >= WE_PER_THOUSAND * max(len(said), 1)


_FIRST_PERSON_UNIT = re.compile(r"我(?:镇|局|单位|校|委|办|站|中心)")


def genre(
    title_fields: dict,
    header: list[str],
    text: str,
    has_salutation: bool,
    sections: int = 0,
    title: str = "",
) -> dict:
    """The genre, from the title, else the header's subtitle, else the body."""
    if title_fields.get("genre"):
        return _field(title_fields["genre"], "title", 0.9, title_fields["genre"])
    for line in (title, *header):
        flat = re.sub(r"\s+", "", line or "")
        for pattern, name in _WRITTEN_GENRES:
            m = pattern.search(flat)
            if m:  # a letter, an interview: written or answered, not addressed to an audience
                return _field(name, "title" if line == title else "header", 0.8, m.group(0))
    for line in header:
        flat = re.sub(r"\s+", "", line)
        g = _GENRE_END.search(flat)
        if g and not _REPORTS_A_SPEECH.search(flat):
            name = _GENRE_NAME.get(g.group("genre"), g.group("genre"))
            return _field(name, "header", 0.85, line.strip())
    m = _LETTER_CLOSE.search(text[-LETTER_CLOSE_CHARS:])
    if m:  # "此致 / 敬礼！" under the text: a letter or a written report (思想汇报), not a speech
        return _field("书信", "body", 0.7, m.group(0))
    head = text[:600]
    for pattern, name, confidence in (
        (_HOST, "主持词", 0.7),
        (_PLEDGE, "表态发言", 0.7),
        (_REPORT, "工作报告", 0.7),
        (_CLOSING_TALK, "总结讲话", 0.6),
        (_GREETING, "致辞", 0.5),
    ):
        m = pattern.search(head)
        if m and not (name == "致辞" and sections):  # a 讲话 with sections congratulates too
            return _field(name, "body", confidence, m.group(0))
    # what a quotation says is someone else's words: a news story quoting "大家" is no speech
    cues = _SPEECH_CUES.findall(_QUOTED.sub("", text[:1500]))
    if cues and not has_salutation and set(cues) <= _WEAK_CUES and not _speaks_as_we(text):
        cues = []  # "大家", "各位" in a text that never says 我们: a story, a notice
    if has_salutation or cues:
        why = "salutation" if has_salutation else "、".join(sorted(set(cues))[:3])
        return _field("讲话", "body", 0.6, why)
    m = _REFLECTION.search(head)
    if m:
        return _field("心得体会", "body", 0.5, m.group(0))
    m = _FIRST_PERSON_UNIT.search(head)
    if m:
        return _field("工作报告", "body", 0.4, m.group(0))
    reported = any(_REPORTS_A_SPEECH.search(re.sub(r"\s+", "", x or "")) for x in (title, *header))
    spoken = None if reported else talks(text)  # a story under "…并发表讲话" quotes him
    if spoken:
        return _field("谈话", "body", 0.5, spoken)
    return _field("fragment", "body", 0.4, "no address, no speech cue in the first 1500 characters")


_LETTER_CLOSE = re.compile(r"此致\s*[，,]?\s*(?:\n\s*)?敬礼")
LETTER_CLOSE_CHARS = 300

# an editor's note saying where the text was printed first, and nothing of its being said
_PUBLISHED = re.compile(r"刊载于|刊登于|原载|发表于[^，。]{0,40}[《报刊]|载于[^，。]{0,30}《")
_NOTE_SAYS_SPOKEN = re.compile(r"讲话|报告|谈话|发言|演说|演讲|致辞|讲演|会上|座谈")
# "致中共中央政治局的信", "答美国记者迈克·华莱士问": a letter, an interview
_WRITTEN_GENRES = (
    (re.compile(r"(?:^致.{1,40})?的信$|^致.{1,40}的?(?:公开)?信$|书信$"), "书信"),
    (re.compile(r"^(?:答|回答).{1,40}问$|答记者问$|访谈录?$|采访$"), "答问"),
    # "关于2·16反革命事件的联合声明", "…公告", "…决定": a text issued, not said
    (re.compile(r"^关于.{2,40}的(?:联合)?(?:声明|公告|通告|公报|决议|决定)$|倡议书$"), "文件"),
)
# A talk without an address (邓小平文选's 谈话, a leader's remarks to a meeting): it says 我们 often
# and speaks to listeners (你们), as one talks (嘛, 吧, 我看), or tells them what to do (我们要).
# Measured on tests/real: labelled speeches flagged "not a speech" fell from 80 of 303 to 19;
# four not-speech files said 我们 as often (an interview, a letter, a feature, a news story).
_WE_SAY = re.compile(r"我们|咱们")
_TALKING = re.compile(
    r"你们|您们|诸位|[嘛吧呢啊呀]|好不好|是不是|对不对"
    r"|我看|我想|我说|我认为|我建议|我赞成|我同意|我讲|我再|我的意见"
    r"|我们要|我们必须|我们应该|要注意|要把|要搞|要抓"
)
TALK_WE_PER_THOUSAND = 3.0
TALK_CUES_PER_THOUSAND = 0.5


def talks(text: str) -> str | None:
    """The cues of a talk in the first 3000 unquoted characters, else None."""
    said = _QUOTED.sub("", text[:3000])
    size = max(len(said), 1)
    we = _WE_SAY.findall(said)
    cues = _TALKING.findall(said)
    if len(we) * 1000 < TALK_WE_PER_THOUSAND * size:
        return None
    if len(cues) * 1000 < TALK_CUES_PER_THOUSAND * size:
        return None
    return "、".join(list(dict.fromkeys(["我们", *cues]))[:4])


# -- speaker -------------------------------------------------------------------------------


# the end of an occasion "在……会议上" that a speaker's office and name may follow on its line
_OCCASION_END = re.compile(r"在[^，。；]{2,40}(会议|大会|会|典礼|仪式|论坛)上")


# 这是习近平总书记2023年5月29日在…, 这是邓小平同志一九八二年九月一日在…: the name, its office
_NOTE_SPEAKER = re.compile(
    r"这是(?P<name>[\u4e00-\u9fff]{2,3}?)(?P<office>总书记|主席|总理|委员长|同志)"
    r"(?=\d{4}|[〇零一二三四五六七八九]{4}|在)"
)


def _office_and_name(
    parts: tuple[str, str], line: str, confidence: float, source: str = "header"
) -> dict:
    name = re.sub(r"\s+", "", parts[1])
    masked = bool(re.search(r"[×xX*＊某]", name))
    return _field(name, source, confidence, line, masked=masked, title=parts[0].strip())


# "11月30日，国家主席习近平在巴黎出席气候变化巴黎大会开幕式并发表题为《……》的重要讲话": who
# (an office and a name, perhaps the day after it) and where, in the lead a news report opens on
_LEAD_EVENT = re.compile(
    r"(?P<who>[^，,。；;：:]{3,60}?)(?:\d{1,2}日)?(?:上午|下午|晚上?)?在"
    r"(?P<place>[^，,。；;：:\s]{2,16}?)(?:出席|举行|会见|参加|主持|召开|考察|视察|同|发表)"
)
_NOT_A_VENUE = re.compile(r"(上|中|时|前|后|期间|会议|大会|仪式|典礼|活动)$")


# "国家主席习近平通过中央广播电视总台和互联网，发表了二〇一九年新年贺词": who gave it, no place
_LEAD_SAID = re.compile(
    r"(?P<who>[^，,。；;：:]{3,30}?)(?:\d{1,2}日)?(?:上午|下午|晚上?)?(?:通过[^，,。；;]{2,40}?[，,]?)?"
    r"(?:在(?:会上|会议上|大会上|典礼上|仪式上))?"
    r"(?:发表(?:了)?[^，,。；;]{0,40}?(?:讲话|贺词|致辞|演讲|演说|祝词)|致词|致辞|讲话)"
)


_LEAD_VENUE = re.compile(
    r"(?:大会|会议|典礼|仪式|论坛|开幕式|团拜会|座谈会|报告会|出席)在(?P<place>[^，,。；;：:\s]{2,16}?)"
    r"(?:隆重|胜利|正式)?(?:举行|召开|开幕)"
)
_NAME_OFFICE_LEAD = re.compile(
    rf"(?:^|[，。；\s])(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<office>副?(?:{_OFFICE_WORDS}))(?:伉俪)?"
    r"(?=今|昨|日前|近日|于|在|出席|[（(]\d)"
)
LEAD_NAME_CHARS = 120  # the lead's first sentence or two: who it is about


def lead_event(lead: str) -> tuple[tuple[str, str] | None, str | None]:
    """((office, name) or None, place or None) of the speech a news lead reports."""
    for m in _LEAD_EVENT.finditer(lead):
        who = m.group("who").split()[-1] if m.group("who").split() else ""
        who = re.sub(r"\d{1,2}日$", "", who)
        parts = speaker_parts(who)
        if parts:
            place = m.group("place")
            return parts, None if _NOT_A_VENUE.search(place) else place
    venue = _LEAD_VENUE.search(lead)  # "……庆祝大会在光谷体育馆隆重举行": where it was held
    place = (
        venue.group("place") if venue and not _NOT_A_VENUE.search(venue.group("place")) else None
    )
    for m in _LEAD_SAID.finditer(lead):
        who = m.group("who").split()[-1] if m.group("who").split() else ""
        parts = speaker_parts(re.sub(r"\d{1,2}日$", "", who))
        if parts:
            return parts, place
    for m in _NAME_OFFICE_LEAD.finditer(lead[:LEAD_NAME_CHARS]):
        # "蔡英文总统今（10）日上午出席……", "李培根校长在……": the name before the office
        name = m.group("name")
        if has_surname(name) and not_a_word(name):
            return (m.group("office"), name), place
    return None, place


def speaker(title_fields: dict, header: list[str]) -> dict | None:
    if title_fields.get("speaker"):
        name = title_fields["speaker"]
        return _field(name, "title", 0.9, f"{name}同志", masked=title_fields.get("masked", False))
    lines = [h.strip() for h in header if h.strip()]
    last = lines[-1] if lines else None
    dated = any(is_date_line(h) or is_subtitle(h) for h in lines)
    # an office and a name on any line of the header before a name alone: a portal's menu words
    # stand above the title ("宁夏要闻"), the speaker's line below it
    for line in header:
        s = line.strip()
        parts = speaker_parts(s)
        if parts:
            return _office_and_name(parts, s, 0.85)
    who = presenter(header, 0.85)  # a script's own field: "汇报人：王思晗、朱克拉"
    if who:
        return who
    for line in header:  # the signature under a 致辞 ("总经理：王敏敏"), moved to the header
        s = line.strip()
        parts = signature_parts(s)
        if parts:
            return _office_and_name(parts, s, 0.8, "signature")
        # a name glued to a full date: "习近平2025年11月27日" under a 贺信 (no menu word is)
        signed = _SIGNED.match(s)
        if signed and (has_surname(signed.group(1)) or not_a_word(signed.group(1))):
            return _field(signed.group(1), "signature", 0.8, s, masked=False)
    for line in header:
        s = line.strip()
        # the office and name glued after the occasion on one line ("政府工作报告——2017年3月5日在
        # 第十二届全国人民代表大会第五次会议上国务院总理　李克强")
        occasion = _OCCASION_END.search(s)
        parts = speaker_parts(s[occasion.end() :]) if occasion else None
        if parts:
            return _office_and_name(parts, s, 0.8)
        # A name alone under the title ("李 炎"), or with the date ("王  琛  2020.6.20"): only
        # with a common surname and no numeral, as menu items of two to four characters
        # ("走进一中", "学科竞赛", "高三") stood there on real pages.
        bare = _TRAILING_DATE.sub("", s).strip()
        name = re.sub(r"\s+", "", bare)
        if _SPACED_NAME.match(bare) and name not in _NOT_NAMES and len(name) <= 4:
            surname = name[0] in COMMON_SURNAMES or name[:2] in COMPOUND_SURNAMES
            # or the line right above the text of a header that dates the speech (title, date,
            # then the name: "习近平" under "（2018年11月23日）")
            placed = s == last and dated
            if (
                (surname or placed)
                and not _NUMERAL.search(name[1:])
                and not MENU_WORDS.search(name)
                and not_a_word(name)
            ):
                return _field(name, "header", 0.8, s, masked=False)
    return None


# "大家好，我是来自药学152班的肖力铭，……", "请允许我简单的自我介绍一下，我叫刘晓婷，是……": the
# speaker who introduces himself in the opening of a 发言稿 or 演讲稿 (students, staff, delegates)
_SELF_INTRODUCTION = re.compile(
    r"(?:我是|我叫|我的名字(?:是|叫))(?:(?:来自)?[^，。！；,!;]{1,30}?的"
    # "…的志愿者李福洲", "…的学生代表王明": a role between them
    r"(?:[\u4e00-\u9fff]{0,4}?(?:志愿者|代表|学生|同学|老师|教师|员工|党员|干部|队员|成员|新生|毕业生))?"
    r"|[^，。！；,!;]{0,20}?"
    r"(?:汇报人|发言人|演讲人|主讲人|答辩人|代表)[，,：:]\s*)?(?P<name>[\u4e00-\u9fff]{2,3})"
    r"(?=[，。！；,.!;、]|\s|$)"
)
SELF_INTRODUCTION_CHARS = 300  # where a speaker says who he is: the opening


def self_introduction(text: str) -> dict | None:
    """The name a speaker gives in the opening ("我是张宏伦，目前是……"): a common surname, a
    name the dictionary does not read as common words ("我是党员，" is no name)."""
    m = _SELF_INTRODUCTION.search(text[:SELF_INTRODUCTION_CHARS])
    if not m:
        return None
    name = m.group("name")
    if not has_surname(name) or not not_a_word(name) or MENU_WORDS.search(name):
        return None
    line = text[max(0, m.start() - 10) : m.end() + 10].strip()
    return _field(name, "self-introduction", 0.7, line, masked=False)


# "国家发展改革委投资司韩志峰处长的讲话", "——何勇生董事长在第三届……开幕式上的讲话": a name and
# an office before the occasion or the genre
# what follows the speaker in such a title: the occasion, perhaps, then the genre
_TITLE_TAIL = r"(?:同志)?(?:在[^，。；]{2,60}?(?:上|时|中))?的?(?:讲话|致辞|发言|报告|演讲|贺词|祝酒辞|欢迎词)$"
# "——邹水平副总裁在…闭幕式上的讲话": the name, then the office (副 before it belongs to it)
_NAME_OFFICE_TITLE = re.compile(rf"(?P<office>副?(?:{_OFFICE_WORDS}))" + _TITLE_TAIL)


# "中国物流与采购联合会副会长崔忠付致辞": the office, then the name
_OFFICE_NAME_TITLE = re.compile(
    rf"(?P<office>{_OFFICE_WORDS})(?P<name>(?:(?![的时上中在])[\u4e00-\u9fff]){{2,3}}?)"
    + _TITLE_TAIL
)


def _named_in_title(lines: list[str]) -> dict | None:
    """The speaker a title or subtitle names with his office, where no speaker line says: the
    two or three characters before the office, a common surname first."""
    for raw in lines:
        s = re.sub(r"\s+", "", raw or "").lstrip("—－-─")
        after = _OFFICE_NAME_TITLE.search(s)
        if after and has_surname(after.group("name")) and not_a_word(after.group("name")):
            parts = (s[: after.end("office")], after.group("name"))
            return _office_and_name(parts, raw.strip(), 0.75, "title")
        m = _NAME_OFFICE_TITLE.search(s)
        if not m:
            continue
        before = s[: m.start()]
        for size in (3, 2):
            name = before[-size:]
            if len(name) == size and has_surname(name) and not_a_word(name):
                return _office_and_name((m.group("office"), name), raw.strip(), 0.75, "title")
    return None


# -- all of it -------------------------------------------------------------------------------


def extract(
    title: str | None,
    header: list[str],
    text: str,
    source_meta: dict,
    has_salutation: bool,
    sections: int = 0,
) -> dict:
    """Every metadata field that the title, header, 文库 metadata or body states."""
    source_meta = source_meta if isinstance(source_meta, dict) else {}
    meta: dict = {}
    title = title or ""
    fields = parse_title(title) if title else {}
    header_fields: dict = {}
    for line in header:
        if re.search(r"在.{2,60}(?:上|时|中)的|^\s*[—－-]", line):
            header_fields = parse_title(line)
            if header_fields:
                break
    opening_fields, said = {}, ""
    if not any(fields.get(k) or header_fields.get(k) for k in ("meeting_type", "scope", "body")):
        m = _this_meeting(text)
        if m:
            opening_fields = parse_title(f"在{m.group('occ')}上的讲话")
            said = m.group(0)
    for key in ("scope", "body", "topic", "meeting_type", "session"):
        if fields.get(key):
            meta[key] = _field(fields[key], "title", 0.8, title)
        elif header_fields.get(key):
            meta[key] = _field(header_fields[key], "header", 0.75, "")
        elif opening_fields.get(key):
            meta[key] = _field(opening_fields[key], "body", 0.6, said)
    if "occasion" in fields:
        meta["occasion"] = _field(fields["occasion"], "title", 0.8, title)
    meta["genre"] = genre(fields, header, text, has_salutation, sections, title)
    note = source_meta.get("editor_note")
    published = _PUBLISHED.search(note) if isinstance(note, str) else None
    if published and meta["genre"]["source"] == "body" and not _NOTE_SAYS_SPOKEN.search(note):
        # "（本文刊载于……出版的《党的生活》第三十五期。）": an article, whatever its voice
        meta["genre"] = _field("文章", "editor's note", 0.7, note)
    lead = source_meta.get("news_lead")
    if not isinstance(lead, dict) and isinstance(source_meta.get("handover_lead"), str):
        # "……发表了二〇一九年新年贺词。全文如下：", removed above the text it hands over to
        lead = {"text": source_meta["handover_lead"]}
    lead_who, lead_place = (
        lead_event(lead.get("text", "")) if isinstance(lead, dict) else (None, None)
    )
    who = speaker(fields, header) or _named_in_title([*header, title])
    named = source_meta.get("headline_speaker")
    if not who and isinstance(named, dict) and named.get("name"):
        line = next((h.strip() for h in header if named["name"] in h), named["name"])
        who = _office_and_name((named.get("office", ""), named["name"]), line, 0.8, "title")
    note = source_meta.get("editor_note")
    if not who and isinstance(note, str):
        named = _NOTE_SPEAKER.search(note)
        if named:
            office = "" if named.group("office") == "同志" else named.group("office")
            who = _office_and_name((office, named.group("name")), note, 0.75, "editor's note")
    author = source_meta.get("author")
    if not who and isinstance(author, str):
        # a byline naming an office and a person; a reporter's (本报记者 张三) names no office
        parts = speaker_parts(re.sub(r"同志$", "", author.strip()))
        if parts:
            who = _office_and_name(parts, f"作者：{author}", 0.75, "byline")
    biography = source_meta.get("biography")
    if not who and isinstance(biography, str) and has_surname(biography) and not_a_word(biography):
        # the author's life above his text ("钱理群，1939年1月30日生于重庆……"): who speaks
        who = _field(biography, "byline", 0.6, f"{biography}，……生于……", masked=False)
    if not who and lead_who:
        who = _office_and_name(lead_who, lead["text"], 0.75, "news lead")
    turn = source_meta.get("turn_speaker")
    if not who and isinstance(turn, str):  # the role who held the floor in a record (财政司司长：)
        who = _field(turn, "header", 0.75, f"{turn}：", masked=False)
    if not who:  # the field line standing at the top of the text ("汇报人：王思晗、朱克拉")
        who = presenter(text.split("\n", PRESENTER_LINES)[:PRESENTER_LINES], 0.8)
    if not who:
        who = self_introduction(text)
    if who:
        meta["speaker"] = who
    when = _date(fields, header_fields, _below_title(header, title), source_meta, text)
    if when:
        meta["date"] = when
    header_place = header_fields.get("place")
    for line in header if not header_place else ():
        dated = _DATED_PLACE.match(line.strip())  # （2013年9月7日，阿斯塔纳）: date and place
        # （一九八四年六月二十二日、二十三日）: a second day, not a place
        if dated and not _DAY_ALONE.fullmatch(dated.group("place").strip()):
            header_place = dated.group("place").strip()
            break
        # 通江县教育局办公室 二0一一年八月三十日: an issuing office signing with its date; a
        # speaker's office ("浙江省省长 刘捷") names his jurisdiction, not where he spoke
        m = _PLACE_AT.match(line.strip()) if _TRAILING_DATE.search(line.strip()) else None
        if m and m.group("name")[0] not in _PLACE_STOP and "城" not in m.group("name"):
            header_place = m.group(0)
            break
    scope = (meta.get("scope") or {}).get("value")
    terms = term_counts(text)
    place, region = places(fields.get("place"), header_place, text, scope, terms, lead_place)
    if place:
        meta["place"] = place
    if region:
        meta["region"] = region
    what = sector(title, text, terms)
    if what:
        meta["sector"] = what
    for key, value in meta.items():  # header evidence: the line it came from
        if value["source"] == "header" and not value["evidence"]:
            value["evidence"] = next(
                (h.strip() for h in header if header_fields.get(key, "") in h), ""
            )
    return meta


# a page's publication stamp ("中央政府门户网站　www.gov.cn　2006年02月16日　来源：新华网"): when
# the site posted the text, not when it was given
_PUBLICATION = re.compile(r"来源\s*[:：]|www\.|网站|发布时间|发表时间|浏览|点击")
# a subtitle glued after the title: "2005年政府工作报告——2005年3月5日在第十届全国人民代表大会…"
_GLUED_SUBTITLE = re.compile(r"(——|――|--)\s*\d(?:\s*\d){3}\s*年")
_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}\s*[:：]\s*\d{2}(?!\d)")


_NOTE_SPAN = re.compile(r"\d{4}\s*年[^。，]{0,10}(至|到)\s*\d{4}\s*年|期间有关|以来有关")


def _below_title(header: list[str], title: str) -> list[str]:
    """The header from its title line down, when the title is one of its lines: dates above the
    title are a page's (a column's list, "(2014-02-15)" under each entry; a publication stamp),
    the speech's date stands under its title or below its text."""
    key = re.sub(r"\s+", "", title or "")
    for k, line in enumerate(header):
        if key and len(key) >= 4 and key in re.sub(r"\s+", "", line):
            return header[k:]
    return header


def _date(fields, header_fields, header, source_meta, text) -> dict | None:
    parenthesized = [(h, _DATE_PAREN.search(h)) for h in header]
    for line, m in parenthesized:
        if m:
            found = explicit_date(line)
            if found:
                return _field(found[0], "header", 0.95, found[1])
    # the subtitle's date ("——2026年2月3日在……会议上") before other dated lines; a line with a
    # time of day ("2026-02-09 09:45:30") is when a site published the page, not the speech
    stated = [h for h in header if not _TIME_OF_DAY.search(h) and not _PUBLICATION.search(h)]
    for line in sorted(stated, key=lambda h: not (is_subtitle(h) or _GLUED_SUBTITLE.search(h))):
        found = explicit_date(line)
        if found:
            return _field(found[0], "header", 0.7, found[1])
    if fields.get("date"):
        return _field(fields["date"], "title", 0.8, fields["date"] + "年")
    if header_fields.get("date"):
        return _field(header_fields["date"], "header", 0.75, header_fields["date"] + "年")
    item_date = source_meta.get("item_date")
    if isinstance(item_date, str):  # "十月十五日的谈话" under a collection dated 一九五三年
        return _field(item_date, "title", 0.7, item_date)
    note = source_meta.get("editor_note")
    if isinstance(note, str) and _NOTE_SPAN.search(note):
        # "这是…2023年9月至2025年4月期间有关…重要论述的节录": excerpts of many days, no one date
        # (nor the crawl's, which is when the page was posted)
        return None
    if isinstance(note, str):
        found = explicit_date(note)
        if found:  # the note under the text: 这是…2023年5月29日在…时的讲话
            return _field(found[0], "editor's note", 0.8, found[1])
    head = source_meta.get("running_head")
    if isinstance(head, str):
        found = explicit_date(head)
        if found:  # a printed record's running head: "立法会 ─ 2013年 2月 27日", its sitting
            return _field(found[0], "header", 0.6, head)
    recorded = source_meta.get("record_date")
    if isinstance(recorded, str):
        found = explicit_date(recorded)
        if found:  # a crawler's date field: when the page was posted, or the speech given
            return _field(found[0], "record", 0.5, f"数据记录的日期：{recorded}")
    published = source_meta.get("published")
    if published:
        found = explicit_date(published)
        if found:
            return _field(found[0], "文库 metadata", 0.4, f"发表时间: {published}")
    return inferred_date(text)
