"""Separate a speech's header block (metadata) from its text.

Before a speech, pages repeat its title, add a "——在…上的讲话" subtitle, the speaker's name
("李 炎"), a date ("(2009年10月30日)", "(2005-07-07)") or the issuing office with a date
("通江县教育局办公室 二0一一年八月三十日"), seed 004 lines 2-3, 32-33, 59, 80-84, 118-119. These
lines belong to the speech's metadata, not its text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jianghua.records import Line
from jianghua.split.cues import is_salutation

_CN_DIGIT = "〇零○一二三四五六七八九0０OＯ"
DATE = (
    # a meeting of two days: "2025年11月22－23日"
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}(?:\s*[-－—~～至到、]\s*\d{1,2})?\s*日"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    rf"|[{_CN_DIGIT}]{{4}}\s*年[一二三四五六七八九十]{{1,3}}月[一二三四五六七八九十]{{1,3}}日)"
)
# "（2013年3月23日）", "2013年9月7日", "（2013年9月7日，阿斯塔纳）": a date, perhaps with the place;
# a "?" or U+FFFD after it is a character the page's encoding lost (a crawled GBK compilation:
# "（一九六二年七月七日）?"), never a question
_DATE_LINE = re.compile(
    rf"^[(（]?\s*{DATE}\s*([，,、]\s*[^，,。；;：:！!？?()（）]{{1,20}})?\s*[)）]?\s*[?？\ufffd]?$"
)
_DATE_PREFIX = re.compile(rf"^[(（]\s*{DATE}\s*[)）]\s*(?=\S)")
# "——在…上的讲话" (the dash as typed in any of its look-alikes: ―― ── -- －－ ━━)
# An occasion, not a dash-led list item ("——中国将继续增加…投资" inside a speech): it says where
# or when ("在…", "2013年3月5日在…") or ends in the genre ("…的讲话").
_SUBTITLE = re.compile(
    r"^(——|—|--|－－|─|――|―|──|━━|～～)\s*"
    r"(?=(在|于|\d(?:\s*\d){3}\s*年|[〇零一二三四五六七八九○]{4}\s*年)"
    r"|.{0,60}(讲话|演讲|致辞|发言|报告|主持词|讲稿|贺词|总结|讲座|宣讲)稿?$)"
    r"\S.{0,60}$"
)
_OCCASION_TITLE = re.compile(
    r"在.{2,60}(上|时|中)的(讲话|发言|致辞|主持词|报告|总结讲话|表态发言)$"
)
# 李炎, 李 炎, 王 \xa0琛 (a run of spaces between the characters)
_NAME = re.compile(r"^[\u4e00-\u9fff](\s{0,3}[\u4e00-\u9fff]){1,3}$")
_OFFICE_DATE = re.compile(rf"^\S.{{1,30}}\s+{DATE}$|^[\u4e00-\u9fff]{{2,4}}{DATE}$")
_SENTENCE_PUNCT = re.compile(r"[，,。；;：:！!？?]")


def no_space(text: str) -> str:
    """The text without white space (str.split and the regex \\s agree on what that is)."""
    return "".join(text.split())


def is_header_line(text: str, title: str | None) -> bool:
    s = text.strip()
    if not s:
        return True
    if title and (
        no_space(s) == no_space(title) or (len(s) >= 6 and no_space(s) in no_space(title))
    ):
        return True
    if _DATE_LINE.match(s) or _SUBTITLE.match(s) or _OFFICE_DATE.match(s):
        return True
    if len(s) <= 60 and not _SENTENCE_PUNCT.search(s) and _OCCASION_TITLE.search(s):
        return True
    return bool(_NAME.match(s)) and not re.search(r"同志们|大家|谢谢|会议", s)


def is_title_line(text: str) -> bool:
    """A main title standing above a subtitle: short, no sentence punctuation."""
    s = text.strip()
    return 4 <= len(s) <= 60 and not _SENTENCE_PUNCT.search(s)


_is_title_line = is_title_line
_TITLE_PUNCT = re.compile(r"[，,：:！!？?、]")


def is_title_text(text: str) -> bool:
    """A title, which may hold a comma or a colon ("解放思想，独立思考", "启航新征程：追梦报国，奋进
    拼搏！") but no full stop, and does not end as a clause does."""
    s = text.strip()
    if not 4 <= len(s) <= 40 or re.search(r"[。；;]", s) or s[-1] in "，,：:、":
        return False
    if _GREETING.match(s):
        return False  # "大家好，我是本次的项目汇报人，连志林": the speech's first words
    if s[-1] in _SPOKEN_END:
        return False  # "那，我们该如何去设计一个api呢": a question put to the audience
    return len(_TITLE_PUNCT.findall(s.rstrip("！!？?"))) <= 2


_SPOKEN_END = "呢吧啊呀嘛哦~～"
# two or three characters: a name, or a title of two words over its subtitle ("牵挂")
SHORT_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def is_greeting(text: str) -> bool:
    """ "大家好~", "各位老师，上午好！": the greeting a speaker opens with."""
    return bool(_GREETING.match(text.strip() + " "))


# the greeting a speaker opens with: "大家好，", "各位老师，上午好！", "老师同学们大家好"
_GREETING = re.compile(
    r"^[^，,。！!]{0,12}?(大家|各位[^，,。！!]{0,8}|们|你们|您)(上午|下午|晚上|早上)?好[，,！!。~～\s]"
    r"|^[^，,。！!]{0,12}?[，,\s](上午|下午|晚上|早上)好[，,！!。\s]|^(上午|下午|晚上|早上)好[，,！!。\s]"
)


# "中华人民共和国主席 习近平", "国务院总理 李克强", "县委书记 ×××", "市长　张三": an office, then a name.
OFFICE_WORDS = (
    r"主席|总理|总书记|书记|委员长|市长|县长|区长|省长|州长|旗长|镇长|乡长|部长|厅长|局长|处长|主任|"
    r"院长|校长|理事长|会长|董事长|总经理|经理|秘书长|组长|司令员|政委|行长|社长|台长|馆长|署长|"
    r"大使|总统|首相|议长|检察长|庭长|所长|站长|队长|委员|常委|代表|总裁|总监"
)
_SPEAKER = re.compile(
    rf"^(?P<office>[\u4e00-\u9fff、·]{{0,30}}?(?:{OFFICE_WORDS}))[\s\u3000]*"
    r"(?P<name>[\u4e00-\u9fff](?:[\s\u3000\xa0]{0,3}[\u4e00-\u9fff]){1,3}|[\u4e00-\u9fff]{2,5}·[\u4e00-\u9fff]{2,6}"
    r"|[×xX*＊]{2,3}|某某|[\u4e00-\u9fff][×xX*＊某]{1,2})$"
)


# What follows an office on site menus and in text, not a name: "县长信箱", "书记专栏", "主任办公室".
NOT_A_NAME = re.compile(
    r"会议|讲话|工作|大会|信箱|办公|热线|留言|专栏|之窗|致辞|简介|动态|活动|风采|论坛|访谈|文集|"
    r"批示|要求|指示|寄语|接待|日程|分工|职责|介绍|团队|名单|讲堂|讲座"
)


def speaker_parts(text: str) -> tuple[str, str] | None:
    """(office, name) of a line naming the speaker and nothing else ("国务院总理 李克强")."""
    s = text.strip().lstrip("—－-─ \u3000")  # "——百年人寿陕西分公司总经理  荆晓达" under a title
    if not 3 <= len(s) <= 40 or _SENTENCE_PUNCT.search(s):
        return None
    m = _SPEAKER.match(s)
    if not m or NOT_A_NAME.search(m.group("name")):
        return None
    return m.group("office"), m.group("name")


# The most common surnames (about nine in ten Chinese people carry one of them).
COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙"}


def has_surname(name: str) -> bool:
    return name[:1] in COMMON_SURNAMES or name[:2] in COMPOUND_SURNAMES


def not_a_word(name: str) -> bool:
    """A name alone is read as one only if the dictionary does not know it as common words:
    文化, 党建引领, 反馈意见 begin with a surname but rjieba tags them as nouns and verbs, where
    王琛, 钱其琛 are names (nr) and 王永明 a surname (nr) then a given name."""
    import rjieba  # the dictionary loads once, on the first name alone a header holds

    if len(name) >= 4 and name[:2] not in COMPOUND_SURNAMES:
        return False  # four characters after a one-character surname: 荣誉报道, not a name
    tags = rjieba.tag(name)
    return bool(tags) and (tags[0][1].startswith("nr") or len(tags[0][0]) == 1)


# What a news site's headline adds around a speech's title: a column tag ("视频：", "图文："), the
# speaker ("习近平：在…的讲话", "国务委员兼外交部长钱其琛在…上的讲话", "习近平关于…的说明"), a
# "(全文)" after it. The speaker then belongs to the metadata, and the title is the rest.
# or what the file is ("演讲稿：邕江与南宁城市发展")
_HEADLINE_TAG = re.compile(
    r"^(视频|图文|全文|实录|独家|快讯|直播|专题|要闻|原文|演讲稿|发言稿|讲话稿|讲稿|演讲词|发言材料)"
    r"\s*[:：|｜]\s*"
)
_HEADLINE_FULL = re.compile(r"\s*[（(]\s*(全文|实录|全文实录|图文实录|图文|视频)\s*[)）]\s*$")
_HEADLINE_SPEAKER = re.compile(
    r"^(?P<who>[^：:，,。；;！？!?\s“”《》]{2,30}?)(?:同志)?(?:(?P<colon>\s*[:：]\s*)"
    r"|(?=在[^，,。；;]{2,60}(?:上|时|中)的?(?:讲话|致辞|发言|演讲|报告|贺词|祝酒辞|总结))"
    r"|(?=关于[^，,。；;]{2,60}的(?:说明|讲话|报告)))"
)
# a headline's news after the title, a space apart: "给世界一个更好的台湾—坚韧之岛‧韧性国家　总统
# 发表国庆演说" (總統府 records), "…新征程　习近平出席并发表重要讲话"
_HEADLINE_REPORT = re.compile(
    r"[\s\u3000]+[^\s\u3000，,。；;]{1,20}?(?:出席[^\s\u3000]{0,16})?(?:并)?发表"
    r"[^\s\u3000]{0,12}(?:讲话|演说|演讲|致辞|谈话|贺词)$"
)
_STAR_BYLINE = re.compile(r"^(?P<title>.{4,60}?)\s*※\s*(?P<name>[\u4e00-\u9fff]{2,4})$")
_NAME_THEN_OFFICE = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<office>{OFFICE_WORDS})$")
_BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
# the end of an organ's or a place's name ("商务部：", "外交部发言人"), never a person's
_ORGAN_END = re.compile(r"[部局委办厅处院会网社报台组府市省县区校党团队军方国]$")
# a surname and an office ("马校长在…上的讲话"): the title names the speaker without a name
_SURNAME_OFFICE = re.compile(rf"^[\u4e00-\u9fff](?:{OFFICE_WORDS})$")
_GENRE_IN_TITLE = re.compile(r"讲话|致辞|发言|演讲|报告|贺词|祝酒辞|说明|主持词|总结")


