"""Helpers for the adversarial corpus (issue #13): a bounded subprocess as a safety net."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

MEMORY = 1536 * 2**20  # bytes: a regression fails here instead of exhausting the machine


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


@pytest.fixture
def bounded():
    """``bounded(code)``: run Python ``code`` in a child with a memory and time limit;
    returns the CompletedProcess (a blow-up is a failed child, never a dead machine)."""

    def run(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, preexec_fn=_limits)

    return run
