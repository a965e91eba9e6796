"""The fuzzy score: weighted feature overlap between a question and each entry's texts.

Every entry contributes its question and all its paraphrases in both languages ("documents"),
normalised (`faq.normalize`) and turned into weighted features (`faq.features`).

Weight = family weight x idf over *entries* (a feature found in many entries tells little); words
of question templates count less. A feature the knowledge base has never seen weighs more than any
known one. With W = the question's total feature weight:

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

Work per question
-----------------
Everything about the knowledge base is computed once, here: normalised texts, feature ids, weights,
document weight sums, and two inverted indexes as flat numpy arrays (feature → entries, feature →
documents) plus each document's feature ids. A question costs one normalisation, its features, and
a few vectorised numpy operations:

1. coverage of every entry: one ``bincount`` over the entry postings of the question's features;
2. the CANDIDATES entries with the best coverage (on the shipped knowledge base, with fewer entries
   than that, every entry: then all documents are read at once, and steps 1 and 3 are one
   ``bincount`` over postings that hold a feature's entries and documents together);
3. the shared weight of each document of those candidates — from the document postings of the
   question's features, or, when those are longer (common features in a large knowledge base), from
   the candidates' own feature lists looked up in the question's features: whichever reads fewer
   numbers; both are exact;
4. F1, relative match, evidence and score for the candidates only.
Nothing scans the whole knowledge base with a string scorer.
"""

from __future__ import annotations

import math
import re
import threading
from array import array
from collections.abc import Sequence
from itertools import repeat

import numpy as np
from numpy.typing import NDArray

from .features import FeatureExtractor, is_latin
from .knowledge import Entry
from .normalize import Normalizer

# Relative match = DOC_SHARE * best-document F1 + (1 - DOC_SHARE) * entry coverage.
DOC_SHARE = 0.25
# Evidence is boosted by (relative match / COVERAGE_PIVOT) ** BOOST_POWER above the pivot.
COVERAGE_PIVOT = 0.5
BOOST_POWER = 1.5
# Score = 100 * (1 - exp(-evidence / EVIDENCE_SCALE)): evidence mapped onto 0–100.
EVIDENCE_SCALE = 25.0
# Weight of a query feature the knowledge base has never seen, relative to one seen in a single entry.
UNKNOWN_WEIGHT = 1.5
# How many entries (best coverage first) get a final score: all of them on the shipped knowledge base.
CANDIDATES = 60

_SENTENCE_END_RE = re.compile(r"[？?。！!；;]+")

Ranked = list[tuple[int, float, float]]  # (entry index, score 0–100, coverage 0–1), best first


def _ranges(starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int64]:
    """The concatenation of arange(start, end) for each pair, without a Python loop."""
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(lens) - lens), lens)
    return offsets + np.arange(total, dtype=np.int64)


def _csc(keys: NDArray[np.int64], values: NDArray[np.int64], n_keys: int) -> tuple[NDArray[np.int64], ...]:
    """Postings: (pointer array of n_keys + 1, values grouped by key in their original order)."""
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n_keys), out=ptr[1:])
    return ptr, values[order]


class _Documents:
    """The knowledge base read once: every question and paraphrase, normalised, deduplicated per
    entry; a question written as two sentences ("怎么申请售后？具体步骤是什么？") also counts sentence
    by sentence. Features are stored as ids in flat arrays (compact at 10,000 entries)."""

    def __init__(self, entries: Sequence[Entry], normalizer: Normalizer, extractor: FeatureExtractor) -> None:
        self.entry: list[int] = []  # each document's entry index ...
        self.text: list[str] = []  # ... normalised text ...
        self.is_zh: list[bool] = []  # ... and language
        self.feature_ids: dict[str, int] = {}
        self.feats = array("q")  # feature ids of all documents, one after another
        self.weights = array("d")  # their family weights (before idf)
        self.ptr = array("q", [0])  # document d's features are feats[ptr[d]:ptr[d + 1]]
        for ei, entry in enumerate(entries):
            self._add_entry(ei, entry, normalizer, extractor)

    def _add_entry(self, ei: int, entry: Entry, normalizer: Normalizer, extractor: FeatureExtractor) -> None:
        variants = entry.texts()
        for lang in ("zh", "en"):
            parts = [p for p in _SENTENCE_END_RE.split(entry.question_in(lang)) if p.strip()]
            if len(parts) > 1:
                variants += [(lang, p) for p in parts]
        seen: set[str] = set()
        ids = self.feature_ids
        for lang, text in variants:
            norm = normalizer.normalize(text)
            if not norm or norm in seen:
                continue
            seen.add(norm)
            feats = extractor.features(norm, learn=True)
            if not feats:
                continue
            self.entry.append(ei)
            self.text.append(norm)
            self.is_zh.append(lang == "zh")
            self.feats.extend([ids.setdefault(f, len(ids)) for f in feats])
            self.weights.extend(feats.values())
            self.ptr.append(len(self.feats))


