"""Accuracy on labelled question sets. Run with ``-s`` to see the figures and the confusions.

* ``eval_set.yaml`` — the blind evaluation set, written by someone who saw only the guide and the
  topic list; items carry ``lang`` and ``style`` as well as ``q`` and ``id``. Never tuned on; scored
  once before a tuning round and once after, then it joins the dev data and a new one is written.
  It is not in faq/examples.yaml (only ``dev_set*.yaml`` are).
* ``dev_set*.yaml`` — development data (faq/calibrate.py chooses the bands on dev sets 1–3).
  ``dev_set_2.yaml`` and ``dev_set_5.yaml`` were earlier evaluation sets; once scored and tuned on,
  they moved into the development data, and so did ``dev_set_6.yaml`` (the blind set of 2026-11-30)
  ``dev_set_7.yaml`` (the blind set of 2026-12-01 morning) and ``dev_set_8.yaml`` (the one written
  at the start of the 2026-12-01 afternoon session) and ``dev_set_9.yaml`` (the one written in the middle
  of that session). ``dev_set_10.yaml`` … ``dev_set_20.yaml`` were written blind as development data from
  the start (2026-12-01, second session), each scored before it became training data.
"""

from __future__ import annotations

import pytest

from faq.calibrate import evaluate, load_set, table

from .conftest import HERE

EVAL_SET = HERE / "eval_set.yaml"
DEV_SET = HERE / "dev_set.yaml"
DEV_SET_2 = HERE / "dev_set_2.yaml"
DEV_SET_3 = HERE / "dev_set_3.yaml"
DEV_SET_4 = HERE / "dev_set_4.yaml"
DEV_SET_5 = HERE / "dev_set_5.yaml"
DEV_SET_6 = HERE / "dev_set_6.yaml"
DEV_SET_7 = HERE / "dev_set_7.yaml"
DEV_SET_8 = HERE / "dev_set_8.yaml"
DEV_SET_9 = HERE / "dev_set_9.yaml"
DEV_SET_10 = HERE / "dev_set_10.yaml"
DEV_SET_11 = HERE / "dev_set_11.yaml"
DEV_SET_12 = HERE / "dev_set_12.yaml"


def report(name: str, fig) -> None:
    print(f"\n{name}:")
    print(table(fig))  # overall, then per language and per style (lang/style fields when present)
    print("  confusions (score, wanted, got, question):")
    for q, want, got, score in fig.confusions:
        print(f"    {score:5.1f}  {want or '(out of scope)':28} {got:60.60} {q}")


def scored(matcher, path):
    """A blind set's figures (printed): every label a knowledge-base id, both kinds of question there."""
    items = load_set(path)
    unknown = sorted({str(i["id"]) for i in items if i["id"] is not None and matcher.get(i["id"]) is None})
    assert not unknown, f"ids not in the knowledge base: {unknown}"
    fig = evaluate(matcher, items)
    report(path.name, fig)
    assert fig.in_scope and fig.out_of_scope
    return fig


def test_eval_set(matcher):
    fig = scored(matcher, EVAL_SET)
    # Written 2026-12-01 (~06:58 UTC) by a helper that saw only the guide and the topic list (520
    # questions: 455 in scope, 65 out; 211 English; colloquial + typo 118). Kept out of every helper's
    # sight while the session tuned on the development sets; scored twice through
    # `dispute-bot faq --json --batch`:
    #   before any tuning (dc5602e): 89.0 % correct direct (405/455), 1.1 % confidently wrong (5/455),
    #     1.5 % out of scope answered (1/65);
    #   after (e7425f7): 96.3 % (438/455), 0.9 % (4/455), 0 % (0/65).
    # Targets 95 % / 2 % / 1 %. The floors keep what was reached, less two questions (a model trained
    # afresh can move a borderline question). From the next tuning round on it is development data.
    assert fig.correct_pct >= 95.8
    assert fig.wrong_pct <= 1.4
    assert fig.oos_pct <= 1.6


