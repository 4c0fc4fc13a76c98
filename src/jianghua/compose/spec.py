"""What the writer asks for: the occasion, the speaker, year, place, key points, target length.

A spec comes from fields, from free text ("全县关工委工作会议") parsed into the same fields, or from
a YAML/JSON file. Parsing only reads what the words say (scope 全县, meeting type 工作会议, the
sector a word names); nothing is guessed beyond that, and a bad file is refused with its name and
the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from jianghua.errors import JianghuaError

# Scope words and the level suffix each stands for ("全县" -> 县), longest first.
SCOPES = (
    "全国",
    "全省",
    "全市",
    "全州",
    "全盟",
    "全县",
    "全区",
    "全旗",
    "全镇",
    "全乡",
    "全村",
    "全委",
    "全系统",
)
SCOPE_LEVEL = {
    "全国": "国",
    "全省": "省",
    "全市": "市",
    "全州": "州",
    "全盟": "盟",
    "全县": "县",
    "全区": "区",
    "全旗": "旗",
    "全镇": "镇",
    "全乡": "乡",
}

PLACE_LEVELS = "省市县区旗镇乡州盟"

MEETING_TYPES = (
    "动员部署会议",
    "动员部署会",
    "动员大会",
    "推进会议",
    "推进会",
    "座谈会",
    "表彰大会",
    "总结大会",
    "开幕式",
    "闭幕式",
    "视频会议",
    "电视电话会议",
    "常委会议",
    "全体会议",
    "观摩会",
    "培训班",
    "研讨会",
    "约谈会",
    "代表大会",
    "论坛",
    "工作会议",
    "工作会",
    "会议",
)

# Sector vocabulary (the structure issue's list) with the words that name each one in an occasion
# or a text. Order matters only for ties: the first sector with the most hits wins.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "关工委": ("关工委", "关心下一代", "五老"),
    "档案": ("档案",),
    "生态环境": ("环保", "环境保护", "生态环境", "污染防治", "环境监管", "减排"),
    "统计": ("统计",),
    "机关党建": ("机关党建", "机关党的建设", "直属机关"),
    "组织": ("组织工作", "干部队伍", "基层党组织", "组织部"),
    "宣传思想": ("宣传思想", "意识形态", "宣传工作"),
    "统战": ("统战", "统一战线"),
    "纪检监察": ("纪检", "监察", "廉政", "党风廉政", "纪委"),
    "巡视巡察": ("巡察", "巡视"),
    "政协": ("政协",),
    "人大": ("人大",),
    "工会": ("工会", "职工"),
    "共青团": ("共青团", "团委", "青年"),
    "妇联": ("妇联", "妇女"),
    "残联": ("残联", "残疾人"),
    "工商联": ("工商联", "非公有制", "民营经济"),
    "群团": ("群团",),
    "教育": ("教育", "学校", "开学"),
    "科技人才": ("科技", "人才"),
    "体育": ("体育",),
    "卫生健康": ("卫生", "健康", "医疗"),
    "林业": ("林业", "森林", "防火"),
    "水利": ("水利", "防汛"),
    "农业农村": ("农业", "农村", "乡村振兴", "扶贫"),
    "住房城乡建设": ("住房", "城乡建设"),
    "交通": ("交通",),
    "国资国企": ("国资", "国企", "国有企业"),
    "经济发展": ("经济工作", "招商", "项目建设"),
    "安全生产": ("安全生产",),
    "机关事务": ("机关事务", "办公用房"),
    "政务服务": ("政务服务",),
    "精神文明": ("文明城市", "精神文明"),
    "对台": ("台商", "对台", "台胞"),
    "学习宣传": ("全会精神", "学习贯彻"),
    "民政": ("民政",),
}

GENRES = ("讲话", "发言", "致辞", "主持词", "总结讲话", "表态发言", "工作报告")


class SpecError(JianghuaError):
    """A compose spec that cannot be used: names the file (if any) and the reason."""


@dataclass
class ComposeSpec:
    """The writer's request. Empty fields mean "not given", never "guess it"."""

    occasion: str = ""  # free text, e.g. "全县关工委工作会议"
    scope: str = ""  # 全县
    body: str = ""  # 县关工委
    sector: str = ""  # 关工委 (a SECTOR_WORDS key)
    meeting_type: str = ""  # 工作会议
    genre: str = "讲话"
    speaker_role: str = ""  # 县委书记
    speaker_name: str = ""
    year: int | None = None
    place: str = ""  # 于都县
    key_points: list[str] = field(default_factory=list)
    target_chars: int = 4000
    title: str = ""

    def __post_init__(self) -> None:
        if self.occasion:
            parsed = parse_occasion(self.occasion)
            for key, value in parsed.items():
                if not getattr(self, key):
                    setattr(self, key, value)
        if self.year is not None:
            try:
                self.year = int(self.year)
            except (TypeError, ValueError):
                raise SpecError(f"year must be a whole number, got {self.year!r}") from None
            if not 1949 <= self.year <= 2100:
                raise SpecError(f"year {self.year} is out of range")
        try:
            self.target_chars = int(self.target_chars)
        except (TypeError, ValueError):
            raise SpecError(
                f"target_chars must be a whole number, got {self.target_chars!r}"
            ) from None
        if self.target_chars <= 0:
            raise SpecError(f"target_chars must be positive, got {self.target_chars}")
        if self.sector and self.sector not in SECTOR_WORDS:
            raise SpecError(f"unknown sector {self.sector!r}; use one of {', '.join(SECTOR_WORDS)}")

    @property
    def level(self) -> str:
        """The administrative level the speech speaks for: from the scope ("县" for 全县), else
        from the place's suffix (梓山镇 → 镇, 鄂托克旗 → 旗), else from the speaker's post (镇党委
        书记 → 镇); "" when none of them says it."""
        if self.scope in SCOPE_LEVEL:
            return SCOPE_LEVEL[self.scope]
        for suffix in ("苏木", "嘎查"):
            if self.place.endswith(suffix) and len(self.place) > len(suffix):
                return suffix
        if len(self.place) >= 2 and self.place[-1] in PLACE_LEVELS:
            return self.place[-1]
        m = re.match(r"^([省市县区旗镇乡])(?:委|党委|政府|人大|政协|长)", self.speaker_role)
        return m.group(1) if m else ""

    def default_title(self) -> str:
        if self.title:
            return self.title
        occasion = self.occasion or "".join(
            x for x in (self.scope, self.body or self.sector, self.meeting_type) if x
        )
        # an occasion typed as the title's middle (在全县…会议上的讲话) is not said twice
        occasion = re.sub(r"^在", "", occasion)
        occasion = re.sub(r"上的(?:讲话|发言|致辞)?$", "", occasion)
        if occasion:
            return f"{self.speaker_role}在{occasion}上的{self.genre}"
        return f"{self.speaker_role}{self.genre}"

    def to_dict(self) -> dict:
        return asdict(self)


