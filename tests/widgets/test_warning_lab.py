"""The early-warning lab driven from Python: sliders re-run the rule, the rule is saved."""

from __future__ import annotations

import re

import workbench as wb
from workbench.analysis.backtest import WARNING_ID
from workbench.analysis.warning import LEVELS
from workbench.foundation import i18n


def test_sliders_update_the_report_and_the_chart(tmp_path):
    lab = wb.EarlyWarningLab("demo-lumen-2024", journal_dir=tmp_path, lang="en")
    assert lab.rule.value == "volume" and "hot-search" not in lab.rules
    before = lab.report.value
    lab.sliders["volume.threshold"].value = 1.0
    lab.sliders["volume.window_hours"].value = 3.0
    assert lab.report.value != before
    assert lab.result.rule.startswith("volume(window_hours=3")  # the code, for notebooks
    assert "Volume above baseline: window (h) 3, threshold 1" in lab.report.value
    assert "volume(" not in lab.report.value  # the report says it in words
    assert lab.chart_view.chart.to_dict()["layer"]
    lab.combine.value = "or"
    lab.second.value = "negative-share"
    assert " OR " in lab.result.rule
    assert "; OR negative-share jump: window (h) 24, share jump 0.2" in lab.report.value
    assert {w.tooltip for w in lab.slider_box.children} >= {"jump", "threshold"}
    assert {w.description for w in lab.slider_box.children} >= {"share jump", "threshold"}


def test_the_chosen_rule_goes_to_the_journal_and_the_export(tmp_path):
    lab = wb.EarlyWarningLab("chicecream-2022", student="李雷", journal_dir=tmp_path, lang="zh")
    lab.rule.value = "hot-search"
    lab.justification.value = "<b>热搜爬升最快</b>"
    lab.save.click()
    saved = wb.Journal.load("李雷", "chicecream-2022", journal_dir=tmp_path).answers[WARNING_ID]
    # the saved rule says what it read: chicecream's hot-search archive is observed
    assert saved.startswith("热搜上榜与爬升：爬升（名/小时）15、窗口（小时）1（热搜信号：实测数据） — ")
    assert "模拟" not in saved
    assert saved.endswith("<b>热搜爬升最快</b>") and "hot-search" not in saved
    assert "已保存：热搜上榜与爬升" in lab.message.value
    out = wb.export_journal("李雷", tmp_path / "out.html", journal_dir=tmp_path,
                            cases=["chicecream-2022"], lang="zh")
    page = out.read_text(encoding="utf-8") if hasattr(out, "read_text") else (
        tmp_path / "out.html").read_text(encoding="utf-8")
    assert "我的预警规则" in page and "&lt;b&gt;热搜爬升最快" in page


def test_the_lab_respects_a_phase_view(tmp_path):
    lab = wb.EarlyWarningLab("demo-lumen-2024", journal_dir=tmp_path, phase="plan", lang="en")
    assert lab.prepared.hidden
    assert "not yet revealed" in lab.report.value


def test_an_error_shows_in_the_lab(tmp_path):
    lab = wb.EarlyWarningLab("demo-lumen-2024", journal_dir=tmp_path, lang="en")
    lab.rule.options = [*lab.rule.options, "hot-search"]
    lab.rule.value = "hot-search"
    assert "signals.csv" in lab.message.value


def test_the_class_view_shows_the_chosen_rule(tmp_path):
    journal = wb.Journal.load("韩梅梅", "demo-lumen-2024", journal_dir=tmp_path)
    journal.set_answer(WARNING_ID, "volume(threshold=3) — 早一点报警")
    view = wb.ClassView(wb.collect(tmp_path), lang="en")
    assert WARNING_ID in view.answers("demo-lumen-2024").index.get_level_values("question_id")
    assert "My early-warning rule" in view.question(WARNING_ID, "demo-lumen-2024")


def test_the_lab_is_the_apps_fourth_tab(tmp_path):
    app = wb.App(case="chicecream-2022", journal_dir=tmp_path, lang="en")
    app.tabs.selected_index = 3
    lab = app.warning_box.children[0]
    assert isinstance(lab, wb.EarlyWarningLab) and app.tabs.get_title(3) == "Early-warning lab"
    app.close()


def test_a_slider_move_swaps_the_chart_data_in_the_same_widget(tmp_path):
    """No altair per move: the same JupyterChart, the same serialised chart, new data;
    the alerts drawn are wb.backtest's for the rule the sliders describe."""
    lab = wb.EarlyWarningLab("chicecream-2022", journal_dir=tmp_path, lang="en")
    lab.rule.value = "volume"
    widget, built = lab.chart_view.widget, lab.chart_view.widget.chart
    seen = []
    for threshold in (1.0, 8.0, 2.5):
        before = widget.spec
        lab.sliders["volume.threshold"].value = threshold
        spec = lab.chart_view.widget.spec
        assert lab.chart_view.widget is widget and widget.chart is built  # in place
        assert spec["datasets"]["wb-ew-series"] != before["datasets"]["wb-ew-series"]  # band
        expected = wb.backtest(lab.case, "volume", threshold=threshold)
        drawn = spec["datasets"]["wb-ew-alerts"]
        assert [a["hours"] for a in drawn] == expected.alerts["hours"].tolist()
        labels = {lv: i18n.t(f"ew_level_{slug}", lang="en")
                  for lv, (slug, _) in LEVELS.items()}
        assert [a["level"] for a in drawn] == [labels[lv] for lv in expected.alerts["level"]]
        assert spec["title"]["text"] == "volume above baseline"  # the rule's name, in English
        assert expected.rule == lab.result.rule  # the same rule (as code)
        subtitle = spec["title"]["subtitle"][0]  # its parameters, in words, not its name again
        assert subtitle == f"Window (h) 24, threshold {threshold:g}, min. mentions 10"
        assert expected.explained("en") == "Volume above baseline: w" + subtitle[1:]  # report
        seen.append(len(drawn))
    assert len(set(seen)) > 1 and max(seen) > 0  # the moves changed what is drawn


def test_the_rule_reads_as_a_sentence_in_chinese(tmp_path):
    """The report says the rule in Chinese words, 且 / 或 included; the chart's title names
    it and its subtitle gives the parameters (each part's under its name, no 且 again)."""
    lab = wb.EarlyWarningLab("demo-lumen-2024", journal_dir=tmp_path, lang="zh")
    title = lab.chart_view.widget.spec["title"]
    assert title["text"] == "声量超基线"
    assert title["subtitle"][0] == "窗口（小时）24、阈值 4、最少提及量 10"  # not 声量超基线 again
    lab.combine.value = "and"
    lab.second.value = "negative-share"
    sentence = ("声量超基线：窗口（小时）24、阈值 4、最少提及量 10；且 负面占比跃升："
                "窗口（小时）24、占比升幅 0.2、最少提及量 30（6 小时内）")
    assert sentence in lab.report.value
    title = lab.chart_view.widget.spec["title"]
    assert title["text"] == "声量超基线 且 负面占比跃升"
    assert title["subtitle"][0] == sentence.replace("；且 ", "；")
    assert not re.search(r"volume|negative-share|window_hours| AND ", lab.report.value)
    lab.combine.value = ""
    lab.justification.value = "声量先动"
    lab.save.click()  # the journal keeps the whole sentence
    saved = wb.Journal.load(None, "demo-lumen-2024", journal_dir=tmp_path).answers[WARNING_ID]
    assert saved == "声量超基线：窗口（小时）24、阈值 4、最少提及量 10（公众反应：虚构数据） — 声量先动"
