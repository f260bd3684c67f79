"""The instructor's view of every team of a class on one case, and one team's whole plan.

``wb.TeamsView(case)`` reads the team folders of the class folder (``work_dir``; default
``$WORKBENCH_CLASS``, else the work folder: where the team rooms write) — or the teams of a collected hand-in folder
(``collected=wb.collect(folder)``) — and shows every team side by side (coverage, gaps,
conflicts, missing key messages, the first public statement against 4 h / 24 h:
:func:`workbench.analysis.coordination.board`), then the team picked in ``team`` with its
gaps and its whole plan, each role's part under its member's name.

Controls (attributes): ``team`` (Dropdown), ``refresh_button`` (read the folders again),
``export_button`` (write the picked team's plan as one offline HTML file to
``export_path``, see ``wb.export_team``), ``board`` (HTML, the teams side by side),
``plan`` (HTML, the picked team), ``message`` (HTML: what was written, or what went wrong).
``table`` is the side-by-side DataFrame.

>>> import tempfile
>>> from workbench.core.team import RolePlan
>>> work = tempfile.mkdtemp()
>>> for team in ("A组", "B组"):
...     RolePlan.load(team, "demo-lumen-2024", "pr", student="韩梅梅", work_dir=work).set_move(
...         "plan", text="致歉", channel="weibo", hour=2, strategies=["apology"])
>>> view = TeamsView("demo-lumen-2024", work_dir=work, lang="en")
>>> view.table["team"].tolist(), view.team.value
(['A组', 'B组'], 'A组')
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..core.cases import Case
from ..core.library import Library, library, work_folder
from ..core.names import StudentNameError, student_folder
from ..core.team import TeamPlan, list_teams, load_team
from ..display.team_plan import STYLE, plan_html, summary_html, teams_html, teams_table
from ..foundation import i18n
from ..foundation.files import write_atomic
from ..io.collect import Collected, name_key
from ..io.export.team import team_page
from .callbacks import shows_errors

__all__ = ["TeamsView", "class_teams", "sample_teams"]

#: Made-up teams for trying the views (each with a known coordination gap).
_SAMPLE: dict[str, dict] = {
    "A组": {"keys": ["我们向用户道歉", "正在全面排查原因"], "owners": {"plan": ["pr"]},
           "moves": [("pr", "韩梅梅", "plan", "两小时内在微博致歉", "weibo", 2, ["apology"], [0, 1]),
                     ("legal", "李雷", "plan", "声明产品符合标准", "press-release", 3, ["denial"], [0]),
                     ("customer-service", "王芳", "act", "开通退换专线", "wechat", 26,
                      ["compensation"], [0])]},
    "B组": {"keys": ["我们道歉并承担责任", "48 小时内公布排查结果"],
           "owners": {"team": ["pr"], "analyse": ["social-team"], "plan": ["pr", "legal"]},
           "moves": [("pr", "张伟", "plan", "微博发布致歉声明，说明排查安排", "weibo", 1.5,
                      ["apology", "corrective-action"], [0, 1]),
                     ("social-team", "刘洋", "analyse", "整理舆情，回复首批投诉", "weibo", 1,
                      ["apology"], [0, 1]),
                     ("legal", "陈静", "plan", "审核声明措辞", "email", 1.2, [], [])]},
    "C组": {"keys": ["情况正在核实"], "owners": {},
           "moves": [("pr", "杨帆", "coordinate", "次日发布说明", "website", 30,
                      ["justification"], [0])]},
}


def sample_teams(folder: str | Path, case: str = "demo-lumen-2024") -> list[str]:
    """Write three made-up teams' plans for ``case`` into the class folder ``folder``
    (A组: a deny + apologise conflict; B组: fast and owned; C组: slow, no owners);
    return the team names. Names and moves are fictional."""
    from ..core.team import RolePlan

    for team, spec in _SAMPLE.items():
        name = next(m[1] for m in spec["moves"] if m[0] == "pr")  # a role has a name
        lead = RolePlan.load(team, case, "pr", student=name, work_dir=folder)
        lead.set_key_messages(spec["keys"])
        for phase, roles in spec["owners"].items():
            lead.set_owners(phase, roles)
        for role, student, phase, text, channel, hour, codes, keys in spec["moves"]:
            plan = RolePlan.load(team, case, role, student=student, work_dir=folder)
            plan.set_move(phase, text=text, channel=channel, hour=hour, strategies=codes,
                          messages=keys)
    return list(_SAMPLE)


def class_teams(case_id: str, *, work_dir: str | Path | None = None) -> dict[str, TeamPlan]:
    """{team name: merged plan} of every team folder holding ``case_id`` (name order)."""
    plans = {}
    for folder in list_teams(case_id, work_dir=work_dir):
        try:
            plan = load_team(folder, case_id, work_dir=work_dir)
        except StudentNameError:  # a folder no team room made (e.g. "-"): not a team
            continue
        if not plan.roles:
            continue
        named = next((str(r.data.get("team")) for r in plan.roles.values()
                      if r.data.get("team")), folder)
        plan.team = named
        plans[named] = plan
    return dict(sorted(plans.items(), key=lambda kv: name_key(kv[0])))


class TeamsView(widgets.VBox):
    """Every team of a class on ``case`` side by side, and one team's full plan."""

    def __init__(self, case: str | Case, *, work_dir: str | Path | None = None,
                 collected: Collected | None = None, lang: str | None = None,
                 root: str | Path | Library | None = None) -> None:
        super().__init__()
        self.add_class("wb-teams-view")
        self.lang = lang or i18n.get_language()
        self.case = case if isinstance(case, Case) else library(root).load(case)
        self.work_dir = work_dir
        self.collected = collected
        t = lambda key, **kw: i18n.t(key, lang=self.lang, **kw)  # noqa: E731
        self.title = widgets.HTML(f"<h3>{html.escape(t('tv_title', case=self.case.title(self.lang)))}</h3>")
        self.board = widgets.HTML()
        self.board.add_class("wb-teams-board")
        self.team = widgets.Dropdown(description=t("tp_team"), style={"description_width": "auto"})
        self.refresh_button = widgets.Button(description=t("dr_refresh"), icon="refresh",
                                             layout={"width": "auto"})
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_path = widgets.Text(description=t("tv_export_to"),
                                        style={"description_width": "auto"},
                                        layout={"width": "50%"})
        self.export_button = widgets.Button(description=t("tv_export"), icon="download",
                                            layout={"width": "auto"})
        self.export_button.on_click(lambda _b: self.export())
        self.message = widgets.HTML()
        self.plan = widgets.HTML()
        self.plan.add_class("wb-team-plan")
        self.children = [self.title, self.board,
                         widgets.HBox([self.team, self.refresh_button]),
                         widgets.HBox([self.export_path, self.export_button]),
                         self.message, self.plan]
        self.plans: dict[str, TeamPlan] = {}
        self.table = pd.DataFrame()
        self.team.observe(lambda _c: self.show_team(), names="value")
        self.refresh()

    def _fail(self, err: Exception) -> None:
        self.message.value = f"<p style='color:#b91c1c'>{html.escape(str(err))}</p>"

    def _read(self) -> dict[str, TeamPlan]:
        if self.collected is not None:
            return {team: plan for (team, _), plan in
                    self.collected.team_plans(self.case.id).items()}
        return class_teams(self.case.id, work_dir=self.work_dir)

    @shows_errors(_fail)
    def refresh(self) -> None:
        """Read the team folders again and redraw (the picked team stays picked)."""
        self.plans = self._read()
        self.table = teams_table(list(self.plans.values()), self.case)
        if self.plans:
            self.board.value = STYLE + teams_html(self.table, lang=self.lang)
        else:
            self.board.value = (f"<p class='wb-empty'>"
                                f"{html.escape(i18n.t('tv_no_teams', lang=self.lang))}</p>")
        picked = self.team.value
        self.team.options = list(self.plans)
        self.team.value = picked if picked in self.plans else next(iter(self.plans), None)
        self.show_team()

    def show_team(self) -> None:
        """Show the picked team's gaps and whole plan."""
        plan = self.plans.get(self.team.value) if self.team.value else None
        if plan is None:
            self.plan.value = ""
            return
        e = html.escape
        self.plan.value = (f"<h3>{e(i18n.t('tx_title', lang=self.lang, team=plan.team))}</h3>"
                           + summary_html(plan, self.case, lang=self.lang)
                           + plan_html(plan, lang=self.lang))
        if not self.export_path.value or self.export_path.value.startswith(str(self._exports())):
            self.export_path.value = str(self._exports()
                                      / f"team-{student_folder(plan.team)}-{self.case.id}.html")

    def _exports(self) -> Path:
        base = Path(self.work_dir).expanduser() if self.work_dir is not None else work_folder()
        return base / "exports"

    @shows_errors(_fail)
    def export(self, path: str | Path | None = None) -> Path | None:
        """Write the picked team's plan as one offline HTML file; return the path."""
        plan = self.plans.get(self.team.value) if self.team.value else None
        if plan is None:
            raise ValueError(i18n.t("tv_no_teams", lang=self.lang))
        target = Path(path or self.export_path.value).expanduser()
        if target.suffix.lower() not in (".html", ".htm"):
            raise ValueError(i18n.t("tv_html_only", lang=self.lang, name=target.name))
        write_atomic(target, team_page(plan, self.case, lang=self.lang))
        self.message.value = (f"<p>{html.escape(i18n.t('tv_written', lang=self.lang, path=str(target)))}"
                              "</p>")
        return target

    def __repr__(self) -> str:
        return f"<TeamsView {self.case.id}: {len(self.plans)} teams>"
