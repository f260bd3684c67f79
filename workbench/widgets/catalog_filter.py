"""The case catalog's filters as widgets: pick the cases to list by cluster, nature, scope,
region, year and data provenance, sorted as asked — the rules of ``wb.catalog`` (issue 19).

``CatalogFilter`` is an ``HBox`` of dropdowns (``.cluster``, ``.nature``, ``.scope``,
``.region``, ``.year``, ``.provenance``, ``.sort``), each with a bilingual label and
"all" by default. ``.ids`` are the matching case ids in order; ``on_change(callback)`` calls
``callback()`` after every change. The filtering itself is :func:`workbench.display.catalog.catalog`.

>>> box = CatalogFilter()
>>> box.cluster.value = "victim"
>>> set(box.table["scct_cluster"])
{'victim'}
>>> box.cluster.value = ""; box.sort.value = "id"; box.ids == sorted(box.ids)
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..core.library import Library, library
from ..display.catalog import PROVENANCE, catalog
from ..foundation import i18n, vocab

ALL = ""  #: the value of "all" in every dropdown
#: The filters: attribute → (label key, vocabulary table or None for values read from the cases).
FILTERS: dict[str, tuple[str, dict | None]] = {
    "cluster": ("scct_cluster", vocab.SCCT_CLUSTERS), "nature": ("filter_nature", vocab.NATURES),
    "scope": ("filter_scope", vocab.SCOPES), "region": ("region", None), "year": ("year", None),
    "provenance": ("provenance", None)}
#: Sort keys (columns of ``wb.list_cases``) → label key.
SORTS: dict[str, str] = {"year": "year", "id": "col_id", "title": "title",
                         "scct_cluster": "scct_cluster", "region": "region"}


class CatalogFilter(widgets.HBox):
    """Dropdowns that filter and sort the cases under ``root`` (a folder or a Library)."""

    def __init__(self, root: str | Path | Library | None = None) -> None:
        super().__init__()
        self.add_class("wb-catalog-filter")
        self.library = library(root)
        self._callbacks: list[Callable[[], None]] = []
        self._quiet = False
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        for name in [*FILTERS, "sort"]:
            box = widgets.Dropdown(layout={"width": "auto"}, style={"description_width": "auto"})
            box.add_class(f"wb-filter-{name}")
            self.dropdowns[name] = box
            setattr(self, name, box)
        self.count = widgets.HTML(layout={"flex": "0 0 auto"})  # never squeezed onto two lines
        self.count.add_class("wb-filter-count")
        self.children = [*self.dropdowns.values(), self.count]
        self.table = pd.DataFrame(columns=["id"])
        self._cases = pd.DataFrame(columns=["id"])  # the listing, read once per relabel
        self.relabel()
        for box in self.dropdowns.values():
            box.observe(self._changed, names="value")

    # -- values --------------------------------------------------------------------------
    def _listed(self) -> pd.DataFrame:
        try:
            return self.library.catalog()
        except OSError:
            return pd.DataFrame(columns=["id"])

    def _options(self, name: str, listed: pd.DataFrame, lang: str) -> list[tuple[str, object]]:
        everything = [(i18n.t("filter_all", lang=lang), ALL)]
        table = FILTERS[name][1]
        if table is not None:
            return everything + [(i18n.term(table, slug, lang=lang), slug) for slug in table]
        if name == "provenance":
            return everything + [(i18n.t(f"{p}_badge", lang=lang), p) for p in PROVENANCE]
        column = listed.get(name, pd.Series(dtype=object)).dropna()
        values = sorted({int(v) for v in column} if name == "year"
                        else {str(v) for v in column if str(v)})
        return everything + [(str(v), v) for v in values]

    def relabel(self) -> None:
        """Labels and options in the current language (the chosen values kept)."""
        lang = i18n.get_language()
        listed = self._cases = self._listed()
        self._quiet = True
        for name, box in self.dropdowns.items():
            current = box.value
            if name == "sort":
                box.options = [(i18n.t(k, lang=lang), col) for col, k in SORTS.items()]
                box.description = i18n.t("filter_sort", lang=lang)
            else:
                box.options = self._options(name, listed, lang)
                box.description = i18n.t(FILTERS[name][0], lang=lang)
            values = [v for _, v in box.options]
            box.value = current if current in values else values[0]
        self._quiet = False
        self._apply()

    @property
    def chosen(self) -> dict[str, object]:
        """The filters set (not "all"), as ``wb.catalog`` keywords."""
        return {name: self.dropdowns[name].value for name in FILTERS
                if self.dropdowns[name].value != ALL}

    @property
    def ids(self) -> list[str]:
        """The ids of the matching cases, in the chosen order."""
        return self.table["id"].astype(str).tolist() if "id" in self.table else []

    # -- updates ---------------------------------------------------------------------------
    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after each change of a filter or the order."""
        self._callbacks.append(callback)

    def _apply(self) -> None:
        if self._cases.empty or "year" not in self._cases:
            self.table = self._cases
        else:
            self.table = catalog(self.library.root, sort_by=self.sort.value, listed=self._cases,
                                 **self.chosen).table  # type: ignore[arg-type]
        self._count()

    def _count(self) -> None:
        n = len(self.table)
        self.count.value = (f"<span style='color:{'#b91c1c' if n == 0 else '#4b5563'};"
                            "white-space:nowrap'>"
                            f"{i18n.t('filter_count', n=n)}</span>")

    def _changed(self, _change: dict) -> None:
        if self._quiet:
            return
        self._apply()
        for callback in self._callbacks:
            callback()
