"""Programme(stability_delta=...): the matching has no blocking pair at that delta, and is the best that has none.

The blocking pairs are checked two ways: by ``Matching.blocking_pairs`` (the report)
and by the plain-loop re-statement of the definition in tests/test_stability.py. The
optimum is checked against tests/brute_force.py, which enumerates every matching
and here keeps only those the re-statement finds no blocking pair in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from brute_force import (
    IND,
    PEER,
    all_values,
    best_key,
    default_requirements,
    reported,
    requirement_of_label,
    units,
)
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import cohorts, programmes

import mentorpair as mp
from mentorpair import ValidationError
from mentorpair.cli.rules_file import load_rules
from mentorpair.model.vocab import BLOCK_LANGUAGE, KIND_GROUP, SCALE
from mentorpair.pipeline import solve_scored
from mentorpair.result.persist import load_matching, programme_sha256, save_matching
from mentorpair.scoring.table import ScoreTable, build_score_table
from mentorpair.solve.arcs import arc_problem
from mentorpair.solve.stability_rule import stable_greedy
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate
from tests.test_stability import brute_force as blocking_by_loops
from tests.test_stability import scored_cases, shown_pairs, table_of

P, R = mp.Participant, mp.Role
ENCODER = HashEncoder()
#: every form but groups, which the rule is refused with
FORMS = (("traditional", "peer"), ("traditional",), ("traditional", "reverse", "peer"), ("reverse", "peer"), ("peer",))


def stable_cases(max_size: int = 6, dual_max_size: int = 5) -> st.SearchStrategy[tuple[mp.Cohort, mp.Programme]]:
    """A cohort and rules without groups, with a stability_delta; at most ``dual_max_size`` people with dual roles."""

    @st.composite
    def draw_case(draw: st.DrawFn) -> tuple[mp.Cohort, mp.Programme]:
        size = draw(st.integers(0, max_size))
        programme = draw(programmes([f"P{i}" for i in range(size)], forms=FORMS))
        if programme.dual_roles and size > dual_max_size:
            size = dual_max_size
            programme = replace(
                programme,
                fixed_pairs=tuple(p for p in programme.fixed_pairs if max(int(i[1:]) for i in p) < size),
                exclusions=tuple(p for p in programme.exclusions if max(int(i[1:]) for i in p) < size))
        delta = draw(st.sampled_from([0.0, 0.01, 0.05, 0.2]))
        # Pruning would leave arcs out that may block: the rule must see every allowed arc anyway.
        programme = replace(programme, stability_delta=delta, candidates_per_person=draw(st.sampled_from([None, 1])))
        return draw(cohorts(min_size=size, max_size=size)), programme

    return draw_case()


def chosen_of_links(table: ScoreTable, links: Sequence[tuple[str, int] | None]) -> list[tuple[int, int]]:
    """A brute-force matching (per person: who takes them in, or their peer) as (arc, shown units)."""
    ids = [p.id for p in table.participants]
    out = []
    for r, link in enumerate(links):
        if link is None:
            continue
        how, other = link
        assert how in (IND, PEER), "no groups with stability_delta"
        if how == PEER and other < r:
            continue
        arc = table.index_of(ids[other], ids[r]) if how == IND else table.index_of(ids[r], ids[other], "peer")
        assert arc is not None
        out.append((arc, int(table.score[arc])))
    return out


def no_blocking_pair(cohort: mp.Cohort, programme: mp.Programme):  # type: ignore[no-untyped-def]
    """The brute force's filter: the matching has no blocking pair at ``programme.stability_delta``."""
    table = build_score_table(cohort, replace(programme, candidates_per_person=0), ENCODER)
    assert table.complete
    delta = float(programme.stability_delta)  # type: ignore[arg-type]
    return lambda links: not blocking_by_loops(table, programme, chosen_of_links(table, links), delta)


