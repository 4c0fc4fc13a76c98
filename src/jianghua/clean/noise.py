"""Remove site noise from a page, line by line, recording each removed line with its reason.

Scraped 范文/文库 pages wrap speeches in navigation bars, collection titles and blurbs, 文库
metadata, pagination fragments, ads and prev/next links. Each rule below is a (reason, test) pair
over one line; the first rule that matches removes the line. The 文库 metadata line ("上传人 文档编号
上传时间 格式 页数 大小") and article metadata ("发表时间 查看次数 来源 [关闭]") are removed from the
text but their values are kept: page-wide values in `page.meta['wenku']`, per-line values in
`page.meta['line_meta']` so the splitter can hand them to the speech that follows.
"""

from __future__ import annotations

import re

from jianghua.records import Edit, Line, Page
from jianghua.text import chinese_number

_NUM = r"[0-9一二三四五六七八九十百零〇两]+"

# Collection titles and blurbs: "…(精选16篇)", "…汇编(59篇)", "以下是为大家整理的", "本站小编".
_COLLECTION_TITLE = re.compile(
    rf"[(（【\[]?\s*(精选|精編|精编|汇编|彙編|合集|大全|范文)?\s*{_NUM}\s*篇\s*[)）】\]]\s*$"
    rf"|(精选|精選|汇编|彙編|合集|大全)\s*{_NUM}\s*篇"
    # "讲话稿范文3篇", "讲话稿2篇": a short heading naming a count of texts
    rf"|^[^，。；！？,;!?：:]{{2,30}}(稿|范文|发言|讲话|致辞|材料)\s*{_NUM}\s*篇$"
    # "讲话稿范文精选", "领导讲话材料汇编": a heading over a collection
    r"|^[^，。；！？,;!?：:]{0,24}(范文|讲话稿|发言稿|致辞|讲话|材料|演讲稿)(精选|大全|汇编|合集|选编)$"
)
_ANNOUNCED = re.compile(rf"({_NUM})\s*篇")

# The credit ending a caption ("…作政府工作报告。新华社记者 庞兴雷 摄"), from the sentence end before it.
_CREDIT = (
    # the outlet before 记者 is any short name: 新华社, 贵州日报天眼新闻, 新甘肃·甘肃日报
    r"[。！!]\s*[(（]?\s*[\u4e00-\u9fff·]{0,12}?\s*(记者|通讯员|特约摄影)"
    r"\s*[\u4e00-\u9fff·、 ]{2,16}\s*[/／]?\s*摄\s*[)）]?$"
    # a name alone before 摄 ("…出席法律年度开启典礼。何君健摄"), or a file photo ("。资料图片")
    r"|[。！!]\s*[\u4e00-\u9fff·]{2,4}\s*[/／]?\s*摄\s*$|[。！!]\s*(资料图片|资料图|档案图片)\s*$"
)

