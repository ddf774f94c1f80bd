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

P = Participant

QUOTE_EN = re.compile(r"(\S+)'s goal '([^']*)' meets (\S+)'s offer '([^']*)' \(similarity (-?\d\.\d\d)\)")
# In Finnish the id follows its role noun in the genitive, uninflected (no "A1:n"), and decimals take a comma.
QUOTE_FI = re.compile(r"(?:aktorin|mentorin|vertaisen) (\S+) tavoite '([^']*)' vastaa (?:aktorin|mentorin|vertaisen) "
                      r"(\S+) osaamista '([^']*)' \(samankaltaisuus (-?\d,\d\d)\)")


def test_goal_text_part_keeps_the_order_below_zero() -> None:
    s = np.array([-1.0, -0.4, -0.1, 0.0, 0.3, 1.0])
    part = goal_text_part(s)
    assert part.tolist() == pytest.approx([0.0, 0.3, 0.45, 0.5, 0.65, 1.0])
    assert np.all(np.diff(part) > 0)


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
    assert table.raw["goal_text"][m1] == pytest.approx(1.0)


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
