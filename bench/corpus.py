"""A synthetic corpus of scraped 范文/文库 pages, built from the seeds' paragraphs.

`make_corpus(out_dir, target_bytes, seed)` writes pages until their total size reaches
`target_bytes`. Every page holds one or more synthetic speeches — a salutation line '同志们:',
8-30 paragraphs drawn at random from the seeds, and a closing '谢谢大家!' — in the layouts the seeds
show (samples/000-004):

  items_cn   '<title>(精选N篇)', a blurb, then '<title>篇一' … items, no blank lines (000)
  items_num  '<title>(精选N篇)', then '<title> 篇1' … items, blank lines between lines (001)
  items_di   '第一篇:<title>' items, each with a header block (title, date, article metadata) (004)
  toc        a table of N numbered titles '1。…', then fewer untitled bodies separated by two
             blank lines (002)
  wenku      a single speech on a 文库 page, with 上传人/文档编号 metadata, '第1页 / 共9页' viewer
             fragments and '展开阅读全文' (003)

plus site noise (navigation bars, '上一篇: …', 'copyright@ 2008-2022 …', pager fragments). Some
pages are converted to Traditional script with OpenCC 's2twp' (as Taiwanese sites do), some are
GB18030-encoded, a few are HTML (one <p> per line), a few have CRLF line ends. Some speeches are
exact copies of speeches already written on other pages, as real compilations are full of copies.

Paragraphs: every non-empty line of >= 20 characters of the Simplified seeds (000, 002, 003,
004), minus lines that are item markers, table-of-contents entries or the seeds' own site noise, so
a random paragraph never turns into a layout marker or noise. Speeches keep the shape real ones
have, so that the benchmark measures the ingest of well-formed speeches and not of shuffled
fragments: paragraphs that open a speech ("这次会议的主要任务是…", "讲几点意见") only come first,
paragraphs that close one ("最后,祝…身体健康!", "同志们,让我们…!") only come last, the rest in
between. The output is a pure function of the seeds and `seed`. Files go into sub-folders of at
most 1000 files: 000/000000.txt, 000/000001.html, …
"""

from __future__ import annotations

import argparse
import html
import random
import re
from pathlib import Path

import opencc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SIMPLIFIED_SEEDS = ("000_", "002_", "003_", "004_")
FILES_PER_FOLDER = 1000

# Shares of pages (the rest: Simplified, UTF-8, .txt, LF).
P_TRADITIONAL = 0.15
P_GB18030 = 0.30  # of the Simplified pages
P_HTML = 0.06
P_CRLF = 0.08
P_COPY = 0.15  # a speech slot filled with an exact copy of an earlier speech
LAYOUTS = (("items_cn", 3), ("items_num", 2), ("items_di", 2), ("toc", 2), ("wenku", 2))

_NOT_A_PARAGRAPH = re.compile(
    r"^第\s*[0-9一二三四五六七八九十]+\s*篇"  # 第一篇:…
    r"|篇\s*[0-9一二三四五六七八九十]+\s*$"  # …篇一
    r"|^\s*\d{1,3}\s*[。.．、]"  # 1。…
    r"|上传人|文档编号|由会员分享|\.docx?|精选\d+篇|\(\d+篇\)|copyright|版权所有|ICP备"
    r"|当前位置|小编|以下是为大家|参考以下|代写|发表时间|查看次数",  # the seeds' own site noise
    re.I,
)
# Where a seed paragraph may stand in a speech (deliberately broad: a false "opening" or "closing"
# only narrows the body pool).
_OPENING = re.compile(
    r"(这次|今天|本次|此次|今年的这次)[^。]{0,40}(会议|大会|会|论坛|仪式|座谈)"
    r"|召开|举行|开幕|很高兴|在这里|主要任务|主要目的|任务是|目的是"
    r"|[讲谈提](几|两|三|四|五|六|以下几)(点|个方面|个问题)"
)
_CLOSING = re.compile(
    r"谢谢|感谢|祝|最后|让我们"
    r"|^(同志们|同志|朋友们|各位|尊敬的|女士们|先生们|代表们|老师们|同学们|领导|委员们)"
    r"|[:：]\s*[。.]?$|[!！]\s*$"
)
_TOC_TITLE = re.compile(r"^\s*\d{1,3}\s*。\s*(\S.{3,60})$")
_ITEM_TITLE = re.compile(r"^第[一二三四五六七八九十]+篇\s*[:：]\s*(\S.{3,60})$")

