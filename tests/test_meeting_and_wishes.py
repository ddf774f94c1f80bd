"""``Programme(meeting="hard")`` (issue 16) and ``Programme(wishes="hard-if-possible")``."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from brute_force import all_values
from claims import check_claims, shown_values
from hypothesis import given
from hypothesis import strategies as st
from strategies import LOCATIONS, cases
from test_validate import only_problem, tampered

import mentorpair as mp
from mentorpair import Cohort, MeetingMode, Programme, Role
from mentorpair import Participant as P
from mentorpair.model.vocab import BLOCK_MEETING
from mentorpair.scoring.parts import cannot_meet
from mentorpair.scoring.table import build_score_table
from mentorpair.scoring.vectorised import PeopleArrays
from mentorpair.solve import blossom
from mentorpair.testing import HashEncoder
from mentorpair.validate import pair_violations, validate

ENCODER = HashEncoder()
IN_PERSON, REMOTE, EITHER = MeetingMode.IN_PERSON, MeetingMode.REMOTE, MeetingMode.EITHER


def _pairs(matching: mp.Matching) -> list[tuple[str, str]]:
    return sorted(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))


# --- meeting ---------------------------------------------------------------------------


def _meetings() -> Cohort:
    return Cohort((
        P("M1", Role.MENTOR, meeting_mode=IN_PERSON, location="Oulu", offers="data"),
        P("M2", Role.MENTOR, meeting_mode=REMOTE, offers="writing"),
        P("A1", Role.MENTEE, meeting_mode=IN_PERSON, location="Turku", goals="data"),  # only in person, apart from M1
        P("A2", Role.MENTEE, meeting_mode=IN_PERSON, goals="data"),  # no place given: may meet M1
    ))


def test_hard_meeting_rules_out_who_cannot_meet_as_both_asked() -> None:
    cohort = _meetings()
    soft = mp.match(cohort, Programme(), encoder=ENCODER)
    hard_rules = Programme(meeting="hard")
    hard = mp.match(cohort, hard_rules, encoder=ENCODER)
    assert ("M1", "A1") in _pairs(soft) or ("M1", "A2") in _pairs(soft)
    assert _pairs(hard) == [("M1", "A2")]
    check_claims(hard, cohort, hard_rules, ENCODER)
    table = build_score_table(cohort, hard_rules, ENCODER)
    blocked = {(table.participants[int(g)].id, table.participants[int(r)].id): str(b)
               for g, r, b in zip(table.giver, table.receiver, table.blocked)}
    assert blocked[("M1", "A1")] == blocked[("M2", "A1")] == blocked[("M2", "A2")] == BLOCK_MEETING
    assert blocked[("M1", "A2")] == ""
    reason = hard.unmatched.set_index("participant_id")["reason"]["A1"]
    assert "cannot meet as both asked" in reason, reason


def test_validate_checks_the_meeting_rule(solve) -> None:  # type: ignore[no-untyped-def]
    cohort = _meetings()
    rules = Programme(meeting="hard")
    matching = solve(cohort, rules)
    only_problem(validate(tampered(matching, [("G1", "M1", "A1")], cohort=cohort), cohort, rules),
                 "cannot meet", "live apart (M1 in Oulu, A1 in Turku)")
    only_problem(validate(tampered(matching, [("G1", "M2", "A2")], cohort=cohort), cohort, rules),
                 "no meeting mode in common")
    assert validate(tampered(matching, [("G1", "M1", "A1")], cohort=cohort), cohort, Programme()) == []


def test_meeting_must_be_soft_or_hard() -> None:
    with pytest.raises(mp.ValidationError, match="meeting.*'soft' or 'hard'"):
        Programme(meeting="strict")  # type: ignore[arg-type]
    assert repr(Programme(meeting="hard")) == "Programme(meeting='hard')"


@given(people=st.lists(st.tuples(st.sampled_from(list(MeetingMode)), st.sampled_from(LOCATIONS)), min_size=2,
                       max_size=6))
def test_the_arrays_the_one_pair_rule_and_validate_agree_on_meeting(people) -> None:  # type: ignore[no-untyped-def]
    cohort = [P(f"P{i}", Role.ANY, meeting_mode=m, location=loc) for i, (m, loc) in enumerate(people)]
    rules = Programme(meeting="hard")
    arrays = PeopleArrays.of(cohort, rules)
    pairs = [(i, j) for i in range(len(cohort)) for j in range(len(cohort)) if i != j]
    a, b = np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])
    apart = arrays.cannot_meet(a, b)
    for k, (i, j) in enumerate(pairs):
        assert apart[k] == cannot_meet(cohort[i], cohort[j])
        assert apart[k] == any("cannot meet" in m for m in pair_violations(cohort[i], cohort[j], rules))


@given(case=cases())
def test_every_claim_holds_when_meeting_is_a_hard_rule(case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    programme = replace(programme, meeting="hard")
    check_claims(mp.match(cohort, programme, encoder=ENCODER), cohort, programme, ENCODER)


# --- wishes="hard-if-possible" ----------------------------------------------------------


def _rivals() -> Cohort:
    """A1 and A2 both wish for M1, who takes one; A3 wishes for M2."""
    return Cohort((
        P("M1", Role.MENTOR), P("M2", Role.MENTOR),
        P("A1", Role.MENTEE, wishes=("M1",)), P("A2", Role.MENTEE, wishes=("M1",)),
        P("A3", Role.MENTEE, wishes=("M2",)),
    ))


def test_as_many_hard_wishes_as_can_be_are_honoured_and_the_rest_are_named() -> None:
    cohort = _rivals()
    assert mp.match(cohort, Programme(wishes="hard"), encoder=ENCODER).status is mp.Status.INFEASIBLE
    rules = Programme(wishes="hard-if-possible")
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert matching.status is mp.Status.OPTIMAL
    assert matching.stage_values["wishes"] == 2 and list(matching.stage_values) == ["wishes", *rules.objective]
    assert ("M2", "A3") in _pairs(matching)
    missed = [w for w in matching.warnings if "hard wish" in w]
    (left_out,) = [pid for pid in ("A1", "A2") if pid not in set(matching.pairs["mentee_id"]) or
                   ("M1", pid) not in _pairs(matching)]
    assert missed == [f"1 hard wish could not be honoured together with the other rules: {left_out}"]
    proof = matching.proof.set_index("stage")
    assert list(proof.index) == ["wishes", "coverage", "fairness", "total"]
    assert proof.loc["wishes", "value"] == 2 and bool(proof.loc["wishes", "proven"])
    check_claims(matching, cohort, rules, ENCODER)


def test_a_wishes_stage_left_unproven_says_more_may_be_possible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Pruned to one candidate each with require_all: the other arcs may be needed, so the wishes
    # optimum of the pruned model is not proven for the cohort (solve.pruned._wishes_proven).
    cohort = Cohort((P("M3", Role.MENTOR), *_rivals().participants))
    rules = Programme(wishes="hard-if-possible", candidates_per_person=1, require_all=True)
    matching = mp.match(cohort, rules, encoder=ENCODER)
    proof = matching.proof.set_index("stage")
    assert matching.status is mp.Status.FEASIBLE and not bool(proof.loc["wishes", "proven"])
    # Coverage and fairness were proven for as many wishes as the pruned model honours, which
    # the full cohort might exceed: proven for neither (before, coverage read proven).
    assert not proof["proven"].any()
    (left_out,) = [w for w in matching.warnings if "hard wish" in w]
    assert left_out.startswith("1 hard wish was not honoured; more may be possible together (the search did "
                               "not prove it): A")
    assert "could not" not in left_out
    # Reopened, the FEASIBLE matching proves nothing either; an OPTIMAL one proved its wishes stage.
    saved = mp.load_matching(mp.save_matching(matching, tmp_path / "feasible.json", cohort=cohort))
    again = mp.reopen(saved, cohort, encoder=ENCODER)
    assert [w for w in again.warnings if "hard wish" in w] == [left_out]
    optimal = mp.match(_rivals(), Programme(wishes="hard-if-possible"), encoder=ENCODER)
    saved = mp.load_matching(mp.save_matching(optimal, tmp_path / "optimal.json", cohort=_rivals()))
    notes = [w for w in mp.reopen(saved, _rivals(), encoder=ENCODER).warnings if "hard wish" in w]
    assert len(notes) == 1 and notes[0].startswith("1 hard wish could not be honoured together with the other rules")


def test_when_every_hard_wish_can_hold_all_are_honoured() -> None:
    cohort = Cohort((*_rivals().participants[:4], P("A3", Role.MENTEE, wishes=("M2",))))
    with_capacity = Cohort((replace(cohort["M1"], capacity=2), *cohort.participants[1:]))
    rules = Programme(wishes="hard-if-possible", max_mentees_per_mentor=None)
    matching = mp.match(with_capacity, rules, encoder=ENCODER)
    assert matching.stage_values["wishes"] == 3 and not any("hard wish" in w for w in matching.warnings)
    assert validate(matching, with_capacity, replace(rules, wishes="hard")) == []


def test_the_wishes_stage_puts_honoured_wishes_before_coverage() -> None:
    # A1 wishes for M1; M1 with A1 leaves A2 (whom only M1 can mentor) out; M1 with A2 would cover more.
    cohort = Cohort((
        P("M1", Role.MENTOR, languages=("fi", "en")), P("M2", Role.MENTOR, languages=("en",)),
        P("A1", Role.MENTEE, wishes=("M1",), languages=("en",)), P("A2", Role.MENTEE, languages=("fi",)),
    ))
    bonus = mp.match(cohort, Programme(weights={"wish": 0.0}), encoder=ENCODER)
    assert ("M1", "A2") in _pairs(bonus)
    rules = Programme(wishes="hard-if-possible", weights={"wish": 0.0})
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert ("M1", "A1") in _pairs(matching) and matching.stage_values["wishes"] == 1
    check_claims(matching, cohort, rules, ENCODER)


def test_the_blossom_never_answers_hard_if_possible() -> None:
    assert blossom.blossom_may_fit(Programme())
    assert not blossom.blossom_may_fit(Programme(wishes="hard-if-possible"))
    matching = mp.match(_rivals(), Programme(wishes="hard-if-possible"), encoder=ENCODER)
    assert not any("blossom" in engine for engine in matching.proof["engine"])


def test_the_wish_part_still_counts_under_hard_if_possible() -> None:
    table = build_score_table(_rivals(), Programme(wishes="hard-if-possible"), ENCODER)
    arc = table.index_of("M1", "A1")
    assert arc is not None and table.raw["wish"][arc] == 1.0


@st.composite
def wishful_cases(draw: st.DrawFn, *, limits: bool = False) -> tuple[Cohort, Programme]:
    """Cases in which most people name a wish or two, under wishes="hard-if-possible";
    ``limits`` adds pruning and tiny time limits (:func:`strategies.programmes`)."""
    cohort, programme = draw(cases(max_size=7, dual_max_size=5, limits=limits))
    people = []
    ids = list(cohort.ids)
    for p in cohort:
        others = [q for q in ids if q != p.id and q not in p.exclusions]
        if others and draw(st.integers(0, 2)) > 0:
            p = replace(p, wishes=tuple(draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))))
        people.append(p)
    return Cohort(tuple(people)), replace(programme, wishes="hard-if-possible")


@given(case=wishful_cases())
def test_the_most_hard_wishes_are_honoured_and_every_claim_holds(case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    check_claims(matching, cohort, programme, ENCODER)  # OPTIMAL: every stage, wishes first, is the brute-force best
    if not matching.status.has_solution:
        return
    honoured = shown_values(matching, cohort)["wishes"]
    assert matching.stage_values["wishes"] == honoured
    _check_wish_note(matching, cohort)
    if matching.status is mp.Status.OPTIMAL:
        assert honoured == max(v["wishes"] for v in all_values(cohort, programme, ENCODER))


def _check_wish_note(matching: mp.Matching, cohort: Cohort) -> None:
    """The note names as many wishers as were missed, and says they could not be honoured only when proven."""
    if not matching.status.has_solution:
        return
    wishers = sum(1 for p in cohort if p.wishes)
    honoured = shown_values(matching, cohort)["wishes"]
    notes = [w for w in matching.warnings if "hard wish" in w]
    assert len(notes) == (honoured < wishers)
    if notes:
        assert notes[0].startswith(f"{wishers - honoured} hard wish")
        proven = bool(matching.proof.set_index("stage").loc["wishes", "proven"])
        assert ("could not be honoured together with the other rules" in notes[0]) == proven
        assert ("more may be possible together (the search did not prove it)" in notes[0]) == (not proven)


@given(case=wishful_cases(limits=True))
def test_hard_if_possible_claims_no_more_than_it_proves_under_pruning_and_time_limits(
        case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    check_claims(matching, cohort, programme, ENCODER)
    _check_wish_note(matching, cohort)
    if matching.status is mp.Status.OPTIMAL:
        assert bool(matching.proof.set_index("stage").loc["wishes", "proven"])


def test_the_summary_names_pairs_that_cannot_meet_as_asked_under_soft_rules() -> None:
    cohort = mp.Cohort((
        mp.Participant(id="M1", role=mp.Role.MENTOR, meeting_mode=mp.MeetingMode.REMOTE, offers="x"),
        mp.Participant(id="A1", role=mp.Role.MENTEE, meeting_mode=mp.MeetingMode.IN_PERSON, goals="x"),
        mp.Participant(id="M2", role=mp.Role.MENTOR, meeting_mode=mp.MeetingMode.EITHER, offers="y"),
        mp.Participant(id="A2", role=mp.Role.MENTEE, meeting_mode=mp.MeetingMode.REMOTE, goals="y"),
    ))
    soft = mp.match(cohort, mp.Programme(forms={"traditional"}), encoder=HashEncoder())
    assert len(soft.pairs) == 2 and soft.pairs_that_cannot_meet() == [("M1", "A1")]
    assert "note: 1 pair cannot meet as both asked" in soft.summary() and "M1-A1" in soft.summary()
    hard = mp.match(cohort, mp.Programme(forms={"traditional"}, meeting="hard"), encoder=HashEncoder())
    assert hard.pairs_that_cannot_meet() == [] and "cannot meet" not in hard.summary()
