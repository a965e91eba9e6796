"""The time rules of the Taobao dispute process, as named values.

Every value here comes from the domain guide (``../shared/domain/taobao-intervention-guide.zh.txt``,
beside the repository); the guide's own words are quoted next to each value and collected in
:data:`RULES`, so a test and the /help page can list them.

Interpretation notes (ours, not the guide's):

* "天" (days) is read as calendar days, "工作日" as Chinese working days (statutory holidays and
  make-up working days, see :mod:`flows.workdays`).
* ``RULING_COMPLEX_DAYS``: the guide says "复杂案件可能延长至7天" — it writes 天, not 工作日, so we treat
  it as 7 *calendar* days. Note that 7 calendar days is often no later than 5 working days; see
  :func:`flows.deadlines.ruling_expected` for how the two are combined.
* Ranges (``NEGOTIATION_DAYS``, ``RULING_WORKING_DAYS``, ``APPEAL_REVIEW_WORKING_DAYS``) are
  ``(low, high)`` tuples of ints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

#: "淘宝规定买家可在交易成功后15天内申请售后" and (FAQ) "已确认收货超过15天的订单无法申请" (calendar days).
AFTER_SALES_WINDOW: timedelta = timedelta(days=15)

#: "建议在前3-5天积极沟通,为后续流程预留时间" (calendar days, counted from the start of negotiation).
NEGOTIATION_DAYS: tuple[int, int] = (3, 5)

#: "卖家有72小时响应时间,若卖家拒绝或超时未处理,页面将显示"申请客服介入"选项".
SELLER_RESPONSE: timedelta = timedelta(hours=72)

#: "初步审核阶段:……此阶段通常在1个工作日内完成".
INITIAL_REVIEW_WORKING_DAYS: int = 1

#: "淘宝客服将在3-5个工作日内审核证据并做出裁决" / "整个处理过程通常需要3-5个工作日".
RULING_WORKING_DAYS: tuple[int, int] = (3, 5)

#: "复杂案件可能延长至7天" — 天, not 工作日: treated as 7 calendar days.
RULING_COMPLEX_DAYS: int = 7

#: "申诉时限:通常在收到裁决结果的3天内可提出申诉,超期将关闭申诉通道" (calendar days).
APPEAL_WINDOW: timedelta = timedelta(days=3)

#: "申诉处理:高级客服团队将复核案件,处理时间约为2-3个工作日,结果将为最终裁决".
APPEAL_REVIEW_WORKING_DAYS: tuple[int, int] = (2, 3)


@dataclass(frozen=True, slots=True)
class Rule:
    """One time rule: its name in this module, its value, the guide's words, and our reading."""

    name: str
    value: timedelta | int | tuple[int, int]
    source: str  # verbatim from the guide (zh); "……" separates non-adjacent passages
    note: str  # how we read it (en)


RULES: tuple[Rule, ...] = (
    Rule(
        "AFTER_SALES_WINDOW",
        AFTER_SALES_WINDOW,
        "淘宝规定买家可在交易成功后15天内申请售后……已确认收货超过15天的订单无法申请。",
        "After-sales can be requested within 15 calendar days of the transaction succeeding.",
    ),
    Rule(
        "NEGOTIATION_DAYS",
        NEGOTIATION_DAYS,
        "建议在前3-5天积极沟通,为后续流程预留时间。",
        "Negotiate with the seller in the first 3-5 calendar days.",
    ),
    Rule(
        "SELLER_RESPONSE",
        SELLER_RESPONSE,
        '卖家有72小时响应时间,若卖家拒绝或超时未处理,页面将显示"申请客服介入"选项。',
        "The seller has 72 hours to answer an after-sales request; then intervention can be requested.",
    ),
    Rule(
        "INITIAL_REVIEW_WORKING_DAYS",
        INITIAL_REVIEW_WORKING_DAYS,
        "初步审核阶段:……此阶段通常在1个工作日内完成。",
        "Customer service's initial review usually takes 1 working day.",
    ),
    Rule(
        "RULING_WORKING_DAYS",
        RULING_WORKING_DAYS,
        "淘宝客服将在3-5个工作日内审核证据并做出裁决,期间可能联系双方补充材料。",
        "A ruling is expected within 3-5 working days of requesting intervention.",
    ),
    Rule(
        "RULING_COMPLEX_DAYS",
        RULING_COMPLEX_DAYS,
        "整个处理过程通常需要3-5个工作日,复杂案件可能延长至7天。",
        "Complex cases may take up to 7 days (the guide says 天, so calendar days).",
    ),
    Rule(
        "APPEAL_WINDOW",
        APPEAL_WINDOW,
        "申诉时限:通常在收到裁决结果的3天内可提出申诉,超期将关闭申诉通道。",
        "An appeal must be filed within 3 calendar days of receiving the ruling.",
    ),
    Rule(
        "APPEAL_REVIEW_WORKING_DAYS",
        APPEAL_REVIEW_WORKING_DAYS,
        "申诉处理:高级客服团队将复核案件,处理时间约为2-3个工作日,结果将为最终裁决。",
        "The appeal review takes about 2-3 working days; its result is final.",
    ),
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}

__all__ = [
    "AFTER_SALES_WINDOW",
    "APPEAL_REVIEW_WORKING_DAYS",
    "APPEAL_WINDOW",
    "INITIAL_REVIEW_WORKING_DAYS",
    "NEGOTIATION_DAYS",
    "RULES",
    "RULES_BY_NAME",
    "RULING_COMPLEX_DAYS",
    "RULING_WORKING_DAYS",
    "SELLER_RESPONSE",
    "Rule",
    "rule_params",
]


def rule_params() -> dict[str, int]:
    """The guide's numbers (from flows.rules) as message params, so no catalogue hard-codes them."""
    return {
        "window_days": AFTER_SALES_WINDOW.days,
        "seller_hours": int(SELLER_RESPONSE.total_seconds() // 3600),
        "appeal_days": APPEAL_WINDOW.days,
        "nego_min": NEGOTIATION_DAYS[0],
        "nego_max": NEGOTIATION_DAYS[1],
        "ruling_min": RULING_WORKING_DAYS[0],
        "ruling_max": RULING_WORKING_DAYS[1],
        "complex_days": RULING_COMPLEX_DAYS,
        "initial_days": INITIAL_REVIEW_WORKING_DAYS,
        "review_min": APPEAL_REVIEW_WORKING_DAYS[0],
        "review_max": APPEAL_REVIEW_WORKING_DAYS[1],
    }
