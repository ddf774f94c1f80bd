"""The decision loop (issue 19): why not a pair, who else for a person, two matchings and two programmes compared.

Forced-pair prices are checked against brute force (tests/brute_force.py) on small generated
cohorts: the matching ``why_not`` and ``alternatives`` solve with the pair forced must be the
best of all valid matchings that contain the pair, stage by stage; a pair they call forbidden
must be in no valid matching at all. Every matching they produce passes the validator.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from brute_force import all_values, best_key, default_requirements, reported, units
from hypothesis import given
from hypothesis import strategies as st
from small_cohorts import three_and_three
from strategies import cohorts, programmes

import mentorpair as mp
from mentorpair import Cohort, MeetingMode, Programme, Role, pipeline
from mentorpair import Participant as P
from mentorpair.cli import main
from mentorpair.decide import compare_matchings
from mentorpair.model.vocab import (
    BLOCK_EXCLUDED,
    BLOCK_LANGUAGE,
    BLOCK_MEETING,
    BLOCK_PROGRAMME_EXCLUDED,
    BLOCK_REVERSE,
    BLOCK_SAME_ORG,
    BLOCK_TRADITIONAL,
)
from mentorpair.result.persist import load_matching
from mentorpair.result.words.rules import block_text
from mentorpair.synthetic.generator import synthetic_frame
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()


def _forced_best(cohort: Cohort, programme: Programme, a: str, b: str) -> tuple[int, ...] | None:
    """Brute force: the best key of the valid matchings with ``a`` and ``b`` a pair (either way round)."""
    keys = [best_key(cohort, programme, ENCODER,
                     requirements=[*default_requirements(cohort, programme), ("fixed", first, second)])
            for first, second in ((a, b), (b, a))]
    found = [k for k in keys if k is not None]
    return max(found) if found else None


def _check_against_brute_force(facts: mp.WhyNot, cohort: Cohort, programme: Programme) -> None:
    a, b = facts.first, facts.second
    if facts.paired:
        assert facts.after == facts.before
        return
    if not facts.allowed:
        # Forbidden means in no valid matching whatever the other rules.
        for first, second in ((a, b), (b, a)):
            assert not all_values(cohort, programme, ENCODER, requirements=[("fixed", first, second)])
        assert facts.matching is None and facts.after is None
        return
    assert facts.matching is not None and facts.matching.programme is not None
    assert (facts.mentor_id, facts.mentee_id) in facts.matching.programme.fixed_pairs
    assert validate(facts.matching, cohort, facts.matching.programme) == []
    best = _forced_best(cohort, programme, a, b)
    if facts.status is mp.Status.INFEASIBLE:
        assert best is None and facts.after is None
        return
    if facts.status is not mp.Status.OPTIMAL:
        return
    assert best is not None and facts.after is not None
    pairs = facts.matching.pairs
    assert {a, b} in [{str(x), str(y)} for x, y in zip(pairs["mentor_id"], pairs["mentee_id"])]
    stages = programme.stages
    expected = dict(zip(stages, reported(best, stages)))
    mine = {"coverage": facts.after.coverage, "fairness": units(facts.after.weakest or 0.0),
            "total": units(facts.after.total or 0.0), "wishes": int(facts.matching.stage_values.get("wishes", 0))}
    assert {s: mine[s] for s in stages} == expected


@st.composite
def _cases(draw: st.DrawFn, max_size: int = 6) -> tuple[Cohort, Programme]:
    """A cohort of at least three and rules for it (fixed pairs and exclusions among its ids)."""
    size = draw(st.integers(3, max_size))
    programme = draw(programmes([f"P{i}" for i in range(size)]))
    return draw(cohorts(min_size=size, max_size=size)), programme


def _some_pair(data: st.DataObject, cohort: Cohort, matching: mp.Matching) -> tuple[str, str]:
    """Mostly two people the rules allow as a pair (the interesting case), else any two."""
    table = matching._table
    assert table is not None
    ids = [p.id for p in table.participants]
    allowed = [(ids[int(table.giver[a])], ids[int(table.receiver[a])]) for a in range(len(table)) if table.feasible[a]]
    if allowed and data.draw(st.integers(0, 4)) < 4:
        a, b = data.draw(st.sampled_from(allowed))
        return (b, a) if data.draw(st.booleans()) else (a, b)
    a = data.draw(st.sampled_from(cohort.ids))
    b = data.draw(st.sampled_from([pid for pid in cohort.ids if pid != a]))
    return a, b


@given(case=_cases(), data=st.data())
def test_why_not_prices_a_pair_as_brute_force_does(case: tuple[Cohort, Programme], data: st.DataObject) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    a, b = _some_pair(data, cohort, matching)
    facts = mp.why_not_facts(matching, a, b, encoder=ENCODER)
    _check_against_brute_force(facts, cohort, programme)
    for language in ("en", "fi"):
        text = mp.why_not(matching, a, b, encoder=ENCODER, language=language)
        assert text == facts.text(language) and a in text and b in text


@given(case=_cases(max_size=5), data=st.data())
def test_alternatives_are_the_best_allowed_others_priced_as_brute_force_does(
    case: tuple[Cohort, Programme], data: st.DataObject
) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    pid = data.draw(st.sampled_from(cohort.ids))
    frame = mp.alternatives(matching, pid, k=2, encoder=ENCODER)
    table = matching._table
    assert table is not None
    partners = {str(y) for x, y in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]) if x == pid} | {
        str(x) for x, y in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]) if y == pid}
    ids = [p.id for p in table.participants]
    # Every other allowed counterpart's best score, to check that the k best were chosen.
    scores: dict[str, int] = {}
    for arc in range(len(table)):
        ends = {ids[int(table.giver[arc])], ids[int(table.receiver[arc])]}
        if pid in ends and table.feasible[arc]:
            (other,) = ends - {pid}
            if other not in partners:
                scores[other] = max(scores.get(other, -(10**9)), int(table.score[arc]))
    ranked = sorted(scores, key=lambda o: (-scores[o], ids.index(o)))
    assert list(frame["counterpart_id"]) == ranked[:2]
    assert [units(s) for s in frame["score"]] == [scores[o] for o in ranked[:2]]
    for row in frame.itertuples(index=False):
        facts = mp.why_not_facts(matching, pid, row.counterpart_id, encoder=ENCODER)
        _check_against_brute_force(facts, cohort, programme)
        assert row.status == str(facts.status) and row.words == facts.text("en")
        if facts.after is not None:
            assert row.coverage == facts.after.coverage
            assert row.coverage_change == facts.after.coverage - facts.before.coverage
        assert row.lose_partner == ", ".join(facts.lose_partner)


def _two(first: P, second: P, programme: Programme | None = None) -> mp.Matching:
    return mp.match(Cohort((first, second)), programme or Programme(), encoder=ENCODER)


RULE_CASES = {
    BLOCK_EXCLUDED: (P("M1", Role.MENTOR, exclusions=("A1",)), P("A1", Role.MENTEE), None),
    BLOCK_LANGUAGE: (P("M1", Role.MENTOR, languages=("fi",)), P("A1", Role.MENTEE, languages=("en",)), None),
    BLOCK_SAME_ORG: (P("M1", Role.MENTOR, organisation="Acme"), P("A1", Role.MENTEE, organisation="acme"),
                     Programme(same_organisation="forbidden")),
    BLOCK_MEETING: (P("M1", Role.MENTOR, meeting_mode=MeetingMode.IN_PERSON, location="Helsinki"),
                    P("A1", Role.MENTEE, meeting_mode=MeetingMode.IN_PERSON, location="Tampere"),
                    Programme(meeting="hard")),
    BLOCK_REVERSE: (P("M1", Role.MENTOR, experience_years=1), P("A1", Role.MENTEE, experience_years=20), None),
    BLOCK_TRADITIONAL: (P("M1", Role.MENTOR, experience_years=20), P("A1", Role.MENTEE, experience_years=1),
                        Programme(forms=("reverse",))),
    BLOCK_PROGRAMME_EXCLUDED: (P("M1", Role.MENTOR), P("A1", Role.MENTEE), Programme(exclusions=(("M1", "A1"),))),
}


@pytest.mark.parametrize("code", sorted(RULE_CASES))
def test_why_not_names_each_kind_of_hard_rule(code: str) -> None:
    mentor, mentee, programme = RULE_CASES[code]
    matching = _two(mentor, mentee, programme)
    assert matching.pairs.empty
    facts = mp.why_not_facts(matching, "A1", "M1", encoder=ENCODER)
    assert facts.blocked == (code,) and not facts.allowed and facts.matching is None
    for language in ("en", "fi"):
        text = mp.why_not(matching, "A1", "M1", encoder=ENCODER, language=language)
        assert block_text(code, language) in text


def test_why_not_two_mentors_says_no_form_pairs_them() -> None:
    matching = _two(P("M1", Role.MENTOR), P("M2", Role.MENTOR))
    facts = mp.why_not_facts(matching, "M1", "M2", encoder=ENCODER)
    assert facts.no_form and not facts.allowed
    assert "any form" in facts.text("en") and "mentorointimuodossa" in facts.text("fi")


def test_why_not_an_allowed_pair_costs_what_the_forced_matching_loses() -> None:
    cohort = three_and_three()
    matching = mp.match(cohort, Programme(), encoder=ENCODER)
    partner = dict(zip(matching.pairs["mentee_id"], matching.pairs["mentor_id"]))
    other = next(m for m in ("M1", "M2", "M3") if m != partner["A1"])
    facts = mp.why_not_facts(matching, "A1", other, encoder=ENCODER)
    assert facts.allowed and facts.proven and facts.after is not None and facts.matching is not None
    assert (facts.mentor_id, facts.mentee_id) == (other, "A1")
    assert facts.before.total == matching.objective and facts.after.total == facts.matching.objective
    assert facts.after.total is not None and facts.before.total is not None
    assert facts.after.total <= facts.before.total  # the optimum cannot improve by a rule more
    assert {"A1", other, partner["A1"]} <= set(facts.moves) and {"A1", partner["A1"]} <= set(facts.lose_partner)
    assert facts.changes is not None and "pair forced" in set(facts.changes["reason"])
    text = facts.text("en")
    assert f"Forcing {other}-A1" in text and "weakest pair" in text and "Proven" in text
    assert "heikoin pari" in facts.text("fi") and "pari kiinnitetty" in facts.text("fi")
    already = mp.why_not_facts(matching, "A1", partner["A1"], encoder=ENCODER)
    assert already.paired and "already a pair" in already.text("en")


def test_the_matching_answers_why_not_and_alternatives_itself() -> None:
    """The issue's spelling: matching.why_not(a, b) and matching.alternatives(id), the module's answers."""
    cohort = three_and_three()
    matching = mp.match(cohort, Programme(), encoder=ENCODER)
    partner = dict(zip(matching.pairs["mentee_id"], matching.pairs["mentor_id"]))
    other = next(m for m in ("M1", "M2", "M3") if m != partner["A1"])
    for language in ("en", "fi"):
        assert matching.why_not("A1", other, encoder=ENCODER, language=language) == mp.why_not(
            matching, "A1", other, encoder=ENCODER, language=language)
    assert matching.alternatives("A1", 2, encoder=ENCODER).equals(mp.alternatives(matching, "A1", 2, encoder=ENCODER))


def test_forcing_refuses_another_encoder_and_scores_from_the_caller() -> None:
    matching = mp.match(three_and_three(), encoder=ENCODER)

    class Other(HashEncoder):
        id = "another-encoder"

    with pytest.raises(mp.MentorPairError, match="encoder"):
        mp.why_not(matching, "A1", "M2", encoder=Other())
    with pytest.raises(KeyError):
        mp.why_not(matching, "A1", "nobody", encoder=ENCODER)
    with pytest.raises(ValueError):
        mp.alternatives(matching, "A1", k=-1, encoder=ENCODER)
    with pytest.raises(ValueError):
        mp.why_not(matching, "A1", "M2", encoder=ENCODER, language="sv")  # type: ignore[arg-type]


def test_diff_on_a_drop_out_names_who_left_and_who_moved() -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    partner = dict(zip(before.pairs["mentee_id"], before.pairs["mentor_id"]))
    gone = partner["A1"]
    after = mp.match(cohort.without([gone]), encoder=ENCODER)
    diff = before.diff(after)
    assert list(diff.columns) == ["change", "kind", "mentor_id", "mentee_id", "score_before", "score_after", "reason"]
    broken = diff[diff["change"] == "broken"]
    assert (gone, "A1") in set(zip(broken["mentor_id"], broken["mentee_id"]))
    row = broken[broken["mentor_id"] == gone].iloc[0]
    assert f"mentor {gone} left the cohort" in row["reason"]
    assert (diff["change"] == "kept").sum() + len(broken) == len(before.pairs)
    assert (diff["change"] != "broken").sum() == len(after.pairs)
    assert list(diff["change"]) == sorted(diff["change"], key=["broken", "new", "kept"].index)
    assert diff.equals(before.diff(after))  # deterministic
    fi = before.diff(after, language="fi")
    assert f"mentori {gone} lähti kohortista" in fi[fi["mentor_id"] == gone].iloc[0]["reason"]
    # With the announced pairs fixed, only the drop-out's pair breaks.
    kept = mp.match(cohort.without([gone]), encoder=ENCODER, fixed=before)
    changes = before.diff(kept)
    assert list(changes[changes["change"] != "kept"]["mentor_id"]) == [gone]


def test_diff_against_a_saved_matching(tmp_path: Path) -> None:
    cohort = three_and_three()
    matching = mp.match(cohort, encoder=ENCODER)
    mp.save_matching(matching, tmp_path / "m.json")
    diff = matching.diff(load_matching(tmp_path / "m.json"))
    assert set(diff["change"]) == {"kept"} and len(diff) == len(matching.pairs)


def test_compare_two_programmes_counts_what_changes() -> None:
    # Wishes make the scores: M1-A1 and M2-A2 wish each other, and M1 and A1 work at Acme.
    cohort = Cohort((
        P("M1", Role.MENTOR, organisation="Acme", wishes=("A1",)), P("M2", Role.MENTOR, wishes=("A2",)),
        P("A1", Role.MENTEE, organisation="Acme", wishes=("M1",)), P("A2", Role.MENTEE, wishes=("M2",)),
    ))
    weights = {"goal_text": 0.0, "goal_areas": 0.0, "experience": 0.0, "meeting": 0.0, "wish": 1.0,
               "same_organisation": 0.01}
    programmes = {"discouraged": Programme(same_organisation="discouraged", weights=weights),
                  "forbidden": Programme(same_organisation="forbidden", weights=weights)}
    frame = mp.compare(programmes, cohort, encoder=ENCODER)
    matchings = {name: mp.match(cohort, p, encoder=ENCODER) for name, p in programmes.items()}
    assert frame.equals(compare_matchings(matchings))
    assert list(frame["programme"]) == ["discouraged", "forbidden"]
    first, second = frame.iloc[0], frame.iloc[1]
    assert first["pairs_in_common"] == first["pairs"] and first["change_partner"] == 0 and first["changed"] == ""
    for name, row in zip(frame["programme"], frame.itertuples(index=False)):
        m = matchings[name]
        assert validate(m, cohort, m.programme) == []
        assert (row.matched, row.pairs, row.total) == (len(m.matched_ids), len(m.pairs), m.objective)
    before = set(zip(matchings["discouraged"].pairs["mentor_id"], matchings["discouraged"].pairs["mentee_id"]))
    after = set(zip(matchings["forbidden"].pairs["mentor_id"], matchings["forbidden"].pairs["mentee_id"]))
    assert ("M1", "A1") not in after
    assert second["pairs_in_common"] == len(before & after)
    moved = {pid for pair in before ^ after for pid in pair}
    assert second["changed"] == ", ".join(pid for pid in cohort.ids if pid in moved)
    assert second["change_partner"] == len(moved) == 4  # forbidding M1-A1 moves everyone
    with pytest.raises(ValueError):
        mp.compare({}, cohort, encoder=ENCODER)


def test_compare_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    cohort = three_and_three()
    frame = mp.compare({"a": Programme(), "b": Programme(objective=("total",))}, cohort, encoder=ENCODER)
    fig = mp.compare_plot(frame, tmp_path / "cmp.png")
    assert (tmp_path / "cmp.png").stat().st_size > 0 and len(fig.axes) == 3


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def cli_encoder(monkeypatch: pytest.MonkeyPatch) -> HashEncoder:
    """The CLI's default encoder becomes the HashEncoder."""
    monkeypatch.setattr(pipeline, "default_encoder", lambda: ENCODER)
    return ENCODER


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.csv"
    synthetic_frame(16, seed=2).to_csv(path, index=False, encoding="utf-8")
    return path