# News and portal pages: what the publication adds around a text (the real pages). Each is
# a whole line of its own kind, so each rule is anchored and bounded in length.
_NEWS_NOISE: list[tuple[str, re.Pattern[str], int, tuple[str, ...] | None]] = [
    # "新华社记者 李涛 摄", "（记者 王静 摄）", "图为会议现场。", "（图片来源：新华网）"
    (
        "photo caption",
        re.compile(
            r"^[(（]?\s*(\S{0,12}(记者|通讯员|摄影)\s*[\u4e00-\u9fff·、 ]{2,20}\s*[/／]?\s*摄(影)?)\s*[)）]?$"
            # a caption ending with its credit: "…作政府工作报告。新华社记者黄敬文摄"
            r"|"
            + _CREDIT
            + r"|^图为.{2,80}[。.]?$|^[^。]{4,120}。\s*图为[^。]{2,80}[。.]?$|^[(（【]\s*(图片来源|图源|图片|摄影|供图)\s*[:：].{1,40}[)）】]$"
            r"|^\S{0,20}(供图|摄影报道)$"
            # the credit alone: "摄影 宗琪琪", "摄影/王晓明", "图/新华社"
            r"|^[(（]?\s*(摄影|图片|图|摄)\s*[:：/／|｜\s]\s*[\u4e00-\u9fff·]{2,6}"
            r"([\s、，,]+[\u4e00-\u9fff·]{2,6}){0,3}\s*[)）]?$"
        ),
        120,
        ("摄", "图", "供图"),
    ),
    # "新华社北京12月31日电" alone on its line; "（本报布拉柴维尔3月29日电）"
    (
        "dateline",
        re.compile(
            r"^[(（【\[]?\s*(新华社|中新社|本报|人民网|新华网|央视网|央广网|中国日报|光明网)"
            r"\S{0,16}\d{1,2}\s*月\s*\d{1,2}\s*日\s*(电|消息|讯)\s*([(（]?\s*记者.{0,30})?[)）】\]]?$"
            # "央视网消息（新闻联播）：", "北京时间3月5日消息"
            r"|^(新华网|人民网|央视网|央广网|中新网|中国新闻网)消息\s*([(（][^)）]{1,12}[)）])?\s*[:：]?$"
            r"|^北京时间\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*消息\s*[:：]?$"
        ),
        80,
        ("电", "消息", "讯"),
    ),
    # The news report around a speech: its lead ("新华网巴黎11月30日电（记者…）国家主席习近平30日…"),
    # "讲话全文如下：" (the speech follows on its own lines).
    (
        "news lead",
        re.compile(
            r"^[(（]?\s*(新华社|新华网|中新社|中新网|本报|人民网|央视网|央广网|中国日报|光明网|澎湃新闻)"
            r"[^，。,]{0,16}\d{1,2}\s*月\s*\d{1,2}\s*日\s*(电|讯|消息)"
            # a school's or a county's news site: "新闻网讯　10月6日，…", "本网讯（记者 陈 博）"
            r"|^(本网|本站|本报|新闻网|[\u4e00-\u9fff]{2,10}网)讯"
            r"([\s\u3000]*[(（]\s*(记者|通讯员)[^()（）]{1,30}[)）]|[\s\u3000]+)"
            r"[\s\u3000]*(“|\d{1,2}\s*月|近日|日前|今天|昨天|[^，。]{0,30}，)"
            # "…发表主旨演讲。讲话全文如下：" ("现将…报告如下：" is a report's own sentence)
            r"|^.{0,300}全文(如下|为|是)\s*[:：]?$"
        ),
        # a lead is one paragraph; a longer line that opens with a dateline is the whole article
        # glued to it (a run-on page whose marks were not cut), and dropping it lost the speech
        600,
        ("电", "讯", "消息", "全文"),
    ),
    # "《人民日报》（2013年09月06日02版）", "（来源：人民日报）", "2015年07月21日13:32 来源：人民网"
    (
        "publication trailer",
        re.compile(
            r"^[(（]?\s*《[^》]{2,12}》\s*[(（]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
            r"\s*(第?\s*\d{1,2}\s*版)?\s*[)）]?\s*[)）]?$"
            r"|^[(（【]\s*(来源|稿源|出处|转自|摘自)\s*[:：].{1,40}[)）】]$"
            # "（《毛泽东选集》第五卷，人民出版社1977年4月第1版，第116-124页）": where a book printed it
            r"|^[(（]\s*《[^》]{2,30}》[^()（）]{0,30}(出版社|版)[^()（）]{0,40}[)）]$"
            r"|^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?\s*\d{1,2}[:：]\d{2}(:\d{2})?"
            r".{0,40}(来源|作者|编辑)"
            r"|^(来源|稿源|作者|出处)\s*[:：]\s*\S.{0,40}$"
            r"|^(时间|日期|发布时间|更新时间|发文日期|成文日期)\s*[:：]\s*\d{4}\s*[-年./]\s*\d{1,2}"
            r"\s*[-月./]\s*\d{1,2}.{0,20}$"
            r"|^(阅读量|浏览量|点击量|阅读|浏览)\s*[:：]?\s*\d*$"
            # "中央政府门户网站 www.gov.cn 2013年03月19日08时55分 来源：新华社"
            r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}\s*[时:：]\s*\d{2}.{0,30}(来源|作者)\s*[:：]"
            r"|^(<!--|-->|\s)+$"
        ),
        100,
        (
            "》",
            "来源",
            "稿源",
            "出处",
            "转自",
            "摘自",
            "作者",
            "编辑",
            "时间",
            "日期",
            "阅读",
            "浏览",
            "点击",
            "<!--",
            "-->",
        ),
    ),
    # a tag the scraper left as text, alone on its line: <a href="http://cpc.people.com.cn/…">
    (
        "markup left in the text",
        re.compile(r"^</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>$"),
        400,
        ("<",),
    ),
    # "责任编辑：王静", "（责任编辑： 郭桢）", "原标题：…", "标签：…", "关键词：…"
    (
        "editorial note",
        re.compile(
            r"^[(（【\[]?\s*(责任编辑|责编|编辑|审核|校对|审校|美编|监制|编审|值班编辑|作者|通讯员|"
            r"文字编辑|新媒体编辑|网络编辑|美术编辑|图片编辑|执行编辑|运营编辑|版面编辑)\s*[:：].{0,30}$"
            # a post's credits by a colon: "文字：刘佳妮", "翻译：范韵欣 徐宁晨" (names, no sentence)
            r"|^[(（【\[]?\s*(文字|图片|图文|摄影|翻译|供稿|排版|设计|美工)\s*[:：][^。！？!?，,]{1,30}$"
            r"|^[(（【\[]?\s*(原标题|原题|标签|关键词|关键字|相关专题|专题)\s*[:：】\]]"
            # a WeChat account's credits, "丨" between role and names, often one after the other:
            # "供稿丨党委学生工作部采写丨李晓昕 吴祖儿摄影丨陆芊骅 …责任编辑丨郑宇云"
            r"|^(供稿|采写|文字|文案|图片|摄影|视频|海报|设计|排版|执行编辑|责任编辑|编辑|初审|复审|终审|审核|"
            r"校对|来源|作者|通讯员|记者)\s*[丨|｜]\s*\S.{0,300}$"
        ),
        400,
        (
            "编",
            "审",
            "校对",
            "文字",
            "图",
            "摄影",
            "翻译",
            "供稿",
            "排版",
            "设计",
            "美工",
            "监制",
            "作者",
            "通讯员",
            "原题",
            "原标题",
            "标签",
            "关键",
            "专题",
            "丨",
        ),
    ),
    # "（这是邓小平同志在…的讲话。）", "（根据录音整理）", "注：本文…": the editor's note on a text
    (
        "editor's note on the text",
        re.compile(
            # (a "?" before it: a character the page's encoding lost)
            r"^[?？\s\u3000]*[(（]\s*(这是|本文(是|系|为|根据)|此文|本篇|根据.{0,20}(录音|记录|手稿)|注\s*[:：]"
            # （摘自邓小平同志会见……时的谈话。）, （这两段话分别摘自……）, （原载《人民日报》……）
            r"|(这|以上)[两几三四五六七八九十些]?(段|篇|部分|节)[^()（）]{0,6}(摘自|选自|是)"
            r"|(分别)?(摘自|选自|节选自|原载|载于|收入))"
            r".+[)）]\s*$"
            r"|^[(（]\s*[^()（）]{0,40}(根据|据)(录音|记录稿|记录|讲话录音)(整理|刊印).{0,20}[)）]$"
            # "※这是习近平总书记2023年5月29日在二十届中央政治局第五次集体学习时的讲话。": the
            # note a journal (求是) sets under a speech it prints, without brackets
            r"|^[※*＊\s]*这是[^。（）()]{0,30}?\d{4}\s*年\s*\d{1,2}\s*月[^。（）()]{0,80}"
            r"(讲话|发言|谈话|报告|致辞|演讲|论述)(的一部分|的节录|的主要部分|要点|节录|摘要)?。?$"
            # "这是毛泽东同志在中国人民政治协商会议第一届全体会议上的开幕词": a book's note, undated
            # ... perhaps after a sentence on the meeting ("一九五三年十月二十六日至十一月五日，中共中央
            # 召开了……会议。这是毛泽东同志在会前和会议期间同……的两次谈话。"), a few sentences
            # on it (七千人大会: when, who came, why so named)
            r"|^([^。]{0,120}。){0,3}这是[\u4e00-\u9fff]{2,4}同志[^。；]{2,80}的([一二三四两几]次|一封|一份)?"
            r"(讲话|发言|谈话|报告|致辞|演讲|开幕词|闭幕词|祝词|结论|演说|讲演|信|批语|批示|按语|题词)"
            r"(的一部分|的节录|要点|节录|提纲)?。?$"
        ),
        400,
        ("这", "本文", "此文", "本篇", "注", "据", "摘自", "选自", "原载", "载于", "收入", "以上"),
    ),
    # licence and copyright paragraphs, reprint notices
    (
        "licence notice",
        re.compile(
            r"转载请注明|转载须|未经.{0,12}(授权|许可|同意).{0,12}(转载|使用|复制)|版权(归|属于).{0,16}所有"
            r"|如有侵权|侵删|免责声明|本文(来源于|来自|转自|转载自)|本站(部分)?(文章|内容|资料)来(自|源于)"
            r"|版权声明|仅供(学习|参考|交流).{0,10}(使用|之用)?.{0,20}(删除|联系)"
        ),
        300,
        ("转载", "授权", "许可", "版权", "侵权", "侵删", "免责", "本文", "本站", "仅供"),
    ),
    # site chrome: "欢迎来到…网", "收藏本站 Ctrl+D", "我要投稿 投诉建议", "【字体：大 中 小】", "www.gov.cn"
    (
        "site widget",
        re.compile(
            r"^\s*欢迎(来到|访问|光临).{0,30}(网|站|平台|门户)"
            r"|收藏本站|加入收藏|设为首页|添加.{0,16}到桌面|Ctrl\s*\+?\s*D"
            r"|^[【\[]?\s*(字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小|^[【\[]\s*大\s*中\s*小\s*[】\]]"
            r"|^[【\[]?\s*(E-?mail推荐|打印本页|关闭窗口|打印文章|打印此文|我要纠错|分享到)"
            r"|^(我要投稿|投诉建议|网站地图|联系我们|关于我们|意见反馈|返回首页|手机版|登录|注册)(\s|$|[|｜/])"
            # a page's tool bar, one button per line: 下载 / 打印 / 全屏 / 【字号： / 加大 / 还原 / 】
            r"|^[【\[]?\s*(下载|打印|全屏|收藏|分享|加大|减小|还原|放大|缩小|字号\s*[:：]?|字体\s*[:：]?|"
            r"关闭|返回|返回顶部|顶部|评论|点赞|转发|复制链接|扫一扫|微信|微博|QQ空间|"
            r"朗读|播报|听新闻|纠错|打印本页|关闭本页|打印正文|关闭窗口|视力保护色|背景色|"
            # the font-size switch, a word a line: "字号：默认 / 大 / 超大" (gov.cn)
            # ("大" or "中" alone could be a text's own line: only the switch's longer words)
            r"字号\s*[:：]\s*默认|默认|超大|特大|较大)\s*[】\]]?$"
            # a field's label with nothing after it ("来源：" above the value's own line)
            r"|^(来源|作者|编辑|责任编辑|发布时间|发布日期|时间|日期|字号)\s*[:：]\s*$"
            # a publication stamp to the minute: speeches are dated by the day
            r"|^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}[:：]\d{2}([:：]\d{2})?$"
            # a post's prompts: "点击蓝字关注我们", "扫码关注我们", "戳这里↓↓↓", "视频加载中..."
            r"|^(点击|扫码|扫描二维码|长按)[^，。；]{0,12}关注[^，。；]{0,10}$|^戳(这里|此处)"
            r"|^视频加载中"
            # a banner's link text: "》》点击图片进入专题《《", "点击这里查看"
            r"|^[》>«»《<\s]*点击(图片|此处|这里|下图|上图)?(进入|查看|阅读|了解)[^，。；]{0,12}[《<»«\s]*$"
            # the site's footer: "地址：绍兴市站前大道1898号电话&传真：0575-85173853"
            r"|^(地址|通讯地址|联系地址)\s*[:：].{0,50}(电话|邮编|传真|Tel)"
            r"|^(联系)?(电话|传真|邮编)\s*[:：]\s*[\d\-－（）() ]{6,}"
            # a portal's mailbox links ("校长信箱") and a government document's release note
            r"|^(校长|书记|县长|市长|区长|局长|院长|主任)信箱$"
            r"|^[(（]?\s*此件(可)?(公开|依申请公开|不予公开)(发布)?\s*[)）]?$"
            # a WeChat account's digest and its calls: "【二条】南都聚焦·张志超案|…", "阅读原文"
            r"|^[【\[](头条|次条|[二三四五六七八九十]条)[】\]]"
            r"|点击(下方|上方|左下角|文末)?\s*[“\"]?阅读原文|^阅读原文$"
            r"|^点击(下方|上方|左下角|文末|图片|链接)[^，。]{0,12}(小程序|二维码|关注|购买|选购|报名|查看)"
            r"|^#[^#\s]{2,12}#$"
            r"|长按.{0,8}二维码|点击上方.{0,8}(蓝字|关注)|^关注该公众号$"
            r"|^[【】\[\]|｜/]$"
            r"|扫一扫在手机(上)?打开|在手机打开当前页|用手机扫描二维码|分享到[:：]"
            r"|^[^，。；！？,;!?]{0,24}\s*(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|cn|net|org|gov\.cn)\s*$"
            r"|^\s*(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+\.(com|cn|net|org)(/\S*)?\s*$",
            re.I,
        ),
        80,
        None,  # tool-bar words, domains: tried on every line of 80 characters or less
    ),
]
_BLURB = re.compile(
    r"以下是(为大家|小编|本站)|以下是[^，。]{1,12}(为您|为大家|给大家)整理的|希望(大家|您|你)(能够|会)?喜欢|下面是(本站|小编|为大家|我们为)|本站小编|小编(为|给)大家|"
    r"(为|给)大家整理|欢迎(品鉴|阅读)|希望对(大家|您|你)有(所)?帮助|"
    r"参考以下.{0,10}范文|范文(仅供|供大家)"
)
# 文库 pages: metadata, viewer fragments and widgets. Pages machine-converted to Traditional with
# Taiwan vocabulary bring them back as 点选检视更多, 相关搜寻 when the page has too little Taiwan
# vocabulary for the phrase table to be used.
_WENKU_META = re.compile(r"上传人\s*[:：]|文档编号\s*[:：]|上传时间\s*[:：]")
_WENKU_FIELDS = {
    "uploader": r"上传人\s*[:：]\s*(\S+)",
    "doc_id": r"文档编号\s*[:：]\s*(\S+)",
    "uploaded": r"上传时间\s*[:：]\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})",
    "format": r"格式\s*[:：]\s*(\S+)",
    "pages": r"页数\s*[:：]\s*(\d+)",
    "size": r"大小\s*[:：]\s*(\S+)",
}
_WENKU_WIDGET = re.compile(
    r"^(下载\s*相关\s*举报|(点击|点选)(查看|检视)更多.*|展开阅读全文|相关资源|猜你喜欢|相关(搜索|搜寻)|下载资源|资源描述|"
    r"全文阅读已结束.*|本文档.*(下载|预览).*|还剩.{0,10}页未读.*|阅读全文|查看全文|收藏|举报|分享|打印|"
    r"(最新动态)?推荐(内容|阅读)|热门(推荐|文章|阅读)|相关(推荐|文章|阅读|报道|新闻|链接|文档)\s*[:：]?|延伸阅读|精彩推荐)\s*$"
)
_DOC_TITLE = re.compile(r"\.(docx?|pdf|wps|txt)(_第\d+页)?\s*$", re.I)
_SHARED_BY = re.compile(r"由会员分享.*可在线阅读|请在.{1,12}上搜索")
_PAGE_OF = re.compile(r"^第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页$|^本文章?共\s*\d+\s*页.{0,12}$")
_LOCATION = re.compile(r"^(您?当前(所在)?的?位置|您的位置|所在位置)\s*[:：]")
# a portal's footer: "网站标识码：…", "主办单位：某某县人民政府办公室", "承办：…"; "人民网-人民日报"
_FOOTER = re.compile(
    r"^(网站标识码|政府网站标识码|主办单位|主办|承办单位|承办|协办|维护单位|技术支持|公安备案|"
    r"建议使用)\s*[:：]\s*[^，。！？,!?]{1,60}$"
    r"|^(人民|新华|央视|央广|中新|光明|中国|求是|环球|澎湃|凤凰|新浪|搜狐|网易|腾讯)网\s*[-－—]\s*"
    r"[\u4e00-\u9fff]{2,10}$"
)
# a byline: "本报记者 张三", "记者 张三 李四" (names only)
_REPORTER = re.compile(
    r"^(本报|本台|本网|新华社)?(特约)?记者\s*[\u4e00-\u9fff·]{2,4}(\s+[\u4e00-\u9fff·]{2,4}){0,3}$"
)
_COPYRIGHT = re.compile(r"copyright|版权所有|©|ICP\s*备|ICP证|备案号|All Rights Reserved", re.I)
# Pagination fragments left by a pager widget: "共", "3", "页,当前第。", "[1]", "上一页".
# A number is whole (a year is no page number: "2020.07.13" under a speaker's name is its date).
_PAGER = re.compile(
    r"^((\[?\d{1,3}(?!\d)\]?|共|页|第|当前第?|当前在第|上一页|下一页|首页|尾页|末页|返回顶部|返回列表|返回首页)"
    r"[\s,，。.]*){1,12}$"
)
# A widget that introduces a list of links to other articles; the titles under it are links too.
# "注释" alone, or glued to its first note ("注释[1]参看本书第四卷……")
# a script's appendix for whoever gives it: "附录：演讲辅助建议", "演讲提示", "讲话注意事项"
_ADVICE_HEAD = re.compile(
    r"^(附录|附)\s*[:：]\s*(演讲|讲话|发言|汇报|答辩)?(辅助建议|建议|提示|技巧|注意事项|备注)$"
    r"|^(演讲|讲话|发言|答辩)(辅助建议|提示|技巧|注意事项|备注)\s*[:：]?$"
)
# "註一：（2011）14 HKCFAR266", "註 1 這筆額外撥款……": a numbered footnote, whatever stands above it
_NUMBERED_NOTE = re.compile(
    r"^注\s*[一二三四五六七八九十]{1,3}\s*[:：]\s*\S.{0,400}$|^注\s*\d{1,2}(\s*[:：]|\s+)\s*\S.{0,400}$"
)
_NOTES_HEAD = re.compile(r"^(注释|注解|注\s*释)\s*[:：]?\s*($|[\[〔［【(（]\s*1\s*[\]〕］】)）])")
_NOTE = re.compile(r"^(注释|注解)?\s*[\[〔［【]\s*\d{1,3}\s*[\]〕］】]\s*\S.{0,400}$")
_LINK_LIST_HEAD = re.compile(
    r"^(相关(推荐|文章|阅读|资源|搜索|搜寻|报道|新闻|链接|文档|稿件)\s*[:：]?|新闻链接\s*[:：]?|阅读(下|上)一篇|"
    r"推荐(阅读|内容)|热门(推荐|文章|阅读)|延伸阅读|精彩推荐|猜你喜欢)\s*$"
)
# one related article on its line, head and title: "本网相关报道：李校长解读我校危机:“别为排名所累”"
_RELATED_LINE = re.compile(
    r"^(本网|本站|本报)?(相关(报道|新闻|链接|阅读|文章|稿件)|延伸阅读)\s*[:：]\s*[^。！？!?]{2,80}$"
)
# A link title: short and without sentence punctuation ("2021年在全县安全生产工作会议上的发言").
_LINK_TITLE = re.compile(r"^[^，。；！？,;!?：:]{2,60}$")
_PREV_NEXT = re.compile(
    r"^(上一篇|下一篇|上一页|下一页|上篇|下篇)\s*[:：]"
    # "2025-11-28 阅读下一篇：", news.cn's pager after the date of the next story
    r"|^[\d\s:：-]{0,20}阅读[上下]一篇\s*[:：]?.{0,60}$"
    # "新闻链接 习近平致信祝贺……": a link to the story around the text
    r"|^(新闻链接|相关链接|相关新闻|相关报道)\s*[:：]?\s*\S.{0,120}$"
)
# Ads: "文章代写:132…(同微信) 代写演讲稿". A speech may mention 代写 or a 举报电话, so only lines
# offering writing services or a messaging contact count.
_AD = re.compile(
    r"(代写|代笔)\s*[:：]?.{0,12}(演讲稿|讲话稿|文章|材料|论文|\d{5,})|(微信|QQ|qq)\s*[:：]?\s*\d{5,}"
    r"|\d{11}.{0,6}(同微信|微信同号)|(联系电话|咨询电话|联系方式|电话|手机)\s*[:：]?\s*1\d{10}"
    # a site asking for its readers' money: "请加入成为众新闻的月费订户，长期支持我们的工作。"
    r"|(加入|成为)[^。！]{0,16}(月费|付费|年费)?(订户|付费会员)|(月费|付费)订户"
)
_ARTICLE_META = re.compile(
    r"(发表时间|发布时间|发布日期|查看次数|浏览次数|阅读次数|点击数|人气|栏目|发布于|释出于|信息来源|"
    r"发布者|发布人|信息发布人|发布机构)\s*[:：]"
)
_ARTICLE_FIELDS = {
    "published": r"(?:发表时间|发布时间|发布日期)\s*[:：]\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})",
    "views": r"(?:查看次数|浏览次数|阅读次数|点击数)\s*[:：]\s*(\d+)",
    "from": r"来源\s*[:：]\s*([^\s\[【]+)",
}
_NOTE_DATED = re.compile(r"这是.{0,30}?(\d{4}|[〇零一二三四五六七八九]{4})\s*年")
HEAD_NOTE_LINES = 4
HANDOVER_ALONE = 12  # characters: "全文如下：" alone on its line names no one
# a biography: a name, then the day of birth ("钱理群，1939年1月30日生于重庆，祖籍浙江杭州。")
_BIOGRAPHY = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,4})[，,]\s*(?:[男女][，,]\s*(?:[\u4e00-\u9fff]{1,3}族[，,]\s*)?)?"
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*(?:生|出生)"
)
_NOTE_NAMES = re.compile(r"这是[\u4e00-\u9fff]{2,4}?(同志|总书记|主席|总理)在")
_AUTHOR = re.compile(r"^[(（【\[]?\s*(?:本文)?作者\s*[:：]\s*([^)）】\]]{2,40})[)）】\]]?$")
_CLOSE_LINK = re.compile(r"\[\s*关闭\s*\]|【\s*关闭\s*】|\[\s*打印\s*\]")


