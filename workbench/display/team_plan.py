"""A team's plan as the instructor reads it: every role's moves under its member's name,
the coordination gaps (:mod:`workbench.analysis.coordination`), and every team side by side.

Pure functions to HTML strings, DataFrames and altair charts; every string that comes from
a team file or a case is escaped with :func:`html.escape`. Used by ``wb.TeamsView`` and by
the team export (``wb.export_team``).

>>> import tempfile, workbench as wb
>>> from workbench.core.team import RolePlan, load_team
>>> work = tempfile.mkdtemp()
>>> RolePlan.load("A组", "demo-lumen-2024", "pr", student="<韩梅梅>", work_dir=work).set_move(
...     "plan", text="<b>致歉</b>", channel="weibo", hour=2, strategies=["apology"])
>>> text = plan_html(load_team("A组", "demo-lumen-2024", work_dir=work), lang="en")
>>> "&lt;韩梅梅&gt;" in text, "&lt;b&gt;致歉&lt;/b&gt;" in text, "<b>致歉" in text
(True, True, False)
"""

from __future__ import annotations

import html
import math
from typing import Any

import altair as alt
import pandas as pd

from ..analysis import coordination
from ..core.cases import Case
from ..core.team import TeamPlan
from ..foundation import i18n, vocab
from .team_board import released_html
from .timeline import hour_label, phase_label, role_label, strategy_badge

__all__ = ["BOARD_COLUMNS", "STYLE", "plan_html", "summary_html", "team_chart", "teams_html",
           "teams_table"]

#: The side-by-side columns (keys of ``coordination.board``) → their label key.
BOARD_COLUMNS: dict[str, str] = {
    "team": "tp_team", "roles": "tp_roles", "moves": "tp_moves", "coverage": "tp_coverage",
    "gaps": "tp_gaps", "double": "tp_double", "conflicts": "tp_conflicts",
    "missing": "tp_missing", "contradicting_hours": "tp_hours",
    "first_public_hours": "tp_first_hours", "within_4h": "cmp_within_4h",
    "within_24h": "cmp_within_24h", "ahead_facts": "tp_ahead"}

#: The classes these views use, styled for a notebook or the app (the export page has its own).
STYLE = ("<style>.wb-teams-view .wb-warn{color:#b91c1c}.wb-teams-view .wb-muted{color:#4b5563;"
         "font-size:.9em}.wb-teams-view .wb-empty{color:#9ca3af;font-style:italic}"
         ".wb-teams-view table td,.wb-teams-view table th{border-bottom:1px solid #e5e7eb;"
         "padding:3px 6px;text-align:left}"
         # a heading wraps between words, never one character a line; text 1.4 lines apart
         ".wb-teams-view table th{min-width:4.2em;vertical-align:bottom}"
         ".wb-teams-view .widget-html-content{line-height:1.4}"
         ".wb-teams-view .wb-move{margin:.2em 0 .8em;"
         "border-left:3px solid #2563eb;padding-left:.6em}</style>")


def _move_html(move: dict[str, Any], keys: list[str], lang: str) -> str:
    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    bits = []
    if move.get("channel"):
        bits.append(i18n.labelled(t("channel"), e(i18n.term(vocab.CHANNELS, move["channel"],
                                                            lang=lang)), lang=lang))
    if move.get("hour") is not None:
        bits.append(e(hour_label(float(move["hour"]), lang=lang)))
    badges = "".join(strategy_badge(c, lang=lang) for c in move.get("strategies") or [])
    carried = [keys[i] if i < len(keys) else f"#{i + 1}" for i in move.get("messages") or []]
    text = str(move.get("text") or "").strip()
    return ("<div class='wb-move'>"
            + (f"<div class='wb-move-text'>{e(text)}</div>" if text
               else f"<div class='wb-empty'>{t('tp_no_text')}</div>")
            + f"<div class='wb-muted'>{' · '.join(bits)} {badges}</div>"
            + (f"<div class='wb-muted'>{i18n.labelled(t('tp_carries'), e(' / '.join(carried)), lang=lang)}</div>"
               if carried else "")
            + ("<div class='wb-muted'>" + i18n.labelled(t("tp_facts"), e(", ".join(
                str(f) for f in move["facts"])), lang=lang) + "</div>" if move.get("facts") else "")
            + "</div>")


