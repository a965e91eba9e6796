"""Greetings and thanks are not questions.

"谢谢" or "hi" went to the matcher, scored low and got "这个问题我暂时答不上来" — and were kept as misses for
the operator. Here they are recognised first (whole message only: "你好，卖家拒绝了怎么办" is a question)
and answered kindly. A short closed list, not a model: these are a handful of fixed phrases.
"""

from __future__ import annotations

import re
from typing import Literal

SmallTalk = Literal["greeting", "thanks"]

_GREETING = re.compile(
    r"(hi|hello|hey|hiya|yo|good (morning|afternoon|evening)|hello there|hi there"
    r"|你好|您好|你好呀|哈喽|嗨|在吗|在不在|有人吗|早上好|下午好|晚上好|早)",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"((ok(ay)?|great|got it)?,? ?(thanks?|thank you( so much| very much)?|thx|ty|tysm|many thanks|cheers)"
    r"( a lot)?|(好的)?，?(谢谢|谢谢你|谢谢您|多谢|感谢|感谢你|谢啦|谢了|辛苦了)(啦|了|哈)?)",
    re.IGNORECASE,
)
# Trailing and leading decoration: punctuation, emoji, spaces.
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def small_talk(text: str) -> tuple[SmallTalk, Literal["zh", "en"]] | None:
    """("greeting" | "thanks", the language to answer in), or None for anything else."""
    core = re.sub(r"\s+", " ", _EDGES.sub("", text)).strip()
    if not core or len(core) > 30:
        return None
    lang: Literal["zh", "en"] = "zh" if _CJK.search(core) else "en"
    if _GREETING.fullmatch(core):
        return "greeting", lang
    if _THANKS.fullmatch(core):
        return "thanks", lang
    return None
