"""The words of exported files: sheet names, column headers, kinds, roles and rules, in English and Finnish.

English files keep the column names of :attr:`Matching.pairs` and
:attr:`Matching.unmatched` as headers, so that code reading them finds the
names it knows; Finnish files are for people and say everything in Finnish.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ..model.programme import Weights
from ..model.vocab import FORMS, PART_LABELS
from .explain import Language
from .words.common import KIND_WORDS, ROLE_WORDS

__all__ = ["SHEETS", "header", "kind_label", "role_label", "rule_label", "rule_rows", "value_text", "yes_no"]

Sheet = Literal["pairs", "unmatched", "explanations", "announcement", "rules"]

SHEETS: dict[Language, dict[Sheet, str]] = {
    "en": {"pairs": "Pairs", "unmatched": "Unmatched", "explanations": "Explanations",
           "announcement": "Announcement", "rules": "Rules"},
    "fi": {"pairs": "Parit", "unmatched": "Ilman paria", "explanations": "Perustelut",
           "announcement": "Ilmoitus", "rules": "Säännöt"},
}

# Columns of every exported table, Finnish first where the files are for people. English
# headers are the column names themselves (see the module docstring).
_HEADERS_FI = {
    "group_id": "ryhmä",
    "kind": "muoto",
    "mentor_id": "mentorin tunniste",
    "mentee_id": "aktorin tunniste",
    "mentor_name": "mentorin nimi",
    "mentor_email": "mentorin sähköposti",
    "mentee_name": "aktorin nimi",
    "mentee_email": "aktorin sähköposti",
    "score": "pisteet",
    **{part: label for part, label in PART_LABELS["fi"].items()},
    "participant_id": "tunniste",
    "name": "nimi",
    "email": "sähköposti",
    "role": "rooli",
    "reason": "syy",
    "matched": "paritettu",
    "explanation": "perustelu",
    "message_to_mentor": "viesti mentorille",
    "message_to_mentee": "viesti aktorille",
    "rule": "sääntö",
    "value": "arvo",
    "setting": "asetus",
}

_KIND_FI = KIND_WORDS["fi"]
_ROLE_FI = ROLE_WORDS["fi"]

# Rule names in words. A rule not listed here (one added later) is shown by its setting name.
_RULES: dict[str, tuple[str, str]] = {
    "status": ("solver status", "ratkaisun tila"),
    "encoder": ("text encoder", "tekstimalli"),
    "same_organisation": ("same organisation", "sama organisaatio"),
    "max_mentees_per_mentor": ("most mentees per mentor", "aktoreita enintään mentoria kohden"),
    "wishes": ("wishes", "toiveet"),
    "weights": ("weight", "paino"),
    "objective": ("objective, in order", "tavoitteet järjestyksessä"),
    "time_limit": ("time limit (s)", "aikaraja (s)"),
    "work_limit": ("work limit (deterministic s)", "työraja (deterministiset s)"),
    "seed": ("random seed", "satunnaissiemen"),
    "num_workers": ("solver workers", "ratkaisijan säikeet"),
    "forms": ("forms of mentoring", "mentoroinnin muodot"),
    "group_size": ("mentees in a group (smallest, largest)", "aktoreita ryhmässä (vähintään, enintään)"),
    "group_cohesion_weight": ("weight of group cohesion", "ryhmän yhteensopivuuden paino"),
    "group_candidates": ("group candidates per mentor", "ryhmäehdokkaita mentoria kohden"),
    "dual_roles": ("dual roles", "kaksoisroolit"),
    "require_all": ("everyone must be matched", "kaikki on paritettava"),
    "fixed_pairs": ("fixed pairs", "kiinnitetyt parit"),
    "exclusions": ("excluded pairs", "poissuljetut parit"),
    "keep_pairs": ("announced pairs kept where possible", "mahdollisuuksien mukaan säilytettävät parit"),
    "history": ("pairs of earlier rounds", "aiempien kierrosten parit"),
    "repeat": ("a pair of an earlier round", "aiemman kierroksen pari"),
    "cooldown": ("rounds that count (latest)", "huomioitavat kierrokset (viimeisimmät)"),
    "memory_budget_mb": ("memory budget (MB)", "muistiraja (Mt)"),
    "balance": ("balance across the cohort (shares, group mixes, floors)", "tasapaino (osuudet, ryhmien sekoitus, alarajat)"),
    "candidates_per_person": ("candidates per person", "ehdokkaita henkilöä kohden"),
    "organisation_key": ("same organisation by", "saman organisaation tunnistus"),
    "meeting": ("meeting mode", "tapaamistapa"),
    "availability": ("availability of participants (time in common)", "osallistujien sopivat ajat (yhteinen aika)"),
}

# Rule values that are words; a value not listed is shown as written.
_VALUES_FI = {
    "allowed": "sallittu", "discouraged": "vältettävä", "forbidden": "kielletty",
    "bonus": "lisäpisteitä", "hard": "pakollinen", "hard-if-possible": "pakollinen jos mahdollista",
    "ignore": "ei huomioida", "soft": "vain pisteissä",
    "coverage": "kattavuus", "fairness": "heikoin pari", "total": "kokonaispisteet",
    "auto": "automaattinen", "exact": "täsmälleen sama", "prefix": "sama alku", "email_domain": "sähköpostin verkkotunnus",
    **_KIND_FI,
}


def header(column: str, language: Language) -> str:
    """A column's header in an exported file."""
    return _HEADERS_FI.get(column, column) if language == "fi" else column


