"""A small library whose research counts are known by construction (see LIBRARY below)."""

import random

from jianghua.research.synthetic import Spec

# filler characters: no numeral (no slogan is mined from filler) and none of the terms' characters
POOL = "".join(
    ch
    for ch in "的是在了和有我们这个为上来到时大地要就出会可也你对生能而子那得于着下自之年过"
    "家多经么去法学如都同现当没动起好还天后作里用道行所然事成方日者开手美长老从情感看"
    "把前面外色光回定很机己路口走话心向头明白气间教打文音"
    if ch not in "三个代表重要思想科学发展观不忘初心牢记使命十二五规划深入贯彻落实看比查"
)


def filler(seed: int, paragraphs: int = 3, size: int = 120) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(POOL) for _ in range(size)) + "。" for _ in range(paragraphs)]


def speech(seed: int, *inserts: str) -> str:
    """Filler paragraphs with each insert placed inside one of them, after a comma."""
    paras = filler(seed, paragraphs=max(3, len(inserts)))
    for i, insert in enumerate(inserts):
        paras[i] = paras[i][:40] + "，" + insert + "，" + paras[i][40:]
    return "\n".join(paras)


S1 = speech(1, "坚持三个代表，践行三个代表", "以三个代表重要思想为指导", "十三五时期")
S1_NEAR = S1 + "\n" + filler(99, paragraphs=1)[0]  # a near-duplicate: the same speech, longer
S2 = speech(2, "科学发展观", "深入贯彻落实科学发展观", "十二五规划和十三五规划")
S3 = speech(3, "以邓小平理论和“三个代表”重要思想为指导", "不忘初心、牢记使命")
S4 = speech(4)
S5 = speech(5, "三个代表")

LIBRARY = [
    Spec(
        S1,
        "在全县组织工作会议上的讲话",
        {"date": "2015", "scope": "全县", "sector": "组织"},
        pages=3,
    ),
    Spec(
        S1_NEAR, "在全县组织工作会议上的讲话", {"date": "2015", "scope": "全县", "sector": "组织"}
    ),
    Spec(
        S2, "在全市组织工作会议上的讲话", {"date": "2015-06-01", "scope": "全市", "sector": "组织"}
    ),
    Spec(S3, "在全省教育工作会议上的讲话", {"date": "2016", "scope": "全省", "sector": "教育"}),
    Spec(S4, "在教育工作会议上的讲话", {"date": "2016", "sector": "教育"}),
    Spec(S5, "讲话", {"sector": "教育"}),
]


def chars(text: str) -> int:
    return len(text) - text.count("\n")