MAX_NOISE_CHARS = 400
# A word from each of _WENKU_META, _ARTICLE_META, _CLOSE_LINK, _SHARED_BY and _BLURB's branches
# (tested: every line of the seeds those rules remove holds one).
_NOISE_WORDS = re.compile(
    "上传|文档编号|发表时间|发布|查看次数|浏览次数|阅读次数|点击数|人气|栏目|释出于|关闭|打印|信息来源"
    "|由会员分享|请在|以下是|下面是|小编|大家整理|欢迎|希望对|参考以下|范文"
)


# A draft pasted from a chatbot's answer: its opening offer and closing question to the user
# ("好的，那我帮你把演讲稿压缩整合成3个大部分……", "你要我帮你做PPT提纲版吗？"), not the speech
_ASSISTANT = re.compile(
    r"^(好的|好|当然|没问题|可以的?)[，,！!。]\s*.{0,20}?(我|这里)(来)?(帮你|为你|给你)"
    r"(把|做|整理|生成|转成|改写|扩写|润色|调整|写|准备|拟)"
    r"|^(我可以|我还可以|如果你(需要|愿意|想)|需要的话|要不要我|你要我|是否需要我|如需).{0,30}?"
    r"(帮你|为你|给你)(把|做|整理|生成|转成|改写|扩写|润色|调整|写|准备|拟|再)"
)
# an editor's foreword above a reposted text: "编者按：美国当地时间2月5日晚……", "【按】2月20日，……"
_FOREWORD = re.compile(
    r"^[【\[(（]\s*(编者按|编者的话|编辑按|编按|按)\s*[】\])）]|^(编者按|编者的话|编辑按|编按)\s*[:：]"
)
FOREWORD_MAX = 1200
_FOREWORD_SIGNED = re.compile(r"^[—–-]{1,2}\s*[\u4e00-\u9fff·]{2,8}$")
_SOURCE_NOTE = re.compile(
    r"^[(（]?\s*注\s*[:：]\s*(参考|参照|转自|摘自|来源|引自|选自|改编自)"
    # a reposted article's line on where it came from: "原文来自订阅号「新闻实验室」：…",
    # "文章来自微信 故问研修班", "本文来源：公众号《邓学平律师》", "本文转载自…"
    r"|^[(（]?\s*(原文|本文|文章|此文)\s*(来自|来源|转自|转载自|转载于|出自|首发于|首发|源自|作者)"
    # "转载自校报，演讲全文有删节。" under the text
    r"|^[(（]?\s*(转载自|转自|转载于)[^。，,]{1,20}([，,][^。]{0,20}(删节|节选|改动)[^。]{0,6})?。?[)）]?$"
)
# "END" under a WeChat post, "- END -": where the post's text stops
_END_MARK = re.compile(r"^[-—–=_*·\s]*(END|End|THE END|The End)[-—–=_*·\s]*$")
# A rule drawn with one symbol: "========", "--------", "＊＊＊", "━━━━": layout, no words
_SEPARATOR = re.compile(r"^([=\-_*~～—─━＝＊#+·•■□◆◇★☆])(?:\s*\1){2,}$")
# A presentation script's cues to whoever works the slides: "翻页", "出图", "（切换下一页）", and the
# slide headings ("🎤 幻灯片 2：地形骨架 —— …", "PPT 3", "第5张幻灯片"): not what is said
_SLIDE_CUE = re.compile(
    r"^[(（【\[]?\s*(翻页|下一页|上一页|换页|翻下一页|切换(到)?下一页|出图|出表|放图|放视频|播放视频|"
    r"播放PPT|放映|致谢页|(打开|关闭|切换)\s*(PPT|ppt|幻灯片|演示文稿)|(切换|翻)到第?\s*\d+\s*页)\s*[)）】\]]?$"
    r"|^\W{0,3}\s*(幻灯片|PPT|ppt|Slide|slide)\s*\d{1,3}\s*([:：．.、\s—-]|$)"
    r"|^\W{0,3}\s*第\s*\d{1,3}\s*(张幻灯片|页PPT|页幻灯片)"
    r"|^\W{0,3}\s*(Page|PAGE|page|P)\s*\d{1,3}\s*(开始|结束|start|end|START|END)?\s*$"
    # a timed part of a defence script: "00:00–00:30 封面 + 引言 P1-P4", "总时长：6 min"
    r"|^\d{1,2}[:：]\d{2}\s*[–—\-~～至]\s*\d{1,2}[:：]\d{2}(\s|$)"
    r"|^(总|预计)?(时长|用时)\s*[:：]\s*(约)?\s*\d+(\.\d+)?\s*([-~～－]\s*\d+)?\s*(min|分钟|秒|s)?\s*$"
    r"|^[(（]\s*翻[^)）]{0,30}[)）]$"
    # a timing: "(总时长约 6-8 分钟)", "【开场 — 30秒】"
    r"|^[(（【\[]\s*(总?时长|用时|预计)?\s*[约大概]*\s*\d+(\.\d+)?\s*([-~～－至]\s*\d+)?\s*(秒|秒钟|分钟)"
    r"\s*(左右)?\s*[)）】\]]$"
    r"|^[(（【\[]\s*[\u4e00-\u9fff]{1,6}\s*[—–-]+\s*\d+\s*(秒|秒钟|分钟)\s*[)）】\]]$"
    # a direction in brackets: "（多媒体状态：展示首屏……）", "【演讲台词】", "（背景音乐起）"
    r"|^[(（【\[]\s*(多媒体|PPT|ppt|画面|视频|大?屏幕|背景音乐|音乐|配乐|灯光|动画|演讲台词|台词|旁白)"
    r"[^)）】\]]{0,200}[)）】\]]$"
    r"|^[(（【\[][^)）】\]]{0,40}(切换|翻页|下一页|播放完毕)[^)）】\]]{0,20}[)）】\]]$"
    # what the script tells its speaker, and where it ends: "（此部分由演讲者现场自行演示并讲解）",
    # "【演讲者自行补充以下演示内容的讲解词：】", "（演讲稿完）", "（全文完）"
    r"|^[(（【\[][^)）】\]]{0,30}(演讲者|发言人|主讲人|讲解人)[^)）】\]]{0,30}"
    r"(自行|现场|演示|补充|停顿|示意|讲解)[^)）】\]]{0,30}[)）】\]]$"
    r"|^[(（【\[]\s*(演讲稿|讲话稿|发言稿|全文|正文|讲话|演讲)?\s*(完|终|结束)\s*[)）】\]]$"
)
# Capitals only, two words or more: a site's English banner, not an English sentence or a name
_LATIN_BANNER = re.compile(r"^[A-Z][A-Z0-9&'’.-]*(?:\s+[A-Z0-9&'’.-]+){1,8}$")


