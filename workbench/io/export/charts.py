"""The charts of an export: the stepper's reaction chart drawn offline by vl-convert.

A chart comes back as a :class:`Chart` holding the SVG markup or the PNG bytes themselves,
so each renderer embeds or writes them as it needs (nothing is parsed back out of HTML).
Every SVG is checked to hold no script, no foreign object and no external reference.

>>> import workbench as wb
>>> from workbench.core import progress
>>> view = progress.view(wb.load_case("demo-lumen-2024"), "plan")
>>> chart = draw(view, lang="en")
>>> chart.format, chart.svg.startswith("<svg"), chart.error
('svg', True, '')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from ...foundation import i18n

#: Chart fonts in the export: vl-convert measures text with the first one installed
#: (Debian: fonts-noto-cjk); the reader's browser draws with the first one it has.
EXPORT_FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
               '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')
CHART_FORMATS = ("svg", "png")
_UNSAFE_TAGS = frozenset({"script", "foreignobject", "iframe", "image", "use", "a", "style"})
_cache: dict[tuple, Chart] = {}


@dataclass(frozen=True)
class Chart:
    """One drawn chart: ``svg`` markup or ``png`` bytes (by ``format``), or an ``error``."""

    format: str
    svg: str = ""
    png: bytes = b""
    error: str = ""

    @property
    def data(self) -> bytes:
        """The file content: the SVG as UTF-8, or the PNG bytes."""
        return self.svg.encode("utf-8") if self.format == "svg" else self.png


def draw(view: Any, *, lang: str = "en", chart_format: str = "svg") -> Chart:
    """The reaction chart of a phase view (``progress.view(...)``), drawn offline.

    Cached per case version, phase, held-back moves, language and format. A chart that
    cannot be drawn comes back with ``error`` set: a chart never stops a hand-in.
    """
    from ...core.library import folder_stamp

    key = (view.id, str(view.folder), folder_stamp(view.folder), view.phase, view.hidden,
           lang, chart_format)
    if key not in _cache:
        try:
            _cache[key] = _draw(view, lang, chart_format)
        except Exception as err:  # any failure becomes a line in the hand-in
            return Chart(chart_format, error=str(err) or type(err).__name__)
        if len(_cache) > 64:
            _cache.pop(next(iter(_cache)))
    return _cache[key]


def _draw(view: Any, lang: str, chart_format: str) -> Chart:
    from ...display.charts import reaction_chart_of, reaction_parts

    return render(reaction_chart_of(reaction_parts(view, lang=lang)), chart_format=chart_format)


def render(chart: Any, *, chart_format: str = "svg") -> Chart:
    """Any altair chart or Vega-Lite spec (a dict) drawn offline by vl-convert, in the
    export font (SVG checked)."""
    import vl_convert as vlc

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec = {**spec, "config": {**(spec.get("config") or {}), "font": EXPORT_FONT}}
    if chart_format == "png":
        return Chart("png", png=vlc.vegalite_to_png(spec, scale=1.5))
    svg = vlc.vegalite_to_svg(spec)
    svg = svg[svg.index("<svg"):]
    check_svg(svg)
    return Chart("svg", svg=svg)


def unique_ids(svg: str, prefix: str) -> str:
    """``svg`` with its element ids (and the references to them) prefixed, so that several
    charts can share one page.

    >>> unique_ids('<g id="a"><use href="#a"/><rect fill="url(#a)"/></g>', "wb1-")
    '<g id="wb1-a"><use href="#wb1-a"/><rect fill="url(#wb1-a)"/></g>'
    """
    return re.sub(r'(id="|url\(#|href="#)([^"()]+)', lambda m: f"{m[1]}{prefix}{m[2]}", svg)


def check_svg(svg: str) -> None:
    """Refuse (ValueError) an SVG with a script, an event handler, a foreign object, a
    style sheet or a reference to anything outside itself; text content is not code.

    >>> check_svg('<svg xmlns="http://www.w3.org/2000/svg"><text aria-label="x onerror=y">'
    ...           '&lt;script&gt;</text></svg>')
    >>> check_svg('<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>')
    Traceback (most recent call last):
    ValueError: the chart SVG has an event handler (onload); not embedded
    """
    for element in ElementTree.fromstring(svg).iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in _UNSAFE_TAGS:
            raise ValueError(i18n.t("exp_svg_element", tag=tag))
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ValueError(i18n.t("exp_svg_handler", name=local))
            if local.startswith("aria-"):
                continue
            if (local == "href" and not value.startswith("#")) or re.search(
                    r"url\(\s*['\"]?(?!#)", value):
                raise ValueError(i18n.t("exp_svg_outside", name=local))
