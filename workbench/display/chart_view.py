"""The one reused chart widget, and how a chart is redrawn in place from new data.

:class:`ChartView` wraps one offline ``alt.JupyterChart``. It shows either an altair chart
(:meth:`ChartView.show`: altair validates and serialises it, tens to hundreds of
milliseconds for a layered chart, up to a second for the stepper's) or a Vega-Lite spec
written as a plain dict (put in the widget's public, synced ``spec`` trait as it is: no
altair, a millisecond). The charts a click draws — the stepper's reaction chart, the
board's four — are such specs, so even a phase's *first* visit costs no altair; their
builders are checked against the Vega-Lite schema in the tests (:attr:`ChartView.chart`
turns a spec into a validated altair chart), not on every click.

A chart built from :class:`ChartParts` — *named* datasets (``{"name": ...}`` data in its
layers, the rows in the top-level ``datasets``), top-level variable params and a title —
can be redrawn for other data with :meth:`ChartView.draw`: when the view already shows, or
has kept, a chart of the same ``shape``, only the datasets, the params' values and the
title are replaced in the widget's spec, with nothing rebuilt. The browser then re-renders
the chart from the new spec, in the same widget.

>>> import altair as alt, pandas as pd
>>> def build(parts):  # a plain Vega-Lite spec: no altair needed to draw it
...     return {"data": {"name": "points"}, "mark": {"type": "point"},
...             "encoding": {"x": {"field": "x", "type": "quantitative"}},
...             "datasets": parts.datasets, "title": parts.title}
>>> view = ChartView()
>>> view.draw(ChartParts(("points",), {"points": records(pd.DataFrame({"x": [1]}))},
...                      title={"text": "one"}), build)
False
>>> view.draw(ChartParts(("points",), {"points": records(pd.DataFrame({"x": [2, 3]}))},
...                      title={"text": "two"}), build)  # same shape: the data is swapped
True
>>> view.widget.spec["datasets"]["points"], view.widget.spec["title"]["text"]
([{'x': 2}, {'x': 3}], 'two')
>>> view.chart.to_dict()["datasets"]["points"]  # .chart is the chart shown, as altair
[{'x': 2}, {'x': 3}]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .vegalite import to_altair


def configure_rendering() -> None:
    """Show charts with no internet: altair's ``jupyter`` renderer in offline mode.

    Cheap and idempotent; every chart builder and :class:`ChartView` calls it, so a chart a
    student displays never reaches for a CDN. The vega bundle itself (~0.9 MB, from
    vl-convert) is built when the first chart widget is made.
    """
    if alt.renderers.active != "jupyter" or not _rendering["offline"]:
        alt.renderers.enable("jupyter", offline=True)
        _rendering["offline"] = True


_rendering = {"offline": False}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame``'s rows as the JSON records altair would inline: NaN and NA → null, times →
    ISO text, numpy scalars → Python ones (column by column: fast for a chart's rows).

    >>> records(pd.DataFrame({"h": [1.5, float("nan")], "n": [2, 3], "k": ["a", None]}))
    [{'h': 1.5, 'n': 2, 'k': 'a'}, {'h': None, 'n': 3, 'k': None}]
    """
    columns = []
    for _, col in frame.items():
        kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else ""
        if kind == "f":
            values = col.to_numpy().tolist()
            columns.append([None if v != v else v for v in values])  # NaN → null
        elif kind in "iub" and kind:
            columns.append(col.to_numpy().tolist())
        elif kind == "M" or isinstance(col.dtype, pd.DatetimeTZDtype):
            columns.append([None if pd.isna(t) else t.isoformat() for t in col])
        else:
            values = col.astype(object).where(col.notna(), None).tolist()
            columns.append([v.item() if isinstance(v, np.generic) else v for v in values])
    names = [str(c) for c in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


@dataclass(frozen=True)
class ChartParts:
    """What changes between two draws of one chart, and the ``shape`` of everything else.

    ``shape``: a hashable description of the chart's structure (marks, scales' domains of
    categories, language, width…) — two parts with equal shapes must build charts that
    differ only in ``datasets`` (name → JSON records), ``params`` (name → value of a
    top-level variable param) and ``title`` (the ``alt.TitleParams`` arguments).
    """

    shape: Hashable
    datasets: dict[str, list[dict[str, Any]]]
    params: dict[str, Any] = field(default_factory=dict)
    title: dict[str, Any] = field(default_factory=dict)


#: Chart shapes a view keeps the spec of (a stepper's six phases have a few shapes).
KEPT_SHAPES = 8


#: What a view shows: an altair chart, or a top-level Vega-Lite spec as a plain dict.
Chart = alt.TopLevelMixin | dict


class ChartView:
    """One offline chart widget, reused: :meth:`show` swaps the chart in place.

    Each offline chart widget carries ~0.9 MB of JavaScript, so a view that redraws (on a
    click, on a language switch) keeps one ChartView and calls ``show`` (or ``draw``) — it
    never makes a new widget. ``.widget`` is the ``alt.JupyterChart`` (``.widget.spec`` the
    Vega-Lite spec drawn; ``.widget.chart`` the last altair chart it serialised, None once
    a plain spec was shown); ``.chart`` the chart shown, as an altair chart; ``.shape`` the
    shape of the :class:`ChartParts` it was drawn from (None after a plain ``show``).
    ``style`` (optional) restyles each chart — altair chart or spec — for display only,
    e.g. larger fonts in the classroom app; ``.chart`` stays the chart as given.

    >>> view = ChartView(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
    >>> widget = view.widget
    >>> view.show(alt.Chart(pd.DataFrame({"x": [2]})).mark_bar().encode(x="x"))
    >>> view.widget is widget, view.chart.to_dict()["mark"]["type"]
    (True, 'bar')
    >>> view.show({"mark": {"type": "tick"}, "data": {"values": [{"x": 3}]},
    ...            "encoding": {"x": {"field": "x", "type": "quantitative"}}})
    >>> view.widget.spec["mark"]["type"], view.widget.chart is None
    ('tick', True)
    """

    def __init__(self, chart: Chart | None = None, *,
                 style: Callable[[Any], Any] | None = None) -> None:
        configure_rendering()
        alt.JupyterChart.enable_offline()
        self._style = style
        self.shape: Hashable | None = None
        self._chart: Chart = chart if chart is not None else _empty()
        self._parts: ChartParts | None = None  # the parts swapped in after _chart was drawn
        self._altair: alt.TopLevelMixin | None = None  # .chart of a spec, once asked for
        self._shapes: dict[Hashable, tuple[Chart, dict]] = {}  # see draw
        styled = self._styled(self._chart)
        self.widget = alt.JupyterChart(None if isinstance(styled, dict) else styled)
        if isinstance(styled, dict):
            self.widget.spec = styled
        self.widget.add_class("wb-chart")

    @property
    def style(self) -> Callable[[Any], Any] | None:
        """The display restyling of every chart (None: none); setting it forgets the kept
        specs (call :meth:`redraw` to restyle the chart shown now)."""
        return self._style

    @style.setter
    def style(self, style: Callable[[Any], Any] | None) -> None:
        self._style, self._shapes = style, {}

    @property
    def chart(self) -> alt.TopLevelMixin:
        """The chart shown now, as an altair chart (after an in-place :meth:`update`, the
        drawn chart with the new datasets, params and title; a spec is made an altair chart
        — validated against the Vega-Lite schema — when first asked for)."""
        self._settle()
        if not isinstance(self._chart, dict):
            return self._chart
        if self._altair is None:
            self._altair = to_altair(self._chart)
        return self._altair

    def show(self, chart: Chart, *, shape: Hashable | None = None) -> None:
        """Display ``chart`` in the same widget: an altair chart is validated and serialised
        by altair; a Vega-Lite spec (a dict) is drawn as it is.

        ``shape``: the :attr:`ChartParts.shape` ``chart`` was built from, so that a later
        :meth:`draw` of parts of that shape only swaps the data.
        """
        self._chart, self._parts, self._altair, self.shape = chart, None, None, shape
        styled = self._styled(chart)
        if isinstance(styled, dict):
            self._send(styled)
        else:
            self.widget.chart = styled
        if shape is not None:  # kept, so that draw() returns to this shape as it is
            self._shapes.pop(shape, None)
            while len(self._shapes) >= KEPT_SHAPES:
                self._shapes.pop(next(iter(self._shapes)))
            self._shapes[shape] = (chart, self.widget.spec)

    def redraw(self) -> None:
        """Show the chart shown now again, with the current :attr:`style`."""
        self._settle()
        self.show(self._chart, shape=self.shape)

    def _settle(self) -> None:
        """Fold the parts :meth:`update` swapped into the spec into the chart kept."""
        if self._parts is not None:
            self._chart, self._parts = _with_parts(self._chart, self._parts), None
            self._altair = None

    def update(self, parts: ChartParts) -> None:
        """Replace the shown chart's named datasets, its params' values and its title by
        ``parts``' — in place, in the widget's spec, without building an altair chart.

        The chart shown must have been built from parts of the same shape (``draw`` checks
        it); a dataset or param the spec does not have is an error (KeyError), not ignored.
        """
        spec = dict(self.widget.spec or {})
        datasets = dict(spec.get("datasets") or {})
        missing = set(parts.datasets) - set(datasets)
        params = [dict(p) for p in spec.get("params") or []]
        missing |= set(parts.params) - {p.get("name") for p in params}
        if missing:
            raise KeyError(f"the chart shown has no dataset or param {sorted(missing)}")
        datasets.update(parts.datasets)
        for p in params:
            if p["name"] in parts.params:
                p["value"] = parts.params[p["name"]]
        spec["datasets"] = datasets
        if params:
            spec["params"] = params
        if parts.title:
            spec["title"] = {**(spec.get("title") or {}), **plain_title(parts.title)}
        self._parts = (parts if self._parts is None else ChartParts(
            parts.shape, {**self._parts.datasets, **parts.datasets},
            {**self._parts.params, **parts.params}, parts.title or self._parts.title))
        self._altair = None
        self.widget.spec = spec  # the public, synced trait: the browser re-renders from it

    def draw(self, parts: ChartParts, build: Callable[[ChartParts], Chart]) -> bool:
        """Show the chart ``build(parts)`` makes — a Vega-Lite spec (a dict, drawn as it is)
        or an altair chart (validated and serialised) — built once per shape (the last
        :data:`KEPT_SHAPES` shapes are kept); otherwise the kept spec of that shape with
        ``parts``' data, params and title (:meth:`update`). True when nothing was built.
        The kept specs are styled: setting ``style`` forgets them.
        """
        # a shape drawn before: its kept spec, and the new data below
        if self.shape != parts.shape and not self.recall(parts.shape):
            self.show(build(parts), shape=parts.shape)
            return False
        self.update(parts)
        return True

    def recall(self, shape: Hashable) -> bool:
        """Show again the chart last shown with ``shape`` (``show(chart, shape=...)``) from
        its kept spec — nothing rebuilt; False (nothing changed) when that shape is not
        kept. ``shape`` then names one chart, e.g. a board's view of one set of cases."""
        kept = self._shapes.get(shape)
        if kept is None:
            return False
        self._chart, self._parts, self._altair, self.shape = kept[0], None, None, shape
        if isinstance(kept[0], dict):
            self._send(kept[1])
        else:
            self.widget.spec = kept[1]
        return True

    def _send(self, spec: dict) -> None:
        """Put a spec in the widget as it is; an altair chart shown before goes (with it,
        the params and selections the widget listened to), in the same message."""
        with self.widget.hold_sync():
            if self.widget.chart is not None:
                self.widget.chart = None
            self.widget.spec = spec

    def _styled(self, chart: Chart) -> Chart:
        return self._style(chart) if self._style is not None else chart

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def plain_title(title: dict[str, Any]) -> dict[str, Any]:
    """A chart title without its unset (None) entries, as Vega-Lite wants it.

    >>> plain_title({"text": "Reactions", "subtitle": None})
    {'text': 'Reactions'}
    """
    return {k: v for k, v in title.items() if v is not None}


def _with_parts(chart: Chart, parts: ChartParts) -> Chart:
    """``chart`` (built from parts of the same shape) with ``parts``' data, params, title."""
    if isinstance(chart, dict):
        out = dict(chart)
        if parts.datasets:
            out["datasets"] = {**(chart.get("datasets") or {}), **parts.datasets}
        if parts.params and chart.get("params"):
            out["params"] = [{**p, "value": parts.params[p["name"]]}
                             if p.get("name") in parts.params else p for p in chart["params"]]
        if parts.title:
            out["title"] = {**(chart.get("title") or {}), **plain_title(parts.title)}
        return out
    out = chart.copy(deep=False)
    if parts.datasets:
        old = chart.datasets if chart.datasets is not alt.Undefined else {}
        out.datasets = {**dict(old), **parts.datasets}
    if parts.params and chart.params is not alt.Undefined:
        out.params = [p.copy(deep=True) for p in chart.params]
        for p in out.params:
            if p.name in parts.params:
                p.value = parts.params[p.name]
    if parts.title:
        out.title = alt.TitleParams(**plain_title(parts.title))
    return out


def _empty() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": []})).mark_point()