def _is_navigation(text: str) -> bool:
    """A navigation bar: several short space-separated labels and no sentence punctuation."""
    tokens = text.split()
    # a full stop ends a sentence ("That's all. Thank you."), never a menu's label
    if len(tokens) < 4 or re.search(r"[，。,：:；;！!？?“”、]|\.(\s|$)", text):
        return False
    if _SPACED_DATE.match(text.strip()):
        return False  # "2020 年 3 月 28 日": a date typed with spaces, under a signature
    # figures are no menu: "科目余额计算 ×10 —— 0.06 秒", "支持 Python 3.10 / 3.11 / 3.12 三个版本"
    if sum(any(c.isdigit() for c in t) for t in tokens) >= 2 or re.search(r"[×—]|\d\.\d", text):
        return False
    return all(len(t) <= 6 for t in tokens)


_SPACED_DATE = re.compile(
    r"^[(（]?[\d〇零一二三四五六七八九○Ｏ0-9\s]{2,9}年[\s\d一二三四五六七八九十]{1,6}月([\s\d一二三四五六七八九十]{1,6}日)?[)）]?$"
)


def _fields(text: str, patterns: dict[str, str]) -> dict[str, str]:
    found = {}
    for key, pattern in patterns.items():
        m = re.search(pattern, text)
        if m:
            found[key] = m.group(1)
    return found


