"""Every title of the table of contents of seed 002 (lines 4, 6, … 120: "N。title") parsed into
occasion fields, and the title and header forms of seed 004."""

from __future__ import annotations

import re

import pytest
from structure_seeds import raw_line

from jianghua.structure.meta import parse_title


def toc_titles() -> list[str]:
    titles = []
    for n, line_no in enumerate(range(4, 121, 2), start=1):
        m = re.fullmatch(rf"{n}。(.+)", raw_line("002", line_no).strip())
        assert m, line_no
        titles.append(m.group(1).strip())
    return titles


EXPECTED = [
    # 1 关于十九届五中全会的讲话
    {"genre": "讲话", "topic": "十九届五中全会"},
    # 2 在市政协十一届二十一次常委会议上的讲话
    {"genre": "讲话", "body": "市政协", "session": "十一届二十一次", "meeting_type": "常委会议"},
    # 3 在市政协十一届二十二次常委会议上的讲话
    {"genre": "讲话", "body": "市政协", "session": "十一届二十二次", "meeting_type": "常委会议"},
    # 4 在市政协十一届二十三次常委会议上的讲话
    {"genre": "讲话", "body": "市政协", "session": "十一届二十三次", "meeting_type": "常委会议"},
    # 5 在全国体育局长会议上的讲话
    {"genre": "讲话", "scope": "全国", "topic": "体育局长", "meeting_type": "会议"},
    # 6 在委党组中心组(扩大)学习贯彻党的十九届五中全会精神研讨会上的发言
    {
        "genre": "发言",
        "body": "委党组中心组（扩大）",
        "topic": "学习贯彻党的十九届五中全会精神",
        "meeting_type": "研讨会",
    },
    # 7 在镇村干部会议上的讲话
    {"genre": "讲话", "scope": "镇村", "topic": "干部", "meeting_type": "会议"},
    # 8 在全市教育系统综合会议上的讲话
    {"genre": "讲话", "scope": "全市", "topic": "教育系统综合", "meeting_type": "会议"},
    # 9 在全省扶持高层次科技人才团队在皖创新创业工作推进会上的致辞
    {
        "genre": "致辞",
        "scope": "全省",
        "topic": "扶持高层次科技人才团队在皖创新创业",
        "meeting_type": "推进会",
    },
    # 10 2020年全省教育扶贫推进工作视频会上的讲话
    {
        "genre": "讲话",
        "date": "2020",
        "scope": "全省",
        "topic": "教育扶贫推进",
        "meeting_type": "视频会",
    },
    # 11 总结过去,汲取经验教训 期待未来,创造新的辉煌
    {},
    # 12 在全省市(州)、县(市、区)党委巡察工作动员部署会上的讲话
    {
        "genre": "讲话",
        "scope": "全省",
        "topic": "市（州）、县（市、区）党委巡察",
        "meeting_type": "动员部署会",
    },
    # 13 在焦作市创建全国文明城市总结大会上的讲话
    {"genre": "讲话", "place": "焦作市", "topic": "创建全国文明城市", "meeting_type": "总结大会"},
    # 14 在全州行政事业单位办公用房权属统一登记推进工作会议上的讲话
    {
        "genre": "讲话",
        "scope": "全州",
        "topic": "行政事业单位办公用房权属统一登记推进",
        "meeting_type": "工作会议",
    },
    # 15 在全旗安全生产暨今冬明春防火工作会上的讲话
    {"genre": "讲话", "scope": "全旗", "topic": "安全生产暨今冬明春防火", "meeting_type": "工作会"},
    # 16 2020年度领导干部集体约谈暨新提拔领导干部廉政谈话会上的讲话
    {
        "genre": "讲话",
        "date": "2020",
        "topic": "领导干部集体约谈暨新提拔领导干部廉政",
        "meeting_type": "谈话会",
    },
    # 17 在县残联脱贫成效提升会议的讲话
    {"genre": "讲话", "body": "县残联", "topic": "脱贫成效提升", "meeting_type": "会议"},
    # 18 在于都县工商联第十二次会员代表大会开幕式上的讲话
    {
        "genre": "讲话",
        "place": "于都县",
        "body": "县工商联",
        "session": "第十二次",
        "meeting_type": "会员代表大会开幕式",
    },
    # 19 在第十五届台商论坛上的致辞
    {"genre": "致辞", "session": "第十五届", "topic": "台商", "meeting_type": "论坛"},
    # 20 在全区深化接放管服改革工作推进会议上的讲话
    {"genre": "讲话", "scope": "全区", "topic": "深化接放管服改革", "meeting_type": "推进会议"},
    # 21 在红船镇普惠金融对接会议上的发言
    {"genre": "发言", "place": "红船镇", "topic": "普惠金融", "meeting_type": "对接会议"},
    # 22 在市委政协工作会议上的讲话
    {"genre": "讲话", "body": "市委", "topic": "政协", "meeting_type": "工作会议"},
    # 23 三十载坚守初心担使命新时代托起朝阳育新人
    {},
    # 24 在示范区重点工作推进会上的讲话
    {"genre": "讲话", "topic": "示范区重点", "meeting_type": "推进会"},
    # 25 在市委政协工作会议上的讲话
    {"genre": "讲话", "body": "市委", "topic": "政协", "meeting_type": "工作会议"},
    # 26 在全省自然保护地管理工作会议上的讲话
    {"genre": "讲话", "scope": "全省", "topic": "自然保护地管理", "meeting_type": "工作会议"},
    # 27 在纪念中国关工委成立30周年暨全国关心下一代 工作表彰大会上的总结讲话
    {
        "genre": "总结讲话",
        "scope": "全国",
        "topic": "纪念中国关工委成立30周年暨关心下一代",
        "meeting_type": "表彰大会",
    },
    # 28 在传达全市党员干部讲担当促作为、抓落实动员会暨警示教育大会精神时的讲话
    {
        "genre": "讲话",
        "scope": "全市",
        "topic": "党员干部讲担当促作为、抓落实暨警示教育",
        "meeting_type": "大会",
    },
    # 29 思想破冰引领发展突围
    {},
    # 30 2020年长江流域水旱灾害防御暨水工程联合调度座谈会上的讲话
    {
        "genre": "讲话",
        "date": "2020",
        "topic": "长江流域水旱灾害防御暨水工程联合调度",
        "meeting_type": "座谈会",
    },
    # 31 在县委第五巡察组巡察县退役军人事务局工作动员会上的表态发言
    {
        "genre": "表态发言",
        "body": "县委第五巡察组",
        "topic": "巡察县退役军人事务局",
        "meeting_type": "动员会",
    },
    # 32 在德州市营商环境推介会上的讲话
    {"genre": "讲话", "place": "德州市", "topic": "营商环境", "meeting_type": "推介会"},
    # 33 2020年全区住建系统岁末年初安全生产工作紧急视频会议上的讲话
    {
        "genre": "讲话",
        "date": "2020",
        "scope": "全区",
        "topic": "住建系统岁末年初安全生产",
        "meeting_type": "紧急视频会议",
    },
    # 34 在新型纺织产业链调研座谈会上的讲话
    {"genre": "讲话", "topic": "新型纺织产业链调研", "meeting_type": "座谈会"},
    # 35 在全州安全生产顽瘴固疾攻坚战和冬春防火视频会议上的讲话
    {
        "genre": "讲话",
        "scope": "全州",
        "topic": "安全生产顽瘴固疾攻坚战和冬春防火",
        "meeting_type": "视频会议",
    },
    # 36 在全县水利冬修现场推进会上的发言
    {"genre": "发言", "scope": "全县", "topic": "水利冬修", "meeting_type": "现场推进会"},
    # 37 在全州基本医疗保险州级统筹工作推进会的讲话
    {"genre": "讲话", "scope": "全州", "topic": "基本医疗保险州级统筹", "meeting_type": "推进会"},
    # 38 在年轻干部座谈会上的讲话
    {"genre": "讲话", "topic": "年轻干部", "meeting_type": "座谈会"},
    # 39 在泸定县十七届人民政府第九次全体(扩大)会议上的讲话
    {
        "genre": "讲话",
        "place": "泸定县",
        "body": "县人民政府",
        "session": "十七届第九次",
        "meeting_type": "全体（扩大）会议",
    },
    # 40 在安徽省抗击新冠肺炎疫情表彰大会上的讲话
    {"genre": "讲话", "place": "安徽省", "topic": "抗击新冠肺炎疫情", "meeting_type": "表彰大会"},
    # 41 在全市技改投资分析会上的讲话
    {"genre": "讲话", "scope": "全市", "topic": "技改投资", "meeting_type": "分析会"},
    # 42 在全国首届AETA地震预测AI算法大赛颁奖典礼上的致辞
    {
        "genre": "致辞",
        "scope": "全国",
        "session": "首届",
        "topic": "AETA地震预测AI算法大赛",
        "meeting_type": "颁奖典礼",
    },
    # 43 在第四批国家机关工作人员报告履职会议上的讲话
    {
        "genre": "讲话",
        "session": "第四批",
        "topic": "国家机关工作人员",
        "meeting_type": "报告履职会议",
    },
    # 44 在全省农业农村局办公室主任培训班上的讲话
    {"genre": "讲话", "scope": "全省", "topic": "农业农村局办公室主任", "meeting_type": "培训班"},
    # 45 在全省农业种业工作会议上的讲话
    {"genre": "讲话", "scope": "全省", "topic": "农业种业", "meeting_type": "工作会议"},
    # 46 学习宣传贯彻习近平法治思想 推动依法治国、依宪治国提高到一个新水平
    {},
    # 47 在党建形势分析会暨2021年工作务虚会上的讲话
    {"genre": "讲话", "date": "2021", "topic": "党建形势", "meeting_type": "务虚会"},
    # 48 依法担当履职充分行使职权为画廊六枝高质量发展提供坚强保障
    {},
    # 49 在第四批国家机关工作人员报告履职会议上的讲话
    {
        "genre": "讲话",
        "session": "第四批",
        "topic": "国家机关工作人员",
        "meeting_type": "报告履职会议",
    },
    # 50 在州委中心组第四十次集体学习会议上的发言
    {"genre": "发言", "body": "州委中心组", "session": "第四十次", "meeting_type": "集体学习会议"},
    # 51 在党建工作会议上的讲话
    {"genre": "讲话", "topic": "党建", "meeting_type": "工作会议"},
    # 52 在档案事业高质量发展中展现新担当新作为
    {},
    # 53 在九届十八次常委会议上的主持讲话
    {"genre": "主持词", "session": "九届十八次", "meeting_type": "常委会议"},
    # 54 在全市森林防火工作推进会议上的讲话
    {"genre": "讲话", "scope": "全市", "topic": "森林防火", "meeting_type": "推进会议"},
    # 55 在省十三届人大常委会第十九次会议上的讲话
    {"genre": "讲话", "body": "省人大常委会", "session": "十三届第十九次", "meeting_type": "会议"},
    # 56 在四川省第八届劳动模范和先进工作者表彰大会上的讲话
    {
        "genre": "讲话",
        "place": "四川省",
        "session": "第八届",
        "topic": "劳动模范和先进工作者",
        "meeting_type": "表彰大会",
    },
    # 57 在全市森林防火工作推进会上的讲话
    {"genre": "讲话", "scope": "全市", "topic": "森林防火", "meeting_type": "推进会"},
    # 58 在全国文明城市挂牌仪式上的致辞
    {"genre": "致辞", "scope": "全国", "topic": "文明城市", "meeting_type": "挂牌仪式"},
    # 59 在市政府办公室职工会议上的讲话
    {"genre": "讲话", "body": "市政府办公室", "topic": "职工", "meeting_type": "会议"},
]


