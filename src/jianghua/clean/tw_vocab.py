"""Taiwan vocabulary left by machine conversion (OpenCC s2twp and its older versions), and the way back.

Some pages are Simplified speeches that a website converted to Traditional script *with* Taiwan
vocabulary: 项目→專案, 信息→資訊, 网络→網路, 着→著 ... `t2s` repairs the characters but not the
words, and OpenCC's own `tw2sp` reverses every mapping blindly, which damages these speeches
(建立健全→创建健全, 核心价值观→内核价值观, 严格执行→严格运行, 尽快取得→尽缓存得).

This module holds what was reviewed instead:

* `data/tw_phrases.tsv`: unconditional mappings (Taiwan word → Simplified word), each one safe in
  mainland speeches. `data/tw_phrases_rejected.tsv` lists the s2twp mappings that were refused, and why.
* `RULES` (below): context rules for words that are also real mainland words (檔案, 執行, 建立, 程序 ...).
  A rule fires only when its left/right context matches; `after=None` means "keep" (leave the word to
  t2s and stop shorter keys from firing inside it). When no rule fires the word is left to t2s.
* the 著 rule: 著 is the Taiwan form of the aspect particle 着 (帶著, 隨著, 著力); it becomes 着
  except in the real 著 words (著作, 著名, 顯著, 卓著 ...).

Matching works on the Traditional line, left to right, longest key first. Every candidate (except
the single-character 著) must respect word boundaries: the line is converted with t2s (著→着) and
cut with a private jieba (no HMM) that also knows the Taiwan words (`segmenter`). A replacement is
refused when a frequent jieba word crosses it (overlaps it and reaches outside it) and the
replacement would change a character of that word without making another known word; a kept word
(著名, 对口支援 ...) loses to a crossing word that is more frequent than itself. That keeps 儘快取得,
提高階段, 年內建成, 建設定位, 全國小康, 討論著, 接著作出, 杳無音訊 intact while 交通網路 still becomes
交通网络, 聯絡點 联系点 and 為著名 为著名.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

import rjieba

from jianghua.trie import trie_regex

# --------------------------------------------------------------------------------------------------
# the reviewed table


@lru_cache(maxsize=1)
def load_table() -> dict[str, tuple[str, str]]:
    """traditional → (simplified, note), from data/tw_phrases.tsv."""
    text = resources.files("jianghua").joinpath("data/tw_phrases.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for i, row in enumerate(text.splitlines()):
        if i == 0 or not row.strip() or row.startswith("#"):
            continue
        trad, simp, note = (row.split("\t") + ["", ""])[:3]
        table[trad] = (simp, note)
    return table


# --------------------------------------------------------------------------------------------------
# context rules

_WINDOW = 40  # characters of left context a rule may look at


@dataclass(frozen=True)
class Rule:
    """A context rule for `key` (Traditional, as in the text).

    `left` must match the text that ends right before the key, `right` the text that starts right
    after it (regular expressions; `not_left` / `not_right` must not match). `after=None` keeps the
    word (t2s only). `check_words=False` skips the jieba word-boundary check.
    """

    key: str
    after: str | None
    left: str | None = None
    right: str | None = None
    not_left: str | None = None
    not_right: str | None = None
    name: str = ""
    check_words: bool = True

    def applies(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - _WINDOW) : start]
        if self.left is not None and not _left(self.left).search(before):
            return False
        if self.not_left is not None and _left(self.not_left).search(before):
            return False
        if self.right is not None and not _right(self.right).match(text, end):
            return False
        if self.not_right is not None and _right(self.not_right).match(text, end):
            return False
        return True


@cache
def _left(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})$")


@cache
def _right(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# 著 stays 著 in these words (they are Simplified words too); everywhere else 著 is the particle 着.
ZHE_WORDS = (
    # Traditional forms
    "著作",
    "著名",
    "著稱",
    "著述",
    "著書",
    "著者",
    "著錄",
    "顯著",
    "卓著",
    "昭著",
    "土著",
    "原著",
    "名著",
    "巨著",
    "鉅著",
    "專著",
    "論著",
    "編著",
    "譯著",
    "遺著",
    "拙著",
    "撰著",
    "合著",
    "新著",
    # the same words in Simplified script (a line may already be Simplified)
    "著称",
    "著书",
    "著录",
    "显著",
    "专著",
    "论著",
    "编著",
    "译著",
    "遗著",
)

# a document (文件) rather than an archive (档案): the left or right context of 檔案
_DOC_LEFT = (
    r"[0-9０-９]+\s*號\s*[)）]?\s*[“”\"]?\s*|[一二三四五六七八九十百]+號\s*[)）]?\s*|號\s*[)）”\"]?\s*|》\s*等\s*"
    r"|檔案\s*[、和與及]\s*(?:電子)?"  # 档案、文件 / 档案与电子文件 (档案和档案 is never meant)
    r"|(?:中央|規範性|政策性?|紅頭|重要|有關|相關|下發|印發|轉發|下達|出臺|出台|專門|系列|全會|會議|制度"
    r"|指導性|綱領性|上級|黨內|這些|這個|這兩個|兩個|各項|學習|傳達|貫徹)(?:了|的)?\s*"
)
_DOC_RIGHT = r"精神|規定|要求|傳真|簽發|格式|下載|落實檔案|材料[^，。；]{0,6}歸檔"
# an archive (档案) whatever the left context says: 档案馆, 档案管理, 重要档案的异地备份 ...
_ARCHIVE_RIGHT = (
    r"的?(?:館|局|室|櫃|盒|袋|員|學|管理|工作|資料|事業|數字化|信息化|資訊化|整理|保管|保存|查閱|記錄|利用"
    r"|收集|文化|資源|部門|機構|系統|意識|安全|保護|開放|鑑定|編研|展覽|基本知識|知識|宣傳|法|史料|信息"
    r"|資訊|數字|數據|服務|業務|人員|幹部|教育|基地|用房|庫|達標|規範|目錄|實體|全宗|接收|移交|徵集"
    r"|修復|搶救|異地|異質|備份|開發|編纂|館藏)"
)

# 设备 is what mainland speeches say; 装置 stays where it is the technical word (净化装置 ...)
_DEVICE_LEFT = (
    r"淨化|治理|處理|脫硫|脫硝|除塵|防護|保護|控制|監控|監測|線上監控|在線監控|回收|收集|發電|核|反應|蒸餾"
    r"|過濾|減振|噴淋|油煙|尾氣|制動|報警|煙氣|廢氣|汙水|污水|除臭|計量|光伏|儲能|轉換|精製|生產|檢測|沖洗|消毒"
    r"|研究|試驗|聚變|裂變|加速"
)

RULES: tuple[Rule, ...] = (
    # ---- 專案組: 专案组 (investigation team) is a mainland word too; unsure, keep it ---------------------
    Rule("專案組", None, name="專案組 kept: 专案组"),
    # ---- 建立 (s2twp: 创建→建立) -----------------------------------------------------------------
    Rule(
        "建立",
        "创建",
        right=r"活動(?!長效|機制|制度|臺賬|台賬|檔案)|目標|步伐|力度|規劃|結合|成果|成效|氛圍|意義|措施"
        r"|效果|達標|積極性|總數|內涵|單位|滿堂紅|驗收|命名|水平"
        r"|工作(?![制機體責方平臺台例隊專聯小領站室組規流程標模網協考])",
        name="建立→创建: 创建活动/目标/成果/氛围/工作",
    ),
    Rule(
        "建立",
        "创建",
        right=r"全國(?:文明|衛生|環保|環境|雙擁|綠化|園林|模範|民族團結)|國家(?:級|環境|環保|衛生|園林|森林|生態|文明|公共文化|省市)"
        r"|省級(?:文明|衛生|生態|園林|森林|示範)|自治區級|全省(?:文明|衛生|水生態|生態)|文明|衛生(?:城|縣|鎮|村|鄉)"
        r"|平安|生態(?:城市|縣|鄉|鎮|村|文明|示範|市|園林)|[四五六七]好|學習型|創新型|服務型|節約型|節水型"
        r"|星級|特級",
        name="建立→创建: 创建全国文明城市/国家级生态县 ...",
    ),
    Rule(
        "建立",
        "创建",
        left=r"(?:文明|示範|示範區|示範州|品牌|平安|系列|綠色|高產|基地|(?:生態|衛生|文明|園林|森林|模範)城市)\s*",
        not_right=r"健全|和完善|和健全|完善|起|了|在|於",
        name="建立→创建: 文明创建, 示范创建, 品牌创建 ...",
    ),
    Rule(
        "建立",
        "创建",
        left=r"[”\"」]\s*",
        right=r"\s*(?:[、，,。；;]|活動|工作)",
        name="建立→创建: “工人先锋号”创建、",
    ),
    Rule(
        "建立",
        "创建",
        left=r"(?:單位|組織|機關|校園|社區|社群|家庭|關工委|市縣|系統|犯罪|館|村)\s*",
        right=r"[、，,。；;]|的初心|和評審|再創|為龍頭|奠定",
        name="建立→创建: 文明单位创建、, 零犯罪创建再创佳绩",
    ),
    Rule(
        "建立",
        "创建",
        left=r"開展|深化|深入",
        not_right=r"健全|完善|起|和",
        name="建立→创建: 开展/深化/深入创建",
    ),
    # ---- 執行 (s2twp: 运行→執行) -----------------------------------------------------------------
    Rule(
        "執行",
        "运行",
        left=r"投入|正常|帶病|並軌|平穩|健康|安全|穩定|良性|高效|試|經濟|權力|設施的?|系統的?|裝置|機組|設備"
        r"|工程|在陽光下|館|鍋爐|廠的?|站"
        r"|(?:專案|項目|常態|市場|實體|一體|網格|社會|扁平|集約|公司|企業|產業|品牌|專業)化",
        not_right=r"力",
        name="執行→运行: 投入/正常/带病/经济/权力运行",
    ),
    Rule(
        "執行",
        "运行",
        right=r"機制|機理|態勢|質量|排程|調度|資金|維護|狀態|狀況|監測|模式|管理|平臺|平台|效果|方法",
        name="執行→运行: 运行机制/态势/质量/维护 ...",
    ),
    # ---- 程序 (s2twp: 进程→程序, and 程序→程式) ----------------------------------------------------
    Rule(
        "程序",
        None,
        left=r"法定|司法|訴訟|正當|審批|行政|法律|選舉|議事|工作|組織|招標|報批|審查|相關|必要|一定|合法"
        r"|嚴格|規定|處理|按|按照|依照|依|履行|經|通過|簡化|規範|決策|啟動|程序",
        name="程序 kept: 法定程序, 审批程序 ...",
    ),
    Rule("程序", None, right=r"正義|不正義|性|化|上|合法|規範|公正|設計|員", name="程序 kept"),
    Rule("程序", "进程", left=r"化", name="程序→进程: 城镇化进程, 现代化进程"),
    Rule(
        "程序",
        "进程",
        left=r"建設|實施|發展|改革|歷史|推進|加快|加速|治市|治國|治省|治縣|前進|和平|統一|談判|融合|減貧|脫貧"
        r"|文明|民主|一體",
        name="程序→进程: 建设/实施/发展进程",
    ),
    Rule(
        "程序",
        "进程",
        right=r"中(?![心央國華])|的加快|加快|不斷|明顯",
        name="程序→进程: …进程中, 进程加快",
    ),
    Rule(
        "程序",
        "进程",
        left=r"(?:推進|加快|加速|實現|建設|發展)[^，。；！？,;!?]{0,12}的",
        right=r"[，。；,;]",
        name="程序→进程: 推进…的进程。",
    ),
    # ---- 檔案 (s2twp: 文件→檔案; 档案 is real) ----------------------------------------------------
    Rule("檔案", None, right=_ARCHIVE_RIGHT, name="檔案 kept: 档案馆, 档案管理"),
    Rule("檔案", "文件", left=_DOC_LEFT, name="檔案→文件: N号文件, 有关文件, 下发文件 ..."),
    Rule("檔案", "文件", right=_DOC_RIGHT, name="檔案→文件: 文件精神, 文件规定"),
    # ---- 資料 (s2twp: 数据→資料; 资料 is real) ----------------------------------------------------
    Rule(
        "資料",
        "数据",
        left=r"監測|統計|實時|即時|經濟|大|海量|資訊|信息|核心|業務|原始|觀測|遙感|衛星|測量|基礎地理|源頭|基層"
        r"|用|指標|民生|電子|各項|部門的|國家的|全省|全市|全縣|新|以上",
        name="資料→数据: 监测数据, 统计数据",
    ),
    Rule(
        "資料",
        "数据",
        right=r"資源|指標|異地|備份|安全|中心|共享|分析|採集|質量|平臺|平台|要素|治理|開放|鏈|應用|交換"
        r"|傳輸|處理|標準|服務|產業|流通|交易|上報|聯網|直報|不準|報送|說話|載體|之間|客觀|準確|真實|的?變化"
        r"|尚待|核實|報表|可以看出|顯示|表明",
        name="資料→数据: 数据资源/指标/安全/共享",
    ),
    # ---- 裝置 (s2twp: 设备→裝置; 装置 is real) ----------------------------------------------------
    Rule(
        "裝置",
        "设备",
        left=r"更新|農用|農機|教學|醫療|終端|通訊|通信|電子|機械|儀器\s*[、和與及]?\s*|專用|消防|安防|辦公"
        r"|實驗|先進|電力|網路|網絡|配套|核心|工藝\s*[、和與及]\s*|設施\s*[、和與及]?\s*",
        name="裝置→设备: 教学设备, 终端设备, 设施设备",
    ),
    Rule(
        "裝置",
        "设备",
        right=r"配備|更新|購置|採購|製造|租賃|集團|檢修|維修|維護|配置|[、和與及]設施|[、和與及]工藝|使用率"
        r"|利用率|投資|老化|效能|性能|三率|完好率|故障",
        name="裝置→设备: 设备配备/更新/老化",
    ),
    Rule("裝置", None, left=_DEVICE_LEFT, name="裝置 kept: 净化装置, 治理装置"),
    Rule("裝置", "设备", name="裝置→设备 (default)"),
    # ---- 聯絡 (s2twp: 联系→聯絡) -----------------------------------------------------------------
    Rule("聯絡", None, right=r"員|處|部|組|站|官|人|感情|聯絡", name="聯絡 kept: 联络员, 联络处"),
    Rule("聯絡", None, left=r"對外|秘密", name="聯絡 kept: 对外联络"),
    Rule("聯絡", "联系", name="聯絡→联系 (default)"),
    # ---- 支援 (s2twp: 支持→支援) -----------------------------------------------------------------
    Rule("支援", None, left=r"對口|援藏|援疆", name="支援 kept: 对口支援"),
    Rule(
        "支援",
        None,
        right=r"災區|邊疆|前線|三線|抗震|救災|災後",
        name="支援 kept: 支援灾区, 支援边疆",
    ),
    Rule("支援", "支持", name="支援→支持 (default)"),
    # ---- 設定 (s2twp: 设置→設定) -----------------------------------------------------------------
    Rule(
        "設定",
        None,
        right=r"目標|期限|時限|值|上限|下限|底線|紅線",
        name="設定 kept: 设定目标, 设定期限",
    ),
    Rule("設定", "设置", name="設定→设置 (default)"),
    # ---- 稽核 / 稽覈 (older s2twp: 审核→稽覈) ------------------------------------------------------
    Rule(
        "稽核",
        None,
        left=r"財務|稅務|稅收|社保|醫保|審計|內部|財政|會計",
        name="稽核 kept: 财务稽核",
    ),
    Rule("稽核", "审核", name="稽核→审核 (default)"),
    Rule("稽覈", None, left=r"財務|稅務|稅收|社保|醫保|審計|內部|財政|會計", name="稽覈 kept"),
    Rule("稽覈", "审核", name="稽覈→审核 (default)"),
    # ---- 線上 (s2twp: 在线→線上; 战线上, 线上线下 are real) ---------------------------------------------
    Rule(
        "線上",
        "在线",
        right=r"監測|監控|監管|監視|檢測|值守",
        not_left=r"戰|防|航|界|紅|底|連|前|路|主|熱|專",
        name="線上→在线: 在线监测/监控",
    ),
    # ---- 區域性 (s2twp: 局部→區域性; 区域性 is real) ------------------------------------------------
    Rule(
        "區域性",
        "局部",
        right=r"\s*(?:與|和|、輕|、|或)\s*全域性|利益|地區|區域|環境|地方|範圍|服從",
        name="區域性→局部: 局部与全局, 局部利益",
    ),
    Rule(
        "區域性",
        "局部",
        left=r"(?:全域性|總體|整體|全體|全面)\s*(?:與|和|、|或)\s*",
        name="區域性→局部: 全局与局部, 总体与局部",
    ),
    # ---- 指標 (s2twp: 指针→指標) -----------------------------------------------------------------
    Rule(
        "指標",
        "指针",
        left=r"(?:精神|思想|理論|方針|講話|論述|綱領|路線)為",
        name="指標→指针: 以…精神为指针",
    ),
    # ---- 效能 (s2twp: 性能→效能; 效能 is real) ----------------------------------------------------
    Rule(
        "效能",
        "性能",
        left=r"住宅|產品|裝置|設備|機械|技術|安全|防火|保溫|抗震|材料|動力|車輛|電池",
        name="效能→性能: 住宅性能",
    ),
    Rule("效能", "性能", right=r"認定|測試|檢測|優良|穩定|可靠|價格比", name="效能→性能: 性能认定"),
    # ---- 高階 (s2twp: 高级/高端→高階) -------------------------------------------------------------
    Rule("高階", "高端", left=r"中", name="高階→高端: 中高端"),
    Rule(
        "高階",
        "高端",
        right=r"人才|產業|製造|裝備|服務|市場|產品|品牌|要素|化|智庫|消費|旅遊|技術|企業|領域|人群|客戶|崗位",
        not_left=r"提",
        name="高階→高端: 高端人才, 高端产业",
    ),
    Rule(
        "高階",
        "高级",
        right=r"幹部|工程師|職稱|技工|技師|中學|人民法院|人民檢察院|法院|領導|官員|管理|顧問|經濟師|會計師"
        r"|教師|講師|職務|專家|法官|檢察官|別|技能|研修|經理|記者|編輯|農藝師",
        not_left=r"提",
        name="高階→高级: 高级干部, 高级工程师",
    ),
    # ---- 啟用 (s2twp: 激活→啟用; 启用 is real) ----------------------------------------------------
    Rule(
        "啟用",
        "激活",
        right=r"力|[^，。；！？,;!?]{0,12}(?:積極性|活力|潛力|潛能|動力|要素|市場|消費|資源|細胞|層面|一池春水"
        r"|興趣|熱情|創造力|創新)",
        name="啟用→激活: 激活…积极性/活力",
    ),
    # ---- 連線 (s2twp: 连接→連線; 连线 is real) ----------------------------------------------------
    Rule("連線", "连接", right=r"著|着|起", name="連線→连接: 连接着, 连接起"),
    Rule("連線", "连接", left=r"(?:網路|網絡|網際網路)\s*", name="連線→连接: 网络连接"),
    # ---- 重新整理 (s2twp: 刷新→重新整理) ----------------------------------------------------------
    Rule(
        "重新整理",
        "刷新",
        right=r"了?[^，。；,;]{0,16}(?:紀錄|記錄)",
        name="重新整理→刷新: 刷新…纪录",
    ),
    # ---- s2twp words whose plain reverse is a real word ----------------------------------------------
    Rule(
        "查詢",
        "查找",
        right=r"[^，。；,;]{0,4}(?:問題|不足|差距|原因|漏洞|隱患|根源|短板|薄弱|症結|病灶)",
        name="查詢→查找: 查找问题/不足/差距",
    ),
    Rule(
        "影片",
        "视频",
        right=r"監控|監視|會議|會商|通話|連線|直播|調度|巡查|點播|會見|講話|資料|資源|新聞|監測",
        name="影片→视频: 视频监控, 视频会议",
    ),
    Rule("檢視", "查看", left=r"點擊|點選|可|請|線上", name="檢視→查看: 点击查看"),
    Rule("檢視", "查看", right=r"更多|次數|全文|詳情|原文|大圖", name="檢視→查看: 查看更多"),
    Rule("匯入", "导入", left=r"指", name="匯入→导入: 指导入驻 (s2twp read 指|导入|驻)"),
    Rule("計程車", "的士", right=r"氣", name="計程車→的士: 的士气 (s2twp read 的士|气)"),
    # ---- 國小 / 國中 (older s2twp: 小学→國小, 初中→國中) --------------------------------------------
    Rule(
        "中國小",
        "中小学",
        not_right=r"說|康|商品|型|微|企|額|麥|城|孩|朋|吃|鎮|島|區|鳥|米|品|調|學|將|姐|妹|夥|伙",
        name="中國小→中小学",
    ),
    Rule(
        "國小學生",
        "小学学生",
        not_left=r"[我全各本兩中外祖強建治愛報開回出歸入鄰友他該此萬諸大小美英法德俄日韓鄰盟敵列]",
        name="國小學生→小学学生 (中心小学学生宿舍)",
    ),
    Rule(
        "國小",
        "小学",
        not_left=r"[我全各本兩中外祖強建治愛報開回出歸入鄰友他該此萬諸大小美英法德俄日韓鄰盟敵列]",
        name="國小→小学",
    ),
    Rule(
        "國中",
        "初中",
        not_left=r"[我全各本兩中外祖強建治愛報開回出歸入鄰友他該此萬諸大小美英法德俄日韓鄰盟敵列]",
        not_right=r"之國|央|心|華|共|國",
        name="國中→初中",
    ),
    # ---- 著 (TWVariants: 着→著) ----------------------------------------------------------------------
    *(Rule(w, None, name=f"{w} kept (real 著 word)") for w in ZHE_WORDS),
    Rule("著", "着", name="著→着 (aspect particle)", check_words=False),
)

# the 著 rules alone: used on Traditional pages that show no Taiwan vocabulary
ZHE_RULES: tuple[Rule, ...] = tuple(r for r in RULES if "著" in r.key)

# words that only a Taiwan-vocabulary conversion writes; a page with a few of them gets the table
TW_MARKERS = (
    "專案",
    "資訊",
    "網路",
    "釋出",
    "迴圈",
    "全域性",
    "區域性",
    "型別",
    "巨集",
    "遠端",
    "排程",
    "視窗",
    "物件",
    "網際網路",
    "中國小",
    "軟體",
    "硬體",
    "使用者",
    "伺服器",
    "部落格",
    "簡訊",
    "影片",
    "程式",
)


def has_taiwan_vocab(text: str, minimum: int = 3) -> bool:
    """True when `text` holds at least `minimum` occurrences of words only s2twp writes."""
    n = 0
    for w in TW_MARKERS:
        n += text.count(w)
        if n >= minimum:
            return True
    return False


# --------------------------------------------------------------------------------------------------
# word boundaries

# jieba's dictionary also holds rare compounds (维权网, 资讯网, 资讯中心, 资讯月: frequency 4) that
# would block real Taiwan words; a crossing word blocks a candidate only from this frequency on
# (杳无音讯 is 11, 只言片语 35, 尽快 1832).
CROSSING_MIN_FREQ = 10


# frequency given to the Simplified-script form of every Taiwan word (网路, 型别, 释出 ...) in the
# segmenter, so that jieba reads them as words (不同/型别/的, not 不/同型/别的) while real splits
# with fewer words still win (尽快/取得, 提高/阶段, 安排/程式)
TW_WORD_FREQ = 1000


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """A private jieba (the shared default one is left alone) that knows the Taiwan words."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    jieba = rjieba.Jieba()
    for key, rules in taiwan_matcher().candidates.items():
        if len(key) > 1 and any(r.after is not None for r in rules):
            word = t2s.convert(key)
            freq = jieba.suggest_freq(word) if jieba.has_word(word) else 0
            jieba.add_word(word, max(TW_WORD_FREQ, freq), None)
    return jieba


