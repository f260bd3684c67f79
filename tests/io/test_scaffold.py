"""The authoring path: `workbench new` → fill in → validate clean → open in the stepper."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import workbench as wb
from workbench.io.scaffold import new_case

CASE_YAML = """\
format: 1
id: acme-recall-2025
title: {zh: 艾克米召回事件, en: "Acme: the kettle recall"}
brand: {zh: 艾克米, en: Acme}
summary: {zh: 一款电水壶被曝底座过热。, en: A kettle was reported to overheat at its base.}
outcome: {zh: 品牌召回了该批次产品。, en: The brand recalled the batch.}
industry: home appliances
region: GB
timezone: Europe/London
trigger: 2025-03-01T09:00:00+00:00
classification: {scope: internal, nature: human, scct_cluster: preventable}
provenance:
  events: fictional
  reactions: none
  note: {zh: 测试用的虚构案例。, en: A fictional case written in a test.}
sources: []
license: CC BY 4.0
"""
EVENTS = """\
id,time,precision,phase,kind,actor,channel,strategy,summary_zh,summary_en,source,certainty,metric,value
e1,2025-03-01T09:00:00+00:00,minute,analyse,trigger,public,twitter,,顾客发帖（虚构）。,A customer posts (fictional).,,confirmed,,
e2,2025-03-01T15:00:00+00:00,minute,plan,statement,pr,twitter,apology,品牌道歉（虚构）。,The brand apologises (fictional).,,confirmed,,
"""
QUESTIONS = """\
plan:
  - {zh: 第一份声明应该说什么？, en: "What should the first statement say?", decision: true, before: e2}
evaluate:
  - {zh: 这次回应成功吗？, en: "Did the response work?"}
"""


def test_scaffold_validates_with_only_fill_in_warnings(tmp_path: Path):
    folder = new_case("acme-recall-2025", root=tmp_path)
    problems = wb.validate(folder)
    assert problems and not [p for p in problems if p.is_error]
    assert all(p.what == "still says FILL IN" and p.hint.startswith("fill this in") for p in problems)
    names = {Path(p.path).name for p in problems}
    assert names == {"case.yaml", "events.csv", "questions.yaml"}
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    for key in ("format", "id", "title", "brand", "summary", "outcome", "industry", "region",
                "timezone", "trigger", "classification", "provenance", "sources", "license"):
        line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
        assert "#" in line, f"{key} has no comment"
    questions = (folder / "questions.yaml").read_text(encoding="utf-8")
    assert questions.count("decision: true") == 6


def test_filled_in_case_validates_clean_and_opens_in_the_stepper(tmp_path: Path):
    folder = new_case("acme-recall-2025", root=tmp_path)
    (folder / "case.yaml").write_text(CASE_YAML, encoding="utf-8")
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    assert wb.validate(folder) == []
    stepper = wb.PhaseStepper(wb.load_case(folder), student="作者", journal_dir=tmp_path / "w")
    assert stepper.case.id == "acme-recall-2025"


def test_refuses_a_bad_id_and_an_existing_folder(tmp_path: Path):
    with pytest.raises(wb.WorkbenchError, match="is not a case id"):
        new_case("Acme_2025", root=tmp_path)
    new_case("acme-2025", root=tmp_path)
    with pytest.raises(wb.WorkbenchError, match="exists already"):
        new_case("acme-2025", root=tmp_path)


def test_command_line(tmp_path: Path):
    run = [sys.executable, "-m", "workbench", "new", "acme-2025", "--root", str(tmp_path)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "line(s) to fill in" in done.stdout
    again = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "exists already" in again.stderr
    assert "Traceback" not in again.stderr