def test_the_59_titles():
    titles = toc_titles()
    assert len(titles) == len(EXPECTED) == 59
    for n, (title, expected) in enumerate(zip(titles, EXPECTED, strict=True), start=1):
        fields = parse_title(title)
        fields.pop("occasion", None)
        assert fields == expected, (n, title)


def test_compound_occasions_split_on_ji():
    # 002 line 32: 15。在全旗安全生产暨今冬明春防火工作会上的讲话
    parts = parse_title(toc_titles()[14])["occasion"]
    assert parts == [
        {"scope": "全旗", "topic": "安全生产", "meeting_type": "工作会"},
        {"topic": "今冬明春防火", "meeting_type": "工作会"},
    ]
    # 002 line 58: 28。在传达全市…抓落实动员会暨警示教育大会精神时的讲话
    parts = parse_title(toc_titles()[27])["occasion"]
    assert [p["meeting_type"] for p in parts] == ["动员会", "大会"]
    assert parts[1]["topic"] == "警示教育"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # seed 004 line 2
        (
            "杨钊同志在全区工会创新和亮点工作观摩会上的讲话",
            {"speaker": "杨钊", "masked": False, "scope": "全区", "topic": "工会创新和亮点"},
        ),
        # seed 004 line 32: a masked speaker
        (
            "**同志在全市非公有制经济党建工作观摩座谈会上的讲话",
            {"speaker": "**", "masked": True, "meeting_type": "观摩座谈会"},
        ),
        # seed 004 line 82: a subtitle in the header
        (
            "——在2011年秋学期开学工作会上的讲话",
            {"date": "2011", "topic": "秋学期开学", "meeting_type": "工作会"},
        ),
        ("XX同志在全县党建工作会上的讲话", {"speaker": "XX", "masked": True, "scope": "全县"}),
        ("在全市统计工作会议上的致词", {"genre": "致辞", "topic": "统计"}),
        ("在全县三级干部大会上的主持词", {"genre": "主持词", "meeting_type": "大会"}),
    ],
)
def test_title_forms(title, expected):
    fields = parse_title(title)
    assert {k: fields.get(k) for k in expected} == expected
