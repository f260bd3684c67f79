"""Response and reaction metrics: pure functions over a case's tables (see docs/metrics.md).

Every function takes data first (``case.events``, ``case.reactions`` or ``case.posts``)
and returns numbers or small DataFrames; nothing here draws, prints or reads files.
Hours are counted from the trigger (negative before it) using the ``hours`` column the
loader computed from each event's *effective* time (a day-precision time is the end of
its local day), so a metric resting on such a time is approximate (``First.approx``).

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> first = first_response(case.events)
>>> round(first.hours, 2), first.channel, first.approx
(5.25, 'weibo', False)
>>> round(posture_mix(case.events)["rebuild"], 3)
0.667
>>> peak(case.reactions).hour
4.75
>>> round(net_sentiment(case.reactions, formula="talkwalker"), 3)
-0.829
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core.cases import has_sentiment
from ..core.posts import Posts
from ..core.tables import ReadingTable
from ..foundation import vocab

APOLOGY_CODES: tuple[str, ...] = ("apology", "mortification")
CORRECTIVE_CODES: tuple[str, ...] = ("corrective-action",)
DENY_DIMINISH: tuple[str, ...] = ("deny", "diminish")
#: Outside actors whose events count as authoritative confirmation (5S: 权威证实).
AUTHORITY_ACTORS: tuple[str, ...] = ("regulator", "government", "court", "police", "media")
SENTIMENT_COLUMNS: tuple[str, ...] = ("mentions", "negative", "neutral", "positive")

#: The two published net-sentiment formulas (they disagree: show which one is used).
NET_SENTIMENT_FORMULAS: dict[str, str] = {
    "talkwalker": "(positive − negative) / (positive + negative)",
    "total": "(positive − negative) / mentions",
}


@dataclass(frozen=True)
class First:
    """The first event of a kind: its hours since the trigger, channel, id and precision.

    ``hours`` is NaN when there is no such event; ``approx`` is True when the event's
    time has hour or day precision (the time rules then use the end of that hour/day).
    """

    hours: float = math.nan
    channel: str = ""
    event: str = ""
    approx: bool = False

    @property
    def found(self) -> bool:
        return not math.isnan(self.hours)


@dataclass(frozen=True)
class Peak:
    """The reaction period with the most mentions (summed over platforms)."""

    time: pd.Timestamp
    hour: float
    mentions: int
    negative_share: float


# -- events ----------------------------------------------------------------------------------
def _sorted(events: pd.DataFrame) -> pd.DataFrame:
    keys = [k for k in ("hours", "line") if k in events]
    return events.sort_values(keys, kind="stable") if keys else events


def _brand_side(events: pd.DataFrame) -> pd.Series:
    if "brand_side" in events:
        return events["brand_side"].astype(bool)
    return events["actor"].isin(list(vocab.BRAND_SIDE))


def brand_moves(events: pd.DataFrame) -> pd.DataFrame:
    """Every event with a brand-side actor (a brand *move*), in time order.

    >>> ev = pd.DataFrame({"actor": ["public", "pr"], "kind": ["trigger", "statement"],
    ...                    "hours": [0.0, 2.0]})
    >>> brand_moves(ev)["actor"].tolist()
    ['pr']
    """
    return _sorted(events[_brand_side(events)])


def brand_statements(events: pd.DataFrame) -> pd.DataFrame:
    """Brand *statements*: kind ``statement`` with a brand-side actor, in time order."""
    moves = brand_moves(events)
    return moves[moves["kind"] == "statement"]


def codes(strategy: object) -> list[str]:
    """The strategy codes of one ``strategy`` cell (``;``-separated; empty → ``[]``).

    >>> codes("apology; corrective-action"), codes(None), codes("")
    (['apology', 'corrective-action'], [], [])
    """
    if strategy is None or (isinstance(strategy, float) and math.isnan(strategy)):
        return []
    if strategy is pd.NA:
        return []
    return [c.strip().lower() for c in str(strategy).split(";") if c.strip()]


def using(events: pd.DataFrame, wanted: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The events whose strategy includes any of the ``wanted`` codes."""
    if "strategy" not in events or events.empty:
        return events.iloc[0:0]
    hit = events["strategy"].map(lambda s: any(c in wanted for c in codes(s))).astype(bool)
    return events[hit]


