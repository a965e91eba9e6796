"""Short reminder claims (bot/scheduler.py, bot/persistence/reminders.py): renewed while their batch is
delivered, given back on a graceful stop, never used once they ran out — so a replica that dies holds
its reminders for one short lease and a reminder is still sent once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.pacing import SendPacer
from bot.persistence.reminders import (
    CLAIMED,
    PENDING,
    SENT,
    claim_due,
    mark_sent,
    release_claim,
    renew_claims,
)
from bot.scheduler import ReminderScheduler
from tests.bot import test_scheduler
from tests.bot.test_scheduler import T0, Harness, render

make = test_scheduler.make  # the scheduler harness fixture, shared

LEASE = timedelta(minutes=5)  # as test_scheduler's harness


class BlockedPacer(SendPacer):
    """Nobody's turn comes (a long backlog): every delivery waits in the pacer."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0

    async def wait(self, chat_id: int) -> None:
        self.waiting += 1
        await asyncio.Event().wait()


class StallingPacer(SendPacer):
    """The first turn comes only after the claim's lease has run out (the process stalled and could
    not renew it); later turns come at once."""

    def __init__(self, h: Harness, stall: timedelta) -> None:
        super().__init__()
        self.h, self.stall, self.stalled = h, stall, False

    async def wait(self, chat_id: int) -> None:
        if not self.stalled:
            self.stalled = True
            self.h.clock.advance(self.stall)


async def _until(condition, what: str) -> None:
    for _ in range(2000):
        if await condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"never happened: {what}")


async def test_a_graceful_stop_gives_back_the_claims_not_yet_sent(make) -> None:
    h = make()
    for user in (7, 8, 9):
        await h.plan(user, ("seller_24h", T0))
    pacer = BlockedPacer()
    h.scheduler.pacer = pacer
    delivering = asyncio.create_task(h.scheduler.run_due())

    async def all_waiting() -> bool:
        return pacer.waiting == 3

    await _until(all_waiting, "three deliveries waiting for their turn")
    assert {row.status for row in await h.rows()} == {CLAIMED}
    h.scheduler.stop()
    await asyncio.wait_for(delivering, 10)

    rows = await h.rows()
    assert [(row.status, row.attempts, row.lease_until) for row in rows] == [(PENDING, 0, None)] * 3
    assert h.sent() == []
    # Another replica takes them at once (no lease to wait for) and sends each once.
    other = make()
    assert await other.scheduler.run_due() == 3
    assert sorted(other.sent()) == [(7, "seller_24h"), (8, "seller_24h"), (9, "seller_24h")]


async def test_a_claim_that_ran_out_is_not_used_and_the_reminder_goes_once(make) -> None:
    h = make()
    await h.plan(7, ("seller_24h", T0))
    h.scheduler.pacer = StallingPacer(h, LEASE + timedelta(seconds=1))
    await h.scheduler.run_due()
    # The first claim ran out while waiting: not sent under it; the next claim sent it, once.
    assert h.sent() == [(7, "seller_24h")]
    row = await h.row("seller_24h")
    assert (row.status, row.attempts) == (SENT, 2)


async def test_claims_are_renewed_while_their_batch_is_delivered(make, database) -> None:
    lease = timedelta(seconds=0.4)  # renewed every 0.1 s of real time
    h = make()
    h.scheduler = ReminderScheduler(
        database, h.scheduler.bot, h.clock, render, pacer=h.scheduler.pacer, lease=lease
    )
    await h.plan(7, ("seller_24h", T0))

    class RenewalPacer(SendPacer):
        async def wait(self, chat_id: int) -> None:
            # Most of the lease passes before this turn comes; the renewal keeps the claim.
            h.clock.advance(lease * 0.75)

            async def renewed() -> bool:
                return (await h.row("seller_24h")).lease_until > h.clock.now() + lease / 2

            await _until(renewed, "the claim renewed")
            h.clock.advance(lease * 0.75)  # past the first lease: sent only because it was renewed

    h.scheduler.pacer = RenewalPacer()
    assert await h.scheduler.run_due() == 1
    assert h.sent() == [(7, "seller_24h")]
    row = await h.row("seller_24h")
    assert (row.status, row.attempts) == (SENT, 1)


async def test_only_the_holder_of_a_claim_renews_releases_or_marks_it(make) -> None:
    h = make()
    await h.plan(7, ("seller_24h", T0))
    async with h.database.sessions() as session:
        (first,) = await claim_due(session, T0, LEASE, 10)
        await session.commit()
        mine = {first.id: first.attempts}  # (id, attempts) names this claim
        assert await renew_claims(session, mine, T0 + 2 * LEASE) == {first.id}
        await session.commit()
    # It runs out and another scheduler takes it over.
    async with h.database.sessions() as session:
        (second,) = await claim_due(session, T0 + 3 * LEASE, LEASE, 10)
        await session.commit()
        theirs = {second.id: second.attempts}
    assert theirs[first.id] == mine[first.id] + 1
    async with h.database.sessions() as session:
        assert await renew_claims(session, mine, T0 + 5 * LEASE) == set()
        assert not await release_claim(session, first.id, mine[first.id])
        assert not await mark_sent(session, first.id, T0, mine[first.id])
        assert await mark_sent(session, first.id, T0 + 3 * LEASE, theirs[first.id])
        await session.commit()
    row = await h.row("seller_24h")
    assert (row.status, row.attempts, row.lease_until) == (SENT, 2, None)


async def test_release_gives_back_the_attempt(make) -> None:
    h = make()
    await h.plan(7, ("seller_24h", T0))
    async with h.database.sessions() as session:
        (claim,) = await claim_due(session, T0, LEASE, 10)
        assert claim.attempts == 1
        assert await release_claim(session, claim.id, claim.attempts)
        await session.commit()
    row = await h.row("seller_24h")
    assert (row.status, row.attempts, row.lease_until) == (PENDING, 0, None)
