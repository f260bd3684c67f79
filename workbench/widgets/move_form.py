"""The team room's move form: one role's move at one phase, and the lead's fields.

What the role does or says, on which channel, at which hour since the trigger, its
response-strategy codes, which of the team's key messages it carries and which facts it
rests on; the lead role also sets the key messages (≤ 5) and who owns the phase. Every
change is written at once to the role's own file (:class:`~workbench.core.team.RolePlan`);
filling the form from the file (:meth:`MoveForm.fill`) or changing its option lists
(:meth:`MoveForm.set_choices`) never writes. The :class:`~workbench.widgets.teamroom.TeamRoom`
around it draws the phase, the case and the team.

>>> import tempfile
>>> from workbench.core.team import RolePlan
>>> plan = RolePlan.load("A组", "demo-lumen-2024", "pr", student="韩梅梅",
...                      work_dir=tempfile.mkdtemp())
>>> form = MoveForm(plan, is_lead=True)
>>> form.fill("plan", default_hour=6.0); form.hour_input.value
6.0
>>> form.move_text.value = "两小时内在微博道歉"; plan.moves["plan"]["text"]
'两小时内在微博道歉'
>>> form.key_message_inputs[0].value = "先道歉"; plan.key_messages
['先道歉']
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..core.team import MAX_HOUR, MAX_KEY_MESSAGES, RolePlan
from .callbacks import shows_errors

_WIDE = widgets.Layout(width="98%")


def _classed(w: Any, cls: str) -> Any:
    w.add_class(cls)
    return w


def _guarded(method: Callable) -> Callable:
    return shows_errors(lambda self, err: self.on_error(err))(method)


def _ignore(*_args: Any) -> None:
    return None


class MoveForm(widgets.VBox):
    """The editors of ``plan``'s move at one phase (the lead's fields with ``is_lead``).

    ``on_saved()`` runs after each write, ``on_error(err)`` on a refused one. Widgets:
    ``title``, ``move_text``, ``channel_picker``, ``hour_input``, ``strategy_picker``,
    ``message_picker``, ``fact_picker``; for the lead ``lead_title``,
    ``key_message_inputs`` and ``owner_picker`` (else empty/None). ``phase``: the phase
    the form writes to (set by :meth:`fill`).
    """

    def __init__(self, plan: RolePlan, *, is_lead: bool,
                 on_saved: Callable[[], None] = _ignore,
                 on_error: Callable[[Exception], None] = _ignore) -> None:
        self.plan, self.is_lead = plan, is_lead
        self.on_saved, self.on_error = on_saved, on_error
        self.phase = "team"
        self._quiet = False
        self.title = widgets.HTML()
        self.move_text = _classed(widgets.Textarea(rows=3, continuous_update=True, layout=_WIDE),
                                  "wb-team-move-text")
        self.channel_picker = _classed(widgets.Dropdown(), "wb-team-channel")
        self.hour_input = _classed(widgets.BoundedFloatText(min=0, max=MAX_HOUR, step=0.5),
                                   "wb-team-hour")
        self.strategy_picker = _classed(widgets.SelectMultiple(rows=6), "wb-team-strategies")
        self.message_picker = _classed(widgets.SelectMultiple(rows=5), "wb-team-messages")
        self.fact_picker = _classed(widgets.SelectMultiple(rows=5, layout=_WIDE),
                                    "wb-team-facts")
        for w in self.move_editors:
            w.observe(self._on_move, names="value")
            w.style.description_width = "initial"
        self.key_message_inputs: list[widgets.Text] = []
        self.owner_picker: widgets.SelectMultiple | None = None
        self.lead_title = widgets.HTML()
        lead_box: list[widgets.Widget] = []
        if is_lead:
            for n in range(MAX_KEY_MESSAGES):
                w = _classed(widgets.Text(continuous_update=True, layout=_WIDE),
                             f"wb-team-key-{n + 1}")
                w.observe(self._on_keys, names="value")
                self.key_message_inputs.append(w)
            self.owner_picker = _classed(widgets.SelectMultiple(
                rows=5, style={"description_width": "initial"}), "wb-team-owners")
            self.owner_picker.observe(self._on_owners, names="value")
            lead_box = [self.lead_title, *self.key_message_inputs, self.owner_picker]
        pickers = widgets.HBox([self.channel_picker, self.hour_input],
                               layout=widgets.Layout(flex_flow="row wrap"))
        lists = widgets.HBox([self.strategy_picker, self.message_picker],
                             layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([self.title, self.move_text, pickers, lists, self.fact_picker,
                          *lead_box])
        self.add_class("wb-team-editor")

    @property
    def move_editors(self) -> tuple[widgets.Widget, ...]:
        """The widgets of the move itself (each change writes the whole move)."""
        return (self.move_text, self.channel_picker, self.hour_input, self.strategy_picker,
                self.message_picker, self.fact_picker)

    def label(self, t: Callable[..., str], *, title_html: str) -> None:
        """Put the words in: ``t(key)`` gives a string of the room's language."""
        self.title.value = title_html
        self.move_text.placeholder = t("tr_move_hint")
        self.channel_picker.description = t("channel")
        self.hour_input.description = t("hours")
        self.strategy_picker.description = t("strategy")
        self.message_picker.description = t("tr_messages")
        self.fact_picker.description = t("tr_facts")
        if self.is_lead:
            self.lead_title.value = f"<h4>{html.escape(t('tr_lead_title'))}</h4>"
            for n, w in enumerate(self.key_message_inputs, start=1):
                w.description = f"{t('tr_key_message')} {n}"
            self.owner_picker.description = t("tr_owners")

    def lock(self, closed: bool) -> None:
        """Disable every editor while the phase is closed (the drill keeps it shut)."""
        for w in (*self.move_editors, *self.key_message_inputs):
            w.disabled = closed

    def set_choices(self, lists: dict[str, list]) -> None:
        """Option lists (``team_board.move_choices``) that follow the language, the key
        messages and the visible facts; what the student picked stays picked (no write)."""
        choices = {self.channel_picker: lists["channel"],
                   self.strategy_picker: lists["strategies"],
                   self.message_picker: lists["messages"], self.fact_picker: lists["facts"]}
        if self.owner_picker is not None:
            choices[self.owner_picker] = lists["owners"]
        self._quiet = True
        try:
            for w, options in choices.items():
                if list(w.options) != options:
                    keep = w.value
                    w.options = options
                    values = {v for _, v in options}
                    w.value = (tuple(v for v in keep if v in values)
                               if isinstance(keep, tuple) else keep if keep in values else
                               options[0][1])
        finally:
            self._quiet = False

    def fill(self, phase: str, *, default_hour: float) -> None:
        """Load the role's move at ``phase`` (and the lead's fields) into the editors,
        without writing; a move with no hour shows ``default_hour`` (the phase end)."""
        self.phase = phase
        move = self.plan.moves.get(phase) or {}
        self._quiet = True
        try:
            self.move_text.value = str(move.get("text") or "")
            channels = {v for _, v in self.channel_picker.options}
            if channels:
                self.channel_picker.value = move.get("channel") or "" if (
                    move.get("channel") or "") in channels else ""
            hour = move.get("hour")
            self.hour_input.value = float(hour) if hour is not None else round(
                max(0.0, min(float(default_hour), MAX_HOUR)) * 2) / 2
            for w, key in ((self.strategy_picker, "strategies"), (self.message_picker, "messages"),
                           (self.fact_picker, "facts")):
                values = {v for _, v in w.options}
                w.value = tuple(v for v in move.get(key) or [] if v in values)
            if self.is_lead:
                keys = self.plan.key_messages
                for n, w in enumerate(self.key_message_inputs):
                    w.value = keys[n] if n < len(keys) else ""
                self.owner_picker.value = tuple(self.plan.owners.get(phase, []))
        finally:
            self._quiet = False

    # -- callbacks -------------------------------------------------------------------------
    @_guarded
    def _on_move(self, _change: dict) -> None:
        if self._quiet:
            return
        self.plan.set_move(self.phase, text=self.move_text.value,
                           channel=self.channel_picker.value or None,
                           hour=self.hour_input.value, strategies=self.strategy_picker.value,
                           messages=self.message_picker.value, facts=self.fact_picker.value)
        self.on_saved()

    @_guarded
    def _on_keys(self, _change: dict) -> None:
        if not self._quiet:
            self.plan.set_key_messages([w.value for w in self.key_message_inputs])
            self.on_saved()

    @_guarded
    def _on_owners(self, change: dict) -> None:
        if not self._quiet:
            self.plan.set_owners(self.phase, list(change["new"]))
            self.on_saved()

    def close(self) -> None:
        """Close the form and every editor in it."""
        for w in (*self.move_editors, *self.key_message_inputs, self.owner_picker, self.title,
                  self.lead_title, *self.children):
            if w is not None:
                w.close()
        super().close()