def classify(text: str) -> str | None:
    """The reason `text` is site noise, or None if it is content.

    Length limits are tested before the patterns: most lines are long paragraphs of content, and
    a regex search over each of them was most of this stage's time."""
    s = text.strip()
    if not s:
        return None
    # A line this long is a paragraph of content: even when a scraper glued a metadata field to
    # it, removing the whole line would lose the paragraph (the noise is left, not the text).
    short = len(s) < MAX_NOISE_CHARS
    # The rules that search the whole line each need one of these words: most lines (paragraphs
    # of a speech) hold none, and one scan for all of them replaces five.
    maybe = short and _NOISE_WORDS.search(s) is not None
    if maybe and _WENKU_META.search(s):
        return "文库 metadata"
    if maybe and (_ARTICLE_META.search(s) or _CLOSE_LINK.search(s)):
        return "article metadata"
    if _PREV_NEXT.match(s):
        return "prev/next link"
    if len(s) < 100 and _AD.search(s):
        return "advertisement"
    if len(s) < 120 and _COPYRIGHT.search(s):
        return "copyright notice"
    if maybe and _SHARED_BY.search(s):
        return "文库 blurb"
    if len(s) < 120 and _DOC_TITLE.search(s):
        return "文库 document title"
    if _WENKU_WIDGET.match(s) or _LOCATION.match(s):
        return "文库 widget"
    if _PAGE_OF.match(s) or _PAGER.match(s):
        return "pagination"
    if len(s) < 80 and _COLLECTION_TITLE.search(s):
        return "collection title"
    if maybe and len(s) < 300 and _BLURB.search(s):
        return "collection blurb"
    if _is_navigation(s):
        return "navigation"
    if _SEPARATOR.match(s) or _END_MARK.match(s):
        return "separator"
    if len(s) <= 100 and _RELATED_LINE.match(s):
        return "related-article list"  # "本网相关报道：李校长解读我校危机" inside a story
    if len(s) <= 200 and _SOURCE_NOTE.match(s):
        return "publication trailer"  # "注：参考自https://zhuanlan.zhihu.com/…": where the text came from
    if len(s) <= 60 and (_MARKED_CAPTION.match(s) or _PICTURE_SOURCE.match(s)):
        return "photo caption"
    if len(s) <= 30 and (_BYLINE.match(s) or _REPORTER.match(s)):
        return "editorial note"
    if len(s) <= 80 and _FOOTER.match(s):
        return "site widget"
    if len(s) <= 20 and _SOURCE_BRACKET.match(s):
        return "publication trailer"
    if len(s) <= FOREWORD_MAX and _FOREWORD.match(s):
        return "editor's note on the text"
    if len(s) <= 300 and _ASSISTANT.search(s):
        return "chatbot's words"
    if len(s) <= 240 and _SLIDE_CUE.match(s):
        return "slide cue"
    if 9 <= len(s) <= 80 and _LATIN_BANNER.match(s):
        return "site widget"  # "MESSAGE FROM THE PRESIDENT" over a Chinese text: a banner
    for reason, pattern, limit, needles in _NEWS_NOISE:
        # each rule's words tested as substrings first (in C): most lines hold none of them
        if len(s) <= limit and (needles is None or any(n in s for n in needles)):
            if pattern.search(s):
                return reason
    return None


