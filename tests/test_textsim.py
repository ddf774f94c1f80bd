"""Phrase-level goal-text similarity: the formula, its bookkeeping, and the phrases it quotes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorpair.testing import HashEncoder
from mentorpair.text import similarity as textsim
from mentorpair.text.ngrams import CharNgramEncoder
from mentorpair.text.phrases import split_phrases
from mentorpair.text.similarity import (
    GOAL_WEIGHT,
    PhraseIndex,
    pair_text_similarity,
    phrase_similarity,
    text_similarity_matrix,
)

GOALS = [
    "Haluan oppia johtamaan entisiä kollegoitani. Lisäksi esiintyminen jännittää.",
    "I want to build a network abroad.",
    "",
    "Projektien aikataulutus; budjetin hallinta",
]
OFFERS = [
    "Tiimin johtaminen, vaikeat kehityskeskustelut. Valmennan esiintymisessä.",
    "I have worked abroad for ten years.\n- networking\n- international careers",
    "Projektipäällikkö",
    "",
]


class Counting(HashEncoder):
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts)


def brute_force(encoder: HashEncoder, goal: str, offer: str, w: float = GOAL_WEIGHT) -> float:
    """The documented formula, written out for one pair."""
    g, o = split_phrases(goal), split_phrases(offer)
    if not g or not o:
        return 0.0
    c = encoder.encode(list(g)).astype(np.float64) @ encoder.encode(list(o)).astype(np.float64).T
    return w * c.max(axis=1).mean() + (1 - w) * c.max(axis=0).mean()


def all_pairs() -> tuple[list[str], list[str]]:
    return [g for g in GOALS for _ in OFFERS], [o for _ in GOALS for o in OFFERS]


@pytest.mark.parametrize("w", [0.0, 0.5, GOAL_WEIGHT, 1.0])
def test_similarity_is_the_best_match_average(w: float) -> None:
    goals, offers = all_pairs()
    result = pair_text_similarity(HashEncoder(), goals, offers, goal_weight=w)
    expected = [brute_force(HashEncoder(), g, o, w) for g, o in zip(goals, offers)]
    np.testing.assert_allclose(result.similarity, expected, atol=1e-6)
    assert result.similarity.dtype == np.float32 and len(result) == len(goals)
    assert np.array_equal(result.similarity, np.round(result.similarity.astype(np.float64), 6).astype(np.float32))


def test_single_phrases_give_their_cosine() -> None:
    enc = CharNgramEncoder()
    a, b = enc.encode(["johtaminen ja viestintä", "johtajana toimiminen"])
    assert phrase_similarity(enc, "johtaminen ja viestintä", "johtajana toimiminen") == pytest.approx(float(a @ b), abs=1e-6)


def test_empty_text_gives_zero_and_no_best_match() -> None:
    goals, offers = all_pairs()
    result = pair_text_similarity(HashEncoder(), goals, offers)
    for i, (g, o) in enumerate(zip(goals, offers)):
        if not g.strip() or not o.strip():
            assert result.similarity[i] == 0.0 and result.best_match(i) is None and result.best_matches(i) == []


def test_best_match_quotes_the_two_participants_own_texts() -> None:
    goals, offers = all_pairs()
    result = pair_text_similarity(CharNgramEncoder(), goals, offers)
    for i, (g, o) in enumerate(zip(goals, offers)):
        match = result.best_match(i)
        if match is None:
            continue
        goal_phrase, offer_phrase, cosine = match
        assert goal_phrase in g and offer_phrase in o
        assert goal_phrase in result.goal_phrases(i) and offer_phrase in result.offer_phrases(i)
        assert cosine == max(m[2] for m in result.best_matches(i))
    assert [m[:2] for m in result.best_matches(0)] == [
        ("Haluan oppia johtamaan entisiä kollegoitani", "Tiimin johtaminen, vaikeat kehityskeskustelut"),
        ("Lisäksi esiintyminen jännittää", "Valmennan esiintymisessä"),
    ]


def test_a_mentor_answering_every_goal_beats_one_answering_a_few() -> None:
    enc = CharNgramEncoder()
    goal = "Haluan oppia johtamaan. Esiintyminen jännittää. Verkostoituminen kiinnostaa."
    broad = "Johtaminen on vahvuuteni. Esiintymisvalmentaja. Verkostojen rakentaja."
    narrow = "Johtaminen on vahvuuteni."
    assert phrase_similarity(enc, goal, broad) > phrase_similarity(enc, goal, narrow)


def test_each_distinct_phrase_is_encoded_once_in_one_sorted_call() -> None:
    enc = Counting()
    goals, offers = all_pairs()
    pair_text_similarity(enc, goals * 3, offers * 3)
    assert len(enc.calls) == 1
    call = enc.calls[0]
    assert call == sorted(set(call))
    assert set(call) == {p for t in GOALS + OFFERS for p in split_phrases(t)}


def test_result_does_not_depend_on_pair_order_or_blocking(monkeypatch: pytest.MonkeyPatch) -> None:
    goals, offers = all_pairs()
    base = pair_text_similarity(HashEncoder(), goals, offers).similarity
    order = np.random.default_rng(1).permutation(len(goals))
    shuffled = pair_text_similarity(HashEncoder(), [goals[i] for i in order], [offers[i] for i in order]).similarity
    np.testing.assert_array_equal(shuffled, base[order])
    monkeypatch.setattr(textsim, "_BLOCK_CELLS", 1)  # one goal text per block
    np.testing.assert_array_equal(pair_text_similarity(HashEncoder(), goals, offers).similarity, base)


def test_matrix_form_agrees_with_pair_form() -> None:
    goals, offers = all_pairs()
    pairs = pair_text_similarity(HashEncoder(), goals, offers).similarity.reshape(len(GOALS), len(OFFERS))
    np.testing.assert_array_equal(text_similarity_matrix(HashEncoder(), GOALS, OFFERS), pairs)


def test_phrase_index_is_reusable_and_strict() -> None:
    enc = Counting()
    index = PhraseIndex(enc, GOALS + OFFERS)
    first = index.similarity(GOALS[:2], OFFERS[:2])
    again = index.similarity(GOALS[:2], OFFERS[:2])
    np.testing.assert_array_equal(first, again)
    assert len(enc.calls) == 1 and len(index) == len(enc.calls[0])
    assert GOALS[0] in index and "never indexed" not in index
    with pytest.raises(KeyError, match="not in this PhraseIndex"):
        index.similarity(["never indexed"], [OFFERS[0]])
    assert index.similarity([], []).shape == (0,)


def test_argument_errors() -> None:
    with pytest.raises(ValueError, match="pair up one to one"):
        pair_text_similarity(HashEncoder(), ["a"], [])
    with pytest.raises(ValueError, match="goal_weight"):
        pair_text_similarity(HashEncoder(), ["a"], ["b"], goal_weight=1.5)
    with pytest.raises(ValueError, match="goal_weight"):
        text_similarity_matrix(HashEncoder(), ["a"], ["b"], goal_weight=-0.1)


def test_a_bad_encoder_is_named() -> None:
    class Short:
        id = "short"

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return np.ones((1, 3), np.float32)

    with pytest.raises(ValueError, match="'short' returned shape"):
        pair_text_similarity(Short(), ["a b", "c"], ["d", "e"])


SENTENCES = st.sampled_from(["Haluan oppia johtamaan.", "I coach public speaking.", "Projektit; budjetit",
                             "- verkostot\n- kansainvälisyys", "", "   ", "🙂", "Esim. viestintä ja vaikuttaminen."])


@given(st.lists(st.tuples(st.lists(SENTENCES, max_size=3).map(" ".join),
                          st.lists(SENTENCES, max_size=3).map(" ".join)), min_size=1, max_size=6))
def test_similarity_is_bounded_and_quotes_its_own_texts(pairs: list[tuple[str, str]]) -> None:
    goals, offers = [g for g, _ in pairs], [o for _, o in pairs]
    result = pair_text_similarity(HashEncoder(), goals, offers)
    assert np.all(np.abs(result.similarity) <= 1.0 + 1e-6)
    for i, (g, o) in enumerate(pairs):
        match = result.best_match(i)
        assert (match is None) == (not g.strip() or not o.strip())
        if match is not None:
            assert match[0] in g and match[1] in o and -1.0 - 1e-6 <= match[2] <= 1.0 + 1e-6
