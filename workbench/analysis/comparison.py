"""Compare brands: one row of documented response metrics per case (``wb.compare``).

The definitions are a contract, written out in docs/metrics.md and computed by the pure
functions of :mod:`workbench.analysis.metrics`. The result is an ordinary DataFrame that shows
itself as a readable table (metrics as rows, brands as columns, ``≈`` on values resting
on an hour/day-precision time, a badge on values computed from simulated reactions).

>>> table = compare(["demo-lumen-2024"], reveal="always")  # in a notebook: wb.compare([...])
>>> row = table.iloc[0]
>>> float(row["first_response_hours"]), row["first_response_channel"], bool(row["within_24h"])
(5.25, 'weibo', True)
>>> row["approx"], row["reactions"]
(('first_corrective_action_hours',), 'fictional')
>>> bool(row["fits_cluster"])
False

Called plainly, ``compare`` shows what the student may see beside the stepper: the brand
moves their open decisions hold back are left out (``open_decisions``, ``hidden_moves``),
so a table never answers a decision the student has not made yet.

>>> import tempfile
>>> fresh = compare(["demo-lumen-2024"], student="李雷", journal_dir=tempfile.mkdtemp()).iloc[0]
>>> fresh["open_decisions"][0], bool(fresh["hidden_moves"] > 0), bool(fresh["statements"] < row["statements"])
('team-1', True, True)
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..core import progress
from ..core.case_card import badge
from ..core.cases import Case, load_case
from ..core.tables import ReadingTable
from ..foundation import i18n, vocab
from . import metrics, signals

#: The columns of ``wb.compare`` (a contract; see docs/metrics.md).
COLUMNS: tuple[str, ...] = (
    "case", "brand", "scct_cluster", "first_response_hours", "first_response_channel",
    "first_apology_hours", "first_corrective_action_hours", "statements", "channels",
    "posture_mix", "benoit_mix", "fits_cluster", "fit_note", "within_4h", "within_24h",
    "peak_mentions", "peak_hour", "responded_before_peak", "negative_share_peak",
    "negative_share_end", "attention_half_life_hours", *signals.SIGNAL_METRICS,
    "outcome", "approx", "reactions", "sentiment", "signals", "open_decisions", "hidden_moves",
)
#: Metrics that rest on an event time (approximate when that time has hour/day precision).
TIMED = {"first_response_hours": ("first_response_hours", "within_4h", "within_24h",
                                  "responded_before_peak"),
         "first_apology_hours": ("first_apology_hours",),
         "first_corrective_action_hours": ("first_corrective_action_hours",)}
#: Metrics computed from reaction data (they carry the simulated badge when it is simulated).
FROM_REACTIONS: tuple[str, ...] = ("peak_mentions", "peak_hour", "responded_before_peak",
                                   "negative_share_peak", "negative_share_end",
                                   "attention_half_life_hours")
#: Metrics that need the sentiment split: "not available — attention only" without it.
FROM_SENTIMENT: tuple[str, ...] = ("negative_share_peak", "negative_share_end")


def _label(metric: str, lang: str | None = None) -> str:
    return i18n.t(f"cmp_{metric}", lang=lang)


def _as_case(item: Case | str | Path) -> Case:
    return item if isinstance(item, Case) else load_case(item)


def as_cases(cases: Case | str | Path | Iterable[Case | str | Path]) -> list[Case]:
    """Cases, case ids or folders (one or several) → loaded :class:`Case` objects."""
    if isinstance(cases, (Case, str, Path)):
        cases = [cases]
    return [_as_case(c) for c in cases]


def available(*ids: str, root: str | Path | None = None, at_least: int = 2) -> list[str]:
    """The case ids among ``ids`` that exist and load here, topped up with other loadable
    cases (in catalog order) until there are ``at_least`` — so a notebook written for
    particular cases still runs in a copy that lacks some of them.

    >>> available("demo-lumen-2024", "no-such-case", at_least=1)
    ['demo-lumen-2024']
    """
    from ..core.library import available as library_available

    return library_available(*ids, root=root, at_least=at_least)


def mix_text(mix: dict[str, float], table: dict[str, vocab.Term], *,
             lang: str | None = None) -> str:
    """``{"rebuild": 0.67, "diminish": 0.33}`` → ``"Rebuild 67% · Diminish 33%"`` (largest first).

    >>> mix_text({"deny": 0.0, "rebuild": 0.75, "bolster": 0.25}, vocab.POSTURES, lang="en")
    'Rebuild 75% · Bolster 25%'
    """
    parts = sorted(((s, k) for k, s in mix.items() if s > 0), key=lambda p: -p[0])
    return " · ".join(f"{i18n.term(table, k, lang=lang)} {s:.0%}" for s, k in parts) or "—"


def fit_note(cluster: str, mix: dict[str, float], *, lang: str | None = None) -> str:
    """The SCCT rule for ``cluster``, what the brand used, what did not fit, and the citation.

    >>> print(fit_note("preventable", {"rebuild": 0.5, "diminish": 0.5}, lang="en"))
    ... # doctest: +ELLIPSIS
    SCCT, preventable cluster (strong ... do not fit. Postures the workbench counts as fitting: Rebuild, Bolster. The brand used: Rebuild 50% · Diminish 50%. Not fitting: Diminish. Source: W. T. Coombs, ...
    """
    fitting = vocab.SCCT_FIT.get(cluster, frozenset())
    order = [p for p in vocab.POSTURES if p in fitting]
    used = [p for p, s in mix.items() if s > 0]
    off = [p for p in used if p not in fitting]
    names = ", ".join(i18n.term(vocab.POSTURES, p, lang=lang) for p in order)
    zh = (lang or i18n.get_language()) == "zh"
    parts = [("SCCT：" if zh else "SCCT, ")
             + i18n.t(f"cmp_fit_rule_{cluster}", lang=lang).rstrip("。."),
             i18n.t("cmp_fit_fitting", lang=lang, p=names),
             i18n.t("cmp_fit_used", lang=lang, p=mix_text(mix, vocab.POSTURES, lang=lang))
             if used else i18n.t("cmp_fit_nocodes", lang=lang)]
    if off:
        parts.append(i18n.t("cmp_fit_off", lang=lang, p=", ".join(
            i18n.term(vocab.POSTURES, p, lang=lang) for p in off)))
    sep = "。" if zh else ". "
    text = sep.join(p[:1].upper() + p[1:] for p in parts) + sep.strip() + " "
    return text + i18n.t("cmp_fit_source", lang=lang) + vocab.COOMBS_CITATION


def reactions_provenance(case: Case) -> str:
    """``observed``/``simulated``/``fictional`` for the case's reaction data, ``none`` if empty."""
    return case.meta.provenance.reactions if len(case.reactions) else "none"


def sentiment_kind(case: Case) -> str:
    """``split`` when the reactions carry negative/neutral/positive, ``attention-only`` when
    they are mentions alone (no documented sentiment figure), ``none`` without reactions."""
    if not len(case.reactions):
        return "none"
    return "split" if case.has_sentiment else "attention-only"


def not_available(metric: str, row: pd.Series | dict, *, lang: str | None = None) -> str | None:
    """The "not available — attention only" text when ``metric`` needs a sentiment split
    that ``row`` (a ``wb.compare`` row) does not have; None otherwise."""
    if metric in FROM_SENTIMENT and row.get("sentiment") == "attention-only":
        return i18n.t("att_not_available", lang=lang)
    return None


def case_metrics(case: Case, *, lang: str | None = None,
                 pending: Iterable[progress.Decision] = ()) -> dict:
    """One comparison row for ``case`` (the columns of :data:`COLUMNS`). ``pending``: the
    decisions still holding moves of ``case`` back (its outcome is then not shown)."""
    pending = tuple(d.id for d in pending)
    ev, re_ = case.events, case.reactions
    first = metrics.first_response(ev)
    apology = metrics.first_apology(ev)
    corrective = metrics.first_corrective_action(ev)
    top = metrics.peak(re_)
    moves = metrics.brand_moves(ev)
    mix = metrics.posture_mix(ev)
    cluster = case.meta.classification.scct_cluster
    approx = tuple(name for key, found in (("first_response_hours", first),
                                           ("first_apology_hours", apology),
                                           ("first_corrective_action_hours", corrective))
                   if found.approx for name in TIMED[key]
                   if not (name == "responded_before_peak" and top is None))
    before = (pd.NA if top is None or not first.found else bool(first.hours < top.hour))
    return {
        "case": case.id, "brand": case.brand(lang), "scct_cluster": cluster,
        "first_response_hours": first.hours, "first_response_channel": first.channel or None,
        "first_apology_hours": apology.hours, "first_corrective_action_hours": corrective.hours,
        "statements": len(metrics.brand_statements(ev)),
        "channels": tuple(dict.fromkeys(moves["channel"].dropna().astype(str))),
        "posture_mix": mix, "benoit_mix": metrics.benoit_mix(ev),
        "fits_cluster": metrics.fits_cluster(cluster, ev),
        "fit_note": fit_note(cluster, mix, lang=lang),
        "within_4h": bool(first.found and first.hours <= 4),
        "within_24h": bool(first.found and first.hours <= 24),
        "peak_mentions": top.mentions if top else pd.NA,
        "peak_hour": top.hour if top else math.nan,
        "responded_before_peak": before,
        "negative_share_peak": top.negative_share if top else math.nan,
        "negative_share_end": metrics.negative_share_end(re_),
        "attention_half_life_hours": metrics.attention_half_life(re_),
        "outcome": (i18n.t("cmp_outcome_held", lang=lang) if pending
                    else i18n.pick(case.meta.outcome.model_dump(), lang=lang)),
        **signals.metric_row(case.signals, ev),
        "approx": approx, "reactions": reactions_provenance(case),
        "sentiment": sentiment_kind(case),
        "signals": case.meta.provenance.signals if case.has_signals else "none",
        "open_decisions": pending, "hidden_moves": len(case.hidden or ()),
    }


def compare(cases: Case | str | Path | Iterable[Case | str | Path], *,
            lang: str | None = None, student: str | None = None,
            journal_dir: str | Path | None = None,
            reveal: str = "after-answer") -> Comparison:
    """One row per case with the documented response metrics (docs/metrics.md).

    ``cases``: Case objects, bare case ids or case folders. Text columns (brand, fit_note,
    outcome) are in ``lang`` (default: the current language). A case given twice is shown
    once, with a note.

    Nothing spoils a decision: the brand moves held back by the open decisions of
    ``student`` (default: ``wb.get_student()``; journals under ``journal_dir``) are left
    out of every metric, as in the phase stepper (:mod:`workbench.core.progress`); the
    ``open_decisions`` column names them and the table says how to open them.
    ``reveal="always"`` (projecting in class, or research) compares every move.
    """
    progress.check_mode(reveal)
    loaded, seen, twice = [], set(), []
    for case in as_cases(cases):  # the same case twice would show two identical columns
        if case.id in seen:
            twice.append(case.id)
        else:
            seen.add(case.id)
            loaded.append(case)
    if twice:
        warnings.warn(i18n.t("cmp_duplicates", lang=lang, ids=", ".join(dict.fromkeys(twice))),
                      stacklevel=2)
    rows = []
    for case in loaded:
        shown, pending = progress.beside(case, student, journal_dir=journal_dir, reveal=reveal)
        rows.append(case_metrics(shown, lang=lang, pending=pending))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype({"statements": "int64", "peak_mentions": "Int64",
                          "responded_before_peak": "boolean", "fits_cluster": bool,
                          "best_rank": "Int64", "distinct_titles": "Int64",
                          "responded_before_list_peak": "boolean",
                          "within_4h": bool, "within_24h": bool, "hidden_moves": "int64"})
    for col in ("first_response_hours", "first_apology_hours", "first_corrective_action_hours",
                "peak_hour", "negative_share_peak", "negative_share_end",
                "attention_half_life_hours", "list_entry_hours", "best_rank_hours", "peak_heat",
                "hours_on_list"):
        frame[col] = frame[col].astype("float64")
    return Comparison(frame)


# -- display ---------------------------------------------------------------------------------
def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_value(metric: str, value: object, *, approx: bool = False,
                 lang: str | None = None) -> str:
    """A metric value as display text (plain, not escaped): hours to 1 decimal, shares as %,
    booleans as ✓/✗, ``—`` when missing, ``≈`` in front of an approximate value.

    >>> format_value("first_response_hours", 27.75, approx=True)
    '≈27.8'
    >>> format_value("negative_share_end", 0.4888), format_value("within_4h", False)
    ('49%', '✗')
    """
    if metric in ("posture_mix",):
        return mix_text(value or {}, vocab.POSTURES, lang=lang)
    if metric in ("benoit_mix",):
        return mix_text(value or {}, vocab.BENOIT, lang=lang)
    if metric == "channels":
        return ", ".join(i18n.term(vocab.CHANNELS, c, lang=lang) for c in value or ()) or "—"
    if metric == "first_response_channel":
        return "—" if _missing(value) else i18n.term(vocab.CHANNELS, str(value), lang=lang)
    if metric == "scct_cluster":
        return i18n.term(vocab.SCCT_CLUSTERS, str(value), lang=lang)
    if _missing(value):
        return "—"
    if isinstance(value, bool) or metric in ("fits_cluster", "within_4h", "within_24h",
                                             "responded_before_peak",
                                             "responded_before_list_peak"):
        text = "✓" if bool(value) else "✗"
    elif metric.startswith("negative_share"):
        text = f"{float(value):.0%}"
    elif metric.endswith("hours") or metric in ("peak_hour", "hours_on_list"):
        text = f"{float(value):.1f}"
    elif metric in ("peak_mentions", "statements", "peak_heat", "best_rank",
                    "distinct_titles"):
        text = f"{int(value):,}"
    else:
        text = str(value)
    return ("≈" + text) if approx else text


SHOWN: tuple[str, ...] = (
    "scct_cluster", "first_response_hours", "first_response_channel", "within_4h",
    "within_24h", "first_apology_hours", "first_corrective_action_hours", "statements",
    "channels", "posture_mix", "benoit_mix", "fits_cluster", "peak_mentions", "peak_hour",
    "responded_before_peak", "negative_share_peak", "negative_share_end",
    "attention_half_life_hours", *signals.SIGNAL_METRICS, "outcome",
)


def comparison_html(table: pd.DataFrame, *, lang: str | None = None, note: bool = True) -> str:
    """The comparison as an HTML table: metrics as rows, one column per brand; above it
    (unless ``note=False``) the note on decisions still open (:func:`held_html`).

    Every string from a case is escaped; values resting on an hour/day-precision time
    carry ``≈``; reaction metrics from simulated/fictional data carry the badge.
    """
    e = html.escape
    head = "".join(
        f"<th style='text-align:left;padding:4px 8px'>{e(str(r['brand']))}<br>"
        f"<code style='font-weight:normal'>{e(str(r['case']))}</code>"
        + (f"<br><span class='wb-held-count' style='font-weight:normal;color:#92400e'>"
           f"{e(i18n.t('cmp_held_count', lang=lang, n=r['hidden_moves']))}</span>"
           if _held(r) else "") + "</th>"
        for _, r in table.iterrows())
    body = []
    with_signals = (table["signals"] != "none").any() if "signals" in table else False
    for metric in SHOWN:
        if metric in signals.SIGNAL_METRICS and not with_signals:
            continue
        cells = []
        for _, r in table.iterrows():
            na = not_available(metric, r, lang=lang)
            text = na or format_value(metric, r[metric], approx=metric in (r["approx"] or ()),
                                      lang=lang)
            cell = e(text)
            if na:
                cell = (f"<span class='wb-attention-only' style='color:#6b7280' "
                        f"title='{e(i18n.t('att_reason', lang=lang))}'>{cell}</span>")
                text = "—"  # no badge on a value that is not there
            if metric in FROM_REACTIONS and r["reactions"] in ("simulated", "fictional") \
                    and text != "—":
                cell += " " + badge(r["reactions"]) + badge(
                    r["reactions"], i18n.t("illustrative_badge", lang=lang))
            if metric in signals.SIGNAL_METRICS and text != "—":
                cell += " " + badge(r["signals"])
            if metric == "fits_cluster":
                cell = (f"<span title='{e(str(r['fit_note']))}'>{cell}</span>"
                        f"<div style='font-size:0.8em;color:#4b5563;max-width:22em'>"
                        f"{e(str(r['fit_note']))}</div>")
            cells.append("<td style='padding:4px 8px;vertical-align:top;text-align:left'>"
                         f"{cell}</td>")
        body.append(f"<tr><th style='text-align:left;padding:4px 8px;vertical-align:top;"
                    f"white-space:nowrap'>"
                    f"{e(_label(metric, lang))}</th>{''.join(cells)}</tr>")
    notes = [i18n.t("cmp_approx_note", lang=lang)]
    if table["reactions"].isin(["simulated", "fictional"]).any():
        notes.append(i18n.t("cmp_reactions_note", lang=lang))
    if "sentiment" in table and (table["sentiment"] == "attention-only").any():
        notes.append(i18n.t("att_compare_note", lang=lang, cases=", ".join(
            str(c) for c in table.loc[table["sentiment"] == "attention-only", "case"])))
    foot = "".join(f"<p style='color:#4b5563;font-size:0.85em;margin:2px 0'>{e(n)}</p>"
                   for n in notes)
    held = held_html(table, lang=lang) if note else ""
    return (f"<div class='wb-compare-table'>{held}"
            f"<table style='border-collapse:collapse'><thead><tr>"
            f"<th style='text-align:left;padding:4px 8px'>{e(i18n.t('cmp_metric', lang=lang))}"
            f"</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{foot}</div>")


def _held(row: pd.Series) -> bool:
    return bool(row.get("open_decisions")) and bool(row.get("hidden_moves"))


def decision_label(qid: str, *, lang: str | None = None) -> str:
    """A decision id with its phase, e.g. ``plan-1 (Make the response plan)``."""
    phase = progress.phase_of(qid)
    lang = lang or i18n.get_language()
    return i18n.t("cmp_decision_label", lang=lang, qid=qid,
                  phase=vocab.PHASES[phase].label(lang)) if phase else qid


def held_html(table: pd.DataFrame, *, lang: str | None = None) -> str:
    """The note above a comparison: per case, the decisions still open and how to open
    them (empty when nothing is held back). Text escaped."""
    e = html.escape
    lines = [i18n.t("cmp_held_note", lang=lang, brand=str(r["brand"]), case=str(r["case"]),
                    n=int(r["hidden_moves"]),
                    ids=i18n.t("list_sep", lang=lang).join(
                        decision_label(q, lang=lang) for q in r["open_decisions"]))
             for _, r in table.iterrows() if _held(r)]
    if not lines:
        return ""
    items = "".join(f"<li>{e(line)}</li>" for line in lines)
    return (f"<div class='wb-held' style='color:#92400e;border-left:3px solid;padding:2px 8px;"
            f"margin:4px 0'>○ {e(i18n.t('cmp_held_title', lang=lang))}"
            f"<ul style='margin:2px 0'>{items}</ul>"
            f"<div style='font-size:0.85em'>{e(i18n.t('cmp_held_how', lang=lang))}</div></div>")


class Comparison(pd.DataFrame):
    """The DataFrame ``wb.compare`` returns: ordinary in every way, shown as a readable table.

    Anything derived from it (a copy, a selection, a sort) is a :class:`ReadingTable`:
    text left-aligned, missing values blank (not NaN).

    >>> import workbench as wb
    >>> picked = wb.compare(["demo-lumen-2024"])[["brand", "first_apology_hours"]]
    >>> type(picked).__name__, "NaN" in picked._repr_html_()
    ('ReadingTable', False)
    """

    @property
    def _constructor(self):  # a selection shows as a table for reading (no NaN)
        return ReadingTable

    def to_html_table(self, *, lang: str | None = None) -> str:
        """The readable table (metrics as rows, brands as columns) as HTML."""
        return comparison_html(self, lang=lang)

    def _repr_html_(self) -> str | None:
        if not set(COLUMNS) <= set(self.columns) or self.empty:
            return pd.DataFrame._repr_html_(self)
        return comparison_html(self)
