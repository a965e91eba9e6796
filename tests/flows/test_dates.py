"""Dates as users type them, read in Beijing time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.clock import BEIJING
from flows.dates import DateError, When, format_when, parse_when
from tests.beijing import bj

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING)  # a Saturday morning in Beijing


TABLE = [
    ("2026-11-20 14:30", bj(2026, 11, 20, 14, 30), True),
    ("2026-11-20", bj(2026, 11, 20), False),
    ("2026/11/20", bj(2026, 11, 20), False),
    ("2026.11.20", bj(2026, 11, 20), False),
    ("2026年11月20日", bj(2026, 11, 20), False),
    ("11-20", bj(2026, 11, 20), False),
    ("11/20", bj(2026, 11, 20), False),
    ("11月20日", bj(2026, 11, 20), False),
    ("11月20号", bj(2026, 11, 20), False),
    ("11月20日 14:30", bj(2026, 11, 20, 14, 30), True),
    ("11月20日20:30", bj(2026, 11, 20, 20, 30), True),
    ("11 月 20 日 20:30", bj(2026, 11, 20, 20, 30), True),
    ("１１月２０日 ２０：３０", bj(2026, 11, 20, 20, 30), True),  # full-width digits and colon
    ("11月20日 晚上8点", bj(2026, 11, 20, 20, 0), True),
    ("11月20日 下午3点半", bj(2026, 11, 20, 15, 30), True),
    ("11月20日 8点20", bj(2026, 11, 20, 8, 20), True),
    ("十一月二十日", bj(2026, 11, 20), False),
    ("12月25日", bj(2025, 12, 25), False),  # no year: the most recent one not in the future
    ("11月28日", bj(2026, 11, 28), False),  # today
    ("11月28日 9:59", bj(2026, 11, 28, 9, 59), True),
    ("20号", bj(2026, 11, 20), False),
    ("30号", bj(2026, 10, 30), False),
    ("今天", bj(2026, 11, 28), False),
    ("昨天", bj(2026, 11, 27), False),
    ("前天", bj(2026, 11, 26), False),
    ("大前天", bj(2026, 11, 25), False),
    ("昨天 20:30", bj(2026, 11, 27, 20, 30), True),
    ("昨天20:30", bj(2026, 11, 27, 20, 30), True),
    ("昨晚8点", bj(2026, 11, 27, 20, 0), True),
    ("昨晚 8:30", bj(2026, 11, 27, 20, 30), True),
    ("今早9点", bj(2026, 11, 28, 9, 0), True),
    ("今天 上午9点", bj(2026, 11, 28, 9, 0), True),
    ("3天前", bj(2026, 11, 25), False),
    ("三天前", bj(2026, 11, 25), False),
    ("两天前", bj(2026, 11, 26), False),
    ("5小时前", bj(2026, 11, 28, 5, 0), True),
    ("today", bj(2026, 11, 28), False),
    ("Yesterday", bj(2026, 11, 27), False),
    ("yesterday 8:30 pm", bj(2026, 11, 27, 20, 30), True),
    ("3 days ago", bj(2026, 11, 25), False),
    ("1 day ago", bj(2026, 11, 27), False),
    ("Nov 20", bj(2026, 11, 20), False),
    ("November 20", bj(2026, 11, 20), False),
    ("nov 20 14:30", bj(2026, 11, 20, 14, 30), True),
    ("20 Nov", bj(2026, 11, 20), False),
    ("Nov 20, 2025", bj(2025, 11, 20), False),
    ("Dec 24", bj(2025, 12, 24), False),
    ("9:30", bj(2026, 11, 28, 9, 30), True),
    ("2月29日", bj(2024, 2, 29), False),  # the most recent 29 February
]


@pytest.mark.parametrize(("text", "expected", "has_time"), TABLE, ids=[t[0] for t in TABLE])
def test_parse_table(text, expected, has_time):
    when = parse_when(text, NOW)
    assert when.at == expected.astimezone(UTC)
    assert when.at.tzinfo is not None and when.at.utcoffset().total_seconds() == 0
    assert when.has_time is has_time


def test_bare_time_later_today_is_future():
    with pytest.raises(DateError) as error:
        parse_when("20:30", NOW)
    assert error.value.reason == "future"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-12-01", "future"),
        ("2026-11-28 18:00", "future"),
        ("2027年1月1日", "future"),
        ("今天 23:00", "future"),
        ("明天", "future"),
        ("", "invalid"),
        ("哪天来着", "invalid"),
        ("13月45日", "no_such_day"),
        ("2026-02-30", "no_such_day"),
        ("11月20日 25:00", "bad_time"),
        ("11月28日 11:00", "future"),  # later today is not pushed back a year
        ("11月20日 下雨", "invalid"),
        ("Foo 20", "invalid"),
        ("2月30日", "no_such_day"),
        ("yesterday at noonish", "invalid"),
    ],
)
def test_parse_errors(text, reason):
    with pytest.raises(DateError) as error:
        parse_when(text, NOW)
    assert error.value.reason == reason


def test_small_clock_skew_is_tolerated():
    assert parse_when("11月28日 10:03", NOW).has_time


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        parse_when("昨天", datetime(2026, 11, 28))


def test_utc_now_is_read_in_beijing():
    # 2026-11-27 17:00 UTC is already 28 Nov 01:00 in Beijing: "today" is the 28th.
    now = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert parse_when("今天", now).at == bj(2026, 11, 28).astimezone(UTC)


def test_answer_round_trip():
    when = parse_when("昨天 20:30", NOW)
    assert When.from_answer(when.to_answer()) == when
    assert when.to_answer() == {"at": "2026-11-27T12:30:00+00:00", "has_time": True}


@pytest.mark.parametrize(
    ("lang", "has_time", "now", "expected"),
    [
        ("zh", True, None, "11月27日 20:30"),
        ("en", True, None, "27 Nov 20:30"),
        ("zh", False, None, "11月27日"),
        ("en", False, None, "27 Nov"),
        ("zh", True, datetime(2027, 1, 2, tzinfo=BEIJING), "2026年11月27日 20:30"),
        ("en", False, datetime(2027, 1, 2, tzinfo=BEIJING), "27 Nov 2026"),
    ],
)
def test_format(lang, has_time, now, expected):
    moment = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
    assert format_when(moment, lang, has_time=has_time, now=now) == expected
