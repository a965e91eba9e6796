"""The evidence pack of one case, ready for Taobao: a deterministic ZIP of the originals (named by
category and order, with index.csv, index.json and 凭证说明.txt), a PDF 证据清单 with thumbnails, and a
short Chinese text to paste into Taobao's description box.

Everything here is synchronous and touches files: the bot calls it through ``asyncio.to_thread``.
Texts come from the Chinese catalogue whatever the user's language: the pack is for Taobao.

The same case gives the same bytes: entries in a fixed order, every timestamp in the ZIP fixed to
1980-01-01, fixed permissions; the PDF's dates are the case's own.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from bot.zip_export import Entry, write_zip_file
from flows.clock import BEIJING
from flows.evidence import CATEGORIES

log = logging.getLogger(__name__)

#: Bot API upload limit for a bot's own files: 50 MB on Telegram's servers, 2000 MB self-hosted.
PUBLIC_UPLOAD_BYTES = 50 * 1024 * 1024
LOCAL_UPLOAD_BYTES = 2000 * 1024 * 1024
#: Room kept in each ZIP part for the index files and the ZIP structure itself.
PART_HEADROOM = 1024 * 1024
THUMB_PX = 700

Translate = Callable[..., str]


@dataclass(frozen=True)
class PackItem:
    """One evidence file as it goes into the pack."""

    category: str
    position: int  # 1-based order within its category (by received time)
    original_name: str | None
    caption: str | None
    mime: str
    size: int
    sha256: str
    received_at: datetime
    path: Path

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(self.mime, "bin")

    def archive_name(self, category_name: str) -> str:
        number = CATEGORIES.index(self.category) + 1 if self.category in CATEGORIES else 99
        return f"{number:02d}-{category_name}-{self.position:02d}.{self.extension}"


@dataclass(frozen=True)
class CaseSheet:
    """The case facts printed on the cover and in the paste text (already in Chinese)."""

    case_id: int
    title: str
    order_no: str | None
    problem: str
    service: str | None
    demand: str | None
    timeline: list[tuple[datetime, str, bool]] = field(default_factory=list)  # (when, what, has time)


def beijing(moment: datetime, *, with_time: bool = True) -> str:
    local = moment.astimezone(BEIJING)
    return f"{local:%Y-%m-%d %H:%M}" if with_time else f"{local:%Y-%m-%d}"


def order_items(
    rows: Iterable[tuple[str, str | None, str | None, str, int, str, datetime, Path]],
) -> list[PackItem]:
    """Rows (category, original name, caption, mime, size, sha256, received, path) → items in pack order:
    by category (the guide's order), then received time, then hash."""
    ordered = sorted(
        rows,
        key=lambda r: (CATEGORIES.index(r[0]) if r[0] in CATEGORIES else 99, r[6], r[5]),
    )
    items: list[PackItem] = []
    counters: dict[str, int] = {}
    for category, original, caption, mime, size, sha256, received, path in ordered:
        counters[category] = counters.get(category, 0) + 1
        items.append(
            PackItem(category, counters[category], original, caption, mime, size, sha256, received, path)
        )
    return items


# -- ZIP ------------------------------------------------------------------------------------------------


def split_parts(items: list[PackItem], limit: int) -> list[list[PackItem]]:
    """Greedy, in pack order: each part stays under `limit` bytes (a single bigger file gets its own part)."""
    budget = max(limit - PART_HEADROOM, 1)
    parts: list[list[PackItem]] = [[]]
    used = 0
    for item in items:
        if parts[-1] and used + item.size > budget:
            parts.append([])
            used = 0
        parts[-1].append(item)
        used += item.size
    return parts


def index_rows(items: list[PackItem], names: dict[str, str]) -> list[dict[str, object]]:
    return [
        {
            "file": item.archive_name(names[item.category]),
            "category": names[item.category],
            "category_id": item.category,
            "original_name": item.original_name or "",
            "received_at": item.received_at.astimezone(BEIJING).isoformat(),
            "caption": item.caption or "",
            "size": item.size,
            "sha256": item.sha256,
        }
        for item in items
    ]


def index_csv(rows: list[dict[str, object]], t: Translate) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = ("file", "category", "original_name", "received_at", "caption", "size", "sha256")
    writer.writerow([t(f"export-col-{column.replace('_', '-')}") for column in columns])
    for row in rows:
        writer.writerow([row[column] for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheet apps then read UTF-8


def index_json(rows: list[dict[str, object]], sheet: CaseSheet) -> bytes:
    document = {
        "case": {
            "id": sheet.case_id,
            "order_no": sheet.order_no or "",
            "problem": sheet.problem,
            "service": sheet.service or "",
            "demand": sheet.demand or "",
        },
        "items": rows,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_zip(
    destination: Path,
    part: list[PackItem],
    everything: list[PackItem],
    sheet: CaseSheet,
    names: dict[str, str],
    readme: str,
    t: Translate,
) -> None:
    """One ZIP part: its files, plus the index of the whole pack and the readme (so every part stands
    alone), written by the bot's one ZIP builder (bot/zip_export.py: fixed time and mode, originals
    copied in 1 MiB blocks, never read whole)."""
    rows = index_rows(everything, names)
    entries = [Entry(item.archive_name(names[item.category]), path=item.path) for item in part]
    entries += [
        Entry("index.csv", data=index_csv(rows, t)),
        Entry("index.json", data=index_json(rows, sheet)),
        Entry(t("export-readme-name"), data=readme.encode("utf-8")),
    ]
    write_zip_file(destination, entries)


# -- paste text -------------------------------------------------------------------------------------------


def paste_text(
    items: list[PackItem], sheet: CaseSheet, names: dict[str, str], t: Translate, limit: int
) -> str:
    """Plain sentences for Taobao's description box, at most `limit` characters, never cut mid-sentence:
    a sentence that does not fit is shortened by dropping whole captions, or left out."""
    sentences: list[str] = []
    facts = t(
        "export-paste-facts",
        order=sheet.order_no or t("export-no-order"),
        problem=sheet.problem,
        demand=sheet.service or sheet.demand or t("export-none"),
    )
    sentences.append(facts)
    if sheet.timeline:
        steps = "；".join(
            f"{_short_when(when, has_time)}{what}" for when, what, has_time in sheet.timeline[:4]
        )
        sentences.append(t("export-paste-timeline", steps=steps))
    for category in CATEGORIES:
        group = [item for item in items if item.category == category]
        if not group:
            continue
        images = sum(1 for item in group if item.mime.startswith("image/"))
        captions = [
            item.caption.strip().rstrip("。.") for item in group if item.caption and item.caption.strip()
        ]
        first, last = group[0].received_at, group[-1].received_at
        span = (
            _short_day(first)
            if _short_day(first) == _short_day(last)
            else f"{_short_day(first)}–{_short_day(last)}"
        )
        for keep in range(len(captions), -1, -1):
            shown = "；".join(dict.fromkeys(captions[:keep]))
            sentence = t(
                "export-paste-category",
                category=names[category],
                count=len(group),
                images=images,
                pdfs=len(group) - images,
                captions=shown,
                has_captions="yes" if shown else "no",
                more="yes" if keep < len(captions) else "no",
                span=span,
            )
            if _fits(sentences, sentence, limit):
                break
        sentences.append(sentence)
    text = ""
    for sentence in sentences:
        if len(text) + len(sentence) > limit:
            break
        text += sentence
    return text


def _fits(sentences: list[str], sentence: str, limit: int) -> bool:
    return sum(len(s) for s in sentences) + len(sentence) <= limit


def _short_day(moment: datetime) -> str:
    local = moment.astimezone(BEIJING)
    return f"{local.month}月{local.day}日"


def _short_when(moment: datetime, has_time: bool) -> str:
    local = moment.astimezone(BEIJING)
    return f"{local.month}月{local.day}日" + (f" {local:%H:%M} " if has_time else " ")


# -- PDF --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    path: Path
    collection_index: int
    source: str  # for the log and the README: which font and where it came from


#: Fonts tried after the packaged one, in order: common places of TrueType CJK fonts (fpdf2 embeds
#: TrueType outlines; CFF-based OpenType CJK fonts such as Noto Sans CJK .otf are not usable by it).
SYSTEM_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)


def find_cjk_font(extra: Iterable[tuple[str, int]] = ()) -> FontChoice | None:
    """WenQuanYi Micro Hei from the `paperang-p2-fonts-cjk` package (a dependency: TrueType, so fpdf2
    can subset it; about 5 MB; Apache-2.0/GPLv3 with the font exception), else a system font found now,
    else None (the caller then says the PDF could not be made)."""
    try:
        packaged = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        if packaged.is_file():
            return FontChoice(Path(str(packaged)), 0, "WenQuanYi Micro Hei (paperang-p2-fonts-cjk)")
    except ModuleNotFoundError:
        pass
    for candidate, index in (*extra, *SYSTEM_FONTS):
        if Path(candidate).is_file():
            return FontChoice(Path(candidate), index, candidate)
    return None


# -- the CJK font, parsed once per process ------------------------------------------------------------
#
# fpdf2's add_font parses the font (cmap, metrics, glyph names of ~30,000 glyphs): seconds per export
# for a CJK font. So it is parsed once, lazily, under a lock, into a template; each PDF gets a copy
# that shares the template's read-only parts (character widths, cmap, descriptor) and has its own
# per-document state (the subset of glyphs used) and its own fontTools object, because fpdf2 subsets
# that object in place when it writes the PDF. That object is opened from the font's bytes in memory,
# with shallow copies of the already parsed tables the subsetter reads (cmap, glyf, loca, hmtx, vmtx,
# post, glyph order); the subsetter replaces those tables' contents rather than changing them, and each
# glyph it takes from the template is a copy, so the template stays whole. A test checks that a PDF made
# this way is byte for byte the one add_font makes.

_font_lock = threading.Lock()
_font_templates: dict[tuple[str, int], tuple[Any, bytes]] = {}
_PARSED_TABLES = ("hmtx", "vmtx", "post", "loca")


class _CopiedOnRead(dict[str, Any]):
    """The template's glyphs (parsed once): a glyph read from here is a copy, because the subsetter
    changes the glyphs it keeps (component ids remapped, trimmed)."""

    def __getitem__(self, name: str) -> Any:
        return copy.deepcopy(dict.__getitem__(self, name))

    def get(self, name: str, default: Any = None) -> Any:
        glyph = dict.get(self, name)
        return copy.deepcopy(glyph) if glyph is not None else default


def _font_template(font: FontChoice) -> tuple[Any, bytes]:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    key = (str(font.path), font.collection_index)
    with _font_lock:
        cached = _font_templates.get(key)
        if cached is None:
            holder = FPDF()
            holder.add_font("cjk", "", str(font.path), collection_font_number=font.collection_index)
            template = holder.fonts["cjk"]
            assert isinstance(template, TTFFont)
            parsed = template.ttfont
            parsed.getGlyphOrder()
            for tag in ("cmap", "glyf", *_PARSED_TABLES):
                if tag in parsed:
                    parsed[tag]  # parsed now, once
            cached = (template, font.path.read_bytes())
            _font_templates[key] = cached
            log.info("CJK font parsed once for the PDF evidence lists: %s", font.source)
        return cached


def add_cjk_font(pdf: Any, font: FontChoice, family: str = "cjk") -> None:
    """``pdf.add_font(family, "", font.path)`` without parsing the font again (see above)."""
    from fpdf.fonts import SubsetMap

    template, data = _font_template(font)
    parsed = template.ttfont
    own = type(parsed)(  # fontTools' TTFont
        io.BytesIO(data), recalcTimestamp=False, fontNumber=font.collection_index, lazy=True
    )
    own.setGlyphOrder(list(parsed.getGlyphOrder()))
    for tag in _PARSED_TABLES:
        if tag in parsed.tables:
            own.tables[tag] = copy.copy(parsed.tables[tag])
    if "glyf" in parsed.tables:
        glyf = copy.copy(parsed.tables["glyf"])
        glyf.glyphs = _CopiedOnRead(parsed.tables["glyf"].glyphs)
        glyf.glyphOrder = list(parsed.tables["glyf"].glyphOrder)
        glyf._reverseGlyphOrder = {}  # rebuilt on demand for this copy's own order
        own.tables["glyf"] = glyf
    if "cmap" in parsed.tables:
        cmap = copy.copy(parsed.tables["cmap"])
        cmap.tables = [copy.copy(table) for table in cmap.tables]
        own.tables["cmap"] = cmap
    document_font = copy.copy(template)
    document_font.i = len(pdf.fonts) + 1
    document_font.fontkey = family
    document_font.ttfont = own
    document_font.missing_glyphs = []
    document_font.biggest_size_pt = 0
    document_font._hbfont = None
    document_font.subset = SubsetMap(document_font)
    pdf.fonts[family] = document_font


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 — a damaged or encrypted PDF: its page count stays unknown
        return None


def thumbnail(path: Path) -> io.BytesIO | None:
    """A JPEG thumbnail with the EXIF orientation applied (phones store portraits sideways)."""
    try:
        with Image.open(path) as image:
            if image.format == "JPEG":
                image.draft("RGB", (THUMB_PX, THUMB_PX))  # decode at a reduced scale: much faster
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((THUMB_PX, THUMB_PX))
            buffer = io.BytesIO()
            upright.convert("RGB").save(buffer, "JPEG", quality=75)
            buffer.seek(0)
            return buffer
    except Exception:  # noqa: BLE001 — an image Pillow cannot read gets no thumbnail
        return None


def build_pdf(
    items: list[PackItem],
    sheet: CaseSheet,
    names: dict[str, str],
    t: Translate,
    font: FontChoice,
    created: datetime,
) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(created.astimezone(UTC))
    pdf.set_title(t("export-pdf-title"))
    pdf.set_auto_page_break(auto=True, margin=15)
    add_cjk_font(pdf, font)
    width = pdf.epw

    def line(text: str, size: float = 10.5, height: float = 6) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line(t("export-pdf-title"), 20, 12)
    line(sheet.title, 13, 8)
    pdf.ln(2)
    line(t("export-pdf-order", order=sheet.order_no or t("export-no-order")))
    line(t("export-pdf-problem", problem=sheet.problem))
    line(t("export-pdf-demand", demand=sheet.service or sheet.demand or t("export-none")))
    line(t("export-pdf-count", count=len(items)))
    pdf.ln(3)
    line(t("export-pdf-timeline"), 13, 8)
    for when, what, has_time in sheet.timeline:
        line(f"{beijing(when, with_time=has_time)}  {what}")
    if not sheet.timeline:
        line(t("export-none"))
    line(t("export-pdf-time-note"), 8.5, 5)
    for category in CATEGORIES:
        group = [item for item in items if item.category == category]
        if not group:
            continue
        pdf.add_page()
        line(t("export-pdf-section", category=names[category], count=len(group)), 15, 10)
        for item in group:
            name = item.archive_name(names[category])
            details = [
                name + (f"（{item.original_name}）" if item.original_name else ""),
                t("export-pdf-caption", caption=item.caption or t("export-none")),
                t("export-pdf-received", when=beijing(item.received_at)),
                "SHA-256 " + item.sha256,
            ]
            if item.mime == "application/pdf":
                pages = pdf_pages(item.path)
                details.insert(
                    1, t("export-pdf-pages", pages=pages) if pages else t("export-pdf-pages-unknown")
                )
                for text in details:
                    line(text, 9.5, 5.5)
                pdf.ln(3)
                continue
            thumb = thumbnail(item.path)
            if pdf.get_y() > pdf.h - 90:
                pdf.add_page()
            top = pdf.get_y()
            if thumb is not None:
                info = pdf.image(thumb, x=pdf.l_margin, y=top, w=60, keep_aspect_ratio=True, h=75)
                image_height = float(info.rendered_height)
            else:
                image_height = 0.0
            pdf.set_xy(pdf.l_margin + 64, top)
            pdf.set_font("cjk", size=9.5)
            for text in details:
                pdf.set_x(pdf.l_margin + 64)
                pdf.multi_cell(width - 64, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(max(pdf.get_y(), top + image_height) + 5)
    return bytes(pdf.output())
