"""A linear classifier over the paraphrases: character n-gram TF-IDF + linear SVM (scikit-learn).

Trained when the matcher is built, on every question and paraphrase of every entry (one class per
entry) plus the out-of-scope examples of ``out_of_scope.yaml`` (one more class, "none of these").
Its decision values are fused with the fuzzy score in faq/matcher.py.

Features (of the normalised text): Chinese runs → character 1-, 2- and 3-grams; Latin words → the
word and its character trigrams (with word edges). TF-IDF with sublinear term frequency, rows
L2-normalised, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``.

Prediction does not go through scikit-learn (its per-call overhead is ~0.3 ms): the vocabulary,
idf and the coefficient matrix are kept and a question costs one small sparse product in numpy.

scikit-learn fits one binary problem per class, so training time grows with the number of entries:
above ``MAX_CLASSES`` entries the classifier is not built and the matcher uses the fuzzy score alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml
from numpy.typing import NDArray

from .normalize import CJK_RE

DEFAULT_OOS_PATH = Path(__file__).with_name("out_of_scope.yaml")
MAX_CLASSES = 600
# Regularisation of the linear SVM (chosen on the development sets: 0.25, 0.5, 1, 2 tried).
SVM_C = 0.5


def analyze(norm: str) -> list[str]:
    out: list[str] = []
    for tok in norm.split():
        if CJK_RE.search(tok):
            n_chars = len(tok)
            for n in (1, 2, 3):
                out.extend("c" + tok[i : i + n] for i in range(n_chars - n + 1))
        else:
            out.append("w" + tok)
            padded = f"#{tok}#"
            out.extend("t" + padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def load_out_of_scope(path: str | Path | None = None) -> list[str]:
    data = yaml.safe_load(Path(path or DEFAULT_OOS_PATH).read_text(encoding="utf-8")) or []
    if not isinstance(data, list) or not all(isinstance(x, str) and x.strip() for x in data):
        raise ValueError(f"{path or DEFAULT_OOS_PATH}: expected a list of non-empty strings")
    return [str(x) for x in data]


class ParaphraseClassifier:
    """`scores(norm)` → decision value per class (entries in the order given, then "none")."""

    def __init__(self, texts: Sequence[str], labels: Sequence[int], n_classes: int) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
        matrix = vec.fit_transform(list(texts))
        svm = LinearSVC(C=SVM_C)
        svm.fit(matrix, list(labels))
        classes = [int(c) for c in svm.classes_]
        coef = np.zeros((matrix.shape[1], n_classes), dtype=np.float32)
        bias = np.full(n_classes, -10.0, dtype=np.float32)  # a class without examples never wins
        if len(classes) == 2:  # binary: one row of coefficients
            coef[:, classes[1]] = svm.coef_[0]
            coef[:, classes[0]] = -svm.coef_[0]
            bias[classes[1]], bias[classes[0]] = svm.intercept_[0], -svm.intercept_[0]
        else:
            for row, cls in enumerate(classes):
                coef[:, cls] = svm.coef_[row]
                bias[cls] = svm.intercept_[row]
        self.vocab: dict[str, int] = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        self.idf: NDArray[np.float32] = vec.idf_.astype(np.float32)
        self.coef: NDArray[np.float32] = coef
        self.bias: NDArray[np.float32] = bias
        self.n_classes = n_classes

    def scores(self, norm: str) -> NDArray[np.float32]:
        counts: dict[int, int] = {}
        vocab = self.vocab
        for feat in analyze(norm):
            col = vocab.get(feat)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        if not counts:
            return self.bias.copy()
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        vals = tf * self.idf[cols]
        vals /= float(np.sqrt(np.dot(vals, vals)))
        out: NDArray[np.float32] = vals @ self.coef[cols] + self.bias  # type: ignore[assignment]  # stubs widen to float64; float32 at run time
        return out
