"""``Programme(organisation_key=...)``: what makes two people colleagues, for the hard rule and the penalty alike."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from claims import check_claims
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases
from test_validate import only_problem, tampered

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair import Participant as P
from mentorpair.result.persist import load_matching, save_matching
from mentorpair.scoring.organisation import organisation_key_of, organisation_of
from mentorpair.scoring.parts import same_organisation
from mentorpair.scoring.table import build_score_table
from mentorpair.scoring.vectorised import PeopleArrays
from mentorpair.testing import HashEncoder
from mentorpair.validate import pair_violations, validate

ENCODER = HashEncoder()
JYU_CHEMISTRY = "Jyväskylän yliopisto / Kemian laitos"
JYU_EDUCATION = "Jyväskylän yliopisto / Kasvatustieteiden laitos"


def faculty(person: P) -> str:
    """A coordinator's own key: the part after the slash."""
    return person.organisation.rpartition("/")[2]


def _pairs(matching: mp.Matching) -> list[tuple[str, str]]:
    return sorted(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))


@pytest.mark.parametrize("key, organisation, email, expected", [
    ("exact", f"  {JYU_CHEMISTRY} ", "", JYU_CHEMISTRY),
    ("prefix", JYU_CHEMISTRY, "", "Jyväskylän yliopisto"),
    ("prefix", "Jyväskylän yliopisto, Kemian laitos", "", "Jyväskylän yliopisto"),
    ("prefix", "Itä-Suomen yliopisto - Filosofinen tiedekunta", "", "Itä-Suomen yliopisto"),  # a hyphen is no cut
    ("prefix", "Itä-Suomen yliopisto", "", "Itä-Suomen yliopisto"),
    ("email_domain", "whatever", "anna@JYU.fi", "JYU.fi"),
    ("email_domain", "Jyväskylän yliopisto", "", ""),  # no e-mail: no organisation
    (faculty, JYU_CHEMISTRY, "", "Kemian laitos"),
])
def test_organisation_of_says_the_organisation_as_compared(key, organisation, email, expected) -> None:  # type: ignore[no-untyped-def]
    person = P("X", Role.MENTOR, organisation=organisation, email=email)
    rules = Programme(organisation_key=key)
    assert organisation_of(person, rules) == expected
    assert organisation_key_of(person, rules) == " ".join(expected.split()).casefold()


def _faculties() -> Cohort:
    return Cohort((
        P("M1", Role.MENTOR, organisation=JYU_CHEMISTRY, email="m1@jyu.fi", offers="data"),
        P("M2", Role.MENTOR, organisation="Tampereen yliopisto", email="m2@tuni.fi", offers="writing"),
        P("A1", Role.MENTEE, organisation=JYU_EDUCATION, email="a1@student.jyu.fi", goals="data"),
    ))


@pytest.mark.parametrize("key, colleagues", [("exact", False), ("prefix", True), ("email_domain", False),
                                             (lambda p: p.organisation.split()[0], True)])
def test_the_key_drives_the_hard_rule_and_the_penalty(key, colleagues: bool) -> None:  # type: ignore[no-untyped-def]
    cohort = _faculties()
    forbidden = Programme(same_organisation="forbidden", organisation_key=key)
    matching = mp.match(cohort, forbidden, encoder=ENCODER)
    assert validate(matching, cohort, forbidden) == []
    # A1's goals fit M1's offer: only the rule can keep them apart.
    assert _pairs(matching) == ([("M2", "A1")] if colleagues else [("M1", "A1")])
    discouraged = replace(forbidden, same_organisation="discouraged")
    table = build_score_table(cohort, discouraged, ENCODER)
    arc = table.index_of("M1", "A1")
    assert arc is not None and table.raw["same_organisation"][arc] == (-1.0 if colleagues else 0.0)
    assert table.organisations[0] == organisation_of(cohort["M1"], discouraged)


def test_no_email_is_never_a_colleague_under_email_domain() -> None:
    cohort = Cohort((P("M", Role.MENTOR, organisation="Acme"), P("A", Role.MENTEE, organisation="Acme")))
    rules = Programme(same_organisation="forbidden", organisation_key="email_domain")
    assert _pairs(mp.match(cohort, rules, encoder=ENCODER)) == [("M", "A")]


