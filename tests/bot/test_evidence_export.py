"""The evidence pack end to end: uploads through the real dispatcher, then /export — ZIP index against
the rows and every file's SHA-256, same bytes twice, the PDF's Chinese text and embedded fonts, the
paste text's limit; list, resend, change category, caption, delete."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, FSInputFile
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

import bot.handlers.evidence as evidence_handlers
from bot.evidence_export import find_cjk_font
from bot.persistence.models import Case, Evidence
from tests.bot.conftest import button_data, buttons
from tests.bot.handlers.test_flows import jpeg_bytes, last_keyboard, send_file, walk_apply
from tests.bot.test_evidence_intake import send_album, text_of

ORDER = "202611241234567890"


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def kept_zips(monkeypatch):
    """Keep the ZIP files the bot would delete after sending, so the test can open them."""
    monkeypatch.setattr(evidence_handlers, "_remove", lambda paths: None)


async def upload_case(h, tmp_path: Path) -> None:
    await walk_apply(h)
    async with h.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        case.order_no = ORDER
        await session.commit()
    await h.evidence()
    sent = await send_album(h, tmp_path, [jpeg_bytes(color=(30 * i, 10, 10)) for i in range(6)], group="a1")
    await h.press(button_data(last_keyboard(sent), "聊天记录"))
    sent = await send_album(h, tmp_path, [jpeg_bytes(color=(10, 30 * i, 10)) for i in range(6)], group="a2")
    await h.press(button_data(last_keyboard(sent), "商品"))
    await send_file(h, tmp_path, "发票.pdf", pdf_bytes(2), photo=False, caption="订单发票")
    await send_file(h, tmp_path, "物流.pdf", pdf_bytes(3), photo=False, caption="物流记录显示已签收但没收到")
    sent = await send_file(h, tmp_path, "dup.jpg", jpeg_bytes(color=(0, 10, 10)), photo=True, caption="聊天")
    assert "不再重复保存" in text_of(sent)
    sent = await send_file(h, tmp_path, "notes.docx", b"PK\x03\x04 word", photo=False)
    assert "格式暂不支持" in text_of(sent)
    await h.say("/done")


async def export(h):
    before = len(h.session.requests)
    await h.say("/export")
    return h.session.requests[before:]


async def test_export_pack_matches_rows_and_is_deterministic(harness, tmp_path, kept_zips):
    await upload_case(harness, tmp_path)
    async with harness.app.database.sessions() as session:
        rows = (await session.scalars(select(Evidence))).all()
    assert len(rows) == 14
    first = await export(harness)
    docs = [r for r in first if isinstance(r, SendDocument)]
    assert len(docs) == 2
    zip_path = Path(docs[0].document.path) if isinstance(docs[0].document, FSInputFile) else None
    assert zip_path is not None and zip_path.name == "证据包-案件1.zip"
    archive = zipfile.ZipFile(zip_path)
    names = archive.namelist()
    assert "01-聊天记录-01.jpg" in names and "02-商品问题-06.jpg" in names
    assert {"index.csv", "index.json", "凭证说明.txt"} <= set(names)
    index = json.loads(archive.read("index.json"))
    assert index["case"]["order_no"] == ORDER
    by_hash = {row.sha256: row for row in rows}
    assert {item["sha256"] for item in index["items"]} == set(by_hash)
    for item in index["items"]:
        data = archive.read(item["file"])
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        row = by_hash[item["sha256"]]
        assert item["size"] == row.size == len(data)
        assert item["caption"] == (row.caption or "")
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    csv_text = archive.read("index.csv").decode("utf-8-sig")
    assert "收到时间（北京时间）" in csv_text and ORDER not in csv_text
    # The PDF: Chinese text comes back out, fonts are embedded.
    pdf = docs[1].document
    assert isinstance(pdf, BufferedInputFile) and pdf.filename == "证据清单-案件1.pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (ORDER, "证据清单", "聊天记录", "商品问题", "交易凭证", "物流记录", "发票.pdf", "2 页"):
        assert expected in text, expected
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()
    # The text to paste: within its limit, whole sentences, Chinese.
    messages = [r for r in first if isinstance(r, SendMessage)]
    intro = next(i for i, m in enumerate(messages) if "可以直接复制" in m.text)
    paste = messages[intro + 1].text
    assert len(paste) <= 500 and paste.endswith("。") and ORDER in paste and "聊天记录" in paste
    # Same case, same bytes.
    zip_bytes = zip_path.read_bytes()
    second = await export(harness)
    docs2 = [r for r in second if isinstance(r, SendDocument)]
    assert Path(docs2[0].document.path).read_bytes() == zip_bytes
    assert docs2[1].document.data == pdf.data


async def test_paste_text_limit_is_configurable_and_never_cuts_a_sentence(harness, tmp_path, kept_zips):
    harness.app.settings.paste_text_chars = 120
    await upload_case(harness, tmp_path)
    sent = await export(harness)
    messages = [r for r in sent if isinstance(r, SendMessage)]
    intro = next(i for i, m in enumerate(messages) if "可以直接复制" in m.text)
    paste = messages[intro + 1].text
    assert 0 < len(paste) <= 120 and paste.endswith("。")


async def test_big_pack_is_split_into_parts_each_with_the_full_index(harness, tmp_path):
    from bot.handlers.evidence import build_pack
    from bot.persistence.cases import case_events

    await upload_case(harness, tmp_path)
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        rows = (await session.scalars(select(Evidence))).all()
        events = await case_events(session, case.id)
    core = harness.dispatcher["i18n_core"]
    total = sum(row.size for row in rows)
    pack = build_pack(
        case,
        list(rows),
        evidence_handlers.events_of(events, core),
        harness.app.settings,
        core,
        part_limit=total // 3 + 1024 * 1024,
    )
    assert len(pack.zips) >= 2
    seen = set()
    for path in pack.zips:
        archive = zipfile.ZipFile(path)
        assert len(json.loads(archive.read("index.json"))["items"]) == 14
        seen |= {name for name in archive.namelist() if name[:2].isdigit()}
    assert len(seen) == 14


def test_a_cjk_font_is_found():
    font = find_cjk_font()
    assert font is not None and font.path.is_file()


async def test_list_resend_change_category_caption_and_delete(harness, tmp_path):
    await upload_case(harness, tmp_path)
    sent = await harness.evidence()
    listing = next(m for m in sent if "已收到 14 份证据" in m.text)
    assert "发票.pdf" in listing.text and "照片" in listing.text and "「订单发票」" in listing.text
    pdf_button = next(data for text, data in buttons(listing) if "发票.pdf" in text)
    before = len(harness.session.requests)
    await harness.press(pdf_button)
    [doc] = [r for r in harness.session.requests[before:] if isinstance(r, SendDocument)]
    assert doc.document.startswith("local-")  # sent back by its Telegram file id
    photo_button = next(data for text, data in buttons(listing) if "照片" in text)
    before = len(harness.session.requests)
    await harness.press(photo_button)
    [photo] = [r for r in harness.session.requests[before:] if isinstance(r, SendPhoto)]
    item_keyboard = photo.reply_markup
    labels = {b.text: b.callback_data for row in item_keyboard.inline_keyboard for b in row}
    # Change category.
    sent = await harness.press(labels["改类别"])
    sent = await harness.press(button_data(sent[-1], "承诺截图"))
    assert "已改为「承诺截图」" in sent[-1].text
    # Edit caption (the evidence flow is still open: the caption must not feed it).
    await harness.press(labels["改说明"])
    sent = await harness.say("卖家承诺7天内发货")
    assert "说明已改为：卖家承诺7天内发货" in sent[-1].text
    # Delete, after confirmation.
    sent = await harness.press(labels["🗑 删除"])
    sent = await harness.press(button_data(sent[-1], "确认删除"))
    assert "已删除" in sent[-1].text
    async with harness.app.database.sessions() as session:
        rows = (await session.scalars(select(Evidence))).all()
    assert len(rows) == 13
    assert any(r.category == "promise" for r in rows) is False  # the changed item was the deleted one
    files = [
        p
        for p in Path(harness.app.settings.evidence_dir).rglob("*")
        if p.is_file() and ".incoming" not in p.parts
    ]
    assert len(files) == 13


async def test_resend_falls_back_to_the_file_on_disk(harness, tmp_path):
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.methods import SendPhoto as SendPhotoMethod

    await upload_case(harness, tmp_path)
    sent = await harness.evidence()
    listing = next(m for m in sent if "已收到" in m.text)
    photo_button = next(data for text, data in buttons(listing) if "照片" in text)
    failed_call = SendPhotoMethod(chat_id=501, photo="gone")
    harness.session.fail_next(
        SendPhotoMethod, TelegramBadRequest(method=failed_call, message="wrong file identifier")
    )
    before = len(harness.session.requests)
    await harness.press(photo_button)
    [doc] = [r for r in harness.session.requests[before:] if isinstance(r, SendDocument)]
    assert isinstance(doc.document, FSInputFile) and Path(doc.document.path).is_file()


async def test_export_with_several_cases_asks_which(harness, tmp_path):
    await upload_case(harness, tmp_path)
    await walk_apply(harness)  # a second case
    sent = await harness.say("/export")
    assert "导出哪个案件" in sent[-1].text and len(buttons(sent[-1])) == 2


async def test_case_card_lists_and_exports(harness, tmp_path, kept_zips):
    from bot.callbacks import CaseCallback

    await upload_case(harness, tmp_path)
    sent = await harness.press(CaseCallback(case=1, a="open").pack())
    card = next(m for m in sent if m.reply_markup is not None)
    sent = await harness.press(button_data(card, "查看证据"))
    assert "已收到 14 份证据" in sent[-1].text
    before = len(harness.session.requests)
    await harness.press(button_data(card, "导出证据"))
    docs = [r for r in harness.session.requests[before:] if isinstance(r, SendDocument)]
    assert [d.document.filename for d in docs] == ["证据包-案件1.zip", "证据清单-案件1.pdf"]


def _sample_pack(tmp_path: Path):
    from bot.evidence_export import CaseSheet, order_items

    received = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    rows: list[tuple[str, str | None, str | None, str, int, str, datetime, Path]] = []
    for index, (category, colour) in enumerate((("chat", (9, 9, 9)), ("logistics", (90, 9, 9)))):
        path = tmp_path / f"{index}.jpg"
        path.write_bytes(jpeg_bytes(color=colour))
        rows.append(
            (category, None, f"说明{index} 卖家承诺", "image/jpeg", 1000, f"{index:064x}", received, path)
        )
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf_bytes(3))
    rows.append(("transaction", "发票.pdf", None, "application/pdf", 2000, "f" * 64, received, path))
    sheet = CaseSheet(
        case_id=3,
        title="质量问题 · 尾号3456 #3",
        order_no="3712345678903456",
        problem="质量问题",
        service=None,
        demand=None,
        timeline=[(received, "申请售后", True)],
    )
    names = {c: f"类{c}" for c in ("chat", "product", "logistics", "transaction", "promise")}
    return order_items(rows), sheet, names, received


def _plain_add_font(pdf, font, family="cjk"):
    pdf.add_font(family, "", str(font.path), collection_font_number=font.collection_index)


def test_the_cjk_font_is_parsed_once_and_gives_the_same_pdf_as_add_font(tmp_path, monkeypatch):
    """The font is parsed once per process (lazily, under a lock, also with several exports at once),
    and a PDF made with the parsed copy is byte for byte the one fpdf2's add_font makes — twice over,
    so the first PDF's subsetting did not damage the template."""
    import concurrent.futures

    import fpdf

    from bot import evidence_export
    from bot.evidence_export import build_pdf

    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font")
    items, sheet, names, created = _sample_pack(tmp_path)

    def t(key, **params):
        return key + "".join(f" {v}" for v in params.values())

    with monkeypatch.context() as plain:
        plain.setattr(evidence_export, "add_cjk_font", _plain_add_font)
        reference = build_pdf(items, sheet, names, t, font, created)

    monkeypatch.setattr(evidence_export, "_font_templates", {})
    parsed = []
    original = fpdf.FPDF.add_font

    def counting_add_font(self, *args, **kwargs):
        parsed.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(fpdf.FPDF, "add_font", counting_add_font)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda _: build_pdf(items, sheet, names, t, font, created), range(4)))
    made.append(build_pdf(items, sheet, names, t, font, created))
    assert len(parsed) == 1
    assert all(pdf == reference for pdf in made)
    assert b"/FontFile2" in reference  # the font is embedded (a subset)


