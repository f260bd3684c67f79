"""Check a case folder against format v1 and report every problem in one pass.

Tables are checked with whole-column operations (never row by row), so a large
posts file is as quick to check as to read.

>>> from workbench.core.cases import bundled_root
>>> validate(bundled_root() / "demo-lumen-2024")
[]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..foundation import i18n, vocab
from ..foundation.limits import MAX_COUNT, MAX_VALUE, MAX_YAML_BYTES
from ..foundation.problems import Problem, did_you_mean, one_of, read_text
from . import derived, distinct, placeholders, schema

EVENT_COLUMNS = ("id", "time", "precision", "phase", "kind", "actor", "channel", "strategy",
                 "summary_zh", "summary_en", "source", "certainty", "metric", "value")
EVENT_REQUIRED = ("id", "time", "phase", "kind", "actor", "channel", "summary_zh", "summary_en")
REACTION_COLUMNS = ("time", "platform", "mentions", "negative", "neutral", "positive")
SIGNAL_COLUMNS = ("time", "platform", "signal", "topic", "value")
POST_COLUMNS = ("time", "platform", "text", "id", "author", "sentiment", "sentiment_source",
                "likes", "shares", "comments", "brand")
POST_REQUIRED = ("time", "platform", "text")
MAX_PER_COLUMN = 20  # rows reported per column and kind of problem; the rest are counted

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_SERIAL = r"^\d{5}(\.\d+)?$"


@dataclass
class Parsed:
    """What a case folder holds once checked: typed tables, metadata and problems."""

    meta: schema.CaseMeta | None = None
    events: pd.DataFrame | None = None
    reactions: pd.DataFrame | None = None
    posts: pd.DataFrame | None = None
    signals: pd.DataFrame | None = None
    questions: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class Table:
    """A CSV file read with its line numbers, for whole-column checks."""

    def __init__(self, frame: pd.DataFrame, lines: np.ndarray, shown: str):
        self.df, self.lines, self.shown = frame, lines, shown
        self.problems: list[Problem] = []

    def report(self, mask: pd.Series | np.ndarray, column: str, what: str | Iterable[str],
               expected: str = "", hint: str | Iterable[str] = "", *,
               severity: str = "error") -> None:
        """Add one problem per row where ``mask`` holds (capped, the rest counted)."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        whats = [what] * len(rows) if isinstance(what, str) else list(what)
        hints = [hint] * len(rows) if isinstance(hint, str) else list(hint)
        for n, row in enumerate(rows[:MAX_PER_COLUMN]):
            self.problems.append(Problem(self.shown, int(self.lines[row]), column, whats[n],
                                         expected, hints[n], severity))
        if len(rows) > MAX_PER_COLUMN:
            self.problems.append(Problem(
                self.shown, int(self.lines[rows[MAX_PER_COLUMN]]), column,
                f"… and {len(rows) - MAX_PER_COLUMN} more rows with this problem", expected,
                severity=severity))

    def column(self, name: str) -> pd.Series:
        if name in self.df:
            col = self.df[name]
            col = col.astype(object) if isinstance(col.dtype, pd.CategoricalDtype) else col
            return col.fillna("").astype(str).str.strip()
        return pd.Series([""] * len(self.df), index=self.df.index, dtype=str)

    def columns_present(self, known: tuple, required: tuple) -> bool:
        for name in required:
            if name not in self.df.columns:
                self.problems.append(Problem(self.shown, 1, name, "missing required column",
                                             f"a header with {', '.join(required)}",
                                             did_you_mean(name, self.df.columns) or
                                             "add the column to the first row"))
        for name in self.df.columns:
            if name not in known:
                self.problems.append(Problem(self.shown, 1, str(name), "unknown column (ignored)",
                                             one_of(known), did_you_mean(name, known),
                                             severity="warning"))
        return all(name in self.df.columns for name in required)

    def choice(self, name: str, table: dict, *, aliases: dict | None = None,
               default: str | None = None) -> pd.Series:
        """Normalise a controlled-vocabulary column; report unknown and missing values."""
        values = self.column(name)
        normal = values.str.lower().replace(aliases or {})
        if default is not None:
            normal = normal.mask(normal == "", default)
        else:
            self.report(normal == "", name, "missing value", one_of(table))
        bad = (normal != "") & ~normal.isin(list(table))
        self.report(bad, name, (f"unknown value '{v}'" for v in values[bad]), one_of(table),
                    (did_you_mean(v, table) for v in values[bad]))
        return normal

    def unique_ids(self, name: str) -> None:
        if distinct.ids_unique(self.df[name]):  # one sort; duplicates are reported below
            return
        ids = self.column(name)
        dup = ids.duplicated() & (ids != "")
        if not dup.any():
            return
        firsts = ids[~dup & ids.isin(ids[dup])]
        first = dict(zip(firsts, self.lines[self.df.index.get_indexer(firsts.index)],
                         strict=True))
        self.report(dup, name, (f"duplicate id '{v}'" for v in ids[dup]), "ids unique in the case",
                    (f"first used on line {first[v]}" for v in ids[dup]))

    def times(self, name: str, tz: str) -> tuple[pd.Series, pd.Series]:
        """Parse ISO 8601 times (offset optional → ``tz``). Returns (times, date_only)."""
        raw = self.column(name)
        return parse_times(raw, tz, self, name)

    def counts(self, name: str) -> pd.Series:
        raw = self.column(name)
        num = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = num.isna() | (num < 0) | (num != num.round()) | ~(num.abs() <= MAX_COUNT)
        self.report(bad, name, (f"'{v[:40]}' is not a count" for v in raw[bad]),
                    f"a whole number from 0 to {MAX_COUNT:,}")
        return num.where(~bad, 0).astype("int64")