def test_dev_set(matcher):
    fig = evaluate(matcher, load_set(DEV_SET))
    report("dev_set.yaml", fig)
    assert fig.correct_pct >= 97.0  # 98.8 on 2026-12-01 after the issue #13 data work
    assert fig.wrong_pct <= 3.0
    assert fig.oos_pct <= 3.0


def test_dev_set_2(matcher):
    fig = evaluate(matcher, load_set(DEV_SET_2))
    report("dev_set_2.yaml", fig)
    assert fig.correct_pct >= 98.0  # 99.4 on 2026-12-01
    assert fig.wrong_pct <= 3.0
    assert fig.oos_pct <= 3.0


def test_dev_set_3(matcher):
    """Written for issue #13: colloquial, misspelt, English, Traditional and long questions, and
    out-of-scope questions sharing dispute words; direct answers there must stay >= 98% precise."""
    fig = evaluate(matcher, load_set(DEV_SET_3))
    report("dev_set_3.yaml", fig)
    answered = fig.correct + fig.wrong + fig.oos_answered
    assert fig.correct_pct >= 96.0  # 100 on 2026-12-01
    assert fig.wrong + fig.oos_answered <= 0.02 * max(1, answered) + 1
    assert fig.oos_pct <= 3.0


def test_dev_set_4(matcher):
    """Written by the data engineer for issue #13 before tuning the data on it: every style of the
    blind sets (long stories, two questions in one, Traditional, typos, pinyin, English) and
    out-of-scope questions sharing dispute words (保证金, 运费, Alipay, coupons, other platforms)."""
    fig = evaluate(matcher, load_set(DEV_SET_4))
    report("dev_set_4.yaml", fig)
    # Before the data work: 78.1 % correct, 6.2 % wrong, 0 % out of scope answered; after: 93.0 / 2.3 / 0;
    # 2026-12-01: 96.1 / 0 / 0.
    assert fig.correct_pct >= 94.0
    assert fig.wrong_pct <= 1.0
    assert fig.oos_pct <= 3.0


def test_dev_set_5(matcher):
    """The blind evaluation set of 2026-11-29 (492 questions), spent: scored twice, then tuned on."""
    fig = evaluate(matcher, load_set(DEV_SET_5))
    report("dev_set_5.yaml", fig)
    assert fig.correct_pct >= 98.0  # 99.3 / 0 / 0 on 2026-12-01
    assert fig.wrong_pct <= 1.0
    assert fig.oos_pct <= 1.0


def test_dev_set_6(matcher):
    """The blind evaluation set of 2026-11-30 (601 questions: 527 in scope, 74 out; 210 English), spent:
    scored twice (before that session's tuning, a439fc4: 77.6 % correct direct, 2.5 % confidently wrong,
    0 % out of scope answered; after, 46ce1ec: 85.2 / 1.3 / 0), then moved into the development data.
    Tuned on (issue #13, 2026-12-01) with one half held out (every other question): 89.9 / 0.2 / 0;
    later that day (odd-indexed half tuned on, even half held out): 96.4 / 0 / 0."""
    fig = evaluate(matcher, load_set(DEV_SET_6))
    report("dev_set_6.yaml", fig)
    assert fig.correct_pct >= 95.0
    assert fig.wrong_pct <= 1.0
    assert fig.oos_pct <= 1.0


def test_dev_set_7(matcher):
    """The blind evaluation set of 2026-12-01 morning (530 questions: 464 in scope, 66 out; 218 English),
    spent: scored twice through `dispute-bot faq --json --batch` — before that session's tuning (f9f3db5):
    87.7 % correct direct, 1.9 % confidently wrong, 1.5 % out of scope answered; after (8d915de):
    90.7 / 1.7 / 3.0 — then moved into the development data. Tuned on (odd-indexed half; the even half
    held out): 95.0 / 1.1 / 0."""
    fig = evaluate(matcher, load_set(DEV_SET_7))
    report("dev_set_7.yaml", fig)
    assert fig.correct_pct >= 93.5
    assert fig.wrong_pct <= 1.5
    assert fig.oos_pct <= 1.0


