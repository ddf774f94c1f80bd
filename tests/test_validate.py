"""The independent validator catches each kind of broken rule, and nothing else."""

from __future__ import annotations

import ast
import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

import mentorpair as mp
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.model.vocab import COMPONENTS, Role
from mentorpair.result.matching import PAIR_COLUMNS, UNMATCHED_COLUMNS
from mentorpair.validate import validate

P = Participant
COHORT = Cohort((
    P("M1", Role.MENTOR, organisation="Acme", languages=("fi", "en"), capacity=1, exclusions=("X1",),
      offers="leadership teams"),
    P("M2", Role.MENTOR, organisation="Beta", languages=("en",), offers="research"),
    P("M3", Role.MENTOR, offers="writing"),
    P("A1", Role.MENTEE, organisation=" acme ", languages=("fi",), goals="leadership"),
    P("A2", Role.MENTEE, languages=("en",), goals="research", wishes=("M2",)),
    P("X1", Role.MENTEE, goals="teams"),
    P("S1", Role.MENTEE, languages=("sv",), goals="writing"),
    P("Y", Role.ANY, goals="writing", offers="writing"),
    P("Q", Role.PEER),
))
PROGRAMME = Programme(max_mentees_per_mentor=2)
#: a valid set of pairs to tamper with: (group, mentor, mentee)
BASE = [("G1", "M1", "A1"), ("G2", "M2", "A2")]


@pytest.fixture(scope="module")
def matching(solve):  # type: ignore[no-untyped-def]
    return solve(COHORT, PROGRAMME)


def pairs_frame(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    """Pairs whose components add up (everything in goal_text); rows are
    (group, mentor, mentee) or (group, mentor, mentee, kind)."""
    records = []
    for k, (group, mentor, mentee, *kind) in enumerate(rows):
        score = 0.1 * (k + 1)
        parts = [score] + [0.0] * (len(COMPONENTS) - 1)
        records.append([group, kind[0] if kind else "traditional", mentor, mentee, "", "", "", "", score, *parts, 0.0])
    return pd.DataFrame(records, columns=list(PAIR_COLUMNS))


def unmatched_for(rows: list[tuple[str, ...]], cohort: Cohort = COHORT) -> pd.DataFrame:
    """Everyone not in ``rows``, each with a reason."""
    matched = {row[1] for row in rows} | {row[2] for row in rows}
    return pd.DataFrame(
        [[p.id, p.name, p.email, str(p.role), "some reason"] for p in cohort if p.id not in matched], columns=list(UNMATCHED_COLUMNS)
    )


def tampered(matching, rows, unmatched=None, cohort=COHORT, **changes):  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        matching, pairs=pairs_frame(rows), unmatched=unmatched_for(rows, cohort) if unmatched is None else unmatched,
        **changes,
    )


def only_problem(problems: list[str], *fragments: str) -> str:
    assert len(problems) == 1, problems
    for fragment in fragments:
        assert fragment in problems[0], problems
    return problems[0]


# --- valid matchings ----------------------------------------------------------------------


def test_real_matching_is_valid(matching) -> None:  # type: ignore[no-untyped-def]
    assert matching.status is mp.Status.OPTIMAL
    assert len(matching.pairs) > 0
    assert validate(matching, COHORT, PROGRAMME) == []


def test_base_tampering_is_valid(matching) -> None:  # type: ignore[no-untyped-def]
    assert validate(tampered(matching, BASE), COHORT, PROGRAMME) == []
    assert validate(tampered(matching, BASE), COHORT, dataclasses.replace(PROGRAMME, wishes="hard")) == []


def test_empty_matching_is_valid(matching) -> None:  # type: ignore[no-untyped-def]
    assert validate(tampered(matching, []), COHORT, PROGRAMME) == []
    for status in (mp.Status.INFEASIBLE, mp.Status.UNKNOWN):
        # Hard wishes are only owed when there is a matching.
        hard = dataclasses.replace(PROGRAMME, wishes="hard")
        assert validate(tampered(matching, [], status=status), COHORT, hard) == []