def headline_parts(text: str) -> tuple[str, tuple[str, str] | None, bool]:
    """(title, (office, name) or None, quoting) of a headline: without its column tag, "(全文)"
    and the speaker a colon sets apart ("习近平：在…的讲话"); a speaker glued to the rest ("县长
    夏福卿在…上的讲话") is named but stays in the title, which is what the page states. `quoting`: "习近平：中国“和”文化源远流长" quotes the speaker
    rather than naming the speech (no genre word after the colon)."""
    s = _HEADLINE_FULL.sub("", _HEADLINE_TAG.sub("", text.strip()))
    report = _HEADLINE_REPORT.search(s)
    if report and len(s[: report.start()].strip()) >= 4:
        s = s[: report.start()].strip()
    byline = _STAR_BYLINE.match(s)
    if byline and not NOT_A_NAME.search(byline.group("name")):
        # 求是's "推进党的自我革命要做到“五个进一步到位”※习近平": the title, then its author
        return byline.group("title").strip(), ("", byline.group("name")), False
    m = _HEADLINE_SPEAKER.match(s)
    if not m:
        return s, None, False
    who, rest = m.group("who"), s[m.end() :].strip()
    quoting = bool(m.group("colon")) and not _GENRE_IN_TITLE.search(rest)
    parts = speaker_parts(who)
    if not parts:
        tail = _NAME_THEN_OFFICE.match(who)
        if tail and has_surname(tail.group("name")):
            parts = (tail.group("office"), tail.group("name"))
        elif (
            _BARE_NAME.match(who)
            and not NOT_A_NAME.search(who)
            and not _ORGAN_END.search(who)
            and not _SURNAME_OFFICE.match(who)
        ):
            # a name alone: with a common surname, or before a title of a speech (习近平：在…
            # 的讲话, 习近平关于…的说明), where nothing but the speaker stands
            if (has_surname(who) or not quoting) and not_a_word(who):
                parts = ("", who)
    if not parts or len(rest) < 4:
        return s, None, quoting
    return (rest if m.group("colon") else s), parts, quoting


