"""The command-line contract of `dispute-bot faq` / `python -m faq` (faq/cli.py)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

import pytest

from faq.cli import add_arguments, run

from .conftest import ROOT

KEYS = {"query", "lang", "id", "score", "answer", "suggestions"}
SUGGESTION_KEYS = {"id", "question", "score", "answer"}


def call(argv: list[str], matcher) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="faq")
    add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = run(parser.parse_args(argv), matcher=matcher, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def json_lines(text: str) -> list[dict]:
    objs = [json.loads(line) for line in text.splitlines()]
    for o in objs:
        assert set(o) == KEYS
        assert o["lang"] in ("zh", "en") and isinstance(o["score"], float) and 0 <= o["score"] <= 100
        assert isinstance(o["suggestions"], list)
        for s in o["suggestions"]:
            assert set(s) == SUGGESTION_KEYS and isinstance(s["score"], float)
    return objs


def test_json_confident_answer(matcher):
    code, out, _ = call(["--json", "卖家拒绝退款怎么办"], matcher)
    (o,) = json_lines(out)
    assert code == 0
    assert o["query"] == "卖家拒绝退款怎么办" and o["lang"] == "zh"
    assert o["id"] == "seller-refused" and o["answer"] == matcher.get("seller-refused").answer_in("zh")
    assert o["suggestions"] == []
    assert "卖家" in out  # ensure_ascii=False: Chinese is written as is, not as \u escapes


def test_json_english_question_gets_english_answer(matcher):
    (o,) = json_lines(call(["--json", "how long does the seller have to reply?"], matcher)[1])
    assert o["lang"] == "en" and o["id"] == "seller-72-hours"
    assert o["answer"] == matcher.get("seller-72-hours").answer_in("en")


def test_json_suggestions(matcher):
    (o,) = json_lines(call(["--json", "证据"], matcher)[1])
    assert o["id"] is None and o["answer"] is None
    assert 1 <= len(o["suggestions"]) <= 3
    s = o["suggestions"][0]
    entry = matcher.get(s["id"])
    assert s["question"] == entry.question_in("zh") and s["answer"] == entry.answer_in("zh")


@pytest.mark.parametrize("q", ["京东怎么退货", "今天天气怎么样", "？？？", "tell me a joke"])
def test_json_no_answer(matcher, q):
    (o,) = json_lines(call(["--json", q], matcher)[1])
    assert o["id"] is None and o["answer"] is None and o["suggestions"] == []


def test_json_several_questions_in_order(matcher):
    code, out, _ = call(["--json", "申诉期限是多久", "seller refused my refund"], matcher)
    objs = json_lines(out)
    assert code == 0
    assert [o["query"] for o in objs] == ["申诉期限是多久", "seller refused my refund"]


def test_batch_answers_every_line_in_order_blank_ones_too(matcher, tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("卖家不回复怎么办\n\n   \nhow do I appeal?\n京东退款\n？？？\n", encoding="utf-8")
    code, out, err = call(["--json", "--batch", str(f)], matcher)
    objs = json_lines(out)
    assert code == 0 and err == ""
    assert [o["query"] for o in objs] == [
        "卖家不回复怎么办",
        "",
        "",
        "how do I appeal?",
        "京东退款",
        "？？？",
    ]
    assert objs[0]["id"] == "seller-no-response" and objs[3]["lang"] == "en"
    assert all(objs[i]["id"] is None and objs[i]["answer"] is None for i in (1, 2, 4, 5))


def test_batch_prints_json_without_the_flag(matcher, tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("申诉期限是多久\n", encoding="utf-8")
    (o,) = json_lines(call(["--batch", str(f)], matcher)[1])
    assert o["id"] == "appeal-deadline"


def test_missing_batch_file(matcher, tmp_path):
    code, out, err = call(["--json", "--batch", str(tmp_path / "nope.txt")], matcher)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "nope.txt" in err and "Traceback" not in err


def test_no_question(matcher):
    code, out, err = call([], matcher)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_human_answer_has_source_line(matcher):
    code, out, _ = call(["申诉期限是多久"], matcher)
    lines = out.strip().splitlines()
    assert code == 0
    assert lines[-1] == "来源：" + matcher.get("appeal-deadline").source_in("zh")
    assert "3天" in out


def test_human_english(matcher):
    out = call(["where is the appeal button"], matcher)[1]
    assert out.strip().splitlines()[-1].startswith("Source: ")


def test_human_suggestions_are_numbered(matcher):
    out = call(["证据"], matcher)[1]
    assert "是下面这些吗" in out and "  1. " in out


def test_human_none_and_other_platform(matcher):
    assert "答不上来" in call(["今天天气怎么样"], matcher)[1]
    out = call(["拼多多怎么退款"], matcher)[1]
    assert "只熟悉淘宝" in out and "拼多多的规则" in out
    assert "Taobao" in call(["amazon refund"], matcher)[1]


def test_python_m_faq_batch_subprocess(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("小二介入要多久\n\nis intervention free?\n", encoding="utf-8")
    p = subprocess.run(
        [sys.executable, "-m", "faq", "--json", "--batch", str(f)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},
    )
    assert p.returncode == 0, p.stderr.decode()
    objs = json_lines(p.stdout.decode("utf-8"))  # UTF-8 even with an ASCII locale
    assert [o["query"] for o in objs] == ["小二介入要多久", "", "is intervention free?"]
    assert objs[0]["id"] == "ruling-time" and objs[1]["id"] is None and objs[2]["id"] == "fees-and-scams"


def test_python_m_faq_missing_file_subprocess(tmp_path):
    p = subprocess.run(
        [sys.executable, "-m", "faq", "--json", "--batch", str(tmp_path / "missing.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert p.returncode == 2 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