@given(case=stable_cases())
def test_the_solver_finds_the_best_matching_without_blocking_pairs(case: tuple[mp.Cohort, mp.Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    best = best_key(cohort, programme, ENCODER, accept=no_blocking_pair(cohort, programme))
    if best is None:
        assert matching.status is mp.Status.INFEASIBLE
        # Where the other hard rules can hold together, every set of them that cannot holds the stability rule.
        feasible_without = best_key(cohort, programme, ENCODER) is not None
        assert ("no blocking pairs (stability_delta)" in matching.conflicts) is feasible_without
        return
    assert matching.status is mp.Status.OPTIMAL, matching.summary()
    got = tuple(int(round(matching.stage_values[s])) if s in ("coverage", "wishes", "kept")
                else units(matching.stage_values[s]) for s in programme.stages)
    assert got == reported(best, programme.stages)
    delta = float(programme.stability_delta)  # type: ignore[arg-type]
    assert matching.blocking_pairs(delta).empty
    _, table = matching._explainable()
    assert not blocking_by_loops(table, programme, shown_pairs(matching), delta)
    assert validate(matching, cohort, programme) == []
    # The cost is reported: the same rules without the rule, solved again.
    assert any(w.startswith(f"stability_delta {delta:g}: ") for w in matching.warnings)


@given(case=stable_cases(max_size=5, dual_max_size=4))
def test_conflicts_named_cannot_hold_together_and_the_relaxation_makes_a_matching(
        case: tuple[mp.Cohort, mp.Programme]) -> None:
    cohort, programme = case
    programme = replace(programme, require_all=True)
    matching = mp.match(cohort, programme, encoder=ENCODER)
    stable = no_blocking_pair(cohort, programme)
    if matching.status is not mp.Status.INFEASIBLE:
        assert matching.status is mp.Status.OPTIMAL and matching.blocking_pairs(programme.stability_delta).empty
        return
    rule = "no blocking pairs (stability_delta)"
    named = [requirement_of_label(c, cohort, programme) for c in matching.conflicts if c != rule]
    # The rules named cannot all hold: with the stability rule among them, not even in a stable matching.
    accept = stable if rule in matching.conflicts else None
    assert not all_values(cohort, programme, ENCODER, requirements=named, accept=accept)
    dropped = [requirement_of_label(c, cohort, programme) for c in matching.relaxation if c != rule]
    rest = [r for r in default_requirements(cohort, programme) if r not in dropped]
    assert all_values(cohort, programme, ENCODER, requirements=rest,
                      accept=None if rule in matching.relaxation else stable)


# --------------------------------------------------------------------------- hand-made tables


def two_by_two(delta: float | None, **rules: object) -> mp.Matching:
    """M1-A1 + M2-A2 (total 1.0) beats M1-A2 + M2-A1 (0.95), but M1 and A2 both gain 0.4 from each other."""
    people = [P("M1", R.MENTOR), P("M2", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE)]
    table = table_of(people, [("M1", "A1", "traditional", 0.5), ("M1", "A2", "traditional", 0.9),
                              ("M2", "A1", "traditional", 0.05), ("M2", "A2", "traditional", 0.5)])
    programme = mp.Programme(forms=("traditional",), objective=("total",), stability_delta=delta, **rules)  # type: ignore[arg-type]
    return solve_scored(mp.Cohort(tuple(people)), programme, table)


def test_a_margin_equal_to_delta_does_not_block() -> None:
    free = two_by_two(None)
    assert set(free.id_pairs) == {("M1", "A1"), ("M2", "A2")}
    # Margins of 0.4 each: at stability_delta 0.4 that matching has no blocking pair and stays.
    assert set(two_by_two(0.4).id_pairs) == {("M1", "A1"), ("M2", "A2")}
    assert two_by_two(0.4).blocking_pairs(0.4).empty
    # Just below, M1 and A2 must be together.
    for delta in (0.39, 0.3999, 0.05, 0.0):
        matching = two_by_two(delta)
        assert matching.status is mp.Status.OPTIMAL
        assert set(matching.id_pairs) == {("M1", "A2"), ("M2", "A1")}, delta
        assert matching.blocking_pairs(delta).empty and len(free.blocking_pairs(delta)) == 1


def test_the_boundary_decides_which_matching_is_kept() -> None:
    """Two mentors with room for one: the total prefers M1-A1 + M2-A2, where M1 and A2 gain exactly ``gain`` each:
    kept at a gain of delta (rounded down to a unit), broken one unit above."""
    for delta in (0.05, 0.07, 0.1, 0.3, 0.0287, 0.0001, 0.123456):
        d = math.floor(delta * SCALE)  # the largest gain in units that is not more than delta, as the report reads it
        for gain, kept in ((d, {("M1", "A1"), ("M2", "A2")}), (d + 1, {("M1", "A2"), ("M2", "A1")})):
            people = [P("M1", R.MENTOR), P("M2", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE)]
            base = 4000
            table = table_of(people, [("M1", "A1", "traditional", base / SCALE),
                                      ("M1", "A2", "traditional", (base + gain) / SCALE),
                                      ("M2", "A1", "traditional", 100 / SCALE),
                                      ("M2", "A2", "traditional", base / SCALE)])
            programme = mp.Programme(forms=("traditional",), objective=("total",), stability_delta=delta)
            matching = solve_scored(mp.Cohort(tuple(people)), programme, table)
            assert set(matching.id_pairs) == kept, (delta, gain)
            assert matching.blocking_pairs(delta).empty


@given(case=scored_cases(), delta=st.sampled_from([0.0, 0.01, 0.05, 0.3]))
def test_hand_scored_tables_capacities_dual_roles_fixed_pairs_negative_scores(
        case: tuple[ScoreTable, mp.Programme, list[tuple[int, int]]], delta: float) -> None:
    """Solving with the rule leaves no blocking pair, by the report and by the loops; the greedy start has none."""
    table, programme, _ = case
    assume("group" not in programme.forms)
    assume(all(table.kind != KIND_GROUP))
    # Read into words for the unmatched: the drawn tables' stand-in for a hard rule becomes a real one.
    table = replace(table, blocked=np.where(table.blocked == "", "", BLOCK_LANGUAGE).astype(str))
    programme = replace(programme, stability_delta=delta)
    cohort = mp.Cohort(table.participants)
    matching = solve_scored(cohort, programme, table)
    assert matching.status is mp.Status.OPTIMAL, matching.summary()  # no other hard rule: a stable matching exists
    assert matching.blocking_pairs(delta).empty
    assert not blocking_by_loops(table, programme, shown_pairs(matching), delta)
    # The matching the solve starts from is stable too (and valid: a fixed pair is a hard requirement there).
    allowed = np.flatnonzero(table.feasible)
    greedy = stable_greedy(arc_problem(table, replace(programme, fixed_pairs=()), allowed, ()))
    free = replace(programme, fixed_pairs=())
    assert not blocking_by_loops(table, free, [(int(allowed[a]), int(table.score[allowed[a]])) for a in greedy], delta)


def test_an_infeasible_cohort_names_the_rule_and_what_it_conflicts_with() -> None:
    """require_all forces M1-A1 and M2-A2 (M2 can take no one else), where M1 and A2 would both gain 0.4;
    M3-A3, a fixed pair, is never left and never blocks."""
    people = [P("M1", R.MENTOR), P("M2", R.MENTOR), P("M3", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE),
              P("A3", R.MENTEE)]
    table = table_of(people, [("M1", "A1", "traditional", 0.5), ("M1", "A2", "traditional", 0.9),
                              ("M2", "A1", "traditional", 0.05, BLOCK_LANGUAGE),
                              ("M2", "A2", "traditional", 0.5), ("M3", "A3", "traditional", 0.2), ("M1", "A3", "traditional", 0.95)])
    cohort = mp.Cohort(tuple(people))
    programme = mp.Programme(forms=("traditional",), require_all=True, stability_delta=0.05,
                             fixed_pairs=(("M3", "A3"),))
    matching = solve_scored(cohort, programme, table)
    assert matching.status is mp.Status.INFEASIBLE
    # A1 must be M1's, or M2 must take A2, M2's only mentee: either leaves M1 and A2 both gaining 0.4.
    rule, other = matching.conflicts
    assert rule == "no blocking pairs (stability_delta)"
    assert other in ("require_all: A1 (mentee) must be matched", "require_all: M2 (mentor) must be matched")
    assert matching.relaxation == ("no blocking pairs (stability_delta)",)
    assert "ei estäviä pareja (stability_delta)" in matching.conflicts_in("fi")
    assert not any(w.startswith("stability_delta") for w in matching.warnings)  # no matching: nothing to compare
    with pytest.raises(mp.InfeasibleError):
        matching.raise_for_status()
    # Without require_all a stable matching exists; without the rule, the required one.
    assert solve_scored(cohort, replace(programme, require_all=False), table).status is mp.Status.OPTIMAL
    free = solve_scored(cohort, replace(programme, stability_delta=None), table)
    assert free.status is mp.Status.OPTIMAL and len(free.blocking_pairs(0.05)) == 1


def test_the_cost_is_in_the_warnings_and_the_unmatched_say_so() -> None:
    """A2 is wanted by M1 (0.9), who is A1's only mentor: with the rule M1 takes A2 and A1 is left out."""
    people = [P("M1", R.MENTOR), P("M2", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE)]
    table = table_of(people, [("M1", "A1", "traditional", 0.5), ("M1", "A2", "traditional", 0.9),
                              ("M2", "A2", "traditional", 0.5)])
    cohort = mp.Cohort(tuple(people))
    matching = solve_scored(cohort, mp.Programme(forms=("traditional",), stability_delta=0.05), table)
    assert matching.id_pairs == [("M1", "A2")]
    note = [w for w in matching.warnings if w.startswith("stability_delta")]
    assert note == ["stability_delta 0.05: no two people who are not paired together would both gain more than 0.05 "
                    "from each other; the same rules without it (solved again) match 4 of 4 (here 2), weakest pair "
                    "0.5000 (here 0.9000), total 1.0000 (here 0.9000), with 1 blocking pair at 0.05"]
    assert f"warning: {note[0]}" in matching.summary()
    reason = matching.unmatched.set_index("participant_id")["reason"]
    assert reason["A1"].endswith("; without stability_delta (no blocking pairs) the same rules pair them with M1")
    assert reason["M2"].endswith("the same rules pair them with A2")
    assert matching.explain("A1").endswith("the same rules pair them with M1.")
    assert "ilman stability_delta-sääntöä" in matching.explain("A1", language="fi")
    # To the participant nothing of the rule nor of anyone else.
    assert "M1" not in matching.explain("A1", audience="participant")


def test_engines_the_rule_goes_to_cp_sat_over_every_allowed_pair(solve) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.synthetic_cohort(30, seed=3)
    free = solve(cohort, mp.Programme())
    stable = solve(cohort, mp.Programme(stability_delta=0.05, candidates_per_person=1))
    assert any("blossom" in e.lower() for e in free.proof["engine"])
    assert stable.status is mp.Status.OPTIMAL
    assert all(e.startswith("CP-SAT") for e in stable.proof["engine"])
    assert stable.blocking_pairs(0.05).empty and not free.blocking_pairs(0.05).empty
    assert validate(stable, cohort, mp.Programme(stability_delta=0.05)) == []


def test_a_table_of_only_each_persons_best_pairs_is_refused() -> None:
    people = [P("M1", R.MENTOR), P("A1", R.MENTEE)]
    table = table_of(people, [("M1", "A1", "traditional", 0.5)])
    partial = replace(table, scorer=object())  # type: ignore[arg-type]
    assert not partial.complete
    with pytest.raises(ValidationError) as caught:
        solve_scored(mp.Cohort(tuple(people)), mp.Programme(forms=("traditional",), stability_delta=0.05), partial)
    assert caught.value.problems[0].field == "stability_delta"
    assert "candidates_per_person=0" in caught.value.problems[0].message


# --------------------------------------------------------------------------- the rule as a rule


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), True, "0.05", [0.05]])
def test_bad_values_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        mp.Programme(stability_delta=bad)  # type: ignore[arg-type]
    assert [p.field for p in caught.value.problems] == ["stability_delta"]


