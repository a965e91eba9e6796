"""Greetings and thanks are recognised as such (whole message), questions are not."""

from __future__ import annotations

import pytest

from faq.small_talk import small_talk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你好", ("greeting", "zh")),
        ("您好！", ("greeting", "zh")),
        ("在吗？？", ("greeting", "zh")),
        ("Hi", ("greeting", "en")),
        ("hello there 👋", ("greeting", "en")),
        ("谢谢", ("thanks", "zh")),
        ("好的，谢谢！", ("thanks", "zh")),
        ("多谢了", ("thanks", "zh")),
        ("thanks", ("thanks", "en")),
        ("Thank you so much!", ("thanks", "en")),
        ("ok thanks", ("thanks", "en")),
        ("thx", ("thanks", "en")),
    ],
)
def test_small_talk_recognised(text, expected):
    assert small_talk(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "你好，卖家拒绝了怎么办",
        "hi, how long does the appeal take?",
        "谢谢你，申诉要多久",
        "thanks but the seller still refuses",
        "卖家不理我",
        "",
        "😡😡😡",
        "hello " * 10,
    ],
)
def test_questions_are_not_small_talk(text):
    assert small_talk(text) is None
