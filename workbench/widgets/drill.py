"""The instructor's drill control: open phases for every team at once, release injects.

``wb.DrillControl(case, session="周三")`` writes the class session's pacing file
(:mod:`workbench.core.pacing`) in the class folder (``class_dir``; default
``$WORKBENCH_CLASS``, else the work folder: where ``teams/`` is). Team rooms polling that file follow within seconds.

Controls (attributes, so a test can ``.click()`` them): ``phase_buttons`` ({phase slug:
Button}; a click opens that phase and every phase before it), ``close_button`` (close the
furthest open phase), ``inject`` (a Dropdown of the events the instructor may release
next: not the brand's own moves, not yet shown, not yet released), ``release_button``,
``end_button`` (end the drill: teams play at their own pace), ``status`` (HTML: what is
open, what is out, which teams play the case).

>>> import tempfile
>>> control = DrillControl("demo-lumen-2024", session="s", class_dir=tempfile.mkdtemp(),
...                        lang="en")
>>> control.phase_buttons["analyse"].click()
>>> control.pacing.open_phases
('team', 'analyse')
>>> control.inject.value = "d5"; control.release_button.click()
>>> control.pacing.released, "d5" in [v for _, v in control.inject.options]
(('d5',), False)
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from ..core.cases import Case
from ..core.library import Library, library
from ..core.pacing import DEFAULT_SESSION, Pacing, injects
from ..core.team import list_teams
from ..foundation import i18n, vocab
from .callbacks import shows_errors

__all__ = ["DrillControl", "event_label"]


def event_label(case: Case, event_id: str, lang: str) -> str:
    """``d5 · +12.8 h · Regulator: summary`` for the event ``event_id`` (its id alone when
    the case has no such event)."""
    ev = case.events
    rows = ev[ev["id"] == event_id]
    if rows.empty:
        return event_id
    row = rows.iloc[0]
    text = str(row["summary_zh" if lang == "zh" else "summary_en"] or "")
    who = i18n.term(vocab.ACTORS, str(row["actor"]), lang=lang)
    short = text if len(text) <= 60 else text[:59] + "…"
    return f"{event_id} · +{float(row['hours']):.1f} h · {who}: {short}"


class DrillControl(widgets.VBox):
    """The instructor's control of one class session's drill on ``case``."""

    def __init__(self, case: str | Case, *, session: str = DEFAULT_SESSION,
                 class_dir: str | Path | None = None, lang: str | None = None,
                 root: str | Path | Library | None = None) -> None:
        super().__init__()
        self.add_class("wb-drill-control")
        self.lang = lang or i18n.get_language()
        self.case = case if isinstance(case, Case) else library(root).load(case)
        self.class_dir = class_dir
        self.pacing = Pacing.load(class_dir, self.case, session=session)
        t = lambda key, **kw: i18n.t(key, lang=self.lang, **kw)  # noqa: E731
        self.title = widgets.HTML(
            f"<h3>{html.escape(t('dr_title', case=self.case.title(self.lang)))}</h3>")
        self.phase_buttons: dict[str, widgets.Button] = {}
        for phase in vocab.PHASE_LIST:
            button = widgets.Button(description=f"{phase.number} {phase.label(self.lang)}",
                                    tooltip=t("dr_open_tip"), layout={"width": "auto"})
            button.add_class(f"wb-drill-phase-{phase.slug}")
            button.on_click(lambda _b, slug=phase.slug: self.open_phase(slug))
            self.phase_buttons[phase.slug] = button
        self.close_button = widgets.Button(description=t("dr_close"), icon="step-backward",
                                           layout={"width": "auto"})
        self.close_button.on_click(lambda _b: self.close_phase())
        self.inject = widgets.Dropdown(description=t("dr_inject"), layout={"width": "60%"},
                                       style={"description_width": "auto"})
        self.release_button = widgets.Button(description=t("dr_release"), icon="bullhorn",
                                             button_style="warning", layout={"width": "auto"})
        self.release_button.on_click(lambda _b: self.release())
        self.end_button = widgets.Button(description=t("dr_end"), icon="stop",
                                         layout={"width": "auto"})
        self.end_button.on_click(lambda _b: self.end())
        self.refresh_button = widgets.Button(description=t("dr_refresh"), icon="refresh",
                                             layout={"width": "auto"})
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.status = widgets.HTML()
        self.status.add_class("wb-drill-status")
        self.children = [
            self.title,
            widgets.HBox([*self.phase_buttons.values(), self.close_button],
                         layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.inject, self.release_button]),
            widgets.HBox([self.refresh_button, self.end_button]), self.status]
        self.refresh()

    # -- actions -----------------------------------------------------------------------------
    def _fail(self, err: Exception) -> None:
        self.refresh(problem=str(err))

    @shows_errors(_fail)
    def open_phase(self, phase: str) -> None:
        """Open ``phase`` (and the phases before it) for every team."""
        self.pacing.open_phase(phase)
        self.refresh()

    @shows_errors(_fail)
    def close_phase(self) -> None:
        """Close the furthest open phase."""
        self.pacing.reload()
        if self.pacing.current:
            self.pacing.close_phase(self.pacing.current)
        self.refresh()

    @shows_errors(_fail)
    def release(self, event_id: str | None = None) -> None:
        """Release ``event_id`` (default: the inject picked in the dropdown) to every team."""
        event_id = event_id or self.inject.value
        if not event_id:
            raise ValueError(i18n.t("dr_nothing", lang=self.lang))
        self.pacing.release(event_id, self.case)
        self.refresh()

    @shows_errors(_fail)
    def end(self) -> None:
        """End the drill (the pacing file is removed)."""
        self.pacing.end()
        self.refresh()

    # -- the view --------------------------------------------------------------------------
    def refresh(self, problem: str | None = None) -> None:
        """Read the pacing file again (another tab may have changed it) and redraw."""
        self.pacing.reload()
        lang, pacing = self.lang, self.pacing
        for slug, button in self.phase_buttons.items():
            opened = pacing.paced and slug in pacing.open_phases
            button.button_style = "success" if opened else ""
            button.icon = "unlock" if opened else "lock"
        self.close_button.disabled = not pacing.open_phases
        self.end_button.disabled = not pacing.paced
        offered = injects(self.case, pacing)
        self.inject.options = [(event_label(self.case, e, lang), e) for e in offered]
        self.inject.value = offered[0] if offered else None
        self.release_button.disabled = not offered
        self.status.value = self.status_html(problem)

    def status_html(self, problem: str | None = None) -> str:
        """What the teams of the class see now (HTML, every case string escaped)."""
        e = html.escape
        t = lambda key, **kw: e(i18n.t(key, lang=self.lang, **kw))  # noqa: E731
        pacing = self.pacing
        parts = []
        if problem:
            parts.append(f"<p class='wb-warn' style='color:#b91c1c'>{e(problem)}</p>")
        if not pacing.paced:
            parts.append(f"<p>{t('dr_free', session=pacing.session)}</p>")
        else:
            opened = ", ".join(i18n.term(vocab.PHASES, p, lang=self.lang)
                               for p in pacing.open_phases) or i18n.t("cl_none", lang=self.lang)
            parts.append(f"<p><b>{t('dr_session', session=pacing.session)}</b> · "
                         f"{i18n.labelled(t('dr_open_now'), e(opened), lang=self.lang)}</p>")
            out = "".join(f"<li>{e(event_label(self.case, ev, self.lang))}</li>"
                          for ev in pacing.released)
            parts.append(f"<p>{t('dr_released', n=len(pacing.released))}</p>"
                         + (f"<ul>{out}</ul>" if out else ""))
        teams = list_teams(self.case.id, work_dir=self.class_dir)
        parts.append("<p class='wb-muted'>" + i18n.labelled(
            t("dr_teams", n=len(teams)), e(", ".join(teams)) or t("cl_none"), lang=self.lang)
            + "</p>")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"<DrillControl {self.pacing!r}>"
