"""``Cohort.without``: a drop-out leaves a cohort that still builds, and every wish or
exclusion dropped with them is said in ``notes``."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import cohorts

import mentorpair as mp
from mentorpair import Cohort, Participant, Role, ValidationError
from mentorpair.testing import HashEncoder


def _cohort() -> Cohort:
    return Cohort((
        Participant("M1", role=Role.MENTOR),
        Participant("Äijä", role=Role.MENTOR),
        Participant("A1", role=Role.MENTEE, wishes=("M1", "Äijä")),
        Participant("A2", role=Role.MENTEE, wishes=("M1",), exclusions=("Äijä",)),
        Participant("A3", role=Role.MENTEE, wishes=("M1",)),
    ), notes=("read as UTF-8",))


def test_removing_someone_others_wished_for_is_refused_by_the_cohort_itself() -> None:
    """Why ``without`` exists: the cohort minus a row does not build."""
    people = [p for p in _cohort() if p.id != "M1"]
    with pytest.raises(ValidationError, match="names unknown participant 'M1'"):
        Cohort(tuple(people))


def test_without_drops_the_person_and_their_name_from_every_wish_with_a_note() -> None:
    cohort = _cohort()
    smaller = cohort.without(["M1"])
    assert smaller.ids == ("Äijä", "A1", "A2", "A3")
    assert smaller["A1"].wishes == ("Äijä",)
    assert smaller["A2"].wishes == () and smaller["A2"].exclusions == ("Äijä",)
    assert smaller["A3"].wishes == ()
    assert smaller.notes == (
        "read as UTF-8",
        "removed 'M1'; their name was dropped from the wishes of 3 participants: A1, A2, A3",
    )
    assert cohort.ids == ("M1", "Äijä", "A1", "A2", "A3")  # the cohort itself is unchanged


def test_without_says_wishes_and_exclusions_apart_and_keeps_the_rest_of_each_person() -> None:
    smaller = _cohort().without("Äijä")
    assert smaller.notes[-1] == ("removed 'Äijä'; their name was dropped from the wishes of 1 participant: A1; "
                                 "their name was dropped from the exclusions of 1 participant: A2")
    assert smaller["A2"].exclusions == () and smaller["A2"].wishes == ("M1",)
    assert smaller["M1"] == _cohort()["M1"]


def test_without_someone_nobody_named() -> None:
    smaller = _cohort().without(["A3"])
    assert smaller.notes[-1] == "removed 'A3'; nobody named them"
    assert [p.wishes for p in smaller] == [p.wishes for p in _cohort() if p.id != "A3"]


def test_ids_match_ignoring_case_and_composition() -> None:
    decomposed = unicodedata.normalize("NFD", "äijä")
    assert decomposed != "äijä"
    smaller = _cohort().without([decomposed, "m1", "M1"])
    assert smaller.ids == ("A1", "A2", "A3")
    assert len(smaller.notes) == 3  # the one already there, and one per person removed (M1 once)


def test_unknown_ids_are_all_refused_at_once_with_a_hint() -> None:
    with pytest.raises(ValidationError) as info:
        _cohort().without(["M2", "A1", "nobody"])
    problems = info.value.problems
    assert [p.participant for p in problems] == ["M2", "nobody"]
    assert "did you mean 'M1'?" in problems[0].message
    assert info.value.what == "participants to remove"


def test_the_smaller_cohort_matches(fake_encoder: HashEncoder) -> None:
    matching = mp.match(_cohort().without(["M1"]), encoder=fake_encoder)
    assert matching.status is mp.Status.OPTIMAL
    assert "M1" not in set(matching.pairs["mentor_id"]) | set(matching.unmatched["participant_id"])


@given(cohorts(min_size=1), st.data())
def test_without_any_subset_builds_and_names_nobody_removed(cohort: Cohort, data: st.DataObject) -> None:
    gone = data.draw(st.lists(st.sampled_from(cohort.ids), unique=True))
    smaller = cohort.without(gone)
    assert smaller.ids == tuple(i for i in cohort.ids if i not in gone)
    for p in smaller:
        before = cohort[p.id]
        assert p.wishes == tuple(w for w in before.wishes if w not in gone)
        assert p.exclusions == tuple(e for e in before.exclusions if e not in gone)
        assert (p.goals, p.role, p.organisation, p.capacity) == (before.goals, before.role, before.organisation,
                                                                 before.capacity)
    assert len(smaller.notes) == len(cohort.notes) + len(gone)
    for pid, note in zip(gone, smaller.notes[len(cohort.notes):]):
        naming = sum(pid in q.wishes for q in cohort if q.id not in gone)
        assert note.startswith(f"removed {pid!r}")
        assert (f"wishes of {naming} participant" in note) == (naming > 0)