def plan_html(plan: TeamPlan, *, lang: str | None = None) -> str:
    """The team's whole plan: key messages, who owns which phase, then each role's part
    headed by the role and its member's name, move by move in lifecycle order, and the
    roles released and not taken since."""
    lang = lang or i18n.get_language()
    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    keys = plan.key_messages
    out = [f"<h3>{t('tp_key_messages')}</h3>"]
    lead = role_label(plan.lead, lang)
    out.append("<ol class='wb-keys'>" + "".join(f"<li>{e(k)}</li>" for k in keys) + "</ol>"
               if keys else f"<p class='wb-empty'>{t('tp_no_keys', lead=lead)}</p>")
    owners = plan.owners
    rows = "".join(f"<tr><th>{e(phase_label(p.slug, lang))}</th><td>"
                   + (e(", ".join(role_label(r, lang) for r in owners[p.slug]))
                      if owners.get(p.slug) else f"<span class='wb-warn'>{t('tp_no_owner')}</span>")
                   + "</td></tr>" for p in vocab.PHASE_LIST
                   if p.slug in owners or p.slug in coordination.phases_played(plan))
    out.append(f"<h3>{t('tp_owners')}</h3>"
               + (f"<table class='wb-owners'>{rows}</table>" if rows
                  else f"<p class='wb-empty'>{t('cl_none')}</p>"))
    order = {p.slug: p.number for p in vocab.PHASE_LIST}
    for role in sorted(plan.roles, key=lambda r: list(vocab.BRAND_ACTORS).index(r)):
        member = plan.members.get(role) or i18n.t("tp_nobody", lang=lang)
        moves = sorted(plan.roles[role].moves.items(), key=lambda kv: order.get(kv[0], 99))
        out.append(f"<section class='wb-role' id='role-{e(role)}'><h3>"
                   f"{t('tp_role_by', role=role_label(role, lang), student=member)}</h3>")
        if not moves:
            out.append(f"<p class='wb-empty'>{t('tp_no_move')}</p>")
        for phase, move in moves:
            out.append(f"<h4>{e(phase_label(phase, lang))}</h4>{_move_html(move, keys, lang)}")
        out.append("</section>")
    out.append(released_html(plan, lang=lang))  # roles handed on, not taken since
    return "".join(out)


def summary_html(plan: TeamPlan, case: Case, *, lang: str | None = None) -> str:
    """Where the team fails to act as one: owners' gaps, posture conflicts, key messages
    missing on a channel, contradicting hours, the first public statement."""
    lang = lang or i18n.get_language()
    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    cov, voice, fast = (coordination.coverage(plan), coordination.one_voice(plan),
                        coordination.speed(plan, case))
    none = t("cl_none")
    share = "–" if math.isnan(cov["coverage"]) else f"{cov['coverage']:.0%}"
    items = [f"<li><b>{t('tp_coverage')}</b>: {e(share)}</li>",
             f"<li><b>{t('tp_gaps')}</b>: "
             f"{e(', '.join(phase_label(p, lang) for p in cov['gaps'])) or none}</li>",
             f"<li><b>{t('tp_double')}</b>: "
             f"{e(', '.join(phase_label(p, lang) for p in cov['double'])) or none}</li>"]
    conflicts = [i18n.t("tp_conflict", lang=lang, phase=phase_label(c["phase"], lang),
                        role=role_label(c["role"], lang),
                        posture=i18n.term(vocab.POSTURES, c["posture"], lang=lang),
                        other=role_label(c["other_role"], lang)) for c in voice["conflicts"]]
    items.append(f"<li><b>{t('tp_conflicts')}</b>: "
                 + ("<ul>" + "".join(f"<li class='wb-warn'>{e(c)}</li>" for c in conflicts)
                    + "</ul>" if conflicts else none) + "</li>")
    keys = plan.key_messages
    missing = [f"{i18n.term(vocab.CHANNELS, ch, lang=lang)}: "
               + ", ".join(f"#{i + 1} {keys[i]}" if i < len(keys) else f"#{i + 1}" for i in idx)
               for ch, idx in voice["missing"].items()]
    items.append(f"<li><b>{t('tp_missing')}</b>: {e('; '.join(missing)) or none}</li>")
    items.append(f"<li><b>{t('tp_hours')}</b>: {len(voice['hours'])}</li>")
    if fast["team_first_role"]:
        first = i18n.t("tp_first_line", lang=lang, role=role_label(fast["team_first_role"], lang),
                       channel=i18n.term(vocab.CHANNELS, fast["team_first_channel"], lang=lang),
                       hour=f"{fast['team_first_hours']:g}")
        marks = " · ".join(i18n.t(k, lang=lang) + (" ✓" if fast[f] else " ✗")
                           for k, f in (("cmp_within_4h", "within_4h"),
                                        ("cmp_within_24h", "within_24h")))
        items.append(f"<li><b>{t('tp_first')}</b>: {e(first)} ({e(marks)})</li>")
    else:
        items.append(f"<li><b>{t('tp_first')}</b>: {t('tp_no_public')}</li>")
    return f"<ul class='wb-coordination'>{''.join(items)}</ul>"


