"""The catalog filters and sorts the library by classification, year, region and provenance."""

from __future__ import annotations

import pytest

import workbench as wb


def test_filters_by_classification():
    assert set(wb.catalog(cluster="victim").table["scct_cluster"]) == {"victim"}
    assert set(wb.catalog(nature="natural").table["nature"]) == {"natural"}
    assert set(wb.catalog(scope="internal").table["scope"]) == {"internal"}
    assert set(wb.catalog(cluster="VICTIM").table["scct_cluster"]) == {"victim"}


def test_filters_by_year_region_and_provenance():
    recent = wb.catalog(year=(2023, None)).table
    assert len(recent) and recent["year"].min() >= 2023
    assert set(wb.catalog(year=2018).table["year"]) == {2018}
    assert set(wb.catalog(region="cn").table["region"]) == {"CN"}
    fictional = wb.catalog(provenance="fictional").table
    assert "demo-lumen-2024" in fictional["id"].tolist()


def test_sorts_and_refuses_unknown_values():
    years = wb.catalog(sort_by="year").table["year"].tolist()
    assert years == sorted(years)
    with pytest.raises(wb.WorkbenchError, match="did you mean 'victim'"):
        wb.catalog(cluster="victm")
    with pytest.raises(wb.WorkbenchError, match="sort_by"):
        wb.catalog(sort_by="yeer")


def test_library_covers_every_cluster_nature_and_scope():
    """Issue: ≥15 real cases, ≥2 natural, ≥2 internal, ≥3 victim, ≥4 from 2023 on."""
    real = wb.catalog(provenance="documented").table
    assert len(real) >= 15
    assert (real["nature"] == "natural").sum() >= 2
    assert (real["scope"] == "internal").sum() >= 2
    assert (real["scct_cluster"] == "victim").sum() >= 3
    assert (real["year"] >= 2023).sum() >= 4
    assert set(real["scct_cluster"]) == {"victim", "accidental", "preventable"}
