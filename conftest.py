"""Every test and every doctest (tests/ and workbench/) starts and ends in English: a
doctest that switches to Chinese must not change how the next one prints.

Under pytest-xdist (``make test`` runs two workers, ``-n 2``) the browser tests stay together
on one worker (one JupyterLab, one Voila, one Chromium for all of them), except the
screenshot pass, which starts its own JupyterLab and so is shared out on its own (servers
take ports from a block of their worker's, below the range kernels pick from:
tests/browser/conftest.py); every other file's tests stay together (its module fixtures run
once); the files are shared out between the two workers, the files with most tests first.
"""

import pytest

SCREENS = "tests/browser/test_screens_newcomer.py"


@pytest.fixture(autouse=True)
def english():
    import workbench as wb
    wb.set_language("en")
    yield
    wb.set_language("en")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it is installed
def pytest_xdist_make_scheduler(config, log):
    """Work shared out a file at a time, all of tests/browser/ as one unit. (Not ``--dist
    loadgroup`` with ``xdist_group`` marks: pytest-xdist 3.8 cannot group under pytest 9.2.)"""
    if config.getvalue("dist") not in ("load", "loadfile"):  # -n alone means "load"
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FilesAndOneBrowserSession(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path == SCREENS:  # its own JupyterLab: it runs beside the other browser tests
                return path
            return "tests/browser/" if path.startswith("tests/browser/") else path

    return FilesAndOneBrowserSession(config, log)
