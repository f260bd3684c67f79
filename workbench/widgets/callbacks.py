"""Widget callbacks that never lose an error: ipywidgets swallows exceptions raised in a
callback (and Voila hides tracebacks), so each widget reports them in its own view.

>>> class View:
...     said = ""
...     def report(self, err):
...         self.said = f"could not do it: {err}"
...     @shows_errors(report)
...     def on_click(self):
...         raise ValueError("no case")
>>> view = View(); view.on_click(); view.said
'could not do it: no case'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from ..foundation.problems import CaseError

F = TypeVar("F", bound=Callable[..., Any])


def shows_errors(report: Callable[[Any, Exception], None]) -> Callable[[F], F]:
    """Decorate a widget method: an exception goes to ``report(self, err)`` instead of
    vanishing, and the callback returns None."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as err:
                report(self, err)
                return None

        return wrapper  # type: ignore[return-value]

    return decorate


def shows_errors_here(method: F) -> F:
    """:func:`shows_errors` for a widget that shows an error itself, in
    ``self._show_error(err)`` (the board, its scorecard, the phase stepper, the team room).

    >>> class Panel:
    ...     said = ""
    ...     def _show_error(self, err):
    ...         self.said = f"⚠ {err}"
    ...     @shows_errors_here
    ...     def on_pick(self, change):
    ...         raise ValueError(f"no case {change}")
    >>> panel = Panel(); panel.on_pick("x") is None, panel.said
    (True, '⚠ no case x')
    """
    return shows_errors(_in_its_view)(method)


def _in_its_view(widget: Any, err: Exception) -> None:
    widget._show_error(err)


def one_line(err: BaseException) -> str:
    """The error in one line: a CaseError's first problem, else its first line (at most
    240 characters).

    >>> one_line(ValueError("no such case\\nmore detail"))
    'no such case'
    """
    lines = [line.strip() for line in str(err).splitlines() if line.strip()] or [""]
    text = (lines[1:2] if isinstance(err, CaseError) else lines[:1])[0] or type(err).__name__
    return text if len(text) <= 240 else text[:239] + "…"
