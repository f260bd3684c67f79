"""No English in Chinese mode (issue #20, item 9): the main screens, rendered with the
language set to zh, show no English word outside a small, explained allow-list.

What is *not* English prose, and so never counted:

- code a student types or reads as code: text in `backticks` or <code>, ``wb.…`` calls,
  ``--flags``, file names, extensions and paths, URLs, time zones (anything with
  ``/ . _ @ : =`` or a digit inside);
- values quoted from the student's own file ('irrelevant', “3分钟前”);
- case ids (``haidilao-2017``) and acronyms written in capitals (SCCT, CEO, UTC, CSV, BOM);
- words the Chinese side itself uses: ASCII words in the cases' own zh fields (a brand such
  as 杜嘉班纳（Dolce & Gabbana）, an imported brand with no Chinese name), the cases' source
  ids, the zh labels of the vocabulary (Instagram, YouTube, TikTok have no Chinese name) and
  the SCCT reference (a publication keeps its title);
- :data:`ALLOWED`: the few names below, each with its reason.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ipywidgets import widgets

import workbench as wb
from workbench.foundation import i18n, vocab

#: Names that stay in Latin letters in Chinese text, and why.
ALLOWED = {
    "snownlp",  # the Chinese sentiment library's name (import summary, machine-scored badge)
    "vs",  # "海底捞 vs 奔驰": the usual way to set brands side by side in Chinese too
    "pp",  # percentage points, the unit of a change in negative share
    "markdown",  # a file format's name (collect: "是 Markdown 导出")
    "benoit",  # a theorist's name: "Benoit 形象修复" (image repair), as Chinese texts write it
}
SAMPLE = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "sample_listening_export.csv"
CASES = ("demo-lumen-2024", "haidilao-2017", "kfc-uk-2018")
_CODE = re.compile(r"`[^`]*`|wb\.\w+(\([^)]*\))?|--\w[\w-]*|https?://\S+|'[^'\n]*'|“[^”]*”")
_TOKEN = re.compile(r"\.?[A-Za-z][\w./@:=+-]*")


class _Text(HTMLParser):
    """The visible text of an HTML fragment (no tags, no <style>, no attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "code")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "code") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return html.unescape(" ".join(parser.parts))


def _ascii_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _bilingual(value):
    """Every {zh, en} field inside a case's metadata (nested anywhere)."""
    if isinstance(value, dict):
        if "zh" in value and "en" in value:
            yield value
        for v in value.values():
            yield from _bilingual(v)
    elif isinstance(value, list):
        for v in value:
            yield from _bilingual(v)


@pytest.fixture(scope="module")
def chinese_words() -> set[str]:
    """ASCII words the Chinese side uses itself: zh case fields and zh vocabulary labels."""
    words = {w for table in (vocab.CHANNELS, vocab.ACTORS, vocab.KINDS, vocab.STRATEGIES)
             for term in table.values() for w in _ascii_words(term.zh)}
    words |= _ascii_words(vocab.COOMBS_CITATION)
    for cid in wb.list_cases()["id"]:
        case = wb.load_case(cid)
        words |= _ascii_words(" ".join(case.events["source"].fillna("").astype(str)))
        zh = [v["zh"] for v in _bilingual(case.meta.model_dump(mode="json"))]
        zh += case.events["summary_zh"].fillna("").tolist()
        zh += [str(q.get("zh", "")) for qs in case.questions.values() for q in qs]
        words |= _ascii_words(" ".join(map(str, zh)))
    return words


def english(text: str, chinese_words: set[str]) -> list[str]:
    """The English words in ``text`` that none of the rules above excuses."""
    text = _CODE.sub(" ", text)
    found = []
    for token in _TOKEN.findall(text):
        if re.search(r"[\d./@:_=+]", token) or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", token):
            continue  # a file, path, zone, URL or case id
        for word in re.findall(r"[A-Za-z]+", token):
            if len(word) < 2 or word.isupper() or word.lower() in ALLOWED | chinese_words:
                continue
            found.append(word)
    return found


