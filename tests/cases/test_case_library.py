"""The bundled case library: thirteen documented real crises (at least) plus the demo, all honest."""

from __future__ import annotations

from collections import Counter

import pytest

import workbench as wb
from workbench.core.cases import bundled_root
from workbench.foundation import vocab

REAL = ["haidilao-2017", "benz-xian-2019", "dolce-gabbana-2018", "chicecream-2022",
        "nongfu-spring-2024", "erke-2021", "kfc-uk-2018", "united-3411-2017",
        "starbucks-philadelphia-2018", "samsung-note7-2016", "audi-xiaoman-2022",
        "huaxizi-2023", "haitian-2022"]
ALL = sorted(p.name for p in bundled_root().iterdir() if p.is_dir())


def test_the_library_has_thirteen_real_cases_at_least_five_of_them_chinese():
    catalog = wb.list_cases().set_index("id")
    assert set(REAL) <= set(catalog.index)
    assert (catalog.loc[REAL, "region"] == "CN").sum() >= 5
    assert (catalog.loc[REAL, "events"] == "documented").all()


@pytest.mark.parametrize("case_id", ALL)
def test_every_bundled_case_validates_clean(case_id):
    assert [str(p) for p in wb.validate(bundled_root() / case_id)] == []


@pytest.mark.parametrize("case_id", REAL)
def test_real_case_is_documented_and_honest(case_id):
    case = wb.load_case(case_id)
    ev = case.events
    assert 8 <= len(ev) <= 20
    assert (ev["kind"] == "trigger").sum() == 1
    known = {s.id for s in case.meta.sources}
    for refs in ev["source"]:
        assert refs and set(refs.split(";")) <= known
    for column in ("summary_zh", "summary_en"):
        assert (ev[column].str.strip() != "").all()
    assert ev["brand_side"].any() and (ev["kind"] == "statement").any()
    assert case.meta.provenance.reactions in ("simulated", "observed", "none")
    note = case.meta.provenance.note
    assert note.zh.strip() and note.en.strip()
    assert all(s.url.startswith(("http://", "https://")) for s in case.meta.sources)


@pytest.mark.parametrize("case_id", ALL)
def test_questions_cover_every_phase_in_both_languages(case_id):
    case = wb.load_case(case_id)
    if case_id == "demo-lumen-2024" or case_id in REAL:
        assert set(case.questions) == {p.slug for p in vocab.PHASE_LIST}
    for phase, questions in case.questions.items():
        assert 1 <= len(questions) <= 4, phase
        for q in questions:
            assert q["zh"].strip() and q["en"].strip()
    if case_id in REAL:
        assert all(2 <= len(qs) <= 4 for qs in case.questions.values())
        assert any(q["decision"] for qs in case.questions.values() for q in qs)


def test_no_question_is_repeated_across_cases():
    texts = Counter()
    for case_id in ALL:
        for questions in wb.load_case(case_id).questions.values():
            for q in questions:
                texts[q["en"].strip().lower()] += 1
                texts[q["zh"].strip()] += 1
    repeated = [t for t, n in texts.items() if n > 1]
    assert repeated == []