def kind_label(kind: str, language: Language) -> str:
    return _KIND_FI.get(kind, kind) if language == "fi" else kind


def role_label(role: str, language: Language) -> str:
    return _ROLE_FI.get(role, role) if language == "fi" else role


def yes_no(value: bool, language: Language) -> str:
    if language == "fi":
        return "kyllä" if value else "ei"
    return "yes" if value else "no"


def rule_label(name: str, language: Language) -> str:
    """A rule (a :class:`~mentorpair.Programme` field) in words."""
    words = _RULES.get(name)
    return name if words is None else words[0 if language == "en" else 1]


def value_text(value: object, language: Language) -> str | int | float:
    """A rule's value as a person reads it: numbers stay numbers, everything else becomes short text.

    ``None`` and empty collections are ``"-"``; forms are listed in their
    canonical order; pairs of ids are joined with a dash.
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return yes_no(value, language)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return _VALUES_FI.get(value, value) if language == "fi" else value
    if callable(value):  # a coordinator's own function (organisation_key): its name, never its address
        name = getattr(value, "__qualname__", None) or type(value).__name__
        return f"{'function' if language == 'en' else 'funktio'} {name}"
    if isinstance(value, (set, frozenset)):
        # Forms in the order the documentation lists them; anything else sorted, so files are deterministic.
        order = {f: i for i, f in enumerate(FORMS)}
        value = sorted(value, key=lambda v: (order.get(v, len(order)), str(v)))
    if isinstance(value, Mapping):
        value = [f"{k} {_number(v)}" for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        if not value:
            return "-"
        return ", ".join("–".join(str(value_text(x, language)) for x in v) if isinstance(v, (list, tuple))
                         else str(value_text(v, language)) for v in value)
    return str(value)


def _number(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def rule_rows(name: str, value: object, language: Language) -> list[tuple[str, str | int | float, str]]:
    """The Rules sheet's rows for one rule: (rule in words, value, setting name).

    Weights get one row each, so that every weight is a number a spreadsheet can use.
    """
    if isinstance(value, Weights):
        parts = PART_LABELS[language]
        return [(f"{rule_label(name, language)}: {parts.get(part, part)}", weight, f"{name}.{part}")
                for part, weight in value.as_dict().items()]
    if name == "max_mentees_per_mentor" and value is None:
        # None is no limit of the programme's own, not no limit: each mentor takes what they stated.
        return [(rule_label(name, language), "as stated (each mentor's own capacity)" if language == "en" else
                 "ilmoitettu määrä (kunkin mentorin oma)", name)]
    return [(rule_label(name, language), value_text(value, language), name)]
