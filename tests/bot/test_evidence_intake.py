"""Evidence on the way in: streamed to private temporary files, kept under the hash of what the content
really is only when the flow keeps it, everything else deleted at once; albums with a failed item; the
size cap without file_size; damaged images; the start-up sweep."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import time
from pathlib import Path

from aiogram.methods import GetFile, SendMessage
from aiogram.types import Chat, Document, Message, Update
from PIL import Image
from sqlalchemy import select

from bot.evidence_files import INCOMING, STALE_SECONDS, sweep_evidence
from bot.persistence.database import open_database
from bot.persistence.models import Evidence, FsmRecord
from flows.evidence import PENDING_HOURS
from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import PDF, jpeg_bytes, last_keyboard, send_file, walk_apply


def evidence_dir(h) -> Path:
    return Path(h.app.settings.evidence_dir)


def staged(h) -> list[Path]:
    directory = evidence_dir(h) / INCOMING
    return sorted(directory.iterdir()) if directory.is_dir() else []


def stored(h) -> list[Path]:
    return sorted(p for p in evidence_dir(h).rglob("*") if p.is_file() and INCOMING not in p.parts)


async def rows(h) -> list[Evidence]:
    async with h.app.database.sessions() as session:
        return list((await session.scalars(select(Evidence).order_by(Evidence.id))).all())


def text_of(sent: list[SendMessage]) -> str:
    return "\n".join(m.text for m in sent)


async def start_evidence(h) -> None:
    await walk_apply(h)
    await h.evidence()


def patient_albums(h) -> None:
    """A quiet period long enough that a loaded test machine does not split an album in two."""
    for observer in (h.dispatcher.update, h.dispatcher.message):
        for middleware in [*observer.outer_middleware[:], *observer.middleware[:]]:
            if hasattr(middleware, "quiet_period"):
                middleware.quiet_period = 1.0


async def send_album(h, tmp_path: Path, blobs: list[bytes | None], group: str = "g1") -> list[SendMessage]:
    """An album; a None item has a file id that the server cannot deliver (the download fails)."""
    patient_albums(h)
    updates = []
    for index, blob in enumerate(blobs):
        if blob is None:
            file_id = f"vanished-{index}"
        else:
            path = tmp_path / f"{group}-{index}.jpg"
            path.write_bytes(blob)
            file_id = h.session.register_file(path)
        updates.append(h.photo_update(file_id, media_group_id=group))
    before = len(h.session.requests)
    await asyncio.gather(*(h.dispatcher.feed_update(h.bot, u) for u in updates))
    return [r for r in h.session.requests[before:] if isinstance(r, SendMessage)]


async def test_kept_file_is_private_named_by_hash_and_refused_ones_leave_nothing(harness, tmp_path):
    await start_evidence(harness)
    await send_file(harness, tmp_path, "a.jpg", jpeg_bytes(), photo=True, caption="物流截图")
    await send_file(harness, tmp_path, "a-again.jpg", jpeg_bytes(), photo=True, caption="物流")  # duplicate
    await send_file(harness, tmp_path, "fake.jpg", b"just some text, not a picture", photo=False)
    await send_file(harness, tmp_path, "x.docx", b"PK\x03\x04 docx", photo=False)
    [row] = await rows(harness)
    [path] = stored(harness)
    assert path.name == f"{row.sha256}.jpg"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert staged(harness) == []


async def test_pdf_named_file_with_jpeg_content_is_stored_as_jpeg(harness, tmp_path):
    await start_evidence(harness)
    await send_file(harness, tmp_path, "invoice.pdf", jpeg_bytes(), photo=False, caption="订单")
    [row] = await rows(harness)
    assert row.mime == "image/jpeg" and row.original_name == "invoice.pdf"
    assert [p.name for p in stored(harness)] == [f"{row.sha256}.jpg"]


async def test_files_waiting_for_a_category_are_deleted_on_cancel(harness, tmp_path):
    await start_evidence(harness)
    sent = await send_album(harness, tmp_path, [jpeg_bytes(color=(40 * i, 0, 0)) for i in range(4)])
    assert "哪一类" in text_of(sent)
    assert len(staged(harness)) == 4 and stored(harness) == []
    await harness.say("/cancel")
    assert staged(harness) == [] and stored(harness) == [] and await rows(harness) == []


async def test_files_waiting_are_kept_when_the_category_is_chosen(harness, tmp_path):
    await start_evidence(harness)
    sent = await send_album(harness, tmp_path, [jpeg_bytes(color=(40 * i, 0, 0)) for i in range(3)])
    await harness.press(button_data(last_keyboard(sent), "聊天记录"))
    assert len(await rows(harness)) == 3 and len(stored(harness)) == 3 and staged(harness) == []


async def test_album_with_one_failed_download_keeps_the_others_and_names_it(harness, tmp_path):
    await start_evidence(harness)
    blobs = [jpeg_bytes(color=(10, 0, 0)), jpeg_bytes(color=(20, 0, 0)), None, jpeg_bytes(color=(40, 0, 0))]
    sent = await send_album(harness, tmp_path, blobs)
    text = text_of(sent)
    assert "第 3 张没能下载，请再发一次" in text
    assert "共收到 4 份，可以保存 3 份" in text
    await harness.press(button_data(last_keyboard(sent), "商品"))
    assert len(await rows(harness)) == 3 and len(stored(harness)) == 3 and staged(harness) == []


async def test_truncated_jpeg_and_png_are_refused_as_incomplete(harness, tmp_path):
    await start_evidence(harness)
    whole = jpeg_bytes()
    sent = await send_file(harness, tmp_path, "cut.jpg", whole[: len(whole) // 2], photo=True, caption="物流")
    assert "这张图片好像不完整，请重新发送" in text_of(sent)
    buffer = io.BytesIO()
    Image.new("RGB", (900, 900), (1, 2, 3)).save(buffer, "PNG")
    png = bytearray(buffer.getvalue())
    png[60:70] = b"\x00" * 10  # damage the pixel data: the CRC no longer matches
    sent = await send_file(harness, tmp_path, "bad.png", bytes(png), photo=False, caption="物流")
    assert "好像不完整" in text_of(sent)
    assert await rows(harness) == [] and stored(harness) == [] and staged(harness) == []


async def test_size_cap_applies_without_file_size(harness, tmp_path, monkeypatch):
    """A self-hosted server with MAX_EVIDENCE_MB=1, and Telegram saying no size anywhere: the download
    stops at the cap and nothing stays on disk."""
    harness.app.settings.bot_api_url = "http://127.0.0.1:8081"
    harness.app.settings.max_evidence_mb = 1
    original = harness.session._answer

    def no_size(method):
        answer = original(method)
        if isinstance(method, GetFile):
            return answer.model_copy(update={"file_size": None})
        return answer

    monkeypatch.setattr(harness.session, "_answer", no_size)
    await start_evidence(harness)
    big = PDF + os.urandom(1024 * 1024 + 10)
    path = tmp_path / "big.pdf"
    path.write_bytes(big)
    file_id = harness.session.register_file(path)
    before = len(harness.session.requests)
    update = Update(
        update_id=77_001,
        message=Message(
            message_id=77_001,
            date=harness.clock.now(),
            chat=Chat(id=501, type="private"),
            from_user=harness.user(),
            caption="订单",
            document=Document(file_id=file_id, file_unique_id=file_id, file_name="big.pdf"),
        ),
    )
    await harness.dispatcher.feed_update(harness.bot, update)
    sent = [r for r in harness.session.requests[before:] if isinstance(r, SendMessage)]
    assert "超过 1 MB" in text_of(sent)
    assert await rows(harness) == [] and staged(harness) == [] and stored(harness) == []


async def test_phone_screenshot_is_not_low_resolution_but_a_thumbnail_is(harness, tmp_path):
    await start_evidence(harness)
    sent = await send_file(harness, tmp_path, "s.jpg", jpeg_bytes((591, 1280)), photo=True, caption="聊天")
    assert "像素" not in text_of(sent)
    sent = await send_file(harness, tmp_path, "t.jpg", jpeg_bytes((320, 240)), photo=True, caption="聊天")
    assert "只有 320×240 像素，截图里的小字可能看不清" in text_of(sent)


def age(path: Path, seconds: float) -> None:
    """Make a file look `seconds` old (the sweep reads modification times)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


