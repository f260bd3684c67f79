"""The case catalog as students see it: one readable, bilingual table of every case.

``wb.list_cases()`` is the data (stable column names for code); ``wb.catalog()`` is the
view (headers and values in the current language, provenance as badges, text escaped).

>>> import workbench as wb
>>> view = wb.catalog()
>>> "demo-lumen-2024" in view.table["id"].tolist(), "wb-catalog" in view._repr_html_()
(True, True)
>>> victims = wb.catalog(cluster="victim", year=(2021, None))
>>> set(victims.table["scct_cluster"]), bool(victims.table["year"].min() >= 2021)
({'victim'}, True)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..core import cases as _cases
from ..core.case_card import badge
from ..core.tables import ReadingTable
from ..foundation import i18n, vocab
from ..foundation.problems import WorkbenchError, did_you_mean

NOWRAP = ";white-space:nowrap"
#: The columns never broken: the id (a name typed in code), year, region, classification,
#: SCCT cluster, sources.
SHORT = {0, 3, 4, 5, 6, 8}


@dataclass(frozen=True)
class Catalog:
    """A table of cases with a rich display; ``.table`` is the plain DataFrame."""

    table: pd.DataFrame

    def _repr_html_(self) -> str:
        e = html.escape
        heads = [i18n.t(k) for k in ("col_id", "title", "brand", "year", "region",
                                     "classification", "scct_cluster", "provenance", "sources")]
        rows = []
        for row in self.table.fillna("").to_dict("records"):
            cluster = i18n.term(vocab.SCCT_CLUSTERS, str(row.get("scct_cluster", "")))
            kind = " · ".join(i18n.term(table, str(row.get(key, ""))) for key, table in
                              (("scope", vocab.SCOPES), ("nature", vocab.NATURES)) if row.get(key))
            marks = "".join(badge(str(row[k])) for k in ("events", "reactions", "signals")
                            if row.get(k) and f"{row[k]}_badge" in i18n.STRINGS)
            year = row.get("year", "")
            cells = [f"<code>{e(str(row['id']))}</code>", e(str(row.get("title", ""))),
                     e(str(row.get("brand", ""))), e(str(int(year)) if year != "" else ""),
                     e(str(row.get("region", ""))), e(kind), e(cluster), marks,
                     e(str(int(row["sources"])) if row.get("sources", "") != "" else "")]
            rows.append("<tr>" + "".join(
                f"<td style='text-align:left{NOWRAP if i in SHORT else ''}'>{c}</td>"
                for i, c in enumerate(cells)) + "</tr>")
        # short words never break (a narrow column would put one character on each line)
        head = "".join(f"<th style='text-align:left{NOWRAP}'>{e(h)}</th>" for h in heads)
        caption = e(i18n.t("catalog_caption", n=len(self.table)))
        return (f"<table class='wb-catalog'><caption style='text-align:left'>{caption} · "
                f"<code>{e(i18n.t('catalog_load'))}</code></caption><thead><tr>{head}</tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>")


def list_cases(root: Path | str | None = None) -> ReadingTable:
    """One row per case under ``root`` (default: the bundled cases), from case.yaml alone:
    the data of :func:`catalog`, stable column names for code, shown as a readable table
    (text left-aligned, blanks blank; JupyterLab would right-align the Chinese).

    >>> table = list_cases()
    >>> type(table).__name__, "demo-lumen-2024" in table["id"].tolist()
    ('ReadingTable', True)
    """
    return ReadingTable(_cases.list_cases(root))


#: Filters of :func:`catalog` on classification → (column, allowed values).
FILTERS = {"cluster": ("scct_cluster", vocab.SCCT_CLUSTERS), "nature": ("nature", vocab.NATURES),
           "scope": ("scope", vocab.SCOPES)}
PROVENANCE = ("documented", "observed", "simulated", "fictional", "pending", "none")


def catalog(root: Path | str | None = None, *, cluster: str | None = None,
            nature: str | None = None, scope: str | None = None, region: str | None = None,
            year: int | tuple[int | None, int | None] | None = None,
            provenance: str | None = None, sort_by: str = "year",
            listed: pd.DataFrame | None = None) -> Catalog:
    """Every case under ``root`` (default: the bundled cases) as a readable table.

    Filters: ``cluster`` (victim, accidental, preventable), ``nature`` (natural, human),
    ``scope`` (internal, external), ``region`` (ISO code, e.g. ``"CN"``), ``year`` (one year
    or a ``(first, last)`` range, either end ``None``) and ``provenance`` (a case whose
    events, reactions or signals are e.g. ``"observed"``). ``sort_by``: any column of
    :func:`wb.list_cases` (``"year"``, ``"id"``, ``"scct_cluster"``, …). ``listed``: the
    ``list_cases(root)`` table when the caller has it already (not read again).
    """
    table = _cases.list_cases(root) if listed is None else listed
    chosen = {"cluster": cluster, "nature": nature, "scope": scope}
    for name, value in chosen.items():
        if value is None:
            continue
        column, allowed = FILTERS[name]
        table = table[table.get(column, "") == _one_of(name, value, tuple(allowed))]
    if region is not None:
        table = table[table.get("region", "").astype(str).str.upper() == str(region).upper()]
    if year is not None:
        first, last = (year, year) if isinstance(year, int) else year
        years = table.get("year", pd.Series(dtype="float")).astype("float")
        table = table[(first is None or years >= first) & (last is None or years <= last)]
    if provenance is not None:
        value = _one_of("provenance", provenance, PROVENANCE)
        table = table[(table[["events", "reactions", "signals"]] == value).any(axis=1)]
    if sort_by not in table.columns:
        raise WorkbenchError(f"catalog: sort_by: unknown column '{sort_by}'; expected one of "
                             f"{', '.join(table.columns)} ({did_you_mean(sort_by, table.columns)})")
    return Catalog(table.sort_values([sort_by, "id"], kind="stable").reset_index(drop=True))


def _one_of(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        hint = did_you_mean(text, allowed)
        raise WorkbenchError(f"catalog: {name}: unknown value '{value}'; expected one of "
                             f"{', '.join(allowed)}" + (f" ({hint})" if hint else ""))
    return text