def test_real_infeasible_matching_is_valid() -> None:
    from mentorpair.testing import HashEncoder

    cohort = Cohort((
        P("M", Role.MENTOR, capacity=1),
        P("A", Role.MENTEE, wishes=("M",)),
        P("B", Role.MENTEE, wishes=("M",)),
    ))
    programme = Programme(wishes="hard")
    result = mp.match(cohort, programme, encoder=HashEncoder())
    assert result.status is mp.Status.INFEASIBLE
    assert validate(result, cohort, programme) == []


# --- each rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [mp.Status.INFEASIBLE, mp.Status.UNKNOWN, mp.Status.MODEL_INVALID])
def test_pairs_without_a_solution(matching, status) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, BASE, status=status), COHORT, PROGRAMME),
                 f"status is {status}", "pairs are only expected")


def test_unknown_mentor_and_mentee(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G3", "ZZ", "Y")]), COHORT, PROGRAMME),
                 "unknown mentor id 'ZZ'")
    only_problem(validate(tampered(matching, [*BASE, ("G3", "M3", "ZZ")]), COHORT, PROGRAMME),
                 "unknown mentee id 'ZZ'")


def test_self_pair(matching) -> None:  # type: ignore[no-untyped-def]
    problems = validate(tampered(matching, [*BASE, ("G3", "Y", "Y")]), COHORT, PROGRAMME)
    assert any("Y is paired with themself" in p for p in problems), problems


def test_mentor_role(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G3", "S1", "Y")]), COHORT, PROGRAMME),
                 "mentor S1 signed up as mentee")


def test_mentee_role(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G3", "Y", "Q")]), COHORT, PROGRAMME),
                 "mentee Q signed up as peer")
    only_problem(validate(tampered(matching, [*BASE, ("G3", "Y", "M3")]), COHORT, PROGRAMME),
                 "mentee M3 signed up as mentor")


def test_mentee_in_two_pairs(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G3", "M3", "A2")]), COHORT, PROGRAMME),
                 "A2 is a mentee or peer in 2 pairs")


def test_capacity(matching) -> None:  # type: ignore[no-untyped-def]
    # M1's own capacity (1) is below the programme's (2) ...
    only_problem(validate(tampered(matching, [*BASE, ("G1", "M1", "Y")]), COHORT, PROGRAMME),
                 "M1 mentors 2 mentees but may take at most 1")
    # ... and the programme's bound holds for everyone else.
    rows = [("G1", "M3", "X1"), ("G1", "M3", "S1"), ("G1", "M3", "Y")]
    only_problem(validate(tampered(matching, rows), COHORT, PROGRAMME),
                 "M3 mentors 3 mentees but may take at most 2")
    assert validate(tampered(matching, rows), COHORT, dataclasses.replace(PROGRAMME, max_mentees_per_mentor=3)) == []


def test_both_mentor_and_mentee(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G2", "M2", "Y"), ("G3", "Y", "S1")]), COHORT, PROGRAMME),
                 "Y is both a mentor and a mentee")


def test_exclusions_either_way(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [("G1", "M1", "X1")]), COHORT, PROGRAMME),
                 "excluded: M1 lists X1")
    cohort = Cohort(tuple(dataclasses.replace(p, exclusions=("M3",)) if p.id == "S1" else p for p in COHORT))
    only_problem(validate(tampered(matching, [("G1", "M3", "S1")]), cohort, PROGRAMME),
                 "excluded: S1 lists M3")


def test_common_language(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [("G1", "M2", "S1")]), COHORT, PROGRAMME), "no common language")
    # Nobody without stated languages is ruled out, nor are languages differing only by case.
    assert validate(tampered(matching, [("G1", "M3", "S1")]), COHORT, PROGRAMME) == []
    cohort = Cohort(tuple(dataclasses.replace(p, languages=("SV ",)) if p.id == "M2" else p for p in COHORT))
    assert validate(tampered(matching, [("G1", "M2", "S1")]), cohort, PROGRAMME) == []


def test_same_organisation(matching) -> None:  # type: ignore[no-untyped-def]
    # M1 "Acme" and A1 " acme " are one organisation.
    for rule in ("allowed", "discouraged"):
        assert validate(tampered(matching, BASE), COHORT, dataclasses.replace(PROGRAMME, same_organisation=rule)) == []
    forbidden = dataclasses.replace(PROGRAMME, same_organisation="forbidden")
    only_problem(validate(tampered(matching, BASE), COHORT, forbidden), "same organisation", "forbids")
    # Empty organisations are never "the same".
    assert validate(tampered(matching, [("G1", "M3", "X1")]), COHORT, forbidden) == []


