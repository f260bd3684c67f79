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
from . import placeholders, schema, yaml_lines
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
    table.report(unstated, "precision", i18n.t("vm_date_only"), i18n.t("vm_date_only_expected"),
                 severity="warning")
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
                                      i18n.t("vm_unknown_strategy", value=code),
                                      one_of(vocab.STRATEGIES),
                                      did_you_mean(code, vocab.STRATEGIES)))
    for lang in ("zh", "en"):
        col = f"summary_{lang}"
        table.report(table.column(col) == "", col, i18n.t(f"vm_missing_summary_{lang}"),
                     i18n.t("vm_missing_summary_expected"))
    source = table.column("source").str.replace(r"\s*;\s*", ";", regex=True)
    known = {s.id for s in meta.sources}
    if meta.provenance.events == "documented":
        table.report(source == "", "source", i18n.t("vm_no_source"),
                     i18n.t("vm_no_source_expected"), one_of(sorted(known)) if known else
                     i18n.t("vm_no_source_hint"))
    refs = source[source != ""].str.split(";").explode()
    bad_refs = refs[~refs.isin(list(known))]
    rows = table.df.index.get_indexer(bad_refs.index)
    for row, ref in list(zip(rows, bad_refs, strict=True))[:MAX_PER_COLUMN]:
        table.problems.append(Problem(table.shown, int(table.lines[row]), "source",
                                      i18n.t("vm_unknown_source", value=ref),
                                      one_of(sorted(known)) if known else
                                      i18n.t("vm_unknown_source_expected"),
                                      did_you_mean(ref, known)))
    certainty = table.choice("certainty", vocab.CERTAINTIES, default="confirmed")
    metric, value_raw = table.column("metric"), table.column("value")
    value = pd.to_numeric(value_raw.str.replace(",", "", regex=False),
                          errors="coerce").astype("float64")
    value = value.where(value.abs() <= MAX_VALUE)  # inf, 1e400 and beyond
    table.report((value_raw != "") & value.isna(), "value",
                 (i18n.t("vm_not_a_number", value=v[:40]) for v in
                  value_raw[(value_raw != "") & value.isna()]),
                 i18n.t("vm_not_a_number_expected", max=MAX_VALUE))
    table.report((value_raw != "") & (metric == ""), "metric", i18n.t("vm_value_no_metric"),
                 i18n.t("vm_value_no_metric_expected"))
    table.report((metric != "") & (value_raw == ""), "value", i18n.t("vm_metric_no_value"),
                 i18n.t("vm_a_number"))
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
            table.shown, 1, missing, i18n.t("vm_missing_sentiment"),
            i18n.t("vm_missing_sentiment_expected"),
            i18n.t("vm_missing_sentiment_hint", missing=missing, split=", ".join(split))))
        return None
    times, _ = table.times("time", tz)
    platform = table.choice("platform", vocab.CHANNELS)
    counts = {c: table.counts(c) for c in required[2:]}
    for c in split:
        over = counts[c] > counts["mentions"]
        table.report(over, c, (i18n.t("vm_count_above", column=c, value=v, mentions=m)
                               for v, m in zip(counts[c][over], counts["mentions"][over],
                                               strict=True)),
                     i18n.t("vm_count_above_expected"))
    if split:
        total = counts["negative"] + counts["neutral"] + counts["positive"]
        over = (total > counts["mentions"]) & (counts["negative"] <= counts["mentions"])
        table.report(over, "mentions", i18n.t("vm_split_above"),
                     i18n.t("vm_split_above_expected"))
    dup = pd.DataFrame({"time": times, "platform": platform}).duplicated()  # NaT alike
    table.report(dup, "time", i18n.t("vm_duplicate_period"),
                 i18n.t("vm_duplicate_period_expected"))
    return pd.DataFrame({"time": times, "platform": platform, **counts})


