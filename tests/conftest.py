"""Shared test setup: a damageable demo case copy, concurrent writer processes, … (the root
conftest.py keeps every test in English)."""

import importlib.util
import json
import multiprocessing as mp
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import workbench as wb
from workbench.core.cases import bundled_root


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A private copy of the fictional demo case that a test may damage."""
    folder = tmp_path / "demo-lumen-2024"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    return folder


@pytest.fixture
def hostile_case() -> Callable[[str, Path, str], wb.Case]:
    """``make(case_id, folder, payload)``: copy a bundled case to ``folder`` with
    ``payload`` in its summary (zh) and in every event summary (which charts carry in
    their aria-labels), followed by an attribute break-out; return the loaded case."""

    def make(case_id: str, folder: Path, payload: str) -> wb.Case:
        shutil.copytree(wb.load_case(case_id).folder, folder)
        path = folder / "case.yaml"
        text = re.sub(r"(summary:\s*\n\s*zh:\s*)(.*)",
                      lambda m: m[1] + json.dumps(payload + m[2]),
                      path.read_text(encoding="utf-8"), count=1)
        path.write_text(text, encoding="utf-8")
        events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
        for column in ("summary_zh", "summary_en"):
            events[column] = events[column] + " " + payload + ' x" onerror="alert(1)'
        events.to_csv(folder / "events.csv", index=False)
        case = wb.load_case(folder)
        assert payload in case.meta.summary.zh and payload in case.events["summary_zh"].iloc[0]
        return case

    return make


@pytest.fixture(scope="session")
def case_kit():
    """tests/compare_kit.py: small fixture cases for the comparison tests
    (``case_kit.acme(tmp_path)``, ``case_kit.write_case(…)``, ``case_kit.event(…)``)."""
    spec = importlib.util.spec_from_file_location("compare_kit",
                                                  Path(__file__).with_name("compare_kit.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_together(target: Callable[..., None], args_list: list[tuple]) -> None:
    """Start ``target(*args, start)`` in one spawned process per ``args``, release them all
    at once through the shared ``start`` event, and require that each exits cleanly."""
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=target, args=(*args, start)) for args in args_list]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0


@pytest.fixture
def run_together() -> Callable[[Callable[..., None], list[tuple]], None]:
    """``run_together(target, [args, …])``: concurrent writers in separate processes, each
    started by ``target(*args, start)`` and waiting on ``start`` so they overlap."""
    return _run_together
