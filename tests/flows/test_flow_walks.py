"""Table-driven walks of every flow through the engine, one per branch.

Each walk round-trips the state through JSON between turns and renders every reply in zh and en
(see tests/flows/walk.py).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from flows import lifecycle
from flows.case_facts import CaseFacts, CaseStatus
from flows.effects import (
    OPENED,
    Correct,
    OpenCase,
    Perform,
    RecordEvent,
    StartFlow,
    StoreEvidence,
    UpdateCase,
    stored,
)
from flows.lifecycle import Action, CaseRecord
from tests.flows.walk import NOW, Walk, document, photo


def told(effects: list, status: CaseStatus = CaseStatus.NEGOTIATING) -> CaseRecord:
    """The record after the run's Perform effects, applied as the bot applies them (the table decides)."""
    record = CaseRecord(facts=CaseFacts(status=status))
    for effect in effects:
        if isinstance(effect, Perform):
            record = lifecycle.tell(
                record,
                effect.action,
                at=datetime.fromisoformat(effect.at),
                now=NOW,
                date_only=effect.date_only,
                outcome=effect.outcome,
            )
    return record


def performed(effects: list) -> list[tuple[str, str]]:
    return [(e.action.value, e.at) for e in effects if isinstance(e, Perform)]


# -- negotiate ----------------------------------------------------------------------------------


def test_negotiate_message_to_the_seller_is_chinese_in_english_too():
    """Its phrases are pinned to Chinese: the English catalogue had drifted ("部分退款作为补偿")."""
    w = Walk("negotiate")
    w.start()
    w.send(("c", "not_as_described"), ("c", "partial_refund"), ("t", "color differs"), "skip")
    w.send(("t", "11月20日"))
    result = w.send(("c", "h24"))
    message = next(r for r in result.replies if r.key == "flow-negotiate-message")
    pinned = [
        ref for name in ("seller_problem", "seller_demand", "seller_kept") for ref in message.refs[name].items
    ]
    assert all(ref.lang == "zh" for ref in pinned)
    en = w.text("en")
    assert "退还部分货款" in en and "部分退款作为补偿" not in en


def test_negotiate_full_walk_opens_case():
    w = Walk("negotiate")
    w.start()
    assert w.step == "problem"
    w.send(("c", "quality"), ("c", "return_refund"), ("t", "屏幕有划痕 <b>"), ("t", "1234 5678 9012 3456"))
    w.send(("t", "11月20日"))  # transaction succeeded: said back, the window planned
    result = w.send(("c", "h24"))
    assert w.reply_keys(result) == ["flow-negotiate-advice", "flow-negotiate-message"]
    zh = w.text("zh")
    assert "联系卖家" in zh and "旺旺" in zh
    assert "15 天内" in zh and "3–5 天" in zh
    assert "1234567890123456" in zh  # order number, digits only
    assert "屏幕有划痕 &lt;b&gt;" in zh  # user text escaped
    assert "11月29日 10:00" in zh  # reply-by: now + 24 h, in the Chinese message
    en = w.text("en")
    assert "29 Nov 10:00" in en and "11月29日 10:00" in en  # English explanation + Chinese message
    assert "联系卖家 (contact seller)" in en
    w.send(("c", "open_case"))
    assert w.state is None
    opened, success, event = w.effects()
    assert isinstance(opened, OpenCase)
    assert (opened.status, opened.problem, opened.service_type, opened.demand) == (
        "negotiating",
        "quality",
        "return_refund",
        "return_refund",
    )
    assert opened.order_no == "1234567890123456"
    assert opened.facts["negotiation_started_at"] == "2026-11-28T02:00:00+00:00"
    assert opened.facts["transaction_succeeded_at"] == "2026-11-19T16:00:00+00:00"  # Beijing midnight
    assert isinstance(success, RecordEvent) and success.event == "transaction_succeeded" and success.date_only
    assert isinstance(event, RecordEvent) and event.case == OPENED and event.event == "negotiation_started"


@pytest.mark.parametrize(
    ("problem", "demand", "note_zh"),
    [
        ("not_received", "return_refund", "没有东西可退可换"),
        ("counterfeit", "exchange", "同一来源"),
        ("wrong_item", "partial_refund", "希望退多少"),
        ("not_as_described", "refund_only", "可以直接提"),
        ("other", "resend", "可以直接提"),
    ],
)
def test_negotiate_demand_notes_and_skips(problem, demand, note_zh):
    w = Walk("negotiate")
    w.start()
    w.send(("c", problem), ("c", demand), "skip", "skip", "skip", ("c", "h48"))
    zh = w.text("zh")
    assert note_zh in zh
    assert "我是这笔订单的买家" in zh  # no order number given
    assert "11月30日 10:00" in zh
    w.send(("c", "finish"))
    assert w.state is None and w.effects() == []
    assert w.reply_keys() == ["flow-negotiate-finished"]


def test_negotiate_with_known_case_updates_it():
    w = Walk("negotiate")
    w.start({"case_id": "7"})
    w.send(("c", "not_received"), ("c", "resend"), "skip", "skip", "skip", ("c", "h24"), ("c", "open_case"))
    (update,) = w.effects()  # the order's case goes on where it is: no status change, no restart
    assert isinstance(update, UpdateCase) and update.case == stored(7)
    assert "status" not in update.fields and "service_type" not in update.fields  # resend: no service type
    assert update.fields["demand"] == "resend"