def is_speaker_line(text: str) -> bool:
    """A line naming the speaker: an office and a name, and nothing else."""
    return speaker_parts(text) is not None


def is_date_line(text: str) -> bool:
    """ "（2013年3月23日）", "2013年9月7日", "（2013年9月7日，阿斯塔纳）"."""
    return bool(_DATE_LINE.match(text.strip()))


def is_subtitle(text: str) -> bool:
    """ "——在…上的讲话": a dash, then the occasion."""
    return bool(_SUBTITLE.match(text.strip()))


def split_header(lines: list[Line], title: str | None) -> tuple[list[Line], list[Line]]:
    """Return (header lines, text lines) for the lines of one speech."""
    header: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_header_line(line.text, title):
            header.append(line)
            i += 1
            continue
        # A main title counts as header only when more header lines (subtitle, date) follow it.
        if _is_title_line(line.text) and i + 1 < len(lines):
            nxt = lines[i + 1].text.strip()
            if _SUBTITLE.match(nxt) or _DATE_LINE.match(nxt) or _OCCASION_TITLE.search(nxt):
                header.append(line)
                i += 1
                continue
        # "(2005-07-07)同志们:" — a date glued to the salutation (seed 004 line 33).
        m = _DATE_PREFIX.match(line.text.strip())
        if m and is_salutation(line.text.strip()[m.end() :]):
            lead = line.col + len(line.text) - len(line.text.lstrip())
            header.append(replace(line, text=m.group(0).strip(), end=lead + m.end()))
            rest = replace(line, text=line.text.strip()[m.end() :], col=lead + m.end())
            return [h for h in header if h.text.strip()], [rest, *lines[i + 1 :]]
        break
    return [h for h in header if h.text.strip()], lines[i:]


