"""Small fixture cases for the comparison tests, written into tmp_path folders.

Loaded by path from test_metrics.py, test_compare.py and test_board.py (the tests folder
is not a package), then ``kit.acme(tmp_path)`` or ``kit.write_case(tmp_path, "x-2024", …)``.
"""

from __future__ import annotations

import csv
from pathlib import Path

EVENT_COLUMNS = ["id", "time", "precision", "phase", "kind", "actor", "channel", "strategy",
                 "summary_zh", "summary_en", "source", "certainty", "metric", "value"]
REACTION_COLUMNS = ["time", "platform", "mentions", "negative", "neutral", "positive"]

CASE_YAML = """format: 1
id: {id}
title: {{zh: "{brand}测试案例", en: "{brand} test case"}}
brand: {{zh: "{brand}", en: "{brand}"}}
summary: {{zh: 测试用的虚构案例。, en: A fictional case for tests.}}
outcome: {{zh: 测试结果。, en: "Outcome of {brand}."}}
industry: testing
region: GB
timezone: UTC
trigger: {trigger}
classification: {{scope: external, nature: human, scct_cluster: {cluster}}}
provenance:
  events: fictional
  reactions: {reactions}
  note: {{zh: 测试数据。, en: Test data.}}
sources:
  - {{id: brief, title: Test brief, url: "https://example.org/t", publisher: Tests, date: 2024-03-05}}
license: CC0-1.0
"""


def event(id: str, time: str, kind: str, actor: str, *, precision: str = "minute",
          phase: str = "act", channel: str = "weibo", strategy: str = "") -> dict:
    return {"id": id, "time": time, "precision": precision, "phase": phase, "kind": kind,
            "actor": actor, "channel": channel, "strategy": strategy,
            "summary_zh": f"事件 {id}", "summary_en": f"Event {id}", "source": "brief",
            "certainty": "confirmed", "metric": "", "value": ""}


def write_case(root: Path, case_id: str, events: list[dict], *,
               reactions: list[tuple] | None = None, brand: str = "Acme",
               trigger: str = "2024-03-01T10:00:00+00:00", cluster: str = "preventable",
               provenance: str | None = None) -> Path:
    """Write a valid case folder; ``reactions`` rows are (time, platform, m, neg, neu, pos)."""
    folder = Path(root) / case_id
    folder.mkdir(parents=True)
    prov = provenance or ("simulated" if reactions else "none")
    (folder / "case.yaml").write_text(CASE_YAML.format(id=case_id, brand=brand, trigger=trigger,
                                                       cluster=cluster, reactions=prov),
                                      encoding="utf-8")
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, EVENT_COLUMNS)
        writer.writeheader()
        writer.writerows(events)
    if reactions:
        with (folder / "reactions.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(REACTION_COLUMNS)
            writer.writerows(reactions)
    return folder


def hourly(start_hour: int, totals: list[tuple[int, int, int, int]], *,
           day: str = "2024-03-01", platform: str = "twitter") -> list[tuple]:
    """Reaction rows for consecutive hours from ``start_hour`` (UTC) on ``day``."""
    return [(f"{day}T{start_hour + i:02d}:00:00+00:00", platform, *row)
            for i, row in enumerate(totals)]


def acme(root: Path, case_id: str = "acme-2024", **kw) -> Path:
    """The main fixture (trigger 2024-03-01 10:00 UTC); hand-computed values in the tests."""
    events = [
        event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse",
              channel="twitter"),
        event("k1", "2024-03-01T11:30:00+00:00", "spread", "kol", phase="analyse",
              channel="twitter"),
        event("s1", "2024-03-01T12:00:00+00:00", "statement", "social-team", phase="plan",
              channel="twitter", strategy="denial"),
        event("s2", "2024-03-01", "statement", "executive", precision="day",
              phase="coordinate", channel="website", strategy="apology;compensation"),
        event("c1", "2024-03-02T10:00:00+00:00", "action", "operations", channel="in-store",
              strategy="corrective-action"),
        event("m1", "2024-03-02T12:00:00+00:00", "third-party", "media", channel="newspaper"),
        event("r1", "2024-03-03T10:00:00+00:00", "third-party", "regulator", phase="evaluate",
              channel="website"),
        event("s3", "2024-03-04T10:00:00+00:00", "statement", "pr", phase="evaluate",
              channel="website", strategy="reminder"),
    ]
    # Two platforms; per-hour totals (mentions, negative): 20/10, 100/60, 100/60, 70/35,
    # 40/20, 60/30, 30/10, 20/5 for hours 0..7 after the trigger hour 10:00.
    twitter = hourly(10, [(10, 5, 3, 2), (60, 40, 10, 10), (50, 30, 10, 10), (35, 20, 10, 5),
                          (20, 10, 5, 5), (30, 15, 10, 5), (15, 5, 5, 5), (10, 3, 4, 3)])
    weibo = hourly(10, [(10, 5, 5, 0), (40, 20, 15, 5), (50, 30, 15, 5), (35, 15, 15, 5),
                        (20, 10, 5, 5), (30, 15, 10, 5), (15, 5, 5, 5), (10, 2, 5, 3)],
                   platform="weibo")
    kw.setdefault("reactions", twitter + weibo)
    return write_case(root, case_id, events, **kw)