class FuzzyIndex:
    """Built once from the entries; `rank(norm)` scores a normalised question against all of them."""

    def __init__(self, entries: Sequence[Entry], normalizer: Normalizer) -> None:
        self.n_entries = len(entries)
        self.extractor = FeatureExtractor(normalizer)
        docs = _Documents(entries, normalizer, self.extractor)
        self.extractor.freeze_vocabulary()
        self.doc_entry = docs.entry
        self.doc_text = docs.text
        self._feature_ids = docs.feature_ids
        n_features = len(docs.feature_ids)
        feats = np.frombuffer(docs.feats, dtype=np.int64).copy()
        weights = np.frombuffer(docs.weights, dtype=np.float64).copy()
        doc_ptr = np.frombuffer(docs.ptr, dtype=np.int64).copy()
        doc_entry = np.asarray(docs.entry, dtype=np.int64)
        doc_of = np.repeat(np.arange(len(docs.entry), dtype=np.int64), np.diff(doc_ptr))

        # Entry postings (feature → entries, each once) and idf over entries.
        pairs = np.sort(feats * self.n_entries + doc_entry[doc_of])
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # np.unique, without hashing
        self._ent_ptr, self._ent_idx = _csc(pairs // self.n_entries, pairs % self.n_entries, n_features)
        df = np.diff(self._ent_ptr)
        idf = np.log(1.0 + self.n_entries / df)
        self._idf: list[float] = idf.tolist()
        self._idf_unknown = UNKNOWN_WEIGHT * math.log(1.0 + self.n_entries)

        weights = self._scale_latin(docs, feats, weights, idf, doc_of)
        self._doc_weight = np.bincount(doc_of, weights * idf[feats], minlength=len(docs.entry))
        self._doc_ptr, self._doc_feats = doc_ptr, feats
        self._post_ptr, self._post_docs = _csc(feats, doc_of, n_features)
        self._entry_doc_ptr = np.searchsorted(doc_entry, np.arange(self.n_entries + 1))
        self._with_docs = np.flatnonzero(np.diff(self._entry_doc_ptr))  # entries with documents
        self._lookup = np.zeros(n_features)
        self._lookup_lock = threading.Lock()
        # Per feature: idf x the query's weight is looked up as one array (unknown features at the end).
        self._idf_ext = np.append(idf, self._idf_unknown)
        self._all_docs = np.arange(len(self._doc_weight))
        self._every_entry_has_docs = len(self._with_docs) == self.n_entries
        # Small knowledge base (every entry scored): both postings of a feature in one array, entry
        # indexes then n_entries + document indexes, so one bincount gives coverage and shared
        # weights; kept as one small array per feature (joined with np.concatenate per question).
        self._both: list[NDArray[np.int64]] = []
        self._both_len = np.zeros(0, dtype=np.int64)
        if self.n_entries <= CANDIDATES:
            feature_of = np.arange(n_features, dtype=np.int64)
            keys = np.concatenate(
                (
                    np.repeat(feature_of, np.diff(self._ent_ptr)),
                    np.repeat(feature_of, np.diff(self._post_ptr)),
                )
            )
            values = np.concatenate((self._ent_idx, self.n_entries + self._post_docs))
            ptr, values = _csc(keys, values, n_features)
            self._both = [values[a:b] for a, b in zip(ptr[:-1].tolist(), ptr[1:].tolist(), strict=True)]
            self._both_len = np.diff(ptr)

    def _scale_latin(
        self,
        docs: _Documents,
        feats: NDArray[np.int64],
        weights: NDArray[np.float64],
        idf: NDArray[np.float64],
        doc_of: NDArray[np.int64],
    ) -> NDArray[np.float64]:
        """English texts carry less weight than Chinese ones (no single characters, no pinyin), so a
        fully matched English question would look weaker than a Chinese one. Latin-script features
        are scaled by the ratio of the median idf-weighted size of Chinese and English knowledge-base
        texts, which puts both languages on one evidence scale. Measured at build time, not tuned."""
        size = np.bincount(doc_of, weights * idf[feats], minlength=len(docs.entry))
        is_zh = np.asarray(docs.is_zh, dtype=bool)
        zh_sizes, en_sizes = np.sort(size[is_zh]), np.sort(size[~is_zh])
        if not (len(zh_sizes) and len(en_sizes)):
            return weights
        scale = float(zh_sizes[len(zh_sizes) // 2]) / max(float(en_sizes[len(en_sizes) // 2]), 1e-9)
        self.extractor.latin_scale = scale
        latin = np.fromiter((is_latin(f) for f in docs.feature_ids), dtype=bool, count=len(docs.feature_ids))
        return np.where(latin[feats], weights * scale, weights)

    def rank(self, norm: str) -> Ranked:
        """(entry index, score 0–100, coverage 0–1) of every entry sharing a feature with the
        question (at most CANDIDATES of them), best first."""
        if not norm:
            return []
        qw = self._query_weights(self.extractor.features(norm))
        if qw is None:
            return []
        ids, wts, total = qw
        if self.n_entries <= CANDIDATES:  # every entry is scored: read all documents at once
            return self._rank_all(ids, wts, total)
        matched = self._entry_weights(ids, wts)
        cand = self._candidates(matched)
        return self._score(cand, matched[cand], self._best_f1(ids, wts, cand, total), total)

    def _rank_all(self, ids: NDArray[np.int64], wts: NDArray[np.float64], total: float) -> Ranked:
        """`rank` on a small knowledge base: one bincount over the joined postings gives each
        entry's matched weight and each document's shared weight."""
        both = self._both
        n = self.n_entries
        acc = np.bincount(
            np.concatenate([both[i] for i in ids.tolist()]),
            np.repeat(wts, self._both_len[ids]),
            minlength=n + len(self._doc_weight),
        ).astype(np.float64, copy=False)  # weighted: already float64
        matched = acc[:n]
        f1 = 2.0 * acc[n:] / (total + self._doc_weight)
        if self._every_entry_has_docs:
            best_f1 = np.maximum.reduceat(f1, self._entry_doc_ptr[:-1])
        else:
            best_f1 = np.zeros(n)
            best_f1[self._with_docs] = np.maximum.reduceat(f1, self._entry_doc_ptr[self._with_docs])
        cand = np.flatnonzero(matched)
        return self._score(cand, matched[cand], best_f1[cand], total)

    def _query_weights(
        self, feats: dict[str, float]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], float] | None:
        """The question's known features (ids, weights x idf), in its order, and its total weight
        (unknown features included). (Their order only changes the rounding of sums.)"""
        n_features = len(self._idf)
        ids = np.fromiter(
            map(self._feature_ids.get, feats, repeat(n_features)), dtype=np.int64, count=len(feats)
        )
        weights = np.fromiter(feats.values(), dtype=np.float64, count=len(feats)) * self._idf_ext[ids]
        total = sum(weights.tolist())  # in the features' order, as a running sum
        known = ids < n_features
        if total <= 0.0 or not known.any():
            return None
        return ids[known], weights[known], total

    def _entry_weights(self, ids: NDArray[np.int64], wts: NDArray[np.float64]) -> NDArray[np.float64]:
        """The question's weight found in each entry (coverage x total), from the entry postings."""
        starts, ends = self._ent_ptr[ids], self._ent_ptr[ids + 1]
        pos = _ranges(starts, ends)
        acc = np.bincount(self._ent_idx[pos], np.repeat(wts, ends - starts), minlength=self.n_entries)
        return acc.astype(np.float64, copy=False)

    def _candidates(self, matched: NDArray[np.float64]) -> NDArray[np.int64]:
        """The CANDIDATES entries with the most matched weight, in entry order."""
        cand = np.flatnonzero(matched)
        if len(cand) > CANDIDATES:
            cand = np.sort(cand[np.argpartition(-matched[cand], CANDIDATES - 1)[:CANDIDATES]])
        return cand.astype(np.int64, copy=False)

    def _best_f1(
        self, ids: NDArray[np.int64], wts: NDArray[np.float64], cand: NDArray[np.int64], total: float
    ) -> NDArray[np.float64]:
        """Best-document F1 of each candidate entry."""
        d_start, d_end = self._entry_doc_ptr[cand], self._entry_doc_ptr[cand + 1]
        docs = _ranges(d_start, d_end)
        group = np.zeros(len(cand), dtype=np.int64)
        np.cumsum((d_end - d_start)[:-1], out=group[1:])
        p_len = self._post_ptr[ids + 1] - self._post_ptr[ids]
        f_len = self._doc_ptr[docs + 1] - self._doc_ptr[docs]
        if int(p_len.sum()) <= int(f_len.sum()):
            shared = self.shared_by_postings(ids, wts, docs)
        else:
            shared = self.shared_by_documents(ids, wts, docs)
        f1 = 2.0 * shared / (total + self._doc_weight[docs])
        best: NDArray[np.float64] = np.maximum.reduceat(f1, group)
        return best

    def shared_by_postings(
        self, ids: NDArray[np.int64], wts: NDArray[np.float64], docs: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Shared weight of `docs`, from the document postings of the question's features."""
        p_start, p_end = self._post_ptr[ids], self._post_ptr[ids + 1]
        pos = _ranges(p_start, p_end)
        acc = np.bincount(
            self._post_docs[pos], np.repeat(wts, p_end - p_start), minlength=len(self._doc_weight)
        )
        shared: NDArray[np.float64] = acc[docs].astype(np.float64, copy=False)
        return shared

    def shared_by_documents(
        self, ids: NDArray[np.int64], wts: NDArray[np.float64], docs: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Shared weight of `docs`, from their own feature lists looked up in the question's (cheaper
        when the question's features are common in a large knowledge base)."""
        f_start, f_end = self._doc_ptr[docs], self._doc_ptr[docs + 1]
        doc_feats = self._doc_feats[_ranges(f_start, f_end)]
        with self._lookup_lock:  # one scratch array (feature id → question weight), zero between uses
            lookup = self._lookup
            lookup[ids] = wts
            vals = lookup[doc_feats]
            lookup[ids] = 0.0
        seg = np.zeros(len(docs), dtype=np.int64)
        np.cumsum((f_end - f_start)[:-1], out=seg[1:])
        shared: NDArray[np.float64] = np.add.reduceat(vals, seg)
        return shared

    def _score(
        self,
        cand: NDArray[np.int64],
        matched: NDArray[np.float64],
        best_f1: NDArray[np.float64],
        total: float,
    ) -> Ranked:
        """Best-document F1 and entry coverage → relative match → evidence → 0–100 (see the module
        docstring)."""
        coverage = matched / total
        # Relative match (0–1): how well this entry explains the question.
        rel = DOC_SHARE * best_f1 + (1.0 - DOC_SHARE) * coverage
        # Evidence: the same match in absolute feature weight, so that a long question full of
        # details the knowledge base cannot know (a product, a story) is not penalised for them,
        # while a short question that matches only common words stays weak; boosted (up to
        # 2**1.5 = 2.8x) when the entry explains more than half of the question, so that short,
        # fully matched questions ("72小时", "partial refund") count.
        evidence = rel * total * np.maximum(1.0, rel / COVERAGE_PIVOT) ** BOOST_POWER
        score = 100.0 * (1.0 - np.exp(-evidence / EVIDENCE_SCALE))
        order = np.argsort(-score, kind="stable")
        return list(zip(cand[order].tolist(), score[order].tolist(), coverage[order].tolist(), strict=True))
