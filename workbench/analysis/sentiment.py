"""Sentiment for imported posts: keep the labels a file has, or score the text offline.

Labels in a file are read in many spellings (``pos``, ``Positive``, ``1``, ``正面``, ``-1``,
``消极``…) and mapped to ``negative | neutral | positive``; labels that are not a sentiment
(``irrelevant``, ``spam``, ``无关``) become empty and are counted, never refused. Without
labels, the text is scored offline — Chinese as snownlp scores it (snownlp's own model, many
texts at once: :mod:`.sentiment_zh`), English with VADER — each distinct text once, cached by
text — and every scored post is marked ``sentiment_source = machine`` so views can say
"machine-scored / 机器判定" (:func:`machine_note`).

>>> labels = read_labels(pd.Series(["pos", "负面", "-1", "Neutral", "irrelevant", ""]))
>>> labels.labels.tolist()
['positive', 'negative', 'negative', 'neutral', nan, nan]
>>> labels.not_sentiment
{'irrelevant': 1}
>>> score(pd.Series(["I love this, great service", "Terrible. Worst reply ever"])).tolist()
['positive', 'negative']
>>> machine_note(pd.DataFrame({"sentiment_source": ["machine"]}), lang="zh")
'机器判定'
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
import pandas as pd

from ..foundation import i18n
from . import sentiment_zh

LABELS = ("negative", "neutral", "positive")
#: Spellings seen in exports and labelled corpora, lower-cased, → our label.
ALIASES: dict[str, str] = {
    **dict.fromkeys(["negative", "neg", "n", "-1", "-1.0", "-", "bad", "负面", "负向", "消极",
                     "负", "差评", "不满", "批评", "negatif", "negativo"], "negative"),
    **dict.fromkeys(["neutral", "neu", "neut", "0", "0.0", "mixed", "中性", "中立", "中",
                     "客观", "一般", "无倾向", "neutre", "neutro"], "neutral"),
    **dict.fromkeys(["positive", "pos", "p", "1", "1.0", "+1", "+", "good", "正面", "正向",
                     "积极", "正", "好评", "支持", "赞", "positif", "positivo"], "positive"),
}
#: Below this many rows no progress bar is shown.
PROGRESS_ROWS = 50_000
#: VADER's documented cut-offs on the compound score; snownlp's on P(positive).
VADER_CUT = 0.05
SNOWNLP_CUT = (0.4, 0.6)
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
#: Labels kept by text across calls (reposts, re-runs); the oldest go first past this many.
CACHE_TEXTS = 500_000
#: Chinese texts handed to the scorer at once (the progress bar moves per chunk).
CHUNK_TEXTS = 50_000
_cache: dict[str, str] = {}
_stats = {"hits": 0, "misses": 0}


@dataclass
class Labels:
    """Labels read from a file: the mapped labels and what could not be read as one."""

    labels: pd.Series
    not_sentiment: dict[str, int] = field(default_factory=dict)
    notice: str = ""

    @property
    def unreadable(self) -> int:
        return sum(self.not_sentiment.values())


def read_labels(values: pd.Series) -> Labels:
    """Map a column of sentiment labels or scores to ``negative | neutral | positive``.

    Whole-column work on the distinct values. Numbers: only ``0``/``1`` → 0 negative,
    1 positive (the weibo_senti_100k convention, said in ``notice``); three or more values,
    all in [0, 1] → P(positive), cut at 0.4 / 0.6; otherwise a score in [-1, 1] cut at
    ±0.05 (as the case format reads it). Anything else becomes empty and is counted.

    >>> read_labels(pd.Series(["0", "1", "1"])).labels.tolist()
    ['negative', 'positive', 'positive']
    >>> read_labels(pd.Series(["0.92", "0.1", "0.5"])).labels.tolist()
    ['positive', 'negative', 'neutral']
    """
    codes, distinct = _distinct_stripped(values)
    key = distinct.str.lower()
    mapped = key.map(ALIASES)
    number = pd.to_numeric(distinct, errors="coerce")
    numeric = number.notna() & number.between(-1, 1)
    notice = ""
    if numeric.any() and (mapped.isna() | numeric).all():
        seen = set(number[numeric].round(6))
        if seen <= {0.0, 1.0} and len(seen) == 2:
            mapped = number.map({0.0: "negative", 1.0: "positive"})
            notice = i18n.t("imp_senti_binary")
        elif number[numeric].min() >= 0 and len(seen) > 2:
            lo, hi = SNOWNLP_CUT
            mapped = pd.Series(np.select([number < lo, number > hi], ["negative", "positive"],
                                         "neutral"), index=distinct.index).where(numeric)
            notice = i18n.t("imp_senti_scores", lo=lo, hi=hi)
        else:
            cut = pd.cut(number, [-1.01, -VADER_CUT, VADER_CUT, 1.01], labels=list(LABELS))
            mapped = mapped.fillna(pd.Series(cut.astype("object"), index=distinct.index))
    bad = mapped.isna() & (key != "")
    counts = np.bincount(codes[codes >= 0], minlength=len(distinct))
    not_sentiment = {str(v): int(counts[i]) for i, v in distinct[bad].items()}
    labels = pd.Series(pd.Categorical.from_codes(
        _recode(mapped, codes), categories=list(LABELS)), index=values.index)
    return Labels(labels, not_sentiment, notice)


def _distinct_stripped(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(codes, texts): each row's code in ``texts``, the distinct stripped texts in order of
    first appearance (−1 = missing). A text column is factorised first and only its few
    distinct values stripped (a million labels are three or four words)."""
    if values.dtype != object and pd.api.types.is_string_dtype(values):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        inner, texts = pd.factorize(pd.Series(uniques, dtype="string").str.strip())
        return np.where(codes >= 0, inner[np.maximum(codes, 0)], -1), pd.Series(texts,
                                                                                dtype="string")
    codes, uniques = pd.factorize(values.astype("string").str.strip(), use_na_sentinel=True)
    return codes, pd.Series(uniques, dtype="string")