_CAPTION_CREDIT = re.compile(_CREDIT)
# a WeChat post's caption under its picture: "▲ 会议现场", "△ 特朗普在国会发表国情咨文/视觉中国"
# (short, one sentence at most: "▲一是要加强领导，二是要……。我们要……" is a speech's bullet)
_MARKED_CAPTION = re.compile(r"^[▲△↑]\s*[^。；;！!？?]{1,38}[。！]?$")
_PICTURE_SOURCE = re.compile(
    r"^[(（]?\s*(图片来源|图源|图片提供|配图)\s*[:：丨|｜]\s*\S.{0,30}[)）]?$"
)
# a byline: "文/张三", "撰文：张三", "文图｜李四" (names, no sentence)
_BYLINE = re.compile(r"^(文|图|文图|图文|撰文|撰稿|作者)\s*[/／丨|｜:：]\s*[^，。！？,!?]{2,24}$")
# where a text was reprinted from, bracketed alone: "（央视新闻客户端）", "（人民日报）"
_SOURCE_BRACKET = re.compile(
    r"^[(（]\s*[\u4e00-\u9fff]{2,12}(客户端|日报|晚报|新闻网|时报)\s*[)）]$"
)


def _doubled(text: str) -> str | None:
    """The half of a line that is one text twice ("图说。新华社记者鞠鹏摄图说。新华社记者鞠鹏摄"),
    else None."""
    half = len(text) // 2
    if len(text) < 20 or len(text) % 2 or text[:half] != text[half:]:
        return None
    return text[:half].strip()


