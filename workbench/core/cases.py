"""Cases: find, load and hold one crisis — and the time rules every view shares.

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> case
<Case demo-lumen-2024: Lumen Tea, 12 events, fictional reactions>
>>> case.visible_at("team").events["id"].tolist()[:2]
['d1', 'd2']
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import yaml

from ..foundation import i18n, vocab
from ..foundation.problems import CaseError, Problem, WorkbenchError, did_you_mean
from . import derived
from .posts import Posts, upto
from .reactions import reactions_from_posts
from .schema import CASE_ID, CaseMeta
from .validate import check_case

#: The package folder (workbench/), which holds _bundled_cases in an installed package.
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_root() -> Path:
    """The bundled cases/: inside an installed package, or at the top of a checkout."""
    packaged = _PACKAGE / "_bundled_cases"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "cases"


def project_root() -> Path | None:
    """The checkout holding cases/ and notebooks/ (None for an installed package)."""
    root = _PACKAGE.parent
    return root if (root / "cases").is_dir() and (root / "pyproject.toml").exists() else None


@dataclass(frozen=True)
class Case:
    """One crisis case: metadata, a timeline, public reactions, optional posts, questions.

    Immutable: the tables come back as copies, and :meth:`visible_at` returns a new
    Case that shows only what a student may see at a phase.
    """

    meta: CaseMeta
    folder: Path
    _events: pd.DataFrame = field(repr=False)
    _reactions: pd.DataFrame = field(repr=False)
    _posts: pd.DataFrame | None = field(repr=False, default=None)
    _signals: pd.DataFrame | None = field(repr=False, default=None)
    _disk: Posts | None = field(repr=False, default=None)  # posts that stay on disk
    questions: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    phase: str | None = None
    phase_end: pd.Timestamp | None = None
    hidden: tuple[str, ...] = ()

    # -- plain views ------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def trigger(self) -> pd.Timestamp:
        """Hour 0: the crisis onset, in the case time zone."""
        return pd.Timestamp(self.meta.trigger).tz_convert(self.meta.timezone)

    @property
    def signals_window(self) -> tuple[float, float] | None:
        """The watched span of signals.csv (``provenance.signals_window``) in hours since
        the trigger, or None when the case does not declare one (a naive time is in the
        case time zone)."""
        window = self.meta.provenance.signals_window
        if window is None:
            return None
        out = []
        for when in (window.start, window.end):
            stamp = pd.Timestamp(when)
            stamp = (stamp.tz_localize(self.meta.timezone) if stamp.tzinfo is None
                     else stamp.tz_convert(self.meta.timezone))
            out.append((stamp - self.trigger).total_seconds() / 3600)
        return out[0], out[1]

    @property
    def events(self) -> pd.DataFrame:
        """The timeline, sorted by time, with ``hours`` since the trigger and ``brand_side``."""
        return self._events.copy(deep=False)

    @property
    def reactions(self) -> pd.DataFrame:
        """Public reaction per period and platform, with ``hours`` (may be empty)."""
        return self._reactions.copy(deep=False)

    @property
    def posts(self) -> pd.DataFrame | None:
        """The posts as a frame (up to the phase end), or None when the case has none.

        A case whose posts stay on disk (:mod:`workbench.core.posts`) refuses: ask
        :attr:`post_store` for a view instead (``.where(...)``, ``.top(n)``, ``.reactions()``).
        """
        if self._disk is not None:
            raise WorkbenchError(str(Problem(
                str(self._disk.path), 1, "posts", i18n.t("vm_posts_on_disk", n=len(self._disk)),
                i18n.t("vm_posts_on_disk_expected"))))
        return None if self._posts is None else self._posts.copy(deep=False)

    @property
    def post_store(self) -> Posts | None:
        """The posts as a store, in memory or on disk: the same views either way."""
        if self._disk is not None:
            return self._disk
        return None if self._posts is None else Posts(self._posts)

    @property
    def has_posts(self) -> bool:
        return self._posts is not None or self._disk is not None

    @property
    def signals(self) -> pd.DataFrame:
        """Platform attention signals (signals.csv: hot-search rank and heat, reads…) with
        ``hours`` since the trigger; empty when the case has none. Trimmed to the phase
        end like reactions.

        >>> import workbench as wb
        >>> wb.load_case("demo-lumen-2024").signals.columns.tolist()
        ['time', 'platform', 'signal', 'topic', 'value', 'hours']
        """
        if self._signals is None:
            return empty_signals(self.meta.timezone)
        return self._signals.copy(deep=False)

    @property
    def has_signals(self) -> bool:
        return self._signals is not None and len(self._signals) > 0

    @property
    def has_sentiment(self) -> bool:
        """False when the reactions are *attention only*: mentions with no sentiment split
        (reactions.csv with ``time, platform, mentions`` only, or posts with no sentiment).
        Views then show no negative share and say "not available — attention only"."""
        return has_sentiment(self._reactions)

    @property
    def reactions_simulated(self) -> bool:
        return self.meta.provenance.reactions in ("simulated", "fictional")

    @property
    def machine_scored(self) -> bool:
        """True when some post's sentiment was scored by a machine (``sentiment_source``):
        views of its sentiment must say so (``i18n.t("machine_badge")``)."""
        if self._disk is not None:
            return self._disk.machine_share() > 0
        posts = self._posts
        return (posts is not None and "sentiment_source" in posts
                and bool((posts["sentiment_source"] == "machine").any()))

    def title(self, lang: str | None = None) -> str:
        return i18n.pick(self.meta.title.model_dump(), lang=lang)

    def brand(self, lang: str | None = None) -> str:
        return i18n.pick(self.meta.brand.model_dump(), lang=lang)

    # -- the time rules ----------------------------------------------------------------
    def end_of(self, phase: str | int) -> pd.Timestamp:
        """The phase end: the latest event time among phases 1…k (never before the trigger)."""
        k = phase_number(phase)
        ev = self._events
        upto = ev.loc[ev["phase_number"] <= k, "at"]
        return max([self.trigger, *([upto.max()] if len(upto) else [])])

    def visible_at(self, phase: str | int, *, hold: Iterable[str] = (),
                   release: Iterable[str] = ()) -> Case:
        """What the time rules show at ``phase``: events of phases 1…k, every event up to
        the phase end, the trigger always; reactions and posts up to the phase end (all of
        them at the last phase). ``hold``: event ids to hold back (never the trigger); the
        ones this phase would show are listed in ``.hidden``. ``release``: event ids shown
        before their phase (an instructor's inject, :mod:`workbench.core.pacing`); reactions
        still stop at the phase end. Which moves a student may see is decided by
        :mod:`workbench.core.progress` (``progress.view``), not here.
        """
        k = phase_number(phase)
        end = self.end_of(phase)
        ev = self._events
        shown = self._shown(k, end) | ev["id"].isin(list(release))
        held = ev["id"].isin(list(hold)) & (ev["kind"] != "trigger")
        last = k == len(vocab.PHASE_LIST)
        limit = pd.Timestamp.max.tz_localize("UTC") if last else end
        reactions = self._reactions[self._reactions["time"] <= limit]
        signals = None if self._signals is None else self._signals[self._signals["time"] <= limit]
        posts = self._posts if self._posts is None or last else upto(self._posts, end)
        disk = self._disk if self._disk is None or last else self._disk.upto(end)
        return replace(self, _events=ev[shown & ~held], _reactions=reactions, _posts=posts,
                       _signals=signals, _disk=disk, phase=phase_slug(phase), phase_end=end,
                       hidden=tuple(ev.loc[shown & held, "id"]))

    def _shown(self, k: int, end: pd.Timestamp) -> pd.Series:
        ev = self._events
        return (ev["phase_number"] <= k) | (ev["at"] <= end) | (ev["kind"] == "trigger")

    # -- display ----------------------------------------------------------------------
    def __repr__(self) -> str:
        reactions = self.meta.provenance.reactions
        return (f"<Case {self.id}: {self.meta.brand.en}, {len(self._events)} events, "
                f"{reactions} reactions{f', at {self.phase}' if self.phase else ''}>")

    def _repr_html_(self) -> str:
        return case_card(self)


def phase_slug(phase: str | int) -> str:
    """Accept a slug, a Chinese phase name or a number 1–6; return the slug."""
    if isinstance(phase, int) and 1 <= phase <= len(vocab.PHASE_LIST):
        return vocab.PHASE_LIST[phase - 1].slug
    slug = vocab.PHASE_ALIASES.get(str(phase), str(phase))
    if slug not in vocab.PHASES:
        hint = did_you_mean(phase, vocab.PHASE_SLUGS)
        raise ValueError(i18n.t("vm_phase_arg", value=repr(phase),
                                options=", ".join(vocab.PHASE_SLUGS))
                         + (f" ({hint})" if hint else ""))
    return slug


def phase_number(phase: str | int) -> int:
    return vocab.PHASES[phase_slug(phase)].number


def effective_time(times: pd.Series, precision: pd.Series) -> pd.Series:
    """The time rules: a day-precision time is the end of its local day, an hour-precision
    time the end of its hour; a minute-precision time is itself."""
    day_end = times.dt.normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    hour_end = times.dt.floor("h") + pd.Timedelta(hours=1) - pd.Timedelta(seconds=1)
    return times.mask(precision == "day", day_end).mask(precision == "hour", hour_end)


def hours_since(times: pd.Series, trigger: pd.Timestamp) -> pd.Series:
    return (times - trigger).dt.total_seconds() / 3600


SENTIMENT_SPLIT: tuple[str, ...] = ("negative", "neutral", "positive")


def has_sentiment(reactions: pd.DataFrame) -> bool:
    """True when a reactions table carries the sentiment split (``negative, neutral,
    positive``); False for attention only (``mentions`` alone).

    >>> has_sentiment(pd.DataFrame(columns=["time", "platform", "mentions"]))
    False
    """
    return all(c in reactions.columns for c in SENTIMENT_SPLIT)


def empty_signals(tz: str) -> pd.DataFrame:
    """The signals table of a case without signals.csv: the columns, no rows."""
    return pd.DataFrame({"time": pd.Series(dtype=f"datetime64[us, {tz}]"),
                         **{c: pd.Series(dtype=str) for c in ("platform", "signal", "topic")},
                         "value": pd.Series(dtype="float64"),
                         "hours": pd.Series(dtype="float64")})


def build_case(parsed, folder: Path) -> Case:
    """The :class:`Case` of a checked folder (``check_case``'s result): times, hours, tables."""
    meta = parsed.meta
    tz = meta.timezone
    trigger = pd.Timestamp(meta.trigger)
    trigger = trigger.tz_localize(tz) if trigger.tzinfo is None else trigger.tz_convert(tz)
    meta = meta.model_copy(update={"trigger": trigger.to_pydatetime()})
    ev = parsed.events.copy()
    ev["at"] = effective_time(ev["time"], ev["precision"])
    ev["hours"] = hours_since(ev["at"], trigger)
    ev["approx"] = ev["precision"] != "minute"
    ev["brand_side"] = ev["actor"].isin(list(vocab.BRAND_SIDE))
    ev["phase_number"] = ev["phase"].map({p.slug: p.number for p in vocab.PHASE_LIST})
    ev = ev.sort_values(["at", "line"], kind="stable").reset_index(drop=True)
    posts, disk = parsed.posts, None
    if isinstance(posts, Posts):  # on disk: checked by DuckDB, never read into memory
        posts, disk = None, posts
    if posts is not None:
        if not posts["time"].is_monotonic_increasing:
            posts = posts.sort_values("time", kind="stable")
        posts = posts.reset_index(drop=True)
    reactions = parsed.reactions
    if reactions is None and (posts is not None or disk is not None):
        reactions = derived.load(folder, tz)
        if reactions is None:
            reactions = reactions_from_posts(posts) if disk is None else disk.reactions()
            derived.save(folder, tz, reactions)
    if reactions is None:
        reactions = pd.DataFrame(
            {"time": pd.Series(dtype=f"datetime64[us, {tz}]"), "platform": pd.Series(dtype=str),
             **{c: pd.Series(dtype="int64") for c in ("mentions", "negative", "neutral",
                                                      "positive")}})
    reactions = reactions.sort_values(["time", "platform"], kind="stable").reset_index(drop=True)
    reactions["hours"] = hours_since(reactions["time"], trigger)
    signals = getattr(parsed, "signals", None)
    if signals is not None:
        signals = signals.sort_values(["time", "signal", "topic"], kind="stable")
        signals = signals.reset_index(drop=True)
        signals["hours"] = hours_since(signals["time"], trigger)
    return Case(meta=meta, folder=folder, _events=ev, _reactions=reactions, _posts=posts,
                _signals=signals, _disk=disk, questions=parsed.questions)


def resolve(id_or_path: str | Path, root: Path | str | None = None) -> Path:
    """A bare case id resolves under ``root`` (default: the bundled cases; case-insensitive);
    else a path.

    >>> resolve("Haidilao-2017").name
    'haidilao-2017'
    """
    root = Path(root) if root is not None else bundled_root()
    text = str(id_or_path)
    if isinstance(id_or_path, str) and CASE_ID.match(text) and (root / text).is_dir():
        return root / text
    path = Path(id_or_path).expanduser()
    if path.is_dir():
        return path
    folded = text.strip().lower()  # "Haidilao-2017" → haidilao-2017: ids are lower case
    if isinstance(id_or_path, str) and CASE_ID.match(folded) and (root / folded).is_dir():
        return root / folded
    if isinstance(id_or_path, str) and CASE_ID.match(folded):
        text = folded
        known = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        hint = did_you_mean(text, known)
        raise CaseError(text, [Problem(str(root / text), 1, "case",
                                       i18n.t("vm_no_case", value=text),
                                       i18n.t("vm_no_case_expected", ids=", ".join(known[:3])),
                                       hint or i18n.t("vm_no_case_hint"))])
    raise CaseError(text, [Problem(text, 1, "case", i18n.t("vm_no_folder"),
                                   i18n.t("vm_no_folder_expected"),
                                   i18n.t("vm_no_folder_hint"))])


def load_case(id_or_path: str | Path, *, root: Path | str | None = None) -> Case:
    """Load a case by bare id (``"haidilao-2017"``) or by folder path.

    Raises :class:`CaseError` listing every problem when the case is not valid.
    """
    folder = resolve(id_or_path, root)
    parsed = check_case(folder)
    if not parsed.ok or parsed.meta is None or parsed.events is None:
        raise CaseError(str(folder), parsed.problems)
    return build_case(parsed, folder)


def list_cases(root: Path | str | None = None) -> pd.DataFrame:
    """One row per case under ``root`` (default: the bundled cases), from case.yaml alone."""
    root = Path(root) if root is not None else bundled_root()
    rows = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8-sig")) or {}
            trigger = meta.get("trigger")
            year = trigger.year if isinstance(trigger, dt.date) else int(str(trigger)[:4])
            rows.append({
                "id": folder.name, "title": i18n.pick(meta.get("title")),
                "brand": i18n.pick(meta.get("brand")), "year": year,
                "region": meta.get("region", ""), "industry": _either(meta.get("industry")),
                "scope": meta.get("classification", {}).get("scope", ""),
                "nature": meta.get("classification", {}).get("nature", ""),
                "scct_cluster": meta.get("classification", {}).get("scct_cluster", ""),
                "events": meta.get("provenance", {}).get("events", ""),
                "reactions": meta.get("provenance", {}).get("reactions", ""),
                "signals": meta.get("provenance", {}).get("signals", "none"),
                "sources": len(meta.get("sources") or []),
            })
        except (OSError, yaml.YAMLError, AttributeError, ValueError, TypeError):
            rows.append({"id": folder.name, "title": "⚠ case.yaml unreadable: run "
                         f"`workbench validate {folder}`"})
    return pd.DataFrame(rows)


def _either(value: object) -> str:
    """A field that is ``{zh, en}`` (a dict or a Bilingual) or one plain text, in the language."""
    if isinstance(value, str) or value is None:
        return value or ""
    return i18n.pick(value if isinstance(value, dict) else value.model_dump())


# -- the card -------------------------------------------------------------------------------
BADGE_COLOURS = {"simulated": "#b45309", "fictional": "#7c3aed", "pending": "#6b7280",
                 "documented": "#047857", "observed": "#047857", "none": "#6b7280",
                 "machine": "#0369a1", "attention-only": "#4b5563"}


def badge(kind: str, text: str | None = None) -> str:
    """A small coloured label, e.g. the "simulated / 模拟数据" badge."""
    label = text or i18n.t(f"{kind}_badge")
    colour = BADGE_COLOURS.get(kind, "#374151")
    return (f'<span class="wb-badge wb-badge-{html.escape(kind)}" style="background:{colour};'
            f'color:#fff;border-radius:4px;padding:1px 6px;font-size:0.8em;margin-right:4px;'
            f'white-space:nowrap;display:inline-block">'
            f"{html.escape(label)}</span>")


def case_card(case: Case) -> str:
    """The case as a compact card; every string from the case is escaped."""
    e = html.escape
    m = case.meta
    cls = m.classification
    lang = i18n.get_language()
    facts = [
        (i18n.t("brand"), case.brand()), (i18n.t("industry"), _either(m.industry)),
        (i18n.t("region"), m.region),
        (i18n.t("trigger"), case.trigger.strftime("%Y-%m-%d %H:%M %Z")),
        (i18n.t("classification"), " · ".join([
            i18n.term(vocab.SCOPES, cls.scope), i18n.term(vocab.NATURES, cls.nature),
            "SCCT: " + i18n.term(vocab.SCCT_CLUSTERS, cls.scct_cluster)])),
        (i18n.t("events"), i18n.t("n_events", n=len(case._events))),
        (i18n.t("reactions"), (i18n.t("n_reaction_rows", n=len(case._reactions))
                               + ("" if case.has_sentiment else " · " + i18n.t("att_badge")))
         if len(case._reactions) else i18n.t("no_reactions")),
        (i18n.t("sources"), i18n.t("n_sources", n=len(m.sources))),
    ]
    if case.has_signals:
        facts.append((i18n.t("signals"), i18n.t("n_signal_rows", n=len(case._signals))))
    if case.has_posts:
        facts.append((i18n.t("posts"), i18n.t("n_posts", n=len(case.post_store))))
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{e(k)}</th>"
                   f"<td style='text-align:left'>{e(str(v))}</td></tr>" for k, v in facts)
    badges = badge(m.provenance.events) + badge(m.provenance.reactions)
    if case.has_signals:
        badges += badge(m.provenance.signals, f"{i18n.t('signals')}: "
                        f"{i18n.term(vocab.SIGNAL_PROVENANCE, m.provenance.signals)}")
    if case.machine_scored:
        badges += badge("machine")
    note = i18n.pick(m.provenance.note.model_dump(), lang=lang)
    return (
        f'<div class="wb-case-card" style="border:1px solid #d1d5db;border-radius:8px;'
        f'padding:12px;max-width:720px">'
        f"<div style='font-size:1.2em;font-weight:600'>{e(case.title())}</div>"
        f"<div style='margin:4px 0'>{badges}<code>{e(case.id)}</code></div>"
        f"<p>{e(i18n.pick(m.summary.model_dump()))}</p><table>{rows}</table>"
        f"<p style='color:#4b5563;font-size:0.9em'>{e(i18n.t('provenance'))}: {e(note)}</p>"
        f"</div>")


_SAFE = re.compile(r"[\\/\x00-\x1f<>:\"|?*]")


def safe_name(name: str) -> str:
    """A student or file name safe on every OS: path separators, control characters and
    the characters Windows forbids (``<>:"|?*``) are removed; UTF-8 is kept.

    >>> safe_name("李雷/../<A:B>?")
    '李雷..AB'
    """
    cleaned = _SAFE.sub("", name).strip().strip(".")
    return cleaned or "anonymous"
