"""Evidence decisions: formats, size, duplicates, small photos, captions, coverage."""

from __future__ import annotations

import pytest

from flows.evidence import (
    CATEGORIES,
    CHECKLISTS,
    MAX_FILE_BYTES,
    category_from_caption,
    check_file,
    check_files,
    checklist,
    coverage,
)
from flows.inputs import FileItem

SHA = "a" * 64


def item(**kw) -> FileItem:
    base = {"kind": "document", "mime": "application/pdf", "size": 1000, "sha256": SHA}
    base.update(kw)
    return FileItem(**base)


@pytest.mark.parametrize(
    ("kw", "known", "status", "warning"),
    [
        ({}, [], "accepted", None),
        ({"mime": "image/png", "width": 1080, "height": 2400}, [], "accepted", None),
        # A phone screenshot as Telegram delivers it: readable, no warning.
        ({"kind": "photo", "mime": "image/jpeg", "width": 591, "height": 1280}, [], "accepted", None),
        ({"kind": "photo", "mime": "image/jpeg", "width": 1280, "height": 599}, [], "accepted", None),
        # A long screenshot squeezed to 1280 px: tiny text.
        (
            {"kind": "photo", "mime": "image/jpeg", "width": 1280, "height": 300},
            [],
            "accepted",
            "small_image",
        ),
        # Thumbnail size.
        (
            {"kind": "photo", "mime": "image/jpeg", "width": 600, "height": 600},
            [],
            "accepted",
            "small_image",
        ),
        ({"kind": "photo", "mime": "image/jpeg", "width": 1000, "height": 800}, [], "accepted", None),
        (
            {"mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            [],
            "bad_format",
            None,
        ),
        ({"mime": "image/webp"}, [], "bad_format", None),
        ({"mime": None}, [], "bad_format", None),
        ({"size": MAX_FILE_BYTES + 1, "sha256": None}, [], "too_big", None),
        ({"size": MAX_FILE_BYTES}, [], "accepted", None),
        ({}, [SHA], "duplicate", None),
        ({"mime": "text/plain"}, [SHA], "bad_format", None),  # format first: don't call it a duplicate
    ],
)
def test_check_file(kw, known, status, warning):
    decision = check_file(item(**kw), known)
    assert (decision.status, decision.warning) == (status, warning)


def test_duplicates_inside_an_album():
    decisions = check_files([item(), item(), item(sha256="b" * 64)], [])
    assert [d.status for d in decisions] == ["accepted", "duplicate", "accepted"]


@pytest.mark.parametrize(
    ("caption", "category"),
    [
        ("和卖家的聊天记录", "chat"),
        ("旺旺截图", "chat"),
        ("Chat with seller", "chat"),
        ("物流信息", "logistics"),
        ("快递一直不更新", "logistics"),
        ("tracking", "logistics"),
        ("订单详情", "transaction"),
        ("付款截图", "transaction"),
        ("发票", "transaction"),
        ("Invoice", "transaction"),
        ("payment", "transaction"),
        ("卖家承诺七天发货", "promise"),
        ("promise", "promise"),
        ("商品破损照片", "product"),
        ("检测报告", "product"),
        ("defect close-up", "product"),
        ("ｃｈａｔ", "chat"),  # full width
        ("随便", None),
        ("", None),
        (None, None),
        ("border", None),  # "order" only as a word
    ],
)
def test_category_from_caption(caption, category):
    assert category_from_caption(caption) == category


def test_checklists_cover_known_problems_with_valid_categories():
    for problem, items in CHECKLISTS.items():
        assert set(items) <= set(CATEGORIES) and len(set(items)) == len(items), problem
    assert checklist("not_received")[0] == "logistics" and "product" not in checklist("not_received")
    assert checklist("counterfeit")[0] == "product"
    assert checklist("quality")[0] == "product"
    assert checklist(None) == checklist("other") == checklist("unknown")


def test_coverage():
    covered, missing = coverage(["chat", "product", "product", "unrelated"], "quality")
    assert covered == ["product", "chat"]
    assert missing == ["logistics", "transaction", "promise"]
    assert coverage([], "not_received") == ([], ["logistics", "chat", "transaction", "promise"])


def test_files_sent_while_asked_for_a_category_join_the_same_group():
    import json

    from flows import engine
    from flows.effects import StoreEvidence
    from flows.inputs import Choice, Files
    from flows.registry import get_flow
    from flows.state import RunState
    from tests.flows.walk import NOW

    flow = get_flow("evidence")
    context = {"case_id": "1", "problem": "quality", "known_hashes": [], "categories": []}
    result = engine.start(flow, context, NOW)
    photo = item(kind="photo", mime="image/jpeg", size=1000, sha256="a" * 64, width=1280, height=960)
    result = engine.feed(flow, result.state, Files(items=[photo]), NOW)
    assert result.state.step == "category"
    second = item(kind="document", mime="application/pdf", size=500, sha256="b" * 64, original_name="x.pdf")
    state = RunState.from_json(json.loads(json.dumps(result.state.to_json())))
    result = engine.feed(flow, state, Files(items=[second, photo]), NOW)  # one new, one already pending
    assert result.state.step == "category" and result.effects == []
    assert any(r.key == "flow-evidence-file-notes" for r in result.replies)  # the duplicate is named
    result = engine.feed(flow, result.state, Choice(option_id="product"), NOW)
    stored = [e for e in result.effects if isinstance(e, StoreEvidence)]
    assert sorted(e.sha256[0] for e in stored) == ["a", "b"] and {e.category for e in stored} == {"product"}
