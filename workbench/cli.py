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

from .cases import bundled_root
from .validate import case_folders, validate


def _validate(args: argparse.Namespace) -> int:
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
                print(f"warning: {problem}")
    print(f"{errors} error(s), {warnings} warning(s) in {folders} case folder(s)")
    return 1 if errors else 0


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
    p.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