def test_same_organisation_ignores_inner_white_space(matching) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort(tuple(
        dataclasses.replace(p, organisation={"M3": "Big   Co", "S1": " big co"}.get(p.id, p.organisation))
        for p in COHORT
    ))
    forbidden = dataclasses.replace(PROGRAMME, same_organisation="forbidden")
    only_problem(validate(tampered(matching, [("G1", "M3", "S1")]), cohort, forbidden), "same organisation")


def test_hard_wishes(matching) -> None:  # type: ignore[no-untyped-def]
    rows = [("G1", "M1", "A1"), ("G2", "M2", "Y")]
    assert validate(tampered(matching, rows), COHORT, PROGRAMME) == []  # wishes are a bonus by default
    hard = dataclasses.replace(PROGRAMME, wishes="hard")
    only_problem(validate(tampered(matching, rows), COHORT, hard), "hard wish broken: A2")
    # A wish is met from either side: here the wisher mentors the wished one.
    cohort = Cohort(tuple(dataclasses.replace(p, wishes=("S1",)) if p.id == "Y" else p for p in COHORT))
    assert validate(tampered(matching, [*BASE, ("G3", "Y", "S1")]), cohort, hard) == []
    only_problem(validate(tampered(matching, [*BASE, ("G3", "Y", "X1")]), cohort, hard), "hard wish broken: Y")


def test_participant_lost(matching) -> None:  # type: ignore[no-untyped-def]
    unmatched = unmatched_for(BASE)
    unmatched = unmatched[unmatched["participant_id"] != "Q"]
    only_problem(validate(tampered(matching, BASE, unmatched), COHORT, PROGRAMME),
                 "Q is neither in a pair nor in unmatched")


def test_matched_and_unmatched(matching) -> None:  # type: ignore[no-untyped-def]
    unmatched = pd.concat([unmatched_for(BASE), pd.DataFrame([["A1", "", "", "mentee", "why"]], columns=list(UNMATCHED_COLUMNS))])
    only_problem(validate(tampered(matching, BASE, unmatched), COHORT, PROGRAMME),
                 "A1 is in a pair but also listed in unmatched")


def test_unmatched_twice(matching) -> None:  # type: ignore[no-untyped-def]
    unmatched = unmatched_for(BASE)
    unmatched = pd.concat([unmatched, unmatched[unmatched["participant_id"] == "Q"]])
    only_problem(validate(tampered(matching, BASE, unmatched), COHORT, PROGRAMME), "Q is listed 2 times in unmatched")


def test_unknown_unmatched(matching) -> None:  # type: ignore[no-untyped-def]
    unmatched = pd.concat([unmatched_for(BASE), pd.DataFrame([["ZZ", "", "", "mentee", "why"]], columns=list(UNMATCHED_COLUMNS))])
    only_problem(validate(tampered(matching, BASE, unmatched), COHORT, PROGRAMME),
                 "unmatched lists unknown participant 'ZZ'")


@pytest.mark.parametrize("reason", ["", "   ", None, math.nan])
def test_empty_reason(matching, reason) -> None:  # type: ignore[no-untyped-def]
    unmatched = unmatched_for(BASE)
    unmatched["reason"] = unmatched["reason"].astype(object)
    unmatched.loc[unmatched["participant_id"] == "Q", "reason"] = reason
    only_problem(validate(tampered(matching, BASE, unmatched), COHORT, PROGRAMME),
                 "unmatched row for Q has an empty reason")


def test_components_add_up(matching) -> None:  # type: ignore[no-untyped-def]
    bad = tampered(matching, BASE)
    bad.pairs.loc[1, "wish"] = 0.2
    only_problem(validate(bad, COHORT, PROGRAMME), "pair 1 (M2 -> A2, traditional)", "add up to")
    bad.pairs.loc[1, "wish"] = 1e-12  # within tolerance
    assert validate(bad, COHORT, PROGRAMME) == []
    bad.pairs.loc[0, "score"] = math.nan
    only_problem(validate(bad, COHORT, PROGRAMME), "pair 0 (M1 -> A1, traditional)", "add up to")


