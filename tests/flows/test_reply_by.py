"""The reply-by time in the message to the seller is always between 09:00 and 21:00 Beijing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from flows.clock import BEIJING
from flows.defs.negotiate import reply_by
from flows.engine import Ctx
from flows.registry import get_flow
from flows.state import RunState
from tests.beijing import bj


def _reply_by(now: datetime, choice: str = "h24") -> datetime:
    flow = get_flow("negotiate")
    state = RunState(flow="negotiate", step=flow.start, answers={"reply_by": choice})
    return reply_by(Ctx(flow, state, now))


@pytest.mark.parametrize(
    ("now", "choice", "expected"),
    [
        (bj(2026, 12, 1, 1, 30), "h24", bj(2026, 12, 2, 9, 0)),  # 02:00 → 09:00 the same morning
        (bj(2026, 12, 1, 21, 30), "h24", bj(2026, 12, 3, 9, 0)),  # 22:00 → 09:00 the next morning
        (bj(2026, 12, 1, 14, 10), "h24", bj(2026, 12, 2, 15, 0)),  # daytime: as chosen, whole hour
        (bj(2026, 12, 1, 20, 30), "h48", bj(2026, 12, 3, 21, 0)),  # 21:00 itself is fine
    ],
)
def test_reply_by_in_business_hours(now: datetime, choice: str, expected: datetime) -> None:
    assert _reply_by(now, choice) == expected


def test_reply_by_never_outside_nine_to_nine_and_never_shorter_than_chosen() -> None:
    start = bj(2026, 12, 1, 0, 0)
    for minutes in range(0, 48 * 60, 13):
        now = start + timedelta(minutes=minutes)
        for choice, hours in (("h24", 24), ("h48", 48)):
            moment = _reply_by(now, choice).astimezone(BEIJING)
            assert time(9, 0) <= moment.time() <= time(21, 0), (now, moment)
            assert moment - now >= timedelta(hours=hours)
