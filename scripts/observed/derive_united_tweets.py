"""Derive united-3411-2017's observed daily reactions from sampled tweets.

The source is ``nissim-panchpor/United_Airlines_Analysis``: files
``data/tweets_UA_<d>Apr*.json``, JSON arrays of ``{fullname, id, text, timestamp, user}``
collected in April 2017 by searching Twitter for tweets about United, up to about
10,000 per file. ``timestamp`` is UTC (it matches the time encoded in each tweet id).
Each file holds the most recent tweets before the end of a UTC day, so on busy days
it covers only the last hours of that day: the daily count is the size of the
sample, not the real volume.

The script reads every April file, drops repeated tweet ids, counts the sample per
UTC day and scores each tweet's text offline with VADER (``vaderSentiment``):
compound >= 0.05 positive, <= -0.05 negative, otherwise neutral (the thresholds
VADER's authors recommend). VADER's lexicon rates the word "united" as positive
(+1.8), which would push every tweet that names the airline towards positive, so
the brand word is removed from the text before scoring (``BRAND``). Days whose sample is smaller than ``MIN_SAMPLE``
tweets are left out (a collection failure, not a quiet day), and so are days
outside ``FIRST_DAY``..``LAST_DAY``. Only these counts are written, never tweet
text.

Run (the repository fetched as a bare git directory)::

    python scripts/observed/derive_united_tweets.py /path/to/United_Airlines_Analysis.git

>>> tweets = [{"id": "1", "timestamp": "2017-04-10T23:00:00", "text": "I love it"},
...           {"id": "1", "timestamp": "2017-04-10T23:00:00", "text": "I love it"},
...           {"id": "2", "timestamp": "2017-04-10T23:30:00", "text": "awful, terrible"},
...           {"id": "3", "timestamp": "2017-04-11T00:10:00", "text": "a flight"}]
>>> [(r.day.isoformat(), r.mentions, r.negative, r.neutral, r.positive)
...  for r in daily(tweets, min_sample=1)]
[('2017-04-10', 2, 1, 0, 1), ('2017-04-11', 1, 0, 1, 0)]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workbench.foundation.files import write_atomic

#: The repository commit the bundled file was derived from.
COMMIT = "63f40b04ea4f13dbb22d43d286ccd7a6dab16a8b"
FILES = re.compile(r"^data/tweets_UA_\d{1,2}Apr.*\.json$")
FIRST_DAY, LAST_DAY = date(2017, 4, 6), date(2017, 4, 28)
MIN_SAMPLE = 100
#: The airline's name is a positive word in VADER's lexicon; it is masked before scoring.
BRAND = re.compile(r"\bunited\b", re.IGNORECASE)
CUT = 0.05
PLATFORM = "twitter"
COLUMNS = ("time", "platform", "mentions", "negative", "neutral", "positive")


@dataclass(frozen=True)
class Day:
    """One UTC day's sample: its size and its VADER label counts."""

    day: date
    mentions: int
    negative: int
    neutral: int
    positive: int

    def as_list(self) -> list[str]:
        return [f"{self.day.isoformat()}T00:00:00+00:00", PLATFORM, str(self.mentions),
                str(self.negative), str(self.neutral), str(self.positive)]


def label(compound: float, *, cut: float = CUT) -> str:
    """VADER's label for a compound score.

    >>> [label(x) for x in (-0.05, 0.0, 0.05)]
    ['negative', 'neutral', 'positive']
    """
    if compound >= cut:
        return "positive"
    if compound <= -cut:
        return "negative"
    return "neutral"


def masked(text: str) -> str:
    """The text with the brand word removed (it carries no sentiment here).

    >>> masked("@united you are the worst. #United")
    '@ you are the worst. #'
    """
    return BRAND.sub("", text)


def vader() -> Callable[[str], float]:
    """VADER's compound score of the brand-masked text (offline)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return lambda text: analyzer.polarity_scores(masked(text))["compound"]


def unique(tweets: Iterable[dict]) -> dict[str, dict]:
    """Tweets keyed by id; a repeated id keeps its first copy."""
    seen: dict[str, dict] = {}
    for tweet in tweets:
        seen.setdefault(str(tweet["id"]), tweet)
    return seen


def daily(tweets: Iterable[dict], *, score: Callable[[str], float] | None = None,
          min_sample: int = MIN_SAMPLE, first: date = FIRST_DAY,
          last: date = LAST_DAY) -> list[Day]:
    """Per UTC day: sample size and negative/neutral/positive counts, in day order."""
    score = score or vader()
    counts: dict[date, dict[str, int]] = {}
    for tweet in unique(tweets).values():
        day = datetime.fromisoformat(tweet["timestamp"]).date()
        if not first <= day <= last:
            continue
        tally = counts.setdefault(day, {"negative": 0, "neutral": 0, "positive": 0})
        tally[label(score(tweet.get("text") or ""))] += 1
    return [Day(day, sum(t.values()), t["negative"], t["neutral"], t["positive"])
            for day, t in sorted(counts.items()) if sum(t.values()) >= min_sample]


def sample_sizes(tweets: Iterable[dict]) -> dict[date, tuple[int, str, str]]:
    """Per UTC day: unique tweets, first and last time (HH:MM:SS) — the sampling window."""
    spans: dict[date, list[str]] = {}
    for tweet in unique(tweets).values():
        stamp = tweet["timestamp"]
        spans.setdefault(date.fromisoformat(stamp[:10]), []).append(stamp[11:])
    return {d: (len(v), min(v), max(v)) for d, v in sorted(spans.items())}


def read_tweets(git_dir: Path, *, commit: str = COMMIT) -> list[dict]:
    """Every April tweet file of the fetched repository, concatenated (empty files skipped)."""
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r",
                              "--name-only", commit, "data/"],
                             capture_output=True, text=True, check=True).stdout.split()
    tweets: list[dict] = []
    for path in sorted(p for p in listing if FILES.match(p)):
        done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                              capture_output=True, check=False)
        if done.returncode != 0 or not done.stdout.strip():
            print(f"{path}: empty or absent in this copy; skipped", file=sys.stderr)
            continue
        tweets.extend(json.loads(done.stdout))
    return tweets


def write_csv(days: Sequence[Day], path: Path) -> None:
    """Write reactions.csv, atomically (the package's ``write_atomic``)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(d.as_list() for d in days)
    write_atomic(path, text.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", type=Path, help="the fetched repository's git directory")
    parser.add_argument("--out", type=Path,
                        default=Path("cases/united-3411-2017/reactions.csv"))
    parser.add_argument("--commit", default=COMMIT)
    args = parser.parse_args(argv)
    tweets = read_tweets(args.git_dir, commit=args.commit)
    days = daily(tweets)
    write_csv(days, args.out)
    kept = {d.day for d in days}
    for day, (n, first, last) in sample_sizes(tweets).items():
        mark = "kept" if day in kept else "left out"
        print(f"{day}  {n:6d} tweets  {first}–{last} UTC  {mark}")
    for d in days:
        print(f"{d.day}  negative share {d.negative / d.mentions:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
