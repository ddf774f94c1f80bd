"""Splitting goal and offer texts into phrases, in Finnish and English."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorpair.text.phrases import phrase_spans, split_phrases


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        # Finnish sentences, abbreviations that do not end a sentence, dates, initials
        ("Haluan oppia johtamaan entisiä kollegoitani. Lisäksi kaipaan tukea esiintymiseen.",
         ("Haluan oppia johtamaan entisiä kollegoitani", "Lisäksi kaipaan tukea esiintymiseen")),
        ("Esim. johtaminen ja viestintä kiinnostavat. Mm. projektit.",
         ("Esim. johtaminen ja viestintä kiinnostavat", "Mm. projektit")),
        ("Aloitin 1.3.2024 uudessa tehtävässä. Toivon tukea.", ("Aloitin 1.3.2024 uudessa tehtävässä", "Toivon tukea")),
        ("Mentorini oli T. Virtanen. Hän auttoi paljon!", ("Mentorini oli T. Virtanen", "Hän auttoi paljon!")),
        ("Miten johdan? En tiedä vielä.", ("Miten johdan?", "En tiedä vielä")),
        ("Valmistuin vuonna 2015. Nyt haluan vaihtaa alaa.", ("Valmistuin vuonna 2015", "Nyt haluan vaihtaa alaa")),
        # English, with abbreviations
        ("I met Dr. Smith, e.g. at conferences. Then I changed jobs.",
         ("I met Dr. Smith, e.g. at conferences", "Then I changed jobs")),
        # bullets, numbered lists and line breaks separate goals
        ("- tiimin johtaminen, vaikeat kehityskeskustelut\n- projektien aikataulutus",
         ("tiimin johtaminen, vaikeat kehityskeskustelut", "projektien aikataulutus")),
        ("1. Lead a team\n2) Present with confidence\n\n• build a network • publish papers",
         ("Lead a team", "Present with confidence", "build a network", "publish papers")),
        ("Verkostoituminen\nKansainvälisyys", ("Verkostoituminen", "Kansainvälisyys")),
        # semicolons
        ("Olen johtanut osastoa; tiedän, miten muutos viedään läpi.",
         ("Olen johtanut osastoa", "tiedän, miten muutos viedään läpi")),
        # no words: the text is still one phrase; nothing at all: no phrases
        ("🙂🚀", ("🙂🚀",)),
        ("   \n ", ()),
        ("", ()),
    ],
)
def test_split_phrases(text: str, phrases: tuple[str, ...]) -> None:
    assert split_phrases(text) == phrases


def test_list_items_split_only_when_each_keeps_enough_words() -> None:
    text = "Haluan kehittää esiintymistaitojani, oppia projektinhallintaa ja verkostoitua alan ihmisten kanssa."
    assert split_phrases(text) == (text[:-1],), "lists are off by default"
    assert split_phrases(text, lists=True, min_words=2) == (
        "Haluan kehittää esiintymistaitojani", "oppia projektinhallintaa", "verkostoitua alan ihmisten kanssa")
    # a two-word side is too short at the default of three words: it stays with its neighbour
    assert split_phrases(text, lists=True) == (
        "Haluan kehittää esiintymistaitojani", "oppia projektinhallintaa ja verkostoitua alan ihmisten kanssa")
    for whole in ("työn ja perheen yhteensovittaminen", "children's and youth library work"):
        assert split_phrases(whole, lists=True) == (whole,)


def test_max_phrases_joins_even_runs_of_neighbours_rather_than_the_whole_rest() -> None:
    text = " ".join(f"Lause numero {i}." for i in range(100, 140))  # 40 sentences
    phrases = split_phrases(text, max_phrases=5)
    # Eight sentences a phrase, in order: no last phrase holding everything after the fourth.
    assert len(phrases) == 5
    assert phrases[0] == ". ".join(f"Lause numero {i}" for i in range(100, 108))
    assert phrases[4].startswith("Lause numero 132.") and phrases[4].endswith("Lause numero 139")
    uneven = split_phrases(" ".join(f"Lause numero {i}." for i in range(100, 111)), max_phrases=4)  # 11 into 4
    assert [p.count("Lause") for p in uneven] == [3, 3, 3, 2]
    with pytest.raises(ValueError):
        split_phrases("x", max_phrases=0)


def test_a_long_text_keeps_every_phrase_short() -> None:
    # The measured case: a sign-up of 11,700 characters once left one phrase of all of it past the 31st.
    sentence = "Haluan kehittyä esihenkilönä ja oppia johtamaan monikulttuurista tiimiä paremmin."
    text = " ".join([sentence] * 145)
    assert len(text) > 11_700
    phrases = split_phrases(text)
    assert len(phrases) == 32
    assert max(len(p) for p in phrases) <= 5 * (len(sentence) + 1)  # 145 sentences in runs of 4 or 5
    assert "".join(phrases).replace(" ", "").replace(".", "") == text.replace(" ", "").replace(".", "")


@given(st.integers(1, 90), st.integers(1, 40))
def test_capped_phrases_are_even_runs_of_every_sentence_in_order(sentences: int, cap: int) -> None:
    text = " ".join(f"Lause {i + 100}." for i in range(sentences))  # 3-digit: a number, not a list item
    phrases = split_phrases(text, max_phrases=cap)
    counts = [p.count("Lause") for p in phrases]
    assert len(phrases) == min(sentences, cap)
    assert sum(counts) == sentences and max(counts) - min(counts) <= 1
    assert " ".join(p + "." for p in phrases) == text  # every sentence, in order, nothing lost


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        split_phrases(None)  # type: ignore[arg-type]


WORDS = st.sampled_from(["Haluan", "oppia", "johtamaan", "ja", "and", "esim.", "Dr.", "1.", "I", "lead", "teams",
                         "työtä", "🙂", "sekä", "mm.", "A.", "12.3.2024", "?", "!", "…", ";", ",", "-", "•", "\n",
                         "  ", "\t", "Ääni", "(a)", "x"])


@given(st.lists(WORDS, max_size=40).map(" ".join), st.booleans())
def test_phrases_are_verbatim_ordered_slices(text: str, lists: bool) -> None:
    spans = phrase_spans(text, lists=lists)
    for start, end in spans:
        phrase = text[start:end]
        assert phrase and phrase == phrase.strip()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "phrases do not overlap and keep their order"
    assert (not spans) == (not text.strip())
    assert split_phrases(text, lists=lists) == tuple(text[a:b] for a, b in spans)
