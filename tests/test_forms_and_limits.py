"""Forms of mentoring decided jointly, conflicts that really conflict, time limits and the memory guard."""

from __future__ import annotations

import pytest

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair import Participant as P

ALL_FORMS = {"traditional", "reverse", "group", "peer"}


def _pairs(matching: mp.Matching) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in matching.pairs[["kind", "mentor_id", "mentee_id"]].values.tolist()]


def test_reverse_needs_the_form_and_is_labelled(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, experience_years=2, offers="machine learning python"),
                     P("A", Role.MENTEE, experience_years=20, goals="machine learning python")))
    off = mp.match(cohort, Programme(), encoder=fake_encoder)
    assert off.pairs.empty
    assert "reverse mentoring is not enabled" in off.unmatched.set_index("participant_id").loc["A", "reason"]
    on = mp.match(cohort, Programme(forms={"traditional", "reverse"}), encoder=fake_encoder)
    assert _pairs(on) == [("reverse", "M", "A")]
    assert "reverse mentoring" in on.explain("A")
    assert mp.validate(on, cohort, on.programme) == []


def test_group_takes_group_size_mentees_and_adds_cohesion(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, experience_years=10, offers="leadership budgets", capacity=2),
        P("A1", Role.MENTEE, goals="leadership budgets", goal_areas=("leadership",)),
        P("A2", Role.MENTEE, goals="leadership budgets", goal_areas=("leadership",)),
        P("A3", Role.MENTEE, goals="gardening", exclusions=("A1",)),
    ))
    rules = Programme(forms={"group"}, group_size=(2, 2), group_cohesion_weight=0.2, max_mentees_per_mentor=None)
    matching = mp.match(cohort, rules, encoder=fake_encoder)
    assert sorted(_pairs(matching)) == [("group", "M", "A1"), ("group", "M", "A2")]
    assert matching.pairs["cohesion"].sum() > 0
    parts = matching.pairs[["goal_text", "goal_areas", "experience", "meeting", "wish", "same_organisation",
                            "cohesion"]].sum(axis=1)
    assert (parts - matching.pairs["score"]).abs().max() < 1e-9
    assert "group cohesion" in matching.explain("A1")
    assert mp.validate(matching, cohort, rules) == []


def test_peers_pair_with_each_other_and_say_what_each_gives(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("P1", Role.PEER, offers="statistics", goals="writing"),
                     P("P2", Role.PEER, offers="writing", goals="statistics"),
                     P("M", Role.MENTOR, offers="writing")))
    matching = mp.match(cohort, Programme(), encoder=fake_encoder)
    assert _pairs(matching) == [("peer", "P1", "P2")]
    text = matching.explain("P2")
    assert "P1 gives: 'statistics'" in text and "P2 gives: 'writing'" in text


def test_fixed_pairs_stay_when_late_sign_ups_arrive(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    first = Cohort((P("M1", Role.MENTOR, offers="law"), P("M2", Role.MENTOR, offers="art"),
                    P("A1", Role.MENTEE, goals="art")))
    announced = mp.match(first, Programme(), encoder=fake_encoder)
    assert _pairs(announced) == [("traditional", "M2", "A1")]
    late = Cohort((*first.participants, P("A2", Role.MENTEE, goals="art")))
    again = mp.match(late, Programme(), encoder=fake_encoder, fixed=announced)
    assert ("traditional", "M2", "A1") in _pairs(again)
    assert ("traditional", "M1", "A2") in _pairs(again)
    assert again.programme.fixed_pairs == (("M2", "A1"),)


def test_conflicts_are_minimal_and_the_relaxation_makes_it_feasible(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M1", Role.MENTOR), P("A1", Role.MENTEE, wishes=("M1",)), P("A2", Role.MENTEE, wishes=("M1",)),
                     P("A3", Role.MENTEE)))
    rules = Programme(wishes="hard")
    matching = mp.match(cohort, rules, encoder=fake_encoder)
    assert matching.status is mp.Status.INFEASIBLE
    assert len(matching.conflicts) == 2 and all("M1 takes at most 1 mentee" in c for c in matching.conflicts)
    assert len(matching.relaxation) == 1
    with pytest.raises(mp.InfeasibleError) as info:
        matching.raise_for_status()
    assert info.value.conflicts == matching.conflicts
    # Dropping the wish the relaxation names makes the rules satisfiable.
    dropped = matching.relaxation[0].split("'")[0]
    relaxed = Cohort(tuple(P(p.id, p.role, wishes=() if p.id == dropped else p.wishes) for p in cohort))
    assert mp.match(relaxed, rules, encoder=fake_encoder).status is mp.Status.OPTIMAL
    # Each conflict alone is satisfiable: the set is minimal.
    for keep in ("A1", "A2"):
        alone = Cohort(tuple(P(p.id, p.role, wishes=p.wishes if p.id == keep else ()) for p in cohort))
        assert mp.match(alone, rules, encoder=fake_encoder).status is mp.Status.OPTIMAL