_LEADS = ("", "", "", "领导", "书记", "县长", "市长", "局长", "XX同志", "**同志", "2021年", "2022年")  # fmt: skip
_PLACES = ("全市", "全县", "全区", "全省", "全旗", "全镇", "市直机关", "县直机关", "全系统", "全州")
_MEETINGS = (
    "党建工作会议", "关工委工作会议", "安全生产工作会议", "经济工作会议", "教育工作会议",
    "脱贫攻坚推进会", "巡察工作动员部署会", "文明城市创建大会", "政协常委会议", "工会工作观摩会",
    "人才工作会议", "生态环境保护工作会议", "党风廉政建设工作会议", "纪检监察工作会议",
    "组织工作会议", "宣传思想工作会议", "统战工作会议", "群团工作会议", "信访工作会议",
    "乡村振兴工作推进会", "招商引资工作会议", "疫情防控工作会议", "防汛抗旱工作会议",
    "民营经济发展大会", "科技创新大会", "卫生健康工作会议", "财政工作会议", "审计工作会议",
    "平安建设工作会议", "老干部工作会议", "年度工作总结表彰大会", "第四季度工作推进会",
)  # fmt: skip
_SUFFIXES = ("上的讲话", "上的讲话", "上的讲话", "上的发言", "上的致辞", "上的讲话稿", "上的表态发言")  # fmt: skip
_BLURBS = (
    "文章的开头是吸引读者注意力的重要部分,我们需要注意开门见山。请大家参考以下总结范文,以便更好地理解写作的方法和技巧。",
    "以下是为大家整理的讲话稿范文,欢迎品鉴!",
    "下面是小编为大家整理的讲话范文,希望对大家有所帮助。",
    "讲话稿是在特定场合发表讲话的文稿。以下是小编为大家整理的相关范文,供大家参考借鉴,希望可以帮助到有需要的朋友。",
)
_NAV = (
    "网站首页 工作范文 办公范文 个人范文 党团范文 简历范文 学生范文 其他范文 专题范文",
    "首页 范文大全 工作总结 工作计划 讲话稿 心得体会 演讲稿 述职报告",
    "首页 党建 讲话稿 发言稿 致辞 汇报材料 调研报告",
)
_SITES = ("范文先生网", "第一范文网", "公文吧", "冰豆网", "文库吧", "写作范文网")
_CN = "一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 16 -> 十六, 22 -> 二十二 (1-99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")
    return head + (_CN[ones - 1] if ones else "")


def seed_material(samples: Path = SAMPLES) -> tuple[dict[str, list[str]], list[str]]:
    """({'opening'|'body'|'closing': paragraphs}, titles) of the Simplified seeds, deduplicated."""
    paragraphs: dict[str, None] = {}
    titles: dict[str, None] = {}
    files = sorted(p for p in samples.glob("*.txt") if p.name.startswith(SIMPLIFIED_SEEDS))
    if not files:
        raise FileNotFoundError(f"no seed pages in {samples}")
    for path in files:
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            m = _TOC_TITLE.match(line) or _ITEM_TITLE.match(line)
            if m:
                titles[m.group(1).strip()] = None
            if len(line) >= 20 and not _NOT_A_PARAGRAPH.search(line):
                paragraphs[line] = None
    pools: dict[str, list[str]] = {"opening": [], "body": [], "closing": []}
    for line in paragraphs:
        if _CLOSING.search(line):
            pools["closing"].append(line)
        elif _OPENING.search(line):
            pools["opening"].append(line)
        else:
            pools["body"].append(line)
    return pools, list(titles)