def test_group_with_two_mentors(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G1", "M3", "Y")]), COHORT, PROGRAMME),
                 "group G1 mixes several mentors or peer pairs: M1, M3")


def test_mentor_in_two_groups(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(validate(tampered(matching, [*BASE, ("G9", "M2", "Y")]), COHORT, PROGRAMME),
                 "mentor M2 is in several groups: G2, G9")


def test_missing_columns(matching) -> None:  # type: ignore[no-untyped-def]
    bad = dataclasses.replace(matching, pairs=matching.pairs.drop(columns=["wish"]))
    assert validate(bad, COHORT, PROGRAMME) == ["pairs has no column 'wish'"]
    bad = dataclasses.replace(matching, unmatched=matching.unmatched.drop(columns=["reason"]))
    assert validate(bad, COHORT, PROGRAMME) == ["unmatched has no column 'reason'"]


def test_several_problems_are_all_reported(matching) -> None:  # type: ignore[no-untyped-def]
    rows = [("G1", "M1", "X1"), ("G2", "M2", "S1"), ("G2", "M2", "A2"), ("G2", "M2", "Y")]
    problems = validate(tampered(matching, rows), COHORT, PROGRAMME)
    assert len(problems) == 3, problems
    assert any("excluded" in p for p in problems)
    assert any("no common language" in p for p in problems)
    assert any("M2 mentors 3 mentees" in p for p in problems)


# --- forms of mentoring, dual roles, fixed pairs, require_all ---------------------------------

FORMS_COHORT = Cohort((
    P("M", Role.MENTOR, experience_years=10, languages=("en", "fi")),
    P("J", Role.MENTOR, experience_years=1),
    P("K", Role.MENTOR, experience_years=10, capacity=1),
    P("A", Role.MENTEE, experience_years=0, languages=("en",)),
    P("B", Role.MENTEE, experience_years=0, languages=("fi",)),
    P("C", Role.MENTEE, experience_years=5),
    P("E", Role.MENTEE, experience_years=0, exclusions=("C",)),
    P("X", Role.ANY, experience_years=3),
    P("Z", Role.ANY, experience_years=3),
    P("R", Role.PEER),
    P("S", Role.PEER),
))
ALL_FORMS = Programme(forms=("traditional", "reverse", "group", "peer"), group_size=(2, 3), max_mentees_per_mentor=2)
MIXED = [("G1", "M", "A", "group"), ("G1", "M", "C", "group"), ("G2", "J", "E", "traditional"), ("G3", "R", "S", "peer")]


def check(matching, rows, programme=ALL_FORMS, **changes) -> list[str]:  # type: ignore[no-untyped-def]
    return validate(tampered(matching, rows, cohort=FORMS_COHORT, **changes), FORMS_COHORT, programme)


def test_every_form_can_be_valid(matching) -> None:  # type: ignore[no-untyped-def]
    assert check(matching, MIXED) == []
    assert check(matching, [("G1", "J", "C", "reverse")]) == []


def test_form_not_enabled(matching) -> None:  # type: ignore[no-untyped-def]
    problems = check(matching, MIXED, dataclasses.replace(ALL_FORMS, forms=("traditional", "peer")))
    assert len(problems) == 2 and all("kind 'group' is not among the programme's forms" in p for p in problems)
    only_problem(check(matching, MIXED, dataclasses.replace(ALL_FORMS, forms=("group", "peer"))),
                 "pair 2 (J -> E, traditional)", "kind 'traditional' is not among")
    only_problem(check(matching, MIXED, dataclasses.replace(ALL_FORMS, forms=("traditional", "group"))),
                 "kind 'peer' is not among")
    only_problem(check(matching, [("G1", "J", "C", "reverse")], dataclasses.replace(ALL_FORMS, forms=("traditional",))),
                 "kind 'reverse' is not among")


def test_unknown_kind(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "M", "A", "buddy")]), "unknown kind 'buddy'")


