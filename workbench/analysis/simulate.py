"""Simulated reactions: a documented, seeded model that writes a case's reactions.csv.

No post-level data exists for most real crises, so their reaction series are
*simulated / 模拟数据*: built from the case's timeline (events.csv) and the parameters
stated in its ``simulation.yaml``, and checked against the figures sources document
(docs/simulation.md states every assumption). Attention = a baseline + one wave per event
(linear rise, then halving every ``half_life_hours``). A strategy code has no effect unless
the case documents one with a source (``effects``): the model never encodes SCCT's
expectations, so it cannot be used to test them. All random numbers are drawn up front
from ``default_rng(seed)``, so editing an event changes only the expectations.

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> params = Params(seed=1, platforms=["weibo", "douyin"], start_hour=-6, end_hour=48)
>>> frame = simulate(case, params)
>>> len(frame), list(frame.columns)
(110, ['time', 'platform', 'mentions', 'negative', 'neutral', 'positive', 'hours'])
>>> bool((frame[["negative", "neutral", "positive"]].sum(axis=1) <= frame["mentions"]).all())
True
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..core.cases import Case, build_case
from ..core.schema import Bilingual, load_yaml, pydantic_problems
from ..core.schema_problems import KeyProblem
from ..core.validate import REACTION_COLUMNS, check_case
from ..foundation import i18n, vocab
from ..foundation.problems import CaseError, Problem, did_you_mean, one_of

FILE, MAX_ROWS = "simulation.yaml", 3000   # the parameter file; the most rows a case may have


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Mix(_Strict):
    """Shares of negative and positive mentions (neutral: the rest; positive ≤ 1 − negative)."""
    negative: float = Field(ge=0, le=1)
    positive: float = Field(ge=0, le=1)


class Effect(_Strict):
    """A documented effect of one strategy code in this case: shifts of the crisis mentions'
    negative and positive share (reached with time constant ``tau_hours``) and extra
    attention (× peak_per_hour). ``source`` (a source id of case.yaml) is required: a
    strategy code changes nothing unless a source documents its effect for this case."""
    negative: float = Field(0.0, ge=-1, le=1)
    positive: float = Field(0.0, ge=-1, le=1)
    volume: float = Field(0.0, ge=0)
    tau_hours: float = Field(6.0, gt=0)
    source: str = Field(min_length=1)


#: No strategy code has a default effect. A model that shifted sentiment by SCCT's own
#: expectations (an apology lowers the negative share, a denial raises it) would "confirm"
#: SCCT in data generated from it; see docs/simulation.md.
NO_EFFECT = Effect(source="none")
#: Default wave size of an event, as a fraction of peak_per_hour, by event kind.
DEFAULT_KIND_SIZES: dict[str, float] = {"trigger": 1.0, "spread": 0.5, "third-party": 0.3,
                                        "outcome": 0.15, "statement": 0.1, "action": 0.05}


class EventSetting(_Strict):
    """Per-event override: wave size, hour, sentiment mix, half-life, ``weight`` (× the
    sentiment effects of its strategy codes), or ``ignore: true``."""
    size: float | None = Field(None, ge=0)
    weight: float = Field(1.0, ge=0)
    hour: float | None = None
    sentiment: Mix | None = None
    half_life_hours: float | None = Field(None, gt=0)
    ignore: bool = False


class Check(_Strict):
    """``stat`` over the periods wholly inside [from, to] hours, within ``tolerance`` of
    ``target`` (absolute for shares, relative for mentions); ``min_mentions``: at least
    ``target``; ``peak_hour``: the busiest period starts in [from, to)."""
    stat: Literal["negative_share", "positive_share", "neutral_share", "mentions",
                  "min_mentions", "peak_hour"]
    from_: float = Field(alias="from")
    to: float
    target: float | None = None
    tolerance: float = Field(0.0, ge=0)
    platform: str | None = None


class Documented(BaseModel):
    """A documented reaction figure (the case author's entry, extra keys kept) and how it
    constrains the series: a ``check``, or ``checked: false`` with ``why``."""
    model_config = ConfigDict(extra="allow", frozen=True)
    metric: str
    source: str
    value: float | str | None = None
    checked: bool = True
    why: str | None = None
    check: Check | None = None

    @model_validator(mode="after")
    def _decided(self) -> Documented:
        c = self.check
        if self.checked and (c is None or (c.stat != "peak_hour" and c.target is None)):
            raise KeyProblem(("check",), i18n.t("sim_check_needed"))
        if not self.checked and not self.why:
            raise KeyProblem(("why",), i18n.t("sim_why_needed"))
        return self


class Params(_Strict):
    """Everything the model needs, as written in a case's simulation.yaml."""
    seed: int
    platforms: list[str] = Field(min_length=1)
    period: Literal["hour", "day"] = "hour"
    start_hour: float = -6
    end_hour: float = 168
    platform_shares: dict[str, float] | None = None
    own_channel: float = Field(0.3, ge=0, le=1)
    baseline_per_hour: float = Field(20.0, ge=0)
    baseline_sentiment: Mix = Mix(negative=0.2, positive=0.3)
    peak_per_hour: float = Field(1000.0, ge=0)
    rise_hours: float = Field(2.0, ge=0)
    half_life_hours: float = Field(12.0, gt=0)
    crisis_sentiment: Mix = Mix(negative=0.7, positive=0.05)
    kind_sizes: dict[str, float] = Field(default_factory=dict)
    effects: dict[str, Effect] = Field(default_factory=dict)
    events: dict[str, EventSetting] = Field(default_factory=dict)
    noise: float = Field(0.15, ge=0, le=1)
    repeat: float = Field(0.5, ge=0, le=1)
    documented: list[Documented] = Field(default_factory=list)
    attention_only: bool = False
    assumptions: Bilingual | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Params:
        for name, keys, table in (("platforms", self.platforms, vocab.CHANNELS),
                                  ("effects", self.effects, vocab.STRATEGIES),
                                  ("kind_sizes", self.kind_sizes, vocab.KINDS)):
            wrong = [(n, k) for n, k in enumerate(keys) if k not in table]
            if wrong:  # on its line: platforms' n-th item, or the mapping's key
                at, value = wrong[0]
                raise KeyProblem((name, at if name == "platforms" else value),
                                 i18n.t("vm_unknown_value", value=value), one_of(table),
                                 did_you_mean(value, table))
        shares = self.platform_shares
        if len(set(self.platforms)) != len(self.platforms) or (shares is not None and (
                set(shares) != set(self.platforms) or abs(sum(shares.values()) - 1) > 1e-6)):
            twice = len(set(self.platforms)) != len(self.platforms)
            raise KeyProblem(("platforms",) if twice else ("platform_shares",),
                             i18n.t("sim_shares"))
        if self.end_hour <= self.start_hour:
            raise KeyProblem(("end_hour",), i18n.t("sim_end_hour"))
        if self.attention_only:
            self._no_split()
        return self

    def _no_split(self) -> None:
        """``attention_only: true`` (no documented sentiment figure): refuse every setting
        that would give the series a sentiment split."""
        if given := split_settings(self.model_dump(by_alias=True, exclude_unset=True)):
            raise KeyProblem(given[0], *no_split_parts(given[0]))

    def shares(self) -> np.ndarray:
        given = self.platform_shares or {p: 1 / len(self.platforms) for p in self.platforms}
        return np.array([given[p] for p in self.platforms])

    def kind_size(self, kind: str) -> float:
        return self.kind_sizes.get(kind, DEFAULT_KIND_SIZES.get(kind, 0.0))

    def effect(self, code: str) -> Effect:
        """The documented effect of ``code`` in this case (none when none is documented)."""
        return self.effects.get(code, NO_EFFECT)


def split_settings(data: dict) -> list[tuple]:
    """The key paths of ``data`` (simulation.yaml as read) that set a sentiment split:
    what ``attention_only: true`` forbids."""
    found: list[tuple] = [(k,) for k in ("baseline_sentiment", "crisis_sentiment") if k in data]
    for key, setting in (data.get("events") or {}).items():
        if isinstance(setting, dict) and setting.get("sentiment") is not None:
            found.append(("events", key, "sentiment"))
    for key, effect in (data.get("effects") or {}).items():
        if isinstance(effect, dict) and (effect.get("negative") or effect.get("positive")):
            found.append(("effects", key))
    for n, doc in enumerate(data.get("documented") or []):
        check = doc.get("check") if isinstance(doc, dict) else None
        if isinstance(check, dict) and str(check.get("stat", "")).endswith("_share"):
            found.append(("documented", n, "check"))
    return found


def _hint(value: str, options: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` in the chosen language, or ""."""
    return i18n.bracketed(did_you_mean(value, options))


def no_split_parts(path: tuple) -> tuple[str, str, str]:
    """What, expected and hint of a sentiment setting ``attention_only: true`` forbids."""
    where = ".".join(str(p) for p in path)
    return (i18n.t("sim_split", where=where), i18n.t("sim_split_expected"),
            i18n.t("sim_split_hint"))


def read_params(folder: Path | str) -> Params:
    """Read and check ``<folder>/simulation.yaml``; raise :class:`CaseError` on problems."""
    shown = str(path := Path(folder) / FILE)
    if not path.exists():
        raise CaseError(shown, [Problem(shown, 1, "file", i18n.t("sim_no_file"),
                                        i18n.t("sim_no_file_expected"))])
    data, lines, problems = load_yaml(path.read_text(encoding="utf-8-sig"), shown)
    if problems:
        raise CaseError(shown, problems)
    given = (split_settings(data) if isinstance(data, dict)
             and data.get("attention_only") is True else [])
    if given:  # located at the key that sets the split
        raise CaseError(shown, [Problem(
            shown, lines.get(p, lines.get(p[:1], 1)), ".".join(map(str, p)),
            *no_split_parts(p)) for p in given])
    try:
        return Params.model_validate(data or {})
    except ValidationError as exc:
        raise CaseError(shown, pydantic_problems(exc, Params, lines, shown, data)) from None


def _case(folder: Path) -> Case:
    """The case in ``folder`` without its reactions (a stale or broken reactions.csv is ignored)."""
    parsed = check_case(folder)
    parsed.problems = [p for p in parsed.problems if not p.path.endswith("reactions.csv")]
    if not parsed.ok or parsed.meta is None or parsed.events is None:
        raise CaseError(str(folder), parsed.problems)
    parsed.reactions, parsed.posts = None, None
    return build_case(parsed, folder)


def grid(case: Case, params: Params) -> pd.DatetimeIndex:
    """Period boundaries (n + 1) covering [start_hour, end_hour) around the trigger; hourly
    periods start on the hour, daily ones at local midnight."""
    first, last = (case.trigger + pd.Timedelta(hours=h) for h in (params.start_hour,
                                                                  params.end_hour))
    freq = "h" if params.period == "hour" else "D"
    first = first.floor("h") if freq == "h" else first.normalize()
    n = len(pd.date_range(first, last - pd.Timedelta(microseconds=1), freq=freq))
    if n * len(params.platforms) > MAX_ROWS:
        raise ValueError(i18n.t("sim_too_many", n=n, platforms=len(params.platforms),
                                max=MAX_ROWS))
    return pd.date_range(first, periods=n + 1, freq=freq)


def _waves(case: Case, params: Params) -> tuple[list[dict], list[tuple]]:
    """One wave per modelled event, and (hour, weight, effect) of every brand response code."""
    events = case.events
    if unknown := sorted(set(params.events) - set(events["id"])):
        raise ValueError(i18n.t("sim_no_event", value=unknown[0])
                         + _hint(unknown[0], [str(i) for i in events["id"]]))
    waves, responses, trigger_seen, uses = [], [], False, {}
    for row in events.itertuples(index=False):
        setting = params.events.get(row.id, EventSetting())
        if setting.ignore:
            continue
        is_trigger = row.kind == "trigger" and not trigger_seen
        trigger_seen |= is_trigger
        hour = setting.hour if setting.hour is not None else 0.0 if is_trigger else row.hours
        codes = [c for c in str(row.strategy or "").split(";") if c] if row.brand_side else []
        for c in codes:  # diminishing returns: each repeat of a code has `repeat` × the effect
            uses[c] = uses.get(c, -1) + 1
            responses.append((hour, setting.weight * params.repeat ** uses[c], params.effect(c)))
        size = setting.size if setting.size is not None else params.kind_size(row.kind) + sum(
            params.effect(c).volume for c in codes)
        waves.append({"hour": hour, "size": size, "channel": row.channel,
                      "sentiment": setting.sentiment or params.crisis_sentiment,
                      "half_life": setting.half_life_hours or params.half_life_hours})
    if not trigger_seen:
        waves.append({"hour": 0.0, "size": params.kind_size("trigger"), "channel": "",
                      "sentiment": params.crisis_sentiment, "half_life": params.half_life_hours})
    return [w for w in waves if w["size"] > 0], responses


def _expected(case: Case, params: Params, edges: pd.DatetimeIndex) -> np.ndarray:
    """Expected (mentions, negative, positive) per period and platform: shape (n, p, 3),
    integrated over 4 (hourly) or 24 (daily) sub-steps per period."""
    sub = 4 if params.period == "hour" else 24
    bounds = ((edges - case.trigger).total_seconds() / 3600).to_numpy()
    width = np.diff(bounds)[:, None]
    hours = bounds[:-1, None] + width * (np.arange(sub) + 0.5) / sub     # (n, sub) midpoints
    dt = np.broadcast_to(width / sub, hours.shape)                       # hours per sub-step
    shares, (waves, responses) = params.shares(), _waves(case, params)
    shift = np.zeros((2, *hours.shape))                                  # negative, positive
    for at, weight, eff in responses:
        ramp = np.where(hours >= at, 1 - np.exp(-np.clip(hours - at, 0, None) / eff.tau_hours), 0)
        shift += weight * np.array([eff.negative, eff.positive])[:, None, None] * ramp
    mix = params.baseline_sentiment
    base = (params.baseline_per_hour * dt).sum(axis=1)[:, None, None] * shares[None, :, None]
    out = base * np.array([1, mix.negative, min(mix.positive, 1 - mix.negative)])
    rise = params.rise_hours
    for wave in waves:
        tau = hours - wave["hour"]
        shape = np.where(tau < 0, 0.0, np.where(tau < rise, tau / max(rise, 1e-9), 0.5 ** (
            np.clip(tau - rise, 0, None) / wave["half_life"])))
        volume = params.peak_per_hour * wave["size"] * shape * dt
        neg = np.clip(wave["sentiment"].negative + shift[0], 0.01, 0.97)
        pos = np.clip(wave["sentiment"].positive + shift[1], 0.0, 1 - neg)
        own = np.array([p == wave["channel"] for p in params.platforms], dtype=float)
        split = params.own_channel * own + (1 - params.own_channel) * shares if own.any() \
            else shares
        parts = np.stack([volume.sum(1), (volume * neg).sum(1), (volume * pos).sum(1)], axis=1)
        out += parts[:, None, :] * split[None, :, None]
    return np.round(out, 6)


def _counts(expected: np.ndarray, params: Params) -> np.ndarray:
    """Integer (mentions, negative, neutral, positive): a log-normal volume multiplier with
    spread ``noise``, then Poisson/binomial count noise (normal approximation)."""
    z = np.random.default_rng(params.seed).standard_normal((*expected.shape[:2], 4))
    level = np.exp(params.noise * z[..., 0] - params.noise**2 / 2)
    mean, neg, pos = (expected[..., i] * level for i in range(3))
    mentions = np.maximum(0, np.rint(mean + np.sqrt(mean) * z[..., 1]))
    q = np.divide(neg, mean, out=np.zeros_like(mean), where=mean > 0)
    negative = np.clip(np.rint(mentions * q + np.sqrt(mentions * q * (1 - q)) * z[..., 2]),
                       0, mentions)
    rest = mentions - negative
    r = np.clip(np.divide(pos, mean - neg, out=np.zeros_like(mean), where=mean - neg > 0), 0, 1)
    positive = np.clip(np.rint(rest * r + np.sqrt(rest * r * (1 - r)) * z[..., 3]), 0, rest)
    return np.stack([mentions, negative, rest - positive, positive], axis=-1).astype("int64")


def simulate(case_or_folder: Case | Path | str, params: Params | None = None) -> pd.DataFrame:
    """The simulated reactions of a case: one row per period and platform (the file's
    columns plus ``hours`` since the trigger). ``params``: default the folder's simulation.yaml.
    With ``attention_only: true`` the frame has ``mentions`` and no sentiment split (the
    same random draws, so its mentions equal those of the split series)."""
    case = case_or_folder if isinstance(case_or_folder, Case) else _case(Path(case_or_folder))
    params = params if params is not None else read_params(case.folder)
    counts = _counts(_expected(case, params, edges := grid(case, params)), params)
    n, p = counts.shape[:2]
    names = REACTION_COLUMNS[2:3] if params.attention_only else REACTION_COLUMNS[2:]
    frame = pd.DataFrame({"time": np.repeat(edges[:-1], p), "platform": np.tile(params.platforms, n),
                          **{c: counts[..., i].ravel() for i, c in enumerate(names)}})
    frame["hours"] = (frame["time"] - case.trigger).dt.total_seconds() / 3600
    return frame


def to_csv(frame: pd.DataFrame) -> str:
    """reactions.csv text: ISO 8601 period starts with offset, LF line endings, no comment;
    ``time, platform, mentions`` only when the frame is attention only."""
    out = frame.loc[:, [c for c in REACTION_COLUMNS if c in frame.columns]].copy()
    out["time"] = [t.isoformat() for t in out["time"]]
    return out.to_csv(index=False, lineterminator="\n")


def write_reactions(folder: Path | str) -> Path:
    """Regenerate ``<folder>/reactions.csv`` from its simulation.yaml (atomic write)."""
    text = to_csv(simulate(folder := Path(folder)))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".reactions-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, folder / "reactions.csv")
    return folder / "reactions.csv"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m workbench.analysis.simulate [--check] [--lang zh|en] PATH…``: regenerate
    (or verify) reactions.csv; the report: :mod:`~workbench.analysis.simulation_report`."""
    from .simulation_report import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