def test_require_all_names_who_cannot_be_placed(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M1", Role.MENTOR, languages=("fi",)), P("A1", Role.MENTEE, languages=("fi",)),
                     P("A2", Role.MENTEE, languages=("sv",))))
    matching = mp.match(cohort, Programme(require_all=True), encoder=fake_encoder)
    assert matching.status is mp.Status.INFEASIBLE
    assert matching.conflicts == ("require_all: A2 (mentee) must be matched (every counterpart is ruled out: "
                                  "no common language: M1)",)
    assert set(matching.unmatched["participant_id"]) == {"M1", "A1", "A2"}


def test_dual_roles_let_any_mentor_and_be_mentored(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, experience_years=20, offers="strategy"),
                     P("X", Role.ANY, experience_years=8, goals="strategy", offers="excel"),
                     P("A", Role.MENTEE, experience_years=1, goals="excel")))
    single = mp.match(cohort, Programme(forms={"traditional"}), encoder=fake_encoder)
    assert len(single.pairs) == 1
    dual = mp.match(cohort, Programme(forms={"traditional"}, dual_roles=True), encoder=fake_encoder)
    assert sorted(_pairs(dual)) == [("traditional", "M", "X"), ("traditional", "X", "A")]
    assert mp.validate(dual, cohort, dual.programme) == []


def test_a_time_limit_too_short_still_returns_a_valid_matching(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.synthetic_cohort(120, seed=3)
    rules = Programme(forms=ALL_FORMS, max_mentees_per_mentor=2, time_limit=0.001)
    matching = mp.match(cohort, rules, encoder=fake_encoder)
    assert matching.status in (mp.Status.FEASIBLE, mp.Status.OPTIMAL)
    assert mp.validate(matching, cohort, rules) == []
    listed = set(matching.pairs["mentor_id"]) | set(matching.pairs["mentee_id"]) | set(matching.unmatched["participant_id"])
    assert listed == set(cohort.ids)
    assert (matching.unmatched["reason"] != "").all()


def test_the_memory_guard_refuses_before_building(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.demo_cohort()
    with pytest.raises(mp.ModelTooLargeError) as info:
        mp.match(cohort, Programme(memory_budget_mb=301), encoder=fake_encoder)
    assert isinstance(info.value, MemoryError)
    assert "memory_budget_mb" in str(info.value)


def test_same_input_and_seed_give_identical_output(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.demo_cohort()
    rules = Programme(forms=ALL_FORMS, max_mentees_per_mentor=2, same_organisation="discouraged")
    first = mp.match(cohort, rules, encoder=fake_encoder)
    second = mp.match(cohort, rules, encoder=fake_encoder)
    assert first.pairs.to_csv() == second.pairs.to_csv()
    assert first.unmatched.to_csv() == second.unmatched.to_csv()


def test_unknown_ids_in_programme_rules_are_reported(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR), P("A", Role.MENTEE)))
    with pytest.raises(mp.ValidationError) as info:
        mp.match(cohort, Programme(fixed_pairs=(("M", "Z"),), exclusions=(("Q", "A"),)), encoder=fake_encoder)
    assert [p.participant for p in info.value.problems] == ["Z", "Q"]


def test_programme_exclusions_keep_two_mentees_out_of_one_group(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, capacity=2), P("A", Role.MENTEE), P("B", Role.MENTEE)))
    rules = Programme(forms={"group"}, group_size=(2, 2), exclusions=(("A", "B"),), max_mentees_per_mentor=None)
    matching = mp.match(cohort, rules, encoder=fake_encoder)
    assert matching.pairs.empty
    assert mp.validate(matching, cohort, rules) == []