def _caption_key(text: str) -> str:
    return "".join(text.split())


# A crawler's record header: "- source_url: https://…", "抓取时间：2026-04-03", "文种：会议纪要".
_FIELD_LINE = re.compile(
    r"^[-*•·]?\s*(?P<key>[A-Za-z][A-Za-z0-9_ .-]{0,29}|[\u4e00-\u9fff]{2,6})\s*[:：]\s*(?P<value>.{0,300})$"
)
_CRAWL_KEY = re.compile(r"抓取|采集|爬取|入库|capture|crawl|fetch|scrape", re.I)
_URL_VALUE = re.compile(r"^(https?://|www\.)\S+$", re.I)
FIELD_BLOCK_MIN = 3
_SENTENCE_MARKS = re.compile(r"[，。；！？]|[,;!?](\s|$)")


def _field_blocks(lines) -> dict[int, tuple[str, str]]:
    """{index: (key, value)} of the lines in a crawler's record header: a run of at least
    FIELD_BLOCK_MIN "key: value" lines with a key in Latin letters (corpus_id, source_url), a URL
    for a value or a key about the crawl (抓取时间). A speech's own lines of that shape (时间：…
    地点：… 主持人：…, a meeting's header) have none of these; their run is kept."""
    found: dict[int, tuple[str, str]] = {}
    run: list[tuple[int, str, str]] = []

    def close():
        evidence = sum(
            1
            for _, key, value in run
            if key.isascii() or _URL_VALUE.match(value.strip()) or _CRAWL_KEY.search(key)
        )
        # values are metadata, not sentences: "Setup：它生成一组公共参数，这是对……" under a
        # lecture's terms is text (c12f_ajwl_bake_biometric_ake_talk.pdf); a title may hold a comma
        said = sum(1 for _, _, value in run if _SENTENCE_MARKS.search(value))
        if len(run) >= FIELD_BLOCK_MIN and evidence >= 2 and said <= 1:
            found.update({i: (key, value) for i, key, value in run})
        run.clear()

    for i, line in enumerate(lines):
        stripped = line.text.strip()
        m = _FIELD_LINE.match(stripped) if len(stripped) < MAX_NOISE_CHARS else None
        if m and not (m.group("key").isascii() and m.group("key").lower() in ("http", "https")):
            run.append((i, m.group("key").strip(), m.group("value")))
        elif stripped or not run:
            close()
    close()
    return found


_BLOCK_TITLE_KEYS = {"title", "标题", "题目", "篇名", "headline"}

# A news story handing over to the full text of the speech it reports: "总统致词全文如下：",
# "…总统并发表就职演说，演说全文为：", "以下是林郑月娥出席…致辞全文：" (總統府 records, 眾新聞,
# university news). The story's paragraphs above it are not the speech; its headline stays.
HANDOVER = re.compile(
    r"^[*\s]*(?:.{0,300}全文(?:如下|为|是)\s*[:：]?"
    r"|以下(?:是|为)[^。！？]{0,50}(?:全文|原文|讲话|致辞|演辞|发言|演讲)(?:翻译|译文)?"
    r"(?:（[^）]{0,12}）)?\s*[:：]?)"
    r"[*\s]*$"
)
STORY_PARAGRAPHS_MAX = 8  # a longer text above "全文如下：" is no lead: a speech quoting a document
STORY_CHARS_MAX = 4000
_STORY_SENTENCE = re.compile(r"[。！？!?]")


def _story_above_full_text(lines) -> dict[int, str]:
    """{index: reason} of the story's paragraphs above the line handing over to the full text
    and of that line, when the story is short and the text after it is not."""
    said = [i for i, line in enumerate(lines) if line.text.strip()]
    for n, i in enumerate(said[: STORY_PARAGRAPHS_MAX * 3]):
        text = lines[i].text.strip()
        if len(text) > 400 or not HANDOVER.match(text):
            continue
        if len(said) - n - 1 < 3:
            return {}
        story = [j for j in said[:n] if _STORY_SENTENCE.search(lines[j].text)]
        if len(story) > STORY_PARAGRAPHS_MAX:
            return {}
        if sum(len(lines[j].text) for j in story) > STORY_CHARS_MAX:
            return {}
        found = {j: "news story" for j in story}
        found[i] = "news lead"
        return found
    return {}


# A printed page's furniture in text taken from it: its number alone on a line ("5150", "- 12 -")
# and the running head repeated at every page break ("立法會 ─ 2013年 2月 27日"), which left in
# cut a LegCo record's budget speech into six (c12g_legco_2013_budget_speech_hansard.txt)
_PAGE_NUMBER = re.compile(r"^[-—－–\s]*(\d{1,5})[-—－–\s]*$")
PAGE_BREAKS_MIN = 3  # page numbers (rising) or a running head seen this often
_HEAD_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _page_furniture(lines) -> dict[int, str]:
    """{index: reason} of the page numbers and running heads of text taken from printed pages."""
    numbers = []
    for i, line in enumerate(lines):
        m = _PAGE_NUMBER.match(line.text) if len(line.text) <= 16 else None
        if m:
            numbers.append((i, int(m.group(1))))
    # page numbers rise: keep the longest rising run of them, so that a figure alone is left alone
    rising = [
        numbers[k] for k in range(len(numbers)) if k == 0 or numbers[k][1] > numbers[k - 1][1]
    ]
    if len(rising) < PAGE_BREAKS_MIN:
        return {}
    found = {i: "page number" for i, _ in rising}
    said = [i for i, line in enumerate(lines) if line.text.strip()]
    position = {i: n for n, i in enumerate(said)}
    near: dict[str, int] = {}
    for i, _ in rising:  # the lines next to each page number
        at = position[i]
        for j in said[max(0, at - 2) : at + 3]:
            text = lines[j].text.strip()
            if j not in found and len(text) <= 40:
                near[text] = near.get(text, 0) + 1
    heads = {text for text, n in near.items() if n >= PAGE_BREAKS_MIN}
    for i in said:
        if lines[i].text.strip() in heads:
            found[i] = "running head"
    return found