def test_negotiate_rejects_bad_order_number_and_long_detail():
    w = Walk("negotiate")
    w.start()
    w.send(("c", "quality"), ("c", "exchange"))
    w.send(("t", "x" * 201))
    assert w.reply_keys() == ["flow-detail-too-long", "flow-negotiate-ask-detail"] and w.step == "detail"
    w.send(("t", "坏了"))
    w.send(("t", "12345"))
    assert w.reply_keys() == ["flow-order-no-invalid", "flow-ask-order-no"]
    assert "你发的是 5 位" in w.text("zh")
    w.send(("t", "A12345678901234567"))
    assert "数字以外" in w.text("zh")
    w.send(("t", "１２３４５６７８９０１２３４５６"))  # full-width digits are fine
    assert w.step == "success_at"


# -- apply --------------------------------------------------------------------------------------

APPLY_CASES = [
    # id, inputs after problem/service/order, expected status, expected "now" key, intervention offered
    ("window-open", [("t", "11月20日"), ("c", "no")], "negotiating", "flow-apply-now-how-to-apply", False),
    ("window-passed", [("t", "11月1日"), ("c", "no")], "negotiating", "flow-apply-now-window-passed", False),
    ("not-confirmed", ["skip", ("c", "no")], "negotiating", "flow-apply-now-how-to-apply", False),
    (
        "seller-agreed",
        [("t", "3天前"), ("c", "yes"), ("t", "昨天 20:30"), ("c", "agreed"), ("c", "now")],
        "seller_agreed",
        "flow-apply-now-seller-agreed",
        False,
    ),
    (
        "seller-refused",
        [("t", "11月22日"), ("c", "yes"), ("t", "11月26日 9:00"), ("c", "refused"), ("c", "today")],
        "seller_refused",
        "flow-apply-now-intervene",
        True,
    ),
    (
        "seller-overdue",
        [("t", "11月22日"), ("c", "yes"), ("t", "11月24日 20:30"), ("c", "no_answer")],
        "seller_no_answer",
        "flow-apply-now-intervene",
        True,
    ),
    (
        "seller-waiting",
        [("t", "11月22日"), ("c", "yes"), ("t", "昨晚8点"), ("c", "no_answer")],
        "after_sales_requested",
        "flow-apply-now-wait-seller",
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "inputs", "status", "now_key", "can_intervene"), APPLY_CASES, ids=[c[0] for c in APPLY_CASES]
)
def test_apply_branches(name, inputs, status, now_key, can_intervene):
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "return_refund"), "skip", *inputs)
    assert w.step == "result"
    summary = w.last.replies[-1]
    assert summary.key == "flow-apply-summary"
    assert summary.refs["next"].items[0].key == now_key
    assert ("intervened" in [o.id for o in summary.options]) is can_intervene
    assert not any(o.id == "_back" for o in summary.nav)  # the case is saved: no going back
    opened = w.effects()[0]
    assert isinstance(opened, OpenCase) and opened.status is CaseStatus.NEGOTIATING  # the table moves it on
    assert told(w.effects()).facts.status == status
    assert opened.service_type == "return_refund" and opened.problem == "quality"


def test_apply_summary_leaves_out_the_sellers_72_hours_once_they_answered():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "return_refund"), "skip", ("t", "11月22日"), ("c", "yes"))
    w.send(("t", "11月24日 20:30"), ("c", "refused"), ("t", "11月25日 9:00"))
    zh = w.text("zh")
    assert "卖家：已拒绝" in zh
    assert "卖家处理期限" not in zh and "11月24日 20:30（北京时间） 提交" in zh


def test_apply_summary_matches_the_conversation_example():
    w = Walk("apply")
    w.start()
    w.send(
        ("c", "quality"),
        ("c", "return_refund"),
        "skip",
        ("t", "11月22日"),
        ("c", "yes"),
        ("t", "11月24日 20:30"),
        ("c", "no_answer"),
    )
    zh = w.text("zh")
    assert "11月24日 20:30（北京时间） 提交" in zh
    assert "卖家处理期限（72 小时）：11月27日 20:30 截止——<b>已超时</b>" in zh
    # A window counted from a date without an hour: the day it ends on, never "到 12月7日" or "00:00".
    assert "售后申请期（交易成功后 15 天内）：12月7日当天截止（具体时间以淘宝页面为准，建议前一天完成）" in zh
    assert "到 12月7日" not in zh and "12月7日 00:00" not in zh
    assert "申请客服介入" in zh and "3–5 个工作日" in zh and "7 天" in zh and "站内信" in zh
    assert "来源：《淘宝客服介入申请流程详解及操作步骤指南》" in zh
    en = w.text("en")
    assert "申请客服介入 (request customer-service intervention)" in en
    assert "27 Nov 20:30" in en
    assert "ends on 7 Dec (the exact time is on Taobao's page; finish a day early)" in en
    assert "until 7 Dec" not in en and "7 Dec 00:00" not in en
    effects = w.effects()
    opened = effects[0]
    assert opened.facts["transaction_succeeded_at"] == "2026-11-21T16:00:00+00:00"  # Beijing midnight, in UTC
    events = [(e.event, e.case, e.date_only) for e in effects[1:] if isinstance(e, RecordEvent)]
    assert events == [("transaction_succeeded", OPENED, True)]
    # The request, then "no answer" at the end of the seller's 72 hours (they have passed).
    assert performed(effects) == [
        ("requested", "2026-11-24T12:30:00+00:00"),
        ("silent", "2026-11-27T12:30:00+00:00"),
    ]
    assert told(effects).facts.after_sales_requested_at == datetime.fromisoformat("2026-11-24T12:30:00+00:00")


