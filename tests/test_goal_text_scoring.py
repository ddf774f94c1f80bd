"""Goal text as the library scores it: phrase by phrase, quoted in explanations, areas inferred when empty."""

from __future__ import annotations

import re

import numpy as np
import pytest

import mentorpair as mp
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.model.vocab import Role
from mentorpair.scoring.parts import goal_text_part
from mentorpair.scoring.table import build_score_table
from mentorpair.synthetic.demo import demo_cohort
from mentorpair.text.calibration import TextScale, text_scale
from mentorpair.text.reference import reference_corpus

P = Participant

QUOTE_EN = re.compile(r"(\S+)'s goal '([^']*)' meets (\S+)'s offer '([^']*)' \(similarity (-?\d\.\d\d)\)")
# In Finnish the id follows its role noun in the genitive, uninflected (no "A1:n"), and decimals take a comma.
QUOTE_FI = re.compile(r"(?:aktorin|mentorin|vertaisen) (\S+) tavoite '([^']*)' vastaa (?:aktorin|mentorin|vertaisen) "
                      r"(\S+) osaamista '([^']*)' \(samankaltaisuus (-?\d,\d\d)\)")


def test_the_goal_text_part_reads_the_similarity_on_the_encoders_scale(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    scale = text_scale(fake_encoder)
    # The scale's points are the reference corpus's pair similarities, computed here independently.
    texts = list(reference_corpus().texts)
    sims = mp.goal_text_similarity(texts, texts, encoder=fake_encoder).astype(np.float64)
    pairs = sims[~np.eye(len(texts), dtype=bool)]
    assert (scale.low, scale.high) == pytest.approx(tuple(np.quantile(pairs, [0.5, 0.99])), abs=1e-6)
    assert scale.low < scale.high
    s = np.array([-1.0, -0.4, scale.low, (scale.low + scale.high) / 2, scale.high, 1.0])
    part = goal_text_part(s, scale)
    # Every order kept (never flat, also far below the median pair), in [0, 1], and the three reference points.
    assert np.all(np.diff(part) > 0) and part.min() > 0 and part.max() < 1
    assert part[2:5].tolist() == pytest.approx([1 / (1 + np.exp(3)), 0.5, 1 / (1 + np.exp(-3))])
    # An empty goal or offer text is neutral whatever its similarity says.
    assert goal_text_part(s, scale, np.array([True] * 6)).tolist() == [0.5] * 6
    # An encoder whose reference pairs all score alike has no scale: the plain (1 + s) / 2 then.
    flat = TextScale(0.2, 0.2)
    assert flat.part(np.array([-1.0, 0.0, 1.0])).tolist() == [0.0, 0.5, 1.0]


def test_the_scale_spreads_the_part_over_its_weight(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    # On the demo cohort the goal-text part used to move between about 0.45 and 0.75 for every pair:
    # read on the scale it spans most of [0, 1], so its weight counts as the weight table says.
    table = build_score_table(demo_cohort(), Programme(), fake_encoder)
    part = table.raw["goal_text"][table.feasible]
    assert part.max() - part.min() > 0.8


def test_a_mentor_who_answers_the_goals_beats_one_who_shares_words_with_a_side_remark(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    # The mentee has two goals; M1 answers both. M2's offer is one long sentence that repeats
    # words from both goals among unrelated ones: a single vector per text would blur that.
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="Python programming. Public speaking."),
        P("M2", Role.MENTOR, offers="Gardening, roses, tomatoes, python snakes at the zoo, speaking parrots and bees."),
        P("A", Role.MENTEE, goals="Python programming. Public speaking."),
    ))
    table = build_score_table(cohort, Programme(), fake_encoder)
    m1, m2 = table.index_of("M1", "A"), table.index_of("M2", "A")
    assert m1 is not None and m2 is not None
    assert table.similarity[m1] == pytest.approx(1.0)
    assert table.similarity[m2] < table.similarity[m1]
    assert table.raw["goal_text"][m1] > 0.99 > table.raw["goal_text"][m2]


