"""Homophone typos of domain words (faq/typos.py)."""

from __future__ import annotations

from faq.normalize import Normalizer
from faq.typos import HomophoneFixer, generate_protected, load_protected


def test_misspelt_terms_are_put_back(matcher):
    fix = matcher.typos.fix
    norm = matcher.normalizer.normalize
    assert fix(norm("买到价货了咋办")) == norm("买到假货了咋办")
    assert fix(norm("退货退宽是要先寄回去吗")) == norm("退货退款是要先寄回去吗")
    assert fix(norm("金退款是什么情况下选的")) == norm("仅退款是什么情况下选的")


def test_real_words_and_ambiguous_sounds_are_kept(matcher):
    fix = matcher.typos.fix
    for q in (
        "想知道客服处理到哪一步",
        "这个是专业仪器",
        "五六天还没到",
        "一般要多久",
        "手里证据是word文档",
        "淘宝怎么开店",
    ):
        assert fix(matcher.normalizer.normalize(q)) == matcher.normalizer.normalize(q), q


def test_two_terms_with_one_sound_are_never_guessed():
    fixer = HomophoneFixer(["买家", "卖家", "假货"], ["买家", "卖家"])
    assert fixer.fix("迈家说") == "迈家说"  # mai jia: 买家 or 卖家
    assert fixer.fix("买到价货") == "买到假货"


def test_protected_list_is_current():
    assert load_protected() == generate_protected(Normalizer.default())
