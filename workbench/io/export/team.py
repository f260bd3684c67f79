"""Export a team's plan as one offline HTML file: every role's part under its member's name.

Like a student's export (:mod:`workbench.io.export`): no script at all, a
Content-Security-Policy that forbids scripts and every external load, inline styles, the
chart as inline ``<svg>`` drawn by vl-convert (or PNG data with ``chart_format="png"``),
every string from a team file or a case HTML-escaped. The page shows the case, the
team's members by role, the coordination gaps (:func:`workbench.display.team_plan.summary_html`),
the chart of the team's moves and the whole plan; it never shows the brand's real moves
(the team export is a hand-in, like the student's). A machine-readable copy of the role
files rides along (``<div hidden id="wb-team" data-wb-team="…">``) for ``wb.collect``.

>>> import tempfile, workbench as wb
>>> from pathlib import Path
>>> from workbench.core.team import RolePlan
>>> work = tempfile.mkdtemp()
>>> RolePlan.load("A组", "demo-lumen-2024", "legal", student="<李雷>", work_dir=work).set_move(
...     "plan", text="暂停发货", channel="weibo", hour=3)
>>> out = export_team("A组", "demo-lumen-2024", Path(work) / "A组.html", work_dir=work, lang="zh")
>>> text = out.read_text(encoding="utf-8")
>>> "&lt;李雷&gt;" in text, "<script" in text, "<svg" in text
(True, False, True)
>>> wb.collect(work).team_plans()[("A组", "demo-lumen-2024")].members
{'legal': '<李雷>'}
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from ...core.case_card import badge
from ...core.cases import Case
from ...core.library import Library, library
from ...core.team import TeamPlan, load_team, team_folder
from ...foundation import i18n, vocab
from ...foundation.files import write_atomic
from ...foundation.problems import WorkbenchError
from ..submission import embed_team
from .charts import CHART_FORMATS, Chart, render, unique_ids
from .parts import badge_texts, when

__all__ = ["TeamExportError", "export_team", "team_page"]


class TeamExportError(WorkbenchError):
    """Nothing to export for this team and case; the message says what to do."""


def export_team(team: str, case: str, path: str | Path, *,
                work_dir: str | Path | None = None, lang: str | None = None,
                chart_format: str = "svg", root: str | Path | Library | None = None) -> Path:
    """Write ``team``'s plan for ``case`` to ``path`` (.html); return the path written.

    ``work_dir``: the class folder holding ``teams/`` (default: ``$WORKBENCH_CLASS``, else
    the work folder).
    """
    path = Path(path).expanduser()
    if path.suffix.lower() not in (".html", ".htm"):
        raise TeamExportError(i18n.t("exp_team_suffix", name=path.name))
    if chart_format not in CHART_FORMATS:
        raise TeamExportError(i18n.t("exp_chart_format", value=repr(chart_format)))
    plan = load_team(team, case, work_dir=work_dir)
    if not plan.roles:
        folder = team_folder(team, case, work_dir=work_dir)
        raise TeamExportError(i18n.t("exp_team_no_roles", team=team, case=case,
                                     folder=folder))
    found = library(root).find(case)
    if found is None:
        raise TeamExportError(i18n.t("exp_team_no_case", case=case))
    text = team_page(plan, found, lang=lang or i18n.get_language(), chart_format=chart_format)
    write_atomic(path, text)
    return path


def team_page(plan: TeamPlan, case: Case, *, lang: str = "en",
              chart_format: str = "svg") -> str:
    """The team export page (a string); see :func:`export_team`."""
    from ...display.team_plan import plan_html, summary_html, team_chart
    from .page import document

    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    members = "".join(
        f"<tr><th>{e(i18n.term(vocab.BRAND_ACTORS, role, lang=lang))}</th>"
        f"<td>{e(plan.members.get(role) or i18n.t('tp_nobody', lang=lang))}</td></tr>"
        for role in sorted(plan.roles, key=lambda r: list(vocab.BRAND_ACTORS).index(r)))
    badges = "".join(badge(kind, text) for kind, text in badge_texts(case, lang))
    body = [f"<h1>{t('tx_title', team=plan.team)}</h1>",
            f"<p class='wb-muted'>{t('ex_exported')}: <time datetime='{e(now)}'>{e(when(now))}"
            f"</time> · <span class='wb-muted'>{t('ex_fonts')}</span></p>",
            f"<h2>{e(case.title(lang))}</h2><p>{badges}<b>{e(case.brand(lang))}</b> · "
            f"<code>{e(case.id)}</code></p>",
            f"<h3>{t('tx_members')}</h3><table class='wb-members'>{members}</table>",
            f"<h2>{t('tx_coordination')}</h2>{summary_html(plan, case, lang=lang)}"]
    if plan.moves():
        try:
            chart = render(team_chart(plan, lang=lang), chart_format=chart_format)
        except Exception as err:  # a chart never stops a hand-in
            chart = Chart(chart_format, error=str(err) or type(err).__name__)
        if chart.error:
            figure = f"<p class='wb-warn'>{t('ex_no_chart', error=chart.error)}</p>"
        elif chart.format == "png":
            import base64

            figure = (f"<img alt='{t('tx_chart_alt')}' src='data:image/png;base64,"
                      f"{base64.b64encode(chart.png).decode('ascii')}'>")
        else:
            figure = unique_ids(chart.svg, "wbteam-")
        body.append(f"<figure class='wb-chart'>{figure}</figure>")
    body.append(f"<h2>{t('tx_plan')}</h2>{plan_html(plan, lang=lang)}")
    roles = [dict(role.data) for _, role in sorted(plan.roles.items())]
    body.append(embed_team(plan.team, plan.case, roles))
    return document(t("tx_title", team=plan.team), "".join(body), lang=lang)
