"""A progress bar over the named steps of one long job (``workbench import`` of a big file).

tqdm draws it: a text bar on stderr in a terminal, a widget in a notebook (``tqdm.auto``).
The bar names the step being worked on, in the current language; a job too small to wait
for shows nothing.

>>> with Steps(["import_step_read", "import_step_write"], show=False) as steps:
...     steps.next("import_step_read")
...     steps.next("import_step_write")
>>> steps.done
2
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from . import i18n


class Steps:
    """``next(key)`` starts the step named by the string key ``key``; closing ends the bar."""

    def __init__(self, keys: Sequence[str], *, show: bool, desc_key: str = "import_steps"):
        self.keys, self.done, self._bar = list(keys), 0, None
        if show:
            if "ipykernel" in sys.modules:  # a notebook: the widget bar
                from tqdm.auto import tqdm
            else:  # a terminal: the text bar, without tqdm.auto's asyncio import (~15 ms)
                from tqdm.std import tqdm
            self._bar: Any = tqdm(total=len(self.keys), desc=i18n.t(desc_key), unit="",
                                  file=sys.stderr, bar_format="{desc}: {n}/{total} {bar} "
                                  "{postfix} [{elapsed}]")

    def next(self, key: str) -> None:
        """Mark the step before as done and name ``key`` as the one under way."""
        if self._bar is not None:
            if self.done:
                self._bar.update(1)
            self._bar.set_postfix_str(i18n.t(key), refresh=True)
        self.done += 1

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            if exc[0] is None:
                self._bar.update(1)
                self._bar.set_postfix_str(i18n.t("import_step_done"), refresh=True)
            self._bar.close()
