"""Shared test setup: every test starts and ends in English; a damageable demo case copy."""

import shutil
from pathlib import Path

import pytest

import workbench as wb
from workbench.cases import bundled_root


@pytest.fixture(autouse=True)
def english():
    wb.set_language("en")
    yield
    wb.set_language("en")


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A private copy of the fictional demo case that a test may damage."""
    folder = tmp_path / "demo-lumen-2024"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    return folder
