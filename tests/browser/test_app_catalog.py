"""The app's catalog filter in Chromium: picking cluster = victim leaves only victim cases
in the case list (issue 19). Screenshot: test-artifacts/app-catalog-victim.png."""

from __future__ import annotations

import pytest

import workbench as wb
from workbench.foundation import vocab

pytestmark = pytest.mark.browser


def test_filtering_the_case_list_by_cluster(app_page):
    app_page.page.set_default_navigation_timeout(120_000)  # Voila runs the app before "load"
    app_page.open(lang="en")
    app = app_page.app
    cluster = app.locator(".wb-filter-cluster select")
    cluster.wait_for()
    assert "All" in cluster.locator("option").first.inner_text()
    picker = app.locator(".wb-app-case select")
    everything = picker.locator("option").count()
    cluster.select_option(label=vocab.SCCT_CLUSTERS["victim"].en)
    victims = wb.catalog(cluster="victim").table["id"].tolist()
    app_page.page.wait_for_function(
        "n => document.querySelectorAll('.wb-app-case select option').length === n",
        arg=len(victims), timeout=30_000)
    listed = [t.replace("\xa0", " ").rsplit(" · ", 1)[-1]  # the browser keeps &nbsp;
              for t in picker.locator("option").all_inner_texts()]
    assert listed == victims and len(listed) < everything
    app.locator(".wb-filter-count", has_text=f"Matching cases: {len(victims)}").wait_for()
    # the open case (haidilao-2017, not a victim case) gave way to the first match
    first = picker.locator("option").first.inner_text().replace("\xa0", " ").rsplit(" · ", 1)[0]
    app.locator(".wb-app-step", has_text=first).wait_for(timeout=90_000)
    app_page.shot("app-catalog-victim")