def test_apply_steps_and_window_text():
    w = Walk("apply")
    w.start()
    w.send(
        ("c", "not_received"), ("c", "refund_only"), ("t", "123456789012345"), ("t", "11月20日"), ("c", "no")
    )
    zh = w.text("zh")
    for step in ("我的订单", "申请售后", "选择服务类型", "上传凭证", "提交"):
        assert step in zh
    assert "售后申请期：<b>12月5日当天截止（具体时间以淘宝页面为准，建议前一天完成）</b>" in zh
    assert "订单号：123456789012345" in zh


def test_apply_window_passed_is_plain_and_modest():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", ("t", "2026-11-01"), ("c", "no"))
    zh = w.text("zh")
    assert "售后申请期已经过了" in zh and "已过期" in zh
    assert "12315" in zh and "不是淘宝的规则" in zh
    en = w.text("en")
    assert "not Taobao's rules" in en


def test_apply_seller_agreed_records_the_answer():
    w = Walk("apply")
    w.start()
    w.send(
        ("c", "wrong_item"),
        ("c", "exchange"),
        "skip",
        ("t", "3天前"),
        ("c", "yes"),
        ("t", "昨天 20:30"),
        ("c", "agreed"),
    )
    assert w.step == "seller_when" and w.last.effects == []  # asked when, not stamped with now
    assert "卖家什么时候回复的" in w.text("zh")
    w.send(("c", "type"), ("t", "今天 8:15"))
    assert w.step == "result"
    assert performed(w.effects())[-1] == ("agreed", "2026-11-28T00:15:00+00:00")
    record = told(w.effects())
    assert record.facts.status == "seller_agreed" and record.events[-1].detail == {"answer": "agreed"}


def test_apply_seller_answer_cannot_come_before_the_request():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "yes"), ("t", "今天 9:00"))
    w.send(("c", "refused"))
    assert "yday" not in [o.id for o in w.last.replies[-1].options]  # requested today: no 昨天
    w.send(("c", "type"), ("t", "11月20日 10:00"))
    assert w.step == "chk_seller" and w.last.effects == []  # pointed out, nothing saved
    zh = w.text("zh")
    assert "「卖家答复」是 11月20日（周五）10:00，比「提交售后申请」的 11月28日（周六）09:00" in zh
    assert "the seller's answer on Fri 20 Nov, 10:00" in w.text("en")
    # Only the seller's answer was typed here and the request in this run: either can be re-entered.
    assert [o.id for o in w.last.replies[-1].options] == ["f1", "f2"]
    w.send(("c", "f2"))  # the seller's answer: asked again
    assert w.step == "seller_when"
    w.send(("c", "today"))  # today, before 9:00 read as the day's start: not before it
    assert w.step == "result"
    assert performed(w.effects())[-1] == ("refused", "2026-11-28T01:00:00+00:00")


def test_apply_request_before_the_transaction_is_pointed_out_and_either_date_re_entered():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", ("t", "11月25日"), ("c", "yes"))
    w.send(("t", "11月23日 10:00"))
    assert w.step == "chk_req" and w.last.effects == []
    zh, en = w.text("zh"), w.text("en")
    assert (
        "「提交售后申请」是 11月23日（周一）10:00（北京时间），比「交易成功（确认收货）」的 11月25日（周三）还早"
        in zh
    )
    assert "Mon 23 Nov, 10:00" in en and "Wed 25 Nov" in en
    w.send(("c", "f0"))  # the transaction date was wrong: asked again, then back to the check
    assert w.step == "success_at"
    w.send(("t", "11月22日"))
    assert w.step == "seller"  # in order now; the request is not asked again
    w.send(("c", "no_answer"))
    assert w.step == "result"
    assert performed(w.effects())[0] == ("requested", "2026-11-23T02:00:00+00:00")
    assert told(w.effects()).facts.transaction_succeeded_at is None  # a RecordEvent, not a Perform
    assert any(isinstance(e, RecordEvent) and e.at == "2026-11-21T16:00:00+00:00" for e in w.effects())
    # The other way: the request re-entered.
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", ("t", "11月25日"), ("c", "yes"))
    w.send(("t", "11月23日 10:00"), ("c", "f1"))
    assert w.step == "requested_at"
    w.send(("t", "11月23日 10:00"))  # the same mistake: pointed out again
    assert w.step == "chk_req"
    w.send(("c", "f1"), ("t", "11月26日 10:00"))
    assert w.step == "seller"