def test_validate_compares_organisations_by_the_key(solve) -> None:  # type: ignore[no-untyped-def]
    cohort = _faculties()
    rules = Programme(same_organisation="forbidden", organisation_key="prefix")
    matching = solve(cohort, rules)
    only_problem(validate(tampered(matching, [("G1", "M1", "A1")], cohort=cohort), cohort, rules),
                 "same organisation", "compared as 'Jyväskylän yliopisto'", "forbids")
    assert validate(tampered(matching, [("G1", "M1", "A1")], cohort=cohort), cohort,
                    replace(rules, organisation_key="exact")) == []


def test_a_key_function_that_returns_no_text_is_a_clear_error() -> None:
    cohort = _faculties()
    rules = Programme(same_organisation="forbidden", organisation_key=lambda p: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(mp.ValidationError) as info:
        mp.match(cohort, rules, encoder=ENCODER)
    assert [p.participant for p in info.value.problems] == ["M1", "M2", "A1"]
    assert all(p.field == "organisation_key" and "must return a text" in p.message for p in info.value.problems)


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(mp.ValidationError, match="organisation_key.*'exact', 'prefix', 'email_domain'"):
        Programme(organisation_key="domain")  # type: ignore[arg-type]


def test_a_key_function_shows_by_name_and_is_not_saved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rules = Programme(organisation_key=faculty)
    assert repr(rules) == "Programme(organisation_key=<function test_organisation_key.faculty>)"
    assert "function faculty" in rules._repr_html_()
    cohort = _faculties()
    matching = mp.match(cohort, rules, encoder=ENCODER)
    with pytest.raises(mp.ValidationError) as info:
        save_matching(matching, tmp_path / "m.json")
    (problem,) = info.value.problems
    assert problem.field == "organisation_key" and "cannot be saved" in problem.message
    assert not (tmp_path / "m.json").exists()
    # A named key is saved and read back.
    named = mp.match(cohort, replace(rules, organisation_key="prefix"), encoder=ENCODER)
    path = save_matching(named, tmp_path / "named.json")
    assert load_matching(path).programme == named.programme


ORGANISATIONS = ("", "A / x", "a / y", "A, z", "A - w", "A-B", "B", "b / x")
EMAILS = ("", "p@a.fi", "q@A.fi", "r@b.fi")


@given(orgs=st.lists(st.tuples(st.sampled_from(ORGANISATIONS), st.sampled_from(EMAILS)), min_size=2, max_size=6),
       key=st.sampled_from(["exact", "prefix", "email_domain", faculty]))
def test_the_arrays_the_one_pair_rule_and_validate_agree(orgs, key) -> None:  # type: ignore[no-untyped-def]
    people = [P(f"P{i}", Role.ANY, organisation=o, email=e) for i, (o, e) in enumerate(orgs)]
    rules = Programme(organisation_key=key, same_organisation="forbidden")
    arrays = PeopleArrays.of(people, rules)
    pairs = [(i, j) for i in range(len(people)) for j in range(i + 1, len(people))]
    a, b = np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])
    together = arrays.same_organisation(a, b)
    for k in range(len(a)):
        p, q = people[int(a[k])], people[int(b[k])]
        assert together[k] == same_organisation(p, q, rules)
        assert together[k] == any("same organisation" in m for m in pair_violations(p, q, rules))


@given(case=cases(), key=st.sampled_from(["prefix", "email_domain", faculty]),
       rule=st.sampled_from(["forbidden", "discouraged"]))
def test_every_claim_holds_under_any_organisation_key(case: tuple[Cohort, Programme], key, rule: str) -> None:  # type: ignore[no-untyped-def]
    cohort, programme = case
    programme = replace(programme, organisation_key=key, same_organisation=rule)
    check_claims(mp.match(cohort, programme, encoder=ENCODER), cohort, programme, ENCODER)


def test_the_explanation_names_the_organisation_as_compared() -> None:
    people = [
        mp.Participant(id="M1", role=mp.Role.MENTOR, organisation="Jyväskylän yliopisto / Kemian laitos",
                       goals="", offers="kemia"),
        mp.Participant(id="A1", role=mp.Role.MENTEE, organisation="Jyväskylän yliopisto / Kasvatustieteiden laitos",
                       goals="kemia"),
    ]
    rules = mp.Programme(same_organisation="discouraged", organisation_key="prefix")
    matching = mp.match(mp.Cohort(people), rules, encoder=HashEncoder())
    coordinator = matching.explain("A1")
    assert "both at Jyväskylän yliopisto, which the programme discourages" in coordinator
    assert "Kemian laitos" not in coordinator.split("same organisation")[-1]
    assert "Jyväskylän yliopisto." in matching.explain("A1", audience="participant")
    assert "organisaatiossa Jyväskylän yliopisto." in matching.explain("A1", language="fi", audience="participant")