@pytest.mark.parametrize("language, pattern", [("en", QUOTE_EN), ("fi", QUOTE_FI)])
def test_explanations_quote_phrases_from_the_two_participants_own_texts(fake_encoder, language, pattern) -> None:  # type: ignore[no-untyped-def]
    cohort = demo_cohort()
    matching = mp.match(cohort, Programme(forms={"traditional", "reverse", "group", "peer"},
                                               max_mentees_per_mentor=None), encoder=fake_encoder)
    paired = set(zip(matching.pairs.mentor_id, matching.pairs.mentee_id))
    paired |= {(b, a) for a, b in paired}
    quoted = 0
    for person in sorted({p for pair in paired for p in pair}):
        for wants, goal, offers, offer, _ in pattern.findall(matching.explain(person, language=language)):
            assert (wants, offers) in paired
            # Quotes may be shortened with an ellipsis; what is shown is verbatim.
            assert goal.rstrip("…") in " ".join(cohort[wants].goals.split())
            assert offer.rstrip("…") in " ".join(cohort[offers].offers.split())
            quoted += 1
    assert quoted >= len(matching.pairs)


def test_peer_explanations_quote_both_directions(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("X", Role.PEER, goals="Learn public speaking.", offers="Python programming."),
        P("Y", Role.PEER, goals="Learn Python programming.", offers="Public speaking."),
    ))
    text = mp.match(cohort, Programme(forms={"peer"}), encoder=fake_encoder).explain("X")
    found = {(w, o) for w, _, o, _, _ in QUOTE_EN.findall(text)}
    assert found == {("X", "Y"), ("Y", "X")}


@pytest.mark.model
def test_empty_goal_areas_are_inferred_and_said_to_be(real_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="Autan uusia esihenkilöitä kehityskeskusteluissa ja tiimin johtamisessa."),
        P("M2", Role.MENTOR, offers="Opetan kuorolaulua.", goal_areas=("pedagogy",)),
        P("A", Role.MENTEE, goals="Haluan kehittyä lähiesihenkilönä ja oppia pitämään kehityskeskusteluja."),
    ))
    table = build_score_table(cohort, Programme(), real_encoder)
    assert table.inferred_areas == {"M1", "A"}  # M2 named an area: never replaced
    assert "supervisory_work" in table.participants[2].goal_areas
    assert cohort["A"].goal_areas == ()  # the caller's cohort is untouched
    arc = table.index_of("M1", "A")
    assert arc is not None and table.raw["goal_areas"][arc] > 0
    matching = mp.match(cohort, Programme(), encoder=real_encoder)
    assert ("M1", "A") in set(zip(matching.pairs.mentor_id, matching.pairs.mentee_id))
    assert "areas inferred from the text" in matching.explain("A")
    assert "alueet päätelty tekstistä" in matching.explain("A", language="fi")
    assert "Supervisory work" in matching.explain("A")  # the label, not the key


def test_named_areas_are_not_marked_inferred(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="Leading teams.", goal_areas=("leadership",)),
        P("A", Role.MENTEE, goals="Lead my team.", goal_areas=("leadership",)),
    ))
    matching = mp.match(cohort, Programme(), encoder=fake_encoder)
    assert "inferred" not in matching.explain("A")


@pytest.mark.model
def test_a_text_without_any_area_gets_none(real_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M1", Role.MENTOR, offers="Asun Oulussa."), P("A", Role.MENTEE, goals="")))
    table = build_score_table(cohort, Programme(), real_encoder)
    assert table.inferred_areas == frozenset()


def test_a_goal_of_a_dash_is_no_goal_its_part_neutral_and_said_so(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    # Forms make people type something: "-" or "?" says nothing, and must not cost the pair as a poor text would.
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="Python programming. Public speaking."),
        P("A", Role.MENTEE, goals="-"),
        P("B", Role.MENTEE, goals="?"),
        P("C", Role.MENTEE, goals=""),
    ))
    table = build_score_table(cohort, Programme(), fake_encoder)
    parts = [table.raw["goal_text"][table.index_of("M1", who)] for who in ("A", "B", "C")]
    assert parts == [0.5, 0.5, 0.5]
    matching = mp.match(cohort, Programme(), encoder=fake_encoder)
    paired = matching.pairs.mentee_id.iloc[0]
    assert f"{paired} wrote no goals" in matching.explain(paired)
    assert "You wrote no goals." in matching.explain(paired, audience="participant")
