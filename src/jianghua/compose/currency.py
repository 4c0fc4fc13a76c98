"""提法 currency: a borrowed paragraph in a draft for year Y says 提法 as they were said in Y.

The eras come from the shipped, editable lexicon (jianghua.lexicon: first/last year of currency,
the wording that replaced it). Nothing is rewritten: a 提法 whose era ended before Y
(`Lexicon.stale`) gets a visible 【请核对：…】 after it naming its era and successor, and a masked
session number left by the source site ("十x届", "xx届") is marked the same way, so the writer
decides. The spirit of a Party congress or plenum to study (学习贯彻十九届四中全会精神) is
current until the next congress, and is marked after it. A formulation named inside the list of guiding thoughts (马克思列宁主义、毛泽东思想、
邓小平理论、“三个代表”重要思想、科学发展观…) is still current there and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianghua.lexicon import Lexicon, shipped

MASKED_SESSION = re.compile(r"(?:十|二十)?[xX×*＊]{1,2}届|十[xX×*＊]届")
# the enumeration of the Party's guiding thoughts keeps every earlier one as current
GUIDING_LIST = re.compile(r"邓小平理论|马克思列宁主义|毛泽东思想")
CHECK = "【请核对：{}】"
# Party congresses and the years their line was the current one (a congress to the next).
CONGRESS_YEARS = {15: (1997, 2002), 16: (2002, 2007), 17: (2007, 2012), 18: (2012, 2017)}
CONGRESS_YEARS.update({19: (2017, 2022), 20: (2022, 2027)})
CN_NUM = {"十五": 15, "十六": 16, "十七": 17, "十八": 18, "十九": 19, "二十": 20}
# "学习贯彻党的十九届四中全会精神": the spirit of a session to study, current only until the next
# congress; "党的十八大以来" is history and stays.
SESSION_SPIRIT = re.compile(
    r"(十五|十六|十七|十八|十九|二十)(?:届[一二三四五六七八九]中全会|大)(?=(?:会议)?精神)"
)


@dataclass
class Flag:
    start: int  # span in the text before the marks were inserted
    end: int
    term: str
    why: str

    def to_dict(self) -> dict:
        return {
            "kind": "tifa",
            "before": self.term,
            "after": self.term + CHECK.format(self.why),
            "start": self.start,
            "reason": self.why,
        }


def stale_flags(text: str, year: int | None, lexicon: Lexicon | None = None) -> list[Flag]:
    """The stale 提法 and masked session numbers of `text` for a draft of `year`."""
    if not year:
        return []
    lexicon = lexicon or shipped()
    flags = []
    for hit in lexicon.find(text):
        why = lexicon.stale(hit.term, year)
        if not why:
            continue
        window = text[max(0, hit.start - 40) : hit.end + 40]
        if GUIDING_LIST.search(window):
            continue
        flags.append(Flag(hit.start, hit.end, text[hit.start : hit.end], why))
    for m in SESSION_SPIRIT.finditer(text):
        first, last = CONGRESS_YEARS[CN_NUM[m.group(1)]]
        if year > last:
            why = f"“{m.group()}精神”是{first}—{last}年间的会议精神，请核对是否改为最新会议精神"
            flags.append(Flag(m.start(), m.end(), m.group(), why))
    for m in MASKED_SESSION.finditer(text):
        flags.append(Flag(m.start(), m.end(), m.group(), "原文届次被掩码，请填写"))
    flags.sort(key=lambda f: f.start)
    kept, last = [], -1
    for f in flags:
        if f.start >= last:
            kept.append(f)
            last = f.end
    return kept


def mark_stale(
    text: str, year: int | None, lexicon: Lexicon | None = None
) -> tuple[str, list[Flag]]:
    """`text` with 【请核对：…】 after each stale 提法, and the flags."""
    flags = stale_flags(text, year, lexicon)
    out, cursor = [], 0
    for f in flags:
        end = f.end
        while end < len(text) and text[end] in "”’」』":
            end += 1  # after the quotation the 提法 closes, not inside it
        out.append(text[cursor:end])
        out.append(CHECK.format(f.why))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), flags