def test_apply_intervention_before_the_saved_request_corrects_the_request_or_is_re_entered():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "yes"), ("t", "11月24日 9:00"))
    w.send(("c", "no_answer"))  # 72 h over: intervention offered
    assert w.step == "result"
    saved = len(w.effects())
    w.send(("c", "intervened"), ("t", "11月23日"))
    assert w.step == "intervened_chk" and len(w.effects()) == saved
    assert "「申请客服介入」是 11月23日（周一）" in w.text("zh")
    assert [o.id for o in w.last.replies[-1].options] == ["f1", "f3"]
    # The request (already saved) was the wrong date: corrected, then the intervention recorded.
    w.send(("c", "f1"))
    assert w.step == "intervened_chk_fix" and "「提交售后申请」是什么时候" in w.text("zh")
    w.send(("t", "11月22日 9:00"))
    assert w.state is None
    correct, intervene = w.effects()[saved:]
    assert isinstance(correct, Correct) and correct.what == "fact_time"
    assert (correct.fact, correct.at) == ("after_sales_requested_at", "2026-11-22T01:00:00+00:00")
    assert isinstance(intervene, Perform) and intervene.action == "intervene"


def test_apply_intervention_before_the_sellers_refusal_is_re_entered():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "yes"), ("t", "11月24日 9:00"))
    w.send(("c", "refused"), ("t", "11月26日 9:00"))
    saved = len(w.effects())
    w.send(("c", "intervened"), ("t", "11月25日"))
    assert w.step == "intervened_chk" and "「卖家答复」的 11月26日（周四）09:00" in w.text("zh")
    assert [o.id for o in w.last.replies[-1].options] == ["f3"]  # the seller's answer is on the timeline
    w.send(("c", "f3"))
    assert w.step == "intervened"
    w.send(("c", "today"))
    assert w.state is None
    assert [e.action for e in w.effects()[saved:]] == ["intervene"]


def test_apply_no_answer_is_recorded_only_once_72_hours_have_passed():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "yes"), ("t", "昨天 9:00"))
    w.send(("c", "no_answer"))
    assert w.step == "result"
    assert performed(w.effects()) == [("requested", "2026-11-27T01:00:00+00:00")]  # the seller has time
    assert told(w.effects()).facts.status == "after_sales_requested"


def test_apply_updates_a_known_case_and_records_intervention():
    w = Walk("apply")
    w.start({"case_id": "12"})
    w.send(
        ("c", "quality"),
        ("c", "refund_only"),
        "skip",
        ("t", "11月22日"),
        ("c", "yes"),
        ("t", "11月23日"),
        ("c", "refused"),
    )
    w.send(("c", "yday"))
    update = w.effects()[0]
    assert isinstance(update, UpdateCase) and update.case == stored(12)
    assert "status" not in update.fields  # the status is the table's: Perform effects
    assert {e.case for e in w.effects() if isinstance(e, Perform)} == {stored(12)}
    assert told(w.effects()).facts.status == "seller_refused"
    assert "已更新你的案件" in w.text("zh")
    w.send(("c", "intervened"))
    assert w.step == "intervened" and w.last.effects == []  # asked when, nothing recorded yet
    w.send(("c", "type"), ("t", "昨天 14:00"))
    assert w.state is None
    (last,) = w.last.effects
    assert isinstance(last, Perform) and last.case == stored(12) and last.action is Action.INTERVENE
    assert last.at == "2026-11-27T06:00:00+00:00"  # when, not now
    assert told(w.effects()).facts.intervention_requested_at == datetime.fromisoformat(last.at)


def test_apply_bound_case_after_open_case():
    """The bot binds the id of the case it just created; later effects refer to it."""
    w = Walk("apply")
    w.start()
    w.send(
        ("c", "quality"),
        ("c", "refund_only"),
        "skip",
        ("t", "11月22日"),
        ("c", "yes"),
        ("t", "11月23日"),
        ("c", "refused"),
        ("c", "now"),
    )
    assert isinstance(w.effects()[0], OpenCase)
    w.state = w.state.bind_case(31)
    w.send(("c", "intervened"), ("c", "now"))
    assert {e.case for e in w.last.effects} == {stored(31)}


def test_apply_to_evidence_and_finish():
    w = Walk("apply")
    w.start({"case_id": "5"})
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "no"), ("c", "evidence"))
    start = w.last.effects[-1]
    assert isinstance(start, StartFlow) and start.name == "evidence" and start.context == {"case_id": "5"}
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "no"), ("c", "finish"))
    assert w.state is None and w.reply_keys() == ["flow-apply-finished"]


def test_apply_dates_rejected_with_example():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip")
    w.send(("t", "12月25日 10:00"))  # year omitted → the most recent such date not in the future (2025)
    assert w.step == "success_at"  # far back: asked before it is used
    assert w.reply_keys() == ["flow-date-confirm"]
    assert "2025年12月25日（周四）10:00（北京时间）" in w.text("zh")
    w.send(("c", "_date_0"))
    assert w.step == "requested"
    assert w.state.answers["success_at"]["at"].startswith("2025-12-25")
    w.send("back")
    assert w.step == "success_at"
    w.send(("t", "2026-12-01"))
    assert w.reply_keys() == ["flow-date-future", "flow-apply-ask-success"]
    assert "12月1日（周二） 还没到" in w.text("zh") or "12月1日（周二）还没到" in w.text("zh")
    w.send(("t", "哪天来着"))
    assert w.reply_keys() == ["flow-date-invalid", "flow-apply-ask-success"]
    assert "<code>3天前</code>" in w.text("zh")
    assert w.step == "success_at"


