"""Grade the crisis-PR assignment with nbgrader: release, (synthetic) class, autograde, CSV.

Run from anywhere (the course folder is made fresh unless it exists)::

    python deploy/grading/grade.py --course /srv/course --synthetic 30   # a made-up class
    python deploy/grading/grade.py --course /srv/course --handin /srv/workbench/handin

Steps: copy ``source/`` and ``nbgrader_config.py`` into the course folder;
``nbgrader generate_assignment crisis-memo`` (the students' version in ``release/``: the
model answers removed, the checks' cells locked); the submissions — either a synthetic class
(:func:`synthetic_class`: the released notebook with a memo and a cluster filled in, plus a
journal of phase answers, some students leaving phases or the memo's channel out) or the
hand-in boxes (``<box>/<student>/crisis-memo.ipynb`` and the student's journal, which the
instructors' group may read); ``nbgrader autograde`` per student (each with its own journal
folder); ``nbgrader export`` → ``grades.csv``. The memo (20 points) is then graded by hand
in the formgrader against docs/assignment-rubric.md; re-running ``export`` adds those marks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSIGNMENT = "crisis-memo"
CASE = "haidilao-2017"


def nbgrader(course: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """Run one nbgrader command in the course folder (its nbgrader_config.py applies)."""
    exe = Path(sys.executable).parent / "nbgrader"
    cmd = [str(exe) if exe.exists() else "nbgrader", *args, "--CourseDirectory.root=" + str(course)]
    done = subprocess.run(cmd, cwd=course, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def prepare(course: Path) -> None:
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(HERE / "source", course / "source", dirs_exist_ok=True)
    nbgrader(course, "db", "assignment", "add", ASSIGNMENT)
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")


MEMOS = {
    "full": ("这是可预防型危机，应采用重建型策略。第2小时内由公关总监牵头在微博发布致歉声明，"
             "门店经理当天对齐口径，食品安全负责人对接北京市食药监局。"),
    "no-channel": "这是可预防型危机。公关总监应在第2小时内道歉，并承担责任。",
}


def synthetic_class(course: Path, n: int) -> list[str]:
    """``n`` made-up submissions in ``submitted/``: varied completeness, own journals."""
    import workbench as wb

    released = json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text("utf-8"))
    case = wb.load_case(CASE)
    names = [f"student{i:02d}" for i in range(1, n + 1)]
    for i, name in enumerate(names):
        folder = course / "submitted" / name / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        memo = MEMOS["no-channel" if i % 3 == 1 else "full"]
        cluster = ["preventable", "accidental", "可预防型"][i % 3]
        nb = json.loads(json.dumps(released))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id == "memo":
                cell["source"] = f'MEMO = """\n{memo}\n"""\n'
            elif grade_id == "cluster":
                cell["source"] = f'CLUSTER = "{cluster}"\n'
            elif cell["cell_type"] == "code" and 'NAME = ""' in "".join(cell["source"]):
                cell["source"] = "".join(cell["source"]).replace('NAME = ""', f'NAME = "{name}"')
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
        journal = wb.Journal(name, CASE, journal_dir=folder / "work")
        phases = list(case.questions)[: 6 - (i % 3 == 2) * 2]  # every third leaves two out
        for phase in phases:
            first = case.questions[phase][0]
            journal.set_answer(str(first["id"]), f"{name}: {phase} — 由公关总监负责，第2小时在微博回应。")
        journal.save()
    return names


def from_handin(course: Path, box: Path, homes: Path = Path("/home")) -> list[str]:
    """The hand-in boxes as submissions: the notebook from the box, the journal from home."""
    names = []
    for student in sorted(p for p in box.iterdir() if p.is_dir()):
        notebook = student / f"{ASSIGNMENT}.ipynb"
        if not notebook.exists():
            continue
        folder = course / "submitted" / student.name / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, folder)
        work = homes / student.name / "work"
        if work.is_dir():
            shutil.copytree(work, folder / "work", dirs_exist_ok=True)
        names.append(student.name)
    return names


def autograde(course: Path, names: list[str]) -> None:
    for name in names:
        nbgrader(course, "db", "student", "add", name)
        # each submission reads its own journal folder (copied beside the notebook)
        env = {"WORKBENCH_WORK": str(course / "autograded" / name / ASSIGNMENT / "work"),
               "JUPYTERHUB_USER": name, "WORKBENCH_STUDENT": ""}
        nbgrader(course, "autograde", ASSIGNMENT, "--student", name, "--force", env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--synthetic", type=int, metavar="N")
    group.add_argument("--handin", type=Path)
    args = parser.parse_args(argv)
    course = args.course.resolve()
    prepare(course)
    names = (synthetic_class(course, args.synthetic) if args.synthetic
             else from_handin(course, args.handin))
    autograde(course, names)
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    print(f"{len(names)} submissions graded → {course / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
