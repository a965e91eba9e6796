"""The question inside a long message: people tell the story first and ask last ("买了个吹风机用了两次
就坏了，商家说是我摔的，这种情况能申请介入吗"). The clause with the question marker carries the topic;
the matcher gives it a share of the score (faq/matcher.py, CLAUSE_SHARE). The clause is in the last
sentence that surely asks (a question mark or a strong marker, `_surely_asks`; else the last that may
ask: a question asked before more story is not lost to "the seller is ignoring me"), narrowed to its
last part (between commas) that asks, with an alternative that goes on with it ("…, or is it too
late", "…吗，还是…") and, when it is too short to say anything ("还能查到吗"), the part before it.

A message that asks two things ("介入要多久？结果不满意还能申诉吗？", "Where do I appeal, and how long
does it take?") is answered on its first question: matching the whole message mixed both topics and
often answered the second, or neither (measured on the development sets). The user can send the
second question on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import CJK_RE

# Messages shorter than this are read whole.
LONG_MESSAGE_CHARS = 28

# Question markers, in two strengths. A sentence that ends in a question mark, or has a strong
# marker, asks for certain: Chinese and Cantonese question words and particles (Simplified and
# Traditional: the clause is read as typed), the A-not-A forms (能不能, 有冇, 會唔會) and the words
# that announce a question (请问, 想知道); in English, a clause that opens with a question word or an
# inverted auxiliary ("Can I …", "How long …") or announces one ("I'd like to know", "tell me how").
# A weak marker only may ask: "can", "is" or "will" inside an English sentence are as often part of
# the story ("the seller is ignoring me"), and so are 可以 / 还能 in Chinese ("卖家说可以退").
_NOT_A_LITTLE = "(?<![有一差快早晚慢多少好])"
_ZH_STRONG = (
    "怎么|怎麼|怎样|怎樣|咋|什么|什麼|甚麼|啥|多久|几天|幾天|多长|多長|多少|几个|幾個|几步|幾步|几时|幾時|谁|誰|哪|如何|为什么|"
    "為什麼|为啥|點解|点解|點樣|点样|點算|点算|點做|点做|咩|乜嘢|邊度|边度|邊個|边个|能不能|可不可以|可唔可以|能唔能|得唔得|"
    "是不是|係咪|系咪|有没有|有沒有|有冇|会不会|會不會|會唔會|会唔会|要不要|使唔使|是否|对吗|對嗎|行吗|行嗎|好吗|好嗎|请问|請問|"
    "想问|想問|想知道|求问|求問"
)
# Python's re tries every alternative at every position: a lookahead on the words' first
# characters lets it skip the positions where none can start (here and below; 2-5x faster on a
# story sentence).
_ZH_STRONG_RE = re.compile(
    "(?=[?？吗嗎么麼呢" + "".join(sorted({w[0] for w in _ZH_STRONG.split("|")})) + "])"
    # A final 吧 asks only in a tag question (是吧, 对吧); "总不能只凭嘴说吧" states.
    r"(?:[?？]|[吗嗎么麼呢]\s*$|[吗嗎][，,]|(?:是|对|對|行|好)吧\s*$|"
    # 好几天 / 前几天 / 这几个 tell the story ("several days"), they do not ask how many; 有点 / 一点
    # are "a little" (有点搞不懂, 一点解释), not Cantonese 點 ("how").
    + _ZH_STRONG.replace("几", "(?<![好前过過这這])几")
    .replace("幾", "(?<![好前过過这這])幾")
    .replace("点", _NOT_A_LITTLE + "点")
    + ")"
)
_EN_OPENER_RE = re.compile(
    r"(?:(?:so|and|but|also|ok|okay|hi|hey|hello|please|well|now|then|btw|sorry|my question is|question)"
    r"[\s,:]+)*"
    r"(?:how|what|what's|whats|when|when's|where|why|who|whom|which|can|could|is|are|was|were|do|does|did|should|"
    r"shall|will|would|may|might|must|am)\b",
    re.IGNORECASE,
)
_EN_ASKS_RE = re.compile(
    r"\b(?=[wlnta])(?:(?:want|like|need) to know|wonder(?:ing)?|"
    r"not sure (?:if|whether|how|what|when|who|which)|"
    r"tell me (?:how|what|when|where|why|who|which|if|whether)|any idea)\b",
    re.IGNORECASE,
)
_WEAK_RE = re.compile(
    r"(?=[可还還不唔]|\b[hwcidsa])(?:可以|还能|還能|不知道|唔知|"
    r"\b(how|what|when|can|could|why|where|is|are|do|does|should|will|which|who|would|am)\b)",
    re.IGNORECASE,
)


def _surely_asks(text: str) -> bool:
    """A strong question marker: a question mark or Chinese question word anywhere, an English
    question word or auxiliary opening the text, or words announcing a question."""
    return bool(_ZH_STRONG_RE.search(text) or _EN_OPENER_RE.match(text) or _EN_ASKS_RE.search(text))


def _may_ask(text: str) -> bool:
    return _surely_asks(text) or _WEAK_RE.search(text) is not None


# Rhetorical questions vent, they do not ask ("这是什么服务态度？", "卖家凭什么不给退？", "Are you
# kidding me?", "What is wrong with this shop??"): an angry buyer opens with one, then tells the story
# and asks. Read as a question, the opener was taken for the first of two questions and the rest of
# the message dropped.
_RHETORICAL_RE = re.compile(
    r"(?=[凭憑什有搞开開]|\b[wayhi])(?:"  # the first characters (see _ZH_STRONG_RE)
    r"凭什么|憑什麼|什么(?:破|鬼|烂|爛|垃圾|玩意)|什么(?:服务)?态度|什麼(?:服務)?態度|有病(?!毒)|搞什么|搞什麼|"
    r"开什么玩笑|開什麼玩笑|"
    r"^(?:what the (?:hell|heck|fuck)|wtf)\W*$|"  # alone: "wtf do i do" asks
    r"\b(?:are you (?:kidding|serious|joking)|you(?:'re| are) kidding|is this a joke|how dare|"
    r"what(?: is|'s) wrong with (?:you|them|him|her|this (?:shop|seller|store|guy)|these people))\b)",
    re.IGNORECASE,
)


# So do greetings and calls for attention that only open the conversation ("你好，在吗？", "Hello?
# Anyone there?", "Can you help me?"): the first question mark of "在吗？我买的电饭煲坏了…怎么办" is not
# the first of two questions.
_PHATIC_RE = re.compile(
    r"^(?:(?:你好|您好|亲|hi|hello|hey)[\s,，!！~]*)?(?:在吗|在嗎|在不在|有人吗|有人嗎|有人在吗|有人在嗎|你好吗|"
    r"能帮我吗|能幫我嗎|可以帮我吗|可以幫我嗎|能帮帮我吗|帮帮我|幫幫我|求助|问个问题|問個問題|请教一下|請教一下|"
    r"(?:hi|hello|hey)(?: there)?|(?:is )?any ?one (?:there|here|around)|are you there|"
    r"(?:can|could|will) (?:you|u) (?:please )?help(?: me)?(?: please)?|"
    r"(?:can|may) i ask (?:you )?(?:a question|something)|help(?: me)?(?: please)?)[\s?？!！.。~]*$",
    re.IGNORECASE,
)


def _only_opens(part: str) -> bool:
    """A rhetorical question or a greeting: the part does not ask about anything."""
    return bool(_RHETORICAL_RE.search(part) or _PHATIC_RE.match(part.strip()))


def _asks(part: str) -> int:
    """2: the part asks (a strong marker), 1: it may (a weak one), 0: it does not (or only opens)."""
    if _only_opens(part):
        return 0
    if _surely_asks(part):
        return 2
    return 1 if _WEAK_RE.search(part) else 0


def readable_part(text: str, limit: int) -> str:
    """At most `limit` characters of a message: a longer one keeps its first third and its last
    two thirds (the question is usually asked last, after the story), cut at spaces where the text
    has them and joined by a line break (a sentence end)."""
    if len(text) <= limit:
        return text
    head_len = limit // 3
    head, tail = text[:head_len], text[len(text) - (limit - head_len - 1) :]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    if " " in tail:
        tail = tail.split(" ", 1)[1]
    return f"{head}\n{tail}"


# A question mark followed by more text that asks something else.
_QUESTION_MARK_RE = re.compile(r"[?？]+")
# Shortest parts that count as a question of their own ("and?", "真的吗？" do not).
MIN_SECOND_QUESTION_CHARS = 4
MIN_FIRST_QUESTION_CHARS = 5
# Words that open a second question even without a question word ("另外介入收不收费").
_ANOTHER_RE = re.compile(
    r"^(另外|还有|還有|顺便|順便|顺带|順帶|再问|再問|以及|and\b|also\b|btw\b|plus\b)", re.IGNORECASE
)


# "Q1, and Q2?" / "Q1，另外Q2": a second question joined to the first by a comma.
_JOINED_RE = re.compile(
    r"[，,]\s*(?=另外|还有|還有|顺便|順便|顺带|順帶|再问|再問|以及|(?:and|also|btw|plus)\b)", re.IGNORECASE
)


def first_of_two_questions(text: str) -> str:
    """The first question when a message asks two ("Q1？Q2？", "Q1？另外Q2吗", "Q1, and Q2?"); ""
    otherwise."""
    mark = _QUESTION_MARK_RE.search(text)
    end = mark.start() if mark is not None else len(text)
    for joint in _JOINED_RE.finditer(text, 0, end):
        # Both sides must ask for certain: "The seller refused, and what now?" is a story and its question.
        first, second = text[: joint.start()].strip(), text[joint.end() : end]
        asking = _PART_SPLIT_RE.split(_SENTENCE_SPLIT_RE.split(first)[-1])[-1].strip()
        if len(asking) >= MIN_FIRST_QUESTION_CHARS and _surely_asks(asking) and _surely_asks(second):
            return first
    if mark is None:
        return ""
    first, rest = text[: mark.start()].strip(), text[mark.end() :].strip()
    if len(rest) < MIN_SECOND_QUESTION_CHARS or not (_surely_asks(rest) or _ANOTHER_RE.match(rest)):
        return ""
    if _only_opens(_PART_SPLIT_RE.split(_SENTENCE_SPLIT_RE.split(first)[-1])[-1]):
        return first_of_two_questions(rest)  # an opener: the questions come after it
    if len(first) < MIN_FIRST_QUESTION_CHARS or not _may_ask(first):
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
    r"(?=[这怎咋能该点點可选干]|\b[swtmahip])(?:"  # the alternatives' first characters (see _ZH_STRONG_RE)
    r"这种情况|这样的情况|这情况|这种事|这样|怎么办|咋办|咋整|咋弄|咋搞|怎么搞|怎么处理|怎么维权|怎么弄|怎么做|能做什么|该做什么|"
    rf"{_NOT_A_LITTLE}点(?:做|算|搞|处理)|點做|點算|干嘛|干啥|干什么|怎么整(?![理治顿])|"
    r"(能|可以)(申请|找)?(淘宝)?(客服|小二)?介入|选哪|选什么|怎么选|"
    r"\bshould i (choose|pick|select)\b|\bwhich (option|type|one)\b|"
    r"\b(this|that|such an?) (situation|case)\b|\bwhat (can|should|do) i do\b|\bwhat (now|next)\b|"
    r"^(?:any (?:advice|suggestions?)|please advise|what do you (?:suggest|recommend))\W*$|"
    r"\bmy options\b|\banything else\b|\bhow do i handle\b|\bstep in\b|\bintervene\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asked:
    """What a message asks: `clause` ("" = read the message whole); `with_story`: other sentences of
    the message tell a story, before the clause or after it ("How long does the seller have? I sent
    the request on Monday …"); `generic`: it names no topic of its own."""

    clause: str = ""
    with_story: bool = False
    generic: bool = False

    @property
    def decides(self) -> bool:
        """The clause may decide between the story's close candidates (faq/matcher.py)."""
        return bool(self.clause) and self.with_story and not self.generic


def question_clause(text: str) -> str:
    """In a long message, the part that asks: the last sentence with a question marker, narrowed to
    its last part with one (with the parts that go on with it, and the part before when it is
    short); "" for a short message or one without a question marker."""
    return read_question(text).clause


def read_question(text: str) -> Asked:
    """`question_clause` with where it stands in the message and whether it is generic."""
    if len(text) < LONG_MESSAGE_CHARS:
        return Asked()
    sentences = _sentences(text)
    found = _asking_sentence(sentences)
    if found is None:
        return Asked()
    k, parts, marks = found
    asked = [i for i, mark in enumerate(marks) if mark == max(marks)]
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
    sentence = sentences[k]
    clause = ("，" if CJK_RE.search(sentence) else ", ").join(parts[start : end + 1])
    generic = _GENERIC_ASK_RE.search(clause) is not None
    return Asked(clause, with_story=len(sentences) > 1, generic=generic)


def _sentences(text: str) -> list[str]:
    """The message's sentences, each with the question mark that ends it (if one does)."""
    out: list[str] = []
    pos = 0
    for end in _SENTENCE_SPLIT_RE.finditer(text):
        sentence = text[pos : end.start()].strip()
        if sentence:
            out.append(sentence + ("?" if "?" in end.group() or "？" in end.group() else ""))
        pos = end.end()
    if text[pos:].strip():
        out.append(text[pos:].strip())
    return out


def _asking_sentence(sentences: list[str]) -> tuple[int, list[str], list[int]] | None:
    """The sentence that asks — the last one with a strong question marker, else the last with a
    weak one — as (its index, its parts, how surely each part asks: `_asks`)."""
    best: tuple[int, list[str], list[int]] | None = None
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k]
        asked_by_mark = sentence.endswith("?")
        parts = [p.strip() for p in _PART_SPLIT_RE.split(sentence.rstrip("?")) if p.strip()]
        marks = [_asks(p) for p in parts]
        if asked_by_mark and parts and max(marks) < 2:
            # The question mark makes its sentence ask: the last part that may ask, else the last.
            weak = [i for i, mark in enumerate(marks) if mark]
            marks[weak[-1] if weak else -1] = 2
        if not parts or max(marks) == 0:
            continue
        if max(marks) == 2:
            return k, parts, marks
        if best is None:
            best = (k, parts, marks)
    return best