# -- evidence -----------------------------------------------------------------------------------

CASES = [
    {
        "id": "12",
        "problem": "quality",
        "known_hashes": ["a" * 64],
        "categories": ["chat"],
    },
    {"id": "13", "problem": "not_received", "known_hashes": [], "categories": []},
]


def test_evidence_without_cases_opens_one_for_the_new_order():
    w = Walk("evidence")
    w.start({"cases": []})
    assert w.step == "new_problem"  # nothing to choose: a new order, asked only what the checklist needs
    w.send(("c", "not_received"), ("t", "订单号：1234 5678 9012 3456"))
    assert w.step == "collect"
    opened = [e for e in w.effects() if isinstance(e, OpenCase)]
    assert [(e.status, e.problem, e.order_no) for e in opened] == [
        ("negotiating", "not_received", "1234567890123456")
    ]
    assert "签收" in w.text("zh") or "物流" in w.text("zh")  # the checklist of that problem


def test_evidence_offers_the_open_cases_and_a_new_order():
    w = Walk("evidence")
    w.start({"cases": [CASES[0], {**CASES[1], "open": False}]})
    assert [o.id for o in w.last.replies[0].options] == ["12", "new"]  # one open case, proposed
    assert "是这个订单的证据吗" in w.text("zh")
    w.send(("c", "new"), ("c", "quality"), ("t", "1234567890123456"))
    assert w.step == "collect" and [e.kind for e in w.effects()] == ["open_case"]


def test_evidence_new_order_with_a_known_order_number_continues_that_case():
    w = Walk("evidence")
    w.start({"cases": [{**CASES[0], "order_no": "1234567890123456", "status": "seller_refused"}]})
    w.send(("c", "new"), ("c", "quality"), ("t", "1234567890123456"))
    assert w.step == "collect" and w.effects() == []
    assert "已经有案件「质量问题 · 尾号3456 #12」" in w.text("zh")
    assert w.state is not None and w.state.context["case_id"] == "12"


def test_case_buttons_are_rendered_in_the_language_of_the_reader():
    w = Walk("evidence")
    w.start({"cases": [{**CASES[0], "order_no": "1234567890123456", "status": "seller_refused"}]})
    option = w.last.replies[0].options[0]
    from tests.flows.walk import CATALOG

    assert CATALOG.label(option, "zh") == "📁 质量问题 · 尾号3456 #12 · 卖家已拒绝"
    assert CATALOG.label(option, "en").startswith("📁 Quality problem · order …3456 #12 · ")


def test_evidence_full_walk():
    w = Walk("evidence")
    w.start({"cases": CASES})
    assert w.step == "case"
    assert [o.id for o in w.last.replies[0].options] == ["12", "13", "new"]
    w.send(("c", "12"))
    assert w.step == "collect"
    zh = w.text("zh")
    assert "已有 1/5" in zh and "全景" in zh and "检测报告" in zh
    # One album of 3 photos without caption → ask the category.
    w.send(("f", [photo("b" * 64), photo("c" * 64), photo("d" * 64)]))
    assert w.step == "category"
    assert "收到 3 张照片" in w.text("zh")
    w.send(("c", "product"))
    kept = [e for e in w.last.effects if isinstance(e, StoreEvidence)]
    assert [(e.sha256[0], e.category, e.case) for e in kept] == [
        ("b", "product", stored(12)),
        ("c", "product", stored(12)),
        ("d", "product", stored(12)),
    ]
    assert w.step == "collect"
    zh = w.text("zh")
    assert "商品问题照片/报告 +3" in zh and "已覆盖 2/5 类" in zh and "物流记录" in zh
    assert "2 of 5 categories covered — missing: Logistics" in w.text("en")
    # Same photo again, a known hash from the DB, a .docx, a too-big file, a small photo with a caption.
    w.send(("f", [photo("b" * 64)]))
    assert "不再重复保存" in w.text("zh") and w.last.effects == []
    w.send(("f", [photo("a" * 64)]))
    assert "不再重复保存" in w.text("zh")
    w.send(("f", [document("e" * 64, None, "情况说明.docx")]))
    zh = w.text("zh")
    assert "JPG/PNG/PDF" in zh and "导出为 PDF" in zh and "「情况说明.docx」" in zh
    w.send(("f", [document(None, "application/pdf", "big.pdf", size=25 * 1024 * 1024)]))
    assert "超过 20 MB" in w.text("zh")
    w.send(("f", [photo("f" * 64, w=300, h=700, caption="物流截图")]))
    zh = w.text("zh")
    assert "只有 300×700 像素" in zh and "已覆盖 3/5" in zh
    small = [e for e in w.last.effects if isinstance(e, StoreEvidence)]
    assert small[0].category == "logistics" and small[0].warning == "small_image"
    # A PDF invoice with an English caption.
    w.send(("f", [document("9" * 64, "application/pdf", "invoice.pdf", caption="order invoice")]))
    assert w.last.effects[0].category == "transaction"
    w.send("done")
    assert w.state is None
    (event,) = w.last.effects
    assert isinstance(event, RecordEvent) and event.event == "evidence_added" and event.case == stored(12)
    assert event.detail == {"count": "5", "categories": "logistics,product,transaction"}
    zh = w.text("zh")
    assert "这次新增 5 份" in zh and "已覆盖 4 类" in zh and "承诺截图" in zh


