"""Chinese sentiment as snownlp scores it, for many texts at once.

``SnowNLP(text).sentiments`` segments the text (runs of Chinese with snownlp's tagger,
the rest split on whitespace), drops snownlp's stop words and asks a naive Bayes model
(``snownlp/sentiment/sentiment.marshal.3``, trained on product reviews) for P(positive).
:func:`probabilities` does the same with the same model files: the tagger decoded for the
whole batch at once (:mod:`.segmenter`), each distinct run of Chinese segmented once, the
Bayes sums added up with numpy, and large batches split over two processes.

>>> p = probabilities(["非常满意，服务很好，点赞", "太恶心了，再也不去了"])
>>> [round(float(x), 2) for x in p]
[0.98, 0.02]
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .segmenter import Segmenter, read_marshal, snownlp_file

_ZH = re.compile("([\u4e00-\u9fa5]+)")
#: Batches with more distinct texts than this are split over the machine's cores.
PARALLEL_TEXTS = 20_000


@dataclass
class Bayes:
    """snownlp's sentiment classifier: log P(word | class) per word, stop words dropped."""

    stop: frozenset[str]
    logs: dict[str, tuple[float, float]]  # word → (log P(w | neg), log P(w | pos))
    unseen: tuple[float, float]           # a word the model has not seen
    prior: tuple[float, float]            # log P(neg), log P(pos)

    @classmethod
    def load(cls) -> Bayes:
        """Read ``sentiment.marshal.3`` and ``stopwords.txt`` from the snownlp package."""
        model = read_marshal(snownlp_file("sentiment", "sentiment.marshal.3"))
        classes = model["d"]
        neg, pos = classes["neg"], classes["pos"]
        total = model["total"]
        words = set(neg["d"]) | set(pos["d"])
        logs = {w: (math.log(neg["d"].get(w, neg["none"]) / neg["total"]),
                    math.log(pos["d"].get(w, pos["none"]) / pos["total"])) for w in words}
        stop_text = snownlp_file("normal", "stopwords.txt").read_text(encoding="utf-8")
        return cls(stop=frozenset(w.strip() for w in stop_text.splitlines()),
                   logs=logs,
                   unseen=(math.log(neg["none"] / neg["total"]),
                           math.log(pos["none"] / pos["total"])),
                   prior=(math.log(neg["total"]) - math.log(total),
                          math.log(pos["total"]) - math.log(total)))

    def sums(self, words: list[str]) -> np.ndarray:
        """(len(words), 2) log-likelihoods; stop words give 0 (snownlp drops them)."""
        get, unseen, stop = self.logs.get, self.unseen, self.stop
        out = [(0.0, 0.0) if w in stop else get(w, unseen) for w in words]
        return np.array(out, dtype=np.float64).reshape(-1, 2)


@lru_cache(maxsize=1)
def model() -> tuple[Segmenter, Bayes]:
    """snownlp's segmenter and classifier as tables, loaded once per process."""
    return Segmenter.load(), Bayes.load()


def probabilities(texts: list[str], *, processes: int | None = None) -> np.ndarray:
    """P(positive) of each text, as ``snownlp.SnowNLP(text).sentiments`` gives it.

    ``processes=None`` uses every core (at most 2 here) for more than
    :data:`PARALLEL_TEXTS` texts, one process otherwise.
    """
    texts = list(texts)
    workers = (min(os.cpu_count() or 1, 2) if len(texts) > PARALLEL_TEXTS else 1) \
        if processes is None else max(1, processes)
    if workers == 1 or len(texts) < 2:
        return _probabilities(texts)
    model()  # load before forking, so each worker shares the tables
    import multiprocessing as mp
    chunks = np.array_split(np.arange(len(texts)), workers * 4)
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_probabilities, [[texts[i] for i in c] for c in chunks])
    return np.concatenate(parts)


def _probabilities(texts: list[str]) -> np.ndarray:
    seg, bayes = model()
    run_ids: dict[str, int] = {}
    owner: list[int] = []   # text of each (text, run) occurrence
    which: list[int] = []   # run of each occurrence
    other = np.zeros((len(texts), 2))
    for i, text in enumerate(texts):
        parts = _ZH.split(text)
        for run in parts[1::2]:
            owner.append(i)
            which.append(run_ids.setdefault(run, len(run_ids)))
        rest = " ".join(parts[0::2]).split()
        if rest:
            other[i] = bayes.sums(rest).sum(axis=0)
    runs = list(run_ids)
    words, edges = seg.words(runs)
    per_word = bayes.sums(words)
    run_of_word = np.repeat(np.arange(len(runs)), np.diff(edges))
    run_sum = np.zeros((len(runs), 2))
    np.add.at(run_sum, run_of_word, per_word)
    total = other + np.asarray(bayes.prior)
    if owner:
        np.add.at(total, np.asarray(owner), run_sum[np.asarray(which)])
    return posterior(total[:, 0], total[:, 1])


def posterior(neg: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """snownlp's ``Bayes.classify`` turned into P(positive), for arrays of log scores.

    Each class's share is ``1 / Σ exp(other − self)`` (0 when that overflows); the larger
    share wins (negative on a tie) and P(positive) is that share, or one minus it.

    >>> posterior(np.array([-10.0, -1.0]), np.array([-1.0, -10.0])).round(4).tolist()
    [0.9999, 0.0001]
    """
    with np.errstate(over="ignore"):
        share_neg = 1 / (np.exp(neg - neg) + np.exp(pos - neg))
        share_pos = 1 / (np.exp(neg - pos) + np.exp(pos - pos))
    return np.where(share_pos > share_neg, share_pos, 1 - share_neg)
