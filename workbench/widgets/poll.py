"""A widget's poll: call one of its methods every few seconds on the kernel's event loop.

Views that follow files other people write (a teammate's role file, an instructor's
drill) poll them: cheap ``stat`` calls, a redraw only when something changed. The poll
holds the widget weakly (a closed or forgotten widget stops it) and never runs outside a
kernel (plain Python, tests): there the view redraws when asked.

>>> class View:
...     closed = False
...     def tick(self): ...
>>> every(3.0, View(), "tick")   # not in a kernel here: nothing scheduled
False
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any


def every(seconds: float, owner: Any, method: str, *,
          on_error: str | None = None) -> bool:
    """Call ``owner.<method>()`` every ``seconds`` while ``owner`` lives and is not
    ``.closed``; an exception goes to ``owner.<on_error>(err)`` and the poll goes on.
    Returns whether a poll was scheduled: False outside a kernel, or with no running
    event loop. (Another library's loop in the same thread, such as Playwright's in the
    browser tests, is not the kernel's: the poll would run there and never be seen.)"""
    if not _in_kernel():
        return False
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    ref = weakref.ref(owner)

    def tick() -> None:
        target = ref()
        if target is None or getattr(target, "closed", False):
            return
        try:
            getattr(target, method)()
        except Exception as err:  # a poll never dies silently
            if on_error is None:
                raise
            getattr(target, on_error)(err)
        loop.call_later(seconds, tick)

    loop.call_later(seconds, tick)
    return True


def _in_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (IPython with a kernel attached)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
