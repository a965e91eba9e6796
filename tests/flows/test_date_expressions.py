"""The date-expression table: what users type (zh and en), read against injected clocks on both sides
of Beijing midnight and of a year boundary, and the refusals with their reasons.

Each row: (clock, text, lang, expected). ``expected`` is
* ``(y, m, d)`` — a day without a time; ``(y, m, d, h, mi)`` — a moment (Beijing);
* ``("?", day)`` — read as ``day`` with a guessed year far back: the bot asks before using it;
* ``("or", a, b)`` — day/month order ambiguous: both readings offered;
* a string — refused, with that reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.clock import BEIJING
from flows.dates import REASONS, DateError, read_when
from tests.beijing import bj

CLOCKS = {
    # Saturday morning.
    "sat": datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING),
    # Monday 23:50 Beijing: ten minutes before Beijing midnight.
    "mon2350": datetime(2026, 11, 30, 23, 50, tzinfo=BEIJING),
    # Tuesday 00:10 Beijing, still Monday 16:10 in UTC: just after Beijing midnight.
    "tue0010": datetime(2026, 11, 30, 16, 10, tzinfo=UTC),
    # New Year's Day 00:30 Beijing, still 31 December in UTC: just after the year boundary.
    "ny0030": datetime(2026, 12, 31, 16, 30, tzinfo=UTC),
    # New Year's Eve 23:40 Beijing: just before the year boundary.
    "nye2340": datetime(2026, 12, 31, 23, 40, tzinfo=BEIJING),
}

ROWS: list[tuple[str, str, str, object]] = [
    # --- zh, Saturday 28 Nov 2026 10:00 -------------------------------------------------------------
    ("sat", "今天", "zh", (2026, 11, 28)),
    ("sat", "昨天", "zh", (2026, 11, 27)),
    ("sat", "前天", "zh", (2026, 11, 26)),
    ("sat", "大前天", "zh", (2026, 11, 25)),
    ("sat", "昨天上午10点", "zh", (2026, 11, 27, 10, 0)),
    ("sat", "昨天下午3点", "zh", (2026, 11, 27, 15, 0)),
    ("sat", "昨天晚上8点半", "zh", (2026, 11, 27, 20, 30)),
    ("sat", "前天晚上9点", "zh", (2026, 11, 26, 21, 0)),
    ("sat", "大前天下午两点", "zh", (2026, 11, 25, 14, 0)),
    ("sat", "今天上午9点", "zh", (2026, 11, 28, 9, 0)),
    ("sat", "今天早上8点", "zh", (2026, 11, 28, 8, 0)),
    ("sat", "刚才", "zh", (2026, 11, 28, 10, 0)),
    ("sat", "刚刚", "zh", (2026, 11, 28, 10, 0)),
    ("sat", "半小时前", "zh", (2026, 11, 28, 9, 30)),
    ("sat", "半个小时前", "zh", (2026, 11, 28, 9, 30)),
    ("sat", "3小时前", "zh", (2026, 11, 28, 7, 0)),
    ("sat", "三个小时前", "zh", (2026, 11, 28, 7, 0)),
    ("sat", "20分钟前", "zh", (2026, 11, 28, 9, 40)),
    ("sat", "3天前", "zh", (2026, 11, 25)),
    ("sat", "十天前", "zh", (2026, 11, 18)),
    ("sat", "2周前", "zh", (2026, 11, 14)),
    ("sat", "3天前下午3点", "zh", (2026, 11, 25, 15, 0)),
    ("sat", "上周五", "zh", (2026, 11, 20)),
    ("sat", "上周日", "zh", (2026, 11, 22)),
    ("sat", "上周一", "zh", (2026, 11, 16)),
    ("sat", "上星期三", "zh", (2026, 11, 18)),
    ("sat", "上个星期五", "zh", (2026, 11, 20)),
    ("sat", "上上周五", "zh", (2026, 11, 13)),
    ("sat", "周三", "zh", (2026, 11, 25)),
    ("sat", "星期五", "zh", (2026, 11, 27)),
    ("sat", "周六", "zh", (2026, 11, 28)),
    ("sat", "礼拜天", "zh", (2026, 11, 22)),
    ("sat", "周五晚上8点", "zh", (2026, 11, 27, 20, 0)),
    ("sat", "这周一", "zh", (2026, 11, 23)),
    ("sat", "上个月20号", "zh", (2026, 10, 20)),
    ("sat", "上月5日", "zh", (2026, 10, 5)),
    ("sat", "这个月3号", "zh", (2026, 11, 3)),
    ("sat", "20号", "zh", (2026, 11, 20)),
    ("sat", "30号", "zh", (2026, 10, 30)),
    ("sat", "28号", "zh", (2026, 11, 28)),
    ("sat", "十一月二十日", "zh", (2026, 11, 20)),
    ("sat", "十一月二十日晚上八点", "zh", (2026, 11, 20, 20, 0)),
    ("sat", "11月20日", "zh", (2026, 11, 20)),
    ("sat", "11月20号", "zh", (2026, 11, 20)),
    ("sat", "11.20", "zh", (2026, 11, 20)),
    ("sat", "11/20", "zh", (2026, 11, 20)),
    ("sat", "11-20", "zh", (2026, 11, 20)),
    ("sat", "20/11", "zh", (2026, 11, 20)),
    ("sat", "2026年11月20日", "zh", (2026, 11, 20)),
    ("sat", "2026-11-20", "zh", (2026, 11, 20)),
    ("sat", "2026.11.20", "zh", (2026, 11, 20)),
    ("sat", "2026/11/20 20:30", "zh", (2026, 11, 20, 20, 30)),
    ("sat", "2026-11-20T14:30", "zh", (2026, 11, 20, 14, 30)),
    ("sat", "2026-11-20T06:30:00Z", "zh", (2026, 11, 20, 14, 30)),
    ("sat", "2026-11-20T14:30:00+08:00", "zh", (2026, 11, 20, 14, 30)),
    ("sat", "１１月２０日", "zh", (2026, 11, 20)),
    ("sat", "２０２６－１１－２０", "zh", (2026, 11, 20)),
    ("sat", "１１月２０日　２０：３０", "zh", (2026, 11, 20, 20, 30)),
    ("sat", "11月20日 下午3点", "zh", (2026, 11, 20, 15, 0)),
    ("sat", "11月20号晚上8点", "zh", (2026, 11, 20, 20, 0)),
    ("sat", "去年12月20日", "zh", (2025, 12, 20)),
    ("sat", "今年3月1号", "zh", (2026, 3, 1)),
    ("sat", "12月20日", "zh", ("?", (2025, 12, 20))),
    ("sat", "9月1日", "zh", ("?", (2026, 9, 1))),
    ("sat", "10月1日", "zh", (2026, 10, 1)),
    ("sat", "2月29日", "zh", ("?", (2024, 2, 29))),
    ("sat", "5/11", "zh", ("?", (2026, 5, 11))),
    ("sat", "昨晚8点", "zh", (2026, 11, 27, 20, 0)),
    ("sat", "今早9点", "zh", (2026, 11, 28, 9, 0)),
    ("sat", "9:30", "zh", (2026, 11, 28, 9, 30)),
    ("sat", "早上8点", "zh", (2026, 11, 28, 8, 0)),
    ("sat", "8点", "zh", (2026, 11, 28, 8, 0)),
    ("sat", "凌晨2点", "zh", (2026, 11, 28, 2, 0)),
    ("sat", "昨天中午12点", "zh", (2026, 11, 27, 12, 0)),
    ("sat", "昨天下午", "zh", (2026, 11, 27)),
    ("sat", "昨天 20:30", "zh", (2026, 11, 27, 20, 30)),
    ("sat", "昨天20点", "zh", (2026, 11, 27, 20, 0)),
    ("sat", "昨天8点20分", "zh", (2026, 11, 27, 8, 20)),
    ("sat", "昨天下午15点", "zh", (2026, 11, 27, 15, 0)),  # redundant but clear
    # --- en, Saturday 28 Nov 2026 10:00 -------------------------------------------------------------
    ("sat", "yesterday 3pm", "en", (2026, 11, 27, 15, 0)),
    ("sat", "Yesterday at 3 pm", "en", (2026, 11, 27, 15, 0)),
    ("sat", "2 days ago 3pm", "en", (2026, 11, 26, 15, 0)),
    ("sat", "two days ago", "en", (2026, 11, 26)),
    ("sat", "three hours ago", "en", (2026, 11, 28, 7, 0)),
    ("sat", "Five days ago at 8pm", "en", (2026, 11, 23, 20, 0)),
    ("sat", "last Friday", "en", (2026, 11, 27)),
    ("sat", "last friday 10am", "en", (2026, 11, 27, 10, 0)),
    ("sat", "last Saturday", "en", (2026, 11, 21)),
    ("sat", "friday", "en", (2026, 11, 27)),
    ("sat", "on Wednesday", "en", (2026, 11, 25)),
    ("sat", "wed", "en", (2026, 11, 25)),
    ("sat", "Nov 20", "en", (2026, 11, 20)),
    ("sat", "November 20", "en", (2026, 11, 20)),
    ("sat", "20 Nov", "en", (2026, 11, 20)),
    ("sat", "20th of November", "en", (2026, 11, 20)),
    ("sat", "nov 20 14:30", "en", (2026, 11, 20, 14, 30)),
    ("sat", "Nov 20 8:30 pm", "en", (2026, 11, 20, 20, 30)),
    ("sat", "20/11", "en", (2026, 11, 20)),
    ("sat", "11/20", "en", (2026, 11, 20)),
    ("sat", "9:30 am", "en", (2026, 11, 28, 9, 30)),
    ("sat", "yesterday 3:30 pm", "en", (2026, 11, 27, 15, 30)),
    ("sat", "today", "en", (2026, 11, 28)),
    ("sat", "an hour ago", "en", (2026, 11, 28, 9, 0)),
    ("sat", "half an hour ago", "en", (2026, 11, 28, 9, 30)),
    ("sat", "5 minutes ago", "en", (2026, 11, 28, 9, 55)),
    ("sat", "2 hours ago", "en", (2026, 11, 28, 8, 0)),
    ("sat", "2 weeks ago", "en", (2026, 11, 14)),
    ("sat", "3pm yesterday", "en", (2026, 11, 27, 15, 0)),
    ("sat", "November 20th, 2025", "en", (2025, 11, 20)),
    ("sat", "20 November 2025", "en", (2025, 11, 20)),
    ("sat", "the day before yesterday", "en", (2026, 11, 26)),
    ("sat", "last night 9pm", "en", (2026, 11, 27, 21, 0)),
    ("sat", "5/11", "en", ("or", (2026, 5, 11), (2026, 11, 5))),
    ("sat", "11/5", "en", ("or", (2026, 11, 5), (2026, 5, 11))),
    ("sat", "12/11", "en", ("or", (2025, 12, 11), (2026, 11, 12))),
    ("sat", "6/6", "en", ("?", (2026, 6, 6))),
    ("sat", "20/11/2026", "en", (2026, 11, 20)),
    ("sat", "11/20/2026", "en", (2026, 11, 20)),
    ("sat", "Dec 24", "en", ("?", (2025, 12, 24))),
    ("sat", "now", "en", (2026, 11, 28, 10, 0)),
    ("sat", "just now", "en", (2026, 11, 28, 10, 0)),
    # --- Monday 30 Nov 23:50, ten minutes before Beijing midnight ------------------------------------
    ("mon2350", "今天", "zh", (2026, 11, 30)),
    ("mon2350", "昨天", "zh", (2026, 11, 29)),
    ("mon2350", "23:30", "zh", (2026, 11, 30, 23, 30)),
    ("mon2350", "23:54", "zh", (2026, 11, 30, 23, 54)),
    ("mon2350", "30号", "zh", (2026, 11, 30)),
    ("mon2350", "31号", "zh", (2026, 10, 31)),
    ("mon2350", "周一", "zh", (2026, 11, 30)),
    ("mon2350", "上周日", "zh", (2026, 11, 29)),
    ("mon2350", "上周一", "zh", (2026, 11, 23)),
    ("mon2350", "last monday", "en", (2026, 11, 23)),
    ("mon2350", "1小时前", "zh", (2026, 11, 30, 22, 50)),
    ("mon2350", "12月1日", "zh", ("?", (2025, 12, 1))),
    ("mon2350", "11月30日 23:00", "zh", (2026, 11, 30, 23, 0)),
    ("mon2350", "today 11pm", "en", (2026, 11, 30, 23, 0)),
    # --- Tuesday 1 Dec 00:10 Beijing (UTC still 30 Nov) ----------------------------------------------
    ("tue0010", "今天", "zh", (2026, 12, 1)),
    ("tue0010", "昨天", "zh", (2026, 11, 30)),
    ("tue0010", "昨晚11点", "zh", (2026, 11, 30, 23, 0)),
    ("tue0010", "刚才", "zh", (2026, 12, 1, 0, 10)),
    ("tue0010", "半小时前", "zh", (2026, 11, 30, 23, 40)),
    ("tue0010", "1号", "zh", (2026, 12, 1)),
    ("tue0010", "30号", "zh", (2026, 11, 30)),
    ("tue0010", "上个月30号", "zh", (2026, 11, 30)),
    ("tue0010", "12月1日", "zh", (2026, 12, 1)),
    ("tue0010", "12月20日", "zh", ("?", (2025, 12, 20))),
    ("tue0010", "上周五", "zh", (2026, 11, 27)),
    ("tue0010", "周一", "zh", (2026, 11, 30)),
    ("tue0010", "周二", "zh", (2026, 12, 1)),
    ("tue0010", "yesterday 11pm", "en", (2026, 11, 30, 23, 0)),
    ("tue0010", "00:05", "zh", (2026, 12, 1, 0, 5)),
    ("tue0010", "11/30", "en", (2026, 11, 30)),
    # --- New Year's Day 2027 00:30 Beijing (UTC still 31 Dec 2026) -----------------------------------
    ("ny0030", "今天", "zh", (2027, 1, 1)),
    ("ny0030", "昨天", "zh", (2026, 12, 31)),
    ("ny0030", "昨晚8点", "zh", (2026, 12, 31, 20, 0)),
    ("ny0030", "12月31日", "zh", (2026, 12, 31)),
    ("ny0030", "12月25日", "zh", (2026, 12, 25)),
    ("ny0030", "1月1日", "zh", (2027, 1, 1)),
    ("ny0030", "31号", "zh", (2026, 12, 31)),
    ("ny0030", "上个月20号", "zh", (2026, 12, 20)),
    ("ny0030", "上周五", "zh", (2026, 12, 25)),
    ("ny0030", "Dec 30", "en", (2026, 12, 30)),
    ("ny0030", "30/12", "en", (2026, 12, 30)),
    ("ny0030", "去年12月1日", "zh", (2026, 12, 1)),
    ("ny0030", "2天前", "zh", (2026, 12, 30)),
    ("ny0030", "3小时前", "zh", (2026, 12, 31, 21, 30)),
    ("ny0030", "1月2日", "zh", ("?", (2026, 1, 2))),
    ("ny0030", "周四", "zh", (2026, 12, 31)),
    ("ny0030", "2027-01-01 00:20", "zh", (2027, 1, 1, 0, 20)),
    ("ny0030", "yesterday 8pm", "en", (2026, 12, 31, 20, 0)),
    # --- New Year's Eve 2026 23:40 Beijing -----------------------------------------------------------
    ("nye2340", "今天", "zh", (2026, 12, 31)),
    ("nye2340", "1月1日", "zh", ("?", (2026, 1, 1))),
    ("nye2340", "23:00", "zh", (2026, 12, 31, 23, 0)),
    ("nye2340", "12/31", "en", (2026, 12, 31)),
    # --- refused: not yet ----------------------------------------------------------------------------
    ("sat", "明天", "zh", "future"),
    ("sat", "后天", "zh", "future"),
    ("sat", "明天下午3点", "zh", "future"),
    ("sat", "tomorrow", "en", "future"),
    ("sat", "3天后", "zh", "future"),
    ("sat", "in 2 days", "en", "future"),
    ("sat", "2小时后", "zh", "future"),
    ("sat", "下周一", "zh", "future"),
    ("sat", "next monday", "en", "future"),
    ("sat", "这周日", "zh", "future"),
    ("sat", "this sunday", "en", "future"),
    ("sat", "下个月5号", "zh", "future"),
    ("sat", "2026-12-01", "zh", "future"),
    ("sat", "2027年1月1日", "zh", "future"),
    ("sat", "今天 23:00", "zh", "future"),
    ("sat", "20:30", "zh", "future"),
    ("sat", "3:30 pm", "en", "future"),
    ("sat", "11月28日 11:00", "zh", "future"),
    ("mon2350", "23:59", "zh", "future"),
    ("mon2350", "2026-12-01", "zh", "future"),
    ("tue0010", "23:30", "zh", "future"),
    ("nye2340", "明天", "zh", "future"),
    ("ny0030", "2027-01-01 01:00", "zh", "future"),
    # --- refused: before 2000 (Taobao did not exist; year 1 overflows date arithmetic) -------------
    ("sat", "0001-01-01", "zh", "too_early"),
    ("sat", "1900-01-01", "zh", "too_early"),
    ("sat", "1999-12-31", "zh", "too_early"),
    ("sat", "Jan 1 1999", "en", "too_early"),
    ("sat", "1999年5月1日", "zh", "too_early"),
    ("sat", "1999-12-31T23:00", "zh", "too_early"),
    ("sat", "31/12/1999", "en", "too_early"),
    ("sat", "0001-01-01T00:00:00+08:00", "en", "too_early"),
    # --- refused: no such day ------------------------------------------------------------------------
    ("sat", "2月30日", "zh", "no_such_day"),
    ("sat", "13月5日", "zh", "no_such_day"),
    ("sat", "2026-02-29", "zh", "no_such_day"),
    ("sat", "11/31", "zh", "no_such_day"),
    ("sat", "32号", "zh", "no_such_day"),
    ("sat", "Feb 30", "en", "no_such_day"),
    ("sat", "2026-13-01", "zh", "no_such_day"),
    ("sat", "4月31日", "zh", "no_such_day"),
    ("tue0010", "上个月31号", "zh", "no_such_day"),
    # --- refused: no such time -----------------------------------------------------------------------
    ("sat", "昨天 25:00", "zh", "bad_time"),
    ("sat", "今天 12:61", "zh", "bad_time"),
    ("sat", "昨天 23:75", "zh", "bad_time"),
    ("sat", "11月20日 24:00", "zh", "bad_time"),
    ("sat", "yesterday 13pm", "en", "bad_time"),
    ("sat", "昨天上午13点", "zh", "bad_time"),
    # --- refused: not a date -------------------------------------------------------------------------
    ("sat", "", "zh", "invalid"),
    ("sat", "   ", "zh", "invalid"),
    ("sat", "不知道", "zh", "invalid"),
    ("sat", "哪天来着", "zh", "invalid"),
    ("sat", "abc", "en", "invalid"),
    ("sat", "hello", "en", "invalid"),
    ("sat", "123", "zh", "invalid"),
    ("sat", "20261120", "zh", "invalid"),
    ("sat", "11月20日 下雨", "zh", "invalid"),
    ("sat", "Foo 20", "en", "invalid"),
    ("sat", "yesterday at noonish", "en", "invalid"),
    ("sat", "上周八", "zh", "invalid"),
    ("sat", "好久以前", "zh", "invalid"),
    ("sat", "????", "en", "invalid"),
    ("sat", "3712345678901234567", "zh", "invalid"),
]


def _at(parts: tuple[int, ...]) -> tuple[datetime, bool]:
    return bj(*parts).astimezone(UTC), len(parts) == 5


@pytest.mark.parametrize(
    ("clock", "text", "lang", "expected"), ROWS, ids=[f"{r[0]}:{r[1]}:{r[2]}" for r in ROWS]
)
def test_expression(clock: str, text: str, lang: str, expected: object) -> None:
    now = CLOCKS[clock]
    if isinstance(expected, str):
        with pytest.raises(DateError) as error:
            read_when(text, now, lang=lang)
        assert error.value.reason == expected
        return
    reading = read_when(text, now, lang=lang)
    assert isinstance(expected, tuple)
    if expected[0] == "or":
        wanted = [_at(parts) for parts in expected[1:]]
        assert [(w.at, w.has_time) for w in reading.candidates] == wanted
        assert not reading.confirm
        return
    confirm = expected[0] == "?"
    parts = expected[1] if confirm else expected
    assert [(w.at, w.has_time) for w in reading.candidates] == [_at(parts)]
    assert reading.confirm is confirm


def test_table_size() -> None:
    refusals = [r for r in ROWS if isinstance(r[3], str)]
    assert len(ROWS) >= 150
    assert len(refusals) >= 40
    assert {r[3] for r in refusals} == set(REASONS)
    assert {r[2] for r in ROWS} == {"zh", "en"}


@pytest.mark.parametrize(
    ("text", "day"),
    [("明天", (2026, 11, 29)), ("下周一", (2026, 11, 30)), ("2026-12-01", (2026, 12, 1))],
)
def test_future_says_which_day(text: str, day: tuple[int, int, int]) -> None:
    with pytest.raises(DateError) as error:
        read_when(text, CLOCKS["sat"])
    assert error.value.at is not None
    assert error.value.at.astimezone(BEIJING).date() == datetime(*day).date()
