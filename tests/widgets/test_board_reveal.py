"""Nothing spoils a decision on the comparison board: a fresh student sees no brand move a
pending decision holds — not in the cards, tables, tooltips or chart data (issue 12)."""

from __future__ import annotations

import json

import pytest

import workbench as wb
from workbench.core import progress
from workbench.widgets.board import CompareBoard

PAIR = ("haidilao-2017", "kfc-uk-2018")


def rendered(board: CompareBoard) -> str:
    """Every piece of HTML the board shows, and every chart spec as JSON."""
    parts = [board.table_html.value, board.held_note.value, board.status.value,
             *(r.info.value for r in board.ratings.values())]
    specs = [json.dumps(c.to_dict(), ensure_ascii=False) for c in board.charts.values()]
    return "\n".join(parts + specs)


def held_texts(case_id: str, student: str, work) -> list[str]:
    case = wb.load_case(case_id)
    held = progress.held(case, progress.of_student(case_id, student, journal_dir=work))
    assert held, f"{case_id}: a fresh student should have moves held back"
    ev = case.events.set_index("id")
    return [str(ev.loc[i, column])[:60] for i in held for column in ("summary_en", "summary_zh")]


@pytest.fixture
def board(tmp_path):
    board = CompareBoard(list(PAIR), student="李雷", journal_dir=tmp_path)
    yield board
    board.close()


def test_fresh_student_sees_no_held_move(board, tmp_path):
    text = rendered(board)
    for case_id in PAIR:
        for summary in held_texts(case_id, "李雷", tmp_path):
            assert summary not in text
    assert "wb.PhaseStepper" in board.held_note.value and "plan-1" in board.held_note.value
    assert set(board.pending) == set(PAIR) and all(board.pending.values())
    assert (board.table["hidden_moves"] > 0).all()


def test_an_answer_reveals_its_moves(board, tmp_path):
    case = wb.load_case(PAIR[0])
    first = progress.decisions(case)[0]
    anchor = case.events.set_index("id").loc[first.before, "summary_en"][:60]
    assert anchor not in rendered(board)
    journal = wb.Journal.load("李雷", PAIR[0], journal_dir=tmp_path)
    for d in progress.decisions(case):
        journal.set_answer(d.id, "先道歉，再整改")
    journal.save()
    board.refresh()
    assert anchor in rendered(board)
    assert board.pending[PAIR[0]] == [] and board.table.iloc[0]["hidden_moves"] == 0
    assert PAIR[0] not in board.held_note.value and PAIR[1] in board.held_note.value


def test_reveal_always_shows_everything(tmp_path):
    board = CompareBoard(list(PAIR), student="李雷", journal_dir=tmp_path, reveal="always",
                         window="all")
    try:
        text = rendered(board)
        case = wb.load_case(PAIR[1])
        for i in progress.held(case, progress.Progress()):
            assert case.events.set_index("id").loc[i, "summary_en"][:60] in text
        assert board.held_note.value == "" and (board.table["hidden_moves"] == 0).all()
    finally:
        board.close()


def test_compare_plainly_follows_the_student(tmp_path):
    fresh = wb.compare(list(PAIR), student="李雷", journal_dir=tmp_path)
    everything = wb.compare(list(PAIR), reveal="always")
    assert (fresh["statements"] < everything["statements"]).all()
    assert "wb-held" in fresh._repr_html_() and "wb-held" not in everything._repr_html_()
    assert fresh.iloc[0]["outcome"] != everything.iloc[0]["outcome"]
    with pytest.raises(ValueError, match="always"):
        wb.compare(list(PAIR), reveal="never")
