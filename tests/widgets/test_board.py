"""CompareBoard driven from Python: picking cases, one chart widget per view, ratings → journal."""

from __future__ import annotations

import json

import altair as alt
import pytest
from ipywidgets.widgets import widget as widget_module

import workbench as wb
from workbench.foundation import vocab
from workbench.widgets.board import CompareBoard


@pytest.fixture
def root(case_kit, tmp_path):
    """A cases folder with three valid fixture cases and one broken one."""
    cases = tmp_path / "cases"
    case_kit.acme(cases, "acme-2024")
    case_kit.acme(cases, "bravo-2023", brand="Bravo", cluster="accidental")
    case_kit.write_case(cases, "charlie-2022", [
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse"),
        case_kit.event("s1", "2024-03-01T10:30:00+00:00", "statement", "executive",
                  strategy="apology", channel="douyin"),
    ], brand="Charlie")
    broken = cases / "broken-2021"
    broken.mkdir()
    (broken / "case.yaml").write_text("format: 1\nid: broken-2021\n", encoding="utf-8")
    return cases


@pytest.fixture
def board(root, tmp_path):
    board = CompareBoard(root=root, student="李雷", journal_dir=tmp_path / "work")
    yield board
    board.close()


def chart_widgets() -> int:
    return sum(isinstance(w, alt.JupyterChart) for w in list(widget_module._instances.values()))


def labels(chart: alt.TopLevelMixin) -> set[str]:
    spec = chart.to_dict()
    return {r["label"] for rows in spec.get("datasets", {}).values() for r in rows
            if "label" in r}


def test_default_pair_and_controls(board):
    assert board.picker.value == ("acme-2024", "bravo-2023")  # the first two that load
    assert "broken-2021" in [v for _, v in board.picker.options]
    assert board.table["case"].tolist() == ["acme-2024", "bravo-2023"]
    assert set(board.views) == {"aligned", "lag", "mix", "channels"}
    assert labels(board.charts["aligned"]) == {"Acme · simulated", "Bravo · simulated"}
    assert set(board.ratings) == {*vocab.PRINCIPLES, *vocab.FIVE_S}
    assert board.scorecard_case.value == "acme-2024"


def test_css_classes_for_browser_tests(board):
    assert "wb-board" in board._dom_classes
    assert "wb-picker" in board.picker._dom_classes
    assert "wb-window" in board.window._dom_classes
    assert "wb-chart-aligned" in board.views["aligned"].widget._dom_classes
    assert "wb-board-table" in board.table_html._dom_classes
    assert "wb-board-scorecard" in board.scorecard_box._dom_classes
    assert "wb-rating-score" in board.ratings["speed"].score._dom_classes


def test_picking_updates_every_view_in_place(board):
    widgets_before = {name: view.widget for name, view in board.views.items()}
    count = chart_widgets()
    old = board.charts
    board.picker.value = ("acme-2024", "bravo-2023", "charlie-2022")
    assert board.table["case"].tolist() == ["acme-2024", "bravo-2023", "charlie-2022"]
    assert "Charlie" in labels(board.charts["aligned"])
    assert "Charlie" in labels(board.charts["channels"])
    assert all(board.charts[name] is not old[name] for name in board.views)
    assert {n: v.widget for n, v in board.views.items()} == widgets_before
    assert all(v.widget.spec == v.chart.to_dict() for v in board.views.values())
    board.picker.value = ("bravo-2023", "charlie-2022")
    assert chart_widgets() == count
    assert board.scorecard_case.value == "bravo-2023"  # acme left the board


def test_window_redraws_the_aligned_chart(board):
    widget = board.views["aligned"].widget
    board.window.value = "48h"
    spec = board.charts["aligned"].to_dict()
    domain = spec["hconcat"][0]["spec"]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain == [-12.0, 48.0]
    assert board.views["aligned"].widget is widget


def test_too_few_too_many_and_broken(case_kit, board, root):
    board.picker.value = ("charlie-2022",)
    assert "at least 2" in board.status.value
    assert board.table["case"].tolist() == ["charlie-2022"]  # still drawn
    board.picker.value = ()
    assert "at least 2" in board.status.value
    board.picker.value = ("acme-2024", "broken-2021")
    assert "Could not load broken-2021" in board.status.value
    for i in range(5):
        case_kit.acme(root, f"extra-{i}-2020")
    crowded = CompareBoard(root=root, journal_dir=root.parent / "w")
    crowded.picker.value = ("acme-2024", "bravo-2023", "charlie-2022",
                            *(f"extra-{i}-2020" for i in range(4)))
    assert "at most 6" in crowded.status.value
    assert len(crowded.table) == 2  # the last good comparison stays
    crowded.close()


