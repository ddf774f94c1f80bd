"""Inferring taxonomy goal areas from free Finnish and English text."""

from __future__ import annotations

import numpy as np
import pytest

from mentorpair.testing import HashEncoder
from mentorpair.text.infer import area_evidence, infer_goal_areas, infer_many
from mentorpair.text.taxonomy import GOAL_AREAS

KEYS = {a.key for a in GOAL_AREAS}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Haluan oppia johtamaan entisiä kollegoitani.", "leadership"),          # inflected: johtamaan
        ("Minusta tuli juuri lähiesihenkilö.", "supervisory_work"),              # compound: lähi+esihenkilö
        ("Toimin kirjastopedagogina.", "pedagogy"),                              # stem inside a compound
        ("Tutkimushankkeen aikataulu venyy.", "project_management"),
        ("I want to get better at public speaking.", "communication"),
        ("I was just made a line manager for the first time.", "supervisory_work"),  # several-word stem
        ("Miten pääsen mukaan alan verkostoihin?", "networking"),
        ("Työn ja perheen yhteensovittaminen on vaikeaa.", "work_life_balance"),
        ("Haen ensimmäistä työpaikkaani ja päivitän ansioluetteloa.", "job_search"),
    ],
)
def test_keywords_find_the_area(text: str, first: str) -> None:
    areas = infer_goal_areas(text)
    assert areas and areas[0] == first
    assert set(areas) <= KEYS


def test_more_evidence_ranks_first_then_first_mention() -> None:
    text = "Verkostoituminen kiinnostaa. Haluan johtaa, kehittää johtamistani ja johtajuuttani."
    assert infer_goal_areas(text)[:2] == ("leadership", "networking")
    assert infer_goal_areas("Projektit ja viestintä.")[:2] == ("project_management", "communication")


def test_evidence_names_the_words_of_the_text() -> None:
    text = "Haluan kehittää esiintymistaitojani ja julkaista tutkimusartikkeleita."
    for evidence in area_evidence(text):
        assert evidence.key in KEYS
        assert all(word in text.casefold() for word in evidence.words)


def test_short_stems_do_not_match_inside_words() -> None:
    # "ura" (career) must not fire on "urakka" (a contract), nor "digi" inside an unrelated compound.
    assert "career_planning" not in infer_goal_areas("Urakka valmistui ajallaan.")
    assert "new_technology" not in infer_goal_areas("Pidän hyvää huolta kotimaisista lajeista.")


def test_nothing_to_infer() -> None:
    assert infer_goal_areas("") == ()
    assert infer_goal_areas("Asun Oulussa ja minulla on kaksi koiraa.") == ()


def test_max_areas_and_errors() -> None:
    text = "Johtaminen, viestintä, verkostot, projektit ja kansainvälisyys."
    assert len(infer_goal_areas(text)) == 3
    assert len(infer_goal_areas(text, max_areas=1)) == 1
    with pytest.raises(ValueError):
        infer_goal_areas(text, max_areas=0)
    with pytest.raises(TypeError):
        infer_goal_areas(None)  # type: ignore[arg-type]


def test_an_encoder_adds_areas_by_meaning() -> None:
    class Toward:
        """Puts every text on the pedagogy description's direction, so meaning alone points there."""

        id = "toward-pedagogy"

        def encode(self, texts: list[str]) -> np.ndarray:
            out = np.zeros((len(texts), 3), np.float32)
            for i, t in enumerate(texts):
                out[i] = [1.0, 0.0, 0.0] if t.startswith(("Pedagogiikka", "Pedagogy")) or "oppilaita" in t else [0, 1, 0]
            return out

    text = "Miten saan oppilaita innostumaan?"
    assert infer_goal_areas(text) == ()
    assert infer_goal_areas(text, encoder=Toward()) == ("pedagogy",)
    assert infer_many([text, ""], encoder=Toward()) == [("pedagogy",), ()]


def test_keywords_decide_when_meaning_is_undecided() -> None:
    class Flat:
        id = "flat"

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), 2), np.float32) / np.sqrt(2)

    assert infer_goal_areas("Haluan oppia johtamaan.", encoder=Flat()) == ("leadership",)
    assert infer_goal_areas("Asun Oulussa.", encoder=Flat()) == ()
    assert len(infer_goal_areas("Haluan oppia johtamaan.", encoder=HashEncoder())) <= 3


@pytest.mark.model
def test_real_encoder_infers_paraphrased_areas() -> None:
    from mentorpair.text.e5 import E5Encoder

    e5 = E5Encoder()
    assert infer_goal_areas("Ääneni vapisee, kun puhun isolle yleisölle.", encoder=e5)[0] == "communication"
    # no keyword of the taxonomy in it: only the meaning finds the area
    assert infer_goal_areas("Olen aivan uupunut, enkä pysty irrottautumaan töistä iltaisin.") == ()
    assert infer_goal_areas("Olen aivan uupunut, enkä pysty irrottautumaan töistä iltaisin.", encoder=e5) == (
        "work_life_balance",)
    assert infer_goal_areas("I live in Oulu.", encoder=e5) == ()
