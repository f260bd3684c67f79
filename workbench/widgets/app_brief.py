"""The classroom app's first tab: a case's brief as HTML — its card, its sources (links
only for http(s) addresses) and the first few posts after the trigger, all escaped.

>>> import workbench as wb
>>> page = brief_html(wb.load_case("demo-lumen-2024"), "en")
>>> page.count("<li class='wb-app-post'>") <= EARLY_POSTS, "wb-app-sources" in page
(True, True)
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ..core.case_card import badge, case_card
from ..core.cases import Case
from ..foundation import i18n, vocab

EARLY_POSTS = 5  #: posts shown in the case brief (the first ones after the trigger)


def brief_html(case: Case, lang: str) -> str:
    """The brief of ``case`` in ``lang``: card, sources, early posts, what to do next."""
    e = html.escape
    sources = "".join(_source_item(s) for s in case.meta.sources)
    parts = [case_card(case),
             f"<h3 style='margin:12px 0 4px'>{e(i18n.t('app_sources', lang=lang))}</h3>"
             f"<ol class='wb-app-sources'>{sources}</ol>"]
    posts = _early_posts(case, lang)
    if posts:
        parts.append(f"<h3 style='margin:12px 0 4px'>{e(i18n.t('app_early_posts', lang=lang))} "
                     f"{badge(case.meta.provenance.reactions)}</h3>{posts}")
    parts.append(f"<p style='color:#1d4ed8;font-weight:600'>"
                 f"{e(i18n.t('app_next', lang=lang))}</p>")
    return "".join(parts)


def _source_item(source: Any) -> str:
    """One source as a list item; the link only for http(s) addresses, everything escaped."""
    e = html.escape
    url = str(source.url)
    title = e(str(source.title))
    link = (f"<a href='{e(url, quote=True)}' target='_blank' rel='noopener noreferrer'>{title}</a>"
            if url.lower().startswith(("http://", "https://")) else title)
    extra = " · ".join(e(str(x)) for x in (source.publisher, source.date) if x)
    return f"<li>{link}{' — ' + extra if extra else ''}</li>"


def _early_posts(case: Case, lang: str) -> str:
    """The first few posts after the trigger as an HTML list (text escaped), or ""."""
    store = case.post_store  # in memory or on disk: one query either way
    if store is None or (not store.on_disk and not len(store)):
        return ""
    after = store.where(start=case.trigger).first(EARLY_POSTS)
    e = html.escape
    items = []
    for row in after.to_dict("records"):
        hours = (row["time"] - case.trigger) / pd.Timedelta(hours=1)
        where = i18n.term(vocab.CHANNELS, str(row["platform"]), lang=lang)
        when = i18n.t("card_hour_after", lang=lang, n=f"{hours:.1f}")
        items.append(f"<li class='wb-app-post'><span style='color:#6b7280'>{e(when)} · "
                     f"{e(where)}</span> — {e(str(row['text']))}</li>")
    return f"<ul class='wb-app-posts'>{''.join(items)}</ul>"
