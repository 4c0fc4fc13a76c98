"""Traditional → Simplified: detection, the reviewed Taiwan-vocabulary table, the context rules,
edit records, and the real pages 001 (s2twp-converted) and 000 (Simplified)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from pages import text_page

from jianghua.clean import tw_vocab
from jianghua.clean.script import (
    convert_page,
    detect_script,
    has_taiwan_vocab,
    to_simplified_line,
)
from jianghua.records import Edit, Page

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TW_PAGE = SAMPLES / "001_0e46b62b32599346.txt"
SIMPLIFIED_PAGE = SAMPLES / "000_d0e3f3586c14aa72.txt"

T2S = opencc.OpenCC("t2s")


def read_page(path: Path) -> Page:
    texts = open(path, encoding="utf-8").read().split("\n")
    return text_page(texts, name=path.name, path=str(path))


def convert(text: str) -> str:
    return to_simplified_line(text, 1)[0]


def phrases(text: str) -> list[tuple[str, str]]:
    return [(e.before, e.after) for e in to_simplified_line(text, 1)[1] if e.kind == "phrase"]


@pytest.fixture(scope="module")
def tw_result() -> tuple[Page, Page, None]:
    page = read_page(TW_PAGE)
    return page, convert_page(page), None


# --------------------------------------------------------------------------------------------------
# detection


def test_detect_script_traditional():
    assert detect_script(["黨的群團工作會議上的講話", "同志們:"]) == "traditional"


def test_detect_script_simplified():
    assert detect_script(["领导在全市关工委工作会议上的讲话", "同志们:"]) == "simplified"


def test_detect_script_no_cjk_is_simplified():
    assert detect_script(["", "2019-01-01", "abc"]) == "simplified"


def test_detect_script_on_samples():
    assert detect_script(read_page(TW_PAGE).original) == "traditional"
    assert detect_script(read_page(SIMPLIFIED_PAGE).original) == "simplified"


def test_has_taiwan_vocab():
    assert has_taiwan_vocab(["重大民生專案", "資訊化建設", "維權網路"]) is True
    assert has_taiwan_vocab(["重大民生項目", "信息化建設", "對口支援"]) is False


# --------------------------------------------------------------------------------------------------
# the damage tw2sp does must not happen


@pytest.mark.parametrize(
    "text, expected",
    [
        ("建立健全工作機制", "建立健全工作机制"),
        ("社會主義核心價值觀", "社会主义核心价值观"),
        ("嚴格執行各項規定", "严格执行各项规定"),
        ("使之儘快取得突破", "使之尽快取得突破"),
        ("凝聚智慧和力量", "凝聚智慧和力量"),
        ("提高凝聚力和執行力", "提高凝聚力和执行力"),
        ("要強化執行意識", "要强化执行意识"),
        ("已經轉入鞏固提高階段", "已经转入巩固提高阶段"),
        ("確保在年內建成投用", "确保在年内建成投用"),
        ("創造了很多工作品牌", "创造了很多工作品牌"),
        ("質量安全形勢依然嚴峻", "质量安全形势依然严峻"),
        ("進行專案建設定位", "进行项目建设定位"),
        ("積極整合資源", "积极整合资源"),
        ("線上線下互動", "线上线下互动"),
        ("新增綠地", "新增绿地"),
        ("出海大通道", "出海大通道"),
        ("通過學習開啟解放思想", "通过学习开启解放思想"),
        ("環境簡報", "环境简报"),
        ("報送組織科存檔備案", "报送组织科存档备案"),
        ("三年儲存率不高", "三年储存率不高"),
    ],
)
def test_no_tw2sp_damage(text, expected):
    assert convert(text) == expected


# --------------------------------------------------------------------------------------------------
# table entries (data/tw_phrases.tsv)


@pytest.mark.parametrize(
    "text, expected, edit",
    [
        ("重大民生專案", "重大民生项目", ("專案", "项目")),
        ("資訊化建設", "信息化建设", ("資訊", "信息")),
        ("構建維權網路", "构建维权网络", ("網路", "网络")),
        ("城市道路交通網路", "城市道路交通网络", ("網路", "网络")),
        ("移動網際網路", "移动互联网", ("網際網路", "互联网")),
        ("及時釋出資訊", "及时发布信息", ("釋出", "发布")),
        ("釋出於:", "发布于:", ("釋出", "发布")),
        ("良性迴圈", "良性循环", ("迴圈", "循环")),
        ("站在全域性和戰略的高度", "站在全局和战略的高度", ("全域性", "全局")),
        ("湖北巨集泰國有資產", "湖北宏泰国有资产", ("巨集", "宏")),
        ("巨集觀調控", "宏观调控", ("巨集", "宏")),
        ("五種型別", "五种类型", ("型別", "类型")),
        ("現代遠端教育", "现代远程教育", ("遠端", "远程")),
        ("實行月排程", "实行月调度", ("排程", "调度")),
        ("每半月一排程、每月一檢查", "每半月一调度、每月一检查", ("排程", "调度")),
        ("服務視窗", "服务窗口", ("視窗", "窗口")),
        ("服務物件", "服务对象", ("物件", "对象")),
        ("社群建設", "社区建设", ("社群", "社区")),
        ("依照法定程式堅決拆除", "依照法定程序坚决拆除", ("程式", "程序")),
        ("規範化、程式化", "规范化、程序化", ("程式化", "程序化")),
        ("建立相關資料庫", "建立相关数据库", ("資料庫", "数据库")),
        ("入口網站評測", "门户网站评测", ("入口網站", "门户网站")),
        ("確保點選率", "确保点击率", ("點選", "点击")),
        ("進水除錯", "进水调试", ("除錯", "调试")),
        ("審批許可權", "审批权限", ("許可權", "权限")),
        ("視訊監控", "视频监控", ("視訊", "视频")),
        ("資質降級或登出", "资质降级或注销", ("登出", "注销")),
        ("永續性有機汙染物", "持久性有机污染物", ("永續性", "持久性")),
        ("6項引數", "6项参数", ("引數", "参数")),
        ("部分割槽域已具備", "部分区域已具备", ("分割槽", "分区")),
        ("學校硬體建設", "学校硬件建设", ("硬體", "硬件")),
        ("溝通訊息", "沟通信息", ("通訊息", "通信息")),
        ("切實靈通訊息", "切实灵通信息", ("通訊息", "通信息")),
        ("發展人工智慧", "发展人工智能", ("人工智慧", "人工智能")),
        ("智慧財產權", "知识产权", ("智慧財產權", "知识产权")),
        ("資訊科技", "信息技术", ("資訊科技", "信息技术")),
        ("位元色,比亮點", "比特色,比亮点", ("位元", "比特")),
        ("時代座標", "时代坐标", ("座標", "坐标")),
        ("坦尚尼亞", "坦桑尼亚", ("坦尚尼亞", "坦桑尼亚")),
    ],
)
def test_table_entry(text, expected, edit):
    assert convert(text) == expected
    assert edit in phrases(text)


def test_table_is_loaded_and_reviewed():
    table = tw_vocab.load_table()
    assert len(table) >= 150
    assert table["專案"][0] == "项目"
    for trad, (simp, note) in table.items():
        assert T2S.convert(simp) == simp, trad  # the replacement is already Simplified
        assert note, trad
    rejected = (SAMPLES.parent / "src/jianghua/data/tw_phrases_rejected.tsv").read_text("utf-8")
    for trad in ("核心", "智慧", "執行", "建立", "快取", "內建", "新增", "通道"):
        assert f"\n{trad}\t" in rejected
        assert trad not in table


# --------------------------------------------------------------------------------------------------
# context rules, both sides


@pytest.mark.parametrize(
    "text, expected",
    [
        # 檔案: 文件 in document contexts, 档案 otherwise
        ("貫徹落實中央1號檔案精神", "贯彻落实中央1号文件精神"),
        ("組通[20xx]2 號)檔案精神", "组通[20xx]2 号)文件精神"),
        ("今年中央一號檔案明確指出", "今年中央一号文件明确指出"),
        ("《實施意見》等檔案,", "《实施意见》等文件,"),
        ("用檔案傳真發號施令", "用文件传真发号施令"),
        ("規範性檔案", "规范性文件"),
        ("學習有關檔案", "学习有关文件"),
        ("下發紅頭檔案", "下发红头文件"),
        ("應開放的檔案、檔案及時開放", "应开放的档案、文件及时开放"),
        ("建設了房產檔案館", "建设了房产档案馆"),
        ("檔案館", "档案馆"),
        ("為所有申請家庭建立電子檔案", "为所有申请家庭建立电子档案"),
        ("建立起企業信用檔案", "建立起企业信用档案"),
        ("加強保障房檔案管理", "加强保障房档案管理"),
        ("重要檔案的異地備份", "重要档案的异地备份"),
        # 執行: 运行 in clear patterns only
        ("工程投入執行", "工程投入运行"),
        ("經濟平穩執行", "经济平稳运行"),
        ("設施“帶病執行”", "设施“带病运行”"),
        ("讓權力在陽光下執行", "让权力在阳光下运行"),
        ("規範執行機制", "规范运行机制"),
        ("推進專案化執行", "推进项目化运行"),
        ("嚴格執行", "严格执行"),
        ("貫徹執行上級的規定", "贯彻执行上级的规定"),
        # 建立: 创建 in clear patterns only
        ("開展精神文明建立活動", "开展精神文明创建活动"),
        ("以新一輪建立全國文明城市為契機", "以新一轮创建全国文明城市为契机"),
        ("推動商河縣建立國家級生態縣", "推动商河县创建国家级生态县"),
        ("“工人先鋒號 ” 建立、", "“工人先锋号 ” 创建、"),
        ("鞏固建立成果", "巩固创建成果"),
        ("開展深化建立“四好”領導班子", "开展深化创建“四好”领导班子"),
        ("積極探索建立符合特點的機制", "积极探索建立符合特点的机制"),
        ("建立健全聯絡協調機制", "建立健全联系协调机制"),
        ("黨組織建立在專案上", "党组织建立在项目上"),
        ("責任鏈條的建立,", "责任链条的建立,"),
        # 程序 → 进程 only in clear patterns; 程序 stays elsewhere
        ("隨著城市化程序的加快", "随着城市化进程的加快"),
        ("加快農村城鎮化程序", "加快农村城镇化进程"),
        ("現代化程序", "现代化进程"),
        ("加快填埋場二期工程建設程序,", "加快填埋场二期工程建设进程,"),
        ("在全面推進依法治市程序中", "在全面推进依法治市进程中"),
        ("推進發展新跨越的程序。", "推进发展新跨越的进程。"),
        ("法定程序", "法定程序"),
        ("審批程序中", "审批程序中"),
        ("程序正義", "程序正义"),
        # 資料: 数据 in data contexts, 资料 otherwise
        ("獲得各類監測資料550萬個", "获得各类监测数据550万个"),
        ("構建資料資源共享平臺", "构建数据资源共享平台"),
        ("保障房屋登記資訊資料安全", "保障房屋登记信息数据安全"),
        ("要及時提供相關資料", "要及时提供相关资料"),
        ("加大內業資料整理的力度", "加大内业资料整理的力度"),
        # 裝置: 设备 by default, 装置 where it is the technical word
        ("更新裝置、優化工藝", "更新设备、优化工艺"),
        ("現代化教學裝置", "现代化教学设备"),
        ("大型農用裝置質押", "大型农用设备质押"),
        ("強制安裝油煙淨化裝置", "强制安装油烟净化装置"),
        ("廢氣治理裝置371臺", "废气治理装置371台"),
        ("苯精製生產裝置", "苯精制生产装置"),
        # 聯絡: 联系 by default, 联络 kept in 联络员, 对外联络
        ("在聯絡群眾上廣泛緊密", "在联系群众上广泛紧密"),
        ("聯絡員", "联络员"),
        ("對外聯絡廣泛的優勢", "对外联络广泛的优势"),
        ("廣泛聯絡聯絡", "广泛联络联系"),
        # 支援: 支持 by default, 对口支援 kept
        ("支援群團組織更好發揮作用", "支持群团组织更好发挥作用"),
        ("對口支援", "对口支援"),
        ("支援災區", "支援灾区"),
        # 設定: 设置 by default, 设定目标 kept
        ("及時調整組織設定", "及时调整组织设置"),
        ("設定目標", "设定目标"),
        # 區域性: 局部 only in 局部/全局 and clear patterns
        ("善於處理區域性與全域性", "善于处理局部与全局"),
        ("重區域性、輕全域性", "重局部、轻全局"),
        ("區域性利益與整體利益", "局部利益与整体利益"),
        ("總體與區域性", "总体与局部"),
        ("區域性中心城市", "区域性中心城市"),
        ("解決區域性大氣複合汙染", "解决区域性大气复合污染"),
        # 線上: 在线 only before monitoring words
        ("汙染源線上監控", "污染源在线监控"),
        ("環保戰線上的行家", "环保战线上的行家"),
        # 指標 → 指针 only in 以…精神为指针
        ("以四中全會精神為指標", "以四中全会精神为指针"),
        ("經濟增長指標", "经济增长指标"),
        # 效能 → 性能 only for products and buildings
        ("住宅效能認定", "住宅性能认定"),
        ("機關作風效能建設", "机关作风效能建设"),
        ("更高效能的治理", "更高效能的治理"),
        # 高階
        ("引進更多的高階人才", "引进更多的高端人才"),
        ("中高階企業", "中高端企业"),
        ("高階技能人才", "高级技能人才"),
        # 啟用
        ("啟用校長的工作積極性", "激活校长的工作积极性"),
        ("啟用了行政執法業務系統", "启用了行政执法业务系统"),
        # 連線
        ("連線著國家、民族與個人", "连接着国家、民族与个人"),
        ("網路連線", "网络连接"),
        ("電視連線", "电视连线"),
        # 重新整理
        ("重新整理了省單體農業專案投資記錄", "刷新了省单体农业项目投资记录"),
        ("重新整理資料", "重新整理资料"),
        # 稽核
        ("清潔生產稽核工作", "清洁生产审核工作"),
        ("財務稽核", "财务稽核"),
        # 查詢, 影片, 檢視
        ("剖析查詢問題", "剖析查找问题"),
        ("查詢系統", "查询系统"),
        ("影片監控", "视频监控"),
        ("播放宣傳影片", "播放宣传影片"),
        ("點選檢視更多", "点击查看更多"),
        ("對照檢視問題", "对照检视问题"),
        # 國小 / 國中 / 中國小
        ("年內市區中國小要全部建成", "年内市区中小学要全部建成"),
        ("《中國小教師職業道德規範》", "《中小学教师职业道德规范》"),
        ("南亨中心國小教學樓", "南亨中心小学教学楼"),
        ("南亨中心國小學生宿舍", "南亨中心小学学生宿舍"),
        ("農村國中畢業生", "农村初中毕业生"),
        ("全國小康社會", "全国小康社会"),
        ("中國小說", "中国小说"),
        ("中國小商品城", "中国小商品城"),
        ("我國中西部地區", "我国中西部地区"),
        # s2twp segmentation slips
        ("抗擊疫情計程車氣", "抗击疫情的士气"),
        ("乘坐計程車", "乘坐出租车"),
        ("指匯入駐企業", "指导入驻企业"),
        # jieba words that must not be broken
        ("杳無音訊", "杳无音讯"),
        ("只言片語", "只言片语"),
        ("成立專案組", "成立专案组"),
        ("重點專案組織實施", "重点项目组织实施"),
    ],
)
def test_context_rule(text, expected):
    assert convert(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("帶著問題學", "带着问题学"),
        ("隨著形勢發展", "随着形势发展"),
        ("著力解決", "着力解决"),
        ("著眼長遠", "着眼长远"),
        ("從教育著手", "从教育着手"),
        ("著重抓好", "着重抓好"),
        ("就意味著我們", "就意味着我们"),
        ("圍繞著這五個", "围绕着这五个"),
        ("積澱著中華民族", "积淀着中华民族"),
        ("我比大家還著急", "我比大家还着急"),
        ("緊接著作出部署", "紧接着作出部署"),
        ("討論著", "讨论着"),
        ("成效顯著", "成效显著"),
        ("著名作家", "著名作家"),
        ("為著名作家舉辦", "为著名作家举办"),
        ("著作權", "著作权"),
        ("要注重讀原著", "要注重读原著"),
        ("功勳卓著", "功勋卓著"),
        ("土著居民", "土著居民"),
        ("以此著稱", "以此著称"),
    ],
)
def test_zhe_rule(text, expected):
    assert convert(text) == expected


def test_zhe_rule_runs_without_taiwan_vocab():
    # a Traditional page without Taiwan words: t2s and 著 only, its real 支援/聯絡/程序 stay
    out, _ = to_simplified_line("對口支援,聯絡感情,帶著問題,法定程序,成效顯著", 1, taiwan=False)
    assert out == "对口支援,联络感情,带着问题,法定程序,成效显著"
    out, _ = to_simplified_line("支援技術創新,重大專案", 1, taiwan=False)
    assert out == "支援技术创新,重大专案"


# --------------------------------------------------------------------------------------------------
# edit records


def test_edits_of_one_line():
    out, edits = to_simplified_line("要支援群團專案,帶著問題學", 7)
    assert out == "要支持群团项目,带着问题学"
    assert [(e.kind, e.line, e.before, e.after) for e in edits] == [
        ("phrase", 7, "支援", "支持"),
        ("phrase", 7, "專案", "项目"),
        ("phrase", 7, "帶著", "带着"),
        ("script", 7, "要支援群團專案,帶著問題學", "要支持群团项目,带着问题学"),
    ]


def test_character_only_line_has_one_script_edit():
    out, edits = to_simplified_line("同志們:", 3)
    assert out == "同志们:"
    assert edits == [Edit("script", 3, "同志們:", "同志们:", reason="t2s")]


def test_simplified_line_is_left_alone():
    line = "严格执行各项规定,着力推进项目建设,成效显著,对口支援。"
    out, edits = to_simplified_line(line, 1)
    assert out is line or out == line
    assert out.encode("utf-8") == line.encode("utf-8")
    assert edits == []


def test_unchanged_traditional_looking_line_has_no_edits():
    out, edits = to_simplified_line("2019年", 1)
    assert (out, edits) == ("2019年", [])


# --------------------------------------------------------------------------------------------------
# convert_page


def test_convert_page_small():
    page = text_page(
        [
            "黨的群團工作會議上的講話",
            "",
            "同志們:",
            "重大民生專案,支援技術創新。",
            "加強資訊網路建設。",
        ]
    )
    out = convert_page(page)
    assert out.script == "traditional"
    assert [ln.text for ln in out.lines] == [
        "党的群团工作会议上的讲话",
        "",
        "同志们:",
        "重大民生项目,支持技术创新。",
        "加强信息网络建设。",
    ]
    assert [ln.source_line for ln in out.lines] == [1, 2, 3, 4, 5]
    assert out.lines[1] is page.lines[1]
    assert out.original == page.original
    assert [(e.kind, e.line, e.before, e.after) for e in out.edits if e.kind == "phrase"] == [
        ("phrase", 4, "專案", "项目"),
        ("phrase", 4, "支援", "支持"),
        ("phrase", 5, "資訊", "信息"),
        ("phrase", 5, "網路", "网络"),
    ]
    assert [(e.kind, e.line) for e in out.edits if e.kind == "script"] == [
        ("script", 1),
        ("script", 3),
        ("script", 4),
        ("script", 5),
    ]


def test_convert_page_without_taiwan_vocab_keeps_real_words():
    # Traditional (s2t-like) page: no Taiwan words, so 支援/聯絡/程序 are real and stay
    page = text_page(
        ["黨的群團工作會議上的講話", "對口支援,聯絡感情,依照法定程序。", "帶著問題學。"]
    )
    out = convert_page(page)
    assert [ln.text for ln in out.lines] == [
        "党的群团工作会议上的讲话",
        "对口支援,联络感情,依照法定程序。",
        "带着问题学。",
    ]


def test_convert_page_with_edits_already_there():
    page = text_page(["同志們:"])
    page = page.with_lines(page.lines, [Edit("noise", 9, "x", "")])
    out = convert_page(page)
    assert out.edits[0] == Edit("noise", 9, "x", "")
    assert out.edits[1] == Edit("script", 1, "同志們:", "同志们:", reason="t2s")


def test_convert_page_simplified_sample_is_unchanged():
    page = read_page(SIMPLIFIED_PAGE)
    out = convert_page(page)
    assert out.script == "simplified"
    assert out.lines == page.lines
    assert [ln.text.encode("utf-8") for ln in out.lines] == [
        ln.text.encode("utf-8") for ln in page.lines
    ]
    assert out.edits == ()


def test_tw_sample_has_no_traditional_left(tw_result):
    _page, out, _elapsed = tw_result
    assert out.script == "traditional"
    for ln in out.lines:
        assert T2S.convert(ln.text) == ln.text, ln.source_line


def test_tw_sample_keeps_lines_and_source_numbers(tw_result):
    page, out, _elapsed = tw_result
    assert len(page.lines) >= 1272
    assert len(out.lines) == len(page.lines)
    assert [ln.source_line for ln in out.lines] == [ln.source_line for ln in page.lines]


@pytest.mark.parametrize(
    "damage", ["创建健全", "内核价值", "严格运行", "尽缓存得", "智能和力量", "运行力", "运行意识"]
)
def test_tw_sample_has_no_tw2sp_damage(tw_result, damage):
    _page, out, _elapsed = tw_result
    assert all(damage not in ln.text for ln in out.lines)


def test_tw_sample_has_the_fixes(tw_result):
    _page, out, _elapsed = tw_result
    text = "\n".join(ln.text for ln in out.lines)
    for word in ("项目", "信息", "网络", "支持", "建立健全", "核心价值观", "严格执行", "尽快取得"):
        assert word in text, word
    for word in ("专案", "资讯", "网路", "释出", "回圈", "全域性", "巨集", "带著", "随著"):
        assert word not in text, word
    assert "智慧和力量" in text
    assert "中央1号文件精神" in text
    assert "房产档案馆" in text


def test_tw_sample_edits(tw_result):
    page, out, _elapsed = tw_result
    script = [e for e in out.edits if e.kind == "script"]
    phrase = [e for e in out.edits if e.kind == "phrase"]
    changed = {ln.source_line for ln, new in zip(page.lines, out.lines, strict=True) if ln != new}
    assert {e.line for e in script} == changed
    assert len(script) == len(changed)  # one script edit per changed line
    for e in script:
        assert e.before == page.original[e.line - 1]
        assert e.after == out.lines[e.line - 1].text
    counts: dict[tuple[str, str], int] = {}
    for e in phrase:
        counts[(e.before, e.after)] = counts.get((e.before, e.after), 0) + 1
        assert e.before in page.original[e.line - 1]
        assert e.after in out.lines[e.line - 1].text
    assert counts[("專案", "项目")] == 385
    assert counts[("資訊", "信息")] >= 40
    assert counts[("網路", "网络")] >= 30


def test_detection_counts_changed_characters_against_the_five_percent_share():
    # 100 CJK characters: 5 that t2s changes is 5 % (Simplified), 6 is more (Traditional);
    # Latin letters, digits and punctuation do not count either way.
    simple = "我们召开全市工作会议" * 10
    assert len(simple) == 100
    five = "們們們們們" + simple[5:]
    six = "們們們們們們" + simple[6:]
    noise = "ABC 123，。！" * 30
    assert detect_script([five, noise]) == "simplified"
    assert detect_script([six, noise]) == "traditional"
    assert detect_script([noise]) == "simplified"


def test_the_pages_own_titles_are_converted_with_its_text():
    from dataclasses import replace

    page = text_page(["我們在這裡歡慶國家的生日，感恩前人的努力。" * 3] * 3)
    page = replace(page, meta={"html_title": "總統發表國慶演說", "html_h1": "國慶演說"})
    converted = convert_page(page)
    assert converted.meta["html_title"] == "总统发表国庆演说"
    assert converted.meta["html_h1"] == "国庆演说"
