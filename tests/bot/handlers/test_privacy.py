"""/privacy, /mydata, /forget and the retention purge, through the real dispatcher and database."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile
from sqlalchemy import select, text

from bot.persistence.models import Base, Case, Evidence, User
from bot.persistence.privacy import fsm_key_user
from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import jpeg_bytes, last_keyboard, png_bytes, walk_apply


async def upload(h, tmp_path: Path, user_id: int, name: str, data: bytes, caption: str) -> list[SendMessage]:
    path = tmp_path / f"{user_id}-{name}"
    path.write_bytes(data)
    file_id = h.session.register_file(path)
    before = len(h.session.requests)
    await h.dispatcher.feed_update(h.bot, h.photo_update(file_id, user_id=user_id, caption=caption))
    sent = [r for r in h.session.requests[before:] if isinstance(r, SendMessage)]
    text_ = "\n".join(m.text for m in sent)
    if "哪一类" in text_ or "属于" in text_:
        sent = await h.press(button_data(last_keyboard(sent), "聊天"), user_id=user_id)
    return sent


SHARED = jpeg_bytes(color=(10, 120, 10))


async def user_with_evidence(h, tmp_path: Path, user_id: int, *, own: bytes | None) -> None:
    await walk_apply(h, user_id=user_id)
    await h.evidence(user_id=user_id)
    await upload(h, tmp_path, user_id, "shared.jpg", SHARED, "聊天记录截图")
    if own is not None:
        await upload(h, tmp_path, user_id, "own.png", own, "商品照片")
    await h.say("/done", user_id=user_id)


async def rows_of(h, user_id: int, case_ids: list[int]) -> dict[str, int]:
    """Rows in ANY table that point at the user (user id columns, the user's cases, FSM keys)."""
    found: dict[str, int] = {}
    async with h.app.database.sessions() as session:
        for table in Base.metadata.sorted_tables:
            conditions = []
            if table.name == "users":
                conditions.append(f"id = {user_id}")
            if "user_id" in table.c:
                conditions.append(f"user_id = {user_id}")
            if "case_id" in table.c and case_ids:
                conditions.append(f"case_id IN ({','.join(map(str, case_ids))})")
            if table.name == "cases" and case_ids:
                conditions.append(f"id IN ({','.join(map(str, case_ids))})")
            if table.name == "fsm_records":
                keys = (await session.execute(text("SELECT key FROM fsm_records"))).scalars().all()
                found["fsm_records"] = sum(1 for key in keys if fsm_key_user(key) == user_id)
                continue
            if conditions:
                count = (
                    await session.execute(
                        text(f"SELECT count(*) FROM {table.name} WHERE {' OR '.join(conditions)}")
                    )
                ).scalar()
                found[table.name] = count or 0
    return found


async def test_privacy_says_what_how_long_and_the_commands(harness) -> None:
    sent = await harness.say("/privacy")
    assert len(sent) == 1
    body = sent[0].text
    for part in ("180 天", "证据文件", "运营者", "/mydata", "/forget", "屏蔽"):
        assert part in body, part
    sent = await harness.say("/privacy", language="en")
    assert "180 days" in sent[0].text and "/forget" in sent[0].text
    help_text = (await harness.say("/help"))[0].text
    assert all(f"/{c}" in help_text for c in ("privacy", "mydata", "forget"))


async def test_forget_erases_everything_of_the_user_and_keeps_a_shared_file(harness, tmp_path) -> None:
    await user_with_evidence(harness, tmp_path, 501, own=png_bytes())
    await user_with_evidence(harness, tmp_path, 502, own=None)  # the same JPEG as 501
    await harness.say("/lang", user_id=501)  # leave some more state about
    async with harness.app.database.sessions() as session:
        case_ids = list((await session.scalars(select(Case.id).where(Case.user_id == 501))).all())
        evidence = (await session.scalars(select(Evidence).where(Evidence.case_id.in_(case_ids)))).all()
    assert case_ids and len(evidence) == 2
    assert any(v for v in (await rows_of(harness, 501, case_ids)).values())
    evidence_dir = Path(harness.app.settings.evidence_dir)
    own_hash = next(e.sha256 for e in evidence if e.mime == "image/png")
    shared_hash = next(e.sha256 for e in evidence if e.mime == "image/jpeg")

    sent = await harness.say("/forget", user_id=501)
    confirm = sent[-1]
    assert "确定要删除" in confirm.text and "2 条证据" in confirm.text
    assert list(evidence_dir.rglob(f"{own_hash}.*"))  # nothing deleted before the confirmation
    sent = await harness.press(button_data(confirm, "确认删除"), user_id=501)
    done = sent[-1].text
    assert "已删除" in done and "2 条证据记录" in done and "1 个证据文件" in done

    remaining = await rows_of(harness, 501, case_ids)
    assert all(count == 0 for count in remaining.values()), remaining
    assert not list(evidence_dir.rglob(f"{own_hash}.*"))
    assert not [p for p in evidence_dir.rglob("u501-*")]
    # the other user's identical file and rows survive
    assert len(list(evidence_dir.rglob(f"{shared_hash}.*"))) == 1
    other = await rows_of(harness, 502, [])
    assert other["users"] == 1 and other["cases"] == 1
    async with harness.app.database.sessions() as session:
        assert (
            await session.scalars(select(Evidence.sha256).join(Case).where(Case.user_id == 502))
        ).all() == [shared_hash]
    # pressing the old confirmation again deletes nothing more and does not fail
    sent = await harness.press(button_data(confirm, "确认删除"), user_id=501)
    assert "出了点问题" not in "\n".join(m.text for m in sent)


async def test_forget_cancel_deletes_nothing(harness) -> None:
    await walk_apply(harness)
    sent = await harness.say("/forget")
    sent = await harness.press(button_data(sent[-1], "取消"))
    assert "什么都没有删除" in sent[-1].text
    async with harness.app.database.sessions() as session:
        assert len((await session.scalars(select(Case))).all()) == 1


async def test_forget_counts_read_as_english(harness) -> None:
    """Was "1 case(s) … 0 reminder(s)": plural forms by number now."""
    await walk_apply(harness)
    sent = await harness.say("/forget", language="en")
    assert "1 case with their timelines" in sent[-1].text and "0 evidence records" in sent[-1].text
    assert "(s)" not in sent[-1].text
    sent = await harness.press(button_data(sent[-1], "Yes, delete everything"), language="en")
    done = sent[-1].text
    assert "Deleted: 1 case," in done and "(s)" not in done


async def test_mydata_sends_a_zip_with_every_record_and_the_files(harness, tmp_path) -> None:
    await user_with_evidence(harness, tmp_path, 501, own=png_bytes())
    before = len(harness.session.requests)
    await harness.say("/mydata")
    documents = [r for r in harness.session.requests[before:] if isinstance(r, SendDocument)]
    assert len(documents) == 1
    upload_ = documents[0].document
    assert isinstance(upload_, BufferedInputFile)
    archive = zipfile.ZipFile(io.BytesIO(upload_.data))
    names = archive.namelist()
    assert names[0] == "data.json" and names[1:] == sorted(names[1:])
    data = json.loads(archive.read("data.json"))
    assert data["user"]["id"] == 501
    assert len(data["cases"]) == 1 and data["case_events"] and data["reminders"]
    assert len(data["evidence"]) == 2 and data["conversation_state"] is not None
    for row in data["evidence"]:
        assert archive.read(row["file_in_export"]) == (SHARED if row["mime"] == "image/jpeg" else png_bytes())
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    # deterministic: the same data gives the same bytes
    before = len(harness.session.requests)
    await harness.say("/mydata")
    again = [r for r in harness.session.requests[before:] if isinstance(r, SendDocument)]
    assert again[0].document.data == upload_.data


async def test_retention_purges_closed_cases_and_blocked_users_after_the_days(harness, tmp_path) -> None:
    from bot.retention import RetentionPurge
    from bot.scheduler import ReminderScheduler

    await user_with_evidence(harness, tmp_path, 501, own=png_bytes())  # will close its case
    await walk_apply(harness, user_id=502)  # will block the bot
    await walk_apply(harness, user_id=503)  # keeps an open case
    async with harness.app.database.sessions() as session:
        # closed now (the case card's close button, whose wording the lifecycle owns, does the same)
        case = (await session.scalars(select(Case).where(Case.user_id == 501))).one()
        case.status, case.closed_at = "closed", harness.clock.now()
        await session.execute(text("UPDATE users SET blocked = 1 WHERE id = 502"))
        await session.commit()
    app = harness.app
    purge = RetentionPurge(
        app.database, harness.clock, app.settings.retention_days, app.settings.evidence_dir
    )
    scheduler = ReminderScheduler(app.database, harness.bot, harness.clock, _no_render, housekeeping=purge)
    evidence_dir = Path(app.settings.evidence_dir)
    harness.clock.advance(timedelta(days=179))
    assert await scheduler.run_housekeeping()
    async with app.database.sessions() as session:
        assert len((await session.scalars(select(Case))).all()) == 3  # nothing yet
    harness.clock.advance(timedelta(minutes=30))
    assert not await scheduler.run_housekeeping()  # hourly, not on every wake-up
    harness.clock.advance(timedelta(days=2))
    assert await scheduler.run_housekeeping()
    async with app.database.sessions() as session:
        owners = sorted((await session.scalars(select(Case.user_id))).all())
        users = sorted((await session.scalars(select(User.id))).all())
        evidence = (await session.scalars(select(Evidence))).all()
    assert owners == [503]  # 501's closed case and all of blocked 502 are gone
    assert users == [501, 503]  # 501 still uses the bot; 502 is erased
    assert evidence == []
    assert not [p for p in evidence_dir.rglob("*") if p.is_file()], list(evidence_dir.rglob("*"))


async def _no_render(reminder, now):
    return None


def _buttons(message) -> list[tuple[str, str]]:
    markup = message.reply_markup
    if markup is None:
        return []
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]