def test_kind_must_match_experience(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "J", "C", "traditional")]), "labelled traditional", "makes it reverse")
    only_problem(check(matching, [("G1", "M", "A", "reverse")]), "labelled reverse", "makes it traditional")
    only_problem(check(matching, [("G1", "J", "Z", "traditional")]), "labelled traditional")  # 1 year vs 3
    # Unknown experience is never reverse.
    cohort = Cohort(tuple(dataclasses.replace(p, experience_years=None) if p.id == "J" else p for p in FORMS_COHORT))
    rows = [("G1", "J", "C", "reverse")]
    only_problem(validate(tampered(matching, rows, cohort=cohort), cohort, ALL_FORMS), "labelled reverse")


def test_group_with_a_less_experienced_mentor_needs_reverse(matching) -> None:  # type: ignore[no-untyped-def]
    rows = [("G1", "J", "C", "group"), ("G1", "J", "X", "group")]
    assert check(matching, rows) == []
    problems = check(matching, rows, dataclasses.replace(ALL_FORMS, forms=("group",)))
    assert len(problems) == 2 and all("reverse mentoring is not among" in p for p in problems), problems


def test_group_size(matching) -> None:  # type: ignore[no-untyped-def]
    # max_mentees_per_mentor=2 caps a group as it caps separate pairs (issue 15): 2 to 2, not 2 to 3.
    only_problem(check(matching, [("G1", "M", "A", "group")]), "M's group has 1 mentees but must have 2 to 2")
    rows = [("G1", "M", m, "group") for m in ("A", "C", "X", "Z")]
    only_problem(check(matching, rows), "M's group has 4 mentees but must have 2 to 2")
    only_problem(check(matching, rows, dataclasses.replace(ALL_FORMS, group_size=(2, 4))),
                 "M's group has 4 mentees but must have 2 to 2")
    # As stated, M (no capacity stated) takes 1 mentee, in a group too; stating 4, a group of 4.
    as_stated = dataclasses.replace(ALL_FORMS, group_size=(2, 4), max_mentees_per_mentor=None)
    only_problem(check(matching, rows, as_stated), "M runs a group but no group size fits them")
    four = Cohort(tuple(dataclasses.replace(p, capacity=4) if p.id == "M" else p for p in FORMS_COHORT))
    assert validate(tampered(matching, rows, cohort=four), four, as_stated) == []
    # K's own capacity (1) leaves no group size.
    only_problem(check(matching, [("G1", "K", "A", "group"), ("G1", "K", "C", "group")]),
                 "K runs a group but no group size fits them")


def test_group_or_individual(matching) -> None:  # type: ignore[no-untyped-def]
    rows = [("G1", "M", "A", "group"), ("G1", "M", "C", "group"), ("G1", "M", "E")]
    only_problem(check(matching, rows), "M runs a group and also individual pairs")


def test_co_mentees_must_not_clash(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "M", "A", "group"), ("G1", "M", "B", "group")]),
                 "A and B share M's group: no common language")
    only_problem(check(matching, [("G1", "M", "C", "group"), ("G1", "M", "E", "group")]),
                 "C and E share M's group: excluded: E lists C")
    # Individual mentees of one mentor may clash: they never meet.
    assert check(matching, [("G1", "M", "A"), ("G1", "M", "B")]) == []


def test_peer_roles(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "M", "R", "peer")]), "peer pair: M signed up as mentor, who cannot be a peer")
    only_problem(check(matching, [("G1", "M", "R")]), "mentee R signed up as peer")
    assert check(matching, [("G1", "X", "R", "peer")]) == []  # "any" may be a peer


def test_peers_receive_once(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "R", "S", "peer"), ("G2", "R", "X", "peer")]),
                 "R is a mentee or peer in 2 pairs")
    only_problem(check(matching, [("G1", "X", "Z", "peer"), ("G2", "M", "X")]), "X is a mentee or peer in 2 pairs")


def test_dual_roles(matching) -> None:  # type: ignore[no-untyped-def]
    dual = dataclasses.replace(ALL_FORMS, dual_roles=True)
    for rows in ([("G1", "M", "X"), ("G2", "X", "A")], [("G1", "X", "Z", "peer"), ("G2", "X", "A")]):
        only_problem(check(matching, rows), "X is both a mentor and a mentee (or peer)")
        assert check(matching, rows, dual) == []
    only_problem(check(matching, [("G1", "X", "Z"), ("G2", "Z", "X")], dual), "X and Z mentor each other")


