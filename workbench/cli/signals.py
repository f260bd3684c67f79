"""The ``workbench signals`` subcommand (wired into :mod:`workbench.cli`): build signals.csv.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="workbench")
>>> add_signals_command(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["signals", "archive/", "-k", "奥迪", "-k", "小满", "--step", "5"])
>>> args.keyword, args.tz, args.step, args.out, args.lang
(['奥迪', '小满'], 'Asia/Shanghai', 5, None, None)
"""

from __future__ import annotations

import argparse

from .refusals import one_line


def run_signals(args: argparse.Namespace) -> int:
    """Build, print the summary (in ``--lang``, else the current language); a refusal is
    one line on stderr and exit 1."""
    from ..foundation import i18n
    from ..io.signal_sources import build_signals
    lang = getattr(args, "lang", None) or i18n.get_language()
    i18n.set_language(lang)  # a refusal is worded in it too
    built = one_line(
        lambda: build_signals(args.source, keywords=args.keyword or [],
                              titles=args.title or [], exclude=args.exclude or [], tz=args.tz,
                              start=args.start, end=args.end, step=args.step,
                              platform=args.platform, out=args.out),
        lambda error: i18n.t("sig_build_failed", lang=lang, source=args.source, error=error))
    if built is None:
        return 1
    print(built.summary(lang))
    if args.out is None:
        print(i18n.t("sig_build_not_written", lang=lang))
    return 0


def add_signals_command(sub) -> None:
    """Add ``signals`` to the ``workbench`` subcommands."""
    p = sub.add_parser(
        "signals", help="build signals.csv from a hot-search archive or a plain CSV",
        description="Read SOURCE — a hot-search archive folder (YYYY/MM/DD.json.gz, one "
        "file per UTC day) or a CSV with the columns time, topic, rank, heat — keep the "
        "titles that contain a --keyword, and print what was found. With --out, write "
        "signals.csv (docs/case-format.md). Refusals: one line, exit 1.")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("-k", "--keyword", action="append", metavar="WORD",
                   help="keep titles containing WORD (repeatable)")
    p.add_argument("--title", action="append", metavar="TITLE",
                   help="also keep this exact title (repeatable)")
    p.add_argument("--exclude", action="append", metavar="TITLE",
                   help="drop this exact title (repeatable)")
    p.add_argument("--tz", default="Asia/Shanghai", metavar="ZONE",
                   help="IANA zone of the written times and of --start/--end "
                   "(default: Asia/Shanghai)")
    p.add_argument("--start", metavar="TIME", help="window start, inclusive (ISO 8601)")
    p.add_argument("--end", metavar="TIME", help="window end, exclusive (ISO 8601)")
    p.add_argument("--step", type=int, default=10, metavar="MIN",
                   help="grid step of an archive in minutes (default: 10)")
    p.add_argument("--platform", default="weibo", metavar="NAME",
                   help="the platform column (default: weibo)")
    p.add_argument("--out", metavar="DIR|CSV",
                   help="case folder (writes DIR/signals.csv) or a .csv path")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="language of the summary (default: the current language, as for "
                   "workbench import and export)")
    p.set_defaults(run=run_signals)