def test_dev_set_8(matcher):
    """The blind evaluation set written 2026-12-01 04:05 UTC (518 questions), spent: scored twice, then
    tuned on (odd half)."""
    fig = scored(matcher, DEV_SET_8)
    # Blind scorings of this set (written 2026-12-01 by a helper that saw only the guide and the topic
    # list; 518 questions: 453 in scope, 65 out; 207 English), through `dispute-bot faq --json --batch`:
    #   before that session's tuning (0ea339b): 84.1 % correct direct (381/453), 2.2 % confidently
    #     wrong (10/453), 4.6 % out of scope answered (3/65);
    #   after (340832f): 89.2 % (404/453), 1.8 % (8/453), 3.1 % (2/65).
    # The set was then spent and tuned on (its odd-indexed half only; the even half held out):
    #   2026-12-01 (faqacc2): 91.6 % (415/453), 1.3 % (6/453), 1.5 % (1/65); held-out even half
    #     207/227, 4/227, 2/32 -> 207/227, 4/227, 1/32.
    # Tuned on, so these are development figures, not a measure; the floors keep them.
    assert fig.correct_pct >= 91.0
    assert fig.wrong_pct <= 1.6
    assert fig.oos_pct <= 3.1


def test_dev_set_9(matcher):
    """The blind evaluation set written 2026-12-01 ~05:30 UTC (520 questions), spent: scored three times
    across two tuning rounds, then moved into the development data (2026-12-01, second session)."""
    fig = scored(matcher, DEV_SET_9)
    # Blind scorings of this set (written 2026-12-01 ~05:30 UTC by a helper that saw only the guide and
    # the topic list; 520 questions: 456 in scope, 64 out; 208 English), through
    # `dispute-bot faq --json --batch`, never tuned on:
    #   at the session's start (0ea339b): 82.5 % correct direct (376/456), 2.9 % confidently wrong
    #     (13/456), 3.1 % out of scope answered (2/64);
    #   before the second tuning round (2751c65): 88.2 % (402/456), 2.9 % (13/456), 1.6 % (1/64);
    #   after it (a2510a8): 88.2 % (402/456), 3.1 % (14/456), 1.6 % (1/64).
    # Development data from now on; the floors keep what was reached, less two questions.
    # Raised after Traditional / Cantonese wording was read by construction (faq/traditional.py,
    # `dialect` in synonyms.yaml): 411/456 = 90.1 % (traditional 43 -> 49 of 55).
    assert fig.correct_pct >= 89.0
    assert fig.wrong_pct <= 3.5
    assert fig.oos_pct <= 3.2


def test_dev_set_10(matcher):
    """Written blind on 2026-12-01 (~07:10 UTC) by a helper that saw only the guide and the topic list, as
    development data from the start (520 questions: 455 in scope, 65 out; 207 English). Scored on
    51ae9bc before any tuning on it: 89.2 % correct direct (406/455), 1.1 % confidently wrong (5/455),
    3.1 % out of scope answered (2/65)."""
    fig = scored(matcher, DEV_SET_10)
    # Raised after Traditional / Cantonese wording was read by construction (faq/traditional.py,
    # `dialect` in synonyms.yaml; dev set 10 not tuned on): 417/455 = 91.6 % (traditional 44 -> 54 of 55).
    assert fig.correct_pct >= 91.0
    assert fig.wrong_pct <= 1.6
    assert fig.oos_pct <= 3.1