def split_glued_date(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """ "(2005-07-07)同志们:" — a date glued to the salutation (seed 004 line 33): the date goes to
    the header, the salutation stays the speech's first line."""
    first = next((k for k, line in enumerate(lines) if line.text.strip()), None)
    if first is None:
        return [], lines
    line = lines[first]
    m = _DATE_PREFIX.match(line.text.strip())
    if not (m and is_salutation(line.text.strip()[m.end() :])):
        return [], lines
    lead = line.col + len(line.text) - len(line.text.lstrip())
    date = replace(line, text=m.group(0).strip(), end=lead + m.end())
    rest = replace(line, text=line.text.strip()[m.end() :], col=lead + m.end())
    return [date], [*lines[:first], rest, *lines[first + 1 :]]


# A speech's own outline set above it: "【演讲结构】 / 一、需求分析 / 二、技术实现 …", "目录", "提纲"
_OWN_TOC_HEAD = re.compile(
    r"^[【\[]?\s*(目录|目次|提纲|内容提要|演讲结构|汇报结构|汇报提纲|演讲提纲|讲话提纲|结构)\s*[】\]]?\s*[:：]?$"
)
OWN_TOC_WITHIN = 6  # lines said before the head (the title, a subtitle)
# an entry compared without its brackets, its number and an aside: the outline above may number
# differently from the headings below ("四、系统操作演示（演讲者自行补充）" / "【三、系统操作演示】")
_ENTRY_MARKS = re.compile(
    r"[（(][^（）()]{0,20}[）)]|[【】\[\]\s]|^[【\[\s]*[一二三四五六七八九十\d]{1,3}\s*[、.．]"
)


def _entry(text: str) -> str:
    return _ENTRY_MARKS.sub("", _ENTRY_MARKS.sub("", text.strip()))


def split_own_toc(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(the speech's table of contents and what stands above it, the text from its first words):
    a head (目录, 提纲, 【演讲结构】) among the first lines, then short entries of which at least
    half stand again below as the text's own headings ("【一、需求分析】")."""
    said = [k for k, line in enumerate(lines) if line.text.strip()]
    head = next(
        (k for k in said[:OWN_TOC_WITHIN] if _OWN_TOC_HEAD.match(lines[k].text.strip())), None
    )
    if head is None:
        return [], lines
    entries = []
    for k in said[said.index(head) + 1 :]:
        text = lines[k].text.strip()
        if len(text) > 40 or _SENTENCE_PUNCT.search(text.rstrip("：:")):
            break
        entries.append(k)
    if len(entries) < 2:
        return [], lines
    end = entries[-1] + 1
    below = {_entry(line.text) for line in lines[end:] if line.text.strip()}
    again = sum(_entry(lines[k].text) in below for k in entries)
    if again * 2 < len(entries):
        return [], lines
    return lines[:end], lines[end:]


def split_trailing_date(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """A date on the speech's last line ("1991年8月26日", "（2013年3月23日）"), perhaps under the
    issuing office ("通江县教育局办公室 二0一一年八月三十日"): the date a speech printed in a book
    or on a memorial page is signed with. It goes to the header (the speech's metadata), and the
    text ends with its last words."""
    said = [k for k, line in enumerate(lines) if line.text.strip()]
    if len(said) < 3:  # a date and a line or two is no speech with a date under it
        return [], lines
    last = said[-1]
    text = lines[last].text.strip()
    if not (_DATE_LINE.match(text) or _OFFICE_DATE.match(text)):
        return [], lines
    return [lines[last]], lines[:last]


# A signature under a letter-like speech (致辞, 贺信, 寄语): the organisation's name, then the
# office and the name ("杭州西软科技有限公司 / 总经理：王敏敏", "董事局主席：袁汉源", "汪广平 校长
# （中）"), perhaps above the date split_trailing_date took.
_ORGAN_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()·]{2,30}(?:公司|集团|学校|大学|学院|中学|小学|幼儿园|委员会|政府|"
    r"办公室|局|厅|部|协会|学会|商会|校友会|联合会|医院|银行|研究院|研究所|中心)$"
)
# "汪广平 校长", and glued when the office ends the line: "陈嘉文校长"
_NAME_THEN_OFFICE_LINE = re.compile(
    rf"^(?P<name>[\u4e00-\u9fff]{{2,3}})[\s\u3000]*(?P<office>[\u4e00-\u9fff]{{0,10}}?(?:{OFFICE_WORDS}))$"
)
_ASIDE = re.compile(r"[\s\u3000]*[(（][^()（）]{1,4}[)）]$")  # "（中）", "（签名）"


def signature_parts(text: str) -> tuple[str, str] | None:
    """(office, name) of a signature line: "总经理：王敏敏", "汪广平 校长 （中）", "校长 王琛"."""
    s = _ASIDE.sub("", text.strip())
    s = re.sub(r"\s*[:：]\s*", " ", s, count=1)
    parts = speaker_parts(s)
    if parts:
        return parts
    m = _NAME_THEN_OFFICE_LINE.match(s)
    if m and has_surname(m.group("name")) and not NOT_A_NAME.search(m.group("office")):
        glued = m.end("name") == m.start("office")
        # glued, the name must be no word: "全体校长", "文化局长" are no signature
        if not glued or not_a_word(m.group("name")):
            return m.group("office"), m.group("name")
    return None


def split_trailing_signature(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(the signature under the text: organisation lines and the office-and-name line, the text
    without it). Only a line naming a person makes a signature: an organisation's name alone
    under a text is left where it is."""
    said = [k for k, line in enumerate(lines) if line.text.strip()]
    if len(said) < 4 or not signature_parts(lines[said[-1]].text):
        return [], lines
    first = said[-1]
    for k in reversed(said[-3:-1]):  # at most two organisation lines above it
        if not _ORGAN_LINE.match(no_space(lines[k].text)):
            break
        first = k
    return lines[first:], lines[:first]


# "（中国共产党第十二次全国代表大会决定成立并选举产生了中央顾问委员会。……他当选为主任。）": an
# editor's note in brackets under the last paragraph, saying what the text was; sentences, not a
# stage direction (（掌声）) nor a numbered heading (（一）…)
_TRAILING_NOTE = re.compile(r"^[(（](?![一二三四五六七八九十\d]{1,3}[)）]).{28,600}。\s*[)）]$")


def split_trailing_note(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(the editor's note under the text, the text without it)."""
    said = [k for k, line in enumerate(lines) if line.text.strip()]
    if len(said) < 3:
        return [], lines
    last = said[-1]
    if not _TRAILING_NOTE.match(lines[last].text.strip()):
        return [], lines
    return [lines[last]], lines[:last]
