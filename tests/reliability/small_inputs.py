"""Small hand-made speeches for the tests of issue 20 (read-only libraries, hostile names, removal):
each one a complete speech with a salutation, numbered sections and a closing, about a topic word
that occurs in no other, so that a search or a 查重 finds exactly it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TOPICS = ("档案", "防汛", "消防", "税务", "林业", "养老")
# Sentences the speeches are made of: each topic takes its own three, so that no two speeches
# share enough text to be near-duplicates of each other.
_POOL = (
    "坚持问题导向，创新工作方法，制度体系不断健全，基层基础持续夯实",
    "群众的满意度明显提升，为全县经济社会发展作出了积极贡献",
    "要突出重点领域，完善责任制，层层压实责任，确保各项任务落地见效",
    "各乡镇要把这项工作摆上重要议事日程，主要负责同志亲自抓、负总责",
    "加大经费投入，加强队伍建设，健全考核机制，提供坚强保障",
    "深入开展调查研究，摸清底数，找准短板，拿出务实管用的举措",
    "强化督促检查，对工作不力的单位严肃问责，倒逼责任落实",
    "加快信息化建设步伐，推动数据共享，提升服务效能和管理水平",
    "注重培养选拔年轻干部，充实基层力量，打造一支过硬的工作队伍",
    "广泛开展宣传教育，营造全社会关心支持的良好氛围",
    "统筹城乡协调发展，补齐农村短板，推动公共服务向基层延伸",
    "完善应急预案，加强演练，切实提高应对突发情况的能力",
    "深化改革创新，破除体制机制障碍，激发干事创业的内生动力",
    "严格落实中央八项规定精神，持之以恒纠治四风，树立良好形象",
    "加强部门协作，形成工作合力，做到信息互通、资源共享、齐抓共管",
    "坚持以人民为中心，着力解决群众急难愁盼问题，增强获得感",
    "抓好示范点建设，以点带面，推动全县整体水平提升",
    "健全长效机制，巩固已有成果，防止问题反弹回潮",
)


def speech(topic: str, extra: str = "") -> str:
    """A speech of about 500 characters on `topic` (extra: one more paragraph at the end)."""
    i = TOPICS.index(topic) if topic in TOPICS else sum(map(ord, topic)) % len(TOPICS)
    own = _POOL[3 * i : 3 * i + 3]
    body = [
        f"在全县{topic}工作会议上的讲话",
        "同志们：",
        f"这次全县{topic}工作会议的主要任务是，总结去年以来全县{topic}工作取得的成绩，"
        f"安排部署今年的{topic}重点任务。",
        "一、充分肯定成绩，增强做好工作的信心",
        f"过去一年，全县{topic}战线{own[0]}。",
        "二、明确目标任务，推动工作提质增效",
        f"今年做好{topic}工作，{own[1]}。",
        "三、加强组织领导，强化工作保障",
        f"抓{topic}工作，{own[2]}。",
    ]
    if extra:
        body.append(extra)
    body += [
        f"同志们，做好今年的{topic}工作责任重大。让我们真抓实干，奋力开创全县{topic}工作新局面！",
        "谢谢大家！",
    ]
    return "\n".join(body) + "\n"


# The real `jianghua` command, run by a fresh interpreter.
_CLI = "import sys\nfrom jianghua.cli import app\napp(sys.argv[1:], prog_name='jianghua')\n"
ROOT = Path(__file__).resolve().parents[2]


def cli(*args, prefix: tuple[str, ...] = (), timeout: float = 180) -> subprocess.CompletedProcess:
    """`jianghua ARGS` in a subprocess (standard output and error are pipes), optionally under a
    command prefix such as setpriv."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [*prefix, sys.executable, "-c", _CLI, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


# Root without the capabilities that let it write any file and read any folder: file
# permissions then hold for it as for anyone (the tests run as root; there is no other user
# whose interpreter can be run).
NO_OVERRIDE = (
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search,-fowner,-linux_immutable",
    "--inh-caps=-all",
)


def permissions_hold(tmp: Path) -> bool:
    """Can a process under NO_OVERRIDE really not write a read-only folder?"""
    if shutil.which("setpriv") is None:
        return False
    probe = tmp / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        done = subprocess.run(
            [*NO_OVERRIDE, "sh", "-c", f"touch {probe}/x"], capture_output=True, timeout=30
        )
    except OSError:
        return False
    finally:
        probe.chmod(0o755)
    return done.returncode != 0 and not (probe / "x").exists()