def test_dev_set_11(matcher):
    """Written blind on 2026-12-01 (~07:45 UTC) by a helper that saw only the guide and the topic list, as
    development data from the start (520 questions: 455 in scope, 65 out; 208 English). Scored before
    any tuning on it: at dc5602e (the session's start) 91.6 % correct direct (417/455), 1.3 % confidently
    wrong (6/455), 6.2 % out of scope answered (4/65); at d1773f9 92.1 % (419/455), 1.1 % (5/455),
    6.2 % (4/65)."""
    fig = scored(matcher, DEV_SET_11)
    assert fig.correct_pct >= 91.6
    assert fig.wrong_pct <= 1.6
    assert fig.oos_pct <= 6.2


def test_dev_set_12(matcher):
    """Written blind on 2026-12-01 (~07:45 UTC) by a helper that saw only the guide and the topic list, as
    development data from the start (520 questions: 455 in scope, 65 out; 209 English). Scored before
    any tuning on it: at dc5602e (the session's start) 90.1 % correct direct (410/455), 1.8 % confidently
    wrong (8/455), 1.5 % out of scope answered (1/65); at 7628489 (after the Traditional/Cantonese and
    clause work) 89.9 % (409/455), 2.0 % (9/455), 1.5 % (1/65)."""
    fig = scored(matcher, DEV_SET_12)
    assert fig.correct_pct >= 89.4
    assert fig.wrong_pct <= 2.5
    assert fig.oos_pct <= 3.1


# Written blind on 2026-12-01 (~07:50 UTC) by four helpers that saw only the guide and the topic list, as
# development data from the start (520 questions each: 455 in scope, 65 out; ~40 % English; heavier on
# colloquial, long and Traditional questions). Each was scored before it became training data, at dc5602e
# (the session's start) and at f566b6f (after the Traditional / Cantonese, clause and outsider-examples
# work, which had not seen them) — correct direct / confidently wrong / out of scope answered, questions:
#   13: 410 / 10 / 1 -> 427 / 8 / 0      14: 404 / 10 / 2 -> 422 / 5 / 0
#   15: 403 / 12 / 3 -> 424 / 12 / 0     16: 419 / 12 / 1 -> 434 / 6 / 0
# pooled 1636 / 44 / 7 of 1820 and 260 (89.9 % / 2.4 % / 2.7 %) -> 1707 / 31 / 0 (93.8 % / 1.7 % / 0 %).
#
# Four more written the same way (~08:05 UTC, other personas), scored before they became training data,
# at dc5602e and at 1d18310 (trained on dev sets 1-16, not on these):
#   17: 418 / 5 / 2 -> 444 / 2 / 1      18: 422 / 8 / 4 -> 440 / 5 / 1
#   19: 416 / 16 / 1 -> 437 / 9 / 0     20: 406 / 11 / 3 -> 440 / 6 / 0
# pooled 1662 / 40 / 10 of 1820 and 260 (91.3 % / 2.2 % / 3.8 %) -> 1761 / 22 / 2 (96.8 % / 1.2 % / 0.8 %).
# All eight are classifier training examples now (faq/examples.yaml): the floors keep each set's fresh
# figures (correct, confidently wrong, out of scope answered), at f566b6f for 13-16, at 1d18310 for 17-20.
FRESH_FIGURES = {
    13: (427, 8, 0), 14: (422, 5, 0), 15: (424, 12, 0), 16: (434, 6, 0),
    17: (444, 2, 1), 18: (440, 5, 1), 19: (437, 9, 0), 20: (440, 6, 0),
}  # fmt: skip


@pytest.mark.parametrize("number", sorted(FRESH_FIGURES))
def test_dev_sets_13_to_20(matcher, number):
    fig = scored(matcher, HERE / f"dev_set_{number}.yaml")
    correct, wrong, oos_answered = FRESH_FIGURES[number]
    assert fig.correct >= correct
    assert fig.wrong <= wrong
    assert fig.oos_answered <= oos_answered


def test_eval_ids_exist(matcher):
    for path in sorted(HERE.glob("dev_set*.yaml")):
        for item in load_set(path):
            assert item["id"] is None or matcher.get(item["id"]) is not None, (path.name, item)