def first_of(events: pd.DataFrame) -> First:
    """The earliest of ``events`` (by hours since the trigger) as a :class:`First`."""
    if events.empty:
        return First()
    row = _sorted(events).iloc[0]
    approx = bool(row["approx"]) if "approx" in row else row.get("precision", "minute") != "minute"
    return First(hours=float(row["hours"]), channel=str(row.get("channel", "") or ""),
                 event=str(row.get("id", "") or ""), approx=approx)


def first_response(events: pd.DataFrame) -> First:
    """Trigger → the brand's first statement, on any channel (negative if before it)."""
    return first_of(brand_statements(events))


def first_apology(events: pd.DataFrame) -> First:
    """The first brand move whose strategy includes ``apology`` or ``mortification``."""
    return first_of(using(brand_moves(events), APOLOGY_CODES))


def first_corrective_action(events: pd.DataFrame) -> First:
    """The first brand move whose strategy includes ``corrective-action``."""
    return first_of(using(brand_moves(events), CORRECTIVE_CODES))


def strategy_counts(events: pd.DataFrame) -> dict[str, int]:
    """How often each known strategy code is used by the brand's moves (codes in vocab order).

    >>> ev = pd.DataFrame({"actor": ["pr", "pr", "media"], "kind": ["statement"] * 3,
    ...                    "strategy": ["excuse", "apology;excuse", "denial"],
    ...                    "hours": [1.0, 2.0, 3.0]})
    >>> strategy_counts(ev)
    {'excuse': 2, 'apology': 1}
    """
    moves = brand_moves(events)
    found = [c for s in moves.get("strategy", []) for c in codes(s)]
    return {c: found.count(c) for c in vocab.STRATEGIES if c in found}


def _mix(counts: dict[str, int], attr: str, order: dict) -> dict[str, float]:
    total = sum(counts.values())
    if not total:
        return {}
    sums = {k: 0 for k in order}
    for code, n in counts.items():
        sums[getattr(vocab.STRATEGIES[code], attr)] += n
    return {k: sums[k] / total for k in order}


def posture_mix(events: pd.DataFrame) -> dict[str, float]:
    """Share of the brand's strategy codes by SCCT posture (deny, diminish, rebuild, bolster).

    Each code of each brand move counts once; ``corrective-action`` and ``mortification``
    count as rebuild. Empty dict when the brand used no strategy code.
    """
    return _mix(strategy_counts(events), "posture", vocab.POSTURES)


def benoit_mix(events: pd.DataFrame) -> dict[str, float]:
    """Share of the brand's strategy codes by Benoit image-repair category."""
    return _mix(strategy_counts(events), "benoit", vocab.BENOIT)


def postures_used(events: pd.DataFrame) -> list[str]:
    """The SCCT postures the brand used, in vocab order."""
    return [p for p, share in posture_mix(events).items() if share > 0]


def fits_cluster(cluster: str, events: pd.DataFrame) -> bool:
    """True when the brand used strategy codes and every posture used fits the SCCT cluster
    (``vocab.SCCT_FIT``, after Coombs 2007). No coded response → False."""
    used = postures_used(events)
    return bool(used) and set(used) <= vocab.SCCT_FIT.get(cluster, frozenset())


def authority_events(events: pd.DataFrame) -> pd.DataFrame:
    """Third-party or outcome events by a regulator, court, police or the media."""
    mask = events["kind"].isin(["third-party", "outcome"]) & events["actor"].isin(
        list(AUTHORITY_ACTORS))
    return _sorted(events[mask])


def outside_voices(events: pd.DataFrame) -> pd.DataFrame:
    """Events by outside actors from the trigger on, the trigger itself excluded (spread,
    media, regulators…): who else was speaking."""
    mask = ~_brand_side(events) & (events["kind"] != "trigger") & (events["hours"] >= 0)
    return _sorted(events[mask])


