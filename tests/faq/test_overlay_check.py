"""The operators' overlay and `faq check`."""

from __future__ import annotations

import io

import pytest

from faq.check import check, run_check
from faq.knowledge import KnowledgeError
from faq.matcher import FaqMatcher
from faq.normalize import Normalizer
from faq.overlay import Overlay, add_ignored, add_paraphrase, load_overlay, with_overlay


def test_overlay_round_trip_and_merge(tmp_path, kb):
    path = tmp_path / "o.yaml"
    assert load_overlay(path).count() == 0  # no file yet: empty
    add_paraphrase(path, "seller-refused", "zh", "商家耍赖不给弄")
    add_paraphrase(path, "seller-refused", "zh", "商家耍赖不给弄")  # twice: stored once
    add_ignored(path, "红烧肉")
    overlay = load_overlay(path)
    assert overlay.paraphrases["seller-refused"].zh == ["商家耍赖不给弄"] and overlay.ignored == ["红烧肉"]
    merged = with_overlay(kb, overlay)
    assert "商家耍赖不给弄" in merged.get("seller-refused").paraphrases.zh
    assert "商家耍赖不给弄" not in kb.get("seller-refused").paraphrases.zh  # the shipped one is untouched
    m = FaqMatcher.from_knowledge(merged, classifier=False)
    assert m.rank("商家耍赖不给弄", 1)[0][0].id == "seller-refused"


def test_overlay_with_unknown_id_is_refused(tmp_path, kb):
    bad = Overlay.model_validate({"paraphrases": {"no-such-entry": {"zh": ["x"]}}})
    with pytest.raises(KnowledgeError):
        with_overlay(kb, bad)
    (tmp_path / "broken.yaml").write_text("paraphrases: [1, 2", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_overlay(tmp_path / "broken.yaml")


def test_check_passes_on_the_shipped_knowledge_base():
    out = io.StringIO()
    assert run_check(None, out) == 0, out.getvalue()
    text = out.getvalue()
    assert "seller-refused" in text and text.rstrip().endswith("ok")


def test_check_finds_shared_paraphrases_and_numbers_not_in_the_guide(kb):
    shared = Overlay.model_validate(
        {"paraphrases": {"seller-refused": {"zh": [kb.get("ruling-time").question.zh]}}}
    )
    problems, _counts = check(kb, shared, None, Normalizer.default())
    assert any("belongs to both" in p for p in problems)
    entry = kb.get("ruling-time")
    changed = entry.model_copy(
        update={"answer": entry.answer.model_copy(update={"zh": "客服会在 8 个工作日内裁决。"})}
    )
    kb2 = kb.model_copy(update={"entries": [changed if e.id == "ruling-time" else e for e in kb.entries]})
    problems, _ = check(kb2, Overlay(), "卖家有72小时，3-5个工作日", Normalizer.default())
    assert any("ruling-time (zh): the number 8" in p for p in problems)