def test_programme_exclusions(matching) -> None:  # type: ignore[no-untyped-def]
    for pair in (("M", "A"), ("A", "M")):
        programme = dataclasses.replace(ALL_FORMS, exclusions=(pair,))
        only_problem(check(matching, [("G1", "M", "A")], programme), "excluded by the programme")
        only_problem(check(matching, [("G1", "M", "A", "group"), ("G1", "M", "C", "group")], programme),
                     "excluded by the programme")


def test_fixed_pairs(matching) -> None:  # type: ignore[no-untyped-def]
    fixed = dataclasses.replace(ALL_FORMS, fixed_pairs=(("M", "A"), ("S", "R")))
    assert check(matching, MIXED, fixed) == []  # a group pair and a peer pair in either order both count
    problems = check(matching, [("G1", "M", "C")], fixed)
    assert len(problems) == 2, problems
    assert "fixed pair M-A is missing" in problems[0] and "fixed pair S-R is missing" in problems[1]
    # Only the fixed direction counts.
    flipped = dataclasses.replace(ALL_FORMS, fixed_pairs=(("A", "M"),))
    only_problem(check(matching, [("G1", "M", "A")], flipped), "fixed pair A-M is missing")
    # Rules are owed only by a matching.
    assert check(matching, [], fixed, status=mp.Status.INFEASIBLE) == []


def test_require_all(matching) -> None:  # type: ignore[no-untyped-def]
    programme = dataclasses.replace(ALL_FORMS, require_all=True)
    problems = check(matching, MIXED, programme)
    left = sorted(set(FORMS_COHORT.ids) - {"M", "A", "C", "J", "E", "R", "S"})
    assert problems == [f"require_all: {pid} is not matched" for pid in FORMS_COHORT.ids if pid in left]
    assert check(matching, [], programme, status=mp.Status.INFEASIBLE) == []


def test_cohesion(matching) -> None:  # type: ignore[no-untyped-def]
    bad = tampered(matching, MIXED, cohort=FORMS_COHORT)
    bad.pairs.loc[2, ["score", "cohesion"]] = [bad.pairs.loc[2, "score"] + 0.01, 0.01]
    only_problem(validate(bad, FORMS_COHORT, ALL_FORMS), "pair 2 (J -> E, traditional)", "only group pairs")
    bad = tampered(matching, MIXED, cohort=FORMS_COHORT)
    bad.pairs.loc[0, ["score", "cohesion"]] = [bad.pairs.loc[0, "score"] + 0.01, 0.01]
    assert validate(bad, FORMS_COHORT, ALL_FORMS) == []
    bad.pairs.loc[0, ["score", "cohesion"]] = [bad.pairs.loc[0, "score"] - 0.02, -0.01]
    only_problem(validate(bad, FORMS_COHORT, ALL_FORMS), "pair 0 (M -> A, group)", "must not be negative")
    # A cohesion part that the score leaves out is caught too.
    bad.pairs.loc[0, "cohesion"] = 0.05
    only_problem(validate(bad, FORMS_COHORT, ALL_FORMS), "add up to")


def test_peer_pairs_have_their_own_group_ids(matching) -> None:  # type: ignore[no-untyped-def]
    only_problem(check(matching, [("G1", "R", "S", "peer"), ("G1", "X", "Z", "peer")]),
                 "group G1 mixes several mentors or peer pairs: R+S, X+Z")
    only_problem(check(matching, [("G1", "M", "A"), ("G1", "X", "Z", "peer")]),
                 "group G1 mixes several mentors or peer pairs: M, X+Z")


def test_validate_is_independent_of_the_solver() -> None:
    """validate must not share code with what it checks."""
    import importlib

    # (`import mentorpair.validate as m` would give the function the package exports under that name.)
    module = importlib.import_module("mentorpair.validate")

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    for name in ("solver", "scoring", "pipeline", "ortools"):
        assert not any(name in m for m in imported), (name, imported)


def test_exported_lazily() -> None:
    assert mp.validate is validate