def test_groups_are_refused_with_the_rule_saying_why() -> None:
    with pytest.raises(ValidationError) as caught:
        mp.Programme(forms=("traditional", "group"), max_mentees_per_mentor=3, stability_delta=0.05)
    (problem,) = caught.value.problems
    assert problem.field == "stability_delta" and "cohesion" in problem.message
    assert mp.Programme(stability_delta=0).stability_delta == 0
    assert mp.Programme().stability_delta is None


def test_the_rules_file_takes_it(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("stability_delta = 0.05\n", encoding="utf-8")
    assert load_rules(path).stability_delta == 0.05
    path.write_text('stability_delta = "none"\n', encoding="utf-8")
    assert load_rules(path).stability_delta is None
    path.write_text("stability_delta = -1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_rules(path)
    assert [p.field for p in caught.value.problems] == ["stability_delta"]


def test_saved_and_read_back_and_older_files_read_as_off(solve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.synthetic_cohort(12, seed=3)
    rules = mp.Programme(stability_delta=0.05)
    matching = solve(cohort, rules)
    saved = load_matching(save_matching(matching, tmp_path / "stable.json"))
    assert saved.programme is not None and saved.programme.stability_delta == 0.05
    assert programme_sha256(saved.programme) == programme_sha256(rules)
    # A file from before the rule has no key: it reads as off, and hashes as it did then.
    assert "stability_delta" not in json.loads(
        save_matching(solve(cohort, mp.Programme()), tmp_path / "off.json").read_text(encoding="utf-8"))["programme"]
    assert load_matching(tmp_path / "off.json").programme.stability_delta is None  # type: ignore[union-attr]
    assert programme_sha256(mp.Programme()) != programme_sha256(rules)


def test_stability_and_a_hard_share_that_cannot_hold_together_are_both_named() -> None:
    # Only cross-organisation pairs may be made, and then M2 and A1 of Acme (both free) block: no
    # matching has both. The two rules are named as the conflict, and no time limit is claimed.
    cohort = mp.Cohort((
        mp.Participant("M1", mp.Role.MENTOR, organisation="Acme", offers="python data teams"),
        mp.Participant("M2", mp.Role.MENTOR, organisation="Acme", offers="python data"),
        mp.Participant("A1", mp.Role.MENTEE, organisation="Acme", goals="python data teams"),
        mp.Participant("A2", mp.Role.MENTEE, organisation="Beta", goals="writing"),
    ))
    share = mp.Share("cross_organisation", at_least=1.0, hard=True)
    both = mp.Programme(stability_delta=0.0, balance=share)
    matching = mp.match(cohort, both, encoder=HashEncoder())
    assert matching.status is mp.Status.INFEASIBLE
    assert matching.conflicts == ("no blocking pairs (stability_delta)", "the hard balance rules (Programme.balance)")
    assert len(matching.relaxation) == 1 and matching.warnings == ()
    for alone in (mp.Programme(stability_delta=0.0), mp.Programme(balance=share)):
        assert mp.match(cohort, alone, encoder=HashEncoder()).status is mp.Status.OPTIMAL


@pytest.mark.parametrize("delta", [0.57, 0.69, 0.043, 0.051, 0.071, 0.05])
def test_a_gain_of_exactly_delta_never_blocks(delta: float) -> None:
    from mentorpair.model.stability_delta import margin_units
    from mentorpair.model.vocab import SCALE

    # The bound is delta in units exactly, whatever the float product rounds to.
    assert margin_units(delta, SCALE) == round(delta * SCALE)
