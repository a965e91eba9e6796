"""Spans of time written with Chinese numerals or in weeks and months, rewritten as a number of days.

"三个礼拜", "三周", "3个星期" → "21天"; "一个月" → "30天"; "半个月", "十五天" → "15天"; "三日" → "3天".
Buyers write how long ago they received the goods in every one of these ways, and the 15-day rule turns on
the number: the knowledge base and faq/cues.py's elapsed-days cue read one form ("N天") whatever was typed.
The synonym table once listed a few of them by hand (两周 → 14天, 半个月 → 15天); this rule covers the rest.

Left alone on purpose: dates (3月5日, 十月二十日 — a 日 after 月 or a digit is a day of the month), weekdays
(星期三, 周一, 礼拜天), anniversaries (3周年), "N月" without 个 (a month's name), and 半天 ("ages", not
half a day). Written here rather than with a numeral converter such as cn2an: that would turn 三 into 3 but
not weeks and months into days, and the numerals that occur here (up to 99) are few.
"""

from __future__ import annotations

import re

ZH_DIGITS = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "半": 0.5,
}
_NUMERAL = "[一两二三四五六七八九十]+"
_WEEKS_RE = re.compile(rf"(\d+|{_NUMERAL}|半) ?个? ?(?:周|星期|礼拜)(?![天日一二三四五六七年末])")
_MONTHS_RE = re.compile(rf"(\d+|{_NUMERAL}|半) ?个 ?月")
_DAYS_RE = re.compile(rf"(?<![月\d一两二三四五六七八九十])({_NUMERAL}) ?(?:天|日)")
_UNIT_CHARS = frozenset("天日周期拜月")


def zh_number(text: str) -> float | None:
    """The value of digits or a Chinese numeral up to 99 ("二十五" → 25, "半" → 0.5), else None."""
    if text.isdigit():
        return float(text)
    if text in ("十来", "十几"):
        return 12.0
    if text == "二十几":
        return 25.0
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = ZH_DIGITS.get(head, 1) if head else 1
        ones = ZH_DIGITS.get(tail, 0) if tail else 0
        return float(tens * 10 + ones)
    if len(text) == 2 and text[0] in ZH_DIGITS and text[1] in ZH_DIGITS and "半" not in text:
        # Two numerals side by side are a range, "两三天" = two or three days: the larger (not 23).
        return float(max(ZH_DIGITS[text[0]], ZH_DIGITS[text[1]]))
    if len(text) == 1 and text in ZH_DIGITS:
        return float(ZH_DIGITS[text])
    if text.startswith("半") or text.endswith("半"):
        whole = zh_number(text.strip("半")) if text.strip("半") else 0.0
        return None if whole is None else whole + 0.5
    return None


def _as_days(match: re.Match[str], per_unit: int) -> str:
    n = zh_number(match.group(1))
    if n is None or n <= 0:
        return match.group(0)
    days = n * per_unit
    return f"{int(days) if days == int(days) else days}天"


def days_written_out(text: str) -> str:
    """`text` with each span of weeks, months or Chinese-numeral days written as "N天"."""
    if _UNIT_CHARS.isdisjoint(text):
        return text
    text = _WEEKS_RE.sub(lambda m: _as_days(m, 7), text)
    text = _MONTHS_RE.sub(lambda m: _as_days(m, 30), text)
    return _DAYS_RE.sub(lambda m: _as_days(m, 1), text)