def parse_times(raw: pd.Series, tz: str, table: Table, name: str) -> tuple[pd.Series, pd.Series]:
    """Whole-column ISO 8601 parsing; bad values are reported on ``table``."""
    date_only = raw.str.match(_DATE)
    shaped = raw.str.match(_TIME.pattern) | date_only
    aware = shaped & ~date_only & raw.str.contains(_OFFSET.pattern)
    out = pd.Series(pd.NaT, index=raw.index, dtype=f"datetime64[us, {tz}]")
    if aware.any():
        parsed = pd.to_datetime(raw[aware].str.replace(" ", "T", n=1), format="ISO8601",
                                errors="coerce", utc=True)
        out[aware] = parsed.dt.tz_convert(tz).dt.as_unit("us")
    naive = shaped & ~aware
    if naive.any():
        parsed = pd.to_datetime(raw[naive], format="ISO8601", errors="coerce")
        local = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.as_unit("us")
        out[naive] = local
        gap = pd.Series(False, index=raw.index)
        gap[naive] = (parsed.notna() & local.isna()).to_numpy()
        table.report(gap, name, (f"'{v}' does not exist or happens twice in {tz} (a clock "
                                 "change)" for v in raw[gap]),
                     "a time with its UTC offset, e.g. 2024-03-10T02:30:00-05:00",
                     "write the offset for times near a daylight-saving change")
        raw = raw.mask(gap, "\0gap")  # reported once
    serial = raw.str.match(_SERIAL)
    table.report(serial, name, (f"'{v}' looks like a spreadsheet date serial number"
                                for v in raw[serial]),
                 "an ISO 8601 time such as 2017-08-25T10:58:00+08:00",
                 "format the column as text (yyyy-mm-ddThh:mm) before saving")
    table.report(raw == "", name, "missing time", "an ISO 8601 time such as 2017-08-25T10:58")
    bad = out.isna() & (raw != "") & ~serial & (raw != "\0gap")
    table.report(bad, name, (f"cannot read '{v[:40]}' as a time" for v in raw[bad]),
                 "an ISO 8601 time such as 2017-08-25T10:58:00+08:00 or a date 2017-08-25",
                 "use - between date parts and T or a space before the clock time")
    return out, date_only