# -- reactions -------------------------------------------------------------------------------
def period_totals(reactions: pd.DataFrame) -> pd.DataFrame:
    """Reactions summed over platforms: one row per period start, in time order, with
    ``hours`` and ``negative_share`` (Σnegative / Σmentions; NaN for an empty period, and
    throughout for attention-only reactions, which have no sentiment split).

    >>> r = pd.DataFrame({"time": pd.to_datetime(["2024-01-01 00:00", "2024-01-01 00:00",
    ...                   "2024-01-01 01:00"]).tz_localize("UTC"), "platform": ["a", "b", "a"],
    ...                   "mentions": [10, 30, 8], "negative": [5, 15, 2], "neutral": [5, 15, 6],
    ...                   "positive": [0, 0, 0], "hours": [0.0, 0.0, 1.0]})
    >>> period_totals(r)[["hours", "mentions", "negative_share"]].values.tolist()
    [[0.0, 40.0, 0.5], [1.0, 8.0, 0.25]]
    """
    cols = [c for c in SENTIMENT_COLUMNS if c in reactions]
    if reactions is None or reactions.empty:
        return pd.DataFrame(columns=["time", "hours", *cols, "negative_share"])
    grouped = reactions.groupby("time", sort=True)
    out = grouped[cols].sum()
    out.insert(0, "hours", grouped["hours"].first())
    mentions = out["mentions"].astype("float64")
    negative = out.get("negative", math.nan)  # attention only: no split, no share
    out["negative_share"] = (negative / mentions.where(mentions > 0)).astype("float64")
    return out.reset_index()


def peak(reactions: pd.DataFrame) -> Peak | None:
    """The period with the largest total mentions (the earliest on a tie); None without data."""
    totals = period_totals(reactions)
    if totals.empty:
        return None
    row = totals.loc[totals["mentions"].idxmax()]  # idxmax returns the first maximum
    return Peak(time=row["time"], hour=float(row["hours"]), mentions=int(row["mentions"]),
                negative_share=float(row["negative_share"]))


def negative_share_end(reactions: pd.DataFrame) -> float:
    """Σnegative / Σmentions over platforms in the last period (NaN without data)."""
    totals = period_totals(reactions)
    return math.nan if totals.empty else float(totals["negative_share"].iloc[-1])


def period_length(reactions: pd.DataFrame) -> pd.Timedelta | None:
    """The spacing of the periods (the most common gap between period starts)."""
    starts = pd.Series(sorted(reactions["time"].unique())) if len(reactions) else pd.Series([])
    gaps = starts.diff().dropna()
    return None if gaps.empty else pd.Timedelta(gaps.mode().iloc[0])


def attention_half_life(reactions: pd.DataFrame) -> float:
    """Hours from the peak period's start to the start of the first period from which total
    mentions stay below half the peak; NaN if they never do within the data.

    A missing period counts as zero mentions, so after the last period at or above half
    the peak, the next period starts one period length later (or at the next row).

    >>> t = pd.date_range("2024-01-01", periods=5, freq="h", tz="UTC")
    >>> r = pd.DataFrame({"time": t, "platform": "x", "mentions": [10, 100, 60, 40, 20],
    ...                   "negative": 0, "neutral": 0, "positive": 0,
    ...                   "hours": [0.0, 1.0, 2.0, 3.0, 4.0]})
    >>> attention_half_life(r)
    2.0
    """
    totals = period_totals(reactions)
    top = peak(reactions)
    if top is None:
        return math.nan
    after = totals[totals["time"] >= top.time]
    high = after[after["mentions"] >= top.mentions / 2]
    last_high = high["time"].max()
    later = after[after["time"] > last_high]
    if later.empty:
        return math.nan
    step = period_length(reactions)
    start = min(later["time"].iloc[0], last_high + step) if step is not None else later[
        "time"].iloc[0]
    return (start - top.time).total_seconds() / 3600


def net_sentiment(reactions: pd.DataFrame, *, formula: str = "talkwalker",
                  by: str | None = None) -> float | pd.Series:
    """Net sentiment of the reactions, with a switchable, published formula.

    ``formula="talkwalker"``: (pos − neg) / (pos + neg), neutral excluded (Talkwalker);
    ``formula="total"``: (pos − neg) / mentions, neutral included (%pos − %neg).
    ``by=None`` gives one number for all rows; ``by="time"`` or ``by="platform"`` a Series.
    NaN where the denominator is 0. Attention-only reactions (no sentiment split) have no
    net sentiment: a ValueError says so.

    >>> r = pd.DataFrame({"mentions": [10], "negative": [6], "neutral": [2], "positive": [2]})
    >>> net_sentiment(r), net_sentiment(r, formula="total")
    (-0.5, -0.4)
    """
    if formula not in NET_SENTIMENT_FORMULAS:
        raise ValueError(f"unknown net-sentiment formula {formula!r}; expected "
                         f"'talkwalker' or 'total'")
    if by is not None and by not in ("time", "platform"):
        raise ValueError(f"by={by!r} is not available; expected None, 'time' or 'platform'")
    if not has_sentiment(reactions):
        raise ValueError("net sentiment is not available: these reactions are attention only "
                         "(mentions, no negative/neutral/positive split; no documented "
                         "sentiment figure). Read the attention curve instead")
    cols = list(SENTIMENT_COLUMNS)
    sums = reactions.groupby(by)[cols].sum() if by else reactions[cols].sum().to_frame().T
    pos, neg = sums["positive"].astype("float64"), sums["negative"].astype("float64")
    denom = (pos + neg) if formula == "talkwalker" else sums["mentions"].astype("float64")
    value = (pos - neg) / denom.where(denom > 0)
    if by:
        return value.rename("net_sentiment")
    return float(value.iloc[0]) if len(value) else math.nan


