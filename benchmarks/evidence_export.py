"""Export time and sizes for a case with 30 photos (phone-sized JPEGs made with Pillow, some with an EXIF
orientation) and 2 PDFs: building the ZIP, the PDF 证据清单 and the paste text, as /export does (in
one worker thread), --repeat times each with the CJK font parsed on every export (as before) and parsed
once per process (bot.evidence_export.add_cjk_font), alternating; medians, and their ratio.

    .venv/bin/python benchmarks/evidence_export.py [--repeat 5] [--photos 30]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image
from pypdf import PdfWriter

from bot import evidence_export
from bot.config import load_settings
from bot.evidence_files import stored_path
from bot.handlers.evidence import build_pack
from bot.i18n import make_core
from bot.persistence.models import Case, Evidence

START = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def photo(index: int) -> bytes:
    """A 1280×960 JPEG with noise (so it weighs like a real photo, ~300-600 KB)."""
    base = Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3)).resize((1280, 960))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if index % 3 == 0:
        exif[0x0112] = 6  # rotated 90°: the PDF thumbnail must be turned upright
    base.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


def pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_case(directory: Path, photos: int) -> tuple[Case, list[Evidence]]:
    case = Case(
        id=7,
        user_id=1,
        problem="quality",
        service_type="return_refund",
        order_no="202611201234567890",
        status="intervention_requested",
    )
    rows = []
    categories = ("chat", "product", "logistics", "transaction", "promise")
    blobs = [(photo(i), "image/jpeg", None) for i in range(photos)] + [
        (pdf(3), "application/pdf", "发票.pdf"),
        (pdf(5), "application/pdf", "检测报告.pdf"),
    ]
    for index, (data, mime, name) in enumerate(blobs):
        sha = hashlib.sha256(data).hexdigest()
        path = stored_path(directory, sha, mime)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows.append(
            Evidence(
                id=index + 1,
                case_id=7,
                category=categories[index % 5],
                caption=f"第{index + 1}张：卖家承诺七天内发货" if index % 2 else None,
                original_name=name,
                mime=mime,
                size=len(data),
                sha256=sha,
                telegram_file_id="x",
                width=None,
                height=None,
                created_at=START + timedelta(minutes=index),
            )
        )
    return case, rows


def _parse_every_time(pdf: object, font: evidence_export.FontChoice, family: str = "cjk") -> None:
    """What the export did before the font was cached: fpdf2's add_font, which parses the font."""
    pdf.add_font(family, "", str(font.path), collection_font_number=font.collection_index)  # type: ignore[attr-defined]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--photos", type=int, default=30)
    args = parser.parse_args()
    core = make_core("zh")
    await core.startup()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"EVIDENCE_DIR": tmp})
        case, rows = make_case(Path(tmp), args.photos)
        originals = sum(row.size for row in rows)
        timeline = [(START - timedelta(days=3), "交易成功（确认收货）", False), (START, "提交售后申请", True)]
        cached_add_font = evidence_export.add_cjk_font
        # Runs alternate between the font parsed on every export (as before) and parsed once per
        # process (the first cached run parses it; it is counted, as a process's first export would).
        times: dict[str, list[float]] = {"parsed every export": [], "parsed once": []}
        zips, pdfs = [], []
        for _ in range(args.repeat):
            for mode, add_font in (
                ("parsed every export", _parse_every_time),
                ("parsed once", cached_add_font),
            ):
                evidence_export.add_cjk_font = add_font
                started = time.perf_counter()
                pack = await asyncio.to_thread(build_pack, case, rows, timeline, settings, core)
                times[mode].append(time.perf_counter() - started)
                zips.append(sum(path.stat().st_size for path in pack.zips))
                pdfs.append(len(pack.pdf or b""))
                first_zip = pack.zips[0].read_bytes()
                for path in pack.zips:
                    path.unlink()
        evidence_export.add_cjk_font = cached_add_font
        again = await asyncio.to_thread(build_pack, case, rows, timeline, settings, core)
        same = again.zips[0].read_bytes() == first_zip and again.pdf == pack.pdf
        print(
            f"case: {args.photos} photos + 2 PDFs, originals {originals / 2**20:.1f} MB; {args.repeat} runs each"
        )
        for mode, measured in times.items():
            print(
                f"export time, CJK font {mode}: median {statistics.median(measured):.2f} s "
                f"(min {min(measured):.2f}, max {max(measured):.2f}; runs {', '.join(f'{t:.2f}' for t in measured)})"
            )
        ratio = statistics.median(times["parsed once"]) / statistics.median(times["parsed every export"])
        print(f"ratio parsed once / parsed every export (same run): {ratio:.2f}")
        print(
            f"ZIP {statistics.median(zips) / 2**20:.2f} MB in {len(pack.zips)} part(s); PDF {statistics.median(pdfs) / 2**20:.2f} MB; paste text {len(pack.paste)} chars"
        )
        print(f"same bytes on a second export: {same}")
        # The font step alone (what the cache removes), same run: loading the font into a new PDF.
        from fpdf import FPDF

        font = evidence_export.find_cjk_font()
        if font is not None:
            steps: dict[str, list[float]] = {"parsed every export": [], "parsed once": []}
            for _ in range(args.repeat):
                for mode, add_font in (
                    ("parsed every export", _parse_every_time),
                    ("parsed once", cached_add_font),
                ):
                    started = time.perf_counter()
                    await asyncio.to_thread(add_font, FPDF(), font)
                    steps[mode].append(time.perf_counter() - started)
            print(
                "loading the CJK font into one PDF: "
                + "; ".join(
                    f"{mode} median {statistics.median(v) * 1000:.0f} ms" for mode, v in steps.items()
                )
            )


if __name__ == "__main__":
    asyncio.run(main())