def test_evidence_known_case_not_received_logistics_first():
    w = Walk("evidence")
    w.start({"case_id": "13", "cases": CASES})
    assert w.step == "collect"
    lines = w.last.replies[0].refs["lines"].items
    assert lines[0].key == "evidence-line-logistics"
    assert len(lines) == 4
    assert "最重要" in w.text("zh")


def test_evidence_context_without_cases_list():
    w = Walk("evidence")
    w.start({"case_id": "9", "problem": "counterfeit", "known_hashes": ["1" * 64], "categories": []})
    assert "品牌方鉴定" in w.text("zh")
    w.send(("f", [photo("1" * 64)]))
    assert "不再重复保存" in w.text("zh")
    w.send(("t", "完成"))  # typed "done" works on a file step
    assert w.state is None and w.last.effects == []  # nothing added: no event


def test_evidence_album_with_duplicate_inside():
    w = Walk("evidence")
    w.start({"case_id": "9", "problem": "quality"})
    w.send(("f", [photo("2" * 64, caption="聊天记录"), photo("2" * 64), photo("3" * 64)]))
    kept = [e for e in w.last.effects if isinstance(e, StoreEvidence)]
    assert [(e.sha256[0], e.category) for e in kept] == [("2", "chat"), ("3", "chat")]
    assert "共收到 3 份，可以保存 2 份" in w.text("zh")


def test_evidence_back_from_category_discards_nothing_stored():
    w = Walk("evidence")
    w.start({"cases": CASES})
    w.send(("c", "13"), ("f", [photo("4" * 64)]))
    assert w.step == "category"
    w.send("back")
    assert w.step == "collect" and w.effects() == []
    w.send("back")
    assert w.step == "case"


def test_evidence_files_at_wrong_step():
    w = Walk("evidence")
    w.start({"cases": CASES})
    w.send(("f", [photo("4" * 64)]))
    assert w.reply_keys() == ["flow-files-not-expected", "flow-evidence-ask-case"]


# -- appeal -------------------------------------------------------------------------------------


def test_appeal_new_evidence_to_evidence_flow():
    w = Walk("appeal")
    w.start({"case_id": "12"})
    assert w.step == "outcome"
    w.send(("c", "rejected"), ("t", "昨天 20:30"))
    assert w.step == "basis"
    zh = w.text("zh")
    assert "申诉期限：<b>11月30日 20:30 截止</b>" in zh.replace("（北京时间）", "")
    assert (
        zh.count("北京时间") == 2
    )  # once per message: the said-back and the deadline and "单纯表达不满不会被受理" in zh
    w.send(("c", "new_evidence"))
    zh = w.text("zh")
    assert "「申诉」" in zh and "9510211" in zh and "2–3 个工作日" in zh and "最终裁决" in zh
    assert "申诉 (appeal)" in w.text("en")
    # The draft statement: ready to copy, what is new, and that only facts count.
    assert "申诉说明草稿" in zh and "补充原处理时没有提交过的新证据" in zh and "「诉求未获支持」" in zh
    assert "单纯表达不满不会被受理" in zh and "Draft appeal statement" in w.text("en")
    # The statement is for Taobao: Chinese in an English conversation too, its labels and dates as well.
    en = w.text("en")
    assert (
        "客服介入的裁决是「诉求未获支持」（11月27日 20:30收到）" in en and "Request not supported" not in en
    )
    assert "【列出你的证据】" in en and "add it with /evidence" in en  # no evidence yet: said outside it
    w.send(("c", "evidence"))
    assert w.state is None
    update, ruling, start = w.effects()
    assert isinstance(update, UpdateCase) and update.case == stored(12) and "status" not in update.fields
    assert isinstance(ruling, Perform) and (ruling.action, ruling.outcome) == (Action.RULING, "rejected")
    assert ruling.at == "2026-11-27T12:30:00+00:00"
    record = told(w.effects(), CaseStatus.INTERVENTION_REQUESTED)
    assert record.facts.status == "ruling_received" and record.facts.ruling_outcome == "rejected"
    assert start == StartFlow(name="evidence", context={"case_id": "12"})


def test_appeal_closed_after_three_days():
    w = Walk("appeal")
    w.start({"case_id": "12"})
    w.send(("c", "partial_refund"), ("t", "11月24日 9:00"))
    assert w.state is None
    assert w.reply_keys() == ["flow-date-said", "flow-appeal-closed"]
    zh = w.text("zh")
    assert "按 11月24日（周二）09:00（北京时间）算" in zh
    assert "现在已经无法申诉了" in zh and "11月27日 09:00" in zh and "12315" in zh
    assert [e.kind for e in w.effects()] == ["perform"]  # the ruling, when it came