def test_rating_is_saved_to_the_journal(board, tmp_path):
    row = board.ratings["fast-response"]
    row.note.value = "2 h: fast, but it denied"
    assert "score first" in board.saved.value
    assert not (tmp_path / "work" / "李雷" / "acme-2024.json").exists()
    row.score.value = 3
    path = tmp_path / "work" / "李雷" / "acme-2024.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["ratings"]["fast-response"] == {"score": 3, "note": "2 h: fast, but it denied"}
    assert saved["student"] == "李雷" and saved["case"] == "acme-2024"
    assert "Saved to" in board.saved.value
    row.note.value = "changed my mind"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["ratings"]["fast-response"]["note"] == "changed my mind"
    assert board.scorecard.loc[board.scorecard["principle"] == "fast-response",
                               "rating"].tolist() == [3, 3]


def test_rating_keeps_answers_written_elsewhere(board, tmp_path):
    other = wb.Journal.load("李雷", "acme-2024", tmp_path / "work")  # e.g. a phase stepper
    other.set_answer("plan-1", "先道歉")
    board.ratings["sincerity"].score.value = 2
    again = wb.Journal.load("李雷", "acme-2024", tmp_path / "work")
    assert again.answers == {"plan-1": "先道歉"} and again.ratings["sincerity"]["score"] == 2


def test_ratings_follow_the_scorecard_case(board, tmp_path):
    board.ratings["standard"].score.value = 5
    board.scorecard_case.value = "bravo-2023"
    assert board.ratings["standard"].score.value is None
    board.ratings["standard"].score.value = 2
    board.scorecard_case.value = "acme-2024"
    assert board.ratings["standard"].score.value == 5
    assert wb.Journal.load("李雷", "bravo-2023", tmp_path / "work").ratings["standard"][
        "score"] == 2


def test_language_switch_redraws_in_place(board):
    count = chart_widgets()
    widget = board.views["lag"].widget
    wb.set_language("zh")
    assert "品牌比较" in board.title.value
    assert "回应时滞" in board.headings["lag"].value
    assert board.charts["lag"].to_dict()["title"]["text"].startswith("回应时滞")
    assert "首次回应（小时）" in board.table_html.value
    assert "快速响应" in board.ratings["fast-response"].info.value
    assert board.picker.value == ("acme-2024", "bravo-2023")
    assert board.views["lag"].widget is widget and chart_widgets() == count


def test_board_with_explicit_cases_and_bundled_default(case_kit, tmp_path):
    case = wb.load_case(case_kit.acme(tmp_path / "own", "own-2024"))
    board = CompareBoard([case, "demo-lumen-2024"], journal_dir=tmp_path / "w")
    assert board.picker.value == ("own-2024", "demo-lumen-2024")
    assert board.table["case"].tolist() == ["own-2024", "demo-lumen-2024"]
    bundled = CompareBoard(journal_dir=tmp_path / "w")
    assert 1 <= len(bundled.picker.value) <= 2 and bundled.table is not None
    board.close()
    bundled.close()


def test_a_closed_board_no_longer_redraws(board):
    chart = board.charts["lag"]
    board.close()
    wb.set_language("zh")
    assert board.charts["lag"] is chart


def test_an_error_in_a_callback_is_shown_not_lost(board, monkeypatch):
    import workbench.widgets.board as board_module

    def broken(*args, **kwargs):
        raise RuntimeError("the metrics broke")

    monkeypatch.setattr(board_module, "compare", broken)
    board.picker.value = tuple(reversed(board.picker.value))  # fires the callback
    assert "the metrics broke" in board.status.value


def test_attention_only_beside_signals_on_the_board(tmp_path):
    """KFC (attention only) beside Chicecream (signals): the table and the aligned chart say
    "not available — attention only"; the scorecard shows signal rows for the case with them."""
    wb.set_language("en")
    board = CompareBoard(["kfc-uk-2018", "chicecream-2022"], journal_dir=tmp_path / "w",
                         reveal="always")
    try:
        assert "not available — attention only" in board.table_html.value
        rows = [r for rows in board.charts["aligned"].to_dict()["datasets"].values()
                for r in rows if r.get("layer") == "na"]
        assert len(rows) == 1
        board.scorecard_case.value = "kfc-uk-2018"
        assert board.signal_rows.value == ""
        assert any("not available — attention only" in r.info.value
                   for r in board.ratings.values())
        board.scorecard_case.value = "chicecream-2022"
        assert "Best rank" in board.signal_rows.value
    finally:
        board.close()