def widget_text(w) -> str:
    """Every text a widget tree shows: HTML, labels, buttons, options, placeholders."""
    parts = []
    typed = isinstance(w, widgets.Text | widgets.Textarea)  # a student's own text
    for name in ("value", "description", "placeholder", "tooltip"):
        value = getattr(w, name, None)
        if isinstance(value, str) and not (typed and name == "value"):
            parts.append(visible(value) if name == "value" else value)
    for option in getattr(w, "options", ()) or ():
        parts.append(str(option[0] if isinstance(option, tuple) else option))
    for child in getattr(w, "children", ()) or ():
        parts.append(widget_text(child))
    return " ".join(p for p in parts if p)


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("imported")
    i18n.set_language("zh")
    result = wb.import_posts(SAMPLE, case="sample-2024", brand="品牌", out=out,
                             provenance="fictional", replace=True)
    return result, out


def screens(tmp_path: Path, imported) -> dict[str, str]:
    result, out = imported
    demo = wb.load_case("demo-lumen-2024")
    shots = {"catalog": visible(wb.catalog()._repr_html_()),
             "case card": visible(demo._repr_html_()),
             "phases": visible(wb.phases()._repr_html_()),
             "timeline table": visible(wb.timeline_table(demo)._repr_html_()),
             "compare table": visible(wb.compare(list(CASES[1:]), student="甲",
                                                 journal_dir=tmp_path)._repr_html_()),
             "scorecard": visible(wb.scorecard(demo, student="甲",
                                               journal_dir=tmp_path)._repr_html_()),
             "import summary": visible(result._repr_html_()),
             "validate": " ".join(f"{p.what} {p.expected} {p.hint}" for p in wb.validate(out))}
    stepper = wb.PhaseStepper(demo, student="甲", journal_dir=tmp_path)
    for phase in vocab.PHASE_LIST:
        stepper.go(phase.slug)
        shots[f"stepper phase {phase.number}"] = widget_text(stepper)
    stepper.close()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.md").write_text("x", encoding="utf-8")
    (inbox / "broken.json").write_text("{", encoding="utf-8")
    (inbox / "04_assignment.ipynb").write_text("{}", encoding="utf-8")
    (inbox / "index.html").write_text("<html>hello</html>", encoding="utf-8")
    journal = wb.Journal.load("乙", "demo-lumen-2024", journal_dir=tmp_path / "work")
    journal.set_answer("team-1", "先组建小组")
    (inbox / "乙.json").write_text(journal.path.read_text(encoding="utf-8"), encoding="utf-8")
    # team role files that cannot be used: their reasons are in the report too
    (inbox / "role.json").write_text('{"format": 1, "team": "A组", "case": "demo-lumen-2024", '
                                     '"role": "chef"}', encoding="utf-8")
    (inbox / "moves.json").write_text('{"format": 1, "team": "A组", "case": "demo-lumen-2024", '
                                      '"role": "pr", "moves": []}', encoding="utf-8")
    collected = wb.collect(inbox)
    shots["collect report"] = visible(collected.summary_html())
    return shots


def test_the_app_before_a_name_is_typed(tmp_path, monkeypatch, chinese_words):
    """The classroom app as a newcomer first sees it: no name yet, a prompt in Chinese."""
    for var in ("WORKBENCH_STUDENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("USER", "student")
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path))
    app = wb.App(case="demo-lumen-2024", lang="zh", journal_dir=tmp_path)
    try:
        # the name field, the prompt and the stepper (the brief and the picker: case data)
        text = " ".join([widget_text(app.student), visible(app.message.value),
                         widget_text(app.stepper)])
        assert "请先填写你的名字" in text and "student" not in text.lower().replace(
            "wb-app-student", "")
        assert not english(text, chinese_words), english(text, chinese_words)
    finally:
        app.close()


def test_no_english_in_chinese_mode(tmp_path, imported, chinese_words):
    _, out = imported
    for folder in out.iterdir():  # the imported cases' brands are case data too
        case = wb.load_case(folder)
        chinese_words = chinese_words | _ascii_words(case.brand("zh"))
    found = {name: sorted(set(english(text, chinese_words)))
             for name, text in screens(tmp_path, imported).items()}
    leaks = {k: v for k, v in found.items() if v}
    assert not leaks, "English in Chinese mode:\n" + "\n".join(f"{k}: {v}" for k, v in leaks.items())


def test_the_check_finds_english():
    assert english("已导入: 2 rows with times that cannot be read", set()) == [
        "rows", "with", "times", "that", "cannot", "be", "read"]
    assert english("运行 `workbench validate cases`，见 docs/authoring.md、haidilao-2017、"
                   "SCCT、wb.load_case(\"x\")、--tz", set()) == []