@pytest.mark.parametrize(
    ("typed", "closed"),
    [("3天前", False), ("4天前", True), ("11月25日 10:01", False), ("11月25日 09:59", True)],
)
def test_appeal_window_boundaries(typed, closed):
    w = Walk("appeal")
    w.start({"case_id": "1"})
    w.send(("c", "rejected"), ("t", typed))
    assert (w.state is None) is closed


def test_appeal_neither_is_told_honestly():
    w = Walk("appeal")
    w.start({"cases": []})
    w.send(("c", "rejected"), ("t", "今天 8:00"), ("c", "neither"))
    assert [o.id for o in w.last.replies[-1].options] == ["finish"]
    assert "申诉不会被受理" in w.text("zh")
    w.send(("c", "finish"))
    opened = w.effects()[0]
    assert isinstance(opened, OpenCase) and w.effects()[1].case == OPENED
    # An /appeal-only case: the ruling is told from the first status (the intervention went unrecorded).
    assert told(w.effects()).facts.status == "ruling_received"


def test_appeal_clear_error_submitted_with_case_pick():
    w = Walk("appeal")
    w.start({"cases": CASES})
    assert w.step == "case"
    w.send(("c", "13"), ("c", "exchange"), ("t", "前天 9:30"), ("c", "clear_error"))
    assert "明显错误" in w.text("zh") or "错在哪里" in w.text("zh")
    assert "原处理有明显错误：【具体写明错在哪里" in w.text("zh")
    w.send(("c", "submitted"), ("c", "yday"))
    update = w.effects()[0]
    assert update.case == stored(13) and update.fields == {"appeal_basis": "clear_error"}
    assert performed(w.effects()) == [
        ("ruling", "2026-11-26T01:30:00+00:00"),
        ("appealed", "2026-11-26T16:00:00+00:00"),  # yesterday, Beijing (asked, not now)
    ]
    record = told(w.effects(), CaseStatus.INTERVENTION_REQUESTED)
    assert record.facts.status == "appeal_submitted" and lifecycle.inconsistencies(record) == []
    assert "2–3 个工作日" in w.text("zh")


def test_appeal_submitted_before_the_ruling_is_pointed_out_and_either_re_entered():
    w = Walk("appeal")
    w.start({"case_id": "12"})
    w.send(("c", "rejected"), ("t", "今天 9:30"), ("c", "clear_error"), ("c", "submitted"), ("c", "yday"))
    assert w.step == "submitted_chk" and w.effects() == []  # nothing saved
    zh = w.text("zh")
    assert "「提交申诉」是 11月27日（周五）" in zh and "「收到裁决」的 11月28日（周六）09:30" in zh
    assert [o.id for o in w.last.replies[-1].options] == ["f4", "f5"]
    w.send(("c", "f4"))  # the ruling came earlier than typed: asked again, then back to the check
    assert w.step == "ruling_at"
    w.send(("t", "11月26日 9:30"))
    assert w.state is None  # in order: the appeal is saved with the date it was given
    assert performed(w.effects()) == [
        ("ruling", "2026-11-26T01:30:00+00:00"),
        ("appealed", "2026-11-26T16:00:00+00:00"),
    ]


def test_appeal_ruling_before_the_cases_intervention_request_can_correct_either():
    case = {"id": "12", "problem": "quality", "intervention_requested_at": "2026-11-26T02:00:00+00:00"}
    w = Walk("appeal")
    w.start({"case_id": "12", "cases": [case]})
    w.send(("c", "rejected"), ("t", "11月25日 18:00"))
    assert w.step == "chk_ruling" and w.effects() == []
    zh = w.text("zh")
    assert "「收到裁决」是 11月25日（周三）18:00" in zh and "「申请客服介入」的 11月26日（周四）10:00" in zh
    # The intervention date on the case was the wrong one: re-entered here, corrected when saved.
    w.send(("c", "f3"))
    assert w.step == "chk_ruling_fix" and "「申请客服介入」是什么时候" in w.text("zh")
    w.send(("t", "11月24日 10:00"))
    assert w.step == "basis"  # in order now: on with the appeal
    w.send(("c", "neither"), ("c", "finish"))
    correct = next(e for e in w.effects() if isinstance(e, Correct))
    assert (correct.fact, correct.at) == ("intervention_requested_at", "2026-11-24T02:00:00+00:00")
    assert w.effects().index(correct) < next(i for i, e in enumerate(w.effects()) if isinstance(e, Perform))


def test_negotiate_transaction_after_the_cases_request_is_pointed_out():
    case = {
        "id": "7",
        "problem": "quality",
        "order_no": "1234567890123456",
        "after_sales_requested_at": "2026-11-20T02:00:00+00:00",
    }
    w = Walk("negotiate")
    w.start({"cases": [case]})
    w.send(("c", "quality"), ("c", "return_refund"), "skip", ("t", "1234567890123456"))
    w.send(("t", "11月22日"))
    assert w.step == "chk_success"
    assert "「提交售后申请」是 11月20日（周五）10:00" in w.text("zh")
    w.send(("c", "f0"), ("t", "11月18日"))
    assert w.step == "reply_by"


# -- back / skip / cancel in every flow ------------------------------------------------------------

