"""The phase stepper, driven the way a student uses it: clicks and typed answers."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from ipywidgets.widgets.widget import _instances

import workbench as wb
from workbench.core import progress
from workbench.core.cases import bundled_root
from workbench.foundation import i18n, vocab

PHASES = [p.slug for p in vocab.PHASE_LIST]

#: Spot checks on the demo case: the brand's first moves wait for the student's answer.
DEMO_HELD = {"team": {"d2"}, "plan": {"d4"}, "coordinate": {"d6", "d7"}, "act": {"d9"}}


@pytest.fixture(autouse=True)
def close_steppers():
    yield
    for w in list(_instances.values()):
        if isinstance(w, wb.PhaseStepper):
            w.close()


@pytest.fixture
def demo():
    return wb.load_case("demo-lumen-2024")


def make(case, tmp_path: Path, **kw) -> wb.PhaseStepper:
    return wb.PhaseStepper(case, student=kw.pop("student", "tester"), journal_dir=tmp_path, **kw)


def chart_json(stepper) -> str:
    return json.dumps(stepper.chart.to_dict(), ensure_ascii=False)


def allowed_ids(case, phase: str) -> set[str]:
    """The time rules, written out again as an independent oracle."""
    ev = case.events
    k = vocab.PHASES[phase].number
    end = ev.loc[ev["phase_number"] <= k, "at"].max()
    end = max(end, case.trigger) if pd.notna(end) else case.trigger
    return set(ev.loc[(ev["phase_number"] <= k) | (ev["at"] <= end) | (ev["kind"] == "trigger"),
                      "id"])


def assert_nothing_leaks(stepper) -> None:
    case, phase = stepper.case, stepper.phase
    ev = case.events.set_index("id")
    shown = list(stepper.visible_events["id"])
    allowed = allowed_ids(case, phase)
    assert set(shown) <= allowed, f"{phase}: later events shown"
    cards = stepper.timeline_html.value
    spec = chart_json(stepper)
    assert re.findall(r'data-id="([^"]+)"', cards) == shown  # cards = visible events, in order
    for eid in (set(ev.index) - set(shown)):
        row = ev.loc[eid]
        for text in (row["summary_en"], row["summary_zh"]):
            assert html.escape(text) not in cards and text not in cards, f"{phase}: {eid} in cards"
            assert text not in spec, f"{phase}: {eid} in the chart"
        assert f'"id": "{eid}"' not in spec, f"{phase}: marker {eid} in the chart"
    # the chart marks exactly the visible brand statements and actions
    visible = ev.loc[shown]
    moves = visible[visible["brand_side"] & visible["kind"].isin(["statement", "action"])]
    markers = [r["id"] for rows in stepper.chart.to_dict()["datasets"].values() for r in rows
               if "move" in r]
    assert sorted(markers) == sorted(moves.index)
    # and its reaction data stops at the phase end (except at the last phase: everything)
    if phase != PHASES[-1]:
        end = (case.end_of(phase) - case.trigger).total_seconds() / 3600
        for rows in stepper.chart.to_dict()["datasets"].values():
            for r in rows:
                if "platform_label" in r:
                    assert r["hours"] <= end + 1


def chart_widgets() -> int:
    return sum(isinstance(w, alt.JupyterChart) for w in list(_instances.values()))


# -- walking through ----------------------------------------------------------------------
def test_click_through_all_phases_answering_each(demo, tmp_path, capsys):
    stepper = make(demo, tmp_path)
    assert isinstance(stepper, __import__("ipywidgets").VBox)
    widget = stepper.chart_widget
    n_charts = chart_widgets()
    for i, phase in enumerate(PHASES):
        assert stepper.phase == phase
        before = progress.view(demo, phase, stepper.progress)
        assert list(stepper.visible_events["id"]) == list(before.events["id"]), phase
        assert stepper.hidden == before.hidden
        assert DEMO_HELD.get(phase, set()) <= set(stepper.hidden)
        assert_nothing_leaks(stepper)
        for area in stepper.answer_areas.values():
            area.value = f"My decision for {phase}"
        if stepper.hidden:  # typing saves but reveals nothing until the student asks
            assert list(stepper.visible_events["id"]) == list(before.events["id"]), phase
        for button in list(stepper.reveal_buttons.values()):
            button.click()
        after = demo.visible_at(phase)
        assert list(stepper.visible_events["id"]) == list(after.events["id"]), phase
        assert stepper.hidden == ()
        assert_nothing_leaks(stepper)
        assert stepper.prev_button.disabled == (i == 0)
        assert stepper.next_button.disabled == (i == len(PHASES) - 1)
        stepper.next_button.click()
        assert stepper.chart_widget is widget
        assert chart_widgets() == n_charts
    assert stepper.phase == "evaluate"  # Next on the last phase stays there
    assert len(stepper.visible_events) == len(demo.events)
    for phase in reversed(PHASES[:-1]):
        stepper.prev_button.click()
        assert stepper.phase == phase
        assert_nothing_leaks(stepper)
    assert capsys.readouterr() == ("", "")  # callbacks never print
    saved = json.loads(stepper.journal.path.read_text(encoding="utf-8"))
    assert saved["phase"] == "team"
    assert saved["answers"]["plan-1"] == "My decision for plan"
    assert stepper.answers == saved["answers"]
    json.dumps(stepper.answers)


def test_step_buttons_jump_and_mark_progress(demo, tmp_path):
    stepper = make(demo, tmp_path)
    assert [b._dom_classes[0] for b in stepper.step_buttons] == [f"wb-step-{p}" for p in PHASES]
    stepper.step_buttons[4].click()
    assert stepper.phase == "act"
    assert stepper.step_buttons[4].button_style == "primary"
    assert_nothing_leaks(stepper)
    stepper.go("制定危机应对计划")  # a Chinese phase name works too
    assert stepper.phase == "plan"
    stepper.go(6)
    assert stepper.phase == "evaluate"
    with pytest.raises(ValueError, match="did you mean 'plan'"):
        stepper.go("planing")


def test_hidden_moves_are_absent_until_an_answer(demo, tmp_path):
    stepper = make(demo, tmp_path, start="plan")
    d4 = demo.events.set_index("id").loc["d4"]
    assert stepper.hidden == ("d2", "d4")  # team-1 (open, anchored on d2) holds d4 too
    assert d4["summary_en"] not in stepper.timeline_html.value
    assert d4["summary_en"] not in chart_json(stepper)
    assert "wb-to-reveal" in stepper.reveal_note.value
    assert list(stepper.answer_areas) == ["plan-1"]  # plan-2 waits for the reveal
    assert list(stepper.reveal_buttons) == ["team-1", "plan-1"]
    area = stepper.answer_areas["plan-1"]
    area.value = "   \n\t "  # whitespace is not an answer
    assert "d4" in stepper.hidden and "d4" not in set(stepper.visible_events["id"])
    area.value = "Rebuild: apologise first."
    assert stepper.hidden == ("d2", "d4")  # still held by the open team decision
    stepper.reveal_buttons["team-1"].click()
    assert stepper.hidden == ()
    assert html.escape(d4["summary_en"]) in stepper.timeline_html.value
    assert '"id": "d4"' in chart_json(stepper)
    assert "wb-revealed" in stepper.timeline_html.value  # highlighted as just revealed
    assert "wb-revealed-note" in stepper.reveal_note.value
    assert list(stepper.answer_areas) == ["plan-1", "plan-2"]
    saved = json.loads(stepper.journal.path.read_text(encoding="utf-8"))
    assert saved["revealed"] == ["team-1"]


def test_skip_reveals_and_is_recorded(demo, tmp_path):
    stepper = make(demo, tmp_path, start="coordinate")
    assert {"d6", "d7", "d8"} <= set(stepper.hidden)  # d8 (act) falls before the phase end
    assert stepper.step_buttons[0].description.startswith("○")  # open decisions marked
    assert not stepper.skip_button.disabled
    stepper.skip_button.click()
    assert set(stepper.visible_events["id"]) >= {"d6", "d7"}
    assert stepper.hidden == ()
    assert stepper.skip_button.disabled
    assert stepper.step_buttons[0].description.startswith("✓")
    stepper.go("analyse")  # nothing to hold back here: skip is off, and does nothing
    assert stepper.skip_button.disabled
    stepper.skip_button.click()
    saved = json.loads(stepper.journal.path.read_text(encoding="utf-8"))
    assert saved["revealed"] == ["team-1", "plan-1", "coordinate-1"] and saved["answers"] == {}
    stepper.go("coordinate")
    assert "recorded" in stepper.reveal_note.value


def test_reveal_always_shows_everything(demo, tmp_path):
    stepper = make(demo, tmp_path, reveal="always")
    for phase in PHASES:
        stepper.go(phase)
        assert stepper.hidden == ()
        assert list(stepper.visible_events["id"]) == list(demo.visible_at(phase).events["id"])
        assert stepper.skip_button.layout.display == "none"
    with pytest.raises(ValueError, match="after-answer"):
        make(demo, tmp_path, reveal="allways")


# -- saving and restoring -----------------------------------------------------------------
def test_recreating_the_stepper_restores_answers_and_phase(demo, tmp_path):
    stepper = make(demo, tmp_path, student="李雷")
    stepper.answer_areas["team-1"].value = "加盟商代表"
    stepper.next_button.click()
    stepper.next_button.click()
    assert json.loads(stepper.journal.path.read_text(encoding="utf-8"))["phase"] == "plan"
    again = make(demo, tmp_path, student="李雷")
    assert again.phase == "plan"
    assert again.answers == {"team-1": "加盟商代表"}
    again.go("team")
    assert again.answer_areas["team-1"].value == "加盟商代表"
    assert "d2" in set(again.visible_events["id"])  # the answered phase stays revealed
    assert stepper.journal.path == tmp_path / "李雷" / "demo-lumen-2024.json"
    assert again.save() == stepper.journal.path


def test_corrupt_journal_is_reported_in_the_widget(demo, tmp_path):
    path = tmp_path / "tester" / "demo-lumen-2024.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"answers": ', encoding="utf-8")
    stepper = make(demo, tmp_path)
    assert "wb-problem" in stepper.notice.value
    assert "could not be read" in stepper.notice.value
    backups = list(path.parent.glob("demo-lumen-2024.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == '{"answers": '
    assert backups[0].name in html.unescape(stepper.notice.value)


def test_a_failed_save_shows_in_the_widget(demo, tmp_path, monkeypatch, capsys):
    stepper = make(demo, tmp_path)

    def full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbench.core.journal.write_atomic", full)
    stepper.answer_areas["team-1"].value = "text"  # must not raise out of the callback
    assert "wb-error" in stepper.status.value
    assert "No space left on device" in stepper.status.value
    stepper.next_button.click()
    assert stepper.phase == "analyse"
    assert capsys.readouterr() == ("", "")


def test_case_text_is_escaped(demo, tmp_path):
    folder = tmp_path / "xss-case"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    for name in ("events.csv", "case.yaml", "questions.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        text = text.replace("demo-lumen-2024", "xss-case")
        if name == "events.csv":
            text = text.replace("A customer posts a Douyin video showing a franchise store "
                                "still using expired milk base.", "<img src=x onerror=alert(1)>")
        if name == "questions.yaml":
            text = text.replace("Who should have the final say on public statements — the "
                                "social-media team or the founder?", '"<script>alert(2)</script>"')
        if name == "case.yaml":
            text = text.replace("  en: Lumen Tea\n", "  en: <b onmouseover=alert(3)>Lumen</b>\n")
        (folder / name).write_text(text, encoding="utf-8")
    stepper = make(wb.load_case(folder), tmp_path / "w")
    cards = stepper.timeline_html.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in cards and "<img" not in cards
    labels = " ".join(w.value for w in stepper.questions_box.children
                      if hasattr(w, "value") and isinstance(w.value, str))
    assert "&lt;script&gt;" in labels and "<script>" not in labels
    assert "<b onmouseover" not in stepper.header.value


# -- language -----------------------------------------------------------------------------
def visible_texts(stepper) -> str:
    """Every word a student could read in the stepper (HTML tags dropped, tooltips kept)."""
    parts = []
    for w in (stepper.header, stepper.notice, stepper.intro, stepper.timeline_html,
              stepper.questions_title, stepper.reveal_note, stepper.status,
              *stepper.questions_box.children):
        if isinstance(w, __import__("ipywidgets").HTML):
            parts += re.findall(r"title=['\"]([^'\"]*)['\"]", w.value)
            parts.append(re.sub(r"<[^>]+>", " ", w.value))
    for b in (*stepper.step_buttons, stepper.prev_button, stepper.next_button,
              stepper.skip_button, stepper.save_button):
        parts += [b.description, b.tooltip or ""]
    parts += [a.placeholder for a in stepper.answer_areas.values()]
    spec = stepper.chart.to_dict()
    parts += [spec["title"]["text"], *spec["title"]["subtitle"]]
    parts += re.findall(r'"title": "([^"]*)"', json.dumps(spec, ensure_ascii=False))
    for rows in spec["datasets"].values():
        for r in rows:
            parts += [str(r.get(k, "")) for k in ("mark", "label", "move", "platform_label",
                                                  "summary")]
    return html.unescape(" ".join(parts))


def test_set_language_redraws_everything_in_chinese(demo, tmp_path):
    stepper = make(demo, tmp_path, start="coordinate")
    stepper.answer_areas["coordinate-1"].value = "answer"
    wb.set_language("zh")
    try:
        text = visible_texts(stepper)
        assert stepper.chart.to_dict()["title"]["text"] == "公众反应：流明茶饮"
        assert "制定协同策略" in stepper.intro.value and "做得好的样子" in stepper.intro.value
        assert stepper.next_button.description == "下一阶段 ›"
        path = str(stepper.journal.path)
        words = set(re.findall(r"[A-Za-z]{2,}", text.replace(path, "")))
        from_case = {"SCCT", "tester", *demo.meta.timezone.split("/"), *[s.id for s in demo.meta.sources],
                     *[d.id.split("-")[0] for d in progress.decisions(demo)],
                     *" ".join(demo.events["metric"].dropna()).replace("_", " ").split()}
        assert words <= from_case, words - from_case
        english = [en for key, (zh, en) in i18n.STRINGS.items() if zh != en and
                   len(en) > 3 and key.startswith(("chart_", "card_", "stepper_"))]
        pieces = [max(re.split(r"\{[^}]*\}", en), key=len).strip() for en in english]
        assert not [p for p in pieces if len(p) > 3 and p in text]
    finally:
        wb.set_language("en")
    assert stepper.next_button.description == "Next phase ›"
    assert stepper.chart.to_dict()["title"]["text"] == "Public reaction: Lumen Tea"


# -- every bundled case, as a fresh student pressing only "Next" ---------------------------------
def _bundled() -> list[str]:
    return sorted(p.name for p in bundled_root().iterdir()
                  if p.is_dir() and not any(x.is_error for x in wb.validate(p)))


def _texts(case, ids) -> list[str]:
    ev = case.events.set_index("id")
    return [t for eid in ids for t in (ev.loc[eid, "summary_en"], ev.loc[eid, "summary_zh"])]


@pytest.mark.parametrize("case_id", _bundled())
def test_next_only_walk_spoils_no_pending_decision(case_id, tmp_path):
    """Issue #12: no brand move of a pending decision appears — in visible_events, in any
    rendered HTML of the stepper, or in the chart spec — until the student answers."""
    case = wb.load_case(case_id)
    decisions = progress.decisions(case)
    stepper = make(case, tmp_path)
    for phase in PHASES:
        assert stepper.phase == phase
        held = set()
        for d in progress.open_decisions(case, stepper.progress):
            held |= progress.held_by(case, d)
        shown = set(stepper.visible_events["id"])
        assert not held & shown, f"{case_id} {phase}: {held & shown} shown"
        page = " ".join(w.value for w in stepper.children if isinstance(w, __import__(
            "ipywidgets").HTML)) + stepper.timeline_html.value
        spec = chart_json(stepper)
        for eid in held:
            assert f'data-id="{eid}"' not in page and f'"id": "{eid}"' not in spec, (case_id, eid)
        for text in _texts(case, held):
            assert html.escape(text) not in page and text not in spec, (case_id, phase)
        stepper.next_button.click()
    # then answer every decision: its moves appear
    for d in decisions:
        stepper.go(d.phase)
        stepper.answer_areas[d.id].value = "decided"
    assert progress.open_decisions(case, stepper.progress) == []
    stepper.go(PHASES[-1])
    shown = set(stepper.visible_events["id"])
    for d in decisions:
        assert progress.held_by(case, d) <= shown, (case_id, d.id)
    assert_nothing_leaks(stepper)


def test_a_phase_change_swaps_the_chart_data_in_place(demo, tmp_path):
    """Next redraws the one chart widget from the phase's parts; the spec the browser gets
    is the chart's, and a revealed move reaches it (the cache is keyed by held moves)."""
    stepper = make(demo, tmp_path)
    stepper.go("plan")
    widget, spec = stepper.chart_widget, stepper.chart_widget.spec
    stepper.next_button.click()
    assert stepper.chart_widget is widget and stepper.chart_widget.spec is not spec
    shown = stepper.chart_widget.spec["datasets"]
    assert shown == stepper.chart.to_dict()["datasets"]
    stepper.go("plan")
    assert "d4" not in json.dumps(stepper.chart_widget.spec["datasets"])
    for qid in ("team-1", "plan-1"):
        stepper.reveal_buttons[qid].click()
    assert {"d2", "d4"} <= {r.get("id") for rows in stepper.chart_widget.spec["datasets"].values()
                            for r in rows}
    stepper.close()
