"""What a page address asks of the classroom app (:class:`~workbench.widgets.app.App`).

``?case=…&lang=zh|en&student=…&reveal=always&team=A组&role=legal&session=…`` (Voila
passes it as ``$QUERY_STRING``): Chinese unless the address asks for English; a case id
or a language in the wrong letter case is fixed; a mistyped case or role opens the closest
one (else the default) — never silently: :meth:`Link.notes` says what was replaced, in
the app's language.

>>> link = read_link("case=KFC-UK-2018&lang=EN&team=A组&role=legall")
>>> link.case, link.lang, link.role, link.team
('kfc-uk-2018', 'en', 'legal', 'A组')
>>> import workbench as wb; wb.set_language("en")
>>> for note in link.notes("kfc-uk-2018"): print(note[:40])
The role “legall” in the link does not e
The link's language “EN” was read in low
The link names the case “KFC-UK-2018”: o
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from ..core.library import Library, library
from ..foundation import i18n, vocab
from ..foundation.problems import closest
from .stepper import REVEAL_MODES


@dataclass(frozen=True)
class Link:
    """A page address read: what the app opens with (``case`` already folded to a known
    id when only its letter case was off; ``role`` the closest brand-side role)."""

    asked: dict[str, str]
    ids: list[str] = field(repr=False)
    lang: str = "zh"
    case: str | None = None
    role: str | None = None

    @property
    def team(self) -> str | None:
        return self.asked.get("team")

    @property
    def student(self) -> str | None:
        return self.asked.get("student")

    @property
    def session(self) -> str | None:
        return self.asked.get("session")

    @property
    def reveal(self) -> str | None:
        """``always`` for projecting in class (a known reveal mode, else None)."""
        return self.asked["reveal"] if self.asked.get("reveal") in REVEAL_MODES else None

    def notes(self, opened: str | None) -> list[str]:
        """What the app replaced of the address, in the current language (``opened``: the
        id of the case the app opened)."""
        role_note = asked_role(self.asked.get("role"), self.team)[1]
        notes = [role_note] if role_note else []
        lang_asked = self.asked.get("lang", "zh")
        if lang_asked != self.lang:
            notes.append(i18n.t("app_link_lang_fixed" if lang_asked.lower() == self.lang
                                else "app_link_lang_unknown", asked=lang_asked))
        case = self.asked.get("case")
        if case and case not in self.ids and opened is not None:
            folded = case.lower()
            if folded in self.ids:
                notes.append(i18n.t("app_link_case_fixed", asked=case, case=folded))
            else:
                close = closest(folded, self.ids)
                if close:
                    notes.append(i18n.t("app_link_case_unknown", asked=case, case=opened,
                                        closest=close))
                else:
                    notes.append(i18n.t("app_link_case_none", asked=case, case=opened))
        return notes


def read_link(query: str, root: str | Path | Library | None = None) -> Link:
    """The :class:`Link` of a query string (``root``: where the app's cases are)."""
    asked = {k: v[-1].strip() for k, v in parse_qs(query).items() if v and v[-1].strip()}
    lang_asked = asked.get("lang", "zh")
    lang = lang_asked.lower() if lang_asked.lower() in i18n.LANGUAGES else "zh"
    case = asked.get("case")
    ids = [str(c) for c in library(root).catalog()["id"]] if case else []
    folded = case.lower() if case else None
    return Link(asked, ids, lang=lang, case=folded if folded in ids else case,
                role=asked_role(asked.get("role"), asked.get("team"))[0])


def asked_role(asked: str | None, team: str | None) -> tuple[str | None, str]:
    """The role a link asks for (with a team) and a note when it was mistyped: the
    closest brand-side role, else None (the stepper opens)."""
    if not asked or not team:
        return None, ""
    roles = list(vocab.BRAND_ACTORS)
    if asked in roles:
        return asked, ""
    role = closest(asked, roles)
    if role:
        return role, i18n.t("tr_app_role_unknown", asked=asked, role=role,
                            roles=", ".join(roles))
    return None, i18n.t("tr_app_role_none", asked=asked, roles=", ".join(roles))
