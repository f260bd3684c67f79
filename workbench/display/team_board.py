"""The team room's board: teammates' moves and the coordination board, bilingual, escaped.

Pure HTML and altair from :mod:`workbench.analysis.coordination` (formulas in
docs/metrics.md, "Team coordination"). Every piece of student text (moves, key messages,
names) goes through :func:`html.escape`. The brand's real moves come from the case *as
the team may see it* — :func:`shown_case` applies the one reveal rule
(:mod:`workbench.core.progress`) to the team's answers (:func:`workbench.core.team.team_progress`),
so the board never shows a brand move, nor the hour of the brand's first response, before
the team has answered.

>>> import tempfile, workbench as wb
>>> from workbench.core.team import RolePlan
>>> folder = tempfile.mkdtemp()
>>> RolePlan.load("A组", "demo-lumen-2024", "legal", student="<b>", work_dir=folder
...               ).set_move("team", text="<script>", channel="weibo", hour=1)
>>> board = team_board("demo-lumen-2024", team="A组", work_dir=folder, lang="en")
>>> page = board._repr_html_()
>>> "&lt;script&gt;" in page and "<script>" not in page and "&lt;b&gt;" in page
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from ..analysis import coordination, metrics
from ..core import progress
from ..core.case_card import badge
from ..core.cases import Case
from ..core.library import load_case
from ..core.team import DEFAULT_LEAD, TeamPlan, load_team, team_progress
from ..foundation import i18n, vocab
from .charts import configure_rendering
from .timeline import POSTURE_COLOURS, hour_label, phase_label, role_label, strategy_badge

__all__ = ["TeamBoard", "beside_chart", "beside_html", "board_html", "move_choices",
           "moves_html", "released_html", "shown_case", "team_board"]

_e = html.escape
_CELL = "padding:2px 8px;border:1px solid #e5e7eb;text-align:left;vertical-align:top"
_MARKS = {"owner": "●", "owner+move": "●✓", "move": "✓", "": ""}


def _hours(value: Any, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.t("cmp_none", lang=lang)
    return hour_label(float(value), lang=lang)


def _share(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.0%}"


def _table(header: list[str], rows: list[list[str]], cls: str) -> str:
    """An HTML table of cells that are already escaped HTML."""
    head = "".join(f"<th style='{_CELL}'>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='{_CELL}'>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<table class='{cls}' style='border-collapse:collapse;margin:4px 0'>"
            f"<tr>{head}</tr>{body}</table>")


def shown_case(plan: TeamPlan, case: Case, *, reveal: str = "after-answer") -> Case:
    """The whole case less the brand moves the team's open decisions hold back
    (``.hidden`` lists them): what a comparison beside the team may show."""
    return progress.everything(case, team_progress(plan, case), reveal=reveal)


def move_choices(case: Case, events: pd.DataFrame, keys: list[str], *,
                 lang: str | None = None) -> dict[str, list[tuple[str, Any]]]:
    """The option lists of a move's editor, as (label, value): ``channel`` (none — internal
    — first, then the case's own channels, then the rest of the vocabulary),
    ``strategies`` (label · SCCT posture), ``messages`` (the key messages, numbered),
    ``facts`` (``events``: the ones the role sees) and ``owners`` (the brand-side roles)."""
    lang = lang or i18n.get_language()
    used = {*case.events["channel"].dropna().astype(str),
            *case.reactions.get("platform", pd.Series(dtype=str)).astype(str)}
    order = sorted(vocab.CHANNELS, key=lambda c: c not in used)  # stable: vocabulary order
    text_col = "summary_zh" if lang == "zh" else "summary_en"
    return {
        "channel": [(i18n.t("tr_internal", lang=lang), "")] + [
            (i18n.term(vocab.CHANNELS, c, lang=lang), c) for c in order],
        "strategies": [(f"{s.label(lang)} · {i18n.term(vocab.POSTURES, s.posture, lang=lang)}",
                        c) for c, s in vocab.STRATEGIES.items()],
        "messages": [(f"{i + 1}. {k}", i) for i, k in enumerate(keys)],
        "facts": [(f"{hour_label(r['hours'], lang=lang)} · "
                   f"{str(r.get(text_col) or r['id'])[:80]}", str(r["id"]))
                  for r in events.to_dict("records")],
        "owners": [(term.label(lang), slug) for slug, term in vocab.BRAND_ACTORS.items()]}


def moves_html(plan: TeamPlan, *, lang: str | None = None, phase: str | None = None) -> str:
    """Every role's moves (of ``phase`` only, when given), with the member's name and the
    key messages each move carries."""
    lang = lang or i18n.get_language()
    keys = plan.key_messages
    members = plan.members
    rows = []
    for move in plan.moves():
        if phase is not None and move["phase"] != phase:
            continue
        carried = "<br>".join(_e(keys[i]) for i in move.get("messages") or [] if i < len(keys))
        who = (f"{_e(role_label(move['role'], lang))}<br>"
               f"<small>{_e(members.get(move['role'], ''))}</small>")
        rows.append([_e(phase_label(move["phase"], lang)), who, _e(_hours(move.get("hour"), lang)),
                     _e(i18n.term(vocab.CHANNELS, move["channel"], lang=lang)
                        if move.get("channel") else i18n.t("tr_internal", lang=lang)),
                     "".join(strategy_badge(c, lang=lang) for c in move.get("strategies") or []),
                     _e(str(move.get("text") or "")), carried])
    if not rows:
        return f"<div class='wb-team-moves'><i>{_e(i18n.t('tr_no_moves', lang=lang))}</i></div>"
    header = [_e(i18n.t(k, lang=lang)) for k in
              ("phase", "tr_role", "card_hour_col", "channel", "strategy", "tr_text",
               "tr_messages")]
    return f"<div class='wb-team-moves'>{_table(header, rows, 'wb-team-moves-table')}</div>"


def _key_messages(plan: TeamPlan, lang: str) -> str:
    items = "".join(f"<li>{_e(k)}</li>" for k in plan.key_messages) or (
        f"<li><i>{_e(i18n.t('cmp_none', lang=lang))}</i></li>")
    lead = role_label(plan.lead, lang)
    return (f"<div class='wb-key-messages'><b>{_e(i18n.t('tr_key_messages', lang=lang))}</b> "
            f"<small>{i18n.bracketed(_e(i18n.t('tr_lead', lang=lang, role=lead)), lang=lang)}"
            f"</small><ol>{items}</ol>"
            "</div>")


def released_html(plan: TeamPlan, *, lang: str | None = None) -> str:
    """One line listing the roles released and not taken since (``plan.released``), each
    with who released it: "released — waiting for a new holder"; "" when there is none."""
    if not plan.released:
        return ""
    lang = lang or i18n.get_language()
    roles = i18n.t("list_sep", lang=lang).join(
        i18n.t("tr_released_by", lang=lang, role=role_label(role, lang), name=name) if name
        else role_label(role, lang) for role, name in sorted(plan.released.items()))
    return (f"<p class='wb-team-released-roles' style='color:#92400e'>"
            f"{_e(i18n.t('tr_released_roles', lang=lang, roles=roles))}</p>")


def _coverage(plan: TeamPlan, lang: str, phases: list[str] | None) -> str:
    t = lambda key, **kw: _e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    cov = coordination.coverage(plan, phases)
    table: pd.DataFrame = cov["table"]
    rows = []
    for p in table.index:
        flag = ("⚠ " + t("tr_gap") if p in cov["gaps"] else
                "⚠ " + t("tr_double") if p in cov["double"] else "")
        rows.append([_e(phase_label(p, lang)), *[_MARKS.get(v, "") for v in table.loc[p]],
                     f"<span class='wb-team-flag'>{flag}</span>"])
    header = [t("phase"), *[_e(role_label(r, lang)) for r in table.columns], ""]
    body = (_table(header, rows, "wb-team-coverage") if rows
            else f"<p>{t('tr_no_moves')}</p>")
    return (f"<h4>{i18n.labelled(t('tr_coverage'), _share(cov['coverage']), lang=lang)}</h4>"
            f"<small>{t('tr_coverage_legend')}</small>{body}")


def _one_voice(plan: TeamPlan, lang: str) -> str:
    t = lambda key, **kw: _e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    voice = coordination.one_voice(plan)
    keys = plan.key_messages
    sep = "；" if lang == "zh" else "; "
    lines = [t("tr_conflict_row", phase=phase_label(c["phase"], lang),
               role=role_label(c["role"], lang),
               posture=i18n.term(vocab.POSTURES, c["posture"], lang=lang),
               other=role_label(c["other_role"], lang)) for c in voice["conflicts"]]
    lines += [t("tr_missing_row", channel=i18n.term(vocab.CHANNELS, ch, lang=lang),
                items=sep.join(keys[i] for i in idx)) for ch, idx in voice["missing"].items()]
    lines += [t("tr_hours_row", later=phase_label(h["later_phase"], lang),
                later_role=role_label(h["later_role"], lang),
                later_hour=_hours(h["later_hour"], lang),
                phase=phase_label(h["phase"], lang), role=role_label(h["role"], lang),
                hour=_hours(h["hour"], lang)) for h in voice["hours"]]
    items = "".join(f"<li>⚠ {line}</li>" for line in lines) or f"<li>{t('tr_one_voice_ok')}</li>"
    score = f"{voice['score']:.0%}"
    return (f"<h4>{i18n.labelled(t('tr_one_voice'), score, lang=lang)}</h4>"
            f"<ul class='wb-team-conflicts'>{items}</ul>")


def _speed(plan: TeamPlan, case: Case, shown: Case, lang: str) -> str:
    t = lambda key, **kw: _e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    fast = coordination.speed(plan, shown)
    real = metrics.first_response(case.events)
    held = real.found and real.event in shown.hidden  # its hour would give the move away
    brand = t("tr_held") if held else _e(_hours(fast["brand_first_hours"], lang))
    yes, no = t("sc_yes"), t("sc_no")
    return (f"<h4>{t('tr_speed')}</h4><p class='wb-team-speed'>"
            + t("tr_speed_row", team=_hours(fast["team_first_hours"], lang)) + "<br>"
            + t("tr_speed_brand") + " " + brand
            + f"<br>≤ 4 h: {yes if fast['within_4h'] else no} · "
              f"≤ 24 h: {yes if fast['within_24h'] else no}</p>")


def _information(plan: TeamPlan, case: Case, lang: str) -> str:
    t = lambda key, **kw: _e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    info = coordination.information(plan, case)
    return (f"<h4>{t('tr_information')}</h4><p class='wb-team-info'>"
            + t("tr_information_row", n=len(info["table"]), citing=info["citing"],
                ahead=info["ahead"], grounded=_share(info["grounded"])) + "</p>")


def board_html(plan: TeamPlan, case: Case, *, lang: str | None = None,
               phases: list[str] | None = None, reveal: str = "after-answer",
               shown: Case | None = None) -> str:
    """The coordination board: key messages, released roles, coverage, one voice, speed, information
    sharing, and the team beside the brand (the brand's moves only once revealed).
    ``shown``: :func:`shown_case` when the caller has it already."""
    lang = lang or i18n.get_language()
    shown = shown if shown is not None else shown_case(plan, case, reveal=reveal)
    parts = [_key_messages(plan, lang), released_html(plan, lang=lang),
             _coverage(plan, lang, phases), _one_voice(plan, lang),
             _speed(plan, case, shown, lang), _information(plan, case, lang),
             beside_html(plan, shown, lang=lang)]
    return f"<div class='wb-team-board'>{''.join(parts)}</div>"


def beside_html(plan: TeamPlan, shown: Case, *, lang: str | None = None) -> str:
    """The team's moves and the brand's moves on one timeline; ``shown``: the case as the
    team may see it (:func:`shown_case`), whose held-back moves are only counted."""
    lang = lang or i18n.get_language()
    frame = coordination.beside(plan, shown, lang=lang)
    rows = [[_e(i18n.t("tr_who_team" if r.who == "team" else "brand", lang=lang)),
             _e(phase_label(str(r.phase), lang)), _e(role_label(str(r.role), lang)),
             _e(_hours(r.hours, lang)),
             "".join(strategy_badge(c, lang=lang) for c in str(r.strategies or "").split(";")
                     if c),
             _e(str(r.text or ""))] for r in frame.itertuples()]
    header = [_e(i18n.t(k, lang=lang)) for k in
              ("tr_who", "phase", "tr_role", "card_hour_col", "strategy", "tr_text")]
    note = (f"<p class='wb-team-held'>{_e(i18n.t('tr_held_note', lang=lang, n=len(shown.hidden)))}"
            "</p>" if shown.hidden else "")
    table = _table(header, rows, "wb-team-beside-table") if rows else ""
    return (f"<div class='wb-team-beside'><h4>{_e(i18n.t('tr_beside', lang=lang))}</h4>"
            f"{note}{table}</div>")


def beside_chart(plan: TeamPlan, shown: Case, *, lang: str | None = None) -> alt.LayerChart:
    """One aligned timeline: a row per team role and per brand role, a point per move at
    its hour, coloured by the SCCT posture of its first code; dotted lines at 4 h and 24 h.
    Only roles, phases, hours and codes go into the spec (no student text)."""
    lang = lang or i18n.get_language()
    configure_rendering()  # offline, as every chart of the workbench
    frame = coordination.beside(plan, shown, lang=lang).dropna(subset=["hours"])
    who = {"team": i18n.t("tr_who_team", lang=lang), "brand": i18n.t("brand", lang=lang)}
    first = frame["strategies"].fillna("").str.split(";").str[0]
    data = pd.DataFrame({
        "row": [f"{who[w]} · {role_label(str(r), lang)}"
                for w, r in zip(frame["who"], frame["role"], strict=True)],
        "hours": frame["hours"].astype(float),
        "phase": [phase_label(str(p), lang) for p in frame["phase"]],
        "posture": [i18n.term(vocab.POSTURES, vocab.STRATEGIES[c].posture, lang=lang)
                    if c in vocab.STRATEGIES else "—" for c in first]})
    domain = [i18n.term(vocab.POSTURES, p, lang=lang) for p in POSTURE_COLOURS] + ["—"]
    colours = [*POSTURE_COLOURS.values(), "#9ca3af"]
    x = alt.X("hours:Q", title=i18n.t("hours", lang=lang), scale=alt.Scale(type="symlog"))
    points = alt.Chart(data).mark_point(filled=True, size=90).encode(
        x=x, y=alt.Y("row:N", title=None),
        color=alt.Color("posture:N", title=i18n.t("cc_posture", lang=lang),
                        scale=alt.Scale(domain=domain, range=colours)),
        tooltip=[alt.Tooltip("row:N", title=i18n.t("tr_role", lang=lang)),
                 alt.Tooltip("phase:N", title=i18n.t("phase", lang=lang)),
                 alt.Tooltip("hours:Q", title=i18n.t("card_hour_col", lang=lang), format=".1f"),
                 alt.Tooltip("posture:N", title=i18n.t("cc_posture", lang=lang))])
    marks = alt.Chart(pd.DataFrame({"hours": [4.0, 24.0]})).mark_rule(
        strokeDash=[4, 4], color="#6b7280").encode(x="hours:Q")
    return alt.layer(marks, points).properties(
        title=i18n.t("tr_beside", lang=lang), width=620).configure_axis(
        labelFont="Noto Sans CJK SC", titleFont="Noto Sans CJK SC").configure_legend(
        labelFont="Noto Sans CJK SC", titleFont="Noto Sans CJK SC")


@dataclass(frozen=True)
class TeamBoard:
    """A team's board as a notebook shows it (``_repr_html_``); ``plan`` and ``shown``
    (the case as the team may see it) for code."""

    plan: TeamPlan
    case: Case
    shown: Case
    html: str

    def _repr_html_(self) -> str:
        return self.html

    @property
    def chart(self) -> alt.LayerChart:
        """The team beside the brand on one hours axis (:func:`beside_chart`)."""
        return beside_chart(self.plan, self.shown)


def team_board(case: Case | str, *, team: str, lead: str = DEFAULT_LEAD,
               work_dir: str | Path | None = None, lang: str | None = None,
               reveal: str = "after-answer") -> TeamBoard:
    """The coordination board of ``team`` on ``case`` (a case or an id), read from the
    team's role files (``work/teams/<team>/<case>/<role>.json``)."""
    case = load_case(case) if isinstance(case, str) else case
    lang = lang or i18n.get_language()
    plan = load_team(team, case.id, lead=lead, work_dir=work_dir)
    head = (f"<div class='wb-team-head'><b>{_e(i18n.t('tr_board_title', lang=lang, team=plan.team))}"
            f"</b> · {_e(case.title(lang))} "
            f"{badge(case.meta.provenance.events, i18n.term(vocab.EVENT_PROVENANCE, case.meta.provenance.events, lang=lang))}</div>")
    return TeamBoard(plan, case, shown_case(plan, case, reveal=reveal),
                     head + moves_html(plan, lang=lang)
                     + board_html(plan, case, lang=lang, reveal=reveal))
