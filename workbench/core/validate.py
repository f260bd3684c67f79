"""Check a case folder against format v1 and report every problem in one pass.

Tables are checked with whole-column operations (never row by row), so a large
posts file is as quick to check as to read. This module checks the case as a whole and
its small tables (events, reactions, signals); CSV reading and the checks every table
shares live in :mod:`workbench.core.validate_table`, the posts in
:mod:`workbench.core.validate_posts` (their names are re-exported here).

>>> from workbench.core.cases import bundled_root
>>> validate(bundled_root() / "demo-lumen-2024")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..foundation import i18n, vocab
from ..foundation.limits import MAX_VALUE, MAX_YAML_BYTES
from ..foundation.problems import Problem, did_you_mean, one_of, read_text
from . import placeholders, schema
from .posts import Posts
from .validate_posts import POST_COLUMNS, POST_REQUIRED, check_posts, read_posts
from .validate_table import MAX_PER_COLUMN, Table, parse_times, read_table

__all__ = ["EVENT_COLUMNS", "EVENT_REQUIRED", "MAX_PER_COLUMN", "POST_COLUMNS", "POST_REQUIRED",
           "REACTION_COLUMNS", "SIGNAL_COLUMNS", "Parsed", "Table", "case_folders",
           "check_case", "check_events", "check_posts", "check_reactions", "check_signals",
           "outward_links", "parse_times", "read_table", "validate"]

EVENT_COLUMNS = ("id", "time", "precision", "phase", "kind", "actor", "channel", "strategy",
                 "summary_zh", "summary_en", "source", "certainty", "metric", "value")
EVENT_REQUIRED = ("id", "time", "phase", "kind", "actor", "channel", "summary_zh", "summary_en")
REACTION_COLUMNS = ("time", "platform", "mentions", "negative", "neutral", "positive")
#: The sentiment split of reactions.csv: all three columns, or none (attention only).
SENTIMENT_SPLIT = ("negative", "neutral", "positive")
#: The columns of an attention-only reactions.csv (no documented sentiment figure).
ATTENTION_COLUMNS = REACTION_COLUMNS[:3]
SIGNAL_COLUMNS = ("time", "platform", "signal", "topic", "value")


@dataclass
class Parsed:
    """What a case folder holds once checked: typed tables, metadata and problems."""

    meta: schema.CaseMeta | None = None
    events: pd.DataFrame | None = None
    reactions: pd.DataFrame | None = None
    posts: pd.DataFrame | Posts | None = None  # a Posts store when they stay on disk
    signals: pd.DataFrame | None = None
    questions: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def check_events(table: Table, meta: schema.CaseMeta) -> pd.DataFrame | None:
    """Check events.csv; return the typed events table (or None when unusable)."""
    if not table.columns_present(EVENT_COLUMNS, EVENT_REQUIRED):
        return None
    tz = meta.timezone
    table.unique_ids("id")
    times, date_only = table.times("time", tz)
    precision = table.choice("precision", vocab.PRECISIONS, default="minute")
    unstated = date_only & (table.column("precision") == "")
    table.report(unstated, "precision", "a date without a clock time is read as precision 'day'",
                 "precision day, or a clock time", severity="warning")
    precision = precision.mask(unstated, "day")
    phase = table.choice("phase", vocab.PHASES, aliases=vocab.PHASE_ALIASES)
    kind = table.choice("kind", vocab.KINDS)
    actor = table.choice("actor", vocab.ACTORS)
    channel = table.choice("channel", vocab.CHANNELS)
    strategy = table.column("strategy").str.lower().str.replace(r"\s*;\s*", ";", regex=True)
    codes = strategy[strategy != ""].str.split(";").explode()
    bad_codes = codes[~codes.isin(list(vocab.STRATEGIES))]
    rows = table.df.index.get_indexer(bad_codes.index)
    for row, code in list(zip(rows, bad_codes, strict=True))[:MAX_PER_COLUMN]:
        table.problems.append(Problem(table.shown, int(table.lines[row]), "strategy",
                                      f"unknown strategy '{code}'", one_of(vocab.STRATEGIES),
                                      did_you_mean(code, vocab.STRATEGIES)))
    for lang in ("zh", "en"):
        col = f"summary_{lang}"
        table.report(table.column(col) == "", col, f"missing {lang} summary",
                     "a summary in both zh and en")
    source = table.column("source").str.replace(r"\s*;\s*", ";", regex=True)
    known = {s.id for s in meta.sources}
    if meta.provenance.events == "documented":
        table.report(source == "", "source", "documented event without a source",
                     "a source id from case.yaml", one_of(sorted(known)) if known else
                     "add the source to case.yaml's sources list first")
    refs = source[source != ""].str.split(";").explode()
    bad_refs = refs[~refs.isin(list(known))]
    rows = table.df.index.get_indexer(bad_refs.index)
    for row, ref in list(zip(rows, bad_refs, strict=True))[:MAX_PER_COLUMN]:
        table.problems.append(Problem(table.shown, int(table.lines[row]), "source",
                                      f"source id '{ref}' is not in case.yaml",
                                      one_of(sorted(known)) if known else "a listed source id",
                                      did_you_mean(ref, known)))
    certainty = table.choice("certainty", vocab.CERTAINTIES, default="confirmed")
    metric, value_raw = table.column("metric"), table.column("value")
    value = pd.to_numeric(value_raw.str.replace(",", "", regex=False),
                          errors="coerce").astype("float64")
    value = value.where(value.abs() <= MAX_VALUE)  # inf, 1e400 and beyond
    table.report((value_raw != "") & value.isna(), "value",
                 (f"'{v[:40]}' is not a number" for v in
                  value_raw[(value_raw != "") & value.isna()]),
                 f"a number such as 2400000 (at most {MAX_VALUE:.0e})")
    table.report((value_raw != "") & (metric == ""), "metric", "value given without a metric",
                 "a metric name such as video_views")
    table.report((metric != "") & (value_raw == ""), "value", "metric given without a value",
                 "a number")
    if table.df.empty and meta.provenance.events == "pending":
        table.problems.append(Problem(table.shown, 1, "events", i18n.t("val_no_events"),
                                      i18n.t("val_no_events_expected"), i18n.t("val_no_events_hint"),
                                      severity="warning"))
    elif not (kind == "trigger").any():
        table.problems.append(Problem(table.shown, 1, "kind", i18n.t("val_no_trigger"),
                                      i18n.t("val_no_trigger_expected"), severity="warning"))
    return pd.DataFrame({
        "id": table.column("id"), "time": times, "precision": precision, "phase": phase,
        "kind": kind, "actor": actor, "channel": channel, "strategy": strategy,
        "summary_zh": table.column("summary_zh"), "summary_en": table.column("summary_en"),
        "source": source, "certainty": certainty, "metric": metric, "value": value,
        "line": table.lines,
    })


def check_reactions(table: Table, tz: str) -> pd.DataFrame | None:
    """Check reactions.csv; return the typed reactions table.

    The sentiment split is all three of ``negative, neutral, positive`` or none of them:
    a file with only ``time, platform, mentions`` is *attention only* (no documented
    sentiment figure), and its table has no sentiment columns.
    """
    split = [c for c in SENTIMENT_SPLIT if c in table.df.columns]
    required = REACTION_COLUMNS if split else ATTENTION_COLUMNS
    if not table.columns_present(REACTION_COLUMNS, ATTENTION_COLUMNS):
        return None
    if split and len(split) < len(SENTIMENT_SPLIT):
        missing = next(c for c in SENTIMENT_SPLIT if c not in split)
        table.problems.append(Problem(
            table.shown, 1, missing, "missing sentiment column",
            "all of negative, neutral, positive, or none of them (attention only)",
            f"add {missing}, or remove {', '.join(split)} if no sentiment figure exists"))
        return None
    times, _ = table.times("time", tz)
    platform = table.choice("platform", vocab.CHANNELS)
    counts = {c: table.counts(c) for c in required[2:]}
    for c in split:
        over = counts[c] > counts["mentions"]
        table.report(over, c, (f"{c} count {v} is above mentions {m}" for v, m in
                               zip(counts[c][over], counts["mentions"][over], strict=True)),
                     "each sentiment count ≤ mentions")
    if split:
        total = counts["negative"] + counts["neutral"] + counts["positive"]
        over = (total > counts["mentions"]) & (counts["negative"] <= counts["mentions"])
        table.report(over, "mentions", "negative + neutral + positive is above mentions",
                     "the three sentiment counts to add up to at most mentions")
    key = pd.Series(list(zip(times.astype(str), platform, strict=True)), index=table.df.index)
    dup = key.duplicated()
    table.report(dup, "time", "duplicate period for this platform",
                 "one row per period and platform")
    return pd.DataFrame({"time": times, "platform": platform, **counts})


def _window_problems(meta: schema.CaseMeta, signals: pd.DataFrame | None, shown: str,
                     line: int) -> list[Problem]:
    """``provenance.signals_window`` must hold every row of signals.csv (a warning)."""
    if signals is None or signals.empty or "time" not in signals:
        return [Problem(shown, line, "provenance.signals_window",
                        "a signals window is declared but the case has no signals rows",
                        "signals.csv with rows inside the window",
                        "remove signals_window or add signals.csv", severity="warning")]
    window = meta.provenance.signals_window
    bounds = []
    for when in (window.start, window.end):
        stamp = pd.Timestamp(when)
        bounds.append(stamp.tz_localize(meta.timezone) if stamp.tzinfo is None else stamp)
    times = signals["time"]
    outside = int(((times < bounds[0]) | (times >= bounds[1])).sum())
    if not outside:
        return []
    return [Problem(shown, line, "provenance.signals_window",
                    f"{outside} signals.csv row(s) fall outside the declared window",
                    "start ≤ time < end for every row",
                    "widen the window to the span the list was watched", severity="warning")]


def check_signals(table: Table, tz: str) -> pd.DataFrame | None:
    """Check signals.csv (platform attention: ranks, heat, reads…); return the typed table.

    Ranks (``hot-search-rank``, ``trending-rank``) are whole numbers ≥ 1; other values
    are numbers ≥ 0. One row per time, platform, signal and topic.
    """
    if not table.columns_present(SIGNAL_COLUMNS, SIGNAL_COLUMNS):
        return None
    times, _ = table.times("time", tz)
    platform = table.choice("platform", vocab.CHANNELS)
    signal = table.choice("signal", vocab.SIGNALS)
    topic = table.column("topic")
    table.report(topic == "", "topic", "missing topic",
                 "the title as the platform showed it")
    raw = table.column("value")
    value = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
    table.report(raw == "", "value", "missing value", "a number")
    bad = (raw != "") & (value.isna() | (value < 0))
    table.report(bad, "value", (f"'{v}' is not a number ≥ 0" for v in raw[bad]),
                 "a number such as 4840000")
    rank = signal.isin(list(vocab.RANK_SIGNALS)) & ~bad & value.notna()
    bad_rank = rank & ((value < 1) | (value != value.round()))
    table.report(bad_rank, "value", (f"rank '{v}' is not a whole number ≥ 1"
                                     for v in raw[bad_rank]),
                 "a place on the list: 1, 2, 3 …", "rank 1 is the top of the list")
    key = pd.Series(list(zip(times.astype(str), platform, signal, topic, strict=True)),
                    index=table.df.index)
    table.report(key.duplicated(), "time", "duplicate row for this time, platform, signal "
                 "and topic", "one row per time, platform, signal and topic")
    return pd.DataFrame({"time": times, "platform": platform, "signal": signal,
                         "topic": topic, "value": value.astype("float64")})

def check_case(folder: Path | str, *, shown: str | None = None,
               posts: pd.DataFrame | None = None, ids_checked: bool = False) -> Parsed:
    """Check every file of one case folder. Never raises on bad data.

    ``posts`` is the table just written to the folder's posts.parquet (by the importer):
    it is checked as it is in memory — the same checks, problems and lines as reading
    the file back — instead of reading the file again; ``ids_checked`` says its ids are
    known to be unique (the importer dropped the repeats).
    """
    folder = Path(folder)
    shown = shown if shown is not None else str(folder)
    out = Parsed()

    def where(name: str) -> str:
        return f"{shown.rstrip('/')}/{name}"

    if not folder.is_dir():
        out.problems.append(Problem(shown, 1, "case", "case folder not found",
                                    "a folder holding case.yaml and events.csv"))
        return out
    out.problems += outward_links(folder, where)
    if any(p.column == "file" for p in out.problems):
        return out
    for name in ("case.yaml", "questions.yaml"):
        if (folder / name).is_file() and (folder / name).stat().st_size > MAX_YAML_BYTES:
            out.problems.append(Problem(where(name), 1, "file", "file is larger than "
                                        f"{MAX_YAML_BYTES // 2**20} MB", "a short YAML file"))
            return out
    text, problems = read_text(folder / "case.yaml", where("case.yaml"))
    out.problems += problems
    if text is not None:
        out.meta, problems = schema.parse_case_yaml(text, where("case.yaml"))
        out.problems += problems
        if out.meta and out.meta.id != folder.name:
            line = schema.key_lines(text).get(("id",), 1)
            out.problems.append(Problem(where("case.yaml"), line, "id",
                                        f"id '{out.meta.id}' differs from the folder name",
                                        f"id: {folder.name}",
                                        "rename the folder or change the id"))
    table, problems = read_table(folder / "events.csv", where("events.csv"))
    out.problems += problems
    meta = out.meta
    if table is not None and meta is not None:
        out.events = check_events(table, meta)
        out.problems += table.problems
    read: set[str] = set()  # optional files that could be read as tables

    def optional_table(name: str, check) -> pd.DataFrame | None:
        """An optional per-period file (reactions.csv, signals.csv), read and checked."""
        if not (folder / name).exists():
            return None
        table, problems = read_table(folder / name, where(name))
        out.problems += problems
        if table is None or meta is None:
            return None
        read.add(name)
        checked = check(table, meta.timezone)
        out.problems += table.problems
        return checked

    out.reactions = optional_table("reactions.csv", check_reactions)
    out.signals = optional_table("signals.csv", check_signals)
    if "signals.csv" in read and meta is not None and meta.provenance.signals == "none":
        out.problems.append(Problem(
            where("case.yaml"), 1, "provenance.signals",
            "the case has signals.csv but provenance.signals is none",
            "observed, simulated or fictional",
            "say in case.yaml where the signals come from", severity="warning"))
    if meta is not None and meta.provenance.signals_window is not None:
        line = schema.key_lines(text or "").get(("provenance", "signals_window"), 1)
        out.problems += _window_problems(meta, out.signals, where("case.yaml"), line)
    out.posts, problems = read_posts(folder, where, meta, frame=posts, ids_checked=ids_checked)
    out.problems += problems
    if (folder / "questions.yaml").exists():
        text, problems = read_text(folder / "questions.yaml", where("questions.yaml"))
        out.problems += problems
        if text is not None:
            out.questions, problems = schema.parse_questions(text, where("questions.yaml"),
                                                             out.events)
            out.problems += problems
    out.problems += placeholders.check(folder, where)  # what `workbench new` left to fill in
    return out


def outward_links(folder: Path, where) -> list[Problem]:
    """A case file that is a symlink pointing out of the case root is refused, never read."""
    root = folder.resolve().parent
    problems = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            target = path.resolve()
            if root not in target.parents:
                problems.append(Problem(where(path.name), 1, "file", "a link to a file outside "
                                        "the cases folder (not followed)",
                                        "the file itself in the case folder",
                                        "copy the file instead of linking it"))
    return problems


def case_folders(path: Path) -> list[Path]:
    """A case folder itself, or every case folder directly inside a folder of cases."""
    if (path / "case.yaml").exists() or (path / "events.csv").exists():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return [path]


def validate(path: Path | str) -> list[Problem]:
    """Check a case folder, or a folder of cases; return every problem (errors and warnings).

    Never raises on bad data: a missing folder is itself a problem.
    """
    path = Path(path)
    problems: list[Problem] = []
    folders = case_folders(path)
    for folder in folders:
        shown = str(folder)
        try:
            problems += check_case(folder, shown=shown).problems
        except Exception as exc:  # a bug of ours: one line for this folder, the rest go on
            problems.append(Problem(shown, 1, "case", f"could not be checked "
                                    f"({type(exc).__name__}: {str(exc)[:80]})",
                                    "a readable case folder", "please report this case"))
    if not folders:
        problems.append(Problem(str(path), 1, "case", "no case folders found",
                                "folders holding case.yaml and events.csv"))
    return problems
