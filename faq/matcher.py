"""Fuzzy matching of free-text questions (Chinese or English) against the knowledge base.

How a question is scored
------------------------
Every entry contributes its question and all its paraphrases in both languages ("documents").
At build time each document is normalised (`faq.normalize`: NFKC, punctuation, synonyms, fillers)
and turned into a set of weighted features:

* domain terms (synonyms.yaml `terms`: 仅退款, 申诉, 客服介入, after sales …) as units: a feature
  each, and Chinese bigrams do not cross their edges;
* Chinese: character bigrams (the main signal — Chinese has no spaces, so rapidfuzz's token scorers
  degrade to a plain ratio there), single characters (low weight), bigrams of folded pinyin
  (homophone typos: 申述/申诉, 介如/介入);
* Latin script: stemmed words without stop words, word bigrams, character trigrams (low weight).
  Unknown English words are first corrected to the closest knowledge-base word with rapidfuzz
  (`process.extractOne`, `scorer=fuzz.ratio`, `processor=None`, `score_cutoff=SPELLING_CUTOFF`).

Weight = family weight x idf over *entries* (a feature found in many entries tells little); words
of question templates (synonyms.yaml `weak`: 会不会, 需要 …) count less. A feature the knowledge base
has never seen weighs more than any known one. With W = the question's total feature weight:

* best-document F1 = max over the entry's documents of 2·shared/(W + document weight);
* coverage = weight of the question's features found anywhere in the entry / W;
* relative match = DOC_SHARE·F1 + (1 − DOC_SHARE)·coverage — this ranks the entries;
* evidence = relative match · W, boosted by (relative match / COVERAGE_PIVOT) ** BOOST_POWER when
  above the pivot; score = 100·(1 − exp(−evidence / EVIDENCE_SCALE)), in 0–100.

Why evidence and not the relative match as the confidence: a long, chatty question ("买了个吹风机
用了两次就坏了 商家说是我自己摔的 怎么办") has many words no knowledge base can know, which lowers its
relative match although it is clearly on topic; a short one fully matched ("72小时") is on topic
although it carries little weight. Absolute evidence keeps the first, the boost keeps the second,
and out-of-scope questions, which match only a few common words, stay low on both counts.

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

Work per question
-----------------
Normalised strings, features, weights, document weight sums, the inverted indexes (feature →
documents, feature → entries) and the spelling vocabulary are all built once, in the constructor.
A question costs one normalisation and a pass over the postings of its own features, rarest first,
within SCAN_BUDGET (never reached by the shipped knowledge base; on a 10,000-entry one the
commonest, lightest features are then added for the best candidates only).

Bands (numbers in `BANDS`, chosen by measurement — see faq/calibrate.py)
-----------------------------------------------------------------------
* answer  — best score >= `answer_at` and ahead of the next entry by >= `margin`;
* suggest — best score >= `suggest_at` (or, for a question the entry covers entirely, such as a
  single domain word, >= SHORT_SUGGEST_AT): up to three distinct entries ("did you mean");
* none    — below that.
A question naming another shopping platform (and not Taobao/Tmall) is "other_platform", never a
Taobao answer; an empty or punctuation-only question is "empty".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from rapidfuzz import fuzz, process

from .classifier import MAX_CLASSES, ParaphraseClassifier, load_out_of_scope
from .cues import NONE, CueSet
from .knowledge import Entry, KnowledgeBase, load_knowledge
from .normalize import CJK_RE, Normalizer, has_cjk

Kind = Literal["answer", "suggest", "none", "other_platform", "empty"]

# Relative weight of each feature family (measured on the development set, see faq/calibrate.py).
FEATURE_WEIGHTS: dict[str, float] = {
    "b": 1.0,  # Chinese character bigram
    "u": 0.35,  # Chinese single character
    "p": 0.5,  # pinyin bigram (folded)
    "w": 1.0,  # Latin word (stemmed)
    "v": 0.6,  # Latin word bigram
    "t": 0.2,  # Latin character trigram
    "k": 1.0,  # domain term (synonyms.yaml `terms` and canonical forms), in either language
}
# Features inside a "weak" word (question templates such as 会不会 / 怎么 / 需要: synonyms.yaml `weak`)
# count this much: they say how something is asked, not what it is about.
WEAK_WEIGHT = 0.5
# Relative match = DOC_SHARE * best-document F1 + (1 - DOC_SHARE) * entry coverage.
DOC_SHARE = 0.25
# Evidence is boosted by (relative match / COVERAGE_PIVOT) ** BOOST_POWER above the pivot.
COVERAGE_PIVOT = 0.5
BOOST_POWER = 1.5
# Score = 100 * (1 - exp(-evidence / EVIDENCE_SCALE)): evidence mapped onto 0–100.
EVIDENCE_SCALE = 25.0
# Weight of a query feature the knowledge base has never seen, relative to one seen in a single entry.
UNKNOWN_WEIGHT = 1.5
# Unknown English words at least this similar (fuzz.ratio) to a knowledge-base word are read as it.
SPELLING_CUTOFF = 84.0
# A question the best entry explains almost entirely (coverage >= FULL_MATCH) gets
# suggestions from SHORT_SUGGEST_AT up, below the normal suggestion band: single domain words score
# ~27–40, greetings and filler ("好的", "在吗") below 20 (measured on the shipped knowledge base).
FULL_MATCH = 0.9
SHORT_SUGGEST_AT = 10.0
# Only the first MAX_QUERY_CHARS characters of a question are read (the longest of ~690 labelled
# questions has 86): a pasted page costs no more than a question, and cannot pile up evidence.
MAX_QUERY_CHARS = 300
# The best entry must explain at least this share of the question to be answered or suggested:
# random text reaches ~0.01, the lowest correct match in the labelled sets 0.11.
MIN_COVERAGE = 0.1
# Work limit for large knowledge bases: a question scans at most this many postings, rarest features
# first; the commonest (lightest) features beyond it are added only for the best candidates. The
# shipped knowledge base needs ~1,400 (median) to ~4,000 (p99) per question, so it is always exact.
SCAN_BUDGET = 8000
# How many entries (best coverage first) get a final score: all of them on the shipped knowledge base.
CANDIDATES = 60


# Fusion (faq/calibrate.py measures each signal alone and fused on the development sets):
# fused score = fuzzy score (0–100) + CLASSIFIER_POINTS x the classifier's decision value + cue boosts.
CLASSIFIER_POINTS = 20.0
FUZZY_WEIGHT = 1.0  # 0 in faq/calibrate.py's "classifier alone" measurement
# The classifier's best entries join the fuzzy matcher's candidates.
CLASSIFIER_CANDIDATES = 3
# A long message (a story, then the question): the clause with the question marker gets this share
# of the fuzzy and classifier scores, the whole message the rest.
CLAUSE_SHARE = 0.5
LONG_MESSAGE_CHARS = 28
# Suggestions: entries within SUGGEST_GAP points of the best one.
SUGGEST_GAP = 15.0
# A question with an out-of-scope cue (opening a shop, deposits, shipping costs, the seller's side)
# needs this many more points to get suggestions.
NONE_CUE_SUGGEST_PENALTY = 25.0


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


@dataclass
class Signals:
    ranked: list[tuple[int, float, float]]  # (entry index, fused score, fuzzy coverage), best first
    none_classifier: float  # the classifier's "none of these" decision value
    none_cue: float  # sum of the out-of-scope cue boosts (0 = none fired)


# Chosen by `python -m faq.calibrate` on the development sets tests/faq/dev_set*.yaml (809 questions,
# 162 out of scope; see the docstring there): the confidence model is a logistic regression of
# "the best entry is right"; answer_at/margin give the most correct direct answers with direct answers
# >= 98% precise and <= 1% of out-of-scope questions answered (dev: 574/647 correct, 10 wrong, 1 of
# 162 out of scope); suggest_at maximises near misses whose right entry is suggested minus
# out-of-scope questions shown suggestions. The blind evaluation set was not used.
BANDS = Bands(answer_at=74.0, margin=8.0, suggest_at=42.0)
CALIBRATION = Calibration(bias=-6.436, w_top=6.651, w_margin=3.478, w_none=-3.731, w_none_cue=-3.324)


@dataclass(frozen=True)
class MatchResult:
    query: str
    lang: str  # "zh" | "en": the language to answer in
    kind: Kind
    entry: Entry | None = None  # set for kind == "answer"
    score: float = 0.0  # 0–100, the best entry's score
    suggestions: list[tuple[Entry, float]] = field(default_factory=list)  # kind == "suggest", <= 3
    platform: str | None = None  # kind == "other_platform": the platform, in `lang` ("京东" / "JD.com")


# A deliberately crude stemmer: it only has to map a word and its inflections to the same key.
_STEM_RULES = (
    ("ies", "y", 5),
    ("ied", "y", 5),
    ("ing", "", 6),
    ("ed", "", 5),
    ("es", "", 6),
    ("s", "", 4),
    ("e", "", 5),
)
_SENTENCE_END_RE = re.compile(r"[？?。！!；;]+")
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


_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")


def _stem(w: str) -> str:
    for suffix, repl, min_len in _STEM_RULES:
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


@dataclass
class _Docs:
    """What the constructor collects before building the index (see FaqMatcher._collect_documents)."""

    entry: list[int] = field(default_factory=list)  # each document's entry index ...
    lang: list[str] = field(default_factory=list)  # ... language ...
    text: list[str] = field(default_factory=list)  # ... normalised text ...
    keys: list[tuple[str, ...]] = field(default_factory=list)  # ... features ...
    wts: list[tuple[float, ...]] = field(default_factory=list)  # ... and their family weights (before idf)
    df: dict[str, int] = field(default_factory=dict)  # entry frequency of each feature
    entry_post: dict[str, list[int]] = field(default_factory=dict)
    canon: dict[str | float, Any] = field(default_factory=dict)  # one shared object per feature/weight


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
        calibration: Calibration = CALIBRATION,
    ) -> None:
        self.entries: list[Entry] = list(entries)
        if not self.entries:
            raise ValueError("FaqMatcher needs at least one entry")
        self.knowledge = knowledge
        self.normalizer = normalizer or Normalizer.default()
        self.bands = bands
        self._by_id = {e.id: e for e in self.entries}
        self._index_of = {e.id: i for i, e in enumerate(self.entries)}
        self.calibration = calibration
        self.cues = cues if cues is not None else CueSet.load(self.normalizer)
        self._spell_cache: dict[str, str | None] = {}
        self._vocab: set[str] = set()

        self._latin_scale = 1.0
        docs = self._collect_documents()
        self._vocab_list = sorted(self._vocab)
        # Feature weights: family weight x idf over entries.
        n_entries = len(self.entries)
        self._n_entries = n_entries
        self._idf = {f: math.log(1.0 + n_entries / d) for f, d in docs.df.items()}
        self._idf_unknown = UNKNOWN_WEIGHT * math.log(1.0 + n_entries)
        self._scale_latin(docs)
        self._build_index(docs)
        self.classifier = self._train_classifier(out_of_scope) if classifier else None

    def _collect_documents(self) -> _Docs:
        """Documents: every question and paraphrase of every entry, normalised, deduplicated per entry.
        A question written as two sentences ("怎么申请售后？具体步骤是什么？") also counts sentence by
        sentence. Built entry by entry so that only compact tuples stay in memory."""
        docs = _Docs()
        canon = docs.canon
        for ei, entry in enumerate(self.entries):
            variants = entry.texts()
            for lang in ("zh", "en"):
                parts = [p for p in _SENTENCE_END_RE.split(entry.question_in(lang)) if p.strip()]
                if len(parts) > 1:
                    variants += [(lang, p) for p in parts]
            seen: set[str] = set()
            entry_keys: set[str] = set()
            for lang, text in variants:
                norm = self.normalizer.normalize(text)
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                feats = self._features(norm, correct=False)
                if not feats:
                    continue
                docs.entry.append(ei)
                docs.lang.append(lang)
                docs.text.append(norm)
                docs.keys.append(tuple([canon.setdefault(f, f) for f in feats]))
                docs.wts.append(tuple([canon.setdefault(w, w) for w in feats.values()]))
                entry_keys.update(feats)
            for f in entry_keys:
                docs.df[f] = docs.df.get(f, 0) + 1
                docs.entry_post.setdefault(f, []).append(ei)
        return docs

    def _scale_latin(self, docs: _Docs) -> None:
        """English texts carry less weight than Chinese ones (no single characters, no pinyin), so a
        fully matched English question would look weaker than a Chinese one. Latin-script features
        are scaled by the ratio of the median idf-weighted size of Chinese and English knowledge-base
        texts, which puts both languages on one evidence scale. Measured at build time, not tuned."""
        idf = self._idf
        size = [
            sum(w * idf[f] for f, w in zip(keys, wts, strict=True))
            for keys, wts in zip(docs.keys, docs.wts, strict=True)
        ]
        zh_sizes = sorted(x for x, dl in zip(size, docs.lang, strict=False) if dl == "zh")
        en_sizes = sorted(x for x, dl in zip(size, docs.lang, strict=False) if dl == "en")
        if not (zh_sizes and en_sizes):
            return
        self._latin_scale = scale = zh_sizes[len(zh_sizes) // 2] / max(en_sizes[len(en_sizes) // 2], 1e-9)
        canon = docs.canon
        for di, keys in enumerate(docs.keys):  # same as recomputing them with the scale, cheaper
            if any(f[0] in "wvt" or (f[0] == "k" and not CJK_RE.search(f)) for f in keys):
                docs.wts[di] = tuple(
                    canon.setdefault(w * scale, w * scale)
                    if f[0] in "wvt" or (f[0] == "k" and not CJK_RE.search(f))
                    else w
                    for f, w in zip(keys, docs.wts[di], strict=False)
                )

    def _build_index(self, docs: _Docs) -> None:
        """Inverted indexes (feature -> documents, feature -> entries) and per-document weight sums."""
        idf = self._idf
        doc_post: dict[str, list[int]] = {}
        self._doc_weight: list[float] = []
        for di, (keys, wts) in enumerate(zip(docs.keys, docs.wts, strict=False)):
            self._doc_weight.append(sum(w * idf[f] for f, w in zip(keys, wts, strict=False)))
            for f in keys:
                doc_post.setdefault(f, []).append(di)
        entry_post = docs.entry_post
        for table in (doc_post, entry_post):
            for f in table:  # lists to tuples one at a time: no second copy of the index
                table[f] = tuple(table[f])  # type: ignore[assignment]  # converted in place, see below
        self._doc_post: dict[str, tuple[int, ...]] = doc_post  # type: ignore[assignment]  # tuples now
        self._entry_post: dict[str, tuple[int, ...]] = entry_post  # type: ignore[assignment]  # tuples now
        # Each document's features, for adding skipped features to the best candidates (large KBs).
        self._doc_feature_tuples = docs.keys
        self._doc_entry = docs.entry
        self._doc_text = docs.text
        self._entry_docs: dict[int, list[int]] = {}
        for di, ei in enumerate(docs.entry):
            self._entry_docs.setdefault(ei, []).append(di)
        docs.wts = []
        docs.canon.clear()

    def _train_classifier(self, out_of_scope: Sequence[str] | None) -> ParaphraseClassifier | None:
        """The paraphrase classifier (one class per entry + "none of these"), or None above
        MAX_CLASSES entries (training time grows with the number of classes)."""
        if len(self.entries) > MAX_CLASSES:
            return None
        examples = list(out_of_scope) if out_of_scope is not None else load_out_of_scope()
        texts: list[str] = []
        labels: list[int] = []
        for di, ei in enumerate(self._doc_entry):
            texts.append(self._doc_text[di])
            labels.append(ei)
        for example in examples:
            norm = self.normalizer.normalize(example)
            if norm:
                texts.append(norm)
                labels.append(len(self.entries))
        if len(set(labels)) < 2:
            return None
        return ParaphraseClassifier(texts, labels, len(self.entries) + 1)

    # --- construction helpers -------------------------------------------------------------------

    @classmethod
    def from_default(cls, **kwargs: Any) -> FaqMatcher:
        """The shipped knowledge base (faq/knowledge.yaml) and synonym table."""
        kb = load_knowledge()
        return cls(kb.entries, knowledge=kb, **kwargs)

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase, **kwargs: Any) -> FaqMatcher:
        return cls(kb.entries, knowledge=kb, **kwargs)

    def _correct(self, word: str) -> str:
        """An unknown English word → the closest knowledge-base word, if close enough."""
        if word in self._vocab or len(word) < 4 or word.isdigit():
            return word
        hit = self._spell_cache.get(word, "")
        if hit == "":
            found = process.extractOne(
                word, self._vocab_list, scorer=fuzz.ratio, processor=None, score_cutoff=SPELLING_CUTOFF
            )
            hit = found[0] if found else None
            if len(self._spell_cache) < 10_000:
                self._spell_cache[word] = hit
        return hit or word

    def _features(self, norm: str, *, correct: bool = True) -> dict[str, float]:
        fw = FEATURE_WEIGHTS
        out: dict[str, float] = {}
        stop = self.normalizer.en_stopwords
        weak_words = self.normalizer.weak
        latin = self._latin_scale
        # Domain terms are units: a feature each, and a boundary that Chinese bigrams do not cross.
        segments: list[tuple[str, float]] = []  # (text, weight multiplier)
        last = 0
        for a, b in self.normalizer.terms_in(norm):
            term = norm[a:b]
            mult = WEAK_WEIGHT if term in weak_words else 1.0
            if last < a:
                segments.append((norm[last:a], 1.0))
            segments.append((term, mult))
            tw = fw["k"] * mult * (1.0 if CJK_RE.search(term) else latin)
            out["k" + term] = max(out.get("k" + term, 0.0), tw)
            last = b
        if last < len(norm):
            segments.append((norm[last:], 1.0))

        def put(key: str, weight: float) -> None:
            if weight > out.get(key, 0.0):
                out[key] = weight

        prev_word: str | None = None
        for segment, mult in segments:
            for run in _RUN_RE.findall(segment):
                if CJK_RE.match(run):
                    prev_word = None
                    for ch in run:
                        put("u" + ch, fw["u"] * mult)
                    for i in range(len(run) - 1):
                        put("b" + run[i : i + 2], fw["b"] * mult)
                    if len(run) == 1:
                        put("b" + run, fw["b"] * mult)  # a lone character still counts as a word
                    py = self.normalizer.pinyin(run)
                    for i in range(len(py) - 1):
                        put("p" + py[i] + " " + py[i + 1], fw["p"] * mult)
                else:
                    if run in stop:
                        continue
                    w = _stem(run)
                    if correct:
                        w = self._correct(w)
                    else:
                        self._vocab.add(w)
                    put("w" + w, fw["w"] * mult * latin)
                    if prev_word is not None:
                        put("v" + prev_word + " " + w, fw["v"] * mult * latin)
                    prev_word = w
                    if len(w) >= 4 and not w.isdigit():
                        padded = f"#{w}#"
                        for i in range(len(padded) - 2):
                            put("t" + padded[i : i + 3], fw["t"] * mult * latin)
        return out

    # --- querying -------------------------------------------------------------------------------

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def rank(self, query: str, limit: int = 5) -> list[tuple[Entry, float]]:
        """The best entries for a question with their fused scores, without banding (diagnostics)."""
        text = query[:MAX_QUERY_CHARS]
        sig = self.signals(text, self.normalizer.normalize(text))
        return [(self.entries[ei], s) for ei, s, _coverage in sig.ranked[:limit]]

    def _rank(self, norm: str) -> list[tuple[int, float, float]]:
        """(entry index, score 0–100, coverage 0–1), best first."""
        if not norm:
            return []
        feats = self._features(norm)
        idf = self._idf
        unknown = self._idf_unknown
        qw = {f: w * idf.get(f, unknown) for f, w in feats.items()}
        total = sum(qw.values())
        if total <= 0.0:
            return []

        doc_post = self._doc_post
        entry_post = self._entry_post
        known = [f for f in qw if f in doc_post]
        if not known:
            return []
        # Rarest (most telling) features first, within the scan budget.
        known.sort(key=lambda f: len(doc_post[f]))
        doc_acc: dict[int, float] = {}
        entry_acc: dict[int, float] = {}
        deferred: list[str] = []
        spent = 0
        for f in known:
            postings = doc_post[f]
            if spent + len(postings) > SCAN_BUDGET and entry_acc:
                deferred.append(f)
                continue
            spent += len(postings)
            w = qw[f]
            get = doc_acc.get
            for di in postings:
                doc_acc[di] = get(di, 0.0) + w
            get = entry_acc.get
            for ei in entry_post[f]:
                entry_acc[ei] = get(ei, 0.0) + w

        if len(entry_acc) > CANDIDATES:
            top = sorted(entry_acc, key=entry_acc.__getitem__, reverse=True)[:CANDIDATES]
            entry_acc = {ei: entry_acc[ei] for ei in top}
        if deferred:
            # The scanned features are exact for every document; add the skipped ones (common,
            # light) for the documents of the candidate entries.
            skipped = {f: qw[f] for f in deferred}
            tuples = self._doc_feature_tuples
            kept: dict[int, float] = {}
            for ei in entry_acc:
                present: set[str] = set()
                for di in self._entry_docs[ei]:
                    extra = 0.0
                    for f in tuples[di]:
                        weight = skipped.get(f)
                        if weight is not None:
                            extra += weight
                            present.add(f)
                    shared = doc_acc.get(di, 0.0) + extra
                    if shared:
                        kept[di] = shared
                entry_acc[ei] += sum(skipped[f] for f in present)
            doc_acc = kept

        return self._score(doc_acc, entry_acc, total)

    def _score(
        self, doc_acc: dict[int, float], entry_acc: dict[int, float], total: float
    ) -> list[tuple[int, float, float]]:
        """Scores from the accumulated shared weights: best-document F1 and entry coverage → relative
        match → evidence → 0–100 (see the module docstring). (entry index, score, coverage), best first."""
        doc_weight = self._doc_weight
        doc_entry = self._doc_entry
        best_f1: dict[int, float] = {}
        for di, shared in doc_acc.items():
            ei = doc_entry[di]
            if ei not in entry_acc:
                continue
            f1 = 2.0 * shared / (total + doc_weight[di])
            if f1 > best_f1.get(ei, 0.0):
                best_f1[ei] = f1
        scores = []
        for ei, matched in entry_acc.items():
            # Relative match (0–1): how well this entry explains the question.
            rel = DOC_SHARE * best_f1.get(ei, 0.0) + (1.0 - DOC_SHARE) * matched / total
            # Evidence: the same match in absolute feature weight, so that a long question full of
            # details the knowledge base cannot know (a product, a story) is not penalised for
            # them, while a short question that matches only common words stays weak ...
            evidence = rel * total
            # ... and boosted (up to 2**1.5 = 2.8x) when the entry explains more than half of the question,
            # so that short, fully matched questions ("72小时", "partial refund") count.
            evidence *= max(1.0, rel / COVERAGE_PIVOT) ** BOOST_POWER
            scores.append((ei, 100.0 * (1.0 - math.exp(-evidence / EVIDENCE_SCALE)), matched / total))
        scores.sort(key=lambda kv: kv[1], reverse=True)
        return scores

    def signals(self, text: str, norm: str) -> Signals:
        """Every signal for one question: fuzzy, classifier, cues, fused (see the module docstring)."""
        fuzzy = self._rank(norm)
        basic = self.normalizer.basic(text)
        boosts = self.cues.boosts(norm, basic) if self.cues is not None else {}
        clause = question_clause(text) if CLAUSE_SHARE > 0 else ""
        clause_norm = self.normalizer.normalize(clause) if clause else ""
        clause_fuzzy = self._rank(clause_norm) if clause_norm else []
        cls_full = self.classifier.scores(norm) if self.classifier is not None else None
        cls_clause = (
            self.classifier.scores(clause_norm) if self.classifier is not None and clause_norm else None
        )
        fused: dict[int, float] = {}
        coverage: dict[int, float] = {}
        for ei, score, cov in fuzzy:
            fused[ei] = FUZZY_WEIGHT * score
            coverage[ei] = cov
        if clause_fuzzy:
            clause_scores = {ei: sc for ei, sc, _ in clause_fuzzy}
            for ei in set(fused) | set(clause_scores):
                whole = fused.get(ei, 0.0)
                in_clause = FUZZY_WEIGHT * clause_scores.get(ei, 0.0)
                # The clause leads when it says more; a generic one ("这种情况怎么办") costs nothing.
                fused[ei] = max(whole, (1 - CLAUSE_SHARE) * whole + CLAUSE_SHARE * in_clause)
        none_cls = 0.0
        if cls_full is not None:
            cls = cls_full
            if cls_clause is not None:
                cls = np.maximum(cls_full, (1 - CLAUSE_SHARE) * cls_full + CLAUSE_SHARE * cls_clause)
            n = len(self.entries)
            none_cls = float(cls[n])
            # The classifier's own top entries join the candidates.
            for ei in np.argsort(-cls[:n])[:CLASSIFIER_CANDIDATES]:
                fused.setdefault(int(ei), 0.0)
            for ei in fused:
                fused[ei] += CLASSIFIER_POINTS * float(cls[ei])
        for entry_id, boost in boosts.items():
            ei_opt = self._index_of.get(entry_id)
            if ei_opt is not None:
                fused[ei_opt] = fused.get(ei_opt, 0.0) + boost
        ranked = sorted(((ei, sc, coverage.get(ei, 0.0)) for ei, sc in fused.items()), key=lambda r: -r[1])
        return Signals(ranked=ranked, none_classifier=none_cls, none_cue=boosts.get(NONE, 0.0))

    def confidence(self, sig: Signals) -> float:
        """Calibrated probability (0–100) that the best entry is the right answer: a logistic model of
        the best fused score, its margin over the runner-up and the "none of these" signals, fitted on
        the development sets (faq/calibrate.py)."""
        if not sig.ranked:
            return 0.0
        top = sig.ranked[0][1]
        second = sig.ranked[1][1] if len(sig.ranked) > 1 else 0.0
        c = self.calibration
        z = (
            c.bias
            + c.w_top * top / 100.0
            + c.w_margin * (top - second) / 100.0
            + c.w_none * sig.none_classifier
            + c.w_none_cue * (1.0 if sig.none_cue > 0 else 0.0)
        )
        return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def match(self, query: str, lang: str | None = None) -> MatchResult:
        """Match one question. `lang` forces the answer language; by default "zh" if the question
        contains any CJK character, else "en"."""
        if lang not in ("zh", "en"):
            lang = "zh" if has_cjk(query) else "en"
        text = query[:MAX_QUERY_CHARS]
        basic = self.normalizer.basic(text)
        if not basic:
            return MatchResult(query=query, lang=lang, kind="empty")
        platform = self.normalizer.platform(basic, is_basic=True)
        if platform is not None:
            name = self.normalizer.platform_name(platform, lang)
            return MatchResult(query=query, lang=lang, kind="other_platform", platform=name)

        sig = self.signals(text, self.normalizer.normalize(text))
        if not sig.ranked:
            return MatchResult(query=query, lang=lang, kind="none")
        b = self.bands
        top_ei, top, top_coverage = sig.ranked[0]
        second = sig.ranked[1][1] if len(sig.ranked) > 1 else 0.0
        conf = _round(self.confidence(sig))
        if top_coverage < MIN_COVERAGE and top < b.suggest_at:
            return MatchResult(query=query, lang=lang, kind="none", score=conf)
        if conf >= b.answer_at and top - second >= b.margin:
            return MatchResult(query=query, lang=lang, kind="answer", entry=self.entries[top_ei], score=conf)
        # Grey zone: the close entries as suggestions. A question made only of words the entry knows
        # — typically one or two domain words such as "证据" or "refund" — is too short to be
        # confident about but clearly on topic, so it gets suggestions from a lower floor.
        floor = b.suggest_at
        if top_coverage >= FULL_MATCH and top >= SHORT_SUGGEST_AT:
            floor = min(floor, SHORT_SUGGEST_AT)
        if sig.none_cue > 0:
            floor = max(floor, b.suggest_at + NONE_CUE_SUGGEST_PENALTY)
        if top >= floor:
            close = max(floor, top - SUGGEST_GAP)
            sugg = [(self.entries[ei], _round(s)) for ei, s, _ in sig.ranked[:3] if s >= close]
            return MatchResult(query=query, lang=lang, kind="suggest", score=conf, suggestions=sugg)
        return MatchResult(query=query, lang=lang, kind="none", score=conf)

    def match_many(self, queries: Sequence[str], lang: str | None = None) -> list[MatchResult]:
        return [self.match(q, lang) for q in queries]


def _round(score: float) -> float:
    return round(min(max(score, 0.0), 100.0), 1)