async def test_sweep_removes_old_orphans_and_old_temporary_files_but_not_waiting_ones(harness, tmp_path):
    await start_evidence(harness)
    await send_file(harness, tmp_path, "k.jpg", jpeg_bytes(color=(1, 1, 1)), photo=True, caption="物流")
    sent = await send_album(harness, tmp_path, [jpeg_bytes(color=(60 * i, 90, 9)) for i in range(2)])
    assert "哪一类" in text_of(sent)
    waiting = staged(harness)
    # Left by a crash, over an hour ago: a stored file without a row, a temporary file nobody waits for.
    orphan = evidence_dir(harness) / "ab" / ("ab" + "0" * 62 + ".jpg")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    stray = evidence_dir(harness) / INCOMING / ("u501-" + "1" * 24 + ".part")
    stray.write_bytes(b"half")
    for path in (orphan, stray, *(p for p in stored(harness) if p != orphan)):
        age(path, 7200)
    # A file waiting for its category for two hours is still waited for; one past the limit is not.
    age(waiting[0], 2 * 3600)
    age(waiting[1], (PENDING_HOURS + 1) * 3600)
    result = await sweep_evidence(evidence_dir(harness), harness.app.database)
    assert (result.orphans, result.temporary, result.expired) == (1, 1, 1)
    assert staged(harness) == [waiting[0]]
    assert [p.name for p in stored(harness)] == [f"{r.sha256}.jpg" for r in await rows(harness)]
    async with harness.app.database.sessions() as session:
        assert (await session.scalars(select(FsmRecord))).all()  # the conversation is still saved


