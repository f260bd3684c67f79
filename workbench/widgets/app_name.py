"""The app's student name: asked for until typed, never a name nobody chose.

Until a name is typed (or given by the page address, ``$WORKBENCH_STUDENT``, the name
remembered by ``wb.set_student`` or the hub's user name), the app shows a prompt and keeps
the student's journals in a scratch folder; the name typed first takes them over
(:func:`workbench.core.student.carry_over`), so what was written before is not lost and
nothing is saved under "student" or "anonymous" in the class's work folder. A team room
does the same with its role: nothing is written in the team's folder until the name is
typed, which then takes over what was written (:mod:`workbench.core.team_unnamed`).

>>> import tempfile, workbench as wb
>>> app = wb.App(case="demo-lumen-2024", lang="en", student="", journal_dir=tempfile.mkdtemp())
>>> app.stepper.named, "Type your name" in app.message.value
(False, True)
>>> app.student.value = "李雷"
>>> app.stepper.named, app.stepper.journal.student, app.message.value
(True, '李雷', '')
>>> app.close()
"""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.names import StudentNameError
from ..core.student import PLACEHOLDER, carry_over
from ..foundation import i18n


class NamedStudent:
    """The name part of :class:`~workbench.widgets.app.App` (its ``student`` field,
    ``memory``, ``message`` and ``journal_dir``)."""

    student: Any
    memory: Any
    message: Any
    journal_dir: str | Path | None
    _scratch: Path | None
    _fail: Callable[[str], None]  # the app's one-line error

    @property
    def _name(self) -> str:
        return self.student.value.strip()

    def _work(self) -> Path | str | None:
        """Where journals go: the work folder once a name is typed, else the scratch folder."""
        if self._name:
            return self.journal_dir
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="wb-unnamed-"))
        return self._scratch

    def _show_prompt(self) -> None:
        """Ask for a name while there is none (else clear the message line)."""
        self.message.value = "" if self._name else (
            f"<div class='wb-app-note wb-app-name-first'>✎ "
            f"{html.escape(i18n.t('app_name_prompt'))}</div>")

    def _remembered(self, name: str) -> None:
        """The browser remembered ``name``: it fills the field ("student", what older
        versions remembered when nobody had typed a name, does not)."""
        name = name.strip()
        if name and name != PLACEHOLDER and name != self._name:
            self.student.value = name

    def _named(self, name: str) -> bool:
        """The field now says ``name`` ("" : no name): the first name takes over the
        scratch journals and is remembered by the browser. False when the name is refused."""
        name = name.strip()
        if name:
            if self._scratch is not None:  # what was written before the name was typed
                try:
                    carry_over(self._scratch, name, journal_dir=self.journal_dir)
                except StudentNameError as err:
                    self._fail(str(err))
                    return False
            self.memory.value = name
        return True

    def _drop_scratch(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
