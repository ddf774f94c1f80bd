"""Programmes that run every year (issue 20): earlier rounds' pairs forbidden, avoided or preferred.

``Programme(history=..., repeat="forbid"|"avoid"|"prefer", cooldown=N)``: the history is read
from saved matchings or a table (mentorpair/model/history.py); under "forbid" every pair of a
round that counts is a hard rule (scoring, the validator, the words), under "avoid"/"prefer"
a named score part of -1/+1. On small generated cohorts the solver's optimum equals brute force
(tests/brute_force.py takes the validator's pair rules, which read the history on their own,
and the table's scores).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from brute_force import solved_as_brute_force_says
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases

import mentorpair as mp
from mentorpair import Cohort, Programme, Role, pipeline
from mentorpair import Participant as P
from mentorpair.cli import main
from mentorpair.exceptions import ValidationError
from mentorpair.model.history import in_force, past_pairs
from mentorpair.result.diff import matching_diff
from mentorpair.result.matching import MatchingRecord
from mentorpair.result.persist import load_matching, programme_sha256
from mentorpair.synthetic.generator import synthetic_frame
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()


def _pairs(m: mp.Matching) -> set[frozenset[str]]:
    return {frozenset((str(a), str(b))) for a, b in zip(m.pairs["mentor_id"], m.pairs["mentee_id"])}


@st.composite
def _with_history(draw: st.DrawFn) -> tuple[Cohort, Programme]:
    cohort, programme = draw(cases(max_size=6))
    ids = list(cohort.ids) + ["GONE"]  # someone of an earlier round who left
    if len(ids) < 2:
        return cohort, programme
    triples = []
    for _ in range(draw(st.integers(0, 5))):
        a = draw(st.sampled_from(ids))
        b = draw(st.sampled_from([i for i in ids if i != a]))
        triples.append((a, b, draw(st.sampled_from([2023, 2024, 2025]))))
    return cohort, replace(programme, history=tuple(triples), cooldown=draw(st.sampled_from([None, 1, 2])),
                           repeat=draw(st.sampled_from(["forbid", "forbid", "avoid", "prefer"])))


@given(case=_with_history())
def test_no_pair_of_a_counted_round_is_made_again_and_the_optimum_is_brute_forces(
        case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    matching = solved_as_brute_force_says(cohort, programme, ENCODER)
    if matching.status is mp.Status.INFEASIBLE:
        return
    if programme.repeat == "forbid":
        assert not _pairs(matching) & set(programme.past_pairs)
    else:
        # The named part: -1 (avoid) or +1 (prefer) before weighting, exactly on the pairs made before.
        sign = -1 if programme.repeat == "avoid" else 1
        weight = programme.score_weights.repeat
        for row in matching.pairs.itertuples(index=False):
            before = frozenset((row.mentor_id, row.mentee_id)) in programme.past_pairs
            assert row.repeat == pytest.approx(sign * weight if before else 0.0)



def test_history_is_read_from_matchings_tables_and_triples() -> None:
    cohort = mp.synthetic_cohort(30, seed=3)
    first = mp.match(cohort, encoder=ENCODER)
    second = mp.match(cohort, Programme(history={2024: first}), encoder=ENCODER)
    assert not _pairs(first) & _pairs(second)
    as_list = Programme(history=[first, second])  # oldest first: rounds 1 and 2
    assert {r for _, _, r in as_list.history} == {1, 2}
    table = pd.concat([first.pairs.assign(year=2024), second.pairs.assign(year=2025)])
    from_table = Programme(history=table[["mentor_id", "mentee_id", "year"]])
    assert from_table.history == Programme(history={2024: first, 2025: second}).history
    assert Programme(history=list(map(list, from_table.history))).history == from_table.history  # as TOML gives it
    # The rounds that count: the last one only.
    latest = Programme(history={2024: first, 2025: second}, cooldown=1)
    assert set(latest.past_pairs) == _pairs(second)
    assert set(Programme(history={2024: first, 2025: second}).past_pairs) == _pairs(first) | _pairs(second)
    third = mp.match(cohort, latest, encoder=ENCODER)
    assert not _pairs(third) & _pairs(second) and _pairs(third) & _pairs(first)


def test_co_members_of_a_group_count_as_paired() -> None:
    frame = pd.DataFrame({"group_id": ["G1", "G1", "G1"], "kind": ["group"] * 3, "mentor_id": ["M1"] * 3,
                          "mentee_id": ["A1", "A2", "A3"]})
    triples = past_pairs({2025: frame})
    assert ("A1", "A2", 2025) in triples and ("A2", "A3", 2025) in triples and ("M1", "A3", 2025) in triples
    assert len(triples) == 6
    assert in_force(triples, None)[frozenset(("A1", "A3"))] == 2025


def test_every_problem_in_a_history_is_named_at_once() -> None:
    bad = pd.DataFrame({"mentor_id": ["M1", "", "M3"], "mentee_id": ["A1", "A2", "A3"], "round": [1, 2, "x"]})
    with pytest.raises(ValidationError) as caught:
        Programme(history=bad, cooldown=0)
    problems = caught.value.problems
    assert {(p.field, p.row) for p in problems if p.row} == {("history", 2), ("history", 3)}
    assert any(p.field == "cooldown" for p in problems)
    with pytest.raises(ValidationError, match="no round"):
        Programme(history=bad[["mentor_id", "mentee_id"]])
    with pytest.raises(ValidationError, match="needs mentor_id and mentee_id"):
        Programme(history={2024: pd.DataFrame({"a": [1]})})
    with pytest.raises(ValidationError, match="must be one of"):
        Programme(repeat="never")  # type: ignore[arg-type]


def _two_and_two() -> Cohort:
    return Cohort((P("M1", Role.MENTOR, offers="python data"), P("M2", Role.MENTOR, offers="leadership"),
                   P("A1", Role.MENTEE, goals="python data"), P("A2", Role.MENTEE, goals="leadership")))


def test_the_words_say_when_they_were_paired() -> None:
    cohort = _two_and_two()
    rules = Programme(history=(("M1", "A1", 2025),))
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert frozenset(("M1", "A1")) not in _pairs(matching)
    assert mp.why_not(matching, "A1", "M1", encoder=ENCODER) == (
        "A1 and M1 cannot be paired: paired in round 2025, which the programme rules out.")
    assert "kierroksella 2025" in mp.why_not(matching, "A1", "M1", encoder=ENCODER, language="fi")
    # With nobody else to pair A1 with, the reason for leaving A1 out names the earlier round.
    alone = mp.match(cohort, replace(rules, history=(("M1", "A1", 2025), ("M2", "A1", 2024))), encoder=ENCODER)
    reason = alone.unmatched_in("en").set_index("participant_id").loc["A1", "reason"]
    assert "paired in an earlier round" in reason
    # The validator finds a repeat on its own, in a matching made without the history.
    plain = mp.match(cohort, encoder=ENCODER)
    assert any("paired in round 2025" in problem for problem in validate(plain, cohort, rules))


def test_saved_with_a_matching_and_older_files_still_verify(tmp_path: Path) -> None:
    cohort = _two_and_two()
    rules = Programme(history=(("M1", "A1", 2025),), cooldown=3)
    matching = mp.match(cohort, rules, encoder=ENCODER)
    mp.save_matching(matching, tmp_path / "m.json")
    assert load_matching(tmp_path / "m.json").programme == rules
    # No history behaves as before the rule existed: the rules hash as they did (the values were
    # computed by the code before history and the repeat weight existed), so earlier files verify.
    assert programme_sha256(Programme()) == "09ba7a91f7567f7b1d9dc30fc1e77786572897fa360c9aa2d1dd77a0f06fee05"
    assert programme_sha256(Programme(same_organisation="forbidden", max_mentees_per_mentor=2, weights={"wish": 0.5})
                            ) == "54cfd7a30d4ee06e4cb17b14702df7746a92e4c101136e4775507e398cf0d93e"


@pytest.mark.parametrize("repeat", ["avoid", "prefer"])
def test_avoid_and_prefer_are_a_named_part_and_say_when(repeat: str) -> None:
    cohort = _two_and_two()
    plain = mp.match(cohort, encoder=ENCODER)
    made = sorted(_pairs(plain), key=sorted)[0]
    a, b = sorted(made)
    rules = Programme(history=((a, b, 2025),), repeat=repeat)  # type: ignore[arg-type]
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert validate(matching, cohort, rules) == []
    row = matching.pairs[[frozenset((x, y)) == made for x, y in zip(matching.pairs.mentor_id, matching.pairs.mentee_id)]]
    if repeat == "prefer":
        assert len(row) == 1 and row.iloc[0]["repeat"] == pytest.approx(0.30)
        text = matching.explain(a)
        assert "paired before 0.30: paired in round 2025 too, which the programme prefers" in text
        assert "kierroksella 2025" in matching.explain(a, language="fi")
        assert "You were paired in round 2025 too." in matching.explain(a, audience="participant")
    elif len(row):
        assert row.iloc[0]["repeat"] == pytest.approx(-0.30)
        assert "which the programme avoids" in matching.explain(a)
    # A programme without history shows no such line.
    assert "paired before" not in plain.explain(a)
    noted = [line for line in matching.summary().splitlines() if "of an earlier round again" in line]
    assert noted == ([f"note: 1 pair of an earlier round again (repeat={repeat!r}): {row.iloc[0]['mentor_id']}-"
                      f"{row.iloc[0]['mentee_id']}"] if len(row) else [])
    assert matching.pairs_of_earlier_rounds() == ([] if not len(row) else
                                                  [(row.iloc[0]["mentor_id"], row.iloc[0]["mentee_id"])])


def test_cli_match_takes_earlier_rounds(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "default_encoder", lambda: ENCODER)
    signups = tmp_path / "cohort.csv"
    synthetic_frame(20, seed=2).to_csv(signups, index=False, encoding="utf-8")
    first, second = tmp_path / "2025.json", tmp_path / "2026.json"
    assert main(["match", str(signups), "--save", str(first)]) == 0
    assert main(["match", str(signups), "--history", f"2025={first}", "--save", str(second)]) == 0
    last, now = load_matching(first), load_matching(second)
    assert not _pairs(last) & _pairs(now)  # type: ignore[arg-type]
    assert {r for _, _, r in now.programme.history} == {2025}
    capsys.readouterr()
    assert main(["match", str(signups), "--history", "last=x.json", "--history", f"2025={tmp_path / 'none.json'}"]) == 2
    err = capsys.readouterr().err
    assert "must be ROUND=FILE" in err and "none.json" in err and "file not found" in err


def test_odd_rounds_and_self_pairs() -> None:
    assert past_pairs({np.int64(2024): pd.DataFrame({"mentor_id": ["M1"], "mentee_id": ["A1"]})}) == (
        ("M1", "A1", 2024),)
    assert past_pairs([("M1", "A1", np.int64(2025)), ["M2", "A2", "2024"], ("M3", "A3", 2023.0)]) == (
        ("M3", "A3", 2023), ("M2", "A2", 2024), ("M1", "A1", 2025))
    with pytest.raises(ValidationError) as caught:
        past_pairs([("M1", "M1", 2025), ("M2", "A2", "²"), ("M3", "A3", "--5")])
    assert [p.field for p in caught.value.problems] == ["history[0]", "history[1]", "history[2]"]
    with pytest.raises(ValidationError, match="two different ids"):
        past_pairs({2025: pd.DataFrame({"mentor_id": ["M1"], "mentee_id": ["M1"]})})


def test_a_peer_pair_that_became_a_mentors_pair_is_kept_only_in_its_announced_direction() -> None:
    def record(kind: str, a: str, b: str) -> MatchingRecord:
        pairs = pd.DataFrame({"group_id": ["G1"], "kind": [kind], "mentor_id": [a], "mentee_id": [b], "score": [0.5]})
        unmatched = pd.DataFrame({"participant_id": [], "role": [], "reason": []})
        return MatchingRecord(pairs, unmatched, mp.Status.OPTIMAL, 0.5, 0.5, 0.0, (), (), "x", None)

    assert list(matching_diff(record("peer", "P1", "P2"), record("traditional", "P1", "P2"))["change"]) == ["kept"]
    assert sorted(matching_diff(record("peer", "P1", "P2"), record("traditional", "P2", "P1"))["change"]) == [
        "broken", "new"]
    assert list(matching_diff(record("traditional", "P2", "P1"), record("peer", "P1", "P2"))["change"]) == ["kept"]


def test_the_validator_re_derives_the_repeat_part_from_the_history() -> None:
    cohort = _two_and_two()
    plain = mp.match(cohort, encoder=ENCODER)
    made = sorted(_pairs(plain), key=sorted)[0]
    a, b = sorted(made)
    rules = Programme(history=((a, b, 2025),), repeat="prefer")
    matching = mp.match(cohort, rules, encoder=ENCODER)
    assert validate(matching, cohort, rules) == []
    pairs = matching.pairs.copy()
    on = [frozenset((x, y)) == made for x, y in zip(pairs.mentor_id, pairs.mentee_id)]
    assert any(on)
    # The part moved to another component: the score still adds up, but the repeat part is wrong.
    pairs.loc[on, "goal_text"] += pairs.loc[on, "repeat"]
    pairs.loc[on, "repeat"] = 0.0
    problems = validate(replace(matching, pairs=pairs), cohort, rules)
    assert len(problems) == 1 and "repeat part is 0.0 but should be 0.3 (paired in round 2025" in problems[0]
    # A repeat part on a pair never made before is caught too (the history the solve had is the truth).
    others = matching.pairs.copy()
    off = [not x for x in on]
    others.loc[off, "repeat"] = 0.3
    others.loc[off, "score"] += 0.3
    assert any("not paired in a round that counts" in p for p in validate(replace(matching, pairs=others), cohort, rules))
    # An older round that a cooldown leaves out gives no part: the same matching is wrong for it.
    older = replace(rules, history=((a, b, 2023), ("GONE", "LEFT", 2025)), cooldown=1)
    assert any("repeat part is 0.3 but should be 0 (not paired in a round that counts)" in p
               for p in validate(matching, cohort, older))


def test_long_pair_lists_are_counted_in_the_repr_and_cut_in_the_rules_table() -> None:
    history = tuple((f"M{i}", f"E{i}", 2024 + i % 2) for i in range(300))
    rules = Programme(history=history, repeat="avoid", keep_pairs=tuple((f"M{i}", f"E{i}") for i in range(9)),
                      exclusions=(("M1", "E2"),))
    assert repr(rules) == ("Programme(exclusions=(('M1', 'E2'),), keep_pairs=<9 pairs>, "
                           "history=<300 pairs of rounds 2024–2025>, repeat='avoid')")
    assert repr(Programme(history=history[:1])) == "Programme(history=(('M0', 'E0', 2024),))"
    html = rules._repr_html_()
    assert "M0–E0 (2024)" in html and "and 290 more" in html and "M299" not in html


def test_someone_avoidance_leaves_out_is_told_why() -> None:
    cohort = Cohort((P("M1", Role.MENTOR, offers="python"), P("A1", Role.MENTEE, goals="python"),
                     P("A2", Role.MENTEE, goals="python")))
    avoid = Programme(history=(("M1", "A1", 2025),), repeat="avoid")
    matching = mp.match(cohort, avoid, encoder=ENCODER)
    assert _pairs(matching) == {frozenset(("M1", "A2"))}
    reason = matching.unmatched.set_index("participant_id")["reason"]["A1"]
    assert reason.endswith("; paired in an earlier round with M1 (2025), which the programme avoids "
                           "(repeat='avoid'), so those pairs scored lower")
    fi = matching.unmatched_in("fi").set_index("participant_id")["reason"]["A1"]
    assert "aiemmalla kierroksella pari: M1 (2025)" in fi
    # Another rule says nothing of it; nor does the participant's own text, which names nobody.
    plain = mp.match(cohort, Programme(), encoder=ENCODER)
    assert all("earlier round" not in r for r in plain.unmatched["reason"])
    own = matching.unmatched_in("en", audience="participant").set_index("participant_id")["reason"]["A1"]
    assert "M1" not in own and "earlier round" not in own