NAV_TABLE = [
    # flow, context, first answer, the step it leads to
    ("negotiate", {}, ("c", "quality"), "demand"),
    ("apply", {}, ("c", "quality"), "service"),
    ("evidence", {"cases": CASES}, ("c", "12"), "collect"),
    ("appeal", {"case_id": "1"}, ("c", "rejected"), "ruling_at"),
]


@pytest.mark.parametrize(("flow", "context", "answer", "second"), NAV_TABLE, ids=[t[0] for t in NAV_TABLE])
def test_back_skip_cancel_everywhere(flow, context, answer, second):
    w = Walk(flow)
    first = w.start(context).state.step
    w.send("back")
    assert w.reply_keys()[0] == "flow-cannot-go-back" and w.step == first
    w.send(answer)
    assert w.step == second
    assert any(o.id == "_back" for o in w.last.replies[-1].nav)
    w.send("back")
    assert w.step == first and first not in w.state.answers
    w.send(answer)
    if not w.flow.step(second).optional:
        w.send("skip")
        assert w.reply_keys()[0] == "flow-cannot-skip" and w.step == second
    w.send(("c", "_cancel"))  # the cancel button
    assert w.state is None and w.reply_keys() == ["flow-cancelled"] and w.last.cancelled


@pytest.mark.parametrize("flow", ["negotiate", "apply"])
def test_skip_optional_steps(flow):
    w = Walk(flow)
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"))
    step = w.step
    assert w.flow.step(step).optional
    w.send(("c", "_skip"))
    assert w.step != step and w.state.answers[step] is None
    w.send("back")
    assert w.step == step


def test_cancel_at_result_step_says_closed():
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", "skip", ("c", "no"))
    w.send("back")
    assert w.reply_keys()[0] == "flow-cannot-go-back"
    w.send("cancel")
    assert w.reply_keys() == ["flow-closed"]


def test_stale_button_and_text_at_choice_step():
    w = Walk("apply")
    w.start()
    w.send(("c", "no_such_option"))
    assert w.reply_keys() == ["flow-stale-button", "flow-apply-ask-problem"]
    w.send(("t", "卖家不理我怎么办"))
    assert w.reply_keys() == ["flow-use-buttons", "flow-apply-ask-problem"]
    w.send("done")
    assert w.reply_keys() == ["flow-done-not-here", "flow-apply-ask-problem"]


@pytest.mark.parametrize(
    ("success", "passed"),
    [
        ("11月13日", False),  # window end 28 Nov (some time that day): not surely over at 10:00
        ("11月12日", True),
        ("11月13日 9:00", True),
        ("11月13日 10:30", False),
    ],
)
def test_apply_window_edge_with_and_without_time(success, passed):
    w = Walk("apply")
    w.start()
    w.send(("c", "quality"), ("c", "refund_only"), "skip", ("t", success), ("c", "no"))
    key = w.last.replies[-1].refs["next"].items[0].key
    assert (key == "flow-apply-now-window-passed") is passed


@pytest.mark.parametrize(
    ("requested", "overdue"), [("11月25日", False), ("11月24日", True), ("11月25日 9:00", True)]
)
def test_apply_seller_deadline_edge(requested, overdue):
    w = Walk("apply")
    w.start()
    w.send(
        ("c", "quality"),
        ("c", "refund_only"),
        "skip",
        "skip",
        ("c", "yes"),
        ("t", requested),
        ("c", "no_answer"),
    )
    key = w.last.replies[-1].refs["next"].items[0].key
    assert (key == "flow-apply-now-intervene") is overdue


def test_apply_continuing_a_negotiation_shows_what_is_known_and_asks_only_the_rest():
    case = {
        "id": "7",
        "status": "negotiating",
        "problem": "quality",
        "demand": "resend",
        "order_no": "123456789012345",
    }
    w = Walk("apply")
    w.start({"cases": [case]})
    w.send(("c", "7"))
    assert w.step == "known"
    zh = w.text("zh")
    assert "问题：质量问题" in zh and "协商诉求" in zh and "订单号：123456789012345" in zh
    assert [o.id for o in w.last.replies[-1].options] == ["continue", "edit"]
    w.send(("c", "continue"))
    assert w.step == "service"  # the problem and the order number are not asked again


def test_apply_on_a_case_whose_seller_answer_is_recorded_does_not_tell_it_again():
    case = {
        "id": "8",
        "status": "seller_refused",
        "problem": "quality",
        "service_type": "refund_only",
        "order_no": "123456789012345",
        "transaction_succeeded_at": "2026-11-20T16:00:00+00:00",
        "after_sales_requested_at": "2026-11-22T12:00:00+00:00",
        "seller_answer": "refused",
    }
    w = Walk("apply")
    w.start({"cases": [case]})
    w.send(("c", "8"), ("c", "continue"))
    assert w.step == "result"  # nothing left to ask
    assert "已拒绝" in w.text("zh")
    assert [p[0] for p in performed(w.effects())] == ["requested"]  # already done: lifecycle.tell keeps it
    record = told(w.effects())
    assert record.facts.after_sales_requested_at == datetime.fromisoformat("2026-11-22T12:00:00+00:00")
