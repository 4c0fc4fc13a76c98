"""A page announcing N texts ("精选N篇") is compared with what was found."""

from pages import text_page

from jianghua.clean.noise import strip_noise
from jianghua.split import split_page

BODY = "同志们:\n今天召开全县工作会议,主要任务是总结去年工作,部署今年任务。\n谢谢大家!"


def speeches(count_line: str, items: int):
    texts = [count_line]
    for k in range(items):
        texts += [f"篇{'一二三四'[k]}", *BODY.replace("全县", f"第{k}县").split("\n")]
    return split_page(strip_noise(text_page(texts)))


def test_announced_count_that_matches_is_not_flagged():
    found = speeches("领导讲话(精选3篇)", 3)
    assert len(found) == 3 and not any("announced_count" in s.flags for s in found)


def test_announced_count_that_differs_is_flagged_on_every_speech():
    found = speeches("领导讲话(精选4篇)", 2)
    assert len(found) == 2
    assert all("announced_count" in s.flags for s in found)
    assert found[0].meta["announced"] == {"count": 4, "found": 2}