def sectors_in(text: str) -> dict[str, int]:
    """How often each sector's words occur in `text` (only sectors that occur)."""
    counts = {}
    for sector, words in SECTOR_WORDS.items():
        n = sum(text.count(w) for w in words)
        if n:
            counts[sector] = n
    return counts


def parse_occasion(text: str) -> dict:
    """Fields read off an occasion phrase: scope, meeting_type, sector, body, year, genre.

    Only what the words state: "2021年全县关工委工作会议" gives year 2021, scope 全县, sector 关工委,
    meeting type 工作会议. Compound occasions ("安全生产暨防火工作会") keep the first sector named.
    """
    text = re.sub(r"\s+", "", text)
    fields: dict = {}
    for scope in SCOPES:
        if scope in text:
            fields["scope"] = scope
            break
    for mt in MEETING_TYPES:
        if text.endswith(mt) or mt in text:
            fields["meeting_type"] = mt
            break
    best, best_pos = "", len(text) + 1
    for sector, words in SECTOR_WORDS.items():
        for w in words:
            pos = text.find(w)
            if 0 <= pos < best_pos:
                best, best_pos = sector, pos
    if best:
        fields["sector"] = best
    year = re.search(r"(19|20)\d\d(?=年)", text)
    if year:
        fields["year"] = int(year.group())
    body = re.search(
        r"([县市区州旗镇乡省])(委|政府|政协|人大|关工委|残联|妇联|工商联|总工会|团委|[^\s全]{1,4}?局)",
        text,
    )
    if body:
        fields["body"] = body.group()
    for genre in ("总结讲话", "表态发言", "主持词", "致辞", "发言", "讲话"):
        if text.endswith(genre):
            fields["genre"] = genre
            break
    return fields


SPEC_KEYS = {f for f in ComposeSpec.__dataclass_fields__}


def spec_from_dict(data: dict, origin: str = "spec") -> ComposeSpec:
    """A ComposeSpec from a mapping; unknown keys and wrong types are errors naming `origin`."""
    if not isinstance(data, dict):
        raise SpecError(f"{origin}: a spec must be a mapping of fields, got {type(data).__name__}")
    unknown = sorted(set(data) - SPEC_KEYS)
    if unknown:
        raise SpecError(
            f"{origin}: unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(SPEC_KEYS))}"
        )
    data = dict(data)
    points = data.get("key_points", [])
    if isinstance(points, str):
        points = [points]
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        raise SpecError(f"{origin}: key_points must be a list of strings")
    data["key_points"] = points
    for key in ("year", "target_chars"):
        if key in data and data[key] is not None:
            try:
                data[key] = int(data[key])
            except (TypeError, ValueError):
                raise SpecError(
                    f"{origin}: {key} must be a whole number, got {data[key]!r}"
                ) from None
    try:
        return ComposeSpec(**data)
    except SpecError as exc:
        raise SpecError(f"{origin}: {exc}") from None


def read_spec_file(path: str | Path) -> dict:
    """The mapping in a YAML or JSON file (JSON by extension, YAML otherwise), or a SpecError."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}: no such spec file") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path}: not UTF-8 text") from None
    is_json = path.suffix.lower() == ".json"
    try:
        data = json.loads(raw) if is_json else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SpecError(f"{path}: not valid {'JSON' if is_json else 'YAML'}: {exc}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: a spec must be a mapping of fields, got {type(data).__name__}")
    return data


def load_spec(path: str | Path) -> ComposeSpec:
    """Read a YAML or JSON spec file."""
    return spec_from_dict(read_spec_file(path), str(path))
