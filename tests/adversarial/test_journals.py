"""Items 1 and 12: concurrent writers lose nothing; kill -9 never corrupts, orphans go."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time

from workbench.core.journal import Journal

CASE = "demo-lumen-2024"


def _writer(folder: str, name: str, n: int) -> None:
    journal = Journal.load("李雷", CASE, journal_dir=folder)
    for i in range(n):
        journal.set_answer(f"{name}-{i}", f"answer {i} from {name}")


def test_two_processes_times_200_answers_lose_none(tmp_path):
    ctx = multiprocessing.get_context("fork")
    writers = [ctx.Process(target=_writer, args=(str(tmp_path), w, 200)) for w in "ab"]
    for p in writers:
        p.start()
    for p in writers:
        p.join(120)
        assert p.exitcode == 0
    answers = Journal.load("李雷", CASE, journal_dir=tmp_path).answers
    assert len(answers) == 400  # 0 lost


def test_kill_9_loop_never_corrupts_and_orphans_are_cleaned(tmp_path):
    journal = Journal.load("王芳", CASE, journal_dir=tmp_path)
    journal.set_answer("plan-1", "first")
    rng = random.Random(13)
    for round_ in range(40):
        pid = os.fork()
        if pid == 0:  # the child saves as fast as it can until killed
            try:
                j = Journal.load("王芳", CASE, journal_dir=tmp_path)
                for i in range(10**6):
                    j.set_answer(f"k{round_}", "x" * (i % 4000))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        json.loads(journal.path.read_text(encoding="utf-8"))  # never half a file
    again = Journal.load("王芳", CASE, journal_dir=tmp_path)
    assert again.problem is None and again.answers["plan-1"] == "first"
    assert not list(tmp_path.rglob("*.tmp"))  # the load removed every orphan
