"""Evidence: the guide's categories, a checklist per problem type, and what to do with each file.

Categories (stable ids; text keys ``evidence-cat-<id>``), from the guide's "关键证据准备要点":

* ``chat``        聊天记录 — complete, dated, in time order; the seller's promises
* ``product``     商品问题证明 — clear overall photos and close-ups; test report / brand authentication
* ``logistics``   物流信息 — tracking screenshots, abnormal nodes; key for "not received"
* ``transaction`` 交易凭证 — order details, payment proof, invoice
* ``promise``     时间节点证明 — screenshots of the seller's promises on times, after-sales, promotions

File rules: the guide names JPG, PNG and PDF; the Bot API downloads at most 20 MB; an image too small
for its text to be read is kept with a warning ("图片清晰可辨"). Telegram delivers photos at most
1280 px on the long side, so a phone screenshot arrives as about 591×1280 and is perfectly readable:
the warning is for images whose long side is under 800 px (a thumbnail) or whose short side is under
400 px (a long screenshot squeezed to 1280 px, whose text shrinks below legibility).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from flows.inputs import FileItem

CATEGORIES: tuple[str, ...] = ("chat", "product", "logistics", "transaction", "promise")

#: Checklist per problem type: the categories that matter, most important first.
#: "Not received" has no product to photograph, so its list has four categories.
CHECKLISTS: dict[str, tuple[str, ...]] = {
    "not_received": ("logistics", "chat", "transaction", "promise"),
    "quality": ("product", "chat", "logistics", "transaction", "promise"),
    "not_as_described": ("product", "promise", "chat", "transaction", "logistics"),
    "counterfeit": ("product", "promise", "chat", "transaction", "logistics"),
    "wrong_item": ("product", "logistics", "chat", "transaction", "promise"),
    "other": ("chat", "product", "logistics", "transaction", "promise"),
}

#: Accepted formats (the guide: "包括JPG、PNG、PDF等"), by MIME type detected from the content.
ACCEPTED_MIME: dict[str, str] = {"image/jpeg": "JPG", "image/png": "PNG", "application/pdf": "PDF"}

#: Telegram's Bot API download limit (public server): larger files cannot be fetched.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Files received but not yet filed (waiting for the user to say which case, which category) are kept
#: this long, then deleted; the question says so.
PENDING_HOURS = 24

#: An image whose long side is below this is about thumbnail size: small print is not legible.
MIN_LONG_SIDE = 800
#: An image whose short side is below this (a long screenshot squeezed by Telegram) has tiny text.
MIN_SHORT_SIDE = 400

#: Caption keywords → category (checked in this order; NFKC + lower case; first hit wins).
CAPTION_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "logistics",
        ("物流", "快递", "运单", "签收", "派送", "logistics", "tracking", "delivery", "shipping", "courier"),
    ),
    (
        "transaction",
        ("订单", "付款", "支付", "发票", "收据", "order", "payment", "invoice", "receipt", "paid"),
    ),
    ("promise", ("承诺", "保证", "宣传", "活动", "promise", "guarantee", "promotion")),
    ("chat", ("聊天", "旺旺", "对话", "客服", "chat", "conversation", "message", "wangwang")),
    (
        "product",
        (
            "商品",
            "质量",
            "问题",
            "瑕疵",
            "破损",
            "检测",
            "鉴定",
            "报告",
            "照片",
            "实物",
            "product",
            "defect",
            "damage",
            "broken",
            "quality",
            "report",
            "photo",
            "item",
        ),
    ),
)


def checklist(problem: str | None) -> tuple[str, ...]:
    return CHECKLISTS.get(problem or "other", CHECKLISTS["other"])


def coverage(stored_categories: Iterable[str], problem: str | None = None) -> tuple[list[str], list[str]]:
    """(covered, missing) categories of the problem's checklist, in checklist order."""
    stored = set(stored_categories)
    items = checklist(problem)
    return [c for c in items if c in stored], [c for c in items if c not in stored]


def category_from_caption(caption: str | None) -> str | None:
    if not caption:
        return None
    text = unicodedata.normalize("NFKC", caption).lower()
    for category, words in CAPTION_KEYWORDS:
        for word in words:
            if word.isascii():
                if re.search(rf"\b{re.escape(word)}", text):
                    return category
            elif word in text:
                return category
    return None


@dataclass(frozen=True, slots=True)
class FileDecision:
    """What to do with one file. ``status``: accepted / too_big / failed / corrupt / bad_format /
    duplicate."""

    item: FileItem
    status: str
    warning: str | None = None  # "small_image" for accepted photos that may be hard to read

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


def check_file(item: FileItem, known_hashes: Iterable[str]) -> FileDecision:
    """Accept or refuse one file (size first: a too-big file was never downloaded)."""
    if item.error is not None:
        return FileDecision(item, item.error)
    if item.sha256 is None and item.size is not None and item.size > MAX_FILE_BYTES:
        return FileDecision(item, "too_big")
    if item.mime not in ACCEPTED_MIME or item.sha256 is None:
        return FileDecision(item, "bad_format")
    if item.sha256 in set(known_hashes):
        return FileDecision(item, "duplicate")
    warning = None
    if (
        item.mime.startswith("image/")
        and item.width
        and item.height
        and hard_to_read(item.width, item.height)
    ):
        warning = "small_image"
    return FileDecision(item, "accepted", warning)


def hard_to_read(width: int, height: int) -> bool:
    return max(width, height) < MIN_LONG_SIDE or min(width, height) < MIN_SHORT_SIDE


def check_files(items: Iterable[FileItem], known_hashes: Iterable[str]) -> list[FileDecision]:
    """Decide a batch (an album): a file repeated inside the batch is a duplicate too."""
    seen = set(known_hashes)
    decisions = []
    for item in items:
        decision = check_file(item, seen)
        if decision.accepted and item.sha256:
            seen.add(item.sha256)
        decisions.append(decision)
    return decisions


def category_label(category: str) -> str:
    return f"evidence-cat-{category}"


def category_line(category: str) -> str:
    """Text key of a checklist line (takes params ``done`` yes/no, ``n``, ``problem``)."""
    return f"evidence-line-{category}"


def label_keys() -> set[str]:
    return {category_label(c) for c in CATEGORIES} | {category_line(c) for c in CATEGORIES}