def _ids(path: Path) -> tuple[mp.Matching, Cohort]:
    cohort = mp.read_csv(path)
    return mp.match(cohort, encoder=ENCODER), cohort


def test_cli_why_not_reads_a_saved_result_and_saves_the_forced_one(
    cli_encoder: HashEncoder, small_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved, forced = tmp_path / "result.json", tmp_path / "forced.json"
    assert main(["match", str(small_csv), "--save", str(saved)]) == 0
    matching, cohort = _ids(small_csv)
    facts = None
    mentee = str(matching.pairs["mentee_id"].iloc[0])
    for mentor in (pid for pid in cohort.ids if pid != mentee):
        candidate = mp.why_not_facts(matching, mentee, mentor, encoder=ENCODER)
        if candidate.allowed and not candidate.paired and candidate.after is not None:
            facts = candidate
            break
    assert facts is not None
    capsys.readouterr()
    assert main(["why-not", str(small_csv), mentee.lower(), str(facts.second), "--result", str(saved),
                 "--save", str(forced), "--language", "fi"]) == 0
    printed = capsys.readouterr().out
    assert facts.text("fi") in printed and "saved:" in printed
    reloaded = load_matching(forced)
    assert (facts.mentor_id, facts.mentee_id) in reloaded.programme.fixed_pairs
    pairs = set(zip(reloaded.pairs["mentor_id"], reloaded.pairs["mentee_id"]))
    assert (facts.mentor_id, facts.mentee_id) in pairs
    # --rules and --result together are refused by the parser itself.
    with pytest.raises(SystemExit) as info:
        main(["why-not", str(small_csv), mentee, str(facts.second), "--result", str(saved), "--rules", "x.toml"])
    assert info.value.code == 2


def test_cli_alternatives_and_an_unknown_id(
    cli_encoder: HashEncoder, small_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    matching, _ = _ids(small_csv)
    mentee = str(matching.pairs["mentee_id"].iloc[0])
    expected = mp.alternatives(matching, mentee, k=2, encoder=ENCODER)
    capsys.readouterr()
    assert main(["alternatives", str(small_csv), mentee, "--k", "2"]) == 0
    printed = capsys.readouterr().out
    for other, words in zip(expected["counterpart_id"], expected["words"]):
        assert f"[{other}] {words}" in printed
    assert main(["alternatives", str(small_csv), "no-such-person"]) == 2
    assert "no such participant" in capsys.readouterr().err


def test_cli_compare_prints_one_row_per_rules_file(
    cli_encoder: HashEncoder, small_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "forbidden.toml", tmp_path / "two.toml"
    first.write_text('same_organisation = "forbidden"\n', encoding="utf-8")
    second.write_text("max_mentees_per_mentor = 2\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["compare", str(small_csv), str(first), str(second)]) == 0
    printed = capsys.readouterr().out
    cohort = mp.read_csv(small_csv)
    frame = mp.compare({str(first): mp.cli.load_rules(first), str(second): mp.cli.load_rules(second)}, cohort,
                       encoder=ENCODER)
    for row in frame.itertuples(index=False):
        assert row.programme in printed and f"{row.total:.4f}"[:5] in printed
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_rule = 1\n", encoding="utf-8")
    assert main(["compare", str(small_csv), str(first), str(bad)]) == 2


def test_forced_solves_keep_the_programmes_own_fixed_pairs() -> None:
    cohort = three_and_three()
    programme = Programme(fixed_pairs=(("M3", "A3"),))
    matching = mp.match(cohort, programme, encoder=ENCODER)
    for row in mp.alternatives(matching, "A1", k=3, encoder=ENCODER).itertuples(index=False):
        facts = mp.why_not_facts(matching, "A1", row.counterpart_id, encoder=ENCODER)
        if facts.matching is not None and facts.matching.status.has_solution:
            pairs = set(zip(facts.matching.pairs["mentor_id"], facts.matching.pairs["mentee_id"]))
            assert ("M3", "A3") in pairs
    assert matching.programme is not None and matching.programme.fixed_pairs == (("M3", "A3"),)  # untouched
    # M3 takes one mentee, and is fixed to A3: forcing M3-A1 leaves no matching, and says which rules clash.
    facts = mp.why_not_facts(matching, "A1", "M3", encoder=ENCODER)
    assert facts.allowed and facts.status is mp.Status.INFEASIBLE and facts.after is None
    assert "fixed pair M3-A3" in facts.text("en") and "cannot all hold" in facts.text("en")
    assert "kiinnitetty pari M3–A3" in facts.text("fi")


@pytest.mark.parametrize("objective", [("coverage", "fairness", "total"), ("coverage", "total"), ("total",)])
@pytest.mark.parametrize("announced", [False, True])
def test_a_forced_pair_by_the_blossom_reaches_what_cp_sat_does(objective: tuple[str, ...], announced: bool,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Where everyone is in at most one pair, forcing a pair does not leave the blossom, nor do the pairs
    # of a previous matching kept as fixed; CP-SAT (the blossom kept out of match() here) must agree.
    cohort = mp.synthetic_cohort(30, seed=4)
    programme = Programme(objective=objective)  # type: ignore[arg-type]
    matching = mp.match(cohort, programme, encoder=ENCODER)
    if announced:
        matching = mp.match(cohort, programme, encoder=ENCODER, fixed=matching.pairs.head(4).pipe(
            lambda head: replace(matching, pairs=head)))
        assert matching.programme is not None and len(matching.programme.fixed_pairs) == 4
    held = {pid for pair in (matching.programme.fixed_pairs if matching.programme else ()) for pid in pair}
    mentee = next(str(m) for m in matching.pairs["mentee_id"] if m not in held)
    solved = 0
    for row in mp.alternatives(matching, mentee, k=3, encoder=ENCODER).itertuples(index=False):
        facts = mp.why_not_facts(matching, mentee, row.counterpart_id, encoder=ENCODER)
        assert facts.matching is not None and facts.matching.programme is not None
        forced = facts.matching.programme
        with monkeypatch.context() as patch:
            patch.setattr(pipeline, "blossom_may_fit", lambda programme: False)
            by_cp_sat = mp.match(cohort, forced, encoder=ENCODER)
        assert "blossom (rustworkx)" not in set(by_cp_sat.proof["engine"])
        if row.counterpart_id in held:  # already in an announced pair: nothing holds both
            assert facts.status is by_cp_sat.status is mp.Status.INFEASIBLE
            continue
        solved += 1
        assert facts.proven and set(facts.matching.proof["engine"]) == {"blossom (rustworkx)"}
        assert validate(facts.matching, cohort, forced) == []
        assert by_cp_sat.status is mp.Status.OPTIMAL
        assert facts.matching.stage_values == pytest.approx(by_cp_sat.stage_values)
    assert solved