def strip_noise(page: Page) -> Page:
    """Return the page without noise lines; each removed line becomes an Edit(kind='noise')."""
    blocks = _field_blocks(page.lines)
    furniture = _page_furniture(page.lines)
    story = _story_above_full_text(page.lines)
    kept: list[Line] = []
    edits: list[Edit] = []
    wenku = dict(page.meta.get("wenku", {}))
    line_meta = dict(page.meta.get("line_meta", {}))
    in_link_list = False
    in_notes = False  # under a 注释 heading: the numbered notes that follow are noise
    in_advice = False  # under "附录：演讲辅助建议": the script's notes to its speaker, to the end
    meta_extra: dict = {}  # the count of texts a collection title announces ("精选16篇")
    captions: set[str] = set()  # the captions removed with their credit, without it
    said_before = -1  # non-blank lines above this one
    after_foreword = False  # the line above was an editor's foreword (编者按, 【按】)
    last_lead = ""  # the last line removed as a news lead or story
    for index, line in enumerate(page.lines):
        stripped = line.text.strip()
        said_before += bool(stripped)
        reason = classify(line.text)
        if index in furniture and reason is None:
            reason = furniture[index]
            if reason == "running head" and _HEAD_DATE.search(stripped):
                # "立法會 ─ 2013年 2月 27日": the sitting's date, for structure.meta
                line_meta.setdefault(line.source_line, {"running_head": stripped})
        if reason is None and index in story:
            reason = story[index]
        if index in blocks:
            reason = "record header"
            key, value = blocks[index]
            if key.lower() in _BLOCK_TITLE_KEYS and value.strip():
                meta_extra.setdefault("record_title", value.strip())
        doubled = _doubled(stripped) if reason is None else None
        if doubled:
            # a picture's alt text and its caption run together: the caption twice on one line
            reason = classify(doubled)
        if reason is None and said_before < HEAD_NOTE_LINES + 2 and len(stripped) <= 600:
            bio = _BIOGRAPHY.match(stripped)
            if bio:  # "钱理群，1939年1月30日生于重庆，……教授": the author's life above his text
                reason = "author's biography"
                line_meta.setdefault(line.source_line, {"biography": bio.group("name")})
        if reason is None and after_foreword and _FOREWORD_SIGNED.match(stripped):
            reason = "editor's note on the text"  # "——方可成" under the 【按】 its author signs
        if stripped:
            after_foreword = reason == "editor's note on the text" and bool(
                _FOREWORD.match(stripped)
            )
        if reason is None and captions and _caption_key(stripped) in captions:
            reason = "photo caption"  # the same picture's caption again, its credit left off
        if reason is None and (in_advice or _ADVICE_HEAD.match(stripped)):
            reason, in_advice = "speaker's notes", True
        if reason is None and _NUMBERED_NOTE.match(stripped):
            reason = "notes"
        if reason is None and (in_notes or _NOTES_HEAD.match(stripped)) and _NOTE.match(stripped):
            reason = "notes"  # "注释" then "[1]参见……": the book's notes to the text
        if reason is None and _NOTES_HEAD.match(stripped) and not _NOTE.match(stripped):
            reason, in_notes = "notes", True
        if reason is None and in_link_list and stripped and _LINK_TITLE.match(stripped):
            reason = "related-article list"
        elif stripped:
            in_link_list = bool(_LINK_LIST_HEAD.match(stripped))
            if reason is None and in_link_list:
                reason = "related-article list"  # "相关稿件", "延伸阅读": the list's own head
        if reason is None:
            kept.append(line)
            continue
        lead_above = last_lead
        if reason in ("news lead", "news story", "dateline"):
            last_lead = stripped
        edits.append(Edit("noise", line.source_line, line.text, "", reason))
        if reason == "photo caption":
            credit = _CAPTION_CREDIT.search(stripped)
            if credit and credit.start() >= 10:
                captions.add(_caption_key(stripped[: credit.start() + 1]))
        if reason == "文库 metadata":
            wenku.update(_fields(line.text, _WENKU_FIELDS))
        elif reason == "文库 document title":
            wenku.setdefault("doc_title", _DOC_TITLE.sub("", line.text.strip()))
        elif reason == "collection title" and "announced" not in page.meta:
            m = _ANNOUNCED.search(stripped)
            number = chinese_number(m.group(1)) if m else None
            if number and "announced" not in meta_extra:
                meta_extra["announced"] = number
        elif reason == "news lead" and "全文" in stripped:
            # the lead handing over to the text names who gave it (国家主席习近平……发表了……贺词),
            # or the lead just above "全文如下：" does
            said = stripped if len(stripped) > HANDOVER_ALONE else f"{lead_above}{stripped}"
            line_meta.setdefault(line.source_line, {"handover_lead": said})
        elif reason == "article metadata":
            values = _fields(line.text, _ARTICLE_FIELDS)
            if values:
                line_meta[line.source_line] = values
        elif reason == "editor's note on the text" and (
            _NOTE_DATED.search(stripped)
            or (said_before < HEAD_NOTE_LINES and _NOTE_NAMES.search(stripped))
        ):
            # what the note says the text is (这是…同志一九八二年九月一日在…的讲话): its date
            # and speaker, for structure.meta when the header does not say; an undated one only
            # at the head of the page, under the title (a book's note under a compilation's
            # speech is the next one's neighbour too, and named the wrong speaker there)
            line_meta[line.source_line] = {"editor_note": stripped}
        elif reason in ("publication trailer", "editorial note"):
            # "作者：南京军区副政治委员王永明同志": on a speech's page, the byline names the speaker
            author = _AUTHOR.match(stripped)
            if author:
                line_meta[line.source_line] = {"author": author.group(1).strip()}
    meta = {**page.meta, **meta_extra}
    if wenku:
        meta["wenku"] = wenku
    if line_meta:
        meta["line_meta"] = line_meta
    return page.with_lines(kept, edits, meta=meta)
