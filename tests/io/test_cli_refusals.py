"""workbench import and workbench signals refuse in one line, exit 1, for a user's mistake
and for a bug of ours alike (workbench.cli.refusals)."""

from __future__ import annotations

import pytest

from workbench import cli
from workbench.io import importer, signal_sources


def _boom(*_args, **_kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize(("argv", "module", "name", "expected"), [
    (["import", "x.csv", "--case", "acme-2024"], importer, "import_posts",
     "x.csv:1: import: unexpected failure (RuntimeError: boom); expected a readable export"),
    (["signals", "archive", "-k", "奥迪", "--lang", "en"], signal_sources, "build_signals",
     "archive:1: signals: unexpected failure (RuntimeError: boom)"),
])
def test_a_bug_is_one_line_and_exit_1(argv, module, name, expected, monkeypatch, capsys) -> None:
    monkeypatch.setattr(module, name, _boom)
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(expected)


@pytest.mark.parametrize("argv", [["import", "no/such.csv", "--case", "acme-2024"],
                                  ["signals", "no/such/archive", "-k", "奥迪"]])
def test_a_refusal_is_its_own_line(argv, capsys) -> None:
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("no/such") and "Traceback" not in err
