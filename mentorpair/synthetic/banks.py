"""The synthetic generator's phrase banks and places, read once from ``data/*.json``.

``data/phrases.json`` holds what invented participants write (goal and offer
clauses per language and goal area, openings, closings, connectives) and
``data/places.json`` the invented organisations and the towns. Each file's
``about`` object says what every bank is. The generator draws from the banks
by position, so their order is part of every synthetic cohort: reordering or
adding an entry changes the bundled demo cohort, which a test compares with a
fresh one.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["Phrases", "Places", "phrases", "places"]

Clauses = tuple[str, ...]


@dataclass(frozen=True)
class Phrases:
    """What invented participants write, by language code (``"fi"``, ``"en"``, ``"sv"``)."""

    goals: dict[str, dict[str, Clauses]]  # language -> goal area -> clauses
    offers: dict[str, dict[str, Clauses]]  # language -> goal area -> clauses
    goal_openings: dict[str, dict[str, Clauses]]  # language -> career stage -> sentences ("{y}": years)
    offer_openings: dict[str, dict[str, Clauses]]  # language -> "newcomer" | "experienced" -> sentences
    goal_closings: dict[str, Clauses]
    offer_closings: dict[str, Clauses]
    connectives: dict[str, Clauses]  # put before later topic sentences; "" means none
    area_list_intro: dict[str, Clauses]  # only languages with taxonomy labels


@dataclass(frozen=True)
class Places:
    """Invented organisations and the towns people live in."""

    organisation_stems: Clauses
    organisation_kinds: Clauses  # "{s}" is a stem
    towns: tuple[tuple[str, float], ...]  # (town, weight), weighted roughly by population


def _read(name: str) -> dict[str, Any]:
    doc = json.loads((resources.files("mentorpair.synthetic") / "data" / name).read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{name}: expected a JSON object")
    return doc


def _texts(value: object, where: str) -> Clauses:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a non-empty list of strings")
    return tuple(value)


def _by_key(value: object, where: str) -> dict[str, Clauses]:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{where}: expected a non-empty object")
    return {str(key): _texts(item, f"{where}.{key}") for key, item in value.items()}


def _nested(value: object, where: str) -> dict[str, dict[str, Clauses]]:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{where}: expected a non-empty object")
    return {str(key): _by_key(item, f"{where}.{key}") for key, item in value.items()}


@functools.cache
def phrases() -> Phrases:
    """The phrase banks of ``data/phrases.json``, in file order, read once per process."""
    doc = _read("phrases.json")
    return Phrases(
        goals=_nested(doc.get("goals"), "phrases.goals"),
        offers=_nested(doc.get("offers"), "phrases.offers"),
        goal_openings=_nested(doc.get("goal_openings"), "phrases.goal_openings"),
        offer_openings=_nested(doc.get("offer_openings"), "phrases.offer_openings"),
        goal_closings=_by_key(doc.get("goal_closings"), "phrases.goal_closings"),
        offer_closings=_by_key(doc.get("offer_closings"), "phrases.offer_closings"),
        connectives=_by_key(doc.get("connectives"), "phrases.connectives"),
        area_list_intro=_by_key(doc.get("area_list_intro"), "phrases.area_list_intro"),
    )


@functools.cache
def places() -> Places:
    """The organisations and towns of ``data/places.json``, in file order, read once per process."""
    doc = _read("places.json")
    towns = doc.get("towns")
    if not isinstance(towns, list) or not towns or not all(
        isinstance(t, list) and len(t) == 2 and isinstance(t[0], str)
        and isinstance(t[1], (int, float)) and not isinstance(t[1], bool) for t in towns
    ):
        raise ValueError("places.towns: expected a non-empty list of [town, weight] pairs")
    return Places(
        organisation_stems=_texts(doc.get("organisation_stems"), "places.organisation_stems"),
        organisation_kinds=_texts(doc.get("organisation_kinds"), "places.organisation_kinds"),
        towns=tuple((str(name), float(weight)) for name, weight in towns),
    )
