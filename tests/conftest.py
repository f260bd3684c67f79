"""Shared test setup: every test starts and ends in English, whatever it switched to."""

import pytest

import workbench as wb


@pytest.fixture(autouse=True)
def english():
    wb.set_language("en")
    yield
    wb.set_language("en")
