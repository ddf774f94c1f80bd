"""The bilingual goal-area taxonomy and its label mapping."""

from __future__ import annotations

import re

import pytest

from mentorpair.synthetic.banks import phrases
from mentorpair.text.taxonomy import (
    GOAL_AREAS,
    GoalArea,
    area_label,
    canonical_area,
    goal_area,
)

AREA_IDS = [area.key for area in GOAL_AREAS]


def _mentions(text: str, stems: tuple[str, ...]) -> bool:
    """Whether some stem starts a word (or phrase) of ``text``."""
    folded = text.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(stem), folded) for stem in stems)


def test_covers_the_source_programmes_topics() -> None:
    assert set(AREA_IDS) == {
        "leadership", "supervisory_work", "project_management", "communication", "influencing",
        "research_career", "career_planning", "job_search", "competence_recognition", "networking",
        "internationality", "work_life_balance", "customer_service", "pedagogy", "new_technology",
        "children_youth_library", "music_library", "working_life_culture", "professional_growth",
    }


def test_keys_and_labels_are_unique_and_well_formed() -> None:
    assert len(set(AREA_IDS)) == len(AREA_IDS)
    for attr in ("fi", "en"):
        labels = [getattr(area, attr).casefold() for area in GOAL_AREAS]
        assert len(set(labels)) == len(labels), attr
    for area in GOAL_AREAS:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", area.key)
        assert area.fi and area.en and area.fi == area.fi.strip()
        assert area.keywords_fi and area.keywords_en
        for stem in area.keywords_fi + area.keywords_en:
            assert stem == stem.casefold().strip() and stem, (area.key, stem)


def test_goal_area_is_frozen() -> None:
    area = GOAL_AREAS[0]
    assert isinstance(area, GoalArea)
    with pytest.raises(AttributeError):
        area.key = "other"  # type: ignore[misc]


@pytest.mark.parametrize("area", GOAL_AREAS, ids=AREA_IDS)
def test_canonical_area_maps_key_and_both_labels(area: GoalArea) -> None:
    for label in (area.key, area.fi, area.en):
        assert canonical_area(label) == area.key
        assert canonical_area(f"  {label.upper()}  ") == area.key
        assert canonical_area(label.replace(" ", "   ")) == area.key


@pytest.mark.parametrize("area", GOAL_AREAS, ids=AREA_IDS)
def test_area_label_round_trips(area: GoalArea) -> None:
    assert area_label(area.key) == area.en
    assert area_label(area.key, "en") == area.en
    assert area_label(area.key, "fi") == area.fi
    assert canonical_area(area_label(area.key, "fi")) == area.key


@pytest.mark.parametrize("area", GOAL_AREAS, ids=AREA_IDS)
def test_keywords_recognise_the_areas_own_labels(area: GoalArea) -> None:
    assert _mentions(area.fi, area.keywords_fi)
    assert _mentions(area.en, area.keywords_en)


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Esihenkilötyö", "supervisory_work"),
        ("esimiestyö", "supervisory_work"),  # the older Finnish term
        ("Supervisory Work", "supervisory_work"),
        ("project-management", "project_management"),
        ("PROJEKTIEN HALLINTA", "project_management"),
        ("Work–life balance", "work_life_balance"),  # en dash
        ("Työn ja perheen yhteensovittaminen", "work_life_balance"),
        ("Children’s and youth library work", "children_youth_library"),  # typographic apostrophe
        ("Lasten- ja nuortenkirjastotyö", "children_youth_library"),
        ("Kansainvälisyys", "internationality"),
        ("Verkostoituminen", "networking"),
        ("Influencing decision-makers", "influencing"),
        ("Tutkijana toimiminen", "research_career"),
    ],
)
def test_canonical_area_understands_variants(label: str, key: str) -> None:
    assert canonical_area(label) == key


def test_unknown_label_is_normalised_not_rejected() -> None:
    assert canonical_area("  Assistants'   Peer\tGroup ") == "assistants' peer group"
    assert canonical_area("Lääkehuolto") == "lääkehuolto"
    assert goal_area("Lääkehuolto") is None
    assert goal_area("Johtaminen") is GOAL_AREAS[AREA_IDS.index("leadership")]


def test_area_label_passes_unknown_keys_through_and_accepts_labels() -> None:
    assert area_label("assistants' peer group") == "assistants' peer group"
    assert area_label("Lääkehuolto", "fi") == "Lääkehuolto"
    assert area_label("Johtaminen", "en") == "Leadership"
    assert area_label("Leadership", "fi") == "Johtaminen"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="language"):
        area_label("leadership", "sv")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text"):
        canonical_area(None)  # type: ignore[arg-type]


def test_phrase_banks_mostly_use_the_areas_keywords() -> None:
    # The synthetic texts should be recognisable from the keywords most of the
    # time, yet keep some paraphrases that only text similarity can catch.
    total = recognised = 0
    for bank in (phrases().goals, phrases().offers):
        for area in GOAL_AREAS:
            for lang, stems in (("fi", area.keywords_fi), ("en", area.keywords_en)):
                for clause in bank[lang][area.key]:
                    total += 1
                    recognised += _mentions(clause, stems)
    assert 0.85 * total <= recognised < total