def test_the_pack_zip_is_built_by_the_one_zip_builder_and_is_private(tmp_path):
    """/export and /mydata share bot/zip_export.py: same fixed time and mode in every entry, the
    originals stored as they are, the file itself readable by the service user only."""
    import os
    import stat

    from bot.evidence_export import write_zip
    from bot.zip_export import FIXED_TIME, Entry, build_parts

    items, sheet, names, _ = _sample_pack(tmp_path)
    before = os.umask(0o022)  # a permissive umask: the file must still be 0600
    try:
        target = tmp_path / "pack.zip"
        write_zip(target, items, items, sheet, names, "说明", lambda key, **_: "凭证说明.txt")
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    mydata, _ = build_parts([Entry("data.json", data=b"{}"), Entry("e/1.jpg", path=items[0].path)], 10**7)
    for archive in (zipfile.ZipFile(target), zipfile.ZipFile(io.BytesIO(mydata[0]))):
        for info in archive.infolist():
            assert info.date_time == FIXED_TIME and info.external_attr >> 16 == 0o600, info
            if info.filename.endswith((".jpg", ".pdf")):
                assert info.compress_type == zipfile.ZIP_STORED
    with zipfile.ZipFile(target) as archive:
        assert archive.read(items[0].archive_name(names[items[0].category])) == items[0].path.read_bytes()
        assert {"index.csv", "index.json", "凭证说明.txt"} <= set(archive.namelist())
