"""The catalog filter driven from Python, alone and in the app (issue 19)."""

from __future__ import annotations

import workbench as wb
from workbench.widgets.app import App
from workbench.widgets.catalog_filter import CatalogFilter


def clusters(ids: list[str]) -> set[str]:
    table = wb.list_cases().set_index("id")
    return {table.loc[i, "scct_cluster"] for i in ids}


def test_filters_follow_wb_catalog():
    box = CatalogFilter()
    assert box.cluster.value == "" and len(box.ids) == len(wb.list_cases())
    box.cluster.value = "victim"
    assert box.ids == wb.catalog(cluster="victim").table["id"].tolist()
    box.nature.value = "natural"
    assert box.ids == wb.catalog(cluster="victim", nature="natural").table["id"].tolist()
    box.nature.value, box.cluster.value = "", ""
    box.region.value = "CN"
    box.year.value = 2023
    assert box.ids == wb.catalog(region="CN", year=2023).table["id"].tolist()
    box.region.value, box.year.value = "", ""
    box.provenance.value = "observed"
    assert box.ids == wb.catalog(provenance="observed").table["id"].tolist()
    box.provenance.value = ""
    box.sort.value = "id"
    assert box.ids == sorted(box.ids)
    assert "All" in [label for label, _ in box.scope.options]
    box.close()


def test_labels_follow_the_language():
    box = CatalogFilter()
    box.cluster.value = "victim"
    wb.set_language("zh")
    box.relabel()
    assert box.cluster.value == "victim" and box.cluster.options[0][0] == "全部"
    assert box.sort.description == "排序"
    box.close()


def test_the_app_lists_only_the_filtered_cases(tmp_path):
    app = App(case="haidilao-2017", lang="en", journal_dir=tmp_path)
    try:
        calls = []
        app.catalog_filter.on_change(lambda: calls.append(1))
        app.catalog_filter.cluster.value = "victim"
        listed = [v for _, v in app.case_picker.options]
        assert listed and clusters(listed) == {"victim"} and calls
        assert app.case.id in listed  # the open case was filtered out: the first one opened
        app.catalog_filter.cluster.value = ""
        assert len(app.case_picker.options) == len(wb.list_cases())
    finally:
        app.close()
