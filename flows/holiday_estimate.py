"""Statutory holidays of a year nobody has published yet, estimated from the State Council's rules.

The ``chinesecalendar`` package knows the years whose schedule was published; the overrides file
(:mod:`flows.workdays`) adds later ones by hand. For a year neither knows, this module places each
statutory holiday's *core days* by the rules of the 《全国年节及纪念日放假办法》 (revised 2024, in force
from 2025):

=====================  =====================================================  ===========================
holiday                core days                                              before 2025
=====================  =====================================================  ===========================
元旦 New Year's Day     1 January                                              same
春节 Spring Festival    除夕 and 正月初一–初三 (4 days)                        初一–初三 (3 days)
清明 Tomb-sweeping      the day of the 清明 solar term                         same
劳动节 Labour Day       1–2 May                                                1 May
端午 Dragon Boat        五月初五                                               same
中秋 Mid-autumn         八月十五                                               same
国庆 National Day       1–3 October                                            same
=====================  =====================================================  ===========================

What cannot be estimated: the days added around them by moving weekends (调休) and the make-up
working days — they are decided each year. So an estimated year is weekends + core days off, and every
answer computed from it is flagged as an estimate.

Lunar dates and the 清明 solar term come from ``lunar-python`` (import ``lunar_python``): pure Python,
no data files or network, maintained (1.4.x, 2025), computes the lunar calendar and the 24 solar terms
astronomically for any year, so it does not run out the way a published table does. (``lunarcalendar``
has not been released since 2018; ``cnlunar`` and ``borax`` bring almanac features we don't need.)
The estimator is validated against the published 2024–2026 schedules in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, Solar  # type: ignore[import-untyped]

#: The year the revised rules (4-day Spring Festival with 除夕, 2-day Labour Day) took effect.
REVISED_RULES_YEAR = 2025


@dataclass(frozen=True, slots=True)
class EstimatedHoliday:
    """One statutory holiday's core days. ``name`` is the English name ``chinesecalendar`` uses."""

    name: str
    name_zh: str
    days: tuple[date, ...]


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    term = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"]
    return date(term.getYear(), term.getMonth(), term.getDay())


def _run(first: date, n: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=i) for i in range(n))


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> tuple[EstimatedHoliday, ...]:
    """The core days of each statutory holiday of ``year``, by the rules in force that year."""
    revised = year >= REVISED_RULES_YEAR
    new_year = _lunar(year, 1, 1)  # 正月初一
    spring = _run(new_year - timedelta(days=1), 4) if revised else _run(new_year, 3)
    return (
        EstimatedHoliday("New Year's Day", "元旦", (date(year, 1, 1),)),
        EstimatedHoliday("Spring Festival", "春节", spring),
        EstimatedHoliday("Tomb-sweeping Day", "清明节", (_qingming(year),)),
        EstimatedHoliday("Labour Day", "劳动节", _run(date(year, 5, 1), 2 if revised else 1)),
        EstimatedHoliday("Dragon Boat Festival", "端午节", (_lunar(year, 5, 5),)),
        EstimatedHoliday("Mid-autumn Festival", "中秋节", (_lunar(year, 8, 15),)),
        EstimatedHoliday("National Day", "国庆节", _run(date(year, 10, 1), 3)),
    )


@lru_cache(maxsize=64)
def estimated_days_off(year: int) -> frozenset[date]:
    """Every core day of every statutory holiday of ``year`` (weekends are not included)."""
    return frozenset(day for holiday in statutory_holidays(year) for day in holiday.days)


def is_estimated_workday(day: date) -> bool:
    """Monday–Friday and not a statutory holiday's core day (make-up working days are unknown)."""
    return day.weekday() < 5 and day not in estimated_days_off(day.year)


__all__ = [
    "REVISED_RULES_YEAR",
    "EstimatedHoliday",
    "estimated_days_off",
    "is_estimated_workday",
    "statutory_holidays",
]