def teams_table(plans: list[TeamPlan], case: Case) -> pd.DataFrame:
    """One row per team (``coordination.board``): coverage, conflicts, speed side by side."""
    rows = [coordination.board(plan, case) for plan in plans]
    return pd.DataFrame(rows, columns=list(coordination.board(TeamPlan("", case.id), case)))


def teams_html(table: pd.DataFrame, *, lang: str | None = None) -> str:
    """:func:`teams_table` as an HTML table with labelled columns (values escaped)."""
    lang = lang or i18n.get_language()
    e = html.escape
    cols = [c for c in BOARD_COLUMNS if c in table.columns]
    head = "".join(f"<th>{e(i18n.t(BOARD_COLUMNS[c], lang=lang))}</th>" for c in cols)

    def cell(col: str, value: Any) -> str:
        if isinstance(value, bool):
            return "✓" if value else "✗"
        if isinstance(value, float):
            if math.isnan(value):
                return "–"
            return f"{value:.0%}" if col == "coverage" else f"{value:g}"
        warn = col in ("gaps", "conflicts", "missing") and value
        return f"<span class='wb-warn'>{e(str(value))}</span>" if warn else e(str(value))

    nowrap = ' style="white-space:nowrap"'
    body = "".join("<tr>" + "".join(
        f"<td{nowrap if c == 'team' else ''}>{cell(c, row[c])}</td>" for c in cols) + "</tr>"
        for _, row in table.iterrows())
    return f"<table class='wb-teams'><tr>{head}</tr>{body}</table>"


def team_chart(plan: TeamPlan, *, lang: str | None = None) -> alt.LayerChart:
    """The team's timed moves: hours since the trigger × role, coloured by phase, with the
    4 h and 24 h marks (labels in the chosen language)."""
    lang = lang or i18n.get_language()
    rows = [{"role": role_label(m["role"], lang), "phase": phase_label(m["phase"], lang),
             "hours": float(m["hour"]),
             "channel": i18n.term(vocab.CHANNELS, m["channel"], lang=lang) if m.get("channel")
             else ""} for m in plan.moves() if m.get("hour") is not None]
    data = pd.DataFrame(rows, columns=["role", "phase", "hours", "channel"])
    x = alt.X("hours:Q", title=i18n.t("hours", lang=lang))
    order = [phase_label(p.slug, lang) for p in vocab.PHASE_LIST if phase_label(p.slug, lang) in
             set(data["phase"])]
    points = alt.Chart(data).mark_point(filled=True, size=90).encode(
        x=x, y=alt.Y("role:N", title=i18n.t("tp_role", lang=lang)),
        color=alt.Color("phase:N", title=i18n.t("phase", lang=lang), sort=order),
        tooltip=["role", "phase", "hours", "channel"])
    marks = alt.Chart(pd.DataFrame({"hours": [4.0, 24.0]})).mark_rule(
        strokeDash=[4, 4], color="#9ca3af").encode(x="hours:Q")
    return alt.layer(marks, points).properties(
        width=640, height=max(80, 36 * max(1, data["role"].nunique())),
        title=i18n.t("tp_chart", lang=lang, team=plan.team))