def _recode(mapped: pd.Series, codes: np.ndarray) -> np.ndarray:
    """Per-row category codes (−1 = empty) from per-distinct-value labels."""
    per_value = np.array([LABELS.index(v) if isinstance(v, str) else -1 for v in mapped],
                         dtype="int64")
    return np.where(codes >= 0, per_value[np.maximum(codes, 0)] if len(per_value) else -1, -1)


def is_chinese(texts: pd.Series) -> pd.Series:
    """True where a text holds Chinese characters (scored with snownlp, else VADER)."""
    return texts.astype("string").str.contains(_CJK, regex=True).fillna(False).astype(bool)


def score(texts: pd.Series, *, progress: bool | None = None,
          desc: str = "scoring sentiment") -> pd.Series:
    """Score each text offline: ``negative | neutral | positive`` (empty text → NaN).

    Chinese (any CJK character) as snownlp scores it (:mod:`.sentiment_zh`: snownlp's own
    model, many texts at once), P(positive) < 0.4 negative, > 0.6 positive; other text with
    VADER's compound score, ±0.05. Each distinct text is scored once, and its label is kept
    in a cache by text (:func:`cache_info`), so reposts and re-runs are not scored again.
    ``progress=None`` shows a tqdm bar on stderr above :data:`PROGRESS_ROWS` texts.
    """
    raw = texts.astype("string").str.strip().fillna("")
    codes, uniques = pd.factorize(raw)
    distinct = [str(t) for t in uniques]
    chinese = is_chinese(pd.Series(distinct, dtype="string")).to_numpy()
    show = len(distinct) > PROGRESS_ROWS if progress is None else progress
    out = np.array([_cache.get(t) if t else None for t in distinct], dtype=object)
    todo = [i for i, t in enumerate(distinct) if t and out[i] is None]
    _stats["hits"] += sum(1 for t in distinct if t) - len(todo)
    _stats["misses"] += len(todo)
    zh = [i for i in todo if chinese[i]]
    en = [i for i in todo if not chinese[i]]
    bar = _progress(len(todo), show, desc)
    for start in range(0, len(zh), CHUNK_TEXTS):
        part = zh[start:start + CHUNK_TEXTS]
        lo, hi = SNOWNLP_CUT
        p = sentiment_zh.probabilities([distinct[i] for i in part])
        out[part] = np.select([p < lo, p > hi], ["negative", "positive"], "neutral").tolist()
        bar.update(len(part))
    if en:
        vader = _vader_label()
        for i in en:
            out[i] = vader(distinct[i])
        bar.update(len(en))
    bar.close()
    _remember({distinct[i]: out[i] for i in todo})
    labels = pd.Series(out[codes] if len(out) else [], index=texts.index, dtype=object)
    return labels.astype(pd.CategoricalDtype(list(LABELS)))


def _remember(labels: dict[str, str]) -> None:
    """Add to the cache by text; past :data:`CACHE_TEXTS` the oldest texts are dropped."""
    _cache.update(labels)
    excess = len(_cache) - CACHE_TEXTS
    if excess > 0:
        for text in list(islice(_cache, excess)):
            del _cache[text]


def cache_info() -> dict[str, int]:
    """Texts in the cache by text, and texts served from it (hits) or scored (misses).

    >>> clear_cache(); _ = score(pd.Series(["good", "good", "bad"])); cache_info()
    {'texts': 2, 'hits': 0, 'misses': 2}
    >>> _ = score(pd.Series(["good"])); cache_info()["hits"]
    1
    """
    return {"texts": len(_cache), **_stats}


def clear_cache() -> None:
    """Forget every cached label (and reset the counts)."""
    _cache.clear()
    _stats.update(hits=0, misses=0)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, show: bool, desc: str):
    if not show:
        return _NoBar()
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc, unit="text", file=sys.stderr, mininterval=0.5)


def _snownlp_label(text: str) -> str:
    """snownlp itself, one text at a time: the reference :func:`score` reproduces."""
    from snownlp import SnowNLP  # loads its bundled model (~2 s) on first use
    p = SnowNLP(text).sentiments
    lo, hi = SNOWNLP_CUT
    return "negative" if p < lo else "positive" if p > hi else "neutral"


def _vader_label() -> Callable[[str], str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyser = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        c = analyser.polarity_scores(text)["compound"]
        return "negative" if c <= -VADER_CUT else "positive" if c >= VADER_CUT else "neutral"
    return label


def machine_share(posts: pd.DataFrame | None) -> float:
    """The share of posts whose sentiment was scored by a machine (0 when none or unknown)."""
    if posts is None or "sentiment_source" not in posts or not len(posts):
        return 0.0
    return float((posts["sentiment_source"].astype("string") == "machine").mean())


def machine_note(case_or_posts, *, lang: str | None = None) -> str:
    """``"machine-scored"`` / ``"机器判定"`` when any sentiment was machine-scored, else ``""``.

    Accepts a :class:`~workbench.core.cases.Case` or a posts DataFrame; charts and cards that
    show sentiment from such posts must show this label.
    """
    if hasattr(case_or_posts, "machine_scored"):  # a Case (its posts may stay on disk)
        scored = case_or_posts.machine_scored
    else:
        scored = machine_share(case_or_posts) > 0
    return i18n.t("machine_badge", lang=lang) if scored else ""
