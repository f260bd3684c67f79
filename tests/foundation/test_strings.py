"""One string catalog: every key the code asks for exists in both languages, every key in
the catalog is used, and a Chinese term is translated one way throughout."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from workbench.foundation.strings import STRINGS

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"
CATALOG = PACKAGE / "foundation" / "strings.py"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))
            if p != CATALOG]


def _is_t(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "t" and bool(call.args)


def _lookups() -> tuple[set[str], list[re.Pattern]]:
    """Literal keys passed to ``t(…)`` and the patterns of keys built with f-strings."""
    literal, patterns = set(), []
    for _, tree in _modules():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _is_t(node)):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+"
                         for v in arg.values]
                patterns.append(re.compile("^" + "".join(parts) + "$"))
            elif (isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant)
                  and isinstance(arg.left.value, str)):  # "prefix_" + name
                patterns.append(re.compile("^" + re.escape(arg.left.value) + ".+$"))
    return literal, patterns


def _all_literals() -> set[str]:
    return {node.value for _, tree in _modules() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_every_key_the_code_asks_for_exists_in_both_languages():
    literal, _ = _lookups()
    missing = sorted(literal - set(STRINGS))
    assert not missing, f"keys used with t() but not in strings.py: {missing}"
    empty = sorted(k for k, (zh, en) in STRINGS.items() if not zh.strip() or not en.strip())
    assert not empty, f"keys without a Chinese or an English text: {empty}"


def test_every_catalog_key_is_used():
    _, patterns = _lookups()
    literals = _all_literals()
    unused = sorted(k for k in STRINGS
                    if k not in literals and not any(p.match(k) for p in patterns))
    assert not unused, f"keys in strings.py that no code uses: {unused}"


def test_a_chinese_term_has_one_english_translation():
    english = defaultdict(set)
    for zh, en in STRINGS.values():
        english[zh].add(en.lower())
    drifted = {zh: sorted(ens) for zh, ens in english.items() if len(ens) > 1}
    assert not drifted, f"one Chinese term, several English translations: {drifted}"


def test_no_module_registers_strings_of_its_own():
    calls = [p.name for p, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "register"
             and getattr(node.value, "id", "") == "i18n"]
    assert not calls, f"strings belong in foundation/strings.py, not in {calls}"


#: Chinese texts whose half-width punctuation beside a hanzi is code or a location:
#: ``path:1: signals:``, ``before:`` (a YAML key), ``wb.list_cases()``.
CODE_BESIDE_HANZI = {"sig_build_failed", "vm_before_no_decision_expected", "vm_no_case_expected"}


def test_chinese_sentences_use_full_width_punctuation():
    """， ： ； （ ） in Chinese text: a half-width , : ; ( ) touching a hanzi, or a
    ``label: 汉字``, is a sentence written with English punctuation (issue #20)."""
    hanzi = r"[\u3400-\u9fff]"
    mixed = re.compile(rf"{hanzi} *[,;:()]|[,;()] *{hanzi}|[A-Za-z_]: +{hanzi}")
    found = sorted(k for k, (zh, _) in STRINGS.items()
                   if mixed.search(zh) and k not in CODE_BESIDE_HANZI)
    assert not found, "half-width punctuation in Chinese text: " + ", ".join(
        f"{k}: {STRINGS[k][0]!r}" for k in found)
