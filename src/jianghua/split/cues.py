"""Line-level cues of a speech's shape: salutations, closings, exhortations, openings.

Compilations run several speeches together with nothing but these cues between them (seed 000,
篇五 lines 78-122 holds five speeches back to back). Each cue is a pure predicate over one line's
text, full- and half-width punctuation treated alike.
"""

from __future__ import annotations

import re

_ADDRESSEE = (
    r"同志们|同志|朋友们|各位|尊敬的|女士们|先生们|代表们|来宾们|嘉宾|老师们|同学们|领导|委员们|"
    r"老干部|老同志|同仁|乡亲们|战友们|企业家|亲爱的|家长|校友"
)
# "同志们:" / "各位老领导,同志们:" / "尊敬的罗平厅长,各位领导、同志们:" / "同志们:。" (a stray 。):
# the line ends with an addressee and a colon.
_SALUTATION = re.compile(
    # the last addressee before the colon: "…同志们：", "各位亲爱的家长：" (a school's letter),
    # "尊敬的各位老师、亲爱的同学："
    r"^[^。！!？?]{0,56}(们|位|宾|领导|同志|朋友|代表|同仁|企业家|家长|老师|同学|校友|员工|职工|战友|"
    r"乡亲|会员|学子|师生|青年朋友|女士|先生|总统|总理|主席)[:：]\s*[。.]?\s*$"
)
_ADDRESSEE_WORD = re.compile(rf"({_ADDRESSEE})")
# "同志们、朋友们!" — an address used as a section divider inside one speech (seed 002, 焦作).
_SALUTATION_EXCLAIM = re.compile(rf"^[^，,。：:]{{0,30}}({_ADDRESSEE})[^，,。：:]{{0,20}}[!！]\s*$")
_WISHES = (
    r"健康|顺利|成功|愉快|如意|幸福|安康|兴旺|吉祥|快乐|进步|圆满|发达|平安|美满|大吉|顺遂|丰收"
)
_CLOSING = re.compile(
    r"(谢谢(大家|各位|你们)?|感谢(大家|各位)(的聆听)?)\s*[!！。.]?\s*$"
    rf"|(?<!庆)祝.{{0,60}}({_WISHES})[!！。.]?\s*$"
    r"|^(我就讲(这么多|这些|到这里)|我的讲话(就)?到此结束|我就讲以上.{0,6}意见)[。.!！]?\s*$"
)
_EXHORTATION = re.compile(rf"^({_ADDRESSEE})[^，,。]{{0,12}}[，,!！]")
_CALL = re.compile(r"让我们|希望|号召|努力|奋斗|贡献|再创|开创|新的更大|新局面|新辉煌|新成绩")
_OPENING = re.compile(
    r"(这次|今天|本次|此次|今年的这次)[^。]{0,40}(会议|大会|会|论坛|仪式|座谈)[^。]{0,40}"
    r"(主要任务|主要目的|任务是|目的是|召开|举行|开幕)"
    r"|(今天|这次|本次)[^。]{0,12}(召开|举行|在这里)"
    r"|经[^。]{0,8}(同意|批准|决定|研究)[^。]{0,12}(召开|举行)"
    r"|很高兴(参加|出席|来到|与)"
    r"|[讲谈提](几|两|三|四|五|六|以下几)(点|个方面|个问题)(意见|看法|要求|体会)?"
    r"|(前不久|近日|日前)[^。]{0,20}召开了"
)


# Stronger: the paragraph states what this meeting is for. Speeches say it once, near the start.
_MEETING_PURPOSE = re.compile(
    r"(召开|这次|本次|此次|今天)[^。]{0,40}(会议|大会|会)[^。]{0,30}(主要任务|主要目的|任务是|目的是)"
    r"|经[^。]{0,8}(同意|批准|研究决定)[^。]{0,12}(召开|举行)"
)


def plain(text: str) -> str:
    return text.strip().strip("\u3000\xa0 ")


def is_salutation(text: str) -> bool:
    """A salutation line that opens a speech: short, an addressee, and a colon."""
    s = plain(text)
    return len(s) <= 60 and bool(_SALUTATION.match(s)) and bool(_ADDRESSEE_WORD.search(s))


def is_inner_address(text: str) -> bool:
    """An address line ending in '!' — used between sections of one speech, never a boundary."""
    s = plain(text)
    return len(s) <= 40 and bool(_SALUTATION_EXCLAIM.match(s))


def is_closing(text: str) -> bool:
    """The last words of a speech: thanks, or wishes ("最后,祝…身体健康!")."""
    s = plain(text)
    return len(s) <= 160 and bool(_CLOSING.search(s))


def is_exhortation(text: str) -> bool:
    """A closing call that addresses the audience: "同志们,…让我们…!"."""
    s = plain(text)
    return bool(_EXHORTATION.match(s)) and bool(_CALL.search(s)) and s[-1:] in "。！!"


def is_opening(text: str) -> bool:
    """The first paragraph of a speech: what this meeting is for, or what the speaker will say."""
    s = plain(text)[:300]
    return bool(_OPENING.search(s))


def states_meeting_purpose(text: str) -> bool:
    """The paragraph begins by saying which meeting this is and what it is for."""
    return bool(_MEETING_PURPOSE.search(plain(text)[:120]))
