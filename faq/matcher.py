"""Matching a free-text question (Chinese or English) to a knowledge-base entry.

A question is read by three signals, fused into one score per entry:

* the fuzzy score (faq/index.py, features in faq/features.py): weighted feature overlap with each
  entry's question and paraphrases, 0–100;
* the paraphrase classifier (faq/classifier.py): a linear model over character n-grams, one class
  per entry plus "none of these"; CLASSIFIER_POINTS x its decision value;
* cues (faq/cues.py, cues.yaml): topic and intent words that move one entry's score.

In a long message (a story and the question, usually asked last) the clause that asks
(faq/clause.py) gets CLAUSE_SHARE of the fuzzy and classifier scores, and decides between the
story's two close candidates when it names a topic of its own (CLAUSE_DECIDES; "what can I do now?"
leaves it to the story). The best fused score, its margin over the
runner-up and the "none of these" signals give a calibrated confidence, and the bands decide between
answering, suggesting and "none" (faq/confidence.py; numbers chosen by faq/calibrate.py). A question
naming another shopping platform (and not Taobao/Tmall) is "other_platform", never a Taobao answer;
an empty or punctuation-only question is "empty".

What was measured on the development set (python -m faq.calibrate; tests/faq/dev_set.yaml) and
kept or dropped: TF-IDF cosine, plain rapidfuzz ratio / token ratios on normalised strings, and
blends with rapidfuzz ratio all did worse than F1 + coverage; the relative match as confidence
answered ~51% of in-scope questions within the error limits, evidence ~62%, evidence with the boost
~72% (before later knowledge-base work); a boost for document F1 and a higher weight for
"intent" words (在哪, 多久) made it worse and were removed.

Fusion (issue #13), measured with `python -m faq.calibrate --ablation` on the development sets
(647 in scope, 162 out of scope; top-1 accuracy / correct direct answers at >= 98% precision with
<= 1% of out-of-scope questions answered, confidence refitted per variant; before the last cue
additions): fuzzy alone 93.7% / 77.1%; classifier alone 92.6% / 0% (its decision values alone
cannot reach that precision); fuzzy + cues 95.1% / 81.9%; fused without cues 94.3% / 83.8%; fused
without the question clause 95.4% / 88.6%; all fused 95.4% / 87.6%. All three kept: the clause
costs a point on the development sets, which have few long messages, and was then changed so that
a generic clause costs nothing.

Speed: everything about the knowledge base is computed in the constructor (the trained classifier
is kept on disk, see faq/classifier.py); a question costs one normalisation (two for a long message)
and a few vectorised operations — see faq/index.py and benchmarks/faq_speed.py.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .classifier import MAX_CLASSES, ParaphraseClassifier, cache_dir, inputs_key, load_out_of_scope
from .clause import Asked, first_of_two_questions, read_question, readable_part
from .confidence import BANDS, CALIBRATION, Bands, Calibration
from .cues import NONE, CueSet
from .examples import Example, load_examples
from .index import FuzzyIndex, Ranked
from .knowledge import Entry, KnowledgeBase, load_knowledge
from .normalize import Normalizer, has_cjk
from .typos import HomophoneFixer

__all__ = ["BANDS", "CALIBRATION", "Bands", "Calibration", "FaqMatcher", "MatchResult", "Signals"]

Kind = Literal["answer", "suggest", "none", "other_platform", "empty"]

# At most MAX_QUERY_CHARS characters of a question are read, its start and its end
# (faq/clause.py, readable_part; the longest of ~3,600 labelled questions has 330, a five-sentence
# English story): a pasted page costs no more than a question, and cannot pile up evidence.
MAX_QUERY_CHARS = 300
# The best entry must explain at least this share of the question to be answered or suggested:
# random text reaches ~0.01, the lowest correct match in the labelled sets 0.11.
MIN_COVERAGE = 0.1
# A question the best entry explains almost entirely (coverage >= FULL_MATCH) gets
# suggestions from SHORT_SUGGEST_AT up, below the normal suggestion band: single domain words score
# ~27–40, greetings and filler ("好的", "在吗") below 20 (measured on the shipped knowledge base).
FULL_MATCH = 0.9
SHORT_SUGGEST_AT = 10.0

# Fusion (faq/calibrate.py measures each signal alone and fused on the development sets):
# fused score = fuzzy score (0–100) + CLASSIFIER_POINTS x the classifier's decision value + cue boosts.
CLASSIFIER_POINTS = 20.0
FUZZY_WEIGHT = 1.0  # 0 in faq/calibrate.py's "classifier alone" measurement
# The classifier's best entries join the fuzzy matcher's candidates.
CLASSIFIER_CANDIDATES = 3
# A long message: the clause with the question marker gets this share of the fuzzy and classifier
# scores, the whole message the rest (0 = the clause is not read; faq/calibrate.py --ablation).
CLAUSE_SHARE = 0.5
# … and when the whole message hesitates between its two best entries (within CLAUSE_NEIGHBOURS
# points) and the clause — told with a story, naming a topic of its own (faq/clause.py, `Asked`) —
# prefers one of them, the clause decides: every entry moves by CLAUSE_DECIDES x (its clause score −
# the clause's best score), clause score = fuzzy + CLASSIFIER_POINTS x classifier on the clause alone.
# Long messages of the development sets (odd-numbered, tuned on / even, held out): 72/85 / 67/88 ->
# 75/85 / 72/88 correct, wrong 2/2 -> 1/2; short messages unchanged.
CLAUSE_DECIDES = 0.3
CLAUSE_NEIGHBOURS = 10.0
# Suggestions: entries within SUGGEST_GAP points of the best one.
SUGGEST_GAP = 15.0
# A question with an out-of-scope cue (opening a shop, deposits, shipping costs, the seller's side)
# needs this many more points to get suggestions.
NONE_CUE_SUGGEST_PENALTY = 25.0


@dataclass
class Signals:
    ranked: list[tuple[int, float, float]]  # (entry index, fused score, fuzzy coverage), best first
    none_classifier: float  # the classifier's "none of these" decision value
    none_cue: float  # sum of the out-of-scope cue boosts (0 = none fired)
    # Generic words only, or one broad word alone (faq/cues.py `vague`): never answered directly.
    vague: bool = False


@dataclass(frozen=True)
class MatchResult:
    query: str
    lang: str  # "zh" | "en": the language to answer in
    kind: Kind
    entry: Entry | None = None  # set for kind == "answer"
    score: float = 0.0  # 0–100, the best entry's score
    suggestions: list[tuple[Entry, float]] = field(default_factory=list)  # kind == "suggest", <= 3
    platform: str | None = None  # kind == "other_platform": the platform, in `lang` ("京东" / "JD.com")


class FaqMatcher:
    """Build once (`FaqMatcher.from_default()` or `FaqMatcher(entries)`), then call `match()`."""

    def __init__(
        self,
        entries: Iterable[Entry],
        *,
        normalizer: Normalizer | None = None,
        bands: Bands = BANDS,
        knowledge: KnowledgeBase | None = None,
        cues: CueSet | None = None,
        classifier: bool = True,
        out_of_scope: Sequence[str] | None = None,
        examples: Sequence[Example] | None = None,
        calibration: Calibration = CALIBRATION,
    ) -> None:
        self.entries: list[Entry] = list(entries)
        if not self.entries:
            raise ValueError("FaqMatcher needs at least one entry")
        self.knowledge = knowledge
        self.normalizer = normalizer or Normalizer.default()
        self.bands = bands
        self.calibration = calibration
        self.cues = cues if cues is not None else CueSet.load(self.normalizer)
        self._by_id = {e.id: e for e in self.entries}
        self._index_of = {e.id: i for i, e in enumerate(self.entries)}
        self.index = FuzzyIndex(self.entries, self.normalizer)
        self.typos = HomophoneFixer.for_normalizer(self.normalizer, self.index.doc_text)
        self.classifier = self.train_classifier(out_of_scope, examples) if classifier else None

    @classmethod
    def from_default(cls, **kwargs: Any) -> FaqMatcher:
        """The shipped knowledge base (faq/knowledge.yaml) and synonym table."""
        kb = load_knowledge()
        return cls(kb.entries, knowledge=kb, **kwargs)

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase, **kwargs: Any) -> FaqMatcher:
        return cls(kb.entries, knowledge=kb, **kwargs)

    def train_classifier(
        self, out_of_scope: Sequence[str] | None = None, examples: Sequence[Example] | None = None
    ) -> ParaphraseClassifier | None:
        """The paraphrase classifier (one class per entry + "none of these"), trained on the same
        normalised documents as the fuzzy index, the out-of-scope examples (faq/out_of_scope.yaml)
        and the labelled buyer questions (faq/examples.yaml, read as `read` reads a question; an
        unknown id is skipped) — or None above MAX_CLASSES entries (training time grows with the
        number of classes). Defaults: the shipped files; faq/calibrate.py passes its own."""
        if len(self.entries) > MAX_CLASSES:
            return None
        oos = list(out_of_scope) if out_of_scope is not None else load_out_of_scope()
        labelled = list(examples) if examples is not None else load_examples()
        none = len(self.entries)
        cache = cache_dir()
        alias = None
        if cache is not None and self.normalizer is Normalizer.default():
            # Reading the examples costs more than loading the model: look it up by the raw inputs.
            raw = [[e.id for e in self.entries], self.index.doc_text, self.index.doc_entry, oos]
            alias = inputs_key([*raw, [(ex.q, ex.id) for ex in labelled]])
            model = ParaphraseClassifier.from_alias(alias, none + 1, cache)
            if model is not None:
                return model
        texts = list(self.index.doc_text)
        labels = list(self.index.doc_entry)
        for example in oos:
            norm = self.normalizer.normalize(example)
            if norm:
                texts.append(norm)
                labels.append(none)
        for ex in labelled:
            label = none if ex.id is None else self._index_of.get(ex.id)
            text = self.asked_text(readable_part(ex.q, MAX_QUERY_CHARS))
            norm = self.typos.fix(self.normalizer.normalize(text))
            if norm and label is not None:
                texts.append(norm)
                labels.append(label)
        if len(set(labels)) < 2:
            return None
        return ParaphraseClassifier.train(texts, labels, none + 1, cache=cache, alias=alias)

    # --- querying -------------------------------------------------------------------------------

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def rank(self, query: str, limit: int = 5) -> list[tuple[Entry, float]]:
        """The best entries for a question with their fused scores, without banding (diagnostics)."""
        sig = self.read(readable_part(query, MAX_QUERY_CHARS))
        return [(self.entries[ei], s) for ei, s, _coverage in sig.ranked[:limit]]

    def read(self, text: str) -> Signals:
        """The signals of a question as `match` reads it: its first question when it asks two."""
        text = self.asked_text(text)
        return self.signals(text, self.normalizer.normalize(text))

    def asked_text(self, text: str) -> str:
        """What `read` reads of a question: in Simplified characters first, since the question words
        that faq/clause.py looks for (吗, 还有 …) are written in Simplified (a Traditional message
        asking two things was answered on both); then its first question when it asks two."""
        text = self.normalizer.simplified(text)
        return first_of_two_questions(text) or text

    def signals(self, text: str, norm: str) -> Signals:
        """Every signal for one question (`text` as typed, `norm` normalised), fused. Misspelt
        domain words are put back first (faq/typos.py)."""
        norm = self.typos.fix(norm)
        asked = read_question(text) if CLAUSE_SHARE > 0 else Asked()
        clause_norm = self.typos.fix(self.normalizer.normalize(asked.clause)) if asked.clause else ""
        fused, coverage, fuzzy_in_clause = self._fuzzy(norm, clause_norm)
        none_cls, cls_in_clause = self._add_classifier(fused, norm, clause_norm)
        if clause_norm and asked.decides and CLAUSE_DECIDES > 0:
            _clause_decides(fused, fuzzy_in_clause, cls_in_clause)
        boosts = self.cues.boosts(norm, self.normalizer.basic(text))
        for entry_id, boost in boosts.items():
            ei = self._index_of.get(entry_id)
            if ei is not None:
                fused[ei] = fused.get(ei, 0.0) + boost
        ranked = sorted(((ei, sc, coverage.get(ei, 0.0)) for ei, sc in fused.items()), key=lambda r: -r[1])
        return Signals(
            ranked=ranked,
            none_classifier=none_cls,
            none_cue=boosts.get(NONE, 0.0),
            vague=self.cues.vague(norm),
        )

    def _fuzzy(
        self, norm: str, clause_norm: str
    ) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        """Fuzzy scores by entry (the clause leading when it says more), the whole question's
        coverage by entry, and the clause's own fuzzy scores ({} without a clause)."""
        whole: Ranked = self.index.rank(norm)
        fused = {ei: FUZZY_WEIGHT * score for ei, score, _cov in whole}
        coverage = {ei: cov for ei, _score, cov in whole}
        in_clause: dict[int, float] = {}
        if clause_norm:
            in_clause = {ei: FUZZY_WEIGHT * sc for ei, sc, _cov in self.index.rank(clause_norm)}
            for ei in set(fused) | set(in_clause):
                w = fused.get(ei, 0.0)
                # A generic clause ("这种情况怎么办") costs nothing: the whole message keeps its score.
                fused[ei] = max(w, (1 - CLAUSE_SHARE) * w + CLAUSE_SHARE * in_clause.get(ei, 0.0))
        return fused, coverage, in_clause

    def _add_classifier(
        self, fused: dict[int, float], norm: str, clause_norm: str
    ) -> tuple[float, list[float] | None]:
        """Adds the classifier's points to `fused` (its top entries join the candidates); returns its
        "none of these" value and its values on the clause alone (None without a clause)."""
        if self.classifier is None:
            return 0.0, None
        cls = self.classifier.scores(norm)
        in_clause_values: list[float] | None = None
        if clause_norm:
            in_clause = self.classifier.scores(clause_norm)
            in_clause_values = in_clause.tolist()
            cls = np.maximum(cls, (1 - CLAUSE_SHARE) * cls + CLAUSE_SHARE * in_clause)
        n = len(self.entries)
        for ei in np.argsort(-cls[:n])[:CLASSIFIER_CANDIDATES].tolist():
            fused.setdefault(ei, 0.0)
        values: list[float] = cls.tolist()
        for ei in fused:
            fused[ei] += CLASSIFIER_POINTS * values[ei]
        return values[n], in_clause_values

    def confidence(self, sig: Signals) -> float:
        """Calibrated probability (0–100) that the best entry is the right answer (faq/confidence.py)."""
        if not sig.ranked:
            return 0.0
        top = sig.ranked[0][1]
        second = sig.ranked[1][1] if len(sig.ranked) > 1 else 0.0
        return self.calibration.confidence(top, second, sig.none_classifier, sig.none_cue > 0)

    def match(self, query: str, lang: str | None = None) -> MatchResult:
        """Match one question. `lang` forces the answer language; by default "zh" if the question
        contains any CJK character, else "en"."""
        if lang not in ("zh", "en"):
            lang = "zh" if has_cjk(query) else "en"
        text = readable_part(query, MAX_QUERY_CHARS)
        basic = self.normalizer.basic(text)
        if not basic:
            return MatchResult(query=query, lang=lang, kind="empty")
        platform = self.normalizer.platform(basic, is_basic=True)
        if platform is not None:
            name = self.normalizer.platform_name(platform, lang)
            return MatchResult(query=query, lang=lang, kind="other_platform", platform=name)
        sig = self.read(text)
        if not sig.ranked:
            return MatchResult(query=query, lang=lang, kind="none")
        return self._banded(query, lang, sig)

    def _banded(self, query: str, lang: str, sig: Signals) -> MatchResult:
        """Answer, suggestions or none, by the bands."""
        b = self.bands
        top_ei, top, top_coverage = sig.ranked[0]
        second = sig.ranked[1][1] if len(sig.ranked) > 1 else 0.0
        conf = _round(self.confidence(sig))
        if top_coverage < MIN_COVERAGE and top < b.suggest_at:
            return MatchResult(query=query, lang=lang, kind="none", score=conf)
        if conf >= b.answer_at and top - second >= b.margin and not sig.vague:
            return MatchResult(query=query, lang=lang, kind="answer", entry=self.entries[top_ei], score=conf)
        # Grey zone: the close entries as suggestions. A question made only of words the entry knows
        # — typically one or two domain words such as "证据" or "refund" — is too short to be
        # confident about but clearly on topic, so it gets suggestions from a lower floor.
        floor = b.suggest_at
        if top_coverage >= FULL_MATCH and top >= SHORT_SUGGEST_AT:
            floor = min(floor, SHORT_SUGGEST_AT)
        if sig.none_cue > 0:
            floor = max(floor, b.suggest_at + NONE_CUE_SUGGEST_PENALTY)
        if top < floor:
            return MatchResult(query=query, lang=lang, kind="none", score=conf)
        close = max(floor, top - SUGGEST_GAP)
        sugg = [(self.entries[ei], _round(s)) for ei, s, _ in sig.ranked[:3] if s >= close]
        return MatchResult(query=query, lang=lang, kind="suggest", score=conf, suggestions=sugg)


def _clause_decides(fused: dict[int, float], fuzzy: dict[int, float], cls: list[float] | None) -> None:
    """The asked clause decides between the whole message's two best entries when they are close
    and it prefers one of them (CLAUSE_DECIDES, CLAUSE_NEIGHBOURS); `fused` is changed in place."""
    if len(fused) < 2:
        return
    in_clause = {ei: fuzzy.get(ei, 0.0) + (CLASSIFIER_POINTS * cls[ei] if cls else 0.0) for ei in fused}
    asked_best = max(in_clause, key=in_clause.__getitem__)
    first, second = heapq.nlargest(2, fused, key=fused.__getitem__)
    if asked_best not in (first, second) or fused[first] - fused[asked_best] > CLAUSE_NEIGHBOURS:
        return
    top = in_clause[asked_best]
    for ei in fused:
        fused[ei] += CLAUSE_DECIDES * (in_clause[ei] - top)


def _round(score: float) -> float:
    return round(min(max(score, 0.0), 100.0), 1)
