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


# Chosen by `python -m faq.calibrate` on the development sets tests/faq/dev_set*.yaml (809 questions,
# 162 out of scope; see the docstring there): the confidence model is a logistic regression of
# "the best entry is right"; answer_at/margin give the most correct direct answers with direct answers
# >= 98% precise and <= 1% of out-of-scope questions answered (dev: 574/647 correct, 10 wrong, 1 of
# 162 out of scope); suggest_at maximises near misses whose right entry is suggested minus
# out-of-scope questions shown suggestions. The blind evaluation set was not used.
BANDS = Bands(answer_at=74.0, margin=8.0, suggest_at=42.0)
CALIBRATION = Calibration(bias=-6.436, w_top=6.651, w_margin=3.478, w_none=-3.731, w_none_cue=-3.324)
