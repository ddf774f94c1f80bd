"""Example-based tests of mentorpair.match: each rule on a cohort small enough to reason about."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import explanation_parts

import mentorpair as mp
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.model.vocab import MeetingMode, Role
from mentorpair.validate import validate

P = Participant


def pairs_of(matching: mp.Matching) -> set[tuple[str, str]]:
    return set(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))


def reason_of(matching: mp.Matching, pid: str) -> str:
    rows = matching.unmatched[matching.unmatched["participant_id"] == pid]
    assert len(rows) == 1, (pid, matching.unmatched)
    return str(rows["reason"].iloc[0])


def solve(cohort: Cohort, programme: Programme, encoder) -> mp.Matching:  # type: ignore[no-untyped-def]
    matching = mp.match(cohort, programme, encoder=encoder)
    assert validate(matching, cohort, programme) == []
    return matching


# --- capacity -------------------------------------------------------------------------------

MENTEES = tuple(P(f"A{i}", Role.MENTEE, goals="research") for i in range(4))


def test_programme_capacity(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, offers="research"), *MENTEES))
    for limit in (1, 2, 3):
        m = solve(cohort, Programme(max_mentees_per_mentor=limit), fake_encoder)
        assert len(m.pairs) == limit
        assert set(m.pairs["mentor_id"]) == {"M"}
        assert m.pairs["group_id"].nunique() == 1
        assert len(m.unmatched) == 4 - limit


def test_own_capacity_lowers_the_programme_limit(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, offers="research", capacity=2),
                     P("N", Role.MENTOR, offers="research", capacity=5), *MENTEES))
    m = solve(cohort, Programme(max_mentees_per_mentor=3), fake_encoder)
    counts = m.pairs["mentor_id"].value_counts().to_dict()
    assert counts["M"] <= 2 and counts["N"] <= 3
    assert len(m.pairs) == 4  # coverage first: everyone is placed
    m = solve(cohort, Programme(max_mentees_per_mentor=1), fake_encoder)
    assert len(m.pairs) == 2


def test_full_mentor_reason(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, offers="research"), *MENTEES[:2]))
    m = solve(cohort, Programme(), fake_encoder)
    (left,) = m.unmatched["participant_id"]
    assert "M" in reason_of(m, left) and "taken" in reason_of(m, left)


# --- same organisation ------------------------------------------------------------------------

# A1 fits M1 (same organisation, ignoring case and space) better than M2, by less than the penalty.
ORG_COHORT = Cohort((
    P("M1", Role.MENTOR, organisation="Acme  Oy", offers="leadership teams"),
    P("M2", Role.MENTOR, organisation="Other", offers="leadership"),
    P("A1", Role.MENTEE, organisation=" acme oy", goals="leadership teams"),
))


def test_same_organisation_allowed(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    m = solve(ORG_COHORT, Programme(same_organisation="allowed"), fake_encoder)
    assert pairs_of(m) == {("M1", "A1")}
    assert m.pairs["same_organisation"].tolist() == [0.0]


def test_same_organisation_discouraged(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    m = solve(ORG_COHORT, Programme(same_organisation="discouraged"), fake_encoder)
    assert pairs_of(m) == {("M2", "A1")}
    # The penalty is there when the pair is the only choice.
    alone = Cohort(tuple(p for p in ORG_COHORT if p.id != "M2"))
    m = solve(alone, Programme(same_organisation="discouraged"), fake_encoder)
    assert pairs_of(m) == {("M1", "A1")}
    assert m.pairs["same_organisation"].tolist() == [-0.15]
    assert "discourages" in m.explain("A1")


def test_same_organisation_forbidden(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    m = solve(ORG_COHORT, Programme(same_organisation="forbidden"), fake_encoder)
    assert pairs_of(m) == {("M2", "A1")}
    alone = Cohort(tuple(p for p in ORG_COHORT if p.id != "M2"))
    m = solve(alone, Programme(same_organisation="forbidden"), fake_encoder)
    assert m.pairs.empty
    assert "same organisation" in reason_of(m, "A1") and "M1" in reason_of(m, "A1")


# --- wishes ----------------------------------------------------------------------------------


def test_hard_wish_honoured(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="research data"),
        P("M2", Role.MENTOR, offers="chess"),
        P("A1", Role.MENTEE, goals="research data", wishes=("M2",)),
    ))
    assert pairs_of(solve(cohort, Programme(wishes="ignore"), fake_encoder)) == {("M1", "A1")}
    m = solve(cohort, Programme(wishes="hard"), fake_encoder)
    assert m.status is mp.Status.OPTIMAL
    assert pairs_of(m) == {("M2", "A1")}
    assert m.pairs["wish"].tolist() == [0.2]


def test_conflicting_hard_wishes(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, capacity=1),
        P("N", Role.MENTOR),
        P("A", Role.MENTEE, wishes=("M",)),
        P("B", Role.MENTEE, wishes=("M",)),
        P("C", Role.MENTEE),
    ))
    programme = Programme(wishes="hard", max_mentees_per_mentor=3)
    m = solve(cohort, programme, fake_encoder)
    assert m.status is mp.Status.INFEASIBLE
    assert m.pairs.empty
    assert len(m.conflicts) == 2
    assert any(c.startswith("A's hard wish") for c in m.conflicts)
    assert any(c.startswith("B's hard wish") for c in m.conflicts)
    assert sorted(m.unmatched["participant_id"]) == sorted(cohort.ids)
    assert all("conflict" in r for r in m.unmatched["reason"])
    with pytest.raises(mp.InfeasibleError) as info:
        m.raise_for_status()
    assert info.value.conflicts == m.conflicts
    assert isinstance(info.value, mp.SolveError) and isinstance(info.value, RuntimeError)
    # With the programme's wishes a bonus, the same cohort is fine.
    ok = solve(cohort, Programme(max_mentees_per_mentor=3), fake_encoder)
    assert ok.raise_for_status() is ok


def test_impossible_hard_wish_says_why(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, languages=("fi",)),
        P("A", Role.MENTEE, languages=("en",), wishes=("M",)),
    ))
    m = solve(cohort, Programme(wishes="hard"), fake_encoder)
    assert m.status is mp.Status.INFEASIBLE
    (conflict,) = m.conflicts
    assert conflict.startswith("A's hard wish") and "no common language" in conflict


# --- unmatched reasons ------------------------------------------------------------------------


def test_no_common_language(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M1", Role.MENTOR, languages=("fi",)),
        P("M2", Role.MENTOR, languages=("en", "fi")),
        P("A1", Role.MENTEE, languages=("sv",)),
        P("A2", Role.MENTEE, languages=("en",)),
    ))
    m = solve(cohort, Programme(), fake_encoder)
    assert pairs_of(m) == {("M2", "A2")}
    reason = reason_of(m, "A1")
    assert "language" in reason and "M1" in reason and "M2" in reason
    assert "kieltä" in m.explain("A1", "fi")


def test_peer_is_unmatched_with_reason(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR), P("A", Role.MENTEE), P("Q", Role.PEER)))
    # Peer pairing is on by default, but Q is the only peer.
    m = solve(cohort, Programme(), fake_encoder)
    assert pairs_of(m) == {("M", "A")}
    assert "peer" in reason_of(m, "Q")
    # With peer pairing off, the reason says so.
    m = solve(Cohort((*cohort.participants, P("R", Role.PEER))), Programme(forms=("traditional",)), fake_encoder)
    assert pairs_of(m) == {("M", "A")}
    assert "peer mentoring, which this programme does not pair" in reason_of(m, "Q")
    assert "vertais" in m.explain("Q", "fi")


def test_excluded_pair_is_never_made(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR, offers="x"), P("A", Role.MENTEE, goals="x", exclusions=("M",))))
    m = solve(cohort, Programme(), fake_encoder)
    assert m.pairs.empty
    assert "exclusion" in reason_of(m, "A")


def test_nobody_to_pair_with(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    for cohort in (Cohort(()), Cohort((P("A", Role.MENTEE),)), Cohort((P("M", Role.MENTOR), P("N", Role.MENTOR)))):
        m = solve(cohort, Programme(), fake_encoder)
        assert m.status is mp.Status.OPTIMAL
        assert m.pairs.empty
        assert all(r.strip() for r in m.unmatched["reason"])


def test_any_role_is_mentor_or_mentee_not_both(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, offers="python", experience_years=20),
        P("X", Role.ANY, goals="python", offers="writing", experience_years=5),
        P("A", Role.MENTEE, goals="writing", experience_years=0),
    ))
    m = solve(cohort, Programme(), fake_encoder)
    # Three people, and X cannot both mentor A and be mentored by M: one pair, two people.
    assert len(m.pairs) == 1
    assert len(m.unmatched) == 1


# --- explanations ---------------------------------------------------------------------------

EXPLAIN_COHORT = Cohort((
    P("M1", Role.MENTOR, organisation="A", experience_years=10, offers="leadership teams",
      goal_areas=("leadership",), languages=("fi",), capacity=2, location="Helsinki",
      meeting_mode=MeetingMode.IN_PERSON),
    P("M2", Role.MENTOR, organisation="B", experience_years=3, offers="research career data", languages=("en",)),
    P("A1", Role.MENTEE, organisation="A", experience_years=1, goals="leadership", location="helsinki",
      goal_areas=("leadership", "networking", "career"), languages=("fi", "en"), wishes=("M1",)),
    P("A2", Role.MENTEE, organisation="C", experience_years=0.5, goals="research data writing",
      goal_areas=("research",), languages=("en",), meeting_mode=MeetingMode.REMOTE),
    P("A3", Role.MENTEE, organisation="C", goals="research python", languages=("en",)),
    P("X", Role.ANY, organisation="C", experience_years=5, goals="research", offers="teams python"),
))


@pytest.mark.parametrize("language", ["en", "fi"])
def test_explanation_numbers_add_up(fake_encoder, language) -> None:  # type: ignore[no-untyped-def]
    programme = Programme(max_mentees_per_mentor=2, same_organisation="discouraged")
    m = solve(EXPLAIN_COHORT, programme, fake_encoder)
    assert len(m.pairs) >= 3
    seen = negative = 0
    for row in m.pairs.itertuples():
        text = m.explain(row.mentee_id, language)
        ((parts, total),) = explanation_parts(text)
        assert ("Parts:" if language == "en" else "Osat:") in text
        assert len(parts) == (7 if row.kind == "group" else 6), text
        assert sum(parts) == total, text
        assert abs(total - row.score * 100) <= 0.5 + 1e-6, (text, row.score)
        negative += any(p < 0 for p in parts)
        # The mentor's explanation lists the same pair among theirs.
        assert text in m.explain(row.mentor_id, language)
        seen += 1
    assert seen == len(m.pairs)
    assert negative  # the same-organisation penalty is shown and subtracted


def test_explain_languages(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    m = solve(EXPLAIN_COHORT, Programme(max_mentees_per_mentor=2), fake_encoder)
    mentee = m.pairs["mentee_id"].iloc[0]
    mentor = m.pairs["mentor_id"].iloc[0]
    en, fi = m.explain(mentee, "en"), m.explain(mentee, language="fi")
    assert f"{mentee} is mentored by {mentor}" in en and "Parts:" in en
    # The ids stand in the nominative after their role nouns: no case ending glued to an id ("A1:a").
    assert f"mentori {mentor} ja aktori {mentee}" in fi and "Osat:" in fi
    assert en != fi
    assert m.explain(mentee) == en
    with pytest.raises(ValueError):
        m.explain(mentee, "sv")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        m.explain("nobody")
    unmatched_cohort = Cohort((*EXPLAIN_COHORT.participants, P("Q", Role.PEER)))
    m = solve(unmatched_cohort, Programme(max_mentees_per_mentor=2, forms=("traditional",)), fake_encoder)
    assert m.explain("Q").startswith("Q is not matched: ")
    assert m.explain("Q", "fi").startswith("Q jäi ilman paria: ")
    assert m.unmatched_in("fi")["reason"].iloc[0] != m.unmatched["reason"].iloc[0]


def test_stage_values_and_summary(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    m = solve(EXPLAIN_COHORT, Programme(max_mentees_per_mentor=2), fake_encoder)
    assert m.status is mp.Status.OPTIMAL
    assert m.stage_values["coverage"] == len(m.matched_ids)
    assert m.stage_values["fairness"] == pytest.approx(m.pairs["score"].min())
    assert m.stage_values["total"] == pytest.approx(m.pairs["score"].sum())
    assert m.objective == pytest.approx(m.pairs["score"].sum()) and m.gap == 0.0
    assert "status: OPTIMAL" in m.summary()


# --- forms of mentoring, dual roles, fixed pairs ---------------------------------------------


def test_peers_mentor_each_other(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("R", Role.PEER, goals="writing", offers="python"),
        P("S", Role.PEER, goals="python", offers="writing"),
        P("M", Role.MENTOR, offers="python"),
        P("A", Role.MENTEE, goals="python"),
    ))
    m = solve(cohort, Programme(), fake_encoder)
    assert set(zip(m.pairs["mentor_id"], m.pairs["mentee_id"], m.pairs["kind"])) == {
        ("R", "S", "peer"), ("M", "A", "traditional")}
    assert m.pairs["group_id"].nunique() == 2
    assert "R and S mentor each other (peer)" in m.explain("S")
    assert m.explain("R") == m.explain("S")
    assert "vertaismentorointi" in m.explain("R", "fi")


def test_reverse_mentoring(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    # A junior who knows the tool the senior wants to learn.
    cohort = Cohort((
        P("J", Role.MENTOR, experience_years=1, offers="python data"),
        P("SENIOR", Role.MENTEE, experience_years=20, goals="python data"),
    ))
    m = solve(cohort, Programme(), fake_encoder)
    assert m.pairs.empty
    assert "reverse mentoring is not enabled" in reason_of(m, "SENIOR")
    m = solve(cohort, Programme(forms=("traditional", "reverse")), fake_encoder)
    assert m.pairs[["mentor_id", "mentee_id", "kind"]].values.tolist() == [["J", "SENIOR", "reverse"]]
    assert m.pairs["experience"].tolist() == [0.075]  # neutral: experience is not the point
    assert "reverse mentoring" in m.explain("J")


def test_group_mentoring(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, offers="python data", capacity=3),
        P("A", Role.MENTEE, goals="python data", goal_areas=("research",)),
        P("B", Role.MENTEE, goals="python data", goal_areas=("research",)),
        P("C", Role.MENTEE, goals="python"),
        P("D", Role.MENTEE, goals="writing"),
    ))
    programme = Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=None)
    m = solve(cohort, programme, fake_encoder)
    assert set(m.pairs["kind"]) == {"group"} and set(m.pairs["mentor_id"]) == {"M"}
    assert len(m.pairs) == 3 and m.pairs["group_id"].nunique() == 1
    assert {"A", "B"} <= set(m.pairs["mentee_id"])  # the two whose goals fit each other best
    assert m.pairs["cohesion"].sum() > 0
    text = m.explain("A")
    assert "group cohesion" in text and "with B" in text
    # Too few mentees for the smallest group: nobody is matched.
    m = solve(Cohort(cohort.participants[:2]), programme, fake_encoder)
    assert m.pairs.empty


def test_dual_roles(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M", Role.MENTOR, offers="leadership"),
        P("X", Role.ANY, goals="leadership", offers="python"),
        P("A", Role.MENTEE, goals="python"),
    ))
    m = solve(cohort, Programme(forms=("traditional",)), fake_encoder)
    assert len(m.pairs) == 1
    m = solve(cohort, Programme(forms=("traditional",), dual_roles=True), fake_encoder)
    assert pairs_of(m) == {("M", "X"), ("X", "A")}
    # Only "any" may take both roles.
    fixed_roles = Cohort(tuple(dataclasses.replace(p, role=Role.MENTOR) if p.id == "X" else p for p in cohort))
    m = solve(fixed_roles, Programme(forms=("traditional",), dual_roles=True), fake_encoder)
    assert len(m.pairs) == 1


def test_fixed_pairs_and_programme_exclusions(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("M1", Role.MENTOR, offers="python"),
        P("M2", Role.MENTOR, offers="chess"),
        P("A", Role.MENTEE, goals="python"),
    ))
    assert pairs_of(solve(cohort, Programme(), fake_encoder)) == {("M1", "A")}
    assert pairs_of(solve(cohort, Programme(fixed_pairs=(("M2", "A"),)), fake_encoder)) == {("M2", "A")}
    assert pairs_of(solve(cohort, Programme(exclusions=(("A", "M1"),)), fake_encoder)) == {("M2", "A")}
    m = solve(cohort, Programme(fixed_pairs=(("A", "M2"),)), fake_encoder)
    assert m.status is mp.Status.INFEASIBLE  # A cannot mentor M2
    assert m.conflicts and m.conflicts[0].startswith("fixed pair A-M2")


def test_late_sign_ups_keep_announced_pairs(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    first = Cohort((P("M1", Role.MENTOR, offers="python"), P("A", Role.MENTEE, goals="chess")))
    announced = solve(first, Programme(), fake_encoder)
    assert pairs_of(announced) == {("M1", "A")}
    later = Cohort((*first.participants, P("M2", Role.MENTOR, offers="chess"), P("B", Role.MENTEE, goals="python")))
    assert pairs_of(solve(later, Programme(), fake_encoder)) == {("M2", "A"), ("M1", "B")}
    m = mp.match(later, Programme(), encoder=fake_encoder, fixed=announced)
    assert validate(m, later, m.programme) == []
    assert pairs_of(m) == {("M1", "A"), ("M2", "B")}


def test_require_all(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((P("M", Role.MENTOR), P("A", Role.MENTEE), P("B", Role.MENTEE)))
    assert len(solve(cohort, Programme(max_mentees_per_mentor=2, require_all=True), fake_encoder).pairs) == 2
    m = solve(cohort, Programme(require_all=True), fake_encoder)
    assert m.status is mp.Status.INFEASIBLE
    # M can be matched either way: A and B are the conflict, and one of them must give.
    assert sorted(m.conflicts) == ["require_all: A (mentee) must be matched", "require_all: B (mentee) must be matched"]
    assert len(m.relaxation) == 1 and m.relaxation[0].startswith("require_all: ")
    with pytest.raises(mp.InfeasibleError):
        m.raise_for_status()


# --- determinism and import weight ----------------------------------------------------------


def test_deterministic(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    programme = Programme(max_mentees_per_mentor=2, same_organisation="discouraged")
    a = mp.match(EXPLAIN_COHORT, programme, encoder=fake_encoder)
    b = mp.match(EXPLAIN_COHORT, programme, encoder=fake_encoder)
    assert a.pairs.to_csv() == b.pairs.to_csv()
    assert a.unmatched.to_csv() == b.unmatched.to_csv()
    assert [a.explain(p) for p in EXPLAIN_COHORT.ids] == [b.explain(p) for p in EXPLAIN_COHORT.ids]


def test_import_is_light() -> None:
    code = (
        "import sys, mentorpair\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('ortools', 'torch', 'sentence_transformers'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout


def test_rejects_non_cohort(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="Cohort"):
        mp.match([P("A", Role.MENTEE)], encoder=fake_encoder)  # type: ignore[arg-type]


# --- the real model -------------------------------------------------------------------------


@pytest.mark.model
def test_real_encoder_picks_the_obvious_pairs(real_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort((
        P("ML", Role.MENTOR, offers="I teach machine learning and data science with Python"),
        P("TALK", Role.MENTOR, offers="I coach public speaking and presentation skills"),
        P("MONEY", Role.MENTOR, offers="I advise on personal finance, budgeting and saving money"),
        P("a", Role.MENTEE, goals="I feel nervous when giving talks in front of an audience"),
        P("b", Role.MENTEE, goals="I need help managing my household budget and savings"),
        P("c", Role.MENTEE, goals="I want to learn how to train neural networks for data analysis"),
    ))
    m = solve(cohort, Programme(), real_encoder)
    assert m.status is mp.Status.OPTIMAL
    assert pairs_of(m) == {("TALK", "a"), ("MONEY", "b"), ("ML", "c")}
    assert m.encoder_id == real_encoder.id
    # The explanation quotes the two phrases that meet, verbatim from the two sign-ups.
    assert ("c's goal 'I want to learn how to train neural networks for data analysis' meets ML's offer "
            "'I teach machine learning and data science with Python' (similarity") in m.explain("c")