class Words:
    """The jieba segmentation (no HMM) of a line, as (start, end) spans."""

    def __init__(self, text: str):
        self.text = text
        self.jieba = segmenter()
        ends = list(accumulate(map(len, self.jieba.cut(text, False))))
        self.starts = [0, *ends[:-1]] if ends else []
        self.spans: list[tuple[int, int]] = list(zip(self.starts, ends, strict=True))

    def crossed(self, start: int, end: int, after: str | None = None) -> bool:
        """True if replacing [start, end) by `after` would break a word that reaches outside it.

        A crossing word (one that overlaps the span and reaches outside it) counts only if it is
        frequent enough (`CROSSING_MIN_FREQ`) and, for a replacement, if the replacement changes
        a character it shares with the span (网路→网络 keeps the 网 of 交通网; 快取→缓存 breaks the
        快 of 尽快) and the word does not become another known word (联络点→联系点 is fine,
        杳无音讯→杳无音频 is not). For a kept word (`after=None`, e.g. 著名) a crossing word counts
        when it is more frequent than the kept word itself (接着|作出 beats 著作, 著名 beats 为着).
        """
        floor = CROSSING_MIN_FREQ
        if after is None:
            own = self.text[start:end].replace("着", "著")
            floor = max(floor, self.jieba.suggest_freq(own) + 1)
        i = max(bisect_right(self.starts, start) - 1, 0)
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            i += 1
            if e <= start or (s >= start and e <= end) or e - s < 2:
                continue
            if after is not None:
                if not self._changes(start, end, s, e, after):
                    continue
                if s <= start and e >= end:
                    new = self.text[s:start] + after + self.text[end:e]
                    if self.jieba.has_word(new) and self._freq(new) >= CROSSING_MIN_FREQ:
                        continue
            if self._freq(self.text[s:e]) >= floor:
                return True
        return False

    def _freq(self, word: str) -> int:
        return self.jieba.suggest_freq(word)

    def _changes(self, start: int, end: int, s: int, e: int, after: str) -> bool:
        """Does replacing [start, end) by `after` change a character of the word [s, e)?"""
        old = self.text[start:end]
        if s <= start and e >= end:  # the word holds the whole span
            return old != after
        if s < start:  # the word holds a prefix of the span
            k = e - start
            return old[:k] != after[:k]
        k = end - s  # the word holds a suffix of the span
        return old[-k:] != after[-k:]

    def word_at(self, i: int) -> tuple[int, int]:
        """The span of the word holding offset `i`."""
        k = max(bisect_right(self.starts, i) - 1, 0)
        return self.spans[k] if self.spans else (i, i + 1)

    def word_before(self, i: int) -> tuple[int, int] | None:
        """The span of the word that ends at offset `i`, if any."""
        k = bisect_right(self.starts, i) - 1
        if k >= 1 and self.spans[k][0] == i:
            return self.spans[k - 1]
        return None


