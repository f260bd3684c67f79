"""How the classroom app looks on a laptop and on a projector: its stylesheet and the
larger chart text it draws every chart with (:func:`projector_style`)."""

from __future__ import annotations

from typing import Any

import altair as alt

#: Chart text sizes in the app: vega's defaults (10–13 px) are small on a projector.
CHART_FONTS: dict[str, dict[str, int]] = {
    **{k: {"labelFontSize": 12, "titleFontSize": 13} for k in ("axis", "legend", "header")},
    "title": {"fontSize": 16, "subtitleFontSize": 13}}


#: The app's stylesheet: larger text, wrapping bars, tab titles, error and note boxes.
CSS = """<style>
.wb-app { max-width: 1320px; margin: 0 auto; --jp-widgets-font-size: 15px;
  --jp-widgets-inline-height: 32px; }
@media (min-width: 1700px) { .wb-app { zoom: 1.25; } }  /* big screens and projectors */
.wb-app .widget-html-content { line-height: 1.5; }  /* ipywidgets' default is 28px */
.wb-app .wb-app-bar { flex-wrap: wrap; gap: 8px 20px; align-items: center; }
.wb-app .wb-app-bar .widget-label { font-weight: 600; }
.wb-app .wb-catalog-filter { flex-wrap: wrap; align-items: center; }  /* the count never cut */
.wb-app .wb-case-card th { white-space: nowrap; vertical-align: top; }
.wb-app .wb-app-brief { overflow-wrap: anywhere; } .wb-app .wb-app-brief a { color: #1d4ed8; text-decoration: underline; }
.wb-app .wb-app-tabs > .lm-TabBar .lm-TabBar-tab { font-size: 16px; min-width: 150px;
  max-width: none; flex: 0 0 auto; color: #1f2937; }  /* a title is never cut */
.wb-app .wb-app-tabs > .lm-TabBar .lm-TabBar-tab.lm-mod-current { font-weight: 600; }
.wb-app .wb-stepper { max-width: 100% !important; }
.wb-app .wb-app-error { color: #b91c1c; border-left: 3px solid; padding: 4px 8px; }
.wb-app .wb-app-note { color: #92400e; border-left: 3px solid; padding: 4px 8px; }
</style>"""


def projector_style(chart: Any) -> Any:
    """``chart`` (an altair chart or a Vega-Lite spec, a dict) with the larger text sizes
    of :data:`CHART_FONTS`, its other settings kept.

    >>> import altair as alt
    >>> chart = alt.Chart().mark_point().configure_legend(orient="right")
    >>> projector_style(chart).to_dict()["config"]["legend"]
    {'labelFontSize': 12, 'orient': 'right', 'titleFontSize': 13}
    >>> projector_style({"mark": "point", "config": {"legend": {"orient": "right"}}})["config"]["legend"]
    {'orient': 'right', 'labelFontSize': 12, 'titleFontSize': 13}
    """
    if isinstance(chart, dict):
        config = dict(chart.get("config") or {})
        for key, sizes in CHART_FONTS.items():
            config[key] = {**config.get(key, {}), **sizes}
        return {**chart, "config": config}
    config = chart.config.to_dict() if chart.config is not alt.Undefined else {}
    for key, sizes in CHART_FONTS.items():
        chart = getattr(chart, f"configure_{key}")(**{**config.get(key, {}), **sizes})
    return chart
