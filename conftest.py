"""Every test and every doctest (tests/ and workbench/) starts and ends in English: a
doctest that switches to Chinese must not change how the next one prints."""

import pytest


@pytest.fixture(autouse=True)
def english():
    import workbench as wb
    wb.set_language("en")
    yield
    wb.set_language("en")
