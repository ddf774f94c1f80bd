"""The lexical channel: the words a goal and an offer share (mentorpair.text.terms)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentorpair as mp
import mentorpair.text.similarity as similarity_module
from mentorpair.testing import HashEncoder
from mentorpair.text.similarity import PhraseIndex
from mentorpair.text.terms import TermIndex, text_terms
from mentorpair.validate import validate

GOALS = ["Haluan oppia paikkatietojärjestelmien käyttöä ja Pythonia.", "Haluan oppia johtamaan.",
         "I want to learn GIS and the R language.", ""]
OFFERS = ["Olen käyttänyt paikkatietoa ja Pythonilla tehtyjä analyyseja.", "Johdan tiimiä.",
          "I teach GIS courses.", "Opetan tietoturvaa."]


def test_words_are_stemmed_in_their_language_and_stop_words_dropped() -> None:
    stems = [s for s, _ in text_terms("Haluan oppia paikkatietojärjestelmien käyttöä ja GIS-analyysejä")]
    assert "ja" not in stems and "haluan" not in stems  # Finnish stop words
    assert stems[-2:] == ["gis", "analyys"]  # a hyphen splits a word; each part is stemmed
    assert [w for _, w in text_terms("Tietoturva, tekoäly 2025!")] == ["Tietoturva", "tekoäly"]  # no digits
    assert text_terms("") == [] and text_terms("ja ja ja") == []


@pytest.mark.parametrize(("goal", "offer", "same"), [
    ("paikkatiedon", "paikkatietoa", True),  # consonant gradation: the stems differ, their start agrees
    ("sytostaateista", "sytostaattien", True),
    ("kirjastopalveluja", "kirjastossa", True),  # a compound and its first part
    ("Pythonilla", "Pythonin", True),
    ("libraries", "library", True),
    ("biblioteken", "bibliotek", True),
    ("tietoturva", "tietojohtaminen", False),  # a shared start too short for the shorter word
    ("palkkaneuvottelut", "muutosneuvottelut", False),  # the same head, another compound
])
def test_two_inflected_words_meet_only_on_one_stem(goal: str, offer: str, same: bool) -> None:
    index = TermIndex([goal, offer])
    assert bool(index.matrix([goal], [offer], 0.75)[0, 0] == 1.0) is same
    assert bool(index.shared_words(goal, offer, rare=False)) is same


def test_the_lexical_similarity_is_the_rarity_weighted_share_of_words_named() -> None:
    index = TermIndex(GOALS + OFFERS)
    table = index.matrix(GOALS, OFFERS, 0.75)
    assert table.shape == (4, 4) and ((table >= 0) & (table <= 1)).all()
    assert table[0, 0] > 0.3 and table[0, 1] == 0 and table[2, 2] > 0 and table[3].sum() == 0
    # Goal side only: the share of the goal's words the offer names, by rarity (both of the goal's two
    # content words besides 'käyttöä' are named: paikkatieto-, python-).
    goal_side = index.matrix(GOALS, OFFERS, 1.0)
    assert 0 < goal_side[0, 0] < 1
    # Pairs of the same two texts, one at a time or in a table, agree.
    alone = TermIndex([GOALS[0], OFFERS[0]]).matrix([GOALS[0]], [OFFERS[0]], 0.75)[0, 0]
    assert alone == pytest.approx(table[0, 0])


def test_explanations_quote_only_rare_shared_words_rarest_first() -> None:
    index = PhraseIndex(HashEncoder(), GOALS + OFFERS)
    assert index.shared_words(GOALS[0], OFFERS[0]) == [("paikkatietojärjestelmien", "paikkatietoa"),
                                                       ("Pythonia", "Pythonilla")]
    assert index.shared_words(GOALS[2], OFFERS[2]) == [("GIS", "GIS")]  # "R" is one letter: not a word here
    assert index.shared_words(GOALS[1], OFFERS[1]) == []
    assert index.shared_words(GOALS[3], OFFERS[3]) == []
    # A common word meets by accident between texts on different topics: not quoted.
    common = TermIndex(["I want to learn to lead a team", "I lead a team of nurses"])
    assert common.shared_words("I want to learn to lead a team", "I lead a team of nurses") == []
    assert common.shared_words("I want to learn to lead a team", "I lead a team of nurses", rare=False)


def test_the_score_is_the_cosines_alone_by_default_and_the_words_add_when_weighted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = HashEncoder()
    plain = mp.goal_text_similarity(GOALS, OFFERS, encoder=encoder)
    assert similarity_module.LEXICAL_WEIGHT == 0.0
    monkeypatch.setattr(similarity_module, "LEXICAL_WEIGHT", 0.3)
    weighted = mp.goal_text_similarity(GOALS, OFFERS, encoder=encoder)
    lexical = TermIndex(GOALS + OFFERS).matrix(GOALS, OFFERS, similarity_module.GOAL_WEIGHT)
    np.testing.assert_allclose(weighted, np.clip(plain + 0.3 * lexical, -1, 1), atol=2e-6)


@given(st.lists(st.text(alphabet="aäeiklmnoprstuvy -,.", max_size=40), min_size=1, max_size=5))
def test_any_texts_give_values_in_range_and_the_same_on_every_build(texts: list[str]) -> None:
    first = TermIndex(texts).matrix(texts, texts, 0.75)
    assert ((first >= 0) & (first <= 1 + 1e-12)).all()
    np.testing.assert_array_equal(first, TermIndex(list(reversed(texts))).matrix(texts, texts, 0.75))
    for i, t in enumerate(texts):
        # A text names all its own words: its row against itself is 1 unless it has none.
        assert first[i, i] == pytest.approx(1.0 if text_terms(t) else 0.0)


def test_a_pairs_explanation_names_the_rare_words_both_texts_use() -> None:
    cohort = mp.Cohort((
        mp.Participant("M1", mp.Role.MENTOR, offers="Olen käyttänyt paikkatietoa ja Pythonilla tehtyjä analyyseja."),
        mp.Participant("A1", mp.Role.MENTEE, goals="Haluan oppia paikkatietojärjestelmien käyttöä ja Pythonia."),
        mp.Participant("M2", mp.Role.MENTOR, offers="Johdan tiimiä."),
        mp.Participant("A2", mp.Role.MENTEE, goals="Haluan oppia johtamaan."),
    ))
    # The total alone (no weakest-pair stage, which would pair each with the other's mentor here).
    rules = mp.Programme(objective=("coverage", "total"))
    matching = mp.match(cohort, rules, encoder=HashEncoder())
    assert ("words in common: 'paikkatietojärjestelmien' ~ 'paikkatietoa', 'Pythonia' ~ 'Pythonilla'; "
            in matching.explain("A1"))
    assert "yhteisiä sanoja: 'paikkatietojärjestelmien' ~ 'paikkatietoa'" in matching.explain("A1", language="fi")
    assert "words in common" not in matching.explain("A2")
    # The words are evidence in the text, not a part: the parts still add up to the score.
    assert validate(matching, cohort, rules) == []
