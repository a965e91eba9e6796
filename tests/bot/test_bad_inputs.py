"""The bad-input catalogue: what an outsider or a clumsy user sends, and the exact kind of reply.

Each row: where the user is (setup), what they send, and a piece of text the reply must contain (one of
several alternatives). Every row also asserts: the bot answered (a message or a popup), never with the
generic apology, and nothing already saved was lost or changed (the case made in the setup, its
evidence, and — for a refused answer — the step the flow waits at).
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Chat, Document, Location, Message, Sticker, Update
from PIL import Image
from sqlalchemy import select

from bot.persistence.fsm_storage import build_key
from bot.persistence.models import Case, Evidence, FsmRecord
from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import last_keyboard, walk_apply

USER, OTHER = 501, 502
HUGE = "9" * 23
APOLOGY = "出了点问题"


def _jpeg(size: tuple[int, int] = (800, 600), color: tuple[int, int, int] = (90, 20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _jpeg()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# -- what the replies say (substrings of the catalogue texts) ---------------------------------------------
EXPIRED = ("过期", "不属于当前这一步")
NOT_FOUND = ("找不到这个案件",)
ORDER_REFUSED = ("15–20", "订单号")
DATE_REFUSED = ("日期", "哪天", "例如", "未来", "2000")
FAQ = (
    "是下面这些吗",
    "想问什么",
    "来源",
    "没找到",
    "不太确定",
    "你是不是想问",
    "换个说法",
    "还没有",
    "常见问题",
    "菜单",
)
FILE_REFUSED = (
    "不完整",
    "不支持",
    "不是图片",
    "打不开",
    "损坏",
    "空的",
    "格式",
    "没能",
    "下载",
    "太大",
    "重复",
)
FILE_OUTSIDE = ("/evidence",)
HINT = ("处理不了", "请点按钮", "还处理不了")
POINTER = ("私聊",)
NEXT_AFTER_ORDER = ("交易", "哪天")
ANY = ("",)


@dataclass
class Row:
    id: str
    setup: str  # idle / case / order / date / evidence
    send: Any  # ("text", str) / ("press", str) / ("file", name, bytes, dict) / ("update", kind)
    expect: tuple[str, ...]
    keeps_step: bool = False  # the flow still waits at the same step afterwards
    extra: dict[str, Any] = field(default_factory=dict)


def text(s: str) -> tuple[str, str]:
    return ("text", s)


def press(data: str) -> tuple[str, str]:
    return ("press", data)


def file(name: str, data: bytes, *, photo: bool = False, declared: int | None = None) -> tuple:
    return ("file", name, data, {"photo": photo, "declared": declared})


CALLBACKS = [
    Row("cb-empty", "case", press(""), EXPIRED),
    Row("cb-unknown-prefix", "case", press("zz:1:2"), EXPIRED),
    Row("cb-no-fields", "case", press("c"), EXPIRED),
    Row("cb-missing-field", "case", press("c:1"), EXPIRED),
    Row("cb-extra-fields", "case", press("c:1:open:x:y"), EXPIRED),
    Row("cb-case-huge", "case", press(f"c:{HUGE}:open"), EXPIRED),
    Row("cb-case-negative-huge", "case", press(f"c:-{HUGE}:open"), EXPIRED),
    Row("cb-case-2pow63", "case", press("c:9223372036854775808:open"), EXPIRED),
    Row("cb-case-zero", "case", press("c:0:open"), EXPIRED),
    Row("cb-case-negative", "case", press("c:-1:closed"), EXPIRED),
    Row("cb-case-float", "case", press("c:1.5:open"), EXPIRED),
    Row("cb-case-hex", "case", press("c:0x1:open"), EXPIRED),
    Row("cb-case-text", "case", press("c:abc:open"), EXPIRED),
    Row("cb-case-unknown-action", "case", press("c:{case}:explode"), EXPIRED + NOT_FOUND),
    Row("cb-other-users-case-open", "case", press("c:{case}:open"), NOT_FOUND + EXPIRED, extra={"as": OTHER}),
    Row(
        "cb-other-users-case-close",
        "case",
        press("c:{case}:closed"),
        NOT_FOUND + EXPIRED,
        extra={"as": OTHER},
    ),
    Row(
        "cb-other-users-case-evidence",
        "case",
        press("c:{case}:evidence"),
        NOT_FOUND + EXPIRED,
        extra={"as": OTHER},
    ),
    Row("cb-missing-case", "case", press("c:987654:open"), NOT_FOUND + EXPIRED),
    Row("cb-flow-unknown-flow", "order", press("f:nosuch:problem:quality"), EXPIRED, keeps_step=True),
    Row("cb-flow-stale-step", "order", press("f:apply:problem:quality"), EXPIRED, keeps_step=True),
    Row(
        "cb-flow-unknown-option",
        "order",
        press("f:apply:order_no:zzz"),
        EXPIRED + ORDER_REFUSED + ANY,
        keeps_step=True,
    ),
    Row("cb-flow-no-flow-running", "idle", press("f:apply:service:refund_only"), EXPIRED),
    Row("cb-faq-unknown-entry", "idle", press("q:e:no-such-entry"), EXPIRED),
    Row("cb-faq-forged-token", "idle", press("q:e:no-such-entry:1"), EXPIRED),
    Row("cb-faq-bad-token", "idle", press("q:e:x:<script>"), EXPIRED),
    Row("cb-faq-unknown-topic", "idle", press("q:t:nosuch"), ANY),
    Row("cb-lang-unknown", "idle", press("l:fr"), EXPIRED),
    Row("cb-menu-unknown", "idle", press("m:rm -rf"), ("准备中", "过期")),
    Row("cb-64-bytes", "case", press("c:" + "1" * 62), EXPIRED),
    Row("cb-unicode", "case", press("c:１２:open"), EXPIRED + NOT_FOUND),
    Row("cb-nul", "case", press("c:1\x00:open"), EXPIRED),
    Row("cb-forget-forged-yes-no-case", "idle", press("p:forget_maybe"), EXPIRED),
]

TEXTS = [
    Row("text-4096", "idle", text("退款" * 2048), FAQ),
    Row("text-5000", "idle", text("卖家不发货" * 1000), FAQ),
    Row("text-html-injection", "idle", text("<b>bold</b><script>alert(1)</script>"), FAQ),
    Row("text-html-entity", "idle", text("&lt;b&gt; &amp; &#0;"), FAQ),
    Row("text-markdown", "idle", text("*bold* _it_ [link](http://x) `code`"), FAQ),
    Row("text-zero-width", "idle", text("退\u200b款\u200d要\u200c多久"), FAQ),
    Row("text-rtl", "idle", text("\u202e款退\u202c 多久"), FAQ),
    Row("text-nul", "idle", text("退款\x00多久"), FAQ),
    Row("text-emoji-only", "idle", text("😡😡😡"), FAQ),
    Row("text-spaces", "idle", text("   \t  "), FAQ),
    Row("text-single-char", "idle", text("?"), FAQ),
    Row("text-unknown-command", "idle", text("/nosuchcommand"), ("没有 /nosuchcommand 这个命令", "/help")),
    Row("text-command-injection", "idle", text("/start@other_bot"), ("菜单", "欢迎", "淘宝", "这个命令")),
    Row("text-sql", "idle", text("'; DROP TABLE cases; --"), FAQ),
    Row("text-html-mid-flow", "date", text("<b>昨天</b>"), (*DATE_REFUSED, "好的")),
    Row("text-4096-mid-flow", "date", text("昨" * 4096), DATE_REFUSED, keeps_step=True),
    Row("text-emoji-mid-flow", "order", text("🧾🧾"), ORDER_REFUSED, keeps_step=True),
    Row("text-nul-mid-flow", "order", text("\x00"), ORDER_REFUSED, keeps_step=True),
    Row("text-zero-width-order", "order", text("1234567890\u200b123456"), ORDER_REFUSED + NEXT_AFTER_ORDER),
    Row("text-rtl-mid-flow", "order", text("\u202e654321"), ORDER_REFUSED, keeps_step=True),
]

ORDERS = [
    Row(
        "order-arabic-indic",
        "order",
        text("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-persian",
        "order",
        text("۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-devanagari",
        "order",
        text("१२३४५६७८९०१२३४५६"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-fullwidth",
        "order",
        text("１２３４５６７８９０１２３４５６"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    # NFKC turns these into ASCII digits: normalised, not stored as typed
    Row(
        "order-superscript",
        "order",
        text("¹²³⁴⁵⁶⁷⁸⁹⁰¹²³⁴⁵⁶"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-circled",
        "order",
        text("①②③④⑤⑥⑦⑧⑨⑩①②③④⑤"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567891012345"},
    ),
    Row(
        "order-thai",
        "order",
        text("๑๒๓๔๕๖๗๘๙๐๑๒๓๔๕๖"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-mixed-scripts",
        "order",
        text("12٣4५6７8901234567"),
        NEXT_AFTER_ORDER,
        extra={"stored": "12345678901234567"},
    ),
    Row(
        "order-chinese-numerals",
        "order",
        text("一二三四五六七八九零一二三四五六"),
        ORDER_REFUSED,
        keeps_step=True,
    ),
    Row("order-too-short", "order", text("12345"), ORDER_REFUSED, keeps_step=True),
    Row("order-too-long", "order", text("1" * 40), ORDER_REFUSED, keeps_step=True),
    Row("order-huge", "order", text("9" * 500), ORDER_REFUSED, keeps_step=True),
    Row("order-negative", "order", text("-1234567890123456"), ORDER_REFUSED + NEXT_AFTER_ORDER),
    Row("order-with-letters", "order", text("12345678901234ab"), ORDER_REFUSED, keeps_step=True),
    Row(
        "order-with-label",
        "order",
        text("订单号：1234567890123456"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
    Row(
        "order-with-spaces",
        "order",
        text("1234 5678 9012 3456"),
        NEXT_AFTER_ORDER,
        extra={"stored": "1234567890123456"},
    ),
]

DATES = [
    Row("date-0001", "date", text("0001-01-01"), DATE_REFUSED, keeps_step=True),
    Row("date-1900", "date", text("1900-01-01"), DATE_REFUSED, keeps_step=True),
    Row("date-9999", "date", text("9999-12-31"), DATE_REFUSED, keeps_step=True),
    Row("date-feb-30", "date", text("2026-02-30"), DATE_REFUSED, keeps_step=True),
    Row("date-month-13", "date", text("2026-13-01"), DATE_REFUSED, keeps_step=True),
    Row("date-hour-25", "date", text("11月20日 25:00"), DATE_REFUSED, keeps_step=True),
    Row("date-words", "date", text("很久以前"), DATE_REFUSED, keeps_step=True),
    Row("date-huge-year", "date", text("99999999999-01-01"), DATE_REFUSED, keeps_step=True),
    Row("date-negative", "date", text("-5天前"), (*DATE_REFUSED, "好的")),
    Row("date-tomorrow", "date", text("明天"), DATE_REFUSED, keeps_step=True),
    Row("date-arabic-digits", "date", text("٢٠٢٦-١١-٢٠"), (*DATE_REFUSED, "好的", "11月20日")),
]

FILES = [
    Row("file-zero-bytes", "evidence", file("empty.jpg", b""), FILE_REFUSED),
    Row("file-truncated-jpeg", "evidence", file("cut.jpg", JPEG[: len(JPEG) // 2]), FILE_REFUSED),
    Row(
        "file-truncated-photo", "evidence", file("cut.jpg", JPEG[: len(JPEG) // 2], photo=True), FILE_REFUSED
    ),
    Row("file-pdf-with-jpeg-header", "evidence", file("x.pdf", b"\xff\xd8\xff\xe0" + PDF), FILE_REFUSED),
    Row("file-jpeg-named-pdf", "evidence", file("scan.pdf", JPEG), ANY),
    Row("file-polyglot-jpeg-zip", "evidence", file("poly.jpg", JPEG + b"PK\x03\x04" + b"\0" * 100), ANY),
    Row("file-zip-named-jpg", "evidence", file("fake.jpg", b"PK\x03\x04 not an image"), FILE_REFUSED),
    Row("file-exe", "evidence", file("setup.exe", b"MZ\x90\x00" + b"\0" * 200), FILE_REFUSED),
    Row("file-declared-smaller", "evidence", file("a.jpg", _jpeg((300, 200)), declared=10), ANY),
    Row("file-declared-huge", "evidence", file("b.jpg", _jpeg((300, 201)), declared=10**12), FILE_REFUSED),
    Row("file-path-traversal", "evidence", file("../../../../etc/passwd.jpg", _jpeg((301, 200))), ANY),
    Row("file-absolute-name", "evidence", file("/etc/shadow", _jpeg((302, 200))), ANY),
    Row("file-nul-in-name", "evidence", file("a\x00b.jpg", _jpeg((303, 200))), ANY),
    Row("file-outside-flow", "case", file("a.jpg", JPEG, photo=True), FILE_OUTSIDE),
    Row(
        "file-mid-order-step",
        "order",
        file("a.jpg", JPEG, photo=True),
        ("订单号", "文件", "照片", "不需要"),
        keeps_step=True,
    ),
]

OTHER_UPDATES = [
    Row("upd-sticker-idle", "idle", ("update", "sticker"), (*HINT, "处理不了")),
    Row("upd-sticker-mid-flow", "order", ("update", "sticker"), HINT, keeps_step=True),
    Row("upd-location-mid-flow", "date", ("update", "location"), HINT, keeps_step=True),
    Row("upd-group-command", "case", ("update", "group"), POINTER),
    Row("upd-group-button", "case", ("update", "group_press"), POINTER),
    Row("upd-edited-message", "case", ("update", "edited"), ("",)),
]

CATALOGUE = CALLBACKS + TEXTS + ORDERS + DATES + FILES + OTHER_UPDATES


def test_catalogue_size_and_categories() -> None:
    categories = Counter(row.id.split("-")[0] for row in CATALOGUE)
    assert len(CATALOGUE) >= 80, len(CATALOGUE)
    assert len({row.id for row in CATALOGUE}) == len(CATALOGUE)
    assert set(categories) == {"cb", "text", "order", "date", "file", "upd"}


# -- running one row ------------------------------------------------------------------------------------
_ids = itertools.count(300_000)


async def _setup(h, setup: str) -> None:
    if setup in ("case", "evidence"):
        await walk_apply(h)
    if setup == "evidence":
        await h.evidence()
    if setup in ("order", "date"):
        sent = await h.say("/apply")
        sent = await h.press(button_data(last_keyboard(sent), "质量问题"))
        sent = await h.press(button_data(last_keyboard(sent), "仅退款"))
        if setup == "date":
            await h.press(button_data(last_keyboard(sent), "跳过"))


async def _snapshot(h) -> tuple[Any, ...]:
    async with h.app.database.sessions() as session:
        cases = [
            {k: v for k, v in vars(c).items() if not k.startswith("_")}
            for c in (await session.scalars(select(Case).order_by(Case.id))).all()
        ]
        evidence = sorted((await session.scalars(select(Evidence.sha256))).all())
    return cases, evidence


async def _run_state(h) -> dict[str, Any]:
    from aiogram.fsm.storage.base import StorageKey

    key = build_key(StorageKey(bot_id=h.bot.id, chat_id=USER, user_id=USER))
    async with h.app.database.sessions() as session:
        record = await session.get(FsmRecord, key)
    return (record.data or {}).get("run", {}) if record is not None else {}


def _update(h, kind: str) -> Update:
    n = next(_ids)
    user = h.user(USER)
    chat = Chat(id=USER, type="private")
    base: dict[str, Any] = {"message_id": n, "date": h.clock.now(), "chat": chat, "from_user": user}
    if kind == "sticker":
        sticker = Sticker(
            file_id="s",
            file_unique_id="s",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        )
        return Update(update_id=n, message=Message(**base, sticker=sticker))
    if kind == "location":
        return Update(update_id=n, message=Message(**base, location=Location(latitude=1.0, longitude=2.0)))
    if kind == "group":
        base["chat"] = Chat(id=-1001, type="group")
        return Update(update_id=n, message=Message(**base, text="/cases"))
    if kind == "edited":
        return Update(update_id=n, edited_message=Message(**base, text="改了", edit_date=1))
    raise AssertionError(kind)


async def _send(h, row: Row, tmp_path: Path, case_id: int | None) -> None:
    who = row.extra.get("as", USER)
    kind = row.send[0]
    if kind == "text":
        await h.say(row.send[1], user_id=who)
    elif kind == "press":
        await h.press(row.send[1].replace("{case}", str(case_id)), user_id=who)
    elif kind == "file":
        _, name, data, options = row.send
        path = tmp_path / f"upload-{next(_ids)}"
        path.write_bytes(data)
        file_id = h.session.register_file(path)
        if options["photo"]:
            update = h.photo_update(file_id, user_id=who)
        else:
            n = next(_ids)
            declared = options["declared"] if options["declared"] is not None else len(data)
            update = Update(
                update_id=n,
                message=Message(
                    message_id=n,
                    date=h.clock.now(),
                    chat=Chat(id=who, type="private"),
                    from_user=h.user(who),
                    document=Document(
                        file_id=file_id, file_unique_id=file_id, file_name=name, file_size=declared
                    ),
                ),
            )
        await h.dispatcher.feed_update(h.bot, update)
    elif kind == "update" and row.send[1] == "group_press":
        from aiogram.types import CallbackQuery

        n = next(_ids)
        message = Message(message_id=n, date=h.clock.now(), chat=Chat(id=-1001, type="group"), text="…")
        query = CallbackQuery(
            id=str(n), from_user=h.user(USER), chat_instance="g", message=message, data="m:apply"
        )
        await h.dispatcher.feed_update(h.bot, Update(update_id=n, callback_query=query))
    else:
        await h.dispatcher.feed_update(h.bot, _update(h, row.send[1]))


@pytest.mark.slow  # a fresh bot and database per row: minutes on a loaded machine; CI runs it
@pytest.mark.parametrize("row", CATALOGUE, ids=[row.id for row in CATALOGUE])
async def test_bad_input(harness, tmp_path: Path, row: Row) -> None:
    h = harness
    await _setup(h, row.setup)
    before = await _snapshot(h)
    step_before = (await _run_state(h)).get("step")
    case_id = before[0][0]["id"] if before[0] else None
    start = len(h.session.requests)
    await _send(h, row, tmp_path, case_id)
    calls = h.session.requests[start:]
    said = [c.text for c in calls if isinstance(c, SendMessage)]
    popups = [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery)]
    reply = "\n".join(said + popups)
    if row.id != "upd-edited-message":
        assert said or any(popups), f"{row.id}: no reply at all"
    assert APOLOGY not in reply, f"{row.id}: generic apology\n{reply}"
    assert any(marker in reply for marker in row.expect), f"{row.id}: expected one of {row.expect}\n{reply}"
    after = await _snapshot(h)
    assert after[0] == before[0] or row.setup in ("order", "date"), f"{row.id}: a saved case changed"
    assert set(before[1]) <= set(after[1]), f"{row.id}: evidence lost"
    if row.keeps_step:
        assert (await _run_state(h)).get("step") == step_before, f"{row.id}: the flow moved on"
    if "stored" in row.extra:
        answers = (await _run_state(h)).get("answers", {})
        assert answers.get("order_no") == row.extra["stored"], answers
    for message in said:
        assert "<script>" not in message