# --------------------------------------------------------------------------------------------------
# matching


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    after: str | None  # None: kept (t2s)
    name: str


class Matcher:
    """Longest-match, left-to-right phrase matcher over a Traditional line."""

    def __init__(self, table: dict[str, str], rules: tuple[Rule, ...]):
        self.candidates: dict[str, list[Rule]] = {}
        for rule in rules:
            self.candidates.setdefault(rule.key, []).append(rule)
        for trad, simp in table.items():
            self.candidates.setdefault(trad, []).append(Rule(trad, simp, name=f"{trad}→{simp}"))
        by_first: dict[str, list[str]] = {}
        for key in self.candidates:
            by_first.setdefault(key[0], []).append(key)
        self.by_first = {c: sorted(ks, key=len, reverse=True) for c, ks in by_first.items()}
        # Where some key starts: the keys' trie as one regex. Stepping from first character to
        # first character instead tried _at at 15 % of all positions, nearly always in vain.
        self.first = trie_regex(self.candidates) if self.candidates else None

    def find(self, text: str, words: Callable[[], Words]) -> list[Match]:
        """Matches in `text`; `words()` gives its word segmentation (computed only if needed)."""
        out: list[Match] = []
        if self.first is None:
            return out
        pos = 0
        while True:
            m = self.first.search(text, pos)
            if m is None:
                return out
            start = m.start()
            hit = self._at(text, start, words)
            if hit is None:
                pos = start + 1
            else:
                out.append(hit)
                pos = hit.end

    def _at(self, text: str, start: int, words: Callable[[], Words]) -> Match | None:
        for key in self.by_first[text[start]]:
            if not text.startswith(key, start):
                continue
            end = start + len(key)
            for rule in self.candidates[key]:
                if not rule.applies(text, start, end):
                    continue
                if rule.check_words and words().crossed(start, end, rule.after):
                    break  # same span for every rule of this key: try a shorter key
                return Match(start, end, rule.after, rule.name)
        return None


@lru_cache(maxsize=1)
def taiwan_matcher() -> Matcher:
    table = {k: v for k, (v, _note) in load_table().items()}
    return Matcher(table, RULES)


@lru_cache(maxsize=1)
def zhe_matcher() -> Matcher:
    return Matcher({}, ZHE_RULES)
