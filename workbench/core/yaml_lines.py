"""YAML read with line numbers: a bounded safe load, each key's line, duplicate keys.

What case.yaml, questions.yaml and a simulator's parameters share before their schema is
checked (:mod:`workbench.core.schema`): a syntax error, a loop of aliases or a document
that expands too far becomes one :class:`~workbench.foundation.problems.Problem`.

>>> data, lines, problems = load_yaml("id: x-1\\nid: x-2\\n", "x/case.yaml")
>>> data, lines[("id",)], problems[0].line
({'id': 'x-2'}, 2, 2)
"""

from __future__ import annotations

from typing import Any

import yaml

from ..foundation import i18n
from ..foundation.limits import MAX_YAML_NODES
from ..foundation.problems import Problem


class _Loader(yaml.SafeLoader):
    """SafeLoader whose unreadable scalars (``2023-02-30T10:00``, hour 25, a 5000-digit
    number) stay text, so the schema reports them on their line instead of raising."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError):
            return node.value

    def construct_yaml_int(self, node):  # type: ignore[override]
        try:
            return yaml.SafeLoader.construct_yaml_int(self, node)
        except (ValueError, OverflowError):
            return node.value


_LOADERS: tuple[type, ...] = (_Loader,)
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """:class:`_Loader` on libyaml's parser (C, ~15× faster). It is tried first; on any
        error the text is read again by :class:`_Loader`, whose messages and lines the
        problems quote, so a bad file reads exactly as before."""

        construct_yaml_timestamp = _Loader.construct_yaml_timestamp
        construct_yaml_int = _Loader.construct_yaml_int

    _LOADERS = (_CLoader, _Loader)

for _cls in _LOADERS:
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _cls.construct_yaml_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _cls.construct_yaml_int)


class YAMLBound(ValueError):
    """A YAML document whose aliases loop or expand past :data:`MAX_YAML_NODES`."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line, self.what = line, what


def check_expansion(root: yaml.Node | None) -> None:
    """Count the nodes of ``root`` with every alias expanded, visiting each node once
    (memoised), and raise :class:`YAMLBound` on a loop or past :data:`MAX_YAML_NODES`."""
    if root is None:
        return
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode) else
                    list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_YAML_NODES:
                raise YAMLBound(node.start_mark.line + 1,
                                i18n.t("vm_yaml_expands", max=MAX_YAML_NODES))
            continue
        if key in size:
            continue
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise YAMLBound(child.start_mark.line + 1, i18n.t("vm_yaml_loop"))
            if id(child) not in size:
                stack.append((child, False))


#: Deeper than this, a document libyaml read is read again by PyYAML (whose recursion
#: limit decides what "nested too deeply" means, as it always did); cases nest < 10 deep.
_C_DEPTH = 100


def _deeper_than(root: yaml.Node | None, limit: int) -> bool:
    stack = [(root, 0)] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode) else node.value)
        stack.extend((child, depth + 1) for child in children)
    return False


def _c_reads_alike(text: str) -> bool:
    """False where libyaml and PyYAML are known to read a text differently: PyYAML refuses
    tabs libyaml reads and ``>#`` or ``|#`` it skips, takes a byte-order mark inside the
    text as text, and in a flow collection (``{…}``, ``[…]``) takes ``?`` as a key
    indicator even before a non-blank (found by comparing both on mutated case files)."""
    return not ("\t" in text or "\ufeff" in text or ">#" in text or "|#" in text
                or ("?" in text and ("{" in text or "[" in text)))


def _compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """A loader and its document's node tree, composed once: libyaml first, then PyYAML's
    own on any error or past :data:`_C_DEPTH` (see :class:`_CLoader`). The caller
    disposes of the loader."""
    if len(_LOADERS) > 1 and _c_reads_alike(text):
        loader = None
        try:
            loader = _LOADERS[0](text)
            root = loader.get_single_node()
            if not _deeper_than(root, _C_DEPTH):
                return loader, root
        except Exception:  # PyYAML reads it again below and says why
            pass
        if loader is not None:
            loader.dispose()
    loader = _Loader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def key_lines(text: str | yaml.Node | None) -> dict[tuple, int]:
    """Map each key path in a YAML document (``("sources", 0, "url")``) to its 1-based line.

    ``text`` is the document, or its composed root node.
    """
    lines: dict[tuple, int] = {}
    seen: set[int] = set()  # an aliased node is walked once (no alias expansion)

    def walk(node: yaml.Node, path: tuple) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = text
    if isinstance(text, str):
        loader, root = _compose(text)
        loader.dispose()
    if root is not None:
        walk(root, ())
    lines[()] = 1  # a key missing at the top is reported on line 1
    return lines


def duplicate_keys(root: yaml.Node | None, shown: str) -> list[Problem]:
    """YAML silently keeps the last of two equal keys; we say so instead."""
    problems: list[Problem] = []
    visited: set[int] = set()

    def walk(node: yaml.Node) -> None:
        if id(node) in visited:
            return
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value in seen:
                    problems.append(Problem(shown, line, str(key.value),
                                            i18n.t("vm_duplicate_key"),
                                            i18n.t("vm_duplicate_key_expected"),
                                            i18n.t("vm_first_on", line=seen[key.value])))
                seen.setdefault(key.value, line)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    if root is not None:
        walk(root)
    return problems


def load_yaml(text: str, shown: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """``yaml.safe_load`` with line numbers; a syntax error becomes one Problem.

    The document is composed once; its nodes give the data, the key lines and the
    duplicate keys.
    """
    try:
        loader, root = _compose(text)
        try:
            check_expansion(root)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
        lines = key_lines(root)
        problems = duplicate_keys(root, shown)
    except YAMLBound as exc:
        return None, {}, [Problem(shown, exc.line, "yaml", exc.what,
                                  i18n.t("vm_yaml_expands_expected", max=MAX_YAML_NODES),
                                  i18n.t("vm_yaml_expands_hint"))]
    except RecursionError:
        return None, {}, [Problem(shown, 1, "yaml", i18n.t("vm_yaml_deep"),
                                  i18n.t("vm_yaml_deep_expected"))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or i18n.t("vm_yaml_syntax_bare")
        return None, {}, [Problem(shown, line, "yaml", i18n.t("vm_yaml_syntax", why=what),
                                  i18n.t("vm_yaml_syntax_expected"), i18n.t("vm_yaml_syntax_hint"))]
    return data, lines, problems
