"""A record of proceedings: keep the speech, not the turns around it.

Why this exists: a legislature's record (LegCo's 會議過程正式紀錄, c12g_legco_2013_budget_speech_hansard.txt)
prints every turn as "主席：法案：二讀。", "秘書：《2013年撥款條例草案》。", "財政司司長：主席，我謹動議二讀
……", members' heckling and the chair's rulings between the paragraphs of the budget speech, and stage
directions in brackets ("(梁國雄議員手持標語牌離席)"). Read as one text, the speech began with the
chair's procedure and held the interruptions. A page is such a record when at least TURNS_MIN lines
open with a role and a colon and two roles or more speak; the role who says the most is the
speaker: the other roles' turns and the bracketed directions become noise, each an edit, and the
speaker's own role mark is cut off the first words of each of his turns (an edit too), so the
speech reads as it was given. Nothing else is touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from jianghua.records import Edit, Line, Page

# "主席：", "秘書：", "財政司司長：", "梁國雄議員：", "陳偉業議員：" (after t2s): a role, then a colon
_ROLE = (
    r"主席|副主席|秘书|秘书长|议员|司长|局长|署长|处长|部长|委员|代表|发言人|主持人|书记|市长|省长|县长|"
    r"总理|总统|议长"
)
_TURN = re.compile(rf"^(?P<who>[\u4e00-\u9fff·]{{0,10}}?(?:{_ROLE}))\s*[:：]\s*(?=\S)")
_DIRECTION = re.compile(r"^[(（][^()（）]{2,120}[)）]?$")  # "(有議員在席上互相交談 )"
TURNS_MIN = 4
REASON_TURN = "another speaker's turn"
REASON_DIRECTION = "stage direction"
REASON_MARK = "speaker's role mark"


def strip_turns(page: Page) -> Page:
    """The page with only its main speaker's turns, when it is a record of proceedings."""
    turns = [(k, _TURN.match(line.text.strip())) for k, line in enumerate(page.lines)]
    opened = [(k, m.group("who")) for k, m in turns if m]
    if len(opened) < TURNS_MIN or len({who for _, who in opened}) < 2:
        return page
    # who holds each line: the role of the last turn above it (None before the first turn)
    owner: list[str | None] = []
    current = None
    said: dict[str, int] = defaultdict(int)
    marks = dict(opened)
    for k, line in enumerate(page.lines):
        if k in marks:
            current = marks[k]
        owner.append(current)
        if current is not None and not _DIRECTION.match(line.text.strip()):
            said[current] += len(line.text.strip())
    speaker = max(said, key=said.get)
    if said[speaker] * 2 < sum(said.values()):
        return page  # no one holds the floor: a dialogue, an interview, left as it is
    lines: list[Line] = []
    edits: list[Edit] = []
    for k, line in enumerate(page.lines):
        text = line.text.strip()
        if not text:
            lines.append(line)
            continue
        if owner[k] is not None and _DIRECTION.match(text):
            edits.append(Edit("noise", line.source_line, line.text, "", REASON_DIRECTION))
            continue
        if owner[k] is not None and owner[k] != speaker:
            edits.append(Edit("noise", line.source_line, line.text, "", REASON_TURN))
            continue
        if k in marks:  # the speaker's own turn: his words, without his role mark
            m = turns[k][1]
            lead = len(line.text) - len(line.text.lstrip())
            rest = line.text.strip()[m.end() :]
            edits.append(Edit("markup", line.source_line, line.text, rest, REASON_MARK))
            line = replace(line, text=rest, col=line.col + lead + m.end())
        lines.append(line)
    meta = {**page.meta, "turn_speaker": speaker}
    return page.with_lines(lines, edits, meta=meta)