def read_table(path: Path, shown: str) -> tuple[Table | None, list[Problem]]:
    """Read a CSV file with the line number where each row starts (header = line 1)."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
        rows, lines, last = [], [], reader.line_num
        for row in reader:
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(Problem(
                    shown, start, "row", f"row has {len(row)} fields but the header has "
                    f"{len(header)}", f"{len(header)} comma-separated fields",
                    "put text that contains a comma in double quotes"))
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        return None, [*problems, Problem(shown, reader.line_num, "csv", f"cannot parse: {exc}",
                                         "a comma-separated file",
                                         "check for a stray double quote")]
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    if frame.columns.duplicated().any():
        dup = frame.columns[frame.columns.duplicated()][0]
        return None, [*problems, Problem(shown, 1, dup, "column appears twice in the header",
                                         "each column once")]
    table = Table(frame, np.asarray(lines, dtype=int), shown)
    table.problems = problems
    return table, []


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
    """Check reactions.csv; return the typed reactions table."""
    if not table.columns_present(REACTION_COLUMNS, REACTION_COLUMNS):
        return None
    times, _ = table.times("time", tz)
    platform = table.choice("platform", vocab.CHANNELS)
    counts = {c: table.counts(c) for c in ("mentions", "negative", "neutral", "positive")}
    for c in ("negative", "neutral", "positive"):
        over = counts[c] > counts["mentions"]
        table.report(over, c, (f"{c} count {v} is above mentions {m}" for v, m in
                               zip(counts[c][over], counts["mentions"][over], strict=True)),
                     "each sentiment count ≤ mentions")
    total = counts["negative"] + counts["neutral"] + counts["positive"]
    over = (total > counts["mentions"]) & (counts["negative"] <= counts["mentions"])
    table.report(over, "mentions", "negative + neutral + positive is above mentions",
                 "the three sentiment counts to add up to at most mentions")
    key = pd.Series(list(zip(times.astype(str), platform, strict=True)), index=table.df.index)
    dup = key.duplicated()
    table.report(dup, "time", "duplicate period for this platform",
                 "one row per period and platform")
    return pd.DataFrame({"time": times, "platform": platform, **counts})


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


def _valid_categories(col: pd.Series, table: dict, *, empty_ok: bool) -> pd.Series | None:
    """A categorical (Parquet dictionary) column whose every value is valid, normalised
    by renaming its few categories; None means: check it row by row as text."""
    if not isinstance(col.dtype, pd.CategoricalDtype) or (not empty_ok and col.hasnans):
        return None
    cats = pd.Series(col.cat.categories.astype(str)).str.strip().str.lower()
    if not cats.isin(list(table)).all() or cats.duplicated().any():
        return None
    return col.cat.rename_categories(cats.tolist())


def _platforms(table: Table) -> pd.Categorical:
    """``Table.choice("platform", CHANNELS)`` computed once per distinct text."""
    codes, texts = distinct.values(table.df["platform"])
    normal = texts.str.lower()
    table.report(distinct.broadcast(normal == "", codes), "platform", "missing value",
                 one_of(vocab.CHANNELS))
    bad = distinct.broadcast((normal != "") & ~normal.isin(list(vocab.CHANNELS)), codes)
    shown = distinct.broadcast(texts, codes[bad][:MAX_PER_COLUMN + 1])
    table.report(bad, "platform", (f"unknown value '{v}'" for v in shown),
                 one_of(vocab.CHANNELS), (did_you_mean(v, vocab.CHANNELS) for v in shown))
    return distinct.as_category(normal.where(normal != ""), codes)


def _sentiments(table: Table) -> pd.Categorical:
    """Sentiment labels or scores in [-1, 1] → labels, checked once per distinct text."""
    codes, texts = distinct.values(table.df["sentiment"])
    raw = texts.str.lower()
    score = pd.to_numeric(raw, errors="coerce")
    label = raw.where(raw.isin(list(vocab.SENTIMENTS)))
    bad_text = (raw != "") & label.isna() & (score.isna() | (score.abs() > 1))
    bad = distinct.broadcast(bad_text, codes)
    shown = distinct.broadcast(raw, codes[bad][:MAX_PER_COLUMN + 1])
    table.report(bad, "sentiment", (f"unknown sentiment '{v}'" for v in shown),
                 "negative, neutral, positive or a score in [-1, 1]")
    from_score = pd.cut(score, [-1.01, -0.05, 0.05, 1.01],
                        labels=["negative", "neutral", "positive"]).astype("object")
    return distinct.as_category(label.fillna(pd.Series(from_score, index=raw.index)), codes)


def check_posts(frame: pd.DataFrame, shown: str, tz: str, lines: np.ndarray, *,
                ids_checked: bool = False) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a posts table (from CSV or Parquet) with whole-column operations.

    Typed Parquet columns skip work: tz-aware times are only converted, categorical
    platform and sentiment columns are checked on their categories, and ``ids_checked``
    (a fresh derived cache, see :mod:`workbench.core.derived`) skips the id uniqueness check.
    """
    table = Table(frame, lines, shown)
    ok = table.columns_present(POST_COLUMNS, POST_REQUIRED)
    posts = None
    if ok:
        for name in [c for c in POST_COLUMNS if c in frame and frame[c].dtype == object
                     and pd.api.types.infer_dtype(frame[c], skipna=True) == "mixed"]:
            nested = frame[name].map(lambda v: isinstance(v, list | dict | tuple | set
                                                          | np.ndarray))
            table.report(nested, name, "a list or mapping, not a single value",
                         "one text, number or time per cell")
        if pd.api.types.is_datetime64_any_dtype(frame["time"]):
            t = frame["time"]
            times = (t.dt.tz_convert(tz) if t.dt.tz is not None else
                     t.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT"))
            table.report(times.isna(), "time", "missing time, or one that does not exist "
                         f"(or happens twice) in {tz}", "a time with its UTC offset")
        else:
            times, _ = table.times("time", tz)
        posts = frame.copy(deep=False)  # copy-on-write: columns are replaced, never edited
        posts["time"] = times
        fast = _valid_categories(frame["platform"], vocab.CHANNELS, empty_ok=False)
        posts["platform"] = _platforms(table) if fast is None else fast
        fast = (_valid_categories(frame["sentiment"], vocab.SENTIMENTS, empty_ok=True)
                if "sentiment" in frame else None)
        if fast is not None:
            posts["sentiment"] = fast
        elif "sentiment" in frame:
            posts["sentiment"] = _sentiments(table)
        for c in ("likes", "shares", "comments"):
            if c in frame and not pd.api.types.is_numeric_dtype(frame[c]):
                posts[c] = pd.to_numeric(frame[c], errors="coerce")
        if "id" in frame and not ids_checked:
            table.unique_ids("id")
    return posts, table.problems


def check_case(folder: Path | str, *, shown: str | None = None) -> Parsed:
    """Check every file of one case folder. Never raises on bad data."""
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
    out.posts, problems = _read_posts(folder, where, meta)
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


def _read_posts(folder: Path, where, meta) -> tuple[pd.DataFrame | None, list[Problem]]:
    parquet, csv_path = folder / "posts.parquet", folder / "posts.csv"
    if parquet.exists():
        try:
            frame = pd.read_parquet(parquet)
        except Exception as exc:  # pyarrow raises many types for damaged files
            return None, [Problem(where("posts.parquet"), 1, "file",
                                  f"cannot read Parquet ({type(exc).__name__})",
                                  "a Parquet file written by pandas or pyarrow")]
        lines = np.arange(1, len(frame) + 1)
        shown = where("posts.parquet")
        if meta is not None:
            return check_posts(frame, shown, meta.timezone, lines,
                               ids_checked=derived.fresh(folder, meta.timezone))
    elif csv_path.exists():
        table, problems = read_table(csv_path, where("posts.csv"))
        if table is None:
            return None, problems
        frame, lines, shown = table.df, table.lines, where("posts.csv")
    else:
        return None, []
    if meta is None:
        return None, []
    return check_posts(frame, shown, meta.timezone, lines)


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
