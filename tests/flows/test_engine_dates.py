"""Date steps in the engine: every typed date is said back; refusals say why; a far-back year guess and
an ambiguous day/month are asked about before they are used."""

from __future__ import annotations

from tests.flows.walk import Walk


def _apply_at_success(lang: str | None = None) -> Walk:
    w = Walk("apply")
    w.start({"lang": lang} if lang else None)
    w.send(("c", "quality"), ("c", "refund_only"), "skip")
    assert w.step == "success_at"
    return w


def test_typed_date_is_said_back_with_weekday() -> None:
    w = _apply_at_success()
    w.send(("t", "上周五"))
    assert w.reply_keys()[0] == "flow-date-said"
    assert "好的，按 11月20日（周五）算。" in w.text("zh")
    assert "OK: Fri 20 Nov." in w.text("en")
    w = _apply_at_success()
    w.send(("t", "昨天 20:30"))
    assert "按 11月27日（周五）20:30（北京时间）算" in w.text("zh")
    assert "Fri 27 Nov, 20:30 (Beijing time)" in w.text("en")


def test_tomorrow_is_not_yet_not_unreadable() -> None:
    w = _apply_at_success()
    w.send(("t", "明天"))
    assert w.reply_keys() == ["flow-date-future", "flow-apply-ask-success"]
    assert "11月29日（周日）还没到" in w.text("zh")
    assert w.step == "success_at"


def test_before_2000_is_refused_with_reason() -> None:
    w = _apply_at_success()
    for typed in ("0001-01-01", "1900-01-01"):
        w.send(("t", typed))
        assert w.reply_keys() == ["flow-date-too-early", "flow-apply-ask-success"]
        assert "2000" in w.text("zh")
    assert "success_at" not in w.state.answers


def test_far_back_guess_asks_and_re_enter_works() -> None:
    w = _apply_at_success()
    w.send(("t", "12月20日"))
    assert w.reply_keys() == ["flow-date-confirm"]
    assert "是 2025年12月20日（周六）吗" in w.text("zh")
    w.send(("c", "_date_again"))
    assert w.reply_keys() == ["flow-apply-ask-success"]
    assert "success_at" not in w.state.answers
    w.send(("c", "_date_0"))  # the question is gone: its button is stale now
    assert w.reply_keys()[0] == "flow-stale-button"
    w.send(("t", "11月20日"))
    assert w.step == "requested"


def test_ambiguous_day_month_is_asked_in_english() -> None:
    w = _apply_at_success("en")
    w.send(("t", "5/11"))
    assert w.reply_keys() == ["flow-date-which"]
    labels = [option.label_params for option in w.last.replies[0].options[:2]]
    assert [(p["m"], p["d"]) for p in labels] == [(5, "11"), (11, "5")]
    w.send(("c", "_date_1"))
    assert w.state.answers["success_at"]["at"].startswith("2026-11-04T16:00")  # 5 Nov, Beijing midnight
    assert "Thu 5 Nov" in w.text("en")


def test_chinese_slash_is_month_day() -> None:
    w = _apply_at_success("zh")
    w.send(("t", "11/5"))
    assert w.reply_keys()[0] == "flow-date-said"
    assert "11月5日（周四）" in w.text("zh")
