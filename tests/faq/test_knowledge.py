"""The knowledge base: validation of the file format, and the content rules of the shipped file."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
import yaml

from faq.knowledge import DEFAULT_PATH, KnowledgeError, load_knowledge, parse_knowledge

from .conftest import ROOT

GUIDE = "《淘宝客服介入申请流程详解及操作步骤指南》"


@pytest.fixture()
def raw():
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def error_of(data) -> str:
    with pytest.raises(KnowledgeError) as exc:
        parse_knowledge(data)
    return str(exc.value)


# --- validation -----------------------------------------------------------------------------------


def test_too_long_answer_names_entry_id_and_field(raw):
    raw["entries"][1]["answer"]["zh"] = "很长" * 451
    msg = error_of(raw)
    assert f"entry '{raw['entries'][1]['id']}' (#1)" in msg
    assert "answer.zh" in msg and "900" in msg


def test_missing_field_names_entry_and_field(raw):
    del raw["entries"][3]["source"]
    msg = error_of(raw)
    assert f"entry '{raw['entries'][3]['id']}' (#3) source" in msg


@pytest.mark.parametrize("value", ["", "   ", "\n"])
def test_empty_strings_are_refused(raw, value):
    raw["entries"][2]["question"]["en"] = value
    assert "question.en" in error_of(raw)
    raw2 = copy.deepcopy(raw)
    raw2["entries"][2]["question"]["en"] = "ok"
    raw2["entries"][2]["paraphrases"]["zh"][0] = value
    assert "paraphrases.zh.0" in error_of(raw2)


def test_too_few_paraphrases(raw):
    raw["entries"][0]["paraphrases"]["en"] = ["only one"]
    msg = error_of(raw)
    assert "paraphrases.en" in msg and "at least 4" in msg


def test_entry_without_id_is_named_by_index(raw):
    del raw["entries"][5]["id"]
    assert "entry #5 id" in error_of(raw)


def test_bad_id_format(raw):
    raw["entries"][0]["id"] = "Bad Id"
    assert "entry 'Bad Id' (#0) id" in error_of(raw)


def test_duplicate_id_is_refused(raw):
    raw["entries"][7]["id"] = raw["entries"][2]["id"]
    msg = error_of(raw)
    assert "duplicate id" in msg and raw["entries"][2]["id"] in msg


@pytest.mark.parametrize("text", ["a < b", "x & y", "<i>no</i>", "<b>open"])
def test_answers_must_be_telegram_html_safe(raw, text):
    raw["entries"][4]["answer"]["en"] = text
    assert "answer.en" in error_of(raw)


@pytest.mark.parametrize("field", ["question", "source"])
def test_shown_texts_must_be_html_safe_too(raw, field):
    raw["entries"][4][field] = {"zh": "a < b", "en": "ok"}
    assert f"{field}.zh" in error_of(raw)


def test_bold_and_entities_are_allowed(raw):
    raw["entries"][4]["answer"]["en"] = "<b>Free</b> &amp; official &lt;3"
    assert parse_knowledge(raw).entries[4].answer.en.startswith("<b>Free</b>")


def test_unknown_topic_and_unknown_field(raw):
    raw["entries"][0]["topic"] = "nope"
    assert "unknown topic" in error_of(raw)
    raw["entries"][0]["topic"] = "appeal"
    raw["entries"][0]["colour"] = "red"
    assert "colour" in error_of(raw)


def test_bad_date(raw):
    raw["entries"][0]["reviewed"] = "yesterday"
    assert "reviewed" in error_of(raw)


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_knowledge(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        load_knowledge(bad)


def test_source_may_be_one_string(raw):
    raw["entries"][0]["source"] = "Some book"
    assert parse_knowledge(raw).entries[0].source_in("en") == "Some book"


# --- the shipped knowledge base ---------------------------------------------------------------------


def topic_ids() -> list[str]:
    text = (ROOT / "faq" / "TOPICS.md").read_text(encoding="utf-8")
    return [i for i in re.findall(r"^\| ([a-z0-9-]+) \|", text, re.MULTILINE) if i != "id"]


def test_every_topics_md_id_has_an_entry(kb):
    ids = {e.id for e in kb.entries}
    wanted = topic_ids()
    assert len(wanted) >= 52
    assert not set(wanted) - ids


def test_shipped_entries_are_complete(kb):
    for e in kb.entries:
        assert e.reviewed == dt.date(2026, 11, 27), e.id
        assert e.topic in {t.id for t in kb.topics}, e.id
        assert len(e.paraphrases.zh) >= 8 and len(e.paraphrases.en) >= 4, e.id
        for lang in ("zh", "en"):
            assert len(e.answer_in(lang)) <= 900
            assert e.source_in(lang)


def test_every_topic_has_entries(kb):
    for t in kb.topics:
        assert kb.by_topic(t.id), t.id
    assert kb.get("appeal-deadline").topic == "appeal"
    assert kb.get("no-such-id") is None


def test_no_paraphrase_is_shared_by_two_entries(matcher):
    owner: dict[str, str] = {}
    for e in matcher.entries:
        for _lang, text in e.texts():
            n = matcher.normalizer.normalize(text)
            assert owner.setdefault(n, e.id) == e.id, f"{text!r}: {owner[n]} and {e.id}"


def test_guide_entries_name_the_guide(kb):
    outside = {"seven-day-return", "complaint-12315", "about-bot"}
    for e in kb.entries:
        if e.id not in outside:
            assert e.source_in("zh").startswith(GUIDE), e.id


@pytest.mark.parametrize(
    ("entry_id", "facts"),
    [
        ("after-sales-window", ["15天"]),
        ("negotiation-timing", ["15天", "3–5天"]),
        ("past-15-days", ["15天"]),
        ("seller-72-hours", ["72小时"]),
        ("ruling-time", ["3–5个工作日", "7天"]),
        ("initial-review", ["1个工作日"]),
        ("appeal-deadline", ["3天"]),
        ("appeal-channels", ["9510211", "「申诉」"]),
        ("appeal-review", ["2–3个工作日", "最终"]),
        ("evidence-formats", ["JPG", "PNG", "PDF"]),
        ("contacted-during-review", ["站内信", "电话"]),
        ("fees-and-scams", ["免费", "加速处理", "保证胜诉"]),
        ("how-to-apply", ["我的订单", "申请售后", "仅退款", "退货退款", "换货"]),
        ("contact-seller", ["旺旺", "联系卖家"]),
    ],
)
def test_numbers_and_channels_agree_with_the_guide(kb, entry_id, facts):
    answer = kb.get(entry_id).answer_in("zh")
    guide = ROOT.parent / "shared" / "domain" / "taobao-intervention-guide.zh.txt"
    for fact in facts:
        assert fact in answer, (entry_id, fact)
        if guide.exists():
            plain = fact.replace("–", "-").strip("「」")
            assert plain in guide.read_text(encoding="utf-8"), (entry_id, fact)


def test_outside_sources_say_where_they_come_from(kb):
    law = kb.get("seven-day-return")
    assert "消费者权益保护法" in law.answer_in("zh") and "第二十五条" in law.answer_in("zh")
    assert "Article 25" in law.answer_in("en") and "not in the Taobao guide" in law.answer_in("en")
    assert "收到商品之日起七日内" in law.answer_in("zh")
    c = kb.get("complaint-12315")
    assert "全国12315平台" in c.answer_in("zh") and "国家市场监督管理总局" in c.answer_in("zh")
    assert "State Administration for Market Regulation" in c.answer_in("en")
    assert "淘宝指南" in c.answer_in("zh")


def test_no_marketing_from_the_guide(kb):
    praise = ["远快于", "标杆", "优于", "显著优势", "高度重视", "赢得用户信任", "极大方便", "大大优于"]
    for e in kb.entries:
        for word in praise:
            assert word not in e.answer_in("zh"), (e.id, word)
        assert "best" not in e.answer_in("en").lower().split(), e.id


def test_english_answers_keep_taobao_button_names(kb):
    for e in kb.entries:
        zh, en = e.answer_in("zh"), e.answer_in("en")
        for button in ("申请客服介入", "申请售后", "我的订单", "联系卖家"):
            if f"「{button}」" in zh:
                assert re.search(re.escape(button) + r"\s*\(", en) or button in en, (e.id, button)


def test_about_bot_says_not_affiliated(kb):
    e = kb.get("about-bot")
    assert "与淘宝官方无关" in e.answer_in("zh")
    assert "not affiliated with Taobao" in e.answer_in("en")
