"""Line-level cues of a speech's shape: one predicate per test, positive and negative."""

from __future__ import annotations

import pytest

from jianghua.split.cues import (
    is_closing,
    is_exhortation,
    is_inner_address,
    is_opening,
    is_salutation,
    plain,
    states_meeting_purpose,
)


def test_plain_strips_ideographic_and_nbsp_spaces():
    assert plain("\u3000\u3000同志们:\xa0 ") == "同志们:"


@pytest.mark.parametrize(
    "text",
    [
        "同志们:",
        "同志们：",
        "同志们:。",  # a scraper's stray 。
        "\u3000\u3000同志们:",
        "各位领导、同志们:",
        "各位领导同志们:",
        "各位嘉宾、各位朋友:",
        "女士们、先生们:",
        "(2005-07-07)同志们:",
    ],
)
def test_salutation(text):
    assert is_salutation(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "同志们,做好关心下一代工作责任重大。",
        "同志们、朋友们!",
        "各位嘉宾、各位朋友,",
        "下面,我讲三点意见:",
        "总结一年来创新和亮点工作的实践,我们认为有以下经验值得总结:",
        "启示一:升学教育与素质教育并不相悖,可以实现“双赢”。",
        "同志们:这次会议很重要。",  # text after the colon
    ],
)
def test_not_salutation(text):
    assert is_salutation(text) is False


@pytest.mark.parametrize(
    "text", ["各位老领导,同志们:", "尊敬的各位领导,同志们:", "尊敬的罗平厅长,各位领导、同志们:"]
)
def test_bug_salutation_with_comma(text):
    assert is_salutation(text) is True


@pytest.mark.parametrize("text", ["同志们、朋友们!", "同志们!", "各位代表、各位来宾!"])
def test_inner_address(text):
    assert is_inner_address(text) is True


@pytest.mark.parametrize("text", ["同志们:", "同志们,让我们团结起来!", "今天,我们在这里召开会议!"])
def test_not_inner_address(text):
    assert is_inner_address(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "谢谢大家!",
        "谢谢大家。",
        "谢谢!",
        "谢谢各位",
        "感谢大家的聆听!",
        "最后,祝大家身体健康、工作顺利!",
        "最后,衷心祝愿各位老同志身体健康、工作顺利、幸福安康!谢谢大家!",
        "预祝大会圆满成功!",
        "我就讲这些。",
        "我就讲到这里。",
        "我的讲话到此结束。",
        "我就讲以上三点意见。",
    ],
)
def test_closing(text):
    assert is_closing(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "要切实保障人民群众生命安全和身体健康。",
        "我代表市委、市政府,向受到表彰的先进集体和先进个人表示热烈的祝贺!",
        "同志们:",
        "一是推动事业健康发展。",
        "祝" + "大家" * 70 + "健康!",  # longer than 160 characters
    ],
)
def test_not_closing(text):
    assert is_closing(text) is False


def test_bug_qingzhu_sentence_is_not_closing():
    assert is_closing("今年以来,我们成功举办了庆祝建党100周年系列活动,取得圆满成功。") is False


@pytest.mark.parametrize(
    "text",
    [
        "同志们,让我们在市委的坚强领导下,开拓进取,为完成全年目标任务而努力奋斗!",
        "同志们,环境保护事关人民群众的根本利益,各级各部门要为全市发展做出更大的贡献。",
    ],
)
def test_exhortation(text):
    assert is_exhortation(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "同志们,做好关心下一代工作责任重大",  # no final 。/!
        "同志们:",
        "让我们共同努力!",  # no addressee
        "各位嘉宾、各位朋友,",
        "今天,我们在这里召开会议。",
        # an address without a call to act is not a closing exhortation
        "同志们,做好关心下一代工作责任重大。",
        "各位老领导、同志们,在这次疫情防控工作中,广大老年人和青少年都是重点防护对象。",
    ],
)
def test_not_exhortation(text):
    assert is_exhortation(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "前不久,省政府召开了全省环保工作会议,对全年工作作了部署,下面我讲几点意见。",
        "这次会议的主要任务是深入贯彻党的十九大精神。",
        "经市委同意,今天召开全市关工委工作会议。",
        "很高兴参加今天的全市关工委工作会议。",
        "下面,我讲三点意见。",
        "今天,我们在这里召开专题常委会议,主要目的是听取和评议市卫健委的工作。",
    ],
)
def test_opening(text):
    assert is_opening(text) is True


@pytest.mark.parametrize(
    "text",
    ["去年全市经济保持平稳增长。", "今天天气很好。", "一要聚焦立德树人,强化政治引领。"],
)
def test_not_opening(text):
    assert is_opening(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "今天,我们在这里召开专题常委会议,主要目的是听取和评议市卫健委的工作。",
        "这次会议的主要任务是深入贯彻党的十九大精神。",
        "经市委同意,今天召开全市关工委工作会议。",
        "经市委研究决定,召开这次全市档案工作会议。",
    ],
)
def test_states_meeting_purpose(text):
    assert states_meeting_purpose(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "我们今天再一次召开会议部署,就是要进一步统一思想、凝聚共识,推动各项工作落实。",
        "很高兴参加今天的全市关工委工作会议。",
        "下面,我讲三点意见。",
        "前不久,省政府召开了全省环保工作会议。",
        # the purpose must be stated in the first 120 characters
        "一" * 120 + "今天召开这次会议的主要目的是部署工作。",
    ],
)
def test_not_states_meeting_purpose(text):
    assert states_meeting_purpose(text) is False


def test_an_address_to_parents_teachers_or_alumni_is_a_salutation():
    from jianghua.split.cues import is_salutation

    for text in ("各位亲爱的家长：", "尊敬的各位老师、亲爱的同学：", "亲爱的校友：", "各位家长:"):
        assert is_salutation(text), text
    assert not is_salutation("请各位家长注意：")  # an instruction, no addressee at its end


def test_a_long_address_is_a_salutation():
    from jianghua.split.cues import is_salutation

    text = "终审法院首席法官、各位司法机构人员、大律师公会主席、律师会会长、各位嘉宾、各位女士、各位先生："
    assert is_salutation(text)
