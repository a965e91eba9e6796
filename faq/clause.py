"""The question inside a long message: people tell the story first and ask last ("买了个吹风机用了两次
就坏了，商家说是我摔的，这种情况能申请介入吗"). The clause with the question marker carries the topic;
the matcher gives it a share of the score (faq/matcher.py, CLAUSE_SHARE). The clause is the last part
(between commas) with a question marker of the last sentence that has one, with an alternative that
goes on with it ("…, or is it too late", "…吗，还是…") and, when it is too short to say anything
("还能查到吗"), the part before it. A second question in the same sentence ("…, and who pays?",
"…，顺带问下…？") is left for later like the second of two. Measured on the development sets.

A message that asks two things ("介入要多久？结果不满意还能申诉吗？") is answered on its first question:
matching the whole message mixed both topics and often answered the second, or neither (measured on
the development sets). The user can send the second question on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import CJK_RE

# Messages shorter than this are read whole.
LONG_MESSAGE_CHARS = 28

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
_ANOTHER_RE = re.compile(r"^(另外|还有|顺便|顺带|再问|以及|and\b|also\b|btw\b|plus\b)", re.IGNORECASE)


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


# Sentences end at 。！？；, a newline, a full stop followed by a space, or a space between two Chinese
# characters (chat without punctuation: "鞋子开胶了 卖家不理 介入会怎么判"); parts at commas and colons.
_SENTENCE_SPLIT_RE = re.compile(r"[。！!？?；;\n]+|\.(?:\s+|$)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_PART_SPLIT_RE = re.compile(r"[，,:：]+")
# A part that goes on with the question before it ("…, or is it too late", "…吗，还是应该早点谈").
_GOES_ON_RE = re.compile(r"^(还是|或者|或是|or\b)", re.IGNORECASE)
# A question part this short says too little on its own ("还能查到吗", "怎么办"): the part before it
# (the story's latest state, or the object of the question) is read with it.
MIN_CLAUSE_CHARS = 8
MIN_CLAUSE_WORDS = 4


def _short(part: str) -> bool:
    if CJK_RE.search(part):
        return len(part) < MIN_CLAUSE_CHARS
    return len(part.split()) < MIN_CLAUSE_WORDS


# A clause that only points back at the story ("这种情况怎么办", "what can I do now", "能申请介入吗",
# "应该选哪一项"): it names no topic of its own (which option fits is told by the story), so the
# story decides, not the clause.
_GENERIC_ASK_RE = re.compile(
    r"这种情况|这样的情况|这情况|这种事|这样|怎么办|咋办|咋整|怎么搞|怎么处理|怎么维权|怎么弄|能做什么|该做什么|"
    r"(能|可以)(申请|找)?(淘宝)?(客服|小二)?介入|选哪|选什么|怎么选|"
    r"\bshould i (choose|pick|select)\b|\bwhich (option|type|one)\b|"
    r"\b(this|that|such an?) (situation|case)\b|\bwhat (can|should|do) i do\b|\bwhat (now|next)\b|"
    r"\bmy options\b|\banything else\b|\bhow do i handle\b|\bstep in\b|\bintervene\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asked:
    """What a message asks: `clause` ("" = read the message whole); `after_story`: the clause is in
    a later sentence than the first (a story was told before it); `generic`: it names no topic of its
    own."""

    clause: str = ""
    after_story: bool = False
    generic: bool = False

    @property
    def decides(self) -> bool:
        """The clause may decide between the story's close candidates (faq/matcher.py)."""
        return bool(self.clause) and self.after_story and not self.generic


def question_clause(text: str) -> str:
    """In a long message, the part that asks: the last sentence with a question marker, narrowed to
    its last part with one (with the parts that go on with it, and the part before when it is
    short); "" for a short message or one without a question marker."""
    return read_question(text).clause


def read_question(text: str) -> Asked:
    """`question_clause` with where it stands in the message and whether it is generic."""
    if len(text) < LONG_MESSAGE_CHARS:
        return Asked()
    sentences = [s.strip() for s in _SENTENCE_SPLIT_RE.split(text) if s.strip()]
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k]
        parts = [p.strip() for p in _PART_SPLIT_RE.split(sentence) if p.strip()]
        asked = [i for i, p in enumerate(parts) if _QUESTION_RE.search(p)]
        if not asked:
            continue
        # "…, and …?" / "…，另外…？": a second question; the first is answered.
        while len(asked) > 1 and _ANOTHER_RE.match(parts[asked[-1]]):
            asked.pop()
        start = end = asked[-1]
        # "A, B, or C?": the list of alternatives up to the last "or"/"还是".
        end = max([end] + [j for j in range(end + 1, len(parts)) if _GOES_ON_RE.match(parts[j])])
        while start > 0 and (_GOES_ON_RE.match(parts[start]) or _short(" ".join(parts[start : end + 1]))):
            start -= 1
        if len(sentences) == 1 and start == 0 and end == len(parts) - 1:
            return Asked()
        clause = ("，" if CJK_RE.search(sentence) else ", ").join(parts[start : end + 1])
        return Asked(clause, after_story=k > 0, generic=_GENERIC_ASK_RE.search(clause) is not None)
    return Asked()
