"""The case catalog as students see it: one readable, bilingual table of every case.

``wb.list_cases()`` is the data (stable column names for code); ``wb.catalog()`` is the
view (headers and values in the current language, provenance as badges, text escaped).

>>> import workbench as wb
>>> view = wb.catalog()
>>> "demo-lumen-2024" in view.table["id"].tolist(), "wb-catalog" in view._repr_html_()
(True, True)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.cases import badge, list_cases
from ..foundation import i18n, vocab


@dataclass(frozen=True)
class Catalog:
    """A table of cases with a rich display; ``.table`` is the plain DataFrame."""

    table: pd.DataFrame

    def _repr_html_(self) -> str:
        e = html.escape
        heads = [i18n.t(k) for k in ("col_id", "title", "brand", "year", "region",
                                     "scct_cluster", "provenance", "sources")]
        rows = []
        for row in self.table.fillna("").to_dict("records"):
            cluster = i18n.term(vocab.SCCT_CLUSTERS, str(row.get("scct_cluster", "")))
            marks = "".join(badge(str(row[k])) for k in ("events", "reactions")
                            if row.get(k) and f"{row[k]}_badge" in i18n.STRINGS)
            year = row.get("year", "")
            cells = [f"<code>{e(str(row['id']))}</code>", e(str(row.get("title", ""))),
                     e(str(row.get("brand", ""))), e(str(int(year)) if year != "" else ""),
                     e(str(row.get("region", ""))), e(cluster), marks,
                     e(str(int(row["sources"])) if row.get("sources", "") != "" else "")]
            rows.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>"
                                         for c in cells) + "</tr>")
        head = "".join(f"<th style='text-align:left'>{e(h)}</th>" for h in heads)
        caption = e(i18n.t("catalog_caption", n=len(self.table)))
        return (f"<table class='wb-catalog'><caption style='text-align:left'>{caption} · "
                f"<code>{e(i18n.t('catalog_load'))}</code></caption><thead><tr>{head}</tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>")


def catalog(root: Path | str | None = None) -> Catalog:
    """Every case under ``root`` (default: the bundled cases) as a readable table."""
    return Catalog(list_cases(root))
