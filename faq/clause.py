"""The question inside a long message: people tell the story first and ask last ("买了个吹风机用了两次
就坏了，商家说是我摔的，这种情况能申请介入吗"). The clause with the question marker carries the topic;
the matcher gives it a share of the score (faq/matcher.py, CLAUSE_SHARE)."""

from __future__ import annotations

import re

# Messages shorter than this are read whole.
LONG_MESSAGE_CHARS = 28

_CLAUSE_SPLIT_RE = re.compile(r"[，,。.！!？?；;\n]+")
_QUESTION_RE = re.compile(
    r"[?？]|吗|怎么|咋|什么|啥|多久|几天|能不能|可不可以|可以|还能|如何|为什么|哪|是不是|有没有|会不会|要不要|"
    r"\b(how|what|when|can|could|why|where|is|do|does|should|will|which|who)\b",
    re.IGNORECASE,
)


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
