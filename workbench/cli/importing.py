"""The ``workbench import`` subcommand (wired into :mod:`workbench.cli`).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="workbench")
>>> add_import_command(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["import", "export.csv", "--case", "acme-2024", "--tz", "UTC"])
>>> args.case, args.tz, args.provenance
('acme-2024', 'UTC', 'observed')
"""

from __future__ import annotations

import argparse

from .refusals import one_line

OPTIONS = ("time", "text", "brand", "sentiment", "platform", "id", "tz", "encoding", "out",
           "region", "provenance", "replace")


def run_import(args: argparse.Namespace) -> int:
    """Import, print the summary; a refusal is one line on stderr and exit 1."""
    from ..foundation import i18n
    from ..io.importer import import_posts
    if getattr(args, "lang", None):
        i18n.set_language(args.lang)
    result = one_line(
        lambda: import_posts(args.file, case=args.case, **{k: getattr(args, k) for k in OPTIONS}),
        lambda error: f"{args.file}:1: import: unexpected failure ({error}); expected a "
                      "readable export (please report it with the file's first rows)")
    if result is None:
        return 1
    print(result.summary())
    return 0


def add_import_command(sub) -> None:
    """Add ``import`` to the ``workbench`` subcommands."""
    p = sub.add_parser(
        "import", help="import a social-listening export (CSV, JSON Lines, XLSX) as case(s)",
        description="Import FILE as case ID: posts.parquet, a case.yaml skeleton (events "
        "pending) and a header-only events.csv in OUT/ID/. Columns not given are guessed, "
        "and the summary says what was guessed. Refusals: one line, exit 1. "
        "See docs/import.md.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--case", required=True, metavar="ID",
                   help="case id (with --brand: ID-<brand> for each brand)")
    for name, what in (("time", "post times"), ("text", "post text"),
                       ("brand", "brands: one case per brand"),
                       ("id", "post ids, to drop duplicates ('none': ignore ids)")):
        p.add_argument(f"--{name}", metavar="COL", help=f"column of {what}")
    p.add_argument("--sentiment", metavar="COL",
                   help="column of labels; 'machine': score the text offline; 'none': skip")
    p.add_argument("--platform", metavar="NAME|COL",
                   help="one platform for every post (weibo, 微博, twitter…) or a column")
    p.add_argument("--tz", metavar="ZONE",
                   help="IANA zone of times written without an offset, e.g. Asia/Shanghai")
    p.add_argument("--encoding", metavar="ENC", help="text encoding (default: detected)")
    p.add_argument("--out", metavar="DIR", help="cases root (default: the project's cases/)")
    p.add_argument("--region", metavar="CC",
                   help="ISO 3166 code of the market, e.g. CN (default: guessed)")
    p.add_argument("--provenance", default="observed",
                   choices=("observed", "simulated", "fictional"),
                   help="what the posts are (default: observed)")
    p.add_argument("--replace", action="store_true",
                   help="refresh posts.parquet of an existing case; keep case.yaml, events.csv")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="language of the summary and of a refusal (default: English)")
    p.set_defaults(run=run_import)
