"""Stated capacities (issue 15): ``max_mentees_per_mentor=None`` takes each mentor's own capacity,
a number caps it, and neither separate pairs nor a group ever exceeds either limit."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from claims import check_claims
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases
from test_validate import only_problem, tampered

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair import Participant as P
from mentorpair.result.assemble import capacity_warnings
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()


def _mentee_counts(matching: mp.Matching) -> Counter[str]:
    return Counter(matching.pairs.loc[matching.pairs["kind"] != "peer", "mentor_id"])


def test_capacity_of_takes_the_smaller_limit_or_the_stated_one() -> None:
    stated, unstated = P("M1", Role.MENTOR, capacity=3), P("M2", Role.MENTOR)
    assert [Programme(max_mentees_per_mentor=None).capacity_of(p) for p in (stated, unstated)] == [3, 1]
    assert [Programme(max_mentees_per_mentor=2).capacity_of(p) for p in (stated, unstated)] == [2, 2]
    assert [Programme(max_mentees_per_mentor=5).capacity_of(p) for p in (stated, unstated)] == [3, 5]
    assert [Programme(max_mentees_per_mentor=2).capacity_cut(p) for p in (stated, unstated)] == [True, False]
    assert not Programme(max_mentees_per_mentor=None).capacity_cut(stated)
    assert not Programme(max_mentees_per_mentor=1).capacity_cut(P("A", Role.MENTEE, capacity=3))  # not a mentor


def test_the_largest_group_is_capped_by_the_programme_maximum_and_the_stated_capacity() -> None:
    groups = Programme(forms={"group"}, group_size=(2, 4), max_mentees_per_mentor=3)
    assert groups.group_limits_of(P("M", Role.MENTOR)) == (2, 3)
    assert groups.group_limits_of(P("M", Role.MENTOR, capacity=2)) == (2, 2)
    assert groups.group_limits_of(P("M", Role.MENTOR, capacity=1)) is None
    # As stated, one who stated no capacity takes 1 mentee, in a group too: below the smallest group.
    as_stated = replace(groups, max_mentees_per_mentor=None)
    assert as_stated.group_limits_of(P("M", Role.MENTOR)) is None
    assert as_stated.group_limits_of(P("M", Role.MENTOR, capacity=3)) == (2, 3)
    assert as_stated.group_limits_of(P("M", Role.MENTOR, capacity=9)) == (2, 4)
    with pytest.raises(mp.ValidationError, match="below the smallest group"):
        replace(groups, max_mentees_per_mentor=1)  # could cap every group away: refused when made


def test_as_stated_each_mentor_takes_their_own_capacity() -> None:
    cohort = Cohort((
        P("M1", Role.MENTOR, capacity=3), P("M2", Role.MENTOR),
        *(P(f"A{i}", Role.MENTEE) for i in range(1, 6)),
    ))
    rules = Programme(max_mentees_per_mentor=None)
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert _mentee_counts(matching) == {"M1": 3, "M2": 1}
    assert not any("capped" in w for w in matching.warnings)
    check_claims(matching, cohort, rules, ENCODER)
    # A programme maximum of 2 cuts M1's 3, and says so.
    capped = Programme(max_mentees_per_mentor=2)
    matching = mp.match(cohort, capped, encoder=ENCODER)
    assert _mentee_counts(matching) == {"M1": 2, "M2": 2}
    assert ("1 mentor offered more mentees than the programme's maximum of 2 and was capped at 2: M1 "
            "(max_mentees_per_mentor=None takes each mentor's stated capacity)") in matching.warnings


def test_max_two_never_forms_a_group_of_three() -> None:
    # Before: group_size=(2, 3) with max_mentees_per_mentor=2 gave M three mentees.
    cohort = Cohort((
        P("M", Role.MENTOR, offers="data"),
        *(P(f"A{i}", Role.MENTEE, goals="data") for i in range(1, 4)),
    ))
    rules = Programme(forms={"group"}, group_size=(2, 3), max_mentees_per_mentor=2)
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert _mentee_counts(matching) == {"M": 2}
    check_claims(matching, cohort, rules, ENCODER)
    # As stated, M (who stated no capacity) takes 1 mentee: too few for a group; stating 3, a group of 3.
    as_stated = mp.match(cohort, replace(rules, max_mentees_per_mentor=None), encoder=ENCODER)
    assert _mentee_counts(as_stated) == {}
    three = Cohort((replace(cohort["M"], capacity=3), *cohort.participants[1:]))
    assert _mentee_counts(mp.match(three, replace(rules, max_mentees_per_mentor=None), encoder=ENCODER)) == {"M": 3}
    # Their own capacity caps the group too.
    small = Cohort((replace(cohort["M"], capacity=2), *cohort.participants[1:]))
    assert _mentee_counts(mp.match(small, replace(rules, max_mentees_per_mentor=None), encoder=ENCODER)) == {"M": 2}


def test_validate_checks_both_limits_for_pairs_and_groups(solve) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, capacity=2), P("N", Role.MENTOR),
        *(P(f"A{i}", Role.MENTEE) for i in range(1, 4)),
    ))
    rules = Programme(max_mentees_per_mentor=None, forms={"traditional", "group"}, group_size=(2, 3))
    base = solve(cohort, rules)
    three = [("G1", "M", f"A{i}") for i in range(1, 4)]
    only_problem(validate(tampered(base, three, cohort=cohort), cohort, rules),
                 "M mentors 3 mentees but may take at most 2 (programme maximum as stated, stated capacity 2)")
    only_problem(validate(tampered(base, [("G1", "N", "A1"), ("G1", "N", "A2")], cohort=cohort), cohort, rules),
                 "N mentors 2 mentees but may take at most 1 (programme maximum as stated, no capacity stated)")
    group = [("G1", "M", f"A{i}", "group") for i in range(1, 4)]
    only_problem(validate(tampered(base, group, cohort=cohort), cohort, rules),
                 "M's group has 3 mentees but must have 2 to 2")
    group_n = [("G1", "N", f"A{i}", "group") for i in range(1, 4)]
    # As stated, N (no capacity stated) takes 1 mentee, in a group too: no group fits them.
    only_problem(validate(tampered(base, group_n, cohort=cohort), cohort, rules),
                 "N runs a group but no group size fits them (they may take at most 1: programme maximum as "
                 "stated, no capacity stated; the smallest group is 2)")
    only_problem(validate(tampered(base, group_n, cohort=cohort), cohort, replace(rules, max_mentees_per_mentor=2)),
                 "N's group has 3 mentees but must have 2 to 2")
    one = Cohort(tuple(replace(p, capacity=1) if p.id == "N" else p for p in cohort))
    only_problem(validate(tampered(base, group_n[:2], cohort=one), one, replace(rules, max_mentees_per_mentor=None)),
                 "N runs a group but no group size fits them (they may take at most 1: programme maximum as "
                 "stated, stated capacity 1; the smallest group is 2)")


def test_only_who_can_mentor_under_the_forms_is_noted_as_capped() -> None:
    # Under peer mentoring alone nobody mentors: role "any" offering 3 is no capped mentor.
    cohort = Cohort((P("X", Role.ANY, capacity=3), P("Y", Role.ANY), P("Z", Role.PEER)))
    assert capacity_warnings(cohort, Programme(forms={"peer"}, max_mentees_per_mentor=2)) == ()
    assert not any("capped" in w for w in mp.match(cohort, Programme(forms={"peer"}, max_mentees_per_mentor=2),
                                                   encoder=ENCODER).warnings)
    (note,) = capacity_warnings(cohort, Programme(forms={"peer", "reverse"}, max_mentees_per_mentor=2))
    assert note.startswith("1 mentor offered more mentees than the programme's maximum of 2") and note.count("X") == 1


def test_the_note_lists_at_most_ten_capped_mentors_and_says_how_many_more() -> None:
    cohort = Cohort(tuple(P(f"M{i:02d}", Role.MENTOR, capacity=3) for i in range(12)) + (P("A", Role.MENTEE),))
    (note,) = capacity_warnings(cohort, Programme(max_mentees_per_mentor=2))
    assert note.startswith("12 mentors offered more mentees than the programme's maximum of 2 and were capped at 2: ")
    assert "M00, M01" in note and "M09 and 2 more" in note and "M10" not in note
    assert capacity_warnings(cohort, Programme(max_mentees_per_mentor=None)) == ()
    assert capacity_warnings(cohort, Programme(max_mentees_per_mentor=3)) == ()


def test_a_maximum_below_the_smallest_group_is_refused() -> None:
    with pytest.raises(mp.ValidationError, match="below the smallest group") as info:
        Programme(forms={"group"}, group_size=(3, 4), max_mentees_per_mentor=2)
    assert [p.field for p in info.value.problems] == ["max_mentees_per_mentor"]
    assert "at least 3, or to None" in str(info.value)
    with pytest.raises(mp.ValidationError, match="below the smallest group"):
        Programme(forms={"traditional", "group"})  # max_mentees_per_mentor=1 by default
    assert Programme(forms={"group"}, group_size=(3, 4), max_mentees_per_mentor=3).group_size == (3, 4)
    cohort = Cohort((P("M", Role.MENTOR), P("A1", Role.MENTEE), P("A2", Role.MENTEE)))
    stated = Cohort((P("M", Role.MENTOR, capacity=2), *cohort.participants[1:]))

    def group_pairs(people: Cohort, most: int | None) -> int:
        return int(mp.match(people, Programme(forms={"group"}, max_mentees_per_mentor=most),
                            encoder=ENCODER).pairs.shape[0])

    # As stated, a mentor who stated no capacity takes 1 mentee: too few to lead a group.
    assert group_pairs(cohort, None) == 0
    assert group_pairs(stated, None) == group_pairs(cohort, 2) == group_pairs(stated, 2) == 2


def test_programme_accepts_none_and_refuses_nonsense() -> None:
    assert "max_mentees_per_mentor=None" in repr(Programme(max_mentees_per_mentor=None))
    # The rules table says what the solver and the validator do: as stated, none stated is 1, no group.
    assert ("one who stated none takes 1 mentee, so leads no group"
            in Programme(max_mentees_per_mentor=None)._repr_html_())
    for bad in (0, "2", 2.0, True):
        try:
            Programme(max_mentees_per_mentor=bad)  # type: ignore[arg-type]
        except mp.ValidationError as exc:
            assert exc.problems[0].field == "max_mentees_per_mentor" and "or None" in exc.problems[0].message
        else:
            raise AssertionError(f"{bad!r} was accepted")


@given(case=cases(), most=st.sampled_from([None, 1, 2, 3]))
def test_no_mentor_ever_exceeds_the_programme_maximum_or_their_stated_capacity(
        case: tuple[Cohort, Programme], most: int | None) -> None:
    cohort, programme = case
    if "group" in programme.forms and most is not None and most < programme.group_size[0]:
        most = None  # refused with groups (test_a_maximum_below_the_smallest_group_is_refused)
    programme = replace(programme, max_mentees_per_mentor=most)
    matching = mp.match(cohort, programme, encoder=ENCODER)
    check_claims(matching, cohort, programme, ENCODER)  # validate, and brute force on the optimum
    for mentor, count in _mentee_counts(matching).items():
        stated = cohort[mentor].capacity
        assert most is None or count <= most
        assert count <= (stated if stated is not None else (1 if most is None else most))
    cut = [p.id for p in cohort if p.role.can_give and most is not None and p.capacity is not None
           and p.capacity > most]
    noted = [w for w in matching.warnings if "capped at" in w]
    assert bool(cut) == bool(noted) and all(pid in noted[0] for pid in cut[:10])