def _window_problems(meta: schema.CaseMeta, signals: pd.DataFrame | None, shown: str,
                     line: int) -> list[Problem]:
    """``provenance.signals_window`` must hold every row of signals.csv (a warning)."""
    if signals is None or signals.empty or "time" not in signals:
        return [Problem(shown, line, "provenance.signals_window",
                        i18n.t("vm_window_empty"), i18n.t("vm_window_empty_expected"),
                        i18n.t("vm_window_empty_hint"), severity="warning")]
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
                    i18n.t("vm_window_outside", n=outside), i18n.t("vm_window_outside_expected"),
                    i18n.t("vm_window_outside_hint"), severity="warning")]


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
    table.report(topic == "", "topic", i18n.t("vm_missing_topic"),
                 i18n.t("vm_missing_topic_expected"))
    raw = table.column("value")
    value = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
    table.report(raw == "", "value", i18n.t("vm_missing_value"), i18n.t("vm_a_number"))
    bad = (raw != "") & (value.isna() | (value < 0))
    table.report(bad, "value", (i18n.t("vm_not_positive", value=v) for v in raw[bad]),
                 i18n.t("vm_not_positive_expected"))
    rank = signal.isin(list(vocab.RANK_SIGNALS)) & ~bad & value.notna()
    bad_rank = rank & ((value < 1) | (value != value.round()))
    table.report(bad_rank, "value", (i18n.t("vm_bad_rank", value=v) for v in raw[bad_rank]),
                 i18n.t("vm_bad_rank_expected"), i18n.t("vm_bad_rank_hint"))
    key = pd.Series(list(zip(times.astype(str), platform, signal, topic, strict=True)),
                    index=table.df.index)
    table.report(key.duplicated(), "time", i18n.t("vm_duplicate_signal"),
                 i18n.t("vm_duplicate_signal_expected"))
    return pd.DataFrame({"time": times, "platform": platform, "signal": signal,
                         "topic": topic, "value": value.astype("float64")})

def check_case(folder: Path | str, *, shown: str | None = None,
               folder_name: str | None = None,
               posts: pd.DataFrame | None = None, ids_checked: bool = False) -> Parsed:
    """Check every file of one case folder. Never raises on bad data.

    ``folder_name`` is the name the case id must match, when that is not ``folder``'s
    own (the importer checks a staging folder before moving it into place).

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
        out.problems.append(Problem(shown, 1, "case", i18n.t("vm_no_folder"),
                                    i18n.t("vm_no_folder_expected")))
        return out
    out.problems += outward_links(folder, where)
    if any(p.column == "file" for p in out.problems):
        return out
    for name in ("case.yaml", "questions.yaml"):
        if (folder / name).is_file() and (folder / name).stat().st_size > MAX_YAML_BYTES:
            out.problems.append(Problem(where(name), 1, "file",
                                        i18n.t("vm_yaml_too_large", mb=MAX_YAML_BYTES // 2**20),
                                        i18n.t("vm_yaml_too_large_expected")))
            return out
    text, problems = read_text(folder / "case.yaml", where("case.yaml"))
    out.problems += problems
    if text is not None:
        out.meta, problems = schema.parse_case_yaml(text, where("case.yaml"))
        out.problems += problems
        if out.meta and out.meta.id != (folder_name or folder.name):
            line = yaml_lines.key_lines(text).get(("id",), 1)
            out.problems.append(Problem(where("case.yaml"), line, "id",
                                        i18n.t("vm_id_not_folder", value=out.meta.id),
                                        i18n.t("vm_id_not_folder_expected",
                                               name=folder_name or folder.name),
                                        i18n.t("vm_id_not_folder_hint")))
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
            i18n.t("vm_signals_none"), i18n.t("vm_signals_none_expected"),
            i18n.t("vm_signals_none_hint"), severity="warning"))
    if meta is not None and meta.provenance.signals_window is not None:
        line = yaml_lines.key_lines(text or "").get(("provenance", "signals_window"), 1)
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
                problems.append(Problem(where(path.name), 1, "file", i18n.t("vm_outward_link"),
                                        i18n.t("vm_outward_link_expected"),
                                        i18n.t("vm_outward_link_hint")))
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
            problems.append(Problem(shown, 1, "case",
                                    i18n.t("vm_not_checked",
                                           why=f"{type(exc).__name__}: {str(exc)[:80]}"),
                                    i18n.t("vm_not_checked_expected"),
                                    i18n.t("vm_not_checked_hint")))
    if not folders:
        problems.append(Problem(str(path), 1, "case", i18n.t("vm_no_folders"),
                                i18n.t("vm_no_folders_expected")))
    return problems
