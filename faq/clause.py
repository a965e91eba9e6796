"""The question inside a long message: people tell the story first and ask last ("买了个吹风机用了两次
就坏了，商家说是我摔的，这种情况能申请介入吗"). The clause with the question marker carries the topic;
the matcher gives it a share of the score (faq/matcher.py, CLAUSE_SHARE).

A message that asks two things ("介入要多久？结果不满意还能申诉吗？") is answered on its first question:
matching the whole message mixed both topics and often answered the second, or neither (measured on
the development sets). The user can send the second question on its own."""

from __future__ import annotations

import re

# Messages shorter than this are read whole.
LONG_MESSAGE_CHARS = 28

_CLAUSE_SPLIT_RE = re.compile(r"[，,。.！!？?；;\n]+")
_QUESTION_RE = re.compile(
    r"[?？]|吗|怎么|怎样|咋|什么|啥|多久|几天|多长|多少|几个|几步|谁|能不能|可不可以|可以|还能|如何|为什么|哪|是不是|有没有|"
    r"会不会|要不要|是否|对吗|行吗|好吗|么$|"
    r"\b(how|what|when|can|could|why|where|is|are|do|does|should|will|which|who|would|am)\b",
    re.IGNORECASE,
)


# A question mark followed by more text that asks something else.
_QUESTION_MARK_RE = re.compile(r"[?？]+")
# Shortest parts that count as a question of their own ("and?", "真的吗？" do not).
MIN_SECOND_QUESTION_CHARS = 4
MIN_FIRST_QUESTION_CHARS = 5
# Words that open a second question even without a question word ("另外介入收不收费").
_ANOTHER_RE = re.compile(r"^(另外|还有|顺便|再问|以及|and\b|also\b|btw\b|plus\b)", re.IGNORECASE)


def first_of_two_questions(text: str) -> str:
    """The first question when a message asks two ("Q1？Q2？", "Q1？另外Q2吗"); "" otherwise."""
    mark = _QUESTION_MARK_RE.search(text)
    if mark is None:
        return ""
    first, rest = text[: mark.start()].strip(), text[mark.end() :].strip()
    if len(rest) < MIN_SECOND_QUESTION_CHARS or not (_QUESTION_RE.search(rest) or _ANOTHER_RE.match(rest)):
        return ""
    if len(first) < MIN_FIRST_QUESTION_CHARS or not _QUESTION_RE.search(first):
        return ""  # an opener such as "真的吗？": the real question is the second
    return first


def question_clause(text: str) -> str:
    """In a long message, the clause that asks (the last with a question marker); "" otherwise."""
    if len(text) < LONG_MESSAGE_CHARS:
        return ""
    clauses: list[str] = [c.strip() for c in _CLAUSE_SPLIT_RE.split(text) if c.strip()]
    if len(clauses) < 2:
        return ""
    for clause in reversed(clauses):
        if _QUESTION_RE.search(clause):
            return clause
    return ""
