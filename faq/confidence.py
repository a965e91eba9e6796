"""Bands and the calibrated confidence: when the matcher answers, suggests or admits it does not know.

Both sets of numbers are chosen by ``python -m faq.calibrate`` on the development sets (see there).

* answer  — calibrated confidence >= `answer_at` and the best fused score ahead of the next entry
  by >= `margin`;
* suggest — best fused score >= `suggest_at` (lower for a question the entry covers entirely, see
  faq/matcher.py): up to three distinct entries ("did you mean");
* none    — below that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bands:
    answer_at: float  # calibrated confidence (0–100) needed to answer directly
    margin: float  # fused-score lead over the runner-up needed to answer directly
    suggest_at: float  # fused score needed for suggestions


@dataclass(frozen=True)
class Calibration:
    """Logistic model of "the best entry is right" (fitted by faq/calibrate.py)."""

    bias: float
    w_top: float
    w_margin: float
    w_none: float
    w_none_cue: float

    def confidence(self, top: float, second: float, none_classifier: float, none_cue: bool) -> float:
        """Probability (0–100) that the best entry is the right answer, from the best fused score,
        its margin over the runner-up and the "none of these" signals."""
        z = (
            self.bias
            + self.w_top * top / 100.0
            + self.w_margin * (top - second) / 100.0
            + self.w_none * none_classifier
            + self.w_none_cue * (1.0 if none_cue else 0.0)
        )
        return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# The confidence model (CALIBRATION) is a logistic regression of "the best entry is right", fitted by
# `python -m faq.calibrate` on the development sets of 2026-11-29 (809 questions, 162 out of scope).
# Refitted on all six development sets (2065 questions, 337 out of scope) it ranked worse: at the same
# limits it allowed 1625 correct direct answers against 1644 for this one, so this one is kept.
# answer_at/margin: `python -m faq.calibrate --keep-calibration` on tests/faq/dev_set*.yaml (2026-12-01:
# sets 1-6, 1728 in scope): the most correct direct answers minus 3 x the wrong ones (WRONG_COST) with
# direct answers >= 98% precise and <= 1% of out-of-scope questions answered — 1644/1728 correct,
# 3 wrong, 0/337 out of scope (74 -> 62: +8 correct). The margin stays 8: at 6 the
# held-out half of the last blind set got 4 confidently wrong instead of 1. suggest_at (42) was
# chosen on sets 1-3 (near misses whose right entry is suggested minus out-of-scope questions shown
# suggestions) and kept: on all six sets the tool proposes 50, which hides suggestions from short
# questions that the tests expect to get them.
# Rechecked 2026-12-01 after the issue #13 data work, on all seven sets (2192 in scope, 403 out): the shipped
# numbers give 2144 correct direct answers, 4 wrong, 0 out of scope answered; the tool proposes
# answer_at 63 with the same answers, and a refit confidence model (on sets 1-5 and the odd-indexed
# halves of sets 6-7) answered no more on the held-out even halves — both kept.
# Re-chosen 2026-12-01 when the classifier started learning from the dev sets' questions (faq/examples.py),
# on out-of-fold scores only (each set scored by a classifier trained without it): `python -m faq.calibrate
# --keep-calibration` on all twelve sets (4466 in scope, 727 out) chose answer_at 62 -> 50: 4297 -> 4312
# correct direct answers, wrong 35 -> 37, out of scope answered 3 -> 5 of 727 (direct answers 99.0%
# precise). The procedure checked on held-out sets (`--cv`: leave one blind-born set out, bands chosen on
# the other sets' out-of-fold rows only): pooled 96.3 / 0.9 / 0.3 % (correct / wrong / out of scope
# answered) against 95.9 / 0.8 / 0.2 % with 62/8; every fold within the limits (wrong + out of scope
# answered <= 2% of direct answers, out of scope answered <= 1.9% of one set's ~65). The margin stays 8
# (chosen by the tool too). A refitted confidence model ranked worse on the same rows and is not
# shipped; suggest_at stays 42 (the tool proposes 50, which hides suggestions from short questions).
# On all twenty sets (8106 in scope, 1247 out) the tool proposes answer_at 23 / margin 12 (7828 correct,
# 54 wrong, 9 out of scope, against 7840 / 71 / 6; held out, seventeen folds: 96.5 / 0.7 / 0.5 % against
# 96.6 / 0.9 / 0.4 %), but so low a confidence lets through questions only the "none of these" signals
# stopped (订单怎么取消, 怎么联系淘宝人工客服: tests/faq/test_matcher.py): not shipped.
BANDS = Bands(answer_at=50.0, margin=8.0, suggest_at=42.0)
CALIBRATION = Calibration(bias=-6.436, w_top=6.651, w_margin=3.478, w_none=-3.731, w_none_cue=-3.324)