async def test_sweep_of_another_replica_spares_a_download_in_progress_and_young_files(
    harness, tmp_path, monkeypatch, database_url
):
    """Two replicas, one database and one EVIDENCE_DIR. Replica 2 starts (and sweeps) while replica 1
    is in the middle of a download, holds files waiting for a category, and has just kept a file whose
    row is not yet written: none of them is touched. An hour later the leftovers of a crash are."""
    await start_evidence(harness)
    sent = await send_album(harness, tmp_path, [jpeg_bytes(color=(70 * i, 5, 5)) for i in range(2)])
    assert "哪一类" in text_of(sent)
    waiting = staged(harness)
    # Just kept by replica 1 (renamed to its hash), its row not committed yet: no row names it.
    fresh = evidence_dir(harness) / "cd" / ("cd" + "1" * 62 + ".jpg")
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(b"kept a moment ago")
    # A download in progress on replica 1: the stream stops half-way until we let it go on.
    original = harness.session.stream_content
    half_way, go_on = asyncio.Event(), asyncio.Event()

    async def slow_stream(*args, **kwargs):
        first = True
        async for chunk in original(*args, **kwargs):
            yield chunk
            if first:
                first = False
                half_way.set()
                await go_on.wait()

    monkeypatch.setattr(harness.session, "stream_content", slow_stream)
    path = tmp_path / "slow.jpg"
    path.write_bytes(jpeg_bytes((1200, 900), color=(3, 4, 5)))
    update = harness.photo_update(harness.session.register_file(path), caption="物流")
    download = asyncio.create_task(harness.dispatcher.feed_update(harness.bot, update))
    await asyncio.wait_for(half_way.wait(), 10)
    writing = [p for p in staged(harness) if p not in waiting]
    assert len(writing) == 1

    # Replica 2: its own connection to the same database, the same evidence directory.
    replica2 = await open_database(database_url)
    try:
        result = await sweep_evidence(evidence_dir(harness), replica2)
        assert (result.orphans, result.temporary, result.expired) == (0, 0, 0)
        assert fresh.exists() and all(p.exists() for p in [*waiting, *writing])
        go_on.set()
        await asyncio.wait_for(download, 10)
        # The slow photo arrived whole and joined the group waiting for its category.
        waiting = staged(harness)
        assert len(waiting) == 3 and writing[0] in waiting

        # An hour later (a crash left the unnamed file; the category question is still open).
        for p in stored(harness) + staged(harness):
            age(p, STALE_SECONDS + 60)
        result = await sweep_evidence(evidence_dir(harness), replica2)
        assert (result.orphans, result.temporary, result.expired) == (1, 0, 0)
        assert not fresh.exists() and staged(harness) == waiting
        await harness.press(button_data(last_keyboard(harness.session.sent()), "物流"))
        assert len(await rows(harness)) == 3 and staged(harness) == []
        assert sorted(p.name for p in stored(harness)) == sorted(
            f"{r.sha256}.jpg" for r in await rows(harness)
        )
    finally:
        await replica2.close()


async def test_hourly_housekeeping_deletes_files_that_waited_too_long_for_a_choice(harness, tmp_path):
    from bot.retention import RetentionPurge

    await start_evidence(harness)
    await send_album(harness, tmp_path, [jpeg_bytes(color=(30 * i, 7, 7)) for i in range(2)])
    assert len(staged(harness)) == 2
    settings = harness.app.settings
    later = time.time() + 3600  # an hour on: still waiting
    purge = RetentionPurge(
        harness.app.database,
        harness.clock,
        settings.retention_days,
        settings.evidence_dir,
        file_clock=lambda: later,
    )
    await purge()
    assert len(staged(harness)) == 2
    later = time.time() + (PENDING_HOURS + 1) * 3600  # past the limit the question named
    await purge()
    assert staged(harness) == []
