"""What the web tests share: the seeds folder, a hostile page, finding a speech by seed and line.

A module of its own (not conftest) so that `from web_seeds import ...` cannot pick up another
folder's conftest in a whole-suite run.
"""

from pathlib import Path

from jianghua.library.store import Library

SAMPLES = Path("samples")

# A scraped page whose title and text try to run script in the reader's browser.
HOSTILE_TITLE = '关于<script>alert("t")</script>工作的讲话'
HOSTILE_LINES = [
    "第一篇：" + HOSTILE_TITLE,
    "同志们：",
    "今天我们召开会议，<img src=x onerror=alert(1)>部署基层党组织建设工作，"
    "要把各项任务落到实处，确保取得实效。",
    "一、提高认识，切实增强责任感",
    "各级党组织要把抓好党建作为最大的政绩<script>document.title='pwned'</script>，"
    '<a href="javascript:alert(2)">链接</a>坚持以上率下，层层压实责任，推动全面从严治党向纵深发展。',
    "二、突出重点，扎实推进各项工作",
    "要以提升组织力为重点，突出政治功能，把基层党组织建设成为坚强战斗堡垒，"
    "20xx年底前完成××项任务。",
    "第二篇：在全市<b>工作</b>会议上的讲话",
    "同志们：",
    "今天的会议很重要<iframe src=//evil.example></iframe>，大家要认真领会会议精神，抓好贯彻落实。",
]


def speech_at(folder: Path, seed: str, first_line: int) -> str:
    """Id of the speech whose occurrence in seed file `seed`* starts at `first_line`."""
    with Library(folder, create=False) as lib:
        row = lib.db.execute(
            "SELECT o.speech_id FROM occurrences o JOIN sources s ON s.id = o.source_id"
            " WHERE s.name LIKE ? AND o.first_line = ?",
            (f"{seed}%", first_line),
        ).fetchone()
    assert row is not None, (seed, first_line)
    return row[0]
