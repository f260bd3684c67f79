"""The ``workbench`` command: ``workbench validate [PATH...]`` and friends.

>>> main(["validate", "no/such/folder"])
no/such/folder:1: case: case folder not found; expected a folder holding case.yaml and events.csv
1 error(s), 0 warning(s) in 1 case folder(s)
1
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.cases import bundled_root
from ..core.validate import case_folders, validate
from ..foundation import i18n


def _validate(args: argparse.Namespace) -> int:
    if args.lang:
        i18n.set_language(args.lang)
    paths = [Path(p) for p in args.paths] or [bundled_root()]
    errors = warnings = folders = 0
    for path in paths:
        folders += len(case_folders(path)) or 1
        for problem in validate(path):
            if problem.is_error:
                errors += 1
                print(problem)
            else:
                warnings += 1
                print(i18n.t("vm_cli_warning", problem=problem))
    print(i18n.t("vm_cli_total", errors=errors, warnings=warnings, folders=folders))
    return 1 if errors else 0


def _export(args: argparse.Namespace) -> int:
    from ..io.export import ExportError, TeamExportError, export_journal, export_team

    try:
        if args.team is not None:  # workbench export --team A组 CASE_ID PATH
            if args.case:
                raise TeamExportError("--case is for a student's export; with --team give "
                                      "the case id first: workbench export --team TEAM CASE PATH")
            out = export_team(args.team, args.student, args.path, work_dir=args.journal_dir,
                              lang=args.lang)
        else:
            out = export_journal(args.student, args.path, journal_dir=args.journal_dir,
                                 lang=args.lang, cases=args.case or None)
    except (ExportError, TeamExportError, OSError) as err:
        print(f"workbench export: {err}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from ..io.collect import collect

    try:
        result = collect(args.folder, roster=args.roster)
    except (FileNotFoundError, UnicodeDecodeError) as err:
        print(f"workbench collect: {err}", file=sys.stderr)
        return 1
    print(f"read {len(result.students)} student(s), {len(result.journals)} journal(s):")
    for row in result.submissions.itertuples():
        print(f"  {row.student}  {row.case}  saved {row.saved_at or '?'}  ({row.file})")
    plans = result.team_plans()
    if plans:
        print(f"read {len(plans)} team plan(s):")
    for (team, case), plan in plans.items():
        members = ", ".join(f"{r} ({plan.members[r] or '?'})" for r in sorted(plan.roles))
        print(f"  {team}  {case}  {len(plan.moves())} move(s): {members}")
    for row in result.skipped.itertuples():
        print(f"{Path(args.folder) / row.file}: {row.problem}: {row.reason}")
    if result.roster is not None:
        print(f"not submitted ({len(result.missing)}): {', '.join(result.missing) or '-'}")
        if result.unexpected:
            print(f"not on the roster: {', '.join(result.unexpected)}")
    if result.journals:
        print(f"wrote {len(result.table)} row(s) to {result.to_csv(args.out)}")
    return 0 if result.journals or plans else 1


def _new(args: argparse.Namespace) -> int:
    from ..foundation.problems import WorkbenchError
    from ..io.scaffold import new_case

    try:
        folder = new_case(args.case_id, root=args.root)
    except WorkbenchError as err:
        print(err, file=sys.stderr)
        return 1
    todo = sum(1 for p in validate(folder) if not p.is_error)
    print(f"created {folder}: {todo} line(s) to fill in (docs/authoring.md); "
          f"check with: workbench validate {folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Crisis-PR case workbench (危机公关案例工作台): check and manage cases.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check case folders against case format v1",
                       description="Check each PATH (a case folder or a folder of cases; "
                       "default: the bundled cases). Prints one line per problem: "
                       "path:line: column: what; expected (hint). Exit 1 on any error.")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="language of the messages (default: English)")
    p.set_defaults(run=_validate)
    p = sub.add_parser("export", help="export a student's journals (or a team's plan) as one "
                       "HTML file", description="Write STUDENT's journals to PATH: .html (one "
                       "self-contained page, opens offline) or .md. With --team TEAM, the first "
                       "argument is a case id and PATH gets the team's plan for it (.html). "
                       "Exit 1 when there is nothing to export.")
    p.add_argument("student", metavar="STUDENT|CASE")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--team", metavar="TEAM", help="export this team's plan for case CASE")
    p.add_argument("--journal-dir", metavar="DIR", help="default: $WORKBENCH_WORK or work/ "
                   "(with --team: the class folder holding teams/, default "
                   "$WORKBENCH_CLASS, else the work folder)")
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--case", action="append", metavar="ID", help="only this case (repeatable)")
    p.set_defaults(run=_export)
    p = sub.add_parser("collect", help="collect a class's exports or journals into one table",
                       description="Read every export (.html) and journal (.json) under DIR, "
                       "list the students read and every file not used (with the reason), "
                       "and write the class table as CSV. Exit 1 when nothing was read.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--roster", metavar="FILE", help="CSV or text file, one name per line")
    p.add_argument("--out", metavar="CSV", default="class-table.csv",
                   help="where the class table goes (default: ./class-table.csv)")
    p.set_defaults(run=_collect)
    p = sub.add_parser("new", help="scaffold a new case folder to fill in (docs/authoring.md)",
                       description="Create CASE_ID/ under --root (default: ./cases when it "
                       "exists, else the current folder) with case.yaml, events.csv and "
                       "questions.yaml to fill in. It validates at once; every line still "
                       "to write is a FILL IN warning.")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--root", metavar="DIR")
    p.set_defaults(run=_new)
    from .importing import add_import_command  # workbench import FILE --case ID (docs/import.md)
    add_import_command(sub)
    from .signals import add_signals_command  # workbench signals SOURCE -k WORD (issue #14)
    add_signals_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
