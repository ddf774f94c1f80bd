"""Balance across the cohort (issue 20): shares, group mixes and subgroup floors.

Every rule against brute force (tests/brute_force.py with tests/brute_balance.py, which shares no
code with the solver), the validator catching a tampered matching, ``Matching.balance``, the rules
file and a saved matching's round trip.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from brute_balance import balance_values
from brute_force import best_key, reported, units
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair import Participant as P
from mentorpair.cli.rules_file import load_rules
from mentorpair.model.vocab import COUNTED_STAGES
from mentorpair.result.persist import programme_sha256
from mentorpair.scoring.table import build_score_table
from mentorpair.solve.arcs import arc_problem
from mentorpair.solve.balance_hints import balance_hints
from mentorpair.solve.balance_problem import holds, repair
from mentorpair.solve.hints import flow_matching, greedy_matching
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()
#: the goal texts decide: same-organisation pairs are each person's best
SAME_BEST = {"goal_areas": 0.0, "experience": 0.0, "meeting": 0.0, "wish": 0.0, "goal_text": 1.0}


def _staged(matching: mp.Matching, programme: Programme) -> tuple[int, ...]:
    return tuple(int(matching.stage_values[s]) if s in COUNTED_STAGES else units(matching.stage_values[s])
                 for s in programme.stages)


def _agrees_with_brute_force(cohort: Cohort, programme: Programme) -> mp.Matching:
    matching = mp.match(cohort, programme, encoder=ENCODER)
    best = best_key(cohort, programme, ENCODER)
    if best is None:
        assert matching.status is mp.Status.INFEASIBLE
        return matching
    assert matching.status is mp.Status.OPTIMAL, matching.warnings
    assert validate(matching, cohort, programme) == []
    assert _staged(matching, programme) == reported(best, programme.stages)
    # The values reported are those of the matching returned, counted independently.
    index = {p.id: i for i, p in enumerate(cohort.participants)}
    rows = [(index[a], index[b], k, units(s)) for a, b, k, s in
            zip(matching.pairs.mentor_id, matching.pairs.mentee_id, matching.pairs.kind, matching.pairs.score)]
    counted = balance_values(cohort, programme, rows)
    assert counted is not None, "the matching breaks a hard balance rule"
    for stage in ("balance", "floor"):
        if stage in programme.stages:
            assert _staged(matching, programme)[programme.stages.index(stage)] == counted[stage]
    return matching


def _two_organisations() -> Cohort:
    """M1, M2, A1 of Acme and A2 of Beta; each mentor's goals fit A1's best (same organisation)."""
    return Cohort((
        P("M1", Role.MENTOR, organisation="Acme", offers="python data teams"),
        P("M2", Role.MENTOR, organisation="Acme", offers="python data"),
        P("A1", Role.MENTEE, organisation="Acme", goals="python data teams"),
        P("A2", Role.MENTEE, organisation="Beta", goals="writing"),
    ))


# --- the rules themselves --------------------------------------------------------------


def test_share_is_checked_when_built() -> None:
    with pytest.raises(mp.ValidationError) as raised:
        mp.Share("cross_org", at_least=1.5)
    fields = {p.field for p in raised.value.problems}
    assert fields == {"what", "at_least"}
    with pytest.raises(mp.ValidationError, match="needs at_least"):
        mp.Share("peer")
    with pytest.raises(mp.ValidationError, match="above at_most"):
        mp.Share("peer", at_least=0.6, at_most=0.5)
    with pytest.raises(mp.ValidationError, match="above 0"):
        mp.GroupMix("organisation", at_most=0)
    with pytest.raises(mp.ValidationError) as raised:
        Programme(balance=("share", {"share": "peer", "at_least": 2}, {"floor": "x", "share": "peer"}))
    assert {p.field for p in raised.value.problems} == {"balance[0]", "balance[1].at_least", "balance[2]"}


def test_one_rule_or_several_and_the_stages_they_add() -> None:
    share = mp.Share("cross_organisation", at_least=0.6)
    assert Programme(balance=share).balance == (share,)
    assert Programme(balance=share).stages == ("coverage", "balance", "fairness", "total")
    assert Programme(balance=replace(share, hard=True)).stages == ("coverage", "fairness", "total")
    assert Programme(balance=(share, mp.Floor("language")), keep_pairs=(("a", "b"),)).stages == (
        "coverage", "kept", "balance", "fairness", "floor", "total")
    assert Programme(balance=mp.Floor(), objective=("coverage", "total")).stages == ("coverage", "floor", "total")
    assert Programme(balance=share, objective=("total",)).stages == ("balance", "total")
    assert repr(Programme(balance=share)) == "Programme(balance=(Share('cross_organisation', at_least=0.6),))"


# --- against brute force -------------------------------------------------------------------


def test_a_hard_share_leaves_people_unmatched_rather_than_break() -> None:
    cohort = _two_organisations()
    free = mp.match(cohort, Programme(weights=SAME_BEST), encoder=ENCODER)
    assert len(free.matched_ids) == 4
    rules = Programme(weights=SAME_BEST, balance=mp.Share("cross_organisation", at_least=1.0, hard=True))
    matching = _agrees_with_brute_force(cohort, rules)
    # Only A2 is of another organisation: one pair, and two people left out.
    assert len(matching.pairs) == 1 and set(matching.pairs.mentee_id) == {"A2"}
    row = matching.balance.iloc[0]
    assert (row["rule"], row["value"], bool(row["met"]), bool(row["hard"])) == (
        "share cross_organisation >= 1", 1.0, True, True)
    assert "it keeps 2 out whom a free counterpart could have paired (see their reasons)" in matching.summary()
    half = replace(rules, balance=mp.Share("cross_organisation", at_least=0.5, hard=True))
    assert len(_agrees_with_brute_force(cohort, half).matched_ids) == 4


def test_a_soft_share_never_costs_coverage_and_says_how_far_it_got() -> None:
    cohort = _two_organisations()
    rules = Programme(weights=SAME_BEST, balance=mp.Share("cross_organisation", at_least=1.0))
    matching = _agrees_with_brute_force(cohort, rules)
    assert len(matching.matched_ids) == 4 and matching.stage_values["balance"] == -1  # one pair short
    row = matching.balance.iloc[0]
    assert row["value"] == 0.5 and not row["met"] and not row["hard"]
    assert any(line.startswith("tasapaino: share cross_organisation >= 1 -> 0,500 (vähintään 1,00, tavoite): "
                               "ei toteudu") for line in matching.balance_in("fi"))


def test_a_soft_share_outranks_the_scores() -> None:
    # M1 fits A1 best, M2 fits A2 best; at most half the pairs may be of one organisation.
    cohort = Cohort((
        P("M1", Role.MENTOR, organisation="Acme", offers="python data teams"),
        P("M2", Role.MENTOR, organisation="Beta", offers="writing career"),
        P("A1", Role.MENTEE, organisation="Acme", goals="python data teams"),
        P("A2", Role.MENTEE, organisation="Beta", goals="writing career"),
    ))
    plain = mp.match(cohort, Programme(weights=SAME_BEST), encoder=ENCODER)
    assert sorted(zip(plain.pairs.mentor_id, plain.pairs.mentee_id)) == [("M1", "A1"), ("M2", "A2")]
    rules = Programme(weights=SAME_BEST, balance=mp.Share("same_organisation", at_most=0.0))
    matching = _agrees_with_brute_force(cohort, rules)
    assert sorted(zip(matching.pairs.mentor_id, matching.pairs.mentee_id)) == [("M1", "A2"), ("M2", "A1")]
    assert matching.stage_values["balance"] == 0 and matching.objective < plain.objective


def test_a_group_mix_keeps_one_organisation_from_filling_a_group() -> None:
    people = [P("M1", Role.MENTOR, organisation="X", capacity=3, offers="python data")]
    people += [P(f"A{i}", Role.MENTEE, organisation=org, goals="python data")
               for i, org in enumerate(("Acme", "Acme", "Beta", "Acme"), start=1)]
    cohort = Cohort(tuple(people))
    rules = Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=3,
                      balance=mp.GroupMix("organisation", at_most=0.5))
    matching = _agrees_with_brute_force(cohort, rules)
    mentees = set(matching.pairs.mentee_id)
    # At most one of Acme's in a group of two or three (1.5 of 3): Beta's A3 and one of Acme's.
    assert len(mentees) == 2 and "A3" in mentees
    assert matching.balance.iloc[0]["value"] == 0.5 and bool(matching.balance.iloc[0]["met"])


def test_a_group_mix_holds_when_the_mentor_has_more_candidates_than_the_group_takes() -> None:
    # Two of Acme's fit the mentor best; the others hardly. Before: with four candidates, two of one
    # organisation looked harmless (2 of 4), and the group of the two best broke the mix at 1,000 people.
    people = [P("M1", Role.MENTOR, organisation="X", capacity=2, offers="python data teams")]
    people += [P("A1", Role.MENTEE, organisation="Acme", goals="python data teams"),
               P("A2", Role.MENTEE, organisation="Acme", goals="python data teams"),
               P("A3", Role.MENTEE, organisation="Beta", goals="writing"),
               P("A4", Role.MENTEE, organisation="Gamma", goals="career")]
    cohort = Cohort(tuple(people))
    plain = Programme(forms=("group",), group_size=(2, 2), max_mentees_per_mentor=2, weights=SAME_BEST)
    assert set(mp.match(cohort, plain, encoder=ENCODER).pairs.mentee_id) == {"A1", "A2"}
    matching = _agrees_with_brute_force(cohort, replace(plain, balance=mp.GroupMix("organisation", 0.5)))
    assert len(matching.pairs) == 2 and len({"A1", "A2"} & set(matching.pairs.mentee_id)) == 1


def test_a_floor_raises_each_organisations_weakest_pair() -> None:
    cohort = Cohort((
        P("M1", Role.MENTOR, organisation="Acme", offers="python data teams"),
        P("M2", Role.MENTOR, organisation="Beta", offers="python data"),
        P("A1", Role.MENTEE, organisation="Gamma", goals="python data teams"),
        P("A2", Role.MENTEE, organisation="Delta", goals="python data"),
    ))
    rules = Programme(weights=SAME_BEST, objective=("coverage", "total"), balance=mp.Floor("organisation"))
    matching = _agrees_with_brute_force(cohort, rules)
    floors = matching.balance.set_index("subgroup")["value"]
    assert set(floors.index) == {"acme", "beta", "gamma", "delta"}
    assert matching.stage_values["floor"] == pytest.approx(floors.sum())


def _share_or_none(what: str, at_least: float | None, at_most: float | None, hard: bool) -> mp.Share | None:
    try:
        return mp.Share(what, at_least=at_least, at_most=at_most, hard=hard)  # type: ignore[arg-type]
    except mp.ValidationError:
        return None


RULE = st.one_of(
    st.builds(_share_or_none, st.sampled_from(["cross_organisation", "same_organisation", "peer", "reverse", "group",
                                               "wished", "traditional"]),
              st.sampled_from([None, 0.25, 0.5, 0.6, 1.0]), st.sampled_from([None, 0.0, 0.5, 0.75]),
              st.booleans()).filter(lambda s: s is not None),
    st.builds(mp.GroupMix, st.sampled_from(["organisation", "language"]), at_most=st.sampled_from([0.5, 0.67, 1.0])),
    st.builds(mp.Floor, st.sampled_from(["organisation", "language"])),
)


@given(case=cases(max_size=6, dual_max_size=5), rules=st.lists(RULE, min_size=1, max_size=2))
def test_every_balance_rule_agrees_with_brute_force(case: tuple[Cohort, Programme], rules: list) -> None:  # type: ignore[type-arg]
    cohort, programme = case
    _agrees_with_brute_force(cohort, replace(programme, balance=tuple(rules)))


# --- the validator ----------------------------------------------------------------------------


def test_the_validator_catches_a_broken_hard_share_and_group_mix() -> None:
    cohort = _two_organisations()
    rules = Programme(weights=SAME_BEST, balance=mp.Share("cross_organisation", at_least=1.0, hard=True))
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert validate(matching, cohort, rules) == []
    # The matching without the rule pairs A1 within Acme: tampered in, the share breaks.
    free = mp.match(cohort, Programme(weights=SAME_BEST), encoder=ENCODER)
    found = validate(free, cohort, rules)
    assert any(f.startswith("hard share broken: 1 of 2 pairs are cross_organisation") for f in found), found
    soft = replace(rules, balance=mp.Share("cross_organisation", at_least=1.0))
    assert validate(free, cohort, soft) == []  # a soft share is a stage, not a rule
    people = [P("M1", Role.MENTOR, organisation="X", capacity=3, offers="python data")]
    people += [P(f"A{i}", Role.MENTEE, organisation="Acme", goals="python data") for i in (1, 2)]
    group = Cohort(tuple(people))
    rules = Programme(forms=("group",), max_mentees_per_mentor=3)
    together = mp.match(group, rules, encoder=ENCODER)
    assert len(together.pairs) == 2
    mixed = replace(rules, balance=mp.GroupMix("organisation", at_most=0.5))
    assert any("group mix broken: 2 of the 2 mentees in M1's group share one organisation" in f
               for f in validate(together, group, mixed))
    assert mp.match(group, mixed, encoder=ENCODER).pairs.empty


# --- the rules file and saved matchings ---------------------------------------------------------


def test_rules_file_tables(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('same_organisation = "discouraged"\n\n[[balance]]\nshare = "cross_organisation"\nat_least = 0.6\n'
                    'hard = true\n\n[[balance]]\ngroup_mix = "language"\nat_most = 0.5\n\n[[balance]]\nfloor = "organisation"\n',
                    encoding="utf-8")
    assert load_rules(path).balance == (mp.Share("cross_organisation", at_least=0.6, hard=True),
                                        mp.GroupMix("language", 0.5), mp.Floor("organisation"))
    path.write_text('[[balance]]\nshare = "crossorg"\nat_least = 0.6\nsoft = true\n', encoding="utf-8")
    with pytest.raises(mp.ValidationError) as raised:
        load_rules(path)
    assert "unknown key 'soft'" in str(raised.value)


def test_a_saved_matching_keeps_its_balance_rules(tmp_path: Path) -> None:
    cohort = _two_organisations()
    rules = Programme(weights=SAME_BEST, balance=(mp.Share("cross_organisation", at_least=0.5, hard=True),
                                                  mp.Floor("language")))
    matching = mp.match(cohort, rules, encoder=ENCODER)
    path = tmp_path / "matching.json"
    mp.save_matching(matching, path, cohort=cohort)
    saved = mp.load_matching(path)
    assert saved.programme == rules
    plain = Programme(weights=SAME_BEST)
    assert programme_sha256(plain) == programme_sha256(replace(plain, balance=[]))


def test_no_balance_rules_no_balance_rows() -> None:
    matching = mp.match(_two_organisations(), Programme(), encoder=ENCODER)
    assert isinstance(matching.balance, pd.DataFrame) and matching.balance.empty
    assert matching.balance_in("fi") == ()


# --- the search's start and a pruned model -------------------------------------------------------


@given(case=cases(max_size=8, dual_max_size=6),
       rules=st.lists(RULE.filter(lambda r: isinstance(r, mp.GroupMix) or getattr(r, "hard", False)),
                      min_size=1, max_size=2))
def test_a_start_that_breaks_a_hard_rule_is_repaired_by_dropping_pairs(case: tuple[Cohort, Programme],
                                                                       rules: list) -> None:  # type: ignore[type-arg]
    cohort, programme = case
    programme = replace(programme, balance=tuple(rules), fixed_pairs=(), wishes="bonus", require_all=False)
    table = build_score_table(cohort, programme, ENCODER)
    arcs = np.flatnonzero(table.feasible)
    problem = arc_problem(table, programme, arcs, ())
    for start in (flow_matching(problem), greedy_matching(problem), *balance_hints(problem, programme.objective)):
        fixed = repair(problem.balance, problem.giver, problem.score, start)
        assert set(fixed.tolist()) <= set(start.tolist())
        assert holds(problem.balance, problem.giver, fixed)
        if holds(problem.balance, problem.giver, start):
            assert np.array_equal(fixed, start)


def test_a_pruned_model_claims_only_what_it_proves() -> None:
    cohort = mp.synthetic_cohort(40, seed=4)
    share = mp.Share("same_organisation", at_most=0.0)
    full = mp.match(cohort, Programme(balance=share, candidates_per_person=0), encoder=ENCODER)
    pruned = mp.match(cohort, Programme(balance=share, candidates_per_person=1), encoder=ENCODER)
    assert full.status is mp.Status.OPTIMAL
    assert validate(pruned, cohort, pruned.programme) == []
    proof = pruned.proof.set_index("stage")
    assert not bool(proof.loc["balance", "proven"])  # nothing proves a share over the pairs left out
    assert pruned.status is mp.Status.FEASIBLE
    assert pruned.stage_values["coverage"] <= full.stage_values["coverage"]


def test_who_a_hard_share_keeps_out_is_told_so() -> None:
    cohort = _two_organisations()
    rules = Programme(weights=SAME_BEST, balance=mp.Share("cross_organisation", at_least=1.0, hard=True))
    matching = mp.match(cohort, rules, encoder=ENCODER)
    reasons = matching.unmatched.set_index("participant_id")["reason"]
    left = next(pid for pid in ("M1", "M2") if pid in reasons.index)
    assert "a hard share keeps them out: " in reasons["A1"] and "(free; the pair would break the hard share " \
        "cross_organisation >= 1)" in reasons["A1"], reasons["A1"]
    # The mentor left out could have had A1, also free, also within Acme.
    assert "A1 (free; the pair would break the hard share cross_organisation >= 1)" in reasons[left]
    fi = matching.unmatched_in("fi").set_index("participant_id")["reason"]
    assert "ehdoton osuus jättää hänet ulkopuolelle" in fi["A1"]


def test_infeasible_under_a_hard_share_names_the_balance_rules_among_the_conflicts() -> None:
    rules = Programme(require_all=True, balance=mp.Share("cross_organisation", at_least=1.0, hard=True))
    matching = _agrees_with_brute_force(_two_organisations(), rules)
    assert matching.status is mp.Status.INFEASIBLE
    # The share is a rule the conflicts may name and the relaxation drop, like any other hard rule:
    # require_all alone holds here, so naming only require_all rules would be false.
    assert "the hard balance rules (Programme.balance)" in matching.conflicts
    assert "ehdottomat tasapainosäännöt (Programme.balance)" in matching.conflicts_in("fi")
    assert matching.conflicts == ("require_all: A1 (mentee) must be matched", "the hard balance rules (Programme.balance)")
    # Dropping the share alone lets everyone be matched: the fewest rules to drop.
    assert matching.relaxation == ("the hard balance rules (Programme.balance)",)
    assert mp.match(_two_organisations(), replace(rules, balance=()), encoder=ENCODER).status is mp.Status.OPTIMAL



def test_a_target_of_a_third_is_a_third_for_the_model_the_report_and_the_validator() -> None:
    # One mentor's group of three mentees of three organisations: one of three of each, exactly 1/3.
    cohort = Cohort((
        P("M1", Role.MENTOR, organisation="Acme", capacity=3, offers="python"),
        P("A1", Role.MENTEE, organisation="A", goals="python", wishes=("M1",)),
        P("A2", Role.MENTEE, organisation="B", goals="python"),
        P("A3", Role.MENTEE, organisation="C", goals="python"),
    ))
    # ... and one of the three rows wished for: a hard share of at most 1/3 holds exactly.
    rules = Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=3,
                      balance=(mp.GroupMix("organisation", at_most=1 / 3),
                               mp.Share("wished", at_most=1 / 3, hard=True)))
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert matching.status is mp.Status.OPTIMAL and len(matching.pairs) == 3
    assert mp.validate(matching, cohort, rules) == []
    assert matching.balance["met"].tolist() == [True, True]
    # Two of three rows with the property reach 0.6666667 (as 2/3): met, by the report and the validator.
    two_of_three = Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=3,
                             balance=mp.Share("cross_organisation", at_least=0.6666667, hard=True))
    other = mp.match(cohort, two_of_three, encoder=ENCODER)
    assert mp.validate(other, cohort, two_of_three) == [] and bool(other.balance["met"].iloc[0])


def test_an_infeasible_summary_says_nothing_of_balance_reached() -> None:
    rules = Programme(require_all=True, balance=mp.Share("cross_organisation", at_least=1.0, hard=True))
    matching = mp.match(_two_organisations(), rules, encoder=ENCODER)
    assert matching.status is mp.Status.INFEASIBLE and "balance:" not in matching.summary()