class _Generator:
    def __init__(self, rng: random.Random, pools: dict[str, list[str]], titles: list[str]):
        self.rng = rng
        self.pools = pools
        self.seed_titles = titles
        self.written: list[tuple[str, tuple[str, ...]]] = []  # (title, body lines) for copies
        self.speeches = 0
        self.copies = 0

    def title(self) -> str:
        r = self.rng
        if self.seed_titles and r.random() < 0.25:
            return r.choice(self.seed_titles)
        return f"{r.choice(_LEADS)}在{r.choice(_PLACES)}{r.choice(_MEETINGS)}{r.choice(_SUFFIXES)}"

    def speech(self, title: str) -> tuple[str, tuple[str, ...]]:
        """(title, lines) of a speech: new, or with P_COPY an exact copy of an earlier one."""
        r = self.rng
        self.speeches += 1
        if self.written and r.random() < P_COPY:
            self.copies += 1
            return r.choice(self.written)
        n = r.randint(8, 30)
        first = [r.choice(self.pools["opening"])] if r.random() < 0.7 else []
        last = [r.choice(self.pools["closing"])] if r.random() < 0.6 else []
        middle = r.sample(self.pools["body"], n - len(first) - len(last))
        body = ("同志们:", *first, *middle, *last, "谢谢大家!")
        made = (title, body)
        if len(self.written) < 5000:  # bounded memory: a reservoir of speeches to copy from
            self.written.append(made)
        else:
            self.written[r.randrange(len(self.written))] = made
        return made

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(2005, 2022)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"

    def site_top(self, out: list[str]) -> None:
        r = self.rng
        if r.random() < 0.5:
            out.append(r.choice(_NAV))
        if r.random() < 0.3:
            out.append(f"当前位置:首页 > 讲话稿 > {r.choice(('领导讲话', '会议讲话', '党建讲话'))}")

    def site_bottom(self, out: list[str]) -> None:
        r = self.rng
        if r.random() < 0.6:
            out.append(f"上一篇: {self.title()}")
            out.append(f"下一篇: {self.title()}")
        if r.random() < 0.3:
            out.append("相关推荐")
            out.extend(self.title() for _ in range(r.randint(2, 5)))
        if r.random() < 0.7:
            out.append(f"copyright@ 2008-2022 {r.choice(_SITES)} All Rights Reserved")

    # -- layouts ---------------------------------------------------------------------------

    def items_cn(self) -> list[str]:
        """000: '<title>(精选N篇)', blurb, '<title>篇一' items, no blank lines."""
        r, title = self.rng, self.title()
        n = r.randint(3, 16)
        out: list[str] = []
        self.site_top(out)
        out += [f"{title}(精选{n}篇)", r.choice(_BLURBS)]
        for i in range(1, n + 1):
            out.append(f"{title}篇{cn_number(i)}")
            out.extend(self.speech(title)[1])
        self.site_bottom(out)
        return out

    def items_num(self) -> list[str]:
        """001: '<title>(精选N篇)', article metadata, '<title> 篇1' items, blank lines between."""
        r, title = self.rng, self.title()
        n = r.randint(3, 22)
        out: list[str] = []
        self.site_top(out)
        out += [
            f"{title}(精选{n}篇)",
            f"栏目: 党建党委讲话稿 / 发布于: / 人气:{r.randint(1, 99)}.{r.randint(1, 9)}W",
        ]
        for i in range(1, n + 1):
            out.append(f"{title} 篇{i}")
            out.extend(self.speech(title)[1])
        self.site_bottom(out)
        spaced: list[str] = []
        for line in out:
            spaced += [line, ""]
        return spaced

    def items_di(self) -> list[str]:
        """004: '第一篇:<title>' items, each with a header block; pager fragments now and then."""
        r = self.rng
        out: list[str] = []
        self.site_top(out)
        for i in range(1, r.randint(3, 12) + 1):
            title, body = self.speech(self.title())
            out.append(f"第{cn_number(i)}篇:{title}")
            out.append(title)
            kind = r.random()
            if kind < 0.4:
                out.append(f"({self.date()})")
            elif kind < 0.7:
                out.append(
                    f"发表时间:{r.randint(2005, 2022)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
                    f" 查看次数:{r.randint(10, 999)} 来源:{r.choice(_PLACES)}委办 [关闭]"
                )
            out.extend(body)
            if r.random() < 0.15:
                out += ["本文章共2页,当前在第2页", "上一页", "[1]", "[2]"]
        self.site_bottom(out)
        return out

    def toc(self) -> list[str]:
        """002: N numbered titles, then fewer untitled bodies separated by two blank lines."""
        r = self.rng
        n = r.randint(8, 60)
        bodies = r.randint(2, max(2, n // 3))
        titles = [self.title() for _ in range(n)]
        year = r.randint(2015, 2022)
        out = [f"[{year}年{r.randint(1, 12)}月份最新]工作会议讲话汇编({n}篇)", "", ""]
        for i, title in enumerate(titles, 1):
            out += [f"{i}。{title}", ""]
        out.append("")
        for i in range(bodies):
            for line in self.speech(titles[i])[1]:
                out += [line, ""]
            out.append("")
        return out

    def wenku(self) -> list[str]:
        """003: one speech on a 文库 page."""
        r = self.rng
        title, body = self.speech(self.title())
        doc = f"{title}范文稿Word文件下载.docx"
        pages = r.randint(2, 12)
        out = [
            doc,
            "",
            f"上传人:{r.choice('abcdefghwxyz')}{r.choice('aeiou')}{r.choice('nixy')}****{r.randint(0, 999):03d}"
            f" 文档编号:{r.randint(10_000_000, 99_999_999)}"
            f" 上传时间:2022-10-23 格式:DOCX 页数:{pages} 大小:{r.randint(10, 99)}.{r.randint(10, 99)}KB",
            "下载 相关 举报",
        ]
        for p in range(1, min(pages, 5) + 1):
            out += [f"{doc}_第{p}页", f"第{p}页 / 共{pages}页"]
        out += ["点击查看更多>>", "下载资源", "资源描述", "", doc, ""]
        out.append(
            f"《{doc}》由会员分享,可在线阅读,更多相关《{doc}({pages}页珍藏版)》请在{r.choice(_SITES)}上搜索。"
        )
        out += [doc, ""]
        for line in body:
            out += [line, ""]
        out.append("展开阅读全文")
        self.site_bottom(out)
        return out


def _html(lines: list[str], charset: str, title: str) -> str:
    body = "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n</head>\n<body>\n"
        f'<div class="content">\n{body}\n</div>\n</body>\n</html>\n'
    )


def make_corpus(out_dir: Path, target_bytes: int, seed: int = 0, samples: Path = SAMPLES) -> dict:
    """Write pages into `out_dir` (which must be empty or absent) until they total >= target_bytes.

    Returns counts: files, bytes, chars (characters of the decoded files), speeches written
    (including copies), copies, and pages per layout / script / encoding / format.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    rng = random.Random(seed)
    pools, titles = seed_material(samples)
    gen = _Generator(rng, pools, titles)
    to_traditional = opencc.OpenCC("s2twp").convert
    names, weights = zip(*LAYOUTS, strict=True)
    counts = {
        "files": 0,
        "bytes": 0,
        "chars": 0,
        "speeches": 0,
        "copies": 0,
        "layouts": dict.fromkeys(names, 0),
        "traditional": 0,
        "gb18030": 0,
        "html": 0,
        "crlf": 0,
        "seed_paragraphs": {k: len(v) for k, v in pools.items()},
    }
    while counts["bytes"] < target_bytes:
        layout = rng.choices(names, weights)[0]
        lines = getattr(gen, layout)()
        traditional = rng.random() < P_TRADITIONAL
        encoding = "gb18030" if not traditional and rng.random() < P_GB18030 else "utf-8"
        as_html = layout != "toc" and rng.random() < P_HTML
        newline = "\r\n" if rng.random() < P_CRLF else "\n"
        if as_html:
            charset = "gb2312" if encoding == "gb18030" else "utf-8"
            text = _html(lines, charset, lines[0])
        else:
            text = "\n".join(lines) + "\n"
        if traditional:
            text = to_traditional(text)
        if newline != "\n":
            text = text.replace("\n", newline)
        data = text.encode(encoding)
        i = counts["files"]
        folder = out_dir / f"{i // FILES_PER_FOLDER:03d}"
        if i % FILES_PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.{'html' if as_html else 'txt'}").write_bytes(data)
        counts["files"] += 1
        counts["bytes"] += len(data)
        counts["chars"] += len(text)
        counts["layouts"][layout] += 1
        counts["traditional"] += traditional
        counts["gb18030"] += encoding == "gb18030"
        counts["html"] += as_html
        counts["crlf"] += newline != "\n"
    counts["speeches"] = gen.speeches
    counts["copies"] = gen.copies
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(make_corpus(args.out_dir, int(args.mb * 1_000_000), args.seed))


if __name__ == "__main__":
    main()