def share_of_voice(posts, *, measure: str = "mentions") -> ReadingTable:
    """Share of voice per brand from posts that carry a ``brand`` column, or from cases.

    ``posts``: a table of posts, or a case / a list of cases (``wb.load_case``): then each
    case's posts count for its brand, named in the current language (a post's ``brand``
    that is the case's brand in either language reads as the case's name; a post without
    one is the case's).

    ``measure="mentions"``: a brand's posts / all posts naming a brand;
    ``measure="engagement"``: the same with likes + shares + comments instead of posts.
    Posts with an empty brand are left out. Returns ``brand``, ``<measure>``, ``share``
    (0–1), largest first. ``posts`` may be a case's ``post_store`` (summed by DuckDB when
    the posts stay on disk).

    >>> p = pd.DataFrame({"brand": ["A", "A", "B", ""], "text": ["x"] * 4})
    >>> share_of_voice(p).values.tolist()
    [['A', 2, 0.6666666666666666], ['B', 1, 0.3333333333333333]]
    """
    if isinstance(posts, Posts) and not posts.on_disk:
        posts = posts.frame()
    if posts is not None and not isinstance(posts, pd.DataFrame | Posts):
        posts = _posts_of_cases(posts)
    if posts is None or "brand" not in (posts.columns if isinstance(posts, Posts) else posts):
        raise ValueError("share of voice needs posts with a 'brand' column naming the brand each "
                         "post is about; add one to posts.csv (see docs/case-format.md)")
    if measure not in ("mentions", "engagement"):
        raise ValueError(f"measure={measure!r} is not available; expected 'mentions' or "
                         "'engagement'")
    if isinstance(posts, Posts):
        sums = posts.sum_by("brand", measure)
        out = sums.set_index("brand")[measure].sort_index().sort_values(ascending=False,
                                                                        kind="stable")
        return _shares(out)
    brand = posts["brand"].astype("string").str.strip()
    keep = brand.notna() & (brand != "")
    if measure == "mentions":
        weight = pd.Series(1, index=posts.index, dtype="int64")
    else:
        parts = [posts[c].fillna(0) for c in ("likes", "shares", "comments") if c in posts]
        weight = sum(parts) if parts else pd.Series(0, index=posts.index, dtype="int64")
    frame = pd.DataFrame({"brand": brand[keep].astype(str), measure: weight[keep]})
    out = frame.groupby("brand", sort=True)[measure].sum().sort_values(ascending=False,
                                                                        kind="stable")
    return _shares(out)


def _shares(out: pd.Series) -> pd.DataFrame:
    """Sums per brand (largest first) → brand, the sum, its share of the total."""
    total = out.sum()
    result = out.reset_index()
    result["share"] = (out / total).to_numpy() if total else math.nan
    return ReadingTable(result)  # shown left-aligned (a Chinese brand is not pushed right)


def _posts_of_cases(cases) -> pd.DataFrame | None:
    """The posts of one case or several, their ``brand`` named as the case in this language."""
    cases = [cases] if hasattr(cases, "brand") else list(cases)
    frames = []
    for case in cases:
        posts = case.posts
        if posts is None:
            continue
        names = {case.brand(lang).casefold() for lang in ("zh", "en")}
        given = (posts["brand"].astype("string").str.strip().fillna("") if "brand" in posts
                 else pd.Series("", index=posts.index, dtype="string"))
        ours = (given == "") | given.str.casefold().isin(names)
        frames.append(posts.assign(brand=given.where(~ours, case.brand()).astype(str)))
    return pd.concat(frames, ignore_index=True) if frames else None
