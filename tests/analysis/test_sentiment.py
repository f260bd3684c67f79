"""Sentiment: labels in many spellings are kept, non-sentiments counted, text scored offline."""

from __future__ import annotations

import pandas as pd
import pytest

import workbench as wb
from workbench.analysis import sentiment


@pytest.fixture(autouse=True)
def empty_cache():
    """Labels are cached by text across calls: start each test with none."""
    sentiment.clear_cache()
    yield
    sentiment.clear_cache()


@pytest.mark.parametrize(("raw", "label"), [
    ("pos", "positive"), ("Positive", "positive"), ("POSITIVE ", "positive"), ("+1", "positive"),
    ("正面", "positive"), ("积极", "positive"), ("好评", "positive"),
    ("neg", "negative"), ("Negative", "negative"), ("-1", "negative"), ("负面", "negative"),
    ("消极", "negative"), ("neutral", "neutral"), ("neu", "neutral"), ("中性", "neutral"),
    ("中立", "neutral"),
])
def test_common_spellings_are_mapped(raw, label):
    values = pd.Series([raw, "neutral", "negative", "positive"])  # a mixed column, not 0/1
    assert sentiment.read_labels(values).labels.iloc[0] == label


def test_labels_that_are_not_sentiments_become_empty_and_are_counted():
    read = sentiment.read_labels(pd.Series(["irrelevant", "neg", "spam", "无关", "irrelevant",
                                            "", None]))
    assert read.labels.tolist()[1] == "negative"
    assert read.labels.isna().tolist() == [True, False, True, True, True, True, True]
    assert read.not_sentiment == {"irrelevant": 2, "spam": 1, "无关": 1}
    assert read.unreadable == 4


def test_zero_one_labels_are_binary_with_a_notice():
    read = sentiment.read_labels(pd.Series(["1", "0", "1", "irrelevant"]))
    assert read.labels.tolist()[:3] == ["positive", "negative", "positive"]
    assert "0 = negative" in read.notice


def test_numeric_columns_and_scores():
    minus = sentiment.read_labels(pd.Series([-1, 0, 1, 1]))
    assert minus.labels.tolist() == ["negative", "neutral", "positive", "positive"]
    scores = sentiment.read_labels(pd.Series(["-0.6", "0.01", "0.4"]))
    assert scores.labels.tolist() == ["negative", "neutral", "positive"]
    probability = sentiment.read_labels(pd.Series([0.05, 0.5, 0.93, 0.7]))
    assert probability.labels.tolist() == ["negative", "neutral", "positive", "positive"]
    assert "P(positive)" in probability.notice


def test_english_is_scored_with_vader():
    labels = sentiment.score(pd.Series(["I love this, great service!",
                                        "Terrible. The worst reply ever.",
                                        "The statement was posted at 9 am.", ""]))
    assert labels.tolist()[:3] == ["positive", "negative", "neutral"]
    assert pd.isna(labels.iloc[3])


def test_chinese_is_scored_with_snownlp():
    texts = pd.Series(["这家店太恶心了，过期原料还在用，再也不去了", "非常满意，服务很好，点赞",
                       "Mixed 中文 text still goes to snownlp"])
    assert sentiment.is_chinese(texts).tolist() == [True, True, True]
    labels = sentiment.score(texts)
    assert labels.iloc[0] == "negative" and labels.iloc[1] == "positive"


def test_each_distinct_text_is_scored_once(monkeypatch):
    calls: list[str] = []
    real = sentiment._vader_label

    def counting():
        label = real()

        def wrapped(text):
            calls.append(text)
            return label(text)
        return wrapped

    monkeypatch.setattr(sentiment, "_vader_label", counting)
    labels = sentiment.score(pd.Series(["good", "bad", "good", "good"]))
    assert sorted(calls) == ["bad", "good"] and labels.tolist()[0] == labels.tolist()[2]


def test_progress_bar_only_for_big_inputs(monkeypatch, capsys):
    sentiment.score(pd.Series(["good", "bad"]))
    assert "scoring" not in capsys.readouterr().err
    monkeypatch.setattr(sentiment, "PROGRESS_ROWS", 2)
    sentiment.score(pd.Series(["good", "bad", "fine"]))
    assert "scoring sentiment" in capsys.readouterr().err


def test_machine_note_from_posts_and_from_a_case(tmp_path):
    posts = pd.DataFrame({"sentiment_source": ["machine", "human"]})
    assert sentiment.machine_share(posts) == 0.5
    assert sentiment.machine_note(posts, lang="en") == "machine-scored"
    assert sentiment.machine_note(pd.DataFrame({"text": ["x"]})) == ""
    export = tmp_path / "x.csv"
    export.write_text("time,text\n2024-05-10 20:15,I love it\n2024-05-10 21:15,awful\n",
                      encoding="utf-8")
    result = wb.import_posts(export, case="machine-2024", out=tmp_path / "cases", tz="UTC")
    case = result.load()[0]
    assert case.machine_scored and set(case.posts["sentiment_source"]) == {"machine"}
    assert sentiment.machine_note(case, lang="zh") == "机器判定"
    assert "machine-scored" in case._repr_html_()
    human = wb.import_posts(export, case="human-2024", out=tmp_path / "cases", tz="UTC",
                            sentiment="none").load()[0]
    assert not human.machine_scored and sentiment.machine_note(human) == ""
