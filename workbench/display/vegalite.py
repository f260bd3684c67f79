"""Vega-Lite specs written as plain dicts: the few helpers the chart builders share.

The charts a click redraws (the reaction chart of each phase, the board's four charts) are
written as Vega-Lite dicts rather than built with altair: altair builds, validates and
serialises a layered chart in hundreds of milliseconds, a dict takes a millisecond. Each
chart still has one builder; :func:`to_altair` turns its spec into the altair chart that
``wb.reaction_chart`` and friends return (validated there: in notebooks and tests, not on a
click). :func:`top_level` adds what altair's ``to_dict`` adds: ``$schema`` and the active
altair theme's config, so a spec written here is the one altair would have written.

>>> field("mentions:Q", title="Mentions")
{'field': 'mentions', 'type': 'quantitative', 'title': 'Mentions'}
>>> spec = top_level({"mark": {"type": "point"}, "data": {"values": [{"x": 1}]},
...                   "encoding": {"x": field("x:Q")}, "config": {"font": "serif"}})
>>> spec["config"]["font"], "view" in spec["config"], type(to_altair(spec)).__name__
('serif', True, 'Chart')
"""

from __future__ import annotations

from typing import Any

import altair as alt

TYPES = {"N": "nominal", "Q": "quantitative", "O": "ordinal", "T": "temporal"}


def field(shorthand: str, **more: Any) -> dict[str, Any]:
    """An encoding of a data field: ``"name:Q"`` → ``{"field": "name", "type": ...}``, then
    ``more`` (title, scale, axis, legend, sort, format…) as given (None → null)."""
    name, _, kind = shorthand.partition(":")
    return {"field": name, **({"type": TYPES[kind]} if kind else {}), **more}


def tooltip(*fields: tuple[str, str] | tuple[str, str, str]) -> list[dict[str, Any]]:
    """Tooltip entries from ``(shorthand, title)`` or ``(shorthand, title, format)``."""
    return [field(f[0], title=f[1], **({"format": f[2]} if len(f) > 2 else {}))
            for f in fields]


def layer(data: str | list[dict[str, Any]] | None, mark: dict[str, Any],
          **encoding: Any) -> dict[str, Any]:
    """One layer: ``data`` a named dataset (or inline rows, or None: the parent's), a mark
    (``{"type": "line", ...}``) and its encoding channels (``x=field(...)``)."""
    out: dict[str, Any] = {}
    if isinstance(data, str):
        out["data"] = {"name": data}
    elif data is not None:
        out["data"] = {"values": data}
    return {**out, "mark": mark, "encoding": encoding}


def top_level(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` as altair's ``to_dict`` would finish it: the active altair theme's config
    under the spec's own, and the Vega-Lite ``$schema``."""
    theme = alt.theme.get()
    out = _merged(theme() if theme is not None else {}, spec)
    out.setdefault("$schema", alt.SCHEMA_URL)
    return out


def to_altair(spec: dict[str, Any], *, validate: bool = True) -> alt.TopLevelMixin:
    """The altair chart of a top-level Vega-Lite ``spec`` (validated against the schema
    unless ``validate=False``); ``to_altair(spec).to_dict()`` gives ``spec`` back."""
    kinds = (("vconcat", alt.VConcatChart), ("hconcat", alt.HConcatChart),
             ("concat", alt.ConcatChart), ("layer", alt.LayerChart),
             ("facet", alt.FacetChart), ("repeat", alt.RepeatChart))
    cls = next((c for key, c in kinds if key in spec), alt.Chart)
    return cls.from_dict(spec, validate=validate)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out
